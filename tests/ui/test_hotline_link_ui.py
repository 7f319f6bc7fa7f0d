"""Linking a ticket to a hotline's work order in the window: the detail's 关联热线工单 form
worked with the keyboard alone, the link in the detail and its history, the queue showing
it (kind cell and tool tip), a relink's reason and a work order on another ticket named at
their fields, an archived ticket without the action. (tests/ui/test_screen_fit.py has work
orders in its crowded queue.)"""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QLineEdit

from hall_desk.services import tickets
from hall_desk.store.models import Ticket
from hall_desk.ui.queue_model import KIND, NUMBER

INTAKE = {"kind": "complaint", "customer_name": "张三", "phone": "13812345678",
          "content": "电费突增", "demand": "核查"}


def _tab(qtbot):
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    return QApplication.focusWidget()


def test_a_ticket_is_linked_with_keys_only_and_the_queue_shows_it(login_as, qtbot):
    window = login_as("liuyang")
    made = tickets.register(window.actor, INTAKE)
    window.nav.setCurrentRow(window.page_index("queue"))
    page = window.page_widget("queue")
    page.refresh()
    dialog = page.open_detail(made.id)
    qtbot.waitExposed(dialog)
    dialog.activateWindow()                       # focus needs the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    button = dialog.hotline_button
    assert button.isVisible() and button.text() == "关联热线工单…"
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    form = dialog.form
    assert form is not None and form.action == "link_hotline"
    source = QApplication.focusWidget()
    assert isinstance(source, QComboBox) and source.currentData() == ""
    qtbot.keyClick(source, Qt.Key.Key_Down)
    assert source.currentData() == "95598"
    number = _tab(qtbot)
    assert number is form.fields["hotline_number"]
    qtbot.keyClicks(number, "gd-2026-7")
    check = _tab(qtbot)
    assert isinstance(check, QCheckBox)
    qtbot.keyClick(check, Qt.Key.Key_Space)
    due = form.fields["hotline_due_at"].value()
    assert due is not None and due > datetime.now()
    edit = form.fields["hotline_due_at"].edit
    assert _tab(qtbot) is edit
    for _ in range(5):              # Tab walks the time's sections, then leaves the field
        note = _tab(qtbot)
        if note is not edit:
            break
    assert isinstance(note, QLineEdit) and note is form.fields["note"]
    qtbot.keyClick(note, Qt.Key.Key_Return)

    assert dialog.form is None, dialog.banner.text()
    row = Ticket.get_by_id(made.id)
    assert (row.hotline_source, row.hotline_number, row.hotline_due_at) == (
        "95598", "GD-2026-7", due)
    assert dialog.values["热线工单号"].text() == "95598 供电服务热线 GD-2026-7"
    history = dialog.history_table
    assert history.item(history.rowCount() - 1, 2).text() == "关联热线工单"
    deadlines = dialog.deadline_table
    assert deadlines.item(deadlines.rowCount() - 1, 0).text() == "热线时限"

    at = page.model.row_of(made.id)
    assert page.model.data(page.model.index(at, KIND)) == "投诉 · 95598"
    tip = page.model.data(page.model.index(at, NUMBER), Qt.ItemDataRole.ToolTipRole)
    assert tip == "热线工单：95598 供电服务热线 GD-2026-7"


def test_a_relink_asks_for_its_reason_at_the_field(hall, open_detail, qtbot):
    made = tickets.register(hall["liuyang"], dict(INTAKE, hotline_source="12345",
                                                  hotline_number="GD-0001"))
    dialog = open_detail(hall["liuyang"], made.id)
    form = dialog.start_action("link_hotline")
    assert form.fields["hotline_source"].currentData() == "12345"      # the link as it is
    assert form.fields["hotline_number"].text() == "GD-0001"
    form.fields["hotline_number"].setText("GD-0010")
    assert not dialog.save_action()
    assert form.errors["note"].isVisible()
    assert form.errors["note"].text() == "更改或取消已关联的热线工单，须在备注中写明原因"
    assert form.fields["hotline_number"].text() == "GD-0010", "kept as typed"
    qtbot.keyClicks(form.fields["note"], "typo")
    assert dialog.save_action()
    assert Ticket.get_by_id(made.id).hotline_number == "GD-0010"


def test_a_work_order_on_another_ticket_is_named_at_the_number(hall, open_detail):
    first = tickets.register(hall["liuyang"], dict(INTAKE, hotline_source="95598",
                                                   hotline_number="2026112000201"))
    second = tickets.register(hall["liuyang"], dict(INTAKE, phone="13812345679"))
    dialog = open_detail(hall["liuyang"], second.id)
    form = dialog.start_action("link_hotline")
    form.fields["hotline_source"].setCurrentIndex(form.fields["hotline_source"].findData("95598"))
    form.fields["hotline_number"].setText("2026112000201")
    form.fields["hotline_due_at"].set_value(datetime.now() + timedelta(days=2))
    assert not dialog.save_action()
    assert form.errors["hotline_number"].text() == f"该热线工单已关联工单 {first.number}"
    assert Ticket.get_by_id(second.id).hotline_number == ""


def test_an_archived_ticket_offers_no_link(hall, open_detail):
    from hall_desk.services import lifecycle

    clerk, boss = hall["liuyang"], hall["wangli"]
    made = tickets.register(clerk, dict(INTAKE, kind="consultation"))
    t = lifecycle.act(clerk, made.id, made.version, "settle_on_spot", {"reply_content": "已解释"})
    assert open_detail(clerk, t.id).hotline_button.isVisible()
    lifecycle.act(boss, t.id, t.version, "archive_without_callback", {"summary": "已答复"})
    assert not open_detail(boss, t.id).hotline_button.isVisible()


def test_an_overdue_hotline_limit_colours_the_queue_like_the_hall_s_own(hall):
    from hall_desk.services.queue import QueueFilter
    from hall_desk.ui.queue_model import DEADLINE, DEADLINE_STATE_ROLE, QueueModel

    received = datetime.now().replace(second=0, microsecond=0) - timedelta(hours=1)
    tickets.register(hall["liuyang"], dict(
        INTAKE, received_at=received, hotline_source="12345", hotline_number="GD-5",
        hotline_due_at=received + timedelta(minutes=2)))     # before the hall's first limit
    model = QueueModel(hall["wangli"])
    model.set_filter(QueueFilter(overdue_only=True))
    assert model.rowCount() == 1
    cell = model.index(0, DEADLINE)
    assert model.data(cell, DEADLINE_STATE_ROLE) == "overdue"
    assert model.data(cell).startswith("✖")
    assert model.data(cell, Qt.ItemDataRole.ToolTipRole).startswith("热线时限")
    assert model.data(model.index(0, KIND)) == "投诉 · 12345"
