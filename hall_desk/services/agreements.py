"""The settlement of a complaint (domain.md M3 第五、六章): the mediation or settlement
agreement (调解/和解协议), the compensation actually paid, and the cases a supervisor keeps
as typical (典型案例) for training.

All three are ticket events (:func:`hall_desk.services.tickets.append_event`), not tables of
their own: the ticket_event hash chain vouches for them, ``audit verify`` walks them, the
record's version (``services.records.full_content``) carries the agreement and the payments,
so the 协议书 is a versioned sheet that verify-pdf can print again, and both parties'
signatures are the record's signatures (``records.sign``: the customer's, and the hall's
representative as ``supervisor``, which seals that version). The latest ``agreement`` event
is the agreement in force (a corrected agreement is a new event; the old one stays in the
history). Recording the payment also sets the ``compensation_paid`` lifecycle point, which
meets the policy's ``compensation_paid`` time limit counted from ``compensation_due`` (the
agreed due date, set as a point when the agreement is recorded).
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from hall_desk.core import anonymise, i18n
from hall_desk.core.auth import require
from hall_desk.core.enums import TicketStatus
from hall_desk.core.errors import FieldError, HallError, ValidationError
from hall_desk.core.validation import clean_text
from hall_desk.services import tickets
from hall_desk.services.context import Actor, now
from hall_desk.store.models import Category, Department, Staff, Ticket, TicketEvent
from hall_desk.store.tx import write_transaction

TEXT_MAX = 5000
PAY_METHOD_MAX = 64
AGREEMENT, PAYMENT, WAIVER, TYPICAL = ("agreement", "compensation_paid",
                                       "compensation_waived", "typical")


def _events(ticket_id: int, action: str) -> list[TicketEvent]:
    return list(TicketEvent.select().where((TicketEvent.ticket == ticket_id)
                                           & (TicketEvent.action == action))
                .order_by(TicketEvent.seq))


def _after(event: TicketEvent) -> dict[str, Any]:
    return dict(json.loads(event.after or "{}"), at=event.at.isoformat(timespec="seconds")
                if isinstance(event.at, datetime) else str(event.at), by=event.actor_label)


def _text(errors: dict, field: str, value: Any, *, required: bool,
          max_len: int = TEXT_MAX) -> str:
    try:
        return clean_text(field, value, required=required, max_len=max_len, multiline=True)
    except FieldError as exc:
        errors[field] = exc
        return ""


def _amount(errors: dict, field: str, value: Any, *, required: bool) -> str | None:
    if value in (None, ""):
        if required:
            errors[field] = FieldError(field, "error.required")
        return None
    try:
        amount = Decimal(str(value).strip().replace(",", "").replace("，", ""))
        if amount < 0 or amount.as_tuple().exponent < -2 or amount >= Decimal("1e10"):
            raise ValueError
    except (ArithmeticError, ValueError):
        errors[field] = FieldError(field, "error.amount")
        return None
    return f"{amount:.2f}"


def _day(errors: dict, field: str, value: Any, *, required: bool) -> str | None:
    if value in (None, ""):
        if required:
            errors[field] = FieldError(field, "error.required")
        return None
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    try:
        text = str(value).strip()
        return (datetime.fromisoformat(text).isoformat(timespec="minutes") if len(text) > 10
                else date.fromisoformat(text).isoformat())
    except ValueError:
        errors[field] = FieldError(field, "agreement.error.date", value=str(value)[:40])
        return None


def _ticket(ticket_id: int | str) -> Ticket:
    return tickets.get(ticket_id)


# ---------------------------------------------------------------- the agreement

def record_agreement(actor: Actor, ticket_id: int | str, data: dict[str, Any]) -> dict[str, Any]:
    """Record the settlement agreement of a complaint: ``terms`` (协议内容), what the
    customer and the hall each undertake, and the compensation agreed (amount, method, due;
    defaulting to the plan's). Sets the ``compensation_due`` point when money is agreed.
    Returns the agreement as :func:`agreement_of` gives it."""
    require(actor.role, "update_ticket")
    errors: dict[str, FieldError] = {}
    with write_transaction():
        ticket = _ticket(ticket_id)
        if ticket.kind != "complaint":
            raise HallError("agreement.error.kind", number=ticket.number)
        if ticket.status in (TicketStatus.REGISTERED.value, TicketStatus.ARCHIVED.value):
            raise HallError("agreement.error.status", number=ticket.number,
                            status=i18n.text(f"status.{ticket.status}"))
        plan_amount = (str(ticket.compensation_amount)
                       if ticket.compensation_amount is not None else None)
        out = {
            "kind": data.get("kind") if data.get("kind") in ("mediation", "settlement")
            else "settlement",
            "terms": _text(errors, "agreement_terms", data.get("terms"), required=True),
            "customer_undertakes": _text(errors, "customer_undertakes",
                                         data.get("customer_undertakes"), required=False),
            "hall_undertakes": _text(errors, "hall_undertakes", data.get("hall_undertakes"),
                                     required=True),
            "amount": _amount(errors, "compensation_amount",
                              data.get("amount", plan_amount), required=False),
            "method": _text(errors, "compensation_method",
                            data.get("method", ticket.compensation_method), required=False,
                            max_len=PAY_METHOD_MAX),
            "due": _day(errors, "compensation_due", data.get("due", ticket.compensation_due),
                        required=False),
            "representative": _text(errors, "representative",
                                    data.get("representative") or actor.name, required=True,
                                    max_len=64),
        }
        if out["amount"] is not None and Decimal(out["amount"]) > 0:
            for field in ("method", "due"):
                if not out[field] and f"compensation_{field}" not in errors:
                    errors[f"compensation_{field}"] = FieldError(
                        f"compensation_{field}", "error.compensation_incomplete")
        if errors:
            raise ValidationError(errors)
        points = json.loads(ticket.milestones or "{}")
        if out["due"] and out["amount"] and Decimal(out["amount"]) > 0:
            due = datetime.fromisoformat(out["due"])
            points["compensation_due"] = due.isoformat()
        else:
            points.pop("compensation_due", None)
        if points != json.loads(ticket.milestones or "{}"):
            ticket = tickets.update(actor, ticket.id, ticket.version,
                                    {"milestones": json.dumps(points, sort_keys=True)},
                                    action="agreement_due", current=ticket)
        tickets.append_event(ticket, actor, AGREEMENT, {}, out)
    return agreement_of(ticket.id)


def agreement_of(ticket_id: int) -> dict[str, Any] | None:
    """The agreement in force (the latest recorded), with when and by whom; None if none."""
    found = _events(ticket_id, AGREEMENT)
    return _after(found[-1]) if found else None


# ---------------------------------------------------------------- the payment

def record_payment(actor: Actor, ticket_id: int | str, data: dict[str, Any]) -> dict[str, Any]:
    """Record the compensation actually paid: ``amount``, ``method``, ``paid_on`` (date),
    ``paid_by`` (who paid; default the actor) and ``voucher`` (note or voucher number).
    Sets the ``compensation_paid`` point that meets its time limit."""
    require(actor.role, "update_ticket")
    errors: dict[str, FieldError] = {}
    with write_transaction():
        ticket = _ticket(ticket_id)
        out = {
            "amount": _amount(errors, "paid_amount", data.get("amount"), required=True),
            "method": _text(errors, "paid_method", data.get("method"), required=True,
                            max_len=PAY_METHOD_MAX),
            "paid_on": _day(errors, "paid_on", data.get("paid_on") or now().date(),
                            required=True),
            "paid_by": _text(errors, "paid_by", data.get("paid_by") or actor.name,
                             required=True, max_len=64),
            "voucher": _text(errors, "voucher", data.get("voucher"), required=False,
                             max_len=200),
        }
        if out["paid_on"] and out["paid_on"][:10] > now().date().isoformat():
            errors["paid_on"] = FieldError("paid_on", "agreement.error.future")
        if errors:
            raise ValidationError(errors)
        points = json.loads(ticket.milestones or "{}")
        points["compensation_paid"] = now().isoformat()
        ticket = tickets.update(actor, ticket.id, ticket.version,
                                {"milestones": json.dumps(points, sort_keys=True)},
                                action="compensation_paid_at", current=ticket)
        tickets.append_event(ticket, actor, PAYMENT, {}, out, note=out["voucher"])
    return payments_of(ticket.id)[-1]


def payments_of(ticket_id: int) -> list[dict[str, Any]]:
    return [_after(e) for e in _events(ticket_id, PAYMENT)]


def waive_payment(actor: Actor, ticket_id: int | str, reason: str) -> None:
    """A supervisor records why agreed compensation was not paid (the customer declined it,
    it was paid by another party...), so the case may be archived."""
    require(actor.role, "supervise")
    words = clean_text("reason", reason, required=True, max_len=TEXT_MAX, multiline=True)
    with write_transaction():
        ticket = _ticket(ticket_id)
        tickets.append_event(ticket, actor, WAIVER, {}, {"reason": words}, note=words)


def payment_owed(ticket: Ticket | int) -> bool:
    """The settlement agreement agreed money and neither its payment nor a supervisor's
    reason for not paying is recorded: the case may not be archived yet. (A plan's
    compensation without an agreement does not hold the archive: it was offered, not agreed.)"""
    ticket_id = ticket if isinstance(ticket, int) else ticket.id
    agreement = agreement_of(ticket_id)
    if agreement is None or not agreement.get("amount") or Decimal(agreement["amount"]) <= 0:
        return False
    return not (TicketEvent.select().where((TicketEvent.ticket == ticket_id)
                                           & TicketEvent.action.in_([PAYMENT, WAIVER]))
                .exists())


def record_parts(ticket_id: int) -> dict[str, Any]:
    """What the record's version carries of the settlement (only keys that have a value, so
    the versions of tickets without one are unchanged)."""
    out: dict[str, Any] = {}
    agreement = agreement_of(ticket_id)
    if agreement is not None:
        out["agreement"] = agreement
    paid = payments_of(ticket_id)
    if paid:
        out["payments"] = paid
    return out


# ---------------------------------------------------------------- typical cases

def mark_typical(actor: Actor, ticket_id: int | str, title: str, lesson: str
                 ) -> dict[str, Any]:
    """A supervisor keeps an archived case as typical (典型案例) with a short title and the
    lesson learnt (经验教训); marking again replaces both. Returns the mark as
    :func:`typical_of` gives it."""
    require(actor.role, "supervise")
    errors: dict[str, FieldError] = {}
    out = {"title": _text(errors, "case_title", title, required=True, max_len=60),
           "lesson": _text(errors, "lesson", lesson, required=True)}
    if errors:
        raise ValidationError(errors)
    with write_transaction():
        ticket = _ticket(ticket_id)
        if ticket.status != TicketStatus.ARCHIVED.value:
            raise HallError("agreement.error.not_archived", number=ticket.number)
        tickets.append_event(ticket, actor, TYPICAL, {}, out)
    return typical_of(ticket.id)


def typical_of(ticket_id: int) -> dict[str, Any] | None:
    found = _events(ticket_id, TYPICAL)
    return _after(found[-1]) if found else None


def _identifying(ticket: Ticket) -> list[str]:
    """Every word of the ticket that names someone: the customer, the staff who touched the
    case, the department, the address, the 投诉对象."""
    from hall_desk.store.models import SealedIdentity

    words = [ticket.customer_name, ticket.customer_address, ticket.customer_phone,
             ticket.target_text]
    sealed = SealedIdentity.get_or_none(SealedIdentity.ticket == ticket.id)
    if sealed is not None:
        words += [sealed.customer_name, sealed.customer_address, sealed.customer_phone]
    for staff_id in (ticket.target_staff_id,):
        if staff_id:
            words.append(Staff.get_by_id(staff_id).name)
    words += [label for (label,) in TicketEvent.select(TicketEvent.actor_label).where(
        TicketEvent.ticket == ticket.id).distinct().tuples()]
    # every staff member's name, not only those who touched the case: the customer's words
    # may name anyone at the counter
    words += [n for (n,) in Staff.select(Staff.name).tuples()]
    return [w for w in words if w]


def typical_cases(actor: Actor, date_from: date, date_to: date) -> list[dict[str, Any]]:
    """The typical cases received in [date_from, date_to] (the receipt date, as the
    statistics select), anonymised for the training booklet (典型案例汇编): kind, category, business type, what happened, cause, handling,
    result and lesson, with every identifying word and number taken out of the free text."""
    require(actor.role, "view_statistics")
    if date_from > date_to:
        raise HallError("error.date_range")
    start = datetime.combine(date_from, datetime.min.time())
    end = datetime.combine(date_to + timedelta(days=1), datetime.min.time())
    marked = (TicketEvent.select(TicketEvent.ticket).where(TicketEvent.action == TYPICAL)
              .distinct())
    rows = (Ticket.select().where(Ticket.id.in_(marked) & (Ticket.received_at >= start)
                                  & (Ticket.received_at < end))
            .order_by(Ticket.received_at, Ticket.id))
    cases = []
    for ticket in rows:
        mark = typical_of(ticket.id)
        names = _identifying(ticket)
        category = (Category.get_or_none(Category.id == ticket.category_id)
                    if ticket.category_id else None)
        department = (Department.get_or_none(Department.id == ticket.department_id)
                      if ticket.department_id else None)
        if department is not None:
            names.append(department.name)

        def s(value: Any) -> str:
            return anonymise.scrub(str(value or ""), names)

        cases.append({
            "title": s(mark["title"]), "kind": ticket.kind,
            "category": category.name if category else "",
            "business_type": s(getattr(ticket, "business_type", "") or ""),
            "month": ticket.received_at.strftime("%Y-%m"),
            "content": s(ticket.content), "demand": s(ticket.demand),
            "cause": s(ticket.cause_analysis), "cause_class": ticket.cause_class or "",
            "handling": s("\n".join(x for x in (ticket.solution, ticket.implementation) if x)),
            "result": s("\n".join(x for x in (ticket.reply_content, ticket.summary) if x)),
            "satisfaction": ticket.satisfaction or "",
            "lesson": s(mark["lesson"]),
        })
    return cases


def booklet_pdf(actor: Actor, date_from: date, date_to: date) -> bytes:
    """典型案例汇编 of the typical cases received in [date_from, date_to]."""
    from hall_desk import pdf
    from hall_desk.core.chain import content_hash
    from hall_desk.pdf.agreement import cases_booklet
    from hall_desk.services import settings

    cases = typical_cases(actor, date_from, date_to)
    meta = pdf.RecordMeta(hall_name=settings.hall_name(), printed_at=now(),
                          printed_by=actor.name, version=None, content_sha256=content_hash(cases))
    return cases_booklet(cases, meta, date_from, date_to)
