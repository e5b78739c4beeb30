"""The fleet table panel: the search box, the sortable fleet table, the trailer count, and the
once-a-second repaint that keeps the visible ages true."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console.fleet.models import Column, FleetFilterProxy, FleetRole, FleetTableModel

#: Starting widths of the table's columns (the dispatcher's own widths persist in QSettings).
COLUMN_WIDTHS = {Column.TRAILER: 78, Column.LOCK: 82, Column.STATUS: 110, Column.DRIVER: 140,
                 Column.SPEED: 70, Column.LAST_FIX: 80, Column.FIBER: 120, Column.BATTERY: 62}


class FleetPanel(QWidget):
    """Search box and the sortable fleet table (its context menu: message or call the driver,
    trip history).

    Signals:
        messageDriverRequested(str), callDriverRequested(str), historyRequested(str): trailer id.
    """

    messageDriverRequested = Signal(str)
    callDriverRequested = Signal(str)
    historyRequested = Signal(str)

    def __init__(self, model: FleetTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.proxy = FleetFilterProxy(self)
        self.proxy.setSourceModel(model)
        self.search = QLineEdit(self)
        self.search.setObjectName("fleetSearch")
        self.search.setPlaceholderText(self.tr("Search trailer, lock, driver, state, city…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_search)
        self.table = QTableView(self)
        self.table.setObjectName("fleetTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.STATUS, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in COLUMN_WIDTHS.items():
            self.table.setColumnWidth(col, width)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._on_context_menu)
        self.count = QLabel(self)
        self.count.setObjectName("fleetCount")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search)
        layout.addWidget(self.table)
        layout.addWidget(self.count)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        self._update_count()
        # Ages ("12 s", "3 min") move with time alone: repaint the visible rows once a second
        # (only they are asked for their text) instead of announcing every row as changed.
        self._age_timer = QTimer(self)
        self._age_timer.setInterval(1000)
        self._age_timer.timeout.connect(self.table.viewport().update)
        self._age_timer.start()

    @Slot()
    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(
            self.tr("{shown} of {total} trailers").format(shown=shown, total=total)
            if shown != total else self.tr("{total} trailers").format(total=total))

    @Slot(QPoint)
    def _on_context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        trailer_id = str(index.data(FleetRole.TRAILER_ID))
        menu = QMenu(self.table)
        menu.addAction(self.tr("Message driver…"),
                       lambda: self.messageDriverRequested.emit(trailer_id))
        menu.addAction(self.tr("Call driver…"), lambda: self.callDriverRequested.emit(trailer_id))
        menu.addSeparator()
        menu.addAction(self.tr("Trip history…"), lambda: self.historyRequested.emit(trailer_id))
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.table.viewport().mapToGlobal(pos))  # never exec(): no nested loop

    def selected_trailer(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return str(rows[0].data(FleetRole.TRAILER_ID)) if rows else None

    def select_trailer(self, trailer_id: str) -> bool:
        """Select this trailer's row (clearing the search if it hides it); False if unknown."""
        row = self.model.row_of_trailer(trailer_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            self.search.clear()
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.selectRow(index.row())
        self.table.scrollTo(index)
        return True
