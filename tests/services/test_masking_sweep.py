"""No personal data leaks from any list, print or export (SQLite and PostgreSQL).

Three customers with identities easy to spot (a name, the hidden middle digits of a phone, an
address): one named, two anonymous. For a counter clerk no full name, no hidden phone digits
and no address of any of them appear in the queue, the ledger PDF, the Excel and CSV exports,
the statistics tables, the callback worklist, or the command line's queue and show JSON.
For a supervisor the anonymous ones appear nowhere either (the named customer may, where the
role allows it); only ``reveal_identity`` with a reason shows them, and that is logged
(see tests/services/test_role_rules.py).
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime

import openpyxl
import pytest
from pypdf import PdfReader

from hall_desk.cli import run
from hall_desk.services import callbacks, export, lifecycle, printing, queue, statistics, tickets
from hall_desk.services.context import clock, system_actor
from hall_desk.store.connection import close_database, open_database
from hall_desk.store.models import db

NOW = datetime(2026, 11, 23, 15, 0)
NAMED = {"customer_name": "欧阳秀兰", "phone": "139 8273 5678", "address": "春晓路88号3单元"}
ANON = [{"customer_name": "司马相如", "phone": "136 9461 5432", "address": "梧桐巷7号"},
        {"customer_name": "上官婉儿", "phone": "010 6047 3391", "address": "银杏里12号"}]
# what masking must hide: full names, the hidden digits, addresses
NAMED_SECRETS = ["欧阳秀兰", "阳秀兰", "8273", "春晓路"]
ANON_SECRETS = ["司马相如", "马相如", "9461", "5432", "梧桐巷", "上官婉儿", "官婉儿", "6047",
                "3391", "银杏里"]


def leaks(text: str, secrets: list[str]) -> list[str]:
    flat = "".join(text.split())
    return [s for s in secrets if s in flat or s in text]


@pytest.fixture
def customers(hall):
    with clock(lambda: NOW):
        named = tickets.register(hall["liuyang"], dict(
            NAMED, kind="complaint", content="营业员态度冷淡。", demand="道歉。",
            received_at="2026-11-23 09:00"))
        anon = [tickets.register(hall["liuyang"], dict(
            who, kind=kind, content="举报营业员私收费用。", demand="查处。", anonymous=True,
            received_at="2026-11-23 10:00")) for who, kind in zip(ANON, ["complaint", "report"])]
        t = named
        for action, data in [("settle_on_spot", {"reply_content": "当场解释。"})]:
            t = lifecycle.act(hall["wangli"], t.id, t.version, action, data)
        yield [named, *anon]


def outputs(actor, tmp_path) -> dict[str, str]:
    """Every list, print and export the actor can make, as text."""
    f = statistics.filter_of(date(2026, 11, 1), date(2026, 11, 30))
    out = {"queue": json.dumps([r.as_json() for r in queue.page(
        queue.QueueFilter(statuses=[]), actor, 0, 100)], ensure_ascii=False)}
    ledger = printing.ledger(actor, date(2026, 11, 1), date(2026, 11, 30))
    out["ledger.pdf"] = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(ledger)).pages)
    export.export_ledger(actor, f, "csv", tmp_path / "l.csv")
    with open(tmp_path / "l.csv", encoding="utf-8-sig", newline="") as fh:
        out["ledger.csv"] = json.dumps(list(csv.reader(fh)), ensure_ascii=False)
    export.export_ledger(actor, f, "xlsx", tmp_path / "l.xlsx")
    book = openpyxl.load_workbook(tmp_path / "l.xlsx")
    out["ledger.xlsx"] = json.dumps([[c for c in row] for ws in book for row in
                                     ws.iter_rows(values_only=True)], ensure_ascii=False,
                                    default=str)
    export.export_statistics(actor, f, "csv", tmp_path / "s.csv")
    out["statistics.csv"] = (tmp_path / "s.csv").read_text(encoding="utf-8-sig")
    figures = statistics.overview(actor, f)
    out["statistics"] = json.dumps(figures, ensure_ascii=False, default=str) + json.dumps(
        [(t.title, t.header, t.rows) for t in statistics.tables(figures)], ensure_ascii=False,
        default=str)
    out["callbacks"] = json.dumps([d.__dict__ for d in callbacks.worklist(NOW)],
                                  ensure_ascii=False, default=str)
    return out


def test_counter_staff_see_no_personal_data_anywhere(hall, customers, tmp_path):
    with clock(lambda: NOW):
        found = outputs(hall["liuyang"], tmp_path)
    assert "欧***" in found["queue"] and "139 **** 5678" in found["queue"]   # masked, not gone
    assert "欧***" in found["ledger.xlsx"]
    assert customers[0].number in "".join(found["ledger.pdf"].split())
    for where, text in found.items():
        assert not leaks(text, NAMED_SECRETS + ANON_SECRETS), (where, leaks(
            text, NAMED_SECRETS + ANON_SECRETS))
    assert "欧***" in found["callbacks"] or found["callbacks"] == "[]"


def test_supervisor_lists_never_show_an_anonymous_customer(hall, customers, tmp_path):
    with clock(lambda: NOW):
        found = outputs(hall["wangli"], tmp_path)
    assert "欧阳秀兰" in found["ledger.xlsx"]           # the role may see named customers
    for where, text in found.items():
        assert not leaks(text, ANON_SECRETS), (where, leaks(text, ANON_SECRETS))
    for t in customers[1:]:
        shown = tickets.describe(t, hall["wangli"])       # the detail, without reveal
        assert not leaks(shown.as_json(), ANON_SECRETS)
        for sheet in ("record", "receipt"):
            pdf = printing.sheet(hall["wangli"], t.number, sheet)   # printed without reveal
            text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
            assert not leaks(text, ANON_SECRETS), (sheet, leaks(text, ANON_SECRETS))


def test_command_line_queue_and_show_are_masked(hall, customers, capsys):
    database = db.obj
    if "sqlite" not in type(database).__name__.lower():
        pytest.skip("the command line test opens the SQLite file by path")
    path = database.database
    close_database()
    try:
        assert run(["--db", path, "--counter", "A1", "queue", "--json", "--limit", "50"]) == 0
        listing = capsys.readouterr().out
        assert customers[0].number in listing
        assert not leaks(listing, NAMED_SECRETS + ANON_SECRETS)
        for t in customers[1:]:
            assert run(["--db", path, "--counter", "A1", "show", t.number, "--json"]) == 0
            shown = capsys.readouterr().out
            assert t.number in shown and not leaks(shown, ANON_SECRETS), leaks(shown, ANON_SECRETS)
    finally:
        close_database()
        open_database(path=path)
    assert system_actor("A1").role.value == "system"
