"""What the services hand up to the window, the command line and the printed records: frozen
plain data, never a database row. A view is built by its service (``services.tickets``,
``services.lifecycle``, ``services.handover``, ``services.reception``); the layers above read
its attributes and keep no handle on the database. Every view of every concept lives here."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import TYPE_CHECKING, Any

from hall_desk.core.chain import canonical_json
from hall_desk.core.deadlines import DeadlineState
from hall_desk.core.enums import (HandoverItemState, HandoverState, StrEnum, TicketKind,
                                  TicketStatus)

if TYPE_CHECKING:        # annotations only: the reception's rules load with its page
    from hall_desk.core.reception import ItemStatus, Purpose, RunState, Stage


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


def _plain(value):
    """A view's value as the JSON-ready data ``to_dict`` gives: enums by their code, nested
    views as dicts, tuples as lists."""
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, (TicketKind, StrEnum)):
        return value.value
    return value


class _AsDict:
    """``to_dict()``: the fields in their order, as plain data."""

    def to_dict(self) -> dict[str, Any]:
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}


@dataclass(frozen=True)
class DeadlineView(_AsDict):
    """One time limit of a ticket (times as ISO text to the minute, as stored in records)."""

    rule: str
    label: str
    due: str | None
    state: DeadlineState
    met_at: str | None
    agreed: bool
    provisional: bool
    moved_from: str | None
    moved_reason: str | None
    moved_reason_en: str | None


@dataclass(frozen=True)
class AttachmentView(_AsDict):
    id: int
    filename: str
    size: int
    sha256: str
    added_by: str
    added_at: str | None


@dataclass(frozen=True)
class HistoryEntry(_AsDict):
    """One event of a ticket's history as the detail and the record sheet list it."""

    seq: int
    at: str | None
    actor: str
    action: str
    note: str


@dataclass(frozen=True)
class TicketView(_AsDict):
    """A ticket as ``services.tickets.describe`` gives it: every field, its deadlines,
    attachments and history, names instead of ids, times as ISO text to the minute. The
    identity fields are empty (and ``customer_name`` says anonymous) unless shown.

    ``to_dict()`` is the dict the record versions store and hash: its keys, their order and
    values must not change (tests/services/test_ticket_view_golden.py)."""

    number: str
    kind: TicketKind
    channel: str
    category: str
    business_type: str
    business_name: str
    customer_name: str
    phone: str
    address: str
    anonymous: bool
    identity_shown: bool
    content: str
    demand: str
    emotional_state: str
    evidence_note: str
    confirmed_by_customer: bool
    missing_materials: tuple[str, ...]
    received_at: str | None
    counter: str
    first_receiver: str
    status: TicketStatus
    round: int
    priority: int
    repeat_of: str | None
    department: str
    handler_a: str
    handler_b: str
    agreed_due_at: str | None
    escalated_at: str | None
    settled_on_spot: bool
    valid: bool | None
    validity_reason: str
    refusal_basis: str
    callback_window: str
    cause_class: str
    cause_analysis: str
    solution: str
    compensation_amount: str | None
    compensation_method: str
    compensation_due: str | None
    instruction: str
    approved_by: str
    implementation: str
    reply_method: str
    reply_content: str
    replied_at: str | None
    satisfaction: str
    archived_at: str | None
    summary: str
    version: int
    deadlines: tuple[DeadlineView, ...]
    deadline_problem: str | None
    attachments: tuple[AttachmentView, ...]
    history: tuple[HistoryEntry, ...]
    # a hotline's work order (core.hotline); left out of ``to_dict()`` when there is none,
    # so that the records of every other ticket stay byte for byte what they were
    hotline_source: str = ""
    hotline_number: str = ""
    hotline_due_at: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out = super().to_dict()
        if not self.hotline_number:
            for name in ("hotline_source", "hotline_number", "hotline_due_at"):
                del out[name]
        return out

    def as_json(self) -> str:
        """``to_dict()`` as canonical JSON (the form records hash)."""
        return canonical_json(self.to_dict())


@dataclass(frozen=True)
class SignatureView:
    """A signature on a record version: who, as what, when, the content's SHA-256 and the
    pad's image (PNG) if there is one."""

    id: int
    role: str
    signer_name: str
    signed_at: datetime
    record_version: int
    content_sha256: str
    on_paper: bool = False
    image_png: bytes | None = None
    signed_by: str = ""             # "staff" (staff_id) or "customer"; "" before v11
    staff_id: int | None = None


@dataclass(frozen=True)
class HandoverRef:
    """A handover as it stands after assembling it (or as the one being worked on): which
    shift, its state and who hands over and takes over (staff ids)."""

    id: int
    shift_name: str
    shift_start: datetime
    shift_end: datetime
    state: HandoverState
    outgoing_id: int
    incoming_id: int | None
    version: int


@dataclass(frozen=True)
class HandoverItemView:
    """One item of a handover after a note or a review step."""

    id: int
    handover_id: int
    position: int
    kind: str
    ref: str
    text: str
    state: HandoverItemState
    query: str
    answer: str
    answered_at: datetime | None


@dataclass(frozen=True)
class ReceptionRunRef:
    """A reception run (接待) after a notice or a step: the notice, its template and state;
    ``version`` is what the next change is checked against."""

    id: int
    visiting_unit: str
    leader: str
    expected_at: datetime
    visitors: int
    purpose: Purpose
    notes: str
    template_name: str
    template_version: int
    state: RunState
    started_at: datetime | None
    ended_at: datetime | None
    guestbook: str
    version: int


@dataclass(frozen=True)
class ReceptionItemView:
    """One checklist item of a running reception after a tick, a note or an undo."""

    id: int
    run_id: int
    stage: Stage
    position: int
    text: str
    status: ItemStatus
    done_at: datetime | None
    done_by_id: int | None
    note: str
    not_applicable_reason: str
