"""What the Settings template editors share: the day's checks (ui/daily_templates.py), the
reception checklists (ui/reception_templates.py) and the counter's phrases
(ui/phrase_settings.py).

:class:`TemplateEditor` holds the list of items edited in place (``EditableList``) with its
Add, Remove, Up and Down buttons, the English of the selected item, the status line beside
the save button, and a save whose refused fields get their messages under them.
:class:`NamedTemplateEditor` adds what the two named and versioned kinds of template have:
the template chosen from a list (or a new one), its code, title and English title, and the
items of each group (the day's phases, the reception's stages) kept while another group is
shown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget,
    QListWidgetItem, QPushButton, QVBoxLayout, QWidget,
)

from hall_desk.core import i18n
from hall_desk.core.errors import HallError, ValidationError
from hall_desk.core.templates import text_value
from hall_desk.ui import dialogs
from hall_desk.ui.widgets import EditableList, FieldError, field_cell

T = TypeVar("T")


class TemplateEditor(EditableList):
    """Mixed into a QGroupBox with ``errors`` (key -> FieldError) set before building."""

    errors: dict[str, FieldError]
    status: QLabel
    add_button: QPushButton
    remove_button: QPushButton
    up_button: QPushButton
    down_button: QPushButton

    def _item_list(self, texts: tuple[str, str, str, str], *, min_height: int,
                   name: str = "") -> QHBoxLayout:
        """``items`` with the Add, Remove, Up and Down buttons (``texts``) beside it."""
        self.items = QListWidget()
        if name:
            self.items.setObjectName(name)
        self.items.setMinimumHeight(min_height)
        self.items.setWordWrap(True)
        self.items.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.items.itemChanged.connect(lambda _item: self._sync())
        self.add_button, self.remove_button, self.up_button, self.down_button = (
            QPushButton(text) for text in texts)
        self.add_button.clicked.connect(lambda: self.add_item())
        self.remove_button.clicked.connect(self.remove_item)
        self.up_button.clicked.connect(lambda: self.move_item(-1))
        self.down_button.clicked.connect(lambda: self.move_item(1))
        buttons = QVBoxLayout()
        for b in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.items, 1)
        row.addLayout(buttons)
        return row

    def add_item(self, text: str = "") -> QListWidgetItem:
        raise NotImplementedError

    def _english_row(self) -> QFormLayout:
        """The selected item's English, labelled."""
        form = QFormLayout()
        form.addRow(i18n.text("templates.editor.english"), self._english_field())
        return form

    def _status_row(self, *buttons: QPushButton) -> QHBoxLayout:
        """``status`` (what the last save or choice did) with ``buttons`` at its right."""
        self.status = QLabel()
        self.status.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        for b in buttons:
            row.addWidget(b)
        return row

    def _clear_errors(self) -> None:
        for label in self.errors.values():
            label.clear_error()

    def _saved(self, save: Callable[[], T], fallback: str) -> T | None:
        """``save()``'s result; None when it was refused: each message under the field its key
        names (before any dot; ``fallback``'s for others), several under one field one a
        line, or in a dialog if not a field's."""
        self._clear_errors()
        try:
            return save()
        except ValidationError as exc:
            for key, err in exc.errors.items():
                target = self.errors.get(key.split(".")[0], self.errors[fallback])
                text = err.message()
                if not target.isHidden() and target.text():
                    text = target.text() + "\n" + text
                target.show_error(text)
        except HallError as exc:
            dialogs.warn(self, exc.message())
        return None


class NamedTemplateEditor(TemplateEditor):
    """A named, versioned template: ``template_combo`` (the templates, then a new one),
    ``code_edit`` (fixed once saved), ``title_edit``, ``title_en_edit``; ``group_combo``
    chooses which group's items the list shows."""

    template_combo: QComboBox
    code_edit: QLineEdit
    title_edit: QLineEdit
    title_en_edit: QLineEdit
    group_combo: QComboBox

    def _named_fields(self, title_max: int, groups: Iterable[tuple[str, str]],
                      code_hint: str = "") -> None:
        """The template's own fields, and ``group_combo`` with ``groups`` (label, value)."""
        self._groups: dict[str, list[tuple[str, str]]] = {}     # group -> (Chinese, English)
        self.template_combo = QComboBox()
        self.template_combo.activated.connect(self._template_chosen)
        self.code_edit = QLineEdit()
        self.code_edit.setMaxLength(32)
        if code_hint:
            self.code_edit.setPlaceholderText(code_hint)
        self.title_edit = QLineEdit()
        self.title_edit.setMaxLength(title_max)
        self.title_en_edit = QLineEdit()
        self.title_en_edit.setObjectName("titleEnglish")
        self.title_en_edit.setMaxLength(title_max)
        self.title_en_edit.setPlaceholderText(i18n.text("templates.editor.english_hint"))
        self.group_combo = QComboBox()
        for label, value in groups:
            self.group_combo.addItem(label, value)
        self._group = self.group_combo.itemData(0)
        self.group_combo.currentIndexChanged.connect(self._group_chosen)

    def _named_form(self, template_label: str, rows: list[tuple[str, str, QWidget]],
                    group_label: str) -> QFormLayout:
        """The form: the template, its code and title with their error lines (``rows``:
        error key, label, field), the English title after the third row, the group."""
        form = QFormLayout()
        form.addRow(template_label, self.template_combo)
        for key, label, widget in rows:
            form.addRow(label, field_cell(widget, self.errors[key]))
        form.insertRow(3, i18n.text("templates.editor.title_en"), self.title_en_edit)
        form.addRow(group_label, self.group_combo)
        return form

    def _lay_out(self, form: QFormLayout, hint: str, items: QHBoxLayout,
                 bottom: QHBoxLayout) -> None:
        """The box: the form, the list under its ``hint``, the item's English, the items'
        error line, the status row."""
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(hint))
        layout.addLayout(items)
        layout.addLayout(self._english_row())
        layout.addWidget(self.errors["items"])
        layout.addLayout(bottom)

    def _fill_combo(self, templates: Iterable[Any], new_text: str, chosen: str,
                    mark: Callable[[Any], str] = lambda _t: "") -> None:
        """The list of ``templates`` then the new one, ``chosen`` (a name) selected, shown."""
        self.template_combo.clear()
        for t in templates:
            self.template_combo.addItem(f"{t.title}（{t.name}, v{t.version}）{mark(t)}", t.name)
        self.template_combo.addItem(new_text, "")
        index = self.template_combo.findData(chosen) if chosen else 0
        self.template_combo.setCurrentIndex(max(0, index))
        self._template_chosen()

    def _template_chosen(self) -> None:
        raise NotImplementedError

    def _show_template(self, t: Any | None, groups: Iterable[Any]) -> None:
        """``t``'s name, titles and items of each of ``groups`` (enum members); None: blank,
        for a new template."""
        self.code_edit.setText(t.name if t else "")
        self.code_edit.setReadOnly(t is not None)
        self.title_edit.setText(t.title if t else "")
        self.title_en_edit.setText(t.title_en if t else "")
        self._groups = {g.value: [(i.text, i.text_en) for i in t.items_of(g)] if t else []
                        for g in groups}
        self._clear_errors()
        self._show_group()

    def _clear_errors(self) -> None:
        super()._clear_errors()
        self.status.clear()

    def _group_chosen(self) -> None:
        self._group = self.group_combo.currentData()
        self._show_group()

    def _show_group(self) -> None:
        self._fill(self._groups.get(self._group, []))

    def _sync(self) -> None:
        self._groups[self._group] = self._rows()

    def _named_data(self) -> dict[str, Any]:
        """The code, the title (with its English) and the items of every group that has any."""
        self._sync()
        return {"name": self.code_edit.text().strip(),
                "title": text_value(self.title_edit.text(), self.title_en_edit.text().strip()),
                "items": {k: [text_value(*row) for row in v] for k, v in self._groups.items()
                          if v}}
