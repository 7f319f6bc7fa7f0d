"""Inserting a row with a statement peewee rendered once.

``Model.create`` renders its INSERT afresh each time, one node per column: for a ticket (63
columns) that is about 0.4 ms of Python at every registration, a tenth of it. The statement
depends only on the table, the columns given and the kind of database, so :func:`create`
asks peewee for it the first time and keeps it; later rows only have their values converted
by each field's own ``db_value``, as peewee does. Rows whose values are SQL expressions go
through peewee unchanged.
"""

from __future__ import annotations

from typing import TypeVar

import peewee

M = TypeVar("M", bound=peewee.Model)

# (model, database class, RETURNING or not, field names) -> (statement, fields in its order)
_STATEMENTS: dict[tuple, tuple[str, tuple[peewee.Field, ...]]] = {}


def _database(model: type[peewee.Model]) -> peewee.Database:
    database = model._meta.database
    return getattr(database, "obj", None) or database       # a DatabaseProxy's target


def _plain(value) -> bool:
    """A value peewee would send as a parameter: not an SQL expression, not a row that has
    no id yet (peewee saves that first)."""
    if isinstance(value, peewee.Model):
        return value._pk is not None
    return not isinstance(value, peewee.Node)


def create(model: type[M], **values) -> M:
    """The same as ``model.create(**values)``: a new instance, defaults filled in as peewee
    fills them, inserted, and given its id."""
    inst = model(**values)
    meta = model._meta
    if not meta.auto_increment or inst._pk is not None or not all(map(_plain, values.values())):
        inst.save(force_insert=True)     # an id chosen here, an expression: peewee's own way
        return inst
    data = dict(inst.__data__)
    pk = meta.primary_key
    data.pop(pk.name, None)
    database = _database(model)
    returning = bool(database.returning_clause)
    key = (model, type(database), returning, tuple(sorted(data)))
    known = _STATEMENTS.get(key)
    if known is None:
        fields = tuple(sorted((meta.fields[name] for name in data), key=lambda f: f._sort_key))
        query = model.insert(**data)
        if returning:
            query = query.returning(pk)
        sql, params = query.sql()
        mine = [f.db_value(data[f.name]) for f in fields]
        if len(params) != len(fields) or params != mine:
            inst.save(force_insert=True)      # not the plain shape this cache is for
            return inst
        known = _STATEMENTS[key] = (sql, fields)
    sql, fields = known
    params = [f.db_value(data[f.name]) for f in fields]
    cursor = database.execute_sql(sql, params)
    inst._pk = cursor.fetchone()[0] if returning else cursor.lastrowid
    inst._dirty.clear()
    return inst
