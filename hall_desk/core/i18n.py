"""Words for people, Chinese first, for the layers that have no Qt.

The Qt widgets are translated with Qt's own ``.ts``/``.qm`` files; the core, the services and
the command line speak through this catalogue instead, so that an error raised deep in a
rule reaches the counter clerk in the clerk's language.

The catalogue is data: one TOML file per language, ``resources/translations/catalogue.zh.toml``
and ``catalogue.en.toml``, each mapping every key to its words (``"error.required" =
"{field}不能为空"``). They are read once, on the first look-up, so no module has to be
imported for its words to be known. tests/core/test_catalogue.py checks that both files
have the same keys and that the code uses every key and finds every key it uses.

``text(key, lang, **params)`` looks a key up; unknown keys fall back to the key itself so a
missing entry is visible rather than fatal. ``register`` adds words at run time (tests, and
code merged before its words were moved into the files).
"""

from __future__ import annotations

import logging
import os
import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_LANG = "zh"
LANGS = ("zh", "en")

_current = DEFAULT_LANG


def set_language(lang: str) -> None:
    global _current
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGS)}")
    _current = lang


def language() -> str:
    return _current


CATALOGUE_FILE = "catalogue.{lang}.toml"      # in resources/translations/

# key: (zh, en); filled from the catalogue files on first use (and by ``register``)
_loaded = False
_CATALOG: dict[str, tuple[str, str]] = {}


def catalogue_folder() -> Path:
    """The resources' translations folder, or the shipped one when a moved resources folder
    (``HALL_DESK_RESOURCES``) has no catalogue."""
    # the places of hall_desk.paths.resources_dir, looked up here: core imports nothing above it
    shipped = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[2]))
    moved = os.environ.get("HALL_DESK_RESOURCES")
    places = ([Path(moved) / "translations"] if moved else []) + [shipped / "resources" / "translations"]
    for folder in places:
        if all((folder / CATALOGUE_FILE.format(lang=lang)).is_file() for lang in LANGS):
            return folder
    return folder


# One line of a catalogue file as the files are written: "key" = "words", the words with
# TOML's short escapes at most. Such a file is read line by line, five times faster than
# tomllib (the words are read before the first window shows); any other line (a table, a
# bare key, a \u escape, a comment after the value, a key twice) and the file is tomllib's.
_LINE = re.compile(r'"([^"\\\x00-\x1f\x7f]+)" = "((?:[^"\\\x00-\x08\x0a-\x1f\x7f]|\\[btnfr"\\])*)"')
_COMMENT = re.compile(r"#[^\x00-\x08\x0a-\x1f\x7f]*")
_ESCAPE = re.compile(r"\\(.)")
_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}


def parse_catalogue(text: str) -> dict[str, str]:
    """The keys and words of one catalogue file's text, as ``tomllib.loads`` gives them
    (TOMLDecodeError for a file that is not TOML)."""
    words: dict[str, str] = {}
    for line in text.splitlines():
        if not line or line[0] == "#" and _COMMENT.fullmatch(line):
            continue
        match = _LINE.fullmatch(line)
        if match is None or match[1] in words:
            return tomllib.loads(text)
        value = match[2]
        words[match[1]] = _ESCAPE.sub(lambda e: _ESCAPES[e[1]], value) if "\\" in value else value
    return words


def read_catalogue(folder: Path | None = None) -> dict[str, tuple[str, str]]:
    """Every key of the catalogue files in ``folder`` with its (zh, en) words. A key one
    language lacks takes the other's words (the test keeps the files equal)."""
    folder = folder or catalogue_folder()
    words: dict[str, dict[str, str]] = {}
    for lang in LANGS:
        path = folder / CATALOGUE_FILE.format(lang=lang)
        words[lang] = parse_catalogue(path.read_text(encoding="utf-8"))
    keys = list(words["zh"]) + [k for k in words["en"] if k not in words["zh"]]
    return {k: (words["zh"].get(k, words["en"].get(k)), words["en"].get(k, words["zh"].get(k)))
            for k in keys}


def _catalog() -> dict[str, tuple[str, str]]:
    """The words, read on first use. Unreadable files (a damaged installation) leave the
    keys showing, logged, and are tried again on the next look-up: never a crash."""
    global _loaded
    if not _loaded:
        try:
            words = read_catalogue()
        except (OSError, tomllib.TOMLDecodeError) as exc:
            logging.getLogger(__name__).error("the words catalogue cannot be read: %s", exc)
            return _CATALOG
        _loaded = True
        _add(words)
    return _CATALOG


def text(key: str, lang: str | None = None, /, **params: object) -> str:
    """The words for ``key`` in ``lang`` (default: the current language)."""
    entry = _catalog().get(key)
    if entry is None:
        return key
    template = entry[0] if (lang or _current) == "zh" else entry[1]
    return template.format(**params) if params else template


def has(key: str) -> bool:
    return key in _catalog()


def register(entries: dict[str, tuple[str, str]]) -> None:
    """Add words at run time (the files hold the program's own)."""
    _catalog()
    _add(entries)


def _add(entries: dict[str, tuple[str, str]]) -> None:
    for key, value in entries.items():
        value = tuple(value)
        if key in _CATALOG and _CATALOG[key] != value:
            raise ValueError(f"i18n key {key!r} registered twice with different words")
        _CATALOG[key] = value


@dataclass(frozen=True)
class Phrase:
    """A key with its parameters, put into words when shown (in the language of that
    moment): for a parameter of a message that is itself a message."""

    key: str
    params: dict[str, object] = field(default_factory=dict)

    def text(self, lang: str | None = None) -> str:
        return text(self.key, lang, **self.params)
