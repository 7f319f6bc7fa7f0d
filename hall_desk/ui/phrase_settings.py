"""The administrator's editor of the counter's words (Settings → 服务用语): the phrases of each
moment (rename, add, remove, reorder) and the vague-promise words; saving checks the template
and raises its version (``services.phrases.save_template``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
    QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget,
)

from hall_desk.core import i18n
from hall_desk.core import phrases as rules
from hall_desk.core.errors import HallError, ValidationError
from hall_desk.services import phrases
from hall_desk.services.context import Actor
from hall_desk.ui import dialogs
from hall_desk.ui.widgets import EditableList, FieldError

SEPARATOR = "、"


def split_words(text: str) -> list[str]:
    for other in (",", "，", ";", "；"):
        text = text.replace(other, SEPARATOR)
    return [w.strip() for w in text.split(SEPARATOR) if w.strip()]


class PhraseSettingsBox(QGroupBox, EditableList):
    """Attributes:
        moment_combo, items (QListWidget, edited by double-click or F2), add_button,
        remove_button, up_button, down_button, list_edits (name -> QLineEdit of the word
        lists, 、-separated; ``words_edit`` is the vague words'), save_button, status,
        errors (phrases and each list).
    """

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(i18n.text("phrases.editor.title"), parent)
        self.actor = actor
        self._phrases: dict[rules.Moment, list[tuple[str, str]]] = {}
        self._template: rules.Template | None = None
        self.errors = {k: FieldError() for k in ("phrases", *rules.LISTS)}
        self.moment_combo = QComboBox()
        for moment in rules.Moment:
            self.moment_combo.addItem(i18n.text(f"phrases.moment.{moment.value}"), moment)
        self.moment_combo.currentIndexChanged.connect(self._show_moment)
        self.items = QListWidget()
        self.items.setObjectName("phraseItems")
        self.items.setMinimumHeight(150)
        self.items.setWordWrap(True)
        self.items.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.items.itemChanged.connect(lambda _i: self._sync())
        self.add_button = QPushButton(i18n.text("phrases.editor.add"))
        self.remove_button = QPushButton(i18n.text("phrases.editor.remove"))
        self.up_button = QPushButton(i18n.text("phrases.editor.up"))
        self.down_button = QPushButton(i18n.text("phrases.editor.down"))
        self.add_button.clicked.connect(lambda: self.add_item())
        self.remove_button.clicked.connect(self.remove_item)
        self.up_button.clicked.connect(lambda: self.move_item(-1))
        self.down_button.clicked.connect(lambda: self.move_item(1))
        # the vague words and the context lists of the check, each a line of 、-separated words
        self.list_edits = {name: QLineEdit() for name in rules.LISTS}
        self.words_edit = self.list_edits["vague_words"]
        self.words_edit.setObjectName("vagueWords")
        self.save_button = QPushButton(i18n.text("phrases.editor.save"))
        self.save_button.clicked.connect(self.save)
        self.status = QLabel()
        self.status.setWordWrap(True)
        form = QFormLayout()
        form.addRow(i18n.text("phrases.editor.moment"), self.moment_combo)
        buttons = QVBoxLayout()
        for b in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        list_row = QHBoxLayout()
        list_row.addWidget(self.items, 1)
        list_row.addLayout(buttons)
        words = QFormLayout()
        for name, edit in self.list_edits.items():
            cell = QWidget()
            column = QVBoxLayout(cell)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(edit)
            column.addWidget(self.errors[name])
            label = (i18n.text("phrases.editor.words") if name == "vague_words"
                     else i18n.text("phrases.editor.list", name=i18n.text(f"phrases.field.{name}")))
            words.addRow(label, cell)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(i18n.text("phrases.editor.items")))
        layout.addLayout(list_row)
        english = QFormLayout()
        english.addRow(i18n.text("templates.editor.english"), self._english_field())
        layout.addLayout(english)
        layout.addWidget(self.errors["phrases"])
        layout.addLayout(words)
        layout.addLayout(bottom)
        self.reload()

    def reload(self) -> None:
        self._template = phrases.template()
        self._phrases = {m: [(p.zh, p.en) for p in self._template.of(m)] for m in rules.Moment}
        for name, edit in self.list_edits.items():
            edit.setText(SEPARATOR.join(getattr(self._template, name)))
        self._show_moment()
        self.status.setText(i18n.text("phrases.editor.version", version=self._template.version))

    def _moment(self) -> rules.Moment:
        return rules.Moment(self.moment_combo.currentData())

    def _show_moment(self) -> None:
        self._fill(self._phrases.get(self._moment(), []))

    def _sync(self) -> None:
        self._phrases[self._moment()] = self._rows()

    def add_item(self, text: str = "") -> QListWidgetItem:
        item = self._new_row(text or i18n.text("phrases.editor.new"))
        return self._added(item, edit=not text)

    def data(self) -> dict[str, Any]:
        self._sync()
        assert self._template is not None
        data = self._template.as_dict()
        data["phrases"] = [{"moment": m.value, "zh": zh, "en": en}
                           for m in rules.Moment for zh, en in self._phrases.get(m, [])]
        for name, edit in self.list_edits.items():
            data[name] = split_words(edit.text())
        return data

    def save(self) -> bool:
        for label in self.errors.values():
            label.clear_error()
        try:
            saved = phrases.save_template(self.actor, self.data())
        except ValidationError as exc:
            for key, err in exc.errors.items():
                target = self.errors.get(key.split(".")[0], self.errors["phrases"])
                target.show_error("\n".join(filter(None, [target.text() if target.isVisible()
                                                          else "", err.message()])))
            return False
        except HallError as exc:
            dialogs.warn(self, exc.message())
            return False
        self.reload()
        self.status.setText(i18n.text("phrases.editor.saved", version=saved.version))
        return True
