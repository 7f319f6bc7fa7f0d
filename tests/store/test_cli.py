"""The command line on a real database file: set-up, demo, and errors as one line, exit 2."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from hall_desk import __version__, config
from hall_desk.cli import run
from hall_desk.store.connection import close_database
from hall_desk.store.models import Staff, Ticket


@pytest.fixture
def cli(tmp_path):
    db = tmp_path / "cli.sqlite3"

    def call(*args: str) -> int:
        try:
            return run(["--db", str(db), *args])
        finally:
            close_database()
    return call


def test_version_via_real_entry_point(tmp_path):
    out = subprocess.run([sys.executable, "-m", "hall_desk", "--version"], capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0 and out.stdout.strip() == f"hall-desk {__version__}"


def test_init_non_interactive_then_refused_twice(cli, capsys):
    assert cli("--counter", "b3", "init", "--hall", "城西营业厅", "--admin-name", "李管理",
               "--admin-login", "li", "--admin-pin", "2468") == 0
    assert "城西营业厅" in capsys.readouterr().out
    assert config.load().counter_code == "B3"
    assert cli("init", "--hall", "x", "--admin-name", "y", "--admin-login", "yy",
               "--admin-pin", "1234") == 2
    err = capsys.readouterr().err
    assert err.strip() == "错误：本大厅已完成初始设置"


def test_init_bad_input_names_the_field(cli, capsys):
    assert cli("--lang", "en", "--counter", "A1", "init", "--hall", "x", "--admin-name", "y",
               "--admin-login", "yy", "--admin-pin", "12") == 2
    err = capsys.readouterr().err.strip()
    assert err == "error: pin: The PIN must be 4 to 8 digits"
    assert "\n" not in err


def test_init_without_terminal_says_what_is_missing(cli, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", open(os.devnull))
    assert cli("--counter", "A1", "init") == 2
    assert "大厅名称" in capsys.readouterr().err


def test_demo_fills_a_hall(cli, capsys, tmp_path):
    assert cli("demo", "--tickets", "40") == 0
    out = capsys.readouterr().out
    assert "40" in out and "wangli" in out and "PIN 1111" in out
    from hall_desk.store.connection import open_database

    open_database(path=tmp_path / "cli.sqlite3")
    try:
        assert Ticket.select().count() == 40
        assert Staff.select().count() == 6
        kinds = {t.kind for t in Ticket.select(Ticket.kind)}
        assert kinds == {"complaint", "request", "report", "consultation", "suggestion"}
        assert Ticket.select().where(Ticket.anonymous == True).count() > 0  # noqa: E712
    finally:
        close_database()
    assert cli("demo", "--tickets", "-1") == 2


def test_bad_database_is_one_line(tmp_path, capsys):
    bad = tmp_path / "not-a-db.sqlite3"
    bad.write_bytes(b"this is not a database" * 100)
    assert run(["--db", str(bad), "demo", "--tickets", "1"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    close_database()
