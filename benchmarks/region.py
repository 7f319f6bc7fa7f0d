"""The region benchmark (issue #21 part 5): the head office's PostgreSQL with a region of
halls, each figure next to its floor on the same server, medians of paired rounds.

    python -m benchmarks.region --pg-url postgresql://postgres@host/region_bench \
        [--halls 20 --tickets 5000000] [--write docs/benchmarks.md]

The database at ``--pg-url`` must exist; when it holds no region yet, one is generated
into it (``benchmarks.region_data``) and reused by later runs (a region of another size is
refused). The month package is real: a demo hall (``services.demo.fill``, 2,000 tickets
over six weeks, with their events) on a SQLite file under ``--data``, exported by
``services.package.export`` and read in by ``services.package.receive``, as a hall new to
the region (its first package; the region's halls stay as they are). Between rounds the
imported hall's rows are deleted (not timed).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks.run import Row, machine, median_ms, paired_ms, table

BEGIN, END = "<!-- region: written by benchmarks/region.py -->", "<!-- /region -->"
MONTH_TICKETS = 2_000
#: the head office's tables an import writes, each with its hall column
IMPORTED = (("ho_chain_row", "hall_id"), ("ho_group", "hall_id"), ("ho_ticket", "hall_id"),
            ("ho_package", "hall_id"), ("ho_hall", "hall_id"))


def head_office_actor():
    from hall_desk.core.enums import Role
    from hall_desk.services.context import Actor

    return Actor(1, "总部督办", Role.HEAD_OFFICE, "HO", "ho")


def importer_actor():
    """Who reads the month package in (``import_package``)."""
    from hall_desk.core.enums import Role
    from hall_desk.services.context import Actor

    return Actor(1, "总部管理员", Role.HEAD_OFFICE, "HO", "ho")


def ensure_region(url: str, halls: int, tickets: int) -> dict[str, int]:
    """The region in the database at ``url``: generated when it is empty, else checked to
    be the size asked for. Returns the table counts."""
    import psycopg2

    conn = psycopg2.connect(url)
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT to_regclass('ho_ticket') IS NOT NULL")
            exists = cursor.fetchone()[0]
            found = (0, 0)
            if exists:
                cursor.execute("SELECT (SELECT COUNT(*) FROM ho_hall), "
                               "(SELECT COUNT(*) FROM ho_ticket)")
                found = cursor.fetchone()
    finally:
        conn.close()
    if found == (0, 0):
        from benchmarks.region_data import generate_region

        got = generate_region(url, halls, tickets)
        print(f"generated {got['halls']} halls, {got['tickets']} tickets, {got['events']} "
              f"events in {got['seconds']:.0f} s (COPY {got['copy_seconds']:.0f} s, indexes "
              f"{got['index_seconds']:.0f} s)", file=sys.stderr)
    elif found != (halls, tickets):
        raise SystemExit(f"{url.rsplit('@', 1)[-1]} holds {found[0]} halls and {found[1]} "
                         f"tickets, not {halls} and {tickets}: use another database")
    return table_counts(url)


def table_counts(url: str) -> dict[str, int]:
    import psycopg2

    conn = psycopg2.connect(url)
    try:
        with conn.cursor() as cursor:
            out = {}
            for name in ("ho_hall", "ho_package", "ho_ticket", "ho_group", "ho_chain_row"):
                cursor.execute(f"SELECT COUNT(*) FROM {name}")
                out[name] = cursor.fetchone()[0]
            return out
    finally:
        conn.close()


def month_package(data: Path, tickets: int = MONTH_TICKETS) -> Path:
    """A demo hall's first package (made once under ``data``, reused)."""
    from hall_desk.core.enums import Role
    from hall_desk.services import demo, package
    from hall_desk.services.context import Actor
    from hall_desk.store.connection import close_database, open_database
    from hall_desk.store.models import Staff

    folder = data / f"month-{tickets}"
    found = sorted(folder.glob("*.hdpkg"))
    if found:
        return found[0]
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "hall.sqlite3"
    db.unlink(missing_ok=True)
    started = time.perf_counter()
    open_database(path=db)
    try:
        demo.fill(tickets)
        admin = Staff.get(Staff.login == demo.DEMO_STAFF[0][0])
        made = package.export(Actor(admin.id, admin.name, Role(admin.role), demo.DEMO_COUNTER,
                                    admin.login), folder)
    finally:
        close_database()
    print(f"month package: {made.counts} in {time.perf_counter() - started:.0f} s",
          file=sys.stderr)
    return made.path


class Imported:
    """One hall's rows in the head office: forgotten and written back raw (the floor)."""

    def __init__(self, url: str, hall_id: str) -> None:
        import psycopg2

        self.hall_id = hall_id
        self.conn = psycopg2.connect(url)
        self.saved: dict[str, tuple[list[str], bytes]] = {}

    def delete(self) -> None:
        with self.conn, self.conn.cursor() as cursor:
            for name, column in IMPORTED:
                cursor.execute(f"DELETE FROM {name} WHERE {column} = %s", (self.hall_id,))

    def save(self) -> dict[str, int]:
        """Keep the imported rows (every column but the serial id) as COPY text."""
        counts = {}
        with self.conn, self.conn.cursor() as cursor:
            for name, column in IMPORTED:
                cursor.execute("SELECT column_name FROM information_schema.columns WHERE "
                               "table_name = %s AND column_default IS DISTINCT FROM "
                               "'nextval(''' || table_name || '_id_seq''::regclass)' "
                               "ORDER BY ordinal_position", (name,))
                columns = [c for (c,) in cursor.fetchall()]
                out = io.BytesIO()
                cursor.copy_expert(f"COPY (SELECT {', '.join(columns)} FROM {name} WHERE "
                                   f"{column} = '{self.hall_id}') TO STDOUT", out)
                self.saved[name] = (columns, out.getvalue())
                counts[name] = out.getvalue().count(b"\n")
        return counts

    def copy_back(self) -> None:
        """The floor: the same rows COPY'd into the same tables, one transaction."""
        with self.conn, self.conn.cursor() as cursor:
            for name, _column in reversed(IMPORTED):          # the hall first
                columns, text = self.saved[name]
                cursor.copy_expert(f"COPY {name} ({', '.join(columns)}) FROM STDIN",
                                   io.BytesIO(text))

    def close(self) -> None:
        self.conn.close()


def measure(url: str, package_path: Path, repeats: int, import_repeats: int) -> tuple[
        list[Row], dict[str, Any]]:
    """Every figure of the region; also what the checks need (counts after the import,
    after the re-import)."""
    import psycopg2

    from hall_desk.core import package as fmt
    from hall_desk.services import package
    from hall_desk.store.headoffice import close_headoffice, open_headoffice

    facts: dict[str, Any] = {}
    importer = importer_actor()
    hall_id = fmt.decode(package_path.read_bytes()).hall_id
    size = f"{package_path.stat().st_size / 1e6:.1f} MB"
    open_headoffice(url=url)
    raw = psycopg2.connect(url)
    raw.autocommit = True
    cursor = raw.cursor()
    imported = Imported(url, hall_id)
    rows: list[Row] = []
    try:
        imported.delete()
        facts["before"] = table_counts(url)
        got = package.receive(importer, package_path)
        facts["received"] = got
        facts["after"] = table_counts(url)
        counts = imported.save()
        facts["rows"] = counts
        imported.delete()
        imported.copy_back()                             # warm both
        imported.delete()
        samples: tuple[list[float], list[float]] = ([], [])
        for _ in range(import_repeats):
            start = time.perf_counter()
            package.receive(importer, package_path)
            samples[0].append((time.perf_counter() - start) * 1000)
            imported.delete()
            start = time.perf_counter()
            imported.copy_back()
            samples[1].append((time.perf_counter() - start) * 1000)
            imported.delete()
        import statistics as st

        lines = sum(got.counts.values())
        rows.append(Row(f"import one hall's month package ({lines} lines, {size})",
                        "≤ 10 s and ≤ 5× floor", st.median(samples[0]), st.median(samples[1]),
                        note=f"floor: COPY of the same {sum(counts.values())} rows into the "
                             "same tables, one transaction"))
        package.receive(importer, package_path)
        data = package_path.read_bytes()

        def floor_again() -> None:
            hashlib.sha256(Path(package_path).read_bytes()).hexdigest()
            cursor.execute("SELECT sha256 FROM ho_package WHERE hall_id = %s AND sequence = 1",
                           (hall_id,))
            cursor.fetchone()

        again, floor = paired_ms(lambda: package.receive(importer, package_path), floor_again,
                                 max(3, repeats // 3))
        facts["again"] = package.receive(importer, package_path)
        facts["after_again"] = table_counts(url)
        rows.append(Row("re-import of the same package (nothing changes)", "≤ 1 s", again,
                        floor, note=f"floor: read the file ({len(data) / 1e6:.1f} MB), SHA-256 "
                                    "it, one SELECT of the package"))
        rows += query_rows(cursor, repeats)
    finally:
        imported.delete()
        imported.close()
        raw.close()
        close_headoffice()
    return rows, facts


def query_rows(cursor, repeats: int) -> list[Row]:
    """The queue's first page, a ticket's history and the ticket opened, the region's year
    of statistics, each against its raw SQL."""
    from hall_desk.core import headoffice as rules
    from hall_desk.services import headoffice

    actor = head_office_actor()
    rows = []
    f = rules.RegionFilter()
    sql, params = headoffice.page_query(f).sql()
    service, floor = paired_ms(lambda: headoffice.page(actor, f),
                               lambda: (cursor.execute(sql, params), cursor.fetchall()), repeats)
    rows.append(Row("region's queue, first page (open, by limit, 200 rows)", "≤ 50 ms",
                    service, floor, note="floor: the same SELECT in raw psycopg2"))
    cursor.execute("SELECT id, hall_id, ticket_id FROM ho_ticket WHERE id >= "
                   "(SELECT MAX(id) / 2 FROM ho_ticket) ORDER BY id LIMIT 1")
    key, hall, ticket_id = cursor.fetchone()
    raw_history = ("SELECT data FROM ho_chain_row WHERE hall_id = %s AND ticket = %s AND "
                   "chain = 'ticket_event' ORDER BY row_id")
    service, floor = paired_ms(
        lambda: headoffice.history(hall, ticket_id),
        lambda: (cursor.execute(raw_history, (hall, ticket_id)), cursor.fetchall()), repeats)
    events = len(headoffice.history(hall, ticket_id))
    rows.append(Row(f"a ticket's history ({events} events)", "—", service, floor,
                    note="floor: its raw SELECT"))
    service = median_ms(lambda: headoffice.ticket(actor, key), repeats)
    rows.append(Row("a ticket opened (index row, carried row, history, repeats)", "≤ 50 ms",
                    service, floor, note="floor: the history's raw SELECT"))
    cursor.execute("SELECT MAX(received_at) FROM ho_ticket")
    end = cursor.fetchone()[0] + timedelta(seconds=1)
    start = end - timedelta(days=365)
    raw_stats = ("SELECT hall_id, COUNT(*) FROM ho_ticket WHERE received_at >= %s AND "
                 "received_at < %s GROUP BY hall_id")
    stats_repeats = max(3, repeats // 4)
    service, floor = paired_ms(
        lambda: headoffice.statistics(actor, start, end),
        lambda: (cursor.execute(raw_stats, (start, end)), cursor.fetchall()), stats_repeats)
    cursor.execute("SELECT COUNT(*) FROM ho_ticket WHERE received_at >= %s AND received_at < %s",
                   (start, end))
    counted = cursor.fetchone()[0]
    rows.append(Row(f"region's statistics for a year ({counted:,} tickets, per hall)", "≤ 2 s",
                    service, floor, note="the on-time table; floor: one raw GROUP BY hall "
                                         "over the year"))
    return rows


def write_section(path: Path, text: str) -> None:
    """Put the region's section into the Markdown file, replacing only its own."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if BEGIN in old and END in old:
        new = old[:old.index(BEGIN)] + text + old[old.index(END) + len(END):]
    else:
        new = old.rstrip("\n") + "\n\n## The region on PostgreSQL (issue #21)\n\n" + text + "\n"
    path.write_text(new, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg-url", required=True, help="the region's database (must exist)")
    parser.add_argument("--halls", type=int, default=20)
    parser.add_argument("--tickets", type=int, default=5_000_000)
    parser.add_argument("--month-tickets", type=int, default=MONTH_TICKETS)
    parser.add_argument("--repeats", type=int, default=21)
    parser.add_argument("--import-repeats", type=int, default=5)
    parser.add_argument("--data", type=Path,
                        default=Path(tempfile.gettempdir()) / "hall-desk-bench" / "region")
    parser.add_argument("--write", type=Path, help="also write the section into this file")
    args = parser.parse_args(argv)
    counts = ensure_region(args.pg_url, args.halls, args.tickets)
    path = month_package(args.data, args.month_tickets)
    rows, _facts = measure(args.pg_url, path, args.repeats, args.import_repeats)
    report = table(rows)
    print(report)
    if args.write:
        command = (f"python -m benchmarks.region --pg-url URL --halls {args.halls} "
                   f"--tickets {args.tickets}")
        write_section(args.write, (
            f"{BEGIN}\nLatest run: {datetime.now():%Y-%m-%d %H:%M}, on {machine()}; "
            f"PostgreSQL on the same machine. Region: {counts['ho_hall']} halls, "
            f"{counts['ho_ticket']:,} tickets, {counts['ho_chain_row']:,} events.\n\n"
            f"Command: `{command}`.\n\n{report}\n{END}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
