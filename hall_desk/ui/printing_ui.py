"""Printing and signing where the records are.

- :func:`print_receipt`: the receipt right after intake, in one action (the print dialog on
  this counter's receipt printer and paper, then the printer; the layout follows the paper:
  80 mm on a receipt roll, A5 otherwise).
- :func:`preview_sheet`: one of a ticket's sheets in the :class:`PrintPreviewDialog`.
- :class:`RecordPanel`: the ticket detail's "Print and sign" box: the print menu (with the
  logged print of an anonymous identity for supervisors), the customer's confirmation, the
  supervisor's sealing signature, and the record's version and signatures.
- :func:`verify_printed_file`: the app's "verify a print", the same check as
  ``hall-desk verify-pdf``.

All calls go to :mod:`hall_desk.services.printing` and :mod:`hall_desk.services.records`;
a service's refusal is shown, never raised.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QPageLayout
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from PySide6.QtWidgets import (QFileDialog, QGroupBox, QMenu,
                               QPushButton, QVBoxLayout, QWidget)

from hall_desk import config
from hall_desk.core.auth import may
from hall_desk.core.chain import content_hash
from hall_desk.core.enums import Role
from hall_desk.core.errors import HallError
from hall_desk.core.views import TicketView
from hall_desk.services import records, sheets, tickets
from hall_desk.services.context import Actor
from hall_desk.ui import dialogs, print_preview, signature_pad
from hall_desk.ui.widgets import ButtonFlow, WrapLabel

log = logging.getLogger(__name__)


def _printing():
    """services.printing, imported on first use: it loads reportlab and the PDF builders,
    which the window does not need until something is printed (it keeps start-up short)."""
    from hall_desk.services import printing

    return printing

#: A paper no wider than this (mm) is a receipt roll: the receipt prints in its 80 mm layout.
ROLL_MAX_WIDTH_MM = 90
TIME_FORMAT = "%Y-%m-%d %H:%M"



def sheet_title(kind: str) -> str:
    """A sheet's title in the window's language, from the registry (services.sheets)."""
    return sheets.REGISTRY[kind].title()


def receipt_format_label(fmt: str) -> str:
    return {"a5": QCoreApplication.translate("printing_ui", "A5 receipt"),
            "80mm": QCoreApplication.translate("printing_ui", "80 mm receipt strip")}.get(fmt, fmt)


def _file_name(number: str, kind: str) -> str:
    return f"{number}-{kind}.pdf"


# -- the receipt, in one action --------------------------------------------------------------

def receipt_format_for(printer: QPrinter) -> str:
    """80 mm on a narrow roll, A5 on any ordinary paper."""
    width = printer.pageLayout().fullRect(QPageLayout.Unit.Millimeter).width()
    return "80mm" if 0 < width <= ROLL_MAX_WIDTH_MM else "a5"


def print_receipt(parent: QWidget | None, actor: Actor, number: str,
                  receipt_format: str | None = None) -> bool:
    """Print a ticket's receipt: the system print dialog, then the printer. Without a
    ``receipt_format`` the dialog opens on this counter's receipt printer and paper (this
    PC's config: the 80 mm roll or A5), and the layout follows the paper it ends on.
    True if printed."""
    title = f"{sheet_title('receipt')} {number}"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    follow_paper = receipt_format is None
    if follow_paper:
        local = config.load()
        receipt_format = local.receipt_format
        if local.receipt_printer in QPrinterInfo.availablePrinterNames():
            printer.setPrinterName(local.receipt_printer)
    try:
        loaded = print_preview.LoadedPdf(
            _printing().sheet(actor, number, "receipt", receipt_format=receipt_format))
        print_preview.prepare_printer(printer, loaded.document)
        caption = QCoreApplication.translate("printing_ui", "Print %1").replace("%1", title)
        if not print_preview.choose_printer(parent, printer, caption):
            return False
        if follow_paper and receipt_format_for(printer) != receipt_format:
            loaded = print_preview.LoadedPdf(_printing().sheet(
                actor, number, "receipt", receipt_format=receipt_format_for(printer)))
        pages = print_preview.paint_document(loaded.document, printer)
    except HallError as exc:
        dialogs.warn(parent, exc.message())
        return False
    except (OSError, ValueError) as exc:
        log.warning("printing the receipt of %s failed: %s", number, exc)
        message = QCoreApplication.translate("printing_ui", "Printing failed: %1")
        dialogs.error(parent, message.replace("%1", str(exc)))
        return False
    log.info("%s printed the receipt of %s (%d page)", actor.login, number, pages)
    return True


# -- a sheet in the preview ------------------------------------------------------------------

def preview_sheet(parent: QWidget | None, actor: Actor, ticket: int | str, kind: str, *,
                  reveal: bool = False, receipt_format: str = "a5"
                  ) -> print_preview.PrintPreviewDialog | None:
    """Build a ticket's sheet and open it in the preview (a sheet with several layouts, as
    the receipt's A5 and 80 mm, with them to choose from); None if the service refused (the
    reason is shown)."""
    try:
        number = tickets.ref(ticket).number
        data = _printing().sheet(actor, ticket, kind, reveal=reveal, receipt_format=receipt_format)
    except HallError as exc:
        dialogs.warn(parent, exc.message())
        return None
    title = f"{sheet_title(kind)} {number}"
    variants: dict[str, Callable[[], bytes]] = {}
    layouts = sheets.REGISTRY[kind].layouts
    if len(layouts) > 1:
        variants = {receipt_format_label(f): (lambda f=f: _printing().sheet(
            actor, ticket, kind, receipt_format=f)) for f in layouts}
    return print_preview.show_preview(
        parent, data, title, suggested_name=_file_name(number, kind), variants=variants,
        variant=receipt_format_label(receipt_format) if variants else "")


# -- verifying a print -----------------------------------------------------------------------

def choose_pdf_to_verify(parent: QWidget | None) -> str:
    """Ask for the scanned or saved PDF to check ("" if cancelled); tests replace this."""
    caption = QCoreApplication.translate("printing_ui", "Verify a printed record")
    kinds = QCoreApplication.translate("printing_ui", "PDF files (*.pdf)")
    path, _ = QFileDialog.getOpenFileName(parent, caption, "", kinds)
    return path


def verify_printed_file(parent: QWidget | None, path: str | None = None
                        ) -> records.Verdict | None:
    """Ask for a PDF and say whether it still matches the database, and which version it is
    (the same check as ``hall-desk verify-pdf``). The verdict, or None if none was reached."""
    path = path or choose_pdf_to_verify(parent)
    if not path:
        return None
    title = QCoreApplication.translate("printing_ui", "Verify a printed record")
    try:
        verdict = _printing().verify_file(path)
    except HallError as exc:     # not a readable PDF is an error; no record's hash, a warning
        show = dialogs.error if exc.key in _printing().UNREADABLE else dialogs.warn
        show(parent, exc.message(), title=title)
        return None
    log.info("verified %s: %s", path, verdict.message)
    if verdict.ok:
        dialogs.info(parent, verdict.message, title=title)
    else:
        dialogs.warn(parent, verdict.message, title=title)
    return verdict


# -- the ticket detail's box -----------------------------------------------------------------

class RecordPanel(QGroupBox):
    """Print and sign one ticket's record.

    Signals:
        signed(str): a signature was stored (the message to show); the ticket changed.
        printed(): a sheet was built for printing (it may have stored a new version or logged
            an identity print): the detail reloads.

    Attributes:
        print_button: opens the print menu; sheet_actions: kind -> its menu action;
        reveal_menu: "Print (showing the anonymous identity)" and reveal_actions in it.
        customer_sign_button, supervisor_sign_button: the signatures.
        version_label, signatures_label: the record's state.
        preview: the last preview opened, or None.
    """

    signed = Signal(str)
    printed = Signal()

    def __init__(self, actor: Actor, ticket_id: int, parent: QWidget | None = None, *,
                 ask_reason: Callable[[QWidget], str | None]) -> None:
        super().__init__(self.tr("Print and sign"), parent)
        self.setObjectName("recordPanel")
        self.actor = actor
        self.ticket_id = ticket_id
        self.ask_reason = ask_reason
        self.number = ""
        self.preview: print_preview.PrintPreviewDialog | None = None

        self.print_menu = QMenu(self)
        self.sheet_actions: dict[str, QAction] = {}
        for entry in sheets.ticket_sheets():
            kind = entry.name
            action = self.print_menu.addAction(sheet_title(kind) + "…")
            action.setObjectName(f"print_{kind}")
            action.triggered.connect(lambda _=False, k=kind: self.print_sheet(k))
            action.setVisible(may(actor.role, entry.permission))
            self.sheet_actions[kind] = action
        self.print_menu.addSeparator()
        self.reveal_menu = self.print_menu.addMenu(
            self.tr("Print (showing the anonymous identity)"))
        self.reveal_actions: dict[str, QAction] = {}
        for kind in (s.name for s in sheets.ticket_sheets() if s.reveal):
            action = self.reveal_menu.addAction(sheet_title(kind) + "…")
            action.triggered.connect(lambda _=False, k=kind: self.print_revealed(k))
            self.reveal_actions[kind] = action
        self.print_button = QPushButton(self.tr("P&rint"))
        self.print_button.setObjectName("printMenuButton")
        self.print_button.setMenu(self.print_menu)

        self.customer_sign_button = QPushButton(self.tr("Customer signature…"))
        self.customer_sign_button.setObjectName("customerSign")
        self.customer_sign_button.setToolTip(self.tr(
            "The customer confirms the record: on the signature pad, or on the printed paper"))
        self.customer_sign_button.clicked.connect(self.sign_customer)
        self.supervisor_sign_button = QPushButton(self.tr("Supervisor signature…"))
        self.supervisor_sign_button.setObjectName("supervisorSign")
        self.supervisor_sign_button.clicked.connect(self.sign_supervisor)
        for button in (self.print_button, self.customer_sign_button,
                       self.supervisor_sign_button):
            button.setAutoDefault(False)

        self.version_label = WrapLabel()      # its lines never cut off what is below
        self.version_label.setObjectName("recordVersion")
        self.version_label.setWordWrap(True)
        self.signatures_label = WrapLabel()
        self.signatures_label.setObjectName("recordSignatures")
        self.signatures_label.setWordWrap(True)
        self.signatures_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        row = ButtonFlow(3)
        for button in (self.print_button, self.customer_sign_button,
                       self.supervisor_sign_button):
            row.add(button)
        box = QVBoxLayout(self)
        box.addWidget(row)
        box.addWidget(self.version_label)
        box.addWidget(self.signatures_label)

    # -- state -------------------------------------------------------------------------------
    def may_supervise(self) -> bool:
        """Whether the supervisor's box can be signed here: a supervisor chosen from the list
        signs with her PIN at any counter (the service checks her PIN and role)."""
        return self.actor.role is not Role.SYSTEM and bool(records.signers())

    def refresh(self, info: TicketView) -> None:
        """Show what may be printed and signed now, and the record's version (read only: a
        version is stored when a sheet is printed or signed)."""
        self.number = info.number
        content = info.to_dict()
        for entry in sheets.ticket_sheets():
            shown = entry.available(content) and may(self.actor.role, entry.permission)
            self.sheet_actions[entry.name].setVisible(shown)
            if entry.name in self.reveal_actions:
                self.reveal_actions[entry.name].setVisible(shown)
        self.reveal_menu.menuAction().setVisible(info.anonymous
                                                 and records.may_print_identity(self.actor))
        self.supervisor_sign_button.setVisible(self.may_supervise())
        stored = records.versions(self.ticket_id)
        digest = content_hash(records.full_content(self.ticket_id))
        shown = next((v for v in stored if v.sha256 == digest), None)
        sealed = [v for v in stored if v.sealed]
        if shown is not None:
            text = self.tr("Record: version %1").replace("%1", str(shown.version))
            text += "  " + (self.tr("· signed and sealed") if shown.sealed
                            else self.tr("· not sealed"))
            if shown.addendum_to:
                text += "  " + self.tr("· addendum to the sealed version %1").replace(
                    "%1", str(shown.addendum_to))
        elif stored:
            text = self.tr("Record: changed since version %1; printing or signing makes "
                           "version %2").replace("%1", str(stored[-1].version)).replace(
                "%2", str(stored[-1].version + 1))
            if sealed:
                text += self.tr(" (an addendum to the sealed version %1)").replace(
                    "%1", str(sealed[-1].version))
        else:
            text = self.tr("Record: not printed or signed yet (that makes version 1)")
        self.version_label.setText(text)
        already = shown is not None and shown.sealed
        self.supervisor_sign_button.setEnabled(not already)
        self.supervisor_sign_button.setToolTip(
            self.tr("This version is already signed and sealed") if already else
            self.tr("Sign as supervisor: the version is sealed; later changes become an "
                    "addendum"))
        self.signatures_label.setText("\n".join(self._signature_line(s) for s in
                                                records.signatures(self.ticket_id)))
        self.signatures_label.setVisible(bool(self.signatures_label.text()))

    def _signature_line(self, sig) -> str:
        role = {"customer": self.tr("Customer"), "supervisor": self.tr("Supervisor"),
                "department_head": self.tr("Department head")}.get(sig.role, sig.role)
        parts = [f"✍ {role}: {sig.signer_name}", sig.signed_at.strftime(TIME_FORMAT),
                 self.tr("version %1").replace("%1", str(sig.record_version))]
        if sig.on_paper:
            parts.append(self.tr("signed paper original received"))
        return "  ·  ".join(parts)

    # -- printing ----------------------------------------------------------------------------
    def print_sheet(self, kind: str, *, reveal: bool = False
                    ) -> print_preview.PrintPreviewDialog | None:
        self.preview = preview_sheet(self, self.actor, self.ticket_id, kind, reveal=reveal)
        if self.preview is not None:
            self.printed.emit()
        return self.preview

    def print_revealed(self, kind: str) -> print_preview.PrintPreviewDialog | None:
        """A sheet showing an anonymous customer's identity: asks why first, and logs it."""
        reason = self.ask_reason(self)
        if reason is None:
            return None
        try:
            tickets.reveal_identity(self.actor, self.ticket_id, reason)
        except HallError as exc:
            dialogs.warn(self, exc.message())
            return None
        log.info("%s prints %s of ticket %s with the identity", self.actor.login, kind,
                 self.ticket_id)
        return self.print_sheet(kind, reveal=True)

    # -- signing -----------------------------------------------------------------------------
    def sign_customer(self) -> bool:
        info = tickets.describe(self.ticket_id, self.actor)
        name = "" if info.anonymous else info.customer_name
        values = signature_pad.ask_signature(
            self, self.tr("Customer signature - %1").replace("%1", self.number),
            signer_name=name, customer=True,
            notice=self.tr("The customer confirms that the record read back is correct."))
        return self._sign("customer", values)

    def sign_supervisor(self) -> bool:
        """A supervisor chosen from the list signs with her PIN (checked by the service: a
        wrong PIN is said at the PIN field and nothing is stored)."""
        def store(dialog: signature_pad.SignatureDialog):
            staff_id, pin = dialog.staff_values()
            return records.sign(self.actor, self.ticket_id, role="supervisor",
                                signer_staff=staff_id, pin=pin, image_png=dialog.pad.png_bytes(),
                                on_paper=dialog.paper_check.isChecked())

        row = signature_pad.ask_staff_signature(
            self, self.tr("Supervisor signature - %1").replace("%1", self.number),
            records.signers(), store, signer_id=self.actor.staff_id,
            notice=self.tr("Signing seals this version; later changes become an addendum "
                           "(a new version)."))
        if row is None:
            return False
        log.info("%s collected the supervisor signature of %s on ticket %s, version %s",
                 self.actor.login, row.signer_name, self.ticket_id, row.record_version)
        self.signed.emit(self.tr("Signed: version %1 is sealed.")
                         .replace("%1", str(row.record_version)))
        return True

    def _sign(self, role: str, values: tuple[str, bytes | None, bool] | None) -> bool:
        if values is None:
            return False
        name, png, on_paper = values
        try:
            row = records.sign(self.actor, self.ticket_id, role=role, signer_name=name,
                               image_png=png, on_paper=on_paper)
        except HallError as exc:
            dialogs.warn(self, exc.message())
            return False
        log.info("%s recorded the %s signature of %s on ticket %s, version %s",
                 self.actor.login, role, name, self.ticket_id, row.record_version)
        if role == "customer":
            message = self.tr("Customer signature stored (version %1).")
        else:
            message = self.tr("Signed: version %1 is sealed.")
        self.signed.emit(message.replace("%1", str(row.record_version)))
        return True
