"""The quick_check of a SQLite file, and the one the window leaves running while it starts.

``open_database(check="later")`` (the window) starts ``PRAGMA quick_check`` in a worker
thread on a read-only connection of its own and goes on; :func:`confirm_sound` waits for it
and refuses a damaged file. ``store.tx.write_transaction`` calls it before every write, so
nothing is written into a file whose check has not passed; the window polls
:func:`finished` and shows the damage as the start-up error it is.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import threading
from pathlib import Path

from hall_desk.core.errors import StoreError


def quick_check(con: sqlite3.Connection) -> str | None:
    """None when ``PRAGMA quick_check`` finds nothing wrong, else its first line."""
    try:
        rows = con.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:      # "file is not a database", "malformed"
        return " ".join(str(exc).split())
    first = str(rows[0][0]) if rows else "no answer"
    return None if first == "ok" else " ".join(first.replace("*** in database main ***", "").split())


def damaged(path: Path, detail: str) -> StoreError:
    return StoreError("error.db_damaged", detail=f"{path}: {detail}")


CHECK_NICENESS = 10      # how far the worker's priority is below the window's thread's


def _yield_to_window() -> None:
    """Lower the calling thread's priority, so that on a busy or one-core PC the window is
    drawn first and the check takes what is left (on an idle PC it runs as fast). Linux
    sets a thread's priority by its id; elsewhere the thread keeps its priority."""
    if sys.platform.startswith("linux"):
        thread = threading.get_native_id()
        try:
            nice = os.getpriority(os.PRIO_PROCESS, thread)    # the window's, inherited
            os.setpriority(os.PRIO_PROCESS, thread, min(nice + CHECK_NICENESS, 19))
        except OSError:
            pass


HOLD_AT_MOST_S = 1.5     # the check waits for the window's first paint this long at most


class _LaterCheck:
    """``PRAGMA quick_check`` of a file on a connection of its own, in a worker thread. It
    begins once the window is first painted (:func:`release`), when something is to be
    written (:func:`confirm_sound`), or after :data:`HOLD_AT_MOST_S`, whichever is first:
    reading a large file beside the first paint slows the paint and gains nothing, as the
    clerk types a PIN before anything can be written."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problem: str | None = None
        self.go = threading.Event()
        self.thread = threading.Thread(target=self._run, name="hall-desk-open-check",
                                       daemon=True)
        self.thread.start()

    def _run(self) -> None:
        self.go.wait(HOLD_AT_MOST_S)
        _yield_to_window()
        try:
            con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
            try:
                self.problem = quick_check(con)
            finally:
                con.close()
        except sqlite3.Error as exc:
            self.problem = " ".join(str(exc).split())


_later: _LaterCheck | None = None


def start(path: Path) -> None:
    """Check ``path`` in a worker thread (``open_database(check="later")``)."""
    global _later
    _later = _LaterCheck(path)


def release() -> None:
    """The window is on screen: the pending check may begin now."""
    if _later is not None:
        _later.go.set()


def forget() -> None:
    """Another database is opened: the pending check is of no concern any more."""
    global _later
    _later = None


def finished() -> bool:
    """Whether no check is pending or the pending one has ended."""
    return _later is None or not _later.thread.is_alive()


def confirm_sound() -> None:
    """Wait for the check :func:`start` began; StoreError ``error.db_damaged`` when it found
    the file damaged, at this call and every later one (nothing may be written into it).
    Without a check pending: nothing. ``write_transaction`` calls it before every write."""
    global _later
    pending = _later
    if pending is None:
        return
    pending.go.set()
    pending.thread.join()
    if pending.problem is None:
        _later = None
        return
    raise damaged(pending.path, pending.problem)
