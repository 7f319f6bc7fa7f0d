"""Two and four counters at once on one database (a SQLite file, then PostgreSQL): each
process registers tickets, changes its own and races the others to change one shared ticket.
No number is issued twice, no save is lost or overwritten silently (every accepted save is
one version step and one event, every refused one is StaleVersion), and no "database is
locked" reaches anyone."""

from __future__ import annotations

import pytest

import reliability_harness as harness

ROUNDS = 8


@pytest.mark.parametrize("processes", [2, 4])
def test_counters_at_once(hall, store, processes):
    figures = harness.many_writers(harness.location_of(store), processes, ROUNDS)
    assert figures.problems == []
    assert figures.tickets == processes * ROUNDS
    assert figures.duplicates == 0
    assert figures.lock_errors == 0 and figures.other_errors == 0
    assert figures.lost_updates == 0
    assert figures.accepted + figures.refused == processes * ROUNDS
    assert figures.accepted >= ROUNDS       # the shared ticket did move on
