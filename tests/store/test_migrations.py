"""Schema versions: every released schema's file opens and upgrades; steps are atomic and the
SQLite file is copied aside before a migration."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playhouse.migrate import SchemaMigrator, migrate as run_migration
from peewee import CharField

from hall_desk.core.chain import GENESIS
from hall_desk.services import tickets
from hall_desk.services.context import Actor
from hall_desk.store import migrations
from hall_desk.store.connection import close_database, open_database
from hall_desk.store.models import Staff, Ticket, TicketEvent

DATA = Path(__file__).resolve().parent.parent / "data"
RELEASED = sorted(DATA.glob("schema_v*.sqlite3"))


def test_a_fixture_exists_for_every_released_version():
    versions = {int(p.stem.split("_v")[1]) for p in RELEASED}
    assert versions == set(range(1, migrations.SCHEMA_VERSION + 1))


@pytest.mark.parametrize("fixture", RELEASED, ids=lambda p: p.stem)
def test_released_database_upgrades_and_works(fixture, tmp_path):
    path = tmp_path / "hall.sqlite3"
    shutil.copy(fixture, path)
    database = open_database(path=path)
    try:
        assert migrations.current_version(database) == migrations.SCHEMA_VERSION
        before = Ticket.select().count()
        assert before >= 20
        prev = GENESIS
        for event in TicketEvent.select().order_by(TicketEvent.id):
            assert event.prev_hash == prev
            prev = event.hash
        clerk = Staff.get(Staff.login == "liuyang")
        actor = Actor(clerk.id, clerk.name, clerk.role, "A1")
        tickets.register(actor, {"kind": "consultation", "content": "升级后还能登记吗？"})
        assert Ticket.select().count() == before + 1
    finally:
        close_database()


def test_a_new_step_runs_once_atomically_after_a_backup(tmp_path, monkeypatch):
    path = tmp_path / "hall.sqlite3"
    database = open_database(path=path)

    def step_2(db):
        run_migration(SchemaMigrator.from_database(db).add_column(
            "ticket", "extra_note", CharField(default="")))

    def broken_step_3(db):
        run_migration(SchemaMigrator.from_database(db).add_column(
            "ticket", "half_done", CharField(default="")))
        raise RuntimeError("power cut in the middle of a migration")

    monkeypatch.setitem(migrations.STEPS, 2, step_2)
    assert migrations.migrate(database, backup_path=path, target=2) == 1
    assert (tmp_path / "hall.sqlite3.bak-v1").exists()
    assert migrations.current_version(database) == 2
    assert "extra_note" in [c.name for c in database.get_columns("ticket")]

    monkeypatch.setitem(migrations.STEPS, 3, broken_step_3)
    with pytest.raises(RuntimeError):
        migrations.migrate(database, backup_path=path, target=3)
    assert migrations.current_version(database) == 2
    assert "half_done" not in [c.name for c in database.get_columns("ticket")]
    close_database()
