"""Which shift is on duty, for the status bar: the hall's configured shifts
(:mod:`hall_desk.services.shifts`, edited in Settings), by their names.

``shift_at`` is the old fixed rule (morning before 12:00, afternoon from 12:00), kept for
callers that only need that split; the window uses :func:`current_label`.
"""

from __future__ import annotations

from datetime import datetime, time

from hall_desk.services import shifts

MORNING = "morning"
AFTERNOON = "afternoon"
NOON = time(12, 0)


def shift_at(moment: datetime) -> str:
    """``"morning"`` before 12:00, ``"afternoon"`` from 12:00 on."""
    return MORNING if moment.time() < NOON else AFTERNOON


def current_label(moment: datetime) -> str:
    """The configured shift's name at ``moment`` in the current language (its English name
    when there is one), or "off duty hours" between shifts."""
    return shifts.label_at(moment)
