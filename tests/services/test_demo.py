"""``hall-desk demo --tickets N`` makes exactly N tickets, the receptions' one included."""

from __future__ import annotations

from datetime import datetime

import pytest

from hall_desk.core.enums import TicketStatus
from hall_desk.services import demo, demo_duty, demo_reception
from hall_desk.store.models import DutyLogEntry, ReceptionRun, Ticket

TODAY = datetime(2026, 11, 23, 10, 30)


@pytest.mark.parametrize("n", [0, 1, 2, 9, 25])
def test_demo_makes_exactly_the_tickets_asked_for(db_path, n):
    result = demo.fill(n, seed=3, today=TODAY)
    assert result.tickets == n
    assert Ticket.select().count() == n
    assert ReceptionRun.select().count() == 2        # the receptions come with any count
    diverted = Ticket.select().where(Ticket.reception_run.is_null(False)).count()
    assert diverted == (demo_reception.TICKETS if n >= demo_reception.TICKETS else 0)


def test_a_second_demo_adds_exactly_n_more(db_path):
    demo.fill(30, seed=1, today=TODAY)
    assert DutyLogEntry.select().count() > 0
    entries = DutyLogEntry.select().count()
    result = demo.fill(30, seed=2, today=TODAY)
    assert result.tickets == 30 and Ticket.select().count() == 60
    assert DutyLogEntry.select().count() == entries       # the duty demo does nothing twice


def test_enough_tickets_show_every_status(db_path):
    demo.fill(len(TicketStatus) + demo_reception.TICKETS, seed=4, today=TODAY)
    assert {t.status for t in Ticket.select(Ticket.status)} == set(TicketStatus.codes())


def test_the_duty_demo_makes_no_tickets(db_path):
    demo.ensure_demo_hall()
    demo_duty.fill_duty(TODAY)
    assert DutyLogEntry.select().count() > 0 and Ticket.select().count() == 0
