"""The hall's configured shifts (班次), kept in the settings table under ``"shifts"``.

Until an administrator saves shifts in Settings the hall runs on the defaults of
:data:`hall_desk.core.shifts.DEFAULT_SHIFTS` (上午班 08:30–12:00, 下午班 12:00–17:30).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any, Iterable, Mapping

from hall_desk.core import i18n
from hall_desk.core import shifts as rules
from hall_desk.core.auth import require
from hall_desk.core.errors import ValidationError
from hall_desk.services import settings
from hall_desk.services.context import Actor, now
from hall_desk.store.tx import write_transaction

log = logging.getLogger(__name__)
SETTING = "shifts"


def configured() -> tuple[rules.Shift, ...]:
    """The shifts in force; the defaults when none are saved (or the saved ones are broken,
    which only a hand-edited database can do: logged, never fatal)."""
    data = settings.get(SETTING)
    if not data:
        return rules.default_shifts()
    try:
        return rules.parse_shifts(data)
    except ValidationError as exc:
        log.error("stored shifts are not valid (%s); using the defaults", exc)
        return rules.default_shifts()


def save(actor: Actor, data: Iterable[Mapping[str, Any]]) -> tuple[rules.Shift, ...]:
    """Validate and save a shift configuration (administrators only)."""
    require(actor.role, "edit_settings")
    parsed = rules.parse_shifts(list(data))
    with write_transaction():
        settings.put(SETTING, [s.as_dict() for s in parsed])
    return parsed


def current_shift(moment: datetime | None = None) -> rules.ShiftSlot | None:
    """The shift on duty at ``moment`` (default: now), None between shifts."""
    return rules.shift_at(moment or now(), configured())


def handing_over(moment: datetime | None = None, name: str | None = None) -> rules.ShiftSlot:
    """The shift that hands over at ``moment`` (see ``core.shifts.handing_over``)."""
    return rules.handing_over(moment or now(), configured(), name)


def next_shift(slot: rules.ShiftSlot) -> rules.ShiftSlot:
    return rules.next_shift(slot, configured())


def label_at(moment: datetime | None = None, lang: str | None = None) -> str:
    """The status bar's words: the shift's name, or "off duty hours" between shifts."""
    slot = current_shift(moment)
    return slot.shift.label(lang) if slot else i18n.text("shift.off_duty", lang)
