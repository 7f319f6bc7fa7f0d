"""The bases a refusal at the counter commonly rests on (不予受理的依据, manual 001
第九条(二)), from ``resources/templates/refusals.toml``; free text is allowed besides. A
basis is Chinese text or ``{ zh = "…", en = "…" }``: the record keeps the Chinese."""

from __future__ import annotations

import tomllib
from functools import lru_cache

from hall_desk import paths
from hall_desk.core import i18n
from hall_desk.core.templates import shown, text_pair


@lru_cache(maxsize=1)
def _pairs() -> tuple[tuple[str, str], ...]:
    data = tomllib.loads(paths.resource_path("templates", "refusals.toml").read_text("utf-8"))
    return tuple(p for p in map(text_pair, data.get("bases", ())) if p[0])


def bases() -> tuple[str, ...]:
    """The bases in Chinese, as a record keeps them."""
    return tuple(zh for zh, _ in _pairs())


def choices(lang: str | None = None) -> list[tuple[str, str]]:
    """(as the window shows it, Chinese) of each basis, in order."""
    lang = lang or i18n.language()
    return [(shown(zh, en, lang), zh) for zh, en in _pairs()]
