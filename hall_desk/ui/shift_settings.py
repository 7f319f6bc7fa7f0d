"""Settings for the hall's shifts (班次): a table of name, English name, start and end, for
administrators. Saved through :func:`hall_desk.services.shifts.save`, which validates
(HH:MM, no overlaps, names) and checks the role again."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from hall_desk.core.errors import HallError, ValidationError
from hall_desk.core.shifts import MAX_SHIFTS
from hall_desk.services import shifts
from hall_desk.services.context import Actor
from hall_desk.ui import dialogs, palette
from hall_desk.ui.widgets import FieldError

_COLUMNS = ("name", "name_en", "start", "end")


class ShiftSettingsBox(QGroupBox):
    """Attributes:
        shift_table: one row per shift (name, English name, start HH:MM, end HH:MM).
        add_button, remove_button, save_button, revert_button; errors: the messages of the
            last save (the bad cells are marked too); saved: the confirmation line.
    """

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Shifts"), parent)
        self.actor = actor
        layout = QVBoxLayout(self)
        note = QLabel(self.tr(
            "Each shift runs from its start up to its end (the end belongs to the next shift). "
            "An end before the start runs past midnight. Shifts may leave gaps but must not "
            "overlap. The status bar and the handover use them."))
        note.setWordWrap(True)
        layout.addWidget(note)
        self.shift_table = QTableWidget(0, len(_COLUMNS))
        self.shift_table.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("English name"), self.tr("Start (HH:MM)"),
             self.tr("End (HH:MM)")])
        self.shift_table.verticalHeader().setVisible(False)
        self.shift_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.shift_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.shift_table.setMinimumHeight(130)
        layout.addWidget(self.shift_table)
        self.errors = FieldError()
        layout.addWidget(self.errors)
        self.saved = QLabel()
        self.saved.setObjectName("shiftsSaved")
        layout.addWidget(self.saved)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add s&hift"))
        self.add_button.clicked.connect(self._add_row)
        self.remove_button = QPushButton(self.tr("Remo&ve shift"))
        self.remove_button.clicked.connect(self._remove_row)
        self.revert_button = QPushButton(self.tr("R&evert"))
        self.revert_button.clicked.connect(self.load)
        self.save_button = QPushButton(self.tr("&Check and save shifts"))
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        self.load()

    def load(self) -> None:
        rows = [s.as_dict() for s in shifts.configured()]
        self.shift_table.setRowCount(0)
        for row in rows:
            self._add_row(row)
        self.errors.clear_error()
        self.saved.clear()
        self._loaded = self.rows()

    def unsaved(self) -> bool:
        """The table differs from the shifts stored (loaded or just saved)."""
        return self.rows() != getattr(self, "_loaded", [])

    def _add_row(self, values: dict | None = None) -> None:
        values = values if isinstance(values, dict) else {}
        t = self.shift_table
        if t.rowCount() >= MAX_SHIFTS:
            return
        row = t.rowCount()
        t.insertRow(row)
        for col, key in enumerate(_COLUMNS):
            t.setItem(row, col, QTableWidgetItem(values.get(key, "")))
        if not values:
            t.setCurrentCell(row, 0)
            t.editItem(t.item(row, 0))

    def _remove_row(self) -> None:
        row = self.shift_table.currentRow()
        if row >= 0:
            self.shift_table.removeRow(row)

    def rows(self) -> list[dict[str, str]]:
        t = self.shift_table
        return [{key: (t.item(r, c).text() if t.item(r, c) else "").strip()
                 for c, key in enumerate(_COLUMNS)} for r in range(t.rowCount())]

    def save(self) -> bool:
        self.errors.clear_error()
        self.saved.clear()
        for r in range(self.shift_table.rowCount()):
            for c in range(len(_COLUMNS)):
                item = self.shift_table.item(r, c)
                if item is not None:
                    item.setBackground(self.shift_table.palette().base())
                    item.setToolTip("")
        try:
            saved = shifts.save(self.actor, self.rows())
        except ValidationError as exc:
            for key, err in exc.errors.items():
                if key.startswith("shift") and "." in key:
                    index, name = key[5:].split(".", 1)
                    if index.isdigit() and name in _COLUMNS:
                        item = self.shift_table.item(int(index), _COLUMNS.index(name))
                        if item is not None:
                            from PySide6.QtGui import QColor

                            item.setBackground(QColor(palette.CELL_ERROR_BG))
                            item.setToolTip(err.message())
            self.errors.show_error("\n".join(e.message() for e in exc.errors.values()))
            return False
        except HallError as exc:
            dialogs.warn(self, exc.message())
            return False
        self.load()
        self.saved.setText(self.tr("Saved: %1.").replace(
            "%1", "; ".join(f"{s.name} {s.as_dict()['start']}–{s.as_dict()['end']}" for s in saved)))
        return True
