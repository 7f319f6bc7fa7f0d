"""The signature pad: a customer or a supervisor signs on screen with a mouse, a pen (tablet
events, with pressure) or a finger (touch), and the strokes become a cropped PNG on white.

``SignatureDialog`` wraps the pad with the signer's name and the wet-ink alternative ("signed
on the paper original": the signed printout came back), for ``services.records.sign``. A
staff box (:func:`ask_staff_signature`) is signed by a member of staff chosen from the list
who types her PIN: the service checks it, and a wrong one is said at the PIN field with the
dialog still open; the customer's box (:func:`ask_signature` with ``customer=True``) takes
the customer's name typed, marked as the customer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen,
                           QTabletEvent)
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout,
                               QLabel, QLineEdit, QPushButton, QSizePolicy, QVBoxLayout, QWidget)

from hall_desk.core import i18n
from hall_desk.core.errors import HallError, ValidationError
from hall_desk.ui import palette
from hall_desk.ui.widgets import FieldError, field_cell, pin_edit, show_field_errors

INK = QColor(palette.INK)          # dark blue-black, like a ballpoint
PAPER = QColor(palette.PAPER)
MOUSE_WIDTH = 2.6                  # pen width in pixels for mouse and touch
PEN_MIN, PEN_MAX = 1.2, 4.2        # tablet pen width at no / full pressure
PNG_SCALE = 2                      # the PNG is drawn at twice the screen size, for printing
PNG_MARGIN = 8                     # white border around the strokes in the PNG, in pad pixels
NAME_MAX = 64


@dataclass(frozen=True)
class _Dot:
    pos: QPointF
    width: float


class SignaturePad(QWidget):
    """A white pad with a baseline; draws what the mouse, pen or finger writes.

    Signals:
        changed(): a stroke was finished, or the pad was cleared.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signaturePad")
        self._strokes: list[list[_Dot]] = []
        self._drawing = False
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents, True)
        self.setMinimumSize(360, 140)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setToolTip(self.tr("Sign with the mouse, a pen or a finger"))
        self.setAccessibleName(self.tr("Signature pad"))

    def sizeHint(self) -> QSize:           # noqa: N802 (Qt's name)
        return QSize(520, 200)

    # -- the public face ---------------------------------------------------------------------

    def is_empty(self) -> bool:
        return not self._strokes

    def clear(self) -> None:
        had_strokes = bool(self._strokes)
        self._strokes.clear()
        self._drawing = False
        self.update()
        if had_strokes:
            self.changed.emit()

    def stroke_count(self) -> int:
        return len(self._strokes)

    def png_bytes(self) -> bytes | None:
        """The strokes cropped to their bounds (plus a margin), black-blue on white, as PNG;
        None while nothing is written."""
        if not self._strokes:
            return None
        bounds = self._bounds()
        width = max(1, round(bounds.width() * PNG_SCALE))
        height = max(1, round(bounds.height() * PNG_SCALE))
        image = QImage(width, height, QImage.Format.Format_RGB32)
        image.fill(PAPER)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(PNG_SCALE, PNG_SCALE)
        painter.translate(-bounds.topLeft())
        self._paint_strokes(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        return bytes(data.data())

    # -- drawing -----------------------------------------------------------------------------

    def _bounds(self) -> QRectF:
        xs = [dot.pos.x() for stroke in self._strokes for dot in stroke]
        ys = [dot.pos.y() for stroke in self._strokes for dot in stroke]
        pad = PNG_MARGIN + max(dot.width for stroke in self._strokes for dot in stroke)
        return QRectF(min(xs) - pad, min(ys) - pad,
                      max(xs) - min(xs) + 2 * pad, max(ys) - min(ys) + 2 * pad)

    def _paint_strokes(self, painter: QPainter) -> None:
        for stroke in self._strokes:
            if len(stroke) == 1:               # a tap: a dot
                dot = stroke[0]
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(INK)
                painter.drawEllipse(dot.pos, dot.width / 2, dot.width / 2)
                continue
            for a, b in zip(stroke, stroke[1:]):
                pen = QPen(INK, (a.width + b.width) / 2, Qt.PenStyle.SolidLine,
                           Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
                painter.setPen(pen)
                painter.drawLine(a.pos, b.pos)

    def baseline_y(self) -> float:
        return self.height() * 0.72

    def paintEvent(self, event: QPaintEvent) -> None:   # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        enabled = self.isEnabled()
        painter.fillRect(self.rect(), PAPER if enabled else self.palette().window().color())
        frame = QColor(palette.PAD_FRAME) if enabled else QColor(palette.PAD_FRAME_OFF)
        painter.setPen(QPen(frame, 1))
        painter.drawRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5))
        # the line to sign on, with the cross that marks where to start
        y = self.baseline_y()
        left, right = 24.0, self.width() - 24.0
        painter.setPen(QPen(QColor(palette.PAD_GUIDE), 1.2))
        painter.drawLine(QPointF(left, y), QPointF(right, y))
        painter.drawLine(QPointF(left, y - 14), QPointF(left + 10, y - 4))
        painter.drawLine(QPointF(left + 10, y - 14), QPointF(left, y - 4))
        if not self._strokes:
            painter.setPen(QColor(palette.PAD_GUIDE))
            font = painter.font()
            font.setPointSizeF(font.pointSizeF() * 1.3)
            painter.setFont(font)
            painter.drawText(QRectF(0, 0, self.width(), y - 6),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                             self.tr("Sign here"))
        self._paint_strokes(painter)
        painter.end()

    # -- input: pen, stroke by stroke --------------------------------------------------------

    def _begin(self, pos: QPointF, width: float) -> None:
        self._drawing = True
        self._strokes.append([_Dot(QPointF(pos), width)])
        self.update()

    def _extend(self, pos: QPointF, width: float) -> None:
        if not self._drawing:
            return
        stroke = self._strokes[-1]
        if stroke and (stroke[-1].pos - pos).manhattanLength() < 0.5:
            return
        stroke.append(_Dot(QPointF(pos), width))
        self.update()

    def _end(self, pos: QPointF | None = None, width: float = MOUSE_WIDTH) -> None:
        if not self._drawing:
            return
        if pos is not None:
            self._extend(pos, width)
        self._drawing = False
        self.changed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:   # noqa: N802 (Qt's name)
        if event.button() == Qt.MouseButton.LeftButton and self.isEnabled():
            self._begin(event.position(), MOUSE_WIDTH)
            event.accept()
        else:
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:    # noqa: N802 (Qt's name)
        if self._drawing:
            self._extend(event.position(), MOUSE_WIDTH)
            event.accept()
        else:
            super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        if event.button() == Qt.MouseButton.LeftButton and self._drawing:
            self._end(event.position())
            event.accept()
        else:
            super().mouseReleaseEvent(event)

    def tabletEvent(self, event: QTabletEvent) -> None:     # noqa: N802 (Qt's name)
        """A pen: its pressure sets the width. Accepted, so Qt synthesizes no mouse events."""
        if not self.isEnabled():
            event.ignore()
            return
        width = PEN_MIN + (PEN_MAX - PEN_MIN) * max(0.0, min(1.0, event.pressure()))
        kind = event.type()
        if kind == QTabletEvent.Type.TabletPress:
            self._begin(event.position(), width)
        elif kind == QTabletEvent.Type.TabletMove:
            self._extend(event.position(), width)
        elif kind == QTabletEvent.Type.TabletRelease:
            self._end(event.position(), width)
        event.accept()

    def event(self, event) -> bool:                          # noqa: D401 (Qt's name)
        """Touch: the first finger writes; accepted, so no mouse events are synthesized."""
        kind = event.type()
        touch = (event.Type.TouchBegin, event.Type.TouchUpdate, event.Type.TouchEnd,
                 event.Type.TouchCancel)
        if kind in touch:
            if not self.isEnabled():
                event.ignore()
                return False
            points = event.points()
            if kind == event.Type.TouchCancel:
                self._end()
            elif points:
                pos = points[0].position()
                if kind == event.Type.TouchBegin:
                    self._begin(pos, MOUSE_WIDTH)
                elif kind == event.Type.TouchUpdate:
                    self._extend(pos, MOUSE_WIDTH)
                else:
                    self._end(pos)
            event.accept()
            return True
        return super().event(event)

    def changeEvent(self, event) -> None:                    # noqa: N802 (Qt's name)
        if event.type() == event.Type.EnabledChange:
            self.update()
        super().changeEvent(event)


class SignatureDialog(QDialog):
    """Who signs, the pad, and "signed on the paper original" for wet ink.

    ``values()`` (after ``exec()`` accepted) is ``(signer_name, png or None, on_paper)``:
    png is None when nothing was drawn (a wet-ink signature alone).

    With ``signers`` ((staff id, name) pairs) the signer is chosen from the list and
    confirms with her PIN (``signer_combo``, ``pin_edit``); ``submit(dialog)`` then stores
    the signature when OK is pressed: a ValidationError it raises is shown at its field
    (``errors``: "signer_staff", "pin") and the dialog stays open. ``customer``: the name
    typed is the customer's, and the dialog says so.

    Attributes:
        name_edit, pad, paper_check, clear_button, ok_button: the parts, for tests.
    """

    def __init__(self, title: str, parent: QWidget | None = None, *, signer_name: str = "",
                 notice: str = "", name_editable: bool = True,
                 signers: list[tuple[int, str]] | None = None, signer_id: int | None = None,
                 submit: Callable[[SignatureDialog], object] | None = None,
                 customer: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("signatureDialog")
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        if notice:
            notice_label = QLabel(notice, self)
            notice_label.setObjectName("signatureNotice")
            notice_label.setWordWrap(True)
            notice_label.setStyleSheet(palette.text_style(palette.WARNING, "font-weight: bold;"))
            layout.addWidget(notice_label)
        form = QFormLayout()
        self.name_edit = QLineEdit(signer_name, self)
        self.name_edit.setObjectName("signerName")
        self.name_edit.setMaxLength(NAME_MAX)
        self.name_edit.setReadOnly(not name_editable)
        self.signers, self.submit, self.result_value = signers, submit, None
        self.signer_combo: QComboBox | None = None
        self.pin_edit: QLineEdit | None = None
        self.errors: dict[str, FieldError] = {}
        if signers is not None:
            self._build_staff_rows(form, signers, signer_id)
        elif customer:
            label = QLabel(i18n.text("signature.customer_name"), self)
            label.setBuddy(self.name_edit)
            self.name_edit.setAccessibleName(i18n.text("field.customer_name"))
            form.addRow(label, self.name_edit)
        else:
            form.addRow(self.tr("&Signer:"), self.name_edit)
        layout.addLayout(form)
        self.pad = SignaturePad(self)
        layout.addWidget(self.pad, 1)
        self.paper_check = QCheckBox(self.tr("Signed on the paper original"), self)
        self.paper_check.setObjectName("onPaper")
        self.paper_check.setToolTip(self.tr(
            "The record was printed with blank signature lines, signed in ink, and the "
            "signed paper came back"))
        layout.addWidget(self.paper_check)
        self.hint = QLabel(self)
        self.hint.setObjectName("signatureHint")
        self.hint.setStyleSheet(palette.MUTED_STYLE)
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        buttons = QDialogButtonBox(self)
        self.clear_button = QPushButton(self.tr("Clear"), self)
        self.clear_button.setObjectName("clearSignature")
        self.clear_button.setAutoDefault(False)
        buttons.addButton(self.clear_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.ok_button = buttons.addButton(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("OK"))
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("Cancel"))
        layout.addWidget(buttons)
        self.clear_button.clicked.connect(self.pad.clear)
        buttons.accepted.connect(self._accept_if_complete)
        buttons.rejected.connect(self.reject)
        self.pad.changed.connect(self._update_state)
        self.paper_check.toggled.connect(self._update_state)
        self.name_edit.textChanged.connect(self._update_state)
        self._update_state()
        if not signer_name:
            self.name_edit.setFocus()

    def _build_staff_rows(self, form: QFormLayout, signers: list[tuple[int, str]],
                          signer_id: int | None) -> None:
        """The staff list and the PIN that confirms the one chosen."""
        self.name_edit.setVisible(False)
        self.signer_combo = QComboBox(self)
        self.signer_combo.setObjectName("signerStaff")
        self.signer_combo.addItem(i18n.text("signature.choose"), None)
        for staff_id, name in signers:
            self.signer_combo.addItem(name, staff_id)
        self.signer_combo.setCurrentIndex(max(0, self.signer_combo.findData(signer_id)))
        self.pin_edit = pin_edit(self)
        self.pin_edit.setObjectName("signerPin")
        self.errors = {"signer_staff": FieldError(self), "pin": FieldError(self)}
        for key, widget, text in (("signer_staff", self.signer_combo,
                                   i18n.text("signature.staff")),
                                  ("pin", self.pin_edit, i18n.text("signature.pin"))):
            label = QLabel(text, self)
            label.setBuddy(widget)
            widget.setAccessibleName(i18n.text(f"field.{key}"))
            form.addRow(label, field_cell(widget, self.errors[key]))
        self.signer_combo.currentIndexChanged.connect(self._signer_changed)
        self.pin_edit.textChanged.connect(self._update_state)
        self.pin_edit.returnPressed.connect(self._accept_if_complete)

    def _signer_changed(self) -> None:
        self.name_edit.setText(self.signer_combo.currentText()
                               if self.signer_combo.currentData() is not None else "")
        self.pin_edit.clear()
        for label in self.errors.values():
            label.clear_error()
        self._update_state()

    def staff_values(self) -> tuple[int | None, str]:
        """(the chosen staff member's id, the PIN typed); (None, "") without a list."""
        if self.signer_combo is None:
            return None, ""
        return self.signer_combo.currentData(), self.pin_edit.text()

    def _name(self) -> str:
        if self.signer_combo is not None:
            return self.signer_combo.currentText() if self.signer_combo.currentData() else ""
        return self.name_edit.text().strip()

    def is_complete(self) -> bool:
        if self.pin_edit is not None and not self.pin_edit.text():
            return False
        return bool(self._name()) and (not self.pad.is_empty() or self.paper_check.isChecked())

    def _update_state(self) -> None:
        self.ok_button.setEnabled(self.is_complete())
        self.clear_button.setEnabled(not self.pad.is_empty())
        if self.signer_combo is not None and not self._name():
            self.hint.setText(i18n.text("signature.choose_hint"))
        elif self.pin_edit is not None and not self.pin_edit.text():
            self.hint.setText(i18n.text("signature.pin_hint"))
        elif not self._name():
            self.hint.setText(self.tr("Enter the signer's name."))
        elif self.pad.is_empty() and not self.paper_check.isChecked():
            self.hint.setText(self.tr("Sign on the pad, or tick the box if the signed paper "
                                      "original came back."))
        else:
            self.hint.setText("")

    def _accept_if_complete(self) -> None:
        if not self.is_complete():
            return
        if self.submit is not None:
            for label in self.errors.values():
                label.clear_error()
            try:
                self.result_value = self.submit(self)
            except ValidationError as exc:
                fields = {"signer_staff": self.signer_combo, "pin": self.pin_edit}
                shown = {k: w for k, w in fields.items() if w is not None}
                rest = show_field_errors(exc, shown, self.errors)
                if rest:
                    self.hint.setText("\n".join(rest))
                if self.pin_edit is not None:
                    self.pin_edit.clear()          # a PIN is typed again, never kept
                return
            except HallError as exc:               # e.g. the one chosen may not sign here
                target = self.errors.get("signer_staff")
                if target is not None:
                    target.show_error(exc.message())
                else:
                    self.hint.setText(exc.message())
                return
        self.accept()

    def values(self) -> tuple[str, bytes | None, bool]:
        return self._name(), self.pad.png_bytes(), self.paper_check.isChecked()


def ask_staff_signature(parent: QWidget | None, title: str,
                        signers: list[tuple[int, str]], submit: Callable[[SignatureDialog], object],
                        *, signer_id: int | None = None, notice: str = "") -> object | None:
    """A staff box signed by someone chosen from ``signers`` with her PIN: ``submit(dialog)``
    stores it (its refusals are shown in the dialog); what it returned, or None when
    cancelled. Tests patch this."""
    dialog = SignatureDialog(title, parent, notice=notice, signers=signers,
                             signer_id=signer_id, submit=submit)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.result_value
    finally:
        dialog.deleteLater()


def ask_signature(parent: QWidget | None, title: str, *, signer_name: str = "",
                  notice: str = "", name_editable: bool = True, customer: bool = False
                  ) -> tuple[str, bytes | None, bool] | None:
    """Show a SignatureDialog; its values, or None when cancelled. Tests patch this."""
    dialog = SignatureDialog(title, parent, signer_name=signer_name, notice=notice,
                             name_editable=name_editable, customer=customer)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.values()
    finally:
        dialog.deleteLater()
