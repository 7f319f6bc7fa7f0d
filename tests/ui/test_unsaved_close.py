"""Closing the window or logging out with changes not saved asks first: save, discard or
stay (an intake being filled in, the settings, reception posts chosen)."""

from __future__ import annotations

from datetime import datetime

import pytest

from hall_desk.services import drafts, reception, settings
from hall_desk.services.context import clock
from hall_desk.ui import dialogs
from hall_desk.ui.pages import intake_page

T = datetime(2026, 11, 23, 9, 30)


@pytest.fixture(autouse=True)
def at_t():
    with clock(lambda: T):
        yield T


@pytest.fixture
def answers(monkeypatch):
    """Answer the save/discard/cancel question with the answers given, in turn."""
    asked: list[str] = []
    queue: list[str] = []

    def ask(parent, text, **kw):
        asked.append(text)
        return queue.pop(0)

    monkeypatch.setattr(dialogs, "ask_save", ask)
    monkeypatch.setattr(dialogs, "confirm", lambda *a, **kw: False)   # no draft offered back
    return asked, queue


def test_closing_with_an_intake_typed_asks_and_save_keeps_the_draft(login_as, answers,
                                                                    type_text, monkeypatch):
    monkeypatch.setattr(intake_page, "AUTOSAVE_MS", 60_000)     # nothing saved behind our back
    asked, queue = answers
    window = login_as("liuyang")
    page = window.page_widget("intake")
    type_text(page.fields["content"], "抄表数字与电表不符")
    queue.append(dialogs.CANCEL)
    window.close()
    assert window.isVisible() and len(asked) == 1 and "正在填写的受理登记" in asked[0]
    assert drafts.load(window.actor, intake_page.DRAFT_FORM) is None
    queue.append(dialogs.SAVE)
    window.close()
    assert not window.isVisible()
    assert drafts.load(window.actor, intake_page.DRAFT_FORM).data["content"] == "抄表数字与电表不符"


def test_logging_out_and_discarding_drops_the_intake(login_as, answers, type_text):
    asked, queue = answers
    window = login_as("liuyang")
    page = window.page_widget("intake")
    type_text(page.fields["content"], "抄表数字与电表不符")
    page.save_draft()
    queue.append(dialogs.DISCARD)
    window.logout_action.trigger()
    assert not window.isVisible() and len(asked) == 1
    assert drafts.load(window.actor, intake_page.DRAFT_FORM) is None


def test_nothing_typed_closes_without_a_question(login_as, answers):
    asked, _queue = answers
    window = login_as("wangli")
    window.close()
    assert not window.isVisible() and asked == []


def test_settings_are_saved_on_the_way_out_or_the_window_stays_on_them(login_as, answers,
                                                                      type_text):
    asked, queue = answers
    window = login_as("admin")
    window.nav.setCurrentRow(window.page_index("settings"))
    box = window.page_widget("settings").hall_box
    box.fields["hall_phone"].setText("123")                       # not a phone number
    window.nav.setCurrentRow(window.page_index("queue"))          # leaving: confirm says stay
    assert window.current_page_key() == "settings"
    queue.append(dialogs.SAVE)
    window.logout_action.trigger()
    assert window.isVisible() and "大厅信息" in asked[-1]         # refused: still here
    assert box.errors["hall_phone"].isVisible() and window.current_page_key() == "settings"
    box.fields["hall_phone"].setText("0571-87654321")
    queue.append(dialogs.SAVE)
    window.logout_action.trigger()
    assert not window.isVisible() and settings.hall_contact()["phone"] == "0571 8765 4321"


def test_reception_posts_chosen_and_not_saved_are_saved_on_close(login_as, answers, hall):
    asked, queue = answers
    run = reception.register_notice(hall["wangli"], {
        "visiting_unit": "市供电公司营销部检查组", "leader": "周建国", "visitors": 6,
        "purpose": "inspection", "expected_at": datetime(2026, 11, 24, 10, 0)})
    window = login_as("wangli")
    window.nav.setCurrentRow(window.page_index("reception"))
    page = window.page_widget("reception")
    page.select_run(run.id)
    page.run_view.posts.set_person("leader:", hall["wangli"].staff_id)
    assert page.unsaved_changes()
    queue.append(dialogs.SAVE)
    window.close()
    assert not window.isVisible() and len(asked) == 1
    assert any(p["staff_id"] == hall["wangli"].staff_id for p in reception.posts(run.id))


@pytest.mark.parametrize("button,answer", [("保存(&S)", dialogs.SAVE),
                                           ("不保存(&D)", dialogs.DISCARD),
                                           ("取消", dialogs.CANCEL)])
def test_the_question_offers_save_discard_and_cancel_in_chinese(qtbot, button, answer):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    seen: list[list[str]] = []

    def press() -> None:
        box = QApplication.activeModalWidget()
        seen.append(sorted(b.text() for b in box.buttons()))
        next(b for b in box.buttons() if b.text() == button).click()

    QTimer.singleShot(0, press)
    assert dialogs.ask_save(None, "受理登记尚未保存。") == answer
    assert seen == [sorted(["保存(&S)", "不保存(&D)", "取消"])]
