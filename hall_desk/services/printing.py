"""Printing records: the sheet's data from the store, its version and hash, its signatures,
and the log of prints that show an anonymous identity. Returns PDF bytes; the window
previews or prints them, the command line writes them to a file."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from peewee import JOIN

from hall_desk import pdf
from hall_desk.core import i18n
from hall_desk.core.errors import HallError
from hall_desk.core.masking import mask_name
from hall_desk.services import lifecycle, records, settings, tickets
from hall_desk.services.context import Actor, now
from hall_desk.store.models import Category, Department, Ticket

SHEETS = ("record", "receipt", "notice", "file")

i18n.register({
    "error.sheet": ("未知的单据类型：{value}", "Not a sheet: {value}"),
    "error.not_escalated": ("工单{number}未升级，没有投诉处理档案",
                            "Ticket {number} was not escalated: it has no complaint file"),
    "error.no_materials": ("工单{number}没有登记缺少的材料，无需一次性告知单",
                           "Ticket {number} lists no missing materials: no notice slip needed"),
    "error.date_range": ("开始日期不能晚于结束日期", "The start date is after the end date"),
})


def _signature_entries(ticket_id: int, version: int) -> list[pdf.SignatureEntry]:
    return [pdf.SignatureEntry(role=s.role, signer_name=s.signer_name, signed_at=s.signed_at,
                               image=bytes(s.image_png) if s.image_png else None,
                               on_paper=s.on_paper)
            for s in records.signatures(ticket_id, version)]


def sheet(actor: Actor, number_or_id: str | int, kind: str = "record", *,
          reveal: bool = False, receipt_format: str = "a5") -> bytes:
    """Build one ticket's sheet: ``record`` (客户投诉记录表), ``receipt`` (受理回执),
    ``notice`` (一次性告知单) or ``file`` (投诉处理档案). ``reveal`` prints an anonymous
    customer's identity for a role allowed to see it, and logs that print."""
    if kind not in SHEETS:
        raise HallError("error.sheet", value=kind)
    ticket = tickets.get(number_or_id)
    if kind == "file" and ticket.escalated_at is None:
        raise HallError("error.not_escalated", number=ticket.number)
    shown = reveal and records.may_print_identity(actor)
    data = tickets.describe(ticket, actor, reveal=shown)
    data.update(lifecycle.closing_info(ticket))     # rounds, review, 投诉对象, 第N次
    if kind == "notice" and not data["missing_materials"]:
        raise HallError("error.no_materials", number=ticket.number)
    version = records.current(ticket, actor)
    meta = pdf.RecordMeta(hall_name=settings.hall_name(), printed_at=now(),
                          printed_by=actor.name, version=version.version,
                          content_sha256=records.shown_hash(version.content, data["identity_shown"]))
    signatures = _signature_entries(ticket.id, version.version)
    if kind == "record":
        out = pdf.record_sheet(data, meta, signatures)
    elif kind == "receipt":
        out = pdf.receipt(data, meta, format=receipt_format)
    elif kind == "notice":
        out = pdf.notice_slip(data, meta, signatures=signatures)
    else:
        out = pdf.complaint_file(data, meta, signatures,
                                 head_instruction=data["instruction"] or None)
    records.log_print(actor, ticket, kind, data["identity_shown"])
    return out


def ledger_rows(date_from: date, date_to: date) -> list[dict[str, Any]]:
    """The ledger's rows: tickets received in [date_from, date_to], customers masked."""
    if date_from > date_to:
        raise HallError("error.date_range")
    start = datetime.combine(date_from, datetime.min.time())
    end = datetime.combine(date_to + timedelta(days=1), datetime.min.time())
    query = (Ticket.select(Ticket.number, Ticket.received_at, Ticket.kind, Category.name,
                           Ticket.customer_name, Ticket.anonymous, Ticket.content,
                           Department.name, Ticket.status, Ticket.replied_at, Ticket.satisfaction)
             .join_from(Ticket, Category, JOIN.LEFT_OUTER)
             .join_from(Ticket, Department, JOIN.LEFT_OUTER)
             .where((Ticket.received_at >= start) & (Ticket.received_at < end))
             .order_by(Ticket.received_at, Ticket.id).tuples())
    anonymous = i18n.text("customer.anonymous", "zh")
    return [{"number": n, "received_at": r, "kind": k, "category": c or "",
             "customer": anonymous if anon else mask_name(name), "content": content,
             "department": d or "", "status": s, "replied_at": replied, "satisfaction": sat}
            for n, r, k, c, name, anon, content, d, s, replied, sat in query]


def ledger(actor: Actor, date_from: date, date_to: date) -> bytes:
    """投诉台账 over a date range (personal data masked)."""
    rows = ledger_rows(date_from, date_to)
    from hall_desk.core.chain import content_hash

    meta = pdf.RecordMeta(hall_name=settings.hall_name(), printed_at=now(),
                          printed_by=actor.name, version=None,
                          content_sha256=content_hash(rows))
    return pdf.ledger(rows, meta, date_from, date_to)
