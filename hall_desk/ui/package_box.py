"""The settings page's read-only box of the last package written for the head office
(``hall-desk package export``): its sequence, when, by whom and where it was written.
Shown to the roles that may write one (``backup``). Its words come from i18n (not the .ts)."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QWidget

from hall_desk.core import i18n
from hall_desk.services import package


class PackageBox(QGroupBox):
    """``labels`` (sequence, at, by, path) read :func:`services.package.last_sent`;
    ``none_label`` stands alone while no package has been written."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(i18n.text("package.ui.box"), parent)
        self.setObjectName("package_box")
        form = QFormLayout(self)
        self.none_label = QLabel(i18n.text("package.ui.none"))
        self.none_label.setWordWrap(True)
        form.addRow(self.none_label)
        self.labels: dict[str, QLabel] = {}
        for field, key in (("sequence", "package.ui.sequence"), ("at", "package.ui.at"),
                           ("by", "package.ui.by"), ("path", "package.ui.path")):
            label = QLabel()
            label.setWordWrap(field == "path")
            label.setTextInteractionFlags(label.textInteractionFlags()
                                          | label.textInteractionFlags().TextSelectableByMouse)
            self.labels[field] = label
            form.addRow(i18n.text(key), label)
        self.refresh()

    def refresh(self) -> None:
        sent = package.last_sent()
        self.none_label.setVisible(sent is None)
        values = ({"sequence": str(sent.sequence), "at": sent.at.replace("T", " "),
                   "by": sent.by, "path": sent.path} if sent else dict.fromkeys(self.labels, "-"))
        for field, label in self.labels.items():
            label.setText(values[field])
