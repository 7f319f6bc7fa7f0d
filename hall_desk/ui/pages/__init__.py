"""The main window's pages, registered in one list.

Each entry of :data:`PAGES` is a :class:`PageSpec`: a stable key, an English title marked
for translation, an icon name from ``resources/icons`` and a factory that builds the page
widget from a :class:`PageContext`. The main window shows them in this order, on Ctrl+1..9.

To replace a placeholder with a real page, edit its one line, e.g.::

    PageSpec("intake", QT_TRANSLATE_NOOP("pages", "Intake"), "intake", IntakePage),

where ``IntakePage(ctx: PageContext)`` is a QWidget (import it inside a small factory
function, as below, so the window starts without every page). A page imports
:class:`PageContext` from :mod:`hall_desk.ui.pages.base`, never from this list. A page may
define ``refresh()``; the main window calls it each time the page is shown.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QWidget

from hall_desk.ui.pages.base import PageContext, PageSpec, PlaceholderPage, placeholder

__all__ = ["PAGES", "PageContext", "PageSpec", "PlaceholderPage", "page", "placeholder"]


def _intake(ctx: PageContext) -> QWidget:
    from hall_desk.ui.pages.intake_page import IntakePage

    return IntakePage(ctx)


def _queue(ctx: PageContext) -> QWidget:
    from hall_desk.ui.pages.queue_page import QueuePage

    return QueuePage(ctx)


def _reception(ctx: PageContext) -> QWidget:
    from hall_desk.ui.pages.reception_page import ReceptionPage

    return ReceptionPage(ctx)


def _daily(ctx: PageContext) -> QWidget:
    from hall_desk.ui.pages.daily_page import DailyPage

    return DailyPage(ctx)


def _duty(ctx: PageContext) -> QWidget:
    from hall_desk.ui.pages.duty_page import DutyPage

    return DutyPage(ctx)


def _statistics(ctx: PageContext) -> QWidget:
    from hall_desk.ui.pages.statistics_page import StatisticsPage   # lazy: QtCharts

    return StatisticsPage(ctx)


def _settings(ctx: PageContext) -> QWidget:
    from hall_desk.ui.pages.settings_page import SettingsPage

    return SettingsPage(ctx)


_INTAKE = QT_TRANSLATE_NOOP("pages", "Intake")
_QUEUE = QT_TRANSLATE_NOOP("pages", "Ticket queue")
_RECEPTION = QT_TRANSLATE_NOOP("pages", "Reception")
_DAILY = QT_TRANSLATE_NOOP("pages", "Daily routine")
_DUTY = QT_TRANSLATE_NOOP("pages", "Duty log & handover")
_STATISTICS = QT_TRANSLATE_NOOP("pages", "Statistics")
_SETTINGS = QT_TRANSLATE_NOOP("pages", "Settings")

PAGES: list[PageSpec] = [
    PageSpec("intake", _INTAKE, "intake", _intake),
    PageSpec("queue", _QUEUE, "queue", _queue),
    PageSpec("reception", _RECEPTION, "reception", _reception),
    PageSpec("daily", _DAILY, "daily", _daily),
    PageSpec("duty", _DUTY, "duty", _duty),
    PageSpec("statistics", _STATISTICS, "statistics", _statistics),
    PageSpec("settings", _SETTINGS, "settings", _settings),
]


def page(key: str) -> PageSpec:
    """The registered page with this key (KeyError if none)."""
    for spec in PAGES:
        if spec.key == key:
            return spec
    raise KeyError(key)
