"""PIN rules without a database: the cost every attempt pays, older hashes, the six digits of
supervisors and administrators, and what the command line may do without a login (#16)."""

from __future__ import annotations

import hashlib

import pytest

from hall_desk.core import auth
from hall_desk.core.enums import Role
from hall_desk.core.errors import FieldError


@pytest.fixture
def scrypt_calls(monkeypatch):
    """The (n, r, p) of every scrypt computed, in order."""
    calls: list[tuple[int, int, int]] = []
    real = hashlib.scrypt

    def spy(password, *, salt, n, r, p, dklen, maxmem=0):
        calls.append((n, r, p))
        return real(password, salt=salt, n=n, r=r, p=p, dklen=dklen, maxmem=maxmem)

    monkeypatch.setattr(auth.hashlib, "scrypt", spy)
    return calls


def test_the_real_cost_is_n_2_15_and_hashes_at_it(monkeypatch):
    assert auth.COST_N == 2**15 and (auth._R, auth._P) == (8, 1)
    monkeypatch.setattr(auth, "_N", auth.COST_N)   # the real cost, once
    stored = auth.hash_pin("123456")      # 32 MiB: at OpenSSL's default memory limit
    assert stored.startswith("scrypt$32768$8$1$")
    assert auth.verify_pin("123456", stored) and not auth.needs_rehash(stored)
    assert auth.dummy_hash().startswith("scrypt$32768$8$1$")


def test_unknown_and_known_logins_pay_the_same_scrypt(scrypt_calls):
    stored = auth.hash_pin("2468")
    auth.dummy_hash()
    scrypt_calls.clear()
    today = (auth._N, auth._R, auth._P)
    assert auth.check_pin("2468", None) is False         # no such account
    assert scrypt_calls == [today]
    scrypt_calls.clear()
    assert auth.check_pin("2468", stored) is True
    assert scrypt_calls == [today]
    scrypt_calls.clear()
    assert auth.check_pin("1357", stored) is False
    assert scrypt_calls == [today]
    dummy = auth.dummy_hash()
    assert dummy.split("$")[1:4] == [str(n) for n in today]
    assert auth.dummy_hash() == dummy                    # made once per cost


def test_an_older_cheaper_hash_is_padded_to_todays_cost(scrypt_calls):
    old = auth.hash_pin("2468", n=2**4)
    auth.dummy_hash()
    scrypt_calls.clear()
    assert auth.check_pin("2468", old) is True
    assert (auth._N, auth._R, auth._P) in scrypt_calls and (2**4, 8, 1) in scrypt_calls
    assert auth.needs_rehash(old) and auth.needs_rehash("garbage")
    assert not auth.needs_rehash(auth.hash_pin("2468"))


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.ADMIN, "supervisor", "admin"])
def test_supervisors_and_admins_need_six_digits(role):
    for short in ("1234", "12345"):
        with pytest.raises(FieldError) as info:
            auth.check_pin_format(short, role)
        assert info.value.field == "pin" and info.value.key == "error.pin_format_long"
        assert info.value.message("en") == \
            "Supervisors' and administrators' PINs must be 6 to 8 digits"
    auth.check_pin_format("123456", role)
    auth.check_pin_format("12345678", role)
    with pytest.raises(FieldError):
        auth.check_pin_format("123456789", role)


def test_counter_staff_keep_four_to_eight_digits():
    auth.check_pin_format("1234", Role.COUNTER)
    auth.check_pin_format("1234")
    with pytest.raises(FieldError) as info:
        auth.check_pin_format("123", Role.COUNTER)
    assert info.value.key == "error.pin_format"


def test_the_system_actor_may_not_open_the_doors():
    for action in ("export", "backup", "restore", "view_customer", "view_identity",
                   "print_records", "load_demo"):
        assert not auth.may(Role.SYSTEM, action), action
    assert auth.may(Role.SYSTEM, "register_ticket")
    assert auth.roles_for("export") == [Role.COUNTER, Role.SUPERVISOR, Role.ADMIN]
    assert auth.roles_for("backup") == [Role.SUPERVISOR, Role.ADMIN]
    assert auth.roles_for("restore") == [Role.ADMIN]
    assert auth.roles_for("load_demo") == [Role.ADMIN]
    assert auth.roles_for("view_identity") == [Role.SUPERVISOR, Role.ADMIN]
