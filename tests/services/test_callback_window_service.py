"""The customer's preferred callback time, taken at intake and honoured by the worklist and
the handover; callbacks by 微信 and 邮件."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from hall_desk.core.errors import ValidationError
from hall_desk.services import callbacks, handover, lifecycle, tickets
from hall_desk.services.context import clock

T0 = datetime(2026, 11, 24, 9, 0)         # a Tuesday


@pytest.fixture
def at():
    moment = {"now": T0}
    with clock(lambda: moment["now"]):
        yield moment


def _replied(hall, window=None, **extra):
    """A complaint handled and replied (its callback due); ``extra``: more intake fields."""
    boss = hall["wangli"]
    data = {"kind": "complaint", "channel": "walk-in", "customer_name": "张三",
            "phone": "13800138000", "content": "电表跳闸。", "demand": "更换电表。", **extra}
    if window is not None:
        data["callback_window"] = window
    t = tickets.register(hall["liuyang"], data)
    for action, form in [("judge_valid", {}), ("assign", {"department": "CS"}),
                         ("analyse", {"cause_class": "product"}), ("propose", {"solution": "换。"}),
                         ("approve", {"instruction": "同意。"}), ("implement", {"implementation": "换了。"}),
                         ("review", {}), ("reply", {"reply_method": "phone", "reply_content": "已换。"})]:
        who = hall["liuyang"] if action == "propose" else boss
        t = lifecycle.act(who, t.id, t.version, action, form)
    return t


def test_evening_window_is_not_due_before_it_opens(hall, at):
    t = _replied(hall, "evening")
    assert tickets.describe(t, hall["wangli"]).callback_window == "evening"
    [d] = callbacks.worklist()
    # the policy's same-day 17:30 falls outside 18:00–21:00: due at 21:00, not before 18:00
    assert (d.opens, d.due) == (datetime(2026, 11, 24, 18, 0), datetime(2026, 11, 24, 21, 0))
    at["now"] = datetime(2026, 11, 24, 17, 45)
    assert d.waiting(at["now"]) and not d.overdue(at["now"])
    assert "每天 18:00–21:00" in d.window_words("zh") and "11-24 18:00" in d.window_words("zh")
    assert d.as_json(at["now"])["not_before"] == "2026-11-24T18:00"
    at["now"] = datetime(2026, 11, 24, 21, 0)
    assert d.overdue(at["now"]) and not d.waiting(at["now"])


def test_any_time_keeps_the_policy_due_and_the_handover_shows_the_window(hall, at):
    plain = _replied(hall)
    [d] = callbacks.worklist()
    assert d.number == plain.number and d.opens is None and d.window_words() == ""
    assert d.due == datetime(2026, 11, 24, 17, 30)
    evening = _replied(hall, "evening")
    at["now"] = datetime(2026, 11, 24, 16, 0)
    texts = [i.text for i in handover.gather(at["now"], *handover._slot(at["now"], None))
             if i.kind == "callback"]
    assert any(plain.number in x and "客户方便时间" not in x for x in texts), texts
    assert any(evening.number in x and "客户方便时间：每天 18:00–21:00" in x for x in texts), texts


def test_a_bad_window_is_refused_at_intake(hall, at):
    with pytest.raises(ValidationError) as raised:
        tickets.register(hall["liuyang"], {"kind": "complaint", "customer_name": "张三",
                                           "phone": "13800138000", "content": "x",
                                           "demand": "y", "callback_window": "midnight"})
    assert "callback_window" in raised.value.errors


@pytest.mark.parametrize("method", ["wechat", "email"])
def test_callback_by_wechat_or_email(hall, at, method):
    t = _replied(hall)
    done = callbacks.record(hall["chenjing"], t.id, t.version, method=method, reached=True,
                            satisfaction="satisfied")
    assert done.status == "called_back"
    assert callbacks.history(t.id)[-1].method == method


@pytest.mark.parametrize("received, window, opens, due", [
    # National Day: the callback of a working-day afternoon waits for 10-8, not the holiday
    (datetime(2026, 9, 30, 9, 0), "weekday_afternoon",
     datetime(2026, 10, 8, 14, 0), datetime(2026, 10, 8, 17, 30)),
    # the rest-day window opens on the holiday itself
    (datetime(2026, 9, 30, 9, 0), "weekend", datetime(2026, 10, 1, 9, 0),
     datetime(2026, 10, 1, 18, 0)),
    # Spring Festival: Saturday 2-14 is a working day (调休), 2-15.. are not
    (datetime(2026, 2, 13, 9, 0), "weekday_morning", datetime(2026, 2, 14, 9, 0),
     datetime(2026, 2, 14, 12, 0)),
])
def test_the_window_follows_the_working_day_calendar(hall, at, received, window, opens, due):
    at["now"] = received
    _replied(hall, window)
    [d] = callbacks.worklist(until=due + timedelta(days=1))
    assert (d.opens, d.due) == (opens, due)
