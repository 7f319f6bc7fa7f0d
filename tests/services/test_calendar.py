"""The hall's calendar on a real database: importing a year (an administrator's action),
the provisional deadlines of that year worked out again and recorded on each ticket, what is
in force and where each day comes from, the missing-year warning, and the command line."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from hall_desk.cli import run
from hall_desk.core.errors import PermissionDenied, ValidationError
from hall_desk.services import calendar, callbacks, deadlines, lifecycle, tickets
from hall_desk.services.context import clock
from hall_desk.store.connection import close_database
from hall_desk.store.models import Ticket, TicketDeadline, TicketEvent

SHIPPED = Path(__file__).resolve().parents[2] / "resources" / "calendars" / "2026.toml"

# 2027 as a hall might enter it: 元旦 runs to Monday 4 January (a made-up schedule, so that
# the provisional dates visibly move).
CAL_2027 = """\
year = 2027

[[holidays]]
name = "元旦"
name_en = "New Year's Day"
from = 2027-01-01
to = 2027-01-04
workdays = [2027-01-09]
"""


def register(actor, kind: str, received: datetime) -> Ticket:
    with clock(lambda: received):
        return tickets.register(actor, {
            "kind": kind, "customer_name": "李四", "phone": "13912345678",
            "content": "营业厅排队时间太长", "demand": "增加窗口"}, received_at=received)


def rows(ticket: Ticket) -> dict[str, datetime]:
    return {r.rule: r.due_at for r in TicketDeadline.select().where(TicketDeadline.ticket == ticket.id)}


def test_import_is_for_an_administrator(hall, tmp_path):
    for login in ("liuyang", "wangli"):
        with pytest.raises(PermissionDenied):
            calendar.import_text(hall[login], CAL_2027)
    assert deadlines.imported_years() == {}
    assert not deadlines.calendar().year_known(2027)


def test_a_wrong_file_stores_nothing(hall):
    admin = hall["admin"]
    with pytest.raises(ValidationError) as exc:
        calendar.import_text(admin, CAL_2027.replace("2027-01-09", "2027-01-06"))
    assert "第8行" in exc.value.message("zh") and "周三" in exc.value.message("zh")
    assert deadlines.imported_years() == {}


def test_import_recomputes_the_provisional_deadlines_and_records_it(hall):
    admin, clerk = hall["admin"], hall["liuyang"]
    suggestion = register(clerk, "suggestion", datetime(2026, 12, 28, 10, 0))
    complaint = register(clerk, "complaint", datetime(2026, 12, 27, 9, 0))
    earlier = register(clerk, "suggestion", datetime(2026, 11, 2, 9, 0))
    # Past the library's last day: provisional dates, stored and queued, not dropped.
    assert rows(suggestion) == {"suggestion_feedback": datetime(2027, 1, 5, 17, 30)}
    assert Ticket.get_by_id(suggestion.id).next_deadline_at == datetime(2027, 1, 5, 17, 30)
    shown = tickets.describe(suggestion.id, clerk).to_dict()["deadlines"][0]
    assert shown["provisional"] is True
    reply = {d["rule"]: d for d in tickets.describe(complaint.id, clerk).to_dict()["deadlines"]}["reply"]
    assert (reply["due"], reply["moved_from"], reply["provisional"]) == (
        "2027-01-04T17:30", "2027-01-01", True)
    assert reply["moved_reason"] == "原到期日 2027-01-01 为元旦假日，顺延至 2027-01-04"
    untouched = rows(earlier)

    with clock(lambda: datetime(2026, 12, 6, 10, 0)):
        done = calendar.import_text(admin, CAL_2027, "2027.toml")
    assert (done.year, done.holidays, done.workdays) == (2027, 4, 1)
    assert set(done.changed) == {suggestion.number, complaint.number}
    assert "2027" in done.message("zh") and "2" in done.message("en")

    # 29, 30, 31 Dec; 1-4 Jan off; 5, 6 Jan.
    assert rows(suggestion) == {"suggestion_feedback": datetime(2027, 1, 6, 17, 30)}
    fresh = Ticket.get_by_id(suggestion.id)
    assert fresh.next_deadline_at == datetime(2027, 1, 6, 17, 30)
    assert fresh.version == suggestion.version            # no clerk's edit is made stale
    shown = tickets.describe(fresh, clerk).to_dict()["deadlines"][0]
    assert shown["provisional"] is False
    assert rows(complaint)["reply"] == datetime(2027, 1, 5, 17, 30)
    assert rows(earlier) == untouched

    event = (TicketEvent.select().where(TicketEvent.ticket == suggestion.id)
             .order_by(TicketEvent.seq.desc()).first())
    assert event.action == "deadlines_recomputed" and event.actor_label == admin.name
    assert json.loads(event.before) == {"suggestion_feedback": "2027-01-05 17:30"}
    assert json.loads(event.after) == {"suggestion_feedback": "2027-01-06 17:30"}
    assert event.note == "2027年日历已录入：建议反馈 2027-01-05 17:30 → 2027-01-06 17:30"
    assert not TicketEvent.select().where((TicketEvent.ticket == earlier.id)
                                          & (TicketEvent.action == "deadlines_recomputed")).exists()
    from hall_desk.services import audit

    assert [r.message() for r in audit.verify() if not r.ok] == []

    stored = deadlines.imported_years()[2027]
    assert (stored["imported_by"], stored["file"], stored["imported_at"]) == (
        admin.name, "2027.toml", "2026-12-06 10:00:00")
    # Importing the same year again changes nothing and records nothing.
    assert calendar.import_text(admin, CAL_2027).changed == []


def test_show_says_where_each_day_comes_from(hall, tmp_path):
    admin = hall["admin"]
    shown = calendar.show(2026)
    assert shown["source"] == "library"
    national = [d for d in shown["days"] if d["name"] == "国庆节"]
    assert [d["date"] for d in national] == ["2026-09-20", *(f"2026-10-0{n}" for n in range(1, 8)),
                                             "2026-10-10"]
    assert calendar.show(2027)["source"] == "provisional"
    assert [d["date"] for d in calendar.show(2027)["days"]] == [
        "2027-01-01", "2027-05-01", "2027-10-01", "2027-10-02", "2027-10-03"]
    calendar.import_text(admin, CAL_2027, "2027.toml")
    deadlines.set_override(admin, date(2027, 1, 8), False, "盘点")
    shown = calendar.show(2027)
    assert shown["source"] == "import" and shown["imported_by"] == admin.name
    by_day = {d["date"]: d for d in shown["days"]}
    assert by_day["2027-01-04"] == {"date": "2027-01-04", "workday": False, "source": "import",
                                    "name": "元旦", "name_en": "New Year's Day"}
    assert by_day["2027-01-09"]["workday"] is True
    assert by_day["2027-01-08"]["source"] == "override" and by_day["2027-01-08"]["name"] == "盘点"
    assert "2027-10-01" not in by_day                     # the file rules the whole year
    lines = calendar.show_lines(2027, "en")
    assert lines[0].startswith("2027 calendar: imported year calendar")
    assert "2027-01-08\tday off\t盘点\tadministrator's override" in lines
    # The shipped 2026 file can be imported over the library: the same days, now "import".
    done = calendar.import_file(admin, SHIPPED)
    assert done.changed == [] and calendar.show(2026)["source"] == "import"
    assert {d["date"] for d in calendar.show(2026)["days"]} == {d["date"] for d in national} | {
        d["date"] for d in calendar.show(2026)["days"] if d["name"] != "国庆节"}


def test_the_missing_year_warning(hall):
    assert calendar.missing_year(date(2026, 10, 31)) is None
    assert calendar.missing_year(date(2026, 11, 1)) == 2027
    assert calendar.missing_year(date(2027, 3, 1)) == 2027     # a year in use nobody entered
    assert "2027" in calendar.missing_warning(date(2026, 12, 6), "zh")
    assert calendar.missing_warning(date(2026, 6, 1)) == ""
    calendar.import_text(hall["admin"], CAL_2027)
    assert calendar.missing_year(date(2026, 12, 6)) is None
    assert calendar.missing_year(date(2027, 11, 2)) == 2028


def test_a_case_settled_on_the_spot_needs_no_callback(hall):
    clerk = hall["liuyang"]
    ticket = register(clerk, "complaint", datetime(2026, 9, 30, 18, 0))
    with clock(lambda: datetime(2026, 9, 30, 18, 5)):
        ticket = lifecycle.act(clerk, ticket.id, ticket.version, "settle_on_spot",
                               {"reply_content": "已当场解释说明，客户表示理解。"})
    assert callbacks.due_of(tickets.get(ticket.id), datetime(2026, 9, 30, 18, 6)) is None
    assert ticket.number not in {d.number for d in callbacks.worklist(datetime(2026, 9, 30, 18, 6))}
    # A policy without the settlement in the callback's met_by: due the next working day.
    text = deadlines.policy_text().replace('met_by = ["called_back", "settled_on_spot"]',
                                           'met_by = "called_back"')
    deadlines.save_policy(hall["admin"], text)
    due = callbacks.due_of(Ticket.get_by_id(ticket.id), datetime(2026, 9, 30, 18, 6))
    assert due.due == datetime(2026, 10, 8, 17, 30) and not due.overdue(datetime(2026, 9, 30, 18, 6))


# --------------------------------------------------------------------------- command line

@pytest.fixture
def cli(tmp_path, monkeypatch):
    monkeypatch.setenv("HALL_DESK_PIN", "123456")
    db = tmp_path / "cli.sqlite3"

    def call(*args: str) -> int:
        # `calendar import` is an administrator's: the calls log in as one
        login = ["--user", "adm"] if "import" in args else []
        try:
            return run(["--db", str(db), *login, *args])
        finally:
            close_database()
    assert call("--counter", "C1", "init", "--hall", "厅", "--admin-name", "管",
                "--admin-login", "adm", "--admin-pin", "123456") == 0
    return call


def test_cli_sla_moves_and_marks_provisional(cli, capsys):
    capsys.readouterr()
    assert cli("sla", "--kind", "complaint", "--received", "2026-09-30 16:00") == 0
    reply = {r["rule"]: r for r in json.loads(capsys.readouterr().out)}["reply"]
    assert (reply["due"], reply["moved_from"]) == ("2026-10-08T17:30", "2026-10-05")
    assert reply["moved_reason"] == "原到期日 2026-10-05 为国庆节假日，顺延至 2026-10-08"
    assert cli("sla", "--kind", "suggestion", "--received", "2026-12-28 10:00") == 0
    out = json.loads(capsys.readouterr().out)
    assert out == [{"rule": "suggestion_feedback", "label": "建议反馈", "due": "2027-01-05T17:30",
                    "unit": "working_days", "agreed": False, "provisional": True,
                    "moved_from": None, "moved_reason": ""}]


def test_cli_calendar_import_and_show(cli, capsys, tmp_path):
    capsys.readouterr()
    with clock(lambda: datetime(2026, 12, 6, 10, 0)):
        assert cli("--lang", "en", "calendar", "show", "--year", "2027") == 0
    captured = capsys.readouterr()
    assert captured.err.startswith("warning: The 2027 holidays")
    assert captured.out.splitlines()[0] == "2027 calendar: provisional (weekends and fixed-date holidays)"

    bad = tmp_path / "bad.toml"
    bad.write_text(CAL_2027.replace("2027-01-09", "2027-01-06"), encoding="utf-8")
    assert cli("calendar", "import", str(bad)) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "第8行" in err and "周三" in err
    assert cli("calendar", "import", str(tmp_path / "missing.toml")) == 2
    assert "missing.toml" in capsys.readouterr().err

    good = tmp_path / "2027.toml"
    good.write_text(CAL_2027, encoding="utf-8")
    assert cli("calendar", "import", str(good)) == 0
    assert capsys.readouterr().out.startswith("已导入2027年日历（4天假期，1天调休上班）")
    with clock(lambda: datetime(2026, 12, 6, 10, 0)):
        assert cli("calendar", "show", "--year", "2027", "--json") == 0
    captured = capsys.readouterr()
    assert captured.err == ""                           # 2027 is there now: no warning
    shown = json.loads(captured.out)
    assert shown["source"] == "import" and shown["file"] == "2027.toml"
    assert cli("sla", "--kind", "suggestion", "--received", "2026-12-28 10:00") == 0
    out = json.loads(capsys.readouterr().out)[0]
    assert (out["due"], out["provisional"]) == ("2027-01-06T17:30", False)
