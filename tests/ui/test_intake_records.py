"""The intake page's optional records of issue #19: whom a complaint is about (投诉对象,
from the staff or department list or typed) and the customer's preferred callback time."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from hall_desk.store.models import Ticket
from hall_desk.ui.pages import intake_page

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture(autouse=True)
def quick_timers(monkeypatch):
    monkeypatch.setattr(intake_page, "AUTOSAVE_MS", 30)
    monkeypatch.setattr(intake_page, "REPEAT_CHECK_MS", 10)


@pytest.fixture
def page(login_as):
    window = login_as("liuyang")
    return window.page_widget("intake")


def _fill(page):
    f = page.fields
    f["customer_name"].setText("张桂兰")
    f["phone"].setText("13812345678")
    f["content"].setPlainText("营业员态度生硬。")
    f["demand"].setPlainText("道歉。")


def _choose(combo, data):
    combo.setCurrentIndex(combo.findData(data))


def _save(page, qtbot):
    qtbot.keyClick(page.save_button, Qt.Key.Key_S, CTRL)       # read back
    page.confirm_check.setChecked(True)
    qtbot.keyClick(page.save_button, Qt.Key.Key_S, CTRL)       # save


def test_target_from_the_staff_list_and_callback_window_are_registered(page, qtbot):
    _fill(page)
    f = page.fields
    assert f["target"].isEnabled() is False                  # no kind chosen: nothing to pick
    _choose(f["target_kind"], "staff")
    assert f["target"].isEnabled() and f["target"].findText("陈静") >= 0
    assert f["target"].currentText() == ""                   # nobody picked by itself
    f["target"].setCurrentIndex(f["target"].findText("陈静"))
    _choose(f["callback_window"], "evening")
    _save(page, qtbot)
    ticket = Ticket.get()
    assert ticket.target_kind == "staff" and ticket.target_staff.login == "chenjing"
    assert ticket.callback_window == "evening"
    assert f["target_kind"].currentData() == "" and f["callback_window"].currentData() == "any"


def test_third_party_typed_and_a_missing_name_shown_at_the_field(page, qtbot):
    _fill(page)
    f = page.fields
    _choose(f["target_kind"], "other")
    assert not page.validate()                               # a third party needs its name
    assert page.errors["target"].isVisible() and Ticket.select().count() == 0
    f["target"].setEditText("物业公司")
    _save(page, qtbot)
    assert Ticket.get().target_text == "物业公司"


def test_kinds_without_a_target_hide_it(page):
    f = page.fields
    _choose(f["kind"], "suggestion")
    assert not f["target_kind"].isVisible()
    _choose(f["kind"], "complaint")
    assert f["target_kind"].isVisibleTo(page)


def test_the_read_back_names_the_target_and_the_callback_window(page, qtbot):
    _fill(page)
    f = page.fields
    _choose(f["target_kind"], "staff")
    f["target"].setCurrentIndex(f["target"].findText("陈静"))
    _choose(f["callback_window"], "evening")
    qtbot.keyClick(page.save_button, Qt.Key.Key_S, CTRL)       # read back
    said = page.readback_text.text()
    assert page.readback_box.isVisible()
    assert "您反映的对象：本单位员工「陈静」" in said
    assert "回访时间：您希望我们在每天 18:00–21:00联系您" in said
    assert said.index("陈静") < said.index("我们按投诉登记")   # the question comes last
    _choose(f["target_kind"], "other")                       # a change asks for it again
    f["target"].setEditText("物业公司")
    _choose(f["callback_window"], "any")
    qtbot.keyClick(page.save_button, Qt.Key.Key_S, CTRL)
    said = page.readback_text.text()
    assert "第三方「物业公司」" in said and "回访时间" not in said
