"""The Chinese working-day calendar behind every "N working days" time limit.

Public holidays are off and weekend make-up working days (调休) are on, as published each
year by the State Council and packaged by the maintained ``chinese_calendar`` library. A
year the library does not know yet is entered by an administrator as a calendar file
(:func:`loads_year`, ``resources/calendars/2026.toml`` is the example), and it wins over the
library for that year; the administrator's override table ({date: is a working day}) wins
over both, to correct single days.

:meth:`WorkCalendar.is_workday` never guesses: a date nobody covers raises
:class:`CalendarUnknown`. Deadlines must not be lost at the year's end, though, so
:meth:`WorkCalendar.day` answers for such a date with a *provisional* day (weekends off and
the fixed-date holidays 元旦 1 Jan, 劳动节 1 May, 国庆 1–3 Oct off) marked as such; a deadline
counted over one is provisional (暂定) until the year is entered.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import chinese_calendar

from hall_desk.core import i18n
from hall_desk.core.errors import FieldError, HallError, ValidationError

#: Holidays on fixed dates of the Gregorian calendar (the statutory days off; the lunar ones
#: and the bridging 调休 move every year): a provisional year takes these off, with weekends.
FIXED_HOLIDAYS: dict[tuple[int, int], str] = {
    (1, 1): "calendar.holiday.new_year",
    (5, 1): "calendar.holiday.labour_day",
    (10, 1): "calendar.holiday.national_day",
    (10, 2): "calendar.holiday.national_day",
    (10, 3): "calendar.holiday.national_day",
}

LIBRARY, IMPORT, OVERRIDE, PROVISIONAL = "library", "import", "override", "provisional"


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


@dataclass(frozen=True)
class Day:
    """One date of the calendar: working or not, where that comes from (``library``,
    ``import``, ``override`` or ``provisional``) and the holiday's name when there is one."""

    date: date
    workday: bool
    source: str
    name_zh: str = ""
    name_en: str = ""

    @property
    def provisional(self) -> bool:
        return self.source == PROVISIONAL

    def name(self, lang: str | None = None) -> str:
        """The holiday (or make-up day) name in ``lang``, else the Chinese one."""
        if (lang or i18n.language()) != "zh" and self.name_en:
            return self.name_en
        return self.name_zh or self.name_en

    def why_closed(self, lang: str | None = None) -> str:
        """Why the hall is closed on this day: the holiday's name, the weekday, or "a day off"."""
        if self.workday:
            return ""
        named = self.name(lang)
        if named:
            return named
        if self.date.weekday() >= 5:
            return i18n.text(f"calendar.weekday.{self.date.weekday()}", lang)
        return i18n.text("calendar.closed_day", lang)


@dataclass(frozen=True)
class YearCalendar:
    """One year's holidays and make-up working days as an administrator imported them.

    ``holidays`` maps every day off of a holiday period to its (Chinese, English) name;
    ``workdays`` maps each make-up working day (a weekend day that is worked) likewise.
    """

    year: int
    holidays: Mapping[date, tuple[str, str]]
    workdays: Mapping[date, tuple[str, str]] = field(default_factory=dict)

    def day(self, d: date) -> Day:
        if d in self.workdays:
            zh, en = self.workdays[d]
            return Day(d, True, IMPORT, zh, en)
        if d in self.holidays:
            zh, en = self.holidays[d]
            return Day(d, False, IMPORT, zh, en)
        return Day(d, d.weekday() < 5, IMPORT)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form ({"year", "holidays": [[date, zh, en]...], "workdays": [...]})."""
        return {"year": self.year,
                "holidays": [[d.isoformat(), *n] for d, n in sorted(self.holidays.items())],
                "workdays": [[d.isoformat(), *n] for d, n in sorted(self.workdays.items())]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> YearCalendar:
        def table(rows: list[list[str]]) -> dict[date, tuple[str, str]]:
            return {date.fromisoformat(r[0]): (r[1], r[2]) for r in rows}

        return cls(int(data["year"]), table(data.get("holidays", [])),
                   table(data.get("workdays", [])))


def _library_name(english: str | None) -> tuple[str, str]:
    if not english:
        return "", ""
    try:
        chinese = chinese_calendar.Holiday(english).chinese
    except ValueError:
        return english, english
    # the library says 清明 / 端午 / 中秋; the State Council's notices say 清明节 ...
    return (chinese + "节" if chinese in ("清明", "端午", "中秋") else chinese), english


def provisional_day(d: date) -> Day:
    """A date of a year nobody has entered yet: weekends and fixed-date holidays off."""
    key = FIXED_HOLIDAYS.get((d.month, d.day))
    if key is not None:
        return Day(d, False, PROVISIONAL, i18n.text(key, "zh"), i18n.text(key, "en"))
    return Day(d, d.weekday() < 5, PROVISIONAL)


class WorkCalendar:
    """Working days per the Chinese calendar: overrides win over imported years, which win
    over the library.

    ``overrides`` maps a date to ``True`` (a working day) or ``False`` (a day off);
    ``notes`` optionally names an override day; ``years`` are imported year calendars.
    """

    def __init__(self, overrides: Mapping[date, bool] | None = None,
                 years: Mapping[int, YearCalendar] | None = None,
                 notes: Mapping[date, str] | None = None) -> None:
        self._overrides: dict[date, bool] = {
            _as_date(d): bool(v) for d, v in (overrides or {}).items()
        }
        self._notes = {_as_date(d): n for d, n in (notes or {}).items() if n}
        self._years: dict[int, YearCalendar] = dict(years or {})
        first, last = _library_years()
        self._known_from = date(first, 1, 1)
        self._library_until = date(last, 12, 31)
        while last + 1 in self._years:
            last += 1
        self._known_until = date(last, 12, 31)

    @property
    def overrides(self) -> dict[date, bool]:
        """A copy of the override table."""
        return dict(self._overrides)

    @property
    def years(self) -> dict[int, YearCalendar]:
        """The imported year calendars by year."""
        return dict(self._years)

    def known_from(self) -> date:
        """The first date the library covers (1 January of its first year)."""
        return self._known_from

    def known_until(self) -> date:
        """The last date known without a gap: the library's last year, extended by imported
        years that follow it."""
        return self._known_until

    def year_known(self, year: int) -> bool:
        """Whether the library or an imported file covers the whole of ``year``."""
        return year in self._years or self._known_from.year <= year <= self._library_until.year

    def is_known(self, d: date) -> bool:
        """Whether :meth:`is_workday` can answer for ``d`` without raising."""
        d = _as_date(d)
        return d in self._overrides or self.year_known(d.year)

    def day(self, d: date) -> Day:
        """What ``d`` is and where that comes from; a provisional day past the known calendar."""
        d = _as_date(d)
        if d in self._overrides:
            return Day(d, self._overrides[d], OVERRIDE, self._notes.get(d, ""))
        if d.year in self._years:
            return self._years[d.year].day(d)
        if not self._known_from <= d <= self._library_until:
            return provisional_day(d)
        try:
            is_holiday, name = chinese_calendar.get_holiday_detail(d)
        except NotImplementedError:  # the library's own range is narrower than its data
            return provisional_day(d)
        zh, en = _library_name(name)
        return Day(d, not is_holiday, LIBRARY, zh, en)

    def is_workday(self, d: date) -> bool:
        """Whether ``d`` is a working day; raises :class:`CalendarUnknown` if not known."""
        found = self.day(d)
        if found.provisional:
            raise CalendarUnknown(found.date, self._known_until)
        return found.workday

    def next_workday(self, d: date) -> date:
        """The first working day strictly after ``d``."""
        return self.add_workdays(d, 1)

    def add_workdays(self, start: date, n: int) -> date:
        """The N-th working day after ``start``; ``start`` itself is not counted
        (期间开始之日不计算在内), whether or not it is a working day. ``n == 0`` gives
        ``start`` back. Raises :class:`CalendarUnknown` past the known calendar."""
        return self.count_workdays(start, n, provisional=False)[0]

    def count_workdays(self, start: date, n: int, *,
                       provisional: bool = True) -> tuple[date, bool]:
        """Like :meth:`add_workdays`, and whether the count crossed a provisional day:
        ``(day, provisional)``. With ``provisional=False`` an unknown day raises instead."""
        if n < 0:
            raise HallError("error.workdays_negative", n=n)
        d = _as_date(start)
        counted, guessed = 0, False
        while counted < n:
            d += timedelta(days=1)
            found = self.day(d)
            if found.provisional:
                if not provisional:
                    raise CalendarUnknown(d, self._known_until)
                guessed = True
            if found.workday:
                counted += 1
        return d, guessed

    def open_on_or_after(self, d: date) -> tuple[date, list[Day], bool]:
        """The first working day on or after ``d``, the closed days skipped on the way, and
        whether any day looked at was provisional (Civil Code art. 203: a period whose last
        day is a legal holiday ends on the day after the holiday)."""
        d = _as_date(d)
        skipped: list[Day] = []
        guessed = False
        while True:
            found = self.day(d)
            guessed = guessed or found.provisional
            if found.workday:
                return d, skipped, guessed
            skipped.append(found)
            d += timedelta(days=1)

    def workdays_between(self, start: date, end: date) -> int:
        """How many working days lie after ``start`` up to and including ``end``."""
        d, end = _as_date(start), _as_date(end)
        count = 0
        while d < end:
            d += timedelta(days=1)
            if self.is_workday(d):
                count += 1
        return count


# --------------------------------------------------------------------------- calendar files

_HOLIDAY_KEYS = {"name", "name_en", "from", "to", "workdays"}


class _Lines:
    """Finds the line of a key or a value in the calendar file for messages: tomllib gives
    the values but not where they were written."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.tables = [i for i, line in enumerate(self.lines)
                       if re.match(r"\s*\[\[\s*holidays\s*\]\]", line)]

    def _span(self, table: int | None) -> range:
        if table is None:       # the top level: up to the first table
            return range(0, self.tables[0] if self.tables else len(self.lines))
        start = self.tables[table] if table < len(self.tables) else 0
        later = [t for t in self.tables if t > start]
        return range(start, later[0] if later else len(self.lines))

    def of(self, table: int | None, key: str | None = None, value: str | None = None) -> int:
        span = self._span(table)
        for i in span:
            code = self.lines[i].split("#", 1)[0]
            if key is not None and not re.match(rf"\s*{re.escape(key)}\s*=", code):
                continue
            if value is not None and value not in code:
                continue
            return i + 1
        if value is not None and key is not None:   # a value on a continuation line
            return self.of(table, None, value)
        return span.start + 1 if span else 1


def _as_day(value: object) -> date | None:
    if isinstance(value, datetime):
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def loads_year(text: str) -> YearCalendar:
    """Parse and validate one year's calendar file (format: ``resources/calendars/2026.toml``).

    Raises :class:`ValidationError` naming the line and the entry of every problem: the
    year missing, a date outside it, holidays that overlap, a make-up working day that is
    a weekday or lies in a holiday, unknown keys.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError({"file": FieldError("file", "error.calendar_syntax",
                                                  field="calendar.field.file", detail=str(exc))}
                              ) from None
    lines = _Lines(text)
    errors: dict[str, HallError] = {}

    def bad(path: str, message: str, /, **params: object) -> None:
        params.setdefault("field", f"calendar.field.{path.split('[')[0].split('.')[0]}")
        errors.setdefault(path, FieldError(path, message, **params))

    for key in data:
        if key not in ("year", "holidays"):
            bad(key, "error.calendar_unknown_key", line=lines.of(None, key), key=key)
    year = data.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 1900 <= year <= 2999:
        bad("year", "error.calendar_year", line=lines.of(None, "year"),
            value="" if year is None else year)
        raise ValidationError(errors)   # nothing else can be checked without the year

    raw = data.get("holidays")
    if not isinstance(raw, list) or not raw:
        bad("holidays", "error.calendar_missing", line=len(lines.lines) or 1,
            where="calendar.where.file", key="[[holidays]]")
        raw = []
    holidays: dict[date, tuple[str, str]] = {}
    holiday_line: dict[date, int] = {}
    makeup: dict[date, tuple[tuple[str, str], int, str]] = {}
    for index, entry in enumerate(raw):
        n = index + 1
        where = i18n.Phrase("calendar.where.holiday", {"n": n})   # in the language shown
        path = f"holidays[{n}]"
        params: dict[str, object] = {"where": where}
        if not isinstance(entry, Mapping):
            bad(path, "error.calendar_missing", line=lines.of(index), key="name", **params)
            continue
        for key in entry:
            if key not in _HOLIDAY_KEYS:
                bad(f"{path}.{key}", "error.calendar_unknown_key", line=lines.of(index, key),
                    key=key)
        name, name_en = entry.get("name"), entry.get("name_en", "")
        if not isinstance(name, str) or not name.strip():
            if name is None:
                bad(f"{path}.name", "error.calendar_missing", line=lines.of(index), key="name",
                    **params)
            else:
                bad(f"{path}.name", "error.calendar_text", line=lines.of(index, "name"),
                    key="name", **params)
            name = ""
        if not isinstance(name_en, str):
            bad(f"{path}.name_en", "error.calendar_text", line=lines.of(index, "name_en"),
                key="name_en", **params)
            name_en = ""
        names = (name.strip(), name_en.strip())
        span: list[date] = []
        ends: dict[str, date] = {}
        for key in ("from", "to"):
            value = entry.get(key)
            if value is None and key == "to":    # a one-day holiday
                if "from" in ends:
                    ends["to"] = ends["from"]
                continue
            if value is None:
                bad(f"{path}.{key}", "error.calendar_missing", line=lines.of(index), key=key,
                    **params)
                continue
            day = _as_day(value)
            line = lines.of(index, key)
            if day is None:
                bad(f"{path}.{key}", "error.calendar_date", line=line, key=key, value=value,
                    **params)
            elif day.year != year:
                bad(f"{path}.{key}", "error.calendar_outside_year", line=line,
                    value=day.isoformat(), year=year, **params)
            else:
                ends[key] = day
        if len(ends) == 2:
            if ends["to"] < ends["from"]:
                bad(f"{path}.to", "error.calendar_order", line=lines.of(index, "to"),
                    start=ends["from"].isoformat(), to=ends["to"].isoformat(), **params)
            else:
                span = [ends["from"] + timedelta(days=k)
                        for k in range((ends["to"] - ends["from"]).days + 1)]
        for day in span:
            if day in holidays:
                bad(f"{path}.from", "error.calendar_overlap", line=lines.of(index, "from"),
                    other=holiday_line[day], value=day.isoformat(), **params)
                break
        for day in span:
            holidays.setdefault(day, names)
            holiday_line.setdefault(day, lines.of(index, "from"))
        extra = entry.get("workdays", [])
        if not isinstance(extra, list):
            extra = [extra]
        for value in extra:
            day = _as_day(value)
            shown = day.isoformat() if day else str(value)
            line = lines.of(index, "workdays", shown)
            key = f"{path}.workdays"
            if day is None:
                bad(key, "error.calendar_date", line=line, key="workdays", value=value, **params)
            elif day.year != year:
                bad(key, "error.calendar_outside_year", line=line, value=shown, year=year,
                    **params)
            elif day.weekday() < 5:
                bad(key, "error.calendar_weekday_makeup", line=line, value=shown,
                    weekday=f"calendar.weekday.{day.weekday()}")
            elif day in makeup:
                bad(key, "error.calendar_duplicate", line=line, value=shown)
            else:
                makeup[day] = (names, line, key)
    for day, (names, line, key) in makeup.items():
        if day in holidays:
            bad(key, "error.calendar_makeup_in_holiday", line=line, value=day.isoformat(),
                name=holidays[day][0])
    if errors:
        raise ValidationError(errors)
    return YearCalendar(year, holidays, {d: names for d, (names, _, _) in makeup.items()})


def load_year(path: Any) -> YearCalendar:
    """Read and validate a calendar file from ``path``."""
    from pathlib import Path

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError({"file": FieldError("file", "error.calendar_unreadable",
                                                  field="calendar.field.file", path=str(path),
                                                  detail=exc.__class__.__name__)}) from None
    return loads_year(text)


def library_year(year: int) -> YearCalendar:
    """The library's data for ``year`` in the same shape as an imported file (for showing
    and comparing); empty when the library does not know the year."""
    holidays = {d: _library_name(n) for d, n in chinese_calendar.holidays.items()
                if d.year == year}
    workdays = {d: _library_name(n) for d, n in chinese_calendar.workdays.items()
                if d.year == year}
    return YearCalendar(year, holidays, workdays)
