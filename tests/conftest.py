"""Shared fixtures: a real database file per test, a PostgreSQL database per test when a
server is reachable, a set-up hall with staff, and the ``gui`` marker for Qt tests."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from hall_desk.core import auth, i18n

PG_ENV = "HALL_DESK_TEST_PG_URL"
IN_CI = os.environ.get("CI", "").lower() == "true"


def pytest_collection_modifyitems(config, items):
    for item in items:
        parts = Path(str(item.fspath)).parts
        if "ui" in parts or "e2e" in parts:
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def _fast_and_isolated(monkeypatch, tmp_path):
    """Cheap PIN hashing (the real cost is tested on its own), Chinese by default, and this
    PC's config and data folders inside the test's temp dir."""
    monkeypatch.setattr(auth, "_N", 2**8)
    monkeypatch.setenv("HALL_DESK_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    monkeypatch.delenv("HALL_DESK_DB", raising=False)
    monkeypatch.delenv("HALL_DESK_DATABASE_URL", raising=False)
    i18n.set_language("zh")
    from hall_desk.services import deadlines

    deadlines.forget()
    yield
    deadlines.forget()
    i18n.set_language("zh")


@pytest.fixture
def db_path(tmp_path):
    from hall_desk.store.connection import close_database, open_database

    path = tmp_path / "hall.sqlite3"
    open_database(path=path)
    yield path
    close_database()


def _pg_admin_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        if IN_CI:
            pytest.fail(f"CI=true but {PG_ENV} is not set: the PostgreSQL tests must run in CI")
        pytest.skip(f"no PostgreSQL server: set {PG_ENV}=postgresql://user@host:port/db to run")
    return url


@pytest.fixture
def pg_url():
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    import psycopg2

    admin_url = _pg_admin_url()
    name = "hall_test_" + uuid.uuid4().hex[:12]
    try:
        conn = psycopg2.connect(admin_url)
    except psycopg2.OperationalError as exc:
        if IN_CI:
            pytest.fail(f"PostgreSQL at {PG_ENV} not reachable in CI: {exc}")
        pytest.skip(f"PostgreSQL at {PG_ENV} not reachable: {exc}")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
    base = admin_url.rsplit("/", 1)[0]
    yield f"{base}/{name}"
    from hall_desk.store.connection import close_database

    close_database()
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    """The models bound to a fresh database: a SQLite file, then PostgreSQL."""
    from hall_desk.store.connection import close_database, open_database

    if request.param == "sqlite":
        database = open_database(path=tmp_path / "hall.sqlite3")
        yield database
        close_database()
    else:
        url = request.getfixturevalue("pg_url")
        yield open_database(url=url)


@pytest.fixture
def hall(store):
    """A set-up hall with the demo staff (no tickets). Returns {login: Actor}."""
    from hall_desk.core.enums import Role
    from hall_desk.services import demo
    from hall_desk.services.context import Actor
    from hall_desk.store.models import Staff

    demo.ensure_demo_hall()
    return {s.login: Actor(s.id, s.name, Role(s.role), demo.DEMO_COUNTER, s.login)
            for s in Staff.select()}
