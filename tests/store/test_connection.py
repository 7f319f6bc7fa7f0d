"""Opening databases: pragmas that make a save durable, URLs, and refusing a newer schema."""

from __future__ import annotations

import pytest

from hall_desk.core.errors import StoreError
from hall_desk.store import migrations
from hall_desk.store.connection import close_database, open_database
from hall_desk.store.models import Setting


def test_sqlite_pragmas(tmp_path):
    database = open_database(path=tmp_path / "sub" / "hall.sqlite3")
    try:
        pragma = lambda name: database.execute_sql(f"PRAGMA {name}").fetchone()[0]
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("synchronous") == 2          # FULL
        assert pragma("busy_timeout") >= 5000
        assert migrations.current_version(database) == migrations.SCHEMA_VERSION
    finally:
        close_database()


def test_sqlite_url(tmp_path):
    database = open_database(url=f"sqlite:///{tmp_path / 'u.sqlite3'}")
    try:
        assert (tmp_path / "u.sqlite3").exists()
        assert database.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        close_database()


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "hall.sqlite3"
    open_database(path=path)
    Setting.update(value="99").where(Setting.key == "schema_version").execute()
    close_database()
    with pytest.raises(StoreError) as info:
        open_database(path=path)
    assert "99" in info.value.message("zh")
    close_database()


def test_unreachable_postgres_is_a_clear_error():
    with pytest.raises(StoreError) as info:
        open_database(url="postgresql://nobody@127.0.0.1:1/none")
    assert "无法打开数据库" in info.value.message("zh")


@pytest.mark.postgres
def test_postgres_schema(pg_url):
    database = open_database(url=pg_url)
    assert migrations.current_version(database) == migrations.SCHEMA_VERSION
    assert "ticket" in database.get_tables()


def test_sqlite_start_does_not_load_the_postgresql_driver():
    """peewee is loaded without psycopg2 (start-up time), whichever module loads it first."""
    import subprocess
    import sys

    code = ("import sys, hall_desk.services.queue, hall_desk.store.connection; "
            "print(sorted(m for m in ('psycopg2', 'psycopg') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


def test_postgresql_url_gets_the_driver_when_opened():
    import peewee

    from hall_desk.store.connection import make_database
    from hall_desk.store.postgres import HallPostgresqlDatabase

    database = make_database(url="postgres://clerk:secret@127.0.0.1:1/hall")
    assert isinstance(database, HallPostgresqlDatabase)
    assert database.database == "hall"
    assert database.connect_params == {"user": "clerk", "password": "secret",
                                       "host": "127.0.0.1", "port": 1}
    assert peewee.psycopg2 is not None      # handed to peewee for its own adapter code
    assert database._adapter.txn_inerror is not None
