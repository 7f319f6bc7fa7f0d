"""An anonymous customer cannot be traced by anyone without the reveal right.

The attack this guards against: an anonymous ticket from the same phone as an earlier named
ticket. Its row, its events, its detail (``show``), the queue, the phone search, the record
PDF, the exports and the statistics must not lead from it to a name, a phone, an address or
the named ticket (nor from the named ones to it). Only ``reveal_identity`` /
``reveal_search`` with a reason show the link, and they are logged.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from hall_desk.cli import run
from hall_desk.core.errors import PermissionDenied
from hall_desk.core.masking import sealed_digest
from hall_desk.services import audit, export, printing, queue, statistics, tickets
from hall_desk.services.context import clock
from hall_desk.store import migrations
from hall_desk.store.connection import close_database, open_database
from hall_desk.store.models import AccessLog, SealedIdentity, Ticket, TicketEvent, db

NOW = datetime(2026, 11, 23, 15, 0)
WHO = {"customer_name": "欧阳秀兰", "phone": "139 8273 5678", "address": "春晓路88号3单元"}
SECRETS = ["欧阳秀兰", "阳秀兰", "8273", "13982735678", "春晓路", "oyxl"]
COMPLAINT = {"kind": "complaint", "content": "营业员私收手续费。", "demand": "退还并道歉。"}


def leaks(text: str, secrets: list[str]) -> list[str]:
    flat = "".join(text.split())
    return [s for s in secrets if s in flat or s in text]


@pytest.fixture
def trio(hall):
    """A named complaint at 09:00, the same customer anonymously at 10:00, and named again
    at 11:00: every repeat link crosses the anonymous ticket."""
    clerk = hall["liuyang"]
    with clock(lambda: NOW):
        named = tickets.register(clerk, dict(WHO, **COMPLAINT, received_at="2026-11-23 09:00"))
        anon = tickets.register(clerk, dict(WHO, **COMPLAINT, anonymous=True,
                                            received_at="2026-11-23 10:00"))
        later = tickets.register(clerk, dict(WHO, **COMPLAINT, received_at="2026-11-23 11:00"))
    return named, anon, later


def test_the_row_keeps_nothing_the_sealed_row_keeps_it(trio):
    named, anon, later = trio
    row = Ticket.get_by_id(anon.id)
    assert (row.customer_name, row.customer_phone, row.phone_key, row.name_initials,
            row.customer_address) == ("", "", "", "", "")
    sealed = SealedIdentity.get(SealedIdentity.ticket == anon.id)
    assert (sealed.customer_name, sealed.customer_phone, sealed.customer_address) == (
        "欧阳秀兰", "139 8273 5678", "春晓路88号3单元")
    # repeat detection still used the phone: both links exist, inside the database
    assert row.repeat_of_id == named.id and Ticket.get_by_id(later.id).repeat_of_id == anon.id
    assert row.priority >= 3


def test_events_carry_no_identity_and_no_link_but_the_chain_holds(trio):
    named, anon, later = trio
    for e in TicketEvent.select().where(TicketEvent.ticket == anon.id):
        text = e.before + e.after + e.note
        assert not leaks(text, SECRETS), leaks(text, SECRETS)
    for t in (anon, later):                 # neither names the other ticket by its id
        assert json.loads(tickets.history(t.id)[0].after)["repeat_of"] is None
    assert json.loads(tickets.history(later.id)[0].after)["customer_name"] == "欧阳秀兰"
    created = json.loads(tickets.history(anon.id)[0].after)
    sealed = SealedIdentity.get(SealedIdentity.ticket == anon.id)
    assert created["sealed_identity"] == sealed_digest(
        sealed.salt, "欧阳秀兰", "139 8273 5678", "春晓路88号3单元")
    assert all(r.ok for r in audit.verify())


def test_detail_and_phone_search_link_nothing(trio, hall):
    named, anon, later = trio
    for who in ("liuyang", "wangli"):       # a supervisor too, as long as nothing is revealed
        viewer = hall[who]
        shown = tickets.describe(anon, viewer).as_json()
        assert not leaks(shown, SECRETS) and named.number not in shown
        assert tickets.describe(anon, viewer).repeat_of == "已隐去"
        assert tickets.describe(later, viewer).repeat_of == "已隐去"
        assert anon.number not in tickets.describe(later, viewer).as_json()
        assert anon.number not in tickets.describe(named, viewer).as_json()
        with clock(lambda: NOW):
            warned = tickets.recent_for_phone(viewer, "13982735678")
            found = queue.page(queue.QueueFilter(search="13982735678", statuses=[]), viewer)
            by_initials = queue.page(queue.QueueFilter(search="oyxl", statuses=[]), viewer)
            listing = queue.page(queue.QueueFilter(statuses=[]), viewer, 0, 50)
        assert {r["number"] for r in warned} == {named.number, later.number}
        assert {r.number for r in found} == {named.number, later.number}
        assert {r.number for r in by_initials} == {named.number, later.number}
        row = next(r for r in listing if r.number == anon.number)
        assert not leaks(json.dumps(row.as_json(), ensure_ascii=False, default=str), SECRETS)


def test_record_pdf_export_and_statistics_link_nothing(trio, hall, tmp_path):
    named, anon, later = trio
    clerk = hall["liuyang"]
    with clock(lambda: NOW):
        pdf = printing.sheet(clerk, anon.number, "record")
        f = statistics.filter_of(date(2026, 11, 1), date(2026, 11, 30))
        export.export_ledger(hall["wangli"], f, "csv", tmp_path / "ledger.csv")
        figures = statistics.overview(clerk, f)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "前案" in text and "已隐去" in "".join(text.split())   # a repeat, but not of what
    assert not leaks(text, SECRETS) and named.number not in text
    with open(tmp_path / "ledger.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    anon_row = next(r for r in rows if r and r[0] == anon.number)
    assert not leaks(json.dumps(anon_row, ensure_ascii=False), SECRETS)
    assert not leaks(json.dumps(figures, ensure_ascii=False, default=str), SECRETS)


def test_command_line_show_and_queue(trio, capsys):
    named, anon, later = trio
    database = db.obj
    if "sqlite" not in type(database).__name__.lower():
        pytest.skip("the command line test opens the SQLite file by path")
    path = database.database
    close_database()
    try:
        assert run(["--db", path, "--counter", "A1", "show", anon.number, "--json"]) == 0
        shown = json.loads(capsys.readouterr().out)
        assert shown["repeat_of"] == "已隐去" and shown["phone"] == "" and shown["address"] == ""
        text = json.dumps(shown, ensure_ascii=False)
        assert not leaks(text, SECRETS) and named.number not in text
        assert run(["--db", path, "--counter", "A1", "show", later.number, "--json"]) == 0
        assert anon.number not in capsys.readouterr().out
        assert run(["--db", path, "--counter", "A1", "queue", "--json"]) == 0
        listing = json.loads(capsys.readouterr().out)
        row = next(r for r in listing if r["number"] == anon.number)
        assert not leaks(json.dumps(row, ensure_ascii=False), SECRETS)
    finally:
        close_database()
        open_database(path=path)


def test_a_supervisor_reveal_is_logged_and_shows_it(trio, hall):
    named, anon, later = trio
    with pytest.raises(PermissionDenied):
        tickets.reveal_identity(hall["liuyang"], anon.id, "想看看")
    with pytest.raises(PermissionDenied):
        tickets.reveal_search(hall["liuyang"], "13982735678", "想看看")
    assert AccessLog.select().count() == 0
    boss = hall["wangli"]
    assert tickets.reveal_identity(boss, anon.id, "客户来电要求回访") == {
        "customer_name": "欧阳秀兰", "phone": "139 8273 5678", "address": "春晓路88号3单元"}
    assert tickets.reveal_search(boss, "13982735678", "客户来电查询进度") == [anon.number]
    assert tickets.reveal_search(boss, "13911112222", "核对另一位客户") == []
    logged = list(AccessLog.select().order_by(AccessLog.id))
    assert [(a.action, a.staff_id, a.ticket_id) for a in logged] == [
        ("view_identity", boss.staff_id, anon.id), ("search_identity", boss.staff_id, anon.id),
        ("search_identity", boss.staff_id, None)]
    assert "回访" in logged[0].reason and "进度" in logged[1].reason
    assert [e.action for e in tickets.history(anon.id)][-2:] == ["view_identity",
                                                               "search_identity"]
    revealed = tickets.describe(anon, boss, reveal=True)
    assert revealed.customer_name == "欧阳秀兰" and revealed.repeat_of == named.number
    assert tickets.describe(later, boss, reveal=True).repeat_of == anon.number


def test_upgrade_seals_the_anonymous_tickets_of_a_v2_database(tmp_path):
    fixture = Path(__file__).resolve().parent.parent / "data" / "schema_v2.sqlite3"
    path = tmp_path / "hall.sqlite3"
    shutil.copy(fixture, path)
    database = open_database(path=path)
    try:
        assert migrations.current_version(database) >= 3
        anonymous = list(Ticket.select().where(Ticket.anonymous == True))  # noqa: E712
        assert len(anonymous) == 2
        for t in anonymous:
            assert (t.customer_name, t.customer_phone, t.phone_key, t.name_initials,
                    t.customer_address) == ("", "", "", "", "")
            sealed = SealedIdentity.get(SealedIdentity.ticket == t.id)
            assert sealed.customer_name and sealed.phone_key and len(sealed.salt) == 32
        kong = SealedIdentity.get(SealedIdentity.customer_name == "孔伟")
        assert not Ticket.select().where(Ticket.phone_key == kong.phone_key).where(
            Ticket.anonymous == True).exists()  # noqa: E712
        assert all(r.ok for r in audit.verify())       # the old events were left as they are
        linked = Ticket.get(Ticket.repeat_of.in_([t.id for t in anonymous]))
        from hall_desk.services.context import system_actor

        assert tickets.describe(linked, system_actor("A1")).repeat_of == "已隐去"
    finally:
        close_database()
