"""The hall's phone and address: set up optionally, changed by an administrator (the phone
checked as a Chinese number), printed on the receipt from the version's print stamp so an
older receipt still verifies after they change."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from hall_desk import config
from hall_desk.core.errors import HallError, ValidationError
from hall_desk.services import printing, settings, setup, tickets
from hall_desk.store.models import Setting


def text_of(data: bytes) -> str:
    return "".join("".join((p.extract_text() or "").split())
                   for p in PdfReader(io.BytesIO(data)).pages)


def register(hall):
    return tickets.register(hall["liuyang"], {
        "kind": "complaint", "channel": "walk-in", "category": "service_quality",
        "customer_name": "张三丰", "phone": "13812345678", "content": "窗口排队无人解释。",
        "demand": "要求说明。", "confirmed_by_customer": True})


def test_the_administrator_sets_the_phone_and_address(hall):
    settings.change_hall(hall["admin"], name="城东供电营业厅", phone="057187654321",
                         address=" 城东路 1 号 ")
    assert settings.hall_name() == "城东供电营业厅"
    assert settings.hall_contact() == {"phone": "0571 8765 4321", "address": "城东路 1 号"}
    settings.change_hall(hall["admin"], name="城东供电营业厅")     # both may be cleared
    assert settings.hall_contact() == {"phone": "", "address": ""}


def test_a_wrong_phone_or_name_is_refused_naming_the_field_and_nothing_is_saved(hall):
    before = {s.key: s.value for s in Setting.select()}
    with pytest.raises(ValidationError) as caught:
        settings.change_hall(hall["admin"], name="", phone="12345", address="路" * 129)
    assert set(caught.value.errors) == {"hall_name", "hall_phone", "hall_address"}
    assert "大厅电话" in caught.value.errors["hall_phone"].message()
    assert {s.key: s.value for s in Setting.select()} == before


def test_counter_staff_may_not_change_the_hall(hall):
    with pytest.raises(HallError):
        settings.change_hall(hall["liuyang"], name="别的厅", phone="", address="")
    assert settings.hall_name() != "别的厅"


def test_set_up_takes_them_optionally_and_checks_the_phone(store):
    with pytest.raises(ValidationError) as caught:
        setup.initialise(hall_name="厅", counter_code="A1", admin_name="管理员",
                         admin_login="admin", admin_pin="000000", hall_phone="电话")
    assert set(caught.value.errors) == {"hall_phone"} and not setup.is_initialised()
    setup.initialise(hall_name="厅", counter_code="A1", admin_name="管理员",
                     admin_login="admin", admin_pin="000000", hall_phone="13800001111",
                     hall_address="江南大道 9 号")
    assert settings.hall_contact() == {"phone": "138 0000 1111", "address": "江南大道 9 号"}


def test_the_receipt_names_the_phone_and_still_verifies_after_it_changes(hall):
    settings.change_hall(hall["admin"], name=settings.hall_name(), phone="0571-87654321",
                         address="江南大道 9 号")
    ticket = register(hall)
    old = printing.sheet(hall["liuyang"], ticket.number, "receipt", receipt_format="80mm")
    text = text_of(old)
    assert "致电057187654321查询" in text and "江南大道9号" in text
    settings.change_hall(hall["admin"], name=settings.hall_name(), phone="0571-11112222")
    assert printing.verify_pdf(old).ok            # printed again from its own stamp
    assert "057187654321" in text_of(printing.sheet(hall["liuyang"], ticket.number,
                                                    "receipt"))


def test_a_version_stored_before_the_phone_prints_without_a_call(hall):
    ticket = register(hall)
    text = text_of(printing.sheet(hall["liuyang"], ticket.number, "receipt"))
    assert "凭本回执编号到柜台查询" in text and "致电" not in text


def test_this_pc_s_receipt_paper_is_kept_and_a_bad_value_falls_back(tmp_path):
    path = tmp_path / "c.toml"
    config.save(config.LocalConfig(counter_code="A1", receipt_format="80mm",
                                   receipt_printer="POS-80"), path)
    loaded = config.load(path)
    assert (loaded.receipt_format, loaded.receipt_printer) == ("80mm", "POS-80")
    path.write_text('receipt_format = "a4"\nreceipt_printer = 3\n', encoding="utf-8")
    loaded = config.load(path)
    assert (loaded.receipt_format, loaded.receipt_printer) == ("a5", "")
