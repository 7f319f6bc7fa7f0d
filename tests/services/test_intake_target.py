"""投诉对象 given at intake: recorded with the ticket in one transaction, checked like the
detail's set_target, and counted in the statistics (per staff for supervisors only)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from hall_desk.core.errors import ValidationError
from hall_desk.services import lifecycle, printing, statistics, tickets
from hall_desk.store.models import Ticket

BASE = {"kind": "complaint", "customer_name": "张三", "phone": "13800138000",
        "content": "营业员态度生硬。", "demand": "道歉。"}


def test_target_at_intake_is_recorded_and_counted(hall):
    clerk = hall["liuyang"]
    about_staff = lifecycle.register(clerk, {**BASE, "target_kind": "staff",
                                             "target_staff": "chenjing"})
    about_dep = lifecycle.register(clerk, {**BASE, "target_kind": "department",
                                           "target_department": "CS"})
    third = lifecycle.register(clerk, {**BASE, "target_kind": "other",
                                       "target_text": "物业公司"})
    plain = lifecycle.register(clerk, BASE)
    rows = {t.number: Ticket.get_by_id(t.id) for t in (about_staff, about_dep, third, plain)}
    assert rows[about_staff.number].target_staff.login == "chenjing"
    assert rows[about_dep.number].target_department.code == "CS"
    assert rows[third.number].target_text == "物业公司"
    assert rows[plain.number].target_kind == ""
    assert tickets.history(about_staff.id)[-1].action == "set_target"
    for number, name in ((third.number, "物业公司"), (about_staff.number, "陈静")):
        sheet = printing.sheet(hall["wangli"], number, "record")      # 投诉对象 is printed
        assert name in "".join(p.extract_text() for p in PdfReader(io.BytesIO(sheet)).pages)

    f = statistics.filter_of(date.today(), date.today())
    seen = statistics.overview(hall["wangli"], f, lang="zh")
    assert {r["code"]: r["count"] for r in seen["by_target"]} == \
        {"staff": 1, "department": 1, "other": 1}
    names = {(r["kind"], r["name"]): r["count"] for r in seen["targets"]}
    assert names[("other", "物业公司")] == 1 and ("staff", "陈静") in names
    clerk_view = statistics.overview(clerk, f, lang="zh")
    assert all(r["kind"] != "staff" for r in clerk_view["targets"])     # supervisors only
    assert {r["code"]: r["count"] for r in clerk_view["by_target"]}["staff"] == 1


def test_bad_target_refuses_the_whole_intake(hall):
    clerk = hall["liuyang"]
    with pytest.raises(ValidationError) as raised:
        lifecycle.register_all(clerk, [BASE, {**BASE, "target_kind": "staff"}])
    assert "target_staff" in raised.value.errors and Ticket.select().count() == 0
    with pytest.raises(ValidationError) as raised:
        lifecycle.register(clerk, {**BASE, "kind": "suggestion", "target_kind": "other",
                                   "target_text": "x"})
    assert "target_kind" in raised.value.errors
    with pytest.raises(ValidationError):
        lifecycle.register(clerk, {**BASE, "target_kind": "department",
                                   "target_department": "NOPE"})
    assert Ticket.select().count() == 0
