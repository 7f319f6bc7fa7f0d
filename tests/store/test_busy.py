"""Another counter holds the write lock: a save waits and retries within the bound and then
succeeds, or, if the lock is held longer, fails whole with a clear message (``error.db_busy``,
Chinese and English), never with "database is locked" from the driver."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest

from hall_desk.core.errors import StoreError
from hall_desk.services import drafts, tickets
from hall_desk.store import busy
from hall_desk.store.models import ChainHead, Staff, Ticket, TicketEvent, db

FORM = {"kind": "complaint", "customer_name": "王芳", "phone": "13800138000",
        "content": "营业厅排队太久", "demand": "增加窗口"}


@pytest.fixture
def short_wait(monkeypatch):
    """A bound of 0.4 s instead of 15 s, put back afterwards."""
    monkeypatch.setattr(busy, "WAIT_S", busy.WAIT_S)
    busy.set_wait(0.4)
    yield 0.4
    if db.obj is not None:
        busy.set_wait(15)


@pytest.fixture
def store(tmp_path):
    """SQLite's write lock here; PostgreSQL is tested below with a row lock."""
    from hall_desk.store.connection import close_database, open_database

    database = open_database(path=tmp_path / "hall.sqlite3")
    assert isinstance(database, busy.HallSqliteDatabase)
    yield database
    close_database()


@pytest.fixture
def sqlite_hall(hall):
    return hall


def hold_write_lock(path: str) -> sqlite3.Connection:
    """Another counter in the middle of a write: it has the lock and does not let go."""
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    return other


def test_lock_held_longer_than_the_bound_is_a_clear_message(sqlite_hall, store, short_wait):
    actor = sqlite_hall["liuyang"]
    kept = tickets.register(actor, FORM)
    other = hold_write_lock(store.database)
    try:
        started = time.monotonic()
        with pytest.raises(StoreError) as info:
            tickets.register(actor, FORM)
        waited = time.monotonic() - started
        assert info.value.key == "error.db_busy"
        assert info.value.message("zh") == "数据库正忙（其他柜台正在写入），请稍后重试"
        assert "busy" in info.value.message("en") and "locked" not in info.value.message("en")
        assert short_wait * 0.9 <= waited < short_wait + 3          # it waited, within bound
        # a change, a draft and a plain autocommit write say the same
        with pytest.raises(StoreError, match="数据库正忙"):
            tickets.update(actor, kept.id, kept.version, {"summary": "改"})
        with pytest.raises(StoreError, match="数据库正忙"):
            drafts.save(actor, "intake", {"content": "正在输入"})
        with pytest.raises(StoreError, match="数据库正忙"):
            Staff.update(failed_logins=0).where(Staff.login == "liuyang").execute()
    finally:
        other.rollback()
        other.close()
    # nothing half-written, and the next save goes through
    assert Ticket.select().count() == 1 == TicketEvent.select().count()
    assert ChainHead.get(ChainHead.name == "ticket_event").length == 1
    again = tickets.update(actor, kept.id, kept.version, {"summary": "改"})
    assert again.version == 2


def test_lock_released_within_the_bound_waits_and_saves(sqlite_hall, store, monkeypatch):
    monkeypatch.setattr(busy, "WAIT_S", busy.WAIT_S)
    busy.set_wait(5)
    other = hold_write_lock(store.database)
    threading.Timer(0.4, lambda: (other.commit(), other.close())).start()
    started = time.monotonic()
    ticket = tickets.register(sqlite_hall["liuyang"], FORM)
    waited = time.monotonic() - started
    assert ticket.number and 0.3 <= waited < 5
    assert TicketEvent.select().where(TicketEvent.ticket == ticket.id).count() == 1
    busy.set_wait(15)


def test_busy_begin_that_skips_the_busy_handler_is_retried(sqlite_hall, store, monkeypatch,
                                                           short_wait):
    """SQLite may answer BUSY at once (WAL recovery): the BEGIN is tried again in the bound."""
    import peewee

    calls = []
    real_begin = peewee.SqliteDatabase.begin

    def flaky(self, lock_type=None):
        calls.append(lock_type)
        if len(calls) < 3:
            raise peewee.OperationalError("database is locked")
        return real_begin(self, lock_type)

    monkeypatch.setattr(peewee.SqliteDatabase, "begin", flaky)
    assert tickets.register(sqlite_hall["liuyang"], FORM).number
    assert calls == ["IMMEDIATE"] * 3


def test_other_database_errors_are_not_called_busy():
    assert not busy.is_busy(sqlite3.OperationalError("no such table: ticket"))
    assert busy.is_busy(sqlite3.OperationalError("database is locked"))


def test_postgres_lock_timeout_is_the_same_clear_message(pg_url):
    """PostgreSQL: another counter holds the chain head's row lock past a lock timeout."""
    import psycopg2

    from hall_desk.services import demo
    from hall_desk.services.context import Actor
    from hall_desk.core.enums import Role
    from hall_desk.store.connection import open_database

    database = open_database(url=pg_url)
    demo.ensure_demo_hall()
    s = Staff.get(Staff.login == "liuyang")
    actor = Actor(s.id, s.name, Role(s.role), demo.DEMO_COUNTER, s.login)
    tickets.register(actor, FORM)
    other = psycopg2.connect(pg_url)
    try:
        with other.cursor() as cur:
            cur.execute("SELECT hash FROM chain_head WHERE name = 'ticket_event' FOR UPDATE")
        database.execute_sql("SET lock_timeout = '300ms'")
        with pytest.raises(StoreError) as info:
            tickets.register(actor, FORM)
        assert info.value.key == "error.db_busy"
    finally:
        other.rollback()
        other.close()
    assert Ticket.select().count() == 1 == TicketEvent.select().count()
    assert tickets.register(actor, FORM).number


def test_the_app_pragmas_stay_with_the_bound(store, short_wait):
    """WAL, synchronous=FULL and foreign keys are kept when the bound is set or changed."""
    def pragma(name):
        return store.execute_sql(f"PRAGMA {name}").fetchone()[0]

    assert (pragma("journal_mode"), pragma("synchronous"), pragma("foreign_keys")) == ("wal", 2, 1)
    assert pragma("busy_timeout") == 400
    store.close()
    store.connect()                               # a new connection gets the same
    assert (pragma("journal_mode"), pragma("synchronous"), pragma("busy_timeout")) == ("wal", 2, 400)
