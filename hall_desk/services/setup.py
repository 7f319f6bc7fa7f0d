"""First-run set-up of a hall: its name, the first counter, the first administrator, and the
default departments and complaint categories of domain.md §3.1 (editable later)."""

from __future__ import annotations

from hall_desk.core import numbering
from hall_desk.core.enums import Role
from hall_desk.core.errors import FieldError, HallError, SetupError, ValidationError
from hall_desk.core.validation import clean_text
from hall_desk.services import settings, staff
from hall_desk.services.context import now
from hall_desk.store.models import Category, Counter, Department, Staff
from hall_desk.store.tx import write_transaction

DEFAULT_CATEGORIES = [
    ("product_quality", "产品质量", "Product quality"),
    ("service_quality", "服务质量", "Service quality"),
    ("price_charges", "价格与收费", "Price & charges"),
    ("after_sales", "售后服务", "After-sales"),
    ("other", "其他", "Other"),
]

DEFAULT_DEPARTMENTS = [
    ("HALL", "营业厅"),
    ("CS", "客户服务部"),
    ("OPS", "运行维护部"),
    ("BILL", "电费结算中心"),
    ("MKT", "市场营销部"),
]


def is_initialised() -> bool:
    return bool(settings.get("initialised", False))


def require_initialised() -> None:
    if not is_initialised():
        raise SetupError()


def initialise(*, hall_name: str, counter_code: str, admin_name: str, admin_login: str,
               admin_pin: str, hall_phone: str = "", hall_address: str = "") -> Staff:
    """Set up an empty database. All or nothing; refused if the hall is already set up.
    The hall's phone and address (printed on the receipt) are optional."""
    errors: dict[str, HallError] = {}
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
        for position, (cat_code, zh, en) in enumerate(DEFAULT_CATEGORIES):
            Category.insert(code=cat_code, name=zh, name_en=en, position=position) \
                .on_conflict_ignore().execute()
        for dep_code, dep_name in DEFAULT_DEPARTMENTS:
            Department.insert(code=dep_code, name=dep_name).on_conflict_ignore().execute()
        ensure_counter(code)
        admin = staff.create_unchecked(name=admin_name, login=admin_login, pin=admin_pin,
                                       role=Role.ADMIN)
        settings.put("initialised", True)
    return admin


def ensure_counter(code: str, name: str = "") -> str:
    """Register this PC's counter in the hall's database (a new PC joining a shared hall);
    returns its code as stored (normalised)."""
    code = numbering.normalise_counter_code(code)
    with write_transaction():
        Counter.insert(code=code, name=name or f"{code}号柜台", created_at=now()) \
            .on_conflict_ignore().execute()
        return Counter.get(Counter.code == code).code
