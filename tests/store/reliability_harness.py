"""Machinery of the reliability tests and of ``scripts/reliability_figures.py``.

Kill rounds: a child process (this file run as a script) opens a real SQLite file the way the
app does and registers (and changes) tickets, or autosaves a growing intake draft, in a loop.
It writes a line to stdout only after the service call returned, i.e. after the commit. The
parent kills it with SIGKILL at a random moment, reopens the file and checks that everything
reported is there and nothing is half-written.

Several counters: N processes register tickets and change one shared ticket at once on one
database (SQLite file or PostgreSQL) and count what happened to every save.
"""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DRAFT_FORM = "intake"
CHILD_COUNTER = "K1"


# -- the child ------------------------------------------------------------------------------
def _actor(login: str, counter: str):
    from hall_desk.core.enums import Role
    from hall_desk.services.context import Actor
    from hall_desk.store.models import Staff

    s = Staff.get(Staff.login == login)
    return Actor(s.id, s.name, Role(s.role), counter, s.login)


def _say(line: str) -> None:
    os.write(1, (line + "\n").encode())       # one write(2): a whole line or nothing


def _warm_up() -> None:
    """Import what a counter imports (pypinyin alone takes half a second), open nothing."""
    from hall_desk.core.validation import parse_phone
    from hall_desk.services import deadlines, drafts, tickets  # noqa: F401
    from hall_desk.store import connection  # noqa: F401

    tickets.name_initials("预热")
    parse_phone("13800138000")
    import chinese_calendar  # noqa: F401


def zygote() -> None:
    """The helper process: imports once, then for each ``go MODE PATH START`` line on stdin
    forks a fresh writer process (which opens the database itself, as the app does) and,
    when that one has died, says ``exit PID STATUS``. Forking a warmed-up process makes a
    round cost milliseconds instead of a Python start-up."""
    _warm_up()
    _say("zygote")
    for command in sys.stdin:
        _go, mode, path, start = command.split()
        pid = os.fork()
        if pid == 0:
            try:
                child(mode, path, int(start))
            except BaseException:  # noqa: BLE001 - reported to the parent on stderr
                import traceback

                traceback.print_exc()
            finally:
                os._exit(70)
        _pid, status = os.waitpid(pid, 0)
        _say(f"exit {pid} {status}")


def paced(mode: str, path: str, start: int) -> None:
    """A counter registering a ticket every ~0.07 s through the services, until killed. It
    says ``T NUMBER MARK`` only after the service returned (``MARK`` is the unique content,
    as a restore may hand the same number out again) and ``E KEY`` for a refusal.
    ``paced`` keeps the database open (a window); ``paced-reopen`` opens and closes it
    around every save (a script calling the command line)."""
    from hall_desk.core.errors import HallError
    from hall_desk.services import tickets
    from hall_desk.store.connection import close_database, open_database

    reopen = mode == "paced-reopen"
    label = f"{CHILD_COUNTER} writer {start}"
    if not reopen:
        open_database(path=path, label=label)
    _say(f"ready {os.getpid()}")
    i = 0
    while True:
        i += 1
        mark = f"W{start}-{i}"
        try:
            if reopen:
                open_database(path=path, label=label)
            t = tickets.register(_actor("liuyang", CHILD_COUNTER),
                                 {"kind": "consultation", "content": mark})
            _say(f"T {t.number} {mark}")
        except HallError as exc:
            _say(f"E {exc.key}")
        finally:
            if reopen:
                close_database()
        time.sleep(0.07)


def child(mode: str, path: str, start: int) -> None:
    from hall_desk.services import drafts, tickets
    from hall_desk.store.connection import open_database

    if mode.startswith("paced"):
        return paced(mode, path, start)
    open_database(path=path)
    actor = _actor("liuyang", CHILD_COUNTER)
    _say(f"ready {os.getpid()}")
    i = start
    while True:
        i += 1
        if mode == "tickets":
            t = tickets.register(actor, {"kind": "complaint", "customer_name": "断电测试",
                                         "phone": "13800138000", "content": f"第{i}件",
                                         "demand": "测试"})
            _say(f"T {t.number}")
            if i % 3 == 0:   # every third one is changed as well: a version step and an event
                t = tickets.update(actor, t.id, t.version, {"summary": f"改{i}"})
                _say(f"U {t.number} {t.version}")
        elif mode == "tickets-early":
            # a broken counter that reports before the commit: the kill test must catch it
            from hall_desk.store.tx import write_transaction

            with write_transaction():
                t = tickets.register(actor, {"kind": "consultation", "content": f"第{i}件"})
                _say(f"T {t.number}")
                time.sleep(0.05)
        elif mode == "drafts":
            drafts.save(actor, DRAFT_FORM, {"customer_name": "王芳", "content": draft_text(i)})
            _say(f"D {i}")
        else:
            raise SystemExit(f"unknown mode {mode}")


def draft_text(i: int) -> str:
    """What the clerk has typed after ``i`` keystrokes (grows by one character each)."""
    base = "客户反映营业厅叫号系统故障，排队一个多小时无人处理，要求道歉并改进。"
    return (base * (i // len(base) + 1))[:i]


# -- the parent: kill rounds ----------------------------------------------------------------
@dataclass
class KillFigures:
    rounds: int = 0
    killed: int = 0                 # rounds that were still writing when killed
    reported: int = 0               # tickets (or draft saves) reported back before the kill
    updates_reported: int = 0
    lost: int = 0                   # reported but not in the database (goal 0)
    half_written: int = 0           # ticket/event mismatches (goal 0)
    integrity_failures: int = 0
    chain_failures: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)


class Writers:
    """The zygote subprocess (see :func:`zygote`) and the rounds it forks."""

    def __init__(self) -> None:
        env = dict(os.environ,
                   PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
        self.proc = subprocess.Popen([sys.executable, __file__, "zygote"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, cwd=ROOT, env=env)
        self._buffer = b""
        if self._line(60) != "zygote":
            self.close()
            raise RuntimeError("the writer helper did not start")

    def _line(self, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        fd = self.proc.stdout.fileno()
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise TimeoutError("the writer helper said nothing")
            chunk = os.read(fd, 65536)
            if not chunk:
                raise RuntimeError("the writer helper ended")
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return line.decode()

    def kill_round(self, mode: str, path: Path, start: int, delay: float) -> tuple[list[str], bool]:
        """Fork a writer, let it write for ``delay`` seconds, SIGKILL it. Returns the lines it
        reported and whether it was still running when killed."""
        self.proc.stdin.write(f"go {mode} {path} {start}\n".encode())
        self.proc.stdin.flush()
        first = self._line(60)
        if not first.startswith("ready "):
            raise RuntimeError(f"writer did not start: {first!r}")
        pid = int(first.split()[1])
        time.sleep(delay)
        lines, alive = [], True
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            alive = False
        while True:
            line = self._line(60)
            if line.startswith(f"exit {pid} "):
                status = int(line.split()[2])
                break
            lines.append(line)
        if not (os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL):
            raise RuntimeError(f"writer ended by itself (status {status}): {lines[-3:]}")
        return lines, alive

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()

    def __enter__(self) -> "Writers":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def check_tickets(reported: set[str], updated: dict[str, int]) -> list[str]:
    """What is wrong in the open database after a kill; empty if nothing."""
    from hall_desk.services import audit
    from hall_desk.store.models import Ticket, TicketEvent, db

    problems = []
    result = db.obj.execute_sql("PRAGMA integrity_check").fetchall()
    if result != [("ok",)]:
        problems.append(f"integrity_check: {result[:5]}")
    found = dict(Ticket.select(Ticket.number, Ticket.version).tuples())
    for number in sorted(reported - set(found)):
        problems.append(f"lost: ticket {number} was reported but is not in the database")
    for number, version in updated.items():
        if found.get(number, 0) < version:
            problems.append(f"lost: change of {number} to version {version} is not there")
    events: dict[int, list[tuple[int, str]]] = {}
    for ticket_id, seq, action in TicketEvent.select(
            TicketEvent.ticket, TicketEvent.seq, TicketEvent.action).tuples():
        events.setdefault(ticket_id, []).append((seq, action))
    ids = dict(Ticket.select(Ticket.id, Ticket.number).tuples())
    for ticket_id in set(events) - set(ids):
        problems.append(f"half-written: events of ticket id {ticket_id} without the ticket")
    for ticket_id, number in ids.items():
        mine = sorted(events.get(ticket_id, []))
        if not mine or mine[0] != (1, "created"):
            problems.append(f"half-written: ticket {number} without its creation event")
        elif [s for s, _a in mine] != list(range(1, found[number] + 1)):
            problems.append(f"half-written: ticket {number} version {found[number]} "
                            f"has events {[s for s, _a in mine]}")
    for report in audit.verify():
        if not report.ok:
            problems.append(f"chain: {report.message()}")
    return problems


def kill_tickets(path: Path, rounds: int, *, seed: int = 8, max_delay: float = 0.4,
                 check_every: int = 1, mode: str = "tickets") -> KillFigures:
    """Rounds of register-and-kill on the SQLite file ``path`` (set up, closed by the caller
    or not open). Checks after every ``check_every`` rounds and at the end."""
    from hall_desk.store.connection import close_database

    rng = random.Random(seed)
    started = time.monotonic()
    close_database()
    with Writers() as writers:
        figures = _kill_tickets(writers, path, rounds, rng, max_delay, check_every, mode)
    figures.seconds = time.monotonic() - started
    return figures


def _kill_tickets(writers: Writers, path: Path, rounds: int, rng: random.Random,
                  max_delay: float, check_every: int, mode: str) -> KillFigures:
    from hall_desk.store.connection import close_database, open_database

    figures = KillFigures()
    reported: set[str] = set()
    updated: dict[str, int] = {}
    for n in range(1, rounds + 1):
        lines, alive = writers.kill_round(mode, path, n * 100_000,
                                          rng.uniform(0.0, max_delay))
        figures.rounds += 1
        figures.killed += alive
        for line in lines:
            parts = line.split()
            if parts[:1] == ["T"]:
                reported.add(parts[1])
            elif parts[:1] == ["U"]:
                updated[parts[1]] = max(updated.get(parts[1], 0), int(parts[2]))
        if n % check_every == 0 or n == rounds:
            open_database(path=path)
            try:
                problems = check_tickets(reported, updated)
            finally:
                close_database()
            if problems:
                figures.problems.extend(f"round {n}: {p}" for p in problems)
                _count(figures, problems)
                break
    figures.reported = len(reported)
    figures.updates_reported = len(updated)
    return figures


def _count(figures: KillFigures, problems: list[str]) -> None:
    for p in problems:
        if p.startswith("lost"):
            figures.lost += 1
        elif p.startswith("half-written"):
            figures.half_written += 1
        elif p.startswith("integrity"):
            figures.integrity_failures += 1
        elif p.startswith("chain"):
            figures.chain_failures += 1


def kill_drafts(path: Path, rounds: int, *, seed: int = 9, max_delay: float = 0.3) -> KillFigures:
    """Rounds of autosave-and-kill; after each the draft the intake page would offer back
    (``drafts.load``) must be the last text reported saved (or the one after it, if the kill
    came between the commit and the report)."""
    from hall_desk.store.connection import close_database

    rng = random.Random(seed)
    figures = KillFigures()
    started = time.monotonic()
    close_database()
    with Writers() as writers:
        _kill_drafts(writers, figures, path, rounds, rng, max_delay)
    figures.seconds = time.monotonic() - started
    return figures


def _kill_drafts(writers: Writers, figures: KillFigures, path: Path, rounds: int,
                 rng: random.Random, max_delay: float) -> None:
    from hall_desk.services import drafts
    from hall_desk.store.connection import close_database, open_database

    start = 0
    for n in range(1, rounds + 1):
        lines, alive = writers.kill_round("drafts", path, start, rng.uniform(0.0, max_delay))
        figures.rounds += 1
        figures.killed += alive
        saved = [int(line.split()[1]) for line in lines if line.startswith("D ")]
        figures.reported += len(saved)
        open_database(path=path)
        try:
            offered = drafts.load(_actor("liuyang", CHILD_COUNTER), DRAFT_FORM)
            result = figures_problem = None
            last = saved[-1] if saved else start
            if offered is None and last == 0:
                pass                                    # killed before anything was typed
            elif offered is None:
                figures_problem = f"round {n}: no draft offered back (last saved {last})"
            else:
                text = offered.data.get("content", "")
                if text not in (draft_text(last), draft_text(last + 1)):
                    figures_problem = (f"round {n}: draft offered back has {len(text)} "
                                       f"characters, the last reported save had {last}")
                result = len(text)
            check = db_integrity()
            if check != "ok":
                figures.integrity_failures += 1
                figures.problems.append(f"round {n}: integrity_check {check}")
            if figures_problem:
                figures.lost += 1
                figures.problems.append(figures_problem)
            start = result or last
        finally:
            close_database()
        if figures.problems:
            break


def db_integrity() -> str:
    from hall_desk.store.models import db

    rows = db.obj.execute_sql("PRAGMA integrity_check").fetchall()
    return "ok" if rows == [("ok",)] else str(rows[:5])


# -- several counters at once ---------------------------------------------------------------
@dataclass
class WriterFigures:
    processes: int = 0
    rounds: int = 0
    tickets: int = 0
    duplicates: int = 0
    accepted: int = 0               # saves of the shared ticket that went through
    refused: int = 0                # refused as stale (StaleVersion): the other counter won
    lock_errors: int = 0            # "database is locked"/busy that reached the caller (goal 0)
    other_errors: int = 0
    lost_updates: int = 0           # accepted saves without their own version step and event
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)


def _writer(location: dict, login: str, counter: str, shared_id: int, rounds: int,
            start, results) -> None:
    from hall_desk.core.errors import StaleVersion, StoreError
    from hall_desk.services import tickets
    from hall_desk.store.connection import open_database
    from hall_desk.store.models import Ticket

    open_database(**location)
    actor = _actor(login, counter)
    think = random.Random(login)
    start.wait()
    numbers, versions, refused, locks, others = [], [], 0, 0, []
    for i in range(rounds):
        try:
            t = tickets.register(actor, {"kind": "complaint", "customer_name": "并发",
                                         "phone": "13800138000", "content": f"{login} {i}",
                                         "demand": "测试"})
            numbers.append(t.number)
            own = tickets.update(actor, t.id, t.version, {"summary": f"{login} {i}"})
            assert own.version == 2
            version = Ticket.get_by_id(shared_id).version
            time.sleep(think.uniform(0, 0.03))  # the clerk reads, edits, saves: others may win
            try:
                fresh = tickets.update(actor, shared_id, version, {"summary": f"{login} {i}"})
                versions.append(fresh.version)
            except StaleVersion:
                refused += 1
        except StoreError as exc:
            if exc.key == "error.db_busy":
                locks += 1
            else:
                others.append(repr(exc))
        except Exception as exc:  # noqa: BLE001 - counted and reported, the test fails on it
            text = repr(exc)
            if "locked" in text or "busy" in text:
                locks += 1
            else:
                others.append(text)
    results.put((login, numbers, versions, refused, locks, others))


WRITER_LOGINS = ("liuyang", "chenjing", "sunhao", "wangli")


def many_writers(location: dict, processes: int, rounds: int) -> WriterFigures:
    """``processes`` counters at once on the database at ``location`` (``{"path": ...}`` or
    ``{"url": ...}``), already set up with the demo staff and bound in this process."""
    import multiprocessing as mp

    from hall_desk.services import tickets
    from hall_desk.store.models import Ticket, TicketEvent

    figures = WriterFigures(processes=processes, rounds=rounds)
    before = Ticket.select().count()
    shared = tickets.register(_actor("liuyang", "A1"),
                              {"kind": "consultation", "content": "共享工单"})
    ctx = mp.get_context("spawn")
    start, results = ctx.Barrier(processes), ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(location, WRITER_LOGINS[k], f"C{k + 1}",
                                               shared.id, rounds, start, results))
             for k in range(processes)]
    started = time.monotonic()
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=300) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        if p.exitcode != 0:
            figures.problems.append(f"writer process ended with {p.exitcode}")
    figures.seconds = time.monotonic() - started
    numbers = [n for o in outcomes for n in o[1]]
    versions = [v for o in outcomes for v in o[2]]
    figures.tickets = len(numbers)
    figures.duplicates = len(numbers) - len(set(numbers))
    figures.accepted = len(versions)
    figures.refused = sum(o[3] for o in outcomes)
    figures.lock_errors = sum(o[4] for o in outcomes)
    figures.other_errors = sum(len(o[5]) for o in outcomes)
    figures.problems.extend(e for o in outcomes for e in o[5])
    fresh = Ticket.get_by_id(shared.id)
    events = TicketEvent.select().where(TicketEvent.ticket == shared.id).count()
    # every accepted save is its own version step and its own event; nothing overwritten
    expected_versions = list(range(2, 2 + figures.accepted))
    if sorted(versions) != expected_versions or fresh.version != 1 + figures.accepted \
            or events != 1 + figures.accepted:
        figures.lost_updates = max(1, abs(fresh.version - 1 - figures.accepted))
        figures.problems.append(f"shared ticket: version {fresh.version}, {events} events, "
                                f"accepted saves got versions {sorted(versions)}")
    stored = Ticket.select().count() - before - 1
    if stored != figures.tickets:
        figures.problems.append(f"{figures.tickets} tickets reported, {stored} stored")
    if figures.accepted + figures.refused + figures.lock_errors + figures.other_errors \
            != processes * rounds:
        figures.problems.append("some saves are not accounted for")
    return figures


if __name__ == "__main__":
    if sys.argv[1:] == ["zygote"]:
        zygote()
    else:
        _warm_up()
        child(sys.argv[1], sys.argv[2], int(sys.argv[3]))


def location_of(store) -> dict:
    """How a child process opens the same database: the SQLite path or a PostgreSQL URL."""
    import peewee

    if isinstance(store, peewee.SqliteDatabase):
        return {"path": store.database}
    params = store.connect_params
    return {"url": f"postgresql://{params.get('user', 'postgres')}@{params['host']}:"
                   f"{params['port']}/{store.database}"}
