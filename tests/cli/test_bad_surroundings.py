"""Bad surroundings on the service and command-line side: a damaged database file, a full
disk, a read-only folder, a missing policy, font or template. Each gives one clear line
(exit 2), never a traceback, and leaves nothing half-written."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from hall_desk import paths
from hall_desk.cli import run
from tests.cli_helpers import cli, one_clear_line
from hall_desk.core.errors import HallError
from hall_desk.pdf import fonts
from hall_desk.services import deadlines, tickets
from hall_desk.store import failures
from hall_desk.store.connection import close_database, open_database
from hall_desk.store.models import Ticket, TicketEvent, db

TICKET = {"kind": "complaint", "customer_name": "周九", "phone": "13500001111",
          "content": "营业厅空调坏了", "demand": "尽快修好"}


@pytest.fixture
def demo_db(tmp_path, monkeypatch):
    path = tmp_path / "hall.sqlite3"
    monkeypatch.setenv("HALL_DESK_PIN", "3333")      # 刘洋's, for the calls given --user
    assert run(["--db", str(path), "demo", "--tickets", "3"]) == 0
    close_database()
    return path





# -- a damaged database file ---------------------------------------------------------------

@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_damaged_database_file(demo_db, capsys, damage):
    if damage == "garbage":
        demo_db.write_bytes(os.urandom(4096))
    else:
        with open(demo_db, "r+b") as fh:
            fh.truncate(8192)
    before = demo_db.read_bytes()
    code, out, err = cli(capsys, "--db", str(demo_db), "queue")
    line = one_clear_line(err)
    assert code == 2 and out == ""
    assert line.startswith("错误：数据库文件已损坏") and str(demo_db) in line and "请从备份恢复" in line
    assert demo_db.read_bytes() == before                     # left untouched


# -- a full disk -----------------------------------------------------------------------------

def fill_the_disk() -> None:
    """SQLITE_FULL from here on: the file may not grow by a single page."""
    pages = db.obj.execute_sql("PRAGMA page_count").fetchone()[0]
    db.obj.execute_sql(f"PRAGMA max_page_count = {pages}")


def test_full_disk_saves_a_ticket_whole_or_not_at_all(hall):
    if not isinstance(db.obj, __import__("peewee").SqliteDatabase):
        pytest.skip("SQLITE_FULL is simulated with a SQLite pragma")
    counts = (Ticket.select().count(), TicketEvent.select().count())
    fill_the_disk()
    saved = 0
    for _ in range(40):                  # fill the last free pages until SQLite says full
        try:
            tickets.register(hall["liuyang"], dict(TICKET, content="营业厅空调坏了" * 80))
            saved += 1
        except Exception as exc:  # noqa: BLE001 - the exception is what is tested
            failure = exc
            break
    else:
        pytest.fail("the disk never filled up")
    known = failures.explain(failure)
    assert known is not None and known.key == "error.disk_full", repr(failure)
    assert known.message().startswith("磁盘已满，未能保存") and "full" in known.message("en")
    # every ticket has its creation event, and nothing of the failed one is there
    assert Ticket.select().count() == counts[0] + saved
    assert TicketEvent.select().where(TicketEvent.action == "created").count() == \
        Ticket.select().count()
    assert db.obj.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.obj.execute_sql("PRAGMA max_page_count = 1073741823")   # space freed: works again
    assert tickets.register(hall["liuyang"], TICKET).number


def test_full_disk_on_the_command_line(demo_db, capsys, monkeypatch, tmp_path):
    def full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")
    monkeypatch.setattr(tickets, "register", full)
    source = tmp_path / "t.json"
    source.write_text(__import__("json").dumps(TICKET, ensure_ascii=False), encoding="utf-8")
    code, out, err = cli(capsys, "--db", str(demo_db), "intake", "--json", str(source))
    assert code == 2 and out == ""
    assert one_clear_line(err).startswith("错误：磁盘已满，未能保存")


def test_full_disk_leaves_no_half_pdf(demo_db, capsys, monkeypatch, tmp_path):
    open_database(path=demo_db)
    number = Ticket.select().order_by(Ticket.id).first().number
    close_database()
    real_write = Path.write_bytes

    def half_then_full(self, data):
        real_write(self, data[: len(data) // 2])       # half the PDF reached the disk
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(Path, "write_bytes", half_then_full)
    target = tmp_path / "out" / "record.pdf"
    target.parent.mkdir()
    code, out, err = cli(capsys, "--db", str(demo_db), "--user", "liuyang", "pdf", "record",
                         number, "-o", str(target))
    assert code == 2
    line = one_clear_line(err)
    assert str(target) in line and "No space left on device" in line
    assert list(target.parent.iterdir()) == []          # neither record.pdf nor .part


def test_full_disk_export_leaves_no_half_file(demo_db, capsys, monkeypatch, tmp_path):
    real_fsync = os.fsync

    def full(fd):
        real_fsync(fd)
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(os, "fsync", full)
    target = tmp_path / "out" / "ledger.xlsx"
    target.parent.mkdir()
    code, out, err = cli(capsys, "--db", str(demo_db), "--user", "liuyang", "export",
                         "--format", "xlsx",
                         "--from", "2020-01-01", "--to", "2030-12-31", "-o", str(target))
    assert code == 2 and str(target) in one_clear_line(err)
    assert list(target.parent.iterdir()) == []


# -- a read-only data folder -----------------------------------------------------------------

def test_read_only_data_folder_for_a_new_database(tmp_path, capsys, monkeypatch):
    locked = tmp_path / "locked"

    def refuse(self, *args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(self))
    monkeypatch.setattr(Path, "mkdir", refuse)
    code, out, err = cli(capsys, "--db", str(locked / "hall.sqlite3"), "queue")
    assert code == 2
    line = one_clear_line(err)
    assert line.startswith("错误：无法打开数据库") and str(locked) in line and "Permission denied" in line


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root writes to read-only folders anyway; simulated above and below")
def test_read_only_data_folder_for_real(tmp_path, capsys):  # pragma: no cover - non-root only
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        code, out, err = cli(capsys, "--db", str(folder / "hall.sqlite3"), "queue")
    finally:
        folder.chmod(0o755)
    assert code == 2 and "无法打开数据库" in one_clear_line(err)


def test_read_only_database_file(hall):
    if not isinstance(db.obj, __import__("peewee").SqliteDatabase):
        pytest.skip("SQLite only")
    before = Ticket.select().count()
    db.obj.execute_sql("PRAGMA query_only = 1")    # what a read-only file does to a write
    try:
        with pytest.raises(Exception) as caught:
            tickets.register(hall["liuyang"], TICKET)
    finally:
        db.obj.execute_sql("PRAGMA query_only = 0")
    known = failures.explain(caught.value)
    assert known is not None and known.key == "error.db_readonly", repr(caught.value)
    assert "只读" in known.message()
    assert Ticket.select().count() == before


def test_read_only_log_and_config_folders(demo_db, capsys, monkeypatch):
    from hall_desk import config, logsetup

    real_mkdir = Path.mkdir

    def refuse_log(self, *args, **kwargs):
        if str(self).startswith(os.environ["XDG_STATE_HOME"]):   # the log folder
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_mkdir(self, *args, **kwargs)
    monkeypatch.setattr(Path, "mkdir", refuse_log)
    assert logsetup.setup_logging() is None            # no log file: the program still runs
    code, out, err = cli(capsys, "--db", str(demo_db), "queue", "--limit", "1")
    assert code == 0 and err == ""
    monkeypatch.setattr(Path, "mkdir", real_mkdir)

    def refuse_config(cfg, path=None):
        raise PermissionError(errno.EACCES, "Permission denied", "/etc/hall-desk/config.toml")
    monkeypatch.setattr(config, "save", refuse_config)
    # a new PC: the demo saves its counter code in the config
    code, out, err = cli(capsys, "--db", str(demo_db.with_name("new.sqlite3")), "--counter", "B2",
                         "init", "--hall", "城东营业厅", "--admin-name", "管理员",
                         "--admin-login", "boss", "--admin-pin", "123456")
    assert code == 2
    assert one_clear_line(err) == "错误：没有权限写入 /etc/hall-desk/config.toml（只读文件夹？）"


# -- missing resources -------------------------------------------------------------------------

@pytest.fixture
def resources(tmp_path, monkeypatch):
    copy = tmp_path / "resources"
    shutil.copytree(paths.resources_dir(), copy,
                    ignore=shutil.ignore_patterns("*.ts", "*.qm", "icons"))
    monkeypatch.setenv("HALL_DESK_RESOURCES", str(copy))
    fonts.forget()
    deadlines.forget()
    yield copy
    fonts.forget()
    deadlines.forget()


def test_missing_policy_file(demo_db, resources, capsys, tmp_path):
    open_database(path=demo_db)
    before = Ticket.select().count()
    close_database()
    for preset in (resources / "policies").glob("*.toml"):
        preset.unlink()
    code, out, err = cli(capsys, "--db", str(demo_db), "sla", "--kind", "complaint",
                         "--received", "2026-09-30 16:00")
    assert code == 2
    assert one_clear_line(err) == (
        f"错误：找不到本程序的文件：{resources / 'policies' / 'default.toml'}。请重新安装本程序。")
    source = tmp_path / "t.json"
    source.write_text(__import__("json").dumps(TICKET, ensure_ascii=False), encoding="utf-8")
    code, out, err = cli(capsys, "--db", str(demo_db), "intake", "--json", str(source))
    assert code == 2 and "default.toml" in one_clear_line(err)
    open_database(path=demo_db)
    assert Ticket.select().count() == before            # nothing half-registered
    close_database()


def test_missing_font_file(demo_db, resources, capsys, tmp_path):
    (resources / "fonts" / "wqy-microhei.ttc").unlink()
    open_database(path=demo_db)
    number = Ticket.select().order_by(Ticket.id).first().number
    close_database()
    target = tmp_path / "record.pdf"
    code, out, err = cli(capsys, "--db", str(demo_db), "--user", "liuyang", "pdf", "record",
                         number, "-o", str(target))
    assert code == 2
    assert one_clear_line(err) == (
        f"错误：找不到打印用字体文件：{resources / 'fonts' / 'wqy-microhei.ttc'}。请重新安装本程序。")
    assert not target.exists() and not list(tmp_path.glob("*.part"))


def test_missing_template_file_is_named(resources):
    (resources / "templates" / "materials.toml").unlink()
    from hall_desk.services import materials

    materials.businesses.cache_clear()
    try:
        with pytest.raises(FileNotFoundError) as caught:
            materials.businesses()
    finally:
        materials.businesses.cache_clear()
    known = failures.explain(caught.value)
    assert isinstance(known, HallError) and known.key == "error.resource_missing"
    assert known.message() == (f"找不到本程序的文件：{resources / 'templates' / 'materials.toml'}。"
                                "请重新安装本程序。")
    # a missing file elsewhere is not the program's: not explained as one
    assert failures.explain(FileNotFoundError(2, "No such file", "/elsewhere/x.toml")) is None


def test_missing_reception_templates_do_not_stop_the_hall(resources, hall):
    shutil.rmtree(resources / "templates" / "reception")
    from hall_desk.services import reception

    assert reception.builtin_templates() == {}
