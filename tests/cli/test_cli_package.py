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


def import_(capsys, path, ho: Path, *more):
    try:
        return cli(capsys, *more, "package", "import", str(path), "--database-url",
                   f"sqlite:///{ho}")
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

    ho = tmp_path / "ho.sqlite3"
    code, out, err = import_(capsys, files[0], ho)
    assert code == 0 and err == "" and "已导入营业厅" in out and "第 1 号" in out, (out, err)
    kept = ho_rows(ho, "ho_chain_row")
    assert kept > 0 and ho_rows(ho, "ho_package") == 1
    code, out, err = import_(capsys, files[0], ho, "--lang", "en")
    assert code == 0 and "imported before; nothing changed" in out
    assert ho_rows(ho, "ho_chain_row") == kept and ho_rows(ho, "ho_package") == 1


def test_import_also_takes_a_sqlite_file_with_db(capsys, monkeypatch, hall_db, usb, tmp_path):
    export(capsys, monkeypatch, hall_db, usb)
    ho = tmp_path / "ho.sqlite3"
    try:
        code, out, _ = cli(capsys, "package", "import", str(next(usb.glob("*.hdpkg"))),
                           "--db", str(ho))
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
    ho = tmp_path / "ho.sqlite3"
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
    code, out, err = import_(capsys, second, tmp_path / "ho.sqlite3", "--lang", "en")
    line = one_clear_line(err)
    assert code == 2 and "package 1 is missing" in line, line


def test_export_refusals_are_one_line(capsys, monkeypatch, hall_db, usb, tmp_path):
    code, out, err = export(capsys, monkeypatch, hall_db, tmp_path / "no-stick")
    assert code == 2 and "no-stick" in one_clear_line(err)
    code, out, err = export(capsys, monkeypatch, hall_db, usb, user="liuyang", pin="3333")
    assert code == 2 and out == "" and one_clear_line(err)
    assert list(usb.iterdir()) == []
    code, out, err = cli(capsys, "package", "import", str(usb / "none.hdpkg"), "--db",
                         str(tmp_path / "ho.sqlite3"))
    assert code == 2 and "none.hdpkg" in one_clear_line(err)


@pytest.mark.postgres
def test_import_into_postgresql(capsys, monkeypatch, hall_db, usb, pg_url):
    export(capsys, monkeypatch, hall_db, usb)
    path = next(usb.glob("*.hdpkg"))
    for expected in ("已导入营业厅", "已导入过"):
        try:
            code, out, err = cli(capsys, "package", "import", str(path), "--database-url", pg_url)
        finally:
            close_headoffice()
        assert code == 0 and expected in out, (out, err)
