"""Who is acting, and at which counter. Every service takes an :class:`Actor` first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from hall_desk.core.enums import Role


@dataclass(frozen=True)
class Actor:
    staff_id: int | None
    name: str
    role: Role
    counter_code: str
    login: str = ""

    @property
    def label(self) -> str:
        return self.name if self.staff_id else f"[{self.name}]"


def system_actor(counter_code: str, name: str = "命令行") -> Actor:
    """The command line and imports act as a recorded system actor with counter-staff
    visibility (it never sees an anonymous customer's identity)."""
    return Actor(staff_id=None, name=name, role=Role.SYSTEM, counter_code=counter_code,
                 login="system")


def now() -> datetime:
    """The hall's wall clock, to the second (one place, so tests can patch it)."""
    return datetime.now().replace(microsecond=0)
