"""The complaint lifecycle of DOMAIN.md as a table of actions.

record → judge validity → assign department (A/B handler) → analyse cause → propose solution
→ supervisor's instruction/approval → implement → reply to customer → callback → archive.
Cases settled on the spot go from registered straight to replied. A callback with 不满意
reopens the ticket for a second round. Anything else is refused here, with a message, and
the window only offers what :func:`allowed_actions` returns.
"""

from __future__ import annotations

from dataclasses import dataclass

from hall_desk.core import i18n
from hall_desk.core.auth import may
from hall_desk.core.enums import Role, Satisfaction, TicketKind, TicketStatus
from hall_desk.core.errors import IllegalTransition, PermissionDenied

S = TicketStatus


@dataclass(frozen=True)
class Step:
    action: str
    sources: frozenset[TicketStatus]
    target: TicketStatus | None      # None: the status does not change (a note), or depends
    permission: str
    kinds: frozenset[TicketKind] | None = None   # None: every kind


_OPEN = frozenset(s for s in S if s is not S.ARCHIVED)
_ALL_KINDS = None
_LIGHT = frozenset({TicketKind.CONSULTATION, TicketKind.SUGGESTION})

STEPS: dict[str, Step] = {s.action: s for s in [
    Step("judge_valid", frozenset({S.REGISTERED}), S.JUDGED, "supervise"),
    Step("judge_invalid", frozenset({S.REGISTERED}), S.REJECTED, "supervise"),
    Step("settle_on_spot", frozenset({S.REGISTERED}), S.REPLIED, "update_ticket"),
    Step("assign", frozenset({S.JUDGED, S.ASSIGNED, S.ANALYSED}), S.ASSIGNED, "supervise"),
    Step("analyse", frozenset({S.ASSIGNED}), S.ANALYSED, "update_ticket"),
    Step("propose", frozenset({S.ANALYSED}), S.PROPOSED, "update_ticket"),
    Step("approve", frozenset({S.PROPOSED}), S.APPROVED, "supervise"),
    Step("send_back", frozenset({S.PROPOSED}), S.ANALYSED, "supervise"),
    Step("implement", frozenset({S.APPROVED}), S.IMPLEMENTED, "update_ticket"),
    Step("reply", frozenset({S.IMPLEMENTED, S.REJECTED}), S.REPLIED, "update_ticket"),
    # the target of a callback depends on the satisfaction: see callback_target()
    Step("callback", frozenset({S.REPLIED}), None, "record_callback"),
    Step("archive", frozenset({S.CALLED_BACK}), S.ARCHIVED, "supervise"),
    Step("archive_without_callback", frozenset({S.REPLIED}), S.ARCHIVED, "supervise", _LIGHT),
    Step("note", _OPEN, None, "update_ticket"),
    Step("attach", _OPEN, None, "update_ticket"),
]}

i18n.register({
    "action.judge_valid": ("判定成立", "Judge valid"),
    "action.judge_invalid": ("判定不成立", "Judge not valid"),
    "action.settle_on_spot": ("当场解决", "Settle on the spot"),
    "action.assign": ("派发责任部门", "Assign department"),
    "action.analyse": ("原因分析", "Analyse cause"),
    "action.propose": ("提出处理方案", "Propose solution"),
    "action.approve": ("主管批示", "Supervisor's instruction"),
    "action.send_back": ("退回重拟方案", "Send the solution back"),
    "action.implement": ("实施", "Implement"),
    "action.reply": ("答复客户", "Reply to customer"),
    "action.callback": ("回访", "Callback"),
    "action.archive": ("归档", "Archive"),
    "action.archive_without_callback": ("直接归档", "Archive without callback"),
    "action.note": ("内部备注", "Internal note"),
    "action.attach": ("添加附件", "Add attachment"),
    "action.record_callback": ("回访", "record callbacks"),
    "error.illegal_transition": ("工单当前状态为“{status}”，不能执行“{action}”",
                                 "The ticket is “{status}”: “{action}” is not possible now"),
    "error.kind_not_allowed": ("{kind}工单不能执行“{action}”",
                               "“{action}” does not apply to a {kind}"),
})


def check(action: str, status: TicketStatus | str, kind: TicketKind | str,
          role: Role | str) -> Step:
    """The step for ``action`` if it is legal now; raises IllegalTransition/PermissionDenied."""
    step = STEPS.get(action)
    status, kind = TicketStatus(status), TicketKind(kind)
    if step is None or status not in step.sources:
        raise IllegalTransition(status=f"status.{status.value}", action=f"action.{action}")
    if step.kinds is not None and kind not in step.kinds:
        raise IllegalTransition("error.kind_not_allowed", kind=f"kind.{kind.value}",
                                action=f"action.{action}")
    if not may(role, step.permission):
        raise PermissionDenied(role=f"role.{Role(role).value}", action=f"action.{action}")
    return step


def allowed_actions(status: TicketStatus | str, kind: TicketKind | str,
                    role: Role | str) -> list[str]:
    """The actions a person of ``role`` may take on a ticket now, in lifecycle order."""
    out = []
    for action in STEPS:
        try:
            check(action, status, kind, role)
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
    return TicketStatus(status) in (S.IMPLEMENTED, S.REPLIED, S.CALLED_BACK, S.ARCHIVED)
