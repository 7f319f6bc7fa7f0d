"""The keyboard finds everything: from the search box into the results and back, one control
per Alt+letter in every window, the shortcut sheet on F1, and a wheel that leaves unfocused
controls alone."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QApplication, QComboBox, QLineEdit, QSpinBox, QTabWidget, QVBoxLayout, QWidget,
)

from hall_desk.services import demo
from hall_desk.services.context import clock
from hall_desk.ui import keys
from hall_desk.ui.pages import PAGES, PageContext
from hall_desk.ui.pages.queue_page import QueuePage

T = datetime(2026, 11, 23, 9, 30)


@pytest.fixture
def at_t():
    with clock(lambda: T):
        yield T


def test_mnemonic_letters_and_plain_labels():
    assert keys.mnemonic("仅超时(&O)") == "O" and keys.plain("仅超时(&O)") == "仅超时"
    assert keys.mnemonic("Log &out") == "O" and keys.plain("Log &out") == "Log out"
    assert keys.mnemonic("R&&D") == "" and keys.mnemonic("&&Save &as") == "A"


def test_down_enters_the_results_enter_opens_esc_returns(hall, at_t, qtbot, rt):
    demo.fill(40, today=T)
    page = QueuePage(PageContext(hall["liuyang"], rt.local))
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    with qtbot.waitActive(page):                  # focus needs the active window
        page.activateWindow()
    target = page.model.rows[3]
    tail = target.number[-7:]                     # counter and sequence, e.g. A1-0009
    page.search.setFocus()
    qtbot.keyClicks(page.search, tail.lower())
    qtbot.keyClick(page.search, Qt.Key.Key_Down)  # before the typing pause ran the search
    assert page.view.hasFocus()
    assert page.model.filter.search == tail.lower()
    assert page.model.total >= 1 and all(r.number.endswith(tail) for r in page.model.rows)
    assert page.selected_ticket_id() == page.model.rows[0].id
    with qtbot.waitSignal(page.detail_opened) as opened:
        qtbot.keyClick(page.view, Qt.Key.Key_Return)
    assert opened.args[0].info.number == page.model.rows[0].number
    opened.args[0].close()
    qtbot.keyClick(page.view, Qt.Key.Key_Escape)
    assert page.search.hasFocus() and page.search.selectedText() == tail.lower()
    qtbot.keyClick(page.search, Qt.Key.Key_Tab)    # Tab goes on into the results too
    assert page.view.hasFocus()


def _wheel(widget: QWidget, up: bool = False) -> None:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                        QPoint(0, 120 if up else -120), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_the_wheel_changes_only_a_control_with_focus(qtbot):
    form = QWidget()
    qtbot.addWidget(form)
    other, combo, spin = QLineEdit(), QComboBox(), QSpinBox()
    combo.addItems(["预设", "自定义", "其他"])
    spin.setRange(0, 10)
    spin.setValue(5)
    layout = QVBoxLayout(form)
    for widget in (other, combo, spin):
        layout.addWidget(widget)
    form.show()
    qtbot.waitExposed(form)
    with qtbot.waitActive(form):
        form.activateWindow()
    other.setFocus()
    qtbot.waitUntil(other.hasFocus)
    _wheel(combo)
    _wheel(spin.lineEdit())
    _wheel(spin)
    assert combo.currentIndex() == 0 and spin.value() == 5 and other.hasFocus()
    combo.setFocus()                               # the guard lets a focused control turn
    qtbot.waitUntil(combo.hasFocus)
    _wheel(combo)
    assert combo.currentIndex() == 1


def test_f1_lists_the_window_s_shortcuts(login_as, hall, at_t, qtbot):
    window = login_as("liuyang")
    qtbot.keyClick(window.nav, Qt.Key.Key_F1)
    sheet = QApplication.instance().findChild(keys.KeyboardFilter).sheet
    assert sheet is not None and sheet.isVisible() and sheet.parent() is window
    listed = dict(sheet.rows)
    assert listed["Ctrl+L"] == "锁定" or listed["Ctrl+L"]
    assert "F1" in listed and "Ctrl+1" in listed
    assert any(k.startswith("Alt+") for k in listed)
    texts = [sheet.table.item(r, 1).text() for r in range(sheet.table.rowCount())]
    assert texts == [label for _keys, label in sheet.rows] and all(texts)
    sheet.close()


def _describe(found: dict) -> str:
    return "; ".join(f"Alt+{letter}: " + ", ".join(f"{m.what} {m.label!r}" for m in ms)
                     for letter, ms in found.items())


@pytest.mark.parametrize("login", ["liuyang", "admin"])
def test_no_two_controls_of_a_page_share_a_letter(login_as, hall, at_t, login):
    _walk_pages(login_as(login))


@pytest.mark.parametrize("login", ["liuyang", "admin"])
def test_no_two_controls_of_a_page_share_a_letter_in_english(english, login_as, hall, at_t,
                                                             login):
    _walk_pages(login_as(login))


def _walk_pages(window) -> None:
    """Every page the login may open, and every tab of its tab widgets in turn."""
    problems = {}
    for spec in PAGES:
        row = window.page_index(spec.key)
        if window.nav.item(row).isHidden():
            continue
        window.nav.setCurrentRow(row)
        page = window.page_widget(spec.key)
        states = [(None, 0)] + [(tabs, i) for tabs in page.findChildren(QTabWidget)
                                for i in range(tabs.count())]
        for tabs, index in states:
            if tabs is not None:
                tabs.setCurrentIndex(index)
            found = keys.clashes(window)
            if found:
                problems[f"{spec.key} tab {index}"] = _describe(found)
    assert not problems, "\n".join(f"{k}: {v}" for k, v in problems.items())


def test_leaving_settings_with_changes_not_saved_asks(login_as, hall, at_t, monkeypatch):
    from hall_desk.services import deadlines
    from hall_desk.ui import dialogs

    asked: list[str] = []
    answer = [False]
    monkeypatch.setattr(dialogs, "confirm",
                        lambda parent, text, **kw: asked.append(text) or answer[0])
    window = login_as("admin")
    settings_row, queue_row = window.page_index("settings"), window.page_index("queue")
    window.nav.setCurrentRow(settings_row)
    page = window.page_widget("settings")
    window.nav.setCurrentRow(queue_row)            # nothing changed: no question
    assert not asked and window.current_page_key() == "queue"
    window.nav.setCurrentRow(settings_row)
    stored = deadlines.policy_text()
    page.deadline_box.editor.appendPlainText("# 备注")
    page.shift_box.shift_table.item(0, 0).setText("早班改")
    page.backup_box.keep_spin.setValue(page.backup_box.keep_spin.value() + 1)
    window.nav.setCurrentRow(queue_row)
    assert len(asked) == 1 and window.current_page_key() == "settings"
    assert window.nav.currentRow() == settings_row
    assert page.deadline_box.title().split("(")[0] in asked[0]
    assert page.shift_box.title().split("(")[0] in asked[0]
    assert page.backup_box.title().split("(")[0] in asked[0]
    answer[0] = True
    window.nav.setCurrentRow(queue_row)
    assert window.current_page_key() == "queue" and deadlines.policy_text() == stored


def test_receipt_alt_p_and_ctrl_p_print_and_enter_is_done_after_a_preview(hall, at_t, qtbot,
                                                                           monkeypatch):
    from hall_desk.services import tickets
    from hall_desk.ui import printing_ui
    from hall_desk.ui.receipt_dialog import Receipt, ReceiptDialog

    ticket = tickets.register(hall["liuyang"], {
        "kind": "complaint", "channel": "walk-in", "category": "service_quality",
        "customer_name": "张三丰", "phone": "13812345678", "content": "窗口排队无人解释。",
        "demand": "要求说明。", "confirmed_by_customer": True})
    printed, previewed = [], []
    monkeypatch.setattr(printing_ui, "print_receipt",
                        lambda parent, actor, number, fmt=None: printed.append(number) or True)
    monkeypatch.setattr(printing_ui, "preview_sheet",
                        lambda parent, actor, number, name: previewed.append(name))
    dialog = ReceiptDialog(Receipt(ticket.number, "投诉", T, None), actor=hall["liuyang"])
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    assert keys.clashes(dialog) == {}
    qtbot.keyClick(dialog, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: len(printed) == 1)
    qtbot.keyClick(dialog, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(printed) == 2)
    assert ("Ctrl+P", "打印回执") in keys.shortcuts(dialog)
    dialog.more_button.setFocus()                 # where the menu leaves the focus
    dialog.preview_action.trigger()
    assert previewed == ["receipt"]
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)


def _walk_tabs(window) -> dict[str, str]:
    problems = {}
    states = [(None, 0)] + [(tabs, i) for tabs in window.findChildren(QTabWidget)
                            for i in range(tabs.count())]
    for tabs, index in states:
        if tabs is not None:
            tabs.setCurrentIndex(index)
        found = keys.clashes(window)
        if found:
            problems[f"{type(window).__name__} tab {index}"] = _describe(found)
    return problems


def test_no_two_controls_of_a_dialog_share_a_letter(hall, at_t, qtbot, open_detail):
    from hall_desk.services import tickets
    from hall_desk.ui.login import LoginDialog

    ticket = tickets.register(hall["liuyang"], {
        "kind": "complaint", "channel": "walk-in", "category": "service_quality",
        "customer_name": "张三丰", "phone": "13812345678", "content": "窗口排队无人解释。",
        "demand": "要求说明。", "confirmed_by_customer": True})
    problems = {}
    for login in ("liuyang", "wangli"):
        detail = open_detail(hall[login], ticket.id)
        assert keys.mnemonics(detail)                  # the walk sees the dialog's letters
        problems.update(_walk_tabs(detail))
    login_dialog = LoginDialog("A1")
    qtbot.addWidget(login_dialog)
    login_dialog.show()
    assert keys.mnemonics(login_dialog)
    problems.update(_walk_tabs(login_dialog))
    assert not problems, "\n".join(f"{k}: {v}" for k, v in problems.items())


def _walk_page_states(window, key: str) -> dict[str, str]:
    """One page in every state of the window's tab widgets, named by the page."""
    window.nav.setCurrentRow(window.page_index(key))
    return {f"{key}: {where}": what for where, what in _walk_tabs(window).items()}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_reception_and_day_pages_have_letters_and_share_none(request, login_as, hall, at_t,
                                                             lang):
    from hall_desk.services import daily, reception
    from PySide6.QtWidgets import QPushButton

    if lang == "en":
        request.getfixturevalue("english")
    run = reception.register_notice(hall["wangli"], {
        "visiting_unit": "市供电公司营销部检查组", "leader": "周建国", "visitors": 6,
        "purpose": "inspection", "expected_at": datetime(2026, 11, 24, 10, 0)})
    window = login_as("wangli")
    problems = {}
    window.nav.setCurrentRow(window.page_index("reception"))
    page = window.page_widget("reception")
    page.select_run(run.id)
    problems.update(_walk_page_states(window, "reception"))
    view = page.run_view
    lettered = {b.objectName() or b.text(): keys.mnemonic(b.text())
                for b in (page.new_button, view.start_button, view.close_button,
                          view.cancel_button, view.edit_button, view.print_button,
                          view.posts.save_button)}
    assert all(lettered.values()), lettered
    daily.open_day(hall["wangli"], at_t.date())
    window.nav.setCurrentRow(window.page_index("daily"))
    day = window.page_widget("daily")
    day.refresh()
    problems.update(_walk_page_states(window, "daily"))
    shown = [b for b in day.findChildren(QPushButton) if b.isVisibleTo(window)]
    assert shown and all(keys.mnemonic(b.text()) for b in shown), [b.text() for b in shown]
    assert not problems, "\n".join(f"{k}: {v}" for k, v in problems.items())
