"""``hall-desk headoffice init|queue|show|stats|halls|pdf|verify-pdf`` on a head office that
received two demo halls' packages: the first login made once, every command logged in as
the head office, JSON that parses, a printed record that verifies; a refusal (no login, a
wrong PIN, a hall's database, an ambiguous number) one line on stderr, exit status 2."""

from __future__ import annotations

import json

import pytest

from hall_desk.store.headoffice import close_headoffice
from tests.cli_helpers import cli, one_clear_line

PIN = "246810"


def _ho(capsys, ho, *args):
    try:
        return cli(capsys, "headoffice", *args, "--db", str(ho))
    finally:
        close_headoffice()


@pytest.fixture
def ho(tmp_path, capsys, monkeypatch):
    """Two demo halls (different seeds), each's first package imported, the login made."""
    usb = tmp_path / "usb"
    usb.mkdir()
    for name, seed in (("a", "1"), ("b", "2")):
        hall = tmp_path / f"{name}.sqlite3"
        assert cli(capsys, "--db", str(hall), "demo", "--tickets", "6", "--seed", seed)[0] == 0
        if name == "a":              # a record printed at the hall: its version travels
            number = json.loads(cli(capsys, "--db", str(hall), "queue", "--json")[1])[0]["number"]
            monkeypatch.setenv("HALL_DESK_PIN", "111111")
            assert cli(capsys, "--db", str(hall), "pdf", "record", number, "-o",
                       str(tmp_path / "at-the-hall.pdf"), "--user", "wangli")[0] == 0
        monkeypatch.setenv("HALL_DESK_PIN", "000000")
        assert cli(capsys, "--db", str(hall), "package", "export", "--to", str(usb),
                   "--user", "admin")[0] == 0
    path = tmp_path / "ho.sqlite3"
    monkeypatch.setenv("HALL_DESK_PIN", PIN)
    code, out, err = _ho(capsys, path, "init", "--login", "zongbu", "--name", "总部督办")
    assert code == 0 and "zongbu" in out, err
    for package in sorted(usb.iterdir()):       # read in by the head office's login
        try:
            assert cli(capsys, "package", "import", str(package), "--db", str(path),
                       "--user", "zongbu")[0] == 0
        finally:
            close_headoffice()
    return path


def test_queue_halls_stats_and_show_as_json(capsys, ho):
    code, out, err = _ho(capsys, ho, "halls", "--json", "--user", "zongbu")
    halls = json.loads(out)
    assert code == 0 and len(halls) == 2 and all(h["last_sequence"] == 1 for h in halls)
    code, out, _ = _ho(capsys, ho, "queue", "--status", "all", "--json", "--limit", "100",
                       "--user", "zongbu")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 12 and {r["hall_id"] for r in rows} == \
        {h["hall_id"] for h in halls}
    one = rows[0]
    code, out, _ = _ho(capsys, ho, "queue", "--status", "all", "--json", "--user", "zongbu",
                       "--hall", one["hall_id"][:8])
    assert code == 0 and {r["hall_id"] for r in json.loads(out)} == {one["hall_id"]}
    code, out, _ = _ho(capsys, ho, "show", one["number"], "--hall", one["hall_id"][:8],
                       "--json", "--user", "zongbu")
    shown = json.loads(out)
    assert code == 0 and shown["row"]["number"] == one["number"] and shown["history"]
    code, out, _ = _ho(capsys, ho, "stats", "--from", "2000-01-01", "--to", "2100-12-31",
                       "--json", "--user", "zongbu")
    lines = json.loads(out)
    assert code == 0 and len(lines) == 3 and lines[-1]["received"] == 12
    code, out, _ = _ho(capsys, ho, "stats", "--from", "2000-01-01", "--to", "2100-12-31",
                       "--user", "zongbu")
    assert code == 0 and out.splitlines()[0].startswith("营业厅\t受理")


def test_a_printed_record_of_an_imported_version_verifies(capsys, ho, tmp_path):
    code, out, _ = _ho(capsys, ho, "queue", "--status", "all", "--json", "--limit", "100",
                       "--user", "zongbu")
    rows = json.loads(out)
    printed = None
    for row in rows:
        target = tmp_path / "record.pdf"
        code, out, err = _ho(capsys, ho, "pdf", row["number"], "--hall", row["hall_id"][:8],
                             "-o", str(target), "--user", "zongbu")
        if code == 0:
            printed = target
            break
        assert "尚未上报记录表" in err
    assert printed is not None, "no demo ticket with a record version"
    assert printed.read_bytes() == (tmp_path / "at-the-hall.pdf").read_bytes()
    code, out, _ = _ho(capsys, ho, "verify-pdf", str(printed), "--user", "zongbu")
    assert code == 0 and "完全一致" in out
    data = bytearray(printed.read_bytes())
    at = data.index(b"stream") + 40
    data[at] = (data[at] + 1) % 256
    printed.write_bytes(bytes(data))
    code, out, _ = _ho(capsys, ho, "verify-pdf", str(printed), "--user", "zongbu")
    assert code == 1


def test_another_login_is_added_by_a_head_office_login(capsys, ho, monkeypatch):
    monkeypatch.setenv("HALL_DESK_NEW_PIN", "135790")
    code, out, err = _ho(capsys, ho, "add-login", "--login", "lisi", "--name", "李四",
                         "--user", "zongbu")
    assert code == 0 and "lisi" in out, err
    monkeypatch.setenv("HALL_DESK_PIN", "135790")
    code, out, _ = _ho(capsys, ho, "halls", "--json", "--user", "lisi")
    assert code == 0 and len(json.loads(out)) == 2
    code, out, err = _ho(capsys, ho, "add-login", "--login", "lisi", "--name", "李四",
                         "--user", "lisi")
    assert code == 2 and one_clear_line(err) and "lisi" in err


def test_refusals_are_one_line(capsys, ho, tmp_path, monkeypatch):
    code, out, err = _ho(capsys, ho, "queue")
    assert code == 2 and one_clear_line(err) and "--user" in err
    monkeypatch.setenv("HALL_DESK_PIN", "111111")
    code, out, err = _ho(capsys, ho, "queue", "--user", "zongbu")
    assert code == 2 and one_clear_line(err) and "PIN" in err
    monkeypatch.setenv("HALL_DESK_PIN", "111111")
    code, out, err = _ho(capsys, tmp_path / "a.sqlite3", "halls", "--user", "wangli")
    assert code == 2 and one_clear_line(err) and "不是总部数据库" in err
    monkeypatch.setenv("HALL_DESK_PIN", PIN)
    code, out, err = _ho(capsys, ho, "init", "--login", "again", "--name", "又一人")
    assert code == 2 and one_clear_line(err) and "已有登录" in err
    code, out, err = _ho(capsys, ho, "stats", "--from", "2026-12-01", "--to", "2026-11-01",
                         "--user", "zongbu")
    assert code == 2 and one_clear_line(err)
    code, out, err = cli(capsys, "headoffice", "halls", "--user", "zongbu")
    assert code == 2 and "--database-url" in err


def test_the_program_on_a_head_offices_database_opens_the_head_offices_window(
        capsys, ho, tmp_path, monkeypatch):
    from hall_desk import app
    from hall_desk.cli import run

    seen = []

    def window(rt):
        from hall_desk.services import headoffice

        seen.append((rt.headoffice, headoffice.logins() if rt.headoffice else None))
        return 0

    monkeypatch.setattr(app, "run_window", window)
    try:
        assert run(["--db", str(ho)]) == 0
    finally:
        close_headoffice()
    assert seen == [(True, [("zongbu", "总部督办")])]
    hall = tmp_path / "a.sqlite3"
    assert run(["--db", str(hall)]) == 0       # a hall's database: the hall's window
    assert seen[-1][0] is False
    import sqlite3

    con = sqlite3.connect(hall)
    try:                                        # nothing of a head office made in it
        assert con.execute("SELECT count(*) FROM sqlite_master WHERE name = 'ho_staff'") \
            .fetchone()[0] == 0
    finally:
        con.close()
