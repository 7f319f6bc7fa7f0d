"""A refusal through the ticket detail: the basis picked from the hall's list or typed, shown
in the detail with the customer's callback time, and the 不予受理告知书 in the print menu."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt

from hall_desk.services import refusals, tickets
from hall_desk.services.context import clock

T = datetime(2026, 11, 23, 9, 30)


@pytest.fixture(autouse=True)
def at_t():
    with clock(lambda: T):
        yield T


def _register(hall):
    return tickets.register(hall["liuyang"], {
        "kind": "request", "customer_name": "张三丰", "phone": "13812345678",
        "content": "申请过户。", "demand": "过户。", "business_type": "transfer",
        "callback_window": "weekday_morning"})


@pytest.mark.parametrize("typed", [False, True])
def test_refusal_with_a_listed_or_typed_basis(hall, open_detail, qtbot, typed):
    ticket = _register(hall)
    dialog = open_detail(hall["wangli"], ticket.id)
    assert dialog.values["回访时间"].text() == "工作日 9:00–12:00"
    assert dialog.values["业务类型"].text() == "过户"
    form = dialog.start_action("judge_invalid")
    form.fields["reason"].setPlainText("申请人非登记户主。")
    basis = form.fields["basis"]
    assert [basis.itemText(i) for i in range(1, basis.count())] == list(refusals.bases())
    if typed:
        basis.setEditText("本厅公告第3号")
    else:
        basis.setCurrentIndex(1)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    row = tickets.get(ticket.id)
    expected = "本厅公告第3号" if typed else refusals.bases()[0]
    assert row.status == "rejected" and row.refusal_basis == expected
    assert dialog.values["依据"].text() == expected
    panel = open_detail(hall["liuyang"], ticket.id).record_panel
    assert panel.sheet_actions["refusal"].isVisible()
    assert panel.sheet_actions["refusal"].text().startswith("不予受理告知书")


def test_no_refusal_notice_before_a_refusal(hall, open_detail):
    panel = open_detail(hall["liuyang"], _register(hall).id).record_panel
    assert not panel.sheet_actions["refusal"].isVisible()
