"""What the services hand up to the window, the command line and the printed records: frozen
plain data, never a database row. A view is built by its service (``services.tickets``,
``services.lifecycle``); the layers above read its attributes and keep no handle on the
database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from hall_desk.core.enums import TicketKind, TicketStatus


@dataclass(frozen=True)
class TicketRef:
    """A ticket as it stands after a registration or a lifecycle action: enough to show its
    number, offer the next actions and save again against its ``version``."""

    id: int
    number: str
    version: int
    kind: TicketKind
    status: TicketStatus
    received_at: datetime
    round: int = 1
    agreed_due_at: datetime | None = None
    anonymous: bool = False
    department_id: int | None = None
