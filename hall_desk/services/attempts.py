"""A ticket's callback attempts: the missed calls of its current round and whether there is a
phone to call at all. The lifecycle reads them (无法回访 needs three missed calls, or no
contact: domain.md §4) and so does the callback worklist (:mod:`hall_desk.services.callbacks`).
"""

from __future__ import annotations

from hall_desk.store.models import Callback, SealedIdentity, Ticket

MAX_ATTEMPTS = 3


def attempts(ticket: Ticket) -> list[Callback]:
    """The current round's calls that did not reach the customer, oldest first."""
    return list(Callback.select().where((Callback.ticket == ticket.id)
                                        & (Callback.round == ticket.round)
                                        & (Callback.reached == False))  # noqa: E712
                .order_by(Callback.done_at))


def has_contact(ticket: Ticket) -> bool:
    """A phone to call: on the row, or an anonymous customer's in the sealed identity."""
    if ticket.phone_key or not ticket.anonymous:
        return bool(ticket.phone_key)
    sealed = SealedIdentity.get_or_none(SealedIdentity.ticket == ticket.id)
    return bool(sealed and sealed.phone_key)


def unreached_attempts(ticket: Ticket) -> int:
    """Attempts of the ticket's current round that did not reach the customer."""
    return len(attempts(ticket))
