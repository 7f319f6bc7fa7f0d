"""The deadline policy in force and the calendar, applied to stored tickets.

The hall picks a preset (``resources/policies/*.toml``) or an administrator saves an edited
policy; both live in the settings table. The working-day calendar is the holiday library, the
years an administrator imported (settings ``calendar_year.YYYY``, see
:mod:`hall_desk.services.calendar`) and the override table. Parsed policy and calendar are
cached until changed. Deadlines counted past the known calendar are provisional; when the
year is entered ``services.calendar.recompute_provisional`` works them out again and records each change.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from hall_desk import paths
from hall_desk.core import deadlines as rules
from hall_desk.core import i18n
from hall_desk.core.promise import Due as promised_due, promised as promised_rule
from hall_desk.core.auth import require
from hall_desk.core.errors import HallError
from hall_desk.core.workdays import WorkCalendar, YearCalendar
from hall_desk.services import settings
from hall_desk.services.context import Actor, now
from hall_desk.core.enums import TicketStatus
from hall_desk.store.migrations import DEADLINE_ROWS_KEY
from hall_desk.store.models import HolidayOverride, Setting, Ticket, TicketDeadline, TicketEvent
from hall_desk.store.tx import write_transaction

log = logging.getLogger(__name__)

DEFAULT_PRESET = "default"
# The SHA-256 of the policy text the open tickets were last judged by: a shipped preset
# that changes with an upgrade re-judges them once (see ensure_judged).
JUDGED_POLICY_KEY = "deadline_policy_judged"
# What the stored judgement counts besides the policy, in that hash too: changed when the
# judging changes, so the open tickets are judged again once (2: a hotline's own limit
# counts in the next deadline).
JUDGING = "2"
# Policy and calendar change rarely (an administrator in Settings); they are read on every
# ticket change. They are cached and read again after REFRESH_S, so a change made at another
# counter arrives within a minute, and at once at the counter that made it.
REFRESH_S = 60.0
_cache: dict[str, object] = {}

#: Settings key prefix of an imported year's calendar (``calendar_year.2027``).
YEAR_KEY = "calendar_year."


def _fresh(key: str) -> bool:
    if key not in _cache:
        return False
    return time.monotonic() - float(_cache[key + "_at"]) < REFRESH_S  # type: ignore[arg-type]


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
    path = presets().get(name) or presets().get(DEFAULT_PRESET)
    if path is None:   # the shipped policy files are gone: name the file, not a KeyError
        from hall_desk.store.failures import ResourceMissing

        raise ResourceMissing(path=str(paths.resource_path("policies", f"{DEFAULT_PRESET}.toml")))
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
    fill_stored(only_open=True)


def save_policy(actor: Actor, text: str) -> rules.Policy:
    """Validate and save an edited policy (ValidationError names the rule and field)."""
    require(actor.role, "edit_settings")
    parsed = rules.loads_policy(text)
    with write_transaction():
        settings.put("policy_toml", text)
    forget()
    fill_stored(only_open=True)
    return parsed


def imported_years() -> dict[int, dict]:
    """The stored year calendars by year: ``YearCalendar.to_dict()`` plus who imported them
    when (``imported_by``, ``imported_at``, ``file``)."""
    rows = Setting.select().where(Setting.key.startswith(YEAR_KEY))
    found = {}
    for row in rows:
        data = json.loads(row.value)
        found[int(data["year"])] = data
    return dict(sorted(found.items()))


def calendar() -> WorkCalendar:
    if not _fresh("calendar"):
        rows = list(HolidayOverride.select())
        overrides = {row.day: row.workday for row in rows}
        notes = {row.day: row.note for row in rows}
        years = imported_years()
        key = (overrides, notes, years)
        if _cache.get("calendar_key") != key:
            _cache["calendar"] = WorkCalendar(
                overrides, {y: YearCalendar.from_dict(d) for y, d in years.items()}, notes)
            _cache["calendar_key"] = key
        _cache["calendar_at"] = time.monotonic()
    return _cache["calendar"]  # type: ignore[return-value]


def set_override(actor: Actor, day: date, workday: bool, note: str = "") -> None:
    require(actor.role, "edit_settings")
    with write_transaction():
        HolidayOverride.insert(day=day, workday=workday, note=note[:64]).on_conflict(
            conflict_target=[HolidayOverride.day],
            update={HolidayOverride.workday: workday, HolidayOverride.note: note[:64]}).execute()
    forget()
    fill_stored(only_open=True)


def overrides() -> list[tuple[date, bool, str]]:
    """The administrator's calendar overrides: (day, is a working day, note), by date."""
    return [(row.day, row.workday, row.note)
            for row in HolidayOverride.select().order_by(HolidayOverride.day)]


def remove_override(actor: Actor, day: date) -> None:
    require(actor.role, "edit_settings")
    with write_transaction():
        HolidayOverride.delete().where(HolidayOverride.day == day).execute()
    forget()
    fill_stored(only_open=True)


def milestones_of(ticket: Ticket) -> dict[str, datetime]:
    points = {k: datetime.fromisoformat(v) for k, v in json.loads(ticket.milestones or "{}").items()}
    points.setdefault("received", ticket.received_at)
    points.setdefault("registered", ticket.received_at)
    if ticket.settled_on_spot and "settled_on_spot" not in points:
        settled = ticket.replied_at or points.get("replied")
        if settled is not None:
            points["settled_on_spot"] = settled
    return points


@dataclass(frozen=True)
class TicketDeadlines:
    deadlines: list[rules.Deadline]
    problem: HallError | None = None       # e.g. a date beyond the known calendar

    @property
    def next(self) -> rules.Deadline | None:
        return rules.next_deadline(self.deadlines)


def for_ticket(ticket: Ticket, at: datetime | None = None, *,
               skip_unknown: bool = False) -> TicketDeadlines:
    """Every deadline of a ticket with its state at ``at`` (default: now). A calendar gap
    is reported, not raised, so one ticket never breaks a list; with ``skip_unknown`` the
    rules past the known calendar are left out and the others given (the escalation check
    needs its clock-hour rule whatever the calendar knows)."""
    try:
        found = rules.compute_deadlines(
            policy(), ticket.kind, ticket.received_at, calendar(),
            agreed_at=ticket.agreed_due_at, milestones=milestones_of(ticket), now=at or now(),
            extensions=json.loads(ticket.deadline_extensions or "{}"), skip_unknown=skip_unknown)
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


def moved_json(deadline: rules.Deadline) -> dict[str, object]:
    """The JSON keys that say a deadline is provisional (暂定) or was moved off a closed day:
    ``provisional``, ``moved_from`` (ISO date or None) and ``moved_reason`` (Chinese, as on
    the printed records) / ``moved_reason_en``."""
    return {"provisional": deadline.provisional,
            "moved_from": deadline.moved_from.isoformat() if deadline.moved_from else None,
            "moved_reason": deadline.moved_reason("zh"),
            "moved_reason_en": deadline.moved_reason("en")}


def settlement_callback(ticket: Ticket, at: datetime | None = None) -> rules.Deadline | None:
    """The callback deadline of a case settled on the spot, dated from the settlement as if
    the case had been closed then: met by the settlement itself when the policy's callback
    rule lists ``settled_on_spot`` in ``met_by`` (the shipped presets do), else due on the
    same working day. None when the policy has no callback rule for the ticket's kind."""
    points = milestones_of(ticket)
    settled = points.get("settled_on_spot")
    if settled is None:
        return None
    points.setdefault("implemented", settled)
    try:
        found = rules.compute_deadlines(
            policy(), ticket.kind, ticket.received_at, calendar(),
            agreed_at=ticket.agreed_due_at, milestones=points, now=at or now())
    except HallError:
        return None
    return next((d for d in found if d.code == "callback"), None)


def is_provisional(rule: str, due: datetime | None) -> bool:
    """Whether a stored due time of ``rule`` (the queue's next deadline) was counted on the
    provisional calendar: it lies past the known calendar and the rule counts working days
    or moves off closed days. Cheap for the usual date inside the known calendar."""
    if due is None:
        return False
    cal = calendar()
    if due.date() <= cal.known_until() or cal.is_known(due.date()):
        return False
    try:
        found = policy().rule(rule)
    except KeyError:
        return False
    return found.unit is rules.Unit.WORKING_DAYS or (
        found.unit in rules.DAY_UNITS and found.last_day_closed == rules.NEXT_WORKING_DAY)


def promise(found: TicketDeadlines, agreed_at: datetime | None = None
            ) -> tuple[datetime | None, bool]:
    """(the time promised to the customer, provisional): the rule of
    :func:`hall_desk.core.promise.promised`, the one the printed receipt uses."""
    return promised_rule([promised_due(d.code, d.due, d.is_met, d.provisional)
                          for d in found.deadlines], agreed_at)


@dataclass(frozen=True)
class Judgement:
    """What a ticket's deadlines come to after a change: the columns the queue sorts and
    escalates by, and one (rule, due, met) row per rated rule for the statistics."""

    next_due: datetime | None
    next_rule: str
    escalation_due: datetime | None
    rated: list[tuple[str, datetime, datetime | None]]

    def columns(self) -> dict[str, object]:
        return {"next_deadline_at": self.next_due, "next_deadline_rule": self.next_rule,
                "escalation_due_at": self.escalation_due}

    def with_hotline(self, due: datetime | None, replied_at: datetime | None) -> Judgement:
        """The next deadline with a hotline work order's own limit counted like the hall's
        (``core.hotline.sooner``). The limit is not rated: the statistics rate the hall's
        rules."""
        from hall_desk.core import hotline      # not needed before the first window is shown

        next_due, next_rule = hotline.sooner(self.next_due, self.next_rule, due, replied_at)
        return replace(self, next_due=next_due, next_rule=next_rule)


def judge(kind: str, received_at: datetime, agreed_at: datetime | None,
          milestones: dict[str, datetime], extensions: dict[str, int]) -> Judgement:
    """The deadlines of a ticket as stored with it: the earliest unmet deadline (the queue's
    sort column), the due time of the unmet escalation rule (so finding the tickets to
    escalate is one indexed query) and the rated rules (every rule with one due time). Past
    the known calendar the due times are provisional, worked out again when the year is
    entered (``services.calendar.recompute_provisional``); a ticket the policy cannot judge (a refused
    extension count, say) has none."""
    try:
        found = rules.compute_deadlines(policy(), kind, received_at, calendar(),
                                        agreed_at=agreed_at, milestones=milestones,
                                        now=received_at, extensions=extensions)
    except HallError:
        return Judgement(None, "", None, [])
    rated = [(d.code, d.due, d.met_at) for d in found if d.unit is not rules.Unit.DAILY_AT]
    nxt = rules.next_deadline(found)
    escalation = next((d.due for d in found
                       if d.code == rules.ESCALATION_RULE and not d.is_met), None)
    return Judgement(nxt.due if nxt else None, nxt.code if nxt else "", escalation, rated)


def judge_ticket(ticket: Ticket) -> Judgement:
    """:func:`judge` on a stored ticket, its daily reports rated from its history too."""
    found = judge(ticket.kind, ticket.received_at, ticket.agreed_due_at, milestones_of(ticket),
                  json.loads(ticket.deadline_extensions or "{}")
                  ).with_hotline(ticket.hotline_due_at, ticket.replied_at)
    daily = daily_rated(ticket)
    return Judgement(found.next_due, found.next_rule, found.escalation_due,
                     found.rated + daily) if daily else found


def daily_rated(ticket: Ticket) -> list[tuple[str, datetime, datetime | None]]:
    """The rated rows of the ticket's daily rules with a renewal point (the 17:00 progress
    report): one (rule, due, met) per rule that has started, from every renewal event in the
    ticket's history (the milestones keep only the latest), see ``daily_rating``. Reads the
    history only for a ticket whose daily rule has started (few: escalated cases)."""
    daily = [r for r in policy().rules_for(ticket.kind)
             if r.unit is rules.Unit.DAILY_AT and r.renewed_by is not None]
    if not daily:
        return []
    points = milestones_of(ticket)
    out = []
    for rule in daily:
        if rule.start not in points:
            continue
        reports = [at for (at,) in TicketEvent.select(TicketEvent.at).where(
            (TicketEvent.ticket == ticket.id) & (TicketEvent.action == rule.renewed_by)).tuples()]
        if rule.renewed_by in points:     # the change being saved: its event comes after
            reports.append(points[rule.renewed_by])
        try:
            rated = rules.daily_rating(rule, points, reports, calendar())
        except HallError:                 # past the known calendar: rated once it is entered
            continue
        if rated is not None:
            out.append((rule.code, *rated))
    return out


def store_rated(ticket: Ticket, found: Judgement) -> None:
    """Replace the ticket's ``ticket_deadline`` rows (inside the caller's transaction)."""
    TicketDeadline.delete().where(TicketDeadline.ticket == ticket.id).execute()
    daily = daily_rated(ticket)     # judge() alone has no history: these replace its rows
    codes = {r[0] for r in daily}
    rated = [r for r in found.rated if r[0] not in codes] + daily
    if rated:
        TicketDeadline.insert_many([_row(ticket, *r) for r in rated]).execute()


def _row(ticket: Ticket, rule: str, due: datetime, met: datetime | None) -> dict[str, object]:
    return {"ticket": ticket.id, "rule": rule, "received_at": ticket.received_at,
            "department_id": ticket.department_id,
            "responsible_id": ticket.handler_a_id or ticket.first_receiver_id,
            "due_at": due, "met_at": met}


def stored_complete() -> bool:
    """Whether every ticket has its ``ticket_deadline`` rows (false after upgrading a v1
    database until :func:`fill_stored` ran)."""
    return bool(settings.get(DEADLINE_ROWS_KEY, False))


def fill_stored(batch: int = 2000, *, only_open: bool = False) -> int:
    """Work out and store the rated deadlines of every ticket (after upgrading to schema v2)
    or of the open ones (after the policy or the calendar changed: an archived ticket keeps
    the judgement made while it was open), a batch per transaction; returns the tickets
    done. Also brings the queue's next-deadline columns up to date. Safe to interrupt: the
    rows are complete only once it has finished."""
    done, last = 0, 0
    query = Ticket.select()
    if only_open:
        query = query.where(Ticket.status != TicketStatus.ARCHIVED.value)
    while True:
        chunk = list(query.where(Ticket.id > last).order_by(Ticket.id).limit(batch))
        if not chunk:
            break
        with write_transaction():
            ids = [t.id for t in chunk]
            TicketDeadline.delete().where(TicketDeadline.ticket.in_(ids)).execute()
            rows = []
            for ticket in chunk:
                found = judge_ticket(ticket)
                rows += [_row(ticket, *r) for r in found.rated]
                if only_open:
                    Ticket.update(**found.columns()).where(Ticket.id == ticket.id).execute()
            for start in range(0, len(rows), 500):
                TicketDeadline.insert_many(rows[start:start + 500]).execute()
        done += len(chunk)
        last = chunk[-1].id
    with write_transaction():
        if only_open:
            settings.put(JUDGED_POLICY_KEY, _policy_hash())
        else:
            settings.put(DEADLINE_ROWS_KEY, True)
    return done


def _policy_hash() -> str:
    return hashlib.sha256(f"{JUDGING}\n{policy_text()}".encode("utf-8")).hexdigest()


def ensure_judged() -> int:
    """Re-judge the open tickets when the policy in force is not the one they were judged
    by: a shipped preset changed with an upgrade (an edit in Settings re-judges at once).
    Cheap when nothing changed (a settings read and a hash); returns the tickets re-judged."""
    if settings.get(JUDGED_POLICY_KEY) == _policy_hash():
        return 0
    forget()
    count = fill_stored(only_open=True)
    log.info("re-judged the deadlines of %d open tickets under the policy in force", count)
    return count


def ensure_stored() -> None:
    """Fill the rated deadlines once after an upgrade from schema v1."""
    if not stored_complete():
        count = fill_stored()
        log.info("worked out the stored deadlines of %d tickets", count)
