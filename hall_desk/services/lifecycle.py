"""Taking a ticket through its lifecycle: one function per step of domain.md §4, each checked
by the core (status, kind, role), validated field by field, and written with its event in
one transaction through :func:`hall_desk.services.tickets.update`."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from hall_desk.core import i18n, lifecycle
from hall_desk.core.deadlines import ESCALATION_RULE
from hall_desk.core.enums import CauseClass, Satisfaction, TargetKind, TicketStatus
from hall_desk.core.errors import FieldError, HallError, NotFound, ValidationError
from hall_desk.core.validation import clean_field, clean_text
from hall_desk.core.views import TicketRef
from hall_desk.services import tickets
from hall_desk.services.context import Actor, now
from hall_desk.store.models import Callback, Department, Staff, Ticket, TicketEvent
from hall_desk.store.tx import write_transaction

REPLY_METHODS = ("on_site", "phone", "sms", "letter", "visit")
#: 转派 to the supervisor on duty rather than a department (``forward_to``)
FORWARD_TO_SUPERVISOR = "supervisor"
TEXT_MAX = 5000


class _Form:
    """Collects every field problem of one action before raising them together."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data, self.errors, self.out = data, {}, {}

    def text(self, field: str, *, required: bool, max_len: int = TEXT_MAX,
             target: str | None = None) -> None:
        try:
            self.out[target or field] = clean_text(field, self.data.get(field), required=required,
                                                   max_len=max_len, multiline=True)
        except FieldError as exc:
            self.errors[field] = exc

    def choice(self, field: str, options, *, required: bool = True) -> None:
        value = self.data.get(field)
        if not value and not required:
            return
        if value not in options:
            self.errors[field] = FieldError(field, "error.required" if not value else "error.choice",
                                            value=value)
        else:
            self.out[field] = value

    def fail_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def _amount(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value).strip().replace(",", "").replace("，", ""))
    except InvalidOperation:
        raise FieldError("compensation_amount", "error.amount") from None
    if amount < 0 or amount.as_tuple().exponent < -2 or amount >= Decimal("1e10"):
        raise FieldError("compensation_amount", "error.amount")
    return amount


def _staff_id(field: str, value: Any, form: _Form) -> int | None:
    if value in (None, ""):
        return None
    row = Staff.get_or_none((Staff.id == value) if str(value).isdigit() else (Staff.login == value))
    if row is None or not row.active:
        form.errors[field] = FieldError(field, "error.choice", value=value)
        return None
    return row.id


def _department_id(field: str, value: Any, form: _Form, *, required: bool) -> int | None:
    if value in (None, ""):
        if required:
            form.errors[field] = FieldError(field, "error.required")
        return None
    dep = Department.get_or_none((Department.code == value) | (Department.name == value)
                                 | (Department.id == (value if str(value).isdigit() else -1)))
    if dep is None:
        form.errors[field] = FieldError(field, "error.choice", value=value)
        return None
    return dep.id


def _not_the_target(ticket: Ticket, form: _Form) -> None:
    """A complaint about a member of staff is not handled by that person."""
    target = ticket.target_staff_id if ticket.target_kind == TargetKind.STAFF.value else None
    if target is None:
        return
    for field in ("handler_a", "handler_b"):
        if form.out.get(field) == target and field not in form.errors:
            form.errors[field] = FieldError(field, "error.target_handler",
                                            name=Staff.get_by_id(target).name)


def _fields_for(action: str, data: dict[str, Any], actor: Actor,
                moment: datetime, ticket: Ticket | None = None) -> dict[str, Any]:
    """The ticket fields an action sets, validated."""
    form = _Form(data)
    if action == "judge_valid":
        form.text("reason", required=False, target="validity_reason")
        form.out["valid"] = True
    elif action == "judge_invalid":
        form.text("reason", required=True, target="validity_reason")
        # what the refusal rests on, printed on the 不予受理告知书 (manual 001 第九条(二))
        form.text("basis", required=False, max_len=500, target="refusal_basis")
        form.out["valid"] = False
    elif action == "settle_on_spot":
        form.text("reply_content", required=True)
        form.choice("reply_method", REPLY_METHODS, required=False)
        form.out.setdefault("reply_method", "on_site")
        form.out.update(settled_on_spot=True, replied_at=moment)
    elif action == "forward":
        to = data.get("forward_to")
        if to != FORWARD_TO_SUPERVISOR:
            dep = _department_id("forward_to", to, form, required=True)
            form.out["_forward_to"] = Department.get_by_id(dep).name if dep else ""
        else:
            form.out["_forward_to"] = i18n.text("forward.supervisor", "zh")
    elif action == "assign":
        dep_value = data.get("department")
        dep = Department.get_or_none((Department.code == dep_value) | (Department.name == dep_value)
                                     | (Department.id == (dep_value if str(dep_value).isdigit() else -1)))
        if dep is None:
            form.errors["department"] = FieldError(
                "department", "error.required" if not dep_value else "error.choice", value=dep_value)
        else:
            form.out["department"] = dep.id
        a = _staff_id("handler_a", data.get("handler_a"), form)
        b = _staff_id("handler_b", data.get("handler_b"), form)
        if a and b and a == b:
            form.errors["handler_b"] = FieldError("handler_b", "error.same_handler")
        form.out.update(handler_a=a, handler_b=b)
        if ticket is not None:
            _not_the_target(ticket, form)
    elif action == "analyse":
        form.choice("cause_class", CauseClass.codes())
        form.text("cause_analysis", required=False)
    elif action == "propose":
        form.text("solution", required=True)
        try:
            amount = _amount(data.get("compensation_amount"))
        except FieldError as exc:
            form.errors["compensation_amount"] = exc
            amount = None
        form.text("compensation_method", required=amount is not None, max_len=64)
        due = data.get("compensation_due")
        if amount is not None and not due:
            form.errors["compensation_due"] = FieldError("compensation_due",
                                                         "error.compensation_incomplete")
        form.out.update(compensation_amount=amount, compensation_due=due or None)
    elif action in ("approve", "send_back"):
        form.text("instruction", required=True)
        if action == "approve":
            form.out["approved_by"] = actor.staff_id
    elif action == "implement":
        form.text("implementation", required=True)
    elif action in ("review", "review_send_back"):
        # passing may go without words; sending back needs the reason
        form.text("review_note", required=action == "review_send_back")
        form.out["reviewed_by"] = actor.staff_id if action == "review" else None
    elif action == "close_unreachable":
        form.text("reason", required=True, target="summary")
        form.out.update(satisfaction=Satisfaction.UNREACHABLE.value, archived_at=moment)
    elif action == "set_target":
        form.choice("target_kind", TargetKind.codes())
        kind = form.out.get("target_kind")
        staff = _staff_id("target_staff", data.get("target_staff"), form)
        if kind == TargetKind.STAFF.value and staff is None and "target_staff" not in form.errors:
            form.errors["target_staff"] = FieldError("target_staff", "error.required")
        dep = _department_id("target_department", data.get("target_department"), form,
                             required=kind == TargetKind.DEPARTMENT.value)
        form.text("target_text", required=kind == TargetKind.OTHER.value, max_len=128)
        form.out.update(target_staff=staff if kind == TargetKind.STAFF.value else None,
                        target_department=dep if kind == TargetKind.DEPARTMENT.value else None)
        if kind != TargetKind.OTHER.value:
            form.out["target_text"] = ""        # a name in words only for a third party
        if (ticket is not None and staff is not None and kind == TargetKind.STAFF.value
                and staff in (ticket.handler_a_id, ticket.handler_b_id)):
            form.errors["target_staff"] = FieldError("target_staff", "error.target_handler",
                                                     name=Staff.get_by_id(staff).name)
    elif action == "reply":
        form.choice("reply_method", REPLY_METHODS)
        form.text("reply_content", required=True)
        form.out["replied_at"] = moment
    elif action == "callback":
        form.choice("satisfaction", Satisfaction.grades())
        form.text("customer_words", required=False)
        if form.out.get("satisfaction") and "customer_words" not in form.errors:
            try:
                lifecycle.words_required(form.out["satisfaction"], form.out["customer_words"])
            except FieldError as exc:
                form.errors["customer_words"] = exc
    elif action in ("archive", "archive_without_callback"):
        form.text("summary", required=True)
        form.out["archived_at"] = moment
    form.fail_if_any()
    form.out.pop("customer_words", None)
    return form.out


def act(actor: Actor, ticket_id: int, expected_version: int, action: str,
        data: dict[str, Any] | None = None) -> TicketRef:
    """Take ``action`` on a ticket (see ``core.lifecycle.STEPS`` for the actions).

    ``data`` holds the action's fields (e.g. ``reason``, ``department``, ``solution``);
    ``note`` in it becomes the event's note. Raises IllegalTransition, PermissionDenied,
    ValidationError (every bad field), StaleVersion (someone else saved first)."""
    data = dict(data or {})
    if action == "note":
        return add_note(actor, ticket_id, data.get("note", ""))
    if action == "link_hotline":        # the form's fields as services.hotline.link takes them
        from hall_desk.services import hotline

        return hotline.link(actor, ticket_id, expected_version, data.get("hotline_source", ""),
                            data.get("hotline_number", ""), data.get("hotline_due_at"),
                            data.get("note", ""))
    with write_transaction():
        ticket = Ticket.get_or_none(Ticket.id == ticket_id)
        if ticket is None:
            raise NotFound(what="what.ticket", key=ticket_id)
        if ticket.version != expected_version:
            raise tickets.stale_error(ticket)
        switches = policy()
        step = lifecycle.check(action, ticket.status, ticket.kind, actor.role,
                               review=switches.review)
        moment = now()
        changes = _fields_for(action, data, actor, moment, ticket)
        if action == "approve":
            lifecycle.check_approver(_proposer(ticket), actor.staff_id,
                                     self_approval=switches.self_approval)
        elif action == "review":
            lifecycle.check_reviewer(actor.staff_id, (ticket.handler_a_id, ticket.handler_b_id))
        elif action in ("archive", "archive_without_callback"):
            from hall_desk.services.agreements import payment_owed

            if payment_owed(ticket):     # M3 1.1.28: the agreed compensation is paid first
                raise HallError("agreement.error.unpaid", number=ticket.number)
        elif action == "close_unreachable":
            from hall_desk.services.attempts import MAX_ATTEMPTS, has_contact, unreached_attempts

            lifecycle.check_unreachable(unreached_attempts(ticket), MAX_ATTEMPTS,
                                        anonymous=ticket.anonymous,
                                        has_contact=has_contact(ticket))
        note = clean_field("note", data.get("note"), required=False, max_len=TEXT_MAX,
                           multiline=True)
        target = step.target
        points = json.loads(ticket.milestones or "{}")
        if action == "forward":       # to whom, in the history; the time meets the limit
            points["forwarded"] = moment.isoformat()
            to = i18n.text("forward.note", "zh", to=changes.pop("_forward_to"))
            note = f"{to}：{note}" if note else to
        if action == "callback":
            satisfaction = changes["satisfaction"]
            target = lifecycle.callback_target(satisfaction, bool(ticket.department_id))
            Callback.create(ticket=ticket.id, round=ticket.round, due_at=ticket.replied_at or moment,
                            done_at=moment, method=data.get("method") or "phone", reached=True,
                            satisfaction=satisfaction,
                            customer_words=form_words(data),
                            staff=actor.staff_id)
            if target is not TicketStatus.CALLED_BACK:      # 不满意: a second round
                changes["round"] = ticket.round + 1
                changes.update(ROUND_CLEARED)   # round 1's plan stays in the history only
                points = _reopen_points(points, target, moment)
                if ticket.escalated_at is not None:   # the round is escalated on its own
                    changes["escalated_at"] = None
        if target is not None:
            changes["status"] = target.value
            points.setdefault(target.value, moment.isoformat())
        changes["milestones"] = json.dumps(points, sort_keys=True)
        return tickets.ref_of(tickets.update(actor, ticket_id, expected_version, changes,
                                             action=action, note=note,
                                             permission=step.permission, current=ticket))


#: The fields of one round's handling, emptied when 不满意 opens the next round: the new
#: plan is analysed, proposed, approved, reviewed and replied afresh. The department, the
#: handlers and the latest reply's time stay; :func:`rounds` gets the old values back from
#: the history.
ROUND_CLEARED: dict[str, Any] = {
    "cause_class": "", "cause_analysis": "", "solution": "", "compensation_amount": None,
    "compensation_method": "", "compensation_due": None, "instruction": "",
    "approved_by": None, "implementation": "", "reviewed_by": None, "review_note": "",
    "reply_method": "", "reply_content": ""}


def urgent_first(kind: str, deadlines, actions: list[str]) -> tuple[str | None, list[str]]:
    """``actions`` with those that meet the ticket's most urgent open limit first, and that
    limit's rule code (:func:`hall_desk.core.lifecycle.urgent_first`). ``deadlines``: the
    ticket's :class:`~hall_desk.core.views.DeadlineView` list."""
    rules = {r.code: r.met_by for r in policy().rules_for(kind)}
    waiting = sorted((d for d in deadlines if d.state != "met" and d.due and d.rule in rules),
                     key=lambda d: d.due)
    return lifecycle.urgent_first(actions, [(d.rule, rules[d.rule]) for d in waiting])


def policy():
    """The policy in force (its ``[lifecycle]`` switches are read here)."""
    from hall_desk.services import deadlines

    return deadlines.policy()


def review_required() -> bool:
    return policy().review


def _proposer(ticket: Ticket) -> int | None:
    """Who proposed the plan now waiting for approval (the latest 提出处理方案)."""
    last = (TicketEvent.select(TicketEvent.actor).where((TicketEvent.ticket == ticket.id)
                                                        & (TicketEvent.action == "propose"))
            .order_by(TicketEvent.seq.desc()).first())
    return last.actor_id if last else None


def form_words(data: dict[str, Any]) -> str:
    """The customer's words at a callback (already validated with the callback's fields)."""
    return clean_text("customer_words", data.get("customer_words"), required=False,
                      max_len=TEXT_MAX, multiline=True)


def _reopen_points(points: dict[str, str], target: TicketStatus, moment: datetime) -> dict[str, str]:
    """A second round restarts the clock from the reopened status on."""
    order = [s.value for s in TicketStatus]
    keep_until = order.index(target.value)
    kept = {k: v for k, v in points.items() if k not in order or order.index(k) < keep_until}
    kept[target.value] = moment.isoformat()
    for event in ("first_feedback", "progress_report", "escalated"):
        kept.pop(event, None)
    return kept


def record_event(actor: Actor, ticket_id: int, point: str, note: str = "") -> TicketRef:
    """Record a time-limit event (first feedback to the customer, a progress report) without
    changing the status. These are additions, so they never conflict with another save."""
    if point not in ("first_feedback", "progress_report"):
        raise ValueError(point)
    with write_transaction():
        ticket = Ticket.get_or_none(Ticket.id == ticket_id)
        if ticket is None:
            raise NotFound(what="what.ticket", key=ticket_id)
        lifecycle.check("note", ticket.status, ticket.kind, actor.role)
        points = json.loads(ticket.milestones or "{}")
        points[point] = now().isoformat()
        return tickets.ref_of(tickets.update(actor, ticket_id, ticket.version,
                                             {"milestones": json.dumps(points, sort_keys=True)},
                                             action=point, note=note))


def add_note(actor: Actor, ticket_id: int, text: str) -> TicketRef:
    """An internal note: an event only; the ticket's fields and version stay as they are."""
    body = clean_field("note", text, required=True, max_len=TEXT_MAX, multiline=True)
    with write_transaction():
        ticket = Ticket.get_or_none(Ticket.id == ticket_id)
        if ticket is None:
            raise NotFound(what="what.ticket", key=ticket_id)
        lifecycle.check("note", ticket.status, ticket.kind, actor.role)
        tickets.append_event(ticket, actor, "note", {}, {}, note=body)
    return tickets.ref_of(ticket)


# Statuses before the department's work is done: the escalation rule is still open.
_ESCALATABLE = [TicketStatus.REGISTERED.value, TicketStatus.JUDGED.value,
                TicketStatus.ASSIGNED.value, TicketStatus.ANALYSED.value,
                TicketStatus.PROPOSED.value, TicketStatus.APPROVED.value]


def escalate_overdue(at: datetime | None = None, actor: Actor | None = None) -> list[str]:
    """Escalate every ticket whose escalation limit (24 hours after the first report, 首报,
    whether a department has it or not) has lapsed without completion: it goes to the
    service supervisor, its 投诉处理档案 opens (printable, and listed in the 投诉台账) and
    the department's daily progress report starts. ``escalated_at`` and the ``escalated``
    milestone are the time the limit lapsed; the event is recorded when it was noticed
    (``at``, default now) and its note gives both. A case reopened by a dissatisfied
    customer after the limit is still not completed within 24 hours of the first report:
    it escalates at its reopening unless it was escalated already. Returns the numbers
    escalated.

    Cheap when nothing has lapsed (one indexed query), so the main window runs it every
    minute and every command once at its start."""
    from hall_desk.services.context import system_actor

    moment = at or now()
    actor = actor or system_actor("", name="时限监控")
    from hall_desk.services import deadlines   # calendars and the policy

    deadlines.ensure_judged()    # a changed shipped policy moves the escalation times first
    done: list[str] = []
    # escalation_due_at is kept with every change (the unmet escalation rule's due time), so
    # the candidates come from one indexed range; the deadline check below confirms each.
    candidates = Ticket.select().where(
        Ticket.escalated_at.is_null() & (Ticket.escalation_due_at <= moment)
        & Ticket.status.in_(_ESCALATABLE))
    for ticket in candidates:
        found = deadlines.for_ticket(ticket, moment, skip_unknown=True)
        lapsed = next((d for d in found.deadlines if d.code == ESCALATION_RULE
                       and d.state.value == "overdue"), None)
        if lapsed is None:
            continue
        lapse = _lapse(ticket, lapsed.due)
        points = json.loads(ticket.milestones or "{}")
        points["escalated"] = lapse.isoformat()
        note = i18n.text("escalation.note", "zh", due=_minute(lapse), noticed=_minute(moment))
        try:
            tickets.update(actor, ticket.id, ticket.version,
                           {"escalated_at": lapse, "priority": max(ticket.priority, 3),
                            "milestones": json.dumps(points, sort_keys=True)},
                           action="escalated", note=note)
        except HallError:
            continue     # changed meanwhile: the next check looks again
        done.append(ticket.number)
    return done


def _lapse(ticket: Ticket, due: datetime) -> datetime:
    """When the case stood incomplete past the limit: the due time, or for a second round
    (the customer was dissatisfied at the callback, after the limit) the reopening, since
    the case was complete until then."""
    if ticket.round <= 1:
        return due
    reopened = (Callback.select(Callback.done_at)
                .where((Callback.ticket == ticket.id)
                       & (Callback.satisfaction == Satisfaction.DISSATISFIED.value))
                .order_by(Callback.done_at.desc()).scalar())
    return max(due, reopened) if reopened else due


def _minute(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def events_of(ticket_id: int) -> list[TicketEvent]:
    return tickets.history(ticket_id)


# -- every round on record ------------------------------------------------------------------

#: The fields of one round as :func:`rounds` gives them.
ROUND_FIELDS = ("cause_class", "cause_analysis", "solution", "compensation_amount",
                "compensation_method", "compensation_due", "instruction", "approved_by",
                "implementation", "reviewed_by", "review_note", "reply_method",
                "reply_content", "replied_at")


def _round_entry(number: int, state: dict[str, Any], names: dict[int, str]) -> dict[str, Any]:
    entry: dict[str, Any] = {"round": number}
    for name in ROUND_FIELDS:
        value = state.get(name)
        if name in ("approved_by", "reviewed_by"):
            value = names.get(value, "") if value else ""
        elif name == "compensation_amount":
            value = None if value in (None, "") else str(value)
        elif isinstance(value, datetime):
            value = value.isoformat(timespec="minutes")
        elif name in ("compensation_due", "replied_at") and value:
            value = str(value)[:16]
        entry[name] = "" if value is None and name != "compensation_amount" else value
    entry.update(satisfaction="", customer_words="", callback_at=None, callback_by="")
    return entry


def rounds(ticket: Ticket) -> list[dict[str, Any]]:
    """Each round of handling with its own cause, plan, 批示, review, reply and callback,
    oldest first; the last is the round in progress. Ended rounds are replayed from the
    history (every event keeps the fields after the change); callbacks come from their rows."""
    names = {s.id: s.name for s in Staff.select(Staff.id, Staff.name)}
    state: dict[str, Any] = {}
    out: list[dict[str, Any]] = []
    number = 1
    for event in tickets.history(ticket.id):
        after = json.loads(event.after or "{}")
        new_round = after.get("round")
        if event.action == "callback" and isinstance(new_round, int) and new_round > number:
            out.append(_round_entry(number, state, names))
            number = new_round
        state.update(after)
    current = {name: getattr(ticket, Ticket._meta.fields[name].column_name
                             if name in ("approved_by", "reviewed_by") else name)
               for name in ROUND_FIELDS}
    out.append(_round_entry(number, current, names))
    calls = (Callback.select().where((Callback.ticket == ticket.id) & (Callback.reached == True))  # noqa: E712
             .order_by(Callback.id))
    by_round = {c.round: c for c in calls}
    for entry in out:
        call = by_round.get(entry["round"])
        if call is not None:
            entry.update(satisfaction=call.satisfaction, customer_words=call.customer_words,
                         callback_at=call.done_at.isoformat(timespec="minutes"),
                         callback_by=names.get(call.staff_id, ""))
    if ticket.satisfaction == Satisfaction.UNREACHABLE.value:
        out[-1].update(satisfaction=ticket.satisfaction, customer_words=ticket.summary)
    return out


def closing_info(ticket: Ticket | TicketRef | int) -> dict[str, Any]:
    """What the detail view and the record sheet show beside ``tickets.describe``: the
    rounds, the review, whom the complaint is about, and the repeat count (第N次)."""
    ticket = tickets.row_of(ticket)
    target = ""
    if ticket.target_kind == "staff" and ticket.target_staff_id:
        target = Staff.get_by_id(ticket.target_staff_id).name
    elif ticket.target_kind == "department" and ticket.target_department_id:
        target = Department.get_by_id(ticket.target_department_id).name
    elif ticket.target_kind == "other":
        target = ticket.target_text
    return {"rounds": rounds(ticket), "target_kind": ticket.target_kind, "target": target,
            "target_staff_id": ticket.target_staff_id,
            "reviewed_by": ticket.reviewed_by.name if ticket.reviewed_by_id else "",
            "review_note": ticket.review_note, "repeat_n": ticket.repeat_n,
            "review_required": review_required()}


# ---------------------------------------------------------------- 投诉对象 at intake

#: The intake keys naming whom a complaint is about, as ``set_target`` takes them.
TARGET_KEYS = ("target_kind", "target_staff", "target_department", "target_text")


def intake_target(data: dict[str, Any]) -> dict[str, Any] | None:
    """The 投诉对象 given with an intake form (optional; manual 003 投诉对象), checked as
    ``set_target`` checks it: None when none was given, ValidationError naming the field
    when it is bad or the kind records none."""
    given = {k: data[k] for k in TARGET_KEYS if data.get(k) not in (None, "")}
    if not given:
        return None
    from hall_desk.core.validation import clean_text

    errors = {}
    for key, value in given.items():        # names and words: text only (a list is no name)
        try:
            clean_text(key, value, required=False, max_len=128)
        except FieldError as exc:
            errors[key] = exc
    if errors:
        raise ValidationError(errors)
    from hall_desk.core import kinds

    try:
        allowed = kinds.get(str(data.get("kind"))).target
    except ValueError:
        allowed = True                  # the intake's own check names a bad kind
    if not allowed:
        raise ValidationError({"target_kind": FieldError("target_kind", "error.no_target",
                                                         value=data.get("kind"))})
    _fields_for("set_target", given, None, now())     # raises ValidationError when bad
    return given


def register(actor: Actor, data: dict[str, Any], **options: Any) -> TicketRef:
    """:func:`tickets.register` and, when the form names one, the 投诉对象 recorded at once
    (a ``set_target`` event), in one transaction."""
    return register_all(actor, [data], **options)[0]


def register_all(actor: Actor, items: list[dict[str, Any]], **options: Any
                 ) -> list[TicketRef]:
    """:func:`tickets.register_all` with each item's 投诉对象: all of them or none."""
    targets = [intake_target(data) for data in items]
    plain = [{k: v for k, v in data.items() if k not in TARGET_KEYS} for data in items]
    with write_transaction():
        if options:
            made = [tickets.register(actor, plain[0], **options)]
        else:
            made = tickets.register_all(actor, plain)
        return [act(actor, t.id, t.version, "set_target", target) if target else t
                for t, target in zip(made, targets)]
