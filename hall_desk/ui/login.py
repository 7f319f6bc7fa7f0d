"""Logging in at the counter: pick your name, type your PIN, press Enter.

Keyboard first: the staff list has the focus, typing finds a person by name, login or pinyin
(``wl`` or ``wangli`` for 王丽), Enter or Tab moves to the PIN, Enter logs in.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QElapsedTimer, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPaintEvent
from PySide6.QtWidgets import (
    QApplication, QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QPushButton,
    QVBoxLayout, QWidget,
)
from pypinyin import Style, lazy_pinyin

from hall_desk.core import auth, i18n
from hall_desk.core.errors import HallError
from hall_desk.services import settings, staff
from hall_desk.services.context import Actor
from hall_desk.ui import firstpaint, icons
from hall_desk.ui.widgets import FieldError, pin_edit

log = logging.getLogger(__name__)

LOGIN_ROLE = Qt.ItemDataRole.UserRole
KEYS_ROLE = Qt.ItemDataRole.UserRole + 1


def search_keys(name: str, login: str) -> tuple[str, ...]:
    """What type-ahead matches a person by: name, login, full pinyin and pinyin initials."""
    return (name.lower(), login.lower(), "".join(lazy_pinyin(name)).lower(),
            "".join(lazy_pinyin(name, style=Style.FIRST_LETTER)).lower())


class StaffList(QListWidget):
    """The list of staff, with type-ahead on name, login and pinyin.

    Signals:
        chosen: Enter or a double click on a person (the dialog then moves to the PIN).
    """

    chosen = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._typed = ""
        self._clock = QElapsedTimer()
        self.itemDoubleClicked.connect(lambda _item: self.chosen.emit())

    def keyboardSearch(self, search: str) -> None:  # noqa: N802 (Qt override)
        if not self._clock.isValid() or \
                self._clock.elapsed() > QApplication.keyboardInputInterval():
            self._typed = ""
        self._clock.restart()
        self._typed += search.lower()
        for typed in (self._typed, search.lower()):   # then a fresh start with this key
            for row in range(self.count()):
                item = self.item(row)
                if any(key.startswith(typed) for key in item.data(KEYS_ROLE)):
                    self.setCurrentItem(item)
                    self._typed = typed
                    return

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem():
            event.accept()
            self.chosen.emit()
            return
        super().keyPressEvent(event)


class LoginDialog(QDialog):
    """Choose a name, type the PIN. After ``accept()``, :attr:`actor` is the logged-in person.

    Attributes:
        staff_list: the :class:`StaffList`; each item's ``Qt.UserRole`` data is the login.
        pin: the masked PIN entry.
        error: the inline error under the PIN (red, in words).
        actor: the :class:`~hall_desk.services.context.Actor` once logged in, else None.
    """

    def __init__(self, counter_code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counter_code = counter_code
        self.actor: Actor | None = None
        self.setWindowTitle(self.tr("Log in - hall_desk"))
        self.setWindowIcon(icons.icon(icons.APP))

        heading = QLabel(self.tr("%1, counter %2").replace("%1", settings.hall_name())
                         .replace("%2", counter_code))
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        heading.setFont(font)
        heading.setWordWrap(True)

        who = QLabel(self.tr("&Who is logging in?"))
        self.staff_list = StaffList()
        who.setBuddy(self.staff_list)
        list_font = self.staff_list.font()
        list_font.setPointSizeF(list_font.pointSizeF() * 1.15)
        self.staff_list.setFont(list_font)
        self.staff_list.setSpacing(2)
        for person in staff.list_staff():
            item = QListWidgetItem(self.tr("%1 (%2)").replace("%1", person.name)
                                   .replace("%2", i18n.text("role." + person.role.value)))
            item.setData(LOGIN_ROLE, person.login)
            item.setData(KEYS_ROLE, search_keys(person.name, person.login))
            self.staff_list.addItem(item)
        if self.staff_list.count():
            self.staff_list.setCurrentRow(0)
        self.staff_list.chosen.connect(self._to_pin)

        pin_label = QLabel(self.tr("&PIN:"))
        self.pin = pin_edit()
        pin_label.setBuddy(self.pin)
        self.error = FieldError()
        self.error.setObjectName("loginError")

        buttons = QDialogButtonBox()
        self.login_button = QPushButton(self.tr("&Log in"))
        self.login_button.setDefault(True)
        buttons.addButton(self.login_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.quit_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.quit_button.setAutoDefault(False)
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addSpacing(6)
        layout.addWidget(who)
        layout.addWidget(self.staff_list, 1)
        layout.addWidget(pin_label)
        layout.addWidget(self.pin)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setTabOrder(self.staff_list, self.pin)
        self.setTabOrder(self.pin, self.login_button)
        self.setMinimumSize(400, 460)
        self.staff_list.setFocus()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        super().paintEvent(event)
        firstpaint.painted()     # what waited for a window on screen begins

    def selected_login(self) -> str | None:
        item = self.staff_list.currentItem()
        return item.data(LOGIN_ROLE) if item else None

    def select_login(self, login: str) -> None:
        for row in range(self.staff_list.count()):
            if self.staff_list.item(row).data(LOGIN_ROLE) == login:
                self.staff_list.setCurrentRow(row)
                return

    def _to_pin(self) -> None:
        self.pin.setFocus()
        self.pin.selectAll()

    def try_login(self) -> None:
        login = self.selected_login()
        if not login:
            self.error.show_error(self.tr("Choose your name in the list first."))
            self.staff_list.setFocus()
            return
        try:
            auth.check_pin_format(self.pin.text())   # a slip of the finger is not a try
            self.actor = staff.authenticate(login, self.pin.text(), self.counter_code)
        except HallError as exc:
            log.info("login refused for %s: %s", login, exc.key)
            self.error.show_error(exc.message())
            self.pin.clear()
            self.pin.setFocus()
            return
        if staff.must_change_pin(self.actor.staff_id):    # an administrator gave this PIN
            from hall_desk.ui.admin_settings import NewPinDialog

            if NewPinDialog(self.actor, self).exec() != QDialog.DialogCode.Accepted:
                self.actor = None
                self.pin.clear()
                self.pin.setFocus()
                return
        log.info("%s logged in at counter %s", login, self.counter_code)
        self.error.clear_error()
        self.pin.clear()
        self.accept()
