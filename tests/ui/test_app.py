"""Start-up pieces of the window: application, fonts, translations, the event loop."""

from __future__ import annotations

from PySide6.QtCore import QLocale, QObject, QTimer, Signal
from PySide6.QtGui import QFontDatabase, QFontInfo
from PySide6.QtWidgets import QDialogButtonBox

from hall_desk import paths
from hall_desk.ui import app, excepthook, session


def test_application_name_icon_and_cjk_font(qapp):
    assert qapp.applicationName() == paths.APP_NAME
    assert not qapp.windowIcon().isNull()
    family = app.setup_fonts(qapp)
    assert family in app.CJK_FAMILIES
    assert QFontInfo(qapp.font()).family() == family
    assert QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(family)


def test_qt_standard_buttons_are_chinese(qapp):
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                           | QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Ok).text() == "确定"
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"


def test_english_loads_no_translator(qapp):
    try:
        assert app.install_translators(qapp, "en") == []
        assert QLocale().name() == "en_US"
    finally:
        QLocale.setDefault(QLocale("zh_CN"))


class FakeSession(QObject):
    finished = Signal(int)

    def __init__(self, rt, parent=None):
        super().__init__(parent)

    def start(self):
        QTimer.singleShot(0, lambda: self.finished.emit(3))


def test_run_gui_returns_the_session_exit_code(qapp, monkeypatch, rt):
    monkeypatch.setattr(session, "Session", FakeSession)
    try:
        assert app.run_gui(rt) == 3
        assert excepthook.sys.excepthook is excepthook.handle
    finally:
        excepthook.uninstall()
        qapp.setQuitOnLastWindowClosed(True)
