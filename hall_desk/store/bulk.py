"""Many rows into one table in few round trips, on SQLite and PostgreSQL alike.

peewee's ``insert_many`` builds its SQL node by node in Python: for a month's package at the
head office (20,000 rows) that took longer than the database's work (issue #21 part 5). Here
the statement is one text with placeholders: ``psycopg2.extras.execute_values`` sends pages
of rows to PostgreSQL, SQLite takes ``executemany``. Inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import peewee

PAGE = 1000
_AS_IS = (str, int, type(None))


def insert_dicts(model: type[peewee.Model], rows: Sequence[dict[str, Any]], *,
                 conflict: Sequence[str] = (), update: Sequence[str] = ()) -> None:
    """INSERT ``rows`` (dicts by field name, all with the keys of the first) into the
    model's table, each value through its field as peewee would store it (a field left out
    takes its default); with ``conflict``
    (the fields of a unique index), a row already there has its ``update`` fields replaced
    (``ON CONFLICT ... DO UPDATE``)."""
    if not rows:
        return
    fields = [model._meta.fields[name] for name in rows[0]]
    # the fields left out take their defaults, as insert_many gives them
    fields += [f for f in model._meta.sorted_fields
               if f.name not in rows[0] and f.default is not None]
    columns = ", ".join(f.column_name for f in fields)
    tail = ""
    if conflict:
        target = ", ".join(model._meta.fields[n].column_name for n in conflict)
        sets = ", ".join(f"{c} = EXCLUDED.{c}" for c in
                         (model._meta.fields[n].column_name for n in update))
        tail = f" ON CONFLICT ({target}) " + (f"DO UPDATE SET {sets}" if sets else "DO NOTHING")
    def value(row: dict[str, Any], field: peewee.Field) -> Any:
        if field.name in row:
            found = row[field.name]
            # text, whole numbers and NULL go as they are (most of a package's values)
            return found if type(found) in _AS_IS else field.db_value(found)
        default = field.default
        return field.db_value(default() if callable(default) else default)

    values = [tuple(value(row, f) for f in fields) for row in rows]
    database = model._meta.database
    database = getattr(database, "obj", None) or database          # a DatabaseProxy
    cursor = database.cursor()
    table = model._meta.table_name
    if isinstance(database, peewee.PostgresqlDatabase):
        from psycopg2.extras import execute_values

        execute_values(cursor, f"INSERT INTO {table} ({columns}) VALUES %s{tail}", values,
                       page_size=PAGE)
    else:
        marks = ", ".join("?" for _ in fields)
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks}){tail}", values)
