"""Checking the evidence chains: ticket events, the duty log and signatures.

Each row stores the SHA-256 of the hash before it and its own content; the chain head keeps
the last hash and the number of rows. Walking a chain from the start and recomputing every
link finds the first row that was changed, deleted, inserted or moved by hand in the
database, and a chain cut short at its end by the head that no longer matches.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from hall_desk.core import i18n
from hall_desk.core.chain import GENESIS, content_hash, link_hash
from hall_desk.services import duty
from hall_desk.store.models import ChainHead, DutyLogEntry, Signature, Staff, Ticket, TicketEvent

i18n.register({
    "audit.ok": ("{chain}：{n} 条记录，链条完整", "{chain}: {n} rows, chain intact"),
    "audit.broken": ("{chain}：第 {row} 号记录（按顺序第 {n} 条）{reason}",
                     "{chain}: row {row} (number {n} in order) {reason}"),
    "audit.reason.prev": ("与前一条记录的链接不符：之前的记录被改动、删除或插入",
                          "does not link to the row before it: an earlier row was changed, deleted or inserted"),
    "audit.reason.hash": ("内容与其校验值不符：该记录被改动", "does not match its hash: the row was changed"),
    "audit.reason.head": ("链尾与记录不符：末尾的记录被删除或改动",
                          "the chain's head does not match: rows at the end were deleted or changed"),
    "audit.chain.ticket_event": ("工单历史", "Ticket history"),
    "audit.chain.duty_log": ("值班记录", "Duty log"),
    "audit.chain.signature": ("签名", "Signatures"),
    "audit.chain.handover": ("已封存的交接班记录", "Sealed handovers"),
    "audit.reason.sealed": ("内容与封存时的哈希不符", "the content no longer matches its sealed hash"),
})


@dataclass(frozen=True)
class ChainReport:
    chain: str
    rows: int
    broken_row: int | None = None       # id of the first row that does not check
    position: int = 0                   # its place in the chain, from 1
    reason: str = ""                    # i18n key

    @property
    def ok(self) -> bool:
        return self.broken_row is None and not self.reason

    def message(self) -> str:
        name = i18n.text(f"audit.chain.{self.chain}")
        if self.ok:
            return i18n.text("audit.ok", chain=name, n=self.rows)
        return i18n.text("audit.broken", chain=name, row=self.broken_row or "—",
                         n=self.position or self.rows, reason=i18n.text(self.reason))


def _walk(chain: str, rows: Iterable[Any], content: Callable[[Any], dict[str, Any]]) -> ChainReport:
    prev, count = GENESIS, 0
    for count, row in enumerate(rows, start=1):
        if row.prev_hash != prev:
            return ChainReport(chain, count, row.id, count, "audit.reason.prev")
        if row.hash != link_hash(prev, content(row)):
            return ChainReport(chain, count, row.id, count, "audit.reason.hash")
        prev = row.hash
    head = ChainHead.get_or_none(ChainHead.name == chain)
    if head is None or head.hash != prev or head.length != count:
        return ChainReport(chain, count, None, count, "audit.reason.head")
    return ChainReport(chain, count)


def _ticket_events() -> ChainReport:
    numbers = dict(Ticket.select(Ticket.id, Ticket.number).tuples())

    def content(e: TicketEvent) -> dict[str, Any]:
        return {"ticket": numbers.get(e.ticket_id, ""), "seq": e.seq, "at": e.at.isoformat(),
                "actor": e.actor_label, "action": e.action, "before": json.loads(e.before),
                "after": json.loads(e.after), "note": e.note}

    return _walk("ticket_event", TicketEvent.select().order_by(TicketEvent.id).iterator(),
                 content)


def _duty_log() -> ChainReport:
    logins = dict(Staff.select(Staff.id, Staff.login).tuples())
    return _walk("duty_log", DutyLogEntry.select().order_by(DutyLogEntry.id),
                 lambda r: duty._content(r, logins.get(r.staff_id, ""),
                                         logins.get(r.handled_by_id, "") if r.handled_by_id else ""))


def _signatures() -> ChainReport:
    numbers = dict(Ticket.select(Ticket.id, Ticket.number).tuples())

    def content(s: Signature) -> dict[str, Any]:
        key = numbers.get(s.subject_id, "") if s.subject_type == "ticket" else s.subject_id
        image = bytes(s.image_png) if s.image_png else None
        return {"subject": f"{s.subject_type}:{key}", "role": s.role, "signer": s.signer_name,
                "at": s.signed_at.isoformat(), "version": s.record_version,
                "content_sha256": s.content_sha256, "on_paper": s.on_paper,
                "image_sha256": content_hash({"png": image.hex()}) if image else None}

    return _walk("signature", Signature.select().order_by(Signature.id), content)


def _sealed_handovers() -> ChainReport:
    """Each sealed handover's rows against the hash sealed by both signatures (the
    signature chain above keeps that hash from being changed quietly)."""
    from hall_desk.services import handover
    from hall_desk.store.models import RecordVersion

    ids = [i for (i,) in RecordVersion.select(RecordVersion.subject_id).where(
        (RecordVersion.subject_type == handover.SUBJECT)
        & (RecordVersion.sealed == True)).distinct().order_by(  # noqa: E712
        RecordVersion.subject_id).tuples()]
    for position, handover_id in enumerate(ids, start=1):
        if not handover.verify(int(handover_id)):
            return ChainReport("handover", len(ids), int(handover_id), position,
                               "audit.reason.sealed")
    return ChainReport("handover", len(ids))


def verify() -> list[ChainReport]:
    """Every chain, and every sealed handover, checked from its start. Reads only."""
    return [_ticket_events(), _duty_log(), _signatures(), _sealed_handovers()]
