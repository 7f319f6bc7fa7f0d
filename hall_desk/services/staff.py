"""Staff accounts and logging in.

A PIN is checked against its scrypt hash; five failed attempts in a row on a login name lock
that name for fifteen minutes (counted in the database, so restarting does not reset them).
Names without an account are counted and locked the same way (in the ``login_failures``
setting), so neither the message nor the lockout tells which names exist: see
``hall_desk.core.auth`` for the whole rule.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from hall_desk.core import auth
from hall_desk.core.enums import Role
from hall_desk.core.errors import AuthError, FieldError, HallError, NotFound, ValidationError
from hall_desk.core.validation import clean_text
from hall_desk.services.context import Actor, now
from peewee import JOIN

from hall_desk.store.models import Department, Staff
from hall_desk.store import rowstate
from hall_desk.store.tx import write_transaction

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
_LOGIN_RE = re.compile(r"^[a-z0-9_.-]{2,32}$")


@dataclass(frozen=True)
class StaffInfo:
    id: int
    login: str
    name: str
    role: Role
    department: str
    active: bool
    department_code: str = ""


def info(row: Staff) -> StaffInfo:
    """An account as the window and the command line see it."""
    dep = row.department if row.department_id else None
    return StaffInfo(row.id, row.login, row.name, Role(row.role), dep.name if dep else "",
                     row.active, dep.code if dep else "")


def find(login: str) -> StaffInfo:
    """The account with ``login`` (active or not); NotFound otherwise."""
    row = Staff.get_or_none(Staff.login == (login or "").strip().lower())
    if row is None:
        raise NotFound(what="what.staff", key=login)
    return info(row)


def list_staff(*, active_only: bool = True) -> list[StaffInfo]:
    query = Staff.select(Staff, Department).join(Department, JOIN.LEFT_OUTER) \
        .order_by(Staff.role.desc(), Staff.name)
    if active_only:
        query = query.where(Staff.active == True)  # noqa: E712 (peewee expression)
    return [info(r) for r in query]


def clean_name_login(name: str, login: str, errors: dict[str, HallError]) -> tuple[str, str]:
    """An account's name and login as stored; their problems go into ``errors`` (also the
    head office's logins, ``services.headoffice``)."""
    clean_name = ""
    try:
        clean_name = clean_text("name", name, required=True, max_len=32)
    except FieldError as exc:
        errors["name"] = exc
    login_clean = (login or "").strip().lower()
    if not _LOGIN_RE.match(login_clean):
        errors["login"] = FieldError("login", "error.choice", value=login)
    return clean_name, login_clean


def _clean_account(name: str, login: str, pin: str, role: Role | str) -> tuple[str, str, Role]:
    errors: dict[str, HallError] = {}
    clean_name, login_clean = clean_name_login(name, login, errors)
    try:
        role = Role(role)
        if role in (Role.SYSTEM, Role.HEAD_OFFICE):     # a head office's logins are its own
            raise ValueError
    except ValueError:
        errors["role"] = FieldError("role", "error.choice", value=role)
    try:
        auth.check_pin_format(pin, None if "role" in errors else role)
    except FieldError as exc:
        errors["pin"] = exc
    if "login" not in errors and Staff.select().where(Staff.login == login_clean).exists():
        errors["login"] = FieldError("login", "error.login_taken", login=login_clean)
    if errors:
        raise ValidationError(errors)
    return clean_name, login_clean, role


def check_account(*, name: str, login: str, pin: str, role: Role | str) -> None:
    """Validate a new account's fields (every problem at once); writes nothing."""
    _clean_account(name, login, pin, role)


def create_unchecked(*, name: str, login: str, pin: str, role: Role | str,
                     department_code: str | None = None, origin: str = "") -> Staff:
    """Create an account without a permission check (first-run set-up and demo data only)."""
    clean_name, clean_login, clean_role = _clean_account(name, login, pin, role)
    dep = Department.get_or_none(Department.code == department_code) if department_code else None
    with write_transaction():
        row = Staff.create(login=clean_login, name=clean_name, role=clean_role.value,
                           pin_hash=auth.hash_pin(pin), department=dep, created_at=now())
        rowstate.record(f"staff:{row.id}", origin=origin)
        return row


def create(actor: Actor, *, name: str, login: str, pin: str, role: Role | str,
           department_code: str | None = None) -> StaffInfo:
    auth.require(actor.role, "manage_staff")
    if department_code:
        department_code = department_code.strip().upper()
        if not Department.select().where((Department.code == department_code)
                                         & (Department.active == True)).exists():  # noqa: E712
            raise ValidationError({"department": FieldError("department", "error.choice",
                                                            value=department_code)})
    return info(create_unchecked(name=name, login=login, pin=pin, role=role,
                                  department_code=department_code,
                                  origin=f"staff:{actor.staff_id}"))


def _keeps_an_admin(staff_id: int) -> None:
    """Refuse a change that would leave no active administrator (nobody could manage the
    hall any more): call before demoting or deactivating ``staff_id``."""
    others = Staff.select().where((Staff.role == Role.ADMIN.value) & (Staff.id != staff_id)
                                  & (Staff.active == True))  # noqa: E712
    row = Staff.get_or_none(Staff.id == staff_id)
    if row is not None and row.active and row.role == Role.ADMIN.value and not others.exists():
        raise HallError("admin.error.last_admin")


def _chain(actor: Actor, staff_id: int) -> StaffInfo:
    rowstate.record(f"staff:{staff_id}", origin=f"staff:{actor.staff_id}")
    return info(Staff.select(Staff, Department).join(Department, JOIN.LEFT_OUTER)
                 .where(Staff.id == staff_id).get())


def set_active(actor: Actor, staff_id: int, active: bool) -> StaffInfo:
    """Deactivate an account (it can no longer log in; its name stays on what it did) or
    activate it again."""
    auth.require(actor.role, "manage_staff")
    with write_transaction():
        if not active:
            _keeps_an_admin(staff_id)
        if not Staff.update(active=active).where(Staff.id == staff_id).execute():
            raise NotFound(what="what.staff", key=staff_id)
        return _chain(actor, staff_id)


def update(actor: Actor, staff_id: int, *, name: str | None = None,
           role: Role | str | None = None, department_code: str | None = None) -> StaffInfo:
    """Change an account's name, role and/or department (``""``: none); what is None stays.
    The PIN is not touched: someone raised to supervisor or administrator keeps a shorter
    PIN until :func:`reset_pin` (the window offers it with the change)."""
    auth.require(actor.role, "manage_staff")
    row = Staff.get_or_none(Staff.id == staff_id)
    if row is None:
        raise NotFound(what="what.staff", key=staff_id)
    errors: dict[str, HallError] = {}
    values: dict = {}
    if name is not None:
        try:
            values["name"] = clean_text("name", name, required=True, max_len=32)
        except FieldError as exc:
            errors["name"] = exc
    if role is not None:
        try:
            new_role = Role(role)
            if new_role is Role.SYSTEM:
                raise ValueError
            values["role"] = new_role.value
        except ValueError:
            errors["role"] = FieldError("role", "error.choice", value=role)
    if department_code is not None:
        dep = None
        if department_code.strip():
            dep = Department.get_or_none(Department.code == department_code.strip().upper())
            if dep is None or (not dep.active and dep.id != row.department_id):
                errors["department"] = FieldError("department", "error.choice",
                                                  value=department_code)
        values["department"] = dep
    if errors:
        raise ValidationError(errors)
    with write_transaction():
        if values.get("role", Role.ADMIN.value) != Role.ADMIN.value:
            _keeps_an_admin(staff_id)
        Staff.update(**values).where(Staff.id == staff_id).execute()
        return _chain(actor, staff_id)


def new_pin_for(role: Role | str) -> str:
    """A random PIN for a new or reset account: eight digits for the roles that need six or
    more, six for counter staff."""
    digits = 8 if Role(role) in auth.LONG_PIN_ROLES else 6
    return "".join(secrets.choice("0123456789") for _ in range(digits))


def reset_pin(actor: Actor, staff_id: int, new_pin: str | None = None) -> str:
    """An administrator gives an account a new PIN: ``new_pin``, or a random one of the
    length the role needs. The old PIN no longer opens the account, and a lockout ends.
    Unless administrators reset their own, the staff member sets a PIN of their own at the
    next login in the window (:func:`must_change_pin`). Returns the new PIN, to be handed to
    the staff member (it is not kept anywhere)."""
    auth.require(actor.role, "manage_staff")
    row = Staff.get_or_none(Staff.id == staff_id)
    if row is None:
        raise NotFound(what="what.staff", key=staff_id)
    new_pin = new_pin or new_pin_for(row.role)
    change_pin(actor, staff_id, new_pin)
    return new_pin


# Accounts whose PIN an administrator gave (``reset_pin``): the staff member sets one of their
# own at the next login in the window. A list of staff ids in the settings table.
_MUST_CHANGE_KEY = "pin_must_change"


def must_change_pin(staff_id: int) -> bool:
    """True when the account's PIN was given by an administrator and not yet replaced."""
    from hall_desk.services import settings

    return staff_id in (settings.get(_MUST_CHANGE_KEY) or [])


def _mark_must_change(staff_id: int, flag: bool) -> None:
    from hall_desk.services import settings

    ids = set(settings.get(_MUST_CHANGE_KEY) or [])
    if (staff_id in ids) != flag:
        settings.put(_MUST_CHANGE_KEY, sorted(ids ^ {staff_id}))


def change_pin(actor: Actor, staff_id: int, new_pin: str) -> None:
    """Anyone may change their own PIN; an administrator may reset anyone's (the staff
    member then has to choose their own at the next login: :func:`must_change_pin`)."""
    if actor.staff_id != staff_id:
        auth.require(actor.role, "manage_staff")
    row = Staff.get_or_none(Staff.id == staff_id)
    if row is None:
        raise NotFound(what="what.staff", key=staff_id)
    auth.check_pin_format(new_pin, row.role)
    pin_hash = auth.hash_pin(new_pin)
    with write_transaction():
        Staff.update(pin_hash=pin_hash, failed_logins=0, locked_until=None) \
            .where(Staff.id == staff_id).execute()
        rowstate.record(f"staff:{staff_id}", origin=f"staff:{actor.staff_id}")
        _mark_must_change(staff_id, actor.staff_id != staff_id)


# Failed attempts on names that have no account: {name: [failures, locked until or None,
# last failure]}, ISO times. Bounded: entries a day old are dropped, and the oldest beyond
# _NO_ACCOUNT_KEEP (a flood of made-up names cannot grow the row without end).
_NO_ACCOUNT_KEY = "login_failures"
_NO_ACCOUNT_KEEP = 500


def _no_account_state(name: str) -> tuple[int, datetime | None]:
    from hall_desk.services import settings

    entry = (settings.get(_NO_ACCOUNT_KEY) or {}).get(name)
    if not entry:
        return 0, None
    return int(entry[0]), datetime.fromisoformat(entry[1]) if entry[1] else None


def _no_account_record(name: str, failed: int, locked: datetime | None,
                       moment: datetime) -> None:
    from hall_desk.services import settings

    with write_transaction():
        table = settings.get(_NO_ACCOUNT_KEY) or {}
        stale = (moment - timedelta(days=1)).isoformat()
        table = {k: v for k, v in table.items() if v[2] >= stale}
        table[name] = [failed, locked.isoformat() if locked else None, moment.isoformat()]
        if len(table) > _NO_ACCOUNT_KEEP:
            table = dict(sorted(table.items(), key=lambda kv: kv[1][2])[-_NO_ACCOUNT_KEEP:])
        settings.put(_NO_ACCOUNT_KEY, table)


def authenticate(login: str, pin: str, counter_code: str) -> Actor:
    """The Actor for a correct login and PIN of an active account; AuthError otherwise, with
    one message for an unknown name, a disabled account and a wrong PIN, after the same scrypt
    work (``auth.check_pin``). Five failures in a row lock the name for :data:`LOCKOUT`,
    whether it has an account or not; a PIN hashed at an older cost is rehashed on success."""
    name = (login or "").strip().lower()[:64]
    moment = now()
    row = Staff.get_or_none(Staff.login == name) if name else None
    if row is not None:
        failed, locked_until = row.failed_logins, row.locked_until
    else:
        failed, locked_until = _no_account_state(name)
    if locked_until and locked_until > moment:
        auth.check_pin(pin, None)            # the same work as any other attempt
        raise AuthError("error.login_locked", until=locked_until.strftime("%H:%M"))
    right = auth.check_pin(pin, row.pin_hash if row is not None else None)
    if not (right and row.active):
        failed += 1
        locked = moment + LOCKOUT if failed >= MAX_FAILED_LOGINS else None
        kept = 0 if locked else failed
        if row is not None:
            with write_transaction():
                Staff.update(failed_logins=kept, locked_until=locked) \
                    .where(Staff.id == row.id).execute()
        else:
            _no_account_record(name, kept, locked, moment)
        if locked:
            raise AuthError("error.login_locked", until=locked.strftime("%H:%M"))
        raise AuthError()
    changes: dict = {}
    if row.failed_logins or row.locked_until:
        changes.update(failed_logins=0, locked_until=None)
    if auth.needs_rehash(row.pin_hash):
        changes["pin_hash"] = auth.hash_pin(pin)
    if changes:
        with write_transaction():
            Staff.update(**changes).where(Staff.id == row.id).execute()
            if "pin_hash" in changes:           # the login counters are not on the chain
                rowstate.record(f"staff:{row.id}")
    return Actor(staff_id=row.id, name=row.name, role=Role(row.role),
                 counter_code=counter_code, login=row.login)
