"""The closing paths in the ticket detail: the review with its send-back, 无法回访 once the
attempts are used up, the assign form naming whom the complaint is about, and the rounds."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt

from hall_desk.core.errors import ValidationError
from hall_desk.services import callbacks, lifecycle, tickets
from hall_desk.services.context import clock

T = datetime(2026, 11, 23, 9, 30)


@pytest.fixture(autouse=True)
def at_t():
    with clock(lambda: T):
        yield T


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def implemented(hall):
    t = tickets.register(hall["liuyang"], {
        "kind": "complaint", "channel": "walk-in", "category": "price_charges",
        "customer_name": "张三丰", "phone": "13812345678", "content": "本月电费翻倍。",
        "demand": "核查电表。", "confirmed_by_customer": True})
    for login, action, data in [
            ("wangli", "judge_valid", {}), ("wangli", "assign", {"department": "OPS",
                                                                 "handler_a": "sunhao"}),
            ("sunhao", "analyse", {"cause_class": "product"}),
            ("sunhao", "propose", {"solution": "校验电表。"}),
            ("wangli", "approve", {"instruction": "同意。"}),
            ("sunhao", "implement", {"implementation": "已校验。"})]:
        t = lifecycle.act(hall[login], t.id, t.version, action, data)
    return t


def test_review_send_back_then_pass_through_the_dialog(hall, open_detail, qtbot, type_text):
    t = implemented(hall)
    assert "reply" not in open_detail(hall["liuyang"], t.id).action_buttons   # waits for 审核
    dialog = open_detail(hall["zhaoqiang"], t.id)
    assert list(dialog.action_buttons)[:2] == ["review", "review_send_back"]
    assert dialog.action_buttons["review"].text() == "审核通过"

    click(qtbot, dialog.action_buttons["review_send_back"])
    click(qtbot, dialog.form.save_button)                      # no reason given
    assert dialog.form.errors["review_note"].isVisible()
    assert dialog.form.errors["review_note"].text() == "审核意见不能为空"
    assert tickets.get(t.id).status == "implemented"
    type_text(dialog.form.fields["review_note"], "缺少校验报告")
    click(qtbot, dialog.form.save_button)
    assert dialog.form is None and tickets.get(t.id).status == "approved"
    assert dialog.values["审核意见"].text() == "缺少校验报告"

    t = tickets.get(t.id)
    lifecycle.act(hall["sunhao"], t.id, t.version, "implement", {"implementation": "报告已附。"})
    dialog.load()
    click(qtbot, dialog.action_buttons["review"])
    type_text(dialog.form.fields["review_note"], "报告已核")
    click(qtbot, dialog.form.save_button)
    fresh = tickets.get(t.id)
    assert (fresh.status, fresh.reviewed_by.login) == ("reviewed", "zhaoqiang")
    assert dialog.values["审核人"].text() == "赵强"
    assert "reply" in open_detail(hall["liuyang"], t.id).action_buttons


def test_unreachable_closing_in_the_dialog(hall, open_detail, qtbot, type_text):
    t = implemented(hall)
    t = lifecycle.act(hall["zhaoqiang"], t.id, t.version, "review", {})
    t = lifecycle.act(hall["liuyang"], t.id, t.version, "reply",
                      {"reply_method": "phone", "reply_content": "已告知。"})
    dialog = open_detail(hall["wangli"], t.id)
    click(qtbot, dialog.action_buttons["close_unreachable"])
    type_text(dialog.form.fields["reason"], "电话无人接听")
    click(qtbot, dialog.form.save_button)                      # attempts not used up yet
    assert "尚未用完回访次数（已0次，共3次）" in dialog.banner.text()
    assert dialog.form is not None and tickets.get(t.id).status == "replied"

    for _ in range(callbacks.MAX_ATTEMPTS):
        callbacks.record(hall["liuyang"], t.id, t.version, method="phone", reached=False)
    click(qtbot, dialog.form.save_button)                      # the typed reason was kept
    fresh = tickets.get(t.id)
    assert (fresh.status, fresh.satisfaction, fresh.summary) == \
        ("archived", "unreachable", "电话无人接听")
    assert dialog.values["满意度"].text() == "无法回访"


def test_assign_form_names_whom_the_complaint_is_about(hall, open_detail, qtbot):
    t = tickets.register(hall["liuyang"], {
        "kind": "complaint", "channel": "walk-in", "category": "service_quality",
        "customer_name": "张三丰", "phone": "13812345678", "content": "营业员孙浩态度恶劣。",
        "demand": "要求道歉。", "confirmed_by_customer": True})
    dialog = open_detail(hall["wangli"], t.id)
    click(qtbot, dialog.target_button)
    form = dialog.form
    form.fields["target_kind"].setCurrentIndex(form.fields["target_kind"].findData("staff"))
    form.fields["target_staff"].setCurrentIndex(form.fields["target_staff"].findData("sunhao"))
    click(qtbot, form.save_button)
    assert dialog.values["投诉对象"].text() == "本单位员工：孙浩"

    click(qtbot, dialog.action_buttons["judge_valid"])
    click(qtbot, dialog.form.save_button)
    click(qtbot, dialog.action_buttons["assign"])
    form = dialog.form
    assert form.hint.isVisible() and "孙浩" in form.hint.text()
    form.fields["department"].setCurrentIndex(form.fields["department"].findData("OPS"))
    form.fields["handler_a"].setCurrentIndex(form.fields["handler_a"].findData("sunhao"))
    click(qtbot, form.save_button)
    assert form.errors["handler_a"].text() == "孙浩是本投诉的投诉对象，不能派给本人处理"
    assert tickets.get(t.id).status == "judged"


def test_a_second_round_shows_the_first_apart(hall, open_detail):
    t = implemented(hall)
    t = lifecycle.act(hall["zhaoqiang"], t.id, t.version, "review", {})
    t = lifecycle.act(hall["liuyang"], t.id, t.version, "reply",
                      {"reply_method": "phone", "reply_content": "已告知。"})
    t = lifecycle.act(hall["liuyang"], t.id, t.version, "callback",
                      {"satisfaction": "dissatisfied", "customer_words": "电费还是高"})
    dialog = open_detail(hall["wangli"], t.id)
    ended = dialog.values["第1轮（已结束）"].text()
    assert "批示：同意。（王丽）" in ended and "客户意见：电费还是高" in ended
    assert "第2轮" in dialog.values
    assert "主管批示" not in dialog.values          # round 1's 批示 is not this round's
    assert "满意度" not in dialog.values            # nor its 不满意


def test_the_callbacks_tab_closes_a_flagged_callback_as_unreachable(hall, rt, qtbot, type_text,
                                                                    monkeypatch):
    from hall_desk.ui import dialogs
    from hall_desk.ui.pages import PageContext
    from hall_desk.ui.pages.duty_page import DutyPage

    said: list[str] = []
    monkeypatch.setattr(dialogs, "warn", lambda parent, text, **kw: said.append(text))
    t = implemented(hall)
    t = lifecycle.act(hall["zhaoqiang"], t.id, t.version, "review", {})
    t = lifecycle.act(hall["liuyang"], t.id, t.version, "reply",
                      {"reply_method": "phone", "reply_content": "已告知。"})
    clerk_page = DutyPage(PageContext(hall["liuyang"], rt.local))
    qtbot.addWidget(clerk_page)
    assert not clerk_page.callbacks_tab.unreachable_button.isVisibleTo(clerk_page)
    combo = clerk_page.callbacks_tab.satisfaction_combo
    assert combo.findData("unreachable") == -1          # not an answer a customer gives

    page = DutyPage(PageContext(hall["wangli"], rt.local))
    qtbot.addWidget(page)
    page.show()
    tab = page.callbacks_tab
    tab.calls_table.selectRow(0)
    assert not tab.unreachable_button.isEnabled()       # attempts not used up yet
    for _ in range(callbacks.MAX_ATTEMPTS):
        callbacks.record(hall["liuyang"], t.id, t.version, method="phone", reached=False)
    tab.refresh()
    tab.calls_table.selectRow(0)
    assert tab.unreachable_button.isEnabled()
    click(qtbot, tab.unreachable_button)                # no reason
    with pytest.raises(ValidationError) as core:        # the core rule's words, at the box
        callbacks.close_unreachable(hall["wangli"], t.id, tickets.get(t.id).version, "")
    assert tab.fields.errors["customer_words"].text() == core.value.errors["reason"].message()
    assert core.value.errors["reason"].message() == "理由不能为空"
    type_text(tab.words_edit, "三次电话均无人接听")
    click(qtbot, tab.unreachable_button)
    fresh = tickets.get(t.id)
    assert (fresh.status, fresh.satisfaction) == ("archived", "unreachable")
    assert "已按无法回访归档" in tab.done_label.text() and tab.calls_table.rowCount() == 0
    assert said == []
