"""Ticket numbers: unique across every counter of a hall, readable aloud and scannable.

``TS-20261123-A1-0007``: kind letters (pinyin initials of 投诉/诉求/举报/咨询/建议), the date
received, the counter code, and a per-(kind, day, counter) sequence. The sequence is
allocated by the store in the same transaction as the ticket; the counter code keeps two
counters from ever issuing the same number, even on one shared database.
"""

from __future__ import annotations

import re
from datetime import date

from hall_desk.core.enums import TicketKind
from hall_desk.core.errors import FieldError

KIND_LETTERS = {
    TicketKind.COMPLAINT: "TS",
    TicketKind.REQUEST: "SQ",
    TicketKind.REPORT: "JB",
    TicketKind.CONSULTATION: "ZX",
    TicketKind.SUGGESTION: "JY",
}
_COUNTER_RE = re.compile(r"^[A-Z0-9]{1,4}$")
NUMBER_RE = re.compile(r"^(TS|SQ|JB|ZX|JY)-(\d{8})-([A-Z0-9]{1,4})-(\d{4,})$")


def normalise_counter_code(code: str) -> str:
    code = (code or "").strip().upper()
    if not _COUNTER_RE.match(code):
        raise FieldError("counter_code", "error.counter_code")
    return code


def prefix(kind: TicketKind | str, day: date, counter_code: str) -> str:
    return f"{KIND_LETTERS[TicketKind(kind)]}-{day:%Y%m%d}-{normalise_counter_code(counter_code)}"


def format_number(prefix_: str, seq: int) -> str:
    return f"{prefix_}-{seq:04d}"


def looks_like_number(text: str) -> bool:
    """True for a whole ticket number as a scanner types it (case and spaces forgiven)."""
    return bool(NUMBER_RE.match((text or "").strip().upper()))
