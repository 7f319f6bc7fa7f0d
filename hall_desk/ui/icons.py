"""Icons from ``resources/icons`` (SVG, drawn for this program)."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtGui import QIcon

from hall_desk import paths

APP = "hall_desk"


@lru_cache(maxsize=None)
def icon(name: str) -> QIcon:
    """The icon ``resources/icons/<name>.svg``; an empty icon if the file is missing."""
    path = paths.resource_path("icons", f"{name}.svg")
    return QIcon(str(path)) if path.is_file() else QIcon()
