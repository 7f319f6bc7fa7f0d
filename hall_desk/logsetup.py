"""Logging to a rotating file in the user's log folder (and to stderr when asked); the folder
is 0700 and the files 0600 on Linux and macOS (see ``paths.tighten``)."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from hall_desk import paths


def setup_logging(*, verbose: bool = False, log_dir: Path | None = None) -> Path | None:
    """Returns the log file path, or None if the folder cannot be written (the app still runs)."""
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_hall_desk", False)]:
        root.removeHandler(old)
        old.close()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    target: Path | None = None
    try:
        folder = log_dir or paths.log_dir()
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        target = folder / "hall-desk.log"
        # the owner's only, also when an older version made them readable to all
        for old_file in [folder, target, *folder.glob("hall-desk.log.*")]:
            paths.tighten(old_file)
        handler = logging.handlers.RotatingFileHandler(target, maxBytes=2_000_000, backupCount=5,
                                                       encoding="utf-8")
        paths.tighten(target)                   # made just now, in case the umask was wider
        handler.setFormatter(fmt)
        handler._hall_desk = True
        root.addHandler(handler)
    except OSError:
        target = None
    if verbose:
        stream = logging.StreamHandler()
        stream.setFormatter(fmt)
        stream._hall_desk = True
        root.addHandler(stream)
    return target
