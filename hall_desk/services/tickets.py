"""Tickets: registering at the counter and changing them, always with history.

Every change writes an append-only :class:`TicketEvent` (who, when, what, the fields before
and after) in the same transaction as the change, chained by hash. Saves carry the version
the user started from; a save against a stale version is refused naming who changed it.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from hall_desk.core import i18n, numbering
from hall_desk.core.auth import require
from hall_desk.core.chain import canonical_json
from hall_desk.core.enums import Priority, TicketKind, TicketStatus
from hall_desk.core.errors import FieldError, NotFound, StaleVersion, ValidationError
from hall_desk.core.validation import has_control_chars, validate_intake
from hall_desk.core.views import (AttachmentView, DeadlineView, HistoryEntry, TicketRef,
                                  TicketView)
from hall_desk.services.context import Actor, now
from hall_desk.services.evidence import next_link
from hall_desk.store.models import (Category, NumberSequence, SealedIdentity, Staff, Ticket,
                                    TicketEvent)
from hall_desk.store import inserts, rowstate
from hall_desk.store.tx import write_transaction

if TYPE_CHECKING:
    from hall_desk.core import repeats

REPEAT_WINDOW = timedelta(days=90)


def name_initials(name: str) -> str:
    """Pinyin initials for search: 张三丰 -> zsf; Latin letters kept, lower case."""
    # pypinyin loads its dictionaries on import (about half a second): only when needed
    from pypinyin import Style, lazy_pinyin

    letters = lazy_pinyin(name or "", style=Style.FIRST_LETTER, errors="ignore")
    return "".join(ch for ch in "".join(letters).lower() if ch.isalnum())[:32]


def find_category(value: str | None) -> Category | None:
    """A configured category by its code or its Chinese (or English) name."""
    if not value:
        return None
    text = str(value).strip()
    if len(text) > 64 or has_control_chars(text, multiline=False):
        return None                  # no category is called that; NUL would upset the database
    return Category.get_or_none((Category.code == text) | (Category.name == text)
                                | (Category.name_en == text))


def _serialise(value: Any) -> Any:
    return json.loads(canonical_json(value))


def append_event(ticket: Ticket, actor: Actor, action: str, before: dict, after: dict,
                  note: str = "", at: datetime | None = None, *, first: bool = False
                  ) -> TicketEvent:
    """Write the ticket's next event, chained; ``first``: the ticket has none yet (its
    ``created`` event), so its place is 1 without asking."""
    at = at or now()
    seq = 1 if first else (TicketEvent.select(TicketEvent.seq).where(
        TicketEvent.ticket == ticket.id).order_by(TicketEvent.seq.desc()).limit(1).scalar()
        or 0) + 1
    before_s, after_s = _serialise(before), _serialise(after)
    content = {"ticket": ticket.number, "seq": seq, "at": at.isoformat(), "actor": actor.label,
               "action": action, "before": before_s, "after": after_s, "note": note}
    prev, digest = next_link("ticket_event", content)
    return inserts.create(
        TicketEvent, ticket=ticket.id, seq=seq, at=at, actor=actor.staff_id,
        actor_label=actor.label, action=action, before=canonical_json(before_s),
        after=canonical_json(after_s), note=note, prev_hash=prev, hash=digest)


def _next_number(kind: TicketKind, day: datetime, counter_code: str) -> str:
    pre = numbering.prefix(kind, day.date(), counter_code)
    NumberSequence.insert(prefix=pre, last=1).on_conflict(
        conflict_target=[NumberSequence.prefix],
        update={NumberSequence.last: NumberSequence.last + 1}).execute()
    seq = NumberSequence.select(NumberSequence.last).where(NumberSequence.prefix == pre).scalar()
    return numbering.format_number(pre, seq)


def recent_tickets_of(phone_key: str, *, since: datetime, until: datetime | None = None,
                      exclude_id: int | None = None, columns: tuple = ()):
    """Tickets of one phone number received in [since, until], newest first; anonymous ones
    too (their phone is sealed): callers showing the result hide those. ``columns``: only
    these (default: whole rows)."""
    sealed = SealedIdentity.select(SealedIdentity.ticket).where(
        SealedIdentity.phone_key == phone_key)
    query = (Ticket.select(*columns).where(((Ticket.phone_key == phone_key) | Ticket.id.in_(sealed))
                                   & (Ticket.received_at >= since))
             .order_by(Ticket.received_at.desc()))
    if until is not None:
        query = query.where(Ticket.received_at <= until)
    if exclude_id is not None:
        query = query.where(Ticket.id != exclude_id)
    return query


# changes that move a deadline, and ticket fields copied into its ``ticket_deadline`` rows
_JUDGED_BY = {"status", "milestones", "agreed_due_at", "deadline_extensions", "received_at",
              "kind", "hotline_due_at", "replied_at"}
_COPIED_TO_DEADLINES = {"department", "handler_a", "first_receiver"}


def _judge(kind: str, received_at: datetime, agreed: datetime | None, milestones: str,
           extensions: str, hotline_due: datetime | None = None,
           replied_at: datetime | None = None):
    from hall_desk.services import deadlines

    points = {k: datetime.fromisoformat(v) for k, v in json.loads(milestones or "{}").items()}
    points.setdefault("received", received_at)
    points.setdefault("registered", received_at)
    return deadlines.judge(kind, received_at, agreed, points, json.loads(extensions or "{}")
                           ).with_hotline(hotline_due, replied_at)


def _store_rated(ticket: Ticket, judged) -> None:
    from hall_desk.services import deadlines

    deadlines.store_rated(ticket, judged or deadlines.judge_ticket(ticket))


# what repeat detection reads of an earlier ticket (``core.repeats.Case``), not whole rows
_CASE_COLUMNS = (Ticket.id, Ticket.received_at, Ticket.phone_key, Ticket.customer_name,
                 Ticket.anonymous, Ticket.category, Ticket.content)


def find_repeat(phone_key: str, name: str, anonymous: bool, category: Category | None,
                content: str, received: datetime, initials: str | None = None
                ) -> tuple[repeats.Case | None, int]:
    """The latest earlier ticket a new one repeats (same customer, same matter, within the
    policy's window: ``core.repeats``) and which time this is (第N次, 1 = the first).

    Registering runs this every time, often for a customer with many tickets: it reads only
    the columns the rule needs, through the (phone key, received) and (name initials,
    received) indexes. ``initials``: the name's (:func:`name_initials`) if the caller has
    them."""
    from hall_desk.core import repeats
    from hall_desk.services import deadlines

    rules = deadlines.policy()
    since = received - timedelta(days=rules.repeat_days)
    earlier: dict[int, repeats.Case] = {}
    if name.strip() and not anonymous:       # through the name-initials index
        named = name.strip()
        for row in (Ticket.select(*_CASE_COLUMNS).where(
                (Ticket.name_initials == (initials or name_initials(named)))
                & (Ticket.received_at >= since)
                & (Ticket.received_at <= received) & (Ticket.customer_name == named))
                .tuples()):
            earlier[row[0]] = repeats.Case(*row)
    if phone_key:   # the same phone, sealed anonymous ones included (their key is not on the row)
        for row in recent_tickets_of(phone_key, since=since, until=received,
                                     columns=_CASE_COLUMNS).tuples():
            earlier[row[0]] = repeats.Case(row[0], row[1], phone_key, *row[3:])
    new = repeats.Case(0, received, phone_key, name, anonymous,
                       category.id if category else None, content)
    found = repeats.earlier_matches(new, earlier.values(), days=rules.repeat_days,
                                    threshold=rules.repeat_similarity)
    return (found[0] if found else None), len(found) + 1


def check_intake(data: dict[str, Any]) -> dict[str, Any]:
    """Validate an intake form including its category; writes nothing. ValidationError names
    every bad field at once. Gives the cleaned form."""
    return _checked_intake(data)[0]


def _checked_intake(data: dict[str, Any]) -> tuple[dict[str, Any], Category | None]:
    """:func:`check_intake` with the category's row, for registering."""
    errors = {}
    try:
        clean = validate_intake(data, now=now())
    except ValidationError as exc:
        errors.update(exc.errors)
        clean = {}
    category = find_category(data.get("category"))
    if data.get("category") and category is None:
        errors["category"] = FieldError("category", "error.choice", value=data.get("category"))
    if errors:
        raise ValidationError(errors)
    from hall_desk.services import materials

    known = materials.find(clean["business_type"]) if clean["business_type"] else None
    if known is not None:       # the business's name typed (CLI, import) is kept as its code
        clean["business_type"] = known.code
    return clean, category


def register(actor: Actor, data: dict[str, Any], *, received_at: datetime | None = None,
             status: TicketStatus = TicketStatus.REGISTERED) -> TicketRef:
    """Register a ticket from an intake form (see ``core.validation.validate_intake``).

    Allocates the number, detects a repeat (:func:`find_repeat`, raising a complaint's priority) and
    writes the ``created`` event, all in one durable transaction."""
    return ref_of(register_row(actor, data, received_at=received_at, status=status))


def register_row(actor: Actor, data: dict[str, Any], *, received_at: datetime | None = None,
                 status: TicketStatus = TicketStatus.REGISTERED) -> Ticket:
    """:func:`register` giving the stored row, for services that go on changing it in the
    same transaction."""
    require(actor.role, "register_ticket")
    if received_at is not None:
        data = dict(data, received_at=received_at)
    clean, category = _checked_intake(data)
    moment = now()
    received = clean["received_at"] or moment
    phone = clean["phone"]
    priority = int(clean["priority"])
    anonymous = clean["anonymous"]
    judged = _judge(clean["kind"].value, received, clean["agreed_due_at"], "{}", "{}",
                    clean["hotline_due_at"])
    initials = "" if anonymous else name_initials(clean["customer_name"])
    with write_transaction():
        if clean["hotline_number"]:
            # PostgreSQL: the chain heads' lock, which the event below takes anyway, taken
            # before the check, so no other counter links this work order until the commit
            rowstate.lock_heads()
        taken = clean["hotline_number"] and hotline_owner(clean["hotline_source"],
                                                          clean["hotline_number"])
        if taken:               # one work order, one ticket (domain.md §13)
            raise ValidationError({"hotline_number": FieldError(
                "hotline_number", "hotline.error.taken", number=taken)})
        repeat, repeat_n = find_repeat(phone.key, clean["customer_name"], clean["anonymous"],
                                       category, clean["content"], received, initials)
        if repeat is not None and clean["kind"].entry.repeats:
            priority = max(priority, int(Priority.HIGH))
        number = _next_number(clean["kind"], received, actor.counter_code)
        ticket = inserts.create(
            Ticket, number=number, number_reversed=number[::-1],
            kind=clean["kind"].value, channel=clean["channel"].value, category=category,
            business_type=clean["business_type"],
            callback_window=clean["callback_window"].value,
            # an anonymous customer's identity is sealed (below): nothing on the row
            customer_name="" if anonymous else clean["customer_name"],
            customer_phone="" if anonymous else phone.display,
            phone_key="" if anonymous else phone.key,
            name_initials=initials,
            phone_last4="" if anonymous else phone.key[-4:],
            customer_address="" if anonymous else clean["address"], anonymous=anonymous,
            content=clean["content"], demand=clean["demand"],
            emotional_state=clean["emotional_state"].value,
            evidence_note=clean["evidence_note"],
            confirmed_by_customer=clean["confirmed_by_customer"],
            missing_materials=json.dumps(clean["missing_materials"], ensure_ascii=False),
            received_at=received, created_at=moment, counter_code=actor.counter_code,
            first_receiver=actor.staff_id or _system_staff_id(),
            priority=priority, repeat_of=repeat.id if repeat else None, repeat_n=repeat_n,
            status=status.value,
            agreed_due_at=clean["agreed_due_at"],
            hotline_source=clean["hotline_source"], hotline_number=clean["hotline_number"],
            hotline_number_reversed=clean["hotline_number"][::-1],
            hotline_due_at=clean["hotline_due_at"],
            **judged.columns(),
            version=1, updated_at=moment, updated_by=actor.staff_id)
        _store_rated(ticket, judged)
        created = snapshot(ticket)
        if anonymous:
            created["sealed_identity"] = _seal(ticket, clean["customer_name"], phone,
                                               clean["address"])
        if repeat is not None and (anonymous or repeat.anonymous):
            created["repeat_of"] = None      # the link would tie a name to the anonymous one
        append_event(ticket, actor, "created", {}, created, at=moment, first=True)
    return ticket


def hotline_owner(source: str, number: str, other_than: int | None = None) -> str | None:
    """The number of the ticket carrying a hotline's work order (other than ``other_than``)."""
    query = Ticket.select(Ticket.number).where((Ticket.hotline_number == number)
                                               & (Ticket.hotline_source == source))
    if other_than is not None:
        query = query.where(Ticket.id != other_than)
    return query.scalar()


def register_all(actor: Actor, items: list[dict[str, Any]]) -> list[TicketRef]:
    """Register several checked tickets (an import) in one transaction: all of them or, when
    one fails, none. Each item's ``received_at`` is its time of receipt (else now)."""
    made: list[TicketRef] = []
    with write_transaction():
        for data in items:
            try:
                made.append(register(actor, data, received_at=data.get("received_at")))
            except ValidationError as exc:
                taken = exc.errors.get("hotline_number")
                owner = taken.params.get("number") if taken is not None else None
                earlier = next((i for i, t in enumerate(made) if t.number == owner), None)
                if earlier is None:
                    raise
                # that ticket is rolled back with the rest: name the item, not its number
                raise ValidationError({"hotline_number": FieldError(
                    "hotline_number", "hotline.error.twice", item=earlier)}) from None
    return made


def _seal(ticket: Ticket, name: str, phone, address: str) -> str:
    """Keep an anonymous customer's identity in ``sealed_identity``; returns the salted digest
    the ``created`` event records in its place (the salt never leaves the sealed row, so the
    digest cannot be matched against a guessed phone number)."""
    import os

    from hall_desk.core.masking import sealed_digest

    salt = os.urandom(16).hex()
    SealedIdentity.create(ticket=ticket.id, customer_name=name, customer_phone=phone.display,
                          phone_key=phone.key, customer_address=address, salt=salt)
    return sealed_digest(salt, name, phone.display, address)


def _identity(ticket: Ticket) -> tuple[str, str, str]:
    """Name, phone and address of a ticket's customer; an anonymous one's from the sealed row.
    Only for callers that showed the viewer's right and log the view."""
    if not ticket.anonymous:
        return ticket.customer_name, ticket.customer_phone, ticket.customer_address
    row = SealedIdentity.get_or_none(SealedIdentity.ticket == ticket.id)
    if row is None:        # registered without name or phone (a report), or on the row
        return ticket.customer_name, ticket.customer_phone, ticket.customer_address
    return row.customer_name, row.customer_phone, row.customer_address


def _repeat_shown(ticket: Ticket, viewer: Actor, reveal: bool) -> str | None:
    """The earlier ticket's number, unless either end is anonymous and the viewer has not
    lifted anonymity (a named ticket's number next to an anonymous one names the customer)."""
    if not ticket.repeat_of_id:
        return None
    earlier = ticket.repeat_of
    if ticket.anonymous or earlier.anonymous:
        from hall_desk.core.auth import may

        if not (reveal and may(viewer.role, "view_identity") and viewer.role.value != "system"):
            return i18n.text("ticket.link_hidden")
    return earlier.number


def _system_staff_id() -> int:
    """Tickets need a first receiver; imports made by the system actor are recorded against
    the hall's first administrator and the event names the system actor."""
    first = Staff.select(Staff.id).where(Staff.role == "admin").order_by(Staff.id).limit(1).scalar()
    if first is None:
        raise NotFound(what="what.staff", key="admin")
    return first


TRACKED_FIELDS = [f for f in Ticket._meta.sorted_field_names
                  if f not in ("id", "version", "updated_at", "updated_by", "created_at",
                               "next_deadline_at", "next_deadline_rule", "escalation_due_at",
                               "phone_last4", "number_reversed",    # derived: search only
                               "hotline_number_reversed")]


def snapshot(ticket: Ticket, fields: list[str] | None = None) -> dict[str, Any]:
    out = {}
    for name in fields or TRACKED_FIELDS:
        field = Ticket._meta.fields[name]
        out[name] = getattr(ticket, field.column_name) if hasattr(field, "rel_model") \
            else getattr(ticket, name)
    return out


def ref_of(ticket: Ticket) -> TicketRef:
    """The view of a stored ticket that services hand up instead of the row."""
    return TicketRef(id=ticket.id, number=ticket.number, version=ticket.version,
                     kind=TicketKind(ticket.kind), status=TicketStatus(ticket.status),
                     received_at=ticket.received_at, round=ticket.round,
                     agreed_due_at=ticket.agreed_due_at,
                     anonymous=bool(ticket.anonymous), department_id=ticket.department_id)


def ref(number_or_id: str | int) -> TicketRef:
    """A ticket by its number or id, as a view (NotFound if there is none)."""
    return ref_of(get(number_or_id))


def row_of(ticket: Ticket | TicketRef | int | str) -> Ticket:
    """The stored row behind a ticket, its view, its id or its number."""
    if isinstance(ticket, Ticket):
        return ticket
    return get(ticket.id if isinstance(ticket, TicketRef) else ticket)


def get(number_or_id: str | int) -> Ticket:
    if isinstance(number_or_id, int):
        row = Ticket.get_or_none(Ticket.id == number_or_id)
    else:
        row = Ticket.get_or_none(Ticket.number == str(number_or_id).strip().upper())
    if row is None:
        raise NotFound(what="what.ticket", key=number_or_id)
    return row


def update(actor: Actor, ticket_id: int, expected_version: int, changes: dict[str, Any], *,
           action: str = "updated", note: str = "", permission: str = "update_ticket",
           current: Ticket | None = None) -> Ticket:
    """Apply ``changes`` to a ticket if it is still at ``expected_version``.

    The version check and the write are one statement (``UPDATE ... WHERE version = ?``), so
    of two counters saving at once exactly one wins; the other gets :class:`StaleVersion`
    naming who changed the ticket and when, and can keep its input. ``current`` may pass the
    row the caller already read in this transaction, to save reading it again."""
    require(actor.role, permission)
    unknown = set(changes) - set(TRACKED_FIELDS)
    if unknown:
        raise ValueError(f"not ticket fields: {sorted(unknown)}")
    moment = now()
    with write_transaction():
        if current is None or current.id != ticket_id:
            current = Ticket.get_or_none(Ticket.id == ticket_id)
        if current is None:
            raise NotFound(what="what.ticket", key=ticket_id)
        before = snapshot(current, list(changes))
        values = dict(changes)
        if "phone_key" in changes:
            values["phone_last4"] = (changes["phone_key"] or "")[-4:]
        if "hotline_number" in changes:
            values["hotline_number_reversed"] = (changes["hotline_number"] or "")[::-1]
        judged = None
        if _JUDGED_BY & set(changes):
            merged = {f: changes.get(f, getattr(current, f)) for f in (
                "kind", "received_at", "agreed_due_at", "milestones", "deadline_extensions",
                "hotline_due_at", "replied_at")}
            judged = _judge(merged["kind"], merged["received_at"], merged["agreed_due_at"],
                            merged["milestones"], merged["deadline_extensions"],
                            merged["hotline_due_at"], merged["replied_at"])
            values.update(judged.columns())
        values.update(version=expected_version + 1, updated_at=moment, updated_by=actor.staff_id)
        done = (Ticket.update(**values)
                .where((Ticket.id == ticket_id) & (Ticket.version == expected_version)).execute())
        if not done:
            raise stale_error(Ticket.get_by_id(ticket_id))
        fresh = current
        for name, value in values.items():
            field = Ticket._meta.fields[name]
            setattr(fresh, field.column_name if hasattr(field, "rel_model") else name, value)
        if judged is not None or _COPIED_TO_DEADLINES & set(changes):
            _store_rated(fresh, judged)
        append_event(fresh, actor, action, before, snapshot(fresh, list(changes)), note=note,
                     at=moment)
    return fresh


def stale_error(current: Ticket) -> StaleVersion:
    last = (TicketEvent.select().where(TicketEvent.ticket == current.id)
            .order_by(TicketEvent.seq.desc()).first())
    who = last.actor_label if last else "?"
    when = current.updated_at.strftime("%H:%M:%S") if current.updated_at else "?"
    return StaleVersion(who=who, when=when, version=current.version)


def history(ticket_id: int) -> list[TicketEvent]:
    return list(TicketEvent.select().where(TicketEvent.ticket == ticket_id)
                .order_by(TicketEvent.seq))


def recent_for_phone(viewer: Actor, phone_text: str, *, at: datetime | None = None,
                     limit: int = 10) -> list[dict[str, Any]]:
    """Earlier tickets of the customer with this phone in the last 90 days, for the intake
    form's repeat warning. Anonymous tickets are left out for roles that may not see them."""
    from hall_desk.core.validation import parse_phone

    try:
        key = parse_phone(phone_text).key
    except FieldError:
        return []
    moment = at or now()
    rows = []
    for t in recent_tickets_of(key, since=moment - REPEAT_WINDOW, until=moment).limit(limit):
        if t.anonymous:       # not even for a supervisor: listing it here is an unlogged reveal
            continue
        rows.append({"id": t.id, "number": t.number, "kind": t.kind, "status": t.status,
                     "received_at": t.received_at, "content": t.content[:80]})
    return rows


def identity_visible(ticket: Ticket, viewer: Actor, *, reveal: bool = True) -> bool:
    """An anonymous customer's name and phone are shown only to roles allowed to see them,
    and only when asked for (``reveal``)."""
    from hall_desk.core.auth import may

    return not ticket.anonymous or (reveal and may(viewer.role, "view_identity")
                                    and viewer.role.value != "system")


def describe(ticket: Ticket | TicketRef | int, viewer: Actor, *, reveal: bool = False
             ) -> TicketView:
    """A ticket as plain data for the detail view, the CLI and the record sheet: every field,
    its deadlines, attachments and history (``to_dict()`` for the JSON of records and the
    command line). An anonymous identity is hidden unless ``reveal`` and ``viewer`` may see
    it (the caller logs such a view: see :func:`reveal_identity`)."""
    from hall_desk.services import deadlines, materials
    from hall_desk.store.models import Attachment

    ticket = row_of(ticket)
    shown = identity_visible(ticket, viewer, reveal=reveal)
    name, phone, address = _identity(ticket) if shown else ("", "", "")
    found = deadlines.for_ticket(ticket)
    iso = lambda v: v.isoformat(timespec="minutes") if v else None  # noqa: E731
    return TicketView(
        number=ticket.number, kind=TicketKind(ticket.kind), channel=ticket.channel,
        category=ticket.category.name if ticket.category_id else "",
        business_type=ticket.business_type,
        business_name=materials.business_name(ticket.business_type),
        customer_name=name if shown else i18n.text("customer.anonymous"),
        phone=phone, address=address,
        anonymous=ticket.anonymous, identity_shown=shown,
        content=ticket.content, demand=ticket.demand,
        emotional_state=ticket.emotional_state, evidence_note=ticket.evidence_note,
        confirmed_by_customer=ticket.confirmed_by_customer,
        missing_materials=tuple(json.loads(ticket.missing_materials or "[]")),
        received_at=iso(ticket.received_at), counter=ticket.counter_code,
        first_receiver=ticket.first_receiver.name,
        status=TicketStatus(ticket.status), round=ticket.round, priority=ticket.priority,
        repeat_of=_repeat_shown(ticket, viewer, reveal),
        department=ticket.department.name if ticket.department_id else "",
        handler_a=ticket.handler_a.name if ticket.handler_a_id else "",
        handler_b=ticket.handler_b.name if ticket.handler_b_id else "",
        agreed_due_at=iso(ticket.agreed_due_at), escalated_at=iso(ticket.escalated_at),
        settled_on_spot=ticket.settled_on_spot,
        valid=ticket.valid, validity_reason=ticket.validity_reason,
        refusal_basis=ticket.refusal_basis,
        callback_window=ticket.callback_window or "any",
        cause_class=ticket.cause_class, cause_analysis=ticket.cause_analysis,
        solution=ticket.solution,
        compensation_amount=(str(ticket.compensation_amount)
                             if ticket.compensation_amount is not None else None),
        compensation_method=ticket.compensation_method,
        compensation_due=iso(ticket.compensation_due),
        instruction=ticket.instruction,
        approved_by=ticket.approved_by.name if ticket.approved_by_id else "",
        implementation=ticket.implementation, reply_method=ticket.reply_method,
        reply_content=ticket.reply_content, replied_at=iso(ticket.replied_at),
        satisfaction=ticket.satisfaction, archived_at=iso(ticket.archived_at),
        summary=ticket.summary, version=ticket.version,
        deadlines=tuple(DeadlineView(rule=d.code, label=d.label, due=iso(d.due), state=d.state,
                                     met_at=iso(d.met_at), agreed=d.agreed,
                                     **deadlines.moved_json(d))
                        for d in (*found.deadlines, *_hotline_limit(ticket))),
        deadline_problem=found.problem.message() if found.problem else None,
        attachments=tuple(AttachmentView(id=a.id, filename=a.filename, size=a.size,
                                         sha256=a.sha256, added_by=a.added_by.name,
                                         added_at=iso(a.added_at))
                          for a in Attachment.select(Attachment.id, Attachment.filename,
                                                     Attachment.size, Attachment.sha256,
                                                     Attachment.added_by, Attachment.added_at)
                          .where(Attachment.ticket == ticket.id).order_by(Attachment.id)),
        history=tuple(HistoryEntry(seq=e.seq, at=iso(e.at), actor=e.actor_label,
                                   action=e.action, note=e.note)
                      for e in history(ticket.id)),
        hotline_source=ticket.hotline_source, hotline_number=ticket.hotline_number,
        hotline_due_at=iso(ticket.hotline_due_at),
    )


def _hotline_limit(ticket: Ticket) -> tuple:
    """The hotline's own limit, shown after the hall's deadlines (none without one)."""
    from hall_desk.core import hotline
    from hall_desk.services import deadlines

    replied = ticket.replied_at
    limit = hotline.deadline(ticket.hotline_due_at, ticket.received_at, replied, now(),
                             deadlines.policy().due_soon_fraction)
    return (limit,) if limit is not None else ()


def promise_of(ticket: TicketRef | int) -> tuple[Any, datetime | None, bool]:
    """A ticket's deadlines now and the time promised to the customer (the receipt's rule):
    ``(TicketDeadlines, promised_at, provisional)``."""
    from hall_desk.services import deadlines

    row = row_of(ticket)
    found = deadlines.for_ticket(row)
    promised, provisional = deadlines.promise(found, row.agreed_due_at)
    return found, promised, provisional


def reveal_identity(viewer: Actor, ticket_id: int, reason: str) -> dict[str, str]:
    """An anonymous customer's name, phone and address for a role allowed to see them, with
    the reason; the access is logged (access log and the ticket's history)."""
    from hall_desk.core.auth import require
    from hall_desk.core.validation import clean_field
    from hall_desk.store.models import AccessLog

    require(viewer.role, "view_identity")
    why = clean_field("reason", reason, required=True, max_len=500, multiline=True)
    with write_transaction():
        ticket = get(ticket_id)
        row = AccessLog.create(at=now(), staff=viewer.staff_id, action="view_identity",
                               ticket=ticket.id, reason=why)
        rowstate.record(f"access:{row.id}")
        append_event(ticket, viewer, "view_identity", {}, {}, note=why)
        name, phone, address = _identity(ticket)
    return {"customer_name": name, "phone": phone, "address": address}


def reveal_search(viewer: Actor, phone_text: str, reason: str) -> list[str]:
    """The numbers of the anonymous tickets of a phone number, for a role allowed to lift
    anonymity, with the reason; logged like a reveal. (Ordinary searches never find them:
    their rows carry no phone.)"""
    from hall_desk.core.validation import clean_field, parse_phone
    from hall_desk.store.models import AccessLog

    require(viewer.role, "view_identity")
    why = clean_field("reason", reason, required=True, max_len=500, multiline=True)
    try:
        key = parse_phone(clean_field("phone", phone_text, required=True, max_len=32)).key
    except FieldError as exc:
        raise ValidationError({"phone": exc}) from None
    with write_transaction():
        found = list(Ticket.select().join(SealedIdentity, on=(SealedIdentity.ticket == Ticket.id))
                     .where(SealedIdentity.phone_key == key).order_by(Ticket.received_at.desc()))
        for ticket in found or [None]:       # each ticket found has it in its history
            AccessLog.create(at=now(), staff=viewer.staff_id, action="search_identity",
                             ticket=ticket.id if ticket else None, reason=why)
            if ticket is not None:
                append_event(ticket, viewer, "search_identity", {}, {}, note=why)
    return [t.number for t in found]
