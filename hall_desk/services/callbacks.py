"""Callbacks (回访): the worklist of customers to call back, and recording each attempt.

A ticket needs a callback once the reply went out (status ``replied``). It is due by the
policy's ``callback`` rule (domain.md §5.1, M2 第二节三.6: the same working day the department
closed the case); a case settled on the spot needs none when the policy lets the settlement
meet the rule (the presets do), else it is dated from the settlement; a ticket the rule does
not date is due when it was replied. Consultations and suggestions need none unless the
policy gives them a callback rule.

Recording a callback that reached the customer goes through the lifecycle
(:func:`hall_desk.services.lifecycle.act` with ``"callback"``): 满意 / 基本满意 close the loop,
不满意 reopens the ticket for a second round, and the customer's words (the reason, when
dissatisfied: required then) go into the ticket's history.

A customer not reached is recorded as a :class:`Callback` row with ``reached=False`` and gets
a retry :data:`RETRY_AFTER` later. After :data:`MAX_ATTEMPTS` unreachable attempts the
callback is flagged for the supervisor; further attempts need a supervisor, who may instead
close the ticket as 无法回访 with a reason (:func:`close_unreachable`). An anonymous customer
who left no phone is flagged at once: there is nobody to call.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from hall_desk.core import callback_window, i18n, kinds, lifecycle as rules
from hall_desk.core.auth import may, require
from hall_desk.core.enums import CallbackMethod, CallbackWindow, Satisfaction, TicketStatus
from hall_desk.core.errors import FieldError, HallError, ValidationError
from hall_desk.core.masking import mask_name, mask_phone
from hall_desk.core.validation import clean_text
from hall_desk.core.views import TicketRef
from hall_desk.services import deadlines, lifecycle, tickets
from hall_desk.services.attempts import MAX_ATTEMPTS, has_contact
from hall_desk.services.attempts import attempts as _attempts
from hall_desk.services.context import Actor, now
from hall_desk.store.models import Callback, Ticket
from hall_desk.store.tx import write_transaction

RETRY_AFTER = timedelta(hours=2)
WORDS_MAX = 2000


@dataclass(frozen=True)
class Due:
    """One callback on the worklist."""

    ticket_id: int
    number: str
    version: int
    kind: str
    customer: str          # masked (anonymous: the anonymous label)
    phone: str             # masked
    round: int
    due: datetime
    replied_at: datetime | None
    reply_content: str
    attempts: int          # unreachable attempts this round
    last_attempt: datetime | None
    flagged: bool          # attempts used up, or nobody to call: for the supervisor
    no_contact: bool = False   # anonymous without a phone
    window: str = ""           # the customer's preferred time (core.enums.CallbackWindow)
    opens: datetime | None = None   # not to be called before (the window's period opens)
    emotion: str = ""          # the customer's state of mind at intake (EmotionalState)

    def overdue(self, at: datetime) -> bool:
        return self.due <= at

    def waiting(self, at: datetime) -> bool:
        """Before the customer's window opens: neither due nor overdue yet."""
        return self.opens is not None and at < self.opens

    def window_words(self, lang: str | None = None) -> str:
        """The window as the tab and the handover show it ("" for any time)."""
        if not self.window or self.window == CallbackWindow.ANY.value:
            return ""
        words = i18n.text(f"callback.window.{self.window}", lang)
        if self.opens is None:
            return words
        return i18n.text("callback.window.not_before", lang, window=words,
                         at=self.opens.strftime("%m-%d %H:%M"))

    def as_json(self, at: datetime | None = None) -> dict[str, Any]:
        iso = lambda v: v.isoformat(timespec="minutes") if v else None  # noqa: E731
        return {"ticket": self.number, "kind": self.kind, "customer": self.customer,
                "round": self.round, "due": iso(self.due), "overdue": self.overdue(at or now()),
                "replied_at": iso(self.replied_at), "attempts": self.attempts,
                "last_attempt": iso(self.last_attempt), "flagged": self.flagged,
                "no_contact": self.no_contact, "window": self.window or "any",
                "not_before": iso(self.opens)}


def _light(kind: str) -> bool:
    """A kind of the light lifecycle (core.kinds): no callback unless the policy dates one."""
    try:
        return kinds.get(kind).light
    except ValueError:
        return False


def _policy_due(ticket: Ticket, at: datetime) -> datetime | None:
    for d in deadlines.for_ticket(ticket, at).deadlines:
        if d.code == "callback":
            return d.due
    return None


def _workday(day: date) -> bool:
    """A working day by the calendar in force; past the known years, the provisional answer
    (weekends and the fixed holidays), as the provisional deadlines count."""
    return deadlines.calendar().day(day).workday


def due_of(ticket: Ticket, at: datetime | None = None) -> Due | None:
    """The callback a replied ticket needs, or None when it needs none."""
    moment = at or now()
    if ticket.status != TicketStatus.REPLIED.value:
        return None
    due = _policy_due(ticket, moment)
    if due is None and ticket.settled_on_spot:
        settled = deadlines.settlement_callback(ticket, moment)
        if settled is not None and not settled.is_met:
            due = settled.due
        elif settled is not None and not _attempts(ticket):
            return None        # the settlement met it (policy), and nobody started calling
    if due is None:
        if _light(ticket.kind):
            return None
        due = ticket.replied_at or ticket.updated_at
    tries = _attempts(ticket)
    last = tries[-1].done_at if tries else None
    if last is not None:
        due = max(due, last + RETRY_AFTER)
    window = ticket.callback_window or CallbackWindow.ANY.value
    # the customer's preferred time, on the hall's working-day calendar (holidays rest)
    opens, due = callback_window.fit(window, due, _workday)
    anonymous = ticket.anonymous
    no_contact = anonymous and not has_contact(ticket)
    return Due(ticket.id, ticket.number, ticket.version, ticket.kind,
               i18n.text("customer.anonymous") if anonymous else mask_name(ticket.customer_name),
               "" if anonymous else mask_phone(ticket.customer_phone), ticket.round, due,
               ticket.replied_at, ticket.reply_content, len(tries), last,
               len(tries) >= MAX_ATTEMPTS or no_contact, no_contact, window, opens,
               ticket.emotional_state or "")


def worklist(at: datetime | None = None, *, until: datetime | None = None) -> list[Due]:
    """Callbacks to make, overdue first then by due time (flagged ones among them).
    ``until``: only those due before then."""
    moment = at or now()
    rows = Ticket.select().where(Ticket.status == TicketStatus.REPLIED.value)
    found = [d for d in (due_of(t, moment) for t in rows) if d is not None]
    if until is not None:
        found = [d for d in found if d.due < until]
    return sorted(found, key=lambda d: (not d.overdue(moment), d.due, d.number))


def record(actor: Actor, ticket_id: int, version: int, *, method: str, reached: bool,
           satisfaction: str = "", customer_words: str = "", note: str = "") -> TicketRef:
    """Record one callback attempt. Reached: through the lifecycle; not reached: a Callback
    row and a history event (the ticket's version stays). Returns the ticket as it stands."""
    errors: dict[str, FieldError] = {}
    if method not in CallbackMethod.codes():
        errors["callback_method"] = FieldError("callback_method", "error.required" if not method
                                               else "error.choice", value=method)
    try:
        words = clean_text("customer_words", customer_words, required=False, max_len=WORDS_MAX,
                           multiline=True)
    except FieldError as exc:
        errors["customer_words"] = exc
        words = ""
    if reached:
        if satisfaction not in Satisfaction.grades():
            errors["satisfaction"] = FieldError("satisfaction", "error.required" if not satisfaction
                                                else "error.choice", value=satisfaction)
        elif "customer_words" not in errors:
            try:
                rules.words_required(satisfaction, words)
            except FieldError:
                errors["customer_words"] = FieldError("customer_words",
                                                      "callback.error.reason_needed")
    if errors:
        raise ValidationError(errors)
    with write_transaction():
        ticket = tickets.get(ticket_id)
        if ticket.version != version:
            raise tickets.stale_error(ticket)
        rules.check("callback", ticket.status, ticket.kind, actor.role)
        current = due_of(ticket)
        due_at = current.due if current else now()
        attempt = (current.attempts if current else 0) + 1
        if reached:
            fresh = lifecycle.act(actor, ticket_id, version, "callback", {
                "satisfaction": satisfaction, "customer_words": words, "method": method,
                "note": note or words})
            last = (Callback.select().where(Callback.ticket == ticket_id)
                    .order_by(Callback.id.desc()).first())
            if last is not None:
                Callback.update(attempt=attempt, due_at=due_at).where(
                    Callback.id == last.id).execute()
            return fresh
        if current is not None and current.flagged and not may(actor.role, "supervise"):
            raise HallError("callback.error.limit", n=current.attempts)
        Callback.create(ticket=ticket.id, round=ticket.round, attempt=attempt,
                        due_at=due_at, done_at=now(), method=method, reached=False,
                        customer_words=words, staff=actor.staff_id)
        tickets.append_event(ticket, actor, "callback_attempt", {},
                             {"attempt": attempt, "method": method, "reached": False},
                             note=i18n.text("callback.unreached", "zh", n=attempt,
                                            method=i18n.text(f"callback.method.{method}", "zh"))
                             + (f"：{words}" if words else ""))
    return tickets.ref_of(ticket)


def close_unreachable(actor: Actor, ticket_id: int, version: int, reason: str) -> TicketRef:
    """无法回访: a supervisor archives a replied ticket nobody can be called about (attempts
    used up, or anonymous without contact), with the reason. Counted apart from the
    satisfaction figures."""
    return lifecycle.act(actor, ticket_id, version, "close_unreachable", {"reason": reason})


def history(ticket_id: int) -> list[Callback]:
    """Every callback attempt of a ticket, oldest first."""
    return list(Callback.select().where(Callback.ticket == ticket_id).order_by(Callback.id))


def contact(actor: Actor, ticket_id: int) -> tuple[str, str]:
    """Name and phone to call: shown as the ticket detail shows them (an anonymous
    customer's identity stays hidden here; the ticket detail reveals it, with a reason)."""
    ticket = tickets.get(ticket_id)
    if not tickets.identity_visible(ticket, actor, reveal=False):
        return i18n.text("customer.anonymous"), ""
    return ticket.customer_name, ticket.customer_phone


def may_record(actor: Actor) -> bool:
    return may(actor.role, "record_callback")


def require_record(actor: Actor) -> None:
    require(actor.role, "record_callback")
