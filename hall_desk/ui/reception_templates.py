"""The administrator's editor of reception checklist templates: choose a template (or start a
new one), rename, add, remove and reorder the items of each stage, edit the counter seats,
and save: the service validates it and raises the version; runs already started keep their
own copy of the items.

:class:`ReceptionTemplatesBox` is a group box for the Settings page;
:func:`open_editor` shows it in a dialog (the Reception page offers it to administrators).
What the template editors share is in ui/template_editor.py.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog, QGroupBox, QLineEdit, QListWidgetItem, QPushButton, QWidget,
)

from hall_desk.core import reception as rules
from hall_desk.services import reception
from hall_desk.services.context import Actor
from hall_desk.ui.template_editor import NamedTemplateEditor
from hall_desk.ui.widgets import FieldError, editor_dialog

SEAT_SEPARATOR = "、"


class ReceptionTemplatesBox(QGroupBox, NamedTemplateEditor):
    """Attributes:
        template_combo, code_edit, title_edit, seats_edit, stage_combo, items (QListWidget,
        editable by double-click or F2), add_button, remove_button, up_button, down_button,
        save_button, status, errors (key -> FieldError: name, title, seats, items).
    """

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Reception checklists"), parent)
        self.actor = actor
        self._purposes: list[Any] = []
        self.errors: dict[str, FieldError] = {k: FieldError() for k in
                                              ("name", "title", "seats", "items")}
        self._named_fields(rules.TITLE_MAX, ((rules.stage_label(stage.value), stage.value)
                                             for stage in rules.Stage), code_hint="inspection")
        self.stage_combo = self.group_combo
        self.seats_edit = QLineEdit()
        self.seats_edit.setPlaceholderText(self.tr("seats separated by 、"))
        list_row = self._item_list((self.tr("Add item"), self.tr("Remove"), self.tr("Up"),
                                    self.tr("Down")), min_height=180, name="templateItems")
        self.save_button = QPushButton(self.tr("Check and save template"))
        self.save_button.clicked.connect(self.save)
        bottom = self._status_row(self.save_button)
        form = self._named_form(self.tr("Template:"),
                                [("name", self.tr("Code:"), self.code_edit),
                                 ("title", self.tr("Name:"), self.title_edit),
                                 ("seats", self.tr("Counter seats:"), self.seats_edit)],
                                self.tr("Stage:"))
        self._lay_out(form, self.tr("Items of this stage (double-click to rename):"), list_row,
                      bottom)
        self.reload()

    # -- loading ---------------------------------------------------------------------------------
    def reload(self, chosen: str = "") -> None:
        self._fill_combo(reception.templates(), self.tr("New template…"), chosen)

    def _template_chosen(self) -> None:
        name = self.template_combo.currentData()
        t = reception.template(name) if name else None
        self.seats_edit.setText(SEAT_SEPARATOR.join(t.seats) if t else "")
        self._purposes = t.as_dict()["purposes"] if t else []
        self._show_template(t, rules.Stage)

    # -- editing ---------------------------------------------------------------------------------
    def add_item(self, text: str = "") -> QListWidgetItem:
        return self._added(self._new_row(text or self.tr("New item")), edit=not text)

    def data(self) -> dict[str, Any]:
        seats = [s.strip() for s in self.seats_edit.text().replace(",", SEAT_SEPARATOR)
                 .replace("，", SEAT_SEPARATOR).split(SEAT_SEPARATOR) if s.strip()]
        return dict(self._named_data(), purposes=self._purposes, seats=seats)

    def save(self) -> bool:
        saved = self._saved(lambda: reception.save_template(self.actor, self.data()), "items")
        if saved is None:
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
