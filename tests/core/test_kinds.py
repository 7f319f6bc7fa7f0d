"""The kinds table and what reads it; the promised reply time; record numbers."""

from __future__ import annotations

import json
import pickle
from datetime import date, datetime

import pytest

from hall_desk.core import i18n, kinds, lifecycle, numbering, promise
from hall_desk.core.enums import Role, TicketKind
from hall_desk.core.validation import required_fields, validate_intake


def test_ticket_kind_behaves_like_the_other_string_enums():
    assert TicketKind.codes() == ["complaint", "request", "report", "consultation", "suggestion"]
    assert [k.value for k in TicketKind] == TicketKind.codes() and len(TicketKind) == 5
    assert TicketKind("report") is TicketKind.REPORT and TicketKind(TicketKind.REPORT) is TicketKind.REPORT
    assert TicketKind.COMPLAINT == "complaint" and str(TicketKind.COMPLAINT) == "complaint"
    assert TicketKind.COMPLAINT.name == "COMPLAINT" and "request" in TicketKind
    assert json.dumps({"k": TicketKind.REQUEST}) == '{"k": "request"}'
    assert pickle.loads(pickle.dumps(TicketKind.SUGGESTION)) is TicketKind.SUGGESTION
    for wrong in ("praise", "", None, 3):
        with pytest.raises(ValueError):
            TicketKind(wrong)


def test_every_kind_has_its_words_letters_and_sheet_title():
    letters = [k.letters for k in kinds.every()]
    assert letters == ["TS", "SQ", "JB", "ZX", "JY"] and len(set(letters)) == len(letters)
    for k in kinds.every():
        assert i18n.text(f"kind.{k.code}", "zh") == k.zh and i18n.text(f"kind.{k.code}", "en") == k.en
        assert numbering.prefix(k.code, date(2026, 10, 1), "a1") == f"{k.letters}-20261001-A1"
    assert kinds.sheet_title("complaint") == "客户投诉记录表"
    assert kinds.sheet_title("suggestion") == "客户建议记录表"
    assert kinds.sheet_title("gone") == "客户gone记录表"        # a stored kind no longer known
    with pytest.raises(ValueError):
        kinds.register(kinds.Kind("dup", "TS", "重", "Dup", frozenset()))   # letters taken
    with pytest.raises(ValueError):
        kinds.register(kinds.Kind("lower", "by", "小", "Lower", frozenset()))


def test_the_table_decides_required_fields_and_the_lifecycle():
    assert required_fields("complaint") == {"customer_name", "phone", "content", "demand"}
    assert required_fields("report") == {"content"} and required_fields("nonsense") == {"content"}
    with pytest.raises(Exception) as refused:
        validate_intake({"kind": "request", "content": "x"})
    assert {"customer_name", "phone", "demand"} <= set(refused.value.errors)
    for k in TicketKind:
        replied = lifecycle.allowed_actions("replied", k, Role.SUPERVISOR)
        assert ("archive_without_callback" in replied) is k.entry.light
        assert ("set_target" in lifecycle.allowed_actions("registered", k, Role.SUPERVISOR)) \
            is k.entry.target
    assert [k for k in TicketKind if k.entry.light] == ["consultation", "suggestion"]
    assert [k for k in TicketKind if k.entry.target] == ["complaint", "report"]


def test_numbers_are_read_by_the_table():
    assert numbering.looks_like_number(" zx-20261001-b2-0007 ")
    assert not numbering.looks_like_number("AB-20261001-B2-0007")     # no kind has AB
    assert numbering.starts_like_number("jy-2026") and not numbering.starts_like_number("JD-0")
    assert numbering.reception_number(42) == "JD-00042" and numbering.reception_number(None) == "JD-00000"


def test_the_record_number_of_a_reception_is_the_core_one():
    from hall_desk.pdf.reception import record_number

    assert record_number({"id": 7}) == numbering.reception_number(7)


D = promise.Due


@pytest.mark.parametrize("dues, agreed, expected", [
    ([D("forward", 1), D("reply", 5), D("result", 3)], None, (5, False)),
    ([D("first_feedback", 2), D("result", 3)], None, (3, False)),          # result before first_feedback
    ([D("forward", 1, met=True), D("escalate", 4)], 9, (9, False)),         # agreed, no customer rule
    ([D("forward", 1, met=True), D("escalate", 4, provisional=True)], None, (4, True)),
    ([D("forward", 1, met=True)], None, (1, False)),                        # every one met
    ([], None, (None, False)),
])
def test_the_promised_time(dues, agreed, expected):
    assert promise.promised(dues, agreed) == expected


def test_the_screen_and_the_receipt_promise_the_same_time():
    from hall_desk.pdf.receipt import promise_of

    due = datetime(2026, 10, 8, 17, 30)
    computed = [D("forward", datetime(2026, 9, 30, 16, 5), True), D("escalate", due, False, True)]
    agreed = datetime(2026, 10, 9, 10, 0)
    on_screen = promise.promised(computed, agreed)
    on_paper = promise_of({"agreed_due_at": agreed.isoformat(timespec="minutes"), "deadlines": [
        {"rule": d.rule, "due": d.due.isoformat(timespec="minutes"),
         "state": "met" if d.met else "open", "provisional": d.provisional} for d in computed]})
    assert on_screen == (agreed, False)
    assert on_paper == (agreed.isoformat(timespec="minutes"), False)
