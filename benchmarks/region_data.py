"""A region at the head office for the benchmarks: N halls' year of tickets written straight
into the ``ho_*`` tables of a PostgreSQL database (issue #21 part 5).

Going through packages for five million tickets would take hours, so the rows are made
here in the shape an import leaves them (``services.package.receive``): per hall a
``ho_hall`` row, twelve monthly ``ho_package`` rows, every ticket as its ``ticket:<id>``
group (the hall's ticket row with its callbacks, as a package carries it, JSON), its events
as ``ho_chain_row`` links, and its line of the head office's index of tickets
(``ho_ticket``, from ``core.headoffice.index_columns``). They go in with COPY
(psycopg2's ``copy_expert``), the secondary indexes dropped before and built again after,
two halls at a time (one process each).

The spread: tickets received over the year before ``today``, the five kinds and channels
of ``benchmarks.generate``, 3% anonymous, a pool of customers shared by the halls (so the
same phone comes back at other halls), one in four tickets a hotline work order
(95598 mostly, some 12345) with the hotline's own limit. Each ticket walks a short
lifecycle (registered, judged, assigned, replied, called back, archived; a consultation is
settled on the spot; a suggestion is judged and answered), one event per step, a few steps
slow; tickets of the last days stop on the way and are open. What is simplified, for speed:
an event's ``before``/``after`` carry the fields of its step only (the "created" event
the registration's), its hashes are random (the region's links are not checked chains:
the measured month package's are real), and ``late`` is the walk's (a slow step), not the
deadline rules' (those take 0.1 ms a ticket).

    python -m benchmarks.region_data --pg-url postgresql://postgres@host/region_bench \
        --halls 20 --tickets 5000000
"""

from __future__ import annotations

import argparse
import io
import json
import multiprocessing
import random
import sys
import time
import uuid
from datetime import datetime, timedelta
from typing import Any, Iterable

from benchmarks.generate import CAUSES, CHANNELS, KINDS, SATISFACTION, _weighted
from hall_desk.core import numbering
from hall_desk.core.chain import canonical_json

DISTRICTS = "城东 城西 城南 城北 高新 开发区 江北 江南 河东 河西 新城 老城 滨湖 东湖 西湖 南湖 北湖 " \
            "桥东 桥西 临港 空港 科技城 大学城 工业园".split()
CASES = [("complaint", "服务质量", "营业员态度冷淡，问了三遍才回答。", "要求道歉并改进服务。"),
         ("complaint", "电费电价", "本月电费比上月高出一倍，怀疑电表有问题。", "要求校验电表并说明原因。"),
         ("complaint", "停电", "小区昨晚无故停电四小时，没有任何通知。", "要求说明原因并赔偿冰箱损失。"),
         ("request", "业务办理", "申请办理峰谷电价变更。", "希望本周内办理完毕。"),
         ("request", "表计", "电表箱门损坏，要求维修。", "尽快上门维修。"),
         ("report", "营业厅秩序", "有人在营业厅门口收取代办费用。", "要求调查处理。"),
         ("consultation", "电费电价", "咨询阶梯电价怎么计算。", ""),
         ("consultation", "业务办理", "咨询过户需要带哪些材料。", ""),
         ("suggestion", "服务设施", "建议增加老年人专用窗口。", "")]
CASES_OF = {k: [c for c in CASES if c[0] == k] for k, _w in KINDS}
STAFF = [(2, "王丽"), (3, "张伟"), (4, "刘洋"), (5, "陈静"), (6, "赵磊")]
# steps after registration: (status, event action, usual minutes, slow minutes)
FULL = [("judged", "judge_valid", (1, 30), (60, 600)), ("assigned", "assign", (1, 60), (120, 1440)),
        ("replied", "reply", (600, 4000), (6000, 14000)),
        ("archived", "archive", (120, 2880), (2880, 8000))]
SPOT = [("replied", "settle_on_spot", (5, 20), (30, 90)),
        ("archived", "archive", (30, 1440), (1440, 4000))]
SUGGESTION = [("judged", "judge_valid", (5, 60), (60, 600)),
              ("replied", "reply", (1440, 5000), (6000, 12000)),
              ("archived", "archive", (60, 1440), (1440, 4000))]
# the hall's own next limit while a ticket waits at a status (minutes after its last step)
WAIT_LIMIT = {"registered": 60 * 24, "judged": 60 * 24, "assigned": 60 * 24 * 5}
SLOW = 0.04
HOTLINE = 0.25
SHARED = 0.05          # customers who also go to other halls of the region
PACKAGES = 12          # one package a month
CHUNK = 20_000         # tickets per COPY round
CREATED_FIELDS = ("number", "kind", "channel", "category", "customer_name", "customer_phone",
                  "content", "demand", "received_at", "counter_code", "anonymous",
                  "hotline_source", "hotline_number")
# an event line as canonical JSON (keys sorted); before and after are JSON text in it
_EVENT = ('{"kind":"event","row":{"action":"%s","actor":%d,"actor_label":"%s","after":%s,'
          '"at":"%s","before":%s,"hash":"%s","id":%d,"note":"","prev_hash":"%s","seq":%d,'
          '"ticket":%d}}')
_EMPTY = json.dumps("{}")


def _status(status: str, _cache: dict[str, str] = {}) -> str:
    if status not in _cache:
        _cache[status] = json.dumps(canonical_json({"status": status}))
    return _cache[status]


def hall_ids(halls: int, seed: int) -> list[str]:
    return [str(uuid.UUID(int=random.Random(seed * 1000 + i).getrandbits(128), version=4))
            for i in range(halls)]


def _ticket_template() -> dict[str, Any]:
    """Every column of the hall's ticket row with its empty value, as ``.dicts()`` gives
    it (foreign keys by field name, holding the id)."""
    from peewee import BooleanField, DecimalField, IntegerField, TextField, CharField

    from hall_desk.store.models import Ticket

    base: dict[str, Any] = {}
    for field in Ticket._meta.sorted_fields:
        if field.null:
            base[field.name] = None
        elif isinstance(field, BooleanField):
            base[field.name] = False
        elif isinstance(field, (IntegerField, DecimalField)):
            base[field.name] = 0
        elif isinstance(field, (CharField, TextField)):
            base[field.name] = ""
        else:
            base[field.name] = None
    base.update(milestones="{}", deadline_extensions="{}", missing_materials="[]",
                callback_window="any", round=1, priority=2, repeat_n=1, version=1,
                confirmed_by_customer=True, business_type="")
    return base


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _pg(value: Any) -> str:
    """One value in COPY's text format."""
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = (text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
                .replace("\r", "\\r"))
    return text


class _Table:
    """Rows of one table gathered as COPY text, by the model's column names."""

    def __init__(self, model) -> None:
        self.name = model._meta.table_name
        self.fields = [f for f in model._meta.sorted_fields if f.name != "id"
                       or not f.primary_key or f.field_type != "AUTO"]
        self.columns = [f.column_name for f in self.fields]
        self.names = [f.name for f in self.fields]
        # a column the caller leaves out takes the model's default (``ho_ticket.repeated``)
        self.defaults = {f.name: f.default for f in self.fields
                         if f.default is not None and not callable(f.default)}
        self.buffer = io.StringIO()
        self.count = 0

    def add(self, row: dict[str, Any]) -> None:
        self.buffer.write("\t".join(_pg(row[n] if n in row else self.defaults[n])
                                     for n in self.names))
        self.buffer.write("\n")
        self.count += 1

    def add_line(self, line: str) -> None:
        self.buffer.write(line)
        self.count += 1

    def template(self, **fixed: str) -> str:
        """A ``str.format`` template of one row: ``fixed`` values as given (COPY text),
        ``{name}`` for the others."""
        return "\t".join(fixed.get(n, "{%s}" % n) for n in self.names) + "\n"

    def flush(self, cursor) -> None:
        if self.buffer.tell():
            self.buffer.seek(0)
            cursor.copy_expert(f"COPY {self.name} ({', '.join(self.columns)}) FROM STDIN",
                               self.buffer)
        self.buffer = io.StringIO()


def _customers(seed: int, n: int) -> list[tuple[str, str, str]]:
    from hall_desk.services import demo

    rng = random.Random(seed)
    out = []
    for _ in range(n):
        phone = rng.choice(demo._MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
        out.append((demo.random_name(rng), f"{phone[:3]} {phone[3:7]} {phone[7:]}", phone))
    return out


def _walk(rng: random.Random, kind: str, received: datetime,
          today: datetime) -> tuple[list[tuple[str, str, datetime]], bool]:
    """The steps a ticket reached (status, action, when) and whether one was slow."""
    path = SPOT if kind == "consultation" else SUGGESTION if kind == "suggestion" else FULL
    steps, moment, slow_any = [], received, False
    for status, action, usual, slow in path:
        is_slow = rng.random() < SLOW
        moment += timedelta(minutes=rng.randint(*(slow if is_slow else usual)))
        if moment > today:
            break
        slow_any |= is_slow and status in ("judged", "replied")
        steps.append((status, action, moment))
    return steps, slow_any


def _month(received: datetime, start: datetime) -> int:
    """The package (1..12) that first carried a change made at ``received``."""
    return max(1, min(PACKAGES, (received - start).days * PACKAGES // 366 + 1))


def _fill_hall(args: tuple) -> dict[str, int]:
    """One hall's tickets, groups, events and index lines, COPY'd in chunks (a worker)."""
    import psycopg2

    from hall_desk.core import headoffice as hocore
    from hall_desk.store.headoffice import HoChainRow, HoGroup, HoTicket

    url, index, hall_id, n, seed, today, customers = args
    rng = random.Random(seed * 7919 + index)
    start = today - timedelta(days=365)
    base = _ticket_template()
    groups, links, lines = _Table(HoGroup), _Table(HoChainRow), _Table(HoTicket)
    link_line = links.template(hall=hall_id, chain="ticket_event")
    moments = sorted(today - timedelta(minutes=rng.randrange(365 * 24 * 60)) for _ in range(n))
    sequences: dict[str, int] = {}
    event_id = callback_id = 0
    prev_hash = "0" * 64
    own = _customers(seed * 31 + index, max(20, n // 3))
    late_of: dict[int, bool] = {}
    real_late = hocore.late
    hocore.late = lambda row, policy, calendar: late_of[row["id"]]
    conn = psycopg2.connect(url)
    try:
        with conn, conn.cursor() as cursor:
            for ticket_id, received in enumerate(moments, start=1):
                received = received.replace(second=0, microsecond=0)
                kind = _weighted(rng, KINDS)
                _kind, category, content, demand = rng.choice(CASES_OF[kind])
                counter = rng.choice(("A1", "A2", "B1"))
                prefix = numbering.prefix(kind, received.date(), counter)
                sequences[prefix] = sequences.get(prefix, 0) + 1
                number = numbering.format_number(prefix, sequences[prefix])
                name, phone, key = rng.choice(customers if rng.random() < SHARED else own)
                anonymous = rng.random() < 0.03
                steps, slow = _walk(rng, kind, received, today)
                reached = {s: at for s, _a, at in steps}
                status = steps[-1][0] if steps else "registered"
                last = steps[-1][2] if steps else received
                replied = reached.get("replied")
                staff_id, staff_name = rng.choice(STAFF)
                hotline = rng.random() < HOTLINE
                source = ("95598" if rng.random() < 0.85 else "12345") if hotline else ""
                hotline_due = received + timedelta(hours=rng.choice((24, 48, 72))) \
                    if hotline else None
                hotline_no = (f"{source}{received:%Y%m%d}{rng.randrange(10**6):06d}"
                              if hotline else "")
                wait = WAIT_LIMIT.get(status)
                callbacks: list[dict[str, Any]] = []
                row = dict(base)
                row.update(
                    id=ticket_id, number=number, number_reversed=number[::-1], kind=kind,
                    channel="phone" if hotline else rng.choice(CHANNELS), category=
                    rng.randint(1, 12), customer_name="" if anonymous else name,
                    customer_phone="" if anonymous else phone,
                    phone_key="" if anonymous else key,
                    phone_last4="" if anonymous else key[-4:],
                    name_initials="", customer_address="" if anonymous else
                    f"{DISTRICTS[index % len(DISTRICTS)]}区建设路{rng.randint(1, 300)}号",
                    anonymous=anonymous, content=content, demand=demand or "希望得到答复。",
                    emotional_state=rng.choice(("calm", "anxious", "upset", "angry")),
                    received_at=_iso(received), created_at=_iso(received),
                    counter_code=counter, first_receiver=staff_id, status=status,
                    department=rng.randint(1, 4) if "assigned" in reached else None,
                    handler_a=staff_id if "assigned" in reached else None,
                    milestones=json.dumps({s: _iso(at) for s, at in reached.items()}),
                    next_deadline_at=_iso(last + timedelta(minutes=wait)) if wait else None,
                    next_deadline_rule={"registered": "judge", "judged": "assign",
                                        "assigned": "reply"}.get(status, ""),
                    escalation_due_at=_iso(received + timedelta(hours=24)),
                    settled_on_spot=kind == "consultation" and replied is not None,
                    valid=True if "judged" in reached else None,
                    cause_class=rng.choice(CAUSES) if "assigned" in reached else "",
                    reply_method="phone" if replied else "",
                    reply_content="已答复客户处理结果。" if replied else "",
                    replied_at=_iso(replied), archived_at=_iso(reached.get("archived")),
                    satisfaction=_weighted(rng, SATISFACTION) if callbacks else "",
                    hotline_source=source, hotline_number=hotline_no,
                    hotline_number_reversed=hotline_no[::-1], hotline_due_at=_iso(hotline_due),
                    version=1 + len(steps), updated_at=_iso(last), updated_by=staff_id)
                if "archived" in reached and kind != "consultation":
                    callback_id += 1
                    callbacks.append({"attempt": 1, "customer_words": "处理及时。",
                                      "done_at": _iso(reached["archived"]),
                                      "due_at": _iso(replied), "id": callback_id,
                                      "method": "phone", "reached": True, "round": 1,
                                      "satisfaction": row["satisfaction"], "staff": staff_id,
                                      "ticket": ticket_id})
                sequence = _month(last, start)
                scope = f"ticket:{ticket_id}"
                groups.add({"hall": hall_id, "scope": scope, "sequence": sequence,
                            "data": canonical_json({"kind": "ticket", "scope": scope, "rows": {
                                "callbacks": callbacks, "ticket": [row]}})})
                late_of[ticket_id] = slow or (hotline_due is not None and replied is not None
                                              and replied > hotline_due)
                lines.add({"hall": hall_id, "ticket_id": ticket_id, "sequence": sequence,
                           **hocore.index_columns(row, None, None)})
                del late_of[ticket_id]
                created = json.dumps(canonical_json({
                    **{k: row[k] for k in CREATED_FIELDS}, "status": "registered"}),
                    ensure_ascii=False)
                events = [("created", _EMPTY, created, received)]
                for status_was, (status_now, action, at) in zip(
                        ["registered"] + [st[0] for st in steps], steps):
                    events.append((action, _status(status_was), _status(status_now), at))
                for seq, (action, before, after, at) in enumerate(events, start=1):
                    event_id += 1
                    digest = f"{rng.getrandbits(256):064x}"
                    data = _EVENT % (action, staff_id, staff_name, after, at.isoformat(), before,
                                     digest, event_id, prev_hash, seq, ticket_id)
                    prev_hash = digest
                    links.add_line(link_line.format(
                        row_id=event_id, sequence=_month(at, start), ticket=ticket_id,
                        data=data.replace("\\", "\\\\")))
                if ticket_id % CHUNK == 0 or ticket_id == n:
                    for table in (groups, lines, links):
                        table.flush(cursor)
    finally:
        hocore.late = real_late
        conn.close()
    return {"tickets": n, "events": event_id, "callbacks": callback_id}


def _secondary_indexes(cursor) -> list[tuple[str, str]]:
    cursor.execute("""SELECT i.indexname, i.indexdef FROM pg_indexes i
                      JOIN pg_class c ON c.relname = i.indexname
                      JOIN pg_index x ON x.indexrelid = c.oid
                      WHERE i.schemaname = 'public' AND i.tablename LIKE 'ho\\_%'
                      AND NOT x.indisprimary ORDER BY i.indexname""")
    return list(cursor.fetchall())


def generate_region(url: str, halls: int, tickets: int, *, seed: int = 21,
                    today: datetime | None = None, workers: int = 2) -> dict[str, Any]:
    """Fill the (empty) head-office database at ``url`` with a region; returns counts and
    seconds. The tables come from ``store.headoffice.open_headoffice``."""
    import psycopg2

    from hall_desk.store.headoffice import close_headoffice, open_headoffice

    started = time.perf_counter()
    today = (today or datetime.now()).replace(second=0, microsecond=0)
    open_headoffice(url=url)
    close_headoffice()
    ids = hall_ids(halls, seed)
    customers = _customers(seed, max(50, tickets // 50))
    conn = psycopg2.connect(url)
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM ho_hall")
        if cursor.fetchone()[0]:
            raise SystemExit("the head office's database is not empty")
        indexes = _secondary_indexes(cursor)
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
        _halls_and_packages(cursor, ids, today)
    share = [tickets // halls + (1 if i < tickets % halls else 0) for i in range(halls)]
    jobs = [(url, i, hall, share[i], seed, today, customers) for i, hall in enumerate(ids)]
    loaded = time.perf_counter()
    if workers > 1 and halls > 1:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            results = pool.map(_fill_hall, jobs, chunksize=1)
    else:
        results = [_fill_hall(job) for job in jobs]
    copied = time.perf_counter()
    with conn.cursor() as cursor:
        for _name, definition in indexes:
            cursor.execute(definition)
        _mark_repeats(cursor)
        cursor.execute("ANALYZE")
    conn.close()
    done = time.perf_counter()
    return {"halls": halls, "tickets": sum(r["tickets"] for r in results),
            "events": sum(r["events"] for r in results),
            "seconds": done - started, "copy_seconds": copied - loaded,
            "index_seconds": done - copied}


def _mark_repeats(cursor) -> None:
    """``ho_ticket.repeated`` as ``services.headoffice.mark_repeats`` sets it, in one
    statement: a complaint with another hall's complaint of the same phone within the
    policy's repeat window."""
    from hall_desk import paths
    from hall_desk.core.deadlines import load_policy

    days = load_policy(paths.resource_path("policies", "default.toml")).repeat_days
    cursor.execute(f"""
        UPDATE ho_ticket t SET repeated = TRUE
        WHERE t.kind = 'complaint' AND t.phone_key <> '' AND EXISTS (
            SELECT 1 FROM ho_ticket o WHERE o.phone_key = t.phone_key
            AND o.kind = 'complaint' AND o.hall_id <> t.hall_id
            AND o.received_at BETWEEN t.received_at - INTERVAL '{days} days'
                                  AND t.received_at + INTERVAL '{days} days')""")


def _halls_and_packages(cursor, ids: Iterable[str], today: datetime) -> None:
    from hall_desk.store.headoffice import HoHall, HoPackage

    hall_rows, packages = _Table(HoHall), _Table(HoPackage)
    start = today - timedelta(days=365)
    for index, hall in enumerate(ids):
        heads = {chain: {"hash": f"{random.Random(hall + chain).getrandbits(256):064x}",
                         "length": 0} for chain in ("duty_log", "signature", "state",
                                                    "ticket_event")}
        for sequence in range(1, PACKAGES + 1):
            at = start + timedelta(days=sequence * 365 // PACKAGES)
            packages.add({"hall": hall, "sequence": sequence,
                          "sha256": f"{random.Random(hall + str(sequence)).getrandbits(256):064x}",
                          "created_at": at.isoformat(timespec="seconds"), "created_by": "王丽",
                          "received_at": at + timedelta(days=2), "received_by": "region",
                          "heads_before": canonical_json(heads), "heads_after":
                          canonical_json(heads), "counts": "{}", "file_name":
                          f"hall-{hall[:8]}-{sequence:06d}.hdpkg"})
        hall_rows.add({"hall_id": hall, "name": f"{DISTRICTS[index % len(DISTRICTS)]}"
                       f"{'' if index < len(DISTRICTS) else index // len(DISTRICTS) + 1}供电营业厅",
                       "first_received_at": start + timedelta(days=32),
                       "last_sequence": PACKAGES, "last_heads": canonical_json(heads),
                       "last_received_at": today - timedelta(days=1)})
    hall_rows.flush(cursor)
    packages.flush(cursor)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg-url", required=True)
    parser.add_argument("--halls", type=int, default=20)
    parser.add_argument("--tickets", type=int, default=5_000_000)
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    got = generate_region(args.pg_url, args.halls, args.tickets, seed=args.seed,
                          workers=args.workers)
    print(json.dumps(got), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
