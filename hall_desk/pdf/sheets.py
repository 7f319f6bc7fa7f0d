"""The A4 sheets of one ticket: 客户投诉记录表 (record sheet), 投诉处理档案 (complaint handling
file), 一次性告知单 (one-time notification slip) and 不予受理告知书 (refusal notice).

Each builder takes the plain dict of ``services.tickets.describe().to_dict()`` and a
:class:`~hall_desk.pdf.layout.RecordMeta`, and returns PDF bytes. Anonymity is respected as
the dict says: when ``anonymous`` and not ``identity_shown`` no name, phone or address is
printed whatever the dict holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

import hall_desk.core.lifecycle
from hall_desk.core import i18n, kinds
from hall_desk.pdf.layout import (
    GAP,
    BODY, CLERK, CUSTOMER, DEPARTMENT_HEAD, HEADING, LETTER, NOTE, SMALL, SUPERVISOR, Form,
    FastParagraph, Heavy, RecordMeta, SignatureBox, as_date, frame_width, check_line, grid_table,
    para, raw, render, signature_for,
)
from hall_desk.pdf.text import BLANK, chunks, clean, hotline_ref, label, markup, when

Ticket = Mapping[str, Any]

PAGE = A4
MARGINS = (15 * mm, 15 * mm, 16 * mm, 20 * mm)
WIDTH = frame_width(PAGE, MARGINS)


# ---------------------------------------------------------------- ticket words

def identity(t: Ticket) -> tuple[str, str, str]:
    """Name, phone and address as they may be printed."""
    if t.get("anonymous") and not t.get("identity_shown"):
        hidden = i18n.text("customer.anonymous", "zh")
        return hidden, "（不显示）", "（不显示）"
    return (clean(t.get("customer_name")) or BLANK, clean(t.get("phone")) or BLANK,
            clean(t.get("address")) or BLANK)


def anonymity(t: Ticket) -> str:
    if not t.get("anonymous"):
        return "否"
    return "是（经授权显示身份，本次打印已记录）" if t.get("identity_shown") else "是（身份不显示）"


def yes_no(value: object) -> str:
    return BLANK if value is None else ("是" if value else "否")


def validity(t: Ticket) -> str:
    valid = t.get("valid")
    return "成立" if valid is True else "不成立" if valid is False else "未判定"


def priority(t: Ticket) -> str:
    return label("priority", t.get("priority"))


def compensation(t: Ticket) -> str:
    amount = t.get("compensation_amount")
    if amount in (None, ""):
        return "无"
    parts = [f"金额：{clean(amount)} 元"]
    if t.get("compensation_method"):
        parts.append(f"方式：{clean(t['compensation_method'])}")
    if t.get("compensation_due"):
        parts.append(f"期限：{when(t['compensation_due'])}")
    return "；".join(parts)


def money(amount: object) -> str:
    return f"{clean(amount)} 元" if amount not in (None, "") else "无"


def payment_words(t: Mapping[str, Any]) -> str:
    """The payments recorded, one per line (for the record sheet and the agreement)."""
    lines = []
    for p in t.get("payments") or []:
        line = (f"{as_date(p.get('paid_on'))} 以{clean(p.get('method'))}支付 {money(p.get('amount'))}，"
                f"经办人：{clean(p.get('paid_by'))}")
        if p.get("voucher"):
            line += f"，凭证/备注：{clean(p['voucher'])}"
        lines.append(line)
    return "\n".join(lines)


def rule_label(d: Mapping[str, Any]) -> str:
    key = f"deadline.rule.{d.get('rule')}"
    return i18n.text(key, "zh") if i18n.has(key) else (clean(d.get("label")) or clean(d.get("rule")))


def _moment(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def deadline_state(d: Mapping[str, Any]) -> str:
    text = label("deadline.state", d.get("state"))
    due, met = _moment(d.get("due")), _moment(d.get("met_at"))
    if d.get("state") == "met" and due is not None and met is not None:
        try:
            late = hall_desk.core.lifecycle.met_late_words(due, met, "zh")   # 逾期完成（晚1分钟）
        except (TypeError, OverflowError):     # one time with a zone and one without
            late = ""
        if late:
            return f'<font color="#B00000">{markup(late)}</font>'
    if d.get("state") == "overdue":
        return f'<font color="#B00000">{markup(text)}</font>'
    return markup(text)


def callback_words(t: Ticket) -> str:
    """The customer's words at the current round's callback (from its callback row), else
    the latest callback's note in the history."""
    rounds = t.get("rounds") or []
    if rounds and rounds[-1].get("satisfaction") != "unreachable" \
            and rounds[-1].get("customer_words"):
        return clean(rounds[-1]["customer_words"])
    for event in reversed(list(t.get("history") or [])):
        if event.get("action") == "callback":
            return clean(event.get("note"))
    return ""


def business(t: Ticket) -> str:
    return (clean(t.get("business_name") or t.get("business_type")) or clean(t.get("category"))
            or label("kind", t.get("kind")))


def this_round_satisfaction(t: Ticket) -> str:
    """The callback result of the round on this sheet (an earlier round's 不满意 is printed
    with that round)."""
    rounds = t.get("rounds")
    return rounds[-1].get("satisfaction") or "" if rounds else t.get("satisfaction") or ""


def repeat_words(t: Ticket) -> str:
    if not t.get("repeat_of"):
        return "否"
    n = t.get("repeat_n")
    if not n or (t.get("anonymous") and not t.get("identity_shown")):   # a hidden link
        return f"是（前案 {clean(t['repeat_of'])}）"
    return f"是（第{clean(n)}次，前案 {clean(t['repeat_of'])}）"


def round_blocks(t: Ticket, form: Form) -> None:
    """The rounds that ended (不满意 opened another), each with its own cause, plan, 批示,
    review, reply and the customer's words at its callback."""
    ended = list(t.get("rounds") or [])[:-1]
    if not ended:
        return
    form.section("历次处理（已结束的轮次）")
    for r in ended:
        n = clean(r.get("round"))
        form.full(f"第{n}轮 原因", "　".join(p for p in (
            label("cause", r.get("cause_class"), empty=""), clean(r.get("cause_analysis"))) if p))
        form.full(f"第{n}轮 处理方案", r.get("solution"))
        form.full(f"第{n}轮 主管批示", "　".join(p for p in (
            clean(r.get("instruction")),
            f"（批示人：{clean(r['approved_by'])}）" if r.get("approved_by") else "") if p))
        if r.get("review_note") or r.get("reviewed_by"):
            form.full(f"第{n}轮 审核", "　".join(p for p in (
                clean(r.get("review_note")),
                f"（审核人：{clean(r['reviewed_by'])}）" if r.get("reviewed_by") else "") if p))
        form.full(f"第{n}轮 实施情况", r.get("implementation"))
        form.full(f"第{n}轮 答复", "　".join(p for p in (
            label("reply", r.get("reply_method"), empty=""), when(r.get("replied_at"))
            if r.get("replied_at") else "", clean(r.get("reply_content"))) if p))
        form.full(f"第{n}轮 回访", "　".join(p for p in (
            label("satisfaction", r.get("satisfaction"), empty="未回访"),
            when(r.get("callback_at")) if r.get("callback_at") else "",
            f"客户意见：{clean(r['customer_words'])}" if r.get("customer_words") else "") if p))


def title_of(t: Ticket) -> str:
    return kinds.sheet_title(t.get("kind") or "complaint")


def heading(hall: str, title: str, t: Ticket, meta: RecordMeta) -> list[Flowable]:
    out: list[Flowable] = []
    if hall:
        out.append(Heavy(hall, 12, space_after=2))
    out.append(Heavy(title, 18, space_after=6))
    ver = f"{GAP}版本 {meta.version}" if meta.version is not None else ""
    out.append(raw(f"编号：{markup(t.get('number'))}{ver}{GAP}打印时间：{markup(when(meta.printed_at))}",
                   _centered(SMALL)))
    if hotline_ref(t):
        out.append(raw(f"热线工单：{markup(hotline_ref(t))}", _centered(SMALL)))
    out.append(Spacer(1, 4 * mm))
    return out


def _centered(style):
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle

    return ParagraphStyle(style.name + "-c", parent=style, alignment=TA_CENTER)


# ---------------------------------------------------------------- shared blocks

def deadlines_table(t: Ticket) -> list[Flowable]:
    rows = [[rule_label(d), when(d.get("due")) + ("（暂定）" if d.get("provisional") else ""),
             raw(deadline_state(d), BODY), when(d.get("met_at")), yes_no(d.get("agreed"))]
            for d in t.get("deadlines") or []]
    if not rows:
        return [raw("时限", HEADING), para("无时限记录")]
    widths = [62 * mm, 32 * mm, 22 * mm, 32 * mm, WIDTH - 148 * mm]
    # a last day moved off a closed day (Civil Code art. 203), and what 暂定 means
    notes = [f"{rule_label(d)}：{d['moved_reason']}" for d in t.get("deadlines") or []
             if d.get("moved_reason")]
    if any(d.get("provisional") for d in t.get("deadlines") or []):
        notes.append("暂定：该年度节假日安排尚未录入，按周末和元旦、劳动节、国庆节计算，录入后重算")
    return [raw("时限", HEADING),
            grid_table(["时限项目", "到期时间", "状态", "完成时间", "约定时间"], rows, widths),
            *(para(n) for n in notes)]


def history_table(t: Ticket, title: str = "处理过程记录") -> list[Flowable]:
    """Every lifecycle step with who and when; long notes go on following rows."""
    widths = [10 * mm, 29 * mm, 30 * mm, 26 * mm]
    widths.append(WIDTH - sum(widths))
    line_chars = int((widths[-1] - 6) / SMALL.fontSize) - 2
    rows: list[list[Any]] = []
    continued: list[int] = []
    for event in t.get("history") or []:
        pieces = chunks(event.get("note"), line_chars=line_chars)
        for i, piece in enumerate(pieces):
            if i:
                continued.append(len(rows))
            head = [clean(event.get("seq")), when(event.get("at")),
                    label("action", event.get("action")), clean(event.get("actor"))] if i == 0 \
                else ["", "", "", ""]
            rows.append([*head, para(piece, SMALL, empty="")])
    if not rows:
        return [raw(title, HEADING), para("无记录")]
    return [raw(title, HEADING),
            grid_table(["序号", "时间", "环节", "经办人", "说明"], rows, widths, style=SMALL,
                       continued=continued)]


def sign_block(statement: str, box_title: str, entry: Any) -> Flowable:
    parts: list[Flowable] = []
    if statement:
        parts.append(raw(statement, BODY))
        parts.append(Spacer(1, 1.5 * mm))
    parts.append(SignatureBox(box_title, entry))
    return KeepTogether(parts)


def intake_form(t: Ticket, form: Form) -> None:
    name, phone, address = identity(t)
    form.section("一、受理登记")
    form.pair("工单编号", t.get("number"), "受理时间", when(t.get("received_at")))
    form.pair("受理渠道", label("channel", t.get("channel")), "类型", label("kind", t.get("kind")))
    form.pair("类别", t.get("category") or BLANK, "业务类型",
              t.get("business_name") or t.get("business_type") or BLANK)
    form.pair("受理柜台", t.get("counter") or BLANK, "首问负责人", t.get("first_receiver") or BLANK)
    form.pair("优先级", priority(t), "当前状态", label("status", t.get("status")))
    form.pair("处理轮次", f"第 {clean(t.get('round') or 1)} 轮", "重复投诉", repeat_words(t))
    if t.get("target"):
        form.pair("投诉对象", f"{label('target', t.get('target_kind'))}：{clean(t['target'])}")
    form.pair("约定时间", when(t.get("agreed_due_at")), "升级时间", when(t.get("escalated_at")))
    form.section("二、客户信息")
    form.pair("客户姓名", name, "联系电话", phone)
    form.pair("匿名", anonymity(t), "情绪状态", label("emotion", t.get("emotional_state")))
    form.full("地址", address)


# ---------------------------------------------------------------- 客户投诉记录表

def record_sheet(ticket: Ticket, meta: RecordMeta | Mapping[str, Any],
                 signatures: Iterable[Any] = ()) -> bytes:
    """客户投诉记录表: every registration field, the read-back confirmation with the customer's
    signature, the handling (validity, department, cause, solution), the supervisor's
    instruction with signature, the reply and the callback, the deadlines and every
    lifecycle step with who and when."""
    t, meta, sigs = ticket, RecordMeta.of(meta), list(signatures or ())
    title = title_of(t)
    story = heading(clean(meta.hall_name), title, t, meta)

    form = Form(WIDTH)
    intake_form(t, form)
    form.section("三、诉求内容")
    form.full("事由", t.get("content"))
    form.full("客户诉求", t.get("demand"))
    form.full("证据/附件", t.get("evidence_note"), empty="无")
    missing = [clean(m) for m in t.get("missing_materials") or [] if clean(m)]
    form.full("待补材料", "；".join(missing) if missing else "", empty="无")
    form.flowable("复述确认", check_line("工作人员已向客户复述，客户已确认记录内容",
                                        bool(t.get("confirmed_by_customer"))))
    story += [form.table(), Spacer(1, 2 * mm)]
    story.append(sign_block("以上记录经工作人员向本人复述，内容属实。", "客户签名确认",
                            signature_for(sigs, CUSTOMER)))

    form = Form(WIDTH)
    round_blocks(t, form)
    rounds = t.get("rounds") or []
    now_round = f"（第{clean(rounds[-1].get('round'))}轮）" if len(rounds) > 1 else ""
    form.section("四、处理过程" + now_round)
    form.pair("是否成立", validity(t), "责任部门", t.get("department") or BLANK)
    form.full("判定理由", t.get("validity_reason"))
    if t.get("refusal_basis"):
        form.full("不予受理依据", t.get("refusal_basis"))
    form.pair("A角处理人", t.get("handler_a") or BLANK, "B角处理人", t.get("handler_b") or BLANK)
    form.pair("原因类别", label("cause", t.get("cause_class")), "当场解决",
              yes_no(t.get("settled_on_spot")))
    form.full("原因分析", t.get("cause_analysis"))
    form.full("处理方案", t.get("solution"))
    form.full("补偿", compensation(t))
    if t.get("payments"):
        form.full("补偿支付", payment_words(t))
    form.full("实施情况", t.get("implementation"))
    if t.get("reviewed_by") or t.get("review_note"):
        form.pair("审核人", t.get("reviewed_by") or BLANK, "审核意见", t.get("review_note") or BLANK)
    form.section("五、主管批示" + now_round)
    form.full("批示意见", t.get("instruction"))
    form.pair("批示人", t.get("approved_by") or BLANK)
    story += [Spacer(1, 3 * mm), form.table(), Spacer(1, 2 * mm),
              sign_block("", "主管签名（批示）", signature_for(sigs, SUPERVISOR))]

    form = Form(WIDTH)
    form.section("六、答复与回访" + now_round)
    form.pair("答复方式", label("reply", t.get("reply_method")), "答复时间", when(t.get("replied_at")))
    form.full("答复内容", t.get("reply_content"))
    form.pair("回访结果", label("satisfaction", this_round_satisfaction(t), empty="未回访"),
              "归档时间", when(t.get("archived_at")))
    if t.get("satisfaction") == "unreachable":
        form.full("无法回访原因", t.get("summary"))
    else:
        form.full("客户意见", callback_words(t))
    form.full("总结评价", t.get("summary"))
    story += [Spacer(1, 3 * mm), form.table(), Spacer(1, 2 * mm)]
    story += deadlines_table(t)
    story += history_table(t)
    data, _ = render(story, meta, title=title, number=clean(t.get("number")), pagesize=PAGE,
                     margins=MARGINS)
    return data


# ---------------------------------------------------------------- 投诉处理档案

def complaint_file(ticket: Ticket, meta: RecordMeta | Mapping[str, Any],
                   signatures: Iterable[Any] = (), head_instruction: str | None = None) -> bytes:
    """投诉处理档案 for a ticket escalated to the service supervisor: the case, the escalation
    time, the cause, the progress so far and the department head's instruction (批示) with
    signature. Without ``head_instruction`` the sheet leaves ruled space to write it by hand."""
    t, meta, sigs = ticket, RecordMeta.of(meta), list(signatures or ())
    title = "投诉处理档案"
    story = heading(clean(meta.hall_name), title, t, meta)

    form = Form(WIDTH)
    form.section("一、档案信息")
    form.pair("工单编号", t.get("number"), "受理时间", when(t.get("received_at")))
    form.pair("升级时间", when(t.get("escalated_at")) if t.get("escalated_at") else "未升级",
              "当前状态", label("status", t.get("status")))
    form.pair("类型", label("kind", t.get("kind")), "类别", t.get("category") or BLANK)
    form.pair("责任部门", t.get("department") or BLANK, "优先级", priority(t))
    form.pair("A角处理人", t.get("handler_a") or BLANK, "B角处理人", t.get("handler_b") or BLANK)
    form.pair("首问负责人", t.get("first_receiver") or BLANK, "处理轮次",
              f"第 {clean(t.get('round') or 1)} 轮")
    name, phone, _ = identity(t)
    form.pair("客户", name, "联系电话", phone)
    form.section("二、案情")
    form.full("事由", t.get("content"))
    form.full("客户诉求", t.get("demand"))
    form.section("三、原因与处理")
    form.pair("是否成立", validity(t), "原因类别", label("cause", t.get("cause_class")))
    form.full("原因分析", t.get("cause_analysis"))
    form.full("处理方案", t.get("solution"))
    form.full("补偿", compensation(t))
    form.full("实施情况", t.get("implementation"))
    form.full("主管批示", t.get("instruction"))
    story += [form.table(), Spacer(1, 2 * mm)]
    story += history_table(t, "处理进展")
    story += deadlines_table(t)

    story.append(raw("部门负责人批示", HEADING))
    if head_instruction and clean(head_instruction):
        box = Form(WIDTH)
        box.full("批示意见", head_instruction)
        story.append(box.table())
    else:
        story.append(WritingLines(5))
    story.append(Spacer(1, 2 * mm))
    story.append(sign_block("", "部门负责人签名", signature_for(sigs, DEPARTMENT_HEAD)))
    data, _ = render(story, meta, title=title, number=clean(t.get("number")), pagesize=PAGE,
                     margins=MARGINS)
    return data


class WritingLines(Flowable):
    """Ruled lines to write on by hand, in a frame."""

    def __init__(self, lines: int, pitch: float = 9 * mm) -> None:
        super().__init__()
        self.lines, self.pitch = lines, pitch

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.lines * self.pitch + 4

    def draw(self) -> None:
        from hall_desk.pdf.layout import GRID

        c = self.canv
        c.saveState()
        c.setStrokeColor(GRID)
        c.setLineWidth(0.8)
        c.rect(0, 0, self.width, self.lines * self.pitch + 4)
        c.setLineWidth(0.3)
        for i in range(1, self.lines):
            y = i * self.pitch + 2
            c.line(6, y, self.width - 6, y)
        c.restoreState()


# ---------------------------------------------------------------- 一次性告知单

DEFAULT_FOLLOW_UP = "请备齐以上全部材料后，凭本告知单到柜台办理。如有疑问，请凭工单编号到柜台或致电查询。"


def notice_slip(ticket: Ticket, meta: RecordMeta | Mapping[str, Any],
                materials: Iterable[str] | None = None, signatures: Iterable[Any] = (),
                clerk: str | None = None, follow_up: str = DEFAULT_FOLLOW_UP) -> bytes:
    """一次性告知单: every missing material listed at once and numbered, with the clerk, the
    date and the applicant's acknowledgment. ``materials`` defaults to the ticket's
    ``missing_materials``; the clerk defaults to the ticket's first receiver."""
    t, meta, sigs = ticket, RecordMeta.of(meta), list(signatures or ())
    items = [clean(m) for m in (materials if materials is not None
                                else t.get("missing_materials") or []) if clean(m)]
    title = "一次性告知单"
    story = heading(clean(meta.hall_name), title, t, meta)
    name, _, _ = identity(t)
    form = Form(WIDTH)
    form.pair("申请人", name, "工单编号", t.get("number"))
    form.pair("办理业务", business(t), "受理时间", when(t.get("received_at")))
    story += [form.table(), Spacer(1, 5 * mm)]

    applicant = "" if name == BLANK else f"{markup(name)}："
    story.append(raw(applicant, LETTER.clone("hd-to", firstLineIndent=0)))
    story.append(Spacer(1, 1 * mm))
    if items:
        story.append(raw(
            f"您申请办理的“{markup(business(t))}”业务，尚需补充以下材料。按照一次性告知制，"
            f"现将需补充的全部材料（共 {len(items)} 项）一次性告知如下：", LETTER))
        story.append(Spacer(1, 2 * mm))
        item_style = _item_style()
        for n, item in enumerate(items, 1):
            for i, piece in enumerate(chunks(item, line_chars=40)):
                story.append(FastParagraph(markup(piece), item_style,
                                       bulletText=f"{n}." if i == 0 else None))
    else:
        story.append(raw(f"您申请办理的“{markup(business(t))}”业务，材料已齐全，无需补充。", LETTER))
    story += [Spacer(1, 3 * mm), para(follow_up, LETTER), Spacer(1, 8 * mm)]

    clerk_name = clean(clerk) or clean(t.get("first_receiver")) or clean(meta.printed_by) or BLANK
    hall = clean(meta.hall_name)
    story.append(raw(f"经办人：{markup(clerk_name)}{GAP}柜台：{markup(t.get('counter'))}{GAP}"
                     f"日期：{markup(as_date(meta.printed_at or t.get('received_at')))}"
                     + (f"{GAP}{markup(hall)}" if hall else ""), BODY))
    story.append(Spacer(1, 6 * mm))
    story.append(sign_block("本人已收到本告知单，知悉需补充的全部材料。", "申请人签收",
                            signature_for(sigs, CUSTOMER)))
    clerk_sig = signature_for(sigs, CLERK)
    if clerk_sig is not None:
        story.append(sign_block("", "经办人签名", clerk_sig))
    story.append(raw("本告知单一式两联，申请人与大厅各执一联。", NOTE))
    data, _ = render(story, meta, title=title, number=clean(t.get("number")), pagesize=PAGE,
                     margins=MARGINS)
    return data


def _item_style():
    from reportlab.lib.styles import ParagraphStyle

    return ParagraphStyle("hd-item", parent=BODY, leftIndent=10 * mm, bulletIndent=3 * mm,
                          bulletFontName=BODY.fontName, bulletFontSize=BODY.fontSize,
                          spaceAfter=2, fontSize=10.5, leading=16)


# ---------------------------------------------------------------- 不予受理告知书

REFUSAL_RIGHTS = ("如对本决定有异议，您可以向本营业厅负责人或上级主管部门反映、再次投诉，"
                  "也可以在补正或情况变化后重新提出申请。")


def refused(t: Ticket) -> tuple[str, str]:
    """When and by whom the request was refused: the latest 判定不成立 in the history."""
    for event in reversed(list(t.get("history") or [])):
        if event.get("action") == "judge_invalid":
            return clean(event.get("at")), clean(event.get("actor"))
    return "", ""


def refusal_notice(ticket: Ticket, meta: RecordMeta | Mapping[str, Any],
                   signatures: Iterable[Any] = ()) -> bytes:
    """不予受理告知书 (manual 001 第九条(二)): the refusal told once and in writing, with its
    reason and the rule or document it rests on, the customer's right to complain further or
    apply again, the hall, the date, and the clerk's and the customer's signatures."""
    t, meta, sigs = ticket, RecordMeta.of(meta), list(signatures or ())
    title = "不予受理告知书"
    hall = clean(meta.hall_name)
    story = heading(hall, title, t, meta)
    name, _, _ = identity(t)
    form = Form(WIDTH)
    form.pair("申请人", name, "工单编号", t.get("number"))
    form.pair("申请事项", business(t), "受理时间", when(t.get("received_at")))
    story += [form.table(), Spacer(1, 5 * mm)]

    applicant = "" if name == BLANK else f"{markup(name)}："
    story.append(raw(applicant, LETTER.clone("hd-to-r", firstLineIndent=0)))
    story.append(Spacer(1, 1 * mm))
    story.append(raw(f"您于{markup(as_date(t.get('received_at')))}提出的“{markup(business(t))}”"
                     f"申请（工单编号 {markup(t.get('number'))}），经审查，决定不予受理。"
                     f"现将理由和依据一次性告知如下：", LETTER))
    story.append(Spacer(1, 2 * mm))
    box = Form(WIDTH)
    box.full("理由", clean(t.get("validity_reason")) or BLANK)
    box.full("依据", clean(t.get("refusal_basis")) or BLANK)
    story += [box.table(), Spacer(1, 3 * mm), para(REFUSAL_RIGHTS, LETTER), Spacer(1, 8 * mm)]

    decided, decided_by = refused(t)
    clerk_name = decided_by or clean(t.get("first_receiver")) or clean(meta.printed_by) or BLANK
    decided = decided or meta.printed_at
    story.append(raw(f"经办人：{markup(clerk_name)}{GAP}柜台：{markup(t.get('counter'))}{GAP}"
                     f"日期：{markup(as_date(decided))}"
                     + (f"{GAP}{markup(hall)}" if hall else ""), BODY))
    story.append(Spacer(1, 6 * mm))
    story.append(sign_block("", "经办人签名", signature_for(sigs, CLERK)))
    story.append(sign_block("本人已收到本告知书，知悉不予受理的理由、依据和救济途径。", "申请人签收",
                            signature_for(sigs, CUSTOMER)))
    story.append(raw("本告知书一式两联，申请人与大厅各执一联。", NOTE))
    data, _ = render(story, meta, title=title, number=clean(t.get("number")), pagesize=PAGE,
                     margins=MARGINS)
    return data
