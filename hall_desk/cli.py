"""The command line: the same services as the window, for scripts, imports and tests.

Every error ends in one clear line on stderr and exit status 2; never a traceback.

The same lock as the window: ``--user LOGIN`` logs in (PIN from a prompt without echo, or
``HALL_DESK_PIN`` for scripts) with the window's lockout, and the services' role checks then
apply to that person. Without a login the command line is a recorded system actor that sees
what a counter clerk sees, masked: no named customer's full name or phone, no anonymous
identity, no export, printed record, backup or restore. ``init`` and ``demo`` on an empty
database, ``sla``, ``verify-pdf``, ``audit``, ``--help`` and ``--version`` need no login."""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from hall_desk import __version__, app, config
from hall_desk.app import CliError, run_window
from hall_desk.core import auth, i18n
from hall_desk.core.enums import Role, TicketKind
from hall_desk.core.errors import FieldError, HallError, ValidationError
from hall_desk.core.reception import RunState
from hall_desk.runtime import Runtime, database_location

if TYPE_CHECKING:
    from hall_desk.services.context import Actor

log = logging.getLogger(__name__)


def _options(p: argparse.ArgumentParser, options) -> None:
    """Options from (flag, metavar, help) rows; a row without metavar is a switch."""
    for flag, metavar, text in options:
        if metavar is None:
            p.add_argument(flag, action="store_true", help=text)
        else:
            p.add_argument(flag, metavar=metavar, help=text)


def _on_ticket(sub, name: str, text: str, options) -> argparse.ArgumentParser:
    """A command on one ticket: its number, then ``options`` (see :func:`_options`)."""
    p = sub.add_parser(name, help=text)
    p.add_argument("number", help="the ticket number")
    _options(p, options)
    return p


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hall-desk",
        description="营业厅柜台工作台 hall_desk: intake, complaint queue, records, reception, handover.")
    parser.add_argument("--version", action="version", version=f"hall-desk {__version__}")
    parser.add_argument("--db", metavar="PATH",
                        help="SQLite database file (default: in the user data folder; "
                             "or HALL_DESK_DB)")
    parser.add_argument("--database-url", metavar="URL",
                        help="database URL, e.g. postgresql://user@host/hall "
                             "(or HALL_DESK_DATABASE_URL)")
    parser.add_argument("--lang", choices=i18n.LANGS, help="language: zh (default) or en")
    parser.add_argument("--counter", metavar="CODE", help="this PC's counter code (e.g. A1)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log to stderr too")
    parser.add_argument("--user", metavar="LOGIN", help=_USER_HELP)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("init", help="first-run set-up: hall name, counter, first administrator")
    p.add_argument("--hall", help="hall name, e.g. 城东供电营业厅")
    p.add_argument("--hall-phone", default="", help="the hall's phone, printed on receipts (optional)")
    p.add_argument("--hall-address", default="", help="the hall's address, printed on receipts (optional)")
    p.add_argument("--admin-name", help="the administrator's name")
    p.add_argument("--admin-login", help="the administrator's login (letters, digits)")
    p.add_argument("--admin-pin", help="6-8 digits (asked for when omitted; or HALL_DESK_ADMIN_PIN)")
    p.add_argument("--preset", default="default", metavar="INDUSTRY",
                   help="the industry: its time limits and first departments and categories "
                        "(default, state_grid, banking: resources/policies/)")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("demo", help="fill the database with a demo hall and tickets")
    p.add_argument("--tickets", type=int, default=300, metavar="N",
                   help="how many tickets to make, the receptions' one included (default: 300)")
    p.add_argument("--seed", type=int, default=20261123,
                   help="the same seed makes the same hall and tickets (default: 20261123)")
    p.add_argument("--hall", default="", metavar="NAME",
                   help="the new demo hall's name (default: 城东供电营业厅), e.g. a second hall "
                        "for the head office's walk-through (docs/exchange.md)")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("intake", help="register tickets from JSON (one object or a list)")
    p.add_argument("--json", required=True, metavar="FILE", help="a JSON file, or - for stdin")
    p.set_defaults(func=cmd_intake)

    p = sub.add_parser("show", help="one ticket with its deadlines and history (name and "
                                    "phone masked without a login)")
    p.add_argument("number", help="the ticket number, e.g. TS-20261123-A1-0007")
    p.add_argument("--json", action="store_true", help="as JSON (the only format for now)")
    p.add_argument("--reveal", metavar="REASON",
                   help="show an anonymous customer's identity (supervisor or administrator; "
                        "the reason is recorded)")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("queue", help="the open tickets, earliest deadline first")
    p.add_argument("--json", action="store_true", help="as JSON (the only format for now)")
    p.add_argument("--overdue", action="store_true", help="only tickets past a deadline")
    p.add_argument("--limit", type=int, default=1000, metavar="N",
                   help="at most N tickets (default: 1000)")
    p.set_defaults(func=cmd_queue)

    p = sub.add_parser("sla", help="the deadlines a ticket received at a time would get")
    p.add_argument("--kind", required=True, choices=TicketKind.codes(), help="the ticket kind")
    p.add_argument("--received", required=True, metavar="TIME", help='e.g. "2026-09-30 16:00"')
    p.add_argument("--agreed", metavar="TIME", help="a time agreed with the customer")
    p.set_defaults(func=cmd_sla)

    p = sub.add_parser("calendar", help="the working-day calendar: import a year, show one")
    cal = p.add_subparsers(dest="calendar_action", metavar="ACTION", required=True)
    q = cal.add_parser("import", help="enter a year's holidays and make-up days from a TOML "
                                      "file (format: resources/calendars/2026.toml)")
    q.add_argument("file", help="the calendar file (.toml)")
    q.set_defaults(func=cmd_calendar_import)
    q = cal.add_parser("show", help="what is in force for a year and where each day comes from")
    q.add_argument("--year", type=int, metavar="YYYY", help="default: this year")
    q.add_argument("--json", action="store_true", help="print JSON")
    q.set_defaults(func=cmd_calendar_show)

    p = sub.add_parser("pdf", help="print a record to a PDF file")
    from hall_desk.services import sheets

    p.add_argument("sheet", choices=sheets.sheet_names(), help="which record to print")
    p.add_argument("number", nargs="?",
                   help="the ticket number (not for ledger); for reception the run id; "
                        "for daily the date")
    p.add_argument("--format", choices=sheets.REGISTRY["receipt"].layouts,
                   default=sheets.REGISTRY["receipt"].layouts[0], help="receipt layout")
    p.add_argument("--from", dest="date_from", metavar="DATE", help="ledger, cases: first day (cases: by the date received, as stats)")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="ledger, cases: last day (cases: by the date received)")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="the PDF file to write")
    p.set_defaults(func=cmd_pdf)

    p = sub.add_parser("reception", help="visitor/inspection reception runs")
    p.add_argument("--json", action="store_true", help="as JSON (the only format for now)")
    p.add_argument("--state", action="append", metavar="STATE",
                   choices=RunState.codes(),
                   help="only runs in this state (repeatable)")
    p.set_defaults(func=cmd_reception)

    p = sub.add_parser("daily", help="the hall's day (一日管理): its checks and who did them")
    p.add_argument("--date", metavar="DATE", help="the day (default: today)")
    p.add_argument("--json", action="store_true", help="as JSON (the only format for now)")
    p.set_defaults(func=cmd_daily)

    p = _on_ticket(sub, "agreement", "record a complaint's settlement agreement (和解协议)", (
        ("--terms", "TEXT", "what was agreed (协议内容)"),
        ("--hall-undertakes", "TEXT", "what the hall undertakes"),
        ("--customer-undertakes", "TEXT", "what the customer undertakes")))
    p.add_argument("--kind", choices=["settlement", "mediation"], default="settlement",
                   help="和解 (default) or 调解")
    _options(p, (("--amount", "YUAN", "compensation agreed (default: the plan's)"),
                 ("--method", "TEXT", "how it is paid (default: the plan's)"),
                 ("--due", "DATE", "paid by (default: the plan's)"),
                 ("--representative", "NAME",
                  "the hall's representative (default: who is logged in)"),
                 ("--json", None, "print the agreement as JSON")))
    p.set_defaults(func=cmd_agreement)

    p = _on_ticket(sub, "payment", "record compensation actually paid on a ticket", (
        ("--amount", "YUAN", "the amount paid"),
        ("--method", "TEXT", "how it was paid (cash, transfer...)"),
        ("--paid-on", "DATE", "when it was paid (default: today)"),
        ("--paid-by", "NAME", "who paid it (default: who is logged in)"),
        ("--voucher", "TEXT", "voucher number or note"),
        ("--json", None, "print the payment as JSON")))
    p.set_defaults(func=cmd_payment)

    p = sub.add_parser("case", help="typical cases (典型案例) kept for training")
    cases = p.add_subparsers(dest="case_action", metavar="ACTION", required=True)
    q = cases.add_parser("mark", help="keep an archived case as typical, with its lesson "
                                      "(supervisors; marking again replaces both)")
    q.add_argument("number", help="the ticket number")
    q.add_argument("--title", metavar="TEXT", help="a short title of the case")
    q.add_argument("--lesson", metavar="TEXT", help="the lesson learnt (经验教训)")
    q.add_argument("--json", action="store_true", help="print the mark as JSON")
    q.set_defaults(func=cmd_case_mark)

    p = sub.add_parser("handover", help="the items this shift hands over, or past handovers")
    p.add_argument("--json", action="store_true", help="as JSON (the only format for now)")
    p.add_argument("--shift", metavar="NAME", help="the shift handing over (default: current)")
    p.add_argument("--list", action="store_true", help="list past handovers instead")
    p.add_argument("--from", dest="date_from", metavar="DATE", help="--list: first day")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="--list: last day")
    p.add_argument("--person", metavar="NAME", help="--list: outgoing or incoming person")
    p.set_defaults(func=cmd_handover)

    p = sub.add_parser("callbacks", help="callbacks due, overdue first")
    p.add_argument("--json", action="store_true", help="as JSON (the only format for now)")
    p.set_defaults(func=cmd_callbacks)

    p = sub.add_parser("stats", help="statistics of the tickets received in a date range")
    p.add_argument("--from", dest="date_from", required=True, metavar="DATE", help="first day")
    p.add_argument("--to", dest="date_to", required=True, metavar="DATE", help="last day")
    p.add_argument("--department", metavar="CODE", help="one department only")
    p.add_argument("--period", choices=["day", "week", "month"], default="day",
                   help="trend per day, week or month")
    p.add_argument("--json", action="store_true", help="as JSON (the only format for now)")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("export", help="write the ledger of a date range to Excel or CSV")
    p.add_argument("--format", dest="export_format", required=True, choices=["xlsx", "csv"],
                   help="Excel (xlsx) or CSV")
    p.add_argument("--from", dest="date_from", required=True, metavar="DATE", help="first day")
    p.add_argument("--to", dest="date_to", required=True, metavar="DATE", help="last day")
    p.add_argument("--department", metavar="CODE", help="one department only")
    p.add_argument("--statistics", action="store_true",
                   help="the statistics tables instead of the ledger")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="the file to write")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("hotline", help="hotline work orders: import a portal's list, export "
                                       "the replies (resources/templates/hotline/)")
    act = p.add_subparsers(dest="hotline_action", metavar="ACTION", required=True)
    q = act.add_parser("import", help="register the work orders of a portal's list (xlsx/csv); "
                                      "bad rows are listed, rows already here skipped")
    q.add_argument("file", help="the portal's list, .xlsx or .csv")
    q.add_argument("--mapping", required=True, metavar="NAME", help="the column mapping, "
                   "e.g. 95598 or 12345")
    q.add_argument("--dry-run", action="store_true", help="check every row, register nothing")
    q.add_argument("--json", action="store_true", help="the report as JSON")
    q.set_defaults(func=cmd_hotline_import)
    q = act.add_parser("export", help="the replies of a hotline's work orders received in a "
                                      "date range, for upload to its portal")
    q.add_argument("--mapping", required=True, metavar="NAME", help="the column mapping")
    q.add_argument("--from", dest="date_from", required=True, metavar="DATE", help="first day")
    q.add_argument("--to", dest="date_to", required=True, metavar="DATE", help="last day")
    q.add_argument("-o", "--output", required=True, metavar="FILE", help=".xlsx or .csv")
    q.set_defaults(func=cmd_hotline_export)
    q = act.add_parser("link", help="link a registered ticket to a hotline's work order (or "
                                    "change or remove its link: --note says why)")
    q.add_argument("number", help="the ticket number")
    q.add_argument("--source", default="", metavar="S", help="the hotline: "
                   "95598, 12345, 12378, 12398 or other")
    q.add_argument("--work-order", default="", metavar="W", help="the work order's number")
    q.add_argument("--due", metavar="ISO", help="the hotline's own limit, e.g. 2026-12-08T17:00")
    q.add_argument("--note", default="", metavar="TEXT", help="the reason (needed to change "
                   "or remove a link)")
    q.add_argument("--remove", action="store_true", help="remove the ticket's link")
    q.add_argument("--json", action="store_true", help="the link as JSON")
    q.set_defaults(func=cmd_hotline_link)

    p = sub.add_parser("verify-pdf", help="does a printed record still match the database?")
    p.add_argument("file", help="the PDF file to check")
    p.set_defaults(func=cmd_verify_pdf)

    p = sub.add_parser("audit", help="check the evidence chains (ticket history, duty log, signatures)")
    p.add_argument("action", choices=["verify"], help="verify: check every chain")
    p.add_argument("--anchor", metavar="CODE|FILE",
                   help="also prove nothing before this anchor (sheet code or .anchor.json) was rewritten")
    p.set_defaults(func=cmd_audit)

    p = sub.add_parser("backup", help="copy the database (consistent while counters work)")
    p.add_argument("destination", help="a folder (a dated file in it) or a file path")
    p.add_argument("--keep", type=int, default=None, metavar="N",
                   help="in a folder, keep only the newest N backups")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="put a backup in place of the database")
    p.add_argument("source", help="the backup file to put in place")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.set_defaults(func=cmd_restore, skip_store=True)

    _package_parsers(sub)
    _headoffice_parsers(sub)
    _admin_parsers(sub)
    p = sub.add_parser("gui", help="open the window (the default without a command)")
    p.set_defaults(func=run_window)
    for command in sub.choices.values():    # --user also after the command; not to override
        command.add_argument("--user", metavar="LOGIN", default=argparse.SUPPRESS,
                             help=_USER_HELP)
    return parser


_USER_HELP = ("log in as this staff member (the PIN is asked for, or taken from HALL_DESK_PIN); "
              "needed for export, backup, restore, pdf and unmasked views")


def _ask(prompt: str, secret: bool = False) -> str:
    if not sys.stdin or not sys.stdin.isatty():
        raise CliError(i18n.text("cli.missing_arg", name=prompt.strip(": ：")))
    return getpass.getpass(prompt) if secret else input(prompt)


def cmd_init(rt: Runtime) -> int:
    from hall_desk.services import setup

    a = rt.args
    if setup.is_initialised():
        raise HallError("error.already_initialised")
    hall = a.hall or _ask(i18n.text("cli.ask_hall"))
    counter = rt.counter_code or _ask(i18n.text("cli.ask_counter"))
    name = a.admin_name or _ask(i18n.text("cli.ask_admin_name"))
    login = a.admin_login or _ask(i18n.text("cli.ask_admin_login"))
    pin = a.admin_pin or os.environ.get("HALL_DESK_ADMIN_PIN") or _ask(
        i18n.text("cli.ask_pin"), secret=True)
    setup.initialise(hall_name=hall, counter_code=counter, admin_name=name, admin_login=login,
                     admin_pin=pin, preset=a.preset, hall_phone=a.hall_phone,
                     hall_address=a.hall_address)
    rt.local.counter_code = counter.strip().upper()
    config.save(rt.local)
    print(i18n.text("cli.init_done", hall=hall, counter=rt.local.counter_code))
    return 0


def cmd_demo(rt: Runtime) -> int:
    from hall_desk.services import demo, setup

    if rt.args.tickets < 0:
        raise CliError(i18n.text("cli.bad_count"))
    if setup.is_initialised():       # an empty database has nobody to log in yet
        auth.require(_cli_actor(rt).role, "load_demo")
    counter = rt.counter_code or demo.DEMO_COUNTER
    result = demo.fill(rt.args.tickets, seed=rt.args.seed, counter_code=counter,
                       hall_name=rt.args.hall or demo.DEMO_HALL)
    if not rt.local.counter_code:
        rt.local.counter_code = counter
        config.save(rt.local)
    print(i18n.text("cli.demo_done", n=result.tickets))
    if result.created_hall:
        print(i18n.text("cli.demo_staff"))
        for login, name, role, pin in result.staff:
            print(f"  {name:<6}\t{login:<10}\t{i18n.text('role.' + role):<8}\tPIN {pin}")
    return 0


def _cli_actor(rt: Runtime) -> Actor:
    """Who acts: the staff member logged in with ``--user``, else the system actor (counter
    staff visibility, masked). Logs in once per run."""
    from hall_desk.services.context import system_actor
    from hall_desk.services.setup import ensure_counter, require_initialised
    from hall_desk.store.connection import is_read_only

    if rt.actor is None:
        require_initialised()
        code = rt.counter_code or "CLI"
        if not is_read_only():
            ensure_counter(code)
        login = getattr(rt.args, "user", None)
        rt.actor = _log_in(login, code) if login else system_actor(code)
    return rt.actor


def _login_pin(login: str) -> str:
    """The PIN of ``login``: HALL_DESK_PIN, else asked for on a terminal (never echoed)."""
    pin = os.environ.get("HALL_DESK_PIN")
    if pin is None:
        if not sys.stdin or not sys.stdin.isatty():
            raise CliError(i18n.text("cli.pin_needed", login=login))
        pin = getpass.getpass(i18n.text("cli.ask_login_pin", login=login))
    return pin


def _log_in(login: str, counter_code: str) -> Actor:
    """The window's login for the command line: the same PIN check, lockout and messages."""
    from hall_desk.services import staff

    pin = _login_pin(login)
    try:
        auth.check_pin_format(pin)    # a slip of the finger is not a try (as in the window)
        actor = staff.authenticate(login, pin, counter_code)
    except HallError as exc:
        log.info("command-line login refused for %r at %s: %s", login, counter_code, exc.key)
        raise
    log.info("%s logged in on the command line at counter %s", actor.login, counter_code)
    if staff.must_change_pin(actor.staff_id):
        print(i18n.text("cli.warning", message=i18n.text("cli.admin.pin_must_change")),
              file=sys.stderr)
    return actor


def _parse_time(value: str, name: str):
    from datetime import datetime

    try:
        return datetime.fromisoformat(value.strip().replace("T", " ")).replace(tzinfo=None)
    except ValueError:
        raise CliError(i18n.text("cli.bad_time", name=name, value=value)) from None


def _dump(data) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


# An intake file nests three deep (list, ticket, missing materials); numbers in it are
# small. Deeper nesting or longer numbers are refused before Python's own limits (recursion,
# 4300 digits) turn them into a crash.
MAX_JSON_DEPTH = 16
MAX_INT_DIGITS = 18


class _LongNumber:
    """A JSON integer with more digits than any intake field takes, kept unconverted."""

    def __init__(self, text: str) -> None:
        self.digits = len(text.lstrip("-"))


def _int_or_long(text: str):
    return int(text) if len(text.lstrip("-")) <= MAX_INT_DIGITS else _LongNumber(text)


def _json_depth(text: str, limit: int) -> int:
    """How deep arrays and objects nest in ``text`` (outside strings), counted up to just
    past ``limit``."""
    import re

    depth = deepest = 0
    for match in re.finditer(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', text):
        ch = match.group()
        if ch in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    break
        elif ch in "]}":
            depth -= 1
    return deepest


def parse_intake_json(text: str):
    """The intake file's JSON, or CliError for malformed, too deeply nested JSON."""
    if _json_depth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
        raise CliError(i18n.text("cli.json_too_deep", max=MAX_JSON_DEPTH))
    try:
        return json.loads(text, parse_int=_int_or_long)
    except json.JSONDecodeError as exc:
        raise CliError(i18n.text("cli.bad_json", detail=f"{exc.msg} (line {exc.lineno})")) from None
    except (RecursionError, ValueError) as exc:    # a safety net behind the depth check
        raise CliError(i18n.text("cli.bad_json", detail=type(exc).__name__)) from None


INTAKE_KEYS = {"kind", "channel", "category", "customer_name", "phone", "address", "content",
               "demand", "anonymous", "emotional_state", "evidence_note", "business_type",
               "confirmed_by_customer", "received_at", "agreed_due_at", "missing_materials",
               "callback_window", "target_kind", "target_staff", "target_department",
               "target_text", "hotline_source", "hotline_number", "hotline_due_at"}


def cmd_intake(rt: Runtime) -> int:
    """All or nothing: every object is checked first; one bad field and none is registered."""
    from hall_desk.services import lifecycle, tickets

    actor = _cli_actor(rt)
    source = rt.args.json
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(i18n.text("cli.cannot_read", path=source, detail=str(exc))) from None
    payload = parse_intake_json(text)
    items = payload if isinstance(payload, list) else [payload]
    problems: list[str] = []
    prepared = []
    orders: dict[tuple[str, str], int] = {}      # work orders of the list: the first item's
    for index, item in enumerate(items):
        where = f"[{index}]." if isinstance(payload, list) else ""
        if not isinstance(item, dict):
            problems.append(f"{where.rstrip('.') or 'ticket'}: {i18n.text('cli.not_object')}")
            continue
        unknown = sorted(set(item) - INTAKE_KEYS)
        problems += [f"{where}{key}: {i18n.text('cli.unknown_key')}" for key in unknown]
        data = dict(item)
        for key, value in item.items():
            if isinstance(value, _LongNumber):
                problems.append(f"{where}{key}: " + i18n.text(
                    "cli.number_too_long", field=_field_label(key), digits=value.digits,
                    max=MAX_INT_DIGITS))
                data.pop(key)
        for key in ("received_at", "agreed_due_at"):
            if data.get(key):
                try:
                    data[key] = _parse_time(str(data[key]), key)
                except CliError as exc:
                    problems.append(f"{where}{key}: {exc}")
        try:
            clean = tickets.check_intake(data)
        except ValidationError as exc:
            problems += [f"{where}{field}: {err.message()}" for field, err in exc.errors.items()]
        else:
            taken = _work_order_taken(clean, index, orders)
            if taken is not None:
                problems.append(f"{where}hotline_number: {taken.message()}")
        try:
            lifecycle.intake_target(data)           # 投诉对象, optional
        except ValidationError as exc:
            problems += [f"{where}{field}: {err.message()}" for field, err in exc.errors.items()]
        prepared.append(data)
    if problems:
        raise CliError(i18n.text("cli.intake_refused", n=len(items)) + " " + "; ".join(problems))
    for ticket in lifecycle.register_all(actor, prepared):
        print(ticket.number)
    _promise_warnings(prepared, isinstance(payload, list))
    return 0


def _work_order_taken(clean: dict, index: int, orders: dict[tuple[str, str], int]
                      ) -> FieldError | None:
    """A hotline work order another ticket has, or an earlier item of the same list: one
    work order, one ticket (domain.md §13). Notes the item's work order in ``orders``."""
    from hall_desk.services import tickets

    if not clean["hotline_number"]:
        return None
    key = (clean["hotline_source"], clean["hotline_number"])
    if key in orders:
        return FieldError("hotline_number", "hotline.error.twice", item=orders[key])
    orders[key] = index
    owner = tickets.hotline_owner(*key)
    return None if owner is None else FieldError("hotline_number", "hotline.error.taken",
                                                  number=owner)


def _promise_warnings(items: list[dict], listed: bool) -> None:
    """A vague promise (尽快…) the clerk wrote into a ticket: one warning line each on stderr,
    as the window warns; the tickets are registered all the same (domain.md §5.2, M4)."""
    from hall_desk.services import phrases

    for index, item in enumerate(items):
        for field, message in phrases.promise_warnings(item, mode="intake").items():
            where = f"[{index}].{field}: " if listed else f"{field}: "
            print(i18n.text("cli.warning", message=where + message), file=sys.stderr)


def _id_number(text: str, name: str) -> int:
    """A record id typed on the command line (digits already checked), bounded in length."""
    digits = text.strip()
    if len(digits) > MAX_INT_DIGITS:
        raise CliError(i18n.text("cli.number_too_long", field=name, digits=len(digits),
                                 max=MAX_INT_DIGITS))
    return int(digits)


def _field_label(key: str) -> str:
    label = f"field.{key}"
    return i18n.text(label) if i18n.has(label) else key


def cmd_show(rt: Runtime) -> int:
    """As the ticket detail shows it to the person logged in; without a login the customer's
    name and phone are masked and the address left out. ``--reveal`` is the detail's "show
    identity" (a role allowed to, a reason, logged)."""
    from hall_desk.core.masking import mask_name, mask_phone
    from hall_desk.services import lifecycle, tickets

    actor = _cli_actor(rt)
    ticket = tickets.ref(rt.args.number)
    data = tickets.describe(ticket, actor).to_dict()
    data.update(lifecycle.closing_info(ticket))     # rounds, review, 投诉对象, 第N次
    if rt.args.reveal is not None:
        if ticket.anonymous:
            data.update(tickets.reveal_identity(actor, ticket.id, rt.args.reveal),
                        identity_shown=True)
        else:
            auth.require(actor.role, "view_customer")
    if data["identity_shown"] and not auth.may(actor.role, "view_customer"):
        data.update(customer_name=mask_name(data["customer_name"]),
                    phone=mask_phone(data["phone"]), address="")
    _dump(data)
    return 0


def cmd_queue(rt: Runtime) -> int:
    from hall_desk.services import lifecycle, queue
    from hall_desk.store.connection import is_read_only

    actor = _cli_actor(rt)
    if not is_read_only():
        lifecycle.escalate_overdue()
    f = queue.QueueFilter(overdue_only=rt.args.overdue)
    _dump([row.as_json() for row in queue.page(f, actor, 0, max(1, rt.args.limit))])
    return 0


def cmd_sla(rt: Runtime) -> int:
    from hall_desk.core.sla import sla_json
    from hall_desk.services import deadlines

    received = _parse_time(rt.args.received, "--received")
    agreed = _parse_time(rt.args.agreed, "--agreed") if rt.args.agreed else None
    _dump(sla_json(deadlines.policy(), rt.args.kind, received, agreed, deadlines.calendar()))
    return 0


def _calendar_warning() -> None:
    from hall_desk.services import calendar

    message = calendar.missing_warning()
    if message:
        print(i18n.text("cli.warning", message=message), file=sys.stderr)


def cmd_calendar_import(rt: Runtime) -> int:
    from hall_desk.services import calendar

    actor = _cli_actor(rt)
    done = calendar.import_file(actor, rt.args.file)
    print(done.message())
    for number in done.changed:
        print(number)
    return 0


def cmd_calendar_show(rt: Runtime) -> int:
    from hall_desk.services import calendar
    from hall_desk.services.context import now

    year = rt.args.year or now().year
    if not 1900 <= year <= 2999:
        raise CliError(i18n.text("cli.bad_year", value=year))
    _calendar_warning()
    if rt.args.json:
        _dump(calendar.show(year))
    else:
        print("\n".join(calendar.show_lines(year)))
    return 0


# -- the administrator's lists and staff accounts -------------------------------------------
_LIST_HELP = {"department": "the hall's departments (责任部门)",
              "category": "complaint categories (投诉类别)",
              "counter": "the hall's counters (柜台): a PC's counter is chosen from them"}


def _package_parsers(sub) -> None:
    """``package export`` at the hall, ``package import`` at the head office (issue #21);
    packages down: ``package keygen`` and ``package reference export`` at the head office,
    ``package trust`` and ``package import`` of a reference package at the hall."""
    p = sub.add_parser("package", help="packages to and from the head office: export at the "
                                       "hall, import at the head office, reference packages "
                                       "down (docs/package-format.md)")
    act = p.add_subparsers(dest="package_action", metavar="ACTION", required=True)
    q = act.add_parser("export", help="write what changed since the last package into a "
                                      "folder (e.g. a USB stick); supervisors and administrators")
    q.add_argument("--to", required=True, metavar="DIR", help="the folder to write it in")
    q.add_argument("--user", metavar="LOGIN", default=argparse.SUPPRESS, help=_USER_HELP)
    q.set_defaults(func=cmd_package_export)
    q = act.add_parser("import", help="(head office) read a hall's package into the "
                                      "head-office database given by --database-url or --db, "
                                      "logged in there with --user; (hall) apply a reference "
                                      "package from the head office (administrators)")
    q.add_argument("file", help="the package file (.hdpkg, or .hdref from the head office)")
    q.add_argument("--database-url", metavar="URL", default=argparse.SUPPRESS,
                   help="the head office's database, e.g. postgresql://user@host/region")
    q.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                   help="or a SQLite file as the head office's database (trials, tests)")
    q.add_argument("--user", metavar="LOGIN", default=argparse.SUPPRESS, help=_USER_HELP)
    q.set_defaults(func=cmd_package_import, skip_store=True)
    q = act.add_parser("keygen", help="(head office) make the signing key of reference "
                                      "packages beside this PC's config, or show the one there")
    q.add_argument("--key-dir", metavar="DIR", default=None,
                   help="keep the key in this folder instead")
    q.set_defaults(func=cmd_package_keygen, skip_store=True)
    q = act.add_parser("trust", help="(hall) trust the head office's public key; administrators")
    q.add_argument("keyfile", help="the head office's public key (headoffice-signing.pub)")
    q.add_argument("--user", metavar="LOGIN", default=argparse.SUPPRESS, help=_USER_HELP)
    q.set_defaults(func=cmd_package_trust)
    q = act.add_parser("reference", help="(head office) signed reference packages for the halls")
    ref = q.add_subparsers(dest="reference_action", metavar="ACTION", required=True)
    r = ref.add_parser("export", help="write the next version of one kind from this database; "
                                      "administrators")
    r.add_argument("--kind", required=True,
                   choices=("calendar", "policies", "categories", "phrases", "templates",
                            "staff"), help="what the package carries")
    r.add_argument("--year", type=int, help="the calendar's year (--kind calendar)")
    r.add_argument("--hall", metavar="HALL_ID", help="the hall a staff package is for")
    r.add_argument("--logins", metavar="A,B", help="the accounts a staff package carries "
                                                  "(default: every account of this database)")
    r.add_argument("--industry", metavar="PRESET",
                   help="the industry categories are for (default: this database's preset)")
    r.add_argument("--to", required=True, metavar="DIR", help="the folder to write it in")
    r.add_argument("--key-dir", metavar="DIR", default=None,
                   help="the signing key's folder (default: beside this PC's config)")
    r.add_argument("--user", metavar="LOGIN", default=argparse.SUPPRESS, help=_USER_HELP)
    r.set_defaults(func=cmd_reference_export)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):         # no login name in this environment
        return ""


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{kind} {n}" for kind, n in counts.items() if n)


def cmd_package_export(rt: Runtime) -> int:
    from hall_desk.services import package

    done = package.export(_cli_actor(rt), Path(rt.args.to))
    if done.path is None:
        print(i18n.text("package.nothing"))
    else:
        print(i18n.text("package.written", sequence=done.sequence, path=done.path,
                        counts=_counts(done.counts)))
    return 0


def cmd_package_import(rt: Runtime) -> int:
    """A reference package is applied to the hall's own database; a hall's package goes into
    the head office's database, never the hall's own file: the place is required, and the
    person logs in there (a head-office administrator)."""
    from hall_desk.core import reference as ref_format
    from hall_desk.services import package
    from hall_desk.store.headoffice import close_headoffice

    path = Path(rt.args.file)
    try:
        is_reference = ref_format.is_reference(path.read_bytes())
    except OSError:
        is_reference = False            # receive names the file it cannot read
    if is_reference:
        return _reference_import(rt, path)
    _open_headoffice(rt)
    try:
        done = package.receive(_headoffice_login(rt), path)
    finally:
        close_headoffice()
    key = "package.already" if done.already else "package.imported"
    print(i18n.text(key, hall=done.hall_name or done.hall_id, sequence=done.sequence,
                    counts=_counts(done.counts)))
    return 0


def _reference_import(rt: Runtime, path: Path) -> int:
    from hall_desk.core import reference as ref_words
    from hall_desk.runtime import open_store
    from hall_desk.services import reference

    open_store(rt.args)
    done = reference.apply(_cli_actor(rt), path)
    print(i18n.text("reference.applied", kind=i18n.text(ref_words.KIND_WORDS[done.kind]),
                    version=done.version, fingerprint=done.fingerprint, summary=done.summary))
    return 0


def cmd_package_keygen(rt: Runtime) -> int:
    from hall_desk.services import reference

    key = reference.keygen(rt.args.key_dir)
    print(i18n.text("reference.keygen" if key.created else "reference.keygen_kept",
                    path=key.path, public=key.public_path, fingerprint=key.fingerprint))
    return 0


def cmd_package_trust(rt: Runtime) -> int:
    from hall_desk.services import reference

    print(i18n.text("reference.trusted",
                    fingerprint=reference.trust(_cli_actor(rt), rt.args.keyfile)))
    return 0


def cmd_reference_export(rt: Runtime) -> int:
    from hall_desk.core import reference as ref_words
    from hall_desk.services import reference

    a = rt.args
    done = reference.export(_cli_actor(rt), a.kind, Path(a.to), year=a.year, hall=a.hall,
                            industry=a.industry, key_folder=a.key_dir,
                            logins=[x for x in (a.logins or "").split(",") if x.strip()])
    print(i18n.text("reference.written", kind=i18n.text(ref_words.KIND_WORDS[done.kind]),
                    version=done.version, path=done.path, fingerprint=done.fingerprint))
    return 0


# -- the head office (issue #21 part 2; docs/exchange.md) -------------------------------------

def _headoffice_parsers(sub) -> None:
    p = sub.add_parser("headoffice", help="(head office) every hall's tickets, history, records "
                                          "and figures, on --database-url or --db")
    act = p.add_subparsers(dest="headoffice_action", metavar="ACTION", required=True)
    commands = {}
    q = commands["init"] = act.add_parser(
        "init", help="make the database a head office's and its first login (PIN asked, "
                     "or HALL_DESK_PIN)")
    q.add_argument("--login", required=True, help="the login, e.g. zongbu")
    q.add_argument("--name", required=True, help="the person's name")
    q = commands["queue"] = act.add_parser("queue", help="the queue across halls, most urgent "
                                                         "limit first")
    q.add_argument("--hall", action="append", default=[], metavar="ID",
                   help="one hall (its id or the id's start); again for more")
    q.add_argument("--status", default="open",
                   help="open (default), closed, all, or a status code")
    q.add_argument("--kind", action="append", default=[], metavar="KIND", help="a kind")
    q.add_argument("--search", default="", metavar="TEXT",
                   help="a ticket number or its tail, a hotline number, a phone's last 4 digits")
    q.add_argument("--sort", choices=["deadline", "received", "number", "hall"],
                   default="deadline", help="the order (default: the most urgent limit first)")
    q.add_argument("--repeats", action="store_true", help="only repeats across halls")
    q.add_argument("--limit", type=int, default=50, help="rows at most (default: 50)")
    q.add_argument("--offset", type=int, default=0, help="rows to skip (the next page)")
    q = commands["show"] = act.add_parser("show", help="one ticket: history, record versions, "
                                                       "repeats at other halls")
    q.add_argument("number", help="the ticket number")
    q.add_argument("--hall", metavar="ID", help="the hall, when two halls have the number")
    q = commands["stats"] = act.add_parser("stats", help="on-time table per hall and region")
    q.add_argument("--from", dest="date_from", required=True, metavar="DATE", help="first day")
    q.add_argument("--to", dest="date_to", required=True, metavar="DATE", help="last day")
    commands["halls"] = act.add_parser("halls", help="the halls and their last packages")
    q = commands["add-login"] = act.add_parser(
        "add-login", help="another head-office login (its PIN asked for, or HALL_DESK_NEW_PIN)")
    q.add_argument("--login", required=True, help="the new login")
    q.add_argument("--name", required=True, help="the person's name")
    q = commands["pdf"] = act.add_parser("pdf", help="a ticket's record sheet from the "
                                                     "imported versions")
    q.add_argument("number", help="the ticket number")
    q.add_argument("--hall", metavar="ID", help="the hall, when two halls have the number")
    q.add_argument("--version", type=int, help="a version (default: the newest)")
    q.add_argument("-o", "--output", required=True, metavar="FILE", help="the PDF to write")
    q = commands["verify-pdf"] = act.add_parser(
        "verify-pdf", help="is the file exactly a record sheet of an imported version?")
    q.add_argument("file", help="the PDF file to check")
    for name, q in commands.items():
        if name not in ("init", "pdf", "verify-pdf", "add-login"):
            q.add_argument("--json", action="store_true", help="as JSON")
        q.add_argument("--database-url", metavar="URL", default=argparse.SUPPRESS,
                       help="the head office's database")
        q.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                       help="or a SQLite file as the head office's database")
        if name != "init":
            q.add_argument("--user", metavar="LOGIN", default=argparse.SUPPRESS,
                           help="a head-office login (the PIN is asked for, or HALL_DESK_PIN)")
        q.set_defaults(func=cmd_headoffice, skip_store=True)


def cmd_headoffice(rt: Runtime) -> int:
    """Every head-office command: open its database (never a hall's), log in with --user
    (init makes the first login), run the action."""
    from hall_desk.services import headoffice
    from hall_desk.store.headoffice import close_headoffice

    action = rt.args.headoffice_action
    _open_headoffice(rt, marked=action != "init")
    try:
        if action == "init":
            pin = os.environ.get("HALL_DESK_PIN") or _ask(
                i18n.text("cli.ask_login_pin", login=rt.args.login), secret=True)
            actor = headoffice.init(rt.args.login, rt.args.name, pin)
            print(i18n.text("headoffice.cli.initialised", login=actor.login, name=actor.name))
            return 0
        return _HEADOFFICE[action](rt, _headoffice_login(rt))
    finally:
        close_headoffice()


def _open_headoffice(rt: Runtime, *, marked: bool = True) -> None:
    """Bind the head office's database (``--database-url`` or ``--db``), never a hall's: one
    that ``headoffice init`` has not marked is refused, and nothing is made in it, unless
    ``marked`` is False (``init`` itself)."""
    from hall_desk.store.headoffice import is_headoffice, open_headoffice

    url = getattr(rt.args, "database_url", None)
    path = None if url else rt.args.db
    if not url and not path:
        raise CliError(i18n.text("cli.missing_arg", name="--database-url"))
    if marked and not is_headoffice(path=path, url=url):
        raise HallError("headoffice.error.not_headoffice")
    open_headoffice(path=path, url=url)


def _headoffice_login(rt: Runtime) -> Actor:
    """The head-office login of ``--user`` (its PIN from HALL_DESK_PIN or asked for) in the
    head office's database, which the caller has opened."""
    from hall_desk.services import headoffice

    login = getattr(rt.args, "user", None)
    if not login:
        raise CliError(i18n.text("cli.missing_arg", name="--user"))
    return headoffice.authenticate(login, _login_pin(login))


def _ho_halls(actor, given: list[str]) -> tuple[str, ...]:
    from hall_desk.services import headoffice

    if not given:
        return ()
    known = [h.hall_id for h in headoffice.halls(actor)]
    out = []
    for prefix in given:
        found = [h for h in known if h.startswith(prefix.strip().lower())]
        if len(found) != 1:
            raise CliError(i18n.text("headoffice.cli.bad_hall", value=prefix))
        out.append(found[0])
    return tuple(out)


def _ho_key(rt: Runtime, actor) -> int:
    from hall_desk.services import headoffice

    keys = headoffice.find(actor, rt.args.number,
                           _ho_halls(actor, [rt.args.hall] if rt.args.hall else []))
    if len(keys) != 1:
        key = "headoffice.cli.which_hall" if keys else "headoffice.cli.no_ticket"
        raise CliError(i18n.text(key, number=rt.args.number))
    return keys[0]


def _ho_queue(rt: Runtime, actor) -> int:
    from hall_desk.core.headoffice import RegionFilter
    from hall_desk.services import headoffice

    a = rt.args
    f = RegionFilter(halls=_ho_halls(actor, a.hall), status="" if a.status == "all" else a.status,
                     kinds=tuple(a.kind), search=a.search, sort=a.sort, repeats_only=a.repeats)
    rows = headoffice.page(actor, f, max(0, a.offset), max(1, a.limit))
    if a.json:
        _dump([r.to_dict() for r in rows])
        return 0
    for r in rows:
        due = r.due_at.isoformat(sep=" ", timespec="minutes") if r.due_at else "-"
        print("\t".join([r.hall, r.number, i18n.text("kind." + r.kind), r.customer, r.phone,
                         r.received_at.isoformat(sep=" ", timespec="minutes"),
                         i18n.text("status." + r.status), due,
                         i18n.text("headoffice.overdue") if r.overdue else "",
                         i18n.text("headoffice.repeat") if r.repeat else ""]))
    return 0


def _ho_show(rt: Runtime, actor) -> int:
    from hall_desk.services import headoffice

    t = headoffice.ticket(actor, _ho_key(rt, actor))
    if rt.args.json:
        _dump(t.to_dict())
        return 0
    r = t.row
    print(f"{r.number}  {r.hall}  {i18n.text('kind.' + r.kind)}  "
          f"{i18n.text('status.' + r.status)}  {r.customer} {r.phone}")
    print(t.content)
    from hall_desk.core.headoffice import step_words

    for e in t.history:
        print(f"  {e.seq:>3} {e.at or ''}  {e.actor}  {step_words(e.action)}  {e.note}".rstrip())
    for v in t.versions:
        print(i18n.text("headoffice.cli.version", version=v.version, sha=v.sha256[:16]))
    for link in t.repeats:
        print(i18n.text("headoffice.cli.repeat", hall=link.hall, number=link.number))
    return 0


def _ho_stats(rt: Runtime, actor) -> int:
    from datetime import datetime, timedelta

    from hall_desk.services import headoffice

    start = _parse_time(rt.args.date_from, "--from").date()
    end = _parse_time(rt.args.date_to, "--to").date()
    if end < start:
        raise HallError("error.date_range")
    lines = headoffice.statistics(actor, datetime.combine(start, datetime.min.time()),
                                  datetime.combine(end + timedelta(days=1), datetime.min.time()))
    if rt.args.json:
        _dump([x.to_dict() for x in lines])
        return 0
    print(i18n.text("headoffice.cli.stats_head"))
    for x in lines:
        rate = "-" if x.rate is None else f"{x.rate:.1%}"
        print(f"{x.hall}\t{x.received}\t{x.closed}\t{x.on_time}\t{x.overdue}\t{rate}"
              f"\t{x.repeats}")
    return 0


def _ho_halls_cmd(rt: Runtime, actor) -> int:
    from hall_desk.services import headoffice

    found = headoffice.halls(actor)
    if rt.args.json:
        _dump([h.to_dict() for h in found])
        return 0
    for h in found:
        received = (h.last_received_at.isoformat(sep=" ", timespec="minutes")
                    if h.last_received_at else "-")
        print(f"{h.hall_id[:8]}\t{h.name}\t{h.last_sequence}\t{received}\t{h.tickets}\t"
              f"{_counts(h.last_counts)}")
    return 0


def _ho_add_login(rt: Runtime, actor) -> int:
    from hall_desk.services import headoffice

    pin = os.environ.get("HALL_DESK_NEW_PIN") or _ask(
        i18n.text("cli.ask_login_pin", login=rt.args.login), secret=True)
    made = headoffice.add_user(actor, rt.args.login, rt.args.name, pin)
    print(i18n.text("headoffice.cli.login_added", login=made.login, name=made.name))
    return 0


def _ho_pdf(rt: Runtime, actor) -> int:
    from hall_desk.services import headoffice

    version, data = headoffice.record_pdf(actor, _ho_key(rt, actor), rt.args.version)
    _write_output(data, rt.args.output)
    print(i18n.text("headoffice.cli.pdf_written", path=rt.args.output, version=version))
    return 0


def _ho_verify(rt: Runtime, actor) -> int:
    from hall_desk.services import headoffice

    verdict = headoffice.verify_pdf(actor, _pdf_bytes(rt.args.file))
    print(verdict.message)
    return 0 if verdict.ok else 1


_HEADOFFICE = {"queue": _ho_queue, "show": _ho_show, "stats": _ho_stats, "halls": _ho_halls_cmd,
               "pdf": _ho_pdf, "verify-pdf": _ho_verify, "add-login": _ho_add_login}


def _admin_parsers(sub) -> None:
    from hall_desk.services import admin

    for kind in admin.KINDS:
        p = sub.add_parser(kind, help=_LIST_HELP[kind] + ": list, add, rename, deactivate")
        act = p.add_subparsers(dest="list_action", metavar="ACTION", required=True)
        q = act.add_parser("list", help="every entry with its code and whether it is in use")
        q.add_argument("--json", action="store_true", help="print JSON")
        q.set_defaults(func=cmd_list_show, kind=kind)
        q = act.add_parser("add", help="a new entry (administrators)")
        q.add_argument("code", help="its code, kept for good")
        q.add_argument("name", help="its Chinese name")
        q.set_defaults(func=cmd_list_add, kind=kind)
        q = act.add_parser("rename", help="a new name; the code stays (administrators)")
        q.add_argument("code", help="the entry's code")
        q.add_argument("name", nargs="?", help="the new Chinese name")
        q.set_defaults(func=cmd_list_rename, kind=kind)
        if admin.has_english(kind):
            for q in (act.choices["add"], act.choices["rename"]):
                q.add_argument("--en", metavar="NAME", help="the English name (--lang en)")
        for action, help_ in (("deactivate", "take it out of use; what refers to it keeps it"),
                              ("activate", "put it back in use")):
            q = act.add_parser(action, help=help_ + " (administrators)")
            q.add_argument("code", help="the entry's code")
            q.set_defaults(func=cmd_list_active, kind=kind, active=action == "activate")

    p = sub.add_parser("staff", help="staff accounts: list, add, set, deactivate, reset-pin")
    act = p.add_subparsers(dest="staff_action", metavar="ACTION", required=True)
    q = act.add_parser("list", help="the accounts in use (--all: also deactivated ones)")
    q.add_argument("--all", action="store_true", help="also deactivated accounts")
    q.add_argument("--json", action="store_true", help="print JSON")
    q.set_defaults(func=cmd_staff_list)
    roles = [r.value for r in (Role.COUNTER, Role.SUPERVISOR, Role.ADMIN)]
    q = act.add_parser("add", help="a new account; its PIN is printed once (or taken from "
                                   "HALL_DESK_NEW_PIN)")
    q.add_argument("login", help="letters and digits, e.g. zhangsan")
    q.add_argument("--name", required=True, help="the person's name")
    q.add_argument("--role", required=True, choices=roles, help="what the account may do")
    q.add_argument("--department", metavar="CODE", help="the department's code")
    q.set_defaults(func=cmd_staff_add)
    q = act.add_parser("set", help="change name, role or department (--department '': none)")
    q.add_argument("login", help="the account's login")
    q.add_argument("--name", help="the person's name")
    q.add_argument("--role", choices=roles, help="what the account may do")
    q.add_argument("--department", metavar="CODE", help="the department's code ('': none)")
    q.set_defaults(func=cmd_staff_set)
    for action, help_ in (("deactivate", "the account can no longer log in"),
                          ("activate", "the account can log in again")):
        q = act.add_parser(action, help=help_)
        q.add_argument("login", help="the account's login")
        q.set_defaults(func=cmd_staff_active, active=action == "activate")
    q = act.add_parser("reset-pin", help="a new PIN (random, or HALL_DESK_NEW_PIN), printed "
                                         "once; the old one no longer works")
    q.add_argument("login", help="the account's login")
    q.set_defaults(func=cmd_staff_reset_pin)


def _in_use(active: bool) -> str:
    return i18n.text("cli.admin.in_use") if active else i18n.text("cli.admin.out_of_use")


def _list_lines(kind: str) -> list[str]:
    from hall_desk.services import admin

    return [f"{e.code:<16}\t{e.name}\t{e.name_en}\t{_in_use(e.active)}".replace("\t\t", "\t")
            for e in admin.entries(kind)]


def cmd_list_show(rt: Runtime) -> int:
    from hall_desk.services import admin

    kind = rt.args.kind
    _cli_actor(rt)                  # a hall that is set up (the lists need no login)
    if rt.args.json:
        _dump([e.to_dict() for e in admin.entries(kind)])
    else:
        print("\n".join(_list_lines(kind)))
    return 0


def _list_saved(entry) -> int:
    print(i18n.text("cli.admin.saved", code=entry.code, name=entry.name,
                    state=_in_use(entry.active)))
    return 0


def cmd_list_add(rt: Runtime) -> int:
    from hall_desk.services import admin

    a = rt.args
    return _list_saved(admin.add(_cli_actor(rt), a.kind, code=a.code, name=a.name,
                                 name_en=getattr(a, "en", None) or ""))


def cmd_list_rename(rt: Runtime) -> int:
    from hall_desk.services import admin

    a = rt.args
    en = getattr(a, "en", None)
    if a.name is None and en is None:
        raise CliError(i18n.text("cli.missing_arg", name="NAME"))
    return _list_saved(admin.rename(_cli_actor(rt), a.kind, a.code, name=a.name, name_en=en))


def cmd_list_active(rt: Runtime) -> int:
    from hall_desk.services import admin

    return _list_saved(admin.set_active(_cli_actor(rt), rt.args.kind, rt.args.code,
                                        rt.args.active))


def cmd_staff_list(rt: Runtime) -> int:
    from hall_desk.services import staff

    auth.require(_cli_actor(rt).role, "manage_staff")
    people = staff.list_staff(active_only=not rt.args.all)
    if rt.args.json:
        _dump([{"id": p.id, "login": p.login, "name": p.name, "role": p.role.value,
                "department": p.department_code, "active": p.active} for p in people])
        return 0
    for p in people:
        state = _in_use(p.active)
        print(f"{p.login:<12}\t{p.name}\t{i18n.text('role.' + p.role.value)}\t"
              f"{p.department or '-'}\t{state}")
    return 0


def _staff_saved(info) -> int:
    print(i18n.text("cli.admin.staff_saved", login=info.login, name=info.name,
                    role=i18n.text("role." + info.role.value), department=info.department or "-",
                    state=_in_use(info.active)))
    return 0


def _new_pin_line(info, pin: str) -> None:
    print(i18n.text("cli.admin.new_pin", login=info.login, name=info.name, pin=pin))


def cmd_staff_add(rt: Runtime) -> int:
    from hall_desk.services import staff

    a = rt.args
    actor = _cli_actor(rt)
    pin = os.environ.get("HALL_DESK_NEW_PIN") or staff.new_pin_for(a.role)
    info = staff.create(actor, name=a.name, login=a.login, pin=pin, role=a.role,
                        department_code=a.department)
    _staff_saved(info)
    if not os.environ.get("HALL_DESK_NEW_PIN"):
        _new_pin_line(info, pin)
    return 0


def cmd_staff_set(rt: Runtime) -> int:
    from hall_desk.services import staff

    a = rt.args
    actor = _cli_actor(rt)
    if a.name is None and a.role is None and a.department is None:
        raise CliError(i18n.text("cli.missing_arg", name="--name / --role / --department"))
    before = staff.find(a.login)
    info = staff.update(actor, before.id, name=a.name, role=a.role, department_code=a.department)
    _staff_saved(info)
    if before.role not in auth.LONG_PIN_ROLES and info.role in auth.LONG_PIN_ROLES:
        print(i18n.text("cli.admin.raised_needs_pin", login=info.login))
    return 0


def cmd_staff_active(rt: Runtime) -> int:
    from hall_desk.services import staff

    actor = _cli_actor(rt)
    return _staff_saved(staff.set_active(actor, staff.find(rt.args.login).id, rt.args.active))


def cmd_staff_reset_pin(rt: Runtime) -> int:
    from hall_desk.services import staff

    actor = _cli_actor(rt)
    info = staff.find(rt.args.login)
    given = os.environ.get("HALL_DESK_NEW_PIN")
    pin = staff.reset_pin(actor, info.id, given)
    if given:
        print(i18n.text("cli.admin.pin_set", login=info.login, name=info.name))
    else:
        _new_pin_line(info, pin)
    return 0


def _parse_date(value: str | None, name: str):
    from datetime import date

    if not value:
        raise CliError(i18n.text("cli.missing_arg", name=name))
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise CliError(i18n.text("cli.bad_date", name=name, value=value)) from None


def _write_output(data: bytes, target: str) -> None:
    """Write atomically, so a failed write never leaves half a PDF under the name asked for."""
    path = Path(target)
    tmp = path.with_name(path.name + ".part")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise CliError(i18n.text("cli.cannot_write", path=target,
                                 detail=exc.strerror or str(exc))) from None


def cmd_pdf(rt: Runtime) -> int:
    from hall_desk.services import printing, sheets

    actor = _cli_actor(rt)
    a = rt.args
    entry = sheets.REGISTRY[a.sheet]
    auth.require(actor.role, entry.permission)
    if entry.ticket:
        if not a.number:
            raise CliError(i18n.text("cli.missing_arg", name="NUMBER"))
        data = printing.sheet(actor, a.number, a.sheet, receipt_format=a.format)
    elif a.sheet == "ledger":
        data = printing.ledger(actor, _parse_date(a.date_from, "--from"),
                               _parse_date(a.date_to, "--to"))
    elif a.sheet == "cases":
        from hall_desk.services import agreements

        data = agreements.booklet_pdf(actor, _parse_date(a.date_from, "--from"),
                                      _parse_date(a.date_to, "--to"))
    elif a.sheet == "stats":
        from hall_desk.services import statistics

        data = statistics.report_pdf(actor, _stats_filter(rt))
    elif a.sheet == "handover":
        from hall_desk.services import handover

        if not a.number or not a.number.strip().isdigit():
            raise CliError(i18n.text("cli.missing_arg", name="ID"))
        data = handover.sheet(actor, _id_number(a.number, "ID"))
    elif a.sheet == "reception":
        from hall_desk.services import reception

        if not a.number:
            raise CliError(i18n.text("cli.missing_arg", name="ID"))
        if not a.number.strip().isdigit():
            raise HallError("reception.error.run_id", value=a.number)
        data = reception.record_pdf(actor, _id_number(a.number, "ID"))
    elif a.sheet == "daily":
        from hall_desk.services import daily

        data = daily.record_pdf(actor, _parse_date(a.number, "DATE"))
    else:
        raise HallError("error.sheet", value=a.sheet)
    _write_output(data, a.output)
    print(a.output)
    return 0


def cmd_reception(rt: Runtime) -> int:
    from hall_desk.services import reception

    _cli_actor(rt)
    _dump(reception.list_runs(states=rt.args.state))
    return 0


def cmd_daily(rt: Runtime) -> int:
    from hall_desk.services import daily
    from hall_desk.services.context import now

    _cli_actor(rt)
    day = _parse_date(rt.args.date, "--date") if rt.args.date else now().date()
    _dump(daily.of_date(day))
    return 0


def _settlement_call(options: dict[str, str], fn, *args):
    """Run a settlement service; a field's problem is one line naming the option."""
    try:
        return fn(*args)
    except ValidationError as exc:
        parts = [f"{options.get(field, field)}: {err.message()}"
                 for field, err in exc.errors.items()]
        raise CliError("; ".join(parts)) from None


def _settlement_out(rt: Runtime, data: dict, key: str, number: str) -> int:
    if rt.args.json:
        _dump(data)
    else:
        print(i18n.text(key, number=number))
    return 0


def cmd_agreement(rt: Runtime) -> int:
    from hall_desk.services import agreements

    actor = _cli_actor(rt)
    a = rt.args
    data = {"kind": a.kind, "terms": a.terms, "hall_undertakes": a.hall_undertakes,
            "customer_undertakes": a.customer_undertakes, "representative": a.representative}
    data.update({k: v for k, v in (("amount", a.amount), ("method", a.method), ("due", a.due))
                 if v is not None})          # left out: the plan's
    found = _settlement_call(
        {"agreement_terms": "--terms", "hall_undertakes": "--hall-undertakes",
         "customer_undertakes": "--customer-undertakes", "compensation_amount": "--amount",
         "compensation_method": "--method", "compensation_due": "--due",
         "representative": "--representative"},
        agreements.record_agreement, actor, a.number, data)
    return _settlement_out(rt, found, "cli.agreement_recorded", a.number.strip().upper())


def cmd_payment(rt: Runtime) -> int:
    from hall_desk.services import agreements

    actor = _cli_actor(rt)
    a = rt.args
    found = _settlement_call(
        {"paid_amount": "--amount", "paid_method": "--method", "paid_on": "--paid-on",
         "paid_by": "--paid-by", "voucher": "--voucher"},
        agreements.record_payment, actor, a.number,
        {"amount": a.amount, "method": a.method, "paid_on": a.paid_on, "paid_by": a.paid_by,
         "voucher": a.voucher})
    return _settlement_out(rt, found, "cli.payment_recorded", a.number.strip().upper())


def cmd_case_mark(rt: Runtime) -> int:
    from hall_desk.services import agreements

    actor = _cli_actor(rt)
    a = rt.args
    found = _settlement_call({"case_title": "--title", "lesson": "--lesson"},
                             agreements.mark_typical, actor, a.number, a.title, a.lesson)
    return _settlement_out(rt, found, "cli.case_marked", a.number.strip().upper())


def cmd_handover(rt: Runtime) -> int:
    from hall_desk.services import handover

    _cli_actor(rt)
    a = rt.args
    if a.list:
        _dump(handover.search(_parse_date(a.date_from, "--from") if a.date_from else None,
                              _parse_date(a.date_to, "--to") if a.date_to else None,
                              a.person or ""))
    else:
        _dump(handover.preview(shift_name=a.shift))
    return 0


def cmd_callbacks(rt: Runtime) -> int:
    from hall_desk.services import callbacks
    from hall_desk.services.context import now

    _cli_actor(rt)
    moment = now()
    _dump([d.as_json(moment) for d in callbacks.worklist(moment)])
    return 0


def _stats_filter(rt: Runtime):
    from hall_desk.services import statistics

    a = rt.args
    return statistics.filter_of(_parse_date(a.date_from, "--from"), _parse_date(a.date_to, "--to"),
                                department=getattr(a, "department", None),
                                granularity=getattr(a, "period", None) or "day")


def cmd_stats(rt: Runtime) -> int:
    from hall_desk.services import statistics

    actor = _cli_actor(rt)
    _dump(statistics.overview(actor, _stats_filter(rt)))
    return 0


def cmd_export(rt: Runtime) -> int:
    from hall_desk.services import export

    actor = _cli_actor(rt)
    auth.require(actor.role, "export")
    a = rt.args
    if a.statistics:
        export.export_statistics(actor, _stats_filter(rt), a.export_format, a.output)
    else:
        export.export_ledger(actor, _stats_filter(rt), a.export_format, a.output)
    print(a.output)
    return 0


def cmd_hotline_import(rt: Runtime) -> int:
    """The rows registered (or, with --dry-run, that would be) and skipped on stdout, each
    bad row on stderr as "row N: field: message"; exit 2 when a row was bad."""
    from hall_desk.services import hotline

    a = rt.args
    report = hotline.import_file(_cli_actor(rt), a.file, a.mapping, dry_run=a.dry_run)
    if a.json:
        _dump(report.as_json())
    else:
        for row, number, external in report.registered:
            print(i18n.text("hotline.cli.registered" if number else "hotline.cli.would",
                            row=row, number=number, external=external))
        for row, external, number in report.skipped:
            print(i18n.text("hotline.cli.skipped", row=row, external=external, number=number))
    for row, field, message in report.bad:
        print(i18n.text("hotline.cli.bad", row=row, field=field, message=message),
              file=sys.stderr)
    return 2 if report.bad else 0


def cmd_hotline_link(rt: Runtime) -> int:
    """Link, relink or (--remove) unlink a ticket; the ticket's version is read here, so a
    change made meanwhile at a counter is refused as stale rather than overwritten."""
    from hall_desk.core import hotline as rules
    from hall_desk.services import hotline, tickets

    a = rt.args
    if a.remove and (a.source or a.work_order or a.due):
        raise CliError(i18n.text("hotline.cli.remove_alone"))
    for value, name in ((a.source, "--source"), (a.work_order, "--work-order")):
        if not a.remove and not value.strip():      # an empty one would remove the link
            raise CliError(i18n.text("cli.missing_arg", name=name))
    actor = _cli_actor(rt)
    ticket = tickets.ref(a.number)
    due = _parse_time(a.due, "--due") if a.due else None
    done = hotline.link(actor, ticket.id, ticket.version, a.source, a.work_order, due, a.note)
    view = tickets.describe(done, actor)
    if a.json:
        _dump({"number": view.number, "version": view.version,
               "hotline_source": view.hotline_source, "hotline_number": view.hotline_number,
               "hotline_due_at": view.hotline_due_at})
    elif view.hotline_number:
        print(i18n.text("hotline.cli.linked", number=view.number,
                        source=rules.label(view.hotline_source), external=view.hotline_number))
    else:
        print(i18n.text("hotline.cli.unlinked", number=view.number))
    return 0


def cmd_hotline_export(rt: Runtime) -> int:
    from hall_desk.services import hotline

    a = rt.args
    rows = hotline.export_replies(_cli_actor(rt), a.mapping, _parse_date(a.date_from, "--from"),
                                  _parse_date(a.date_to, "--to"), a.output)
    print(i18n.text("hotline.cli.exported", rows=rows, path=a.output))
    return 0


def cmd_verify_pdf(rt: Runtime) -> int:
    """Exit 0 when the file is exactly a print of a stored record version, 1 when it is not
    (the line names the page that differs), 2 when it cannot be read as a PDF."""
    from hall_desk.services import printing

    verdict = printing.verify_pdf(_pdf_bytes(rt.args.file))
    print(verdict.message)
    return 0 if verdict.ok else 1


def _pdf_bytes(path: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise CliError(i18n.text("cli.cannot_read", path=path,
                                 detail=exc.strerror or str(exc))) from None


def cmd_audit(rt: Runtime) -> int:
    """Exit 0 when every chain is intact, the current rows match them and (``--anchor``)
    nothing before the anchor was rewritten; 1 naming the first broken link of each."""
    from hall_desk.services import anchors, audit

    anchor = rt.args.anchor
    if anchor and Path(anchor).suffix.lower() == ".json" or anchor and Path(anchor).is_file():
        anchor = anchors.read_file(Path(anchor))
    reports = audit.verify(anchor)
    for report in reports:
        print(report.message())
    ok = all(r.ok for r in reports)
    if ok:
        print(i18n.text("audit.current_anchor", code=audit.current_code()))
    return 0 if ok else 1


def _sqlite_path(rt: Runtime) -> Path:
    path, url = database_location(rt.args)
    if url and not url.startswith("sqlite:///"):
        raise HallError("backup.error.not_sqlite")
    return Path(url[len("sqlite:///"):]) if url else path


def cmd_backup(rt: Runtime) -> int:
    """The copy is checked before it counts; damaged older copies are named on stderr."""
    from hall_desk.services import backup

    if rt.args.keep is not None and rt.args.keep < 1:
        raise CliError(i18n.text("cli.bad_count"))
    actor = _cli_actor(rt)
    written = backup.make_backup(actor, _sqlite_path(rt), Path(rt.args.destination),
                                 keep=rt.args.keep)
    if written.set_aside:
        message = i18n.text("backup.set_aside", paths=", ".join(map(str, written.set_aside)))
        print(i18n.text("cli.warning", message=message), file=sys.stderr)
    print(written.path)
    return 0


def _restore_actor(rt: Runtime, current: Path, source: Path):
    """Who restores: looked up in the current file (opened without its damage check and
    without migrating, as a damaged file is what a restore is for), or, when that file
    cannot be read at all, in a scratch copy of the checked backup (also when there is no
    set-up hall yet). The file is closed again before the restore."""
    import shutil
    import sqlite3
    import tempfile

    import peewee

    from hall_desk.store.connection import close_database, open_database

    try:
        if current.exists():    # neither migrated nor upgraded: it is about to be replaced
            open_database(path=current, migrate=False, check=False,
                          label=f"{rt.counter_code} hall-desk restore".strip())
            return _cli_actor(rt)
    except (HallError, peewee.DatabaseError, sqlite3.DatabaseError) as exc:
        if isinstance(exc, HallError) and exc.key not in ("error.db_damaged",
                                                          "error.not_initialised"):
            raise
        log.warning("restore: the current file %s is unreadable (%s); the staff list of "
                    "the backup is used", current, exc)
    finally:
        close_database()
    with tempfile.TemporaryDirectory(prefix="hall-desk-restore-") as scratch:
        copy = Path(scratch) / "staff.sqlite3"
        shutil.copyfile(source, copy)
        try:
            open_database(path=copy, migrate=False)
            return _cli_actor(rt)
        finally:
            close_database()


def cmd_restore(rt: Runtime) -> int:
    """Administrators only; refused while a counter has the file open (it says which)."""
    from hall_desk.services import backup

    current = _sqlite_path(rt)
    source = Path(rt.args.source)
    backup.check_copy(source)
    actor = _restore_actor(rt, current, source)
    if not rt.args.yes:
        if not sys.stdin or not sys.stdin.isatty():
            raise CliError(i18n.text("cli.restore_needs_yes"))
        answer = _ask(i18n.text("cli.ask_restore", source=source, current=current))
        if answer.strip().lower() not in ("y", "yes", "是"):
            print(i18n.text("cli.restore_cancelled"))
            return 1
    aside = backup.restore(actor, source, current)
    print(i18n.text("cli.restored", source=source, current=current, aside=aside or "-"))
    return 0


def run(argv: list[str] | None = None,
        dispatch: Callable[[Runtime], int] | None = None) -> int:
    """Parse, set up and run one command (``hall_desk.app.start``). Returns the exit status."""
    return app.start(build_parser(), argv, dispatch)
