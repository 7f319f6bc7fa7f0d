"""A hall's database at scale for the benchmarks: 10k, 100k or 1M tickets over ten years.

The schema, staff, categories and departments come from the app itself (the demo hall); the
tickets are bulk-inserted with plain SQL in one transaction, because going through the
services for a million tickets would take hours. Distributions follow the demo generator:
the five kinds, five channels, the categories, a pool of repeat customers, 3% anonymous.
Each ticket walks the lifecycle with random but plausible gaps between its steps (a few are
slow, so some deadlines are missed): complaints, requests and reports are judged, assigned,
analysed, ... replied, called back and archived; consultations are settled on the spot;
suggestions are answered within days. Tickets of the last weeks stop at a random step and
are still open. Every ticket's deadlines are worked out by the app's own
``services.deadlines.judge`` (the queue's next deadline, the escalation time and the rated
rules the statistics count), so the figures measured on it are those of real use.

    python -m benchmarks.generate --tickets 100000 --db /tmp/bench-100k.sqlite3
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from hall_desk.core import numbering
from hall_desk.core.enums import TicketKind
from hall_desk.services import deadlines, demo
from hall_desk.services.tickets import name_initials
from hall_desk.store.connection import close_database, open_database

KINDS = [("complaint", 45), ("request", 20), ("report", 5), ("consultation", 25), ("suggestion", 5)]
CHANNELS = ["walk-in", "phone", "letter", "online", "transferred"]
YEARS = 10
CAUSES = ["product", "service", "after_sales", "management", "external", "misunderstanding"]
SATISFACTION = [("satisfied", 60), ("basically", 30), ("dissatisfied", 10)]
# the full lifecycle: (point reached, minutes after the previous point: usual range, slow range)
FULL_PATH = [("judged", (1, 2), (5, 60)), ("assigned", (1, 2), (5, 120)),
             ("first_feedback", (60, 900), (1500, 3000)), ("analysed", (30, 180), (600, 2000)),
             ("proposed", (20, 120), (300, 1500)), ("approved", (10, 60), (200, 1440)),
             ("implemented", (30, 240), (600, 3000)), ("replied", (20, 240), (480, 6000)),
             ("called_back", (30, 300), (900, 2000)), ("archived", (60, 1440), (2880, 8000))]
SPOT_PATH = [("replied", (5, 20), (30, 90)), ("archived", (30, 1440), (1440, 4000))]
SUGGESTION_PATH = [("judged", (5, 60), (60, 600)), ("replied", (1440, 5000), (6000, 12000)),
                   ("archived", (60, 1440), (1440, 4000))]
SLOW = 0.08        # the share of steps that take the slow range


def _weighted(rng: random.Random, pairs):
    return rng.choices([p[0] for p in pairs], [p[1] for p in pairs])[0]


def _flush(con: sqlite3.Connection, *batches) -> None:
    for sql, rows in zip(batches[::2], batches[1::2]):
        if rows:
            con.executemany(sql, rows)
            rows.clear()


def generate(path: Path, n: int, *, seed: int = 7, today: datetime | None = None) -> float:
    """Fill ``path`` (a new file) with ``n`` tickets; returns the seconds it took."""
    started = time.perf_counter()
    if path.exists():
        raise SystemExit(f"{path} exists; remove it first")
    open_database(path=path)         # stays open: the deadline policy is read from it
    demo.ensure_demo_hall()
    # policy and calendar read once and kept while the bulk insert below holds the write lock
    deadlines.policy(), deadlines.calendar()
    refresh, deadlines.REFRESH_S = deadlines.REFRESH_S, float("inf")
    try:
        _fill(path, n, seed, today)
    finally:
        deadlines.REFRESH_S = refresh
        deadlines.forget()
    return time.perf_counter() - started


def _fill(path: Path, n: int, seed: int, today: datetime | None) -> None:
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
    rows, dead_rows, callbacks = [], [], []
    columns = ("number", "kind", "channel", "category_id", "business_type", "customer_name",
               "customer_phone", "phone_key", "name_initials", "phone_last4", "number_reversed",
               "customer_address", "anonymous",
               "content", "demand", "emotional_state", "evidence_note", "confirmed_by_customer",
               "missing_materials", "received_at", "created_at", "counter_code",
               "first_receiver_id", "priority", "status", "round", "department_id",
               "handler_a_id", "milestones", "deadline_extensions", "next_deadline_at",
               "next_deadline_rule", "escalation_due_at", "settled_on_spot", "validity_reason",
               "cause_class", "cause_analysis", "solution", "compensation_method",
               "instruction", "implementation", "reply_method", "reply_content", "replied_at",
               "satisfaction", "archived_at", "summary", "back_room", "version", "updated_at")
    sql = (f"INSERT INTO ticket ({', '.join(columns)}) VALUES "
           f"({', '.join('?' for _ in columns)})")
    dead_sql = ("INSERT INTO ticket_deadline (ticket_id, rule, received_at, department_id, "
                "responsible_id, due_at, met_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
    cb_sql = ("INSERT INTO callback (ticket_id, round, attempt, due_at, done_at, method, "
              "reached, satisfaction, customer_words, staff_id) "
              "VALUES (?, 1, 1, ?, ?, 'phone', 1, ?, '', ?)")
    cases = demo._CASES
    ticket_id = con.execute("SELECT COALESCE(MAX(id), 0) FROM ticket").fetchone()[0]
    for received in moments:
        ticket_id += 1
        kind = _weighted(rng, KINDS)
        counter = rng.choice(("A1", "A2", "B1"))
        prefix = numbering.prefix(TicketKind(kind), received.date(), counter)
        sequences[prefix] = sequences.get(prefix, 0) + 1
        name, phone, key, initials = rng.choice(customers)
        case = rng.choice(cases)
        path = (SPOT_PATH if kind == "consultation" else
                SUGGESTION_PATH if kind == "suggestion" else FULL_PATH)
        points: dict[str, datetime] = {}
        moment, status = received, "registered"
        for point, usual, slow in path:
            moment += timedelta(minutes=rng.randint(*(slow if rng.random() < SLOW else usual)))
            if moment > today:
                break
            points[point] = moment
            if point != "first_feedback":
                status = point
        assigned = "assigned" in points or kind == "consultation"
        department = rng.choice(departments) if assigned else None
        handler = rng.choice(staff) if "assigned" in points else None
        receiver = rng.choice(staff)
        replied = points.get("replied")
        satisfaction = _weighted(rng, SATISFACTION) if "called_back" in points else ""
        judged = deadlines.judge(kind, received, None, {**points, "received": received,
                                                        "registered": received}, {})
        number = numbering.format_number(prefix, sequences[prefix])
        rows.append((
            number, kind, rng.choice(CHANNELS),
            rng.choice(categories), "", name, phone, key, initials, key[-4:], number[::-1],
            "城东区建设路1号",
            1 if rng.random() < 0.03 else 0, case[2], case[3] or "希望得到答复。",
            rng.choice(("calm", "anxious", "upset", "angry")), "", 1, "[]", received, received,
            counter, receiver, rng.choice((2, 2, 2, 3)), status, 1, department, handler,
            json.dumps({k: v.isoformat() for k, v in points.items()}), "{}",
            judged.next_due, judged.next_rule, judged.escalation_due,
            1 if kind == "consultation" and replied else 0, "",
            rng.choice(CAUSES) if "analysed" in points else "", "", "", "", "", "",
            "phone" if replied else "", "已答复。" if replied else "", replied, satisfaction,
            points.get("archived"), "", 0, 1, moment if moment <= today else today))
        for rule, due, met in judged.rated:
            dead_rows.append((ticket_id, rule, received, department, handler or receiver, due,
                              met))
        if satisfaction:
            callbacks.append((ticket_id, replied, points["called_back"], satisfaction,
                              rng.choice(staff)))
        if len(rows) >= 20_000:
            _flush(con, sql, rows, dead_sql, dead_rows, cb_sql, callbacks)
    _flush(con, sql, rows, dead_sql, dead_rows, cb_sql, callbacks)
    con.executemany("INSERT OR REPLACE INTO number_sequence (prefix, last) VALUES (?, ?)",
                    list(sequences.items()))
    con.commit()
    con.execute("ANALYZE")
    con.close()
    close_database()


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
