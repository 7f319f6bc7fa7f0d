"""``tickets.register_all``: an import is registered all or nothing (``hall-desk intake``)."""

from __future__ import annotations

from datetime import datetime

import pytest

from hall_desk.core.errors import HallError
from hall_desk.services import tickets
from hall_desk.store.models import Ticket, TicketEvent

ITEM = {"kind": "complaint", "channel": "walk-in", "category": "service_quality",
        "customer_name": "张伟", "phone": "13800138000", "content": "排队一个多小时无人解释。",
        "demand": "要求说明排队安排。", "confirmed_by_customer": True}


def test_every_ticket_is_registered_in_order(hall):
    received = datetime(2026, 11, 20, 9, 30)
    made = tickets.register_all(hall["liuyang"], [dict(ITEM), dict(ITEM, received_at=received)])
    assert [t.number for t in made] == [t.number for t in Ticket.select().order_by(Ticket.id)]
    assert made[1].received_at == received


def test_one_failure_registers_none(hall, monkeypatch):
    real, calls = tickets.register, []

    def register(actor, data, **kw):
        calls.append(data)
        if len(calls) == 3:
            raise HallError("error.disk_full", detail="test")
        return real(actor, data, **kw)

    monkeypatch.setattr(tickets, "register", register)
    with pytest.raises(HallError):
        tickets.register_all(hall["liuyang"], [dict(ITEM) for _ in range(4)])
    assert len(calls) == 3
    assert Ticket.select().count() == 0 and TicketEvent.select().count() == 0
