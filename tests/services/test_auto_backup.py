"""Automatic backups: when one is due, rotation to the newest N, and a missing folder (the USB
drive unplugged) that is reported and remembered but never raised."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

import pytest

from hall_desk.core.errors import PermissionDenied, ValidationError
from hall_desk.services import backup, tickets
from hall_desk.store.models import Ticket

T0 = datetime(2026, 11, 23, 8, 30)


def backups_in(folder):
    return sorted(folder.glob(f"{backup.PREFIX}*{backup.SUFFIX}"))


def test_configure_checks_the_folder_and_the_count(hall, tmp_path):
    admin = hall["admin"]
    with pytest.raises(ValidationError) as caught:
        backup.configure(admin, str(tmp_path / "unplugged"), 7)
    err = caught.value.errors["backup_folder"]
    assert "不存在" in err.message() and "unplugged" in err.message()
    assert "does not exist" in err.message("en")
    with pytest.raises(ValidationError) as caught:
        backup.configure(admin, "relative/folder", 0)
    assert set(caught.value.errors) == {"backup_folder", "backup_keep"}
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    with pytest.raises(ValidationError) as caught:
        backup.configure(admin, str(a_file), 3)
    assert "不是文件夹" in caught.value.errors["backup_folder"].message()
    with pytest.raises(PermissionDenied):
        backup.configure(hall["liuyang"], str(tmp_path), 3)
    assert backup.auto_config() is None            # nothing was saved by the refusals
    saved = backup.configure(admin, f"  {tmp_path}  ", "5")
    assert saved == backup.AutoConfig(tmp_path, 5) == backup.auto_config()
    assert backup.configure(admin, "", 5) is None and backup.auto_config() is None


def test_unwritable_folder_is_refused(hall, tmp_path, monkeypatch):
    import tempfile

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(tempfile, "NamedTemporaryFile", refuse)
    with pytest.raises(ValidationError) as caught:
        backup.configure(hall["admin"], str(tmp_path), 3)
    assert "无法写入" in caught.value.errors["backup_folder"].message()


def test_due_daily_rotation_and_an_unplugged_drive(hall, tmp_path, store):
    if backup.database_file() is None:              # PostgreSQL: the server's own backup
        assert not backup.due(T0)
        outcome = backup.run_automatic(T0)
        assert outcome.skipped and "PostgreSQL" in outcome.message()
        return
    usb = tmp_path / "usb"
    usb.mkdir()
    assert not backup.due(T0)                       # no folder set: never due
    backup.configure(hall["admin"], str(usb), 3)
    assert backup.due(T0)                           # never backed up
    first = backup.run_automatic(T0, only_if_due=True)
    assert first.ok and first.path.parent == usb
    assert backup.last_success() == (T0, str(first.path))
    assert not backup.due(T0 + timedelta(hours=9))  # same day: done
    assert backup.run_automatic(T0 + timedelta(hours=1), only_if_due=True).skipped
    assert backup.due(T0 + timedelta(days=1, hours=-8))   # first start of the next day
    # the copy is a sound database with the tickets of that moment
    tickets.register(hall["liuyang"], {"kind": "consultation", "content": "备份后登记"})
    con = sqlite3.connect(str(first.path))
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT count(*) FROM ticket").fetchone()[0] == Ticket.select().count() - 1
    con.close()
    # one a day for five days (and one on exit): the newest three stay
    for day in range(1, 6):
        assert backup.run_automatic(T0 + timedelta(days=day), "daily", only_if_due=True).ok
    backup.run_automatic(T0 + timedelta(days=5, hours=9), "exit")
    kept = backups_in(usb)
    assert [p.name for p in kept] == [f"hall_desk-{d}{backup.SUFFIX}" for d in
                                      ("20261127-083000", "20261128-083000", "20261128-173000")]
    assert not list(usb.glob("*.part"))
    # the USB drive is unplugged: no exception, a message, the log, remembered, nothing made
    usb_files = {p.name for p in kept}
    for path in list(usb.iterdir()):                # the copies and their anchor files
        path.unlink()
    usb.rmdir()
    later = T0 + timedelta(days=6)
    failed = backup.run_automatic(later, only_if_due=True)
    assert not failed.ok and not failed.skipped
    assert "自动备份失败" in failed.message() and "U盘" in failed.message()
    assert not usb.exists()                         # never created on the local disk
    assert backup.last_failure()[0] == later and "usb" in backup.last_failure()[1]
    assert backup.due(later)                        # the next check tries again
    usb.mkdir()
    again = backup.run_automatic(later + timedelta(minutes=5), only_if_due=True)
    assert again.ok and backup.last_failure() is None
    assert usb_files.isdisjoint({p.name for p in backups_in(usb)}) and len(backups_in(usb)) == 1


def test_a_failed_backup_leaves_no_partial_file(hall, tmp_path, monkeypatch):
    if backup.database_file() is None:
        pytest.skip("SQLite only")
    usb = tmp_path / "usb"
    usb.mkdir()
    backup.configure(hall["admin"], str(usb), 3)
    import os as _os

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(_os, "fsync", full)
    outcome = backup.run_automatic(T0)
    assert not outcome.ok and "备份盘已满" in outcome.message()
    assert "disk is full" in outcome.message("en")
    assert list(usb.iterdir()) == []


def test_failure_logged(hall, tmp_path, caplog):
    if backup.database_file() is None:
        pytest.skip("SQLite only")
    backup.configure(hall["admin"], str(tmp_path), 3)
    (tmp_path / "gone").mkdir()
    backup.configure(hall["admin"], str(tmp_path / "gone"), 3)
    (tmp_path / "gone").rmdir()
    with caplog.at_level("WARNING", logger="hall_desk.services.backup"):
        backup.run_automatic(T0)
    assert any("automatic backup (daily) failed" in r.getMessage() and "gone" in r.getMessage()
               for r in caplog.records)
