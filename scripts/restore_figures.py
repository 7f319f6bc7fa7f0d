"""Figures for docs/reliability.md, "Restore under live counters".

    python scripts/restore_figures.py [--rounds 10]

Each round, on a fresh demo hall with a backup of it: two writer processes keep the file
open and register a ticket every ~0.07 s (windows) while 5 restores are attempted; then two
writers that open and close the file around every save (scripts) while a restore is tried
until it is done; then, for comparison, the restore as it was before issue #16 under two
writers of the first kind. Every writer prints a ticket only after the service returned;
afterwards every reported ticket must be in the live file or in the copy kept aside, and
both must pass ``integrity_check``. The same machinery runs once per test in
tests/store/test_restore_live.py. Exit status 1 if anything reported was lost by the
restore of this program (the former restore is expected to lose saves).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "store")]

import test_restore_live as live  # noqa: E402

from hall_desk.core.enums import Role  # noqa: E402
from hall_desk.services import backup, demo  # noqa: E402
from hall_desk.services.context import Actor  # noqa: E402
from hall_desk.store import presence  # noqa: E402
from hall_desk.store.connection import close_database, open_database  # noqa: E402
from hall_desk.store.models import Staff  # noqa: E402


def hall(folder: Path) -> tuple[Path, Path, Actor]:
    path = folder / "hall.sqlite3"
    open_database(path=path)
    demo.ensure_demo_hall()
    s = Staff.get(Staff.login == "admin")
    admin = Actor(s.id, s.name, Role(s.role), "A1", s.login)
    close_database()
    return path, backup.backup(path, folder / "usb"), admin


def run_writers(writers, more: int) -> list[tuple[str, str]]:
    for w in writers:
        w.wait_for(len(w.saved()) + more)
        w.stop()
    return [r for w in writers for r in w.saved()]


def one_round(folder: Path, f: dict[str, int]) -> None:
    path, copy, admin = hall(folder / "a")
    writers = [live.Writer("paced", path, 1000), live.Writer("paced", path, 2000)]
    for w in writers:
        w.wait_for(3)
    for _ in range(5):
        try:
            backup.restore(admin, copy, path)
            f["let_through"] += 1
        except presence.StillOpen:
            f["open_refused"] += 1
        time.sleep(0.1)
    reported = run_writers(writers, 2)
    f["open_reported"] += len(reported)
    f["open_lost"] += len(live.lost(reported, path))

    writers = [live.Writer("paced-reopen", path, 3000), live.Writer("paced-reopen", path, 4000)]
    for w in writers:
        w.wait_for(3)
    aside = None
    while aside is None:
        try:
            aside = backup.restore(admin, copy, path)
        except presence.StillOpen:
            f["reopen_refused"] += 1
            time.sleep(0.01)
    f["reopen_done"] += 1
    reported = run_writers(writers, 3)
    f["reopen_reported"] += len(reported)
    f["reopen_lost"] += len(live.lost(reported, path, aside))   # also integrity_check of both
    f["aside_ok"] += 1

    old_path, old_copy, _ = hall(folder / "b")
    writers = [live.Writer("paced", old_path, 1000), live.Writer("paced", old_path, 2000)]
    for w in writers:
        w.wait_for(3)
    old_aside = live.old_restore(old_copy, old_path)
    reported = run_writers(writers, 10)
    f["old_reported"] += len(reported)
    f["old_lost"] += len(live.lost(reported, old_path, old_aside))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    f = dict.fromkeys(["open_reported", "open_refused", "open_lost", "let_through",
                       "reopen_reported", "reopen_refused", "reopen_done", "reopen_lost",
                       "aside_ok", "old_reported", "old_lost"], 0)
    for _ in range(args.rounds):
        folder = Path(tempfile.mkdtemp(prefix="hall-desk-restore-figures-"))
        (folder / "a").mkdir()
        (folder / "b").mkdir()
        try:
            one_round(folder, f)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    print(f"Writers keeping the file open: {f['open_refused']} restores refused, "
          f"{f['let_through']} let through; {f['open_reported']} saves reported, "
          f"{f['open_lost']} lost")
    print(f"Writers opening it per save: {f['reopen_done']} restores done after "
          f"{f['reopen_refused']} refusals; {f['reopen_reported']} saves reported, "
          f"{f['reopen_lost']} lost; kept-aside copy passed integrity_check "
          f"{f['aside_ok']}/{f['reopen_done']}")
    print(f"The former restore: {f['old_reported']} saves reported, {f['old_lost']} lost")
    return 1 if f["open_lost"] or f["reopen_lost"] or f["let_through"] else 0


if __name__ == "__main__":
    sys.exit(main())
