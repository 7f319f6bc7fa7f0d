"""Entry point: ``hall-desk`` and ``python -m hall_desk``.

The order of start-up is :func:`hall_desk.app.start`'s: owner-only file modes (umask 077) ->
arguments -> this PC's config -> language -> logging -> database -> window or command. The
command line never imports Qt.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from hall_desk.paths import private_umask

    private_umask()    # before anything is written: files 0600, folders 0700 (POSIX)
    from hall_desk.cli import run

    return run(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
