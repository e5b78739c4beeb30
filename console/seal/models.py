"""The seal ledger's tables as Qt models (QtCore/QtGui only: the views live in widgets/seal/).

:class:`UnlockRequestModel`: the open unlock requests, kept from the store's
``unlockRequestsChanged`` row by row (a dispatcher's selection survives a colleague's decision
on another row); those waiting for a decision first, oldest first, then the approved ones
waiting to be used. :class:`SealCustodyModel`: one seal's custody chain, oldest first.
"""

from __future__ import annotations

import bisect
import time
from collections.abc import Callable
from enum import IntEnum
from typing import Any, ClassVar

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer, Slot
from PySide6.QtGui import QBrush, QColor, QFont

from console.fleet.labels import QT_TRANSLATE_NOOP, format_age
from console.fleet.store import FleetStore
from console.palette import color
from console.places import where_text
from console.seal.custody_labels import (
    actor_text,
    geofence_text,
    local_time,
    seal_action_color,
    seal_action_label,
    seal_details_text,
    seal_place_text,
    unlock_state_label,
)
from console.seal.unlocks import request_sort_key
from console.tables import ColumnTableModel
from console.text import isolate, plain_tooltip
from opticallock.protocol import SealEvent, UnlockRequest, UnlockRequestState

ModelIndex = QModelIndex | QPersistentModelIndex

#: The "waiting since" column counts this often.
CLOCK_INTERVAL_MS = 1000


class UnlockColumn(IntEnum):
    STATE = 0
    TRAILER = 1
    DRIVER = 2
    WHERE = 3
    GEOFENCE = 4
    DESTINATION = 5
    REASON = 6
    WAITING = 7


class UnlockRole(IntEnum):
    """Item roles beyond Qt's; the views read these, never the row objects."""

    REQUEST_ID = Qt.ItemDataRole.UserRole + 1
    TRAILER_ID = Qt.ItemDataRole.UserRole + 2
    #: The request's state as its wire value ("pending", "approved").
    STATE = Qt.ItemDataRole.UserRole + 3
    #: True when the trailer was in no geofence when the driver asked.
    OUTSIDE = Qt.ItemDataRole.UserRole + 4


class UnlockRequestModel(ColumnTableModel):
    """The open unlock requests (see the module's notes)."""

    COLUMNS = UnlockColumn
    CONTEXT = "UnlockRequests"
    HEADERS: ClassVar[dict[Any, str]] = {
        UnlockColumn.STATE: QT_TRANSLATE_NOOP("UnlockRequests", "State"),
        UnlockColumn.TRAILER: QT_TRANSLATE_NOOP("UnlockRequests", "Trailer"),
        UnlockColumn.DRIVER: QT_TRANSLATE_NOOP("UnlockRequests", "Driver"),
        UnlockColumn.WHERE: QT_TRANSLATE_NOOP("UnlockRequests", "Where"),
        UnlockColumn.GEOFENCE: QT_TRANSLATE_NOOP("UnlockRequests", "Geofence"),
        UnlockColumn.DESTINATION: QT_TRANSLATE_NOOP("UnlockRequests", "Planned destination"),
        UnlockColumn.REASON: QT_TRANSLATE_NOOP("UnlockRequests", "Reason"),
        UnlockColumn.WAITING: QT_TRANSLATE_NOOP("UnlockRequests", "Waiting since"),
    }
    TOOLTIPS: ClassVar[dict[Any, str]] = {
        UnlockColumn.WHERE: QT_TRANSLATE_NOOP(
            "UnlockRequests", "Distance and direction from the nearest city when the driver "
            "asked"),
        UnlockColumn.GEOFENCE: QT_TRANSLATE_NOOP(
            "UnlockRequests", "The geofence the trailer was in when the driver asked"),
        UnlockColumn.WAITING: QT_TRANSLATE_NOOP(
            "UnlockRequests", "When the driver asked, and how long ago"),
    }

    def __init__(self, store: FleetStore, clock: Callable[[], float] = time.time,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.clock = clock
        self._rows: list[UnlockRequest] = []
        self._keys: list[tuple[int, float, str]] = []
        store.reset.connect(self.reload)
        store.unlockRequestsChanged.connect(self.on_requests_changed)
        store.geofencesChanged.connect(self._refresh_all)
        store.driversChanged.connect(self._refresh_all)
        self._tick = QTimer(self)
        self._tick.setInterval(CLOCK_INTERVAL_MS)
        self._tick.timeout.connect(self._on_tick)
        self._tick.start()
        self.reload()

    # ------------------------------------------------------------------ rows

    def row_count(self) -> int:
        return len(self._rows)

    def request_at(self, row: int) -> UnlockRequest | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, request_id: str) -> int:
        """The request's row, or -1."""
        return next((i for i, r in enumerate(self._rows) if r.id == request_id), -1)

    @Slot()
    def reload(self) -> None:
        self.beginResetModel()
        state = self.store.state
        requests = [] if state is None else list(state.unlock_requests.values())
        self._rows = sorted(requests, key=request_sort_key)
        self._keys = [request_sort_key(r) for r in self._rows]
        self.endResetModel()

    @Slot(list)
    def on_requests_changed(self, request_ids: list[str]) -> None:
        state = self.store.state
        if state is None:
            return
        for request_id in request_ids:
            now = state.unlock_requests.get(request_id)
            row = self.row_of(request_id)
            if row >= 0 and (now is None or request_sort_key(now) != self._keys[row]):
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row], self._keys[row]
                self.endRemoveRows()
                row = -1
            if now is None:
                continue
            if row >= 0:
                self._rows[row] = now
                self.dataChanged.emit(self.index(row, 0),
                                      self.index(row, len(UnlockColumn) - 1))
                continue
            key = request_sort_key(now)
            at = bisect.bisect_left(self._keys, key)
            self.beginInsertRows(QModelIndex(), at, at)
            self._rows.insert(at, now)
            self._keys.insert(at, key)
            self.endInsertRows()

    @Slot()
    def _refresh_all(self) -> None:
        if self._rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, len(UnlockColumn) - 1))

    @Slot()
    def _on_tick(self) -> None:
        if self._rows:
            self.dataChanged.emit(self.index(0, UnlockColumn.WAITING),
                                  self.index(len(self._rows) - 1, UnlockColumn.WAITING),
                                  [Qt.ItemDataRole.DisplayRole])

    # ------------------------------------------------------------------ cells

    def driver_text(self, request: UnlockRequest) -> str:
        state = self.store.state
        driver = None if state is None else state.drivers.get(request.driver_id or "")
        if driver is not None:
            return isolate(driver.name)
        return isolate(request.driver_id) if request.driver_id else "—"

    def geofence_text(self, request: UnlockRequest) -> str:
        return geofence_text(request.geofence_id, self.store.geofences)

    def destination_text(self, request: UnlockRequest) -> str:
        if request.destination_id is None:
            return "—"
        fence = self.store.geofences.get(request.destination_id)
        if fence is not None:
            return isolate(fence.name)
        trailer = self.store.trailer(request.trailer_id)
        trip = trailer.trip if trailer is not None else None
        if trip is not None and trip.destination_id == request.destination_id:
            return isolate(trip.destination_name)
        return isolate(request.destination_id)

    def state_text(self, request: UnlockRequest) -> str:
        if request.state is UnlockRequestState.APPROVED and request.valid_until is not None:
            return self.tr("Approved until {clock}").format(clock=local_time(request.valid_until))
        return unlock_state_label(request.state)

    def waiting_text(self, request: UnlockRequest) -> str:
        return self.tr("{clock} ({age} ago)").format(
            clock=local_time(request.requested_at),
            age=format_age(self.clock() - request.requested_at))

    def _display(self, request: UnlockRequest, column: UnlockColumn) -> str:
        match column:
            case UnlockColumn.STATE:
                return self.state_text(request)
            case UnlockColumn.TRAILER:
                return isolate(request.trailer_id)
            case UnlockColumn.DRIVER:
                return self.driver_text(request)
            case UnlockColumn.WHERE:
                return where_text(request.position)
            case UnlockColumn.GEOFENCE:
                return self.geofence_text(request)
            case UnlockColumn.DESTINATION:
                return self.destination_text(request)
            case UnlockColumn.REASON:
                return isolate(request.reason) if request.reason else "—"
            case UnlockColumn.WAITING:
                return self.waiting_text(request)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        request = self._rows[index.row()]
        column = UnlockColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(request, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(self._display(request, column))
        if role == Qt.ItemDataRole.ForegroundRole:
            if column is UnlockColumn.GEOFENCE and request.geofence_id is None:
                return QBrush(QColor(color("warning")))
            if column is UnlockColumn.STATE and request.state is UnlockRequestState.APPROVED:
                return QBrush(QColor(color("good")))
            return None
        if role == Qt.ItemDataRole.FontRole:
            if (column is UnlockColumn.GEOFENCE and request.geofence_id is None) or (
                    column is UnlockColumn.STATE
                    and request.state is UnlockRequestState.PENDING):
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role == UnlockRole.REQUEST_ID:
            return request.id
        if role == UnlockRole.TRAILER_ID:
            return request.trailer_id
        if role == UnlockRole.STATE:
            return request.state.value
        if role == UnlockRole.OUTSIDE:
            return request.geofence_id is None
        return None


class CustodyColumn(IntEnum):
    TIME = 0
    ACTION = 1
    WHO = 2
    WHERE = 3
    DETAILS = 4


class SealCustodyModel(ColumnTableModel):
    """One seal's custody chain, oldest first (:meth:`set_events`, :meth:`append`)."""

    COLUMNS = CustodyColumn
    CONTEXT = "SealCustody"
    HEADERS: ClassVar[dict[Any, str]] = {
        CustodyColumn.TIME: QT_TRANSLATE_NOOP("SealCustody", "When"),
        CustodyColumn.ACTION: QT_TRANSLATE_NOOP("SealCustody", "What"),
        CustodyColumn.WHO: QT_TRANSLATE_NOOP("SealCustody", "Who"),
        CustodyColumn.WHERE: QT_TRANSLATE_NOOP("SealCustody", "Where"),
        CustodyColumn.DETAILS: QT_TRANSLATE_NOOP("SealCustody", "Details"),
    }
    TOOLTIPS: ClassVar[dict[Any, str]] = {
        CustodyColumn.TIME: QT_TRANSLATE_NOOP("SealCustody", "Local time"),
    }

    def __init__(self, store: FleetStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self._events: list[SealEvent] = []
        store.geofencesChanged.connect(self._refresh_all)

    def row_count(self) -> int:
        return len(self._events)

    def events(self) -> list[SealEvent]:
        return list(self._events)

    def set_events(self, events: list[SealEvent]) -> None:
        self.beginResetModel()
        self._events = sorted(events, key=lambda e: (e.ts, e.seq))
        self.endResetModel()

    def append(self, event: SealEvent) -> None:
        """A link that arrived on the stream (ignored if the chain has it already)."""
        if any(e.seq == event.seq for e in self._events):
            return
        row = len(self._events)
        self.beginInsertRows(QModelIndex(), row, row)
        self._events.append(event)
        self.endInsertRows()

    @Slot()
    def _refresh_all(self) -> None:
        if self._events:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._events) - 1, len(CustodyColumn) - 1))

    def _display(self, event: SealEvent, column: CustodyColumn) -> str:
        match column:
            case CustodyColumn.TIME:
                return local_time(event.ts)
            case CustodyColumn.ACTION:
                return seal_action_label(event)
            case CustodyColumn.WHO:
                return actor_text(event.actor)
            case CustodyColumn.WHERE:
                return seal_place_text(event, self.store.geofences)
            case CustodyColumn.DETAILS:
                return seal_details_text(event) or "—"

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._events):
            return None
        event = self._events[index.row()]
        column = CustodyColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(event, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(self._display(event, column))
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = seal_action_color(event)
            return QBrush(QColor(colour)) if colour is not None else None
        if role == Qt.ItemDataRole.FontRole and column is CustodyColumn.ACTION \
                and seal_action_color(event) is not None:
            font = QFont()
            font.setBold(True)
            return font
        return None


__all__ = ["CustodyColumn", "SealCustodyModel", "UnlockColumn", "UnlockRequestModel",
           "UnlockRole"]
