"""业务类型 in the statistics: counts and on-time per business type, named never coded, in
the overview, its tables (page, CSV) and the printed report."""

from __future__ import annotations

import csv
import io
from datetime import date

from pypdf import PdfReader

from hall_desk.services import export, statistics, tickets

REQUEST = {"kind": "request", "customer_name": "赵六", "phone": "13800002222",
           "content": "办理业务", "demand": "办理"}


def test_counts_and_on_time_by_business_type(hall, tmp_path):
    clerk = hall["liuyang"]
    for business in ("transfer", "transfer", "refund", "光伏并网", ""):
        tickets.register(clerk, {**REQUEST, "business_type": business})
    f = statistics.filter_of(date.today(), date.today())
    figures = statistics.overview(hall["wangli"], f, lang="zh")
    rows = {b["label"]: b for b in figures["by_business"]}
    assert [b["label"] for b in figures["by_business"]] == ["过户", "电费退补", "光伏并网",
                                                           "未填业务类型"]
    assert rows["过户"]["count"] == 2 and rows["电费退补"]["count"] == 1
    assert all(b["late"] == b["overdue"] == 0 for b in figures["by_business"])  # all just in

    table = next(t for t in statistics.tables(figures, "zh") if t.key == "by_business")
    assert table.rows[0][:2] == ["过户", 2] and len(table.rows[0]) == len(table.header)
    target = tmp_path / "stats.csv"
    export.export_statistics(hall["wangli"], f, "csv", target)
    text = target.read_text("utf-8-sig")
    assert "按业务类型" in text and "过户" in text and "transfer" not in text
    assert any(r[:2] == ["过户", "2"] for r in csv.reader(io.StringIO(text)))
    pdf = statistics.report_pdf(hall["wangli"], f)
    words = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "按业务类型" in words and "过户" in words and "transfer" not in words
