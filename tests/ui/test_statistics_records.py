"""The statistics page's cards for 业务类型 and 投诉对象: a chart each and its 表格 button; the
staff named as targets only on a supervisor's page."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt

from hall_desk import config
from hall_desk.services import lifecycle
from hall_desk.ui.pages import PageContext, page

BASE = {"customer_name": "赵六", "phone": "13800002222", "content": "办理。", "demand": "办理。"}


def _open(qtbot, actor):
    widget = page("statistics").factory(PageContext(actor, config.LocalConfig()))
    qtbot.addWidget(widget)
    widget.resize(1280, 1000)
    widget.show()
    today = date.today()
    for edit in (widget.date_from, widget.date_to):
        edit.setDate(QDate(today.year, today.month, today.day))
    qtbot.mouseClick(widget.refresh_button, Qt.MouseButton.LeftButton)
    return widget


def _rows(card):
    t = card.table
    return [[t.item(r, c).text() for c in range(t.columnCount())] for r in range(t.rowCount())]


def test_business_and_target_cards(qtbot, hall):
    clerk = hall["liuyang"]
    for business in ("transfer", "transfer", "refund"):
        lifecycle.register(clerk, {**BASE, "kind": "request", "business_type": business})
    lifecycle.register(clerk, {**BASE, "kind": "complaint", "target_kind": "staff",
                               "target_staff": "chenjing"})
    lifecycle.register(clerk, {**BASE, "kind": "complaint", "target_kind": "other",
                               "target_text": "物业公司"})
    boss_page = _open(qtbot, hall["wangli"])
    card = boss_page.cards["by_business"]
    assert card.view.chart().series()
    qtbot.mouseClick(card.toggle, Qt.MouseButton.LeftButton)
    assert card.stack.currentWidget() is card.table
    rows = _rows(card)
    assert [r[:2] for r in rows[:2]] == [["过户", "2"], ["电费退补", "1"]]
    by_target = {r[0]: r[1] for r in _rows(boss_page.cards["by_target"])}
    assert by_target == {"本单位员工": "1", "本单位部门": "0", "第三方": "1"}
    named = {r[1] for r in _rows(boss_page.cards["targets"])}
    assert named == {"陈静", "物业公司"}
    clerk_page = _open(qtbot, clerk)
    assert {r[1] for r in _rows(clerk_page.cards["targets"])} == {"物业公司"}
