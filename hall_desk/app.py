"""Start-up: the order in which a run of ``hall-desk`` begins, for the window and for a
command alike, and how a failure on the way is told.

arguments -> this PC's config -> language -> logging -> database -> window or command.
Owner-only file modes (umask 077) come first of all. The command line never imports Qt:
the window's module is imported only when the window is what was asked for.

:mod:`hall_desk.cli` gives the parser and the commands (``cli.run`` calls :func:`start`);
:class:`~hall_desk.runtime.Runtime` is what a command or the window gets. The words of the
lines written here (``cli.*`` keys) are registered by :mod:`hall_desk.cli`, the only caller.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import Callable

from hall_desk import config
from hall_desk.core import auth, i18n
from hall_desk.core.enums import Role
from hall_desk.core.errors import HallError, PermissionDenied, ValidationError
from hall_desk.runtime import Runtime, open_headoffice_if_marked, open_store

log = logging.getLogger(__name__)

EXIT_ERROR = 2


class CliError(Exception):
    """A one-line failure for the command line."""



def _tell_window(func, line: str) -> None:
    """The window could not start (e.g. a damaged database): show the line in a dialog too."""
    if func is run_window:
        from hall_desk.ui.app import show_start_error

        show_start_error(line)


def _permission_line(exc: PermissionDenied) -> str:
    """Which role the refused action needs, and for the system actor: log in."""
    action = str(exc.params.get("action", ""))
    roles = i18n.text("cli.or").join(i18n.text(f"role.{r.value}")
                                     for r in auth.roles_for(action.removeprefix("action.")))
    what = i18n.text(action) if i18n.has(action) else action
    if exc.params.get("role") == f"role.{Role.SYSTEM.value}":
        return i18n.text("cli.error", message=i18n.text("cli.login_needed", action=what,
                                                          roles=roles))
    return i18n.text("cli.error", message=i18n.text(
        "cli.role_needed", role=i18n.text(str(exc.params.get("role", ""))), action=what,
        roles=roles))


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):   # not a real file (a test's capture)
        pass


def error_line(exc: BaseException) -> str:
    if isinstance(exc, PermissionDenied) and "action" in exc.params and \
            auth.roles_for(str(exc.params["action"]).removeprefix("action.")):
        return _permission_line(exc)
    if isinstance(exc, ValidationError):
        parts = [f"{field}: {err.message()}" for field, err in exc.errors.items()]
        return i18n.text("cli.error", message="; ".join(parts))
    if isinstance(exc, HallError):
        return i18n.text("cli.error", message=exc.message())
    return i18n.text("cli.error", message=str(exc))



def start(parser: argparse.ArgumentParser, argv: list[str] | None = None,
          dispatch: Callable[[Runtime], int] | None = None) -> int:
    """Parse, set up and run one command, or the window. Returns the exit status."""
    from hall_desk.logsetup import setup_logging
    from hall_desk.paths import private_umask

    private_umask()    # every file made from here on is the owner's only (POSIX)
    args = parser.parse_args(argv)
    local = config.load()
    i18n.set_language(args.lang or local.language or i18n.DEFAULT_LANG)
    log_file = setup_logging(verbose=args.verbose)
    rt = Runtime(args, local)
    func = dispatch or getattr(args, "func", run_window)
    try:
        if func is run_window and not getattr(args, "skip_store", False) \
                and open_headoffice_if_marked(args):
            rt.headoffice = True         # a head office's database: its own login and pages
        elif not getattr(args, "skip_store", False):
            # the window quick-checks the file while Qt starts (ui.app.run_gui waits for it
            # before the first dialog); a command checks it before it goes on
            open_store(args, check="later" if func is run_window else True)
        code = func(rt)
        sys.stdout.flush()          # a closed pipe shows here, not at exit
        return code
    except BrokenPipeError:
        # the reader went away (``queue --json | head -1``): what it wanted it has, so end
        # quietly; later writes to stdout go nowhere instead of failing again at exit
        _silence_stdout()
        return 0
    except (HallError, CliError) as exc:
        print(error_line(exc), file=sys.stderr)
        _tell_window(func, exc.message() if isinstance(exc, HallError) else str(exc))
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the last guard: one line for the user, the trace in the log
        from hall_desk.store.failures import explain

        known = explain(exc)   # a full disk, a read-only folder: words, not a type name
        if known is not None:
            log.warning("%s failed: %s", args.command or "gui", exc, exc_info=True)
            print(error_line(known), file=sys.stderr)
            _tell_window(func, known.message())
            return EXIT_ERROR
        log.exception("unexpected error in %s", args.command or "gui")
        print(i18n.text("cli.unexpected", message=f"{type(exc).__name__}: {exc}", log=log_file),
              file=sys.stderr)
        _tell_window(func, i18n.text("cli.unexpected", message=f"{type(exc).__name__}: {exc}",
                                     log=log_file))
        return EXIT_ERROR


def run_window(rt: Runtime) -> int:
    """The window: the default without a command, and ``hall-desk gui``."""
    from hall_desk.runtime import import_window_services

    import_window_services()               # before Qt, which slows every import after it
    from hall_desk.ui.app import run_gui   # Qt is imported only here

    return run_gui(rt)
