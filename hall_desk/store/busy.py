"""Another counter is writing: wait, retry within a bound, then say so clearly.

SQLite lets one writer at a time. A counter that wants to write while another one holds the
write lock waits: SQLite's busy handler sleeps and retries for up to :data:`WAIT_S` seconds
(``PRAGMA busy_timeout``), and :class:`HallSqliteDatabase` retries a ``BEGIN`` or a single
autocommit statement that came back busy early (SQLite skips the busy handler in a few WAL
corner cases) until the same bound is used up. Only then does the clerk hear about it, and
never as a raw ``sqlite3.OperationalError: database is locked`` traceback: the error becomes
:class:`~hall_desk.core.errors.StoreError` with the key ``error.db_busy`` ("the database is
busy, another counter is writing; try again"), which every page shows as a message while
keeping what was typed. Inside a transaction nothing is retried (the transaction is rolled
back whole; nothing half-written stays).

On PostgreSQL a counter waits for row locks without a bound; a deadlock, a lock timeout or a
serialization failure is mapped to the same message by :func:`mapped`.

The bound is configurable (``HALL_DESK_BUSY_WAIT_S`` in the environment, or
:func:`set_wait`), so tests can make it short.
"""

from __future__ import annotations

import os
import sqlite3
import time
from contextlib import contextmanager
from typing import Iterator

import peewee

from hall_desk.core.errors import StoreError

WAIT_S = float(os.environ.get("HALL_DESK_BUSY_WAIT_S", "15"))
"""How long a writer waits for another counter's write lock before it gives up."""

_SQLITE_WORDS = ("database is locked", "database is busy", "database table is locked",
                 "database schema is locked")
_SQLITE_NAMES = {"SQLITE_BUSY", "SQLITE_LOCKED"}
_PG_CODES = {"40P01", "55P03", "40001"}   # deadlock, lock not available, serialization


def causes(exc: BaseException) -> Iterator[BaseException]:
    seen = set()
    todo = [exc]
    while todo:
        item = todo.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        todo.extend([item.__cause__, item.__context__])
        todo.extend(a for a in getattr(item, "args", ()) if isinstance(a, BaseException))


def is_busy(exc: BaseException) -> bool:
    """True if ``exc`` (a driver or peewee error) means "another writer holds the lock"."""
    for item in causes(exc):
        if isinstance(item, StoreError):
            return False
        name = getattr(item, "sqlite_errorname", "") or ""
        if any(name.startswith(n) for n in _SQLITE_NAMES):
            return True
        if getattr(item, "pgcode", None) in _PG_CODES:
            return True
        if isinstance(item, (sqlite3.OperationalError, peewee.OperationalError)) and any(
                word in str(item).lower() for word in _SQLITE_WORDS):
            return True
    return False


def busy_error(exc: BaseException | None = None, waited: float | None = None) -> StoreError:
    detail = " ".join(str(exc).split()) if exc is not None else ""
    error = StoreError("error.db_busy", detail=detail,
                       waited=round(waited if waited is not None else WAIT_S, 1))
    return error


@contextmanager
def mapped() -> Iterator[None]:
    """Turn a busy/locked error raised inside into ``StoreError('error.db_busy')``."""
    try:
        yield
    except (peewee.DatabaseError, sqlite3.Error) as exc:
        if is_busy(exc):
            raise busy_error(exc) from exc
        raise


class HallSqliteDatabase(peewee.SqliteDatabase):
    """peewee's SQLite database, waiting for other counters and never letting "database is
    locked" out as a driver error (see the module docstring)."""

    def init(self, database, pragmas=None, timeout=None, **kwargs):
        wait = WAIT_S if timeout is None else float(timeout)
        if pragmas is None:            # peewee's __init__ keeps them aside before init()
            pragmas = getattr(self, "_pragmas", None) or ()
        if isinstance(pragmas, dict):
            pragmas = list(pragmas.items())
        pragmas = [(k, v) for k, v in pragmas if k != "busy_timeout"]
        pragmas.append(("busy_timeout", int(wait * 1000)))
        self.busy_wait_s = wait
        super().init(database, pragmas=pragmas, timeout=wait, **kwargs)

    def set_busy_wait(self, seconds: float) -> None:
        """Change the bound for this database's connections, including the open one(s) of
        this thread (other threads' open connections keep theirs until they reconnect)."""
        self.busy_wait_s = float(seconds)
        self._timeout = float(seconds)
        self._pragmas = [(k, v) for k, v in self._pragmas if k != "busy_timeout"]
        self._pragmas.append(("busy_timeout", int(seconds * 1000)))
        if not self.is_closed():
            self.connection().execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")

    def _retrying(self, call, *args):
        """Run ``call`` (which has no effect when it fails busy), retrying until the bound."""
        start = time.monotonic()
        pause = 0.01
        while True:
            try:
                return call(*args)
            except (peewee.OperationalError, sqlite3.OperationalError) as exc:
                if not is_busy(exc):
                    raise
                waited = time.monotonic() - start
                if waited + pause >= self.busy_wait_s:
                    raise busy_error(exc, waited) from exc
                time.sleep(pause)
                pause = min(pause * 2, 0.25)

    def _connect(self):
        with mapped():          # the pragmas at connect time wait on the same bound
            return super()._connect()

    def begin(self, lock_type=None):
        return self._retrying(super().begin, lock_type)

    def execute_sql(self, sql, params=None):
        if self.transaction_depth() == 0:
            # a single autocommit statement either happened or not: safe to try again
            return self._retrying(super().execute_sql, sql, params)
        with mapped():
            return super().execute_sql(sql, params)

    def commit(self):
        with mapped():
            return super().commit()


def set_wait(seconds: float, database: peewee.Database | None = None) -> None:
    """Set the bound for databases opened from now on and for ``database`` (default: the one
    the models are bound to)."""
    global WAIT_S
    WAIT_S = float(seconds)
    if database is None:
        from hall_desk.store.models import db

        database = db.obj
    if isinstance(database, HallSqliteDatabase):
        database.set_busy_wait(seconds)
