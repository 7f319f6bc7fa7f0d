"""Small widgets shared by the forms: a field's error line and the PIN entry."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QLabel, QLineEdit, QMainWindow, QWidget

ERROR_STYLE = "color: #b00020;"
PIN_MAX = 8


class FieldError(QLabel):
    """The message under a form field: red and in words (never colour alone); hidden while
    the field is fine."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldError")
        self.setStyleSheet(ERROR_STYLE)
        self.setWordWrap(True)
        self.setVisible(False)

    def show_error(self, message: str) -> None:
        self.setText(message)
        self.setVisible(True)
        # A dialog grows by the new line; Qt's minimum size alone undercounts word-wrapped
        # labels and would squeeze the fields instead.
        window = self.window()
        if window is not self and not isinstance(window, QMainWindow):
            window.resize(window.size().expandedTo(window.sizeHint()))

    def clear_error(self) -> None:
        self.clear()
        self.setVisible(False)


def pin_edit(parent: QWidget | None = None) -> QLineEdit:
    """A masked entry that accepts digits only, at most eight."""
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(PIN_MAX)
    edit.setValidator(QRegularExpressionValidator(QRegularExpression(f"[0-9]{{0,{PIN_MAX}}}"),
                                                  edit))
    edit.setInputMethodHints(edit.inputMethodHints() | Qt.InputMethodHint.ImhDigitsOnly)
    return edit
