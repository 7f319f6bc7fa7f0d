"""The duty page driven with keys and clicks: a duty-log incident with its prescribed response,
closing and correcting it; a dissatisfied callback that reopens the ticket; a handover signed
out, queried, answered, signed in and printed; the shift editor in Settings. With
``HALL_DESK_SCREENSHOTS=1`` the pictures replace docs/screenshot-duty*.png and
docs/pdf-handover.png."""

from __future__ import annotations

import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from hall_desk.services import callbacks, demo, duty, handover
from hall_desk.services.context import clock
from hall_desk.store.models import Ticket
from hall_desk.ui import dialogs, mainwindow, print_preview, signature_pad
from hall_desk.ui.pages import PageContext

DOCS = Path(__file__).resolve().parents[2] / "docs"
MORNING = datetime(2026, 11, 24, 11, 40)


@pytest.fixture
def at_morning():
    with clock(lambda: MORNING):
        yield


@pytest.fixture
def page_for(qtbot, hall, rt, at_morning):
    from hall_desk.ui.pages.duty_page import DutyPage

    def build(login: str) -> DutyPage:
        page = DutyPage(PageContext(hall[login], rt.local))
        qtbot.addWidget(page)
        page.resize(1280, 760)
        page.show()
        return page

    return build


@pytest.fixture
def warnings(monkeypatch):
    said: list[str] = []
    monkeypatch.setattr(dialogs, "warn", lambda parent, text, **kw: said.append(text))
    return said


def test_incident_shows_the_prescribed_response_and_is_closed_by_a_new_entry(
        page_for, qtbot, type_text, out_dir):
    page = page_for("liuyang")
    log_tab = page.log_tab
    assert not log_tab.guidance.isVisible()               # a note has no prescribed response
    log_tab.kind_combo.setCurrentIndex(log_tab.kind_combo.findData("power_cut"))
    assert log_tab.guidance.isVisible()
    assert "请客户在休息区休息等待" in log_tab.guidance.toPlainText()
    qtbot.mouseClick(log_tab.save_button, Qt.MouseButton.LeftButton)
    assert log_tab.new_fields.errors["duty_text"].isVisible()      # nothing typed
    type_text(log_tab.text_edit, "大厅突然停电，约15名客户在等候。")
    log_tab.handler_combo.setCurrentIndex(log_tab.handler_combo.findData("wangli"))
    qtbot.mouseClick(log_tab.save_button, Qt.MouseButton.LeftButton)
    assert not log_tab.new_fields.errors["duty_text"].isVisible()
    assert log_tab.entries_table.rowCount() == 1
    assert log_tab.entries_table.item(0, 6).text() == "未结"
    page.grab().save(str(out_dir / "screenshot-duty.png"))

    # closing needs the outcome: said at the field, nothing lost
    log_tab.entries_table.selectRow(0)
    log_tab.follow_outcome.clear()
    qtbot.mouseClick(log_tab.close_button, Qt.MouseButton.LeftButton)
    assert log_tab.follow_fields.errors["duty_outcome"].text() == "结案时须填写处理结果"
    type_text(log_tab.follow_outcome, "15:02恢复供电。")
    qtbot.mouseClick(log_tab.close_button, Qt.MouseButton.LeftButton)
    assert log_tab.entries_table.rowCount() == 2
    newest = duty.entries(current_only=True)[0]
    assert newest.follow == "closing" and newest.closed_at is not None and newest.corrects
    assert duty.open_incidents() == []

    # the closing entry corrected: another new entry; the old ones stay
    log_tab.follow_text.clear()
    type_text(log_tab.follow_text, "大厅突然停电，约20名客户在等候。")
    qtbot.mouseClick(log_tab.correct_button, Qt.MouseButton.LeftButton)
    assert log_tab.entries_table.rowCount() == 3
    assert [e.follow for e in duty.entries()] == ["correction", "closing", ""]
    assert duty.verify_chain() == []


def test_dissatisfied_callback_needs_the_reason_and_reopens_the_ticket(
        page_for, qtbot, type_text, hall, out_dir):
    from hall_desk.services import lifecycle, tickets

    boss, clerk = hall["wangli"], hall["liuyang"]
    with clock(lambda: datetime(2026, 11, 24, 9, 0)):
        t = tickets.register(clerk, {"kind": "complaint", "channel": "walk-in",
                                     "customer_name": "张三", "phone": "13800138000",
                                     "content": "电表跳闸。", "demand": "更换电表。",
                                     "confirmed_by_customer": True})
        for action, data in [("judge_valid", {}), ("assign", {"department": "CS"}),
                             ("analyse", {"cause_class": "product"}),
                             ("propose", {"solution": "更换电表。"}),
                             ("approve", {"instruction": "同意。"}),
                             ("implement", {"implementation": "已更换。"}), ("review", {}),
                             ("reply", {"reply_method": "phone", "reply_content": "已更换电表。"})]:
            who = clerk if action == "propose" else boss     # not her own plan
            t = lifecycle.act(who, t.id, t.version, action, data)
    page = page_for("chenjing")
    page.tabs.setCurrentIndex(1)
    tab = page.callbacks_tab
    assert tab.calls_table.rowCount() == 1
    tab.calls_table.selectRow(0)
    assert "138 0013 8000" in tab.ticket_label.text()          # the number to call
    tab.satisfaction_combo.setCurrentIndex(tab.satisfaction_combo.findData("dissatisfied"))
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert "须记录客户意见" in tab.fields.errors["customer_words"].text()
    page.grab().save(str(out_dir / "screenshot-duty-callbacks.png"))
    type_text(tab.words_edit, "电表还是跳闸。")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    fresh = Ticket.get_by_id(t.id)
    assert fresh.status == "assigned" and fresh.round == 2
    assert tab.calls_table.rowCount() == 0
    assert "二次处理" in tab.done_label.text()


def test_unreachable_customer_gets_a_retry(page_for, qtbot, hall):
    demo_ticket = _replied_ticket(hall)
    page = page_for("liuyang")
    tab = page.callbacks_tab
    page.tabs.setCurrentIndex(1)
    tab.calls_table.selectRow(0)
    tab.reached_no.setChecked(True)
    assert not tab.satisfaction_combo.isEnabled()
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    due = callbacks.worklist()
    assert [d.ticket_id for d in due] == [demo_ticket] and due[0].attempts == 1
    assert tab.calls_table.item(0, 6).text() == "1"


def _replied_ticket(hall) -> int:
    from hall_desk.services import lifecycle, tickets

    with clock(lambda: datetime(2026, 11, 24, 9, 0)):
        t = tickets.register(hall["liuyang"], {
            "kind": "complaint", "channel": "phone", "customer_name": "李四",
            "phone": "13900139000", "content": "排队太久。", "demand": "希望改进。",
            "confirmed_by_customer": True})
        # the department's whole round (a case settled on the spot has met its callback)
        for action, data in [("judge_valid", {}), ("assign", {"department": "CS"}),
                             ("analyse", {"cause_class": "service"}),
                             ("propose", {"solution": "增开窗口。"}), ("approve", {"instruction": "同意。"}),
                             ("implement", {"implementation": "已增开窗口。"}), ("review", {}),
                             ("reply", {"reply_method": "phone", "reply_content": "已改进。"})]:
            who = hall["liuyang"] if action == "propose" else hall["wangli"]   # not her own plan
            t = lifecycle.act(who, t.id, t.version, action, data)
    return t.id


def test_handover_signed_out_reviewed_and_signed_in(page_for, qtbot, type_text, hall,
                                                     monkeypatch, warnings, out_dir):
    _replied_ticket(hall)
    duty.add(hall["liuyang"], "system_failure", "营销系统响应缓慢。")
    signed = []
    monkeypatch.setattr(signature_pad, "ask_signature",
                        lambda parent, title, **kw: signed.append(title) or (kw["signer_name"],
                                                                              None, True))
    out = page_for("liuyang")
    out.tabs.setCurrentIndex(2)
    tab = out.handover_tab
    assert "上午班" in tab.header.text() and not tab.sign_out_button.isEnabled()
    qtbot.mouseClick(tab.assemble_button, Qt.MouseButton.LeftButton)
    kinds = [tab.items_table.item(r, 1).text() for r in range(tab.items_table.rowCount())]
    assert kinds == ["未结事件", "待回访"]
    type_text(tab.note_edit, "2号自助缴费机卡纸，厂家明日上门。")
    qtbot.keyClick(tab.note_edit, Qt.Key.Key_Return)
    assert tab.items_table.rowCount() == 3 and tab.note_edit.text() == ""
    assert not tab.ack_button.isEnabled()                    # not one's own handover
    qtbot.mouseClick(tab.sign_out_button, Qt.MouseButton.LeftButton)
    assert signed == ["交班人签名"] and "待接班确认" in tab.header.text()

    incoming = page_for("chenjing")
    incoming.tabs.setCurrentIndex(2)
    review = incoming.handover_tab
    assert review.data["id"] == tab.data["id"] and review.sign_in_button.isEnabled()
    review.items_table.selectRow(0)
    qtbot.mouseClick(review.query_button, Qt.MouseButton.LeftButton)
    assert review.fields.errors["handover_query"].isVisible()      # a query needs words
    type_text(review.reply_edit, "系统故障是否已报运维？")
    qtbot.mouseClick(review.query_button, Qt.MouseButton.LeftButton)
    assert review.items_table.item(0, 3).text() == "有疑问"
    qtbot.mouseClick(review.ack_all_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(review.sign_in_button, Qt.MouseButton.LeftButton)
    assert warnings and "疑问未答复" in warnings[-1]           # refused: a query is open
    review.grab().save(str(out_dir / "screenshot-duty-handover.png"))

    tab.show_handover(tab.data["id"])
    tab.items_table.selectRow(0)
    assert tab.answer_button.isEnabled()
    type_text(tab.reply_edit, "已报运维，预计12:30恢复。")
    qtbot.mouseClick(tab.answer_button, Qt.MouseButton.LeftButton)
    assert tab.items_table.item(0, 3).text() == "已答复"

    review.show_handover(review.data["id"])
    qtbot.mouseClick(review.sign_in_button, Qt.MouseButton.LeftButton)
    assert signed[-1] == "接班人签名"
    assert review.data["state"] == "sealed" and handover.verify(review.data["id"])
    assert "双方已签" in review.header.text()
    assert review.past_table.rowCount() == 1

    printed = {}
    monkeypatch.setattr(print_preview, "show_preview",
                        lambda parent, data, title, **kw: printed.update(data=data, title=title))
    qtbot.mouseClick(review.print_button, Qt.MouseButton.LeftButton)
    assert printed["data"].startswith(b"%PDF")
    assert printed["title"] == f"交接班记录 第{review.data['id']}号"
    pdf = out_dir / "handover.pdf"
    pdf.write_bytes(printed["data"])
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(out_dir / "pdf-handover")], check=True)
    if out_dir == DOCS:
        pdf.unlink()


def test_past_handovers_found_by_person(page_for, qtbot, type_text):
    demo.fill(20, today=MORNING)
    page = page_for("wangli")
    page.tabs.setCurrentIndex(2)
    tab = page.handover_tab
    assert tab.past_table.rowCount() == 2
    type_text(tab.person_edit, "nobody")
    qtbot.keyClick(tab.person_edit, Qt.Key.Key_Return)
    assert tab.past_table.rowCount() == 0
    tab.person_edit.clear()
    type_text(tab.person_edit, "陈静")
    qtbot.mouseClick(tab.search_button, Qt.MouseButton.LeftButton)
    assert tab.past_table.rowCount() == 2
    tab._open_past(tab.past_table.item(0, 0))
    assert tab.data["state"] == "sealed" and not tab.ack_button.isEnabled()


def test_shift_editor_in_settings_drives_the_status_bar(login_as, qtbot, monkeypatch, warnings):
    monkeypatch.setattr(mainwindow, "now", lambda: datetime(2026, 11, 23, 18, 30))
    window = login_as("admin")
    assert window.shift_label.text() == "非值班时间"
    box = window.page_widget("settings").shift_box
    assert box.rows()[0]["name"] == "上午班"
    box.shift_table.item(1, 2).setText("11:30")                 # overlaps the morning
    qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
    assert "重叠" in box.errors.text() and not box.errors.isHidden()
    assert box.shift_table.item(1, 2).text() == "11:30"          # what was typed stays
    box.shift_table.item(1, 2).setText("12:00")
    qtbot.mouseClick(box.add_button, Qt.MouseButton.LeftButton)
    for col, value in enumerate(["晚班", "Evening shift", "17:30", "21:00"]):
        box.shift_table.item(2, col).setText(value)
    qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
    assert box.errors.isHidden() and "晚班 17:30–21:00" in box.saved.text()
    window.update_shift()
    assert window.shift_label.text() == "晚班"
