"""The driver directory as a Qt item model over the fleet store (QtCore only: the view is in
widgets/contacts/driver_directory.py).

One row per driver of the carrier, sorted by name: name, phone, language, current trailer, and
whether the driver app is online. Driver changes (app online/offline, a new trailer after a trip
event) arrive coalesced from the store and become one dataChanged over the rows concerned.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Slot,
)
from PySide6.QtGui import QColor

from console.contacts.labels import LANGUAGE_NAMES, app_state_label, language_name
from console.fleet.labels import QT_TRANSLATE_NOOP
from console.fleet.store import FleetStore
from console.fleet.table_filter import WordFilterProxy, reorder_rows
from console.palette import color
from console.tables import ColumnTableModel
from console.text import isolate, plain_tooltip
from opticallock.protocol import Driver

ModelIndex = QModelIndex | QPersistentModelIndex



class DriverRole(IntEnum):
    DRIVER_ID = Qt.ItemDataRole.UserRole + 1
    TRAILER_ID = Qt.ItemDataRole.UserRole + 2
    APP_ONLINE = Qt.ItemDataRole.UserRole + 3
    SORT = Qt.ItemDataRole.UserRole + 4
    SEARCH_TEXT = Qt.ItemDataRole.UserRole + 5
    LANGUAGE = Qt.ItemDataRole.UserRole + 6


class DriverColumn(IntEnum):
    NAME = 0
    PHONE = 1
    LANGUAGE = 2
    TRAILER = 3
    APP = 4


#: Column titles and their tooltips, translated when a view asks for them.
HEADERS = {
    DriverColumn.NAME: QT_TRANSLATE_NOOP("DriverTable", "Driver"),
    DriverColumn.PHONE: QT_TRANSLATE_NOOP("DriverTable", "Phone"),
    DriverColumn.LANGUAGE: QT_TRANSLATE_NOOP("DriverTable", "Language"),
    DriverColumn.TRAILER: QT_TRANSLATE_NOOP("DriverTable", "Trailer"),
    DriverColumn.APP: QT_TRANSLATE_NOOP("DriverTable", "Driver app"),
}
TOOLTIPS = {
    DriverColumn.APP: QT_TRANSLATE_NOOP(
        "DriverTable", "Messages reach the driver only while the app is online; call otherwise."),
    DriverColumn.LANGUAGE: QT_TRANSLATE_NOOP("DriverTable",
                                             "Message templates are offered in this language."),
}



class DriverTableModel(ColumnTableModel):
    """The carrier's drivers, one row each, in name order (stable between resets)."""

    COLUMNS = DriverColumn
    HEADERS = HEADERS
    TOOLTIPS = TOOLTIPS
    CONTEXT = "DriverTable"

    def __init__(self, store: FleetStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self._driver_ids: list[str] = []
        self._row_of: dict[str, int] = {}
        self._sort_column = DriverColumn.NAME
        self._sort_order = Qt.SortOrder.AscendingOrder
        store.reset.connect(self.on_reset)
        store.driversChanged.connect(self.on_drivers_changed)
        self.on_reset()

    # ------------------------------------------------------------------ structure

    def row_count(self) -> int:
        return len(self._driver_ids)

    def row_of_driver(self, driver_id: str) -> int | None:
        return self._row_of.get(driver_id)

    def driver_id_at(self, row: int) -> str:
        return self._driver_ids[row]

    # ------------------------------------------------------------------ data

    def _driver(self, row: int) -> Driver | None:
        state = self.store.state
        if state is None or not 0 <= row < len(self._driver_ids):
            return None
        return state.drivers.get(self._driver_ids[row])

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        driver = self._driver(index.row())
        if driver is None:
            return None
        col = DriverColumn(index.column())
        match role:
            case DriverRole.DRIVER_ID:
                return driver.id
            case DriverRole.TRAILER_ID:
                return driver.trailer_id
            case DriverRole.APP_ONLINE:
                return driver.app_online
            case DriverRole.LANGUAGE:
                return driver.language.value
            case DriverRole.SEARCH_TEXT:
                digits = "".join(ch for ch in driver.phone if ch.isdigit())
                return " ".join([driver.name, driver.id, driver.phone, digits,
                                 language_name(driver.language),
                                 driver.language.value, driver.trailer_id or "",
                                 app_state_label(driver.app_online)]).lower()
            case Qt.ItemDataRole.DisplayRole | DriverRole.SORT:
                return self._cell(col, driver, sort=role == DriverRole.SORT)
            case Qt.ItemDataRole.ToolTipRole if col in (DriverColumn.NAME, DriverColumn.PHONE,
                                                         DriverColumn.TRAILER):
                # The whole text where the view elides a long one, escaped: Qt would render a
                # name written in HTML as HTML (console/text.py).
                return plain_tooltip(self._cell(col, driver, sort=False)) or None
            case Qt.ItemDataRole.ToolTipRole if col is DriverColumn.APP:
                if driver.app_online:
                    return QCoreApplication.translate("DriverTable",
                               "The driver app is online: messages are delivered now.")
                return QCoreApplication.translate("DriverTable",
                           "The driver app is offline: a message cannot be delivered; call.")
            case Qt.ItemDataRole.ForegroundRole if col is DriverColumn.APP \
                    and not driver.app_online:
                return QColor(color("offline"))
        return None

    def _cell(self, col: DriverColumn, driver: Driver, sort: bool) -> Any:
        match col:
            case DriverColumn.NAME:
                return driver.name.lower() if sort else isolate(driver.name)
            case DriverColumn.PHONE:
                return driver.phone if sort else isolate(driver.phone)
            case DriverColumn.LANGUAGE:
                return language_name(driver.language)
            case DriverColumn.TRAILER:
                if sort:
                    return driver.trailer_id or ""
                return isolate(driver.trailer_id) if driver.trailer_id else "—"
            case DriverColumn.APP:
                if sort:
                    return 0 if driver.app_online else 1
                return app_state_label(driver.app_online)
        return None

    # ------------------------------------------------------------------ store slots

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by this column (keys computed once per sort, not per comparison)."""
        self._sort_column = DriverColumn(column) if 0 <= column < len(DriverColumn) \
            else DriverColumn.NAME
        self._sort_order = order
        order_ids = self._sorted(self._driver_ids)
        if order_ids == self._driver_ids:
            return
        reorder_rows(self, self._driver_ids.__getitem__, lambda: self._set_rows(order_ids),
                     lambda d: self._row_of[d])

    def _sorted(self, driver_ids: list[str]) -> list[str]:
        state = self.store.state
        if state is None:
            return list(driver_ids)
        drivers, col = state.drivers, self._sort_column
        return sorted(driver_ids, key=lambda d: (self._cell(col, drivers[d], sort=True),
                                                 drivers[d].name.lower(), d),
                      reverse=self._sort_order == Qt.SortOrder.DescendingOrder)

    def _set_rows(self, driver_ids: list[str]) -> None:
        self._driver_ids = driver_ids
        self._row_of = {d: i for i, d in enumerate(driver_ids)}

    @Slot()
    def on_reset(self) -> None:
        self.beginResetModel()
        state = self.store.state
        self._set_rows(self._sorted(list(state.drivers)) if state is not None else [])
        self.endResetModel()

    @Slot(list)
    def on_drivers_changed(self, driver_ids: list[str]) -> None:
        if any(d not in self._row_of for d in driver_ids):
            self.on_reset()  # a driver joined the carrier
            return
        for row in sorted(self._row_of[d] for d in driver_ids):  # few at a time
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(DriverColumn) - 1))
        if self._sort_column in (DriverColumn.TRAILER, DriverColumn.APP):
            self.sort(self._sort_column, self._sort_order)  # those values move


class DriverFilterProxy(WordFilterProxy):
    """Search by any words of name, phone (with or without spaces), language, trailer, app;
    sorting is the model's own."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(DriverRole.SEARCH_TEXT, parent)

    @property
    def search_text(self) -> str:
        return self.needle


__all__ = ["LANGUAGE_NAMES", "DriverColumn", "DriverFilterProxy", "DriverRole",
           "DriverTableModel"]
