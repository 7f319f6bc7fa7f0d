"""The head office's tables: what the halls' packages brought in, every row keyed by its hall.

A database of their own (``ho_*`` tables, bound to :data:`ho_db`, not to the hall's ``db``)
so that a hall's schema stays as it is and one program can read a package into the head
office while nothing of a hall is open. The hall's rows are kept as the package carried
them (JSON text, the hall's own ids): a chain link once (``ho_chain_row``, keyed by hall,
chain and the hall's row id), and the current state of a group of rows that change in place
(``ho_group``: a ticket with its callbacks, a handover with its items, a reception run, a
day, a ticket's record versions, a staff row ...; keyed by hall and the hall's scope name,
replaced by each newer package). ``ho_package`` lists the packages received, ``ho_hall``
each hall with its newest sequence and chain heads.

Schema version: ``ho_schema`` in ``ho_setting``; :func:`open_headoffice` creates what is
missing (there is one version so far).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import peewee
from peewee import (
    AutoField, CharField, DatabaseProxy, DateTimeField, ForeignKeyField, IntegerField, Model,
    TextField,
)

from hall_desk.core.errors import StoreError

ho_db = DatabaseProxy()
SCHEMA = 1


class HoModel(Model):
    class Meta:
        database = ho_db
        legacy_table_names = False


class HoSetting(HoModel):
    key = CharField(primary_key=True, max_length=64)
    value = TextField()


class HoHall(HoModel):
    """A hall known to the head office, by the UUID the hall made for itself."""

    hall_id = CharField(primary_key=True, max_length=36)
    name = CharField(max_length=128, default="")
    first_received_at = DateTimeField()
    last_sequence = IntegerField(default=0)
    last_heads = TextField(default="{}")        # JSON: the heads after its newest package
    last_received_at = DateTimeField(null=True)


class HoPackage(HoModel):
    """A package received: which, when, by whom, its chain heads and counts."""

    id = AutoField()
    hall = ForeignKeyField(HoHall, backref="packages", on_delete="RESTRICT")
    sequence = IntegerField()
    sha256 = CharField(max_length=64)
    created_at = CharField(max_length=32)       # the hall's wall clock, as written
    created_by = CharField(max_length=64, default="")
    received_at = DateTimeField()
    received_by = CharField(max_length=64, default="")
    heads_before = TextField()
    heads_after = TextField()
    counts = TextField()
    file_name = CharField(max_length=255, default="")

    class Meta:
        indexes = ((("hall", "sequence"), True),)


class HoChainRow(HoModel):
    """One link of a hall's hash chain (ticket event, duty-log entry, signature, state
    entry) as the hall wrote it."""

    id = AutoField()
    hall = ForeignKeyField(HoHall, backref="+", on_delete="RESTRICT", index=False)
    chain = CharField(max_length=16)
    row_id = IntegerField()
    sequence = IntegerField()                   # the package that brought it
    data = TextField()

    class Meta:
        indexes = ((("hall", "chain", "row_id"), True),)


class HoGroup(HoModel):
    """The newest state of one group of a hall's rows (``ticket:12``, ``handover:3``,
    ``record:ticket:12``, ``staff:2`` ...), as the hall's newest package holding it carried
    it; ``data`` is JSON (a list of rows, or of tables of rows), "" when the hall deleted it."""

    id = AutoField()
    hall = ForeignKeyField(HoHall, backref="+", on_delete="RESTRICT", index=False)
    scope = CharField(max_length=64)
    sequence = IntegerField()
    data = TextField()

    class Meta:
        indexes = ((("hall", "scope"), True),)


HO_MODELS: list[type[HoModel]] = [HoSetting, HoHall, HoPackage, HoChainRow, HoGroup]


def open_headoffice(*, path: str | Path | None = None, url: str | None = None) -> peewee.Database:
    """Bind the head-office models to a database (PostgreSQL in production, a SQLite file
    for tests and trials) and create the tables that are missing. StoreError when it cannot
    be opened, naming the place (never a password)."""
    from hall_desk.store.connection import make_database

    close_headoffice()
    database = make_database(path=path, url=url)
    try:
        database.connect(reuse_if_open=True)
        ho_db.initialize(database)
        with database.atomic():
            database.create_tables(HO_MODELS, safe=True)
            HoSetting.insert(key="ho_schema", value=str(SCHEMA)).on_conflict_ignore().execute()
    except (peewee.DatabaseError, sqlite3.Error) as exc:
        if not database.is_closed():
            database.close()
        where = path or (url or "").split("@")[-1]
        raise StoreError("error.db_open", detail=f"{where}: {' '.join(str(exc).split())}") \
            from exc
    return database


def close_headoffice() -> None:
    database = ho_db.obj
    if database is not None and not database.is_closed():
        database.close()
