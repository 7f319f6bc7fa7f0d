"""PINs and roles.

PINs are kept only as salted scrypt hashes (``scrypt$n$r$p$salt$hash``, hex). Roles decide
which actions a person may take; the services call :func:`require` before they act, so a
greyed-out button is a courtesy, not the protection.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from hall_desk.core.enums import Role
from hall_desk.core.errors import FieldError, PermissionDenied

# scrypt cost: n=2**14, r=8 takes about 50 ms and 16 MiB here; slow enough against guessing
# a 4-8 digit PIN from a stolen file to need the lockout too, fast enough for a login.
_N, _R, _P = 2**14, 8, 1
_PIN_RE = re.compile(r"^[0-9]{4,8}$")


def check_pin_format(pin: str) -> None:
    if not _PIN_RE.match(pin or ""):
        raise FieldError("pin", "error.pin_format")


def hash_pin(pin: str, *, n: int | None = None) -> str:
    check_pin_format(pin)
    n = n or _N
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=n, r=_R, p=_P, dklen=32)
    return f"scrypt${n}${_R}${_P}${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        got = hashlib.scrypt((pin or "").encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r),
                             p=int(p), dklen=len(digest) // 2)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got.hex(), digest)


# What each role may do. Actions are plain strings so later modules can add their own.
_GRANTS: dict[Role, frozenset[str]] = {
    Role.COUNTER: frozenset({
        "register_ticket", "update_ticket", "write_duty_log", "record_callback",
        "run_reception", "hand_over",
    }),
    Role.SUPERVISOR: frozenset({
        "register_ticket", "update_ticket", "write_duty_log", "record_callback",
        "run_reception", "hand_over", "supervise", "view_identity", "view_statistics",
        "manage_reception", "backup",
    }),
    Role.ADMIN: frozenset({
        "register_ticket", "update_ticket", "write_duty_log", "record_callback",
        "run_reception", "hand_over", "supervise", "view_identity", "view_statistics",
        "manage_reception", "manage_staff", "edit_settings", "backup", "restore",
    }),
    # The command line acts with counter-staff visibility: it never sees anonymous identities.
    Role.SYSTEM: frozenset({"register_ticket", "update_ticket", "write_duty_log"}),
}


def may(role: Role | str, action: str) -> bool:
    return action in _GRANTS.get(Role(role), frozenset())


def require(role: Role | str, action: str) -> None:
    if not may(role, action):
        raise PermissionDenied(role=f"role.{Role(role).value}", action=f"action.{action}")
