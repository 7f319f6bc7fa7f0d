"""The hotline work order on every ticket sheet: under the ticket number on the record
sheet, the one-time notice, the file, the refusal notice and the settlement agreement, and
on the receipt; a ticket without one prints byte for byte as before."""

from __future__ import annotations

import pytest

import pdf_helpers as h
from hall_desk import pdf
from hall_desk.pdf.agreement import agreement_sheet

HOTLINE = {"hotline_source": "95598", "hotline_number": "2026112000123",
           "hotline_due_at": "2025-03-10T09:00"}
WORDS = "95598供电服务热线2026112000123"


def _sheets(ticket, meta):
    return {
        "record": lambda: pdf.record_sheet(ticket, meta),
        "receipt": lambda: pdf.receipt(ticket, meta),
        "receipt-80mm": lambda: pdf.receipt(ticket, meta, format="80mm"),
        "notice": lambda: pdf.notice_slip(ticket, meta, ["户主身份证原件及复印件"]),
        "file": lambda: pdf.complaint_file(ticket, meta),
        "refusal": lambda: pdf.refusal_notice(dict(ticket, valid=False, status="rejected",
                                                   validity_reason="不符合受理条件"), meta),
        "agreement": lambda: agreement_sheet(ticket, meta),
    }


@pytest.mark.parametrize("sheet", ["record", "receipt", "receipt-80mm", "notice", "file",
                                   "refusal", "agreement"])
def test_every_ticket_sheet_prints_the_work_order(sheet):
    data = _sheets(h.demo_ticket(**HOTLINE), h.demo_meta())[sheet]()
    first = h.squash(h.page_texts(data)[0])
    assert WORDS in first, first[:400]
    plain = _sheets(h.demo_ticket(), h.demo_meta())[sheet]()
    assert "热线" not in h.squash("".join(h.page_texts(plain)))


def test_the_hotline_limit_is_listed_with_the_hall_s_limits():
    ticket = h.demo_ticket(**HOTLINE)
    ticket["deadlines"] = [*ticket["deadlines"], {
        "rule": "hotline", "label": "Hotline limit", "due": "2025-03-10T09:00", "state": "met",
        "met_at": "2025-03-06T15:20", "agreed": False}]
    text = h.squash("".join(h.page_texts(pdf.record_sheet(ticket, h.demo_meta()))))
    assert "热线时限" in text and "Hotline limit" not in text


def test_a_ticket_without_a_work_order_prints_as_it_did():
    """The sheets read the view's dict; a ticket without a work order has no hotline keys
    in it (core.views.TicketView.to_dict), and blank ones change nothing either."""
    meta = h.demo_meta()
    before = _sheets(h.demo_ticket(), meta)
    blank = _sheets(h.demo_ticket(hotline_source="", hotline_number="", hotline_due_at=None),
                    meta)
    for name in before:
        assert before[name]() == blank[name](), name
