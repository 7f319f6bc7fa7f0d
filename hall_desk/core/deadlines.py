"""Time-limit policies (时限规定) and the deadlines they put on a ticket.

A policy is data: a header and a list of rules, read from TOML (``resources/policies/``)
and saved back by Settings. Each rule says which kinds of ticket it applies to, how long
the limit is, the lifecycle point it is measured from and the lifecycle point that meets
it. :func:`compute_deadlines` turns a policy and one ticket's milestones into dated
deadlines with a state the queue can sort and colour.

Conventions (see domain.md §5.2):

* All datetimes are naive local time. ``minutes`` and ``hours`` are clock time (the
  hotline runs 24 hours); weekends and holidays are not skipped.
* ``calendar_days`` and ``working_days``: the day of receipt is not counted
  (期间开始之日不计算在内); the limit ends on the N-th (working) day after it, at the
  policy's ``day_end``. Following the Civil Code (art. 203), the last day ends at 24:00
  unless there are business hours, in which case it ends at closing time: a hall sets
  ``day_end`` to its closing time (the shipped presets use "17:30"); the default "24:00"
  means 23:59:59 of that day.
* ``same_day``: ``day_end`` of the day the rule starts; if it starts after ``day_end``
  (the hall is closed), ``day_end`` of the next calendar day.
* ``last_day_closed = "next_working_day"`` (day-based units): a last day on which the hall is
  closed (a public holiday or a weekend not worked) moves to the next working day, as the
  Civil Code (art. 203) moves a period ending on a legal holiday; the deadline keeps the
  original date in ``moved_from`` and says why (:meth:`Deadline.moved_reason`). For
  ``same_day`` this makes it the same *working* day. The default ``"keep"`` never moves.
* Past the known calendar (a year not entered yet) day-based deadlines are counted on a
  provisional calendar (weekends and fixed-date holidays off) and marked ``provisional``.
* ``daily_at`` (e.g. at = "17:00"): one report on each working day while the rule is
  active (from its start until ``met_by``); closed days (weekends, public holidays, per the
  working-day calendar) are never due. The first report is due at HH:MM of the day the
  rule starts if that is a working day and it starts before ``cutoff`` (default: ``at``
  itself), else at HH:MM of the next working day. With ``renewed_by`` (e.g.
  "progress_report", holding the latest report's time) a report made on day D settles
  day D, so the next is due at HH:MM of the first working day after D (never before the
  first due time). A missed report therefore stays overdue until one is made;
  :func:`daily_rating` rates the whole run of reports as one outcome for the statistics.
  Without ``renewed_by`` the due time is simply the next working-day HH:MM at or after now
  (a reminder that never turns overdue).
* A time agreed with the customer (约定时间) replaces the computed due time of every rule
  with ``agreed_overrides = true``.
* ``due_soon``: not met, not yet overdue, and at most ``due_soon_fraction`` (default 0.2)
  of the rule's span (start to due; at most 24 h for daily rules) is left.

Lifecycle points (``from`` / ``met_by`` / ``renewed_by``): ``received`` (the time of
receipt, always present), the ticket status codes of :class:`TicketStatus` (the first time
the ticket reached that status) and the events in :data:`EVENTS`. A status in ``met_by``
is met when the ticket has reached that status *or any later one* (a case settled on the
spot goes straight to ``replied`` and so meets "forward" and "handler_complete";
``rejected`` counts as later than ``implemented`` but earlier than ``replied``). Events
match only themselves. A rule whose ``from`` point has not happened yet has no deadline
and is left out.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import tomli_w

from hall_desk.core import i18n
from hall_desk.core.enums import StrEnum, TicketKind, TicketStatus
from hall_desk.core.errors import FieldError, HallError, ValidationError
from hall_desk.core.workdays import Day, WorkCalendar


class Unit(StrEnum):
    MINUTES = "minutes"
    HOURS = "hours"
    CALENDAR_DAYS = "calendar_days"
    WORKING_DAYS = "working_days"
    SAME_DAY = "same_day"
    DAILY_AT = "daily_at"


#: Units that take a positive integer ``amount`` (and may have ``extensions``).
COUNTED_UNITS = frozenset({Unit.MINUTES, Unit.HOURS, Unit.CALENDAR_DAYS, Unit.WORKING_DAYS})

#: Units whose limit ends on a day (at ``day_end``), and so may end on a closed day.
DAY_UNITS = frozenset({Unit.CALENDAR_DAYS, Unit.WORKING_DAYS, Unit.SAME_DAY})

#: ``last_day_closed``: keep the last day, or move it to the next working day (art. 203).
KEEP, NEXT_WORKING_DAY = "keep", "next_working_day"
LAST_DAY_CLOSED = (KEEP, NEXT_WORKING_DAY)


class DeadlineState(StrEnum):
    MET = "met"
    OPEN = "open"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


#: Lifecycle events that are not statuses. The store keeps the latest time of each;
#: ``settled_on_spot`` is the reply of a case settled at the counter (a callback rule lists it
#: in ``met_by`` when the settlement itself meets the callback). ``compensation_due`` is the
#: due date of the compensation agreed in the settlement agreement, ``compensation_paid`` when
#: its payment was recorded (``services.agreements``). ``forwarded`` is the latest 转派 of a
#: case the counter cannot solve (to a department or the supervisor, ``action.forward``).
EVENTS = ("first_feedback", "progress_report", "escalated", "settled_on_spot",
          "compensation_due", "compensation_paid", "forwarded")

#: Every name a rule may use for ``from``, ``met_by`` or ``renewed_by``.
MILESTONES = ("received", *TicketStatus.codes(), *EVENTS)

# Order of the statuses for "reached this status or a later one". ``rejected`` sits after
# ``implemented`` (the department's work is moot) and before ``replied`` (the customer is
# still told why).
STATUS_RANK: dict[str, float] = {
    "registered": 0, "judged": 1, "assigned": 2, "analysed": 3, "proposed": 4,
    "approved": 5, "implemented": 6, "rejected": 6.5, "reviewed": 6.7, "replied": 7,
    "called_back": 8,
    "archived": 9,
}
assert set(STATUS_RANK) == set(TicketStatus.codes())

#: Rule codes with built-in labels (a policy may add others with its own labels).
KNOWN_RULES = (
    "forward", "first_feedback", "handler_complete", "progress_report", "escalate",
    "daily_progress", "result", "suggestion_feedback", "reply", "callback", "compensation_paid",
)

#: The rule code whose lapse means "escalate to the service supervisor".
ESCALATION_RULE = "escalate"

DEFAULT_DAY_END = "24:00"
DEFAULT_DUE_SOON_FRACTION = 0.2
DEFAULT_REPEAT_DAYS = 90
DEFAULT_REPEAT_SIMILARITY = 0.2
_LIFECYCLE_KEYS = {"review", "self_approval", "repeat_days", "repeat_similarity"}

# --------------------------------------------------------------------------- the model


@dataclass(frozen=True)
class Rule:
    """One time limit. ``start`` is the TOML key ``from``."""

    code: str
    unit: Unit
    met_by: tuple[str, ...]
    kinds: tuple[TicketKind, ...] = tuple(TicketKind)
    amount: int | None = None
    at: str | None = None                   # "HH:MM", daily_at only
    cutoff: str | None = None               # "HH:MM", daily_at only: a later start is first
                                            # due the next working day
    start: str = "received"
    renewed_by: str | None = None           # daily_at only
    agreed_overrides: bool = False
    extensions: tuple[int, ...] = ()        # total limits after each extension, same unit
    last_day_closed: str = KEEP             # day-based units: KEEP or NEXT_WORKING_DAY
    label_zh: str | None = None
    label_en: str | None = None

    def label(self, lang: str | None = None) -> str:
        """The rule's name for people: the policy's own label, else the built-in one."""
        own = self.label_zh if (lang or i18n.language()) == "zh" else self.label_en
        if own:
            return own
        key = f"deadline.rule.{self.code}"
        if i18n.has(key):
            return i18n.text(key, lang)
        return self.label_zh or self.label_en or self.code

    def applies_to(self, kind: TicketKind | str) -> bool:
        return TicketKind(kind) in self.kinds


@dataclass(frozen=True)
class Policy:
    """A named set of rules. ``day_end`` is "HH:MM" or "24:00"."""

    name: str
    version: int
    rules: tuple[Rule, ...]
    name_en: str | None = None
    day_end: str = DEFAULT_DAY_END
    due_soon_fraction: float = DEFAULT_DUE_SOON_FRACTION
    # [lifecycle]: switches of the complaint lifecycle (core.lifecycle, core.repeats)
    review: bool = False                    # 审核 by a supervisor between implemented and reply
    self_approval: bool = False             # may a supervisor approve a plan she proposed?
    repeat_days: int = DEFAULT_REPEAT_DAYS  # window of a repeat complaint
    repeat_similarity: float = DEFAULT_REPEAT_SIMILARITY  # content measure (core.repeats)

    def title(self, lang: str | None = None) -> str:
        """The policy's name in ``lang`` (the Chinese name when there is no English one)."""
        return self.name_en if (lang or i18n.language()) != "zh" and self.name_en else self.name

    def rules_for(self, kind: TicketKind | str) -> list[Rule]:
        return [r for r in self.rules if r.applies_to(kind)]

    def rule(self, code: str) -> Rule:
        for r in self.rules:
            if r.code == code:
                return r
        raise KeyError(code)

    def day_end_time(self) -> time:
        return _parse_time(self.day_end)


@dataclass(frozen=True)
class Deadline:
    """One rule's deadline on one ticket, as seen at ``now``."""

    code: str
    label: str
    due: datetime
    unit: Unit
    state: DeadlineState
    start: datetime
    met_at: datetime | None = None
    agreed: bool = False                    # due is the time agreed with the customer
    rule: Rule | None = field(default=None, repr=False, compare=False)
    provisional: bool = False               # counted over a year not entered yet (暂定)
    moved_from: date | None = None          # the last day before it moved off a closed day
    moved_over: Day | None = field(default=None, repr=False, compare=False)  # that closed day

    @property
    def is_met(self) -> bool:
        return self.state is DeadlineState.MET

    @property
    def late(self) -> bool:
        """Met, but after the due time."""
        return self.met_at is not None and self.met_at > self.due

    def moved_reason(self, lang: str | None = None) -> str:
        """Why the due date moved, e.g. "原到期日 2026-10-05 为国庆节假日，顺延至 2026-10-08";
        empty when it did not."""
        if self.moved_from is None:
            return ""
        day = self.moved_over
        params = {"date": self.moved_from.isoformat(), "to": self.due.date().isoformat()}
        if day is not None and day.source != "override" and day.name(lang):
            return i18n.text("deadline.moved.holiday", lang, name=day.name(lang), **params)
        if self.moved_from.weekday() >= 5:
            return i18n.text("deadline.moved.weekend", lang, **params,
                             weekday=i18n.text(f"calendar.weekday.{self.moved_from.weekday()}",
                                               lang))
        return i18n.text("deadline.moved.closed", lang, **params)

    def provisional_note(self, lang: str | None = None) -> str:
        """What "provisional" means for this deadline; empty when it is not provisional."""
        if not self.provisional:
            return ""
        return i18n.text("deadline.provisional_note", lang, year=self.due.year)


# --------------------------------------------------------------------------- TOML I/O

_TIME_RE = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_CODE_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_POLICY_KEYS = {"name", "name_en", "version", "day_end", "due_soon_fraction"}
_RULE_KEYS = {"code", "label", "label_en", "kinds", "amount", "unit", "at", "from", "met_by",
              "renewed_by", "agreed_overrides", "extensions", "cutoff",
              "last_day_closed"}


def _parse_time(value: str) -> time:
    if value == "24:00":
        return time(23, 59, 59)
    m = _TIME_RE.match(value)
    if not m:
        raise ValueError(value)
    return time(int(m.group(1)), int(m.group(2)))


def _is_time(value: object, allow_24: bool = False) -> bool:
    return isinstance(value, str) and (bool(_TIME_RE.match(value)) or (allow_24 and value == "24:00"))


def _is_positive_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


class _Collector:
    """Gathers every problem in a policy so the editor can show them all at once.

    Keys are paths into the file: ``policy.day_end``, ``rules[3].unit`` (rules count from 1).
    """

    def __init__(self) -> None:
        self.errors: dict[str, HallError] = {}

    def header(self, path: str, problem: str, field_name: str, /, where: str = "header",
               **params: object) -> None:
        self._add(path, f"error.policy_{problem}", field_name, where=f"policy.where.{where}",
                  **params)

    def rule(self, index: int, code: object, field_name: str, problem: str, /,
             **params: object) -> None:
        shown = code if isinstance(code, str) and code else "?"
        self._add(f"rules[{index}].{field_name}", f"error.policy_rule_{problem}", field_name,
                  index=index, code=shown, **params)

    def _add(self, path: str, key: str, field_name: str, /, **params: object) -> None:
        if path not in self.errors:  # the first problem of a field is the one to fix
            self.errors[path] = FieldError(path, key, field=f"policy.field.{field_name}", **params)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def policy_from_dict(data: Mapping[str, Any]) -> Policy:
    """Build and validate a policy from parsed TOML. Raises :class:`ValidationError`
    listing every problem; each message names the rule (number and code) and the field."""
    errs = _Collector()
    for key in data:
        if key not in ("policy", "rules", "lifecycle"):
            errs.header(key, "unknown_key", "file", where="file", key=key)

    header = data.get("policy")
    if not isinstance(header, Mapping):
        errs.header("policy", "missing", "policy", where="file")
        header = {"name": "?", "version": 1}  # one message for the whole header is enough
    for key in header:
        if key not in _POLICY_KEYS:
            errs.header(f"policy.{key}", "unknown_key", "policy", key=key)
    name = header.get("name")
    if not isinstance(name, str) or not name.strip():
        errs.header("policy.name", "missing", "name")
    name_en = header.get("name_en")
    if name_en is not None and not isinstance(name_en, str):
        errs.header("policy.name_en", "type", "name_en", expected="policy.expected.text")
    version = header.get("version")
    if version is None:
        errs.header("policy.version", "missing", "version")
    elif not _is_positive_int(version):
        errs.header("policy.version", "positive", "version", value=version)
    day_end = header.get("day_end", DEFAULT_DAY_END)
    if not _is_time(day_end, allow_24=True):
        errs.header("policy.day_end", "time", "day_end", value=day_end)
    fraction = header.get("due_soon_fraction", DEFAULT_DUE_SOON_FRACTION)
    if (not isinstance(fraction, (int, float)) or isinstance(fraction, bool)
            or not 0 <= fraction < 1):
        errs.header("policy.due_soon_fraction", "fraction", "due_soon_fraction", value=fraction)

    raw_rules = data.get("rules")
    if not isinstance(raw_rules, list) or not raw_rules:
        errs.header("rules", "empty", "rules", where="file")
        raw_rules = []
    rules: list[Rule] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_rules, start=1):
        rule = _rule_from_dict(raw, index, errs, seen)
        if rule is not None:
            rules.append(rule)

    switches = _lifecycle_from_dict(data.get("lifecycle", {}), errs)
    errs.raise_if_any()
    return Policy(name=name.strip(), name_en=name_en, version=version, day_end=day_end,
                  due_soon_fraction=float(fraction), rules=tuple(rules), **switches)


def _lifecycle_from_dict(table: object, errs: _Collector) -> dict[str, Any]:
    """The [lifecycle] switches (all optional; absent keys keep the Policy defaults)."""
    if not isinstance(table, Mapping):
        errs.header("lifecycle", "type", "lifecycle", where="file",
                    expected="policy.expected.tables")
        return {}
    out: dict[str, Any] = {}
    for key, value in table.items():
        path = f"lifecycle.{key}"
        if key not in _LIFECYCLE_KEYS:
            errs.header(path, "unknown_key", "lifecycle", where="lifecycle", key=key)
        elif key in ("review", "self_approval"):
            if isinstance(value, bool):
                out[key] = value
            else:
                errs.header(path, "type", key, where="lifecycle", expected="policy.expected.bool")
        elif key == "repeat_days":
            if _is_positive_int(value):
                out[key] = value
            else:
                errs.header(path, "positive", key, where="lifecycle", value=value)
        elif (isinstance(value, (int, float)) and not isinstance(value, bool)
              and 0 < value < 1):
            out[key] = float(value)
        else:
            errs.header(path, "fraction", key, where="lifecycle", value=value)
    return out


def _rule_from_dict(raw: object, index: int, errs: _Collector, seen: set[str]) -> Rule | None:
    if not isinstance(raw, Mapping):
        errs.header(f"rules[{index}]", "type", "rules", where="file",
                    expected="policy.expected.tables")
        return None
    code = raw.get("code")
    n_before = len(errs.errors)

    def bad(field_name: str, problem: str, **params: object) -> None:
        errs.rule(index, code, field_name, problem, **params)

    for key in raw:
        if key not in _RULE_KEYS:
            errs.rule(index, code, key, "unknown_key", key=key)

    if not isinstance(code, str) or not code:
        bad("code", "missing")
    elif not _CODE_RE.match(code):
        bad("code", "code", value=code)
    elif code in seen:
        bad("code", "duplicate", value=code)
    else:
        seen.add(code)

    label_zh, label_en = raw.get("label"), raw.get("label_en")
    for name, value in (("label", label_zh), ("label_en", label_en)):
        if value is not None and (not isinstance(value, str) or not value.strip()):
            bad(name, "type", expected="policy.expected.text")
    if (isinstance(code, str) and _CODE_RE.match(code) and code not in KNOWN_RULES
            and label_zh is None):
        bad("label", "missing")  # a rule of the hall's own needs a name people can read

    kinds_raw = raw.get("kinds", TicketKind.codes())
    if isinstance(kinds_raw, str):
        kinds_raw = [kinds_raw]
    kinds: tuple[TicketKind, ...] = ()
    if not isinstance(kinds_raw, list) or not kinds_raw:
        bad("kinds", "empty")
    else:
        wrong = [k for k in kinds_raw if k not in TicketKind.codes()]
        if wrong:
            bad("kinds", "choice", value=wrong[0], allowed=", ".join(TicketKind.codes()))
        else:
            kinds = tuple(dict.fromkeys(TicketKind(k) for k in kinds_raw))

    unit_raw = raw.get("unit")
    unit: Unit | None = None
    if unit_raw is None:
        bad("unit", "missing")
    elif unit_raw not in Unit.codes():
        bad("unit", "unit", value=unit_raw, allowed=", ".join(Unit.codes()))
    else:
        unit = Unit(unit_raw)

    amount = raw.get("amount")
    at = raw.get("at")
    renewed_by = raw.get("renewed_by")
    if unit in COUNTED_UNITS:
        if amount is None:
            bad("amount", "missing")
        elif not _is_positive_int(amount):
            bad("amount", "positive", value=amount)
    elif unit is not None and amount is not None:
        bad("amount", "not_used", unit=unit.value)
    if unit is Unit.DAILY_AT:
        if at is None:
            bad("at", "missing")
        elif not _is_time(at):
            bad("at", "time", value=at)
    elif unit is not None and at is not None:
        bad("at", "not_used", unit=unit.value)
    cutoff = raw.get("cutoff")
    if cutoff is not None:
        if unit is not None and unit is not Unit.DAILY_AT:
            bad("cutoff", "not_used", unit=unit.value)
        elif not _is_time(cutoff):
            bad("cutoff", "time", value=cutoff)
        elif _is_time(at) and cutoff > at:
            bad("cutoff", "cutoff", value=cutoff, at=at)
    if unit is not None and unit is not Unit.DAILY_AT and renewed_by is not None:
        bad("renewed_by", "not_used", unit=unit.value)
    if unit is Unit.DAILY_AT and raw.get("agreed_overrides"):
        bad("agreed_overrides", "not_used", unit=unit.value)

    extensions_raw = raw.get("extensions", [])
    extensions: tuple[int, ...] = ()
    if extensions_raw != []:
        if unit is not None and unit not in COUNTED_UNITS:
            bad("extensions", "not_used", unit=unit.value)
        elif (not isinstance(extensions_raw, list)
              or not all(_is_positive_int(e) for e in extensions_raw)):
            bad("extensions", "type", expected="policy.expected.int_list")
        elif _is_positive_int(amount):
            steps = [amount, *extensions_raw]
            if any(b <= a for a, b in zip(steps, steps[1:])):
                bad("extensions", "extensions", amount=amount)
            else:
                extensions = tuple(extensions_raw)

    allowed_points = ", ".join(MILESTONES)
    start = raw.get("from", "received")
    if start not in MILESTONES:
        bad("from", "choice", value=start, allowed=allowed_points)
    met_raw = raw.get("met_by")
    if isinstance(met_raw, str):
        met_raw = [met_raw]
    met_by: tuple[str, ...] = ()
    if met_raw is None:
        bad("met_by", "missing")
    elif not isinstance(met_raw, list) or not met_raw:
        bad("met_by", "empty")
    else:
        wrong = [m for m in met_raw if m not in MILESTONES or m == "received"]
        if wrong:
            bad("met_by", "choice", value=wrong[0], allowed=", ".join(MILESTONES[1:]))
        else:
            met_by = tuple(met_raw)
    if renewed_by is not None and renewed_by not in MILESTONES:
        bad("renewed_by", "choice", value=renewed_by, allowed=allowed_points)

    agreed = raw.get("agreed_overrides", False)
    if not isinstance(agreed, bool):
        bad("agreed_overrides", "type", expected="policy.expected.bool")
    last_day = raw.get("last_day_closed", KEEP)
    if last_day not in LAST_DAY_CLOSED:
        bad("last_day_closed", "choice", value=last_day, allowed=", ".join(LAST_DAY_CLOSED))
    elif last_day != KEEP and unit is not None and unit not in DAY_UNITS:
        bad("last_day_closed", "not_used", unit=unit.value)

    if len(errs.errors) != n_before:
        return None
    return Rule(code=code, unit=unit, met_by=met_by, kinds=kinds, amount=amount, at=at,
                cutoff=cutoff, start=start, renewed_by=renewed_by, agreed_overrides=agreed,
                extensions=extensions, last_day_closed=last_day, label_zh=label_zh,
                label_en=label_en)


def loads_policy(text: str) -> Policy:
    """Parse and validate a policy from TOML text."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError({"file": FieldError("file", "error.policy_syntax",
                                                  field="policy.field.file", detail=str(exc))}
                              ) from None
    return policy_from_dict(data)


def load_policy(path: str | Path) -> Policy:
    """Read and validate a policy TOML file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError({"file": FieldError("file", "error.policy_unreadable",
                                                  field="policy.field.file", path=str(path),
                                                  detail=exc.__class__.__name__)}
                              ) from None
    return loads_policy(text)


def policy_to_dict(policy: Policy) -> dict[str, Any]:
    """The TOML-shaped dictionary of a policy (``None`` and defaults left out)."""
    header: dict[str, Any] = {"name": policy.name}
    if policy.name_en:
        header["name_en"] = policy.name_en
    header["version"] = policy.version
    header["day_end"] = policy.day_end
    header["due_soon_fraction"] = policy.due_soon_fraction
    rules = []
    for r in policy.rules:
        d: dict[str, Any] = {"code": r.code}
        if r.label_zh:
            d["label"] = r.label_zh
        if r.label_en:
            d["label_en"] = r.label_en
        d["kinds"] = [k.value for k in r.kinds]
        if r.amount is not None:
            d["amount"] = r.amount
        d["unit"] = r.unit.value
        if r.at is not None:
            d["at"] = r.at
        if r.cutoff is not None:
            d["cutoff"] = r.cutoff
        d["from"] = r.start
        d["met_by"] = r.met_by[0] if len(r.met_by) == 1 else list(r.met_by)
        if r.renewed_by is not None:
            d["renewed_by"] = r.renewed_by
        if r.agreed_overrides:
            d["agreed_overrides"] = True
        if r.extensions:
            d["extensions"] = list(r.extensions)
        if r.last_day_closed != KEEP:
            d["last_day_closed"] = r.last_day_closed
        rules.append(d)
    return {"policy": header, "rules": rules,
            "lifecycle": {"review": policy.review, "self_approval": policy.self_approval,
                          "repeat_days": policy.repeat_days,
                          "repeat_similarity": policy.repeat_similarity}}


def dump_policy(policy: Policy) -> str:
    """TOML text for ``policy``, validated first so a broken policy is never saved."""
    data = policy_to_dict(policy)
    policy_from_dict(data)
    return tomli_w.dumps(data)


# --------------------------------------------------------------------------- computation


def _check_naive(*values: datetime | None) -> None:
    for v in values:
        if v is not None and v.tzinfo is not None:
            raise HallError("error.naive_datetime", value=v.isoformat())


def _at_day(d: date, t: time) -> datetime:
    return datetime.combine(d, t)


def _reached(point: str, points: Mapping[str, datetime]) -> datetime | None:
    """When ``point`` was reached: for a status, the earliest of it and any later status."""
    rank = STATUS_RANK.get(point)
    if rank is None:
        return points.get(point)
    times = [t for code, t in points.items() if STATUS_RANK.get(code, -1) >= rank]
    return min(times) if times else None


def _met_at(rule: Rule, points: Mapping[str, datetime]) -> datetime | None:
    times = [t for t in (_reached(p, points) for p in rule.met_by) if t is not None]
    return min(times) if times else None


def _counted_due(rule: Rule, amount: int, start: datetime, day_end: time,
                 calendar: WorkCalendar) -> tuple[datetime, bool]:
    """(due, provisional) of a counted rule, before any move off a closed day."""
    if rule.unit is Unit.MINUTES:
        return start + timedelta(minutes=amount), False
    if rule.unit is Unit.HOURS:
        return start + timedelta(hours=amount), False
    if rule.unit is Unit.CALENDAR_DAYS:
        return _at_day(start.date() + timedelta(days=amount), day_end), False
    last, provisional = calendar.count_workdays(start.date(), amount)
    return _at_day(last, day_end), provisional


def _same_day_due(start: datetime, day_end: time) -> datetime:
    due = _at_day(start.date(), day_end)
    if due < start:
        due = _at_day(start.date() + timedelta(days=1), day_end)
    return due


def _off_closed_day(rule: Rule, due: datetime, day_end: time, calendar: WorkCalendar,
                    ) -> tuple[datetime, bool, date | None, Day | None]:
    """Move a day-based due time off a closed last day when the rule says so:
    (due, provisional, moved_from, the closed day)."""
    if rule.unit not in DAY_UNITS or rule.last_day_closed != NEXT_WORKING_DAY:
        return due, False, None, None
    day, skipped, provisional = calendar.open_on_or_after(due.date())
    if not skipped:
        return due, provisional, None, None
    return _at_day(day, day_end), provisional, due.date(), skipped[0]


def _daily_first(rule: Rule, start: datetime, calendar: WorkCalendar) -> datetime:
    """The first due time of a daily_at rule that starts at ``start``: HH:MM that day if it
    is a working day and ``start`` is before the cut-off, else HH:MM of the next working day
    (past the known calendar, on the provisional one)."""
    at = _parse_time(rule.at or "00:00")
    cutoff = _parse_time(rule.cutoff or rule.at or "00:00")
    day = start.date()
    if start.time() < cutoff and calendar.day(day).workday:
        return _at_day(day, at)
    return _at_day(calendar.count_workdays(day, 1)[0], at)


def _daily_after(rule: Rule, first: datetime, report: datetime,
                 calendar: WorkCalendar) -> datetime:
    """The due time after a report: a report on day D settles D, the next is due at HH:MM of
    the first working day after D, and never before the first due time."""
    at = _parse_time(rule.at or "00:00")
    return max(first, _at_day(calendar.count_workdays(report.date(), 1)[0], at))


def _daily_due(rule: Rule, start: datetime, points: Mapping[str, datetime],
               now: datetime, calendar: WorkCalendar) -> tuple[datetime, datetime]:
    """(due, span start) of a daily_at rule."""
    at = _parse_time(rule.at or "00:00")
    if rule.renewed_by is not None:
        due = _daily_first(rule, start, calendar)
        anchor = start
        renewed = points.get(rule.renewed_by)
        if renewed is not None and renewed >= start:
            anchor = renewed
            due = _daily_after(rule, due, renewed, calendar)
    else:
        day = now.date()
        if not calendar.day(day).workday or _at_day(day, at) < now:
            day = calendar.count_workdays(day, 1)[0]
        due = _at_day(day, at)
        anchor = max(start, due - timedelta(days=1))
    return due, max(anchor, due - timedelta(days=1))


def daily_rating(rule: Rule, milestones: Mapping[str, datetime], reports: Iterable[datetime],
                 calendar: WorkCalendar) -> tuple[datetime, datetime | None] | None:
    """One (due, met) pair that rates a daily_at rule's whole run of reports for the
    statistics, read like any single deadline: on time when every report came by its due
    time (met = the completion, at or before the due time then outstanding); late when one
    did not (due = the first missed due time, met = the report or completion that settled
    it); with met None, due is the report outstanding now (overdue once it has passed).
    ``reports`` are the times of every ``renewed_by`` event; those before the rule's start
    or after its completion do not count. None when the rule has not started. Past the known
    calendar the days are the provisional calendar's."""
    start = milestones.get(rule.start)
    if start is None:
        return None
    met_at = _met_at(rule, milestones)
    due = first = _daily_first(rule, start, calendar)
    for report in sorted(reports):
        if report < start or (met_at is not None and report > met_at):
            continue
        nxt = _daily_after(rule, first, report, calendar)
        if nxt > due:
            if report > due:
                return due, report          # this report came after the due time it settled
            due = nxt
    return due, met_at


def _state(due: datetime, span_start: datetime, met_at: datetime | None, now: datetime,
           fraction: float) -> DeadlineState:
    if met_at is not None:
        return DeadlineState.MET
    if now > due:
        return DeadlineState.OVERDUE
    span = max(due - span_start, timedelta(0))
    if due - now <= span * fraction:
        return DeadlineState.DUE_SOON
    return DeadlineState.OPEN


def compute_deadlines(
    policy: Policy,
    kind: TicketKind | str,
    received_at: datetime,
    calendar: WorkCalendar,
    agreed_at: datetime | None = None,
    milestones: Mapping[str, datetime] | None = None,
    now: datetime | None = None,
    *,
    extensions: Mapping[str, int] | None = None,
    skip_unknown: bool = False,
) -> list[Deadline]:
    """The deadlines ``policy`` puts on a ticket of ``kind`` received at ``received_at``.

    ``milestones`` maps lifecycle points (status codes, :data:`EVENTS`) to when they
    happened; ``extensions`` maps a rule code to how many of its extensions were granted
    (e.g. ``{"reply": 1}`` for a complex banking complaint). Rules that do not apply to
    ``kind`` or whose start point has not happened are left out; the rest come in policy
    order. A day-based rule that runs past the known calendar gets a provisional due time
    (``provisional=True``). ``skip_unknown`` leaves such rules out instead.
    """
    try:
        kind = TicketKind(kind)
    except ValueError:
        raise FieldError("kind", "error.choice", value=kind) from None
    now = now or datetime.now()
    _check_naive(received_at, agreed_at, now, *(milestones or {}).values())
    if agreed_at is not None and agreed_at < received_at:
        raise FieldError("agreed_at", "error.agreed_before_start", field="policy.field.agreed_at",
                         agreed=agreed_at.isoformat(sep=" ", timespec="minutes"),
                         received=received_at.isoformat(sep=" ", timespec="minutes"))
    points: dict[str, datetime] = {**(milestones or {}), "received": received_at}
    granted = dict(extensions or {})
    day_end = policy.day_end_time()
    result: list[Deadline] = []
    for rule in policy.rules_for(kind):
        start = points.get(rule.start)
        if start is None:
            continue
        met_at = _met_at(rule, points)
        agreed = provisional = False
        moved_from: date | None = None
        moved_over: Day | None = None
        if rule.unit is Unit.DAILY_AT:
            try:
                due, span_start = _daily_due(rule, start, points, now, calendar)
            except CalendarUnknown:
                if skip_unknown:
                    continue
                raise
        elif agreed_at is not None and rule.agreed_overrides:
            due, span_start, agreed = agreed_at, start, True
        elif rule.unit is Unit.SAME_DAY:
            due, provisional, moved_from, moved_over = _off_closed_day(
                rule, _same_day_due(start, day_end), day_end, calendar)
            span_start = start
        else:
            count = granted.get(rule.code, 0)
            if not 0 <= count <= len(rule.extensions):
                raise FieldError("extensions", "error.extension_count",
                                 field="policy.field.extensions",
                                 rule=f"deadline.rule.{rule.code}", max=len(rule.extensions),
                                 count=count)
            amount = rule.extensions[count - 1] if count else rule.amount
            due, provisional = _counted_due(rule, amount, start, day_end, calendar)
            due, moved_provisional, moved_from, moved_over = _off_closed_day(
                rule, due, day_end, calendar)
            provisional = provisional or moved_provisional
            span_start = start
        if provisional and skip_unknown:
            continue
        result.append(Deadline(
            code=rule.code, label=rule.label(), due=due, unit=rule.unit,
            state=_state(due, span_start, met_at, now, policy.due_soon_fraction),
            start=start, met_at=met_at, agreed=agreed, rule=rule, provisional=provisional,
            moved_from=moved_from, moved_over=moved_over,
        ))
    return result


def next_deadline(deadlines: Iterable[Deadline]) -> Deadline | None:
    """The earliest deadline not yet met (the queue sorts by it), or ``None``."""
    pending = [d for d in deadlines if not d.is_met]
    return min(pending, key=lambda d: d.due) if pending else None


def is_escalation_due(deadlines: Iterable[Deadline]) -> bool:
    """Whether the ticket must now go to the service supervisor: the ``escalate`` rule
    (24 h after the first report, 首报) has lapsed without completion or escalation."""
    return any(d.code == ESCALATION_RULE and d.state is DeadlineState.OVERDUE
               for d in deadlines)
