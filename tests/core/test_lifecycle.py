"""Every legal and illegal step of the lifecycle, by status, kind and role."""

from __future__ import annotations

import itertools

import pytest

from hall_desk.core import lifecycle
from hall_desk.core.enums import Role, Satisfaction, TicketKind, TicketStatus as S
from hall_desk.core.errors import IllegalTransition, PermissionDenied

# (action, from) pairs that are legal for a complaint handled by an administrator
LEGAL = {
    ("judge_valid", S.REGISTERED), ("judge_invalid", S.REGISTERED),
    ("settle_on_spot", S.REGISTERED), ("forward", S.REGISTERED),
    ("assign", S.JUDGED), ("assign", S.ASSIGNED), ("assign", S.ANALYSED),
    ("analyse", S.ASSIGNED), ("propose", S.ANALYSED), ("approve", S.PROPOSED),
    ("send_back", S.PROPOSED), ("implement", S.APPROVED),
    ("reply", S.IMPLEMENTED), ("reply", S.REVIEWED), ("reply", S.REJECTED),
    ("callback", S.REPLIED), ("archive", S.CALLED_BACK), ("close_unreachable", S.REPLIED),
} | {(a, s) for a in ("note", "attach", "set_target", "link_hotline") for s in S
     if s is not S.ARCHIVED}


@pytest.mark.parametrize("action,status", list(itertools.product(lifecycle.STEPS, S)))
def test_every_action_from_every_status(action, status):
    legal = (action, status) in LEGAL
    if legal:
        step = lifecycle.check(action, status, TicketKind.COMPLAINT, Role.ADMIN)
        assert step.action == action
    else:
        with pytest.raises(IllegalTransition):
            lifecycle.check(action, status, TicketKind.COMPLAINT, Role.ADMIN)


def test_happy_path_targets():
    path = ["judge_valid", "assign", "analyse", "propose", "approve", "implement", "reply"]
    status = S.REGISTERED
    for action in path:
        status = lifecycle.check(action, status, "complaint", Role.ADMIN).target
    assert status is S.REPLIED
    assert lifecycle.callback_target(Satisfaction.SATISFIED, True) is S.CALLED_BACK
    assert lifecycle.callback_target("basically", True) is S.CALLED_BACK
    assert lifecycle.check("archive", S.CALLED_BACK, "complaint", Role.ADMIN).target is S.ARCHIVED


def test_dissatisfied_callback_reopens():
    assert lifecycle.callback_target(Satisfaction.DISSATISFIED, True) is S.ASSIGNED
    assert lifecycle.callback_target("dissatisfied", False) is S.JUDGED


def test_light_kinds_may_archive_without_callback():
    for kind in ("consultation", "suggestion"):
        assert "archive_without_callback" in lifecycle.allowed_actions(S.REPLIED, kind, Role.ADMIN)
    with pytest.raises(IllegalTransition) as info:
        lifecycle.check("archive_without_callback", S.REPLIED, "complaint", Role.ADMIN)
    assert info.value.message("zh") == "投诉工单不能执行“直接归档”"


def test_roles_decide():
    clerk = lifecycle.allowed_actions(S.REGISTERED, "complaint", Role.COUNTER)
    assert clerk == ["settle_on_spot", "forward", "note", "attach", "set_target",
                     "link_hotline"]
    assert "link_hotline" not in lifecycle.allowed_actions(S.REGISTERED, "complaint",
                                                           Role.SYSTEM)
    boss = lifecycle.allowed_actions(S.REGISTERED, "complaint", Role.SUPERVISOR)
    assert boss[:3] == ["judge_valid", "judge_invalid", "settle_on_spot"]
    with pytest.raises(PermissionDenied) as info:
        lifecycle.check("approve", S.PROPOSED, "complaint", Role.COUNTER)
    assert info.value.message("zh") == "您的角色（营业员）无权执行：主管批示"
    assert lifecycle.allowed_actions(S.ARCHIVED, "complaint", Role.ADMIN) == []


def test_illegal_message_names_status_and_action():
    with pytest.raises(IllegalTransition) as info:
        lifecycle.check("approve", S.REGISTERED, "complaint", Role.ADMIN)
    assert info.value.message("zh") == "工单当前状态为“已登记”，不能执行“主管批示”"
    assert info.value.message("en") == \
        "The ticket is “Registered”: “Supervisor's instruction” is not possible now"


def test_an_action_meets_a_limit_by_its_status_or_event_or_by_passing_it():
    forward = ("assigned", "forwarded")
    assert lifecycle.meets("forward", forward) == 0           # its event
    assert lifecycle.meets("assign", forward) == 0            # its status
    assert lifecycle.meets("settle_on_spot", forward) == 1    # replied is past assigned
    assert lifecycle.meets("judge_valid", forward) is None    # judged comes before
    assert lifecycle.meets("note", forward) is None and lifecycle.meets("nope", forward) is None
    assert lifecycle.meets("settle_on_spot", ("settled_on_spot",)) == 0


def test_the_action_of_the_most_urgent_open_limit_comes_first():
    clerk = lifecycle.allowed_actions(S.REGISTERED, "complaint", Role.COUNTER)
    assert clerk[0] == "settle_on_spot" and "forward" in clerk
    rule, ordered = lifecycle.urgent_first(
        clerk, [("forward", ("assigned", "forwarded")), ("reply", ("replied",))])
    assert rule == "forward" and ordered[:2] == ["forward", "settle_on_spot"]
    assert sorted(ordered) == sorted(clerk)
    # a limit nobody here can meet is passed over for the next one
    rule, ordered = lifecycle.urgent_first(["note", "judge_valid"],
                                           [("forward", ("assigned",)), ("x", ("judged",))])
    assert (rule, ordered) == ("x", ["judge_valid", "note"])
    assert lifecycle.urgent_first(["note"], [("forward", ("assigned",))]) == (None, ["note"])
