"""The hall's day (一日管理): the rules of the daily routine on plain data.

Sources (domain.md §2, §8): M0's reception checklist asks every post to check and tidy its
desk "according to the daily routine" (根据工作职责和一日管理要求); M1 第五条（九） sets the
extended service at closing time (延时服务: customers still waiting are served before staff
leave), 第六条（一） the post discipline (坚守岗位, no 脱岗/串岗) and 第六条（七） the closing
duties (下班时要关好门窗、电脑、空调、电灯等).

- A *template* lists the day's checks in three phases: opening (before the doors open),
  rounds (巡视, repeated at each of the template's set times) and closing. It is read from
  TOML (``resources/templates/daily/*.toml``, one per preset) or an administrator's edited
  copy, validated here field by field, and carries a version.
- A *day* is opened once per date (its items copied from the template in force), its items
  are ticked (done), or marked faulty (故障) or not done (未完成) with a reason; the last two
  become duty-log incidents, so the shift handover carries them until they are closed.
- The day closes with a signature once no item is left open; a closed day changes no more.

Plain Python: no Qt, no peewee.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from hall_desk.core import i18n, templates
from hall_desk.core.enums import StrEnum
from hall_desk.core.errors import FieldError, HallError, ValidationError
from hall_desk.core.templates import TITLE_MAX  # noqa: F401 (the template editor reads it here)
from hall_desk.core.validation import clean_text


class Phase(StrEnum):
    OPENING = "opening"      # 开门前检查
    ROUND = "round"          # 巡视 (at each set time)
    CLOSING = "closing"      # 下班检查


class ItemStatus(StrEnum):
    OPEN = "open"            # 未检查
    DONE = "done"            # 已完成
    FAULTY = "faulty"        # 故障/异常
    NOT_DONE = "not_done"    # 未完成


class DayState(StrEnum):
    OPEN = "open"            # 进行中
    CLOSED = "closed"        # 已签字结束


#: the statuses that need a reason and become a duty-log incident
PROBLEMS = frozenset({ItemStatus.FAULTY, ItemStatus.NOT_DONE})

TIME_RE = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
ITEM_MAX = 255            # DailyItem.text
ITEMS_PER_PHASE_MAX = 40
ROUNDS_MAX = 12
REASON_MAX = 500
CLOSING_LEAD = timedelta(minutes=30)   # closing checks start this long before closing time


def phase_label(phase: str, lang: str | None = None) -> str:
    return i18n.text(f"daily.phase.{phase}", lang)


def status_label(status: str, lang: str | None = None) -> str:
    return i18n.text(f"daily.status.{status}", lang)


def slot_label(phase: str, slot: str, lang: str | None = None) -> str:
    """The heading of a group of items: 开门前检查, 巡视 10:00, 下班检查."""
    base = phase_label(phase, lang)
    return f"{base} {slot}" if slot else base


# ---------------------------------------------------------------- templates

@dataclass(frozen=True)
class TemplateItem:
    phase: Phase
    position: int           # 1-based within its phase
    text: str
    text_en: str = ""       # shown in an English window; records keep ``text``


@dataclass(frozen=True)
class Template:
    """A day's checklist. ``rounds`` are the set times of the walk-round (HH:MM, sorted)."""

    name: str
    title: str
    version: int
    rounds: tuple[str, ...]
    items: tuple[TemplateItem, ...]
    title_en: str = ""      # shown in an English window

    def items_of(self, phase: Phase | str) -> list[TemplateItem]:
        return [i for i in self.items if i.phase == Phase(phase)]

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "title": templates.text_value(self.title, self.title_en),
                "version": self.version, "rounds": list(self.rounds),
                "items": {p.value: [templates.text_value(i.text, i.text_en)
                                     for i in self.items_of(p)] for p in Phase}}


def template_from_dict(data: Mapping[str, Any]) -> Template:
    """A validated template from plain data (``name``, ``title``, ``version``, ``rounds``,
    ``items`` = {phase: [text, ...]}). ValidationError names every bad field (keys ``name``,
    ``title``, ``version``, ``rounds``, ``items``, ``items.<phase>.<n>``)."""
    if not isinstance(data, Mapping):
        raise ValidationError({"items": FieldError("items", "daily.error.no_items")})
    errors: dict[str, HallError] = {}
    name, title, version, title_en = templates.read_head(data, _PHASES, errors)
    rounds: list[str] = []
    raw_rounds = data.get("rounds") or []
    if not isinstance(raw_rounds, (list, tuple)) or len(raw_rounds) > ROUNDS_MAX:
        errors["rounds"] = FieldError("rounds", "daily.error.rounds", field="daily.field.rounds",
                                      max=ROUNDS_MAX)
    else:
        for value in raw_rounds:
            text = str(value).strip()
            if not TIME_RE.match(text) or text in rounds:
                errors["rounds"] = FieldError("rounds", "daily.error.round_time",
                                              field="daily.field.rounds", value=value)
                break
            rounds.append(text)
    items = [TemplateItem(*i) for i in templates.read_items(data.get("items"), _PHASES, errors)]
    if items and rounds == [] and any(i.phase is Phase.ROUND for i in items) \
            and "rounds" not in errors:
        errors["rounds"] = FieldError("rounds", "daily.error.no_rounds", field="daily.field.rounds")
    if errors:
        raise ValidationError(errors)
    return Template(name, title, version, tuple(sorted(rounds)), tuple(items), title_en)


_PHASES = templates.Sections(
    bad_name=lambda: FieldError("name", "daily.error.name", field="daily.field.name"),
    title_field="daily.field.title",
    bad_version=lambda: FieldError("version", "daily.error.version", field="daily.field.version"),
    no_items_key="daily.error.no_items", kind=Phase,
    per_section_max=ITEMS_PER_PHASE_MAX, item_max=ITEM_MAX,
    unknown_key="daily.error.unknown_phase", not_text_key="error.required",
    item_label=lambda code, n: i18n.text("daily.field.item", phase=phase_label(code), n=n),
    bad_list=lambda code, texts: FieldError("items", "daily.error.item_list",
                                            field=phase_label(code), max=ITEMS_PER_PHASE_MAX))


def parse_template(text: str) -> Template:
    """A template from its TOML text (see ``resources/templates/daily/``)."""
    return template_from_dict(templates.loads(text, "daily.error.toml"))


def edited(template: Template, items: Mapping[str, Iterable[str]], *,
           rounds: Iterable[str] | None = None, title: str | None = None) -> Template:
    """An edited copy of ``template`` with the next version number, validated."""
    data = template.as_dict()
    data["items"] = {k: list(v) for k, v in items.items()}
    data["version"] = template.version + 1
    if rounds is not None:
        data["rounds"] = list(rounds)
    if title is not None:
        data["title"] = title
    return template_from_dict(data)


@dataclass(frozen=True)
class DayItem:
    """One line of a day: its phase, the round's time ("" outside rounds), its order."""

    phase: Phase
    slot: str
    position: int
    text: str


def expand(template: Template) -> list[DayItem]:
    """The day's items from a template: the opening checks, each round's checks once per set
    time, then the closing checks, numbered 1.. within each group."""
    out = [DayItem(Phase.OPENING, "", i.position, i.text) for i in template.items_of(Phase.OPENING)]
    for slot in template.rounds:
        out += [DayItem(Phase.ROUND, slot, i.position, i.text)
                for i in template.items_of(Phase.ROUND)]
    out += [DayItem(Phase.CLOSING, "", i.position, i.text) for i in template.items_of(Phase.CLOSING)]
    return out


# ---------------------------------------------------------------- a day's items

def status_of(value: str) -> ItemStatus:
    try:
        return ItemStatus(value)
    except ValueError:
        raise HallError("error.choice", value=value) from None


def clean_reason(value: Any) -> str:
    """The required reason of a faulty or undone item (what is wrong, what was done)."""
    try:
        return clean_text("reason", value, required=True, max_len=REASON_MAX, multiline=True)
    except FieldError as exc:
        exc.params["field"] = "daily.field.reason"
        raise ValidationError({"reason": exc}) from None


def check_change(day_state: DayState | str, item_status: ItemStatus | str,
                 target: ItemStatus | str) -> ItemStatus:
    """Refuse a change of an item: the day is closed, or the item was already settled (a
    tick is final; a problem stays on the duty log until it is closed there)."""
    if DayState(day_state) is DayState.CLOSED:
        raise HallError("daily.error.closed")
    target = ItemStatus(target)
    if target is ItemStatus.OPEN:
        raise HallError("error.choice", value=target.value)
    if ItemStatus(item_status) is not ItemStatus.OPEN:
        raise HallError("daily.error.settled",
                        status=f"daily.status.{ItemStatus(item_status).value}")
    return target


def is_due(phase: Phase | str, slot: str, at: datetime, *, closes: time | None = None) -> bool:
    """Whether a group of checks is due at ``at``: opening from the day's start, a round from
    its set time, closing from :data:`CLOSING_LEAD` before the hall closes (``closes``,
    default 17:30)."""
    phase = Phase(phase)
    if phase is Phase.OPENING:
        return True
    if phase is Phase.ROUND:
        return at.time() >= time.fromisoformat(slot)
    closing = datetime.combine(at.date(), closes or time(17, 30))
    return at >= closing - CLOSING_LEAD


def check_close(open_items: list[str]) -> None:
    """The day closes when no item is open (each is done, faulty or not done)."""
    if open_items:
        shown = "；".join(open_items[:5]) + ("……" if len(open_items) > 5 else "")
        raise HallError("daily.error.open_items", n=len(open_items), items=shown)


def duty_text(day: str, phase: str, slot: str, text: str, status: str, reason: str) -> str:
    """The duty-log incident written for a faulty or undone item (Chinese: it is printed)."""
    return i18n.text("daily.duty_text", "zh", day=day, group=slot_label(phase, slot, "zh"),
                     item=text, status=status_label(status, "zh"), reason=reason)


# ---------------------------------------------------------------- undoing a tick, other dates

def check_untick(day_state: DayState | str, item_status: ItemStatus | str) -> None:
    """Refuse to undo a tick: the day is closed, the check is still open, or it was marked
    faulty or not done (that is an incident now, closed on the duty log)."""
    if DayState(day_state) is DayState.CLOSED:
        raise HallError("daily.error.closed")
    status = ItemStatus(item_status)
    if status is ItemStatus.OPEN:
        raise HallError("daily.error.not_ticked")
    if status in PROBLEMS:
        raise HallError("daily.error.untick_problem", status=f"daily.status.{status.value}")


def untick_line(who: str, at: datetime, done_by: str, done_at: datetime | None) -> str:
    """The history line of an undone tick (Chinese: it is printed)."""
    return i18n.text("daily.untick_line", "zh", who=who, at=at.strftime("%H:%M"),
                     by=done_by or "-", when=done_at.strftime("%H:%M") if done_at else "-")


class DayMode(StrEnum):
    """What the day page offers for a date."""

    TODAY_NEW = "today_new"    # today, not opened yet: it may be opened
    OPEN = "open"              # opened and not closed (also a past day): ticks, closing
    CLOSED = "closed"          # closed: read only
    MISSED = "missed"          # a past day never opened: read only, nothing to record
    FUTURE = "future"          # not come yet: the checks it would get, nothing else


def day_mode(day: date, today: date, state: DayState | str | None) -> DayMode:
    """A past day is read only unless it was opened and not closed; a future day can't be
    opened."""
    if state is not None:
        return DayMode.CLOSED if DayState(state) is DayState.CLOSED else DayMode.OPEN
    if day > today:
        return DayMode.FUTURE
    return DayMode.TODAY_NEW if day == today else DayMode.MISSED


# ---------------------------------------------------------------- views

@dataclass(frozen=True)
class DayRef:
    """A day as the services hand it up after opening or closing it."""

    id: int
    day: date
    state: DayState
    version: int
    template_name: str
    template_title: str
    template_version: int
    opened_by_id: int
    opened_at: datetime
    closed_by_id: int | None = None
    closed_at: datetime | None = None


@dataclass(frozen=True)
class DayItemRef:
    """One check of a day after a tick, a mark or an undone tick."""

    id: int
    day_id: int
    phase: Phase
    slot: str
    position: int
    text: str
    status: ItemStatus
    done_at: datetime | None
    done_by_id: int | None
    reason: str
    duty_entry_id: int | None
    history: str = ""
