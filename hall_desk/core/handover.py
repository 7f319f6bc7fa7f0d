"""The shift handover (交接班) as rules on plain data: which items a shift hands over, and the
review of each item by the incoming person.

Assembling (:func:`assemble`) takes what the store knows as plain dicts and returns the items
in a fixed order of sections: open incidents, escalations, open tickets by urgency, deadlines
falling due before the next shift is over, times promised to customers, callbacks due,
reception runs, complaints diverted during a visit, and the outgoing person's notes.

Time windows. A deadline "by T" is met by work done up to T, so it belongs to the shift
whose period ``(start, end]`` holds T: a deadline exactly at the boundary between the
outgoing and the incoming shift (due 12:00 when the morning shift ends at 12:00) is the
outgoing shift's last moment, and one exactly at the end of the incoming shift (17:30,
closing time: the policy's same-day rules end there) is the incoming shift's. Every unmet
deadline after the handover moment up to and including the end of the incoming shift is
handed over: those up to the boundary marked "due in this shift" (the outgoing person leaves
them unmet), the later ones "due in the next shift"; one a minute after the incoming shift's
end is not. Time between shifts (the hall closed overnight) counts with the incoming shift:
nobody else will be there to meet it. An overdue deadline shows on its open ticket.
The same window applies to times promised to customers and callbacks due.

Review (the acknowledgement state machine), per item::

    pending ──acknowledge──▶ acknowledged
       │                        │ (changed mind before signing)
       └──query──▶ queried ◀────┘
                     │  ▲
                 answer query (asks again)
                     ▼  │
                   answered ──acknowledge──▶ acknowledged

The incoming person acknowledges or queries; the outgoing person (or a supervisor) answers.
Decision: the incoming person can sign only when no item is pending and no query is left
unanswered; an answered item counts as settled (the question and the answer are both on the
record and print on the sheet), though the incoming person may still acknowledge it
explicitly or query it again. Once both have signed the handover is sealed and no item
changes any more.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Iterable, Mapping, Sequence

from hall_desk.core import i18n
from hall_desk.core.enums import HandoverItemState as S
from hall_desk.core.enums import HandoverState as H
from hall_desk.core.errors import HallError
from hall_desk.core.shifts import ShiftSlot

#: The sections of a handover, in the order they are listed and printed.
ITEM_KINDS = ("incident", "daily", "escalation", "open_ticket", "deadline", "promise",
              "callback", "reception", "diverted", "note")

_ITEM_STEPS: dict[str, tuple[frozenset[S], S]] = {
    "acknowledge": (frozenset({S.PENDING, S.ANSWERED}), S.ACKNOWLEDGED),
    "query": (frozenset({S.PENDING, S.ANSWERED, S.ACKNOWLEDGED}), S.QUERIED),
    "answer": (frozenset({S.QUERIED}), S.ANSWERED),
}

#: Handover state in which each action is allowed.
ACTION_STATE: dict[str, H] = {
    "assemble": H.DRAFT, "add_note": H.DRAFT, "sign_out": H.DRAFT,
    "acknowledge": H.SIGNED_OUT, "query": H.SIGNED_OUT, "answer": H.SIGNED_OUT,
    "sign_in": H.SIGNED_OUT,
}


def item_step(action: str, state: S | str) -> S:
    """The item's state after ``action``; HallError when the action is not possible now."""
    sources, target = _ITEM_STEPS[action]
    state = S(state)
    if state not in sources:
        raise HallError("handover.error.item_action", state=f"handover.item.{state.value}",
                        action=f"handover.action.{action}")
    return target


def can_step(action: str, state: S | str) -> bool:
    """Whether an item in ``state`` may be acknowledged, queried or answered now."""
    return S(state) in _ITEM_STEPS[action][0]


def check_state(action: str, state: H | str) -> None:
    """Refuse ``action`` unless the handover is in the state it needs."""
    if H(state) is not ACTION_STATE[action]:
        raise HallError("handover.error.state", state=f"handover.state.{H(state).value}",
                        action=f"handover.action.{action}")


def open_counts(states: Iterable[S | str]) -> tuple[int, int]:
    """(pending, queried) among ``states``: what keeps the incoming person from signing."""
    states = [S(s) for s in states]
    return states.count(S.PENDING), states.count(S.QUERIED)


def check_sign_in(states: Iterable[S | str]) -> None:
    pending, queried = open_counts(states)
    if pending or queried:
        raise HallError("handover.error.open_items", pending=pending, queried=queried)


# --------------------------------------------------------------------------- assembling


@dataclass(frozen=True)
class Item:
    kind: str
    ref: str
    text: str

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "ref": self.ref, "text": self.text}


def _t(value: datetime | None) -> str:
    return value.strftime("%m-%d %H:%M") if value else "—"


def falls_in_next_shift(due: datetime, outgoing: ShiftSlot, incoming: ShiftSlot) -> bool:
    """A deadline "by ``due``" is the incoming shift's (``outgoing.end < due <=
    incoming.end``): one exactly at the boundary is still the outgoing shift's."""
    return outgoing.end < due <= incoming.end


def _due_words(due: datetime, at: datetime, outgoing: ShiftSlot, incoming: ShiftSlot) -> str:
    if due <= at:
        return i18n.text("handover.overdue", "zh")
    if due <= outgoing.end:
        return i18n.text("handover.in_this_shift", "zh")
    return i18n.text("handover.in_next_shift", "zh")


def _label(prefix: str, code: Any) -> str:
    key = f"{prefix}.{code}"
    return i18n.text(key, "zh") if i18n.has(key) else str(code or "")


def _day_words(d: Mapping[str, Any]) -> str:
    """A day of 一日管理 as the handover lists it."""
    problems = "；".join(d.get("problems") or ())
    if d.get("state") == "closed":
        text = (f"{d['date']} 一日管理已签字结束，仍有故障{d.get('faulty', 0)}项、"
                f"未完成{d.get('not_done', 0)}项未处理完毕")
    else:
        text = (f"{d['date']} 一日管理尚未签字结束：未检查{d.get('open', 0)}项，"
                f"故障{d.get('faulty', 0)}项，未完成{d.get('not_done', 0)}项")
    return f"{text}：{problems}" if problems else text


def assemble(at: datetime, outgoing: ShiftSlot, incoming: ShiftSlot, *,
             open_tickets: Sequence[Mapping[str, Any]] = (),
             deadlines: Sequence[Mapping[str, Any]] = (),
             promises: Sequence[Mapping[str, Any]] = (),
             callbacks: Sequence[Mapping[str, Any]] = (),
             receptions: Sequence[Mapping[str, Any]] = (),
             incidents: Sequence[Mapping[str, Any]] = (),
             diverted: Sequence[Mapping[str, Any]] = (),
             notes: Sequence[str] = (),
             days: Sequence[Mapping[str, Any]] = ()) -> list[Item]:
    """The items ``outgoing`` hands over to ``incoming`` at ``at``. The texts are Chinese:
    they are the words of a record that is printed and signed.

    Inputs (dicts, extra keys ignored):
    - open_tickets: number, kind, status, priority (1-4), next_due, next_rule (label),
      escalated_at (None unless escalated)
    - deadlines: number, label, due — every unmet deadline of the open tickets
    - promises: number, agreed_at — times agreed with customers
    - callbacks: number, due, attempts, flagged, window (the customer's time, in words)
    - receptions: id, visiting_unit, expected_at, state
    - incidents: id, kind, at, text — duty-log incidents not closed
    - diverted: number, status, visiting_unit
    - days: id, date, state, open, faulty, not_done, problems (texts) — days of 一日管理
      not closed, or closed with faulty or undone checks still open on the duty log
    """
    items: list[Item] = []
    until = incoming.end
    for inc in sorted(incidents, key=lambda r: r["at"]):
        items.append(Item("incident", f"duty:{inc['id']}",
                          f"{_t(inc['at'])} {_label('duty.kind', inc['kind'])}：{inc['text']}"))
    for d in sorted(days, key=lambda d: d["date"]):
        items.append(Item("daily", f"daily:{d['id']}", _day_words(d)))
    for t in sorted((t for t in open_tickets if t.get("escalated_at")),
                    key=lambda t: t["escalated_at"]):
        items.append(Item("escalation", t["number"],
                          f"{t['number']} {_label('kind', t['kind'])}，{_t(t['escalated_at'])}"
                          f"超时升级，当前{_label('status', t['status'])}，须报客服主管跟进"))

    def urgency(t: Mapping[str, Any]):
        return (-int(t.get("priority") or 2), t.get("next_due") or datetime.max, t["number"])

    for t in sorted(open_tickets, key=urgency):
        due = t.get("next_due")
        tail = ""
        if due:
            state = "，已超时" if due <= at else ""
            tail = f"，下一时限：{t.get('next_rule') or ''} {_t(due)}{state}"
        items.append(Item("open_ticket", t["number"],
                          f"{t['number']} {_label('kind', t['kind'])}"
                          f"（{_label('priority', t.get('priority'))}），"
                          f"{_label('status', t['status'])}{tail}"))
    for d in sorted(deadlines, key=lambda d: (d["due"], d["number"])):
        if at < d["due"] <= until:
            items.append(Item("deadline", d["number"],
                              f"{d['number']} {d['label']}：{_t(d['due'])}"
                              f"（{_due_words(d['due'], at, outgoing, incoming)}）"))
    for p in sorted(promises, key=lambda p: (p["agreed_at"], p["number"])):
        if at <= p["agreed_at"] <= until:
            items.append(Item("promise", p["number"],
                              f"{p['number']} 与客户约定 {_t(p['agreed_at'])} 答复/处理"))
    for c in sorted(callbacks, key=lambda c: (c["due"], c["number"])):
        if c["due"] <= until:
            extra = f"，已{c['attempts']}次未接通" if c.get("attempts") else ""
            flag = "，须主管决定" if c.get("flagged") else ""
            state = "（已超时）" if c["due"] <= at else ""
            window = f"，客户方便时间：{c['window']}" if c.get("window") else ""
            items.append(Item("callback", c["number"],
                              f"{c['number']} 回访 {_t(c['due'])}{state}{extra}{flag}{window}"))
    for r in sorted(receptions, key=lambda r: r["expected_at"]):
        if r.get("state") == "running" or r["expected_at"] <= until:
            items.append(Item("reception", f"reception:{r['id']}",
                              f"{_t(r['expected_at'])} {r['visiting_unit']} "
                              f"（{_label('reception.state', r.get('state')) or r.get('state')}）"))
    for t in diverted:
        items.append(Item("diverted", t["number"],
                          f"{t['number']} 接待{t.get('visiting_unit') or ''}期间引导至后台的投诉，"
                          f"当前{_label('status', t['status'])}，由班长处理"))
    for text in notes:
        if text.strip():
            items.append(Item("note", "", text.strip()))
    return items
