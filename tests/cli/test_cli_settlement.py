"""hall-desk agreement, payment and case mark on a real file: the records of a settled
complaint typed on the command line, --json output, one clear line and status 2 for bad
input, nothing written then."""

from __future__ import annotations

import json

import pytest

from hall_desk.core.enums import Role
from hall_desk.services import agreements, demo, lifecycle
from hall_desk.services.context import Actor
from hall_desk.store.models import Staff, Ticket, TicketEvent
from tests.cli_helpers import cli, one_clear_line
from tests.services.test_agreements import CLOSE, PLAN, at, complaint, walk

SUPERVISOR = ("--user", "wangli")


@pytest.fixture
def planned(db_path, monkeypatch):
    """A complaint whose plan (200 yuan by transfer) is approved, and 王丽's PIN."""
    demo.ensure_demo_hall()
    hall = {s.login: Actor(s.id, s.name, Role(s.role), demo.DEMO_COUNTER, s.login)
            for s in Staff.select()}
    t = walk(hall, complaint(hall), PLAN)
    monkeypatch.setenv("HALL_DESK_PIN", "111111")              # 王丽
    return db_path, hall, t


def events(ticket_id: int, action: str) -> int:
    return TicketEvent.select().where((TicketEvent.ticket == ticket_id)
                                      & (TicketEvent.action == action)).count()


def test_agreement_payment_and_typical_case_from_the_command_line(planned, capsys):
    path, hall, t = planned
    code, out, err = cli(capsys, "--db", str(path), *SUPERVISOR, "agreement", t.number,
                         "--terms", "营业厅致歉并补偿二百元", "--hall-undertakes", "三日内转账",
                         "--customer-undertakes", "撤回投诉", "--json")
    assert code == 0, err
    shown = json.loads(out)
    assert shown["terms"] == "营业厅致歉并补偿二百元" and shown["by"] == "王丽"
    assert shown["amount"] == "200.00" and shown["method"] == "转账"      # the plan's
    assert agreements.agreement_of(t.id)["hall_undertakes"] == "三日内转账"

    code, out, err = cli(capsys, "--db", str(path), *SUPERVISOR, "payment", t.number,
                         "--amount", "200", "--method", "银行转账", "--paid-on", "2026-11-04",
                         "--paid-by", "孙浩", "--voucher", "TX-1")
    assert code == 0, err
    assert t.number in out and "补偿支付已登记" in out
    paid = agreements.payments_of(t.id)
    assert [(p["amount"], p["method"], p["paid_on"], p["paid_by"], p["voucher"])
            for p in paid] == [("200.00", "银行转账", "2026-11-04", "孙浩", "TX-1")]

    t = walk(hall, Ticket.get_by_id(t.id), CLOSE)
    with at(400):
        lifecycle.act(hall["wangli"], t.id, t.version, "archive", {"summary": "满意"})
    code, out, err = cli(capsys, "--db", str(path), *SUPERVISOR, "case", "mark",
                         t.number.lower(), "--title", "卡号办错", "--lesson", "先核对卡号",
                         "--json")
    assert code == 0, err
    assert {k: json.loads(out)[k] for k in ("title", "lesson")} == \
        {"title": "卡号办错", "lesson": "先核对卡号"}
    assert agreements.typical_of(t.id)["lesson"] == "先核对卡号"


def test_bad_input_is_one_line_naming_the_option_and_writes_nothing(planned, capsys,
                                                                    monkeypatch):
    path, hall, t = planned
    code, _, err = cli(capsys, "--db", str(path), *SUPERVISOR, "agreement", t.number,
                       "--hall-undertakes", "三日内转账", "--amount", "-5")
    line = one_clear_line(err)
    assert code == 2 and "--terms" in line and "--amount" in line
    code, _, err = cli(capsys, "--db", str(path), *SUPERVISOR, "payment", t.number,
                       "--amount", "abc", "--paid-on", "2026-13-01")
    line = one_clear_line(err)
    assert code == 2 and "--amount" in line and "--method" in line and "--paid-on" in line
    code, _, err = cli(capsys, "--db", str(path), *SUPERVISOR, "payment", t.number,
                       "--amount", "10", "--method", "现金", "--paid-on", "2999-01-01")
    assert code == 2 and "--paid-on" in one_clear_line(err)
    code, _, err = cli(capsys, "--db", str(path), *SUPERVISOR, "case", "mark", t.number,
                       "--title", "标题", "--lesson", "教训")
    assert code == 2 and "尚未归档" in one_clear_line(err)
    code, _, err = cli(capsys, "--db", str(path), *SUPERVISOR, "payment", "T-NOPE",
                       "--amount", "1", "--method", "现金")
    assert code == 2 and "T-NOPE" in one_clear_line(err)
    monkeypatch.setenv("HALL_DESK_PIN", "3333")               # 刘洋, counter staff
    code, _, err = cli(capsys, "--db", str(path), "--user", "liuyang", "case", "mark",
                       t.number, "--title", "标题", "--lesson", "教训")
    assert code == 2 and "无权" in one_clear_line(err)
    assert (events(t.id, "agreement"), events(t.id, "compensation_paid"),
            events(t.id, "typical")) == (0, 0, 0)
