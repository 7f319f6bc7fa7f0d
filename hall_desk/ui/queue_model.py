"""The queue's table model: a window onto the SQL queue, loaded a page at a time.

The model never holds more than the pages the view has scrolled to: :meth:`QueueModel.reload`
runs one ``count()`` and one ``page()`` query, and the view's ``fetchMore`` adds the next page
when it scrolls near the end. Rows come from :func:`hall_desk.services.queue.page` already
masked (张* / 138****5678 / （匿名）) for every role; the model adds nothing unmasked.

The deadline column counts down: :meth:`QueueModel.tick` re-reads the clock and tells the view
that only that column changed. Due soon and overdue are marked in words and a sign
(⚠ 即将到期, ✖ 已超时) as well as colour; escalated tickets say 已升级.

A ticket with a hotline's work order says so in its kind cell, by the hotline's short code
(投诉 · 95598), and names the work order in the number's and the kind's tool tip: no column
of its own, so the table is no wider on a small screen. Its hotline's limit counts in the
next deadline like the hall's own (``services.tickets``), tool tip 热线时限.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from hall_desk.core import i18n
from hall_desk.services import queue
from hall_desk.services.context import Actor, now
from hall_desk.services.queue import PAGE_SIZE, QueueFilter, QueueRow
from hall_desk.ui import palette

DUE_SOON_FRACTION = 0.2              # less than this share of the span left ...
DUE_SOON_LEFT = timedelta(hours=2)   # ... or less than this: due soon

NUMBER, KIND, CATEGORY, CUSTOMER, RECEIVED, STATUS, HANDLER, DEADLINE, PRIORITY = range(9)
COLUMN_COUNT = 9
#: Columns the service can sort by, and its name for that order.
SORT_OF_COLUMN = {NUMBER: "number", RECEIVED: "received", DEADLINE: "deadline",
                  PRIORITY: "priority"}

TICKET_ID_ROLE = Qt.ItemDataRole.UserRole + 1
DEADLINE_STATE_ROLE = Qt.ItemDataRole.UserRole + 2   # "none", "open", "due_soon", "overdue"

# data() runs for every cell and role the view asks about (thousands of times per paint):
# the roles as plain ints, and the set of those it answers, so the others return at once.
_DISPLAY, _TOOLTIP = int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.ToolTipRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_ANSWERED = frozenset({_DISPLAY, _TOOLTIP, _FOREGROUND, _BACKGROUND, _FONT,
                       int(TICKET_ID_ROLE), int(DEADLINE_STATE_ROLE)})

OVERDUE_FG, OVERDUE_BG = QColor(palette.OVERDUE), QColor(palette.OVERDUE_BG)
DUE_SOON_FG, DUE_SOON_BG = QColor(palette.DUE_SOON), QColor(palette.DUE_SOON_BG)
ESCALATED_FG = QColor(palette.ERROR)


def deadline_state(row: QueueRow, at: datetime) -> str:
    """``overdue``, ``due_soon`` (under 2 h or under 20 % of the time since receipt left),
    ``open``, or ``none`` when the ticket has no pending deadline."""
    due = row.next_deadline_at
    if due is None:
        return "none"
    left = due - at
    if left < timedelta(0):
        return "overdue"
    span = max(due - row.received_at, timedelta(0))
    if left < DUE_SOON_LEFT or left <= span * DUE_SOON_FRACTION:
        return "due_soon"
    return "open"


def hotline_mark(source: str) -> str:
    """A work order's hotline in a few characters: its number (95598), or 热线 for another."""
    return source if source.isdigit() else i18n.text("hotline.other_short")


class QueueModel(QAbstractTableModel):
    """The tickets matching a :class:`QueueFilter`, for a table view, paged.

    Signals:
        total_changed(int): the number of matching tickets, after each :meth:`reload`.

    Attributes:
        viewer: whose queue this is (the filter's "mine", and what the service masks).
        filter: the current filter; change it with :meth:`set_filter`.
        total: matching tickets in the database (not only the loaded ones).
        page_size: rows per query.
    """

    total_changed = Signal(int)

    def __init__(self, viewer: Actor, parent: QObject | None = None, *,
                 page_size: int = PAGE_SIZE, clock: Callable[[], datetime] = now) -> None:
        super().__init__(parent)
        self.viewer = viewer
        self.filter = QueueFilter()
        self.page_size = page_size
        self.clock = clock
        self.total = 0
        self.rows: list[QueueRow] = []
        self.at = clock()
        self._headers = [self.tr("Number"), self.tr("Kind"), self.tr("Category"),
                         self.tr("Customer"), self.tr("Received"), self.tr("Status"),
                         self.tr("Department / handler"), self.tr("Next deadline"),
                         self.tr("Priority")]

    # -- loading ---------------------------------------------------------------------------
    def set_filter(self, f: QueueFilter) -> None:
        self.filter = f
        self.reload()

    def reload(self) -> None:
        """Count the matching tickets and load the first page (two queries)."""
        self.at = self.clock()
        total = queue.count(self.filter, self.viewer, self.at)
        rows = queue.page(self.filter, self.viewer, 0, self.page_size, self.at)
        self.beginResetModel()
        self.total, self.rows = total, rows
        self.endResetModel()
        self.total_changed.emit(total)

    def canFetchMore(self, parent: QModelIndex = QModelIndex()) -> bool:  # noqa: N802 (Qt)
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent: QModelIndex = QModelIndex()) -> None:  # noqa: N802 (Qt)
        if parent.isValid():
            return
        more = queue.page(self.filter, self.viewer, len(self.rows), self.page_size, self.at)
        if not more:
            self.total = len(self.rows)     # fewer than counted: tickets left the filter
            return
        first = len(self.rows)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self.rows.extend(more)
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in SQL by a sortable column; other columns leave the order as it is."""
        key = SORT_OF_COLUMN.get(column)
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) != (self.filter.sort, self.filter.descending):
            self.set_filter(replace(self.filter, sort=key, descending=descending))

    def tick(self, first: int = 0, last: int | None = None) -> None:
        """Move the clock on and repaint the deadline column of rows ``first..last`` (the
        visible ones; all loaded rows by default)."""
        self.at = self.clock()
        if not self.rows:
            return
        last = len(self.rows) - 1 if last is None else min(last, len(self.rows) - 1)
        first = max(0, min(first, last))
        self.dataChanged.emit(self.index(first, DEADLINE), self.index(last, DEADLINE))

    # -- lookups ---------------------------------------------------------------------------
    def ticket_id(self, row: int) -> int | None:
        return self.rows[row].id if 0 <= row < len(self.rows) else None

    def row_of(self, ticket_id: int) -> int:
        """The loaded row showing ``ticket_id``, or -1."""
        return next((i for i, r in enumerate(self.rows) if r.id == ticket_id), -1)

    # -- Qt model API ----------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802 (Qt)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802 (Qt)
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 (Qt)
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if role not in _ANSWERED or not index.isValid():
            return None
        number = index.row()
        if not 0 <= number < len(self.rows):
            return None
        row, column = self.rows[number], index.column()
        if role == _DISPLAY:
            return self._text(row, column)
        if role == TICKET_ID_ROLE:
            return row.id
        if role == DEADLINE_STATE_ROLE:
            return deadline_state(row, self.at)
        if role == _TOOLTIP:
            return self._tooltip(row, column)
        if role == _FOREGROUND:
            return self._foreground(row, column)
        if role == _BACKGROUND and column == DEADLINE:
            state = deadline_state(row, self.at)
            if state == "overdue":
                return QBrush(OVERDUE_BG)
            if state == "due_soon":
                return QBrush(DUE_SOON_BG)
        if role == _FONT and self._bold(row, column):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _bold(self, row: QueueRow, column: int) -> bool:
        return ((column == DEADLINE and deadline_state(row, self.at) == "overdue")
                or (column == PRIORITY and row.priority >= 4))

    def cell_texts(self, column: int, rows: int) -> list[tuple[str, bool]]:
        """The text of ``column`` in the first ``rows`` rows, each with whether it is shown
        in bold (for fitting the column without asking Qt for every cell and role)."""
        return [(self._text(row, column), self._bold(row, column))
                for row in self.rows[:rows]]

    def _text(self, row: QueueRow, column: int) -> str:
        if column == NUMBER:
            return row.number
        if column == KIND:
            parts = [i18n.text(f"kind.{row.kind}")]
            if row.repeat_n > 1:
                parts.append(i18n.text("queue.repeat_n", n=row.repeat_n))
            if row.hotline_number:
                parts.append(hotline_mark(row.hotline_source))
            return " · ".join(parts)
        if column == CATEGORY:
            return row.category
        if column == CUSTOMER:
            return f"{row.customer} {row.phone}".strip()
        if column == RECEIVED:
            return row.received_at.strftime("%Y-%m-%d %H:%M")
        if column == STATUS:
            status = i18n.text(f"status.{row.status}")
            return status + "  " + self.tr("▲ Escalated") if row.escalated else status
        if column == HANDLER:
            return " / ".join(part for part in (row.department, row.handler) if part)
        if column == DEADLINE:
            return self.countdown(row)
        if column == PRIORITY:
            return i18n.text(f"priority.{row.priority}")
        return ""

    def countdown(self, row: QueueRow) -> str:
        """The deadline cell: "剩余 2小时13分", "⚠ 即将到期 剩余 1小时5分", "✖ 已超时 1天3小时"."""
        state = deadline_state(row, self.at)
        if state == "none":
            return "—"
        left = row.next_deadline_at - self.at
        if state == "overdue":
            return self.tr("✖ Overdue by %1").replace("%1", self.span(-left))
        if state == "due_soon":
            return self.tr("⚠ Due soon, %1 left").replace("%1", self.span(left))
        text = self.tr("%1 left").replace("%1", self.span(left))
        if row.provisional:    # counted over a year whose holidays are not entered (暂定)
            text += "  " + i18n.text("deadline.provisional")
        return text

    def span(self, delta: timedelta) -> str:
        """A duration to the minute: "1天3小时", "2小时13分", "5分"."""
        minutes = max(0, int(delta.total_seconds() // 60))
        days, rest = divmod(minutes, 24 * 60)
        hours, mins = divmod(rest, 60)
        if days:
            return self.tr("%1d %2h").replace("%1", str(days)).replace("%2", str(hours))
        if hours:
            return self.tr("%1h %2min").replace("%1", str(hours)).replace("%2", str(mins))
        return self.tr("%1 min").replace("%1", str(mins))

    def _tooltip(self, row: QueueRow, column: int) -> str | None:
        if column == DEADLINE and row.next_deadline_at is not None:
            rule = i18n.text(f"deadline.rule.{row.next_deadline_rule}") \
                if row.next_deadline_rule else ""
            tip = self.tr("%1: due %2").replace("%1", rule).replace(
                "%2", row.next_deadline_at.strftime("%Y-%m-%d %H:%M"))
            if row.provisional:
                tip += "\n" + i18n.text("deadline.provisional_note",
                                        year=row.next_deadline_at.year)
            return tip
        if column == STATUS and row.escalated:
            return self.tr("Escalated to the service supervisor (24 hours without completion)")
        if column in (NUMBER, KIND) and row.hotline_number:
            from hall_desk.core import hotline     # on a tool tip: not needed for the first paint

            return i18n.text("queue.hotline", source=hotline.label(row.hotline_source),
                             number=row.hotline_number)
        return None

    def _foreground(self, row: QueueRow, column: int):
        if column == DEADLINE:
            state = deadline_state(row, self.at)
            if state == "overdue":
                return QBrush(OVERDUE_FG)
            if state == "due_soon":
                return QBrush(DUE_SOON_FG)
        if column == STATUS and row.escalated:
            return QBrush(ESCALATED_FG)
        return None
