"""Entry point: ``hall-desk`` and ``python -m hall_desk``.

Order of start-up: arguments -> this PC's config -> language -> logging -> database -> (only
for the window) Qt. The command line never imports Qt.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from hall_desk.cli import run

    return run(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
