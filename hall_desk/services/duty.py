"""The duty log (值班记录): timestamped notes and hall incidents by the staff on duty.

Entries are evidence: never deleted, never edited. Each one is appended to the
``duty_log`` hash chain in the transaction that writes it. A later entry that *follows up*
an earlier one points at it (``DutyLogEntry.corrects``) and carries the whole current state
of that record (text, who handled it, what was done, the outcome, when it was closed): the
newest entry of such a thread is the record as it stands, the older ones stay as they were.
A follow-up is called

- a **correction** (更正) when it changes the text of the entry,
- **handling** (处理) when it records who handled the incident and what was done,
- **closing** (结案) when it closes the incident (``closed_at``).

A follow-up must point at the newest entry of its thread (someone else's follow-up in
between is refused, as a stale save is). An incident whose thread is not closed is open and
stays on every shift handover until it is closed. Ordinary notes are never open.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from hall_desk.core.auth import require
from hall_desk.core.chain import GENESIS, link_hash
from hall_desk.core.enums import DutyKind
from hall_desk.core.errors import FieldError, HallError, NotFound, ValidationError
from hall_desk.core.incidents import guidance, is_incident, kind_label
from hall_desk.core.validation import clean_text
from hall_desk.services.context import Actor, now
from hall_desk.services.evidence import next_link
from hall_desk.store.models import DutyLogEntry, Staff
from hall_desk.store.tx import write_transaction

TEXT_MAX = 2000
CHAIN = "duty_log"


@dataclass(frozen=True)
class Entry:
    """One duty-log entry as plain data (``root`` is the thread's first entry)."""

    id: int
    at: datetime
    staff: str
    kind: str
    text: str
    handled_by: str
    action_taken: str
    outcome: str
    closed_at: datetime | None
    corrects: int | None
    root: int
    follow: str          # "", correction, handling, closing
    superseded_by: int | None
    hash: str

    @property
    def incident(self) -> bool:
        return is_incident(self.kind)

    @property
    def is_open(self) -> bool:
        return self.incident and self.closed_at is None and self.superseded_by is None

    def as_json(self) -> dict[str, Any]:
        iso = lambda v: v.isoformat(timespec="minutes") if v else None  # noqa: E731
        return {"id": self.id, "at": iso(self.at), "staff": self.staff, "kind": self.kind,
                "text": self.text, "handled_by": self.handled_by,
                "action_taken": self.action_taken, "outcome": self.outcome,
                "closed_at": iso(self.closed_at), "corrects": self.corrects,
                "follow": self.follow, "superseded_by": self.superseded_by}


def _content(row: DutyLogEntry, staff_login: str, handler_login: str) -> dict[str, Any]:
    """What the chain hashes for an entry (every field but the hashes and the id)."""
    return {"at": row.at.isoformat(), "staff": staff_login, "kind": row.kind, "text": row.text,
            "handled_by": handler_login, "action_taken": row.action_taken,
            "outcome": row.outcome,
            "closed_at": row.closed_at.isoformat() if row.closed_at else None,
            "corrects": row.corrects_id}


def _login(staff_id: int | None) -> str:
    if not staff_id:
        return ""
    return Staff.select(Staff.login).where(Staff.id == staff_id).scalar() or ""


def _staff_of(actor: Actor) -> int:
    if actor.staff_id:
        return actor.staff_id
    from hall_desk.services.tickets import _system_staff_id

    return _system_staff_id()


def _handler(value: Any, errors: dict[str, FieldError]) -> int | None:
    if value in (None, ""):
        return None
    row = Staff.get_or_none((Staff.id == value) if str(value).isdigit() else (Staff.login == value))
    if row is None or not row.active:
        errors["handled_by"] = FieldError("handled_by", "duty.error.handler", value=value)
        return None
    return row.id


def _text(field: str, value: Any, errors: dict[str, FieldError], *, required: bool) -> str:
    try:
        return clean_text(field, value, required=required, max_len=TEXT_MAX, multiline=True)
    except FieldError as exc:
        errors[field] = exc
        return ""


def _write(row_values: dict[str, Any]) -> DutyLogEntry:
    row = DutyLogEntry(**row_values)
    content = _content(row, _login(row.staff_id), _login(row.handled_by_id))
    row.prev_hash, row.hash = next_link(CHAIN, content)
    row.save(force_insert=True)
    return row


def add(actor: Actor, kind: DutyKind | str, text: str, *, at: datetime | None = None,
        handled_by: Any = None, action_taken: str = "", outcome: str = "",
        close: bool = False) -> Entry:
    """A new entry by ``actor`` (the staff on duty). ``at``: when it happened (default now;
    not in the future). An incident may be recorded handled and closed at once."""
    require(actor.role, "write_duty_log")
    errors: dict[str, FieldError] = {}
    if kind not in DutyKind.codes():
        errors["duty_kind"] = FieldError("duty_kind", "error.required" if not kind
                                         else "error.choice", value=kind)
    body = _text("duty_text", text, errors, required=True)
    action = _text("action_taken", action_taken, errors, required=False)
    result = _text("duty_outcome", outcome, errors, required=close)
    handler = _handler(handled_by, errors)
    moment = now()
    if at is not None and at > moment + timedelta(minutes=1):
        errors["duty_at"] = FieldError("duty_at", "duty.error.future")
    incident = kind in DutyKind.codes() and is_incident(kind)
    if errors:
        raise ValidationError(errors)
    with write_transaction():
        row = _write({
            "at": (at or moment).replace(microsecond=0), "staff": _staff_of(actor),
            "kind": str(kind), "text": body,
            "handled_by": handler if incident else None,
            "action_taken": action if incident else "", "outcome": result if incident else "",
            "closed_at": moment if (incident and close) else None, "corrects": None})
        return get(row.id)


def follow_up(actor: Actor, entry_id: int, *, text: str | None = None,
              handled_by: Any = ..., action_taken: str | None = None,
              outcome: str | None = None, close: bool = False) -> Entry:
    """A new entry that corrects, handles or closes entry ``entry_id`` (which must be the
    newest of its thread). Fields not given carry over from it unchanged."""
    require(actor.role, "write_duty_log")
    with write_transaction():
        old = DutyLogEntry.get_or_none(DutyLogEntry.id == entry_id)
        if old is None:
            raise NotFound(what="what.duty_entry", key=entry_id)
        newer = (DutyLogEntry.select(DutyLogEntry.id).where(DutyLogEntry.corrects == old.id)
                 .order_by(DutyLogEntry.id.desc()).limit(1).scalar())
        if newer:
            raise HallError("duty.error.superseded", newer=newer)
        incident = is_incident(old.kind)
        handling = close or any(v not in (None, ...) for v in (action_taken, outcome)) \
            or handled_by is not ...
        if handling and not incident:
            raise HallError("duty.error.not_incident")
        if close and old.closed_at is not None:
            raise HallError("duty.error.closed")
        errors: dict[str, FieldError] = {}
        body = old.text if text is None else _text("duty_text", text, errors, required=True)
        action = old.action_taken if action_taken is None else \
            _text("action_taken", action_taken, errors, required=False)
        result = old.outcome if outcome is None else \
            _text("duty_outcome", outcome, errors, required=False)
        handler = old.handled_by_id if handled_by is ... else _handler(handled_by, errors)
        if close and not result and "duty_outcome" not in errors:
            errors["duty_outcome"] = FieldError("duty_outcome", "duty.error.outcome_needed")
        if errors:
            raise ValidationError(errors)
        closed_at = now() if close else old.closed_at
        if (body, action, result, handler, closed_at) == (old.text, old.action_taken, old.outcome,
                                                          old.handled_by_id, old.closed_at):
            raise HallError("duty.error.no_change")
        row = _write({"at": now(), "staff": _staff_of(actor), "kind": old.kind, "text": body,
                      "handled_by": handler, "action_taken": action, "outcome": result,
                      "closed_at": closed_at, "corrects": old.id})
        return get(row.id)


def correct(actor: Actor, entry_id: int, text: str) -> Entry:
    """A correction: the entry's text as it should have read."""
    return follow_up(actor, entry_id, text=text)


def close(actor: Actor, entry_id: int, *, outcome: str, action_taken: str | None = None,
          handled_by: Any = ...) -> Entry:
    """Close an incident with its outcome (and what was done, who handled it)."""
    return follow_up(actor, entry_id, outcome=outcome, action_taken=action_taken,
                     handled_by=handled_by, close=True)


# --------------------------------------------------------------------------- reading


def _entries(query) -> list[Entry]:
    rows = list(query)
    names = {s.id: s.name for s in Staff.select(Staff.id, Staff.name)}
    by_id = {r.id: r for r in DutyLogEntry.select(DutyLogEntry.id, DutyLogEntry.corrects,
                                                  DutyLogEntry.text, DutyLogEntry.closed_at)}
    successor = {r.corrects_id: r.id for r in by_id.values() if r.corrects_id}
    out = []
    for r in rows:
        root = r.id
        while by_id[root].corrects_id:
            root = by_id[root].corrects_id
        follow = ""
        if r.corrects_id:
            prev = by_id[r.corrects_id]
            follow = ("closing" if r.closed_at and not prev.closed_at
                      else "correction" if r.text != prev.text else "handling")
        out.append(Entry(r.id, r.at, names.get(r.staff_id, ""), r.kind, r.text,
                         names.get(r.handled_by_id, "") if r.handled_by_id else "",
                         r.action_taken, r.outcome, r.closed_at, r.corrects_id, root, follow,
                         successor.get(r.id), r.hash))
    return out


def entries(date_from: date | None = None, date_to: date | None = None, *,
            kind: str | None = None, current_only: bool = False) -> list[Entry]:
    """Entries written in [date_from, date_to] (by the time written), newest first.
    ``current_only``: only the newest entry of each thread."""
    query = DutyLogEntry.select()
    if date_from:
        query = query.where(DutyLogEntry.at >= datetime.combine(date_from, datetime.min.time()))
    if date_to:
        query = query.where(DutyLogEntry.at < datetime.combine(date_to + timedelta(days=1),
                                                                datetime.min.time()))
    if kind:
        query = query.where(DutyLogEntry.kind == kind)
    found = _entries(query.order_by(DutyLogEntry.at.desc(), DutyLogEntry.id.desc()))
    return [e for e in found if e.superseded_by is None] if current_only else found


def get(entry_id: int) -> Entry:
    found = _entries(DutyLogEntry.select().where(DutyLogEntry.id == entry_id))
    if not found:
        raise NotFound(what="what.duty_entry", key=entry_id)
    return found[0]


def thread(entry_id: int) -> list[Entry]:
    """Every entry of the thread ``entry_id`` belongs to, oldest first."""
    root = get(entry_id).root
    all_entries = _entries(DutyLogEntry.select().order_by(DutyLogEntry.id))
    return [e for e in all_entries if e.root == root]


def open_incidents() -> list[Entry]:
    """Incidents not closed (the newest entry of each open thread), oldest first."""
    query = DutyLogEntry.select().where(DutyLogEntry.kind != DutyKind.NOTE.value,
                                        DutyLogEntry.closed_at.is_null())
    return sorted((e for e in _entries(query) if e.is_open), key=lambda e: e.at)


def guidance_text(kind: DutyKind | str, lang: str | None = None) -> str:
    """The prescribed response for an incident kind, in ``lang``; "" for a note."""
    found = guidance(kind)
    return found.text(lang) if found else ""


def label(kind: str, lang: str | None = None) -> str:
    return kind_label(kind, lang)


def verify_chain() -> list[int]:
    """The ids of entries whose hash does not follow from their content and the entry
    before (empty when the duty log is intact)."""
    logins = {s.id: s.login for s in Staff.select(Staff.id, Staff.login)}
    bad, prev = [], GENESIS
    for row in DutyLogEntry.select().order_by(DutyLogEntry.id):
        content = _content(row, logins.get(row.staff_id, ""),
                           logins.get(row.handled_by_id, "") if row.handled_by_id else "")
        if row.prev_hash != prev or row.hash != link_hash(row.prev_hash, content):
            bad.append(row.id)
        prev = row.hash
    return bad


def sheet(actor: Actor, date_from: date, date_to: date) -> bytes:
    """值班记录 of a period as PDF, oldest entry first."""
    from hall_desk import pdf
    from hall_desk.core.chain import content_hash
    from hall_desk.pdf.handover import duty_log_sheet
    from hall_desk.services import settings

    if date_from > date_to:
        raise HallError("error.date_range")
    rows = [e.as_json() for e in reversed(entries(date_from, date_to))]
    meta = pdf.RecordMeta(hall_name=settings.hall_name(), printed_at=now(),
                          printed_by=actor.name, version=None, content_sha256=content_hash(rows))
    period = date_from.isoformat() if date_from == date_to else \
        f"{date_from.isoformat()} 至 {date_to.isoformat()}"
    return duty_log_sheet(rows, meta, period)
