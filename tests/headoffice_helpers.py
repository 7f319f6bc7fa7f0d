"""Two halls, each on its own SQLite file, with the tickets the head office's tests look
for (a complaint by the same customer at both, an anonymous one, a hotline work order or a
consultation), a record printed at each, and their first packages written."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from hall_desk.core.enums import Role
from hall_desk.services import demo, package, printing, settings, tickets
from hall_desk.services.context import Actor, now
from hall_desk.store.connection import close_database, open_database
from hall_desk.store.models import Staff, TicketEvent

SHARED = {"customer_name": "司马光明", "phone": "137 1111 2222", "address": "解放路1号"}
OTHER = {"customer_name": "诸葛亮", "phone": "138 5555 0007", "address": "中山路2号"}
ANON = {"customer_name": "欧阳秀兰", "phone": "139 8273 5678", "address": "春晓路88号"}
COMPLAINT = {"kind": "complaint", "content": "营业员私收手续费。", "demand": "退还并道歉。"}
PIN = "246810"


@dataclass
class Hall:
    name: str
    hall_id: str
    numbers: dict[str, str]          # what -> ticket number
    events: dict[str, list[str]]     # number -> its actions at the hall
    record: bytes = b""              # the record sheet printed at the hall


def actors() -> dict[str, Actor]:
    return {s.login: Actor(s.id, s.name, Role(s.role), demo.DEMO_COUNTER, s.login)
            for s in Staff.select()}


def make_hall(path, name: str, folder, *, hotline: str = "") -> tuple[Hall, object]:
    open_database(path=path)
    try:
        demo.ensure_demo_hall()
        settings.put("hall_name", name)
        people = actors()
        clerk = people["liuyang"]
        made = {
            "shared": tickets.register(clerk, dict(SHARED, **COMPLAINT)),
            "anon": tickets.register(clerk, dict(ANON, **COMPLAINT, anonymous=True)),
        }
        if hotline:
            made["hotline"] = tickets.register(clerk, dict(
                OTHER, **COMPLAINT, hotline_source="95598", hotline_number=hotline,
                hotline_due_at=now().replace(second=0, microsecond=0) + timedelta(hours=30)))
        else:
            made["other"] = tickets.register(clerk, dict(OTHER, kind="consultation",
                                                         content="电费怎么交？"))
        hall = Hall(name, settings.hall_id(), {k: t.number for k, t in made.items()},
                    {t.number: [e.action for e in TicketEvent.select()
                                .where(TicketEvent.ticket == t.id).order_by(TicketEvent.seq)]
                     for t in made.values()})
        hall.record = printing.sheet(people["wangli"], hall.numbers["shared"], "record")
        exported = package.export(people["admin"], folder)
        return hall, exported.path
    finally:
        close_database()
