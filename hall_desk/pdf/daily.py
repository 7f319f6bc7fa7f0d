"""营业厅一日管理记录: the record of the hall's day.

Takes the plain dict of ``services.daily.describe()`` (the date, the template, who opened
and closed the day, every check with its status, time, person and reason, and the closing
signature as a :class:`~hall_desk.pdf.layout.SignatureEntry` or a dict) and a
:class:`~hall_desk.pdf.layout.RecordMeta`; returns PDF bytes. A4, Chinese, with the version
and SHA-256 footer every record has.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from hall_desk.core import daily as rules
from hall_desk.pdf.layout import (
    GAP, HEADING, NOTE, SECTION_TITLE, SMALL, Form, Heavy, RecordMeta, SignatureBox,
    SignatureEntry, frame_width, grid_table, para, raw, render,
)
from hall_desk.pdf.text import BLANK, chunks, clean, label, markup, when

Day = Mapping[str, Any]

PAGE = A4
MARGINS = (15 * mm, 15 * mm, 16 * mm, 20 * mm)
WIDTH = frame_width(PAGE, MARGINS)
TITLE = "营业厅一日管理记录"


def record_number(day: Day) -> str:
    """``YR-20261206`` for the day 2026-12-06."""
    return "YR-" + str(day.get("date") or "").replace("-", "")


def _heading(day: Day, meta: RecordMeta) -> list[Flowable]:
    out: list[Flowable] = []
    if meta.hall_name:
        out.append(Heavy(meta.hall_name, 12, space_after=2))
    out.append(Heavy(TITLE, 18, space_after=6))
    ver = f"{GAP}版本 {meta.version}" if meta.version is not None else ""
    centered = ParagraphStyle(SMALL.name + "-c", parent=SMALL, alignment=TA_CENTER)
    out.append(raw(f"编号：{markup(record_number(day))}{ver}{GAP}"
                   f"打印时间：{markup(when(meta.printed_at))}", centered))
    out.append(Spacer(1, 4 * mm))
    return out


def _summary(day: Day) -> Flowable:
    every = list(day.get("items") or [])
    counts = {s: sum(1 for i in every if i.get("status") == s.value) for s in rules.ItemStatus}
    form = Form(WIDTH)
    form.section("一日管理")
    form.pair("日期", day.get("date"), "状态", label("daily.state", day.get("state"), empty="未开始"))
    template = clean(day.get("template_title")) or clean(day.get("template"))
    form.pair("检查模板", f"{template or BLANK}　第 {day.get('template_version') or BLANK} 版",
              "检查项", f"共 {len(every)} 项")
    form.pair("开始", f"{clean(day.get('opened_by')) or BLANK}（{when(day.get('opened_at'))}）",
              "结束", f"{clean(day.get('closed_by')) or BLANK}（{when(day.get('closed_at'))}）"
              if day.get("closed_at") else BLANK)
    form.full("检查情况", "；".join(f"{rules.status_label(s.value, 'zh')} {n} 项"
                                 for s, n in counts.items() if n) or "无")
    return form.table()


def _time(day: Day, value: object) -> str:
    """HH:MM of a check done on the record's own day; the date too for another day."""
    shown = when(value)
    return shown[11:] if shown.startswith(str(day.get("date") or "?")) else shown


def _groups(day: Day) -> list[Flowable]:
    out: list[Flowable] = [raw("检查事项", HEADING)]
    widths = [9 * mm, 90 * mm, 14 * mm, 13 * mm, 17 * mm]
    widths.append(WIDTH - sum(widths))
    every = list(day.get("items") or [])
    groups: list[tuple[str, str]] = []
    for item in every:
        key = (item.get("phase") or "", item.get("slot") or "")
        if key not in groups:
            groups.append(key)
    for phase, slot in groups:
        rows, continued = [], []
        for item in (i for i in every if (i.get("phase"), i.get("slot") or "") == (phase, slot)):
            status = item.get("status") or "open"
            remark = clean(item.get("reason"))
            if item.get("duty_entry"):
                remark = f"{remark}（值班记录 {item['duty_entry']}）" if remark \
                    else f"值班记录 {item['duty_entry']}"
            if item.get("history"):         # undone ticks, each on its own line
                remark = "；".join(x for x in [remark, *str(item["history"]).splitlines()] if x)
            pieces = chunks(remark, line_chars=11, max_lines=40) if remark else [""]
            rows.append([str(item.get("position") or ""), item.get("text"),
                         rules.status_label(status, "zh"),
                         _time(day, item.get("done_at")) if status != "open" else BLANK,
                         item.get("done_by") or BLANK, pieces[0] or BLANK])
            for piece in pieces[1:]:
                continued.append(len(rows))
                rows.append(["", "", "", "", "", piece])
        title = raw(markup(rules.slot_label(phase, slot, "zh")), SECTION_TITLE)
        out.append(KeepTogether([Spacer(1, 1.5 * mm), title,
                                 grid_table(["序号", "检查事项", "情况", "时间", "人员", "说明"],
                                            rows, widths, continued=continued)]))
    if not groups:
        out.append(para("无检查事项"))
    return out


def _signature(day: Day) -> list[Flowable]:
    entry = day.get("signature")
    if entry is not None and not isinstance(entry, SignatureEntry):
        entry = SignatureEntry.of(dict(entry, role="closer"))
    statement = ("下班时延时服务已完成，门窗、电脑、空调、电灯已关好，资料、印章已锁好；"
                 "故障和未完成事项已记入值班记录，随交接班移交。")
    return [KeepTogether([raw("当日结束签字", HEADING), para(statement, NOTE),
                          SignatureBox("班长（值班负责人）签名", entry)])]


def daily_record(day: Day, meta: RecordMeta | Mapping[str, Any]) -> bytes:
    """The 营业厅一日管理记录 of one day as PDF bytes."""
    meta = RecordMeta.of(meta)
    story: list[Flowable] = _heading(day, meta)
    story.append(_summary(day))
    story += _groups(day)
    story += _signature(day)
    data, _pages = render(story, meta, title=TITLE, number=record_number(day), pagesize=PAGE,
                          margins=MARGINS)
    return data
