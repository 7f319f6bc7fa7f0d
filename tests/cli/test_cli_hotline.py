"""``hall-desk hotline import`` and ``export``: the report of a portal's list (text and
JSON), bad rows one line each on stderr with exit 2, a re-import that registers nothing,
the reply file, and bad input as one clear line."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime, timedelta

import pytest

from hall_desk.cli import run
from hall_desk.store.connection import close_database
from tests.cli_helpers import one_clear_line

PINS = {"wangli": "111111", "liuyang": "3333"}
HEADER = ["工单号", "来电时间", "诉求人", "来电号码", "诉求地址", "诉求内容", "诉求目的", "办结时限"]


@pytest.fixture
def cli(tmp_path, capsys, monkeypatch):
    db = tmp_path / "hall.sqlite3"

    def call(*args: str, user: str | None = "liuyang"):
        login = ["--user", user] if user else []       # None: the system actor
        if user:
            monkeypatch.setenv("HALL_DESK_PIN", PINS[user])
        capsys.readouterr()
        try:
            code = run(["--db", str(db), "--counter", "A1", *login, *args])
        finally:
            close_database()
        out = capsys.readouterr()
        return code, out.out, out.err

    monkeypatch.delenv("HALL_DESK_PIN", raising=False)
    assert run(["--db", str(db), "--counter", "A1", "demo", "--tickets", "0"]) == 0
    close_database()
    return call


@pytest.fixture
def portal_list(tmp_path):
    at = datetime.now() - timedelta(hours=3)
    fmt = lambda d: d.strftime("%Y/%m/%d %H:%M")  # noqa: E731  (the 12345 platform's times)
    rows = [["GD-0001", fmt(at), "李四", "13800138001", "城东路2号", "路灯不亮", "维修",
             fmt(at + timedelta(days=5))],
            ["GD-0002", fmt(at), "王五", "13800138002", "城东路3号", "", "解释",
             fmt(at + timedelta(days=5))],
            ["GD 0003", fmt(at), "赵六", "13800138003", "城东路4号", "噪音", "处理", ""]]
    path = tmp_path / "12345.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([HEADER, *rows])
    return path


def test_import_reports_each_row_and_exits_2_for_bad_ones(cli, portal_list):
    code, out, err = cli("hotline", "import", str(portal_list), "--mapping", "12345", "--dry-run")
    assert code == 2
    assert out.splitlines() == ["第2行：可登记（热线工单号 GD-0001）"]
    assert err.splitlines() == ["第3行：事由：事由不能为空",
                                "第4行：热线工单号：热线工单号只能包含字母、数字和 - _ . /，且以字母或数字开头"]
    code, out, err = cli("hotline", "import", str(portal_list), "--mapping", "12345")
    assert code == 2 and out.startswith("第2行：已登记 SQ-")
    number = out.split()[1].split("（")[0]
    code, out, _ = cli("show", number, "--json")
    shown = json.loads(out)
    assert (shown["hotline_source"], shown["hotline_number"]) == ("12345", "GD-0001")
    assert shown["deadlines"][-1]["rule"] == "hotline"
    code, out, _ = cli("hotline", "import", str(portal_list), "--mapping", "12345", "--json")
    report = json.loads(out)
    assert report["registered"] == [] and report["skipped"] == [
        {"row": 2, "hotline_number": "GD-0001", "ticket": number}]
    assert [b["row"] for b in report["bad"]] == [3, 4]
    assert cli("audit", "verify")[0] == 0


def test_export_writes_the_replies_for_upload(cli, portal_list, tmp_path):
    cli("hotline", "import", str(portal_list), "--mapping", "12345")
    today = date.today().isoformat()
    target = tmp_path / "replies.xlsx"
    code, out, _ = cli("hotline", "export", "--mapping", "12345", "--from", today, "--to", today,
                       "-o", str(target), user="wangli")
    assert code == 0 and out.strip() == f"已导出1条回复：{target}"
    import openpyxl

    sheet = openpyxl.load_workbook(target).worksheets[0]
    assert [c.value for c in sheet[2]][1:3] == ["GD-0001", "已登记"]


@pytest.mark.parametrize("args, words", [
    (("hotline", "import", "{list}", "--mapping", "110"), "没有名为“110”的列映射"),
    (("hotline", "import", "{missing}", "--mapping", "12345"), "无法读取"),
    (("hotline", "import", "{list}", "--mapping", "95598"), "文件缺少列映射“95598”所需的列"),
    (("hotline", "export", "--mapping", "12345", "--from", "2026-13-01", "--to", "2026-12-01",
      "-o", "{out}"), "--from"),
    (("hotline", "export", "--mapping", "12345", "--from", "2026-12-02", "--to", "2026-12-01",
      "-o", "{out}"), "开始日期不能晚于结束日期"),
    (("hotline", "export", "--mapping", "12345", "--from", "2026-12-01", "--to", "2026-12-01",
      "-o", "{txt}"), "xlsx"),
])
def test_bad_input_is_one_clear_line(cli, portal_list, tmp_path, args, words):
    fill = {"list": str(portal_list), "missing": str(tmp_path / "none.csv"),
            "out": str(tmp_path / "r.csv"), "txt": str(tmp_path / "r.txt")}
    code, out, err = cli(*[a.format(**fill) for a in args], user="wangli")
    assert code == 2, (out, err)
    assert words in one_clear_line(err)
