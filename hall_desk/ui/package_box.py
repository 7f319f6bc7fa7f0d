"""The settings page's read-only box of the packages exchanged with the head office: the last
package written for it (``hall-desk package export``: its sequence, when, by whom and where),
and a table of the reference data the head office sends down (``services.reference``): for
each kind the version this hall has and where it came from, with the head-office keys it
trusts. Shown to the roles that may write a package (``backup``); an administrator also
gets two buttons: trust a head-office key (its fingerprint shown to confirm) and apply a
reference package. Its words come from i18n (not the .ts)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QWidget,
)

from hall_desk.core import auth, i18n
from hall_desk.core import reference as ref_format
from hall_desk.core.errors import HallError
from hall_desk.core.reference import KIND_WORDS, SOURCE_WORDS
from hall_desk.services import package, reference
from hall_desk.services.context import Actor
from hall_desk.ui import dialogs, widgets


def choose_file(parent: QWidget, caption: str, kinds: str) -> str:
    """A file to open ("" when cancelled); tests replace it."""
    chosen, _ = QFileDialog.getOpenFileName(parent, caption, "", kinds)
    return chosen


class PackageBox(QGroupBox):
    """``labels`` (sequence, at, by, path) read :func:`services.package.last_sent`;
    ``none_label`` stands alone while no package has been written."""

    def __init__(self, parent: QWidget | None = None, *, actor: Actor | None = None) -> None:
        super().__init__(i18n.text("package.ui.box"), parent)
        self.actor = actor
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
        self.trust_button = self.apply_button = None
        if actor is not None and auth.may(actor.role, "edit_settings"):
            buttons = QWidget()         # a widget, not a layout, in the form's row
            row = QHBoxLayout(buttons)
            row.setContentsMargins(0, 0, 0, 0)
            self.trust_button = QPushButton(i18n.text("reference.ui.trust"))
            self.trust_button.clicked.connect(self.trust_key)
            self.apply_button = QPushButton(i18n.text("reference.ui.apply"))
            self.apply_button.clicked.connect(self.apply_package)
            row.addWidget(self.trust_button)
            row.addWidget(self.apply_button)
            row.addStretch(1)
            form.addRow(buttons)
        self.refresh()

    def trust_key(self) -> None:
        """Show the chosen key's fingerprint to compare with the head office's, then trust it."""
        path = choose_file(self, i18n.text("reference.ui.trust"), "*.pub *.pem")
        if not path:
            return
        try:
            found = ref_format.fingerprint(ref_format.raw_public(Path(path).read_bytes(), path))
        except (HallError, OSError) as exc:
            dialogs.warn(self, exc.message() if isinstance(exc, HallError) else str(exc))
            return
        if not dialogs.confirm(self, i18n.text("reference.ui.confirm_trust", fingerprint=found)):
            return
        self._run(lambda: i18n.text("reference.trusted",
                                    fingerprint=reference.trust(self.actor, path)))

    def apply_package(self) -> None:
        path = choose_file(self, i18n.text("reference.ui.apply"), "*.hdref")
        if path:
            self._run(lambda: _applied_text(reference.apply(self.actor, path)))

    def _run(self, action) -> None:
        try:
            text = action()
        except HallError as exc:
            dialogs.warn(self, exc.message())
        else:
            dialogs.info(self, text)
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


def _applied_text(done: reference.Applied) -> str:
    return i18n.text("reference.applied", kind=i18n.text(KIND_WORDS[done.kind]),
                     version=done.version, fingerprint=done.fingerprint, summary=done.summary)
