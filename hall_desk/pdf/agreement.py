"""The settlement's sheets (domain.md M3 第五、六章): 调解/和解协议书 of one complaint, signed by
the customer and the hall's representative, and 典型案例汇编, the anonymised training booklet
of the cases a supervisor kept as typical.

Both take plain data: the agreement sheet the dict of a stored ticket version (its
``agreement`` and ``payments`` keys, ``services.agreements.record_parts``), the booklet the
already anonymised cases of ``services.agreements.typical_cases``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from hall_desk.pdf.layout import (
    BODY, CUSTOMER, GAP, HEADING, LETTER, NOTE, SUPERVISOR, Form, Heavy, RecordMeta,
    para, raw, render, signature_for,
)
from hall_desk.pdf.sheets import (
    MARGINS, PAGE, WIDTH, heading, identity, money, payment_words, sign_block,
)
from hall_desk.pdf.text import BLANK, clean, label, markup, when

KIND_TITLE = {"mediation": "调解协议书", "settlement": "和解协议书"}


def agreement_title(t: Mapping[str, Any]) -> str:
    return KIND_TITLE.get((t.get("agreement") or {}).get("kind"), "和解协议书")


def agreement_sheet(ticket: Mapping[str, Any], meta: RecordMeta | Mapping[str, Any],
                    signatures: Iterable[Any] = ()) -> bytes:
    """调解/和解协议书: the parties, the matter, the terms, what each side undertakes, the
    compensation (amount, method, due date) and its payment if recorded, and both parties'
    signatures (the customer's, the hall representative's as the supervisor's)."""
    t, meta, sigs = ticket, RecordMeta.of(meta), list(signatures or ())
    a = t.get("agreement") or {}
    title = agreement_title(t)
    story = heading(clean(meta.hall_name), title, t, meta)
    name, phone, _ = identity(t)
    form = Form(WIDTH)
    form.section("一、双方当事人")
    form.pair("甲方（客户）", name, "联系电话", phone)
    form.pair("乙方（营业厅）", clean(meta.hall_name) or BLANK, "乙方代表",
              a.get("representative") or BLANK)
    form.section("二、投诉事项")
    form.pair("工单编号", t.get("number"), "受理时间", when(t.get("received_at")))
    form.full("事由", t.get("content"))
    form.full("客户诉求", t.get("demand"))
    form.section("三、协议内容")
    form.full("协议条款", a.get("terms"))
    form.full("甲方承诺", a.get("customer_undertakes"), empty="无")
    form.full("乙方承诺", a.get("hall_undertakes"))
    form.section("四、补偿")
    form.pair("补偿金额", money(a.get("amount")), "补偿方式", a.get("method") or BLANK)
    form.pair("支付期限", when(a.get("due")) if a.get("due") else BLANK, "协议登记",
              f"{when(a.get('at'))} {clean(a.get('by'))}")
    form.full("支付记录", payment_words(t), empty="尚未支付")
    story += [form.table(), Spacer(1, 4 * mm)]
    story.append(para("甲乙双方在平等、自愿的基础上协商一致，达成以上协议。本协议经双方签字后生效，"
                      "双方应按约履行；甲方确认本投诉事项就此了结。本协议一式两份，双方各执一份。",
                      LETTER))
    story.append(Spacer(1, 5 * mm))
    story.append(sign_block("", "甲方（客户）签名", signature_for(sigs, CUSTOMER)))
    story.append(Spacer(1, 3 * mm))
    story.append(sign_block("", "乙方代表签名", signature_for(sigs, SUPERVISOR)))
    data, _ = render(story, meta, title=title, number=clean(t.get("number")), pagesize=PAGE,
                     margins=MARGINS)
    return data


def _case_block(n: int, case: Mapping[str, Any]) -> list[Flowable]:
    out: list[Flowable] = [raw(f"案例{n}　{markup(case.get('title'))}", HEADING)]
    form = Form(WIDTH)
    form.pair("类型", label("kind", case.get("kind")), "月份", case.get("month") or BLANK)
    form.pair("类别", case.get("category") or BLANK, "业务类型",
              case.get("business_type") or BLANK)
    form.full("事情经过", case.get("content"))
    form.full("客户诉求", case.get("demand"))
    form.full("原因", "：".join(x for x in (label("cause", case.get("cause_class"), empty=""),
                                          clean(case.get("cause"))) if x))
    form.full("处理", case.get("handling"))
    form.full("结果", "；".join(x for x in (clean(case.get("result")),
                                          label("satisfaction", case.get("satisfaction"),
                                                empty="")) if x))
    form.full("经验教训", case.get("lesson"))
    out.append(form.table())
    out.append(Spacer(1, 4 * mm))
    return out


def cases_booklet(cases: list[Mapping[str, Any]], meta: RecordMeta | Mapping[str, Any],
                  date_from: date, date_to: date) -> bytes:
    """典型案例汇编: the typical cases received (受理) in the period, for training. The cases come
    anonymised; this prints no ticket number, name or phone of its own."""
    meta = RecordMeta.of(meta)
    title = "典型案例汇编"
    story: list[Flowable] = []
    if clean(meta.hall_name):
        story.append(Heavy(clean(meta.hall_name), 12, space_after=2))
    story.append(Heavy(title, 18, space_after=6))
    story.append(para(f"案例范围：{date_from.isoformat()} 至 {date_to.isoformat()} 受理的典型案例（按受理日期），"
                      f"共 {len(cases)} 例{GAP}内部培训资料，已隐去客户及工作人员身份信息", NOTE))
    story.append(Spacer(1, 4 * mm))
    if not cases:
        story.append(para("该期间受理的案件中没有标记为典型案例的。", BODY))
    for n, case in enumerate(cases, 1):
        story += _case_block(n, case)
    data, _ = render(story, meta, title=title, number=f"{date_from:%Y%m%d}-{date_to:%Y%m%d}",
                     pagesize=PAGE, margins=MARGINS)
    return data


