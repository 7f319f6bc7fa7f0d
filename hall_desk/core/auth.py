"""PINs and roles.

PINs are kept only as salted scrypt hashes (``scrypt$n$r$p$salt$hash``, hex). Roles decide
which actions a person may take; the services call :func:`require` before they act, so a
greyed-out button is a courtesy, not the protection.

Logging in tells an outsider nothing about which login names exist (the services' side is in
``services.staff.authenticate``):

* Every attempt costs one scrypt at the current parameters: a known login against its hash,
  an unknown login against :func:`dummy_hash` of the same cost (see :func:`check_pin`). A
  hash stored with an older, cheaper cost is checked at its own cost *and* padded with the
  current one, and replaced by a current hash on the next correct login.
* Unknown login, disabled account and wrong PIN give one message (``error.login_failed``).
* Lockout: five failed attempts in a row on a login name lock that *name* for fifteen minutes,
  whether an account has it or not, and from every counter (the command line takes any
  counter code, so counting per counter would give unlimited tries). While locked, every
  attempt says "too many attempts, try after HH:MM" before the PIN is looked at: a right PIN
  gets the same answer as a wrong one (no oracle), and since names without an account lock
  the same way, the message does not show that the account exists.

Supervisors and administrators see identities, sign and restore backups: their PIN has at
least six digits; counter staff keep four to eight.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from hall_desk.core.enums import Role
from hall_desk.core.errors import FieldError, PermissionDenied

# scrypt cost: n=2**15, r=8 uses 32 MiB. A whole login (authenticate) takes a median of 170-220
# ms on the reference machine (2 cores) while it is busy, n=2**16 370 ms: over the 0.3 s a
# login may take, so 2**15 (figures in docs/reliability.md). Against a stolen file that is
# ~14 minutes of one core per 10,000 four-digit PINs; the owner-only file modes and the six
# digits of the roles that matter do the rest.
COST_N = 2**15
_N, _R, _P = COST_N, 8, 1          # _N: tests lower it for speed
_PIN_RE = re.compile(r"^[0-9]{4,8}$")
_LONG_PIN_RE = re.compile(r"^[0-9]{6,8}$")
#: roles whose PIN needs at least six digits
LONG_PIN_ROLES = frozenset({Role.SUPERVISOR, Role.ADMIN})


def check_pin_format(pin: str, role: Role | str | None = None) -> None:
    """4-8 digits; 6-8 for supervisors and administrators (``role`` None: the 4-8 rule)."""
    if not _PIN_RE.match(pin or ""):
        raise FieldError("pin", "error.pin_format")
    if role is not None and Role(role) in LONG_PIN_ROLES and not _LONG_PIN_RE.match(pin):
        raise FieldError("pin", "error.pin_format_long")


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int, dklen: int) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, dklen=dklen,
                          maxmem=256 * r * (n + p + 2))


def hash_pin(pin: str, *, n: int | None = None) -> str:
    check_pin_format(pin)
    n = n or _N
    salt = secrets.token_bytes(16)
    digest = _scrypt(pin, salt, n, _R, _P, 32)
    return f"scrypt${n}${_R}${_P}${salt.hex()}${digest.hex()}"


def _parse(stored: str) -> tuple[int, int, int, bytes, str]:
    scheme, n, r, p, salt, digest = stored.split("$")
    if scheme != "scrypt":
        raise ValueError(scheme)
    return int(n), int(r), int(p), bytes.fromhex(salt), digest


def verify_pin(pin: str, stored: str) -> bool:
    try:
        n, r, p, salt, digest = _parse(stored)
        got = _scrypt(pin or "", salt, n, r, p, len(digest) // 2)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got.hex(), digest)


def needs_rehash(stored: str) -> bool:
    """True when ``stored`` was made with other (older, cheaper) parameters than today's."""
    try:
        n, r, p, _salt, _digest = _parse(stored)
    except ValueError:
        return True
    return (n, r, p) != (_N, _R, _P)


_dummies: dict[tuple[int, int, int], str] = {}


def dummy_hash() -> str:
    """A hash of a random PIN at today's cost, to check unknown logins against."""
    key = (_N, _R, _P)
    if key not in _dummies:
        _dummies[key] = hash_pin(f"{secrets.randbelow(10**8):08d}")
    return _dummies[key]


def check_pin(pin: str, stored: str | None) -> bool:
    """Check ``pin`` against ``stored`` (None: no such account) with at least one scrypt at
    today's cost whatever ``stored`` is, so the time taken does not tell whether it existed."""
    if stored is None:
        verify_pin(pin, dummy_hash())
        return False
    if needs_rehash(stored):
        verify_pin(pin, dummy_hash())      # an old cheap hash must not answer faster
    return verify_pin(pin, stored)


# What each role may do. Actions are plain strings so later modules can add their own.
# view_customer: a named customer's full name, phone and address in one ticket's view (the
# command line's `show`, printed records); view_identity: an anonymous customer's, with a
# reason. export/backup/restore/load_demo guard the command line's doors as much as the window's.
# link_hotline: a ticket and a hotline's work order are one matter on a named person's word
# (the system actor registers a portal's list, it does not link one afterwards).
_STAFF = frozenset({
    "register_ticket", "update_ticket", "write_duty_log", "record_callback",
    "run_reception", "hand_over", "view_customer", "print_records", "export", "run_daily",
    "link_hotline",
})
_GRANTS: dict[Role, frozenset[str]] = {
    Role.COUNTER: _STAFF,
    Role.SUPERVISOR: _STAFF | {
        "supervise", "view_identity", "view_statistics", "manage_reception", "backup",
        "close_daily",
    },
    Role.ADMIN: _STAFF | {
        "supervise", "view_identity", "view_statistics", "manage_reception", "backup",
        "manage_staff", "edit_settings", "restore", "load_demo", "import_calendar",
        "close_daily", "import_package",
    },
    # The command line without a login: counter-staff visibility, masked (no named customer,
    # no anonymous identity, no export, no printed record, no backup).
    Role.SYSTEM: frozenset({"register_ticket", "update_ticket", "write_duty_log"}),
}


def may(role: Role | str, action: str) -> bool:
    return action in _GRANTS.get(Role(role), frozenset())


def roles_for(action: str) -> list[Role]:
    """The staff roles allowed ``action`` (for messages such as "log in as a supervisor")."""
    return [r for r in (Role.COUNTER, Role.SUPERVISOR, Role.ADMIN) if action in _GRANTS[r]]


def require(role: Role | str, action: str) -> None:
    if not may(role, action):
        raise PermissionDenied(role=f"role.{Role(role).value}", action=f"action.{action}")
