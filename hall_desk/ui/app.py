"""Start the window: the Qt application, the exception hook, translations and fonts, then
the :class:`~hall_desk.ui.session.Session` (set-up, login, main window).

Called by ``hall_desk.app.run_window`` after the configuration, logging and database are ready.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator, qVersion
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from hall_desk import paths
from hall_desk.core import i18n
from hall_desk.core.errors import HallError
from hall_desk.services import failures
from hall_desk.ui import dialogs, excepthook, firstpaint, icons, palette

if TYPE_CHECKING:
    from hall_desk.runtime import Runtime

log = logging.getLogger(__name__)

APP_NAME = "hall-desk"
BUNDLED_FONT = ("fonts", "wqy-microhei.ttc")
# The first of these that the system (or the bundled font file) provides is the UI font.
CJK_FAMILIES = ("Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC",
                "Source Han Sans SC", "WenQuanYi Micro Hei")
MIN_POINT_SIZE = 10.0
QT_LOCALES = {"zh": "zh_CN", "en": "en_US"}
OPEN_CHECK_POLL_MS = 50         # how often the window looks whether the file's check ended


def create_app(argv: list[str] | None = None, *, at_first_paint: bool = False) -> QApplication:
    """The QApplication (the existing one in tests), named and with the program's icon.
    ``at_first_paint``: the keyboard filter, the accessible names and the focus outline come
    just after the first window is on screen (the program's start;
    :mod:`hall_desk.ui.firstpaint`), not before: nobody has touched a key by then."""
    app = QApplication.instance() or QApplication(argv or [sys.argv[0] or APP_NAME])
    app.setApplicationName(paths.APP_NAME)
    app.setOrganizationName(paths.APP_AUTHOR)
    app.setDesktopFileName(APP_NAME)
    app.setWindowIcon(icons.icon(icons.APP))
    if at_first_paint:
        firstpaint.later(lambda: for_every_window(app))
    else:
        for_every_window(app)
    return app


def for_every_window(app: QApplication) -> None:
    """The wheel guard and F1 in every window (an application-wide filter: every event of
    the first window's building would pass through it), every control's name for a screen
    reader (those already on screen now, the rest as they appear) and the focus outline: a
    style sheet on the application, which makes each widget's polish and paint dearer (about
    20 ms on the first window). ``access`` and ``keys`` are imported here: the Qt classes
    they name cost milliseconds to load, which the first paint need not wait for."""
    from hall_desk.ui import access, keys

    keys.install(app)
    access.install(app)
    for window in app.topLevelWidgets():
        if window.isVisible():
            access.name_controls(window)
    app.setStyleSheet(palette.FOCUS_STYLE)


# Qt 6 renamed some of its own words while its Chinese file still holds the old ones: the file
# dialog's "&Look in:" was "Look in:", and the file icon provider's words were QFileDialog's.
QT_OLD_CONTEXTS = {"QAbstractFileIconProvider": "QFileDialog"}
MNEMONIC = re.compile(r"&(\w)")


class QtTranslator(QTranslator):
    """Qt's own translation, which also finds a word under its older spelling: without the
    ``&`` (the letter goes back as "(&L)", as Qt's Chinese words write it) or context."""

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: D102 (Qt's)
        found = super().translate(context, source, disambiguation, n)
        if found or not source:
            return found
        context = QT_OLD_CONTEXTS.get(context, context)
        letter = MNEMONIC.search(source)
        plain = MNEMONIC.sub(r"\1", source, count=1) if letter else source
        found = super().translate(context, plain, disambiguation, n)
        if not found or not letter:
            return found or None
        key = f"(&{letter.group(1).upper()})"
        colon = found[-1] if found[-1] in "：:" else ""
        return found[:len(found) - len(colon)] + key + colon


def install_translators(app: QApplication, lang: str) -> list[QTranslator]:
    """Load Qt's own and our translations for ``lang`` ("zh" or "en"); return the installed
    translators (keep them referenced). English is the source language: nothing to load."""
    QLocale.setDefault(QLocale(QT_LOCALES.get(lang, "zh_CN")))
    if lang == "en":
        return []
    locale = QT_LOCALES["zh"]
    sources = [(f"qtbase_{locale}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
               (f"hall_desk_{locale}", str(paths.resource_path("translations")))]
    installed = []
    for name, folder in sources:
        translator = QtTranslator(app) if name.startswith("qtbase") else QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            log.warning("translation %s not found in %s", name, folder)
    return installed


def remove_translators(app: QApplication, translators: list[QTranslator]) -> None:
    for translator in translators:
        app.removeTranslator(translator)


def setup_fonts(app: QApplication) -> str:
    """Make a CJK font the UI font; returns its family. The bundled font (5 MB) is loaded
    only when the system has none of :data:`CJK_FAMILIES` (the PDFs embed their own)."""
    available = set(QFontDatabase.families())
    family = next((f for f in CJK_FAMILIES if f in available), "")
    bundled = paths.resource_path(*BUNDLED_FONT)
    if not family and bundled.is_file():
        if QFontDatabase.addApplicationFont(str(bundled)) < 0:
            log.warning("Qt could not load the bundled font %s", bundled)
        available = set(QFontDatabase.families())
        family = next((f for f in CJK_FAMILIES if f in available), "")
    font = QFont(app.font())
    if family:
        font.setFamilies([family])
    else:
        log.warning("no Chinese font found; Chinese text may show as boxes")
    if 0 < font.pointSizeF() < MIN_POINT_SIZE:
        font.setPointSizeF(MIN_POINT_SIZE)
    app.setFont(font)
    return family


def run_gui(rt: Runtime) -> int:
    """Run the window until the person quits; returns the exit code."""
    from hall_desk.ui.session import Session

    app = create_app(at_first_paint=True)
    excepthook.install()
    translators = install_translators(app, i18n.language())
    family = setup_fonts(app)
    if rt.local.text_scale != 100:      # a larger text setting (ui.access)
        from hall_desk.ui import access

        access.apply_text_scale(app, rt.local.text_scale)
    log.info("GUI started: Qt %s, platform %s, language %s, font %s", qVersion(),
             app.platformName(), i18n.language(), family)
    app.setQuitOnLastWindowClosed(False)   # the session decides when the program ends
    if rt.headoffice:                      # a head office's database (issue #21)
        from hall_desk.ui.headoffice import HeadOfficeSession

        session = HeadOfficeSession(rt)
        session.finished.connect(app.exit)
        session.start()
        watch = None
    else:
        session = Session(rt)
        session.finished.connect(app.exit)
        from hall_desk.ui import surroundings

        surroundings.warn_network_share()    # a SQLite file on a network share is not safe
        session.start()
        watch = _watch_open_check(app)     # noqa: F841 (kept alive while the loop runs)
    code = app.exec()
    remove_translators(app, translators)
    log.info("GUI ended with code %s", code)
    return code


def _watch_open_check(app: QApplication) -> QTimer:
    """The file's quick_check runs while the login shows (``check="later"``); nothing is
    written before it passes (``write_transaction`` waits for it). When it finds damage,
    say so as a start-up error and end with status 2."""
    timer = QTimer(app)
    timer.setInterval(OPEN_CHECK_POLL_MS)

    def poll() -> None:
        if not failures.check_finished():
            return
        timer.stop()
        try:
            failures.confirm_sound()
        except HallError as exc:
            log.error("the database is damaged: %s", exc.message("en"))
            print(i18n.text("cli.error", message=exc.message()), file=sys.stderr)
            show_start_error(exc.message())
            app.exit(2)

    timer.timeout.connect(poll)
    timer.start()
    return timer


def can_show_windows() -> bool:
    """Whether a window can appear at all (Windows, macOS, a display, or a Qt platform set)."""
    return (sys.platform.startswith("win") or sys.platform == "darwin"
            or any(os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")))


def show_start_error(text: str) -> None:
    """The program could not start (e.g. a damaged database): say so in a window, since a
    program started from a desktop icon has no console for the stderr line."""
    if not can_show_windows():
        return
    try:
        from hall_desk.ui.surroundings import damaged_hint

        create_app()
        hint = damaged_hint(text)
        dialogs.error(None, f"{text}\n\n{hint}" if hint else text,
                      title=i18n.text("surroundings.start_title"))
    except Exception as exc:  # noqa: BLE001 - the stderr line was written already
        log.warning("could not show the start error in a window: %s", exc)
