"""The statistics dashboard with pytest-qt: figures on the known data set, a chart flipped to
its table with a click, the staff table for supervisors only, a bad range at the field, the
exports through the page; and its screenshot on the demo hall (docs/screenshot-statistics.png
with HALL_DESK_SCREENSHOTS=1)."""

from __future__ import annotations

import os
import subprocess
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication
from statistics_data import NOW, build

from hall_desk import config
from hall_desk.services import demo
from hall_desk.services.context import clock
from hall_desk.store.models import AccessLog
from hall_desk.ui import dialogs
from hall_desk.ui.pages import PageContext, page
from hall_desk.ui.pages.statistics_page import StatisticsPage

DOCS = Path(__file__).resolve().parents[2] / "docs"


def open_page(qtbot, actor, at=NOW) -> StatisticsPage:
    with clock(lambda: at):
        widget = page("statistics").factory(PageContext(actor, config.LocalConfig()))
    qtbot.addWidget(widget)
    widget.resize(1280, 1000)
    widget.show()
    return widget


def set_range(p: StatisticsPage, first: date, last: date) -> None:
    p.date_from.setDate(QDate(first.year, first.month, first.day))
    p.date_to.setDate(QDate(last.year, last.month, last.day))


def cell_texts(table):
    return [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def test_dashboard_shows_the_figures_and_a_table_one_click_away(qtbot, hall):
    build(hall)
    p = open_page(qtbot, hall["wangli"])
    assert isinstance(p, StatisticsPage)
    set_range(p, date(2026, 11, 2), date(2026, 11, 8))
    with clock(lambda: NOW):
        qtbot.mouseClick(p.refresh_button, Qt.MouseButton.LeftButton)
    assert p.tiles["total"].text() == "6"
    assert p.tiles["open_now"].text() == "4" and p.tiles["overdue_now"].text() == "3"
    assert p.tiles["satisfaction"].text() == "75.0%"
    card = p.cards["by_kind"]
    assert card.stack.currentWidget() is card.view and card.view.chart().series()
    qtbot.mouseClick(card.toggle, Qt.MouseButton.LeftButton)
    assert card.stack.currentWidget() is card.table
    rows = {r[0]: r[1:] for r in cell_texts(card.table)}
    assert rows["投诉"] == ["4", "66.7%"] and rows["咨询"] == ["1", "16.7%"]
    qtbot.mouseClick(card.toggle, Qt.MouseButton.LeftButton)
    assert card.stack.currentWidget() is card.view
    on_time = {r[0]: r[1:] for r in cell_texts(p.cards["on_time"].table)}
    assert on_time["转派责任部门（首报）"] == ["1", "2", "1", "0", "25.0%"]
    staff = {r[0]: r for r in cell_texts(p.staff_table)}
    assert staff["孙浩"][2] == "2" and staff["孙浩"][3] == "93.8%"


def test_counter_staff_see_no_staff_table(qtbot, hall):
    p = open_page(qtbot, hall["liuyang"])
    assert p.staff_table is None and "staff" not in p.figures


def test_bad_range_is_said_at_the_field(qtbot, hall):
    p = open_page(qtbot, hall["wangli"])
    set_range(p, date(2026, 11, 9), date(2026, 11, 8))
    qtbot.mouseClick(p.refresh_button, Qt.MouseButton.LeftButton)
    assert p.range_error.isVisible() and "开始日期不能晚于结束日期" in p.range_error.text()
    assert p.date_from.date() == QDate(2026, 11, 9)               # what was chosen is kept
    set_range(p, date(2026, 11, 2), date(2026, 11, 8))
    qtbot.mouseClick(p.refresh_button, Qt.MouseButton.LeftButton)
    assert not p.range_error.isVisible()


def test_exports_from_the_page(qtbot, hall, tmp_path, monkeypatch):
    build(hall)
    p = open_page(qtbot, hall["wangli"])
    set_range(p, date(2026, 11, 2), date(2026, 11, 8))
    said = []
    monkeypatch.setattr(dialogs, "info", lambda parent, text, **kw: said.append(text))
    monkeypatch.setattr(p, "ask_save_path", lambda suggested, kinds: str(tmp_path / "台账"))
    qtbot.mouseClick(p.export_ledger_button, Qt.MouseButton.LeftButton)
    assert openpyxl.load_workbook(tmp_path / "台账.xlsx").active.max_row == 7
    monkeypatch.setattr(p, "ask_save_path", lambda suggested, kinds: str(tmp_path / "t.csv"))
    qtbot.mouseClick(p.export_tables_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "t.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    monkeypatch.setattr(p, "ask_save_path", lambda suggested, kinds: str(tmp_path / "r.pdf"))
    qtbot.mouseClick(p.report_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    assert len(said) == 3 and AccessLog.select().where(AccessLog.action == "export").count() == 2
    monkeypatch.setattr(p, "ask_save_path", lambda suggested, kinds: "")   # cancelled
    qtbot.mouseClick(p.export_ledger_button, Qt.MouseButton.LeftButton)
    assert len(said) == 3


@pytest.fixture
def out_dir(tmp_path) -> Path:
    return DOCS if os.environ.get("HALL_DESK_SCREENSHOTS") == "1" else tmp_path


def crowd(hall, today: datetime) -> None:
    """Complaints with a business type and a 投诉对象 (the demo hall has none), so that
    those charts of the screenshot are full too."""
    from datetime import timedelta

    from hall_desk.services import lifecycle

    targets = [{"target_kind": "staff", "target_staff": "chenjing"},
               {"target_kind": "staff", "target_staff": "sunhao"},
               {"target_kind": "department", "target_department": "CS"},
               {"target_kind": "other", "target_text": "物业公司"}, {}]
    kinds = ["new_connection", "transfer", "capacity_change", "tariff_change", "refund", "其他"]
    for n in range(36):
        at = today - timedelta(days=n % 27, hours=n % 5)
        with clock(lambda: at):
            lifecycle.register(hall["liuyang"], {
                "kind": "complaint", "customer_name": f"客户{n:02d}",
                "phone": f"1391234{n:04d}", "content": "办理业务等候过久。", "demand": "改进。",
                "business_type": kinds[n % len(kinds)], **targets[n % len(targets)]})


def test_screenshot_of_the_dashboard(qtbot, hall, out_dir, tmp_path):
    today = datetime(2026, 11, 23, 15, 0)
    with clock(lambda: today):      # the docs' picture wants a month's hall; a check, less
        demo.fill(250 if out_dir == DOCS else 40, today=today)
    crowd(hall, today)
    p = open_page(qtbot, hall["wangli"], at=today)
    p.resize(1280, 2150)
    QApplication.processEvents()
    assert p.figures["total"] > 0 and p.warning_banner.isVisible()
    image = p.grab()
    assert not image.isNull() and image.save(str(out_dir / "screenshot-statistics.png"))
    with clock(lambda: today):
        from hall_desk.services import statistics

        pdf = statistics.report_pdf(hall["wangli"], p.current_filter(), at=today)
    (tmp_path / "statistics-report.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile",
                    str(tmp_path / "statistics-report.pdf"), str(out_dir / "pdf-statistics")],
                   check=True)
