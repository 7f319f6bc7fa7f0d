"""Deadlines as plain JSON-ready data, for ``hall-desk sla`` and other scripted callers."""

from __future__ import annotations

from datetime import datetime

from hall_desk.core.deadlines import Policy, compute_deadlines
from hall_desk.core.enums import TicketKind
from hall_desk.core.workdays import WorkCalendar


def sla_json(
    policy: Policy,
    kind: TicketKind | str,
    received: datetime,
    agreed: datetime | None,
    calendar: WorkCalendar,
    lang: str | None = None,
) -> list[dict[str, object]]:
    """The deadlines a new ticket of ``kind`` received at ``received`` gets, one dict per
    rule that starts at receipt: ``rule`` (code), ``label`` (in ``lang``, default the
    current language), ``due`` (ISO 8601 local time to the minute), ``unit``, ``agreed``
    (true when the due time is the time agreed with the customer), ``provisional`` (true
    when counted over a year whose holidays are not entered yet: 暂定), ``moved_from`` (the
    original last day when it fell on a closed day and moved, else null) and
    ``moved_reason`` (why, in ``lang``; empty when not moved).

    Rules that start later in the lifecycle (e.g. from assignment) are not listed.
    """
    deadlines = compute_deadlines(policy, kind, received, calendar, agreed_at=agreed,
                                  now=received)
    return [
        {
            "rule": d.code,
            "label": d.rule.label(lang) if d.rule is not None else d.label,
            "due": d.due.isoformat(timespec="minutes"),
            "unit": d.unit.value,
            "agreed": d.agreed,
            "provisional": d.provisional,
            "moved_from": d.moved_from.isoformat() if d.moved_from else None,
            "moved_reason": d.moved_reason(lang),
        }
        for d in deadlines
    ]
