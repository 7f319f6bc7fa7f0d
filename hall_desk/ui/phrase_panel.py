"""Phrases at hand (服务用语): a compact, keyboard-first list of the counter's words beside a
form (intake, the reply, the callback), and the vague-promise warning under it.

Keys, anywhere in the host form, without leaving the text being typed:

- Alt+1 … Alt+9 insert phrase 1 … 9 of the moment shown at the cursor of the text field
  last focused (the focus stays there);
- Alt+PgDown / Alt+PgUp show the next / previous moment;
- Alt+0 goes into the list to browse (arrows; Left/Right change the moment); Enter inserts
  the chosen phrase and Esc returns to the text without inserting.

The panel never takes the focus by itself: the list is out of the Tab chain and the moment
choice takes no focus. For an upset or anxious customer (:meth:`PhrasePanel.set_emotion`)
the reassurance phrases are offered first. :meth:`PhrasePanel.watch` shows, live, a warning
under the panel when a watched text holds a vague promise (``core.phrases``).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QApplication, QComboBox, QGroupBox, QLabel, QLineEdit, QListWidget, QListWidgetItem,
    QPlainTextEdit, QVBoxLayout, QWidget,
)

from hall_desk.core import i18n
from hall_desk.core import phrases as rules
from hall_desk.services import phrases
from hall_desk.ui import palette
from hall_desk.ui.widgets import WrapLabel

SHOWN = 9                  # phrases reachable by Alt+1..9
TextField = QLineEdit | QPlainTextEdit
BROWSE_KEYS = (Qt.Key.Key_Escape, Qt.Key.Key_Return, Qt.Key.Key_Enter)


def insert_at_cursor(field: TextField, text: str) -> None:
    """Insert ``text`` at the field's cursor (replacing a selection), as typing would."""
    if isinstance(field, QLineEdit):
        field.insert(text)
    else:
        field.textCursor().insertText(text)
        field.ensureCursorVisible()


def field_text(field: TextField) -> str:
    return field.text() if isinstance(field, QLineEdit) else field.toPlainText()


class PhrasePanel(QGroupBox):
    """The phrase list of one place (``"intake"``, ``"reply"`` or ``"callback"``).

    Signals:
        inserted(str): a phrase was inserted into a text field.

    Attributes:
        place: the place, a key of ``core.phrases.PLACES``.
        template: the phrase template in force when the panel was made.
        moment_combo: the moment shown. phrase_list: its phrases, numbered 1..9.
        warning: the vague-promise warning line (hidden while the texts are fine).
        targets: the text fields phrases go into; ``target`` the last one focused.
    """

    inserted = Signal(str)

    def __init__(self, place: str, host: QWidget, targets: list[TextField],
                 parent: QWidget | None = None) -> None:
        super().__init__(i18n.text("phrases.panel.title"), parent)
        self.setObjectName("phrasePanel")
        self.place = place
        self.template = phrases.template()
        self.targets = list(targets)
        self.target: TextField | None = self.targets[0] if self.targets else None
        self._upset = False
        self._watched: list[tuple[TextField, str, str]] = []
        self.moment_combo = QComboBox()
        self.moment_combo.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.moment_combo.currentIndexChanged.connect(self._show_moment)
        self.phrase_list = QListWidget()
        self.phrase_list.setObjectName("phraseList")
        self.phrase_list.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.phrase_list.setWordWrap(True)
        self.phrase_list.setMinimumHeight(self.fontMetrics().lineSpacing() * 4 + 10)
        self.phrase_list.itemActivated.connect(lambda item: self.insert_row(
            self.phrase_list.row(item)))
        self.phrase_list.installEventFilter(self)
        self.hint = QLabel(i18n.text("phrases.panel.keys"))
        self.hint.setToolTip(i18n.text("phrases.panel.keys_tip"))
        self.phrase_list.setToolTip(i18n.text("phrases.panel.keys_tip"))
        self.hint.setStyleSheet(palette.MUTED_STYLE)
        self.warning = WrapLabel()     # its lines never squeeze the list above it
        self.warning.setObjectName("promiseWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(palette.WARNING_STYLE)
        self.warning.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setSpacing(4)
        layout.addWidget(self.moment_combo)
        layout.addWidget(self.phrase_list, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.warning)
        keys = [(f"Alt+{n}", lambda n=n: self.insert_row(n - 1)) for n in range(1, SHOWN + 1)]
        keys += [("Alt+PgDown", lambda: self.step_moment(1)),
                 ("Alt+PgUp", lambda: self.step_moment(-1)),
                 ("Alt+0", self.browse)]
        for sequence, slot in keys:
            shortcut = QShortcut(QKeySequence(sequence), host)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        QApplication.instance().focusChanged.connect(self._focus_changed)
        self._fill_moments()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        """The words in force each time the panel comes into view (an administrator may have
        edited them since)."""
        self.reload()
        super().showEvent(event)

    def reload(self) -> None:
        template = phrases.template()
        if template != self.template:
            self.template = template
            self._fill_moments()
            self.check_promises()

    # -- moments ---------------------------------------------------------------------------
    def moments(self) -> list[rules.Moment]:
        return [rules.Moment(self.moment_combo.itemData(i))
                for i in range(self.moment_combo.count())]

    def _fill_moments(self, chosen: rules.Moment | None = None) -> None:
        keep = chosen or self.moment_combo.currentData()
        self.moment_combo.blockSignals(True)
        self.moment_combo.clear()
        for moment in rules.moments_for(self.place, self._upset):
            self.moment_combo.addItem(i18n.text(f"phrases.moment.{moment.value}"), moment)
        index = self.moment_combo.findData(keep) if keep is not None else 0
        self.moment_combo.setCurrentIndex(max(0, index))
        self.moment_combo.blockSignals(False)
        self._show_moment()

    def set_emotion(self, emotion: str | None) -> None:
        """The customer's recorded state of mind: angry, anxious or agitated shows the
        reassurance first."""
        self.set_upset(rules.is_upset(emotion))

    def set_upset(self, upset: bool) -> None:
        """Offer the reassurance phrases, first, while the customer is upset."""
        was_upset, self._upset = self._upset, upset
        if upset and not was_upset:
            self._fill_moments(rules.Moment.REASSURANCE)
        elif was_upset and not upset:
            self._fill_moments()

    def show_moment(self, moment: rules.Moment) -> None:
        index = self.moment_combo.findData(moment)
        if index >= 0:
            self.moment_combo.setCurrentIndex(index)

    def step_moment(self, step: int) -> None:
        count = self.moment_combo.count()
        if count:
            self.moment_combo.setCurrentIndex((self.moment_combo.currentIndex() + step) % count)

    def current_moment(self) -> rules.Moment | None:
        data = self.moment_combo.currentData()      # Qt keeps the enum as its str value
        return rules.Moment(data) if data else None

    def shown(self) -> list[rules.Phrase]:
        moment = self.current_moment()
        return self.template.of(moment)[:SHOWN] if moment else []

    def _show_moment(self) -> None:
        self.phrase_list.clear()
        english = i18n.language() == "en"
        for n, phrase in enumerate(self.shown(), 1):
            line = f"{n}  {phrase.zh}"
            if english and phrase.en:
                line += f"\n    {phrase.en}"
            item = QListWidgetItem(line)
            self.phrase_list.addItem(item)
        if self.phrase_list.count():
            self.phrase_list.setCurrentRow(0)

    # -- inserting -------------------------------------------------------------------------
    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and new in self.targets:
            self.target = new  # type: ignore[assignment]

    def insert_row(self, row: int) -> bool:
        """Insert phrase ``row`` (0-based) of the moment shown into the target at its cursor;
        the focus goes back to (or stays in) the target."""
        shown = self.shown()
        if not 0 <= row < len(shown) or self.target is None:
            return False
        target = self.target
        if not target.isEnabled() or target.isReadOnly():
            return False
        insert_at_cursor(target, shown[row].zh)
        if self.phrase_list.hasFocus():
            target.setFocus(Qt.FocusReason.OtherFocusReason)
        self.inserted.emit(shown[row].zh)
        return True

    def browse(self) -> None:
        """Go into the list (Alt+0); Enter inserts, Esc returns."""
        self.phrase_list.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if self.phrase_list.currentRow() < 0 and self.phrase_list.count():
            self.phrase_list.setCurrentRow(0)

    def back(self) -> None:
        if self.target is not None:
            self.target.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        if watched is not self.phrase_list or event.type() not in (
                QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        key = event.key()  # type: ignore[attr-defined]
        if event.type() == QEvent.Type.ShortcutOverride:
            if key in BROWSE_KEYS:
                event.accept()      # Esc and Enter are the list's here, not the form's
                return True
            return False
        if key == Qt.Key.Key_Escape:
            self.back()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.insert_row(self.phrase_list.currentRow())
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self.step_moment(1 if key == Qt.Key.Key_Right else -1)
        else:
            return False            # arrows up and down, Home, End: the list's own
        return True

    # -- vague promises --------------------------------------------------------------------
    def watch(self, fields: dict[str, TextField], mode: str) -> None:
        """Check ``fields`` (field key -> editor) for vague promises as they change."""
        for key, field in fields.items():
            self._watched.append((field, key, mode))
            field.textChanged.connect(lambda *_a: self.check_promises())
        self.check_promises()

    def promise_warnings(self) -> dict[str, str]:
        """Field key -> the warning for each watched text with a vague promise."""
        out: dict[str, str] = {}
        for field, key, mode in self._watched:
            found = rules.vague_promises(field_text(field), self.template, mode)
            if found:
                out[key] = phrases.warning(key, found)
        return out

    def check_promises(self) -> dict[str, str]:
        warnings = self.promise_warnings()
        self.warning.setText("\n".join("⚠ " + w for w in warnings.values()))
        # room for two wrapped lines a warning: a layout counts a wrapped label as one line
        self.warning.setMinimumHeight(self.warning.fontMetrics().lineSpacing() * 2
                                      * len(warnings))
        self.warning.setVisible(bool(warnings))
        return warnings
