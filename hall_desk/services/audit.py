"""``audit verify``: the evidence chains, and the current state against them.

Each chained row stores the SHA-256 of the hash before it and its own content; the chain
head keeps the last hash and the number of rows. Walking a chain from the start and
recomputing every link finds the first row that was changed, deleted, inserted or moved by
hand in the database, and a chain cut short at its end by the head that no longer matches.

The chains are: ticket events, the duty log, signatures, and ``state`` (every write to
staff, reception runs, handovers, record versions and the access log; see
``store.rowstate``). On top of the walks:

- every ticket row must be what its events say (the ``created`` event's snapshot with each
  later change applied; its version, time and author of the last change too);
- every group of ``state`` rows must hash to the latest entry of its scope;
- with an anchor (``services.anchors``), every chain must still reach the anchored head at
  the anchored length: this is what catches a forger who recomputed the hashes.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, Callable, Iterable

from peewee import BooleanField, DateTimeField, DecimalField, ForeignKeyField, IntegerField

from hall_desk.core import hotline, i18n
from hall_desk.core.chain import GENESIS, content_hash, link_hash
from hall_desk.services import anchors, duty
from hall_desk.store import rowstate
from hall_desk.store.models import (
    ChainHead, DutyLogEntry, SealedIdentity, Signature, Staff, StateEvent, Ticket, TicketEvent,
)


@dataclass(frozen=True)
class ChainReport:
    chain: str
    rows: int
    broken_row: int | None = None       # id of the first row that does not check
    position: int = 0                   # its place in the chain, from 1
    reason: str = ""                    # i18n key
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def ok(self) -> bool:
        return self.broken_row is None and not self.reason

    def message(self) -> str:
        name = i18n.text(f"audit.chain.{self.chain}")
        if self.ok:
            if self.chain == "anchor":
                return i18n.text("audit.ok_anchor", code=self.params.get("code", ""), n=self.rows)
            key = "audit.ok_rows" if self.chain in ("state_rows", "ticket_row", "handover",
                                                    "attachment") \
                else "audit.ok"
            return i18n.text(key, chain=name, n=self.rows)
        params = dict(self.params)
        if "chain" in params:
            params["chain"] = i18n.text(f"audit.chain.{params['chain']}") \
                if params["chain"] in anchors.CHAINS else params["chain"]
        reason = i18n.text(self.reason, **params)
        if self.broken_row is None:
            return i18n.text("audit.broken_at", chain=name, reason=reason)
        return i18n.text("audit.broken", chain=name, row=self.broken_row,
                         n=self.position or self.rows, reason=reason)


def _walk(chain: str, rows: Iterable[Any], content: Callable[[Any], dict[str, Any]],
          marks: Iterable[int] = ()) -> tuple[ChainReport, dict[int, str]]:
    """The chain's report, and the verified hash at each length in ``marks`` reached
    before the first broken link."""
    marks = set(marks)
    seen = {0: GENESIS}
    prev, count = GENESIS, 0
    for count, row in enumerate(rows, start=1):
        if row.prev_hash != prev:
            return ChainReport(chain, count, row.id, count, "audit.reason.prev"), seen
        if row.hash != link_hash(prev, content(row)):
            return ChainReport(chain, count, row.id, count, "audit.reason.hash"), seen
        prev = row.hash
        if count in marks:
            seen[count] = prev
    head = ChainHead.get_or_none(ChainHead.name == chain)
    if head is None or head.hash != prev or head.length != count:
        return ChainReport(chain, count, None, count, "audit.reason.head"), seen
    return ChainReport(chain, count), seen


def _sources() -> dict[str, tuple[Callable[[], Iterable[Any]], Callable[[Any], dict[str, Any]]]]:
    """Each chain's rows in order and the content its links hash."""
    numbers = dict(Ticket.select(Ticket.id, Ticket.number).tuples())
    logins = dict(Staff.select(Staff.id, Staff.login).tuples())

    def event(e: TicketEvent) -> dict[str, Any]:
        return {"ticket": numbers.get(e.ticket_id, ""), "seq": e.seq, "at": e.at.isoformat(),
                "actor": e.actor_label, "action": e.action, "before": json.loads(e.before),
                "after": json.loads(e.after), "note": e.note}

    def duty_entry(r: DutyLogEntry) -> dict[str, Any]:
        return duty._content(r, logins.get(r.staff_id, ""),
                             logins.get(r.handled_by_id, "") if r.handled_by_id else "")

    def signature(s: Signature) -> dict[str, Any]:
        key = numbers.get(s.subject_id, "") if s.subject_type == "ticket" else s.subject_id
        image = bytes(s.image_png) if s.image_png else None
        return {"subject": f"{s.subject_type}:{key}", "role": s.role, "signer": s.signer_name,
                "at": s.signed_at.isoformat(), "version": s.record_version,
                "content_sha256": s.content_sha256, "on_paper": s.on_paper,
                "image_sha256": content_hash({"png": image.hex()}) if image else None,
                **({"signed_by": s.signed_by, "staff": logins.get(s.staff_id)}
                   if s.signed_by else {})}

    return {
        "ticket_event": (lambda: TicketEvent.select().order_by(TicketEvent.id).iterator(), event),
        "duty_log": (lambda: DutyLogEntry.select().order_by(DutyLogEntry.id), duty_entry),
        "signature": (lambda: Signature.select().order_by(Signature.id).iterator(), signature),
        "state": (lambda: StateEvent.select().order_by(StateEvent.id).iterator(),
                  rowstate.entry_content),
    }


def _sealed_handovers() -> ChainReport:
    """Each sealed handover's rows against the hash sealed by both signatures (the
    signature chain above keeps that hash from being changed quietly)."""
    from hall_desk.services import handover
    from hall_desk.store.models import RecordVersion

    ids = [i for (i,) in RecordVersion.select(RecordVersion.subject_id).where(
        (RecordVersion.subject_type == handover.SUBJECT)
        & (RecordVersion.sealed == True)).distinct().order_by(  # noqa: E712
        RecordVersion.subject_id).tuples()]
    for position, handover_id in enumerate(ids, start=1):
        if not handover.verify(int(handover_id)):
            return ChainReport("handover", len(ids), int(handover_id), position,
                               "audit.reason.sealed")
    return ChainReport("handover", len(ids))


# ----------------------------------------------------------------- the current state

def _state_rows() -> ChainReport:
    """Every group of rows on the ``state`` chain against the latest hash chained for it."""
    latest: dict[str, str] = {}
    for scope, sha in (StateEvent.select(StateEvent.scope, StateEvent.sha256)
                       .order_by(StateEvent.id).tuples().iterator()):
        latest[scope] = sha
    present = 0
    for present, scope in enumerate(rowstate.scopes_now(), start=1):
        if scope not in latest:
            return ChainReport("state_rows", present, None, present,
                               "audit.reason.state_missing", {"scope": scope})
        if latest.pop(scope) != rowstate.digest(scope):
            return ChainReport("state_rows", present, None, present,
                               "audit.reason.state_changed", {"scope": scope})
    for scope, sha in latest.items():
        if sha:
            return ChainReport("state_rows", present, None, present,
                               "audit.reason.state_deleted", {"scope": scope})
    return ChainReport("state_rows", present)


def _normal(f: Any, value: Any) -> Any:
    """A ticket field's value in one form, from the row or from an event's JSON."""
    if value is None:
        return None
    if isinstance(f, ForeignKeyField) or isinstance(f, IntegerField):
        return int(value)
    if isinstance(f, DateTimeField):
        return datetime.fromisoformat(value) if isinstance(value, str) else value
    if isinstance(f, DecimalField):
        return Decimal(str(value))
    if isinstance(f, BooleanField):
        return bool(value)
    return value


# An anonymous customer's identity is sealed apart (services.tickets): the row keeps these
# blank. Events from before schema v3 still hold the values, which the sealed row must hold.
_IDENTITY = {"customer_name": "customer_name", "customer_phone": "customer_phone",
             "phone_key": "phone_key", "customer_address": "customer_address",
             "name_initials": None}


def _sealed_ok(ticket: Ticket, state: dict[str, Any], sealed: Any) -> tuple[str, str] | None:
    """Check an anonymous ticket's identity columns: blank on the row, and whatever an older
    event recorded kept in the sealed row; then leave them out of the replay."""
    for name, sealed_name in _IDENTITY.items():
        recorded = state.pop(name, "")
        if getattr(ticket, name):
            return "audit.reason.row_field", name
        if recorded and sealed_name and (sealed is None
                                         or getattr(sealed, sealed_name) != recorded):
            return "audit.reason.row_field", name
    return None


def _replay(ticket: Ticket, events: list[tuple], fields: dict[str, Any],
            sealed: Any = None, anonymous: frozenset[int] = frozenset()) -> tuple[str, str] | None:
    """(reason, field) when the row is not what its events say, else None."""
    if not events or events[0][4] != "created":
        return "audit.reason.row_created", ""
    _t, _seq, at, actor, _action, _before, after = events[0]
    state = json.loads(after)
    if state.get("repeat_of", 0) is None and ticket.repeat_of_id is not None \
            and (ticket.anonymous or ticket.repeat_of_id in anonymous):
        state["repeat_of"] = ticket.repeat_of_id      # a link kept off the record for anonymity
    changes, last_at, last_actor = 0, at, actor
    if ticket.created_at != at:
        return "audit.reason.row_field", "created_at"
    for _t, _seq, at, actor, _action, before, after in events[1:]:
        # a change of the row; notes, signatures and recomputed deadlines are not
        if any(key in fields for key in json.loads(before)):
            state.update(json.loads(after))
            changes, last_at, last_actor = changes + 1, at, actor
    if ticket.anonymous and state.get("anonymous"):
        problem = _sealed_ok(ticket, state, sealed)
        if problem:
            return problem
    for name, f in fields.items():
        if name not in state:               # not tracked when the ticket was registered
            if name in hotline.FIELDS and getattr(ticket, name) not in ("", None):
                return "audit.reason.row_field", name   # blank on every older ticket
            continue
        actual = getattr(ticket, f.column_name if isinstance(f, ForeignKeyField) else name)
        if _normal(f, state[name]) != _normal(f, actual):
            return "audit.reason.row_field", name
    if ticket.version != changes + 1:
        return "audit.reason.row_field", "version"
    if ticket.updated_at != last_at:
        return "audit.reason.row_field", "updated_at"
    if ticket.updated_by_id != last_actor:
        return "audit.reason.row_field", "updated_by"
    return None


def _ticket_rows() -> ChainReport:
    """Every ticket row replayed from its events (which the ticket_event chain vouches for).
    Not covered: the columns the deadline policy derives (next deadline, escalation due)."""
    from hall_desk.services.tickets import TRACKED_FIELDS

    fields = {name: Ticket._meta.fields[name] for name in TRACKED_FIELDS}
    events = (TicketEvent.select(TicketEvent.ticket, TicketEvent.seq, TicketEvent.at,
                                 TicketEvent.actor, TicketEvent.action, TicketEvent.before,
                                 TicketEvent.after)
              .order_by(TicketEvent.ticket, TicketEvent.seq).tuples().iterator())
    groups = itertools.groupby(events, key=lambda e: e[0])
    pending = next(groups, None)
    sealed = {row.ticket_id: row for row in SealedIdentity.select()}
    anonymous = frozenset(i for (i,) in Ticket.select(Ticket.id).where(
        Ticket.anonymous == True).tuples())  # noqa: E712
    position = 0
    for position, ticket in enumerate(Ticket.select().order_by(Ticket.id).iterator(), start=1):
        while pending is not None and pending[0] < ticket.id:
            pending = next(groups, None)
        mine = list(pending[1]) if pending is not None and pending[0] == ticket.id else []
        problem = _replay(ticket, mine, fields, sealed.get(ticket.id), anonymous)
        if problem:
            return ChainReport("ticket_row", position, ticket.id, position, problem[0],
                               {"ticket": ticket.number, "field": problem[1]})
    return ChainReport("ticket_row", position)


def _attachments() -> ChainReport:
    """Each attachment's bytes against the ``attach`` event that recorded it (file name,
    size, SHA-256), and every recorded attachment still there."""
    import hashlib
    from collections import Counter

    from hall_desk.store.models import Attachment

    numbers = dict(Ticket.select(Ticket.id, Ticket.number).tuples())
    recorded: Counter = Counter()
    for ticket_id, after in (TicketEvent.select(TicketEvent.ticket, TicketEvent.after)
                             .where(TicketEvent.action == "attach").tuples().iterator()):
        a = json.loads(after)
        recorded[(ticket_id, a.get("filename"), a.get("size"), a.get("sha256"))] += 1
    position = 0
    for position, row in enumerate(Attachment.select(
            Attachment.id, Attachment.ticket, Attachment.filename, Attachment.size,
            Attachment.sha256, Attachment.data).order_by(Attachment.id).iterator(), start=1):
        digest = hashlib.sha256(bytes(row.data)).hexdigest()
        key = (row.ticket_id, row.filename, row.size, digest)
        if row.sha256 != digest or recorded[key] < 1:
            return ChainReport("attachment", position, row.id, position, "audit.reason.attachment",
                               {"ticket": numbers.get(row.ticket_id, row.ticket_id)})
        recorded[key] -= 1
    for (ticket_id, filename, _size, _sha), left in recorded.items():
        if left > 0:
            return ChainReport("attachment", position, None, position,
                               "audit.reason.attachment_gone",
                               {"ticket": numbers.get(ticket_id, ticket_id), "filename": filename})
    return ChainReport("attachment", position)


# ----------------------------------------------------------------- anchors

def _check_heads(heads: dict[str, Any], code: str, reports: dict[str, ChainReport],
                 seen: dict[str, dict[int, str]]) -> ChainReport:
    for chain, head in sorted(heads.items()):
        length = int(head["length"])
        if chain not in seen:
            return ChainReport("anchor", len(heads), None, 0, "audit.reason.anchor_unknown",
                               {"chain": chain, "code": code})
        if seen[chain].get(length) == head["hash"]:
            continue
        if reports[chain].rows < length and reports[chain].reason in ("", "audit.reason.head"):
            return ChainReport("anchor", len(heads), None, 0, "audit.reason.anchor_short",
                               {"chain": chain, "code": code, "rows": reports[chain].rows,
                                "length": length})
        return ChainReport("anchor", len(heads), None, 0, "audit.reason.anchor_rewritten",
                           {"chain": chain, "code": code, "length": length})
    return ChainReport("anchor", len(heads), params={"code": code})


def _anchor_candidates(anchor: dict[str, Any] | str) -> tuple[list[dict], list[dict], str, str]:
    """(heads to check, stored anchor points to recompute, code, code given in a file)."""
    if isinstance(anchor, dict):
        heads = anchor["heads"]
        return [heads], [], anchors.code_of(heads), str(anchor.get("code") or "")
    code = anchors.normalise_code(anchor)
    points = [json.loads(a.heads) for a in anchors.stored()]
    return [h for h in points if anchors.code_of(h) == code], points, code, ""


def verify(anchor: dict[str, Any] | str | None = None) -> list[ChainReport]:
    """Every chain from its start, every sealed handover, the current ticket rows and
    state rows; with ``anchor`` (an anchor file's data, or a short code) also that nothing
    before it was rewritten. Reads only."""
    candidates: list[dict] = []
    points: list[dict] = []
    code = given = ""
    if anchor is not None:
        candidates, points, code, given = _anchor_candidates(anchor)
    marks: dict[str, set[int]] = {}
    for heads in candidates + points:
        for chain, head in heads.items():
            marks.setdefault(chain, set()).add(int(head["length"]))
    reports: dict[str, ChainReport] = {}
    seen: dict[str, dict[int, str]] = {}
    for chain, (rows, content) in _sources().items():
        reports[chain], seen[chain] = _walk(chain, rows(), content, marks.get(chain, ()))
    out = [reports["ticket_event"], reports["duty_log"], reports["signature"],
           _sealed_handovers(), reports["state"], _state_rows(), _ticket_rows(), _attachments()]
    if anchor is None:
        return out
    if given and anchors.normalise_code(given) != code:
        out.append(ChainReport("anchor", 0, None, 0, "audit.reason.anchor_code",
                               {"given": given, "code": code}))
        return out
    checked = [_check_heads(h, code, reports, seen) for h in candidates]
    passed = [r for r in checked if r.ok]
    if passed:
        out.append(passed[0])
    elif checked:
        out.append(checked[0])
    else:
        for point in points:      # the anchor row was edited: the chains at its lengths now
            now = {c: {"hash": seen.get(c, {}).get(int(h["length"]), ""),
                       "length": int(h["length"])} for c, h in point.items()}
            if all(v["hash"] for v in now.values()) and anchors.code_of(now) == code:
                out.append(ChainReport("anchor", len(now), params={"code": code}))
                break
        else:
            out.append(ChainReport("anchor", 0, None, 0, "audit.reason.anchor_not_found",
                                   {"code": code}))
    return out


def current_code() -> str:
    """The short code of the chains' heads now (for the daily audit to write down)."""
    return anchors.code_of(anchors.current_heads())
