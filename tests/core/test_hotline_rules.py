"""Hotline work orders, the rules: the sources table, the work-order number, the three
fields together, the hotline's limit beside the hall's, and the column mappings."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from hall_desk.core import hotline
from hall_desk.core.deadlines import DeadlineState
from hall_desk.core.enums import TicketKind
from hall_desk.core.errors import FieldError, HallError, ValidationError
from hall_desk.core.validation import validate_intake

RECEIVED = datetime(2026, 11, 20, 9, 0)
NOW = datetime(2026, 11, 21, 9, 0)
MAPPINGS = Path(__file__).resolve().parents[2] / "resources" / "templates" / "hotline"


def test_the_sources_are_one_table_with_both_names():
    assert hotline.codes() == ["95598", "12345", "12378", "12398", "other"]
    assert hotline.source("12378").title("zh").startswith("12378 银行保险")
    assert hotline.label("95598", "en") == "95598 power supply hotline"
    assert hotline.label("", "zh") == ""
    with pytest.raises(FieldError) as err:
        hotline.source("110")
    assert err.value.field == "hotline_source"


@pytest.mark.parametrize("typed, stored", [
    (" gd2026-11/0001 ", "GD2026-11/0001"), ("2026112000123", "2026112000123"),
    (2026112000123.0, "2026112000123"), ("", ""), (None, "")])
def test_a_work_order_number_is_trimmed_and_upper_case(typed, stored):
    assert hotline.clean_number(typed) == stored


@pytest.mark.parametrize("typed, key", [
    ("2026 1120", "hotline.error.number_chars"), ("-123", "hotline.error.number_chars"),
    ("工单123", "hotline.error.number_chars"), ("12\x00", "hotline.error.number_chars"),
    ("1" * 41, "error.too_long")])
def test_a_bad_work_order_number_names_its_field(typed, key):
    with pytest.raises(FieldError) as err:
        hotline.clean_number(typed)
    assert (err.value.field, err.value.key) == ("hotline_number", key)
    assert "热线工单号" in err.value.message("zh")


def _form(**extra):
    return {"kind": "complaint", "customer_name": "张三", "phone": "13800138000",
            "content": "电费突增", "demand": "核查", "received_at": RECEIVED, **extra}


def test_intake_takes_the_three_fields():
    out = validate_intake(_form(hotline_source="95598", hotline_number="x-1",
                                hotline_due_at="2026-11-27 09:00"), now=NOW)
    assert (out["hotline_source"], out["hotline_number"], out["hotline_due_at"]) == (
        "95598", "X-1", datetime(2026, 11, 27, 9, 0))
    plain = validate_intake(_form(), now=NOW)
    assert (plain["hotline_source"], plain["hotline_number"], plain["hotline_due_at"]) == (
        "", "", None)


@pytest.mark.parametrize("extra, field, key", [
    ({"hotline_number": "123"}, "hotline_source", "hotline.error.source_needed"),
    ({"hotline_source": "95598"}, "hotline_number", "hotline.error.number_needed"),
    ({"hotline_source": "110", "hotline_number": "1"}, "hotline_source", "error.choice"),
    ({"hotline_due_at": "2026-11-27 09:00"}, "hotline_due_at", "hotline.error.due_alone"),
    ({"hotline_source": "95598", "hotline_number": "1", "hotline_due_at": "2026-11-20 08:00"},
     "hotline_due_at", "hotline.error.due_before"),
    ({"hotline_source": "95598", "hotline_number": "1", "hotline_due_at": "明天"},
     "hotline_due_at", "error.choice"),
])
def test_the_fields_go_together(extra, field, key):
    with pytest.raises(ValidationError) as err:
        validate_intake(_form(**extra), now=NOW)
    assert list(err.value.errors) == [field]
    assert err.value.errors[field].key == key


@pytest.mark.parametrize("now, replied, state", [
    (RECEIVED + timedelta(hours=1), None, DeadlineState.OPEN),
    (RECEIVED + timedelta(hours=23), None, DeadlineState.DUE_SOON),
    (RECEIVED + timedelta(hours=25), None, DeadlineState.OVERDUE),
    (RECEIVED + timedelta(hours=25), RECEIVED + timedelta(hours=2), DeadlineState.MET)])
def test_the_hotline_limit_is_a_deadline_judged_like_the_others(now, replied, state):
    limit = hotline.deadline(RECEIVED + timedelta(hours=24), RECEIVED, replied, now, 0.2)
    assert (limit.code, limit.state, limit.met_at) == ("hotline", state, replied)
    assert limit.label == "热线时限"
    assert hotline.deadline(None, RECEIVED, None, now, 0.2) is None


def test_the_hotline_limit_comes_first_in_the_next_deadline_while_unmet():
    due = RECEIVED + timedelta(hours=24)
    hall = RECEIVED + timedelta(days=2)
    assert hotline.sooner(hall, "reply", due, None) == (due, "hotline")
    assert hotline.sooner(None, "", due, None) == (due, "hotline")
    assert hotline.sooner(RECEIVED + timedelta(hours=1), "forward", due, None) == (
        RECEIVED + timedelta(hours=1), "forward")
    assert hotline.sooner(hall, "reply", due, RECEIVED + timedelta(hours=2)) == (hall, "reply")
    assert hotline.sooner(hall, "reply", None, None) == (hall, "reply")


LINKED = ("95598", "GD-1", None)


@pytest.mark.parametrize("before, after, note, errors", [
    (("", "", None), ("95598", "GD-1", None), "", {}),              # a first link: no reason
    (("", "", None), ("", "", None), "", {"hotline_number": "error.required"}),
    (LINKED, LINKED, "again", {"hotline_number": "hotline.error.link_unchanged"}),
    (LINKED, ("95598", "GD-2", None), "", {"note": "hotline.error.relink_note"}),
    (LINKED, ("95598", "GD-1", NOW), "", {"note": "hotline.error.relink_note"}),
    (LINKED, ("", "", None), "", {"note": "hotline.error.relink_note"}),
    (LINKED, ("", "", None), "并非热线工单", {}),
    (LINKED, ("95598", "GD-2", None), "工单号录错", {})])
def test_a_later_link_changes_something_and_a_relink_says_why(before, after, note, errors):
    found: dict = {}
    hotline.check_link(before, dict(zip(hotline.FIELDS, after)), note, found)
    assert {f: e.key for f, e in found.items()} == errors


def test_a_later_link_adds_nothing_to_the_field_problems_already_found():
    found = {"hotline_number": FieldError("hotline_number", "hotline.error.number_chars")}
    hotline.check_link(LINKED, dict(zip(hotline.FIELDS, LINKED)), "", found)
    assert list(found) == ["hotline_number"] and found["hotline_number"].key == \
        "hotline.error.number_chars"


@pytest.mark.parametrize("name", ["95598", "12345"])
def test_the_shipped_mappings_read(name):
    m = hotline.loads_mapping((MAPPINGS / f"{name}.toml").read_text(encoding="utf-8"),
                              TicketKind.codes())
    assert m.name == m.source == name
    assert {"hotline_number", "received_at", "content"} <= set(m.columns)
    assert set(m.reply) == set(hotline.REPLY_COLUMNS)


def test_a_bad_mapping_names_every_problem():
    text = ('name = "Bad Name"\nsource = "110"\nkind = "x"\n[columns]\nhotline_number = "号"\n'
            'colour = "颜色"\n[kinds]\n"投诉" = "grumble"\n')
    with pytest.raises(ValidationError) as err:
        hotline.loads_mapping(text, TicketKind.codes())
    assert set(err.value.errors) == {"name", "source", "kind", "columns.colour",
                                     "columns.received_at", "columns.content", "kinds.投诉"}
    with pytest.raises(HallError) as err:
        hotline.loads_mapping("name = ", TicketKind.codes())
    assert err.value.key == "hotline.error.mapping_toml"


def test_a_row_becomes_an_intake_form_through_the_mapping():
    m = hotline.loads_mapping((MAPPINGS / "12345.toml").read_text(encoding="utf-8"),
                              TicketKind.codes())
    row = {"工单号": "GD-7", "来电时间": "2026/11/20 09:30", "诉求人": "李四",
           "来电号码": 13800138001, "诉求内容": " 路灯不亮 ", "办结时限": "2026/11/27 09:30",
           "别的列": "不读"}
    data = hotline.intake_of(m, row)
    assert data["kind"] == "request" and data["channel"] == "phone"
    assert (data["hotline_source"], data["hotline_number"]) == ("12345", "GD-7")
    assert data["received_at"] == datetime(2026, 11, 20, 9, 30)
    assert data["hotline_due_at"] == datetime(2026, 11, 27, 9, 30)
    assert (data["phone"], data["content"]) == ("13800138001", "路灯不亮")
    assert hotline.missing_columns(m, list(row)) == ["诉求地址", "诉求目的"]
