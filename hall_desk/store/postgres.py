"""PostgreSQL for halls whose counters share one server (``postgresql://`` URLs).

:mod:`hall_desk.store` loads peewee with the PostgreSQL drivers hidden (a counter on a SQLite
file does not need them, and psycopg2 costs start-up time). peewee's psycopg2 adapter reads
the driver from peewee's module, so the adapter here imports psycopg2 when the first
PostgreSQL database is made and hands peewee what its own import would have set.
"""

from __future__ import annotations

import peewee


class LazyPsycopg2Adapter(peewee.Psycopg2Adapter):
    """peewee's psycopg2 adapter, importing the driver on first use."""

    def __init__(self) -> None:
        import psycopg2
        from psycopg2 import extensions, extras

        if getattr(peewee, "psycopg2", None) is None:      # loaded with the driver hidden
            extras.register_uuid()
            peewee.psycopg2, peewee.pg_extensions = psycopg2, extensions
            peewee.Json_pg2 = extras.Json
        # the class read these from the driver when peewee was imported
        self.txn_idle = extensions.TRANSACTION_STATUS_IDLE
        self.txn_inerror = extensions.TRANSACTION_STATUS_INERROR
        self.txn_unknown = extensions.TRANSACTION_STATUS_UNKNOWN
        super().__init__()


class HallPostgresqlDatabase(peewee.PostgresqlDatabase):
    psycopg2_adapter = LazyPsycopg2Adapter
