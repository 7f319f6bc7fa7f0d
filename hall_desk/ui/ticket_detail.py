"""One ticket: every field, its deadlines with their states, the history as a timeline, and
the lifecycle actions the person may take now.

The action buttons are exactly :func:`hall_desk.core.lifecycle.allowed_actions` for the
ticket's status and kind and the person's role, those that meet the most urgent open time
limit first (a new complaint offers 转派 before 当场解决, named on the line above); each opens an
:class:`~hall_desk.ui.ticket_actions.ActionForm`. A save carries the version the dialog
loaded; if another counter saved first the service refuses it naming who, the dialog says so
above the form, keeps the form as typed and offers to reload.

An anonymous customer's identity is not shown here even to a supervisor until "Show
identity" is used with a reason, which the service logs.

The "Print and sign" box (:class:`~hall_desk.ui.printing_ui.RecordPanel`) prints the ticket's
sheets through the preview, takes the customer's and the supervisor's signatures, and shows
the record's version and whether it is sealed.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QFileDialog, QGridLayout, QGroupBox, QHBoxLayout, QHeaderView,
    QInputDialog, QLabel, QPlainTextEdit, QPushButton, QScrollArea, QSplitter, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from datetime import datetime

from hall_desk.core import hotline, i18n, lifecycle as rules
from hall_desk.core.auth import may
from hall_desk.core.enums import Role
from hall_desk.core.errors import HallError, StaleVersion, ValidationError
from hall_desk.core.views import DeadlineView, TicketView
from hall_desk.services import agreements, attachments, catalog, lifecycle, materials, tickets
from hall_desk.services.context import Actor
from hall_desk.ui import access, dialogs, palette
from hall_desk.ui.printing_ui import RecordPanel
from hall_desk.ui.ticket_actions import ActionForm
from hall_desk.ui.widgets import (
    ERROR_STYLE, ButtonFlow, SideBySide, WrapLabel, fit_to_screen, frame_focused_cell,
    scroll_body,
)

log = logging.getLogger(__name__)

DEFAULT_SIZE = (1240, 800)
#: Actions with their own controls rather than a button of the action row.
SIDE_ACTIONS = ("note", "attach", "set_target", "link_hotline")
STATE_SIGNS = {"met": "✔", "open": "", "due_soon": "⚠", "overdue": "✖"}
STATE_COLOURS = {"due_soon": (palette.DUE_SOON, palette.DUE_SOON_BG),
                 "overdue": (palette.OVERDUE, palette.OVERDUE_BG)}
OK_STYLE = palette.OK_STYLE


def choose_file(parent: QWidget) -> str:
    """Ask for a file to attach ("" if none); tests replace this."""
    path, _ = QFileDialog.getOpenFileName(
        parent, QCoreApplication.translate("TicketDetailDialog", "Attach a file"), "",
        QCoreApplication.translate("TicketDetailDialog", "Scans and photos (*.pdf *.jpg *.png);;All files (*)"))
    return path


def ask_reason(parent: QWidget) -> str | None:
    """Ask why an anonymous customer's identity is needed (None: cancelled); tests replace
    this."""
    text, ok = QInputDialog.getMultiLineText(
        parent, QCoreApplication.translate("TicketDetailDialog", "Show identity"),
        QCoreApplication.translate("TicketDetailDialog",
                                   "Why do you need the customer's identity? (recorded)"))
    return text if ok else None


def _when(value: str | None) -> str:
    return value.replace("T", " ") if value else ""


def round_text(r: dict[str, Any]) -> str:
    """One ended round in a few lines: cause, plan, 批示, review, reply, callback."""
    coded = lambda prefix, v: i18n.text(f"{prefix}.{v}") if v else ""  # noqa: E731
    word = lambda key: i18n.text(f"detail.round.{key}")  # noqa: E731
    lines = [
        (word("cause"), " ".join(p for p in (coded("cause", r["cause_class"]),
                                             r["cause_analysis"]) if p)),
        (word("solution"), r["solution"]),
        (word("instruction"), r["instruction"] + (f"（{r['approved_by']}）"
                                                   if r["approved_by"] else "")),
        (word("review"), r["review_note"] + (f"（{r['reviewed_by']}）" if r["reviewed_by"] else "")),
        (word("implementation"), r["implementation"]),
        (word("reply"), " ".join(p for p in (coded("reply", r["reply_method"]),
                                             _when(r["replied_at"]), r["reply_content"]) if p)),
        (word("callback"), " ".join(p for p in (coded("satisfaction", r["satisfaction"]),
                                                _when(r["callback_at"])) if p)),
        (word("words"), r["customer_words"]),
    ]
    return "\n".join(f"{k}：{v}" for k, v in lines if v)


def deadline_notes(found: Sequence[DeadlineView]) -> list[str]:
    """One line per deadline that moved off a closed day or is provisional, in the current
    language: "答复客户：原到期日 2026-10-05 为国庆节假日，顺延至 2026-10-08"."""
    zh = i18n.language() == "zh"
    lines = []
    for d in found:
        reason = d.moved_reason if zh else d.moved_reason_en
        if reason:
            lines.append(f"{d.label}{'：' if zh else ': '}{reason}")
        if d.provisional and d.due:
            note = i18n.text("deadline.provisional_note", year=str(d.due)[:4])
            lines.append(f"{d.label}{'：' if zh else ': '}{note}")
    return lines


class TicketDetailDialog(QDialog):
    """A ticket's detail with its lifecycle actions.

    Signals:
        changed(int): the ticket (by id) was saved from here: an action, a note, an attachment
            or a time-limit event. The queue reloads on it.

    Attributes:
        actor: who is working; ticket_id: the ticket shown.
        version: the ticket version the dialog loaded (every save carries it).
        info: :func:`hall_desk.services.tickets.describe` of the ticket as loaded.
        allowed: the lifecycle actions offered now, those meeting ``urgent_rule`` first.
        urgent_rule: the rule code of the most urgent open limit an action here meets (or
            None); urgent_label names it and its action.
        action_buttons: action -> its button.
        form: the open :class:`ActionForm`, or None.
        banner: the line above the form with a refusal (stale version, illegal step) or a
            confirmation; reload_button sits beside it.
        values: field key -> the QLabel showing it.
        deadline_table, history_table: the deadlines and the timeline.
        note_edit, note_button, feedback_button, progress_button, attach_button,
        reveal_button, attach_label: the side actions; hotline_button (关联热线工单) beside
        the number.
        record_panel: print the sheets, sign, the record's version.
    """

    changed = Signal(int)

    def __init__(self, actor: Actor, ticket_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.ticket_id = ticket_id
        self.version = 0
        self.info: TicketView | None = None
        self.closing: dict[str, Any] = {}
        self.allowed: list[str] = []
        self.action_buttons: dict[str, QPushButton] = {}
        self.form: ActionForm | None = None
        self.revealed: dict[str, str] | None = None
        self.values: dict[str, QLabel] = {}
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)

        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        # 关联热线工单 beside the number, no taller than the number's line: the side pane
        # has no height to spare at 1366x768 at 150 % (a button's padding made the row
        # 16 px taller there and cut off the last row of actions)
        self.hotline_button = QPushButton(i18n.text("action.link_hotline") + "…")
        self.hotline_button.setObjectName("action_link_hotline")
        self.hotline_button.setAutoDefault(False)
        self.hotline_button.setMaximumHeight(max(
            self.title.fontMetrics().height(), self.hotline_button.fontMetrics().height() + 6))
        self.hotline_button.clicked.connect(lambda: self.start_action("link_hotline"))
        title_row = QHBoxLayout()
        title_row.addWidget(self.title)
        title_row.addStretch(1)
        title_row.addWidget(self.hotline_button)
        header = QVBoxLayout()
        header.addLayout(title_row)
        header.addWidget(self.subtitle)

        splitter = SideBySide()     # the actions go under the ticket when both do not fit
        splitter.addWidget(self._build_left())
        splitter.addWidget(self._build_right())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([720, 500])
        close = QPushButton(self.tr("Close"))
        close.setAutoDefault(False)
        close.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(scroll_body(splitter), 1)    # 关闭 stays on a small screen
        layout.addLayout(bottom)
        fit_to_screen(self, DEFAULT_SIZE)
        self.load()

    # -- building --------------------------------------------------------------------------
    def _build_left(self) -> QWidget:
        self.fields_box = QWidget()
        self.fields_grid = QGridLayout(self.fields_box)
        self.fields_grid.setColumnStretch(1, 1)
        self.fields_grid.setColumnStretch(3, 1)
        self.fields_grid.setHorizontalSpacing(12)
        scroll = scroll_body(self.fields_box)
        scroll.setFrameShape(QScrollArea.Shape.StyledPanel)
        details = QGroupBox(self.tr("Ticket"))
        QVBoxLayout(details).addWidget(scroll)

        self.deadline_table = self._table([self.tr("Time limit"), self.tr("Due"),
                                           self.tr("State"), self.tr("Done at")])
        deadlines = QGroupBox(self.tr("Time limits"))
        self.deadline_problem = QLabel()
        self.deadline_problem.setStyleSheet(ERROR_STYLE)
        self.deadline_problem.setWordWrap(True)
        self.deadline_notes = QLabel()         # moved off a closed day, provisional (暂定)
        self.deadline_notes.setWordWrap(True)
        box = QVBoxLayout(deadlines)
        box.addWidget(self.deadline_table)
        box.addWidget(self.deadline_notes)
        box.addWidget(self.deadline_problem)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(details)
        splitter.addWidget(deadlines)
        splitter.setSizes([430, 230])
        return splitter

    def _build_right(self) -> QWidget:
        actions = QGroupBox(self.tr("Next step"))
        self.buttons_row = ButtonFlow(3)
        self.no_action = WrapLabel(self.tr("Nothing for you to do on this ticket now."))
        self.no_action.setWordWrap(True)
        self.urgent_label = WrapLabel()          # the most urgent limit and its action
        self.urgent_label.setObjectName("urgentAction")
        self.urgent_label.setWordWrap(True)
        self.urgent_label.setVisible(False)
        self.banner = WrapLabel()
        self.banner.setObjectName("ticketBanner")
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)
        self.reload_button = QPushButton(self.tr("&Reload the ticket"))
        self.reload_button.setAutoDefault(False)
        self.reload_button.setVisible(False)
        self.reload_button.clicked.connect(self.load)
        self.form_area = QVBoxLayout()
        box = QVBoxLayout(actions)
        box.addWidget(self.urgent_label)
        box.addWidget(self.buttons_row)
        box.addWidget(self.no_action)
        box.addWidget(self.banner)
        box.addWidget(self.reload_button, 0, Qt.AlignmentFlag.AlignLeft)
        box.addLayout(self.form_area)

        extra = QGroupBox(self.tr("Notes, attachments, time-limit events"))
        self.note_edit = QPlainTextEdit()
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(48)
        self.note_edit.setPlaceholderText(self.tr(
            "Internal note (also the text of a feedback or progress report)"))
        self.note_button = QPushButton(self.tr("Add &note"))
        self.note_button.clicked.connect(self.add_note)
        self.feedback_button = QPushButton(self.tr("First &feedback given"))
        self.feedback_button.clicked.connect(lambda: self.record_event("first_feedback"))
        self.progress_button = QPushButton(self.tr("&Progress reported"))
        self.progress_button.clicked.connect(lambda: self.record_event("progress_report"))
        self.attach_button = QPushButton(self.tr("&Attach a file…"))
        self.attach_button.clicked.connect(self.attach)
        self.reveal_button = QPushButton(self.tr("Show &identity…"))
        self.reveal_button.clicked.connect(self.reveal)
        self.target_button = QPushButton(i18n.text("action.set_target") + "…")
        self.target_button.clicked.connect(lambda: self.start_action("set_target"))
        # the settlement (services.agreements): 协议, compensation paid, 典型案例
        self.agreement_button = QPushButton(i18n.text("agreement.ui.button"))
        self.agreement_button.clicked.connect(lambda: self.settle("agreement"))
        self.payment_button = QPushButton(i18n.text("agreement.ui.payment_button"))
        self.payment_button.clicked.connect(lambda: self.settle("payment"))
        self.typical_button = QPushButton(i18n.text("agreement.ui.typical_button"))
        self.typical_button.clicked.connect(lambda: self.settle("typical"))
        self.attach_label = WrapLabel()
        self.attach_label.setWordWrap(True)
        self.attach_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for button in (self.note_button, self.feedback_button, self.progress_button,
                       self.attach_button, self.reveal_button, self.reload_button,
                       self.target_button, self.agreement_button, self.payment_button,
                       self.typical_button):
            button.setAutoDefault(False)
        side = ButtonFlow(3)        # three a row where there is the room
        for button in (self.note_button, self.feedback_button, self.progress_button,
                       self.attach_button, self.reveal_button, self.target_button,
                       self.agreement_button, self.payment_button, self.typical_button):
            side.add(button)
        extra_box = QVBoxLayout(extra)
        extra_box.addWidget(self.note_edit)
        extra_box.addWidget(side)
        extra_box.addWidget(self.attach_label)

        self.history_table = self._table([self.tr("Time"), self.tr("By"), self.tr("Step"),
                                          self.tr("Note")])
        history = QGroupBox(self.tr("History"))
        QVBoxLayout(history).addWidget(self.history_table)

        self.record_panel = RecordPanel(self.actor, self.ticket_id,
                                        ask_reason=lambda parent: ask_reason(parent))
        self.record_panel.signed.connect(self._after_side_action)
        self.record_panel.printed.connect(self.load)

        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(actions)
        column.addWidget(extra)
        column.addWidget(self.record_panel)
        column.addWidget(history, 1)
        return right

    def _table(self, headers: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().setVisible(False)
        table.setWordWrap(True)
        head = table.horizontalHeader()
        for column in range(len(headers) - 1):
            head.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        head.setStretchLastSection(True)
        return frame_focused_cell(table)

    # -- loading ---------------------------------------------------------------------------
    def load(self) -> None:
        """Read the ticket again: fields, deadlines, history, the actions allowed now and the
        version future saves carry. An open form stays as typed if its action is still
        allowed."""
        ticket = tickets.ref(self.ticket_id)
        self.info = tickets.describe(ticket, self.actor)   # identity only through reveal()
        self.closing = lifecycle.closing_info(ticket)      # rounds, review, 投诉对象, 第N次
        self.version = ticket.version
        self.urgent_rule, self.allowed = lifecycle.urgent_first(
            self.info.kind, self.info.deadlines,
            rules.allowed_actions(ticket.status, ticket.kind, self.actor.role,
                                  review=self.closing["review_required"]))
        self.setWindowTitle(self.tr("Ticket %1").replace("%1", self.info.number))
        self._show_header()
        self._show_fields()
        self._show_deadlines()
        self._show_history()
        self._show_actions()
        self.record_panel.refresh(self.info)
        self.reload_button.setVisible(False)
        if self.form is not None and self.form.action not in self.allowed:
            self.close_form()

    def _show_header(self) -> None:
        info = self.info
        self.title.setText(info.number)
        parts = [i18n.text(f"kind.{info.kind}"), catalog.category_name(info.category),
                 i18n.text(f"status.{info.status}"),
                 self.tr("Priority: %1").replace("%1", i18n.text(f"priority.{info.priority}"))]
        if info.round > 1:
            parts.append(self.tr("Round %1").replace("%1", str(info.round)))
        if info.escalated_at:
            parts.append(self.tr("▲ Escalated"))
        self.subtitle.setText("  ·  ".join(p for p in parts if p))

    def _field_rows(self) -> list[tuple[str, str, bool]]:
        """(label, value, wide) of every field worth showing; results appear once there."""
        info = self.info
        label = lambda key: i18n.text(f"field.{key}")  # noqa: E731
        yes_no = lambda v: self.tr("Yes") if v else self.tr("No")  # noqa: E731
        coded = lambda prefix, v: i18n.text(f"{prefix}.{v}") if v else ""  # noqa: E731
        name, phone, address = info.customer_name, info.phone, info.address
        if self.revealed:
            name, phone, address = (self.revealed["customer_name"], self.revealed["phone"],
                                    self.revealed["address"])
        rows = [
            (label("kind"), coded("kind", info.kind), False),
            (label("channel"), coded("channel", info.channel), False),
            (label("category"), catalog.category_name(info.category), False),
            (self.tr("Business type"), materials.business_shown(info.business_type), False),
            (label("customer_name"), name, False),
            (label("phone"), phone, False),
            (label("address"), address, True),
            (self.tr("Anonymous"), yes_no(info.anonymous), False),
            (self.tr("Emotional state"), coded("emotion", info.emotional_state), False),
            (label("content"), info.content, True),
            (label("demand"), info.demand, True),
            (self.tr("Evidence"), info.evidence_note, True),
            (self.tr("Missing materials"),
             "、".join(map(materials.material_shown, info.missing_materials)), True),
            (self.tr("Confirmed by the customer"), yes_no(info.confirmed_by_customer), False),
            (self.tr("Received"), _when(info.received_at), False),
            # each on a row of its own: in the second column of labels "Hotline limit" would
            # widen the pane past what 1366×768 at 150 % leaves beside the actions
            (label("hotline_number"), f"{hotline.label(info.hotline_source)} {info.hotline_number}"
             if info.hotline_number else "", True),
            (label("hotline_due_at"), _when(info.hotline_due_at), True),
            (self.tr("Counter"), info.counter, False),
            (self.tr("First receiver"), info.first_receiver, False),
            (self.tr("Repeat of"), self._repeat_text(), False),
            (i18n.text("detail.target"), (i18n.text(f"target.{self.closing['target_kind']}")
                                          + "：" + self.closing["target"])
             if self.closing.get("target") else "", False),
            (self.tr("Agreed time"), _when(info.agreed_due_at), False),
            (label("callback_window"), i18n.text(f"callback.window.{info.callback_window}")
             if info.callback_window != "any" else "", False),
            (self.tr("Escalated at"), _when(info.escalated_at), False),
            (self.tr("Settled on the spot"), yes_no(True) if info.settled_on_spot else "", False),
            (self.tr("Valid"), "" if info.valid is None else yes_no(info.valid), False),
            (label("reason"), info.validity_reason, True),
            (label("basis"), info.refusal_basis or "", True),
            (label("department"), catalog.department_name(info.department), False),
            (label("handler_a"), info.handler_a, False),
            (label("handler_b"), info.handler_b, False),
            (label("cause_class"), coded("cause", info.cause_class), False),
            (label("cause_analysis"), info.cause_analysis, True),
            (label("solution"), info.solution, True),
            (label("compensation_amount"), info.compensation_amount or "",
             False),
            (label("compensation_method"),
             info.compensation_method, False),
            (label("compensation_due"),
             _when(info.compensation_due), False),
            (label("instruction"), info.instruction, True),
            (self.tr("Approved by"), info.approved_by, False),
            (label("implementation"), info.implementation, True),
            (i18n.text("detail.reviewed_by"), self.closing.get("reviewed_by", ""), False),
            (label("review_note"), self.closing.get("review_note", ""), True),
            (label("reply_method"), coded("reply", info.reply_method),
             False),
            (self.tr("Replied at"), _when(info.replied_at), False),
            (label("reply_content"), info.reply_content, True),
            (label("satisfaction"),          # this round's (an earlier one's is with it)
             coded("satisfaction", (self.closing.get("rounds") or [{}])[-1].get(
                 "satisfaction", info.satisfaction)), False),
            (self.tr("Archived at"), _when(info.archived_at), False),
            (label("summary"), info.summary, True),
        ]
        rows += self._settlement_rows()
        always = 7     # the customer's identity rows are shown even when empty
        rounds = self.closing.get("rounds") or []
        keep = set(range(always))
        if len(rounds) > 1:    # the ended rounds first, each on its own; then this round's
            at = next(i for i, r in enumerate(rows) if r[0] == label("cause_class"))
            rows[at:at] = [(i18n.text("detail.round_ended", n=r["round"]), round_text(r), True)
                           for r in rounds[:-1]]
            current = (i18n.text("detail.round", n=rounds[-1]["round"]),
                       i18n.text(f"status.{info.status}"), True)
            rows.insert(at + len(rounds) - 1, current)
        return [r for i, r in enumerate(rows) if r[1] or i in keep]

    def _settlement_rows(self) -> list[tuple[str, str, bool]]:
        """The agreement, the payments and the typical-case mark (services.agreements)."""
        t = i18n.text
        rows = []
        agreement = agreements.agreement_of(self.ticket_id)
        if agreement:
            money = "；".join(p for p in (
                f"{t('field.compensation_amount')} {agreement['amount']}"
                if agreement.get("amount") else "", agreement.get("method") or "",
                _when(agreement.get("due")) if agreement.get("due") else "") if p)
            rows.append((t("detail.agreement"), "\n".join(p for p in (
                t(f"agreement.kind.{agreement['kind']}") + "：" + agreement["terms"],
                agreement.get("customer_undertakes", ""), agreement.get("hall_undertakes", ""),
                money) if p), True))
        paid = agreements.payments_of(self.ticket_id)
        if paid:
            rows.append((t("detail.payments"), "\n".join(
                f"{p['paid_on'][:10]} {p['amount']} {p['method']} {p['paid_by']} {p['voucher']}"
                .strip() for p in paid), True))
        typical = agreements.typical_of(self.ticket_id)
        if typical:
            rows.append((t("detail.typical"), f"{typical['title']}：{typical['lesson']}", True))
        return rows

    def _repeat_text(self) -> str:
        """第N次（前案 number）; an anonymous ticket's link as the service hides it, no count."""
        info = self.info
        if not info.repeat_of:
            return ""
        if (info.anonymous and not self.revealed) \
                or info.repeat_of == i18n.text("ticket.link_hidden"):
            return info.repeat_of
        return i18n.text("detail.repeat", n=self.closing.get("repeat_n") or 2,
                         number=info.repeat_of)

    def _show_fields(self) -> None:
        while self.fields_grid.count():
            item = self.fields_grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.values = {}
        row, col = 0, 0
        for label, value, wide in self._field_rows():
            if wide and col:
                row, col = row + 1, 0
            name = QLabel(label + ":")
            name.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            name.setStyleSheet(palette.LABEL_STYLE)
            shown = QLabel(value or "—")
            shown.setWordWrap(True)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            shown.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            self.values[label] = shown
            self.fields_grid.addWidget(name, row, col)
            self.fields_grid.addWidget(shown, row, col + 1, 1, 3 if wide else 1)
            if wide or col:
                row, col = row + 1, 0
            else:
                col = 2
        self.fields_grid.setRowStretch(row + 1, 1)

    def _show_deadlines(self) -> None:
        found = self.info.deadlines
        table = self.deadline_table
        table.setRowCount(len(found))
        for r, d in enumerate(found):
            state = d.state.value
            words = i18n.text(f"deadline.state.{state}")
            if state == "met" and d.met_at and d.due:
                words = rules.met_late_words(datetime.fromisoformat(d.due),
                                             datetime.fromisoformat(d.met_at)) or words
            sign = STATE_SIGNS.get(state, "")
            agreed = "  " + self.tr("(agreed with the customer)") if d.agreed else ""
            if d.provisional:
                agreed += "  " + i18n.text("deadline.provisional")
            cells = [d.label, _when(d.due) + agreed, f"{sign} {words}".strip(),
                     _when(d.met_at)]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if state in STATE_COLOURS and c == 2:
                    fg, bg = STATE_COLOURS[state]
                    item.setForeground(QBrush(QColor(fg)))
                    item.setBackground(QBrush(QColor(bg)))
                table.setItem(r, c, item)
        table.resizeRowsToContents()
        self.deadline_notes.setText("\n".join(deadline_notes(found)))
        self.deadline_notes.setVisible(bool(self.deadline_notes.text()))
        problem = self.info.deadline_problem
        self.deadline_problem.setText(problem or "")
        self.deadline_problem.setVisible(bool(problem))

    def step_label(self, action: str) -> str:
        """People's words for a history step."""
        own = {"created": self.tr("Registered"), "escalated": self.tr("Escalated"),
               "first_feedback": self.tr("First feedback to the customer"),
               "progress_report": self.tr("Progress report"), "updated": self.tr("Changed")}
        if action in own:
            return own[action]
        key = f"action.{action}"
        return i18n.text(key) if i18n.has(key) else action

    def _show_history(self) -> None:
        events = self.info.history
        table = self.history_table
        table.setRowCount(len(events))
        for r, e in enumerate(events):
            for c, text in enumerate((_when(e.at), e.actor, self.step_label(e.action),
                                      e.note)):
                table.setItem(r, c, QTableWidgetItem(text))
        table.resizeRowsToContents()
        table.scrollToBottom()

    def _show_actions(self) -> None:
        for button in self.action_buttons.values():
            self.buttons_row.remove(button)
            button.deleteLater()
        self.action_buttons = {}
        offered = [a for a in self.allowed if a not in SIDE_ACTIONS]
        for action in offered:
            button = QPushButton(i18n.text(f"action.{action}"))
            button.setObjectName(f"action_{action}")
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, a=action: self.start_action(a))
            self.action_buttons[action] = button
            self.buttons_row.add(button)
            button.show()
        self.no_action.setVisible(not offered)
        self._show_urgent(offered)
        may_note = "note" in self.allowed
        for widget in (self.note_edit, self.note_button, self.feedback_button,
                       self.progress_button):
            widget.setEnabled(may_note)
        self.attach_button.setEnabled("attach" in self.allowed)
        self.target_button.setVisible("set_target" in self.allowed)
        self.hotline_button.setVisible("link_hotline" in self.allowed)
        self.reveal_button.setVisible(bool(self.info.anonymous)
                                      and may(self.actor.role, "view_identity")
                                      and self.actor.role is not Role.SYSTEM)
        self.reveal_button.setEnabled(self.revealed is None)
        self._show_settlement()

    def _show_urgent(self, offered: list[str]) -> None:
        """Name the most urgent open limit and the action first offered for it (in bold)."""
        first = offered[0] if offered and self.urgent_rule else None
        if first is not None:
            limit = next(d for d in self.info.deadlines if d.rule == self.urgent_rule)
            self.urgent_label.setText(i18n.text("detail.urgent", limit=limit.label,
                                                action=i18n.text(f"action.{first}")))
            font = self.action_buttons[first].font()
            font.setBold(True)
            self.action_buttons[first].setFont(font)
        self.urgent_label.setVisible(first is not None)

    def _show_settlement(self) -> None:
        """协议 on a complaint being handled, its payment once money is agreed, 典型案例 on an
        archived case for a supervisor (the services check again)."""
        status, handling = self.info.status, may(self.actor.role, "update_ticket")
        self.agreement_button.setVisible(
            handling and self.info.kind == "complaint"
            and status not in ("registered", "archived"))
        self.payment_button.setVisible(handling and agreements.payment_owed(self.ticket_id))
        self.typical_button.setVisible(status == "archived" and may(self.actor.role, "supervise"))

    def settle(self, which: str) -> QDialog:
        """Open the agreement, payment or typical-case dialog; reload when saved."""
        from hall_desk.ui.agreement_dialog import AgreementDialog, PaymentDialog, TypicalDialog

        kind = {"agreement": AgreementDialog, "payment": PaymentDialog,
                "typical": TypicalDialog}[which]
        dialog = kind(self.actor, self.ticket_id, self)
        dialog.accepted.connect(lambda: self._after_side_action(
            i18n.text("agreement.ui.saved", what=dialog.windowTitle())))
        dialog.open()
        return dialog

    # -- the action form -------------------------------------------------------------------
    def start_action(self, action: str) -> ActionForm:
        """Open the form of ``action`` (replacing another open form)."""
        self.close_form()
        self.hide_banner()
        ticket_dep = None
        if action == "assign":
            ticket_dep = tickets.ref(self.ticket_id).department_id
        hint = ""
        if action == "assign" and self.closing.get("target_kind") == "staff":
            hint = i18n.text("detail.target_hint", name=self.closing["target"])
        self.form = ActionForm(action, department_id=ticket_dep, hint=hint,
                               emotion=self.info.emotional_state if self.info else None)
        if action == "link_hotline" and self.info is not None:     # a relink edits the link
            due = self.info.hotline_due_at
            self.form.fill({"hotline_source": self.info.hotline_source,
                            "hotline_number": self.info.hotline_number,
                            "hotline_due_at": datetime.fromisoformat(due) if due else None})
        self.form_title = QLabel("<b>%s</b>" % i18n.text(f"action.{action}"))
        self.form_area.addWidget(self.form_title)
        self.form_area.addWidget(self.form)
        self.form_title.show()         # a layout shows new children only later
        self.form.show()
        access.name_controls(self.form)     # built after the window appeared
        self.form.submitted.connect(self.save_action)
        self.form.cancelled.connect(self.close_form)
        for name, button in self.action_buttons.items():
            button.setDown(name == action)
        self.form.focus_first()
        return self.form

    def close_form(self) -> None:
        if self.form is None:
            return
        for widget in (self.form_title, self.form):
            self.form_area.removeWidget(widget)
            widget.deleteLater()
        self.form = None
        for button in self.action_buttons.values():
            button.setDown(False)

    def save_action(self) -> bool:
        """Save the open form through the lifecycle service; True if saved."""
        form = self.form
        if form is None:
            return False
        form.clear_errors()
        self.hide_banner()
        action = form.action
        try:
            lifecycle.act(self.actor, self.ticket_id, self.version, action, form.data())
        except ValidationError as exc:
            rest = form.show_errors(exc)
            if rest:
                self.show_banner("\n".join(rest))
            return False
        except StaleVersion as exc:
            log.info("save of %s on ticket %s refused: stale version", action, self.ticket_id)
            self.show_banner(exc.message())
            self.reload_button.setVisible(True)
            return False
        except HallError as exc:
            self.show_banner(exc.message())
            return False
        log.info("%s did %s on ticket %s", self.actor.login, action, self.ticket_id)
        self.close_form()
        self.load()
        self.show_banner(self.tr("Saved: %1").replace("%1", i18n.text(f"action.{action}")),
                         ok=True)
        self.changed.emit(self.ticket_id)
        return True

    def show_banner(self, text: str, *, ok: bool = False) -> None:
        self.banner.setText(text)
        self.banner.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
        self.banner.setVisible(True)

    def hide_banner(self) -> None:
        self.banner.clear()
        self.banner.setVisible(False)

    # -- side actions ----------------------------------------------------------------------
    def _after_side_action(self, message: str) -> None:
        self.load()
        self.show_banner(message, ok=True)
        self.changed.emit(self.ticket_id)

    def add_note(self) -> None:
        try:
            lifecycle.add_note(self.actor, self.ticket_id, self.note_edit.toPlainText())
        except HallError as exc:
            self.show_banner(exc.message())
            return
        self.note_edit.clear()
        self._after_side_action(self.tr("Note added."))

    def record_event(self, point: str) -> None:
        """Record first feedback to the customer or a progress report (with the note text)."""
        try:
            lifecycle.record_event(self.actor, self.ticket_id, point,
                                   self.note_edit.toPlainText().strip())
        except HallError as exc:
            self.show_banner(exc.message())
            return
        self.note_edit.clear()
        self._after_side_action(self.tr("Recorded: %1").replace("%1", self.step_label(point)))

    def attach(self) -> None:
        path = choose_file(self)
        if not path:
            return
        try:
            row = attachments.add(self.actor, self.ticket_id, path)
        except HallError as exc:
            self.show_banner(exc.message())
            return
        line = (self.tr("%1 (%2 bytes), SHA-256 %3").replace("%1", row.filename)
                .replace("%2", str(row.size)).replace("%3", row.sha256))
        self.attach_label.setText((self.attach_label.text() + "\n" + line).strip())
        self._after_side_action(self.tr("Attachment added."))

    def reveal(self) -> None:
        """Show an anonymous customer's identity after asking why (the service logs it)."""
        reason = ask_reason(self)
        if reason is None:
            return
        try:
            self.revealed = tickets.reveal_identity(self.actor, self.ticket_id, reason)
        except HallError as exc:
            dialogs.warn(self, exc.message())
            return
        log.info("%s viewed the identity on ticket %s", self.actor.login, self.ticket_id)
        self.load()
