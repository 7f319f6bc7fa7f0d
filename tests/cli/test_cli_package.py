"""``hall-desk package export`` at the hall and ``package import`` at the head office: a
package written and read in, read again as "already imported", and every refusal one line on
stderr with exit status 2 and nothing imported."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from hall_desk.store.headoffice import close_headoffice
from tests.cli_helpers import cli, one_clear_line


@pytest.fixture
def hall_db(tmp_path, capsys):
    path = tmp_path / "hall.sqlite3"
    assert cli(capsys, "--db", str(path), "demo", "--tickets", "3")[0] == 0
    return path


@pytest.fixture
def usb(tmp_path):
    folder = tmp_path / "usb"
    folder.mkdir()
    return folder


def export(capsys, monkeypatch, hall_db, usb, user="admin", pin="000000"):
    monkeypatch.setenv("HALL_DESK_PIN", pin)
    return cli(capsys, "--db", str(hall_db), "package", "export", "--to", str(usb),
               "--user", user)


HO_PIN = "13572468"


def head_office(capsys, monkeypatch, ho: Path) -> Path:
    """The head office's database, set up with its administrator ``hqadmin`` (once), whose
    PIN the import commands log in with."""
    if not ho.exists():
        code, out, err = cli(capsys, "--db", str(ho), "--counter", "HQ", "init", "--hall", "总部",
                             "--admin-name", "总部管理员", "--admin-login", "hqadmin",
                             "--admin-pin", HO_PIN)
        assert code == 0, err
    monkeypatch.setenv("HALL_DESK_PIN", HO_PIN)
    return ho


def import_(capsys, path, ho: Path, *more, user="hqadmin"):
    try:
        return cli(capsys, *more, "package", "import", str(path), "--database-url",
                   f"sqlite:///{ho}", "--user", user)
    finally:
        close_headoffice()


def note_on_duty(hall_db: Path) -> None:
    """A change at the hall between two packages: a duty-log line."""
    from hall_desk.services import duty, staff
    from hall_desk.store.connection import close_database, open_database

    open_database(path=hall_db)
    try:
        duty.add(staff.authenticate("liuyang", "3333", "A1"), "note", "门口地滑，已放提示牌。")
    finally:
        close_database()


def ho_rows(ho: Path, table: str) -> int:
    if not ho.exists():
        return 0
    con = sqlite3.connect(ho)
    try:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        con.close()


def test_export_then_import_then_again(capsys, monkeypatch, hall_db, usb, tmp_path):
    code, out, err = export(capsys, monkeypatch, hall_db, usb)
    assert code == 0 and err == "", err
    files = list(usb.glob("*.hdpkg"))
    assert len(files) == 1 and "第 1 号数据包已写入" in out and str(files[0]) in out
    code, out, err = export(capsys, monkeypatch, hall_db, usb)
    assert code == 0 and "没有变化" in out and len(list(usb.iterdir())) == 1

    ho = head_office(capsys, monkeypatch, tmp_path / "ho.sqlite3")
    code, out, err = import_(capsys, files[0], ho)
    assert code == 0 and err == "" and "已导入营业厅" in out and "第 1 号" in out, (out, err)
    kept = ho_rows(ho, "ho_chain_row")
    assert kept > 0 and ho_rows(ho, "ho_package") == 1
    code, out, err = import_(capsys, files[0], ho, "--lang", "en")
    assert code == 0 and "imported before; nothing changed" in out
    assert ho_rows(ho, "ho_chain_row") == kept and ho_rows(ho, "ho_package") == 1


def test_import_also_takes_a_sqlite_file_with_db(capsys, monkeypatch, hall_db, usb, tmp_path):
    export(capsys, monkeypatch, hall_db, usb)
    ho = head_office(capsys, monkeypatch, tmp_path / "ho.sqlite3")
    try:
        code, out, _ = cli(capsys, "package", "import", str(next(usb.glob("*.hdpkg"))),
                           "--db", str(ho), "--user", "hqadmin")
    finally:
        close_headoffice()
    assert code == 0 and ho_rows(ho, "ho_package") == 1


def test_import_without_a_head_office_database_is_refused(capsys, monkeypatch, hall_db, usb):
    export(capsys, monkeypatch, hall_db, usb)
    code, out, err = cli(capsys, "package", "import", str(next(usb.glob("*.hdpkg"))))
    assert code == 2 and out == "" and "--database-url" in one_clear_line(err)


def test_an_altered_package_is_refused_in_one_line(capsys, monkeypatch, hall_db, usb, tmp_path):
    export(capsys, monkeypatch, hall_db, usb)
    path = next(usb.glob("*.hdpkg"))
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    ho = head_office(capsys, monkeypatch, tmp_path / "ho.sqlite3")
    code, out, err = import_(capsys, path, ho)
    line = one_clear_line(err)
    assert code == 2 and out == "" and "已损坏或被改动" in line and path.name in line
    assert ho_rows(ho, "ho_chain_row") == 0 and ho_rows(ho, "ho_hall") == 0


def test_a_gap_is_refused_naming_the_missing_package(capsys, monkeypatch, hall_db, usb,
                                                     tmp_path):
    export(capsys, monkeypatch, hall_db, usb)
    note_on_duty(hall_db)
    export(capsys, monkeypatch, hall_db, usb)
    second = sorted(usb.glob("*.hdpkg"))[1]
    ho = head_office(capsys, monkeypatch, tmp_path / "ho.sqlite3")
    code, out, err = import_(capsys, second, ho, "--lang", "en")
    line = one_clear_line(err)
    assert code == 2 and "package 1 is missing" in line, line


def test_export_refusals_are_one_line(capsys, monkeypatch, hall_db, usb, tmp_path):
    code, out, err = export(capsys, monkeypatch, hall_db, tmp_path / "no-stick")
    assert code == 2 and "no-stick" in one_clear_line(err)
    code, out, err = export(capsys, monkeypatch, hall_db, usb, user="liuyang", pin="3333")
    assert code == 2 and out == "" and one_clear_line(err)
    assert list(usb.iterdir()) == []
    ho = head_office(capsys, monkeypatch, tmp_path / "ho.sqlite3")
    code, out, err = cli(capsys, "package", "import", str(usb / "none.hdpkg"), "--db",
                         str(ho), "--user", "hqadmin")
    assert code == 2 and "none.hdpkg" in one_clear_line(err)


@pytest.mark.postgres
def test_import_into_postgresql(capsys, monkeypatch, hall_db, usb, pg_url):
    export(capsys, monkeypatch, hall_db, usb)
    path = next(usb.glob("*.hdpkg"))
    code, out, err = cli(capsys, "--database-url", pg_url, "--counter", "HQ", "init",
                         "--hall", "总部", "--admin-name", "总部管理员", "--admin-login", "hqadmin",
                         "--admin-pin", HO_PIN)
    assert code == 0, err
    monkeypatch.setenv("HALL_DESK_PIN", HO_PIN)
    for expected in ("已导入营业厅", "已导入过"):
        try:
            code, out, err = cli(capsys, "package", "import", str(path), "--database-url", pg_url,
                                 "--user", "hqadmin")
        finally:
            close_headoffice()
        assert code == 0 and expected in out, (out, err)


def test_import_needs_a_head_office_administrator(capsys, monkeypatch, hall_db, usb, tmp_path):
    """Part 1 let anyone read a package into the head office: now a login there, with the
    ``import_package`` right."""
    export(capsys, monkeypatch, hall_db, usb)
    path = next(usb.glob("*.hdpkg"))
    ho = head_office(capsys, monkeypatch, tmp_path / "ho.sqlite3")
    monkeypatch.setenv("HALL_DESK_NEW_PIN", "8642")
    code, out, err = cli(capsys, "--db", str(ho), "--user", "hqadmin", "staff", "add", "duban",
                         "--name", "督办员", "--role", "counter")
    assert code == 0, err
    try:
        code, out, err = cli(capsys, "package", "import", str(path), "--db", str(ho))
    finally:
        close_headoffice()
    assert code == 2 and out == "" and one_clear_line(err)          # no login: refused
    monkeypatch.setenv("HALL_DESK_PIN", "8642")
    code, out, err = import_(capsys, path, ho, user="duban")
    assert code == 2 and out == "" and one_clear_line(err)
    assert ho_rows(ho, "ho_package") == 0
    monkeypatch.setenv("HALL_DESK_PIN", HO_PIN)
    code, out, err = import_(capsys, path, ho)
    assert code == 0 and ho_rows(ho, "ho_package") == 1


def test_a_hall_restored_from_an_older_backup(capsys, monkeypatch, hall_db, usb, tmp_path):
    """Restored from a copy taken after package 1: this PC refuses to write package 2 again;
    written elsewhere all the same, the head office refuses it, naming the hall."""
    import shutil

    ho = head_office(capsys, monkeypatch, tmp_path / "ho.sqlite3")
    export(capsys, monkeypatch, hall_db, usb)
    shutil.copyfile(hall_db, tmp_path / "backup.sqlite3")
    note_on_duty(hall_db)
    export(capsys, monkeypatch, hall_db, usb)
    monkeypatch.setenv("HALL_DESK_PIN", HO_PIN)
    for path in sorted(usb.glob("*.hdpkg")):
        assert import_(capsys, path, ho)[0] == 0
    shutil.copyfile(tmp_path / "backup.sqlite3", hall_db)          # the restore
    for suffix in ("-wal", "-shm"):
        hall_db.with_name(hall_db.name + suffix).unlink(missing_ok=True)
    note_on_duty(hall_db)
    other = tmp_path / "other-stick"
    other.mkdir()
    code, out, err = export(capsys, monkeypatch, hall_db, other)
    line = one_clear_line(err)
    assert code == 2 and out == "" and "第 2 号" in line and "备份" in line
    assert list(other.iterdir()) == []
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "second-pc"))   # no journal there
    code, out, err = export(capsys, monkeypatch, hall_db, other)
    assert code == 0, err
    monkeypatch.setenv("HALL_DESK_PIN", HO_PIN)
    code, out, err = import_(capsys, next(other.glob("*.hdpkg")), ho, "--lang", "en")
    line = one_clear_line(err)
    assert code == 2 and out == "" and "another package 2 of hall 城东供电营业厅" in line, line
    assert ho_rows(ho, "ho_package") == 2
