"""The signature pad: strokes from the mouse, a pen and a finger become a cropped PNG on white;
clearing empties it; the signature dialog returns name, PNG and the wet-ink choice. Also the
screenshot of the dialog with a drawn signature (``HALL_DESK_SCREENSHOTS=1`` keeps it in
docs/)."""

from __future__ import annotations

import math
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QInputDevice, QPointingDevice, QTabletEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog

from hall_desk.ui import signature_pad
from hall_desk.ui.signature_pad import SignatureDialog, SignaturePad

LEFT = Qt.MouseButton.LeftButton
DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture
def pad(qtbot) -> SignaturePad:
    widget = SignaturePad()
    qtbot.addWidget(widget)
    widget.resize(480, 180)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def draw(qtbot, widget, points: list[tuple[int, int]]) -> None:
    """One stroke with the mouse through ``points``."""
    qtbot.mousePress(widget, LEFT, pos=QPoint(*points[0]))
    for x, y in points[1:]:
        qtbot.mouseMove(widget, QPoint(x, y))
    qtbot.mouseRelease(widget, LEFT, pos=QPoint(*points[-1]))


def _through(points: list[tuple[float, float]], step: float = 4.0) -> list[tuple[int, int]]:
    """The polyline through ``points`` with a point every ``step`` pixels, as a hand moves."""
    out = []
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        n = max(1, round(math.hypot(x1 - x0, y1 - y0) / step))
        out += [(round(x0 + (x1 - x0) * i / n), round(y0 + (y1 - y0) * i / n))
                for i in range(n)]
    return out + [tuple(round(v) for v in points[-1])]


#: 王丽 written quickly, slanted, in pad pixels from the signature's top-left corner.
SIGNATURE = [
    [(4, 10), (40, 6), (48, 8)],                                   # 王
    [(8, 34), (38, 31)],
    [(0, 62), (30, 58), (54, 56)],
    [(26, 4), (25, 30), (22, 60)],
    [(70, 8), (118, 4), (128, 6)],                                 # 丽
    [(76, 20), (74, 62)], [(76, 22), (96, 20), (94, 58), (88, 54)],
    [(80, 32), (84, 40)],
    [(102, 20), (100, 62)], [(102, 22), (124, 19), (122, 60), (116, 55)],
    [(106, 32), (110, 40)],
    [(0, 76), (60, 70), (140, 72), (170, 66)],                     # the flourish under it
]


def scribble(qtbot, widget, left: int = 60, top: int = 30) -> None:
    """A signature (王丽) with the mouse, stroke by stroke."""
    for stroke in SIGNATURE:
        draw(qtbot, widget, _through([(left + x, top + y) for x, y in stroke]))


def dark_pixels(png: bytes) -> int:
    """How many pixels of the PNG are ink (dark), not paper."""
    image = QImage.fromData(png)
    assert not image.isNull()
    return sum(1 for y in range(image.height()) for x in range(image.width())
               if image.pixelColor(x, y).lightness() < 128)


def test_mouse_strokes_make_a_cropped_png_on_white(qtbot, pad):
    assert pad.is_empty() and pad.png_bytes() is None
    assert pad.minimumWidth() >= 360 and pad.minimumHeight() >= 140
    with qtbot.waitSignal(pad.changed):
        draw(qtbot, pad, [(100, 60), (130, 80), (160, 70), (200, 90)])
    assert not pad.is_empty() and pad.stroke_count() == 1
    png = pad.png_bytes()
    assert png.startswith(b"\x89PNG")
    image = QImage.fromData(png)
    assert not image.isNull()
    # cropped to the stroke (100 px by 30 px, plus margins) at twice the size, not the pad
    assert image.width() < pad.width() * signature_pad.PNG_SCALE
    assert 100 * signature_pad.PNG_SCALE <= image.width() <= 140 * signature_pad.PNG_SCALE
    assert image.height() < 70 * signature_pad.PNG_SCALE
    assert image.pixelColor(0, 0).name() == "#ffffff"             # white, not transparent
    assert not image.hasAlphaChannel()
    assert dark_pixels(png) > 20                                   # ink, not blank


def test_clear_empties_the_pad(qtbot, pad):
    scribble(qtbot, pad)
    assert pad.stroke_count() == len(SIGNATURE)
    with qtbot.waitSignal(pad.changed):
        pad.clear()
    assert pad.is_empty() and pad.png_bytes() is None
    with qtbot.assertNotEmitted(pad.changed):
        pad.clear()                                                # nothing to clear


def test_a_tap_is_a_dot(qtbot, pad):
    qtbot.mouseClick(pad, LEFT, pos=QPoint(50, 50))
    assert pad.stroke_count() == 1
    assert dark_pixels(pad.png_bytes()) > 0


def test_a_finger_writes(qtbot, pad):
    device = QTest.createTouchDevice()
    QTest.touchEvent(pad, device).press(0, QPoint(40, 40), pad).commit()
    QTest.touchEvent(pad, device).move(0, QPoint(90, 70), pad).commit()
    QTest.touchEvent(pad, device).move(0, QPoint(140, 50), pad).commit()
    with qtbot.waitSignal(pad.changed):
        QTest.touchEvent(pad, device).release(0, QPoint(170, 60), pad).commit()
    assert pad.stroke_count() == 1 and len(pad._strokes[0]) == 4
    assert dark_pixels(pad.png_bytes()) > 10


def test_a_pen_writes_thicker_when_pressed_harder(qtbot, pad):
    pen = QPointingDevice("test stylus", 7, QInputDevice.DeviceType.Stylus,
                          QPointingDevice.PointerType.Pen,
                          QInputDevice.Capability.Position | QInputDevice.Capability.Pressure,
                          1, 2)
    steps = [(QTabletEvent.Type.TabletPress, QPointF(30, 50), 0.1),
             (QTabletEvent.Type.TabletMove, QPointF(80, 70), 0.5),
             (QTabletEvent.Type.TabletMove, QPointF(130, 60), 1.0),
             (QTabletEvent.Type.TabletRelease, QPointF(160, 65), 1.0)]
    for kind, pos, pressure in steps:
        event = QTabletEvent(kind, pen, pos, QPointF(pad.mapToGlobal(pos)), pressure,
                             0.0, 0.0, 0.0, 0.0, 0.0, Qt.KeyboardModifier.NoModifier,
                             LEFT, LEFT)
        QApplication.sendEvent(pad, event)
        assert event.isAccepted()                  # so no mouse events are synthesized too
    widths = [dot.width for dot in pad._strokes[0]]
    assert pad.stroke_count() == 1 and widths == sorted(widths) and widths[0] < widths[-1]
    assert pad.png_bytes() is not None


@pytest.mark.qt_log_ignore("Mouse event .* not accepted by receiving widget",
                           "This plugin does not support propagateSizeHints")
def test_a_disabled_pad_takes_no_ink(qtbot, pad):
    pad.setEnabled(False)
    draw(qtbot, pad, [(40, 40), (90, 60)])
    assert pad.is_empty()


def test_signature_dialog_returns_name_png_and_paper(qtbot):
    dialog = SignatureDialog("客户签名确认", signer_name="张三丰")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == "客户签名确认"
    assert dialog.name_edit.text() == "张三丰"
    assert not dialog.ok_button.isEnabled()              # nothing signed yet
    assert dialog.clear_button.text() == "清除" and dialog.ok_button.text() == "确定"
    assert dialog.paper_check.text() == "已在纸质原件上签名"
    scribble(qtbot, dialog.pad)
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.clear_button, LEFT)
    assert dialog.pad.is_empty() and not dialog.ok_button.isEnabled()
    scribble(qtbot, dialog.pad)
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert dialog.result() == QDialog.DialogCode.Accepted
    name, png, on_paper = dialog.values()
    assert name == "张三丰" and on_paper is False
    assert dark_pixels(png) > 50


def test_wet_ink_alone_needs_no_drawing(qtbot):
    dialog = SignatureDialog("客户签名确认")
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.ok_button.isEnabled()
    dialog.paper_check.setChecked(True)
    assert not dialog.ok_button.isEnabled()              # the name is still missing
    dialog.name_edit.setText("  李四 ")
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert dialog.values() == ("李四", None, True)


def test_ask_signature_returns_none_when_cancelled(qtbot, monkeypatch):
    monkeypatch.setattr(SignatureDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    assert signature_pad.ask_signature(None, "主管签字", signer_name="王丽") is None
    monkeypatch.setattr(SignatureDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    assert signature_pad.ask_signature(None, "主管签字", signer_name="王丽") == ("王丽", None, False)


def test_the_customer_s_name_is_marked_as_the_customer_s(qtbot):
    from hall_desk.ui import keys

    dialog = SignatureDialog("客户签名确认", customer=True)
    qtbot.addWidget(dialog)
    dialog.show()
    texts = [w.text() for w in dialog.findChildren(type(dialog.hint))]
    assert "客户姓名（客户本人签名）(&S)：" in texts
    assert dialog.name_edit.accessibleName() == "客户姓名" and keys.clashes(dialog) == {}


def test_a_staff_signature_keeps_the_dialog_open_on_a_wrong_pin(qtbot):
    from hall_desk.core.errors import FieldError, ValidationError
    from hall_desk.ui import keys

    tried = []

    def submit(dialog):
        tried.append(dialog.staff_values())
        if dialog.staff_values()[1] != "111111":
            raise ValidationError({"pin": FieldError("pin", "error.signer_pin", name="王丽")})
        return "stored"

    dialog = SignatureDialog("主管签字", signers=[(2, "王丽"), (5, "赵强")], signer_id=5,
                             submit=submit)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.signer_combo.currentText() == "赵强" and keys.clashes(dialog) == {}
    dialog.signer_combo.setCurrentIndex(dialog.signer_combo.findData(2))
    dialog.paper_check.setChecked(True)
    assert not dialog.ok_button.isEnabled() and "PIN" in dialog.hint.text()
    qtbot.keyClicks(dialog.pin_edit, "123456")
    qtbot.keyClick(dialog.pin_edit, Qt.Key.Key_Return)
    assert dialog.errors["pin"].isVisible() and dialog.errors["pin"].text() == "王丽的PIN不正确"
    assert dialog.isVisible() and dialog.pin_edit.text() == "" and dialog.result_value is None
    qtbot.keyClicks(dialog.pin_edit, "111111")
    qtbot.mouseClick(dialog.ok_button, LEFT)
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.result_value == "stored"
    assert tried == [(2, "123456"), (2, "111111")] and dialog.values()[0] == "王丽"


def test_screenshot_of_the_signature_dialog(qtbot, tmp_path):
    out = DOCS if os.environ.get("HALL_DESK_SCREENSHOTS") == "1" else tmp_path
    dialog = SignatureDialog("主管签字 - TS-20261123-A1-0001", signer_name="王丽",
                             name_editable=False,
                             notice="签字后本版本将封存，之后的修改作为补充版本（新版本）。")
    qtbot.addWidget(dialog)
    dialog.resize(600, 380)
    dialog.show()
    qtbot.waitExposed(dialog)
    scribble(qtbot, dialog.pad, left=150, top=78)
    assert dialog.ok_button.isEnabled()
    path = out / "screenshot-signature.png"
    assert dialog.grab().save(str(path))
    assert QImage(str(path)).width() >= 560
