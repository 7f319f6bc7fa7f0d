"""The region benchmark's path on a small region (issue #21 part 5), on the PostgreSQL test
server: the generator writes what it says, in the shape an import leaves (every ticket's
index line is what ``core.headoffice.index_columns`` makes of its carried row), and the
measured path imports a real month package, re-imports it without a change and reads the
queue, a history and the statistics. No timing is asserted: the figures are in
docs/benchmarks.md, measured at full size."""

from __future__ import annotations

import json

import pytest

from benchmarks import region, region_data
from hall_desk.core import headoffice as rules
from hall_desk.core.chain import canonical_json

pytestmark = pytest.mark.postgres


def _connect(url):
    import psycopg2

    return psycopg2.connect(url)


def test_small_region_as_an_import_leaves_it(pg_url, monkeypatch):
    got = region_data.generate_region(pg_url, 2, 500)
    assert (got["halls"], got["tickets"]) == (2, 500)
    counts = region.table_counts(pg_url)
    assert counts == {"ho_hall": 2, "ho_package": 2 * region_data.PACKAGES, "ho_ticket": 500,
                      "ho_group": 500, "ho_chain_row": got["events"]}
    conn = _connect(pg_url)
    with conn, conn.cursor() as cursor:
        cursor.execute("SELECT hall_id, COUNT(*) FROM ho_ticket GROUP BY 1")
        assert sorted(n for _h, n in cursor.fetchall()) == [250, 250]
        cursor.execute("SELECT t.*, g.data FROM ho_ticket t JOIN ho_group g ON "
                       "g.hall_id = t.hall_id AND g.scope = 'ticket:' || t.ticket_id")
        names = [d[0] for d in cursor.description]
        lines = [dict(zip(names, values)) for values in cursor.fetchall()]
        cursor.execute("SELECT hall_id, ticket, data FROM ho_chain_row ORDER BY hall_id, row_id")
        events = cursor.fetchall()
    conn.close()
    assert len(lines) == 500                            # every index line has its group
    for line in lines:
        carried = json.loads(line["data"])
        assert canonical_json(carried) == line["data"]   # as a package carries it
        row = carried["rows"]["ticket"][0]
        monkeypatch.setattr(rules, "late", lambda *_a, _late=line["late"]: _late)
        want = rules.index_columns(row, None, None)
        assert {k: line[k] for k in want} == want, row["number"]
    history: dict[tuple[str, int], list[dict]] = {}
    for hall, ticket, data in events:
        assert canonical_json(json.loads(data)) == data
        history.setdefault((hall, ticket), []).append(json.loads(data)["row"])
    assert len(history) == 500                          # every ticket has its events
    for steps in history.values():
        assert [e["seq"] for e in steps] == list(range(1, len(steps) + 1))
        assert steps[0]["action"] == "created"
        assert [e["at"] for e in steps] == sorted(e["at"] for e in steps)
    kinds = {line["kind"] for line in lines}
    assert kinds == {"complaint", "request", "report", "consultation", "suggestion"}
    assert any(line["hotline_number"] for line in lines)
    assert {"archived", "replied"} <= {line["status"] for line in lines}


def test_measured_path_on_a_small_region(pg_url, tmp_path):
    region_data.generate_region(pg_url, 2, 200)
    path = region.month_package(tmp_path / "data", 30)
    assert region.month_package(tmp_path / "data", 30) == path       # made once, reused
    rows, facts = region.measure(pg_url, path, repeats=1, import_repeats=1)
    got = facts["received"]
    assert not got.already and got.sequence == 1
    before, after, lines = facts["before"], facts["after"], got.counts
    assert after["ho_hall"] == before["ho_hall"] + 1
    assert after["ho_package"] == before["ho_package"] + 1
    assert after["ho_ticket"] == before["ho_ticket"] + lines["ticket"]
    assert after["ho_group"] == before["ho_group"] + lines["ticket"] + lines["group"]
    assert after["ho_chain_row"] == before["ho_chain_row"] + sum(
        lines[k] for k in ("event", "duty", "signature", "state"))
    # the floor copies exactly the rows the import wrote
    assert facts["rows"] == {"ho_chain_row": after["ho_chain_row"] - before["ho_chain_row"],
                             "ho_group": after["ho_group"] - before["ho_group"],
                             "ho_ticket": lines["ticket"], "ho_package": 1, "ho_hall": 1}
    # the same package again: already there, nothing changed
    assert facts["again"].already
    assert facts["after_again"] == after
    assert [r.what.split(" (")[0] for r in rows] == [
        "import one hall's month package", "re-import of the same package",
        "region's queue, first page", "a ticket's history", "a ticket opened",
        "region's statistics for a year"]
    # the month hall's rows are gone again: the region is as it was for the next run
    assert region.table_counts(pg_url) == before


def test_a_region_of_another_size_is_refused(pg_url):
    region_data.generate_region(pg_url, 2, 100)
    with pytest.raises(SystemExit, match="2 halls and 100 tickets"):
        region.ensure_region(pg_url, 20, 5_000_000)
    assert region.ensure_region(pg_url, 2, 100)["ho_ticket"] == 100
