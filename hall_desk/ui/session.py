"""The order of windows from start to quit:

set-up (empty database) or counter code (new PC) -> login -> main window -> (log out ->
login -> main window)* -> quit.

Every step is a non-blocking window, so tests drive the real flow with qtbot and the event
loop of :func:`hall_desk.ui.app.run_gui` is the only one.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog

from hall_desk import config
from hall_desk.core.errors import HallError
from hall_desk.services import setup
from hall_desk.ui.login import LoginDialog
from hall_desk.ui.mainwindow import MainWindow
from hall_desk.ui.setup_dialog import CounterDialog, FirstRunDialog

if TYPE_CHECKING:
    from hall_desk.runtime import Runtime

log = logging.getLogger(__name__)


class Session(QObject):
    """Runs the windows of one program run.

    Signals:
        finished(int): the program should end with this exit code (login closed, Quit).

    Attributes:
        dialog: the set-up, counter or login dialog now shown (None while the window is).
        window: the :class:`~hall_desk.ui.mainwindow.MainWindow` now shown, if any.
    """

    finished = Signal(int)

    def __init__(self, rt: Runtime, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rt = rt
        self.dialog: QDialog | None = None
        self.window: MainWindow | None = None

    def start(self) -> None:
        if not setup.is_initialised():
            self._open(FirstRunDialog(), self._counter_chosen)
            return
        if self.rt.counter_code:
            try:   # a new database or a --counter override: register the counter
                setup.ensure_counter(self.rt.counter_code)
            except HallError as exc:
                log.warning("counter code %r not usable: %s", self.rt.counter_code, exc.key)
            else:
                self.show_login()
                return
        self._open(CounterDialog(), self._counter_chosen)

    def _open(self, dialog: QDialog, on_accept) -> None:
        self._drop_dialog()
        self.dialog = dialog
        dialog.accepted.connect(on_accept)
        dialog.rejected.connect(lambda: self.finished.emit(0))
        dialog.open()

    def _drop_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None

    def _counter_chosen(self) -> None:
        code = self.dialog.counter_code
        self.rt.args.counter = None          # the saved code is the one to use from now on
        self.rt.local.counter_code = code
        config.save(self.rt.local)
        log.info("counter code %s saved to %s", code, config.config_path())
        self.show_login()

    def show_login(self) -> None:
        self._open(LoginDialog(self.rt.counter_code), self._logged_in)

    def _logged_in(self) -> None:
        actor = self.dialog.actor
        self._drop_dialog()
        self.window = MainWindow(actor, self.rt.local)
        self.window.logout_requested.connect(self._logged_out)
        self.window.quit_requested.connect(lambda: self.finished.emit(0))
        self.window.show_fitted()

    def _logged_out(self) -> None:
        if self.window is not None:
            self.window.deleteLater()
            self.window = None
        self.show_login()
