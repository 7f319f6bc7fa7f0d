"""The intake page: a walk-in complaint typed with the keyboard alone, field messages, required
markers per kind, repeat detection, draft autosave, clearing, anonymity and materials."""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from hall_desk.core import validation
from hall_desk.core.errors import ValidationError
from hall_desk.services import drafts, materials, tickets
from hall_desk.store.models import Ticket
from hall_desk.ui import dialogs
from hall_desk.ui.pages import PageContext, intake_page
from hall_desk.ui.pages.intake_page import IntakePage

CTRL = Qt.KeyboardModifier.ControlModifier
PHONE = "13812345678"


@pytest.fixture(autouse=True)
def quick_timers(monkeypatch):
    """Debounces short enough that the tests do not wait for them."""
    monkeypatch.setattr(intake_page, "AUTOSAVE_MS", 30)
    monkeypatch.setattr(intake_page, "REPEAT_CHECK_MS", 10)


@pytest.fixture
def open_intake(login_as):
    """The intake page of a main window for a demo login (the first page, active)."""
    def open_(login: str = "liuyang") -> IntakePage:
        window = login_as(login)
        page = window.page_widget("intake")
        assert window.current_page_key() == "intake"
        return page
    return open_


@pytest.fixture
def keys(qtbot, type_text):
    """Type into whichever widget has the keyboard focus, as a person at the counter does."""
    class Keys:
        @staticmethod
        def focus():
            return QApplication.focusWidget()

        def type(self, text: str) -> None:
            type_text(self.focus(), text)

        def press(self, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
            qtbot.keyClick(self.focus(), key, modifier)

    return Keys()


def test_walk_in_complaint_with_the_keyboard_alone(open_intake, keys, hall, qtbot):
    page = open_intake()
    started = time.perf_counter()
    f = page.fields
    assert keys.focus() is f["kind"]
    assert f["kind"].currentData() == "complaint" and f["channel"].currentData() == "walk-in"
    keys.press(Qt.Key.Key_Tab)                         # channel: walk-in as it is
    assert keys.focus() is f["channel"]
    keys.press(Qt.Key.Key_Return)
    assert keys.focus() is f["category"]
    keys.press(Qt.Key.Key_Down)
    keys.press(Qt.Key.Key_Down)                        # (not chosen) -> 产品质量 -> 服务质量
    assert f["category"].currentText() == "服务质量"
    keys.press(Qt.Key.Key_Return)                      # received: skipped for a walk-in
    assert keys.focus() is f["customer_name"]
    keys.type("张桂兰")
    keys.press(Qt.Key.Key_Return)
    assert keys.focus() is f["phone"]
    keys.type(PHONE)
    keys.press(Qt.Key.Key_Return)
    keys.type("城东区幸福路12号")
    keys.press(Qt.Key.Key_Return)
    assert keys.focus() is f["emotional_state"]
    keys.press(Qt.Key.Key_Down)
    keys.press(Qt.Key.Key_Down)                        # 平静 -> 焦虑 -> 不满
    keys.press(Qt.Key.Key_Tab)
    keys.press(Qt.Key.Key_Tab)                         # priority: normal
    assert keys.focus() is f["content"]
    keys.type("上午在3号窗口办理缴费，工作人员态度生硬，")
    keys.press(Qt.Key.Key_Return)                      # a new line inside the text
    keys.type("排队四十分钟无人引导。")
    keys.press(Qt.Key.Key_Return, CTRL)
    assert keys.focus() is f["demand"]
    keys.type("希望营业厅书面道歉并改进引导。")
    keys.press(Qt.Key.Key_Tab)
    keys.type("缴费小票一张")
    keys.press(Qt.Key.Key_Return, CTRL)
    assert keys.focus() is page.agreed_check

    keys.press(Qt.Key.Key_S, CTRL)                     # read back
    assert page.readback_box.isVisible() and keys.focus() is page.confirm_check
    said = page.readback_text.text()
    assert "您是说：上午在3号窗口" in said and "您希望：希望营业厅书面道歉" in said
    assert "我们按投诉登记" in said and "对吗？" in said and "138 1234 5678" in said
    keys.press(Qt.Key.Key_S, CTRL)                     # not confirmed yet: refused
    assert page.errors["confirmed"].isVisible() and Ticket.select().count() == 0
    keys.press(Qt.Key.Key_Space)
    assert page.confirm_check.isChecked()
    keys.press(Qt.Key.Key_S, CTRL)                     # save

    receipt = page.receipt
    assert receipt is not None and receipt.isVisible()
    ticket = Ticket.get()
    assert receipt.number_label.text() == ticket.number
    assert receipt.number_label.font().pointSize() >= 30
    assert "前答复您" in receipt.promise_label.text()
    assert receipt.print_button.isEnabled()            # printing: tests/ui/test_print_ui.py
    qtbot.waitUntil(lambda: keys.focus() is receipt.done_button)
    keys.press(Qt.Key.Key_Return)                      # done: back to the form
    qtbot.waitUntil(lambda: not receipt.isVisible())
    elapsed = time.perf_counter() - started
    print(f"\nkeyboard-only walk-in complaint: {elapsed:.2f} s")
    assert elapsed < 60

    assert (ticket.kind, ticket.channel, ticket.category.code) == \
        ("complaint", "walk-in", "service_quality")
    assert ticket.customer_name == "张桂兰" and ticket.customer_phone == "138 1234 5678"
    assert ticket.customer_address == "城东区幸福路12号"
    assert ticket.emotional_state == "upset"
    assert ticket.content == "上午在3号窗口办理缴费，工作人员态度生硬，\n排队四十分钟无人引导。"
    assert ticket.demand == "希望营业厅书面道歉并改进引导。"
    assert ticket.evidence_note == "缴费小票一张"
    assert ticket.confirmed_by_customer and not ticket.anonymous
    assert ticket.first_receiver_id == hall["liuyang"].staff_id
    assert ticket.priority == 2 and ticket.agreed_due_at is None
    assert page.fields["content"].toPlainText() == "" and page.is_blank()
    assert drafts.load(hall["liuyang"], "intake") is None
    qtbot.waitUntil(lambda: keys.focus() is page.fields["kind"])   # ready for the next one


def test_rejected_save_shows_messages_at_the_fields_and_keeps_the_text(open_intake, keys,
                                                                       type_text, qtbot):
    page = open_intake()
    type_text(page.fields["customer_name"], "李明")
    qtbot.keyClicks(page.fields["phone"], "12345")
    type_text(page.fields["demand"], "退还多收的电费")
    qtbot.keyClick(page.fields["demand"], Qt.Key.Key_S, CTRL)

    assert page.errors["phone"].isVisible()
    assert page.errors["phone"].text() == "联系电话不是有效的中国手机或固定电话号码"
    assert page.errors["content"].isVisible() and page.errors["content"].text() == "事由不能为空"
    assert not page.errors["customer_name"].isVisible()
    assert not page.readback_box.isVisible()
    assert keys.focus() is page.fields["phone"]            # the first bad field
    assert page.fields["customer_name"].text() == "李明"
    assert page.fields["phone"].text() == "12345"
    assert page.fields["demand"].toPlainText() == "退还多收的电费"
    assert Ticket.select().count() == 0


def test_leaving_the_phone_field_checks_it(open_intake, qtbot):
    page = open_intake()
    page.fields["phone"].setFocus()
    qtbot.keyClicks(page.fields["phone"], "0101234")
    qtbot.keyClick(page.fields["phone"], Qt.Key.Key_Tab)
    assert page.errors["phone"].isVisible()
    page.fields["phone"].setFocus()
    page.fields["phone"].clear()
    qtbot.keyClicks(page.fields["phone"], "010-88886666")
    qtbot.keyClick(page.fields["phone"], Qt.Key.Key_Return)
    assert not page.errors["phone"].isVisible()


def test_kind_switch_changes_the_required_markers(open_intake, qtbot):
    page = open_intake()

    def starred() -> set[str]:
        return {k for k, label in page.labels.items() if label.text().endswith("*")}

    assert starred() == {"customer_name", "phone", "content", "demand"}
    qtbot.keyClick(page.fields["kind"], Qt.Key.Key_Down)   # 诉求 request
    qtbot.keyClick(page.fields["kind"], Qt.Key.Key_Down)   # 举报 report
    assert page.fields["kind"].currentData() == "report"
    assert starred() == {"content"}
    assert not page.material_box.isVisible()


def test_repeat_panel_shows_the_customers_earlier_ticket(open_intake, hall, qtbot):
    earlier = tickets.register(hall["wangli"], {
        "kind": "complaint", "channel": "phone", "customer_name": "张桂兰", "phone": PHONE,
        "content": "停电两天无人处理，多次拨打热线无果", "demand": "尽快恢复供电"},
        received_at=datetime.now() - timedelta(days=10))
    page = open_intake()
    assert page.repeat_table.rowCount() == 0
    qtbot.keyClicks(page.fields["phone"], "138 1234 5678")
    qtbot.waitUntil(lambda: page.repeat_table.rowCount() == 1)
    row = [page.repeat_table.item(0, c).text() for c in range(5)]
    assert row[0] == earlier.number and row[2] == "投诉" and row[3] == "已登记"
    assert row[4].startswith("停电两天无人处理")
    assert "1" in page.repeat_note.text() and "提高优先级" in page.repeat_note.text()


def test_draft_survives_the_page_and_is_offered_back(open_intake, hall, qtbot, type_text,
                                                     monkeypatch, rt):
    page = open_intake()
    type_text(page.fields["customer_name"], "王强")
    type_text(page.fields["content"], "电表读数明显偏高")
    page.fields["content"].setFocus()
    qtbot.keyClick(page.fields["content"], Qt.Key.Key_Tab)  # leaving a field saves at once
    saved = drafts.load(hall["liuyang"], "intake")
    assert saved is not None and saved.data["content"] == "电表读数明显偏高"
    qtbot.keyClicks(page.fields["phone"], PHONE)           # the debounce saves too
    qtbot.waitUntil(lambda: drafts.load(hall["liuyang"], "intake").data["phone"] == PHONE)
    monkeypatch.setattr(dialogs, "ask_save", lambda *a, **kw: dialogs.SAVE)   # kept as draft
    page.window().close()
    page.deleteLater()
    QApplication.processEvents()

    asked = []
    monkeypatch.setattr(dialogs, "confirm",
                        lambda parent, text, **kw: asked.append(text) or True)
    fresh = IntakePage(PageContext(hall["liuyang"], rt.local))
    qtbot.addWidget(fresh)
    fresh.show()
    qtbot.waitUntil(lambda: fresh.fields["content"].toPlainText() == "电表读数明显偏高")
    assert asked and asked[0].startswith("恢复上次未保存的登记")
    assert fresh.fields["customer_name"].text() == "王强"
    assert fresh.fields["phone"].text() == PHONE


def test_escape_asks_before_clearing(open_intake, hall, qtbot, type_text, monkeypatch):
    page = open_intake()
    type_text(page.fields["customer_name"], "赵敏")
    page.save_draft()
    answers = [False, True]
    asked = []
    monkeypatch.setattr(dialogs, "confirm",
                        lambda parent, text, **kw: asked.append(text) or answers.pop(0))
    qtbot.keyClick(page.fields["customer_name"], Qt.Key.Key_Escape)
    assert len(asked) == 1 and page.fields["customer_name"].text() == "赵敏"
    qtbot.keyClick(page.fields["customer_name"], Qt.Key.Key_Escape)
    assert len(asked) == 2 and page.fields["customer_name"].text() == ""
    assert drafts.load(hall["liuyang"], "intake") is None
    qtbot.keyClick(page.fields["kind"], Qt.Key.Key_Escape)     # blank: nothing to ask
    assert len(asked) == 2


def confirm_and_save(page, qtbot) -> Ticket:
    page.save()
    assert page.readback_box.isVisible(), [e.text() for e in page.errors.values()]
    qtbot.keyClick(page.confirm_check, Qt.Key.Key_Return)     # Enter ticks as well
    page.save()
    return Ticket.select().order_by(Ticket.id.desc()).get()


def test_anonymous_tick_is_stored(open_intake, qtbot, type_text):
    page = open_intake()
    assert "隐藏" in page.anonymous_note.text()
    type_text(page.fields["customer_name"], "匿名客户")
    qtbot.keyClicks(page.fields["phone"], PHONE)
    type_text(page.fields["content"], "收费窗口私收现金")
    type_text(page.fields["demand"], "请查处")
    qtbot.keyClick(page.anonymous_check, Qt.Key.Key_Space)
    assert page.anonymous_check.isChecked()
    ticket = confirm_and_save(page, qtbot)
    assert ticket.anonymous and ticket.confirmed_by_customer


def test_request_stores_missing_materials(open_intake, qtbot, type_text):
    page = open_intake()
    qtbot.keyClick(page.fields["kind"], Qt.Key.Key_Down)      # 诉求 request
    assert page.material_box.isVisible()
    business = materials.businesses()[1]                      # 过户
    qtbot.keyClick(page.fields["business_type"], Qt.Key.Key_Down)
    qtbot.keyClick(page.fields["business_type"], Qt.Key.Key_Down)
    assert page.fields["business_type"].currentData() == business.code
    page.material_list.setFocus()
    qtbot.keyClick(page.material_list, Qt.Key.Key_Space)     # first material
    qtbot.keyClick(page.material_list, Qt.Key.Key_Down)
    qtbot.keyClick(page.material_list, Qt.Key.Key_Down)
    qtbot.keyClick(page.material_list, Qt.Key.Key_Space)     # third material
    type_text(page.fields["customer_name"], "陈静")
    qtbot.keyClicks(page.fields["phone"], "010 8888 6666")
    type_text(page.fields["content"], "房屋买卖后办理电费户名过户")
    type_text(page.fields["demand"], "办理过户")
    ticket = confirm_and_save(page, qtbot)
    assert ticket.kind == "request" and ticket.business_type == business.code
    assert json.loads(ticket.missing_materials) == [business.materials[0],
                                                    business.materials[2]]


def test_editing_after_the_read_back_asks_for_it_again(open_intake, qtbot, type_text):
    page = open_intake()
    type_text(page.fields["content"], "咨询峰谷电价如何办理")
    page.fields["kind"].setCurrentIndex(page.fields["kind"].findData("consultation"))
    page.save()
    assert page.readback_box.isVisible() and "咨询" in page.readback_text.text()
    page.confirm_check.setChecked(True)
    type_text(page.fields["content"], "，以及所需材料")
    assert not page.readback_box.isVisible() and not page.confirm_check.isChecked()
    assert Ticket.select().count() == 0


def test_a_letter_keeps_the_time_it_came_in(open_intake, qtbot, type_text):
    page = open_intake()
    assert not page.fields["received_at"].isEnabled()          # walk-in: received now
    page.fields["channel"].setCurrentIndex(page.fields["channel"].findData("letter"))
    edit = page.fields["received_at"]
    assert edit.isEnabled()
    type_text(page.fields["customer_name"], "周立")
    qtbot.keyClicks(page.fields["phone"], PHONE)
    type_text(page.fields["content"], "来信反映小区路灯长期不亮")
    type_text(page.fields["demand"], "尽快修复")
    edit.setDateTime(edit.dateTime().addDays(2))
    page.save()
    assert page.errors["received_at"].text() == "受理时间不能晚于当前时间"
    letter_day = (datetime.now() - timedelta(days=2)).replace(hour=10, minute=15, second=0,
                                                             microsecond=0)
    edit.setDateTime(letter_day)
    ticket = confirm_and_save(page, qtbot)
    assert ticket.channel == "letter" and ticket.received_at == letter_day


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_field_messages_are_the_core_rules_words(open_intake, qtbot, type_text, request, lang):
    """The page checks nothing with words of its own: each message at a field is the one
    core.validation gives for the same input, in the clerk's language."""
    if lang == "en":
        request.getfixturevalue("english")
    page = open_intake()
    page.fields["channel"].setCurrentIndex(page.fields["channel"].findData("letter"))
    received = page.fields["received_at"]
    received.setDateTime(received.dateTime().addDays(2))          # in the future
    page.agreed_check.setChecked(True)
    page.fields["agreed_due_at"].setDateTime(received.dateTime().addDays(-1))
    qtbot.keyClicks(page.fields["phone"], "12345")
    type_text(page.fields["demand"], "尽快修复")
    page.save()

    with pytest.raises(ValidationError) as core:
        validation.validate_intake(dict(page.intake_data(), received_at=page.received_at()))
    expected = {key: err.message() for key, err in core.value.errors.items()}
    assert set(expected) == {"received_at", "agreed_due_at", "customer_name", "phone",
                             "content"}
    shown = {key: page.errors[key].text() for key in expected
             if page.errors[key].isVisible()}
    assert shown == expected
    assert not page.readback_box.isVisible()
    words = {"zh": ("受理时间不能晚于当前时间", "事由不能为空"),
             "en": ("Received cannot be in the future", "What happened is required")}
    assert (shown["received_at"], shown["content"]) == words[lang]
    assert Ticket.select().count() == 0


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_category_choice_is_in_the_window_language(open_intake, request, lang):
    if lang == "en":
        request.getfixturevalue("english")
    combo = open_intake().fields["category"]
    names = [combo.itemText(i) for i in range(1, combo.count())]
    assert ("Service quality" if lang == "en" else "服务质量") in names
    assert ("服务质量" if lang == "en" else "Service quality") not in names
