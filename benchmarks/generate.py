"""A hall's database at scale for the benchmarks: 10k, 100k or 1M tickets over ten years.

The schema, staff, categories and departments come from the app itself (the demo hall); the
tickets are bulk-inserted with plain SQL in one transaction, because going through the
services for a million tickets would take hours. Distributions follow the demo generator:
the five kinds, five channels, the categories, a pool of repeat customers, 3% anonymous,
old tickets archived, the last weeks' still open with their next deadline.

    python -m benchmarks.generate --tickets 100000 --db /tmp/bench-100k.sqlite3
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from hall_desk.core import numbering
from hall_desk.core.enums import TicketKind
from hall_desk.services import demo
from hall_desk.services.tickets import name_initials
from hall_desk.store.connection import close_database, open_database

KINDS = [("complaint", 45), ("request", 20), ("report", 5), ("consultation", 25), ("suggestion", 5)]
CHANNELS = ["walk-in", "phone", "letter", "online", "transferred"]
OPEN = ["registered", "judged", "assigned", "analysed", "proposed", "approved", "implemented",
        "replied"]
YEARS = 10


def _weighted(rng: random.Random, pairs):
    return rng.choices([p[0] for p in pairs], [p[1] for p in pairs])[0]


def generate(path: Path, n: int, *, seed: int = 7, today: datetime | None = None) -> float:
    """Fill ``path`` (a new file) with ``n`` tickets; returns the seconds it took."""
    started = time.perf_counter()
    if path.exists():
        raise SystemExit(f"{path} exists; remove it first")
    open_database(path=path)
    demo.ensure_demo_hall()
    close_database()
    rng = random.Random(seed)
    today = (today or datetime.now()).replace(second=0, microsecond=0)
    con = sqlite3.connect(str(path))
    con.execute("PRAGMA synchronous=OFF")
    staff = [r[0] for r in con.execute("SELECT id FROM staff")]
    categories = [r[0] for r in con.execute("SELECT id FROM category")]
    departments = [r[0] for r in con.execute("SELECT id FROM department")]
    customers = []
    for _ in range(max(100, n // 5)):
        name = demo.random_name(rng)
        phone = rng.choice(demo._MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
        customers.append((name, f"{phone[:3]} {phone[3:7]} {phone[7:]}", phone,
                          name_initials(name)))
    span = timedelta(days=365 * YEARS)
    # received times spread over ten years, sorted so sequence numbers grow with time
    moments = sorted(today - timedelta(seconds=rng.randrange(int(span.total_seconds())))
                     for _ in range(n))
    sequences: dict[str, int] = {}
    rows = []
    columns = ("number", "kind", "channel", "category_id", "business_type", "customer_name",
               "customer_phone", "phone_key", "name_initials", "customer_address", "anonymous",
               "content", "demand", "emotional_state", "evidence_note", "confirmed_by_customer",
               "missing_materials", "received_at", "created_at", "counter_code",
               "first_receiver_id", "priority", "status", "round", "department_id",
               "handler_a_id", "milestones", "deadline_extensions", "next_deadline_at",
               "next_deadline_rule", "settled_on_spot", "validity_reason", "cause_class",
               "cause_analysis", "solution", "compensation_method", "instruction",
               "implementation", "reply_method", "reply_content", "replied_at", "satisfaction",
               "archived_at", "summary", "back_room", "version", "updated_at")
    sql = (f"INSERT INTO ticket ({', '.join(columns)}) VALUES "
           f"({', '.join('?' for _ in columns)})")
    cases = demo._CASES
    for received in moments:
        kind = _weighted(rng, KINDS)
        counter = rng.choice(("A1", "A2", "B1"))
        prefix = numbering.prefix(TicketKind(kind), received.date(), counter)
        sequences[prefix] = sequences.get(prefix, 0) + 1
        name, phone, key, initials = rng.choice(customers)
        case = rng.choice(cases)
        age = (today - received).days
        status = "archived" if age > 30 or rng.random() < 0.5 else rng.choice(OPEN)
        replied = received + timedelta(hours=rng.randint(1, 96))
        closed = status in ("archived", "replied")
        due = None if status == "archived" else received + timedelta(hours=rng.choice((12, 24, 48, 120)))
        rows.append((
            numbering.format_number(prefix, sequences[prefix]), kind, rng.choice(CHANNELS),
            rng.choice(categories), "", name, phone, key, initials, "城东区建设路1号",
            1 if rng.random() < 0.03 else 0, case[2], case[3] or "希望得到答复。",
            rng.choice(("calm", "anxious", "upset", "angry")), "", 1, "[]", received, received,
            counter, rng.choice(staff), rng.choice((2, 2, 2, 3)), status, 1,
            rng.choice(departments) if status not in ("registered", "judged") else None,
            rng.choice(staff) if status not in ("registered", "judged") else None, "{}", "{}",
            due, "reply" if due else "", 0, "", "service", "", "", "", "", "",
            "phone" if closed else "", "已答复。" if closed else "", replied if closed else None,
            rng.choice(("satisfied", "basically", "dissatisfied")) if status == "archived" else "",
            replied + timedelta(days=1) if status == "archived" else None, "", 0, 1, received))
        if len(rows) >= 20_000:
            con.executemany(sql, rows)
            rows.clear()
    if rows:
        con.executemany(sql, rows)
    con.executemany("INSERT OR REPLACE INTO number_sequence (prefix, last) VALUES (?, ?)",
                    list(sequences.items()))
    con.commit()
    con.execute("ANALYZE")
    con.close()
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, required=True)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    seconds = generate(args.db, args.tickets, seed=args.seed)
    print(f"{args.tickets} tickets in {args.db} ({seconds:.1f} s, "
          f"{args.db.stat().st_size / 1e6:.0f} MB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
