"""Qt item models over the fleet store (QtCore only: views live in widgets/).

Rows are trailers in a stable order; a lock change becomes one dataChanged over the smallest row
range that covers the coalesced batch, so 10,000 position updates cost one signal, not 10,000.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from enum import IntEnum, StrEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Slot,
)

from console.protocol import Alarm, AlarmPriority, LockState
from console.signal_health import TAMPER_DROP_DB, WARNING_DROP_DB
from console.store import FleetStore

ModelIndex = QModelIndex | QPersistentModelIndex

#: A trailer with no GPS fix for this long is shown as stale (grey on the map).
STALE_AFTER_S = 10 * 60.0
MOVING_KMH = 3.0


class TrailerStatus(StrEnum):
    """What a dispatcher sees at a glance; the map and the table use the same words."""

    ALARM = "alarm"
    UNLOCKED = "unlocked"
    STALE = "stale"
    MOVING = "moving"
    PARKED = "parked"


STATUS_LABEL = {
    TrailerStatus.ALARM: "Alarm",
    TrailerStatus.UNLOCKED: "Unlocked",
    TrailerStatus.STALE: "No fix",
    TrailerStatus.MOVING: "Moving",
    TrailerStatus.PARKED: "Parked",
}
_STATUS_RANK = {s: i for i, s in enumerate(TrailerStatus)}
_PRIORITY_RANK = {p: i for i, p in enumerate(AlarmPriority)}


class FleetRole(IntEnum):
    TRAILER_ID = Qt.ItemDataRole.UserRole + 1
    LOCK_ID = Qt.ItemDataRole.UserRole + 2
    STATUS = Qt.ItemDataRole.UserRole + 3
    SORT = Qt.ItemDataRole.UserRole + 4
    SEARCH_TEXT = Qt.ItemDataRole.UserRole + 5


class Column(IntEnum):
    TRAILER = 0
    LOCK = 1
    STATUS = 2
    DRIVER = 3
    SPEED = 4
    LAST_FIX = 5
    FIBER = 6
    BATTERY = 7
    TRIP = 8


HEADERS = {
    Column.TRAILER: "Trailer",
    Column.LOCK: "Lock",
    Column.STATUS: "State",
    Column.DRIVER: "Driver",
    Column.SPEED: "Speed",
    Column.LAST_FIX: "Last fix",
    Column.FIBER: "Fiber seal",
    Column.BATTERY: "Battery",
    Column.TRIP: "Trip",
}
TOOLTIPS = {
    Column.LAST_FIX: "Time since the lock's last GPS fix",
    Column.FIBER: "Received optical power through the seal loop, and its drop from the seal's "
                  "own baseline",
    Column.STATUS: "Alarm > unlocked > no recent fix > moving > parked",
}


def format_age(seconds: float) -> str:
    seconds = max(seconds, 0)
    if seconds < 60:
        return f"{seconds:.0f} s"
    if seconds < 3600:
        return f"{seconds // 60:.0f} min"
    if seconds < 86400:
        return f"{seconds // 3600:.0f} h {seconds % 3600 // 60:02.0f} min"
    return f"{seconds // 86400:.0f} d"


def trailer_status(store: FleetStore, lock_id: str, now: float) -> TrailerStatus:
    state = store.state
    assert state is not None
    lock = state.locks[lock_id]
    if any(a.lock_id == lock_id for a in state.alarms.values()):
        return TrailerStatus.ALARM
    if lock.state is not LockState.LOCKED:
        return TrailerStatus.UNLOCKED
    if lock.position is None or not lock.gps_ok or now - lock.position.ts > STALE_AFTER_S:
        return TrailerStatus.STALE
    if lock.position.speed_kmh >= MOVING_KMH:
        return TrailerStatus.MOVING
    return TrailerStatus.PARKED


class FleetTableModel(QAbstractTableModel):
    """One row per trailer: lock, state, driver, speed, last fix age, fiber level, battery."""

    def __init__(self, store: FleetStore, clock: Callable[[], float] = time.time,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.clock = clock
        self._trailer_ids: list[str] = []
        self._row_of_lock: dict[str, int] = {}
        self._row_of_trailer: dict[str, int] = {}
        self._alarm_locks: dict[str, AlarmPriority] = {}
        store.reset.connect(self.on_reset)
        store.locksChanged.connect(self.on_locks_changed)
        store.trailersChanged.connect(self.on_trailers_changed)
        store.driversChanged.connect(self.on_drivers_changed)
        store.alarmsChanged.connect(self.on_alarms_changed)
        # Ages move without any event: refresh that column once a second.
        self._age_timer = QTimer(self)
        self._age_timer.setInterval(1000)
        self._age_timer.timeout.connect(self.on_age_tick)
        self._age_timer.start()
        self.on_reset()

    # ------------------------------------------------------------------ structure

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._trailer_ids)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[Column(section)]
        if role == Qt.ItemDataRole.ToolTipRole:
            return TOOLTIPS.get(Column(section))
        return None

    def row_of_trailer(self, trailer_id: str) -> int | None:
        return self._row_of_trailer.get(trailer_id)

    def trailer_id_at(self, row: int) -> str:
        return self._trailer_ids[row]

    # ------------------------------------------------------------------ data

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.store.state is None:
            return None
        row, col = index.row(), Column(index.column())
        if not 0 <= row < len(self._trailer_ids):
            return None
        state = self.store.state
        trailer = state.trailers[self._trailer_ids[row]]
        lock = state.locks[trailer.lock_id]
        if role == FleetRole.TRAILER_ID:
            return trailer.id
        if role == FleetRole.LOCK_ID:
            return lock.id
        now = self.clock()
        if role == FleetRole.STATUS:
            return trailer_status(self.store, lock.id, now).value
        if role == FleetRole.SEARCH_TEXT:
            driver = state.drivers.get(trailer.driver_id or "")
            trip = trailer.trip
            return " ".join([
                trailer.id, lock.id, lock.seal_id, driver.name if driver else "",
                driver.phone if driver else "",
                STATUS_LABEL[trailer_status(self.store, lock.id, now)],
                trip.origin_name if trip else "", trip.destination_name if trip else "",
            ]).lower()
        if role in (Qt.ItemDataRole.DisplayRole, FleetRole.SORT):
            return self._cell(col, trailer, lock, now, sort=role == FleetRole.SORT)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(col, lock)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (
                Column.SPEED, Column.LAST_FIX, Column.FIBER, Column.BATTERY):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _cell(self, col: Column, trailer: Any, lock: Any, now: float, sort: bool) -> Any:
        state = self.store.state
        assert state is not None
        match col:
            case Column.TRAILER:
                return trailer.id
            case Column.LOCK:
                return lock.id
            case Column.STATUS:
                status = trailer_status(self.store, lock.id, now)
                if sort:
                    prio = self._alarm_locks.get(lock.id)
                    return _STATUS_RANK[status] * 10 + (_PRIORITY_RANK[prio] if prio else 0)
                label = STATUS_LABEL[status]
                prio = self._alarm_locks.get(lock.id)
                return f"{label} ({prio.value})" if prio else label
            case Column.DRIVER:
                driver = state.drivers.get(trailer.driver_id or "")
                return driver.name if driver else ("" if sort else "—")
            case Column.SPEED:
                speed = lock.position.speed_kmh if lock.position else -1.0
                if sort:
                    return speed
                return f"{speed:.0f} km/h" if speed >= 0 else "—"
            case Column.LAST_FIX:
                age = now - lock.position.ts if lock.position else float("inf")
                if sort:
                    return age
                text = format_age(age) if lock.position else "never"
                return text if lock.gps_ok else f"{text} (GPS lost)"
            case Column.FIBER:
                if sort:
                    return lock.fiber_dbm - lock.fiber_baseline_dbm
                drop = lock.fiber_baseline_dbm - lock.fiber_dbm
                text = f"{lock.fiber_dbm:.1f} dBm" + (f" (−{drop:.1f} dB)" if drop >= 1.0 else "")
                if WARNING_DROP_DB <= drop < TAMPER_DROP_DB:
                    text += " · clean connector"  # sagging, light still through: maintenance
                return text
            case Column.BATTERY:
                return lock.battery_pct if sort else f"{lock.battery_pct:.0f} %"
            case Column.TRIP:
                trip = trailer.trip
                if trip is None:
                    return ""
                return f"{trip.origin_name} → {trip.destination_name}"
        return None

    def _tooltip(self, col: Column, lock: Any) -> str | None:
        if col == Column.FIBER:
            text = (f"Seal {lock.seal_id}: {lock.fiber_dbm:.2f} dBm, baseline "
                    f"{lock.fiber_baseline_dbm:.2f} dBm")
            drop = lock.fiber_baseline_dbm - lock.fiber_dbm
            if WARNING_DROP_DB <= drop < TAMPER_DROP_DB:
                text += (f"\n{drop:.1f} dB below its baseline with light still through the loop: "
                         "most likely a dirty or worn connector. Schedule cleaning; the Lock & "
                         "seal panel says whether it sagged slowly or dropped at once.")
            return text
        if col == Column.STATUS:
            alarms: list[Alarm] = self.store.open_alarms_of(lock.id)
            if alarms:
                return "\n".join(f"{a.priority.value.upper()}: {a.type.value.replace('_', ' ')}"
                                 f" — {a.detail}" for a in alarms)
        return None

    # ------------------------------------------------------------------ store slots

    @Slot()
    def on_reset(self) -> None:
        self.beginResetModel()
        state = self.store.state
        self._trailer_ids = sorted(state.trailers) if state else []
        self._row_of_trailer = {t: i for i, t in enumerate(self._trailer_ids)}
        self._row_of_lock = (
            {state.trailers[t].lock_id: i for i, t in enumerate(self._trailer_ids)}
            if state else {}
        )
        self._recompute_alarm_locks()
        self.endResetModel()

    def _recompute_alarm_locks(self) -> None:
        state = self.store.state
        self._alarm_locks = {}
        if state is None:
            return
        for alarm in state.alarms.values():
            prev = self._alarm_locks.get(alarm.lock_id)
            if prev is None or _PRIORITY_RANK[alarm.priority] < _PRIORITY_RANK[prev]:
                self._alarm_locks[alarm.lock_id] = alarm.priority

    def _rows_changed(self, rows: list[int], first_col: int = 0, last_col: int | None = None
                      ) -> None:
        if not rows:
            return
        last = len(Column) - 1 if last_col is None else last_col
        self.dataChanged.emit(self.index(min(rows), first_col), self.index(max(rows), last))

    @Slot(list)
    def on_locks_changed(self, lock_ids: list[str]) -> None:
        rows = [r for r in (self._row_of_lock.get(i) for i in lock_ids) if r is not None]
        self._rows_changed(rows)

    @Slot(list)
    def on_trailers_changed(self, trailer_ids: list[str]) -> None:
        state = self.store.state
        if state is None:
            return
        if any(t not in self._row_of_trailer for t in trailer_ids):
            self.on_reset()  # a trailer joined the fleet
            return
        self._rows_changed([self._row_of_trailer[t] for t in trailer_ids])

    @Slot(list)
    def on_drivers_changed(self, driver_ids: list[str]) -> None:
        state = self.store.state
        if state is None:
            return
        wanted = set(driver_ids)
        rows = [i for i, t in enumerate(self._trailer_ids)
                if state.trailers[t].driver_id in wanted]
        self._rows_changed(rows, Column.DRIVER, Column.DRIVER)

    @Slot(list)
    def on_alarms_changed(self, alarm_ids: list[str]) -> None:
        before = dict(self._alarm_locks)
        self._recompute_alarm_locks()
        touched = set(before) ^ set(self._alarm_locks)
        touched |= {k for k in before if before[k] != self._alarm_locks.get(k)}
        self._rows_changed([r for r in (self._row_of_lock.get(i) for i in touched)
                            if r is not None], Column.STATUS, Column.STATUS)

    @Slot()
    def on_age_tick(self) -> None:
        if self._trailer_ids:
            self.dataChanged.emit(self.index(0, Column.STATUS),
                                  self.index(len(self._trailer_ids) - 1, Column.LAST_FIX))


class FleetFilterProxy(QSortFilterProxyModel):
    """Search across trailer, lock, seal, driver, phone, state and trip; sort on raw values."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self.setSortRole(FleetRole.SORT)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._needle = text.strip().lower()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        if not self._needle:
            return True
        model = self.sourceModel()
        text = model.data(model.index(source_row, 0, source_parent), FleetRole.SEARCH_TEXT)
        return all(word in (text or "") for word in self._needle.split())
