"""The administrator's tasks: departments, categories and counters (``services.admin``), staff
accounts (``services.staff``), the lists each preset industry starts with; every change on
the state chain, administrators only."""

from __future__ import annotations

import pytest

from hall_desk.core import i18n
from hall_desk.core.enums import Role
from hall_desk.core.errors import HallError, NotFound, PermissionDenied, ValidationError
from hall_desk.services import admin, audit, catalog, setup, staff
from hall_desk.store.models import Category, Department, StateEvent


def _verified() -> None:
    reports = audit.verify()
    assert all(r.ok for r in reports), [r.message() for r in reports if not r.ok]


def _last_state(scope: str) -> StateEvent:
    return StateEvent.select().where(StateEvent.scope == scope) \
        .order_by(StateEvent.id.desc()).get()


def test_a_department_is_added_renamed_and_taken_out_of_use_on_the_chain(hall):
    boss = hall["admin"]
    added = admin.add(boss, "department", code=" kf2 ", name="客服二部", name_en="CS 2")
    assert (added.code, added.name, added.name_en, added.active) == ("KF2", "客服二部", "CS 2",
                                                                      True)
    assert _last_state(f"department:{added.id}").origin == f"staff:{boss.staff_id}"
    renamed = admin.rename(boss, "department", "kf2", name="客户服务二部")
    assert (renamed.name, renamed.name_en) == ("客户服务二部", "CS 2")
    assert "KF2" in [c.code for c in catalog.departments()]
    admin.set_active(boss, "department", "KF2", False)
    assert "KF2" not in [c.code for c in catalog.departments()]
    assert [e.active for e in admin.entries("department") if e.code == "KF2"] == [False]
    _verified()


def test_english_names_show_in_english_only(hall):
    admin.rename(hall["admin"], "department", "CS", name_en="Customer service")
    i18n.set_language("en")
    assert "Customer service" in [c.name for c in catalog.departments()]
    i18n.set_language("zh")
    assert "Customer service" not in [c.name for c in catalog.departments()]


def test_bad_input_names_every_field_and_writes_nothing(hall):
    before = StateEvent.select().count()
    with pytest.raises(ValidationError) as caught:
        admin.add(hall["admin"], "category", code="产品", name="  ")
    assert set(caught.value.errors) == {"code", "name"}
    assert "名称" in caught.value.message()
    with pytest.raises(ValidationError) as caught:
        admin.add(hall["admin"], "category", code="other", name="另一个其他")
    assert "other" in caught.value.message() and "已被使用" in caught.value.message()
    with pytest.raises(ValidationError):
        admin.add(hall["admin"], "counter", code="A-12345", name="太长")
    with pytest.raises(NotFound):
        admin.rename(hall["admin"], "department", "NOPE", name="无")
    assert StateEvent.select().count() == before


def test_only_an_administrator_may_edit_the_lists(hall):
    for login in ("liuyang", "wangli"):
        with pytest.raises(PermissionDenied) as caught:
            admin.add(hall[login], "department", code="X", name="某部")
        assert "修改设置" in caught.value.message()
    with pytest.raises(PermissionDenied):
        staff.reset_pin(hall["wangli"], hall["liuyang"].staff_id)


def test_the_last_category_in_use_stays(hall):
    boss = hall["admin"]
    codes = [e.code for e in admin.entries("category")]
    for code in codes[:-1]:
        admin.set_active(boss, "category", code, False)
    with pytest.raises(HallError) as caught:
        admin.set_active(boss, "category", codes[-1], False)
    assert caught.value.key == "admin.error.last_active"
    assert [c.code for c in catalog.categories()] == codes[-1:]
    admin.set_active(boss, "category", codes[0], True)
    assert len(catalog.categories()) == 2
    _verified()


def test_a_counter_is_added_renamed_and_deactivated(hall):
    boss = hall["admin"]
    counter = admin.add(boss, "counter", code="b2", name="二号窗口")
    assert (counter.code, counter.name, counter.name_en) == ("B2", "二号窗口", "")
    admin.rename(boss, "counter", "B2", name="综合窗口")
    admin.set_active(boss, "counter", "B2", False)
    assert [(e.name, e.active) for e in admin.entries("counter") if e.code == "B2"] == \
        [("综合窗口", False)]
    assert setup.ensure_counter("B2") == "B2"        # a PC still set to it keeps working
    _verified()


def test_staff_department_role_and_deactivation(hall):
    boss, clerk = hall["admin"], hall["liuyang"]
    info = staff.update(boss, clerk.staff_id, department_code="ops", role=Role.SUPERVISOR,
                        name="刘阳")
    assert (info.department_code, info.role, info.name) == ("OPS", Role.SUPERVISOR, "刘阳")
    assert staff.update(boss, clerk.staff_id, department_code="").department == ""
    with pytest.raises(ValidationError) as caught:
        staff.update(boss, clerk.staff_id, department_code="NOPE", role="boss")
    assert set(caught.value.errors) == {"department", "role"}
    gone = staff.set_active(boss, clerk.staff_id, False)
    assert not gone.active
    assert clerk.staff_id not in [s.id for s in staff.list_staff()]
    assert staff.find("LIUYANG").id == clerk.staff_id
    _verified()


def test_the_last_administrator_stays(hall):
    boss = hall["admin"]
    admins = [s for s in staff.list_staff() if s.role is Role.ADMIN]
    assert [a.id for a in admins] == [boss.staff_id]
    with pytest.raises(HallError) as caught:
        staff.set_active(boss, boss.staff_id, False)
    assert caught.value.key == "admin.error.last_admin"
    with pytest.raises(HallError):
        staff.update(boss, boss.staff_id, role=Role.COUNTER)
    staff.update(boss, hall["wangli"].staff_id, role=Role.ADMIN)
    staff.update(boss, boss.staff_id, role=Role.SUPERVISOR)     # another admin remains


def test_a_reset_pin_voids_the_old_one_and_ends_a_lockout(hall):
    from hall_desk.core.errors import AuthError

    boss, clerk = hall["admin"], hall["liuyang"]
    for _ in range(staff.MAX_FAILED_LOGINS):
        with pytest.raises(AuthError):
            staff.authenticate("liuyang", "000000", "A1")
    new = staff.reset_pin(boss, clerk.staff_id)
    assert len(new) == 6 and new.isdigit()
    assert staff.authenticate("liuyang", new, "A1").staff_id == clerk.staff_id
    given = staff.reset_pin(boss, clerk.staff_id, "24681357")
    assert given == "24681357"
    with pytest.raises(AuthError):
        staff.authenticate("liuyang", new, "A1")
    assert len(staff.reset_pin(boss, hall["wangli"].staff_id)) == 8   # a supervisor's is long
    with pytest.raises(HallError):
        staff.reset_pin(boss, clerk.staff_id, "12")
    _verified()


@pytest.mark.parametrize("preset,expected", [
    ("state_grid", ["电费电价", "业扩报装", "停电与供电质量", "计量装置", "服务态度", "收费与票据"]),
    ("banking", ["存款业务", "贷款业务", "银行卡"]),
    ("default", ["产品质量", "服务质量", "价格与收费", "售后服务", "其他"]),
])
def test_each_preset_industry_starts_with_its_own_lists(store, preset, expected):
    setup.initialise(hall_name="某厅", counter_code="A1", admin_name="管理员",
                     admin_login="boss", admin_pin="12345678", preset=preset)
    names = [c.name for c in catalog.categories()]
    assert names[:len(expected)] == expected
    assert all(c.name_en for c in Category.select())
    assert all(d.name_en for d in Department.select())
    from hall_desk.services import deadlines

    assert deadlines.current_preset() == preset
    _verified()


def test_an_unknown_preset_is_refused_by_name(store):
    with pytest.raises(ValidationError) as caught:
        setup.initialise(hall_name="某厅", counter_code="A1", admin_name="管理员",
                         admin_login="boss", admin_pin="12345678", preset="shop")
    assert set(caught.value.errors) == {"preset"}
    assert not setup.is_initialised()


def test_a_pin_given_by_the_administrator_must_be_replaced_by_its_owner(hall):
    boss, clerk = hall["admin"], hall["liuyang"]
    assert not staff.must_change_pin(clerk.staff_id)
    given = staff.reset_pin(boss, clerk.staff_id)
    assert staff.must_change_pin(clerk.staff_id)
    staff.change_pin(staff.authenticate("liuyang", given, "A1"), clerk.staff_id, "97531")
    assert not staff.must_change_pin(clerk.staff_id)
    staff.reset_pin(boss, boss.staff_id, "86420000")         # one's own: nothing to replace
    assert not staff.must_change_pin(boss.staff_id)
