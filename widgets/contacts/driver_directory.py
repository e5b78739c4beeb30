"""The driver directory: every driver of the carrier, searchable, with Message and Call.

A view over :class:`~console.contacts.models.DriverTableModel` (the store's drivers, kept live);
it keeps no driver state of its own and acts only by asking (``messageRequested``,
``callRequested``), so whoever owns the messenger decides what a message or a call does.

Signals:
    messageRequested(str): open the conversation with this driver id.
    callRequested(str): call this driver id.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console.contacts.models import DriverColumn, DriverFilterProxy, DriverRole, DriverTableModel


class DriverDirectory(QWidget):
    messageRequested = Signal(str)
    callRequested = Signal(str)

    def __init__(self, model: DriverTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.proxy = DriverFilterProxy(self)
        self.proxy.setSourceModel(model)
        self.search = QLineEdit(self)
        self.search.setObjectName("driverSearch")
        self.search.setAccessibleName(self.tr("Search drivers"))
        self.search.setPlaceholderText(
            self.tr("Search name, phone, language, trailer, online…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_search)
        self.table = QTableView(self)
        self.table.setObjectName("driverTable")
        self.table.setAccessibleName(self.tr("Drivers"))
        self.table.setAccessibleDescription(self.tr(
            "The carrier's drivers: name, phone, language, app status and trailer"))
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(DriverColumn.NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in {DriverColumn.NAME: 190, DriverColumn.PHONE: 140,
                           DriverColumn.LANGUAGE: 80, DriverColumn.TRAILER: 80}.items():
            self.table.setColumnWidth(col, width)
        self.table.doubleClicked.connect(self._on_double_click)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._on_context_menu)

        self.message_button = QPushButton(self.tr("Message…"), self)
        self.message_button.setObjectName("directoryMessage")
        self.message_button.setToolTip(self.tr("Open the conversation with the selected driver "
                                               "(double-click or Enter)"))
        self.message_button.clicked.connect(self._on_message)
        self.call_button = QPushButton(self.tr("Call…"), self)
        self.call_button.setObjectName("directoryCall")
        self.call_button.setToolTip(
            self.tr("Call the selected driver through your phone or softphone"))
        self.call_button.clicked.connect(self._on_call)
        self.count = QLabel(self)
        self.count.setObjectName("driverCount")
        buttons = QHBoxLayout()
        buttons.addWidget(self.message_button)
        buttons.addWidget(self.call_button)
        buttons.addStretch(1)
        buttons.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

        # Enter opens the conversation, as a double-click does.
        self._open_action = QAction(self.tr("Message…"), self.table)
        self._open_action.setShortcuts([QKeySequence(Qt.Key.Key_Return),
                                        QKeySequence(Qt.Key.Key_Enter)])
        self._open_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self._open_action.triggered.connect(self._on_message)
        self.table.addAction(self._open_action)

        for signal in (self.proxy.rowsInserted, self.proxy.rowsRemoved, self.proxy.modelReset,
                       self.proxy.layoutChanged):
            signal.connect(self._update)
        self.table.selectionModel().selectionChanged.connect(self._update)
        self._update()

    # ------------------------------------------------------------------ selection

    def selected_driver(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return str(rows[0].data(DriverRole.DRIVER_ID)) if rows else None

    def select_driver(self, driver_id: str) -> bool:
        """Select (and show) a driver, clearing a search that hides them."""
        row = self.model.row_of_driver(driver_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            self.search.clear()
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.selectRow(index.row())
        self.table.scrollTo(index)
        return True

    @Slot()
    def _update(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(self.tr("{shown} of {total} drivers").format(shown=shown, total=total)
                           if shown != total else self.tr("{total} drivers").format(total=total))
        chosen = self.selected_driver() is not None
        self.message_button.setEnabled(chosen)
        self.call_button.setEnabled(chosen)

    # ------------------------------------------------------------------ asking

    @Slot()
    def _on_message(self) -> None:
        driver_id = self.selected_driver()
        if driver_id:
            self.messageRequested.emit(driver_id)

    @Slot()
    def _on_call(self) -> None:
        driver_id = self.selected_driver()
        if driver_id:
            self.callRequested.emit(driver_id)

    @Slot(QModelIndex)
    def _on_double_click(self, index: QModelIndex) -> None:
        driver_id = index.data(DriverRole.DRIVER_ID)
        if driver_id:
            self.messageRequested.emit(str(driver_id))

    @Slot(QPoint)
    def _on_context_menu(self, point: QPoint) -> None:
        index = self.table.indexAt(point)
        if not index.isValid():
            return
        self.table.selectRow(index.row())
        driver_id = str(index.data(DriverRole.DRIVER_ID))
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.addAction(self.tr("Message…"), lambda: self.messageRequested.emit(driver_id))
        menu.addAction(self.tr("Call…"), lambda: self.callRequested.emit(driver_id))
        menu.popup(self.table.viewport().mapToGlobal(point))
