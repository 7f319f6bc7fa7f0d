"""This PC's own settings (counter code, language, text size, the receipt printer), kept in
a small TOML file in the user's config folder. Hall-wide settings live in the database; these
differ from counter to counter even when all counters share one PostgreSQL database."""

from __future__ import annotations

import os
import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path

import tomli_w

from hall_desk import paths


#: The text sizes a PC may choose, in per cent of the base font (a larger text for a clerk
#: who reads small print badly, or a high-resolution screen without system scaling).
TEXT_SCALES = (100, 125, 150)


@dataclass
class LocalConfig:
    counter_code: str = ""
    language: str = "zh"
    idle_lock_minutes: int = 10
    text_scale: int = 100
    receipt_format: str = "a5"      # this counter's receipt paper: "a5" or the "80mm" roll
    receipt_printer: str = ""       # the receipt printer's name; "" is the system's default


RECEIPT_FORMATS = ("a5", "80mm")


def config_path() -> Path:
    override = os.environ.get("HALL_DESK_CONFIG")
    return Path(override) if override else paths.config_dir() / "config.toml"


def load(path: Path | None = None) -> LocalConfig:
    path = path or config_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return LocalConfig()
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError):
        # A damaged config must not keep the hall from working: fall back to defaults.
        return LocalConfig()
    known = {k: v for k, v in data.items() if k in LocalConfig.__dataclass_fields__}
    cfg = LocalConfig(**known)
    if not isinstance(cfg.idle_lock_minutes, int):
        cfg.idle_lock_minutes = LocalConfig.idle_lock_minutes
    if cfg.text_scale not in TEXT_SCALES:
        cfg.text_scale = LocalConfig.text_scale
    if cfg.receipt_format not in RECEIPT_FORMATS:
        cfg.receipt_format = LocalConfig.receipt_format
    if not isinstance(cfg.receipt_printer, str):
        cfg.receipt_printer = ""
    return cfg


def save(cfg: LocalConfig, path: Path | None = None) -> None:
    """Write atomically: a power cut leaves either the old or the new file, never half.
    The file is the owner's only (0600; on Windows the profile's ACL)."""
    path = path or config_path()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path.parent == paths.config_dir():
        paths.tighten(path.parent)
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)                  # a leftover could have a wider mode
    with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as fh:
        tomli_w.dump(asdict(cfg), fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
