"""Time the statistics dashboard's queries on a generated SQLite hall of N tickets (1,000,000 by
default), bulk-inserted with executemany (the demo generator walks every ticket through the
services and is far too slow for this).

    /tmp/venv/bin/python scripts/bench_statistics.py [N] [--keep PATH]

Tickets spread over two years before 2026-11-23; about 85 % archived after a full lifecycle
with milestones, 10 % replied, the rest open; a callback for 60 % of them. Prints the time of
``statistics.overview`` (all figures, per-staff included) for several ranges, and the query
plan of the main count.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hall_desk.core.enums import Role  # noqa: E402
from hall_desk.services import demo, statistics  # noqa: E402
from hall_desk.services.context import Actor, clock  # noqa: E402
from hall_desk.store.connection import open_database  # noqa: E402
from hall_desk.store.models import Category, Department, Staff, db  # noqa: E402

TODAY = datetime(2026, 11, 23, 15, 0)
KINDS = ["complaint"] * 5 + ["request", "report", "consultation", "suggestion"]
CHANNELS = ["walk-in", "phone", "letter", "online", "transferred"]
CAUSES = ["product", "service", "after_sales", "management", "external", "misunderstanding"]


def fill(n: int) -> None:
    rng = random.Random(7)
    staff = [s.id for s in Staff.select()]
    cats = [c.id for c in Category.select()]
    deps = [d.id for d in Department.select()]
    span = 730 * 24 * 60
    cols = ("number, kind, channel, category_id, customer_name, customer_phone, phone_key, "
            "name_initials, customer_address, anonymous, content, demand, emotional_state, "
            "evidence_note, confirmed_by_customer, missing_materials, received_at, created_at, "
            "counter_code, first_receiver_id, priority, repeat_of_id, status, round, "
            "department_id, handler_a_id, agreed_due_at, milestones, deadline_extensions, "
            "next_deadline_at, next_deadline_rule, settled_on_spot, cause_class, replied_at, "
            "satisfaction, archived_at, version, updated_at, business_type, validity_reason, "
            "cause_analysis, solution, compensation_method, instruction, implementation, "
            "reply_method, reply_content, summary, back_room")
    sql = f"INSERT INTO ticket ({cols}) VALUES ({', '.join(['?'] * len(cols.split(',')))})"
    cb_sql = ("INSERT INTO callback (ticket_id, round, attempt, due_at, done_at, method, reached, "
              "satisfaction, customer_words, staff_id) VALUES (?, 1, 1, ?, ?, 'phone', 1, ?, '', ?)")
    fmt = "%Y-%m-%d %H:%M:%S"
    batch, callbacks = [], []
    conn = db.obj.connection()
    start_id = 1
    # a hall appends tickets as they come: rows in the order of receipt, as in real use
    offsets = sorted((rng.randrange(span) for _ in range(n)), reverse=True)
    for i, offset in enumerate(offsets):
        received = TODAY - timedelta(minutes=offset)
        kind = rng.choice(KINDS)
        r = rng.random()
        points: dict[str, str] = {}
        replied = archived = None
        status, sat, dep, handler, cause = "registered", "", None, None, ""
        if r < 0.95:
            t = received
            for code, lo, hi in (("judged", 1, 10), ("assigned", 1, 30), ("analysed", 30, 600),
                                 ("proposed", 30, 300), ("approved", 20, 300),
                                 ("implemented", 60, 1500), ("replied", 30, 600)):
                t += timedelta(minutes=rng.randint(lo, hi))
                points[code] = t.isoformat()
            status, replied = "replied", t
            dep, handler, cause = rng.choice(deps), rng.choice(staff), rng.choice(CAUSES)
            if r < 0.85:
                t += timedelta(minutes=rng.randint(60, 400))
                points["called_back"] = t.isoformat()
                sat = rng.choices(["satisfied", "basically", "dissatisfied"], [6, 3, 1])[0]
                t += timedelta(minutes=rng.randint(60, 2000))
                points["archived"] = t.isoformat()
                status, archived = "archived", t
        if replied and replied > TODAY:
            continue
        phone = f"139{rng.randrange(10**8):08d}"
        batch.append((
            f"TS-{i:08d}", kind, rng.choice(CHANNELS), rng.choice(cats), "张三", phone, phone,
            "zs", "", 0, "停电", "答复", "calm", "", 1, "[]", received.strftime(fmt),
            received.strftime(fmt), "A1", rng.choice(staff), 2, None, status, 1, dep, handler,
            None, json.dumps(points), "{}", None if status == "archived" else
            (received + timedelta(hours=24)).strftime(fmt), "", 0, cause,
            replied.strftime(fmt) if replied else None, sat,
            archived.strftime(fmt) if archived else None, 1, received.strftime(fmt),
            "", "", "", "", "", "", "", "", "", "", 0))
        if sat:
            callbacks.append((start_id + len(batch) - 1, replied.strftime(fmt),
                              points["called_back"].replace("T", " "), sat, rng.choice(staff)))
        if len(batch) == 50_000:
            with db.atomic():
                conn.executemany(sql, batch)
                conn.executemany(cb_sql, callbacks)
            start_id += len(batch)
            batch, callbacks = [], []
    with db.atomic():
        conn.executemany(sql, batch)
        conn.executemany(cb_sql, callbacks)
    conn.execute("ANALYZE")


def main() -> None:
    args = sys.argv[1:]
    keep = None
    if "--keep" in args:
        keep = args[args.index("--keep") + 1]
        args = args[: args.index("--keep")]
    n = int(args[0]) if args else 1_000_000
    path = Path(keep) if keep else Path(tempfile.mkdtemp()) / "bench.sqlite3"
    fresh = not path.exists()
    open_database(path=path)
    if fresh:
        with clock(lambda: TODAY):
            demo.ensure_demo_hall()
        t0 = time.perf_counter()
        fill(n)
        print(f"inserted {n} tickets in {time.perf_counter() - t0:.1f} s into {path}", flush=True)
    boss = Staff.get(Staff.login == "wangli")
    actor = Actor(boss.id, boss.name, Role.SUPERVISOR, "A1", boss.login)
    total = db.execute_sql("SELECT COUNT(*) FROM ticket").fetchone()[0]
    print(f"{total} tickets in the database")
    for label, days, gran in (("last 30 days", 30, "day"), ("last 90 days", 90, "week"),
                              ("last 365 days", 365, "month"), ("all 2 years", 731, "month")):
        f = statistics.StatsFilter(TODAY.date() - timedelta(days=days - 1), TODAY.date(),
                                   granularity=gran)
        statistics.overview(actor, f, at=TODAY)      # warm the page cache once
        t0 = time.perf_counter()
        fig = statistics.overview(actor, f, at=TODAY)
        print(f"overview {label:>14}: {time.perf_counter() - t0:6.3f} s  ({fig['total']} tickets)",
              flush=True)
    plan = db.execute_sql(
        "EXPLAIN QUERY PLAN SELECT t.kind, COUNT(*) FROM ticket t WHERE t.received_at >= ? "
        "AND t.received_at < ? GROUP BY t.kind", ["2026-10-25", "2026-11-24"]).fetchall()
    print("plan:", [row[-1] for row in plan])


if __name__ == "__main__":
    main()
