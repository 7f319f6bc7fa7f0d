"""Words for what the surroundings did to a write: a full disk, a read-only file or folder,
a failing disk. :func:`explain` turns the driver's or the OS's exception into a
:class:`~hall_desk.core.errors.HallError` a clerk can act on; the window's last guard and
the command line use it, so "database or disk is full" never reaches anyone as a traceback.

Each of these happens inside a transaction, which SQLite rolls back: the ticket and its
event are saved together or not at all.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import peewee

from hall_desk.core.errors import HallError
from hall_desk.store import busy


class ResourceMissing(HallError):
    """A file shipped under ``resources/`` (a policy, a template) is missing or unreadable."""

    key = "error.resource_missing"


def _under_resources(filename: str) -> bool:
    from hall_desk import paths

    try:
        return Path(filename).resolve().is_relative_to(paths.resources_dir().resolve())
    except (OSError, ValueError):
        return False


_SQLITE_MESSAGES = (
    ("database or disk is full", "error.disk_full"),
    ("attempt to write a readonly database", "error.db_readonly"),
    ("readonly database", "error.db_readonly"),
    ("disk i/o error", "error.disk_io"),
    # found in the middle of a command (the start's quick_check passed, or damage came later)
    ("database disk image is malformed", "error.db_damaged"),
    ("file is not a database", "error.db_damaged"),
)


def explain(exc: BaseException) -> HallError | None:
    """A HallError for a known failure of the surroundings, or None (not one of those)."""
    if isinstance(exc, HallError):
        return exc
    if isinstance(exc, (sqlite3.Error, peewee.DatabaseError)):
        if busy.is_busy(exc):
            return busy.busy_error(exc)
        # SQLite rolls a transaction back itself on SQLITE_FULL; the ROLLBACK that follows
        # then fails ("no transaction is active") and hides the cause: look down the chain.
        for item in busy.causes(exc):
            text = " ".join(str(item).split())
            for fragment, key in _SQLITE_MESSAGES:
                if fragment in text.lower():
                    return HallError(key, detail=text)
        return None
    if isinstance(exc, OSError):
        where = exc.filename or ""
        if isinstance(exc, FileNotFoundError) and where and _under_resources(str(where)):
            return ResourceMissing(path=str(where))
        if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
            return HallError("error.file_no_space", path=where)
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return HallError("error.file_denied", path=where)
    return None
