"""Entry script of the PyInstaller bundle (build.spec): runs ``hall_desk.__main__.main``.

With ``HALL_DESK_BUNDLE_SELFTEST=1`` it instead checks, inside the frozen bundle, the parts
that PyInstaller most often leaves out (lazily imported modules, data files, Qt plugins) and
exits non-zero when one is missing. ``.ci/run`` runs it after every build.
"""

from __future__ import annotations

import os
import sys


def _selftest() -> int:
    import tempfile
    from datetime import date

    import hall_desk
    from hall_desk import paths

    print(f"hall-desk {hall_desk.__version__} bundle self-test, resources: {paths.resources_dir()}")
    font = paths.resource_path("fonts", "wqy-microhei.ttc")
    assert font.is_file(), f"missing {font}"

    # phonenumbers loads its per-region metadata modules on first use.
    import phonenumbers
    assert phonenumbers.is_valid_number(phonenumbers.parse("13800138000", "CN"))
    assert phonenumbers.is_valid_number(phonenumbers.parse("010 6552 9988", "CN"))

    from pypinyin import lazy_pinyin   # reads pinyin_dict.json beside its modules
    assert lazy_pinyin("大厅") == ["da", "ting"], lazy_pinyin("大厅")

    import chinese_calendar
    assert not chinese_calendar.is_workday(date(2024, 10, 1))

    import platformdirs
    assert platformdirs.user_data_dir("hall-desk")

    # peewee on SQLite with the real migrations; psycopg2 behind playhouse's URL parser.
    from hall_desk.store.connection import close_database, make_database, open_database
    with tempfile.TemporaryDirectory() as tmp:
        open_database(path=os.path.join(tmp, "t.sqlite3"))
        close_database()
    pg = make_database(url="postgresql://u@127.0.0.1:1/x")   # builds, does not connect
    assert type(pg).__name__ == "HallPostgresqlDatabase", type(pg)   # imports psycopg2

    # reportlab's C accelerator, which reportlab imports by a name built at run time
    from reportlab.lib import rl_accel
    assert rl_accel.fp_str.__module__ == "_rl_accel", rl_accel.fp_str.__module__

    # reportlab: the bundled CJK font and a standard font (its own data files).
    from io import BytesIO

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas
    pdfmetrics.registerFont(TTFont("WQY", str(font), subfontIndex=0))
    out = BytesIO()
    pdf = canvas.Canvas(out)
    pdf.setFont("WQY", 12)
    pdf.drawString(72, 720, "客服大厅 hall")
    pdf.setFont("Helvetica", 12)
    pdf.drawString(72, 700, "Helvetica")
    pdf.save()
    assert out.getvalue().startswith(b"%PDF")

    # Qt: the platform plugin (offscreen or xcb), the font and a rendered widget.
    from PySide6.QtGui import QFontDatabase, QImageReader
    from PySide6.QtWidgets import QApplication, QLabel
    app = QApplication.instance() or QApplication(["hall-desk"])
    assert QFontDatabase.addApplicationFont(str(font)) >= 0, "Qt cannot load the font"
    assert b"png" in [bytes(f) for f in QImageReader.supportedImageFormats()]
    label = QLabel("客服大厅")
    label.resize(200, 40)
    assert not label.grab().isNull()

    # the print preview (QtPdf) shows the PDF made above; verify-pdf reads it back (pypdf)
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPdfWidgets import QPdfView
    buffer = QBuffer()
    buffer.setData(QByteArray(out.getvalue()))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    assert document.pageCount() == 1, "QtPdf cannot read the PDF"
    assert not document.render(0, QSize(200, 280)).isNull()
    QPdfView().setDocument(document)
    from pypdf import PdfReader
    assert "hall" in PdfReader(BytesIO(out.getvalue())).pages[0].extract_text()

    # the statistics charts (QtCharts) and the Excel export (openpyxl)
    from PySide6.QtCharts import QBarSeries, QBarSet, QChart, QChartView
    chart = QChart()
    series = QBarSeries()
    series.append(QBarSet("投诉"))
    chart.addSeries(series)
    QChartView(chart).resize(200, 100)
    import openpyxl
    workbook = openpyxl.Workbook()
    workbook.active.append(["工单编号", "受理时间"])
    workbook.save(BytesIO())
    print(f"Qt platform: {app.platformName()}")
    print("self-test ok")
    return 0


def run() -> int:
    if os.environ.get("HALL_DESK_BUNDLE_SELFTEST") == "1":
        return _selftest()
    from hall_desk.__main__ import main
    return main()


if __name__ == "__main__":
    raise SystemExit(run())
