"""The working-day calendar: Chinese holidays, make-up days (调休), overrides, unknown years."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import chinese_calendar
import pytest

from hall_desk.core.errors import HallError
from hall_desk.core.workdays import CalendarUnknown, WorkCalendar

D = date


@pytest.fixture
def cal() -> WorkCalendar:
    return WorkCalendar()


# The 2026 Mid-autumn festival and National Day as published (chinese_calendar 1.11).
@pytest.mark.parametrize("day, working", [
    (D(2026, 9, 18), True),    # Fri
    (D(2026, 9, 19), False),   # Sat
    (D(2026, 9, 20), True),    # Sun, make-up working day
    (D(2026, 9, 24), True),
    (D(2026, 9, 25), False),   # Mid-autumn
    (D(2026, 9, 26), False),
    (D(2026, 9, 27), False),
    (D(2026, 9, 28), True),
    (D(2026, 9, 30), True),
    (D(2026, 10, 1), False),   # National Day ...
    (D(2026, 10, 5), False),   # ... a Monday off
    (D(2026, 10, 7), False),   # ... to Wednesday
    (D(2026, 10, 8), True),
    (D(2026, 10, 10), True),   # Sat, make-up working day
    (D(2026, 10, 11), False),  # Sun
    (D(2026, 10, 17), False),  # an ordinary Saturday
])
def test_2026_autumn_holidays(cal, day, working):
    assert cal.is_workday(day) is working


def test_library_agrees_on_the_2026_autumn_schedule():
    # Guard the hand-computed cases against a different library release.
    assert {d for d in chinese_calendar.holidays if D(2026, 9, 1) <= d <= D(2026, 10, 31)} == {
        D(2026, 9, 25), D(2026, 9, 26), D(2026, 9, 27),
        *(D(2026, 10, n) for n in range(1, 8)),
    }
    assert {d for d in chinese_calendar.workdays if D(2026, 9, 1) <= d <= D(2026, 10, 31)} == {
        D(2026, 9, 20), D(2026, 10, 10),
    }


def test_five_working_days_across_national_day(cal):
    # Sept 30 is the day of receipt and is not counted; Oct 1-7 off; Oct 10 (Sat) is worked.
    assert [cal.add_workdays(D(2026, 9, 30), n) for n in range(1, 6)] == [
        D(2026, 10, 8), D(2026, 10, 9), D(2026, 10, 10), D(2026, 10, 12), D(2026, 10, 13),
    ]


def test_make_up_sunday_counts(cal):
    assert cal.add_workdays(D(2026, 9, 18), 1) == D(2026, 9, 20)
    assert cal.next_workday(D(2026, 9, 24)) == D(2026, 9, 28)


def test_start_on_a_day_off_is_not_counted_either(cal):
    assert cal.add_workdays(D(2026, 10, 3), 1) == D(2026, 10, 8)
    assert cal.add_workdays(D(2026, 10, 11), 1) == D(2026, 10, 12)


def test_zero_days_is_the_start_and_negative_is_refused(cal):
    assert cal.add_workdays(D(2026, 10, 3), 0) == D(2026, 10, 3)
    with pytest.raises(HallError) as exc:
        cal.add_workdays(D(2026, 10, 3), -1)
    assert exc.value.key == "error.workdays_negative"


def test_datetimes_are_taken_as_their_date(cal):
    assert cal.is_workday(datetime(2026, 10, 10, 9, 30)) is True
    assert cal.add_workdays(datetime(2026, 9, 30, 16, 0), 5) == D(2026, 10, 13)


def test_workdays_between(cal):
    assert cal.workdays_between(D(2026, 9, 30), D(2026, 10, 13)) == 5
    assert cal.workdays_between(D(2026, 10, 1), D(2026, 10, 7)) == 0
    assert cal.workdays_between(D(2026, 10, 13), D(2026, 10, 13)) == 0


def test_overrides_beat_the_library():
    # The hall works on the holiday Oct 4 and closes on Oct 8 instead.
    cal = WorkCalendar({D(2026, 10, 4): True, D(2026, 10, 8): False})
    assert cal.is_workday(D(2026, 10, 4)) is True
    assert cal.is_workday(D(2026, 10, 8)) is False
    # Oct 4 (1), Oct 9 (2), Oct 10 (3), Oct 12 (4), Oct 13 (5)
    assert cal.add_workdays(D(2026, 9, 30), 5) == D(2026, 10, 13)
    assert cal.add_workdays(D(2026, 9, 30), 1) == D(2026, 10, 4)
    assert cal.add_workdays(D(2026, 9, 30), 2) == D(2026, 10, 9)
    only_off = WorkCalendar({D(2026, 10, 8): False})
    assert only_off.add_workdays(D(2026, 9, 30), 5) == D(2026, 10, 14)


def test_override_keys_may_be_datetimes_and_table_is_copied():
    table = {datetime(2026, 10, 12, 0, 0): False}
    cal = WorkCalendar(table)
    table[datetime(2026, 10, 13, 0, 0)] = False  # later edits to the caller's dict don't leak
    assert cal.is_workday(D(2026, 10, 12)) is False
    assert cal.is_workday(D(2026, 10, 13)) is True
    assert cal.overrides == {D(2026, 10, 12): False}


def test_known_range_follows_the_library(cal):
    last_year = max(d.year for d in [*chinese_calendar.holidays, *chinese_calendar.workdays])
    assert cal.known_until() == D(last_year, 12, 31)
    assert cal.known_until() >= D(2026, 12, 31)
    assert cal.known_from() == D(2004, 1, 1)


def test_unknown_year_raises_rather_than_guessing(cal):
    beyond = cal.known_until() + timedelta(days=1)
    assert not cal.is_known(beyond)
    with pytest.raises(CalendarUnknown) as exc:
        cal.is_workday(beyond)
    err = exc.value
    assert isinstance(err, HallError)
    assert err.key == "error.calendar_unknown"
    assert err.date == beyond
    assert beyond.isoformat() in err.message("en")
    assert cal.known_until().isoformat() in err.message("zh")
    assert "Settings" in err.message("en")
    with pytest.raises(CalendarUnknown):
        cal.is_workday(D(2003, 12, 31))


def test_counting_into_an_unknown_year_raises_at_the_first_unknown_day(cal):
    last = cal.known_until()
    with pytest.raises(CalendarUnknown) as exc:
        cal.add_workdays(last - timedelta(days=1), 10)
    assert exc.value.date == last + timedelta(days=1)


def test_overrides_make_an_unknown_year_usable():
    base = WorkCalendar()
    last = base.known_until()
    d1, d2, d3 = (last + timedelta(days=n) for n in (1, 2, 3))
    cal = WorkCalendar({d1: False, d2: True})
    assert cal.is_known(d1) and cal.is_known(d2) and not cal.is_known(d3)
    assert cal.is_known(last)
    assert cal.add_workdays(last, 1) == d2
    with pytest.raises(CalendarUnknown) as exc:
        cal.add_workdays(last, 2)
    assert exc.value.date == d3
