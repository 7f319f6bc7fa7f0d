"""The calendar on screen: an administrator imports a year's file in Settings (a wrong file
names its line), the status bar warns from 1 November that next year is missing, and the
ticket detail and the queue mark provisional and moved deadlines."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt

from hall_desk.config import LocalConfig
from hall_desk.services import deadlines, queue, tickets
from hall_desk.services.context import clock
from hall_desk.ui import dialogs, policy_settings
from hall_desk.ui.pages import PageContext
from hall_desk.ui.pages.settings_page import SettingsPage
from hall_desk.ui.queue_model import QueueModel

CAL_2027 = """\
year = 2027

[[holidays]]
name = "元旦"
from = 2027-01-01
to = 2027-01-04
"""

DECEMBER = datetime(2026, 12, 6, 10, 0)


def register(actor, kind: str, received: datetime):
    with clock(lambda: received):
        return tickets.register(actor, {
            "kind": kind, "customer_name": "李四", "phone": "13912345678",
            "content": "营业厅排队时间太长", "demand": "增加窗口"}, received_at=received)


def test_admin_imports_a_year_in_settings(qtbot, hall, monkeypatch, tmp_path):
    infos = []
    monkeypatch.setattr(dialogs, "info", lambda *a, **k: infos.append(a))
    wrong, good = tmp_path / "wrong.toml", tmp_path / "2027.toml"
    wrong.write_text(CAL_2027.replace("2027-01-04", "2026-01-04"), encoding="utf-8")
    good.write_text(CAL_2027, encoding="utf-8")
    chosen = iter([str(wrong), str(good)])
    monkeypatch.setattr(policy_settings, "choose_calendar_file", lambda parent: next(chosen))
    with clock(lambda: DECEMBER):
        page = SettingsPage(PageContext(hall["admin"], LocalConfig(counter_code="A1")))
        qtbot.addWidget(page)
        box = page.deadline_box
        assert not box.calendar_warning.isHidden() and "2027" in box.calendar_warning.text()
        assert "2026-12-31" in box.calendar_note.text()
        qtbot.mouseClick(box.import_button, Qt.MouseButton.LeftButton)
        assert not box.calendar_errors.isHidden()
        assert "第6行" in box.calendar_errors.text() and "2026-01-04" in box.calendar_errors.text()
        assert deadlines.imported_years() == {}
        qtbot.mouseClick(box.import_button, Qt.MouseButton.LeftButton)
    assert box.calendar_errors.isHidden() and box.calendar_warning.isHidden()
    assert "2027-12-31" in box.calendar_note.text() and "2027" in box.calendar_note.text()
    assert list(deadlines.imported_years()) == [2027]
    assert infos and "2027" in infos[-1][1]


def test_status_bar_warns_an_administrator_from_november(hall, login_as):
    with clock(lambda: DECEMBER):
        window = login_as("admin")
        assert not window.calendar_label.isHidden()
        assert "2027" in window.calendar_label.text() and "2027" in window.calendar_label.toolTip()
        clerk = login_as("liuyang")
        assert clerk.calendar_label.isHidden()
    with clock(lambda: datetime(2026, 10, 31, 10, 0)):
        window.update_calendar_warning()
    assert window.calendar_label.isHidden()


def test_detail_and_queue_mark_provisional_and_moved_deadlines(hall, open_detail):
    clerk = hall["liuyang"]
    late = register(clerk, "suggestion", datetime(2026, 12, 28, 10, 0))
    moved = register(clerk, "complaint", datetime(2026, 9, 30, 16, 0))
    with clock(lambda: datetime(2026, 12, 28, 10, 5)):
        dialog = open_detail(clerk, late.id)
        due = dialog.deadline_table.item(0, 1).text()
        assert "2027-01-05 17:30" in due and "暂定" in due
        assert "2027年节假日安排尚未录入" in dialog.deadline_notes.text()
        rows = {r.number: r for r in queue.page(queue.QueueFilter(), clerk)}
        assert rows[late.number].provisional and not rows[moved.number].provisional
        assert rows[late.number].as_json()["provisional"] is True
        model = QueueModel(clerk)
        assert "暂定" in model.countdown(rows[late.number])
        assert "暂定" not in model.countdown(rows[moved.number])
    with clock(lambda: datetime(2026, 9, 30, 16, 5)):
        dialog = open_detail(clerk, moved.id)
    assert not dialog.deadline_notes.isHidden()
    assert "答复客户：原到期日 2026-10-05 为国庆节假日，顺延至 2026-10-08" in dialog.deadline_notes.text()


def test_the_intake_read_back_says_provisional(hall):
    from hall_desk.ui.pages.intake_page import promised_reply

    assert promised_reply("suggestion", datetime(2026, 12, 28, 10, 0), None) == (
        datetime(2027, 1, 5, 17, 30), "暂定")
    assert promised_reply("suggestion", datetime(2026, 11, 2, 10, 0), None) == (
        datetime(2026, 11, 9, 17, 30), None)
