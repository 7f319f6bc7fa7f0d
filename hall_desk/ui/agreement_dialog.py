"""The settlement's dialogs, opened from the ticket detail's side actions: the settlement
agreement (协议) with both parties signing on pads, the compensation paid, and marking an
archived case typical (典型案例). Words come from the catalogue (``agreement.ui.*``); the
services (``services.agreements``, ``services.records.sign``) check roles and fields.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QGridLayout, QGroupBox,
    QLabel, QLineEdit, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget,
)

from hall_desk.core import i18n
from hall_desk.core.auth import may
from hall_desk.core.errors import HallError, ValidationError
from hall_desk.services import agreements, records, tickets
from hall_desk.services.context import Actor, now
from hall_desk.ui import palette
from hall_desk.ui.signature_pad import NAME_MAX, SignaturePad
from hall_desk.ui.widgets import fit_to_screen, scroll_body

t = i18n.text


def _text_box(height: int = 54, text: str = "") -> QPlainTextEdit:
    edit = QPlainTextEdit(text)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(height)
    return edit


class _Base(QDialog):
    """A form with an error line; ``fields`` maps a service field name to its widget. Each
    dialog's ``save`` calls its service and closes, or shows what is wrong."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.layout_ = QVBoxLayout(self)
        body = QWidget()
        self.form = QFormLayout(body)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.layout_.addWidget(scroll_body(body), 1)    # the buttons stay below, on screen
        self.fields: dict[str, QWidget] = {}
        self.error = QLabel()
        self.error.setObjectName("agreementError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(palette.text_style(palette.ERROR))
        self.error.setVisible(False)

    def _buttons(self, ok_text: str) -> None:
        self.layout_.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(t("agreement.ui.cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.layout_.addWidget(buttons)
        fit_to_screen(self, self.sizeHint())

    def add(self, name: str, label_key: str, widget: QWidget) -> QWidget:
        self.form.addRow(t(label_key), widget)
        self.fields[name] = widget
        return widget

    def show_error(self, exc: HallError) -> None:
        """Every field's message, naming the field, and the first wrong field focused."""
        if isinstance(exc, ValidationError):
            lines = [e.message() for e in exc.errors.values()]
            for name in exc.errors:
                if name in self.fields:
                    self.fields[name].setFocus()
                    break
        else:
            lines = [exc.message()]
        self.error.setText("\n".join(lines))
        self.error.setVisible(True)


class AgreementDialog(_Base):
    """协议: terms, what each side undertakes, the compensation (the plan's, editable), the
    hall's representative, and two pads: the customer's and the representative's signature.
    Saving records the agreement and both signatures on the record's version (the
    representative's seals it); the 协议书 is then in the ticket's print menu."""

    def __init__(self, actor: Actor, ticket_id: int, parent: QWidget | None = None) -> None:
        super().__init__(t("agreement.ui.title"), parent)
        self.setObjectName("agreementDialog")
        self.actor, self.ticket_id = actor, ticket_id
        info = tickets.describe(ticket_id, actor)
        before = agreements.agreement_of(ticket_id) or {}
        self.kind = QComboBox()
        self.kind.addItem(t("agreement.kind.settlement"), "settlement")
        self.kind.addItem(t("agreement.kind.mediation"), "mediation")
        self.kind.setCurrentIndex(1 if before.get("kind") == "mediation" else 0)
        self.add("kind", "agreement.ui.kind", self.kind)
        self.terms = self.add("agreement_terms", "field.agreement_terms",
                              _text_box(70, before.get("terms", "")))
        self.customer_undertakes = self.add("customer_undertakes", "field.customer_undertakes",
                                            _text_box(44, before.get("customer_undertakes", "")))
        self.hall_undertakes = self.add("hall_undertakes", "field.hall_undertakes",
                                        _text_box(44, before.get("hall_undertakes", "")))
        money = QWidget()
        row = QGridLayout(money)
        row.setContentsMargins(0, 0, 0, 0)
        self.amount = QLineEdit(before.get("amount") or info.compensation_amount or "")
        self.amount.setMaxLength(16)
        self.method = QLineEdit(before.get("method") or info.compensation_method or "")
        self.method.setMaxLength(agreements.PAY_METHOD_MAX)
        self.due = QLineEdit((before.get("due") or info.compensation_due or "")[:10])
        self.due.setPlaceholderText("2026-12-31")
        self.due.setMaxLength(16)
        for i, (key, edit) in enumerate((("field.compensation_amount", self.amount),
                                         ("field.compensation_method", self.method),
                                         ("field.compensation_due", self.due))):
            row.addWidget(QLabel(t(key)), 0, 2 * i)
            row.addWidget(edit, 0, 2 * i + 1)
        self.form.addRow(t("agreement.ui.compensation"), money)
        self.fields.update(compensation_amount=self.amount, compensation_method=self.method,
                           compensation_due=self.due)
        self.representative = self.add("representative", "field.representative",
                                       QLineEdit(before.get("representative") or actor.name))
        self.representative.setMaxLength(NAME_MAX)

        pads = QWidget()
        grid = QGridLayout(pads)
        grid.setContentsMargins(0, 0, 0, 0)
        self.customer_name = QLineEdit(info.customer_name or "")
        self.customer_name.setMaxLength(NAME_MAX)
        self.customer_pad, self.hall_pad = SignaturePad(), SignaturePad()
        for pad in (self.customer_pad, self.hall_pad):
            pad.setMinimumSize(300, 120)
        for col, (title, name, pad) in enumerate((
                ("agreement.ui.customer_signs", self.customer_name, self.customer_pad),
                ("agreement.ui.hall_signs", self.representative, self.hall_pad))):
            box = QGroupBox(t(title))
            inner = QVBoxLayout(box)
            if name is self.customer_name:
                inner.addWidget(name)
            inner.addWidget(pad, 1)
            clear = QPushButton(t("agreement.ui.clear"))
            clear.setAutoDefault(False)
            clear.clicked.connect(pad.clear)
            inner.addWidget(clear, 0, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(box, 0, col)
        if not may(actor.role, "supervise"):    # the representative's signature seals the
            self.hall_pad.setEnabled(False)      # record: a supervisor signs it later
            self.hall_pad.setToolTip(t("agreement.ui.supervisor_signs"))
        self.layout_.addWidget(pads, 1)
        note = QLabel(t("agreement.ui.sign_note"))
        note.setWordWrap(True)
        note.setStyleSheet(palette.MUTED_STYLE)
        self.layout_.addWidget(note)
        self._buttons(t("agreement.ui.save"))
        self.terms.setFocus()

    def data(self) -> dict[str, str]:
        return {"kind": self.kind.currentData(), "terms": self.terms.toPlainText(),
                "customer_undertakes": self.customer_undertakes.toPlainText(),
                "hall_undertakes": self.hall_undertakes.toPlainText(),
                "amount": self.amount.text(), "method": self.method.text(),
                "due": self.due.text(), "representative": self.representative.text()}

    def save(self) -> None:
        """Record the agreement, then each signature drawn (an empty pad: signed in ink on
        the printed 协议书 later, through the record panel)."""
        try:
            agreements.record_agreement(self.actor, self.ticket_id, self.data())
            if not self.customer_pad.is_empty():
                records.sign(self.actor, self.ticket_id, role="customer",
                             signer_name=self.customer_name.text(),
                             image_png=self.customer_pad.png_bytes())
            if not self.hall_pad.is_empty():
                records.sign(self.actor, self.ticket_id, role="supervisor",
                             signer_name=self.representative.text(),
                             image_png=self.hall_pad.png_bytes())
        except HallError as exc:
            self.show_error(exc)
            return
        self.accept()


class PaymentDialog(_Base):
    """The compensation actually paid: amount, method, date, who paid, voucher or note."""

    def __init__(self, actor: Actor, ticket_id: int, parent: QWidget | None = None) -> None:
        super().__init__(t("agreement.ui.payment_title"), parent)
        self.setObjectName("paymentDialog")
        self.actor, self.ticket_id = actor, ticket_id
        agreed = agreements.agreement_of(ticket_id) or {}
        today = now().date()
        self.amount = self.add("paid_amount", "field.paid_amount",
                               QLineEdit(agreed.get("amount") or ""))
        self.method = self.add("paid_method", "field.paid_method",
                               QLineEdit(agreed.get("method") or ""))
        self.paid_on = self.add("paid_on", "field.paid_on", QDateEdit(QDate(today.year, today.month, today.day)))
        self.paid_on.setCalendarPopup(True)
        self.paid_on.setDisplayFormat("yyyy-MM-dd")
        self.paid_by = self.add("paid_by", "field.paid_by", QLineEdit(actor.name))
        self.voucher = self.add("voucher", "field.voucher", QLineEdit())
        for edit, n in ((self.amount, 16), (self.method, agreements.PAY_METHOD_MAX),
                        (self.paid_by, NAME_MAX), (self.voucher, 200)):
            edit.setMaxLength(n)
        self._buttons(t("agreement.ui.save_payment"))

    def save(self) -> None:
        try:
            agreements.record_payment(self.actor, self.ticket_id, {
                "amount": self.amount.text(), "method": self.method.text(),
                "paid_on": date.fromisoformat(self.paid_on.date().toString("yyyy-MM-dd")),
                "paid_by": self.paid_by.text(), "voucher": self.voucher.text()})
        except HallError as exc:
            self.show_error(exc)
            return
        self.accept()


class TypicalDialog(_Base):
    """A supervisor keeps an archived case as typical: a short title and the lesson."""

    def __init__(self, actor: Actor, ticket_id: int, parent: QWidget | None = None) -> None:
        super().__init__(t("action.typical"), parent)
        self.setObjectName("typicalDialog")
        self.actor, self.ticket_id = actor, ticket_id
        before = agreements.typical_of(ticket_id) or {}
        self.title_edit = self.add("case_title", "field.case_title",
                                   QLineEdit(before.get("title", "")))
        self.title_edit.setMaxLength(60)
        self.lesson = self.add("lesson", "field.lesson", _text_box(90, before.get("lesson", "")))
        hint = QLabel(t("agreement.ui.typical_note"))
        hint.setWordWrap(True)
        hint.setStyleSheet(palette.MUTED_STYLE)
        self.layout_.addWidget(hint)
        self._buttons(t("agreement.ui.save"))

    def save(self) -> None:
        try:
            agreements.mark_typical(self.actor, self.ticket_id, self.title_edit.text(),
                                    self.lesson.toPlainText())
        except HallError as exc:
            self.show_error(exc)
            return
        self.accept()
