"""The counter's words in the store: the template in force, an administrator's edited copy
with its version, and the vague-promise warnings the services and the command line give."""

from __future__ import annotations

import json

import pytest

from hall_desk.cli import run
from hall_desk.core import i18n
from hall_desk.core.errors import PermissionDenied, ValidationError
from hall_desk.core.phrases import Moment
from hall_desk.services import phrases, settings
from hall_desk.store.connection import close_database
from hall_desk.store.tx import write_transaction


def test_an_edited_template_is_stored_with_the_next_version(hall):
    shipped = phrases.template()
    assert shipped == phrases.builtin()
    data = shipped.as_dict()
    data["phrases"].append({"moment": "farewell", "zh": "祝您生活愉快，再见。", "en": ""})
    data["vague_words"] = [*data["vague_words"], "等等看"]
    with pytest.raises(PermissionDenied):
        phrases.save_template(hall["wangli"], data)
    saved = phrases.save_template(hall["admin"], data)
    assert saved.version == shipped.version + 1
    now_in_force = phrases.template()
    assert now_in_force == saved
    assert now_in_force.of(Moment.FAREWELL)[-1].zh == "祝您生活愉快，再见。"
    assert "等等看" in now_in_force.vague_words
    assert settings.get(phrases.SETTINGS_KEY)["version"] == saved.version
    # saving the same words again keeps the version; another change raises it again
    assert phrases.save_template(hall["admin"], data).version == saved.version
    data["vague_words"].remove("等等看")
    assert phrases.save_template(hall["admin"], data).version == saved.version + 1
    with pytest.raises(ValidationError) as exc:
        phrases.save_template(hall["admin"], dict(data, vague_words=[]))
    assert list(exc.value.errors) == ["vague_words"]
    assert phrases.template().version == saved.version + 1     # the bad save changed nothing


def test_a_damaged_stored_copy_falls_back_to_the_shipped_words(hall, caplog):
    with write_transaction():
        settings.put(phrases.SETTINGS_KEY, {"version": "x", "phrases": 3})
    assert phrases.template() == phrases.builtin()
    assert "stored phrase template not loaded" in caplog.text


def test_the_warnings_name_the_field_and_the_words(hall):
    data = {"reply_content": "我们会尽快处理，过几天答复。", "solution": "24小时内更换表具。"}
    assert phrases.promise_warnings(data) == {"reply_content": i18n.text(
        "phrases.warning", field="答复内容", words="“尽快”、“过几天”")}
    assert phrases.promise_warnings({"content": "客户要求尽快处理", "demand": "尽快恢复"},
                                    mode="intake") == {}
    warned = phrases.promise_warnings({"content": "已答复客户我们会尽快上门"}, mode="intake")
    assert list(warned) == ["content"] and "尽快" in warned["content"]


def test_the_command_line_intake_warns_and_still_registers(tmp_path, capsys):
    db = tmp_path / "cli.sqlite3"

    def cli(*args: str) -> int:
        try:
            return run(["--db", str(db), *args])
        finally:
            close_database()

    assert cli("--counter", "C1", "init", "--hall", "厅", "--admin-name", "管", "--admin-login",
               "adm", "--admin-pin", "123456") == 0
    capsys.readouterr()
    batch = tmp_path / "batch.json"
    batch.write_text(json.dumps([
        {"kind": "complaint", "channel": "walk-in", "category": "服务质量", "customer_name": "王五",
         "phone": "13800001111", "content": "暖气不热，客户要求尽快处理",
         "demand": "已告知客户我们会尽快派人", "anonymous": False},
        {"kind": "consultation", "channel": "phone", "customer_name": "", "phone": "",
         "content": "马上为您查询了缴费记录", "demand": "", "anonymous": False},
    ], ensure_ascii=False), encoding="utf-8")
    assert cli("intake", "--json", str(batch)) == 0
    out = capsys.readouterr()
    assert len(out.out.split()) == 2
    lines = out.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("警告：[0].demand: 客户诉求含模糊承诺“尽快”")
