"""Hotline work orders through the services: intake, the ticket view and its record dict,
the queue's search, the import of a portal's list (bad rows, dry run, re-import) and the
reply export."""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta

import pytest

from hall_desk.core.errors import HallError, PermissionDenied, ValidationError
from hall_desk.services import hotline, lifecycle, queue, tickets
from hall_desk.services.context import now
from hall_desk.store.models import AccessLog, Ticket

HEADER = ["工单编号", "受理时间", "客户名称", "联系电话", "用电地址", "受理内容", "客户诉求",
          "回复时限", "工单类型", "业务类型"]


def _intake(**extra):
    return {"kind": "complaint", "customer_name": "张三", "phone": "13800138000",
            "content": "电费突增", "demand": "核查", **extra}


def _rows(day: datetime):
    at = day.strftime("%Y-%m-%d %H:%M")
    due = (day + timedelta(days=7)).strftime("%Y-%m-%d %H:%M")
    return [
        ["2026112000201", at, "张三", "13800138000", "城东路1号", "电费突增", "核查", due, "投诉", ""],
        ["2026112000202", at, "李四", "13800138001", "城东路2号", "", "核查", due, "投诉", ""],
        ["2026112000203", at, "王五", "13800138002", "城东路3号", "停电未通知", "解释",
         (day - timedelta(days=1)).strftime("%Y-%m-%d %H:%M"), "意见", ""],
        ["2026112000204", at, "赵六", "13800138003", "城东路4号", "抄表员态度", "道歉", due, "建议", ""],
        ["2026112000201", at, "张三", "13800138000", "城东路1号", "电费突增", "核查", due, "投诉", ""],
        [None] * len(HEADER),
    ]


def _csv(path, rows, header=HEADER):
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows([["" if c is None else c for c in r] for r in rows])
    return path


def _xlsx(path, rows):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for r in rows:
        sheet.append([datetime.strptime(c, "%Y-%m-%d %H:%M") if i in (1, 7) and c else c
                      for i, c in enumerate(r)])
    book.save(path)
    return path


def test_a_ticket_carries_its_work_order_into_the_view_and_the_record(hall):
    due = now().replace(second=0) + timedelta(hours=30)
    made = tickets.register(hall["liuyang"], _intake(hotline_source="95598",
                                                     hotline_number="gd-2026-7",
                                                     hotline_due_at=due))
    view = tickets.describe(made, hall["liuyang"])
    assert (view.hotline_source, view.hotline_number) == ("95598", "GD-2026-7")
    data = view.to_dict()
    assert list(data)[-3:] == ["hotline_source", "hotline_number", "hotline_due_at"]
    assert data["hotline_due_at"] == due.isoformat(timespec="minutes")
    limit = view.deadlines[-1]
    assert (limit.rule, limit.label, limit.state.value) == ("hotline", "热线时限", "open")
    assert [d.rule for d in view.deadlines[:-1]] == [
        d.rule for d in tickets.describe(tickets.register(hall["liuyang"], _intake()),
                                         hall["liuyang"]).deadlines], "beside, not instead"


def test_a_ticket_without_a_work_order_keeps_its_record_dict(hall):
    view = tickets.describe(tickets.register(hall["liuyang"], _intake()), hall["liuyang"])
    data = view.to_dict()
    assert not any(k.startswith("hotline") for k in data)
    assert all(d["rule"] != "hotline" for d in data["deadlines"])


def test_intake_refuses_a_number_without_its_source(hall):
    with pytest.raises(ValidationError) as err:
        tickets.register(hall["liuyang"], _intake(hotline_number="123"))
    assert list(err.value.errors) == ["hotline_source"]
    assert Ticket.select().count() == 0


def test_the_search_finds_the_work_order_whole_or_by_its_tail(hall):
    made = tickets.register(hall["liuyang"], _intake(hotline_source="12345",
                                                     hotline_number="GD/2026/000731"))
    tickets.register(hall["liuyang"], _intake(hotline_source="95598",
                                              hotline_number="2026112000123"))
    find = lambda text: [r.number for r in queue.page(  # noqa: E731
        queue.QueueFilter(search=text, statuses=[]), hall["liuyang"])]
    assert find("GD/2026/000731") == [made.number]
    assert find("gd/2026/000731") == [made.number]
    assert find("000731") == [made.number]
    assert find("/000731") == [made.number]
    assert find("9999") == []
    assert len(find("2026112000123")) == 1


def test_an_import_registers_good_rows_lists_bad_ones_and_skips_repeats(hall, tmp_path):
    path = _csv(tmp_path / "95598.csv", _rows(datetime.now().replace(second=0, microsecond=0)
                                              - timedelta(days=1)))
    dry = hotline.import_file(hall["liuyang"], path, "95598", dry_run=True)
    assert Ticket.select().count() == 0
    assert [(r, h) for r, _, h in dry.registered] == [(2, "2026112000201"), (5, "2026112000204")]
    assert [(r, f) for r, f, _ in dry.bad] == [(3, "事由"), (4, "热线时限")]
    assert dry.bad[1][2] == "热线时限须晚于受理时间"
    assert dry.skipped == [(6, "2026112000201", "第2行")]

    done = hotline.import_file(hall["liuyang"], path, "95598")
    assert [(r, h) for r, _, h in done.registered] == [(2, "2026112000201"), (5, "2026112000204")]
    assert done.bad == dry.bad
    first = Ticket.get(Ticket.hotline_number == "2026112000201")
    assert (first.number, first.hotline_source, first.kind, first.channel) == (
        done.registered[0][1], "95598", "complaint", "phone")
    assert Ticket.get(Ticket.hotline_number == "2026112000204").kind == "suggestion"

    again = hotline.import_file(hall["liuyang"], path, "95598")
    assert again.registered == []
    assert [(r, n) for r, _, n in again.skipped] == [(2, first.number), (5, done.registered[1][1]),
                                                    (6, first.number)]
    assert Ticket.select().count() == 2


def test_an_xlsx_list_reads_its_date_cells(hall, tmp_path):
    day = datetime.now().replace(second=0, microsecond=0) - timedelta(days=2)
    path = _xlsx(tmp_path / "95598.xlsx", _rows(day)[:1])
    report = hotline.import_file(hall["liuyang"], path, "95598")
    assert report.bad == [] and len(report.registered) == 1
    ticket = Ticket.get(Ticket.hotline_number == "2026112000201")
    assert (ticket.received_at, ticket.hotline_due_at) == (day, day + timedelta(days=7))


def test_a_row_that_fails_on_writing_leaves_nothing(hall, tmp_path, monkeypatch):
    path = _csv(tmp_path / "95598.csv", _rows(datetime.now().replace(second=0, microsecond=0)
                                              - timedelta(days=1)))
    real = tickets.register
    calls = []

    def second_fails(actor, data, **kw):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk gone")
        return real(actor, data, **kw)

    monkeypatch.setattr(tickets, "register", second_fails)
    with pytest.raises(RuntimeError):
        hotline.import_file(hall["liuyang"], path, "95598")
    assert Ticket.select().count() == 0


@pytest.mark.parametrize("name, content, key", [
    ("list.txt", "x", "hotline.error.file_format"),
    ("list.csv", "", "hotline.error.file_empty"),
    ("list.xlsx", "not a zip", "hotline.error.file_read"),
    ("list.csv", "工单编号,受理时间\n1,2026-11-20 09:00\n", "hotline.error.columns_missing"),
])
def test_a_file_that_cannot_be_read_is_one_clear_error(hall, tmp_path, name, content, key):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(HallError) as err:
        hotline.import_file(hall["liuyang"], path, "95598")
    assert err.value.key == key


def test_an_unknown_mapping_names_the_mappings_there_are(hall, tmp_path):
    with pytest.raises(HallError) as err:
        hotline.import_file(hall["liuyang"], tmp_path / "x.csv", "110")
    assert "95598" in err.value.message() and "12345" in err.value.message()


def test_the_replies_go_back_in_the_mapping_s_columns(hall, tmp_path):
    import openpyxl

    clerk, boss = hall["liuyang"], hall["wangli"]
    made = tickets.register(clerk, _intake(hotline_source="95598", hotline_number="2026112000201"))
    tickets.register(clerk, _intake(hotline_source="12345", hotline_number="GD-1"))
    tickets.register(clerk, _intake())
    t = lifecycle.act(clerk, made.id, made.version, "settle_on_spot",
                      {"reply_content": "已核查电表，读数无误"})
    today = date.today()
    from hall_desk.core.enums import Role
    from hall_desk.services.context import Actor

    with pytest.raises(PermissionDenied):         # the system actor exports nothing
        hotline.export_replies(Actor(None, "system", Role.SYSTEM, "A1"), "95598", today, today,
                               tmp_path / "r.csv")
    assert hotline.export_replies(boss, "95598", today, today, tmp_path / "r.csv") == 1
    with open(tmp_path / "r.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["营业厅工单号", "工单编号", "处理状态", "回复内容", "回复时间", "回复人"]
    assert rows[1][:4] == [t.number, "2026112000201", rows[1][2], "已核查电表，读数无误"]
    assert rows[1][4] and rows[1][5] == clerk.name
    assert hotline.export_replies(boss, "12345", today, today, tmp_path / "r.xlsx") == 1
    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx").worksheets[0]
    assert [c.value for c in sheet[1]] == ["承办单位编号", "工单号", "办理状态", "办理结果",
                                           "办结时间", "承办人"]
    assert AccessLog.select().where(AccessLog.action == "export").count() == 2
    with pytest.raises(ValidationError):
        hotline.export_replies(boss, "95598", today, today - timedelta(days=1), tmp_path / "r.csv")


def test_a_work_order_s_sheets_verify_and_show_it(hall):
    from hall_desk.services import printing
    from pdf_helpers import page_texts, squash

    made = tickets.register(hall["liuyang"], _intake(hotline_source="12378",
                                                     hotline_number="YB-2026-0042"))
    for sheet in ("record", "receipt"):
        data = printing.sheet(hall["liuyang"], made.number, sheet)
        assert "12378银行保险消费者投诉热线YB-2026-0042" in squash(page_texts(data)[0])
        verdict = printing.verify_pdf(data)
        assert verdict.ok, verdict.message
