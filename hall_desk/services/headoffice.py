"""The head office's use cases (issue #21 part 2) on the ``ho_*`` tables alone (bound by
``store.headoffice.open_headoffice``): its logins, the index of every hall's tickets kept by
each import, the queue across halls, a ticket's history and printed record (verifiable
against the imported versions), the statistics per hall and for the region, the halls and
their last packages. Every reader takes an Actor of the head-office role; a hall's staff
cannot read here, and the head office's role may act on no hall's ticket
(``core.auth``).

The first login is made by ``hall-desk headoffice init --database-url URL``
(:func:`init`), which also marks the database as a head office's; the program opened on
such a database shows the head office's window.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

import peewee

from hall_desk import paths
from hall_desk.core import auth, headoffice as rules, i18n, numbering
from hall_desk.core import deadlines as policy_rules
from hall_desk.core.auth import require
from hall_desk.core.enums import Role
from hall_desk.core.errors import AuthError, FieldError, HallError, NotFound, ValidationError
from hall_desk.core.validation import phone_search_key
from hall_desk.core.views import HistoryEntry
from hall_desk.core.workdays import WorkCalendar
from hall_desk.services.context import Actor, now
from hall_desk.services.records import Verdict
from hall_desk.services.staff import clean_name_login
from hall_desk.store import bulk, headoffice_sql
from hall_desk.store.headoffice import (
    ROLE, ROLE_KEY, HoChainRow, HoGroup, HoHall, HoPackage, HoSetting, HoStaff, HoTicket,
    ho_db, put_setting,
)

log = logging.getLogger(__name__)

PAGE_SIZE = 200
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
_BATCH = 500
_OPEN = HoTicket.closed_at.is_null()

_policy: list[policy_rules.Policy] = []


def policy() -> policy_rules.Policy:
    """The head office's policy: the shipped default preset (its limits judge "late", its
    ``repeat_days`` the repeats across halls)."""
    if not _policy:
        _policy.append(policy_rules.load_policy(paths.resource_path("policies", "default.toml")))
    return _policy[0]


# -- logins ------------------------------------------------------------------------------

def is_initialised() -> bool:
    found = HoSetting.get_or_none(HoSetting.key == ROLE_KEY)
    return found is not None and found.value == ROLE


def init(login: str, name: str, pin: str) -> Actor:
    """Mark the database as a head office's and make its first login (head-office role).
    HallError when it has logins already."""
    if HoStaff.select().exists():
        raise HallError("headoffice.error.initialised")
    with ho_db.atomic():
        put_setting(ROLE_KEY, ROLE)
        actor = _add(login, name, pin)
    if HoSetting.get_or_none(HoSetting.key == "ho_reindex"):
        reindex()
    return actor


def add_user(actor: Actor, login: str, name: str, pin: str) -> Actor:
    """Another head-office login (a head-office user may add one)."""
    require(actor.role, "manage_region")
    with ho_db.atomic():
        return _add(login, name, pin)


def _add(login: str, name: str, pin: str) -> Actor:
    """Checked as a hall's account is (every problem at once); six digits at least."""
    errors: dict[str, HallError] = {}
    clean_name, clean_login = clean_name_login(name, login, errors)
    if "login" not in errors and HoStaff.get_or_none(HoStaff.login == clean_login):
        errors["login"] = FieldError("login", "error.login_taken", login=clean_login)
    try:
        auth.check_pin_format(pin, Role.ADMIN)
    except FieldError as exc:
        errors["pin"] = exc
    if errors:
        raise ValidationError(errors)
    row = HoStaff.create(login=clean_login, name=clean_name, pin_hash=auth.hash_pin(pin),
                         created_at=now())
    return Actor(row.id, row.name, Role.HEAD_OFFICE, "HO", row.login)


def authenticate(login: str, pin: str) -> Actor:
    """The head-office Actor for a right login and PIN; AuthError otherwise (one message
    for an unknown login and a wrong PIN; five wrong in a row lock the login)."""
    name = (login or "").strip().lower()[:32]
    moment = now()
    row = HoStaff.get_or_none(HoStaff.login == name) if name else None
    if row is not None and row.locked_until and row.locked_until > moment:
        auth.check_pin(pin, None)
        raise AuthError("error.login_locked", until=row.locked_until.strftime("%H:%M"))
    right = auth.check_pin(pin, row.pin_hash if row is not None else None)
    if row is None:
        raise AuthError()
    if not (right and row.active):
        failed = row.failed_logins + 1
        locked = moment + LOCKOUT if failed >= MAX_FAILED_LOGINS else None
        with ho_db.atomic():
            HoStaff.update(failed_logins=0 if locked else failed, locked_until=locked) \
                .where(HoStaff.id == row.id).execute()
        if locked:
            raise AuthError("error.login_locked", until=locked.strftime("%H:%M"))
        raise AuthError()
    if row.failed_logins or row.locked_until:
        with ho_db.atomic():
            HoStaff.update(failed_logins=0, locked_until=None).where(HoStaff.id == row.id) \
                .execute()
    return Actor(row.id, row.name, Role.HEAD_OFFICE, "HO", row.login)


def logins() -> list[tuple[str, str]]:
    """(login, name) of the head office's active logins, for the login dialog."""
    return [(r.login, r.name) for r in HoStaff.select().where(HoStaff.active == True)  # noqa: E712
            .order_by(HoStaff.login)]


# -- the index, kept by each import ------------------------------------------------------

def index_tickets(hall_id: str, sequence: int, rows: Iterable[dict[str, Any]]) -> int:
    """Put a package's tickets (the hall's rows as carried) into ``ho_ticket``, replacing
    the ones it had, and mark the repeats across halls of their customers. Inside the
    import's transaction. Returns how many."""
    pol, cal = policy(), WorkCalendar()
    found = [{"hall": hall_id, "ticket_id": row["id"], "sequence": sequence,
              **rules.index_columns(row, pol, cal)} for row in rows]
    bulk.insert_dicts(HoTicket, found, conflict=("hall", "ticket_id"),
                      update=[n for n in found[0] if n not in ("hall", "ticket_id")]
                      if found else ())
    mark_repeats({r["phone_key"] for r in found if r["phone_key"] and r["kind"] == "complaint"})
    return len(found)


def mark_repeats(phone_keys: set[str]) -> None:
    """Set ``repeated`` on every complaint of these phones: another hall's complaint of
    the same phone was received within the policy's repeat window of it."""
    window = timedelta(days=policy().repeat_days)
    keys = sorted(phone_keys)
    for start in range(0, len(keys), _BATCH):
        chunk = keys[start:start + _BATCH]
        by_phone: dict[str, list[tuple[int, str, datetime, bool]]] = defaultdict(list)
        for tid, hall, key, received, was in (
                HoTicket.select(HoTicket.id, HoTicket.hall, HoTicket.phone_key,
                                HoTicket.received_at, HoTicket.repeated)
                .where(HoTicket.phone_key.in_(chunk) & (HoTicket.kind == "complaint")).tuples()):
            by_phone[key].append((tid, hall, rules.when(received), bool(was)))
        flip: dict[bool, list[int]] = {True: [], False: []}
        for tickets in by_phone.values():
            for tid, hall, received, was in tickets:
                now_repeat = any(h != hall and abs(r - received) <= window
                                 for _, h, r, _ in tickets)
                if now_repeat != was:
                    flip[now_repeat].append(tid)
        for value, ids in flip.items():
            if ids:
                HoTicket.update(repeated=value).where(HoTicket.id.in_(ids)).execute()


def reindex() -> int:
    """Build ``ho_ticket`` again from the tickets received (after the schema-2 upgrade of
    a head office that received packages before)."""
    done = 0
    with ho_db.atomic():
        for hall in HoHall.select(HoHall.hall_id).tuples():
            rows = []
            for data, sequence in (HoGroup.select(HoGroup.data, HoGroup.sequence)
                                   .where((HoGroup.hall == hall[0])
                                          & HoGroup.scope.startswith("ticket:")).tuples()):
                if data:
                    rows.append(json.loads(data)["rows"]["ticket"][0])
            done += index_tickets(hall[0], 0, rows)
        HoSetting.delete().where(HoSetting.key == "ho_reindex").execute()
    return done


# -- the queue across halls --------------------------------------------------------------

def _prefix(column, text: str):
    return (column >= text) & (column < text[:-1] + chr(ord(text[-1]) + 1))


def _search(text: str):
    """A ticket number (its start or its tail), a hotline number (its start or its tail), a
    phone's start or its last four digits; every branch a range on an index."""
    upper = text.upper().replace(" ", "")
    if numbering.looks_like_number(upper) or numbering.starts_like_number(upper):
        return _prefix(HoTicket.number, upper)
    cond = _prefix(HoTicket.number_reversed, upper[::-1])
    if len(upper) >= 4:
        cond |= (_prefix(HoTicket.hotline_number, upper)
                 | _prefix(HoTicket.hotline_reversed, upper[::-1]))
    bare = "".join(ch for ch in text if ch not in " -()+")
    if bare.isdigit():
        if len(bare) == 4:
            cond |= HoTicket.phone_last4 == bare
        elif len(bare) > 4:
            cond |= _prefix(HoTicket.phone_key, phone_search_key(bare))
    return cond


def _conditions(f: rules.RegionFilter) -> list:
    """The filter's conditions (none: every ticket), each on an indexed column."""
    cond = []
    if f.halls:
        cond.append(HoTicket.hall.in_(list(f.halls)))
    if f.status == "open":
        cond.append(_OPEN)
    elif f.status == "closed":
        cond.append(HoTicket.closed_at.is_null(False))
    elif f.status:
        cond.append(HoTicket.status == f.status)
    if f.kinds:
        cond.append(HoTicket.kind.in_(list(f.kinds)))
    if f.repeats_only:
        cond.append(HoTicket.repeated == True)  # noqa: E712
    if f.search.strip():
        cond.append(_search(f.search.strip()))
    return cond


def _order(f: rules.RegionFilter) -> list:
    key = {"received": HoTicket.received_at, "number": HoTicket.number,
           "hall": HoTicket.hall}.get(f.sort, HoTicket.due_key)
    if f.descending:
        return [key.desc(), HoTicket.id.desc()]
    return [key, HoTicket.id]


def _filtered(query, f: rules.RegionFilter):
    cond = _conditions(f)
    return query.where(*cond) if cond else query


def page_query(f: rules.RegionFilter, offset: int = 0, limit: int = PAGE_SIZE):
    """The SELECT of a page (the benchmark runs its SQL raw as the floor): ORDER BY the
    sort key and id, both in the ``(closed_at, due_key, id)`` / ``(due_key, id)`` indexes
    for the default order, so the first page reads ``limit`` index entries."""
    query = (HoTicket.select(HoTicket.id, HoTicket.hall, HoHall.name, HoTicket.number,
                             HoTicket.kind, HoTicket.customer, HoTicket.phone,
                             HoTicket.anonymous, HoTicket.received_at, HoTicket.status,
                             HoTicket.due_at, HoTicket.due_rule, HoTicket.late,
                             HoTicket.closed_at, HoTicket.hotline_number, HoTicket.repeated)
             .join(HoHall, on=(HoTicket.hall == HoHall.hall_id)))
    return _filtered(query, f).order_by(*_order(f)).offset(offset).limit(limit).tuples()


def _row(values: tuple, at: datetime) -> rules.RegionRow:
    (key, hall_id, hall, number, kind, customer, phone, anonymous, received, status, due,
     rule, late, closed, hotline, repeat) = values
    due = rules.when(due)
    return rules.RegionRow(
        key, hall_id, hall or hall_id[:8], number, kind,
        i18n.text("customer.anonymous") if anonymous else customer, phone, bool(anonymous),
        rules.when(received), status, due, rule,
        bool(late) or (closed is None and due is not None and due < at), hotline or "",
        bool(repeat))


def count(actor: Actor, f: rules.RegionFilter) -> int:
    require(actor.role, "view_region")
    return _filtered(HoTicket.select(peewee.fn.COUNT(HoTicket.id)), f).scalar()


def page(actor: Actor, f: rules.RegionFilter, offset: int = 0, limit: int = PAGE_SIZE,
         at: datetime | None = None) -> list[rules.RegionRow]:
    """A page of the region's queue, masked."""
    require(actor.role, "view_region")
    at = at or now()
    return [_row(values, at) for values in page_query(f, offset, limit)]


# -- one ticket --------------------------------------------------------------------------

def _ticket_row(key: int) -> HoTicket:
    row = HoTicket.get_or_none(HoTicket.id == key)
    if row is None:
        raise NotFound(what="what.ticket", key=key)
    return row


def find(actor: Actor, number: str, halls: Iterable[str] = ()) -> list[int]:
    """The keys of the tickets with this number (one per hall that has it, of ``halls``)."""
    require(actor.role, "view_region")
    cond = HoTicket.number == number.strip().upper()
    if halls:
        cond &= HoTicket.hall.in_(list(halls))
    return [k for (k,) in HoTicket.select(HoTicket.id).where(cond).tuples()]


def _group(hall: str, scope: str) -> dict[str, Any] | None:
    found = HoGroup.get_or_none((HoGroup.hall == hall) & (HoGroup.scope == scope))
    return json.loads(found.data) if found and found.data else None


def _name_of(hall: str, scope: str) -> str:
    found = _group(hall, scope)
    rows = (found or {}).get("rows") or []
    if not rows:
        return ""
    first = rows[0] if isinstance(rows, list) else next(iter(rows.values()))[0]
    return (first or {}).get("name", "") if isinstance(first, dict) else ""


def history(hall: str, ticket_id: int) -> list[HistoryEntry]:
    """The ticket's events as imported, in their order."""
    out = []
    for (data,) in (HoChainRow.select(HoChainRow.data)
                    .where((HoChainRow.hall == hall) & (HoChainRow.ticket == ticket_id)
                           & (HoChainRow.chain == "ticket_event"))
                    .order_by(HoChainRow.row_id).tuples()):
        e = json.loads(data)["row"]
        out.append(HistoryEntry(seq=e["seq"], at=(e["at"] or "").replace("T", " ")[:16] or None,
                                actor=e.get("actor_label", ""), action=e["action"],
                                note=e.get("note", "")))
    return out


def _versions(hall: str, ticket_id: int) -> list[dict[str, Any]]:
    found = _group(hall, f"record:ticket:{ticket_id}")
    return sorted((found or {}).get("rows") or [], key=lambda r: r["version"])


def ticket(actor: Actor, key: int, at: datetime | None = None) -> rules.RegionTicket:
    """A ticket with its history, record versions and repeats at other halls."""
    require(actor.role, "view_region")
    at = at or now()
    row = _ticket_row(key)
    hall = row.hall_id
    values = page_query(rules.RegionFilter(status=""), 0, 1).where(HoTicket.id == key)
    index = _row(next(iter(values)), at)
    carried = (_group(hall, f"ticket:{row.ticket_id}") or {}).get("rows", {}).get("ticket", [{}])
    t = carried[0] if carried else {}
    repeats = ()
    if row.repeated and row.phone_key:
        window = timedelta(days=policy().repeat_days)
        received = rules.when(row.received_at)
        repeats = tuple(
            rules.RepeatLink(k, name or h[:8], number, rules.when(r), status)
            for k, h, name, number, r, status in
            HoTicket.select(HoTicket.id, HoTicket.hall, HoHall.name, HoTicket.number,
                            HoTicket.received_at, HoTicket.status)
            .join(HoHall, on=(HoTicket.hall == HoHall.hall_id))
            .where((HoTicket.phone_key == row.phone_key) & (HoTicket.hall != hall)
                   & (HoTicket.kind == "complaint")
                   & (HoTicket.received_at >= received - window)
                   & (HoTicket.received_at <= received + window))
            .order_by(HoTicket.received_at).tuples())
    return rules.RegionTicket(
        row=index,
        category=_name_of(hall, f"category:{t.get('category')}") if t.get("category") else "",
        content=t.get("content", ""), demand=t.get("demand", ""),
        department=(_name_of(hall, f"department:{t.get('department')}")
                    if t.get("department") else ""),
        summary=t.get("summary", ""), hotline_source=t.get("hotline_source") or "",
        history=tuple(history(hall, row.ticket_id)),
        versions=tuple(rules.VersionInfo(v["version"], v["sha256"], bool(v["sealed"]),
                                         v.get("created_at"))
                       for v in _versions(hall, row.ticket_id)),
        repeats=repeats)


# -- its printed record ------------------------------------------------------------------

def _version(row: HoTicket, stored: dict[str, Any]):
    from hall_desk.services import records

    content = json.loads(stored["content"])
    addendum_to = content.pop("_addendum_to", None)
    stamp = content.pop("_print", None) or {"at": stored.get("created_at"), "by": "",
                                            "hall": ""}
    return records.Version(row.ticket_id, row.number, stored["version"], stored["sha256"],
                           bool(stored["sealed"]), addendum_to, content, stamp)


def _signatures(row: HoTicket, version: int) -> list:
    import base64

    from hall_desk import pdf

    out = []
    for (data,) in (HoChainRow.select(HoChainRow.data)
                    .where((HoChainRow.hall == row.hall_id) & (HoChainRow.ticket == row.ticket_id)
                           & (HoChainRow.chain == "signature"))
                    .order_by(HoChainRow.row_id).tuples()):
        s = json.loads(data)["row"]
        if s.get("record_version") != version:
            continue
        image = s.get("image_png")
        out.append(pdf.SignatureEntry(
            role=s["role"], signer_name=s["signer_name"]
            + ("（客户）" if s.get("signed_by") == "customer" else ""),
            signed_at=rules.when(s["signed_at"]),
            image=base64.b64decode(image[7:]) if image and image.startswith("base64:") else None,
            on_paper=bool(s.get("on_paper"))))
    return out


def record_pdf(actor: Actor, key: int, version: int | None = None) -> tuple[int, bytes]:
    """(version, PDF) of the ticket's record sheet (客户投诉记录表) built from an imported
    record version (default: the newest) and its signatures, byte for byte the hall's
    print of that version: an anonymous customer's identity hidden (it never left the
    hall). HallError when the hall sent no version of the record."""
    from hall_desk.services.printing import version_sheet

    require(actor.role, "print_region_records")
    row = _ticket_row(key)
    stored = _versions(row.hall_id, row.ticket_id)
    if version is not None:
        stored = [v for v in stored if v["version"] == version]
    if not stored:
        raise HallError("headoffice.error.no_record", number=row.number)
    chosen = _version(row, stored[-1])
    return chosen.version, version_sheet(
        chosen, "record", identity_shown=not chosen.content.get("anonymous"),
        signatures=_signatures(row, chosen.version))


def verify_pdf(actor: Actor, data: bytes) -> Verdict:
    """Is ``data`` exactly the record sheet the head office prints of an imported version
    (the same bytes the hall printed)? A ``records.Verdict``: a match names the hall, the
    ticket and the version; HallError when the file is no PDF of this program."""
    from hall_desk.pdf import compare
    from hall_desk.services import records

    require(actor.role, "view_region")
    try:
        reader = compare.open_pdf(data)
    except compare.Unreadable as exc:
        raise HallError(f"verify.{exc.reason}") from None
    said = compare.claims(data, reader)
    if not said.hashes:
        raise HallError("error.no_hash")
    numbers = set(said.numbers) | set(records._NUMBER_IN_TEXT.findall(said.text))
    for row in HoTicket.select().where(HoTicket.number.in_(sorted(numbers))):
        for stored in _versions(row.hall_id, row.ticket_id):
            chosen = _version(row, stored)
            shown = not chosen.content.get("anonymous")
            if records.shown_hash(chosen.content, shown) not in said.hashes:
                continue
            _, again = record_pdf(actor, row.id, chosen.version)
            label = i18n.text("headoffice.verify_label", hall=_hall_name(row.hall_id),
                              number=row.number)
            if again == data:
                return Verdict(True, i18n.text(
                    "headoffice.verify_match", record=label, version=chosen.version),
                    label, chosen.version, chosen.version, chosen.sealed)
            return Verdict(False, i18n.text(
                "headoffice.verify_differs", record=label, version=chosen.version),
                label, chosen.version)
    return Verdict(False, i18n.text("verify.unknown"))


def _hall_name(hall: str) -> str:
    found = HoHall.get_or_none(HoHall.hall_id == hall)
    return (found.name if found else "") or hall[:8]


# -- statistics and halls ----------------------------------------------------------------

def statistics(actor: Actor, start: datetime, end: datetime, at: datetime | None = None,
               halls: Iterable[str] = ()) -> list[rules.OnTime]:
    """The on-time table of the tickets received in [start, end): one line per hall with
    tickets (by name), then the region's."""
    require(actor.role, "view_region")
    names = dict(HoHall.select(HoHall.hall_id, HoHall.name).tuples())
    lines = sorted((rules.OnTime(h, names.get(h) or h[:8], *rest) for h, *rest in
                    headoffice_sql.on_time(start, end, at or now(), tuple(halls))),
                   key=lambda x: (x.hall, x.hall_id))
    return [*lines, rules.region_line(lines, i18n.text("headoffice.region"))]


def halls(actor: Actor) -> list[rules.HallInfo]:
    """Every hall known, with its last package received and its ticket count."""
    require(actor.role, "view_region")
    counts = dict(HoTicket.select(HoTicket.hall, peewee.fn.COUNT(HoTicket.id))
                  .group_by(HoTicket.hall).tuples())
    out = []
    for hall in HoHall.select().order_by(HoHall.name, HoHall.hall_id):
        last = (HoPackage.select().where((HoPackage.hall == hall.hall_id)
                                         & (HoPackage.sequence == hall.last_sequence)).first())
        out.append(rules.HallInfo(
            hall.hall_id, hall.name or hall.hall_id[:8], hall.last_sequence,
            rules.when(hall.last_received_at), last.created_at if last else "",
            {k: v for k, v in json.loads(last.counts).items() if v} if last else {},
            int(counts.get(hall.hall_id, 0))))
    return out
