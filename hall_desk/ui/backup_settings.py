"""Settings for the automatic backup (administrators): the folder (e.g. a USB drive), how
many copies to keep, and when the last automatic backup succeeded or failed.

Saved through :func:`hall_desk.services.backup.configure`, which checks the folder exists
and can be written to and checks the role again. On PostgreSQL the box only says that the
server's own backup is used.

"从备份恢复…" (administrators) puts a chosen backup in place through
:func:`hall_desk.services.backup.restore_open`: this window's connection is closed first and
opened again after; the restore is refused, naming them, while other counters have the file
open. After a restore the person is logged out, so that every page reads the restored file.
Its words come from i18n (not the .ts), like the other late additions of this module.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox,
    QVBoxLayout, QWidget,
)

from hall_desk.core import auth, i18n
from hall_desk.core.errors import HallError, ValidationError
from hall_desk.services import backup
from hall_desk.services.context import Actor
from hall_desk.ui import dialogs
from hall_desk.ui.widgets import ERROR_STYLE, FieldError, form_row, show_field_errors

log = logging.getLogger(__name__)

FIELD_WIDTH = 360


def choose_copy(parent: QWidget | None, start: str) -> str:
    """Ask for a backup file ("" when cancelled); tests replace this."""
    chosen, _ = QFileDialog.getOpenFileName(parent, i18n.text("backup.ui.choose_copy"), start,
                                            "SQLite (*.sqlite3 *.db);;* (*)")
    return chosen


def choose_folder(parent: QWidget | None, start: str) -> str:
    """Ask for a folder ("" when cancelled); tests replace this."""
    caption = QCoreApplication.translate("BackupSettingsBox", "Choose the backup folder")
    return QFileDialog.getExistingDirectory(parent, caption, start)


class BackupSettingsBox(QGroupBox):
    """Attributes:
        folder_edit, browse_button, keep_spin, save_button, now_button: the controls
            (None on PostgreSQL).
        errors: ``{"backup_folder": FieldError, "backup_keep": FieldError}``.
        saved: the confirmation line; last_label: the last success; failure_label: the last
            failure (hidden when the last backup worked).
        restore_button: "从备份恢复…" (enabled for administrators).

    Signals:
        restored(object): a backup was put in place; where the former file was kept.
    """

    restored = Signal(object)

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Automatic backup"), parent)
        self.actor = actor
        layout = QVBoxLayout(self)
        self.folder_edit = self.browse_button = self.keep_spin = None
        self.save_button = self.now_button = self.restore_button = None
        self.errors: dict[str, FieldError] = {}
        if backup.database_file() is None:
            note = QLabel(i18n.text("backup.auto.postgres"))
            note.setObjectName("backupPostgresNote")
            note.setWordWrap(True)
            layout.addWidget(note)
            return
        note = QLabel(self.tr(
            "A copy of the database is written to this folder (for example a USB drive) at the "
            "first start of each day and when the program is closed; only the newest copies "
            "are kept. If the folder is missing the counter keeps working and the status bar "
            "says so. Leave the folder empty to switch automatic backups off."))
        note.setWordWrap(True)
        layout.addWidget(note)

        self.folder_edit = QLineEdit()
        self.folder_edit.setObjectName("backupFolder")
        self.folder_edit.setMinimumWidth(FIELD_WIDTH)
        self.folder_edit.setPlaceholderText(self.tr("e.g. E:\\backup or /media/usb/backup"))
        self.folder_edit.returnPressed.connect(self.save)
        self.browse_button = QPushButton(self.tr("Bro&wse…"))
        self.browse_button.clicked.connect(self._browse)
        self.keep_spin = QSpinBox()
        self.keep_spin.setObjectName("backupKeep")
        self.keep_spin.setRange(*backup.KEEP_RANGE)
        self.keep_spin.setSuffix(self.tr(" copies"))
        self.keep_spin.setMaximumWidth(140)
        self.errors = {"backup_folder": FieldError(), "backup_keep": FieldError()}

        form = QFormLayout()
        row = QHBoxLayout()
        row.addWidget(self.folder_edit, 1)
        row.addWidget(self.browse_button)
        form_row(form, self.tr("Backup &folder:"), row, self.errors["backup_folder"],
                 buddy=self.folder_edit)
        form_row(form, self.tr("&Keep the newest:"), self.keep_spin, self.errors["backup_keep"])
        layout.addLayout(form)

        self.last_label = QLabel()
        self.last_label.setObjectName("backupLast")
        self.last_label.setWordWrap(True)
        self.failure_label = QLabel()
        self.failure_label.setObjectName("backupFailure")
        self.failure_label.setStyleSheet(ERROR_STYLE)
        self.failure_label.setWordWrap(True)
        self.saved = QLabel()
        self.saved.setObjectName("backupSaved")
        self.saved.setWordWrap(True)
        layout.addWidget(self.last_label)
        layout.addWidget(self.failure_label)
        layout.addWidget(self.saved)

        buttons = QHBoxLayout()
        self.now_button = QPushButton(self.tr("Back &up now"))
        self.now_button.clicked.connect(self.back_up_now)
        self.save_button = QPushButton(self.tr("Check and save &backup settings"))
        self.save_button.clicked.connect(self.save)
        self.restore_button = QPushButton(i18n.text("backup.ui.restore"))
        self.restore_button.setObjectName("backupRestore")
        self.restore_button.setEnabled(auth.may(actor.role, "restore"))
        self.restore_button.clicked.connect(self.restore_from_copy)
        buttons.addWidget(self.now_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        self.load()

    def load(self) -> None:
        """Show what is saved, and the last outcome."""
        if self.folder_edit is None:
            return
        config = backup.auto_config()
        self.folder_edit.setText(str(config.folder) if config else "")
        self.keep_spin.setValue(config.keep if config else backup.DEFAULT_KEEP)
        self._stored = self._shown()
        for label in self.errors.values():
            label.clear_error()
        self.show_last()

    def _shown(self) -> tuple[str, int] | None:
        if self.folder_edit is None:
            return None
        return self.folder_edit.text().strip(), self.keep_spin.value()

    def unsaved(self) -> bool:
        """The folder or the number kept differs from what is saved."""
        return self._shown() != getattr(self, "_stored", None)

    def show_last(self) -> None:
        if self.folder_edit is None:
            return
        last = backup.last_success()
        if last is None:
            self.last_label.setText(self.tr("No automatic backup has been made yet."))
        else:
            at, path = last
            self.last_label.setText(self.tr("Last automatic backup: %1, to %2")
                                    .replace("%1", at.strftime("%Y-%m-%d %H:%M"))
                                    .replace("%2", path))
        failure = backup.last_failure()
        self.failure_label.setVisible(failure is not None)
        if failure is not None:
            at, message = failure
            self.failure_label.setText(f"{at:%Y-%m-%d %H:%M} {message}")

    def _browse(self) -> None:
        chosen = choose_folder(self, self.folder_edit.text())
        if chosen:
            self.folder_edit.setText(chosen)
            self.folder_edit.setFocus()

    def save(self) -> bool:
        """Check and save; a problem is shown under its field, and the input stays."""
        for label in self.errors.values():
            label.clear_error()
        self.saved.clear()
        try:
            config = backup.configure(self.actor, self.folder_edit.text(), self.keep_spin.value())
        except ValidationError as exc:
            fields = {"backup_folder": self.folder_edit, "backup_keep": self.keep_spin}
            for message in show_field_errors(exc, fields, self.errors):
                dialogs.warn(self, message)
            return False
        except HallError as exc:
            dialogs.warn(self, exc.message())
            return False
        self._stored = self._shown()
        if config is None:
            self.saved.setText(self.tr("Saved: automatic backups are off."))
        else:
            self.folder_edit.setText(str(config.folder))
            self._stored = self._shown()
            self.saved.setText(self.tr("Saved: a backup to %1 every day and on exit, keeping "
                                       "the newest %2.").replace("%1", str(config.folder))
                               .replace("%2", str(config.keep)))
        return True

    def back_up_now(self) -> None:
        """Save the settings shown, then back up at once (to see that the folder works)."""
        if not self.save():
            return
        outcome = backup.run_automatic(reason="manual")
        self.saved.setText(outcome.message())
        self.show_last()

    def restore_from_copy(self) -> bool:
        """Choose a backup, confirm, restore (this window's connection closed meanwhile); a
        refusal (other counters still open, a bad copy) is shown and changes nothing."""
        start = self.folder_edit.text() if self.folder_edit is not None else ""
        chosen = choose_copy(self, start)
        if not chosen:
            return False
        source = Path(chosen)
        if not dialogs.confirm(self, i18n.text("backup.ui.confirm_restore", source=source)):
            return False
        try:
            aside = backup.restore_open(self.actor, source)
        except HallError as exc:
            dialogs.warn(self, exc.message())
            return False
        dialogs.info(self, i18n.text("backup.ui.restored", source=source, aside=aside or "-"))
        self.restored.emit(aside)
        window = self.window()
        if window is not self and hasattr(window, "logout"):
            window.logout()            # every page reads the restored file after the login
        return True
