"""The ticket queue, the main screen of a shift: filters, search, the paged table with live
countdowns, and the ticket detail on Enter or double-click.

A barcode or QR scanner types a receipt's ticket number and Enter into the search box; when
that is one ticket it opens at once. Tickets registered or changed at other counters show up
without a restart: every few seconds the page counts the matching tickets and looks at the
newest one, and reloads (keeping the selection) when either changed. Escalation of tickets
past their 24-hour limit runs on every reload and once a minute.
"""

from __future__ import annotations

import logging
import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QDateEdit, QGridLayout, QHBoxLayout, QHeaderView,
    QLabel, QLineEdit, QPushButton, QTableView, QVBoxLayout, QWidget,
)

from hall_desk.core import i18n, numbering
from hall_desk.core.enums import TicketKind, TicketStatus
from hall_desk.core.errors import HallError
from hall_desk.services import catalog, lifecycle, queue
from hall_desk.services.context import now
from hall_desk.services.queue import QueueFilter
from hall_desk.ui import dialogs
from hall_desk.ui.pages.base import PageContext
from hall_desk.ui.queue_model import (
    CUSTOMER, DEADLINE, HANDLER, NUMBER, SORT_OF_COLUMN, QueueModel,
)
from hall_desk.ui.widgets import frame_focused_cell

if TYPE_CHECKING:   # imported when a detail opens: the print and signature code is not
    from hall_desk.ui.ticket_detail import TicketDetailDialog   # needed to show the queue

log = logging.getLogger(__name__)

POLL_MS = 5_000           # look for changes from other counters
TICK_MS = 30_000          # move the countdowns on
ESCALATE_MS = 60_000      # flag tickets past their 24-hour limit
SEARCH_DELAY_MS = 300     # wait for the typing to pause before searching
FIT_ROWS = 40             # the columns are first fitted to this many rows
OPEN, ALL = "open", "all"
_KEYPAD = Qt.KeyboardModifier.KeypadModifier     # arrows of the number pad count too


class QueuePage(QWidget):
    """The queue page.

    Signals:
        detail_opened(object): a :class:`~hall_desk.ui.ticket_detail.TicketDetailDialog` was
            opened (for the main window and tests).

    Attributes:
        model: the :class:`~hall_desk.ui.queue_model.QueueModel`; view: its table.
        search: the search box (ticket number, phone, name, pinyin initials; scanner input).
        status_combo, kind_combo, category_combo, department_combo: the filters (data: code
            or id; None for all). mine_box, overdue_box, escalated_box: check boxes.
        date_box, date_from, date_to: the received-date range and its switch.
        summary: "N tickets, M shown". poll_timer, tick_timer, escalate_timer: the timers.
        details: open detail dialogs by ticket id.
    """

    detail_opened = Signal(object)

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.details: dict[int, TicketDetailDialog] = {}
        self._seen: tuple[int, int | None] | None = None

        self.model = QueueModel(ctx.actor, self)
        self.model.total_changed.connect(self._show_summary)
        self.model.rowsInserted.connect(lambda *_: self._show_summary(self.model.total))
        self.view = QTableView()
        self.view.setObjectName("queueTable")
        self.view.setAccessibleName(i18n.text("access.queue_table"))
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        frame_focused_cell(self.view)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(
            self.view.fontMetrics().height() + 10)
        head = self.view.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        head.setStretchLastSection(True)
        head.setSortIndicatorShown(True)
        head.setSortIndicator(DEADLINE, Qt.SortOrder.AscendingOrder)
        head.setSectionsClickable(True)
        head.sectionClicked.connect(self._header_clicked)
        # the next time limit, what the queue is for, right after the number: seen on any
        # screen without scrolling sideways (the model's columns keep their order)
        head.moveSection(head.visualIndex(DEADLINE), 1)
        self.view.activated.connect(self._activated)
        self.view.doubleClicked.connect(self._activated)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(self._build_filters())
        outer.addWidget(self.view, 1)
        bottom = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setObjectName("queueSummary")
        self.legend = QLabel(self.tr("⚠ due soon (under 2 hours or 20% of the time left)   "
                                     "✖ overdue   ▲ escalated"))
        self.refresh_button = QPushButton(self.tr("Refresh (F5)"))
        self.refresh_button.setShortcut("F5")
        self.refresh_button.clicked.connect(self.refresh)
        bottom.addWidget(self.summary)
        bottom.addStretch(1)
        bottom.addWidget(self.legend)
        bottom.addWidget(self.refresh_button)
        outer.addLayout(bottom)

        self.search_timer = self._timer(SEARCH_DELAY_MS, self.apply_filters, single=True)
        self.poll_timer = self._timer(POLL_MS, self.poll)
        self.tick_timer = self._timer(TICK_MS, self.tick)
        self.escalate_timer = self._timer(ESCALATE_MS, self.escalate)
        self.refresh()
        self._size_columns()
        # from the search box into the results and back: Down or Tab, Enter opens, Esc returns
        self.search.installEventFilter(self)
        self.view.installEventFilter(self)
        QWidget.setTabOrder(self.search, self.view)

    def _timer(self, interval: int, slot, *, single: bool = False) -> QTimer:
        timer = QTimer(self)
        timer.setInterval(interval)
        timer.setSingleShot(single)
        timer.timeout.connect(slot)
        if not single:
            timer.start()
        return timer

    # -- filters ---------------------------------------------------------------------------
    def _build_filters(self) -> QGridLayout:
        self.search = QLineEdit()
        self.search.setObjectName("queueSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setMaxLength(64)
        self.search.setPlaceholderText(
            self.tr("Ticket number, phone, name or pinyin initials; or scan the receipt"))
        self.search.textEdited.connect(lambda _: self.search_timer.start())
        self.search.returnPressed.connect(self.search_entered)

        self.status_combo = QComboBox()
        self.status_combo.addItem(self.tr("Open (not archived)"), OPEN)
        self.status_combo.addItem(self.tr("All statuses"), ALL)
        for status in TicketStatus:
            self.status_combo.addItem(i18n.text(f"status.{status.value}"), status.value)
        self.kind_combo = QComboBox()
        self.kind_combo.addItem(self.tr("All kinds"), None)
        for kind in TicketKind:
            self.kind_combo.addItem(i18n.text(f"kind.{kind.value}"), kind.value)
        self.category_combo = QComboBox()
        self.category_combo.addItem(self.tr("All categories"), None)
        for choice in catalog.categories():
            self.category_combo.addItem(choice.name, choice.id)
        self.department_combo = QComboBox()
        self.department_combo.addItem(self.tr("All departments"), None)
        for choice in catalog.departments():
            self.department_combo.addItem(choice.name, choice.id)
        for combo, key in ((self.status_combo, "access.status_filter"),
                           (self.kind_combo, "field.kind"), (self.category_combo, "field.category"),
                           (self.department_combo, "field.department")):
            combo.setAccessibleName(i18n.text(key))
        self.mine_box = QCheckBox(self.tr("&Mine"))
        self.overdue_box = QCheckBox(self.tr("&Overdue only"))
        self.escalated_box = QCheckBox(self.tr("&Escalated only"))
        self.date_box = QCheckBox(self.tr("&Received from"))
        today = QDate.currentDate()
        self.date_from = QDateEdit(today.addDays(-30))
        self.date_to = QDateEdit(today)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
            edit.dateChanged.connect(self.apply_filters)
        self.date_from.setAccessibleName(i18n.text("access.date_from"))
        self.date_to.setAccessibleName(i18n.text("access.date_to"))
        self.date_box.toggled.connect(self.date_from.setEnabled)
        self.date_box.toggled.connect(self.date_to.setEnabled)
        for combo in (self.status_combo, self.kind_combo, self.category_combo,
                      self.department_combo):
            combo.currentIndexChanged.connect(self.apply_filters)
        for box in (self.mine_box, self.overdue_box, self.escalated_box, self.date_box):
            box.toggled.connect(self.apply_filters)

        search_label = QLabel(self.tr("Se&arch:"))
        search_label.setBuddy(self.search)
        # three rows, so the page fits beside the page list on 1366×768 at 150 %
        grid = QGridLayout()
        grid.addWidget(search_label, 0, 0)
        grid.addWidget(self.search, 0, 1, 1, 4)
        grid.addWidget(QLabel(self.tr("Filter:")), 1, 0)
        grid.addWidget(self.status_combo, 1, 1)
        grid.addWidget(self.kind_combo, 1, 2)
        grid.addWidget(self.category_combo, 1, 3)
        grid.addWidget(self.department_combo, 1, 4)
        dates = QHBoxLayout()
        for box in (self.mine_box, self.overdue_box, self.escalated_box):
            dates.addWidget(box)
        dates.addSpacing(12)
        dates.addWidget(self.date_box)
        dates.addWidget(self.date_from)
        dates.addWidget(QLabel(self.tr("to")))
        dates.addWidget(self.date_to)
        dates.addStretch(1)
        grid.addLayout(dates, 2, 1, 1, 4)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(4, 1)
        return grid

    def current_filter(self) -> QueueFilter:
        """The filter the widgets describe, in the current sort order."""
        status = self.status_combo.currentData()
        statuses = (queue.OPEN_STATUSES if status == OPEN else [] if status == ALL
                    else [status])
        kind, category = self.kind_combo.currentData(), self.category_combo.currentData()
        dated = self.date_box.isChecked()
        return QueueFilter(
            statuses=list(statuses), kinds=[kind] if kind else [],
            category_ids=[category] if category else [],
            department_id=self.department_combo.currentData(),
            mine=self.mine_box.isChecked(), overdue_only=self.overdue_box.isChecked(),
            escalated_only=self.escalated_box.isChecked(),
            received_from=self.date_from.date().toPython() if dated else None,
            received_to=self.date_to.date().toPython() if dated else None,
            search=self.search.text().strip(),
            sort=self.model.filter.sort, descending=self.model.filter.descending)

    def apply_filters(self) -> None:
        self.search_timer.stop()
        self._reload(self.current_filter())

    def search_entered(self) -> None:
        """Enter in the search box: a whole ticket number that is one ticket opens it (a
        scanner ends with Enter); anything else searches at once."""
        text = self.search.text().strip()
        if numbering.looks_like_number(text):
            hits = queue.page(QueueFilter(statuses=[], search=text), self.ctx.actor, 0, 2)
            if len(hits) == 1:
                self.apply_filters()
                self.search.selectAll()        # the next scan replaces it
                self.open_detail(hits[0].id)
                return
        self.apply_filters()

    def _header_clicked(self, column: int) -> None:
        """Sort by a sortable column; the indicator stays on the order in force otherwise."""
        head = self.view.horizontalHeader()
        if column in SORT_OF_COLUMN:
            self.model.sort(column, head.sortIndicatorOrder())
        current = next(c for c, key in SORT_OF_COLUMN.items() if key == self.model.filter.sort)
        order = (Qt.SortOrder.DescendingOrder if self.model.filter.descending
                 else Qt.SortOrder.AscendingOrder)
        head.blockSignals(True)
        head.setSortIndicator(current, order)
        head.blockSignals(False)

    # -- loading ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """Flag overdue escalations and reload (the main window calls this when the page is
        shown; F5)."""
        self.escalate(reload=False)
        self._reload(self.current_filter())

    def _reload(self, f: QueueFilter) -> None:
        """Reload with ``f``, keeping the selected ticket selected if it is still listed."""
        selected = self.selected_ticket_id()
        try:
            self.model.set_filter(f)
            self._seen = self._fingerprint()
        except HallError as exc:
            dialogs.warn(self, exc.message())
            return
        if selected is not None:
            self.select_ticket(selected)

    def _fingerprint(self) -> tuple[int, str]:
        return queue.fingerprint()

    def poll(self) -> bool:
        """Reload if any ticket of the hall was registered or changed since the last load
        (at this counter or another); True if it reloaded."""
        if not self.isVisible() and self._seen is not None:
            return False
        try:
            seen = self._fingerprint()
        except HallError as exc:           # e.g. the database is busy: try again next time
            log.info("queue poll failed: %s", exc.key)
            return False
        if seen == self._seen:
            return False
        self._reload(self.model.filter)
        return True

    def tick(self) -> None:
        """Move the countdowns of the visible rows on."""
        first = self.view.rowAt(0)
        last = self.view.rowAt(self.view.viewport().height() - 1)
        if first < 0:
            return
        self.model.tick(first, last if last >= 0 else self.model.rowCount() - 1)

    def escalate(self, reload: bool = True) -> None:
        try:
            done = lifecycle.escalate_overdue(now())
        except HallError as exc:
            log.info("escalation check failed: %s", exc.key)
            return
        if done:
            log.info("escalated %s", ", ".join(done))
            if reload:
                self._reload(self.model.filter)

    def _show_summary(self, total: int) -> None:
        self.summary.setText(self.tr("%1 tickets, %2 shown").replace("%1", str(total))
                             .replace("%2", str(self.model.rowCount())))

    def _size_columns(self) -> None:
        """Fit the columns to the first rows once (later reloads keep the person's widths),
        the handler and customer at most 190 px, the countdown at least 200 px."""
        for column, width in enumerate(self.fitted_widths()):
            if column in (HANDLER, CUSTOMER):
                width = min(width, 190)
            elif column == DEADLINE:
                width = max(width, 200)
            self.view.setColumnWidth(column, width)

    def fitted_widths(self) -> list[int]:
        """The widths ``resizeColumnsToContents`` would give for the first ``FIT_ROWS`` rows:
        the widest text plus the cell's margins (a pixel more with the grid), or the
        header's own width if wider. Measured here from the texts, because Qt would ask the
        model about every role of every cell: a noticeable part of the start-up
        (tests/ui/test_queue_page.py compares the two)."""
        view, head = self.view, self.view.horizontalHeader()
        plain = QFontMetricsF(view.font())
        bold_font = view.font()
        bold_font.setBold(True)
        bold = QFontMetricsF(bold_font)

        def width(text: str, is_bold: bool) -> int:
            return math.ceil((bold if is_bold else plain).horizontalAdvance(text))

        # The cell's margins (and the grid line) are the style's: Qt's own fit of the first
        # number cell, less its text. (Asking the style directly would first build QStyle's
        # enums, which costs more than this.)
        extra = 0
        first = self.model.cell_texts(NUMBER, 1)
        if first:
            precision = head.resizeContentsPrecision()
            head.setResizeContentsPrecision(1)
            extra = view.sizeHintForColumn(NUMBER) - width(*first[0])
            head.setResizeContentsPrecision(precision)
        return [max(max((width(text, is_bold) + extra
                         for text, is_bold in self.model.cell_texts(column, FIT_ROWS)),
                        default=0),
                    head.sectionSizeHint(column))
                for column in range(self.model.columnCount())]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        if event.type() == QEvent.Type.KeyPress and not event.modifiers() & ~_KEYPAD:
            key = event.key()
            if watched is self.search and key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown):
                self.enter_results()
                return True
            if watched is self.view and key == Qt.Key.Key_Escape:
                self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
                self.search.selectAll()
                return True
            if watched is self.view and key == Qt.Key.Key_Up \
                    and self.view.currentIndex().row() <= 0:
                self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return True
        return super().eventFilter(watched, event)

    def enter_results(self) -> bool:
        """Move from the search box into the results (a pending search runs first), on the
        selected row or the first; False when there is none."""
        if self.search_timer.isActive():
            self.apply_filters()
        if self.model.rowCount() == 0:
            return False
        row = max(self.view.currentIndex().row(), 0)
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.view.setCurrentIndex(self.model.index(row, NUMBER))
        self.view.selectRow(row)
        return True

    # -- selection and detail --------------------------------------------------------------
    def selected_ticket_id(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.ticket_id(rows[0].row()) if rows else None

    def select_ticket(self, ticket_id: int) -> bool:
        row = self.model.row_of(ticket_id)
        if row < 0:
            return False
        self.view.selectRow(row)
        return True

    def _activated(self, index: QModelIndex) -> None:
        ticket_id = self.model.ticket_id(index.row())
        if ticket_id is not None:
            self.open_detail(ticket_id)

    def open_detail(self, ticket_id: int) -> TicketDetailDialog:
        """Open (or bring forward) the detail of a ticket."""
        dialog = self.details.get(ticket_id)
        if dialog is not None:
            dialog.raise_()
            dialog.activateWindow()
        else:
            from hall_desk.ui.ticket_detail import TicketDetailDialog

            dialog = TicketDetailDialog(self.ctx.actor, ticket_id, self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.changed.connect(lambda _id: self._reload(self.model.filter))
            dialog.destroyed.connect(lambda *_: self.details.pop(ticket_id, None))
            self.details[ticket_id] = dialog
        dialog.show()
        self.detail_opened.emit(dialog)
        return dialog

