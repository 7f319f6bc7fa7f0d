"""The settings page: language and counter for everyone, staff accounts for administrators."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from hall_desk import config
from hall_desk.core.errors import PermissionDenied
from hall_desk.services import staff


def settings_page(window):
    window.nav.setCurrentRow(window.page_index("settings"))
    return window.page_widget("settings")


def staff_logins(page) -> list[str]:
    return [page.staff_table.item(r, 1).text() for r in range(page.staff_table.rowCount())]


def test_admin_adds_a_staff_member_who_can_then_log_in(login_as, qtbot, type_text):
    page = settings_page(login_as("admin"))
    assert page.staff_box is not None and page.staff_box.isVisible()
    assert "liuyang" in staff_logins(page)
    type_text(page.name_edit, "张伟")
    qtbot.keyClicks(page.login_edit, "zhangwei")
    page.role_combo.setCurrentIndex(page.role_combo.findData("supervisor"))
    qtbot.keyClicks(page.pin_edit, "246810")
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)

    assert not any(label.isVisible() for label in page.errors.values())
    assert "zhangwei" in staff_logins(page)
    assert page.added.text() == "已添加：张伟（zhangwei）。"
    assert page.name_edit.text() == page.login_edit.text() == page.pin_edit.text() == ""
    assert staff.authenticate("zhangwei", "246810", "A1").name == "张伟"


def test_bad_fields_are_shown_next_to_them_and_the_input_is_kept(login_as, qtbot, type_text):
    page = settings_page(login_as("admin"))
    before = staff_logins(page)
    type_text(page.name_edit, "张伟")
    qtbot.keyClicks(page.login_edit, "zhangwei")
    qtbot.keyClicks(page.pin_edit, "12")
    qtbot.keyClick(page.pin_edit, Qt.Key.Key_Return)

    assert page.errors["pin"].isVisible()
    assert page.errors["pin"].text() == "PIN必须是4到8位数字"
    assert not page.errors["name"].isVisible() and not page.errors["login"].isVisible()
    assert page.name_edit.text() == "张伟" and page.login_edit.text() == "zhangwei"
    assert page.pin_edit.text() == "12"
    assert page.focusWidget() is page.pin_edit
    assert staff_logins(page) == before

    page.pin_edit.clear()
    page.login_edit.clear()
    qtbot.keyClicks(page.login_edit, "wangli")                  # taken
    qtbot.keyClicks(page.pin_edit, "1234")
    qtbot.keyClick(page.pin_edit, Qt.Key.Key_Return)
    assert not page.errors["pin"].isVisible()
    assert page.errors["login"].text() == "登录名“wangli”已被使用"


def test_counter_staff_do_not_see_staff_accounts_and_the_service_refuses(login_as, hall):
    page = settings_page(login_as("liuyang"))
    assert page.staff_box is None
    assert page.counter.text() == "A1" and page.counter.isReadOnly()
    with pytest.raises(PermissionDenied):
        staff.create(hall["liuyang"], name="张伟", login="zhangwei", pin="1234", role="counter")


def test_supervisor_does_not_manage_staff_either(login_as):
    assert settings_page(login_as("wangli")).staff_box is None


def test_language_is_saved_for_the_next_start(login_as, rt):
    page = settings_page(login_as("liuyang"))
    assert page.language.currentData() == "zh"
    page.language.setCurrentIndex(page.language.findData("en"))
    page.language.activated.emit(page.language.currentIndex())
    assert config.load().language == "en"
    assert rt.local.language == "en"
    assert "下次启动" in page.language_note.text()


def test_the_pin_hint_follows_the_core_rule_of_the_chosen_role(login_as, qtbot):
    """The hint under the PIN says the length ``auth.check_pin_format`` asks of the role; a
    4-digit PIN for a supervisor is refused at the field in the core rule's words."""
    from hall_desk.core import auth
    from hall_desk.core.errors import FieldError as FieldProblem

    page = settings_page(login_as("admin"))
    page.role_combo.setCurrentIndex(page.role_combo.findData("counter"))
    assert page.pin_edit.placeholderText() == "4到8位数字"
    page.role_combo.setCurrentIndex(page.role_combo.findData("supervisor"))
    assert page.pin_edit.placeholderText() == "6到8位数字"
    qtbot.keyClicks(page.name_edit, "zw")
    qtbot.keyClicks(page.login_edit, "zhangwei")
    qtbot.keyClicks(page.pin_edit, "1234")
    qtbot.keyClick(page.pin_edit, Qt.Key.Key_Return)
    with pytest.raises(FieldProblem) as core:
        auth.check_pin_format("1234", "supervisor")
    assert page.errors["pin"].isVisible() and page.errors["pin"].text() == core.value.message()


def test_admin_sets_the_hall_s_phone_and_a_wrong_one_is_shown_at_its_field(login_as, qtbot,
                                                                          type_text):
    from hall_desk.services import settings

    page = settings_page(login_as("admin"))
    box = page.hall_box
    assert box.fields["hall_name"].text() == settings.hall_name() and not box.unsaved()
    qtbot.keyClicks(box.fields["hall_phone"], "0571-123")
    assert box.unsaved() and box.title() in page.unsaved_changes()
    qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
    assert box.errors["hall_phone"].isVisible() and "大厅电话" in box.errors["hall_phone"].text()
    assert settings.hall_contact()["phone"] == ""
    box.fields["hall_phone"].clear()
    qtbot.keyClicks(box.fields["hall_phone"], "0571-87654321")
    type_text(box.fields["hall_address"], "江南大道 9 号")
    qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
    assert not box.errors["hall_phone"].isVisible() and box.saved.text()
    assert settings.hall_contact() == {"phone": "0571 8765 4321", "address": "江南大道 9 号"}
    assert box.fields["hall_phone"].text() == "0571 8765 4321" and not box.unsaved()


def test_the_receipt_paper_is_chosen_once_for_this_pc(login_as):
    window = login_as("liuyang")
    page = settings_page(window)
    assert page.receipt_format.currentData() == "a5"
    page.receipt_format.setCurrentIndex(page.receipt_format.findData("80mm"))
    page.receipt_format.activated.emit(page.receipt_format.currentIndex())
    assert config.load().receipt_format == "80mm" == page.ctx.local.receipt_format
