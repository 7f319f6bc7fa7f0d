"""Statistics on a known data set built with the real services on a controlled clock, on
SQLite and PostgreSQL: every figure below is computed by hand (the comments show how), and
the SQL on-time figures are also checked ticket by ticket against ``core.deadlines``.

The data set (T0 = Monday 2026-11-02 09:00; minutes after T0):
  A complaint, walk-in, 服务质量, phone P1, liuyang; judged 2, assigned 4 (OPS, sunhao),
    analysed 60 (service), proposed 90, approved 120, implemented 300, replied 320,
    callback satisfied 400, archived 500.
  B complaint, phone, 价格与收费, liuyang, received 30; judged 40, assigned 45 (OPS, sunhao)
    ... implemented 825, replied 840, callback DISSATISFIED 900 -> second round (reopened
    at 900), analysed 960 (product), proposed 1000, approved 1020, implemented 1100,
    replied 1200, callback satisfied 1300, archived 1400.
  C complaint, letter, 产品质量, liuyang, received 60, AGREED TIME T0 + 2 days; judged 70,
    assigned 72 (CS, chenjing), analysed 100 (misunderstanding), proposed 120, approved 130,
    implemented T0 + 3 days, replied 4400, callback basically 4500 (not archived).
  D consultation, online, 其他, chenjing, received 120, settled on the spot 130, archived
    without callback 200.
  E suggestion, walk-in, 服务质量, chenjing, received T0 + 1 day; nothing else.
  F complaint, walk-in, 服务质量, phone P1 again (a repeat of A), liuyang, received
    T0 + 1 day + 60; nothing else.
  G complaint received 2026-10-20, outside the range; nothing else.
Range 2026-11-02 .. 2026-11-08; figures seen at NOW = T0 + 10 days.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

import pytest

from statistics_data import NOW, RANGE, T0, build  # noqa: F401

from hall_desk.core.errors import PermissionDenied, ValidationError
from hall_desk.services import deadlines, statistics, tickets
from hall_desk.services.context import clock
from hall_desk.services.statistics import StatsFilter
from hall_desk.store.models import Department, Ticket



@pytest.fixture
def known(hall):
    return build(hall)


def counts(items):
    return {i["code"]: i["count"] for i in items if i["count"]}


def test_counts_trend_repeat_and_open(known):
    fig = statistics.overview(known["wangli"], RANGE, at=NOW)
    assert fig["total"] == 6                                      # A-F; G is before the range
    assert counts(fig["by_kind"]) == {"complaint": 4, "consultation": 1, "suggestion": 1}
    assert counts(fig["by_channel"]) == {"walk-in": 3, "phone": 1, "letter": 1, "online": 1}
    assert {i["label"]: i["count"] for i in fig["by_category"]} == {
        "服务质量": 3, "价格与收费": 1, "产品质量": 1, "其他": 1}
    # B's latest analysis (second round) says product
    assert counts(fig["by_cause"]) == {"service": 1, "product": 1, "misunderstanding": 1, "": 3}
    assert [p["count"] for p in fig["trend"]] == [4, 2, 0, 0, 0, 0, 0]
    assert fig["trend"][0]["period"] == "2026-11-02"
    assert fig["repeat"] == {"tickets": 6, "repeats": 1, "rate": round(1 / 6, 4),
                             "complaints": 4, "repeat_complaints": 1, "complaint_rate": 0.25}
    # open now: C (called back, not archived), E, F and G; overdue: E, F, G (C met everything)
    assert (fig["open_now"], fig["overdue_now"]) == (4, 3)
    weekly = statistics.overview(known["wangli"], StatsFilter(RANGE.date_from, RANGE.date_to,
                                                              granularity="week"), at=NOW)
    assert weekly["trend"] == [{"period": "2026-11-02", "count": 6}]
    monthly = statistics.overview(known["wangli"], StatsFilter(
        date(2026, 10, 1), date(2026, 11, 30), granularity="month"), at=NOW)
    assert monthly["trend"] == [{"period": "2026-10-01", "count": 1},
                                {"period": "2026-11-01", "count": 6}]


def test_callbacks_count_the_reopened_ticket_right(known):
    cb = statistics.overview(known["wangli"], RANGE, at=NOW)["callbacks"]
    # callbacks: A satisfied, B dissatisfied (round 1), B satisfied (round 2), C basically
    assert cb == {"callbacks": 4, "satisfied": 2, "basically": 1, "dissatisfied": 1,
                  "rate": 0.75, "first_round": 3, "first_round_rate": round(2 / 3, 4),
                  "tickets_called_back": 3, "tickets_reopened": 1,
                  "reopened_then_satisfied": 1, "final_rate": 1.0,
                  "unreachable": 0}


def test_resolution_time_buckets(known):
    res = statistics.overview(known["wangli"], RANGE, at=NOW)["resolution"]
    # to reply: A 320 min, B (1200-30) min, C (4400-60) min = 3.01 d, D 10 min; E, F none
    assert counts(res["reply"]["buckets"]) == {"le_1h": 1, "le_24h": 2, "le_5d": 1, "not_yet": 2}
    assert res["reply"]["mean_hours"] == round((19200 + 70200 + 260400 + 600) / 4 / 3600, 2)
    # to archive: A 500 min, B 1370 min, D 80 min
    assert counts(res["archive"]["buckets"]) == {"le_24h": 3, "not_yet": 3}
    assert res["archive"]["mean_hours"] == round((30000 + 82200 + 4800) / 3 / 3600, 2)


def test_on_time_per_rule_by_hand(known):
    rules = {r["rule"]: r for r in statistics.overview(known["wangli"], RANGE, at=NOW)["on_time"]}

    def outcome(code):
        r = rules[code]
        return r["on_time"], r["late"], r["overdue"], r["pending"]

    # forward (5 min, A B C F): A 4 min; B assigned again at its reopening (900) -> late;
    # C 12 min -> late; F never assigned -> overdue
    assert outcome("forward") == (1, 2, 1, 0)
    assert rules["forward"]["rate"] == 0.25
    # reply (5 days; C's agreed time T0+2d overrides it): A, B on time; C replied T0+3d -> late
    # (on time by the default 5 days); F overdue
    assert outcome("reply") == (2, 1, 1, 0)
    # result (48 h, complaints and consultations; agreed time overrides): A, B (second
    # round implemented 1100), D on time; C late (agreed); F overdue
    assert outcome("result") == (3, 1, 1, 0)
    # handler_complete (12 h from assignment, agreed overrides): A, B (900 -> 1100) on time,
    # C late; F never assigned: no such deadline
    assert outcome("handler_complete") == (2, 1, 0, 0)
    # suggestion feedback (5 working days from Tue 11-03 -> Tue 11-10 17:30): E overdue
    assert outcome("suggestion_feedback") == (0, 0, 1, 0)
    # escalate (24 h from receipt, complaints): A, B implemented in time; C implemented
    # T0+3d and never escalated (nothing ran the check here) -> late; F never assigned,
    # never escalated -> overdue
    assert outcome("escalate") == (2, 1, 1, 0)
    # the 17:00 report starts at escalation: nobody here was escalated, no rows
    assert outcome("daily_progress") == (0, 0, 0, 0)


def test_on_time_matches_the_deadline_rules_ticket_by_ticket(known):
    expected: dict[str, Counter] = {}
    for t in Ticket.select().where((Ticket.received_at >= RANGE.start)
                                   & (Ticket.received_at < RANGE.end)):
        for d in deadlines.for_ticket(t, NOW).deadlines:
            if d.unit.value == "daily_at":
                continue
            state = ("late" if d.late else "on_time") if d.met_at else (
                "overdue" if NOW > d.due else "pending")
            expected.setdefault(d.code, Counter())[state] += 1
    got = statistics.overview(known["wangli"], RANGE, at=NOW)["on_time"]
    for r in got:
        assert {k: r[k] for k in ("on_time", "late", "overdue", "pending")} == {
            k: expected.get(r["rule"], Counter())[k]
            for k in ("on_time", "late", "overdue", "pending")}, r["rule"]


def test_per_staff_is_for_supervisors_only(known):
    with pytest.raises(PermissionDenied):
        statistics.per_staff(known["liuyang"], RANGE, at=NOW)
    assert "staff" not in statistics.overview(known["liuyang"], RANGE, at=NOW)
    with pytest.raises(PermissionDenied):
        statistics.overview(known["liuyang"], RANGE, at=NOW, include_staff=True)
    rows = {r["login"]: r for r in statistics.per_staff(known["wangli"], RANGE, at=NOW)}
    assert (rows["liuyang"]["received"], rows["chenjing"]["received"]) == (4, 2)
    assert (rows["sunhao"]["handled"], rows["chenjing"]["handled"]) == (2, 1)
    assert rows["sunhao"]["received"] == 0
    # responsible: sunhao A, B; chenjing C (handler) and D, E (first receiver); liuyang F
    assert [rows[x]["responsible"] for x in ("sunhao", "chenjing", "liuyang")] == [2, 3, 1]
    # sunhao: A meets all 8 rated rules; B all but "forward" (7 of 8)
    assert (rows["sunhao"]["deadlines_on_time"], rows["sunhao"]["deadlines_rated"]) == (15, 16)
    assert rows["sunhao"]["on_time_rate"] == 0.9375
    assert (rows["sunhao"]["callbacks"], rows["sunhao"]["satisfaction_rate"]) == (3, round(2 / 3, 4))
    assert (rows["chenjing"]["callbacks"], rows["chenjing"]["satisfaction_rate"]) == (1, 1.0)
    assert rows["liuyang"]["satisfaction_rate"] is None


def test_department_filter(known):
    ops = Department.get(Department.code == "OPS").id
    fig = statistics.overview(known["wangli"], StatsFilter(RANGE.date_from, RANGE.date_to, ops),
                              at=NOW)
    assert fig["total"] == 2 and counts(fig["by_kind"]) == {"complaint": 2}
    assert fig["callbacks"]["callbacks"] == 3
    assert (fig["open_now"], fig["overdue_now"]) == (0, 0)
    assert statistics.filter_of(RANGE.date_from, RANGE.date_to, department="OPS").department_id == ops
    with pytest.raises(ValidationError):
        statistics.filter_of(RANGE.date_from, RANGE.date_to, department="NOPE")


def test_department_names_in_the_asked_language(known):
    ops = Department.get(Department.code == "OPS").id
    f = StatsFilter(RANGE.date_from, RANGE.date_to, ops)
    assert statistics.overview(known["wangli"], f, at=NOW)["range"]["department"] == "运行维护部"
    english = statistics.overview(known["wangli"], f, at=NOW, lang="en")
    assert english["range"]["department"] == "Operations & maintenance"


def test_bad_range_is_refused(hall):
    with pytest.raises(ValidationError) as err:
        statistics.overview(hall["wangli"], StatsFilter(date(2026, 11, 9), date(2026, 11, 8)))
    assert "date_to" in err.value.errors
    with pytest.raises(ValidationError):
        statistics.overview(hall["wangli"], StatsFilter(date(2026, 11, 1), date(2026, 11, 8),
                                                        granularity="year"))


def test_empty_range_gives_zeros(hall):
    fig = statistics.overview(hall["wangli"], RANGE, at=NOW)
    assert fig["total"] == 0 and fig["callbacks"]["rate"] is None
    assert all(r["rated"] == 0 and r["rate"] is None for r in fig["on_time"])
    assert fig["staff"] == [] and fig["warnings"] == []


def test_early_warning_flags_a_rising_category(hall):
    last = date(2026, 11, 29)      # a Sunday: weeks 11-23..29, 11-16..22, ... 10-26..11-01
    n = 0

    def add(day: date, category: str, times: int = 1):
        nonlocal n
        for _ in range(times):
            n += 1
            moment = datetime.combine(day, datetime.min.time()) + timedelta(hours=9, minutes=n)
            with clock(lambda: moment):
                tickets.register(hall["liuyang"], {
                    "kind": "complaint", "channel": "phone", "customer_name": "赵六",
                    "phone": f"139{n:08d}", "content": "停电", "demand": "恢复供电",
                    "category": category},
                    received_at=moment)

    for week in range(1, 5):                   # one 价格与收费 and two 其他 in each earlier week
        add(last - timedelta(days=7 * week), "价格与收费")
        add(last - timedelta(days=7 * week), "其他", 2)
    add(last, "价格与收费", 5)                 # 5 >= 1 + 2*0 and >= 1 + 3 and >= 5: flagged
    add(last, "其他", 4)                       # 4 < the minimum count 5: calm
    found = statistics.early_warning(hall["wangli"], StatsFilter(date(2026, 11, 1), last))
    assert [w.category for w in found] == ["价格与收费"]
    w = found[0]
    assert (w.latest, w.history, w.mean, w.sd, w.threshold) == (5, (1, 1, 1, 1), 1.0, 0.0, 1.0)
    assert (w.period_from, w.period_to) == (date(2026, 11, 23), last)
    assert "价格与收费" in w.message() and "5" in w.message()
    fig = statistics.overview(hall["wangli"], StatsFilter(date(2026, 11, 1), last))
    assert [x["category"] for x in fig["warnings"]] == ["价格与收费"]
