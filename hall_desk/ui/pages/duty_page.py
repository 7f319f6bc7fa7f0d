"""The duty page (值班与交接): three tabs — the duty log (值班记录), callbacks (回访) and the
shift handover (交接班, :mod:`hall_desk.ui.handover_panel`).

Every action goes through a service (:mod:`hall_desk.services.duty`,
:mod:`~hall_desk.services.callbacks`, :mod:`~hall_desk.services.handover`), which checks the
role again; a refused or invalid input is shown under its field and what was typed stays.
"""

from __future__ import annotations

import logging
from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, QDateTime, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QButtonGroup, QCheckBox, QComboBox, QDateEdit, QDateTimeEdit,
    QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPlainTextEdit,
    QPushButton, QRadioButton, QScrollArea, QSplitter, QTabWidget,
    QVBoxLayout, QWidget,
)

from hall_desk.core import i18n
from hall_desk.core import phrases as phrase_rules
from hall_desk.core.enums import CallbackMethod, DutyKind, Satisfaction
from hall_desk.core.auth import may
from hall_desk.core.errors import HallError, ValidationError
from hall_desk.services import callbacks, duty, staff
from hall_desk.services.context import Actor, now
from hall_desk.ui import dialogs, palette
from hall_desk.ui.pages.base import PageContext
from hall_desk.ui.phrase_panel import PhrasePanel
from hall_desk.ui.widgets import (
    Fields, FieldError, SideBySide, cell, form_row, scroll_body, show_field_errors, table,
)

log = logging.getLogger(__name__)
OVERDUE = QColor(palette.OVERDUE)
TEXT_HEIGHT = 64


def scrolled(inner: QWidget) -> QScrollArea:
    """``inner`` in a frameless scroll area: a form keeps its fields' sizes on a small
    screen and scrolls instead of squeezing them."""
    return scroll_body(inner)


def guidance_box() -> QPlainTextEdit:
    """A read-only box for a prescribed response: a fixed height of about six lines that
    scrolls, so a long text is never clipped or squeezed by the form."""
    box = QPlainTextEdit()
    box.setReadOnly(True)
    box.setTabChangesFocus(True)
    box.setStyleSheet(f"QPlainTextEdit {{ background: {palette.NOTE_BG}; "
                      f"border: 1px solid {palette.NOTE_BORDER}; }}")
    lines = box.fontMetrics().lineSpacing()
    box.setFixedHeight(lines * 7 + 12)
    return box


def fmt(moment: datetime | None) -> str:
    return moment.strftime("%m-%d %H:%M") if moment else ""


def text_edit(height: int = TEXT_HEIGHT) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setMinimumHeight(height)
    edit.setMaximumHeight(height * 2)
    return edit


def staff_combo(empty: str) -> QComboBox:
    combo = QComboBox()
    combo.addItem(empty, "")
    for person in staff.list_staff():
        combo.addItem(person.name, person.login)
    return combo


# --------------------------------------------------------------------------- duty log


class DutyLogTab(QWidget):
    """值班记录: the entries of a day, a new-entry form with the prescribed response for an
    incident, and follow-ups (handling, closing, correction) of the selected entry.

    Attributes:
        day, open_only, all_versions, entries_table: the list and its filters.
        kind_combo, guidance, at_edit, text_edit, handler_combo, action_edit, save_button:
            the new-entry form; ``new_fields`` its field errors.
        selected_label, follow_text, follow_handler, follow_action, follow_outcome,
        handle_button, close_button, correct_button: the follow-up form of the selected
            entry; ``follow_fields`` its field errors.
    """

    TEXT_LEAST = 160    # px for an entry's text and for its handling, or the forms go below
    COLUMNS = (
        QT_TRANSLATE_NOOP("DutyLogTab", "No."),
        QT_TRANSLATE_NOOP("DutyLogTab", "Time"),
        QT_TRANSLATE_NOOP("DutyLogTab", "Type"),
        QT_TRANSLATE_NOOP("DutyLogTab", "Written by"),
        QT_TRANSLATE_NOOP("DutyLogTab", "Entry"),
        QT_TRANSLATE_NOOP("DutyLogTab", "Handling"),
        QT_TRANSLATE_NOOP("DutyLogTab", "State"),
    )

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self._entries: list[duty.Entry] = []
        # the forms beside the list while the entries' text and handling still get
        # TEXT_LEAST each, else under it (1024×768, 150 %)
        splitter = SideBySide(lambda pane: 0 if pane else self._columns_room())
        splitter.addWidget(self._build_list())
        splitter.addWidget(scrolled(self._build_forms()))
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([700, 520])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._kind_changed()
        self.refresh()

    def _columns_room(self) -> int:
        """The entries' width: the short columns as they are, the two texts at least."""
        header = self.entries_table.horizontalHeader()
        return (sum(header.sectionSize(c) for c in range(header.count()) if c not in (4, 5))
                + 2 * self.TEXT_LEAST + self.entries_table.verticalScrollBar().sizeHint().width())

    # -- list
    def _build_list(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.day = QDateEdit(QDate.currentDate())
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.setDate(QDate(now().date()))
        self.day.dateChanged.connect(self.refresh)
        day_label = QLabel(self.tr("D&ay:"))
        day_label.setBuddy(self.day)
        self.open_only = QCheckBox(self.tr("&Open incidents only (any day)"))
        self.open_only.toggled.connect(self.refresh)
        self.all_versions = QCheckBox(self.tr("Show s&uperseded entries"))
        self.all_versions.setChecked(True)
        self.all_versions.toggled.connect(self.refresh)
        self.print_button = QPushButton(self.tr("&Print the day's log…"))
        self.print_button.clicked.connect(self._print)
        for w in (day_label, self.day):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.print_button)
        layout.addLayout(bar)
        shown = QHBoxLayout()       # a row of its own: the list keeps its width on a small screen
        shown.addWidget(self.open_only)
        shown.addWidget(self.all_versions)
        shown.addStretch(1)
        layout.addLayout(shown)
        # the entry's text and its handling share the width; the short columns fit their words
        self.entries_table = table([self.tr(c) for c in self.COLUMNS], stretch=(4, 5))
        self.entries_table.itemSelectionChanged.connect(self._selected)
        layout.addWidget(self.entries_table, 1)
        return box

    def refresh(self) -> None:
        keep = self.current_entry_id()
        if self.open_only.isChecked():
            self._entries = list(reversed(duty.open_incidents()))
        else:
            day = self.day.date().toPython()
            self._entries = duty.entries(day, day, current_only=not self.all_versions.isChecked())
        t = self.entries_table
        t.setRowCount(len(self._entries))
        for row, e in enumerate(self._entries):
            follow = ""
            if e.corrects:
                follow = self.tr("%1 of no. %2").replace(
                    "%1", i18n.text(f"duty.follow.{e.follow}")).replace("%2", str(e.corrects))
            handling = "; ".join(p for p in (e.handled_by, e.action_taken, e.outcome) if p)
            if e.superseded_by:
                state = self.tr("Superseded by no. %1").replace("%1", str(e.superseded_by))
            elif not e.incident:
                state = ""
            else:
                state = i18n.text("duty.state.closed" if e.closed_at else "duty.state.open")
            colour = (OVERDUE if e.is_open
                      else QColor(palette.SUPERSEDED) if e.superseded_by else None)
            values = (e.id, fmt(e.at), duty.label(e.kind), e.staff,
                      f"[{follow}] {e.text}" if follow else e.text, handling, state)
            for col, value in enumerate(values):
                t.setItem(row, col, cell(value, e.id, colour=colour if col == 6 else None))
        t.resizeRowsToContents()
        if keep is not None:
            for row, e in enumerate(self._entries):
                if e.id == keep:
                    t.selectRow(row)
        self._selected()

    def current_entry(self) -> duty.Entry | None:
        row = self.entries_table.currentRow()
        if 0 <= row < len(self._entries) and self.entries_table.selectedItems():
            return self._entries[row]
        return None

    def current_entry_id(self) -> int | None:
        entry = self.current_entry() if hasattr(self, "_entries") else None
        return entry.id if entry else None

    # -- forms
    def _build_forms(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)

        new = QGroupBox(self.tr("New entry"))
        form = QFormLayout(new)
        self.kind_combo = QComboBox()
        for kind in DutyKind:
            self.kind_combo.addItem(duty.label(kind.value), kind.value)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.guidance = guidance_box()
        self.guidance.setObjectName("dutyGuidance")
        self.at_edit = QDateTimeEdit(QDateTime(now()))
        self.at_edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.at_edit.setCalendarPopup(True)
        self.text_edit = text_edit()
        self.handler_combo = staff_combo(self.tr("(not yet)"))
        self.action_edit = text_edit(48)
        self.new_fields = Fields(self, {"duty_kind": self.kind_combo, "duty_at": self.at_edit,
                                        "duty_text": self.text_edit,
                                        "handled_by": self.handler_combo,
                                        "action_taken": self.action_edit})
        self.new_fields.row(form, self.tr("&Type:"), "duty_kind")
        form.addRow(self.guidance)
        self.new_fields.row(form, self.tr("Wh&en:"), "duty_at")
        self.new_fields.row(form, self.tr("&What happened:"), "duty_text")
        self.new_fields.row(form, self.tr("Handled &by:"), "handled_by")
        self.new_fields.row(form, self.tr("What was done:"), "action_taken")
        self.save_button = QPushButton(self.tr("Sa&ve entry"))
        self.save_button.clicked.connect(self._save_new)
        form.addRow(self.save_button)
        layout.addWidget(new)

        follow = QGroupBox(self.tr("Selected entry: follow up"))
        form = QFormLayout(follow)
        self.selected_label = QLabel(self.tr("Select an entry in the list."))
        self.selected_label.setWordWrap(True)
        form.addRow(self.selected_label)
        self.follow_guidance = guidance_box()
        self.follow_guidance.setObjectName("followGuidance")
        form.addRow(self.follow_guidance)
        self.follow_text = text_edit(48)
        self.follow_handler = staff_combo(self.tr("(unchanged)"))
        self.follow_action = text_edit(48)
        self.follow_outcome = text_edit(48)
        self.follow_fields = Fields(self, {"duty_text": self.follow_text,
                                           "handled_by": self.follow_handler,
                                           "action_taken": self.follow_action,
                                           "duty_outcome": self.follow_outcome})
        self.follow_fields.row(form, self.tr("Entry te&xt:"), "duty_text")
        self.follow_fields.row(form, self.tr("Handled b&y:"), "handled_by")
        self.follow_fields.row(form, self.tr("What was do&ne:"), "action_taken")
        self.follow_fields.row(form, self.tr("Outco&me:"), "duty_outcome")
        buttons = QHBoxLayout()
        self.correct_button = QPushButton(self.tr("Save correct&ion"))
        self.correct_button.setToolTip(self.tr(
            "Entries are never changed: the correction is a new entry pointing at this one"))
        self.correct_button.clicked.connect(self._correct)
        self.handle_button = QPushButton(self.tr("&Record handling"))
        self.handle_button.clicked.connect(lambda: self._follow(close=False))
        self.close_button = QPushButton(self.tr("C&lose incident"))
        self.close_button.clicked.connect(lambda: self._follow(close=True))
        for b in (self.correct_button, self.handle_button, self.close_button):
            buttons.addWidget(b)
        form.addRow(buttons)
        layout.addWidget(follow)
        layout.addStretch(1)
        return box

    def _kind_changed(self) -> None:
        kind = self.kind_combo.currentData()
        text = duty.guidance_text(kind)
        incident = kind != DutyKind.NOTE.value
        self.guidance.setVisible(bool(text))
        if text:
            self.guidance.setPlainText(self.tr("Prescribed response:") + "\n" + text)
        self.handler_combo.setEnabled(incident)
        self.action_edit.setEnabled(incident)

    def _save_new(self) -> None:
        self.new_fields.clear()
        try:
            entry = duty.add(self.actor, self.kind_combo.currentData(),
                             self.text_edit.toPlainText(),
                             at=self.at_edit.dateTime().toPython().replace(second=0, microsecond=0),
                             handled_by=self.handler_combo.currentData() or None,
                             action_taken=self.action_edit.toPlainText())
        except HallError as exc:
            self.new_fields.show(exc)
            return
        log.info("duty-log entry %s written by %s", entry.id, self.actor.login)
        self.text_edit.clear()
        self.action_edit.clear()
        self.handler_combo.setCurrentIndex(0)
        self.at_edit.setDateTime(QDateTime(now()))
        self.day.setDate(QDate(entry.at.date()))
        self.refresh()
        self._select(entry.id)

    def _select(self, entry_id: int) -> None:
        for row, e in enumerate(self._entries):
            if e.id == entry_id:
                self.entries_table.selectRow(row)
                return

    def _selected(self) -> None:
        entry = self.current_entry()
        self.follow_fields.clear()
        live = entry is not None and entry.superseded_by is None
        for w in (self.follow_text, self.correct_button):
            w.setEnabled(live)
        incident = live and entry.incident
        for w in (self.follow_handler, self.follow_action, self.follow_outcome,
                  self.handle_button):
            w.setEnabled(bool(incident))
        self.close_button.setEnabled(bool(incident and entry.closed_at is None))
        if entry is None:
            self.follow_guidance.setVisible(False)
            self.selected_label.setText(self.tr("Select an entry in the list."))
            for w in (self.follow_text, self.follow_action, self.follow_outcome):
                w.clear()
            return
        head = self.tr("No. %1, %2, %3").replace("%1", str(entry.id)).replace(
            "%2", duty.label(entry.kind)).replace("%3", fmt(entry.at))
        if entry.superseded_by:
            head += "\n" + self.tr("Superseded by no. %1: follow up the newest entry.").replace(
                "%1", str(entry.superseded_by))
        guidance = duty.guidance_text(entry.kind)
        self.follow_guidance.setVisible(bool(guidance) and entry.closed_at is None
                                         and not entry.superseded_by)
        self.follow_guidance.setPlainText(self.tr("Prescribed response:") + "\n" + guidance)
        self.selected_label.setText(head)
        self.follow_text.setPlainText(entry.text)
        self.follow_action.setPlainText(entry.action_taken)
        self.follow_outcome.setPlainText(entry.outcome)
        self.follow_handler.setCurrentIndex(0)

    def _follow(self, *, close: bool) -> None:
        entry = self.current_entry()
        if entry is None:
            return
        self.follow_fields.clear()
        handler = self.follow_handler.currentData()
        try:
            new = duty.follow_up(self.actor, entry.id, handled_by=handler or ...,
                                 action_taken=self.follow_action.toPlainText(),
                                 outcome=self.follow_outcome.toPlainText(), close=close)
        except HallError as exc:
            self.follow_fields.show(exc)
            return
        self.refresh()
        self._select(new.id)

    def _correct(self) -> None:
        entry = self.current_entry()
        if entry is None:
            return
        self.follow_fields.clear()
        try:
            new = duty.correct(self.actor, entry.id, self.follow_text.toPlainText())
        except HallError as exc:
            self.follow_fields.show(exc)
            return
        self.refresh()
        self._select(new.id)

    def _print(self) -> None:
        from hall_desk.ui import print_preview

        day = self.day.date().toPython()
        try:
            data = duty.sheet(self.actor, day, day)
        except HallError as exc:
            dialogs.warn(self, exc.message())
            return
        print_preview.show_preview(self, data, self.tr("Duty log %1").replace("%1", day.isoformat()),
                                   suggested_name=f"duty-log-{day.isoformat()}.pdf")


# --------------------------------------------------------------------------- callbacks


class CallbacksTab(QWidget):
    """回访: the callbacks due, overdue first, and the form that records one attempt.

    Attributes:
        calls_table: the worklist. ticket_label: the selected ticket, its contact and reply.
        method_combo, reached_yes, reached_no, satisfaction_combo, words_edit, save_button:
            the record form; ``fields`` its field errors. phrase_panel: phrases at hand.
    """

    COLUMNS = (
        QT_TRANSLATE_NOOP("CallbacksTab", "Ticket"),
        QT_TRANSLATE_NOOP("CallbacksTab", "Customer"),
        QT_TRANSLATE_NOOP("CallbacksTab", "Phone"),
        QT_TRANSLATE_NOOP("CallbacksTab", "Round"),
        QT_TRANSLATE_NOOP("CallbacksTab", "Due at"),
        QT_TRANSLATE_NOOP("CallbacksTab", "State"),
        QT_TRANSLATE_NOOP("CallbacksTab", "Attempts"),
    )

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self._due: list[callbacks.Due] = []
        splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        lay = QVBoxLayout(left)
        lay.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel()
        lay.addWidget(self.summary)
        self.calls_table = table([self.tr(c) for c in self.COLUMNS]
                                 + [i18n.text("field.callback_window")])
        self.calls_table.itemSelectionChanged.connect(self._selected)
        lay.addWidget(self.calls_table, 1)
        splitter.addWidget(left)
        splitter.addWidget(scrolled(self._build_form()))
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([760, 460])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.refresh()

    def _build_form(self) -> QWidget:
        box = QGroupBox(self.tr("Record a callback"))
        form = QFormLayout(box)
        self.ticket_label = QLabel(self.tr("Select a callback in the list."))
        self.ticket_label.setWordWrap(True)
        self.ticket_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.ticket_label)
        self.method_combo = QComboBox()
        for method in CallbackMethod:
            self.method_combo.addItem(i18n.text(f"callback.method.{method.value}"), method.value)
        reached_box = QWidget()
        row = QHBoxLayout(reached_box)
        row.setContentsMargins(0, 0, 0, 0)
        self.reached_yes = QRadioButton(self.tr("&Reached the customer"))
        self.reached_no = QRadioButton(self.tr("&Not reached"))
        self.reached_yes.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.reached_yes)
        group.addButton(self.reached_no)
        row.addWidget(self.reached_yes)
        row.addWidget(self.reached_no)
        row.addStretch(1)
        self.reached_yes.toggled.connect(self._reached_changed)
        self.satisfaction_combo = QComboBox()
        self.satisfaction_combo.addItem(self.tr("(choose)"), "")
        for code in Satisfaction.grades():      # 无法回访 is the supervisor's button below
            self.satisfaction_combo.addItem(i18n.text(f"satisfaction.{code}"), code)
        self.words_edit = text_edit()
        self.words_edit.setPlaceholderText(self.tr(
            "The customer's words; the reason when dissatisfied (the ticket reopens)"))
        self.fields = Fields(self, {"callback_method": self.method_combo,
                                    "reached": reached_box,
                                    "satisfaction": self.satisfaction_combo,
                                    "customer_words": self.words_edit})
        self.fields.row(form, self.tr("&Method:"), "callback_method")
        self.fields.row(form, self.tr("Result:"), "reached")
        self.fields.row(form, self.tr("S&atisfaction:"), "satisfaction")
        self.fields.row(form, self.tr("Customer's &words:"), "customer_words")
        self.save_button = QPushButton(self.tr("Sa&ve callback"))
        self.save_button.clicked.connect(self._save)
        form.addRow(self.save_button)
        # 无法回访: a supervisor closes a flagged callback, the words above being the reason
        self.unreachable_button = QPushButton(i18n.text("action.close_unreachable"))
        self.unreachable_button.setToolTip(i18n.text("callback.unreachable_tip"))
        self.unreachable_button.clicked.connect(self._close_unreachable)
        self.unreachable_button.setVisible(may(self.actor.role, "supervise"))
        form.addRow(self.unreachable_button)
        self.done_label = QLabel()
        self.done_label.setObjectName("callbackDone")
        self.done_label.setWordWrap(True)
        form.addRow(self.done_label)
        outer = QWidget()
        column = QVBoxLayout(outer)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(box)
        # phrases at hand for the call (Alt+1..9 into the words box)
        self.phrase_panel = PhrasePanel("callback", self, [self.words_edit])
        self.satisfaction_combo.currentIndexChanged.connect(self._satisfaction_changed)
        column.addWidget(self.phrase_panel)
        column.addStretch(1)
        return outer

    def _satisfaction_changed(self) -> None:
        """A customer dissatisfied now, or angry or anxious at intake (情绪 愤怒/焦虑): the
        reassurance phrases first."""
        dissatisfied = self.satisfaction_combo.currentData() == Satisfaction.DISSATISFIED.value
        d = self.current()
        self.phrase_panel.set_upset(dissatisfied
                                    or phrase_rules.is_upset(d.emotion if d else None))

    def _reached_changed(self) -> None:
        self.satisfaction_combo.setEnabled(self.reached_yes.isChecked())

    def refresh(self) -> None:
        keep = self.current().ticket_id if self.current() else None
        moment = now()
        self._due = callbacks.worklist(moment)
        t = self.calls_table
        t.setRowCount(len(self._due))
        overdue = 0
        waiting = 0
        for row, d in enumerate(self._due):
            late = d.overdue(moment)
            overdue += late
            state = "✖ " + self.tr("Overdue") if late else self.tr("Due")   # as in the queue
            if d.waiting(moment):          # before the customer's preferred time
                waiting += 1
                state = i18n.text("callback.waiting")
            if d.flagged:
                state += " · " + self.tr("for the supervisor")
            values = (d.number, d.customer, d.phone, d.round, fmt(d.due), state, d.attempts,
                      d.window_words())
            for col, value in enumerate(values):
                t.setItem(row, col, cell(value, d.ticket_id,
                                         colour=OVERDUE if late and col in (4, 5) else None))
        self.summary.setText(self.tr("%1 callbacks due, %2 overdue.")
                             .replace("%1", str(len(self._due) - waiting))
                             .replace("%2", str(overdue))
                             + (" " + i18n.text("callback.waiting_count", n=waiting)
                                if waiting else ""))
        if keep is not None:
            for row, d in enumerate(self._due):
                if d.ticket_id == keep:
                    t.selectRow(row)
        self._selected()

    def current(self) -> callbacks.Due | None:
        if not hasattr(self, "calls_table"):
            return None
        row = self.calls_table.currentRow()
        if 0 <= row < len(self._due) and self.calls_table.selectedItems():
            return self._due[row]
        return None

    def _selected(self) -> None:
        d = self.current()
        self._satisfaction_changed()
        self.save_button.setEnabled(d is not None)
        self.unreachable_button.setEnabled(d is not None and d.flagged)
        if d is None:
            self.ticket_label.setText(self.tr("Select a callback in the list."))
            return
        name, phone = callbacks.contact(self.actor, d.ticket_id)
        lines = [f"{d.number}　{name}　{phone}".strip(),
                 self.tr("Replied %1: %2").replace("%1", fmt(d.replied_at))
                 .replace("%2", d.reply_content or "—")]
        if d.attempts:
            lines.append(self.tr("%1 attempt(s) without reaching the customer, the last at %2.")
                         .replace("%1", str(d.attempts)).replace("%2", fmt(d.last_attempt)))
        self.ticket_label.setText("\n".join(lines))

    def _close_unreachable(self) -> None:
        d = self.current()
        if d is None:
            return
        self.fields.clear()
        self.done_label.clear()
        try:
            callbacks.close_unreachable(self.actor, d.ticket_id, d.version,
                                        self.words_edit.toPlainText())
        except ValidationError as exc:      # the reason is typed in the customer's-words box
            self.fields.show(ValidationError({"customer_words" if key == "reason" else key: err
                                              for key, err in exc.errors.items()}))
            return
        except HallError as exc:
            self.fields.show(exc)
            return
        self.done_label.setText(i18n.text("callback.closed_unreachable", number=d.number))
        log.info("callback of %s closed as unreachable by %s", d.number, self.actor.login)
        self.words_edit.clear()
        self.refresh()

    def _save(self) -> None:
        d = self.current()
        if d is None:
            return
        self.fields.clear()
        self.done_label.clear()
        reached = self.reached_yes.isChecked()
        try:
            callbacks.record(self.actor, d.ticket_id, d.version,
                             method=self.method_combo.currentData(), reached=reached,
                             satisfaction=self.satisfaction_combo.currentData() if reached else "",
                             customer_words=self.words_edit.toPlainText())
        except HallError as exc:
            self.fields.show(exc)
            return
        satisfaction = self.satisfaction_combo.currentData()
        if not reached:
            message = self.tr("%1: not reached; a retry is due later.")
        elif satisfaction == Satisfaction.DISSATISFIED.value:
            message = self.tr("%1: dissatisfied; the ticket is reopened for a second round.")
        else:
            message = self.tr("%1: callback recorded.")
        self.done_label.setText(message.replace("%1", d.number))
        log.info("callback of %s recorded by %s (reached=%s)", d.number, self.actor.login, reached)
        self.words_edit.clear()
        self.satisfaction_combo.setCurrentIndex(0)
        self.reached_yes.setChecked(True)
        self.refresh()


# --------------------------------------------------------------------------- the page


class DutyPage(QWidget):
    """Attributes:
        tabs: the tab widget; log_tab, callbacks_tab, handover_tab: the three tabs.
    """

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from hall_desk.ui.handover_panel import HandoverTab

        self.ctx = ctx
        self.tabs = QTabWidget()
        self.log_tab = DutyLogTab(ctx.actor)
        self.callbacks_tab = CallbacksTab(ctx.actor)
        self.handover_tab = HandoverTab(ctx.actor)
        self.tabs.addTab(self.log_tab, self.tr("&Duty log"))
        self.tabs.addTab(self.callbacks_tab, self.tr("&Callbacks"))
        self.tabs.addTab(self.handover_tab, self.tr("&Handover"))
        self.tabs.currentChanged.connect(lambda _i: self.refresh())
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

    def refresh(self) -> None:
        """Reload the tab on show (the main window calls this when the page is shown)."""
        current = self.tabs.currentWidget()
        if hasattr(current, "refresh"):
            current.refresh()
