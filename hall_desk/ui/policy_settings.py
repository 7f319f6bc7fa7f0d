"""Settings for the time limits: which policy preset the hall follows, the policy text with
validation, importing a year's calendar file, and the calendar override table (single days
the library or the imported file get wrong). Shown to administrators only; the services check
the role again."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtGui import QFontDatabase
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDateEdit, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout,
    QHeaderView, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from hall_desk.core.deadlines import loads_policy
from hall_desk.core.errors import HallError, ValidationError
from hall_desk.services import calendar, deadlines
from hall_desk.services.context import Actor
from hall_desk.ui import dialogs
from hall_desk.ui.widgets import ERROR_STYLE, FieldError

CUSTOM = ""


def choose_calendar_file(parent: QWidget) -> str:
    """Ask for a year's calendar file ("" if none); tests replace this."""
    path, _ = QFileDialog.getOpenFileName(
        parent, QCoreApplication.translate("DeadlineSettingsBox", "Import a year's calendar"), "",
        QCoreApplication.translate("DeadlineSettingsBox", "Calendar files (*.toml);;All files (*)"))
    return path


class DeadlineSettingsBox(QGroupBox):
    """Attributes:
        preset: combo of the shipped presets plus "custom" (data: preset name or "").
        editor: the policy's TOML text.
        errors: the validation messages of the last save, one per line.
        calendar_note: which years are known and where from; calendar_warning: next year
            missing (from 1 November), hidden otherwise; import_button: imports a year's
            calendar file (:func:`choose_calendar_file`); calendar_errors: what is wrong in
            the file chosen last.
        overrides_table, day_edit, kind_combo, note_edit: the calendar override table and
            the form that adds a row.
    """

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Time limits and working days"), parent)
        self.actor = actor
        layout = QVBoxLayout(self)

        form = QFormLayout()
        self.preset = QComboBox()
        for name, path in deadlines.presets().items():
            title = loads_policy(path.read_text(encoding="utf-8")).title()
            self.preset.addItem(title, name)
        self.preset.addItem(self.tr("Custom (edited below)"), CUSTOM)
        self.preset.activated.connect(self._preset_chosen)
        label = QLabel(self.tr("Polic&y:"))
        label.setBuddy(self.preset)
        form.addRow(label, self.preset)
        layout.addLayout(form)

        self.editor = QPlainTextEdit()
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.editor.setMinimumHeight(220)
        layout.addWidget(self.editor)
        self.errors = FieldError()
        layout.addWidget(self.errors)
        buttons = QHBoxLayout()
        self.save_button = QPushButton(self.tr("Check and save policy"))
        self.save_button.clicked.connect(self._save_policy)
        self.revert_button = QPushButton(self.tr("&Revert"))
        self.revert_button.clicked.connect(self.load)
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)

        self.calendar_note = QLabel()
        self.calendar_note.setWordWrap(True)
        layout.addWidget(self.calendar_note)
        self.calendar_warning = QLabel()
        self.calendar_warning.setObjectName("calendarWarning")
        self.calendar_warning.setStyleSheet(ERROR_STYLE)
        self.calendar_warning.setWordWrap(True)
        layout.addWidget(self.calendar_warning)
        import_row = QHBoxLayout()
        self.import_button = QPushButton(self.tr("&Import a year's calendar…"))
        self.import_button.clicked.connect(self._import_calendar)
        import_row.addWidget(self.import_button)
        import_row.addStretch(1)
        layout.addLayout(import_row)
        self.calendar_errors = FieldError()
        layout.addWidget(self.calendar_errors)

        self.overrides_table = QTableWidget(0, 3)
        self.overrides_table.setHorizontalHeaderLabels(
            [self.tr("Date"), self.tr("Day is"), self.tr("Note")])
        self.overrides_table.horizontalHeader().setSectionResizeMode(
            2, QHeaderView.ResizeMode.Stretch)
        self.overrides_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.overrides_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.overrides_table.setMinimumHeight(140)
        layout.addWidget(self.overrides_table)

        add_row = QHBoxLayout()
        self.day_edit = QDateEdit(QDate.currentDate())
        self.day_edit.setCalendarPopup(True)
        self.day_edit.setDisplayFormat("yyyy-MM-dd")
        self.kind_combo = QComboBox()
        self.kind_combo.addItem(self.tr("Holiday (day off)"), False)
        self.kind_combo.addItem(self.tr("Make-up working day"), True)
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText(self.tr("e.g. Spring Festival 2027"))
        self.note_edit.setMaxLength(64)
        self.add_button = QPushButton(self.tr("Add &day"))
        self.add_button.clicked.connect(self._add_override)
        self.remove_button = QPushButton(self.tr("Re&move selected"))
        self.remove_button.clicked.connect(self._remove_override)
        for widget in (self.day_edit, self.kind_combo):
            add_row.addWidget(widget)
        add_row.addWidget(self.note_edit, 1)
        add_row.addWidget(self.add_button)
        add_row.addWidget(self.remove_button)
        layout.addLayout(add_row)
        self.load()

    # -- policy -----------------------------------------------------------------------------
    def load(self) -> None:
        current = deadlines.current_preset()
        self.preset.setCurrentIndex(max(0, self.preset.findData(
            CUSTOM if current is None else current)))
        self.editor.setPlainText(deadlines.policy_text())
        self._loaded_text = self.editor.toPlainText()
        self.errors.clear_error()
        self._load_calendar()
        self._load_overrides()

    def unsaved(self) -> bool:
        """The policy text was edited and not saved."""
        return self.editor.toPlainText() != getattr(self, "_loaded_text", "")

    def _preset_chosen(self) -> None:
        name = self.preset.currentData()
        if name == CUSTOM:
            return
        try:
            deadlines.choose_preset(self.actor, name)
        except HallError as exc:
            dialogs.warn(self, exc.message(), title=self.tr("Policy"))
        self.load()

    def _save_policy(self) -> None:
        try:
            deadlines.save_policy(self.actor, self.editor.toPlainText())
        except ValidationError as exc:
            # keep the text as typed; list every problem, each naming its rule and field
            self.errors.show_error("\n".join(e.message() for e in exc.errors.values()))
            return
        except HallError as exc:
            self.errors.show_error(exc.message())
            return
        self.errors.clear_error()
        self._loaded_text = self.editor.toPlainText()
        self.preset.setCurrentIndex(self.preset.findData(CUSTOM))
        dialogs.info(self, self.tr("The policy is saved and applies now."), title=self.tr("Policy"))

    # -- year calendars ----------------------------------------------------------------------
    def _load_calendar(self) -> None:
        known = deadlines.calendar().known_until()
        imported = ", ".join(str(y) for y in deadlines.imported_years()) or "—"
        self.calendar_note.setText(self.tr(
            "Working days are known up to {0} (imported years: {1}). When the State Council "
            "publishes next year's holidays, import them as a calendar file (see "
            "resources/calendars/2026.toml); until then, deadlines in that year are "
            "provisional (暂定: weekends and New Year, Labour Day and National Day off) and "
            "are worked out again on import. Single days are corrected below."
        ).format(known.isoformat(), imported))
        warning = calendar.missing_warning()
        self.calendar_warning.setText(warning)
        self.calendar_warning.setVisible(bool(warning))

    def _import_calendar(self) -> None:
        path = choose_calendar_file(self)
        if not path:
            return
        try:
            done = calendar.import_file(self.actor, path)
        except ValidationError as exc:
            self.calendar_errors.show_error("\n".join(e.message() for e in exc.errors.values()))
            return
        except HallError as exc:
            self.calendar_errors.show_error(exc.message())
            return
        self.calendar_errors.clear_error()
        self._load_calendar()
        dialogs.info(self, done.message(), title=self.tr("Working days"))

    # -- calendar overrides ------------------------------------------------------------------
    def _load_overrides(self) -> None:
        rows = deadlines.overrides()
        self.overrides_table.setRowCount(len(rows))
        for i, (day, workday, note) in enumerate(rows):
            label = self.tr("Make-up working day") if workday else self.tr("Holiday (day off)")
            for column, text in enumerate((day.isoformat(), label, note)):
                self.overrides_table.setItem(i, column, QTableWidgetItem(text))

    def _add_override(self) -> None:
        qd = self.day_edit.date()
        try:
            deadlines.set_override(self.actor, date(qd.year(), qd.month(), qd.day()),
                                   bool(self.kind_combo.currentData()), self.note_edit.text())
        except HallError as exc:
            dialogs.warn(self, exc.message(), title=self.tr("Working days"))
            return
        self.note_edit.clear()
        self._load_overrides()

    def _remove_override(self) -> None:
        row = self.overrides_table.currentRow()
        if row < 0:
            return
        day = date.fromisoformat(self.overrides_table.item(row, 0).text())
        try:
            deadlines.remove_override(self.actor, day)
        except HallError as exc:
            dialogs.warn(self, exc.message(), title=self.tr("Working days"))
            return
        self._load_overrides()
