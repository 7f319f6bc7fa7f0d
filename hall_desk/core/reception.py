"""Receiving a visit, tour or inspection (接待, domain.md §7, M0 接待工作应急处理): the rules.

- A *template* is the checklist of a kind of reception: items in five stages (preparation →
  arrival → tour → departure → after), the hall's counter seats, a name and a version. It is
  read from TOML (``resources/templates/reception/*.toml``) or from an administrator's
  edited copy, and validated here field by field.
- *Posts*: two greeters/guides (迎宾、引导员), one explainer (讲解员), the shift leader (班长)
  and one person on every counter seat. :func:`check_posts` finds what is wrong with an
  assignment: errors (one person on two posts at once, an unknown post or seat) refuse it,
  warnings (an empty post, someone not on shift) are shown and may be accepted.
- A *run* goes noticed → running → closed, or is cancelled from noticed or running; any
  other step is refused (:func:`transition`). Items are ticked, marked not applicable, or
  unticked only while the run is running; a run closes when every item is ticked or not
  applicable and every complaint diverted during the visit has been handled.

Plain Python: no Qt, no peewee. Words for people are registered under ``reception.``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from hall_desk.core import i18n
from hall_desk.core import templates
from hall_desk.core.enums import StrEnum
from hall_desk.core.errors import FieldError, HallError, IllegalTransition, ValidationError
from hall_desk.core.templates import TITLE_MAX  # noqa: F401 (the template editor reads it here)
from hall_desk.core.validation import clean_field, clean_text


class Stage(StrEnum):
    PREPARATION = "preparation"    # 接待准备
    ARRIVAL = "arrival"            # 来宾到达
    TOUR = "tour"                  # 讲解与参观
    DEPARTURE = "departure"        # 来宾离开
    AFTER = "after"                # 来宾离开后


class Purpose(StrEnum):
    VISIT = "visit"                # 访问
    INSPECTION = "inspection"      # 检查
    TOUR = "tour"                  # 参观


class Post(StrEnum):
    GREETER = "greeter"            # 迎宾、引导员 (two, that day's receptionists)
    EXPLAINER = "explainer"        # 讲解员
    LEADER = "leader"              # 班长
    COUNTER = "counter"            # a counter seat (坐席)


class RunState(StrEnum):
    NOTICED = "noticed"            # 已通知
    RUNNING = "running"            # 接待中
    CLOSED = "closed"              # 已结束
    CANCELLED = "cancelled"        # 已取消


class ItemStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    NOT_APPLICABLE = "not_applicable"


GREETERS = 2
ITEM_MAX = 255            # ReceptionItem.text
SEAT_MAX = 16             # ReceptionPost.seat
ITEMS_PER_STAGE_MAX = 40
SEATS_MAX = 20
UNIT_MAX, LEADER_MAX, NOTES_MAX, REASON_MAX, NOTE_MAX = 128, 64, 2000, 500, 500
SIGNER_MAX = 64
VISITORS_MAX = 999
EXPECTED_PAST = timedelta(hours=12)   # a notice may be entered late, not days late


def stage_label(stage: str, lang: str | None = None) -> str:
    return i18n.text(f"reception.stage.{stage}", lang)


# ---------------------------------------------------------------- templates

@dataclass(frozen=True)
class TemplateItem:
    stage: Stage
    position: int           # 1-based within its stage
    text: str
    text_en: str = ""       # shown in an English window; records keep ``text``


@dataclass(frozen=True)
class Template:
    """A checklist template. ``name`` is its stable code (``inspection``), ``title`` what
    people read (检查接待)."""

    name: str
    title: str
    version: int
    purposes: tuple[Purpose, ...]
    seats: tuple[str, ...]
    items: tuple[TemplateItem, ...]
    title_en: str = ""      # shown in an English window

    def items_of(self, stage: Stage | str) -> list[TemplateItem]:
        return [i for i in self.items if i.stage == Stage(stage)]

    def as_dict(self) -> dict[str, Any]:
        """The template as plain data (settings JSON; :func:`template_from_dict` reads it)."""
        return {"name": self.name, "title": templates.text_value(self.title, self.title_en),
                "version": self.version, "purposes": [p.value for p in self.purposes], "seats": list(self.seats),
                "items": {s.value: [templates.text_value(i.text, i.text_en)
                                     for i in self.items_of(s)] for s in Stage}}


def _text_list(field_key: str, value: Any, label: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, (list, tuple)):
        raise FieldError(field_key, "reception.error.not_list", field=label)
    return list(value)


def template_from_dict(data: Mapping[str, Any]) -> Template:
    """A validated template from plain data: ``name``, ``title``, ``version``, ``purposes``,
    ``seats`` and ``items`` ({stage: [text, ...]}). Raises ValidationError naming every bad
    field (keys: ``name``, ``title``, ``version``, ``purposes``, ``seats``, ``items``,
    ``items.<stage>.<n>``)."""
    errors: dict[str, HallError] = {}
    if not isinstance(data, Mapping):
        raise ValidationError({"items": FieldError("items", "reception.error.no_items",
                                                    field="reception.field.items")})
    name, title, version, title_en = templates.read_head(data, _STAGES, errors)
    purposes: list[Purpose] = []
    try:
        for p in _text_list("purposes", data.get("purposes"), "reception.field.purposes"):
            try:
                purposes.append(Purpose(p))
            except ValueError:
                raise FieldError("purposes", "error.choice", field="reception.field.purposes",
                                 value=p) from None
    except FieldError as exc:
        errors["purposes"] = exc
    seats: list[str] = []
    try:
        raw_seats = _text_list("seats", data.get("seats"), "reception.field.seats")
        if len(raw_seats) > SEATS_MAX:
            raise FieldError("seats", "reception.error.too_many", field="reception.field.seats",
                             max=SEATS_MAX)
        for s in raw_seats:
            if not isinstance(s, str):
                raise FieldError("seats", "reception.error.not_list", field="reception.field.seats")
            seat = clean_text("seats", s, required=True, max_len=SEAT_MAX)
            if seat in seats:
                raise FieldError("seats", "reception.error.duplicate_seat", value=seat)
            seats.append(seat)
    except FieldError as exc:
        exc.params["field"] = "reception.field.seats"
        errors["seats"] = exc
    items = [TemplateItem(*i) for i in templates.read_items(data.get("items"), _STAGES, errors)]
    if errors:
        raise ValidationError(errors)
    return Template(name, title, version, tuple(purposes), tuple(seats), tuple(items), title_en)


def _bad_stage_list(code: str, texts: Any) -> FieldError | None:
    if texts is None:
        return None
    if not isinstance(texts, (list, tuple)):
        return FieldError(f"items.{code}", "reception.error.not_list",
                          field="reception.field.items")
    return FieldError("items", "reception.error.too_many", field=f"reception.stage.{code}",
                      max=ITEMS_PER_STAGE_MAX)


_STAGES = templates.Sections(
    bad_name=lambda: FieldError("name", "reception.error.name", field="reception.field.name"),
    title_field="reception.field.title",
    bad_version=lambda: FieldError("version", "reception.error.integer",
                                   field="reception.field.version", min=1, max=10**6),
    no_items_key="reception.error.no_items", kind=Stage,
    per_section_max=ITEMS_PER_STAGE_MAX, item_max=ITEM_MAX,
    unknown_key="reception.error.unknown_stage", not_text_key="reception.error.not_list",
    item_label=lambda code, n: i18n.text("reception.field.item", stage=stage_label(code), n=n),
    bad_list=_bad_stage_list)


def parse_template(text: str) -> Template:
    """A template from its TOML text (see ``resources/templates/reception/``)."""
    return template_from_dict(templates.loads(text, "reception.error.toml"))


def edited(template: Template, items: Mapping[str, Iterable[str]], *, title: str | None = None,
           seats: Iterable[str] | None = None) -> Template:
    """An edited copy of ``template`` (items renamed, added, removed or reordered) with the
    next version number; validated like any template."""
    data = template.as_dict()
    data["items"] = {k: list(v) for k, v in items.items()}
    data["version"] = template.version + 1
    if title is not None:
        data["title"] = title
    if seats is not None:
        data["seats"] = list(seats)
    return template_from_dict(data)


# ---------------------------------------------------------------- the notice

def _int_field(key: str, value: Any, lo: int, hi: int) -> int:
    try:
        number = int(str(value).strip()) if not isinstance(value, int) else value
        if isinstance(value, bool) or not lo <= number <= hi:
            raise ValueError
    except (TypeError, ValueError):
        raise FieldError(key, "reception.error.integer", field=f"reception.field.{key}",
                         min=lo, max=hi) from None
    return number


def _time_field(key: str, value: Any) -> datetime:
    if value in (None, ""):
        raise FieldError(key, "error.required", field=f"reception.field.{key}")
    if isinstance(value, datetime):
        return value.replace(tzinfo=None, second=0, microsecond=0)
    try:
        return datetime.fromisoformat(str(value).strip().replace("T", " ")) \
            .replace(tzinfo=None, second=0, microsecond=0)
    except ValueError:
        raise FieldError(key, "reception.error.time", field=f"reception.field.{key}",
                         value=value) from None


def validate_notice(data: Mapping[str, Any], *, now: datetime) -> dict[str, Any]:
    """Check a notice (来访通知): visiting unit, leading person, expected time, number of
    visitors, purpose, notes. Returns clean values; ValidationError names every bad field."""
    errors: dict[str, HallError] = {}
    out: dict[str, Any] = {}

    def attempt(key: str, fn) -> None:
        try:
            out[key] = fn()
        except FieldError as exc:
            exc.params["field"] = f"reception.field.{key}"
            errors[key] = exc

    attempt("visiting_unit", lambda: clean_text("visiting_unit", data.get("visiting_unit"),
                                                required=True, max_len=UNIT_MAX))
    attempt("leader", lambda: clean_text("leader", data.get("leader"), required=False,
                                         max_len=LEADER_MAX))
    attempt("expected_at", lambda: _time_field("expected_at", data.get("expected_at")))
    if "expected_at" in out and out["expected_at"] < now - EXPECTED_PAST:
        earliest = (now - EXPECTED_PAST).strftime("%Y-%m-%d %H:%M")
        errors["expected_at"] = FieldError("expected_at", "reception.error.too_early",
                                           field="reception.field.expected_at", earliest=earliest)
    attempt("visitors", lambda: _int_field("visitors", data.get("visitors", 1), 1, VISITORS_MAX))

    def purpose() -> Purpose:
        try:
            return Purpose(data.get("purpose"))
        except ValueError:
            raise FieldError("purpose", "error.choice", value=data.get("purpose")) from None

    attempt("purpose", purpose)
    attempt("notes", lambda: clean_text("notes", data.get("notes"), required=False,
                                        max_len=NOTES_MAX, multiline=True))
    if errors:
        raise ValidationError(errors)
    return out


def clean_reason(value: Any, key: str = "reason") -> str:
    """A required reason (not applicable, untick, cancel)."""
    try:
        return clean_text(key, value, required=True, max_len=REASON_MAX, multiline=True)
    except FieldError as exc:
        exc.params["field"] = f"reception.field.{key}"
        raise ValidationError({key: exc}) from None


def clean_signer(value: Any) -> str:
    """The name of who signed the guest book (on the pad or in the paper book)."""
    return clean_field("signer_name", value, required=True, max_len=SIGNER_MAX)


def clean_note(value: Any) -> str:
    try:
        return clean_text("note", value, required=False, max_len=NOTE_MAX, multiline=True)
    except FieldError as exc:
        exc.params["field"] = "reception.field.note"
        raise ValidationError({"note": exc}) from None


# ---------------------------------------------------------------- posts

@dataclass(frozen=True)
class Slot:
    """One post to fill: a greeter ("1", "2"), the explainer, the leader, or a seat."""

    post: Post
    seat: str = ""

    @property
    def key(self) -> str:
        return f"{self.post.value}:{self.seat}"

    def label(self, lang: str | None = None) -> str:
        base = i18n.text(f"reception.post.{self.post.value}", lang)
        if self.post is Post.COUNTER:
            return self.seat
        return f"{base}{self.seat}" if self.seat else base


def required_slots(seats: Iterable[str]) -> list[Slot]:
    """Every post a reception needs, in the order of domain.md §7: two greeters, one explainer,
    the shift leader, then each counter seat."""
    return ([Slot(Post.GREETER, str(n)) for n in range(1, GREETERS + 1)]
            + [Slot(Post.EXPLAINER), Slot(Post.LEADER)]
            + [Slot(Post.COUNTER, s) for s in seats])


@dataclass(frozen=True)
class Assignment:
    post: str
    seat: str
    staff_id: int | None


@dataclass(frozen=True)
class PostProblem:
    """What is wrong with an assignment. ``severity`` "error" refuses it, "warning" is shown."""

    severity: str
    code: str
    slot_key: str
    staff_id: int | None
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def message(self, lang: str | None = None) -> str:
        return i18n.text(f"reception.problem.{self.code}", lang, **self.params)


def check_posts(assignments: Iterable[Assignment], seats: Iterable[str],
                on_shift: Collection[int], names: Mapping[int, str] | None = None, *,
                known_staff: Collection[int] | None = None,
                lang: str | None = None) -> list[PostProblem]:
    """Everything wrong with ``assignments`` for a template with ``seats``: errors first.

    Errors: an unknown post or seat, a post assigned twice, a person on two posts at once,
    a staff id not in ``known_staff`` (when given). Warnings: an empty post, someone not in
    ``on_shift`` (the service decides who is on shift and passes their ids)."""
    names = names or {}
    seats = list(seats)
    valid = {s.key: s for s in required_slots(seats)}
    problems: list[PostProblem] = []
    filled: dict[str, int] = {}
    by_person: dict[int, list[Slot]] = {}
    for a in assignments:
        try:
            post = Post(a.post)
        except ValueError:
            problems.append(PostProblem("error", "unknown_post", f"{a.post}:{a.seat}", a.staff_id,
                                        {"value": a.post}))
            continue
        slot = Slot(post, a.seat or "")
        if slot.key not in valid:
            code = "unknown_seat" if post is Post.COUNTER else "unknown_post"
            problems.append(PostProblem("error", code, slot.key, a.staff_id,
                                        {"value": slot.label(lang)}))
            continue
        if a.staff_id is None:
            continue
        if known_staff is not None and a.staff_id not in known_staff:
            problems.append(PostProblem("error", "unknown_staff", slot.key, a.staff_id,
                                        {"value": a.staff_id}))
            continue
        if slot.key in filled:
            problems.append(PostProblem("error", "slot_twice", slot.key, a.staff_id,
                                        {"post": slot.label(lang)}))
            continue
        filled[slot.key] = a.staff_id
        by_person.setdefault(a.staff_id, []).append(slot)
    for staff_id, slots in by_person.items():
        if len(slots) > 1:
            posts = "、".join(s.label(lang) for s in slots)
            for s in slots[1:]:
                problems.append(PostProblem("error", "double", s.key, staff_id,
                                            {"name": names.get(staff_id, str(staff_id)),
                                             "posts": posts}))
    for key, slot in valid.items():
        staff_id = filled.get(key)
        if staff_id is None:
            problems.append(PostProblem("warning", "empty", key, None, {"post": slot.label(lang)}))
        elif staff_id not in on_shift:
            problems.append(PostProblem("warning", "off_shift", key, staff_id,
                                        {"name": names.get(staff_id, str(staff_id)),
                                         "post": slot.label(lang)}))
    problems.sort(key=lambda p: 0 if p.is_error else 1)
    return problems


# ---------------------------------------------------------------- the run

_TRANSITIONS: dict[str, tuple[frozenset[RunState], RunState]] = {
    "start": (frozenset({RunState.NOTICED}), RunState.RUNNING),
    "close": (frozenset({RunState.RUNNING}), RunState.CLOSED),
    "cancel": (frozenset({RunState.NOTICED, RunState.RUNNING}), RunState.CANCELLED),
}
# What may be done to a run in each state, besides the transitions.
_ALLOWED_IN: dict[str, frozenset[RunState]] = {
    "edit_notice": frozenset({RunState.NOTICED}),
    "assign": frozenset({RunState.NOTICED, RunState.RUNNING}),
    "tick": frozenset({RunState.RUNNING}),
    "divert": frozenset({RunState.RUNNING}),
    "guestbook": frozenset({RunState.RUNNING}),
}


def state_label(state: str, lang: str | None = None) -> str:
    return i18n.text(f"reception.state.{state}", lang)


def can(state: RunState | str, action: str) -> bool:
    state = RunState(state)
    if action in _TRANSITIONS:
        return state in _TRANSITIONS[action][0]
    return state in _ALLOWED_IN.get(action, frozenset())


def transition(state: RunState | str, action: str) -> RunState:
    """The state after ``action`` (start, close, cancel); IllegalTransition otherwise."""
    state = RunState(state)
    if action not in _TRANSITIONS:
        raise ValueError(f"not a reception transition: {action!r}")
    sources, target = _TRANSITIONS[action]
    if state not in sources:
        raise IllegalTransition("reception.error.transition", state=f"reception.state.{state.value}",
                                action=f"reception.action.{action}")
    return target


def require_state(state: RunState | str, action: str) -> None:
    """Refuses ``action`` (assign, tick, divert, guestbook, edit_notice) in this state."""
    state = RunState(state)
    if state not in _ALLOWED_IN[action]:
        key = "reception.error.not_running" if _ALLOWED_IN[action] == {RunState.RUNNING} \
            else "reception.error.transition"
        raise IllegalTransition(key, state=f"reception.state.{state.value}",
                                action=f"reception.action.{action}")


def item_status(done_at: datetime | None, not_applicable_reason: str) -> ItemStatus:
    if not_applicable_reason:
        return ItemStatus.NOT_APPLICABLE
    return ItemStatus.DONE if done_at else ItemStatus.OPEN


def check_close(open_items: list[str], unhandled_tickets: list[str]) -> None:
    """A run closes when no item is open and every diverted complaint is handled."""
    if open_items:
        shown = "；".join(open_items[:5]) + ("……" if len(open_items) > 5 else "")
        raise HallError("reception.error.open_items", n=len(open_items), items=shown)
    if unhandled_tickets:
        raise HallError("reception.error.unhandled", numbers="、".join(unhandled_tickets))
