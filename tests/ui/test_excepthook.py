"""The exception hook: logged, shown through the dialogs module, the program goes on."""

from __future__ import annotations

import logging
import sys

from hall_desk.core.errors import AuthError
from hall_desk.ui import dialogs, excepthook


class Recorder:
    """Stands in for a dialogs function: records its calls instead of showing a box."""

    def __init__(self):
        self.calls = []

    def __call__(self, *args, **kwargs):
        self.calls.append((args, kwargs))


def raised(exc: BaseException):
    try:
        raise exc
    except BaseException:
        return sys.exc_info()


def test_unexpected_error_is_logged_and_shown_with_its_traceback(qapp, monkeypatch, caplog):
    monkeypatch.setattr(dialogs, "error", shown := Recorder())
    with caplog.at_level(logging.ERROR, logger="hall_desk.ui.excepthook"):
        excepthook.handle(*raised(ZeroDivisionError("division by zero")))
    assert "Traceback" in caplog.text and "ZeroDivisionError" in caplog.text
    [((parent, text), kwargs)] = shown.calls
    assert text.startswith("程序出现意外错误：ZeroDivisionError: division by zero")
    assert "程序仍在运行" in text
    assert kwargs["title"] == "意外错误"
    assert "Traceback" in kwargs["details"]


def test_a_rule_error_is_a_plain_warning_in_the_clerks_language(qapp, monkeypatch):
    monkeypatch.setattr(dialogs, "warn", shown := Recorder())
    excepthook.handle(*raised(AuthError()))
    assert shown.calls[0][0][1] == "姓名或PIN不正确"


def test_install_and_uninstall():
    before = sys.excepthook
    excepthook.install()
    try:
        assert sys.excepthook is excepthook.handle
        excepthook.install()
        excepthook.uninstall()
        assert sys.excepthook is before
    finally:
        excepthook.uninstall()
