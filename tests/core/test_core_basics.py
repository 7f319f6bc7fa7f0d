"""Rules without a database: PINs and roles, masking, numbers, intake validation, i18n."""

from __future__ import annotations

from datetime import date

import pytest

from hall_desk.core import auth, i18n, numbering
from hall_desk.core.chain import canonical_json, content_hash
from hall_desk.core.enums import Role, TicketKind
from hall_desk.core.errors import FieldError, PermissionDenied, ValidationError
from hall_desk.core.masking import mask_name, mask_phone
from hall_desk.core.validation import parse_phone, phone_search_key, validate_intake


def test_pin_hash_is_salted_and_verifies(monkeypatch):
    monkeypatch.setattr(auth, "_N", 2**14)   # the real cost once
    first, second = auth.hash_pin("1234"), auth.hash_pin("1234")
    assert first != second and first.startswith("scrypt$16384$")
    assert "1234" not in first
    assert auth.verify_pin("1234", first)
    assert not auth.verify_pin("1235", first)
    assert not auth.verify_pin("1234", "garbage")


@pytest.mark.parametrize("pin", ["123", "123456789", "12a4", "", " 1234"])
def test_pin_format(pin):
    with pytest.raises(FieldError) as info:
        auth.hash_pin(pin)
    assert info.value.field == "pin"


def test_roles():
    assert auth.may(Role.COUNTER, "register_ticket")
    assert not auth.may(Role.COUNTER, "supervise")
    assert not auth.may(Role.COUNTER, "view_identity")
    assert auth.may(Role.SUPERVISOR, "view_identity")
    assert not auth.may(Role.SUPERVISOR, "manage_staff")
    assert auth.may(Role.ADMIN, "manage_staff")
    assert not auth.may(Role.SYSTEM, "view_identity")
    with pytest.raises(PermissionDenied) as info:
        auth.require(Role.COUNTER, "manage_staff")
    assert info.value.message("zh") == "您的角色（营业员）无权执行：管理员工账号"
    assert info.value.message("en") == "Your role (Counter staff) may not: manage staff accounts"


@pytest.mark.parametrize("name,masked", [("张三", "张*"), ("欧阳娜娜", "欧***"), ("李", "*"),
                                         ("", ""), ("  王五 ", "王*")])
def test_mask_name(name, masked):
    assert mask_name(name) == masked


@pytest.mark.parametrize("phone,masked", [("13812345678", "138****5678"),
                                          ("138 1234 5678", "138 **** 5678"),
                                          ("010 8888 6666", "010 **** 6666"), ("8888 6666", "**** 6666"),
                                          ("123", "***"), ("", "")])
def test_mask_phone(phone, masked):
    assert mask_phone(phone) == masked


def test_ticket_numbers():
    pre = numbering.prefix(TicketKind.REPORT, date(2026, 10, 1), "b2")
    assert pre == "JB-20261001-B2"
    assert numbering.format_number(pre, 7) == "JB-20261001-B2-0007"
    assert numbering.format_number(pre, 12345) == "JB-20261001-B2-12345"
    assert numbering.looks_like_number(" jb-20261001-b2-0007 ")
    assert not numbering.looks_like_number("13800138000")
    for bad in ("", "A-1", "ABCDE", "中1"):
        with pytest.raises(FieldError):
            numbering.normalise_counter_code(bad)


@pytest.mark.parametrize("text,key", [("13800138000", "13800138000"),
                                      ("+86 138-0013-8000", "13800138000"),
                                      ("010-88886666", "1088886666"),
                                      ("(0755) 8888 6666", "75588886666")])
def test_phone_parsing(text, key):
    assert parse_phone(text).key == key
    assert phone_search_key(text) == key


@pytest.mark.parametrize("text", ["12345", "abc", "+1 202 555 0100", "1380013800"])
def test_bad_phones(text):
    with pytest.raises(FieldError) as info:
        parse_phone(text)
    assert info.value.message("zh") == "联系电话不是有效的中国手机或固定电话号码"


def test_validate_intake_reports_every_field_at_once():
    with pytest.raises(ValidationError) as info:
        validate_intake({"kind": "complaint", "channel": "fax", "phone": "1",
                         "customer_name": "x" * 33, "content": "a\x00b", "demand": ""})
    errors = info.value.errors
    assert set(errors) == {"channel", "phone", "customer_name", "content", "demand"}
    assert errors["customer_name"].message("zh") == "客户姓名不能超过32个字符"
    assert errors["content"].message("en") == "What happened contains control characters"
    assert errors["demand"].message("zh") == "客户诉求不能为空"


def test_validate_intake_by_kind_and_defaults():
    report = validate_intake({"kind": "report", "content": "  配电箱被私接  \r\n第二行\t"})
    assert report["content"] == "配电箱被私接  \n第二行"
    assert report["channel"].value == "walk-in" and report["phone"].key == ""
    with pytest.raises(ValidationError) as info:
        validate_intake({"kind": "nonsense", "content": "x"})
    assert info.value.fields == ["kind"]


def test_i18n_and_canonical_json():
    assert i18n.text("kind.complaint") == "投诉"
    assert i18n.text("kind.complaint", "en") == "Complaint"
    assert i18n.text("no.such.key") == "no.such.key"
    with pytest.raises(ValueError):
        i18n.register({"kind.complaint": ("别的", "Other")})
    assert canonical_json({"b": 1, "a": "中"}) == '{"a":"中","b":1}'
    assert content_hash({"a": 1}) == content_hash({"a": 1})


def test_intake_times_materials_and_priority():
    from datetime import datetime

    now = datetime(2026, 11, 23, 10, 0)
    ok = validate_intake({"kind": "request", "customer_name": "甲", "phone": "13800138000",
                          "content": "c", "demand": "d", "received_at": "2026-11-23 09:00",
                          "agreed_due_at": datetime(2026, 11, 25, 9, 0),
                          "missing_materials": [" 户主身份证 "], "priority": 4}, now=now)
    assert ok["received_at"] == datetime(2026, 11, 23, 9, 0)
    assert ok["missing_materials"] == ["户主身份证"] and int(ok["priority"]) == 4
    with pytest.raises(ValidationError) as info:
        validate_intake({"kind": "consultation", "content": "c",
                         "received_at": datetime(2026, 11, 23, 11, 0),
                         "agreed_due_at": datetime(2026, 11, 23, 10, 30),
                         "missing_materials": ["a\x07"], "priority": 9}, now=now)
    errors = info.value.errors
    assert set(errors) == {"received_at", "agreed_due_at", "missing_materials", "priority"}
    assert errors["received_at"].message("zh") == "受理时间不能晚于当前时间"
    assert errors["agreed_due_at"].message("zh") == "约定时间须晚于受理时间"
