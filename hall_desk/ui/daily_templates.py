"""The administrator's editor of the day's templates (一日管理): choose a template (or start a
new one), rename, add, remove and reorder the checks of each phase, set the walk-round times,
save (the service validates it and raises the version; days already opened keep their own
copy) and choose the template new days are opened with.

:func:`open_editor` shows :class:`DailyTemplatesBox` in a dialog (the day page offers it to
administrators). Words come from the catalogue (``daily.tpl.*``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QFormLayout, QGroupBox,
    QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout,
    QWidget,
)

from hall_desk.core import daily as rules
from hall_desk.core import i18n
from hall_desk.core.errors import HallError, ValidationError
from hall_desk.core.templates import text_value
from hall_desk.services import daily
from hall_desk.services.context import Actor
from hall_desk.ui import dialogs
from hall_desk.ui.widgets import EditableList, FieldError, editor_dialog

TIME_SEPARATOR = "、"


class DailyTemplatesBox(QGroupBox, EditableList):
    """Attributes:
        template_combo, code_edit, title_edit, rounds_edit, phase_combo, items (QListWidget,
        editable by double-click or F2), add_button, remove_button, up_button, down_button,
        save_button, use_button, status, errors (key -> FieldError: name, title, rounds,
        items).
    """

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(i18n.text("daily.tpl.title"), parent)
        self.actor = actor
        self._items: dict[str, list[tuple[str, str]]] = {}     # phase -> (Chinese, English)
        self._phase = rules.Phase.OPENING.value
        self.errors: dict[str, FieldError] = {k: FieldError() for k in
                                              ("name", "title", "rounds", "items")}
        self.template_combo = QComboBox()
        self.template_combo.activated.connect(self._template_chosen)
        self.code_edit = QLineEdit()
        self.code_edit.setMaxLength(32)
        self.title_edit = QLineEdit()
        self.title_edit.setMaxLength(rules.TITLE_MAX)
        self.title_en_edit = QLineEdit()
        self.title_en_edit.setObjectName("titleEnglish")
        self.title_en_edit.setMaxLength(rules.TITLE_MAX)
        self.title_en_edit.setPlaceholderText(i18n.text("templates.editor.english_hint"))
        self.rounds_edit = QLineEdit()
        self.rounds_edit.setPlaceholderText("10:00、14:30、16:30")
        self.phase_combo = QComboBox()
        for phase in rules.Phase:
            self.phase_combo.addItem(rules.phase_label(phase.value), phase.value)
        self.phase_combo.currentIndexChanged.connect(self._phase_chosen)
        self.items = QListWidget()
        self.items.setMinimumHeight(200)
        self.items.setWordWrap(True)
        self.items.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.items.itemChanged.connect(lambda _item: self._sync())
        self.add_button = QPushButton(i18n.text("daily.tpl.add"))
        self.remove_button = QPushButton(i18n.text("daily.tpl.remove"))
        self.up_button = QPushButton(i18n.text("daily.tpl.up"))
        self.down_button = QPushButton(i18n.text("daily.tpl.down"))
        self.save_button = QPushButton(i18n.text("daily.tpl.save"))
        self.use_button = QPushButton(i18n.text("daily.tpl.use"))
        self.add_button.clicked.connect(lambda: self.add_item())
        self.remove_button.clicked.connect(self.remove_item)
        self.up_button.clicked.connect(lambda: self.move_item(-1))
        self.down_button.clicked.connect(lambda: self.move_item(1))
        self.save_button.clicked.connect(self.save)
        self.use_button.clicked.connect(self.use)
        self.status = QLabel()
        self.status.setWordWrap(True)
        form = QFormLayout()
        form.addRow(i18n.text("daily.tpl.template"), self.template_combo)
        for key, label, widget in (("name", "daily.field.name", self.code_edit),
                                   ("title", "daily.field.title", self.title_edit),
                                   ("rounds", "daily.field.rounds", self.rounds_edit)):
            cell = QWidget()
            box = QVBoxLayout(cell)
            box.setContentsMargins(0, 0, 0, 0)
            box.addWidget(widget)
            box.addWidget(self.errors[key])
            form.addRow(i18n.text(label), cell)
        form.insertRow(3, i18n.text("templates.editor.title_en"), self.title_en_edit)
        form.addRow(i18n.text("daily.tpl.phase"), self.phase_combo)
        buttons = QVBoxLayout()
        for b in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        list_row = QHBoxLayout()
        list_row.addWidget(self.items, 1)
        list_row.addLayout(buttons)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.use_button)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(i18n.text("daily.tpl.items_hint")))
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
        in_force = daily.template_in_force().name
        for t in daily.templates():
            mark = i18n.text("daily.tpl.in_force") if t.name == in_force else ""
            self.template_combo.addItem(f"{t.title}（{t.name}, v{t.version}）{mark}", t.name)
        self.template_combo.addItem(i18n.text("daily.tpl.new"), "")
        index = self.template_combo.findData(chosen or in_force)
        self.template_combo.setCurrentIndex(max(0, index))
        self._template_chosen()

    def _template_chosen(self) -> None:
        name = self.template_combo.currentData()
        if name:
            t = daily.template(name)
            self.code_edit.setText(t.name)
            self.code_edit.setReadOnly(True)
            self.title_edit.setText(t.title)
            self.title_en_edit.setText(t.title_en)
            self.rounds_edit.setText(TIME_SEPARATOR.join(t.rounds))
            self._items = {p.value: [(i.text, i.text_en) for i in t.items_of(p)]
                           for p in rules.Phase}
        else:
            self.code_edit.clear()
            self.code_edit.setReadOnly(False)
            self.title_edit.clear()
            self.title_en_edit.clear()
            self.rounds_edit.clear()
            self._items = {p.value: [] for p in rules.Phase}
        self.use_button.setEnabled(bool(name))
        self._clear_errors()
        self._show_phase()

    def _phase_chosen(self) -> None:
        self._phase = self.phase_combo.currentData()
        self._show_phase()

    def _show_phase(self) -> None:
        self._fill(self._items.get(self._phase, []))

    def _sync(self) -> None:
        self._items[self._phase] = self._rows()

    # -- editing ---------------------------------------------------------------------------------
    def add_item(self, text: str = "") -> QListWidgetItem:
        return self._added(self._new_row(text or i18n.text("daily.tpl.new_item")), edit=not text)

    def data(self) -> dict[str, Any]:
        self._sync()
        text = self.rounds_edit.text()
        for sep in (",", "，", " ", ";", "；"):
            text = text.replace(sep, TIME_SEPARATOR)
        return {"name": self.code_edit.text().strip(),
                "title": text_value(self.title_edit.text(), self.title_en_edit.text().strip()),
                "rounds": [t.strip() for t in text.split(TIME_SEPARATOR) if t.strip()],
                "items": {k: [text_value(*row) for row in v] for k, v in self._items.items() if v}}

    def _clear_errors(self) -> None:
        for label in self.errors.values():
            label.clear_error()
        self.status.clear()

    def save(self) -> bool:
        self._clear_errors()
        try:
            saved = daily.save_template(self.actor, self.data())
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
        self.status.setText(i18n.text("daily.tpl.saved", title=saved.title,
                                      version=saved.version))
        return True

    def use(self) -> None:
        """New days are opened with the chosen template (today's, if opened, keeps its own)."""
        name = self.template_combo.currentData()
        try:
            daily.choose_template(self.actor, name)
        except HallError as exc:
            dialogs.warn(self, exc.message())
            return
        self.reload(name)
        self.status.setText(i18n.text("daily.tpl.chosen", title=daily.template(name).title))


def open_editor(parent: QWidget | None, actor: Actor) -> QDialog:
    """The template editor in a dialog of its own."""
    return editor_dialog(parent, i18n.text("daily.tpl.title"), DailyTemplatesBox(actor),
                         i18n.text("daily.tpl.close"), (760, 580))
