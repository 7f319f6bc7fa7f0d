"""Attachments (scans, photos) kept in the database with their SHA-256, so a backup holds
them and a changed file is detectable."""

from __future__ import annotations

import hashlib
import mimetypes
from pathlib import Path

from hall_desk.core import lifecycle
from hall_desk.core.errors import FieldError, NotFound, ValidationError
from hall_desk.core.views import AttachmentView
from hall_desk.services import tickets
from hall_desk.services.context import Actor, now
from hall_desk.store.models import Attachment, Ticket
from hall_desk.store.tx import write_transaction

MAX_BYTES = 20 * 1024 * 1024


def add(actor: Actor, ticket_id: int, path: str | Path) -> AttachmentView:
    """Attach the file at ``path``; returns the attachment as the ticket's detail lists it."""
    source = Path(path)
    try:
        size = source.stat().st_size
        if size > MAX_BYTES:
            raise ValidationError({"attachment": FieldError(
                "attachment", "error.attachment_size", max=MAX_BYTES // (1024 * 1024))})
        data = source.read_bytes()
    except OSError as exc:
        raise ValidationError({"attachment": FieldError(
            "attachment", "error.attachment_read", detail=exc.strerror or str(exc))}) from None
    row = add_bytes(actor, ticket_id, source.name, data)
    return AttachmentView(id=row.id, filename=row.filename, size=row.size, sha256=row.sha256,
                          added_by=row.added_by.name,
                          added_at=row.added_at.isoformat(timespec="minutes"))


def add_bytes(actor: Actor, ticket_id: int, filename: str, data: bytes) -> Attachment:
    """Attach ``data`` (a scan or photo already in memory) under ``filename``."""
    if len(data) > MAX_BYTES:
        raise ValidationError({"attachment": FieldError(
            "attachment", "error.attachment_size", max=MAX_BYTES // (1024 * 1024))})
    digest = hashlib.sha256(data).hexdigest()
    mime = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    with write_transaction():
        ticket = Ticket.get_or_none(Ticket.id == ticket_id)
        if ticket is None:
            raise NotFound(what="what.ticket", key=ticket_id)
        lifecycle.check("attach", ticket.status, ticket.kind, actor.role)
        row = Attachment.create(ticket=ticket.id, filename=filename[:255], mime=mime[:64],
                                size=len(data), sha256=digest, data=data,
                                added_by=actor.staff_id or tickets._system_staff_id(),
                                added_at=now())
        tickets.append_event(ticket, actor, "attach", {},
                             {"filename": row.filename, "size": row.size, "sha256": digest})
    return row


def verify(attachment_id: int) -> bool:
    row = Attachment.get_by_id(attachment_id)
    return hashlib.sha256(bytes(row.data)).hexdigest() == row.sha256
