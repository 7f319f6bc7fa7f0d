"""A day of 一日管理 in the shift handover: a day opened and not closed, or closed with a
faulty or undone check still open on the duty log, is its own section of the handover, of
the printed 交接班记录, and leaves it once closed and followed up."""

from __future__ import annotations

from datetime import datetime

import pytest

from hall_desk.services import daily, duty, handover
from hall_desk.services.context import clock
from tests.pdf_helpers import page_texts, squash

T = datetime(2026, 11, 23, 8, 30)          # a Monday


@pytest.fixture
def at():
    moment = [T]
    with clock(lambda: moment[0]):
        yield moment


def daily_items(at_noon=None):
    found = handover.preview(at=at_noon or datetime(2026, 11, 23, 11, 50))["items"]
    return [i for i in found if i["kind"] == "daily"]


def test_an_open_day_and_a_closed_day_with_problems_are_handed_over(hall, at):
    clerk, leader = hall["liuyang"], hall["wangli"]
    assert daily_items() == []                                   # no day opened: nothing
    day = daily.open_day(clerk)
    checks = daily.items(day.id)
    daily.tick(clerk, checks[0].id)
    marked = daily.mark(clerk, checks[1].id, "faulty", "叫号机无法出票，已报修")
    [item] = daily_items()
    assert item["ref"] == f"daily:{day.id}"
    assert item["text"].startswith(f"2026-11-23 一日管理尚未签字结束：未检查{len(checks) - 2}项，"
                                   "故障1项，未完成0项")
    assert "叫号机无法出票，已报修" in item["text"]

    at[0] = datetime(2026, 11, 23, 17, 40)
    for check in daily.open_items(day.id):
        daily.tick(clerk, check.id)
    daily.close(leader, day.id, "王丽", on_paper=True)
    [item] = daily_items(datetime(2026, 11, 23, 17, 45))         # closed, the fault still open
    assert "已签字结束，仍有故障1项" in item["text"]

    h = handover.assemble(clerk, at=datetime(2026, 11, 23, 11, 50))
    assert "daily" in [i["kind"] for i in handover.describe(h.id)["items"]]
    text = squash("".join(page_texts(handover.sheet(leader, h.id))))
    assert "一日管理" in text and "叫号机无法出票" in text

    duty.close(leader, marked.duty_entry_id, outcome="已更换打印模块")
    assert daily_items(datetime(2026, 11, 23, 17, 45)) == []     # followed up: it leaves


def test_a_future_day_is_not_handed_over(hall, at):
    from datetime import date

    at[0] = datetime(2026, 11, 25, 9, 0)
    daily.open_day(hall["liuyang"], date(2026, 11, 25))
    assert daily.for_handover(date(2026, 11, 24)) == []
    assert [d["date"] for d in daily.for_handover(date(2026, 11, 25))] == ["2026-11-25"]
