"""The command line: the same services as the window, for scripts, imports and tests.

Every error ends in one clear line on stderr and exit status 2; never a traceback."""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from hall_desk import __version__, config, paths
from hall_desk.core import i18n
from hall_desk.core.enums import TicketKind
from hall_desk.core.errors import HallError, ValidationError

log = logging.getLogger(__name__)

EXIT_ERROR = 2


class CliError(Exception):
    """A one-line failure for the command line."""


@dataclass
class Runtime:
    """What every command gets: parsed arguments and this PC's configuration."""

    args: argparse.Namespace
    local: config.LocalConfig

    @property
    def counter_code(self) -> str:
        return (self.args.counter or self.local.counter_code or "").upper()


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
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("init", help="first-run set-up: hall name, counter, first administrator")
    p.add_argument("--hall", help="hall name, e.g. 城东供电营业厅")
    p.add_argument("--admin-name", help="the administrator's name")
    p.add_argument("--admin-login", help="the administrator's login (letters, digits)")
    p.add_argument("--admin-pin", help="4-8 digits (asked for when omitted; or HALL_DESK_ADMIN_PIN)")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("demo", help="fill the database with a demo hall and tickets")
    p.add_argument("--tickets", type=int, default=300, metavar="N")
    p.add_argument("--seed", type=int, default=20261123)
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("intake", help="register tickets from JSON (one object or a list)")
    p.add_argument("--json", required=True, metavar="FILE", help="a JSON file, or - for stdin")
    p.set_defaults(func=cmd_intake)

    p = sub.add_parser("show", help="one ticket with its deadlines and history")
    p.add_argument("number")
    p.add_argument("--json", action="store_true", help="as JSON (the only format for now)")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("queue", help="the open tickets, earliest deadline first")
    p.add_argument("--json", action="store_true", help="as JSON (the only format for now)")
    p.add_argument("--overdue", action="store_true", help="only tickets past a deadline")
    p.add_argument("--limit", type=int, default=1000)
    p.set_defaults(func=cmd_queue)

    p = sub.add_parser("sla", help="the deadlines a ticket received at a time would get")
    p.add_argument("--kind", required=True, choices=TicketKind.codes())
    p.add_argument("--received", required=True, metavar="TIME", help='e.g. "2026-09-30 16:00"')
    p.add_argument("--agreed", metavar="TIME", help="a time agreed with the customer")
    p.set_defaults(func=cmd_sla)

    p = sub.add_parser("pdf", help="print a record to a PDF file")
    p.add_argument("sheet", choices=["record", "receipt", "notice", "file", "ledger", "reception",
                                     "handover", "stats"])
    p.add_argument("number", nargs="?",
                   help="the ticket number (not for ledger); for reception the run id")
    p.add_argument("--format", choices=["a5", "80mm"], default="a5", help="receipt layout")
    p.add_argument("--from", dest="date_from", metavar="DATE", help="ledger: first day")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="ledger: last day")
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.set_defaults(func=cmd_pdf)

    p = sub.add_parser("reception", help="visitor/inspection reception runs")
    p.add_argument("--json", action="store_true", help="as JSON (the only format for now)")
    p.add_argument("--state", action="append", metavar="STATE",
                   choices=["noticed", "running", "closed", "cancelled"],
                   help="only runs in this state (repeatable)")
    p.set_defaults(func=cmd_reception)

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
    p.add_argument("--format", dest="export_format", required=True, choices=["xlsx", "csv"])
    p.add_argument("--from", dest="date_from", required=True, metavar="DATE", help="first day")
    p.add_argument("--to", dest="date_to", required=True, metavar="DATE", help="last day")
    p.add_argument("--department", metavar="CODE", help="one department only")
    p.add_argument("--statistics", action="store_true",
                   help="the statistics tables instead of the ledger")
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("verify-pdf", help="does a printed record still match the database?")
    p.add_argument("file")
    p.set_defaults(func=cmd_verify_pdf)

    p = sub.add_parser("audit", help="check the evidence chains (ticket history, duty log, signatures)")
    p.add_argument("action", choices=["verify"])
    p.set_defaults(func=cmd_audit)

    p = sub.add_parser("backup", help="copy the database (consistent while counters work)")
    p.add_argument("destination", help="a folder (a dated file in it) or a file path")
    p.add_argument("--keep", type=int, default=None, metavar="N",
                   help="in a folder, keep only the newest N backups")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="put a backup in place of the database")
    p.add_argument("source")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.set_defaults(func=cmd_restore, skip_store=True)

    p = sub.add_parser("gui", help="open the window (the default without a command)")
    p.set_defaults(func=cmd_gui)
    return parser


def database_location(args: argparse.Namespace) -> tuple[Path | None, str | None]:
    url = args.database_url or os.environ.get("HALL_DESK_DATABASE_URL") or None
    if url:
        return None, url
    path = args.db or os.environ.get("HALL_DESK_DB") or str(paths.default_db_path())
    return Path(path).expanduser(), None


def open_store(args: argparse.Namespace):
    from hall_desk.store.connection import open_database

    path, url = database_location(args)
    database = open_database(path=path, url=url)
    _finish_upgrade()
    _warn_network_share(path)
    return database


def _warn_network_share(path: Path | None) -> None:
    """One line on stderr when the SQLite file is on a network share (not safe)."""
    from hall_desk.services.location import network_warning

    message = network_warning(path) if path is not None else None
    if message:
        print(i18n.text("cli.warning", message=message), file=sys.stderr)


def _finish_upgrade() -> None:
    """Work done after a schema upgrade that needs the services (the deadline policy)."""
    from hall_desk.services import settings
    from hall_desk.store.migrations import DEADLINE_ROWS_KEY

    if not settings.get(DEADLINE_ROWS_KEY, False):
        from hall_desk.services import deadlines

        deadlines.ensure_stored()


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
                     admin_pin=pin)
    rt.local.counter_code = counter.strip().upper()
    config.save(rt.local)
    print(i18n.text("cli.init_done", hall=hall, counter=rt.local.counter_code))
    return 0


def cmd_demo(rt: Runtime) -> int:
    from hall_desk.services import demo

    if rt.args.tickets < 0:
        raise CliError(i18n.text("cli.bad_count"))
    counter = rt.counter_code or demo.DEMO_COUNTER
    result = demo.fill(rt.args.tickets, seed=rt.args.seed, counter_code=counter)
    if not rt.local.counter_code:
        rt.local.counter_code = counter
        config.save(rt.local)
    print(i18n.text("cli.demo_done", n=result.tickets))
    if result.created_hall:
        print(i18n.text("cli.demo_staff"))
        for login, name, role, pin in result.staff:
            print(f"  {name:<6}\t{login:<10}\t{i18n.text('role.' + role):<8}\tPIN {pin}")
    return 0


def _cli_actor(rt: Runtime):
    from hall_desk.services.context import system_actor
    from hall_desk.services.setup import ensure_counter, require_initialised

    require_initialised()
    code = rt.counter_code or "CLI"
    ensure_counter(code)
    return system_actor(code)


def _parse_time(value: str, name: str):
    from datetime import datetime

    try:
        return datetime.fromisoformat(value.strip().replace("T", " ")).replace(tzinfo=None)
    except ValueError:
        raise CliError(i18n.text("cli.bad_time", name=name, value=value)) from None


def _dump(data) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


INTAKE_KEYS = {"kind", "channel", "category", "customer_name", "phone", "address", "content",
               "demand", "anonymous", "emotional_state", "evidence_note", "business_type",
               "confirmed_by_customer", "received_at", "agreed_due_at", "missing_materials"}


def cmd_intake(rt: Runtime) -> int:
    """All or nothing: every object is checked first; one bad field and none is registered."""
    from hall_desk.services import tickets
    from hall_desk.store.tx import write_transaction

    actor = _cli_actor(rt)
    source = rt.args.json
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
        payload = json.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(i18n.text("cli.cannot_read", path=source, detail=str(exc))) from None
    except json.JSONDecodeError as exc:
        raise CliError(i18n.text("cli.bad_json", detail=f"{exc.msg} (line {exc.lineno})")) from None
    items = payload if isinstance(payload, list) else [payload]
    problems: list[str] = []
    prepared = []
    for index, item in enumerate(items):
        where = f"[{index}]." if isinstance(payload, list) else ""
        if not isinstance(item, dict):
            problems.append(f"{where.rstrip('.') or 'ticket'}: {i18n.text('cli.not_object')}")
            continue
        unknown = sorted(set(item) - INTAKE_KEYS)
        problems += [f"{where}{key}: {i18n.text('cli.unknown_key')}" for key in unknown]
        data = dict(item)
        for key in ("received_at", "agreed_due_at"):
            if data.get(key):
                try:
                    data[key] = _parse_time(str(data[key]), key)
                except CliError as exc:
                    problems.append(f"{where}{key}: {exc}")
        try:
            tickets.check_intake(data)
        except ValidationError as exc:
            problems += [f"{where}{field}: {err.message()}" for field, err in exc.errors.items()]
        prepared.append(data)
    if problems:
        raise CliError(i18n.text("cli.intake_refused", n=len(items)) + " " + "; ".join(problems))
    numbers = []
    with write_transaction():
        for data in prepared:
            numbers.append(tickets.register(actor, data, received_at=data.get("received_at")).number)
    for number in numbers:
        print(number)
    return 0


def cmd_show(rt: Runtime) -> int:
    from hall_desk.services import tickets

    actor = _cli_actor(rt)
    _dump(tickets.describe(tickets.get(rt.args.number), actor))
    return 0


def cmd_queue(rt: Runtime) -> int:
    from hall_desk.services import lifecycle, queue

    actor = _cli_actor(rt)
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
    from hall_desk.services import printing

    actor = _cli_actor(rt)
    a = rt.args
    if a.sheet == "ledger":
        data = printing.ledger(actor, _parse_date(a.date_from, "--from"),
                               _parse_date(a.date_to, "--to"))
    elif a.sheet == "stats":
        from hall_desk.services import statistics

        data = statistics.report_pdf(actor, _stats_filter(rt))
    elif a.sheet == "handover":
        from hall_desk.services import handover

        if not a.number or not a.number.strip().isdigit():
            raise CliError(i18n.text("cli.missing_arg", name="ID"))
        data = handover.sheet(actor, int(a.number))
    elif a.sheet == "reception":
        from hall_desk.services import reception

        if not a.number:
            raise CliError(i18n.text("cli.missing_arg", name="ID"))
        if not a.number.strip().isdigit():
            raise HallError("reception.error.run_id", value=a.number)
        data = reception.record_pdf(actor, int(a.number))
    else:
        if not a.number:
            raise CliError(i18n.text("cli.missing_arg", name="NUMBER"))
        data = printing.sheet(actor, a.number, a.sheet, receipt_format=a.format)
    _write_output(data, a.output)
    print(a.output)
    return 0


def cmd_reception(rt: Runtime) -> int:
    from hall_desk.services import reception

    _cli_actor(rt)
    _dump(reception.list_runs(states=rt.args.state))
    return 0


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
    a = rt.args
    if a.statistics:
        export.export_statistics(actor, _stats_filter(rt), a.export_format, a.output)
    else:
        export.export_ledger(actor, _stats_filter(rt), a.export_format, a.output)
    print(a.output)
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
    """Exit 0 when every chain is intact, 1 at the first broken link (which it names)."""
    from hall_desk.services import audit

    reports = audit.verify()
    for report in reports:
        print(report.message())
    return 0 if all(r.ok for r in reports) else 1


def _sqlite_path(rt: Runtime) -> Path:
    path, url = database_location(rt.args)
    if url and not url.startswith("sqlite:///"):
        raise HallError("backup.error.not_sqlite")
    return Path(url[len("sqlite:///"):]) if url else path


def cmd_backup(rt: Runtime) -> int:
    from hall_desk.services import backup

    if rt.args.keep is not None and rt.args.keep < 1:
        raise CliError(i18n.text("cli.bad_count"))
    print(backup.backup(_sqlite_path(rt), Path(rt.args.destination), keep=rt.args.keep))
    return 0


def cmd_restore(rt: Runtime) -> int:
    from hall_desk.services import backup
    from hall_desk.store.connection import close_database

    current = _sqlite_path(rt)
    source = Path(rt.args.source)
    backup.check_copy(source)
    if not rt.args.yes:
        if not sys.stdin or not sys.stdin.isatty():
            raise CliError(i18n.text("cli.restore_needs_yes"))
        answer = _ask(i18n.text("cli.ask_restore", source=source, current=current))
        if answer.strip().lower() not in ("y", "yes", "是"):
            print(i18n.text("cli.restore_cancelled"))
            return 1
    close_database()
    aside = backup.restore(source, current)
    print(i18n.text("cli.restored", source=source, current=current, aside=aside))
    return 0


def cmd_gui(rt: Runtime) -> int:
    from hall_desk.ui.app import run_gui   # Qt is imported only here

    return run_gui(rt)


i18n.register({
    "cli.missing_arg": ("缺少参数：{name}（非交互模式下请用命令行选项给出）",
                        "missing: {name} (give it as an option when not interactive)"),
    "cli.ask_hall": ("大厅名称：", "Hall name: "),
    "cli.ask_counter": ("本机柜台编号（如 A1）：", "This PC's counter code (e.g. A1): "),
    "cli.ask_admin_name": ("管理员姓名：", "Administrator's name: "),
    "cli.ask_admin_login": ("管理员登录名：", "Administrator's login: "),
    "cli.ask_pin": ("管理员PIN（4-8位数字）：", "Administrator's PIN (4-8 digits): "),
    "cli.init_done": ("已完成设置：{hall}，本机柜台 {counter}", "Set up: {hall}, this counter {counter}"),
    "cli.bad_count": ("数量不能为负数", "the count cannot be negative"),
    "cli.demo_done": ("已生成 {n} 张示例工单", "{n} demo tickets made"),
    "cli.demo_staff": ("示例员工（登录名 / PIN）：", "Demo staff (login / PIN):"),
    "cli.error": ("错误：{message}", "error: {message}"),
    "cli.warning": ("警告：{message}", "warning: {message}"),
    "cli.ask_restore": ("用 {source} 覆盖当前数据库 {current}？当前文件会另存一份。输入 y 确认：",
                        "Replace the database {current} with {source}? The current file is kept aside. Type y to confirm: "),
    "cli.restore_cancelled": ("未恢复", "Not restored"),
    "cli.restore_needs_yes": ("恢复会覆盖当前数据库：非交互运行时请加 --yes 确认",
                              "A restore replaces the current database: add --yes when not interactive"),
    "cli.restored": ("已从 {source} 恢复 {current}；原文件另存为 {aside}",
                     "Restored {current} from {source}; the former file is kept as {aside}"),
    "cli.bad_time": ("{name}的时间“{value}”无法识别，请写成 2026-09-30 16:00",
                     "{name}: cannot read the time “{value}”; write it as 2026-09-30 16:00"),
    "cli.cannot_read": ("无法读取 {path}：{detail}", "cannot read {path}: {detail}"),
    "cli.cannot_write": ("无法写入 {path}：{detail}", "cannot write {path}: {detail}"),
    "cli.bad_date": ("{name}的日期“{value}”无法识别，请写成 2026-09-30",
                     "{name}: cannot read the date “{value}”; write it as 2026-09-30"),
    "cli.bad_json": ("JSON格式错误：{detail}", "not valid JSON: {detail}"),
    "cli.not_object": ("须为JSON对象", "must be a JSON object"),
    "cli.unknown_key": ("未知字段", "unknown key"),
    "cli.intake_refused": ("{n}张工单均未登记。", "none of the {n} tickets was registered."),
    "cli.unexpected": ("意外错误：{message}（详情见日志 {log}）",
                       "unexpected error: {message} (details in the log {log})"),
})


def _tell_window(func, line: str) -> None:
    """The window could not start (e.g. a damaged database): show the line in a dialog too."""
    if func is cmd_gui:
        from hall_desk.ui.surroundings import show_start_error

        show_start_error(line)


def error_line(exc: BaseException) -> str:
    if isinstance(exc, ValidationError):
        parts = [f"{field}: {err.message()}" for field, err in exc.errors.items()]
        return i18n.text("cli.error", message="; ".join(parts))
    if isinstance(exc, HallError):
        return i18n.text("cli.error", message=exc.message())
    return i18n.text("cli.error", message=str(exc))


def run(argv: list[str] | None = None,
        dispatch: Callable[[Runtime], int] | None = None) -> int:
    """Parse, set up and run one command. Returns the exit status."""
    from hall_desk.logsetup import setup_logging

    parser = build_parser()
    args = parser.parse_args(argv)
    local = config.load()
    i18n.set_language(args.lang or local.language or i18n.DEFAULT_LANG)
    log_file = setup_logging(verbose=args.verbose)
    rt = Runtime(args, local)
    func = dispatch or getattr(args, "func", cmd_gui)
    try:
        if not getattr(args, "skip_store", False):
            open_store(args)
        return func(rt)
    except (HallError, CliError) as exc:
        print(error_line(exc), file=sys.stderr)
        _tell_window(func, exc.message() if isinstance(exc, HallError) else str(exc))
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the last guard: one line for the user, the trace in the log
        from hall_desk.store.failures import explain

        known = explain(exc)   # a full disk, a read-only folder: words, not a type name
        if known is not None:
            log.warning("%s failed: %s", args.command or "gui", exc, exc_info=True)
            print(error_line(known), file=sys.stderr)
            _tell_window(func, known.message())
            return EXIT_ERROR
        log.exception("unexpected error in %s", args.command or "gui")
        print(i18n.text("cli.unexpected", message=f"{type(exc).__name__}: {exc}", log=log_file),
              file=sys.stderr)
        _tell_window(func, i18n.text("cli.unexpected", message=f"{type(exc).__name__}: {exc}",
                                     log=log_file))
        return EXIT_ERROR
