"""The administrator's editor of the day's templates (一日管理): choose a template (or start a
new one), rename, add, remove and reorder the checks of each phase, set the walk-round times,
save (the service validates it and raises the version; days already opened keep their own
copy) and choose the template new days are opened with.

:func:`open_editor` shows :class:`DailyTemplatesBox` in a dialog (the day page offers it to
administrators). Words come from the catalogue (``daily.tpl.*``). What the template editors
share is in ui/template_editor.py.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog, QGroupBox, QLineEdit, QListWidgetItem, QPushButton, QWidget,
)

from hall_desk.core import daily as rules
from hall_desk.core import i18n
from hall_desk.core.errors import HallError
from hall_desk.services import daily
from hall_desk.services.context import Actor
from hall_desk.ui import dialogs
from hall_desk.ui.template_editor import NamedTemplateEditor
from hall_desk.ui.widgets import FieldError, editor_dialog

TIME_SEPARATOR = "、"


class DailyTemplatesBox(QGroupBox, NamedTemplateEditor):
    """Attributes:
        template_combo, code_edit, title_edit, rounds_edit, phase_combo, items (QListWidget,
        editable by double-click or F2), add_button, remove_button, up_button, down_button,
        save_button, use_button, status, errors (key -> FieldError: name, title, rounds,
        items).
    """

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(i18n.text("daily.tpl.title"), parent)
        self.actor = actor
        self.errors: dict[str, FieldError] = {k: FieldError() for k in
                                              ("name", "title", "rounds", "items")}
        self._named_fields(rules.TITLE_MAX, ((rules.phase_label(phase.value), phase.value)
                                             for phase in rules.Phase))
        self.phase_combo = self.group_combo
        self.rounds_edit = QLineEdit()
        self.rounds_edit.setPlaceholderText("10:00、14:30、16:30")
        list_row = self._item_list((i18n.text("daily.tpl.add"), i18n.text("daily.tpl.remove"),
                                    i18n.text("daily.tpl.up"), i18n.text("daily.tpl.down")),
                                   min_height=200)
        self.save_button = QPushButton(i18n.text("daily.tpl.save"))
        self.use_button = QPushButton(i18n.text("daily.tpl.use"))
        self.save_button.clicked.connect(self.save)
        self.use_button.clicked.connect(self.use)
        bottom = self._status_row(self.use_button, self.save_button)
        form = self._named_form(i18n.text("daily.tpl.template"),
                                [("name", i18n.text("daily.field.name"), self.code_edit),
                                 ("title", i18n.text("daily.field.title"), self.title_edit),
                                 ("rounds", i18n.text("daily.field.rounds"), self.rounds_edit)],
                                i18n.text("daily.tpl.phase"))
        self._lay_out(form, i18n.text("daily.tpl.items_hint"), list_row, bottom)
        self.reload()

    # -- loading ---------------------------------------------------------------------------------
    def reload(self, chosen: str = "") -> None:
        in_force = daily.template_in_force().name
        self._fill_combo(daily.templates(), i18n.text("daily.tpl.new"), chosen or in_force,
                         lambda t: i18n.text("daily.tpl.in_force") if t.name == in_force else "")

    def _template_chosen(self) -> None:
        name = self.template_combo.currentData()
        t = daily.template(name) if name else None
        self.rounds_edit.setText(TIME_SEPARATOR.join(t.rounds) if t else "")
        self.use_button.setEnabled(bool(name))
        self._show_template(t, rules.Phase)

    # -- editing ---------------------------------------------------------------------------------
    def add_item(self, text: str = "") -> QListWidgetItem:
        return self._added(self._new_row(text or i18n.text("daily.tpl.new_item")), edit=not text)

    def data(self) -> dict[str, Any]:
        text = self.rounds_edit.text()
        for sep in (",", "，", " ", ";", "；"):
            text = text.replace(sep, TIME_SEPARATOR)
        return dict(self._named_data(),
                    rounds=[t.strip() for t in text.split(TIME_SEPARATOR) if t.strip()])

    def save(self) -> bool:
        saved = self._saved(lambda: daily.save_template(self.actor, self.data()), "items")
        if saved is None:
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
