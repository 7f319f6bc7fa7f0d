"""The one place that shows message boxes.

Every info, warning, error and yes/no question of the GUI goes through these functions, so
tests can patch them (``mocker.patch.object(dialogs, "confirm", return_value=True)``) instead
of clicking a modal box. No other module calls ``QMessageBox``.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from hall_desk.core import i18n


def message_box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str,
         details: str | None = None) -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    if details:
        box.setDetailedText(details)
    return box


def info(parent: QWidget | None, text: str, *, title: str | None = None) -> None:
    title = title or QCoreApplication.translate("dialogs", "Information")
    message_box(parent, QMessageBox.Icon.Information, title, text).exec()


def warn(parent: QWidget | None, text: str, *, title: str | None = None) -> None:
    title = title or QCoreApplication.translate("dialogs", "Warning")
    message_box(parent, QMessageBox.Icon.Warning, title, text).exec()


def error(parent: QWidget | None, text: str, *, title: str | None = None,
          details: str | None = None) -> None:
    """An error; ``details`` (e.g. a traceback) goes behind the "Show Details" button."""
    title = title or QCoreApplication.translate("dialogs", "Error")
    message_box(parent, QMessageBox.Icon.Critical, title, text, details).exec()


def question_box(parent: QWidget | None, text: str, *, title: str | None = None,
                 default_yes: bool = False) -> QMessageBox:
    """The box :func:`confirm` asks in, not yet shown (the screen-fit test shows it)."""
    title = title or QCoreApplication.translate("dialogs", "Please confirm")
    box = QMessageBox(QMessageBox.Icon.Question, title, text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setDefaultButton(QMessageBox.StandardButton.Yes if default_yes
                         else QMessageBox.StandardButton.No)
    return box


def confirm(parent: QWidget | None, text: str, *, title: str | None = None,
            default_yes: bool = False) -> bool:
    """Ask a yes/no question; True for yes."""
    box = question_box(parent, text, title=title, default_yes=default_yes)
    return box.exec() == QMessageBox.StandardButton.Yes


SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


def ask_save(parent: QWidget | None, text: str, *, title: str | None = None) -> str:
    """Save, discard or cancel (:data:`SAVE`, :data:`DISCARD`, :data:`CANCEL`; Esc and
    closing the box cancel). The buttons say so in the window's language."""
    title = title or i18n.text("dialogs.unsaved_title")
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.NoButton,
                      parent)
    save = box.addButton(i18n.text("dialogs.save"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(i18n.text("dialogs.discard"), QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(i18n.text("dialogs.cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    role = box.buttonRole(clicked) if clicked is not None else None
    return {QMessageBox.ButtonRole.AcceptRole: SAVE,
            QMessageBox.ButtonRole.DestructiveRole: DISCARD}.get(role, CANCEL)
