"""Checking what is typed at the counter. Every problem names its field; all problems of a
form are reported at once (``ValidationError.errors``), so the clerk fixes them in one go."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from hall_desk.core import i18n, kinds
from hall_desk.core.enums import CallbackWindow, Channel, EmotionalState, Priority, TicketKind
from hall_desk.core.errors import FieldError, HallError, ValidationError

# Times outside these years are typing slips (0202 for 2026) and would overflow the
# deadline arithmetic.
YEARS = (2000, 2099)

_PHONE_TYPES = ("MOBILE", "FIXED_LINE", "FIXED_LINE_OR_MOBILE", "TOLL_FREE")


def has_control_chars(text: str, *, multiline: bool) -> bool:
    """Control characters (NUL, escape...) and lone surrogates, which no database stores."""
    allowed = {"\n", "\t", "\r"} if multiline else set()
    return any(unicodedata.category(ch) in ("Cc", "Cs") and ch not in allowed for ch in text)


def format_char(text: str) -> str | None:
    """The first invisible format character (Unicode Cf: direction overrides and isolates
    U+202A-202E, U+2066-2069, marks U+200E/F, zero-width characters, soft hyphen...) as
    ``U+XXXX``, or None. They let a name display as something else than it is."""
    for ch in text:
        if unicodedata.category(ch) == "Cf":
            return f"U+{ord(ch):04X}"
    return None


def _blank(text: str) -> bool:
    """Nothing visible: white space and invisible format characters (zero-width space,
    direction marks) only."""
    return all(ch.isspace() or unicodedata.category(ch) == "Cf" for ch in text)


def clean_text(field: str, value: Any, *, required: bool, max_len: int,
               multiline: bool = False) -> str:
    """Strip, bound and refuse control and invisible format characters. Raises FieldError.
    Only text (or None) is text: a number, list, mapping or yes/no value is refused, not
    quietly turned into "123"."""
    if value is not None and not isinstance(value, str):
        raise FieldError(field, "intake.error.not_text")
    text = "" if value is None else str(value)
    text = text.replace("\r\n", "\n").strip() if multiline else text.strip()
    if required and _blank(text):
        raise FieldError(field, "error.required")
    if len(text) > max_len:
        raise FieldError(field, "error.too_long", max=max_len)
    if has_control_chars(text, multiline=multiline):
        raise FieldError(field, "error.control_chars")
    code = format_char(text)
    if code:
        raise FieldError(field, "error.format_chars", code=code)
    return text


def clean_field(field: str, value: Any, *, required: bool, max_len: int,
                multiline: bool = False) -> str:
    """:func:`clean_text` for a service: a problem comes as a ValidationError of one field."""
    try:
        return clean_text(field, value, required=required, max_len=max_len, multiline=multiline)
    except FieldError as exc:
        raise ValidationError({field: exc}) from None


@dataclass(frozen=True)
class Phone:
    display: str   # as printed: 138 0013 8000 / 010 8888 6666
    key: str       # digits for search and repeat detection: national significant number


def parse_phone(value: str, field: str = "phone") -> Phone:
    """A Chinese mobile or landline number, with or without +86 / 0 trunk prefix."""
    # imported here: the library's metadata takes a noticeable part of the start-up, and
    # the queue shown first needs no phone parsing
    import phonenumbers

    text = (value or "").strip()
    try:
        number = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException:
        raise FieldError(field, "error.phone_invalid") from None
    if (number.country_code != 86 or not phonenumbers.is_valid_number(number)
            or phonenumbers.number_type(number) not in
            {getattr(phonenumbers.PhoneNumberType, name) for name in _PHONE_TYPES}):
        raise FieldError(field, "error.phone_invalid")
    display = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return Phone(display=display, key=phonenumbers.national_significant_number(number))


def phone_search_key(text: str) -> str:
    """Digits of what was typed in a search box, as stored in ``phone_key``."""
    digits = "".join(ch for ch in text if ch.isdigit())
    if digits.startswith("86") and len(digits) > 11:
        digits = digits[2:]
    return digits.lstrip("0")


def required_fields(kind: str | None) -> frozenset[str]:
    """The intake fields ``kind`` requires (its entry in :mod:`hall_desk.core.kinds`); the
    content alone for a kind not known."""
    try:
        return kinds.get(kind).required
    except ValueError:
        return frozenset({"content"})


LIMITS = {"customer_name": 32, "phone": 32, "address": 200, "content": 5000, "demand": 2000,
          "evidence_note": 2000, "business_type": 64}


def _choice(field: str, value: Any, enum: type) -> Any:
    try:
        return enum(value)
    except ValueError:
        raise FieldError(field, "error.choice", value=value) from None


MAX_MATERIALS = 30


def _when(field: str, value: Any) -> datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        moment = value.replace(tzinfo=None, microsecond=0)
    elif isinstance(value, date):
        moment = datetime.combine(value, datetime.min.time())
    elif isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.strip().replace("T", " ")).replace(tzinfo=None)
        except ValueError:
            raise FieldError(field, "error.choice", value=value) from None
    else:
        raise FieldError(field, "error.choice", value=value)
    if not YEARS[0] <= moment.year <= YEARS[1]:
        raise FieldError(field, "intake.error.year", low=YEARS[0], high=YEARS[1])
    return moment


def read_time(field: str, value: Any) -> datetime | None:
    """A time as the intake form reads it (a datetime, or ISO text); FieldError naming
    ``field`` otherwise."""
    return _when(field, value)


_FLAGS = {"true": True, "1": True, "false": False, "0": False, "": False}


def _flag(field: str, value: Any) -> bool:
    """A yes/no field: a bool, 0/1, or the words true/false (a JSON import); anything else
    is refused rather than read as "yes" because it is not empty."""
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _FLAGS:
        return _FLAGS[value.strip().lower()]
    raise FieldError(field, "intake.error.flag", value=value)


def _materials(value: Any) -> list[str]:
    items = value or []
    if (not isinstance(items, (list, tuple)) or len(items) > MAX_MATERIALS
            or not all(isinstance(i, str) and 0 < len(i.strip()) <= 100
                       and not has_control_chars(i, multiline=False)
                       and not format_char(i) for i in items)):
        raise FieldError("missing_materials", "error.list_of_text", max=MAX_MATERIALS)
    return [i.strip() for i in items]


def validate_intake(data: dict[str, Any], *, now: datetime | None = None) -> dict[str, Any]:
    """Check an intake form. Returns clean values; raises ValidationError naming every bad
    field. Categories are checked by the service (they live in the database). ``now`` is the
    hall's clock: a receipt time may not lie in the future."""
    errors: dict[str, HallError] = {}
    out: dict[str, Any] = {}
    moment = now or datetime.now().replace(microsecond=0)

    def attempt(field: str, fn) -> None:
        try:
            out[field] = fn()
        except FieldError as exc:
            errors[field] = exc

    attempt("kind", lambda: _choice("kind", data.get("kind"), TicketKind))
    attempt("channel", lambda: _choice("channel", data.get("channel") or Channel.WALK_IN.value,
                                       Channel))
    attempt("callback_window", lambda: _choice(
        "callback_window", data.get("callback_window") or CallbackWindow.ANY.value,
        CallbackWindow))
    attempt("emotional_state", lambda: _choice(
        "emotional_state", data.get("emotional_state") or EmotionalState.CALM.value,
        EmotionalState))
    required = required_fields(out.get("kind"))
    attempt("customer_name", lambda: clean_text(
        "customer_name", data.get("customer_name"), required="customer_name" in required,
        max_len=LIMITS["customer_name"]))
    attempt("address", lambda: clean_text("address", data.get("address"), required=False,
                                          max_len=LIMITS["address"]))
    for field in ("content", "demand", "evidence_note"):
        attempt(field, lambda f=field: clean_text(
            f, data.get(f), required=f in required, max_len=LIMITS[f], multiline=True))
    attempt("business_type", lambda: clean_text(
        "business_type", data.get("business_type"), required=False,
        max_len=LIMITS["business_type"]))

    raw_phone = data.get("phone")
    if isinstance(raw_phone, int) and not isinstance(raw_phone, bool) and 0 < raw_phone < 10**15:
        raw_phone = str(raw_phone)         # digits of a phone number in a JSON import
    try:
        phone_text = clean_text("phone", raw_phone, required="phone" in required,
                                max_len=LIMITS["phone"])
    except FieldError as exc:
        errors["phone"] = exc
    else:
        if not phone_text:
            out["phone"] = Phone("", "")
        else:
            attempt("phone", lambda: parse_phone(phone_text))

    attempt("received_at", lambda: _when("received_at", data.get("received_at")))
    if out.get("received_at") and out["received_at"] > moment + timedelta(minutes=1):
        errors["received_at"] = FieldError("received_at", "error.in_future")
    attempt("agreed_due_at", lambda: _when("agreed_due_at", data.get("agreed_due_at")))
    if out.get("agreed_due_at") and out["agreed_due_at"] <= (out.get("received_at") or moment):
        errors["agreed_due_at"] = FieldError("agreed_due_at", "error.agreed_before_received")
    from hall_desk.core import hotline      # its rules load with the first form checked

    hotline.check(data, errors, out, _when, moment)     # a hotline work order (domain.md §13)
    attempt("missing_materials", lambda: _materials(data.get("missing_materials")))
    try:
        raw = data.get("priority")
        if isinstance(raw, (bool, float)) or not isinstance(raw, (int, str, type(None))):
            raise TypeError(raw)             # 2.7 or true is not a priority
        out["priority"] = Priority(int(raw or Priority.NORMAL))
    except (TypeError, ValueError):
        errors["priority"] = FieldError("priority", "error.choice", value=data.get("priority"))
    attempt("anonymous", lambda: _flag("anonymous", data.get("anonymous")))
    attempt("confirmed_by_customer", lambda: _flag("confirmed_by_customer",
                                                   data.get("confirmed_by_customer")))
    if errors:
        raise ValidationError(errors)
    return out
