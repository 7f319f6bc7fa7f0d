"""The settings page's read-only box of the packages exchanged with the head office: the last
package written for it (``hall-desk package export``: its sequence, when, by whom and where),
and a table of the reference data the head office sends down (``services.reference``): for
each kind the version this hall has and where it came from, with the head-office keys it
trusts. Shown to the roles that may write a package (``backup``). Its words come from i18n
(not the .ts)."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QWidget

from hall_desk.core import i18n
from hall_desk.core.reference import KIND_WORDS, SOURCE_WORDS
from hall_desk.services import package, reference
from hall_desk.ui import widgets


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
        form.addRow(QLabel(i18n.text("reference.ui.box")))
        self.reference_table = widgets.table(
            [i18n.text(k) for k in ("reference.ui.kind", "reference.ui.version",
                                    "reference.ui.source")])
        self.reference_table.setObjectName("reference_table")
        self.reference_table.setAccessibleName(i18n.text("reference.ui.box"))
        form.addRow(self.reference_table)
        self.keys_label = QLabel()
        self.keys_label.setWordWrap(True)
        self.keys_label.setTextInteractionFlags(
            self.keys_label.textInteractionFlags()
            | self.keys_label.textInteractionFlags().TextSelectableByMouse)
        form.addRow(i18n.text("reference.ui.keys"), self.keys_label)
        self.refresh()

    def refresh(self) -> None:
        sent = package.last_sent()
        self.none_label.setVisible(sent is None)
        values = ({"sequence": str(sent.sequence), "at": sent.at.replace("T", " "),
                   "by": sent.by, "path": sent.path} if sent else dict.fromkeys(self.labels, "-"))
        for field, label in self.labels.items():
            label.setText(values[field])
        self._refresh_reference()

    def _refresh_reference(self) -> None:
        rows = reference.status()
        table = self.reference_table
        table.setRowCount(len(rows))
        for row, found in enumerate(rows):
            source = i18n.text(SOURCE_WORDS[found.source], issuer=found.issuer,
                               date=found.created_at[:10])
            for column, text in enumerate((i18n.text(KIND_WORDS[found.kind]),
                                           "-" if found.version is None else found.version,
                                           source)):
                table.setItem(row, column, widgets.cell(text, found.subject))
        table.resizeRowsToContents()
        height = table.horizontalHeader().height() + 2 * table.frameWidth() + sum(
            table.rowHeight(r) for r in range(table.rowCount()))
        table.setFixedHeight(height)
        keys = reference.trusted()
        self.keys_label.setText("\n".join(k["fingerprint"] for k in keys)
                                or i18n.text("reference.ui.no_keys"))
