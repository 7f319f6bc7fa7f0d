"""Packages down (issue #21 part 3): the head office writes signed reference packages from
its reference database, a hall that trusts its key applies them, all or nothing, only a
newer version than it has, each recorded on the hall's state chain.

The head office's database runs on a SQLite file and on PostgreSQL (``store``; the
PostgreSQL case skips without HALL_DESK_TEST_PG_URL); the hall on a SQLite file."""

from __future__ import annotations

import base64
import sqlite3
from pathlib import Path

import pytest

from hall_desk.core import reference as fmt
from hall_desk.core.chain import canonical_json
from hall_desk.core.enums import Role
from hall_desk.core.errors import HallError, PermissionDenied
from hall_desk.core.workdays import loads_year
from hall_desk.services import (
    admin, audit, calendar, daily, deadlines, demo, phrases, reception, reference, settings,
    setup, staff,
)
from hall_desk.services.context import Actor
from hall_desk.store.connection import close_database, open_database
from hall_desk.store.models import Category, ReferencePackage, Staff

CALENDAR_2030 = """year = 2030

[[holidays]]
name = "元旦"
name_en = "New Year's Day"
from = 2030-01-01

[[holidays]]
name = "春节"
from = 2030-02-02
to = 2030-02-08
workdays = [2030-01-26, 2030-02-09]
"""


def _actors() -> dict[str, Actor]:
    return {s.login: Actor(s.id, s.name, Role(s.role), demo.DEMO_COUNTER, s.login)
            for s in Staff.select()}


@pytest.fixture
def head_office(store, tmp_path):
    """The head office's reference database (``store``: SQLite, then PostgreSQL), set up as
    a hall of its own with an administrator; returns its administrator."""
    setup.initialise(hall_name="市公司客户服务中心", counter_code="HQ", admin_name="总部管理员",
                     admin_login="hqadmin", admin_pin="12345678")
    return _actors()["hqadmin"]


@pytest.fixture
def out(tmp_path):
    folder = tmp_path / "usb"
    folder.mkdir()
    return folder


def _to_hall(tmp_path: Path) -> dict[str, Actor]:
    """Close the head office's database and open the hall's (set up on first use)."""
    close_database()
    open_database(path=tmp_path / "branch.sqlite3")
    demo.ensure_demo_hall()
    return _actors()


def _trusting_hall(tmp_path: Path) -> dict[str, Actor]:
    people = _to_hall(tmp_path)
    reference.trust(people["admin"], reference.key_paths()[1])
    return people


def _audit_green() -> None:
    reports = audit.verify()
    assert all(r.ok for r in reports), [r.message() for r in reports if not r.ok]


def test_every_kind_goes_from_the_head_office_to_the_hall(head_office, out, tmp_path):
    hq = head_office
    calendar.import_text(hq, CALENDAR_2030, "2030.toml")
    admin.add(hq, "category", code="smart_meter", name="智能电表", name_en="Smart meters")
    admin.rename(hq, "category", "other", name="其他问题")
    template = phrases.template().as_dict()
    template["vague_words"] = [*template["vague_words"], "回头再说"]
    phrases.save_template(hq, template)
    tour = reception.template("tour").as_dict()
    tour["title"] = "总部统一的参观接待"
    reception.SHELF.save(hq, tour)
    policy = deadlines.policy_text().replace('day_end = "17:30"', 'day_end = "17:00"', 1)
    assert policy != deadlines.policy_text()
    deadlines.save_policy(hq, policy)
    written = {}
    for kind, extra in (("calendar", {"year": 2030}), ("policies", {}), ("categories", {}),
                        ("phrases", {}), ("templates", {})):
        written[kind] = reference.export(hq, kind, out, **extra)
        assert written[kind].version == 1 and written[kind].path.suffix == ".hdref"
    key = reference.keygen()
    assert not key.created and all(w.fingerprint == key.fingerprint for w in written.values())

    people = _trusting_hall(tmp_path)
    hall_admin = people["admin"]
    for kind in ("calendar", "policies", "categories", "phrases", "templates"):
        done = reference.apply(hall_admin, written[kind].path)
        assert (done.kind, done.version) == (kind, 1)
    assert deadlines.calendar().year_known(2030)
    assert calendar.show(2030)["source"] == "import"
    assert deadlines.policy_text() == policy
    smart = Category.get(Category.code == "smart_meter")
    assert (smart.name, smart.name_en, smart.active) == ("智能电表", "Smart meters", True)
    assert Category.get(Category.code == "other").name == "其他问题"
    assert "回头再说" in phrases.template().vague_words
    assert reception.template("tour").title == "总部统一的参观接待"
    assert ReferencePackage.select().count() == 5
    shown = {s.kind: s for s in reference.status(2030)}
    assert {k: (s.version, s.source) for k, s in shown.items()} == {
        "calendar": (1, "package"), "policies": (1, "package"), "categories": (1, "package"),
        "phrases": (1, "package"), "templates": (1, "package"), "staff": (None, "local")}
    assert shown["phrases"].issuer == "市公司客户服务中心"
    _audit_green()
    # edited here afterwards: Settings says so
    admin.rename(hall_admin, "category", "smart_meter", name="智能电能表")
    assert {s.kind: s.source for s in reference.status(2030)}["categories"] == "local"


def test_the_calendar_in_the_package_is_a_calendar_import_file(head_office, out, tmp_path):
    calendar.import_text(head_office, CALENDAR_2030, "2030.toml")
    ref = fmt.decode(reference.export(head_office, "calendar", out, year=2030).path.read_bytes())
    text = ref.content["file"]
    assert loads_year(text).to_dict() == loads_year(CALENDAR_2030).to_dict()
    (tmp_path / "2030.toml").write_text(text, encoding="utf-8")
    close_database()
    open_database(path=tmp_path / "other.sqlite3")
    demo.ensure_demo_hall()
    done = calendar.import_file(_actors()["admin"], tmp_path / "2030.toml")
    assert (done.year, done.holidays, done.workdays) == (2030, 8, 2)


def _head_office_again(request, tmp_path: Path) -> None:
    """Close the hall's database and open the head office's again (``store``'s place)."""
    close_database()
    open_database(**request.getfixturevalue("store").place)


def test_staff_travel_with_a_pin_hash_and_must_choose_their_own(head_office, out, tmp_path,
                                                                request):
    hq = head_office
    staff.create(hq, name="新员工", login="xinyuan", pin="246810", role=Role.COUNTER)
    staff.create(hq, name="王丽", login="wangli", pin="999999", role=Role.ADMIN)
    _to_hall(tmp_path)
    hall_id = settings.hall_id()
    _head_office_again(request, tmp_path)
    with pytest.raises(HallError) as refused:
        reference.export(hq, "staff", out, hall=hall_id, logins=["xinyuan", "nobody"])
    assert refused.value.key == "error.not_found" and refused.value.params["key"] == "nobody"
    written = reference.export(hq, "staff", out, hall=hall_id, logins=["xinyuan", "WangLi"])
    assert written.version == 1
    assert b"246810" not in written.path.read_bytes()
    assert "246810" not in str(fmt.decode(written.path.read_bytes()).content)
    people = _trusting_hall(tmp_path)
    old_pin_hash = Staff.get(Staff.login == "wangli").pin_hash
    reference.apply(people["admin"], written.path)
    new = Staff.get(Staff.login == "xinyuan")
    assert staff.must_change_pin(new.id)
    assert staff.authenticate("xinyuan", "246810", "A1").name == "新员工"
    moved = Staff.get(Staff.login == "wangli")
    assert moved.role == "admin" and moved.pin_hash == old_pin_hash    # her PIN stays
    assert Staff.get_or_none(Staff.login == "hqadmin") is None         # not in the package
    _audit_green()


def test_a_staff_package_for_another_hall_is_refused(head_office, out, tmp_path):
    written = reference.export(head_office, "staff", out,
                               hall="00000000-0000-4000-8000-000000000000")
    people = _trusting_hall(tmp_path)
    with pytest.raises(HallError) as refused:
        reference.apply(people["admin"], written.path)
    assert refused.value.key == "reference.error.other_hall"
    assert Staff.get_or_none(Staff.login == "hqadmin") is None


def test_refusals_apply_nothing(head_office, out, tmp_path):
    admin.add(head_office, "category", code="smart_meter", name="智能电表")
    one = reference.export(head_office, "categories", out)
    admin.rename(head_office, "category", "smart_meter", name="智能电能表")
    two = reference.export(head_office, "categories", out)
    assert (one.version, two.version) == (1, 2)
    people = _to_hall(tmp_path)
    hall_admin = people["admin"]

    def refused(path) -> str:
        with pytest.raises(HallError) as caught:
            reference.apply(hall_admin, path)
        assert Category.get_or_none(Category.code == "smart_meter") is None \
            or ReferencePackage.select().count() == 1
        return caught.value.key

    assert refused(one.path) == "reference.error.untrusted"     # no key installed yet
    reference.trust(hall_admin, reference.key_paths()[1])
    altered = tmp_path / "altered.hdref"
    for at in (12, len(one.path.read_bytes()) // 2, len(one.path.read_bytes()) - 9):
        data = bytearray(one.path.read_bytes())
        data[at] ^= 0x01
        altered.write_bytes(bytes(data))
        assert refused(altered) in ("reference.error.damaged", "reference.error.signature")
    # signed by another key that names itself: the signature holds, the key is not trusted
    stranger = tmp_path / "stranger"
    reference.keygen(stranger)
    content = fmt.decode(two.path.read_bytes()).content
    forged = fmt.encode({**fmt.decode(two.path.read_bytes()).manifest, "version": 9}, content,
                        (stranger / reference.KEY_FILE).read_bytes())
    (tmp_path / "forged.hdref").write_bytes(forged)
    assert refused(tmp_path / "forged.hdref") == "reference.error.untrusted"
    # the trusted key named, another key's signature: a bad signature
    raw = fmt.raw_public(reference.key_paths()[1].read_bytes())
    bad = {**fmt.decode(forged).manifest, "key": base64.b64encode(raw).decode()}
    (tmp_path / "bad.hdref").write_bytes(canonical_json(bad).encode() + b"\n"
                                         + canonical_json(content).encode() + b"\n")
    assert refused(tmp_path / "bad.hdref") == "reference.error.signature"
    assert ReferencePackage.select().count() == 0

    assert reference.apply(hall_admin, two.path).version == 2
    assert Category.get(Category.code == "smart_meter").name == "智能电能表"
    for older_or_equal in (one.path, two.path):
        with pytest.raises(HallError) as caught:
            reference.apply(hall_admin, older_or_equal)
        assert caught.value.key == "reference.error.not_newer"
    assert ReferencePackage.select().count() == 1
    _audit_green()


def test_categories_for_another_industry_are_refused(head_office, out, tmp_path):
    with pytest.raises(HallError) as refused:
        reference.export(head_office, "categories", out, industry="bakery")
    assert refused.value.key == "error.choice" and list(out.iterdir()) == []
    written = reference.export(head_office, "categories", out, industry="state_grid")
    people = _trusting_hall(tmp_path)
    with pytest.raises(HallError) as refused:
        reference.apply(people["admin"], written.path)
    assert refused.value.key == "reference.error.industry"


def test_only_administrators_export_trust_and_apply(head_office, out, tmp_path):
    written = reference.export(head_office, "phrases", out)
    people = _to_hall(tmp_path)
    for who in (people["wangli"], people["liuyang"]):
        with pytest.raises(PermissionDenied):
            reference.trust(who, reference.key_paths()[1])
        with pytest.raises(PermissionDenied):
            reference.apply(who, written.path)
        with pytest.raises(PermissionDenied):
            reference.export(who, "phrases", out)


def test_a_quiet_edit_of_the_applied_record_is_caught(head_office, out, tmp_path):
    written = reference.export(head_office, "phrases", out)
    people = _trusting_hall(tmp_path)
    reference.apply(people["admin"], written.path)
    _audit_green()
    close_database()
    con = sqlite3.connect(tmp_path / "branch.sqlite3")
    con.execute("UPDATE reference_package SET version = 7")
    con.commit()
    con.close()
    open_database(path=tmp_path / "branch.sqlite3")
    broken = [r for r in audit.verify() if not r.ok]
    assert [(r.chain, r.reason, r.params) for r in broken] == [
        ("state_rows", "audit.reason.state_changed", {"scope": "reference:1"})]


def test_the_signing_key_is_made_once_and_kept_out_of_packages(head_office, out, tmp_path):
    first = reference.keygen()
    assert first.created and first.path.stat().st_mode & 0o077 == 0
    again = reference.keygen()
    assert not again.created and again.fingerprint == first.fingerprint
    data = reference.export(head_office, "templates", out).path.read_bytes()
    assert b"PRIVATE" not in fmt.decode(data).manifest.get("key", "").encode()
    assert first.path.read_bytes() not in data
    assert set(fmt.decode(data).content) == {"reception", "daily"}
    assert {t.name for t in daily.SHELF.all()} <= set(fmt.decode(data).content["daily"])


def test_a_key_slipped_into_the_database_by_hand_is_caught(head_office, out, tmp_path):
    written = reference.export(head_office, "phrases", out)
    stranger = reference.keygen(tmp_path / "stranger")
    _to_hall(tmp_path)
    close_database()
    raw = fmt.raw_public(stranger.public_path.read_bytes())
    con = sqlite3.connect(tmp_path / "branch.sqlite3")
    con.execute("INSERT INTO access_log (at, staff_id, action, ticket_id, reason) VALUES "
                "('2026-12-01 09:00:00', 1, 'reference_trust', NULL, ?)",
                (canonical_json({"fingerprint": stranger.fingerprint, "key": raw.hex(),
                                 "file": "x.pub"}),))
    con.commit()
    con.close()
    open_database(path=tmp_path / "branch.sqlite3")
    assert [k["fingerprint"] for k in reference.trusted()] == [stranger.fingerprint]
    assert written.fingerprint != stranger.fingerprint
    broken = [r for r in audit.verify() if not r.ok]
    assert [(r.chain, r.reason) for r in broken] == [("state_rows", "audit.reason.state_missing")]
