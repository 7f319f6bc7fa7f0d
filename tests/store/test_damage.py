"""A damaged database file is found before the damage spreads. 4 KB of a populated file are
overwritten at three places (inside the first page, the middle, the last page); then every
command refuses with the one message "数据库文件已损坏，请从备份恢复" (exit 2, one line, the
file untouched), a backup refuses to copy it, and an administrator can still restore.
Backups: a copy counts only after its integrity check, and ``--keep`` rotation sets a damaged
copy aside instead of deleting a good one."""

from __future__ import annotations

import json
import os
import random
import sqlite3
import sys
import threading
from datetime import datetime
from pathlib import Path

import pytest

from hall_desk import cli
from hall_desk.cli import run
from tests import cli_helpers
from hall_desk.core.enums import Role
from hall_desk.core.errors import HallError, StoreError
from hall_desk.services import backup
from hall_desk.services.context import Actor
from hall_desk.store import failures, migrations
from hall_desk.store.connection import close_database, open_database
from hall_desk.store.models import Staff, Ticket

MESSAGE = "错误：数据库文件已损坏，请从备份恢复"
TICKET = {"kind": "consultation", "content": "损坏后登记"}


@pytest.fixture(scope="module")
def populated(tmp_path_factory):
    """A demo hall with tickets and a good backup of it (made once: the demo takes time)."""
    folder = tmp_path_factory.mktemp("populated")
    path = folder / "hall.sqlite3"
    assert run(["--db", str(path), "demo", "--tickets", "40"]) == 0
    close_database()
    good = backup.backup(path, folder / "good.sqlite3")
    return path, good


@pytest.fixture
def hall(populated, tmp_path):
    path = tmp_path / "hall.sqlite3"
    path.write_bytes(populated[0].read_bytes())
    return path, populated[1]


def page_count(path: Path) -> int:
    con = sqlite3.connect(str(path))
    try:
        return con.execute("PRAGMA page_count").fetchone()[0]
    finally:
        con.close()


def damage(path: Path, where: str) -> None:
    """Overwrite 4 KB with random bytes, and check SQLite itself sees the damage."""
    pages = page_count(path)
    offset = {"first page": 1024, "middle": (pages // 2) * 4096,
              "last page": (pages - 1) * 4096}[where]
    with open(path, "r+b") as fh:
        fh.seek(offset)
        fh.write(random.Random(offset).randbytes(4096))
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        result = con.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        result = str(exc)
    finally:
        con.close()
    assert result != "ok", f"damage at {where} not seen by SQLite"


cli_line = cli_helpers.cli


def refused(capsys, *args) -> str:
    code, out, err = cli_line(capsys, *args)
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1, err
    assert lines[0].startswith(MESSAGE) and "意外错误" not in err and "Traceback" not in err
    return lines[0]


def admin_of(path: Path) -> Actor:
    open_database(path=path, check=False)
    try:
        s = Staff.get(Staff.login == "admin")
        return Actor(s.id, s.name, Role(s.role), "A1", s.login)
    finally:
        close_database()


WHERES = ["first page", "middle", "last page"]


@pytest.mark.parametrize("where", WHERES)
def test_every_command_refuses_a_damaged_file(hall, capsys, tmp_path, where):
    path, good = hall
    usb = tmp_path / "usb"
    older = backup.backup(path, usb, at=datetime(2026, 11, 20, 8, 0))   # taken while sound
    damage(path, where)
    before = path.read_bytes()
    intake = tmp_path / "t.json"
    intake.write_text(json.dumps(TICKET, ensure_ascii=False), encoding="utf-8")
    db = ["--db", str(path)]
    line = refused(capsys, *db, "queue", "--json")
    assert str(path) in line
    refused(capsys, *db, "intake", "--json", str(intake))
    refused(capsys, *db, "audit", "verify")
    refused(capsys, *db, "show", "TS-20261123-A1-0001", "--json")
    refused(capsys, *db, "backup", str(usb), "--keep", "1")
    code, _, err = cli_line(capsys, "--lang", "en", *db, "queue")
    assert code == 2 and err.startswith("error: The database file is damaged: restore it from a backup")
    assert path.read_bytes() == before                 # nothing written into it
    assert sorted(usb.glob("*.sqlite3")) == [older]            # the good copy is still the only one
    with pytest.raises(StoreError) as caught:
        open_database(path=path)
    assert caught.value.key == "error.db_damaged"
    close_database()
    with pytest.raises(HallError) as caught:           # the service refuses to copy it too
        backup.write_copy(path, usb, keep=1)
    assert caught.value.key == "error.db_damaged"
    outcome = backup.perform(path, backup.AutoConfig(usb, 1), datetime(2026, 11, 21, 8, 0))
    assert not outcome.ok and "数据库文件已损坏，请从备份恢复" in outcome.message("zh")
    assert sorted(usb.glob("*.sqlite3")) == [older]


@pytest.mark.parametrize("where", WHERES)
def test_an_administrator_restores_a_damaged_file(hall, capsys, where):
    path, good = hall
    admin = admin_of(path) if where != "first page" else admin_of(good)
    damage(path, where)
    damaged_bytes = path.read_bytes()
    aside = backup.restore(admin, good, path)
    assert aside.read_bytes() == damaged_bytes         # kept aside as it was
    con = sqlite3.connect(str(path))
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    code, out, err = cli_line(capsys, "--db", str(path), "audit", "verify")
    assert code == 0, err


@pytest.mark.parametrize("where", WHERES)
def test_restore_by_command_line_of_a_damaged_file(hall, capsys, monkeypatch, where):
    """The command line looks the administrator up in the damaged file, or, when that
    cannot be read, in the backup being restored."""
    path, good = hall
    damage(path, where)
    looked_up = []

    def actor(rt):
        from hall_desk.store.models import db

        s = Staff.get(Staff.login == "admin")
        looked_up.append(db.obj.database)
        return Actor(s.id, s.name, Role(s.role), "A1", s.login)
    monkeypatch.setattr(cli, "_cli_actor", actor)   # the PIN login is another branch's
    code, out, err = cli_line(capsys, "--db", str(path), "restore", str(good), "--yes")
    assert code == 0, err
    assert "原文件另存为" in out
    if where == "first page":                          # the schema itself is unreadable
        assert "hall-desk-restore-" in looked_up[-1]
    else:
        assert looked_up == [str(path)]
    code, out, err = cli_line(capsys, "--db", str(path), "queue", "--json")
    assert code == 0, err


def test_a_damaged_page_found_in_the_middle_of_a_command_is_named(hall):
    error = failures.explain(sqlite3.DatabaseError("database disk image is malformed"))
    assert error.key == "error.db_damaged"
    assert error.message().startswith("数据库文件已损坏，请从备份恢复")
    assert failures.explain(sqlite3.DatabaseError("file is not a database")).key == "error.db_damaged"


# -- backups that are checked before they count ---------------------------------------------

def test_rotation_sets_a_damaged_copy_aside_and_keeps_the_good_ones(hall, capsys, tmp_path,
                                                                    monkeypatch):
    path, good = hall
    admin = admin_of(path)
    monkeypatch.setattr(cli, "_cli_actor", lambda rt: admin)   # backup needs a login
    usb = tmp_path / "usb"
    copies = [backup.backup(path, usb, at=datetime(2026, 11, d, 8, 0)) for d in (20, 21, 22)]
    damage(copies[-1], "middle")                       # the newest copy goes bad on the drive
    code, out, err = cli_line(capsys, "--db", str(path), "backup", str(usb), "--keep", "3")
    assert code == 0, err
    written = Path(out.strip())
    kept = sorted(usb.glob(f"{backup.PREFIX}*{backup.SUFFIX}"))
    assert kept == [copies[0], copies[1], written]     # three good copies: none pushed out
    set_aside = copies[-1].with_name(copies[-1].name + ".damaged")
    assert set_aside.exists()
    assert err.startswith("警告：发现损坏的旧备份") and str(set_aside) in err
    for copy in kept:
        backup.check_copy(copy)
    # the old rule (newest N by name, unchecked) would have deleted copies[0] for the bad one
    assert sorted(copies + [written])[-3:] != kept


def test_a_copy_failing_its_check_does_not_count(hall, tmp_path, monkeypatch):
    path, good = hall
    usb = tmp_path / "usb"
    older = [backup.backup(path, usb, at=datetime(2026, 11, d, 8, 0)) for d in (20, 21)]
    real = migrations.copy_sqlite

    def copy_then_rot(source, target):                 # e.g. a failing USB drive
        real(source, target)
        damage(target, "middle")
        return target
    monkeypatch.setattr(migrations, "copy_sqlite", copy_then_rot)
    with pytest.raises(HallError) as caught:
        backup.write_copy(path, usb, keep=1, at=datetime(2026, 11, 22, 8, 0))
    assert caught.value.key == "backup.error.copy_bad"
    assert "完整性检查" in caught.value.message()
    assert sorted(usb.glob("*.sqlite3")) == older              # nothing left, nothing rotated out


@pytest.mark.parametrize("failure", ["full", "read-only"])
def test_a_full_or_read_only_backup_disk(hall, tmp_path, monkeypatch, failure):
    """SQLite's own words for both (from the backup API), and the OS's; the message says
    what happened, nothing is half-written and no older copy is deleted."""
    import errno

    path, good = hall
    usb = tmp_path / "usb"
    older = [backup.backup(path, usb, at=datetime(2026, 11, d, 8, 0)) for d in (20, 21)]
    real = migrations.copy_sqlite
    calls = []

    def failing(source, target):
        calls.append(target)
        if len(calls) == 1:          # SQLite's error on the first, the OS's on the second
            exc = sqlite3.OperationalError("database or disk is full" if failure == "full"
                                           else "attempt to write a readonly database")
        else:
            exc = OSError(errno.ENOSPC if failure == "full" else errno.EROFS, "failed", str(target))
        partial = target.with_name(target.name + ".part")
        real(source, partial)        # something written already, then the failure
        partial.unlink()
        raise exc
    monkeypatch.setattr(migrations, "copy_sqlite", failing)
    for _ in range(2):
        with pytest.raises(HallError) as caught:
            backup.write_copy(path, usb, keep=1, at=datetime(2026, 11, 22, 8, 0))
        expected = "备份盘已满" if failure == "full" else "只读"
        assert expected in caught.value.message() and "原有备份一份未删" in caught.value.message()
        assert sorted(usb.glob("*.sqlite3")) == older


@pytest.mark.parametrize("where", [None, "middle"])
def test_a_full_disk_during_a_restore_changes_nothing(hall, monkeypatch, where):
    """The aside copy (sound file) or the new file (damaged one) cannot be written: the
    restore says so and the current file is exactly as it was, nothing left beside it."""
    import errno

    path, good = hall
    admin = admin_of(good)
    if where:
        damage(path, where)
    before = path.read_bytes()

    def full(source, target):
        raise OSError(errno.ENOSPC, "No space left on device", str(target))
    monkeypatch.setattr(migrations, "copy_sqlite", full)
    with pytest.raises(HallError) as caught:
        backup.restore(admin, good, path)
    assert caught.value.key == "error.file_no_space" and "磁盘已满" in caught.value.message()
    assert path.read_bytes() == before
    left = [p.name for p in path.parent.iterdir()
            if p.name.startswith("hall.sqlite3.") and p.name != "hall.sqlite3.open"]
    assert left == []                                  # no aside copy, no half-made file


def test_the_windows_check_runs_while_it_starts_and_is_waited_for(hall):
    """``check="later"`` (the window): the open does not wait for quick_check; confirm_sound
    does, and says the file is damaged before anything is written."""
    from hall_desk.store.connection import confirm_sound

    path, _ = hall
    open_database(path=path, check="later")
    try:
        confirm_sound()                                  # a sound file: nothing to say
        confirm_sound()                                  # and nothing pending any more
    finally:
        close_database()
    damage(path, "middle")
    before = path.read_bytes()
    open_database(path=path, check="later")              # the header is fine: it opens
    try:
        from hall_desk.store.tx import write_transaction

        for _ in range(2):                               # a write waits for the check, and
            with pytest.raises(StoreError) as caught:    # every later one is refused too
                with write_transaction():
                    pass
            assert caught.value.key == "error.db_damaged"
        with pytest.raises(StoreError) as caught:
            confirm_sound()
        assert caught.value.key == "error.db_damaged" and str(path) in caught.value.message()
    finally:
        close_database()
    assert path.read_bytes() == before


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread priority: Linux")
def test_the_windows_check_runs_below_the_windows_priority(hall, monkeypatch):
    """The worker lowers its own priority (the window is drawn first on a busy PC); the
    thread that opened the store keeps its own."""
    from hall_desk.store import opencheck
    from hall_desk.store.connection import confirm_sound

    seen = []
    real = opencheck.quick_check

    def watched(con):
        seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))
        return real(con)

    monkeypatch.setattr(opencheck, "quick_check", watched)
    mine = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    open_database(path=hall[0], check="later")
    try:
        confirm_sound()
    finally:
        close_database()
    assert seen == [min(mine + opencheck.CHECK_NICENESS, 19)]
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == mine


def test_the_windows_check_waits_for_the_first_paint_or_a_write(hall, monkeypatch):
    """The check does not read the file beside the window's first paint: it begins when the
    window says it is painted (``failures.release_check``), or when a write needs it."""
    from hall_desk.services import failures
    from hall_desk.store import opencheck
    from hall_desk.store.connection import confirm_sound

    began = threading.Event()
    real = opencheck.quick_check

    def watched(con):
        began.set()
        return real(con)

    monkeypatch.setattr(opencheck, "HOLD_AT_MOST_S", 60)
    monkeypatch.setattr(opencheck, "quick_check", watched)
    for release in (failures.release_check, confirm_sound):
        began.clear()
        open_database(path=hall[0], check="later")
        try:
            assert not began.wait(0.3) and not failures.check_finished()   # held
            release()
            assert began.wait(30)
            confirm_sound()
            assert failures.check_finished()
        finally:
            close_database()
