"""The whole start of the program with the real dialogs: first-run set-up, a new PC's
counter code, login, main window, log out and log in again, quit."""

from __future__ import annotations

from PySide6.QtCore import Qt

from hall_desk import config
from hall_desk.services import setup, staff
from hall_desk.ui.login import LoginDialog
from hall_desk.ui.mainwindow import MainWindow
from hall_desk.ui.session import Session
from hall_desk.ui.setup_dialog import CounterDialog, FirstRunDialog


def start(qtbot, rt) -> Session:
    session = Session(rt)
    session.start()
    qtbot.addWidget(session.dialog)
    return session


def log_in(qtbot, session: Session, login: str, pin: str) -> MainWindow:
    dialog = session.dialog
    assert isinstance(dialog, LoginDialog)
    qtbot.addWidget(dialog)
    dialog.select_login(login)
    qtbot.keyClicks(dialog.pin, pin)
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    window = session.window
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    return window


def type_into(type_text, dialog: FirstRunDialog, **values: str) -> None:
    for key, text in values.items():
        dialog.fields[key].clear()
        type_text(dialog.fields[key], text)


def test_first_run_sets_up_the_hall_then_the_administrator_logs_in(qtbot, db_path, type_text):
    from hall_desk.cli import Runtime, build_parser

    rt = Runtime(build_parser().parse_args([]), config.LocalConfig())
    session = start(qtbot, rt)
    dialog = session.dialog
    assert isinstance(dialog, FirstRunDialog)
    assert dialog.focusWidget() is dialog.fields["hall_name"]
    assert dialog.fields["pin"].placeholderText() == "6到8位数字"     # an administrator's PIN
    type_into(type_text, dialog, hall_name="城西热力客服大厅", counter_code="b2", name="周敏",
              login="zhoumin", pin="123456", pin2="123465")
    qtbot.keyClick(dialog.fields["pin2"], Qt.Key.Key_Return)
    assert dialog.errors["pin2"].isVisible()
    assert dialog.errors["pin2"].text() == "两次输入的PIN不一致"
    assert not setup.is_initialised()

    type_into(type_text, dialog, login="周 敏", pin2="123456")       # a login must be latin
    qtbot.keyClick(dialog.fields["pin2"], Qt.Key.Key_Return)
    assert dialog.errors["login"].isVisible()
    assert not dialog.errors["pin2"].isVisible()
    assert dialog.fields["hall_name"].text() == "城西热力客服大厅"   # what was typed stays
    assert dialog.focusWidget() is dialog.fields["login"]
    assert not setup.is_initialised()

    type_into(type_text, dialog, login="zhoumin")
    qtbot.keyClick(dialog.fields["pin2"], Qt.Key.Key_Return)
    assert setup.is_initialised()
    assert config.load().counter_code == "B2"
    assert rt.counter_code == "B2"

    login = session.dialog
    assert isinstance(login, LoginDialog)
    assert [login.staff_list.item(i).text() for i in range(login.staff_list.count())] == \
        ["周敏（管理员）"]
    window = log_in(qtbot, session, "zhoumin", "123456")
    assert window.isVisible()
    assert window.hall_label.text() == "城西热力客服大厅"
    assert window.counter_label.text() == "柜台 B2"
    assert window.staff_label.text() == "周敏（管理员）"


def test_first_run_bad_counter_code_is_shown_at_its_field(qtbot, db_path, type_text):
    from hall_desk.cli import Runtime, build_parser

    rt = Runtime(build_parser().parse_args([]), config.LocalConfig())
    dialog = start(qtbot, rt).dialog
    type_into(type_text, dialog, hall_name="城西热力客服大厅", counter_code="B-2", name="周敏",
              login="zhoumin", pin="123456", pin2="123456")
    qtbot.keyClick(dialog.fields["pin2"], Qt.Key.Key_Return)
    assert dialog.errors["counter_code"].text() == "柜台编号须为1到4位字母或数字"
    assert not setup.is_initialised()


def test_first_run_takes_the_hall_s_phone_and_address_optionally(qtbot, db_path, type_text):
    from hall_desk.cli import Runtime, build_parser
    from hall_desk.services import settings

    rt = Runtime(build_parser().parse_args([]), config.LocalConfig())
    dialog = start(qtbot, rt).dialog
    type_into(type_text, dialog, hall_name="城西热力客服大厅", hall_phone="0571-1",
              counter_code="B2", name="周敏", login="zhoumin", pin="123456", pin2="123456")
    qtbot.keyClick(dialog.fields["pin2"], Qt.Key.Key_Return)
    assert dialog.errors["hall_phone"].isVisible() and "大厅电话" in dialog.errors["hall_phone"].text()
    assert dialog.focusWidget() is dialog.fields["hall_phone"] and not setup.is_initialised()
    type_into(type_text, dialog, hall_phone="0571-87654321", hall_address="城西路 2 号")
    qtbot.keyClick(dialog.fields["pin2"], Qt.Key.Key_Return)
    assert setup.is_initialised()
    assert settings.hall_contact() == {"phone": "0571 8765 4321", "address": "城西路 2 号"}


def test_first_run_wants_six_digits_for_the_administrator(qtbot, db_path, type_text):
    from hall_desk.cli import Runtime, build_parser

    rt = Runtime(build_parser().parse_args([]), config.LocalConfig())
    dialog = start(qtbot, rt).dialog
    type_into(type_text, dialog, hall_name="城西热力客服大厅", counter_code="B2", name="周敏",
              login="zhoumin", pin="1234", pin2="1234")
    qtbot.keyClick(dialog.fields["pin2"], Qt.Key.Key_Return)
    assert dialog.errors["pin"].isVisible()
    assert dialog.errors["pin"].text() == "班长/主管和管理员的PIN须为6到8位数字"
    assert not setup.is_initialised()


def test_new_pc_of_a_set_up_hall_asks_for_its_counter(qtbot, hall, rt):
    rt.local.counter_code = ""
    session = start(qtbot, rt)
    dialog = session.dialog
    assert isinstance(dialog, CounterDialog)
    qtbot.keyClicks(dialog.code, "c3!")
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    assert dialog.error.text() == "柜台编号须为1到4位字母或数字"
    assert dialog.code.text() == "c3!"
    dialog.code.clear()
    qtbot.keyClicks(dialog.code, "c3")
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    assert isinstance(session.dialog, LoginDialog)
    assert session.dialog.counter_code == "C3"
    assert config.load().counter_code == "C3"


def test_login_logout_login_and_quit(qtbot, hall, rt):
    session = start(qtbot, rt)
    window = log_in(qtbot, session, "liuyang", "3333")
    assert session.dialog is None
    assert window.staff_label.text() == "刘洋（营业员）"

    window.logout_action.trigger()
    assert session.window is None
    assert isinstance(session.dialog, LoginDialog)
    window = log_in(qtbot, session, "wangli", "111111")
    assert window.staff_label.text() == "王丽（班长/主管）"

    with qtbot.waitSignal(session.finished, timeout=1000) as finished:
        window.quit_action.trigger()
    assert finished.args == [0]


def test_closing_the_login_ends_the_program(qtbot, hall, rt):
    session = start(qtbot, rt)
    with qtbot.waitSignal(session.finished, timeout=1000):
        qtbot.keyClick(session.dialog.staff_list, Qt.Key.Key_Escape)


def test_a_login_still_counts_failures_across_the_gui(qtbot, hall, rt):
    session = start(qtbot, rt)
    dialog = session.dialog
    dialog.select_login("chenjing")
    for _ in range(staff.MAX_FAILED_LOGINS):
        qtbot.keyClicks(dialog.pin, "0000")
        qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    assert "尝试次数过多" in dialog.error.text()
    assert session.window is None
