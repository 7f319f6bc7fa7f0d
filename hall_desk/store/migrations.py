"""The schema ladder. Each step is one atomic transaction and sets the version it reaches.

Rule for later steps: never edit a released step; add ``if version < N:`` below the last one,
using ``playhouse.migrate`` so that the same step runs on SQLite and PostgreSQL, and keep a
database file made by the released schema under ``tests/data`` to test the upgrade from it.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path

import peewee

from hall_desk.core.errors import StoreError
from hall_desk.core.chain import GENESIS
from hall_desk.store.models import ALL_MODELS, ChainHead, Setting

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
_KEY = "schema_version"


def current_version(database: peewee.Database) -> int:
    if not database.table_exists(Setting._meta.table_name):
        return 0
    row = Setting.get_or_none(Setting.key == _KEY)
    return int(json.loads(row.value)) if row else 0


def _set_version(version: int) -> None:
    Setting.insert(key=_KEY, value=json.dumps(version)).on_conflict(
        conflict_target=[Setting.key], update={Setting.value: json.dumps(version)}).execute()


def backup_sqlite(path: Path, version: int) -> Path:
    """A consistent copy of the SQLite file (online backup API) beside it, before migrating."""
    target = path.with_name(f"{path.name}.bak-v{version}")
    src = sqlite3.connect(str(path))
    try:
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return target


def migrate(database: peewee.Database, *, backup_path: Path | None = None) -> int:
    """Bring the schema to SCHEMA_VERSION; returns the version found before."""
    found = current_version(database)
    if found > SCHEMA_VERSION:
        raise StoreError("error.schema_newer", found=found, supported=SCHEMA_VERSION)
    if found == SCHEMA_VERSION:
        return found
    if found > 0 and backup_path is not None and backup_path.exists():
        copy = backup_sqlite(backup_path, found)
        log.info("copied the database to %s before migrating from v%d", copy, found)

    version = found
    if version < 1:
        with database.atomic():
            database.create_tables(ALL_MODELS, safe=True)
            for chain in ("ticket_event", "duty_log", "signature"):
                ChainHead.insert(name=chain, hash=GENESIS, length=0).on_conflict_ignore().execute()
            _set_version(1)
        version = 1
    # if version < 2:
    #     with database.atomic():
    #         migrator = SchemaMigrator.from_database(database)
    #         migrate(migrator.add_column(...))
    #         _set_version(2)
    #     version = 2
    log.info("database schema: v%d -> v%d", found, version)
    return found
