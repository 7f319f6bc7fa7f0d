"""The known data set of the statistics tests (described in
tests/services/test_statistics.py), built with the real services on a controlled clock."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hall_desk.services import lifecycle, tickets
from hall_desk.services.context import clock
from hall_desk.services.statistics import StatsFilter

T0 = datetime(2026, 11, 2, 9, 0)
NOW = T0 + timedelta(days=10)
RANGE = StatsFilter(date(2026, 11, 2), date(2026, 11, 8))
P1, P2, P3 = "13912345678", "13800001111", "13700002222"


def at(minutes: float):
    moment = T0 + timedelta(minutes=minutes)
    return clock(lambda: moment)


def register(hall, login, minutes, **data):
    base = {"kind": "complaint", "channel": "walk-in", "customer_name": "李四", "phone": P1,
            "content": "抄表员未按时抄表", "demand": "核对电量", "category": "服务质量"}
    base.update(data)
    with at(minutes):
        return tickets.register(hall[login], base, received_at=T0 + timedelta(minutes=minutes))


def walk(hall, ticket, steps):
    for minutes, login, action, data in steps:
        with at(minutes):
            ticket = lifecycle.act(hall[login], ticket.id, ticket.version, action, data)
    return ticket


def handling(assign_at, dep, handler, cause, times):
    """judge, assign, analyse, propose, approve, implement, reply at the given minutes."""
    judge, analyse, propose, approve, implement, reply = times
    return [
        (judge, "wangli", "judge_valid", {"reason": "属实"}),
        (assign_at, "wangli", "assign", {"department": dep, "handler_a": handler}),
        *second_round(cause, (analyse, propose, approve, implement, reply), handler),
    ]


def second_round(cause, times, handler="sunhao"):
    analyse, propose, approve, implement, reply = times
    return [
        (analyse, handler, "analyse", {"cause_class": cause}),
        (propose, handler, "propose", {"solution": "补抄并核对"}),
        (approve, "wangli", "approve", {"instruction": "同意"}),
        (implement, handler, "implement", {"implementation": "已处理"}),
        (reply, "zhaoqiang", "review", {}),
        (reply, "liuyang", "reply", {"reply_method": "phone", "reply_content": "已告知"}),
    ]


def callback(minutes, satisfaction):
    words = {"customer_words": "问题仍未解决"} if satisfaction == "dissatisfied" else {}
    return (minutes, "liuyang", "callback", {"satisfaction": satisfaction, **words})


def build(hall):
    a = register(hall, "liuyang", 0)
    walk(hall, a, handling(4, "OPS", "sunhao", "service", (2, 60, 90, 120, 300, 320))
         + [callback(400, "satisfied"), (500, "wangli", "archive", {"summary": "闭环"})])
    b = register(hall, "liuyang", 30, channel="phone", category="价格与收费", phone=P2)
    b = walk(hall, b, handling(45, "OPS", "sunhao", "management", (40, 60, 70, 80, 825, 840))
             + [callback(900, "dissatisfied")])
    assert b.status == "assigned" and b.round == 2
    walk(hall, b, second_round("product", (960, 1000, 1020, 1100, 1200))
         + [callback(1300, "satisfied"), (1400, "wangli", "archive", {"summary": "二次闭环"})])
    c = register(hall, "liuyang", 60, channel="letter", category="产品质量", phone=P3,
                 agreed_due_at=T0 + timedelta(days=2))
    walk(hall, c, handling(72, "CS", "chenjing", "misunderstanding",
                           (70, 100, 120, 130, 3 * 1440, 4400)) + [callback(4500, "basically")])
    d = register(hall, "chenjing", 120, kind="consultation", channel="online", category="其他",
                 phone="13600003333")
    walk(hall, d, [(130, "chenjing", "settle_on_spot", {"reply_content": "已解释"}),
                   (200, "wangli", "archive_without_callback", {"summary": "当场答复"})])
    register(hall, "chenjing", 1440, kind="suggestion", phone="13500004444")
    f = register(hall, "liuyang", 1500)
    assert tickets.get(f.id).repeat_of_id == a.id
    with clock(lambda: datetime(2026, 10, 20, 10, 0)):
        tickets.register(hall["liuyang"], {
            "kind": "complaint", "channel": "walk-in", "customer_name": "王五",
            "phone": "13300005555", "content": "旧事", "demand": "答复",
            "category": "其他"},
            received_at=datetime(2026, 10, 20, 10, 0))
    return hall


