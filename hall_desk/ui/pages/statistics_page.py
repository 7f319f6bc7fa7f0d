"""The statistics dashboard: a date range and department, the headline figures, an
early-warning banner, a chart per figure with its numbers one click away as a table, the
per-staff assessment table (supervisors only) and the exports.

Every number comes from :func:`hall_desk.services.statistics.overview` (counted in SQL); the
page only draws. The modal file dialog is behind :meth:`StatisticsPage.ask_save_path` so
tests replace it.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QDateTimeAxis, QHorizontalBarSeries,
    QLineSeries,
    QPieSeries, QValueAxis,
)
from PySide6.QtCore import QDate, QDateTime, QMargins, Qt, QTime
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDateEdit, QFileDialog, QFrame, QGridLayout, QHBoxLayout,
    QHeaderView, QLabel, QPushButton, QScrollArea, QStackedWidget, QTableWidget,
    QTableWidgetItem, QToolButton, QVBoxLayout, QWidget,
)

from hall_desk.core import i18n
from hall_desk.core import statistics as rules
from hall_desk.core.auth import may
from hall_desk.core.errors import HallError, ValidationError
from hall_desk.services import agreements, catalog, export, statistics
from hall_desk.services.context import now
from hall_desk.ui import dialogs, palette
from hall_desk.ui.pages.base import PageContext
from hall_desk.ui.widgets import FieldError, frame_focused_cell

log = logging.getLogger(__name__)

DEFAULT_DAYS = 30
BAR_COLOR = QColor(palette.CHART_BAR)
PIE_COLORS = [QColor(palette.SATISFIED), QColor(palette.BASIC), QColor(palette.UNSATISFIED)]
CHART_HEIGHT = 260


def _fill_table(table: QTableWidget, header: list[str], rows: list[list[Any]]) -> None:
    table.clear()
    table.setColumnCount(len(header))
    table.setRowCount(len(rows))
    table.setHorizontalHeaderLabels(header)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem("" if value is None else str(value))
            if isinstance(value, (int, float)) or (isinstance(value, str) and value.endswith("%")):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()


def _new_table(name: str) -> QTableWidget:
    table = QTableWidget()
    table.setObjectName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return frame_focused_cell(table)


class ChartCard(QFrame):
    """One figure: its title, a chart, and a button that flips to the numbers as a table.

    Attributes:
        key: the statistics table key (``by_kind``, ``trend``...).
        toggle: the checkable "Table" button; stack: chart (page 0) / table (page 1).
        view: the QChartView; table: the QTableWidget.
    """

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName(f"card_{key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel()
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.toggle = QToolButton()
        self.toggle.setObjectName(f"toggle_{key}")
        self.toggle.setCheckable(True)
        self.toggle.setText(self.tr("Table"))
        self.toggle.setToolTip(self.tr("Show the numbers of this chart as a table"))
        self.toggle.toggled.connect(self.show_table)
        self.view = QChartView()
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setMinimumHeight(CHART_HEIGHT)
        self.table = _new_table(f"table_{key}")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.table)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.toggle)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(head)
        layout.addWidget(self.stack)

    def show_table(self, on: bool) -> None:
        self.stack.setCurrentIndex(1 if on else 0)
        self.toggle.setText(self.tr("Chart") if on else self.tr("Table"))

    def set_table(self, table: statistics.StatTable) -> None:
        self.title.setText(table.title)
        _fill_table(self.table, table.header, table.rows)

    def set_chart(self, chart: QChart) -> None:
        old = self.view.chart()
        chart.setMargins(QMargins(4, 4, 4, 4))
        first = chart.series()[0] if chart.series() else None
        chart.legend().setVisible(isinstance(first, QPieSeries) or (
            isinstance(first, (QBarSeries, QHorizontalBarSeries)) and first.count() > 1))
        chart.setBackgroundRoundness(0)
        self.view.setChart(chart)
        if old is not None and old is not chart:
            old.deleteLater()


def bar_chart(labels: list[str], series: list[tuple[str, list[float]]], *,
              percent: bool = False, horizontal: bool = False) -> QChart:
    """Bars per label; ``horizontal`` puts long labels (time-limit names) on the left."""
    chart = QChart()
    bars = QHorizontalBarSeries() if horizontal else QBarSeries()
    colours = [BAR_COLOR, QColor(palette.CHART_BAR_2)]
    top = 0.0
    for i, (name, values) in enumerate(series):
        bar_set = QBarSet(name)
        bar_set.append([float(v) for v in values])
        bar_set.setColor(colours[i % len(colours)])
        bars.append(bar_set)
        top = max([top, *values])
    bars.setLabelsVisible(True)
    bars.setLabelsFormat("@value%" if percent else "@value")
    chart.addSeries(bars)
    axis_x = QBarCategoryAxis()
    axis_x.append(labels or [""])
    axis_x.setTruncateLabels(not horizontal)      # time-limit names in full on the left
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignLeft if horizontal else Qt.AlignmentFlag.AlignBottom)
    bars.attachAxis(axis_x)
    axis_y = QValueAxis()
    axis_y.setRange(0, 100 if percent else max(1.0, top * 1.2))
    axis_y.setLabelFormat("%d")
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignBottom if horizontal else Qt.AlignmentFlag.AlignLeft)
    bars.attachAxis(axis_y)
    return chart


def line_chart(labels: list[str], values: list[int]) -> QChart:
    """The trend: ``labels`` are ISO dates (period starts)."""
    chart = QChart()
    line = QLineSeries()
    for label, v in zip(labels, values):
        moment = QDateTime(QDate.fromString(label, "yyyy-MM-dd"), QTime(0, 0))
        line.append(float(moment.toMSecsSinceEpoch()), float(v))
    line.setColor(BAR_COLOR)
    line.setPointsVisible(len(values) <= 40)
    chart.addSeries(line)
    axis_x = QDateTimeAxis()
    axis_x.setFormat("MM-dd")
    axis_x.setTickCount(min(8, max(2, len(values))))
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    line.attachAxis(axis_x)
    axis_y = QValueAxis()
    axis_y.setRange(0, max(1.0, max(values, default=0) * 1.2))
    axis_y.setLabelFormat("%d")
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    line.attachAxis(axis_y)
    return chart


def pie_chart(labels: list[str], values: list[int]) -> QChart:
    chart = QChart()
    pie = QPieSeries()
    total = sum(values)
    for i, (label, value) in enumerate(zip(labels, values)):
        share = f" {value / total:.0%}" if total else ""
        pie_slice = pie.append(f"{label} {value}{share}", float(value))
        pie_slice.setColor(PIE_COLORS[i % len(PIE_COLORS)])
    chart.addSeries(pie)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
    return chart


class StatisticsPage(QWidget):
    """The dashboard page.

    Attributes:
        date_from, date_to: the range of receipt; department_combo (data: id or None);
        period_combo (data: day/week/month); range_error: the message under the range.
        refresh_button, export_ledger_button, export_tables_button, report_button.
        tiles: {name: QLabel} of the headline figures; warning_banner: the early warnings.
        cards: {table key: ChartCard}; staff_table (None for counter staff).
        figures: the last :func:`statistics.overview` shown.
    """

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.figures: dict[str, Any] | None = None
        self.show_staff = may(ctx.actor.role, "view_statistics")

        today = now().date()
        self.date_from = QDateEdit(self._qdate(today - timedelta(days=DEFAULT_DAYS - 1)))
        self.date_to = QDateEdit(self._qdate(today))
        for edit, name in ((self.date_from, "dateFrom"), (self.date_to, "dateTo")):
            edit.setObjectName(name)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.department_combo = QComboBox()
        self.department_combo.setObjectName("departmentCombo")
        self.department_combo.addItem(self.tr("All departments"), None)
        for dep in catalog.departments(active_only=False):
            self.department_combo.addItem(dep.name, dep.id)
        self.period_combo = QComboBox()
        self.period_combo.setObjectName("periodCombo")
        for code, text in (("day", self.tr("By day")), ("week", self.tr("By week")),
                           ("month", self.tr("By month"))):
            self.period_combo.addItem(text, code)
        self.refresh_button = QPushButton(self.tr("Sho&w"))
        self.refresh_button.setObjectName("refreshButton")
        self.refresh_button.clicked.connect(self.reload)
        self.export_ledger_button = QPushButton(self.tr("Export ledger…"))
        self.export_ledger_button.setObjectName("exportLedger")
        self.export_ledger_button.clicked.connect(self.export_ledger)
        self.export_tables_button = QPushButton(self.tr("Export tables…"))
        self.export_tables_button.setObjectName("exportTables")
        self.export_tables_button.clicked.connect(self.export_tables)
        self.report_button = QPushButton(self.tr("Report PDF…"))
        self.report_button.setObjectName("reportPdf")
        self.report_button.clicked.connect(self.save_report)
        self.cases_button = QPushButton(i18n.text("agreement.ui.cases_button"))
        self.cases_button.setObjectName("casesPdf")
        self.cases_button.setToolTip(i18n.text("agreement.ui.typical_note"))
        self.cases_button.clicked.connect(self.save_cases)
        self.range_error = FieldError()

        bar = QHBoxLayout()
        outputs = QHBoxLayout()     # two rows: the page fits 1366×768 at 150 %
        for row, label, widget in ((bar, self.tr("Received from"), self.date_from),
                                   (bar, self.tr("to"), self.date_to),
                                   (bar, self.tr("Department"), self.department_combo),
                                   (outputs, self.tr("Trend"), self.period_combo)):
            caption = QLabel(label)
            caption.setBuddy(widget)
            row.addWidget(caption)
            row.addWidget(widget)
        bar.addWidget(self.refresh_button)
        bar.addStretch(1)
        outputs.addStretch(1)
        for button in (self.export_ledger_button, self.export_tables_button, self.report_button,
                       self.cases_button):
            outputs.addWidget(button)

        self.warning_banner = QLabel()
        self.warning_banner.setObjectName("warningBanner")
        self.warning_banner.setWordWrap(True)
        self.warning_banner.setStyleSheet(
            f"background: {palette.BANNER_BG}; border: 1px solid {palette.BANNER_BORDER}; "
            f"padding: 6px; color: {palette.BANNER_TEXT};")
        self.warning_banner.setVisible(False)

        self.tiles: dict[str, QLabel] = {}
        tiles = QHBoxLayout()
        for name, caption in (("total", self.tr("Received")), ("open_now", self.tr("Open now")),
                              ("overdue_now", self.tr("Overdue now")),
                              ("repeat_rate", self.tr("Repeat rate")),
                              ("satisfaction", self.tr("Satisfied at callback")),
                              ("mean_reply", self.tr("Mean hours to reply"))):
            tiles.addWidget(self._tile(name, caption))

        self.cards: dict[str, ChartCard] = {}
        grid = QGridLayout()
        grid.setSpacing(8)
        places = {"by_kind": (0, 0, 1), "by_category": (0, 1, 1), "by_channel": (1, 0, 1),
                  "by_cause": (1, 1, 1), "trend": (2, 0, 2), "on_time": (3, 0, 2),
                  "resolution": (4, 0, 1), "callbacks": (4, 1, 1),
                  "by_business": (5, 0, 1), "by_target": (5, 1, 1), "targets": (6, 0, 2)}
        for key, (row, column, span) in places.items():
            card = ChartCard(key)
            self.cards[key] = card
            grid.addWidget(card, row, column, 1, span)
        self.staff_table: QTableWidget | None = None
        self.staff_title = QLabel()
        body = QVBoxLayout()
        body.addLayout(tiles)
        body.addWidget(self.warning_banner)
        body.addLayout(grid)
        if self.show_staff:
            font = self.staff_title.font()
            font.setBold(True)
            self.staff_title.setFont(font)
            self.staff_table = _new_table("staffTable")
            self.staff_table.setAccessibleName(i18n.text("access.staff_table"))
            self.staff_table.setMinimumHeight(180)
            body.addWidget(self.staff_title)
            body.addWidget(self.staff_table)
        body.addStretch(1)
        inner = QWidget()
        inner.setLayout(body)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(outputs)
        layout.addWidget(self.range_error)
        layout.addWidget(scroll, 1)
        self.reload()

    # ---------------------------------------------------------------- building

    @staticmethod
    def _qdate(day: date) -> QDate:
        return QDate(day.year, day.month, day.day)

    def _tile(self, name: str, caption: str) -> QFrame:
        frame = QFrame()
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        value = QLabel("—")
        value.setObjectName(f"tile_{name}")
        font = value.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        value.setFont(font)
        self.tiles[name] = value
        layout = QVBoxLayout(frame)
        layout.addWidget(QLabel(caption))
        layout.addWidget(value)
        return frame

    def current_filter(self) -> statistics.StatsFilter:
        f = statistics.StatsFilter(self.date_from.date().toPython(),
                                   self.date_to.date().toPython(),
                                   self.department_combo.currentData(),
                                   self.period_combo.currentData())
        f.check()
        return f

    def refresh(self) -> None:
        """Called by the main window each time the page is shown."""
        self.reload()

    def reload(self) -> None:
        try:
            f = self.current_filter()
        except ValidationError as exc:
            self.range_error.show_error(exc.message())
            return
        self.range_error.clear_error()
        try:
            self.figures = statistics.overview(self.ctx.actor, f)
        except HallError as exc:
            dialogs.error(self, exc.message())
            return
        self.show_figures(self.figures)

    def show_figures(self, figures: dict[str, Any]) -> None:
        tables = {t.key: t for t in statistics.tables(figures)}
        pct = rules.percent
        mean = figures["resolution"]["reply"]["mean_hours"]
        self.tiles["total"].setText(str(figures["total"]))
        self.tiles["open_now"].setText(str(figures["open_now"]))
        self.tiles["overdue_now"].setText(str(figures["overdue_now"]))
        self.tiles["repeat_rate"].setText(pct(figures["repeat"]["rate"]))
        self.tiles["satisfaction"].setText(pct(figures["callbacks"]["rate"]))
        self.tiles["mean_reply"].setText("—" if mean is None else f"{mean:.1f}")

        warnings = figures["warnings"]
        self.warning_banner.setVisible(bool(warnings))
        self.warning_banner.setText("\n".join("⚠ " + w["message"] for w in warnings))

        for key, card in self.cards.items():
            card.set_table(tables[key])
        counted = {k: ([i["label"] for i in figures[k]], [i["count"] for i in figures[k]])
                   for k in ("by_kind", "by_category", "by_channel", "by_cause", "by_business",
                             "by_target")}
        for key, (labels, values) in counted.items():
            self.cards[key].set_chart(bar_chart(labels, [(tables[key].title, values)]))
        named = figures["targets"]          # 投诉对象 by name (staff: supervisors only)
        self.cards["targets"].set_chart(bar_chart(
            [f"{r['kind_label']}·{r['name']}" for r in named],
            [(tables["targets"].title, [r["count"] for r in named])]))
        trend = figures["trend"]
        self.cards["trend"].set_chart(line_chart([p["period"] for p in trend],
                                                 [p["count"] for p in trend]))
        on_time = list(reversed(figures["on_time"]))     # horizontal bars: first on top
        self.cards["on_time"].set_chart(bar_chart(
            [r["label"] for r in on_time],
            [(tables["on_time"].title, [round((r["rate"] or 0) * 100, 1) for r in on_time])],
            percent=True, horizontal=True))
        reply = figures["resolution"]["reply"]["buckets"]
        archive = figures["resolution"]["archive"]["buckets"]
        head = tables["resolution"].header
        self.cards["resolution"].set_chart(bar_chart(
            [b["label"] for b in reply],
            [(head[1], [b["count"] for b in reply]), (head[2], [b["count"] for b in archive])]))
        cb = figures["callbacks"]
        self.cards["callbacks"].set_chart(pie_chart(
            [i18n.text(f"satisfaction.{s}") for s in ("satisfied", "basically", "dissatisfied")],
            [cb["satisfied"], cb["basically"], cb["dissatisfied"]]))
        if self.staff_table is not None and "staff" in tables:
            self.staff_title.setText(tables["staff"].title)
            _fill_table(self.staff_table, tables["staff"].header, tables["staff"].rows)
            header = self.staff_table.horizontalHeader()
            # each column as wide as its title and figures (the table scrolls if need be),
            # the last takes what is left
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

    # ---------------------------------------------------------------- exports

    def ask_save_path(self, suggested: str, kinds: str) -> str:
        """Ask where to save ("" when cancelled); tests replace this."""
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save as"),
                                              str(Path.home() / suggested), kinds)
        return path

    def _export(self, what: str) -> None:
        try:
            f = self.current_filter()
        except ValidationError as exc:
            self.range_error.show_error(exc.message())
            return
        kinds = ";;".join([self.tr("Excel workbook (*.xlsx)"), self.tr("CSV, UTF-8 (*.csv)")])
        path = self.ask_save_path(export.default_name(what, f, "xlsx"), kinds)
        if not path:
            return
        fmt = "csv" if path.lower().endswith(".csv") else "xlsx"
        if not path.lower().endswith("." + fmt):
            path += "." + fmt
        try:
            if what == "ledger":
                n = export.export_ledger(self.ctx.actor, f, fmt, path)
                dialogs.info(self, self.tr("Tickets exported: %1. File: %2")
                             .replace("%1", str(n)).replace("%2", path))
            else:
                export.export_statistics(self.ctx.actor, f, fmt, path)
                dialogs.info(self, self.tr("The statistics tables were exported to %1.")
                             .replace("%1", path))
        except HallError as exc:
            dialogs.error(self, exc.message())

    def export_ledger(self) -> None:
        self._export("ledger")

    def export_tables(self) -> None:
        self._export("statistics")

    def save_cases(self) -> None:
        """典型案例汇编 of the typical cases archived in the chosen dates (anonymised)."""
        self.save_report(cases=True)

    def save_report(self, cases: bool = False) -> None:
        try:
            f = self.current_filter()
        except ValidationError as exc:
            self.range_error.show_error(exc.message())
            return
        suggested = (f"{'典型案例汇编' if cases else '统计分析报告'}_"
                     f"{f.date_from:%Y-%m-%d}_{f.date_to:%Y-%m-%d}.pdf")
        path = self.ask_save_path(suggested, self.tr("PDF files (*.pdf)"))
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        try:
            data = (agreements.booklet_pdf(self.ctx.actor, f.date_from, f.date_to) if cases
                    else statistics.report_pdf(self.ctx.actor, f))
            tmp = Path(path + ".part")
            tmp.write_bytes(data)
            tmp.replace(path)
        except HallError as exc:
            dialogs.error(self, exc.message())
            return
        except OSError as exc:
            dialogs.error(self, self.tr("Cannot write %1: %2").replace("%1", path)
                          .replace("%2", exc.strerror or str(exc)))
            return
        dialogs.info(self, self.tr("The report was saved to %1.").replace("%1", path))
