"""Phrases at hand, driven with keys: Alt+1..9 inserts a phrase at the cursor of the text being
typed (intake, the reply, the callback), the reassurance comes first for an angry customer,
Alt+0 browses and Esc returns, a reply with a vague promise (尽快) is asked about before it is
saved, and the administrator's edited words reach the panel."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from hall_desk.core.phrases import Moment
from hall_desk.services import phrases
from hall_desk.ui import dialogs
from hall_desk.ui.pages import intake_page
from hall_desk.ui.ticket_actions import ActionForm

ALT = Qt.KeyboardModifier.AltModifier
OPENING = "您好，请坐，请问办理什么业务？"


@pytest.fixture(autouse=True)
def quick_timers(monkeypatch):
    monkeypatch.setattr(intake_page, "AUTOSAVE_MS", 30)
    monkeypatch.setattr(intake_page, "REPEAT_CHECK_MS", 10)


@pytest.fixture
def asked(monkeypatch):
    """The questions put to the clerk; the answers come from ``asked.answers``."""
    class Asked(list):
        answers: list[bool] = []

    said = Asked()
    said.answers = []

    def confirm(parent, text, **kw):
        said.append(text)
        return said.answers.pop(0) if said.answers else False

    monkeypatch.setattr(dialogs, "confirm", confirm)
    return said


def focus():
    return QApplication.focusWidget()


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(focus(), key, modifier)


def test_alt_number_inserts_at_the_cursor_and_the_focus_stays(login_as, qtbot, type_text,
                                                              asked):
    page = login_as("liuyang").page_widget("intake")
    panel = page.phrase_panel
    content = page.fields["content"]
    type_text(content, "暖气不热")
    assert focus() is content
    press(qtbot, Qt.Key.Key_Home)
    press(qtbot, Qt.Key.Key_1, ALT)
    assert content.toPlainText() == OPENING + "暖气不热"
    assert focus() is content
    assert content.textCursor().position() == len(OPENING)
    # the next moment (问候声) by Alt+PgDown, its second phrase by Alt+2
    press(qtbot, Qt.Key.Key_PageDown, ALT)
    assert panel.current_moment() is Moment.GREETING
    press(qtbot, Qt.Key.Key_End)
    press(qtbot, Qt.Key.Key_2, ALT)
    assert content.toPlainText().endswith(panel.template.of(Moment.GREETING)[1].zh)
    assert focus() is content and asked == []


def test_an_angry_customer_gets_the_reassurance_first(login_as, qtbot, type_text, asked):
    page = login_as("liuyang").page_widget("intake")
    panel = page.phrase_panel
    assert Moment.REASSURANCE not in panel.moments()
    emotion = page.fields["emotional_state"]
    emotion.setFocus()
    while emotion.currentData() != "angry":
        press(qtbot, Qt.Key.Key_Down)
    assert panel.current_moment() is Moment.REASSURANCE
    shown = [panel.phrase_list.item(i).text() for i in range(panel.phrase_list.count())]
    assert shown[0] == "1  请您放心，您的问题我已经记下了。"
    demand = page.fields["demand"]
    demand.setFocus()
    press(qtbot, Qt.Key.Key_1, ALT)
    assert demand.toPlainText() == "请您放心，您的问题我已经记下了。"
    # calm again: the reassurance is no longer offered
    emotion.setFocus()
    while emotion.currentData() != "calm":
        press(qtbot, Qt.Key.Key_Up)
    assert Moment.REASSURANCE not in panel.moments()


def test_alt_0_browses_enter_inserts_and_esc_returns(login_as, qtbot, type_text, asked):
    page = login_as("liuyang").page_widget("intake")
    panel = page.phrase_panel
    evidence = page.fields["evidence_note"]
    type_text(evidence, "收据一张")
    press(qtbot, Qt.Key.Key_PageDown, ALT)               # 问候声: several phrases
    press(qtbot, Qt.Key.Key_0, ALT)
    assert focus() is panel.phrase_list
    press(qtbot, Qt.Key.Key_Escape)                      # back, nothing inserted, no "clear?"
    assert focus() is evidence and evidence.toPlainText() == "收据一张" and asked == []
    press(qtbot, Qt.Key.Key_0, ALT)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    assert focus() is evidence
    assert evidence.toPlainText() == "收据一张" + panel.template.of(Moment.GREETING)[1].zh
    press(qtbot, Qt.Key.Key_0, ALT)
    press(qtbot, Qt.Key.Key_Right)                       # Right: the next moment
    assert panel.current_moment() is Moment.RESPONSE


def test_a_promise_written_at_intake_is_warned_about(login_as, type_text):
    page = login_as("liuyang").page_widget("intake")
    panel = page.phrase_panel
    type_text(page.fields["demand"], "客户要求尽快修好")
    assert panel.warning.isHidden()
    type_text(page.fields["content"], "已告知客户我们会尽快上门")
    assert panel.warning.isVisible()
    assert "事由含模糊承诺“尽快”" in panel.warning.text()


def test_a_reply_with_a_vague_promise_is_asked_about(hall, qtbot, type_text, asked):
    form = ActionForm("reply")
    qtbot.addWidget(form)
    with qtbot.waitActive(form):
        form.show()
        form.activateWindow()
    sent: list[bool] = []
    form.submitted.connect(lambda: sent.append(True))
    reply = form.fields["reply_content"]
    type_text(reply, "您反映的问题我们会尽快处理。")
    assert form.phrase_panel.warning.isVisible()
    assert "答复内容含模糊承诺“尽快”：请给出具体时间" in form.phrase_panel.warning.text()
    press(qtbot, Qt.Key.Key_1, ALT)                       # 致歉声 first in a reply
    assert reply.toPlainText().endswith(form.phrase_panel.template.of(Moment.APOLOGY)[0].zh)
    form.save_button.setFocus()
    press(qtbot, Qt.Key.Key_Space)                       # No: back to the text
    assert len(asked) == 1 and "尽快" in asked[0] and sent == []
    assert focus() is reply
    asked.answers.append(True)
    form.save_button.setFocus()
    press(qtbot, Qt.Key.Key_Space)                       # Yes: saved as it is
    assert sent == [True]
    reply.clear()
    type_text(reply, "我们将于明天17:00前上门检修。")
    assert form.phrase_panel.warning.isHidden()
    form.save_button.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    assert sent == [True, True] and len(asked) == 2


def test_no_panel_on_forms_that_do_not_speak_to_the_customer(hall, qtbot):
    form = ActionForm("assign")
    qtbot.addWidget(form)
    assert form.phrase_panel is None
    assert ActionForm("propose").phrase_panel is not None


def test_the_callback_tab_inserts_into_the_customers_words(login_as, qtbot, hall):
    window = login_as("wangli")
    press(qtbot, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)      # 值班与交接
    page = window.page_widget("duty")
    assert window.current_page_key() == "duty"
    tab = page.callbacks_tab
    press(qtbot, Qt.Key.Key_C, ALT)                                       # 回访(&C)
    assert page.tabs.currentWidget() is tab
    tab.words_edit.setFocus()
    assert tab.phrase_panel.current_moment() is Moment.GREETING
    press(qtbot, Qt.Key.Key_1, ALT)
    assert tab.words_edit.toPlainText() == tab.phrase_panel.template.of(Moment.GREETING)[0].zh
    # 不满意: the reassurance comes first
    tab.satisfaction_combo.setFocus()
    while tab.satisfaction_combo.currentData() != "dissatisfied":
        press(qtbot, Qt.Key.Key_Down)
    assert tab.phrase_panel.current_moment() is Moment.REASSURANCE


def test_the_administrators_words_reach_the_panel(login_as, qtbot, hall):
    window = login_as("admin")
    press(qtbot, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)      # 设置
    assert window.current_page_key() == "settings"
    box = window.page_widget("settings").phrase_box
    box.moment_combo.setCurrentIndex(box.moment_combo.findData(Moment.OPENING))
    box.items.setFocus()
    box.items.setCurrentRow(0)
    box.add_item("您好，欢迎光临，请坐。")
    box.words_edit.setText("尽快、等等看")
    acts = box.list_edits["immediate_acts"]
    acts.setText(acts.text() + "、为您转接")
    assert box.save()
    assert phrases.template().immediate_acts[-1] == "为您转接"
    assert "第2版" in box.status.text()
    assert phrases.template().vague_words == ("尽快", "等等看")
    box.words_edit.clear()
    assert not box.save() and "模糊承诺词不能为空" in box.errors["vague_words"].text()
    press(qtbot, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)      # 受理登记
    page = window.page_widget("intake")
    assert window.current_page_key() == "intake"
    page.fields["content"].setFocus()
    press(qtbot, Qt.Key.Key_2, ALT)
    assert page.fields["content"].toPlainText() == "您好，欢迎光临，请坐。"


def test_phrase_panel_screenshot(login_as, qtbot, type_text, asked, tmp_path):
    """The intake page at 1366×768 with an angry customer: the reassurance offered first and
    a vague promise warned about; every text drawable and unclipped. ``HALL_DESK_SCREENSHOTS=1``
    writes docs/screenshot-intake-phrases.png."""
    import os
    from pathlib import Path

    from PySide6.QtCore import QSize

    from test_screenshots import check_readable, save

    docs = Path(__file__).resolve().parents[2] / "docs"
    out = docs if os.environ.get("HALL_DESK_SCREENSHOTS") == "1" else tmp_path
    window = login_as("liuyang")
    window.resize(QSize(1366, 768))
    page = window.page_widget("intake")
    f = page.fields
    f["category"].setCurrentIndex(f["category"].findData("service_quality"))
    type_text(f["customer_name"], "张桂兰")
    type_text(f["phone"], "138 1234 5678")
    emotion = f["emotional_state"]
    emotion.setFocus()
    while emotion.currentData() != "angry":
        press(qtbot, Qt.Key.Key_Down)
    content = f["content"]
    type_text(content, "排队四十分钟无人引导，叫号屏幕故障。")
    press(qtbot, Qt.Key.Key_1, ALT)
    type_text(content, "已答复客户我们会尽快修好叫号屏。")
    assert page.phrase_panel.warning.isVisible()
    QApplication.processEvents()
    check_readable(window)
    save(window, out / "screenshot-intake-phrases.png")


def test_settling_on_the_spot_with_a_vague_reply_is_confirmed_first(hall, open_detail, qtbot,
                                                                   type_text, asked, tmp_path):
    from hall_desk.services import tickets

    ticket = tickets.register(hall["liuyang"], {
        "kind": "complaint", "channel": "walk-in", "category": "service_quality",
        "customer_name": "张三丰", "phone": "13812345678", "content": "窗口排队无人解释。",
        "demand": "要求说明。", "confirmed_by_customer": True})
    dialog = open_detail(hall["liuyang"], ticket.id)
    form = dialog.start_action("settle_on_spot")
    reply = form.fields["reply_content"]
    type_text(reply, "已向客户说明，马上研究研究。")
    assert "“马上”、“研究研究”" in form.phrase_panel.warning.text()
    for _ in range(5):
        QApplication.processEvents()
    from test_screenshots import check_readable

    check_readable(dialog)
    panel = form.phrase_panel               # nothing squeezed over anything else
    assert panel.hint.geometry().top() > panel.phrase_list.geometry().bottom()
    assert panel.warning.geometry().top() > panel.hint.geometry().bottom()
    assert panel.warning.height() >= panel.warning.heightForWidth(panel.warning.width())
    form.save_button.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    assert len(asked) == 1 and tickets.get(ticket.id).status == "registered"
    assert dialog.form is form and reply.toPlainText() == "已向客户说明，马上研究研究。"
    asked.answers.append(True)
    form.save_button.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    assert tickets.get(ticket.id).status != "registered"


def test_in_english_the_panel_explains_the_chinese_words(english, login_as, qtbot, type_text):
    page = login_as("liuyang").page_widget("intake")
    panel = page.phrase_panel
    assert panel.moment_combo.currentText() == "Opening words"
    first = panel.phrase_list.item(0).text()
    assert first.startswith("1  " + OPENING) and "Hello, please have a seat" in first
    type_text(page.fields["content"], "我们会尽快联系您")
    assert panel.warning.text().startswith("⚠ What happened promises vaguely (“尽快”)")
    page.fields["content"].setFocus()
    press(qtbot, Qt.Key.Key_1, ALT)                      # the Chinese words go in
    assert page.fields["content"].toPlainText().endswith(OPENING)
