"""The reading the checklist templates share (core/templates.py), on a made-up feature: its
own sections and words, so that nothing here depends on the reception's or the day's."""

from __future__ import annotations

import pytest

from hall_desk.core import templates
from hall_desk.core.enums import StrEnum
from hall_desk.core.errors import FieldError, HallError


class Part(StrEnum):
    FIRST = "first"
    SECOND = "second"


SECTIONS = templates.Sections(
    bad_name=lambda: FieldError("name", "daily.error.name", field="daily.field.name"),
    title_field="daily.field.title",
    bad_version=lambda: FieldError("version", "daily.error.version"),
    no_items_key="daily.error.no_items", kind=Part, per_section_max=3, item_max=10,
    unknown_key="daily.error.unknown_phase", not_text_key="error.required",
    item_label=lambda code, n: f"{code}#{n}",
    bad_list=lambda code, texts: None if texts is None else FieldError(
        "items", "daily.error.item_list", field=code, max=3))


def test_loads_gives_the_features_error():
    assert templates.loads('name = "a"', "reception.error.toml") == {"name": "a"}
    with pytest.raises(HallError) as caught:
        templates.loads("name = ", "daily.error.toml")
    assert caught.value.key == "daily.error.toml"


def test_the_head_defaults_the_title_to_the_name_and_gathers_every_error():
    errors: dict[str, HallError] = {}
    assert templates.read_head({"name": "tour", "version": 3}, SECTIONS, errors) == \
        ("tour", "tour", 3, "")
    assert errors == {}
    head = templates.read_head({"name": "Tour", "title": "x" * 65, "version": True}, SECTIONS,
                               errors)
    assert head == ("Tour", "", 1, "")
    assert [(k, e.key) for k, e in errors.items()] == [
        ("name", "daily.error.name"), ("title", "error.too_long"), ("version", "daily.error.version")]
    assert errors["title"].params["field"] == "daily.field.title"


def test_the_title_may_carry_its_english():
    errors: dict[str, HallError] = {}
    head = templates.read_head({"name": "tour", "title": {"zh": "参观", "en": " Tour "}},
                               SECTIONS, errors)
    assert head == ("tour", "参观", 1, "Tour") and errors == {}
    head = templates.read_head({"name": "tour", "title": {"en": "Tour"}}, SECTIONS, errors)
    assert head == ("tour", "tour", 1, "Tour")              # no Chinese: the name, as before
    templates.read_head({"name": "tour", "title": {"zh": "参观", "en": "x" * 65}}, SECTIONS,
                        errors)
    assert errors["title"].key == "error.too_long"


def test_items_come_numbered_per_section_in_the_sections_order():
    errors: dict[str, HallError] = {}
    items = templates.read_items({"second": ["b1", " b2 "], "first": ["a1"], "none": None},
                                 SECTIONS, errors)
    assert items == [(Part.FIRST, 1, "a1", ""), (Part.SECOND, 1, "b1", ""),
                     (Part.SECOND, 2, "b2", "")]
    assert list(errors) == ["items.none"]          # an unknown section, the rest still read


def test_bad_items_are_named_one_by_one():
    errors: dict[str, HallError] = {}
    items = templates.read_items({"first": ["ok", 3, "x" * 11], "second": ["1", "2", "3", "4"]},
                                 SECTIONS, errors)
    assert items == [(Part.FIRST, 1, "ok", "")]
    assert errors["items.first.2"].key == "error.required"
    assert errors["items.first.2"].params["field"] == "first#2"
    assert errors["items.first.3"].key == "error.too_long"
    assert errors["items.second"].key == "daily.error.item_list"


def test_no_items_is_an_error_only_when_nothing_else_is_wrong_with_them():
    errors: dict[str, HallError] = {}
    assert templates.read_items({"first": None}, SECTIONS, errors) == []   # taken as empty
    assert errors["items"].key == "daily.error.no_items"
    errors = {}
    templates.read_items("not a table", SECTIONS, errors)
    assert errors["items"].key == "daily.error.no_items"
    errors = {}
    templates.read_items({"third": ["x"]}, SECTIONS, errors)
    assert list(errors) == ["items.third"]


def test_an_item_may_carry_its_english_beside_the_chinese():
    errors: dict[str, HallError] = {}
    items = templates.read_items({"first": [{"zh": " 开门 ", "en": " Open "}, "关灯",
                                            {"zh": "巡视"}]}, SECTIONS, errors)
    assert errors == {}
    assert items == [(Part.FIRST, 1, "开门", "Open"), (Part.FIRST, 2, "关灯", ""),
                     (Part.FIRST, 3, "巡视", "")]


def test_a_bad_english_or_a_table_without_chinese_is_named_like_a_bad_item():
    errors: dict[str, HallError] = {}
    items = templates.read_items({"first": [{"zh": "a", "en": "x" * 11}, {"en": "only"},
                                            {"zh": "b", "en": 5}],
                                  "second": [{"zh": "c", "en": "bad\x07"}]}, SECTIONS, errors)
    assert items == []
    assert errors["items.first.1"].key == "error.too_long"
    assert errors["items.first.1"].params["field"] == "first#1"
    assert errors["items.first.2"].key == "error.required"        # no Chinese: not text
    assert errors["items.first.3"].key == "intake.error.not_text"
    assert errors["items.second.1"].key == "error.control_chars"


def test_a_text_is_kept_plain_without_english_and_shown_in_the_windows_language():
    assert templates.text_value("开门") == "开门"
    assert templates.text_value("开门", "Open") == {"zh": "开门", "en": "Open"}
    assert templates.read_text(templates.text_value("开门", "Open")) == ("开门", "Open")
    assert templates.text_pair({"zh": " 开门 ", "en": None}) == ("开门", "")
    assert templates.text_pair(" 开门 ") == ("开门", "")
    assert templates.shown("开门", "Open", "en") == "Open"
    assert templates.shown("开门", "", "en") == "开门"
    assert templates.shown("开门", "Open", "zh") == "开门"
