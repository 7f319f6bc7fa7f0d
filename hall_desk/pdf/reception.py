"""接待记录: the reception record of one visit, tour or inspection.

Takes the plain dict of ``services.reception.describe()`` (the notice, posts, every item with
time and person, notes and not-applicable reasons, the tickets led to the back room, and the
guest-book signature as a :class:`~hall_desk.pdf.layout.SignatureEntry` or a dict) and a
:class:`~hall_desk.pdf.layout.RecordMeta`; returns PDF bytes. A4, Chinese, with the version
and SHA-256 footer every record has.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from hall_desk.core import reception as rules
from hall_desk.core.numbering import reception_number
from hall_desk.pdf.layout import (
    GAP, HEADING, NOTE, SECTION_TITLE, SMALL, Form, Heavy, RecordMeta, SignatureBox, SignatureEntry,
    frame_width, grid_table, para, raw, render,
)
from hall_desk.pdf.text import BLANK, chunks, clean, label, markup, when

Run = Mapping[str, Any]

PAGE = A4
MARGINS = (15 * mm, 15 * mm, 16 * mm, 20 * mm)
WIDTH = frame_width(PAGE, MARGINS)
TITLE = "接待记录"

STATUS_WORDS = {"done": "已完成", "not_applicable": "不适用", "open": "未完成"}


def record_number(run: Run) -> str:
    return reception_number(run.get("id"))


def _centered(style):
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle

    return ParagraphStyle(style.name + "-c", parent=style, alignment=TA_CENTER)


def _heading(run: Run, meta: RecordMeta) -> list[Flowable]:
    out: list[Flowable] = []
    if meta.hall_name:
        out.append(Heavy(meta.hall_name, 12, space_after=2))
    out.append(Heavy(TITLE, 18, space_after=6))
    ver = f"{GAP}版本 {meta.version}" if meta.version is not None else ""
    out.append(raw(f"编号：{markup(record_number(run))}{ver}{GAP}"
                   f"打印时间：{markup(when(meta.printed_at))}", _centered(SMALL)))
    out.append(Spacer(1, 4 * mm))
    return out


def _notice(run: Run) -> Flowable:
    form = Form(WIDTH)
    form.section("来访通知")
    form.pair("来访单位", run.get("visiting_unit"), "带队人", run.get("leader") or BLANK)
    form.pair("来访事由", label("reception.purpose", run.get("purpose")),
              "来访人数", f"{run.get('visitors')} 人" if run.get("visitors") else BLANK)
    form.pair("预计到达", when(run.get("expected_at")), "登记人",
              f"{clean(run.get('created_by')) or BLANK}（{when(run.get('created_at'))}）")
    form.pair("实际开始", when(run.get("started_at")), "实际结束", when(run.get("ended_at")))
    template = clean(run.get("template_title")) or clean(run.get("template"))
    form.pair("接待模板", f"{template or BLANK}　第 {run.get('template_version') or BLANK} 版",
              "状态", label("reception.state", run.get("state")))
    form.full("备注", run.get("notes") or "", empty="无")
    return form.table()


def _posts(run: Run) -> list[Flowable]:
    rows = [[p.get("label") or label("reception.post", p.get("post")),
             p.get("staff") or "（无人）"] for p in run.get("posts") or []]
    if not any(p.get("staff") for p in run.get("posts") or []):
        return [raw("岗位安排", HEADING), para("未安排岗位")]
    half = (len(rows) + 1) // 2
    left, right = rows[:half], rows[half:]
    merged = [l + (right[i] if i < len(right) else [raw(""), raw("")]) for i, l in enumerate(left)]
    widths = [32 * mm, WIDTH / 2 - 32 * mm] * 2
    return [raw("岗位安排", HEADING), grid_table(["岗位", "人员", "岗位", "人员"], merged, widths)]


def _items(run: Run) -> list[Flowable]:
    out: list[Flowable] = [raw("接待事项", HEADING)]
    widths = [9 * mm, 72 * mm, 14 * mm, 31 * mm, 17 * mm]
    widths.append(WIDTH - sum(widths))
    all_items = list(run.get("items") or [])
    if not all_items:
        return out + [para("接待尚未开始，事项未生成")]
    for stage in rules.Stage:
        stage_items = [i for i in all_items if i.get("stage") == stage.value]
        if not stage_items:
            continue
        rows, continued = [], []
        for item in stage_items:
            status = item.get("status") or "open"
            remark = []
            if item.get("not_applicable_reason"):
                remark.append(f"不适用原因：{clean(item['not_applicable_reason'])}")
            if item.get("note"):
                remark.append(clean(item["note"]))
            pieces = chunks("\n".join(remark), line_chars=12, max_lines=40) if remark else [""]
            rows.append([str(item.get("position") or ""), item.get("text"),
                         STATUS_WORDS.get(status, status),
                         when(item.get("done_at")) if status == "done" else BLANK,
                         item.get("done_by") or BLANK, pieces[0] or BLANK])
            for piece in pieces[1:]:
                continued.append(len(rows))
                rows.append(["", "", "", "", "", piece])
        title = raw(markup(rules.stage_label(stage.value, "zh")), SECTION_TITLE)
        out.append(KeepTogether([Spacer(1, 1.5 * mm), title,
                                 grid_table(["序号", "事项", "情况", "时间", "人员", "备注"],
                                            rows, widths, continued=continued)]))
    return out


def _tickets(run: Run) -> list[Flowable]:
    out: list[Flowable] = [raw("接待期间引导至后台的投诉", HEADING)]
    rows = [[t.get("number"), label("kind", t.get("kind")), t.get("customer") or BLANK,
             when(t.get("received_at")), label("status", t.get("status")),
             "已处理" if t.get("handled") else "未处理", t.get("content") or BLANK]
            for t in run.get("tickets") or []]
    if not rows:
        return out + [para("无")]
    widths = [40 * mm, 12 * mm, 16 * mm, 27 * mm, 16 * mm, 14 * mm]
    widths.append(WIDTH - sum(widths))
    return out + [grid_table(["工单编号", "类型", "客户", "登记时间", "状态", "处理", "事由"],
                             rows, widths)]


def _guestbook(run: Run) -> list[Flowable]:
    entry = run.get("guestbook_signature")
    if entry is not None and not isinstance(entry, SignatureEntry):
        entry = SignatureEntry.of(dict(entry, role="guest"))
    statement = "来宾参观访问完毕，请来访领导在留言本上签字留言。"
    box = SignatureBox("来访领导签名（留言本）", entry)
    return [KeepTogether([raw("留言本", HEADING), para(statement, NOTE), box])]


def reception_record(run: Run, meta: RecordMeta | Mapping[str, Any]) -> bytes:
    """The 接待记录 of one run as PDF bytes."""
    meta = RecordMeta.of(meta)
    story: list[Flowable] = _heading(run, meta)
    story.append(_notice(run))
    story += _posts(run)
    story += _items(run)
    story += _tickets(run)
    story += _guestbook(run)
    data, _pages = render(story, meta, title=TITLE, number=record_number(run), pagesize=PAGE,
                          margins=MARGINS)
    return data
