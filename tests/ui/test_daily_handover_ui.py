"""The handover tab lists a day of 一日管理 not closed as its own kind of item."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt

from hall_desk.services import daily
from hall_desk.services.context import clock
from hall_desk.ui.pages import PageContext


def test_the_handover_tab_shows_the_open_day(qtbot, hall, rt):
    from hall_desk.ui.pages.duty_page import DutyPage

    with clock(lambda: datetime(2026, 11, 24, 11, 40)):
        day = daily.open_day(hall["liuyang"])
        daily.mark(hall["liuyang"], daily.items(day.id)[3].id, "not_done", "叫号机未开，值班人未到")
        page = DutyPage(PageContext(hall["liuyang"], rt.local))
        qtbot.addWidget(page)
        page.resize(1280, 760)
        page.show()
        page.tabs.setCurrentIndex(2)
        tab = page.handover_tab
        qtbot.mouseClick(tab.assemble_button, Qt.MouseButton.LeftButton)
        rows = [(tab.items_table.item(r, 1).text(), tab.items_table.item(r, 2).text())
                for r in range(tab.items_table.rowCount())]
    kinds = [k for k, _ in rows]
    assert kinds[:2] == ["未结事件", "一日管理"]
    text = dict(rows)["一日管理"]
    assert "2026-11-24 一日管理尚未签字结束" in text and "叫号机未开" in text
