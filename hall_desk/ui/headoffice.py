"""The head office's window (issue #21 part 2): the program opened on a head-office database
(``hall-desk --database-url URL``, marked by ``headoffice init``) asks for a head-office
login and shows three pages instead of a hall's: the region's queue (every hall's tickets,
masked; Enter opens one: its history, its record versions and the print preview of its
record), the statistics per hall and for the region, and the halls with their last
packages. Keyboard first as the hall's window: Alt+1…3 or the page list, Enter on a row,
Ctrl+F to the search, Ctrl+Q to quit. Words from the catalogue (``headoffice.ui.*``).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QObject, QSize, Qt, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout,
    QLabel, QLineEdit, QListWidget, QListWidgetItem, QMainWindow, QPushButton, QStackedWidget,
    QVBoxLayout, QWidget,
)

from hall_desk.core import i18n
from hall_desk.core.errors import HallError
from hall_desk.core.headoffice import RegionFilter, RegionRow, step_words
from hall_desk.services import headoffice
from hall_desk.services.context import Actor, now
from hall_desk.ui import dialogs, firstpaint, icons, palette
from hall_desk.ui.mainwindow import NAV_NARROWEST, NAV_WIDTH
from hall_desk.ui.login import KEYS_ROLE, LOGIN_ROLE, StaffList, search_keys
from hall_desk.ui.widgets import (
    FieldError, WrapLabel, cell, fit_to_screen, heading, pin_edit, scroll_body,
    table,
)

if TYPE_CHECKING:
    from hall_desk.runtime import Runtime

log = logging.getLogger(__name__)

DEFAULT_SIZE = QSize(1280, 800)
KINDS = ("complaint", "request", "report", "consultation", "suggestion")
STATUSES = ("open", "closed", "")
STATUS_WORDS = {"open": "headoffice.ui.status_open", "closed": "headoffice.ui.status_closed",
                "": "headoffice.ui.status_all"}
COUNT_WORDS = {"event": "headoffice.ui.k_event", "duty": "headoffice.ui.k_duty",
               "signature": "headoffice.ui.k_signature", "state": "headoffice.ui.k_state",
               "ticket": "headoffice.ui.k_ticket", "group": "headoffice.ui.k_group"}


def _minute(value: datetime | None) -> str:
    return value.isoformat(sep=" ", timespec="minutes") if value else "-"


_t = i18n.text


def _wrapped(text: str) -> WrapLabel:
    label = WrapLabel(text)
    label.setWordWrap(True)
    return label


def _labelled(row: QHBoxLayout, key: str, widget: QWidget, stretch: int = 0) -> None:
    """A caption (its mnemonic moves to ``widget``) and the widget, added to ``row``."""
    caption = QLabel(i18n.text(key))
    caption.setBuddy(widget)
    row.addWidget(caption)
    row.addWidget(widget, stretch)


class HeadOfficeLogin(QDialog):
    """A head-office login: pick the login, type the PIN. ``actor`` once accepted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor: Actor | None = None
        self.setWindowTitle(_t("headoffice.ui.login_title"))
        self.setWindowIcon(icons.icon(icons.APP))
        title = heading(1.3)
        title.setText(_t("headoffice.ui.login_heading"))
        who = QLabel(_t("headoffice.ui.who"))
        self.staff_list = StaffList()
        who.setBuddy(self.staff_list)
        for login, name in headoffice.logins():
            item = QListWidgetItem(f"{name} ({i18n.text('role.head_office')})")
            item.setData(LOGIN_ROLE, login)
            item.setData(KEYS_ROLE, search_keys(name, login))
            self.staff_list.addItem(item)
        if self.staff_list.count():
            self.staff_list.setCurrentRow(0)
        self.staff_list.chosen.connect(lambda: self.pin.setFocus())
        pin_label = QLabel(_t("headoffice.ui.pin"))
        self.pin = pin_edit()
        pin_label.setBuddy(self.pin)
        self.error = FieldError()
        buttons = QDialogButtonBox()
        self.login_button = QPushButton(_t("headoffice.ui.log_in"))
        self.login_button.setDefault(True)
        buttons.addButton(self.login_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (title, who, self.staff_list, pin_label, self.pin, self.error, buttons):
            layout.addWidget(widget, 1 if widget is self.staff_list else 0)
        self.setMinimumSize(380, 360)
        self.staff_list.setFocus()

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().paintEvent(event)
        firstpaint.painted()

    def try_login(self) -> None:
        item = self.staff_list.currentItem()
        if item is None:
            self.error.show_error(_t("headoffice.ui.choose_login"))
            return
        try:
            self.actor = headoffice.authenticate(item.data(LOGIN_ROLE), self.pin.text())
        except HallError as exc:
            self.error.show_error(exc.message())
            self.pin.clear()
            self.pin.setFocus()
            return
        self.pin.clear()
        self.accept()


class QueuePage(QWidget):
    """The region's queue: filters, the table (hall column first), paging; Enter opens."""

    COLUMNS = ("headoffice.ui.col_hall", "headoffice.ui.col_number", "headoffice.ui.col_kind",
               "headoffice.ui.col_customer", "headoffice.ui.col_phone",
               "headoffice.ui.col_received", "headoffice.ui.col_status", "headoffice.ui.col_due",
               "headoffice.ui.col_hotline", "headoffice.ui.col_repeat")

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.offset = 0
        self.rows: list[RegionRow] = []
        self.hall = QComboBox()
        self.hall.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.hall.setMinimumContentsLength(10)      # a hall's long name does not widen the page
        self.hall.addItem(_t("headoffice.ui.all_halls"), "")
        for hall in headoffice.halls(actor):
            self.hall.addItem(f"{hall.name} ({hall.hall_id[:8]})", hall.hall_id)
        self.status = QComboBox()
        for code in STATUSES:
            self.status.addItem(i18n.text(STATUS_WORDS[code]), code)
        self.kind = QComboBox()
        self.kind.addItem(_t("headoffice.ui.all_kinds"), "")
        for code in KINDS:
            self.kind.addItem(i18n.text("kind." + code), code)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_t("headoffice.ui.search_hint"))
        self.search.setClearButtonEnabled(True)
        self.repeats = QCheckBox(_t("headoffice.ui.repeats_only"))
        self.sort = QComboBox()
        for code, key in (("deadline", "headoffice.ui.sort_deadline"),
                          ("received", "headoffice.ui.sort_received"),
                          ("number", "headoffice.ui.sort_number"),
                          ("hall", "headoffice.ui.sort_hall")):
            self.sort.addItem(i18n.text(key), code)
        filters = QFormLayout()
        first, second = QHBoxLayout(), QHBoxLayout()
        _labelled(first, "headoffice.ui.hall", self.hall)
        _labelled(first, "headoffice.ui.status", self.status)
        _labelled(first, "headoffice.ui.kind", self.kind)
        _labelled(second, "headoffice.ui.search", self.search, 1)
        _labelled(second, "headoffice.ui.sort", self.sort)
        second.addWidget(self.repeats)
        filters.addRow(first)
        filters.addRow(second)
        self.table = table([i18n.text(key) for key in self.COLUMNS], 3)
        self.table.setAccessibleName(_t("headoffice.ui.queue_table"))
        # Enter (and a double click) on a row opens it
        self.table.activated.connect(lambda index: self.open_ticket(self.rows[index.row()].key))
        self.count_label = QLabel()
        self.prev_button = QPushButton(_t("headoffice.ui.previous"))
        self.next_button = QPushButton(_t("headoffice.ui.next"))
        self.prev_button.clicked.connect(lambda: self.turn(-1))
        self.next_button.clicked.connect(lambda: self.turn(1))
        paging = QHBoxLayout()
        paging.addWidget(self.count_label, 1)
        paging.addWidget(self.prev_button)
        paging.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(paging)
        for combo in (self.hall, self.status, self.kind, self.sort):
            combo.currentIndexChanged.connect(self.reload)
        self.repeats.toggled.connect(self.reload)
        self.search.returnPressed.connect(self.reload)
        self.dialogs: list[QDialog] = []
        self.reload()

    def current_filter(self) -> RegionFilter:
        hall, kind = self.hall.currentData(), self.kind.currentData()
        return RegionFilter(halls=(hall,) if hall else (), status=self.status.currentData(),
                            kinds=(kind,) if kind else (), search=self.search.text(),
                            sort=self.sort.currentData(), repeats_only=self.repeats.isChecked())

    def reload(self) -> None:
        self.offset = 0
        self.fill()

    def turn(self, step: int) -> None:
        self.offset = max(0, self.offset + step * headoffice.PAGE_SIZE)
        self.fill()

    def fill(self) -> None:
        f = self.current_filter()
        total = headoffice.count(self.actor, f)
        self.rows = headoffice.page(self.actor, f, self.offset, headoffice.PAGE_SIZE)
        self.table.setRowCount(len(self.rows))
        red = QColor(palette.OVERDUE)
        for i, r in enumerate(self.rows):
            values = (r.hall, r.number, i18n.text("kind." + r.kind), r.customer, r.phone,
                      _minute(r.received_at), i18n.text("status." + r.status),
                      ("⚠ " if r.overdue else "") + _minute(r.due_at), r.hotline_number,
                      _t("headoffice.ui.repeat_mark") if r.repeat else "")
            for j, value in enumerate(values):
                colour = red if (j == 7 and r.overdue) or (j == 9 and r.repeat) else None
                self.table.setItem(i, j, cell(value, r.key if j == 0 else None, colour=colour))
        if self.rows:
            self.table.setCurrentCell(0, 0)
        last = self.offset + len(self.rows)
        first = self.offset + 1 if self.rows else 0
        self.count_label.setText(_t("headoffice.ui.count", first=first, last=last, total=total))
        self.prev_button.setEnabled(self.offset > 0)
        self.next_button.setEnabled(last < total)

    def open_ticket(self, key: int) -> QDialog:
        dialog = TicketDialog(self.actor, key, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.open()
        return dialog


class TicketDialog(QDialog):
    """One ticket of a hall: what was registered (masked), its repeats at other halls, its
    history as imported, its record versions; Print preview shows the record sheet."""

    def __init__(self, actor: Actor, key: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor, self.key = actor, key
        self.view = headoffice.ticket(actor, key)
        r = self.view.row
        self.setWindowTitle(_t("headoffice.ui.ticket_title", number=r.number, hall=r.hall))
        info = QFormLayout()
        due = ("⚠ " if r.overdue else "") + _minute(r.due_at)
        for label, value in (
                (_t("headoffice.ui.col_hall"), r.hall),
                (_t("headoffice.ui.col_number"), r.number),
                (_t("headoffice.ui.col_kind"), i18n.text("kind." + r.kind)),
                (_t("headoffice.ui.col_status"), i18n.text("status." + r.status)),
                (_t("headoffice.ui.col_customer"), f"{r.customer} {r.phone}".strip()),
                (_t("headoffice.ui.col_received"), _minute(r.received_at)),
                (_t("headoffice.ui.col_due"), due),
                (_t("headoffice.ui.category"), self.view.category),
                (_t("headoffice.ui.department"), self.view.department),
                (_t("headoffice.ui.content"), self.view.content),
                (_t("headoffice.ui.demand"), self.view.demand),
                (_t("headoffice.ui.col_hotline"), r.hotline_number)):
            if value:
                text = _wrapped(value)
                text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                info.addRow(label, text)
        self.repeat_label = None
        if self.view.repeats:
            self.repeat_label = _wrapped(_t("headoffice.ui.repeats_at", links="; ".join(
                f"{x.hall} {x.number} ({_minute(x.received_at)})" for x in self.view.repeats)))
            self.repeat_label.setStyleSheet(f"color: {palette.OVERDUE}")
            info.addRow(self.repeat_label)
        self.history = table([_t("headoffice.ui.h_seq"), _t("headoffice.ui.h_at"),
                              _t("headoffice.ui.h_actor"), _t("headoffice.ui.h_action"),
                              _t("headoffice.ui.h_note")], 4)
        self.history.setAccessibleName(_t("headoffice.ui.history"))
        self.history.setRowCount(len(self.view.history))
        for i, e in enumerate(self.view.history):
            for j, value in enumerate((e.seq, e.at or "", e.actor, step_words(e.action),
                                       e.note)):
                self.history.setItem(i, j, cell(value))
        self.versions = QComboBox()
        for v in reversed(self.view.versions):
            sealed = _t("headoffice.ui.sealed") if v.sealed else ""
            self.versions.addItem(_t("headoffice.ui.version", version=v.version,
                                     sha=v.sha256[:12], sealed=sealed), v.version)
        self.preview_button = QPushButton(_t("headoffice.ui.preview"))
        self.preview_button.setEnabled(bool(self.view.versions))
        self.preview_button.clicked.connect(self.preview)
        no_record = QLabel(_t("headoffice.ui.no_record") if not self.view.versions else "")
        no_record.setVisible(not self.view.versions)
        record_row = QHBoxLayout()
        caption = QLabel(_t("headoffice.ui.record"))
        caption.setBuddy(self.versions)
        record_row.addWidget(caption)
        record_row.addWidget(self.versions, 1)
        record_row.addWidget(self.preview_button)
        body = QWidget()
        column = QVBoxLayout(body)
        column.addLayout(info)
        history_caption = QLabel(_t("headoffice.ui.history"))
        history_caption.setBuddy(self.history)
        column.addWidget(history_caption)
        column.addWidget(self.history, 1)
        column.addLayout(record_row)
        column.addWidget(no_record)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll_body(body), 1)
        layout.addWidget(buttons)
        fit_to_screen(self, QSize(900, 680))
        self.history.setFocus()
        self.preview_dialog = None

    def preview(self):
        from hall_desk.ui.print_preview import show_preview

        try:
            version, data = headoffice.record_pdf(self.actor, self.key,
                                                  self.versions.currentData())
        except HallError as exc:
            dialogs.warn(self, exc.message())
            return None
        number = self.view.row.number
        title = _t("headoffice.ui.record_title", number=number, version=version)
        self.preview_dialog = show_preview(self, data, title,
                                           suggested_name=f"{number}-v{version}.pdf")
        return self.preview_dialog


class StatisticsPage(QWidget):
    """The on-time table of the tickets received in a date range: a line per hall, then
    the region's."""

    COLUMNS = ("headoffice.ui.s_hall", "headoffice.ui.s_received", "headoffice.ui.s_closed",
               "headoffice.ui.s_on_time", "headoffice.ui.s_overdue", "headoffice.ui.s_open",
               "headoffice.ui.s_rate", "headoffice.ui.s_repeats")

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        today = now().date()
        self.date_from = QDateEdit(QDate(today.year, 1, 1))
        self.date_to = QDateEdit(QDate(today.year, today.month, today.day))
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.show_button = QPushButton(_t("headoffice.ui.show"))
        self.show_button.clicked.connect(self.refresh)
        row = QHBoxLayout()
        _labelled(row, "headoffice.ui.from", self.date_from)
        _labelled(row, "headoffice.ui.to", self.date_to)
        row.addWidget(self.show_button)
        row.addStretch(1)
        self.table = table([i18n.text(key) for key in self.COLUMNS], 0)
        self.table.setAccessibleName(_t("headoffice.ui.stats_table"))
        note = _wrapped(_t("headoffice.ui.stats_note"))
        note.setStyleSheet(f"color: {palette.MUTED}")
        layout = QVBoxLayout(self)
        title = heading()
        title.setText(_t("headoffice.ui.stats_heading"))
        layout.addWidget(title)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)
        self.lines = []
        self.refresh()

    def refresh(self) -> None:
        start = self.date_from.date().toPython()
        end = self.date_to.date().toPython()
        if end < start:
            dialogs.warn(self, i18n.text("error.date_range"))
            return
        self.lines = headoffice.statistics(
            self.actor, datetime.combine(start, datetime.min.time()),
            datetime.combine(end + timedelta(days=1), datetime.min.time()))
        self.table.setRowCount(len(self.lines))
        for i, x in enumerate(self.lines):
            rate = "-" if x.rate is None else f"{x.rate:.1%}"
            for j, value in enumerate((x.hall, x.received, x.closed, x.on_time, x.overdue,
                                       x.open, rate, x.repeats)):
                item = cell(value)
                if not x.hall_id:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                if j:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(i, j, item)


class HallsPage(QWidget):
    """Every hall known and its last package received (sequence, when, counts)."""

    COLUMNS = ("headoffice.ui.hl_name", "headoffice.ui.hl_id", "headoffice.ui.hl_sequence",
               "headoffice.ui.hl_received_at", "headoffice.ui.hl_created_at",
               "headoffice.ui.hl_tickets", "headoffice.ui.hl_counts")

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        title = heading()
        title.setText(_t("headoffice.ui.halls_heading"))
        self.table = table([i18n.text(key) for key in self.COLUMNS])
        # every column as wide as its contents; on a narrow screen the table scrolls
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.setAccessibleName(_t("headoffice.ui.halls_table"))
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.table, 1)
        self.refresh()

    def refresh(self) -> None:
        found = headoffice.halls(self.actor)
        self.table.setRowCount(len(found))
        for i, h in enumerate(found):
            counts = ", ".join(f"{i18n.text(COUNT_WORDS[k])} {n}" if k in COUNT_WORDS else
                               f"{k} {n}" for k, n in h.last_counts.items())
            for j, value in enumerate((h.name, h.hall_id[:8], h.last_sequence,
                                       _minute(h.last_received_at),
                                       h.last_created_at.replace("T", " ")[:16], h.tickets,
                                       counts)):
                self.table.setItem(i, j, cell(value))


PAGES = (("queue", "headoffice.ui.page_queue", "queue", QueuePage),
         ("statistics", "headoffice.ui.page_statistics", "statistics", StatisticsPage),
         ("halls", "headoffice.ui.page_halls", "settings", HallsPage))


class HeadOfficeWindow(QMainWindow):
    """The page list on the left, the pages in a stack; the person in the status bar."""

    logout_requested = Signal()
    quit_requested = Signal()

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.setWindowIcon(icons.icon(icons.APP))
        self.setWindowTitle(_t("headoffice.ui.window_title"))
        self.nav = QListWidget()
        self.nav.setObjectName("pageNav")
        self.nav.setAccessibleName(i18n.text("access.nav"))
        self.nav.setIconSize(QSize(24, 24))
        screen_width = self.screen().availableGeometry().width()     # as the hall's window
        self.nav.setFixedWidth(min(NAV_WIDTH, max(NAV_NARROWEST, screen_width // 6)))
        self.stack = QStackedWidget()
        self.pages: dict[str, QWidget] = {}
        for i, (name, title, icon, page) in enumerate(PAGES):
            QListWidgetItem(icons.icon(icon), i18n.text(title), self.nav)
            widget = page(actor)
            self.pages[name] = widget
            self.stack.addWidget(scroll_body(widget))
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Alt+{i + 1}"))
            action.triggered.connect(lambda _=False, row=i: self.nav.setCurrentRow(row))
            self.addAction(action)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.nav.setCurrentRow(0)
        workspace = QWidget()
        row = QHBoxLayout(workspace)
        row.setContentsMargins(6, 6, 6, 6)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(workspace)
        menu = self.menuBar().addMenu(_t("headoffice.ui.menu"))
        self.logout_action = menu.addAction(icons.icon("logout"), _t("headoffice.ui.log_out"))
        self.logout_action.triggered.connect(self.logout_requested.emit)
        self.quit_action = menu.addAction(icons.icon("quit"), _t("headoffice.ui.quit"))
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.triggered.connect(self.quit_requested.emit)
        find = QAction(self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(self._to_search)
        self.addAction(find)
        self.statusBar().addWidget(QLabel(_t("headoffice.ui.status_bar", name=actor.name,
                                             role=i18n.text("role.head_office"))))
        self.setMinimumSize(760, 440)
        self.resize(DEFAULT_SIZE)
        self.pages["queue"].table.setFocus()

    def show_fitted(self) -> None:
        """As the hall's window: the default size, or maximised on a smaller screen."""
        screen = self.screen().availableGeometry().size()
        if screen.width() < DEFAULT_SIZE.width() or screen.height() < DEFAULT_SIZE.height():
            fit_to_screen(self, DEFAULT_SIZE)
            self.showMaximized()
        else:
            self.show()

    def _to_search(self) -> None:
        self.nav.setCurrentRow(0)
        self.pages["queue"].search.setFocus()
        self.pages["queue"].search.selectAll()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self.quit_requested.emit()
        super().closeEvent(event)


class HeadOfficeSession(QObject):
    """Login -> window -> (log out -> login -> window)* -> quit, as ``ui.session``."""

    finished = Signal(int)

    def __init__(self, rt: Runtime | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rt = rt
        self.dialog: HeadOfficeLogin | None = None
        self.window: HeadOfficeWindow | None = None

    def start(self) -> None:
        self.show_login()

    def show_login(self) -> None:
        self.dialog = HeadOfficeLogin()
        self.dialog.accepted.connect(self._logged_in)
        self.dialog.rejected.connect(lambda: self.finished.emit(0))
        self.dialog.open()

    def _logged_in(self) -> None:
        actor = self.dialog.actor
        self.dialog.deleteLater()
        self.dialog = None
        log.info("%s logged in at the head office", actor.login)
        self.window = HeadOfficeWindow(actor)
        self.window.logout_requested.connect(self._logout)
        self.window.quit_requested.connect(lambda: self.finished.emit(0))
        self.window.show_fitted()

    def _logout(self) -> None:
        window, self.window = self.window, None
        window.blockSignals(True)
        window.close()
        window.deleteLater()
        self.show_login()
