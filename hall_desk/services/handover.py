"""The shift handover (交接班): assembled for the outgoing person at the end of a shift,
signed out, reviewed item by item by the incoming person, signed in and sealed.

One handover per shift occurrence. While it is a draft the outgoing person may assemble it
again (the generated items are refreshed, the notes kept), add notes, and sign it out. The
incoming person (anyone but the outgoing one; the first to review becomes the incoming
person) acknowledges or queries each item; the outgoing person or a supervisor answers the
queries. The rules of the review are in :mod:`hall_desk.core.handover`.

Signatures go to :class:`~hall_desk.store.models.Signature` (``subject_type="handover"``,
roles ``outgoing`` and ``incoming``) on the ``signature`` hash chain, like a complaint
record's. Signing out stores version 1 of the record's content (a
:class:`~hall_desk.store.models.RecordVersion`); signing in stores the final content as the
next version, sealed: from then on nothing of the handover changes, and :func:`verify`
says whether the stored rows still hash to the sealed content.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from peewee import fn

from hall_desk.core import handover as rules
from hall_desk.core import i18n
from hall_desk.core.auth import may, require
from hall_desk.core.chain import canonical_json, content_hash
from hall_desk.core.enums import HandoverItemState as S
from hall_desk.core.enums import HandoverState as H
from hall_desk.core.enums import TicketStatus
from hall_desk.core.errors import FieldError, HallError, NotFound, ValidationError
from hall_desk.core.shifts import ShiftSlot
from hall_desk.core.validation import clean_text
from hall_desk.core.views import HandoverItemView, HandoverRef, SignatureView
from hall_desk.services import callbacks, deadlines, duty, records, shifts
from hall_desk.services.context import Actor, now
from hall_desk.services import anchors
from hall_desk.services import daily
from hall_desk.services.evidence import next_link
from hall_desk.store.models import (Handover, HandoverItem, ReceptionRun, RecordVersion,
                                    Signature, Staff, Ticket)
from hall_desk.store import rowstate
from hall_desk.store.tx import write_transaction

SUBJECT = "handover"
TEXT_MAX = 1000
_OPEN_STATUSES = [s.value for s in TicketStatus
                  if s not in (TicketStatus.REPLIED, TicketStatus.CALLED_BACK,
                               TicketStatus.ARCHIVED)]


# --------------------------------------------------------------------------- gathering


def _slot(at: datetime, shift_name: str | None) -> tuple[ShiftSlot, ShiftSlot]:
    try:
        outgoing = shifts.handing_over(at, shift_name)
    except KeyError:
        raise HallError("handover.error.unknown_shift", name=shift_name) from None
    return outgoing, shifts.next_shift(outgoing)


def _rule_label(code: str) -> str:
    key = f"deadline.rule.{code}"
    return i18n.text(key, "zh") if i18n.has(key) else code


def gather(at: datetime, outgoing: ShiftSlot, incoming: ShiftSlot,
           notes: list[str] | None = None) -> list[rules.Item]:
    """The items the store holds for this handover (core.handover.assemble on live data)."""
    open_rows = list(Ticket.select().where(Ticket.status.in_(_OPEN_STATUSES)))
    open_tickets, due_list, promises, diverted = [], [], [], []
    for t in open_rows:
        open_tickets.append({"number": t.number, "kind": t.kind, "status": t.status,
                             "priority": t.priority, "next_due": t.next_deadline_at,
                             "next_rule": _rule_label(t.next_deadline_rule),
                             "escalated_at": t.escalated_at})
        if t.next_deadline_at is not None and t.next_deadline_at <= incoming.end:
            for d in deadlines.for_ticket(t, at).deadlines:
                if not d.is_met:
                    due_list.append({"number": t.number, "label": _rule_label(d.code),
                                     "due": d.due})
        if t.agreed_due_at is not None:
            promises.append({"number": t.number, "agreed_at": t.agreed_due_at})
        if t.back_room:
            run = ReceptionRun.get_or_none(ReceptionRun.id == t.reception_run_id) \
                if t.reception_run_id else None
            diverted.append({"number": t.number, "status": t.status,
                             "visiting_unit": run.visiting_unit if run else ""})
    calls = [{"number": c.number, "due": c.due, "attempts": c.attempts, "flagged": c.flagged,
              "window": c.window_words("zh")}
             for c in callbacks.worklist(at, until=incoming.end + timedelta(seconds=1))]
    runs = [{"id": r.id, "visiting_unit": r.visiting_unit, "expected_at": r.expected_at,
             "state": r.state}
            for r in ReceptionRun.select().where(ReceptionRun.state.in_(["noticed", "running"]))]
    incidents = [{"id": e.id, "kind": e.kind, "at": e.at, "text": e.text}
                 for e in duty.open_incidents()]
    return rules.assemble(at, outgoing, incoming, open_tickets=open_tickets, deadlines=due_list,
                          promises=promises, callbacks=calls, receptions=runs,
                          incidents=incidents, diverted=diverted, notes=notes or [],
                          days=daily.for_handover(at.date()))


def preview(at: datetime | None = None, shift_name: str | None = None) -> dict[str, Any]:
    """What the current (or named) shift hands over now, without writing anything."""
    moment = at or now()
    outgoing, incoming = _slot(moment, shift_name)
    return {"shift": outgoing.as_json(), "next_shift": incoming.as_json(),
            "at": moment.isoformat(timespec="minutes"),
            "items": [i.as_dict() for i in gather(moment, outgoing, incoming)]}


# --------------------------------------------------------------------------- writing


def _get(handover_id: int) -> Handover:
    row = Handover.get_or_none(Handover.id == handover_id)
    if row is None:
        raise NotFound(what="what.handover", key=handover_id)
    return row


def _item(item_id: int) -> HandoverItem:
    row = HandoverItem.get_or_none(HandoverItem.id == item_id)
    if row is None:
        raise NotFound(what="what.handover_item", key=item_id)
    return row


def _ref(h: Handover) -> HandoverRef:
    return HandoverRef(id=h.id, shift_name=h.shift_name, shift_start=h.shift_start,
                       shift_end=h.shift_end, state=H(h.state), outgoing_id=h.outgoing_id,
                       incoming_id=h.incoming_id, version=h.version)


def _item_view(i: HandoverItem) -> HandoverItemView:
    return HandoverItemView(id=i.id, handover_id=i.handover_id, position=i.position,
                            kind=i.kind, ref=i.ref, text=i.text, state=S(i.state),
                            query=i.query, answer=i.answer, answered_at=i.answered_at)


def _touch(h: Handover, **changes: Any) -> None:
    changes["version"] = Handover.version + 1
    Handover.update(**changes).where(Handover.id == h.id).execute()
    rowstate.record(f"handover:{h.id}")


def _text(field: str, value: Any) -> str:
    try:
        return clean_text(field, value, required=True, max_len=TEXT_MAX, multiline=True)
    except FieldError as exc:
        raise ValidationError({field: exc}) from None


def _name(staff_id: int | None) -> str:
    return (Staff.select(Staff.name).where(Staff.id == staff_id).scalar() or "") if staff_id else ""


def assemble(actor: Actor, at: datetime | None = None,
             shift_name: str | None = None) -> HandoverRef:
    """The handover of the shift on duty (or the one that just ended; or ``shift_name``)
    with its items gathered now. A draft of the same shift is refreshed (notes kept) and
    ``actor`` becomes its outgoing person."""
    require(actor.role, "hand_over")
    moment = at or now()
    outgoing, incoming = _slot(moment, shift_name)
    with write_transaction():
        h = Handover.get_or_none((Handover.shift_name == outgoing.name)
                                 & (Handover.shift_start == outgoing.start))
        if h is not None and h.state != H.DRAFT.value:
            raise HallError("handover.error.taken", shift=outgoing.label(),
                            name=_name(h.outgoing_id))
        notes: list[str] = []
        if h is None:
            h = Handover.create(shift_name=outgoing.name, shift_start=outgoing.start,
                                shift_end=outgoing.end, outgoing=actor.staff_id,
                                state=H.DRAFT.value, created_at=moment)
        else:
            notes = [i.text for i in h.items.where(HandoverItem.kind == "note")
                     .order_by(HandoverItem.position)]
            HandoverItem.delete().where(HandoverItem.handover == h.id).execute()
            _touch(h, outgoing=actor.staff_id, created_at=moment)
        for pos, item in enumerate(gather(moment, outgoing, incoming, notes), 1):
            HandoverItem.create(handover=h.id, position=pos, kind=item.kind, ref=item.ref,
                                text=item.text, state=S.PENDING.value)
        rowstate.record(f"handover:{h.id}")
    return _ref(_get(h.id))


def _require_outgoing(actor: Actor, h: Handover) -> None:
    if actor.staff_id != h.outgoing_id:
        raise HallError("handover.error.not_outgoing", name=_name(h.outgoing_id))


def add_note(actor: Actor, handover_id: int, text: str) -> HandoverItemView:
    """A free-text note of the outgoing person, handed over as an item of its own."""
    require(actor.role, "hand_over")
    body = _text("handover_note", text)
    with write_transaction():
        h = _get(handover_id)
        rules.check_state("add_note", h.state)
        _require_outgoing(actor, h)
        last = (HandoverItem.select(fn.MAX(HandoverItem.position))
                .where(HandoverItem.handover == h.id).scalar() or 0)
        item = HandoverItem.create(handover=h.id, position=last + 1, kind="note", ref="",
                                   text=body, state=S.PENDING.value)
        _touch(h)
    return _item_view(item)


def _sign(actor: Actor, h: Handover, role: str, signer_name: str, image_png: bytes | None,
          on_paper: bool, version: int, sealed: bool) -> Signature:
    from hall_desk.services.records import print_stamp

    name = clean_text("signer_name", signer_name or actor.name, required=True, max_len=64)
    moment = now()
    data = content(h.id)
    digest = content_hash(data)
    RecordVersion.create(subject_type=SUBJECT, subject_id=h.id, version=version,
                         content=canonical_json(dict(data, _print=print_stamp(actor, moment))),
                         sha256=digest, sealed=sealed,
                         created_at=moment, created_by=actor.staff_id)
    rowstate.record(f"record:{SUBJECT}:{h.id}")
    link = {"subject": f"{SUBJECT}:{h.id}", "role": role, "signer": name,
            "at": moment.isoformat(), "version": version, "content_sha256": digest,
            "on_paper": on_paper,
            "image_sha256": content_hash({"png": image_png.hex()}) if image_png else None}
    prev, chained = next_link("signature", link)
    return Signature.create(subject_type=SUBJECT, subject_id=h.id, role=role, signer_name=name,
                            staff=actor.staff_id, signed_at=moment, content_sha256=digest,
                            record_version=version, image_png=image_png, on_paper=on_paper,
                            prev_hash=prev, hash=chained)


def sign_out(actor: Actor, handover_id: int, *, signer_name: str = "",
             image_png: bytes | None = None, on_paper: bool = False) -> SignatureView:
    """The outgoing person signs: the items are fixed, the review can begin."""
    require(actor.role, "hand_over")
    with write_transaction():
        h = _get(handover_id)
        rules.check_state("sign_out", h.state)
        _require_outgoing(actor, h)
        moment = now()
        _touch(h, state=H.SIGNED_OUT.value, outgoing_signed_at=moment)
        return records.signature_view(
            _sign(actor, _get(h.id), "outgoing", signer_name, image_png, on_paper, 1, False))


def _reviewer(actor: Actor, h: Handover) -> None:
    """The actor reviews as the incoming person (the first reviewer becomes it)."""
    if actor.staff_id is None or actor.staff_id == h.outgoing_id:
        raise HallError("handover.error.self_review")
    if h.incoming_id is None:
        _touch(h, incoming=actor.staff_id)
        h.incoming = actor.staff_id
    elif h.incoming_id != actor.staff_id:
        raise HallError("handover.error.other_reviewer", name=_name(h.incoming_id))


def _review(actor: Actor, item_id: int, action: str, text: str = "") -> HandoverItemView:
    require(actor.role, "hand_over")
    body = _text("handover_answer" if action == "answer" else "handover_query", text) \
        if action != "acknowledge" else ""
    with write_transaction():
        item = _item(item_id)
        h = _get(item.handover_id)
        rules.check_state(action, h.state)
        if action == "answer":
            if actor.staff_id != h.outgoing_id and not may(actor.role, "supervise"):
                raise HallError("handover.error.answerer", name=_name(h.outgoing_id))
        else:
            _reviewer(actor, h)
        target = rules.item_step(action, item.state)
        changes: dict[str, Any] = {"state": target.value}
        if action == "query":
            changes["query"] = f"{item.query}\n{body}" if item.query else body
        elif action == "answer":
            who = actor.name
            line = f"{body}（{who}）" if actor.staff_id != h.outgoing_id else body
            changes["answer"] = f"{item.answer}\n{line}" if item.answer else line
            changes["answered_at"] = now()
        HandoverItem.update(**changes).where(HandoverItem.id == item.id).execute()
        _touch(h)
    return _item_view(_item(item_id))


def acknowledge(actor: Actor, item_id: int) -> HandoverItemView:
    return _review(actor, item_id, "acknowledge")


def query(actor: Actor, item_id: int, text: str) -> HandoverItemView:
    return _review(actor, item_id, "query", text)


def answer(actor: Actor, item_id: int, text: str) -> HandoverItemView:
    return _review(actor, item_id, "answer", text)


def acknowledge_all(actor: Actor, handover_id: int) -> int:
    """Acknowledge every pending item at once (the incoming person read them all)."""
    done = 0
    for item in list(_get(handover_id).items.where(HandoverItem.state == S.PENDING.value)):
        acknowledge(actor, item.id)
        done += 1
    return done


def sign_in(actor: Actor, handover_id: int, *, signer_name: str = "",
            image_png: bytes | None = None, on_paper: bool = False) -> SignatureView:
    """The incoming person signs: the handover is sealed. Refused while an item is pending
    or a query is unanswered."""
    require(actor.role, "hand_over")
    with write_transaction():
        h = _get(handover_id)
        rules.check_state("sign_in", h.state)
        _reviewer(actor, h)
        rules.check_sign_in(i.state for i in h.items)
        _touch(h, state=H.SEALED.value, incoming_signed_at=now())
        signature = _sign(actor, _get(h.id), "incoming", signer_name, image_png, on_paper, 2, True)
        anchors.take(f"{SUBJECT}:{h.id}")       # its code is printed on the sealed sheet
        return records.signature_view(signature)


# --------------------------------------------------------------------------- reading


def content(handover_id: int) -> dict[str, Any]:
    """The record's content: what is signed, sealed and printed (no signature images)."""
    h = _get(handover_id)
    iso = lambda v: v.isoformat(timespec="minutes") if v else None  # noqa: E731
    return {
        "id": h.id, "shift_name": h.shift_name, "shift_start": iso(h.shift_start),
        "shift_end": iso(h.shift_end), "outgoing": _name(h.outgoing_id),
        "incoming": _name(h.incoming_id), "state": h.state, "created_at": iso(h.created_at),
        "outgoing_signed_at": iso(h.outgoing_signed_at),
        "incoming_signed_at": iso(h.incoming_signed_at),
        "items": [{"position": i.position, "kind": i.kind, "ref": i.ref, "text": i.text,
                   "state": i.state, "query": i.query, "answer": i.answer,
                   "answered_at": iso(i.answered_at)}
                  for i in h.items.order_by(HandoverItem.position)],
    }


def signatures(handover_id: int) -> list[Signature]:
    return list(Signature.select().where((Signature.subject_type == SUBJECT)
                                         & (Signature.subject_id == handover_id))
                .order_by(Signature.signed_at, Signature.id))


def describe(handover_id: int) -> dict[str, Any]:
    """Content plus the items' ids, the signatures and the sealed version, for the window,
    the command line and the sheet."""
    data = content(handover_id)
    h = _get(handover_id)
    data["item_ids"] = [i.id for i in h.items.order_by(HandoverItem.position)]
    data["version"] = h.version
    data["pending"], data["queried"] = rules.open_counts(i["state"] for i in data["items"])
    data["signatures"] = [{"role": s.role, "signer_name": s.signer_name,
                           "signed_at": s.signed_at.isoformat(timespec="minutes"),
                           "on_paper": s.on_paper, "content_sha256": s.content_sha256,
                           "record_version": s.record_version} for s in signatures(h.id)]
    last = (RecordVersion.select().where((RecordVersion.subject_type == SUBJECT)
                                         & (RecordVersion.subject_id == h.id))
            .order_by(RecordVersion.version.desc()).first())
    data["record_version"] = last.version if last else None
    data["sealed_sha256"] = last.sha256 if last and last.sealed else None
    data["content_sha256"] = content_hash(content(handover_id))
    data["anchor_code"] = anchors.code_for(f"{SUBJECT}:{h.id}")
    return data


def verify(handover_id: int) -> bool:
    """True when a sealed handover's rows still hash to the sealed content."""
    sealed = (RecordVersion.select().where((RecordVersion.subject_type == SUBJECT)
                                           & (RecordVersion.subject_id == handover_id)
                                           & (RecordVersion.sealed == True))  # noqa: E712
              .order_by(RecordVersion.version.desc()).first())
    return sealed is not None and sealed.sha256 == content_hash(content(handover_id))


def search(date_from: date | None = None, date_to: date | None = None,
           person: str = "") -> list[dict[str, Any]]:
    """Past handovers by the shift's date and a person (name or login, outgoing or
    incoming), newest first."""
    query = Handover.select()
    if date_from:
        query = query.where(Handover.shift_start >= datetime.combine(date_from, datetime.min.time()))
    if date_to:
        query = query.where(Handover.shift_start < datetime.combine(date_to + timedelta(days=1),
                                                                    datetime.min.time()))
    person = (person or "").strip()
    if person:
        ids = [s.id for s in Staff.select(Staff.id).where(
            Staff.name.contains(person) | (Staff.login == person.lower()))]
        query = query.where(Handover.outgoing.in_(ids) | Handover.incoming.in_(ids))
    out = []
    for h in query.order_by(Handover.shift_start.desc(), Handover.id.desc()):
        states = [i.state for i in h.items]
        pending, queried = rules.open_counts(states)
        out.append({"id": h.id, "shift": h.shift_name,
                    "shift_start": h.shift_start.isoformat(timespec="minutes"),
                    "shift_end": h.shift_end.isoformat(timespec="minutes"),
                    "outgoing": _name(h.outgoing_id), "incoming": _name(h.incoming_id),
                    "state": h.state, "items": len(states), "pending": pending,
                    "queried": queried})
    return out


def current_for(actor: Actor, at: datetime | None = None) -> HandoverRef | None:
    """The handover the actor works on now: the newest one not sealed (a draft of the
    shift handing over, or one signed out awaiting review)."""
    row = (Handover.select().where(Handover.state != H.SEALED.value)
           .order_by(Handover.shift_start.desc(), Handover.id.desc()).first())
    return _ref(row) if row is not None else None


# --------------------------------------------------------------------------- printing


def sheet(actor: Actor, handover_id: int) -> bytes:
    """交接班记录 as PDF: the record's version and SHA-256 in the footer. A signed version
    (signed out, or sealed) prints from the stored version, the same file every time
    (:func:`handover_print`); a working copy that is no stored version prints
    as it stands, with no version number (版本 —): ``verify-pdf`` refuses it."""
    from hall_desk import pdf
    from hall_desk.pdf.handover import handover_sheet
    from hall_desk.services import settings

    stored = (RecordVersion.select(RecordVersion.version)
              .where((RecordVersion.subject_type == SUBJECT)
                     & (RecordVersion.subject_id == handover_id)
                     & (RecordVersion.sha256 == content_hash(content(handover_id))))
              .scalar())
    if stored is not None:
        return handover_print(handover_id, stored)
    data = describe(handover_id)
    meta = pdf.RecordMeta(hall_name=settings.hall_name(), printed_at=now(),
                          printed_by=actor.name, version=None,
                          content_sha256=data["content_sha256"])
    return handover_sheet(data, meta, _signature_entries(handover_id))


def handover_print(handover_id: int, version: int) -> bytes:
    """The 交接班记录 of a handover's stored ``version`` (1 signed out, 2 sealed) with the
    signatures given up to it, from stored data only."""
    from hall_desk.pdf.handover import handover_sheet

    row = records.version_row(SUBJECT, handover_id, version)
    content, stamp, _ = records.split_stored(row)
    if row.sealed:      # the anchor is taken after the sealing signature, so it is not content
        content = dict(content, anchor_code=anchors.code_for(f"{SUBJECT}:{handover_id}"))
    return handover_sheet(content, records.stamp_meta(stamp, row.version, row.sha256),
                          _signature_entries(handover_id, row.version))


def _signature_entries(handover_id: int, up_to: int | None = None) -> list:
    """The signatures as the sheet prints them (those given up to version ``up_to``)."""
    from hall_desk import pdf

    return [pdf.SignatureEntry(role=s.role, signer_name=s.signer_name, signed_at=s.signed_at,
                               image=bytes(s.image_png) if s.image_png else None,
                               on_paper=s.on_paper)
            for s in signatures(handover_id) if up_to is None or s.record_version <= up_to]
