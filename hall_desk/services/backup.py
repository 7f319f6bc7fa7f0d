"""Backups of the hall's SQLite file, and restoring one.

A backup uses SQLite's online backup API, so it is consistent while counters keep working.
A restore first checks the copy (integrity, schema version), keeps the current file aside,
then puts the copy in place. A hall on PostgreSQL backs up with its server's tools.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from hall_desk.core import i18n
from hall_desk.core.errors import HallError
from hall_desk.store import migrations

PREFIX = "hall_desk-"
SUFFIX = ".sqlite3"

i18n.register({
    "backup.error.not_sqlite": ("数据库不是SQLite文件，请用PostgreSQL自带的工具（pg_dump）备份",
                                "The database is not a SQLite file: back it up with PostgreSQL's own tools (pg_dump)"),
    "backup.error.write": ("无法写入备份 {path}：{detail}", "Cannot write the backup {path}: {detail}"),
    "backup.error.bad_copy": ("{path} 不是完好的数据库：{detail}。当前数据库未作任何改动",
                              "{path} is not a sound database: {detail}. The current database was left as it was"),
    "backup.error.newer": ("{path} 的数据库版本（{found}）比本程序新（{supported}），不能恢复",
                           "{path} has schema version {found}, newer than this program's {supported}: not restored"),
})


def backup(source: Path, destination: Path, *, keep: int | None = None,
           at: datetime | None = None) -> Path:
    """Copy the database file ``source`` to ``destination`` (a folder: a dated file in it, of
    which the newest ``keep`` are kept; or a file path). Returns the file written."""
    moment = at or datetime.now()
    if destination.is_dir() or not destination.suffix:
        destination.mkdir(parents=True, exist_ok=True)
        target = destination / f"{PREFIX}{moment:%Y%m%d-%H%M%S}{SUFFIX}"
    else:
        destination.parent.mkdir(parents=True, exist_ok=True)
        target = destination
    try:
        migrations.copy_sqlite(source, target)
    except (OSError, sqlite3.Error) as exc:
        raise HallError("backup.error.write", path=str(target),
                        detail=getattr(exc, "strerror", None) or str(exc)) from None
    if keep and target.parent == destination:
        older = sorted(destination.glob(f"{PREFIX}*{SUFFIX}"))[:-keep]
        for old in older:
            old.unlink(missing_ok=True)
    return target


def check_copy(path: Path) -> int:
    """The schema version of a backup file, after checking it is an intact hall database."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = con.execute("PRAGMA integrity_check").fetchone()[0]
            if result != "ok":
                raise HallError("backup.error.bad_copy", path=str(path), detail=result)
            row = con.execute("SELECT value FROM setting WHERE key = 'schema_version'").fetchone()
        finally:
            con.close()
    except sqlite3.Error as exc:
        raise HallError("backup.error.bad_copy", path=str(path), detail=str(exc)) from None
    if row is None:
        raise HallError("backup.error.bad_copy", path=str(path), detail="no schema version")
    version = int(row[0])
    if version > migrations.SCHEMA_VERSION:
        raise HallError("backup.error.newer", path=str(path), found=version,
                        supported=migrations.SCHEMA_VERSION)
    return version


def restore(copy: Path, current: Path, *, at: datetime | None = None) -> Path:
    """Put the backup ``copy`` in place of the database file ``current`` (closed by the
    caller). The current file is kept aside; returns where."""
    check_copy(copy)
    moment = at or datetime.now()
    aside = current.with_name(f"{current.name}.before-restore-{moment:%Y%m%d-%H%M%S}")
    if current.exists():
        backup(current, aside)
    for extra in (current.with_name(current.name + "-wal"), current.with_name(current.name + "-shm")):
        extra.unlink(missing_ok=True)
    backup(copy, current)
    return aside
