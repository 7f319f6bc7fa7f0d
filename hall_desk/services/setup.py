"""First-run set-up of a hall: its name, its industry (the time-limit preset), the first
counter, the first administrator, and the preset's departments and complaint categories
(domain.md §3.1; edited later in ``services.admin``)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass

from hall_desk import paths
from hall_desk.core import numbering
from hall_desk.core.enums import Role
from hall_desk.core.errors import FieldError, HallError, SetupError, ValidationError
from hall_desk.core.validation import clean_text
from hall_desk.services import deadlines, settings, staff
from hall_desk.services.context import now
from hall_desk.store import rowstate
from hall_desk.store.models import Category, Counter, Department
from hall_desk.store.tx import write_transaction

#: the shipped first lists, one per preset industry (a policy preset's name)
LISTS_FILE = ("templates", "lists.toml")


@dataclass(frozen=True)
class PresetLists:
    categories: list[tuple[str, str, str]]     # (code, Chinese name, English name)
    departments: list[tuple[str, str, str]]


def preset_lists(preset: str) -> PresetLists:
    """The departments and categories a hall of ``preset`` starts with (``default`` for a
    preset that ships none)."""
    data = tomllib.loads(paths.resource_path(*LISTS_FILE).read_text("utf-8"))
    lists = data.get(preset) or data["default"]
    return PresetLists([tuple(c) for c in lists["categories"]],
                       [tuple(d) for d in lists["departments"]])


def is_initialised() -> bool:
    return bool(settings.get("initialised", False))


def require_initialised() -> None:
    if not is_initialised():
        raise SetupError()


def initialise(*, hall_name: str, counter_code: str, admin_name: str, admin_login: str,
               admin_pin: str, preset: str = deadlines.DEFAULT_PRESET, hall_phone: str = "",
               hall_address: str = "") -> staff.StaffInfo:
    """Set up an empty database. All or nothing; refused if the hall is already set up.
    ``preset`` is the industry: its time-limit policy and its first departments and
    categories (``resources/templates/lists.toml``). The hall's phone and address (printed
    on the receipt) are optional."""
    errors: dict[str, HallError] = {}
    if preset not in deadlines.presets():
        errors["preset"] = FieldError("preset", "error.choice", value=preset)
    name = code = ""
    try:
        name = clean_text("hall_name", hall_name, required=True, max_len=64)
    except FieldError as exc:
        errors["hall_name"] = exc
    try:
        code = numbering.normalise_counter_code(counter_code)
    except FieldError as exc:
        errors["counter_code"] = exc
    contact = {"phone": "", "address": ""}
    try:
        contact = settings.check_contact(hall_phone, hall_address)
    except ValidationError as exc:
        errors.update(exc.errors)
    try:
        staff.check_account(name=admin_name, login=admin_login, pin=admin_pin, role=Role.ADMIN)
    except ValidationError as exc:
        errors.update(exc.errors)
    if errors:
        raise ValidationError(errors)
    with write_transaction():
        if is_initialised():
            raise HallError("error.already_initialised")
        settings.put("hall_name", name)
        settings.put("hall_phone", contact["phone"])
        settings.put("hall_address", contact["address"])
        settings.hall_id()                 # the id its packages to the head office carry
        settings.put("policy_preset", preset)
        lists = preset_lists(preset)
        for position, (cat_code, zh, en) in enumerate(lists.categories):
            row = Category.create(code=cat_code, name=zh, name_en=en, position=position)
            rowstate.record(f"category:{row.id}")
        for dep_code, zh, en in lists.departments:
            row = Department.create(code=dep_code, name=zh, name_en=en)
            rowstate.record(f"department:{row.id}")
        ensure_counter(code)
        admin = staff.create_unchecked(name=admin_name, login=admin_login, pin=admin_pin,
                                       role=Role.ADMIN)
        settings.put("initialised", True)
    return staff.info(admin)


def ensure_counter(code: str, name: str = "") -> str:
    """Register this PC's counter in the hall's database (a new PC joining a shared hall);
    returns its code as stored (normalised)."""
    code = numbering.normalise_counter_code(code)
    if Counter.select().where(Counter.code == code).exists():
        return code
    with write_transaction():
        if Counter.insert(code=code, name=name or f"{code}号柜台", created_at=now()) \
                .on_conflict_ignore().execute():
            row = Counter.get(Counter.code == code)
            rowstate.record(f"counter:{row.id}")
        return code
