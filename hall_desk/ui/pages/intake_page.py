"""The intake page (受理登记): one keyboard-first form for the five kinds of ticket.

The flow at the counter, without the mouse: Tab or Enter moves from field to field (Tab or
Ctrl+Enter leaves a multi-line field); Ctrl+S checks the form and shows the read-back the
clerk reads aloud ("您是说……对吗？"); Space or Enter ticks "customer confirmed"; Ctrl+S again
registers the ticket and shows its number large for the customer. Esc asks, then clears.

What is typed is kept as a durable draft (``services.drafts``, form ``"intake"``) about a
second after each edit and whenever the focus moves, and offered back when the page opens.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QDateTime, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QApplication, QBoxLayout, QCheckBox, QComboBox, QDateTimeEdit,
    QGridLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QListWidget,
    QListWidgetItem, QPlainTextEdit, QPushButton, QScrollArea, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from hall_desk.core import hotline, i18n, readback
from hall_desk.core.enums import (CallbackWindow, Channel, EmotionalState, Priority,
                                  TargetKind, TicketKind)
from hall_desk.core.errors import FieldError as CoreFieldError
from hall_desk.core.errors import HallError, ValidationError
from hall_desk.core.validation import LIMITS, parse_phone, required_fields
from hall_desk.services import catalog, deadlines, drafts, lifecycle, materials, tickets
from hall_desk.services.context import now
from hall_desk.ui import dialogs
from hall_desk.ui.pages.base import PageContext
from hall_desk.ui.phrase_panel import PhrasePanel
from hall_desk.ui.receipt_dialog import Receipt, ReceiptDialog
from hall_desk.ui.widgets import FieldError, field_cell, show_field_errors

log = logging.getLogger(__name__)

DRAFT_FORM = "intake"
AUTOSAVE_MS = 1000          # draft saved this long after the last edit
REPEAT_CHECK_MS = 400       # earlier tickets looked up this long after the last phone key
REPEAT_SHOWN = 5            # rows of the repeat panel
TIME_FORMAT = "%Y-%m-%d %H:%M"
QT_TIME_FORMAT = "yyyy-MM-dd HH:mm"
FIRST_WORDS = 24            # characters of an earlier ticket's content in the repeat panel
TEXT_KEYS = ("customer_name", "phone", "address", "content", "demand", "evidence_note")
PRIORITIES = (Priority.NORMAL, Priority.HIGH, Priority.URGENT)
MATERIAL_ROLE = Qt.ItemDataRole.UserRole   # a material's Chinese (the shown text may be English)


def _minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


def promised_reply(kind: str, received_at: datetime,
                   agreed_at: datetime | None) -> tuple[datetime | None, str | None]:
    """(promised reply time, note) for a ticket not saved yet: the note is 暂定 when the time
    is provisional (a year whose holidays are not entered yet), or the problem's message when
    there is no time to promise."""
    found = deadlines.preview(kind, received_at, agreed_at)
    promised, provisional = deadlines.promise(found, agreed_at)
    if promised is not None and provisional:
        return promised, i18n.text("deadline.provisional")    # 暂定: a year not entered yet
    return promised, (found.problem.message() if found.problem and promised is None else None)


class IntakePage(QWidget):
    """The 受理登记 form.

    Signals:
        registered(str): a ticket was registered; its number.

    Attributes:
        fields: field key -> its editor (keys of ``tickets.check_intake`` plus
            ``received_at``, ``priority``, ``agreed_due_at``).
        labels: field key -> its label (required ones end in " *").
        errors: field key -> its :class:`~hall_desk.ui.widgets.FieldError` line (also
            ``confirmed`` for the read-back tick).
        agreed_check, anonymous_check: the agreed-time and anonymity ticks.
        receiver: the first receiver (the logged-in person), read-only.
        material_box, material_list: the 一次性告知 checklist (requests only).
        repeat_box, repeat_note, repeat_table: earlier tickets of the typed phone.
        readback_box, readback_text, confirm_check: the read-back and "customer confirmed".
        phrase_panel: phrases at hand (Alt+1..9 into the text typed; reassurance first for
            an upset customer) and the vague-promise warning on content and demand.
        save_button, clear_button: Ctrl+S and Esc as buttons.
        receipt: the last :class:`~hall_desk.ui.receipt_dialog.ReceiptDialog` shown.
        autosave_timer, repeat_timer: the debounce timers.
    """

    registered = Signal(str)

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.receipt: ReceiptDialog | None = None
        self._loading = False          # filling the form from code: no autosave, no reset
        self._draft_kept = False       # a draft row exists for this form
        self._draft_offered = False
        self.fields: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        self.errors: dict[str, FieldError] = {}
        self._label_texts: dict[str, str] = {}

        self.autosave_timer = QTimer(self)
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.setInterval(AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.save_draft)
        self.repeat_timer = QTimer(self)
        self.repeat_timer.setSingleShot(True)
        self.repeat_timer.setInterval(REPEAT_CHECK_MS)
        self.repeat_timer.timeout.connect(self.check_repeat)

        self._build_fields()
        side = QVBoxLayout()
        side.addWidget(self._build_repeat_box())
        side.addWidget(self._build_material_box())
        side.addWidget(self._build_readback_box())
        side.addWidget(self._build_phrase_panel(), 1)
        # the form and the side boxes side by side, or the boxes under the form when the page
        # is narrower than both (1024×768, 150 %): see resizeEvent
        self.form_box = self._build_form()
        self.side = side
        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.columns.addWidget(self.form_box, 3)
        self.columns.addLayout(side, 2)
        inner = QWidget()
        body = QVBoxLayout(inner)
        body.addLayout(self.columns, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(inner)
        self.body_scroll = scroll
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll, 1)
        buttons = self._build_buttons()     # below the scrolled body: always in view
        buttons.setContentsMargins(9, 0, 9, 6)
        outer.addLayout(buttons)

        self._set_tab_order()
        self._connect_edits()
        for sequence, slot in (("Ctrl+S", self.save), (Qt.Key.Key_Escape, self.ask_clear)):
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        QApplication.instance().focusChanged.connect(self._focus_changed)
        self.reset()

    # -- building --------------------------------------------------------------------------
    def _field(self, key: str, label: str, widget: QWidget) -> QWidget:
        """Register a field with its label and error line; returns the cell to lay out."""
        self.fields[key] = widget
        self._label_texts[key] = label
        self.labels[key] = QLabel(label)
        self.labels[key].setBuddy(widget)
        self.errors[key] = FieldError()
        self.errors[key].setObjectName(f"error_{key}")
        return field_cell(widget, self.errors[key])

    def _combo(self, items: list[tuple[str, Any]]) -> QComboBox:
        combo = QComboBox()
        for text, data in items:
            combo.addItem(text, data)
        return combo

    def _text(self, max_len: int) -> QLineEdit:
        edit = QLineEdit()
        edit.setMaxLength(max_len)
        return edit

    def _multiline(self, lines: int, placeholder: str, *, grows: bool = False) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setTabChangesFocus(True)
        edit.setPlaceholderText(placeholder)
        height = edit.fontMetrics().lineSpacing() * lines + 14
        if grows:
            edit.setMinimumHeight(height)
        else:
            edit.setFixedHeight(height)
        return edit

    def _time_edit(self) -> QDateTimeEdit:
        edit = QDateTimeEdit()
        edit.setDisplayFormat(QT_TIME_FORMAT)
        edit.setCalendarPopup(True)
        return edit

    def _build_fields(self) -> None:
        self.cells = {
            "kind": self._field("kind", self.tr("&Kind"), self._combo(
                [(i18n.text("kind." + k.value), k.value) for k in TicketKind])),
            "channel": self._field("channel", self.tr("C&hannel"), self._combo(
                [(i18n.text("channel." + c.value), c.value) for c in Channel])),
            "category": self._field("category", self.tr("&Category"), self._combo(
                [(self.tr("(not chosen)"), "")]
                + [(c.name, c.code) for c in catalog.categories()])),
            "received_at": self._field("received_at", self.tr("Received a&t"),
                                       self._time_edit()),
            "customer_name": self._field("customer_name", self.tr("Customer &name"),
                                         self._text(LIMITS["customer_name"])),
            "phone": self._field("phone", self.tr("&Phone"), self._text(LIMITS["phone"])),
            "address": self._field("address", self.tr("&Address"),
                                   self._text(LIMITS["address"])),
            "emotional_state": self._field("emotional_state", self.tr("&Emotional state"),
                                           self._combo([(i18n.text("emotion." + e.value), e.value)
                                                        for e in EmotionalState])),
            "priority": self._field("priority", self.tr("Pr&iority"), self._combo(
                [(i18n.text(f"priority.{int(p)}"), int(p)) for p in PRIORITIES])),
            "content": self._field("content", self.tr("&What happened"), self._multiline(
                4, self.tr("In the customer's words: what happened, when, where, who"),
                grows=True)),
            "demand": self._field("demand", self.tr("Customer's &demand"),
                                  self._multiline(2, self.tr("What the customer wants done"))),
            "evidence_note": self._field("evidence_note", self.tr("E&vidence"), self._multiline(
                2, self.tr("Receipts, photos, documents the customer showed or left"))),
            "agreed_due_at": self._field("agreed_due_at", self.tr("Agreed reply time"),
                                         self._time_edit()),
            # whom a complaint is about (投诉对象, manual 003), optional: the kind, then a
            # member of staff or a department from the lists, or a third party in words
            "target_kind": self._field("target_kind", i18n.text("detail.target"), self._combo(
                [(self.tr("(not chosen)"), "")]
                + [(i18n.text(f"target.{k}"), k) for k in TargetKind.codes()])),
            "target": self._field("target", i18n.text("stats.col.target_name"),
                                  self._target_combo()),
            # the customer's preferred callback time (manual 003), optional
            "callback_window": self._field("callback_window", i18n.text("field.callback_window"),
                                           self._combo([(i18n.text(f"callback.window.{w}"), w)
                                                        for w in CallbackWindow.codes()])),
            # a hotline's work order (domain.md §13), optional: its source, number and limit
            "hotline_source": self._field("hotline_source", i18n.text("field.hotline_source"),
                                          self._combo([(i18n.text("hotline.none"), "")]
                                                      + [(s.title(), s.code)
                                                         for s in hotline.SOURCES])),
            "hotline_number": self._field("hotline_number", i18n.text("field.hotline_number"),
                                          self._text(hotline.NUMBER_MAX)),
            "hotline_due_at": self._field("hotline_due_at", i18n.text("field.hotline_due_at"),
                                          self._time_edit()),
        }
        self.hotline_due_check = QCheckBox()
        self.hotline_due_check.setAccessibleName(i18n.text("field.hotline_due_at"))
        self.fields["priority"].setToolTip(self.tr(
            "Urgent: safety or major rights at stake, media or a lawyer involved. "
            "A repeat complaint is raised to high by itself."))
        self.agreed_check = QCheckBox(self.tr("Agreed with the customer (&Y)"))
        self.agreed_check.setToolTip(self.tr(
            "A reply time agreed with the customer replaces the default time limit."))
        self.anonymous_check = QCheckBox(self.tr("Customer asks to stay anony&mous"))
        self.anonymous_note = QLabel(self.tr(
            "Name and phone are kept but hidden in lists, searches and the queue; only "
            "authorised roles can see them, and each look is logged."))
        self.anonymous_note.setWordWrap(True)
        self.receiver = QLineEdit(self.ctx.actor.name)
        self.receiver.setReadOnly(True)
        self.receiver.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.receiver.setObjectName("firstReceiver")

    def _align_label(self, key: str) -> None:
        """Keep a label level with its field's first line when an error line grows the cell."""
        field = self.fields[key]
        if not isinstance(field, QPlainTextEdit):
            self.labels[key].setMinimumHeight(field.sizeHint().height())

    def _build_form(self) -> QGroupBox:
        box = QGroupBox(self.tr("Intake"))
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        grid.setVerticalSpacing(6)
        pairs = [("kind", "channel"), ("category", "received_at"),
                 ("hotline_source", "hotline_number"), ("customer_name", "phone"),
                 ("address",), ("emotional_state", "priority"), ("content",), ("demand",),
                 ("evidence_note",)]
        row = 0
        for pair in pairs:
            if pair == ("content",):
                grid.setRowStretch(row, 1)
            for column, key in enumerate(pair):
                self._align_label(key)
                grid.addWidget(self.labels[key], row, column * 2, Qt.AlignmentFlag.AlignTop)
                span = 3 if len(pair) == 1 else 1
                grid.addWidget(self.cells[key], row, column * 2 + 1, 1, span)
            row += 1
        agreed = QHBoxLayout()
        agreed.addWidget(self.agreed_check)
        agreed.addWidget(self.cells["agreed_due_at"], 1)
        grid.addWidget(self.labels["agreed_due_at"], row, 0)
        grid.addLayout(agreed, row, 1, 1, 3)
        row += 1
        due = QHBoxLayout()                  # the hotline's own limit, beside the agreed time
        due.addWidget(self.hotline_due_check)
        due.addWidget(self.cells["hotline_due_at"], 1)
        grid.addWidget(self.labels["hotline_due_at"], row, 0)
        grid.addLayout(due, row, 1)
        row += 1
        self._align_label("callback_window")
        grid.addWidget(self.labels["callback_window"], row, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.cells["callback_window"], row, 1)
        row += 1
        for column, key in enumerate(("target_kind", "target")):
            self._align_label(key)
            grid.addWidget(self.labels[key], row, column * 2, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(self.cells[key], row, column * 2 + 1)
        row += 1
        anonymous = QVBoxLayout()
        anonymous.setSpacing(2)
        anonymous.addWidget(self.anonymous_check)
        anonymous.addWidget(self.anonymous_note)
        grid.addWidget(QLabel(self.tr("Anonymity")), row, 0, Qt.AlignmentFlag.AlignTop)
        grid.addLayout(anonymous, row, 1, 1, 3)
        row += 1
        receiver_label = QLabel(self.tr("First receiver"))
        receiver_label.setToolTip(self.tr("First-receiver responsibility: the first receiver "
                                          "follows the case to the end."))
        grid.addWidget(receiver_label, row, 0)
        grid.addWidget(self.receiver, row, 1)
        self.required_legend = QLabel(self.tr("* required for this kind"))
        grid.addWidget(self.required_legend, row, 2, 1, 2)
        return box

    def _build_repeat_box(self) -> QGroupBox:
        self.repeat_box = QGroupBox(self.tr("This customer's tickets (last 90 days)"))
        self.repeat_note = QLabel()
        self.repeat_note.setObjectName("repeatNote")
        self.repeat_note.setWordWrap(True)
        self.repeat_table = QTableWidget(0, 5)
        self.repeat_table.setHorizontalHeaderLabels(
            [self.tr("Number"), self.tr("Date"), self.tr("Kind"), self.tr("Status"),
             self.tr("What happened")])
        self.repeat_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.repeat_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.repeat_table.verticalHeader().setVisible(False)
        header = self.repeat_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        row_height = self.repeat_table.verticalHeader().defaultSectionSize()
        self.repeat_table.setFixedHeight(header.sizeHint().height() + row_height * 3 + 4)
        layout = QVBoxLayout(self.repeat_box)
        layout.addWidget(self.repeat_note)
        layout.addWidget(self.repeat_table)
        return self.repeat_box

    def _build_material_box(self) -> QGroupBox:
        self.material_box = QGroupBox(self.tr("Materials (one-time notification)"))
        business = self._combo([(self.tr("(not chosen)"), "")]
                               + [(b.shown_name(), b.code) for b in materials.businesses()])
        cell = self._field("business_type", self.tr("&Business"), business)
        self.material_list = QListWidget()
        self.material_list.setObjectName("materialList")
        self.material_list.setMinimumHeight(110)
        hint = QLabel(self.tr("Tick every material the applicant lacks (Space ticks)."))
        hint.setWordWrap(True)
        layout = QGridLayout(self.material_box)
        self._align_label("business_type")
        layout.addWidget(self.labels["business_type"], 0, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(cell, 0, 1)
        layout.addWidget(hint, 1, 0, 1, 2)
        layout.addWidget(self.material_list, 2, 0, 1, 2)
        layout.setColumnStretch(1, 1)
        return self.material_box

    def _build_readback_box(self) -> QGroupBox:
        self.readback_box = QGroupBox(self.tr("Read back to the customer"))
        self.readback_box.setObjectName("readback")
        self.readback_text = QLabel()
        self.readback_text.setObjectName("readbackText")
        self.readback_text.setTextFormat(Qt.TextFormat.PlainText)
        self.readback_text.setWordWrap(True)
        font = self.readback_text.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.readback_text.setFont(font)
        self.confirm_check = QCheckBox(self.tr("Customer con&firmed"))
        self.confirm_check.setObjectName("customerConfirmed")
        self.errors["confirmed"] = FieldError()
        hint = QLabel(self.tr("Space ticks; Ctrl+S saves. Changing any field hides this."))
        hint.setWordWrap(True)
        layout = QVBoxLayout(self.readback_box)
        layout.addWidget(self.readback_text)
        layout.addWidget(self.confirm_check)
        layout.addWidget(self.errors["confirmed"])
        layout.addWidget(hint)
        self.readback_box.setVisible(False)
        return self.readback_box

    def _build_phrase_panel(self) -> PhrasePanel:
        """Phrases at hand (Alt+1..9 into the text being typed) and the vague-promise warning."""
        f = self.fields
        self.phrase_panel = PhrasePanel("intake", self, [f["content"], f["demand"],
                                                         f["evidence_note"]])
        self.phrase_panel.watch({"content": f["content"], "demand": f["demand"]}, "intake")
        f["emotional_state"].currentIndexChanged.connect(
            lambda _i: self.phrase_panel.set_emotion(f["emotional_state"].currentData()))
        return self.phrase_panel

    def _build_buttons(self) -> QHBoxLayout:
        self.keys_hint = QLabel(self.tr(
            "Enter: next field · Tab or Ctrl+Enter: leave a text box · Ctrl+S: read back, "
            "then save · Esc: clear"))
        self.keys_hint.setWordWrap(True)
        self.clear_button = QPushButton(self.tr("Clear (Esc)"))
        self.clear_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.clear_button.clicked.connect(self.ask_clear)
        self.save_button = QPushButton()
        self.save_button.setObjectName("saveIntake")
        self.save_button.clicked.connect(self.save)
        row = QHBoxLayout()
        row.addWidget(self.keys_hint, 1)
        row.addWidget(self.clear_button)
        row.addWidget(self.save_button)
        return row

    def _tab_chain(self) -> list[QWidget]:
        f = self.fields
        return [f["kind"], f["channel"], f["category"], f["received_at"], f["hotline_source"],
                f["hotline_number"], f["customer_name"],
                f["phone"], f["address"], f["emotional_state"], f["priority"], f["content"],
                f["demand"], f["evidence_note"], self.agreed_check, f["agreed_due_at"],
                self.hotline_due_check, f["hotline_due_at"], f["callback_window"],
                f["target_kind"], f["target"],
                self.anonymous_check, f["business_type"], self.material_list,
                self.confirm_check, self.save_button]

    def _set_tab_order(self) -> None:
        chain = self._tab_chain()
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    def _connect_edits(self) -> None:
        for key, widget in self.fields.items():
            if isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(lambda _i, k=key: self._edited(k))
            elif isinstance(widget, QLineEdit):
                widget.textChanged.connect(lambda _t, k=key: self._edited(k))
            elif isinstance(widget, QPlainTextEdit):
                widget.textChanged.connect(lambda k=key: self._edited(k))
            elif isinstance(widget, QDateTimeEdit):
                widget.dateTimeChanged.connect(lambda _d, k=key: self._edited(k))
            widget.installEventFilter(self)
        for check in (self.agreed_check, self.anonymous_check, self.confirm_check,
                      self.hotline_due_check):
            check.installEventFilter(self)
        self.material_list.installEventFilter(self)
        self.agreed_check.toggled.connect(lambda _c: self._edited("agreed_due_at"))
        self.agreed_check.toggled.connect(self.fields["agreed_due_at"].setEnabled)
        self.hotline_due_check.toggled.connect(lambda _c: self._edited("hotline_due_at"))
        self.hotline_due_check.toggled.connect(self.fields["hotline_due_at"].setEnabled)
        self.anonymous_check.toggled.connect(lambda _c: self._edited("anonymous"))
        self.material_list.itemChanged.connect(lambda _i: self._edited("missing_materials"))
        self.fields["kind"].currentIndexChanged.connect(self._kind_changed)
        self.fields["channel"].currentIndexChanged.connect(self._channel_changed)
        self.fields["business_type"].currentIndexChanged.connect(self._business_changed)
        self.fields["target_kind"].currentIndexChanged.connect(lambda _i: self._fill_targets())
        self._fill_targets()
        self.fields["phone"].textChanged.connect(lambda _t: self.repeat_timer.start())
        self.fields["phone"].editingFinished.connect(self._phone_left)
        self.confirm_check.toggled.connect(lambda _c: self.errors["confirmed"].clear_error())

    # -- keyboard --------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        """Enter moves on from single-line fields, Ctrl+Enter from multi-line ones; Enter
        ticks the read-back confirmation."""
        if event.type() != QEvent.Type.KeyPress:
            return False
        key_event: QKeyEvent = event  # type: ignore[assignment]
        if key_event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return False
        control = bool(key_event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if watched is self.confirm_check:
            self.confirm_check.toggle()
            return True
        if isinstance(watched, QPlainTextEdit) and not control:
            return False
        if isinstance(watched, QComboBox) and watched.view().isVisible():
            return False
        self.focus_next(watched)  # type: ignore[arg-type]
        return True

    def focus_next(self, current: QWidget) -> None:
        """Focus the next visible, enabled field after ``current`` in tab order."""
        chain = self._tab_chain()
        start = chain.index(current) + 1 if current in chain else 0
        for widget in chain[start:]:
            if (widget.isVisible() and widget.isEnabled()
                    and widget.focusPolicy() != Qt.FocusPolicy.NoFocus):
                widget.setFocus(Qt.FocusReason.TabFocusReason)
                return

    # -- reacting to edits -----------------------------------------------------------------
    def _edited(self, key: str) -> None:
        if self._loading:
            return
        if key in self.errors:
            self.errors[key].clear_error()
        self._hide_readback()
        self.autosave_timer.start()

    def _kind_changed(self) -> None:
        kind = TicketKind(self.fields["kind"].currentData())
        required = required_fields(kind)
        for key, text in self._label_texts.items():
            self.labels[key].setText(text + " *" if key in required else text)
        self.material_box.setVisible(kind.entry.materials)
        for key in ("target_kind", "target"):
            self.labels[key].setVisible(kind.entry.target)
            self.cells[key].setVisible(kind.entry.target)
        self._show_repeat_note()

    def _channel_changed(self) -> None:
        """Walk-ins are received now; a letter or phone call may be entered later with the
        time it came in."""
        edit: QDateTimeEdit = self.fields["received_at"]  # type: ignore[assignment]
        walk_in = self.fields["channel"].currentData() == Channel.WALK_IN.value
        if walk_in and not self._loading:
            self._set_time(edit, now())
        edit.setEnabled(not walk_in)
        edit.setToolTip(self.tr("A walk-in is received now.") if walk_in else
                        self.tr("When the letter, call or transfer came in."))
        # a hotline's work order comes by phone or transfer, never over the counter
        for widget in (self.fields["hotline_source"], self.fields["hotline_number"],
                       self.hotline_due_check):
            widget.setEnabled(not walk_in)
        self.fields["hotline_due_at"].setEnabled(not walk_in
                                                 and self.hotline_due_check.isChecked())

    def _business_changed(self) -> None:
        business = materials.find(self.fields["business_type"].currentData() or "")
        self.material_list.clear()
        for name, text in business.shown_materials() if business else ():
            item = QListWidgetItem(text, self.material_list)
            item.setData(MATERIAL_ROLE, name)       # the Chinese the ticket keeps
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        if self.material_list.count():
            self.material_list.setCurrentRow(0)

    def _phone_left(self) -> None:
        text = self.fields["phone"].text().strip()
        if text:
            try:
                parse_phone(text)
                self.errors["phone"].clear_error()
            except CoreFieldError as exc:
                self.errors["phone"].show_error(exc.message())
        if self.repeat_timer.isActive():
            self.repeat_timer.stop()
            self.check_repeat()

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        """Leaving a field saves the draft at once (a pending autosave is due anyway)."""
        if old is not None and self.autosave_timer.isActive() and self.isAncestorOf(old):
            self.autosave_timer.stop()
            self.save_draft()

    # -- repeat detection ------------------------------------------------------------------
    def check_repeat(self) -> None:
        """Show the earlier tickets (90 days) of the phone typed so far."""
        phone = self.fields["phone"].text().strip()
        rows = tickets.recent_for_phone(self.ctx.actor, phone) if phone else []
        self._repeat_rows = rows
        self.repeat_table.setRowCount(min(len(rows), REPEAT_SHOWN))
        for r, row in enumerate(rows[:REPEAT_SHOWN]):
            words = row["content"].replace("\n", " ")
            cells = (row["number"], row["received_at"].strftime("%Y-%m-%d"),
                     i18n.text("kind." + row["kind"]), i18n.text("status." + row["status"]),
                     words[:FIRST_WORDS] + ("…" if len(words) > FIRST_WORDS else ""))
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setToolTip(row["content"] if column == 4 else value)
                self.repeat_table.setItem(r, column, item)
        self._show_repeat_note()

    def _show_repeat_note(self) -> None:
        rows = getattr(self, "_repeat_rows", [])
        if not self.fields["phone"].text().strip():
            text = self.tr("Type the phone number to see the customer's earlier tickets.")
        elif not rows:
            text = self.tr("No earlier tickets of this phone number in the last 90 days.")
        else:
            text = self.tr("Earlier tickets of this customer in the last 90 days: %1.") \
                .replace("%1", str(len(rows)))
            if TicketKind(self.fields["kind"].currentData()).entry.repeats:
                text += " " + self.tr("A repeat complaint is registered with raised priority "
                                      "(high).")
        self.repeat_note.setText(text)
        self.repeat_note.setStyleSheet("font-weight: bold;" if rows else "")

    # -- form data -------------------------------------------------------------------------
    @staticmethod
    def _set_time(edit: QDateTimeEdit, moment: datetime) -> None:
        edit.setDateTime(QDateTime(_minute(moment)))

    @staticmethod
    def _time(edit: QWidget) -> datetime:
        return _minute(edit.dateTime().toPython())  # type: ignore[attr-defined]

    def _walk_in(self) -> bool:
        return self.fields["channel"].currentData() == Channel.WALK_IN.value

    def _missing_materials(self) -> list[str]:
        items = (self.material_list.item(i) for i in range(self.material_list.count()))
        return [item.data(MATERIAL_ROLE) for item in items
                if item.checkState() == Qt.CheckState.Checked]

    def form_state(self) -> dict[str, Any]:
        """Everything typed, as JSON-able values (the draft)."""
        f = self.fields
        state: dict[str, Any] = {key: f[key].currentData() for key in (
            "kind", "channel", "category", "emotional_state", "priority", "business_type",
            "callback_window", "target_kind", "hotline_source")}
        state["target"] = f["target"].currentText()
        state.update({key: f[key].text() for key in ("customer_name", "phone", "address",
                                                     "hotline_number")})
        state.update({key: f[key].toPlainText() for key in ("content", "demand",
                                                            "evidence_note")})
        state["received_at"] = "" if self._walk_in() else \
            self._time(f["received_at"]).isoformat()
        state["agreed"] = self.agreed_check.isChecked()
        state["agreed_due_at"] = self._time(f["agreed_due_at"]).isoformat()
        state["hotline_due"] = self.hotline_due_check.isChecked()
        state["hotline_due_at"] = self._time(f["hotline_due_at"]).isoformat()
        state["anonymous"] = self.anonymous_check.isChecked()
        state["missing_materials"] = self._missing_materials()
        return state

    def is_blank(self) -> bool:
        """Nothing typed or ticked yet (the defaults do not count)."""
        state = self.form_state()
        return not (any(state[key].strip() for key in TEXT_KEYS) or state["category"]
                    or state["business_type"] or state["agreed"] or state["anonymous"]
                    or state["hotline_number"].strip())

    def intake_data(self) -> dict[str, Any]:
        """The form as ``tickets.register`` takes it."""
        state = self.form_state()
        data = {key: state[key] for key in ("kind", "channel", "customer_name", "phone",
                                            "address", "content", "demand", "emotional_state",
                                            "evidence_note", "anonymous", "priority")}
        data["category"] = state["category"] or None
        data["agreed_due_at"] = self._time(self.fields["agreed_due_at"]) \
            if state["agreed"] else None
        if TicketKind(state["kind"]).entry.materials:
            data["business_type"] = state["business_type"]
            data["missing_materials"] = state["missing_materials"]
        data["confirmed_by_customer"] = self.confirm_check.isChecked()
        data["callback_window"] = state["callback_window"]
        if not self._walk_in():
            data.update(hotline_source=state["hotline_source"] or "",
                        hotline_number=state["hotline_number"],
                        hotline_due_at=self._time(self.fields["hotline_due_at"])
                        if state["hotline_due"] else None)
        if TicketKind(state["kind"]).entry.target and state["target_kind"]:
            data.update(self._target_data(state["target_kind"]))
        return data

    def _target_combo(self) -> QComboBox:
        combo = QComboBox()
        combo.setEditable(True)         # a third party is typed; staff and departments listed
        return combo

    def _fill_targets(self) -> None:
        """The target list for the chosen kind: staff, departments, or none (typed)."""
        combo, kind = self.fields["target"], self.fields["target_kind"].currentData()
        typed = combo.currentText()
        combo.clear()
        if kind == TargetKind.STAFF.value:
            for person in catalog.handlers():
                combo.addItem(person.name, person.code)
        elif kind == TargetKind.DEPARTMENT.value:
            for dep in catalog.departments():
                combo.addItem(dep.name, dep.code)
        combo.setEnabled(bool(kind))
        combo.setCurrentIndex(-1)       # nobody chosen until the clerk picks or types
        combo.setEditText(typed if kind == TargetKind.OTHER.value else "")

    def _target_data(self, kind: str) -> dict[str, Any]:
        """The set_target fields of the chosen target (a listed name by its code)."""
        combo = self.fields["target"]
        text = combo.currentText().strip()
        index = combo.findText(text)
        code = combo.itemData(index) if index >= 0 else text
        field = {"staff": "target_staff", "department": "target_department"}.get(kind,
                                                                                 "target_text")
        return {"target_kind": kind, field: text if field == "target_text" else code}

    def received_at(self) -> datetime:
        return _minute(now()) if self._walk_in() else self._time(self.fields["received_at"])

    def load_state(self, state: dict[str, Any]) -> None:
        """Fill the form from a :meth:`form_state` dict (a restored draft)."""
        self._loading = True
        try:
            f = self.fields
            for key in ("kind", "channel", "category", "emotional_state", "priority",
                        "business_type", "callback_window", "target_kind", "hotline_source"):
                index = f[key].findData(state.get(key))
                if index >= 0:
                    f[key].setCurrentIndex(index)
            f["target"].setEditText(str(state.get("target") or ""))
            for key in ("customer_name", "phone", "address", "hotline_number"):
                f[key].setText(str(state.get(key) or ""))
            for key in ("content", "demand", "evidence_note"):
                f[key].setPlainText(str(state.get(key) or ""))
            for key in ("received_at", "agreed_due_at", "hotline_due_at"):
                if state.get(key):
                    try:
                        self._set_time(f[key], datetime.fromisoformat(state[key]))
                    except ValueError:
                        pass
            self.agreed_check.setChecked(bool(state.get("agreed")))
            self.hotline_due_check.setChecked(bool(state.get("hotline_due")))
            self.anonymous_check.setChecked(bool(state.get("anonymous")))
            missing = set(state.get("missing_materials") or [])
            for i in range(self.material_list.count()):
                item = self.material_list.item(i)
                item.setCheckState(Qt.CheckState.Checked if item.data(MATERIAL_ROLE) in missing
                                   else Qt.CheckState.Unchecked)
        finally:
            self._loading = False
        self._sync_dependent()
        self.check_repeat()

    def _sync_dependent(self) -> None:
        self.fields["agreed_due_at"].setEnabled(self.agreed_check.isChecked())
        self._channel_changed()
        self._kind_changed()

    # -- draft -----------------------------------------------------------------------------
    def save_draft(self) -> None:
        """Keep what is typed (durably); a blank form drops the draft."""
        self.autosave_timer.stop()
        try:
            if self.is_blank():
                if self._draft_kept:
                    drafts.discard(self.ctx.actor, DRAFT_FORM)
                    self._draft_kept = False
                return
            drafts.save(self.ctx.actor, DRAFT_FORM, self.form_state())
            self._draft_kept = True
        except HallError as exc:       # e.g. database busy: the next edit tries again
            log.warning("intake draft not saved: %s", exc)

    def pending_changes(self) -> list[str]:
        """An intake being filled in, when the window closes (leaving the page keeps it)."""
        return [] if self.is_blank() else [i18n.text("keys.unsaved_intake")]

    def save_changes(self) -> bool:
        """Keep it as this counter's draft: offered back at the next start."""
        self.save_draft()
        return self._draft_kept

    def discard_changes(self) -> None:
        self.reset()
        drafts.discard(self.ctx.actor, DRAFT_FORM)
        self._draft_kept = False

    def offer_draft(self) -> bool:
        """Offer an unsaved intake of this counter back; True if it was restored."""
        self._draft_offered = True
        saved = drafts.load(self.ctx.actor, DRAFT_FORM)
        if saved is None:
            return False
        if dialogs.confirm(self, self.tr("Restore the unsaved intake from %1?")
                           .replace("%1", saved.updated_at.strftime(TIME_FORMAT)),
                           default_yes=True):
            self.load_state(saved.data)
            self._draft_kept = True
            log.info("intake draft of counter %s restored", self.ctx.actor.counter_code)
            return True
        drafts.discard(self.ctx.actor, DRAFT_FORM)
        return False

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self.arrange_columns(event.size().width())

    def arrange_columns(self, width: int) -> None:
        """Side by side when the page is wide enough for the form and the side boxes at
        their least, else the side boxes under the form (the body scrolls down)."""
        inner = self.body_scroll.widget().layout().contentsMargins()
        need = (self.form_box.minimumSizeHint().width() + self.side.minimumSize().width()
                + self.columns.spacing() + inner.left() + inner.right()
                + self.body_scroll.verticalScrollBar().sizeHint().width())
        direction = (QBoxLayout.Direction.LeftToRight if width >= need
                     else QBoxLayout.Direction.TopToBottom)
        if self.columns.direction() != direction:
            self.columns.setDirection(direction)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        focus = QApplication.focusWidget()
        if focus is None or not self.isAncestorOf(focus):
            self.fields["kind"].setFocus()
        if self._walk_in() and self.is_blank():
            self._loading = True
            self._set_time(self.fields["received_at"], now())
            self._loading = False
        if not self._draft_offered:
            self._draft_offered = True
            QTimer.singleShot(0, self, self.offer_draft)

    # -- clear -----------------------------------------------------------------------------
    def reset(self) -> None:
        """An empty form for the next customer (defaults: complaint, walk-in, now)."""
        self._loading = True
        try:
            for key in ("kind", "channel", "category", "emotional_state", "business_type",
                        "callback_window", "target_kind", "hotline_source"):
                self.fields[key].setCurrentIndex(0)
            self.fields["target"].setEditText("")
            self.fields["priority"].setCurrentIndex(
                self.fields["priority"].findData(int(Priority.NORMAL)))
            for key in TEXT_KEYS:
                self.fields[key].clear()
            moment = now()
            self._set_time(self.fields["received_at"], moment)
            self._set_time(self.fields["agreed_due_at"],
                           (moment + timedelta(days=1)).replace(minute=0))
            self.agreed_check.setChecked(False)
            self.fields["hotline_number"].clear()
            self._set_time(self.fields["hotline_due_at"],
                           (moment + timedelta(days=1)).replace(minute=0))
            self.hotline_due_check.setChecked(False)
            self.anonymous_check.setChecked(False)
        finally:
            self._loading = False
        for label in self.errors.values():
            label.clear_error()
        self._hide_readback()
        self._channel_changed()
        self._business_changed()
        self._sync_dependent()
        self.autosave_timer.stop()
        self.check_repeat()

    def ask_clear(self) -> None:
        """Esc: after asking, clear the form and drop its draft."""
        if self.is_blank():
            return
        if not dialogs.confirm(self, self.tr("Clear this intake? What was typed is lost.")):
            return
        self.reset()
        drafts.discard(self.ctx.actor, DRAFT_FORM)
        self._draft_kept = False
        self.fields["kind"].setFocus()

    # -- validation, read-back, saving -----------------------------------------------------
    def _hide_readback(self) -> None:
        self.readback_box.setVisible(False)
        self.confirm_check.setChecked(False)
        self.errors["confirmed"].clear_error()
        self.save_button.setText(self.tr("Read back (Ctrl+S)"))

    def validate(self) -> bool:
        """Show every field's problem next to it; True when the form may be read back."""
        for label in self.errors.values():
            label.clear_error()
        # the time received goes along so that the core rule checks it and the date order
        data = dict(self.intake_data(), received_at=self.received_at())
        problems: dict[str, str] = {}
        try:
            tickets.check_intake(data)
        except ValidationError as exc:
            problems.update({key: err.message() for key, err in exc.errors.items()})
        try:
            lifecycle.intake_target(data)
        except ValidationError as exc:          # shown by the one target field
            problems.update({key if key == "target_kind" else "target": err.message()
                             for key, err in exc.errors.items()})
        key_of = {id(widget): key for key, widget in self.fields.items()}
        in_tab_order = {key_of[id(w)]: w for w in self._tab_chain() if id(w) in key_of}
        for message in show_field_errors(problems, in_tab_order, self.errors):
            dialogs.warn(self, message)     # a problem of a field this form lacks
        return not problems

    def readback(self) -> str:
        """The summary the clerk reads aloud (``core.readback``)."""
        data = self.intake_data()
        phone = parse_phone(data["phone"]).display if data["phone"].strip() else ""
        promised, problem = promised_reply(data["kind"], self.received_at(),
                                           data["agreed_due_at"])
        target = self.fields["target"].currentText() if data.get("target_kind") else ""
        return readback.text(data, target_name=target, phone_shown=phone, promised=promised,
                             problem=problem)

    def save(self) -> None:
        """Ctrl+S: check, then read back; once the customer confirmed, register."""
        if not self.validate():
            self._hide_readback()
            return
        if not self.readback_box.isVisible():
            self.readback_text.setText(self.readback())
            self.readback_box.setVisible(True)
            self.save_button.setText(self.tr("Save (Ctrl+S)"))
            self.confirm_check.setFocus()
            return
        if not self.confirm_check.isChecked():
            self.errors["confirmed"].show_error(self.tr(
                "Read the summary to the customer and tick \"Customer confirmed\" first."))
            self.confirm_check.setFocus()
            return
        self._register()

    def _register(self) -> None:
        received = None if self._walk_in() else self.received_at()
        try:
            ticket = lifecycle.register(self.ctx.actor, self.intake_data(), received_at=received)
        except ValidationError:
            self.validate()
            return
        except HallError as exc:
            dialogs.warn(self, exc.message())
            return
        log.info("ticket %s registered by %s at counter %s", ticket.number,
                 self.ctx.actor.login, self.ctx.actor.counter_code)
        found, promised, provisional = tickets.promise_of(ticket)
        receipt = Receipt(number=ticket.number, kind_label=i18n.text("kind." + ticket.kind),
                          received_at=ticket.received_at, promised_at=promised,
                          promise_problem=found.problem.message() if found.problem else None,
                          promise_provisional=provisional)
        self.reset()
        drafts.discard(self.ctx.actor, DRAFT_FORM)
        self._draft_kept = False
        self.registered.emit(ticket.number)
        self.show_receipt(receipt)

    def show_receipt(self, receipt: Receipt) -> ReceiptDialog:
        """Show the number for the customer; the form is ready again when it closes."""
        if self.receipt is not None:
            self.receipt.deleteLater()
        self.receipt = ReceiptDialog(receipt, self, actor=self.ctx.actor)
        self.receipt.finished.connect(self._ready_for_next)
        self.receipt.open()
        return self.receipt

    def _ready_for_next(self) -> None:
        self.activateWindow()
        self.fields["kind"].setFocus()
