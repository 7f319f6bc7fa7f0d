"""The hall's day (一日管理): opening checks, the walk-rounds at set times, closing checks,
the closing signature and the 营业厅一日管理记录.

The rules are in :mod:`hall_desk.core.daily`; this module keeps days in the store. Roles:
``run_daily`` (all staff) opens the day and ticks, undoes a tick, or marks a check faulty or
not done; ``close_daily`` (shift leaders, supervisors) closes it with a signature.

Templates come from ``resources/templates/daily/*.toml``, one per preset (named as the
policy presets); an administrator's edited copy is kept in the settings table (key
:data:`SETTINGS_KEY`) and replaces the file of the same name. The template in force is the
administrator's choice (:data:`CHOICE_KEY`), else the one named as the hall's policy preset,
else ``default``. A day keeps its own copy of the items, so editing a template never
changes a day already opened.

A faulty or undone check becomes a duty-log incident (kind ``other``) in the same
transaction; an open incident is handed over at every shift handover until it is closed on
the duty log (services.handover collects open incidents).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any

import peewee

from hall_desk.core import daily as rules
from hall_desk.core.auth import require
from hall_desk.core.chain import content_hash
from hall_desk.core.daily import DayItemRef, DayRef, DayState, ItemStatus, Template
from hall_desk.core.enums import DutyKind
from hall_desk.core.errors import HallError, NotFound, StaleVersion, ValidationError
from hall_desk.core.validation import clean_field
from hall_desk.services import duty, settings
from hall_desk.services.templates import Shelf
from hall_desk.services.context import Actor, now
from hall_desk.services.evidence import next_link, record_content, signature_content
from hall_desk.store import rowstate
from hall_desk.store.models import DailyDay, DailyItem, Signature, Staff
from hall_desk.store.tx import write_transaction

log = logging.getLogger(__name__)

SUBJECT = "daily"
SIGNER_ROLE = "closer"
SETTINGS_KEY = "daily.templates"
CHOICE_KEY = "daily.template"
DEFAULT_TEMPLATE = "default"
TEMPLATE_DIR = ("templates", "daily")


# ---------------------------------------------------------------- templates

SHELF: Shelf[Template] = Shelf(
    "daily", TEMPLATE_DIR, SETTINGS_KEY, rules.parse_template, rules.template_from_dict,
    "daily.error.unknown_template")
builtin_templates = SHELF.builtin
_stored = SHELF.stored
templates = SHELF.all
template = SHELF.get
shown_items = SHELF.shown       # a copy's items with the English an English window shows
title_shown = SHELF.title_shown


def template_in_force() -> Template:
    """The administrator's choice, else the template named as the policy preset, else
    ``default``, else the first there is."""
    every = {t.name: t for t in templates()}
    if not every:
        raise HallError("daily.error.unknown_template", value=DEFAULT_TEMPLATE)
    for name in (settings.get(CHOICE_KEY), settings.get("policy_preset"), DEFAULT_TEMPLATE):
        if name in every:
            return every[name]
    return next(iter(every.values()))


def save_template(actor: Actor, data: Mapping[str, Any]) -> Template:
    """Save an edited (or new) template: an administrator only. The version goes up by one
    when anything changed; days already opened keep their own copy."""
    return SHELF.save(actor, data)


def choose_template(actor: Actor, name: str) -> None:
    """Make ``name`` the template new days are opened with (administrators)."""
    require(actor.role, "edit_settings")
    template(name)
    with write_transaction():
        settings.put(CHOICE_KEY, name)


# ---------------------------------------------------------------- days

def _staff_of(actor: Actor) -> int:
    if actor.staff_id:
        return actor.staff_id
    from hall_desk.services.tickets import _system_staff_id

    return _system_staff_id()


def get(day_id: int) -> DailyDay:
    row = DailyDay.get_or_none(DailyDay.id == day_id)
    if row is None:
        raise NotFound(what="what.daily", key=day_id)
    return row


def find(day: date) -> DailyDay | None:
    return DailyDay.get_or_none(DailyDay.day == day)


def day_ref(row: DailyDay) -> DayRef:
    return DayRef(id=row.id, day=row.day, state=DayState(row.state), version=row.version,
                  template_name=row.template_name, template_title=row.template_title,
                  template_version=row.template_version, opened_by_id=row.opened_by_id,
                  opened_at=row.opened_at, closed_by_id=row.closed_by_id,
                  closed_at=row.closed_at)


def item_ref(row: DailyItem) -> DayItemRef:
    return DayItemRef(id=row.id, day_id=row.day_id, phase=rules.Phase(row.phase), slot=row.slot,
                      position=row.position, text=row.text, status=ItemStatus(row.status),
                      done_at=row.done_at, done_by_id=row.done_by_id, reason=row.reason,
                      duty_entry_id=row.duty_entry_id, history=row.history)


def _bump(row: DailyDay, **values: Any) -> DailyDay:
    return rowstate.bump(row, f"daily:{row.id}", **values)


def open_day(actor: Actor, day: date | None = None) -> DayRef:
    """Open ``day`` (default today) with the template in force; a day already opened is
    returned as it is (two counters opening at once get the same day). Not a future day."""
    require(actor.role, "run_daily")
    moment = now()
    day = day or moment.date()
    if day > moment.date():
        raise ValidationError({"date": HallError("daily.error.future", day=day.isoformat())})
    try:
        with write_transaction():
            row = find(day)
            if row is not None:
                return day_ref(row)
            chosen = template_in_force()
            row = DailyDay.create(day=day, template_name=chosen.name,
                                  template_title=chosen.title, template_version=chosen.version,
                                  state=DayState.OPEN.value, opened_by=_staff_of(actor),
                                  opened_at=moment, version=1)
            for item in rules.expand(chosen):
                DailyItem.create(day=row.id, phase=item.phase.value, slot=item.slot,
                                 position=item.position, text=item.text)
            rowstate.record(f"daily:{row.id}")
    except peewee.IntegrityError:
        # PostgreSQL: another counter opened the same day meanwhile (the date is unique)
        row = find(day)
        if row is None:
            raise
        return day_ref(row)
    log.info("day %s opened by %s with template %s v%s", day, actor.login, chosen.name,
             chosen.version)
    return day_ref(row)


def items(day_id: int) -> list[DailyItem]:
    order = {p.value: i for i, p in enumerate(rules.Phase)}
    rows = list(DailyItem.select().where(DailyItem.day == day_id))
    return sorted(rows, key=lambda i: (order.get(i.phase, 9), i.slot, i.position, i.id))


def _item_for_change(item_id: int) -> tuple[DailyItem, DailyDay]:
    item = DailyItem.get_or_none(DailyItem.id == item_id)
    if item is None:
        raise NotFound(what="what.daily_item", key=item_id)
    return item, get(item.day_id)


def tick(actor: Actor, item_id: int) -> DayItemRef:
    """The check is done: who and when. A second tick (another counter first) is refused
    with what the item already is."""
    require(actor.role, "run_daily")
    return _settle(actor, item_id, ItemStatus.DONE, "")


def mark(actor: Actor, item_id: int, status: ItemStatus | str, reason: str) -> DayItemRef:
    """Mark a check faulty (故障) or not done (未完成) with the reason; it becomes a duty-log
    incident in the same transaction and so goes on every handover until closed there."""
    require(actor.role, "run_daily")
    target = rules.status_of(str(status))
    if target not in rules.PROBLEMS:
        raise HallError("error.choice", value=target.value)
    return _settle(actor, item_id, target, rules.clean_reason(reason))


def _settle(actor: Actor, item_id: int, target: ItemStatus, reason: str) -> DayItemRef:
    moment = now()
    with write_transaction():
        item, day = _item_for_change(item_id)
        rules.check_change(day.state, item.status, target)
        entry = None
        if target in rules.PROBLEMS:
            text = rules.duty_text(day.day.isoformat(), item.phase, item.slot, item.text,
                                   target.value, reason)
            entry = duty.add(actor, DutyKind.OTHER, text, at=moment)
        done = DailyItem.update(status=target.value, done_at=moment, done_by=_staff_of(actor),
                                reason=reason, duty_entry=entry.id if entry else None).where(
            (DailyItem.id == item.id) & (DailyItem.status == ItemStatus.OPEN.value)).execute()
        if not done:
            rules.check_change(day.state, DailyItem.get_by_id(item.id).status, target)
        _bump(day)
    return item_ref(DailyItem.get_by_id(item_id))


def untick(actor: Actor, item_id: int) -> DayItemRef:
    """Undo a tick (ticked by mistake, or the check must be done again): the check is open
    again, and who undid it when, and whose tick it was, stay in its history (printed).
    Refused once the day is closed, and for a check marked faulty or not done (an incident,
    followed up on the duty log)."""
    require(actor.role, "run_daily")
    moment = now()
    with write_transaction():
        item, day = _item_for_change(item_id)
        rules.check_untick(day.state, item.status)
        by = Staff.get_or_none(Staff.id == item.done_by_id) if item.done_by_id else None
        line = rules.untick_line(actor.name, moment, by.name if by else "", item.done_at)
        history = f"{item.history}\n{line}" if item.history else line
        done = DailyItem.update(status=ItemStatus.OPEN.value, done_at=None, done_by=None,
                                history=history).where(
            (DailyItem.id == item.id) & (DailyItem.status == item.status)
            & (DailyItem.done_at == item.done_at)).execute()
        if not done:                 # another counter changed it meanwhile
            rules.check_untick(day.state, DailyItem.get_by_id(item.id).status)
            raise StaleVersion(who="?", when="?", version=day.version)
        _bump(day)
    log.info("daily item %s unticked by %s", item_id, actor.login)
    return item_ref(DailyItem.get_by_id(item_id))


def open_items(day_id: int) -> list[DailyItem]:
    return [i for i in items(day_id) if i.status == ItemStatus.OPEN.value]


def close(actor: Actor, day_id: int, signer_name: str, *, image_png: bytes | None = None,
          on_paper: bool = False) -> DayRef:
    """Close the day with the signature of whoever closes it (pad or paper). Refused while a
    check is open. The signature is appended to the signature chain; the record printed
    afterwards is sealed."""
    require(actor.role, "close_daily")
    name = clean_field("signer_name", signer_name, required=True, max_len=64)
    if not image_png and not on_paper:
        raise ValidationError({"signer_name": HallError("error.required",
                                                         field="daily.field.signature")})
    moment = now()
    with write_transaction():
        day = get(day_id)
        if day.state == DayState.CLOSED.value:
            raise HallError("daily.error.closed")
        rules.check_close([f"{rules.slot_label(i.phase, i.slot, 'zh')}：{i.text}"
                           for i in open_items(day_id)])
        _bump(day, state=DayState.CLOSED.value, closed_at=moment, closed_by=_staff_of(actor))
        version, digest = record_version(day, actor)
        content = {"subject": f"{SUBJECT}:{day.id}", "role": SIGNER_ROLE, "signer": name,
                   "at": moment.isoformat(), "version": version, "content_sha256": digest,
                   "on_paper": on_paper,
                   "image_sha256": content_hash({"png": image_png.hex()}) if image_png else None}
        prev, link = next_link("signature", content)
        Signature.create(subject_type=SUBJECT, subject_id=day.id, role=SIGNER_ROLE,
                         signer_name=name, staff=actor.staff_id, signed_at=moment,
                         content_sha256=digest, record_version=version, image_png=image_png,
                         on_paper=on_paper, prev_hash=prev, hash=link)
    log.info("day %s closed by %s", day.day, actor.login)
    return day_ref(day)


def signature(day_id: int) -> Signature | None:
    return (Signature.select().where((Signature.subject_type == SUBJECT)
                                     & (Signature.subject_id == day_id)
                                     & (Signature.role == SIGNER_ROLE))
            .order_by(Signature.signed_at.desc(), Signature.id.desc()).first())


# ---------------------------------------------------------------- reading

def closing_time() -> time:
    """When the hall closes: the latest end of the configured day shifts (17:30 without)."""
    from hall_desk.services import shifts

    ends = [s.end for s in shifts.configured() if not s.crosses_midnight]
    return max(ends) if ends else time(17, 30)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="minutes") if value else None


def describe(day_id: int) -> dict[str, Any]:
    """A day as plain data: its template, who opened and closed it, every item with who and
    when (and the duty-log entry of a problem), and the closing signature (no image)."""
    row = get(day_id)
    names = {s.id: s.name for s in Staff.select(Staff.id, Staff.name)}
    data: dict[str, Any] = {
        "id": row.id, "date": row.day.isoformat(), "state": row.state,
        "template": row.template_name, "template_title": row.template_title,
        "template_version": row.template_version,
        "opened_by": names.get(row.opened_by_id, ""), "opened_at": _iso(row.opened_at),
        "closed_by": names.get(row.closed_by_id, "") if row.closed_by_id else "",
        "closed_at": _iso(row.closed_at), "version": row.version,
        "items": [{"id": i.id, "phase": i.phase, "slot": i.slot, "position": i.position,
                   "text": i.text, "status": i.status, "done_at": _iso(i.done_at),
                   "done_by": names.get(i.done_by_id, "") if i.done_by_id else "",
                   "reason": i.reason, "duty_entry": i.duty_entry_id,
                   # only when a tick was undone: older records hash as before
                   **({"history": i.history} if i.history else {})}
                  for i in items(day_id)],
    }
    data["signature"] = signature_content(signature(day_id))
    return data


def for_handover(today: date) -> list[dict[str, Any]]:
    """The days a shift handover carries (core.handover ``days``): every day up to ``today``
    opened and not closed, and closed days whose faulty or undone checks are still open on
    the duty log; with the counts of open, faulty and undone checks and the problems in
    words."""
    still_open = {e.root for e in duty.open_incidents()}     # threads not closed
    unsettled = (DailyItem.select(DailyItem.day).where(
        DailyItem.duty_entry.in_(sorted(still_open))) if still_open else [])
    rows = (DailyDay.select().where((DailyDay.day <= today) & (
        (DailyDay.state == DayState.OPEN.value) | DailyDay.id.in_(unsettled)))
        .order_by(DailyDay.day))
    out = []
    for row in rows:
        checks = items(row.id)
        counts = {s.value: sum(1 for i in checks if i.status == s.value) for s in ItemStatus}
        problems = [f"{rules.slot_label(i.phase, i.slot, 'zh')}：{i.text}"
                    f"（{rules.status_label(i.status, 'zh')}：{i.reason}）"
                    for i in checks if i.status in {s.value for s in rules.PROBLEMS}]
        out.append({"id": row.id, "date": row.day.isoformat(), "state": row.state,
                    "open": counts["open"], "faulty": counts["faulty"],
                    "not_done": counts["not_done"], "problems": problems})
    return out


def preview(day: date) -> dict[str, Any]:
    """A day not opened yet: the checks the template in force would give it."""
    chosen = template_in_force()
    return {"id": None, "date": day.isoformat(), "state": None, "template": chosen.name,
            "template_title": chosen.title, "template_version": chosen.version,
            "items": [{"phase": i.phase.value, "slot": i.slot, "position": i.position,
                       "text": i.text, "status": ItemStatus.OPEN.value}
                      for i in rules.expand(chosen)], "signature": None}


def of_date(day: date) -> dict[str, Any]:
    """The day ``day`` as plain data (``hall-desk daily --date D --json``); a day not opened
    yet shows the template's checks with ``state`` null."""
    row = find(day)
    return describe(row.id) if row is not None else preview(day)


def content(day_id: int) -> dict[str, Any]:
    """What the record's hash covers: everything but the row version and item ids."""
    return record_content(describe(day_id))


def record_version(row: DailyDay, actor: Actor | None = None) -> tuple[int, str]:
    """(version, SHA-256) of the 一日管理记录 as it stands, stored with its print stamp when
    new; sealed once the day is closed."""
    from hall_desk.services import records

    return records.store_version(SUBJECT, row.id, content(row.id),
                                 sealed=row.state == DayState.CLOSED.value, actor=actor)


def record_pdf(actor: Actor, day: date) -> bytes:
    """The 营业厅一日管理记录 of ``day`` as PDF bytes, printed from its current stored version."""
    require(actor.role, "print_records")
    row = find(day)
    if row is None:
        raise HallError("daily.error.not_opened", day=day.isoformat())
    version, _ = record_version(row, actor)
    return daily_print(row.id, version)


def daily_print(day_id: int, version: int) -> bytes:
    """The 一日管理记录 of a day's stored ``version``, from stored data only (verify-pdf)."""
    from hall_desk.pdf.daily import daily_record
    from hall_desk.services import records

    row = records.version_row(SUBJECT, day_id, version)
    stored, stamp, _ = records.split_stored(row)
    data = dict(stored)
    if stored.get("signature"):
        data["signature"] = records.signature_entry(SUBJECT, day_id, SIGNER_ROLE,
                                                    stored["signature"])
    return daily_record(data, records.stamp_meta(stamp, row.version, row.sha256))


def as_json(day: date) -> str:
    return json.dumps(of_date(day), ensure_ascii=False, default=str)
