"""The command line has the window's lock (issue #16): --user and a PIN, the same lockout and
roles; without a login only what a counter clerk sees, masked; files the owner's only."""

from __future__ import annotations

import json
import os
import stat
import sys

import pytest

from hall_desk import config
from hall_desk.cli import run
from hall_desk.services import staff
from hall_desk.store.connection import close_database, open_database
from hall_desk.store.models import AccessLog, Staff

PINS = {"admin": "000000", "wangli": "111111", "liuyang": "3333"}
NAMED = {"kind": "complaint", "channel": "phone", "category": "服务质量", "customer_name": "王五六",
         "phone": "13800001111", "address": "东大街1号", "content": "电费单看不懂",
         "demand": "解释", "anonymous": False}
ANONYMOUS = dict(NAMED, customer_name="赵匿名", phone="13900002222", anonymous=True)


@pytest.fixture
def db(tmp_path):
    return tmp_path / "hall.sqlite3"


@pytest.fixture
def cli(db, capsys, monkeypatch):
    """cli(*args, user=None): run one command (as ``user`` with the demo PIN in HALL_DESK_PIN);
    returns (exit status, stdout, stderr)."""
    def call(*args: str, user: str | None = None, pin: str | None = None):
        if user:
            monkeypatch.setenv("HALL_DESK_PIN", pin or PINS[user])
        else:
            monkeypatch.delenv("HALL_DESK_PIN", raising=False)
        capsys.readouterr()
        try:
            code = run(["--db", str(db), *(["--user", user] if user else []), *args])
        finally:
            close_database()
        out = capsys.readouterr()
        return code, out.out, out.err
    return call


@pytest.fixture
def hall(cli, tmp_path):
    """A demo hall with one named and one anonymous ticket; returns their numbers."""
    assert cli("demo", "--tickets", "0")[0] == 0
    batch = tmp_path / "two.json"
    batch.write_text(json.dumps([NAMED, ANONYMOUS], ensure_ascii=False), encoding="utf-8")
    code, out, _ = cli("intake", "--json", str(batch))
    assert code == 0
    return out.split()


def one_line(err: str) -> str:
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err.strip()


# -- without a login -------------------------------------------------------------------------

def test_without_login_the_doors_are_shut(cli, hall, tmp_path):
    named, _anon = hall
    refused = {
        "export": (["export", "--format", "csv", "--from", "2020-01-01", "--to", "2030-12-31",
                    "-o", str(tmp_path / "l.csv")], "导出台账和统计", "营业员或班长/主管或管理员"),
        "pdf": (["pdf", "record", named, "-o", str(tmp_path / "r.pdf")], "打印记录",
                "营业员或班长/主管或管理员"),
        "backup": (["backup", str(tmp_path / "usb")], "备份数据库", "班长/主管或管理员"),
        "reveal": (["show", named, "--json", "--reveal", "回访"], "查看客户完整姓名和电话",
                   "营业员或班长/主管或管理员"),
        "demo": (["demo", "--tickets", "1"], "在已设置的大厅中生成示例数据", "管理员"),
    }
    for what, (args, action, roles) in refused.items():
        code, out, err = cli(*args)
        assert code == 2, what
        assert one_line(err) == f"错误：{action}需要登录：请加 --user 登录名，以{roles}身份登录"
    assert not (tmp_path / "l.csv").exists() and not (tmp_path / "r.pdf").exists()
    assert not (tmp_path / "usb").exists()


def test_without_login_restore_is_refused_and_nothing_changes(cli, hall, db, tmp_path):
    assert cli("backup", str(tmp_path / "usb"), user="admin")[0] == 0
    copy = next((tmp_path / "usb").glob("*.sqlite3"))
    before = db.read_bytes()
    code, _, err = cli("restore", str(copy), "--yes")
    assert code == 2
    assert one_line(err) == "错误：用备份恢复数据库需要登录：请加 --user 登录名，以管理员身份登录"
    assert not list(tmp_path.glob("hall.sqlite3.before-restore-*"))
    assert db.read_bytes() == before


def test_english_names_the_role_too(cli, hall, tmp_path):
    code, _, err = cli("--lang", "en", "backup", str(tmp_path / "usb"))
    assert code == 2 and one_line(err) == \
        "error: back up the database needs a login: add --user LOGIN of a " \
        "Shift leader / supervisor or Administrator"


def test_without_login_show_is_masked(cli, hall):
    named, anon = hall
    code, out, _ = cli("show", named, "--json")
    shown = json.loads(out)
    assert code == 0 and shown["customer_name"] == "王**" and shown["phone"] == "138 **** 1111"
    assert shown["address"] == "" and "王五六" not in out and "0000 1111" not in out
    code, out, _ = cli("show", anon, "--json")
    assert code == 0 and "赵匿名" not in out and "0000 2222" not in out
    code, out, _ = cli("queue", "--json")
    assert code == 0 and "王五六" not in out and "0000 1111" not in out


# -- logged in -------------------------------------------------------------------------------

def test_counter_staff_see_the_named_customer_but_not_the_anonymous(cli, hall):
    named, anon = hall
    code, out, _ = cli("show", named, "--json", user="liuyang")
    shown = json.loads(out)
    assert code == 0 and (shown["customer_name"], shown["phone"], shown["address"]) == \
        ("王五六", "138 0000 1111", "东大街1号")
    code, _, err = cli("show", anon, "--json", "--reveal", "回访", user="liuyang")
    assert code == 2
    assert one_line(err) == \
        "错误：您的角色（营业员）无权执行：查看匿名客户身份（需要班长/主管或管理员）"


def test_supervisor_reveals_with_a_reason_and_it_is_logged(cli, hall, db):
    _named, anon = hall
    code, out, _ = cli("show", anon, "--json", user="wangli")
    assert code == 0 and "赵匿名" not in out                  # not without asking
    code, out, _ = cli("show", anon, "--json", "--reveal", "客户要求回电", user="wangli")
    shown = json.loads(out)
    assert code == 0 and shown["customer_name"] == "赵匿名" and shown["phone"] == "139 0000 2222"
    code, out, _ = cli("show", anon, "--json")
    last = json.loads(out)["history"][-1]
    assert (last["actor"], last["action"], last["note"]) == ("王丽", "view_identity", "客户要求回电")
    open_database(path=db)
    try:
        log = AccessLog.get(AccessLog.action == "view_identity")
        assert log.reason == "客户要求回电" and log.staff.login == "wangli"
    finally:
        close_database()


def test_supervisor_and_admin_open_the_doors(cli, hall, db, tmp_path):
    named, _anon = hall
    ledger = tmp_path / "l.csv"
    code, out, _ = cli("export", "--format", "csv", "--from", "2020-01-01", "--to",
                       "2030-12-31", "-o", str(ledger), user="wangli")
    assert code == 0 and ledger.exists()
    code, _, _ = cli("pdf", "record", named, "-o", str(tmp_path / "r.pdf"), user="liuyang")
    assert code == 0 and (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    code, out, _ = cli("backup", str(tmp_path / "usb"), user="wangli")
    assert code == 0
    copy = out.strip().splitlines()[-1]
    code, _, err = cli("restore", copy, "--yes", user="wangli")     # restoring: admin only
    assert code == 2 and one_line(err) == \
        "错误：您的角色（班长/主管）无权执行：用备份恢复数据库（需要管理员）"
    code, out, _ = cli("restore", copy, "--yes", user="admin")
    assert code == 0 and list(tmp_path.glob("hall.sqlite3.before-restore-*"))
    code, out, _ = cli("demo", "--tickets", "1", user="admin")
    assert code == 0
    code, _, err = cli("demo", "--tickets", "1", user="wangli")
    assert code == 2 and "需要管理员" in err
    open_database(path=db)
    try:
        log = AccessLog.get(AccessLog.action == "export")
        assert log.staff.login == "wangli"
    finally:
        close_database()


def test_user_may_come_after_the_command(cli, hall, db, monkeypatch, capsys):
    named, _anon = hall
    monkeypatch.setenv("HALL_DESK_PIN", "3333")
    assert run(["--db", str(db), "show", named, "--json", "--user", "liuyang"]) == 0
    close_database()
    assert json.loads(capsys.readouterr().out)["customer_name"] == "王五六"


def test_restore_logs_in_against_the_copy_when_the_database_is_broken(cli, hall, db, tmp_path):
    code, out, _ = cli("backup", str(tmp_path / "usb"), user="admin")
    copy = out.strip().splitlines()[-1]
    for extra in ("-wal", "-shm"):
        (tmp_path / f"hall.sqlite3{extra}").unlink(missing_ok=True)
    db.write_bytes(b"this is not a database" * 100)
    code, _, err = cli("restore", copy, "--yes", user="wangli")
    assert code == 2 and "需要管理员" in err
    assert db.read_bytes().startswith(b"this is not")
    code, _, err = cli("restore", copy, "--yes", user="admin", pin="999999")
    assert code == 2 and one_line(err) == "错误：姓名或PIN不正确"
    db.unlink()       # (keeping a damaged file aside is the restore service's own business)
    code, _, err = cli("restore", copy, "--yes", user="admin")
    assert code == 0 and db.read_bytes().startswith(b"SQLite format 3"), err


# -- the PIN ---------------------------------------------------------------------------------

def test_no_pin_and_no_terminal_is_a_clear_line(cli, hall, monkeypatch, capsys, db):
    monkeypatch.setattr(sys, "stdin", open(os.devnull))
    monkeypatch.delenv("HALL_DESK_PIN", raising=False)
    code = run(["--db", str(db), "--user", "wangli", "queue", "--json"])
    close_database()
    assert code == 2
    assert one_line(capsys.readouterr().err) == (
        "错误：以 wangli 登录需要PIN：请在终端中运行（会提示输入），或在脚本中设置环境变量 "
        "HALL_DESK_PIN")


def test_the_pin_is_asked_without_echo_on_a_terminal(cli, hall, monkeypatch, capsys, db):
    import getpass

    asked = []

    class Terminal:
        def isatty(self):
            return True

    monkeypatch.setattr(sys, "stdin", Terminal())
    monkeypatch.delenv("HALL_DESK_PIN", raising=False)
    monkeypatch.setattr(getpass, "getpass", lambda prompt: asked.append(prompt) or "111111")
    named, _ = hall
    assert run(["--db", str(db), "--user", "wangli", "show", named, "--json"]) == 0
    close_database()
    assert asked == ["wangli 的PIN："]
    assert json.loads(capsys.readouterr().out)["customer_name"] == "王五六"


def test_wrong_pins_lock_like_the_window_and_the_message_is_uniform(cli, hall, db, tmp_path):
    args = ("queue", "--json")
    for user in ("liuyang", "nobody"):               # an account, and a name without one
        for _ in range(staff.MAX_FAILED_LOGINS - 1):
            code, _, err = cli(*args, user=user, pin="9999")
            assert code == 2 and one_line(err) == "错误：姓名或PIN不正确"
        code, _, err = cli(*args, user=user, pin="9999")
        assert code == 2 and one_line(err).startswith("错误：尝试次数过多，请于")
    code, _, err = cli(*args, user="liuyang")        # the right PIN, but locked
    assert code == 2 and "尝试次数过多" in err
    open_database(path=db)
    try:
        assert Staff.get(Staff.login == "liuyang").locked_until is not None
    finally:
        close_database()
    code, _, err = cli(*args, user="liuyang", pin="12")    # a slip of the finger: not a try
    assert code == 2 and one_line(err) == "错误：PIN必须是4到8位数字"


def test_disabled_account_gets_the_same_words(cli, hall, db):
    open_database(path=db)
    try:
        Staff.update(active=False).where(Staff.login == "liuyang").execute()
    finally:
        close_database()
    code, _, err = cli("queue", "--json", user="liuyang")
    assert code == 2 and one_line(err) == "错误：姓名或PIN不正确"


def test_init_needs_six_digits_for_the_administrator(cli):
    code, _, err = cli("--counter", "A1", "init", "--hall", "厅", "--admin-name", "管",
                       "--admin-login", "adm", "--admin-pin", "1234")
    assert code == 2 and one_line(err) == "错误：pin: 班长/主管和管理员的PIN须为6到8位数字"
    assert cli("--counter", "A1", "init", "--hall", "厅", "--admin-name", "管",
               "--admin-login", "adm", "--admin-pin", "123456")[0] == 0


def test_no_login_needed_for_help_version_and_sla(cli, capsys):
    with pytest.raises(SystemExit) as info:
        run(["--help"])
    assert info.value.code == 0 and "--user LOGIN" in capsys.readouterr().out
    assert cli("sla", "--kind", "complaint", "--received", "2026-09-30 16:00")[0] == 0


# -- file modes ------------------------------------------------------------------------------

def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.skipif(os.name != "posix", reason="Windows: the user profile's ACL applies")
def test_every_file_the_app_makes_is_the_owners_only(tmp_path, monkeypatch, capsys):
    import shutil
    from pathlib import Path

    from hall_desk import paths

    previous = os.umask(0o022)                      # a usual, wider umask before the app runs
    try:
        monkeypatch.setenv("HALL_DESK_PIN", "000000")
        data = paths.data_dir()                     # the default place (under tmp_path)
        assert str(data).startswith(str(tmp_path))
        assert run(["demo", "--tickets", "0"]) == 0     # the database stays open: -wal/-shm
        db = paths.default_db_path()
        made = {"db": db, "wal": Path(f"{db}-wal"), "shm": Path(f"{db}-shm"),
                "log": paths.log_dir() / "hall-desk.log", "config": config.config_path()}
        for name, path in made.items():
            assert path.exists(), name
            assert mode(path) == 0o600, (name, oct(mode(path)))
        assert mode(data) == 0o700 and mode(paths.log_dir()) == 0o700
        close_database()
        assert run(["--user", "admin", "backup", str(tmp_path / "usb")]) == 0
        close_database()
        copy = capsys.readouterr().out.strip().splitlines()[-1]
        assert mode(copy) == 0o600 and mode(tmp_path / "usb") == 0o700
        assert run(["--user", "admin", "restore", copy, "--yes"]) == 0
        close_database()
        aside = next(data.glob("hall_desk.sqlite3.before-restore-*"))
        assert mode(aside) == 0o600 and mode(db) == 0o600

        # an older version's files, readable by all: tightened when opened; .bak-v1 is 0600
        old = tmp_path / "old" / "hall.sqlite3"
        old.parent.mkdir()
        os.chmod(old.parent, 0o755)
        shutil.copy(Path(__file__).resolve().parent.parent / "data" / "schema_v1.sqlite3", old)
        os.chmod(old, 0o644)
        stray = old.with_name("hall.sqlite3.before-restore-20260101-000000")
        stray.write_bytes(b"x")
        os.chmod(stray, 0o644)
        os.chmod(data, 0o755)
        os.chmod(db, 0o644)
        assert run(["--db", str(old), "queue", "--json"]) == 0
        close_database()
        assert mode(old) == 0o600 and mode(stray) == 0o600
        assert mode(old.with_name("hall.sqlite3.bak-v1")) == 0o600
        assert mode(old.parent) == 0o755          # a folder the user chose keeps its mode
        assert run(["queue", "--json"]) == 0
        close_database()
        assert mode(db) == 0o600 and mode(data) == 0o700   # the app's own folder is tightened
    finally:
        os.umask(previous)
