"""Reference packages from the head office down to its halls (issue #21, part 3): the file
format, its Ed25519 signature, and the rules a hall applies before it takes one.

A reference package is a UTF-8 text file of two lines of canonical JSON (not compressed:
every byte of it is signed; the files are small): the manifest, then the
content (what the kind carries; docs/package-format.md). The manifest names the kind, the
*subject* it versions (``calendar:2027``, ``staff:<hall id>``, else the kind itself), the
version (1, 2, 3 ... per subject, given by the head office), the signing key (raw Ed25519
public key, base64) and ``signature``: Ed25519 over the manifest without that field
(canonical JSON), a newline, and the content line. Everything the hall relies on is inside
what is signed, so an altered byte anywhere refuses the file, and a key the hall has not
been told to trust refuses it however well it is signed.

Plain Python (``cryptography`` for Ed25519), no database: ``services.reference`` writes and
applies packages.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey, Ed25519PublicKey,
)

from hall_desk.core.chain import canonical_json
from hall_desk.core.errors import HallError
from hall_desk.core.workdays import YearCalendar

FORMAT = "hall-desk-reference/1"
SUFFIX = ".hdref"
KINDS = ("calendar", "policies", "categories", "phrases", "templates", "staff")
#: the words of each kind, and of where a hall's reference data came from (``status``)
KIND_WORDS = {"calendar": "reference.kind.calendar", "policies": "reference.kind.policies",
              "categories": "reference.kind.categories", "phrases": "reference.kind.phrases",
              "templates": "reference.kind.templates", "staff": "reference.kind.staff"}
SOURCE_WORDS = {"package": "reference.source.package", "local": "reference.source.local",
                "default": "reference.source.default"}


# -- keys ---------------------------------------------------------------------------------

def new_private_key() -> bytes:
    """A new signing key as PEM (PKCS#8, not encrypted: the file's mode protects it)."""
    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption())


def _private(pem: bytes, name: str) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError):
        raise HallError("reference.error.key", path=name) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise HallError("reference.error.key", path=name)
    return key


def public_pem(private_pem: bytes, name: str = "") -> bytes:
    """The public key (PEM, SubjectPublicKeyInfo) of a signing key: what the halls trust."""
    return _private(private_pem, name).public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def raw_public(pem: bytes, name: str = "") -> bytes:
    """The 32 bytes of an Ed25519 public key given as PEM; HallError naming the file if it
    is anything else."""
    try:
        key = serialization.load_pem_public_key(pem)
    except (ValueError, TypeError):
        raise HallError("reference.error.key", path=name) from None
    if not isinstance(key, Ed25519PublicKey):
        raise HallError("reference.error.key", path=name)
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def fingerprint(raw: bytes) -> str:
    """What a person compares by eye: SHA-256 of the raw key, 20 bytes, in groups of four."""
    digest = hashlib.sha256(raw).hexdigest()[:40]
    return " ".join(digest[i:i + 4] for i in range(0, 40, 4))


# -- the file -----------------------------------------------------------------------------

def subject(kind: str, *, year: int | None = None, hall: str | None = None) -> str:
    """What a version number counts: one year's calendar, one hall's staff, else the kind."""
    if kind == "calendar":
        return f"calendar:{year}"
    if kind == "staff":
        return f"staff:{hall}"
    return kind


def file_name(kind: str, subject_: str, version: int) -> str:
    key = subject_.partition(":")[2][:8]
    return f"reference-{kind}{'-' + key if key else ''}-v{version:04d}{SUFFIX}"


def _signed_bytes(manifest: dict[str, Any], content: bytes) -> bytes:
    head = {k: v for k, v in manifest.items() if k != "signature"}
    return canonical_json(head).encode("utf-8") + b"\n" + content


def encode(manifest: dict[str, Any], content: dict[str, Any], private_pem: bytes) -> bytes:
    """The signed package: ``manifest`` (kind, subject, version, created_at/by, issuer ...)
    completed with the format, the key and the signature."""
    key = _private(private_pem, "")
    raw = key.public_key().public_bytes(serialization.Encoding.Raw,
                                        serialization.PublicFormat.Raw)
    body = canonical_json(content).encode("utf-8")
    manifest = {**manifest, "format": FORMAT,
                "key": base64.b64encode(raw).decode("ascii")}
    manifest["signature"] = base64.b64encode(
        key.sign(_signed_bytes(manifest, body))).decode("ascii")
    return canonical_json(manifest).encode("utf-8") + b"\n" + body + b"\n"


@dataclass(frozen=True)
class Reference:
    manifest: dict[str, Any]
    content: dict[str, Any]
    sha256: str                      # of the whole file, for the hall's record

    @property
    def kind(self) -> str:
        return self.manifest["kind"]

    @property
    def subject(self) -> str:
        return self.manifest["subject"]

    @property
    def version(self) -> int:
        return self.manifest["version"]

    @property
    def key(self) -> bytes:
        return base64.b64decode(self.manifest["key"])

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.key)


def is_reference(data: bytes) -> bool:
    """Whether these bytes claim to be a reference package (its manifest's format), without
    checking anything else: which command reads a file given to ``package import``."""
    try:
        first = data.partition(b"\n")[0]
        return json.loads(first.decode("utf-8")).get("format", "").startswith(
            "hall-desk-reference/")
    except (ValueError, AttributeError):
        return False


def decode(data: bytes, name: str = "") -> Reference:
    """Read a reference package and check that its signature holds under the key it names.
    HallError ``reference.error.damaged`` (not two lines of JSON: an altered or cut file),
    ``reference.error.format`` or ``reference.error.signature`` (the bytes are not what that
    key signed), naming the file. Whether the key is trusted is :func:`check_trusted`."""
    def damaged(detail: str) -> HallError:
        return HallError("reference.error.damaged", path=name, detail=detail)

    first, _, rest = data.partition(b"\n")
    body, end, tail = rest.partition(b"\n")
    try:
        manifest = json.loads(first.decode("utf-8"))
        content = json.loads(body.decode("utf-8"))
        if not isinstance(manifest, dict) or not isinstance(content, dict) or tail or not end:
            raise ValueError("shape")
    except ValueError:
        raise damaged("JSON") from None
    if manifest.get("format") != FORMAT:
        raise HallError("reference.error.format", path=name,
                        found=str(manifest.get("format"))[:40], supported=FORMAT)
    try:
        if canonical_json(manifest).encode("utf-8") != first \
                or canonical_json(content).encode("utf-8") != body:
            raise ValueError("not canonical")
        Ed25519PublicKey.from_public_bytes(base64.b64decode(manifest["key"], validate=True)) \
            .verify(base64.b64decode(manifest["signature"], validate=True),
                    _signed_bytes(manifest, body))
    except (InvalidSignature, ValueError, KeyError, TypeError):
        raise HallError("reference.error.signature", path=name) from None
    kind, version = manifest.get("kind"), manifest.get("version")
    if kind not in KINDS or not isinstance(version, int) or version < 1 \
            or not isinstance(manifest.get("subject"), str):
        raise damaged("manifest")
    return Reference(manifest, content, hashlib.sha256(data).hexdigest())


def check_trusted(ref: Reference, trusted: set[str], name: str = "") -> None:
    """``trusted``: the fingerprints of the head-office keys this hall installed."""
    if ref.fingerprint not in trusted:
        raise HallError("reference.error.untrusted", path=name, fingerprint=ref.fingerprint)


def check_newer(ref: Reference, have: int | None) -> None:
    """Only a version above the one the hall has of that subject (None: none yet)."""
    if have is not None and ref.version <= have:
        raise HallError("reference.error.not_newer", kind=KIND_WORDS[ref.kind],
                        version=ref.version, have=have)


def check_for_hall(ref: Reference, hall_id: str, industry: str | None) -> None:
    """A staff package is for one hall; a categories package for one industry (a policy
    preset's name) when it names one."""
    target = ref.manifest.get("hall")
    if target and target != hall_id:
        raise HallError("reference.error.other_hall", hall=target, this=hall_id)
    wanted = ref.content.get("industry") if ref.kind == "categories" else None
    if wanted and industry and wanted != industry:
        raise HallError("reference.error.industry", industry=wanted, this=industry)


# -- the calendar file: the format ``hall-desk calendar import`` reads --------------------

def calendar_toml(year: YearCalendar, title: str = "") -> str:
    """A year's calendar as the TOML file ``hall-desk calendar import`` takes
    (``resources/calendars/2026.toml``): each run of days off with one name a holiday, and
    each make-up working day under the first holiday of its name."""
    periods: list[list[Any]] = []                # [name, name_en, first, last, [workdays]]
    for day in sorted(year.holidays):
        zh, en = year.holidays[day]
        last = periods[-1] if periods else None
        if last and (last[0], last[1]) == (zh, en) and last[3] + timedelta(days=1) == day:
            last[3] = day
        else:
            periods.append([zh, en, day, day, []])
    for day in sorted(year.workdays):
        names = year.workdays[day]
        owner = next((p for p in periods if (p[0], p[1]) == names), None)
        if owner is None:
            owner = min(periods, key=lambda p: abs((p[2] - day).days))
        owner[4].append(day)
    lines = [f"# {title}" if title else f"# {year.year}", "", f"year = {year.year}"]
    for zh, en, first, last, workdays in periods:
        lines += ["", "[[holidays]]", f"name = {json.dumps(zh, ensure_ascii=False)}"]
        if en:
            lines.append(f"name_en = {json.dumps(en, ensure_ascii=False)}")
        lines.append(f"from = {first.isoformat()}")
        if last != first:
            lines.append(f"to = {last.isoformat()}")
        if workdays:
            lines.append(f"workdays = [{', '.join(d.isoformat() for d in sorted(workdays))}]")
    return "\n".join(lines) + "\n"

