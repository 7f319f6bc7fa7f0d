"""Packages from a hall to its head office: the file format and the rules of receiving one
(issue #21; the format is described for people in docs/package-format.md).

A package is one gzip file holding JSON lines: the first line is the manifest, every other
line one piece of content (``{"kind": ..., ...}``). The manifest names the hall, the
sequence number (1, 2, 3 ... per hall), the heads of the hall's hash chains before and
after the package, the count of lines per kind, and ``sha256``: the SHA-256 over the
manifest without that field (canonical JSON), a newline, and the content lines' bytes. So an
altered byte anywhere (manifest, content, or the gzip frame around them) refuses the file.

Plain Python, no database: :mod:`hall_desk.services.package` writes and reads packages.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from hall_desk.core.chain import canonical_json
from hall_desk.core.errors import HallError

FORMAT = "hall-desk-package/1"
SUFFIX = ".hdpkg"
#: The chains a package carries the new links of (``services.anchors.CHAINS``), and the
#: content kind each one's rows travel as.
CHAIN_KINDS = {"ticket_event": "event", "duty_log": "duty", "signature": "signature",
               "state": "state"}
#: Every kind of content line.
KINDS = ("event", "duty", "signature", "state", "ticket", "group")
# the one gzip header a package has (no name, mtime 0, best compression, OS unknown), the
# same whoever wrote it on whatever system: any other header is an edit
_GZIP_HEADER = bytes.fromhex("1f 8b 08 00 00000000 02 ff")


def file_name(hall_id: str, sequence: int) -> str:
    return f"hall-{hall_id[:8]}-{sequence:06d}{SUFFIX}"


def _digest(manifest: dict[str, Any], content: bytes) -> str:
    head = {k: v for k, v in manifest.items() if k != "sha256"}
    return hashlib.sha256(canonical_json(head).encode("utf-8") + b"\n" + content).hexdigest()


def encode(manifest: dict[str, Any],
           lines: Iterable[dict[str, Any]]) -> tuple[bytes, dict[str, Any]]:
    """The package's bytes and its manifest, completed with format, counts and sha256."""
    counts = dict.fromkeys(KINDS, 0)
    body = []
    for line in lines:
        counts[line["kind"]] += 1
        body.append(canonical_json(line).encode("utf-8") + b"\n")
    content = b"".join(body)
    manifest = {**manifest, "format": FORMAT, "counts": counts}
    manifest["sha256"] = _digest(manifest, content)
    raw = canonical_json(manifest).encode("utf-8") + b"\n" + content
    return _gzip(raw), manifest


def _gzip(raw: bytes) -> bytes:
    """A gzip stream with :data:`_GZIP_HEADER` (``gzip.compress`` lets zlib write the
    system's own OS byte)."""
    deflate = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    body = deflate.compress(raw) + deflate.flush()
    return _GZIP_HEADER + body + struct.pack("<II", zlib.crc32(raw), len(raw) & 0xFFFFFFFF)


@dataclass(frozen=True)
class Package:
    manifest: dict[str, Any]
    lines: list[dict[str, Any]]

    @property
    def hall_id(self) -> str:
        return self.manifest["hall"]["id"]

    @property
    def sequence(self) -> int:
        return self.manifest["sequence"]

    @property
    def sha256(self) -> str:
        return self.manifest["sha256"]


def decode(data: bytes, name: str = "") -> Package:
    """Read and check a package's bytes; HallError ``package.error.damaged`` (an altered or
    cut file: the hash, the gzip frame, the JSON) or ``package.error.format`` (a newer or
    foreign format) naming the file."""
    def damaged(detail: str) -> HallError:
        return HallError("package.error.damaged", path=name, detail=detail)

    if data[:10] != _GZIP_HEADER:
        raise damaged("gzip header")
    try:
        raw = gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as exc:
        raise damaged(f"gzip: {exc}") from None
    first, sep, content = raw.partition(b"\n")
    try:
        manifest = json.loads(first.decode("utf-8"))
        if not isinstance(manifest, dict):
            raise ValueError("manifest")
    except ValueError:
        raise damaged("manifest") from None
    if manifest.get("format") != FORMAT:
        raise HallError("package.error.format", path=name, found=str(manifest.get("format"))[:40],
                        supported=FORMAT)
    if not sep or canonical_json(manifest).encode("utf-8") != first \
            or manifest.get("sha256") != _digest(manifest, content):
        raise damaged("sha256")
    try:
        lines = [json.loads(line) for line in content.decode("utf-8").splitlines()]
        _check_shape(manifest, lines)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise damaged(f"{type(exc).__name__}: {exc}") from None
    return Package(manifest, lines)


def _check_shape(manifest: dict[str, Any], lines: list[dict[str, Any]]) -> None:
    """What a well-formed manifest holds (a hash over nonsense is still nonsense)."""
    if not re.fullmatch(r"[0-9a-f-]{36}", manifest["hall"]["id"]):
        raise ValueError("hall id")
    if not isinstance(manifest["sequence"], int) or manifest["sequence"] < 1:
        raise ValueError("sequence")
    for side in ("heads_before", "heads_after"):
        for head in manifest[side].values():
            if not isinstance(head["hash"], str) or int(head["length"]) < 0:
                raise ValueError(side)
    counts = dict.fromkeys(KINDS, 0)
    for line in lines:
        counts[line["kind"]] += 1
    if counts != manifest["counts"]:
        raise ValueError("counts")


def check_links(package: Package) -> None:
    """The rows of each chain, in order, must continue the chain from its head before to its
    head after: each row's ``prev_hash`` is the hash before it, the last row's hash is the
    head after, and the count is the difference of the lengths. HallError
    ``package.error.links`` naming the chain otherwise (rows left out or made up)."""
    before, after = package.manifest["heads_before"], package.manifest["heads_after"]
    for chain, kind in CHAIN_KINDS.items():
        rows = sorted((line["row"] for line in package.lines if line["kind"] == kind),
                      key=lambda r: r["id"])
        start = before.get(chain, {"hash": "0" * 64, "length": 0})
        end = after.get(chain, start)
        head = start["hash"]
        for row in rows:
            if row["prev_hash"] != head:
                raise HallError("package.error.links", chain=chain, row=row["id"])
            head = row["hash"]
        if head != end["hash"] or len(rows) != int(end["length"]) - int(start["length"]):
            raise HallError("package.error.links", chain=chain, row="-")


@dataclass(frozen=True)
class Verdict:
    """What to do with a package given the head office's last one of that hall."""

    action: str                 # "import" or "already"


def judge(package: Package, last_sequence: int, last_heads: dict[str, Any] | None,
          same_sequence_sha: str | None) -> Verdict:
    """``last_sequence``: the head office's newest package of this hall (0: none);
    ``last_heads``: its heads after; ``same_sequence_sha``: the hash of the package with
    this one's sequence, if received. Already received with the same bytes: "already";
    received with other bytes: refused; a gap: refused naming the first missing sequence;
    heads before that are not the heads after the last: refused."""
    seq = package.sequence
    if same_sequence_sha is not None:
        if same_sequence_sha == package.sha256:
            return Verdict("already")
        raise HallError("package.error.conflict", sequence=seq,
                        hall=package.manifest["hall"].get("name") or package.hall_id)
    if seq > last_sequence + 1:
        raise HallError("package.error.gap", missing=last_sequence + 1, sequence=seq)
    before = package.manifest["heads_before"]
    if last_heads is not None and _heads(before) != _heads(last_heads):
        raise HallError("package.error.continuity", sequence=seq,
                        chains=", ".join(sorted(c for c in set(before) | set(last_heads)
                                                if _heads(before).get(c)
                                                != _heads(last_heads).get(c))))
    return Verdict("import")


def _heads(heads: dict[str, Any]) -> dict[str, tuple[str, int]]:
    return {c: (h["hash"], int(h["length"])) for c, h in heads.items()}


def scrubber(secrets: Iterable[str], mark: str = "＊＊＊"):
    """A function replacing every given secret (an anonymous customer's name, phone,
    address) in every string of a JSON-like value. Secrets shorter than two characters are
    ignored (a single character would wipe ordinary words)."""
    found = sorted({s.strip() for s in secrets if s and len(s.strip()) >= 2}, key=len,
                   reverse=True)
    if not found:
        return lambda value: value
    pattern = re.compile("|".join(map(re.escape, found)))

    def scrub(value: Any) -> Any:
        if isinstance(value, str):
            return pattern.sub(mark, value)
        if isinstance(value, dict):
            return {k: scrub(v) for k, v in value.items()}
        if isinstance(value, list):
            return [scrub(v) for v in value]
        return value
    return scrub
