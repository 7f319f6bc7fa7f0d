"""The day's templates (一日管理) in Settings: an administrator edits a template there (saved as
the next version; days already opened keep theirs) and chooses the one new days use; other
roles do not see the editor."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt

from hall_desk.services import daily
from hall_desk.services.context import clock
from hall_desk.ui.daily_templates import DailyTemplatesBox


def settings_page(window):
    window.nav.setCurrentRow(window.page_index("settings"))
    return window.page_widget("settings")


def test_an_administrator_edits_the_day_template_in_settings(hall, login_as, qtbot):
    with clock(lambda: datetime(2026, 11, 23, 8, 0)):
        opened = daily.open_day(hall["liuyang"])
        page = settings_page(login_as("admin"))
        box = page.daily_box
        assert isinstance(box, DailyTemplatesBox) and box.isVisibleTo(page)
        assert box.template_combo.currentData() == "default"
        box.phase_combo.setCurrentIndex(box.phase_combo.findData("closing"))
        box.add_item("消防通道畅通，灭火器在位")
        qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
        assert "第2版" in box.status.text()
        saved = daily.template("default")
        assert saved.version == 2
        assert saved.items_of("closing")[-1].text == "消防通道畅通，灭火器在位"
        kept = daily.of_date(opened.day)                  # the open day keeps its copy
        assert kept["template_version"] == 1
        assert all(i["text"] != "消防通道畅通，灭火器在位" for i in kept["items"])
        box.template_combo.setCurrentIndex(box.template_combo.findData("banking"))
        box._template_chosen()
        qtbot.mouseClick(box.use_button, Qt.MouseButton.LeftButton)
        assert daily.template_in_force().name == "banking"


def test_only_administrators_see_the_day_templates(login_as):
    for login in ("wangli", "liuyang"):
        page = settings_page(login_as(login))
        assert getattr(page, "daily_box", None) is None
