"""A region at the head office for the benchmarks: N halls' year of tickets written straight
into the ``ho_*`` tables of a PostgreSQL database (issue #21 part 5).

Going through packages for five million tickets would take hours, and so would Python
formatting every row on two shared cores. So Python COPYs the small lists (the halls,
their twelve monthly packages, the customers with their masked forms, the cases) with
psycopg2's ``copy_expert``, and the database draws and writes the tickets itself: one
``INSERT ... SELECT`` per table over a drawn table of tickets, the three big ones on three
connections at once, the secondary indexes dropped before and built again after. The rows
have the shape an import leaves (``services.package.receive``): every ticket as its
``ticket:<id>`` group (the hall's ticket row, every column, with its callback, as canonical
JSON text), its events as ``ho_chain_row`` links, and its line in the head office's index
(``ho_ticket``, the columns of ``core.headoffice.index_columns``: a test holds the two
together on a small region).

The spread: tickets received over the year before ``today``, the kinds of
``benchmarks.generate`` (45% complaints, 20% requests, 5% reports, 25% consultations, 5%
suggestions), 3% anonymous, each hall's own customers and a pool shared by the halls (one
ticket in twenty, so the same phone comes back at other halls), one in four tickets a
hotline work order (95598 mostly, some 12345) with the hotline's own limit of 24 to 72
hours. Each ticket walks a short lifecycle, one event a step: complaints, requests and
reports are judged, assigned, replied and archived (after the callback); a consultation is
settled on the spot and archived; a suggestion is judged, answered and archived. One step
in 25 is slow; tickets of the last days stop on the way and are open. Simplified, for
speed: an event's ``before``/``after`` carry the step's status only (the "created" event
the registration's fields), its hashes are md5-made (the region's links are not checked
chains: the measured month package's are real), and ``late`` is the walk's (a slow judging
or reply, or a reply after the hotline's limit), not the deadline rules'.

    python -m benchmarks.region_data --pg-url postgresql://postgres@host/region_bench \
        --halls 20 --tickets 5000000
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
import threading
import time
import uuid
from datetime import datetime, timedelta
from typing import Any, Iterable

from benchmarks.generate import CHANNELS, KINDS
from hall_desk.core import numbering
from hall_desk.core.chain import canonical_json

DISTRICTS = "城东 城西 城南 城北 高新 开发区 江北 江南 河东 河西 新城 老城 滨湖 东湖 西湖 南湖 北湖 " \
            "桥东 桥西 临港 空港 科技城 大学城 工业园".split()
CASES = [("complaint", "营业员态度冷淡，问了三遍才回答。", "要求道歉并改进服务。"),
         ("complaint", "本月电费比上月高出一倍，怀疑电表有问题。", "要求校验电表并说明原因。"),
         ("complaint", "小区昨晚无故停电四小时，没有任何通知。", "要求说明原因并赔偿冰箱损失。"),
         ("request", "申请办理峰谷电价变更。", "希望本周内办理完毕。"),
         ("request", "电表箱门损坏，要求维修。", "尽快上门维修。"),
         ("report", "有人在营业厅门口收取代办费用。", "要求调查处理。"),
         ("consultation", "咨询阶梯电价怎么计算。", "希望得到答复。"),
         ("consultation", "咨询过户需要带哪些材料。", "希望得到答复。"),
         ("suggestion", "建议增加老年人专用窗口。", "希望得到答复。")]
STAFF = [(2, "王丽"), (3, "张伟"), (4, "刘洋"), (5, "陈静"), (6, "赵磊")]
# the walk: minutes after the previous step, (usual range, slow range), by kind's path
FULL = {"judged": ((1, 30), (60, 600)), "assigned": ((1, 60), (120, 1440)),
        "replied": ((600, 4000), (6000, 14000)), "archived": ((120, 2880), (2880, 8000))}
SPOT = {"replied": ((5, 20), (30, 90)), "archived": ((30, 1440), (1440, 4000))}
SUGGESTION = {"judged": ((5, 60), (60, 600)), "replied": ((1440, 5000), (6000, 12000)),
              "archived": ((60, 1440), (1440, 4000))}
PATHS = {"complaint": FULL, "request": FULL, "report": FULL, "consultation": SPOT,
         "suggestion": SUGGESTION}
SLOW = 0.04
HOTLINE = 0.25
SHARED = 0.05          # tickets of customers who also go to other halls of the region
ANONYMOUS = 0.03
PACKAGES = 12          # one package a month


def hall_ids(halls: int, seed: int) -> list[str]:
    return [str(uuid.UUID(int=random.Random(seed * 1000 + i).getrandbits(128), version=4))
            for i in range(halls)]


def _pg(value: Any) -> str:
    """One value in COPY's text format (the lists here hold no tab, newline or backslash)."""
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return str(value)


def _copy(cursor, table: str, columns: Iterable[str], rows: Iterable[Iterable[Any]]) -> None:
    text = "".join("\t".join(_pg(v) for v in row) + "\n" for row in rows)
    cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", io.StringIO(text))


def _model_copy(cursor, model, rows: list[dict[str, Any]]) -> None:
    fields = [f for f in model._meta.sorted_fields if f.name in rows[0]]
    _copy(cursor, model._meta.table_name, [f.column_name for f in fields],
          ([row[f.name] for f in fields] for row in rows))


# -- the ticket row as JSON text, built by the database -------------------------------------

def _iso(column: str) -> str:
    """SQL: a timestamp as JSON (``"2026-11-18T17:24:00"`` or null), as a package holds it."""
    return f"""COALESCE('"' || replace(({column})::text, ' ', 'T') || '"', 'null')"""


#: the ticket row's columns that vary, as SQL over the drawn table ``g`` joined to the
#: customer ``c`` (others keep the empty value of ``_ticket_template``)
TICKET_SQL = {
    "id": "g.ticket_id::text", "number": """'"' || g.number || '"'""",
    "number_reversed": """'"' || reverse(g.number) || '"'""", "kind": """'"' || g.kind || '"'""",
    "channel": """'"' || g.channel || '"'""", "category": "g.category::text",
    "customer_name": """'"' || CASE WHEN g.anonymous THEN '' ELSE c.name END || '"'""",
    "customer_phone": """'"' || CASE WHEN g.anonymous THEN '' ELSE c.phone END || '"'""",
    "phone_key": """'"' || CASE WHEN g.anonymous THEN '' ELSE c.phone_key END || '"'""",
    "phone_last4": """'"' || CASE WHEN g.anonymous THEN '' ELSE right(c.phone_key, 4) END || '"'""",
    "customer_address": """'"' || CASE WHEN g.anonymous THEN '' ELSE g.district || '区建设路' """
                        """|| g.house || '号' END || '"'""",
    "anonymous": "g.anonymous::text", "content": """'"' || g.content || '"'""",
    "demand": """'"' || g.demand || '"'""", "emotional_state": """'"' || g.emotion || '"'""",
    "received_at": _iso("g.received"), "created_at": _iso("g.received"),
    "counter_code": """'"' || g.counter || '"'""", "first_receiver": "g.staff::text",
    "status": """'"' || g.status || '"'""", "department": "COALESCE(g.department::text, 'null')",
    "handler_a": "CASE WHEN g.assigned_at IS NULL THEN 'null' ELSE g.staff::text END",
    "milestones": "to_json(g.milestones)::text", "next_deadline_at": _iso("g.next_due"),
    "next_deadline_rule": """'"' || g.next_rule || '"'""",
    "escalation_due_at": _iso("g.received + INTERVAL '24 hours'"),
    "settled_on_spot": "(g.kind = 'consultation' AND g.replied_at IS NOT NULL)::text",
    "valid": "CASE WHEN g.judged_at IS NULL THEN 'null' ELSE 'true' END",
    "reply_method": """CASE WHEN g.replied_at IS NULL THEN '""' ELSE '"phone"' END""",
    "reply_content": """CASE WHEN g.replied_at IS NULL THEN '""' ELSE '"已答复客户处理结果。"' END""",
    "replied_at": _iso("g.replied_at"), "archived_at": _iso("g.archived_at"),
    "satisfaction": """'"' || g.satisfaction || '"'""",
    "hotline_source": """'"' || g.hotline_source || '"'""",
    "hotline_number": """'"' || g.hotline_number || '"'""",
    "hotline_number_reversed": """'"' || reverse(g.hotline_number) || '"'""",
    "hotline_due_at": _iso("g.hotline_due"), "version": "g.events::text",
    "updated_at": _iso("g.last_at"), "updated_by": "g.staff::text",
}


def _ticket_template() -> dict[str, Any]:
    """Every column of the hall's ticket row with its empty value, as ``.dicts()`` gives
    it (foreign keys by field name, holding the id)."""
    from peewee import BooleanField, CharField, DecimalField, IntegerField, TextField

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
        else:                                   # times and people: set by TICKET_SQL
            base[field.name] = None
    base.update(milestones="{}", deadline_extensions="{}", missing_materials="[]",
                callback_window="any", round=1, priority=2, repeat_n=1, version=1,
                confirmed_by_customer=True)
    return base


def _ticket_json_sql() -> str:
    """SQL making the ``ticket:<id>`` group's JSON text: the template's keys in order, the
    varying ones from :data:`TICKET_SQL`."""
    base = _ticket_template()
    missing = set(TICKET_SQL) - set(base)
    if missing:
        raise RuntimeError(f"ticket columns gone: {sorted(missing)}")
    # one format() call: the constant text in its template, a %s for each varying value
    template, values = [], []
    for key in sorted(base):
        head = json.dumps(key, ensure_ascii=False) + ":"
        if key in TICKET_SQL:
            template.append(head + "%s")
            values.append(TICKET_SQL[key])
        else:
            template.append(head + canonical_json(base[key]))
    text = ",".join(template).replace("'", "''")
    row = f"format('{text}', {', '.join(values)})"
    callback = ("""CASE WHEN g.kind <> 'consultation' AND g.archived_at IS NOT NULL THEN """
                """'{"attempt":1,"customer_words":"处理及时。","done_at":' || """
                f"""{_iso('g.archived_at')} || ',"due_at":' || {_iso('g.replied_at')} || """
                """',"id":' || g.ticket_id || ',"method":"phone","reached":true,"round":1,'"""
                """ || '"satisfaction":"' || g.satisfaction || '","staff":' || g.staff || """
                """',"ticket":' || g.ticket_id || '}' ELSE '' END""")
    return (f"""'{{"kind":"ticket","rows":{{"callbacks":[' || {callback} || '],"ticket":[{{' """
            f"""|| {row} || '}}]}},"scope":"ticket:' || g.ticket_id || '"}}'""")


# -- the drawn tickets ---------------------------------------------------------------------

def _minutes(kind: str, step: str, draw: int) -> str:
    """SQL: the minutes a step took (usual or, one in 25, slow) for one kind, or NULL."""
    ranges = PATHS[kind].get(step)
    if ranges is None:
        return "NULL"
    (lo, hi), (slo, shi) = ranges
    return (f"CASE WHEN s{draw} < {SLOW} THEN {slo} + floor(m{draw} * {shi - slo + 1}) "
            f"ELSE {lo} + floor(m{draw} * {hi - lo + 1}) END")


def _step_sql(step: str, after: str, draw: int) -> str:
    """SQL: when a step was reached (NULL: not on the kind's path or not yet)."""
    cases = " ".join(f"WHEN '{kind}' THEN {_minutes(kind, step, draw)}" for kind in PATHS)
    return (f"{after} + make_interval(mins => (CASE kind {cases} END)::int)")


def _draw_sql(today: datetime) -> list[str]:
    """The statements drawing the tickets into ``gen_ticket`` (unlogged, dropped after)."""
    kinds, edges, total = [], [], 0
    for kind, weight in KINDS:
        total += weight
        kinds.append(kind)
        edges.append(total / 100)
    kind_case = " ".join(f"WHEN rk < {edge} THEN '{kind}'" for kind, edge in
                         zip(kinds[:-1], edges[:-1])) + f" ELSE '{kinds[-1]}'"
    letters = " ".join(f"WHEN '{k}' THEN '{numbering.prefix(k, today.date(), 'A1')[:2]}'"
                       for k in kinds)
    channels = "ARRAY[" + ", ".join(f"'{c}'" for c in CHANNELS) + "]"
    day = f"TIMESTAMP '{today:%Y-%m-%d %H:%M:00}'"
    draws = ", ".join(f"random() AS {name}" for name in (
        "rk", "rc", "rcase", "rcust", "rshared", "ranon", "rhot", "rsrc", "rdue", "rno",
        "rstaff", "rsat", "rcat", "rdep", "remo", "rchan", "rhouse",
        "s1", "s2", "s3", "s4", "m1", "m2", "m3", "m4"))
    return [
        f"""CREATE UNLOGGED TABLE gen_draw AS
            SELECT h.hall_id, h.idx, h.district, h.own_from, h.own, h.shared_from, h.shared, g.i,
                   date_trunc('minute', {day} - make_interval(
                       secs => floor(random() * 365 * 86400)::int)) AS received, {draws}
            FROM gen_hall h CROSS JOIN LATERAL generate_series(1, h.n) g(i)""",
        f"""CREATE UNLOGGED TABLE gen_walk AS
            SELECT d.*, CASE {kind_case} END AS kind,
                   ({"ARRAY['A1', 'A2', 'B1']"})[1 + floor(rc * 3)::int] AS counter
            FROM gen_draw d""",
        "DROP TABLE gen_draw",
        f"""CREATE UNLOGGED TABLE gen_steps AS
            SELECT w.*, t1, t2, t3, t4 FROM gen_walk w
            CROSS JOIN LATERAL (SELECT {_step_sql('judged', 'w.received', 1)} AS t1) a
            CROSS JOIN LATERAL (SELECT {_step_sql('assigned', 'COALESCE(t1, w.received)', 2)}
                                AS t2) b
            CROSS JOIN LATERAL (SELECT {_step_sql('replied', 'COALESCE(t2, t1, w.received)', 3)}
                                AS t3) c
            CROSS JOIN LATERAL (SELECT {_step_sql('archived', 't3', 4)} AS t4) e""",
        "DROP TABLE gen_walk",
        f"""CREATE UNLOGGED TABLE gen_ticket AS
            SELECT s.hall_id, s.idx, s.kind, s.counter, s.received, s.district,
                row_number() OVER (PARTITION BY s.hall_id ORDER BY s.received, s.i) AS ticket_id,
                CASE s.kind {letters} END || '-' || to_char(s.received, 'YYYYMMDD') || '-'
                    || s.counter || '-' || lpad((row_number() OVER (PARTITION BY s.hall_id,
                    s.kind, s.received::date, s.counter ORDER BY s.received, s.i))::text, 4, '0')
                    AS number,
                CASE WHEN s.t1 <= {day} THEN s.t1 END AS judged_at,
                CASE WHEN s.t2 <= {day} THEN s.t2 END AS assigned_at,
                CASE WHEN s.t3 <= {day} THEN s.t3 END AS replied_at,
                CASE WHEN s.t4 <= {day} THEN s.t4 END AS archived_at,
                COALESCE(s.t1 <= {day} AND s.s1 < {SLOW}, FALSE)
                    OR COALESCE(s.t3 <= {day} AND s.s3 < {SLOW}, FALSE) AS slow,
                CASE WHEN rshared < {SHARED} THEN s.shared_from + floor(rcust * s.shared)
                     ELSE s.own_from + floor(rcust * s.own) END AS customer,
                ranon < {ANONYMOUS} AS anonymous,
                CASE WHEN rhot < {HOTLINE} THEN CASE WHEN rsrc < 0.85 THEN '95598'
                     ELSE '12345' END ELSE '' END AS hotline_source,
                CASE WHEN rhot < {HOTLINE} THEN s.received + make_interval(
                     hours => 24 * (1 + floor(rdue * 3)::int)) END AS hotline_due,
                CASE WHEN rhot < {HOTLINE} THEN CASE WHEN rsrc < 0.85 THEN '95598'
                     ELSE '12345' END || to_char(s.received, 'YYYYMMDD')
                     || lpad(floor(rno * 1000000)::text, 6, '0') ELSE '' END AS hotline_number,
                CASE WHEN rhot < {HOTLINE} THEN 'phone'
                     ELSE ({channels})[1 + floor(rchan * {len(CHANNELS)})::int] END AS channel,
                1 + floor(rcat * 12)::int AS category,
                1 + floor(rdep * 4)::int AS dep_draw,
                (ARRAY['calm', 'anxious', 'upset', 'angry'])[1 + floor(remo * 4)::int]
                    AS emotion,
                CASE WHEN rsat < 0.6 THEN 'satisfied' WHEN rsat < 0.9 THEN 'basically'
                     ELSE 'dissatisfied' END AS sat_draw,
                {STAFF[0][0]} + floor(rstaff * {len(STAFF)})::int AS staff,
                1 + floor(rhouse * 300)::int AS house, floor(rcase * 1000)::int AS case_draw
            FROM gen_steps s""",
        "DROP TABLE gen_steps",
        # what follows from the steps: status, the next limit, the closing times
        f"""CREATE UNLOGGED TABLE gen AS
            SELECT t.*, CASE WHEN t.archived_at IS NOT NULL THEN 'archived'
                             WHEN t.replied_at IS NOT NULL THEN 'replied'
                             WHEN t.assigned_at IS NOT NULL THEN 'assigned'
                             WHEN t.judged_at IS NOT NULL THEN 'judged'
                             ELSE 'registered' END AS status,
                GREATEST(t.received, t.judged_at, t.assigned_at, t.replied_at, t.archived_at)
                    AS last_at,
                CASE WHEN t.replied_at IS NOT NULL THEN NULL
                     WHEN t.assigned_at IS NOT NULL THEN t.assigned_at + INTERVAL '5 days'
                     WHEN t.judged_at IS NOT NULL THEN t.judged_at + INTERVAL '1 day'
                     ELSE t.received + INTERVAL '1 day' END AS next_due,
                CASE WHEN t.replied_at IS NOT NULL THEN ''
                     WHEN t.assigned_at IS NOT NULL THEN 'reply'
                     WHEN t.judged_at IS NOT NULL THEN 'assign' ELSE 'judge' END AS next_rule,
                CASE WHEN t.assigned_at IS NOT NULL THEN t.dep_draw END AS department,
                CASE WHEN t.kind <> 'consultation' AND t.archived_at IS NOT NULL
                     THEN t.sat_draw ELSE '' END AS satisfaction,
                t.slow OR COALESCE(t.replied_at > t.hotline_due, FALSE) AS late,
                1 + (t.judged_at IS NOT NULL)::int + (t.assigned_at IS NOT NULL)::int
                  + (t.replied_at IS NOT NULL)::int + (t.archived_at IS NOT NULL)::int AS events,
                concat('{{', concat_ws(', ',
                    '"judged": "' || to_char(t.judged_at, 'YYYY-MM-DD"T"HH24:MI:SS') || '"',
                    '"assigned": "' || to_char(t.assigned_at, 'YYYY-MM-DD"T"HH24:MI:SS') || '"',
                    '"replied": "' || to_char(t.replied_at, 'YYYY-MM-DD"T"HH24:MI:SS') || '"',
                    '"archived": "' || to_char(t.archived_at, 'YYYY-MM-DD"T"HH24:MI:SS') || '"'),
                    '}}') AS milestones,
                k.content, k.demand
            FROM gen_ticket t JOIN gen_case k ON k.kind = t.kind
                AND k.n = t.case_draw % k.total""",
        "DROP TABLE gen_ticket",
        "ANALYZE gen",
    ]


def _month_sql(column: str, start: datetime) -> str:
    """SQL: the package (1..12) that first carried a change made at ``column``."""
    return (f"LEAST({PACKAGES}, GREATEST(1, floor(extract(epoch FROM {column} - TIMESTAMP "
            f"'{start:%Y-%m-%d %H:%M:%S}') / 86400 * {PACKAGES} / 366)::int + 1))")


def _insert_sql(start: datetime) -> dict[str, str]:
    """The three big INSERT ... SELECTs (run at once on three connections)."""
    from hall_desk.core.headoffice import NO_LIMIT as no_limit

    month = _month_sql("g.last_at", start)
    due = ("CASE WHEN g.hotline_due IS NOT NULL AND g.replied_at IS NULL AND "
           "(g.next_due IS NULL OR g.hotline_due < g.next_due) THEN g.hotline_due "
           "ELSE g.next_due END")
    ticket_index = f"""
        INSERT INTO ho_ticket (hall_id, ticket_id, sequence, number, number_reversed, kind,
            status, received_at, closed_at, due_at, due_key, due_rule, late, anonymous,
            customer, phone, phone_key, phone_last4, hotline_source, hotline_number,
            hotline_reversed, summary, repeated)
        SELECT g.hall_id, g.ticket_id, {month}, g.number, reverse(g.number), g.kind, g.status,
            g.received, COALESCE(g.replied_at, g.archived_at), {due},
            COALESCE({due}, TIMESTAMP '{no_limit:%Y-%m-%d %H:%M:%S}'),
            CASE WHEN g.hotline_due IS NOT NULL AND g.replied_at IS NULL AND
                 (g.next_due IS NULL OR g.hotline_due < g.next_due) THEN 'hotline'
                 ELSE g.next_rule END,
            g.late, g.anonymous,
            CASE WHEN g.anonymous THEN '' ELSE c.masked_name END,
            CASE WHEN g.anonymous THEN '' ELSE c.masked_phone END,
            CASE WHEN g.anonymous THEN '' ELSE c.phone_key END,
            CASE WHEN g.anonymous THEN '' ELSE right(c.phone_key, 4) END,
            g.hotline_source, g.hotline_number, reverse(g.hotline_number), '', FALSE
        FROM gen g JOIN gen_customer c ON c.id = g.customer"""
    groups = f"""
        INSERT INTO ho_group (hall_id, scope, sequence, data)
        SELECT g.hall_id, 'ticket:' || g.ticket_id, {month}, {_ticket_json_sql()}
        FROM gen g JOIN gen_customer c ON c.id = g.customer"""
    created = ("""'{"anonymous":' || g.anonymous::text || ',"category":' || g.category || """
               """',"channel":"' || g.channel || '","content":"' || g.content || """
               """'","counter_code":"' || g.counter || '","customer_name":"' || """
               """CASE WHEN g.anonymous THEN '' ELSE c.name END || '","customer_phone":"' || """
               """CASE WHEN g.anonymous THEN '' ELSE c.phone END || '","demand":"' || """
               """g.demand || '","hotline_number":"' || g.hotline_number || """
               """'","hotline_source":"' || g.hotline_source || '","kind":"' || g.kind || """
               """'","number":"' || g.number || '","received_at":' || """
               f"""{_iso('g.received')} || ',"status":"registered"}}'""")
    full = "g.kind IN ('complaint', 'request', 'report')"
    steps = f"""(VALUES
            (1, 'created', g.received, '{{}}', {created}),
            (2, 'judge_valid', g.judged_at, '{{"status":"registered"}}', '{{"status":"judged"}}'),
            (3, 'assign', g.assigned_at, '{{"status":"judged"}}', '{{"status":"assigned"}}'),
            (CASE WHEN {full} THEN 4 WHEN g.kind = 'suggestion' THEN 3 ELSE 2 END,
             CASE WHEN g.kind = 'consultation' THEN 'settle_on_spot' ELSE 'reply' END,
             g.replied_at, CASE WHEN {full} THEN '{{"status":"assigned"}}'
                 WHEN g.kind = 'suggestion' THEN '{{"status":"judged"}}'
                 ELSE '{{"status":"registered"}}' END, '{{"status":"replied"}}'),
            (CASE WHEN {full} THEN 5 WHEN g.kind = 'suggestion' THEN 4 ELSE 3 END, 'archive',
             g.archived_at, '{{"status":"replied"}}', '{{"status":"archived"}}'))
            e(seq, action, at, before, after)"""
    event_id = "g.ticket_id * 8 + e.seq"
    links = f"""
        INSERT INTO ho_chain_row (hall_id, chain, row_id, sequence, data, ticket)
        SELECT g.hall_id, 'ticket_event', {event_id}, {_month_sql('e.at', start)},
            '{{"kind":"event","row":{{"action":"' || e.action || '","actor":' || g.staff
            || ',"actor_label":"' || (ARRAY[{", ".join(f"'{n}'" for _i, n in STAFF)}])[
                g.staff - {STAFF[0][0] - 1}] || '","after":' || to_json(e.after)::text
            || ',"at":' || {_iso('e.at')} || ',"before":' || to_json(e.before)::text
            || ',"hash":"' || md5(g.hall_id || {event_id}) || md5({event_id} || g.hall_id)
            || '","id":' || {event_id} || ',"note":"","prev_hash":"'
            || md5(g.hall_id || ({event_id} - 1)) || md5(({event_id} - 1) || g.hall_id)
            || '","seq":' || e.seq || ',"ticket":' || g.ticket_id || '}}}}',
            g.ticket_id
        FROM gen g JOIN gen_customer c ON c.id = g.customer
        CROSS JOIN LATERAL {steps} WHERE e.at IS NOT NULL"""
    return {"ho_ticket": ticket_index, "ho_group": groups, "ho_chain_row": links}


# -- the small lists, from Python -----------------------------------------------------------

def _lists(cursor, ids: list[str], share: list[int], seed: int, today: datetime) -> None:
    from hall_desk.core.masking import mask_name, mask_phone
    from hall_desk.services import demo
    from hall_desk.store.headoffice import HoHall, HoPackage

    rng = random.Random(seed)
    cursor.execute("CREATE UNLOGGED TABLE gen_customer (id INTEGER PRIMARY KEY, name TEXT, "
                   "phone TEXT, phone_key TEXT, masked_name TEXT, masked_phone TEXT)")
    cursor.execute("CREATE UNLOGGED TABLE gen_hall (idx INTEGER, hall_id TEXT, district TEXT, "
                   "n INTEGER, own_from INTEGER, own INTEGER, shared_from INTEGER, "
                   "shared INTEGER)")
    cursor.execute("CREATE UNLOGGED TABLE gen_case (kind TEXT, n INTEGER, total INTEGER, "
                   "content TEXT, demand TEXT)")
    cases = [(kind, [c[0] for c in CASES[:i]].count(kind), [c[0] for c in CASES].count(kind),
              content, demand) for i, (kind, content, demand) in enumerate(CASES)]
    _copy(cursor, "gen_case", ("kind", "n", "total", "content", "demand"), cases)
    # each hall's own customers (a quarter as many as its tickets), then the shared pool
    own = [max(20, n // 4) for n in share]
    shared_from, shared = sum(own), max(50, sum(share) // 100)
    halls = [(index, hall, DISTRICTS[index % len(DISTRICTS)], n, sum(own[:index]), own[index],
              shared_from, shared) for index, (hall, n) in enumerate(zip(ids, share))]
    first, customers = shared_from, []
    for number in range(first + shared):
        phone = rng.choice(demo._MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
        name = demo.random_name(rng)
        shown = f"{phone[:3]} {phone[3:7]} {phone[7:]}"
        customers.append((number, name, shown, phone, mask_name(name), mask_phone(shown)))
    _copy(cursor, "gen_customer", ("id", "name", "phone", "phone_key", "masked_name",
                                   "masked_phone"), customers)
    _copy(cursor, "gen_hall", ("idx", "hall_id", "district", "n", "own_from", "own",
                               "shared_from", "shared"), halls)
    start = today - timedelta(days=365)
    hall_rows, packages = [], []
    for index, hall in enumerate(ids):
        heads = {chain: {"hash": f"{random.Random(hall + chain).getrandbits(256):064x}",
                         "length": 0} for chain in ("duty_log", "signature", "state",
                                                    "ticket_event")}
        for sequence in range(1, PACKAGES + 1):
            at = start + timedelta(days=sequence * 365 // PACKAGES)
            packages.append({
                "hall": hall, "sequence": sequence,
                "sha256": f"{random.Random(hall + str(sequence)).getrandbits(256):064x}",
                "created_at": at.isoformat(timespec="seconds"), "created_by": "王丽",
                "received_at": at + timedelta(days=2), "received_by": "region",
                "heads_before": canonical_json(heads), "heads_after": canonical_json(heads),
                "counts": "{}", "file_name": f"hall-{hall[:8]}-{sequence:06d}.hdpkg"})
        suffix = "" if index < len(DISTRICTS) else str(index // len(DISTRICTS) + 1)
        hall_rows.append({"hall_id": hall,
                          "name": f"{DISTRICTS[index % len(DISTRICTS)]}{suffix}供电营业厅",
                          "first_received_at": start + timedelta(days=32),
                          "last_sequence": PACKAGES, "last_heads": canonical_json(heads),
                          "last_received_at": today - timedelta(days=1)})
    _model_copy(cursor, HoHall, hall_rows)
    _model_copy(cursor, HoPackage, packages)


def _secondary_indexes(cursor) -> list[tuple[str, str]]:
    cursor.execute("""SELECT i.indexname, i.indexdef FROM pg_indexes i
                      JOIN pg_class c ON c.relname = i.indexname
                      JOIN pg_index x ON x.indexrelid = c.oid
                      WHERE i.schemaname = 'public' AND i.tablename IN
                      ('ho_ticket', 'ho_group', 'ho_chain_row') AND NOT x.indisprimary
                      ORDER BY i.indexname""")
    return list(cursor.fetchall())


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


def _run_at_once(url: str, statements: dict[str, str]) -> dict[str, float]:
    """Each statement on a connection of its own, at the same time; seconds each."""
    import psycopg2

    took: dict[str, float] = {}
    failed: list[BaseException] = []

    def run(name: str, sql: str) -> None:
        try:
            conn = psycopg2.connect(url)
            try:
                with conn, conn.cursor() as cursor:
                    started = time.perf_counter()
                    cursor.execute(sql)
                    took[name] = time.perf_counter() - started
            finally:
                conn.close()
        except BaseException as exc:        # re-raised in the caller's thread
            failed.append(exc)

    threads = [threading.Thread(target=run, args=item) for item in statements.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failed:
        raise failed[0]
    return took


def generate_region(url: str, halls: int, tickets: int, *, seed: int = 21,
                    today: datetime | None = None) -> dict[str, Any]:
    """Fill the (empty) head-office database at ``url`` with a region; returns counts and
    seconds. The tables come from ``store.headoffice.open_headoffice``."""
    import psycopg2

    from hall_desk.store.headoffice import close_headoffice, open_headoffice

    started = time.perf_counter()
    today = (today or datetime.now()).replace(second=0, microsecond=0)
    open_headoffice(url=url)
    close_headoffice()
    ids = hall_ids(halls, seed)
    share = [tickets // halls + (1 if i < tickets % halls else 0) for i in range(halls)]
    seconds: dict[str, float] = {}
    conn = psycopg2.connect(url)
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM ho_hall")
            if cursor.fetchone()[0]:
                raise SystemExit("the head office's database is not empty")
            for table in ("gen_customer", "gen_hall", "gen_case", "gen"):
                cursor.execute(f"DROP TABLE IF EXISTS {table}")
            indexes = _secondary_indexes(cursor)
            for name, _definition in indexes:
                cursor.execute(f"DROP INDEX {name}")
            _lists(cursor, ids, share, seed, today)
            cursor.execute("SELECT setseed(%s)", (seed / 1000,))
            mark = time.perf_counter()
            for sql in _draw_sql(today):
                cursor.execute(sql)
            seconds["draw"] = time.perf_counter() - mark
        mark = time.perf_counter()
        seconds.update(_run_at_once(url, _insert_sql(today - timedelta(days=365))))
        seconds["insert"] = time.perf_counter() - mark
        with conn.cursor() as cursor:
            mark = time.perf_counter()
            # three connections, each building its share of the indexes in turn
            _run_at_once(url, {f"indexes {i}": ";".join(d for _n, d in indexes[i::3])
                               for i in range(3) if indexes[i::3]})
            seconds["indexes"] = time.perf_counter() - mark
            mark = time.perf_counter()
            _mark_repeats(cursor)
            seconds["repeats"] = time.perf_counter() - mark
            cursor.execute("SELECT COUNT(*), SUM(events) FROM gen")
            count, events = cursor.fetchone()
            for table in ("gen_customer", "gen_hall", "gen_case", "gen"):
                cursor.execute(f"DROP TABLE {table}")
            cursor.execute("ANALYZE")
    finally:
        conn.close()
    return {"halls": halls, "tickets": int(count), "events": int(events),
            "seconds": time.perf_counter() - started,
            "steps": {k: round(v, 1) for k, v in seconds.items()}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg-url", required=True)
    parser.add_argument("--halls", type=int, default=20)
    parser.add_argument("--tickets", type=int, default=5_000_000)
    parser.add_argument("--seed", type=int, default=21)
    args = parser.parse_args(argv)
    got = generate_region(args.pg_url, args.halls, args.tickets, seed=args.seed)
    print(json.dumps(got), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
