"""The receipt shown to the customer after intake (受理回执): the ticket number, large, as the
customer's query credential, and the promised reply time.

The receipt prints in one action: "Print receipt" goes straight to the system print dialog
(the layout follows the paper: 80 mm on a receipt roll, A5 otherwise); "More" offers the
preview and a fixed A5 or 80 mm layout. When the new ticket has a time limit the clerk can
meet now (the 5-minute forward of a complaint the counter cannot solve), the dialog names it
and offers its action first (转派… opens the forward form).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFrame, QLabel, QMenu, QPushButton, QVBoxLayout, QWidget,
)

from hall_desk.core import i18n
from hall_desk.core import lifecycle as rules
from hall_desk.core.errors import HallError
from hall_desk.services import lifecycle, tickets
from hall_desk.services.context import Actor
from hall_desk.ui import palette
from hall_desk.ui import printing_ui

NUMBER_POINT_SIZE = 34
TIME_FORMAT = "%Y-%m-%d %H:%M"


@dataclass(frozen=True)
class Receipt:
    """What the receipt shows (and what a printed receipt will show)."""

    number: str
    kind_label: str
    received_at: datetime
    promised_at: datetime | None       # the reply rule's due time, else the earliest one
    promise_problem: str | None = None  # why there is no promised time (e.g. calendar gap)
    promise_provisional: bool = False   # counted over a year not entered yet (暂定)


class ReceiptDialog(QDialog):
    """Shows a new ticket's number large enough to read across the counter.

    Attributes:
        receipt: the :class:`Receipt` shown.
        number_label: the ticket number.
        promise_label: the promised reply time (or why there is none).
        print_button: "Print receipt" (Ctrl+P): the print dialog, then the printer.
        more_button: its menu offers the preview and the A5 or 80 mm layout.
        print_status: says the receipt was printed.
        done_button: closes the dialog (Enter).
        urgent_action: the action meeting the ticket's most urgent open limit (or None);
            urgent_label names the limit, urgent_button opens the action's form.
    """

    def __init__(self, receipt: Receipt, parent: QWidget | None = None, *,
                 actor: Actor | None = None) -> None:
        super().__init__(parent)
        self.receipt = receipt
        self.actor = actor
        self.setWindowTitle(self.tr("Receipt"))
        self.setObjectName("intakeReceipt")

        heading = QLabel(self.tr("Your ticket number"))
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.number_label = QLabel(receipt.number)
        self.number_label.setObjectName("ticketNumber")
        font = self.number_label.font()
        font.setPointSize(NUMBER_POINT_SIZE)
        font.setBold(True)
        self.number_label.setFont(font)
        self.number_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.number_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.number_label.setFrameShape(QFrame.Shape.Box)
        self.number_label.setMargin(16)
        query = QLabel(self.tr("Keep this number: use it to ask about your case."))
        query.setAlignment(Qt.AlignmentFlag.AlignCenter)
        query.setWordWrap(True)

        if receipt.promised_at is not None:
            promise = self.tr("We will reply to you by %1.").replace(
                "%1", receipt.promised_at.strftime(TIME_FORMAT))
            if receipt.promise_provisional:
                promise += "  (" + i18n.text("deadline.provisional") + ")"
        else:
            promise = self.tr("Reply time: %1").replace(
                "%1", receipt.promise_problem or self.tr("to be agreed with you"))
        self.promise_label = QLabel(promise)
        self.promise_label.setObjectName("promisedReply")
        font = self.promise_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.promise_label.setFont(font)
        self.promise_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.promise_label.setWordWrap(True)
        details = QLabel(self.tr("%1 · received %2").replace("%1", receipt.kind_label)
                         .replace("%2", receipt.received_at.strftime(TIME_FORMAT)))
        details.setAlignment(Qt.AlignmentFlag.AlignCenter)

        buttons = QDialogButtonBox()
        self.print_button = QPushButton(self.tr("&Print receipt"))
        self.print_button.setObjectName("printReceipt")
        # Ctrl+P beside the mnemonic: the button's own shortcut would replace Alt+P
        self.print_shortcut = QShortcut(QKeySequence.StandardKey.Print, self)
        self.print_shortcut.setWhatsThis(self.print_button.text())
        self.print_shortcut.activated.connect(self.print_button.animateClick)
        self.print_button.setAutoDefault(False)
        self.print_button.clicked.connect(lambda: self.print_receipt())
        self.more_button = QPushButton(self.tr("&More"))
        self.more_button.setObjectName("printReceiptMore")
        self.more_button.setAutoDefault(False)
        more = QMenu(self.more_button)
        self.preview_action = more.addAction(self.tr("Preview…"), self.preview_receipt)
        self.a5_action = more.addAction(self.tr("Print on A5…"),
                                        lambda: self.print_receipt("a5"))
        self.strip_action = more.addAction(self.tr("Print on the 80 mm receipt printer…"),
                                           lambda: self.print_receipt("80mm"))
        self.more_button.setMenu(more)
        for button in (self.print_button, self.more_button):
            button.setEnabled(actor is not None)
            if actor is None:
                button.setToolTip(self.tr("Printing needs a logged-in person."))
        self.print_status = QLabel()
        self.print_status.setObjectName("receiptPrinted")
        self.print_status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.print_status.setStyleSheet(palette.OK_STYLE)
        self.print_status.setVisible(False)
        self.done_button = QPushButton(self.tr("Done (Enter)"))
        self.done_button.setDefault(True)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.more_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.done_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)

        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.setContentsMargins(32, 24, 32, 20)
        for widget in (heading, self.number_label, query, self.promise_label, details):
            layout.addWidget(widget)
        layout.addSpacing(8)
        self._build_urgent(layout)
        layout.addWidget(self.print_status)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
        self.done_button.setFocus()

    def _build_urgent(self, layout: QVBoxLayout) -> None:
        self.urgent_action: str | None = None
        self.urgent_label = QLabel()
        self.urgent_label.setObjectName("urgentAction")
        self.urgent_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.urgent_label.setWordWrap(True)
        self.urgent_button = QPushButton()
        self.urgent_button.setObjectName("urgentActionButton")
        self.urgent_button.setAutoDefault(False)        # Enter stays 完成
        self.urgent_button.clicked.connect(lambda: self.start_urgent())
        layout.addWidget(self.urgent_label)
        layout.addWidget(self.urgent_button, 0, Qt.AlignmentFlag.AlignCenter)
        self.show_urgent()

    def show_urgent(self) -> None:
        """Name the ticket's most urgent open limit the clerk can meet here, and its action;
        hidden when there is none (a consultation, a limit already met)."""
        self.urgent_action = None
        if self.actor is not None:
            try:
                ref = tickets.ref(self.receipt.number)
                view = tickets.describe(ref, self.actor)
                rule, ordered = lifecycle.urgent_first(view.kind, view.deadlines,
                                                       rules.allowed_actions(
                                                           view.status, view.kind,
                                                           self.actor.role))
            except HallError:
                rule, ordered = None, []
            if rule is not None and ordered:
                self.urgent_action, self._ticket_id = ordered[0], ref.id
                limit = next(d for d in view.deadlines if d.rule == rule)
                words = i18n.text(f"action.{self.urgent_action}")
                self.urgent_label.setText(i18n.text("detail.urgent", limit=limit.label,
                                                    action=words))
                self.urgent_button.setText(i18n.text("receipt.urgent_button", action=words))
        self.urgent_label.setVisible(self.urgent_action is not None)
        self.urgent_button.setVisible(self.urgent_action is not None)

    def start_urgent(self) -> QDialog | None:
        """Open the urgent action's form (e.g. 转派 to a department or the supervisor); when
        it is saved the dialog says so and offers the next urgent action, if any."""
        if self.urgent_action is None:
            return None
        from hall_desk.ui.ticket_actions import ActionDialog

        done = i18n.text(f"action.{self.urgent_action}")
        dialog = ActionDialog(self.actor, self._ticket_id, self.urgent_action, self)

        def saved() -> None:
            self.print_status.setText(i18n.text("receipt.action_done", action=done))
            self.print_status.setVisible(True)
            self.show_urgent()
            self.done_button.setFocus()

        dialog.accepted.connect(saved)
        dialog.finished.connect(lambda _r: self.done_button.setFocus())
        dialog.open()
        return dialog

    def print_receipt(self, receipt_format: str | None = None) -> bool:
        """Print in one action: the print dialog, then the printer (the layout follows the
        paper unless ``receipt_format`` is given). True if printed."""
        if self.actor is None:
            return False
        printed = printing_ui.print_receipt(self, self.actor, self.receipt.number,
                                            receipt_format)
        if printed:
            self.print_status.setText(self.tr("The receipt was printed."))
            self.print_status.setVisible(True)
        self.done_button.setFocus()
        return printed

    def preview_receipt(self) -> None:
        if self.actor is not None:
            printing_ui.preview_sheet(self, self.actor, self.receipt.number, "receipt")
        self.done_button.setFocus()          # Enter is 完成 again, not the menu button
