"""The benchmark suite: medians over repeated runs, each next to the floor of the same stack
measured in the same run; the ratio is the figure. Prints a Markdown table.

    python -m benchmarks.run                       # full: 100k and 1M ticket databases
    python -m benchmarks.run --quick               # small data, few repeats (CI keeps it working)
    python -m benchmarks.run --write docs/benchmarks.md
    python -m benchmarks.run --only register --only startup   # some parts, printed only

Databases are generated once into --data (default /tmp/hall-desk-bench) and reused.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
BEGIN, END = "<!-- results: written by benchmarks/run.py -->", "<!-- /results -->"


@dataclass
class Row:
    what: str
    goal: str
    value: float               # median, ms (or MB for memory)
    floor: float | None
    unit: str = "ms"
    note: str = ""

    @property
    def ratio(self) -> str:
        return f"{self.value / self.floor:.2f}×" if self.floor else "—"


def median_ms(fn: Callable[[], object], repeats: int, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def paired_ms(measured: Callable[[], object], floor: Callable[[], object],
              repeats: int) -> tuple[float, float]:
    """Medians of two functions timed in turn, one sample of each per round, so a busy
    moment of the machine weighs on the measured code and on its floor alike."""
    measured(), floor()
    samples: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeats):
        for fn, out in ((measured, samples[0]), (floor, samples[1])):
            start = time.perf_counter()
            fn()
            out.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples[0]), statistics.median(samples[1])


def ensure_db(data: Path, n: int) -> Path:
    path = data / f"tickets-{n}.sqlite3"
    if not path.exists():
        from benchmarks.generate import generate

        # generated under another name and renamed when complete: a run stopped halfway
        # leaves no file that a later run would take for the whole database
        partial = path.with_name(path.name + ".partial")
        for leftover in data.glob(partial.name + "*"):
            leftover.unlink()
        data.mkdir(parents=True, exist_ok=True)
        seconds = generate(partial, n)         # closes the database when done
        os.replace(partial, path)
        print(f"generated {n} tickets in {seconds:.0f} s", file=sys.stderr)
    return path


def child_env() -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    env.setdefault("HALL_DESK_CONFIG", str(Path(tempfile.gettempdir()) / "hall-desk-bench.toml"))
    # Both children run from bytecode, as an installed program does (the bundle carries its
    # .pyc files): a development shell that sets PYTHONDONTWRITEBYTECODE would otherwise
    # make every start compile the project's modules again. The cache lives outside the tree.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "hall-desk-bench-pycache")
    return env


def run_child(args: list[str]) -> tuple[float, int, float]:
    """(ms from process start to the child's 'painted' line, its RSS in kB then, its main
    thread's CPU ms then, or 0 if it does not say)."""
    start = time.perf_counter()
    out = subprocess.run([sys.executable, *args], capture_output=True, text=True, env=child_env(),
                         cwd=ROOT, timeout=300)
    elapsed = (time.perf_counter() - start) * 1000
    line = next((l for l in out.stdout.splitlines() if l.startswith(("painted", "pdf"))), None)
    if line is None:
        raise RuntimeError(f"{args}: no result\n{out.stderr[-2000:]}")
    words = line.split()
    return elapsed, int(words[1]), float(words[2]) if len(words) > 2 else 0.0


def queue_query(db: Path) -> str:
    """The SQL and parameters of the queue's first page as the app's clerk opens it, as
    JSON for the stack child."""
    import json

    from hall_desk.core.enums import Role
    from hall_desk.services import queue
    from hall_desk.services.context import Actor
    from hall_desk.store.connection import close_database, open_database

    open_database(path=db)
    try:
        clerk = Actor(4, "刘洋", Role.COUNTER, "A1", "liuyang")
        sql, params = queue.page_query(queue.QueueFilter(), clerk).sql()
    finally:
        close_database()
    return json.dumps([sql, params], ensure_ascii=False)


def startup_rows(db: Path, repeats: int) -> list[Row]:
    floor_args = ["-m", "benchmarks.startup", "floor"]
    stack_args = ["-m", "benchmarks.startup", "stack", "--db", str(db),
                  "--query", queue_query(db)]
    app_args = ["-m", "benchmarks.startup", "app", "--db", str(db)]
    runs: dict[str, list[float]] = {"floor": [], "stack": [], "app": []}
    cpu: dict[str, list[float]] = {"stack": [], "app": []}
    for args in (floor_args, stack_args, app_args):
        run_child(args)                             # warm: bytecode written, files cached
    for _ in range(repeats):        # interleaved, so a busier minute weighs on all alike
        for name, args in (("floor", floor_args), ("stack", stack_args), ("app", app_args)):
            elapsed, _, used = run_child(args)
            runs[name].append(elapsed)
            if name in cpu:
                cpu[name].append(used)
    app, floor, stack = (statistics.median(runs[k]) for k in ("app", "floor", "stack"))
    return [Row(f"start to first painted main window, queue shown ({db.stem})", "≤ 1.5× floor",
                app, floor, note="floor: empty QMainWindow with a QTableView"),
            Row("start-up against the stack's floor", "—", app, stack,
                note="floor: the same window plus peewee, the database opened and the "
                     "queue's first page shown in a QStandardItemModel"),
            Row("the same, the main thread's CPU time to the first paint", "—",
                statistics.median(cpu["app"]), statistics.median(cpu["stack"]),
                note="less disturbed than the clock by other work on a busy machine")]


def memory_row(db: Path, repeats: int = 3) -> Row:
    """RSS at the first paint, the median of ``repeats`` starts after one left out: the first
    app start on a file that an older version wrote re-judges its open tickets under the
    policy in force (``deadlines.ensure_judged``, once per policy change), which takes about
    30 MB more at that moment (docs/benchmarks.md)."""
    app_args = ["-m", "benchmarks.startup", "app", "--db", str(db)]
    run_child(app_args)
    floor = statistics.median(run_child(["-m", "benchmarks.startup", "floor"])[1]
                              for _ in range(repeats))
    app = statistics.median(run_child(app_args)[1] for _ in range(repeats))
    return Row(f"memory with the queue open ({db.stem})", "≤ 250 MB RSS", app / 1024,
               floor / 1024, unit="MB", note=f"RSS at the first paint, median of {repeats} "
                                              "starts after a first one; floor: empty QMainWindow")


def store_rows(db: Path, repeats: int) -> list[Row]:
    from peewee import fn

    from hall_desk.core.enums import Role
    from hall_desk.services import queue
    from hall_desk.services.context import Actor
    from hall_desk.store.connection import close_database, open_database
    from hall_desk.store.models import Ticket

    database = open_database(path=db)
    clerk = Actor(4, "刘洋", Role.COUNTER, "A1", "liuyang")
    raw = sqlite3.connect(str(db))
    rows = []
    # first page: open tickets by status, earliest deadline first
    f = queue.QueueFilter()
    sql, params = queue.page_query(f, clerk).sql()       # the app's page size
    service, floor = paired_ms(lambda: queue.page(f, clerk),
                               lambda: raw.execute(sql, params).fetchall(), repeats)
    rows.append(Row(f"queue first page, open by deadline ({db.stem})", "≤ 50 ms and ≤ 3× floor",
                    service, floor, note="floor: the same SELECT in raw sqlite3"))
    sample = Ticket.select(Ticket.phone_key, Ticket.number).where(
        Ticket.id == (Ticket.select(fn.MAX(Ticket.id)).scalar() // 2)).tuples().get()
    phone, number = sample
    every = queue.QueueFilter(statuses=[], search=phone)
    service, floor = paired_ms(
        lambda: queue.page(every, clerk),
        lambda: raw.execute("SELECT id FROM ticket WHERE phone_key = ?", (phone,)).fetchall(),
        repeats)
    rows.append(Row(f"search by phone ({db.stem})", "≤ 20 ms", service, floor,
                    note="floor: raw indexed SELECT"))
    by_number = queue.QueueFilter(statuses=[], search=number)
    service, floor = paired_ms(
        lambda: queue.page(by_number, clerk),
        lambda: raw.execute("SELECT id FROM ticket WHERE number = ?", (number,)).fetchall(),
        repeats)
    rows.append(Row(f"search by ticket number ({db.stem})", "≤ 20 ms", service, floor,
                    note="floor: raw indexed SELECT"))
    tail = number[-7:]                                   # counter and sequence: B1-0001
    for label, text in ((f"search by number tail {tail}", tail),
                        ("search by last four of phone", phone[-4:])):
        found = queue.QueueFilter(statuses=[], search=text)
        tail_sql, tail_params = queue.page_query(found, clerk).sql()
        service, floor = paired_ms(lambda: queue.page(found, clerk),
                                   lambda: raw.execute(tail_sql, tail_params).fetchall(), repeats)
        rows.append(Row(f"{label} ({db.stem})", "≤ 20 ms", service, floor,
                        note="floor: the same SELECT in raw sqlite3"))
    from hall_desk.services import statistics as stats

    boss = Actor(2, "王丽", Role.SUPERVISOR, "A1", "wangli")
    for days, label in ((30, "a month"), (365, "a year")):
        end = datetime.now().date()
        start = end.fromordinal(end.toordinal() - days)
        f_stats = stats.filter_of(start, end)
        service = median_ms(lambda: stats.overview(boss, f_stats), 3 if days > 31 else
                            max(3, repeats // 3), warmup=0 if days > 31 else 1)
        bounds = (f"{start} 00:00:00", f"{end} 23:59:59")
        floor = median_ms(lambda: raw.execute(
            "SELECT kind, COUNT(*) FROM ticket WHERE received_at BETWEEN ? AND ? GROUP BY kind",
            bounds).fetchall(), max(3, repeats // 3))
        rows.append(Row(f"statistics for {label} ({db.stem})", "≤ 1 s", service, floor,
                        note="all dashboard figures; floor: one raw GROUP BY over the range"))
    raw.close()
    close_database()
    del database
    return rows


def register_rows(db: Path, repeats: int) -> list[Row]:
    """Registering a complaint, timed in turn with one raw INSERT transaction: each round a
    new customer (a new name and phone, as at a counter), and the same customer again (each
    a repeat of all the earlier ones, inside the repeat window: the work of repeat
    detection grows with them)."""
    from benchmarks import registering
    from hall_desk.core.enums import Role
    from hall_desk.services import tickets
    from hall_desk.services.context import Actor
    from hall_desk.store.connection import close_database, open_database

    work = Path(tempfile.mkdtemp()) / "register.sqlite3"
    shutil.copy(db, work)
    open_database(path=work)           # migrates an older file before the timing
    staff_id, name, counter, login = registering.CLERK
    clerk = Actor(staff_id, name, Role.COUNTER, counter, login)
    data = registering.FORM
    made = iter(range(10**6))

    def new_customer() -> None:
        tickets.register(clerk, registering.new_customer(next(made)))

    raw, insert = registering.raw_floor(work)

    fresh, floor = paired_ms(new_customer, insert, repeats)
    again, _ = paired_ms(lambda: tickets.register(clerk, data), insert, repeats)
    raw.close()
    close_database()
    shutil.rmtree(work.parent, ignore_errors=True)
    note = "floor: one raw INSERT transaction, synchronous=FULL"
    return [Row("register a ticket, a new customer each time (validation, repeat check, number, "
                "event, durable commit)", "≤ 10 ms", fresh, floor, note=note),
            Row(f"register the same customer again ({repeats + 1} times, each a repeat of the "
                "earlier ones)", "≤ 10 ms", again, floor, note=note)]


def pdf_rows(db: Path, repeats: int) -> list[Row]:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from hall_desk import pdf
    from hall_desk.core.enums import Role
    from hall_desk.pdf import fonts
    from hall_desk.services import tickets
    from hall_desk.services.context import Actor
    from hall_desk.store.connection import close_database, open_database
    from hall_desk.store.models import Ticket

    open_database(path=db)
    boss = Actor(2, "王丽", Role.SUPERVISOR, "A1", "wangli")
    ticket = Ticket.select().where(Ticket.status == "archived").first()
    data = tickets.describe(ticket, boss).to_dict()
    close_database()
    meta = pdf.RecordMeta(hall_name="城东供电营业厅", printed_at=datetime.now(), printed_by="王丽",
                          version=1, content_sha256="0" * 64)
    sheet = pdf.record_sheet(data, meta)
    font_name = fonts.font().fontName
    # The floor: the same text in the same font, on as many pages. Each page of the sheet
    # becomes one bare page holding the text runs that page prints (read back from the
    # sheet), one run a line, drawn with drawString: no tables, borders or line breaking.
    from pypdf import PdfReader

    printed = [[line for line in page.extract_text().splitlines() if line.strip()]
               for page in PdfReader(io.BytesIO(sheet)).pages]
    runs = sum(len(page) for page in printed)

    def bare_pages() -> bytes:
        out = io.BytesIO()
        canvas = Canvas(out, pagesize=A4)
        for page in printed:
            canvas.setFont(font_name, 9)
            step = min(16.0, 790 / max(len(page), 1))
            for number, line in enumerate(page):
                canvas.drawString(40, 815 - number * step, line)
            canvas.showPage()
        canvas.save()
        return out.getvalue()

    service, floor = paired_ms(lambda: pdf.record_sheet(data, meta), bare_pages, repeats)
    # the floor of the earlier runs, kept for comparison: 22 of the ticket's strings, cut to
    # 60 characters, on one page
    lines = [f"{k}：{v}" for k, v in data.items() if isinstance(v, str) and v][:40]

    def bare() -> bytes:
        out = io.BytesIO()
        canvas = Canvas(out, pagesize=A4)
        canvas.setFont(font_name, 10)
        y = 800
        for line in lines:
            canvas.drawString(40, y, line[:60])
            y -= 16
        canvas.showPage()
        canvas.save()
        return out.getvalue()

    _, earlier = paired_ms(lambda: pdf.record_sheet(data, meta), bare, repeats)
    first = statistics.median(run_child(["-m", "benchmarks.first_pdf"])[0] for _ in range(3))
    return [Row("complaint record sheet PDF, warm", "≤ 100 ms and ≤ 3× floor", service, floor,
                note=f"floor: the same text ({runs} text runs) in the same font, drawn on "
                     f"{len(printed)} bare pages"),
            Row("record sheet against the earlier floor", "—", service, earlier,
                note=f"earlier floor: {len(lines)} of the ticket's strings cut to 60 characters, "
                     "one page"),
            Row("first PDF after start (font load)", "≤ 1 s", first, None,
                note="a new process: imports, font, one record sheet")]


def table(rows: list[Row]) -> str:
    out = ["| what | goal | median | floor | ratio | note |", "| --- | --- | --- | --- | --- | --- |"]
    def num(v: float) -> str:
        return f"{v:.1f}" if v >= 10 else f"{v:.2f}" if v >= 0.1 else f"{v:.3f}"

    for r in rows:
        floor = f"{num(r.floor)} {r.unit}" if r.floor else "—"
        out.append(f"| {r.what} | {r.goal} | {num(r.value)} {r.unit} | {floor} | {r.ratio} "
                   f"| {r.note} |")
    return "\n".join(out)


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{platform.system()} {platform.release()}, {os.cpu_count()} cores ({cpu}), "
            f"Python {platform.python_version()}")


PARTS = ("startup", "store", "register", "pdf", "memory")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "hall-desk-bench")
    parser.add_argument("--write", type=Path, help="also write the results to this Markdown file")
    parser.add_argument("--only", choices=PARTS, action="append",
                        help="run only these parts (repeatable); the table is printed, not "
                             "written")
    args = parser.parse_args(argv)
    if args.only and args.write:
        parser.error("--write takes the whole run: leave out --only")
    parts = args.only or PARTS
    small, large = (2_000, 5_000) if args.quick else (100_000, 1_000_000)
    repeats = 3 if args.quick else 21
    data = args.data / ("quick" if args.quick else "full")
    small_db = ensure_db(data, small)
    large_db = ensure_db(data, large) if {"store", "memory"} & set(parts) else None
    rows = []
    if "startup" in parts:
        rows += startup_rows(small_db, 2 if args.quick else 11)
    if "store" in parts:
        rows += store_rows(large_db, repeats)
    if "register" in parts:
        rows += register_rows(small_db, repeats)
    if "pdf" in parts:
        rows += pdf_rows(small_db, repeats)
    if "memory" in parts:
        rows.append(memory_row(large_db))
    report = table(rows)
    print(report)
    if args.write:
        command = "python -m benchmarks.run" + (" --quick" if args.quick else "")
        results = (f"{BEGIN}\nLatest run: {datetime.now():%Y-%m-%d %H:%M}, on {machine()}.\n\n"
                   f"Command: `{command}` (from the repository root, in `.venv`).\n\n"
                   f"{report}\n{END}")
        old = args.write.read_text(encoding="utf-8") if args.write.exists() else ""
        if BEGIN in old and END in old:      # keep the written analysis around the table
            text = old[:old.index(BEGIN)] + results + old[old.index(END) + len(END):]
        else:
            text = "# Benchmarks\n\n" + results + "\n"
        args.write.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
