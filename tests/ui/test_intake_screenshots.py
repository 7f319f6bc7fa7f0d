"""Screenshots of the intake page filled with a realistic walk-in complaint (read-back shown,
an earlier ticket of the same phone in the repeat panel) and of the number shown to the
customer; every visible text must be drawable and unclipped.

Pictures go to the test's temp folder; ``HALL_DESK_SCREENSHOTS=1`` writes
``docs/screenshot-intake.png`` and ``docs/screenshot-intake-number.png``.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from hall_desk.services import tickets
from hall_desk.services.context import clock
from hall_desk.ui import mainwindow
from hall_desk.ui.pages import intake_page
from test_screenshots import check_readable, save

DOCS = Path(__file__).resolve().parents[2] / "docs"
NOW = datetime(2026, 11, 23, 9, 30)


@pytest.fixture
def out_dir(tmp_path) -> Path:
    if os.environ.get("HALL_DESK_SCREENSHOTS") == "1":
        DOCS.mkdir(exist_ok=True)
        return DOCS
    return tmp_path


def test_intake_screenshots(login_as, hall, type_text, qtbot, monkeypatch, out_dir):
    monkeypatch.setattr(mainwindow, "now", lambda: NOW)
    monkeypatch.setattr(intake_page, "now", lambda: NOW)
    with clock(lambda: NOW - timedelta(days=12)):
        tickets.register(hall["wangli"], {
            "kind": "complaint", "channel": "phone", "category": "price_charges",
            "customer_name": "张桂兰", "phone": "13812345678",
            "content": "十月电费比往月高出一倍，怀疑电表故障", "demand": "核查电表并退还多收电费",
            "confirmed_by_customer": True})
    window = login_as("liuyang")
    window.resize(mainwindow.DEFAULT_SIZE)
    page = window.page_widget("intake")
    f = page.fields
    f["category"].setCurrentIndex(f["category"].findData("service_quality"))
    type_text(f["customer_name"], "张桂兰")
    type_text(f["phone"], "138 1234 5678")
    type_text(f["address"], "城东区幸福路12号3单元401")
    f["emotional_state"].setCurrentIndex(f["emotional_state"].findData("angry"))
    type_text(f["content"], "上午9点在3号窗口办理电费缴纳，工作人员态度生硬，不耐烦地打断客户说话；"
                            "排队四十分钟无人引导，叫号屏幕故障。")
    type_text(f["demand"], "希望营业厅书面道歉，并改进排队引导。")
    type_text(f["evidence_note"], "缴费小票一张（09:12），排队号A037")
    f["target_kind"].setCurrentIndex(f["target_kind"].findData("staff"))   # crowded: every
    f["target"].setCurrentIndex(f["target"].findText("陈静"))              # optional record
    f["callback_window"].setCurrentIndex(f["callback_window"].findData("weekday_afternoon"))
    page.check_repeat()
    page.save()                                   # shows the read-back
    assert page.readback_box.isVisible()
    page.confirm_check.setChecked(True)
    QApplication.processEvents()
    check_readable(window)
    save(window, out_dir / "screenshot-intake.png")

    with clock(lambda: NOW):
        page.save()
    receipt = page.receipt
    qtbot.waitExposed(receipt)
    QApplication.processEvents()
    check_readable(receipt)
    save(receipt, out_dir / "screenshot-intake-number.png")
    receipt.accept()
