"""Anchors: the heads of every hash chain at one moment, kept outside the database file.

A hash chain shows that rows were changed by hand only as long as the forger does not
recompute it: whoever can write the file can rewrite a row and every hash after it. An
anchor fixes the chains' heads (hash and length) at a moment in a place the forger cannot
reach: printed as a short code on the sealed 交接班记录 sheet, or written as a JSON file
beside each backup (on the USB drive). Checking an anchor later walks every chain up to the
anchored length and compares the hash there; a rewrite anywhere before the anchor shows.

The short code is the first 64 bits of the SHA-256 over the heads, as ``ABCD-EF01-2345-6789``.
Given only the code, the heads are looked up among the anchors kept in the database (at each
sealed handover) and recomputed from the chains as they are now.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

from hall_desk.core.chain import canonical_json, content_hash
from hall_desk.core.errors import HallError
from hall_desk.store.models import Anchor, ChainHead

log = logging.getLogger(__name__)

FORMAT = "hall-desk-anchor/1"
#: Every chain an anchor covers (``store.rowstate`` owns ``state``).
CHAINS = ("ticket_event", "duty_log", "signature", "state")
SIDECAR = ".anchor.json"


def code_of(heads: dict[str, dict[str, Any]]) -> str:
    """The short printable code of a set of heads."""
    raw = content_hash({c: {"hash": h["hash"], "length": int(h["length"])}
                        for c, h in sorted(heads.items())})[:16].upper()
    return "-".join(raw[i:i + 4] for i in range(0, 16, 4))


def normalise_code(text: str) -> str:
    """``abcd ef01-2345 6789`` -> ``ABCD-EF01-2345-6789``; HallError if it is not one."""
    raw = "".join(ch for ch in str(text).upper() if ch not in " -")
    if len(raw) != 16 or any(ch not in "0123456789ABCDEF" for ch in raw):
        raise HallError("anchor.error.code", value=text)
    return "-".join(raw[i:i + 4] for i in range(0, 16, 4))


def current_heads() -> dict[str, dict[str, Any]]:
    """The heads as the chain-head rows hold them now (inside a transaction: its snapshot)."""
    found = {n: {"hash": h, "length": length}
             for n, h, length in ChainHead.select(ChainHead.name, ChainHead.hash,
                                                  ChainHead.length).tuples()}
    return {c: found[c] for c in CHAINS if c in found}


def document(heads: dict[str, dict[str, Any]], *, at: datetime, subject: str) -> dict[str, Any]:
    """The full anchor as written to a file."""
    return {"format": FORMAT, "at": at.isoformat(timespec="seconds"), "subject": subject,
            "heads": heads, "code": code_of(heads)}


def take(subject: str, at: datetime | None = None) -> Anchor:
    """Keep an anchor of the chains as they are now; call inside the sealing transaction,
    after its last chained write."""
    heads = current_heads()
    return Anchor.create(at=at or datetime.now(), subject=subject, heads=canonical_json(heads),
                         code=code_of(heads))


def code_for(subject: str) -> str | None:
    """The code of the newest anchor kept for ``subject`` (e.g. ``handover:12``)."""
    row = (Anchor.select(Anchor.code).where(Anchor.subject == subject)
           .order_by(Anchor.id.desc()).first())
    return row.code if row else None


def stored() -> list[Anchor]:
    return list(Anchor.select().order_by(Anchor.id))


def read_file(path: Path) -> dict[str, Any]:
    """An anchor JSON file, checked for shape; HallError naming the file otherwise."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        heads = data["heads"]
        for chain, head in heads.items():
            if not isinstance(head["hash"], str) or int(head["length"]) < 0:
                raise ValueError(chain)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        detail = getattr(exc, "strerror", None) or type(exc).__name__ + f": {exc}"
        raise HallError("anchor.error.file", path=str(path), detail=detail) from None
    return data


def sidecar_path(backup: Path) -> Path:
    return backup.with_name(backup.name + SIDECAR)


def write_sidecar(backup: Path, at: datetime | None = None) -> Path:
    """Write ``<backup>.anchor.json``: the heads as the backup copy holds them (read from the
    copy itself, so the anchor is exactly the copy's state). Sidecars whose backup file was
    rotated away are removed. Raises HallError when the file cannot be written."""
    target = sidecar_path(backup)
    try:
        con = sqlite3.connect(f"file:{backup}?mode=ro&immutable=1", uri=True)
        try:
            rows = con.execute("SELECT name, hash, length FROM chain_head").fetchall()
        finally:
            con.close()
        found = {n: {"hash": h, "length": int(length)} for n, h, length in rows}
        heads = {c: found[c] for c in CHAINS if c in found}
        doc = document(heads, at=at or datetime.now(), subject=f"backup:{backup.name}")
        partial = target.with_name(target.name + ".part")
        partial.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
        partial.replace(target)
    except (OSError, sqlite3.Error) as exc:
        raise HallError("anchor.error.write", path=str(target),
                        detail=getattr(exc, "strerror", None) or str(exc)) from None
    for old in backup.parent.glob(f"*{SIDECAR}"):
        if not old.with_name(old.name[:-len(SIDECAR)]).exists():
            old.unlink(missing_ok=True)
    log.info("anchor %s written beside the backup %s", doc["code"], backup)
    return target
