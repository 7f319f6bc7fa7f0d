"""Start-up pieces of the window: application, fonts, translations, the event loop."""

from __future__ import annotations

import re

from PySide6.QtCore import QLocale, QObject, QTimer, Signal
from PySide6.QtGui import QFontDatabase, QFontInfo
from PySide6.QtWidgets import (
    QApplication, QDialogButtonBox, QFileDialog, QLabel, QMessageBox, QPushButton, QToolButton,
)

from hall_desk import paths
from hall_desk.ui import app, backup_settings, excepthook, policy_settings, print_preview, session


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


def test_qt_message_box_buttons_are_chinese(qapp):
    buttons = QMessageBox.StandardButton
    box = QMessageBox(QMessageBox.Icon.Question, "", "",
                      buttons.Yes | buttons.No | buttons.Cancel)
    assert [box.button(b).text() for b in (buttons.Yes, buttons.No, buttons.Cancel)] == [
        "是(&Y)", "否(&N)", "取消"]


def file_dialog_words(qtbot, ask) -> tuple[list[str], list[str], list[str]]:
    """Run ``ask`` (which opens a modal file dialog), read the dialog's labels, buttons and
    tool tips, then cancel it."""
    seen: list[QFileDialog] = []

    def read_and_cancel() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(20, read_and_cancel)
            return
        seen.append(dialog)
        words.extend(([w.text() for w in dialog.findChildren(QLabel) if w.text()],
                      [w.text() for w in dialog.findChildren(QPushButton)],
                      [w.toolTip() for w in dialog.findChildren(QToolButton)]))
        dialog.reject()

    words: list[list[str]] = []
    QTimer.singleShot(0, read_and_cancel)
    assert ask() == ""
    assert seen, "no file dialog opened"
    return tuple(words)


def test_the_file_dialogs_the_window_opens_are_chinese(qtbot, tmp_path):
    for ask in (lambda: print_preview.choose_save_path(None, "回执.pdf"),
                lambda: backup_settings.choose_copy(None, str(tmp_path)),
                lambda: policy_settings.choose_calendar_file(None)):
        labels, buttons, tips = file_dialog_words(qtbot, ask)
        assert "查找范围(&L)：" in labels      # Qt 6's "&Look in:", missing from its zh_CN file
        assert "文件类型(&T)：" in labels
        assert "文件名称(&N)：" in labels
        assert "取消" in buttons
        assert {"后退", "新建文件夹", "详情视图"} <= set(tips)
        english = [t for t in labels + tips if re.search(r"[A-Za-z]", re.sub(r"\(&\w\)", "", t))]
        assert english == []


def test_the_file_dialog_is_english_in_english(qtbot, english):
    labels, buttons, _ = file_dialog_words(
        qtbot, lambda: print_preview.choose_save_path(None, "receipt.pdf"))
    assert {"&Look in:", "Files of &type:"} <= set(labels)
    assert "Cancel" in buttons


def test_qt_words_found_under_their_older_spelling(qapp):
    translator = next(t for t in qapp.findChildren(app.QtTranslator))
    assert translator.translate("QFileDialog", "&Look in:") == "查找范围(&L)："
    assert translator.translate("QFileDialog", "Look in:") == "查找范围："
    assert translator.translate("QAbstractFileIconProvider", "Folder") == "文件夹"
    assert translator.translate("QFileDialog", "No such words anywhere") is None


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


def test_the_program_sets_up_its_filters_and_outline_after_the_first_paint(qtbot, hall,
                                                                         monkeypatch):
    """``create_app(at_first_paint=True)`` (the program's start): the focus outline and the
    accessible names wait until a window is painted, then come at once."""
    from PySide6.QtWidgets import QApplication, QWidget

    from hall_desk.ui import firstpaint, palette
    from hall_desk.ui import app as ui_app
    from hall_desk.ui.login import LoginDialog

    monkeypatch.setattr(firstpaint, "_done", False)
    monkeypatch.setattr(firstpaint, "_waiting", [])
    app = QApplication.instance()
    app.setStyleSheet("")
    try:
        ui_app.create_app(at_first_paint=True)
        assert app.styleSheet() == ""                      # nothing before a paint
        dialog = LoginDialog("A1")
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: app.styleSheet() == palette.FOCUS_STYLE)
        from hall_desk.ui import access

        unnamed = [w for w in dialog.findChildren(QWidget) if access.is_control(w)
                   and w.isVisible() and not access.spoken_name(w)]
        assert unnamed == []                                # named once on screen
    finally:
        app.setStyleSheet(palette.FOCUS_STYLE)
