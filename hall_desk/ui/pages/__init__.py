"""The main window's pages, registered in one list.

Each entry of :data:`PAGES` is a :class:`PageSpec`: a stable key, an English title marked
for translation, an icon name from ``resources/icons`` and a factory that builds the page
widget from a :class:`PageContext`. The main window shows them in this order, on Ctrl+1..9.

To replace a placeholder with a real page, edit its one line, e.g.::

    PageSpec("intake", QT_TRANSLATE_NOOP("pages", "Intake"), "intake", IntakePage),

where ``IntakePage(ctx: PageContext)`` is a QWidget (import it lazily inside a small factory
function if importing it is costly). A page may define ``refresh()``; the main window calls
it each time the page is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from hall_desk.config import LocalConfig
from hall_desk.services.context import Actor


@dataclass(frozen=True)
class PageContext:
    """What a page gets: who is logged in, and this PC's local configuration."""

    actor: Actor
    local: LocalConfig


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str                                  # English source text, context "pages"
    icon: str                                   # resources/icons/<icon>.svg
    factory: Callable[[PageContext], QWidget]

    def translated_title(self) -> str:
        return QCoreApplication.translate("pages", self.title)


class PlaceholderPage(QWidget):
    """A page that a later release fills; it says so instead of pretending to work."""

    def __init__(self, title: str, message: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = QLabel(title)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        heading.setFont(font)
        body = QLabel(message)
        body.setWordWrap(True)
        body.setObjectName("placeholderMessage")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for label in (heading, body):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label)
        layout.addStretch(2)


def placeholder(title: str, message: str) -> Callable[[PageContext], QWidget]:
    """A factory for a :class:`PlaceholderPage`; both texts are source texts of "pages"."""
    def build(ctx: PageContext) -> QWidget:
        return PlaceholderPage(QCoreApplication.translate("pages", title),
                               QCoreApplication.translate("pages", message))
    return build


def _settings(ctx: PageContext) -> QWidget:
    from hall_desk.ui.pages.settings_page import SettingsPage

    return SettingsPage(ctx)


_INTAKE = QT_TRANSLATE_NOOP("pages", "Intake")
_QUEUE = QT_TRANSLATE_NOOP("pages", "Ticket queue")
_RECEPTION = QT_TRANSLATE_NOOP("pages", "Reception")
_DUTY = QT_TRANSLATE_NOOP("pages", "Duty log & handover")
_STATISTICS = QT_TRANSLATE_NOOP("pages", "Statistics")
_SETTINGS = QT_TRANSLATE_NOOP("pages", "Settings")

PAGES: list[PageSpec] = [
    PageSpec("intake", _INTAKE, "intake", lambda ctx: __import__(  # lazy: the page imports this
        "hall_desk.ui.pages.intake_page", fromlist=["IntakePage"]).IntakePage(ctx)),
    PageSpec("queue", _QUEUE, "queue", lambda ctx: __import__(  # lazy: the page imports this
        "hall_desk.ui.pages.queue_page", fromlist=["QueuePage"]).QueuePage(ctx)),
    PageSpec("reception", _RECEPTION, "reception", lambda ctx: __import__(  # lazy, as above
        "hall_desk.ui.pages.reception_page", fromlist=["ReceptionPage"]).ReceptionPage(ctx)),
    PageSpec("duty", _DUTY, "duty", lambda ctx: __import__(  # lazy: the page imports this
        "hall_desk.ui.pages.duty_page", fromlist=["DutyPage"]).DutyPage(ctx)),
    PageSpec("statistics", _STATISTICS, "statistics", lambda ctx: __import__(  # lazy: QtCharts
        "hall_desk.ui.pages.statistics_page", fromlist=["StatisticsPage"]).StatisticsPage(ctx)),
    PageSpec("settings", _SETTINGS, "settings", _settings),
]


def page(key: str) -> PageSpec:
    """The registered page with this key (KeyError if none)."""
    for spec in PAGES:
        if spec.key == key:
            return spec
    raise KeyError(key)
