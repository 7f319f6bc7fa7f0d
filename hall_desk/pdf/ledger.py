"""投诉台账: the ledger of tickets received over a date range, landscape A4, the header row
repeated on every page, with totals by kind and by status at the end.

Rows are plain dicts, the customer already masked by the caller. Keys (the short aliases in
brackets are accepted too): ``number``, ``received_at`` [``received``], ``kind``,
``category``, ``customer_name`` [``customer``], ``content``, ``department``, ``status``,
``replied_at`` [``replied``], ``satisfaction``. Codes (kind, status, satisfaction) are
printed as their Chinese labels.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from hall_desk.core.enums import TicketKind, TicketStatus
from hall_desk.pdf.layout import (
    GAP,
    HEADING, SMALL, Heavy, RecordMeta, as_date, frame_width, grid_table, raw, render,
)
from hall_desk.pdf.text import BLANK, clean, label, markup, truncate, when

PAGE = landscape(A4)
MARGINS = (12 * mm, 12 * mm, 16 * mm, 18 * mm)
WIDTH = frame_width(PAGE, MARGINS)
CONTENT_CHARS = 58
HEADER = ["工单编号", "受理时间", "类型", "类别", "客户", "事由", "责任部门", "状态", "答复时间", "满意度"]
_SATISFACTION_ORDER = {"satisfied": 0, "basically": 1, "dissatisfied": 2}
_FIXED = [31, 25, 11, 19, 17, 0, 22, 14, 25, 15]


def _get(row: Mapping[str, Any], key: str, alias: str) -> Any:
    return row.get(key, row.get(alias))


def ledger(rows: Iterable[Mapping[str, Any]], meta: RecordMeta | Mapping[str, Any],
           date_from: Any, date_to: Any) -> bytes:
    """投诉台账 from ``date_from`` to ``date_to`` (dates or ISO text): one row per ticket,
    content cut to a line or two, then the totals by kind and by status."""
    meta = RecordMeta.of(meta)
    rows = list(rows)
    widths = [w * mm for w in _FIXED]
    widths[5] = WIDTH - sum(widths)
    data = [[clean(r.get("number")), when(_get(r, "received_at", "received")),
             label("kind", r.get("kind")), clean(r.get("category")) or BLANK,
             clean(_get(r, "customer_name", "customer")) or BLANK,
             truncate(r.get("content"), CONTENT_CHARS) or BLANK,
             clean(r.get("department")) or BLANK, label("status", r.get("status")),
             when(_get(r, "replied_at", "replied")),
             label("satisfaction", r.get("satisfaction"))] for r in rows]
    period = f"{as_date(date_from)} 至 {as_date(date_to)}"
    hall = clean(meta.hall_name)
    story: list[Flowable] = [Heavy(f"{hall}投诉台账" if hall else "投诉台账", 16, space_after=3),
                             raw(f"统计期间：{markup(period)}{GAP}共 {len(rows)} 件", SMALL),
                             Spacer(1, 3 * mm)]
    if data:
        story.append(grid_table(HEADER, data, widths, style=SMALL, header_style=SMALL, zebra=True))
    else:
        story.append(raw("本期间无记录。", SMALL))
    story.append(Spacer(1, 5 * mm))
    story.append(KeepTogether(totals(rows)))
    out, _ = render(story, meta, title="投诉台账", number=period, pagesize=PAGE, margins=MARGINS)
    return out


def totals(rows: list[Mapping[str, Any]]) -> list[Flowable]:
    """Counts by kind and by status (every known code listed, then any other)."""
    by_kind = Counter(r.get("kind") for r in rows)
    by_status = Counter(r.get("status") for r in rows)

    def table(title: str, prefix: str, counts: Counter, order: list[str]) -> Flowable:
        codes = [c for c in order if counts.get(c)] + sorted(
            (c for c in counts if c not in order), key=lambda c: str(c))
        header = [title, *[label(prefix, c, empty="未填") for c in codes], "合计"]
        values = [["件数", *[str(counts[c]) for c in codes], str(sum(counts.values()))]]
        first = 24 * mm
        rest = (WIDTH - first) / max(1, len(codes) + 1)
        return grid_table(header, values, [first] + [min(rest, 24 * mm)] * (len(codes) + 1),
                          style=SMALL, header_style=SMALL)

    replied = sum(1 for r in rows if _get(r, "replied_at", "replied"))
    by_satisfaction = Counter(r.get("satisfaction") for r in rows if r.get("satisfaction"))
    called = sum(by_satisfaction.values())
    satisfied = by_satisfaction.get("satisfied", 0) + by_satisfaction.get("basically", 0)
    rate = f"{satisfied / called:.0%}" if called else BLANK
    summary = (f"已答复 {replied} 件{GAP}已回访 {called} 件"
               + "".join(f"{GAP}{markup(label('satisfaction', c))} {n} 件"
                         for c, n in sorted(by_satisfaction.items(), key=lambda i: _SATISFACTION_ORDER.get(i[0], 9)))
               + f"{GAP}满意率（含基本满意） {rate}")
    return [raw("合计", HEADING),
            table("按类型", "kind", by_kind, TicketKind.codes()), Spacer(1, 2 * mm),
            table("按状态", "status", by_status, TicketStatus.codes()), Spacer(1, 2 * mm),
            raw(summary, SMALL)]
