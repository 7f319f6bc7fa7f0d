"""Time-limit policies and deadlines, with hand-computed due times around the 2026 National Day."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from hall_desk.core import i18n
from hall_desk.core.deadlines import (
    MILESTONES,
    Deadline,
    DeadlineState,
    Policy,
    Unit,
    compute_deadlines,
    dump_policy,
    is_escalation_due,
    load_policy,
    loads_policy,
    next_deadline,
)
from hall_desk.core.enums import TicketKind
from hall_desk.core.errors import FieldError, HallError, ValidationError
from hall_desk.core.sla import sla_json
from hall_desk.core.workdays import CalendarUnknown, WorkCalendar

POLICIES = Path(__file__).resolve().parents[2] / "resources" / "policies"
T = datetime
RECEIVED = T(2026, 9, 30, 16, 0)      # Wednesday before the National Day holiday
ASSIGNED = T(2026, 9, 30, 16, 4)

MET, OPEN, DUE_SOON, OVERDUE = (DeadlineState.MET, DeadlineState.OPEN,
                                DeadlineState.DUE_SOON, DeadlineState.OVERDUE)


@pytest.fixture(scope="module")
def default() -> Policy:
    return load_policy(POLICIES / "default.toml")


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar()


def by_code(deadlines: list[Deadline]) -> dict[str, Deadline]:
    return {d.code: d for d in deadlines}


def compute_values(*args, **kw) -> list[Deadline]:
    return list(compute(*args, **kw).values())


def compute(policy, kind="complaint", milestones=None, now=RECEIVED, agreed=None, **kw):
    return by_code(compute_deadlines(policy, kind, RECEIVED, WorkCalendar(), agreed_at=agreed,
                                     milestones=milestones or {}, now=now, **kw))


HEADER = '[policy]\nname = "测试"\nversion = 1\nday_end = "17:30"\n'


def policy_of(rules_toml: str, header: str = HEADER) -> Policy:
    return loads_policy(header + rules_toml)


# --------------------------------------------------------------------------- presets

@pytest.mark.parametrize("path", sorted(POLICIES.glob("*.toml")), ids=lambda p: p.stem)
def test_every_shipped_preset_loads_and_round_trips(path):
    policy = load_policy(path)
    assert policy.name and policy.name_en and policy.version == 1
    assert policy.rules
    assert loads_policy(dump_policy(policy)) == policy


def test_the_three_presets_are_shipped():
    assert {p.stem for p in POLICIES.glob("*.toml")} >= {"default", "banking", "state_grid"}


def test_default_policy_has_the_domain_table(default):
    rules = {r.code: r for r in default.rules}
    assert list(rules) == ["forward", "first_feedback", "handler_complete", "progress_report",
                           "escalate", "daily_progress", "result", "suggestion_feedback",
                           "reply", "callback", "compensation_paid"]
    assert (rules["forward"].amount, rules["forward"].unit) == (5, Unit.MINUTES)
    assert (rules["handler_complete"].amount, rules["handler_complete"].unit) == (12, Unit.HOURS)
    assert (rules["result"].amount, rules["result"].unit) == (48, Unit.HOURS)
    assert set(rules["result"].kinds) == {TicketKind.COMPLAINT, TicketKind.CONSULTATION}
    assert (rules["suggestion_feedback"].amount, rules["suggestion_feedback"].unit) == (5, Unit.WORKING_DAYS)
    assert rules["suggestion_feedback"].kinds == (TicketKind.SUGGESTION,)
    assert (rules["reply"].amount, rules["reply"].unit) == (5, Unit.CALENDAR_DAYS)
    assert set(rules["reply"].kinds) == {TicketKind.COMPLAINT, TicketKind.REQUEST, TicketKind.REPORT}
    assert rules["reply"].agreed_overrides and not rules["forward"].agreed_overrides
    assert (rules["daily_progress"].unit, rules["daily_progress"].at) == (Unit.DAILY_AT, "17:00")
    assert rules["callback"].unit is Unit.SAME_DAY
    assert default.day_end == "17:30"


# --------------------------------------------------------------------------- due times

def test_complaint_due_times_at_receipt(default):
    dl = compute(default)
    # Only rules measured from receipt exist before the ticket is assigned.
    assert set(dl) == {"forward", "first_feedback", "escalate", "result", "reply"}
    assert dl["escalate"].due == T(2026, 10, 1, 16, 0)          # 24 h after the first report
    assert dl["forward"].due == T(2026, 9, 30, 16, 5)
    assert dl["first_feedback"].due == T(2026, 10, 1, 16, 0)     # clock hours run through the holiday
    assert dl["result"].due == T(2026, 10, 2, 16, 0)
    # 5 days, day of receipt not counted: 5 Oct, a National Day holiday, so the first working
    # day after it (Civil Code art. 203)
    assert dl["reply"].due == T(2026, 10, 8, 17, 30)
    assert dl["reply"].moved_from == T(2026, 10, 5).date()
    assert dl["reply"].moved_reason("zh") == "原到期日 2026-10-05 为国庆节假日，顺延至 2026-10-08"
    assert "National Day" in dl["reply"].moved_reason("en")
    assert all(d.state is OPEN for d in dl.values())
    assert not any(d.provisional for d in dl.values())
    assert dl["first_feedback"].moved_from is None and dl["first_feedback"].moved_reason() == ""


def test_suggestion_five_working_days_across_national_day(default):
    # Sept 30 not counted; Oct 1-7 off; Oct 8 (1), 9 (2), Sat 10 make-up (3), 12 (4), 13 (5).
    dl = compute(default, "suggestion")
    assert list(dl) == ["suggestion_feedback"]
    d = dl["suggestion_feedback"]
    assert d.due == T(2026, 10, 13, 17, 30)
    assert d.unit is Unit.WORKING_DAYS
    assert d.start == RECEIVED


def test_consultation_has_only_the_48_hour_result(default):
    dl = compute(default, "consultation")
    assert list(dl) == ["result"]
    assert dl["result"].due == T(2026, 10, 2, 16, 0)


def test_rules_measured_from_assignment(default):
    dl = compute(default, milestones={"assigned": ASSIGNED}, now=T(2026, 9, 30, 16, 10))
    assert dl["forward"].state is MET and dl["forward"].met_at == ASSIGNED
    assert not dl["forward"].late
    assert dl["handler_complete"].due == T(2026, 10, 1, 4, 4)
    assert dl["progress_report"].due == T(2026, 10, 1, 16, 4)
    assert dl["escalate"].due == T(2026, 10, 1, 16, 0)          # from receipt, not assignment
    assert "daily_progress" not in dl                            # starts with the 档案 (escalation)
    assert "callback" not in dl                                  # not closed yet


def test_day_end_defaults_to_end_of_day():
    policy = policy_of('[[rules]]\ncode = "reply"\namount = 5\nunit = "calendar_days"\n'
                       'met_by = "replied"\n', header='[policy]\nname = "x"\nversion = 1\n')
    assert policy.day_end == "24:00"
    assert compute(policy)["reply"].due == T(2026, 10, 5, 23, 59, 59)


def test_compensation_is_paid_by_the_close_of_its_agreed_due_day(default):
    """M3 第六章: the agreed compensation is paid as agreed; no agreed due date, no limit."""
    assert "compensation_paid" not in compute(default, milestones={"approved": ASSIGNED})
    due_day = {"compensation_due": T(2026, 11, 5, 9, 0)}
    paid = compute(default, milestones=due_day, now=T(2026, 11, 5, 18, 0))["compensation_paid"]
    assert (paid.due, paid.state.value) == (T(2026, 11, 5, 17, 30), "overdue")
    # a due date on a Saturday moves to Monday; the payment meets the limit
    due_day = {"compensation_due": T(2026, 11, 7, 12, 0), "compensation_paid": T(2026, 11, 6, 9)}
    paid = compute(default, milestones=due_day, now=T(2026, 11, 9, 9, 0))["compensation_paid"]
    assert (paid.due, paid.state.value, paid.met_at) == (T(2026, 11, 9, 17, 30), "met",
                                                         T(2026, 11, 6, 9))
    for name in ("banking", "state_grid"):
        assert "compensation_paid" in {r.code for r in load_policy(POLICIES / f"{name}.toml").rules}


def test_callback_same_day_after_the_department_closes(default):
    ms = {"assigned": ASSIGNED, "implemented": T(2026, 9, 30, 16, 30)}
    cb = compute(default, milestones=ms)["callback"]
    assert (cb.due, cb.moved_from) == (T(2026, 9, 30, 17, 30), None)
    # Closed after the hall closed on 30 Sept: the next working day is after National Day.
    ms["implemented"] = T(2026, 9, 30, 18, 0)
    cb = compute(default, milestones=ms)["callback"]
    assert cb.due == T(2026, 10, 8, 17, 30)
    assert cb.moved_reason() == "原到期日 2026-10-01 为国庆节假日，顺延至 2026-10-08"
    # Closed on a holiday: the same working day is the next one.
    ms["implemented"] = T(2026, 10, 2, 10, 0)
    assert compute(default, milestones=ms)["callback"].due == T(2026, 10, 8, 17, 30)
    # An ordinary Friday evening: Monday (the reason names the weekend day).
    ms["implemented"] = T(2026, 11, 6, 18, 0)
    cb = compute(default, milestones=ms)["callback"]
    assert cb.due == T(2026, 11, 9, 17, 30)
    assert cb.moved_reason() == "原到期日 2026-11-07 为周六，顺延至 2026-11-09"
    assert cb.moved_reason("en").startswith("The original due date 2026-11-07 is a Saturday")
    ms["called_back"] = T(2026, 11, 9, 9, 0)
    cb = compute(default, milestones=ms, now=T(2026, 11, 10, 9, 0))["callback"]
    assert cb.state is MET and cb.met_at == T(2026, 11, 9, 9, 0)


# --------------------------------------------------------------------------- agreed time

def test_agreed_time_overrides_the_flagged_rules_only(default):
    agreed = T(2026, 10, 3, 10, 0)
    dl = compute(default, milestones={"assigned": ASSIGNED}, agreed=agreed)
    for code in ("reply", "handler_complete", "result"):
        assert dl[code].due == agreed and dl[code].agreed, code
    assert dl["forward"].due == T(2026, 9, 30, 16, 5) and not dl["forward"].agreed
    assert dl["escalate"].due == T(2026, 10, 1, 16, 0)
    assert dl["first_feedback"].due == T(2026, 10, 1, 16, 0)


def test_agreed_time_may_also_be_later_than_the_default(default):
    agreed = T(2026, 10, 9, 15, 0)
    assert compute(default, agreed=agreed)["reply"].due == agreed


def test_agreed_time_before_receipt_is_refused(default):
    with pytest.raises(FieldError) as exc:
        compute(default, agreed=RECEIVED - timedelta(hours=1))
    assert exc.value.field == "agreed_at"
    assert "2026-09-30 15:00" in exc.value.message("en")


# --------------------------------------------------------------------------- states

@pytest.mark.parametrize("now, state", [
    (T(2026, 9, 30, 16, 3), OPEN),            # 2 of 5 minutes left
    (T(2026, 9, 30, 16, 4, 30), DUE_SOON),    # within the last 20 % (1 minute)
    (T(2026, 9, 30, 16, 5), DUE_SOON),        # exactly at the due time is still in time
    (T(2026, 9, 30, 16, 5, 1), OVERDUE),
])
def test_forward_states(default, now, state):
    assert compute(default, now=now)["forward"].state is state


def test_reply_turns_due_soon_in_its_last_fifth(default):
    # Span 30 Sep 16:00 -> 8 Oct 17:30 (moved off the holiday) = 193.5 h; 20 % = 38.7 h
    # -> due soon from 7 Oct 02:48.
    assert compute(default, now=T(2026, 10, 7, 2, 30))["reply"].state is OPEN
    assert compute(default, now=T(2026, 10, 7, 3, 0))["reply"].state is DUE_SOON
    assert compute(default, now=T(2026, 10, 5, 17, 31))["reply"].state is OPEN  # the old due time
    assert compute(default, now=T(2026, 10, 8, 17, 31))["reply"].state is OVERDUE


def test_due_soon_fraction_is_a_policy_setting():
    policy = policy_of('[[rules]]\ncode = "forward"\namount = 10\nunit = "minutes"\n'
                       'met_by = "assigned"\n', header=HEADER + "due_soon_fraction = 0.5\n")
    assert compute(policy, now=T(2026, 9, 30, 16, 4))["forward"].state is OPEN
    assert compute(policy, now=T(2026, 9, 30, 16, 5))["forward"].state is DUE_SOON


def test_met_is_met_even_when_late(default):
    late = T(2026, 9, 30, 16, 7)
    fwd = compute(default, milestones={"assigned": late}, now=T(2026, 10, 9))["forward"]
    assert fwd.state is MET and fwd.met_at == late and fwd.late


def test_a_later_status_meets_an_earlier_one(default):
    # Settled on the spot: straight from registration to replied.
    replied = T(2026, 9, 30, 16, 3)
    dl = compute(default, milestones={"registered": RECEIVED, "replied": replied},
                 now=T(2026, 10, 9))
    for code in ("forward", "first_feedback", "result", "reply"):
        assert dl[code].state is MET and dl[code].met_at == replied, code
    assert "handler_complete" not in dl and "callback" not in dl


def test_rejected_ticket_releases_the_department_but_still_needs_a_reply(default):
    ms = {"assigned": ASSIGNED, "rejected": T(2026, 10, 1, 9, 0)}
    dl = compute(default, milestones=ms, now=T(2026, 10, 9, 9, 0))
    for code in ("handler_complete", "escalate", "progress_report"):
        assert dl[code].state is MET, code
    assert dl["reply"].state is OVERDUE


def test_events_only_meet_themselves(default):
    ms = {"assigned": ASSIGNED, "escalated": T(2026, 10, 1, 17, 0)}
    dl = compute(default, milestones=ms, now=T(2026, 10, 2, 9, 0))
    assert dl["escalate"].state is MET and dl["escalate"].late
    assert dl["progress_report"].state is OVERDUE
    assert dl["first_feedback"].state is OVERDUE


# --------------------------------------------------------------------------- daily 17:00

def test_daily_rule_without_renewal_is_the_next_slot_at_or_after_now():
    policy = policy_of('[[rules]]\ncode = "daily_progress"\nunit = "daily_at"\nat = "17:00"\n'
                       'from = "assigned"\nmet_by = "implemented"\n')
    ms = {"assigned": ASSIGNED}
    assert compute(policy, milestones=ms, now=T(2026, 9, 30, 16, 30))["daily_progress"].due == T(2026, 9, 30, 17, 0)
    assert compute(policy, milestones=ms, now=T(2026, 9, 30, 17, 0))["daily_progress"].due == T(2026, 9, 30, 17, 0)
    d = compute(policy, milestones=ms, now=T(2026, 9, 30, 18, 0))["daily_progress"]
    assert (d.due, d.state) == (T(2026, 10, 8, 17, 0), OPEN)     # past the National Day holiday
    assert "daily_progress" not in compute(policy, now=T(2026, 9, 30, 18, 0))  # not with a department


# --------------------------------------------------------------------------- escalation, queue

def test_escalation_due_24_hours_after_first_report(default):
    ms = {"assigned": ASSIGNED}
    assert not is_escalation_due(compute_values(default, milestones=ms, now=T(2026, 10, 1, 16, 0)))
    assert is_escalation_due(compute_values(default, milestones=ms, now=T(2026, 10, 1, 16, 1)))
    done = {**ms, "implemented": T(2026, 10, 1, 12, 0)}
    assert not is_escalation_due(compute_values(default, milestones=done, now=T(2026, 10, 1, 16, 5)))
    escalated = {**ms, "escalated": T(2026, 10, 1, 16, 0)}
    assert not is_escalation_due(compute_values(default, milestones=escalated, now=T(2026, 10, 1, 17, 0)))
    # Not yet with a department: it escalates all the same.
    assert is_escalation_due(compute_values(default, now=T(2026, 10, 3)))


def test_next_deadline_is_the_earliest_not_met(default):
    dl = compute_deadlines(default, "complaint", RECEIVED, WorkCalendar(),
                           milestones={"assigned": ASSIGNED}, now=T(2026, 9, 30, 16, 10))
    nxt = next_deadline(dl)
    assert nxt.code == "handler_complete" and nxt.due == T(2026, 10, 1, 4, 4)
    nxt = next_deadline(compute_deadlines(default, "complaint", RECEIVED, WorkCalendar(),
                                          now=T(2026, 9, 30, 16, 1)))
    assert nxt.code == "forward"
    closed = compute_deadlines(default, "consultation", RECEIVED, WorkCalendar(),
                               milestones={"replied": T(2026, 10, 1)}, now=T(2026, 10, 2))
    assert next_deadline(closed) is None
    assert next_deadline([]) is None


# --------------------------------------------------------------------------- other presets

def test_banking_fifteen_working_days_and_extensions(cal):
    banking = load_policy(POLICIES / "banking.toml")
    assert banking.rule("reply").extensions == (30, 60)

    def due(granted):
        dl = compute(banking, extensions={"reply": granted} if granted else None)
        return dl["reply"].due

    # Oct 8, 9, 10 (Sat), 12-16, 19-23, 26, 27 -> the 15th working day is Tue 27 Oct.
    assert due(0) == T(2026, 10, 27, 17, 30)
    # ... 28-30, Nov 2-6, 9-13, 16, 17 -> the 30th is Tue 17 Nov.
    assert due(1) == T(2026, 11, 17, 17, 30)
    assert due(2) == T(2026, 12, 29, 17, 30)
    with pytest.raises(FieldError) as exc:
        due(3)
    assert exc.value.key == "error.extension_count"
    assert "2" in exc.value.message("en")


def test_state_grid_one_and_seven_working_days():
    grid = load_policy(POLICIES / "state_grid.toml")
    received = T(2026, 9, 18, 16, 0)   # Friday; Sunday 20 Sept is a make-up working day
    dl = by_code(compute_deadlines(grid, "complaint", received, WorkCalendar(), now=received))
    assert dl["first_feedback"].due == T(2026, 9, 20, 17, 30)
    assert dl["first_feedback"].label == grid.rule("first_feedback").label()
    # Sept 20, 21, 22, 23, 24, (25-27 off) 28, 29
    assert dl["reply"].due == T(2026, 9, 29, 17, 30)
    assert grid.rule("reply").label("en") == "Reply with the decision"


def test_working_day_rule_past_the_known_calendar_is_provisional(default, cal):
    assert cal.known_until() == T(2026, 12, 31).date()      # chinesecalendar 1.11.0
    # 28 Dec 2026 (Mon) + 5 working days: 29, 30, 31 Dec, (1 Jan 元旦, 2-3 weekend) 4, 5 Jan.
    late = T(2026, 12, 28, 10, 0)
    d = by_code(compute_deadlines(default, "suggestion", late, cal, now=late))["suggestion_feedback"]
    assert (d.due, d.provisional) == (T(2027, 1, 5, 17, 30), True)
    assert "2027" in d.provisional_note("zh") and "暂定" in d.provisional_note("zh")
    with pytest.raises(CalendarUnknown):      # the strict answer still refuses to guess
        cal.add_workdays(late, 5)
    assert compute_deadlines(default, "suggestion", late, cal, now=late, skip_unknown=True) == []
    # Inside the known year nothing is provisional, and clock-hour rules need no calendar.
    early = by_code(compute_deadlines(default, "suggestion", T(2026, 12, 18, 10), cal,
                                      now=late))["suggestion_feedback"]
    assert (early.due, early.provisional) == (T(2026, 12, 25, 17, 30), False)
    dl = by_code(compute_deadlines(default, "consultation", late, cal, now=late))
    assert dl["result"].due == late + timedelta(hours=48) and not dl["result"].provisional


def test_a_calendar_day_limit_ending_on_a_provisional_holiday(default, cal):
    # Received 27 Dec 2026: 5 days end on 1 Jan 2027, 元旦 on the provisional calendar;
    # 2 and 3 Jan are a weekend: Monday 4 Jan, provisional.
    d = compute_deadlines(default, "complaint", T(2026, 12, 27, 9), cal, now=T(2026, 12, 27, 9))
    reply = by_code(d)["reply"]
    assert (reply.due, reply.moved_from, reply.provisional) == (
        T(2027, 1, 4, 17, 30), T(2027, 1, 1).date(), True)
    assert reply.moved_reason() == "原到期日 2027-01-01 为元旦假日，顺延至 2027-01-04"
    # Received 1 Dec: 6 Dec is a Sunday of the known year, so not provisional.
    reply = by_code(compute_deadlines(default, "complaint", T(2026, 12, 1, 9), cal,
                                      now=T(2026, 12, 1, 9)))["reply"]
    assert (reply.due, reply.provisional) == (T(2026, 12, 7, 17, 30), False)


def test_calendar_overrides_reach_the_deadline(default):
    cal = WorkCalendar({datetime(2026, 10, 10).date(): False})   # the hall skips the make-up Saturday
    dl = by_code(compute_deadlines(default, "suggestion", RECEIVED, cal, now=RECEIVED))
    assert dl["suggestion_feedback"].due == T(2026, 10, 14, 17, 30)


# --------------------------------------------------------------------------- inputs

def test_kind_is_checked(default):
    with pytest.raises(FieldError) as exc:
        compute(default, kind="complaints")
    assert exc.value.field == "kind"


def test_aware_datetimes_are_refused(default):
    with pytest.raises(HallError) as exc:
        compute_deadlines(default, "complaint", RECEIVED.replace(tzinfo=timezone.utc),
                          WorkCalendar(), now=RECEIVED)
    assert exc.value.key == "error.naive_datetime"


def test_labels_in_both_languages(default):
    rule = default.rule("reply")
    assert rule.label("zh") == "答复客户"
    assert rule.label("en") == "Reply to the customer"
    assert default.title("en") == "Service hall default time limits"


def test_sla_json(default, cal):
    rows = sla_json(default, "complaint", RECEIVED, T(2026, 10, 3, 10, 0), cal, lang="en")
    plain = {"provisional": False, "moved_from": None, "moved_reason": ""}
    assert rows == [
        {"rule": "forward", "label": "Forward to the responsible department",
         "due": "2026-09-30T16:05", "unit": "minutes", "agreed": False, **plain},
        {"rule": "first_feedback", "label": "Initial feedback to the customer",
         "due": "2026-10-01T16:00", "unit": "hours", "agreed": False, **plain},
        {"rule": "escalate", "label": "Escalate to the service supervisor",
         "due": "2026-10-01T16:00", "unit": "hours", "agreed": False, **plain},
        {"rule": "result", "label": "Result", "due": "2026-10-03T10:00", "unit": "hours",
         "agreed": True, **plain},
        {"rule": "reply", "label": "Reply to the customer", "due": "2026-10-03T10:00",
         "unit": "calendar_days", "agreed": True, **plain},    # agreed: never moved
    ]
    rows = sla_json(default, TicketKind.SUGGESTION, RECEIVED, None, cal, lang="zh")
    assert rows == [{"rule": "suggestion_feedback", "label": "建议反馈",
                     "due": "2026-10-13T17:30", "unit": "working_days", "agreed": False, **plain}]
    reply = sla_json(default, "complaint", RECEIVED, None, cal, lang="zh")[-1]
    assert reply == {"rule": "reply", "label": "答复客户", "due": "2026-10-08T17:30",
                     "unit": "calendar_days", "agreed": False, "provisional": False,
                     "moved_from": "2026-10-05",
                     "moved_reason": "原到期日 2026-10-05 为国庆节假日，顺延至 2026-10-08"}
    late = sla_json(default, "suggestion", T(2026, 12, 28, 10), None, cal)
    assert late[0]["provisional"] is True and late[0]["due"] == "2027-01-05T17:30"


# --------------------------------------------------------------------------- validation

GOOD_RULE = '[[rules]]\ncode = "forward"\namount = 5\nunit = "minutes"\nmet_by = "assigned"\n'


def errors_of(text: str) -> ValidationError:
    with pytest.raises(ValidationError) as exc:
        loads_policy(text)
    return exc.value


def test_bad_unit_names_the_rule_and_the_field():
    err = errors_of(HEADER + GOOD_RULE + '[[rules]]\ncode = "reply"\namount = 5\nunit = "weeks"\n'
                    'met_by = "replied"\n')
    assert err.fields == ["rules[2].unit"]
    en, zh = err.message("en"), err.message("zh")
    assert "Rule 2 “reply”" in en and "unit" in en and "“weeks”" in en and "working_days" in en
    assert "第2条规则“reply”" in zh and "单位" in zh and "weeks" in zh


def test_every_problem_is_reported_at_once():
    err = errors_of(
        '[policy]\nname = ""\nday_end = "25:00"\ndue_soon_fraction = 1.5\n'
        '[[rules]]\ncode = "Reply"\namout = 5\nunit = "hours"\nmet_by = "answered"\n'
        'kinds = ["complaints"]\n'
        '[[rules]]\ncode = "forward"\nunit = "same_day"\namount = 1\n'
        '[[rules]]\ncode = "forward"\nunit = "daily_at"\nmet_by = "implemented"\n'
        '[[rules]]\ncode = "own"\nunit = "hours"\namount = 0\nmet_by = "replied"\nfrom = "nowhere"\n'
        'extensions = [3]\nagreed_overrides = "yes"\n'
    )
    assert set(err.fields) == {
        "policy.name", "policy.version", "policy.day_end", "policy.due_soon_fraction",
        "rules[1].code", "rules[1].amout", "rules[1].amount", "rules[1].met_by", "rules[1].kinds",
        "rules[2].amount", "rules[2].met_by",
        "rules[3].code", "rules[3].at",
        "rules[4].label", "rules[4].amount", "rules[4].from", "rules[4].agreed_overrides",
    }
    e = err.errors
    assert "“amout”" in e["rules[1].amout"].message("en")
    assert "complaints" in e["rules[1].kinds"].message("en")
    assert "answered" in e["rules[1].met_by"].message("en")
    assert "same_day" in e["rules[2].amount"].message("en")
    assert "used twice" in e["rules[3].code"].message("en")
    assert "25:00" in e["policy.day_end"].message("en")
    assert "Rule 4 “own”" in e["rules[4].from"].message("en")
    assert "version" in e["policy.version"].message("en")
    assert all(isinstance(x, FieldError) for x in e.values())


def test_extensions_must_grow_and_only_for_counted_units():
    err = errors_of(HEADER + '[[rules]]\ncode = "reply"\namount = 15\nunit = "working_days"\n'
                    'met_by = "replied"\nextensions = [30, 20]\n'
                    '[[rules]]\ncode = "callback"\nunit = "same_day"\nfrom = "implemented"\n'
                    'met_by = "called_back"\nextensions = [2]\n')
    assert set(err.fields) == {"rules[1].extensions", "rules[2].extensions"}


def test_missing_header_and_rules():
    err = errors_of('title = "x"\n')
    assert set(err.fields) == {"title", "policy", "rules"}
    assert "[policy]" in err.errors["policy"].message("en")


def test_toml_syntax_error():
    err = errors_of(HEADER + "[[rules]\n")
    assert err.fields == ["file"]
    assert "TOML" in err.message("en")


def test_unreadable_file(tmp_path):
    with pytest.raises(ValidationError) as exc:
        load_policy(tmp_path / "missing.toml")
    assert exc.value.fields == ["file"]
    assert "missing.toml" in exc.value.message("en")


def test_custom_rule_with_its_own_label_and_default_kinds():
    policy = policy_of('[[rules]]\ncode = "site_visit"\nlabel = "上门核查"\nlabel_en = "Site visit"\n'
                       'amount = 2\nunit = "working_days"\nmet_by = ["analysed"]\n')
    rule = policy.rule("site_visit")
    assert rule.kinds == tuple(TicketKind)
    assert rule.label("zh") == "上门核查" and rule.label("en") == "Site visit"
    assert rule.met_by == ("analysed",)
    # Oct 8 (1), Oct 9 (2)
    assert compute(policy, "suggestion")["site_visit"].due == T(2026, 10, 9, 17, 30)


def test_dump_refuses_a_broken_policy(default):
    broken = dataclasses.replace(default, rules=(dataclasses.replace(default.rules[0], amount=0),))
    with pytest.raises(ValidationError) as exc:
        dump_policy(broken)
    assert exc.value.fields == ["rules[1].amount"]


def test_dump_then_load_keeps_edits(default, tmp_path):
    edited = dataclasses.replace(
        default, version=2, day_end="18:00",
        rules=tuple(dataclasses.replace(r, amount=7) if r.code == "reply" else r
                    for r in default.rules))
    path = tmp_path / "hall.toml"
    path.write_text(dump_policy(edited), encoding="utf-8")
    again = load_policy(path)
    assert again == edited
    assert again.rule("reply").last_day_closed == "next_working_day"
    assert compute(again)["reply"].due == T(2026, 10, 8, 18, 0)     # 7 Oct is a holiday
    kept = dataclasses.replace(again, rules=tuple(
        dataclasses.replace(r, last_day_closed="keep") if r.code == "reply" else r
        for r in again.rules))
    assert "last_day_closed" not in dump_policy(kept).split('code = "reply"')[1].split("[[")[0]
    assert compute(loads_policy(dump_policy(kept)))["reply"].due == T(2026, 10, 7, 18, 0)


def test_error_words_are_registered():
    for key in ("error.calendar_unknown", "error.policy_rule_unit", "error.policy_unit",
                "deadline.rule.reply", "deadline.state.due_soon", "deadline.unit.working_days"):
        assert i18n.has(key), key
    assert "received" in MILESTONES and "replied" in MILESTONES


# --------------------------------------------------------------------------- closed last days

def test_presets_move_customer_facing_day_limits():
    for name, codes in {"default": {"reply", "suggestion_feedback", "callback",
                                    "compensation_paid"},
                        "banking": {"reply", "compensation_paid"},
                        "state_grid": {"first_feedback", "reply", "compensation_paid"}}.items():
        policy = load_policy(POLICIES / f"{name}.toml")
        moving = {r.code for r in policy.rules if r.last_day_closed == "next_working_day"}
        assert moving == codes, name


def test_spring_festival_2026(default):
    # Received Thu 12 Feb 2026: 5 days end on Tue 17 Feb, inside 春节 (15-23 Feb), so the
    # reply moves to 24 Feb; Sat 14 Feb is a make-up working day and does not move anything.
    received = T(2026, 2, 12, 9, 0)
    dl = by_code(compute_deadlines(default, "complaint", received, WorkCalendar(), now=received))
    assert dl["reply"].due == T(2026, 2, 24, 17, 30)
    assert dl["reply"].moved_reason() == "原到期日 2026-02-17 为春节假日，顺延至 2026-02-24"
    # A suggestion the same day: 13 (1), Sat 14 make-up (2), 24 (3), 25 (4), 26 (5).
    sug = by_code(compute_deadlines(default, "suggestion", received, WorkCalendar(),
                                    now=received))["suggestion_feedback"]
    assert (sug.due, sug.moved_from) == (T(2026, 2, 26, 17, 30), None)
    # A last day on the make-up Saturday 28 Feb is a working day: it stays.
    dl = by_code(compute_deadlines(default, "complaint", T(2026, 2, 23, 9), WorkCalendar(),
                                   now=received))
    assert (dl["reply"].due, dl["reply"].moved_from) == (T(2026, 2, 28, 17, 30), None)


def test_keep_leaves_the_last_day_alone_and_overrides_count():
    toml = ('[[rules]]\ncode = "reply"\namount = 5\nunit = "calendar_days"\nmet_by = "replied"\n'
            'last_day_closed = "{}"\n')
    kept = policy_of(toml.format("keep"))
    assert compute(kept)["reply"].due == T(2026, 10, 5, 17, 30)
    moving = policy_of(toml.format("next_working_day"))
    # The hall opens on the holiday 5 Oct by an override: the limit stays there.
    dl = by_code(compute_deadlines(moving, "complaint", RECEIVED,
                                   WorkCalendar({T(2026, 10, 5).date(): True}), now=RECEIVED))
    assert (dl["reply"].due, dl["reply"].moved_from) == (T(2026, 10, 5, 17, 30), None)
    # An override closing an ordinary weekday is "a day off" (its note is no holiday's name).
    closed = WorkCalendar({T(2026, 11, 5).date(): False}, notes={T(2026, 11, 5).date(): "盘点"})
    dl = by_code(compute_deadlines(moving, "complaint", T(2026, 10, 31, 9), closed,
                                   now=RECEIVED))
    assert dl["reply"].moved_reason() == "原到期日 2026-11-05 为休息日，顺延至 2026-11-06"


def test_last_day_closed_is_validated():
    bad = errors_of(HEADER + '[[rules]]\ncode = "reply"\namount = 5\nunit = "calendar_days"\n'
                    'met_by = "replied"\nlast_day_closed = "next_day"\n')
    assert bad.fields == ["rules[1].last_day_closed"]
    assert "next_working_day" in bad.message("en")
    bad = errors_of(HEADER + '[[rules]]\ncode = "forward"\namount = 5\nunit = "minutes"\n'
                    'met_by = "assigned"\nlast_day_closed = "next_working_day"\n')
    assert bad.fields == ["rules[1].last_day_closed"] and "minutes" in bad.message("en")


def test_settlement_on_the_spot_meets_the_callback(default):
    # The services date a settled case's callback from the settlement (see
    # services.deadlines.settlement_callback); the settlement point meets it.
    replied = T(2026, 9, 30, 18, 10)           # after closing time, before the holiday
    ms = {"registered": RECEIVED, "implemented": replied, "replied": replied,
          "settled_on_spot": replied}
    cb = compute(default, milestones=ms, now=replied)["callback"]
    assert cb.state is MET and cb.met_at == replied
    # Without the settlement point (a policy that takes it out of met_by) the callback is
    # open until the customer is called: on the next working day, not at once.
    ms.pop("settled_on_spot")
    cb = compute(default, milestones=ms, now=replied)["callback"]
    assert (cb.state, cb.due) == (OPEN, T(2026, 10, 8, 17, 30))
