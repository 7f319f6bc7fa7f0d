"""The complaint lifecycle of domain.md §4 as a table of actions.

record → judge validity → assign department (A/B handler) → analyse cause → propose solution
→ supervisor's instruction/approval → implement → reply to customer → callback → archive.
Cases settled on the spot go from registered straight to replied; a case the counter cannot
solve is forwarded (转派) at intake to a department or the supervisor, which meets the
forward limit and leaves the status for the supervisor's judgement. A callback with 不满意
reopens the ticket for a second round. Anything else is refused here, with a message, and
the window only offers what :func:`allowed_actions` returns.

Policy switches (the policy's ``[lifecycle]`` table, passed in by the services):
``review`` puts a review (审核, domain.md §4 step 8, M2 第二节三.6) between implemented and the reply: a supervisor
who is not the ticket's handler passes it or sends it back to the department with a reason
(the hall has no department-head role; supervisors hold approval rights, and the
department head's own signature goes on the printed sheet). ``self_approval`` off (the
default) refuses a supervisor's 批示 on a plan she proposed herself.

Every way a complaint ends: archived after a callback (满意/基本满意), reopened (不满意, which
needs the customer's words), or closed as 无法回访 by a supervisor with a reason once the
callback attempts are used up or the customer is anonymous without contact.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from hall_desk.core import i18n
from hall_desk.core.auth import may
from hall_desk.core.deadlines import STATUS_RANK
from hall_desk.core.enums import Role, Satisfaction, TicketKind, TicketStatus
from hall_desk.core.errors import FieldError, HallError, IllegalTransition, PermissionDenied

S = TicketStatus


@dataclass(frozen=True)
class Step:
    action: str
    sources: frozenset[TicketStatus]
    target: TicketStatus | None      # None: the status does not change (a note), or depends
    permission: str
    kinds: str | None = None       # a flag of core.kinds.Kind the kind must have; None: every kind
    review: bool | None = None     # True: only when the policy asks for a review; None: always


_OPEN = frozenset(s for s in S if s is not S.ARCHIVED)
# kinds an action is limited to: a property of the kinds table (core.kinds), read when checked
_LIGHT = "light"
_TARGET = "target"

STEPS: dict[str, Step] = {s.action: s for s in [
    Step("judge_valid", frozenset({S.REGISTERED}), S.JUDGED, "supervise"),
    Step("judge_invalid", frozenset({S.REGISTERED}), S.REJECTED, "supervise"),
    Step("settle_on_spot", frozenset({S.REGISTERED}), S.REPLIED, "update_ticket"),
    Step("forward", frozenset({S.REGISTERED}), None, "update_ticket"),
    Step("assign", frozenset({S.JUDGED, S.ASSIGNED, S.ANALYSED}), S.ASSIGNED, "supervise"),
    Step("analyse", frozenset({S.ASSIGNED}), S.ANALYSED, "update_ticket"),
    Step("propose", frozenset({S.ANALYSED}), S.PROPOSED, "update_ticket"),
    Step("approve", frozenset({S.PROPOSED}), S.APPROVED, "supervise"),
    Step("send_back", frozenset({S.PROPOSED}), S.ANALYSED, "supervise"),
    Step("implement", frozenset({S.APPROVED}), S.IMPLEMENTED, "update_ticket"),
    Step("review", frozenset({S.IMPLEMENTED}), S.REVIEWED, "supervise", review=True),
    Step("review_send_back", frozenset({S.IMPLEMENTED}), S.APPROVED, "supervise", review=True),
    # with a review, the reply waits for it: see _sources()
    Step("reply", frozenset({S.IMPLEMENTED, S.REVIEWED, S.REJECTED}), S.REPLIED, "update_ticket"),
    # the target of a callback depends on the satisfaction: see callback_target()
    Step("callback", frozenset({S.REPLIED}), None, "record_callback"),
    Step("archive", frozenset({S.CALLED_BACK}), S.ARCHIVED, "supervise"),
    Step("archive_without_callback", frozenset({S.REPLIED}), S.ARCHIVED, "supervise", _LIGHT),
    # 无法回访: attempts used up, or anonymous without contact (see check_unreachable())
    Step("close_unreachable", frozenset({S.REPLIED}), S.ARCHIVED, "supervise"),
    Step("note", _OPEN, None, "update_ticket"),
    Step("attach", _OPEN, None, "update_ticket"),
    Step("set_target", _OPEN, None, "update_ticket", _TARGET),
    # a hotline's work order linked after registration (domain.md §13): while the ticket is
    # open only. Archiving ends the matter: its reply went to the portal, its record was
    # signed, and the hotline's limit was met or missed; a work order found later is
    # answered from the archived ticket, which is not reopened for it.
    Step("link_hotline", _OPEN, None, "link_hotline"),
]}


#: The time-limit event (core.deadlines.EVENTS) an action records besides its status.
ACTION_EVENTS = {"forward": "forwarded", "settle_on_spot": "settled_on_spot"}


def meets(action: str, met_by: tuple[str, ...] | list[str]) -> int | None:
    """Whether taking ``action`` meets a limit met by the points ``met_by``: 0 when it reaches
    one of them itself (its status or its event), 1 when it reaches a later status (a case
    settled on the spot meets the forward limit too), None when it does not."""
    step = STEPS.get(action)
    if step is None:
        return None
    reached = [p for p in (ACTION_EVENTS.get(action), step.target and step.target.value) if p]
    if any(p in met_by for p in reached):
        return 0
    if step.target is not None:
        rank = STATUS_RANK[step.target.value]
        if any(p in STATUS_RANK and STATUS_RANK[p] < rank for p in met_by):
            return 1
    return None


def urgent_first(actions: list[str], open_limits: list[tuple[str, tuple[str, ...]]]
                 ) -> tuple[str | None, list[str]]:
    """``actions`` with those meeting the most urgent open limit first (one that meets it
    directly before one that passes it on the way), and that limit's rule code.
    ``open_limits``: (rule code, its met_by points) of the limits not met yet, most urgent
    first; a limit no action here meets is passed over for the next."""
    for rule, met_by in open_limits:
        ranked = sorted((r, i, a) for i, a in enumerate(actions)
                        if (r := meets(a, met_by)) is not None)
        if ranked:
            first = [a for _r, _i, a in ranked]
            return rule, first + [a for a in actions if a not in first]
    return None, list(actions)


def sources_of(action: str, review: bool = False) -> frozenset[TicketStatus]:
    """The statuses ``action`` may be taken from under the policy's review switch."""
    step = STEPS.get(action)
    if step is None:
        return frozenset()
    return _sources(step, review)


def _sources(step: Step, review: bool) -> frozenset[TicketStatus]:
    if step.review and not review:
        return frozenset()
    if step.action == "reply" and review:
        return step.sources - {S.IMPLEMENTED}
    return step.sources


def check(action: str, status: TicketStatus | str, kind: TicketKind | str,
          role: Role | str, *, review: bool = False) -> Step:
    """The step for ``action`` if it is legal now; raises IllegalTransition/PermissionDenied.
    ``review``: the policy's review switch (the reply then waits for a review)."""
    step = STEPS.get(action)
    status, kind = TicketStatus(status), TicketKind(kind)
    if step is None or status not in _sources(step, review):
        raise IllegalTransition(status=f"status.{status.value}", action=f"action.{action}")
    if step.kinds is not None and not getattr(kind.entry, step.kinds):
        raise IllegalTransition("error.kind_not_allowed", kind=f"kind.{kind.value}",
                                action=f"action.{action}")
    if not may(role, step.permission):
        raise PermissionDenied(role=f"role.{Role(role).value}", action=f"action.{action}")
    return step


def allowed_actions(status: TicketStatus | str, kind: TicketKind | str,
                    role: Role | str, *, review: bool = False) -> list[str]:
    """The actions a person of ``role`` may take on a ticket now, in lifecycle order."""
    out = []
    for action in STEPS:
        try:
            check(action, status, kind, role, review=review)
        except (IllegalTransition, PermissionDenied):
            continue
        out.append(action)
    return out


def callback_target(satisfaction: Satisfaction | str, has_department: bool) -> TicketStatus:
    """满意/基本满意 closes the loop; 不满意 reopens for a second round (二次处理)."""
    if Satisfaction(satisfaction) is Satisfaction.DISSATISFIED:
        return S.ASSIGNED if has_department else S.JUDGED
    return S.CALLED_BACK


def is_open(status: TicketStatus | str) -> bool:
    return TicketStatus(status) not in (S.ARCHIVED,)


def is_completed(status: TicketStatus | str) -> bool:
    """Done by the department (the handler's work order is complete)."""
    return TicketStatus(status) in (S.IMPLEMENTED, S.REVIEWED, S.REPLIED, S.CALLED_BACK,
                                    S.ARCHIVED)


def check_approver(proposer_id: int | None, approver_id: int | None, *,
                   self_approval: bool) -> None:
    """A supervisor's 批示 on a plan she proposed herself is refused unless the policy
    allows it (a plan proposed by no known person, e.g. the system actor, can be approved)."""
    if not self_approval and proposer_id is not None and proposer_id == approver_id:
        raise HallError("error.self_approval")


def check_reviewer(reviewer_id: int | None, handler_ids: tuple[int | None, ...]) -> None:
    """The review is not done by the ticket's own handler (A or B)."""
    if reviewer_id is not None and reviewer_id in handler_ids:
        raise HallError("error.own_review")


def words_required(satisfaction: Satisfaction | str, words: str) -> None:
    """不满意 needs the customer's words: they are the reason for the second round."""
    if Satisfaction(satisfaction) is Satisfaction.DISSATISFIED and not (words or "").strip():
        raise FieldError("customer_words", "error.words_needed")


def check_unreachable(attempts: int, max_attempts: int, *, anonymous: bool,
                      has_contact: bool) -> None:
    """无法回访 is a way to close only when nobody can be called: the attempts of this round
    are used up, or the customer is anonymous and left no contact."""
    if anonymous and not has_contact:
        return
    if attempts < max_attempts:
        raise HallError("error.unreachable_early", n=attempts, max=max_attempts)


def late_by(due: datetime, met_at: datetime, lang: str | None = None) -> str:
    """How late a limit was met, in people's words: 1 分钟 ... (whole minutes, rounded up)."""
    seconds = (met_at - due).total_seconds()
    minutes = max(1, -int(-seconds // 60))
    if minutes < 60:
        return i18n.text("late.minutes", lang, n=minutes)
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return i18n.text("late.hours", lang, h=hours, m=minutes)
    days, hours = divmod(hours, 24)
    return i18n.text("late.days", lang, d=days, h=hours)


def met_late_words(due: datetime, met_at: datetime | None, lang: str | None = None) -> str:
    """逾期完成（晚1分钟） for a limit met after its due time; "" when met on time or not met."""
    if met_at is None or met_at <= due:
        return ""
    return i18n.text("late.met", lang, late=late_by(due, met_at, lang))
