"""The hall's working-day calendar: importing a year's holidays, showing what is in force,
and warning when next year is missing.

The holiday library knows the years it was released with; each later year is entered by an
administrator from the State Council's notice as a calendar file (format in
``resources/calendars/2026.toml``), stored in the settings table as ``calendar_year.YYYY``.
Entering a year works out again every deadline that was provisional for it and records each
change on the ticket (:func:`recompute_provisional`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from hall_desk.core import i18n
from hall_desk.core.auth import require
from hall_desk.core.enums import TicketStatus
from hall_desk.core.workdays import (
    LIBRARY, PROVISIONAL, load_year, loads_year,
)
from hall_desk.services import deadlines, settings, tickets
from hall_desk.services.context import Actor, now
from hall_desk.store.models import Ticket, TicketDeadline
from hall_desk.store.tx import write_transaction

log = logging.getLogger(__name__)

#: From this month on, next year's calendar is expected (the State Council publishes it in
#: October to December).
WARN_FROM_MONTH = 11


@dataclass(frozen=True)
class Imported:
    """What an import did: the year, its counts and the tickets whose deadlines changed."""

    year: int
    holidays: int
    workdays: int
    changed: list[str]

    def message(self, lang: str | None = None) -> str:
        return i18n.text("calendar.imported", lang, year=self.year, holidays=self.holidays,
                         workdays=self.workdays, n=len(self.changed))


def import_text(actor: Actor, text: str, file_name: str = "") -> Imported:
    """Validate a calendar file's text and store it as the hall's calendar of its year
    (replacing an earlier import of that year), then work out the year's provisional
    deadlines again. Raises ValidationError (with line numbers) and stores nothing when the
    file is wrong."""
    require(actor.role, "import_calendar")
    year = loads_year(text)
    data: dict[str, Any] = {**year.to_dict(), "imported_at": now().isoformat(sep=" "),
                            "imported_by": actor.name, "file": Path(file_name).name}
    with write_transaction():
        settings.put(f"{deadlines.YEAR_KEY}{year.year}", data)
    deadlines.forget()
    log.info("%s imported the %d calendar from %s", actor.name, year.year, file_name or "text")
    changed = recompute_provisional(actor, year.year)
    return Imported(year.year, len(year.holidays), len(year.workdays), changed)


def import_file(actor: Actor, path: str | Path) -> Imported:
    """:func:`import_text` on a file (ValidationError when it cannot be read)."""
    require(actor.role, "import_calendar")
    load_year(path)        # a readable, valid file, or the error naming it
    return import_text(actor, Path(path).read_text(encoding="utf-8"), str(path))


def missing_year(today: date | None = None) -> int | None:
    """The year whose calendar is missing and should be entered: this year when nobody
    covers it, else next year from 1 November; None when all is in place."""
    today = today or now().date()
    cal = deadlines.calendar()
    if not cal.year_known(today.year):
        return today.year
    if today.month >= WARN_FROM_MONTH and not cal.year_known(today.year + 1):
        return today.year + 1
    return None


def missing_warning(today: date | None = None, lang: str | None = None) -> str:
    """The warning for an administrator when a calendar year is missing, else ''."""
    year = missing_year(today)
    return i18n.text("calendar.missing", lang, year=year) if year is not None else ""


def show(year: int) -> dict[str, Any]:
    """What is in force for ``year``: where the year comes from (``import``, ``library`` or
    ``provisional``), who imported it, and every day that is not an ordinary weekday or
    weekend (holidays, make-up working days, overrides, fixed-date holidays of a provisional
    year), each with its source."""
    cal = deadlines.calendar()
    stored = deadlines.imported_years().get(year)
    if stored is not None:
        source = "import"
    elif cal.year_known(year):
        source = LIBRARY
    else:
        source = PROVISIONAL
    days = []
    d = date(year, 1, 1)
    while d.year == year:
        info = cal.day(d)
        ordinary = info.workday == (d.weekday() < 5) and not info.name_zh
        if not ordinary or info.source == "override":
            days.append({"date": d.isoformat(), "workday": info.workday, "source": info.source,
                         "name": info.name_zh, "name_en": info.name_en})
        d += timedelta(days=1)
    result: dict[str, Any] = {"year": year, "source": source, "days": days}
    if stored is not None:
        result.update({k: stored.get(k, "") for k in ("imported_at", "imported_by", "file")})
    return result


def show_lines(year: int, lang: str | None = None) -> list[str]:
    """:func:`show` as lines for people: a header, then one line a day."""
    found = show(year)
    header = i18n.text("calendar.in_force", lang, year=year,
                       source=i18n.text(f"calendar.source.{found['source']}", lang))
    if found.get("imported_at"):
        header += "，" if (lang or i18n.language()) == "zh" else ", "
        header += i18n.text("calendar.imported_by", lang, at=found["imported_at"],
                            by=found["imported_by"], file=found["file"] or "-")
    lines = [header]
    en = (lang or i18n.language()) != "zh"
    for day in found["days"]:
        what = i18n.text("calendar.workday" if day["workday"] else "calendar.day_off", lang)
        name = (day["name_en"] or day["name"]) if en else (day["name"] or day["name_en"])
        source = i18n.text(f"calendar.source.{day['source']}", lang)
        lines.append(f"{day['date']}\t{what}\t{name or '-'}\t{source}")
    return lines


# ------------------------------------------------------ deadlines after a year is entered


def _stored_dues(ticket: Ticket) -> dict[str, datetime]:
    return {row.rule: row.due_at for row in
            TicketDeadline.select().where(TicketDeadline.ticket == ticket.id)}


def recompute_provisional(actor: Actor, year: int, batch: int = 500) -> list[str]:
    """Work out again every deadline that may have been provisional for ``year`` (stored due
    times from 1 January of that year on, and open tickets with no next deadline, which an
    older version left undated), after the year's calendar was entered. Each ticket whose due
    times change gets its ``ticket_deadline`` rows and queue columns rewritten and a
    ``deadlines_recomputed`` event saying what moved. Returns the changed ticket numbers.
    Runs inside no transaction of the caller's: a batch per transaction."""
    deadlines.forget()
    first = datetime(year, 1, 1)
    dated = TicketDeadline.select(TicketDeadline.ticket).where(TicketDeadline.due_at >= first)
    query = Ticket.select().where(
        Ticket.id.in_(dated) | (Ticket.next_deadline_at >= first)
        | (Ticket.next_deadline_at.is_null() & (Ticket.status != TicketStatus.ARCHIVED.value)))
    changed: list[str] = []
    last = 0
    while True:
        chunk = list(query.where(Ticket.id > last).order_by(Ticket.id).limit(batch))
        if not chunk:
            break
        with write_transaction():
            for ticket in chunk:
                before = _stored_dues(ticket)
                found = deadlines.judge_ticket(ticket)
                after = {rule: due for rule, due, _ in found.rated}
                columns = found.columns()
                open_ = ticket.status != TicketStatus.ARCHIVED.value
                if before == after and (not open_ or (
                        ticket.next_deadline_at == columns["next_deadline_at"]
                        and ticket.next_deadline_rule == columns["next_deadline_rule"])):
                    continue
                deadlines.store_rated(ticket, found)
                if open_:
                    Ticket.update(**columns).where(Ticket.id == ticket.id).execute()
                moved = [i18n.text("deadline.recomputed_rule", "zh", rule=_rule_label(rule),
                                   before=_minute(before.get(rule)), after=_minute(after.get(rule)))
                         for rule in sorted(set(before) | set(after), key=_rule_order)
                         if before.get(rule) != after.get(rule)]
                note = i18n.text("deadline.recomputed_note", "zh", year=year,
                                 changes="；".join(moved) or "—")
                tickets.append_event(
                    ticket, actor, "deadlines_recomputed",
                    {r: _minute(d) for r, d in before.items()},
                    {r: _minute(d) for r, d in after.items()}, note=note)
                changed.append(ticket.number)
        last = chunk[-1].id
    if changed:
        log.info("calendar %d entered: deadlines of %d tickets worked out again", year,
                 len(changed))
    return changed


def _minute(value: datetime | None) -> str:
    return value.isoformat(sep=" ", timespec="minutes") if value else "—"


def _rule_label(code: str) -> str:
    try:
        return deadlines.policy().rule(code).label("zh")
    except KeyError:
        return code


def _rule_order(code: str) -> int:
    codes = [r.code for r in deadlines.policy().rules]
    return codes.index(code) if code in codes else len(codes)
