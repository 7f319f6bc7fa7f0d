"""Shared fixtures: a real database file per test, a PostgreSQL database per test when a
server is reachable, a set-up hall with staff, and the ``gui`` marker for Qt tests."""

from __future__ import annotations

import os
import shutil
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
def db_path(tmp_path, schema_templates):
    from hall_desk.store.connection import close_database, open_database

    path = schema_templates.sqlite_copy(tmp_path / "hall.sqlite3")
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


def _pg_admin() -> tuple[str, "psycopg2.extensions.connection"]:
    """The server's URL and a connection to it that can create and drop databases."""
    import psycopg2

    admin_url = _pg_admin_url()
    try:
        conn = psycopg2.connect(admin_url)
    except psycopg2.OperationalError as exc:
        if IN_CI:
            pytest.fail(f"PostgreSQL at {PG_ENV} not reachable in CI: {exc}")
        pytest.skip(f"PostgreSQL at {PG_ENV} not reachable: {exc}")
    conn.autocommit = True
    return admin_url, conn


def _pg_database(template: str | None = None):
    """A new PostgreSQL database (empty, or a copy of ``template``) with a unique name, so
    that parallel workers and runs never meet; yields its URL and drops it afterwards."""
    admin_url, conn = _pg_admin()
    name = "hall_test_" + uuid.uuid4().hex[:12]
    with conn.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    base = admin_url.rsplit("/", 1)[0]
    yield f"{base}/{name}"
    from hall_desk.store.connection import close_database

    close_database()
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.close()


@pytest.fixture
def pg_url():
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    yield from _pg_database()


class SchemaTemplates:
    """A database of each kind migrated to the current schema, made once per session (once
    per xdist worker) when first needed: ``store`` hands each test a copy instead of running
    every schema step again. A copy is exactly what the steps make of an empty database;
    the steps themselves run in tests/store/test_migrations.py from empty and from every
    released version."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._sqlite: Path | None = None
        self._pg: tuple[str, object] | None = None     # (name, databases' generator)

    def sqlite_copy(self, path: Path) -> Path:
        from hall_desk.store.connection import close_database, open_database

        if self._sqlite is None:
            template = self.folder / "schema.sqlite3"
            open_database(path=template)
            close_database()              # the last connection: the WAL is folded in
            assert not template.with_name(template.name + "-wal").exists()
            self._sqlite = template
        shutil.copyfile(self._sqlite, path)
        return path

    def pg_name(self) -> str:
        from hall_desk.store.connection import close_database, open_database

        if self._pg is None:
            made = _pg_database()
            url = next(made)
            open_database(url=url)
            close_database()              # no session may stay on a template
            self._pg = (url.rsplit("/", 1)[1], made)
        return self._pg[0]

    def close(self) -> None:
        if self._pg is not None:
            next(self._pg[1], None)       # drops it


@pytest.fixture(scope="session")
def schema_templates(tmp_path_factory):
    templates = SchemaTemplates(tmp_path_factory.mktemp("schema"))
    yield templates
    templates.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request, tmp_path, schema_templates):
    """The models bound to a fresh database at the current schema: a SQLite file, then
    PostgreSQL (each a copy of the session's migrated template)."""
    from hall_desk.store.connection import close_database, open_database

    if request.param == "sqlite":
        path = schema_templates.sqlite_copy(tmp_path / "hall.sqlite3")
        database = open_database(path=path)
        database.place = {"path": path}   # for a test that closes it and opens it again
        yield database
        close_database()
    else:
        made = _pg_database(template=schema_templates.pg_name())
        url = next(made)
        database = open_database(url=url)
        database.place = {"url": url}
        yield database
        next(made, None)                  # closes and drops it


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
