"""The material checklists of 一次性告知制, from ``resources/templates/materials.toml``.
A business's name and each material are Chinese text or ``{ zh = "…", en = "…" }`` (see
:mod:`hall_desk.core.templates`): an English window shows the English, tickets and printed
notices keep the Chinese."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache

from hall_desk import paths
from hall_desk.core import i18n
from hall_desk.core.templates import shown, text_pair


@dataclass(frozen=True)
class Business:
    code: str
    name: str
    materials: tuple[str, ...]
    name_en: str = ""
    materials_en: tuple[str, ...] = ()      # beside ``materials``; "" where none is given

    def shown_name(self, lang: str | None = None) -> str:
        return shown(self.name, self.name_en, lang or i18n.language())

    def shown_materials(self, lang: str | None = None) -> list[tuple[str, str]]:
        """(Chinese, as the window shows it) of each material, in order."""
        lang = lang or i18n.language()
        return [(zh, shown(zh, en, lang)) for zh, en in zip(self.materials, self.materials_en)]


@lru_cache(maxsize=1)
def businesses() -> tuple[Business, ...]:
    data = tomllib.loads(paths.resource_path("templates", "materials.toml").read_text("utf-8"))
    out = []
    for b in data.get("business", []):
        name, name_en = text_pair(b["name"])
        pairs = [text_pair(m) for m in b.get("materials", ())]
        out.append(Business(b["code"], name, tuple(zh for zh, _ in pairs), name_en,
                            tuple(en for _, en in pairs)))
    return tuple(out)


def find(code_or_name: str) -> Business | None:
    for business in businesses():
        if code_or_name in (business.code, business.name):
            return business
    return None


def business_name(code_or_name: str) -> str:
    """The business's name for a stored code ("transfer" → 过户); free text as it is."""
    business = find(code_or_name or "")
    return business.name if business else (code_or_name or "")


def business_shown(code_or_name: str, lang: str | None = None) -> str:
    """:func:`business_name` as the window shows it (English in an English window)."""
    business = find(code_or_name or "")
    return business.shown_name(lang) if business else (code_or_name or "")


def material_shown(name: str, lang: str | None = None) -> str:
    """A stored (Chinese) material as the window shows it; one not listed as it is."""
    for business in businesses():
        for zh, text in business.shown_materials(lang):
            if zh == name:
                return text
    return name
