"""Settings of the hall itself (administrators): its name, and the phone and address the
receipt prints for the customer's follow-up.

Saved through :func:`hall_desk.services.settings.change_hall`, which checks the phone and the
role again. Its words come from i18n (``hall.ui.*``), not the .ts.
"""

from __future__ import annotations

import logging

from PySide6.QtWidgets import (
    QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget,
)

from hall_desk.core import i18n
from hall_desk.core.errors import HallError, ValidationError
from hall_desk.services import settings
from hall_desk.services.context import Actor
from hall_desk.ui import dialogs, keys
from hall_desk.ui.widgets import FieldError, form_row, show_field_errors

log = logging.getLogger(__name__)

FIELD_WIDTH = 360


class HallSettingsBox(QGroupBox):
    """Attributes:
        fields: ``{"hall_name", "hall_phone", "hall_address"}`` -> QLineEdit.
        errors: the same keys -> :class:`~hall_desk.ui.widgets.FieldError`.
        save_button: saves all three; saved: the confirmation line.
    """

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(i18n.text("hall.ui.title"), parent)
        self.actor = actor
        self.fields = {key: QLineEdit() for key in ("hall_name", "hall_phone", "hall_address")}
        self.fields["hall_name"].setMaxLength(64)
        self.fields["hall_phone"].setMaxLength(24)
        self.fields["hall_phone"].setPlaceholderText(i18n.text("hall.ui.phone_hint"))
        self.fields["hall_address"].setMaxLength(128)
        self.errors = {key: FieldError() for key in self.fields}
        form = QFormLayout(self)
        labels = {"hall_name": i18n.text("hall.ui.name"), "hall_phone": i18n.text("hall.ui.phone"),
                  "hall_address": i18n.text("hall.ui.address")}
        for key, field in self.fields.items():
            field.setMinimumWidth(FIELD_WIDTH)
            field.setAccessibleName(keys.plain(labels[key]).rstrip("：:"))
            form_row(form, labels[key], field, self.errors[key])
        self.save_button = QPushButton(i18n.text("hall.ui.save"))
        self.save_button.setObjectName("saveHall")
        self.save_button.clicked.connect(self.save)
        self.saved = QLabel()
        self.saved.setObjectName("hallSaved")
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addWidget(self.saved, 1)
        form.addRow(row)
        self._stored: dict[str, str] = {}
        self.load()

    def load(self) -> None:
        contact = settings.hall_contact()
        self._stored = {"hall_name": settings.hall_name(), "hall_phone": contact["phone"],
                        "hall_address": contact["address"]}
        for key, field in self.fields.items():
            field.setText(self._stored[key])

    def values(self) -> dict[str, str]:
        return {key: field.text() for key, field in self.fields.items()}

    def unsaved(self) -> bool:
        """Whether a field differs from what is stored (the page asks before leaving)."""
        return self.values() != self._stored

    def save(self) -> bool:
        for label in self.errors.values():
            label.clear_error()
        self.saved.clear()
        values = self.values()
        try:
            settings.change_hall(self.actor, name=values["hall_name"],
                                 phone=values["hall_phone"], address=values["hall_address"])
        except ValidationError as exc:
            for message in show_field_errors(exc, self.fields, self.errors):
                dialogs.warn(self, message)
            return False
        except HallError as exc:
            dialogs.warn(self, exc.message())
            return False
        log.info("hall name, phone and address saved by %s", self.actor.login)
        self.load()                                     # the phone as it will print
        self.saved.setText(i18n.text("hall.ui.saved"))
        return True
