"""Opening the database: SQLite file (default) or a PostgreSQL URL, pragmas, migrations.

SQLite pragmas: WAL (readers never block the writer), foreign keys on, ``synchronous=FULL``
(a committed ticket survives a power cut) and a busy timeout, so that two counters writing
to one file wait for each other instead of failing.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import peewee

from hall_desk.core.errors import StoreError
from hall_desk.store import migrations
from hall_desk.store.busy import HallSqliteDatabase
from hall_desk.store.models import db

log = logging.getLogger(__name__)

SQLITE_PRAGMAS = (
    ("journal_mode", "wal"),
    ("foreign_keys", 1),
    ("synchronous", "full"),
    ("cache_size", -32_000),   # 32 MB page cache
)


def sqlite_database(path: str | Path) -> peewee.SqliteDatabase:
    # waits for another counter's write up to busy.WAIT_S, then a clear StoreError (busy.py)
    return HallSqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS)


def make_database(*, path: str | Path | None = None, url: str | None = None) -> peewee.Database:
    """A peewee database for a file path or a URL (``postgresql://``, ``sqlite:///``)."""
    if url:
        from playhouse.db_url import connect as connect_url   # lazy: MySQL, CockroachDB...
        from playhouse.db_url import register_database

        from hall_desk.store.postgres import HallPostgresqlDatabase

        register_database(HallPostgresqlDatabase, "postgres", "postgresql")

        if url.startswith("sqlite:///"):
            return sqlite_database(url[len("sqlite:///"):])
        if url.startswith("postgres://"):
            url = "postgresql://" + url[len("postgres://"):]
        try:
            return connect_url(url)
        except (RuntimeError, ImportError, ValueError, KeyError) as exc:
            raise StoreError(detail=f"{url.split('@')[-1]}: {exc}") from exc
    if path is None:
        raise ValueError("make_database needs a path or a url")
    return sqlite_database(path)


def open_database(*, path: str | Path | None = None, url: str | None = None,
                  migrate: bool = True) -> peewee.Database:
    """Bind the models to the database and bring its schema up to date.

    Before migrating an existing SQLite file it copies it aside (``*.bak-vN``)."""
    if path is not None and not url:
        try:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:   # a read-only data folder: say which, no traceback
            raise StoreError("error.db_open", detail=f"{Path(path).parent}: "
                             f"{exc.strerror or exc}") from exc
    database = make_database(path=path, url=url)
    try:
        database.connect(reuse_if_open=True)
        db.initialize(database)
        if migrate:
            backup_to = Path(path) if (path is not None and not url) else None
            migrations.migrate(database, backup_path=backup_to)
    except (peewee.DatabaseError, sqlite3.Error) as exc:  # damaged, not a database, unreachable
        if not database.is_closed():
            database.close()
        reason = " ".join(str(exc).split())          # one line, whatever the driver said
        damaged = "not a database" in reason or "malformed" in reason
        where = path or (url or "").split("@")[-1]   # never echo a password
        raise StoreError("error.db_corrupt" if damaged else "error.db_open",
                         detail=f"{where}: {reason}") from exc
    return database


def close_database() -> None:
    inner = db.obj
    if inner is not None and not inner.is_closed():
        inner.close()


def is_sqlite(database: peewee.Database | None = None) -> bool:
    return isinstance(database or db.obj, peewee.SqliteDatabase)


def open_read_only(path: str | Path) -> peewee.Database:
    """Bind the models to an existing SQLite file for reading only: for the commands that
    only read, when the file or its folder cannot be written (a read-only share, a locked
    folder). Tries ``mode=ro`` first; when SQLite cannot create the WAL's shared-memory file
    in a read-only folder, ``immutable=1`` (nobody can be writing there either). Never
    migrates: a file that needs an upgrade is refused. A write then fails as "read-only"."""
    target = Path(path).resolve()
    if not target.is_file():
        raise StoreError("error.db_open", detail=f"{path}: not found")
    last: Exception | None = None
    for query in ("mode=ro", "mode=ro&immutable=1"):
        database = HallSqliteDatabase(f"{target.as_uri()}?{query}", uri=True,
                                      pragmas=(("foreign_keys", 1),))
        try:
            database.connect(reuse_if_open=True)
            db.initialize(database)
            found = migrations.current_version(database)
        except (peewee.DatabaseError, sqlite3.Error) as exc:
            last = exc
            if not database.is_closed():
                database.close()
            continue
        if found != migrations.SCHEMA_VERSION:
            database.close()
            raise StoreError("error.db_readonly_old", path=str(path), found=found,
                             supported=migrations.SCHEMA_VERSION)
        database.hall_read_only = True
        log.warning("opened %s read-only (%s)", path, query)
        return database
    reason = " ".join(str(last).split())
    raise StoreError("error.db_open", detail=f"{path}: {reason}") from last


def is_read_only(database: peewee.Database | None = None) -> bool:
    """Whether the database was opened by :func:`open_read_only`."""
    return bool(getattr(database or db.obj, "hall_read_only", False))
