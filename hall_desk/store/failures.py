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

from hall_desk.core import i18n
from hall_desk.core.errors import HallError
from hall_desk.store import busy
from hall_desk.store import connection  # noqa: F401 - registers error.db_damaged

i18n.register({
    "error.disk_full": ("磁盘已满，未能保存（{detail}）。刚才的操作没有写入任何内容；请清理磁盘空间后重试，已填写的内容仍在。",
                        "The disk is full: nothing was saved ({detail}). Free some disk space and try again; what you typed is still there."),
    "error.db_readonly": ("数据库文件或其文件夹是只读的，未能保存（{detail}）。请让管理员检查文件权限。",
                          "The database file or its folder is read-only: nothing was saved ({detail}). Ask your administrator to check the permissions."),
    "error.disk_io": ("读写磁盘出错，未能保存（{detail}）。请检查磁盘或网络连接。",
                      "A disk read/write error: nothing was saved ({detail}). Check the disk or the network connection."),
    "error.file_no_space": ("磁盘已满，无法写入 {path}。未留下不完整的文件。",
                            "The disk is full: cannot write {path}. No partial file was left."),
    "error.file_denied": ("没有权限写入 {path}（只读文件夹？）",
                          "No permission to write {path} (a read-only folder?)"),
    "error.resource_missing": ("找不到本程序的文件：{path}。请重新安装本程序。",
                               "A file of the program is missing: {path}. Reinstall the program."),
})


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
