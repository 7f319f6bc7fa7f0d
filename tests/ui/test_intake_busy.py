"""Another counter holds the database's write lock longer than the bound while the clerk
saves an intake: a plain message (in Chinese), no traceback, and everything typed stays; once
the lock is free the same form saves."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt

from hall_desk.store import busy
from hall_desk.store.models import Ticket
from hall_desk.ui import dialogs, excepthook
from hall_desk.ui.pages import intake_page


def test_busy_database_is_a_message_and_the_input_stays(login_as, store, qtbot, type_text,
                                                        monkeypatch):
    monkeypatch.setattr(intake_page, "AUTOSAVE_MS", 30)
    monkeypatch.setattr(busy, "WAIT_S", busy.WAIT_S)
    warnings, errors = [], []
    monkeypatch.setattr(dialogs, "warn", lambda parent, text, **kw: warnings.append(text))
    monkeypatch.setattr(dialogs, "error", lambda parent, text, **kw: errors.append(text))
    page = login_as("liuyang").page_widget("intake")
    type_text(page.fields["customer_name"], "李明")
    qtbot.keyClicks(page.fields["phone"], "13812345678")
    type_text(page.fields["content"], "电费多收")
    type_text(page.fields["demand"], "退还多收的电费")
    page.save()
    assert page.readback_box.isVisible()
    qtbot.keyClick(page.confirm_check, Qt.Key.Key_Space)

    busy.set_wait(0.3)
    other = sqlite3.connect(store.database, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")            # another counter, in the middle of a save
    try:
        page.save()
        qtbot.wait(100)                          # the autosave tries too, and keeps quiet
    finally:
        other.rollback()
        other.close()
    assert warnings == ["数据库正忙（其他柜台正在写入），请稍后重试"] and errors == []
    assert Ticket.select().count() == 0
    assert page.fields["customer_name"].text() == "李明"
    assert page.fields["phone"].text() == "13812345678"
    assert page.fields["demand"].toPlainText() == "退还多收的电费"
    assert page.readback_box.isVisible() and page.confirm_check.isChecked()

    busy.set_wait(15)
    page.save()                                  # the lock is free: the same form saves
    assert Ticket.select().count() == 1
    assert page.fields["customer_name"].text() == ""


def test_an_uncaught_busy_error_is_a_warning_not_a_traceback(monkeypatch, qapp):
    from hall_desk.core.errors import StoreError

    shown = []
    monkeypatch.setattr(dialogs, "warn", lambda parent, text, **kw: shown.append(("warn", text)))
    monkeypatch.setattr(dialogs, "error", lambda parent, text, **kw: shown.append(("error", text)))
    exc = busy.busy_error(sqlite3.OperationalError("database is locked"))
    assert isinstance(exc, StoreError)
    excepthook.handle(type(exc), exc, None)
    assert shown == [("warn", "数据库正忙（其他柜台正在写入），请稍后重试")]
