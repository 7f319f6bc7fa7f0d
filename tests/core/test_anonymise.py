"""Taking a customer's identity out of free text for the training booklet, on hostile text."""

from __future__ import annotations

import pytest

from hall_desk.core.anonymise import NAME_MARK, NUMBER_MARK, scrub


@pytest.mark.parametrize("phone", [
    "13812345678", "138 1234 5678", "138-1234-5678", "138.1234.5678", "+86 138 1234 5678",
    "+8613812345678", "１３８１２３４５６７８", "010-8888 6666", "0755-12345678", "138****5678",
    "138 **** 5678"])
def test_phones_in_any_writing_go(phone):
    out = scrub(f"请回电{phone}谢谢")
    assert out == f"请回电{NUMBER_MARK}谢谢"


@pytest.mark.parametrize("number", [
    "110105194912310021", "11010519491231002X", "11010519491231002x", "1101 0519 4912 3100 21",
    "6222021234567890123", "6222 0212 3456 7890 123", "6222-0212-3456-7890", "TS-20261123-A1-0001"])
def test_id_account_and_ticket_numbers_go(number):
    out = scrub(f"号码{number}。")
    assert out == f"号码{NUMBER_MARK}。"
    assert not any(ch.isdigit() for ch in out)


def test_names_go_also_spaced_and_as_mr_or_ms():
    text = "客户王丽说：王 丽不满意；王女士、欧阳先生和欧阳明月都在场，张三丰师傅也来了"
    out = scrub(text, ["王丽", "欧阳明月", "张三丰"])
    for gone in ("王", "欧阳", "明月", "张"):
        assert gone not in out
    assert out.count(NAME_MARK) == 4 and "某女士" in out and "某先生" in out and "某师傅" in out


def test_the_longest_name_goes_first_and_an_address_goes_whole():
    out = scrub("住朝阳区幸福路88号3单元的王小明和王小", ["王小", "王小明", "朝阳区幸福路88号3单元"])
    assert out == f"住{NAME_MARK}的{NAME_MARK}和{NAME_MARK}"


def test_what_the_case_needs_stays():
    text = "2026-11-23 等了40分钟，补偿200元，3个工作日内，第2次，10:30到柜台"
    assert scrub(text, ["王丽"]) == text


def test_nothing_and_odd_input():
    assert scrub(None) == "" and scrub("") == ""
    assert scrub("a" * 10, ["", " ", "a"]) == "a" * 10        # one-letter "names" are ignored
    assert scrub("正则.*(王丽)+", ["(王丽)+"]) == f"正则.*{NAME_MARK}"   # names are not patterns
