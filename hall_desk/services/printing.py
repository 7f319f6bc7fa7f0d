"""Printing records: the sheet's data from the store, its version and hash, its signatures,
and the log of prints that show an anonymous identity. Returns PDF bytes; the window
previews or prints them, the command line writes them to a file.

A record's print is made from its stored version only (the version's content and print
stamp, the signatures given on that version), so printing a version twice gives the same
file byte for byte, and :func:`verify_pdf` checks a file by printing the version it claims
to be again and comparing: see docs/reliability.md, "Printed records that verify".

Which sheets there are, and how each is built, is the registry of :mod:`hall_desk.services.sheets`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from typing import Any

from peewee import JOIN

from hall_desk import pdf
from hall_desk.core import i18n
from hall_desk.core.auth import require
from hall_desk.core.chain import content_hash
from hall_desk.core.errors import HallError
from hall_desk.core.masking import mask_name
from hall_desk.services import records, settings, tickets
from hall_desk.services.sheets import REGISTRY, ticket_sheets
from hall_desk.services.context import Actor, now
from hall_desk.store.models import Category, Department, RecordVersion, Ticket
from hall_desk.services.records import stamp_meta as _stamp_meta

log = logging.getLogger(__name__)


def _signature_entries(ticket_id: int, version: int) -> list[pdf.SignatureEntry]:
    return [pdf.SignatureEntry(role=s.role, signer_name=s.signer_name
                               + ("（客户）" if s.signed_by == "customer" else ""),
                               signed_at=s.signed_at,
                               image=bytes(s.image_png) if s.image_png else None,
                               on_paper=s.on_paper)
            for s in records.signatures(ticket_id, version)]


def sheet(actor: Actor, number_or_id: str | int, kind: str = "record", *,
          reveal: bool = False, receipt_format: str = "a5") -> bytes:
    """Build one ticket's sheet of :data:`REGISTRY` (``record`` 客户投诉记录表, ``receipt``
    受理回执, ``notice`` 一次性告知单, ``file`` 投诉处理档案...) of the record's current
    version (stored now if it is new). ``reveal`` prints an anonymous customer's identity for
    a role allowed to see it, and logs that print."""
    entry = REGISTRY.get(kind)
    if entry is None or not entry.ticket:
        raise HallError("error.sheet", value=kind)
    require(actor.role, entry.permission)
    ticket = tickets.get(number_or_id)
    if entry.needs is not None and not entry.available(records.full_content(ticket)):
        raise HallError(entry.refusal or "error.sheet", number=ticket.number, value=kind)
    identity_shown = tickets.identity_visible(
        ticket, actor, reveal=reveal and entry.reveal and records.may_print_identity(actor))
    version = records.current(ticket, actor)
    out = version_sheet(version, kind, identity_shown=identity_shown,
                        receipt_format=receipt_format,
                        signatures=_signature_entries(ticket.id, version.version))
    records.log_print(actor, ticket, kind, identity_shown)
    return out


def _state_then(deadline: dict[str, Any], at: str | None) -> str:
    """A deadline's state at the print time, for a version stored without its states."""
    if deadline.get("met_at"):
        return "met"
    return "overdue" if at and deadline.get("due") and deadline["due"] < at else "open"


def version_sheet(version: records.Version, kind: str, *, identity_shown: bool,
                  receipt_format: str = "a5",
                  signatures: list[pdf.SignatureEntry] | tuple = ()) -> bytes:
    """One sheet of a stored ticket version, from stored data only: the version's content
    (the identity shown or not), its print stamp (time, printer, hall, deadline states) and
    the ``signatures`` given on it."""
    data = records.shown_content(version.content, identity_shown)
    states = version.stamp.get("states") or []
    at = version.stamp.get("at")
    data["deadlines"] = [dict(d, state=states[i] if i < len(states) else _state_then(d, at))
                         for i, d in enumerate(data.get("deadlines") or [])]
    meta = _stamp_meta(version.stamp, version.version,
                       records.shown_hash(version.content, identity_shown))
    # the hall's phone and address as they were when the version was stored (the receipt)
    data["hall_phone"] = version.stamp.get("phone") or ""
    data["hall_address"] = version.stamp.get("address") or ""
    entry = REGISTRY.get(kind)
    if entry is None or entry.build is None:
        raise HallError("error.sheet", value=kind)
    return entry.build(data, meta, list(signatures) if entry.signed else [],
                       receipt_format if entry.layouts else None)


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
    meta = pdf.RecordMeta(hall_name=settings.hall_name(), printed_at=now(),
                          printed_by=actor.name, version=None,
                          content_sha256=content_hash(rows))
    return pdf.ledger(rows, meta, date_from, date_to)


# ---------------------------------------------------------------- verifying a printed file

#: The refusals of a file that cannot be read as a PDF at all (the window shows an error).
UNREADABLE = frozenset({"verify.unreadable", "verify.not_pdf", "verify.truncated",
                        "verify.damaged", "verify.encrypted"})


class _Candidate:
    """One stored version a file may be a print of, and its possible prints."""

    def __init__(self, row: RecordVersion, label: str,
                 prints: Iterator[Callable[[], bytes]]) -> None:
        self.row, self.label, self.prints = row, label, prints


def verify_file(path: str) -> records.Verdict:
    """:func:`verify_pdf` on a file; HallError when it cannot be read."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise HallError("verify.unreadable", path=path, detail=exc.strerror or str(exc)) from None
    return verify_pdf(data)


def verify_pdf(data: bytes) -> records.Verdict:
    """Is ``data`` exactly a print the app makes of a stored record version? The version is
    found by the SHA-256 and number the file carries; its prints (every sheet, receipt
    layout, shown identity and the signatures given so far) are made again and compared
    with the file byte for byte. A match says which version and whether the record changed
    since; otherwise the verdict names the first page that differs (or a missing or added
    page, or the rest of the file). Reads only. HallError when the file is not a PDF, is
    cut off or encrypted, or is damaged beyond naming a record."""
    from hall_desk.pdf import compare

    reader, damaged = None, False
    try:
        reader = compare.open_pdf(data)
    except compare.Unreadable as exc:
        if exc.reason != compare.DAMAGED:
            raise HallError(f"verify.{exc.reason}") from None
        damaged = True
    said = compare.claims(data, reader)
    if not said.hashes:
        raise HallError("verify.damaged" if damaged else "error.no_hash")
    candidates = _candidates(said)
    if not candidates:
        return records.Verdict(False, i18n.text("verify.unknown"))
    tried: list[tuple[_Candidate, bytes]] = []
    for candidate in candidates:
        for make in candidate.prints:
            original = make()
            if original == data:
                return _match(candidate)
            tried.append((candidate, original))
    return _refusal(tried, reader, said.printer or ("?" if said.ours else ""))


def _candidates(said: Any) -> list[_Candidate]:
    from hall_desk.services import daily, handover, reception

    out: list[_Candidate] = []
    numbers = set(said.numbers) | set(records._NUMBER_IN_TEXT.findall(said.text))
    query = RecordVersion.select().where(RecordVersion.subject_type == records.SUBJECT)
    if numbers:
        ids = [t.id for t in Ticket.select(Ticket.id).where(Ticket.number.in_(list(numbers)))]
        query = query.where(RecordVersion.subject_id.in_(ids))
    for row in query.order_by(RecordVersion.id):
        content, _, _ = records.split_stored(row)
        shown = [v for v in ((True,) if not content.get("anonymous") else (False, True))
                 if records.shown_hash(content, v) in said.hashes]
        if shown:
            ticket = Ticket.get_by_id(row.subject_id)
            out.append(_Candidate(row, i18n.text("verify.ticket", number=ticket.number),
                                  _ticket_prints(row, ticket, shown, said.subject)))
    for row in (RecordVersion.select()
                .where(RecordVersion.subject_type.in_([reception.SUBJECT, handover.SUBJECT,
                                                       daily.SUBJECT])
                       & RecordVersion.sha256.in_(sorted(said.hashes)))
                .order_by(RecordVersion.id)):
        if row.subject_type == daily.SUBJECT:
            day = daily.get(row.subject_id).day.isoformat()
            label = i18n.text("verify.daily", day=day)
            make = (lambda r=row: daily.daily_print(r.subject_id, r.version))
        elif row.subject_type == reception.SUBJECT:
            from hall_desk.pdf.reception import record_number

            label = i18n.text("verify.reception", number=record_number({"id": row.subject_id}))
            make = (lambda r=row: reception.reception_print(r.subject_id, r.version))
        else:
            label = i18n.text("verify.handover", number=row.subject_id)
            make = (lambda r=row: handover.handover_print(r.subject_id, r.version))
        out.append(_Candidate(row, label, iter([make])))
    return out


def _ticket_prints(row: RecordVersion, ticket: Ticket, shown: list[bool],
                   subject: str) -> Iterator[Callable[[], bytes]]:
    """Every print the app may have made of a ticket version: the sheet the file's subject
    names (else every sheet), each shown identity, each receipt layout, and the signatures
    given on the version so far (a print made before the last ones lacks them)."""
    version = records._row_to_version(row, ticket.number)
    every = [s for s in ticket_sheets() if s.verifiable and s.build is not None]
    named = [s for s in every if subject and s.names(subject)]
    if subject and not named and subject.endswith("记录表"):
        named = [REGISTRY["record"]]       # the sheet of a kind no longer in the table
    sheets = [s for s in (named or every) if s.available(version.content)]
    signatures = _signature_entries(ticket.id, version.version)
    for identity in shown:
        for entry in sheets:
            if not entry.signed:
                for fmt in entry.layouts or (None,):
                    yield lambda i=identity, k=entry.name, f=fmt: version_sheet(
                        version, k, identity_shown=i, receipt_format=f)
                continue
            for given in range(len(signatures), -1, -1):
                yield lambda i=identity, k=entry.name, n=given: version_sheet(
                    version, k, identity_shown=i, signatures=signatures[:n])


def _match(candidate: _Candidate) -> records.Verdict:
    from hall_desk.services import daily, handover, reception

    row = candidate.row
    sealed = i18n.text("verify.sealed") if row.sealed else ""
    if row.subject_type == records.SUBJECT:
        return records.matched(Ticket.get_by_id(row.subject_id), row)
    if row.subject_type == daily.SUBJECT:
        digest = content_hash(daily.content(row.subject_id))
    elif row.subject_type == reception.SUBJECT:
        digest = content_hash(reception._content(row.subject_id))
    else:
        digest = content_hash(handover.content(row.subject_id))
    key = "verify.record_current" if digest == row.sha256 else "verify.record_old"
    message = i18n.text(key, record=candidate.label, version=row.version, sealed=sealed)
    return records.Verdict(True, message, candidate.label, row.version,
                           row.version if digest == row.sha256 else 0, row.sealed)


def _refusal(tried: list[tuple[_Candidate, bytes]], reader: Any,
             printer: str) -> records.Verdict:
    """The verdict on a file that is no print of its version: where it differs from the
    print it is closest to (the one that agrees on the most leading pages), and a note when
    another version of the program laid the file out (``printer``: its mark, "?" for a file
    of this program from before the mark)."""
    from hall_desk.pdf import compare
    from hall_desk.pdf.layout import PRINTER

    note = ("" if not printer or printer == PRINTER
            else i18n.text("verify.older_printer") if printer == "?"
            else i18n.text("verify.other_printer", printer=printer, current=PRINTER))
    candidate, original = tried[0]
    params = {"record": candidate.label, "version": candidate.row.version}
    if reader is None:
        return records.Verdict(False, i18n.text("verify.damaged_record", **params) + note,
                               candidate.label, candidate.row.version)
    best: tuple[float, compare.Difference, int] | None = None
    try:
        pages = compare.page_contents(reader)
        for candidate_i, original in tried:
            theirs = compare.page_contents(compare.open_pdf(original))
            found = compare.difference(pages, theirs)
            score = float("inf") if found.page is None else found.page
            if best is None or score > best[0]:
                best, candidate = (score, found, len(theirs)), candidate_i
    except Exception:      # pypdf gave up on the damaged file half-way: refused all the same
        log.warning("cannot compare a refused PDF page by page", exc_info=True)
        best, candidate = None, tried[0][0]
    if best is None:
        return records.Verdict(False, i18n.text("verify.damaged_record", **params) + note,
                               candidate.label, candidate.row.version)
    _, found, total = best
    params = {"record": candidate.label, "version": candidate.row.version}
    key = {compare.DIFFERS: "verify.page", compare.MISSING: "verify.page_missing",
           compare.EXTRA: "verify.page_extra", compare.OUTSIDE: "verify.outside"}[found.what]
    message = i18n.text(key, page=found.page, total=total, **params) + note
    return records.Verdict(False, message, candidate.label, candidate.row.version)
