"""The alarm statistics view: choose a period, read the figures per grouping, export them.

A period chooser (today, this week, the last 7 days, or custom whole days), a tab per grouping
(alarm type, priority, corridor, border crossing, who acknowledged, who resolved), each a table
with the count, the open count and the median and p90 times to acknowledge and to resolve in
minutes; the totals above; **Export CSV…** and **Export PDF…**. The figures come from the
cloud's record through :func:`console.alarms.statistics.fetch_statistics`; the view keeps only
the report it shows. File choosers are opened with ``open()`` (a nested event loop would stall
the asyncio loop the fetch runs on). :func:`open_statistics` opens it as a window of its own.

Signals (StatisticsView):
    loaded(object): a :class:`~console.alarms.statistics.StatisticsReport` is shown.
    failed(str): the figures could not be had; the text says why.
    exported(str): a file was written (its path).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from console.alarms.statistics import (
    StatisticsColumn,
    StatisticsModel,
    StatisticsReport,
    fetch_statistics,
    file_stem,
    grouping_label,
    minutes,
    period_text,
    write_csv,
    write_pdf,
)
from console.link.api import CloudApi
from console.tasks import TaskSet
from opticallock.alarm_stats import Grouping, Period, days_period, last_days, this_week, today
from widgets.theme import set_style

log = logging.getLogger(__name__)

#: The period chooser's entries, in order.
TODAY, THIS_WEEK, LAST_7_DAYS, CUSTOM = "today", "this_week", "last_7_days", "custom"
ERROR_STYLE = "color: {p.error}; font-weight: bold;"


def _local_zone() -> dt.tzinfo:
    zone = dt.datetime.now().astimezone().tzinfo
    return zone if zone is not None else dt.UTC


class StatisticsView(QWidget):
    loaded = Signal(object)
    failed = Signal(str)
    exported = Signal(str)

    def __init__(self, api: CloudApi, parent: QWidget | None = None, *,
                 tz: dt.tzinfo | None = None, carrier: str = "", user: str = "",
                 clock: Callable[[], float] = time.time) -> None:
        super().__init__(parent)
        self.setObjectName("alarmStatistics")
        self.setWindowTitle(self.tr("Alarm statistics — OpticalLock Dispatcher"))
        self.api = api
        self.tz = tz or _local_zone()
        self.carrier = carrier
        self.user = user
        self.clock = clock
        self.report: StatisticsReport | None = None
        self.tasks = TaskSet(log)
        self.file_dialog: QFileDialog | None = None

        self.period_choice = QComboBox(self)
        self.period_choice.setObjectName("statisticsPeriod")
        for key, text in ((TODAY, self.tr("Today")), (THIS_WEEK, self.tr("This week")),
                          (LAST_7_DAYS, self.tr("Last 7 days")),
                          (CUSTOM, self.tr("Custom…"))):
            self.period_choice.addItem(text, key)
        self.period_choice.setCurrentIndex(self.period_choice.findData(LAST_7_DAYS))
        now_day = QDate.currentDate()
        self.first_day = QDateEdit(now_day.addDays(-6), self)
        self.last_day = QDateEdit(now_day, self)
        for edit in (self.first_day, self.last_day):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.setObjectName("statisticsRefresh")
        self.csv_button = QPushButton(self.tr("Export CSV…"), self)
        self.csv_button.setObjectName("statisticsExportCsv")
        self.pdf_button = QPushButton(self.tr("Export PDF…"), self)
        self.pdf_button.setObjectName("statisticsExportPdf")

        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Period:"), self))
        bar.addWidget(self.period_choice)
        bar.addWidget(QLabel(self.tr("from"), self))
        bar.addWidget(self.first_day)
        bar.addWidget(QLabel(self.tr("to"), self))
        bar.addWidget(self.last_day)
        bar.addWidget(self.refresh_button)
        bar.addStretch(1)
        bar.addWidget(self.csv_button)
        bar.addWidget(self.pdf_button)

        self.period_label = QLabel(self)
        self.period_label.setObjectName("statisticsPeriodText")
        self.period_label.setTextFormat(Qt.TextFormat.PlainText)
        self.summary = QLabel(self)
        self.summary.setObjectName("statisticsSummary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        set_style(self.summary, "font-weight: bold;")
        self.status = QLabel(self)
        self.status.setObjectName("statisticsStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("statisticsTabs")
        self.models: dict[Grouping, StatisticsModel] = {}
        self.tables: dict[Grouping, QTableView] = {}
        for grouping in Grouping:
            model = StatisticsModel(grouping, self)
            table = QTableView(self.tabs)
            table.setObjectName(f"statistics_{grouping.value}")
            table.setModel(model)
            table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            table.setAlternatingRowColors(True)
            table.verticalHeader().hide()
            header = table.horizontalHeader()
            header.setSectionResizeMode(StatisticsColumn.GROUP,
                                        QHeaderView.ResizeMode.Stretch)
            for number in list(StatisticsColumn)[1:]:
                header.setSectionResizeMode(number, QHeaderView.ResizeMode.ResizeToContents)
            self.models[grouping] = model
            self.tables[grouping] = table
            self.tabs.addTab(table, grouping_label(grouping))

        column = QVBoxLayout(self)
        column.addLayout(bar)
        column.addWidget(self.period_label)
        column.addWidget(self.summary)
        column.addWidget(self.tabs, 1)
        column.addWidget(self.status)

        self.period_choice.currentIndexChanged.connect(self.on_period_changed)
        self.first_day.dateChanged.connect(self.on_custom_changed)
        self.last_day.dateChanged.connect(self.on_custom_changed)
        self.refresh_button.clicked.connect(self.refresh)
        self.csv_button.clicked.connect(lambda: self.choose_file("csv"))
        self.pdf_button.clicked.connect(lambda: self.choose_file("pdf"))
        self._update_controls()

    # ------------------------------------------------------------------ the period

    def period(self) -> Period:
        """The period chosen now (the moving ones end now)."""
        now = self.clock()
        key = self.period_choice.currentData()
        if key == TODAY:
            return today(now, self.tz)
        if key == THIS_WEEK:
            return this_week(now, self.tz)
        if key == CUSTOM:
            return days_period(self.first_day.date().toPython(),  # type: ignore[arg-type]
                               self.last_day.date().toPython(),  # type: ignore[arg-type]
                               self.tz)
        return last_days(now, 7)

    def choose_period(self, key: str, first: dt.date | None = None,
                      last: dt.date | None = None) -> None:
        """Choose a period (``TODAY``, ``THIS_WEEK``, ``LAST_7_DAYS`` or ``CUSTOM`` with its
        first and last day) and fetch its figures."""
        if first is not None:
            self.first_day.setDate(QDate(first.year, first.month, first.day))
        if last is not None:
            self.last_day.setDate(QDate(last.year, last.month, last.day))
        index = self.period_choice.findData(key)
        if index == self.period_choice.currentIndex():
            self.refresh()
        else:
            self.period_choice.setCurrentIndex(index)

    @Slot()
    def on_period_changed(self) -> None:
        self._update_controls()
        self.refresh()

    @Slot()
    def on_custom_changed(self) -> None:
        if self.period_choice.currentData() == CUSTOM:
            self.refresh()

    def _update_controls(self) -> None:
        custom = self.period_choice.currentData() == CUSTOM
        self.first_day.setEnabled(custom)
        self.last_day.setEnabled(custom)
        has = self.report is not None
        self.csv_button.setEnabled(has)
        self.pdf_button.setEnabled(has)

    # ------------------------------------------------------------------ fetching

    @Slot()
    def refresh(self) -> None:
        """Fetch the chosen period's figures (a fetch still running is dropped)."""
        self.tasks.cancel()
        period = self.period()
        set_style(self.status, "")
        self.status.setText(self.tr("Reading the cloud's record…"))
        self.tasks.spawn_when_running(self._load(period), "alarm statistics", context=self,
                                      on_error=self._failed)

    async def _load(self, period: Period) -> None:
        report = await fetch_statistics(self.api, period, self.tz, carrier=self.carrier,
                                        generated_by=self.user, now=self.clock())
        self.show_report(report)

    def _failed(self, error: BaseException) -> None:
        text = self.tr("The statistics could not be read: {error}").format(
            error=str(error) or type(error).__name__)
        set_style(self.status, ERROR_STYLE)
        self.status.setText(text)
        self.failed.emit(text)

    def show_report(self, report: StatisticsReport) -> None:
        self.report = report
        for model in self.models.values():
            model.set_statistics(report.stats)
        total = report.stats.total
        self.period_label.setText(self.tr("Alarms raised {period}").format(
            period=period_text(report)))
        self.summary.setText(self.tr(
            "{count} alarms · {open} open · acknowledged in {ack_median} min (median), "
            "{ack_p90} min (p90) · resolved in {resolve_median} min (median), "
            "{resolve_p90} min (p90)").format(
            count=total.count, open=total.open_count, ack_median=minutes(total.ack_median_s),
            ack_p90=minutes(total.ack_p90_s), resolve_median=minutes(total.resolve_median_s),
            resolve_p90=minutes(total.resolve_p90_s)))
        set_style(self.status, "")
        self.status.setText(self.tr("Median and p90 by nearest rank; times from the alarm "
                                    "being raised."))
        self._update_controls()
        self.loaded.emit(report)

    # ------------------------------------------------------------------ exports

    def choose_file(self, kind: str) -> None:
        if self.report is None:
            return
        dialog = QFileDialog(self, self.tr("Export CSV") if kind == "csv"
                             else self.tr("Export PDF"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(self.tr("CSV files (*.csv)") if kind == "csv"
                             else self.tr("PDF files (*.pdf)"))
        dialog.setDefaultSuffix(kind)
        dialog.selectFile(f"{file_stem(self.report)}.{kind}")
        dialog.fileSelected.connect(lambda path: self.export(kind, Path(path)))
        self.file_dialog = dialog
        dialog.open()

    def export(self, kind: str, path: Path) -> Path | None:
        """Write the report shown as ``kind`` ("csv" or "pdf") to ``path``."""
        if self.report is None:
            return None
        try:
            written = (write_csv if kind == "csv" else write_pdf)(path, self.report)
        except OSError as exc:
            set_style(self.status, ERROR_STYLE)
            self.status.setText(self.tr("Could not write {path}: {error}").format(
                path=str(path), error=exc.strerror or str(exc)))
            return None
        set_style(self.status, "")
        self.status.setText(self.tr("Written to {path}").format(path=str(written)))
        self.exported.emit(str(written))
        return written

    def closeEvent(self, event: object) -> None:
        self.tasks.cancel()
        super().closeEvent(event)  # type: ignore[arg-type]


def open_statistics(parent: QWidget | None, api: CloudApi, *, tz: dt.tzinfo | None = None,
                    carrier: str = "", user: str = "",
                    clock: Callable[[], float] = time.time) -> StatisticsView:
    """Open the statistics as a window of its own (over ``parent``), fetching the last 7
    days; the window is deleted when closed."""
    view = StatisticsView(api, parent, tz=tz, carrier=carrier, user=user, clock=clock)
    view.setWindowFlag(Qt.WindowType.Window, True)
    view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    view.resize(1100, 640)
    view.show()
    view.refresh()
    return view


__all__ = ["CUSTOM", "LAST_7_DAYS", "THIS_WEEK", "TODAY", "StatisticsView", "open_statistics"]
