"""The form helpers every form uses: a field above its error line, and a check's problems
shown at their fields with the first wrong field focused."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLineEdit, QPushButton, QWidget

from hall_desk.core.errors import FieldError as FieldProblem
from hall_desk.core.errors import ValidationError
from hall_desk.ui.widgets import FieldError, form_row, show_field_errors


def build_form(qtbot):
    form_widget = QWidget()
    qtbot.addWidget(form_widget)
    form = QFormLayout(form_widget)
    fields = {key: QLineEdit() for key in ("name", "phone", "address")}
    errors = {key: FieldError() for key in fields}
    labels = {key: form_row(form, f"&{key}:", fields[key], errors[key]) for key in fields}
    form_widget.show()
    qtbot.waitExposed(form_widget)
    return form_widget, fields, errors, labels


def test_a_row_labels_its_field_and_keeps_the_error_line_under_it(qtbot):
    _, fields, errors, labels = build_form(qtbot)
    assert labels["phone"].buddy() is fields["phone"]
    assert not errors["phone"].isVisible()
    show_field_errors({"phone": "手机号码格式不对"}, fields, errors)
    assert errors["phone"].isVisible() and errors["phone"].text() == "手机号码格式不对"
    field, line = fields["phone"].geometry(), errors["phone"].geometry()
    assert line.top() >= field.bottom() and line.left() == field.left()


def test_problems_go_to_their_fields_and_the_first_wrong_field_in_form_order_gets_focus(qtbot):
    form_widget, fields, errors, _ = build_form(qtbot)
    form_widget.activateWindow()
    # the check names the address first; the clerk meets the phone first
    exc = ValidationError({"address": FieldProblem("address", "error.required"),
                           "phone": FieldProblem("phone", "error.required"),
                           "pin": FieldProblem("pin", "error.required")})
    others = show_field_errors(exc, fields, errors)
    assert others == [exc.errors["pin"].message()]      # no field for it here: handed back
    assert errors["address"].isVisible() and errors["phone"].isVisible()
    assert not errors["name"].isVisible()
    qtbot.waitUntil(lambda: fields["phone"].hasFocus())


def test_a_layout_can_be_the_field_with_its_own_buddy(qtbot):
    form_widget = QWidget()
    qtbot.addWidget(form_widget)
    form = QFormLayout(form_widget)
    edit, button, error = QLineEdit(), QPushButton("…"), FieldError()
    row = QHBoxLayout()
    row.addWidget(edit)
    row.addWidget(button)
    label = form_row(form, "&Folder:", row, error, buddy=edit)
    assert label.buddy() is edit
    assert edit.parentWidget() is button.parentWidget() is error.parentWidget()


def test_a_button_flow_wraps_to_its_width_and_leaves_no_gap_for_a_hidden_button(qtbot):
    from PySide6.QtWidgets import QVBoxLayout

    from hall_desk.ui.widgets import ButtonFlow

    window = QWidget()
    qtbot.addWidget(window)
    box = QVBoxLayout(window)
    box.setContentsMargins(0, 0, 0, 0)
    flow = ButtonFlow()
    box.addWidget(flow)
    box.addStretch(1)
    buttons = [flow.add(QPushButton(text)) for text in ("开始接待", "更正通知", "结束接待",
                                                         "取消接待", "打印接待记录")]
    one_row = flow.sizeHint().width()
    window.resize(one_row, 300)
    window.show()
    qtbot.waitExposed(window)
    assert len({b.y() for b in buttons}) == 1                    # wide enough: one row
    widest = max(b.sizeHint().width() for b in buttons)
    assert flow.minimumSizeHint().width() == widest              # it may narrow to one a row
    window.resize(one_row // 2, 300)
    qtbot.waitUntil(lambda: len({b.y() for b in buttons}) > 2)   # rows of its width
    assert all(b.width() >= b.sizeHint().width() for b in buttons)   # none squeezed
    qtbot.waitUntil(lambda: all(flow.rect().contains(b.geometry()) for b in buttons))
    rows = len({b.y() for b in buttons})
    buttons[0].hide()
    qtbot.waitUntil(lambda: buttons[1].pos().isNull())            # the next takes its place
    assert len({b.y() for b in buttons[1:]}) <= rows


def test_the_read_only_tables_frame_their_current_cell_as_the_queue_does(qtbot):
    from hall_desk.ui.pages.statistics_page import _new_table
    from hall_desk.ui.widgets import FocusedCell, table

    # the frame itself: tests/ui/test_accessibility.py on the queue
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QFocusEvent
    from PySide6.QtWidgets import QApplication

    for view in (table(["时间", "内容"]), _new_table("stats")):
        qtbot.addWidget(view)
        assert not isinstance(view.itemDelegate(), FocusedCell)   # Qt's own without focus
        QApplication.sendEvent(view, QFocusEvent(QEvent.Type.FocusIn))
        assert isinstance(view.itemDelegate(), FocusedCell)
        QApplication.sendEvent(view, QFocusEvent(QEvent.Type.FocusOut))
        assert not isinstance(view.itemDelegate(), FocusedCell)
