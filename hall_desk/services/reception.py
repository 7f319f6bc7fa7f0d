"""Receiving a visit, tour or inspection (接待): notice, posts, the live checklist, complaints
led to the back room, the guest book, closing and the 接待记录 reception record.

The rules are in :mod:`hall_desk.core.reception`; this module keeps runs in the store.
Roles: ``manage_reception`` (shift leaders, supervisors) registers notices, assigns posts,
starts, closes and cancels; ``run_reception`` (all staff) ticks items, notes, marks items
not applicable, registers a complaint during the visit and takes the guest-book signature.

Templates come from ``resources/templates/reception/*.toml``; an administrator's edited
template is kept in the settings table (key :data:`SETTINGS_KEY`) and replaces the file of
the same name. A run keeps the template's name and version and, when it starts, its own copy
of the items (ReceptionItem rows), so editing a template never changes a run.

Who is on shift: :func:`on_shift_staff` (active accounts, plus anyone who recorded something
that day, e.g. after being deactivated); every service that checks posts takes ``on_shift``
as a parameter so a shift roster can replace this rule later.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Collection, Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from hall_desk.core import i18n
from hall_desk.core import reception as rules
from hall_desk.core.auth import require
from hall_desk.core.views import ReceptionItemView, ReceptionRunRef, SignatureView, TicketRef
from hall_desk.core.chain import content_hash
from hall_desk.core.enums import TicketStatus
from hall_desk.core.errors import HallError, NotFound, StaleVersion, ValidationError
from hall_desk.core.masking import mask_name
from hall_desk.core.reception import Assignment, Post, PostProblem, RunState, Template
from hall_desk.services import records, settings, tickets
from hall_desk.services.templates import Shelf
from hall_desk.services.context import Actor, now
from hall_desk.services.evidence import next_link, record_content, signature_content
from hall_desk.store.models import (
    ReceptionItem, ReceptionPost, ReceptionRun, Signature, Staff, Ticket,
    TicketEvent,
)
from hall_desk.store import rowstate
from hall_desk.store.tx import write_transaction

log = logging.getLogger(__name__)

SUBJECT = "reception"
SETTINGS_KEY = "reception.templates"
GUEST_ROLE = "guest"
TEMPLATE_DIR = ("templates", "reception")
# A diverted ticket counts as handled once the shift leader has taken it up in the back room:
# judged, settled on the spot, forwarded or further along (domain.md §7, M0: 班长到后台处理诉求事件).
UNHANDLED = frozenset({TicketStatus.REGISTERED.value})


def _label(actor: Actor) -> str:
    return actor.label


# ---------------------------------------------------------------- templates

SHELF: Shelf[Template] = Shelf(
    "reception", TEMPLATE_DIR, SETTINGS_KEY, rules.parse_template, rules.template_from_dict,
    "reception.error.unknown_template")
builtin_templates = SHELF.builtin
_stored = SHELF.stored
templates = SHELF.all
template = SHELF.get
shown_items = SHELF.shown       # a copy's items with the English an English window shows
title_shown = SHELF.title_shown


def template_for(purpose: str) -> Template:
    """The template for a purpose: the first whose ``purposes`` list it, else the first."""
    all_ = templates()
    if not all_:
        raise HallError("reception.error.unknown_template", value=purpose)
    return next((t for t in all_ if purpose in t.purposes), all_[0])


def save_template(actor: Actor, data: Mapping[str, Any]) -> Template:
    """Save an edited (or new) template: an administrator only. The version goes up by one
    when anything changed; runs already started keep their own copy of the items."""
    return SHELF.save(actor, data)


def delete_template(actor: Actor, name: str) -> None:
    """Delete an administrator's own template (the shipped ones can only be edited)."""
    require(actor.role, "edit_settings")
    if name in builtin_templates():
        raise HallError("reception.error.builtin", value=name)
    with write_transaction():
        stored = _stored()
        if stored.pop(name, None) is None:
            raise HallError("reception.error.unknown_template", value=name)
        settings.put(SETTINGS_KEY, stored)


# ---------------------------------------------------------------- who is on shift

def on_shift_staff(day: date | None = None) -> set[int]:
    """Who counts as on shift on ``day`` (default today) until the hall keeps a roster:
    every active account, plus anyone who recorded a ticket event that day."""
    day = day or now().date()
    start = datetime.combine(day, datetime.min.time())
    ids = {s.id for s in Staff.select(Staff.id).where(Staff.active == True)}  # noqa: E712
    ids |= {row.actor_id for row in TicketEvent.select(TicketEvent.actor).where(
        (TicketEvent.at >= start) & (TicketEvent.at < start + timedelta(days=1))
        & TicketEvent.actor.is_null(False)).distinct()}
    return ids


def staff_names() -> dict[int, str]:
    return {s.id: s.name for s in Staff.select(Staff.id, Staff.name)}


# ---------------------------------------------------------------- runs

def get(run_id: int) -> ReceptionRun:
    row = ReceptionRun.get_or_none(ReceptionRun.id == run_id)
    if row is None:
        raise NotFound(what="what.reception", key=run_id)
    return row


def _ref(run: ReceptionRun) -> ReceptionRunRef:
    return ReceptionRunRef(
        id=run.id, visiting_unit=run.visiting_unit, leader=run.leader,
        expected_at=run.expected_at, visitors=run.visitors, purpose=rules.Purpose(run.purpose),
        notes=run.notes, template_name=run.template_name, template_version=run.template_version,
        state=RunState(run.state), started_at=run.started_at, ended_at=run.ended_at,
        guestbook=run.guestbook, version=run.version)


def _item_view(item_id: int) -> ReceptionItemView:
    """The item as it is stored now."""
    i = ReceptionItem.get_by_id(item_id)
    return ReceptionItemView(
        id=i.id, run_id=i.run_id, stage=rules.Stage(i.stage), position=i.position, text=i.text,
        status=rules.item_status(i.done_at, i.not_applicable_reason), done_at=i.done_at,
        done_by_id=i.done_by_id, note=i.note, not_applicable_reason=i.not_applicable_reason)


def _bump(run: ReceptionRun, **values: Any) -> ReceptionRun:
    """Change the run's row if nobody else did meanwhile (version check in the UPDATE)."""
    return rowstate.bump(run, f"reception:{run.id}", **values)


def register_notice(actor: Actor, data: Mapping[str, Any]) -> ReceptionRunRef:
    """Register a notice of a visit, tour or inspection (来访通知). ``data``: visiting_unit,
    leader, expected_at, visitors, purpose, notes and optionally template (its name; by
    default the template for the purpose)."""
    require(actor.role, "manage_reception")
    moment = now()
    clean = _check_notice(data, moment)
    with write_transaction():
        run = ReceptionRun.create(
            visiting_unit=clean["visiting_unit"], leader=clean["leader"],
            expected_at=clean["expected_at"], visitors=clean["visitors"],
            purpose=clean["purpose"].value, notes=clean["notes"],
            template_name=clean["template"].name, template_version=clean["template"].version,
            state=RunState.NOTICED.value,
            created_by=actor.staff_id or tickets._system_staff_id(),
            created_at=moment, version=1)
        rowstate.record(f"reception:{run.id}")
    log.info("reception notice %s registered by %s", run.id, actor.login)
    return _ref(run)


def _check_notice(data: Mapping[str, Any], moment: datetime) -> dict[str, Any]:
    errors: dict[str, HallError] = {}
    try:
        clean = rules.validate_notice(data, now=moment)
    except ValidationError as exc:
        errors.update(exc.errors)
        clean = {}
    chosen = None
    try:
        if data.get("template"):
            chosen = template(str(data["template"]))
        elif "purpose" in clean:
            chosen = template_for(clean["purpose"].value)
    except HallError as exc:
        errors["template"] = exc
    if errors:
        raise ValidationError(errors)
    clean["template"] = chosen
    return clean


def update_notice(actor: Actor, run_id: int, expected_version: int,
                  data: Mapping[str, Any]) -> ReceptionRunRef:
    """Correct a notice before the run starts."""
    require(actor.role, "manage_reception")
    clean = _check_notice(data, now())
    with write_transaction():
        run = get(run_id)
        rules.require_state(run.state, "edit_notice")
        if run.version != expected_version:
            raise StaleVersion(who="?", when="?", version=run.version)
        _bump(run, visiting_unit=clean["visiting_unit"], leader=clean["leader"],
              expected_at=clean["expected_at"], visitors=clean["visitors"],
              purpose=clean["purpose"].value, notes=clean["notes"],
              template_name=clean["template"].name, template_version=clean["template"].version)
    return _ref(run)


# ---------------------------------------------------------------- posts

def _as_assignment(value: Any) -> Assignment:
    if isinstance(value, Assignment):
        return value
    if isinstance(value, Mapping):
        return Assignment(str(value.get("post", "")), str(value.get("seat") or ""),
                          value.get("staff_id"))
    post, seat, staff_id = value
    return Assignment(str(post), str(seat or ""), staff_id)


def seats_of(run: ReceptionRun | int) -> list[str]:
    """The counter seats of the run's template (those of the run's current posts too, in
    case the template lost a seat since); ``run`` the row or its id."""
    if not isinstance(run, ReceptionRun):
        run = get(run)
    try:
        seats = list(template(run.template_name).seats)
    except HallError:
        seats = []
    for post in ReceptionPost.select().where((ReceptionPost.run == run.id)
                                             & (ReceptionPost.post == Post.COUNTER.value)):
        if post.seat not in seats:
            seats.append(post.seat)
    return seats


def check_posts(run_id: int, assignments: Iterable[Any], *,
                on_shift: Collection[int] | None = None) -> list[PostProblem]:
    """What is wrong with ``assignments`` for a run, without saving (for the form)."""
    run = get(run_id)
    active = {s.id for s in Staff.select(Staff.id).where(Staff.active == True)}  # noqa: E712
    return rules.check_posts([_as_assignment(a) for a in assignments], seats_of(run),
                             on_shift_staff() if on_shift is None else on_shift,
                             staff_names(), known_staff=active)


def assign_posts(actor: Actor, run_id: int, assignments: Iterable[Any], *,
                 on_shift: Collection[int] | None = None) -> list[PostProblem]:
    """Replace the run's posts with ``assignments`` ((post, seat, staff_id) or dicts). An
    error (one person on two posts, an unknown post or person) refuses the whole change as a
    ValidationError keyed by slot (``greeter:1``); warnings (empty post, not on shift) are
    returned after saving, for the form to show."""
    require(actor.role, "manage_reception")
    wanted = [_as_assignment(a) for a in assignments]
    with write_transaction():
        run = get(run_id)
        rules.require_state(run.state, "assign")
        problems = check_posts(run_id, wanted, on_shift=on_shift)
        errors = [p for p in problems if p.is_error]
        if errors:
            found: dict[str, HallError] = {}
            for p in errors:
                found.setdefault(p.slot_key, HallError(f"reception.problem.{p.code}", **p.params))
            raise ValidationError(found)
        ReceptionPost.delete().where(ReceptionPost.run == run.id).execute()
        for a in wanted:
            if a.staff_id is not None:
                ReceptionPost.create(run=run.id, post=a.post, seat=a.seat or "", staff=a.staff_id)
        _bump(run)
    return [p for p in problems if not p.is_error]


def posts(run_id: int) -> list[dict[str, Any]]:
    """The run's posts in the order of :func:`core.reception.required_slots`."""
    run = get(run_id)
    order = {s.key: i for i, s in enumerate(rules.required_slots(seats_of(run)))}
    rows = [{"post": p.post, "seat": p.seat, "staff_id": p.staff_id, "staff": p.staff.name,
             "label": rules.Slot(Post(p.post), p.seat).label("zh"),
             "key": rules.Slot(Post(p.post), p.seat).key}
            for p in ReceptionPost.select(ReceptionPost, Staff).join(Staff)
            .where(ReceptionPost.run == run.id)]
    return sorted(rows, key=lambda r: order.get(r["key"], 999))


def _all_posts(run: ReceptionRun) -> list[dict[str, Any]]:
    """Every post the run needs, in order, with who holds it ("" when nobody)."""
    held = {p["key"]: p for p in posts(run.id)}
    out = []
    for slot in rules.required_slots(seats_of(run)):
        p = held.pop(slot.key, None)
        out.append({"post": slot.post.value, "seat": slot.seat, "label": slot.label("zh"),
                    "staff": p["staff"] if p else ""})
    out += [{k: p[k] for k in ("post", "seat", "label", "staff")} for p in held.values()]
    return out


# ---------------------------------------------------------------- the run's steps

def start(actor: Actor, run_id: int) -> ReceptionRunRef:
    """Start the run: it takes the template's current version and copies its items."""
    require(actor.role, "manage_reception")
    moment = now()
    with write_transaction():
        run = get(run_id)
        target = rules.transition(run.state, "start")
        chosen = template(run.template_name)
        for item in chosen.items:
            ReceptionItem.create(run=run.id, stage=item.stage.value, position=item.position,
                                 text=item.text)
        _bump(run, state=target.value, started_at=moment, template_version=chosen.version)
    log.info("reception %s started by %s", run_id, actor.login)
    return _ref(run)


def items(run_id: int) -> list[ReceptionItem]:
    order = {s.value: i for i, s in enumerate(rules.Stage)}
    rows = list(ReceptionItem.select().where(ReceptionItem.run == run_id))
    return sorted(rows, key=lambda i: (order.get(i.stage, 99), i.position, i.id))


def _item_for_change(actor: Actor, item_id: int) -> tuple[ReceptionItem, ReceptionRun]:
    require(actor.role, "run_reception")
    item = ReceptionItem.get_or_none(ReceptionItem.id == item_id)
    if item is None:
        raise NotFound(what="what.reception_item", key=item_id)
    run = get(item.run_id)
    rules.require_state(run.state, "tick")
    return item, run


def _refuse_if_not_open(item: ReceptionItem) -> None:
    status = rules.item_status(item.done_at, item.not_applicable_reason)
    if status is rules.ItemStatus.DONE:
        raise HallError("reception.error.item_done", who=item.done_by.name if item.done_by_id
                        else "?", when=item.done_at.strftime("%H:%M"))
    if status is rules.ItemStatus.NOT_APPLICABLE:
        raise HallError("reception.error.item_na", reason=item.not_applicable_reason)


def _append(note: str, line: str) -> str:
    return f"{note}\n{line}".strip() if note else line


def tick(actor: Actor, item_id: int, note: str = "") -> ReceptionItemView:
    """Tick an item: who and when; ``note`` is added to the item's note. Two counters ticking
    at once: the second is told who was first."""
    extra = rules.clean_note(note)
    moment = now()
    with write_transaction():
        item, run = _item_for_change(actor, item_id)
        _refuse_if_not_open(item)
        values = {"done_at": moment, "done_by": actor.staff_id or tickets._system_staff_id(),
                  "note": _append(item.note, extra) if extra else item.note}
        done = ReceptionItem.update(**values).where(
            (ReceptionItem.id == item.id) & ReceptionItem.done_at.is_null()
            & (ReceptionItem.not_applicable_reason == "")).execute()
        if not done:
            _refuse_if_not_open(ReceptionItem.get_by_id(item.id))
        _bump(run)
    return _item_view(item_id)


def set_note(actor: Actor, item_id: int, note: str) -> ReceptionItemView:
    """Replace an item's note."""
    text = rules.clean_note(note)
    with write_transaction():
        item, run = _item_for_change(actor, item_id)
        ReceptionItem.update(note=text).where(ReceptionItem.id == item.id).execute()
        _bump(run)
    return _item_view(item_id)


def mark_not_applicable(actor: Actor, item_id: int, reason: str) -> ReceptionItemView:
    """Mark an open item not applicable (不适用); the reason is required and printed."""
    text = rules.clean_reason(reason)
    moment = now()
    with write_transaction():
        item, run = _item_for_change(actor, item_id)
        _refuse_if_not_open(item)
        ReceptionItem.update(not_applicable_reason=text,
                             done_by=actor.staff_id or tickets._system_staff_id(),
                             done_at=None).where(ReceptionItem.id == item.id).execute()
        _bump(run)
        log.info("reception item %s marked not applicable at %s", item_id, moment)
    return _item_view(item_id)


def untick(actor: Actor, item_id: int, reason: str) -> ReceptionItemView:
    """Undo a tick or a "not applicable", with a reason kept in the item's note."""
    text = rules.clean_reason(reason)
    moment = now()
    with write_transaction():
        item, run = _item_for_change(actor, item_id)
        status = rules.item_status(item.done_at, item.not_applicable_reason)
        if status is rules.ItemStatus.OPEN:
            raise HallError("reception.error.item_open")
        key = "reception.untick_note" if status is rules.ItemStatus.DONE else "reception.na_undone"
        line = i18n.text(key, "zh", who=actor.label, when=moment.strftime("%H:%M"), reason=text)
        ReceptionItem.update(done_at=None, done_by=None, not_applicable_reason="",
                             note=_append(item.note, line)).where(
            ReceptionItem.id == item.id).execute()
        _bump(run)
    return _item_view(item_id)


# ---------------------------------------------------------------- complaints during the visit

def divert_complaint(actor: Actor, run_id: int, data: Mapping[str, Any]) -> TicketRef:
    """Register a complaint brought in during the visit (an intake form, see
    ``tickets.register``; kind complaint and channel walk-in by default), linked to the run
    and flagged for the back room, in one transaction."""
    require(actor.role, "run_reception")
    intake = {"kind": "complaint", "channel": "walk-in", **dict(data)}
    with write_transaction():
        run = get(run_id)
        rules.require_state(run.state, "divert")
        ticket = tickets.register_row(actor, intake)
        ticket = tickets.update(
            actor, ticket.id, ticket.version, {"reception_run": run.id, "back_room": True},
            action="reception_divert", permission="run_reception", current=ticket,
            note=i18n.text("reception.divert_note", "zh", unit=run.visiting_unit))
        _bump(run)
    log.info("ticket %s registered during reception %s", ticket.number, run_id)
    return tickets.ref_of(ticket)


def diverted(run_id: int, viewer: Actor | None = None) -> list[dict[str, Any]]:
    """The tickets led to the back room during the run: number, kind, status, whether handled,
    the customer (masked; anonymous ones hidden) and the start of what happened."""
    rows = []
    for t in Ticket.select().where(Ticket.reception_run == run_id).order_by(Ticket.received_at,
                                                                             Ticket.id):
        customer = (i18n.text("customer.anonymous", "zh") if t.anonymous
                    else mask_name(t.customer_name) if t.customer_name else "")
        rows.append({"id": t.id, "number": t.number, "kind": t.kind, "status": t.status,
                     "handled": t.status not in UNHANDLED, "received_at": t.received_at,
                     "customer": customer, "content": t.content[:60], "back_room": t.back_room})
    return rows


# ---------------------------------------------------------------- guest book

def sign_guestbook(actor: Actor, run_id: int, signer_name: str, *,
                   image_png: bytes | None = None, on_paper: bool = False) -> SignatureView:
    """The visiting leader's guest-book signature (留言本): captured on the pad, or noted as
    signed in the paper book. Appended to the signature hash chain like every signature."""
    require(actor.role, "run_reception")
    name = rules.clean_signer(signer_name)
    if not image_png and not on_paper:
        raise ValidationError({"signer_name": HallError("error.required",
                                                         field="reception.field.signer")})
    moment = now()
    with write_transaction():
        run = get(run_id)
        rules.require_state(run.state, "guestbook")
        version, digest = record_version(run, actor)
        content = {"subject": f"{SUBJECT}:{run.id}", "role": GUEST_ROLE, "signer": name,
                   "at": moment.isoformat(), "version": version, "content_sha256": digest,
                   "on_paper": on_paper,
                   "image_sha256": content_hash({"png": image_png.hex()}) if image_png else None}
        prev, link = next_link("signature", content)
        row = Signature.create(subject_type=SUBJECT, subject_id=run.id, role=GUEST_ROLE,
                               signer_name=name, staff=None, signed_at=moment,
                               content_sha256=digest, record_version=version,
                               image_png=image_png, on_paper=on_paper, prev_hash=prev, hash=link)
        _bump(run, guestbook="paper" if on_paper and not image_png else "pad")
    return records.signature_view(row)


def guestbook_signature(run_id: int) -> Signature | None:
    return (Signature.select().where((Signature.subject_type == SUBJECT)
                                     & (Signature.subject_id == run_id)
                                     & (Signature.role == GUEST_ROLE))
            .order_by(Signature.signed_at.desc(), Signature.id.desc()).first())


# ---------------------------------------------------------------- closing

def open_items(run_id: int) -> list[ReceptionItem]:
    return [i for i in items(run_id)
            if rules.item_status(i.done_at, i.not_applicable_reason) is rules.ItemStatus.OPEN]


def close(actor: Actor, run_id: int) -> ReceptionRunRef:
    """Close a running run, recording the actual end time. Refused while an item is open or a
    complaint led to the back room is not handled yet."""
    require(actor.role, "manage_reception")
    moment = now()
    with write_transaction():
        run = get(run_id)
        target = rules.transition(run.state, "close")
        rules.check_close([f"{rules.stage_label(i.stage, 'zh')}：{i.text}" for i in open_items(run_id)],
                          [t["number"] for t in diverted(run_id) if not t["handled"]])
        _bump(run, state=target.value, ended_at=moment)
    log.info("reception %s closed by %s", run_id, actor.login)
    return _ref(run)


def cancel(actor: Actor, run_id: int, reason: str) -> ReceptionRunRef:
    """Cancel a noticed or running run; the reason goes into the run's notes."""
    require(actor.role, "manage_reception")
    text = rules.clean_reason(reason)
    moment = now()
    with write_transaction():
        run = get(run_id)
        target = rules.transition(run.state, "cancel")
        line = i18n.text("reception.cancel_note", "zh", who=actor.label,
                         when=moment.strftime("%Y-%m-%d %H:%M"), reason=text)
        _bump(run, state=target.value, ended_at=moment, notes=_append(run.notes, line))
    return _ref(run)


# ---------------------------------------------------------------- reading

def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="minutes") if value else None


def summary(run: ReceptionRun) -> dict[str, Any]:
    """One line of the runs list (also ``hall-desk reception --json``)."""
    return {"id": run.id, "visiting_unit": run.visiting_unit, "leader": run.leader,
            "purpose": run.purpose, "visitors": run.visitors,
            "expected_at": _iso(run.expected_at), "state": run.state,
            "started_at": _iso(run.started_at), "ended_at": _iso(run.ended_at),
            "template": run.template_name, "template_version": run.template_version,
            "guestbook": run.guestbook, "version": run.version}


def list_runs(*, states: Iterable[str] | None = None, limit: int = 200) -> list[dict[str, Any]]:
    """Runs, those still to come or running first, then the newest."""
    query = ReceptionRun.select()
    if states:
        query = query.where(ReceptionRun.state.in_(list(states)))
    rows = list(query.order_by(ReceptionRun.expected_at.desc(), ReceptionRun.id.desc())
                .limit(max(1, limit)))
    live = {RunState.NOTICED.value: 0, RunState.RUNNING.value: 0}
    rows.sort(key=lambda r: 0 if r.state in live else 1)
    return [summary(r) for r in rows]


def describe(run_id: int) -> dict[str, Any]:
    """A run as plain data: the notice, posts, items with who and when, the diverted tickets
    and the guest-book signature (without the image: see :func:`guestbook_signature`)."""
    run = get(run_id)
    names = staff_names()
    data = summary(run)
    try:
        data["template_title"] = template(run.template_name).title
    except HallError:
        data["template_title"] = run.template_name
    data.update({
        "notes": run.notes, "created_by": names.get(run.created_by_id, ""),
        "created_at": _iso(run.created_at),
        "posts": _all_posts(run),
        "items": [{"id": i.id, "stage": i.stage, "position": i.position, "text": i.text,
                   "status": rules.item_status(i.done_at, i.not_applicable_reason).value,
                   "done_at": _iso(i.done_at), "done_by": names.get(i.done_by_id, ""),
                   "note": i.note, "not_applicable_reason": i.not_applicable_reason}
                  for i in items(run_id)],
        "tickets": [{k: (_iso(v) if isinstance(v, datetime) else v) for k, v in t.items()
                     if k != "id"} for t in diverted(run_id)],
    })
    data["guestbook_signature"] = signature_content(guestbook_signature(run_id))
    return data


def _content(run_id: int) -> dict[str, Any]:
    """What the record's hash covers: everything but the row version and item ids."""
    return record_content(describe(run_id))


def record_version(run: ReceptionRun, actor: Actor | None = None) -> tuple[int, str]:
    """(version, SHA-256) of the reception record as it stands, stored when new (like
    ``services.records.current`` for tickets, with its print stamp)."""
    return records.store_version(SUBJECT, run.id, _content(run.id),
                                 sealed=run.state == RunState.CLOSED.value, actor=actor)


def record_pdf(actor: Actor, run_id: int) -> bytes:
    """The 接待记录 reception record as PDF bytes: its current version (stored if new),
    printed from the stored version (see :func:`reception_print`)."""
    version, _ = record_version(get(run_id), actor)
    return reception_print(run_id, version)


def reception_print(run_id: int, version: int) -> bytes:
    """The 接待记录 of a reception run's stored ``version``, from stored data only."""
    from hall_desk.pdf.reception import reception_record

    row = records.version_row(SUBJECT, run_id, version)
    content, stamp, _ = records.split_stored(row)
    data = dict(content)
    if content.get("guestbook_signature"):
        data["guestbook_signature"] = records.signature_entry(
            SUBJECT, run_id, GUEST_ROLE, content["guestbook_signature"])
    return reception_record(data, records.stamp_meta(stamp, row.version, row.sha256))


def as_json(run_id: int) -> str:
    return json.dumps(describe(run_id), ensure_ascii=False, default=str)
