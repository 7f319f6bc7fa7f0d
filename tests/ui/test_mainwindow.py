"""The main window: pages, status bar, shortcuts, lock and unlock, log out and quit."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from hall_desk.ui import mainwindow, shift
from hall_desk.ui.pages import PAGES, PlaceholderPage, page


def test_shift_rule():
    assert shift.shift_at(datetime(2026, 11, 23, 8, 30)) == shift.MORNING
    assert shift.shift_at(datetime(2026, 11, 23, 11, 59, 59)) == shift.MORNING
    assert shift.shift_at(datetime(2026, 11, 23, 12, 0)) == shift.AFTERNOON
    assert shift.shift_at(datetime(2026, 11, 23, 23, 0)) == shift.AFTERNOON


def test_registry_has_the_seven_pages_in_order():
    assert [p.key for p in PAGES] == ["intake", "queue", "reception", "daily", "duty",
                                      "statistics", "settings"]
    assert page("queue").translated_title() == "工单队列"
    assert page("daily").translated_title() == "一日管理"
    with pytest.raises(KeyError):
        page("nope")


@pytest.mark.parametrize("hour, label", [(9, "上午班"), (15, "下午班")])
def test_status_bar_shows_hall_counter_person_and_shift(login_as, monkeypatch, hour, label):
    monkeypatch.setattr(mainwindow, "now", lambda: datetime(2026, 11, 23, hour, 5))
    window = login_as("liuyang")
    assert window.hall_label.text() == "城东供电营业厅"
    assert window.counter_label.text() == "柜台 A1"
    assert window.staff_label.text() == "刘洋（营业员）"
    assert window.shift_label.text() == label
    for part in (window.hall_label, window.counter_label, window.staff_label,
                 window.shift_label):
        assert part.isVisible()
    assert window.windowTitle() == "hall_desk - 城东供电营业厅 - A1号柜台"
    assert window.size().width() >= 1024 and window.minimumSize() == mainwindow.MINIMUM_SIZE


def test_navigation_lists_pages_with_chinese_titles(login_as):
    window = login_as("liuyang")
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert titles == ["受理登记", "工单队列", "接待", "一日管理", "值班与交接", "统计",
                      "设置"]
    assert all(not window.nav.item(i).icon().isNull() for i in range(window.nav.count()))
    assert window.current_page_key() == "intake"


def test_placeholders_say_plainly_they_are_not_there_yet(login_as, qtbot):
    window = login_as("liuyang")
    assert not isinstance(window.page_widget("reception"), PlaceholderPage)   # a real page now
    later = PlaceholderPage("接待", "来访接待功能将在后续版本提供。")
    qtbot.addWidget(later)
    texts = [label.text() for label in later.findChildren(QLabel)]
    assert "来访接待功能将在后续版本提供。" in texts


def test_ctrl_digit_switches_pages_and_the_list_follows(login_as, qtbot):
    window = login_as("liuyang")
    qtbot.keyClick(window.nav, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == "queue"
    assert window.nav.currentRow() == 1
    qtbot.keyClick(window.nav, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == "settings"
    qtbot.keyClick(window.nav, Qt.Key.Key_Up)        # the list itself moves too
    assert window.current_page_key() == "statistics"


def test_lock_hides_the_pages_and_the_same_person_unlocks(login_as, qtbot):
    window = login_as("liuyang")
    qtbot.keyClick(window.nav, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    queue = window.page_widget("queue")
    qtbot.keyClick(window.nav, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.locked
    assert not queue.isVisible() and not window.nav.isVisible()
    assert window.lock_page.isVisible()
    lock_texts = [label.text() for label in window.lock_page.findChildren(QLabel)]
    assert "刘洋锁定了本柜台。请输入PIN继续。" in lock_texts
    # Page shortcuts do nothing while locked.
    qtbot.keyClick(window.lock_page.pin, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == "queue"

    qtbot.keyClicks(window.lock_page.pin, "111111")    # 王丽's PIN, not 刘洋's
    qtbot.keyClick(window.lock_page.pin, Qt.Key.Key_Return)
    assert window.locked
    assert window.lock_page.error.isVisible()
    assert window.lock_page.error.text() == "姓名或PIN不正确"
    assert window.lock_page.pin.text() == ""

    qtbot.keyClicks(window.lock_page.pin, "3333")
    qtbot.keyClick(window.lock_page.pin, Qt.Key.Key_Return)
    assert not window.locked
    assert window.current_page_key() == "queue"
    assert window.page_widget("queue") is queue         # the same page, its state kept
    assert queue.isVisible()
    qtbot.keyClick(window.nav, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == "intake"


def test_idle_time_locks(login_as, qtbot):
    window = login_as("liuyang")
    assert window.idle.timer.isActive()
    assert window.idle.timer.interval() == 10 * 60_000
    window.idle.timer.timeout.emit()
    assert window.locked
    assert not window.idle.timer.isActive()


def test_key_presses_restart_the_idle_time_once_the_window_is_painted(login_as, qtbot):
    window = login_as("liuyang")
    qtbot.waitUntil(lambda: window.idle.watching, timeout=2000)
    window.idle.timer.start(60_000)
    qtbot.wait(1000)
    before = window.idle.timer.remainingTime()      # a second or more gone
    qtbot.keyClick(window.nav, Qt.Key.Key_Down)
    assert window.idle.timer.remainingTime() > before   # the full minute again
    window.end()
    assert not window.idle.watching and not window.idle.timer.isActive()


def test_logout_and_quit_signals(login_as, qtbot):
    window = login_as("liuyang")
    with qtbot.waitSignal(window.logout_requested, timeout=1000):
        window.logout_action.trigger()
    assert not window.isVisible()

    other = login_as("wangli")
    with qtbot.waitSignal(other.quit_requested, timeout=1000):
        qtbot.keyClick(other.nav, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not other.isVisible()


def test_english_main_window(login_as, monkeypatch, english):
    monkeypatch.setattr(mainwindow, "now", lambda: datetime(2026, 11, 23, 9, 0))
    window = login_as("wangli")
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == \
        ["Intake", "Ticket queue", "Reception", "Daily routine", "Duty log & handover",
         "Statistics", "Settings"]
    assert window.counter_label.text() == "Counter A1"
    assert window.staff_label.text() == "王丽 (Shift leader / supervisor)"
    assert window.shift_label.text() == "Morning shift"
    texts = [label.text() for label in window.page_widget("reception").findChildren(QLabel)]
    assert "Visits, tours and inspections" in texts


def test_small_screen_opens_maximised(login_as, monkeypatch):
    window = login_as("liuyang")
    monkeypatch.setattr(mainwindow, "DEFAULT_SIZE", mainwindow.QSize(99999, 99999))
    window.show_fitted()
    assert window.isMaximized()


def test_backup_scheduler_attaches_just_after_the_first_paint(login_as, qtbot):
    window = login_as("liuyang")
    qtbot.waitUntil(lambda: window._backups is not None, timeout=2000)
    assert window.backups is window._backups       # one scheduler, not a second


def test_a_window_never_painted_still_gets_its_backup_scheduler(hall, rt, qtbot, monkeypatch):
    monkeypatch.setattr(mainwindow, "FIRST_PAINT_LATEST_MS", 50)

    class NeverPainted(mainwindow.MainWindow):
        def paintEvent(self, event):  # noqa: N802 (Qt): as if minimised from the start
            pass

    window = NeverPainted(hall["liuyang"], rt.local)
    qtbot.addWidget(window)
    window.show()
    assert window._backups is None and not window.idle.watching
    qtbot.waitUntil(lambda: window._backups is not None, timeout=2000)
    assert window.idle.watching


def test_a_window_logged_out_before_its_first_paint_starts_nothing(hall, rt, qtbot, monkeypatch):
    monkeypatch.setattr(mainwindow, "FIRST_PAINT_LATEST_MS", 50)
    window = mainwindow.MainWindow(hall["liuyang"], rt.local)
    qtbot.addWidget(window)
    window.show()
    window.end()
    qtbot.wait(300)
    assert window._backups is None and not window.idle.watching
