"""The print preview: a sheet's PDF loaded with QtPdf, pages and zoom, printing through a
QPrinter (to a PDF file here: as many pages as the document), Save as PDF written whole or
not at all. Also the screenshot of the preview with a record sheet (``HALL_DESK_SCREENSHOTS=1``
keeps it in docs/)."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter

from hall_desk.services import printing, tickets
from hall_desk.store.models import Ticket
from hall_desk.ui import dialogs, print_preview
from hall_desk.ui.print_preview import PrintPreviewDialog

DOCS = Path(__file__).resolve().parents[2] / "docs"
LEFT = Qt.MouseButton.LeftButton


def register(hall, **extra) -> Ticket:
    data = {"kind": "complaint", "channel": "walk-in", "category": "service_quality",
            "customer_name": "张三丰", "phone": "13812345678", "content": "窗口排队无人解释。",
            "demand": "要求说明。", "confirmed_by_customer": True, **extra}
    return tickets.register(hall["liuyang"], data)


@pytest.fixture
def long_record(hall) -> bytes:
    """A record sheet of several pages: the customer's account runs long."""
    story = "\n\n".join(f"第{i}段：客户反映在营业厅办理业务时排队时间过长，工作人员解释不清。" * 12
                        for i in range(1, 12))
    ticket = register(hall, content=story[:5000])
    return printing.sheet(hall["wangli"], ticket.id, "record")


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


@pytest.fixture
def preview(qtbot, long_record) -> PrintPreviewDialog:
    dialog = PrintPreviewDialog(long_record, "客户投诉记录表", suggested_name="record.pdf")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_preview_loads_the_pdf_and_pages_through_it(preview, long_record):
    pages = preview.document.pageCount()
    assert pages == len(PdfReader(__import__("io").BytesIO(long_record)).pages) > 1
    assert preview.view.document() is preview.document
    assert preview.page_label.text() == f"第 1 / {pages} 页"
    assert not preview.prev_button.isEnabled() and preview.next_button.isEnabled()
    preview.next_page()
    assert preview.current_page() == 1 and preview.page_label.text() == f"第 2 / {pages} 页"
    assert preview.prev_button.isEnabled()
    preview.go_to_page(99)
    assert preview.current_page() == pages - 1 and not preview.next_button.isEnabled()
    assert preview.print_button.text() == "打印(&P)…"
    assert preview.save_button.text() == "另存为PDF(&S)…"
    assert preview.close_button.text() == "关闭"


def test_zoom(preview):
    assert preview.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
    preview.zoom_by(2.0)
    assert preview.view.zoomMode() == QPdfView.ZoomMode.Custom
    first = preview.view.zoomFactor()
    preview.zoom_in_button.click()
    assert preview.view.zoomFactor() > first
    preview.fit_combo.setCurrentIndex(preview.fit_combo.findData(QPdfView.ZoomMode.FitInView))
    assert preview.view.zoomMode() == QPdfView.ZoomMode.FitInView


def test_a_pdf_that_is_not_one_is_refused():
    with pytest.raises(ValueError):
        print_preview.LoadedPdf(b"not a pdf at all")


def test_printing_paints_every_page_on_the_printer(tmp_path, long_record):
    loaded = print_preview.LoadedPdf(long_record)
    out = tmp_path / "printed.pdf"
    printer = pdf_printer(out)
    print_preview.prepare_printer(printer, loaded.document)
    seen = []
    painted = print_preview.paint_document(loaded.document, printer,
                                           progress=lambda n, of: seen.append((n, of)))
    pages = loaded.page_count()
    assert painted == pages and seen[-1] == (pages, pages)
    printed = PdfReader(out)
    assert len(printed.pages) == pages
    box = printed.pages[0].mediabox                     # the sheet's own paper: A4
    assert abs(float(box.width) - 595.3) < 2 and abs(float(box.height) - 841.9) < 2


def test_print_button_goes_through_the_print_dialog(preview, tmp_path, monkeypatch, qtbot):
    out = tmp_path / "via-dialog.pdf"
    asked = []

    def accept(parent, printer, title):
        asked.append(title)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return True

    monkeypatch.setattr(print_preview, "choose_printer", accept)
    qtbot.mouseClick(preview.print_button, LEFT)
    assert asked == ["打印 客户投诉记录表"] and preview.printed
    assert len(PdfReader(out).pages) == preview.document.pageCount()


def test_cancelled_print_dialog_prints_nothing(preview, monkeypatch):
    monkeypatch.setattr(print_preview, "choose_printer", lambda *a: False)
    assert not preview.print_document() and not preview.printed


def test_save_as_pdf_writes_the_file(preview, tmp_path, monkeypatch, long_record):
    target = tmp_path / "saved" / "TS-record.pdf"
    target.parent.mkdir()
    offered = []
    monkeypatch.setattr(print_preview, "choose_save_path",
                        lambda parent, name: offered.append(name) or str(target))
    assert preview.save_document() == str(target)
    assert offered == ["record.pdf"]
    assert target.read_bytes() == long_record
    assert [p.name for p in target.parent.iterdir()] == ["TS-record.pdf"]   # no .part left


def test_save_as_pdf_failure_is_shown_and_leaves_nothing(preview, tmp_path, monkeypatch):
    target = tmp_path / "missing-folder" / "x.pdf"
    monkeypatch.setattr(print_preview, "choose_save_path", lambda *a: str(target))
    shown = []
    monkeypatch.setattr(dialogs, "error", lambda parent, text, **kw: shown.append(text))
    assert preview.save_document() is None
    assert shown and "无法保存" in shown[0]
    assert not target.parent.exists()


def test_save_cancelled(preview, monkeypatch):
    monkeypatch.setattr(print_preview, "choose_save_path", lambda *a: "")
    assert preview.save_document() is None


def test_receipt_preview_switches_between_a5_and_80mm(qtbot, hall):
    ticket = register(hall)
    actor = hall["liuyang"]
    built = {fmt: printing.sheet(actor, ticket.id, "receipt", receipt_format=fmt)
             for fmt in ("a5", "80mm")}
    dialog = PrintPreviewDialog(built["a5"], "受理回执", variants={
        "A5回执": lambda: built["a5"], "80毫米小票": lambda: built["80mm"]}, variant="A5回执")
    qtbot.addWidget(dialog)
    assert dialog.variant_combo.isVisibleTo(dialog)
    a5_width = dialog.document.pagePointSize(0).width()
    dialog.variant_combo.setCurrentText("80毫米小票")
    assert dialog.data == built["80mm"]
    assert dialog.document.pagePointSize(0).width() < a5_width / 1.5


def test_screenshot_of_the_preview_with_a_record_sheet(qtbot, hall, tmp_path):
    from hall_desk.services import demo
    from hall_desk.services.context import clock

    out = DOCS if os.environ.get("HALL_DESK_SCREENSHOTS") == "1" else tmp_path
    today = datetime(2026, 11, 23, 9, 30)
    demo.fill(40, today=today)
    rich = max(Ticket.select().where((Ticket.status == "archived")
                                     & (Ticket.kind == "complaint")),
               key=lambda t: len(tickets.describe(t, hall["wangli"]).history))
    with clock(lambda: today):
        data = printing.sheet(hall["wangli"], rich.id, "record")
    dialog = PrintPreviewDialog(data, f"客户投诉记录表 {rich.number}")
    qtbot.addWidget(dialog)
    dialog.resize(900, 980)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.wait(400)                       # QPdfView renders the pages in the background
    path = out / "screenshot-preview.png"
    assert dialog.grab().save(str(path))
    image = QImage(str(path))
    middle = image.pixelColor(image.width() // 2, image.height() // 3)
    assert middle.lightness() > 200       # a rendered white page, not the grey backdrop
