"""The main window: page navigation on the left, the pages of :mod:`hall_desk.ui.pages` in
a stack, the hall, counter, person and shift in the status bar; lock, log out and quit.

Locking (Ctrl+L, or after ``idle_lock_minutes`` without keyboard or mouse) covers the pages
with a PIN prompt for the same person; the pages stay as they were underneath.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMainWindow, QPushButton,
    QStackedWidget, QVBoxLayout, QWidget,
)

from hall_desk.config import LocalConfig
from hall_desk.core import auth, i18n
from hall_desk.core.errors import HallError
from hall_desk.services import settings
from hall_desk.services.context import Actor, now
from hall_desk.ui import dialogs, firstpaint, icons
from hall_desk.ui.pages import PAGES, PageContext, PageSpec
from hall_desk.ui.shift import current_label
from hall_desk.ui.widgets import ERROR_STYLE, FieldError, fit_to_screen, pin_edit, scroll_body

if TYPE_CHECKING:   # attached after the first paint: backups are not needed to show the queue
    from hall_desk.ui.surroundings import BackupScheduler

log = logging.getLogger(__name__)

DEFAULT_SIZE = QSize(1280, 800)
# fits 1366×768 at 150 % (911×512 logical pixels, less the panel and title bar); the pages
# scroll their bodies when the window is lower than they are
MINIMUM_SIZE = QSize(760, 440)
NAV_WIDTH = 200
NAV_NARROWEST = 140     # the page titles' width; the list takes a sixth of a smaller screen
LOCK_BOX_WIDTH = 460
MAX_IDLE_MINUTES = 24 * 60      # QTimer counts milliseconds in an int
FIRST_PAINT_LATEST_MS = 3000   # what waits for the first paint starts by then regardless
ESCALATION_CHECK_MS = 60_000    # how often lapsed escalations are looked for


class EscalationWatch(QObject):
    """Escalates the tickets whose escalation limit has lapsed, every minute while the
    window is open (``services.lifecycle.escalate_overdue``). The check runs on a worker
    thread with a database connection of its own, so a busy database never holds up
    typing; a failure is logged and the next minute tries again.

    Signals:
        escalated: the ticket numbers just escalated (emitted in the window's thread).
    """

    escalated = Signal(list)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setInterval(ESCALATION_CHECK_MS)
        self.timer.timeout.connect(self.check)
        self._pool: ThreadPoolExecutor | None = None
        self._running: Future | None = None

    def start(self) -> None:
        self.timer.start()

    def check(self) -> None:
        """Start one check unless the previous one is still running."""
        if self._running is not None and not self._running.done():
            return
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="escalation")
        self._running = self._pool.submit(self._work)
        self._running.add_done_callback(self._finished)

    @staticmethod
    def _work() -> list[str]:
        from hall_desk.services import lifecycle
        from hall_desk.services.context import own_connection

        return own_connection(lifecycle.escalate_overdue, now())

    def _finished(self, future: Future) -> None:
        try:
            done = future.result()
        except Exception:  # noqa: BLE001 (logged; the counter keeps working)
            log.exception("escalation check failed")
            return
        if done:
            log.info("escalated %s", ", ".join(done))
            self.escalated.emit(done)

    def stop(self) -> None:
        """Stop the timer and wait for a check in progress (it is one short transaction)."""
        self.timer.stop()
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None


class LockPage(QWidget):
    """The PIN prompt that covers a locked window.

    Signals:
        unlocked: the right PIN was typed.
        switch_user: someone else wants the counter (log this person out).
    """

    unlocked = Signal()
    switch_user = Signal()

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        title = QLabel(self.tr("This counter is locked"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        who = QLabel(self.tr("%1 locked it. Type your PIN to continue.")
                     .replace("%1", actor.name))
        who.setWordWrap(True)
        pin_label = QLabel(self.tr("&PIN:"))
        self.pin = pin_edit()
        pin_label.setBuddy(self.pin)
        self.pin.returnPressed.connect(self.try_unlock)
        self.error = FieldError()
        self.error.setObjectName("unlockError")
        self.unlock_button = QPushButton(self.tr("&Unlock"))
        self.unlock_button.clicked.connect(self.try_unlock)
        self.switch_button = QPushButton(self.tr("Log out (&switch user)"))
        self.switch_button.clicked.connect(self.switch_user)

        box = QWidget()
        box.setFixedWidth(LOCK_BOX_WIDTH)
        form = QVBoxLayout(box)
        form.addWidget(title)
        form.addWidget(who)
        form.addSpacing(8)
        form.addWidget(pin_label)
        form.addWidget(self.pin)
        form.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addWidget(self.unlock_button)
        buttons.addStretch(1)
        buttons.addWidget(self.switch_button)
        form.addLayout(buttons)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)

    def reset(self) -> None:
        self.pin.clear()
        self.error.clear_error()
        self.pin.setFocus()

    def try_unlock(self) -> None:
        from hall_desk.services import staff   # lazy: phone and ID rules, not needed to start

        try:
            auth.check_pin_format(self.pin.text())
            staff.authenticate(self.actor.login, self.pin.text(), self.actor.counter_code)
        except HallError as exc:
            log.info("unlock refused for %s: %s", self.actor.login, exc.key)
            self.error.show_error(exc.message())
            self.pin.clear()
            self.pin.setFocus()
            return
        self.reset()
        self.unlocked.emit()


class IdleWatcher(QObject):
    """Emits ``idle`` after ``minutes`` without a key press or mouse action anywhere in the
    application (0 minutes: never). The time runs from the start; key presses and mouse
    actions are watched from :meth:`watch` on (an application-wide event filter sees every
    event, and there are about 1,300 before the first paint, none of them the clerk's).

    Signals:
        idle: the time ran out.
    """

    idle = Signal()
    _ACTIVITY = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress,
                           QEvent.Type.Wheel, QEvent.Type.MouseMove})

    def __init__(self, minutes: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(min(max(0, minutes), MAX_IDLE_MINUTES) * 60_000)
        self.timer.timeout.connect(self.idle)
        self.enabled = minutes > 0
        self.watching = False
        if self.enabled:
            self.timer.start()

    def watch(self) -> None:
        """Restart the time on every key press and mouse action from now on."""
        if self.enabled and not self.watching:
            QApplication.instance().installEventFilter(self)
            self.watching = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        if event.type() in self._ACTIVITY and self.timer.isActive():
            self.timer.start()
        return False

    def pause(self) -> None:
        self.timer.stop()

    def resume(self) -> None:
        if self.enabled:
            self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        if self.watching:
            QApplication.instance().removeEventFilter(self)
            self.watching = False
        self.enabled = False


class MainWindow(QMainWindow):
    """The counter's workspace for one logged-in person.

    Signals:
        logout_requested: the person logged out (the session shows the login again).
        quit_requested: the window was closed or Quit chosen (the session ends the program).

    Attributes:
        actor: who is logged in.
        nav: the page list on the left; its rows follow :data:`~hall_desk.ui.pages.PAGES`.
        stack: the pages; ``page_widget(key)`` builds a page on first use.
        lock_page: the PIN prompt shown while locked.
        hall_label, counter_label, staff_label, shift_label: the status bar's parts.
    """

    logout_requested = Signal()
    quit_requested = Signal()

    def __init__(self, actor: Actor, local: LocalConfig, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.ctx = PageContext(actor=actor, local=local)
        self._ended = False
        self._built: dict[str, QWidget] = {}
        self._shown = False     # the current page is built when the window is first shown
        self.setWindowIcon(icons.icon(icons.APP))
        self.setWindowTitle(self.tr("hall_desk - %1 - counter %2")
                            .replace("%1", settings.hall_name())
                            .replace("%2", actor.counter_code))
        self.resize(DEFAULT_SIZE)
        self.setMinimumSize(MINIMUM_SIZE)

        self.nav = QListWidget()
        self.nav.setObjectName("pageNav")
        self.nav.setAccessibleName(i18n.text("access.nav"))
        self.nav.setIconSize(QSize(24, 24))
        screen_width = self.screen().availableGeometry().width()
        self.nav.setFixedWidth(min(NAV_WIDTH, max(NAV_NARROWEST, screen_width // 6)))
        self.nav.setSpacing(3)
        nav_font = self.nav.font()
        nav_font.setPointSizeF(nav_font.pointSizeF() * 1.1)
        self.nav.setFont(nav_font)
        self.stack = QStackedWidget()
        for spec in PAGES:
            QListWidgetItem(icons.icon(spec.icon), spec.translated_title(), self.nav)
            self.stack.addWidget(QWidget())   # replaced by the real page on first show
        workspace = QWidget()
        row = QHBoxLayout(workspace)
        row.setContentsMargins(6, 6, 6, 6)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)

        self._lock_page: LockPage | None = None     # built when first locked
        self.central = QStackedWidget()
        self.central.addWidget(workspace)
        self.setCentralWidget(self.central)

        self._build_actions()
        self._build_status_bar()
        self._backups: BackupScheduler | None = None    # attached after the first paint
        self._first_painted = False
        self.nav.currentRowChanged.connect(self._show_row)
        self.nav.setCurrentRow(0)

        self.idle = IdleWatcher(local.idle_lock_minutes, self)
        self.idle.idle.connect(self.lock)
        self.shift_timer = QTimer(self)
        self.shift_timer.setInterval(60_000)
        self.shift_timer.timeout.connect(self.update_shift)
        self.shift_timer.start()
        self.escalations = EscalationWatch(self)
        self.escalations.escalated.connect(self._escalated)
        self.nav.setFocus()

    def show_fitted(self) -> None:
        """Show at the default size, or maximised on a screen too small for it."""
        screen = self.screen().availableGeometry().size()
        if screen.width() < DEFAULT_SIZE.width() or screen.height() < DEFAULT_SIZE.height():
            fit_to_screen(self, DEFAULT_SIZE)     # the size too, for a desktop that won't maximise
            self.showMaximized()
        else:
            self.show()

    # -- actions and menus -----------------------------------------------------------------
    def _build_actions(self) -> None:
        self.lock_action = QAction(icons.icon("lock"), self.tr("&Lock"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock)
        self.logout_action = QAction(icons.icon("logout"), self.tr("Log &out"), self)
        self.logout_action.triggered.connect(self.logout)
        self.quit_action = QAction(icons.icon("quit"), self.tr("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.triggered.connect(self.close)
        self.verify_action = QAction(self.tr("&Verify a printed record…"), self)
        self.verify_action.triggered.connect(self.verify_printed_file)

        system = self.menuBar().addMenu(self.tr("&System"))
        system.addActions([self.lock_action, self.logout_action])
        system.addSeparator()
        system.addAction(self.verify_action)
        system.addSeparator()
        system.addAction(self.quit_action)

        go = self.menuBar().addMenu(self.tr("&Go"))
        self.page_actions: list[QAction] = []
        for row, spec in enumerate(PAGES):
            action = QAction(icons.icon(spec.icon), spec.translated_title().replace("&", "&&"),
                             self)
            if row < 9:
                action.setShortcut(QKeySequence(f"Ctrl+{row + 1}"))
            action.triggered.connect(lambda _checked=False, r=row: self.nav.setCurrentRow(r))
            go.addAction(action)
            self.page_actions.append(action)

        bar = self.addToolBar(self.tr("Counter"))
        bar.setObjectName("counterToolBar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        bar.setIconSize(QSize(20, 20))
        bar.addActions([self.lock_action, self.logout_action])

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.hall_label = QLabel(settings.hall_name())
        self.counter_label = QLabel(self.tr("Counter %1").replace("%1", self.actor.counter_code))
        self.staff_label = QLabel(self.tr("%1 (%2)").replace("%1", self.actor.name)
                                  .replace("%2", i18n.text("role." + self.actor.role.value)))
        self.shift_label = QLabel()
        self.calendar_label = QLabel()      # an administrator: next year's holidays missing
        self.calendar_label.setObjectName("calendarWarning")
        self.calendar_label.setStyleSheet(ERROR_STYLE)
        for label in (self.calendar_label, self.hall_label, self.counter_label,
                      self.staff_label, self.shift_label):
            label.setContentsMargins(8, 0, 8, 0)
            bar.addPermanentWidget(label)
        self.update_shift()

    def update_shift(self) -> None:
        self.shift_label.setText(current_label(now()))
        self.update_calendar_warning()

    def update_calendar_warning(self) -> None:
        """From 1 November an administrator is told when next year's calendar is missing."""
        year = None
        if auth.may(self.actor.role, "import_calendar"):
            from hall_desk.services import calendar

            year = calendar.missing_year()
        self.calendar_label.setVisible(year is not None)
        if year is not None:
            self.calendar_label.setText(self.tr("⚠ %1 holidays not entered: deadlines provisional")
                                        .replace("%1", str(year)))
            self.calendar_label.setToolTip(i18n.text("calendar.missing", year=year))

    # -- pages -----------------------------------------------------------------------------
    def page_index(self, key: str) -> int:
        return next(i for i, spec in enumerate(PAGES) if spec.key == key)

    def page_widget(self, key: str) -> QWidget:
        """The page for ``key``, built from its factory on first use."""
        if key not in self._built:
            index = self.page_index(key)
            spec: PageSpec = PAGES[index]
            widget = spec.factory(self.ctx)
            widget.setObjectName(f"page_{key}")
            old = self.stack.widget(index)
            # a low window scrolls the page's body; a page keeps its own action rows in view
            self.stack.insertWidget(index, scroll_body(widget))
            self.stack.removeWidget(old)
            old.deleteLater()
            self._built[key] = widget
        return self._built[key]

    def current_page_key(self) -> str:
        return PAGES[self.stack.currentIndex()].key

    def current_page(self) -> QWidget:
        """The page shown (the stack holds each page in its scroll area)."""
        return self._built.get(self.current_page_key()) or self.stack.currentWidget()

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        if self._shown and not self._may_leave_page():
            self.nav.blockSignals(True)          # stay: the nav points back at this page
            self.nav.setCurrentRow(self.stack.currentIndex())
            self.nav.blockSignals(False)
            return
        if not self._shown:     # not on screen yet: build only the page shown first
            self.stack.setCurrentIndex(row)
            return
        new = PAGES[row].key not in self._built
        widget = self.page_widget(PAGES[row].key)
        self.stack.setCurrentIndex(row)
        refresh = getattr(widget, "refresh", None)
        if callable(refresh) and not new:    # a page just built has loaded itself
            refresh()

    def _may_leave_page(self) -> bool:
        """A page with changes not saved (``unsaved_changes()``: what they are) is left only
        when the person says so."""
        unsaved = getattr(self.current_page(), "unsaved_changes", None)
        what = unsaved() if callable(unsaved) else []
        return not what or dialogs.confirm(
            self, i18n.text("keys.unsaved_leave", what="、".join(what)))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        if not self._shown:     # before the first paint: build the page the nav points at
            self._shown = True
            self._show_row(self.nav.currentRow())
            # a window shown but never painted (started minimised, say) still gets its
            # daily backups and its idle lock
            QTimer.singleShot(FIRST_PAINT_LATEST_MS, self, self._after_first_paint)
        super().showEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        super().paintEvent(event)
        if not self._first_painted:
            # what is not on screen waits until the clerk sees the window
            self._first_painted = True
            firstpaint.painted()     # what waited for a window on screen begins
            QTimer.singleShot(0, self, self._after_first_paint)

    def _after_first_paint(self) -> None:
        if self._ended:         # logged out within its first moment: nothing to start
            return
        self.idle.watch()
        self.escalations.start()
        self._attach_backups()

    def _escalated(self, numbers: list[str]) -> None:
        """Show what was just escalated on the queue, if it is open (its own refresh)."""
        queue = self._built.get("queue")
        reload = getattr(queue, "refresh", None)
        if callable(reload):
            reload()

    @property
    def backups(self) -> BackupScheduler:
        """The backup scheduler (daily and on-exit backups, the status-bar warning)."""
        return self._attach_backups()

    def _attach_backups(self) -> BackupScheduler:
        """Attach the backup scheduler on first use, at the latest just after the first
        paint (its first check is seconds later anyway)."""
        if self._backups is None:
            from hall_desk.ui import surroundings

            self._backups = surroundings.attach(self)
        return self._backups

    @property
    def lock_page(self) -> LockPage:
        """The PIN prompt that covers the window while it is locked (built when first
        needed: most shifts never lock)."""
        if self._lock_page is None:
            self._lock_page = LockPage(self.actor)
            self._lock_page.unlocked.connect(self.unlock)
            self._lock_page.switch_user.connect(self.logout)
            self.central.addWidget(self._lock_page)
        return self._lock_page

    def verify_printed_file(self) -> None:
        from hall_desk.ui import printing_ui   # lazy: PDF checks, not needed to start

        printing_ui.verify_printed_file(self)

    # -- lock, log out, quit ---------------------------------------------------------------
    @property
    def locked(self) -> bool:
        return self._lock_page is not None and self.central.currentWidget() is self._lock_page

    def lock(self) -> None:
        if self.locked or self._ended:
            return
        log.info("counter %s locked by %s", self.actor.counter_code, self.actor.login)
        self.idle.pause()
        for action in (self.lock_action, self.verify_action, *self.page_actions):
            action.setEnabled(False)
        self.central.setCurrentWidget(self.lock_page)
        self.lock_page.reset()

    def unlock(self) -> None:
        log.info("counter %s unlocked by %s", self.actor.counter_code, self.actor.login)
        self.central.setCurrentIndex(0)
        for action in (self.lock_action, self.verify_action, *self.page_actions):
            action.setEnabled(True)
        self.idle.resume()
        self.current_page().setFocus()

    def may_end(self) -> bool:
        """Before the window closes or its person logs out: pages holding changes not saved
        (``pending_changes()``, else ``unsaved_changes()``) are named and the person
        chooses: save them (``save_changes()``; a save that fails keeps the window open on
        that page), discard them (``discard_changes()`` where a page has one) or stay."""
        pending = []
        for key, widget in self._built.items():
            ask = getattr(widget, "pending_changes", None) or getattr(widget, "unsaved_changes",
                                                                      None)
            what = ask() if callable(ask) else []
            if what:
                pending.append((key, widget, what))
        if not pending:
            return True
        answer = dialogs.ask_save(self, i18n.text(
            "keys.unsaved_close", what="、".join(w for _key, _page, what in pending for w in what)))
        if answer == dialogs.CANCEL:
            return False
        for key, widget, _what in pending:
            if answer == dialogs.SAVE:
                save = getattr(widget, "save_changes", None)
                if callable(save) and not save():
                    index = self.page_index(key)    # the stack holds the page's scroll body
                    self.stack.setCurrentIndex(index)
                    self.nav.blockSignals(True)
                    self.nav.setCurrentRow(index)
                    self.nav.blockSignals(False)
                    return False
            else:
                discard = getattr(widget, "discard_changes", None)
                if callable(discard):
                    discard()
        return True

    def logout(self) -> None:
        if not self._ended and not self.locked and not self.may_end():
            return
        log.info("%s logged out at counter %s", self.actor.login, self.actor.counter_code)
        self.end()
        self.logout_requested.emit()

    def end(self) -> None:
        """Close without asking the session to quit (log out)."""
        if self._ended:
            return
        self._ended = True
        self.idle.stop()
        self.shift_timer.stop()
        self.escalations.stop()
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if not self._ended and not self.locked and not self.may_end():
            event.ignore()                  # the person stays to save or look
            return
        if not self._ended:
            self._ended = True
            self.idle.stop()
            self.shift_timer.stop()
            self.escalations.stop()
            self._attach_backups()    # closed within its first moment: still back up
            self.quit_requested.emit()
        event.accept()
