"""Registering a ticket, this tree against others on the same machine in the same minutes.

Each tree registers in a process of its own, on a database its own generator made
(``python -m benchmarks.generate``: an older tree cannot open a newer schema), through its
own ``services.tickets.register``; the processes take turns, round after round, so a busier
minute weighs on every tree alike. Per round and tree: a new customer each time, then the
same customer again, each registration followed by one raw INSERT transaction (the floor).

    git worktree add --detach /tmp/old 6c1340f
    (cd /tmp/old && python -m benchmarks.generate --tickets 100000 --db /tmp/old.sqlite3)
    python -m benchmarks.generate --tickets 100000 --db /tmp/new.sqlite3
    python -m benchmarks.ab_register old=/tmp/old:/tmp/old.sqlite3 new=.:/tmp/new.sqlite3

Prints medians over the rounds of each round's median: clock, the main thread's CPU time,
the floor, and the SQL statements of one registration. ``--profile`` runs one tree under
cProfile instead.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

CHILD = Path(__file__).resolve()


def child(db: Path, each: int, profile: bool) -> None:
    """Runs inside the measured tree (its directory on sys.path; this file's directory,
    for ``registering``, before it)."""
    import registering
    import shutil
    import tempfile
    import time

    from hall_desk.core.enums import Role
    from hall_desk.services import tickets
    from hall_desk.services.context import Actor
    from hall_desk.store.connection import close_database, open_database

    work = Path(tempfile.mkdtemp()) / "ab.sqlite3"
    shutil.copy(db, work)
    database = open_database(path=work)
    staff_id, name, counter, login = registering.CLERK
    clerk = Actor(staff_id, name, Role.COUNTER, counter, login)
    made = iter(range(10**6))

    def new_customer() -> None:
        tickets.register(clerk, registering.new_customer(next(made)))

    def same() -> None:
        tickets.register(clerk, registering.FORM)

    raw, insert = registering.raw_floor(work)

    new_customer(), same()           # policy, calendar and categories read once
    statements: list[str] = []
    connection = database.connection()
    connection.set_trace_callback(statements.append)
    new_customer()
    counted = {"new": len(statements)}
    statements.clear()
    same()
    counted["same"] = len(statements)
    connection.set_trace_callback(None)

    if profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.runcall(lambda: [new_customer() for _ in range(each)])
        pstats.Stats(prof).sort_stats("cumulative").print_stats(40)
        return

    out: dict[str, object] = {"statements": counted}
    for name, fn in (("new", new_customer), ("same", same)):
        clock, cpu, floor = [], [], []
        for _ in range(each):
            c0, t0 = time.thread_time(), time.perf_counter()
            fn()
            t1, c1 = time.perf_counter(), time.thread_time()
            clock.append((t1 - t0) * 1000)
            cpu.append((c1 - c0) * 1000)
            f0 = time.perf_counter()
            insert()
            floor.append((time.perf_counter() - f0) * 1000)
        out[name] = {"clock": statistics.median(clock), "cpu": statistics.median(cpu),
                     "floor": statistics.median(floor)}
    print(json.dumps(out))
    raw.close()
    close_database()
    shutil.rmtree(work.parent, ignore_errors=True)


def run_tree(tree: Path, db: Path, each: int, profile: bool = False) -> dict | None:
    env = dict(os.environ, PYTHONPATH=str(tree))
    args = [sys.executable, str(CHILD), "--child", str(db), "--each", str(each)]
    if profile:
        subprocess.run([*args, "--profile"], env=env, cwd=tree, check=True)
        return None
    out = subprocess.run(args, env=env, cwd=tree, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("trees", nargs="*", metavar="NAME=TREE:DB")
    parser.add_argument("--rounds", type=int, default=7, help="turns of every tree (7)")
    parser.add_argument("--each", type=int, default=31,
                        help="registrations of each sort per turn (31)")
    parser.add_argument("--profile", action="store_true", help="profile the first tree")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.each, args.profile)
        return 0
    trees = []
    for spec in args.trees:
        name, _, rest = spec.partition("=")
        tree, _, db = rest.partition(":")
        trees.append((name, Path(tree).resolve(), Path(db).resolve()))
    if not trees:
        parser.error("name at least one tree")
    if args.profile:
        run_tree(trees[0][1], trees[0][2], args.each, profile=True)
        return 0
    results: dict[str, list[dict]] = {name: [] for name, _, _ in trees}
    for _ in range(args.rounds):
        for name, tree, db in trees:
            results[name].append(run_tree(tree, db, args.each))
    print("| tree | sort | clock | CPU | floor | statements |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, runs in results.items():
        for sort, label in (("new", "a new customer"), ("same", "the same customer again")):
            med = {k: statistics.median(r[sort][k] for r in runs)
                   for k in ("clock", "cpu", "floor")}
            print(f"| {name} | {label} | {med['clock']:.2f} ms | {med['cpu']:.2f} ms | "
                  f"{med['floor']:.2f} ms | {runs[0]['statements'][sort]} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
