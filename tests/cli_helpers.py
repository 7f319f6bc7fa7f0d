"""Running the command line inside a test: the exit code and what it printed, with the
database closed after each call, and the check that an error is one clear line."""

from __future__ import annotations

from hall_desk.cli import run
from hall_desk.store.connection import close_database


def cli(capsys, *args) -> tuple[int, str, str]:
    """``hall-desk ARGS`` in this process: (exit code, stdout, stderr)."""
    capsys.readouterr()
    try:
        code = run(list(args))
    finally:
        close_database()
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def one_clear_line(err: str) -> str:
    """The one line an error prints: no traceback, no 意外错误."""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err and "意外错误" not in err, err
    return lines[0]
