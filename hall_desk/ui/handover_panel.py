"""The shift handover tab (交接班): assemble, notes and sign-out for the outgoing person;
item-by-item review (acknowledge / query), answers, and sign-in for the incoming person;
printing; past handovers by date and person.

Signatures come from :func:`hall_desk.ui.signature_pad.ask_signature` (tests patch it).
"""

from __future__ import annotations

import logging
from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDateEdit, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSplitter,
    QVBoxLayout, QWidget,
)

from hall_desk.core import auth, i18n
from hall_desk.core.enums import HandoverItemState, HandoverState
from hall_desk.core.handover import can_step
from hall_desk.core.errors import HallError
from hall_desk.services import handover, shifts
from hall_desk.services.context import Actor, now
from hall_desk.ui import dialogs, palette, signature_pad
from hall_desk.ui.widgets import (
    ButtonFlow, Fields, FieldError, WrapLabel, cell, scroll_body, table,
)

log = logging.getLogger(__name__)
QUERIED = QColor(palette.ERROR)
PENDING = QColor(palette.DUE_SOON)
DONE = QColor(palette.OK)


class HandoverTab(QWidget):
    """Attributes:
        header: what handover is shown (shift, people, state, counts).
        assemble_button, note_edit, note_button, sign_out_button: the outgoing person's.
        items_table: the items; reply_edit (a query or an answer), ack_button, ack_all_button,
            query_button, answer_button, sign_in_button: the review; ``fields`` its errors.
        print_button: the 交接班记录 sheet.
        from_date, to_date, person_edit, search_button, past_table: past handovers.
    """

    COLUMNS = (
        QT_TRANSLATE_NOOP("HandoverTab", "No."),
        QT_TRANSLATE_NOOP("HandoverTab", "Category"),
        QT_TRANSLATE_NOOP("HandoverTab", "Item"),
        QT_TRANSLATE_NOOP("HandoverTab", "State"),
        QT_TRANSLATE_NOOP("HandoverTab", "Query and answer"),
    )
    PAST_COLUMNS = (
        QT_TRANSLATE_NOOP("HandoverTab", "No."),
        QT_TRANSLATE_NOOP("HandoverTab", "Shift"),
        QT_TRANSLATE_NOOP("HandoverTab", "Start"),
        QT_TRANSLATE_NOOP("HandoverTab", "Outgoing"),
        QT_TRANSLATE_NOOP("HandoverTab", "Incoming"),
        QT_TRANSLATE_NOOP("HandoverTab", "Status"),
        QT_TRANSLATE_NOOP("HandoverTab", "Items"),
    )

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.data: dict | None = None
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self._build_current())
        splitter.addWidget(self._build_past())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll_body(splitter))     # on a low screen both keep their tables
        self.refresh()

    # -- building
    def _build_current(self) -> QWidget:
        box = QGroupBox(self.tr("Handover"))
        layout = QVBoxLayout(box)
        self.header = WrapLabel()       # its lines' height counts in the splitter
        self.header.setObjectName("handoverHeader")
        self.header.setWordWrap(True)
        layout.addWidget(self.header)
        out = QHBoxLayout()
        self.assemble_button = QPushButton(self.tr("&Assemble my shift's handover"))
        self.assemble_button.clicked.connect(self._assemble)
        self.note_edit = QLineEdit()
        self.note_edit.setMaxLength(1000)
        self.note_edit.setPlaceholderText(self.tr("A note for the next shift"))
        self.note_edit.returnPressed.connect(self._add_note)
        self.note_button = QPushButton(self.tr("Add &note"))
        self.note_button.clicked.connect(self._add_note)
        self.sign_out_button = QPushButton(self.tr("Sign &out…"))
        self.sign_out_button.clicked.connect(self._sign_out)
        out.addWidget(self.assemble_button)
        out.addWidget(self.note_edit, 1)
        out.addWidget(self.note_button)
        out.addWidget(self.sign_out_button)
        layout.addLayout(out)
        self.note_error = FieldError()
        layout.addWidget(self.note_error)
        self.items_table = table([self.tr(c) for c in self.COLUMNS], stretch=2)
        self.items_table.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.items_table, 1)
        review = QFormLayout()
        self.reply_edit = QLineEdit()
        self.reply_edit.setMaxLength(1000)
        self.reply_edit.setPlaceholderText(self.tr("Your question about the item, or the answer to a question"))
        self.fields = Fields(self, {"handover_query": self.reply_edit})
        self.fields.errors["handover_answer"] = self.fields.errors["handover_query"]
        self.fields.widgets["handover_answer"] = self.reply_edit
        self.fields.row(review, self.tr("&Question / answer:"), "handover_query")
        layout.addLayout(review)
        buttons = ButtonFlow()      # wraps where the six do not fit in one row
        self.ack_button = QPushButton(self.tr("Ac&knowledge"))
        self.ack_button.clicked.connect(lambda: self._review("acknowledge"))
        self.ack_all_button = QPushButton(self.tr("Acknowledge all &pending"))
        self.ack_all_button.clicked.connect(self._ack_all)
        self.query_button = QPushButton(self.tr("Q&uery"))
        self.query_button.clicked.connect(lambda: self._review("query"))
        self.answer_button = QPushButton(self.tr("Ans&wer"))
        self.answer_button.clicked.connect(lambda: self._review("answer"))
        self.sign_in_button = QPushButton(self.tr("Sign &in (take over)…"))
        self.sign_in_button.clicked.connect(self._sign_in)
        self.print_button = QPushButton(self.tr("P&rint…"))
        self.print_button.clicked.connect(self._print)
        for b in (self.ack_button, self.ack_all_button, self.query_button, self.answer_button,
                  self.sign_in_button, self.print_button):
            buttons.add(b)
        layout.addWidget(buttons)
        return box

    def _build_past(self) -> QWidget:
        box = QGroupBox(self.tr("Past handovers"))
        layout = QVBoxLayout(box)
        bar = QHBoxLayout()
        today = QDate(now().date())
        self.from_date = QDateEdit(today.addDays(-7))
        self.to_date = QDateEdit(today)
        for edit in (self.from_date, self.to_date):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.person_edit = QLineEdit()
        self.person_edit.setPlaceholderText(self.tr("name or login"))
        self.person_edit.returnPressed.connect(self.search)
        self.search_button = QPushButton(self.tr("S&earch"))
        self.search_button.clicked.connect(self.search)
        for label, w in ((self.tr("From:"), self.from_date), (self.tr("To:"), self.to_date),
                         (self.tr("Person:"), self.person_edit)):
            lab = QLabel(label)
            lab.setBuddy(w)
            bar.addWidget(lab)
            bar.addWidget(w)
        bar.addWidget(self.search_button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.past_table = table([self.tr(c) for c in self.PAST_COLUMNS])
        self.past_table.itemDoubleClicked.connect(self._open_past)
        self.past_table.itemActivated.connect(self._open_past)
        layout.addWidget(self.past_table, 1)
        return box

    # -- showing
    def refresh(self) -> None:
        """Show the handover being worked on (or the one opened from the list)."""
        hid = self.data["id"] if self.data else None
        if not self._opened:
            current = handover.current_for(self.actor)
            hid = current.id if current else hid
        self.show_handover(hid)
        self.search()

    _opened = False

    def show_handover(self, handover_id: int | None) -> None:
        keep = self.items_table.currentRow()
        self.data = handover.describe(handover_id) if handover_id else None
        d = self.data
        if d is None:
            slot = shifts.handing_over()
            self.header.setText(self.tr("No handover in progress. %1 hands over next: "
                                        "assemble it at the end of the shift.")
                                .replace("%1", slot.label()))
            self.items_table.setRowCount(0)
            self._update_buttons()
            return
        state = i18n.text(f"handover.state.{d['state']}")
        start = d["shift_start"].replace("T", " ")
        end = d["shift_end"][11:]
        self.header.setText(
            self.tr("No. %1 · %2 %3–%4 · outgoing %5 · incoming %6 · %7 · %8 pending, %9 queried")
            .replace("%1", str(d["id"])).replace("%2", d["shift_name"]).replace("%3", start)
            .replace("%4", end).replace("%5", d["outgoing"] or "—")
            .replace("%6", d["incoming"] or "—").replace("%7", state)
            .replace("%8", str(d["pending"])).replace("%9", str(d["queried"])))
        t = self.items_table
        t.setRowCount(len(d["items"]))
        for row, (item, item_id) in enumerate(zip(d["items"], d["item_ids"])):
            colour = {HandoverItemState.QUERIED: QUERIED, HandoverItemState.PENDING: PENDING}.get(
                HandoverItemState(item["state"]), DONE)
            qa = "\n".join(p for p in (
                self.tr("Q: %1").replace("%1", item["query"]) if item["query"] else "",
                self.tr("A: %1").replace("%1", item["answer"]) if item["answer"] else "") if p)
            values = (item["position"], i18n.text(f"handover.kind.{item['kind']}"), item["text"],
                      i18n.text(f"handover.item.{item['state']}"), qa)
            for col, value in enumerate(values):
                t.setItem(row, col, cell(value, item_id, colour=colour if col == 3 else None))
        t.resizeRowsToContents()
        if 0 <= keep < t.rowCount():
            t.selectRow(keep)
        self._update_buttons()

    def current_item_id(self) -> int | None:
        row = self.items_table.currentRow()
        if self.data and 0 <= row < len(self.data["item_ids"]) and self.items_table.selectedItems():
            return self.data["item_ids"][row]
        return None

    def _update_buttons(self) -> None:
        d = self.data
        state = HandoverState(d["state"]) if d else None
        me = self.actor.name
        draft = state is HandoverState.DRAFT
        review = state is HandoverState.SIGNED_OUT
        outgoing = bool(d) and d["outgoing"] == me
        item = self.current_item_id()
        item_state = d["items"][self.items_table.currentRow()]["state"] if item else None

        def step(action: str) -> bool:
            return item_state is not None and can_step(action, item_state)

        self.assemble_button.setEnabled(state in (None, HandoverState.DRAFT,
                                                  HandoverState.SEALED))
        self.note_edit.setEnabled(draft and outgoing)
        self.note_button.setEnabled(draft and outgoing)
        self.sign_out_button.setEnabled(draft and outgoing)
        reviewer = review and not outgoing
        self.ack_button.setEnabled(bool(reviewer and step("acknowledge")))
        self.ack_all_button.setEnabled(bool(reviewer and d["pending"]))
        self.query_button.setEnabled(bool(reviewer and step("query")))
        may_answer = outgoing or auth.may(self.actor.role, "supervise")
        self.answer_button.setEnabled(bool(review and step("answer") and may_answer))
        self.reply_edit.setEnabled(review)
        self.sign_in_button.setEnabled(bool(reviewer))
        self.print_button.setEnabled(d is not None)

    # -- actions
    def _run(self, action, *, fields: Fields | None = None) -> bool:
        try:
            action()
        except HallError as exc:
            if fields is not None:
                fields.show(exc)
            else:
                dialogs.warn(self, exc.message())
            return False
        return True

    def _assemble(self) -> None:
        result = {}
        if self._run(lambda: result.setdefault("h", handover.assemble(self.actor))):
            self._opened = False
            log.info("handover %s assembled by %s", result["h"].id, self.actor.login)
            self.show_handover(result["h"].id)
            self.search()

    def _add_note(self) -> None:
        if not self.data:
            return
        self.note_error.clear_error()
        try:
            handover.add_note(self.actor, self.data["id"], self.note_edit.text())
        except HallError as exc:
            message = exc.message() if not hasattr(exc, "errors") else \
                "; ".join(e.message() for e in exc.errors.values())
            self.note_error.show_error(message)
            self.note_edit.setFocus()
            return
        self.note_edit.clear()
        self.show_handover(self.data["id"])

    def _signature(self, title: str) -> tuple[str, bytes | None, bool] | None:
        return signature_pad.ask_signature(self, title, signer_name=self.actor.name,
                                           name_editable=False)

    def _sign(self, title: str, sign) -> bool:
        """Ask for the signature and ``sign(actor, id, ...)`` the handover shown; True when
        it is signed. The handover is shown again either way."""
        got = self._signature(title)
        if got is None:
            return False
        name, png, paper = got
        hid = self.data["id"]
        done = self._run(lambda: sign(self.actor, hid, signer_name=name, image_png=png,
                                      on_paper=paper))
        self.show_handover(hid)
        self.search()
        return done

    def _sign_out(self) -> None:
        if self.data and self._sign(self.tr("Outgoing person's signature"), handover.sign_out):
            log.info("handover %s signed out by %s", self.data["id"], self.actor.login)

    def _sign_in(self) -> None:
        if not self.data:
            return
        if self.data["pending"] or self.data["queried"]:
            dialogs.warn(self, i18n.text("handover.error.open_items", pending=self.data["pending"],
                                         queried=self.data["queried"]))
            return
        if self._sign(self.tr("Incoming person's signature"), handover.sign_in):
            log.info("handover %s signed in and sealed by %s", self.data["id"], self.actor.login)
            self._opened = True

    def _review(self, action: str) -> None:
        item = self.current_item_id()
        if item is None:
            return
        self.fields.clear()
        text = self.reply_edit.text()
        call = {"acknowledge": lambda: handover.acknowledge(self.actor, item),
                "query": lambda: handover.query(self.actor, item, text),
                "answer": lambda: handover.answer(self.actor, item, text)}[action]
        if self._run(call, fields=self.fields):
            if action != "acknowledge":
                self.reply_edit.clear()
            row = self.items_table.currentRow()
            self.show_handover(self.data["id"])
            if action == "acknowledge" and row + 1 < self.items_table.rowCount():
                self.items_table.selectRow(row + 1)       # on to the next item
            self.search()

    def _ack_all(self) -> None:
        if self.data and self._run(lambda: handover.acknowledge_all(self.actor, self.data["id"])):
            self.show_handover(self.data["id"])

    def _print(self) -> None:
        from hall_desk.ui import print_preview

        if not self.data:
            return
        hid = self.data["id"]
        result = {}
        if self._run(lambda: result.setdefault("pdf", handover.sheet(self.actor, hid))):
            print_preview.show_preview(self, result["pdf"],
                                       self.tr("Handover record no. %1").replace("%1", str(hid)),
                                       suggested_name=f"handover-{hid}.pdf")

    # -- past handovers
    def search(self) -> None:
        rows = handover.search(self.from_date.date().toPython(), self.to_date.date().toPython(),
                               self.person_edit.text())
        self._past = rows
        t = self.past_table
        t.setRowCount(len(rows))
        for r, h in enumerate(rows):
            values = (h["id"], h["shift"], h["shift_start"].replace("T", " "), h["outgoing"],
                      h["incoming"] or "—", i18n.text(f"handover.state.{h['state']}"), h["items"])
            for col, value in enumerate(values):
                t.setItem(r, col, cell(value, h["id"]))

    def _open_past(self, item) -> None:
        hid = item.data(Qt.ItemDataRole.UserRole)
        if hid:
            self._opened = True
            self.show_handover(int(hid))
