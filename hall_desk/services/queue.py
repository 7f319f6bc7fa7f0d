"""The complaint queue: filtered, sorted, paged SQL over the tickets, masked for the viewer.

Never loads all rows: the window asks for a page at a time and for the count. Lists always
mask the customer (张* / 138****5678); an anonymous customer shows as 匿名 and is never
found by name or phone, whatever the role (its row holds neither; a supervisor looks one up
with the logged ``tickets.reveal_search``), only by its number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from peewee import JOIN, Case, fn

from hall_desk.core import i18n, numbering
from hall_desk.core.auth import may
from hall_desk.core.enums import Role, TicketStatus
from hall_desk.core.masking import mask_name, mask_phone
from hall_desk.core.validation import phone_search_key
from hall_desk.services.context import Actor, now
from hall_desk.store.models import Category, Department, Staff, Ticket

OPEN_STATUSES = [s.value for s in TicketStatus if s is not TicketStatus.ARCHIVED]
SORTS = ("deadline", "received", "priority", "number")
PAGE_SIZE = 200        # rows the queue page loads at a time, and again near the end



@dataclass
class QueueFilter:
    statuses: list[str] = field(default_factory=lambda: list(OPEN_STATUSES))
    kinds: list[str] = field(default_factory=list)
    category_ids: list[int] = field(default_factory=list)
    department_id: int | None = None
    mine: bool = False                 # first receiver or handler A/B is the viewer
    overdue_only: bool = False
    escalated_only: bool = False
    received_from: date | None = None
    received_to: date | None = None
    search: str = ""
    sort: str = "deadline"
    descending: bool = False


@dataclass(frozen=True)
class QueueRow:
    id: int
    number: str
    kind: str
    category: str
    customer: str
    phone: str
    anonymous: bool
    received_at: datetime
    status: str
    department: str
    handler: str
    next_deadline_at: datetime | None
    next_deadline_rule: str
    priority: int
    escalated: bool
    version: int
    repeat_n: int = 1          # 第N次: a repeat complaint's count (core.repeats)
    hotline_source: str = ""   # a hotline's work order (core.hotline), "" for none
    hotline_number: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "number": self.number, "kind": self.kind, "category": self.category,
            "customer": self.customer, "phone": self.phone, "anonymous": self.anonymous,
            "received_at": self.received_at.isoformat(timespec="minutes"),
            "status": self.status, "department": self.department, "handler": self.handler,
            "next_deadline": (self.next_deadline_at.isoformat(timespec="minutes")
                              if self.next_deadline_at else None),
            "next_deadline_rule": self.next_deadline_rule, "priority": self.priority,
            "escalated": self.escalated, "provisional": self.provisional,
            "repeat_n": self.repeat_n,
            "hotline_source": self.hotline_source, "hotline_number": self.hotline_number,
        }

    @property
    def provisional(self) -> bool:
        """The next deadline was counted over a year not entered yet (暂定)."""
        from hall_desk.services import deadlines

        return deadlines.is_provisional(self.next_deadline_rule, self.next_deadline_at)


def _prefix_range(column, prefix: str):
    """``column LIKE 'prefix%'`` as a range, which both SQLite and PostgreSQL answer from the
    column's index."""
    return (column >= prefix) & (column < prefix[:-1] + chr(ord(prefix[-1]) + 1))


def _where(f: QueueFilter, viewer: Actor, at: datetime):
    cond = Ticket.status.in_(f.statuses) if f.statuses else (Ticket.id > 0)
    if f.kinds:
        cond &= Ticket.kind.in_(f.kinds)
    if f.category_ids:
        cond &= Ticket.category.in_(f.category_ids)
    if f.department_id:
        cond &= Ticket.department == f.department_id
    if f.mine and viewer.staff_id:
        me = viewer.staff_id
        cond &= (Ticket.first_receiver == me) | (Ticket.handler_a == me) | (Ticket.handler_b == me)
    if f.overdue_only:
        cond &= Ticket.next_deadline_at.is_null(False) & (Ticket.next_deadline_at < at)
    if f.escalated_only:
        cond &= Ticket.escalated_at.is_null(False)
    if f.received_from:
        cond &= Ticket.received_at >= datetime.combine(f.received_from, datetime.min.time())
    if f.received_to:
        cond &= Ticket.received_at < datetime.combine(f.received_to + timedelta(days=1),
                                                      datetime.min.time())
    text = (f.search or "").strip()
    if text:
        cond &= _search(text, viewer)
    return cond


def _search(text: str, viewer: Actor):
    """A ticket number (whole, its start, or its tail: ``0009``, ``A1-0009``), a phone
    number (its start, or its last four digits), a name, or pinyin initials. Every branch
    is a range or an equality on an indexed column."""
    upper = text.upper().replace(" ", "")
    if numbering.looks_like_number(upper) or numbering.starts_like_number(upper):
        return _prefix_range(Ticket.number, upper)
    visible = Ticket.anonymous == False  # noqa: E712  (finding it would be an unlogged reveal)
    bare = "".join(ch for ch in text if ch not in " -()+")
    if bare.isdigit():
        cond = _number_tail(upper) if len(bare) >= 2 else (Ticket.id < 0)
        digits = phone_search_key(bare)
        if len(digits) >= 4:                      # shorter does not mean a phone number
            cond |= visible & _prefix_range(Ticket.phone_key, digits)
        if len(bare) == 4:
            cond |= visible & (Ticket.phone_last4 == bare)
        return cond | _hotline_number(upper)
    if _COUNTER_TAIL_RE.match(upper):
        # a counter and its sequence (``B1-0005``) is a ticket number's tail: alone, the
        # page is sorted from the tail's covering index (schema v10)
        return _number_tail(upper)
    if _TAIL_RE.match(upper):
        return _number_tail(upper) | _hotline_number(upper)
    if _HOTLINE_RE.match(upper):
        return _hotline_number(upper)
    if text.isascii() and text.isalpha():
        return visible & _prefix_range(Ticket.name_initials, text.lower())
    return visible & _prefix_range(Ticket.customer_name, text)


# the end of a ticket number as typed: digits, or counter and sequence (``A1-0009``)
_TAIL_RE = re.compile(r"^[A-Z0-9-]*\d$")
# a counter code and a sequence, as the end of a ticket number shows them (``B1-0005``)
_COUNTER_TAIL_RE = re.compile(r"^[A-Z][A-Z0-9]{0,3}-\d+$")


# a hotline work-order number as typed, whole or its tail (core.hotline's characters)
_HOTLINE_RE = re.compile(r"^[A-Z0-9_./-]*\d[A-Z0-9_./-]*$")


def _hotline_number(text: str):
    """Tickets whose hotline work-order number starts with ``text`` (the whole number) or
    ends with it (its tail, at least four characters): indexed prefixes both."""
    if len(text) < 4:
        return Ticket.id < 0
    return (_prefix_range(Ticket.hotline_number, text)
            | _prefix_range(Ticket.hotline_number_reversed, text[::-1]))


def _number_tail(tail: str):
    """Numbers ending in ``tail``: a prefix of the reversed number."""
    return _prefix_range(Ticket.number_reversed, tail[::-1])


def _order(f: QueueFilter):
    if f.sort == "received":
        key = Ticket.received_at
    elif f.sort == "priority":
        key = Ticket.priority
    elif f.sort == "number":
        key = Ticket.number
    else:
        # deadline: the earliest first, tickets without one last
        nulls_last = Case(None, [(Ticket.next_deadline_at.is_null(), 1)], 0)
        main = Ticket.next_deadline_at.desc() if f.descending else Ticket.next_deadline_at.asc()
        return [nulls_last, main, Ticket.priority.desc(), Ticket.id]
    return [key.desc() if f.descending else key.asc(), Ticket.id.desc() if f.descending else Ticket.id]


def count(f: QueueFilter, viewer: Actor, at: datetime | None = None) -> int:
    return Ticket.select(fn.COUNT(Ticket.id)).where(_where(f, viewer, at or now())).scalar()


def page_query(f: QueueFilter, viewer: Actor, offset: int = 0, limit: int = PAGE_SIZE,
               at: datetime | None = None):
    """The SELECT behind :func:`page` (the benchmarks run its SQL raw, as the floor)."""
    handler = Staff.alias()
    where = _where(f, viewer, at or now())
    if (f.search or "").strip():
        # A search may match thousands (a number's tail, one a day for years): choose the
        # page's ids on the ticket table alone, from a covering index where there is one
        # (schema v10), and read and join only those rows.
        chosen = (Ticket.select(Ticket.id).where(where).order_by(*_order(f))
                  .offset(offset).limit(limit))
        where, offset = Ticket.id.in_(chosen), 0
    return (Ticket
             .select(Ticket.id, Ticket.number, Ticket.kind, Category.name, Category.name_en,
                     Ticket.customer_name, Ticket.customer_phone, Ticket.anonymous,
                     Ticket.received_at, Ticket.status,
                     Department.name, Department.name_en, handler.name, Ticket.next_deadline_at,
                     Ticket.next_deadline_rule, Ticket.priority, Ticket.escalated_at,
                     Ticket.version, Ticket.repeat_n, Ticket.hotline_source,
                     Ticket.hotline_number)
             .join_from(Ticket, Category, JOIN.LEFT_OUTER)
             .join_from(Ticket, Department, JOIN.LEFT_OUTER)
             .join_from(Ticket, handler, JOIN.LEFT_OUTER, on=(Ticket.handler_a == handler.id))
             .where(where)
             .order_by(*_order(f))
             .offset(offset).limit(limit)
             .tuples())


def _when(value: str | datetime | None) -> datetime | None:
    """A timestamp column as read raw: text on SQLite, a datetime on PostgreSQL."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value)


_PAGE_SQL: dict[tuple, tuple[str, list]] = {}    # page SQL by what it depends on
_PAGE_SQL_KEPT = 64


def page(f: QueueFilter, viewer: Actor, offset: int = 0, limit: int = PAGE_SIZE,
         at: datetime | None = None) -> list[QueueRow]:
    """A page of the queue, masked for ``viewer``.

    The queue reloads this on every change and poll, with a customer waiting, so it is
    lean: the SQL is built once per filter shape (the clock enters it only for "overdue
    only") and the rows are read raw, without peewee's per-column conversion."""
    at = at or now()
    database = Ticket._meta.database
    key = (repr(f), viewer.role, viewer.staff_id, offset, limit,
           at if f.overdue_only else None, type(database.obj))
    built = _PAGE_SQL.get(key)
    if built is None:
        if len(_PAGE_SQL) >= _PAGE_SQL_KEPT:
            _PAGE_SQL.clear()
        built = _PAGE_SQL[key] = page_query(f, viewer, offset, limit, at).sql()
    sql, params = built
    anonymous_label = i18n.text("customer.anonymous")
    english = i18n.language() != "zh"
    rows = []
    for (tid, number, kind, cat, cat_en, name, phone, anon, received, status, dep, dep_en, hname,
         due, rule, prio, escalated, version, repeat_n, hotline_source, hotline_number) in \
            database.execute_sql(sql, params).fetchall():
        rows.append(QueueRow(
            tid, number, kind, (english and cat_en) or cat or "",
            anonymous_label if anon else mask_name(name), "" if anon else mask_phone(phone),
            bool(anon), _when(received), status, (english and dep_en) or dep or "",
            hname or "", _when(due), rule or "", prio, escalated is not None, version,
            1 if anon else (repeat_n or 1),      # an anonymous one's repeats stay unlinked
            hotline_source or "", hotline_number or ""))
    return rows


def fingerprint() -> tuple[int, str]:
    """(newest id, latest change) of all tickets: two index look-ups, cheap to ask every few
    seconds, and different as soon as any counter registers or changes a ticket (tickets
    are never deleted, so a count would add nothing)."""
    newest = Ticket.select(fn.MAX(Ticket.id)).scalar()
    changed = Ticket.select(fn.MAX(Ticket.updated_at)).scalar()
    return int(newest or 0), str(changed or "")


def viewer_role_may_see_identity(viewer: Actor) -> bool:
    return may(viewer.role, "view_identity") and viewer.role is not Role.SYSTEM
