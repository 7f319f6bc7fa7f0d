"""Escalation from the first report (首报) on a real database, whether or not anyone assigned
the ticket; the lapse and the moment it was noticed kept apart; the 投诉处理档案 it opens;
every command's check; and the department's 17:00 report in the on-time statistics."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import peewee
import pytest

from hall_desk.cli import run
from hall_desk.services import deadlines, lifecycle, printing, settings, statistics, tickets
from hall_desk.services.context import clock
from hall_desk.store.connection import close_database, open_database
from hall_desk.store.models import Ticket, TicketDeadline
from hall_desk.store.tx import write_transaction

T0 = datetime(2026, 11, 2, 9, 0)   # Monday


def at(moment: datetime):
    return clock(lambda: moment)


def complaint(hall, received=T0, phone="13912345678"):
    data = {"kind": "complaint", "customer_name": "李四", "phone": phone,
            "content": "抄表员未按时抄表", "demand": "核对电量", "category": "服务质量"}
    with at(received):
        return tickets.register(hall["liuyang"], data, received_at=received)


def act(hall, ticket_id, moment, login, action, data=None):
    with at(moment):
        t = Ticket.get_by_id(ticket_id)
        return lifecycle.act(hall[login], t.id, t.version, action, data or {})


def test_a_complaint_nobody_assigns_escalates_at_the_lapse(hall):
    t = complaint(hall)
    noticed = T0 + timedelta(hours=40)       # the counter was closed overnight
    with at(T0 + timedelta(hours=23, minutes=59)):
        assert lifecycle.escalate_overdue() == []
    with at(noticed):
        assert lifecycle.escalate_overdue() == [t.number]
    fresh = Ticket.get_by_id(t.id)
    assert fresh.status == "registered"
    assert fresh.escalated_at == T0 + timedelta(hours=24)          # the lapse, not 01:00 today
    assert json.loads(fresh.milestones)["escalated"] == "2026-11-03T09:00:00"
    event = tickets.history(t.id)[-1]
    assert event.action == "escalated" and event.at == noticed       # when it was noticed
    assert "2026-11-03 09:00" in event.note and "2026-11-04 01:00" in event.note
    # The 投诉处理档案 opens with the lapse time; the ticket is in the 投诉台账.
    assert printing.sheet(hall["liuyang"], t.number, "file")[:5] == b"%PDF-"
    file_data = tickets.describe(fresh, hall["liuyang"])
    assert file_data.escalated_at.startswith("2026-11-03T09:00")
    assert [r["number"] for r in printing.ledger_rows(date(2026, 11, 2), date(2026, 11, 2))] == [t.number]
    with at(noticed + timedelta(hours=1)):
        assert lifecycle.escalate_overdue() == []                    # once only


def test_assignment_does_not_restart_the_24_hours(hall):
    t = complaint(hall)
    act(hall, t.id, T0 + timedelta(minutes=2), "wangli", "judge_valid", {"reason": "属实"})
    act(hall, t.id, datetime(2026, 11, 3, 8, 0), "wangli", "assign",
        {"department": "OPS", "handler_a": "sunhao", "handler_b": "liuyang"})
    with at(datetime(2026, 11, 3, 9, 1)):
        assert lifecycle.escalate_overdue() == [t.number]
    assert Ticket.get_by_id(t.id).escalated_at == datetime(2026, 11, 3, 9, 0)


def test_completed_in_time_is_never_escalated(hall):
    t = complaint(hall)
    act(hall, t.id, T0 + timedelta(minutes=5), "liuyang", "settle_on_spot",
        {"reply_content": "当场核对电量并解释"})
    with at(T0 + timedelta(days=3)):
        assert lifecycle.escalate_overdue() == []


def test_a_case_reopened_after_the_limit_escalates_at_its_reopening(hall):
    t = complaint(hall)
    steps = [(2, "wangli", "judge_valid", {"reason": "属实"}),
             (4, "wangli", "assign", {"department": "OPS", "handler_a": "sunhao"}),
             (60, "sunhao", "analyse", {"cause_class": "service"}),
             (90, "sunhao", "propose", {"solution": "补抄"}),
             (120, "wangli", "approve", {"instruction": "同意"}),
             (300, "sunhao", "implement", {"implementation": "已补抄"}),
             (310, "zhaoqiang", "review", {}),
             (320, "liuyang", "reply", {"reply_method": "phone", "reply_content": "已告知"})]
    for minutes, login, action, data in steps:
        act(hall, t.id, T0 + timedelta(minutes=minutes), login, action, data)
    with at(T0 + timedelta(days=1, hours=1)):
        assert lifecycle.escalate_overdue() == []                   # completed in time
    reopened = T0 + timedelta(days=2)
    act(hall, t.id, reopened, "liuyang", "callback",
        {"satisfaction": "dissatisfied", "customer_words": "电量还是不对"})
    assert Ticket.get_by_id(t.id).round == 2
    with at(reopened + timedelta(minutes=1)):
        assert lifecycle.escalate_overdue() == [t.number]
    assert Ticket.get_by_id(t.id).escalated_at == reopened          # not the first day's 09:00
    # Dissatisfied again: the third round is escalated on its own, at its reopening.
    for minutes, login, action, data in steps[2:]:
        act(hall, t.id, reopened + timedelta(hours=1, minutes=minutes), login, action, data)
    again = reopened + timedelta(days=1)
    act(hall, t.id, again, "liuyang", "callback",
        {"satisfaction": "dissatisfied", "customer_words": "仍然不对"})
    assert Ticket.get_by_id(t.id).escalated_at is None
    with at(again + timedelta(minutes=1)):
        assert lifecycle.escalate_overdue() == [t.number]
    assert Ticket.get_by_id(t.id).escalated_at == again
    assert [e.action for e in tickets.history(t.id)].count("escalated") == 2


def test_a_rule_past_the_known_calendar_does_not_hold_up_escalation(hall):
    text = deadlines.policy_text().replace(
        'amount = 5\nunit = "calendar_days"', 'amount = 5\nunit = "working_days"')
    assert 'unit = "working_days"\nfrom = "received"\nmet_by = "replied"' in text
    deadlines.save_policy(hall["admin"], text)
    received = datetime(2026, 12, 28, 9, 0)         # 5 working days run into 2027, not known
    t = complaint(hall, received=received)
    reply = {d.code: d for d in deadlines.for_ticket(Ticket.get_by_id(t.id), received).deadlines}
    assert reply["reply"].provisional
    with at(received + timedelta(hours=24, minutes=1)):
        assert lifecycle.escalate_overdue() == [t.number]
    assert Ticket.get_by_id(t.id).escalated_at == received + timedelta(hours=24)


def test_tickets_judged_under_an_older_policy_are_judged_again_first(hall):
    t = complaint(hall)
    with write_transaction():           # as a ticket registered when escalation waited for assignment
        Ticket.update(escalation_due_at=None).where(Ticket.id == t.id).execute()
        settings.put(deadlines.JUDGED_POLICY_KEY, "the policy of the previous release")
    with at(T0 + timedelta(hours=40)):
        assert lifecycle.escalate_overdue() == [t.number]
    assert settings.get(deadlines.JUDGED_POLICY_KEY) != "the policy of the previous release"


def test_every_command_escalates_what_has_lapsed(hall, store, capsys):
    if not isinstance(store, peewee.SqliteDatabase):
        pytest.skip("the command line is run on the SQLite file here")
    t = complaint(hall)
    path = store.database
    close_database()
    with at(T0 + timedelta(hours=25)):     # the command's clock
        assert run(["--db", path, "--lang", "en", "sla", "--kind", "complaint",
                    "--received", "2026-11-02 09:00"]) == 0
    rows = {r["rule"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["escalate"]["due"] == "2026-11-03T09:00"
    open_database(path=path)
    assert Ticket.get_by_id(t.id).escalated_at == T0 + timedelta(hours=24)


# --------------------------------------------------------------------------- the 17:00 report

def escalated_complaint(hall, phone):
    """Received Monday 09:00; escalated at the lapse, Tuesday 09:00 (before the 12:00 cut-off,
    so the first report is due Tuesday 17:00)."""
    t = complaint(hall, phone=phone)
    with at(datetime(2026, 11, 3, 9, 0, 30)):
        assert lifecycle.escalate_overdue() == [t.number]
    return t


def report(hall, ticket_id, moment):
    with at(moment):
        lifecycle.record_event(hall["wangli"], ticket_id, "progress_report", "处理中")


def test_statistics_count_the_17_00_report(hall):
    on_time = escalated_complaint(hall, "13900000001")
    report(hall, on_time.id, datetime(2026, 11, 3, 16, 0))
    report(hall, on_time.id, datetime(2026, 11, 4, 9, 30))
    late = escalated_complaint(hall, "13900000002")
    report(hall, late.id, datetime(2026, 11, 3, 18, 0))          # after Tuesday's 17:00
    report(hall, late.id, datetime(2026, 11, 4, 16, 0))
    missing = escalated_complaint(hall, "13900000003")            # never reports
    pending = escalated_complaint(hall, "13900000004")
    report(hall, pending.id, datetime(2026, 11, 3, 16, 30))      # Wednesday's is not due yet

    row = {r.ticket_id: (r.due_at, r.met_at) for r in
           TicketDeadline.select().where(TicketDeadline.rule == "daily_progress")}
    assert row[late.id] == (datetime(2026, 11, 3, 17, 0), datetime(2026, 11, 3, 18, 0))
    assert row[missing.id] == (datetime(2026, 11, 3, 17, 0), None)
    assert row[pending.id] == (datetime(2026, 11, 4, 17, 0), None)
    assert row[on_time.id] == (datetime(2026, 11, 5, 17, 0), None)   # Wednesday's came in 09:30

    now = datetime(2026, 11, 4, 12, 0)
    f = statistics.filter_of(date(2026, 11, 2), date(2026, 11, 8))
    daily = next(r for r in statistics.overview(hall["wangli"], f, at=now)["on_time"]
                 if r["rule"] == "daily_progress")
    # on time: none finished yet; late 1; overdue 1 (Tuesday's missing); pending 2
    assert (daily["on_time"], daily["late"], daily["overdue"], daily["pending"]) == (0, 1, 1, 2)
    assert daily["rate"] == 0.0 and daily["label"] == "责任部门每日回复进度"

    # The department completes the case on time: the run is rated on time.
    for step, data in (("judge_valid", {"reason": "属实"}),
                       ("assign", {"department": "OPS", "handler_a": "sunhao"}),
                       ("analyse", {"cause_class": "service"}),
                       ("propose", {"solution": "补抄"}),
                       ("approve", {"instruction": "同意"}),
                       ("implement", {"implementation": "已补抄"})):
        act(hall, on_time.id, datetime(2026, 11, 4, 11, 0), "sunhao"
            if step in ("analyse", "propose", "implement") else "wangli", step, data)
    daily = next(r for r in statistics.overview(hall["wangli"], f, at=now)["on_time"]
                 if r["rule"] == "daily_progress")
    assert (daily["on_time"], daily["late"], daily["overdue"], daily["pending"]) == (1, 1, 1, 1)
    assert daily["rate"] == pytest.approx(1 / 3, abs=0.01)
