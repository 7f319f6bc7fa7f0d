"""Draft autosave: what a clerk types is saved as it is typed (one durable row per form and
counter), offered back at the next start after a crash or power cut, and dropped on save."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from hall_desk.services.context import Actor, now
from hall_desk.store.models import Draft
from hall_desk.store.tx import write_transaction


@dataclass(frozen=True)
class SavedDraft:
    form: str
    data: dict[str, Any]
    updated_at: datetime
    staff_id: int | None


def save(actor: Actor, form: str, data: dict[str, Any]) -> None:
    """Keep ``data`` (JSON-able values) for this counter's ``form``; an empty form clears it."""
    if not any(v not in (None, "", False, [], {}) for v in data.values()):
        discard(actor, form)
        return
    text = json.dumps(data, ensure_ascii=False, default=str)
    moment = now()
    with write_transaction():
        Draft.insert(form=form, counter_code=actor.counter_code, staff=actor.staff_id, data=text,
                     updated_at=moment).on_conflict(
            conflict_target=[Draft.form, Draft.counter_code],
            update={Draft.data: text, Draft.updated_at: moment, Draft.staff: actor.staff_id},
        ).execute()


def load(actor: Actor, form: str) -> SavedDraft | None:
    row = Draft.get_or_none((Draft.form == form) & (Draft.counter_code == actor.counter_code))
    if row is None:
        return None
    try:
        data = json.loads(row.data)
    except json.JSONDecodeError:
        return None
    return SavedDraft(form, data, row.updated_at, row.staff_id)


def discard(actor: Actor, form: str) -> None:
    with write_transaction():
        Draft.delete().where((Draft.form == form)
                             & (Draft.counter_code == actor.counter_code)).execute()
