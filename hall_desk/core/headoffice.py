"""The head office's rules on what the halls' packages brought (issue #21, part 2): what a
hall's ticket row comes to in the head office's index of tickets, and the frozen views its
pages and commands are given. Plain Python: ``services.headoffice`` reads the ``ho_*``
tables and hands these up; nothing above the services sees a row.

A ticket in the index (``ho_ticket``):

* its most urgent limit (``due_at``) is the hall's own earliest unmet limit as the hall
  last sent it (``next_deadline_at``), or the hotline's limit when that comes first and no
  reply was given; a closed ticket has none;
* it is *closed* once replied (``replied_at``) or archived;
* it is *late* when one of its limits was met after its due time, judged by the head
  office's policy (the shipped default preset) on the hall's milestones, or the hotline's
  limit passed before the reply. "On time" is closed and not late; "overdue" is late, or
  open past its most urgent limit at the moment asked;
* the customer is kept masked (张* / 138****1111) with the phone's digits for the repeat
  check and the search, none of them for an anonymous customer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from hall_desk.core import deadlines as rules
from hall_desk.core import i18n
from hall_desk.core.errors import HallError
from hall_desk.core.masking import mask_name, mask_phone
from hall_desk.core.views import HistoryEntry, _AsDict
from hall_desk.core.workdays import WorkCalendar

#: the sort key of a ticket without a limit: after every real one, so that one index on
#: (``due_key``, ``id``) gives the queue's order with no expression in ORDER BY
NO_LIMIT = datetime(9999, 12, 31)
SORTS = ("deadline", "received", "number", "hall")


def when(value: Any) -> datetime | None:
    """A time as a package carries it (ISO text) or a database gives it back."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value).replace("T", " "))


def _milestones(row: dict[str, Any], received: datetime) -> dict[str, datetime]:
    """The hall's ``services.deadlines.milestones_of`` on a carried row."""
    points = {k: when(v) for k, v in json.loads(row.get("milestones") or "{}").items()}
    points.setdefault("received", received)
    points.setdefault("registered", received)
    if row.get("settled_on_spot") and "settled_on_spot" not in points:
        settled = when(row.get("replied_at")) or points.get("replied")
        if settled is not None:
            points["settled_on_spot"] = settled
    return {k: v for k, v in points.items() if v is not None}


def late(row: dict[str, Any], policy: rules.Policy, calendar: WorkCalendar) -> bool:
    """Whether one of the ticket's limits was met after its due time (a ticket the policy
    cannot judge, e.g. past the known calendar, is not late on that account)."""
    received = when(row["received_at"])
    replied = when(row.get("replied_at"))
    hotline_due = when(row.get("hotline_due_at"))
    if hotline_due is not None and replied is not None and replied > hotline_due:
        return True
    try:
        found = rules.compute_deadlines(
            policy, row["kind"], received, calendar, agreed_at=when(row.get("agreed_due_at")),
            milestones=_milestones(row, received), now=received,
            extensions=json.loads(row.get("deadline_extensions") or "{}"))
    except HallError:
        return False
    return any(d.met_at is not None and d.met_at > d.due for d in found
               if d.unit is not rules.Unit.DAILY_AT)


def index_columns(row: dict[str, Any], policy: rules.Policy,
                  calendar: WorkCalendar) -> dict[str, Any]:
    """The ``ho_ticket`` columns of a hall's ticket row as a package carries it."""
    anonymous = bool(row.get("anonymous"))
    replied = when(row.get("replied_at"))
    closed = replied or when(row.get("archived_at"))
    due = None if closed else when(row.get("next_deadline_at"))
    rule = row.get("next_deadline_rule") or ""
    hotline_due = when(row.get("hotline_due_at"))
    if hotline_due is not None and replied is None and (due is None or hotline_due < due):
        due, rule = hotline_due, "hotline"
    phone_key = "" if anonymous else (row.get("phone_key") or "")
    number = row["number"]
    hotline = row.get("hotline_number") or ""
    return {
        "number": number, "number_reversed": number[::-1], "kind": row["kind"],
        "status": row["status"], "received_at": when(row["received_at"]),
        "closed_at": closed, "due_at": due, "due_key": due or NO_LIMIT, "due_rule": rule,
        "late": late(row, policy, calendar), "anonymous": anonymous,
        "customer": "" if anonymous else mask_name(row.get("customer_name")),
        "phone": "" if anonymous else mask_phone(row.get("customer_phone")),
        "phone_key": phone_key, "phone_last4": phone_key[-4:] if len(phone_key) >= 4 else "",
        "hotline_source": row.get("hotline_source") or "", "hotline_number": hotline,
        "hotline_reversed": hotline[::-1], "summary": (row.get("summary") or "")[:200],
    }


def step_words(action: str) -> str:
    """A history step in people's words (``action.*`` of the catalogue), else its code."""
    key = f"action.{action}"
    return i18n.text(key) if i18n.has(key) else action


# -- views ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RegionFilter:
    """What the region's queue shows: halls (ids; none: all), statuses ("open", "closed"
    or a status code; "": all), kinds, a search (a ticket number or its tail, a hotline
    number or its tail, a phone's last four digits or its start), the sort."""

    halls: tuple[str, ...] = ()
    status: str = "open"
    kinds: tuple[str, ...] = ()
    search: str = ""
    sort: str = "deadline"
    descending: bool = False
    repeats_only: bool = False


@dataclass(frozen=True)
class RegionRow(_AsDict):
    """One ticket of the region's queue, masked."""

    key: int                     # the head office's id of the ticket (``ho_ticket.id``)
    hall_id: str
    hall: str
    number: str
    kind: str
    customer: str
    phone: str
    anonymous: bool
    received_at: datetime
    status: str
    due_at: datetime | None
    due_rule: str
    overdue: bool
    hotline_number: str
    repeat: bool                 # the same customer complained at another hall in the window


@dataclass(frozen=True)
class RepeatLink(_AsDict):
    """A ticket of the same customer at another hall within the repeat window."""

    key: int
    hall: str
    number: str
    received_at: datetime
    status: str


@dataclass(frozen=True)
class VersionInfo(_AsDict):
    """One imported version of a ticket's record."""

    version: int
    sha256: str
    sealed: bool
    created_at: str | None


@dataclass(frozen=True)
class RegionTicket(_AsDict):
    """A ticket at the head office: its index row, the hall's fields as carried (customer
    masked), its history in order, its record versions and its repeats at other halls."""

    row: RegionRow
    category: str
    content: str
    demand: str
    department: str
    summary: str
    hotline_source: str
    history: tuple[HistoryEntry, ...]
    versions: tuple[VersionInfo, ...]
    repeats: tuple[RepeatLink, ...]


@dataclass(frozen=True)
class HallInfo(_AsDict):
    """A hall known to the head office and its last package received."""

    hall_id: str
    name: str
    last_sequence: int
    last_received_at: datetime | None
    last_created_at: str
    last_counts: dict[str, int]
    tickets: int


@dataclass(frozen=True)
class OnTime(_AsDict):
    """One line of the on-time table: a hall, or the region (``hall_id`` "")."""

    hall_id: str
    hall: str
    received: int
    closed: int
    on_time: int
    overdue: int
    open: int
    repeats: int

    @property
    def rate(self) -> float | None:
        """On time of closed, None when nothing was closed."""
        return self.on_time / self.closed if self.closed else None

    def to_dict(self) -> dict[str, Any]:
        out = super().to_dict()
        out["rate"] = None if self.rate is None else round(self.rate, 4)
        return out


def region_line(lines: list[OnTime], label: str) -> OnTime:
    """The region's line: the halls' lines summed."""
    return OnTime("", label, *(sum(getattr(x, name) for x in lines) for name in
                               ("received", "closed", "on_time", "overdue", "open", "repeats")))
