"""First start: set up the hall (:class:`FirstRunDialog`), or give a new PC of an already
set-up hall its counter code (:class:`CounterDialog`).

Both keep what was typed when a field is wrong and say what is wrong next to that field.
After ``accept()``, ``counter_code`` holds the normalised code; the caller saves it to this
PC's configuration.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QListWidget,
    QListWidgetItem, QVBoxLayout, QWidget,
)

from hall_desk.core import i18n
from hall_desk.core.deadlines import loads_policy
from hall_desk.core.errors import FieldError as FieldProblem
from hall_desk.core.errors import HallError, ValidationError
from hall_desk.services import admin, deadlines, settings, setup
from hall_desk.ui import icons
from hall_desk.ui.widgets import (
    FieldError, fit_to_screen, form_row, pin_edit, scroll_body, show_field_errors,
)

log = logging.getLogger(__name__)


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                           | QDialogButtonBox.StandardButton.Cancel)
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    ok.setDefault(True)
    box.accepted.connect(dialog.submit)
    box.rejected.connect(dialog.reject)
    return box


class FirstRunDialog(QDialog):
    """Set up an empty database: hall name, this PC's counter, the first administrator.

    Attributes:
        fields: field key -> QLineEdit (hall_name, hall_phone, hall_address (both optional),
            counter_code, name, login, pin, pin2).
        errors: field key -> :class:`~hall_desk.ui.widgets.FieldError` label.
        general_error: a problem that belongs to no single field.
        counter_code: the normalised counter code after ``accept()``.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counter_code = ""
        self.setWindowTitle(self.tr("Set up hall_desk"))
        self.setWindowIcon(icons.icon(icons.APP))
        intro = QLabel(self.tr(
            "Welcome. This database is empty: set up the hall once. The administrator "
            "you create here then adds the other staff in Settings."))
        intro.setWordWrap(True)

        self.fields = {
            "hall_name": QLineEdit(), "hall_phone": QLineEdit(), "hall_address": QLineEdit(),
            "counter_code": QLineEdit(), "name": QLineEdit(),
            "login": QLineEdit(), "pin": pin_edit(), "pin2": pin_edit(),
        }
        self.fields["hall_name"].setMaxLength(64)
        self.fields["hall_name"].setPlaceholderText(self.tr("e.g. City East Power Supply Hall"))
        self.fields["hall_phone"].setMaxLength(24)
        self.fields["hall_phone"].setPlaceholderText(i18n.text("setup.optional"))
        self.fields["hall_address"].setMaxLength(128)
        self.fields["hall_address"].setPlaceholderText(i18n.text("setup.optional"))
        self.fields["counter_code"].setMaxLength(4)
        self.fields["counter_code"].setPlaceholderText(self.tr("e.g. A1"))
        self.fields["name"].setMaxLength(32)
        self.fields["login"].setMaxLength(32)
        self.fields["login"].setPlaceholderText(self.tr("letters and digits, e.g. admin"))
        self.fields["pin"].setPlaceholderText(self.tr("6 to 8 digits"))  # auth.LONG_PIN_ROLES
        self.errors = {key: FieldError() for key in self.fields}
        self.general_error = FieldError()

        # the industry: its time limits and its first departments and categories
        self.preset = QComboBox()
        for name, path in deadlines.presets().items():
            self.preset.addItem(loads_policy(path.read_text(encoding="utf-8")).title(), name)
        self.preset.setCurrentIndex(max(0, self.preset.findData(deadlines.DEFAULT_PRESET)))
        self.preset.setToolTip(i18n.text("admin.setup.industry_tip"))
        self.errors["preset"] = FieldError()

        form = QFormLayout()
        form_row(form, i18n.text("admin.setup.industry"), self.preset, self.errors["preset"])
        for key, text in (("hall_name", self.tr("&Hall name:")),
                          ("hall_phone", i18n.text("hall.ui.phone")),
                          ("hall_address", i18n.text("hall.ui.address")),
                          ("counter_code", self.tr("This PC's &counter code:")),
                          ("name", self.tr("Administrator's &name:")),
                          ("login", self.tr("Administrator's &login:")),
                          ("pin", self.tr("Administrator's &PIN:")),
                          ("pin2", self.tr("PIN &again:"))):
            form_row(form, text, self.fields[key], self.errors[key])

        body = QWidget()              # scrolls on a low screen (150 %); 设置 stays in view
        inner = QVBoxLayout(body)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(intro)
        inner.addLayout(form)
        inner.addWidget(self.general_error)
        inner.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll_body(body), 1)
        layout.addWidget(_buttons(self, self.tr("&Set up")))
        self.setMinimumWidth(520)
        wanted = body.sizeHint()            # the whole form, where the screen has room
        fit_to_screen(self, QSize(max(520, wanted.width() + 40), wanted.height() + 80))
        self.fields["hall_name"].setFocus()

    def _value(self, key: str) -> str:
        return self.fields[key].text()

    def _show(self, errors: dict[str, HallError]) -> None:
        others = show_field_errors({key: err.message() for key, err in errors.items()},
                                   self.fields, self.errors)
        if others:
            self.general_error.show_error("\n".join(others))

    def submit(self) -> None:
        for label in (*self.errors.values(), self.general_error):
            label.clear_error()
        if self._value("pin") != self._value("pin2"):
            self._show({"pin2": FieldProblem("pin", "error.pin_mismatch")})
            return
        try:
            setup.initialise(hall_name=self._value("hall_name"),
                             counter_code=self._value("counter_code"),
                             admin_name=self._value("name"), admin_login=self._value("login"),
                             admin_pin=self._value("pin"), preset=self.preset.currentData(),
                             hall_phone=self._value("hall_phone"),
                             hall_address=self._value("hall_address"))
        except ValidationError as exc:
            self._show(exc.errors)
            return
        except FieldProblem as exc:
            self._show({exc.field: exc})
            return
        except HallError as exc:
            self.general_error.show_error(exc.message())
            return
        self.counter_code = self._value("counter_code").strip().upper()
        log.info("hall set up: %s, counter %s", settings.hall_name(), self.counter_code)
        self.accept()


class CounterDialog(QDialog):
    """The hall is set up but this PC has no counter code yet: ask for it and register it.

    Attributes:
        code: the counter code entry.
        error: the inline error under it.
        counter_code: the normalised counter code after ``accept()``.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counter_code = ""
        self.setWindowTitle(self.tr("This PC's counter"))
        self.setWindowIcon(icons.icon(icons.APP))
        intro = QLabel(self.tr("%1 is set up, but this PC has no counter code yet. Which "
                               "counter is this PC at?").replace("%1", settings.hall_name()))
        intro.setWordWrap(True)
        self.code = QLineEdit()
        self.code.setMaxLength(4)
        self.code.setPlaceholderText(self.tr("e.g. A1"))
        self.error = FieldError()
        form = QFormLayout()
        form_row(form, self.tr("&Counter code:"), self.code, self.error)
        # the hall's counters in use (Settings → the administrator's lists): pick one, or
        # type a new code
        self.counters = QListWidget()
        self.counters.setAccessibleName(i18n.text("admin.setup.counters"))
        for entry in admin.entries("counter"):
            if entry.active:
                item = QListWidgetItem(f"{entry.code}  {entry.name}")
                item.setData(Qt.ItemDataRole.UserRole, entry.code)
                self.counters.addItem(item)
        self.counters.currentItemChanged.connect(
            lambda item, _old: item and self.code.setText(item.data(Qt.ItemDataRole.UserRole)))
        self.counters.itemActivated.connect(lambda _item: self.submit())
        self.counters.setVisible(self.counters.count() > 0)
        self.counters.setMaximumHeight(140)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        if self.counters.count():
            layout.addWidget(QLabel(i18n.text("admin.setup.counters")))
            layout.addWidget(self.counters)
        layout.addStretch(1)
        layout.addWidget(_buttons(self, self.tr("&Save")))
        self.setMinimumWidth(420)
        self.code.setFocus()

    def submit(self) -> None:
        self.error.clear_error()
        try:
            self.counter_code = setup.ensure_counter(self.code.text())
        except HallError as exc:
            self.error.show_error(exc.message())
            self.code.setFocus()
            return
        log.info("this PC joined as counter %s", self.counter_code)
        self.accept()
