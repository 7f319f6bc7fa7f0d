"""统计分析报告: the statistics of a date range as a printed report, A4 portrait, in Chinese.

Takes the plain figures of ``services.statistics.overview`` (a dict) and its tables as plain
lists (title, header, rows), draws the charts with ``reportlab.graphics`` (bars by kind,
category, channel and cause; the trend as a line; callback satisfaction as a pie; on-time
rate per time limit as bars) and prints every table. No store, no Qt.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from hall_desk.pdf import fonts
from hall_desk.pdf.layout import (
    GAP, HEADING, SMALL, Heavy, RecordMeta, frame_width, grid_table, raw, render,
)
from hall_desk.pdf.text import clean, markup

PAGE = A4
MARGINS = (16 * mm, 16 * mm, 18 * mm, 20 * mm)
WIDTH = frame_width(PAGE, MARGINS)
BAR = colors.HexColor("#3A6EA5")
PALETTE = [colors.HexColor(c) for c in ("#2E7D32", "#8BC34A", "#C62828", "#3A6EA5", "#F9A825",
                                        "#6A1B9A", "#00838F", "#795548")]


def _short(text: str, n: int = 6) -> str:
    text = clean(text)
    return text if len(text) <= n else text[: n - 1] + "…"


def _fit(text: str, width: float, size: float) -> str:
    """``text`` cut (with …) to fit ``width`` points at ``size``."""
    text = clean(text)
    face = fonts.font()
    if face.stringWidth(text, size) <= width:
        return text
    while len(text) > 1 and face.stringWidth(text + "…", size) > width:
        text = text[:-1]
    return text + "…"


def _title(drawing: Drawing, text: str) -> None:
    drawing.add(String(0, drawing.height - 11, clean(text), fontName=fonts.FONT, fontSize=9.5))


def bar_chart(title: str, labels: Sequence[str], values: Sequence[float], *,
              width: float, height: float = 52 * mm, percent: bool = False) -> Drawing:
    """A titled vertical bar chart; values printed above the bars."""
    d = Drawing(width, height)
    _title(d, title)
    chart = VerticalBarChart()
    chart.x, chart.y = 26, 22
    chart.width, chart.height = width - 36, height - 44
    chart.data = [list(values) or [0]]
    size = 7 if len(labels) <= 6 else 6.5
    room = chart.width / max(1, len(labels)) - 3
    chart.categoryAxis.categoryNames = [_fit(label, room, size) for label in labels] or [""]
    chart.categoryAxis.labels.fontName = fonts.FONT
    chart.categoryAxis.labels.fontSize = size
    chart.categoryAxis.labels.boxAnchor = "n"
    chart.valueAxis.labels.fontName = fonts.FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    top = max(values) if values else 0
    chart.valueAxis.valueMax = 100 if percent else max(1, top * 1.2)
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#DDDDDD")
    chart.bars[0].fillColor = BAR
    chart.bars[0].strokeColor = None
    chart.barLabels.fontName = fonts.FONT
    chart.barLabels.fontSize = 6.5
    chart.barLabels.nudge = 6
    chart.barLabelFormat = "%.0f%%" if percent else "%d"
    d.add(chart)
    return d


def line_chart(title: str, labels: Sequence[str], values: Sequence[float], *,
               width: float, height: float = 55 * mm) -> Drawing:
    """A titled line chart (the trend); at most about 12 category labels are printed."""
    d = Drawing(width, height)
    _title(d, title)
    chart = HorizontalLineChart()
    chart.x, chart.y = 26, 22
    chart.width, chart.height = width - 36, height - 44
    chart.data = [list(values) or [0]]
    step = max(1, len(labels) // 12)
    chart.categoryAxis.categoryNames = [lab[5:] if i % step == 0 else ""
                                        for i, lab in enumerate(labels)] or [""]
    chart.categoryAxis.labels.fontName = fonts.FONT
    chart.categoryAxis.labels.fontSize = 6.5
    chart.categoryAxis.labels.angle = 0
    chart.valueAxis.labels.fontName = fonts.FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(1, max(values) * 1.2 if values else 1)
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#DDDDDD")
    chart.lines[0].strokeColor = BAR
    chart.lines[0].strokeWidth = 1.5
    d.add(chart)
    return d


def pie_chart(title: str, labels: Sequence[str], values: Sequence[float], *,
              width: float, height: float = 52 * mm) -> Drawing:
    """A titled pie with its legend as text beside it (label, count)."""
    d = Drawing(width, height)
    _title(d, title)
    if not any(values):
        d.add(String(width / 2, height / 2, "无数据", fontName=fonts.FONT, fontSize=9,
                     textAnchor="middle"))
        return d
    size = min(height - 26, width * 0.45)
    pie = Pie()
    pie.x, pie.y = 8, (height - 16 - size) / 2
    pie.width = pie.height = size
    pie.data = list(values)
    pie.labels = None
    pie.slices.strokeColor = colors.white
    for i in range(len(values)):
        pie.slices[i].fillColor = PALETTE[i % len(PALETTE)]
    d.add(pie)
    total = sum(values)
    y = pie.y + size - 8
    for i, (label, value) in enumerate(zip(labels, values)):
        x = pie.x + size + 14
        d.add(Rect(x, y - 1, 7, 7, fillColor=PALETTE[i % len(PALETTE)], strokeColor=None))
        share = f"{value / total:.0%}" if total else ""
        d.add(String(x + 11, y, f"{clean(label)}  {value:g}  {share}", fontName=fonts.FONT,
                     fontSize=8))
        y -= 13
    return d


def _pair(left: Flowable, right: Flowable) -> Table:
    return Table([[left, right]], colWidths=[WIDTH / 2, WIDTH / 2],
                 style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 0)]), hAlign="LEFT")


def _items(figures: Mapping[str, Any], key: str) -> tuple[list[str], list[int]]:
    items = figures.get(key) or []
    return [i["label"] for i in items], [int(i["count"]) for i in items]


def statistics_report(figures: Mapping[str, Any],
                      tables: Sequence[tuple[str, Sequence[str], Sequence[Sequence[Any]]]],
                      meta: RecordMeta | Mapping[str, Any]) -> bytes:
    """The report: title and range, early warnings, charts, then every table."""
    meta = RecordMeta.of(meta)
    rng = figures.get("range", {})
    period = f"{rng.get('from', '')} 至 {rng.get('to', '')}"
    hall = clean(meta.hall_name)
    half = WIDTH / 2 - 4
    story: list[Flowable] = [
        Heavy(f"{hall}投诉统计分析报告" if hall else "投诉统计分析报告", 16, space_after=3),
        raw(f"统计期间：{markup(period)}{GAP}部门：{markup(rng.get('department', ''))}"
            f"{GAP}受理总数：{int(figures.get('total', 0))} 件{GAP}"
            f"当前未结：{int(figures.get('open_now', 0))} 件{GAP}"
            f"当前超时：{int(figures.get('overdue_now', 0))} 件", SMALL),
        Spacer(1, 3 * mm),
    ]
    warnings = figures.get("warnings") or []
    if warnings:
        story.append(raw("类别预警", HEADING))
        for w in warnings:
            story.append(raw(f"▲ {markup(w.get('message', ''))}", SMALL))
        story.append(Spacer(1, 2 * mm))

    story.append(raw("图表", HEADING))
    kinds = _items(figures, "by_kind")
    cats = _items(figures, "by_category")
    story.append(_pair(bar_chart("按类型（件）", *kinds, width=half),
                       bar_chart("按类别（件）", *cats, width=half)))
    story.append(_pair(bar_chart("按渠道（件）", *_items(figures, "by_channel"), width=half),
                       bar_chart("按原因类别（件）", *_items(figures, "by_cause"), width=half)))
    story.append(_pair(bar_chart("按业务类型（件）", *_items(figures, "by_business"), width=half),
                       bar_chart("按投诉对象类别（件）", *_items(figures, "by_target"),
                                 width=half)))
    trend = figures.get("trend") or []
    story.append(line_chart("受理趋势（件）", [p["period"] for p in trend],
                            [int(p["count"]) for p in trend], width=WIDTH))
    on_time = figures.get("on_time") or []
    cb = figures.get("callbacks") or {}
    story.append(bar_chart("各时限按时率（%）", [r["label"] for r in on_time],
                           [round((r["rate"] or 0) * 100, 1) for r in on_time], width=WIDTH,
                           percent=True))
    reply = (figures.get("resolution") or {}).get("reply", {}).get("buckets", [])
    story.append(_pair(
        pie_chart("回访满意度（次）", ["满意", "基本满意", "不满意"],
                  [cb.get("satisfied", 0), cb.get("basically", 0), cb.get("dissatisfied", 0)],
                  width=half),
        bar_chart("答复时长分布（件）", [b["label"] for b in reply],
                  [int(b["count"]) for b in reply], width=half)))

    for title, header, rows in tables:
        widths = _col_widths(header, rows)
        block: list[Flowable] = [raw(markup(title), HEADING)]
        if rows:
            block.append(grid_table([markup(h) for h in header],
                                    [[clean(str(c)) for c in r] for r in rows], widths,
                                    style=SMALL, header_style=SMALL, zebra=True))
        else:
            block.append(raw("本期间无记录。", SMALL))
        story.append(KeepTogether(block) if len(rows) < 25 else block[0])
        if len(rows) >= 25:
            story.extend(block[1:])
    out, _ = render(story, meta, title="统计分析报告", number=period, pagesize=PAGE,
                    margins=MARGINS)
    return out


def _col_widths(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[float]:
    n = max(1, len(header))
    first = min(WIDTH * 0.4, max(30 * mm, WIDTH / n))
    rest = (WIDTH - first) / max(1, n - 1) if n > 1 else 0
    return [first] + [rest] * (n - 1) if n > 1 else [WIDTH]
