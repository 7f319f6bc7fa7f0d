"""What the ticket services hand up to the window and the command line are views
(core/views.py), never database rows: checked on the results themselves, beside the
annotation check of tests/structure/test_layers.py."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from datetime import datetime, timedelta

import peewee
import pytest

from hall_desk.core.enums import TicketKind, TicketStatus
from hall_desk.core.views import TicketRef
from hall_desk.services import callbacks, lifecycle, tickets
from hall_desk.services.context import clock

T0 = datetime(2026, 11, 2, 9, 0)   # a Monday
INTAKE = {"kind": "complaint", "customer_name": "李四", "phone": "13912345678",
          "content": "抄表员未按时抄表", "demand": "核对电量", "category": "服务质量",
          "confirmed_by_customer": True}


def at(minutes: float):
    moment = T0 + timedelta(minutes=minutes)
    return clock(lambda: moment)


def is_view(value) -> bool:
    return isinstance(value, TicketRef) and not isinstance(value, peewee.Model)


def test_register_and_the_lifecycle_return_views(hall):
    with at(0):
        t = tickets.register(hall["liuyang"], INTAKE, received_at=T0)
    assert is_view(t)
    assert (t.kind, t.status, t.version) == (TicketKind.COMPLAINT, TicketStatus.REGISTERED, 1)
    assert t.number == tickets.get(t.id).number and t.received_at == T0
    with pytest.raises(FrozenInstanceError):
        t.version = 2
    with at(2):
        judged = lifecycle.act(hall["wangli"], t.id, t.version, "judge_valid", {"reason": "属实"})
    assert is_view(judged) and judged.status is TicketStatus.JUDGED and judged.version == 2
    with at(3):
        noted = lifecycle.add_note(hall["wangli"], t.id, "已电话联系")
        fed = lifecycle.record_event(hall["liuyang"], t.id, "first_feedback", "已告知")
    assert is_view(noted) and noted.version == 2       # a note changes no field
    assert is_view(fed) and fed.version == 3
    assert tickets.ref(t.number) == tickets.ref(t.id) == fed
    with at(4):
        batch = tickets.register_all(hall["liuyang"], [INTAKE, INTAKE])
    assert all(is_view(r) for r in batch) and len({r.number for r in batch}) == 2


def test_callbacks_return_views(hall):
    with at(0):
        t = tickets.register(hall["liuyang"], dict(INTAKE, kind="consultation", category=""),
                             received_at=T0)
    with at(5):
        t = lifecycle.act(hall["liuyang"], t.id, t.version, "settle_on_spot",
                          {"reply_content": "已当场解答"})
    with at(30):
        tried = callbacks.record(hall["liuyang"], t.id, t.version, method="phone",
                                 reached=False)
    assert is_view(tried) and tried.status is TicketStatus.REPLIED and tried.version == t.version

