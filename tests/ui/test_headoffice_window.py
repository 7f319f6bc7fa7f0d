"""The head office's window with two halls (issue #21 part 2): log in as the head office,
see both halls' tickets in the region's queue, open one with Enter and see its history and
the print preview of its record, the statistics with a line per hall and the region's, the
halls' last packages; a wrong PIN refused in words, a hall's staff not in the login list."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from hall_desk.services import package
from hall_desk.store.headoffice import close_headoffice, open_headoffice
from tests.headoffice_helpers import PIN, make_hall


@pytest.fixture
def region(tmp_path):
    folder = tmp_path / "usb"
    folder.mkdir()
    east, east_pkg = make_hall(tmp_path / "east.sqlite3", "城东营业厅", folder,
                               hotline="GD-2026-000731")
    west, west_pkg = make_hall(tmp_path / "west.sqlite3", "城西营业厅", folder)
    open_headoffice(path=tmp_path / "ho.sqlite3")
    from hall_desk.services import headoffice

    actor = headoffice.init("zongbu", "总部督办", PIN)
    package.receive(actor, east_pkg)
    package.receive(actor, west_pkg)
    yield east, west
    close_headoffice()


@pytest.fixture
def session(qtbot, region):
    from hall_desk.ui.headoffice import HeadOfficeSession

    found = HeadOfficeSession()
    found.start()
    qtbot.addWidget(found.dialog)
    yield found
    if found.window is not None:
        found.window.blockSignals(True)
        found.window.close()


def _log_in(qtbot, session, pin=PIN):
    dialog = session.dialog
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.pin, pin)
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    return dialog


def test_a_wrong_pin_is_refused_in_words_and_only_head_office_logins_are_listed(qtbot, session):
    dialog = _log_in(qtbot, session, "999999")
    assert session.window is None and "PIN" in dialog.error.text()
    names = [dialog.staff_list.item(i).text() for i in range(dialog.staff_list.count())]
    assert names == ["总部督办 (总部督办)"]            # no hall staff (王丽, 刘洋 ...)


def test_both_halls_tickets_a_ticket_its_history_and_record(qtbot, session, region):
    east, west = region
    _log_in(qtbot, session)
    window = session.window
    assert window is not None
    qtbot.waitExposed(window)
    page = window.pages["queue"]
    page.status.setCurrentIndex(page.status.findData(""))
    halls = {page.table.item(r, 0).text() for r in range(page.table.rowCount())}
    assert halls == {east.name, west.name} and page.table.rowCount() == 6
    assert "共 6 条" in page.count_label.text()
    repeats = [page.table.item(r, 9).text() for r in range(page.table.rowCount())]
    assert sum(bool(x) for x in repeats) == 2

    page.search.setText(east.numbers["hotline"][-4:])
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert [page.table.item(r, 1).text() for r in range(page.table.rowCount())] \
        == [east.numbers["hotline"]]
    page.search.clear()
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    row = next(r for r in range(page.table.rowCount())
               if page.table.item(r, 0).text() == east.name
               and page.table.item(r, 1).text() == east.numbers["shared"])
    page.table.setFocus()
    page.table.setCurrentCell(row, 0)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialogs = [d for d in page.findChildren(QDialog) if d.isVisible()]
    assert len(dialogs) == 1
    ticket = dialogs[0]
    qtbot.waitExposed(ticket)
    steps = [ticket.history.item(r, 3).text() for r in range(ticket.history.rowCount())]
    assert len(steps) == len(east.events[east.numbers["shared"]]) and steps[0] == "登记受理"
    assert ticket.repeat_label is not None and west.name in ticket.repeat_label.text()
    assert ticket.preview_button.isEnabled()
    qtbot.mouseClick(ticket.preview_button, Qt.MouseButton.LeftButton)
    preview = ticket.preview_dialog
    assert preview is not None and preview.data == east.record
    preview.close()
    ticket.close()


def test_statistics_and_halls_pages_show_both_halls(qtbot, session, region):
    east, west = region
    _log_in(qtbot, session)
    window = session.window
    with qtbot.waitActive(window):                 # shortcuts need the active window
        window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert window.stack.currentIndex() == 1
    stats = window.pages["statistics"]
    lines = [stats.table.item(r, 0).text() for r in range(stats.table.rowCount())]
    assert lines == sorted([east.name, west.name]) + ["全区域"]
    assert [stats.table.item(2, c).text() for c in (1, 5, 7)] == ["6", "6", "2"]
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    halls = window.pages["halls"]
    assert {halls.table.item(r, 0).text() for r in range(halls.table.rowCount())} == \
        {east.name, west.name}
    assert {halls.table.item(r, 2).text() for r in range(halls.table.rowCount())} == {"1"}


def test_english(qtbot, session, english):
    _log_in(qtbot, session)
    window = session.window
    assert window.nav.item(0).text() == "Region's queue"
    assert window.pages["queue"].table.horizontalHeaderItem(0).text() == "Hall"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_two_controls_share_an_alt_letter(qtbot, session, region, request, lang):
    from hall_desk.ui import keys

    if lang == "en":
        request.getfixturevalue("english")
    _log_in(qtbot, session)
    window = session.window
    qtbot.waitExposed(window)
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        assert keys.clashes(window) == {}, (row, keys.clashes(window))
    page = window.pages["queue"]
    window.nav.setCurrentRow(0)
    page.status.setCurrentIndex(page.status.findData(""))
    ticket = page.open_ticket(page.rows[0].key)
    qtbot.waitExposed(ticket)
    assert keys.mnemonics(ticket) and keys.clashes(ticket) == {}
    ticket.close()
