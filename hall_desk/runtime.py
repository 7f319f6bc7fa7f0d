"""What one run of the program has: its arguments, this PC's configuration, who acts, and
the database opened for it. Shared by the command line (:mod:`hall_desk.cli`) and the window
(:mod:`hall_desk.ui`); the order in which a run starts is :mod:`hall_desk.app`'s. The
warnings :func:`open_store` writes use the ``cli.*`` words of :mod:`hall_desk.cli`.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hall_desk import config, paths
from hall_desk.core import i18n
from hall_desk.core.errors import HallError, StoreError

if TYPE_CHECKING:
    from hall_desk.services.context import Actor

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    """What every command gets: parsed arguments and this PC's configuration."""

    args: argparse.Namespace
    local: config.LocalConfig
    actor: Actor | None = None      # who acts, once _cli_actor has decided (logged in or not)
    headoffice: bool = False        # the window is on a head office's database (issue #21)

    @property
    def counter_code(self) -> str:
        return (self.args.counter or self.local.counter_code or "").upper()


def database_location(args: argparse.Namespace) -> tuple[Path | None, str | None]:
    url = args.database_url or os.environ.get("HALL_DESK_DATABASE_URL") or None
    if url:
        return None, url
    path = args.db or os.environ.get("HALL_DESK_DB") or str(paths.default_db_path())
    return Path(path).expanduser(), None


# commands that only read: they still work on a file that cannot be written
READ_ONLY_COMMANDS = {"show", "queue", "sla", "audit", "verify-pdf", "stats"}


def open_store(args: argparse.Namespace, *, check: bool | str = True):
    """Open the database (quick-checked, registered as open by this counter and command); a
    file that cannot be written opens read-only for the commands that only read."""
    from hall_desk.store.connection import close_database, open_database, open_read_only

    path, url = database_location(args)
    counter = (args.counter or config.load().counter_code or "").upper()
    label = " ".join(x for x in (counter, "hall-desk", args.command or "gui") if x)
    try:
        database = open_database(path=path, url=url, check=check, label=label)
    except StoreError as exc:
        if path is None or not path.is_file() or exc.key != "error.db_open":
            raise
        try:
            database = open_read_only(path)     # a read-only folder or file: read it as it is
        except StoreError:
            raise exc from None
        if args.command not in READ_ONLY_COMMANDS:
            close_database()
            raise HallError("error.db_readonly", detail=str(path)) from None
        print(i18n.text("cli.warning", message=i18n.text("cli.read_only", path=path)),
              file=sys.stderr)
        return database
    if path is not None:
        tightened = paths.tighten_database(path)
        if tightened:
            log.info("made owner-only: %s", ", ".join(map(str, tightened)))
    _finish_upgrade()
    _warn_network_share(path)
    if check != "later":         # the window escalates from its own watch, after the check
        _escalate_lapsed()
    return database


def open_headoffice_if_marked(args: argparse.Namespace) -> bool:
    """Open the database as a head office's when ``headoffice init`` marked it so (the
    window then shows the head office's pages); False, nothing opened, for a hall's."""
    from hall_desk.store.headoffice import is_headoffice, open_headoffice

    path, url = database_location(args)
    if not is_headoffice(path=path, url=url):
        return False
    open_headoffice(path=path, url=url)
    return True


def import_window_services() -> None:
    """Import the services the window's first screens use (set-up, login, main window and
    queue) before Qt is: PySide6 reads the source of every module imported after it (its
    ``__feature__`` check), about 0.3 ms a module, 10 ms at the window's start. A module
    missing here only costs that time."""
    import concurrent.futures.thread  # noqa: F401 (the main window's worker threads)

    from hall_desk.services import (  # noqa: F401
        catalog, deadlines, failures, lifecycle, queue, settings, setup, shifts, staff,
    )


def _escalate_lapsed() -> None:
    """Escalate what has lapsed since the store was last open (cheap when nothing has). A
    failure (a read-only copy, a busy database) is logged and never stops the command."""
    from hall_desk.services import lifecycle

    try:
        done = lifecycle.escalate_overdue()
    except Exception as exc:  # noqa: BLE001 (a side task of every command)
        log.warning("escalation check failed: %s", exc)
        return
    if done:
        log.info("escalated %s", ", ".join(done))


def _warn_network_share(path: Path | None) -> None:
    """One line on stderr when the SQLite file is on a network share (not safe)."""
    from hall_desk.services.location import network_warning

    message = network_warning(path) if path is not None else None
    if message:
        print(i18n.text("cli.warning", message=message), file=sys.stderr)


def _finish_upgrade() -> None:
    """Work done after a schema upgrade that needs the services (the deadline policy)."""
    from hall_desk.services import settings
    from hall_desk.store.migrations import DEADLINE_ROWS_KEY

    if not settings.get(DEADLINE_ROWS_KEY, False):
        from hall_desk.services import deadlines
        from hall_desk.store.connection import confirm_sound

        confirm_sound()          # it writes: not into a file whose check is still running
        deadlines.ensure_stored()
