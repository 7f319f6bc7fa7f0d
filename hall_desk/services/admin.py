"""The administrator's lists: the hall's departments, complaint categories and counters.

Each can be added, renamed and taken out of use (and back); none is ever deleted, since
tickets, staff and ticket numbers refer to them by id and code, and a code is kept for good.
Every write is chained on the ``state`` chain (``store.rowstate``, one row a scope), with the
id of the administrator who made it as the entry's origin, so ``audit verify`` catches a
quiet edit of a row and the chain says who changed it and when.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hall_desk.core import auth, i18n, numbering
from hall_desk.core.errors import FieldError, HallError, NotFound, ValidationError
from hall_desk.core.validation import clean_text
from hall_desk.services.context import Actor, now
from hall_desk.store import rowstate
from hall_desk.store.models import Category, Counter, Department
from hall_desk.store.tx import write_transaction

#: the lists, by the name the command line and the window use
KINDS = ("department", "category", "counter")
_MODELS = {"department": Department, "category": Category, "counter": Counter}
_CODE_RE = {"department": (re.compile(r"^[A-Z0-9_]{1,16}$"), "admin.error.code_department"),
            "category": (re.compile(r"^[a-z0-9_]{1,32}$"), "admin.error.code_category")}
_NAME_MAX = {"department": 64, "category": 32, "counter": 32}
_WHAT = {"department": "what.department", "category": "what.category", "counter": "what.counter"}


@dataclass(frozen=True)
class ListEntry:
    """One row of a list as the window and the command line show it."""

    id: int
    code: str
    name: str
    name_en: str          # "" for counters (they have no English name)
    active: bool

    def shown_name(self) -> str:
        """The name in the user's language (the Chinese one where no English is set)."""
        return (self.name_en or self.name) if i18n.language() != "zh" else self.name

    def to_dict(self) -> dict:
        return {"id": self.id, "code": self.code, "name": self.name, "name_en": self.name_en,
                "active": self.active}


def has_english(kind: str) -> bool:
    return kind != "counter"


def _model(kind: str):
    if kind not in _MODELS:
        raise ValueError(f"unknown list {kind!r}")
    return _MODELS[kind]


def _entry(kind: str, row) -> ListEntry:
    return ListEntry(row.id, row.code, row.name, getattr(row, "name_en", ""), bool(row.active))


def entries(kind: str) -> list[ListEntry]:
    """The whole list, out-of-use rows included, in the order forms offer them."""
    model = _model(kind)
    order = (model.position, model.id) if kind == "category" else (model.code,) \
        if kind == "counter" else (model.id,)
    return [_entry(kind, r) for r in model.select().order_by(*order)]


def _require(actor: Actor) -> None:
    auth.require(actor.role, "edit_settings")


def _origin(actor: Actor) -> str:
    return f"staff:{actor.staff_id}"


def _row(kind: str, code: str):
    model = _model(kind)
    row = model.get_or_none(model.code == _normal_code(kind, code, check=False))
    if row is None:
        raise NotFound(what=_WHAT[kind], key=code)
    return row


def _normal_code(kind: str, code: str, *, check: bool = True) -> str:
    text = (code or "").strip()
    if kind == "counter":
        return numbering.normalise_counter_code(text) if check else text.upper()
    text = text.upper() if kind == "department" else text.lower()
    pattern, key = _CODE_RE[kind]
    if check and not pattern.match(text):
        raise FieldError("code", key, value=code)
    return text


def _names(kind: str, name: str | None, name_en: str | None, errors: dict) -> dict:
    values: dict = {}
    if name is not None:
        try:
            values["name"] = clean_text("list_name", name, required=True,
                                        max_len=_NAME_MAX[kind])
        except FieldError as exc:
            errors["name"] = exc
    if name_en is not None and has_english(kind):
        try:
            values["name_en"] = clean_text("name_en", name_en, required=False, max_len=64)
        except FieldError as exc:
            errors["name_en"] = exc
    return values


def _save(actor: Actor, kind: str, row_id: int) -> ListEntry:
    rowstate.record(f"{kind}:{row_id}", origin=_origin(actor))
    model = _model(kind)
    return _entry(kind, model.get_by_id(row_id))


def add(actor: Actor, kind: str, *, code: str, name: str, name_en: str = "") -> ListEntry:
    """A new row; its code must be new (also among rows out of use)."""
    _require(actor)
    model = _model(kind)
    errors: dict[str, HallError] = {}
    clean_code = ""
    try:
        clean_code = _normal_code(kind, code)
    except FieldError as exc:
        errors["code"] = FieldError("code", exc.key, **{**exc.params, "field": "field.code"})
    values = _names(kind, name, name_en, errors)
    if clean_code and model.select().where(model.code == clean_code).exists():
        errors["code"] = FieldError("code", "admin.error.code_taken", code=clean_code)
    if errors:
        raise ValidationError(errors)
    if kind == "category":
        values["position"] = (model.select().count())
    if kind == "counter":
        values["created_at"] = now()
    with write_transaction():
        row = model.create(code=clean_code, **values)
        return _save(actor, kind, row.id)


def rename(actor: Actor, kind: str, code: str, *, name: str | None = None,
           name_en: str | None = None) -> ListEntry:
    """Change the Chinese and/or English name of the row with ``code`` (the code stays)."""
    _require(actor)
    errors: dict[str, HallError] = {}
    values = _names(kind, name, name_en, errors)
    if errors:
        raise ValidationError(errors)
    with write_transaction():
        row = _row(kind, code)
        if values:
            _model(kind).update(**values).where(_model(kind).id == row.id).execute()
        return _save(actor, kind, row.id)


def set_active(actor: Actor, kind: str, code: str, active: bool) -> ListEntry:
    """Take a row out of use (forms stop offering it; what refers to it keeps it) or back.
    The last row in use of a list stays: intake needs one to choose."""
    _require(actor)
    model = _model(kind)
    with write_transaction():
        row = _row(kind, code)
        if not active and row.active and not model.select().where(
                (model.active == True) & (model.id != row.id)).exists():  # noqa: E712
            raise HallError("admin.error.last_active", what=_WHAT[kind])
        model.update(active=active).where(model.id == row.id).execute()
        return _save(actor, kind, row.id)
