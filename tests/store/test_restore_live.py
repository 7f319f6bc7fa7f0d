"""Restore while counters write. Writer processes (``reliability_harness.paced``) register a
ticket every ~0.07 s through the services and report each one only after the service
returned. A restore is attempted meanwhile; whether it is refused or done, every reported
save must be in the live file or in the copy kept aside, and both must pass
``integrity_check``. The figures go to docs/reliability.md."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import reliability_harness as harness
from hall_desk import cli
from hall_desk.core.enums import Role
from hall_desk.core.errors import PermissionDenied
from hall_desk.services import backup, demo
from hall_desk.services.context import Actor
from hall_desk.store import presence
from hall_desk.store.connection import close_database, open_database
from hall_desk.store.models import Staff, db


class Writer:
    """One paced writer process; its lines are collected by a thread."""

    def __init__(self, mode: str, path: Path, start: int) -> None:
        env = dict(os.environ, PYTHONPATH=str(harness.ROOT) + os.pathsep
                   + os.environ.get("PYTHONPATH", ""), HALL_DESK_BUSY_WAIT_S="15")
        self.proc = subprocess.Popen([sys.executable, harness.__file__, mode, str(path),
                                      str(start)], stdout=subprocess.PIPE, cwd=harness.ROOT,
                                     env=env)
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for raw in self.proc.stdout:
            self.lines.append(raw.decode().rstrip("\n"))

    def wait_for(self, saves: int, timeout: float = 60) -> None:
        end = time.monotonic() + timeout
        while len(self.saved()) < saves:
            assert self.proc.poll() is None, f"writer ended: {self.lines[-3:]}"
            assert time.monotonic() < end, f"writer too slow: {self.lines[-3:]}"
            time.sleep(0.02)

    def saved(self) -> list[tuple[str, str]]:
        return [tuple(line.split()[1:3]) for line in list(self.lines) if line.startswith("T ")]

    def refusals(self) -> list[str]:
        return [line for line in list(self.lines) if line.startswith("E ")]

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)
        self._reader.join(timeout=30)
        self.proc.stdout.close()


@pytest.fixture
def hall_file(tmp_path):
    path = tmp_path / "hall.sqlite3"
    open_database(path=path)
    demo.ensure_demo_hall()
    s = Staff.get(Staff.login == "admin")
    admin = Actor(s.id, s.name, Role(s.role), "A1", s.login)
    close_database()
    copy = backup.backup(path, tmp_path / "usb")
    writers: list[Writer] = []
    yield path, copy, admin, writers
    for w in writers:
        w.stop()
    close_database()


def marks_in(path: Path) -> set[tuple[str, str]]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return set(con.execute("SELECT number, content FROM ticket").fetchall())
    finally:
        con.close()


def lost(reported: list[tuple[str, str]], *files: Path) -> list[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for f in files:
        found |= marks_in(f)
    return [r for r in reported if r not in found]


def test_restore_is_refused_while_counters_have_the_file_open(hall_file):
    path, copy, admin, writers = hall_file
    writers += [Writer("paced", path, 1000), Writer("paced", path, 2000)]
    for w in writers:
        w.wait_for(3)
    before = sorted(path.parent.iterdir())
    refused = 0
    for _ in range(5):
        with pytest.raises(presence.StillOpen) as caught:
            backup.restore(admin, copy, path)
        refused += 1
        message = caught.value.message()
        assert message.startswith("数据库仍被打开，未恢复")
        for w in writers:                              # which counter, which process, since
            assert f"进程 {w.proc.pid}" in message
        assert message.count("K1 writer") == 2 and "起）" in message
        assert "still open" in caught.value.message("en")
        time.sleep(0.1)
    for w in writers:
        w.wait_for(len(w.saved()) + 3)
        w.stop()
    reported = [r for w in writers for r in w.saved()]
    assert sorted(path.parent.iterdir()) == before    # no aside copy, nothing moved
    assert lost(reported, path) == []
    assert refused == 5 and len(reported) >= 12


def test_restore_between_saves_loses_nothing(hall_file):
    """Writers that open the file for each save (scripts): the restore waits for a moment
    when nobody has it open, and nobody can open it while it works."""
    path, copy, admin, writers = hall_file
    writers += [Writer("paced-reopen", path, 1000), Writer("paced-reopen", path, 2000)]
    for w in writers:
        w.wait_for(3)
    refused, aside = 0, None
    end = time.monotonic() + 60
    while aside is None:
        assert time.monotonic() < end, f"never done in 60 s ({refused} refusals)"
        try:
            aside = backup.restore(admin, copy, path)
        except presence.StillOpen:
            refused += 1
            time.sleep(0.01)
    counts = [len(w.saved()) for w in writers]
    for w, n in zip(writers, counts):
        w.wait_for(n + 3)                              # they go on writing into the restored file
        w.stop()
    reported = [r for w in writers for r in w.saved()]
    assert lost(reported, path, aside) == []
    before, after = marks_in(aside), marks_in(path)
    assert {r for r in reported if r in before} and {r for r in reported if r in after}
    assert not (before & after) - marks_in(copy)      # only the backup's tickets are in both
    assert all(not line.endswith("error.db_damaged") for w in writers for line in w.lines)
    print(f"\nrestore between saves: {len(reported)} saves reported, lost 0, "
          f"{refused} refusals before it was done")


def test_only_an_administrator_restores(hall_file):
    path, copy, admin, _ = hall_file
    before = path.read_bytes()
    for role in (Role.COUNTER, Role.SUPERVISOR, Role.SYSTEM):
        with pytest.raises(PermissionDenied):
            backup.restore(Actor(None, "x", role, "A1"), copy, path)
    assert path.read_bytes() == before
    assert backup.restore(admin, copy, path) is not None


def test_this_program_s_own_open_file_counts_too(hall_file):
    path, copy, admin, _ = hall_file
    open_database(path=path, label="A1 窗口")
    with pytest.raises(presence.StillOpen) as caught:
        backup.restore(admin, copy, path)
    assert "A1 窗口" in caught.value.message() and f"进程 {os.getpid()}" in caught.value.message()
    aside = backup.restore_open(admin, copy)         # the window's way: close, restore, reopen
    assert aside.exists() and marks_in(aside) == marks_in(path)
    assert Staff.select().count() > 0                 # open again afterwards
    assert [h.pid for h in presence.holders(path)] == [os.getpid()]


def test_an_opener_waits_for_a_running_restore(hall_file, monkeypatch):
    """While a restore holds the gate nobody registers: the opener waits, and after its
    bound hears that a restore is under way (no save goes into the file being replaced)."""
    path, copy, admin, _ = hall_file
    from hall_desk.core.errors import StoreError

    with presence.exclusive(path):
        with pytest.raises(StoreError) as caught:
            presence.register(path, "B2", wait=0.2)
        assert caught.value.key == "presence.error.restoring"
    registration = presence.register(path, "B2", wait=0.2)
    assert [h.label for h in presence.holders(path)] == ["B2"]
    registration.release()
    assert presence.holders(path) == []


def test_a_crashed_counter_leaves_no_lasting_entry(hall_file):
    path, copy, admin, writers = hall_file
    writers.append(Writer("paced", path, 1000))
    writers[0].wait_for(1)
    assert len(presence.holders(path)) == 1
    writers[0].stop()                                  # SIGKILL: the OS drops its lock
    assert presence.holders(path) == []
    assert backup.restore(admin, copy, path) is not None


def test_the_command_line_names_who_has_the_file_open(hall_file, monkeypatch, capsys):
    path, copy, admin, writers = hall_file
    monkeypatch.setattr(cli, "_cli_actor", lambda rt: admin)   # the login is another branch's
    writers.append(Writer("paced", path, 1000))
    writers[0].wait_for(1)
    capsys.readouterr()
    assert cli.run(["--db", str(path), "restore", str(copy), "--yes"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "数据库仍被打开" in err
    assert f"进程 {writers[0].proc.pid}" in err and "Traceback" not in err
    writers[0].stop()
    assert cli.run(["--db", str(path), "restore", str(copy), "--yes"]) == 0
    assert "原文件另存为" in capsys.readouterr().out
    assert lost(writers[0].saved(), path, *path.parent.glob("hall.sqlite3.before-restore-*")) == []


def old_restore(copy: Path, current: Path) -> Path:
    """The restore as it was before issue #16: keep a copy aside, delete ``-wal``/``-shm``
    and copy the backup over the file, whoever has it open."""
    from hall_desk.store import migrations

    aside = current.with_name(current.name + ".before-restore-old")
    migrations.copy_sqlite(current, aside)
    for suffix in ("-wal", "-shm"):
        current.with_name(current.name + suffix).unlink(missing_ok=True)
    migrations.copy_sqlite(copy, current)
    return aside


def test_the_check_catches_the_old_restore_losing_saves(hall_file):
    """The checks above can fail: the former restore, run under the same writers, loses
    saves the writers were told had succeeded, and ``lost`` finds them."""
    path, copy, admin, writers = hall_file
    writers += [Writer("paced", path, 1000), Writer("paced", path, 2000)]
    for w in writers:
        w.wait_for(3)
    aside = old_restore(copy, path)
    for w in writers:
        w.wait_for(len(w.saved()) + 10)
        w.stop()
    reported = [r for w in writers for r in w.saved()]
    missing = lost(reported, path, aside)
    print(f"\nold restore: {len(reported)} saves reported, {len(missing)} lost")
    assert missing


def test_the_window_s_restore_of_an_older_backup_brings_it_up_to_date(hall_file, tmp_path):
    import shutil

    from hall_desk.store import migrations

    path, copy, admin, _ = hall_file
    old = tmp_path / "old.sqlite3"
    shutil.copy(Path(__file__).resolve().parents[1] / "data" / "schema_v1.sqlite3", old)
    open_database(path=path)
    backup.restore_open(admin, old)
    assert migrations.current_version(db.obj) == migrations.SCHEMA_VERSION
    assert list(path.parent.glob("hall.sqlite3.bak-v1"))    # copied aside before migrating
