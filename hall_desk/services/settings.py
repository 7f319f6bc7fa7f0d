"""Hall-wide settings kept in the database as JSON (hall name, shifts, chosen policy...)."""

from __future__ import annotations

import json
from typing import Any

from hall_desk.core.auth import require
from hall_desk.core.errors import FieldError, HallError, ValidationError
from hall_desk.core.validation import clean_text, parse_phone
from hall_desk.services.context import Actor
from hall_desk.store.models import Setting
from hall_desk.store.tx import write_transaction


def get(key: str, default: Any = None) -> Any:
    row = Setting.get_or_none(Setting.key == key)
    return json.loads(row.value) if row else default


def put(key: str, value: Any) -> None:
    """Unchecked write, for the services themselves (set-up, migrations)."""
    text = json.dumps(value, ensure_ascii=False)
    Setting.insert(key=key, value=text).on_conflict(
        conflict_target=[Setting.key], update={Setting.value: text}).execute()


def change(actor: Actor, key: str, value: Any) -> None:
    """A change made by a person: only an administrator may."""
    require(actor.role, "edit_settings")
    with write_transaction():
        put(key, value)


def hall_name() -> str:
    return get("hall_name", "")


def hall_contact() -> dict[str, str]:
    """The hall's phone and address as printed on the receipt ("" when not set)."""
    return {"phone": get("hall_phone", ""), "address": get("hall_address", "")}


def check_contact(phone: str | None, address: str | None) -> dict[str, str]:
    """The hall's phone (a Chinese number, shown as printed) and address, cleaned; both may
    be empty. Raises ValidationError naming ``hall_phone`` / ``hall_address``."""
    errors: dict[str, HallError] = {}
    out = {"phone": "", "address": ""}
    if (phone or "").strip():
        try:
            out["phone"] = parse_phone(phone or "", "hall_phone").display
        except FieldError as exc:
            errors["hall_phone"] = exc
    try:
        out["address"] = clean_text("hall_address", address, required=False, max_len=128)
    except FieldError as exc:
        errors["hall_address"] = exc
    if errors:
        raise ValidationError(errors)
    return out


def change_hall(actor: Actor, *, name: str, phone: str = "", address: str = "") -> None:
    """An administrator renames the hall or changes its phone and address (printed from the
    next print on)."""
    require(actor.role, "edit_settings")
    errors: dict[str, HallError] = {}
    try:
        name = clean_text("hall_name", name, required=True, max_len=64)
    except FieldError as exc:
        errors["hall_name"] = exc
    try:
        contact = check_contact(phone, address)
    except ValidationError as exc:
        errors.update(exc.errors)
    if errors:
        raise ValidationError(errors)
    with write_transaction():
        put("hall_name", name)
        put("hall_phone", contact["phone"])
        put("hall_address", contact["address"])


def hall_id() -> str:
    """This hall's stable id (a UUID), carried by its packages to the head office; made the
    first time it is asked for (at set-up, or a hall's first package). Writes then: call
    inside a write transaction."""
    value = get("hall_id")
    if not value:
        import uuid

        value = str(uuid.uuid4())
        put("hall_id", value)
    return value
