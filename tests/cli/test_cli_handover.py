"""hall-desk handover / callbacks / pdf handover on a demo hall."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from hall_desk.cli import run
from hall_desk.services.context import clock

NOW = datetime(2026, 11, 24, 11, 40)


@pytest.fixture
def cli(tmp_path, capsys, monkeypatch):
    db = tmp_path / "hall.sqlite3"
    monkeypatch.setenv("HALL_DESK_PIN", "111111")    # 王丽's, for the commands given --user

    def call(*args: str):
        with clock(lambda: NOW):
            code = run(["--db", str(db), *args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return call


def test_handover_callbacks_and_the_printed_sheet(cli, tmp_path):
    assert cli("demo", "--tickets", "40")[0] == 0
    code, out, _ = cli("handover", "--json")
    data = json.loads(out)
    assert code == 0 and data["shift"]["name"] == "上午班" and data["next_shift"]["name"] == "下午班"
    kinds = {i["kind"] for i in data["items"]}
    assert "incident" in kinds                              # the demo's open incident
    code, out, _ = cli("handover", "--json", "--shift", "下午班")
    assert json.loads(out)["shift"]["start"] == "2026-11-23T12:00"
    code, out, _ = cli("handover", "--list", "--json")
    past = json.loads(out)
    assert [h["state"] for h in past] == ["sealed", "sealed"]
    assert {h["outgoing"] for h in past} == {"刘洋", "陈静"}
    code, out, _ = cli("callbacks", "--json")
    due = json.loads(out)
    assert code == 0 and due and any(d["attempts"] == 1 for d in due)
    assert [d["overdue"] for d in due] == sorted((d["overdue"] for d in due), reverse=True)
    target = tmp_path / "handover.pdf"
    assert cli("--user", "wangli", "pdf", "handover", str(past[0]["id"]), "-o", str(target))[0] == 0
    assert target.read_bytes().startswith(b"%PDF")
    code, _, err = cli("--user", "wangli", "pdf", "handover", "999", "-o", str(target))
    assert code == 2 and "交接班记录" in err
    code, _, err = cli("handover", "--json", "--shift", "夜班")
    assert code == 2 and "夜班" in err
