"""domain.md §5.1 (M2 第二节三.3 and 三.4) as the default policy sets them: escalation 24 clock hours after
the first report (首报, receipt), assigned or not; the department's 17:00 progress report from
the 投诉处理档案 (escalation) on, on working days only, and its rating for the statistics."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from hall_desk.core.deadlines import (
    DeadlineState,
    Policy,
    compute_deadlines,
    daily_rating,
    dump_policy,
    is_escalation_due,
    load_policy,
    loads_policy,
)
from hall_desk.core.errors import ValidationError
from hall_desk.core.sla import sla_json
from hall_desk.core.workdays import WorkCalendar

POLICIES = Path(__file__).resolve().parents[2] / "resources" / "policies"
T = datetime
MET, OPEN, DUE_SOON, OVERDUE = (DeadlineState.MET, DeadlineState.OPEN,
                                DeadlineState.DUE_SOON, DeadlineState.OVERDUE)
# November 2026: Mon 2 ... Fri 6, Sat 7, Sun 8, Mon 9.
HEADER = '[policy]\nname = "测试"\nversion = 1\nday_end = "17:30"\n'


@pytest.fixture(scope="module")
def default() -> Policy:
    return load_policy(POLICIES / "default.toml")


def deadlines(policy, received, milestones=None, now=None, kind="complaint"):
    found = compute_deadlines(policy, kind, received, WorkCalendar(), milestones=milestones or {},
                              now=now or received)
    return {d.code: d for d in found}


# --------------------------------------------------------------------------- escalation

def test_escalation_counts_from_the_first_report_not_from_assignment(default):
    received = T(2026, 11, 2, 9, 0)
    dl = deadlines(default, received, {"assigned": T(2026, 11, 3, 15, 0)}, now=T(2026, 11, 3, 9, 1))
    assert dl["escalate"].due == T(2026, 11, 3, 9, 0)
    assert dl["escalate"].start == received
    assert dl["escalate"].state is OVERDUE and is_escalation_due(dl.values())


def test_an_unassigned_complaint_escalates_in_clock_hours_over_the_weekend(default):
    received = T(2026, 11, 6, 16, 0)       # Friday; nobody assigns it
    assert deadlines(default, received)["escalate"].due == T(2026, 11, 7, 16, 0)   # Saturday
    assert not is_escalation_due(deadlines(default, received, now=T(2026, 11, 7, 16, 0)).values())
    assert is_escalation_due(deadlines(default, received, now=T(2026, 11, 7, 16, 1)).values())
    # 40 hours registered and never touched: long overdue.
    assert is_escalation_due(deadlines(default, received, now=T(2026, 11, 8, 8, 0)).values())


@pytest.mark.parametrize("kind", ["request", "report"])
def test_requests_and_reports_escalate_too(default, kind):
    assert deadlines(default, T(2026, 11, 2, 9, 0), kind=kind)["escalate"].due == T(2026, 11, 3, 9, 0)


def test_completion_or_escalation_meets_it(default):
    received = T(2026, 11, 2, 9, 0)
    done = deadlines(default, received, {"replied": T(2026, 11, 2, 9, 30)}, now=T(2026, 11, 4))
    assert done["escalate"].state is MET and not done["escalate"].late
    escalated = deadlines(default, received, {"escalated": T(2026, 11, 3, 9, 0)}, now=T(2026, 11, 4))
    assert escalated["escalate"].state is MET and not escalated["escalate"].late


def test_sla_lists_the_escalation_with_the_other_limits(default):
    rows = sla_json(default, "complaint", T(2026, 11, 2, 9, 0), None, WorkCalendar(), lang="en")
    assert {"rule": "escalate", "label": "Escalate to the service supervisor",
            "due": "2026-11-03T09:00", "unit": "hours", "agreed": False, "provisional": False,
            "moved_from": None, "moved_reason": ""} in rows
    assert "daily_progress" not in [r["rule"] for r in rows]     # starts at escalation


def test_no_shipped_policy_counts_escalation_from_assignment():
    for path in POLICIES.glob("*.toml"):
        for rule in load_policy(path).rules:
            if rule.code == "escalate":
                assert rule.start == "received", path.name


# --------------------------------------------------------------------------- the 17:00 report

def daily(default, escalated, now, **points):
    received = min(escalated, T(2026, 9, 1))
    return deadlines(default, received, {"escalated": escalated, **points}, now=now)["daily_progress"]


def test_the_17_00_report_starts_with_the_complaint_file_not_with_assignment(default):
    dl = deadlines(default, T(2026, 11, 2, 9, 0), {"assigned": T(2026, 11, 2, 9, 3)},
                   now=T(2026, 11, 2, 18, 0))
    assert "daily_progress" not in dl


@pytest.mark.parametrize("escalated, first_due", [
    (T(2026, 11, 6, 9, 0), T(2026, 11, 6, 17, 0)),     # Friday morning: that afternoon
    (T(2026, 11, 6, 11, 59), T(2026, 11, 6, 17, 0)),   # just before the 12:00 cut-off
    (T(2026, 11, 6, 12, 0), T(2026, 11, 9, 17, 0)),    # at the cut-off: next working day (Mon)
    (T(2026, 11, 6, 16, 59), T(2026, 11, 9, 17, 0)),   # one minute is no notice
    (T(2026, 11, 6, 18, 0), T(2026, 11, 9, 17, 0)),    # after 17:00
    (T(2026, 11, 7, 16, 0), T(2026, 11, 9, 17, 0)),    # escalated on Saturday
    (T(2026, 11, 3, 20, 0), T(2026, 11, 4, 17, 0)),    # Tuesday evening: Wednesday
    (T(2026, 9, 30, 10, 0), T(2026, 9, 30, 17, 0)),    # before the National Day holiday
    (T(2026, 9, 30, 16, 0), T(2026, 10, 8, 17, 0)),    # ... after the cut-off: Oct 1-7 off
    (T(2026, 10, 3, 9, 0), T(2026, 10, 8, 17, 0)),     # during the holiday
])
def test_first_report_due(default, escalated, first_due):
    d = daily(default, escalated, now=escalated)
    assert (d.due, d.start, d.state) == (first_due, escalated, OPEN)


def test_a_report_settles_its_day_and_the_next_is_the_next_working_day(default):
    esc = T(2026, 11, 5, 10, 0)                                  # Thursday
    assert daily(default, esc, now=T(2026, 11, 5, 12, 0)).due == T(2026, 11, 5, 17, 0)
    # Reported Thursday 16:00: Friday 17:00 next.
    d = daily(default, esc, now=T(2026, 11, 5, 16, 30), progress_report=T(2026, 11, 5, 16, 0))
    assert d.due == T(2026, 11, 6, 17, 0)
    # Reported Friday 16:00: nothing falls due over the weekend, Monday 17:00 next.
    for now in (T(2026, 11, 7, 10, 0), T(2026, 11, 8, 18, 0)):
        d = daily(default, esc, now=now, progress_report=T(2026, 11, 6, 16, 0))
        assert (d.due, d.state) == (T(2026, 11, 9, 17, 0), OPEN)


def test_a_missed_report_stays_overdue_until_one_is_made(default):
    esc = T(2026, 11, 6, 9, 0)                                   # Friday, due 17:00
    d = daily(default, esc, now=T(2026, 11, 7, 10, 0))
    assert (d.due, d.state) == (T(2026, 11, 6, 17, 0), OVERDUE)
    d = daily(default, esc, now=T(2026, 11, 8, 10, 0), progress_report=T(2026, 11, 7, 10, 0))
    assert (d.due, d.state) == (T(2026, 11, 9, 17, 0), OPEN)     # a Saturday report: Monday next


def test_a_report_before_the_first_due_day_does_not_move_it(default):
    esc = T(2026, 11, 2, 13, 0)                                  # Monday after the cut-off
    d = daily(default, esc, now=T(2026, 11, 2, 15, 0), progress_report=T(2026, 11, 2, 14, 0))
    assert d.due == T(2026, 11, 3, 17, 0)


def test_completion_ends_the_daily_report(default):
    d = daily(default, T(2026, 11, 6, 9, 0), now=T(2026, 11, 10), implemented=T(2026, 11, 6, 15, 0))
    assert d.state is MET


def test_without_a_cutoff_the_report_is_due_at_17_00_the_same_working_day():
    policy = loads_policy(HEADER + '[[rules]]\ncode = "daily_progress"\nunit = "daily_at"\n'
                          'at = "17:00"\nfrom = "escalated"\nmet_by = "implemented"\n'
                          'renewed_by = "progress_report"\n')
    assert daily(policy, T(2026, 11, 6, 16, 59), now=T(2026, 11, 6, 16, 59)).due == T(2026, 11, 6, 17, 0)
    assert daily(policy, T(2026, 11, 6, 17, 0), now=T(2026, 11, 6, 17, 0)).due == T(2026, 11, 9, 17, 0)


# --------------------------------------------------------------------------- rating

def rating(default, escalated, reports=(), **points):
    rule = default.rule("daily_progress")
    return daily_rating(rule, {"received": T(2026, 11, 1), "escalated": escalated, **points},
                        list(reports), WorkCalendar())


def test_rating_every_report_on_time(default):
    esc = T(2026, 11, 5, 10, 0)
    reports = [T(2026, 11, 5, 16, 0), T(2026, 11, 6, 9, 0), T(2026, 11, 9, 16, 59)]
    # Open: the outstanding one is Tuesday's.
    assert rating(default, esc, reports) == (T(2026, 11, 10, 17, 0), None)
    # Completed Tuesday morning: on time.
    due, met = rating(default, esc, reports, implemented=T(2026, 11, 10, 11, 0))
    assert (due, met) == (T(2026, 11, 10, 17, 0), T(2026, 11, 10, 11, 0)) and met <= due


def test_rating_one_late_report_makes_the_run_late(default):
    esc = T(2026, 11, 5, 10, 0)
    reports = [T(2026, 11, 5, 16, 0), T(2026, 11, 6, 18, 30), T(2026, 11, 9, 10, 0)]
    assert rating(default, esc, reports) == (T(2026, 11, 6, 17, 0), T(2026, 11, 6, 18, 30))


def test_rating_completion_after_a_missed_report_is_late(default):
    due, met = rating(default, T(2026, 11, 5, 10, 0), [], implemented=T(2026, 11, 6, 9, 0))
    assert (due, met) == (T(2026, 11, 5, 17, 0), T(2026, 11, 6, 9, 0)) and met > due


def test_rating_ignores_reports_outside_the_run_and_waits_for_escalation(default):
    esc = T(2026, 11, 5, 10, 0)
    early = [T(2026, 11, 4, 16, 0)]                              # before the 档案
    assert rating(default, esc, early) == (T(2026, 11, 5, 17, 0), None)
    assert daily_rating(default.rule("daily_progress"), {"received": T(2026, 11, 1)}, [],
                        WorkCalendar()) is None


# --------------------------------------------------------------------------- the policy key

RULE = ('[[rules]]\ncode = "daily_progress"\nunit = "daily_at"\nat = "17:00"\n'
        'from = "escalated"\nmet_by = "implemented"\n')


def test_cutoff_round_trips(default):
    assert default.rule("daily_progress").cutoff == "12:00"
    assert loads_policy(dump_policy(default)) == default


@pytest.mark.parametrize("extra, words", [
    ('cutoff = "18:00"\n', "cannot be later than the daily time 17:00"),
    ('cutoff = "noon"\n', "is not a time of day"),
])
def test_bad_cutoff_is_named(extra, words):
    with pytest.raises(ValidationError) as exc:
        loads_policy(HEADER + RULE + extra)
    assert exc.value.fields == ["rules[1].cutoff"]
    assert words in exc.value.message("en") and "当日起算截止时刻" in exc.value.message("zh")


def test_cutoff_only_with_daily_rules():
    with pytest.raises(ValidationError) as exc:
        loads_policy(HEADER + '[[rules]]\ncode = "reply"\namount = 5\nunit = "hours"\n'
                     'met_by = "replied"\ncutoff = "12:00"\n')
    assert exc.value.fields == ["rules[1].cutoff"]
