"""The SQL of the head office's statistics (issue #21 part 2): the on-time table per hall
over ``ho_ticket``, counted by the database in one GROUP BY on the (hall, received) index;
what the figures mean is ``core.headoffice``'s and ``services.headoffice``'s. The same SQL
on SQLite and PostgreSQL (``statistics_sql.Dialect`` on the head office's database).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from hall_desk.store.headoffice import ho_db
from hall_desk.store.statistics_sql import Dialect


def dialect() -> Dialect:
    return Dialect(ho_db.obj)


def _cohort(d: Dialect, start: datetime, end: datetime,
            halls: Sequence[str]) -> tuple[str, list]:
    """The condition on tickets received in [start, end) at ``halls`` (none: every hall)."""
    p = d.param
    sql = f"t.received_at >= {p} AND t.received_at < {p}"
    params: list = [d.ts(start), d.ts(end)]
    if halls:
        sql += f" AND t.hall_id IN ({', '.join([p] * len(halls))})"
        params += list(halls)
    return sql, params


def on_time(start: datetime, end: datetime, moment: datetime,
            halls: Sequence[str] = ()) -> list[tuple[str, int, int, int, int, int, int]]:
    """(hall id, received, closed, closed on time, overdue, open, repeats) per hall of the
    tickets received in [start, end): overdue is late, or open past its limit at
    ``moment``."""
    d = dialect()
    p = d.param
    cond, params = _cohort(d, start, end, halls)
    params = [d.ts(moment), *params]
    sql = ("SELECT t.hall_id, COUNT(*), "
           "SUM(CASE WHEN t.closed_at IS NOT NULL THEN 1 ELSE 0 END), "
           "SUM(CASE WHEN t.closed_at IS NOT NULL AND NOT t.late THEN 1 ELSE 0 END), "
           f"SUM(CASE WHEN t.late OR (t.closed_at IS NULL AND t.due_at < {p}) "
           "THEN 1 ELSE 0 END), "
           "SUM(CASE WHEN t.closed_at IS NULL THEN 1 ELSE 0 END), "
           "SUM(CASE WHEN t.repeated THEN 1 ELSE 0 END) "
           f"FROM ho_ticket t WHERE {cond} GROUP BY t.hall_id")
    return [(hall, *(int(v or 0) for v in rest))
            for hall, *rest in ho_db.obj.execute_sql(sql, params).fetchall()]

