"""The reception rules: templates, the notice, post clashes and the run's state machine."""

from __future__ import annotations

from datetime import datetime

import pytest

from hall_desk import paths
from hall_desk.core import reception as rules
from hall_desk.core.errors import HallError, IllegalTransition, ValidationError
from hall_desk.core.reception import Assignment, RunState

NOW = datetime(2026, 11, 23, 9, 0)
SEATS = ["用电接洽坐席", "业务收费坐席"]


def full_roster() -> list[Assignment]:
    return [Assignment("greeter", "1", 1), Assignment("greeter", "2", 2),
            Assignment("explainer", "", 3), Assignment("leader", "", 4),
            Assignment("counter", SEATS[0], 5), Assignment("counter", SEATS[1], 6)]


# ---------------------------------------------------------------- templates

@pytest.mark.parametrize("name", ["inspection", "tour"])
def test_shipped_templates_follow_m0(name):
    path = paths.resource_path("templates", "reception", f"{name}.toml")
    t = rules.parse_template(path.read_text(encoding="utf-8"))
    assert t.name == name and t.version >= 1
    assert {i.stage for i in t.items} == set(rules.Stage)
    texts = " ".join(i.text for i in t.items)
    for words in ("两米", "15度鞠躬", "留言本", "后台", "恢复一日管理流程", "整理工作台面"):
        assert words in texts
    assert [i.position for i in t.items_of("arrival")] == [1, 2, 3, 4]
    assert rules.Purpose.INSPECTION in t.purposes if name == "inspection" else \
        rules.Purpose.TOUR in t.purposes


def test_template_errors_are_named_per_field():
    with pytest.raises(ValidationError) as caught:
        rules.template_from_dict({"name": "Bad Name", "version": 0, "purposes": ["party"],
                                  "seats": ["甲", "甲"],
                                  "items": {"preparation": ["ok", "  "], "lunch": ["x"],
                                            "tour": ["y" * 300]}})
    fields = set(caught.value.errors)
    assert {"name", "version", "purposes", "seats", "items.preparation.2", "items.lunch",
            "items.tour.1"} <= fields
    message = caught.value.errors["items.preparation.2"].message("zh")
    assert "接待准备第2项" in message and "不能为空" in message


def test_a_template_needs_an_item_and_valid_toml():
    with pytest.raises(ValidationError) as caught:
        rules.template_from_dict({"name": "empty", "items": {}})
    assert "items" in caught.value.errors
    with pytest.raises(HallError) as bad:
        rules.parse_template("name = 'x'\n[items\n")
    assert bad.value.key == "reception.error.toml"


def test_editing_a_template_reorders_renames_and_raises_the_version():
    t = rules.template_from_dict({"name": "t", "title": "T", "items": {"tour": ["a", "b"]}})
    changed = rules.edited(t, {"tour": ["b", "a（改）"], "after": ["c"]})
    assert changed.version == 2
    assert [(i.stage, i.position, i.text) for i in changed.items] == [
        ("tour", 1, "b"), ("tour", 2, "a（改）"), ("after", 1, "c")]
    assert rules.template_from_dict(changed.as_dict()) == changed


# ---------------------------------------------------------------- the notice

def test_notice_is_checked_field_by_field():
    with pytest.raises(ValidationError) as caught:
        rules.validate_notice({"visiting_unit": " ", "expected_at": "明天下午",
                               "visitors": "0", "purpose": "party"}, now=NOW)
    assert set(caught.value.errors) == {"visiting_unit", "expected_at", "visitors", "purpose"}
    assert caught.value.errors["visitors"].message("zh") == "来访人数须为1到999之间的整数"
    assert "来访单位不能为空" == caught.value.errors["visiting_unit"].message("zh")
    with pytest.raises(ValidationError) as late:
        rules.validate_notice({"visiting_unit": "检查组", "expected_at": "2026-11-20 09:00",
                               "purpose": "inspection"}, now=NOW)
    assert set(late.value.errors) == {"expected_at"}
    ok = rules.validate_notice({"visiting_unit": " 市公司检查组 ", "expected_at": "2026-11-23 14:30",
                                "visitors": "6", "purpose": "inspection"}, now=NOW)
    assert ok["visiting_unit"] == "市公司检查组" and ok["visitors"] == 6
    assert ok["expected_at"] == datetime(2026, 11, 23, 14, 30)


# ---------------------------------------------------------------- posts

def test_a_full_roster_on_shift_has_no_problem():
    assert rules.check_posts(full_roster(), SEATS, on_shift={1, 2, 3, 4, 5, 6}) == []


def test_one_person_on_two_posts_is_an_error():
    roster = full_roster()
    roster[2] = Assignment("explainer", "", 1)           # greeter 1 also explains
    problems = rules.check_posts(roster, SEATS, on_shift=range(1, 7), names={1: "刘洋"})
    errors = [p for p in problems if p.is_error]
    assert [(p.code, p.slot_key) for p in errors] == [("double", "explainer:")]
    assert errors[0].message("zh") == "刘洋同时担任迎宾/引导员1、讲解员"


def test_empty_posts_and_people_off_shift_are_warnings():
    roster = [a for a in full_roster() if a.post != "explainer"]
    problems = rules.check_posts(roster, SEATS, on_shift={1, 2, 4, 5}, names={6: "孙浩"})
    assert all(not p.is_error for p in problems)
    assert {(p.code, p.slot_key) for p in problems} == {
        ("empty", "explainer:"), ("off_shift", f"counter:{SEATS[1]}")}
    assert "孙浩（业务收费坐席）不在班" in [p.message("zh") for p in problems]


def test_unknown_posts_seats_and_people_are_errors():
    roster = full_roster() + [Assignment("greeter", "3", 7), Assignment("counter", "VIP", 8),
                              Assignment("cook", "", 9)]
    roster[0] = Assignment("greeter", "1", 99)
    problems = rules.check_posts(roster, SEATS, on_shift=range(100), known_staff=range(1, 10))
    codes = sorted(p.code for p in problems if p.is_error)
    assert codes == ["unknown_post", "unknown_post", "unknown_seat", "unknown_staff"]
    assert ("empty", "greeter:1") in {(p.code, p.slot_key) for p in problems}


def test_required_slots_follow_m0():
    slots = rules.required_slots(SEATS)
    assert [s.label("zh") for s in slots] == ["迎宾/引导员1", "迎宾/引导员2", "讲解员", "班长",
                                              *SEATS]


# ---------------------------------------------------------------- the run

def test_the_run_goes_noticed_running_closed():
    assert rules.transition(RunState.NOTICED, "start") is RunState.RUNNING
    assert rules.transition("running", "close") is RunState.CLOSED
    assert rules.transition("noticed", "cancel") is RunState.CANCELLED
    assert rules.transition("running", "cancel") is RunState.CANCELLED


@pytest.mark.parametrize("state, action", [("noticed", "close"), ("running", "start"),
                                           ("closed", "start"), ("closed", "cancel"),
                                           ("cancelled", "start"), ("cancelled", "close")])
def test_illegal_steps_are_refused(state, action):
    with pytest.raises(IllegalTransition) as caught:
        rules.transition(state, action)
    assert "不能" in caught.value.message("zh")


def test_items_are_ticked_only_while_running():
    rules.require_state("running", "tick")
    for state in ("noticed", "closed", "cancelled"):
        with pytest.raises(IllegalTransition) as caught:
            rules.require_state(state, "tick")
        assert "未在进行中" in caught.value.message("zh")
    rules.require_state("noticed", "assign")
    with pytest.raises(IllegalTransition):
        rules.require_state("closed", "assign")


def test_close_needs_every_item_and_every_diverted_complaint():
    rules.check_close([], [])
    with pytest.raises(HallError) as items:
        rules.check_close(["来宾离开：欢送"], [])
    assert "还有1项未完成" in items.value.message("zh")
    with pytest.raises(HallError) as tickets:
        rules.check_close([], ["TS-20261123-A1-0001"])
    assert "TS-20261123-A1-0001" in tickets.value.message("zh")
    assert rules.item_status(None, "") is rules.ItemStatus.OPEN
    assert rules.item_status(NOW, "") is rules.ItemStatus.DONE
    assert rules.item_status(None, "不查台账") is rules.ItemStatus.NOT_APPLICABLE
