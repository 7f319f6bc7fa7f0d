"""Printed records as evidence: versions, signatures, sealing and verification.

A record's *version* is the SHA-256 of its full content (every field and the history, not the
deadline states, which change with the clock). Printing a record stores the version if it is
new; every sheet's footer shows the version number and the SHA-256 of the content the sheet
*shows* (masked or not). A supervisor's signature seals the version: later changes never
alter it but make a new version, an addendum, with its own hash.

Every stored version also keeps its *print stamp* (``_print`` in the stored JSON, outside
the hash): when, by whom and in which hall it was stored, and the deadline states of that
moment. Every print of the version shows that stamp, so printing a version is a function of
stored data only and two prints of it are the same file (:mod:`hall_desk.services.printing`
regenerates a print to verify it). Versions stored before the stamp existed fall back to
the row's time and author and the hall's current name.

``verify_text`` takes the text of a printed sheet and says which stored version it is, and
whether the ticket has changed since. It reads text only, so it is no proof that a file is
unaltered: ``hall-desk verify-pdf`` and the window use ``services.printing.verify_pdf``,
which compares the whole file with the version printed again.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from hall_desk.core import i18n, numbering
from hall_desk.core.auth import may, require
from hall_desk.core.chain import canonical_json, content_hash
from hall_desk.core.enums import Role
from hall_desk.core.errors import AuthError, FieldError, HallError, ValidationError
from hall_desk.core.validation import clean_field
from hall_desk.core.views import SignatureView
from hall_desk.services import lifecycle as _lifecycle  # field labels, rounds
from hall_desk.services import agreements, staff, tickets
from hall_desk.services.context import Actor, now
from hall_desk.services.evidence import next_link
from hall_desk.store.models import RecordVersion, Signature, Staff, Ticket
from hall_desk.store import rowstate
from hall_desk.store.tx import write_transaction

if TYPE_CHECKING:
    from hall_desk.pdf import RecordMeta, SignatureEntry

SUBJECT = "ticket"
# Events about access and signing, not about the case: they do not make a new version.
ACCESS_ACTIONS = {"view_identity", "print", "print_identity", "sign"}
SIGNER_ROLES = ("customer", "supervisor", "department_head")
_HASH_RE = re.compile(r"\b[0-9a-f]{64}\b")
_VERSION_RE = re.compile(r"版本\s*(\d+)")


@dataclass(frozen=True)
class Version:
    ticket_id: int
    number: str
    version: int
    sha256: str              # of the full content
    sealed: bool
    addendum_to: int | None  # the sealed version this one adds to, if any
    content: dict[str, Any]
    stamp: dict[str, Any] = field(default_factory=dict)   # see :func:`stamp_of`


def full_content(ticket: Ticket | int) -> dict[str, Any]:
    """The record's content with the identity shown and without clock-dependent states."""
    ticket = tickets.row_of(ticket)
    privileged = Actor(None, "record", Role.SUPERVISOR, ticket.counter_code)
    data = tickets.describe(ticket, privileged, reveal=True).to_dict()
    data["deadlines"] = [{k: v for k, v in d.items() if k != "state"} for d in data["deadlines"]]
    data["history"] = [h for h in data["history"] if h["action"] not in ACCESS_ACTIONS]
    data.pop("deadline_problem", None)
    data.pop("identity_shown", None)
    if ticket.repeat_of_id and ticket.repeat_of.anonymous:
        data["repeat_of_anonymous"] = True      # the link names an anonymous customer's ticket
    # each round of handling, the review, whom it is about, 第N次 (services.lifecycle)
    data.update({k: v for k, v in _lifecycle.closing_info(ticket).items()
                 if k not in ("review_required", "target_staff_id")})
    data.update(agreements.record_parts(ticket.id))   # the 协议 and payments, when there are
    return data


def shown_content(full: dict[str, Any], identity_shown: bool) -> dict[str, Any]:
    """What a sheet shows: an anonymous identity hidden unless the printer may see it."""
    shown = dict(full)
    if full.get("anonymous") and not identity_shown:
        shown.update(customer_name=i18n.text("customer.anonymous", "zh"), phone="", address="")
    if full.get("repeat_of") and not identity_shown and (
            full.get("anonymous") or full.get("repeat_of_anonymous")):
        shown["repeat_of"] = i18n.text("ticket.link_hidden", "zh")   # either end anonymous
        shown["repeat_n"] = None                                       # and no count
    shown["identity_shown"] = bool(identity_shown or not full.get("anonymous"))
    return shown


def shown_hash(full: dict[str, Any], identity_shown: bool) -> str:
    return content_hash(shown_content(full, identity_shown))


def print_stamp(actor: Actor | None, moment: datetime,
                states: list[str] | None = None) -> dict[str, Any]:
    """What every print of a version shows about itself, stored with the version."""
    from hall_desk.services import settings

    out: dict[str, Any] = {"at": moment.isoformat(timespec="seconds"),
                           "by": actor.name if actor else "", "hall": settings.hall_name()}
    out.update({k: v for k, v in settings.hall_contact().items() if v})   # phone, address
    if states is not None:
        out["states"] = states
    return out


def split_stored(row: RecordVersion) -> tuple[dict[str, Any], dict[str, Any], int | None]:
    """A stored version's JSON as (content, print stamp, addendum_to). The content is what
    the row's SHA-256 covers; a version stored before the stamp existed gets one from the
    row (its time and author, the hall's current name)."""
    content = json.loads(row.content)
    addendum_to = content.pop("_addendum_to", None)
    stamp = content.pop("_print", None)
    if stamp is None:
        from hall_desk.services import settings
        from hall_desk.store.models import Staff

        author = Staff.get_or_none(Staff.id == row.created_by_id) if row.created_by_id else None
        created = row.created_at
        if isinstance(created, str):
            created = datetime.fromisoformat(created)
        stamp = {"at": created.isoformat(timespec="seconds") if created else None,
                 "by": author.name if author else "", "hall": settings.hall_name()}
    return content, stamp, addendum_to


def _row_to_version(row: RecordVersion, number: str) -> Version:
    content, stamp, addendum_to = split_stored(row)
    return Version(row.subject_id, number, row.version, row.sha256, row.sealed,
                   addendum_to, content, stamp)


def current(ticket: Ticket | int, actor: Actor | None = None) -> Version:
    """The version of the record as it stands now, stored if it is new (with its print
    stamp: this moment, ``actor`` and the deadline states now)."""
    from hall_desk.services import deadlines

    ticket = tickets.row_of(ticket)
    moment = now()
    full = full_content(ticket)
    digest = content_hash(full)
    with write_transaction():
        row = RecordVersion.get_or_none((RecordVersion.subject_type == SUBJECT)
                                        & (RecordVersion.subject_id == ticket.id)
                                        & (RecordVersion.sha256 == digest))
        if row is None:
            last = (RecordVersion.select().where((RecordVersion.subject_type == SUBJECT)
                                                 & (RecordVersion.subject_id == ticket.id))
                    .order_by(RecordVersion.version.desc()).first())
            sealed_before = (RecordVersion.select(RecordVersion.version)
                             .where((RecordVersion.subject_type == SUBJECT)
                                    & (RecordVersion.subject_id == ticket.id)
                                    & (RecordVersion.sealed == True))  # noqa: E712
                             .order_by(RecordVersion.version.desc()).limit(1).scalar())
            states = [d.state.value for d in deadlines.for_ticket(ticket, moment).deadlines]
            stored = dict(full, _print=print_stamp(actor, moment, states))
            if sealed_before:
                stored["_addendum_to"] = sealed_before
            row = RecordVersion.create(
                subject_type=SUBJECT, subject_id=ticket.id, version=(last.version + 1) if last else 1,
                content=canonical_json(stored), sha256=digest, sealed=False, created_at=moment,
                created_by=actor.staff_id if actor else None)
            rowstate.record(f"record:{SUBJECT}:{ticket.id}")
    return _row_to_version(row, ticket.number)


def versions(ticket_id: int) -> list[Version]:
    number = Ticket.get_by_id(ticket_id).number
    return [_row_to_version(r, number) for r in RecordVersion.select().where(
        (RecordVersion.subject_type == SUBJECT) & (RecordVersion.subject_id == ticket_id))
        .order_by(RecordVersion.version)]


def sign(actor: Actor, ticket_id: int, *, role: str, signer_name: str = "",
         image_png: bytes | None = None, on_paper: bool = False,
         signer_staff: int | str | None = None, pin: str | None = None) -> SignatureView:
    """Record a signature on the current version: the customer's confirmation, or the
    supervisor's (which seals the version). ``on_paper``: signed in ink, the paper came back.

    The customer signs under the name typed (``signer_name``, required), marked as the
    customer. A staff box is signed by ``signer_staff`` (an id or login from the list) who
    confirms with her ``pin``, checked as a login is (five wrong in a row lock the name): a
    wrong PIN is a ValidationError at ``pin`` and nothing is stored. Without
    ``signer_staff`` the person logged in signs herself, as before."""
    if role not in SIGNER_ROLES:
        raise HallError("error.signer_role", value=role)
    ticket = tickets.get(ticket_id)
    staff_id: int | None = None
    if role == "customer":
        name = clean_field("signer_name", signer_name, required=True, max_len=64)
        signed_by = "customer"
    elif signer_staff not in (None, ""):
        signer = confirm_signer(actor, signer_staff, pin)
        require(signer.role, "supervise")
        name, staff_id, signed_by = signer.name, signer.staff_id, "staff"
    else:
        require(actor.role, "supervise")
        name = clean_field("signer_name", signer_name or actor.name, required=True, max_len=64)
        staff_id, signed_by = actor.staff_id, "staff"
    version = current(ticket, actor)
    moment = now()
    with write_transaction():
        content = {"subject": f"{SUBJECT}:{ticket.number}", "role": role, "signer": name,
                   "at": moment.isoformat(), "version": version.version,
                   "content_sha256": version.sha256, "on_paper": on_paper,
                   "image_sha256": content_hash({"png": image_png.hex()}) if image_png else None,
                   **signed_by_content(signed_by, staff_id)}
        prev, digest = next_link("signature", content)
        row = Signature.create(subject_type=SUBJECT, subject_id=ticket.id, role=role,
                               signer_name=name, staff=staff_id, signed_by=signed_by,
                               signed_at=moment, content_sha256=version.sha256,
                               record_version=version.version, image_png=image_png,
                               on_paper=on_paper, prev_hash=prev, hash=digest)
        if role in ("supervisor", "department_head"):
            RecordVersion.update(sealed=True).where(
                (RecordVersion.subject_type == SUBJECT) & (RecordVersion.subject_id == ticket.id)
                & (RecordVersion.version == version.version)).execute()
            rowstate.record(f"record:{SUBJECT}:{ticket.id}")
        tickets.append_event(ticket, actor, "sign", {}, {"role": role, "signer": name,
                                                          "signed_by": signed_by,
                                                          "version": version.version},
                             note="纸质签名已收回" if on_paper else "")
    return signature_view(row)


def signed_by_content(signed_by: str, staff_id: int | None) -> dict[str, Any]:
    """What the signature chain holds of who signed: nothing for a signature made before
    v11 (``signed_by`` ""), else the kind and the staff member's login."""
    if not signed_by:
        return {}
    login = Staff.get_by_id(staff_id).login if staff_id is not None else None
    return {"signed_by": signed_by, "staff": login}


def signers() -> list[tuple[int, str]]:
    """(id, name) of the active staff who may sign a staff box (they may supervise)."""
    return [(row.id, row.name) for row in Staff.select().where(Staff.active == True)  # noqa: E712
            .order_by(Staff.name) if may(row.role, "supervise")]


def confirm_signer(actor: Actor, signer: int | str, pin: str | None) -> Actor:
    """The staff member chosen to sign, once her PIN is right (checked and counted as a
    login, lockout included). ValidationError at ``pin`` (or ``signer_staff``) otherwise."""
    row = Staff.get_or_none((Staff.id == signer) if str(signer).isdigit()
                            else (Staff.login == str(signer)))
    if row is None or not row.active:
        raise ValidationError({"signer_staff": FieldError("signer_staff", "error.choice",
                                                          value=signer)})
    try:
        return staff.authenticate(row.login, pin or "", actor.counter_code)
    except AuthError as exc:
        key = exc.key if exc.key != AuthError.key else "error.signer_pin"
        raise ValidationError({"pin": FieldError("pin", key, name=row.name, **exc.params)}) \
            from None


def signature_view(row: Signature) -> SignatureView:
    return SignatureView(id=row.id, role=row.role, signer_name=row.signer_name,
                         signed_at=row.signed_at, record_version=row.record_version,
                         content_sha256=row.content_sha256, on_paper=bool(row.on_paper),
                         image_png=bytes(row.image_png) if row.image_png else None,
                         signed_by=row.signed_by or "", staff_id=row.staff_id)


def signatures(ticket_id: int, version: int | None = None) -> list[SignatureView]:
    """The signatures of a ticket's record (of one version), in the order they were made."""
    query = Signature.select().where((Signature.subject_type == SUBJECT)
                                     & (Signature.subject_id == ticket_id))
    if version is not None:
        query = query.where(Signature.record_version == version)
    return [signature_view(s) for s in query.order_by(Signature.signed_at, Signature.id)]


def log_print(actor: Actor, ticket: Ticket, sheet: str, identity_shown: bool) -> None:
    """A print that shows an anonymous identity is logged in the ticket's history."""
    if ticket.anonymous and identity_shown:
        from hall_desk.store.models import AccessLog

        with write_transaction():
            row = AccessLog.create(at=now(), staff=actor.staff_id, action="print_identity",
                                   ticket=ticket.id, reason=sheet)
            rowstate.record(f"access:{row.id}")
            tickets.append_event(ticket, actor, "print_identity", {}, {"sheet": sheet})


def may_print_identity(actor: Actor) -> bool:
    return may(actor.role, "view_identity") and actor.role is not Role.SYSTEM


@dataclass(frozen=True)
class Verdict:
    ok: bool
    message: str
    number: str = ""
    version: int = 0
    current_version: int = 0
    sealed: bool = False


# The free-text fields a full sheet prints whole (by a word of its title: 客户投诉记录表,
# 客户诉求记录表...); a sheet whose footer hash is right but whose text lacks one of them was
# edited after printing.
_PRINTED_WHOLE = {
    "记录表": ("content", "demand", "validity_reason", "solution", "instruction",
                "implementation", "reply_content", "summary"),
    "投诉处理档案": ("content", "demand", "instruction"),
}
_FIELD_LABEL = {"validity_reason": "field.reason"}


def _letters(text: str) -> str:
    """Only letters and digits (CJK included): line breaks, spacing, punctuation and glyphs
    the font lacks do not survive text extraction the same way, so they are not compared."""
    return "".join(ch for ch in text if ch.isalnum())


def _page_body(page: str) -> str:
    """A page's text without its running header and footer (hall name, title and number,
    SHA-256, version and printer, page x of y), which pypdf puts at the end of the page."""
    lines = page.split("\n")
    for i in range(len(lines) - 1, -1, -1):
        if lines[i].startswith("SHA-256"):
            start = i - 1 if i >= 1 and _NUMBER_IN_TEXT.search(lines[i - 1]) else i
            if start >= 1 and start != i:
                start -= 1                      # the hall's name above the title line
            return "\n".join(lines[:start])
    return page


def _altered_fields(full: dict[str, Any], text: str) -> list[str]:
    printed = "".join(_letters(_page_body(page)) for page in text.split("\f"))
    checks = ["number"]
    for title, fields in _PRINTED_WHOLE.items():
        if title in text:
            checks += [f for f in fields if full.get(f) and f not in checks]
    return [f for f in checks if _letters(str(full.get(f) or "")) not in printed]


_NUMBER_IN_TEXT = re.compile(numbering.NUMBER_PATTERN)


def verify_text(text: str) -> Verdict:
    """Which stored version a printed sheet's text is (its footer carries version and hash).
    ``text`` holds the pages' texts separated by form feeds. Reads only; the ticket number
    on the sheet narrows the search to that ticket."""
    hashes = set(_HASH_RE.findall(text or ""))
    if not hashes:
        raise HallError("error.no_hash")
    numbers = set(_NUMBER_IN_TEXT.findall(text or ""))
    query = RecordVersion.select().where(RecordVersion.subject_type == SUBJECT)
    if numbers:
        ids = [t.id for t in Ticket.select(Ticket.id).where(Ticket.number.in_(list(numbers)))]
        query = query.where(RecordVersion.subject_id.in_(ids))
    for row in query.order_by(RecordVersion.id):
        full, _, _ = split_stored(row)
        if not ({shown_hash(full, True), shown_hash(full, False)} & hashes):
            continue
        ticket = Ticket.get_by_id(row.subject_id)
        altered = _altered_fields(full, text)
        if altered:
            return Verdict(False, i18n.text("verify.altered", number=ticket.number,
                                            version=row.version, fields=", ".join(
                                                i18n.text(_FIELD_LABEL.get(f, f"field.{f}"))
                                                for f in altered)),
                           ticket.number, row.version, 0, row.sealed)
        return matched(ticket, row)
    return Verdict(False, i18n.text("verify.unknown"))


def matched(ticket: Ticket, row: RecordVersion) -> Verdict:
    """The verdict for a print that is ``row``'s: whether that version is still the ticket's
    current one, an older one, or the ticket has changed since."""
    digest = content_hash(full_content(ticket))
    now_version = (RecordVersion.select(RecordVersion.version)
                   .where((RecordVersion.subject_type == SUBJECT)
                          & (RecordVersion.subject_id == ticket.id)
                          & (RecordVersion.sha256 == digest)).scalar())
    sealed = i18n.text("verify.sealed") if row.sealed else ""
    if now_version == row.version:
        message = i18n.text("verify.current", number=ticket.number, version=row.version,
                            sealed=sealed)
    elif now_version:
        message = i18n.text("verify.old", number=ticket.number, version=row.version,
                            sealed=sealed, current=now_version)
    else:
        message = i18n.text("verify.changed", number=ticket.number, version=row.version,
                            sealed=sealed)
    return Verdict(True, message, ticket.number, row.version, now_version or 0, row.sealed)


def stamp_meta(stamp: dict[str, Any], version: int, digest: str) -> RecordMeta:
    """The print stamp stored with a version, as the sheet's meta (hall, time, printer)."""
    from hall_desk import pdf

    at = stamp.get("at")
    return pdf.RecordMeta(hall_name=stamp.get("hall") or "",
                          printed_at=datetime.fromisoformat(at) if at else None,
                          printed_by=stamp.get("by") or "", version=version,
                          content_sha256=digest)


def version_row(subject: str, subject_id: int, version: int) -> RecordVersion:
    """The stored version ``version`` of a record (a reception run, a handover...)."""
    return RecordVersion.get((RecordVersion.subject_type == subject)
                             & (RecordVersion.subject_id == subject_id)
                             & (RecordVersion.version == version))


def store_version(subject: str, subject_id: int, data: dict[str, Any], *, sealed: bool,
                  actor: Actor | None = None) -> tuple[int, str]:
    """(version, SHA-256) of a record kept like a ticket's (a day, a reception run) whose
    content is ``data`` as it stands: the stored version of that content, else a new one,
    stored with its print stamp; ``sealed`` once its subject is closed."""
    digest = content_hash(data)
    where = (RecordVersion.subject_type == subject) & (RecordVersion.subject_id == subject_id)
    with write_transaction():
        found = RecordVersion.get_or_none(where & (RecordVersion.sha256 == digest))
        if found is None:
            last = (RecordVersion.select(RecordVersion.version).where(where)
                    .order_by(RecordVersion.version.desc()).limit(1).scalar()) or 0
            moment = now()
            found = RecordVersion.create(
                subject_type=subject, subject_id=subject_id, version=last + 1,
                content=canonical_json(dict(data, _print=print_stamp(actor, moment))),
                sha256=digest, sealed=sealed, created_at=moment,
                created_by=actor.staff_id if actor else None)
            rowstate.record(f"record:{subject}:{subject_id}")
    return found.version, digest


def signature_entry(subject: str, subject_id: int, role: str,
                    stored: dict[str, Any]) -> SignatureEntry:
    """A signature as a stored version records it (signer, time, the image's hash), for the
    sheet: the image is the subject's stored one with that hash (none if not kept)."""
    from hall_desk import pdf

    image = None
    if stored.get("image_sha256"):
        for row in Signature.select().where((Signature.subject_type == subject)
                                            & (Signature.subject_id == subject_id)
                                            & Signature.image_png.is_null(False)):
            png = bytes(row.image_png)
            if content_hash({"png": png.hex()}) == stored["image_sha256"]:
                image = png
    return pdf.SignatureEntry(role=role, signer_name=stored.get("signer_name") or "",
                              signed_at=stored.get("signed_at"), image=image,
                              on_paper=bool(stored.get("on_paper")))
