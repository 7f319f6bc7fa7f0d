"""The administrator's commands: ``department``, ``category``, ``counter`` and ``staff`` (list
with --json, add, rename/set, deactivate, reset-pin); administrators only, bad input one line
and exit 2, every change passing ``audit verify``."""

from __future__ import annotations

import json

import pytest

from hall_desk.cli import run
from hall_desk.store.connection import close_database
from tests.cli_helpers import one_clear_line

PINS = {"admin": "000000", "wangli": "111111", "liuyang": "3333"}


@pytest.fixture
def cli(tmp_path, capsys, monkeypatch):
    """cli(*args, user=None): one command (as ``user`` with the demo PIN); returns (exit
    status, stdout, stderr)."""
    db = tmp_path / "hall.sqlite3"

    def call(*args: str, user: str | None = None, env: dict | None = None):
        monkeypatch.delenv("HALL_DESK_NEW_PIN", raising=False)
        for key, value in (env or {}).items():
            monkeypatch.setenv(key, value)
        if user:
            monkeypatch.setenv("HALL_DESK_PIN", PINS[user])
        else:
            monkeypatch.delenv("HALL_DESK_PIN", raising=False)
        capsys.readouterr()
        try:
            code = run(["--db", str(db), "--counter", "A1",
                        *(["--user", user] if user else []), *args])
        finally:
            close_database()
        out = capsys.readouterr()
        return code, out.out, out.err

    assert call("demo", "--tickets", "0")[0] == 0
    return call


def _audit_ok(cli) -> None:
    code, out, err = cli("audit", "verify")
    assert code == 0, out + err


def test_departments_add_rename_deactivate_and_list_as_json(cli):
    assert cli("department", "add", "kf2", "客服二部", "--en", "CS 2", user="admin")[0] == 0
    code, out, _ = cli("department", "rename", "KF2", "客户服务二部", user="admin")
    assert code == 0 and "客户服务二部" in out
    code, out, _ = cli("department", "deactivate", "KF2", user="admin")
    assert code == 0 and "停用" in out
    code, out, _ = cli("department", "list", "--json")
    rows = {r["code"]: r for r in json.loads(out)}
    assert rows["KF2"] == {"id": rows["KF2"]["id"], "code": "KF2", "name": "客户服务二部",
                           "name_en": "CS 2", "active": False}
    code, out, _ = cli("department", "list")
    assert any(line.startswith("KF2") and "停用" in line for line in out.splitlines())
    _audit_ok(cli)


def test_categories_and_counters(cli):
    assert cli("category", "add", "queue_wait", "排队等候", "--en", "Queueing",
               user="admin")[0] == 0
    assert cli("category", "rename", "queue_wait", "--en", "Waiting", user="admin")[0] == 0
    assert cli("counter", "add", "b2", "二号窗口", user="admin")[0] == 0
    assert cli("counter", "deactivate", "B2", user="admin")[0] == 0
    categories = json.loads(cli("category", "list", "--json")[1])
    assert {"code": "queue_wait", "name": "排队等候", "name_en": "Waiting"}.items() <= \
        [c for c in categories if c["code"] == "queue_wait"][0].items()
    counters = {c["code"]: c["active"] for c in json.loads(cli("counter", "list", "--json")[1])}
    assert counters == {"A1": True, "B2": False}
    _audit_ok(cli)


def test_staff_add_set_deactivate_and_reset_pin(cli):
    code, out, _ = cli("staff", "add", "zhoumin", "--name", "周敏", "--role", "counter",
                       "--department", "OPS", user="admin")
    assert code == 0
    pin = out.strip().splitlines()[-1].split("：")[1].split("。")[0]
    assert len(pin) == 6 and pin.isdigit()
    PINS["zhoumin"] = pin
    assert cli("staff", "list", user="zhoumin")[0] == 2        # a clerk may not
    code, out, _ = cli("staff", "set", "zhoumin", "--role", "supervisor", "--department", "CS",
                       user="admin")
    assert code == 0 and "班长" in out and "staff reset-pin zhoumin" in out
    people = {p["login"]: p for p in json.loads(cli("staff", "list", "--json", user="admin")[1])}
    assert (people["zhoumin"]["role"], people["zhoumin"]["department"]) == ("supervisor", "CS")
    code, out, _ = cli("staff", "reset-pin", "zhoumin", user="admin",
                       env={"HALL_DESK_NEW_PIN": "86421357"})
    assert code == 0 and "作废" in out
    code, _, err = cli("queue", user="zhoumin")                # the old PIN is void
    assert code == 2 and "PIN" in one_clear_line(err)
    PINS["zhoumin"] = "86421357"
    code, _, err = cli("queue", user="zhoumin")
    assert code == 0 and "设置自己的PIN" in one_clear_line(err)    # a warning, not a refusal
    assert cli("staff", "deactivate", "zhoumin", user="admin")[0] == 0
    assert cli("queue", user="zhoumin")[0] == 2
    people = json.loads(cli("staff", "list", "--all", "--json", user="admin")[1])
    assert [p["active"] for p in people if p["login"] == "zhoumin"] == [False]
    _audit_ok(cli)


@pytest.mark.parametrize("args,user,words", [
    (("department", "add", "X1", "某部"), None, "需要登录"),
    (("department", "add", "X1", "某部"), "wangli", "无权执行：修改设置"),
    (("staff", "reset-pin", "liuyang"), "wangli", "无权执行：管理员工账号"),
    (("department", "add", "部门", ""), "admin", "代码"),
    (("category", "add", "other", "其他二"), "admin", "已被使用"),
    (("counter", "add", "TOOLONG", "柜台"), "admin", "柜台编号"),
    (("department", "rename", "NOPE", "无"), "admin", "找不到部门"),
    (("department", "rename", "CS"), "admin", "缺少参数"),
    (("staff", "set", "nobody", "--name", "某"), "admin", "找不到员工"),
    (("staff", "set", "liuyang", "--department", "NOPE"), "admin", "责任部门"),
    (("staff", "add", "zhoumin", "--name", "周敏", "--role", "counter", "--department", "NOPE"),
     "admin", "责任部门的值“NOPE”无效"),
    (("staff", "deactivate", "admin"), "admin", "最后一个在用的管理员"),
    (("staff", "set", "liuyang"), "admin", "缺少参数"),
])
def test_refusals_are_one_clear_line_and_exit_2(cli, args, user, words):
    code, out, err = cli(*args, user=user)
    assert code == 2, out
    assert words in one_clear_line(err)


def test_english_messages(cli):
    code, _, err = cli("--lang", "en", "department", "add", "X1", "某部", user="wangli")
    assert code == 2 and "change settings" in one_clear_line(err)


@pytest.mark.parametrize("command,actions", [
    ("staff", ("list", "add", "set", "deactivate", "reset-pin")),
    ("department", ("list", "add", "rename", "deactivate", "activate")),
    ("counter", ("list", "add", "rename", "deactivate", "activate")),
])
def test_help_lists_the_actions(capsys, command, actions):
    with pytest.raises(SystemExit) as stopped:
        run([command, "--help"])
    assert stopped.value.code == 0
    out = capsys.readouterr().out
    assert all(action in out for action in actions), out
