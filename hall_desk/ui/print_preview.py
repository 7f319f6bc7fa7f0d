"""Print preview, printing and Save as PDF for the sheets the printing service builds.

The services return PDF bytes (:mod:`hall_desk.services.printing`); here they are shown with
QtPdf (:class:`PrintPreviewDialog`), printed through the system print dialog, or saved.

Printing renders each page of the :class:`QPdfDocument` to an image at the printer's
resolution (at most :data:`MAX_PRINT_DPI`, so an A4 page stays a few tens of MB) and paints
it on the :class:`QPrinter`, scaled down only when the chosen paper is smaller than the page.

The modal system dialogs are behind :func:`choose_printer` and :func:`choose_save_path`, so
tests replace them instead of clicking a native dialog.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (QBuffer, QByteArray, QCoreApplication, QIODevice, QMarginsF,
                            QPointF, QRectF, QSize, QSizeF, Qt)
from PySide6.QtGui import QColor, QImage, QKeySequence, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (QComboBox, QDialog, QFileDialog, QHBoxLayout, QLabel,
                               QPushButton, QToolButton, QVBoxLayout, QWidget)

from hall_desk import paths
from hall_desk.core import i18n
from hall_desk.ui import dialogs, palette
from hall_desk.ui.widgets import fit_to_screen

log = logging.getLogger(__name__)

MAX_PRINT_DPI = 300            # pages are rendered at the printer's resolution up to this
PREVIEW_SIZE = (900, 980)
ZOOM_STEP = 1.25
ZOOM_MIN, ZOOM_MAX = 0.25, 4.0



# -- the modal system dialogs (tests replace these) ------------------------------------------

def choose_printer(parent: QWidget | None, printer: QPrinter, title: str) -> bool:
    """Show the system print dialog for ``printer``; True if the person pressed Print."""
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(title)
    dialog.setOption(QPrintDialog.PrintDialogOption.PrintToFile, True)
    return dialog.exec() == QDialog.DialogCode.Accepted


def choose_save_path(parent: QWidget | None, suggested_name: str) -> str:
    """Ask where to save a PDF ("" when cancelled)."""
    start = str(Path.home() / suggested_name)
    caption = QCoreApplication.translate("print_preview", "Save as PDF")
    kinds = QCoreApplication.translate("print_preview", "PDF files (*.pdf)")
    path, _ = QFileDialog.getSaveFileName(parent, caption, start, kinds)
    if path and not path.lower().endswith(".pdf"):
        path += ".pdf"
    return path


# -- PDF bytes in and out --------------------------------------------------------------------

class LoadedPdf:
    """A :class:`QPdfDocument` loaded from bytes, keeping its buffer alive with it."""

    def __init__(self, data: bytes, parent=None) -> None:
        self.data = bytes(data)
        self._bytes = QByteArray(self.data)
        self._buffer = QBuffer(self._bytes)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(parent)
        self.document.load(self._buffer)
        if self.document.status() != QPdfDocument.Status.Ready:
            raise ValueError(f"not a readable PDF: {self.document.error()}")

    def page_count(self) -> int:
        return self.document.pageCount()


def save_pdf(parent: QWidget | None, data: bytes, suggested_name: str) -> str | None:
    """Ask where, and write the PDF there; the path written, or None (cancelled or failed,
    the failure shown)."""
    path = choose_save_path(parent, suggested_name)
    if not path:
        return None
    try:
        paths.write_atomically(path, data)
    except OSError as exc:
        log.warning("cannot save %s: %s", path, exc)
        dialogs.error(parent, QCoreApplication.translate("print_preview",
                                                         "Cannot save the PDF to %1: %2")
                      .replace("%1", path).replace("%2", exc.strerror or str(exc)))
        return None
    log.info("saved a PDF to %s", path)
    return path


# -- printing --------------------------------------------------------------------------------

def _page_size(document: QPdfDocument, page: int) -> QPageSize:
    points = document.pagePointSize(page)
    return QPageSize(QSizeF(points.width(), points.height()), QPageSize.Unit.Point, "",
                     QPageSize.SizeMatchPolicy.FuzzyMatch)


def prepare_printer(printer: QPrinter, document: QPdfDocument) -> None:
    """Propose the document's own paper (A4, A5, the 80 mm roll) with no margins: the sheets
    carry their own."""
    if document.pageCount():
        printer.setPageSize(_page_size(document, 0))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)
    printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)


def render_page(document: QPdfDocument, page: int, dpi: int) -> QImage:
    """One page as an opaque image on white at ``dpi``."""
    points = document.pagePointSize(page)
    size = QSize(max(1, round(points.width() * dpi / 72)),
                 max(1, round(points.height() * dpi / 72)))
    rendered = document.render(page, size)
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(QColor(palette.PAPER))
    painter = QPainter(image)
    painter.drawImage(0, 0, rendered)
    painter.end()
    image.setDotsPerMeterX(round(dpi / 0.0254))
    image.setDotsPerMeterY(round(dpi / 0.0254))
    return image


def paint_document(document: QPdfDocument, printer: QPrinter,
                   progress: Callable[[int, int], None] | None = None) -> int:
    """Paint every page of ``document`` on ``printer`` (one printed page per PDF page); the
    number of pages painted. A page is printed at its real size, scaled down only to fit a
    smaller paper, centred across and from the top."""
    pages = document.pageCount()
    if pages == 0:
        return 0
    dpi = max(72, min(printer.resolution(), MAX_PRINT_DPI))
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError(QCoreApplication.translate("print_preview",
                                                     "The printer could not be started."))
    try:
        for page in range(pages):
            if page:
                printer.newPage()
            image = render_page(document, page, dpi)
            paper = printer.paperRect(QPrinter.Unit.DevicePixel) if printer.fullPage() \
                else printer.pageRect(QPrinter.Unit.DevicePixel)
            points = document.pagePointSize(page)
            width = points.width() * printer.resolution() / 72
            height = points.height() * printer.resolution() / 72
            scale = min(1.0, paper.width() / width, paper.height() / height)
            width, height = width * scale, height * scale
            left = (paper.width() - width) / 2 if printer.fullPage() else 0.0
            target = QRectF(QPointF(left, 0.0), QSizeF(width, height))
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(target, image)
            if progress is not None:
                progress(page + 1, pages)
    finally:
        painter.end()
    return pages


def print_pdf(parent: QWidget | None, data: bytes | LoadedPdf, title: str) -> bool:
    """Ask for a printer with the system dialog and print the PDF; True if it was printed.
    A failure is shown, never raised."""
    try:
        loaded = data if isinstance(data, LoadedPdf) else LoadedPdf(data)
    except ValueError as exc:
        message = QCoreApplication.translate("print_preview", "The document cannot be printed: %1")
        dialogs.error(parent, message.replace("%1", str(exc)))
        return False
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    prepare_printer(printer, loaded.document)
    caption = QCoreApplication.translate("print_preview", "Print %1").replace("%1", title)
    if not choose_printer(parent, printer, caption):
        return False
    try:
        pages = paint_document(loaded.document, printer)
    except OSError as exc:
        log.warning("printing %s failed: %s", title, exc)
        message = QCoreApplication.translate("print_preview", "Printing failed: %1")
        dialogs.error(parent, message.replace("%1", str(exc)))
        return False
    log.info("printed %s (%d pages) on %s", title, pages,
             printer.printerName() or printer.outputFileName())
    return True


# -- the preview -----------------------------------------------------------------------------

class PrintPreviewDialog(QDialog):
    """A sheet as it will print: pages, zoom, Print…, Save as PDF…, Close.

    ``variants`` (optional) are other layouts of the same sheet, label -> a function building
    its PDF (the receipt's A5 and 80 mm); a choice rebuilds and shows it.

    Attributes:
        loaded: the :class:`LoadedPdf` shown; ``document`` its QPdfDocument.
        view: the QPdfView.
        page_label, prev_button, next_button, zoom_in_button, zoom_out_button, fit_combo,
        variant_combo, print_button, save_button, close_button: the controls.
        printed: True once the sheet was printed from here.
    """

    def __init__(self, data: bytes, title: str, parent: QWidget | None = None, *,
                 suggested_name: str = "", variants: dict[str, Callable[[], bytes]] | None = None,
                 variant: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("printPreview")
        self.title = title
        self.suggested_name = suggested_name or "sheet.pdf"
        self.variants = dict(variants or {})
        self.printed = False
        self.setWindowTitle(self.tr("Print preview - %1").replace("%1", title))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        fit_to_screen(self, PREVIEW_SIZE)      # the pages scroll; the buttons stay on screen

        self.view = QPdfView(self)
        self.view.setObjectName("pdfView")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.view.setStyleSheet(f"QPdfView {{ background: {palette.MUTED}; }}")

        self.prev_button = self._tool(self.tr("◀ Previous page"), self.previous_page,
                                      QKeySequence.StandardKey.MoveToPreviousPage)
        self.next_button = self._tool(self.tr("Next page ▶"), self.next_page,
                                      QKeySequence.StandardKey.MoveToNextPage)
        self.page_label = QLabel(self)
        self.page_label.setObjectName("pageLabel")
        self.zoom_out_button = self._tool("－", lambda: self.zoom_by(1 / ZOOM_STEP),
                                          QKeySequence.StandardKey.ZoomOut)
        self.zoom_out_button.setToolTip(self.tr("Zoom out"))
        self.zoom_in_button = self._tool("＋", lambda: self.zoom_by(ZOOM_STEP),
                                         QKeySequence.StandardKey.ZoomIn)
        self.zoom_in_button.setToolTip(self.tr("Zoom in"))
        self.fit_combo = QComboBox(self)
        self.fit_combo.addItem(self.tr("Fit width"), QPdfView.ZoomMode.FitToWidth)
        self.fit_combo.addItem(self.tr("Whole page"), QPdfView.ZoomMode.FitInView)
        self.fit_combo.addItem(self.tr("Actual size"), QPdfView.ZoomMode.Custom)
        self.fit_combo.currentIndexChanged.connect(self._fit_changed)
        self.fit_combo.setAccessibleName(i18n.text("access.zoom_mode"))
        self.variant_combo = QComboBox(self)
        self.variant_combo.setObjectName("variantCombo")
        self.variant_combo.setAccessibleName(i18n.text("access.sheet_layout"))
        for label in self.variants:
            self.variant_combo.addItem(label)
        if variant in self.variants:
            self.variant_combo.setCurrentText(variant)
        self.variant_combo.currentTextChanged.connect(self.show_variant)
        self.variant_combo.setVisible(len(self.variants) > 1)
        top = QHBoxLayout()
        top.addWidget(self.prev_button)
        top.addWidget(self.page_label)
        top.addWidget(self.next_button)
        top.addSpacing(16)
        top.addWidget(self.zoom_out_button)
        top.addWidget(self.zoom_in_button)
        top.addWidget(self.fit_combo)
        top.addStretch(1)
        top.addWidget(self.variant_combo)

        self.print_button = QPushButton(self.tr("&Print…"), self)
        self.print_button.setObjectName("printButton")
        self.print_button.setDefault(True)
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.print_button.clicked.connect(self.print_document)
        self.save_button = QPushButton(self.tr("&Save as PDF…"), self)
        self.save_button.setObjectName("savePdfButton")
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save_document)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.print_button)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)

        self.loaded: LoadedPdf | None = None
        self.view.pageNavigator().currentPageChanged.connect(self._update_page)
        self.set_pdf(data)
        self.print_button.setFocus()

    def _tool(self, text: str, slot, shortcut) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setShortcut(QKeySequence(shortcut))
        button.setAutoRaise(True)
        button.clicked.connect(slot)
        return button

    @property
    def document(self) -> QPdfDocument:
        assert self.loaded is not None
        return self.loaded.document

    @property
    def data(self) -> bytes:
        assert self.loaded is not None
        return self.loaded.data

    def set_pdf(self, data: bytes) -> None:
        old = self.loaded
        self.loaded = LoadedPdf(data, self)
        self.view.setDocument(self.loaded.document)
        if old is not None:
            old.document.deleteLater()
        self._update_page()

    def show_variant(self, label: str) -> None:
        build = self.variants.get(label)
        if build is None:
            return
        try:
            self.set_pdf(build())
        except Exception as exc:      # noqa: BLE001 - a print must never crash the window
            log.exception("building %s failed", label)
            dialogs.error(self, self.tr("The sheet could not be built: %1").replace("%1", str(exc)))

    # -- navigation and zoom -------------------------------------------------------------------
    def current_page(self) -> int:
        return self.view.pageNavigator().currentPage()

    def go_to_page(self, page: int) -> None:
        count = self.document.pageCount()
        if count == 0:
            return
        page = max(0, min(count - 1, page))
        self.view.pageNavigator().jump(page, QPointF(), self.view.pageNavigator().currentZoom())
        self._update_page()

    def previous_page(self) -> None:
        self.go_to_page(self.current_page() - 1)

    def next_page(self) -> None:
        self.go_to_page(self.current_page() + 1)

    def zoom_by(self, factor: float) -> None:
        zoom = max(ZOOM_MIN, min(ZOOM_MAX, self.view.zoomFactor() * factor))
        self.fit_combo.blockSignals(True)
        self.fit_combo.setCurrentIndex(self.fit_combo.findData(QPdfView.ZoomMode.Custom))
        self.fit_combo.blockSignals(False)
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(zoom)

    def _fit_changed(self) -> None:
        mode = self.fit_combo.currentData()
        self.view.setZoomMode(mode)
        if mode == QPdfView.ZoomMode.Custom:
            self.view.setZoomFactor(1.0)

    def _update_page(self, *_args) -> None:
        count = self.loaded.page_count() if self.loaded else 0
        page = min(self.current_page(), max(0, count - 1))
        self.page_label.setText(self.tr("Page %1 of %2")
                                .replace("%1", str(page + 1 if count else 0))
                                .replace("%2", str(count)))
        self.prev_button.setEnabled(page > 0)
        self.next_button.setEnabled(page < count - 1)

    # -- print and save ------------------------------------------------------------------------
    def print_document(self) -> bool:
        assert self.loaded is not None
        if print_pdf(self, self.loaded, self.title):
            self.printed = True
            return True
        return False

    def save_document(self) -> str | None:
        return save_pdf(self, self.data, self.suggested_name)


def show_preview(parent: QWidget | None, data: bytes, title: str, *, suggested_name: str = "",
                 variants: dict[str, Callable[[], bytes]] | None = None,
                 variant: str = "") -> PrintPreviewDialog:
    """Open a preview window-modally (the caller keeps working with its result later); the
    dialog deletes itself when closed."""
    dialog = PrintPreviewDialog(data, title, parent, suggested_name=suggested_name,
                                variants=variants, variant=variant)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    dialog.open()
    return dialog
