"""Every role rule is enforced by the services, not only by the window.

The roles' grants come from :mod:`hall_desk.core.auth` itself (``auth.may``), never copied
here. For every guarded service entry point (found by reading ``hall_desk/services/*.py``
for ``require(`` and for lifecycle steps) each role calls it on a prepared hall:

- a role that may act gets through (the call succeeds: the preparation is right, so a
  refusal of the others is the role's doing and not the ticket's state);
- a role that may not gets PermissionDenied, and the database is byte for byte as before:
  no event, no access-log line, no changed row.

``test_every_guarded_entry_point_has_a_role_test`` fails as soon as a service gains a
``require(`` (or the lifecycle a step) that has no entry in RULES, so the table cannot rot.
Runs on SQLite and PostgreSQL (the ``hall`` fixture).
"""

from __future__ import annotations

import ast
import hashlib
import itertools
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Callable

import pytest

from hall_desk.core import auth
from hall_desk.core import lifecycle as steps
from hall_desk.core.enums import Role
from hall_desk.core.errors import PermissionDenied
from hall_desk.services import (
    admin, agreements, attachments, backup, calendar, callbacks, daily, deadlines, duty, export, handover, hotline, lifecycle,
    package, phrases, printing, reception, records, reference, settings, shifts, staff, statistics,
    tickets,
)
from hall_desk.services.context import Actor, clock, system_actor
from hall_desk.store.models import AccessLog, db

SERVICES = Path(tickets.__file__).parent
T0 = datetime(2026, 11, 24, 9, 0)
PEOPLE = {Role.COUNTER: "liuyang", Role.SUPERVISOR: "wangli", Role.ADMIN: "admin"}
#: The roles of a hall's database; the head office's role lives in the head office's own
#: database, and its entry points are checked there (tests/services/test_headoffice.py).
HALL_ROLES = (Role.COUNTER, Role.SUPERVISOR, Role.ADMIN, Role.SYSTEM)

INTAKE = {"kind": "complaint", "channel": "walk-in", "customer_name": "张秀兰",
          "phone": "13812345678", "address": "春晓路88号", "content": "营业员态度冷淡。",
          "demand": "要求道歉。"}
NOTICE = {"visiting_unit": "市供电公司营销部检查组", "leader": "周建国",
          "expected_at": "2026-11-24 10:00", "visitors": "6", "purpose": "inspection"}
# the lifecycle from registered to each step's source status, taken by a supervisor
PATH = [("judge_valid", {}), ("assign", {"department": "CS"}),
        ("analyse", {"cause_class": "service"}), ("propose", {"solution": "致歉。"}),
        ("approve", {"instruction": "同意。"}), ("implement", {"implementation": "已致歉。"}),
        ("review", {}), ("reply", {"reply_method": "phone", "reply_content": "已致歉。"}),
        ("callback", {"satisfaction": "satisfied"})]
STEP_DATA = {"judge_valid": {}, "judge_invalid": {"reason": "不属实。"},
             "settle_on_spot": {"reply_content": "当场解释。"}, "assign": {"department": "CS"},
             "analyse": {"cause_class": "service"}, "propose": {"solution": "致歉。"},
             "approve": {"instruction": "同意。"}, "send_back": {"instruction": "重拟。"},
             "implement": {"implementation": "已致歉。"},
             "reply": {"reply_method": "phone", "reply_content": "已致歉。"},
             "callback": {"satisfaction": "satisfied"}, "archive": {"summary": "已结案。"},
             "archive_without_callback": {"summary": "已答复。"},
             "review": {"review_note": "已核实。"}, "review_send_back": {"review_note": "未落实。"},
             "close_unreachable": {"reason": "举报人匿名且未留联系方式。"},
             "set_target": {"target_kind": "other", "target_text": "物业公司"},
             "forward": {"forward_to": "CS"}}


@dataclass
class Hall:
    people: dict[str, Actor]
    moment: dict[str, datetime]
    days: itertools.count

    @property
    def boss(self) -> Actor:
        return self.people["wangli"]

    def actor(self, role: Role) -> Actor:
        return system_actor("A1") if role is Role.SYSTEM else self.people[PEOPLE[role]]

    def other_than(self, actor: Actor) -> Actor:
        """A counter clerk who is not ``actor`` (the other side of a handover)."""
        return self.people["chenjing" if actor.login != "chenjing" else "sunhao"]


# ------------------------------------------------------------------ preparations


def ticket_at(h: Hall, action: str, kind: str = "complaint") -> Any:
    """A ticket in a status from which ``action`` is legal."""
    intake = dict(INTAKE, kind=kind)
    if action == "close_unreachable":        # nobody to call: an anonymous report, no phone
        intake.update(kind="report", anonymous=True, phone="", customer_name="")
    t = tickets.register(h.people["liuyang"], intake)
    sources = steps.sources_of(action, review=True)
    for step, data in PATH:
        if t.status in sources:
            break
        if kind != "complaint" and step == "callback":
            break
        # a supervisor may not approve her own plan: a clerk proposes
        who = h.people["liuyang"] if step == "propose" else h.boss
        t = lifecycle.act(who, t.id, t.version, step, data)
    assert t.status in sources, (action, t.status)
    return t


CALENDAR_2027 = 'year = 2027\n[[holidays]]\nname = "元旦"\nfrom = 2027-01-01\n'


def scratch_folder() -> Path:
    """A new folder inside SCRATCH (removed when the tests end)."""
    return Path(tempfile.mkdtemp(dir=SCRATCH.name))


def calendar_file() -> Path:
    path = scratch_folder() / "2027.toml"
    path.write_text(CALENDAR_2027, encoding="utf-8")
    return path


def small_hall_file() -> tuple[Path, Path]:
    """A SQLite file a restore accepts (intact, with a schema version), and where to put it."""
    import sqlite3

    folder = scratch_folder()
    con = sqlite3.connect(str(folder / "copy.sqlite3"))
    con.execute("CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT)")
    con.execute("INSERT INTO setting VALUES ('schema_version', '1')")
    con.commit()
    con.close()
    return folder / "copy.sqlite3", folder / "restored.sqlite3"


def own_copy() -> Path | None:
    """A backup of the hall's own SQLite file (None on PostgreSQL)."""
    source = backup.database_file()
    return None if source is None else backup.backup(source, scratch_folder() / "own.sqlite3")


def backup_of(actor: Actor, copy: Path | None) -> None:
    """A backup by hand of a copy of the hall's file (on PostgreSQL of a missing file: the
    role is checked before the file is looked at)."""
    from hall_desk.core.errors import HallError

    source = copy or scratch_folder() / "none.sqlite3"
    try:
        backup.make_backup(actor, source, source.parent / "usb")
    except PermissionDenied:
        raise
    except HallError:
        if copy is not None:
            raise


def restore_open(actor: Actor, copy: Path | None) -> None:
    from hall_desk.core.errors import HallError

    try:
        backup.restore_open(actor, copy)
    except HallError as exc:   # PostgreSQL: the server's tools restore; the role came first
        if exc.key != "backup.error.not_sqlite":
            raise


def handover_draft(h: Hall, outgoing: Actor) -> Any:
    day = T0 + timedelta(days=next(h.days))
    return handover.assemble(outgoing, at=day.replace(hour=11, minute=45))


def handover_signed_out(h: Hall, reviewer: Actor, *, queried: bool = False) -> Any:
    outgoing = h.other_than(reviewer) if reviewer.staff_id else h.people["liuyang"]
    draft = handover_draft(h, outgoing)
    handover.add_note(outgoing, draft.id, "打印机缺纸。")
    handover.sign_out(outgoing, draft.id, on_paper=True)
    item = handover.describe(draft.id)["item_ids"][-1]
    if queried:
        handover.query(h.other_than(outgoing), item, "报修了吗？")
    return {"handover": draft.id, "item": item, "outgoing": outgoing}


def reception_run(h: Hall, state: str = "noticed", *, done: bool = False) -> Any:
    run = reception.register_notice(h.boss, NOTICE)
    if state == "running":
        reception.start(h.boss, run.id)
        if done:
            for item in reception.items(run.id):
                reception.mark_not_applicable(h.boss, item.id, "本次不涉及")
    return reception.get(run.id)


def daily_item(h: Hall) -> int:
    """An open check of today's 一日管理."""
    return daily.open_items(daily.open_day(h.people["liuyang"]).id)[0].id


def daily_done(h: Hall) -> Any:
    """A past day whose every check is done (ready to close)."""
    day = daily.open_day(h.people["liuyang"], T0.date() - timedelta(days=next(h.days)))
    for item in daily.open_items(day.id):
        daily.tick(h.people["liuyang"], item.id)
    return day


def duty_entry(h: Hall, actor: Actor | None = None) -> Any:
    return duty.add(h.people["liuyang"], "disturbance", "一名客户大声喧哗。")


# ------------------------------------------------------------------ the table


@dataclass(frozen=True)
class Rule:
    entry: str                                  # module.function[:lifecycle step]
    action: str                                 # the permission the service checks
    call: Callable[[Actor, Any], Any]
    prepare: Callable[[Hall, Actor], Any] = lambda h, a: None


def _act(action: str, kind: str = "complaint") -> Rule:
    return Rule(f"lifecycle.act:{action}", steps.STEPS[action].permission,
                lambda a, t: lifecycle.act(a, t.id, t.version, action, STEP_DATA[action]),
                lambda h, a: ticket_at(h, action, kind))


def hotline_list() -> Path:
    """A 95598 portal list with its headings and no rows."""
    path = Path(SCRATCH.name) / "hotline.csv"
    path.write_text("工单编号,受理时间,客户名称,联系电话,用电地址,受理内容,客户诉求,回复时限,工单类型,"
                    "业务类型\n", encoding="utf-8-sig")
    return path


STATS = statistics.filter_of(date(2026, 11, 1), date(2026, 11, 30))
SCRATCH = tempfile.TemporaryDirectory(prefix="role-rules-")   # every file the rules write; removed at exit


def package_folder(actor: Actor, what: str = "pkg") -> Path:
    """A folder of its own for each role's package."""
    folder = Path(SCRATCH.name) / f"{what}-{actor.login or actor.staff_id}"
    folder.mkdir(exist_ok=True)
    return folder


def head_office_key(actor: Actor) -> Path:
    """A head-office signing key of the role's own; returns the key's folder."""
    folder = package_folder(actor, "key")
    reference.keygen(folder)
    return folder


def reference_package(h: Hall, actor: Actor) -> Path:
    """A phrases package signed by a key the hall's administrator trusts, newer than any the
    hall has (each preparation exports the next version)."""
    folder = head_office_key(actor)
    reference.trust(h.people["admin"], reference.key_paths(folder)[1])
    return reference.export(h.people["admin"], "phrases", package_folder(actor, "ref"),
                            key_folder=folder).path
RULES: list[Rule] = [
    # handover first: a handover gathers every open ticket, fewer the earlier it runs
    Rule("handover.assemble", "hand_over",
         lambda a, day: handover.assemble(a, at=day), lambda h, a: (
             T0 + timedelta(days=next(h.days))).replace(hour=11, minute=45)),
    Rule("handover.add_note", "hand_over",
         lambda a, hid: handover.add_note(a, hid, "打印机缺纸。"),
         lambda h, a: handover_draft(h, a if a.staff_id else h.people["liuyang"]).id),
    Rule("handover.sign_out", "hand_over",
         lambda a, hid: handover.sign_out(a, hid, on_paper=True),
         lambda h, a: handover_draft(h, a if a.staff_id else h.people["liuyang"]).id),
    Rule("handover.acknowledge", "hand_over",
         lambda a, ctx: handover.acknowledge(a, ctx["item"]), handover_signed_out),
    Rule("handover.query", "hand_over",
         lambda a, ctx: handover.query(a, ctx["item"], "报修了吗？"), handover_signed_out),
    Rule("handover.acknowledge_all", "hand_over",
         lambda a, ctx: handover.acknowledge_all(a, ctx["handover"]), handover_signed_out),
    Rule("handover.answer", "hand_over",                 # answered by the outgoing person
         lambda a, ctx: handover.answer(a, ctx["item"], "已报修。"),
         lambda h, a: handover_signed_out(h, h.other_than(a) if a.staff_id else h.boss,
                                          queried=True) if a.staff_id is None else
         _answerable(h, a)),
    Rule("handover.sign_in", "hand_over",
         lambda a, ctx: handover.sign_in(a, ctx["handover"], on_paper=True),
         lambda h, a: _reviewed(h, a)),
    # tickets
    Rule("tickets.register", "register_ticket", lambda a, _: tickets.register(a, INTAKE)),
    Rule("tickets.register_row", "register_ticket",
         lambda a, _: tickets.register_row(a, INTAKE)),
    Rule("tickets.update", "update_ticket",
         lambda a, t: tickets.update(a, t.id, t.version, {"business_type": "电费"}),
         lambda h, a: tickets.register(h.people["liuyang"], INTAKE)),
    Rule("tickets.reveal_identity", "view_identity",
         lambda a, t: tickets.reveal_identity(a, t.id, "客户来电要求回访，需核对身份"),
         lambda h, a: tickets.register(h.people["liuyang"], dict(INTAKE, anonymous=True))),
    Rule("tickets.reveal_search", "view_identity",
         lambda a, _: tickets.reveal_search(a, INTAKE["phone"], "客户来电，需找到其匿名工单")),
    # the lifecycle, step by step
    *[_act(s) for s in ("judge_valid", "judge_invalid", "settle_on_spot", "forward", "assign",
                        "analyse",
                        "propose", "approve", "send_back", "implement", "review",
                        "review_send_back", "reply", "callback", "archive", "close_unreachable",
                        "set_target")],
    _act("archive_without_callback", "consultation"),
    Rule("lifecycle.add_note", "update_ticket", lambda a, t: lifecycle.add_note(a, t.id, "已致电。"),
         lambda h, a: tickets.register(h.people["liuyang"], INTAKE)),
    Rule("lifecycle.record_event", "update_ticket",
         lambda a, t: lifecycle.record_event(a, t.id, "first_feedback"),
         lambda h, a: tickets.register(h.people["liuyang"], INTAKE)),
    Rule("attachments.add_bytes", "update_ticket",
         lambda a, t: attachments.add_bytes(a, t.id, "小票.png", b"\x89PNG scan"),
         lambda h, a: tickets.register(h.people["liuyang"], INTAKE)),
    Rule("callbacks.record", "record_callback",
         lambda a, t: callbacks.record(a, t.id, t.version, method="phone", reached=True,
                                       satisfaction="satisfied"),
         lambda h, a: ticket_at(h, "callback")),
    Rule("callbacks.require_record", "record_callback",
         lambda a, _: callbacks.require_record(a)),
    # printing: who may print a sheet is its entry in the registry (services.sheets)
    Rule("printing.sheet", "print_records", lambda a, t: printing.sheet(a, t.id, "record"),
         lambda h, a: tickets.register(h.people["liuyang"], INTAKE)),
    # signatures and sealing
    Rule("records.sign", "supervise",
         lambda a, t: records.sign(a, t.id, role="supervisor", on_paper=True),
         lambda h, a: ticket_at(h, "archive")),
    # the settlement (services.agreements)
    Rule("agreements.record_agreement", "update_ticket",
         lambda a, t: agreements.record_agreement(a, t.id, {"terms": "致歉并补偿。",
                                                             "hall_undertakes": "三日内补偿"}),
         lambda h, a: ticket_at(h, "implement")),
    Rule("agreements.record_payment", "update_ticket",
         lambda a, t: agreements.record_payment(a, t.id, {"amount": "50", "method": "现金"}),
         lambda h, a: ticket_at(h, "implement")),
    Rule("agreements.waive_payment", "supervise",
         lambda a, t: agreements.waive_payment(a, t.id, "客户放弃补偿。"),
         lambda h, a: ticket_at(h, "implement")),
    Rule("agreements.mark_typical", "supervise",
         lambda a, t: agreements.mark_typical(a, t.id, "典型", "教训"),
         lambda h, a: lifecycle.act(h.boss, *(lambda t: (t.id, t.version))(ticket_at(h, "archive")),
                                    "archive", STEP_DATA["archive"])),
    Rule("agreements.typical_cases", "view_statistics",
         lambda a, _: agreements.typical_cases(a, date(2026, 11, 1), date(2026, 11, 30))),
    # staff and settings
    Rule("staff.create", "manage_staff",
         lambda a, login: staff.create(a, name="新员工", login=login, pin="2468", role="counter"),
         lambda h, a: f"new{next(h.days)}"),
    Rule("staff.set_active", "manage_staff",
         lambda a, sid: staff.set_active(a, sid, False),
         lambda h, a: h.people["sunhao"].staff_id),
    Rule("staff.change_pin", "manage_staff",           # somebody else's PIN
         lambda a, sid: staff.change_pin(a, sid, "8642"),
         lambda h, a: h.people["sunhao"].staff_id),
    Rule("staff.update", "manage_staff",
         lambda a, sid: staff.update(a, sid, department_code="CS", name="孙浩"),
         lambda h, a: h.people["sunhao"].staff_id),
    Rule("staff.reset_pin", "manage_staff",
         lambda a, sid: staff.reset_pin(a, sid, "8642"),
         lambda h, a: h.people["sunhao"].staff_id),
    Rule("admin.add", "edit_settings",
         lambda a, code: admin.add(a, "department", code=code, name="新部门"),
         lambda h, a: f"D{next(h.days)}"),
    Rule("admin.rename", "edit_settings",
         lambda a, _: admin.rename(a, "category", "other", name="其他问题", name_en="Others")),
    Rule("admin.set_active", "edit_settings",
         lambda a, _: admin.set_active(a, "counter", "A1", True)),
    Rule("settings.change", "edit_settings",
         lambda a, _: settings.change(a, "hall_name", "城南营业厅")),
    Rule("settings.change_hall", "edit_settings",
         lambda a, _: settings.change_hall(a, name="城南营业厅", phone="0571-87654321")),
    Rule("deadlines.choose_preset", "edit_settings",
         lambda a, _: deadlines.choose_preset(a, "state_grid")),
    Rule("deadlines.save_policy", "edit_settings",
         lambda a, text: deadlines.save_policy(a, text), lambda h, a: deadlines.policy_text()),
    Rule("deadlines.set_override", "edit_settings",
         lambda a, _: deadlines.set_override(a, date(2026, 12, 26), True, "调休上班")),
    Rule("deadlines.remove_override", "edit_settings",
         lambda a, day: deadlines.remove_override(a, day),
         lambda h, a: (deadlines.set_override(h.people["admin"], date(2026, 12, 27), True, "调休"),
                       date(2026, 12, 27))[1]),
    Rule("phrases.save_template", "edit_settings",      # the shipped words as they are
         lambda a, _: phrases.save_template(a, phrases.template().as_dict())),
    Rule("calendar.import_text", "import_calendar",
         lambda a, _: calendar.import_text(a, CALENDAR_2027)),
    Rule("calendar.import_file", "import_calendar",
         lambda a, path: calendar.import_file(a, path), lambda h, a: calendar_file()),
    Rule("backup.configure", "edit_settings",                 # switching automatic backups off
         lambda a, _: backup.configure(a, "", 7)),
    Rule("backup.make_backup", "backup",
         lambda a, copy: backup_of(a, copy), lambda h, a: own_copy()),
    Rule("backup.restore", "restore",                 # into a file nobody has open
         lambda a, files: backup.restore(a, files[0], files[1]), lambda h, a: small_hall_file()),
    Rule("backup.restore_open", "restore",            # the hall's own file, as it is
         lambda a, copy: restore_open(a, copy), lambda h, a: own_copy()),
    Rule("shifts.save", "edit_settings",
         lambda a, _: shifts.save(a, [{"name": "白班", "name_en": "Day", "start": "08:00",
                                       "end": "20:00"}])),
    Rule("reception.save_template", "edit_settings",
         lambda a, data: reception.save_template(a, data),
         lambda h, a: dict(reception.template_for("inspection").as_dict(), name="custom-check")),
    Rule("reception.delete_template", "edit_settings",
         lambda a, name: reception.delete_template(a, name),
         lambda h, a: reception.save_template(h.people["admin"], dict(
             reception.template_for("inspection").as_dict(), name=f"custom-{next(h.days)}")).name),
    # statistics per staff
    Rule("statistics.overview", "view_statistics",
         lambda a, _: statistics.overview(a, STATS, include_staff=True)),
    Rule("statistics.per_staff", "view_statistics", lambda a, _: statistics.per_staff(a, STATS)),
    # exports (any staff; not the command line without a login)
    Rule("export.export_ledger", "export",
         lambda a, _: export.export_ledger(a, STATS, "csv", Path(SCRATCH.name) / "l.csv")),
    Rule("export.export_statistics", "export",
         lambda a, _: export.export_statistics(a, STATS, "csv", Path(SCRATCH.name) / "s.csv")),
    # hotline work orders and packages to the head office
    Rule("hotline.import_file", "register_ticket",         # a dry run of a list of none
         lambda a, path: hotline.import_file(a, path, "95598", dry_run=True),
         lambda h, a: hotline_list()),
    Rule("hotline.link", "link_hotline",             # each ticket its own work order
         lambda a, t: hotline.link(a, t.id, t.version, "95598", f"GD-{t.id}"),
         lambda h, a: tickets.register(h.people["liuyang"], INTAKE)),
    Rule("hotline.reply_rows", "export",
         lambda a, _: hotline.reply_rows(a, "95598", date(2026, 11, 1), date(2026, 11, 30))),
    Rule("package.export", "backup",
         lambda a, folder: package.export(a, folder), lambda h, a: package_folder(a)),
    # reference packages: written at the head office's reference database, trusted and
    # applied at a hall, by whoever edits the hall's settings
    Rule("reference.trust", "edit_settings",
         lambda a, folder: reference.trust(a, reference.key_paths(folder)[1]),
         lambda h, a: head_office_key(a)),
    Rule("reference.export", "edit_settings",
         lambda a, folder: reference.export(a, "phrases", package_folder(a, "out"),
                                            key_folder=folder),
         lambda h, a: head_office_key(a)),
    Rule("reference.apply", "edit_settings", lambda a, path: reference.apply(a, path),
         reference_package),
    # duty log
    Rule("duty.add", "write_duty_log", lambda a, _: duty.add(a, "note", "叫号机已重启。")),
    Rule("duty.follow_up", "write_duty_log",
         lambda a, e: duty.follow_up(a, e.id, action_taken="已劝离。"), duty_entry),
    Rule("duty.correct", "write_duty_log",
         lambda a, e: duty.correct(a, e.id, "一名客户大声喧哗、拍打柜台。"), duty_entry),
    Rule("duty.close", "write_duty_log",
         lambda a, e: duty.close(a, e.id, outcome="已平息。"), duty_entry),
    # reception
    Rule("reception.register_notice", "manage_reception",
         lambda a, _: reception.register_notice(a, NOTICE)),
    Rule("reception.update_notice", "manage_reception",
         lambda a, run: reception.update_notice(a, run.id, run.version, dict(NOTICE, visitors="8")),
         lambda h, a: reception_run(h)),
    Rule("reception.assign_posts", "manage_reception",
         lambda a, ctx: reception.assign_posts(a, ctx[0], ctx[1]),
         lambda h, a: (lambda run: (run.id, [("leader", "", h.boss.staff_id)]))(reception_run(h))),
    Rule("reception.start", "manage_reception", lambda a, run: reception.start(a, run.id),
         lambda h, a: reception_run(h)),
    Rule("reception.close", "manage_reception", lambda a, run: reception.close(a, run.id),
         lambda h, a: reception_run(h, "running", done=True)),
    Rule("reception.cancel", "manage_reception",
         lambda a, run: reception.cancel(a, run.id, "检查组改期"), lambda h, a: reception_run(h)),
    Rule("reception.tick", "run_reception",
         lambda a, run: reception.tick(a, reception.items(run.id)[0].id, "已交代"),
         lambda h, a: reception_run(h, "running")),
    Rule("reception.set_note", "run_reception",
         lambda a, run: reception.set_note(a, reception.items(run.id)[0].id, "备注"),
         lambda h, a: reception_run(h, "running")),
    Rule("reception.mark_not_applicable", "run_reception",
         lambda a, run: reception.mark_not_applicable(a, reception.items(run.id)[0].id, "不涉及"),
         lambda h, a: reception_run(h, "running")),
    Rule("reception.untick", "run_reception",
         lambda a, item: reception.untick(a, item, "点错了"),
         lambda h, a: reception.tick(h.boss, reception.items(
             reception_run(h, "running").id)[0].id).id),
    Rule("reception.divert_complaint", "run_reception",
         lambda a, run: reception.divert_complaint(a, run.id, INTAKE),
         lambda h, a: reception_run(h, "running")),
    Rule("reception.sign_guestbook", "run_reception",
         lambda a, run: reception.sign_guestbook(a, run.id, "周建国", on_paper=True),
         lambda h, a: reception_run(h, "running")),
    Rule("daily.open_day", "run_daily", lambda a, _: daily.open_day(a)),
    Rule("daily.tick", "run_daily", lambda a, item: daily.tick(a, item),
         lambda h, a: daily_item(h)),
    Rule("daily.mark", "run_daily", lambda a, item: daily.mark(a, item, "faulty", "评价器黑屏"),
         lambda h, a: daily_item(h)),
    Rule("daily.untick", "run_daily", lambda a, item: daily.untick(a, item),
         lambda h, a: daily.tick(h.people["liuyang"], daily_item(h)).id),
    Rule("daily.close", "close_daily", lambda a, day: daily.close(a, day.id, "王丽", on_paper=True),
         lambda h, a: daily_done(h)),
    Rule("daily.record_pdf", "print_records", lambda a, day: daily.record_pdf(a, day),
         lambda h, a: daily.open_day(h.people["liuyang"]).day),
    Rule("daily.save_template", "edit_settings",
         lambda a, data: daily.save_template(a, data),
         lambda h, a: dict(daily.template("default").as_dict(), name=f"custom-{next(h.days)}")),
    Rule("daily.choose_template", "edit_settings",
         lambda a, _: daily.choose_template(a, "banking")),
]


def _answerable(h: Hall, answerer: Actor) -> Any:
    """A signed-out handover of ``answerer`` with a query on it."""
    draft = handover_draft(h, answerer)
    handover.add_note(answerer, draft.id, "打印机缺纸。")
    handover.sign_out(answerer, draft.id, on_paper=True)
    item = handover.describe(draft.id)["item_ids"][-1]
    handover.query(h.other_than(answerer), item, "报修了吗？")
    return {"handover": draft.id, "item": item}


def _reviewed(h: Hall, reviewer: Actor) -> Any:
    ctx = handover_signed_out(h, reviewer)
    if reviewer.staff_id:
        handover.acknowledge_all(reviewer, ctx["handover"])
    return ctx


# ------------------------------------------------------------------ the checks


def database_state() -> str:
    """Every row of every table, as one digest: a forbidden call must not move it."""
    digest = hashlib.sha256()
    for table in sorted(db.get_tables()):
        rows = db.execute_sql(f'SELECT * FROM "{table}" ORDER BY 1').fetchall()
        if any(isinstance(v, memoryview) for row in rows[:1] for v in row):
            rows = [tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
                    for row in rows]
        digest.update(f"{table}:{len(rows)}:{rows!r}".encode())
    return digest.hexdigest()


@pytest.fixture
def prepared(hall):
    moment = {"now": T0}
    with clock(lambda: moment["now"]):
        yield Hall(hall, moment, itertools.count(1))


def check_rule(h: Hall, rule: Rule) -> list[str]:
    """What is wrong with one entry point's role rule (empty: nothing)."""
    problems = []
    allowed = [r for r in HALL_ROLES if auth.may(r, rule.action)]
    if not allowed:
        return [f"{rule.entry}: nobody may {rule.action}"]
    for role in [r for r in HALL_ROLES if r not in allowed]:
        actor = h.actor(role)
        ctx = rule.prepare(h, h.actor(allowed[0]) if actor.staff_id is None else actor)
        before = database_state()
        try:
            rule.call(actor, ctx)
        except PermissionDenied as exc:
            if exc.params["role"] != f"role.{role.value}":
                problems.append(f"{rule.entry}: refused naming {exc.params['role']}")
        except Exception as exc:  # noqa: BLE001 - any other outcome is the finding
            problems.append(f"{rule.entry}: {role.value} got {type(exc).__name__}: {exc}")
        else:
            problems.append(f"{rule.entry}: {role.value} was let through")
        if database_state() != before:
            problems.append(f"{rule.entry}: refused {role.value} but the database changed")
    for role in allowed:
        actor = h.actor(role)
        ctx = rule.prepare(h, actor)
        h.moment["now"] += timedelta(minutes=1)
        try:
            rule.call(actor, ctx)      # no PermissionDenied, and no other refusal either
        except Exception as exc:  # noqa: BLE001
            problems.append(f"{rule.entry}: {role.value} may but got {type(exc).__name__}: {exc}")
    return problems


def test_roles_are_enforced_by_the_services(prepared):
    """Every entry point of RULES, as every role (one hall for all: the preparations make
    fresh tickets, runs and handovers, so the entry points do not disturb each other)."""
    problems = [p for rule in RULES for p in check_rule(prepared, rule)]
    assert not problems, "\n".join(problems)
    refusals = sum(1 for r in RULES for role in HALL_ROLES if not auth.may(role, r.action))
    assert len(RULES) >= 60 and refusals >= 80      # the figures of docs/reliability.md


def test_identity_is_revealed_only_with_a_reason_and_logged(prepared):
    h = prepared
    t = tickets.register(h.people["liuyang"], dict(INTAKE, anonymous=True))
    from hall_desk.core.errors import ValidationError

    with pytest.raises(ValidationError) as missing:
        tickets.reveal_identity(h.boss, t.id, "  ")
    assert missing.value.fields == ["reason"]
    assert AccessLog.select().count() == 0
    shown = tickets.reveal_identity(h.boss, t.id, "核对身份后回访")
    assert shown == {"customer_name": "张秀兰", "phone": "138 1234 5678",
                     "address": "春晓路88号"}
    log = AccessLog.get()
    assert (log.staff_id, log.action, log.ticket_id, log.reason) == \
        (h.boss.staff_id, "view_identity", t.id, "核对身份后回访")
    assert tickets.history(t.id)[-1].action == "view_identity"


def test_identity_decisions_follow_the_grants(prepared):
    """The decisions taken with ``may`` rather than ``require``: who sees an anonymous
    identity (detail, print, export, queue search) and who gets per-staff figures."""
    from hall_desk.services import export, queue

    h = prepared
    t = tickets.register(h.people["liuyang"], dict(INTAKE, anonymous=True))
    for role in HALL_ROLES:
        actor = h.actor(role)
        sees = auth.may(role, "view_identity") and role is not Role.SYSTEM
        assert tickets.describe(t, actor).phone == ""               # never without reveal
        assert (tickets.describe(t, actor, reveal=True).phone != "") is sees
        assert records.may_print_identity(actor) is sees
        assert export.shows_identity(actor) is sees
        assert queue.viewer_role_may_see_identity(actor) is sees
        figures = statistics.overview(actor, STATS)
        assert ("staff" in figures) is auth.may(role, "view_statistics")
        tables = {t.key for t in statistics.tables(figures)}
        assert ("staff" in tables) is auth.may(role, "view_statistics")


def test_grants_hold_the_hall_s_principles():
    """Not a copy of the table: the few things domain.md §2 and §12 insist on."""
    for action in ("view_identity", "manage_staff", "edit_settings", "supervise",
                   "view_statistics"):
        assert not auth.may(Role.COUNTER, action)
        assert not auth.may(Role.SYSTEM, action)
    assert auth.may(Role.SUPERVISOR, "view_identity") and not auth.may(Role.SUPERVISOR,
                                                                         "manage_staff")
    assert auth.may(Role.ADMIN, "manage_staff") and auth.may(Role.ADMIN, "edit_settings")
    for role in HALL_ROLES:
        if role is not Role.SYSTEM:
            assert auth.may(role, "register_ticket") and auth.may(role, "hand_over")
    # the head office reads what the halls sent; it acts on no hall's ticket, and no hall's
    # login may read the region
    for action in sorted(set().union(*(auth.grants(r) for r in HALL_ROLES))):
        assert not auth.may(Role.HEAD_OFFICE, action), action
    for action in auth.grants(Role.HEAD_OFFICE):
        assert not any(auth.may(r, action) for r in HALL_ROLES), action


# ------------------------------------------------------------------ the table does not rot


def _literal(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def guarded_functions(source: str, module: str) -> dict[str, set[str]]:
    """``module.function`` → the permissions it checks, for every public function of a
    service module that calls ``require(...)`` (directly or through a private helper of the
    same module that does). A permission passed as a variable is recorded as ``*``."""
    tree = ast.parse(source)
    funcs = {f.name: f for f in tree.body if isinstance(f, ast.FunctionDef)}

    def direct(fn: ast.FunctionDef) -> set[str]:
        found = set()
        for node in ast.walk(fn):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name == "require" and len(node.args) >= 2:
                    found.add(_literal(node.args[1]) or "*")
        return found

    def calls(fn: ast.FunctionDef) -> set[str]:
        return {n.func.id for n in ast.walk(fn)
                if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in funcs}

    own = {name: direct(fn) for name, fn in funcs.items()}
    out: dict[str, set[str]] = {}
    for name, fn in funcs.items():
        if name.startswith("_"):
            continue
        perms = set(own[name])
        for helper in calls(fn):
            if helper.startswith("_"):
                perms |= own[helper]
        if perms:
            out[f"{module}.{name}"] = perms
    return out


def test_the_finder_sees_a_new_require():
    """The guard below is only as good as this finder: a new guarded function, directly or
    through a private helper, is found with its permission."""
    source = '''
from hall_desk.core.auth import require
from hall_desk.core import auth

def _helper(actor):
    auth.require(actor.role, "approve_refund")

def refund(actor, amount):
    require(actor.role, "approve_refund")

def via_helper(actor):
    _helper(actor)

def dynamic(actor, permission):
    require(actor.role, permission)

def unguarded(actor):
    return 1
'''
    assert guarded_functions(source, "refunds") == {
        "refunds.refund": {"approve_refund"}, "refunds.via_helper": {"approve_refund"},
        "refunds.dynamic": {"*"}}


def test_every_guarded_entry_point_has_a_role_test():
    found: dict[str, set[str]] = {}
    for path in sorted(SERVICES.glob("*.py")):
        found.update(guarded_functions(path.read_text(encoding="utf-8"), path.stem))
    assert len(found) > 30, "the finder found too little: is it still reading the services?"
    tested = {r.entry.split(":")[0]: r for r in RULES}
    by_entry: dict[str, set[str]] = {}
    for r in RULES:
        by_entry.setdefault(r.entry.split(":")[0], set()).add(r.action)
    # the head office's entry points, guarded by its own grants only, run on its own database
    # and are role-tested there (tests/services/test_headoffice.py, test_package.py)
    region = auth.grants(Role.HEAD_OFFICE)
    found = {entry: perms for entry, perms in found.items() if not perms <= region}
    missing = sorted(set(found) - set(tested))
    assert not missing, f"guarded without a role test in RULES: {missing}"
    for entry, perms in found.items():
        literal = perms - {"*"}
        assert literal <= by_entry[entry], (entry, literal, by_entry[entry])
    # every lifecycle step is tested through the function that takes it
    step_entries = {"note": "lifecycle.add_note", "attach": "attachments.add_bytes",
                    "link_hotline": "hotline.link"}
    for action, step in steps.STEPS.items():
        entry = step_entries.get(action, f"lifecycle.act:{action}")
        rule = next((r for r in RULES if r.entry == entry), None)
        assert rule is not None, f"lifecycle step {action} has no role test"
        assert rule.action == step.permission, (action, rule.action, step.permission)
    # and every permission a service checks is exercised at least once
    checked = set().union(*found.values()) - {"*"}
    assert checked <= {r.action for r in RULES}
