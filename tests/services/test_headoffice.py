"""The head office (issue #21 part 2): two halls, each on its own SQLite file, send their
packages to one head office (a SQLite file, then PostgreSQL: the ``ho`` fixture); the head
office's queue across halls, a ticket's history and printed record (byte for byte the
hall's print, verifiable), statistics per hall and for the region, repeats across halls,
its logins and the role rules both ways."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from hall_desk.core.enums import Role
from hall_desk.core.errors import AuthError, HallError, PermissionDenied, ValidationError
from hall_desk.core.headoffice import RegionFilter
from hall_desk.services import headoffice, package, staff, tickets
from hall_desk.services.context import Actor, now
from hall_desk.store.connection import close_database, open_database
from hall_desk.store.headoffice import (
    HoChainRow, HoSetting, HoTicket, close_headoffice, is_headoffice, open_headoffice,
)
from tests.headoffice_helpers import COMPLAINT, PIN, SHARED, make_hall

@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def ho(request, tmp_path):
    """Two halls' packages read into a head office with one login: (actor, east, west)."""
    folder = tmp_path / "usb"
    folder.mkdir()
    east, east_pkg = make_hall(tmp_path / "east.sqlite3", "城东营业厅", folder,
                                hotline="GD-2026-000731")
    west, west_pkg = make_hall(tmp_path / "west.sqlite3", "城西营业厅", folder)
    if request.param == "sqlite":
        open_headoffice(path=tmp_path / "ho.sqlite3")
    else:
        open_headoffice(url=request.getfixturevalue("pg_url"))
    actor = headoffice.init("zongbu", "总部督办", PIN)
    package.receive(actor, east_pkg)
    package.receive(actor, west_pkg)
    yield actor, east, west
    close_headoffice()


def _numbers(rows):
    return sorted((r.hall, r.number) for r in rows)


def test_the_queue_shows_both_halls_tickets_masked(ho):
    actor, east, west = ho
    everything = RegionFilter(status="")
    rows = headoffice.page(actor, everything)
    assert headoffice.count(actor, everything) == len(rows) == 6
    assert _numbers(rows) == sorted([(east.name, n) for n in east.numbers.values()]
                                    + [(west.name, n) for n in west.numbers.values()])
    text = repr(rows)
    for secret in ("司马光明", "1111 2222", "13711112222", "欧阳秀兰", "8273"):
        assert secret not in text
    shared = [r for r in rows if r.number == east.numbers["shared"] and r.hall == east.name][0]
    assert (shared.customer, shared.phone) == ("司***", "137 **** 2222")
    anon = [r for r in rows if r.number == east.numbers["anon"] and r.hall == east.name][0]
    assert anon.anonymous and anon.phone == "" and "匿名" in anon.customer


def test_the_queue_filters_by_hall_kind_status_and_sorts_by_the_most_urgent_limit(ho):
    actor, east, west = ho
    west_only = headoffice.page(actor, RegionFilter(halls=(west.hall_id,), status=""))
    assert {r.hall for r in west_only} == {west.name} and len(west_only) == 3
    complaints = headoffice.page(actor, RegionFilter(kinds=("complaint",), status=""))
    assert {r.kind for r in complaints} == {"complaint"} and len(complaints) == 5
    assert headoffice.count(actor, RegionFilter(status="closed")) == 0
    open_rows = headoffice.page(actor, RegionFilter())
    limits = [r.due_at or datetime.max for r in open_rows]
    assert limits == sorted(limits) and open_rows[0].due_at is not None
    backwards = headoffice.page(actor, RegionFilter(descending=True))
    assert [r.key for r in backwards] == [r.key for r in open_rows][::-1]
    first, second = (headoffice.page(actor, RegionFilter(sort="received"), offset, 2)
                     for offset in (0, 2))
    assert len(first) == len(second) == 2 and not {r.key for r in first} & {r.key for r in second}


def test_the_search_finds_a_number_its_tail_a_hotline_number_and_a_phone_tail(ho):
    actor, east, west = ho
    number = east.numbers["shared"]

    def found(text):
        return _numbers(headoffice.page(actor, RegionFilter(status="", search=text)))

    assert number == west.numbers["shared"]          # each hall numbers its own tickets
    assert found(number) == [(east.name, number), (west.name, number)]
    assert (east.name, number) in found(number[-7:])
    assert found("GD-2026-000731") == [(east.name, east.numbers["hotline"])]
    assert found("000731") == [(east.name, east.numbers["hotline"])]
    assert found("2222") == sorted([(east.name, number), (west.name, west.numbers["shared"])])
    assert found("5678") == []            # an anonymous customer is not found by phone


def test_repeats_across_halls_are_flagged_in_the_queue_and_the_ticket(ho):
    actor, east, west = ho
    rows = headoffice.page(actor, RegionFilter(status=""))
    flagged = _numbers(r for r in rows if r.repeat)
    assert flagged == sorted([(east.name, east.numbers["shared"]),
                              (west.name, west.numbers["shared"])])
    assert _numbers(headoffice.page(actor, RegionFilter(status="", repeats_only=True))) == flagged
    key = next(r.key for r in rows if r.hall == west.name and r.number == west.numbers["shared"])
    view = headoffice.ticket(actor, key)
    assert [(x.hall, x.number) for x in view.repeats] == [(east.name, east.numbers["shared"])]


def test_a_tickets_history_is_its_imported_events_in_order(ho):
    actor, east, _west = ho
    number = east.numbers["shared"]
    (key,) = headoffice.find(actor, number, [east.hall_id])
    view = headoffice.ticket(actor, key)
    assert [e.action for e in view.history] == east.events[number]
    assert [e.seq for e in view.history] == sorted(e.seq for e in view.history)
    assert view.content == COMPLAINT["content"] and view.row.hall == east.name
    assert [v.version for v in view.versions] == [1]


def test_the_record_is_the_halls_print_byte_for_byte_and_verifies(ho):
    actor, east, _west = ho
    (key,) = headoffice.find(actor, east.numbers["shared"], [east.hall_id])
    version, data = headoffice.record_pdf(actor, key)
    assert version == 1 and data == east.record
    verdict = headoffice.verify_pdf(actor, east.record)
    assert verdict.ok and east.name in verdict.message
    altered = bytearray(east.record)
    at = altered.index(b"stream") + 40
    altered[at] = (altered[at] + 1) % 256
    assert not headoffice.verify_pdf(actor, bytes(altered)).ok
    (no_record,) = headoffice.find(actor, east.numbers["anon"], [east.hall_id])
    with pytest.raises(HallError) as refused:
        headoffice.record_pdf(actor, no_record)
    assert refused.value.key == "headoffice.error.no_record"


def test_statistics_per_hall_and_for_the_region(ho):
    actor, east, west = ho
    day = now().replace(hour=0, minute=0, second=0, microsecond=0)
    lines = headoffice.statistics(actor, day - timedelta(days=1), day + timedelta(days=2))
    by_hall = {x.hall: x for x in lines}
    assert [x.hall for x in lines][-1] == "全区域" and lines[-1].hall_id == ""
    for hall in (east, west):
        line = by_hall[hall.name]
        assert (line.received, line.closed, line.open, line.repeats) == (3, 0, 3, 1)
        assert line.rate is None
    region = lines[-1]
    assert (region.received, region.open, region.repeats) == (6, 6, 2)
    assert headoffice.statistics(actor, day + timedelta(days=5), day + timedelta(days=6)) \
        [-1].received == 0


def test_halls_with_their_last_package(ho):
    actor, east, west = ho
    found = {h.name: h for h in headoffice.halls(actor)}
    assert set(found) == {east.name, west.name}
    assert found[east.name].last_sequence == 1 and found[east.name].tickets == 3
    assert found[west.name].last_counts["ticket"] == 3


def test_a_halls_staff_may_read_nothing_here_and_the_head_office_acts_on_no_ticket(ho, tmp_path):
    actor, east, _west = ho
    for role in (Role.COUNTER, Role.SUPERVISOR, Role.ADMIN, Role.SYSTEM):
        someone = Actor(1, "王丽", role, "A1", "wangli")
        for call in (lambda: headoffice.page(someone, RegionFilter()),
                     lambda: headoffice.count(someone, RegionFilter()),
                     lambda: headoffice.ticket(someone, 1),
                     lambda: headoffice.record_pdf(someone, 1),
                     lambda: headoffice.statistics(someone, now(), now()),
                     lambda: headoffice.halls(someone)):
            with pytest.raises(PermissionDenied):
                call()
    open_database(path=tmp_path / "east.sqlite3")
    try:
        with pytest.raises(PermissionDenied):
            tickets.register(actor, dict(SHARED, **COMPLAINT))
        with pytest.raises(ValidationError) as refused:
            staff.check_account(name="总部", login="zb", pin=PIN, role="head_office")
        assert "role" in refused.value.errors
    finally:
        close_database()


def test_logins_init_once_wrong_pin_and_lockout(ho):
    actor, _east, _west = ho
    assert headoffice.authenticate("ZONGBU", PIN).role is Role.HEAD_OFFICE
    with pytest.raises(HallError) as again:
        headoffice.init("other", "另一人", PIN)
    assert again.value.key == "headoffice.error.initialised"
    with pytest.raises(ValidationError):
        headoffice.add_user(actor, "x y", "", "12")
    headoffice.add_user(actor, "lisi", "李四", "135790")
    for _ in range(4):
        with pytest.raises(AuthError) as wrong:
            headoffice.authenticate("lisi", "000000")
        assert wrong.value.key == "error.login_failed"
    with pytest.raises(AuthError) as locked:
        headoffice.authenticate("lisi", "000000")
    assert locked.value.key == "error.login_locked"
    with pytest.raises(AuthError):
        headoffice.authenticate("lisi", "135790")          # the right PIN waits too
    with pytest.raises(AuthError) as unknown:
        headoffice.authenticate("nobody", PIN)
    assert unknown.value.key == "error.login_failed"


def test_the_index_is_rebuilt_from_the_tickets_received(ho):
    actor, _east, _west = ho
    before = [r.to_dict() for r in headoffice.page(actor, RegionFilter(status=""))]
    HoTicket.delete().execute()
    assert headoffice.count(actor, RegionFilter(status="")) == 0
    assert headoffice.reindex() == 6
    after = [r.to_dict() for r in headoffice.page(actor, RegionFilter(status=""))]
    # the same rows; two with the same limit may come in another order (their ids are new)
    assert sorted((r["hall_id"], r["number"], r["repeat"], r["due_at"]) for r in after) == \
        sorted((r["hall_id"], r["number"], r["repeat"], r["due_at"]) for r in before)
    assert [r["due_at"] for r in after] == [r["due_at"] for r in before]
    assert HoChainRow.select().where(HoChainRow.ticket.is_null(False)).count() > 0


def test_a_database_is_a_head_offices_only_once_marked(tmp_path):
    path = tmp_path / "ho.sqlite3"
    assert not is_headoffice(path=path) and not path.exists()
    open_headoffice(path=path)
    try:
        assert not is_headoffice(path=path)
        headoffice.init("zongbu", "总部督办", PIN)
        assert HoSetting.get_by_id("ho_schema").value == "2"
    finally:
        close_headoffice()
    assert is_headoffice(path=path)


def test_a_schema_1_head_office_is_brought_up_and_indexed(tmp_path):
    """A head office that received packages before part 2 (schema 1: no ``ho_ticket``, no
    ``ho_staff``, no ``ho_chain_row.ticket``): opened, its links get their ticket; at
    ``init`` its tickets are indexed."""
    import sqlite3

    folder = tmp_path / "usb"
    folder.mkdir()
    east, east_pkg = make_hall(tmp_path / "east.sqlite3", "城东营业厅", folder)
    path = tmp_path / "ho.sqlite3"
    open_headoffice(path=path)
    package.receive(Actor(1, "总部", Role.HEAD_OFFICE, "HO", "ho"), east_pkg)   # part 1's
    close_headoffice()
    con = sqlite3.connect(path)
    for index in [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' "
            "AND tbl_name IN ('ho_chain_row', 'ho_ticket', 'ho_staff') AND sql IS NOT NULL")]:
        con.execute(f'DROP INDEX "{index}"')
    con.execute("DROP TABLE ho_ticket")
    con.execute("DROP TABLE ho_staff")
    con.execute("ALTER TABLE ho_chain_row DROP COLUMN ticket")
    con.execute("CREATE UNIQUE INDEX ho_chain_row_hall_id_chain_row_id "
                "ON ho_chain_row (hall_id, chain, row_id)")
    con.execute("UPDATE ho_setting SET value = '1' WHERE key = 'ho_schema'")
    con.commit()
    con.close()
    open_headoffice(path=path)
    try:
        assert HoSetting.get_by_id("ho_schema").value == "2"
        assert HoChainRow.select().where(HoChainRow.ticket.is_null(False)).count() > 0
        actor = headoffice.init("zongbu", "总部督办", PIN)
        rows = headoffice.page(actor, RegionFilter(status=""))
        assert sorted(r.number for r in rows) == sorted(east.numbers.values())
        (key,) = headoffice.find(actor, east.numbers["shared"])
        assert [e.action for e in headoffice.ticket(actor, key).history] == \
            east.events[east.numbers["shared"]]
    finally:
        close_headoffice()
