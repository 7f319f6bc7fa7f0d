"""Appending to the hash chains. Must be called inside the caller's transaction: touching the
chain head first takes its lock (the SQLite write lock, a row lock on PostgreSQL), so two
counters never build on the same previous hash. The heads are created by the migration."""

from __future__ import annotations

from typing import Any

from hall_desk.core.chain import link_hash
from hall_desk.store import rowstate
from hall_desk.store.models import ChainHead

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
