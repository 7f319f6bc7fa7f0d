"""Opening the database: SQLite file (default) or a PostgreSQL URL, pragmas, migrations.

SQLite pragmas: WAL (readers never block the writer), foreign keys on, ``synchronous=FULL``
(a committed ticket survives a power cut) and a busy timeout, so that two counters writing
to one file wait for each other instead of failing.

A SQLite file is checked (``PRAGMA quick_check``) every time it is opened: a damaged file is
not opened at all, and the one message "数据库文件已损坏，请从备份恢复" says so, before a
counter writes more into it or a backup copies it (``check=False`` is for the restore, which
must still read the staff list of a damaged file). Each open file is registered
(:mod:`hall_desk.store.presence`) until :func:`close_database`, so that a restore can tell
who still has it open.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import peewee

from hall_desk.core.errors import StoreError
from hall_desk.store import migrations, opencheck, presence
from hall_desk.store.opencheck import confirm_sound, damaged, quick_check  # noqa: F401
from hall_desk.store.busy import HallSqliteDatabase
from hall_desk.store.models import db

log = logging.getLogger(__name__)

DAMAGE_WORDS = ("malformed", "not a database", "corrupt")

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
                  migrate: bool = True, check: bool | str = True,
                  label: str = "") -> peewee.Database:
    """Bind the models to the database and bring its schema up to date.

    Before migrating an existing SQLite file it copies it aside (``*.bak-vN``). A SQLite
    file is quick-checked first (unless ``check`` is False) and registered as open under
    ``label`` (e.g. "A1 hall-desk intake"), before its first connection: a restore that
    starts meanwhile either sees it or holds it back until done.

    ``check="later"`` (the window): the check runs in a worker thread while the caller
    goes on starting up, and :func:`confirm_sound` waits for it before anything is written;
    a file that needs migrating is checked at once, since migrating writes."""
    opencheck.forget()
    _release(db.obj)
    if path is not None and not url:
        try:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:   # a read-only data folder: say which, no traceback
            raise StoreError("error.db_open", detail=f"{Path(path).parent}: "
                             f"{exc.strerror or exc}") from exc
    database = make_database(path=path, url=url)
    try:
        if isinstance(database, peewee.SqliteDatabase) and database.database != ":memory:":
            database._hall_presence = presence.register(Path(database.database), label)
        database.connect(reuse_if_open=True)
        db.initialize(database)
        if check and isinstance(database, peewee.SqliteDatabase):
            if (check == "later" and database.database != ":memory:"
                    and migrations.current_version(database) == migrations.SCHEMA_VERSION):
                opencheck.start(Path(database.database))
            else:
                problem = quick_check(database.connection())
                if problem is not None:
                    raise damaged(Path(database.database), problem)
        if migrate:
            backup_to = Path(path) if (path is not None and not url) else None
            migrations.migrate(database, backup_path=backup_to)
    except (peewee.DatabaseError, sqlite3.Error) as exc:  # damaged, not a database, unreachable
        if not database.is_closed():
            database.close()
        _release(database)
        reason = " ".join(str(exc).split())          # one line, whatever the driver said
        where = path or (url or "").split("@")[-1]   # never echo a password
        if any(word in reason.lower() for word in DAMAGE_WORDS):
            raise damaged(where, reason) from exc
        raise StoreError("error.db_open", detail=f"{where}: {reason}") from exc
    except BaseException:
        if not database.is_closed():
            database.close()
        _release(database)
        raise
    return database


def _release(database: peewee.Database | None) -> None:
    registration = getattr(database, "_hall_presence", None)
    if registration is not None:
        registration.release()
        database._hall_presence = None


def close_database() -> None:
    """Close this thread's connection and say the file is no longer open here."""
    inner = db.obj
    if inner is not None and not inner.is_closed():
        inner.close()
    _release(inner)


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
