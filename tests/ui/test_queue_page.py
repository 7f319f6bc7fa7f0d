"""The queue page: paging over SQL, masking in every cell, filters through the real widgets,
the scanner opening a ticket, tickets from other counters arriving, and the countdowns."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from hall_desk.core.enums import Role
from hall_desk.services import demo, queue, tickets
from hall_desk.services.context import Actor, clock
from hall_desk.services.queue import QueueFilter
from hall_desk.store.models import SealedIdentity, Ticket
from hall_desk.ui.pages import PageContext
from hall_desk.ui.pages.queue_page import FIT_ROWS, QueuePage
from hall_desk.ui.queue_model import (
    CUSTOMER, DEADLINE, DEADLINE_STATE_ROLE, PRIORITY, STATUS, QueueModel, deadline_state,
)

T = datetime(2026, 11, 23, 9, 30)
TEXT_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)


@pytest.fixture
def at_t():
    """The hall's clock stands at T for the whole test."""
    with clock(lambda: T):
        yield T


@pytest.fixture
def demo_tickets(hall, at_t):
    demo.fill(60, today=T)
    return hall


@pytest.fixture
def open_page(qtbot, rt):
    def open_(actor: Actor) -> QueuePage:
        page = QueuePage(PageContext(actor, rt.local))
        qtbot.addWidget(page)
        page.resize(1200, 700)
        page.show()
        qtbot.waitExposed(page)
        return page
    return open_


def complaint(name="张三丰", phone="13812345678", **extra) -> dict:
    return {"kind": "complaint", "channel": "walk-in", "category": "service_quality",
            "customer_name": name, "phone": phone, "content": "窗口排队无人解释。",
            "demand": "要求说明。", "confirmed_by_customer": True, **extra}


def load_all(model: QueueModel) -> None:
    while model.canFetchMore():
        model.fetchMore()


def all_texts(model: QueueModel) -> list[str]:
    return [str(model.data(model.index(r, c), role) or "") for r in range(model.rowCount())
            for c in range(model.columnCount()) for role in TEXT_ROLES]


def test_model_loads_a_page_at_a_time_and_counts_in_sql(demo_tickets):
    model = QueueModel(demo_tickets["liuyang"], page_size=25)
    model.set_filter(QueueFilter(statuses=[]))
    everything = Ticket.select().count()
    assert everything > 50
    assert model.total == queue.count(QueueFilter(statuses=[]), demo_tickets["liuyang"]) \
        == everything
    assert model.rowCount() == 25 and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 50
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == everything
    ids = [model.ticket_id(r) for r in range(everything)]
    assert len(set(ids)) == everything


def test_model_sorts_in_sql_by_the_sortable_columns(demo_tickets):
    model = QueueModel(demo_tickets["liuyang"])
    model.set_filter(QueueFilter(statuses=[]))
    model.sort(0, Qt.SortOrder.DescendingOrder)           # number
    numbers = [model.rows[r].number for r in range(model.rowCount())]
    assert numbers == sorted(numbers, reverse=True)
    before = list(model.rows)
    model.sort(CUSTOMER, Qt.SortOrder.AscendingOrder)      # not sortable: nothing happens
    assert model.rows == before


@pytest.mark.parametrize("login", ["liuyang", "wangli", "admin"])
def test_no_full_name_or_phone_anywhere_in_the_model(demo_tickets, login):
    model = QueueModel(demo_tickets[login], page_size=20)
    model.set_filter(QueueFilter(statuses=[]))
    load_all(model)
    texts = "\n".join(all_texts(model))
    digits_only = re.sub(r"\D", "", texts)
    for t in Ticket.select():
        name, key = t.customer_name, t.phone_key
        if t.anonymous:                    # kept apart from the row
            sealed = SealedIdentity.get(SealedIdentity.ticket == t.id)
            name, key = sealed.customer_name, sealed.phone_key
        if len(name) > 1:
            assert name not in texts
        assert key and key not in digits_only
    anonymous = Ticket.select().where(Ticket.anonymous == True).first()  # noqa: E712
    row = model.row_of(anonymous.id)
    assert model.data(model.index(row, CUSTOMER)) == "（匿名）"


def test_overdue_and_due_soon_are_marked_in_words_not_only_colour(demo_tickets):
    model = QueueModel(demo_tickets["wangli"])
    model.set_filter(QueueFilter())
    load_all(model)
    states = {r: model.data(model.index(r, DEADLINE), DEADLINE_STATE_ROLE)
              for r in range(model.rowCount())}
    overdue = [r for r, s in states.items() if s == "overdue"]
    assert overdue
    for r in overdue:
        assert model.data(model.index(r, DEADLINE)).startswith("✖ 已超时 ")
        assert model.data(model.index(r, DEADLINE), Qt.ItemDataRole.ForegroundRole) is not None
    escalated = [r for r in range(model.rowCount()) if model.rows[r].escalated]
    assert escalated and all("已升级" in model.data(model.index(r, STATUS)) for r in escalated)


def test_countdown_words(hall, at_t):
    ticket = tickets.register(hall["liuyang"], complaint())
    model = QueueModel(hall["liuyang"])
    model.set_filter(QueueFilter())
    row = model.rows[model.row_of(ticket.id)]
    due = row.next_deadline_at
    moments = {due - timedelta(days=2, hours=3, minutes=5): "剩余 2天3小时",
               due - timedelta(hours=1, minutes=5): "⚠ 即将到期 剩余 1小时5分",
               due + timedelta(days=1, hours=3): "✖ 已超时 1天3小时",
               due + timedelta(minutes=7): "✖ 已超时 7分"}
    for moment, words in moments.items():
        model.at = moment
        assert model.countdown(row) == words
    # under 20 % of the time since receipt left is due soon too
    long_row = type(row)(**{**row.__dict__, "received_at": due - timedelta(days=10)})
    assert deadline_state(long_row, due - timedelta(days=1)) == "due_soon"
    assert deadline_state(long_row, due - timedelta(days=3)) == "open"


def test_countdown_moves_on_with_the_tick_timer(hall, open_page, qtbot):
    moment = [T]
    with clock(lambda: moment[0]):
        tickets.register(hall["liuyang"], complaint())
        page = open_page(hall["liuyang"])
        before = page.model.data(page.model.index(0, DEADLINE))
        moment[0] = T + timedelta(minutes=3)
        with qtbot.waitSignal(page.model.dataChanged):
            page.tick_timer.timeout.emit()
        assert page.model.data(page.model.index(0, DEADLINE)) != before
        assert page.model.data(page.model.index(0, DEADLINE)) == "⚠ 即将到期 剩余 2分"


def test_search_and_overdue_filter_through_the_widgets(demo_tickets, open_page, qtbot):
    page = open_page(demo_tickets["wangli"])
    everyone = page.model.total
    assert everyone == queue.count(QueueFilter(), demo_tickets["wangli"])

    page.overdue_box.click()
    assert 0 < page.model.total < everyone
    assert all(page.model.data(page.model.index(r, DEADLINE), DEADLINE_STATE_ROLE) == "overdue"
               for r in range(page.model.rowCount()))
    page.overdue_box.click()
    assert page.model.total == everyone

    target = Ticket.select().where(Ticket.anonymous == False).first()  # noqa: E712
    page.status_combo.setCurrentIndex(page.status_combo.findData("all"))
    qtbot.keyClicks(page.search, target.phone_key)
    qtbot.waitUntil(lambda: page.model.filter.search == target.phone_key)   # after the pause
    expected = Ticket.select().where(Ticket.phone_key == target.phone_key).count()
    assert page.model.total == expected and page.model.row_of(target.id) >= 0

    page.search.clear()
    qtbot.keyClicks(page.search, target.name_initials)
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert page.model.filter.search == target.name_initials
    assert page.model.row_of(target.id) >= 0
    assert all(r.customer.startswith(target.customer_name[0]) for r in page.model.rows)

    page.kind_combo.setCurrentIndex(page.kind_combo.findData("suggestion"))
    assert all(r.kind == "suggestion" for r in page.model.rows)
    assert page.summary.text() == f"共 {page.model.total} 张工单，已显示 {page.model.rowCount()} 张"


def test_a_scanned_receipt_opens_its_ticket(demo_tickets, open_page, qtbot):
    page = open_page(demo_tickets["liuyang"])
    archived = Ticket.select().where(Ticket.status == "archived").first()   # any status
    with qtbot.waitSignal(page.detail_opened) as opened:
        qtbot.keyClicks(page.search, archived.number.lower())
        qtbot.keyClick(page.search, Qt.Key.Key_Return)
    dialog = opened.args[0]
    assert dialog.info.number == archived.number and dialog.isVisible()
    assert page.search.selectedText() == archived.number.lower()   # the next scan replaces it
    dialog.close()


def test_a_partial_number_only_filters(demo_tickets, open_page, qtbot):
    page = open_page(demo_tickets["liuyang"])
    opened = []
    page.detail_opened.connect(opened.append)
    qtbot.keyClicks(page.search, "TS-2026")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert not opened
    assert page.model.total > 1 and all(r.number.startswith("TS-2026") for r in page.model.rows)


def test_a_ticket_from_another_counter_appears_and_the_selection_stays(hall, open_page,
                                                                        qtbot, at_t):
    first = tickets.register(hall["liuyang"], complaint())
    page = open_page(hall["liuyang"])
    page.poll_timer.setInterval(20)
    assert page.model.total == 1
    page.select_ticket(first.id)

    other_counter = Actor(hall["sunhao"].staff_id, "孙浩", Role.COUNTER, "B2", "sunhao")
    new = tickets.register(other_counter, complaint(name="李四", phone="13987654321"))
    qtbot.waitUntil(lambda: page.model.total == 2, timeout=3000)
    assert page.model.row_of(new.id) >= 0
    assert page.selected_ticket_id() == first.id
    assert page.poll() is False                  # nothing new: no reload


def test_the_page_is_registered_in_the_main_window(login_as, hall, at_t):
    tickets.register(hall["liuyang"], complaint())
    window = login_as("liuyang")
    window.nav.setCurrentRow(window.page_index("queue"))
    page = window.page_widget("queue")
    assert isinstance(page, QueuePage) and page.model.total == 1


def test_columns_fit_their_texts_as_qt_would_fit_them(demo_tickets, open_page):
    """The page measures its first column widths from the texts; they must come out as
    Qt's own fitting of the same rows, bold cells (overdue, high priority) among them. (The
    test font has no bold face: Qt thickens it at the same advance, so the bold measuring
    only shows on a font with a real bold, such as Microsoft YaHei.)"""
    Ticket.update(priority=4).where(Ticket.id % 3 == 0).execute()
    page = open_page(demo_tickets["liuyang"])
    rows = range(min(FIT_ROWS, page.model.rowCount()))
    assert any(page.model.data(page.model.index(r, DEADLINE), DEADLINE_STATE_ROLE) == "overdue"
               for r in rows)
    assert any(page.model.data(page.model.index(r, PRIORITY), Qt.ItemDataRole.FontRole)
               for r in rows)
    head = page.view.horizontalHeader()
    head.setResizeContentsPrecision(FIT_ROWS)
    qts = [max(page.view.sizeHintForColumn(c), head.sectionSizeHint(c))
           for c in range(page.model.columnCount())]
    assert page.fitted_widths() == qts
    assert page.view.columnWidth(DEADLINE) == max(qts[DEADLINE], 200)


def category_column(model: QueueModel) -> list[str]:
    column = next(c for c in range(model.columnCount())
                  if model.headerData(c, Qt.Orientation.Horizontal) in ("类别", "Category"))
    return [model.data(model.index(r, column)) for r in range(model.rowCount())]


def test_the_queue_shows_a_category_in_the_window_language(hall, at_t, qapp, english):
    """Set-up gives the categories English names: the queue shows them in English; a
    category without one stays Chinese."""
    from hall_desk.store.models import Category

    tickets.register(hall["liuyang"], complaint())
    Category.insert(code="meter", name="计量装置", name_en="", position=9).execute()
    tickets.register(hall["liuyang"], complaint(phone="13912345678", category="meter"))
    model = QueueModel(hall["liuyang"])
    model.set_filter(QueueFilter(statuses=[]))
    assert sorted(category_column(model)) == ["Service quality", "计量装置"]


def test_the_queue_shows_a_category_in_chinese(hall, at_t, qapp):
    tickets.register(hall["liuyang"], complaint())
    model = QueueModel(hall["liuyang"])
    model.set_filter(QueueFilter(statuses=[]))
    assert category_column(model) == ["服务质量"]
