"""The time promised to the customer (承诺答复时间): one rule for the screen and the paper.

The intake read-back, the receipt dialog and the printed 受理回执 all show it, from different
data (the deadlines computed now, or a stored version's deadlines as ISO text), so the rule
takes plain values: the ``reply`` deadline, else another customer-facing one in
:data:`CUSTOMER_RULES` order, else the time agreed with the customer, else the earliest
deadline still open, else the earliest of all. It is provisional (暂定) when a deadline due
then was counted on the provisional calendar.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple, TypeVar

#: Deadlines a customer is promised, best first (the others are the hall's own).
CUSTOMER_RULES = ("reply", "result", "suggestion_feedback", "first_feedback")

When = TypeVar("When")      # datetime, or ISO text (which sorts the same)


class Due(NamedTuple):
    """One deadline as the promise needs it."""

    rule: str
    due: object
    met: bool = False
    provisional: bool = False


def promised(deadlines: Iterable[Due], agreed_at: When | None = None
             ) -> tuple[When | None, bool]:
    """(the promised time or None, whether it is provisional)."""
    found = [d for d in deadlines if d.due]
    by_rule: dict[str, Due] = {}
    for d in found:
        by_rule[d.rule] = d
    when = next((by_rule[r].due for r in CUSTOMER_RULES if r in by_rule), None)
    if when is None and agreed_at:
        when = agreed_at
    if when is None:
        open_ = sorted(d.due for d in found if not d.met)
        every = sorted(d.due for d in found)
        when = (open_ or every or [None])[0]
    return when, when is not None and any(d.provisional and d.due == when for d in found)
