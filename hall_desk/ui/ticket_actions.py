"""The small form of one lifecycle action (judge, assign, analyse, propose, ...).

:data:`ACTION_FIELDS` says which fields each action of
:func:`hall_desk.services.lifecycle.act` takes; :class:`ActionForm` builds them with an error
line under each, turns them into the service's ``data`` dict, and shows a
:class:`~hall_desk.core.errors.ValidationError` at the fields it names. The form keeps what was
typed until it is closed, whatever the service answers. :class:`ActionDialog` offers one
action outside the ticket detail (the receipt's 转派).
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDateTimeEdit, QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
    QPlainTextEdit, QPushButton, QVBoxLayout, QWidget,
)

from hall_desk.core import hotline, i18n
from hall_desk.core.enums import CallbackMethod, CauseClass, Satisfaction, TargetKind
from hall_desk.core.errors import HallError, ValidationError
from hall_desk.services import catalog, lifecycle, refusals, tickets
from hall_desk.services.context import Actor, now
from hall_desk.services.lifecycle import FORWARD_TO_SUPERVISOR, REPLY_METHODS
from hall_desk.ui import dialogs
from hall_desk.ui.phrase_panel import PhrasePanel
from hall_desk.ui.widgets import FieldError, form_row, show_field_errors

TEXT_HEIGHT = 64

#: action -> [(field key, editor kind)]; every action also takes a ``note``.
ACTION_FIELDS: dict[str, list[tuple[str, str]]] = {
    "judge_valid": [("reason", "line")],
    "judge_invalid": [("reason", "text"), ("basis", "basis")],
    "settle_on_spot": [("reply_method", "reply_method"), ("reply_content", "text")],
    "forward": [("forward_to", "forward_to")],
    "assign": [("department", "department"), ("handler_a", "handler"),
               ("handler_b", "handler_optional")],
    "analyse": [("cause_class", "cause"), ("cause_analysis", "text")],
    "propose": [("solution", "text"), ("compensation_amount", "line"),
                ("compensation_method", "line"), ("compensation_due", "datetime")],
    "approve": [("instruction", "text")],
    "send_back": [("instruction", "text")],
    "implement": [("implementation", "text")],
    "reply": [("reply_method", "reply_method"), ("reply_content", "text")],
    "callback": [("satisfaction", "satisfaction"), ("customer_words", "text"),
                 ("method", "callback_method")],
    "archive": [("summary", "text")],
    "archive_without_callback": [("summary", "text")],
    "review": [("review_note", "text")],
    "review_send_back": [("review_note", "text")],
    "close_unreachable": [("reason", "text")],
    "set_target": [("target_kind", "target_kind"), ("target_staff", "handler_optional"),
                   ("target_department", "department"), ("target_text", "line")],
    # services.hotline.link: the work order as the intake takes it; the note is the reason
    "link_hotline": [("hotline_source", "hotline_source"), ("hotline_number", "line"),
                     ("hotline_due_at", "optional_time")],
}
#: actions whose texts speak to the customer: the phrase panel and the vague-promise check
PHRASE_FIELDS = {"reply": ("reply_content",), "settle_on_spot": ("reply_content",),
                 "propose": ("solution",), "callback": ("customer_words",)}
#: the forms whose texts are the hall's promises (the vague-promise check); the callback's
#: text is the customer's words
PROMISE_CHECKED = frozenset({"reply", "settle_on_spot", "propose"})


#: Characters a choice box shows at the least; a longer choice does not widen the form.
COMBO_CHARS = 16


class OptionalTime(QWidget):
    """A time that may be left out: a check box switching a date-and-time field (the
    hotline's own limit, as on the intake form). ``value()`` is None while unchecked."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check = QCheckBox()
        self.edit = QDateTimeEdit(QDateTime(now().replace(second=0) + timedelta(days=1)))
        self.edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.edit.setCalendarPopup(True)
        self.edit.setEnabled(False)
        self.check.toggled.connect(self.edit.setEnabled)
        for widget in (self.check, self.edit):
            widget.setAccessibleName(name)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.check)
        row.addWidget(self.edit, 1)
        self.setFocusProxy(self.check)

    def value(self):
        return self.edit.dateTime().toPython() if self.check.isChecked() else None

    def set_value(self, value) -> None:
        self.check.setChecked(value is not None)
        if value is not None:
            self.edit.setDateTime(QDateTime(value))


class ActionForm(QWidget):
    """The fields of one action with Save and Cancel.

    Signals:
        submitted: Save was pressed (the dialog calls the service and answers with
            :meth:`show_errors` or closes the form).
        cancelled: Cancel was pressed.

    Attributes:
        action: the lifecycle action, e.g. ``"assign"``.
        fields: field key -> its editor (QLineEdit, QPlainTextEdit, QComboBox, QDateTimeEdit).
        errors: field key -> its :class:`~hall_desk.ui.widgets.FieldError` line.
        hint: a line above the fields (e.g. whom the complaint is about), hidden when empty.
        save_button, cancel_button: the form's buttons.
        phrase_panel: phrases at hand and the vague-promise warning (replies and solutions;
            else None).
    """

    submitted = Signal()
    cancelled = Signal()

    def __init__(self, action: str, parent: QWidget | None = None, *,
                 department_id: int | None = None, hint: str = "",
                 emotion: str | None = None) -> None:
        super().__init__(parent)
        self.action = action
        self.hint = QLabel(hint)
        self.hint.setObjectName("actionHint")
        self.hint.setWordWrap(True)
        self.hint.setVisible(bool(hint))
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, FieldError] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key, kind in ACTION_FIELDS.get(action, []) + [("note", "line")]:
            editor = self._editor(key, kind, department_id)
            self.fields[key] = editor
            self.errors[key] = FieldError()
            form_row(form, self._label(key) + ":", editor, self.errors[key])
        if "department" in self.fields:
            self.fields["department"].currentIndexChanged.connect(self._department_changed)
        self.save_button = QPushButton(self.tr("&Save"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.submit)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancelled)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.hint)
        outer.addLayout(form)
        self.phrase_panel: PhrasePanel | None = None
        if action in PHRASE_FIELDS:
            texts = {key: self.fields[key] for key in PHRASE_FIELDS[action]}
            place = "callback" if action == "callback" else "reply"
            self.phrase_panel = PhrasePanel(place, self, list(texts.values()))
            self.phrase_panel.set_emotion(emotion)      # 愤怒/焦虑: reassurance first
            if action in PROMISE_CHECKED:
                self.phrase_panel.watch(texts, "reply")
            outer.addWidget(self.phrase_panel)
        outer.addLayout(buttons)

    def submit(self) -> None:
        """Save: a vague promise (尽快…) in a reply or solution is asked about first. A warning,
        not a refusal: the word list cannot know every context, and a customer waiting at
        the counter must not be kept from an answer by a false alarm."""
        warnings = self.phrase_panel.check_promises() if self.phrase_panel else {}
        if warnings and not dialogs.confirm(self, i18n.text(
                "phrases.confirm", warnings="\n".join(warnings.values()))):
            next(iter(self.fields[k] for k in warnings)).setFocus()
            return
        self.submitted.emit()

    def _label(self, key: str) -> str:
        if key == "method":
            return self.tr("Callback method")
        return i18n.text(f"field.{key}")

    def _editor(self, key: str, kind: str, department_id: int | None) -> QWidget:
        if kind == "line":
            edit = QLineEdit()
            edit.setMaxLength(64 if key.startswith("compensation")
                              else hotline.NUMBER_MAX if key == "hotline_number" else 5000)
            if key == "compensation_amount":
                edit.setPlaceholderText(self.tr("e.g. 200.00 (leave empty for none)"))
            return edit
        if kind == "text":
            edit = QPlainTextEdit()
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(TEXT_HEIGHT)
            return edit
        if kind == "optional_time":
            return OptionalTime(self._label(key))
        if kind == "datetime":
            edit = QDateTimeEdit(QDateTime(now().replace(second=0) + timedelta(days=7)))
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
            edit.setCalendarPopup(True)
            return edit
        combo = QComboBox()     # a long choice (a basis in English) is read in the open list
        combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(COMBO_CHARS)
        choose = self.tr("— choose —")
        if kind == "basis":             # a listed basis or the clerk's own words
            combo.setEditable(True)
            combo.addItem("")
            for text, basis in refusals.choices():
                combo.addItem(text, basis)      # the record keeps the Chinese
            return combo
        if kind == "reply_method":
            if self.action != "settle_on_spot":
                combo.addItem(choose, "")
            for code in REPLY_METHODS:
                combo.addItem(i18n.text(f"reply.{code}"), code)
        elif kind == "cause":
            combo.addItem(choose, "")
            for code in CauseClass.codes():
                combo.addItem(i18n.text(f"cause.{code}"), code)
        elif kind == "satisfaction":
            combo.addItem(choose, "")
            for code in Satisfaction.grades():
                combo.addItem(i18n.text(f"satisfaction.{code}"), code)
        elif kind == "target_kind":
            combo.addItem(choose, "")
            for code in TargetKind.codes():
                combo.addItem(i18n.text(f"target.{code}"), code)
        elif kind == "hotline_source":
            combo.addItem(i18n.text("hotline.none"), "")
            for source in hotline.SOURCES:
                combo.addItem(source.title(), source.code)
        elif kind == "callback_method":
            for code in CallbackMethod.codes():
                combo.addItem(i18n.text(f"callback.method.{code}"), code)
        elif kind == "forward_to":          # the supervisor on duty, or a department
            combo.addItem(i18n.text("forward.supervisor"), FORWARD_TO_SUPERVISOR)
            for dep in catalog.departments():
                combo.addItem(dep.name, dep.code)
        elif kind == "department":
            combo.addItem(choose, "")
            for dep in catalog.departments():
                combo.addItem(dep.name, dep.code)
                if dep.id == department_id:
                    combo.setCurrentIndex(combo.count() - 1)
        elif kind in ("handler", "handler_optional"):
            self._fill_handlers(combo, kind == "handler_optional", department_id)
        return combo

    def _fill_handlers(self, combo: QComboBox, optional: bool, department_id: int | None) -> None:
        chosen = combo.currentData()
        combo.clear()
        combo.addItem(self.tr("(none)") if optional else self.tr("— choose —"), "")
        for person in catalog.handlers(department_id):
            combo.addItem(person.name, person.code)
        combo.setCurrentIndex(max(0, combo.findData(chosen)))

    def _department_changed(self) -> None:
        """Staff of the chosen department first in the handler lists (the choice is kept)."""
        code = self.fields["department"].currentData()
        dep_id = next((d.id for d in catalog.departments() if d.code == code), None)
        self._fill_handlers(self.fields["handler_a"], False, dep_id)
        self._fill_handlers(self.fields["handler_b"], True, dep_id)

    # -- values and errors -----------------------------------------------------------------
    def value(self, key: str):
        editor = self.fields[key]
        if isinstance(editor, QLineEdit):
            return editor.text()
        if isinstance(editor, QPlainTextEdit):
            return editor.toPlainText()
        if isinstance(editor, QComboBox):
            if not editor.isEditable():
                return editor.currentData()
            listed = editor.findText(editor.currentText())     # a listed one: its data
            return (editor.itemData(listed) if listed >= 0 else None) or editor.currentText()
        if isinstance(editor, QDateTimeEdit):
            return editor.dateTime().toPython()
        if isinstance(editor, OptionalTime):
            return editor.value()
        raise TypeError(key)

    def fill(self, values: dict) -> None:
        """Start the fields from ``values`` (field key -> value), e.g. the link a ticket has."""
        for key, value in values.items():
            editor = self.fields.get(key)
            if isinstance(editor, QLineEdit):
                editor.setText(value or "")
            elif isinstance(editor, QComboBox):
                editor.setCurrentIndex(max(0, editor.findData(value or "")))
            elif isinstance(editor, OptionalTime):
                editor.set_value(value)

    def data(self) -> dict:
        """The action's ``data`` for :func:`~hall_desk.services.lifecycle.act`."""
        out = {key: self.value(key) for key in self.fields}
        if self.action == "propose" and not (out["compensation_amount"].strip()
                                             or out["compensation_method"].strip()):
            out.pop("compensation_due")          # no compensation, no deadline for it
        return {k: v for k, v in out.items() if v not in ("", None)}

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.clear_error()

    def show_errors(self, exc: ValidationError) -> list[str]:
        """Show each problem under its field and focus the first; returns the messages of
        problems this form has no field for."""
        self.clear_errors()
        return show_field_errors(exc, self.fields, self.errors)

    def focus_first(self) -> None:
        next(iter(self.fields.values())).setFocus()


class ActionDialog(QDialog):
    """One lifecycle action on a ticket, in a dialog of its own: the action's form, saved
    through :func:`hall_desk.services.lifecycle.act` with the version read when it opened.
    A field's problem is shown at the field, anything else on ``problem``; accepted when
    saved.

    Attributes:
        form: the :class:`ActionForm`; problem: the line for a refusal of no field.
    """

    def __init__(self, actor: Actor, ticket_id: int, action: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor, self.ticket_id, self.action = actor, ticket_id, action
        self.version = tickets.ref(ticket_id).version
        self.setWindowTitle(i18n.text(f"action.{action}"))
        self.form = ActionForm(action, self)
        self.problem = FieldError()
        self.form.submitted.connect(self.save)
        self.form.cancelled.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.problem)
        self.setMinimumWidth(420)
        self.form.focus_first()

    def save(self) -> bool:
        self.problem.clear_error()
        try:
            lifecycle.act(self.actor, self.ticket_id, self.version, self.action, self.form.data())
        except ValidationError as exc:
            rest = self.form.show_errors(exc)
            if rest:
                self.problem.show_error("\n".join(rest))
            return False
        except HallError as exc:                  # a stale version, a step no longer legal
            self.problem.show_error(exc.message())
            return False
        self.accept()
        return True
