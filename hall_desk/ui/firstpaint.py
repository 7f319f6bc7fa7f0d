"""What waits for the first window on screen.

The clerk sees the program once its first window (the login, or the main window) is painted;
what that paint does not need is started right after it: the file's quick_check (it waited
in its thread, see ``store.opencheck``), the accessible names and the focus outline (``ui.app
.create_app(at_first_paint=True)``). A window calls :func:`painted` from its ``paintEvent``;
a program whose window is never painted (started minimised) gets the same at
:data:`LATEST_MS` at the latest.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer

from hall_desk.services import failures

LATEST_MS = 3000            # what waits for the first paint starts by then regardless

_waiting: list[Callable[[], None]] = []
_done = False


def later(task: Callable[[], None]) -> None:
    """Run ``task`` just after the first paint (at once, if that has happened)."""
    if _done:
        task()
        return
    if not _waiting:
        QTimer.singleShot(LATEST_MS, painted)
    _waiting.append(task)


def painted() -> None:
    """A window has been painted: release the file's check, and run what waited, once the
    paint has reached the screen."""
    global _done
    failures.release_check()
    if _done:
        return
    _done = True
    tasks, _waiting[:] = list(_waiting), []
    for task in tasks:
        QTimer.singleShot(0, task)
