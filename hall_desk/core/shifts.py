"""Shifts of the hall (班次): their configuration, validation and which shift a moment falls in.

A shift is a name and a daily window ``[start, end)`` in wall-clock time: the start belongs
to the shift, the end belongs to the next one (at 12:00 the morning shift is over and the
afternoon shift is on). A shift whose end is not after its start runs past midnight (a night
shift 22:00–08:00 ends on the next day). Shifts may leave gaps (the hall is closed at night);
they may not overlap.

The configuration is plain data, as stored in the settings table::

    [{"name": "上午班", "name_en": "Morning shift", "start": "08:30", "end": "12:00"}, ...]

:func:`parse_shifts` turns it into :class:`Shift` objects or raises a ValidationError naming
every bad field (``shift<i>.start`` ...), in the user's language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Iterable, Mapping, Sequence

from hall_desk.core import i18n
from hall_desk.core.errors import FieldError, ValidationError

NAME_MAX = 16
MAX_SHIFTS = 6
_TIME_RE = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")

DEFAULT_SHIFTS: list[dict[str, str]] = [
    {"name": "上午班", "name_en": "Morning shift", "start": "08:30", "end": "12:00"},
    {"name": "下午班", "name_en": "Afternoon shift", "start": "12:00", "end": "17:30"},
]


@dataclass(frozen=True)
class Shift:
    """One configured shift; ``end <= start`` means it ends on the next day."""

    name: str
    start: time
    end: time
    name_en: str = ""

    @property
    def crosses_midnight(self) -> bool:
        return self.end <= self.start

    def label(self, lang: str | None = None) -> str:
        if (lang or i18n.language()) != "zh" and self.name_en:
            return self.name_en
        return self.name

    def window(self, day: date) -> "ShiftSlot":
        """The occurrence of this shift that starts on ``day``."""
        start = datetime.combine(day, self.start)
        end = datetime.combine(day + timedelta(days=1) if self.crosses_midnight else day,
                               self.end)
        return ShiftSlot(self, start, end)

    def minutes(self) -> list[tuple[int, int]]:
        """The shift as half-open minute ranges of a day (two when it crosses midnight)."""
        a = self.start.hour * 60 + self.start.minute
        b = self.end.hour * 60 + self.end.minute
        return [(a, b)] if b > a else [(a, 24 * 60), (0, b)] if b else [(a, 24 * 60)]

    def as_dict(self) -> dict[str, str]:
        return {"name": self.name, "name_en": self.name_en,
                "start": self.start.strftime("%H:%M"), "end": self.end.strftime("%H:%M")}


@dataclass(frozen=True)
class ShiftSlot:
    """One dated occurrence of a shift: ``start <= moment < end``."""

    shift: Shift
    start: datetime
    end: datetime

    @property
    def name(self) -> str:
        return self.shift.name

    def contains(self, moment: datetime) -> bool:
        return self.start <= moment < self.end

    def label(self, lang: str | None = None) -> str:
        """``上午班 2026-11-24 08:30–12:00``."""
        end = self.end.strftime("%H:%M") if self.end.date() == self.start.date() \
            else self.end.strftime("%m-%d %H:%M")
        return f"{self.shift.label(lang)} {self.start:%Y-%m-%d %H:%M}–{end}"

    def as_json(self) -> dict[str, str]:
        return {"name": self.shift.name, "start": self.start.isoformat(timespec="minutes"),
                "end": self.end.isoformat(timespec="minutes")}


def _field(index: int, name: str) -> str:
    return f"shift{index}.{name}"


def _error(index: int, column: str, key: str, **params: Any) -> FieldError:
    return FieldError(_field(index, column), key, field=f"shift.field.{column}",
                      index=index + 1, **params)


def parse_time(value: Any) -> time | None:
    """``"08:30"`` → time(8, 30); None when it is not HH:MM (a one-digit hour is accepted)."""
    text = str(value or "").strip().replace("：", ":")
    if re.fullmatch(r"\d:\d\d", text):
        text = "0" + text
    m = _TIME_RE.match(text)
    return time(int(m.group(1)), int(m.group(2))) if m else None


def parse_shifts(data: Iterable[Mapping[str, Any]]) -> tuple[Shift, ...]:
    """Validate a shift configuration (see the module doc). Returns the shifts by start time.
    Raises ValidationError with every bad field at once."""
    rows = list(data or [])
    errors: dict[str, FieldError] = {}
    if not rows:
        raise ValidationError({"shifts": FieldError("shifts", "shift.error.none")})
    if len(rows) > MAX_SHIFTS:
        raise ValidationError({"shifts": FieldError("shifts", "shift.error.too_many",
                                                    max=MAX_SHIFTS)})
    shifts: list[tuple[int, Shift]] = []
    seen: set[str] = set()
    for i, row in enumerate(rows):
        name = str(row.get("name") or "").strip()
        name_en = str(row.get("name_en") or "").strip()
        bad = False
        if not name:
            errors[_field(i, "name")] = _error(i, "name", "shift.error.name_required")
            bad = True
        elif len(name) > NAME_MAX:
            errors[_field(i, "name")] = _error(i, "name", "shift.error.name_long", max=NAME_MAX)
            bad = True
        elif name in seen:
            errors[_field(i, "name")] = _error(i, "name", "shift.error.name_twice", value=name)
            bad = True
        seen.add(name)
        if len(name_en) > 32:
            errors[_field(i, "name_en")] = _error(i, "name_en", "shift.error.name_long", max=32)
        start, end = parse_time(row.get("start")), parse_time(row.get("end"))
        if start is None:
            errors[_field(i, "start")] = _error(i, "start", "shift.error.time",
                                                value=row.get("start") or "")
            bad = True
        if end is None:
            errors[_field(i, "end")] = _error(i, "end", "shift.error.time",
                                              value=row.get("end") or "")
            bad = True
        elif start is not None and start == end:
            errors[_field(i, "end")] = _error(i, "end", "shift.error.empty")
            bad = True
        if not bad:
            shifts.append((i, Shift(name, start, end, name_en)))   # type: ignore[arg-type]
    for a in range(len(shifts)):
        for b in range(a + 1, len(shifts)):
            (_, sa), (ib, sb) = shifts[a], shifts[b]
            if any(x0 < y1 and y0 < x1 for x0, x1 in sa.minutes() for y0, y1 in sb.minutes()):
                errors.setdefault(_field(ib, "start"), _error(
                    ib, "start", "shift.error.overlap", name=sb.name, other=sa.name))
    if errors:
        raise ValidationError(errors)
    return tuple(sorted((s for _i, s in shifts), key=lambda s: (s.start, s.end)))


def default_shifts() -> tuple[Shift, ...]:
    return parse_shifts(DEFAULT_SHIFTS)


def _slots_around(moment: datetime, shifts: Sequence[Shift], days: Iterable[int]) -> list[ShiftSlot]:
    out = [s.window(moment.date() + timedelta(days=d)) for d in days for s in shifts]
    return sorted(out, key=lambda slot: slot.start)


def shift_at(moment: datetime, shifts: Sequence[Shift]) -> ShiftSlot | None:
    """The shift on duty at ``moment`` (its start included, its end not), or None between
    shifts (the hall is closed)."""
    for slot in _slots_around(moment, shifts, (-1, 0)):
        if slot.contains(moment):
            return slot
    return None


def next_shift(after: datetime | ShiftSlot, shifts: Sequence[Shift]) -> ShiftSlot:
    """The first shift that starts at or after ``after`` (a moment, or the end of a slot):
    the shift that takes over. Over a closed night that is the next morning's shift."""
    moment = after.end if isinstance(after, ShiftSlot) else after
    for slot in _slots_around(moment, shifts, (0, 1, 2)):
        if slot.start >= moment:
            return slot
    raise ValueError("no shifts configured")   # pragma: no cover - parse_shifts refuses none


def previous_shift(moment: datetime, shifts: Sequence[Shift]) -> ShiftSlot:
    """The latest shift that ended at or before ``moment``."""
    found = [s for s in _slots_around(moment, shifts, (-2, -1, 0)) if s.end <= moment]
    if not found:   # pragma: no cover - parse_shifts refuses none
        raise ValueError("no shifts configured")
    return max(found, key=lambda s: s.end)


def handing_over(moment: datetime, shifts: Sequence[Shift], name: str | None = None) -> ShiftSlot:
    """The shift that hands over at ``moment``: the one on duty, else (after closing, before
    anyone took over) the one that ended last. With ``name``: that shift's latest occurrence
    that started at or before ``moment`` (KeyError if no shift has that name)."""
    if name:
        match = [s for s in shifts if s.name == name or s.name_en.lower() == name.lower()]
        if not match:
            raise KeyError(name)
        slots = [match[0].window(moment.date() + timedelta(days=d)) for d in (-1, 0)]
        return max((s for s in slots if s.start <= moment), key=lambda s: s.start)
    return shift_at(moment, shifts) or previous_shift(moment, shifts)


def boundaries(day: date, shifts: Sequence[Shift]) -> list[datetime]:
    """Every start and end of a shift on ``day``, in order, once each."""
    points = set()
    for s in shifts:
        slot = s.window(day)
        points.add(slot.start)
        if slot.end.date() == day:
            points.add(slot.end)
        prev = s.window(day - timedelta(days=1))
        if prev.end.date() == day:
            points.add(prev.end)
    return sorted(points)
