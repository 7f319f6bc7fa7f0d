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

Part 2 (the head office's own views) adds ``ho_ticket``, an index of every hall's tickets
kept up to date by each import (``services.headoffice.index_package``): the queue across
halls, its search, the repeats across halls and the statistics read it alone, each from an
index of its own; ``ho_chain_row.ticket`` (the hall's ticket id of an event or a ticket's
signature) finds a ticket's history; ``ho_staff`` holds the head office's logins.

Schema version: ``ho_schema`` in ``ho_setting``; :func:`open_headoffice` creates what is
missing and brings an older head-office database up (:data:`HO_STEPS`). ``ho_setting``
``role`` = ``head_office`` marks a database made a head office's by ``headoffice init``
(:func:`is_headoffice`): the program opened on it shows the head office's window.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import peewee
from peewee import (
    AutoField, BooleanField, CharField, DatabaseProxy, DateTimeField, ForeignKeyField,
    IntegerField, Model, TextField,
)

from hall_desk.core.errors import StoreError

ho_db = DatabaseProxy()
SCHEMA = 2
ROLE_KEY, ROLE = "role", "head_office"


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
    ticket = IntegerField(null=True)            # schema 2: the hall's ticket id, if any

    class Meta:
        indexes = ((("hall", "chain", "row_id"), True),
                   (("hall", "ticket", "chain", "row_id"), False))


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


class HoTicket(HoModel):
    """Schema 2: every hall's ticket as the head office's queue, search, repeats and
    statistics read it (``core.headoffice.index_columns``), the customer masked; replaced
    by each newer package carrying the ticket."""

    id = AutoField()
    hall = ForeignKeyField(HoHall, backref="+", on_delete="RESTRICT", index=False)
    ticket_id = IntegerField()                  # the hall's own id
    sequence = IntegerField()
    number = CharField(max_length=32, index=True)
    number_reversed = CharField(max_length=32, index=True)
    kind = CharField(max_length=16)
    status = CharField(max_length=16)
    received_at = DateTimeField()
    closed_at = DateTimeField(null=True)
    due_at = DateTimeField(null=True)
    due_key = DateTimeField()                   # due_at, or core.headoffice.NO_LIMIT
    due_rule = CharField(max_length=32, default="")
    late = BooleanField(default=False)
    repeated = BooleanField(default=False)      # same phone at another hall in the window
    anonymous = BooleanField(default=False)
    customer = CharField(max_length=64, default="")     # masked
    phone = CharField(max_length=32, default="")        # masked
    phone_key = CharField(max_length=20, default="")
    phone_last4 = CharField(max_length=4, default="", index=True)
    hotline_source = CharField(max_length=8, default="")
    hotline_number = CharField(max_length=40, default="", index=True)
    hotline_reversed = CharField(max_length=40, default="", index=True)
    summary = TextField(default="")

    class Meta:
        indexes = ((("hall", "ticket_id"), True),
                   (("closed_at", "due_key", "id"), False),   # the open queue by its limit
                   (("due_key", "id"), False),
                   (("hall", "closed_at", "due_key", "id"), False),
                   (("received_at", "id"), False),
                   (("hall", "received_at"), False),          # statistics per hall
                   (("phone_key", "received_at"), False))     # repeats across halls


class HoStaff(HoModel):
    """Schema 2: a head-office login (role ``head_office``); the PIN as ``core.auth`` hashes
    it, five wrong in a row lock the login for fifteen minutes."""

    id = AutoField()
    login = CharField(unique=True, max_length=32)
    name = CharField(max_length=32)
    pin_hash = CharField(max_length=256)
    active = BooleanField(default=True)
    failed_logins = IntegerField(default=0)
    locked_until = DateTimeField(null=True)
    created_at = DateTimeField()


HO_MODELS: list[type[HoModel]] = [HoSetting, HoHall, HoPackage, HoChainRow, HoGroup,
                                  HoTicket, HoStaff]


def _step_2(database: peewee.Database) -> None:
    """Schema 2 (issue #21 part 2): ``ho_chain_row.ticket`` with its index, filled from the
    links already received (events and ticket signatures); the new tables themselves are
    made by ``create_tables``, and ``services.headoffice.reindex`` fills ``ho_ticket``."""
    from playhouse.migrate import SchemaMigrator, migrate

    columns = {c.name for c in database.get_columns("ho_chain_row")}
    if "ticket" not in columns:
        migrate(SchemaMigrator.from_database(database).add_column(
            "ho_chain_row", "ticket", IntegerField(null=True)))
    for row in HoChainRow.select(HoChainRow.id, HoChainRow.data).where(
            HoChainRow.chain.in_(["ticket_event", "signature"])).iterator():
        ticket = link_ticket(json.loads(row.data))
        if ticket is not None:
            HoChainRow.update(ticket=ticket).where(HoChainRow.id == row.id).execute()
    HoSetting.insert(key="ho_reindex", value="1").on_conflict(
        conflict_target=[HoSetting.key], preserve=[HoSetting.value]).execute()


HO_STEPS = {2: _step_2}


def link_ticket(line: dict) -> int | None:
    """The hall's ticket id a chain link belongs to: an event's, a ticket's signature's."""
    row = line.get("row") or {}
    if line.get("kind") == "event":
        return row.get("ticket")
    if line.get("kind") == "signature" and row.get("subject_type") == "ticket":
        return row.get("subject_id")
    return None


def is_headoffice(*, path: str | Path | None = None, url: str | None = None) -> bool:
    """Whether the database is a head office's (``headoffice init`` marked it); a file that
    does not exist is not (nothing is made). Never raises: a database that cannot be
    opened is for the ordinary start to report."""
    from hall_desk.store.connection import make_database

    if path is not None and not Path(path).is_file():
        return False
    try:
        database = make_database(path=path, url=url)
        database.connect(reuse_if_open=True)
        try:
            if "ho_setting" not in database.get_tables():
                return False
            found = database.execute_sql("SELECT value FROM ho_setting WHERE key = "
                                         f"{database.param}", [ROLE_KEY]).fetchone()
            return bool(found and found[0] == ROLE)
        finally:
            database.close()
    except (peewee.DatabaseError, sqlite3.Error, OSError, StoreError):
        return False


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
            if "ho_setting" in database.get_tables():       # an older schema's steps first
                found = HoSetting.get_or_none(HoSetting.key == "ho_schema")
                for step in range(int(found.value) + 1 if found else SCHEMA + 1, SCHEMA + 1):
                    HO_STEPS[step](database)
            database.create_tables(HO_MODELS, safe=True)
            HoSetting.insert(key="ho_schema", value=str(SCHEMA)).on_conflict(
                conflict_target=[HoSetting.key], preserve=[HoSetting.value]).execute()
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
