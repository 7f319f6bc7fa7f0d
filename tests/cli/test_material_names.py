"""A business is shown and printed by its name from materials.toml, never its code
(issue #19: a command-line intake showed "transfer" where the notice should say 过户)."""

from __future__ import annotations

import json
from datetime import date

from tests.cli_helpers import cli
from tests.pdf_helpers import page_texts, squash


def _intake(tmp_path, capsys, db, business: str) -> str:
    batch = tmp_path / "batch.json"
    batch.write_text(json.dumps({
        "kind": "request", "channel": "walk-in", "category": "other", "customer_name": "赵六",
        "phone": "13800002222", "content": "办理过户", "demand": "过户",
        "business_type": business, "missing_materials": ["电费结清凭证"]},
        ensure_ascii=False), encoding="utf-8")
    code, out, err = cli(capsys, "--db", str(db), "intake", "--json", str(batch))
    assert code == 0, err
    return out.split()[0]


def _setup(tmp_path, capsys):
    db = tmp_path / "m.sqlite3"
    code, _out, err = cli(capsys, "--db", str(db), "--counter", "A1", "init", "--hall", "厅",
                          "--admin-name", "管", "--admin-login", "adm", "--admin-pin", "123456")
    assert code == 0, err
    return db


def test_cli_intake_shows_and_prints_the_business_name(tmp_path, capsys, monkeypatch):
    db = _setup(tmp_path, capsys)
    by_code = _intake(tmp_path, capsys, db, "transfer")
    by_name = _intake(tmp_path, capsys, db, "过户")
    for number in (by_code, by_name):
        code, out, err = cli(capsys, "--db", str(db), "show", number, "--json")
        shown = json.loads(out)
        assert shown["business_type"] == "transfer"       # stored as the code either way
        assert shown["business_name"] == "过户"
    monkeypatch.setenv("HALL_DESK_PIN", "123456")
    for sheet in ("notice", "record", "receipt"):
        target = tmp_path / f"{sheet}.pdf"
        code, _out, err = cli(capsys, "--db", str(db), "--user", "adm", "pdf", sheet, by_code,
                              "-o", str(target))
        assert code == 0, err
        text = squash("".join(page_texts(target.read_bytes())))
        assert "transfer" not in text, sheet
        assert sheet == "receipt" or "过户" in text, sheet      # the receipt names no business


def test_free_text_business_is_kept_as_typed(tmp_path, capsys):
    db = _setup(tmp_path, capsys)
    number = _intake(tmp_path, capsys, db, "光伏并网")
    code, out, _err = cli(capsys, "--db", str(db), "show", number, "--json")
    shown = json.loads(out)
    assert shown["business_type"] == shown["business_name"] == "光伏并网"


def test_stats_json_counts_by_business_name(tmp_path, capsys, monkeypatch):
    db = _setup(tmp_path, capsys)
    _intake(tmp_path, capsys, db, "transfer")
    monkeypatch.setenv("HALL_DESK_PIN", "123456")
    today = date.today().isoformat()
    code, out, err = cli(capsys, "--db", str(db), "--user", "adm", "stats", "--from", today,
                         "--to", today, "--json")
    assert code == 0, err
    figures = json.loads(out)
    assert [(b["code"], b["label"], b["count"]) for b in figures["by_business"]] == \
        [("transfer", "过户", 1)]
    assert "by_target" in figures and "targets" in figures
