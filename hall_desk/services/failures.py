"""Failures in words, for the window (which does not import the store): a full disk, a
read-only file, a damaged database. The words and the telling apart are
:mod:`hall_desk.store.failures`'; this is the window's door to them.
"""

from __future__ import annotations

from hall_desk.core import i18n
from hall_desk.core.errors import HallError
from hall_desk.store import failures, opencheck


def explain(exc: BaseException) -> HallError | None:
    """A HallError a clerk can act on for ``exc`` (itself when it is one), or None when it
    is unexpected."""
    return failures.explain(exc)


def is_damage_message(text: str) -> bool:
    """Whether ``text`` is the message of a damaged database file."""
    prefix = i18n.text("error.db_damaged", detail="\0").split("\0")[0]
    return text.startswith(prefix)


def confirm_sound() -> None:
    """Wait for the quick_check the window's start left running (see
    ``store.connection.open_database(check="later")``); StoreError ``error.db_damaged`` when
    the file is damaged."""
    opencheck.confirm_sound()


def release_check() -> None:
    """The window has been painted: the start-up quick_check may take its turn now."""
    opencheck.release()


def check_finished() -> bool:
    """Whether the window's start-up quick_check has ended (or none is running)."""
    return opencheck.finished()
