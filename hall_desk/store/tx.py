"""Write transactions that behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

from contextlib import contextmanager

import peewee

from hall_desk.store import busy, opencheck
from hall_desk.store.models import db


@contextmanager
def write_transaction():
    """A transaction that is going to write.

    On SQLite it starts with ``BEGIN IMMEDIATE``: the write lock is taken at the start, so a
    second counter waits on the busy timeout instead of failing half-way with "database is
    locked" when its read lock cannot be upgraded. Nested calls become savepoints.

    If the lock does not come free within the bound (``store.busy``), or PostgreSQL reports a
    deadlock or lock timeout, the transaction is rolled back whole and the caller gets
    ``StoreError("error.db_busy")``, a message for the clerk, never the driver's error."""
    opencheck.confirm_sound()        # never into a file whose quick_check has not passed
    inner = db.obj
    if isinstance(inner, peewee.SqliteDatabase) and inner.transaction_depth() == 0:
        atomic = inner.atomic("IMMEDIATE")
    else:
        atomic = db.atomic()
    with busy.mapped(), atomic as txn:
        yield txn
