"""Who is acting, and at which counter. Every service takes an :class:`Actor` first."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable, Iterator, TypeVar

from hall_desk.core.enums import Role

T = TypeVar("T")


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


_clock: Callable[[], datetime] | None = None


def now() -> datetime:
    """The hall's wall clock, to the second. Every service asks here, so the demo generator and
    tests can run the hall at another time with :func:`clock`."""
    if _clock is not None:
        return _clock()
    return datetime.now().replace(microsecond=0)


@contextmanager
def clock(source: Callable[[], datetime]) -> Iterator[None]:
    """Run the services on another clock (demo data, tests)."""
    global _clock
    previous, _clock = _clock, source
    try:
        yield
    finally:
        _clock = previous


def own_connection(work: Callable[..., T], *args: Any) -> T:
    """Run ``work(*args)`` in a worker thread on a connection of its own, closed afterwards
    (the window's background checks)."""
    from hall_desk.store.models import db

    try:
        return work(*args)
    finally:
        db.close()
