"""Failures in words, for the window (which does not import the store): a full disk, a
read-only file, a damaged database. The words and the telling apart are
:mod:`hall_desk.store.failures`'; this is the window's door to them.
"""

from __future__ import annotations

from hall_desk.core import i18n
from hall_desk.core.errors import HallError
from hall_desk.store import failures


def explain(exc: BaseException) -> HallError | None:
    """A HallError a clerk can act on for ``exc`` (itself when it is one), or None when it
    is unexpected."""
    return failures.explain(exc)


def is_damage_message(text: str) -> bool:
    """Whether ``text`` is the message of a damaged database file."""
    prefix = i18n.text("error.db_damaged", detail="\0").split("\0")[0]
    return text.startswith(prefix)
