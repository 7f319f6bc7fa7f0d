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
               "--admin-login", "li", "--admin-pin", "246813") == 0
    assert "城西营业厅" in capsys.readouterr().out
    assert config.load().counter_code == "B3"
    assert cli("init", "--hall", "x", "--admin-name", "y", "--admin-login", "yy",
               "--admin-pin", "123456") == 2
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
    assert "wangli" in out and "PIN 111111" in out
    from hall_desk.store.connection import open_database

    open_database(path=tmp_path / "cli.sqlite3")
    try:
        made = Ticket.select().count()
        assert made == 40 and "40" in out
        assert Staff.select().count() == 6
        kinds = {t.kind for t in Ticket.select(Ticket.kind)}
        assert kinds == {"complaint", "request", "report", "consultation", "suggestion"}
        from hall_desk.core.enums import TicketStatus

        assert {t.status for t in Ticket.select(Ticket.status)} == set(TicketStatus.codes())
        from hall_desk.services import attachments
        from hall_desk.store.models import Attachment

        assert Attachment.select().count() > 0
        assert all(attachments.verify(a.id) for a in Attachment.select(Attachment.id))
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


def test_intake_show_queue_and_sla(cli, capsys, tmp_path):
    import json

    assert cli("--counter", "C1", "init", "--hall", "厅", "--admin-name", "管", "--admin-login",
               "adm", "--admin-pin", "123456") == 0
    capsys.readouterr()
    batch = tmp_path / "batch.json"
    batch.write_text(json.dumps([
        {"kind": "complaint", "channel": "phone", "category": "服务质量", "customer_name": "王五",
         "phone": "13800001111", "content": "<b>&\"", "demand": "赔偿", "anonymous": True},
        {"kind": "suggestion", "channel": "letter", "category": "other", "customer_name": "",
         "phone": "", "content": "建议", "demand": "", "anonymous": False},
    ], ensure_ascii=False), encoding="utf-8")
    assert cli("intake", "--json", str(batch)) == 0
    first, second = capsys.readouterr().out.split()
    assert first.startswith("TS-") and "-C1-" in first and second.startswith("JY-")
    assert cli("show", first, "--json") == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["content"] == "<b>&\"" and shown["status"] == "registered"
    assert "王五" not in json.dumps(shown, ensure_ascii=False)
    assert "13800001111" not in json.dumps(shown) and shown["phone"] == ""
    assert shown["history"][0]["actor"] == "[命令行]"
    assert cli("queue", "--json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert {row["number"] for row in listed} == {first, second}
    assert all("王五" not in row["customer"] for row in listed)
    assert cli("sla", "--kind", "suggestion", "--received", "2026-09-30 16:00") == 0
    assert json.loads(capsys.readouterr().out) == [{
        "rule": "suggestion_feedback", "label": "建议反馈", "due": "2026-10-13T17:30",
        "unit": "working_days", "agreed": False, "provisional": False, "moved_from": None,
        "moved_reason": ""}]


def test_intake_is_all_or_nothing(cli, capsys, tmp_path):
    import json

    assert cli("--counter", "C1", "init", "--hall", "厅", "--admin-name", "管", "--admin-login",
               "adm", "--admin-pin", "123456") == 0
    capsys.readouterr()
    batch = tmp_path / "bad.json"
    batch.write_text(json.dumps([
        {"kind": "consultation", "content": "好的一张"},
        {"kind": "complaint", "channel": "fax", "category": "nope", "customer_name": "x",
         "phone": "123", "content": "c", "demand": "d", "anonymous": False, "colour": "red"},
    ]), encoding="utf-8")
    assert cli("intake", "--json", str(batch)) == 2
    err = capsys.readouterr().err
    for key in ("[1].channel", "[1].category", "[1].phone", "[1].colour"):
        assert key in err
    assert "[0]" not in err and err.count("\n") == 1
    assert cli("queue", "--json") == 0
    assert json.loads(capsys.readouterr().out) == []
    batch.write_text("{not json", encoding="utf-8")
    assert cli("intake", "--json", str(batch)) == 2
    assert "JSON" in capsys.readouterr().err
    assert cli("sla", "--kind", "complaint", "--received", "yesterday") == 2
    assert "yesterday" in capsys.readouterr().err
