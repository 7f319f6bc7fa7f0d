"""Who has the hall's SQLite file open, so that a restore never pulls the file away from a
live counter.

Every process that opens the file (:func:`hall_desk.store.connection.open_database`)
registers in a folder beside it, ``<file>.open/``: one small JSON file per open database
(counter, PC, process id, command, since when), held under an exclusive OS lock (``flock``
on Linux/macOS, ``msvcrt.locking`` on Windows) for as long as the database is open. The OS
drops the lock when the process ends, also by a crash or a power cut, so an entry nobody
holds is stale and is removed by the next look.

The folder's ``gate`` lock is taken briefly by every opener while it registers and for the
whole restore by :func:`exclusive`. While a restore holds it nobody can register: an opener
waits (up to the busy bound, ``busy.WAIT_S``) and then hears that a restore is under way.
A restore that finds an entry still locked refuses and names who has the file open.

Why a registry and not only SQLite's locks: an idle window holds no SQLite lock at all, yet
its next save would go into the file being replaced. The limit: a program that opens the
file without hall_desk (the ``sqlite3`` shell) is not registered; the restore then only
notices it when it is inside a transaction (the checkpoint reports busy).
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import socket
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Iterator

from hall_desk.core import i18n
from hall_desk.core.errors import HallError, StoreError

log = logging.getLogger(__name__)

if sys.platform.startswith("win"):
    import msvcrt

    _WIN_LOCK_AT = 1 << 30     # past the content, so that others can still read the entry

    def _try_lock(fd: int) -> bool:
        try:
            os.lseek(fd, _WIN_LOCK_AT, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        try:
            os.lseek(fd, _WIN_LOCK_AT, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        # flock, not lockf: its lock belongs to this open file, so looking at our own entry
        # through a second descriptor can neither take it nor drop it
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def folder_of(database: Path) -> Path:
    return database.with_name(database.name + ".open")


@dataclass
class Registration:
    """This process's entry for one open database; :meth:`release` when closing it."""

    path: Path
    fd: int

    def release(self) -> None:
        if self.fd < 0:
            return
        try:
            self.path.unlink(missing_ok=True)
        except OSError as exc:       # a read-only folder now: the lock still goes with the fd
            log.warning("could not remove %s: %s", self.path, exc)
        os.close(self.fd)
        self.fd = -1


@contextmanager
def _gate(folder: Path, wait: float, error: HallError) -> Iterator[None]:
    fd = os.open(folder / "gate", os.O_RDWR | os.O_CREAT, 0o666)
    try:
        end = time.monotonic() + wait
        while not _try_lock(fd):
            if time.monotonic() >= end:
                raise error
            time.sleep(0.02)
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


def register(database: Path, label: str, *, wait: float | None = None) -> Registration | None:
    """Say that this process has ``database`` open. None when the folder beside it cannot be
    written (a read-only folder: SQLite cannot write there either). Waits while a restore
    runs, then StoreError ``presence.error.restoring``."""
    from hall_desk.store import busy

    folder = folder_of(database)
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        log.warning("cannot register the open database in %s: %s", folder, exc)
        return None
    name = f"{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(4)}.json"
    entry = {"label": label, "host": socket.gethostname(), "pid": os.getpid(),
             "command": " ".join(Path(a).name if i == 0 else a for i, a in enumerate(sys.argv[:2])),
             "since": datetime.now().isoformat(timespec="seconds")}
    try:
        with _gate(folder, busy.WAIT_S if wait is None else wait,
                   StoreError("presence.error.restoring")):
            fd = os.open(folder / name, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
            if not _try_lock(fd):            # a fresh random name: cannot happen
                os.close(fd)
                raise OSError(f"cannot lock {folder / name}")
            os.write(fd, json.dumps(entry, ensure_ascii=False).encode())
    except OSError as exc:
        log.warning("cannot register the open database in %s: %s", folder, exc)
        return None
    return Registration(folder / name, fd)


@dataclass(frozen=True)
class Holder:
    """Someone with the database open (from an entry still locked)."""

    label: str
    host: str
    pid: int
    since: str

    def describe(self, lang: str | None = None) -> str:
        return i18n.text("presence.who", lang, label=self.label or "hall_desk", host=self.host,
                         pid=self.pid, since=self.since.replace("T", " "))


def holders(database: Path) -> list[Holder]:
    """Everyone with ``database`` open now (this process included), oldest first. Stale
    entries are removed on the way."""
    folder = folder_of(database)
    found: list[Holder] = []
    if not folder.is_dir():
        return found
    for path in sorted(folder.glob("*.json")):
        try:
            fd = os.open(path, os.O_RDWR)
        except FileNotFoundError:
            continue
        try:
            free = _try_lock(fd)
            if free:
                path.unlink(missing_ok=True)    # its process ended without closing
                _unlock(fd)
                continue
            try:
                data = json.loads(path.read_text(encoding="utf-8") or "{}")
            except (OSError, ValueError):
                data = {}
            found.append(Holder(str(data.get("label", "")), str(data.get("host", "?")),
                                int(data.get("pid", 0) or 0), str(data.get("since", "?"))))
        finally:
            os.close(fd)
    return sorted(found, key=lambda h: h.since)


class StillOpen(HallError):
    """A restore refused: ``holders`` still have the database open."""

    key = "presence.error.open"

    def __init__(self, found: list[Holder]) -> None:
        self.holders = found
        super().__init__(who="; ".join(h.describe() for h in found))

    def message(self, lang: str | None = None) -> str:
        return i18n.text(self.key, lang, who="; ".join(h.describe(lang) for h in self.holders))


@contextmanager
def exclusive(database: Path, *, wait: float = 2.0) -> Iterator[None]:
    """Nobody has ``database`` open, and nobody can open it, inside the block. Raises
    :class:`StillOpen` naming who has it open (this process's own open database too)."""
    folder = folder_of(database)
    folder.mkdir(exist_ok=True)
    with _gate(folder, wait, HallError("presence.error.gate")):
        found = holders(database)
        if found:
            raise StillOpen(found)
        yield
