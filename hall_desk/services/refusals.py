"""The bases a refusal at the counter commonly rests on (不予受理的依据, manual 001
第九条(二)), from ``resources/templates/refusals.toml``; free text is allowed besides."""

from __future__ import annotations

import tomllib
from functools import lru_cache

from hall_desk import paths


@lru_cache(maxsize=1)
def bases() -> tuple[str, ...]:
    data = tomllib.loads(paths.resource_path("templates", "refusals.toml").read_text("utf-8"))
    return tuple(str(b) for b in data.get("bases", ()) if str(b).strip())
