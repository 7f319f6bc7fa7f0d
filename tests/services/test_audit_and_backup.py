"""Evidence chains catch every hand edit in the database; backups restore what was saved."""

from __future__ import annotations

import sqlite3
from datetime import datetime

import pytest

from hall_desk import cli as cli_module
from hall_desk.cli import run
from hall_desk.core.enums import Role
from hall_desk.core.errors import HallError
from hall_desk.services import audit, backup, demo, lifecycle, records, tickets
from hall_desk.services.context import Actor
from hall_desk.store.connection import close_database, open_database
from hall_desk.store.models import Staff, Ticket, TicketEvent


def as_admin(rt) -> Actor:
    s = Staff.get(Staff.login == "admin")
    return Actor(s.id, s.name, Role(s.role), "A1", s.login)


def filled(hall):
    t = tickets.register(hall["liuyang"], {"kind": "complaint", "customer_name": "周九",
                                           "phone": "13500001111", "content": "c", "demand": "d"})
    t = lifecycle.act(hall["wangli"], t.id, t.version, "judge_valid", {"reason": "属实"})
    records.sign(hall["liuyang"], t.id, role="customer", signer_name="周九", image_png=b"png")
    from hall_desk.services import duty

    duty.add(hall["liuyang"], kind="note", text="开门前检查叫号机")
    return t


def test_intact_chains(hall):
    filled(hall)
    reports = audit.verify()
    assert [r.chain for r in reports] == ["ticket_event", "duty_log", "signature", "handover",
                                          "state", "state_rows", "ticket_row", "attachment"]
    assert all(r.ok for r in reports), [r.message() for r in reports]
    assert reports[0].rows >= 2 and reports[1].rows >= 1 and reports[2].rows == 1


@pytest.mark.parametrize("tamper", ["edit", "delete_middle", "delete_last", "reorder",
                                    "edit_signature", "edit_duty"])
def test_every_tampering_is_caught(hall, tamper):
    t = filled(hall)
    t2 = tickets.register(hall["liuyang"], {"kind": "consultation", "content": "第二张"})
    lifecycle.add_note(hall["liuyang"], t2.id, "备注")
    events = list(TicketEvent.select().order_by(TicketEvent.id))
    database = Ticket._meta.database
    if tamper == "edit":
        database.execute_sql("UPDATE ticket_event SET note = 'x' WHERE id = %s"
                             % events[1].id)
    elif tamper == "delete_middle":
        database.execute_sql("DELETE FROM ticket_event WHERE id = %s" % events[1].id)
    elif tamper == "delete_last":
        database.execute_sql("DELETE FROM ticket_event WHERE id = %s" % events[-1].id)
    elif tamper == "reorder":
        a, b = events[1], events[2]
        database.execute_sql("UPDATE ticket_event SET id = -1 WHERE id = %s" % a.id)
        database.execute_sql("UPDATE ticket_event SET id = %s WHERE id = %s" % (a.id, b.id))
        database.execute_sql("UPDATE ticket_event SET id = %s WHERE id = -1" % b.id)
    elif tamper == "edit_signature":
        database.execute_sql("UPDATE signature SET signer_name = '别人'")
    else:
        database.execute_sql("UPDATE duty_log_entry SET text = '改过'")
    reports = {r.chain: r for r in audit.verify()}
    chain = {"edit_signature": "signature", "edit_duty": "duty_log"}.get(tamper, "ticket_event")
    assert not reports[chain].ok
    assert "链" in reports[chain].message() or "不符" in reports[chain].message()


def test_backup_change_restore_compare(tmp_path, capsys, monkeypatch):
    db = tmp_path / "hall.sqlite3"
    config = ["--db", str(db), "--user", "admin"]
    monkeypatch.setenv("HALL_DESK_PIN", "000000")    # the demo administrator

    def cli(*args):
        try:
            return run([*config, *args])
        finally:
            close_database()

    assert cli("demo", "--tickets", "15") == 0
    open_database(path=db)
    before = sorted(Ticket.select(Ticket.number, Ticket.version).tuples())
    close_database()
    folder = tmp_path / "usb"
    assert cli("backup", str(folder), "--keep", "2") == 0
    copy = capsys.readouterr().out.strip().splitlines()[-1]
    # a change after the backup
    open_database(path=db)
    Ticket.update(demand="备份后改的").execute()
    close_database()
    assert cli("restore", copy) == 2                      # not interactive: needs --yes
    assert "--yes" in capsys.readouterr().err
    assert cli("restore", copy, "--yes") == 0
    open_database(path=db)
    assert sorted(Ticket.select(Ticket.number, Ticket.version).tuples()) == before
    assert Ticket.select().where(Ticket.demand == "备份后改的").count() == 0
    close_database()
    assert list(tmp_path.glob("hall.sqlite3.before-restore-*"))
    assert cli("audit", "verify") == 0
    # rotation keeps the newest N
    for minute in range(3):
        backup.backup(db, folder, keep=2, at=datetime(2026, 11, 23, 10, minute))
    assert len(list(folder.glob("hall_desk-*.sqlite3"))) == 2


def test_restore_refuses_a_bad_copy(tmp_path):
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"not a database" * 100)
    with pytest.raises(HallError):
        backup.check_copy(bad)
    empty = tmp_path / "empty.sqlite3"
    sqlite3.connect(str(empty)).close()
    with pytest.raises(HallError):
        backup.restore(Actor(1, "管理员", Role.ADMIN, "A1", "admin"), empty,
                       tmp_path / "hall.sqlite3")
    assert not (tmp_path / "hall.sqlite3").exists()


def test_audit_cli_exits_1_on_a_broken_chain(tmp_path, capsys):
    db = tmp_path / "a.sqlite3"
    assert run(["--db", str(db), "demo", "--tickets", "5"]) == 0
    close_database()
    con = sqlite3.connect(str(db))
    con.execute("UPDATE ticket_event SET note = 'forged' WHERE id = 3")
    con.commit()
    con.close()
    capsys.readouterr()
    assert run(["--db", str(db), "audit", "verify"]) == 1
    close_database()
    out = capsys.readouterr().out
    assert "第 3 号记录" in out
