"""The administrator's lists in Settings: one tab each for staff accounts (department, role,
in use, a new PIN), departments, complaint categories and counters (add, rename, take out of
use). Each tab is a table over a form for the chosen row; the services check the role again
and chain every change (``services.admin``, ``services.staff``).

Keyboard: in a table Enter or F2 edits the chosen row (the form's first field takes the
focus), Insert starts a new one and Delete takes the chosen row out of use or back; Enter in
a field saves and Esc goes back to the table. A form whose values differ from the row it was
filled from counts as unsaved (``unsaved()``; the settings page asks before it is left).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
    QLineEdit, QPushButton, QTabWidget, QVBoxLayout, QWidget,
)

from hall_desk.core import auth, i18n
from hall_desk.core.enums import Role
from hall_desk.core.errors import FieldError as FieldProblem
from hall_desk.core.errors import HallError
from hall_desk.services import admin, staff
from hall_desk.services.context import Actor
from hall_desk.ui import dialogs
from hall_desk.ui.widgets import FieldError, Fields, cell, form_row, pin_edit, table

log = logging.getLogger(__name__)

STAFF_ROLES = (Role.COUNTER, Role.SUPERVISOR, Role.ADMIN)


# the words of the tabs, by list (the catalogue's keys, written out whole)
TAB_TITLES = {"staff": "admin.ui.tab.staff", "department": "admin.ui.tab.department",
              "category": "admin.ui.tab.category", "counter": "admin.ui.tab.counter"}
CODE_HINTS = {"department": "admin.ui.code_hint.department",
              "category": "admin.ui.code_hint.category", "counter": "admin.ui.code_hint.counter"}
COLUMNS = {"code": "admin.ui.col.code", "name": "admin.ui.col.name",
           "name_en": "admin.ui.col.name_en", "state": "admin.ui.col.state",
           "person": "admin.ui.col.person", "login": "admin.ui.col.login",
           "role": "admin.ui.col.role", "department": "admin.ui.col.department"}
FIELD_LABELS = {"code": "admin.ui.field.code", "name": "admin.ui.field.name",
                "name_en": "admin.ui.field.name_en", "role": "admin.ui.field.role",
                "department": "admin.ui.field.department"}


def _button(key: str, slot) -> QPushButton:
    button = QPushButton(i18n.text(key))
    button.clicked.connect(slot)
    return button


def _state(active: bool) -> str:
    return i18n.text("admin.ui.in_use") if active else i18n.text("admin.ui.out_of_use")


class _EditTab(QWidget):
    """A table over a form: the form shows the chosen row (or a new one) and saves it.

    Attributes:
        table: the rows; the row's key (a code or a staff id) is the first cell's data.
        fields: the form's widgets by field key (:class:`~hall_desk.ui.widgets.Fields`).
        save_button, toggle_button, revert_button: the form's actions.
        message: the line saying what the last action did.
    """

    headers: list[str]

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.key: object = None          # the row the form shows; None: a new one
        self.baseline: dict[str, str] = {}
        self.table = table(self.headers, stretch=1)
        self.table.setMinimumHeight(150)
        self.table.setAccessibleName(self.title())
        self.table.installEventFilter(self)
        self.table.currentCellChanged.connect(lambda row, *_: self._row_chosen(row))
        self.fields = Fields(self, self._form_widgets())
        form = QFormLayout()
        for key, widget in self.fields.widgets.items():
            self.fields.row(form, i18n.text(FIELD_LABELS[key]), key)
            widget.setAccessibleName(i18n.text(FIELD_LABELS[key]).rstrip(":：").replace("&", ""))
            if isinstance(widget, QLineEdit):
                widget.returnPressed.connect(self.save)
            widget.installEventFilter(self)
        self.save_button = _button("admin.ui.save", self.save)
        self.toggle_button = _button("admin.ui.deactivate", self.toggle)
        self.revert_button = _button("admin.ui.revert", self.revert)
        buttons = QHBoxLayout()
        for button in self._extra_buttons() + [self.save_button, self.toggle_button,
                                               self.revert_button]:
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        hint = QLabel(i18n.text("admin.ui.keys_hint"))
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.load()

    # -- what each tab says ------------------------------------------------------------------
    def title(self) -> str:
        raise NotImplementedError

    def _form_widgets(self) -> dict[str, QWidget]:
        raise NotImplementedError

    def _extra_buttons(self) -> list[QPushButton]:
        return []

    def _rows(self) -> list[tuple[object, list[str], bool]]:
        """(key, cells, in use) of every row."""
        raise NotImplementedError

    def _values_of(self, key: object) -> dict[str, str]:
        """The form's values for row ``key`` (None: a new row)."""
        raise NotImplementedError

    def _write(self, values: dict[str, str]) -> object:
        """Save the form (raises HallError); returns the key of the row saved."""
        raise NotImplementedError

    def _set_active(self, key: object, active: bool) -> None:
        raise NotImplementedError

    # -- the form --------------------------------------------------------------------------
    def values(self) -> dict[str, str]:
        out = {}
        for key, widget in self.fields.widgets.items():
            out[key] = widget.currentData() if isinstance(widget, QComboBox) else widget.text()
        return out

    def _fill(self, values: dict[str, str]) -> None:
        for key, widget in self.fields.widgets.items():
            if isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(0, widget.findData(values.get(key, ""))))
            else:
                widget.setText(values.get(key, ""))
        self.baseline = self.values()
        self.fields.clear()

    def unsaved(self) -> bool:
        return self.values() != self.baseline

    def _ask_unsaved(self) -> bool:
        """True when the form may be refilled: nothing unsaved, or the user lets it go."""
        return not self.unsaved() or dialogs.confirm(
            self, i18n.text("admin.ui.discard", tab=self.title()))

    def load(self, keep: object = None) -> None:
        """Fill the table from the services and the form with row ``keep`` (or the first)."""
        rows = self._rows()
        self.table.blockSignals(True)
        self.table.setRowCount(len(rows))
        chosen = 0
        for r, (key, cells, active) in enumerate(rows):
            for c, text in enumerate(cells + [_state(active)]):
                self.table.setItem(r, c, cell(text, key if c == 0 else None))
            if key == keep:
                chosen = r
        if rows:
            self.table.setCurrentCell(chosen, 0)
        self.table.blockSignals(False)
        self._show_row(chosen if rows else -1)

    def _key_at(self, row: int) -> object:
        item = self.table.item(row, 0) if row >= 0 else None
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _row_chosen(self, row: int) -> None:
        key = self._key_at(row)
        if key == self.key:
            return
        if not self._ask_unsaved():
            self.table.blockSignals(True)
            self.table.setCurrentCell(self._row_of(self.key), 0)
            self.table.blockSignals(False)
            return
        self._show_row(row)

    def _row_of(self, key: object) -> int:
        return next((r for r in range(self.table.rowCount()) if self._key_at(r) == key), -1)

    def _show_row(self, row: int) -> None:
        self.key = self._key_at(row)
        self._fill(self._values_of(self.key))
        active = row >= 0 and self.table.item(row, self.table.columnCount() - 1).text() \
            == _state(True)
        self.toggle_button.setText(i18n.text("admin.ui.deactivate") if active or row < 0
                                   else i18n.text("admin.ui.activate"))
        self.toggle_button.setEnabled(row >= 0)
        self._form_mode()

    def _form_mode(self) -> None:
        """Hook: what changes between editing a row and adding one."""

    def start_new(self) -> None:
        if not self._ask_unsaved():
            return
        self.table.blockSignals(True)
        self.table.clearSelection()
        self.table.setCurrentCell(-1, -1)
        self.table.blockSignals(False)
        self._show_row(-1)
        self.message.setText(i18n.text("admin.ui.new_row"))
        self._first_field().setFocus()

    def _first_field(self) -> QWidget:
        return next(w for w in self.fields.widgets.values() if w.isEnabled())

    def revert(self) -> None:
        self._fill(self._values_of(self.key))
        self.message.clear()

    def save(self) -> None:
        self.fields.clear()
        try:
            key = self._write(self.values())
        except HallError as exc:
            self.fields.show(exc)
            return
        log.info("%s %s saved by %s", self.title(), key, self.actor.login)
        self.key = None
        self.load(keep=key)
        self.message.setText(i18n.text("admin.ui.saved"))
        self.table.setFocus()

    def toggle(self) -> None:
        row = self._row_of(self.key)
        if row < 0:
            return
        active = self.table.item(row, self.table.columnCount() - 1).text() == _state(True)
        label = self.table.item(row, 1).text() or self.table.item(row, 0).text()
        if active and not dialogs.confirm(
                self, i18n.text("admin.ui.confirm_deactivate", name=label)):
            return
        try:
            self._set_active(self.key, not active)
        except HallError as exc:
            dialogs.warn(self, exc.message())
            return
        log.info("%s %s %s by %s", self.title(), self.key,
                 "deactivated" if active else "activated", self.actor.login)
        key, self.key = self.key, None
        self.load(keep=key)
        self.message.setText(i18n.text("admin.ui.deactivated", name=label) if active
                             else i18n.text("admin.ui.activated", name=label))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        if event.type() != QEvent.Type.KeyPress:
            return False
        key = event.key()
        if watched is self.table:
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2) and self.key is not None:
                self._first_field().setFocus()
                return True
            if key == Qt.Key.Key_Insert:
                self.start_new()
                return True
            if key == Qt.Key.Key_Delete:
                self.toggle()
                return True
        elif key == Qt.Key.Key_Escape:
            self.table.setFocus()
            return True
        return False


class ListTab(_EditTab):
    """Departments, categories or counters (``kind``, as in :data:`services.admin.KINDS`)."""

    def __init__(self, actor: Actor, kind: str, parent: QWidget | None = None) -> None:
        self.kind = kind
        self.english = admin.has_english(kind)
        columns = ["code", "name"] + (["name_en"] if self.english else []) + ["state"]
        self.headers = [i18n.text(COLUMNS[c]) for c in columns]
        super().__init__(actor, parent)

    def title(self) -> str:
        return i18n.text(TAB_TITLES[self.kind])

    def _extra_buttons(self) -> list[QPushButton]:
        self.new_button = _button("admin.ui.new", self.start_new)
        return [self.new_button]

    def _form_widgets(self) -> dict[str, QWidget]:
        widgets = {"code": QLineEdit(), "name": QLineEdit()}
        widgets["code"].setMaxLength(4 if self.kind == "counter" else 32)
        widgets["code"].setPlaceholderText(i18n.text(CODE_HINTS[self.kind]))
        if self.english:
            widgets["name_en"] = QLineEdit()
            widgets["name_en"].setMaxLength(64)
        return widgets

    def _rows(self):
        return [(e.code, [e.code, e.name] + ([e.name_en] if self.english else []), e.active)
                for e in admin.entries(self.kind)]

    def _values_of(self, key):
        entry = next((e for e in admin.entries(self.kind) if e.code == key), None)
        if entry is None:
            return {}
        return {"code": entry.code, "name": entry.name, "name_en": entry.name_en}

    def _form_mode(self) -> None:
        self.fields.widgets["code"].setEnabled(self.key is None)   # a code is kept for good

    def _write(self, values):
        if self.key is None:
            entry = admin.add(self.actor, self.kind, code=values["code"], name=values["name"],
                              name_en=values.get("name_en", ""))
        else:
            entry = admin.rename(self.actor, self.kind, self.key, name=values["name"],
                                 name_en=values.get("name_en") if self.english else None)
        return entry.code

    def _set_active(self, key, active):
        admin.set_active(self.actor, self.kind, key, active)


class StaffTab(_EditTab):
    """Staff accounts: name, role, department, in use, and a new PIN. New accounts are added
    in the page's own staff box."""

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        self.headers = [i18n.text(COLUMNS[c])
                        for c in ("person", "login", "role", "department", "state")]
        super().__init__(actor, parent)

    def title(self) -> str:
        return i18n.text(TAB_TITLES["staff"])

    def _form_widgets(self) -> dict[str, QWidget]:
        name = QLineEdit()
        name.setMaxLength(32)
        role = QComboBox()
        for r in STAFF_ROLES:
            role.addItem(i18n.text("role." + r.value), r.value)
        department = QComboBox()
        department.addItem(i18n.text("admin.ui.no_department"), "")
        for entry in admin.entries("department"):
            if entry.active:
                department.addItem(entry.shown_name(), entry.code)
        return {"name": name, "role": role, "department": department}

    def _extra_buttons(self) -> list[QPushButton]:
        self.pin_button = _button("admin.ui.reset_pin", self.reset_pin)
        return [self.pin_button]

    def _people(self):
        return staff.list_staff(active_only=False)

    def _rows(self):
        return [(p.id, [p.name, p.login, i18n.text("role." + p.role.value), p.department],
                 p.active) for p in self._people()]

    def _values_of(self, key):
        person = next((p for p in self._people() if p.id == key), None)
        if person is None:
            return {}
        return {"name": person.name, "role": person.role.value,
                "department": person.department_code}

    def _form_mode(self) -> None:
        for widget in (*self.fields.widgets.values(), self.save_button, self.pin_button,
                       self.revert_button):
            widget.setEnabled(self.key is not None)

    def start_new(self) -> None:
        self.message.setText(i18n.text("admin.ui.add_staff_below"))

    def _first_field(self) -> QWidget:
        return self.fields.widgets["name"]

    def _write(self, values):
        if self.key is None:
            raise HallError("admin.ui.choose_first")
        before = self.baseline.get("role")
        saved = staff.update(self.actor, self.key, name=values["name"], role=values["role"],
                             department_code=values["department"])
        if Role(before) not in auth.LONG_PIN_ROLES and saved.role in auth.LONG_PIN_ROLES \
                and dialogs.confirm(self, i18n.text("admin.ui.raised_needs_pin", name=saved.name),
                                    default_yes=True):
            self._give_pin(saved)
        return saved.id

    def _set_active(self, key, active):
        staff.set_active(self.actor, key, active)

    def reset_pin(self) -> None:
        if self.key is None:
            return
        person = next(p for p in self._people() if p.id == self.key)
        if dialogs.confirm(self, i18n.text("admin.ui.confirm_reset_pin", name=person.name)):
            self._give_pin(person)

    def _give_pin(self, person: staff.StaffInfo) -> None:
        try:
            pin = staff.reset_pin(self.actor, person.id)
        except HallError as exc:
            dialogs.warn(self, exc.message())
            return
        log.info("PIN of %s reset by %s", person.login, self.actor.login)
        self.message.setText(i18n.text("admin.ui.pin_was_reset", name=person.name))
        dialogs.info(self, i18n.text("admin.ui.new_pin", name=person.name, login=person.login,
                                     pin=pin), title=i18n.text("admin.ui.reset_pin"))


class AdminListsBox(QGroupBox):
    """The four tabs. Attributes: tabs (the QTabWidget), staff_tab, and ``lists`` (the
    :class:`ListTab` of each kind)."""

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(i18n.text("admin.ui.title"), parent)
        self.tabs = QTabWidget()
        self.staff_tab = StaffTab(actor)
        self.tabs.addTab(self.staff_tab, self.staff_tab.title())
        self.lists = {}
        for kind in admin.KINDS:
            self.lists[kind] = ListTab(actor, kind)
            self.tabs.addTab(self.lists[kind], self.lists[kind].title())
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.setMinimumHeight(460)

    def unsaved(self) -> bool:
        return any(tab.unsaved() for tab in (self.staff_tab, *self.lists.values()))

    def refresh(self) -> None:
        """Reload the tables (another administrator may have changed them), unless a form
        holds changes not saved."""
        for tab in (self.staff_tab, *self.lists.values()):
            if not tab.unsaved():
                tab.load(keep=tab.key)


class NewPinDialog(QDialog):
    """At login, for an account whose PIN an administrator gave (``staff.must_change_pin``):
    the staff member chooses a PIN of their own, typed twice. Cancel leaves them logged out.

    Attributes: pin, again (the two entries), error (under them).
    """

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.setWindowTitle(i18n.text("admin.ui.own_pin_title"))
        intro = QLabel(i18n.text("admin.ui.own_pin_intro", name=actor.name))
        intro.setWordWrap(True)
        self.pin, self.again = pin_edit(), pin_edit()
        self.error = FieldError()
        form = QFormLayout()
        form_row(form, i18n.text("admin.ui.own_pin_new"), self.pin, FieldError())
        form_row(form, i18n.text("admin.ui.own_pin_again"), self.again, self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)
        self.pin.setFocus()

    def submit(self) -> None:
        """Enter in either entry: on to the second while it is empty, else check and save."""
        self.error.clear_error()
        if self.pin.text() and not self.again.text():
            self.again.setFocus()
            return
        try:
            if self.pin.text() != self.again.text():
                raise FieldProblem("pin", "error.pin_mismatch")
            staff.change_pin(self.actor, self.actor.staff_id, self.pin.text())
        except HallError as exc:
            self.error.show_error(exc.message())
            self.pin.clear()
            self.again.clear()
            self.pin.setFocus()
            return
        log.info("%s chose a PIN of their own", self.actor.login)
        self.accept()
