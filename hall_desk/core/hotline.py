"""Hotline work orders (热线工单): most complaints reach a hall through a hotline's portal, as
a work order with the hotline's own number and its own time limit (domain.md §13).

One table of the hotlines (:data:`SOURCES`, in the style of :mod:`hall_desk.core.kinds`), the
check of a work order's number, source and limit, the hotline's limit as a deadline beside
the hall's own (never in their place), and the column mapping a portal's list is read and
the replies written with (``resources/templates/hotline/*.toml``).

Plain Python: no Qt, no peewee.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from hall_desk.core import i18n
from hall_desk.core.deadlines import Deadline, DeadlineState, Unit
from hall_desk.core.errors import FieldError, HallError, ValidationError


@dataclass(frozen=True)
class Source:
    """One hotline a work order can come from."""

    code: str          # stored on the ticket, used on the command line and in templates
    zh: str
    en: str

    def title(self, lang: str | None = None) -> str:
        return self.zh if (lang or i18n.language()) == "zh" else self.en


SOURCES: tuple[Source, ...] = (
    Source("95598", "95598 供电服务热线", "95598 power supply hotline"),
    Source("12345", "12345 政务服务便民热线", "12345 city services hotline"),
    Source("12378", "12378 银行保险消费者投诉热线", "12378 banking and insurance hotline"),
    Source("12398", "12398 能源监管热线", "12398 energy regulation hotline"),
    Source("other", "其他热线", "Other hotline"),
)
_BY_CODE = {s.code: s for s in SOURCES}

NUMBER_MAX = 40
# letters, digits and the separators portals put in their numbers (2026-11-0001, GD/2026/7)
_NUMBER_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_./-]*$")
RULE = "hotline"                  # the hotline limit's code among a ticket's deadlines
FIELDS = ("hotline_source", "hotline_number", "hotline_due_at")


def source(code: str) -> Source:
    """The hotline of ``code``; FieldError for a code not in the table."""
    found = _BY_CODE.get(str(code or "").strip())
    if found is None:
        raise FieldError("hotline_source", "error.choice", value=code)
    return found


def codes() -> list[str]:
    return [s.code for s in SOURCES]


def label(code: str, lang: str | None = None) -> str:
    """A source's name (its code itself when it is not in the table, as an old record's)."""
    found = _BY_CODE.get(code or "")
    return found.title(lang) if found else (code or "")


def clean_number(value: Any) -> str:
    """A work-order number as stored: trimmed, letters in upper case; "" for none."""
    text = "" if value is None else str(value).strip()
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))                   # a spreadsheet's 2026110001.0
    if not text:
        return ""
    if len(text) > NUMBER_MAX:
        raise FieldError("hotline_number", "error.too_long", max=NUMBER_MAX)
    if not _NUMBER_RE.match(text):
        raise FieldError("hotline_number", "hotline.error.number_chars")
    return text.upper()


def check(data: Mapping[str, Any], errors: dict[str, HallError], out: dict[str, Any],
          when, now: datetime) -> None:
    """The three hotline fields of an intake form into ``out`` (source code, number, due
    time), each problem into ``errors`` by its field. A number needs its source and a
    source its number; the hotline's limit needs both and must lie after the receipt.
    ``when(field, value)`` reads a time as the rest of the form does; ``now`` is the time of
    receipt when the form gives none."""
    try:
        number = clean_number(data.get("hotline_number"))
    except FieldError as exc:
        errors["hotline_number"] = exc
        number = None
    raw = str(data.get("hotline_source") or "").strip()
    code = ""
    if raw:
        try:
            code = source(raw).code
        except FieldError as exc:
            errors["hotline_source"] = exc
    try:
        due = when("hotline_due_at", data.get("hotline_due_at"))
    except FieldError as exc:
        errors["hotline_due_at"] = exc
        due = None
    if number == "" and raw and "hotline_source" not in errors:
        errors["hotline_number"] = FieldError("hotline_number", "hotline.error.number_needed")
    if number and not raw:
        errors["hotline_source"] = FieldError("hotline_source", "hotline.error.source_needed")
    if due is not None and number == "" and "hotline_number" not in errors:
        errors["hotline_due_at"] = FieldError("hotline_due_at", "hotline.error.due_alone")
    if due is not None and "received_at" not in errors and due <= (out.get("received_at") or now):
        errors["hotline_due_at"] = FieldError("hotline_due_at", "hotline.error.due_before")
    out.update(hotline_source=code, hotline_number=number or "", hotline_due_at=due)


def deadline(due: datetime | None, received_at: datetime, replied_at: datetime | None,
             now: datetime, fraction: float) -> Deadline | None:
    """The hotline's own limit as one more deadline of the ticket: met by the reply to the
    customer, due soon and overdue as the hall's rules are (the same share of the span)."""
    if due is None:
        return None
    if replied_at is not None:
        state = DeadlineState.MET
    elif now > due:
        state = DeadlineState.OVERDUE
    elif due - now <= max(due - received_at, timedelta(0)) * fraction:
        state = DeadlineState.DUE_SOON
    else:
        state = DeadlineState.OPEN
    return Deadline(code=RULE, label=i18n.text("deadline.rule.hotline"), due=due, unit=Unit.HOURS,
                    state=state, start=received_at, met_at=replied_at)


def check_link(before: tuple[str, str, datetime | None], after: Mapping[str, Any], note: str,
               errors: dict[str, HallError]) -> None:
    """Linking a registered ticket to a work order afterwards (the customer came first, the
    hotline's work order arrived later, or its number was mistyped). ``before``: the ticket's
    source, number and limit; ``after``: the same three as :func:`check` cleaned them. A link
    that changes nothing is refused; changing or removing one needs ``note``, the reason,
    which the history keeps beside the old and the new values."""
    new = (after["hotline_source"], after["hotline_number"], after["hotline_due_at"])
    if errors:
        return
    if new == tuple(before):
        key = "hotline.error.link_unchanged" if before[1] else "error.required"
        errors["hotline_number"] = FieldError("hotline_number", key)
    elif before[1] and not note:
        errors["note"] = FieldError("note", "hotline.error.relink_note")


def sooner(next_due: datetime | None, next_rule: str, due: datetime | None,
           replied_at: datetime | None) -> tuple[datetime | None, str]:
    """The ticket's next deadline (the queue sorts, colours and filters by it) with the
    hotline's limit counted like the hall's own: the hotline's while it is unmet (no reply
    yet) and comes first."""
    if due is None or replied_at is not None or (next_due is not None and next_due <= due):
        return next_due, next_rule
    return due, RULE


# --------------------------------------------------------------------------- mappings

#: What a mapping's ``[columns]`` may name: our field -> whether a list must have it.
COLUMNS = {"hotline_number": True, "received_at": True, "customer_name": False,
           "phone": False, "address": False, "content": True, "demand": False,
           "hotline_due_at": False, "category": False, "kind": False}
#: The reply export's columns, in their order.
REPLY_COLUMNS = ("ticket_number", "hotline_number", "status", "reply", "handled_at",
                 "handled_by")
_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")


@dataclass(frozen=True)
class Mapping_:
    """A hotline portal's list: which column holds which field, how its categories and
    kinds are called here, and the columns of the replies it takes back."""

    name: str
    title: str
    source: str
    kind: str                                        # the kind when the list has no kind column
    columns: dict[str, str]                          # our field -> the column's heading
    categories: dict[str, str] = field(default_factory=dict)   # theirs -> our code or name
    kinds: dict[str, str] = field(default_factory=dict)        # theirs -> our kind code
    reply: dict[str, str] = field(default_factory=dict)        # REPLY_COLUMNS -> heading
    time_format: str = ""                            # strptime format; "" for ISO-like times


def _text_table(data: Mapping[str, Any], key: str, errors: dict[str, HallError]) -> dict[str, str]:
    table = data.get(key, {})
    if not isinstance(table, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in table.items()):
        errors[key] = FieldError(key, "hotline.error.mapping_table", table=key)
        return {}
    return {k.strip(): v.strip() for k, v in table.items()}


def loads_mapping(text: str, kinds: list[str]) -> Mapping_:
    """A mapping template from its TOML; ValidationError naming every bad entry."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise HallError("hotline.error.mapping_toml", detail=str(exc)) from None
    errors: dict[str, HallError] = {}
    name = str(data.get("name", ""))
    if not _NAME_RE.match(name):
        errors["name"] = FieldError("name", "hotline.error.mapping_name")
    if str(data.get("source", "")) not in _BY_CODE:
        errors["source"] = FieldError("hotline_source", "error.choice", value=data.get("source"))
    kind = str(data.get("kind", "complaint"))
    if kind not in kinds:
        errors["kind"] = FieldError("kind", "error.choice", value=kind)
    columns = _text_table(data, "columns", errors)
    for key in columns:
        if key not in COLUMNS:
            errors[f"columns.{key}"] = FieldError(key, "hotline.error.mapping_field", value=key)
    for key, needed in COLUMNS.items():
        if needed and key not in columns and "columns" not in errors:
            errors[f"columns.{key}"] = FieldError(key, "hotline.error.mapping_missing")
    reply = _text_table(data, "reply", errors)
    for key in reply:
        if key not in REPLY_COLUMNS:
            errors[f"reply.{key}"] = FieldError(key, "hotline.error.mapping_field", value=key)
    kind_map = _text_table(data, "kinds", errors)
    for theirs, ours in kind_map.items():
        if ours not in kinds:
            errors[f"kinds.{theirs}"] = FieldError("kind", "error.choice", value=ours)
    if errors:
        raise ValidationError(errors)
    return Mapping_(name=name, title=str(data.get("title", name)), source=data["source"],
                    kind=kind, columns=columns, categories=_text_table(data, "categories", {}),
                    kinds=kind_map, reply=reply or {k: k for k in REPLY_COLUMNS},
                    time_format=str(data.get("time_format", "")))


def missing_columns(mapping: Mapping_, header: list[str]) -> list[str]:
    """The headings the mapping names that the file's first row lacks."""
    present = {str(h).strip() for h in header}
    return [heading for heading in mapping.columns.values() if heading not in present]


def _time(mapping: Mapping_, value: Any) -> Any:
    """A time cell as the intake form takes it: a datetime, or text read by the mapping's
    format (a spreadsheet gives a datetime, a csv gives text)."""
    if isinstance(value, datetime) or not mapping.time_format or not str(value or "").strip():
        return value
    try:
        return datetime.strptime(str(value).strip(), mapping.time_format)
    except ValueError:
        return value                   # the form names it as a bad time


def intake_of(mapping: Mapping_, row: Mapping[str, Any]) -> dict[str, Any]:
    """One row of a portal's list (heading -> cell) as an intake form: channel ``phone``
    (a hotline call), the mapping's source, its kind unless a kind column maps one."""
    cell = {ours: row.get(heading) for ours, heading in mapping.columns.items()}
    text = {k: ("" if v is None else str(v).strip()) for k, v in cell.items()}
    kind = mapping.kinds.get(text.get("kind", ""), text.get("kind") or mapping.kind)
    data: dict[str, Any] = {
        "kind": kind, "channel": "phone", "hotline_source": mapping.source,
        "hotline_number": cell.get("hotline_number"),
        "received_at": _time(mapping, cell.get("received_at")),
        "hotline_due_at": _time(mapping, cell.get("hotline_due_at")),
        "customer_name": text.get("customer_name", ""), "phone": text.get("phone", ""),
        "address": text.get("address", ""), "content": text.get("content", ""),
        "demand": text.get("demand", ""),
    }
    if text.get("category"):
        data["category"] = mapping.categories.get(text["category"], text["category"])
    return data
