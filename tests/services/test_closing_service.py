"""Every way a complaint ends, every round on record, and repeats, on a real database: the
review, the refused self-approval, 不满意 without words, 无法回访 (counted apart), whom a
complaint is about, two rounds on the record sheet with a limit met late, and the repeat rule."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

import pytest
from pypdf import PdfReader

from hall_desk.core.errors import HallError, IllegalTransition, ValidationError
from hall_desk.services import callbacks, lifecycle, printing, records, statistics, tickets
from hall_desk.services.context import clock
from hall_desk.store.models import Ticket

T0 = datetime(2026, 11, 2, 9, 0)   # a Monday


def at(minutes: float):
    moment = T0 + timedelta(minutes=minutes)
    return clock(lambda: moment)


def complaint(hall, minutes=0, **extra):
    data = {"kind": "complaint", "customer_name": "李四", "phone": "13912345678",
            "content": "本月电费比上月高出一倍，家中用电情况没有变化。", "demand": "核查电表",
            "category": "价格与收费"}
    data.update(extra)
    with at(minutes):
        ref = tickets.register(hall["liuyang"], data, received_at=T0 + timedelta(minutes=minutes))
    return tickets.get(ref.id)      # the stored row: these tests read its columns


def walk(hall, ticket, steps):
    for minutes, login, action, data in steps:
        with at(minutes):
            ticket = lifecycle.act(hall[login], ticket.id, ticket.version, action, data)
    return ticket


HANDLED = [
    (2, "wangli", "judge_valid", {"reason": "属实"}),
    (3, "wangli", "assign", {"department": "OPS", "handler_a": "sunhao"}),
    (60, "sunhao", "analyse", {"cause_class": "product", "cause_analysis": "电表计量偏差"}),
    (90, "sunhao", "propose", {"solution": "校验电表并退还多收电费"}),
    (120, "wangli", "approve", {"instruction": "同意，三日内退费"}),
    (300, "sunhao", "implement", {"implementation": "已校验，退费120元"}),
]
REVIEWED = HANDLED + [(310, "zhaoqiang", "review", {"review_note": "退费凭证已核"})]
REPLIED = REVIEWED + [(320, "liuyang", "reply", {"reply_method": "phone",
                                                 "reply_content": "已电话告知退费结果"})]


def test_the_review_sits_between_implemented_and_the_reply(hall):
    t = walk(hall, complaint(hall), HANDLED)
    with at(305), pytest.raises(IllegalTransition):
        lifecycle.act(hall["liuyang"], t.id, t.version, "reply",
                      {"reply_method": "phone", "reply_content": "已告知"})
    with at(306), pytest.raises(HallError) as clerk:          # a counter clerk does not review
        lifecycle.act(hall["liuyang"], t.id, t.version, "review", {})
    assert "无权" in clerk.value.message("zh")
    with at(307), pytest.raises(ValidationError) as info:     # a send-back needs its reason
        lifecycle.act(hall["zhaoqiang"], t.id, t.version, "review_send_back", {})
    assert info.value.fields == ["review_note"]
    with at(308):
        t = lifecycle.act(hall["zhaoqiang"], t.id, t.version, "review_send_back",
                          {"review_note": "退费凭证缺失，请补齐"})
    assert t.status == "approved" and Ticket.get_by_id(t.id).review_note == "退费凭证缺失，请补齐"
    t = walk(hall, t, [(309, "sunhao", "implement", {"implementation": "凭证已补"}),
                       (310, "zhaoqiang", "review", {"review_note": "已核"})])
    stored = Ticket.get_by_id(t.id)
    assert stored.status == "reviewed" and stored.reviewed_by.login == "zhaoqiang"
    actions = [e.action for e in tickets.history(t.id)]
    assert actions[-4:] == ["implement", "review_send_back", "implement", "review"]


def test_a_supervisor_handling_the_case_does_not_review_it(hall):
    steps = [(m, who, a, dict(d, handler_a="zhaoqiang") if a == "assign" else d)
             for m, who, a, d in HANDLED]
    t = walk(hall, complaint(hall), [(m, "zhaoqiang" if who == "sunhao" else who, a, d)
                                     for m, who, a, d in steps])
    with at(305), pytest.raises(HallError) as own:
        lifecycle.act(hall["zhaoqiang"], t.id, t.version, "review", {})
    assert own.value.message("zh") == "处理人不能审核本人处理的工单"
    with at(306):
        assert lifecycle.act(hall["wangli"], t.id, t.version, "review", {}).status == "reviewed"


def test_a_supervisor_cannot_approve_her_own_plan(hall):
    t = walk(hall, complaint(hall), HANDLED[:3])
    with at(90):
        t = lifecycle.act(hall["wangli"], t.id, t.version, "propose", {"solution": "退费"})
    with at(100), pytest.raises(HallError) as info:
        lifecycle.act(hall["wangli"], t.id, t.version, "approve", {"instruction": "同意"})
    assert info.value.message("zh") == "不能批示本人提出的处理方案，须由其他主管批示"
    assert Ticket.get_by_id(t.id).status == "proposed"
    with at(101):
        t = lifecycle.act(hall["zhaoqiang"], t.id, t.version, "approve", {"instruction": "同意"})
    assert t.status == "approved"


def test_dissatisfied_without_words_is_refused_at_the_field(hall):
    t = walk(hall, complaint(hall), REPLIED)
    with at(400), pytest.raises(ValidationError) as info:
        lifecycle.act(hall["liuyang"], t.id, t.version, "callback", {"satisfaction": "dissatisfied"})
    assert info.value.fields == ["customer_words"]
    with at(400), pytest.raises(ValidationError) as info:     # not a grade of a reached call
        lifecycle.act(hall["liuyang"], t.id, t.version, "callback", {"satisfaction": "unreachable"})
    assert info.value.fields == ["satisfaction"]
    assert Ticket.get_by_id(t.id).status == "replied"


def test_unreachable_after_the_attempts_and_counted_apart(hall):
    t = walk(hall, complaint(hall), REPLIED)
    boss = hall["wangli"]
    with at(330), pytest.raises(HallError) as early:
        callbacks.close_unreachable(boss, t.id, t.version, "打不通")
    assert "尚未用完回访次数" in early.value.message("zh")
    for n in range(callbacks.MAX_ATTEMPTS):
        with at(400 + 150 * n):
            callbacks.record(hall["liuyang"], t.id, t.version, method="phone", reached=False)
    with at(900):
        assert callbacks.due_of(tickets.get(t.id)).flagged
    with at(901), pytest.raises(ValidationError) as info:
        callbacks.close_unreachable(boss, t.id, t.version, "  ")
    assert info.value.fields == ["reason"]
    with at(902), pytest.raises(HallError):                   # the counter cannot close it
        callbacks.close_unreachable(hall["liuyang"], t.id, t.version, "三次无人接听")
    with at(903):
        t = callbacks.close_unreachable(boss, t.id, t.version, "三次无人接听")
    stored = Ticket.get_by_id(t.id)
    assert (stored.status, stored.satisfaction, stored.summary) == \
        ("archived", "unreachable", "三次无人接听")
    # a satisfied one beside it: the rates count only the reached customers
    s = walk(hall, complaint(hall, 5, phone="13800001111"),
             [(m + 5, who, a, d) for m, who, a, d in REPLIED])
    walk(hall, s, [(500, "liuyang", "callback", {"satisfaction": "satisfied"})])
    with at(3000):
        cb = statistics.overview(boss, statistics.filter_of(T0.date(), T0.date()))["callbacks"]
    assert cb["unreachable"] == 1
    assert (cb["callbacks"], cb["tickets_called_back"], cb["rate"], cb["final_rate"]) == \
        (1, 1, 1.0, 1.0)


def test_an_anonymous_report_without_contact_closes_at_once(hall):
    with at(0):
        t = tickets.register(hall["liuyang"], {"kind": "report", "anonymous": True,
                                               "content": "小区配电箱被私接电线"}, received_at=T0)
    t = walk(hall, t, [(m, who, a, d) for m, who, a, d in REPLIED])
    with at(330):
        due = callbacks.due_of(tickets.get(t.id))
        assert due.flagged and due.no_contact
        t = callbacks.close_unreachable(hall["wangli"], t.id, t.version, "匿名举报，未留联系方式")
    assert t.status == "archived"


def test_a_complaint_about_a_staff_member_is_not_assigned_to_them(hall):
    t = complaint(hall, content="营业员孙浩态度恶劣。", category="服务质量")
    with at(1):
        t = lifecycle.act(hall["liuyang"], t.id, t.version, "set_target",
                          {"target_kind": "staff", "target_staff": "sunhao"})
    with at(2), pytest.raises(ValidationError) as bad:
        lifecycle.act(hall["liuyang"], t.id, t.version, "set_target", {"target_kind": "other"})
    assert bad.value.fields == ["target_text"]
    t = walk(hall, t, HANDLED[:1])
    with at(3), pytest.raises(ValidationError) as info:
        lifecycle.act(hall["wangli"], t.id, t.version, "assign",
                      {"department": "OPS", "handler_a": "sunhao"})
    assert info.value.fields == ["handler_a"]
    assert info.value.errors["handler_a"].message("zh") == "孙浩是本投诉的投诉对象，不能派给本人处理"
    with at(4):
        t = lifecycle.act(hall["wangli"], t.id, t.version, "assign",
                          {"department": "OPS", "handler_a": "chenjing"})
    assert lifecycle.closing_info(t)["target"] == "孙浩"


def two_rounds(hall):
    """Round 1 replied and called back 不满意; round 2 analysed and proposed, not approved.
    The forward limit (5 minutes) is met one minute late."""
    t = complaint(hall)
    steps = [(2, "wangli", "judge_valid", {"reason": "属实"}),
             (6, "wangli", "assign", {"department": "OPS", "handler_a": "sunhao"})] + REPLIED[2:]
    t = walk(hall, t, steps)
    t = walk(hall, t, [(400, "liuyang", "callback", {"satisfaction": "dissatisfied",
                                                      "customer_words": "退费金额不对"})])
    return walk(hall, t, [
        (500, "sunhao", "analyse", {"cause_class": "management", "cause_analysis": "退费少算一个月"}),
        (520, "sunhao", "propose", {"solution": "补退第二个月电费"})])


def test_rounds_are_kept_and_round_one_s_instruction_does_not_stay(hall):
    t = two_rounds(hall)
    stored = Ticket.get_by_id(t.id)
    assert (stored.round, stored.status) == (2, "proposed")
    assert stored.instruction == "" and stored.approved_by_id is None   # not round 1's 批示
    assert stored.solution == "补退第二个月电费"
    one, two = lifecycle.rounds(stored)
    assert (one["round"], one["cause_analysis"], one["solution"], one["instruction"],
            one["approved_by"], one["review_note"], one["reply_content"], one["satisfaction"],
            one["customer_words"]) == (1, "电表计量偏差", "校验电表并退还多收电费", "同意，三日内退费",
                                       "王丽", "退费凭证已核", "已电话告知退费结果", "dissatisfied",
                                       "退费金额不对")
    assert (two["round"], two["solution"], two["instruction"], two["satisfaction"]) == \
        (2, "补退第二个月电费", "", "")


def test_record_sheet_prints_both_rounds_and_a_limit_met_late(hall):
    t = two_rounds(hall)
    with at(600):
        pdf = printing.sheet(hall["wangli"], t.id, "record")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    flat = "".join(text.split())
    assert "历次处理" in flat and "第1轮主管批示" in flat and "同意，三日内退费" in flat
    assert "第1轮回访" in flat and "客户意见：退费金额不对" in flat
    assert "四、处理过程（第2轮）" in flat and "补退第二个月电费" in flat
    assert "回访结果未回访" in flat                  # round 1's 不满意 is printed with round 1
    assert "逾期完成（晚" in flat                  # a limit of round 2 met late
    # the record's content carries the rounds, and the print still verifies
    assert records.verify_text(text + "\f").ok


def test_a_limit_met_a_minute_late_prints_how_late(hall):
    t = walk(hall, complaint(hall), [(2, "wangli", "judge_valid", {"reason": "属实"}),
                                     (6, "wangli", "assign", {"department": "OPS"})])
    with at(10):
        pdf = printing.sheet(hall["wangli"], t.id, "record")
    flat = "".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "转派责任部门（首报）2026-11-0209:05逾期完成（晚1分钟）2026-11-0209:06" in flat


def test_the_callback_words_reach_the_sheet(hall):
    t = walk(hall, complaint(hall), REPLIED)
    with at(400):
        callbacks.record(hall["liuyang"], t.id, t.version, method="phone", reached=True,
                         satisfaction="basically", customer_words="退费到账了，但等得久")
        pdf = printing.sheet(hall["wangli"], t.id, "record")
    flat = "".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "退费到账了，但等得久" in flat


def test_repeat_is_same_customer_same_matter_with_the_count(hall):
    first = complaint(hall, 0)
    other_matter = complaint(hall, 60, category="服务质量", content="营业员态度冷淡，排队无人解释。")
    assert other_matter.repeat_of_id is None and other_matter.repeat_n == 1
    again = complaint(hall, 1440, category="", content="上个月投诉电费比上月高出一倍，至今没有核查。")
    assert again.repeat_of_id == first.id and again.repeat_n == 2
    third = complaint(hall, 2880)
    assert third.repeat_of_id == again.id and third.repeat_n == 3
    assert third.priority >= 3
    someone_else = complaint(hall, 2900, phone="13800001111")   # same name, another phone
    assert someone_else.repeat_of_id is None


def test_the_queue_shows_the_repeat_count(hall):
    from hall_desk.services import queue

    complaint(hall, 0)
    again = complaint(hall, 1440, content="上个月投诉电费比上月高出一倍，至今没有核查。")
    with at(1500):
        rows = {r.number: r for r in queue.page(queue.QueueFilter(), hall["wangli"])}
    assert rows[again.number].repeat_n == 2 and rows[again.number].as_json()["repeat_n"] == 2




def test_cli_show_gives_the_rounds(tmp_path, capsys):
    import json as _json

    from hall_desk.cli import run
    from hall_desk.store.connection import close_database

    db = str(tmp_path / "cli.sqlite3")
    try:
        assert run(["--db", db, "demo", "--tickets", "12"]) == 0
    finally:
        close_database()
    capsys.readouterr()
    from hall_desk.store.connection import open_database

    open_database(path=tmp_path / "cli.sqlite3")
    try:
        chosen = Ticket.select().order_by(Ticket.round.desc(), Ticket.id).first()
        number, rounds = chosen.number, chosen.round
    finally:
        close_database()
    try:
        assert run(["--db", db, "show", number, "--json"]) == 0
    finally:
        close_database()
    shown = _json.loads(capsys.readouterr().out)
    assert [r["round"] for r in shown["rounds"]] == list(range(1, rounds + 1))
    assert shown["repeat_n"] >= 1 and "target" in shown and "reviewed_by" in shown
