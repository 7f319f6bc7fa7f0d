"""The login dialog: names with roles, type-ahead, PIN rules, wrong and right PIN."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from hall_desk.ui.login import LoginDialog, search_keys


def open_dialog(qtbot) -> LoginDialog:
    dialog = LoginDialog("A1")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_search_keys_cover_name_login_and_pinyin():
    assert search_keys("王丽", "wangli") == ("王丽", "wangli", "wangli", "wl")


def test_lists_staff_with_role_labels_and_focuses_the_list(qtbot, hall):
    dialog = open_dialog(qtbot)
    texts = [dialog.staff_list.item(i).text() for i in range(dialog.staff_list.count())]
    assert "王丽（班长/主管）" in texts
    assert "刘洋（营业员）" in texts
    assert "系统管理员（管理员）" in texts
    assert dialog.focusWidget() is dialog.staff_list
    assert dialog.windowTitle() == "登录 - hall_desk"
    assert "城东供电营业厅　A1号柜台" in [label.text() for label in dialog.findChildren(QLabel)]


def test_type_ahead_finds_by_pinyin_initials_and_login(qtbot, hall):
    dialog = open_dialog(qtbot)
    qtbot.keyClicks(dialog.staff_list, "wl")
    assert dialog.selected_login() == "wangli"
    dialog.staff_list._clock.invalidate()        # as if the type-ahead pause had passed
    qtbot.keyClicks(dialog.staff_list, "liu")
    assert dialog.selected_login() == "liuyang"


def test_pin_is_masked_and_digits_only(qtbot, hall):
    dialog = open_dialog(qtbot)
    qtbot.keyClicks(dialog.pin, "12ab34")
    assert dialog.pin.text() == "1234"
    assert dialog.pin.echoMode() == dialog.pin.EchoMode.Password


def test_wrong_pin_says_so_keeps_the_name_and_clears_the_pin(qtbot, hall):
    dialog = open_dialog(qtbot)
    qtbot.keyClicks(dialog.staff_list, "wl")
    qtbot.keyClick(dialog.staff_list, Qt.Key.Key_Return)      # Enter on a name: to the PIN
    assert dialog.focusWidget() is dialog.pin
    qtbot.keyClicks(dialog.pin, "9999")
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.actor is None
    assert dialog.error.isVisible()
    assert dialog.error.text() == "姓名或PIN不正确"
    assert dialog.selected_login() == "wangli"
    assert dialog.pin.text() == ""
    assert dialog.focusWidget() is dialog.pin


def test_short_pin_is_refused_without_counting_a_try(qtbot, hall):
    from hall_desk.store.models import Staff

    dialog = open_dialog(qtbot)
    dialog.select_login("wangli")
    qtbot.keyClicks(dialog.pin, "11")
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    assert dialog.error.text() == "PIN必须是4到8位数字"
    assert Staff.get(Staff.login == "wangli").failed_logins == 0


def test_right_pin_logs_in_with_tab_and_enter(qtbot, hall):
    dialog = open_dialog(qtbot)
    qtbot.keyClicks(dialog.staff_list, "liuyang")
    qtbot.keyClick(dialog.staff_list, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.pin
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.keyClicks(dialog.pin, "3333")
        qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    assert dialog.actor.login == "liuyang"
    assert dialog.actor.name == "刘洋"
    assert dialog.actor.counter_code == "A1"


def test_english(qtbot, hall, english):
    dialog = open_dialog(qtbot)
    texts = [dialog.staff_list.item(i).text() for i in range(dialog.staff_list.count())]
    assert "王丽 (Shift leader / supervisor)" in texts
    dialog.select_login("wangli")
    qtbot.keyClicks(dialog.pin, "9999")
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    assert dialog.error.text() == "Wrong name or PIN"
