"""The queue: filters, search (number, phone, name, pinyin initials), paging and masking."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import peewee
import pytest

from hall_desk.services import lifecycle, queue, tickets
from hall_desk.services.context import clock

T0 = datetime(2026, 11, 2, 9, 0)


@pytest.fixture
def filled(hall):
    clerk = hall["liuyang"]
    people = [("张三丰", "13800138000", False), ("李四", "13912345678", False),
              ("王小明", "010-88886666", True), ("赵六", "13700001111", False)]
    made = []
    with clock(lambda: T0):
        for i, (name, phone, anon) in enumerate(people):
            made.append(tickets.register(clerk, {
                "kind": "complaint" if i % 2 == 0 else "request", "customer_name": name,
                "phone": phone, "content": f"事由{i}", "demand": "诉求", "anonymous": anon,
                "category": "服务质量" if i < 2 else "价格与收费"},
                received_at=T0 - timedelta(days=i)))
    with clock(lambda: T0 + timedelta(minutes=1)):
        t = made[1]
        t = lifecycle.act(hall["wangli"], t.id, t.version, "judge_valid", {})
        lifecycle.act(hall["wangli"], t.id, t.version, "assign",
                      {"department": "OPS", "handler_a": "sunhao"})
    return made


@pytest.fixture
def in_english():
    from hall_desk.core import i18n

    i18n.set_language("en")
    yield
    i18n.set_language("zh")


def test_category_and_department_in_the_window_language(filled, hall, in_english):
    """Names set-up gave in English show in English; one without stays Chinese."""
    from hall_desk.store.models import Department

    Department.update(name_en="").where(Department.code == "HALL").execute()
    assigned = filled[1]                      # the fixture assigned it to OPS
    with clock(lambda: T0 + timedelta(minutes=2)):
        t = tickets.row_of(filled[0].id)
        t = lifecycle.act(hall["wangli"], t.id, t.version, "judge_valid", {})
        lifecycle.act(hall["wangli"], t.id, t.version, "assign",
                      {"department": "HALL", "handler_a": "sunhao"})
    rows = {r.number: r for r in queue.page(queue.QueueFilter(statuses=[]), hall["wangli"])}
    assert rows[assigned.number].department == "Operations & maintenance"
    assert rows[filled[0].number].department == "营业厅"
    assert {r.category for r in rows.values()} == {"Service quality", "Price & charges"}


def test_category_and_department_in_chinese(filled, hall):
    rows = queue.page(queue.QueueFilter(statuses=[]), hall["wangli"])
    assert {r.department for r in rows} == {"", "运行维护部"}
    assert {r.category for r in rows} == {"服务质量", "价格与收费"}


def numbers(rows):
    return [r.number for r in rows]


def test_lists_mask_every_customer(filled, hall):
    rows = queue.page(queue.QueueFilter(), hall["wangli"], at=T0)
    assert len(rows) == 4
    by_number = {r.number: r for r in rows}
    first = by_number[filled[0].number]
    assert (first.customer, first.phone) == ("张**", "138 **** 8000")
    anon = by_number[filled[2].number]
    assert (anon.customer, anon.phone, anon.anonymous) == ("（匿名）", "", True)
    for row in rows:
        assert "张三丰" not in row.customer and "13800138000" not in row.phone


def test_search_by_number_phone_name_initials(filled, hall):
    boss, clerk = hall["wangli"], hall["liuyang"]
    find = lambda text, who=clerk: numbers(queue.page(queue.QueueFilter(search=text), who, at=T0))
    assert find(filled[3].number.lower()) == [filled[3].number]
    assert find("TS-20261102") == [filled[0].number]
    assert find("138 0013 8000") == [filled[0].number]
    assert find("1391234") == [filled[1].number]
    assert find("zsf") == [filled[0].number]
    assert find("李") == [filled[1].number]
    # an anonymous customer cannot be found by phone or name by counter staff...
    assert find("01088886666") == [] and find("王小明") == [] and find("wxm") == []
    # ...nor by a supervisor: that would be an unlogged reveal; the logged search finds it
    assert find("01088886666", boss) == [] and find("wxm", boss) == []
    assert tickets.reveal_search(boss, "010 8888 6666", "客户来电查询") == [filled[2].number]
    assert find("12") == []


def test_filters_and_paging(filled, hall):
    viewer = hall["sunhao"]
    f = queue.QueueFilter(kinds=["request"])
    assert set(numbers(queue.page(f, viewer, at=T0))) == {filled[1].number, filled[3].number}
    from hall_desk.store.models import Department

    ops = Department.get(Department.code == "OPS").id
    assert numbers(queue.page(queue.QueueFilter(department_id=ops), viewer, at=T0)) == \
        [filled[1].number]
    assert numbers(queue.page(queue.QueueFilter(mine=True), viewer, at=T0)) == [filled[1].number]
    f = queue.QueueFilter(received_from=date(2026, 10, 31), received_to=date(2026, 11, 1))
    assert set(numbers(queue.page(f, viewer, at=T0))) == {filled[1].number, filled[2].number}
    assert queue.count(queue.QueueFilter(statuses=["assigned"]), viewer, at=T0) == 1
    overdue = queue.QueueFilter(overdue_only=True)
    # received a day or more before T0: already late; today's one is late after 5 minutes
    assert queue.count(overdue, viewer, at=T0 + timedelta(minutes=3)) == 3
    assert queue.count(overdue, viewer, at=T0 + timedelta(minutes=10)) == 4
    all_rows = numbers(queue.page(queue.QueueFilter(sort="number"), viewer, at=T0))
    paged = [n for off in (0, 2) for n in numbers(queue.page(
        queue.QueueFilter(sort="number"), viewer, offset=off, limit=2, at=T0))]
    assert paged == all_rows == sorted(all_rows)


def test_deadline_sort_puts_the_most_urgent_first(filled, hall):
    rows = queue.page(queue.QueueFilter(), hall["wangli"], at=T0)
    dues = [r.next_deadline_at for r in rows if r.next_deadline_at]
    assert dues == sorted(dues)


def test_page_sql_is_reused_only_where_it_still_holds(filled, hall):
    """The page SQL is built once per filter; a changed filter, another viewer, or another
    moment for "overdue only" gets its own."""
    viewer, clerk = hall["sunhao"], hall["liuyang"]
    f = queue.QueueFilter(overdue_only=True)
    early = queue.page(f, viewer, at=T0 + timedelta(minutes=3))
    late = queue.page(f, viewer, at=T0 + timedelta(minutes=10))
    assert (len(early), len(late)) == (3, 4)
    f.overdue_only = False
    f.kinds = ["request"]                    # the same object, changed in place
    assert set(numbers(queue.page(f, viewer, at=T0))) == {filled[1].number, filled[3].number}
    mine = queue.QueueFilter(mine=True)
    assert numbers(queue.page(mine, viewer, at=T0)) == [filled[1].number]
    # the same filter for another person: the clerk received all four
    assert len(queue.page(mine, clerk, at=T0)) == 4
    rows = queue.page(queue.QueueFilter(), viewer, at=T0)
    assert all(isinstance(r.received_at, datetime) for r in rows)
    assert {type(r.next_deadline_at) for r in rows} <= {datetime, type(None)}


def test_search_by_number_tail_and_last_four_of_phone(filled, hall):
    boss, clerk = hall["wangli"], hall["liuyang"]
    find = lambda text, who=clerk: sorted(numbers(queue.page(queue.QueueFilter(search=text),
                                                             who, at=T0)))
    with clock(lambda: T0):        # a second complaint of the day: sequence 0002
        later = tickets.register(clerk, {
            "kind": "complaint", "customer_name": "钱七", "phone": "13600009999",
            "content": "事由", "demand": "诉求", "category": "服务质量"}, received_at=T0)
    assert later.number.endswith("-A1-0002")
    assert find("0002") == [later.number] == find("a1-0002") == find("A1-0002")
    assert find(later.number[-13:]) == [later.number]          # date, counter, sequence
    assert find("0001") == sorted(t.number for t in filled)   # every first of its day
    assert find("B2-0001") == []
    # the last four digits of a phone number, the customer's own tickets only
    assert find("8000") == [filled[0].number]
    assert find("5678") == [filled[1].number]
    assert find("9999") == [later.number]
    # the anonymous customer's phone (010-88886666) stays sealed, for every role
    assert find("6666") == [] and find("6666", boss) == []


def test_number_tail_and_last_four_are_indexed(filled, hall, store):
    """The plan SQLite picks for the new searches reads indexes, never the whole table."""
    from hall_desk.store.models import Ticket

    if not isinstance(store, peewee.SqliteDatabase):
        pytest.skip("SQLite's query plan")

    for text in ("0009", "A1-0009", "8000"):
        query = queue.page_query(queue.QueueFilter(statuses=[], search=text), hall["liuyang"])
        sql, params = query.sql()
        plan = " | ".join(str(row[-1]) for row in Ticket._meta.database.execute_sql(
            "EXPLAIN QUERY PLAN " + sql, params).fetchall())
        assert "SCAN t1" not in plan and "SCAN ticket" not in plan, (text, plan)


def test_a_tail_search_sorts_its_ids_from_the_covering_index(filled, hall, store):
    """A tail matches one ticket a day for years: the page's ids are sorted from the v10
    index alone, and the page is the same as the plain query's."""
    from hall_desk.store.migrations import TAIL_INDEX
    from hall_desk.store.models import Ticket

    if not isinstance(store, peewee.SqliteDatabase):
        pytest.skip("SQLite's query plan")
    f = queue.QueueFilter(statuses=[], search="A1-0001")
    sql, params = queue.page_query(f, hall["liuyang"]).sql()
    plan = " | ".join(str(row[-1]) for row in Ticket._meta.database.execute_sql(
        "EXPLAIN QUERY PLAN " + sql, params).fetchall())
    assert f"COVERING INDEX {TAIL_INDEX}" in plan, plan
    shown = [r.number for r in queue.page(f, hall["liuyang"])]
    assert shown and all(n.endswith("A1-0001") for n in shown)
    for offset in (0, 1):              # the same rows, the same order as without the subquery
        plain = (Ticket.select(Ticket.number).where(queue._where(f, hall["liuyang"], queue.now()))
                 .order_by(*queue._order(f)).offset(offset).limit(queue.PAGE_SIZE).tuples())
        assert [r.number for r in queue.page(f, hall["liuyang"], offset=offset)] == \
            [n for (n,) in plain]
