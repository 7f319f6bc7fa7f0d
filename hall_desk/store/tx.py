"""Write transactions that behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

import peewee

from hall_desk.store.models import db


def write_transaction():
    """A transaction that is going to write.

    On SQLite it starts with ``BEGIN IMMEDIATE``: the write lock is taken at the start, so a
    second counter waits on the busy timeout instead of failing half-way with "database is
    locked" when its read lock cannot be upgraded. Nested calls become savepoints."""
    inner = db.obj
    if isinstance(inner, peewee.SqliteDatabase) and inner.transaction_depth() == 0:
        return inner.atomic("IMMEDIATE")
    return db.atomic()
