"""The seal-maintenance list: the fleet's sagging seals as work orders, most urgent first.

Built from the store's locks and each sagging lock's last days of readings
(:func:`console.seal.maintenance.build_work_orders`); **Refresh** builds it again from the store
as it is now, **Export work orders…** writes the CSV (file chooser opened with ``open()``: a
nested event loop would stall the asyncio loop). :func:`open_seal_maintenance` opens it as a
window of its own.

Signals (MaintenanceView):
    loaded(object): the list of :class:`~opticallock.seal_maintenance.WorkOrder` shown.
    failed(str): it could not be built; the text says why.
    exported(str): the work orders were written (the path).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console.fleet.store import FleetStore
from console.link.api import CloudApi
from console.seal.maintenance import (
    HISTORY_DAYS,
    MaintenanceColumn,
    MaintenanceModel,
    build_work_orders,
    write_work_orders,
)
from console.tasks import TaskSet
from opticallock.seal_maintenance import WorkOrder
from widgets.theme import set_style

log = logging.getLogger(__name__)
ERROR_STYLE = "color: {p.error}; font-weight: bold;"


class MaintenanceView(QWidget):
    loaded = Signal(object)
    failed = Signal(str)
    exported = Signal(str)

    def __init__(self, api: CloudApi, store: FleetStore, parent: QWidget | None = None, *,
                 clock: Callable[[], float] = time.time) -> None:
        super().__init__(parent)
        self.setObjectName("sealMaintenance")
        self.setWindowTitle(self.tr("Seal maintenance — OpticalLock Dispatcher"))
        self.api = api
        self.store = store
        self.clock = clock
        self.orders: list[WorkOrder] | None = None
        self.built_at = 0.0
        self.tasks = TaskSet(log)
        self.file_dialog: QFileDialog | None = None

        self.model = MaintenanceModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("maintenanceTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(MaintenanceColumn.ACTION, QHeaderView.ResizeMode.Stretch)

        self.intro = QLabel(self.tr(
            "Seals whose fiber level sags 3 to 10 dB below their own baseline, most urgent "
            "first (projected days until 10 dB at the trend of the last {days} days).").format(
            days=f"{HISTORY_DAYS:g}"), self)
        self.intro.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setObjectName("maintenanceStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.export_button = QPushButton(self.tr("Export work orders…"), self)
        self.export_button.setObjectName("exportWorkOrders")
        self.export_button.setEnabled(False)

        bar = QHBoxLayout()
        bar.addWidget(self.intro, 1)
        bar.addWidget(self.refresh_button)
        bar.addWidget(self.export_button)
        column = QVBoxLayout(self)
        column.addLayout(bar)
        column.addWidget(self.table, 1)
        column.addWidget(self.status)

        self.refresh_button.clicked.connect(self.refresh)
        self.export_button.clicked.connect(self.choose_file)

    @Slot()
    def refresh(self) -> None:
        """Build the list again from the store's locks as they are now."""
        self.tasks.cancel()
        set_style(self.status, "")
        self.status.setText(self.tr("Reading the sagging seals' fiber history…"))
        self.tasks.spawn_when_running(self._load(), "seal maintenance list", context=self,
                                      on_error=self._failed)

    async def _load(self) -> None:
        locks = list(self.store.state.locks.values()) if self.store.state is not None else []
        now = self.clock()
        orders = await build_work_orders(self.api, locks, now)
        self.show_orders(orders, now)

    def _failed(self, error: BaseException) -> None:
        text = self.tr("The maintenance list could not be built: {error}").format(
            error=str(error) or type(error).__name__)
        set_style(self.status, ERROR_STYLE)
        self.status.setText(text)
        self.failed.emit(text)

    def show_orders(self, orders: list[WorkOrder], built_at: float) -> None:
        self.orders = orders
        self.built_at = built_at
        self.model.set_orders(orders)
        self.export_button.setEnabled(bool(orders))
        set_style(self.status, "")
        if orders:
            self.status.setText(self.tr("{count} seals need a maintenance visit.").format(
                count=len(orders)))
        else:
            self.status.setText(self.tr("No seal sags 3 dB or more below its baseline."))
        self.loaded.emit(orders)

    def choose_file(self) -> None:
        if not self.orders:
            return
        dialog = QFileDialog(self, self.tr("Export work orders"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(self.tr("CSV files (*.csv)"))
        dialog.setDefaultSuffix("csv")
        dialog.selectFile(time.strftime("seal-work-orders-%Y-%m-%d.csv",
                                        time.localtime(self.built_at)))
        dialog.fileSelected.connect(lambda path: self.export(Path(path)))
        self.file_dialog = dialog
        dialog.open()

    def export(self, path: Path) -> Path | None:
        """Write the work orders shown to ``path``."""
        if self.orders is None:
            return None
        try:
            written = write_work_orders(path, self.orders, self.built_at)
        except OSError as exc:
            set_style(self.status, ERROR_STYLE)
            self.status.setText(self.tr("Could not write {path}: {error}").format(
                path=str(path), error=exc.strerror or str(exc)))
            return None
        set_style(self.status, "")
        self.status.setText(self.tr("Work orders written to {path}").format(path=str(written)))
        self.exported.emit(str(written))
        return written

    def closeEvent(self, event: object) -> None:
        self.tasks.cancel()
        super().closeEvent(event)  # type: ignore[arg-type]


def open_seal_maintenance(parent: QWidget | None, api: CloudApi, store: FleetStore, *,
                          clock: Callable[[], float] = time.time) -> MaintenanceView:
    """Open the list as a window of its own (over ``parent``) and build it; deleted when
    closed."""
    view = MaintenanceView(api, store, parent, clock=clock)
    view.setWindowFlag(Qt.WindowType.Window, True)
    view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    view.resize(900, 520)
    view.show()
    view.refresh()
    return view


__all__ = ["MaintenanceView", "open_seal_maintenance"]
