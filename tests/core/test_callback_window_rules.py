"""The customer's preferred callback time moves a callback's due time into the window."""

from __future__ import annotations

from datetime import datetime

import pytest

from hall_desk.core.callback_window import fit
from hall_desk.core.enums import CallbackWindow

# 2026-11-27 is a Friday
FRI_1730 = datetime(2026, 11, 27, 17, 30)


@pytest.mark.parametrize("window, due, expected", [
    ("any", FRI_1730, (None, FRI_1730)),
    ("", FRI_1730, (None, FRI_1730)),
    ("bogus", FRI_1730, (None, FRI_1730)),
    # inside the period: unchanged, opened at the period's start
    ("weekday_afternoon", datetime(2026, 11, 27, 15, 0),
     (datetime(2026, 11, 27, 14, 0), datetime(2026, 11, 27, 15, 0))),
    # after Friday's morning: Monday morning, due at its end
    ("weekday_morning", FRI_1730, (datetime(2026, 11, 30, 9, 0), datetime(2026, 11, 30, 12, 0))),
    ("evening", FRI_1730, (datetime(2026, 11, 27, 18, 0), datetime(2026, 11, 27, 21, 0))),
    ("evening", datetime(2026, 11, 27, 21, 0),
     (datetime(2026, 11, 28, 18, 0), datetime(2026, 11, 28, 21, 0))),
    ("weekend", FRI_1730, (datetime(2026, 11, 28, 9, 0), datetime(2026, 11, 28, 18, 0))),
    ("weekday_afternoon", datetime(2026, 11, 28, 10, 0),       # Saturday → Monday
     (datetime(2026, 11, 30, 14, 0), datetime(2026, 11, 30, 17, 30))),
])
def test_fit(window, due, expected):
    assert fit(window, due) == expected


def test_every_window_but_any_has_hours():
    for window in CallbackWindow:
        opens, _due = fit(window.value, FRI_1730)
        assert (opens is None) == (window is CallbackWindow.ANY), window


def _calendar():
    from hall_desk.core.workdays import WorkCalendar

    return lambda day: WorkCalendar().day(day).workday


@pytest.mark.parametrize("window, due, expected", [
    # Spring Festival 2026 (2-15..2-23 off, Saturday 2-14 worked): the make-up Saturday is a
    # working morning, the holiday week is not
    ("weekday_morning", datetime(2026, 2, 13, 17, 30),
     (datetime(2026, 2, 14, 9, 0), datetime(2026, 2, 14, 12, 0))),
    ("weekday_morning", datetime(2026, 2, 14, 13, 0),
     (datetime(2026, 2, 24, 9, 0), datetime(2026, 2, 24, 12, 0))),
    # National Day 2026 (10-1..10-7 off): a working afternoon after 9-30 is 10-8 ...
    ("weekday_afternoon", datetime(2026, 9, 30, 17, 30),
     (datetime(2026, 10, 8, 14, 0), datetime(2026, 10, 8, 17, 30))),
    # ... while the rest-day window opens on the holiday itself, not on the 调休 Saturday
    ("weekend", datetime(2026, 10, 1, 10, 0),
     (datetime(2026, 10, 1, 9, 0), datetime(2026, 10, 1, 10, 0))),
    ("weekend", datetime(2026, 10, 9, 10, 0),
     (datetime(2026, 10, 11, 9, 0), datetime(2026, 10, 11, 18, 0))),
    ("evening", datetime(2026, 10, 1, 21, 30),                 # every day, holiday or not
     (datetime(2026, 10, 2, 18, 0), datetime(2026, 10, 2, 21, 0))),
])
def test_fit_on_the_working_day_calendar(window, due, expected):
    assert fit(window, due, _calendar()) == expected


def test_without_a_calendar_monday_to_friday_work():
    assert fit("weekday_morning", datetime(2026, 2, 14, 13, 0))[0] == datetime(2026, 2, 16, 9, 0)
    assert fit("weekend", datetime(2026, 10, 1, 10, 0))[0] == datetime(2026, 10, 3, 9, 0)
