"""The customer's preferred time for a callback (回访时间, manual 003 1.1.53 选择合适的回访
时间): chosen at intake, honoured by the callback worklist.

A window is a set of daily periods: on working days, every day, or on rest days. Which days
work is the working-day calendar's answer (``workday``: holidays such as 春节 and 国庆 are rest
days, a 调休 Saturday a working day), as for the other time limits; without a calendar Monday
to Friday work. :func:`fit` moves a callback's due time into the window: a due time inside a
period stands; one outside it moves to the end of the next period, and the callback is not
due before that period opens.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from hall_desk.core.enums import CallbackWindow as W

_WEEKDAYS = frozenset(range(5))
_WEEKEND = frozenset({5, 6})
_EVERY_DAY = frozenset(range(7))

#: window -> (days of the week, start, end)
PERIODS: dict[W, tuple[frozenset[int], time, time]] = {
    W.WEEKDAY_MORNING: (_WEEKDAYS, time(9, 0), time(12, 0)),
    W.WEEKDAY_AFTERNOON: (_WEEKDAYS, time(14, 0), time(17, 30)),
    W.EVENING: (_EVERY_DAY, time(18, 0), time(21, 0)),
    W.WEEKEND: (_WEEKEND, time(9, 0), time(18, 0)),
}


#: the longest run of days without a period: a window's next period lies within it (the
#: longest holiday with its weekends is nine days; a working-day window over 春节 needs that)
SEARCH_DAYS = 31


def _opens_on(days: frozenset[int], day: date, workday: Callable[[date], bool] | None) -> bool:
    if workday is None or days == _EVERY_DAY:
        return day.weekday() in days
    return workday(day) == (days == _WEEKDAYS)


def fit(window: str, due: datetime, workday: Callable[[date], bool] | None = None
        ) -> tuple[datetime | None, datetime]:
    """(when the callback may start, when it is due) for a due time and a window code. Any
    time (or an unknown code): (None, due) unchanged. ``workday`` tells a working day (the
    hall's calendar); without it Monday to Friday are."""
    found = PERIODS.get(window)         # type: ignore[call-overload]  (StrEnum keys)
    if found is None:
        return None, due
    days, start, end = found
    day = due.date()
    for _ in range(SEARCH_DAYS):
        if _opens_on(days, day, workday):
            opens, closes = datetime.combine(day, start), datetime.combine(day, end)
            if opens <= due < closes:
                return opens, due
            if due < opens:
                return opens, closes
        day += timedelta(days=1)
    return None, due
