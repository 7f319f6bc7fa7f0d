"""The store: peewee models, opening the database, migrations, transactions.

peewee imports every PostgreSQL driver it knows of when it is itself imported; psycopg2 (with
the ssl module it pulls in) is about a tenth of the start of an empty Qt window. A counter on a
SQLite file never needs it, so while peewee loads the drivers are hidden from it, and
:mod:`hall_desk.store.postgres` imports psycopg2 itself when a PostgreSQL URL is opened.
(A ``None`` entry in ``sys.modules`` makes an import raise ImportError, which peewee expects
when a driver is not installed.)
"""

import sys

_DRIVERS = ("psycopg2", "psycopg", "psycopg2cffi")

if "peewee" not in sys.modules:
    _hidden = [name for name in _DRIVERS if name not in sys.modules]
    for _name in _hidden:
        sys.modules[_name] = None       # type: ignore[assignment]
    try:
        import peewee  # noqa: F401
    finally:
        for _name in _hidden:
            if sys.modules.get(_name, 0) is None:
                del sys.modules[_name]
