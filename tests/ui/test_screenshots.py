"""Screenshots of the login dialog, the main window, the settings and the lock page on a demo hall,
and a check that every visible text is drawn from a font that has its characters and that no
label is smaller than its text.

The pictures go to the test's temp folder; with ``HALL_DESK_SCREENSHOTS=1`` they replace
``docs/screenshot-*.png`` (``HALL_DESK_SCREENSHOTS=1 pytest tests/ui/test_screenshots.py``,
under ``xvfb-run`` with ``QT_QPA_PLATFORM=xcb`` for a real X server).
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton, QApplication, QLabel, QLineEdit, QListWidget, QTableWidget,
)

from hall_desk.services import demo
from hall_desk.ui import mainwindow
from hall_desk.ui.login import LoginDialog

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture
def out_dir(tmp_path) -> Path:
    if os.environ.get("HALL_DESK_SCREENSHOTS") == "1":
        DOCS.mkdir(exist_ok=True)
        return DOCS
    return tmp_path


@pytest.fixture
def demo_hall(store, monkeypatch):
    monkeypatch.setattr(mainwindow, "now", lambda: datetime(2026, 11, 23, 9, 30))
    demo.fill(50, today=datetime(2026, 11, 23, 9, 30))


def shown_texts(root) -> list[tuple[object, str]]:
    """(widget, text) of what a person reads in ``root``."""
    found = []
    for widget in root.findChildren(QLabel) + root.findChildren(QAbstractButton):
        if widget.isVisible() and widget.text():
            found.append((widget, widget.text().replace("&", "")))
    for widget in root.findChildren(QListWidget):
        if widget.isVisible():
            found += [(widget, widget.item(i).text()) for i in range(widget.count())]
    for widget in root.findChildren(QTableWidget):
        if widget.isVisible():
            found += [(widget, widget.horizontalHeaderItem(c).text())
                      for c in range(widget.columnCount())]
            found += [(widget, widget.item(r, c).text()) for r in range(widget.rowCount())
                      for c in range(widget.columnCount()) if widget.item(r, c)]
    for widget in root.findChildren(QLineEdit):
        if widget.isVisible() and widget.echoMode() == QLineEdit.EchoMode.Normal:
            found.append((widget, widget.text() or widget.placeholderText()))
    return found


def check_readable(root) -> None:
    missing, clipped = [], []
    for widget, text in shown_texts(root):
        metrics = QFontMetrics(widget.font())
        missing += [f"{ch!r} in {text!r}" for ch in text
                    if not ch.isspace() and not metrics.inFontUcs4(ord(ch))]
        if isinstance(widget, QLabel):
            if widget.wordWrap():
                if widget.height() < widget.heightForWidth(widget.width()):
                    clipped.append(text)
            elif widget.width() < widget.minimumSizeHint().width():
                clipped.append(text)
    assert missing == [], "characters the font cannot draw (boxes)"
    assert clipped == [], "labels smaller than their text"


def save(widget, path: Path) -> None:
    QApplication.processEvents()     # let layouts settle after a page switch
    image = widget.grab()
    assert not image.isNull()
    assert image.save(str(path))


def test_login_dialog_screenshot(qtbot, demo_hall, out_dir):
    dialog = LoginDialog(demo.DEMO_COUNTER)
    qtbot.addWidget(dialog)
    dialog.resize(440, 520)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.select_login("wangli")
    qtbot.keyClicks(dialog.pin, "1234")
    dialog.try_login()                       # wrong: shows the inline message too
    qtbot.keyClicks(dialog.pin, "11")
    QApplication.processEvents()
    check_readable(dialog)
    save(dialog, out_dir / "screenshot-login.png")


def test_main_window_screenshots(login_as, demo_hall, out_dir):
    window = login_as("admin")
    window.resize(mainwindow.DEFAULT_SIZE)
    check_readable(window)
    save(window, out_dir / "screenshot-main.png")
    window.nav.setCurrentRow(window.page_index("settings"))
    check_readable(window)
    save(window, out_dir / "screenshot-settings.png")
    window.lock()
    QApplication.processEvents()
    check_readable(window)
    save(window, out_dir / "screenshot-lock.png")
