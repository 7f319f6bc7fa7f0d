"""Demo receptions (接待, domain.md §7): a finished inspection and a tour under way, made through
the reception services on the demo clock. Part of ``hall-desk demo`` (:mod:`hall_desk.services.demo`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from hall_desk.core import reception as rules
from hall_desk.core.enums import Role
from hall_desk.core.reception import Post
from hall_desk.core.views import ReceptionRunRef
from hall_desk.services.context import Actor
from hall_desk.services.reception import (
    assign_posts, close, divert_complaint, items, mark_not_applicable, register_notice, seats_of,
    sign_guestbook, start, tick,
)
from hall_desk.store.models import Staff

TICKETS = 1     # the complaint led to the back room during the inspection


@dataclass(frozen=True)
class DemoRuns:
    finished: int
    running: int


def fill_reception(today: datetime, actors: Mapping[str, Actor] | None = None, *,
                   divert: bool = True) -> DemoRuns:
    """Demo receptions: yesterday's finished inspection (every item ticked, one marked not
    applicable, a complaint led to the back room and settled when ``divert``: the
    :data:`TICKETS` ticket it makes, the guest book signed) and a tour running now. Through
    the real services, on the demo clock."""
    from hall_desk.services import lifecycle
    from hall_desk.services.context import clock

    if actors is None:
        actors = {s.login: Actor(s.id, s.name, Role(s.role), "A1", s.login)
                  for s in Staff.select().where(Staff.active == True)}  # noqa: E712
    people = sorted(actors.values(), key=lambda a: a.staff_id or 0)
    leaders = [a for a in people if a.role is Role.SUPERVISOR] or people
    clerks = [a for a in people if a.role is Role.COUNTER] or people
    leader = leaders[0]

    def roster(run: ReceptionRunRef, lead: Actor) -> list[tuple[str, str, int]]:
        others = [a for a in people if a.staff_id != lead.staff_id and a.role is not Role.ADMIN]
        pool = others + [a for a in people if a.role is Role.ADMIN]
        slots = rules.required_slots(seats_of(run.id))
        out = [("leader", "", lead.staff_id)]
        rest = [s for s in slots if s.post is not Post.LEADER]
        for slot, person in zip(rest, pool):
            out.append((slot.post.value, slot.seat, person.staff_id))
        return out

    moment = (today - timedelta(days=1)).replace(hour=9, minute=40, second=0, microsecond=0)

    def at() -> datetime:
        return moment

    with clock(at):
        finished = register_notice(leader, {
            "visiting_unit": "市供电公司营销部检查组", "leader": "周建国",
            "expected_at": moment + timedelta(minutes=50), "visitors": 6,
            "purpose": "inspection", "notes": "检查营业厅服务规范和投诉台账。"})
        assign_posts(leader, finished.id, roster(finished, leader))
        moment += timedelta(minutes=40)
        start(leader, finished.id)
        for n, item in enumerate(items(finished.id)):
            moment += timedelta(minutes=3)
            who = clerks[n % len(clerks)] if item.stage in ("arrival", "tour") else leader
            if "台账" in item.text and item.stage == "preparation":
                mark_not_applicable(who, item.id, "检查组事先说明本次不查台账。")
                continue
            if divert and item.stage == "tour" and n % 5 == 4:
                ticket = divert_complaint(clerks[0], finished.id, {
                    "customer_name": "钱晓东", "phone": "13912345678",
                    "content": "检查期间来厅反映：电费账单上的抄表日期与实际不符，多计了一个月。",
                    "demand": "要求核对抄表记录并更正账单。", "emotional_state": "upset",
                    "confirmed_by_customer": True})
                moment += timedelta(minutes=6)
                lifecycle.act(leader, ticket.id, ticket.version, "settle_on_spot", {
                    "reply_method": "on_site",
                    "reply_content": "已在后台核对抄表记录，更正账单，客户表示满意。"})
            if item.stage == "departure" and "留言本" in item.text:
                sign_guestbook(clerks[0], finished.id, "周建国", image_png=signature_png())
            tick(who, item.id, "检查组肯定了台面整洁。" if "台面" in item.text else "")
        moment += timedelta(minutes=5)
        close(leader, finished.id)

    moment = today.replace(second=0, microsecond=0) - timedelta(minutes=35)
    with clock(at):
        lead = leaders[-1]
        running = register_notice(lead, {
            "visiting_unit": "城东区第一中学师生", "leader": "李老师",
            "expected_at": moment + timedelta(minutes=20), "visitors": 12,
            "purpose": "tour", "notes": "社会实践参观，了解智能电表和自助缴费。"})
        assign_posts(lead, running.id, roster(running, lead)[:-1])   # one seat left empty
        moment += timedelta(minutes=15)
        start(lead, running.id)
        for item in items(running.id)[:6]:
            moment += timedelta(minutes=2)
            tick(lead if item.stage == "preparation" else clerks[0], item.id)
    return DemoRuns(finished.id, running.id)


def signature_png() -> bytes:
    """A small drawn 'signature' PNG for the demo, made without Qt (zlib + PNG chunks)."""
    import math
    import struct
    import zlib

    width, height = 240, 80
    pixels = [[255] * width for _ in range(height)]
    for step in range(2000):
        t = step / 2000
        x = int(15 + t * 210)
        y = int(40 + 18 * math.sin(t * 18) * (1 - t * 0.5) + 6 * math.sin(t * 47))
        for dx in (0, 1):
            for dy in (0, 1):
                if 0 <= y + dy < height and 0 <= x + dx < width:
                    pixels[y + dy][x + dx] = 30
    raw = b"".join(b"\x00" + bytes(row) for row in pixels)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
