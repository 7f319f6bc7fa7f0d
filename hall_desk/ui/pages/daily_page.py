"""The day page (一日管理): a day's opening checks, the walk-rounds at their set times and the
closing checks, each ticked with who and when, or marked faulty or not done with a reason
(which goes on the duty log and so into the shift handover); then the closing signature and
the printed 营业厅一日管理记录.

Keyboard first: the checks are one tree, grouped by phase and round; Space ticks the
selected check and moves to the next open one, F marks it faulty, N not done, U undoes a tick
(kept in the check's history). Today is shown first; the date field shows another day: a past
day is read only unless it was opened and not closed, a future day shows its checks only. Every change
goes through :mod:`hall_desk.services.daily`; a refusal is shown in a message, never raised.
The day is re-read every few seconds, so ticks from another counter appear.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView, QDateEdit, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel,
    QPlainTextEdit, QPushButton, QStyledItemDelegate, QStyleOptionViewItem, QTreeWidget,
    QTreeWidgetItem, QVBoxLayout, QWidget,
)

from hall_desk.core import auth, i18n
from hall_desk.core import daily as rules
from hall_desk.core.errors import HallError
from hall_desk.services import daily
from hall_desk.services.context import now
from hall_desk.ui import dialogs, keys, palette
from hall_desk.ui.pages.base import PageContext
from hall_desk.ui.widgets import ButtonFlow, FieldError, heading

log = logging.getLogger(__name__)

LIVE_REFRESH_MS = 5000
ITEM_ROLE = Qt.ItemDataRole.UserRole
STATUS_COLOURS = {"done": palette.DONE, "faulty": palette.ERROR, "not_done": palette.WARNING,
                  "open": palette.MUTED}
STATUS_SIGNS = {"done": "✔", "faulty": "✖", "not_done": "⚠", "open": "○"}


def _when(value: str | None) -> str:
    if not value:
        return ""
    try:
        return datetime.fromisoformat(value).strftime("%H:%M")
    except ValueError:
        return value


def ask_reason(parent: QWidget | None, title: str, label: str) -> str | None:
    """Ask for the reason of a faulty or undone check; None when cancelled. Tests patch this."""
    dialog = ReasonDialog(title, label, parent)
    try:
        return dialog.text() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def ask_signature(parent: QWidget | None, title: str, signer_name: str
                  ) -> tuple[str, bytes | None, bool] | None:
    """The closing signature from the signature pad; None when cancelled. Tests patch this."""
    from hall_desk.ui import signature_pad

    return signature_pad.ask_signature(parent, title, signer_name=signer_name)


def show_pdf(parent: QWidget | None, data: bytes, title: str, suggested_name: str) -> Any:
    """Open a PDF in the print preview. Tests patch this."""
    from hall_desk.ui import print_preview

    return print_preview.show_preview(parent, data, title, suggested_name=suggested_name)


class ReasonDialog(QDialog):
    """One required reason with its error line (attributes ``edit``, ``error``, ``ok_button``)."""

    def __init__(self, title: str, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        caption = QLabel(label)
        caption.setWordWrap(True)
        layout.addWidget(caption)
        self.edit = QPlainTextEdit()
        self.edit.setTabChangesFocus(True)
        self.edit.setMinimumSize(420, 110)
        layout.addWidget(self.edit)
        self.error = FieldError()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def text(self) -> str:
        return self.edit.toPlainText().strip()

    def _accept(self) -> None:
        if not self.text():
            self.error.show_error(i18n.text("daily.ui.reason_required"))
            self.edit.setFocus()
            return
        self.accept()


class WrapDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped text at the column's width (Qt's own size hint does not
    know the width, so a wrapped line would be cut)."""

    PADDING = 10

    def __init__(self, view: QTreeWidget) -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        base = super().sizeHint(option, index)
        width = self.view.columnWidth(index.column())
        if index.column() == 0:
            depth, parent = 0, index.parent()
            while parent.isValid():
                depth, parent = depth + 1, parent.parent()
            width -= self.view.indentation() * (depth + 1)
        text = str(index.data() or "")
        if not text or width <= 2 * self.PADDING:
            return base
        bounds = option.fontMetrics.boundingRect(
            QRect(0, 0, width - 2 * self.PADDING, 100_000), Qt.TextFlag.TextWordWrap, text)
        return QSize(base.width(), max(base.height(), bounds.height() + self.PADDING))


class ChecksTree(QTreeWidget):
    """The day's checks, grouped; Space, F and N act on the selected check."""

    key_action = Signal(str)          # "done", "faulty", "not_done", "untick"

    KEYS = {Qt.Key.Key_Space: "done", Qt.Key.Key_F: "faulty", Qt.Key.Key_N: "not_done",
            Qt.Key.Key_U: "untick"}

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        action = self.KEYS.get(Qt.Key(event.key()))
        if action and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.key_action.emit(action)
            event.accept()
            return
        super().keyPressEvent(event)


class DailyPage(QWidget):
    """The 一日管理 page.

    Attributes (for tests): heading, date_edit, today_button, state_label, counts_label, tree,
    open_button, done_button, faulty_button, not_done_button, untick_button, close_button,
    print_button, templates_button (administrators), day (the date shown), mode
    (:class:`core.daily.DayMode`), data (the day as :func:`services.daily.describe` gives it,
    or the template's preview).
    """

    changed = Signal()

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.data: dict[str, Any] = {}
        self.day: date = now().date()
        self.mode = rules.DayMode.TODAY_NEW
        layout = QVBoxLayout(self)
        self.heading = heading(1.5)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        date_label = QLabel(i18n.text("daily.ui.date"))
        self.date_edit = QDateEdit(QDate(self.day.year, self.day.month, self.day.day))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        date_label.setBuddy(self.date_edit)
        self.date_edit.dateChanged.connect(lambda d: self.show_day(d.toPython()))
        self.today_button = QPushButton(i18n.text("daily.ui.today"))
        self.today_button.clicked.connect(lambda: self.show_day(now().date()))
        for widget in (date_label, self.date_edit, self.today_button):
            top.addWidget(widget)
        layout.addLayout(top)
        self.state_label = QLabel()
        self.state_label.setStyleSheet(palette.text_style(palette.STATUS))
        layout.addWidget(self.state_label)
        hint = QLabel(i18n.text("daily.ui.hint"))
        hint.setWordWrap(True)
        hint.setStyleSheet(palette.MUTED_STYLE)
        layout.addWidget(hint)

        self.tree = ChecksTree()
        self.tree.setAccessibleName(i18n.text("access.daily_checks"))
        self.tree.setColumnCount(5)
        self.tree.setHeaderLabels([i18n.text(k) for k in (
            "daily.ui.col.item", "daily.ui.col.status", "daily.ui.col.time", "daily.ui.col.by",
            "daily.ui.col.reason")])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setAlternatingRowColors(True)
        self.tree.setStyleSheet("QTreeWidget::item { padding: 4px; }")
        # long checks and reasons wrap instead of ending in "…" (1024 px wide screens)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.tree.setItemDelegate(WrapDelegate(self.tree))
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Interactive)
        status_width = max(self.tree.fontMetrics().horizontalAdvance(
            f"{STATUS_SIGNS[s.value]} {rules.status_label(s.value)}") for s in rules.ItemStatus)
        for column, width in ((1, max(80, status_width + 24)), (2, 60), (3, 70), (4, 260)):
            self.tree.setColumnWidth(column, width)
        header.setStretchLastSection(False)
        header.sectionResized.connect(lambda *_: self.tree.doItemsLayout())
        self.tree.key_action.connect(self._act)
        self.setFocusProxy(self.tree)          # the page opens on the checks, not the date
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        layout.addWidget(self.tree, 1)

        self.counts_label = QLabel()
        self.open_button = QPushButton(i18n.text("daily.ui.open"))
        self.done_button = QPushButton(i18n.text("daily.ui.done"))
        self.faulty_button = QPushButton(i18n.text("daily.ui.faulty"))
        self.not_done_button = QPushButton(i18n.text("daily.ui.not_done"))
        self.untick_button = QPushButton(i18n.text("daily.ui.untick"))
        self.close_button = QPushButton(i18n.text("daily.ui.close"))
        self.print_button = QPushButton(i18n.text("daily.ui.print"))
        self.templates_button = QPushButton(i18n.text("daily.ui.templates"))
        self.templates_button.setVisible(auth.may(ctx.actor.role, "edit_settings"))
        self.templates_button.clicked.connect(self.edit_templates)
        # two rows, so that the longer English words fit at 1024 px: the counts with what
        # concerns the whole day, then what acts on the selected check
        # (each row wraps where its buttons do not fit: English at 150 %)
        day_row = QHBoxLayout()
        day_row.addWidget(self.counts_label)
        day_row.addStretch(1)
        day_buttons = ButtonFlow()
        for button in (self.templates_button, self.close_button, self.print_button):
            button.setMinimumHeight(36)
            day_buttons.add(button)
        day_row.addWidget(day_buttons)
        layout.addLayout(day_row)
        row = ButtonFlow()
        for button in (self.open_button, self.done_button, self.faulty_button,
                       self.not_done_button, self.untick_button):
            button.setMinimumHeight(40)
            row.add(button)
        layout.addWidget(row)
        self.open_button.clicked.connect(self.open_day)
        self.done_button.clicked.connect(lambda: self._act("done"))
        self.faulty_button.clicked.connect(lambda: self._act("faulty"))
        self.not_done_button.clicked.connect(lambda: self._act("not_done"))
        self.untick_button.clicked.connect(lambda: self._act("untick"))
        self.close_button.clicked.connect(self.close_day)
        self.print_button.clicked.connect(self.print_record)

        self.timer = QTimer(self)
        self.timer.setInterval(LIVE_REFRESH_MS)
        self.timer.timeout.connect(self._live_refresh)
        self.timer.start()
        self.refresh()

    # -- reading -------------------------------------------------------------------------------
    def show_day(self, day: date) -> None:
        """Show another date (the date field and the today button)."""
        if day != self.date_edit.date().toPython():
            self.date_edit.setDate(QDate(day.year, day.month, day.day))   # comes back here
            return
        self.day = day
        self.refresh()

    def _live_refresh(self) -> None:
        """The timer's re-read, for the page on screen only (the window refreshes a page
        when it is shown)."""
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        """Re-read the day shown (another counter may have ticked), keeping the selected
        check."""
        current = self.current_item_id()
        try:
            self.data = daily.of_date(self.day)
        except HallError as exc:
            log.warning("the day page could not read %s: %s", self.day, exc)
            return
        self.mode = rules.day_mode(self.day, now().date(), self.data["state"])
        self._fill(current)

    def _fill(self, keep: int | None) -> None:
        d = self.data
        self.heading.setText(i18n.text("daily.ui.heading", day=d["date"]))
        if d["state"]:
            self.state_label.setText(i18n.text(
                "daily.ui.state", state=i18n.text(f"daily.state.{d['state']}"),
                template=daily.title_shown(d["template"], d["template_title"]),
                version=d["template_version"]))
        else:
            self.state_label.setText(i18n.text({
                rules.DayMode.FUTURE: "daily.ui.future",
                rules.DayMode.MISSED: "daily.ui.missed"}.get(self.mode, "daily.ui.not_opened")))
        self.tree.clear()
        moment = now()
        closes = daily.closing_time()
        groups: dict[tuple[str, str], QTreeWidgetItem] = {}
        select = None
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for item in daily.shown_items(d["template"], d["items"]):
            key = (item["phase"], item["slot"])
            group = groups.get(key)
            if group is None:
                title = rules.slot_label(item["phase"], item["slot"])
                if d["state"] == "open" and self.day == moment.date() \
                        and item["phase"] != "opening" and rules.is_due(
                        item["phase"], item["slot"], moment, closes=closes):
                    title += i18n.text("daily.ui.due")
                group = QTreeWidgetItem([title])
                group.setFont(0, bold)
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                groups[key] = group
                self.tree.addTopLevelItem(group)
            status = item["status"]
            row = QTreeWidgetItem([f"{item['position']}. {item['text']}",
                                   f"{STATUS_SIGNS[status]} {rules.status_label(status)}",
                                   _when(item.get("done_at")), item.get("done_by") or "",
                                   "\n".join(x for x in (item.get("reason"),
                                                         item.get("history")) if x)])
            row.setData(0, ITEM_ROLE, item.get("id"))
            row.setForeground(1, QBrush(QColor(STATUS_COLOURS[status])))
            row.setToolTip(0, item["text"])
            if row.text(4):
                row.setToolTip(4, row.text(4))
            group.addChild(row)
            if item.get("id") is not None and item.get("id") == keep:
                select = row
        self.tree.expandAll()
        if select is None:
            select = self._next_open(None)
        if select is not None:
            self.tree.setCurrentItem(select)
        counts = {s.value: sum(1 for i in d["items"] if i["status"] == s.value)
                  for s in rules.ItemStatus}
        self.counts_label.setText(i18n.text("daily.ui.counts", total=len(d["items"]), **counts))
        self._update_buttons()

    def current_item_id(self) -> int | None:
        row = self.tree.currentItem()
        return row.data(0, ITEM_ROLE) if row is not None else None

    def _rows(self) -> list[QTreeWidgetItem]:
        out = []
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            out += [group.child(c) for c in range(group.childCount())]
        return out

    def _status(self, item_id: int | None) -> str:
        return next((i["status"] for i in self.data.get("items", []) if i.get("id") == item_id),
                    "")

    def _next_open(self, after: int | None) -> QTreeWidgetItem | None:
        rows = self._rows()
        ids = [r.data(0, ITEM_ROLE) for r in rows]
        start = ids.index(after) + 1 if after in ids else 0
        for row in rows[start:] + rows[:start]:
            if self._status(row.data(0, ITEM_ROLE)) == "open":
                return row
        return None

    def select_item(self, item_id: int) -> None:
        for row in self._rows():
            if row.data(0, ITEM_ROLE) == item_id:
                self.tree.setCurrentItem(row)
                return

    def _update_buttons(self) -> None:
        role = self.ctx.actor.role
        state = self.data.get("state")
        may_run = auth.may(role, "run_daily")
        self.open_button.setVisible(self.mode is rules.DayMode.TODAY_NEW)
        self.open_button.setEnabled(may_run)
        status = self._status(self.current_item_id())
        can_tick = state == "open" and may_run and status == "open"
        for button in (self.done_button, self.faulty_button, self.not_done_button):
            button.setEnabled(can_tick)
        self.untick_button.setEnabled(state == "open" and may_run and status == "done")
        self.close_button.setEnabled(state == "open" and auth.may(role, "close_daily"))
        self.print_button.setEnabled(state is not None and auth.may(role, "print_records"))

    # -- actions -------------------------------------------------------------------------------
    def _do(self, fn, *args) -> bool:
        try:
            fn(self.ctx.actor, *args)
        except HallError as exc:
            dialogs.warn(self, exc.message())
            self.refresh()
            return False
        self.refresh()
        self.changed.emit()
        return True

    def open_day(self) -> None:
        if self.mode is not rules.DayMode.TODAY_NEW:
            return
        self._do(daily.open_day, self.day)
        self.tree.setFocus()

    def _act(self, action: str) -> None:
        item_id = self.current_item_id()
        if item_id is None or self.data.get("state") != "open":
            return
        if action == "untick":
            if self._status(item_id) == "done" and dialogs.confirm(
                    self, i18n.text("daily.ui.untick_confirm")):
                self._do(daily.untick, item_id)
                self.select_item(item_id)
            self.tree.setFocus()
            return
        if self._status(item_id) != "open":
            return
        if action == "done":
            ok = self._do(daily.tick, item_id)
        else:
            ask = (i18n.text("daily.ui.faulty_ask") if action == "faulty"
                   else i18n.text("daily.ui.not_done_ask"))
            reason = ask_reason(self, rules.status_label(action), ask)
            if reason is None:
                return
            ok = self._do(daily.mark, item_id, action, reason)
        if ok:
            following = self._next_open(item_id)
            if following is not None:
                self.tree.setCurrentItem(following)
        self.tree.setFocus()

    def close_day(self) -> None:
        if not dialogs.confirm(self, i18n.text("daily.ui.close_confirm")):
            return
        got = ask_signature(self, i18n.text("daily.ui.sign_title"), self.ctx.actor.name)
        if got is None:
            return
        name, png, on_paper = got
        self._do(lambda actor, day_id: daily.close(actor, day_id, name, image_png=png,
                                                   on_paper=on_paper), self.data["id"])

    def edit_templates(self) -> QDialog:
        """The administrator's template editor (today's day, if opened, keeps its copy)."""
        from hall_desk.ui import daily_templates

        dialog = daily_templates.open_editor(self, self.ctx.actor)
        dialog.finished.connect(lambda _code: self.refresh())
        return dialog

    def print_record(self) -> Any:
        try:
            data = daily.record_pdf(self.ctx.actor, self.day)
        except HallError as exc:
            dialogs.warn(self, exc.message())
            return None
        return show_pdf(self, data, keys.plain(i18n.text("daily.ui.print")),
                        f"营业厅一日管理记录-{self.data['date']}.pdf")
