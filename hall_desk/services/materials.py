"""The material checklists of 一次性告知制, from ``resources/templates/materials.toml``."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache

from hall_desk import paths


@dataclass(frozen=True)
class Business:
    code: str
    name: str
    materials: tuple[str, ...]


@lru_cache(maxsize=1)
def businesses() -> tuple[Business, ...]:
    data = tomllib.loads(paths.resource_path("templates", "materials.toml").read_text("utf-8"))
    return tuple(Business(b["code"], b["name"], tuple(b.get("materials", ())))
                 for b in data.get("business", []))


def find(code_or_name: str) -> Business | None:
    for business in businesses():
        if code_or_name in (business.code, business.name):
            return business
    return None


def business_name(code_or_name: str) -> str:
    """The business's name for a stored code ("transfer" → 过户); free text as it is."""
    business = find(code_or_name or "")
    return business.name if business else (code_or_name or "")
