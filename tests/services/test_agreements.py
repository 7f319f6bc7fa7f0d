"""The settlement of a complaint on a real database: the agreement printed as 协议书 with
both signatures and verified, the compensation's own time limit met by the payment, no
archive while agreed money is unpaid (unless a supervisor says why), and the typical cases'
booklet without a customer's identity."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from hall_desk.core.errors import HallError, ValidationError
from hall_desk.services import agreements, audit, lifecycle, printing, records, tickets
from hall_desk.services.context import clock
from hall_desk.store.models import Ticket
from tests.pdf_helpers import page_texts, png_signature, squash

T0 = datetime(2026, 11, 2, 9, 0)   # a Monday
NAME, PHONE, ADDRESS = "欧阳明月", "13912345678", "朝阳区幸福路88号3单元"
CONTENT = (f"我是{NAME}，电话 139-1234-5678，住{ADDRESS}。柜员孙浩把我的卡号6222 0212 3456 "
           f"7890 123办错了，身份证110105194912310021也复印了两次，欧阳女士我等了40分钟，"
           f"陈静也没管。")     # 陈静: a colleague who never touched the case


def at(minutes: float):
    moment = T0 + timedelta(minutes=minutes)
    return clock(lambda: moment)


def walk(hall, ticket, steps):
    for minutes, login, action, data in steps:
        with at(minutes):
            ticket = lifecycle.act(hall[login], ticket.id, ticket.version, action, data)
    return ticket


PLAN = [
    (2, "wangli", "judge_valid", {"reason": "属实"}),
    (3, "wangli", "assign", {"department": "OPS", "handler_a": "sunhao"}),
    (60, "sunhao", "analyse", {"cause_class": "service", "cause_analysis": f"孙浩未核对{NAME}的卡号"}),
    (90, "sunhao", "propose", {"solution": "致歉并补偿", "compensation_amount": "200",
                               "compensation_method": "转账",
                               "compensation_due": T0 + timedelta(days=3)}),
    (120, "wangli", "approve", {"instruction": "同意"}),
]
CLOSE = [
    (300, "sunhao", "implement", {"implementation": f"已向{NAME}致歉"}),
    (310, "zhaoqiang", "review", {"review_note": "已核"}),
    (320, "liuyang", "reply", {"reply_method": "phone", "reply_content": f"已电话告知{NAME}"}),
    (330, "liuyang", "callback", {"satisfaction": "satisfied"}),
]


def complaint(hall):
    with at(0):
        return tickets.register(hall["liuyang"], {
            "kind": "complaint", "customer_name": NAME, "phone": PHONE, "address": ADDRESS,
            "content": CONTENT, "demand": "赔偿误工费", "category": "服务质量",
            "business_type": "银行卡"}, received_at=T0)


def agreed(hall):
    t = walk(hall, complaint(hall), PLAN)
    with at(150):
        agreements.record_agreement(hall["wangli"], t.id, {
            "terms": "营业厅向客户致歉并补偿二百元，客户撤回投诉。",
            "customer_undertakes": "不再就此事投诉",
            "hall_undertakes": "三日内转账二百元"})
    return Ticket.get_by_id(t.id)


def test_the_agreement_takes_the_plans_compensation_and_says_what_is_wrong(hall):
    t = walk(hall, complaint(hall), PLAN)
    with at(140), pytest.raises(ValidationError) as bad:
        agreements.record_agreement(hall["wangli"], t.id, {"terms": " ", "amount": "-1"})
    assert set(bad.value.fields) == {"agreement_terms", "hall_undertakes", "compensation_amount"}
    t = agreed(hall)
    a = agreements.agreement_of(t.id)
    assert (a["amount"], a["method"], a["due"][:10], a["representative"]) == \
        ("200.00", "转账", "2026-11-05", "王丽")
    with pytest.raises(HallError) as other:
        agreements.record_agreement(hall["wangli"], complaint(hall).id, {"terms": "x",
                                                                         "hall_undertakes": "y"})
    assert "不能登记协议" in other.value.message("zh")


def test_the_agreement_prints_with_both_signatures_and_verifies(hall):
    t = agreed(hall)
    with pytest.raises(HallError):
        printing.sheet(hall["wangli"], complaint(hall).number, "agreement")   # none recorded
    with at(160):
        records.sign(hall["liuyang"], t.id, role="customer", signer_name=NAME,
                     image_png=png_signature())
        records.sign(hall["wangli"], t.id, role="supervisor", image_png=png_signature())
        data = printing.sheet(hall["wangli"], t.number, "agreement")
    text = squash("".join(page_texts(data)))
    for words in ("和解协议书", "营业厅向客户致歉并补偿二百元", "不再就此事投诉", "三日内转账二百元",
                  "200.00元", "转账", "甲方（客户）签名", "乙方代表签名", "尚未支付"):
        assert squash(words) in text, words
    verdict = printing.verify_pdf(data)
    assert verdict.ok and verdict.number == t.number and verdict.sealed
    with at(170):       # a corrected agreement: the print is of an older version now
        agreements.record_agreement(hall["wangli"], t.id, {"terms": "改为补偿三百元",
                                                           "hall_undertakes": "转账", "amount": "300"})
    later = printing.verify_pdf(data)
    assert later.ok and later.version == verdict.version and later.current_version != later.version


def test_the_payment_has_its_own_limit_and_archiving_waits_for_it(hall):
    t = agreed(hall)
    with at(200):
        limit = [d for d in tickets.describe(t.id, hall["wangli"]).to_dict()["deadlines"]
                 if d["rule"] == "compensation_paid"]
    assert len(limit) == 1 and limit[0]["due"].startswith("2026-11-05T17:30")
    assert limit[0]["state"] == "open"
    t = walk(hall, Ticket.get_by_id(t.id), CLOSE)
    with at(400), pytest.raises(HallError) as unpaid:
        lifecycle.act(hall["wangli"], t.id, t.version, "archive", {"summary": "结案"})
    assert "尚未登记支付" in unpaid.value.message("zh")
    with at(500), pytest.raises(ValidationError) as bad:
        agreements.record_payment(hall["liuyang"], t.id, {"amount": "abc", "method": "",
                                                           "paid_on": "2026-13-01"})
    assert set(bad.value.fields) == {"paid_amount", "paid_method", "paid_on"}
    with at(500):
        agreements.record_payment(hall["liuyang"], t.id, {
            "amount": "200", "method": "转账", "paid_on": "2026-11-02", "voucher": "ZZ-001"})
        done = [d for d in tickets.describe(t.id, hall["wangli"]).to_dict()["deadlines"]
                if d["rule"] == "compensation_paid"][0]
        assert done["state"] == "met"
        t = Ticket.get_by_id(t.id)
        t = lifecycle.act(hall["wangli"], t.id, t.version, "archive", {"summary": "结案"})
        record = squash("".join(page_texts(printing.sheet(hall["wangli"], t.number, "record"))))
    assert t.status == "archived"
    assert squash("以转账支付200.00元，经办人：刘洋，凭证/备注：ZZ-001") in record
    assert squash("补偿支付") in record
    assert all(r.ok for r in audit.verify()), [r.message() for r in audit.verify() if not r.ok]


def test_a_supervisor_may_say_why_agreed_money_was_not_paid(hall):
    t = walk(hall, agreed(hall), CLOSE)
    with pytest.raises(HallError):
        agreements.waive_payment(hall["liuyang"], t.id, "客户放弃")       # not a clerk
    with at(400):
        agreements.waive_payment(hall["wangli"], t.id, "客户当面表示放弃补偿")
        t = lifecycle.act(hall["wangli"], t.id, t.version, "archive", {"summary": "结案"})
    assert t.status == "archived"


def _archived_typical(hall):
    t = walk(hall, agreed(hall), CLOSE)
    with at(400):
        agreements.record_payment(hall["liuyang"], t.id, {"amount": "200", "method": "转账"})
        t = Ticket.get_by_id(t.id)
        t = lifecycle.act(hall["wangli"], t.id, t.version, "archive",
                          {"summary": f"{NAME}满意，电话{PHONE}"})
    return t


def test_only_a_supervisor_marks_only_an_archived_case(hall):
    open_one = complaint(hall)
    with pytest.raises(HallError) as not_archived:
        agreements.mark_typical(hall["wangli"], open_one.id, "标题", "教训")
    assert "尚未归档" in not_archived.value.message("zh")
    t = _archived_typical(hall)
    with pytest.raises(HallError):
        agreements.mark_typical(hall["liuyang"], t.id, "标题", "教训")
    with pytest.raises(ValidationError) as bad:
        agreements.mark_typical(hall["wangli"], t.id, "", "")
    assert set(bad.value.fields) == {"case_title", "lesson"}


def test_the_booklet_holds_no_personal_data(hall):
    t = _archived_typical(hall)
    with at(500):
        agreements.mark_typical(hall["wangli"], t.id, f"{NAME}卡号办错",
                                f"孙浩应先核对卡号；{NAME}（139 1234 5678）的等候应有人安抚")
        booklet = agreements.booklet_pdf(hall["wangli"], date(2026, 11, 1), date(2026, 11, 30))
        empty = agreements.booklet_pdf(hall["wangli"], date(2026, 10, 1), date(2026, 10, 31))
    pages = page_texts(booklet)
    # each page's body: the footer after it names who printed the booklet, as every print does
    assert all("打印：王丽" in squash(p) for p in pages)
    flat = squash("".join(p.split("SHA-256")[0] for p in pages))
    assert "典型案例汇编" in flat and "经验教训" in flat and "银行卡" in flat
    assert "应先核对卡号" in flat and "等了40分钟" in flat     # the case itself stays
    for secret in (NAME, "欧阳", PHONE, "1391234", "5678", ADDRESS, "幸福路", t.number,
                   "6222", "110105", "孙浩", "王丽", "刘洋", "赵强", "陈静", "运维"):
        assert secret not in flat, secret
    assert "共0例" in squash("\n".join(page_texts(empty)))


def test_the_booklet_selects_cases_by_the_day_they_were_received(hall):
    """Received in November, archived in December: the November booklet has it (as the
    November statistics count it), the December one does not."""
    t = walk(hall, agreed(hall), CLOSE)
    december = (datetime(2026, 12, 3, 10, 0) - T0).total_seconds() / 60
    with at(december):
        agreements.record_payment(hall["liuyang"], t.id, {"amount": "200", "method": "转账"})
        t = Ticket.get_by_id(t.id)
        t = lifecycle.act(hall["wangli"], t.id, t.version, "archive", {"summary": "满意"})
        agreements.mark_typical(hall["wangli"], t.id, "卡号办错", "应先核对卡号")
        november = agreements.typical_cases(hall["wangli"], date(2026, 11, 1), date(2026, 11, 30))
        later = agreements.typical_cases(hall["wangli"], date(2026, 12, 1), date(2026, 12, 31))
        booklet = agreements.booklet_pdf(hall["wangli"], date(2026, 11, 1), date(2026, 11, 30))
    assert [c["title"] for c in november] == ["卡号办错"] and later == []
    assert "受理的典型案例（按受理日期）" in squash(page_texts(booklet)[0])
