"""Printed records keep the Chinese of the items and materials while the window is in English:
the English beside them in the templates is for the screen only."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from pypdf import PdfReader

from hall_desk.core import i18n
from hall_desk.services import daily, materials, printing, reception, tickets
from hall_desk.services.context import clock

T = datetime(2026, 11, 23, 9, 0)


def text_of(data: bytes) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).replace("\n", "")


@pytest.fixture
def in_english():
    i18n.set_language("en")
    with clock(lambda: T):
        yield
    i18n.set_language("zh")


def test_the_reception_record_prints_the_chinese_items(hall, in_english):
    run = reception.register_notice(hall["wangli"], {
        "visiting_unit": "市供电公司", "leader": "周建国", "visitors": "3",
        "expected_at": "2026-11-23 10:00", "purpose": "tour"})
    reception.start(hall["wangli"], run.id)
    item = next(i for i in reception.template("tour").items if i.text == "准备留言本")
    assert item.text_en == "Have the guest book ready"
    text = text_of(reception.record_pdf(hall["wangli"], run.id))
    assert "准备留言本" in text and "guest book" not in text


def test_the_day_record_prints_the_chinese_checks(hall, in_english):
    daily.open_day(hall["liuyang"])
    item = next(i for i in daily.template_in_force().items if i.text == "门窗已关好")
    assert item.text_en == "Doors and windows closed"
    text = text_of(daily.record_pdf(hall["liuyang"], T.date()))
    assert "门窗已关好" in text and "Doors and windows" not in text


def test_the_one_time_notice_prints_the_chinese_materials(hall, in_english):
    transfer = materials.find("transfer")
    ticket = tickets.register(hall["liuyang"], {
        "kind": "request", "customer_name": "张三丰", "phone": "13812345678",
        "content": "申请过户。", "demand": "过户。", "business_type": "transfer",
        "missing_materials": [transfer.materials[2]]})
    text = text_of(printing.sheet(hall["liuyang"], ticket.number, "notice"))
    assert transfer.materials[2] in text and transfer.name in text
    assert transfer.materials_en[2] not in text and transfer.name_en not in text
