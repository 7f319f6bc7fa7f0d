"""Small widgets shared by the forms and pages: a field's error line, the form row that holds
a field above its error line, showing a check's problems at their fields (one form's:
:class:`Fields`), the PIN entry, and the read-only tables of the duty and handover tabs."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QBrush, QColor, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView, QFormLayout, QHeaderView, QLabel, QLayout, QLineEdit, QListWidget,
    QListWidgetItem, QMainWindow,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from hall_desk.core.errors import HallError, ValidationError
from hall_desk.ui import dialogs, palette

ERROR_STYLE = palette.ERROR_STYLE
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


def field_cell(field: QWidget | QLayout, error: FieldError) -> QWidget:
    """One cell of a form: the field (a widget, or a layout such as an entry with its button)
    with its error line right under it."""
    cell = QWidget()
    box = QVBoxLayout(cell)
    box.setContentsMargins(0, 0, 0, 0)
    box.setSpacing(2)
    if isinstance(field, QLayout):
        box.addLayout(field)
    else:
        box.addWidget(field)
    box.addWidget(error)
    return cell


def form_row(form: QFormLayout, text: str, field: QWidget | QLayout, error: FieldError,
             buddy: QWidget | None = None) -> QLabel:
    """Add a labelled row to ``form``: the label (its mnemonic focuses ``buddy``, by default
    the field) beside the field's cell. Returns the label, for forms that retitle it."""
    label = QLabel(text)
    target = buddy if buddy is not None else field
    if isinstance(target, QWidget):
        label.setBuddy(target)
    form.addRow(label, field_cell(field, error))
    return label


def show_field_errors(problems: ValidationError | Mapping[str, str],
                      fields: Mapping[str, QWidget],
                      errors: Mapping[str, FieldError]) -> list[str]:
    """Put each problem's message under its field and focus the first wrong field, in the
    order of ``fields`` (the order the clerk meets them). Returns the messages of problems
    the form has no field for, so the caller can still say them."""
    if isinstance(problems, ValidationError):
        problems = {key: err.message() for key, err in problems.errors.items()}
    first = None
    for key, widget in fields.items():
        if key in problems and key in errors:
            errors[key].show_error(problems[key])
            first = first or widget
    if first is not None:
        first.setFocus()
    return [message for key, message in problems.items()
            if key not in errors or key not in fields]


def pin_edit(parent: QWidget | None = None) -> QLineEdit:
    """A masked entry that accepts digits only, at most eight."""
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(PIN_MAX)
    edit.setValidator(QRegularExpressionValidator(QRegularExpression(f"[0-9]{{0,{PIN_MAX}}}"),
                                                  edit))
    edit.setInputMethodHints(edit.inputMethodHints() | Qt.InputMethodHint.ImhDigitsOnly)
    return edit


class Fields:
    """Field errors of one form: ``show(exc)`` puts each message under its field and focuses
    the first; a message for a field the form does not show goes to a dialog."""

    def __init__(self, parent: QWidget, widgets: dict[str, QWidget]) -> None:
        self.parent, self.widgets = parent, widgets
        self.errors = {key: FieldError() for key in widgets}

    def row(self, form: QFormLayout, label: str, key: str) -> None:
        form_row(form, label, self.widgets[key], self.errors[key])

    def clear(self) -> None:
        for label in self.errors.values():
            label.clear_error()

    def show(self, exc: HallError) -> None:
        if not isinstance(exc, ValidationError):
            dialogs.warn(self.parent, exc.message())
            return
        for message in show_field_errors(exc, self.widgets, self.errors):
            dialogs.warn(self.parent, message)


def table(headers: list[str], stretch: int | None = None) -> QTableWidget:
    """A read-only, row-selecting table with these column titles; column ``stretch`` (default:
    the last) takes the width left over."""
    widget = QTableWidget(0, len(headers))
    widget.setHorizontalHeaderLabels(headers)
    widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    widget.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    widget.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    widget.verticalHeader().setVisible(False)
    widget.setWordWrap(True)
    header = widget.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is None:
        header.setStretchLastSection(True)
    else:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return widget


def cell(text: object, data: object = None, *, colour: QColor | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem("" if text is None else str(text))
    item.setToolTip(item.text())
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    if colour is not None:
        item.setForeground(QBrush(colour))
    return item


class EditableList:
    """What the template editors share: ``self.items``, a list edited in place, read back by
    the editor's ``_sync()`` after every change (add, remove, move, an edit in a cell)."""

    items: QListWidget

    def _sync(self) -> None:
        raise NotImplementedError

    def _added(self, item: QListWidgetItem, *, edit: bool) -> QListWidgetItem:
        """``item`` (already in the list) selected, read back and, if new, opened for typing."""
        self.items.setCurrentItem(item)
        self._sync()
        if edit:
            self.items.editItem(item)
        return item

    def remove_item(self) -> None:
        row = self.items.currentRow()
        if row >= 0:
            self.items.takeItem(row)
            self._sync()

    def move_item(self, step: int) -> None:
        row = self.items.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.items.count():
            return
        item = self.items.takeItem(row)
        self.items.insertItem(target, item)
        self.items.setCurrentRow(target)
        self._sync()
