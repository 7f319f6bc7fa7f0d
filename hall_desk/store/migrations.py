"""The schema ladder. Each step is one atomic transaction and sets the version it reaches.

Rule for later steps: never edit a released step; add ``_step_N`` and list it in ``STEPS``,
using ``playhouse.migrate`` (``SchemaMigrator.from_database``) so that the same step runs on
SQLite and PostgreSQL, and keep a database file made by the released schema under
``tests/data`` (``scripts/make_schema_fixture.py``) to test the upgrade from it.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from pathlib import Path
from typing import Callable

import peewee

from hall_desk.core.chain import GENESIS
from hall_desk.core.errors import StoreError
from hall_desk.store.models import (
    ALL_MODELS, STATISTICS_INDEX, Anchor, ChainHead, DailyDay, DailyItem, SealedIdentity, Setting,
    Staff, StateEvent, Ticket, TicketDeadline, ReferencePackage,
)

log = logging.getLogger(__name__)

_KEY = "schema_version"


#: Set once every ticket has its ``ticket_deadline`` rows (see ``services.deadlines``).
DEADLINE_ROWS_KEY = "ticket_deadline_rows"

# the tables added after v1, by the step that added them
_LATER = {TicketDeadline: 2, StateEvent: 3, Anchor: 3, SealedIdentity: 3, DailyDay: 4,
          DailyItem: 4, ReferencePackage: 14}


def _step_1(database: peewee.Database) -> None:
    """The first released schema: every table, and the heads of the evidence chains."""
    database.create_tables([m for m in ALL_MODELS if m not in _LATER], safe=True)
    for chain in ("ticket_event", "duty_log", "signature"):
        ChainHead.insert(name=chain, hash=GENESIS, length=0).on_conflict_ignore().execute()


def _step_2(database: peewee.Database) -> None:
    """v2, for the statistics: each ticket's rated deadlines in a table of their own, and a
    covering index of the ticket columns the figures count.

    The rows are worked out by the deadline policy, which lives above the store, so this
    step only creates the table; ``services.deadlines.fill_stored`` fills it for the tickets
    already there and then sets :data:`DEADLINE_ROWS_KEY`. An empty hall needs no filling."""
    database.create_tables([Ticket, TicketDeadline], safe=True)   # the ticket's new index
    if not Ticket.select().exists():
        _put(DEADLINE_ROWS_KEY, True)


def _chain_state(database: peewee.Database) -> None:
    """For ``audit verify`` on the current state: the ``state`` chain (staff, reception
    runs, handovers, record versions and the access log; see ``store.rowstate``) and the
    anchors kept when a handover is sealed. The rows already there are chained now, each
    entry marked ``origin="migration"``: the chain vouches for them from this moment on,
    not for what happened to them before."""
    from hall_desk.store import rowstate

    database.create_tables([StateEvent, Anchor], safe=True)
    ChainHead.insert(name=rowstate.CHAIN, hash=GENESIS, length=0).on_conflict_ignore().execute()
    rowstate.record_all("migration")


def _seal_anonymous(database: peewee.Database) -> None:
    """Anonymity: an anonymous customer's name, phone and address move from the ticket
    row to ``sealed_identity``, which only the logged reveal reads; the row keeps them blank,
    with no phone key or name initials a search could find. The tickets' events are left as
    they are (rewriting them would break the evidence chain): the views mask them."""
    database.create_tables([SealedIdentity], safe=True)
    anonymous = Ticket.select(Ticket.id, Ticket.customer_name, Ticket.customer_phone,
                              Ticket.phone_key, Ticket.customer_address).where(
        (Ticket.anonymous == True)  # noqa: E712
        & ((Ticket.customer_name != "") | (Ticket.customer_phone != "")
           | (Ticket.customer_address != "") | (Ticket.phone_key != "")))
    for ticket in anonymous.iterator():
        SealedIdentity.insert(
            ticket=ticket.id, customer_name=ticket.customer_name,
            customer_phone=ticket.customer_phone, phone_key=ticket.phone_key,
            customer_address=ticket.customer_address, salt=os.urandom(16).hex(),
        ).on_conflict_ignore().execute()
    Ticket.update(customer_name="", customer_phone="", phone_key="", name_initials="",
                  customer_address="").where(Ticket.anonymous == True).execute()  # noqa: E712


def _closing_columns(database: peewee.Database) -> None:
    """For the closing paths and repeat complaints: the review (``reviewed_by``,
    ``review_note``), whom a complaint is about (``target_kind`` staff/department/other,
    ``target_staff``, ``target_department``, ``target_text``) and the repeat count
    ``repeat_n`` (第N次; a ticket that already had ``repeat_of`` counts as the 2nd).

    Plain ``ADD COLUMN ... DEFAULT`` on both databases: playhouse.migrate would rebuild the
    SQLite ticket table for a NOT NULL column, which the foreign keys pointing at it forbid."""
    present = {c.name for c in database.get_columns("ticket")}
    columns = [("reviewed_by_id", 'INTEGER REFERENCES "staff" ("id")'),
               ("review_note", "TEXT NOT NULL DEFAULT ''"),
               ("target_kind", "VARCHAR(16) NOT NULL DEFAULT ''"),
               ("target_staff_id", 'INTEGER REFERENCES "staff" ("id")'),
               ("target_department_id", 'INTEGER REFERENCES "department" ("id")'),
               ("target_text", "VARCHAR(128) NOT NULL DEFAULT ''"),
               ("repeat_n", "INTEGER NOT NULL DEFAULT 1")]
    for name, kind in columns:
        if name not in present:
            database.execute_sql(f'ALTER TABLE "ticket" ADD COLUMN "{name}" {kind}')
            if name.endswith("_id"):
                database.execute_sql(f'CREATE INDEX IF NOT EXISTS "ticket_{name}" '
                                     f'ON "ticket" ("{name}")')
    if "repeat_n" not in present:
        Ticket.update(repeat_n=2).where(Ticket.repeat_of.is_null(False)).execute()


def _step_3(database: peewee.Database) -> None:
    """v3, trust and the rules' closing paths: the ticket's review, 投诉对象 and repeat-count
    columns, anonymous identities sealed apart, then the state chain over what is there."""
    _closing_columns(database)
    _seal_anonymous(database)
    _chain_state(database)


def _step_4(database: peewee.Database) -> None:
    """v4, the hall's day (一日管理, ``services.daily``): ``daily_day`` (one row per date,
    the template it was opened with, who opened and who closed it) and ``daily_item`` (its
    checks with who and when, and the duty-log entry a faulty or undone check became). New
    tables only; their rows join the state chain as ``daily:<id>`` when written."""
    database.create_tables([DailyDay, DailyItem], safe=True)


def _step_5(database: peewee.Database) -> None:
    """v5, the counter's records (issue #19): the basis a refusal rests on
    (``refusal_basis``, beside its reason in ``validity_reason``; printed on the
    不予受理告知书, manual 001 第九条(二)) and the customer's preferred callback window
    (``callback_window``, manual 003). Plain ``ADD COLUMN ... DEFAULT`` as in v3."""
    present = {c.name for c in database.get_columns("ticket")}
    for name, kind in (("refusal_basis", "TEXT NOT NULL DEFAULT ''"),
                       ("callback_window", "VARCHAR(16) NOT NULL DEFAULT ''")):
        if name not in present:
            database.execute_sql(f'ALTER TABLE "ticket" ADD COLUMN "{name}" {kind}')


# v10's covering index for a number-tail search (services.queue.page_query)
TAIL_INDEX = "ticket_number_reversed_status_next_deadline_at_priority"


def _step_6(database: peewee.Database) -> None:
    """v6, the search box finds a ticket by the tail of its number (``0009``, ``A1-0009``)
    and by the last four digits of the phone: ``ticket.number_reversed`` (a tail becomes an
    indexed prefix) and ``ticket.phone_last4``, both indexed and filled from the rows.
    Anonymous rows hold no ``phone_key`` since v3, so their ``phone_last4`` stays blank.
    Plain ``ADD COLUMN ... DEFAULT``, as in v3 (no rebuild of the SQLite ticket table)."""
    present = {c.name for c in database.get_columns("ticket")}
    if "number_reversed" not in present:      # v10's index, made by v2 of today's model
        database.execute_sql(f'DROP INDEX IF EXISTS "{TAIL_INDEX}"')
    for name, size in (("phone_last4", 4), ("number_reversed", 32)):
        if name not in present:
            # v2's create_tables(Ticket) may have made this index before the column existed,
            # on SQLite's quoted-name-as-string fallback: an index of a constant
            database.execute_sql(f'DROP INDEX IF EXISTS "ticket_{name}"')
            database.execute_sql(f'ALTER TABLE "ticket" ADD COLUMN "{name}" '
                                 f"VARCHAR({size}) NOT NULL DEFAULT ''")
        database.execute_sql(f'CREATE INDEX IF NOT EXISTS "ticket_{name}" ON "ticket" ("{name}")')
    sql = (f"UPDATE ticket SET number_reversed = {database.param}, "
           f"phone_last4 = {database.param} WHERE id = {database.param}")
    last = 0
    while True:
        batch = list(Ticket.select(Ticket.id, Ticket.number, Ticket.phone_key)
                     .where(Ticket.id > last).order_by(Ticket.id).limit(5000).tuples())
        if not batch:
            break
        cursor = database.cursor()
        cursor.executemany(sql, [(number[::-1], (key or "")[-4:], tid)
                                 for tid, number, key in batch])
        last = batch[-1][0]


def _step_7(database: peewee.Database) -> None:
    """v7, the day's ticks may be undone (一日管理, ``services.daily.untick``):
    ``daily_item.history``, one line per undone tick (who undid it and when, what it was),
    kept after the item is ticked again and printed with it. Plain ``ADD COLUMN ... DEFAULT``
    as in v3."""
    present = {c.name for c in database.get_columns("daily_item")}
    if "history" not in present:
        database.execute_sql('ALTER TABLE "daily_item" ADD COLUMN "history" TEXT NOT NULL '
                             "DEFAULT ''")


def _step_8(database: peewee.Database) -> None:
    """v8, a department's English name (``department.name_en``, shown with ``--lang en``
    where set-up or the administrator gave one; printed records keep the Chinese name), as
    categories have had since v1. Plain ``ADD COLUMN ... DEFAULT``, as in v3."""
    if "name_en" not in {c.name for c in database.get_columns("department")}:
        database.execute_sql('ALTER TABLE "department" ADD COLUMN "name_en" '
                             "VARCHAR(64) NOT NULL DEFAULT ''")


def _step_9(database: peewee.Database) -> None:
    """v9, the administrator's lists (issue #20): a counter taken out of use
    (``counter.active``; its code stays, it is in ticket numbers). Departments, categories and
    counters go on the ``state`` chain, one row a scope, so that ``audit verify`` catches a
    quiet edit of them; the rows already there are chained now (``origin="migration"``).
    Plain ``ADD COLUMN ... DEFAULT``, as in v3."""
    from hall_desk.store import rowstate

    if "active" not in {c.name for c in database.get_columns("counter")}:
        database.execute_sql('ALTER TABLE "counter" ADD COLUMN "active" BOOLEAN NOT NULL '
                             "DEFAULT TRUE")
    rowstate.record_all("migration", tuple(rowstate.LISTS))


def _step_10(database: peewee.Database) -> None:
    """v10, a search by a number's tail sorts its matches from an index: ``B1-0005`` matches
    one ticket a day for years (14,000 of a million), and sorting them by deadline read
    every one of those rows. The index holds the tail, the status and the sort keys, so the
    page's ids come from it alone (``services.queue.page_query``)."""
    database.execute_sql(f'CREATE INDEX IF NOT EXISTS "{TAIL_INDEX}" ON "ticket" '
                         '("number_reversed", "status", "next_deadline_at", "priority")')


def _step_11(database: peewee.Database) -> None:
    """v11, who signed (issue #20): ``signature.signed_by`` says whether a staff member
    chosen from the list signed with her PIN (``staff``, her id in ``staff``) or the
    customer (``customer``, the typed name). Old rows keep '' and read as before; the
    signature chain covers the new column only where it is set, so their links still hold.
    Plain ``ADD COLUMN ... DEFAULT``, as in v3."""
    if "signed_by" not in {c.name for c in database.get_columns("signature")}:
        database.execute_sql('ALTER TABLE "signature" ADD COLUMN "signed_by" '
                             "VARCHAR(8) NOT NULL DEFAULT ''")


def _step_12(database: peewee.Database) -> None:
    """v12, hotline work orders (issue #21, ``core.hotline``): the ticket's
    ``hotline_source`` (95598, 12345, ...), ``hotline_number`` (the portal's work-order
    number; indexed, with ``hotline_number_reversed`` so that a typed tail is an indexed
    prefix, as v6 did for the ticket number) and ``hotline_due_at`` (the hotline's own limit,
    beside the hall's). Older tickets have none: blank and NULL. Plain ``ADD COLUMN ...
    DEFAULT``, as in v3."""
    present = {c.name for c in database.get_columns("ticket")}
    for name, kind in (("hotline_source", "VARCHAR(8) NOT NULL DEFAULT ''"),
                       ("hotline_number", "VARCHAR(40) NOT NULL DEFAULT ''"),
                       ("hotline_number_reversed", "VARCHAR(40) NOT NULL DEFAULT ''"),
                       ("hotline_due_at", "DATETIME" if isinstance(database, peewee.SqliteDatabase)
                        else "TIMESTAMP")):
        if name not in present:
            if name.startswith("hotline_number"):   # see v6: a constant index from v2
                database.execute_sql(f'DROP INDEX IF EXISTS "ticket_{name}"')
            database.execute_sql(f'ALTER TABLE "ticket" ADD COLUMN "{name}" {kind}')
    for name in ("hotline_number", "hotline_number_reversed"):
        database.execute_sql(f'CREATE INDEX IF NOT EXISTS "ticket_{name}" ON "ticket" ("{name}")')


def _step_13(database: peewee.Database) -> None:
    """v13, ``ticket.callback_window`` holds 32 characters: ``weekday_afternoon`` (17) did
    not fit the 16 of v5 on PostgreSQL, which refused the ticket (SQLite does not enforce
    a length). Nothing to do on SQLite."""
    if not isinstance(database, peewee.SqliteDatabase):
        database.execute_sql('ALTER TABLE "ticket" ALTER COLUMN "callback_window" '
                             "TYPE VARCHAR(32)")


def _step_14(database: peewee.Database) -> None:
    """v14, packages down (issue #21 part 3): ``reference_package``, one row per reference
    package from the head office applied at the hall, each on the ``state`` chain as
    ``reference:<id>``. A new table; nothing to chain yet."""
    database.create_tables([ReferencePackage], safe=True)


def _step_15(database: peewee.Database) -> None:
    """v15, fewer ticket indexes to write on every registration and change (a page each),
    none lost to a query: ``ticket_phone_key`` and v6's ``ticket_number_reversed`` are the
    first columns of the (phone key, received) and v10's tail indexes, which the planner
    uses for the same searches; no query looks a ticket up by who approved, reviewed or last
    changed it or whom it is about (the foreign keys' automatic indexes); and
    ``ticket_name_initials`` becomes (name initials, received), so that repeat detection
    reads only the window's tickets of a name, not every ticket with the same initials over
    the years."""
    for name in ("ticket_phone_key", "ticket_number_reversed", "ticket_name_initials",
                 "ticket_approved_by_id", "ticket_reviewed_by_id", "ticket_target_staff_id",
                 "ticket_target_department_id", "ticket_updated_by_id"):
        database.execute_sql(f'DROP INDEX IF EXISTS "{name}"')
    database.execute_sql('CREATE INDEX IF NOT EXISTS "ticket_name_initials_received_at" '
                         'ON "ticket" ("name_initials", "received_at")')


def _index_name(model: type[peewee.Model], columns: tuple[str, ...]) -> str:
    """The name peewee gives the model's index of these columns (Meta.indexes)."""
    for index in model._meta.fields_to_index():
        if tuple(getattr(e, "column_name", None) or e.name for e in index._expressions) == columns:
            return index._name
    raise LookupError(f"no index of {columns} on {model.__name__}")


def _step_16(database: peewee.Database) -> None:
    """v16, the statistics by business type and by 投诉对象 read the covering index too: it
    gains ``business_type`` and ``target_kind``. A ticket's row is wide and those columns come
    after its content, often on an overflow page, so counting them over a year read every
    row of that year (0.2 s of a million-ticket hall's 0.55 s). The old covering index and the
    single ``received_at`` index, both led by the time of receipt, are dropped: the new index
    serves their searches, and a registration writes no more index pages than before."""
    name = _index_name(Ticket, STATISTICS_INDEX)     # peewee's, as a new file gets it
    database.execute_sql(f'CREATE INDEX IF NOT EXISTS "{name}" ON "ticket" ('
                         + ", ".join(f'"{c}"' for c in STATISTICS_INDEX) + ")")
    replaced = {STATISTICS_INDEX[:13], ("received_at",)}
    for index in database.get_indexes("ticket"):
        if tuple(index.columns) in replaced:
            database.execute_sql(f'DROP INDEX IF EXISTS "{index.name}"')


STEPS: dict[int, Callable[[peewee.Database], None]] = {
    1: _step_1, 2: _step_2, 3: _step_3, 4: _step_4, 5: _step_5, 6: _step_6,
    7: _step_7, 8: _step_8, 9: _step_9, 10: _step_10,
    11: _step_11, 12: _step_12, 13: _step_13, 14: _step_14, 15: _step_15,
    16: _step_16,
}
SCHEMA_VERSION = max(STEPS)


def current_version(database: peewee.Database) -> int:
    """The schema version the database records: 0 for an empty one. A version record that is
    not a whole number, or no record in a database that holds data, is a StoreError: such a
    file is damaged or not ours, and migrating it from scratch could ruin it."""
    row = (Setting.get_or_none(Setting.key == _KEY)
           if database.table_exists(Setting._meta.table_name) else None)
    if row is None:
        if _holds_data(database):
            raise StoreError("error.schema_missing")
        return 0
    try:
        value = json.loads(row.value)
    except ValueError:
        value = row.value
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise StoreError("error.schema_damaged", value=str(row.value)[:40])
    return value


def _holds_data(database: peewee.Database) -> bool:
    """Staff or tickets in the file: it was set up, so its version row was lost, not unset."""
    return any(database.table_exists(m._meta.table_name) and m.select().exists()
               for m in (Staff, Ticket))


def _put(key: str, value: object) -> None:
    Setting.insert(key=key, value=json.dumps(value)).on_conflict(
        conflict_target=[Setting.key], update={Setting.value: json.dumps(value)}).execute()


def _set_version(version: int) -> None:
    _put(_KEY, version)


def copy_sqlite(source: Path, target: Path) -> Path:
    """A consistent copy of a SQLite file through the online backup API (counters may keep
    writing meanwhile), written to ``target.part``, synced, then renamed: a failure never
    leaves half a copy under ``target``. Raises OSError or sqlite3.Error."""
    partial = target.with_name(target.name + ".part")
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(str(partial))
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
        with open(partial, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


def backup_sqlite(path: Path, version: int) -> Path:
    """A copy of the SQLite file beside it (``*.bak-vN``), taken before migrating."""
    return copy_sqlite(path, path.with_name(f"{path.name}.bak-v{version}"))


def migrate(database: peewee.Database, *, backup_path: Path | None = None,
            target: int | None = None) -> int:
    """Bring the schema to ``target`` (default: SCHEMA_VERSION); returns the version found."""
    target = SCHEMA_VERSION if target is None else target
    found = current_version(database)
    if found > target:
        raise StoreError("error.schema_newer", found=found, supported=target)
    if found == target:
        return found
    if found > 0 and backup_path is not None and backup_path.exists():
        copy = backup_sqlite(backup_path, found)
        log.info("copied the database to %s before migrating from v%d", copy, found)
    for version in range(found + 1, target + 1):
        with database.atomic():
            STEPS[version](database)
            _set_version(version)
        log.info("database schema: now v%d", version)
    return found
