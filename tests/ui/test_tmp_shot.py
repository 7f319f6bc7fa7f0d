from datetime import datetime
from hall_desk.services import demo
from hall_desk.services.context import clock
from PySide6.QtWidgets import QPushButton, QLineEdit, QCheckBox
def test_shot(login_as, hall, qtbot):
    with clock(lambda: datetime(2026, 11, 23, 9, 30)):
        demo.fill(30, today=datetime(2026, 11, 23, 9, 30))
        w = login_as("liuyang"); w.resize(1366, 768)
        page = w.page_widget("intake")
        page.fields["customer_name"].setFocus(); qtbot.wait(100); page.grab().save("/tmp/x20shots/intake_edit.png")
        page.clear_button.setFocus(); qtbot.wait(100); page.clear_button.parentWidget().grab().save("/tmp/x20shots/intake_button.png")
        page.agreed_check.setFocus(); qtbot.wait(100); page.agreed_check.parentWidget().grab().save("/tmp/x20shots/intake_check.png")
        w.nav.setCurrentRow(w.page_index("queue")); q = w.page_widget("queue")
        q.view.setFocus(); q.view.selectRow(2); qtbot.wait(100); w.grab().save("/tmp/x20shots/queue.png")
        w.nav.setCurrentRow(w.page_index("duty")); qtbot.wait(100); w.grab().save("/tmp/x20shots/duty.png")
def test_tabs(login_as, hall, qtbot):
    from PySide6.QtWidgets import QTabWidget
    w = login_as("liuyang"); w.resize(1366, 768)
    w.nav.setCurrentRow(w.page_index("duty")); p = w.page_widget("duty")
    tabs = p.findChild(QTabWidget); tabs.tabBar().setFocus(); qtbot.wait(100)
    w.grab().save("/tmp/x20shots/duty_tabs.png")
