"""The phrase panels at the reply and at the callback know the ticket's 情绪: for a customer
recorded 愤怒 or 焦虑 the reassurance phrases come first, as at intake; for a calm one they
are not offered (at the callback, a dissatisfied answer brings them too)."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from PySide6.QtWidgets import QApplication


from hall_desk.core.phrases import Moment
from hall_desk.services import tickets
from hall_desk.services.context import clock, now
from hall_desk.ui.ticket_actions import ActionForm
from tests.services.test_callback_window_service import _replied

DOCS = Path(__file__).resolve().parents[2] / "docs"
INTAKE = {"kind": "complaint", "channel": "walk-in", "category": "service_quality",
          "customer_name": "张三丰", "phone": "13812345678", "content": "窗口排队无人解释。",
          "demand": "要求说明。", "confirmed_by_customer": True}


def replied(hall, emotion: str):
    """A complaint of a customer in ``emotion``, handled and replied: its callback is due."""
    return _replied(hall, emotional_state=emotion)


def test_the_forms_offer_reassurance_for_an_angry_or_anxious_customer(hall, qtbot):
    for action in ("reply", "propose", "settle_on_spot", "callback"):
        for emotion, first in (("angry", True), ("anxious", True), ("calm", False), (None, False)):
            form = ActionForm(action, emotion=emotion)
            qtbot.addWidget(form)
            moments = form.phrase_panel.moments()
            assert (moments[0] is Moment.REASSURANCE) is first, (action, emotion)
            assert (Moment.REASSURANCE in moments) is first, (action, emotion)


def test_the_detail_passes_the_ticket_s_emotion_to_reply_and_callback(hall, open_detail,
                                                                       type_text, tmp_path):
    """With ``HALL_DESK_SCREENSHOTS=1`` the callback form of an angry customer's ticket goes
    to docs/screenshot-callback-phrases.png."""
    angry = replied(hall, "angry")
    dialog = open_detail(hall["wangli"], angry.id)
    form = dialog.start_action("callback")
    panel = form.phrase_panel
    assert panel.current_moment() is Moment.REASSURANCE
    words = form.fields["customer_words"]
    type_text(words, "客户说下次尽快处理")          # the customer's words: no promise check
    assert panel.warning.isHidden()
    out = DOCS if os.environ.get("HALL_DESK_SCREENSHOTS") == "1" else tmp_path
    dialog.resize(1366, 768)
    QApplication.processEvents()
    assert dialog.grab().save(str(out / "screenshot-callback-phrases.png"))
    calm = tickets.register(hall["liuyang"], dict(INTAKE, emotional_state="calm"))
    dialog = open_detail(hall["liuyang"], calm.id)
    form = dialog.start_action("settle_on_spot")
    assert Moment.REASSURANCE not in form.phrase_panel.moments()
    anxious = tickets.register(hall["liuyang"], dict(INTAKE, emotional_state="anxious"))
    dialog = open_detail(hall["liuyang"], anxious.id)
    form = dialog.start_action("settle_on_spot")
    assert form.phrase_panel.current_moment() is Moment.REASSURANCE


def test_the_callback_tab_follows_the_selected_ticket(hall, login_as, qtbot):
    calm = replied(hall, "calm")
    anxious = replied(hall, "anxious")
    window = login_as("wangli")
    window.nav.setCurrentRow(window.page_index("duty"))
    tab = window.page_widget("duty").callbacks_tab
    later = now() + timedelta(days=10)                  # both callbacks are due by then
    with clock(lambda: later):
        tab.refresh()
    rows = {tab._due[r].number: r for r in range(len(tab._due))}
    tab.calls_table.selectRow(rows[anxious.number])
    assert tab.phrase_panel.current_moment() is Moment.REASSURANCE
    tab.calls_table.selectRow(rows[calm.number])
    assert Moment.REASSURANCE not in tab.phrase_panel.moments()
    tab.satisfaction_combo.setCurrentIndex(tab.satisfaction_combo.findData("dissatisfied"))
    assert tab.phrase_panel.current_moment() is Moment.REASSURANCE
    tab.satisfaction_combo.setCurrentIndex(tab.satisfaction_combo.findData("satisfied"))
    assert Moment.REASSURANCE not in tab.phrase_panel.moments()
    tab.calls_table.selectRow(rows[anxious.number])             # stays while satisfied
    tab.satisfaction_combo.setCurrentIndex(tab.satisfaction_combo.findData("satisfied"))
    assert tab.phrase_panel.moments()[0] is Moment.REASSURANCE
