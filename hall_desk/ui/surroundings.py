"""The window's side of bad surroundings: automatic backups (daily, off the UI thread, and on
exit), the warning for a database on a network share, and the restore hint for the dialog
when the program cannot start (``ui.app.show_start_error``: a damaged database file).

The logic is in :mod:`hall_desk.services.backup` and :mod:`hall_desk.services.location`;
this module only triggers it and shows the outcome.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

from hall_desk.core import i18n
from hall_desk.core.errors import HallError
from hall_desk.services import backup, location
from hall_desk.services.context import now
from hall_desk.ui import dialogs
from hall_desk.ui.widgets import ERROR_STYLE

log = logging.getLogger(__name__)

CHECK_INTERVAL_MS = 60 * 60 * 1000      # is a daily backup due? asked every hour
FIRST_CHECK_MS = 3000                   # and a few seconds after the window opened
_warned_paths: set[str] = set()         # the network warning once per file and run

# Words shown before the translators are installed come from i18n.


def damaged_hint(text: str) -> str | None:
    """How to restore, when ``text`` is the damaged-database message (the window cannot
    open the file, so its own restore action is out of reach)."""
    from hall_desk.services.failures import is_damage_message

    return i18n.text("surroundings.restore_hint") if is_damage_message(text) else None


class BackupScheduler(QObject):
    """Backs up when due (at start and hourly, in a worker thread) and on quit. Hourly it
    also quick-checks the open file (:meth:`check_damage`, in a worker thread): damage that
    appears while the window runs is shown at once, not only at the next start or backup.

    Signals:
        finished(object): an automatic backup ended; the :class:`~hall_desk.services.backup.Outcome`.
        damaged(str): the hourly check found the open file damaged; the message.

    Attributes:
        warning: the status-bar label showing the last failure (hidden while backups work).
        timer: the hourly check.
    """

    finished = Signal(object)
    damaged = Signal(str)
    _done = Signal(object)      # from the worker thread, queued to this (the UI) thread
    _found = Signal(str)        # the same for the damage check

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._worker: threading.Thread | None = None
        self.warning = QLabel()
        self.warning.setObjectName("backupWarning")
        self.warning.setStyleSheet(ERROR_STYLE)
        self.warning.setVisible(False)
        window.statusBar().addWidget(self.warning)
        self._done.connect(self._finish)
        self._found.connect(self._show_damage)
        self._checker: threading.Thread | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self.check)
        self.timer.timeout.connect(self.check_damage)
        self.timer.start()
        QTimer.singleShot(FIRST_CHECK_MS, self.check)
        failure = backup.last_failure()
        if failure is not None and backup.auto_config() is not None:
            self._show_failure(failure[1])

    @property
    def busy(self) -> bool:
        return self._worker is not None and self._worker.is_alive()

    def check(self) -> bool:
        """Start a backup in a worker thread if one is due; True if started."""
        if self.busy:
            return False
        try:
            moment = now()
            if not backup.due(moment):
                return False
            source, config = backup.database_file(), backup.auto_config()
        except Exception as exc:  # noqa: BLE001 - a backup check never stops the counter
            log.warning("automatic backup check failed: %s", exc)
            return False
        def work() -> None:
            outcome = backup.perform(source, config, moment, "daily")
            try:
                self._done.emit(outcome)
            except RuntimeError:    # the window was closed meanwhile (logged out)
                log.info("automatic backup finished after its window closed: %s",
                         outcome.message("en"))

        self._worker = threading.Thread(target=work, name="hall-desk-backup", daemon=True)
        self._worker.start()
        return True

    def check_damage(self) -> bool:
        """Quick-check the open SQLite file in a worker thread; True if started."""
        path = backup.database_file()
        if path is None or (self._checker is not None and self._checker.is_alive()):
            return False

        def work() -> None:
            try:
                backup.check_source(path)
            except HallError as exc:
                if exc.key != "error.db_damaged":
                    return
                try:
                    self._found.emit(exc.message())
                except RuntimeError:    # the window was closed meanwhile
                    log.warning("damaged database found after its window closed: %s", exc)

        self._checker = threading.Thread(target=work, name="hall-desk-quick-check", daemon=True)
        self._checker.start()
        return True

    def _show_damage(self, message: str) -> None:
        log.error("the open database is damaged: %s", message)
        self._show_failure(message)
        self.damaged.emit(message)
        dialogs.error(self.window, message)

    def _finish(self, outcome: backup.Outcome) -> None:
        backup.record(outcome)
        self._show(outcome)
        self.finished.emit(outcome)

    def _show(self, outcome: backup.Outcome) -> None:
        if outcome.skipped:
            return
        if outcome.ok:
            self.warning.setVisible(False)
            self.window.statusBar().showMessage(outcome.message(), 10_000)
        else:
            self._show_failure(outcome.message())

    def _show_failure(self, message: str) -> None:
        self.window.statusBar().clearMessage()   # a passing message would overlap the label
        self.warning.setText("⚠ " + message)
        self.warning.setToolTip(message)
        self.warning.setVisible(True)

    def run_on_exit(self) -> backup.Outcome | None:
        """The backup on quitting (in this thread: the program waits for it)."""
        self.timer.stop()
        if self._worker is not None:
            self._worker.join(timeout=120)
        try:
            if backup.auto_config() is None:
                return None
            outcome = backup.run_automatic(reason="exit")
        except Exception as exc:  # noqa: BLE001 - quitting must always work
            log.warning("backup on exit failed: %s", exc)
            return None
        self.finished.emit(outcome)
        return outcome


def attach(window: QMainWindow) -> BackupScheduler:
    """Give a main window its backup scheduler; the exit backup runs when it asks to quit
    (not when the person only logs out)."""
    scheduler = BackupScheduler(window)
    window.quit_requested.connect(scheduler.run_on_exit)
    return scheduler


def warn_network_share(parent: QWidget | None = None) -> str | None:
    """Show the network-share warning for the open SQLite file (once per run); returns it."""
    path = backup.database_file()
    message = location.network_warning(path) if path is not None else None
    if message and str(path) not in _warned_paths:
        _warned_paths.add(str(path))
        dialogs.warn(parent, message,
                     title=i18n.text("surroundings.network_title"))
    return message
