"""Appending to the hash chains. Must be called inside the caller's transaction: touching the
chain head first takes its lock (the SQLite write lock, a row lock on PostgreSQL), so two
counters never build on the same previous hash. The heads are created by the migration.

Also what the record of a day or a reception run hashes of its description and signature
(:func:`record_content`, :func:`signature_content`)."""

from __future__ import annotations

from typing import Any

from hall_desk.core.chain import content_hash, link_hash
from hall_desk.store import rowstate
from hall_desk.store.models import ChainHead, Signature

CHAINS = ("ticket_event", "duty_log", "signature")


def next_link(chain: str, content: dict[str, Any]) -> tuple[str, str]:
    """Returns (prev_hash, hash) for a new row of ``chain`` with ``content``, and moves the head."""
    rowstate.lock_heads()          # all heads in one order: no deadlock between chains
    if not ChainHead.update(length=ChainHead.length + 1).where(ChainHead.name == chain).execute():
        raise LookupError(f"no chain head {chain!r}")
    prev = ChainHead.get(ChainHead.name == chain).hash
    new = link_hash(prev, content)
    ChainHead.update(hash=new).where(ChainHead.name == chain).execute()
    return prev, new


def record_content(described: dict[str, Any]) -> dict[str, Any]:
    """What a record's hash covers of its subject's description (a day's, a reception
    run's): everything but the row version and the items' ids."""
    data = dict(described)
    data.pop("version", None)
    data["items"] = [{k: v for k, v in item.items() if k != "id"} for item in data["items"]]
    return data


def signature_content(sig: Signature | None) -> dict[str, Any] | None:
    """A signature as a description holds it: signer, time (to the minute), on paper or
    not, and the SHA-256 of its image."""
    if sig is None:
        return None
    return {"signer_name": sig.signer_name,
            "signed_at": sig.signed_at.isoformat(timespec="minutes") if sig.signed_at else None,
            "on_paper": sig.on_paper,
            "image_sha256": content_hash({"png": bytes(sig.image_png).hex()})
            if sig.image_png else None}
