"""``tickets.describe()`` is a :class:`~hall_desk.core.views.TicketView`; its ``to_dict()`` must
stay exactly the dict the record versions store and hash. The file
tests/data/describe_golden.json holds, for every ticket of a demo hall on a fixed clock, the
canonical JSON of describe() (masked and revealed) and of the record's content as they were
before the view existed (written by ``python -m tests.services.test_ticket_view_golden``).
Rewritten once since, when business_name, refusal_basis and callback_window were added on
purpose, after checking that nothing else differed; never rewrite it to make this test pass."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from hall_desk.core.chain import canonical_json, content_hash
from hall_desk.core.enums import Role
from hall_desk.services import demo, records, tickets
from hall_desk.services.context import Actor, clock
from hall_desk.store.models import Ticket

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "describe_golden.json"
TODAY = datetime(2026, 11, 23, 10, 30)
SEED, COUNT = 7, 24


def snapshot() -> dict[str, dict[str, str]]:
    """Every demo ticket's describe() for a clerk, revealed for a supervisor, and the hash of
    its record content, on the fixed clock."""
    demo.fill(COUNT, seed=SEED, today=TODAY)
    clerk = Actor(None, "clerk", Role.COUNTER, "A1")
    boss = Actor(None, "boss", Role.SUPERVISOR, "A1")
    out = {}
    with clock(lambda: TODAY):
        for t in Ticket.select().order_by(Ticket.id):
            out[t.number] = {
                "masked": canonical_json(_plain(tickets.describe(t.id, clerk))),
                "revealed": canonical_json(_plain(tickets.describe(t.id, boss, reveal=True))),
                "record_hash": content_hash(records.full_content(t.id)),
            }
    return out


def _plain(described):
    return described.to_dict() if hasattr(described, "to_dict") else described


def test_describe_and_the_record_content_are_unchanged(db_path):
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    now = snapshot()
    assert len(now) == COUNT and set(now) == set(golden)
    for number, expected in golden.items():
        assert now[number] == expected, number


if __name__ == "__main__":      # pragma: no cover - writes the golden file
    import tempfile

    from hall_desk.store.connection import close_database, open_database

    with tempfile.TemporaryDirectory() as folder:
        open_database(path=Path(folder) / "hall.sqlite3")
        data = snapshot()
        close_database()
    GOLDEN.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                      encoding="utf-8")
    print(len(data), "tickets written to", GOLDEN)
