"""Shift configuration and boundaries, and the handover's items and review rules (pure)."""

from __future__ import annotations

from datetime import datetime

import pytest

from hall_desk.core import handover as rules
from hall_desk.core import shifts
from hall_desk.core.errors import HallError, ValidationError
from hall_desk.core.incidents import GUIDANCE, INCIDENT_KINDS, guidance

DEFAULT = shifts.default_shifts()
NIGHT = shifts.parse_shifts([{"name": "白班", "start": "08:00", "end": "20:00"},
                             {"name": "夜班", "start": "20:00", "end": "08:00"}])


def test_shift_at_takes_the_start_and_leaves_the_end_to_the_next_shift():
    at = lambda h, m=0: datetime(2026, 11, 24, h, m)  # noqa: E731
    assert shifts.shift_at(at(8, 30), DEFAULT).name == "上午班"
    assert shifts.shift_at(at(11, 59), DEFAULT).name == "上午班"
    assert shifts.shift_at(at(12, 0), DEFAULT).name == "下午班"
    assert shifts.shift_at(at(17, 30), DEFAULT) is None          # closed
    assert shifts.shift_at(at(8, 29), DEFAULT) is None
    assert shifts.next_shift(at(17, 30), DEFAULT).start == datetime(2026, 11, 25, 8, 30)
    assert shifts.next_shift(shifts.shift_at(at(9), DEFAULT), DEFAULT).name == "下午班"
    assert shifts.handing_over(at(17, 45), DEFAULT).name == "下午班"   # after closing
    assert shifts.handing_over(at(9), DEFAULT, "下午班").start == datetime(2026, 11, 23, 12)
    assert shifts.boundaries(at(0).date(), DEFAULT) == [at(8, 30), at(12), at(17, 30)]


def test_a_night_shift_runs_past_midnight():
    slot = shifts.shift_at(datetime(2026, 11, 25, 3, 0), NIGHT)
    assert slot.name == "夜班" and slot.start == datetime(2026, 11, 24, 20, 0)
    assert slot.end == datetime(2026, 11, 25, 8, 0)
    assert shifts.next_shift(slot, NIGHT).name == "白班"


@pytest.mark.parametrize("rows, field, words", [
    ([], "shifts", "至少需要设置一个班次"),
    ([{"name": "", "start": "08:30", "end": "12:00"}], "shift0.name", "请填写第1个班次的名称"),
    ([{"name": "上午班", "start": "8:3", "end": "12:00"}], "shift0.start", "不是HH:MM格式"),
    ([{"name": "上午班", "start": "08:30", "end": "08:30"}], "shift0.end", "零时长"),
    ([{"name": "上午班", "start": "08:30", "end": "12:00"},
      {"name": "上午班", "start": "12:00", "end": "17:30"}], "shift1.name", "重复"),
    ([{"name": "上午班", "start": "08:30", "end": "12:00"},
      {"name": "下午班", "start": "11:30", "end": "17:30"}], "shift1.start", "时间重叠"),
    ([{"name": "夜班", "start": "22:00", "end": "09:00"},
      {"name": "上午班", "start": "08:30", "end": "12:00"}], "shift1.start", "时间重叠"),
])
def test_bad_shift_configurations_name_the_field(rows, field, words):
    with pytest.raises(ValidationError) as caught:
        shifts.parse_shifts(rows)
    assert field in caught.value.errors
    assert words in caught.value.errors[field].message("zh")


def test_a_one_digit_hour_and_a_full_width_colon_are_read():
    parsed = shifts.parse_shifts([{"name": "早班", "start": "8:30", "end": "12：00"}])
    assert parsed[0].as_dict()["start"] == "08:30" and parsed[0].as_dict()["end"] == "12:00"


def test_every_incident_kind_has_the_manuals_prescribed_response():
    assert set(GUIDANCE) == set(INCIDENT_KINDS)
    assert "立即报告分管领导" in guidance("media_lawyer").text("zh")
    assert "休息区休息等待" in guidance("system_failure").text("zh")
    assert "报公安机关" in guidance("disturbance").text("zh")
    assert "waiting area" in guidance("power_cut").text("en")
    assert guidance("note") is None


MORNING = shifts.shift_at(datetime(2026, 11, 24, 9, 0), DEFAULT)
AFTERNOON = shifts.next_shift(MORNING, DEFAULT)
AT = datetime(2026, 11, 24, 11, 45)


def test_deadlines_at_both_boundaries_are_handed_over_one_after_the_next_shift_is_not():
    due = lambda h, m=0: {"number": f"T{h:02d}{m:02d}", "label": "答复客户",  # noqa: E731
                          "due": datetime(2026, 11, 24, h, m)}
    items = rules.assemble(AT, MORNING, AFTERNOON, deadlines=[
        due(11, 40),           # overdue: shows on its open ticket, not here
        due(11, 50),           # still in this shift
        due(12, 0),            # exactly at the boundary: this shift's last moment, left unmet
        due(12, 1),            # the next shift's
        due(17, 30),           # exactly at the next shift's end (closing time): the next shift's
        due(17, 31),           # after the next shift: not handed over now
    ])
    assert [(i.ref, i.text.split("（")[-1]) for i in items] == [
        ("T1150", "本班内到期）"), ("T1200", "本班内到期）"), ("T1201", "下一班次内到期）"),
        ("T1730", "下一班次内到期）")]
    assert not rules.falls_in_next_shift(datetime(2026, 11, 24, 12, 0), MORNING, AFTERNOON)
    assert rules.falls_in_next_shift(datetime(2026, 11, 24, 12, 1), MORNING, AFTERNOON)
    assert rules.falls_in_next_shift(datetime(2026, 11, 24, 17, 30), MORNING, AFTERNOON)
    assert not rules.falls_in_next_shift(datetime(2026, 11, 24, 17, 31), MORNING, AFTERNOON)


def test_items_come_in_sections_and_open_tickets_by_urgency():
    t = lambda n, p, due: {"number": n, "kind": "complaint", "status": "assigned",  # noqa: E731
                           "priority": p, "next_due": due, "next_rule": "答复客户",
                           "escalated_at": None}
    items = rules.assemble(
        AT, MORNING, AFTERNOON,
        open_tickets=[t("A", 2, datetime(2026, 11, 24, 13)), t("B", 4, None),
                      t("C", 2, datetime(2026, 11, 24, 10))],
        promises=[{"number": "A", "agreed_at": datetime(2026, 11, 24, 15)},
                  {"number": "X", "agreed_at": datetime(2026, 11, 25, 9)}],
        callbacks=[{"number": "D", "due": datetime(2026, 11, 24, 11), "attempts": 3,
                    "flagged": True}],
        receptions=[{"id": 1, "visiting_unit": "市发改委", "expected_at": datetime(2026, 11, 24, 14),
                     "state": "noticed"}],
        incidents=[{"id": 7, "kind": "power_cut", "at": datetime(2026, 11, 24, 10), "text": "停电"}],
        diverted=[{"number": "E", "status": "registered", "visiting_unit": "市发改委"}],
        notes=["缴费机卡纸", "  "])
    assert [i.kind for i in items] == ["incident", "open_ticket", "open_ticket", "open_ticket",
                                       "promise", "callback", "reception", "diverted", "note"]
    assert [i.ref for i in items if i.kind == "open_ticket"] == ["B", "C", "A"]
    assert "已超时" in items[2].text and "须主管决定" in items[5].text


def test_review_state_machine_and_when_the_incoming_person_may_sign():
    assert rules.item_step("acknowledge", "pending").value == "acknowledged"
    assert rules.item_step("query", "pending").value == "queried"
    assert rules.item_step("answer", "queried").value == "answered"
    assert rules.item_step("query", "answered").value == "queried"     # asks again
    with pytest.raises(HallError):
        rules.item_step("answer", "pending")
    with pytest.raises(HallError):
        rules.item_step("acknowledge", "queried")      # answer first
    rules.check_sign_in(["acknowledged", "answered"])
    with pytest.raises(HallError) as caught:
        rules.check_sign_in(["acknowledged", "queried", "pending"])
    assert "1项待确认、1项疑问未答复" in caught.value.message("zh")
    with pytest.raises(HallError):
        rules.check_state("acknowledge", "draft")


def test_can_step_agrees_with_item_step():
    """The window enables a review button by ``can_step``; the service refuses by
    ``item_step``: they must say the same for every action and state."""
    from hall_desk.core.enums import HandoverItemState

    for action in ("acknowledge", "query", "answer"):
        for state in HandoverItemState:
            try:
                rules.item_step(action, state)
                allowed = True
            except HallError:
                allowed = False
            assert rules.can_step(action, state.value) is allowed, (action, state)
    assert not rules.can_step("acknowledge", "queried") and rules.can_step("answer", "queried")


def test_a_day_not_closed_or_closed_with_problems_has_its_own_section():
    items = rules.assemble(
        AT, MORNING, AFTERNOON,
        incidents=[{"id": 7, "kind": "other", "at": datetime(2026, 11, 24, 10), "text": "x"}],
        open_tickets=[{"number": "A", "kind": "complaint", "status": "assigned", "priority": 2,
                       "next_due": None, "next_rule": "", "escalated_at": None}],
        days=[{"id": 3, "date": "2026-11-24", "state": "open", "open": 12, "faulty": 1,
               "not_done": 0, "problems": ["巡视 10:00：自助设备运行正常（故障：黑屏）"]},
              {"id": 2, "date": "2026-11-23", "state": "closed", "open": 0, "faulty": 0,
               "not_done": 1, "problems": ["下班检查：阅读留言本（未完成：本子在主任处）"]}])
    assert [i.kind for i in items] == ["incident", "daily", "daily", "open_ticket"]
    assert [i.ref for i in items if i.kind == "daily"] == ["daily:2", "daily:3"]
    closed, still_open = (i.text for i in items if i.kind == "daily")
    assert closed == ("2026-11-23 一日管理已签字结束，仍有故障0项、未完成1项未处理完毕："
                      "下班检查：阅读留言本（未完成：本子在主任处）")
    assert still_open.startswith("2026-11-24 一日管理尚未签字结束：未检查12项，故障1项，未完成0项：")
    assert "daily" in rules.ITEM_KINDS
