"""Hotline work orders in the window: the intake's compact rows (source, number, the
hotline's limit), their messages at the fields, the detail showing the work order and the
hotline's limit beside the hall's, and the queue's search finding it by its tail."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from hall_desk.services import tickets
from hall_desk.store.models import Ticket
from hall_desk.ui.pages import PageContext
from hall_desk.ui.pages.queue_page import QueuePage

PHONE = "13812345678"


@pytest.fixture
def open_intake(login_as):
    def open_(login: str = "liuyang"):
        return login_as(login).page_widget("intake")
    return open_


def _fill(page, qtbot, type_text):
    channel = page.fields["channel"]
    channel.setCurrentIndex(channel.findData("transferred"))     # a hotline's transfer
    type_text(page.fields["customer_name"], "张三")
    qtbot.keyClicks(page.fields["phone"], PHONE)
    type_text(page.fields["content"], "电费突增")
    type_text(page.fields["demand"], "核查电表")


def _save(page, qtbot):
    page.save()
    assert page.readback_box.isVisible(), [e.text() for e in page.errors.values()]
    qtbot.keyClick(page.confirm_check, Qt.Key.Key_Return)
    page.save()
    return Ticket.select().order_by(Ticket.id.desc()).get()


def test_intake_registers_the_work_order_with_its_limit(open_intake, qtbot, type_text):
    page = open_intake()
    assert not page.fields["hotline_number"].isEnabled()         # not for a walk-in
    _fill(page, qtbot, type_text)
    source = page.fields["hotline_source"]
    assert source.itemText(0) == "（非热线工单）"
    source.setCurrentIndex(source.findData("95598"))
    qtbot.keyClicks(page.fields["hotline_number"], "2026112000123")
    assert not page.fields["hotline_due_at"].isEnabled()
    qtbot.keyClick(page.hotline_due_check, Qt.Key.Key_Space)
    assert page.fields["hotline_due_at"].isEnabled()
    due = (datetime.now() + timedelta(days=2)).replace(second=0, microsecond=0)
    page.fields["hotline_due_at"].setDateTime(due)
    ticket = _save(page, qtbot)
    assert (ticket.hotline_source, ticket.hotline_number, ticket.hotline_due_at) == (
        "95598", "2026112000123", due)
    assert page.fields["hotline_number"].text() == "" and not page.hotline_due_check.isChecked()


def test_a_number_without_its_source_is_named_at_the_field(open_intake, qtbot, type_text):
    page = open_intake()
    _fill(page, qtbot, type_text)
    qtbot.keyClicks(page.fields["hotline_number"], "2026 1120")
    page.save()
    assert page.errors["hotline_number"].isVisible()
    assert "只能包含字母、数字" in page.errors["hotline_number"].text()
    page.fields["hotline_number"].clear()
    qtbot.keyClicks(page.fields["hotline_number"], "20261120")
    page.save()
    assert page.errors["hotline_source"].text() == "填写了热线工单号，须选择热线来源"
    assert Ticket.select().count() == 0


def test_the_detail_shows_the_work_order_and_its_limit(hall, open_detail):
    due = (datetime.now() + timedelta(days=3)).replace(second=0, microsecond=0)
    made = tickets.register(hall["liuyang"], {
        "kind": "complaint", "customer_name": "张三", "phone": PHONE, "content": "电费突增",
        "demand": "核查", "hotline_source": "12345", "hotline_number": "GD-7",
        "hotline_due_at": due})
    dialog = open_detail(hall["liuyang"], made.id)
    assert dialog.values["热线工单号"].text() == "12345 政务服务便民热线 GD-7"
    table = dialog.deadline_table
    rows = [table.item(r, 0).text() for r in range(table.rowCount())]
    assert rows[-1] == "热线时限" and len(rows) > 1
    assert due.strftime("%Y-%m-%d %H:%M") in table.item(table.rowCount() - 1, 1).text()


def test_the_queue_search_finds_the_work_order_by_its_tail(hall, qtbot, rt):
    made = tickets.register(hall["liuyang"], {
        "kind": "complaint", "customer_name": "张三", "phone": PHONE, "content": "电费突增",
        "demand": "核查", "hotline_source": "95598", "hotline_number": "2026112000777"})
    tickets.register(hall["liuyang"], {"kind": "consultation", "content": "营业时间？"})
    page = QueuePage(PageContext(hall["wangli"], rt.local))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    qtbot.keyClicks(page.search, "000777")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert page.model.filter.search == "000777"
    assert [r.number for r in page.model.rows] == [made.number]
