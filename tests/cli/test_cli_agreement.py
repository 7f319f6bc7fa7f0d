"""hall-desk pdf agreement NUMBER and hall-desk pdf cases --from D --to D on a real file."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from hall_desk.core.enums import Role
from hall_desk.services import agreements, demo
from hall_desk.services.context import Actor
from hall_desk.store.models import Staff
from tests.cli_helpers import cli, one_clear_line
from tests.services.test_agreements import NAME, PHONE, _archived_typical, at


@pytest.fixture
def settled(db_path):
    """A hall with one archived complaint settled by agreement and kept as typical."""
    demo.ensure_demo_hall()
    hall = {s.login: Actor(s.id, s.name, Role(s.role), demo.DEMO_COUNTER, s.login)
            for s in Staff.select()}
    t = _archived_typical(hall)
    with at(500):
        agreements.mark_typical(hall["wangli"], t.id, "卡号办错", f"{NAME}的卡号应先核对")
    return db_path, t.number


def text_of(path) -> str:
    return "".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(path.read_bytes())).pages)


def test_the_agreement_and_the_booklet_print(settled, capsys, tmp_path, monkeypatch):
    path, number = settled
    monkeypatch.setenv("HALL_DESK_PIN", "111111")              # 王丽
    agreement = tmp_path / "agreement.pdf"
    code, out, err = cli(capsys, "--db", str(path), "--user", "wangli", "pdf", "agreement",
                         number, "-o", str(agreement))
    assert code == 0, err
    assert "和解协议书" in text_of(agreement)
    code, out, _ = cli(capsys, "--db", str(path), "verify-pdf", str(agreement))
    assert code == 0 and number in out
    booklet = tmp_path / "cases.pdf"
    code, out, err = cli(capsys, "--db", str(path), "--user", "wangli", "pdf", "cases",
                         "--from", "2026-11-01", "--to", "2026-11-30", "-o", str(booklet))
    assert code == 0, err
    words = "".join(text_of(booklet).split())
    assert "典型案例汇编" in words and "卡号办错" in words
    assert NAME not in words and PHONE not in words and number not in words


def test_bad_requests_are_one_line(settled, capsys, tmp_path, monkeypatch):
    path, number = settled
    monkeypatch.setenv("HALL_DESK_PIN", "111111")
    out_file = tmp_path / "x.pdf"
    code, _, err = cli(capsys, "--db", str(path), "--user", "wangli", "pdf", "cases",
                       "--from", "2026-11-31", "--to", "2026-11-30", "-o", str(out_file))
    assert code == 2 and "--from" in one_clear_line(err)
    code, _, err = cli(capsys, "--db", str(path), "--user", "wangli", "pdf", "cases",
                       "--from", "2026-12-01", "--to", "2026-11-30", "-o", str(out_file))
    assert code == 2 and "开始日期不能晚于结束日期" in one_clear_line(err)
    monkeypatch.setenv("HALL_DESK_PIN", "3333")               # 刘洋, counter staff
    code, _, err = cli(capsys, "--db", str(path), "--user", "liuyang", "pdf", "cases",
                       "--from", "2026-11-01", "--to", "2026-11-30", "-o", str(out_file))
    assert code == 2 and "无权" in one_clear_line(err)
    assert not out_file.exists()
