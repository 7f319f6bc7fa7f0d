"""What a screen reader gets and a weak eye needs: every control's accessible name, given by
one mechanism, and the larger text of :func:`apply_text_scale`.

Qt names a button after its text and a field after a ``QLabel`` buddy that is its sibling;
the forms here put a field in a cell under its label (:func:`hall_desk.ui.widgets.form_row`),
and tables, lists and icon buttons have no text at all. :func:`name_controls` fills the gap
for every control under a widget that has no name yet, from the first of:

1. a ``QLabel`` whose buddy it is (anywhere in the window);
2. its row's label in a ``QFormLayout`` (the row's only control without a name of its own);
3. a ``QLabel`` right before it in a row of a box or grid layout ("金额 [____]");
4. its placeholder text;
5. its tool tip;
6. the title of the ``QGroupBox`` or the tab it sits in (a table or list in its box).

:func:`install` puts an application-wide filter in place (``create_app`` calls it) that runs
:func:`name_controls` whenever a window, a page of a stack or a tab appears, so pages,
dialogs and forms built later are named without a line of their own. Explicit names
(``setAccessibleName``) are kept; a page sets one only where none of the above exists.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAccessible, QFont
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractItemView, QAbstractSpinBox, QApplication, QComboBox,
    QBoxLayout, QFormLayout, QGridLayout, QGroupBox, QHeaderView, QLabel, QLayout, QLineEdit,
    QPlainTextEdit, QSlider, QStackedWidget, QTabBar, QTabWidget, QTextEdit, QWidget,
)

from hall_desk import config
from hall_desk.ui.keys import install_filter, plain
from hall_desk.ui.layout_items import parts
from hall_desk.ui.widgets import FONT_RATIO

#: What a person operates: each of these needs a name a screen reader can say.
CONTROLS = (QAbstractButton, QLineEdit, QPlainTextEdit, QTextEdit, QComboBox,
            QAbstractSpinBox, QSlider, QAbstractItemView)
#: Parts of another control (a combo's edit, a spin box's edit, a table's header, a tab
#: bar's scroll arrows): their owner carries the name.
_OWNERS = (QComboBox, QAbstractSpinBox, QAbstractItemView, QTabBar)
#: Controls whose value Qt may give as their name.
VALUED = (QComboBox, QAbstractSpinBox, QLineEdit)


def is_control(widget: QWidget) -> bool:
    """Whether ``widget`` is a control of its own (not a part of another one)."""
    if not isinstance(widget, CONTROLS) or isinstance(widget, QHeaderView):
        return False
    parent = widget.parentWidget()
    while parent is not None and not parent.isWindow():
        if isinstance(parent, _OWNERS):
            return False
        parent = parent.parentWidget()
    return True


def spoken_name(widget: QWidget) -> str:
    """The name a screen reader says for ``widget`` (Qt's accessible interface). A value is
    not a name: on Linux Qt names a combo box after its current choice even when it has an
    accessible name (the reader takes that and the label through relations), so there the
    accessible name counts, and a name that is only the value counts as none."""
    if isinstance(widget, VALUED) and widget.accessibleName().strip():
        return widget.accessibleName().strip()
    interface = QAccessible.queryAccessibleInterface(widget)
    name = interface.text(QAccessible.Text.Name).strip() if interface is not None else ""
    if name and isinstance(widget, VALUED):
        value = widget.currentText() if isinstance(widget, QComboBox) else widget.text()
        if name == value.strip():
            return ""
    return name


def _label_text(text: str) -> str:
    return plain(text).rstrip(":：").strip()


def _controls_in(item_widget: QWidget | None, layout: QLayout | None) -> list[QWidget]:
    found: list[QWidget] = []
    if item_widget is not None:
        found = [item_widget] if is_control(item_widget) else [
            w for w in item_widget.findChildren(QWidget) if is_control(w)]
    elif layout is not None:
        for i in range(layout.count()):
            found += _controls_in(*parts(layout.itemAt(i)))
    return found


def _form_names(root: QWidget) -> dict[QWidget, str]:
    names: dict[QWidget, str] = {}
    for form in root.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            label, _ = parts(form.itemAt(row, QFormLayout.ItemRole.LabelRole))
            field = parts(form.itemAt(row, QFormLayout.ItemRole.FieldRole))
            if not isinstance(label, QLabel) or field == (None, None):
                continue
            text = _label_text(label.text())
            unnamed = [w for w in _controls_in(*field) if not spoken_name(w)]
            if text and len(unnamed) == 1:
                names[unnamed[0]] = text
    return names


def _next_in_row(layout: QLayout, index: int) -> QWidget | None:
    if isinstance(layout, QGridLayout):
        row, column, _rows, columns = layout.getItemPosition(index)
        item = layout.itemAtPosition(row, column + columns)
    elif (isinstance(layout, QBoxLayout) and index + 1 < layout.count()
          and layout.direction() == QBoxLayout.Direction.LeftToRight):
        item = layout.itemAt(index + 1)
    else:
        return None
    return parts(item)[0]


def _beside_names(root: QWidget) -> dict[QWidget, str]:
    names: dict[QWidget, str] = {}
    for layout in root.findChildren(QLayout):
        for index in range(layout.count()):
            label, _ = parts(layout.itemAt(index))
            if not isinstance(label, QLabel) or label.buddy() is not None:
                continue
            field = _next_in_row(layout, index)
            text = _label_text(label.text())
            if field is not None and text and is_control(field):
                names.setdefault(field, text)
    return names


def _container_title(widget: QWidget) -> str:
    child, parent = widget, widget.parentWidget()
    while parent is not None and not parent.isWindow():
        if isinstance(parent, QGroupBox) and parent.title():
            return _label_text(parent.title())
        if isinstance(parent, QStackedWidget) and isinstance(parent.parentWidget(), QTabWidget):
            tabs = parent.parentWidget()
            index = tabs.indexOf(child)
            if index >= 0:
                return _label_text(tabs.tabText(index))
        child, parent = parent, parent.parentWidget()
    return ""


def name_for(widget: QWidget, *found: dict[QWidget, str]) -> str:
    """The name :func:`name_controls` gives ``widget``: the first of the names ``found`` by
    label (buddies, form rows, labels beside), else its own texts (see the module's list)."""
    for names in found:
        if widget in names:
            return names[widget]
    placeholder = getattr(widget, "placeholderText", None)
    if callable(placeholder) and placeholder():
        return placeholder().strip()
    if widget.toolTip():
        return widget.toolTip().strip()
    return _container_title(widget)


def name_controls(root: QWidget) -> list[QWidget]:
    """Give every control under ``root`` (and ``root`` itself) that has no spoken name the
    best name there is; returns the controls still without one."""
    window = root.window()
    candidates = [root] + root.findChildren(QWidget)
    unnamed = [w for w in candidates if is_control(w) and not spoken_name(w)]
    if not unnamed:
        return []
    buddies = {label.buddy(): _label_text(label.text())
               for label in window.findChildren(QLabel) if label.buddy() is not None}
    forms, beside = _form_names(window), _beside_names(window)
    left = []
    for widget in unnamed:
        name = name_for(widget, buddies, forms, beside)
        if name:
            widget.setAccessibleName(name)
        else:
            left.append(widget)
    return left


class NamingFilter(QObject):
    """Names the controls of a window, a stacked page or a tab when it appears."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget):
            parent = watched.parentWidget()
            if watched.isWindow() or isinstance(parent, QStackedWidget):
                name_controls(watched)
        return False


def install(app: QApplication) -> NamingFilter:
    """Install the filter once on ``app``; returns it."""
    return install_filter(app, NamingFilter)


_BASE_SIZE = "hall_desk_base_point_size"
_SIZE_RESOLVED = 0x0002        # QFont::SizeResolved (PySide6 does not export the enum)
_FONT_RATIO = FONT_RATIO


def apply_text_scale(app: QApplication, percent: int) -> float:
    """Make the application's font ``percent`` (one of :data:`config.TEXT_SCALES`) of its
    base size, the size it had at the first call; returns the new point size. Open windows
    change at once: a widget with a size of its own (a title, the page list) keeps its ratio
    to the application's font."""
    if percent not in config.TEXT_SCALES:
        percent = config.LocalConfig.text_scale
    base = app.property(_BASE_SIZE)
    if base is None:
        base = app.font().pointSizeF()
        app.setProperty(_BASE_SIZE, base)
    old = app.font().pointSizeF()
    own_sizes = []                       # (widget, its size as a share of the app's font)
    for widget in app.allWidgets():
        if not isinstance(widget, QWidget):
            continue
        ratio = widget.property(_FONT_RATIO)
        own = widget.font()
        if (ratio is None and widget.testAttribute(Qt.WidgetAttribute.WA_SetFont)
                and own.resolveMask() & _SIZE_RESOLVED and own.pointSizeF() > 0 and old > 0):
            ratio = own.pointSizeF() / old
            widget.setProperty(_FONT_RATIO, ratio)
        if ratio is not None:
            own_sizes.append((widget, float(ratio)))
    font = QFont(app.font())
    font.setPointSizeF(float(base) * percent / 100)
    app.setFont(font)
    if app.styleSheet():                 # the style sheet keeps each widget's font as it was
        app.setStyleSheet(app.styleSheet())    # polished; polishing again takes the new one
    for widget, ratio in own_sizes:
        own = widget.font()
        own.setPointSizeF(font.pointSizeF() * ratio)
        widget.setFont(own)
    return font.pointSizeF()
