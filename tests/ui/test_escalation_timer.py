"""The main window's escalation watch: every minute, off the window's thread, it escalates
what has lapsed (an unassigned complaint too) and the open queue shows it; typing goes on
while a check runs; a failing check is logged, not shown as a crash. The clock is the
services' clock hook; the minute is the timer's own signal, so nothing waits for real."""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta

from hall_desk.services import lifecycle, tickets
from hall_desk.services.context import clock
from hall_desk.store.models import Ticket
from hall_desk.ui import mainwindow

T0 = datetime(2026, 11, 6, 16, 0)      # Friday


def unassigned_complaint(hall):
    data = {"kind": "complaint", "customer_name": "李四", "phone": "13912345678",
            "content": "营业厅空调故障", "demand": "尽快修好", "category": "服务质量"}
    with clock(lambda: T0):
        return tickets.register(hall["liuyang"], data, received_at=T0)


def queue_window(login_as, qtbot):
    window = login_as("liuyang")
    window.nav.setCurrentRow(window.page_index("queue"))
    qtbot.waitUntil(window.escalations.timer.isActive, timeout=5000)   # after the first paint
    return window, window.page_widget("queue")


def test_the_timer_escalates_an_unassigned_complaint(login_as, qtbot, hall):
    t = unassigned_complaint(hall)
    moment = [T0 + timedelta(hours=23)]
    with clock(lambda: moment[0]):
        window, queue = queue_window(login_as, qtbot)
        assert window.escalations.timer.interval() == mainwindow.ESCALATION_CHECK_MS == 60_000
        row = next(r for r in queue.model.rows if r.number == t.number)
        assert not row.escalated

        moment[0] = T0 + timedelta(hours=24, minutes=1)      # Saturday 16:01, nobody assigned it
        window.escalations.timer.timeout.emit()              # the minute is up
        qtbot.waitUntil(lambda: Ticket.get_by_id(t.id).escalated_at is not None, timeout=5000)
        qtbot.waitUntil(lambda: any(r.escalated for r in queue.model.rows
                                    if r.number == t.number), timeout=5000)
        stored = Ticket.get_by_id(t.id)
        assert stored.escalated_at == T0 + timedelta(hours=24) and stored.status == "registered"
        assert tickets.history(t.id)[-1].at == moment[0]
        window.end()


def test_typing_goes_on_while_a_check_runs(login_as, qtbot, hall, monkeypatch):
    release, started = threading.Event(), threading.Event()
    calls = []

    def slow_check(at=None, actor=None):
        calls.append(at)
        started.set()
        release.wait(10)
        return []

    window, queue = queue_window(login_as, qtbot)
    monkeypatch.setattr(lifecycle, "escalate_overdue", slow_check)   # (the queue page's own too)
    window.escalations.timer.timeout.emit()
    qtbot.waitUntil(started.is_set, timeout=5000)
    queue.search.setFocus()
    qtbot.keyClicks(queue.search, "13912")
    assert queue.search.text() == "13912" and not release.is_set()   # typed during the check
    window.escalations.timer.timeout.emit()      # the next minute: no second check alongside
    release.set()
    window.end()                                 # waits for the check in progress
    assert len(calls) == 1


def test_a_failing_check_is_logged_and_the_next_minute_tries_again(login_as, qtbot, hall,
                                                                   monkeypatch, caplog):
    calls = []

    def broken(at=None, actor=None):
        calls.append(at)
        raise RuntimeError("disk unplugged")

    window, _queue = queue_window(login_as, qtbot)
    monkeypatch.setattr(lifecycle, "escalate_overdue", broken)
    with caplog.at_level(logging.ERROR, logger="hall_desk.ui.mainwindow"):
        window.escalations.timer.timeout.emit()
        qtbot.waitUntil(lambda: "escalation check failed" in caplog.text, timeout=5000)
        assert "disk unplugged" in caplog.text
        qtbot.waitUntil(lambda: window.escalations._running.done(), timeout=5000)
        window.escalations.timer.timeout.emit()
        qtbot.waitUntil(lambda: len(calls) == 2, timeout=5000)
    assert window.isVisible() and window.escalations.timer.isActive()
    window.end()
