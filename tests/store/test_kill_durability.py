"""Power cut at the counter: a child process registering (and changing) tickets, or autosaving
an intake draft, is killed with SIGKILL at random moments, round after round. Everything it
reported as saved must be in the file afterwards, the file must pass ``PRAGMA
integrity_check``, no ticket may be half-written and the evidence chain must verify; the
draft the intake page offers back must be the last text saved.

The rounds here keep the test short; ``scripts/reliability_figures.py`` runs many more."""

from __future__ import annotations

import pytest

import reliability_harness as harness
from hall_desk.services import demo, tickets
from hall_desk.store.connection import close_database, open_database
from hall_desk.store.models import Ticket, TicketEvent, db

ROUNDS = 50
DRAFT_ROUNDS = 15


@pytest.fixture
def hall_file(tmp_path):
    path = tmp_path / "hall.sqlite3"
    open_database(path=path)
    demo.ensure_demo_hall()
    close_database()
    yield path
    close_database()


def test_killed_while_registering_loses_nothing(hall_file):
    figures = harness.kill_tickets(hall_file, ROUNDS)
    assert figures.problems == []
    assert figures.rounds == ROUNDS
    assert figures.killed >= ROUNDS * 0.9          # it really was killed while writing
    assert figures.reported >= ROUNDS * 2           # and had written something
    assert figures.updates_reported > 0
    database = open_database(path=hall_file)
    assert Ticket.select().count() >= figures.reported
    # what was tested is the app's set-up: WAL and synchronous=FULL
    assert database.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert database.execute_sql("PRAGMA synchronous").fetchone()[0] == 2


def test_killed_while_typing_offers_the_last_draft_back(hall_file):
    figures = harness.kill_drafts(hall_file, DRAFT_ROUNDS)
    assert figures.problems == []
    assert figures.rounds == DRAFT_ROUNDS and figures.reported >= DRAFT_ROUNDS


def test_the_check_finds_a_lost_or_half_written_ticket(hall_file):
    """The checks above can fail: a missing ticket, a ticket without its creation event and a
    broken chain are all reported."""
    open_database(path=hall_file)
    actor = harness._actor("liuyang", "K1")
    t = tickets.register(actor, {"kind": "consultation", "content": "查询"})
    assert harness.check_tickets({t.number}, {}) == []
    problems = harness.check_tickets({t.number, "TS-000"}, {t.number: 3})
    assert any("TS-000" in p for p in problems) and any("version 3" in p for p in problems)
    db.obj.execute_sql("PRAGMA foreign_keys = OFF")
    TicketEvent.delete().where(TicketEvent.ticket == t.id).execute()
    problems = harness.check_tickets({t.number}, {})
    assert any("without its creation event" in p for p in problems)
    assert any(p.startswith("chain") for p in problems)


def test_a_writer_that_reports_before_its_commit_is_caught(hall_file):
    """The kill loop itself can fail: a writer reporting a number before the commit loses
    it when killed in between, and the loop says so."""
    figures = harness.kill_tickets(hall_file, 20, mode="tickets-early", max_delay=0.3)
    assert figures.lost >= 1 and "was reported but is not in the database" in figures.problems[0]
