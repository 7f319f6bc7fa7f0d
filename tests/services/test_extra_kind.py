"""A kind and a sheet added at run time: the kinds table, a policy rule and the words are all
a new kind needs (intake, numbering, the queue, the lifecycle, the record sheet and its
verification); one registry entry and a builder are all a new sheet needs (the service, the
command line and verify-pdf)."""

from __future__ import annotations

import io

import peewee
import pytest
from pypdf import PdfReader

from hall_desk.cli import run
from hall_desk.core import i18n, kinds, numbering
from hall_desk.core import lifecycle as steps
from hall_desk.core.enums import Role, TicketKind
from hall_desk.core.errors import ValidationError
from hall_desk.services import deadlines, printing, queue, sheets, tickets
from hall_desk.store.connection import close_database
from tests.extra_kind import praise  # noqa: F401  (the fixture)


def text_of(data: bytes) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).replace(" ", "")


def test_an_extra_kind_runs_through_intake_queue_lifecycle_and_the_record_sheet(praise):
    hall = praise
    assert "praise" in TicketKind.codes() and TicketKind("praise").entry.letters == "BY"
    with pytest.raises(ValidationError) as refused:        # its required fields, from the table
        tickets.register(hall["liuyang"], {"kind": "praise", "content": " "})
    assert set(refused.value.errors) == {"content"}
    ticket = tickets.register(hall["liuyang"], {"kind": "praise",
                                                "content": "柜台刘洋耐心细致，特此表扬。"})
    assert ticket.number.startswith("BY-") and numbering.looks_like_number(ticket.number)
    assert i18n.text("kind.praise", "en") == "Praise"

    rows = queue.page(queue.QueueFilter(kinds=["praise"]), hall["wangli"])
    assert [(r.number, r.kind, r.next_deadline_rule) for r in rows] == [
        (ticket.number, "praise", "praise_thanks")]
    found = queue.page(queue.QueueFilter(search=ticket.number[:6]), hall["wangli"])
    assert [r.number for r in found] == [ticket.number]

    # the light lifecycle of its entry: archived without a callback, no 投诉对象
    actions = steps.allowed_actions("replied", "praise", Role.SUPERVISOR)
    assert "archive_without_callback" in actions
    assert "set_target" not in steps.allowed_actions("registered", "praise", Role.SUPERVISOR)

    record = printing.sheet(hall["wangli"], ticket.number, sheets.REGISTRY["record"].name)
    text = text_of(record)
    assert "客户表扬记录表" in text and ticket.number in text and "致谢客户" in text
    assert printing.verify_pdf(record).ok
    receipt = text_of(printing.sheet(hall["liuyang"], ticket.number, "receipt"))
    assert "表扬" in receipt and ticket.number in receipt


def test_the_kind_is_gone_once_unregistered(praise):
    kinds.unregister("praise")
    assert "praise" not in TicketKind.codes()
    with pytest.raises(ValueError):
        TicketKind("praise")
    assert not numbering.looks_like_number("BY-20261123-A1-0001")
    with pytest.raises(ValueError):
        kinds.unregister("complaint")          # the built-in kinds stay


def _letter(data, meta, signatures, _layout) -> bytes:
    from reportlab.lib.pagesizes import A5
    from reportlab.lib.units import mm

    from hall_desk.pdf.layout import Heavy, para, render

    story = [Heavy("表扬信回复", 18), para(f"编号：{data['number']}"), para(data["content"])]
    return render(story, meta, title="表扬信回复", number=data["number"], pagesize=A5,
                  margins=(14 * mm, 14 * mm, 16 * mm, 20 * mm))[0]


def test_an_extra_sheet_is_one_registry_entry(hall, tmp_path, monkeypatch, store):
    ticket = tickets.register(hall["liuyang"], {"kind": "suggestion",
                                                "content": "建议增加老年人专用窗口。"})
    sheets.register(sheets.Sheet("letter", "表扬信回复", "Reply letter", build=_letter,
                                 reveal=False))
    try:
        data = printing.sheet(hall["liuyang"], ticket.number, "letter")
        assert "表扬信回复" in text_of(data) and ticket.number in text_of(data)
        assert printing.verify_pdf(data).ok           # verify-pdf makes it again by name
        assert printing.verify_pdf(data.replace(b"/Producer", b"/Produser")).ok is False
        if not isinstance(store, peewee.SqliteDatabase):
            return                                     # the command line runs on the file
        out = tmp_path / "letter.pdf"
        close_database()
        monkeypatch.setenv("HALL_DESK_PIN", "3333")
        try:
            code = run(["--db", str(tmp_path / "hall.sqlite3"), "--user", "liuyang", "pdf",
                        "letter", ticket.number, "-o", str(out)])
        finally:
            close_database()
        assert code == 0 and ticket.number in text_of(out.read_bytes())
    finally:
        sheets.unregister("letter")


def test_an_edited_policy_promises_the_same_time_on_screen_and_on_paper(hall):
    """Without a customer-facing rule (reply, result, first feedback), a time agreed with the customer is the promise: the read-back,
    the receipt dialog and the printed receipt say the same."""
    from datetime import datetime, timedelta

    from hall_desk.pdf.receipt import promise_of
    from hall_desk.services.context import now

    head, *blocks = deadlines.policy_text().split("[[rules]]")
    kept = [b for b in blocks if not any(f'code = "{c}"' in b
                                         for c in ("reply", "result", "first_feedback"))]
    assert len(kept) == len(blocks) - 3
    deadlines.save_policy(hall["admin"], "[[rules]]".join([head, *kept]))
    agreed = (now() + timedelta(days=3)).replace(second=0, microsecond=0)
    ticket = tickets.register(hall["liuyang"], {
        "kind": "complaint", "customer_name": "钱七", "phone": "13900001111",
        "content": "电费账单有误", "demand": "核对", "agreed_due_at": agreed})
    screen = tickets.promise_of(ticket)[1:]     # what the intake page's receipt shows
    paper = promise_of(tickets.describe(ticket, hall["wangli"]).to_dict())
    assert screen == (agreed, False)
    assert paper == (agreed.isoformat(timespec="minutes"), False)
    text = text_of(printing.sheet(hall["liuyang"], ticket.number, "receipt"))
    assert agreed.strftime("%Y-%m-%d%H:%M") in text
    assert isinstance(screen[0], datetime)
