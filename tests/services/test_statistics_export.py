"""Exports and the statistics report on the known data set (see test_statistics_service):
files opened back with openpyxl and the csv module, masking by role, the access log, atomic
writes; the command line's stats / export / pdf stats."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime

import openpyxl
import pytest

from hall_desk.cli import run
from hall_desk.core.errors import HallError, PermissionDenied, ValidationError
from hall_desk.services import export, statistics, tickets
from hall_desk.services.context import clock, system_actor
from hall_desk.store.connection import close_database
from hall_desk.store.models import AccessLog

from pdf_helpers import page_texts, squash
from statistics_data import NOW, RANGE, build


@pytest.fixture
def known(hall):
    return build(hall)


def anonymous_ticket(hall):
    moment = datetime(2026, 11, 4, 10, 0)
    with clock(lambda: moment):
        return tickets.register(hall["liuyang"], {
            "kind": "report", "channel": "phone", "customer_name": "钱七", "phone": "13911112222",
            "content": "=HYPERLINK(\"http://x\")", "demand": "查处", "category": "其他",
            "anonymous": True}, received_at=moment)


def read_csv(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")                       # the BOM Excel needs
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_ledger_xlsx_masked_for_counter_staff(known, tmp_path):
    anonymous_ticket(known)
    path = tmp_path / "ledger.xlsx"
    with clock(lambda: NOW):
        n = export.export_ledger(known["liuyang"], RANGE, "xlsx", path)
    assert n == 7
    book = openpyxl.load_workbook(path)
    sheet = book.active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows[0][:6] == ["工单编号", "受理时间", "类型", "渠道", "类别", "客户"]
    assert len(rows) == 1 + 7
    assert sheet["A1"].font.b and sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["H"].width == 48
    by_number = {r[0]: dict(zip(rows[0], r)) for r in rows[1:]}
    first = rows[1]
    assert first[5] == "李*" and first[6] == "139 **** 5678"      # masked
    anon = next(r for r in by_number.values() if r["类型"] == "举报")
    assert anon["客户"] == "（匿名）" and not anon["联系电话"]
    assert anon["事由"].startswith("=HYPERLINK")                  # text, not a formula
    assert sheet.cell(row=list(by_number).index(anon["工单编号"]) + 2, column=8).data_type == "s"
    assert not list(tmp_path.glob("*.part"))
    log = AccessLog.select().where(AccessLog.action == "export").get()
    assert log.staff_id == known["liuyang"].staff_id
    assert "投诉台账" in log.reason and "2026-11-02" in log.reason and "7行" in log.reason
    assert "脱敏" in log.reason


def test_ledger_xlsx_prints_as_it_opens(known, tmp_path):
    """Landscape A4, every column on one page wide, the header row on every page, an
    autofilter over header and rows, the header frozen, page numbers in the footer."""
    path = tmp_path / "ledger.xlsx"
    with clock(lambda: NOW):
        assert export.export_ledger(known["wangli"], RANGE, "xlsx", path) == 6
    sheet = openpyxl.load_workbook(path).active
    setup = sheet.page_setup
    assert setup.orientation == "landscape" and str(setup.paperSize) == sheet.PAPERSIZE_A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.auto_filter.ref == f"A1:T{1 + 6}" == f"A1:{sheet.cell(1, 20).column_letter}7"
    assert sheet.max_column == len(export.LEDGER_COLUMNS) == 20
    assert sheet.freeze_panes == "A2"
    assert "&P" in sheet.oddFooter.center.text and "&N" in sheet.oddFooter.center.text
    assert sheet.oddHeader.center.text == "投诉台账"


def test_ledger_names_category_and_department_in_its_language(known, tmp_path):
    dep, cat = export.LEDGER_COLUMNS.index("department"), export.LEDGER_COLUMNS.index("category")
    found = {}
    for lang in ("zh", "en"):
        with clock(lambda: NOW):
            export.export_ledger(known["wangli"], RANGE, "csv", tmp_path / f"{lang}.csv",
                                 lang=lang)
        rows = read_csv(tmp_path / f"{lang}.csv")[1:]
        found[lang] = ({r[dep] for r in rows} - {""}, {r[cat] for r in rows} - {""})
    assert found["zh"][0] == {"运行维护部", "客户服务部"} and "服务质量" in found["zh"][1]
    assert found["en"][0] == {"Operations & maintenance", "Customer service"}
    assert "Service quality" in found["en"][1]


def test_a_narrow_statistics_sheet_prints_portrait_and_filters_its_header(known, tmp_path):
    with clock(lambda: NOW):
        export.export_statistics(known["wangli"], RANGE, "xlsx", tmp_path / "s.xlsx")
    book = openpyxl.load_workbook(tmp_path / "s.xlsx")
    first = book.worksheets[0]                        # the range: two columns
    assert first.page_setup.orientation == "portrait"
    assert first.auto_filter.ref == "A1:B4"
    for sheet in book.worksheets:
        assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
        assert sheet.print_title_rows == "$1:$1"


def test_ledger_csv_unmasked_for_supervisor_but_never_anonymous(known, tmp_path):
    anonymous_ticket(known)
    path = tmp_path / "ledger.csv"
    export.export_ledger(known["wangli"], RANGE, "csv", path)
    rows = read_csv(path)
    assert rows[0][0] == "工单编号" and len(rows) == 1 + 7
    assert rows[1][5] == "李四" and rows[1][6] == "139 1234 5678"
    anon = next(r for r in rows[1:] if r[2] == "举报")
    assert anon[5] == "（匿名）" and anon[6] == ""
    assert anon[7].startswith("'=")                               # no formula in Excel
    assert "钱七" not in path.read_text(encoding="utf-8-sig")
    assert AccessLog.select().where(AccessLog.action == "export").count() == 1


def test_statistics_tables_xlsx_and_csv(known, tmp_path):
    with clock(lambda: NOW):
        # 14 tables: the three of 业务类型 and 投诉对象 among them
        assert export.export_statistics(known["wangli"], RANGE, "xlsx", tmp_path / "s.xlsx") == 14
        export.export_statistics(known["liuyang"], RANGE, "csv", tmp_path / "s.csv")
    book = openpyxl.load_workbook(tmp_path / "s.xlsx")
    assert book.sheetnames[:3] == ["统计报表", "概况", "按类型"] and "人员考核" in book.sheetnames
    summary = {r[0].value: r[1].value for r in book["概况"].iter_rows(min_row=2)}
    assert summary["受理总数"] == 6 and summary["回访满意率（含基本满意）"] == "75.0%"
    kinds = {r[0].value: r[1].value for r in book["按类型"].iter_rows(min_row=2)}
    assert kinds["投诉"] == 4 and kinds["咨询"] == 1
    rows = read_csv(tmp_path / "s.csv")
    text = "\n".join(",".join(r) for r in rows)
    assert "人员考核" not in text                                 # counter staff: no staff table
    on_time = rows.index(["各时限按时率"])
    assert rows[on_time + 1][:2] == ["时限", "按时"]
    forward = next(r for r in rows[on_time + 2:] if r and r[0].startswith("转派"))
    assert forward[1:] == ["1", "2", "1", "0", "25.0%"]
    assert AccessLog.select().where(AccessLog.action == "export").count() == 2


def test_one_table_only_and_bad_format(known, tmp_path):
    export.export_statistics(known["wangli"], RANGE, "csv", tmp_path / "k.csv", only="by_kind")
    rows = read_csv(tmp_path / "k.csv")
    assert rows[0] == ["按类型"] and rows[1] == ["项目", "件数", "占比"]
    with pytest.raises(ValidationError):
        export.export_ledger(known["wangli"], RANGE, "pdf", tmp_path / "x.pdf")


def test_failed_write_leaves_nothing(known, tmp_path):
    target = tmp_path / "missing" / "ledger.xlsx"
    with pytest.raises(HallError):
        export.export_ledger(known["wangli"], RANGE, "xlsx", target)
    assert not target.exists() and not (tmp_path / "missing").exists()
    assert AccessLog.select().where(AccessLog.action == "export").count() == 0


def test_report_pdf_has_the_figures(known):
    pdf = statistics.report_pdf(known["wangli"], RANGE, at=NOW)
    text = squash("".join(page_texts(pdf)))
    assert "投诉统计分析报告" in text and "2026-11-02至2026-11-08" in text
    assert "受理总数：6件" in text and "人员考核" in text and "按时率" in text


def test_cli_stats_export_and_pdf(known, tmp_path, capsys, monkeypatch):
    from hall_desk.store.connection import is_sqlite

    if not is_sqlite():
        pytest.skip("the command line test runs on the SQLite file")
    db = known["wangli"]  # noqa: F841 - the hall lives in the fixture's database file
    from hall_desk.store.models import db as proxy

    path = proxy.obj.database
    close_database()
    monkeypatch.setenv("HALL_DESK_PIN", "3333")      # 刘洋, counter staff: exports masked

    def cli(*args):
        try:
            return run(["--db", path, "--counter", "A1", "--user", "liuyang", *args])
        finally:
            close_database()

    assert cli("stats", "--from", "2026-11-02", "--to", "2026-11-08", "--json") == 0
    out = json.loads(capsys.readouterr().out)
    assert out["total"] == 6 and "staff" not in out
    assert {i["code"]: i["count"] for i in out["by_kind"]}["complaint"] == 4
    assert cli("export", "--format", "csv", "--from", "2026-11-02", "--to", "2026-11-08",
               "-o", str(tmp_path / "l.csv")) == 0
    rows = read_csv(tmp_path / "l.csv")
    assert len(rows) == 1 + 6 and rows[1][5] == "李*"               # the CLI sees masked data
    assert cli("export", "--format", "xlsx", "--from", "2026-11-02", "--to", "2026-11-08",
               "--department", "OPS", "-o", str(tmp_path / "l.xlsx")) == 0
    assert openpyxl.load_workbook(tmp_path / "l.xlsx").active.max_row == 1 + 2
    assert cli("pdf", "stats", "--from", "2026-11-02", "--to", "2026-11-08",
               "-o", str(tmp_path / "s.pdf")) == 0
    assert (tmp_path / "s.pdf").read_bytes().startswith(b"%PDF")
    capsys.readouterr()
    assert cli("stats", "--from", "2026-11-09", "--to", "2026-11-08") == 2
    assert "开始日期不能晚于结束日期" in capsys.readouterr().err


def test_system_actor_may_not_export(known, tmp_path):
    """The command line without a login is the system actor: no export (issue #16)."""
    for call in (export.export_ledger, export.export_statistics):
        with pytest.raises(PermissionDenied):
            call(system_actor("A1"), RANGE, "csv", tmp_path / "sys.csv")
    assert not (tmp_path / "sys.csv").exists()
    assert not AccessLog.select().where(AccessLog.action == "export").exists()
