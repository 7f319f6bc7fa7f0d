"""Set-up, staff accounts and logging in, on a real database."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hall_desk.core.enums import Role
from hall_desk.core.errors import AuthError, HallError, PermissionDenied, ValidationError
from hall_desk.services import settings, setup, staff
from hall_desk.services.context import now
from hall_desk.store.models import Category, Counter, Department, Staff


def test_initialise_creates_hall_admin_and_defaults(store):
    assert not setup.is_initialised()
    admin = setup.initialise(hall_name=" 城东营业厅 ", counter_code="a1", admin_name="王主管",
                             admin_login="Wang", admin_pin="123456")
    assert setup.is_initialised()
    assert settings.hall_name() == "城东营业厅"
    assert admin.role == "admin" and admin.login == "wang"
    assert admin.pin_hash.startswith("scrypt$") and "123456" not in admin.pin_hash
    assert [c.name for c in Category.select().order_by(Category.position)] == \
        ["产品质量", "服务质量", "价格与收费", "售后服务", "其他"]
    assert Department.select().count() >= 3
    assert Counter.get().code == "A1"
    with pytest.raises(HallError) as info:
        setup.initialise(hall_name="x", counter_code="B1", admin_name="y", admin_login="yy",
                         admin_pin="1234")
    assert info.value.key == "error.already_initialised"
    assert Staff.select().count() == 1


def test_initialise_is_all_or_nothing(store):
    with pytest.raises(ValidationError) as info:
        setup.initialise(hall_name="", counter_code="A-1", admin_name="", admin_login="w",
                         admin_pin="12")
    assert set(info.value.fields) == {"hall_name", "counter_code", "name", "login", "pin"}
    assert not setup.is_initialised()
    assert Staff.select().count() == 0 and Category.select().count() == 0


def test_login_and_lockout(hall, monkeypatch):
    actor = staff.authenticate("LiuYang ", "3333", "A1")
    assert (actor.name, actor.role, actor.counter_code) == ("刘洋", Role.COUNTER, "A1")
    with pytest.raises(AuthError) as info:
        staff.authenticate("nobody", "3333", "A1")
    assert info.value.message("zh") == "姓名或PIN不正确"
    for _ in range(staff.MAX_FAILED_LOGINS - 1):
        with pytest.raises(AuthError) as info:
            staff.authenticate("liuyang", "0000", "A1")
        assert info.value.key == "error.login_failed"
    with pytest.raises(AuthError) as info:
        staff.authenticate("liuyang", "0000", "A1")
    assert info.value.key == "error.login_locked"
    with pytest.raises(AuthError) as info:       # locked: even the right PIN is refused
        staff.authenticate("liuyang", "3333", "A1")
    assert info.value.key == "error.login_locked"
    later = now() + staff.LOCKOUT + timedelta(seconds=1)
    monkeypatch.setattr(staff, "now", lambda: later)
    assert staff.authenticate("liuyang", "3333", "A1").name == "刘洋"
    assert Staff.get(Staff.login == "liuyang").failed_logins == 0


def test_only_admin_manages_staff(hall):
    with pytest.raises(PermissionDenied):
        staff.create(hall["wangli"], name="新人", login="xinren", pin="1234", role="counter")
    info = staff.create(hall["admin"], name="新人", login="xinren", pin="1234", role="counter",
                        department_code="HALL")
    assert info.role is Role.COUNTER and info.department == "营业厅"
    with pytest.raises(ValidationError) as err:
        staff.create(hall["admin"], name="", login="x y", pin="1", role="boss")
    assert set(err.value.fields) == {"name", "login", "pin", "role"}
    with pytest.raises(ValidationError) as err:
        staff.create(hall["admin"], name="重名", login="xinren", pin="12", role="counter")
    assert err.value.errors["login"].message("zh") == "登录名“xinren”已被使用"
    assert set(err.value.fields) == {"login", "pin"}
    staff.set_active(hall["admin"], info.id, False)
    with pytest.raises(AuthError) as err:
        staff.authenticate("xinren", "1234", "A1")
    assert err.value.key == "error.staff_inactive"
    assert "xinren" not in [s.login for s in staff.list_staff()]


def test_change_pin_own_or_by_admin(hall):
    clerk = hall["liuyang"]
    staff.change_pin(clerk, clerk.staff_id, "9999")
    assert staff.authenticate("liuyang", "9999", "A1")
    with pytest.raises(PermissionDenied):
        staff.change_pin(clerk, hall["chenjing"].staff_id, "1234")
    staff.change_pin(hall["admin"], clerk.staff_id, "3333")
    assert staff.authenticate("liuyang", "3333", "A1")


def test_settings_need_an_administrator(hall):
    with pytest.raises(PermissionDenied):
        settings.change(hall["wangli"], "hall_name", "别的")
    settings.change(hall["admin"], "hall_name", "城东供电营业厅（新）")
    assert settings.hall_name() == "城东供电营业厅（新）"
