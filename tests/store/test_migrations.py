"""Schema versions: every released schema's file opens and upgrades; steps are atomic and the
SQLite file is copied aside before a migration."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from playhouse.migrate import SchemaMigrator, migrate as run_migration
from peewee import CharField

from hall_desk.core.chain import GENESIS
from hall_desk.services import tickets
from hall_desk.services.context import Actor
from hall_desk.store import migrations
from hall_desk.store.connection import close_database, open_database
from hall_desk.store.models import STATISTICS_INDEX, Staff, Ticket, TicketEvent

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

    nxt = migrations.SCHEMA_VERSION + 1

    def step_next(db):
        run_migration(SchemaMigrator.from_database(db).add_column(
            "ticket", "extra_note", CharField(default="")))

    def broken_step(db):
        run_migration(SchemaMigrator.from_database(db).add_column(
            "ticket", "half_done", CharField(default="")))
        raise RuntimeError("power cut in the middle of a migration")

    monkeypatch.setitem(migrations.STEPS, nxt, step_next)
    assert migrations.migrate(database, backup_path=path, target=nxt) == nxt - 1
    assert (tmp_path / f"hall.sqlite3.bak-v{nxt - 1}").exists()
    assert migrations.current_version(database) == nxt
    assert "extra_note" in [c.name for c in database.get_columns("ticket")]

    monkeypatch.setitem(migrations.STEPS, nxt + 1, broken_step)
    with pytest.raises(RuntimeError):
        migrations.migrate(database, backup_path=path, target=nxt + 1)
    assert migrations.current_version(database) == nxt
    assert "half_done" not in [c.name for c in database.get_columns("ticket")]
    close_database()


def test_upgrading_v1_works_out_the_stored_deadlines_of_every_ticket(tmp_path):
    from hall_desk.runtime import _finish_upgrade
    from hall_desk.services import deadlines, settings
    from hall_desk.store.models import TicketDeadline

    path = tmp_path / "hall.sqlite3"
    shutil.copy(DATA / "schema_v1.sqlite3", path)
    database = open_database(path=path)
    try:
        indexed = {tuple(i.columns) for i in database.get_indexes("ticket")}
        assert STATISTICS_INDEX in indexed         # v2's covering index, grown by v16
        assert TicketDeadline.select().count() == 0
        assert not settings.get(migrations.DEADLINE_ROWS_KEY, False)
        _finish_upgrade()
        assert settings.get(migrations.DEADLINE_ROWS_KEY) is True
        stored = {(r.ticket_id, r.rule): (r.due_at, r.met_at) for r in TicketDeadline.select()}
        expected = {}
        for ticket in Ticket.select():
            for rule, due, met in deadlines.judge_ticket(ticket).rated:
                expected[(ticket.id, rule)] = (due, met)
        assert stored == expected and len(stored) >= Ticket.select().count()
        # the rows carry the ticket's receipt, department and responsible person
        row = TicketDeadline.select().first()
        ticket = Ticket.get_by_id(row.ticket_id)
        assert (row.received_at, row.department_id) == (ticket.received_at, ticket.department_id)
        assert row.responsible_id == (ticket.handler_a_id or ticket.first_receiver_id)
    finally:
        close_database()


def test_a_new_hall_needs_no_filling(tmp_path):
    from hall_desk.services import settings

    open_database(path=tmp_path / "new.sqlite3")
    try:
        assert settings.get(migrations.DEADLINE_ROWS_KEY) is True
    finally:
        close_database()


def test_step_4_adds_the_hall_s_day_to_a_v3_database(tmp_path):
    """v3 → v4: the 一日管理 tables appear, a day opens and ticks on the upgraded file, and
    the audit chains (with the day's new ``daily:`` scope) still verify."""
    from datetime import datetime

    from hall_desk.services import audit, daily
    from hall_desk.services.context import clock
    from hall_desk.store.models import DailyDay, DailyItem

    path = tmp_path / "hall.sqlite3"
    shutil.copy(DATA / "schema_v3.sqlite3", path)
    database = open_database(path=path)
    try:
        assert migrations.current_version(database) == migrations.SCHEMA_VERSION
        assert {"daily_day", "daily_item"} <= set(database.get_tables())
        assert (tmp_path / "hall.sqlite3.bak-v3").exists()
        clerk = Staff.get(Staff.login == "liuyang")
        actor = Actor(clerk.id, clerk.name, clerk.role, "A1", clerk.login)
        with clock(lambda: datetime(2026, 11, 25, 8, 30)):
            day = daily.open_day(actor)
            daily.tick(actor, daily.items(day.id)[0].id)
        assert DailyDay.select().count() == 1 and DailyItem.select().count() > 20
        assert all(r.ok for r in audit.verify()), [r.message() for r in audit.verify()]
    finally:
        close_database()


def test_step_5_adds_the_refusal_basis_and_callback_window_to_a_v4_database(tmp_path):
    """v4 → v5: the ticket's ``refusal_basis`` and ``callback_window`` columns appear, empty on
    the old rows (any time, no basis), and the chains still verify."""
    from hall_desk.services import audit
    from hall_desk.store.models import Ticket

    path = tmp_path / "hall.sqlite3"
    shutil.copy(DATA / "schema_v4.sqlite3", path)
    database = open_database(path=path)
    try:
        assert migrations.current_version(database) == migrations.SCHEMA_VERSION
        columns = {c.name for c in database.get_columns("ticket")}
        assert {"refusal_basis", "callback_window"} <= columns
        rows = list(Ticket.select(Ticket.refusal_basis, Ticket.callback_window))
        assert rows and all(r.refusal_basis == "" and r.callback_window == "" for r in rows)
        assert all(r.ok for r in audit.verify()), [r.message() for r in audit.verify()]
    finally:
        close_database()


def test_search_step_fills_number_tails_and_last_four_of_a_v4_database(tmp_path):
    """v4 → the search step: every ticket gets its reversed number and, unless anonymous, the
    last four digits of its phone; the queue finds old tickets by both; the audit holds."""
    from hall_desk.services import audit, queue

    path = tmp_path / "hall.sqlite3"
    shutil.copy(DATA / "schema_v4.sqlite3", path)
    database = open_database(path=path)
    try:
        rows = list(Ticket.select())
        assert rows
        for t in rows:
            assert t.number_reversed == t.number[::-1]
            assert t.phone_last4 == ("" if t.anonymous else t.phone_key[-4:])
        assert any(t.phone_last4 for t in rows)
        leading = {i.columns[0] for i in database.get_indexes("ticket")}
        assert {"phone_last4", "number_reversed"} <= leading      # v15: the tail's index
        clerk = Staff.get(Staff.login == "liuyang")
        actor = Actor(clerk.id, clerk.name, clerk.role, "A1", clerk.login)
        named = next(t for t in rows if t.phone_last4)
        found = queue.page(queue.QueueFilter(statuses=[], search=named.phone_last4), actor)
        assert named.number in {r.number for r in found}
        found = queue.page(queue.QueueFilter(statuses=[], search=named.number[-7:]), actor)
        assert named.number in {r.number for r in found}
        assert all(r.ok for r in audit.verify()), [r.message() for r in audit.verify()]
    finally:
        close_database()


def test_step_7_adds_the_untick_history_to_a_v6_database(tmp_path):
    """v6 → v7: ``daily_item.history`` appears empty, the days written before still verify in
    the audit (an empty history is not hashed), and a tick undone on the upgraded file is
    kept in it."""
    from datetime import datetime

    from hall_desk.services import audit, daily
    from hall_desk.services.context import clock
    from hall_desk.store.models import DailyItem

    path = tmp_path / "hall.sqlite3"
    shutil.copy(DATA / "schema_v6.sqlite3", path)
    database = open_database(path=path)
    try:
        assert migrations.current_version(database) == migrations.SCHEMA_VERSION
        assert "history" in {c.name for c in database.get_columns("daily_item")}
        assert DailyItem.select().count() > 0
        assert all(i.history == "" for i in DailyItem.select())
        assert all(r.ok for r in audit.verify()), [r.message() for r in audit.verify()]
        clerk = Staff.get(Staff.login == "liuyang")
        actor = Actor(clerk.id, clerk.name, clerk.role, "A1", clerk.login)
        with clock(lambda: datetime(2026, 12, 24, 8, 30)):
            day = daily.open_day(actor)
            item = daily.tick(actor, daily.items(day.id)[0].id)
            undone = daily.untick(actor, item.id)
        assert undone.status == "open" and "撤销勾选" in undone.history
        assert all(r.ok for r in audit.verify()), [r.message() for r in audit.verify()]
    finally:
        close_database()


def test_step_9_chains_the_lists_of_a_v6_database_and_keeps_them(tmp_path):
    """v6 → v9: the hall keeps its departments, categories and counters as they were (the
    shipped lists are not applied again); departments get an empty English name, counters
    are in use, and every row is on the state chain from the migration."""
    from hall_desk.services import audit
    from hall_desk.store.models import Category, Counter, Department, StateEvent

    path = tmp_path / "hall.sqlite3"
    shutil.copy(DATA / "schema_v6.sqlite3", path)
    import sqlite3

    con = sqlite3.connect(str(path))
    before = con.execute("SELECT code, name FROM category ORDER BY id").fetchall()
    con.close()
    database = open_database(path=path)
    try:
        assert migrations.current_version(database) == migrations.SCHEMA_VERSION
        assert [(c.code, c.name) for c in Category.select().order_by(Category.id)] == before
        assert all(d.name_en == "" for d in Department.select())
        assert all(c.active for c in Counter.select())
        chained = {e.scope for e in StateEvent.select().where(StateEvent.origin == "migration")}
        for model, kind in ((Department, "department"), (Category, "category"),
                            (Counter, "counter")):
            assert {f"{kind}:{r.id}" for r in model.select()} <= chained
        assert all(r.ok for r in audit.verify()), [r.message() for r in audit.verify()]
        Department._meta.database.execute_sql("UPDATE department SET name = 'x' WHERE id = 1")
        assert not all(r.ok for r in audit.verify())
    finally:
        close_database()


def test_step_11_adds_who_signed_and_old_signatures_still_verify(tmp_path):
    """v6 → v11: ``signature.signed_by`` appears, '' on the old rows (the chain covers it only
    where set, so their links hold), and a new signature records who."""
    from hall_desk.services import audit, records
    from hall_desk.store.models import Signature

    path = tmp_path / "hall.sqlite3"
    shutil.copy(DATA / "schema_v6.sqlite3", path)
    database = open_database(path=path)
    try:
        assert "signed_by" in {c.name for c in database.get_columns("signature")}
        old = list(Signature.select())
        assert old and all(s.signed_by == "" for s in old)
        assert all(r.ok for r in audit.verify()), [r.message() for r in audit.verify()]
        clerk = Staff.get(Staff.login == "liuyang")
        actor = Actor(clerk.id, clerk.name, clerk.role, "A1")
        ticket = tickets.register(actor, {"kind": "consultation", "content": "升级后签名？",
                                          "customer_name": "周八"})
        assert records.sign(actor, ticket.id, role="customer",
                            signer_name="周八").signed_by == "customer"
        assert all(r.ok for r in audit.verify())
    finally:
        close_database()


def test_step_12_adds_the_hotline_work_order_to_a_v9_database(tmp_path):
    """v9 → v12: every ticket gets a blank hotline source and number (both indexed) and no
    hotline limit; the evidence still verifies, a hotline number written into an older
    ticket behind the program's back is caught, and a new ticket carries one."""
    import sqlite3

    from hall_desk.services import audit, queue

    path = tmp_path / "hall.sqlite3"
    shutil.copy(DATA / "schema_v9.sqlite3", path)
    database = open_database(path=path)
    try:
        assert migrations.current_version(database) == migrations.SCHEMA_VERSION
        rows = list(Ticket.select())
        assert rows and all(t.hotline_source == t.hotline_number == ""
                            and t.hotline_due_at is None for t in rows)
        indexed = {c for i in database.get_indexes("ticket") for c in i.columns}
        assert {"hotline_number", "hotline_number_reversed"} <= indexed
        assert all(r.ok for r in audit.verify()), [r.message() for r in audit.verify()]
        clerk = Staff.get(Staff.login == "liuyang")
        actor = Actor(clerk.id, clerk.name, clerk.role, "A1")
        made = tickets.register(actor, {"kind": "complaint", "customer_name": "张三",
                                        "phone": "13800138000", "content": "电费突增",
                                        "demand": "核查", "hotline_source": "95598",
                                        "hotline_number": "2026112000123"})
        found = queue.page(queue.QueueFilter(search="0123", statuses=[]), actor)
        assert [r.number for r in found] == [made.number]
        assert all(r.ok for r in audit.verify())
    finally:
        close_database()
    con = sqlite3.connect(str(path))
    con.execute("UPDATE ticket SET hotline_number = '999' WHERE id = 1")
    con.commit()
    con.close()
    open_database(path=path)
    try:
        bad = [r for r in audit.verify() if not r.ok]
        assert [r.chain for r in bad] == ["ticket_row"]
        assert "hotline_number" in bad[0].message()
    finally:
        close_database()


def _ticket_indexes(database) -> set[tuple[str, ...]]:
    return {tuple(i.columns) for i in database.get_indexes("ticket")}


def _new_file_indexes(tmp_path) -> set[tuple[str, ...]]:
    """The ticket's indexes in a file made by the current schema."""
    fresh = open_database(path=tmp_path / "new.sqlite3")
    try:
        return _ticket_indexes(fresh)
    finally:
        close_database()


def _upgraded(tmp_path, version: int):
    """The fixture of schema ``version``, copied and opened (so upgraded to the current)."""
    path = tmp_path / "hall.sqlite3"
    shutil.copy(DATA / f"schema_v{version}.sqlite3", path)
    return open_database(path=path)


def test_step_15_leaves_an_upgraded_hall_with_the_indexes_of_a_new_one(tmp_path):
    """v14 → v15: the single-column phone-key and reversed-number indexes are gone (the
    (phone key, received) and tail indexes lead with those columns), and those of foreign
    keys no query looks up by (who approved, reviewed, last changed), the name's initials are
    indexed with the time of receipt; an upgraded file has exactly a new file's indexes, and
    the search and repeat detection still find by phone, number tail and name."""
    from hall_desk.services import queue

    expected = _new_file_indexes(tmp_path)
    database = _upgraded(tmp_path, 14)
    try:
        indexed = _ticket_indexes(database)
        assert indexed == expected
        assert ("phone_key",) not in indexed and ("number_reversed",) not in indexed
        assert ("name_initials",) not in indexed and ("name_initials", "received_at") in indexed
        assert not {("approved_by_id",), ("reviewed_by_id",), ("updated_by_id",)} & indexed
        clerk = Staff.get(Staff.login == "liuyang")
        actor = Actor(clerk.id, clerk.name, clerk.role, "A1")
        form = {"kind": "complaint", "customer_name": "欧阳修远", "phone": "13912345678",
                "content": "电费比上月高出很多", "demand": "核查电费"}
        first = tickets.register(actor, form)
        again = tickets.register(actor, dict(form, kind="consultation", phone=""))   # no phone
        assert Ticket.get_by_id(again.id).repeat_of_id == first.id
        for text in ("13912345678", "5678", first.number[-7:], "oyxy"):
            found = queue.page(queue.QueueFilter(statuses=[], search=text), actor)
            assert first.number in {r.number for r in found}, text
    finally:
        close_database()


def test_step_16_covers_the_statistics_by_business_and_target(tmp_path):
    """v15 → v16: the statistics' covering index holds business type and 投诉对象 kind, and
    replaces v2's and the single received_at index; an upgraded file has exactly a new file's
    indexes, and the counts by business type (with its reply's outcome) are read from the
    index, not from the wide ticket rows."""
    from hall_desk.services import statistics
    from hall_desk.store import statistics_sql

    expected = _new_file_indexes(tmp_path)
    database = _upgraded(tmp_path, 15)
    try:
        indexed = _ticket_indexes(database)
        assert indexed == expected
        assert STATISTICS_INDEX in indexed
        assert STATISTICS_INDEX[:13] not in indexed and ("received_at",) not in indexed
        cohort = statistics.filter_of(date(2020, 1, 1), date(2030, 12, 31)).cohort
        d = statistics_sql.Dialect()
        cond, params = statistics_sql.where(d, cohort)
        plans = {
            "dimensions": f"SELECT t.kind, t.channel, t.cause_class, t.category_id, "
                          f"t.business_type, t.target_kind, COUNT(*) FROM ticket t WHERE {cond} "
                          "GROUP BY 1, 2, 3, 4, 5, 6",
            "business": "SELECT t.business_type, COUNT(*) FROM ticket_deadline x JOIN ticket t "
                        f"ON t.id = x.ticket_id WHERE x.rule = 'reply' AND {cond} GROUP BY 1",
        }
        for name, sql in plans.items():
            plan = " ".join(str(r[-1]) for r in database.execute_sql(
                "EXPLAIN QUERY PLAN " + sql, params).fetchall())
            assert "USING COVERING INDEX" in plan and "SCAN t" not in plan, (name, plan)
        counted = statistics_sql.by_dimensions(d, cohort)
        assert sum(row[-1] for row in counted) == Ticket.select().count() > 0
    finally:
        close_database()
