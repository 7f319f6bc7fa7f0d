"""A refusal at the counter: reason and basis recorded with 判定不成立, the 不予受理告知书
printed from the stored version, signed, and verified by verify-pdf."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from hall_desk.core.errors import HallError, ValidationError
from hall_desk.services import lifecycle, printing, records, refusals, tickets


def text_of(data: bytes) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def request_ticket(hall):
    return tickets.register(hall["liuyang"], {
        "kind": "request", "customer_name": "孙八", "phone": "13700007777",
        "content": "申请过户", "demand": "过户", "business_type": "transfer"})


def test_refusal_records_reason_and_basis_and_prints_verifiably(hall, request_ticket):
    clerk, boss = hall["liuyang"], hall["wangli"]
    with pytest.raises(HallError) as raised:                 # not refused: no notice
        printing.sheet(clerk, request_ticket.number, "refusal")
    assert request_ticket.number in raised.value.message()
    basis = refusals.bases()[0]
    t = tickets.get(request_ticket.id)
    lifecycle.act(boss, t.id, t.version, "judge_invalid",
                  {"reason": "申请人非登记户主，且无户主授权委托书", "basis": basis})
    shown = tickets.describe(tickets.get(request_ticket.id), boss)
    assert shown.refusal_basis == basis and shown.valid is False
    records.sign(clerk, request_ticket.id, role="customer", signer_name="孙八", on_paper=True)
    data = printing.sheet(clerk, request_ticket.number, "refusal")
    text = text_of(data).replace(" ", "").replace("\n", "")
    for value in ("不予受理告知书", "申请人非登记户主", basis, "“过户”申请", "经办人：王丽",
                  "已在纸质原件上签名"):
        assert value.replace(" ", "") in text, value
    assert printing.verify_pdf(data).ok
    record = printing.sheet(clerk, request_ticket.number, "record")
    assert basis in text_of(record).replace("\n", "")


def test_basis_is_optional_and_bounded(hall, request_ticket):
    t = tickets.get(request_ticket.id)
    with pytest.raises(ValidationError) as raised:
        lifecycle.act(hall["wangli"], t.id, t.version, "judge_invalid",
                      {"reason": "不属于本厅受理范围", "basis": "依" * 501})
    assert "basis" in raised.value.errors
    lifecycle.act(hall["wangli"], t.id, t.version, "judge_invalid",
                  {"reason": "不属于本厅受理范围"})
    assert tickets.get(request_ticket.id).refusal_basis == ""
