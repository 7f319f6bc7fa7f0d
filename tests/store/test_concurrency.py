"""Two counters at once on one database: they wait for each other instead of failing, never
issue the same number, and never overwrite each other's change silently."""

from __future__ import annotations

import multiprocessing as mp

import reliability_harness as harness

from hall_desk.core.errors import StaleVersion
from hall_desk.store.models import Ticket, TicketEvent

ROUNDS = 12


def _worker(location: dict, login: str, counter: str, ticket_id: int, start, results) -> None:
    from hall_desk.core import auth
    from hall_desk.services import staff, tickets
    from hall_desk.store.connection import open_database

    auth._N = 2**8
    open_database(**location)
    actor = staff.authenticate(login, {"liuyang": "3333", "chenjing": "4444"}[login], counter)
    start.wait()
    numbers, wins, stale = [], 0, 0
    for i in range(ROUNDS):
        t = tickets.register(actor, {"kind": "complaint", "customer_name": "并发",
                                     "phone": "13800138000", "content": f"{login} {i}",
                                     "demand": "测试"})
        numbers.append(t.number)
        version = Ticket.get_by_id(ticket_id).version
        try:
            tickets.update(actor, ticket_id, version, {"summary": f"{login} {i}"})
            wins += 1
        except StaleVersion:
            stale += 1
    results.put((numbers, wins, stale))


def test_two_counters_at_once(hall, store):
    from hall_desk.services import tickets

    shared = tickets.register(hall["liuyang"], {"kind": "consultation", "content": "共享工单"})
    location = harness.location_of(store)
    ctx = mp.get_context("spawn")
    start, results = ctx.Barrier(2), ctx.Queue()
    procs = [ctx.Process(target=_worker, args=(location, login, "A1", shared.id, start, results))
             for login in ("liuyang", "chenjing")]
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    numbers = [n for nums, _w, _s in outcomes for n in nums]
    assert len(numbers) == 2 * ROUNDS == len(set(numbers))
    wins = sum(w for _n, w, _s in outcomes)
    # every win is one event and one version step; nothing was overwritten silently
    fresh = Ticket.get_by_id(shared.id)
    assert fresh.version == 1 + wins
    assert TicketEvent.select().where(TicketEvent.ticket == shared.id).count() == 1 + wins
    assert Ticket.select().count() == 1 + 2 * ROUNDS
