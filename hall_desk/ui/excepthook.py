"""The last guard of the GUI: an exception nobody caught is logged with its traceback and
shown to the clerk in a dialog; the application keeps running.

An uncaught :class:`~hall_desk.core.errors.HallError` (a rule said no, the database is busy)
is shown as a plain warning with its translated message; anything else is an unexpected
error with the traceback behind "Show Details".
"""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from hall_desk.core.errors import HallError
from hall_desk.services import failures
from hall_desk.ui import dialogs

log = logging.getLogger(__name__)

_previous = None
_showing = False   # an error while showing the dialog must not open dialogs forever


def handle(exc_type: type[BaseException], exc: BaseException,
           tb: TracebackType | None) -> None:
    """The hook itself (``sys.excepthook`` signature)."""
    global _showing
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    if isinstance(exc, HallError):
        log.warning("uncaught %s: %s", exc_type.__name__, exc.message("en"),
                    exc_info=(exc_type, exc, tb))
    else:
        log.critical("unexpected error", exc_info=(exc_type, exc, tb))
    if _showing or QApplication.instance() is None:
        return
    _showing = True
    try:
        parent = QApplication.activeWindow()
        known = failures.explain(exc)   # a HallError, or a full disk / read-only file
        if known is not None:
            dialogs.warn(parent, known.message())
        else:
            details = "".join(traceback.format_exception(exc_type, exc, tb))
            what = QCoreApplication.translate("excepthook", "An unexpected error occurred: {error}")
            advice = QCoreApplication.translate(
                "excepthook", "The program keeps running. The details were written to the "
                "log file; please tell your administrator.")
            title = QCoreApplication.translate("excepthook", "Unexpected error")
            text = what.format(error=f"{exc_type.__name__}: {exc}") + "\n\n" + advice
            dialogs.error(parent, text, title=title, details=details)
    except Exception:  # pragma: no cover - nothing sensible left to do but log it
        log.exception("could not show the error dialog")
    finally:
        _showing = False


def install() -> None:
    """Make :func:`handle` the process's exception hook (idempotent)."""
    global _previous
    if sys.excepthook is not handle:
        _previous = sys.excepthook
        sys.excepthook = handle


def uninstall() -> None:
    global _previous
    if sys.excepthook is handle:
        sys.excepthook = _previous or sys.__excepthook__
        _previous = None
