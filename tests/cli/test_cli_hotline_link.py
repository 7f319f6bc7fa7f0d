"""``hall-desk hotline link``: a registered ticket linked to a work order (text and JSON), a
relink with its reason, the removal, and every refusal as one clear line with exit 2."""

from __future__ import annotations

import json

import pytest

from tests.cli.test_cli_hotline import cli  # noqa: F401  (the fixture: a demo hall's CLI)
from tests.cli_helpers import one_clear_line

INTAKE = {"kind": "complaint", "customer_name": "张三", "phone": "13800138000",
          "content": "电费突增", "demand": "核查"}


@pytest.fixture
def numbers(cli, tmp_path):
    """Two tickets registered at the counter, without a work order."""
    path = tmp_path / "intake.json"
    path.write_text(json.dumps([INTAKE, dict(INTAKE, phone="13800138001")], ensure_ascii=False),
                    encoding="utf-8")
    code, out, err = cli("intake", "--json", str(path))
    assert code == 0, err
    return out.split()


def test_link_relink_and_remove(cli, numbers):
    first = numbers[0]
    code, out, err = cli("hotline", "link", first, "--source", "95598", "--work-order",
                         "gd-2026-7", "--due", "2099-01-01T17:00")
    assert (code, err) == (0, "")
    assert out.strip() == f"{first}：已关联热线工单 95598 供电服务热线 GD-2026-7"
    shown = json.loads(cli("show", first, "--json")[1])
    assert (shown["hotline_number"], shown["hotline_due_at"]) == ("GD-2026-7", "2099-01-01T17:00")
    assert shown["history"][-1]["action"] == "link_hotline"

    code, out, err = cli("hotline", "link", first, "--source", "95598", "--work-order",
                         "GD-2026-8", "--note", "工单号录错", "--json")
    assert code == 0, err
    assert json.loads(out) == {"number": first, "version": 3, "hotline_source": "95598",
                               "hotline_number": "GD-2026-8", "hotline_due_at": None}
    code, out, err = cli("hotline", "link", first, "--remove", "--note", "并非热线工单")
    assert (code, out.strip()) == (0, f"{first}：已取消热线工单关联")
    assert cli("audit", "verify")[0] == 0


@pytest.mark.parametrize("args, user, words", [
    (("--source", "95598", "--work-order", "GD-2"), "liuyang", "须在备注中写明原因"),
    (("--source", "95598", "--work-order", "GD-1"), "liuyang", "没有改动"),
    (("--source", "95598"), "liuyang", "--work-order"),
    (("--work-order", "GD-3"), "liuyang", "--source"),
    (("--remove", "--work-order", "GD-3"), "liuyang", "--remove"),
    (("--source", "110", "--work-order", "GD-3"), "liuyang", "热线来源"),
    (("--source", "95598", "--work-order", "GD 3"), "liuyang", "只能包含字母、数字"),
    (("--source", "95598", "--work-order", "GD-3", "--due", "tomorrow"), "liuyang", "--due"),
    (("--source", "95598", "--work-order", "GD-3", "--due", "2000-01-01T00:00"), "liuyang",
     "热线时限"),
    (("--source", "95598", "--work-order", "GD-3"), None, "关联热线工单需要登录"),
])
def test_refusals_are_one_clear_line(cli, numbers, args, user, words):
    first = numbers[0]
    assert cli("hotline", "link", first, "--source", "95598", "--work-order", "GD-1")[0] == 0
    code, out, err = cli("hotline", "link", first, *args, user=user)
    assert code == 2, (out, err)
    assert words in one_clear_line(err)


def test_a_work_order_on_another_ticket_is_named(cli, numbers):
    first, second = numbers
    assert cli("hotline", "link", first, "--source", "12345", "--work-order", "GD-1")[0] == 0
    code, _, err = cli("hotline", "link", second, "--source", "12345", "--work-order", "GD-1")
    assert code == 2 and one_clear_line(err).endswith(f"该热线工单已关联工单 {first}")
    code, _, err = cli("hotline", "link", "TS-20990101-A1-0001", "--source", "12345",
                       "--work-order", "GD-2")
    assert code == 2 and one_clear_line(err)


def test_one_work_order_twice_in_a_list_names_the_item(cli, tmp_path):
    """The first of the two is rolled back with the list: the refusal names its place in
    the list, not a ticket number that was never kept."""
    order = {"hotline_source": "95598", "hotline_number": "GD-2026-9"}
    path = tmp_path / "twice.json"
    path.write_text(json.dumps([INTAKE, dict(INTAKE, **order), dict(INTAKE, **order)],
                               ensure_ascii=False), encoding="utf-8")
    code, out, err = cli("intake", "--json", str(path))
    assert (code, out) == (2, "")
    assert one_clear_line(err)
    assert "与本次列表第 [1] 项是同一张热线工单" in err
    assert "TS-" not in err
    code, out, _ = cli("queue", "--json")
    assert "GD-2026-9" not in out                    # nothing of the list was kept
