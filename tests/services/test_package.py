"""Packages from a hall to the head office (issue #21 part 1): what changed since the last
package, exactly; the head office's import all or nothing, idempotent, in order, on chains
that continue; an anonymous customer's identity never in the package.

The hall runs on a SQLite file and on PostgreSQL (``hall``), the head office on a second
SQLite file and on PostgreSQL (``headoffice``); the PostgreSQL cases skip without
HALL_DESK_TEST_PG_URL."""

from __future__ import annotations

import gzip
import json
import shutil

import pytest

from hall_desk.core import package as fmt
from hall_desk.core.enums import Role
from hall_desk.core.errors import HallError, PermissionDenied
from hall_desk.services import anchors, audit, demo, duty, package, settings, tickets
from hall_desk.services.context import Actor
from hall_desk.store.connection import close_database, open_database
from hall_desk.store.headoffice import (
    HoChainRow, HoGroup, HoHall, HoPackage, close_headoffice, open_headoffice,
)
from hall_desk.store.models import AccessLog, Ticket, TicketEvent
from hall_desk.store.tx import write_transaction

ANON = {"customer_name": "欧阳秀兰", "phone": "139 8273 5678", "address": "春晓路88号3单元"}
SECRETS = ["欧阳秀兰", "139 8273 5678", "13982735678", "春晓路88号3单元"]
#: the head office's administrator who reads the packages in
HO = Actor(1, "总部管理员", Role.ADMIN, "HO", "ho")
NAMED = {"customer_name": "司马光明", "phone": "137 1111 2222", "address": "解放路1号"}
COMPLAINT = {"kind": "complaint", "content": "营业员私收手续费。", "demand": "退还并道歉。"}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def headoffice(request, tmp_path):
    """The head office's database: a second SQLite file, then PostgreSQL."""
    if request.param == "sqlite":
        yield open_headoffice(path=tmp_path / "headoffice.sqlite3")
    else:
        yield open_headoffice(url=request.getfixturevalue("pg_url"))
    close_headoffice()


def _register(actor, who=NAMED, **extra):
    return tickets.register(actor, dict(who, **COMPLAINT, **extra))


def _packages(tmp_path):
    folder = tmp_path / "usb"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _ho_counts(hall_id):
    return {chain: HoChainRow.select().where((HoChainRow.hall == hall_id)
                                             & (HoChainRow.chain == chain)).count()
            for chain in anchors.CHAINS}


def test_round_trip_two_packages(hall, headoffice, tmp_path):
    admin, clerk = hall["admin"], hall["liuyang"]
    first_ticket = _register(clerk)
    duty.add(clerk, "note", "空调不制冷，已报修。")
    one = package.export(admin, _packages(tmp_path))
    assert one.sequence == 1 and one.path.name.endswith("-000001.hdpkg")
    heads_one = anchors.current_heads()
    got = package.receive(HO, one.path)
    assert (got.sequence, got.already, got.hall_id) == (1, False, settings.hall_id())
    assert got.hall_name == settings.hall_name()
    # every link of every chain so far is at the head office, and its heads are the hall's
    assert _ho_counts(got.hall_id) == {c: h["length"] for c, h in heads_one.items()}
    hall_row = HoHall.get_by_id(got.hall_id)
    assert hall_row.last_sequence == 1 and json.loads(hall_row.last_heads) == heads_one
    stored = json.loads(HoGroup.get((HoGroup.hall == got.hall_id)
                                    & (HoGroup.scope == f"ticket:{first_ticket.id}")).data)
    assert stored["rows"]["ticket"][0]["number"] == first_ticket.number
    assert stored["rows"]["ticket"][0]["customer_name"] == NAMED["customer_name"]

    second_ticket = _register(clerk)
    two = package.export(admin, _packages(tmp_path))
    assert two.sequence == 2
    lines = fmt.decode(two.path.read_bytes()).lines
    # only what changed: the new ticket and its events, not the first ticket again
    assert {line["scope"] for line in lines if line["kind"] == "ticket"} == {
        f"ticket:{second_ticket.id}"}
    assert {line["row"]["ticket"] for line in lines if line["kind"] == "event"} == {
        second_ticket.id}
    assert not any(line["kind"] == "duty" for line in lines)
    assert package.receive(HO, two.path).already is False
    assert _ho_counts(got.hall_id) == {c: h["length"]
                                       for c, h in anchors.current_heads().items()}
    assert [(p["sequence"], p["counts"]["ticket"]) for p in package.received(got.hall_id)] == [
        (1, 1), (2, 1)]


def test_a_ticket_changed_in_place_travels_again_as_it_is_now(hall, headoffice, tmp_path):
    """Exact by the chains: a lifecycle step on an old ticket (its row changed in place, one
    new event) and a handover assembled (a new ``state`` group) are in the next package."""
    from hall_desk.services import handover, lifecycle

    first = _register(hall["liuyang"])
    hall_id = settings.hall_id()
    package.receive(HO, package.export(hall["admin"], _packages(tmp_path)).path)
    judged = lifecycle.act(hall["wangli"], first.id, first.version, "judge_valid", {})
    made = handover.assemble(hall["wangli"])
    two = package.export(hall["admin"], _packages(tmp_path))
    lines = fmt.decode(two.path.read_bytes()).lines
    assert [line["row"]["action"] for line in lines if line["kind"] == "event"] == ["judge_valid"]
    assert f"handover:{made.id}" in {line.get("scope") for line in lines}
    package.receive(HO, two.path)
    stored = json.loads(HoGroup.get((HoGroup.hall == hall_id)
                                    & (HoGroup.scope == f"ticket:{first.id}")).data)
    assert stored["rows"]["ticket"][0]["status"] == judged.status.value
    assert stored["rows"]["ticket"][0]["version"] == judged.version > first.version
    assert HoGroup.get((HoGroup.hall == hall_id)
                       & (HoGroup.scope == f"ticket:{first.id}")).sequence == 2


def test_nothing_changed_writes_nothing_and_each_package_is_in_the_history(hall, tmp_path):
    admin = hall["admin"]
    _register(hall["liuyang"])
    folder = _packages(tmp_path)
    one = package.export(admin, folder)
    again = package.export(admin, folder)
    assert again.path is None and again.sequence is None
    assert [p.name for p in folder.iterdir()] == [one.path.name]
    logged = list(AccessLog.select().where(AccessLog.action == "package_export"))
    assert len(logged) == 1 and logged[0].staff_id == admin.staff_id
    assert logged[0].reason == f"1 {one.path}"
    sent = package.last_sent()
    assert (sent.sequence, sent.by, sent.path) == (1, admin.name, str(one.path))
    # the log entry travels in the package it records
    scopes = {line["scope"] for line in fmt.decode(one.path.read_bytes()).lines
              if line["kind"] == "group"}
    assert f"access:{logged[0].id}" in scopes
    assert all(report.ok for report in audit.verify())     # the hall's chains still hold


def test_the_hall_id_is_made_at_set_up_and_stays(hall, tmp_path):
    ident = settings.hall_id()
    assert len(ident) == 36 and settings.get("hall_id") == ident
    _register(hall["liuyang"])
    one = package.export(hall["admin"], _packages(tmp_path))
    assert fmt.decode(one.path.read_bytes()).hall_id == ident


def test_counter_staff_may_not_write_a_package(hall, tmp_path):
    with pytest.raises(PermissionDenied):
        package.export(hall["liuyang"], _packages(tmp_path))


def test_a_missing_folder_is_named(hall, tmp_path):
    with pytest.raises(HallError) as refused:
        package.export(hall["admin"], tmp_path / "no-such-stick")
    assert refused.value.key == "package.error.folder" and "no-such-stick" in refused.value.message()


def test_importing_twice_changes_nothing(hall, headoffice, tmp_path):
    _register(hall["liuyang"])
    one = package.export(hall["admin"], _packages(tmp_path))
    package.receive(HO, one.path)
    before = (_ho_counts(package.settings.hall_id()), HoGroup.select().count(),
              HoPackage.select().count())
    again = package.receive(HO, one.path)
    assert again.already and again.sequence == 1
    assert (_ho_counts(package.settings.hall_id()), HoGroup.select().count(),
            HoPackage.select().count()) == before


def test_a_package_after_a_gap_is_refused_naming_the_missing_one(hall, headoffice, tmp_path):
    folder = _packages(tmp_path)
    made = []
    for _ in range(3):
        _register(hall["liuyang"])
        made.append(package.export(hall["admin"], folder))
    with pytest.raises(HallError) as refused:
        package.receive(HO, made[1].path)
    assert refused.value.key == "package.error.gap" and refused.value.params["missing"] == 1
    assert HoHall.select().count() == 0 and HoChainRow.select().count() == 0
    package.receive(HO, made[0].path)
    with pytest.raises(HallError) as refused:
        package.receive(HO, made[2].path)
    assert refused.value.params["missing"] == 2
    assert "2" in refused.value.message()
    assert HoPackage.select().count() == 1
    package.receive(HO, made[1].path)
    package.receive(HO, made[2].path)
    assert [p["sequence"] for p in package.received()] == [1, 2, 3]


def test_an_altered_byte_is_refused_and_nothing_kept(hall, headoffice, tmp_path):
    _register(hall["liuyang"])
    one = package.export(hall["admin"], _packages(tmp_path))
    data = one.path.read_bytes()
    for position in (5, len(data) // 2, len(data) - 3):
        changed = bytearray(data)
        changed[position] ^= 0x20
        one.path.write_bytes(bytes(changed))
        with pytest.raises(HallError) as refused:
            package.receive(HO, one.path)
        assert refused.value.key == "package.error.damaged", position
        assert HoHall.select().count() == 0 and HoChainRow.select().count() == 0
        assert HoGroup.select().count() == 0 and HoPackage.select().count() == 0
    one.path.write_bytes(data)
    assert package.receive(HO, one.path).already is False


def test_a_refusal_half_way_keeps_nothing(hall, headoffice, tmp_path, monkeypatch):
    """A failure after the first rows were written rolls the whole package back."""
    _register(hall["liuyang"])
    one = package.export(hall["admin"], _packages(tmp_path))

    def fail(*_args, **_kw):
        raise HallError("package.error.conflict", sequence=1)
    monkeypatch.setattr(package.HoPackage, "create", fail)
    with pytest.raises(HallError):
        package.receive(HO, one.path)
    assert HoChainRow.select().count() == 0 and HoGroup.select().count() == 0
    assert HoHall.select().count() == 0


def _reopen(path):
    close_database()
    open_database(path=path)


def test_a_fork_of_the_hall_does_not_continue_and_is_refused(tmp_path, headoffice, monkeypatch):
    """A copy of the hall's file goes on on its own (a restored backup at a second PC): its
    packages carry the same hall id, but its chains do not continue the head office's copy."""
    from hall_desk.store.models import Staff

    def actors():
        return {s.login: Actor(s.id, s.name, Role(s.role), demo.DEMO_COUNTER, s.login)
                for s in Staff.select()}

    hall_file, fork_file = tmp_path / "hall.sqlite3", tmp_path / "fork.sqlite3"
    open_database(path=hall_file)
    demo.ensure_demo_hall()
    people = actors()
    _register(people["liuyang"])
    package.receive(HO, package.export(people["admin"], _packages(tmp_path / "a")).path)
    close_database()
    shutil.copyfile(hall_file, fork_file)
    try:
        _reopen(hall_file)
        _register(people["liuyang"])
        package.receive(HO, package.export(people["admin"], _packages(tmp_path / "a")).path)
        _reopen(fork_file)
        monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "second-pc"))   # its own journal
        _register(people["chenjing"])
        fork_two = package.export(people["admin"], _packages(tmp_path / "b"))
        with pytest.raises(HallError) as refused:          # another package 2
            package.receive(HO, fork_two.path)
        assert refused.value.key == "package.error.conflict"
        assert refused.value.params["sequence"] == 2
        assert refused.value.params["hall"] == settings.hall_name()
        _register(people["chenjing"])
        fork_three = package.export(people["admin"], _packages(tmp_path / "b"))
        kept = (HoChainRow.select().count(), HoGroup.select().count())
        with pytest.raises(HallError) as refused:
            package.receive(HO, fork_three.path)
        assert refused.value.key == "package.error.continuity"
        assert (HoChainRow.select().count(), HoGroup.select().count()) == kept
        assert HoHall.get().last_sequence == 2
    finally:
        close_database()


def test_an_anonymous_customer_never_leaves_the_hall(hall, headoffice, tmp_path):
    clerk = hall["liuyang"]
    named = _register(clerk)
    anon = _register(clerk, ANON, anonymous=True)
    # what older versions wrote into the history before identities were sealed (v3), and a
    # duty-log line that names the customer
    with write_transaction():
        tickets.append_event(tickets.row_of(anon.id), clerk, "note", {},
                             {"said": f"{ANON['customer_name']} {ANON['phone']}"})
    duty.add(clerk, "note", f"{ANON['customer_name']}（13982735678）来电催办。")
    one = package.export(hall["admin"], _packages(tmp_path))
    raw = gzip.decompress(one.path.read_bytes()).decode("utf-8")
    assert [s for s in SECRETS if s in raw] == []
    assert NAMED["customer_name"] in raw and named.number in raw and anon.number in raw
    assert '"scope":"staff:' in raw and "pin_hash" not in raw     # staff, never their PINs
    lines = fmt.decode(one.path.read_bytes()).lines
    scrubbed = [line for line in lines if line.get("scrubbed")]
    assert {line["kind"] for line in scrubbed} == {"event", "duty"}
    package.receive(HO, one.path)
    stored = " ".join(r.data for r in HoChainRow.select()) + " ".join(
        r.data for r in HoGroup.select())
    assert [s for s in SECRETS if s in stored] == []
    # the hall itself keeps them
    assert TicketEvent.select().where(TicketEvent.after.contains(ANON["customer_name"])).exists()
    assert Ticket.get_by_id(anon.id).anonymous


def test_a_hall_restored_from_an_older_backup_does_not_reuse_a_sequence(hall, tmp_path,
                                                                        monkeypatch):
    """The database's own record of packages goes back with a restore: this PC's journal
    and the packages already in the folder refuse package 2 a second time."""
    admin = hall["admin"]
    _register(hall["liuyang"])
    package.export(admin, _packages(tmp_path / "a"))
    before = settings.get(package.STATE_KEY)          # the backup is taken here
    _register(hall["liuyang"])
    two = package.export(admin, _packages(tmp_path / "a"))
    assert two.sequence == 2
    with write_transaction():                         # ... and restored: the record goes back
        settings.put(package.STATE_KEY, before)
    _register(hall["chenjing"])
    for folder in (tmp_path / "a", tmp_path / "b"):   # the same stick, or an empty one
        with pytest.raises(HallError) as refused:
            package.export(admin, _packages(folder))
        assert refused.value.key == "package.error.restored"
        assert (refused.value.params["sequence"], refused.value.params["last"]) == (2, 2)
    assert len(list(_packages(tmp_path / "a").iterdir())) == 2
    assert not list(_packages(tmp_path / "b").iterdir())
    # another PC (no journal) writing onto the stick that holds package 2 is refused too
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "other-pc"))
    with pytest.raises(HallError) as refused:
        package.export(admin, _packages(tmp_path / "a"))
    assert refused.value.key == "package.error.restored" and two.path.name in str(
        refused.value.params["where"])


def test_only_a_head_office_administrator_reads_a_package_in(hall, headoffice, tmp_path):
    one = package.export(hall["admin"], _packages(tmp_path))
    for who in (hall["wangli"], hall["liuyang"]):
        with pytest.raises(PermissionDenied):
            package.receive(who, one.path)
    assert HoPackage.select().count() == 0
    assert package.receive(HO, one.path).already is False
    assert HoPackage.get().received_by == "ho"
