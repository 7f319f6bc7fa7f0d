"""Tickets on a real database (SQLite file, then PostgreSQL): numbering, events, history,
optimistic concurrency, and the evidence chain."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from hall_desk.core.chain import GENESIS, link_hash
from hall_desk.core.enums import Priority
from hall_desk.core.errors import PermissionDenied, StaleVersion, ValidationError
from hall_desk.services import tickets
from hall_desk.services.context import Actor, system_actor
from hall_desk.store.models import ChainHead, Ticket, TicketEvent


def complaint(**extra):
    data = {"kind": "complaint", "channel": "walk-in", "category": "服务质量",
            "customer_name": "张三丰", "phone": "13800138000",
            "content": "窗口人员态度冷淡", "demand": "要求道歉"}
    data.update(extra)
    return data


def test_register_numbers_and_first_event(hall):
    clerk = hall["liuyang"]
    received = datetime(2026, 9, 30, 16, 0)
    first = tickets.register(clerk, complaint(), received_at=received)
    second = tickets.register(clerk, complaint(phone="13900139000"), received_at=received)
    assert first.number == "TS-20260930-A1-0001"
    assert second.number == "TS-20260930-A1-0002"
    other_counter = Actor(clerk.staff_id, clerk.name, clerk.role, "B2")
    assert tickets.register(other_counter, complaint(), received_at=received).number \
        == "TS-20260930-B2-0001"
    assert tickets.register(clerk, complaint(kind="suggestion"), received_at=received).number \
        == "JY-20260930-A1-0001"
    events = tickets.history(first.id)
    assert [e.action for e in events] == ["created"]
    assert events[0].actor_id == clerk.staff_id
    stored = Ticket.get_by_id(first.id)
    assert stored.category.name == "服务质量"
    assert stored.phone_key == "13800138000"
    assert stored.name_initials == "zsf"
    assert stored.first_receiver_id == clerk.staff_id


def test_invalid_intake_names_every_field_and_writes_nothing(hall):
    with pytest.raises(ValidationError) as info:
        tickets.register(hall["liuyang"], complaint(phone="12345", content="", category="不存在"))
    assert set(info.value.fields) == {"phone", "content", "category"}
    with pytest.raises(ValidationError) as info:
        tickets.register(hall["liuyang"], complaint(category="不存在"))
    assert info.value.fields == ["category"]
    assert Ticket.select().count() == 0
    assert TicketEvent.select().count() == 0


def test_repeat_complaint_raises_priority(hall):
    clerk = hall["liuyang"]
    now = datetime(2026, 11, 20, 10, 0)
    old = tickets.register(clerk, complaint(), received_at=now - timedelta(days=130))
    fresh = tickets.get(tickets.register(clerk, complaint(),
                                         received_at=now - timedelta(days=30)).id)
    assert fresh.repeat_of_id is None and fresh.priority == Priority.NORMAL  # 100 days after the old one: too long ago
    again = tickets.get(tickets.register(clerk, complaint(phone="+86 138-0013-8000"),
                                         received_at=now).id)
    assert again.repeat_of_id == fresh.id
    assert again.priority == Priority.HIGH
    assert old.id != fresh.id


def test_update_writes_before_and_after(hall):
    clerk, boss = hall["liuyang"], hall["wangli"]
    t = tickets.register(clerk, complaint())
    t2 = tickets.update(boss, t.id, t.version, {"status": "judged", "valid": True},
                        action="judged", note="情况属实")
    assert t2.version == t.version + 1
    assert t2.updated_by_id == boss.staff_id
    last = tickets.history(t.id)[-1]
    assert (last.action, last.note, last.actor_label) == ("judged", "情况属实", "王丽")
    assert '"status":"registered"' in last.before and '"status":"judged"' in last.after


def test_stale_save_is_refused_naming_who(hall):
    clerk, boss = hall["liuyang"], hall["wangli"]
    t = tickets.register(clerk, complaint())
    tickets.update(boss, t.id, t.version, {"demand": "要求书面道歉"})
    with pytest.raises(StaleVersion) as info:
        tickets.update(clerk, t.id, t.version, {"demand": "要求口头道歉"})
    message = info.value.message("zh")
    assert "王丽" in message and "版本2" in message and "保留" in message
    assert Ticket.get_by_id(t.id).demand == "要求书面道歉"
    assert len(tickets.history(t.id)) == 2


def test_system_actor_cannot_supervise(hall):
    cli = system_actor("A1")
    t = tickets.register(cli, complaint())
    assert tickets.get(t.id).first_receiver.role == "admin"
    assert tickets.history(t.id)[0].actor_label == "[命令行]"
    with pytest.raises(PermissionDenied):
        tickets.update(cli, t.id, t.version, {"instruction": "同意"}, permission="supervise")


def test_event_chain_links_every_event(hall):
    clerk = hall["liuyang"]
    for i in range(3):
        t = tickets.register(clerk, complaint(phone=f"1380013800{i}"))
        tickets.update(clerk, t.id, t.version, {"demand": f"第{i}次"})
    events = list(TicketEvent.select().order_by(TicketEvent.id))
    assert len(events) == 6
    prev = GENESIS
    for e in events:
        assert e.prev_hash == prev
        prev = e.hash
    head = ChainHead.get(ChainHead.name == "ticket_event")
    assert head.hash == prev and head.length == 6
    assert link_hash("x", {"a": 1}) != link_hash("y", {"a": 1})
