"""Which shift is on duty (上午班 / 下午班).

A pure rule, kept here until the duty-log issue moves shifts into the core with the hall's
configured shift times; the status bar is its only user for now.
"""

from __future__ import annotations

from datetime import datetime, time

MORNING = "morning"
AFTERNOON = "afternoon"
NOON = time(12, 0)


def shift_at(moment: datetime) -> str:
    """``"morning"`` before 12:00, ``"afternoon"`` from 12:00 on."""
    return MORNING if moment.time() < NOON else AFTERNOON
