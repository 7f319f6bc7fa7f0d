"""The administrator's editor of the counter's words (Settings → 服务用语): the phrases of each
moment (rename, add, remove, reorder) and the vague-promise words; saving checks the template
and raises its version (``services.phrases.save_template``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QListWidgetItem, QPushButton,
    QVBoxLayout, QWidget,
)

from hall_desk.core import i18n
from hall_desk.core import phrases as rules
from hall_desk.services import phrases
from hall_desk.services.context import Actor
from hall_desk.ui.template_editor import TemplateEditor
from hall_desk.ui.widgets import FieldError, field_cell

SEPARATOR = "、"


def split_words(text: str) -> list[str]:
    for other in (",", "，", ";", "；"):
        text = text.replace(other, SEPARATOR)
    return [w.strip() for w in text.split(SEPARATOR) if w.strip()]


class PhraseSettingsBox(QGroupBox, TemplateEditor):
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
        list_row = self._item_list((i18n.text("phrases.editor.add"),
                                    i18n.text("phrases.editor.remove"),
                                    i18n.text("phrases.editor.up"),
                                    i18n.text("phrases.editor.down")),
                                   min_height=150, name="phraseItems")
        # the vague words and the context lists of the check, each a line of 、-separated words
        self.list_edits = {name: QLineEdit() for name in rules.LISTS}
        self.words_edit = self.list_edits["vague_words"]
        self.words_edit.setObjectName("vagueWords")
        self.save_button = QPushButton(i18n.text("phrases.editor.save"))
        self.save_button.clicked.connect(self.save)
        bottom = self._status_row(self.save_button)
        form = QFormLayout()
        form.addRow(i18n.text("phrases.editor.moment"), self.moment_combo)
        words = QFormLayout()
        for name, edit in self.list_edits.items():
            label = (i18n.text("phrases.editor.words") if name == "vague_words"
                     else i18n.text("phrases.editor.list", name=i18n.text(f"phrases.field.{name}")))
            words.addRow(label, field_cell(edit, self.errors[name]))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(i18n.text("phrases.editor.items")))
        layout.addLayout(list_row)
        layout.addLayout(self._english_row())
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
        saved = self._saved(lambda: phrases.save_template(self.actor, self.data()), "phrases")
        if saved is None:
            return False
        self.reload()
        self.status.setText(i18n.text("phrases.editor.saved", version=saved.version))
        return True
