"""The counter's words in force (:mod:`hall_desk.core.phrases`): the shipped template
``resources/templates/phrases.toml``, replaced by an administrator's edited copy kept in the
settings table (key :data:`SETTINGS_KEY`, as the reception templates are), and the
vague-promise check of the texts a service receives.

Saving raises the version by one when anything changed. A broken stored copy is logged and
the shipped file is used, so the counter always has its words.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from hall_desk import paths
from hall_desk.core import i18n
from hall_desk.core import phrases as rules
from hall_desk.core.auth import require
from hall_desk.core.errors import HallError
from hall_desk.services import settings
from hall_desk.services.context import Actor
from hall_desk.store.tx import write_transaction

log = logging.getLogger(__name__)

SETTINGS_KEY = "phrases.template"
TEMPLATE_FILE = ("templates", "phrases.toml")
#: the texts of an intake checked for promises the clerk wrote down
INTAKE_TEXTS = ("content", "demand")
#: the texts of a lifecycle action in which the hall speaks to the customer
REPLY_TEXTS = ("reply_content", "solution")


def builtin() -> rules.Template:
    """The shipped template."""
    return rules.parse_template(paths.resource_path(*TEMPLATE_FILE).read_text(encoding="utf-8"))


def template() -> rules.Template:
    """The template in force: the administrator's copy, else the shipped one."""
    stored = settings.get(SETTINGS_KEY)
    if isinstance(stored, dict):
        try:
            return rules.template_from_dict(stored)
        except HallError as exc:
            log.error("stored phrase template not loaded: %s", exc)
    return builtin()


def save_template(actor: Actor, data: Mapping[str, Any]) -> rules.Template:
    """Save an edited template (an administrator only): validated, and the version raised
    by one above the one in force when anything changed (unchanged: the one in force)."""
    require(actor.role, "edit_settings")
    current = template()
    candidate = rules.template_from_dict(dict(data, version=1))
    if candidate.same_content(current):
        return current
    candidate = rules.template_from_dict(dict(candidate.as_dict(), version=current.version + 1))
    with write_transaction():
        settings.put(SETTINGS_KEY, candidate.as_dict())
    log.info("phrase template saved as version %s by %s", candidate.version, actor.login)
    return candidate


def promise_warnings(data: Mapping[str, Any], *, mode: str = "reply",
                     fields: tuple[str, ...] | None = None) -> dict[str, str]:
    """Field -> a warning in the user's language for each text of ``data`` with a vague
    promise (``mode`` "intake" checks :data:`INTAKE_TEXTS`, "reply" :data:`REPLY_TEXTS`).
    A warning, never a refusal: the caller shows it and lets the person go on."""
    chosen = fields or (INTAKE_TEXTS if mode == "intake" else REPLY_TEXTS)
    in_force = template()
    out: dict[str, str] = {}
    for key in chosen:
        value = data.get(key)
        if not isinstance(value, str) or not value:
            continue
        found = rules.vague_promises(value, in_force, mode)
        if found:
            out[key] = warning(key, found)
    return out


def warning(key: str, found: list[rules.VaguePromise]) -> str:
    """The words of the warning on field ``key`` that holds the vague promises ``found``."""
    words = "、".join(dict.fromkeys(f"“{f.word}”" for f in found))
    return i18n.text("phrases.warning", field=i18n.text(f"field.{key}"), words=words)
