"""Property-based tests of the JSON import behind ``hall-desk intake --json FILE``
(``hall_desk.cli.cmd_intake``), on SQLite and PostgreSQL.

Arbitrary JSON (objects, lists, nesting, wrong types) and intake objects with hostile values:

- never a crash: the import registers every ticket or refuses with one CliError/HallError;
- all or nothing: a refusal leaves every table as it was;
- a refusal names the item (``[i].``) and the field of every bad object;
- every registered ticket prints: its record sheet and receipt build, and the ticket number
  reads back from the PDFs' text.

Reproduce the figures: ``HALL_DESK_TEST_PG_URL=... pytest tests/cli/test_fuzz_import.py
--hypothesis-show-statistics``.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from hall_desk import config
from hall_desk.cli import INTAKE_KEYS, CliError, Runtime, cmd_intake
from hall_desk.core.errors import HallError, ValidationError
from hall_desk.services import lifecycle, printing, tickets
from hall_desk.services.context import clock
from hall_desk.store.models import Ticket, db

NOW = datetime(2026, 11, 23, 15, 30)
IMPORT = settings(max_examples=25, deadline=None, database=None,
                  suppress_health_check=[HealthCheck.function_scoped_fixture,
                                         HealthCheck.too_slow, HealthCheck.data_too_large])

PRINTABLE = st.characters(blacklist_categories=("Cc", "Cs"))
HOSTILE = st.sampled_from(["", " ", "\x00", "\ud800", "\u202e反转", "😀" * 3, "\u200b", "x" * 6000,
                           "<b>&</b>", "\n\n", "TS-20261123-A1-0001", "2026-13-01", "1e400"])
json_scalars = (st.none() | st.booleans() | st.integers(-2**70, 2**70)
                | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=12) | HOSTILE)
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.text(max_size=6), inner, max_size=3), max_leaves=8)
GOOD = {
    "kind": st.sampled_from(["complaint", "request", "report", "consultation", "suggestion"]),
    "channel": st.sampled_from(["walk-in", "phone", "letter", "online", "transferred"]),
    "category": st.sampled_from(["service", "服务质量", "价格与收费", "Service quality"]),
    "customer_name": st.sampled_from(["张秀兰", "欧阳娜娜", "Li Wei", "买买提·艾力"]),
    "phone": st.sampled_from(["13812345678", "+86 139 0000 1111", "010-88886666", 13512345678]),
    "address": st.text(PRINTABLE, max_size=30),
    "content": st.text(PRINTABLE, min_size=1, max_size=200).filter(str.strip) | st.just("营业员态度冷淡。"),
    "demand": st.sampled_from(["要求道歉。", "退还预存电费", "尽快处理\n谢谢"]),
    "anonymous": st.booleans(), "confirmed_by_customer": st.booleans(),
    "emotional_state": st.sampled_from(["calm", "anxious", "upset", "angry", "agitated"]),
    "evidence_note": st.text(PRINTABLE, max_size=40), "business_type": st.sampled_from(["电费缴纳", "过户"]),
    "received_at": st.sampled_from(["2026-11-23 09:00", "2026-11-20T08:30", "2026-11-23"]),
    "agreed_due_at": st.sampled_from(["2026-11-30 17:00", "2026-12-01"]),
    "missing_materials": st.lists(st.sampled_from(["户主身份证复印件", "房产证明"]), max_size=2),
    "callback_window": st.sampled_from(["any", "weekday_morning", "evening", "周末", ""]),
    # whom a complaint is about: names looked up in the hall's staff and departments
    "target_kind": st.sampled_from(["", "staff", "department", "other"]),
    "target_staff": st.sampled_from(["", "刘洋", "liuyang", "不存在的人"]),
    "target_department": st.sampled_from(["", "OPS", "营业部"]),
    "target_text": st.sampled_from(["", "第三方施工队"]),
    # a hotline's work order: source and number go together (core.hotline)
    "hotline_source": st.sampled_from(["95598", "12345", "other", ""]),
    "hotline_number": st.sampled_from(["2026112300017", "gd/2026/7", ""]),
    "hotline_due_at": st.sampled_from(["2026-11-30 17:00", "2026-11-01 08:00", ""]),
}
assert set(GOOD) == INTAKE_KEYS
field_value = {k: v | json_values if k not in ("content",) else v | HOSTILE
               for k, v in GOOD.items()}
_BASE = st.fixed_dictionaries({k: GOOD[k] for k in ("kind", "content", "customer_name", "phone",
                                                     "demand")})
good_objects = st.builds(lambda base, extra: {**base, **extra}, _BASE,
                         st.fixed_dictionaries({}, optional=GOOD))
intake_objects = st.builds(lambda base, extra: {**base, **extra}, _BASE,
                           st.fixed_dictionaries({}, optional=field_value))
hostile_objects = st.fixed_dictionaries({}, optional={**field_value, "priority": json_values,
                                                      "extra": json_values})
payloads = st.one_of(
    intake_objects, st.lists(intake_objects, min_size=1, max_size=3),
    st.lists(intake_objects | hostile_objects | json_values, max_size=4), hostile_objects,
    json_values,
)


def database_state() -> str:
    digest = hashlib.sha256()
    for table in sorted(db.get_tables()):
        rows = db.execute_sql(f'SELECT * FROM "{table}" ORDER BY 1').fetchall()
        rows = [tuple(bytes(v) if isinstance(v, memoryview) else v for v in row) for row in rows]
        digest.update(f"{table}:{rows!r}".encode())
    return digest.hexdigest()


def pdf_text(data: bytes) -> str:
    return "".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(data)).pages)


def expected_refusals(payload) -> dict[int, set[str]]:
    """Which items are bad, and at least which keys, by the rules (the database only for a
    work order another ticket has)."""
    items = payload if isinstance(payload, list) else [payload]
    bad: dict[int, set[str]] = {}
    orders: set[tuple[str, str]] = set()     # one work order, one ticket: in the list too
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            bad[i] = set()
            continue
        keys = set(item) - INTAKE_KEYS
        data = {k: v for k, v in item.items() if k in INTAKE_KEYS}
        for key in ("received_at", "agreed_due_at"):
            if data.get(key):           # the import reads times from their text, as typed
                try:
                    data[key] = datetime.fromisoformat(str(data[key]).strip().replace("T", " "))
                except ValueError:
                    keys.add(key)
        try:
            clean = tickets.check_intake(data)
        except ValidationError as exc:
            keys |= set(exc.fields)
        else:
            order = (clean["hotline_source"], clean["hotline_number"])
            if clean["hotline_number"] and (order in orders or tickets.hotline_owner(*order)):
                keys.add("hotline_number")
            orders.add(order)
        try:                            # whom it is about: names looked up in the hall
            lifecycle.intake_target(data)
        except ValidationError as exc:
            keys |= set(exc.fields)
        if keys:
            bad[i] = keys
    return bad


@pytest.fixture
def importer(hall, tmp_path):
    clerk = hall["liuyang"]
    source = tmp_path / "batch.json"
    stats = {"tried": 0, "accepted": 0, "refused": 0, "tickets": 0}

    def run(payload) -> None:
        stats["tried"] += 1
        source.write_text(json.dumps(payload, ensure_ascii=True), encoding="utf-8")
        rt = Runtime(argparse.Namespace(json=str(source), counter="A1"), config.LocalConfig())
        bad = expected_refusals(payload)
        before_state, before_max = database_state(), Ticket.select().count()
        out = io.StringIO()
        try:
            with contextlib.redirect_stdout(out):
                assert cmd_intake(rt) == 0
        except (CliError, HallError) as exc:
            stats["refused"] += 1
            assert database_state() == before_state, "a refused import wrote something"
            message = str(exc)
            assert bad, f"refused a batch the rules accept: {message}"
            many = isinstance(payload, list)
            for i, keys in bad.items():
                where = f"[{i}]" if many else ""
                if keys:
                    for key in keys:
                        assert f"{where}{'.' if many else ''}{key}:" in message, (key, message)
                else:
                    assert f"{where or 'ticket'}:" in message, message
            return
        stats["accepted"] += 1
        assert not bad, f"accepted a batch with bad items {bad}"
        numbers = out.getvalue().split()
        items = payload if isinstance(payload, list) else [payload]
        assert len(numbers) == len(items) == Ticket.select().count() - before_max
        for number in numbers:
            stats["tickets"] += 1
            for sheet in ("record", "receipt"):
                text = "".join(pdf_text(printing.sheet(clerk, number, sheet)).split())
                assert number in text, (sheet, number)

    with clock(lambda: NOW):
        yield run
    print(f"\nJSON import fuzz: {stats}")


@IMPORT
@given(payloads)
def test_any_json_is_imported_whole_or_refused_by_item_and_field(importer, payload):
    importer(payload)


@IMPORT
@given(st.lists(good_objects, min_size=1, max_size=3))
def test_good_batches_register_and_print(importer, payload):
    importer(payload)


def test_known_hostile_imports(importer):
    """Inputs that once crashed the import or were read wrongly."""
    base = {"kind": "complaint", "customer_name": "张三", "phone": "13812345678",
            "content": "营业员态度冷淡。", "demand": "道歉"}
    for bad in [{"category": "服务\x00质量"}, {"category": "\ud800"}, {"content": "\ud800"},
                {"received_at": "0001-01-01"}, {"agreed_due_at": "9999-12-31 23:59"},
                {"customer_name": ["张三"]}, {"anonymous": "yes please"},
                {"received_at": [2026]}, {"category": "x" * 10000}]:
        importer([base, dict(base, **bad)])
    importer([base, dict(base, anonymous="false")])


def test_a_work_order_twice_or_taken_is_refused_by_item(importer):
    """One work order, one ticket: an item repeating an earlier item's work order, or one a
    registered ticket has, is named with its place in the list and its field."""
    base = {"kind": "complaint", "customer_name": "张三", "phone": "13812345678",
            "content": "营业员态度冷淡。", "demand": "道歉", "hotline_source": "95598",
            "hotline_number": "2026112300017"}
    importer([base, dict(base, hotline_number="2026112300018"), dict(base, phone="13812345679")])
    importer([dict(base, hotline_number="2026112300099")])
    importer([dict(base, hotline_number="2026112300099", phone="13812345670")])
