"""The reception page (接待): visits, tours and inspections from notice to reception record.

Left, the runs (those to come and running first). Right, either the notice form or one run:
its notice and buttons (start, close, cancel, print the 接待记录), the posts with the clash
warnings as they are chosen, and the live checklist for the counter PC: big touch-friendly
items grouped by stage, each ticked with who and when, a note, or "not applicable" with a
reason; beside it the one-action "register a complaint (to the back room)", the complaints
led to the back room until they are handled, and the guest-book signature.

Every change goes through :mod:`hall_desk.services.reception`; a refusal is shown where it
belongs (at the field, at the post) or in a message, never raised. The run on screen is
re-read every few seconds, so ticks made at another counter appear.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDateTime, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QBoxLayout, QCheckBox, QComboBox, QDateTimeEdit, QDialog, QDialogButtonBox, QFormLayout, QFrame,
    QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
    QPlainTextEdit, QPushButton, QScrollArea, QSizePolicy, QSpinBox, QStackedWidget,
    QTabWidget, QVBoxLayout, QWidget,
)

from hall_desk.core import auth, i18n
from hall_desk.core import reception as rules
from hall_desk.core.enums import EmotionalState, TicketKind
from hall_desk.core.errors import HallError, ValidationError
from hall_desk.core.numbering import reception_number
from hall_desk.core.reception import ItemStatus, RunState
from hall_desk.services import reception, staff
from hall_desk.services.context import now
from hall_desk.ui import dialogs, keys, palette
from hall_desk.ui.pages.base import PageContext
from hall_desk.ui.widgets import (
    ButtonFlow, FieldError, SideBySide, WrapLabel, enlarge, fit_to_screen, form_row, heading,
    relative_font, scroll_body, show_field_errors,
)

log = logging.getLogger(__name__)

QT_TIME_FORMAT = "yyyy-MM-dd HH:mm"
LIVE_REFRESH_MS = 5000
CHECKLIST_LEAST = 480       # px: narrower, the side panel goes under the checklist
ITEM_BUTTON = 60            # the tick button's least side, in pixels (a fingertip and more)
TICK_SIZE, NA_SIZE = 2.0, 1.1   # the tick's ✓ and its "N/A": times the application's font
DONE_STYLE = (f"QPushButton {{ background: {palette.DONE}; color: {palette.WHITE}; "
              "border-radius: 8px; font-weight: bold; }" + palette.BUTTON_FOCUS_STYLE)
OPEN_STYLE = (f"QPushButton {{ background: {palette.WHITE}; border: 3px solid {palette.MUTED}; "
              f"border-radius: 8px; }} "
              f"QPushButton:pressed {{ background: {palette.PRESSED_BG}; }}"
              + palette.BUTTON_FOCUS_STYLE)
NA_STYLE = (f"QPushButton {{ background: {palette.NA_BG}; color: {palette.MUTED}; "
            f"border: 2px dashed {palette.NA_BORDER}; "
            "border-radius: 8px; }" + palette.BUTTON_FOCUS_STYLE)
WARN_STYLE = palette.WARNING_STYLE


def _when(value: str | None, fmt: str = "%m-%d %H:%M") -> str:
    if not value:
        return "—"
    try:
        return datetime.fromisoformat(value).strftime(fmt)
    except ValueError:
        return value


def ask_text(parent: QWidget | None, title: str, label: str, *,
             check: Callable[[str], object], text: str = "") -> str | None:
    """Ask for a reason or a note that the core rule ``check`` accepts; None when cancelled.
    Tests patch this."""
    dialog = TextDialog(title, label, parent, check=check, text=text)
    try:
        return dialog.text() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def ask_signature(parent: QWidget | None, title: str, signer_name: str
                  ) -> tuple[str, bytes | None, bool] | None:
    """The guest-book signature from the signature pad; None when cancelled. Tests patch this."""
    from hall_desk.ui import signature_pad

    return signature_pad.ask_signature(parent, title, signer_name=signer_name)


def show_pdf(parent: QWidget | None, data: bytes, title: str, suggested_name: str) -> Any:
    """Open a PDF in the print preview (print, or save as PDF). Tests patch this."""
    from hall_desk.ui import print_preview

    return print_preview.show_preview(parent, data, title, suggested_name=suggested_name)


class TextDialog(QDialog):
    """One multi-line text (a reason or a note) with its error line.

    Attributes:
        edit, error, ok_button.
    """

    def __init__(self, title: str, label: str, parent: QWidget | None = None, *,
                 check: Callable[[str], object], text: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.check = check
        layout = QVBoxLayout(self)
        caption = QLabel(label)
        caption.setWordWrap(True)
        layout.addWidget(caption)
        self.edit = QPlainTextEdit(text)
        self.edit.setTabChangesFocus(True)
        self.edit.setMinimumSize(420, 110)
        caption.setBuddy(self.edit)
        layout.addWidget(self.edit)
        self.error = FieldError()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("OK"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def text(self) -> str:
        return self.edit.toPlainText().strip()

    def _accept(self) -> None:
        try:
            self.check(self.text())
        except HallError as exc:         # the rule's own words, at the entry
            self.error.show_error(exc.message())
            self.edit.setFocus()
            return
        self.accept()


# ---------------------------------------------------------------- the notice

class NoticeForm(QWidget):
    """The notice of a visit (来访通知): a new one, or corrections before the run starts.

    Signals:
        saved(int): the run's id after saving.
        cancelled(): the form was left without saving.

    Attributes:
        fields: key -> editor (visiting_unit, leader, expected_at, visitors, purpose,
            template, notes); errors: key -> FieldError; save_button, cancel_button.
    """

    saved = Signal(int)
    cancelled = Signal()

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.run_id: int | None = None
        self.run_version = 0
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, FieldError] = {}
        self.title = heading()

        unit = QLineEdit()
        unit.setMaxLength(rules.UNIT_MAX)
        unit.setPlaceholderText(self.tr("e.g. inspection team of the city company"))
        leader = QLineEdit()
        leader.setMaxLength(rules.LEADER_MAX)
        expected = QDateTimeEdit()
        expected.setDisplayFormat(QT_TIME_FORMAT)
        expected.setCalendarPopup(True)
        visitors = QSpinBox()
        visitors.setRange(1, rules.VISITORS_MAX)
        visitors.setSuffix(self.tr(" persons"))
        purpose = QComboBox()
        for p in rules.Purpose:
            purpose.addItem(i18n.text(f"reception.purpose.{p.value}"), p.value)
        purpose.setCurrentIndex(purpose.findData(rules.Purpose.INSPECTION.value))
        template = QComboBox()
        notes = QPlainTextEdit()
        notes.setTabChangesFocus(True)
        notes.setFixedHeight(notes.fontMetrics().lineSpacing() * 4 + 14)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for key, label, widget in (
                ("visiting_unit", self.tr("Visiting unit *"), unit),
                ("leader", self.tr("Leading person"), leader),
                ("expected_at", self.tr("Expected time *"), expected),
                ("visitors", self.tr("Number of visitors *"), visitors),
                ("purpose", self.tr("Purpose *"), purpose),
                ("template", self.tr("Checklist"), template),
                ("notes", self.tr("Notes"), notes)):
            self.fields[key] = widget
            self.errors[key] = FieldError()
            self.errors[key].setObjectName(f"error_{key}")
            form_row(form, label, widget, self.errors[key])
        purpose.currentIndexChanged.connect(self._purpose_changed)
        self.save_button = QPushButton(self.tr("Sa&ve notice"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancelled)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def _fill_templates(self, chosen: str = "") -> None:
        combo: QComboBox = self.fields["template"]
        combo.clear()
        combo.addItem(self.tr("By purpose"), "")
        for t in reception.templates():
            combo.addItem(f"{t.title}（v{t.version}）", t.name)
        combo.setCurrentIndex(max(0, combo.findData(chosen)))

    def _purpose_changed(self) -> None:
        self.errors["purpose"].clear_error()

    def new(self) -> None:
        self.run_id = None
        self.title.setText(self.tr("New visit notice"))
        self._fill_templates()
        for key in ("visiting_unit", "leader"):
            self.fields[key].clear()
        self.fields["notes"].clear()
        self.fields["visitors"].setValue(1)
        start = (now() + timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
        self.fields["expected_at"].setDateTime(QDateTime(start))
        self._clear_errors()
        self.fields["visiting_unit"].setFocus()

    def edit(self, run: dict[str, Any]) -> None:
        self.run_id, self.run_version = run["id"], run["version"]
        self.title.setText(self.tr("Correct the notice"))
        self._fill_templates(run["template"])
        self.fields["visiting_unit"].setText(run["visiting_unit"])
        self.fields["leader"].setText(run["leader"])
        self.fields["notes"].setPlainText(run.get("notes", ""))
        self.fields["visitors"].setValue(run["visitors"])
        self.fields["expected_at"].setDateTime(QDateTime(datetime.fromisoformat(run["expected_at"])))
        combo: QComboBox = self.fields["purpose"]
        combo.setCurrentIndex(combo.findData(run["purpose"]))
        self._clear_errors()

    def data(self) -> dict[str, Any]:
        f = self.fields
        return {"visiting_unit": f["visiting_unit"].text(), "leader": f["leader"].text(),
                "expected_at": f["expected_at"].dateTime().toPython(),
                "visitors": f["visitors"].value(), "purpose": f["purpose"].currentData(),
                "template": f["template"].currentData() or "",
                "notes": f["notes"].toPlainText()}

    def _clear_errors(self) -> None:
        for label in self.errors.values():
            label.clear_error()

    def save(self) -> None:
        self._clear_errors()
        try:
            if self.run_id is None:
                run = reception.register_notice(self.ctx.actor, self.data())
            else:
                run = reception.update_notice(self.ctx.actor, self.run_id, self.run_version,
                                              self.data())
        except ValidationError as exc:
            for message in show_field_errors(exc, self.fields, self.errors):
                dialogs.warn(self, message)
            return
        except HallError as exc:
            dialogs.warn(self, exc.message())
            return
        self.saved.emit(run.id)


# ---------------------------------------------------------------- posts

class PostsEditor(QWidget):
    """Who stands where: a person for each post, with the warnings as they are chosen.

    Signals:
        saved(): the posts were saved.

    Attributes:
        combos: slot key (``greeter:1``, ``counter:<seat>``) -> its staff combo.
        errors: slot key -> the FieldError under it.
        warnings: the label listing empty posts, double posts and people not on shift.
        save_button.
    """

    saved = Signal()

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.run_id: int | None = None
        self.combos: dict[str, QComboBox] = {}
        self.errors: dict[str, FieldError] = {}
        self._slots: list[rules.Slot] = []
        self._stored: list[tuple[str, str, int | None]] = []   # as last loaded or saved
        self._loading = False
        self.grid = QGridLayout()
        self.grid.setColumnStretch(1, 1)
        self.warnings = QLabel()
        self.warnings.setObjectName("postWarnings")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet(WARN_STYLE)
        self.save_button = QPushButton(self.tr("Save p&osts"))
        self.save_button.clicked.connect(self.save)
        self.save_button.setEnabled(auth.may(ctx.actor.role, "manage_reception"))
        hint = QLabel(self.tr("Two greeters/guides (that day's receptionists), one explainer, "
                              "the shift leader, and every counter seat manned."))
        hint.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(self.grid)
        layout.addWidget(self.warnings)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def load(self, run: dict[str, Any]) -> None:
        self._loading = True
        try:
            while self.grid.count():
                widget = self.grid.takeAt(0).widget()
                if widget is not None:
                    widget.hide()
                    widget.deleteLater()
            self.combos.clear()
            self.errors.clear()
            self.run_id = run["id"]
            self._slots = rules.required_slots(reception.seats_of(run["id"]))
            people = staff.list_staff()
            current = {p["key"]: p["staff_id"] for p in reception.posts(run["id"])}
            editable = (auth.may(self.ctx.actor.role, "manage_reception")
                        and rules.can(run["state"], "assign"))
            for row, slot in enumerate(self._slots):
                label = QLabel(slot.label())
                combo = QComboBox()
                combo.setObjectName(f"post_{slot.key}")
                combo.addItem(self.tr("— nobody —"), None)
                for person in people:
                    combo.addItem(f"{person.name}（{i18n.text('role.' + person.role.value)}）",
                                  person.id)
                if current.get(slot.key) is not None:
                    combo.setCurrentIndex(max(0, combo.findData(current[slot.key])))
                combo.setEnabled(editable)
                combo.currentIndexChanged.connect(self.update_warnings)
                label.setBuddy(combo)
                error = FieldError()
                self.combos[slot.key] = combo
                self.errors[slot.key] = error
                self.grid.addWidget(label, row * 2, 0)
                self.grid.addWidget(combo, row * 2, 1)
                self.grid.addWidget(error, row * 2 + 1, 1)
            self.save_button.setEnabled(editable)
            self._stored = self.assignments()
        finally:
            self._loading = False
        self.update_warnings()

    def assignments(self) -> list[tuple[str, str, int | None]]:
        return [(slot.post.value, slot.seat, self.combos[slot.key].currentData())
                for slot in self._slots]

    def unsaved(self) -> bool:
        """People were chosen (or taken off a post) since the posts were loaded or saved."""
        return self.run_id is not None and self.assignments() != self._stored

    def set_person(self, slot_key: str, staff_id: int | None) -> None:
        combo = self.combos[slot_key]
        combo.setCurrentIndex(max(0, combo.findData(staff_id)))

    def update_warnings(self) -> list[rules.PostProblem]:
        """Check the choice as it stands (nothing saved) and show every problem."""
        if self._loading or self.run_id is None:
            return []
        for label in self.errors.values():
            label.clear_error()
        problems = reception.check_posts(self.run_id, self.assignments())
        for p in problems:
            if p.is_error and p.slot_key in self.errors:
                self.errors[p.slot_key].show_error(p.message())
        lines = [("× " if p.is_error else "⚠ ") + p.message() for p in problems]
        self.warnings.setText("\n".join(lines) if lines else self.tr("Every post is filled."))
        self.warnings.setStyleSheet(palette.ERROR_STYLE if any(p.is_error for p in problems)
                                    else WARN_STYLE if problems else palette.DONE_TEXT_STYLE)
        return problems

    def save(self) -> bool:
        problems = self.update_warnings()
        if any(p.is_error for p in problems):
            return False
        try:
            reception.assign_posts(self.ctx.actor, self.run_id, self.assignments())
        except ValidationError as exc:
            for key, err in exc.errors.items():
                if key in self.errors:
                    self.errors[key].show_error(err.message())
                else:
                    dialogs.warn(self, err.message())
            return False
        except HallError as exc:
            dialogs.warn(self, exc.message())
            return False
        self._stored = self.assignments()
        self.saved.emit()
        return True


# ---------------------------------------------------------------- the live checklist

class TickButton(QPushButton):
    """An item's big square button: its ✓ or "N/A" sized relative to the application's
    font, so it grows with the larger-text setting, and the square with it (at least
    ``ITEM_BUTTON`` px a side)."""

    def show_state(self, text: str, style: str, size: float) -> None:
        self.setText(text)
        self.setStyleSheet(style)
        relative_font(self, size)
        self._fit()

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit()

    def _fit(self) -> None:
        metrics = self.fontMetrics()
        side = max(ITEM_BUTTON, metrics.height() + 24,
                   metrics.horizontalAdvance(self.text()) + 20)
        self.setFixedSize(side, side)


class ItemRow(QFrame):
    """One checklist item: the big tick button, the text, who/when, note and "not applicable".

    Attributes:
        item_id, tick_button, text_label, status_label, note_button, na_button, undo_button.
    """

    TEXT_LEAST = 300    # px for the item's words before the buttons go under them

    def __init__(self, item: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item_id = item["id"]
        self.setObjectName("receptionItem")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.tick_button = TickButton()
        self.tick_button.setObjectName("tickItem")
        self.tick_button.setToolTip(self.tr("Tick: done now, by me"))
        self.text_label = WrapLabel(item["text"])
        self.text_label.setWordWrap(True)
        font = self.text_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.text_label.setFont(font)
        self.text_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.status_label = WrapLabel()
        self.status_label.setObjectName("itemStatus")
        self.status_label.setWordWrap(True)
        self.status_label.setStyleSheet(palette.STATUS_STYLE)
        self.note_button = QPushButton(self.tr("Note"))
        self.na_button = QPushButton(self.tr("N/A"))
        self.na_button.setToolTip(self.tr("Not applicable this time (with a reason)"))
        self.undo_button = QPushButton(self.tr("Undo"))
        for b in (self.note_button, self.na_button, self.undo_button):
            b.setMinimumHeight(44)
            b.setMinimumWidth(64)
        texts = QVBoxLayout()
        texts.addWidget(self.text_label)
        texts.addWidget(self.status_label)
        self.actions = QWidget()        # beside the text, or under it on a narrow row
        actions = QHBoxLayout(self.actions)
        actions.setContentsMargins(0, 0, 0, 0)
        for b in (self.note_button, self.na_button, self.undo_button):
            actions.addWidget(b)
        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.body.addLayout(texts, 1)
        self.body.addWidget(self.actions, 0, Qt.AlignmentFlag.AlignRight)
        layout = QHBoxLayout(self)
        layout.addWidget(self.tick_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(self.body, 1)
        self.show_item(item, editable=True)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self.place_actions(event.size().width())

    def place_actions(self, width: int) -> None:
        """The buttons beside the text while the text keeps ``TEXT_LEAST`` px, else under
        it: the item's words get the row's width instead of a narrow column."""
        layout = self.layout()
        room = (width - self.tick_button.width() - self.actions.sizeHint().width() - 2 * layout.spacing()
                - layout.contentsMargins().left() - layout.contentsMargins().right())
        direction = (QBoxLayout.Direction.LeftToRight if room >= self.TEXT_LEAST
                     else QBoxLayout.Direction.TopToBottom)
        if self.body.direction() != direction:
            self.body.setDirection(direction)

    def show_item(self, item: dict[str, Any], *, editable: bool) -> None:
        status = ItemStatus(item["status"])
        parts = []
        if status is ItemStatus.DONE:
            self.tick_button.show_state("✓", DONE_STYLE, TICK_SIZE)
            parts.append(self.tr("Done by %1 at %2").replace("%1", item["done_by"] or "?")
                         .replace("%2", _when(item["done_at"], "%H:%M")))
        elif status is ItemStatus.NOT_APPLICABLE:
            self.tick_button.show_state(self.tr("N/A"), NA_STYLE, NA_SIZE)
            parts.append(self.tr("Not applicable: %1").replace("%1", item["not_applicable_reason"])
                         + (f"（{item['done_by']}）" if item["done_by"] else ""))
        else:
            self.tick_button.show_state("", OPEN_STYLE, TICK_SIZE)
        said = parts[0] if parts else i18n.text("access.item_open")   # what a reader hears
        self.tick_button.setAccessibleName(i18n.text("access.item", item=item["text"], state=said))
        if item["note"]:
            parts.append(self.tr("Note: %1").replace("%1", item["note"]))
        self.status_label.setText("\n".join(parts))
        self.status_label.setVisible(bool(parts))
        self.tick_button.setEnabled(editable and status is ItemStatus.OPEN)
        self.na_button.setEnabled(editable and status is ItemStatus.OPEN)
        self.undo_button.setEnabled(editable and status is not ItemStatus.OPEN)
        self.note_button.setEnabled(editable)


class ChecklistView(QScrollArea):
    """The run's items grouped by stage, for a touch screen.

    Signals:
        tick(int), note(int), not_applicable(int), undo(int): an item's button was pressed.

    Attributes:
        rows: item id -> :class:`ItemRow`; stage_boxes: stage -> its group box.
    """

    tick = Signal(int)
    note = Signal(int)
    not_applicable = Signal(int)
    undo = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.rows: dict[int, ItemRow] = {}
        self.stage_boxes: dict[str, QGroupBox] = {}
        self._run_id: int | None = None
        self.empty = QLabel(self.tr("The checklist appears when the reception starts."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWidget(self.empty)

    def show_items(self, run_id: int, items: list[dict[str, Any]], editable: bool) -> None:
        if run_id != self._run_id or set(self.rows) != {i["id"] for i in items}:
            self._build(run_id, items)
        for item in items:
            self.rows[item["id"]].show_item(item, editable=editable)
        for stage, box in self.stage_boxes.items():
            done = [i for i in items
                    if i["stage"] == stage and ItemStatus(i["status"]) is not ItemStatus.OPEN]
            total = [i for i in items if i["stage"] == stage]
            box.setTitle(f"{rules.stage_label(stage)}  {len(done)}/{len(total)}")

    def _build(self, run_id: int, items: list[dict[str, Any]]) -> None:
        self._run_id = run_id
        self.rows.clear()
        self.stage_boxes.clear()
        if not items:
            self.empty = QLabel(self.tr("The checklist appears when the reception starts."))
            self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.setWidget(self.empty)
            return
        inner = QWidget()
        layout = QVBoxLayout(inner)
        for stage in rules.Stage:
            stage_items = [i for i in items if i["stage"] == stage.value]
            if not stage_items:
                continue
            box = enlarge(QGroupBox(rules.stage_label(stage.value)), 1.15)
            font = box.font()
            inner_box = QVBoxLayout(box)
            for item in stage_items:
                row = ItemRow(item)
                plain = row.font()
                plain.setBold(False)
                plain.setPointSizeF(font.pointSizeF() / 1.15)
                row.setFont(plain)
                row.tick_button.clicked.connect(lambda _=False, i=item["id"]: self.tick.emit(i))
                row.note_button.clicked.connect(lambda _=False, i=item["id"]: self.note.emit(i))
                row.na_button.clicked.connect(
                    lambda _=False, i=item["id"]: self.not_applicable.emit(i))
                row.undo_button.clicked.connect(lambda _=False, i=item["id"]: self.undo.emit(i))
                inner_box.addWidget(row)
                self.rows[item["id"]] = row
            layout.addWidget(box)
            self.stage_boxes[stage.value] = box
        layout.addStretch(1)
        self.setWidget(inner)


class ComplaintDialog(QDialog):
    """A compact intake for a customer who comes in with a complaint during the visit: kind
    (complaint), channel (walk-in) and time prefilled; the ticket is linked to the run and
    flagged for the back room when saved.

    Attributes:
        fields: key -> editor (kind, customer_name, phone, content, demand, emotional_state,
            anonymous, confirmed_by_customer); errors: key -> FieldError; ticket: the
            registered ticket after acceptance.
    """

    def __init__(self, ctx: PageContext, run: dict[str, Any], parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.run, self.ticket = ctx, run, None
        self.setWindowTitle(self.tr("Register a complaint (to the back room)"))
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, FieldError] = {}
        intro = QLabel(self.tr("During the visit of %1: lead the customer to the back room at "
                               "once; the ticket is linked to this reception.")
                       .replace("%1", run["visiting_unit"]))
        intro.setWordWrap(True)
        intro.setStyleSheet(WARN_STYLE)
        kind = QComboBox()
        for k in [k for k in TicketKind if not k.entry.light]:     # the full-lifecycle kinds
            kind.addItem(i18n.text(f"kind.{k.value}"), k.value)
        name = QLineEdit()
        name.setMaxLength(32)
        phone = QLineEdit()
        phone.setMaxLength(32)
        content = QPlainTextEdit()
        content.setTabChangesFocus(True)
        content.setFixedHeight(content.fontMetrics().lineSpacing() * 4 + 14)
        demand = QPlainTextEdit()
        demand.setTabChangesFocus(True)
        demand.setFixedHeight(demand.fontMetrics().lineSpacing() * 2 + 14)
        mood = QComboBox()
        for e in EmotionalState:
            mood.addItem(i18n.text(f"emotion.{e.value}"), e.value)
        mood.setCurrentIndex(mood.findData(EmotionalState.UPSET.value))
        anonymous = QCheckBox(self.tr("The customer asks to stay anonymous"))
        confirmed = QCheckBox(self.tr("Read back and confirmed by the customer"))
        form = QFormLayout()
        for key, label, widget in (
                ("kind", self.tr("Kind"), kind), ("customer_name", self.tr("Customer name"), name),
                ("phone", self.tr("Phone"), phone), ("content", self.tr("What happened *"), content),
                ("demand", self.tr("What the customer wants"), demand),
                ("emotional_state", self.tr("Customer's mood"), mood),
                ("anonymous", "", anonymous), ("confirmed_by_customer", "", confirmed)):
            self.fields[key] = widget
            self.errors[key] = FieldError()
            form_row(form, label, widget, self.errors[key])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Register"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        body = QWidget()
        body.setLayout(form)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll_body(body), 1)     # Register stays on a low screen
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        fit_to_screen(self, self.sizeHint())
        content.setFocus()

    def data(self) -> dict[str, Any]:
        f = self.fields
        return {"kind": f["kind"].currentData(), "channel": "walk-in",
                "customer_name": f["customer_name"].text(), "phone": f["phone"].text(),
                "content": f["content"].toPlainText(), "demand": f["demand"].toPlainText(),
                "emotional_state": f["emotional_state"].currentData(),
                "anonymous": f["anonymous"].isChecked(),
                "confirmed_by_customer": f["confirmed_by_customer"].isChecked()}

    def save(self) -> None:
        for label in self.errors.values():
            label.clear_error()
        try:
            self.ticket = reception.divert_complaint(self.ctx.actor, self.run["id"], self.data())
        except ValidationError as exc:
            for message in show_field_errors(exc, self.fields, self.errors):
                dialogs.warn(self, message)
            return
        except HallError as exc:
            dialogs.warn(self, exc.message())
            return
        self.accept()


class RunView(QWidget):
    """One run: its notice and actions, posts, the live checklist, complaints and guest book.

    Signals:
        changed(): the run changed (the list refreshes its line).
        edit_notice(dict): "Correct the notice" was pressed.

    Attributes:
        heading, details: the run's notice; state_label.
        start_button, close_button, cancel_button, print_button, edit_button.
        tabs, posts (PostsEditor), checklist (ChecklistView), progress.
        complaint_button, tickets_list, guestbook_label, sign_button, paper_button.
        data: the run as ``reception.describe`` gave it last.
    """

    changed = Signal()
    edit_notice = Signal(dict)

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.data: dict[str, Any] = {}
        manage = auth.may(ctx.actor.role, "manage_reception")
        self.heading = heading()
        self.heading.setObjectName("runHeading")
        self.heading.setWordWrap(True)
        self.state_label = QLabel()
        self.state_label.setObjectName("runState")
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.start_button = QPushButton(self.tr("S&tart reception"))
        self.close_button = QPushButton(self.tr("Clos&e reception"))
        self.cancel_button = QPushButton(self.tr("&Cancel reception"))
        self.edit_button = QPushButton(self.tr("Co&rrect notice"))
        self.print_button = QPushButton(self.tr("&Print reception record"))
        for b in (self.start_button, self.close_button, self.cancel_button, self.edit_button):
            b.setVisible(manage)
        for b in (self.start_button, self.close_button, self.cancel_button, self.edit_button,
                  self.print_button):
            b.setMinimumHeight(40)
        self.start_button.clicked.connect(self.start)
        self.close_button.clicked.connect(self.close_run)
        self.cancel_button.clicked.connect(self.cancel_run)
        self.print_button.clicked.connect(self.print_record)
        self.edit_button.clicked.connect(lambda: self.edit_notice.emit(self.data))
        actions = ButtonFlow()      # wraps where the five do not fit in one row
        for b in (self.start_button, self.edit_button, self.close_button, self.cancel_button,
                  self.print_button):
            actions.add(b)

        self.posts = PostsEditor(ctx)
        self.posts.saved.connect(self._after_change)
        self.checklist = ChecklistView()
        self.checklist.tick.connect(self.tick)
        self.checklist.note.connect(self.note)
        self.checklist.not_applicable.connect(self.not_applicable)
        self.checklist.undo.connect(self.undo)
        self.progress = QLabel()
        self.progress.setObjectName("runProgress")

        self.complaint_button = QPushButton(self.tr("Register co&mplaint (to the back room)"))
        self.complaint_button.setObjectName("divertComplaint")
        self.complaint_button.setMinimumHeight(56)
        self.complaint_button.setStyleSheet(
            f"QPushButton {{ background: {palette.URGENT_FILL}; color: {palette.WHITE}; "
            f"font-weight: bold; border-radius: 6px; padding: 6px; }} "
            f"QPushButton:disabled {{ background: {palette.DISABLED_FILL}; }}"
            + palette.BUTTON_FOCUS_STYLE)
        self.complaint_button.clicked.connect(self.divert_complaint)
        self.tickets_list = QListWidget()
        self.tickets_list.setObjectName("divertedTickets")
        self.tickets_list.setMinimumHeight(90)
        self.guestbook_label = WrapLabel()
        self.guestbook_label.setWordWrap(True)
        self.sign_button = QPushButton(self.tr("Guest &book: sign on the pad"))
        self.paper_button = QPushButton(self.tr("Signed in the paper guest boo&k"))
        for b in (self.sign_button, self.paper_button):
            b.setMinimumHeight(48)
        self.sign_button.clicked.connect(self.sign_guestbook)
        self.paper_button.clicked.connect(self.paper_guestbook)
        side = QVBoxLayout()
        side.addWidget(self.complaint_button)
        tickets_title = QLabel(self.tr("Complaints led to the back room"))
        tickets_title.setBuddy(self.tickets_list)
        side.addWidget(tickets_title)
        side.addWidget(self.tickets_list, 1)
        book = QGroupBox(self.tr("Guest book"))
        book_layout = QVBoxLayout(book)
        book_layout.addWidget(self.guestbook_label)
        book_layout.addWidget(self.sign_button)
        book_layout.addWidget(self.paper_button)
        side.addWidget(book)
        side_widget = QWidget()
        side_widget.setLayout(side)
        side_widget.setMinimumWidth(260)
        side_widget.setMaximumWidth(360)
        live = QWidget()
        live_layout = QVBoxLayout(live)
        live_layout.setContentsMargins(0, 0, 0, 0)
        live_layout.addWidget(self.progress)
        # the side panel goes under the checklist when they do not both fit
        split = SideBySide(lambda pane: 0 if pane else CHECKLIST_LEAST)
        split.addWidget(self.checklist)
        side_scroll = QScrollArea()      # at a larger text the column scrolls, never overlaps
        side_scroll.setWidgetResizable(True)
        side_scroll.setFrameShape(QFrame.Shape.NoFrame)
        side_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        side_scroll.setWidget(side_widget)
        bar = side_scroll.verticalScrollBar().sizeHint().width()
        side_scroll.setMinimumWidth(side_widget.minimumWidth() + bar)
        side_scroll.setMaximumWidth(side_widget.maximumWidth() + bar)
        split.addWidget(side_scroll)
        split.setStretchFactor(0, 1)
        split.setChildrenCollapsible(False)
        live_layout.addWidget(split, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(live, self.tr("Checklist"))
        posts_scroll = QScrollArea()
        posts_scroll.setWidgetResizable(True)
        posts_scroll.setFrameShape(QFrame.Shape.NoFrame)
        posts_scroll.setWidget(self.posts)
        self.tabs.addTab(posts_scroll, self.tr("Posts"))
        head = QHBoxLayout()
        head.addWidget(self.heading, 1)
        head.addWidget(self.state_label)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.details)
        layout.addWidget(actions)
        layout.addWidget(self.tabs, 1)

    # -- showing -------------------------------------------------------------------------------
    def load(self, run_id: int, *, posts_too: bool = True) -> None:
        self.data = reception.describe(run_id)
        d = self.data
        self.heading.setText(d["visiting_unit"])
        state = RunState(d["state"])
        colour = {RunState.NOTICED: palette.INFO, RunState.RUNNING: palette.DONE,
                  RunState.CLOSED: palette.MUTED, RunState.CANCELLED: palette.DUE_SOON}[state]
        self.state_label.setText(rules.state_label(state))
        self.state_label.setStyleSheet(f"color: {palette.WHITE}; background: {colour}; "
                                       "padding: 4px 10px; "
                                       "border-radius: 4px; font-weight: bold;")
        lines = [self.tr("%1 · leading: %2 · %3 visitors · expected %4")
                 .replace("%1", i18n.text(f"reception.purpose.{d['purpose']}"))
                 .replace("%2", d["leader"] or "—").replace("%3", str(d["visitors"]))
                 .replace("%4", _when(d["expected_at"], "%Y-%m-%d %H:%M")),
                 self.tr("Checklist: %1, version %2 · started %3 · ended %4")
                 .replace("%1", reception.title_shown(d["template"], d["template_title"])).replace("%2", str(d["template_version"]))
                 .replace("%3", _when(d["started_at"])).replace("%4", _when(d["ended_at"]))]
        if d["notes"]:
            lines.append(self.tr("Notes: %1").replace("%1", d["notes"]))
        self.details.setText("\n".join(lines))
        self.start_button.setEnabled(rules.can(state, "start"))
        self.close_button.setEnabled(rules.can(state, "close"))
        self.cancel_button.setEnabled(rules.can(state, "cancel"))
        self.edit_button.setEnabled(rules.can(state, "edit_notice"))
        running = state is RunState.RUNNING
        may_run = auth.may(self.ctx.actor.role, "run_reception")
        self.checklist.show_items(d["id"], reception.shown_items(d["template"], d["items"]),
                                  running and may_run)
        done = sum(1 for i in d["items"] if ItemStatus(i["status"]) is not ItemStatus.OPEN)
        self.progress.setText(self.tr("%1 of %2 items done").replace("%1", str(done))
                              .replace("%2", str(len(d["items"])))
                              if d["items"] else "")
        self.complaint_button.setEnabled(running and may_run)
        self.tickets_list.clear()
        for t in d["tickets"]:
            mark = self.tr("handled") if t["handled"] else self.tr("NOT handled yet")
            item = QListWidgetItem(f"{t['number']}  {i18n.text('status.' + t['status'])}"
                                   f"  · {mark}\n{t['content']}")
            if not t["handled"]:
                item.setForeground(QColor(palette.NOT_HANDLED))
            self.tickets_list.addItem(item)
        if not d["tickets"]:
            self.tickets_list.addItem(self.tr("None"))
        sig = d["guestbook_signature"]
        if sig:
            how = self.tr("in the paper book") if sig["on_paper"] and not sig["image_sha256"] \
                else self.tr("on the pad")
            self.guestbook_label.setText(self.tr("Signed by %1 %2 at %3")
                                         .replace("%1", sig["signer_name"]).replace("%2", how)
                                         .replace("%3", _when(sig["signed_at"], "%H:%M")))
        else:
            self.guestbook_label.setText(self.tr("Not signed yet: at departure the greeter asks "
                                                 "the visiting leader to sign."))
        self.sign_button.setEnabled(running and may_run)
        self.paper_button.setEnabled(running and may_run)
        if posts_too:
            self.posts.load(d)

    def refresh(self) -> None:
        """Re-read the run (another counter may have ticked); posts being edited are kept."""
        if self.data:
            self.load(self.data["id"], posts_too=False)

    def _after_change(self) -> None:
        self.load(self.data["id"])
        self.changed.emit()

    def _do(self, fn, *args) -> bool:
        try:
            fn(self.ctx.actor, *args)
        except HallError as exc:
            dialogs.warn(self, exc.message())
            self.refresh()
            return False
        self._after_change()
        return True

    # -- actions -------------------------------------------------------------------------------
    def start(self) -> None:
        # posts chosen but not saved are saved first: the run starts with what is on screen,
        # and the check below counts only what is stored
        if self.posts.unsaved() and not self.posts.save():
            self.tabs.setCurrentWidget(self.posts.parentWidget().parentWidget())
            return
        problems = self.posts.update_warnings()
        if problems and not dialogs.confirm(self, self.start_question(problems)):
            return
        if self._do(reception.start, self.data["id"]):
            self.tabs.setCurrentIndex(0)

    def start_question(self, problems: list[rules.PostProblem]) -> str:
        """What starting with the posts not complete asks: one line a problem."""
        return (self.tr("The posts are not complete:\n%1\n\nStart the reception anyway?")
                .replace("%1", "\n".join(p.message() for p in problems)))

    def close_run(self) -> None:
        if not dialogs.confirm(self, self.tr("Close this reception? The actual end time is "
                                             "recorded now.")):
            return
        self._do(reception.close, self.data["id"])

    def cancel_run(self) -> None:
        reason = ask_text(self, self.tr("Cancel reception"), self.tr("Why is it cancelled?"),
                          check=rules.clean_reason)
        if reason is not None:
            self._do(reception.cancel, self.data["id"], reason)

    def tick(self, item_id: int) -> None:
        self._do(reception.tick, item_id)

    def note(self, item_id: int) -> None:
        current = next((i["note"] for i in self.data["items"] if i["id"] == item_id), "")
        text = ask_text(self, self.tr("Note"), self.tr("Note on this item:"), check=rules.clean_note,
                        text=current)
        if text is not None:
            self._do(reception.set_note, item_id, text)

    def not_applicable(self, item_id: int) -> None:
        reason = ask_text(self, self.tr("Not applicable"),
                          self.tr("Why does this item not apply this time?"),
                          check=rules.clean_reason)
        if reason is not None:
            self._do(reception.mark_not_applicable, item_id, reason)

    def undo(self, item_id: int) -> None:
        reason = ask_text(self, self.tr("Undo"), self.tr("Why is this undone?"),
                          check=rules.clean_reason)
        if reason is not None:
            self._do(reception.untick, item_id, reason)

    def divert_complaint(self) -> ComplaintDialog:
        dialog = ComplaintDialog(self.ctx, self.data, self)
        dialog.accepted.connect(lambda: self._diverted(dialog))
        dialog.open()
        return dialog

    def _diverted(self, dialog: ComplaintDialog) -> None:
        ticket = dialog.ticket
        self._after_change()
        if ticket is not None:
            log.info("ticket %s registered during reception %s", ticket.number, self.data["id"])
            dialogs.info(self, self.tr("Ticket %1 registered and linked to this reception. "
                                       "Lead the customer to the back room.")
                         .replace("%1", ticket.number))

    def sign_guestbook(self) -> None:
        got = ask_signature(self, self.tr("Guest book signature"), self.data["leader"])
        if got is None:
            return
        name, png, on_paper = got
        try:
            reception.sign_guestbook(self.ctx.actor, self.data["id"], name, image_png=png,
                                     on_paper=on_paper)
        except HallError as exc:
            dialogs.warn(self, exc.message())
            return
        self._after_change()

    def paper_guestbook(self) -> None:
        name = ask_text(self, self.tr("Signed in the paper guest book"),
                        self.tr("Who signed the paper guest book?"), check=rules.clean_signer,
                        text=self.data["leader"])
        if name is not None:
            self._do(lambda actor, run_id: reception.sign_guestbook(
                actor, run_id, name, on_paper=True), self.data["id"])

    def print_record(self) -> Any:
        try:
            data = reception.record_pdf(self.ctx.actor, self.data["id"])
        except HallError as exc:
            dialogs.warn(self, exc.message())
            return None
        number = reception_number(self.data["id"])
        return show_pdf(self, data, self.tr("Reception record %1").replace("%1", number),
                        f"接待记录-{number}.pdf")


class ReceptionPage(QWidget):
    """The 接待 page.

    Attributes:
        runs: the list of runs (item data: the run's id).
        new_button: "New notice" (shift leaders and supervisors).
        stack: the notice form, the run view, or a hint.
        notice_form (NoticeForm), run_view (RunView), live_timer.
    """

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runs = QListWidget()
        self.runs.setObjectName("receptionRuns")
        self.runs.setMinimumWidth(160)     # the checklist beside it needs the width more
        self.runs.setMaximumWidth(240)
        self.runs.setWordWrap(True)
        self.runs.currentItemChanged.connect(self._run_chosen)
        self.new_button = QPushButton(self.tr("&New visit notice"))
        self.new_button.setMinimumHeight(40)
        self.new_button.setVisible(auth.may(ctx.actor.role, "manage_reception"))
        self.new_button.clicked.connect(self.new_notice)
        self.templates_button = QPushButton(self.tr("Check&list templates…"))
        self.templates_button.setVisible(auth.may(ctx.actor.role, "edit_settings"))
        self.templates_button.clicked.connect(self.edit_templates)
        left = QVBoxLayout()
        title = QLabel(self.tr("Visits, tours and inspections"))
        title.setBuddy(self.runs)
        left.addWidget(title)
        left.addWidget(self.runs, 1)
        left.addWidget(self.new_button)
        left.addWidget(self.templates_button)
        self.notice_form = NoticeForm(ctx)
        self.notice_form.saved.connect(self._notice_saved)
        self.notice_form.cancelled.connect(self._notice_cancelled)
        self.run_view = RunView(ctx)
        self.run_view.changed.connect(self._reload_list)
        self.run_view.edit_notice.connect(self._edit_notice)
        self.hint = QLabel(self.tr("Choose a visit on the left, or register a new notice."))
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        for w in (self.hint, self.notice_form, self.run_view):
            self.stack.addWidget(w)
        layout = QHBoxLayout(self)
        layout.addLayout(left)
        layout.addWidget(self.stack, 1)
        self.live_timer = QTimer(self)
        self.live_timer.setInterval(LIVE_REFRESH_MS)
        self.live_timer.timeout.connect(self._live)
        self.live_timer.start()
        self._reload_list()

    def refresh(self) -> None:
        """Called by the main window whenever the page is shown."""
        self._reload_list()
        if self.stack.currentWidget() is self.run_view:
            self.run_view.refresh()

    def _live(self) -> None:
        if self.isVisible() and self.stack.currentWidget() is self.run_view \
                and self.run_view.data.get("state") == RunState.RUNNING:
            try:
                self.run_view.refresh()
            except HallError as exc:        # the database went away for a moment
                log.warning("reception refresh failed: %s", exc)

    def _reload_list(self) -> None:
        chosen = self.current_run_id()
        self.runs.blockSignals(True)
        self.runs.clear()
        for run in reception.list_runs():
            text = (f"{run['visiting_unit']}\n{rules.state_label(run['state'])} · "
                    f"{i18n.text('reception.purpose.' + run['purpose'])} · "
                    f"{_when(run['expected_at'])}")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, run["id"])
            if RunState(run["state"]) is RunState.RUNNING:
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
            self.runs.addItem(item)
            if run["id"] == chosen:
                self.runs.setCurrentItem(item)
        self.runs.blockSignals(False)

    def current_run_id(self) -> int | None:
        item = self.runs.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def unsaved_changes(self) -> list[str]:
        """The posts tab's title when people were chosen and not saved (the main window asks
        before the page is left)."""
        view = self.run_view
        if not view.posts.unsaved():
            return []
        tab = view.tabs.indexOf(view.posts.parentWidget().parentWidget())
        return [keys.plain(view.tabs.tabText(tab))]

    def save_changes(self) -> bool:
        """Save the posts chosen (the window asks before it closes); False when refused."""
        return not self.run_view.posts.unsaved() or self.run_view.posts.save()

    def select_run(self, run_id: int) -> None:
        for i in range(self.runs.count()):
            if self.runs.item(i).data(Qt.ItemDataRole.UserRole) == run_id:
                if i != self.runs.currentRow():
                    self.runs.setCurrentRow(i)       # shows it
                    return
                break
        self.show_run(run_id)

    def show_run(self, run_id: int) -> None:
        other = self.run_view.data.get("id") != run_id
        self.run_view.load(run_id)
        if other:       # a run still to come opens on its posts, one under way on its checklist
            self.run_view.tabs.setCurrentIndex(
                1 if RunState(self.run_view.data["state"]) is RunState.NOTICED else 0)
        self.stack.setCurrentWidget(self.run_view)

    def _run_chosen(self, current: QListWidgetItem | None, _previous=None) -> None:
        if current is not None:
            self.show_run(current.data(Qt.ItemDataRole.UserRole))

    def edit_templates(self) -> QDialog:
        """The administrator's template editor (also meant for the Settings page)."""
        from hall_desk.ui.reception_templates import open_editor

        return open_editor(self, self.ctx.actor)

    def new_notice(self) -> None:
        self.notice_form.new()
        self.stack.setCurrentWidget(self.notice_form)
        self.notice_form.fields["visiting_unit"].setFocus()

    def _edit_notice(self, run: dict[str, Any]) -> None:
        self.notice_form.edit(run)
        self.stack.setCurrentWidget(self.notice_form)

    def _notice_saved(self, run_id: int) -> None:
        self._reload_list()
        self.select_run(run_id)

    def _notice_cancelled(self) -> None:
        run_id = self.current_run_id()
        if run_id is not None:
            self.show_run(run_id)
        else:
            self.stack.setCurrentWidget(self.hint)
