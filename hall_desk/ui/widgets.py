"""Small widgets shared by the forms and pages: a field's error line, the form row that holds
a field above its error line, a page's heading, showing a check's problems at their fields
(one form's: :class:`Fields`), the PIN entry, the read-only tables of the duty and handover
tabs, and fitting a window to a small screen (:func:`fit_to_screen`, :func:`scroll_body`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, QRect, QRectF, QRegularExpression, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView, QApplication, QDialog, QDialogButtonBox, QFormLayout, QHeaderView,
    QLabel, QLayout, QLineEdit, QListWidget, QListWidgetItem, QMainWindow, QScrollArea,
    QSplitter, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from hall_desk.core import i18n
from hall_desk.core.errors import HallError, ValidationError
from hall_desk.ui import dialogs, palette

ERROR_STYLE = palette.ERROR_STYLE
PIN_MAX = 8
QWIDGETSIZE_MAX = (1 << 24) - 1     # Qt's "no maximum"
W = TypeVar("W", bound=QWidget)


class FieldError(QLabel):
    """The message under a form field: red and in words (never colour alone); hidden while
    the field is fine."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldError")
        self.setStyleSheet(ERROR_STYLE)
        self.setWordWrap(True)
        self.setVisible(False)

    def show_error(self, message: str) -> None:
        self.setText(message)
        self.setVisible(True)
        # A dialog grows by the new line; Qt's minimum size alone undercounts word-wrapped
        # labels and would squeeze the fields instead.
        window = self.window()
        if window is not self and not isinstance(window, QMainWindow):
            window.resize(window.size().expandedTo(window.sizeHint()))

    def clear_error(self) -> None:
        self.clear()
        self.setVisible(False)


def enlarge(widget: W, scale: float) -> W:
    """``widget`` with its font ``scale`` times as large and bold (headings, a checklist's
    sections)."""
    font = widget.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    widget.setFont(font)
    return widget


#: A widget's property: its font's size as a share of the application's, which
#: :func:`hall_desk.ui.access.apply_text_scale` keeps when the text size changes.
FONT_RATIO = "hall_desk_font_ratio"


def relative_font(widget: W, ratio: float) -> W:
    """``widget`` with its font ``ratio`` times the application's, now and after a change of
    the text size (where a style sheet's pixel size would stay as it is)."""
    font = widget.font()
    font.setPointSizeF(QApplication.font().pointSizeF() * ratio)
    widget.setFont(font)
    widget.setProperty(FONT_RATIO, ratio)
    return widget


def heading(scale: float = 1.4) -> QLabel:
    """The large bold line at the top of a page or a form (the day, the visiting unit)."""
    return enlarge(QLabel(), scale)


def field_cell(field: QWidget | QLayout, error: FieldError) -> QWidget:
    """One cell of a form: the field (a widget, or a layout such as an entry with its button)
    with its error line right under it."""
    cell = QWidget()
    box = QVBoxLayout(cell)
    box.setContentsMargins(0, 0, 0, 0)
    box.setSpacing(2)
    if isinstance(field, QLayout):
        box.addLayout(field)
    else:
        box.addWidget(field)
    box.addWidget(error)
    return cell


def form_row(form: QFormLayout, text: str, field: QWidget | QLayout, error: FieldError,
             buddy: QWidget | None = None) -> QLabel:
    """Add a labelled row to ``form``: the label (its mnemonic focuses ``buddy``, by default
    the field) beside the field's cell. Returns the label, for forms that retitle it."""
    label = QLabel(text)
    target = buddy if buddy is not None else field
    if isinstance(target, QWidget):
        label.setBuddy(target)
    form.addRow(label, field_cell(field, error))
    return label


def show_field_errors(problems: ValidationError | Mapping[str, str],
                      fields: Mapping[str, QWidget],
                      errors: Mapping[str, FieldError]) -> list[str]:
    """Put each problem's message under its field and focus the first wrong field, in the
    order of ``fields`` (the order the clerk meets them). Returns the messages of problems
    the form has no field for, so the caller can still say them."""
    if isinstance(problems, ValidationError):
        problems = {key: err.message() for key, err in problems.errors.items()}
    first = None
    for key, widget in fields.items():
        if key in problems and key in errors:
            errors[key].show_error(problems[key])
            first = first or widget
    if first is not None:
        first.setFocus()
    return [message for key, message in problems.items()
            if key not in errors or key not in fields]


def pin_edit(parent: QWidget | None = None) -> QLineEdit:
    """A masked entry that accepts digits only, at most eight."""
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(PIN_MAX)
    edit.setValidator(QRegularExpressionValidator(QRegularExpression(f"[0-9]{{0,{PIN_MAX}}}"),
                                                  edit))
    edit.setInputMethodHints(edit.inputMethodHints() | Qt.InputMethodHint.ImhDigitsOnly)
    return edit


class Fields:
    """Field errors of one form: ``show(exc)`` puts each message under its field and focuses
    the first; a message for a field the form does not show goes to a dialog."""

    def __init__(self, parent: QWidget, widgets: dict[str, QWidget]) -> None:
        self.parent, self.widgets = parent, widgets
        self.errors = {key: FieldError() for key in widgets}

    def row(self, form: QFormLayout, label: str, key: str) -> None:
        form_row(form, label, self.widgets[key], self.errors[key])

    def clear(self) -> None:
        for label in self.errors.values():
            label.clear_error()

    def show(self, exc: HallError) -> None:
        if not isinstance(exc, ValidationError):
            dialogs.warn(self.parent, exc.message())
            return
        for message in show_field_errors(exc, self.widgets, self.errors):
            dialogs.warn(self.parent, message)


def table(headers: list[str], stretch: int | tuple[int, ...] | None = None) -> QTableWidget:
    """A read-only, row-selecting table with these column titles; column ``stretch`` (default:
    the last; several share it) takes the width left over."""
    widget = QTableWidget(0, len(headers))
    widget.setHorizontalHeaderLabels(headers)
    widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    widget.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    widget.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    widget.verticalHeader().setVisible(False)
    widget.setWordWrap(True)
    frame_focused_cell(widget)
    header = widget.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is None:
        header.setStretchLastSection(True)
    else:
        for column in (stretch,) if isinstance(stretch, int) else stretch:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    return widget


class FocusedCell(QStyledItemDelegate):
    """Paints a table's cells as usual and frames the current one while the table has the
    keyboard focus: a 2-px line of the focus colour with a white line inside it (seen on the
    selection's colour too), drawn on the cell's padding, so its text is not cut."""

    WIDTH = 2

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
        plain = QStyleOptionViewItem(option)
        plain.state &= ~QStyle.StateFlag.State_HasFocus     # not the style's dotted frame too
        super().paint(painter, plain, index)
        if not focused:
            return
        painter.save()
        frame = QRectF(option.rect).adjusted(1, 1, -1, -1)
        painter.setPen(QPen(QColor(palette.FOCUS), self.WIDTH))
        painter.drawRect(frame)
        painter.setPen(QPen(QColor(palette.WHITE), 1))
        painter.drawRect(frame.adjusted(1.5, 1.5, -1.5, -1.5))
        painter.restore()


class _FrameWhileFocused(QObject):
    """Gives a view the :class:`FocusedCell` delegate while it has the focus and Qt's own
    the rest of the time: a delegate written in Python is called for every cell painted,
    which a table without the focus (a queue of 200 rows at start-up) need not pay for."""

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self.framed = FocusedCell(view)
        self.plain = QStyledItemDelegate(view)
        view.setItemDelegate(self.framed if view.hasFocus() else self.plain)
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        kind = event.type()
        if kind in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            wanted = self.framed if kind == QEvent.Type.FocusIn else self.plain
            if watched.itemDelegate() is not wanted:
                watched.setItemDelegate(wanted)
        return False


def frame_focused_cell(view: QAbstractItemView) -> QAbstractItemView:
    """``view`` with its current cell framed while it has the focus (:class:`FocusedCell`):
    the application's focus style outlines the table as a whole, this says which cell."""
    _FrameWhileFocused(view)
    return view


def cell(text: object, data: object = None, *, colour: QColor | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem("" if text is None else str(text))
    item.setToolTip(item.text())
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    if colour is not None:
        item.setForeground(QBrush(colour))
    return item


EN_ROLE = Qt.ItemDataRole.UserRole      # a template item's English, beside its Chinese text


class EditableList:
    """What the template editors share: ``self.items``, a list edited in place, read back by
    the editor's ``_sync()`` after every change (add, remove, move, an edit in a cell), and
    ``english_edit``, the field of the selected item's English (:meth:`_english_field`)."""

    items: QListWidget
    english_edit: QLineEdit

    def _sync(self) -> None:
        raise NotImplementedError

    def _english_field(self) -> QLineEdit:
        """The English of the selected item: optional, what an English window shows."""
        self.english_edit = QLineEdit()
        self.english_edit.setObjectName("itemEnglish")
        self.english_edit.setPlaceholderText(i18n.text("templates.editor.english_hint"))
        self.english_edit.setToolTip(i18n.text("templates.editor.english_hint"))
        self.english_edit.setEnabled(False)
        self.items.currentItemChanged.connect(lambda item, _old: self._show_english(item))
        self.english_edit.textEdited.connect(self._english_edited)
        return self.english_edit

    def _show_english(self, item: QListWidgetItem | None = None) -> None:
        self.english_edit.setEnabled(item is not None)
        self.english_edit.setText((item.data(EN_ROLE) or "") if item is not None else "")

    def _english_edited(self, text: str) -> None:
        item = self.items.currentItem()
        if item is not None:
            item.setData(EN_ROLE, text)         # the list's itemChanged reads it back

    def _fill(self, rows: list[tuple[str, str]]) -> None:
        """The list shows ``rows`` of (Chinese, English), nothing selected."""
        self.items.blockSignals(True)
        self.items.clear()
        for zh, en in rows:
            self._new_row(zh, en)
        self.items.blockSignals(False)
        self._show_english(None)

    def _new_row(self, text: str, en: str = "") -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setData(EN_ROLE, en)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        self.items.addItem(item)
        return item

    def _rows(self) -> list[tuple[str, str]]:
        """(Chinese, English) of every item, in order."""
        return [(self.items.item(i).text(), self.items.item(i).data(EN_ROLE) or "")
                for i in range(self.items.count())]

    def _added(self, item: QListWidgetItem, *, edit: bool) -> QListWidgetItem:
        """``item`` (already in the list) selected, read back and, if new, opened for typing."""
        self.items.setCurrentItem(item)
        self._sync()
        if edit:
            self.items.editItem(item)
        return item

    def remove_item(self) -> None:
        row = self.items.currentRow()
        if row >= 0:
            self.items.takeItem(row)
            self._sync()

    def move_item(self, step: int) -> None:
        row = self.items.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.items.count():
            return
        item = self.items.takeItem(row)
        self.items.insertItem(target, item)
        self.items.setCurrentRow(target)
        self._sync()


# What a window leaves free of the screen's available area: the title bar and frame the
# window manager adds (Qt's sizes are of the inside).
FRAME_ROOM = QSize(16, 40)


class WrapLabel(QLabel):
    """A word-wrapped label that is never cut off: its minimum height follows its width."""

    SLACK = 8          # pixels: the layout and the label may differ by a few

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """The rows of a scroll area are laid out by size hint, not by height for width:
        once the label knows its width, it asks for the height its lines need."""
        super().resizeEvent(event)
        self._fit()

    def setText(self, text: str) -> None:  # noqa: N802 (Qt override)
        super().setText(text)
        self._fit()

    def _fit(self) -> None:
        # not heightForWidth(): QLabel's answer includes the minimum height set here
        width = self.contentsRect().width() - 2 * self.margin() - self.SLACK
        if width <= 0:
            return
        need = 0
        if self.text():
            box = self.fontMetrics().boundingRect(QRect(0, 0, width, 100000),
                                                  int(Qt.TextFlag.TextWordWrap), self.text())
            margins = self.contentsMargins()
            need = box.height() + margins.top() + margins.bottom() + 2 * self.margin()
        if need != self.minimumHeight():
            self.setMinimumHeight(need)


class ScrollBody(QScrollArea):
    """A frameless scroll area for a window's or page's body that scrolls up and down only:
    it is at least as wide as its body's minimum (so a window that cannot be that wide shows
    as too wide, never as a body cut off or scrolling sideways), and as low as one line."""

    def __init__(self, body: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(body)
        body.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()       # the body's minimum width is this one's: pass it on
        return super().eventFilter(watched, event)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        hint = super().minimumSizeHint()
        body = self.widget()
        if body is None:
            return hint
        width = (body.minimumSizeHint().expandedTo(body.minimumSize()).width()
                 + self.verticalScrollBar().sizeHint().width() + 2 * self.frameWidth())
        return QSize(max(hint.width(), width), hint.height())


class ButtonFlow(QWidget):
    """A row of buttons that wraps like words: each button as wide as its text, as many a row
    as the width it has takes (at most ``columns``, 0: no limit), one a row at the least; a
    hidden button leaves no gap. A page's or a form's action row, so that the English words
    at 150 % never push a window wider than the screen.

    It places its buttons itself rather than through a layout: re-gridding a layout on every
    resize would delete and make layout items while Python may hold them."""

    SPACING = 6

    def __init__(self, columns: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = columns
        self.buttons: list[QWidget] = []
        self._height = 0

    def add(self, button: QWidget) -> QWidget:
        hidden = (button.isHidden()
                  and button.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide))
        button.setParent(self)
        if not hidden and self.isVisible():
            button.show()           # as a layout shows a new child of a shown widget
        self.buttons.append(button)
        button.installEventFilter(self)
        self._arrange()
        return button

    def remove(self, button: QWidget) -> None:
        if button in self.buttons:
            self.buttons.remove(button)
            button.removeEventFilter(self)
            self._arrange()

    def shown(self) -> list[QWidget]:
        return [b for b in self.buttons if not b.isHidden()]

    @staticmethod
    def _least(button: QWidget) -> QSize:
        return button.sizeHint().expandedTo(button.minimumSize())

    def _rows(self, width: int) -> list[list[QWidget]]:
        """The shown buttons in rows of at most ``width`` px (and ``columns`` buttons)."""
        rows: list[list[QWidget]] = []
        used = 0
        for button in self.shown():
            need = self._least(button).width()
            if rows and rows[-1] and used + self.SPACING + need <= width \
                    and len(rows[-1]) < (self.columns or len(self.buttons)):
                rows[-1].append(button)
                used += self.SPACING + need
            else:
                rows.append([button])
                used = need
        return rows

    def _arrange(self) -> None:
        y = 0
        for row in self._rows(self.width()):
            high = max(self._least(b).height() for b in row)
            x = 0
            for button in row:
                width = self._least(button).width()
                button.setGeometry(x, y, width, high)
                x += width + self.SPACING
            y += high + self.SPACING
        height = max(y - self.SPACING, 0)
        if height != self._height:
            self._height = height
            self.updateGeometry()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        if event.type() in (QEvent.Type.ShowToParent, QEvent.Type.HideToParent):
            self._arrange()
        return super().eventFilter(watched, event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:     # a button's text or size changed
            self._arrange()
        return super().event(event)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._arrange()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        """The widest button (it wraps to fit), as high as its rows are at its width."""
        widest = max((self._least(b).width() for b in self.shown()), default=0)
        return QSize(widest, self._height)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        """All in one row (or ``columns`` a row), if there is the room."""
        widths = [sum(self._least(b).width() for b in row) + self.SPACING * (len(row) - 1)
                  for row in self._rows(QWIDGETSIZE_MAX)]
        return QSize(max(widths, default=0), self._height)


def scroll_body(body: QWidget) -> ScrollBody:
    """``body`` in a :class:`ScrollBody`. A dialog puts this in its layout instead of the
    body and keeps its action buttons outside it, always on screen."""
    return ScrollBody(body)


def least_width(widget: QWidget) -> int:
    """The narrowest ``widget`` can be without cutting anything off or scrolling sideways:
    for a scroll area, its body's minimum (and a scroll bar) rather than its own."""
    if isinstance(widget, QScrollArea) and widget.widget() is not None:
        body = widget.widget()
        return (body.minimumSizeHint().expandedTo(body.minimumSize()).width()
                + widget.verticalScrollBar().sizeHint().width() + 2 * widget.frameWidth())
    own = widget.minimumSizeHint().expandedTo(widget.minimumSize()).width()
    if isinstance(widget, QSplitter) and widget.count():    # its own hint lets panes shrink
        panes = [least_width(widget.widget(i)) for i in range(widget.count())]
        if widget.orientation() == Qt.Orientation.Vertical:
            return max(own, *panes)
        return max(own, sum(panes) + widget.handleWidth() * (len(panes) - 1))
    return own


class SideBySide(QSplitter):
    """A splitter that shows its panes side by side while it is wide enough for all of them
    at their :func:`least_width` (or ``least(index)`` px, if more: e.g. a table's columns),
    and one above the other when it is not (1024×768, or 150 %). A pane's maximum width
    holds side by side only: above each other every pane takes the whole width."""

    def __init__(self, least: Callable[[int], int] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.least = least or (lambda index: 0)
        self._widest: dict[int, int] = {}      # pane -> its maximum width side by side

    def side_by_side_width(self) -> int:
        panes = [self.widget(i) for i in range(self.count())]
        return (sum(max(least_width(w), self.least(i)) for i, w in enumerate(panes))
                + self.handleWidth() * (len(panes) - 1))

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        wide = event.size().width() >= self.side_by_side_width()
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if orientation != self.orientation():
            for index in range(self.count()):
                pane = self.widget(index)
                if not wide:
                    self._widest[index] = pane.maximumWidth()
                    pane.setMaximumWidth(QWIDGETSIZE_MAX)
                elif index in self._widest:
                    pane.setMaximumWidth(self._widest[index])
            self.setOrientation(orientation)
        super().resizeEvent(event)


def fit_to_screen(window: QWidget, preferred: QSize | tuple[int, int]) -> None:
    """Size ``window`` to ``preferred``, but never larger than the available screen (minus
    the frame): on a small screen (1024×768, or 1366×768 at 150 %) it takes what there is,
    and its minimum size is lowered to fit too. Call it before the window is shown."""
    if isinstance(preferred, tuple):
        preferred = QSize(*preferred)
    screen = window.screen() or QApplication.primaryScreen()
    room = screen.availableGeometry().size() - FRAME_ROOM
    window.setMinimumSize(window.minimumSize().boundedTo(room))
    window.resize(preferred.boundedTo(room))


def editor_dialog(parent: QWidget | None, title: str, box: QWidget, close_text: str,
                  size: tuple[int, int]) -> QDialog:
    """``box`` (a template editor) in a dialog of its own, opened: the box scrolls on a small
    screen, Close stays below it. ``dialog.box`` is the box; the dialog deletes itself when
    closed."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    layout = QVBoxLayout(dialog)
    layout.addWidget(scroll_body(box))
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.button(QDialogButtonBox.StandardButton.Close).setText(close_text)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    fit_to_screen(dialog, size)
    dialog.box = box
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    dialog.open()
    return dialog
