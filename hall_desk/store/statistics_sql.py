"""The SQL of the statistics (what ``services.statistics`` counts): each function runs one kind
of grouped query over a cohort of tickets and returns the raw counts; what they mean, their
labels and rates are the service's.

Every figure is counted by the database (GROUP BY, COUNT, SUM(CASE ...)); only the few result
rows come back. The same SQL runs on SQLite and PostgreSQL through :class:`Dialect`. Only
codes of the program (rule codes, milestone names, kinds, satisfaction grades) are inlined
into the SQL; every value from a person goes in as a parameter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import peewee

from hall_desk.core.enums import Satisfaction
from hall_desk.store.models import Staff, db


@dataclass(frozen=True)
class Cohort:
    """The tickets received in [start, end), of one department when ``department_id``."""

    start: datetime
    end: datetime
    department_id: int | None = None


class Dialect:
    """The few expressions SQLite and PostgreSQL spell differently. Timestamps are compared
    as ``YYYY-MM-DD HH:MM:SS`` text on SQLite (peewee's storage format) and as timestamps on
    PostgreSQL."""

    def __init__(self, database: peewee.Database | None = None) -> None:
        database = database or db.obj
        self.sqlite = isinstance(database, peewee.SqliteDatabase)
        self.param = database.param
        self.database = database

    # values
    def ts(self, value: datetime) -> Any:
        return value.strftime("%Y-%m-%d %H:%M:%S") if self.sqlite else value

    # expressions
    def bucket(self, column: str, granularity: str) -> str:
        """The first day of the column's period as ``YYYY-MM-DD`` text."""
        if self.sqlite:
            # times are stored as 'YYYY-MM-DD HH:MM:SS' text: cutting is cheaper than parsing
            return {"day": f"substr({column}, 1, 10)",
                    "week": f"date({column}, 'weekday 0', '-6 days')",
                    "month": f"(substr({column}, 1, 7) || '-01')"}[granularity]
        return f"to_char(date_trunc('{granularity}', {column}), 'YYYY-MM-DD')"

    def seconds(self, start: str, end: str) -> str:
        """Whole seconds from ``start`` to ``end`` (NULL if either is NULL)."""
        if self.sqlite:      # julianday: a third of strftime('%s')'s cost per row
            return f"CAST(ROUND((julianday({end}) - julianday({start})) * 86400) AS INTEGER)"
        return f"EXTRACT(EPOCH FROM ({end} - {start}))"


def where(d: Dialect, c: Cohort, alias: str = "t") -> tuple[str, list[Any]]:
    """The cohort's condition on the ticket table (or ``ticket_deadline``) as ``alias``."""
    sql = f"{alias}.received_at >= {d.param} AND {alias}.received_at < {d.param}"
    params: list[Any] = [d.ts(c.start), d.ts(c.end)]
    if c.department_id:
        sql += f" AND {alias}.department_id = {d.param}"
        params.append(int(c.department_id))
    return sql, params


def rows(sql: str, params: list[Any]) -> list[tuple]:
    return list(db.execute_sql(sql, params).fetchall())


# ---------------------------------------------------------------- the counts


def on_time(d: Dialect, c: Cohort, rule_codes: Sequence[str], moment: datetime,
            by_staff: bool = False) -> dict[Any, dict[str, dict[str, int]]]:
    """{0 or responsible staff id: {rule code: {on_time, late, overdue, pending}}} from the
    stored deadlines (``ticket_deadline``, kept up to date by the caller): one query per
    staff member and rule, each a range of the covering index (responsible, rule, receipt),
    so nothing is sorted; the hall's figure per rule is their sum."""
    cond, params = where(d, c, "x")
    p = d.param
    sql = ("SELECT SUM(CASE WHEN x.met_at IS NOT NULL AND x.met_at <= x.due_at THEN 1 ELSE 0 END), "
           "SUM(CASE WHEN x.met_at > x.due_at THEN 1 ELSE 0 END), "
           f"SUM(CASE WHEN x.met_at IS NULL AND x.due_at < {p} THEN 1 ELSE 0 END), "
           f"SUM(CASE WHEN x.met_at IS NULL AND x.due_at >= {p} THEN 1 ELSE 0 END) "
           f"FROM ticket_deadline x WHERE x.responsible_id = {p} AND x.rule = {p} AND {cond}")
    out: dict[Any, dict[str, dict[str, int]]] = {}
    cursor = db.cursor()
    for (sid,) in Staff.select(Staff.id).order_by(Staff.id).tuples():
        for rule in rule_codes:
            cursor.execute(sql, [d.ts(moment), d.ts(moment), sid, rule, *params])
            counts = [int(v or 0) for v in cursor.fetchone()]
            if not any(counts):
                continue
            key = sid if by_staff else 0
            total = out.setdefault(key, {}).setdefault(
                rule, {"on_time": 0, "late": 0, "overdue": 0, "pending": 0})
            for name, n in zip(("on_time", "late", "overdue", "pending"), counts):
                total[name] += n
    return out


def by_dimensions(d: Dialect, c: Cohort) -> list[tuple]:
    """(kind, channel, cause class, category id, count) per combination that occurs: the
    counts by kind, channel, cause and category in one pass over the range."""
    cond, params = where(d, c)
    return rows("SELECT t.kind, t.channel, t.cause_class, t.category_id, t.business_type, "
                f"t.target_kind, COUNT(*) FROM ticket t WHERE {cond} GROUP BY 1, 2, 3, 4, 5, 6",
                params)


def by_period(d: Dialect, c: Cohort, granularity: str) -> dict[str, int]:
    """{first day of the period (ISO text): count} of the periods with tickets."""
    cond, params = where(d, c)
    bucket = d.bucket("t.received_at", granularity)
    return {str(key): int(n) for key, n in rows(
        f"SELECT {bucket}, COUNT(*) FROM ticket t WHERE {cond} GROUP BY 1", params)}


def _bucket_sums(secs: str, uppers: Sequence[int | None]) -> list[str]:
    """SUMs per bucket (upper bounds inclusive, None: no bound) of a seconds column, then
    the NULLs (not yet), then its average."""
    cases, lower = [], None
    for upper in uppers:
        cond = [f"{secs} IS NOT NULL"]
        if lower is not None:
            cond.append(f"{secs} > {lower}")
        if upper is not None:
            cond.append(f"{secs} <= {upper}")
        cases.append(f"SUM(CASE WHEN {' AND '.join(cond)} THEN 1 ELSE 0 END)")
        lower = upper
    cases.append(f"SUM(CASE WHEN {secs} IS NULL THEN 1 ELSE 0 END)")
    cases.append(f"AVG({secs})")
    return cases


def resolution(d: Dialect, c: Cohort, columns: Sequence[tuple[str, str]],
               uppers: Sequence[int | None]) -> tuple:
    """For each (name, ticket column) the seconds from receipt to it, counted per bucket of
    ``uppers``, then not yet, then the average: one row, ``len(uppers) + 2`` values a
    column."""
    cond, params = where(d, c)
    cases = []
    for name, _column in columns:
        cases += _bucket_sums(f"s.{name}", uppers)
    inner = ", ".join(f"{d.seconds('t.received_at', column)} AS {name}"
                      for name, column in columns)
    return rows(f"WITH s AS MATERIALIZED (SELECT {inner} FROM ticket t WHERE {cond}) "
                f"SELECT {', '.join(cases)} FROM s", params)[0]


def repeats(d: Dialect, c: Cohort) -> tuple[int, int, int, int]:
    """(tickets, repeats, complaints, repeat complaints) of the cohort."""
    cond, params = where(d, c)
    row = rows(
        "SELECT COUNT(*), "
        "SUM(CASE WHEN t.repeat_of_id IS NOT NULL THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN t.kind = 'complaint' THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN t.kind = 'complaint' AND t.repeat_of_id IS NOT NULL THEN 1 ELSE 0 END) "
        f"FROM ticket t WHERE {cond}", params)[0]
    return tuple(int(v or 0) for v in row)


GOOD = f"('{Satisfaction.SATISFIED.value}', '{Satisfaction.BASICALLY_SATISFIED.value}')"
# 无法回访 is a way of closing, not a grade: counted on its own, outside every rate
GRADES = "(" + ", ".join(f"'{g}'" for g in Satisfaction.grades()) + ")"
UNREACHABLE = Satisfaction.UNREACHABLE.value


def callbacks(d: Dialect, c: Cohort) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The cohort's callbacks (satisfied, basically, dissatisfied, first-round graded,
    first-round good) and its tickets by their latest callback (graded, good, reopened,
    reopened and good, closed unreachable)."""
    cond, params = where(d, c)
    sat, basic, dis = Satisfaction.grades()
    row = rows(
        "SELECT "
        f"SUM(CASE WHEN c.satisfaction = '{sat}' THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN c.satisfaction = '{basic}' THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN c.satisfaction = '{dis}' THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN c.round = 1 AND c.satisfaction IN {GRADES} THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN c.round = 1 AND c.satisfaction IN {GOOD} THEN 1 ELSE 0 END) "
        f"FROM callback c JOIN ticket t ON t.id = c.ticket_id WHERE {cond} "
        "AND c.satisfaction <> ''", params)[0]
    trow = rows(
        f"SELECT SUM(CASE WHEN t.satisfaction IN {GRADES} THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN t.satisfaction IN {GOOD} THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN t.round > 1 THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN t.round > 1 AND t.satisfaction IN {GOOD} THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN t.satisfaction = '{UNREACHABLE}' THEN 1 ELSE 0 END) "
        f"FROM ticket t WHERE {cond}", params)[0]
    return tuple(int(v or 0) for v in row), tuple(int(v or 0) for v in trow)


def open_now(d: Dialect, statuses: Sequence[str], moment: datetime,
             department_id: int | None = None) -> tuple[int, int]:
    """(tickets in ``statuses``, of those past their earliest unmet deadline at ``moment``)
    over all tickets (of the department)."""
    marks = ", ".join([d.param] * len(statuses))
    sql = (f"SELECT COUNT(*), SUM(CASE WHEN t.next_deadline_at < {d.param} THEN 1 ELSE 0 END) "
           f"FROM ticket t WHERE t.status IN ({marks})")
    params: list[Any] = [d.ts(moment), *statuses]
    if department_id:
        sql += f" AND t.department_id = {d.param}"
        params.append(int(department_id))
    row = rows(sql, params)[0]
    return int(row[0] or 0), int(row[1] or 0)


def by_category_and_period(d: Dialect, c: Cohort, starts: Sequence[datetime]
                           ) -> list[tuple[Any, int, int]]:
    """(category id, period index, count): period i (0 the latest) begins at ``starts[i]``;
    tickets before the last start fall in period ``len(starts)``."""
    cond, params = where(d, c)
    cases = " ".join(f"WHEN t.received_at >= {d.param} THEN {i}" for i in range(len(starts)))
    sql = (f"SELECT t.category_id, CASE {cases} ELSE {len(starts)} END AS p, COUNT(*) "
           f"FROM ticket t WHERE {cond} GROUP BY t.category_id, p")
    return [(cid, int(p), int(n)) for cid, p, n in rows(sql, [d.ts(s) for s in starts] + params)]


RESPONSIBLE = "COALESCE(t.handler_a_id, t.first_receiver_id)"


def staff_work(d: Dialect, c: Cohort) -> list[tuple]:
    """(first receiver, handler A, tickets, replied, seconds to reply summed) per pair."""
    cond, params = where(d, c)
    secs = d.seconds("t.received_at", "t.replied_at")
    return rows(f"SELECT t.first_receiver_id, t.handler_a_id, COUNT(*), "
                f"COUNT(t.replied_at), SUM({secs}) FROM ticket t WHERE {cond} "
                "GROUP BY t.first_receiver_id, t.handler_a_id", params)


def staff_callbacks(d: Dialect, c: Cohort) -> dict[int, tuple]:
    """{responsible staff id: (satisfied, basically, dissatisfied)} over the cohort's
    callbacks (responsible: handler A, else the first receiver)."""
    cond, params = where(d, c)
    sat, basic, dis = Satisfaction.grades()
    return {row[0]: row[1:] for row in rows(
        f"SELECT {RESPONSIBLE}, "
        f"SUM(CASE WHEN c.satisfaction = '{sat}' THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN c.satisfaction = '{basic}' THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN c.satisfaction = '{dis}' THEN 1 ELSE 0 END) "
        f"FROM callback c JOIN ticket t ON t.id = c.ticket_id WHERE {cond} "
        f"AND c.satisfaction <> '' GROUP BY {RESPONSIBLE}", params)}


def reply_outcomes_by_business(d: Dialect, c: Cohort, rule: str, moment: datetime
                               ) -> list[tuple]:
    """(business_type, on time, late, overdue now) of one rated rule over the cohort."""
    cond, params = where(d, c)
    return rows("SELECT t.business_type, "
                "SUM(CASE WHEN x.met_at IS NOT NULL AND x.met_at <= x.due_at THEN 1 ELSE 0 END), "
                "SUM(CASE WHEN x.met_at > x.due_at THEN 1 ELSE 0 END), "
                f"SUM(CASE WHEN x.met_at IS NULL AND x.due_at < {d.param} THEN 1 ELSE 0 END) "
                "FROM ticket_deadline x JOIN ticket t ON t.id = x.ticket_id "
                f"WHERE x.rule = {d.param} AND {cond} GROUP BY 1",
                [d.ts(moment), rule, *params])


def by_target(d: Dialect, c: Cohort) -> list[tuple]:
    """(target kind, staff id, department id, text, count) of the cohort's complaints that
    name whom they are about."""
    cond, params = where(d, c)
    return rows("SELECT t.target_kind, t.target_staff_id, t.target_department_id, "
                f"t.target_text, COUNT(*) FROM ticket t WHERE {cond} AND t.target_kind <> '' "
                "GROUP BY 1, 2, 3, 4", params)
