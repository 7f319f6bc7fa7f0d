"""交接班记录 (the shift handover sheet) and 值班记录 (the duty log sheet), A4, from plain data.

``handover_sheet`` takes the dict of ``services.handover.describe()``: the shift, both
people, every item with its review state, query and answer, and the signatures (entries
with images, wet ink or a blank line). ``duty_log_sheet`` takes the entries of
``services.duty.entries()`` as dicts (``Entry.as_json()``), oldest first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from hall_desk.pdf.layout import (
    GAP, BODY, SMALL, Form, Heavy, RecordMeta, SignatureBox, SignatureEntry, frame_width,
    grid_table, para, raw, render, signature_for,
)
from hall_desk.pdf.text import BLANK, chunks, clean, label, markup, truncate, when

PAGE = A4
MARGINS = (15 * mm, 15 * mm, 16 * mm, 20 * mm)
WIDTH = frame_width(PAGE, MARGINS)
OUTGOING, INCOMING = "outgoing", "incoming"


def _centered(style):
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle

    return ParagraphStyle(style.name + "-c", parent=style, alignment=TA_CENTER)


def _period(data: Mapping[str, Any]) -> str:
    start, end = when(data.get("shift_start")), when(data.get("shift_end"))
    if start[:10] == end[:10]:
        end = end[11:]
    return f"{start} – {end}"


def _item_state(item: Mapping[str, Any]) -> str:
    text = markup(label("handover.item", item.get("state")))
    if item.get("state") == "queried":
        return f'<font color="#B00000">{text}</font>'
    return text


def handover_sheet(data: Mapping[str, Any], meta: RecordMeta | Mapping[str, Any],
                   signatures: Iterable[Any] = ()) -> bytes:
    """交接班记录: shift, people, items with states, queries and answers, both signatures."""
    meta, sigs = RecordMeta.of(meta), list(signatures or ())
    number = f"第{clean(data.get('id'))}号"
    story: list[Flowable] = []
    if meta.hall_name:
        story.append(Heavy(meta.hall_name, 12, space_after=2))
    story.append(Heavy("交接班记录", 18, space_after=6))
    ver = f"{GAP}版本 {meta.version}" if meta.version is not None else ""
    story.append(raw(f"编号：{markup(number)}{ver}{GAP}打印时间：{markup(when(meta.printed_at))}",
                     _centered(SMALL)))
    story.append(Spacer(1, 4 * mm))

    form = Form(WIDTH)
    form.section("一、班次")
    form.pair("班次", data.get("shift_name"), "时间", _period(data))
    form.pair("交班人", data.get("outgoing") or BLANK, "接班人", data.get("incoming") or BLANK)
    form.pair("交班签名时间", when(data.get("outgoing_signed_at")),
              "接班签名时间", when(data.get("incoming_signed_at")))
    items = list(data.get("items") or [])
    states = [i.get("state") for i in items]
    summary = (f"共 {len(items)} 项：已确认 {states.count('acknowledged')}，"
               f"已答复 {states.count('answered')}，有疑问 {states.count('queried')}，"
               f"待确认 {states.count('pending')}")
    form.pair("状态", label("handover.state", data.get("state")), "事项", summary)
    story.append(form.table())
    story.append(Spacer(1, 3 * mm))

    widths = [9 * mm, 25 * mm, 0, 16 * mm, 52 * mm]
    widths[2] = WIDTH - sum(widths)
    rows: list[list[Any]] = []
    continued: list[int] = []
    line_chars = int((widths[2] - 6) / SMALL.fontSize) - 1
    qa_chars = int((widths[4] - 6) / SMALL.fontSize) - 1
    for n, item in enumerate(items, 1):
        qa = []
        if item.get("query"):
            qa.append(f"问：{clean(item['query'])}")
        if item.get("answer"):
            qa.append(f"答：{clean(item['answer'])}")
        pieces = chunks(item.get("text"), line_chars=line_chars)
        # queries and answers pile up: cut in pieces too, or one cell outgrows the page
        answers = chunks("\n".join(qa), line_chars=qa_chars) if qa else [""]
        for i in range(max(len(pieces), len(answers))):
            piece = pieces[i] if i < len(pieces) else ""
            answer = answers[i] if i < len(answers) else ""
            if i:
                continued.append(len(rows))
                rows.append(["", "", para(piece, SMALL, empty=""), "",
                             para(answer, SMALL, empty="")])
            else:
                rows.append([str(n), label("handover.kind", item.get("kind")), para(piece, SMALL),
                             raw(_item_state(item), SMALL), para(answer, SMALL, empty="")])
    story.append(raw("二、交接事项", BODY))
    story.append(Spacer(1, 1.5 * mm))
    if rows:
        story.append(grid_table(["序号", "类别", "事项", "确认", "疑问与答复"], rows, widths,
                                style=SMALL, header_style=SMALL, continued=continued))
    else:
        story.append(para("本班无交接事项。", SMALL))
    story.append(Spacer(1, 5 * mm))
    story.append(KeepTogether([
        raw("交班人：以上事项均已如实列明。", BODY), Spacer(1, 1.5 * mm),
        SignatureBox("交班人签名", signature_for(sigs, OUTGOING) or SignatureEntry(
            OUTGOING, data.get("outgoing") or "")),
    ]))
    story.append(KeepTogether([
        raw("接班人：以上事项已逐项核对、确认接收；疑问及答复如上。", BODY), Spacer(1, 1.5 * mm),
        SignatureBox("接班人签名", signature_for(sigs, INCOMING) or SignatureEntry(
            INCOMING, data.get("incoming") or "")),
    ]))
    if data.get("state") == "sealed":
        story.append(Spacer(1, 2 * mm))
        story.append(raw("本记录经交接双方签名后已封存，此后不再改动。", SMALL))
        if data.get("anchor_code"):
            story.append(raw(f"封存锚点码：{markup(str(data['anchor_code']))}"
                             "（核对：hall-desk audit verify --anchor 此码）", SMALL))
    out, _ = render(story, meta, title="交接班记录", number=number, pagesize=PAGE,
                    margins=MARGINS)
    return out


def duty_log_sheet(entries: Iterable[Mapping[str, Any]], meta: RecordMeta | Mapping[str, Any],
                   period: str) -> bytes:
    """值班记录: every entry of a period with who wrote it, the incident's handling and
    outcome, and which entry a correction or follow-up refers to."""
    meta = RecordMeta.of(meta)
    entries = list(entries)
    widths = [10 * mm, 25 * mm, 24 * mm, 16 * mm, 0, 48 * mm]
    widths[4] = WIDTH - sum(widths)
    text_chars = int((widths[4] - 6) / SMALL.fontSize) - 1
    handling_chars = int((widths[5] - 6) / SMALL.fontSize) - 1
    rows: list[list[Any]] = []
    continued: list[int] = []
    for e in entries:
        follow = ""
        if e.get("corrects"):
            follow = f"（{label('duty.follow', e.get('follow'))}第{clean(e['corrects'])}号）"
        handling = "；".join(p for p in (
            f"处理人：{clean(e['handled_by'])}" if e.get("handled_by") else "",
            f"措施：{clean(e['action_taken'])}" if e.get("action_taken") else "",
            f"结果：{clean(e['outcome'])}" if e.get("outcome") else "",
            f"结案：{when(e['closed_at'])}" if e.get("closed_at") else "") if p)
        # a long entry (2000 characters are allowed) is cut in pieces on rows of its own:
        # one cell taller than the page would stop the whole sheet
        texts = chunks(f"{follow}{clean(e.get('text'))}", line_chars=text_chars)
        handlings = chunks(handling, line_chars=handling_chars) if handling else [""]
        for i in range(max(len(texts), len(handlings))):
            text = texts[i] if i < len(texts) else ""
            done = handlings[i] if i < len(handlings) else ""
            if i:
                continued.append(len(rows))
                rows.append([*[para("", SMALL, empty="")] * 4, para(text, SMALL, empty=""),
                             para(done, SMALL, empty="")])
            else:
                rows.append([str(e.get("id")), when(e.get("at")),
                             label("duty.kind", e.get("kind")), truncate(e.get("staff"), 24),
                             para(text, SMALL), para(done, SMALL, empty="")])
    story: list[Flowable] = []
    hall = clean(meta.hall_name)
    story.append(Heavy(f"{hall}值班记录" if hall else "值班记录", 16, space_after=3))
    story.append(raw(f"期间：{markup(period)}{GAP}共 {len(rows)} 条；记录不删除，更正另起一条并注明所更正的记录",
                     SMALL))
    story.append(Spacer(1, 3 * mm))
    if rows:
        story.append(grid_table(["编号", "时间", "类型", "记录人", "内容", "处理情况"], rows,
                                widths, style=SMALL, header_style=SMALL, zebra=not continued,
                                continued=continued))
    else:
        story.append(raw("本期间无记录。", SMALL))
    out, _ = render(story, meta, title="值班记录", number=period, pagesize=PAGE, margins=MARGINS)
    return out
