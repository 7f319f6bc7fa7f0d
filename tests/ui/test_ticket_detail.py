"""The ticket detail: fields, deadlines and timeline; only the allowed actions; a whole step
through the UI; field errors; two counters saving the same ticket; notes, attachments and the
logged view of an anonymous identity."""

from __future__ import annotations

import hashlib
from datetime import datetime

import pytest
from PySide6.QtCore import Qt

from hall_desk.core import lifecycle as rules
from hall_desk.services import lifecycle, tickets
from hall_desk.services.context import clock
from hall_desk.store.models import AccessLog, TicketEvent
from hall_desk.ui import ticket_detail

T = datetime(2026, 11, 23, 9, 30)


@pytest.fixture(autouse=True)
def at_t():
    with clock(lambda: T):
        yield T



def register(hall, **extra):
    data = {"kind": "complaint", "channel": "walk-in", "category": "service_quality",
            "customer_name": "张三丰", "phone": "13812345678", "content": "窗口排队无人解释。",
            "demand": "要求说明。", "confirmed_by_customer": True, **extra}
    return tickets.register(hall["liuyang"], data)


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_detail_shows_fields_deadlines_and_history(hall, open_detail):
    ticket = register(hall)
    dialog = open_detail(hall["liuyang"], ticket.id)
    assert dialog.title.text() == ticket.number
    assert "投诉" in dialog.subtitle.text() and "已登记" in dialog.subtitle.text()
    assert dialog.values["客户姓名"].text() == "张三丰"        # the detail is not a list
    assert dialog.values["事由"].text() == "窗口排队无人解释。"
    rules_shown = [dialog.deadline_table.item(r, 0).text()
                   for r in range(dialog.deadline_table.rowCount())]
    assert "转派责任部门（首报）" in rules_shown
    states = {dialog.deadline_table.item(r, 2).text()
              for r in range(dialog.deadline_table.rowCount())}
    assert states <= {"未到期", "⚠ 即将到期", "✖ 已超时", "✔ 已完成"}
    assert dialog.history_table.item(0, 2).text() == "登记"
    assert dialog.history_table.item(0, 1).text() == "刘洋"


def test_counter_and_supervisor_are_offered_exactly_the_allowed_actions(hall, open_detail):
    ticket = register(hall)
    for login in ("liuyang", "wangli"):
        actor = hall[login]
        dialog = open_detail(actor, ticket.id)
        expected = [a for a in rules.allowed_actions("registered", "complaint", actor.role)
                    if a not in ticket_detail.SIDE_ACTIONS]
        assert sorted(dialog.action_buttons) == sorted(expected)
        assert [b.text() for b in dialog.action_buttons.values()] == \
            [{"judge_valid": "判定成立", "judge_invalid": "判定不成立", "forward": "转派",
              "settle_on_spot": "当场解决"}[a] for a in dialog.action_buttons]
    # the 5-minute forward is the most urgent limit: its action first, then the one
    # that meets it on the way (settled on the spot)
    clerk = open_detail(hall["liuyang"], ticket.id)
    assert list(clerk.action_buttons) == ["forward", "settle_on_spot"]
    assert clerk.action_buttons["forward"].font().bold()
    assert not clerk.action_buttons["settle_on_spot"].font().bold()
    assert clerk.urgent_label.isVisible()
    assert clerk.urgent_label.text() == "最紧迫的时限：转派责任部门（首报）。请先转派。"
    assert "judge_valid" in open_detail(hall["wangli"], ticket.id).action_buttons


def test_the_clerk_forwards_from_the_detail_and_the_limit_is_met(hall, open_detail, qtbot):
    ticket = register(hall)
    dialog = open_detail(hall["liuyang"], ticket.id)
    click(qtbot, dialog.action_buttons["forward"])
    combo = dialog.form.fields["forward_to"]
    assert combo.itemText(0) == "值班主管"
    combo.setCurrentIndex(combo.findData("BILL"))
    click(qtbot, dialog.form.save_button)
    assert dialog.form is None          # saved; a second 转派 (another department) stays
    assert not dialog.action_buttons["forward"].font().bold()
    assert dialog.history_table.item(dialog.history_table.rowCount() - 1, 3).text() == \
        "转派至电费结算中心"
    states = {dialog.deadline_table.item(r, 0).text(): dialog.deadline_table.item(r, 2).text()
              for r in range(dialog.deadline_table.rowCount())}
    assert states["转派责任部门（首报）"] == "✔ 已完成"
    assert dialog.urgent_label.text() != "" and "转派" not in dialog.urgent_label.text()


def test_judge_valid_then_assign_through_the_ui(hall, open_detail, qtbot, type_text):
    ticket = register(hall)
    dialog = open_detail(hall["wangli"], ticket.id)
    saved = []
    dialog.changed.connect(saved.append)

    click(qtbot, dialog.action_buttons["judge_valid"])
    type_text(dialog.form.fields["reason"], "情况属实")
    click(qtbot, dialog.form.save_button)
    assert dialog.form is None and "已保存" in dialog.banner.text()
    assert list(dialog.action_buttons) == ["assign"]

    form = dialog.start_action("assign")
    form.fields["department"].setCurrentIndex(form.fields["department"].findData("CS"))
    form.fields["handler_a"].setCurrentIndex(form.fields["handler_a"].findData("liuyang"))
    form.fields["handler_b"].setCurrentIndex(form.fields["handler_b"].findData("chenjing"))
    click(qtbot, form.save_button)

    fresh = tickets.get(ticket.id)
    assert fresh.status == "assigned" and fresh.department.code == "CS"
    assert fresh.handler_a.login == "liuyang" and fresh.handler_b.login == "chenjing"
    actions = [e.action for e in TicketEvent.select().where(TicketEvent.ticket == ticket.id)
               .order_by(TicketEvent.seq)]
    assert actions == ["created", "judge_valid", "assign"]
    assert saved == [ticket.id, ticket.id]
    steps = [dialog.history_table.item(r, 2).text()
             for r in range(dialog.history_table.rowCount())]
    assert steps == ["登记", "判定成立", "派发责任部门"]
    assert dialog.values["责任部门"].text() == "客户服务部"


def test_a_validation_error_shows_at_its_field_and_keeps_the_input(hall, open_detail, qtbot,
                                                                  type_text):
    ticket = register(hall)
    lifecycle.act(hall["wangli"], ticket.id, ticket.version, "judge_valid", {})
    dialog = open_detail(hall["wangli"], ticket.id)
    form = dialog.start_action("assign")
    form.fields["handler_a"].setCurrentIndex(form.fields["handler_a"].findData("liuyang"))
    type_text(form.fields["note"], "请尽快处理")
    click(qtbot, form.save_button)

    assert form.errors["department"].isVisible()
    assert form.errors["department"].text() == "责任部门不能为空"
    assert not form.errors["handler_a"].isVisible()
    assert dialog.form is form and form.fields["note"].text() == "请尽快处理"
    assert form.fields["handler_a"].currentData() == "liuyang"
    assert tickets.get(ticket.id).status == "judged"

    assert "judge_invalid" not in dialog.action_buttons    # not offered once judged


def test_second_save_on_the_same_ticket_is_refused_naming_who_and_keeps_input(
        hall, open_detail, qtbot, type_text):
    ticket = register(hall)
    lifecycle.act(hall["wangli"], ticket.id, ticket.version, "judge_valid", {})
    first = open_detail(hall["wangli"], ticket.id)
    second = open_detail(hall["zhaoqiang"], ticket.id)

    form = first.start_action("assign")
    form.fields["department"].setCurrentIndex(form.fields["department"].findData("OPS"))
    form.fields["handler_a"].setCurrentIndex(form.fields["handler_a"].findData("sunhao"))
    click(qtbot, form.save_button)
    assert tickets.get(ticket.id).department.code == "OPS"

    form = second.start_action("assign")
    form.fields["department"].setCurrentIndex(form.fields["department"].findData("CS"))
    form.fields["handler_a"].setCurrentIndex(form.fields["handler_a"].findData("chenjing"))
    type_text(form.fields["note"], "改派客服部")
    click(qtbot, form.save_button)

    assert "王丽" in second.banner.text() and "已保留" in second.banner.text()
    assert second.reload_button.isVisible()
    assert second.form is form and form.fields["note"].text() == "改派客服部"
    assert tickets.get(ticket.id).department.code == "OPS"        # nothing overwritten

    click(qtbot, second.reload_button)                # assign is still allowed: form kept
    assert second.form is form and form.fields["department"].currentData() == "CS"
    assert second.values["责任部门"].text() == "运行维护部"
    click(qtbot, form.save_button)
    assert tickets.get(ticket.id).department.code == "CS"


def test_notes_events_and_attachments(hall, open_detail, qtbot, type_text, tmp_path,
                                      monkeypatch):
    ticket = register(hall)
    dialog = open_detail(hall["liuyang"], ticket.id)
    type_text(dialog.note_edit, "客户情绪激动，已安抚")
    click(qtbot, dialog.note_button)
    assert dialog.history_table.item(1, 3).text() == "客户情绪激动，已安抚"
    assert dialog.note_edit.toPlainText() == ""

    click(qtbot, dialog.feedback_button)
    assert dialog.history_table.item(2, 2).text() == "初步反馈客户"
    assert "first_feedback" in tickets.get(ticket.id).milestones

    scan = tmp_path / "发票扫描.png"
    scan.write_bytes(b"\x89PNG fake scan")
    monkeypatch.setattr(ticket_detail, "choose_file", lambda parent: str(scan))
    click(qtbot, dialog.attach_button)
    digest = hashlib.sha256(scan.read_bytes()).hexdigest()
    assert digest in dialog.attach_label.text() and "发票扫描.png" in dialog.attach_label.text()
    assert dialog.history_table.item(3, 2).text() == "添加附件"


def test_supervisor_sees_an_anonymous_identity_only_with_a_reason(hall, open_detail, qtbot,
                                                                  monkeypatch):
    ticket = register(hall, kind="report", anonymous=True)
    counter = open_detail(hall["liuyang"], ticket.id)
    assert counter.values["客户姓名"].text() == "（匿名）"
    assert not counter.reveal_button.isVisible()

    boss = open_detail(hall["wangli"], ticket.id)
    assert boss.values["客户姓名"].text() == "（匿名）"
    assert boss.values["联系电话"].text() == "—"
    monkeypatch.setattr(ticket_detail, "ask_reason", lambda parent: None)     # cancelled
    click(qtbot, boss.reveal_button)
    assert AccessLog.select().count() == 0
    monkeypatch.setattr(ticket_detail, "ask_reason", lambda parent: "核实举报人联系方式")
    click(qtbot, boss.reveal_button)
    assert boss.values["客户姓名"].text() == "张三丰"
    assert boss.values["联系电话"].text().replace(" ", "").endswith("12345678")
    assert AccessLog.select().count() == 1 and not boss.reveal_button.isEnabled()


def test_detail_names_in_english_the_record_keeps_chinese(hall, open_detail, english):
    from hall_desk.services import records

    from hall_desk.core import i18n

    ticket = register(hall)
    ticket = lifecycle.act(hall["wangli"], ticket.id, ticket.version, "judge_valid", {})
    lifecycle.act(hall["wangli"], ticket.id, ticket.version, "assign",
                  {"department": "OPS", "handler_a": "sunhao"})
    dialog = open_detail(hall["liuyang"], ticket.id)
    assert dialog.values["Category"].text() == "Service quality"
    assert "Service quality" in dialog.subtitle.text()
    assert dialog.values[i18n.text("field.department")].text() == "Operations & maintenance"
    printed = records.full_content(ticket.id)                          # what is printed
    assert (printed["category"], printed["department"]) == ("服务质量", "运行维护部")
