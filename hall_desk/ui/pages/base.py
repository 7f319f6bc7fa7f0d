"""What every page gets and is: :class:`PageContext`, :class:`PageSpec` and the
:class:`PlaceholderPage`. Pages import these from here, so the list of pages in
:mod:`hall_desk.ui.pages` can import the pages without an import circle.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QCoreApplication, Qt
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
