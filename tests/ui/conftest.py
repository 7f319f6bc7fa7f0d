"""Fixtures of the GUI tests: Qt offscreen, the Chinese translations and the program's font
installed once, a SQLite database per test (the services are tested on PostgreSQL too, the
widgets need not be), and a Runtime like the command line builds."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

HERE = Path(__file__).parent
# The offscreen platform cannot pass a window's size limits on and says so whenever a
# dialog's minimum size changes (an error line appears); xcb, Windows and macOS can.
OFFSCREEN_ONLY_WARNINGS = ["This plugin does not support propagateSizeHints"]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.qt_log_ignore(*OFFSCREEN_ONLY_WARNINGS))


@pytest.fixture(scope="session", autouse=True)
def ui_app(qapp):
    """The QApplication set up as ``run_gui`` does: name, icon, font, Chinese translations."""
    from hall_desk.ui import app

    app.create_app()
    app.setup_fonts(qapp)
    translators = app.install_translators(qapp, "zh")
    yield qapp
    app.remove_translators(qapp, translators)


@pytest.fixture
def english(qapp, ui_app):
    """English for one test: no translators, i18n in English."""
    from PySide6.QtCore import QTranslator

    from hall_desk.core import i18n

    for translator in ui_app.findChildren(QTranslator):
        qapp.removeTranslator(translator)
    i18n.set_language("en")
    yield
    i18n.set_language("zh")
    for translator in ui_app.findChildren(QTranslator):
        qapp.installTranslator(translator)


@pytest.fixture
def store(tmp_path, schema_templates):
    """Overrides the root fixture: the GUI tests run on a SQLite file only (a copy of the
    session's migrated template)."""
    from hall_desk.store.connection import close_database, open_database

    database = open_database(path=schema_templates.sqlite_copy(tmp_path / "hall.sqlite3"))
    yield database
    close_database()


@pytest.fixture
def rt():
    """A Runtime as ``hall-desk`` builds it, for this PC at the demo counter A1."""
    from hall_desk import config
    from hall_desk.cli import Runtime, build_parser
    from hall_desk.services.demo import DEMO_COUNTER

    return Runtime(build_parser().parse_args([]), config.LocalConfig(counter_code=DEMO_COUNTER))


@pytest.fixture
def login_as(qtbot, hall, rt):
    """Open a MainWindow for a demo login (the login dialog itself is tested on its own).
    At the end each window is ended without the question about changes not saved (a test
    that leaves text typed would otherwise wait on that box)."""
    from hall_desk.ui.mainwindow import MainWindow

    def open_window(login: str) -> "MainWindow":
        window = MainWindow(hall[login], rt.local)
        qtbot.addWidget(window, before_close_func=lambda w: w.end())
        window.show()
        with qtbot.waitActive(window):     # shortcuts need the active window
            window.activateWindow()
        return window

    return open_window


@pytest.fixture
def type_text(qtbot):
    """Type text into a widget: ASCII key by key, Chinese as an input method commits it
    (QTest cannot send key events for characters outside Latin-1)."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QInputMethodEvent

    def type_(widget, text: str) -> None:
        if text.isascii():
            qtbot.keyClicks(widget, text)
            return
        widget.setFocus()
        event = QInputMethodEvent("", [])
        event.setCommitString(text)
        QCoreApplication.sendEvent(widget, event)

    return type_


@pytest.fixture
def open_detail(qtbot):
    """Open a ticket's detail dialog for ``actor``, shown and exposed."""
    from hall_desk.ui.ticket_detail import TicketDetailDialog

    def open_(actor, ticket_id) -> TicketDetailDialog:
        dialog = TicketDetailDialog(actor, ticket_id)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog
    return open_


DOCS = HERE.parents[1] / "docs"


@pytest.fixture
def out_dir(tmp_path) -> Path:
    """Where a test's screenshots go: docs/ with HALL_DESK_SCREENSHOTS=1, else a temporary
    folder."""
    if os.environ.get("HALL_DESK_SCREENSHOTS") == "1":
        DOCS.mkdir(exist_ok=True)
        return DOCS
    return tmp_path


@pytest.fixture
def at_t(request):
    """The services' clock stopped at the test module's ``T``; set ``at_t[0]`` to move it."""
    from hall_desk.services.context import clock

    moment = [request.module.T]
    with clock(lambda: moment[0]):
        yield moment


@pytest.fixture
def messages(monkeypatch):
    """The message boxes answered at once (a confirmation with yes), and what they said as
    (kind, text)."""
    from hall_desk.ui import dialogs

    said: list[tuple[str, str]] = []
    monkeypatch.setattr(dialogs, "warn", lambda parent, text, **kw: said.append(("warn", text)))
    monkeypatch.setattr(dialogs, "info", lambda parent, text, **kw: said.append(("info", text)))
    monkeypatch.setattr(dialogs, "confirm", lambda parent, text, **kw: said.append(
        ("confirm", text)) or True)
    return said


def _stop_timers(widget) -> None:
    """A page's live refresh must not fire once the test's database is closed: the widget
    is only deleted when a later test runs the event loop."""
    from PySide6.QtCore import QTimer

    for timer in widget.findChildren(QTimer):
        timer.stop()


@pytest.fixture
def show(qtbot):
    """Show a widget at a size and wait until it is on screen; closed (its timers stopped)
    after the test."""
    def show_(widget, width: int, height: int):
        qtbot.addWidget(widget, before_close_func=_stop_timers)
        widget.resize(width, height)
        widget.show()
        qtbot.waitExposed(widget)
        return widget
    return show_
