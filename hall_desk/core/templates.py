"""What the checklist templates have in common (the reception checklists of
:mod:`hall_desk.core.reception`, the day's checks of :mod:`hall_desk.core.daily`): a versioned
TOML file or an administrator's stored copy with a ``name``, a ``title``, a ``version`` and
``items`` grouped by section ({section: [text, ...]}). Each feature keeps its own fields
(seats, rounds) and its own words; the reading of the shared part is here, once. The
counter's words (:mod:`hall_desk.core.phrases`) read their TOML with :func:`loads` too.

A text people read (an item, a business or material name, a refusal basis) is either the
Chinese text alone or a table ``{ zh = "…", en = "…" }``: the English is optional, shown in
an English window (:func:`shown`); records and printed sheets keep the Chinese
(:func:`read_text`, :func:`text_value`).

Errors are gathered into the caller's ``errors`` dict (keys ``name``, ``title``, ``version``,
``items``, ``items.<section>``, ``items.<section>.<n>``) so that a ValidationError names
every bad field at once.

Plain Python: no Qt, no peewee.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from hall_desk.core.enums import StrEnum
from hall_desk.core.errors import FieldError, HallError
from hall_desk.core.validation import clean_text

NAME_RE = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")
TITLE_MAX = 64


def loads(text: str, error_key: str) -> dict[str, Any]:
    """A template file's TOML as data; HallError ``error_key`` (with the parser's ``detail``)
    when it is not TOML."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise HallError(error_key, detail=str(exc)) from None


def read_text(raw: Any) -> tuple[Any, Any]:
    """(Chinese, English) of a text that is plain (no English: None) or a ``{zh, en}`` table,
    as found, for the caller to check (``clean_text`` refuses what is not text)."""
    if isinstance(raw, Mapping):
        return raw.get("zh"), raw.get("en")
    return raw, None


def text_pair(raw: Any) -> tuple[str, str]:
    """(Chinese, English or "") of a text, stripped, for the plain lists read without checks
    (the materials, the refusal bases)."""
    zh, en = read_text(raw)
    return str(zh or "").strip(), str(en or "").strip()


def text_value(zh: str, en: str = "") -> str | dict[str, str]:
    """The text as a template file or a stored copy holds it: plain without English."""
    return {"zh": zh, "en": en} if en else zh


def shown(zh: str, en: str, lang: str) -> str:
    """The text for a window in ``lang``: the English in English where there is one."""
    return en if lang == "en" and en else zh


@dataclass(frozen=True)
class Sections:
    """How one feature names and groups its template's fields, and words their errors (the
    catalogue keys are written out where a feature makes its ``Sections``)."""

    bad_name: Callable[[], FieldError]           # a name that is no lower-case code
    title_field: str                             # the title's name in messages
    bad_version: Callable[[], FieldError]        # a version that is no whole number from 1
    no_items_key: str                            # a template without items
    kind: type[StrEnum]                          # Stage, Phase: the sections, in order
    per_section_max: int
    item_max: int                                # length of one item's text
    unknown_key: str                             # a section that does not exist (value=code)
    not_text_key: str                            # an item that is not text (field=label)
    item_label: Callable[[str, int], str]        # (section code, n) -> the item in words
    #: (section code, its value) -> the error of a value that is no list or too long; None
    #: to take it as an empty section
    bad_list: Callable[[str, Any], FieldError | None]


def read_head(data: Mapping[str, Any], sections: Sections,
              errors: dict[str, HallError]) -> tuple[str, str, int, str]:
    """(name, title, version, English title or ""): the name a lower-case code, the title
    (the name when empty) checked text, the version a whole number from 1."""
    name = str(data.get("name") or "").strip()
    if not NAME_RE.match(name):
        errors["name"] = sections.bad_name()
    title = title_en = ""
    raw_title, raw_en = read_text(data.get("title"))
    try:
        title = clean_text("title", raw_title or name, required=True, max_len=TITLE_MAX)
        title_en = clean_text("title", raw_en, required=False, max_len=TITLE_MAX)
    except FieldError as exc:
        exc.params["field"] = sections.title_field
        errors["title"] = exc
    version = data.get("version", 1)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        errors["version"] = sections.bad_version()
        version = 1
    return name, title, version, title_en


def read_items(raw: Any, sections: Sections,
               errors: dict[str, HallError]) -> list[tuple[Any, int, str, str]]:
    """The items as (section, n, text, English text or ""), n 1-based within its section,
    ordered by section; ``no_items_key`` when there are none and nothing else is wrong with
    them."""
    items: list[tuple[Any, int, str, str]] = []
    raw = raw or {}
    if not isinstance(raw, Mapping):
        errors["items"] = FieldError("items", sections.no_items_key)
        raw = {}
    for code, texts in raw.items():
        try:
            section = sections.kind(code)
        except ValueError:
            errors[f"items.{code}"] = FieldError("items", sections.unknown_key, value=code)
            continue
        if not isinstance(texts, (list, tuple)) or len(texts) > sections.per_section_max:
            error = sections.bad_list(section.value, texts)
            if error is not None:
                errors[f"items.{section.value}"] = error
            continue
        for n, raw_text in enumerate(texts, 1):
            key = f"items.{section.value}.{n}"
            label = sections.item_label(section.value, n)
            text, en = read_text(raw_text)
            try:
                if not isinstance(text, str):
                    raise FieldError(key, sections.not_text_key, field=label)
                clean = clean_text(key, text, required=True, max_len=sections.item_max)
                clean_en = clean_text(key, en, required=False, max_len=sections.item_max)
            except FieldError as exc:
                exc.params["field"] = label
                errors[key] = exc
                continue
            items.append((section, n, clean, clean_en))
    if not items and not any(k.startswith("items") for k in errors):
        errors["items"] = FieldError("items", sections.no_items_key)
    order = {s: i for i, s in enumerate(sections.kind)}
    items.sort(key=lambda i: (order[i[0]], i[1]))
    return items
