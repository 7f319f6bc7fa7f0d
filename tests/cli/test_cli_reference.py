"""Packages down on the command line: ``package keygen`` and ``package reference export``
at the head office, ``package trust`` and ``package import`` of a reference package at the
hall; every refusal one line on stderr, exit status 2, nothing applied."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.cli.test_cli_package import hall_db, usb  # noqa: F401 (fixtures)
from tests.cli_helpers import cli, one_clear_line

HQ_PIN = "13572468"


@pytest.fixture
def hq(tmp_path, capsys):
    path = tmp_path / "hq.sqlite3"
    code, _, err = cli(capsys, "--db", str(path), "--counter", "HQ", "init", "--hall",
                       "市公司客户服务中心", "--admin-name", "总部管理员", "--admin-login",
                       "hqadmin", "--admin-pin", HQ_PIN)
    assert code == 0, err
    return path


def at_hq(capsys, monkeypatch, hq: Path, *args):
    monkeypatch.setenv("HALL_DESK_PIN", HQ_PIN)
    return cli(capsys, "--db", str(hq), *args, "--user", "hqadmin")


def at_hall(capsys, monkeypatch, hall_db: Path, *args, lang="zh"):
    monkeypatch.setenv("HALL_DESK_PIN", "000000")
    return cli(capsys, "--db", str(hall_db), "--lang", lang, *args, "--user", "admin")


def applied(hall_db: Path) -> int:
    con = sqlite3.connect(hall_db)
    try:
        return con.execute("SELECT count(*) FROM reference_package").fetchone()[0]
    finally:
        con.close()


def test_keygen_export_trust_import(capsys, monkeypatch, hq, hall_db, usb, tmp_path):
    code, out, err = cli(capsys, "package", "keygen")
    assert code == 0 and "指纹" in out, err
    fingerprint = out.rsplit("指纹", 1)[1].strip()
    code, out, _ = cli(capsys, "package", "keygen")
    assert code == 0 and "已存在" in out and fingerprint in out
    code, out, err = at_hq(capsys, monkeypatch, hq, "package", "reference", "export", "--kind",
                           "phrases", "--to", str(usb))
    assert code == 0 and "第 1 版已写入" in out, err
    package = next(usb.glob("*.hdref"))

    code, out, err = at_hall(capsys, monkeypatch, hall_db, "package", "import", str(package))
    line = one_clear_line(err)
    assert code == 2 and out == "" and fingerprint in line and "未被本营业厅信任" in line
    public = tmp_path / "headoffice-signing.pub"
    code, out, err = at_hall(capsys, monkeypatch, hall_db, "package", "trust", str(public))
    assert code == 0 and fingerprint in out, err
    code, out, err = at_hall(capsys, monkeypatch, hall_db, "package", "import", str(package),
                             lang="en")
    assert code == 0 and "applied Counter phrases version 1" in out, err
    assert applied(hall_db) == 1
    code, out, err = at_hall(capsys, monkeypatch, hall_db, "package", "import", str(package),
                             lang="en")
    line = one_clear_line(err)
    assert code == 2 and out == "" and "version 1 is not newer" in line
    code, out, err = cli(capsys, "--db", str(hall_db), "audit", "verify")
    assert code == 0, (out, err)


def test_refusals_are_one_line(capsys, monkeypatch, hq, hall_db, usb, tmp_path):
    for args, word in ((("--kind", "calendar"), "--year"), (("--kind", "staff"), "--hall"),
                       (("--kind", "calendar", "--year", "2031"), "2031")):
        code, out, err = at_hq(capsys, monkeypatch, hq, "package", "reference", "export", *args,
                               "--to", str(usb))
        assert code == 2 and out == "" and word in one_clear_line(err)
    code, out, err = at_hq(capsys, monkeypatch, hq, "package", "reference", "export", "--kind",
                           "categories", "--to", str(tmp_path / "no-stick"))
    assert code == 2 and "no-stick" in one_clear_line(err)
    assert list(usb.iterdir()) == []

    at_hq(capsys, monkeypatch, hq, "package", "reference", "export", "--kind", "categories",
          "--to", str(usb))
    package = next(usb.glob("*.hdref"))
    at_hall(capsys, monkeypatch, hall_db, "package", "trust",
            str(tmp_path / "headoffice-signing.pub"))
    data = bytearray(package.read_bytes())
    data[len(data) // 2] ^= 0x04
    package.write_bytes(bytes(data))
    code, out, err = at_hall(capsys, monkeypatch, hall_db, "package", "import", str(package))
    line = one_clear_line(err)
    assert code == 2 and out == "" and package.name in line
    assert applied(hall_db) == 0
    code, out, err = at_hall(capsys, monkeypatch, hall_db, "package", "trust",
                             str(tmp_path / "hq.sqlite3"))
    assert code == 2 and "Ed25519" in one_clear_line(err)
    monkeypatch.setenv("HALL_DESK_PIN", "3333")
    code, out, err = cli(capsys, "--db", str(hall_db), "package", "trust",
                         str(tmp_path / "headoffice-signing.pub"), "--user", "liuyang")
    assert code == 2 and out == "" and one_clear_line(err)
