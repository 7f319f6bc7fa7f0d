"""Statistics and assessment figures (domain.md §11: M3 第八、九章; M4 数据统计与分析).

Every figure is counted by the database (GROUP BY, COUNT, SUM(CASE ...)); Python only loops
over the few result rows (a row per kind, per period, per staff member), never over tickets.
The SQL is in ``store/statistics_sql.py`` (the same on SQLite and PostgreSQL).

What the figures mean (the *cohort* is the tickets **received** from ``date_from`` 00:00 to
``date_to`` 24:00, of one department when ``department_id`` is given):

``total``
    tickets received in the range.
``by_kind`` / ``by_category`` / ``by_channel`` / ``by_cause``
    the cohort counted by kind, category, channel and cause class (empty = not analysed).
``trend``
    the cohort counted per day, week (Monday first) or month of receipt, empty periods as 0.
``resolution``
    seconds from receipt to the (latest) reply to the customer (``replied_at``), and to the
    archiving (``archived_at``), in the buckets of ``core.statistics.RESOLUTION_BUCKETS``
    (upper bounds inclusive); tickets without that time are "not yet". ``mean_hours`` is the
    average over those that have it. A ticket reopened after an unsatisfied callback counts
    with the reply of its latest round.
``on_time``
    per deadline rule of the policy in force that has one due time per ticket, counted from
    the stored deadlines (``ticket_deadline``): every change of a ticket works its deadlines
    out with ``core.deadlines`` (the same function the ticket view uses) and stores each rated
    rule's due and met time. Outcomes: ``on_time`` (met at or before the due time), ``late``
    (met after it), ``overdue`` (not met and past due now), ``pending`` (not met, not yet
    due). ``rate = on_time / (on_time + late + overdue)``. A ticket is judged by the policy
    and calendar in force while it is open (changing them re-judges the open tickets; an
    archived ticket keeps its judgement). For a ticket reopened after an unsatisfied callback
    the milestones are those of its current round (the lifecycle restarts them), so a rule
    is judged on the round in progress. A daily rule with a renewal point (the department's
    17:00 progress report on each working day after escalation) counts once per ticket:
    on time when every report came by its 17:00, late when one did not, overdue when one is
    missing now (``core.deadlines.daily_rating``); a daily reminder without renewal is not
    rated. A rule running past the known holiday calendar is not rated until the calendar
    is entered.
``by_business`` / ``by_target`` / ``targets``
    the cohort by business type (业务类型, named from materials.toml) with the on-time
    outcomes of its ``reply`` deadlines; complaints by target kind (投诉对象); and each
    department, third party and (supervisors only) staff member complained about, by name.
``repeat``
    cohort tickets whose customer had a ticket in the 90 days before (``repeat_of`` set, see
    ``services.tickets.register``); ``complaint_rate`` among complaints only.
``callbacks``
    every callback (回访) of a cohort ticket, whenever it was made: counts by satisfaction,
    ``rate = (satisfied + basically) / callbacks``; ``first_round_rate`` the same over the
    first round's callbacks. Per ticket: ``tickets_called_back``, ``tickets_reopened`` (an
    unsatisfied callback sent it into a second round: ``round > 1``),
    ``reopened_then_satisfied`` (its latest callback is satisfied or basically satisfied),
    ``final_rate`` = tickets whose latest callback is (basically) satisfied / tickets called
    back. ``unreachable``: tickets closed as 无法回访 (nobody could be called); they are
    in none of these counts and rates.
``repeat`` counts ``repeat_of`` as ``services.tickets.register`` sets it: the same customer on
    the same matter (``core.repeats``) within the policy's window.
``open_now`` / ``overdue_now``
    not archived now / of those, past their earliest unmet deadline now — over **all** tickets
    (of the department), not only the cohort: a supervisor's "what is on fire".
``warnings``
    the early-warning rule of ``core.statistics`` over the 5 weeks ending on ``date_to``.
``staff`` (supervisors only, role action ``view_statistics``)
    per staff member over the cohort: ``received`` as first receiver (首问), ``handled`` as
    handler A; on-time rate, callbacks and mean reply hours of the tickets they are
    *responsible* for: handler A, or the first receiver when no handler was assigned (a case
    settled on the spot, a consultation).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from hall_desk.core import i18n
from hall_desk.core import statistics as rules
from hall_desk.core.auth import may, require
from hall_desk.core.deadlines import Policy, Rule, Unit
from hall_desk.core.enums import (CauseClass, Channel, Satisfaction, TargetKind, TicketKind,
                                  TicketStatus)
from hall_desk.core.errors import FieldError, HallError, ValidationError
from hall_desk.services import catalog, deadlines
from hall_desk.services.context import Actor, now
from hall_desk.store import statistics_sql as sql
from hall_desk.store.models import Category, Department, Staff, db
from hall_desk.store.statistics_sql import Dialect

OPEN_STATUSES = [s.value for s in TicketStatus if s is not TicketStatus.ARCHIVED]
REPLY_RULE = "reply"        # 答复客户: the on-time figure of each business type


@dataclass(frozen=True)
class StatsFilter:
    """The range of receipt (both days included), an optional department, and the period
    of the trend."""

    date_from: date
    date_to: date
    department_id: int | None = None
    granularity: str = "day"

    def check(self) -> None:
        errors = {}
        if self.date_from > self.date_to:
            errors["date_to"] = FieldError("date_to", "stats.error.date_range")
        if self.granularity not in rules.GRANULARITIES:
            errors["granularity"] = FieldError("granularity", "error.granularity",
                                               value=self.granularity)
        if errors:
            raise ValidationError(errors)

    @property
    def start(self) -> datetime:
        return datetime.combine(self.date_from, time())

    @property
    def end(self) -> datetime:
        return datetime.combine(self.date_to + timedelta(days=1), time())

    @property
    def cohort(self) -> sql.Cohort:
        return sql.Cohort(self.start, self.end, self.department_id)


def filter_of(date_from: date, date_to: date, *, department: str | int | None = None,
              granularity: str = "day") -> StatsFilter:
    """A checked filter; ``department`` by id, code or name (ValidationError if unknown)."""
    dep_id = None
    if department not in (None, ""):
        text = str(department).strip()
        row = Department.get_or_none((Department.code == text) | (Department.name == text)
                                     | (Department.id == (int(text) if text.isdigit() else -1)))
        if row is None:
            raise ValidationError({"department": FieldError("department", "error.choice",
                                                            value=text)})
        dep_id = row.id
    f = StatsFilter(date_from, date_to, dep_id, granularity)
    f.check()
    return f


# ---------------------------------------------------------------- helpers


def _labelled(prefix: str, counts: dict[str, int], order: list[str], lang: str | None,
              empty_key: str | None = None) -> list[dict[str, Any]]:
    """Known codes in their order (zero counts included), then any other code seen."""
    out = []
    for code in order + sorted(c for c in counts if c not in order and c):
        label = i18n.text(f"{prefix}.{code}", lang) if i18n.has(f"{prefix}.{code}") else code
        out.append({"code": code, "label": label, "count": int(counts.get(code, 0))})
    if empty_key and counts.get(""):
        out.append({"code": "", "label": i18n.text(empty_key, lang), "count": int(counts[""])})
    return out


def _category_names(lang: str | None) -> dict[int, str]:
    english = (lang or i18n.language()) != "zh"
    return {c.id: ((c.name_en or c.name) if english else c.name)
            for c in Category.select().order_by(Category.position, Category.id)}


# ---------------------------------------------------------------- deadline rules


def rated_rules(policy: Policy | None = None) -> list[Rule]:
    """The policy's rules with one outcome per ticket: every rule but a daily reminder
    without a renewal point (a daily report with one is rated over its whole run)."""
    policy = policy or deadlines.policy()
    return [r for r in policy.rules if r.unit is not Unit.DAILY_AT or r.renewed_by is not None]


def _on_time(d: Dialect, f: StatsFilter, moment: datetime, by_staff: bool = False
             ) -> dict[Any, dict[str, dict[str, int]]]:
    """{0 or responsible staff id: {rule code: {on_time, late, overdue, pending}}} of the
    rated rules, counted from the stored deadlines (brought up to date first)."""
    chosen = [r.code for r in rated_rules()]
    if not chosen:
        return {}
    deadlines.ensure_stored()
    return sql.on_time(d, f.cohort, chosen, moment, by_staff)


# ---------------------------------------------------------------- the figures


def _check_actor(actor: Actor) -> None:
    if actor is None:
        raise HallError("error.permission", role="?", action="action.view_statistics")


def overview(actor: Actor, f: StatsFilter, *, at: datetime | None = None,
             lang: str | None = None, include_staff: bool | None = None) -> dict[str, Any]:
    """Every figure of the dashboard as plain data (JSON-ready). Per-staff figures are
    included for roles allowed ``view_statistics`` (``include_staff`` None: when allowed;
    True: required, raises PermissionDenied otherwise)."""
    _check_actor(actor)
    f.check()
    if include_staff:
        require(actor.role, "view_statistics")
    staff_too = may(actor.role, "view_statistics") if include_staff is None else include_staff
    moment = at or now()
    d = Dialect()
    department = (Department.get_or_none(Department.id == f.department_id)
                  if f.department_id else None)

    # The on-time outcomes, resolution times and the staff table are counted on a second
    # connection while this one counts the rest: SQLite and PostgreSQL work on two cores,
    # and the two halves take about as long. The on-time outcomes per responsible staff
    # member serve both the per-rule figures and the staff table.
    deadlines.ensure_stored()

    def side_work() -> tuple[dict, dict, list | None]:
        by_staff = _on_time(d, f, moment, by_staff=True)
        resolution = _resolution(d, f, lang)
        staff = per_staff(actor, f, at=moment, on_time=by_staff) if staff_too else None
        return by_staff, resolution, staff

    with ThreadPoolExecutor(max_workers=1) as pool:
        side = pool.submit(_own_connection, side_work)
        result = _overview_rest(actor, d, f, moment, lang, department)
        by_staff, resolution, staff = side.result()
    result["resolution"] = resolution
    result["on_time"] = _on_time_figures(rated_rules(), by_staff, lang)
    if staff_too:
        result["staff"] = staff
    return result


def _own_connection(work):
    """Run ``work`` in a worker thread on a connection of its own, closed afterwards."""
    try:
        return work()
    finally:
        db.close()


def _overview_rest(actor: Actor, d: Dialect, f: StatsFilter, moment: datetime,
                   lang: str | None, department: Department | None) -> dict[str, Any]:
    # The counts by kind, channel, cause and category in one pass over the range: a row per
    # combination that occurs (a few hundred at most), summed up here. The periods are
    # counted apart: with them the combinations come near one per ticket (65,000 rows for
    # a year by day, summed in Python, took longer than the two queries together).
    tallies: list[dict[Any, int]] = [{} for _ in range(6)]
    total = 0
    for *keys, n in sql.by_dimensions(d, f.cohort):
        total += int(n)
        for tally, key in zip(tallies, keys):
            key = "" if key is None else key
            tally[key] = tally.get(key, 0) + int(n)
    kinds, channels, causes, cats, businesses, targets = tallies
    trend_counts = sql.by_period(d, f.cohort, f.granularity)
    names = _category_names(lang)
    by_category = [{"code": str(cid), "label": name, "count": int(cats.get(cid, 0))}
                   for cid, name in names.items() if cats.get(cid)]
    if cats.get(""):
        by_category.append({"code": "", "label": i18n.text("stats.category.none", lang),
                            "count": int(cats[""])})

    trend = [{"period": b.isoformat(), "count": trend_counts.get(b.isoformat(), 0)}
             for b in rules.bucket_starts(f.date_from, f.date_to, f.granularity)]

    result = {
        "range": {"from": f.date_from.isoformat(), "to": f.date_to.isoformat(),
                  "department_id": f.department_id,
                  "department": catalog.shown(department, lang) if department else
                  i18n.text("stats.all_departments", lang),
                  "granularity": f.granularity},
        "generated_at": moment.isoformat(timespec="seconds"),
        "total": total,
        "by_kind": _labelled("kind", kinds, TicketKind.codes(), lang),
        "by_category": by_category,
        "by_channel": _labelled("channel", channels, Channel.codes(), lang),
        "by_cause": _labelled("cause", causes, CauseClass.codes(), lang,
                              empty_key="stats.cause.none"),
        "trend": trend,
        "by_business": _by_business(d, f, moment, businesses, lang),
        "by_target": _labelled("target", {k: n for k, n in targets.items() if k},
                               TargetKind.codes(), lang),
        "targets": _targets(d, f, lang, staff=may(actor.role, "view_statistics")),
        "repeat": _repeat(d, f),
        "callbacks": _callbacks(d, f),
        **_open_now(d, f, moment),
        "warnings": [w.as_dict() | {"message": w.message(lang=lang)}
                     for w in early_warning(actor, f, lang=lang)],
    }
    return result


def _by_business(d: Dialect, f: StatsFilter, moment: datetime, counts: dict[str, int],
                 lang: str | None) -> list[dict[str, Any]]:
    """业务类型 (manual 003): the cohort by business type, named as materials.toml names it
    (free text as typed; none last), with the on-time outcomes of its reply to the customer
    (the ``reply`` rule every preset has). Only that rule: a join of the stored deadlines
    with their tickets costs one index lookup per row, and all the rules took 8 times as
    long (33 ms for a year of 10,000 tickets, against 80 ms for the whole overview)."""
    from hall_desk.services import materials

    outcomes = {key or "": [int(v or 0) for v in vals]
                for key, *vals in sql.reply_outcomes_by_business(d, f.cohort, REPLY_RULE, moment)}
    order = [b.code for b in materials.businesses()]
    out = []
    for code in order + sorted(c for c in counts if c not in order and c) + [""]:
        if not counts.get(code):
            continue
        on_time, late, overdue = outcomes.get(code, [0, 0, 0])
        judged = on_time + late + overdue
        out.append({"code": code, "count": int(counts[code]),
                    "label": materials.business_name(code) if code
                    else i18n.text("stats.business.none", lang),
                    "on_time": on_time, "late": late, "overdue": overdue,
                    "rate": round(on_time / judged, 4) if judged else None})
    return out


def _targets(d: Dialect, f: StatsFilter, lang: str | None, *, staff: bool
             ) -> list[dict[str, Any]]:
    """投诉对象 by name: each department, third party and (``staff``: supervisors only) staff
    member complained about in the cohort, most first."""
    rows = sql.by_target(d, f.cohort)
    staff_names = {s.id: s.name for s in Staff.select(Staff.id, Staff.name)}
    dep_names = {x.id: catalog.shown(x, lang) for x in Department.select()}
    tally: dict[tuple[str, str], int] = {}
    for kind, sid, did, text, n in rows:
        if kind == TargetKind.STAFF.value:
            if not staff:
                continue
            name = staff_names.get(sid, "")
        elif kind == TargetKind.DEPARTMENT.value:
            name = dep_names.get(did, "")
        else:
            name = text or ""
        tally[(kind, name)] = tally.get((kind, name), 0) + int(n)
    return [{"kind": kind, "kind_label": i18n.text(f"target.{kind}", lang)
             if i18n.has(f"target.{kind}") else kind, "name": name, "count": n}
            for (kind, name), n in sorted(tally.items(), key=lambda kv: (-kv[1], kv[0]))]


def _resolution(d: Dialect, f: StatsFilter, lang: str | None) -> dict[str, Any]:
    names = (("reply", "t.replied_at"), ("archive", "t.archived_at"))
    row = sql.resolution(d, f.cohort, names, [upper for _, upper in rules.RESOLUTION_BUCKETS])
    codes = [c for c, _ in rules.RESOLUTION_BUCKETS] + [rules.NOT_YET]
    out = {}
    width = len(codes) + 1
    for i, (name, _column) in enumerate(names):
        part = row[i * width:(i + 1) * width]
        buckets = [{"code": c, "label": i18n.text(f"stats.bucket.{c}", lang),
                    "count": int(v or 0)} for c, v in zip(codes, part)]
        mean = part[-1]
        out[name] = {"buckets": buckets,
                     "mean_hours": round(float(mean) / 3600, 2) if mean is not None else None}
    return out


def _on_time_figures(chosen: list[Rule], by_staff: dict[Any, dict[str, dict[str, int]]],
                     lang: str | None) -> list[dict[str, Any]]:
    """Per rule: the per-staff outcomes summed."""
    per_rule: dict[str, dict[str, int]] = {}
    for outcomes in by_staff.values():
        for code, c in outcomes.items():
            total = per_rule.setdefault(code, dict.fromkeys(c, 0))
            for k, v in c.items():
                total[k] += v
    out = []
    for rule in chosen:
        c = per_rule.get(rule.code, {"on_time": 0, "late": 0, "overdue": 0, "pending": 0})
        rated = c["on_time"] + c["late"] + c["overdue"]
        out.append({"rule": rule.code, "label": rule.label(lang), **c, "rated": rated,
                    "rate": rules.rate(c["on_time"], rated)})
    return out


def _repeat(d: Dialect, f: StatsFilter) -> dict[str, Any]:
    total, repeats, complaints, repeat_complaints = sql.repeats(d, f.cohort)
    return {"tickets": total, "repeats": repeats, "rate": rules.rate(repeats, total),
            "complaints": complaints, "repeat_complaints": repeat_complaints,
            "complaint_rate": rules.rate(repeat_complaints, complaints)}


def _callbacks(d: Dialect, f: StatsFilter) -> dict[str, Any]:
    calls_row, tickets_row = sql.callbacks(d, f.cohort)
    satisfied, basically, dissatisfied, first, first_good = calls_row
    calls = satisfied + basically + dissatisfied
    called, good, reopened, reopened_good, unreachable = tickets_row
    return {"callbacks": calls, "satisfied": satisfied, "basically": basically,
            "dissatisfied": dissatisfied, "rate": rules.rate(satisfied + basically, calls),
            "first_round": first, "first_round_rate": rules.rate(first_good, first),
            "tickets_called_back": called, "tickets_reopened": reopened,
            "reopened_then_satisfied": reopened_good, "final_rate": rules.rate(good, called),
            "unreachable": unreachable}


def _open_now(d: Dialect, f: StatsFilter, moment: datetime) -> dict[str, int]:
    open_count, overdue = sql.open_now(d, OPEN_STATUSES, moment, f.department_id)
    return {"open_now": open_count, "overdue_now": overdue}


def early_warning(actor: Actor, f: StatsFilter, *, lang: str | None = None,
                  rule: rules.WarningRule = rules.DEFAULT_WARNING_RULE
                  ) -> list[rules.RisingCategory]:
    """Categories rising clearly above their recent average (see ``core.statistics``), for the
    weeks ending on ``f.date_to``; one grouped query."""
    _check_actor(actor)
    periods = rules.warning_periods(f.date_to, rule)
    d = Dialect()
    window = StatsFilter(periods[-1][0], periods[0][1], f.department_id)
    starts = [datetime.combine(start, time()) for start, _ in periods[:-1]]
    counts: dict[Any, list[int]] = {}
    for cid, p, n in sql.by_category_and_period(d, window.cohort, starts):
        counts.setdefault(cid, [0] * len(periods))[p] = n
    names = _category_names(lang)
    found = []
    for cid, series in counts.items():
        name = names.get(cid) if cid is not None else i18n.text("stats.category.none", lang)
        flag = rules.rising(name or str(cid), series[0], list(reversed(series[1:])),
                            periods[0], rule)
        if flag:
            found.append(flag)
    return sorted(found, key=lambda w: (-(w.latest - w.mean), w.category))


def per_staff(actor: Actor, f: StatsFilter, *, at: datetime | None = None,
              on_time: dict[Any, dict[str, dict[str, int]]] | None = None
              ) -> list[dict[str, Any]]:
    """Assessment figures per staff member (考核指标: speed, quality, satisfaction); for roles
    allowed ``view_statistics`` only."""
    _check_actor(actor)
    require(actor.role, "view_statistics")
    f.check()
    moment = at or now()
    d = Dialect()
    # received, handled and reply speed in one pass: a row per (first receiver, handler A)
    received: dict[int, int] = {}
    handled: dict[int, int] = {}
    replies: dict[int, list[float]] = {}        # responsible: [tickets, replied, seconds]
    for first, handler, n, n_replied, total_secs in sql.staff_work(d, f.cohort):
        received[first] = received.get(first, 0) + int(n)
        if handler is not None:
            handled[handler] = handled.get(handler, 0) + int(n)
        acc = replies.setdefault(handler if handler is not None else first, [0, 0, 0.0])
        acc[0] += int(n)
        acc[1] += int(n_replied or 0)
        acc[2] += float(total_secs or 0)
    speed = {sid: (n, (secs_sum / replied) if replied else None)
             for sid, (n, replied, secs_sum) in replies.items()}
    calls = sql.staff_callbacks(d, f.cohort)
    if on_time is None:
        on_time = _on_time(d, f, moment, by_staff=True)
    ids = set(received) | set(handled) | set(speed) | set(calls)
    people = {s.id: s for s in Staff.select().where(Staff.id.in_(list(ids)))} if ids else {}
    out = []
    for sid in sorted(ids, key=lambda i: (people[i].name if i in people else "", i)):
        person = people.get(sid)
        outcomes = on_time.get(sid, {})
        good = sum(c["on_time"] for c in outcomes.values())
        rated = sum(c["on_time"] + c["late"] + c["overdue"] for c in outcomes.values())
        s, b, x = (int(v or 0) for v in calls.get(sid, (0, 0, 0)))
        n_resp, avg = speed.get(sid, (0, None))
        out.append({
            "staff_id": sid, "login": person.login if person else "",
            "name": person.name if person else str(sid),
            "received": int(received.get(sid, 0)), "handled": int(handled.get(sid, 0)),
            "responsible": int(n_resp or 0),
            "deadlines_on_time": good, "deadlines_rated": rated,
            "on_time_rate": rules.rate(good, rated),
            "callbacks": s + b + x, "satisfied": s, "basically": b, "dissatisfied": x,
            "satisfaction_rate": rules.rate(s + b, s + b + x),
            "mean_reply_hours": round(float(avg) / 3600, 2) if avg is not None else None,
        })
    return out


# ---------------------------------------------------------------- tables (UI, export, PDF)


@dataclass(frozen=True)
class StatTable:
    """One statistics table: a key, a title, the header and the rows (plain values)."""

    key: str
    title: str
    header: list[str]
    rows: list[list[Any]]


def _t(key: str, lang: str | None) -> str:
    return i18n.text(key, lang)


def _share(n: int, total: int) -> str:
    return rules.percent(rules.rate(n, total))


def tables(figures: dict[str, Any], lang: str | None = None) -> list[StatTable]:
    """The figures of :func:`overview` as tables, in dashboard order."""
    pct = rules.percent
    total = figures["total"]
    cb = figures["callbacks"]
    rep = figures["repeat"]
    summary = [
        [_t("stats.row.total", lang), total],
        [_t("stats.row.open_now", lang), figures["open_now"]],
        [_t("stats.row.overdue_now", lang), figures["overdue_now"]],
        [_t("stats.row.repeat", lang), rep["repeats"]],
        [_t("stats.row.repeat_rate", lang), pct(rep["rate"])],
        [_t("stats.row.repeat_complaint_rate", lang), pct(rep["complaint_rate"])],
        [_t("stats.row.mean_reply", lang), figures["resolution"]["reply"]["mean_hours"]
         if figures["resolution"]["reply"]["mean_hours"] is not None else "—"],
        [_t("stats.row.satisfaction_rate", lang), pct(cb["rate"])],
    ]
    head_count = [_t("stats.col.item", lang), _t("stats.col.count", lang),
                  _t("stats.col.share", lang)]

    def counted(key: str, items: list[dict]) -> StatTable:
        return StatTable(key, _t(f"stats.table.{key}", lang), head_count,
                         [[i["label"], i["count"], _share(i["count"], total)] for i in items])

    out = [
        StatTable("summary", _t("stats.table.summary", lang),
                  [_t("stats.col.item", lang), _t("stats.col.value", lang)], summary),
        counted("by_kind", figures["by_kind"]),
        counted("by_category", figures["by_category"]),
        counted("by_channel", figures["by_channel"]),
        counted("by_cause", figures["by_cause"]),
        StatTable("by_business", _t("stats.table.by_business", lang),
                  [*head_count, _t("stats.col.on_time", lang), _t("stats.col.late", lang),
                   _t("stats.col.overdue", lang), _t("stats.col.rate", lang)],
                  [[b["label"], b["count"], _share(b["count"], total), b["on_time"], b["late"],
                    b["overdue"], pct(b["rate"])] for b in figures.get("by_business", [])]),
        counted("by_target", figures.get("by_target", [])),
        StatTable("targets", _t("stats.table.targets", lang),
                  [_t("stats.col.target_kind", lang), _t("stats.col.target_name", lang),
                   _t("stats.col.count", lang)],
                  [[r["kind_label"], r["name"], r["count"]] for r in figures.get("targets", [])]),
        StatTable("trend", _t("stats.table.trend", lang),
                  [_t("stats.col.period", lang), _t("stats.col.count", lang)],
                  [[p["period"], p["count"]] for p in figures["trend"]]),
        StatTable("resolution", _t("stats.table.resolution", lang),
                  [_t("stats.col.bucket", lang), _t("stats.col.to_reply", lang),
                   _t("stats.col.to_archive", lang)],
                  [[a["label"], a["count"], b["count"]] for a, b in zip(
                      figures["resolution"]["reply"]["buckets"],
                      figures["resolution"]["archive"]["buckets"])]),
        StatTable("on_time", _t("stats.table.on_time", lang),
                  [_t("stats.col.rule", lang), _t("stats.col.on_time", lang),
                   _t("stats.col.late", lang), _t("stats.col.overdue", lang),
                   _t("stats.col.pending", lang), _t("stats.col.rate", lang)],
                  [[r["label"], r["on_time"], r["late"], r["overdue"], r["pending"],
                    pct(r["rate"])] for r in figures["on_time"]]),
        StatTable("callbacks", _t("stats.table.callbacks", lang),
                  [_t("stats.col.item", lang), _t("stats.col.value", lang)], [
                      [_t("stats.row.callbacks", lang), cb["callbacks"]],
                      [i18n.text("satisfaction.satisfied", lang), cb["satisfied"]],
                      [i18n.text("satisfaction.basically", lang), cb["basically"]],
                      [i18n.text("satisfaction.dissatisfied", lang), cb["dissatisfied"]],
                      [_t("stats.row.satisfaction_rate", lang), pct(cb["rate"])],
                      [_t("stats.row.first_round_rate", lang), pct(cb["first_round_rate"])],
                      [_t("stats.row.called_back", lang), cb["tickets_called_back"]],
                      [_t("stats.row.reopened", lang), cb["tickets_reopened"]],
                      [_t("stats.row.reopened_good", lang), cb["reopened_then_satisfied"]],
                      [_t("stats.row.final_rate", lang), pct(cb["final_rate"])],
                      [_t("stats.row.unreachable", lang), cb["unreachable"]],
                  ]),
        StatTable("warnings", _t("stats.table.warnings", lang),
                  [_t("stats.col.category", lang), _t("stats.col.latest", lang),
                   _t("stats.col.history", lang), _t("stats.col.mean", lang),
                   _t("stats.col.sd", lang), _t("stats.col.threshold", lang)],
                  [[w["category"], w["latest"], " / ".join(str(h) for h in w["history"]),
                    round(w["mean"], 1), round(w["sd"], 1), round(w["threshold"], 1)]
                   for w in figures["warnings"]]),
    ]
    if "staff" in figures:
        out.append(StatTable(
            "staff", _t("stats.table.staff", lang),
            [_t("stats.col.staff", lang), _t("stats.col.received", lang),
             _t("stats.col.handled", lang), _t("stats.col.staff_on_time", lang),
             _t("stats.col.callbacks", lang), _t("stats.col.satisfaction_rate", lang),
             _t("stats.col.mean_reply", lang)],
            [[s["name"], s["received"], s["handled"], pct(s["on_time_rate"]), s["callbacks"],
              pct(s["satisfaction_rate"]),
              s["mean_reply_hours"] if s["mean_reply_hours"] is not None else "—"]
             for s in figures["staff"]]))
    return out


# ---------------------------------------------------------------- the printed report


def report_pdf(actor: Actor, f: StatsFilter, *, figures: dict[str, Any] | None = None,
               at: datetime | None = None) -> bytes:
    """统计分析报告 as PDF bytes (in Chinese, like every print): charts and every table.
    The footer's SHA-256 is that of the figures printed."""
    from hall_desk.core.chain import content_hash
    from hall_desk.pdf.layout import RecordMeta
    from hall_desk.pdf.statistics import statistics_report
    from hall_desk.services import settings

    figures = figures or overview(actor, f, at=at, lang="zh")
    shown = [(t.title, t.header, t.rows) for t in tables(figures, "zh")]
    meta = RecordMeta(hall_name=settings.hall_name(), printed_at=at or now(),
                      printed_by=actor.name, version=None,
                      content_sha256=content_hash(figures))
    return statistics_report(figures, shown, meta)
