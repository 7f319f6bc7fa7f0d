"""The ``state`` chain: the current rows of the tables that are changed in place.

Ticket rows are checked against their own events; the duty log and signatures are chains of
their own. The other tables that matter as evidence are changed in place (a reception run's
items are ticked, a handover's items answered, a record version sealed, a staff member's
role changed), so they cannot be append-only. Instead each write appends one entry to the
``state`` chain: the scope it touched (a group of rows that change together) and the
SHA-256 of the group's rows right after the write. ``audit verify`` recomputes every group
and compares it with the latest entry of its scope.

Scopes: ``staff:<id>`` (the staff row without its login counters), ``reception:<run>``
(the run, its posts and items), ``handover:<id>`` (the handover and its items),
``record:<type>:<id>`` (every record version of one ticket, handover or reception run),
``access:<id>`` (one access-log row), ``daily:<id>`` (a day of 一日管理 and its items),
``department:<id>``, ``category:<id>`` and ``counter:<id>`` (one row of the hall's lists),
``reference:<id>`` (a reference package from the head office applied here, schema v14).

Must be called inside the writer's transaction: moving the chain head takes its lock.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any, TypeVar

import peewee

from hall_desk.core.chain import content_hash, link_hash
from hall_desk.core.errors import StaleVersion
from hall_desk.store.models import (
    AccessLog, Category, ChainHead, Counter, DailyDay, DailyItem, Department, Handover,
    HandoverItem, ReceptionItem, ReceptionPost, ReceptionRun, RecordVersion, ReferencePackage,
    Staff, StateEvent, db,
)

CHAIN = "state"
KINDS = ("staff", "reception", "handover", "record", "access", "daily", "department",
         "category", "counter", "reference")
# the hall's lists, one row a scope (schema v9), and the reference packages applied (v14)
LISTS = {"department": Department, "category": Category, "counter": Counter}
ONE_ROW = {**LISTS, "reference": ReferencePackage}

# changed at every login attempt; not evidence (a forged reset only lifts a lockout early)
_STAFF_VOLATILE = {"failed_logins", "locked_until"}


def _rows(query) -> list[dict[str, Any]]:
    return [dict(r) for r in query.dicts()]


def group(scope: str) -> list[dict[str, Any]] | None:
    """The rows of ``scope`` as plain data, or None when the group does not exist."""
    kind, _, key = scope.partition(":")
    if kind == "staff":
        rows = _rows(Staff.select().where(Staff.id == int(key)))
        return [{k: v for k, v in r.items() if k not in _STAFF_VOLATILE} for r in rows] or None
    if kind == "reception":
        run = _rows(ReceptionRun.select().where(ReceptionRun.id == int(key)))
        posts = _rows(ReceptionPost.select().where(ReceptionPost.run == int(key))
                      .order_by(ReceptionPost.id))
        items = _rows(ReceptionItem.select().where(ReceptionItem.run == int(key))
                      .order_by(ReceptionItem.id))
        return [{"run": run, "posts": posts, "items": items}] if run or posts or items else None
    if kind == "handover":
        head = _rows(Handover.select().where(Handover.id == int(key)))
        items = _rows(HandoverItem.select().where(HandoverItem.handover == int(key))
                      .order_by(HandoverItem.id))
        return [{"handover": head, "items": items}] if head or items else None
    if kind == "record":
        subject_type, _, subject_id = key.partition(":")
        return _rows(RecordVersion.select().where(
            (RecordVersion.subject_type == subject_type)
            & (RecordVersion.subject_id == int(subject_id))).order_by(RecordVersion.id)) or None
    if kind == "access":
        return _rows(AccessLog.select().where(AccessLog.id == int(key))) or None
    if kind == "daily":
        head = _rows(DailyDay.select().where(DailyDay.id == int(key)))
        items = _rows(DailyItem.select().where(DailyItem.day == int(key)).order_by(DailyItem.id))
        # v7's history column counts only once written: the rows of older days hash as before
        items = [{k: v for k, v in r.items() if k != "history" or v} for r in items]
        return [{"day": head, "items": items}] if head or items else None
    if kind in ONE_ROW:
        model = ONE_ROW[kind]
        return _rows(model.select().where(model.id == int(key))) or None
    raise ValueError(f"unknown scope {scope!r}")


def digest(scope: str) -> str:
    """SHA-256 of the scope's rows now; "" when there are none."""
    rows = group(scope)
    return content_hash({"scope": scope, "rows": rows}) if rows is not None else ""


def scopes_now(kinds: tuple[str, ...] = KINDS) -> Iterator[str]:
    """Every scope of ``kinds`` that has rows in the database now (orphan child rows
    included)."""
    if "staff" in kinds:
        yield from _older_scopes()
    for kind, model in ONE_ROW.items():
        if kind in kinds and model.table_exists():
            for (i,) in model.select(model.id).order_by(model.id).tuples():
                yield f"{kind}:{i}"


def _older_scopes() -> Iterator[str]:
    """The scopes chained since v3 (and the hall's day since v4)."""
    for (i,) in Staff.select(Staff.id).order_by(Staff.id).tuples():
        yield f"staff:{i}"
    runs = {i for (i,) in ReceptionRun.select(ReceptionRun.id).tuples()}
    runs |= {i for (i,) in ReceptionPost.select(ReceptionPost.run).distinct().tuples()}
    runs |= {i for (i,) in ReceptionItem.select(ReceptionItem.run).distinct().tuples()}
    yield from (f"reception:{i}" for i in sorted(runs))
    handovers = {i for (i,) in Handover.select(Handover.id).tuples()}
    handovers |= {i for (i,) in HandoverItem.select(HandoverItem.handover).distinct().tuples()}
    yield from (f"handover:{i}" for i in sorted(handovers))
    for subject_type, subject_id in (RecordVersion.select(RecordVersion.subject_type,
                                                          RecordVersion.subject_id)
                                     .distinct().order_by(RecordVersion.subject_type,
                                                          RecordVersion.subject_id).tuples()):
        yield f"record:{subject_type}:{subject_id}"
    for (i,) in AccessLog.select(AccessLog.id).order_by(AccessLog.id).tuples():
        yield f"access:{i}"
    if DailyDay.table_exists():
        days = {i for (i,) in DailyDay.select(DailyDay.id).tuples()}
        days |= {i for (i,) in DailyItem.select(DailyItem.day).distinct().tuples()}
        yield from (f"daily:{i}" for i in sorted(days))


def lock_heads() -> None:
    """Lock every chain head, in name order, before a transaction's first chained write.

    On PostgreSQL each head is a row lock held to the commit; transactions append to several
    chains in different orders (a signature then the state chain, or the state chain then a
    signature), which could deadlock. Taking all heads in one order the first time makes
    that impossible; later calls in the same transaction hold them already. SQLite's write
    lock covers the whole file, so there it does nothing."""
    if isinstance(db.obj, peewee.PostgresqlDatabase):
        list(ChainHead.select(ChainHead.name).order_by(ChainHead.name).for_update())


def entry_content(row: StateEvent) -> dict[str, Any]:
    return {"scope": row.scope, "at": row.at.isoformat(), "sha256": row.sha256,
            "origin": row.origin}


R = TypeVar("R", bound=peewee.Model)


def bump(row: R, scope: str, **values: Any) -> R:
    """Write ``values`` into ``row`` (a row with a ``version`` column, changed in place) if
    nobody changed it meanwhile: the UPDATE checks the version and raises it by one; a stale
    row raises StaleVersion. Then chains ``scope``, in the caller's transaction."""
    model = type(row)
    values["version"] = row.version + 1
    if not model.update(**values).where((model.id == row.id)
                                        & (model.version == row.version)).execute():
        raise StaleVersion(who="?", when="?", version=row.version)
    for key, value in values.items():
        setattr(row, key, value)
    record(scope)
    return row


def record(scope: str, *, origin: str = "", at: datetime | None = None) -> StateEvent:
    """Chain the current rows of ``scope``; call after the write, in its transaction."""
    at = at or datetime.now()
    sha = digest(scope)
    content = {"scope": scope, "at": at.isoformat(), "sha256": sha, "origin": origin}
    lock_heads()
    if not ChainHead.update(length=ChainHead.length + 1).where(ChainHead.name == CHAIN).execute():
        raise LookupError(f"no chain head {CHAIN!r}")
    prev = ChainHead.get(ChainHead.name == CHAIN).hash
    new = link_hash(prev, content)
    ChainHead.update(hash=new).where(ChainHead.name == CHAIN).execute()
    return StateEvent.create(at=at, scope=scope, sha256=sha, origin=origin, prev_hash=prev,
                             hash=new)


def record_all(origin: str, kinds: tuple[str, ...] = KINDS[:6]) -> int:
    """Chain every scope of ``kinds`` that has rows (a migration step, for rows written
    before their tables were chained: v3 the first six kinds, v9 the hall's lists).
    Returns the number chained."""
    at = datetime.now()
    count = 0
    for scope in list(scopes_now(kinds)):
        record(scope, origin=origin, at=at)
        count += 1
    return count
