"""The deadline policy in force and the calendar, applied to stored tickets.

The hall picks a preset (``resources/policies/*.toml``) or an administrator saves an edited
policy; both live in the settings table. The working-day calendar is the holiday library plus
the administrator's override table. Parsed policy and calendar are cached until changed.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from hall_desk import paths
from hall_desk.core import deadlines as rules
from hall_desk.core.auth import require
from hall_desk.core.errors import HallError
from hall_desk.core.workdays import WorkCalendar
from hall_desk.services import settings
from hall_desk.services.context import Actor, now
from hall_desk.store.models import HolidayOverride, Ticket
from hall_desk.store.tx import write_transaction

DEFAULT_PRESET = "default"
# Policy and calendar change rarely (an administrator in Settings); they are read on every
# ticket change. They are cached and read again after REFRESH_S, so a change made at another
# counter arrives within a minute, and at once at the counter that made it.
REFRESH_S = 60.0
_cache: dict[str, object] = {}


def _fresh(key: str) -> bool:
    return time.monotonic() - float(_cache.get(key + "_at", -1e9)) < REFRESH_S  # type: ignore[arg-type]


def forget() -> None:
    """Drop the cached policy and calendar (after a change, and in tests)."""
    _cache.clear()


def presets() -> dict[str, Path]:
    """Shipped policy presets by name (file stem)."""
    folder = paths.resource_path("policies")
    return {p.stem: p for p in sorted(folder.glob("*.toml"))}


def policy_text() -> str:
    custom = settings.get("policy_toml")
    if custom:
        return custom
    name = settings.get("policy_preset", DEFAULT_PRESET)
    path = presets().get(name) or presets()[DEFAULT_PRESET]
    return path.read_text(encoding="utf-8")


def current_preset() -> str | None:
    """The preset in force, or None when an administrator saved an edited policy."""
    if settings.get("policy_toml"):
        return None
    return settings.get("policy_preset", DEFAULT_PRESET)


def policy() -> rules.Policy:
    if not _fresh("policy"):
        text = policy_text()
        if _cache.get("policy_text") != text:
            _cache["policy"] = rules.loads_policy(text)
            _cache["policy_text"] = text
        _cache["policy_at"] = time.monotonic()
    return _cache["policy"]  # type: ignore[return-value]


def choose_preset(actor: Actor, name: str) -> None:
    require(actor.role, "edit_settings")
    if name not in presets():
        raise HallError("error.choice", field="policy", value=name)
    with write_transaction():
        settings.put("policy_preset", name)
        settings.put("policy_toml", None)
    forget()


def save_policy(actor: Actor, text: str) -> rules.Policy:
    """Validate and save an edited policy (ValidationError names the rule and field)."""
    require(actor.role, "edit_settings")
    parsed = rules.loads_policy(text)
    with write_transaction():
        settings.put("policy_toml", text)
    forget()
    return parsed


def calendar() -> WorkCalendar:
    if not _fresh("calendar"):
        overrides = {row.day: row.workday for row in HolidayOverride.select()}
        if _cache.get("overrides") != overrides:
            _cache["calendar"] = WorkCalendar(overrides)
            _cache["overrides"] = overrides
        _cache["calendar_at"] = time.monotonic()
    return _cache["calendar"]  # type: ignore[return-value]


def set_override(actor: Actor, day: date, workday: bool, note: str = "") -> None:
    require(actor.role, "edit_settings")
    with write_transaction():
        HolidayOverride.insert(day=day, workday=workday, note=note[:64]).on_conflict(
            conflict_target=[HolidayOverride.day],
            update={HolidayOverride.workday: workday, HolidayOverride.note: note[:64]}).execute()
    forget()


def overrides() -> list[tuple[date, bool, str]]:
    """The administrator's calendar overrides: (day, is a working day, note), by date."""
    return [(row.day, row.workday, row.note)
            for row in HolidayOverride.select().order_by(HolidayOverride.day)]


def remove_override(actor: Actor, day: date) -> None:
    require(actor.role, "edit_settings")
    with write_transaction():
        HolidayOverride.delete().where(HolidayOverride.day == day).execute()
    forget()


def milestones_of(ticket: Ticket) -> dict[str, datetime]:
    points = {k: datetime.fromisoformat(v) for k, v in json.loads(ticket.milestones or "{}").items()}
    points.setdefault("received", ticket.received_at)
    points.setdefault("registered", ticket.received_at)
    return points


@dataclass(frozen=True)
class TicketDeadlines:
    deadlines: list[rules.Deadline]
    problem: HallError | None = None       # e.g. a date beyond the known calendar

    @property
    def next(self) -> rules.Deadline | None:
        return rules.next_deadline(self.deadlines)


def for_ticket(ticket: Ticket, at: datetime | None = None) -> TicketDeadlines:
    """Every deadline of a ticket with its state at ``at`` (default: now). A calendar gap
    is reported, not raised, so one ticket never breaks a list."""
    try:
        found = rules.compute_deadlines(
            policy(), ticket.kind, ticket.received_at, calendar(),
            agreed_at=ticket.agreed_due_at, milestones=milestones_of(ticket), now=at or now(),
            extensions=json.loads(ticket.deadline_extensions or "{}"))
    except HallError as exc:
        return TicketDeadlines([], exc)
    return TicketDeadlines(found)


def preview(kind: str, received_at: datetime, agreed_at: datetime | None = None) -> TicketDeadlines:
    """The deadlines a ticket would get, before it is saved (the intake read-back)."""
    try:
        found = rules.compute_deadlines(policy(), kind, received_at, calendar(),
                                        agreed_at=agreed_at, now=received_at)
    except HallError as exc:
        return TicketDeadlines([], exc)
    return TicketDeadlines(found)


def promised_reply(found: TicketDeadlines) -> datetime | None:
    """The time promised to the customer: the ``reply`` rule's due time, else the earliest."""
    for deadline in found.deadlines:
        if deadline.code == "reply":
            return deadline.due
    return min((d.due for d in found.deadlines), default=None)


def next_due(kind: str, received_at: datetime, agreed_at: datetime | None,
             milestones: dict[str, datetime], extensions: dict[str, int]
             ) -> tuple[datetime | None, str, datetime | None]:
    """(due, rule code) of the earliest unmet deadline, for the queue's sort column, and the
    due time of the unmet escalation rule (None when met or not started), so that finding
    the tickets to escalate is one indexed query."""
    try:
        found = rules.compute_deadlines(policy(), kind, received_at, calendar(),
                                        agreed_at=agreed_at, milestones=milestones,
                                        now=received_at, extensions=extensions)
    except HallError:
        return None, "", None
    nxt = rules.next_deadline(found)
    escalation = next((d.due for d in found
                       if d.code == rules.ESCALATION_RULE and not d.is_met), None)
    return (nxt.due if nxt else None), (nxt.code if nxt else ""), escalation
