"""Time-limit settings: an administrator picks a preset, a bad edit names its field and keeps
the text, and a holiday override is added and removed; other roles do not see the box."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt

from hall_desk.config import LocalConfig
from hall_desk.services import deadlines
from hall_desk.ui import dialogs
from hall_desk.ui.pages import PageContext
from hall_desk.ui.pages.settings_page import SettingsPage


def page_for(qtbot, actor):
    page = SettingsPage(PageContext(actor, LocalConfig(counter_code="A1")))
    qtbot.addWidget(page)
    return page


def test_admin_changes_policy_and_calendar(qtbot, hall, monkeypatch):
    infos = []
    monkeypatch.setattr(dialogs, "info", lambda *a, **k: infos.append(a))
    page = page_for(qtbot, hall["admin"])
    box = page.deadline_box
    assert box is not None and box.preset.currentData() == "default"
    box.preset.setCurrentIndex(box.preset.findData("banking"))
    box.preset.activated.emit(box.preset.currentIndex())
    assert deadlines.current_preset() == "banking"
    assert "banking" in box.editor.toPlainText() or "银行" in box.editor.toPlainText()

    broken = box.editor.toPlainText().replace('unit = "working_days"', 'unit = "fortnights"', 1)
    box.editor.setPlainText(broken)
    qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
    assert not box.errors.isHidden() and "fortnights" in box.errors.text()
    assert box.editor.toPlainText() == broken           # what was typed is kept
    assert deadlines.current_preset() == "banking"

    box.day_edit.setDate(QDate(2027, 2, 10))
    box.note_edit.setText("2027年春节")
    qtbot.mouseClick(box.add_button, Qt.MouseButton.LeftButton)
    assert box.overrides_table.rowCount() == 1
    assert box.overrides_table.item(0, 0).text() == "2027-02-10"
    assert not deadlines.calendar().is_workday(QDate(2027, 2, 10).toPython())
    box.overrides_table.selectRow(0)
    qtbot.mouseClick(box.remove_button, Qt.MouseButton.LeftButton)
    assert box.overrides_table.rowCount() == 0


def test_supervisor_does_not_see_time_limit_settings(qtbot, hall):
    assert page_for(qtbot, hall["wangli"]).deadline_box is None
