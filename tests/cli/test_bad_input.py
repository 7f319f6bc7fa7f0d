"""Bad input gets a clear answer: one line in the user's language, exit 2, nothing lost.

Each case is one an attacker's probe turned into 意外错误 or a silent wrong result: huge
numbers and deep nesting in intake JSON, wrong types, invisible direction characters, a
damaged or missing schema version, a read-only database, a full disk during an export and a
reader that closes the pipe."""

from __future__ import annotations

import errno
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from hall_desk.cli import run
from tests import cli_helpers as helpers
from tests.cli_helpers import cli
from hall_desk.core.errors import FieldError
from hall_desk.core.validation import clean_text
from hall_desk.store.connection import close_database

ROOT = Path(__file__).resolve().parents[2]
GOOD = {"kind": "complaint", "customer_name": "周九", "phone": "13500001111",
        "content": "营业厅空调坏了", "demand": "修好"}


@pytest.fixture
def demo_db(tmp_path):
    path = tmp_path / "hall.sqlite3"
    assert run(["--db", str(path), "demo", "--tickets", "3"]) == 0
    close_database()
    return path



def one_clear_line(err: str) -> str:
    """One clear line, which names no Python error class either."""
    line = helpers.one_clear_line(err)
    assert "Error" not in err, err
    return line


def query(path: Path, sql: str, *params):
    """One statement on the file, the connection closed after it (no WAL files left)."""
    conn = sqlite3.connect(path)
    try:
        with conn:
            return conn.execute(sql, params).fetchone()
    finally:
        conn.close()


def tickets_in(path: Path) -> int:
    return query(path, "SELECT COUNT(*) FROM ticket")[0]


def intake(capsys, path: Path, tmp_path: Path, text: str):
    source = tmp_path / "in.json"
    source.write_text(text, encoding="utf-8")
    return cli(capsys, "--db", str(path), "intake", "--json", str(source))


# -- intake JSON ---------------------------------------------------------------------------

def test_a_5000_digit_number_is_refused_naming_the_field(demo_db, capsys, tmp_path):
    before = tickets_in(demo_db)
    text = json.dumps(GOOD, ensure_ascii=False)[:-1] + ', "phone": ' + "9" * 5000 + "}"
    code, out, err = intake(capsys, demo_db, tmp_path, text)
    line = one_clear_line(err)
    assert code == 2 and "电话" in line and "5000位" in line, line
    assert tickets_in(demo_db) == before


@pytest.mark.parametrize("sheet", ["handover", "reception"])
def test_a_5000_digit_record_id_is_refused(demo_db, capsys, tmp_path, sheet, monkeypatch):
    monkeypatch.setenv("HALL_DESK_PIN", "3333")        # printing needs a login
    code, out, err = cli(capsys, "--db", str(demo_db), "--user", "liuyang", "pdf", sheet,
                         "9" * 5000,
                         "-o", str(tmp_path / "x.pdf"))
    line = one_clear_line(err)
    assert code == 2 and "ID的数字有5000位" in line, line
    assert not (tmp_path / "x.pdf").exists()


def test_deep_nesting_is_refused_without_a_recursion_error(demo_db, capsys, tmp_path):
    code, out, err = intake(capsys, demo_db, tmp_path, "[" * 100_000 + "]" * 100_000)
    assert code == 2 and "嵌套过深" in one_clear_line(err)
    # brackets inside strings are text, not nesting
    deep_text = dict(GOOD, content="[[[[" * 50 + "{{{{" * 50)
    code, out, err = intake(capsys, demo_db, tmp_path, json.dumps(deep_text, ensure_ascii=False))
    assert code == 0, err


@pytest.mark.parametrize("field", ["customer_name", "phone", "address", "content", "demand",
                                   "evidence_note", "business_type"])
@pytest.mark.parametrize("value", [123, 1.5, True, ["文字"], {"a": "b"}])
def test_a_text_field_refuses_what_is_not_text(demo_db, capsys, tmp_path, field, value):
    if field == "phone" and value == 123:
        value = 12.5             # digits of a phone number as a JSON number are allowed
    before = tickets_in(demo_db)
    code, out, err = intake(capsys, demo_db, tmp_path,
                            json.dumps(dict(GOOD, **{field: value}), ensure_ascii=False))
    line = one_clear_line(err)
    assert code == 2 and f"{field}:" in line and "须为文字" in line, line
    assert tickets_in(demo_db) == before


def test_content_123_is_not_stored_as_text(demo_db, capsys, tmp_path):
    code, out, err = intake(capsys, demo_db, tmp_path, json.dumps(dict(GOOD, content=123)))
    assert code == 2 and "content: 事由须为文字" in one_clear_line(err), err


@pytest.mark.parametrize("char", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066",
                                  "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u200b",
                                  "\ufeff", "\u00ad", "\u061c"])
def test_invisible_format_characters_are_refused(char):
    with pytest.raises(FieldError) as caught:
        clean_text("customer_name", f"张{char}三", required=True, max_len=32)
    message = caught.value.message()
    assert f"U+{ord(char):04X}" in message and message.startswith("客户姓名")
    with pytest.raises(FieldError):
        clean_text("content", f"第一行\n第二{char}行", required=True, max_len=100, multiline=True)


def test_a_right_to_left_override_in_a_name_is_refused(demo_db, capsys, tmp_path):
    before = tickets_in(demo_db)
    code, out, err = intake(capsys, demo_db, tmp_path, json.dumps(
        dict(GOOD, customer_name="张三\u202e四李"), ensure_ascii=False))
    line = one_clear_line(err)
    assert code == 2 and "customer_name: 客户姓名" in line and "U+202E" in line, line
    assert tickets_in(demo_db) == before


# -- the schema version ----------------------------------------------------------------------

def set_version(path: Path, value: str | None) -> None:
    if value is None:
        query(path, "DELETE FROM setting WHERE key = 'schema_version'")
    else:
        query(path, "UPDATE setting SET value = ? WHERE key = 'schema_version'", value)


@pytest.mark.parametrize("value", ["abc", '"3"', "2.5", "-1", "true"])
def test_a_damaged_schema_version_is_named(demo_db, capsys, value):
    set_version(demo_db, value)
    code, out, err = cli(capsys, "--db", str(demo_db), "queue")
    line = one_clear_line(err)
    assert code == 2 and "数据库已损坏或版本未知" in line and value[:5] in line, line
    assert query(demo_db, "SELECT value FROM setting WHERE key = 'schema_version'") == (value,)
    assert not list(demo_db.parent.glob("*.bak-v*"))      # no migration was started


def test_restoring_a_copy_with_a_damaged_schema_version_is_refused(demo_db, capsys, tmp_path):
    copy = tmp_path / "copy.sqlite3"
    shutil.copy(demo_db, copy)
    set_version(copy, "abc")
    before = tickets_in(demo_db)
    code, out, err = cli(capsys, "--db", str(demo_db), "restore", str(copy), "--yes")
    line = one_clear_line(err)
    assert code == 2 and str(copy) in line and "'abc'" in line, line
    assert tickets_in(demo_db) == before


def test_a_missing_version_row_on_a_populated_database_is_not_migrated(demo_db, capsys):
    set_version(demo_db, None)
    before = tickets_in(demo_db)
    code, out, err = cli(capsys, "--db", str(demo_db), "queue")
    line = one_clear_line(err)
    assert code == 2 and "缺少版本记录" in line, line
    assert not list(demo_db.parent.glob("*.bak-v*"))      # no migration was started
    assert query(demo_db, "SELECT value FROM setting WHERE key = 'schema_version'") is None
    assert tickets_in(demo_db) == before
    code, out, err = cli(capsys, "--lang", "en", "--db", str(demo_db), "queue")
    assert code == 2 and "no version record" in one_clear_line(err)
    query(demo_db, "DROP TABLE setting")                  # the whole settings table gone
    code, out, err = cli(capsys, "--db", str(demo_db), "queue")
    assert code == 2 and "缺少版本记录" in one_clear_line(err)
    assert tickets_in(demo_db) == before and not list(demo_db.parent.glob("*.bak-v*"))


# -- a database that cannot be written -------------------------------------------------------

READ_ONLY = [["queue", "--json"], ["show", "NUMBER", "--json"], ["audit", "verify"],
             ["stats", "--from", "2020-01-01", "--to", "2030-12-31", "--json"],
             ["sla", "--kind", "complaint", "--received", "2026-11-02 09:00"]]


def first_number(path: Path) -> str:
    return query(path, "SELECT number FROM ticket ORDER BY id")[0]


def check_read_only(capsys, path: Path, number: str) -> None:
    for command in READ_ONLY:
        args = [number if a == "NUMBER" else a for a in command]
        code, out, err = cli(capsys, "--db", str(path), *args)
        assert code == 0, (command, err)
        assert out.strip() and "只读方式打开" in err and "Traceback" not in err
    code, out, err = cli(capsys, "--db", str(path), "demo", "--tickets", "1")
    line = one_clear_line(err)
    assert code == 2 and "只读" in line and "未能保存" in line, line


def test_read_only_commands_work_when_the_file_cannot_be_opened_for_writing(
        demo_db, capsys, monkeypatch):
    """Simulated: opening for writing fails as SQLite fails in a read-only folder."""
    from hall_desk.core.errors import StoreError
    from hall_desk.store import connection

    def cannot_write(*, path=None, url=None, migrate=True, **_):
        raise StoreError("error.db_open", detail=f"{path}: unable to open database file")
    monkeypatch.setattr(connection, "open_database", cannot_write)
    before = demo_db.read_bytes()
    check_read_only(capsys, demo_db, first_number(demo_db))
    assert demo_db.read_bytes() == before


def _chattr(flag: str, *paths: Path) -> bool:
    try:
        return subprocess.run(["chattr", flag, *map(str, paths)],
                              capture_output=True).returncode == 0
    except OSError:
        return False


def test_read_only_folder_for_real(demo_db, capsys):
    """An immutable folder: even root cannot create the WAL files SQLite wants there."""
    folder = demo_db.parent / "locked"
    folder.mkdir()
    path = folder / demo_db.name
    shutil.move(demo_db, path)
    number = first_number(path)
    if not _chattr("+i", folder):
        pytest.skip("chattr +i is not allowed here")
    try:
        with pytest.raises(OSError):
            (folder / "probe").write_text("x")
        check_read_only(capsys, path, number)
    finally:
        _chattr("-i", folder)


# -- a full disk during an export ------------------------------------------------------------

def test_full_disk_during_a_csv_export(demo_db, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("HALL_DESK_PIN", "3333")        # exports need a login

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(os, "fsync", full)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "ledger.csv"
    code, out, err = cli(capsys, "--db", str(demo_db), "--user", "liuyang", "export",
                         "--format", "csv", "--from", "2020-01-01", "--to", "2030-12-31",
                         "-o", str(target))
    line = one_clear_line(err)
    assert code == 2 and "磁盘已满" in line and str(target) in line, line
    assert list(out_dir.iterdir()) == []


# -- a closed pipe -------------------------------------------------------------------------

class _ClosedPipe:
    def write(self, text):
        raise BrokenPipeError(errno.EPIPE, "Broken pipe")

    def flush(self):
        raise BrokenPipeError(errno.EPIPE, "Broken pipe")


def test_a_closed_pipe_ends_quietly(demo_db, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdout", _ClosedPipe())
    try:
        code = run(["--db", str(demo_db), "queue", "--json"])
    finally:
        close_database()
        monkeypatch.undo()
    assert code == 0
    assert capsys.readouterr().err == ""


def test_queue_json_into_head_for_real(demo_db, tmp_path):
    """``queue --json | head -1``: the real process, its output larger than the pipe (shrunk
    to one page), so it is still writing when the reader goes away."""
    fcntl = pytest.importorskip("fcntl")
    if not hasattr(fcntl, "F_SETPIPE_SZ"):
        pytest.skip("cannot size a pipe here")
    env = dict(os.environ, PYTHONPATH=str(ROOT), HALL_DESK_PIN="000000")   # demo: the admin
    command = [sys.executable, "-m", "hall_desk", "--db", str(demo_db), "--user", "admin",
               "demo", "--tickets", "40"]
    subprocess.run(command, env=env, capture_output=True, check=True, timeout=300)
    read_end, write_end = os.pipe()
    fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, 4096)
    proc = subprocess.Popen([sys.executable, "-m", "hall_desk", "--db", str(demo_db), "queue",
                             "--json"], env=env, stdout=write_end, stderr=subprocess.PIPE)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as reader:
        first = reader.readline()             # what head reads, then it closes the pipe
    err = proc.stderr.read().decode("utf-8")
    assert proc.wait(timeout=120) == 0 and first.strip() == b"["
    assert err == "", err
