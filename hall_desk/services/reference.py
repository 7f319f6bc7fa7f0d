"""Packages down (issue #21, part 3): the head office's signed reference packages (a year's
holiday calendar, the time-limit policy, the complaint categories, the counter's phrases,
the reception and daily templates, one hall's staff) and a hall applying them.

The head office keeps its reference data in a database of this program's own schema (set
up with ``hall-desk init``, edited with the same tools a hall uses) and its Ed25519 signing
key beside its config (:func:`key_paths`; made by :func:`keygen` or at the first export,
never in a package). Each export gives the subject the next version (kept in that
database's settings, :data:`ISSUED_KEY`).

A hall takes a package only when its administrator installed the head office's public key
(:func:`trust`), the signature holds, it is for this hall (staff) or industry (categories),
and its version is above the one the hall has of that subject. Everything of it is applied
in one transaction, with a ``reference_package`` row chained on the ``state`` chain
(``reference:<id>``: ``audit verify`` catches a quiet edit); working out the deadlines again
after a calendar or policy follows, as after ``calendar import``.

Staff travel without PINs in clear: a new account gets the scrypt hash of the initial PIN
the head office gave it (``core.auth.hash_pin``) and must choose its own at its first login
(``staff.must_change_pin``); an existing account keeps its PIN.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hall_desk import config, paths
from hall_desk.core import deadlines as policy_rules
from hall_desk.core import i18n
from hall_desk.core import phrases as phrase_rules
from hall_desk.core import reference as fmt
from hall_desk.core.auth import require
from hall_desk.core.chain import canonical_json
from hall_desk.core.enums import Role
from hall_desk.core.errors import HallError, NotFound
from hall_desk.core.workdays import YearCalendar, library_year, loads_year
from hall_desk.services import admin, calendar, daily, deadlines, phrases, reception, settings
from hall_desk.services.context import Actor, now
from hall_desk.services.package import _write
from hall_desk.store import rowstate
from hall_desk.store.models import AccessLog, Category, Department, ReferencePackage, Staff
from hall_desk.store.tx import write_transaction

log = logging.getLogger(__name__)

KEY_FILE = "headoffice-signing.key"
PUBLIC_FILE = "headoffice-signing.pub"
TRUST_ACTION = "reference_trust"       # the hall's access-log rows of the keys it trusts
ISSUED_KEY = "reference.issued"        # the head office: {subject: last version issued}
SHELVES = {"reception": reception.SHELF, "daily": daily.SHELF}
_LOGIN_RE = re.compile(r"^[a-z0-9_.-]{2,32}$")


# -- the head office's key ----------------------------------------------------------------

def key_paths(folder: str | Path | None = None) -> tuple[Path, Path]:
    """The signing key and its public half: in ``folder``, else beside this PC's config."""
    base = Path(folder) if folder else config.config_path().parent
    return base / KEY_FILE, base / PUBLIC_FILE


@dataclass(frozen=True)
class Key:
    path: Path
    public_path: Path
    fingerprint: str
    created: bool


def keygen(folder: str | Path | None = None, *, create: bool = True) -> Key:
    """The head office's signing key, made (owner-only file) when there is none yet; an
    existing key is kept, never replaced (the halls trust it)."""
    private, public = key_paths(folder)
    created = False
    if not private.exists():
        if not create:
            raise HallError("reference.error.no_key", path=str(private))
        private.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        _write(private, fmt.new_private_key())
        paths.tighten(private)
        created = True
    pem = _read(private)
    public_pem = fmt.public_pem(pem, str(private))
    if not public.exists() or public.read_bytes() != public_pem:
        _write(public, public_pem)
    return Key(private, public, fmt.fingerprint(fmt.raw_public(public_pem)), created)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise HallError("package.error.read", path=str(path),
                        detail=exc.strerror or str(exc)) from None


# -- the head office: export --------------------------------------------------------------

@dataclass(frozen=True)
class Written:
    kind: str
    subject: str
    version: int
    path: Path
    fingerprint: str


def export(actor: Actor, kind: str, to_dir: str | Path, *, year: int | None = None,
           hall: str | None = None, industry: str | None = None,
           logins: list[str] | None = None, key_folder: str | Path | None = None) -> Written:
    """Write the next version of ``kind`` from this database into ``to_dir``, signed with
    the head office's key (made at the first export). ``year``: the calendar's (required
    for it); ``hall``: the hall id a staff package is for (required for it); ``industry``:
    the preset a categories package is for (default: this database's); ``logins``: the
    accounts a staff package carries (default: every account of this database)."""
    require(actor.role, "edit_settings")
    if kind not in fmt.KINDS:
        raise HallError("error.choice", field="kind", value=kind)
    if kind == "calendar" and not (year and 1900 <= year <= 2999):
        raise HallError("cli.missing_arg", name="--year")
    if kind == "staff" and not (hall and re.fullmatch(r"[0-9a-f-]{36}", hall)):
        raise HallError("cli.missing_arg", name="--hall")
    if industry and industry not in deadlines.presets():
        raise HallError("error.choice", field="industry", value=industry)
    folder = Path(to_dir)
    if not folder.is_dir() or not os.access(folder, os.W_OK):
        raise HallError("package.error.folder", path=str(folder))
    key = keygen(key_folder)
    subject = fmt.subject(kind, year=year, hall=hall)
    content = _CONTENT[kind](year=year, industry=industry, logins=logins)
    with write_transaction():
        rowstate.lock_heads()        # PostgreSQL: two exports give two versions, one by one
        issued = settings.get(ISSUED_KEY) or {}
        version = int(issued.get(subject, 0)) + 1
        manifest = {"kind": kind, "subject": subject, "version": version,
                    "issuer": settings.hall_name(), "hall": hall if kind == "staff" else None,
                    "created_at": now().isoformat(timespec="seconds"),
                    "created_by": actor.name}
        target = folder / fmt.file_name(kind, subject, version)
        _write(target, fmt.encode(manifest, content, _read(key.path)))
        try:
            settings.put(ISSUED_KEY, {**issued, subject: version})
        except BaseException:
            target.unlink(missing_ok=True)
            raise
    log.info("reference package %s v%d written to %s", subject, version, target)
    return Written(kind, subject, version, target, key.fingerprint)


def _calendar_content(*, year: int | None, **_: Any) -> dict[str, Any]:
    stored = deadlines.imported_years().get(year)
    if stored is not None:
        found = YearCalendar.from_dict(stored)
    elif deadlines.calendar().year_known(year):
        found = library_year(year)
    else:
        raise HallError("calendar.missing", year=year)
    return {"year": year, "file": fmt.calendar_toml(found)}


def _policies_content(**_: Any) -> dict[str, Any]:
    return {"preset": deadlines.current_preset(), "toml": deadlines.policy_text()}


def _categories_content(*, industry: str | None, **_: Any) -> dict[str, Any]:
    return {"industry": industry or settings.get("policy_preset") or "",
            "entries": [{"code": e.code, "name": e.name, "name_en": e.name_en,
                         "active": e.active} for e in admin.entries("category")]}


def _phrases_content(**_: Any) -> dict[str, Any]:
    return {"template": phrases.template().as_dict()}


def _templates_content(**_: Any) -> dict[str, Any]:
    return {name: {t.name: t.as_dict() for t in shelf.all()} for name, shelf in SHELVES.items()}


def _staff_content(*, logins: list[str] | None, **_: Any) -> dict[str, Any]:
    codes = {d.id: d.code for d in Department.select()}
    query = Staff.select().order_by(Staff.id)
    if logins:
        wanted = {login.strip().lower() for login in logins}
        missing = wanted - {s.login for s in query}
        if missing:
            raise NotFound(what="what.staff", key=", ".join(sorted(missing)))
        query = query.where(Staff.login.in_(wanted))
    return {"staff": [{"login": s.login, "name": s.name, "role": s.role,
                       "department": codes.get(s.department_id, ""), "active": bool(s.active),
                       "pin_hash": s.pin_hash} for s in query]}


_CONTENT: dict[str, Callable[..., dict[str, Any]]] = {
    "calendar": _calendar_content, "policies": _policies_content,
    "categories": _categories_content, "phrases": _phrases_content,
    "templates": _templates_content, "staff": _staff_content,
}


# -- the hall: trust, apply ---------------------------------------------------------------

def trusted() -> list[dict[str, str]]:
    """The head-office keys this hall trusts (fingerprint, key, file, at, by), oldest first:
    the access-log rows :func:`trust` wrote, each on the ``state`` chain, so that a key slipped
    into the table by hand fails ``audit verify``."""
    found: dict[str, dict[str, str]] = {}
    for row in (AccessLog.select().where(AccessLog.action == TRUST_ACTION)
                .order_by(AccessLog.id)):
        data = _loads(row.reason)
        if data.get("key"):
            found.setdefault(data["fingerprint"], {
                **data, "at": row.at.isoformat(sep=" ", timespec="minutes"),
                "by": row.staff.name if row.staff_id else ""})
    return list(found.values())


def trust(actor: Actor, key_file: str | Path) -> str:
    """Install a head-office public key (PEM) as trusted; returns its fingerprint, which the
    administrator compares with the one the head office gave."""
    require(actor.role, "edit_settings")
    path = Path(key_file)
    raw = fmt.raw_public(_read(path), str(path))
    found = fmt.fingerprint(raw)
    with write_transaction():
        at = now()
        entry = AccessLog.create(at=at, staff=actor.staff_id, action=TRUST_ACTION, ticket=None,
                                 reason=canonical_json({"fingerprint": found, "key": raw.hex(),
                                                        "file": path.name}))
        rowstate.record(f"access:{entry.id}", origin=f"staff:{actor.staff_id}", at=at)
    log.info("%s trusts the head-office key %s from %s", actor.name, found, path)
    return found


@dataclass(frozen=True)
class Applied:
    kind: str
    subject: str
    version: int
    fingerprint: str
    summary: str


def apply(actor: Actor, path: str | Path) -> Applied:
    """Apply a reference package at this hall: all of it or nothing. Refused (HallError, one
    line): damaged or altered, a bad signature, a key not trusted here, for another hall or
    industry, a version not above the one the hall has of that subject, content that does
    not validate."""
    require(actor.role, "edit_settings")
    path = Path(path)
    ref = fmt.decode(_read(path), str(path))
    fmt.check_trusted(ref, {k["fingerprint"] for k in trusted()}, str(path))
    with write_transaction():
        rowstate.lock_heads()
        fmt.check_newer(ref, have_version(ref.subject))
        fmt.check_for_hall(ref, settings.hall_id(), settings.get("policy_preset"))
        summary = _APPLY[ref.kind](actor, ref, path.name)
        manifest = ref.manifest
        row = ReferencePackage.create(
            kind=ref.kind, subject=ref.subject, version=ref.version,
            issuer=str(manifest.get("issuer", ""))[:128], key_fingerprint=ref.fingerprint,
            created_at=str(manifest.get("created_at", ""))[:32],
            created_by=str(manifest.get("created_by", ""))[:64], sha256=ref.sha256,
            applied_at=now(), applied_by=actor.name,
            summary=canonical_json({"text": summary.text("zh"),
                                    "state": _state_digest(ref.subject)}))
        rowstate.record(f"reference:{row.id}", origin=f"staff:{actor.staff_id}")
    _after(actor, ref)
    log.info("%s applied reference package %s v%d from %s", actor.name, ref.subject,
             ref.version, path)
    return Applied(ref.kind, ref.subject, ref.version, ref.fingerprint, summary.text())


def have_version(subject: str) -> int | None:
    found = ReferencePackage.select(ReferencePackage.version).where(
        ReferencePackage.subject == subject).order_by(ReferencePackage.version.desc()).first()
    return found.version if found else None


def _after(actor: Actor, ref: fmt.Reference) -> None:
    """What follows a calendar or a policy, in batches of their own (as ``calendar import``
    and ``save_policy`` do): the deadlines worked out again."""
    deadlines.forget()
    if ref.kind == "calendar":
        calendar.recompute_provisional(actor, int(ref.content["year"]))
    elif ref.kind == "policies":
        deadlines.fill_stored(only_open=True)


def _apply_calendar(actor: Actor, ref: fmt.Reference, name: str) -> i18n.Phrase:
    year = loads_year(ref.content["file"])
    if ref.subject != fmt.subject("calendar", year=year.year):
        raise HallError("reference.error.damaged", path=name, detail="year")
    settings.put(f"{deadlines.YEAR_KEY}{year.year}",
                 {**year.to_dict(), "imported_at": now().isoformat(sep=" "),
                  "imported_by": actor.name, "file": name})
    return i18n.Phrase("reference.summary.calendar", {
        "year": year.year, "holidays": len(year.holidays), "workdays": len(year.workdays)})


def _apply_policies(actor: Actor, ref: fmt.Reference, name: str) -> i18n.Phrase:
    parsed = policy_rules.loads_policy(ref.content["toml"])
    settings.put("policy_toml", ref.content["toml"])
    return i18n.Phrase("reference.summary.policies", {"n": len(parsed.rules)})


def _apply_categories(actor: Actor, ref: fmt.Reference, name: str) -> i18n.Phrase:
    """Each code added or brought to the package's names and state; a category the package
    does not name stays as it is (tickets refer to it)."""
    changed = 0
    for position, entry in enumerate(ref.content["entries"]):
        code = admin._normal_code("category", str(entry["code"]))
        values = {"name": str(entry["name"])[:32], "name_en": str(entry.get("name_en", ""))[:64],
                  "active": bool(entry.get("active", True))}
        row = Category.get_or_none(Category.code == code)
        if row is None:
            row = Category.create(code=code, position=Category.select().count(), **values)
        elif all(getattr(row, k) == v for k, v in values.items()):
            continue
        else:
            Category.update(**values).where(Category.id == row.id).execute()
        rowstate.record(f"category:{row.id}", origin=f"staff:{actor.staff_id}")
        changed += 1
    if not Category.select().where(Category.active == True).exists():  # noqa: E712
        raise HallError("admin.error.last_active", what="what.category")
    return i18n.Phrase("reference.summary.categories", {"n": changed})


def _apply_phrases(actor: Actor, ref: fmt.Reference, name: str) -> i18n.Phrase:
    template = phrase_rules.template_from_dict(ref.content["template"])
    settings.put(phrases.SETTINGS_KEY, template.as_dict())
    return i18n.Phrase("reference.summary.phrases", {"version": template.version})


def _apply_templates(actor: Actor, ref: fmt.Reference, name: str) -> i18n.Phrase:
    """The package's templates replace the hall's copies of the same names; others stay."""
    done = {}
    for shelf_name, shelf in SHELVES.items():
        found = {n: shelf.from_dict(d).as_dict()
                 for n, d in (ref.content.get(shelf_name) or {}).items()}
        settings.put(shelf.settings_key, {**shelf.stored(), **found})
        done[shelf_name] = len(found)
    return i18n.Phrase("reference.summary.templates", done)


def _apply_staff(actor: Actor, ref: fmt.Reference, name: str) -> i18n.Phrase:
    """By login: a new account is made with the head office's PIN hash and must choose its
    own PIN at its first login; an existing one gets the name, role, department and state
    (its PIN stays). At least one administrator stays in use."""
    from hall_desk.services import staff as staff_service

    departments = {d.code: d.id for d in Department.select()}
    made = changed = 0
    for entry in ref.content["staff"]:
        login = str(entry["login"]).strip().lower()
        role = Role(entry["role"])
        if not _LOGIN_RE.match(login) or role is Role.SYSTEM \
                or not str(entry.get("pin_hash", "")).startswith("scrypt$"):
            raise HallError("reference.error.damaged", path=name, detail=f"staff {login}")
        values = {"name": str(entry["name"])[:32], "role": role.value,
                  "department": departments.get(entry.get("department") or ""),
                  "active": bool(entry.get("active", True))}
        row = Staff.get_or_none(Staff.login == login)
        if row is None:
            row = Staff.create(login=login, pin_hash=entry["pin_hash"], created_at=now(),
                               **values)
            staff_service._mark_must_change(row.id, True)
            made += 1
        elif (row.name, row.role, row.department_id, bool(row.active)) == tuple(values.values()):
            continue
        else:
            Staff.update(**values).where(Staff.id == row.id).execute()
            changed += 1
        rowstate.record(f"staff:{row.id}", origin=f"staff:{actor.staff_id}")
    if not Staff.select().where((Staff.role == Role.ADMIN.value)
                                & (Staff.active == True)).exists():  # noqa: E712
        raise HallError("reference.error.no_admin")
    return i18n.Phrase("reference.summary.staff", {"made": made, "changed": changed})


_APPLY: dict[str, Callable[[Actor, fmt.Reference, str], i18n.Phrase]] = {
    "calendar": _apply_calendar, "policies": _apply_policies,
    "categories": _apply_categories, "phrases": _apply_phrases,
    "templates": _apply_templates, "staff": _apply_staff,
}


# -- what Settings shows ------------------------------------------------------------------

def _state_digest(subject: str) -> str:
    """A hash of what a subject governs as it stands now: equal to the one recorded when the
    package was applied unless it was edited here since."""
    kind, _, key = subject.partition(":")
    if kind == "calendar":
        value: Any = (deadlines.imported_years().get(int(key)) or {}) if key.isdigit() else {}
        value = {k: value.get(k) for k in ("year", "holidays", "workdays")}
    elif kind == "policies":
        value = deadlines.policy_text()
    elif kind == "categories":
        value = [e.to_dict() for e in admin.entries("category")]
        for entry in value:
            entry.pop("id")
    elif kind == "phrases":
        value = settings.get(phrases.SETTINGS_KEY)
    elif kind == "templates":
        value = {name: shelf.stored() for name, shelf in SHELVES.items()}
    else:
        value = [[s.login, s.name, s.role, s.department_id, bool(s.active)]
                 for s in Staff.select().order_by(Staff.login)]
    return hashlib.sha256(canonical_json(value).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class KindState:
    """One row of Settings' table: the version a subject has here and where it came from
    (``source``: "package", "local" (edited here, or set up here) or "default" (shipped))."""

    kind: str
    subject: str
    version: int | None
    source: str
    issuer: str
    created_at: str
    applied_at: str


def status(year: int | None = None) -> list[KindState]:
    """Each kind, in :data:`core.reference.KINDS` order (the calendar of ``year``, default
    this year)."""
    year = year or now().year
    hall = settings.get("hall_id") or ""
    out = []
    for kind in fmt.KINDS:
        subject = fmt.subject(kind, year=year, hall=hall)
        row = (ReferencePackage.select().where(ReferencePackage.subject == subject)
               .order_by(ReferencePackage.version.desc()).first())
        if row is not None:
            recorded = _loads(row.summary).get("state")
            source = "package" if recorded == _state_digest(subject) else "local"
            out.append(KindState(kind, subject, row.version, source, row.issuer, row.created_at,
                                 row.applied_at.isoformat(sep=" ", timespec="minutes")))
        else:
            out.append(KindState(kind, subject, None, _unpackaged(kind, year), "", "", ""))
    return out


def _unpackaged(kind: str, year: int) -> str:
    edited = {"calendar": year in deadlines.imported_years(),
              "policies": bool(settings.get("policy_toml")),
              "phrases": settings.get(phrases.SETTINGS_KEY) is not None,
              "templates": any(shelf.stored() for shelf in SHELVES.values())}
    return "local" if edited.get(kind, True) else "default"


def _loads(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
