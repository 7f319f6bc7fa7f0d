"""The settings page: this PC's language, text size and counter, and (for administrators)
staff accounts.

The staff part is shown only to roles that may manage staff; the service checks the role
again, so hiding it is a courtesy, not the protection.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import (
    QAbstractItemView, QApplication, QComboBox, QFormLayout, QGroupBox, QHBoxLayout,
    QHeaderView, QLabel, QLineEdit, QPushButton, QScrollArea, QSizePolicy, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from hall_desk import config
from hall_desk.core import auth, i18n
from hall_desk.core.enums import Role
from hall_desk.core.errors import HallError, ValidationError
from hall_desk.services import staff
from hall_desk.ui import access, dialogs, keys
from hall_desk.ui.pages.base import PageContext
from hall_desk.ui.widgets import FieldError, form_row, pin_edit, show_field_errors

log = logging.getLogger(__name__)

LANGUAGES = [("zh", "中文"), ("en", "English")]   # each shown in its own language
STAFF_ROLES = [Role.COUNTER, Role.SUPERVISOR, Role.ADMIN]
FIELD_WIDTH = 280


class SettingsPage(QWidget):
    """Attributes:
        language: the language combo box (data: "zh"/"en").
        counter: read-only display of this PC's counter code.
        staff_box: the staff administration group (None for roles that may not manage staff).
        staff_table, name_edit, login_edit, role_combo, pin_edit, add_button, errors:
            the staff list and the add-staff form; ``errors`` maps a field key to its
            :class:`~hall_desk.ui.widgets.FieldError` label.
    """

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.addWidget(self._build_pc_box())
        self.staff_box: QGroupBox | None = None
        if auth.may(ctx.actor.role, "manage_staff"):
            self.staff_box = self._build_staff_box()
            layout.addWidget(self.staff_box, 1)
            self.refresh()
        self.admin_box = None
        if auth.may(ctx.actor.role, "edit_settings"):
            from hall_desk.ui.admin_settings import AdminListsBox

            self.admin_box = AdminListsBox(ctx.actor)
            layout.addWidget(self.admin_box)
        self.deadline_box: QGroupBox | None = None
        if auth.may(ctx.actor.role, "edit_settings"):
            from hall_desk.ui.hall_settings import HallSettingsBox

            self.hall_box = HallSettingsBox(ctx.actor)
            layout.addWidget(self.hall_box)
            from hall_desk.ui.policy_settings import DeadlineSettingsBox

            self.deadline_box = DeadlineSettingsBox(ctx.actor)
            layout.addWidget(self.deadline_box)
            from hall_desk.ui.shift_settings import ShiftSettingsBox

            self.shift_box = ShiftSettingsBox(ctx.actor)
            layout.addWidget(self.shift_box)
            from hall_desk.ui.reception_templates import ReceptionTemplatesBox

            self.reception_box = ReceptionTemplatesBox(ctx.actor)
            layout.addWidget(self.reception_box)
            from hall_desk.ui.daily_templates import DailyTemplatesBox

            self.daily_box = DailyTemplatesBox(ctx.actor)
            layout.addWidget(self.daily_box)
            from hall_desk.ui.phrase_settings import PhraseSettingsBox

            self.phrase_box = PhraseSettingsBox(ctx.actor)
            layout.addWidget(self.phrase_box)
            from hall_desk.ui.backup_settings import BackupSettingsBox

            self.backup_box = BackupSettingsBox(ctx.actor)
            layout.addWidget(self.backup_box)
        self.package_box = None
        if auth.may(ctx.actor.role, "backup"):      # who may write a package
            from hall_desk.ui.package_box import PackageBox

            self.package_box = PackageBox(actor=ctx.actor)
            layout.addWidget(self.package_box)
        if self.staff_box is None and self.deadline_box is None:
            layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    # -- this PC ---------------------------------------------------------------------------
    def _build_pc_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("This PC"))
        form = QFormLayout(box)
        self.language = QComboBox()
        for code, label in LANGUAGES:
            self.language.addItem(label, code)
        self.language.setCurrentIndex(max(0, self.language.findData(self.ctx.local.language)))
        self.language.activated.connect(self._language_chosen)
        self.language_note = QLabel(self.tr("A new language takes effect at the next start."))
        self.language_note.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.language)
        row.addWidget(self.language_note, 1)
        label = QLabel(self.tr("&Language:"))
        label.setBuddy(self.language)
        form.addRow(label, row)
        self.text_size = QComboBox()
        self.text_size.setObjectName("textSize")
        self.text_size.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        for percent in config.TEXT_SCALES:
            self.text_size.addItem(f"{percent} %", percent)
        self.text_size.setCurrentIndex(max(0, self.text_size.findData(self.ctx.local.text_scale)))
        self.text_size.activated.connect(self._text_size_chosen)
        size_label = QLabel(i18n.text("access.text_size"))
        size_label.setBuddy(self.text_size)
        form.addRow(size_label, self.text_size)
        self.counter = QLineEdit(self.ctx.actor.counter_code)
        self.counter.setReadOnly(True)
        self.counter.setMaximumWidth(120)
        form.addRow(self.tr("This PC's counter:"), self.counter)
        self._build_receipt_rows(form)
        return box

    def _build_receipt_rows(self, form: QFormLayout) -> None:
        """The receipt printer of this counter and its paper, saved when chosen."""
        self.receipt_format = QComboBox()
        for code, words in (("a5", i18n.text("settings.receipt_format.a5")),
                            ("80mm", i18n.text("settings.receipt_format.80mm"))):
            self.receipt_format.addItem(words, code)
        self.receipt_format.setCurrentIndex(
            max(0, self.receipt_format.findData(self.ctx.local.receipt_format)))
        self.receipt_printer = QComboBox()
        self.receipt_printer.addItem(i18n.text("settings.receipt_printer.default"), "")
        for name in QPrinterInfo.availablePrinterNames():
            self.receipt_printer.addItem(name, name)
        if self.receipt_printer.findData(self.ctx.local.receipt_printer) < 0:
            self.receipt_printer.addItem(self.ctx.local.receipt_printer,
                                         self.ctx.local.receipt_printer)   # not connected now
        self.receipt_printer.setCurrentIndex(
            self.receipt_printer.findData(self.ctx.local.receipt_printer))
        for combo, text in ((self.receipt_printer, i18n.text("settings.receipt_printer")),
                            (self.receipt_format, i18n.text("settings.receipt_format"))):
            combo.activated.connect(self._receipt_chosen)
            label = QLabel(text)
            label.setBuddy(combo)
            combo.setAccessibleName(keys.plain(text).rstrip("：:"))
            form.addRow(label, combo)

    def _receipt_chosen(self) -> None:
        self.ctx.local.receipt_format = self.receipt_format.currentData()
        self.ctx.local.receipt_printer = self.receipt_printer.currentData()
        config.save(self.ctx.local)
        log.info("receipt of this PC: %s on %s", self.ctx.local.receipt_format,
                 self.ctx.local.receipt_printer or "the default printer")

    def _save_choice(self, field: str, combo: QComboBox) -> bool:
        """Keep ``combo``'s choice as this PC's ``field``; False when it did not change."""
        value = combo.currentData()
        if value == getattr(self.ctx.local, field):
            return False
        setattr(self.ctx.local, field, value)
        config.save(self.ctx.local)
        log.info("%s of this PC set to %s", field, value)
        return True

    def _language_chosen(self) -> None:
        if not self._save_choice("language", self.language):
            return
        self.language_note.setText(
            self.tr("Saved. The program will be in %1 from the next start.")
            .replace("%1", self.language.currentText()))

    def _text_size_chosen(self) -> None:
        if self._save_choice("text_scale", self.text_size):
            access.apply_text_scale(QApplication.instance(), self.ctx.local.text_scale)

    # -- staff -----------------------------------------------------------------------------
    def _build_staff_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Staff accounts"))
        self.staff_table = QTableWidget(0, 4)
        self.staff_table.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("Login"), self.tr("Role"), self.tr("Department")])
        self.staff_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.staff_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.staff_table.verticalHeader().setVisible(False)
        self.staff_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Stretch)
        self.staff_table.setMinimumHeight(160)

        self.name_edit = QLineEdit()
        self.name_edit.setMinimumWidth(FIELD_WIDTH)
        self.name_edit.setMaxLength(32)
        self.login_edit = QLineEdit()
        self.login_edit.setMaxLength(32)
        self.login_edit.setPlaceholderText(self.tr("letters and digits, e.g. zhangsan"))
        self.role_combo = QComboBox()
        self.role_combo.setMinimumWidth(FIELD_WIDTH)
        for role in STAFF_ROLES:
            self.role_combo.addItem(i18n.text("role." + role.value), role.value)
        self.pin_edit = pin_edit()
        self.role_combo.currentIndexChanged.connect(self._pin_hint)
        self._pin_hint()
        self.errors = {key: FieldError() for key in ("name", "login", "role", "pin")}
        self.add_button = QPushButton(self.tr("&Add staff member"))
        self.add_button.clicked.connect(self._add)
        for edit in (self.name_edit, self.login_edit, self.pin_edit):
            edit.returnPressed.connect(self._add)
        self.added = QLabel()
        self.added.setObjectName("addedMessage")
        self.added.setWordWrap(True)

        form = QFormLayout()
        for label, key, field in ((self.tr("&Name:"), "name", self.name_edit),
                                  (self.tr("L&ogin:"), "login", self.login_edit),
                                  (self.tr("Role:"), "role", self.role_combo),
                                  (self.tr("&PIN:"), "pin", self.pin_edit)):
            form_row(form, label, field, self.errors[key])
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.added, 1)
        form.addRow(buttons)

        add_box = QGroupBox(self.tr("Add a staff member"))
        add_box.setLayout(form)
        layout = QVBoxLayout(box)
        layout.addWidget(self.staff_table, 1)
        layout.addWidget(add_box, 0, Qt.AlignmentFlag.AlignLeft)
        return box

    def unsaved_changes(self) -> list[str]:
        """The titles of the boxes holding changes not saved (the main window asks before
        the page is left)."""
        boxes = [getattr(self, name, None) for name in ("hall_box", "deadline_box", "shift_box",
                                                        "backup_box", "admin_box")]
        return [keys.plain(box.title()) for box in boxes
                if box is not None and callable(getattr(box, "unsaved", None)) and box.unsaved()]

    def save_changes(self) -> bool:
        """Save every box holding changes (the window asks before it closes); False, with
        the box's own message shown, when one is refused."""
        for name, method in (("hall_box", "save"), ("deadline_box", "_save_policy"),
                             ("shift_box", "save"), ("backup_box", "save")):
            box = getattr(self, name, None)
            if box is not None and box.unsaved():
                getattr(box, method)()
                if box.unsaved():
                    return False
        admin = getattr(self, "admin_box", None)   # its rows are saved one by one, in the box
        return admin is None or not admin.unsaved()

    def refresh(self) -> None:
        """Reload the staff list (called by the main window when the page is shown)."""
        if getattr(self, "package_box", None) is not None:
            self.package_box.refresh()
        if getattr(self, "admin_box", None) is not None:     # built after the staff box
            self.admin_box.refresh()
        if self.staff_box is None:
            return
        people = staff.list_staff()
        self.staff_table.setRowCount(len(people))
        for row, person in enumerate(people):
            cells = (person.name, person.login, i18n.text("role." + person.role.value),
                     person.department)
            for column, value in enumerate(cells):
                self.staff_table.setItem(row, column, QTableWidgetItem(value))

    def _pin_hint(self) -> None:
        """The PIN length the chosen role needs (``auth.check_pin_format`` decides)."""
        long_pin = Role(self.role_combo.currentData()) in auth.LONG_PIN_ROLES
        self.pin_edit.setPlaceholderText(self.tr("6 to 8 digits") if long_pin
                                         else self.tr("4 to 8 digits"))

    def _add(self) -> None:
        for label in self.errors.values():
            label.clear_error()
        self.added.clear()
        try:
            person = staff.create(self.ctx.actor, name=self.name_edit.text(),
                                  login=self.login_edit.text(), pin=self.pin_edit.text(),
                                  role=self.role_combo.currentData())
        except ValidationError as exc:
            fields = {"name": self.name_edit, "login": self.login_edit,
                      "role": self.role_combo, "pin": self.pin_edit}
            for message in show_field_errors(exc, fields, self.errors):
                dialogs.warn(self, message)     # a field this form does not show
            return
        except HallError as exc:
            dialogs.warn(self, exc.message())
            return
        log.info("staff member %s added by %s", person.login, self.ctx.actor.login)
        for edit in (self.name_edit, self.login_edit, self.pin_edit):
            edit.clear()
        self.role_combo.setCurrentIndex(0)
        self.added.setText(self.tr("Added %1 (%2).").replace("%1", person.name)
                           .replace("%2", person.login))
        self.refresh()
        self.name_edit.setFocus()
