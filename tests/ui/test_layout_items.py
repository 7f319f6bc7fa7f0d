"""No Python wrapper of a layout item outlives the item (hall_desk.ui.layout_items): Qt
deletes an item with its widget without telling PySide, and a wrapper left behind made a
later object come back to Python as that item (CI: a menu bar as a QSpacerItem, a crash)."""

from __future__ import annotations

import gc

from PySide6.QtWidgets import (
    QBoxLayout, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QSpacerItem, QVBoxLayout,
    QWidget, QWidgetItem,
)
from shiboken6 import Shiboken

from hall_desk.ui import layout_items
from hall_desk.ui.pages import PageContext


def item_wrappers() -> set[int]:
    gc.collect()
    return {id(o) for o in Shiboken.getAllValidWrappers()
            if isinstance(o, (QWidgetItem, QSpacerItem))}


def a_row(text: str) -> tuple[QHBoxLayout, QLabel]:
    row = QHBoxLayout()
    label = QLabel(text)
    row.addWidget(label)
    row.addWidget(QLineEdit())
    row.addStretch(1)
    return row, label


def test_adding_a_filled_layout_leaves_no_item_wrapper(qtbot):
    before = item_wrappers()
    root = QWidget()
    qtbot.addWidget(root)
    outer = QVBoxLayout(root)
    first, gone = a_row("第一行")
    nested, _ = a_row("嵌套")
    second, _ = a_row("第二行")
    second.addLayout(nested)                # an orphan: PySide wraps nothing yet
    outer.addLayout(first)
    outer.insertLayout(0, second)           # the nested row's items are wrapped here too
    grid_host = QWidget()
    outer.addWidget(grid_host)
    grid = QGridLayout(grid_host)
    third, _ = a_row("第三行")
    grid.addLayout(third, 0, 0)
    assert item_wrappers() <= before

    gone.deleteLater()                      # Qt deletes the label's item with it
    qtbot.waitUntil(lambda: first.count() == 2)
    assert item_wrappers() <= before
    assert [outer.itemAt(i).layout() for i in range(2)] == [second, first]


def test_an_item_made_in_python_keeps_its_wrapper(qtbot):
    root = QWidget()
    qtbot.addWidget(root)
    outer = QVBoxLayout(root)
    row = QHBoxLayout()
    spacer = QSpacerItem(10, 10)
    row.addItem(spacer)
    outer.addLayout(row)
    assert Shiboken.isValid(spacer) and spacer.sizeHint().width() == 10


def test_install_twice_wraps_once():
    layout_items.install()
    method = QBoxLayout.__dict__["addLayout"]
    assert getattr(method, "__wrapped_by_hall_desk__", False)
    assert not getattr(method.__wrapped__, "__wrapped_by_hall_desk__", False)


def test_a_page_built_leaves_no_item_wrapper(hall, qtbot, rt):
    """The duty page left 21 before (it builds its rows, then adds them)."""
    from hall_desk.ui.pages.duty_page import DutyPage

    before = item_wrappers()
    page = DutyPage(PageContext(hall["chenjing"], rt.local))
    qtbot.addWidget(page)
    assert item_wrappers() <= before
    page.show()
    qtbot.waitExposed(page)
    assert item_wrappers() <= before
