"""The receipt shown to the customer after intake (受理回执): the ticket number, large, as the
customer's query credential, and the promised reply time.

Printing the receipt belongs to the records issue: :attr:`ReceiptDialog.print_button` is the
hook for it and stays disabled, saying so, until then.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFrame, QLabel, QPushButton, QVBoxLayout, QWidget,
)

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


class ReceiptDialog(QDialog):
    """Shows a new ticket's number large enough to read across the counter.

    Attributes:
        receipt: the :class:`Receipt` shown.
        number_label: the ticket number.
        promise_label: the promised reply time (or why there is none).
        print_button: "Print receipt", disabled until the records issue provides printing.
        done_button: closes the dialog (Enter).
    """

    def __init__(self, receipt: Receipt, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.receipt = receipt
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
        self.print_button = QPushButton(self.tr("Print receipt"))
        self.print_button.setObjectName("printReceipt")
        self.print_button.setEnabled(False)
        self.print_button.setToolTip(self.tr("Printing arrives in the next release."))
        self.print_button.setAutoDefault(False)
        self.done_button = QPushButton(self.tr("Done (Enter)"))
        self.done_button.setDefault(True)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.done_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)

        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.setContentsMargins(32, 24, 32, 20)
        for widget in (heading, self.number_label, query, self.promise_label, details):
            layout.addWidget(widget)
        layout.addSpacing(8)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
        self.done_button.setFocus()
