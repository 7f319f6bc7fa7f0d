"""The administrator's editor of reception checklist templates: choose a template (or start a
new one), rename, add, remove and reorder the items of each stage, edit the counter seats,
and save: the service validates it and raises the version; runs already started keep their
own copy of the items.

:class:`ReceptionTemplatesBox` is a group box for the Settings page;
:func:`open_editor` shows it in a dialog (the Reception page offers it to administrators).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QFormLayout, QGroupBox,
    QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout,
    QWidget,
)

from hall_desk.core import i18n
from hall_desk.core import reception as rules
from hall_desk.core.templates import text_value
from hall_desk.core.errors import HallError, ValidationError
from hall_desk.services import reception
from hall_desk.services.context import Actor
from hall_desk.ui import dialogs
from hall_desk.ui.widgets import EditableList, FieldError, editor_dialog

SEAT_SEPARATOR = "、"


class ReceptionTemplatesBox(QGroupBox, EditableList):
    """Attributes:
        template_combo, code_edit, title_edit, seats_edit, stage_combo, items (QListWidget,
        editable by double-click or F2), add_button, remove_button, up_button, down_button,
        save_button, status, errors (key -> FieldError: name, title, seats, items).
    """

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Reception checklists"), parent)
        self.actor = actor
        self._items: dict[str, list[tuple[str, str]]] = {}     # stage -> (Chinese, English)
        self._stage = rules.Stage.PREPARATION.value
        self.errors: dict[str, FieldError] = {k: FieldError() for k in
                                              ("name", "title", "seats", "items")}
        self.template_combo = QComboBox()
        self.template_combo.activated.connect(self._template_chosen)
        self.code_edit = QLineEdit()
        self.code_edit.setMaxLength(32)
        self.code_edit.setPlaceholderText("inspection")
        self.title_edit = QLineEdit()
        self.title_edit.setMaxLength(rules.TITLE_MAX)
        self.title_en_edit = QLineEdit()
        self.title_en_edit.setObjectName("titleEnglish")
        self.title_en_edit.setMaxLength(rules.TITLE_MAX)
        self.title_en_edit.setPlaceholderText(i18n.text("templates.editor.english_hint"))
        self.seats_edit = QLineEdit()
        self.seats_edit.setPlaceholderText(self.tr("seats separated by 、"))
        self.stage_combo = QComboBox()
        for stage in rules.Stage:
            self.stage_combo.addItem(rules.stage_label(stage.value), stage.value)
        self.stage_combo.currentIndexChanged.connect(self._stage_chosen)
        self.items = QListWidget()
        self.items.setObjectName("templateItems")
        self.items.setMinimumHeight(180)
        self.items.setWordWrap(True)
        self.items.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.items.itemChanged.connect(self._item_edited)
        self.add_button = QPushButton(self.tr("Add item"))
        self.remove_button = QPushButton(self.tr("Remove"))
        self.up_button = QPushButton(self.tr("Up"))
        self.down_button = QPushButton(self.tr("Down"))
        self.save_button = QPushButton(self.tr("Check and save template"))
        self.add_button.clicked.connect(self.add_item)
        self.remove_button.clicked.connect(self.remove_item)
        self.up_button.clicked.connect(lambda: self.move_item(-1))
        self.down_button.clicked.connect(lambda: self.move_item(1))
        self.save_button.clicked.connect(self.save)
        self.status = QLabel()
        self.status.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Template:"), self.template_combo)
        for key, label, widget in (("name", self.tr("Code:"), self.code_edit),
                                   ("title", self.tr("Name:"), self.title_edit),
                                   ("seats", self.tr("Counter seats:"), self.seats_edit)):
            cell = QWidget()
            box = QVBoxLayout(cell)
            box.setContentsMargins(0, 0, 0, 0)
            box.addWidget(widget)
            box.addWidget(self.errors[key])
            form.addRow(label, cell)
        form.insertRow(3, i18n.text("templates.editor.title_en"), self.title_en_edit)
        form.addRow(self.tr("Stage:"), self.stage_combo)
        buttons = QVBoxLayout()
        for b in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        list_row = QHBoxLayout()
        list_row.addWidget(self.items, 1)
        list_row.addLayout(buttons)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Items of this stage (double-click to rename):")))
        layout.addLayout(list_row)
        english = QFormLayout()
        english.addRow(i18n.text("templates.editor.english"), self._english_field())
        layout.addLayout(english)
        layout.addWidget(self.errors["items"])
        layout.addLayout(bottom)
        self.reload()

    # -- loading ---------------------------------------------------------------------------------
    def reload(self, chosen: str = "") -> None:
        self.template_combo.clear()
        for t in reception.templates():
            self.template_combo.addItem(f"{t.title}（{t.name}, v{t.version}）", t.name)
        self.template_combo.addItem(self.tr("New template…"), "")
        index = self.template_combo.findData(chosen) if chosen else 0
        self.template_combo.setCurrentIndex(max(0, index))
        self._template_chosen()

    def _template_chosen(self) -> None:
        name = self.template_combo.currentData()
        if name:
            t = reception.template(name)
            self.code_edit.setText(t.name)
            self.code_edit.setReadOnly(True)
            self.title_edit.setText(t.title)
            self.title_en_edit.setText(t.title_en)
            self.seats_edit.setText(SEAT_SEPARATOR.join(t.seats))
            self._items = {s.value: [(i.text, i.text_en) for i in t.items_of(s)]
                           for s in rules.Stage}
            self._purposes = t.as_dict()["purposes"]
        else:
            self.code_edit.clear()
            self.code_edit.setReadOnly(False)
            self.title_edit.clear()
            self.title_en_edit.clear()
            self.seats_edit.clear()
            self._items = {s.value: [] for s in rules.Stage}
            self._purposes = []
        self._clear_errors()
        self._show_stage()

    def _stage_chosen(self) -> None:
        self._stage = self.stage_combo.currentData()
        self._show_stage()

    def _show_stage(self) -> None:
        self._fill(self._items.get(self._stage, []))

    def _sync(self) -> None:
        self._items[self._stage] = self._rows()

    # -- editing ---------------------------------------------------------------------------------
    def _item_edited(self, _item: QListWidgetItem) -> None:
        self._sync()

    def add_item(self, text: str = "") -> QListWidgetItem:
        return self._added(self._new_row(text or self.tr("New item")), edit=not text)

    def data(self) -> dict[str, Any]:
        self._sync()
        seats = [s.strip() for s in self.seats_edit.text().replace(",", SEAT_SEPARATOR)
                 .replace("，", SEAT_SEPARATOR).split(SEAT_SEPARATOR) if s.strip()]
        return {"name": self.code_edit.text().strip(),
                "title": text_value(self.title_edit.text(), self.title_en_edit.text().strip()),
                "purposes": self._purposes, "seats": seats,
                "items": {k: [text_value(*row) for row in v] for k, v in self._items.items() if v}}

    def _clear_errors(self) -> None:
        for label in self.errors.values():
            label.clear_error()
        self.status.clear()

    def save(self) -> bool:
        self._clear_errors()
        try:
            saved = reception.save_template(self.actor, self.data())
        except ValidationError as exc:
            for key, err in exc.errors.items():
                target = self.errors.get(key.split(".")[0], self.errors["items"])
                text = err.message()
                if not target.isHidden() and target.text():
                    text = target.text() + "\n" + text
                target.show_error(text)
            return False
        except HallError as exc:
            dialogs.warn(self, exc.message())
            return False
        self.reload(saved.name)
        self.status.setText(self.tr("Saved: %1, version %2.").replace("%1", saved.title)
                            .replace("%2", str(saved.version)))
        return True


def open_editor(parent: QWidget | None, actor: Actor) -> QDialog:
    """The template editor in a dialog of its own."""
    return editor_dialog(
        parent, QCoreApplication.translate("ReceptionTemplatesBox", "Reception checklists"),
        ReceptionTemplatesBox(actor), QCoreApplication.translate("ReceptionTemplatesBox", "Close"),
        (720, 560))
