"""Write tests/data/schema_vN.sqlite3: a small demo hall made by the current schema.

Run once for every released schema version (never overwrite an older file):
    python scripts/make_schema_fixture.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from hall_desk.services import demo
from hall_desk.store.connection import close_database, open_database
from hall_desk.store.migrations import SCHEMA_VERSION

target = Path(__file__).resolve().parent.parent / "tests" / "data" / f"schema_v{SCHEMA_VERSION}.sqlite3"
if target.exists():
    sys.exit(f"{target} exists: a released schema's fixture is never rewritten")
database = open_database(path=target)
demo.fill(20, seed=1)
database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
database.execute_sql("PRAGMA journal_mode=DELETE")   # one self-contained file
database.execute_sql("VACUUM")
close_database()
print(target)
