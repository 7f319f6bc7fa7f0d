"""Exports for auditors: the ledger (投诉台账) and the statistics tables, as Excel (.xlsx,
openpyxl) or CSV (UTF-8 with a BOM, so Excel opens the Chinese correctly).

Personal data: the customer's name and phone are masked (张* / 138****5678) unless the role
may see identities (``view_identity``); an anonymous customer is never shown in an export,
whatever the role (a bulk file is not the place to lift anonymity: a supervisor reveals one
ticket at a time, with a reason, in the ticket view). Every export writes an access-log entry
(``action = "export"``, the reason says what, which range and how many rows).

Files are written atomically: to ``<name>.part`` beside the target, then renamed, so a
failed export never leaves half a file under the name asked for. Text that a spreadsheet
would run as a formula (starting with = + - @) is written as text.
"""

from __future__ import annotations

import csv
import errno
import io
import os
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from peewee import JOIN

from hall_desk.core import i18n
from hall_desk.core.auth import may, require
from hall_desk.core.enums import Role
from hall_desk.core.errors import FieldError, HallError, ValidationError
from hall_desk.core.masking import mask_name, mask_phone
from hall_desk.services import statistics
from hall_desk.services.context import Actor, now
from hall_desk.store.models import AccessLog, Category, Department, Staff, Ticket
from hall_desk.store import rowstate
from hall_desk.store.tx import write_transaction

FORMATS = ("xlsx", "csv")

LEDGER_COLUMNS = ["number", "received_at", "kind", "channel", "category", "customer", "phone",
                  "content", "demand", "first_receiver", "department", "handler_a", "status",
                  "cause", "agreed_due_at", "replied_at", "archived_at", "satisfaction", "round",
                  "repeat"]
_WIDTHS = {"number": 22, "received_at": 17, "kind": 8, "channel": 8, "category": 12,
           "customer": 10, "phone": 15, "content": 48, "demand": 32, "first_receiver": 10,
           "department": 12, "handler_a": 10, "status": 9, "cause": 11, "agreed_due_at": 17,
           "replied_at": 17, "archived_at": 17, "satisfaction": 9, "round": 8, "repeat": 8}


def check_format(fmt: str) -> str:
    fmt = (fmt or "").lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValidationError({"format": FieldError("format", "export.error.format", value=fmt)})
    return fmt


def shows_identity(actor: Actor) -> bool:
    """Whether exports for ``actor`` carry names and phones (anonymous ones never)."""
    return may(actor.role, "view_identity") and actor.role is not Role.SYSTEM


def _label(prefix: str, code: str | None, lang: str) -> str:
    if not code:
        return ""
    key = f"{prefix}.{code}"
    return i18n.text(key, lang) if i18n.has(key) else code


def _when(value: Any) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value).strftime("%Y-%m-%d %H:%M")
        except ValueError:
            return value
    return ""


def ledger_header(lang: str = "zh") -> list[str]:
    return [i18n.text(f"export.col.{c}", lang) for c in LEDGER_COLUMNS]


def ledger_rows(actor: Actor, f: statistics.StatsFilter, lang: str = "zh"
                ) -> Iterator[list[Any]]:
    """One row per ticket received in the filter's range, oldest first, in LEDGER_COLUMNS
    order; rows are streamed from the database cursor."""
    f.check()
    full = shows_identity(actor)
    anonymous = i18n.text("customer.anonymous", lang)
    receiver = Staff.alias("receiver")
    handler = Staff.alias("handler")
    english = lang != "zh"
    cond = (Ticket.received_at >= f.start) & (Ticket.received_at < f.end)
    if f.department_id:
        cond &= Ticket.department == f.department_id
    query = (Ticket.select(Ticket.number, Ticket.received_at, Ticket.kind, Ticket.channel,
                           Category.name, Category.name_en, Ticket.customer_name,
                           Ticket.customer_phone, Ticket.anonymous, Ticket.content,
                           Ticket.demand, receiver.name, Department.name, Department.name_en,
                           handler.name,
                           Ticket.status, Ticket.cause_class, Ticket.agreed_due_at,
                           Ticket.replied_at, Ticket.archived_at, Ticket.satisfaction,
                           Ticket.round, Ticket.repeat_of)
             .join_from(Ticket, Category, JOIN.LEFT_OUTER)
             .join_from(Ticket, Department, JOIN.LEFT_OUTER)
             .join_from(Ticket, receiver, JOIN.LEFT_OUTER, on=(Ticket.first_receiver == receiver.id))
             .join_from(Ticket, handler, JOIN.LEFT_OUTER, on=(Ticket.handler_a == handler.id))
             .where(cond).order_by(Ticket.received_at, Ticket.id).tuples())
    for (number, received, kind, channel, cat, cat_en, name, phone, anon, content, demand,
         receiver_name, dep, dep_en, handler_name, status, cause, agreed, replied, archived, sat,
         round_, repeat_of) in query.iterator():
        if anon:
            customer, shown_phone = anonymous, ""
        elif full:
            customer, shown_phone = name or "", phone or ""
        else:
            customer, shown_phone = mask_name(name), mask_phone(phone)
        yield [number, _when(received), _label("kind", kind, lang),
               _label("channel", channel, lang), ((cat_en or cat) if english else cat) or "",
               customer, shown_phone, content or "", demand or "", receiver_name or "",
               ((dep_en or dep) if english else dep) or "", handler_name or "", _label("status", status, lang),
               _label("cause", cause, lang), _when(agreed), _when(replied), _when(archived),
               _label("satisfaction", sat, lang), round_,
               i18n.text("export.yes", lang) if repeat_of else ""]


# ---------------------------------------------------------------- writers


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_safe(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return "" if value is None else value


def _atomic(path: Path, write) -> None:
    tmp = path.with_name(path.name + ".part")
    try:
        with open(tmp, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
            raise HallError("error.file_no_space", path=str(path)) from None
        raise HallError("export.error.write", path=str(path),
                        detail=exc.strerror or str(exc)) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


class _Counted:
    """Counts the rows passing through, for the access log."""

    def __init__(self, rows: Iterable[list[Any]]) -> None:
        self.rows, self.n = rows, 0

    def __iter__(self):
        for row in self.rows:
            self.n += 1
            yield row


def write_csv(target, sections: list[tuple[str | None, list[str], Iterable[list[Any]]]]) -> None:
    """Sections of (title or None, header, rows) to a binary file, UTF-8 with a BOM; a blank
    line between sections."""
    text = io.TextIOWrapper(target, encoding="utf-8-sig", newline="")
    writer = csv.writer(text)
    for i, (title, header, rows) in enumerate(sections):
        if i:
            writer.writerow([])
        if title:
            writer.writerow([title])
        writer.writerow(header)
        for row in rows:
            writer.writerow([_csv_safe(v) for v in row])
    text.flush()
    text.detach()


def _sheet_title(title: str, used: set[str]) -> str:
    clean = "".join("_" if ch in "[]:*?/\\" else ch for ch in title)[:31] or "Sheet"
    name, n = clean, 2
    while name in used:
        name = f"{clean[:28]}_{n}"
        n += 1
    used.add(name)
    return name


def write_xlsx(target, sheets: list[tuple[str, list[str], Iterable[list[Any]], list[float]]]
               ) -> None:
    """Sheets of (title, header, rows, column widths) to a binary file: a real .xlsx with a
    bold shaded header row, frozen below the header, column widths, text never a formula,
    an autofilter on the header, and set to print as it opens (:func:`_print_setup`)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    used: set[str] = set()
    font = Font(bold=True, name="SimSun")
    fill = PatternFill("solid", fgColor="D9D9D9")
    border = Border(bottom=Side(style="thin", color="444444"))
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for title, header, rows, widths in sheets:
        ws = book.create_sheet(_sheet_title(title, used))
        for i, width in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = "A2"
        _print_setup(ws, title, widths)
        cells = []
        for name in header:
            cell = WriteOnlyCell(ws, value=name)
            cell.font, cell.fill, cell.border, cell.alignment = font, fill, border, centre
            cells.append(cell)
        ws.append(cells)
        count = 1
        for row in rows:
            count += 1
            out = []
            for value in row:
                cell = WriteOnlyCell(ws, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"        # never a formula, whatever the text
                out.append(cell)
            ws.append(out)
        ws.auto_filter.ref = f"A1:{get_column_letter(max(1, len(header)))}{count}"
    book.save(target)


PORTRAIT_CHARS = 95       # about what an A4 portrait page holds, in column-width characters


def _print_setup(ws, title: str, widths: list[float]) -> None:
    """Print as it opens in Excel, WPS or LibreOffice: A4, landscape when the columns are
    wider than a portrait page, every column on one page wide (as many pages down as it
    takes), the header row on every page, narrow margins, the title and "第 x 页 / 共 y 页"."""
    from openpyxl.worksheet.properties import PageSetupProperties
    from openpyxl.worksheet.worksheet import Worksheet

    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)   # before any row
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = (Worksheet.ORIENTATION_LANDSCAPE if sum(widths) > PORTRAIT_CHARS
                                 else Worksheet.ORIENTATION_PORTRAIT)
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.print_title_rows = "1:1"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.HeaderFooter.oddHeader.center.text = title.replace("&", "&&")
    ws.HeaderFooter.oddFooter.center.text = "第 &P 页 / 共 &N 页"


# ---------------------------------------------------------------- use cases


def _log(actor: Actor, what: str, fmt: str, f: statistics.StatsFilter, rows: int,
         masked: bool, lang: str = "zh") -> None:
    department = (Department.get_or_none(Department.id == f.department_id)
                  if f.department_id else None)
    reason = i18n.text("export.reason", lang, what=i18n.text(f"export.{what}", lang), fmt=fmt,
                       date_from=f.date_from.isoformat(), date_to=f.date_to.isoformat(),
                       department=department.name if department else
                       i18n.text("stats.all_departments", lang),
                       rows=rows, masking=i18n.text("export.masked" if masked
                                                    else "export.unmasked", lang))
    log_access(actor, reason)


def log_access(actor: Actor, reason: str) -> None:
    """One export in the access log (chained as ``access:<id>``)."""
    with write_transaction():
        row = AccessLog.create(at=now(), staff=actor.staff_id, action="export", ticket=None,
                               reason=reason)
        rowstate.record(f"access:{row.id}")


def export_ledger(actor: Actor, f: statistics.StatsFilter, fmt: str, path: str | Path, *,
                  lang: str = "zh") -> int:
    """Write the ledger of the tickets received in ``f``'s range to ``path``; returns the
    number of ticket rows. Logged in the access log."""
    require(actor.role, "export")
    fmt = check_format(fmt)
    f.check()
    path = Path(path)
    rows = _Counted(ledger_rows(actor, f, lang))
    header = ledger_header(lang)
    if fmt == "csv":
        _atomic(path, lambda fh: write_csv(fh, [(None, header, rows)]))
    else:
        widths = [_WIDTHS[c] for c in LEDGER_COLUMNS]
        _atomic(path, lambda fh: write_xlsx(
            fh, [(i18n.text("export.ledger", lang), header, rows, widths)]))
    _log(actor, "ledger", fmt, f, rows.n, not shows_identity(actor), lang)
    return rows.n


def _widths(table: statistics.StatTable) -> list[float]:
    out = []
    for i, head in enumerate(table.header):
        longest = max([len(str(head))] + [len(str(r[i])) for r in table.rows if i < len(r)])
        out.append(min(50, max(10, longest * 2 + 2)))
    return out


def export_statistics(actor: Actor, f: statistics.StatsFilter, fmt: str, path: str | Path, *,
                      figures: dict[str, Any] | None = None, only: str | None = None,
                      lang: str = "zh") -> int:
    """Write every statistics table (or the one keyed ``only``) to ``path``: one sheet per
    table in Excel, titled sections in CSV. Per-staff figures only for roles allowed them.
    ``figures`` may pass an :func:`statistics.overview` already computed (in ``lang``).
    Returns the number of tables written."""
    require(actor.role, "export")
    fmt = check_format(fmt)
    figures = figures or statistics.overview(actor, f, lang=lang)
    chosen = [t for t in statistics.tables(figures, lang) if only in (None, t.key)]
    if not chosen:
        raise HallError("error.choice", field="table", value=only)
    path = Path(path)
    head = [[i18n.text("field.date_from", lang), f.date_from.isoformat()],
            [i18n.text("field.date_to", lang), f.date_to.isoformat()],
            [i18n.text("field.department", lang), figures["range"]["department"]]]
    if fmt == "csv":
        sections = [(t.title, t.header, t.rows) for t in chosen]
        if only is None:
            sections.insert(0, (i18n.text("export.statistics", lang),
                                [i18n.text("stats.col.item", lang),
                                 i18n.text("stats.col.value", lang)], head))
        _atomic(path, lambda fh: write_csv(fh, sections))
    else:
        sheets = [(t.title, t.header, t.rows, _widths(t)) for t in chosen]
        if only is None:
            sheets.insert(0, (i18n.text("export.statistics", lang),
                              [i18n.text("stats.col.item", lang),
                               i18n.text("stats.col.value", lang)], head, [16, 24]))
        _atomic(path, lambda fh: write_xlsx(fh, sheets))
    _log(actor, "statistics", fmt, f, sum(len(t.rows) for t in chosen), True, lang)
    return len(chosen)


def default_name(what: str, f: statistics.StatsFilter, fmt: str, lang: str = "zh") -> str:
    """A file name such as ``投诉台账_2026-11-01_2026-11-30.xlsx``."""
    return f"{i18n.text(f'export.{what}', lang)}_{f.date_from:%Y-%m-%d}_{f.date_to:%Y-%m-%d}.{fmt}"
