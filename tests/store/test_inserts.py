"""store.inserts.create: the same row as peewee's Model.create, with the statement kept."""

from __future__ import annotations

from datetime import datetime

import peewee
import pytest

from hall_desk.store import inserts
from hall_desk.store.models import Category, NumberSequence, Staff, Ticket, TicketEvent
from hall_desk.store.tx import write_transaction


def _ticket(number: str, **extra) -> dict:
    values = {"first_receiver": Staff.select(Staff.id).order_by(Staff.id).scalar(),
              "number": number, "number_reversed": number[::-1], "kind": "complaint",
              "channel": "walk-in", "customer_name": "张三", "customer_phone": "138 0013 8000",
              "phone_key": "13800138000", "content": "排队太久", "demand": "改进",
              "received_at": datetime(2026, 12, 1, 9, 30),
              "created_at": datetime(2026, 12, 1, 9, 31),
              "counter_code": "A1", "status": "registered", "priority": 2, "version": 1,
              "updated_at": datetime(2026, 12, 1, 9, 31)}
    values.update(extra)
    return values


def _columns(row: peewee.Model) -> dict:
    data = dict(row.__data__)
    data.pop("id")
    return data


def _stored(model, pk) -> dict:
    return _columns(model.get_by_id(pk))


def test_the_same_row_as_peewees_create(hall):
    category = Category.select().first() or Category.create(code="c1", name="服务质量")
    for n in range(3):                            # the first renders, the next two reuse
        with write_transaction():
            mine = inserts.create(Ticket, **_ticket(f"TS-1-{n}", category=category,
                                                     customer_address=f"路{n}号"))
            theirs = Ticket.create(**_ticket(f"TS-2-{n}", category=category,
                                             customer_address=f"路{n}号"))
        assert mine.id == theirs.id - 1
        assert not mine.is_dirty()
        a, b = _stored(Ticket, mine.id), _stored(Ticket, theirs.id)
        assert a.pop("number") == f"TS-1-{n}" and b.pop("number") == f"TS-2-{n}"
        a.pop("number_reversed"), b.pop("number_reversed")
        assert a == b
        assert a["category"] == category.id and a["customer_address"] == f"路{n}号"
        # the caller holds what peewee's caller would
        held = {k: v for k, v in _columns(mine).items() if not k.startswith("number")}
        assert held == {k: v for k, v in _columns(theirs).items() if not k.startswith("number")}


def test_the_kept_statement_is_peewees_own(hall):
    with write_transaction():
        first = inserts.create(Ticket, **_ticket("TS-3-1"))
        event = inserts.create(TicketEvent, ticket=first.id, seq=1, at=datetime(2026, 12, 1),
                               actor_label="刘洋", action="created", before="{}", after="{}",
                               note="", prev_hash="0" * 64, hash="1" * 64)
    assert TicketEvent.get_by_id(event.id).ticket_id == first.id
    kept = {key[0]: sql for key, (sql, _) in inserts._STATEMENTS.items()}
    query = Ticket.insert(**{k: v for k, v in Ticket(**_ticket("X")).__data__.items()
                             if k != "id"})
    if Ticket._meta.database.returning_clause:           # PostgreSQL: the new id comes back
        query = query.returning(Ticket.id)
    assert kept[Ticket] == query.sql()[0]


def test_an_expression_goes_through_peewee(hall):
    with write_transaction():
        row = inserts.create(NumberSequence, prefix="P-1", last=5)    # no id of its own
        made = inserts.create(Ticket, **_ticket("TS-4-1", content=peewee.SQL("'由表达式'")))
    assert NumberSequence.get(NumberSequence.prefix == "P-1").last == 5 and row.last == 5
    assert Ticket.get_by_id(made.id).content == "由表达式"


def test_a_failed_insert_leaves_no_row(hall):
    with write_transaction():
        inserts.create(Ticket, **_ticket("TS-5-1"))
    with pytest.raises(peewee.IntegrityError):
        with write_transaction():
            inserts.create(Ticket, **_ticket("TS-5-1"))     # the number is unique
    assert Ticket.select().where(Ticket.number == "TS-5-1").count() == 1
