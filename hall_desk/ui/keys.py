"""The keyboard across every window: the mnemonic letters (Alt+letter) a window shows, the
shortcut sheet on F1, and the wheel that never changes a control without focus.

:func:`install` puts one application-wide event filter in place (``create_app`` calls it):

- a wheel turned over a combo box, spin box, date/time edit or slider that does not have the
  focus is eaten, so scrolling past a settings form never changes a policy or a shift;
- F1 in any window opens :class:`ShortcutSheet` for that window.

:func:`mnemonics` walks what one window shows (buttons, labels with a buddy, tab titles,
group boxes, the menu bar) and :func:`clashes` names the letters two of them share; the GUI
tests walk every page and dialog with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractSpinBox, QApplication, QComboBox, QDialog, QDialogButtonBox,
    QGroupBox, QHeaderView, QLabel, QMenuBar, QSlider, QTabBar, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from hall_desk.core import i18n
from hall_desk.ui.widgets import fit_to_screen

F = TypeVar("F", bound=QObject)

#: Controls whose value a wheel turn would change.
WHEEL_GUARDED = (QComboBox, QAbstractSpinBox, QSlider)


def mnemonic(text: str) -> str:
    """The letter after a single ``&`` in a label (upper case), or "" (``&&`` is a plain &)."""
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1] != "&":
                return text[i + 1].upper()
            i += 1
        i += 1
    return ""


def plain(text: str) -> str:
    """A label without its mnemonic mark: ``仅超时(&O)`` → ``仅超时``, ``&Save`` → ``Save``."""
    letter = mnemonic(text)
    if letter:
        text = text.replace(f"(&{letter})", "").replace(f"(&{letter.lower()})", "")
    out, i = [], 0
    while i < len(text):
        if text[i] == "&" and i + 1 < len(text):
            i += 1
        out.append(text[i])
        i += 1
    return "".join(out).strip()


@dataclass(frozen=True)
class Mnemonic:
    letter: str
    what: str        # the control's kind, for a test's message
    label: str       # its text without the mark


def _shown(widget: QWidget, window: QWidget) -> bool:
    return widget.isVisibleTo(window) and widget.window() is window


def mnemonics(window: QWidget) -> list[Mnemonic]:
    """The Alt+letter keys of what ``window`` shows now (hidden pages and tabs not shown
    are left out: their letters do not act)."""
    found: list[Mnemonic] = []

    def add(text: str, what: str) -> None:
        letter = mnemonic(text or "")
        if letter:
            found.append(Mnemonic(letter, what, plain(text)))

    for button in window.findChildren(QAbstractButton):
        if _shown(button, window) and not button.parent().inherits("QTabBar"):
            add(button.text(), type(button).__name__)
    for label in window.findChildren(QLabel):
        if _shown(label, window) and label.buddy() is not None:
            add(label.text(), "QLabel")
    for bar in window.findChildren(QTabBar):
        if _shown(bar, window):
            for i in range(bar.count()):
                if bar.isTabVisible(i):
                    add(bar.tabText(i), "QTabBar")
    for box in window.findChildren(QGroupBox):
        if _shown(box, window):
            add(box.title(), "QGroupBox")
    for bar in window.findChildren(QMenuBar):
        if _shown(bar, window):
            for action in bar.actions():
                if action.isVisible():
                    add(action.text(), "QMenu")
    return found


def clashes(window: QWidget) -> dict[str, list[Mnemonic]]:
    """Letters that more than one control of ``window`` uses: Alt+letter reaches only one."""
    by_letter: dict[str, list[Mnemonic]] = {}
    for m in mnemonics(window):
        by_letter.setdefault(m.letter, []).append(m)
    return {k: v for k, v in sorted(by_letter.items()) if len(v) > 1}


def shortcuts(window: QWidget) -> list[tuple[str, str]]:
    """(keys, what they do) for ``window``: its Alt+letter mnemonics, then the shortcuts of
    its actions, buttons and QShortcuts, each once, in the words shown."""
    rows: list[tuple[str, str]] = [("F1", i18n.text("keys.sheet_title"))]
    seen = {"F1"}
    for m in mnemonics(window):
        keys = f"Alt+{m.letter}"
        if keys not in seen:
            seen.add(keys)
            rows.append((keys, m.label))

    def add(sequence: QKeySequence, label: str) -> None:
        keys = sequence.toString(QKeySequence.SequenceFormat.NativeText)
        if keys and keys not in seen:
            seen.add(keys)
            rows.append((keys, plain(label)))

    for action in window.findChildren(QAction):
        if action.isVisible() and action.isEnabled():
            add(action.shortcut(), action.text())
    for button in window.findChildren(QAbstractButton):
        if _shown(button, window):
            add(button.shortcut(), button.text())
    for shortcut in window.findChildren(QShortcut):
        if shortcut.isEnabled() and shortcut.whatsThis():
            add(shortcut.key(), shortcut.whatsThis())
    return rows


class ShortcutSheet(QDialog):
    """The keys of one window, listed from what it shows (F1)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("shortcutSheet")
        self.setWindowTitle(i18n.text("keys.sheet_title"))
        self.rows = shortcuts(window)
        self.table = QTableWidget(len(self.rows), 2)
        self.table.setHorizontalHeaderLabels([i18n.text("keys.column_keys"),
                                              i18n.text("keys.column_action")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (keys, label) in enumerate(self.rows):
            self.table.setItem(row, 0, QTableWidgetItem(keys))
            self.table.setItem(row, 1, QTableWidgetItem(label))
        self.table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        fit_to_screen(self, (460, 520))     # the table scrolls; Close stays on screen


def _guarded(widget: QObject) -> QWidget | None:
    """The value control a wheel over ``widget`` would change (a spin box's line edit
    belongs to its spin box), or None."""
    for candidate in (widget, widget.parent() if isinstance(widget, QWidget) else None):
        if isinstance(candidate, WHEEL_GUARDED):
            return candidate
    return None


class KeyboardFilter(QObject):
    """The application-wide filter: wheel over an unfocused value control, and F1."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.sheet: ShortcutSheet | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        kind = event.type()
        if kind == QEvent.Type.Wheel:
            control = _guarded(watched)
            if control is not None and not control.hasFocus():
                if control.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                    control.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
                event.ignore()
                return True
        elif (kind == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_F1
              and event.modifiers() == Qt.KeyboardModifier.NoModifier
              and isinstance(watched, QWidget)):
            self.show_sheet(watched.window())
            return True
        return False

    def show_sheet(self, window: QWidget) -> ShortcutSheet:
        if isinstance(window, ShortcutSheet):
            return window
        self.sheet = ShortcutSheet(window)
        self.sheet.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.sheet.destroyed.connect(lambda *_: setattr(self, "sheet", None))
        self.sheet.show()
        return self.sheet


def install(app: QApplication) -> KeyboardFilter:
    """Install the filter once on ``app``; returns it."""
    return install_filter(app, KeyboardFilter)


def install_filter(app: QApplication, kind: type[F]) -> F:
    """An application-wide event filter of ``kind``, installed once; returns it."""
    existing = app.findChild(kind)
    if existing is not None:
        return existing
    installed = kind(app)
    app.installEventFilter(installed)
    return installed
