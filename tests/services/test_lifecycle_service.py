"""The lifecycle on a real database: each step with its fields and event, second rounds,
escalation at 24 hours, the settle-on-the-spot path, and deadlines kept for the queue."""

from __future__ import annotations

import json
from decimal import Decimal
from datetime import datetime, timedelta

import pytest

from hall_desk.core.errors import IllegalTransition, PermissionDenied, StaleVersion, ValidationError
from hall_desk.services import deadlines, lifecycle, tickets
from hall_desk.services.context import clock
from hall_desk.store.models import Callback, Ticket, TicketEvent

T0 = datetime(2026, 11, 2, 9, 0)   # a Monday


def at(minutes: float):
    moment = T0 + timedelta(minutes=minutes)
    return clock(lambda: moment)


def complaint(hall, **extra):
    data = {"kind": "complaint", "customer_name": "李四", "phone": "13912345678",
            "content": "抄表员未按时抄表", "demand": "核对电量", "category": "服务质量"}
    data.update(extra)
    with at(0):
        return tickets.register(hall["liuyang"], data, received_at=T0)


def walk(hall, ticket, steps):
    for minutes, login, action, data in steps:
        with at(minutes):
            ticket = lifecycle.act(hall[login], ticket.id, ticket.version, action, data)
    return ticket


FULL = [
    (2, "wangli", "judge_valid", {"reason": "属实"}),
    (4, "wangli", "assign", {"department": "OPS", "handler_a": "sunhao", "handler_b": "liuyang"}),
    (60, "sunhao", "analyse", {"cause_class": "service", "cause_analysis": "抄表排班缺人"}),
    (90, "sunhao", "propose", {"solution": "补抄并核对", "compensation_amount": "50",
                               "compensation_method": "电费抵扣",
                               "compensation_due": datetime(2026, 11, 9, 17, 0)}),
    (120, "wangli", "approve", {"instruction": "同意，今日落实"}),
    (300, "sunhao", "implement", {"implementation": "已补抄"}),
    (310, "zhaoqiang", "review", {"review_note": "已核实补抄结果"}),
    (320, "liuyang", "reply", {"reply_method": "phone", "reply_content": "已电话告知"}),
]


def test_full_lifecycle_records_every_step(hall):
    t = walk(hall, complaint(hall), FULL)
    assert t.status == "replied"
    stored = Ticket.get_by_id(t.id)
    assert stored.department.code == "OPS" and stored.handler_a.login == "sunhao"
    assert stored.compensation_amount == Decimal("50")
    assert stored.approved_by.login == "wangli" and stored.instruction == "同意，今日落实"
    points = json.loads(stored.milestones)
    assert points["assigned"] == (T0 + timedelta(minutes=4)).isoformat()
    with at(400):
        t = lifecycle.act(hall["liuyang"], t.id, t.version, "callback",
                          {"satisfaction": "satisfied", "customer_words": "满意"})
    assert t.status == "called_back"
    assert Callback.get(Callback.ticket == t.id).satisfaction == "satisfied"
    with at(500):
        t = lifecycle.act(hall["wangli"], t.id, t.version, "archive", {"summary": "闭环"})
    assert t.status == "archived"
    actions = [e.action for e in tickets.history(t.id)]
    assert actions == ["created", "judge_valid", "assign", "analyse", "propose", "approve",
                       "implement", "review", "reply", "callback", "archive"]
    assert Ticket.get_by_id(t.id).next_deadline_at is None   # everything met


def test_dissatisfied_callback_opens_a_second_round(hall):
    t = walk(hall, complaint(hall), FULL)
    with at(400):
        t = lifecycle.act(hall["liuyang"], t.id, t.version, "callback",
                          {"satisfaction": "dissatisfied", "customer_words": "还是不对"})
    assert (t.status, t.round) == ("assigned", 2)
    points = json.loads(Ticket.get_by_id(t.id).milestones)
    assert points["assigned"] == (T0 + timedelta(minutes=400)).isoformat()
    assert "implemented" not in points and "replied" not in points
    assert "analyse" in lifecycle_actions(t, hall["sunhao"])


def lifecycle_actions(ticket, actor):
    from hall_desk.core.lifecycle import allowed_actions

    return allowed_actions(ticket.status, ticket.kind, actor.role)


def test_each_action_validates_its_fields(hall):
    t = complaint(hall)
    with pytest.raises(ValidationError) as info:
        lifecycle.act(hall["wangli"], t.id, t.version, "judge_invalid", {"reason": "  "})
    assert info.value.fields == ["reason"]
    t = walk(hall, t, FULL[:1])
    with pytest.raises(ValidationError) as info:
        lifecycle.act(hall["wangli"], t.id, t.version, "assign",
                      {"department": "NOPE", "handler_a": "sunhao", "handler_b": "sunhao"})
    assert set(info.value.fields) == {"department", "handler_b"}
    t = walk(hall, t, FULL[1:3])
    with pytest.raises(ValidationError) as info:
        lifecycle.act(hall["sunhao"], t.id, t.version, "propose",
                      {"solution": "赔", "compensation_amount": "12.345"})
    assert set(info.value.fields) == {"compensation_amount"}
    with pytest.raises(ValidationError) as info:
        lifecycle.act(hall["sunhao"], t.id, t.version, "propose",
                      {"solution": "赔", "compensation_amount": "100"})
    assert set(info.value.fields) == {"compensation_method", "compensation_due"}
    assert Ticket.get_by_id(t.id).status == "analysed"


def test_illegal_and_forbidden_steps_change_nothing(hall):
    t = complaint(hall)
    with pytest.raises(IllegalTransition):
        lifecycle.act(hall["wangli"], t.id, t.version, "approve", {"instruction": "同意"})
    with pytest.raises(PermissionDenied):
        lifecycle.act(hall["liuyang"], t.id, t.version, "judge_valid", {})
    with pytest.raises(StaleVersion):
        lifecycle.act(hall["wangli"], t.id, t.version + 5, "judge_valid", {})
    assert Ticket.get_by_id(t.id).version == 1
    assert TicketEvent.select().where(TicketEvent.ticket == t.id).count() == 1


def test_settle_on_the_spot_and_notes(hall):
    t = complaint(hall, kind="consultation", category="")
    t = walk(hall, t, [(5, "liuyang", "settle_on_spot", {"reply_content": "已当场解答"})])
    assert t.status == "replied"
    assert tickets.get(t.id).settled_on_spot and tickets.get(t.id).reply_method == "on_site"
    version = t.version
    lifecycle.add_note(hall["liuyang"], t.id, "客户另留了微信")
    assert Ticket.get_by_id(t.id).version == version      # a note never blocks another save
    assert tickets.history(t.id)[-1].note == "客户另留了微信"
    t = walk(hall, Ticket.get_by_id(t.id),
             [(60, "wangli", "archive_without_callback", {"summary": "咨询已答复"})])
    assert t.status == "archived"


def test_the_clerk_s_forward_meets_the_forward_limit_and_is_in_the_history(hall):
    t = complaint(hall)
    with at(1):
        found = {d.code: d for d in deadlines.for_ticket(Ticket.get_by_id(t.id), T0
                                                         + timedelta(minutes=2)).deadlines}
    assert found["forward"].state.value == "open"
    with pytest.raises(ValidationError) as caught:
        walk(hall, t, [(2, "liuyang", "forward", {"forward_to": "NOPE"})])
    assert set(caught.value.errors) == {"forward_to"}
    t = walk(hall, t, [(2, "liuyang", "forward", {"forward_to": "BILL", "note": "电费争议"})])
    stored = Ticket.get_by_id(t.id)
    assert stored.status == "registered" and stored.next_deadline_rule != "forward"
    states = {d.code: d for d in deadlines.for_ticket(stored, T0 + timedelta(minutes=10)).deadlines}
    assert states["forward"].state.value == "met"
    assert states["forward"].met_at == T0 + timedelta(minutes=2)
    last = tickets.history(t.id)[-1]
    assert last.action == "forward" and last.note == "转派至电费结算中心：电费争议"
    assert last.actor_label == "刘洋"
    t = walk(hall, t, [(3, "liuyang", "forward", {"forward_to": lifecycle.FORWARD_TO_SUPERVISOR}),
                       (5, "wangli", "judge_valid", {})])         # the supervisor carries on
    assert tickets.history(t.id)[-2].note == "转派至值班主管"


def test_the_clerk_is_offered_the_forward_first_on_a_new_complaint(hall):
    from hall_desk.core import lifecycle as rules

    t = complaint(hall)
    with at(2):
        view = tickets.describe(t.id, hall["liuyang"])
    actions = rules.allowed_actions(view.status, view.kind, "counter")
    rule, ordered = lifecycle.urgent_first(view.kind, view.deadlines, actions)
    assert rule == "forward" and ordered[0] == "forward"
    t = walk(hall, t, [(2, "liuyang", "forward", {"forward_to": "CS"})])
    with at(3):
        view = tickets.describe(t.id, hall["liuyang"])
    rule, ordered = lifecycle.urgent_first(view.kind, view.deadlines, actions)
    assert rule != "forward"


def test_escalation_after_24_hours_without_completion(hall):
    t = walk(hall, complaint(hall), FULL[:2])
    assert lifecycle.escalate_overdue(T0 + timedelta(hours=23)) == []
    assert lifecycle.escalate_overdue(T0 + timedelta(hours=24, minutes=5)) == [t.number]
    fresh = Ticket.get_by_id(t.id)
    assert fresh.escalated_at == T0 + timedelta(hours=24)     # when the limit lapsed
    assert fresh.priority >= 3
    assert tickets.history(t.id)[-1].action == "escalated"
    assert lifecycle.escalate_overdue(T0 + timedelta(hours=30)) == []   # once only


def test_deadlines_follow_the_ticket(hall):
    t = complaint(hall)
    stored = Ticket.get_by_id(t.id)
    assert stored.next_deadline_rule == "forward"
    assert stored.next_deadline_at == T0 + timedelta(minutes=5)
    t = walk(hall, t, FULL[:2])
    stored = Ticket.get_by_id(t.id)
    assert stored.next_deadline_rule != "forward"
    found = deadlines.for_ticket(stored, T0 + timedelta(minutes=10))
    states = {d.code: d.state.value for d in found.deadlines}
    assert states["forward"] == "met"
    assert states["reply"] == "open"
    agreed = complaint(hall, agreed_due_at=T0 + timedelta(days=2))
    reply = {d.code: d for d in deadlines.for_ticket(Ticket.get_by_id(agreed.id), T0).deadlines}["reply"]
    assert reply.agreed and reply.due == T0 + timedelta(days=2)


def test_policy_presets_edits_and_overrides(hall):
    from datetime import date

    from hall_desk.core.workdays import CalendarUnknown

    admin, boss = hall["admin"], hall["wangli"]
    assert {"default", "banking", "state_grid"} <= set(deadlines.presets())
    assert deadlines.current_preset() == "default"
    with pytest.raises(PermissionDenied):
        deadlines.choose_preset(boss, "banking")
    deadlines.choose_preset(admin, "state_grid")
    assert deadlines.current_preset() == "state_grid"
    assert "reply" in {r.code for r in deadlines.policy().rules}
    bad = deadlines.policy_text().replace('unit = "working_days"', 'unit = "weeks"', 1)
    with pytest.raises(ValidationError) as info:
        deadlines.save_policy(admin, bad)
    assert any(".unit" in f for f in info.value.fields)
    assert deadlines.current_preset() == "state_grid"       # nothing saved
    deadlines.save_policy(admin, deadlines.policy_text())
    assert deadlines.current_preset() is None
    # 2027 is beyond the library: unknown until an administrator enters the days
    assert not deadlines.calendar().is_known(date(2027, 1, 4))
    with pytest.raises(CalendarUnknown):
        deadlines.calendar().is_workday(date(2027, 1, 4))
    deadlines.set_override(admin, date(2027, 1, 4), True, "2027年元旦后上班")
    assert deadlines.calendar().is_workday(date(2027, 1, 4))
    assert deadlines.overrides() == [(date(2027, 1, 4), True, "2027年元旦后上班")]
    deadlines.remove_override(admin, date(2027, 1, 4))
    assert deadlines.overrides() == []
