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
    assert isinstance(admin, staff.StaffInfo)
    assert (admin.role, admin.login, admin.name) == (Role.ADMIN, "wang", "王主管")
    pin_hash = Staff.get_by_id(admin.id).pin_hash
    assert pin_hash.startswith("scrypt$") and "123456" not in pin_hash
    assert [c.name for c in Category.select().order_by(Category.position)] == \
        ["产品质量", "服务质量", "价格与收费", "售后服务", "其他"]
    assert Department.select().count() >= 3
    assert Counter.get().code == "A1"
    with pytest.raises(HallError) as info:
        setup.initialise(hall_name="x", counter_code="B1", admin_name="y", admin_login="yy",
                         admin_pin="123456")
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


def test_unknown_names_lock_like_known_ones(hall, monkeypatch):
    """The lockout does not tell which names exist: a made-up name locks after the same
    number of tries, with the same words, and the right PIN of a locked name is no oracle."""
    seen = {}
    for login, pin in (("liuyang", "0000"), ("nosuchname", "0000")):
        keys = []
        for _ in range(staff.MAX_FAILED_LOGINS + 1):
            with pytest.raises(AuthError) as info:
                staff.authenticate(login, pin, "A1")
            keys.append(info.value.key)
        seen[login] = (keys, info.value.message("zh").split("，")[0])
    assert seen["liuyang"] == seen["nosuchname"]
    assert seen["liuyang"][0] == ["error.login_failed"] * (staff.MAX_FAILED_LOGINS - 1) + \
        ["error.login_locked"] * 2
    assert seen["liuyang"][1] == "尝试次数过多"
    with pytest.raises(AuthError) as info:
        staff.authenticate("liuyang", "3333", "A1")
    assert info.value.key == "error.login_locked"
    with pytest.raises(AuthError) as info:            # another counter: locked all the same
        staff.authenticate("nosuchname", "0000", "B9")
    assert info.value.key == "error.login_locked"
    later = now() + staff.LOCKOUT + timedelta(seconds=1)
    monkeypatch.setattr(staff, "now", lambda: later)
    with pytest.raises(AuthError) as info:
        staff.authenticate("nosuchname", "0000", "A1")
    assert info.value.key == "error.login_failed"


def test_failures_of_made_up_names_stay_bounded(hall, monkeypatch):
    monkeypatch.setattr(staff, "_NO_ACCOUNT_KEEP", 3)
    for i in range(5):
        with pytest.raises(AuthError):
            staff.authenticate(f"ghost{i}", "0000", "A1")
    assert sorted(settings.get("login_failures")) == ["ghost2", "ghost3", "ghost4"]


def test_supervisor_and_admin_pins_have_six_digits(hall):
    with pytest.raises(ValidationError) as err:
        staff.create(hall["admin"], name="新班长", login="xinbz", pin="1234", role="supervisor")
    assert err.value.errors["pin"].message("zh") == "班长/主管和管理员的PIN须为6到8位数字"
    staff.create(hall["admin"], name="新班长", login="xinbz", pin="123456", role="supervisor")
    staff.create(hall["admin"], name="新柜员", login="xingy", pin="1234", role="counter")
    with pytest.raises(HallError) as err:
        staff.change_pin(hall["wangli"], hall["wangli"].staff_id, "1234")
    assert err.value.key == "error.pin_format_long"
    with pytest.raises(ValidationError) as err:
        staff.check_account(name="管", login="guan", pin="12345", role="admin")
    assert set(err.value.fields) == {"pin"}


def test_an_older_cheaper_hash_still_logs_in_and_is_upgraded(hall):
    from hall_desk.core import auth

    old = auth.hash_pin("3333", n=2**4)
    Staff.update(pin_hash=old).where(Staff.login == "liuyang").execute()
    assert auth.needs_rehash(old)
    assert staff.authenticate("liuyang", "3333", "A1").login == "liuyang"
    stored = Staff.get(Staff.login == "liuyang").pin_hash
    assert stored != old and not auth.needs_rehash(stored)
    assert stored.split("$")[1:4] == [str(auth._N), str(auth._R), str(auth._P)]
    assert staff.authenticate("liuyang", "3333", "A1").login == "liuyang"


def test_every_attempt_costs_one_scrypt_at_todays_parameters(hall, monkeypatch):
    """Unknown name, disabled account, wrong and right PIN: the same scrypt parameters (the
    cost, not a time, is what is compared)."""
    import hashlib

    from hall_desk.core import auth

    info = staff.create(hall["admin"], name="停用", login="tingyong", pin="1234",
                        role="counter")
    staff.set_active(hall["admin"], info.id, False)
    calls: list[tuple[int, int, int]] = []
    real = hashlib.scrypt

    def spy(password, *, salt, n, r, p, dklen, maxmem=0):
        calls.append((n, r, p))
        return real(password, salt=salt, n=n, r=r, p=p, dklen=dklen, maxmem=maxmem)

    auth.dummy_hash()                          # made once, not counted as an attempt's work
    monkeypatch.setattr(auth.hashlib, "scrypt", spy)
    today = (auth._N, auth._R, auth._P)
    for login, pin in (("nobody", "1234"), ("tingyong", "1234"), ("liuyang", "0000"),
                       ("liuyang", "3333")):
        calls.clear()
        try:
            staff.authenticate(login, pin, "A1")
        except AuthError as exc:
            assert exc.key == "error.login_failed"
        assert calls == [today], login


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
    with pytest.raises(AuthError) as err:      # the right PIN, but the account is disabled
        staff.authenticate("xinren", "1234", "A1")
    assert err.value.key == "error.login_failed"     # the same words as an unknown name
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
