"""The Qt bindings must keep their references to None, True and False.

PySide6 6.12.0 on Python 3.11 dropped a reference to None on every call of a method that
returns nothing (``setText``, ``resize``, ``processEvents``...). None is an ordinary object
before Python 3.12, so after some thousands of such calls its count reached zero and the
program died with "Fatal Python error: none_dealloc" — minutes into a busy shift. The
dependency excludes that release; this test fails on any release that brings it back.
(From Python 3.12 on the three are immortal and their counts do not move.)
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLabel

ROUNDS = 500          # about 2,000 calls: enough to see, far from draining a real count


def counts() -> dict[str, int]:
    return {"None": sys.getrefcount(None), "True": sys.getrefcount(True),
            "False": sys.getrefcount(False)}


class Swallow(QObject):
    """An event filter written in Python: Qt converts what it returns, True or False."""

    def eventFilter(self, watched, event):  # noqa: N802 (Qt)
        return event.type() == QEvent.Type.ToolTip


def test_qt_calls_keep_their_references_to_none_true_and_false(qtbot):
    app = QApplication.instance()
    label = QLabel("0")
    qtbot.addWidget(label)
    label.show()
    swallow = Swallow()
    app.installEventFilter(swallow)
    try:
        app.processEvents()
        before = counts()
        for i in range(ROUNDS):
            label.setText(str(i))                   # returns nothing
            label.resize(100 + i % 40, 30)          # returns nothing
            label.setEnabled(i % 2 == 0)            # returns nothing, takes a bool
            assert label.isEnabled() is (i % 2 == 0)
            app.processEvents()                     # returns nothing; runs the filter
        after = counts()
    finally:
        app.removeEventFilter(swallow)
    lost = {name: before[name] - after[name] for name in before
            if after[name] < before[name] - ROUNDS // 5}
    assert not lost, f"references lost by the Qt bindings: {lost}"
