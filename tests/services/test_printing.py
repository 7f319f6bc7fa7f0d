"""Printing from the store: every sheet, masking and its log, signatures on the sheet, the
command line, and verify-pdf on a good, a changed and an altered record."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from hall_desk import pdf
from hall_desk.cli import run
from hall_desk.core.errors import HallError
from hall_desk.services import lifecycle, printing, records, tickets
from hall_desk.store.connection import close_database
from hall_desk.store.models import AccessLog

HOSTILE = "<b>粗体</b> & \"引号\" 'x' \t制表 😀\n\n\n" + "很长的事由" * 400


def text_of(data: bytes) -> str:
    return "\f".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def anon(hall):
    return tickets.register(hall["liuyang"], {
        "kind": "request", "customer_name": "孙八", "phone": "13700007777", "content": HOSTILE,
        "demand": "上门办理", "anonymous": True, "business_type": "过户",
        "missing_materials": ["原户主身份证明", "房屋产权变更证明"]})


def test_every_sheet_prints_masked_for_counter_staff(hall, anon):
    clerk = hall["liuyang"]
    for kind in ("record", "receipt", "notice"):
        text = text_of(printing.sheet(clerk, anon.number, kind))
        assert anon.number in text
        assert "孙八" not in text and "7777" not in text
    notice = text_of(printing.sheet(clerk, anon.number, "notice"))
    assert "原户主身份证明" in notice and "房屋产权变更证明" in notice
    with pytest.raises(HallError):
        printing.sheet(clerk, anon.number, "file")           # not escalated
    assert AccessLog.select().count() == 0


def test_revealed_print_is_logged(hall, anon):
    text = text_of(printing.sheet(hall["wangli"], anon.number, "record", reveal=True))
    assert "孙八" in text
    assert AccessLog.get().action == "print_identity"
    assert tickets.history(anon.id)[-1].action == "print_identity"
    text = text_of(printing.sheet(hall["liuyang"], anon.number, "record", reveal=True))
    assert "孙八" not in text                                 # a clerk may not, even asking


def test_signed_sheet_and_verification(hall, anon):
    records.sign(hall["liuyang"], anon.id, role="customer", signer_name="孙八", on_paper=True)
    records.sign(hall["wangli"], anon.id, role="supervisor")
    data = printing.sheet(hall["wangli"], anon.number, "record")
    text = text_of(data)
    assert "已在纸质原件上签名" in text and "版本 1" in text
    assert records.verify_text(text).ok
    # same footer, other words: caught
    described = tickets.describe(anon.id, hall["wangli"]).to_dict()
    forged = dict(described, demand="要求赔偿一万元")
    meta = pdf.RecordMeta(hall_name="厅", version=1, content_sha256=records.shown_hash(
        records.current(tickets.get(anon.id)).content, False))
    verdict = records.verify_text(text_of(pdf.record_sheet(forged, meta)))
    assert not verdict.ok and "改动" in verdict.message
    # a later change: still version 1 on paper, the database moved on
    t = tickets.get(anon.id)
    lifecycle.act(hall["wangli"], t.id, t.version, "judge_valid", {})
    later = records.verify_text(text)
    assert later.ok and later.version == 1 and "已签章封存" in later.message


def test_ledger_rows_are_masked_and_bounded(hall, anon):
    rows = printing.ledger_rows(date.today(), date.today())
    assert [r["number"] for r in rows] == [anon.number] and rows[0]["customer"] == "（匿名）"
    text = text_of(printing.ledger(hall["wangli"], date.today(), date.today()))
    assert "投诉台账" in text and anon.number in text
    with pytest.raises(HallError):
        printing.ledger_rows(date(2026, 2, 1), date(2026, 1, 1))


def test_cli_pdf_and_verify(tmp_path, capsys, monkeypatch):
    db = tmp_path / "p.sqlite3"
    monkeypatch.setenv("HALL_DESK_PIN", "3333")      # 刘洋, counter staff, may print

    def cli(*args):
        try:
            return run(["--db", str(db), *args])
        finally:
            close_database()

    assert cli("demo", "--tickets", "12") == 0
    capsys.readouterr()
    assert cli("queue", "--json") == 0
    import json

    number = json.loads(capsys.readouterr().out)[0]["number"]
    out = tmp_path / "record.pdf"
    assert cli("--user", "liuyang", "pdf", "record", number, "-o", str(out)) == 0
    assert out.exists() and not (tmp_path / "record.pdf.part").exists()
    capsys.readouterr()
    assert cli("verify-pdf", str(out)) == 0
    assert "与数据库一致" in capsys.readouterr().out
    assert cli("--user", "liuyang", "pdf", "receipt", number, "--format", "80mm", "-o", str(tmp_path / "r.pdf")) == 0
    assert cli("--user", "liuyang", "pdf", "ledger", "--from", "2026-01-01", "--to", "2026-12-31",
               "-o", str(tmp_path / "l.pdf")) == 0
    assert cli("--user", "liuyang", "pdf", "ledger", "--from", "2026-13-01", "--to", "x", "-o", "y.pdf") == 2
    assert cli("--user", "liuyang", "pdf", "record", "TS-00000000-A1-0001", "-o", str(tmp_path / "n.pdf")) == 2
    assert cli("--user", "liuyang", "pdf", "record", number, "-o", str(tmp_path / "missing" / "x.pdf")) == 2
    err = capsys.readouterr().err
    assert "2026-13-01" in err and "TS-00000000-A1-0001" in err and "无法写入" in err
    other = tmp_path / "other.pdf"
    other.write_bytes(pdf.receipt({"number": "X"}, {"content_sha256": "0" * 64}))
    assert cli("verify-pdf", str(other)) == 1

