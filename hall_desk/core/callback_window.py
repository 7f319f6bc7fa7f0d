"""The customer's preferred time for a callback (回访时间, manual 003 1.1.53 选择合适的回访
时间): chosen at intake, honoured by the callback worklist.

A window is a set of daily periods (weekdays Monday to Friday, the customer's own week, not
the hall's working-day calendar). :func:`fit` moves a callback's due time into the window:
a due time inside a period stands; one outside it moves to the end of the next period, and
the callback is not due before that period opens.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

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


def fit(window: str, due: datetime) -> tuple[datetime | None, datetime]:
    """(when the callback may start, when it is due) for a due time and a window code. Any
    time (or an unknown code): (None, due) unchanged."""
    found = PERIODS.get(window)         # type: ignore[call-overload]  (StrEnum keys)
    if found is None:
        return None, due
    days, start, end = found
    day = due.date()
    for _ in range(8):          # every window has a period within a week
        if day.weekday() in days:
            opens, closes = datetime.combine(day, start), datetime.combine(day, end)
            if opens <= due < closes:
                return opens, due
            if due < opens:
                return opens, closes
        day += timedelta(days=1)
    return None, due
