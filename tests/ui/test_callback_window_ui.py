"""The callbacks tab: a callback waiting for the customer's preferred time says so and shows
the window; the methods include 微信 and 邮件."""

from __future__ import annotations

from datetime import datetime

from hall_desk.services import lifecycle, tickets
from hall_desk.services.context import clock
from hall_desk.ui.pages import PageContext

AFTERNOON = datetime(2026, 11, 24, 15, 0)


def _replied(hall, window: str) -> None:
    with clock(lambda: datetime(2026, 11, 24, 9, 0)):
        t = tickets.register(hall["liuyang"], {
            "kind": "complaint", "channel": "phone", "customer_name": "李四",
            "phone": "13900139000", "content": "排队太久。", "demand": "希望改进。",
            "callback_window": window})
        for action, data in [("judge_valid", {}), ("assign", {"department": "CS"}),
                             ("analyse", {"cause_class": "service"}),
                             ("propose", {"solution": "增开窗口。"}),
                             ("approve", {"instruction": "同意。"}),
                             ("implement", {"implementation": "已增开窗口。"}), ("review", {}),
                             ("reply", {"reply_method": "phone", "reply_content": "已改进。"})]:
            who = hall["liuyang"] if action == "propose" else hall["wangli"]
            t = lifecycle.act(who, t.id, t.version, action, data)


def test_waiting_callback_shows_its_window(qtbot, hall, rt):
    from hall_desk.ui.pages.duty_page import DutyPage

    _replied(hall, "evening")
    with clock(lambda: AFTERNOON):
        page = DutyPage(PageContext(hall["chenjing"], rt.local))
        qtbot.addWidget(page)
        page.show()
        tab = page.callbacks_tab
        tab.refresh()
        assert tab.calls_table.rowCount() == 1
        assert tab.calls_table.item(0, 5).text() == "未到客户方便的时间"
        assert tab.calls_table.item(0, 7).text() == "每天 18:00–21:00，11-24 18:00 起"
        assert "另有1个未到客户方便的回访时间" in tab.summary.text()
    methods = [tab.method_combo.itemText(i) for i in range(tab.method_combo.count())]
    assert methods == ["电话", "短信", "上门", "微信", "邮件"]
