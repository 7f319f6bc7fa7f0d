"""受理回执: the slip the customer takes home, with the ticket number as text and QR code.

Two layouts: A5 for a desk printer and an 80 mm strip for a receipt printer, whose page
height is fitted to the content. The customer's name and phone are always masked on the
receipt (it leaves the hall), and left out altogether for an anonymous customer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from hall_desk.core import promise
from hall_desk.core.masking import mask_name, mask_phone
from hall_desk.pdf import fonts
from hall_desk.pdf.layout import (
    BODY, GRID, LABEL, NOTE, Heavy, RecordMeta, footer_height, frame_width, para, raw, render,
)
from hall_desk.pdf.text import BLANK, clean, hotline_ref, label, markup, truncate, when

FORMATS = ("a5", "80mm")
DEFAULT_FOLLOW_UP = "查询方式：凭本回执编号到柜台查询。"
STRIP_WIDTH = 80 * mm


def promise_of(ticket: Mapping[str, Any]) -> tuple[str | None, bool]:
    """(when the customer is promised an answer as ISO text or None, provisional): the rule
    of :func:`hall_desk.core.promise.promised`, on the ticket's deadlines."""
    return promise.promised(
        [promise.Due(d.get("rule") or "", str(d["due"]), d.get("state") == "met",
                     bool(d.get("provisional")))
         for d in ticket.get("deadlines") or [] if d.get("due")],
        ticket.get("agreed_due_at"))


def promised_time(ticket: Mapping[str, Any]) -> str | None:
    """When the customer is promised an answer (ISO text, or None)."""
    return promise_of(ticket)[0]


def qr_drawing(value: str, size: float) -> Drawing:
    """A square QR code of ``value`` (reportlab's own encoder), ``size`` points wide."""
    drawing = Drawing(size, size, initialFontName=fonts.FONT)   # else it selects Helvetica
    drawing.add(QrCodeWidget(value, barWidth=size, barHeight=size, barLevel="M", barBorder=2))
    return drawing


def follow_up_of(ticket: Mapping[str, Any]) -> str:
    """How the customer follows up: at the counter, or by the hall's phone when it has one."""
    phone = clean(ticket.get("hall_phone"))
    return f"查询方式：凭本回执编号到柜台或致电 {phone} 查询。" if phone else DEFAULT_FOLLOW_UP


def receipt(ticket: Mapping[str, Any], meta: RecordMeta | Mapping[str, Any],
            format: str = "a5", follow_up: str | None = None) -> bytes:  # noqa: A002
    """受理回执 in ``format`` "a5" or "80mm": hall name, the ticket number large and as a QR
    code, the time received, the promised reply time and how to follow up. The hall's phone
    and address come as ``hall_phone`` / ``hall_address`` in ``ticket`` (printed when set)."""
    if format not in FORMATS:
        raise ValueError(f"receipt format {format!r}: choose one of {', '.join(FORMATS)}")
    t, meta = ticket, RecordMeta.of(meta)
    narrow = format == "80mm"
    follow_up = follow_up or follow_up_of(ticket)
    number = clean(t.get("number")) or BLANK
    if narrow:
        margins = (4 * mm, 4 * mm, 5 * mm, footer_height(narrow=True))
        width = frame_width((STRIP_WIDTH, 0), margins)
    else:
        margins = (14 * mm, 14 * mm, 16 * mm, footer_height())
        width = frame_width(A5, margins)
    story = _story(t, meta, number, width, narrow, follow_up)
    if not narrow:
        data, _ = render(story, meta, title="受理回执", number=number, pagesize=A5,
                         margins=margins)
        return data
    # the strip is as long as its content: measure, then build one page of that height
    height = margins[2] + margins[3] + 4 * mm
    for item in story:
        _, h = item.wrap(width, 10_000)
        height += h + item.getSpaceBefore() + item.getSpaceAfter()
    while True:
        data, pages = render(_story(t, meta, number, width, narrow, follow_up), meta,
                             title="受理回执", number=number, pagesize=(STRIP_WIDTH, height),
                             margins=margins, header=False)
        if pages == 1 or height > 2000 * mm:
            return data
        height += 20 * mm


def _story(t: Mapping[str, Any], meta: RecordMeta, number: str, width: float, narrow: bool,
           follow_up: str) -> list[Flowable]:
    hall = clean(meta.hall_name)
    centered = ParagraphStyle("hd-receipt-c", parent=BODY, alignment=TA_CENTER)
    story: list[Flowable] = []
    if hall:
        story.append(Heavy(hall, 11 if narrow else 13, space_after=3))
    story.append(Heavy("受理回执", 16 if narrow else 18, space_after=6))
    story.append(raw("工单编号", ParagraphStyle("hd-receipt-l", parent=centered, fontSize=9)))
    story.append(Heavy(number, 17 if narrow else 22, space_after=3))
    qr = qr_drawing(number, (32 if narrow else 38) * mm)
    qr.hAlign = "CENTER"
    story += [qr, Spacer(1, 2 * mm)]

    if t.get("anonymous"):
        customer, phone = "匿名（不显示）", ""
    else:
        customer = truncate(mask_name(clean(t.get("customer_name"))), 32)
        phone = truncate(mask_phone(clean(t.get("phone"))), 32)
    promised, provisional = promise_of(t)       # provisional: a year not entered yet
    rows = [
        ("受理时间", when(t.get("received_at"))),
        *([("热线工单", truncate(hotline_ref(t), 60))] if hotline_ref(t) else []),
        ("类型", label("kind", t.get("kind")) + (f" · {truncate(t['category'], 40)}" if t.get("category") else "")),
        ("客户", customer or BLANK),
        *([("联系电话", phone)] if phone else []),
        ("受理柜台", " ".join(p for p in (truncate(t.get("counter"), 16),
                                        truncate(t.get("first_receiver"), 32)) if p) or BLANK),
        ("承诺答复" if narrow else "承诺答复时间", (when(promised) + ("（暂定）" if provisional else ""))
         if promised else "按规定时限答复"),
        ("事由摘要", truncate(t.get("content"), 40 if narrow else 80) or BLANK),
        *([("服务电话", truncate(t["hall_phone"], 32))] if clean(t.get("hall_phone")) else []),
        *([("大厅地址", truncate(t["hall_address"], 128))] if clean(t.get("hall_address"))
          else []),
    ]
    label_w = (17 if narrow else 22) * mm
    table = Table([[raw(k, LABEL), para(v)] for k, v in rows], colWidths=[label_w, width - label_w],
                  style=TableStyle([
                      ("FONT", (0, 0), (-1, -1), fonts.FONT, BODY.fontSize),
                      ("VALIGN", (0, 0), (-1, -1), "TOP"),
                      ("LINEBELOW", (0, 0), (-1, -1), 0.3, GRID),
                      ("LINEABOVE", (0, 0), (-1, 0), 0.8, GRID),
                      ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                      ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                  ]))
    story += [table, Spacer(1, 3 * mm), para(follow_up), Spacer(1, 1 * mm),
              raw("请妥善保管本回执，它是您查询办理进度的凭证。", NOTE),
              raw(f"打印时间：{markup(when(meta.printed_at))}", NOTE)]
    return story
