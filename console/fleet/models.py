"""Qt item models over the fleet store (QtCore only: views live in widgets/).

Rows are trailers. Costs are per change, never per fleet: statuses come from the store's
:class:`~opticallock.status.StatusBoard` (kept per change), a batch of lock changes is one
``dataChanged`` over the live columns (roles named, so the filter proxy does not re-run its
search over rows whose searchable text did not change), and sorting happens here, in Python
on keys computed once per sort, at most once a second while the sort column's values move,
instead of in a proxy that re-sorts on every batch. Ages are not announced at all: a view
repaints its visible rows once a second (only those call ``data``).

Text from the network (ids, driver names, places, alarm details) is shown through
:func:`console.text.isolate`, each piece on its own; sort keys and the search text stay raw.
The view elides a long cell; its tooltip holds the whole (isolated) text, always as escaped
rich text (:func:`console.text.plain_tooltip`): Qt would render a tooltip that looks like HTML.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Slot,
)

from console.alarms.labels import alarm_type_label, priority_label
from console.fleet.labels import (
    QT_TRANSLATE_NOOP,
    STATUS_COLORS,
    STATUS_GLYPHS,
    STATUS_NAMES,
    format_age,
    status_label,
)
from console.fleet.store import FleetStore
from console.fleet.table_filter import WordFilterProxy, fold_text, reorder_rows
from console.palette import shape_icon
from console.tables import ColumnTableModel
from console.text import isolate, plain_tooltip
from console.units import format_speed
from opticallock.gazetteer import nearest
from opticallock.protocol import Alarm, AlarmType
from opticallock.seal_health import TAMPER_DROP_DB, WARNING_DROP_DB
from opticallock.status import MOVING_KMH, STALE_AFTER_S, TrailerStatus

ModelIndex = QModelIndex | QPersistentModelIndex

#: The trailer statuses' names, translated at lookup (kept for the readers of this name; new code
#: calls :func:`console.fleet.labels.status_label`).
STATUS_LABEL = STATUS_NAMES

#: Re-sort at most this often while the values of the sort column move.
RESORT_INTERVAL_MS = 1000
#: The nearest city in a moving trailer's search text is looked up again this often.
CITY_REFRESH_MS = 30_000
#: Nearest-city lookups per turn of the event loop when the cities are refreshed.
CITY_SLICE = 500

#: What a dispatcher types for a state or an alarm, in English and Spanish, found beside the
#: (translated) names shown: search vocabulary, never shown, so not translated.
STATUS_WORDS = {
    TrailerStatus.ALARM: "alarm alarma",
    TrailerStatus.UNLOCKED: "unlocked open abierto abierta desbloqueado",
    TrailerStatus.STALE: "stale no fix sin señal sin gps",
    TrailerStatus.MOVING: "moving en movimiento",
    TrailerStatus.PARKED: "parked estacionado detenido",
}
ALARM_WORDS = {
    AlarmType.FIBER_CUT: "alarm alarma tamper manipulación cut corte fiber fibra seal sello",
    AlarmType.FORCED_ENTRY: "alarm alarma tamper manipulación forced entry forzado intrusión",
    AlarmType.UNLOCK_OUTSIDE_GEOFENCE: "alarm alarma unlock unlocked abierto apertura "
                                       "outside geofence fuera geocerca",
    AlarmType.UNAUTHORISED_UNLOCK: "alarm alarma unlock unlocked unauthorised unauthorized "
                                   "abierto apertura sin autorización",
    AlarmType.SEAL_MISMATCH: "alarm alarma tamper manipulación seal sello mismatch",
    AlarmType.FIBER_DEGRADED: "alarm alarma fiber fibra degraded degradada",
    AlarmType.GPS_LOST: "alarm alarma gps lost perdido",
    AlarmType.BATTERY_LOW: "alarm alarma battery low batería baja",
    AlarmType.DURESS: "alarm alarma duress coacción",
}
_STATUS_SEARCH = {status: fold_text(words) for status, words in STATUS_WORDS.items()}
_ALARM_SEARCH = {kind: fold_text(words) for kind, words in ALARM_WORDS.items()}
#: After a reset, the search texts are made in the background, this many rows per turn of the
#: event loop, from this long after it (so a search does not wait for 10,000 of them).
WARM_ROWS = 250
WARM_DELAY_MS = 3000


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


#: Column titles and their tooltips, translated when a view asks for them.
HEADERS = {
    Column.TRAILER: QT_TRANSLATE_NOOP("FleetTable", "Trailer"),
    Column.LOCK: QT_TRANSLATE_NOOP("FleetTable", "Lock"),
    Column.STATUS: QT_TRANSLATE_NOOP("FleetTable", "State"),
    Column.DRIVER: QT_TRANSLATE_NOOP("FleetTable", "Driver"),
    Column.SPEED: QT_TRANSLATE_NOOP("FleetTable", "Speed"),
    Column.LAST_FIX: QT_TRANSLATE_NOOP("FleetTable", "Last fix"),
    Column.FIBER: QT_TRANSLATE_NOOP("FleetTable", "Fiber seal"),
    Column.BATTERY: QT_TRANSLATE_NOOP("FleetTable", "Battery"),
    Column.TRIP: QT_TRANSLATE_NOOP("FleetTable", "Trip"),
}
TOOLTIPS = {
    Column.LAST_FIX: QT_TRANSLATE_NOOP("FleetTable", "Time since the lock's last GPS fix"),
    Column.FIBER: QT_TRANSLATE_NOOP(
        "FleetTable", "Received optical power through the seal loop, and its drop from the "
        "seal's own baseline"),
    Column.STATUS: QT_TRANSLATE_NOOP("FleetTable",
                                     "Alarm > unlocked > no recent fix > moving > parked"),
}



def trailer_status(store: FleetStore, lock_id: str, _now: float | None = None) -> TrailerStatus:
    """The trailer's status as the store last announced it (kept per change by its board)."""
    return store.board.status(lock_id)


_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_ALIGN = Qt.ItemDataRole.TextAlignmentRole
_DECORATION = Qt.ItemDataRole.DecorationRole
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_NUMERIC = frozenset({Column.SPEED, Column.LAST_FIX, Column.FIBER, Column.BATTERY})
#: Columns whose values move with every lock report (position, fiber, battery).
_LIVE_FIRST, _LIVE_LAST = Column.SPEED, Column.BATTERY


class FleetTableModel(ColumnTableModel):
    """One row per trailer: lock, state, driver, speed, last fix age, fiber level, battery.

    It sorts itself (:meth:`sort`); put a :class:`FleetFilterProxy` in front for the search.
    """

    COLUMNS = Column
    HEADERS = HEADERS
    TOOLTIPS = TOOLTIPS
    CONTEXT = "FleetTable"

    def __init__(self, store: FleetStore, clock: Callable[[], float] = time.time,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.clock = clock
        self._trailer_ids: list[str] = []
        self._row_of_lock: dict[str, int] = {}
        self._row_of_trailer: dict[str, int] = {}
        self._sort_column: Column | None = None
        self._sort_order = Qt.SortOrder.AscendingOrder
        #: The sort key of every trailer for the sort column, and the trailers whose key may
        #: have moved since the last sort (only those are computed again).
        self._keys: dict[str, Any] = {}
        self._key_of: Callable[[str], Any] = str
        self._stale_keys: set[str] = set()
        #: Search text per trailer (folded, see table_filter.fold_text), made once and again
        #: only for the trailers a change touched; the nearest city of each, and the trailers
        #: that moved since their city was looked up.
        self._search: dict[str, str] = {}
        self._cities: dict[str, str] = {}
        self._moved: set[str] = set()
        self._alarms_by_lock: dict[str, list[Alarm]] | None = None
        self._warm_row = 0
        self._warm_timer = QTimer(self)
        self._warm_timer.setInterval(0)
        self._warm_timer.timeout.connect(self._warm_search)
        store.reset.connect(self.on_reset)
        store.locksChanged.connect(self.on_locks_changed)
        store.statusChanged.connect(self.on_status_changed)
        store.trailersChanged.connect(self.on_trailers_changed)
        store.driversChanged.connect(self.on_drivers_changed)
        store.alarmsChanged.connect(self.on_alarms_changed)
        self._city_timer = QTimer(self)
        self._city_timer.setInterval(CITY_REFRESH_MS)
        self._city_timer.timeout.connect(self.refresh_cities)
        self._city_timer.start()
        self._city_queue: list[str] = []
        self._city_slice_timer = QTimer(self)
        self._city_slice_timer.setSingleShot(True)
        self._city_slice_timer.setInterval(0)
        self._city_slice_timer.timeout.connect(self._refresh_city_slice)
        self._resort_timer = QTimer(self)
        self._resort_timer.setInterval(RESORT_INTERVAL_MS)
        self._resort_timer.timeout.connect(self._on_resort_timer)
        self._resort_timer.start()
        self.on_reset()

    # ------------------------------------------------------------------ structure

    def row_count(self) -> int:
        return len(self._trailer_ids)

    def row_of_trailer(self, trailer_id: str) -> int | None:
        return self._row_of_trailer.get(trailer_id)

    def trailer_id_at(self, row: int) -> str:
        return self._trailer_ids[row]

    # ------------------------------------------------------------------ data

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Views ask for a dozen roles per painted cell; most are answered "nothing" at once.
        if role not in _ROLES or self.store.state is None:
            return None
        row, col = index.row(), index.column()
        if not 0 <= row < len(self._trailer_ids):
            return None
        if role == _ALIGN:
            return _RIGHT if col in _NUMERIC else None
        state = self.store.state
        trailer = state.trailers[self._trailer_ids[row]]
        if role == FleetRole.TRAILER_ID:
            return trailer.id
        lock = state.locks[trailer.lock_id]
        if role == FleetRole.LOCK_ID:
            return lock.id
        if role == FleetRole.STATUS:
            return self.store.board.status(lock.id).value
        if role == _DECORATION:
            if col != Column.STATUS:
                return None
            # The state's shape and colour beside its word (▲ alarm, ● moving, ■ parked...).
            status = self.store.board.status(lock.id)
            return shape_icon(STATUS_GLYPHS[status], STATUS_COLORS[status])
        if role == FleetRole.SEARCH_TEXT:
            text = self._search.get(trailer.id)
            if text is None:
                text = self._search[trailer.id] = self._search_text(trailer, lock)
            return text
        if role == _TOOLTIP:
            # Escaped: Qt would render a name written in HTML as HTML (console/text.py).
            return plain_tooltip(self._tooltip(Column(col), trailer, lock)) or None
        return self._cell(Column(col), trailer, lock, self.clock(), sort=role == FleetRole.SORT)

    def search_ready(self) -> bool:
        """Whether every row's search text is made (the first search will not make any)."""
        return len(self._search) >= len(self._trailer_ids)

    def search_text(self, trailer_id: str) -> str:
        """What the search looks in for this trailer (folded: lower case, no accents)."""
        row = self._row_of_trailer.get(trailer_id)
        return "" if row is None else str(self.index(row, 0).data(FleetRole.SEARCH_TEXT))

    def _alarms_of(self, lock_id: str) -> list[Alarm]:
        if self._alarms_by_lock is None:  # one pass over the alarms, not one per row
            state = self.store.state
            assert state is not None
            self._alarms_by_lock = {}
            for alarm in state.alarms.values():
                self._alarms_by_lock.setdefault(alarm.lock_id, []).append(alarm)
        return self._alarms_by_lock.get(lock_id, [])

    @Slot()
    def _warm_search(self) -> None:
        state = self.store.state
        ids = self._trailer_ids
        if state is None or self._warm_row >= len(ids):
            self._warm_timer.stop()
            return
        end = min(len(ids), self._warm_row + WARM_ROWS)
        for trailer_id in ids[self._warm_row:end]:
            if trailer_id not in self._search:
                trailer = state.trailers[trailer_id]
                self._search[trailer_id] = self._search_text(trailer,
                                                             state.locks[trailer.lock_id])
        self._warm_row = end

    def _city(self, trailer_id: str, lock: Any) -> str:
        city = self._cities.get(trailer_id)
        if city is None:
            pos = lock.position
            city = self._cities[trailer_id] = nearest(pos.lat, pos.lon).label if pos else ""
        return city

    def _search_text(self, trailer: Any, lock: Any) -> str:
        """Trailer, lock, seal number, driver and phone, state (its name as shown, and the
        words of :data:`STATUS_WORDS`), open alarms (names, priorities, :data:`ALARM_WORDS`),
        trip places and route, and the nearest city."""
        state = self.store.state
        assert state is not None
        driver = state.drivers.get(trailer.driver_id or "")
        trip = trailer.trip
        status = self.store.board.status(lock.id)
        parts = [trailer.id, lock.id, lock.seal_id, driver.name if driver else "",
                 driver.phone if driver else "", status_label(status),
                 trip.origin_name if trip else "", trip.destination_name if trip else "",
                 trip.route if trip else "", self._city(trailer.id, lock)]
        words = [_STATUS_SEARCH[status]]
        for alarm in self._alarms_of(lock.id):
            parts += [alarm_type_label(alarm.type), priority_label(alarm.priority)]
            words.append(_ALARM_SEARCH.get(alarm.type, "alarm alarma"))
        return " ".join([fold_text(" ".join(parts)), *words])

    def _cell(self, col: Column, trailer: Any, lock: Any, now: float, sort: bool) -> Any:
        state = self.store.state
        assert state is not None
        match col:
            case Column.TRAILER:
                return trailer.id if sort else isolate(trailer.id)
            case Column.LOCK:
                return lock.id if sort else isolate(lock.id)
            case Column.STATUS:
                status = self.store.board.status(lock.id)
                if sort:
                    return self.store.board.sort_rank(lock.id)
                prio = self.store.board.worst_priority(lock.id)
                label = status_label(status)
                return f"{label} ({priority_label(prio).lower()})" if prio else label
            case Column.DRIVER:
                driver = state.drivers.get(trailer.driver_id or "")
                if sort:
                    return driver.name if driver else ""
                return isolate(driver.name) if driver else "—"
            case Column.SPEED:
                speed = lock.position.speed_kmh if lock.position else -1.0
                if sort:
                    return speed
                if speed < 0:
                    return "—"
                return format_speed(speed)
            case Column.LAST_FIX:
                if sort:  # newest fix first when ascending; the order does not move with time
                    return -lock.position.ts if lock.position else float("inf")
                age = now - lock.position.ts if lock.position else float("inf")
                text = (format_age(age) if lock.position
                        else QCoreApplication.translate("FleetTable", "never"))
                if lock.gps_ok:
                    return text
                return QCoreApplication.translate("FleetTable", "{age} (GPS lost)").format(age=text)
            case Column.FIBER:
                if sort:
                    return lock.fiber_dbm - lock.fiber_baseline_dbm
                drop = lock.fiber_baseline_dbm - lock.fiber_dbm
                text = f"{lock.fiber_dbm:.1f} dBm" + (f" (−{drop:.1f} dB)" if drop >= 1.0 else "")
                if WARNING_DROP_DB <= drop < TAMPER_DROP_DB:
                    # sagging, light still through: maintenance
                    text += " · " + QCoreApplication.translate("FleetTable", "clean connector")
                return text
            case Column.BATTERY:
                return lock.battery_pct if sort else f"{lock.battery_pct:.0f} %"
            case Column.TRIP:
                trip = trailer.trip
                if trip is None:
                    return ""
                if sort:
                    return f"{trip.origin_name} → {trip.destination_name}"
                return f"{isolate(trip.origin_name)} → {isolate(trip.destination_name)}"
        return None

    def _tooltip(self, col: Column, trailer: Any, lock: Any) -> str | None:
        if col in (Column.TRAILER, Column.DRIVER, Column.TRIP):
            # The whole text where the view elides a long one.
            text = self._cell(col, trailer, lock, 0.0, sort=False)
            return text or None
        if col == Column.FIBER:
            text = QCoreApplication.translate("FleetTable",
                       "Seal {seal}: {level} dBm, baseline {baseline} dBm").format(
                seal=isolate(lock.seal_id), level=f"{lock.fiber_dbm:.2f}",
                baseline=f"{lock.fiber_baseline_dbm:.2f}")
            drop = lock.fiber_baseline_dbm - lock.fiber_dbm
            if WARNING_DROP_DB <= drop < TAMPER_DROP_DB:
                text += "\n" + QCoreApplication.translate(
                    "FleetTable",
                    "{drop} dB below its baseline with light still through the loop: most "
                    "likely a dirty or worn connector. Schedule cleaning; the Lock & seal panel "
                    "says whether it sagged slowly or dropped at once.").format(drop=f"{drop:.1f}")
            return text
        if col == Column.STATUS:
            alarms: list[Alarm] = self.store.open_alarms_of(lock.id)
            if alarms:
                return "\n".join(f"{priority_label(a.priority)}: {alarm_type_label(a.type)}"
                                 f" — {isolate(a.detail)}" for a in alarms)
        return None

    # ------------------------------------------------------------------ sorting

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by this column (-1: by trailer id), and keep it sorted as values change."""
        self._sort_column = Column(column) if 0 <= column < len(Column) else None
        self._sort_order = order
        self._rekey_all()
        self._resort()

    def _sort_key_of(self, column: Column | None) -> Callable[[str], Any]:
        """A key per trailer id for this column, reading the state directly (a sort of 10,000
        rows computes 10,000 keys: each must cost well under a microsecond or two)."""
        state = self.store.state
        assert state is not None
        trailers, locks, board = state.trailers, state.locks, self.store.board
        lock_of = {t: trailers[t].lock_id for t in self._trailer_ids}
        match column:
            case None | Column.TRAILER:
                return str
            case Column.STATUS:
                return lambda t: (board.sort_rank(lock_of[t]), t)
            case Column.SPEED:
                def speed(t: str) -> Any:
                    pos = locks[lock_of[t]].position
                    return (pos.speed_kmh if pos else -1.0, t)
                return speed
            case Column.LAST_FIX:  # newest fix first when ascending; stable as time passes
                def newest(t: str) -> Any:
                    pos = locks[lock_of[t]].position
                    return (-pos.ts if pos else float("inf"), t)
                return newest
            case Column.FIBER:
                def drop(t: str) -> Any:
                    lock = locks[lock_of[t]]
                    return (lock.fiber_dbm - lock.fiber_baseline_dbm, t)
                return drop
            case Column.BATTERY:
                return lambda t: (locks[lock_of[t]].battery_pct, t)
        now = self.clock()

        def key(trailer_id: str) -> Any:
            trailer = trailers[trailer_id]
            return (self._cell(column, trailer, locks[trailer.lock_id], now, sort=True),
                    trailer_id)

        return key

    def _rekey_all(self) -> None:
        self._stale_keys.clear()
        if self.store.state is None:
            self._keys = {}
            return
        self._key_of = key = self._sort_key_of(self._sort_column)
        self._keys = {t: key(t) for t in self._trailer_ids}

    def _resort(self) -> None:
        if self.store.state is None or not self._trailer_ids:
            return
        if self._stale_keys:
            key, keys = self._key_of, self._keys
            for trailer_id in self._stale_keys:
                keys[trailer_id] = key(trailer_id)
            self._stale_keys.clear()
        # Timsort on an almost sorted list is close to one pass: the usual case here.
        order = sorted(self._trailer_ids, key=self._keys.__getitem__,
                       reverse=self._sort_order == Qt.SortOrder.DescendingOrder)
        if order == self._trailer_ids:
            return
        reorder_rows(self, self._trailer_ids.__getitem__, lambda: self._set_rows(order),
                     lambda t: self._row_of_trailer[t])

    def _set_rows(self, trailer_ids: list[str]) -> None:
        state = self.store.state
        self._trailer_ids = trailer_ids
        self._row_of_trailer = {t: i for i, t in enumerate(trailer_ids)}
        self._row_of_lock = (
            {state.trailers[t].lock_id: i for i, t in enumerate(trailer_ids)} if state else {}
        )

    @Slot()
    def _on_resort_timer(self) -> None:
        if self._stale_keys:
            self._resort()

    def _keys_moved(self, rows: list[int], first: int, last: int) -> None:
        if self._sort_column is not None and first <= self._sort_column <= last:
            ids = self._trailer_ids
            self._stale_keys.update(ids[r] for r in rows)

    # ------------------------------------------------------------------ store slots

    @Slot()
    def on_reset(self) -> None:
        self._search.clear()
        self._cities.clear()
        self._moved.clear()
        self._alarms_by_lock = None
        self._warm_row = 0
        self._warm_timer.stop()
        QTimer.singleShot(WARM_DELAY_MS, self, self._warm_timer.start)
        self.beginResetModel()
        state = self.store.state
        self._set_rows(sorted(state.trailers) if state else [])
        self.endResetModel()
        self._rekey_all()
        if self._sort_column is not None:
            self._resort()

    def _rows_changed(self, rows: list[int], first_col: int, last_col: int,
                      roles: list[int]) -> None:
        if not rows:
            return
        self._keys_moved(rows, first_col, last_col)
        self.dataChanged.emit(self.index(min(rows), first_col), self.index(max(rows), last_col),
                              roles)

    @Slot(list)
    def on_locks_changed(self, lock_ids: list[str]) -> None:
        rows = [r for r in map(self._row_of_lock.get, lock_ids) if r is not None]
        # Searchable text moves with a lock's reports only through its nearest city, looked up
        # again every CITY_REFRESH_MS (refresh_cities): no SEARCH_TEXT role here.
        ids = self._trailer_ids
        self._moved.update(ids[r] for r in rows)
        self._rows_changed(rows, _LIVE_FIRST, _LIVE_LAST, _LIVE_ROLES)

    @Slot(list)
    def on_status_changed(self, lock_ids: list[str]) -> None:
        rows = [r for r in map(self._row_of_lock.get, lock_ids) if r is not None]
        self._forget_search(rows)
        for row in rows:  # few, and each can move in or out of a search
            self._rows_changed([row], Column.STATUS, Column.STATUS, _ALL_ROLES)

    @Slot(list)
    def on_alarms_changed(self, alarm_ids: list[str]) -> None:
        """An alarm raised, acknowledged or resolved changes its trailer's searchable words."""
        state = self.store.state
        self._alarms_by_lock = None
        if state is None:
            return
        lock_ids = {a.lock_id for a in map(state.alarms.get, alarm_ids) if a is not None}
        lock_ids.update(a.lock_id for i in alarm_ids
                        if (a := self.store.resolved_alarms.get(i)) is not None)
        rows = sorted(r for r in map(self._row_of_lock.get, lock_ids) if r is not None)
        self._forget_search(rows)
        for row in rows:  # the filter's key column: the proxy looks at the row again
            self._rows_changed([row], 0, 0, [FleetRole.SEARCH_TEXT])

    def _forget_search(self, rows: list[int]) -> None:
        if self._search:
            for row in rows:
                self._search.pop(self._trailer_ids[row], None)

    @Slot()
    def refresh_cities(self) -> None:
        """Look up the nearest city of the trailers that moved, and announce the rows whose
        search text changed with it: CITY_SLICE trailers per turn of the event loop (at
        10,000 trailers the whole fleet moved, and looking them all up at once held the UI for
        0.2 s)."""
        state = self.store.state
        moved, self._moved = self._moved, set()
        if state is None or not self._search:
            self._cities.clear()  # looked up again when a search needs them
            self._city_queue.clear()
            return
        self._city_queue.extend(moved)
        self._refresh_city_slice()

    @Slot()
    def _refresh_city_slice(self) -> None:
        state = self.store.state
        queue = self._city_queue
        if state is None:
            queue.clear()
            return
        rows = []
        for _ in range(min(CITY_SLICE, len(queue))):
            trailer_id = queue.pop()
            row = self._row_of_trailer.get(trailer_id)
            if row is None or trailer_id not in self._cities:
                continue
            before = self._cities.pop(trailer_id)
            if self._city(trailer_id, state.locks[state.trailers[trailer_id].lock_id]) != before:
                self._search.pop(trailer_id, None)
                rows.append(row)
        for row in sorted(rows):
            self.dataChanged.emit(self.index(row, 0), self.index(row, 0),
                                  [FleetRole.SEARCH_TEXT])
        if queue:
            self._city_slice_timer.start()

    @Slot(list)
    def on_trailers_changed(self, trailer_ids: list[str]) -> None:
        state = self.store.state
        if state is None:
            return
        if any(t not in self._row_of_trailer for t in trailer_ids):
            self.on_reset()  # a trailer joined the fleet
            return
        rows = sorted(self._row_of_trailer[t] for t in trailer_ids)
        self._forget_search(rows)
        for row in rows:
            self._rows_changed([row], 0, len(Column) - 1, _ALL_ROLES)

    @Slot(list)
    def on_drivers_changed(self, driver_ids: list[str]) -> None:
        state = self.store.state
        if state is None:
            return
        for driver_id in driver_ids:
            driver = state.drivers.get(driver_id)
            row = self._row_of_trailer.get(driver.trailer_id or "") if driver else None
            if row is not None:
                self._forget_search([row])
                self._rows_changed([row], Column.DRIVER, Column.DRIVER, _ALL_ROLES)


_ROLES = frozenset({
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.DecorationRole, *FleetRole,
})
_LIVE_ROLES: list[int] = [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                          Qt.ItemDataRole.DecorationRole, FleetRole.SORT]
_ALL_ROLES: list[int] = [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, *FleetRole]


class FleetFilterProxy(WordFilterProxy):
    """Search across trailer, lock, seal number, driver, phone, state and alarm words (English
    and Spanish), trip and nearest city (every word must match, accents or not); sorting is
    the model's own."""

    fold_accents = True

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(FleetRole.SEARCH_TEXT, parent)


__all__ = [
    "MOVING_KMH",
    "STALE_AFTER_S",
    "STATUS_LABEL",
    "Column",
    "FleetFilterProxy",
    "FleetRole",
    "FleetTableModel",
    "TrailerStatus",
    "format_age",
    "trailer_status",
]
