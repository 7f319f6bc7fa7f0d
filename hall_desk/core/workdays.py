"""The Chinese working-day calendar behind every "N working days" time limit.

Public holidays are off and weekend make-up working days (调休) are on, as published each
year by the State Council and packaged by the maintained ``chinese_calendar`` library. An
administrator's override table ({date: is a working day}) wins over the library, both to
correct it and to enter a year the installed library does not know yet.

The calendar never guesses: a date outside the library's years that no override covers
raises :class:`CalendarUnknown`, because a weekday rule would be wrong around every holiday.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta

import chinese_calendar

from hall_desk.core import i18n
from hall_desk.core.errors import HallError

i18n.register({
    "error.calendar_unknown": (
        "工作日历中没有{date}的节假日安排（内置日历只到{known_until}），"
        "请管理员在设置中补充该年度的节假日和调休安排",
        "The working-day calendar has no holiday schedule for {date} (the built-in calendar "
        "ends on {known_until}); an administrator must enter that year's holidays and "
        "make-up working days in Settings",
    ),
    "error.workdays_negative": ("工作日天数不能为负数：{n}", "The number of working days cannot be negative: {n}"),
})


class CalendarUnknown(HallError):
    """Asked about a date that neither the library nor the override table covers."""

    key = "error.calendar_unknown"

    def __init__(self, day: date, known_until: date) -> None:
        self.date = day
        self.known_until = known_until
        super().__init__(self.key, date=day.isoformat(), known_until=known_until.isoformat())


def _as_date(d: date) -> date:
    # datetime is a subclass of date: reduce it so override lookups and comparisons work.
    return d.date() if isinstance(d, datetime) else d


def _library_years() -> tuple[int, int]:
    keys = list(chinese_calendar.holidays) + list(chinese_calendar.workdays)
    return min(k.year for k in keys), max(k.year for k in keys)


class WorkCalendar:
    """Working days per the Chinese calendar, with an override table that wins.

    ``overrides`` maps a date to ``True`` (a working day) or ``False`` (a day off).
    """

    def __init__(self, overrides: Mapping[date, bool] | None = None) -> None:
        self._overrides: dict[date, bool] = {
            _as_date(d): bool(v) for d, v in (overrides or {}).items()
        }
        first, last = _library_years()
        self._known_from = date(first, 1, 1)
        self._known_until = date(last, 12, 31)

    @property
    def overrides(self) -> dict[date, bool]:
        """A copy of the override table."""
        return dict(self._overrides)

    def known_from(self) -> date:
        """The first date the library covers (1 January of its first year)."""
        return self._known_from

    def known_until(self) -> date:
        """The last date the library covers (31 December of its last year)."""
        return self._known_until

    def is_known(self, d: date) -> bool:
        """Whether :meth:`is_workday` can answer for ``d`` without raising."""
        d = _as_date(d)
        return d in self._overrides or self._known_from <= d <= self._known_until

    def is_workday(self, d: date) -> bool:
        """Whether ``d`` is a working day; raises :class:`CalendarUnknown` if not known."""
        d = _as_date(d)
        if d in self._overrides:
            return self._overrides[d]
        if not self._known_from <= d <= self._known_until:
            raise CalendarUnknown(d, self._known_until)
        try:
            return bool(chinese_calendar.is_workday(d))
        except NotImplementedError:  # the library's own range is narrower than its data
            raise CalendarUnknown(d, self._known_until) from None

    def next_workday(self, d: date) -> date:
        """The first working day strictly after ``d``."""
        return self.add_workdays(d, 1)

    def add_workdays(self, start: date, n: int) -> date:
        """The N-th working day after ``start``; ``start`` itself is not counted
        (期间开始之日不计算在内), whether or not it is a working day. ``n == 0`` gives
        ``start`` back."""
        if n < 0:
            raise HallError("error.workdays_negative", n=n)
        d = _as_date(start)
        counted = 0
        while counted < n:
            d += timedelta(days=1)
            if self.is_workday(d):
                counted += 1
        return d

    def workdays_between(self, start: date, end: date) -> int:
        """How many working days lie after ``start`` up to and including ``end``."""
        d, end = _as_date(start), _as_date(end)
        count = 0
        while d < end:
            d += timedelta(days=1)
            if self.is_workday(d):
                count += 1
        return count
