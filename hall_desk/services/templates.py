"""Versioned templates kept two ways at once: the files shipped in a folder of ``resources/``
and an administrator's edited copy of any of them in the settings table, which replaces the
file of the same name. The reception checklists and the day's checks (一日管理) are kept so;
each feature's core module parses and checks its own template.

Saving raises the version by one when anything but the version changed; what was started
with an older version (a reception run, a day) keeps its own copy.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from hall_desk import paths
from hall_desk.core import i18n
from hall_desk.core.auth import require
from hall_desk.core.errors import HallError
from hall_desk.services import settings
from hall_desk.services.context import Actor
from hall_desk.store.tx import write_transaction

log = logging.getLogger(__name__)


class Versioned(Protocol):
    name: str
    version: int

    def as_dict(self) -> dict[str, Any]: ...


T = TypeVar("T", bound=Versioned)


@dataclass(frozen=True)
class Shelf(Generic[T]):
    """The templates of one feature: ``folder`` under resources/, ``settings_key`` of the
    edited copies, how a file's text and a stored dict become a template, and the words for
    a name that is not there."""

    what: str                                   # for the log: "reception", "daily"
    folder: tuple[str, ...]
    settings_key: str
    parse: Callable[[str], T]
    from_dict: Callable[[Mapping[str, Any]], T]
    unknown_key: str

    def builtin(self) -> dict[str, T]:
        """The shipped templates by name (a broken file is logged and left out rather than
        stopping the hall)."""
        found: dict[str, T] = {}
        for path in sorted(paths.resource_path(*self.folder).glob("*.toml")):
            try:
                template = self.parse(path.read_text(encoding="utf-8"))
            except (HallError, OSError, UnicodeDecodeError) as exc:
                log.error("%s template %s not loaded: %s", self.what, path, exc)
                continue
            found[template.name] = template
        return found

    def stored(self) -> dict[str, dict[str, Any]]:
        value = settings.get(self.settings_key, {})
        return value if isinstance(value, dict) else {}

    def all(self) -> list[T]:
        """Every template: the shipped ones, each replaced by the administrator's edited copy."""
        found = self.builtin()
        for name, data in self.stored().items():
            try:
                found[name] = self.from_dict(data)
            except HallError as exc:
                log.error("stored %s template %s not loaded: %s", self.what, name, exc)
        return sorted(found.values(), key=lambda t: t.name)

    def get(self, name: str) -> T:
        for t in self.all():
            if t.name == name:
                return t
        raise HallError(self.unknown_key, value=name)

    def english(self, name: str) -> dict[str, str]:
        """The English of template ``name``'s items as it stands now, by their Chinese text
        (empty for an unknown name). A run or day keeps only the Chinese of its copy: an item
        whose Chinese was changed since has no English and is shown in Chinese."""
        try:
            template = self.get(name)
        except HallError:
            return {}
        return {i.text: i.text_en for i in getattr(template, "items", ()) if i.text_en}

    def title_shown(self, name: str, title: str, lang: str | None = None) -> str:
        """A run's or day's stored ``title`` of template ``name`` as a window in ``lang``
        shows it: the template's English title when it has one and the same Chinese."""
        if (lang or i18n.language()) == "en":
            try:
                template = self.get(name)
            except HallError:
                return title
            if template.title == title and getattr(template, "title_en", ""):
                return template.title_en
        return title

    def shown(self, name: str, items: list[dict[str, Any]],
              lang: str | None = None) -> list[dict[str, Any]]:
        """Copied items (dicts with ``text``) as a window in ``lang`` (default: the window's)
        shows them: ``text`` in English where template ``name`` gives it; records and
        printed sheets take the items as they are stored."""
        if (lang or i18n.language()) != "en":
            return items
        english = self.english(name)
        return [dict(i, text=english.get(i["text"], i["text"])) for i in items]

    def save(self, actor: Actor, data: Mapping[str, Any]) -> T:
        """Save an edited (or new) template: administrators only. The version goes up by one
        when anything changed; an unchanged one is returned as it is."""
        require(actor.role, "edit_settings")
        candidate = self.from_dict(dict(data, version=1))
        existing = {t.name: t for t in self.all()}.get(candidate.name)
        if existing is not None:
            if _unversioned(existing) == _unversioned(candidate):
                return existing
            candidate = self.from_dict(dict(candidate.as_dict(), version=existing.version + 1))
        with write_transaction():
            stored = self.stored()
            stored[candidate.name] = candidate.as_dict()
            settings.put(self.settings_key, stored)
        log.info("%s template %s saved as version %s by %s", self.what, candidate.name,
                 candidate.version, actor.login)
        return candidate


def _unversioned(template: Versioned) -> dict[str, Any]:
    return {k: v for k, v in template.as_dict().items() if k != "version"}
