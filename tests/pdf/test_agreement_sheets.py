"""和解协议书 and 典型案例汇编 from plain data: what is printed, hostile words, an anonymous
customer hidden, and the same data giving the same bytes."""

from __future__ import annotations

from datetime import date

from hall_desk.pdf.agreement import agreement_sheet, cases_booklet
from hall_desk.pdf.layout import SignatureEntry
from tests.pdf_helpers import demo_meta, demo_ticket, page_texts, png_signature, squash

AGREEMENT = {"kind": "mediation", "terms": "营业厅向客户致歉并补偿五十元。<b>&amp;</b>\x00",
             "customer_undertakes": "", "hall_undertakes": "三日内抵扣电费五十元",
             "amount": "50.00", "method": "电费账户抵扣", "due": "2025-03-10T17:00",
             "representative": "周海峰", "at": "2025-03-05T16:40", "by": "周海峰"}
PAID = [{"amount": "50.00", "method": "电费账户抵扣", "paid_on": "2025-03-07", "paid_by": "李晓婷",
         "voucher": "DK-0042", "at": "2025-03-07T09:00", "by": "李晓婷"}]


def test_the_agreement_prints_its_parties_terms_money_payment_and_signatures():
    t = demo_ticket(agreement=AGREEMENT, payments=PAID)
    sigs = [SignatureEntry("customer", "王秀兰", "2025-03-05T16:45", png_signature()),
            SignatureEntry("supervisor", "周海峰", "2025-03-05T16:46", on_paper=True)]
    data = agreement_sheet(t, demo_meta(), sigs)
    text = squash("".join(page_texts(data)))
    for words in ("调解协议书", "王秀兰", "13812345678", "营业厅向客户致歉并补偿五十元。<b>&amp;</b>",
                  "甲方承诺无", "三日内抵扣电费五十元", "50.00元", "2025-03-1017:00",
                  "2025-03-07以电费账户抵扣支付50.00元，经办人：李晓婷，凭证/备注：DK-0042",
                  "甲方（客户）签名", "乙方代表签名", "周海峰"):
        assert squash(words) in text, words
    assert agreement_sheet(t, demo_meta(), sigs) == data          # same data, same bytes


def test_an_anonymous_customer_is_not_printed_on_the_agreement():
    t = demo_ticket(agreement=AGREEMENT, anonymous=True, identity_shown=False)
    text = squash("".join(page_texts(agreement_sheet(t, demo_meta()))))
    assert "王秀兰" not in text and "13812345678" not in text and "尚未支付" in text


def test_the_booklet_prints_each_case_and_nothing_else_of_the_ticket():
    case = {"title": "退费流程不熟", "kind": "complaint", "category": "服务质量",
            "business_type": "电费缴纳", "month": "2025-03", "content": "某某在柜台等候四十分钟" * 30,
            "demand": "道歉", "cause": "营业员不熟悉流程", "cause_class": "service",
            "handling": "上门致歉", "result": "客户接受", "satisfaction": "satisfied",
            "lesson": "落实首问负责制"}
    data = cases_booklet([case, dict(case, title="第二例")], demo_meta(version=None),
                         date(2025, 3, 1), date(2025, 3, 31))
    text = squash("".join(page_texts(data)))
    for words in ("典型案例汇编", "共2例", "案例1退费流程不熟", "案例2第二例", "服务原因：营业员不熟悉流程",
                  "客户接受；满意", "落实首问负责制", "2025-03"):
        assert squash(words) in text, words
    assert "TS20250304-0017" not in text       # the booklet has no ticket number of its own
