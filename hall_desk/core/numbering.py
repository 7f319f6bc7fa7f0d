"""Ticket numbers: unique across every counter of a hall, readable aloud and scannable.

``TS-20261123-A1-0007``: the kind's letters (:mod:`hall_desk.core.kinds`: pinyin initials of
投诉/诉求/举报/咨询/建议), the date received, the counter code, and a per-(kind, day, counter)
sequence. The sequence is allocated by the store in the same transaction as the ticket; the
counter code keeps two counters from ever issuing the same number, even on one shared database.

Reception records (接待记录) are numbered ``JD-00042`` from the run's id: :func:`reception_number`.
"""

from __future__ import annotations

import re
from datetime import date

from hall_desk.core import kinds
from hall_desk.core.errors import FieldError

_COUNTER_RE = re.compile(r"^[A-Z0-9]{1,4}$")
#: A ticket number inside a text: any capital letters, as a kind's letters come from the table.
NUMBER_PATTERN = r"[A-Z]{2,4}-\d{8}-[A-Z0-9]{1,4}-\d{4,}"
_NUMBER_RE = re.compile(r"^([A-Z]{2,4})-(\d{8})-([A-Z0-9]{1,4})-(\d{4,})$")


def normalise_counter_code(code: str) -> str:
    code = (code or "").strip().upper()
    if not _COUNTER_RE.match(code):
        raise FieldError("counter_code", "error.counter_code")
    return code


def prefix(kind: str, day: date, counter_code: str) -> str:
    return f"{kinds.get(kind).letters}-{day:%Y%m%d}-{normalise_counter_code(counter_code)}"


def format_number(prefix_: str, seq: int) -> str:
    return f"{prefix_}-{seq:04d}"


def looks_like_number(text: str) -> bool:
    """True for a whole ticket number as a scanner types it (case and spaces forgiven)."""
    found = _NUMBER_RE.match((text or "").strip().upper())
    return bool(found) and kinds.by_letters(found.group(1)) is not None


def starts_like_number(text: str) -> bool:
    """True for the start of a ticket number as typed in a search box: a kind's letters and
    a dash (``TS-2026``)."""
    letters, dash, _ = (text or "").strip().upper().partition("-")
    return bool(dash) and kinds.by_letters(letters) is not None


def reception_number(run_id: int | None) -> str:
    """A reception record's number: ``JD-00042`` for run 42."""
    return f"JD-{int(run_id or 0):05d}"
