"""Every way a complaint ends, as rules: the review before the reply, no approval of one's own
plan, 不满意 needs the customer's words, 无法回访, the words for a limit met late, the
[lifecycle] policy switches, and the repeat measure on realistic complaint texts."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from hall_desk.core import deadlines, lifecycle, repeats
from hall_desk.core.enums import Role, Satisfaction, TicketStatus as S
from hall_desk.core.errors import FieldError, HallError, IllegalTransition, PermissionDenied
from hall_desk.core.errors import ValidationError


# -- the review (审核) ------------------------------------------------------------------------

def test_with_review_the_reply_waits_for_it():
    with pytest.raises(IllegalTransition):
        lifecycle.check("reply", S.IMPLEMENTED, "complaint", Role.SUPERVISOR, review=True)
    assert lifecycle.check("review", S.IMPLEMENTED, "complaint", Role.SUPERVISOR,
                           review=True).target is S.REVIEWED
    assert lifecycle.check("reply", S.REVIEWED, "complaint", Role.COUNTER,
                           review=True).target is S.REPLIED
    # sent back: the department implements again
    assert lifecycle.check("review_send_back", S.IMPLEMENTED, "complaint", Role.ADMIN,
                           review=True).target is S.APPROVED
    assert lifecycle.allowed_actions(S.IMPLEMENTED, "complaint", Role.SUPERVISOR, review=True)[:2] \
        == ["review", "review_send_back"]


def test_without_review_the_reply_follows_the_implementation():
    assert lifecycle.check("reply", S.IMPLEMENTED, "complaint", Role.COUNTER).target is S.REPLIED
    with pytest.raises(IllegalTransition):
        lifecycle.check("review", S.IMPLEMENTED, "complaint", Role.SUPERVISOR)
    assert "review" not in lifecycle.allowed_actions(S.IMPLEMENTED, "complaint", Role.SUPERVISOR)


def test_only_a_supervisor_reviews_and_not_the_handler():
    with pytest.raises(PermissionDenied):
        lifecycle.check("review", S.IMPLEMENTED, "complaint", Role.COUNTER, review=True)
    with pytest.raises(HallError) as info:
        lifecycle.check_reviewer(7, (7, None))
    assert info.value.message("zh") == "处理人不能审核本人处理的工单"
    lifecycle.check_reviewer(8, (7, None))


def test_the_happy_path_with_review_ends_replied():
    status = S.REGISTERED
    for action in ["judge_valid", "assign", "analyse", "propose", "approve", "implement",
                   "review", "reply"]:
        status = lifecycle.check(action, status, "complaint", Role.ADMIN, review=True).target
    assert status is S.REPLIED


# -- approval ------------------------------------------------------------------------------

def test_a_supervisor_cannot_approve_her_own_plan():
    with pytest.raises(HallError) as info:
        lifecycle.check_approver(3, 3, self_approval=False)
    assert "不能批示本人提出的处理方案" in info.value.message("zh")
    lifecycle.check_approver(4, 3, self_approval=False)       # someone else's plan
    lifecycle.check_approver(3, 3, self_approval=True)        # the policy allows it
    lifecycle.check_approver(None, 3, self_approval=False)    # proposed by the system actor


# -- callbacks and closing -----------------------------------------------------------------

def test_dissatisfied_needs_the_customers_words():
    with pytest.raises(FieldError) as info:
        lifecycle.words_required("dissatisfied", "  ")
    assert info.value.field == "customer_words"
    assert "须记录客户意见" in info.value.message("zh")
    lifecycle.words_required("dissatisfied", "电费还是没退")
    lifecycle.words_required("satisfied", "")


def test_unreachable_is_not_a_grade_a_reached_customer_gives():
    assert "unreachable" in Satisfaction.codes()
    assert Satisfaction.grades() == ["satisfied", "basically", "dissatisfied"]


def test_unreachable_closing_only_when_nobody_can_be_called():
    with pytest.raises(HallError) as info:
        lifecycle.check_unreachable(2, 3, anonymous=False, has_contact=True)
    assert info.value.message("zh") == "尚未用完回访次数（已2次，共3次），不能按无法回访归档"
    lifecycle.check_unreachable(3, 3, anonymous=False, has_contact=True)
    lifecycle.check_unreachable(0, 3, anonymous=True, has_contact=False)
    with pytest.raises(HallError):        # anonymous, but left a phone: call it first
        lifecycle.check_unreachable(0, 3, anonymous=True, has_contact=True)


def test_unreachable_is_a_supervisors_step_from_replied_to_archived():
    step = lifecycle.check("close_unreachable", S.REPLIED, "complaint", Role.SUPERVISOR)
    assert step.target is S.ARCHIVED
    with pytest.raises(PermissionDenied):
        lifecycle.check("close_unreachable", S.REPLIED, "complaint", Role.COUNTER)
    with pytest.raises(IllegalTransition):
        lifecycle.check("close_unreachable", S.IMPLEMENTED, "complaint", Role.SUPERVISOR)


# -- a limit met late ----------------------------------------------------------------------

def test_late_met_words():
    due = datetime(2026, 11, 2, 23, 58)
    assert lifecycle.met_late_words(due, due + timedelta(minutes=1), "zh") == "逾期完成（晚1分钟）"
    assert lifecycle.met_late_words(due, due + timedelta(seconds=20), "zh") == "逾期完成（晚1分钟）"
    assert lifecycle.met_late_words(due, due + timedelta(hours=2, minutes=5), "zh") == \
        "逾期完成（晚2小时5分钟）"
    assert lifecycle.met_late_words(due, due + timedelta(days=3, hours=4), "zh") == \
        "逾期完成（晚3天4小时）"
    assert lifecycle.met_late_words(due, due + timedelta(minutes=1), "en") == "Met late (1 min late)"
    assert lifecycle.met_late_words(due, due, "zh") == ""
    assert lifecycle.met_late_words(due, None, "zh") == ""


# -- the policy's switches -----------------------------------------------------------------

BASE = """
[policy]
name = "测试"
version = 1

[[rules]]
code = "reply"
kinds = ["complaint"]
amount = 5
unit = "calendar_days"
met_by = "replied"
"""


def test_lifecycle_switches_default_and_parse():
    plain = deadlines.loads_policy(BASE)
    assert (plain.review, plain.self_approval, plain.repeat_days) == (False, False, 90)
    on = deadlines.loads_policy(BASE + "\n[lifecycle]\nreview = true\nrepeat_days = 30\n")
    assert on.review and on.repeat_days == 30
    assert deadlines.loads_policy(deadlines.dump_policy(on)).review is True


def test_bad_lifecycle_switches_are_named():
    with pytest.raises(ValidationError) as info:
        deadlines.loads_policy(BASE + '\n[lifecycle]\nreview = "yes"\nrepeat_days = 0\nrevew = 1\n')
    assert set(info.value.errors) == {"lifecycle.review", "lifecycle.repeat_days",
                                      "lifecycle.revew"}
    assert "true 或 false" in info.value.errors["lifecycle.review"].message("zh")


def test_the_default_policy_has_m2s_review_on():
    from hall_desk import paths

    text = paths.resource_path("policies", "default.toml").read_text(encoding="utf-8")
    policy = deadlines.loads_policy(text)
    assert policy.review is True and policy.self_approval is False


# -- repeats: the same customer on the same matter -----------------------------------------

BILL = "本月电费比上月高出一倍，家中用电情况没有变化。"
BILL_AGAIN = "上个月投诉电费比上月高出一倍的问题，至今没有核查，这个月电费还是很高。"
REPAIR = "报修线路故障后48小时仍无人上门。"
REPAIR_AGAIN = "上周报修线路故障，到现在还是没人上门检修。"
RUDE = "办理过户业务时窗口人员态度冷淡，排队一个多小时无人解释。"
RUDE_AGAIN = "再次投诉：过户窗口人员态度冷淡，排队很久也没人解释。"
OTHERS = ["新装智能电表三天两次跳闸，影响冰箱正常使用。", "计划停电未提前通知，小店冷柜商品损坏。",
          "咨询阶梯电价的计算方式和年度清零时间。", "建议在手机上推送停电计划和抢修进度。"]


@pytest.mark.parametrize("first,again", [(BILL, BILL_AGAIN), (REPAIR, REPAIR_AGAIN),
                                         (RUDE, RUDE_AGAIN)])
def test_the_same_matter_told_again_is_alike(first, again):
    assert repeats.similarity(first, again) >= repeats.DEFAULT_THRESHOLD
    for other in OTHERS:
        assert repeats.similarity(first, other) < 0.1
        assert repeats.similarity(again, other) < 0.1


def test_similarity_ignores_punctuation_digits_and_is_symmetric():
    assert repeats.similarity("电费高！", "电费高") == 1.0
    assert repeats.similarity("报修48小时", "报修72小时") == 1.0
    assert repeats.similarity(BILL, RUDE) == repeats.similarity(RUDE, BILL) == 0.0
    assert repeats.similarity("", BILL) == 0.0


T0 = datetime(2026, 11, 2, 9, 0)


def case(i, days_ago, phone="13912345678", name="李四", category=1, content=BILL,
         anonymous=False):
    return repeats.Case(i, T0 - timedelta(days=days_ago), phone, name, anonymous, category,
                        content)


def test_a_repeat_is_the_same_customer_on_the_same_matter_within_the_window():
    new = case(0, 0, category=None, content=BILL_AGAIN)
    earlier = [
        case(1, 10, category=2, content=BILL),                 # same phone, alike: a repeat
        case(2, 20, category=2, content=REPAIR),               # same phone, another matter
        case(3, 5, phone="13800001111", content=BILL),         # another customer (phone)
        case(4, 95, content=BILL),                             # outside 90 days
        case(5, 30, phone="", name="李四", content=BILL),       # no phone: same name counts
        case(6, 40, phone="", name="李四", content=BILL, anonymous=True),
    ]
    found = repeats.earlier_matches(new, earlier, days=90)
    assert [c.id for c in found] == [1, 5]
    # the same category is the same matter, whatever the words
    cat = case(0, 0, category=2, content="换了个说法")
    assert [c.id for c in repeats.earlier_matches(cat, earlier, days=90)] == [1, 2]
    assert repeats.earlier_matches(new, earlier, days=7) == []
