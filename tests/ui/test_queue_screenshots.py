"""Screenshots of the queue (main window, 1280×800, demo hall) and of a ticket detail, with a
check that every text in them has its characters in the font and that the queue's cells are
not cut off.

With ``HALL_DESK_SCREENSHOTS=1`` the pictures replace ``docs/screenshot-queue.png`` and
``docs/screenshot-ticket.png``; otherwise they go to the test's temp folder.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QTableWidget

from hall_desk.services import demo
from hall_desk.services.context import clock
from hall_desk.ui import mainwindow
from hall_desk.ui.queue_model import DEADLINE, DEADLINE_STATE_ROLE

T = datetime(2026, 11, 23, 9, 30)
DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture
def out_dir(tmp_path) -> Path:
    return DOCS if os.environ.get("HALL_DESK_SCREENSHOTS") == "1" else tmp_path


@pytest.fixture
def demo_hall(store, monkeypatch):
    monkeypatch.setattr(mainwindow, "now", lambda: T)
    with clock(lambda: T):
        demo.fill(60, today=T)
        yield


def undrawable(widget, texts) -> list[str]:
    metrics = QFontMetrics(widget.font())
    return [f"{ch!r} in {text!r}" for text in texts for ch in text
            if not ch.isspace() and not metrics.inFontUcs4(ord(ch))]


def widget_texts(root) -> list[str]:
    texts = [w.text().replace("&", "") for w in root.findChildren(QLabel)
             + root.findChildren(QAbstractButton) if w.isVisible() and w.text()]
    for table in root.findChildren(QTableWidget):
        texts += [table.item(r, c).text() for r in range(table.rowCount())
                  for c in range(table.columnCount()) if table.item(r, c)]
    return texts


def save(widget, path: Path) -> None:
    QApplication.processEvents()
    image = widget.grab()
    assert not image.isNull() and image.save(str(path))


def test_queue_and_ticket_screenshots(login_as, demo_hall, out_dir, qtbot):
    window = login_as("wangli")
    window.resize(mainwindow.DEFAULT_SIZE)
    window.nav.setCurrentRow(window.page_index("queue"))
    page = window.page_widget("queue")
    QApplication.processEvents()
    model, view = page.model, page.view

    cells = [str(model.data(model.index(r, c)) or "") for r in range(model.rowCount())
             for c in range(model.columnCount())]
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert undrawable(view, cells + headers) == []
    assert undrawable(page, widget_texts(page)) == []
    states = [model.data(model.index(r, DEADLINE), DEADLINE_STATE_ROLE)
              for r in range(model.rowCount())]
    assert "overdue" in states
    metrics = QFontMetrics(view.font())
    for r in range(min(model.rowCount(), 20)):
        text = model.data(model.index(r, DEADLINE))
        assert metrics.horizontalAdvance(text) + 8 <= view.columnWidth(DEADLINE), text
    first_visible = view.columnViewportPosition(DEADLINE) + view.columnWidth(DEADLINE)
    assert first_visible <= view.viewport().width(), "the deadline column is off screen"
    view.selectRow(2)
    save(window, out_dir / "screenshot-queue.png")

    dialog = page.open_detail(model.ticket_id(0))
    dialog.resize(1240, 800)
    qtbot.waitExposed(dialog)
    dialog.start_action(next(iter(dialog.action_buttons)))     # show a step's form too
    QApplication.processEvents()
    assert undrawable(dialog, widget_texts(dialog)) == []
    save(dialog, out_dir / "screenshot-ticket.png")
    dialog.close()
