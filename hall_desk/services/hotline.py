"""Hotline work orders (domain.md §13): a portal's list read in (xlsx or csv) through a
column mapping, and the replies written back out in the same mapping for upload.

The mappings are TOML files in ``resources/templates/hotline/`` (format in the comments of
``95598.toml``), read by :func:`hall_desk.core.hotline.loads_mapping`.

An import checks every row first: a bad row is listed with its row number and each field's
message and is not registered; a row whose source and work-order number a ticket already
carries (an earlier import of the same file, or the same row twice) is skipped and reported;
the good rows are registered together in one transaction, each whole (``dry_run`` checks
and writes nothing).

A ticket registered first (the customer walked in before the work order arrived, or the
number was mistyped) is linked afterwards with :func:`link`: a versioned change of the
ticket, in its history with the values before and after.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from hall_desk.core import hotline, i18n, lifecycle
from hall_desk.core.auth import require
from hall_desk.core.enums import TicketKind
from hall_desk.core.errors import FieldError, HallError, ValidationError
from hall_desk.core.validation import clean_text, read_time
from hall_desk.core.views import TicketRef
from hall_desk.paths import resource_path
from hall_desk.services import export, tickets
from hall_desk.services.context import Actor, now
from hall_desk.store import rowstate
from hall_desk.store.models import Ticket, TicketEvent
from hall_desk.store.tx import write_transaction

MAX_ROWS = 20000                  # a portal's list of a month is a few thousand at most
MAX_BYTES = 20 * 1024 * 1024


def _folder() -> Path:
    return resource_path("templates", "hotline")


def mapping_names() -> list[str]:
    """The mappings shipped, by name (the file's stem)."""
    return sorted(p.stem for p in _folder().glob("*.toml"))


def mapping(name: str) -> hotline.Mapping_:
    """A mapping by its name; HallError naming the mappings there are when there is none."""
    clean = str(name or "").strip()
    if clean not in mapping_names():
        raise HallError("hotline.error.no_mapping", value=clean, names=", ".join(mapping_names()))
    text = (_folder() / f"{clean}.toml").read_text(encoding="utf-8")
    return hotline.loads_mapping(text, TicketKind.codes())


def read_table(path: str | Path) -> tuple[list[str], list[tuple[int, dict[str, Any]]]]:
    """A portal's list: its headings and its rows as (row number in the file, heading ->
    cell), empty rows left out. ``.xlsx`` (the first sheet) or ``.csv`` (UTF-8, with or
    without a BOM, or GB18030 as Excel on a Chinese Windows saves it)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise HallError("hotline.error.file_format", path=str(path))
    try:
        if path.stat().st_size > MAX_BYTES:
            raise HallError("hotline.error.file_large", path=str(path), max=MAX_BYTES // 2**20)
        raw = path.read_bytes()
    except OSError as exc:
        raise HallError("hotline.error.file_read", path=str(path),
                        detail=exc.strerror or str(exc)) from None
    try:
        grid = _xlsx_grid(raw) if suffix == ".xlsx" else _csv_grid(raw)
    except (ValueError, KeyError, OSError, csv.Error) as exc:
        raise HallError("hotline.error.file_read", path=str(path),
                        detail=type(exc).__name__) from None
    if not grid:
        raise HallError("hotline.error.file_empty", path=str(path))
    header = ["" if h is None else str(h).strip() for h in grid[0]]
    rows = []
    for number, cells in enumerate(grid[1:], start=2):
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        rows.append((number, dict(zip(header, cells))))
        if len(rows) > MAX_ROWS:
            raise HallError("hotline.error.file_large_rows", path=str(path), max=MAX_ROWS)
    return header, rows


def _xlsx_grid(raw: bytes) -> list[list[Any]]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except BadZipFile as exc:
        raise ValueError("not an xlsx file") from exc
    try:
        return [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()


def _csv_grid(raw: bytes) -> list[list[Any]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValueError("not UTF-8 or GB18030")
    return [row for row in csv.reader(io.StringIO(text, newline=""))]


@dataclass
class ImportReport:
    """What an import did (or, with ``dry_run``, would do): tickets registered as (row,
    ticket number, work-order number), rows skipped as already there (row, work-order
    number, the ticket that has it), bad rows (row, field, message)."""

    mapping: str
    dry_run: bool
    registered: list[tuple[int, str, str]] = field(default_factory=list)
    skipped: list[tuple[int, str, str]] = field(default_factory=list)
    bad: list[tuple[int, str, str]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"mapping": self.mapping, "dry_run": self.dry_run,
                "registered": [{"row": r, "number": n, "hotline_number": h}
                               for r, n, h in self.registered],
                "skipped": [{"row": r, "hotline_number": h, "ticket": n}
                            for r, h, n in self.skipped],
                "bad": [{"row": r, "field": f, "message": m} for r, f, m in self.bad]}


def import_file(actor: Actor, path: str | Path, mapping_name: str, *,
                dry_run: bool = False) -> ImportReport:
    """Read a portal's list through a mapping and register its good rows (see the module)."""
    require(actor.role, "register_ticket")
    chosen = mapping(mapping_name)
    header, rows = read_table(path)
    missing = hotline.missing_columns(chosen, header)
    if missing:
        raise HallError("hotline.error.columns_missing", columns="、".join(missing),
                        mapping=chosen.name)
    report = ImportReport(chosen.name, dry_run)
    good: list[tuple[int, dict[str, Any], str]] = []
    seen: dict[str, int] = {}
    for number, row in rows:
        data = hotline.intake_of(chosen, row)
        try:
            clean = tickets.check_intake(data)
        except ValidationError as exc:
            report.bad += [(number, _field(f), e.message()) for f, e in exc.errors.items()]
            continue
        key = clean["hotline_number"]
        earlier = tickets.hotline_owner(chosen.source, key)
        if earlier is not None or key in seen:
            report.skipped.append((number, key, earlier or i18n.text("hotline.row",
                                                                     row=seen[key])))
            continue
        seen[key] = number
        good.append((number, data, key))
    if not dry_run and good:
        made = tickets.register_all(actor, [data for _, data, _ in good])
        report.registered = [(n, t.number, key) for (n, _, key), t in zip(good, made)]
    else:
        report.registered = [(n, "", key) for n, _, key in good]
    return report


def link(actor: Actor, ticket_id: int, expected_version: int, source: str, number: str,
         due_at: datetime | str | None = None, note: str = "") -> TicketRef:
    """Link a registered ticket to a hotline's work order, change the link, or remove it
    (``source`` and ``number`` empty). Checked as the intake checks the three fields
    (``core.hotline.check``: the limit after the receipt) and by ``core.hotline.check_link``
    (a change of nothing is refused; a change or removal needs ``note``); refused when
    another ticket carries the same work order (naming it), when the ticket is archived
    (``core.lifecycle``), for a role without ``link_hotline``, and against a stale version.
    The ticket's next deadline is worked out again with the hotline's limit."""
    require(actor.role, "link_hotline")
    with write_transaction():
        rowstate.lock_heads()    # PostgreSQL: from the check below to the commit, as at intake
        ticket = tickets.row_of(ticket_id)
        if ticket.version != expected_version:
            raise tickets.stale_error(ticket)
        lifecycle.check("link_hotline", ticket.status, ticket.kind, actor.role)
        errors: dict[str, HallError] = {}
        out: dict[str, Any] = {"received_at": ticket.received_at}
        hotline.check({"hotline_source": source, "hotline_number": number,
                       "hotline_due_at": due_at}, errors, out, read_time, now())
        try:
            why = clean_text("note", note, required=False, max_len=500, multiline=True)
        except FieldError as exc:
            errors["note"], why = exc, ""
        hotline.check_link((ticket.hotline_source, ticket.hotline_number,
                            ticket.hotline_due_at), out, why, errors)
        taken = out["hotline_number"] and not errors and tickets.hotline_owner(
            out["hotline_source"], out["hotline_number"], other_than=ticket.id)
        if taken:
            errors["hotline_number"] = FieldError("hotline_number", "hotline.error.taken",
                                                  number=taken)
        if errors:
            raise ValidationError(errors)
        changes = {name: out[name] for name in hotline.FIELDS}
        return tickets.ref_of(tickets.update(actor, ticket.id, expected_version, changes,
                                             action="link_hotline", note=why,
                                             permission="link_hotline", current=ticket))


def _field(name: str) -> str:
    key = f"field.{name}"
    return i18n.text(key) if i18n.has(key) else name


def _period(date_from: date, date_to: date) -> tuple[datetime, datetime]:
    if date_to < date_from:
        raise ValidationError({"date_to": FieldError("date_to", "error.date_range")})
    return datetime.combine(date_from, time()), datetime.combine(date_to + timedelta(days=1),
                                                                 time())


def reply_rows(actor: Actor, mapping_name: str, date_from: date, date_to: date
               ) -> tuple[list[str], list[list[Any]]]:
    """The replies of the work orders of a mapping's hotline received in the range: the
    mapping's reply headings and one row per ticket (ticket number, work-order number,
    status, reply, when it was replied and by whom), oldest first."""
    require(actor.role, "export")
    chosen = mapping(mapping_name)
    start, end = _period(date_from, date_to)
    found = list(Ticket.select().where(
        (Ticket.hotline_source == chosen.source) & (Ticket.hotline_number != "")
        & (Ticket.received_at >= start) & (Ticket.received_at < end))
        .order_by(Ticket.received_at, Ticket.id))
    by_whom = _repliers([t.id for t in found])
    rows = [[t.number, t.hotline_number, i18n.text(f"status.{t.status}", "zh"),
             t.reply_content, export._when(t.replied_at), by_whom.get(t.id, "")]
            for t in found]
    return [chosen.reply.get(c, c) for c in hotline.REPLY_COLUMNS], rows


def _repliers(ids: list[int]) -> dict[int, str]:
    """Who gave each ticket's latest reply (or settlement on the spot)."""
    out: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        for ticket_id, label in (TicketEvent.select(TicketEvent.ticket, TicketEvent.actor_label)
                                 .where(TicketEvent.ticket.in_(ids[start:start + 500])
                                        & TicketEvent.action.in_(("reply", "settle_on_spot")))
                                 .order_by(TicketEvent.seq).tuples()):
            out[ticket_id] = label
    return out


def export_replies(actor: Actor, mapping_name: str, date_from: date, date_to: date,
                   path: str | Path) -> int:
    """Write :func:`reply_rows` to ``path`` (.xlsx or .csv, by its ending), atomically;
    logged in the access log like every export. Returns the number of rows."""
    path = Path(path)
    fmt = export.check_format(path.suffix)
    header, rows = reply_rows(actor, mapping_name, date_from, date_to)
    if fmt == "csv":
        export._atomic(path, lambda fh: export.write_csv(fh, [(None, header, rows)]))
    else:
        widths = [22, 24, 10, 48, 17, 10]
        export._atomic(path, lambda fh: export.write_xlsx(
            fh, [(mapping_name, header, rows, widths)]))
    export.log_access(actor, i18n.text("hotline.export_reason", "zh", mapping=mapping_name,
                                       date_from=date_from.isoformat(),
                                       date_to=date_to.isoformat(), rows=len(rows)))
    return len(rows)

