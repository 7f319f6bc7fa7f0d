"""The stored deadlines (``ticket_deadline``) follow every change of a ticket, so that the
statistics can count on-time rates from an index: the rows always equal what the deadline
rules say about the ticket as it is now."""

from __future__ import annotations

from datetime import datetime, timedelta

from hall_desk.services import deadlines, lifecycle, tickets
from hall_desk.services.context import clock
from hall_desk.store.models import Ticket, TicketDeadline

T0 = datetime(2026, 11, 2, 9, 0)   # a Monday


def at(minutes: float):
    moment = T0 + timedelta(minutes=minutes)
    return clock(lambda: moment)


def stored(ticket_id: int) -> dict[str, tuple]:
    return {r.rule: (r.due_at, r.met_at, r.department_id, r.responsible_id)
            for r in TicketDeadline.select().where(TicketDeadline.ticket == ticket_id)}


def expected(ticket_id: int) -> dict[str, tuple]:
    t = Ticket.get_by_id(ticket_id)
    return {rule: (due, met, t.department_id, t.handler_a_id or t.first_receiver_id)
            for rule, due, met in deadlines.judge_ticket(t).rated}


def test_rows_follow_the_lifecycle(hall):
    with at(0):
        t = tickets.register(hall["liuyang"], {
            "kind": "complaint", "customer_name": "李四", "phone": "13912345678",
            "content": "抄表员未按时抄表", "demand": "核对电量"}, received_at=T0)
    rows = stored(t.id)
    assert rows and rows == expected(t.id)
    assert all(met is None for _, met, _, _ in rows.values())
    assert {resp for *_, resp in rows.values()} == {hall["liuyang"].staff_id}

    steps = [(2, "wangli", "judge_valid", {"reason": "属实"}),
             (4, "wangli", "assign", {"department": "OPS", "handler_a": "sunhao"}),
             (60, "sunhao", "analyse", {"cause_class": "service", "cause_analysis": "排班缺人"})]
    for minutes, login, action, data in steps:
        with at(minutes):
            t = lifecycle.act(hall[login], t.id, t.version, action, data)
        assert stored(t.id) == expected(t.id), action
    rows = stored(t.id)
    # assigned: the department and handler A are copied, some rules are met by now
    assert {resp for *_, resp in rows.values()} == {hall["sunhao"].staff_id}
    assert any(met is not None for _, met, _, _ in rows.values())


def test_a_policy_change_rejudges_open_tickets_only(hall):
    with at(0):
        open_one = tickets.register(hall["liuyang"], {
            "kind": "complaint", "customer_name": "王五", "phone": "13812345678",
            "content": "营业厅空调坏了", "demand": "修好"}, received_at=T0)
        closed = tickets.register(hall["liuyang"], {
            "kind": "consultation", "customer_name": "赵六", "phone": "13712345678",
            "content": "怎么交电费"}, received_at=T0)
    with at(5):
        closed = lifecycle.act(hall["liuyang"], closed.id, closed.version, "settle_on_spot",
                               {"reply_content": "告知缴费渠道"})
        closed = lifecycle.act(hall["wangli"], closed.id, closed.version,
                               "archive_without_callback", {"summary": "当场解答"})
    assert closed.status == "archived"
    before_open, before_closed = stored(open_one.id), stored(closed.id)
    with at(10):
        deadlines.choose_preset(hall["admin"], "banking")
    assert stored(open_one.id) == expected(open_one.id) != before_open
    assert Ticket.get_by_id(open_one.id).next_deadline_at == \
        deadlines.judge_ticket(Ticket.get_by_id(open_one.id)).next_due
    assert stored(closed.id) == before_closed
