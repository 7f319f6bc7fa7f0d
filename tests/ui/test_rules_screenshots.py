"""What the rules of issue 17 look like to a person: an unassigned complaint escalated by the
24-hour limit, a limit moved off a holiday and a provisional date past the known calendar in
the ticket detail, and a two-round record sheet.

The pictures go to the test's temp folder; with ``HALL_DESK_SCREENSHOTS=1`` they replace
``docs/screenshot-escalated.png``, ``docs/screenshot-provisional.png`` and
``docs/pdf-record-two-rounds.png`` (under ``xvfb-run`` with ``QT_QPA_PLATFORM=xcb``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from hall_desk.services import lifecycle, printing, tickets
from hall_desk.services.context import clock
from hall_desk.store.models import Ticket

DOCS = Path(__file__).resolve().parents[2] / "docs"
T0 = datetime(2026, 11, 2, 9, 0)          # a Monday


@pytest.fixture
def out_dir(tmp_path) -> Path:
    return DOCS if os.environ.get("HALL_DESK_SCREENSHOTS") == "1" else tmp_path


def grab(widget, path: Path) -> None:
    QApplication.processEvents()
    image = widget.grab()
    assert not image.isNull() and image.save(str(path))


def table_texts(table) -> list[list[str]]:
    return [[table.item(r, c).text() if table.item(r, c) else ""
             for c in range(table.columnCount())] for r in range(table.rowCount())]


def register(hall, received: datetime, **extra):
    data = {"kind": "complaint", "channel": "walk-in", "category": "price_charges",
            "customer_name": "周建国", "phone": "13911112222",
            "content": "十月电费比九月高出一倍，家中用电情况没有变化，怀疑电表走快。",
            "demand": "核查电表并退还多收的电费", "confirmed_by_customer": True, **extra}
    with clock(lambda: received):
        return tickets.register(hall["liuyang"], data, received_at=received)


def test_an_unassigned_complaint_escalated_at_the_lapse(hall, open_detail, out_dir):
    ticket = register(hall, T0)
    noticed = T0 + timedelta(hours=25, minutes=10)
    with clock(lambda: noticed):
        assert lifecycle.escalate_overdue() == [ticket.number]
        dialog = open_detail(hall["wangli"], ticket.id)
        dialog.resize(1240, 760)
        rows = table_texts(dialog.history_table)
        grab(dialog, out_dir / "screenshot-escalated.png")
    assert Ticket.get_by_id(ticket.id).escalated_at == T0 + timedelta(hours=24)
    escalated = [r for r in rows if "上报" in " ".join(r)]
    assert escalated, rows
    assert any("2026-11-03 09:00" in " ".join(r) for r in escalated), escalated


def test_moved_and_provisional_limits_in_the_detail(hall, open_detail, out_dir):
    received = datetime(2026, 12, 28, 10, 0)
    with clock(lambda: received):
        ticket = tickets.register(hall["liuyang"], {
            "kind": "suggestion", "channel": "walk-in", "category": "service_quality",
            "customer_name": "陈晓", "phone": "13700001111",
            "content": "建议营业厅增设一台自助缴费机，月底排队时间太长。"}, received_at=received)
    with clock(lambda: datetime(2026, 12, 28, 10, 5)):
        dialog = open_detail(hall["liuyang"], ticket.id)
        dialog.resize(1240, 760)
        rows = table_texts(dialog.deadline_table)
        grab(dialog, out_dir / "screenshot-provisional.png")
    shown = " ".join(" ".join(r) for r in rows)
    assert "2027-01-05" in shown and "暂定" in shown, rows


def _walk(hall, ticket, steps):
    for moment, login, action, data in steps:
        with clock(lambda: moment):
            ticket = lifecycle.act(hall[login], ticket.id, ticket.version, action, data)
    return ticket


def test_a_two_round_record_sheet(hall, out_dir, tmp_path):
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    t = register(hall, T0)
    m = lambda minutes: T0 + timedelta(minutes=minutes)  # noqa: E731
    t = _walk(hall, t, [
        (m(2), "wangli", "judge_valid", {"reason": "电费异常属实，需核查"}),
        (m(6), "wangli", "assign", {"department": "OPS", "handler_a": "sunhao"}),
        (m(60), "sunhao", "analyse", {"cause_class": "product", "cause_analysis": "电表计量偏差"}),
        (m(90), "sunhao", "propose", {"solution": "校验电表并退还多收电费"}),
        (m(120), "wangli", "approve", {"instruction": "同意，三日内退费"}),
        (m(300), "sunhao", "implement", {"implementation": "已校验，退费120元"}),
        (m(310), "zhaoqiang", "review", {"review_note": "退费凭证已核"}),
        (m(320), "liuyang", "reply", {"reply_method": "phone", "reply_content": "已电话告知退费结果"}),
        (m(400), "liuyang", "callback", {"satisfaction": "dissatisfied",
                                         "customer_words": "只退了一个月，九月也多收了"}),
        (m(500), "sunhao", "analyse", {"cause_class": "management",
                                       "cause_analysis": "退费少算一个月"}),
        (m(520), "sunhao", "propose", {"solution": "补退九月多收的电费"}),
    ])
    with clock(lambda: m(600)):
        pdf = printing.sheet(hall["wangli"], t.id, "record")
    path = tmp_path / "record-two-rounds.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(path),
                    str(out_dir / "pdf-record-two-rounds")], check=True, timeout=60)
    assert (out_dir / "pdf-record-two-rounds.png").stat().st_size > 10_000
