"""The intake read-back (复述确认) from plain data: every line the clerk reads aloud,
including whom the complaint is about and when the customer wants the callback."""

from __future__ import annotations

from datetime import datetime

from hall_desk.core import readback

DATA = {"kind": "complaint", "content": " 营业员态度生硬。 ", "demand": "道歉。",
        "customer_name": "张桂兰", "anonymous": False, "missing_materials": [],
        "target_kind": "department", "target_department": "CS",
        "callback_window": "weekday_morning"}


def test_every_part_is_read_back_in_order():
    lines = readback.lines(DATA, target_name="客户服务部", phone_shown="138 1234 5678",
                           promised=datetime(2026, 11, 3, 17, 0), lang="zh")
    assert lines == [
        "您是说：营业员态度生硬。", "您希望：道歉。", "您的姓名和电话：张桂兰，138 1234 5678",
        "您反映的对象：本单位部门「客户服务部」",
        "回访时间：您希望我们在工作日 9:00–12:00联系您",
        "我们按投诉登记，将于 2026-11-03 17:00 前答复您，对吗？"]


def test_english_and_what_is_left_out():
    text = readback.text(dict(DATA, callback_window="any", demand="", anonymous=True,
                              missing_materials=["身份证"]),
                         target_name="", problem="no limit", lang="en")
    assert "The complaint is about" not in text and "Callback" not in text
    assert "You would like" not in text and "anonymous" in text
    assert "Still missing: 身份证" in text
    assert text.splitlines()[-2:] == ["We register it as a Complaint. Is that right?",
                                      "no limit"]


def test_a_third_party_and_an_evening_window_in_english():
    text = readback.text(dict(DATA, target_kind="other", target_text="物业公司",
                              callback_window="evening"), target_name="物业公司", lang="en")
    assert 'The complaint is about: A third party "物业公司"' in text
    assert "Callback: you prefer us to call you back" in text
