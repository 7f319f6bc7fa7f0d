"""Hall-wide settings kept in the database as JSON (hall name, shifts, chosen policy...)."""

from __future__ import annotations

import json
from typing import Any

from hall_desk.core.auth import require
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
