"""Figures for docs/reliability.md: kill rounds and several counters at once.

    python scripts/reliability_figures.py                       # SQLite only
    python scripts/reliability_figures.py --pg-url postgresql://postgres@127.0.0.1:55432/postgres

Kill rounds: a writer process registering and changing tickets on a SQLite file is killed
with SIGKILL at a random moment, ``--rounds`` times; after every round the file is reopened
and checked (every reported ticket and change there, ``PRAGMA integrity_check`` ok, no ticket
without its creation event or events without their ticket, the evidence chain verifies).
The same for draft autosave (``--draft-rounds``). Then ``--writers`` processes at once (and
2) register and change tickets on one SQLite file, and on PostgreSQL if a URL is given; and
the busy bound: a save waiting for a lock held shorter / longer than the bound. The same
machinery runs (with fewer rounds) in tests/store/test_kill_durability.py,
test_many_counters.py and test_busy.py. Exit status 1 if any figure is not at its goal.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "store")]

import reliability_harness as harness  # noqa: E402

from hall_desk.core import auth  # noqa: E402
from hall_desk.services import demo  # noqa: E402
from hall_desk.store.connection import close_database, open_database  # noqa: E402


def set_up(**location) -> None:
    open_database(**location)
    demo.ensure_demo_hall()


def kill_figures(folder: Path, rounds: int, draft_rounds: int) -> bool:
    path = folder / "kill.sqlite3"
    set_up(path=path)
    close_database()
    f = harness.kill_tickets(path, rounds)
    print(f"Kill rounds (SQLite, SIGKILL while registering/changing tickets): {f.rounds} rounds, "
          f"{f.killed} killed while running, {f.reported} tickets and {f.updates_reported} "
          f"changes reported saved; tickets lost {f.lost}, half-written {f.half_written}, "
          f"integrity_check failures {f.integrity_failures}, chain breaks {f.chain_failures} "
          f"({f.seconds:.0f} s)")
    draft_path = folder / "drafts.sqlite3"
    set_up(path=draft_path)
    close_database()
    d = harness.kill_drafts(draft_path, draft_rounds)
    print(f"Kill rounds (SQLite, SIGKILL while autosaving the intake draft): {d.rounds} rounds, "
          f"{d.killed} killed while running, {d.reported} draft saves reported; drafts not "
          f"restored {d.lost}, integrity_check failures {d.integrity_failures} "
          f"({d.seconds:.0f} s)")
    for problem in f.problems + d.problems:
        print("   PROBLEM:", problem)
    return not (f.problems or d.problems)


def writer_figures(label: str, location: dict, processes: int, rounds: int) -> bool:
    w = harness.many_writers(location, processes, rounds)
    print(f"{label}, {processes} counters x {rounds} rounds: {w.tickets} tickets, duplicate "
          f"numbers {w.duplicates}; saves of one shared ticket accepted {w.accepted}, refused "
          f"as stale {w.refused}, lost updates {w.lost_updates}; lock errors reaching a user "
          f"{w.lock_errors}, other errors {w.other_errors} ({w.seconds:.1f} s)")
    for problem in w.problems:
        print("   PROBLEM:", problem)
    return not w.problems and not w.lock_errors and not w.duplicates


def busy_figures(folder: Path) -> bool:
    from hall_desk.core.errors import StoreError
    from hall_desk.services import tickets
    from hall_desk.store import busy

    path = folder / "busy.sqlite3"
    set_up(path=path)
    actor = harness._actor("liuyang", "A1")
    form = {"kind": "consultation", "content": "查询"}
    ok = True
    for hold, bound in ((1.0, 15.0), (2.0, 0.5)):
        busy.set_wait(bound)
        other = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        other.execute("BEGIN IMMEDIATE")
        timer = threading.Timer(hold, lambda: (other.rollback(), other.close()))
        timer.start()
        started = time.monotonic()
        try:
            tickets.register(actor, form)
            outcome = "saved"
        except StoreError as exc:
            outcome = f"StoreError {exc.key}: {exc.message('zh')} / {exc.message('en')}"
        waited = time.monotonic() - started
        timer.join()
        print(f"Busy: another counter holds the write lock {hold:.1f} s, bound {bound:.1f} s: "
              f"{outcome} after {waited:.2f} s")
        ok = ok and (outcome == "saved") == (hold < bound)
    busy.set_wait(15)
    close_database()
    return ok


def pg_database(admin_url: str):
    import psycopg2

    name = "hall_figures_" + uuid.uuid4().hex[:10]
    conn = psycopg2.connect(admin_url)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        close_database()
        with conn.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.close()

    return admin_url.rsplit("/", 1)[0] + "/" + name, drop


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=200, help="kill rounds (tickets)")
    parser.add_argument("--draft-rounds", type=int, default=50, help="kill rounds (drafts)")
    parser.add_argument("--writers", type=int, default=4, help="counters at once")
    parser.add_argument("--writer-rounds", type=int, default=25,
                        help="tickets each counter registers")
    parser.add_argument("--pg-url", help="PostgreSQL server (a scratch database is made)")
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)   # figures appear as they come
    auth._N = 2**8          # the demo staff's PINs: cheap hashing, nobody logs in here
    ok = True
    with tempfile.TemporaryDirectory(prefix="hall-reliability-") as tmp:
        folder = Path(tmp)
        ok &= kill_figures(folder, args.rounds, args.draft_rounds)
        for n in sorted({2, args.writers}):
            path = folder / f"writers{n}.sqlite3"
            set_up(path=path)
            ok &= writer_figures("SQLite (one file)", {"path": str(path)}, n, args.writer_rounds)
            close_database()
        if args.pg_url:
            for n in sorted({2, args.writers}):
                url, drop = pg_database(args.pg_url)
                try:
                    set_up(url=url)
                    ok &= writer_figures("PostgreSQL", {"url": url}, n, args.writer_rounds)
                finally:
                    drop()
        ok &= busy_figures(folder)
    print("all figures at their goal" if ok else "SOME FIGURES ARE NOT AT THEIR GOAL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
