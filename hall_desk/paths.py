"""Where things live: the user's data, log and config folders (platformdirs) and the
read-only resources shipped with the program, both from source and from a frozen bundle."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "hall-desk"
APP_AUTHOR = "hall-desk"
DB_FILENAME = "hall_desk.sqlite3"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR))


def default_db_path() -> Path:
    return data_dir() / DB_FILENAME


def resources_dir() -> Path:
    """The ``resources/`` folder: beside the package in a source tree or an installed wheel
    built from it, or inside the PyInstaller bundle (``sys._MEIPASS``)."""
    override = os.environ.get("HALL_DESK_RESOURCES")
    if override:
        return Path(override)
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
