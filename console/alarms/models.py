"""The alarm queue as a Qt table model (QtCore/QtGui only: the view lives in widgets/).

Rows are the store's unresolved alarms, most urgent first: priority, then oldest first, so the
critical alarm that has waited longest is always on top. An alarm's priority and raise time never
change, so neither does its place relative to the others: new alarms are inserted and resolved
ones removed row by row, and a dispatcher's selection survives the queue changing under it.

What the server does not know yet is overlaid from the desk: an acknowledgement typed while the
link is down shows "ack pending…" until the cloud has it.

Each row says who owns the alarm ("me (ana)" for the signed-in dispatcher) and how far it has
escalated ("L2"); :class:`AlarmOwnerFilter` narrows the queue to "Mine" or "Unassigned".
"""

from __future__ import annotations

import bisect
import contextlib
import time
from collections.abc import Callable
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Slot,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QGuiApplication,
    QIcon,
    QPainter,
    QPixmap,
    QPolygonF,
)

from console.alarms.action_plans import is_quiet
from console.alarms.desk import AlarmDesk
from console.alarms.labels import (
    PRIORITY_COLORS,
    alarm_label,
    flash_color,
    level_label,
    owner_label,
    pending_label,
    priority_label,
    short_state_label,
)
from console.alarms.times import local_datetime, local_time
from console.fleet.labels import QT_TRANSLATE_NOOP
from console.fleet.store import FleetStore
from console.places import where_text
from console.tables import ColumnTableModel
from console.text import isolate, plain_tooltip
from opticallock.protocol import Alarm, AlarmPriority, AlarmState

ModelIndex = QModelIndex | QPersistentModelIndex

#: Open critical alarms alternate their background this often.
FLASH_INTERVAL_MS = 500
#: The time-to-ack column counts this often.
CLOCK_INTERVAL_MS = 1000

_PRIORITY_RANK = {p: i for i, p in enumerate(AlarmPriority)}

class AlarmColumn(IntEnum):
    PRIORITY = 0
    LEVEL = 1
    STATE = 2
    OWNER = 3
    ALARM = 4
    TRAILER = 5
    DRIVER = 6
    WHERE = 7
    RAISED = 8
    TIME_TO_ACK = 9


#: Column titles and their tooltips, translated when a view asks for them.
HEADERS = {
    AlarmColumn.PRIORITY: QT_TRANSLATE_NOOP("AlarmQueue", "Priority"),
    AlarmColumn.LEVEL: QT_TRANSLATE_NOOP("AlarmQueue", "Esc."),
    AlarmColumn.STATE: QT_TRANSLATE_NOOP("AlarmQueue", "State"),
    AlarmColumn.OWNER: QT_TRANSLATE_NOOP("AlarmQueue", "Owner"),
    AlarmColumn.ALARM: QT_TRANSLATE_NOOP("AlarmQueue", "Alarm"),
    AlarmColumn.TRAILER: QT_TRANSLATE_NOOP("AlarmQueue", "Trailer"),
    AlarmColumn.DRIVER: QT_TRANSLATE_NOOP("AlarmQueue", "Driver"),
    AlarmColumn.WHERE: QT_TRANSLATE_NOOP("AlarmQueue", "Where"),
    AlarmColumn.RAISED: QT_TRANSLATE_NOOP("AlarmQueue", "Raised"),
    AlarmColumn.TIME_TO_ACK: QT_TRANSLATE_NOOP("AlarmQueue", "Time to ack"),
}
HEADER_TOOLTIPS = {
    AlarmColumn.PRIORITY: QT_TRANSLATE_NOOP(
        "AlarmQueue", "Critical first, then high, then medium; oldest first within each"),
    AlarmColumn.LEVEL: QT_TRANSLATE_NOOP(
        "AlarmQueue", "Escalation level: L1, L2… the longer nobody acknowledges it"),
    AlarmColumn.OWNER: QT_TRANSLATE_NOOP(
        "AlarmQueue", "The dispatcher working the alarm; — when nobody has taken it"),
    AlarmColumn.WHERE: QT_TRANSLATE_NOOP(
        "AlarmQueue", "Distance and direction from the nearest city when the alarm was raised"),
    AlarmColumn.TIME_TO_ACK: QT_TRANSLATE_NOOP(
        "AlarmQueue", "How long the alarm has waited, or how long it took to acknowledge"),
}



class AlarmRole(IntEnum):
    """Item roles beyond Qt's; the views and delegates read these, never the row objects."""

    ALARM_ID = Qt.ItemDataRole.UserRole + 1
    TRAILER_ID = Qt.ItemDataRole.UserRole + 2
    #: The priority as its wire value ("critical").
    PRIORITY = Qt.ItemDataRole.UserRole + 3
    #: The cloud's state as its wire value ("open", "acknowledged").
    STATE = Qt.ItemDataRole.UserRole + 4
    #: True while a flashing row is in its "on" phase; always False for rows that do not flash.
    FLASH = Qt.ItemDataRole.UserRole + 5
    #: Who owns the alarm ("" when nobody).
    OWNER = Qt.ItemDataRole.UserRole + 6
    #: The escalation level (0: not escalated).
    LEVEL = Qt.ItemDataRole.UserRole + 7
    #: A quiet alarm (covert, or the driver's duress code).
    QUIET = Qt.ItemDataRole.UserRole + 8


def alarm_sort_key(alarm: Alarm) -> tuple[int, float, str]:
    """Priority first, then oldest first (the id only makes the order total)."""
    return _PRIORITY_RANK[alarm.priority], alarm.raised_at, alarm.id


def format_clock(seconds: float) -> str:
    """"0:07", "3:12", "1:02:05": a stopwatch, because dispatchers compare these at a glance."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


_warning_icons: dict[str, QIcon] = {}


def warning_icon() -> QIcon | None:
    """A red warning triangle, drawn rather than taken from the icon theme (which headless and
    Windows machines lack), made on first use because it needs a QGuiApplication (None
    without one: a model used headless has nothing to paint)."""
    key = PRIORITY_COLORS[AlarmPriority.CRITICAL]  # one per theme
    if key not in _warning_icons:
        if QGuiApplication.instance() is None:
            return None
        pixmap = QPixmap(32, 32)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(PRIORITY_COLORS[AlarmPriority.CRITICAL]))
        painter.drawPolygon(QPolygonF([QPointF(16, 2), QPointF(30, 29), QPointF(2, 29)]))
        painter.setBrush(QColor("white"))
        painter.drawRect(14, 10, 4, 11)
        painter.drawRect(14, 23, 4, 4)
        painter.end()
        _warning_icons[key] = QIcon(pixmap)
    return _warning_icons[key]


class AlarmQueueModel(ColumnTableModel):
    """The store's unresolved alarms, most urgent first, with the desk's pending actions.

    ``clock`` is injectable so the time-to-ack column can be tested without waiting.
    """

    COLUMNS = AlarmColumn
    HEADERS = HEADERS
    TOOLTIPS = HEADER_TOOLTIPS
    CONTEXT = "AlarmQueue"

    def __init__(self, store: FleetStore, desk: AlarmDesk | None = None, *,
                 clock: Callable[[], float] = time.time, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.desk = desk
        self.clock = clock
        self._ids: list[str] = []
        self._keys: list[tuple[int, float, str]] = []
        self.flash_on = False
        store.reset.connect(self.on_reset)
        store.alarmsChanged.connect(self.on_alarms_changed)
        store.trailersChanged.connect(self.on_people_changed)
        store.driversChanged.connect(self.on_people_changed)
        if desk is not None:
            desk.pendingChanged.connect(self.on_pending_changed)
        self.flash_timer = QTimer(self)
        self.flash_timer.setInterval(FLASH_INTERVAL_MS)
        self.flash_timer.timeout.connect(self.on_flash_tick)
        self.flash_timer.start()
        self.clock_timer = QTimer(self)
        self.clock_timer.setInterval(CLOCK_INTERVAL_MS)
        self.clock_timer.timeout.connect(self.on_clock_tick)
        self.clock_timer.start()
        self.on_reset()

    # ------------------------------------------------------------------ structure

    def row_count(self) -> int:
        return len(self._ids)

    def set_desk(self, desk: AlarmDesk | None) -> None:
        """Overlay this desk's pending actions from now on (None: signed out)."""
        if desk is self.desk:
            return
        if self.desk is not None:
            with contextlib.suppress(RuntimeError, TypeError):
                self.desk.pendingChanged.disconnect(self.on_pending_changed)
        self.desk = desk
        if desk is not None:
            desk.pendingChanged.connect(self.on_pending_changed)
        self.on_pending_changed()

    def alarm_id_at(self, row: int) -> str:
        return self._ids[row]

    def alarm_at(self, row: int) -> Alarm | None:
        state = self.store.state
        return None if state is None else state.alarms.get(self._ids[row])

    def state_counts(self) -> dict[str, int]:
        """Rows per cloud state ("open", "acknowledged"), read from the store, not per row."""
        counts = {s.value: 0 for s in AlarmState}
        state = self.store.state
        if state is not None:
            for alarm in state.alarms.values():
                counts[alarm.state.value] += 1
        return counts

    def row_of(self, alarm_id: str) -> int | None:
        try:
            return self._ids.index(alarm_id)
        except ValueError:
            return None

    # ------------------------------------------------------------------ data

    def _pending_kind(self, alarm_id: str) -> str | None:
        """The most consequential action on this alarm still waiting for the cloud."""
        if self.desk is None:
            return None
        kinds = {a.kind for a in self.desk.pending_for(alarm_id)}
        return next((k for k in ("resolve", "ack") if k in kinds), None)

    def _flashes(self, alarm: Alarm) -> bool:
        return (alarm.state is AlarmState.OPEN and alarm.priority is AlarmPriority.CRITICAL
                and self._pending_kind(alarm.id) is None)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        alarm = self.alarm_at(index.row())
        if alarm is None:
            return None
        col = AlarmColumn(index.column())
        match role:
            case AlarmRole.ALARM_ID:
                return alarm.id
            case AlarmRole.TRAILER_ID:
                return alarm.trailer_id
            case AlarmRole.PRIORITY:
                return alarm.priority.value
            case AlarmRole.STATE:
                return alarm.state.value
            case AlarmRole.FLASH:
                return self.flash_on and self._flashes(alarm)
            case AlarmRole.OWNER:
                return alarm.owner or ""
            case AlarmRole.LEVEL:
                return alarm.escalation_level
            case AlarmRole.QUIET:
                return is_quiet(alarm)
            case Qt.ItemDataRole.DisplayRole:
                return self._text(col, alarm)
            case Qt.ItemDataRole.BackgroundRole:
                if self.flash_on and self._flashes(alarm):
                    return QBrush(QColor(flash_color()))
                return None
            case Qt.ItemDataRole.ForegroundRole if col is AlarmColumn.PRIORITY:
                return QBrush(QColor(PRIORITY_COLORS[alarm.priority]))
            case Qt.ItemDataRole.FontRole if (alarm.priority is AlarmPriority.CRITICAL
                                              and alarm.state is AlarmState.OPEN):
                font = QFont()
                font.setBold(True)
                return font
            case Qt.ItemDataRole.DecorationRole if (col is AlarmColumn.PRIORITY
                                                    and alarm.priority is AlarmPriority.CRITICAL
                                                    and alarm.state is AlarmState.OPEN):
                return warning_icon()
            case Qt.ItemDataRole.ToolTipRole:
                # Escaped: Qt would render a note written in HTML as HTML (console/text.py).
                return plain_tooltip(self._tooltip(col, alarm)) or None
            case Qt.ItemDataRole.TextAlignmentRole if col in (AlarmColumn.RAISED,
                                                              AlarmColumn.TIME_TO_ACK):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, col: AlarmColumn, alarm: Alarm) -> str:
        match col:
            case AlarmColumn.PRIORITY:
                return priority_label(alarm.priority)
            case AlarmColumn.LEVEL:
                return level_label(alarm.escalation_level)
            case AlarmColumn.OWNER:
                return isolate(owner_label(alarm, self.desk.username if self.desk else None))
            case AlarmColumn.STATE:
                pending = self._pending_kind(alarm.id)
                if pending is not None:
                    return pending_label(pending)
                return short_state_label(alarm)
            case AlarmColumn.ALARM:
                return alarm_label(alarm)
            case AlarmColumn.TRAILER:
                return isolate(alarm.trailer_id)
            case AlarmColumn.DRIVER:
                return self._driver_name(alarm)
            case AlarmColumn.WHERE:
                return self._where_of(alarm)
            case AlarmColumn.RAISED:
                return local_time(alarm.raised_at, now=self.clock())
            case AlarmColumn.TIME_TO_ACK:
                if alarm.acknowledged_at is not None:
                    return QCoreApplication.translate("AlarmQueue", "acked in {clock}").format(
                        clock=format_clock(alarm.acknowledged_at - alarm.raised_at))
                return QCoreApplication.translate("AlarmQueue", "{clock} waiting").format(
                    clock=format_clock(self.clock() - alarm.raised_at))
        return ""

    def _tooltip(self, col: AlarmColumn, alarm: Alarm) -> str | None:
        if col is AlarmColumn.RAISED:
            text = local_datetime(alarm.raised_at)
            if alarm.count > 1:
                last = local_time(alarm.last_at, now=self.clock())
                repeated = QCoreApplication.translate("AlarmQueue",
                                                      "Repeated {n}×, last at {clock}")
                text += "\n" + repeated.format(n=alarm.count - 1, clock=last)
            return text
        if col is AlarmColumn.STATE:
            pending = self.desk.pending_for(alarm.id) if self.desk is not None else []
            errors = [a.last_error for a in pending if a.last_error]
            if errors:
                return QCoreApplication.translate(
                    "AlarmQueue", "Not yet delivered to the cloud: {error}").format(
                        error=isolate(errors[-1]))
            if alarm.ack_note:
                return QCoreApplication.translate("AlarmQueue", "Note: {note}").format(
                    note=isolate(alarm.ack_note))
        if col is AlarmColumn.ALARM:
            return isolate(alarm.detail) if alarm.detail else None
        if col is AlarmColumn.OWNER and alarm.owner:
            return QCoreApplication.translate("AlarmQueue", "{who} since {when}").format(
                who=isolate(alarm.owner), when=local_time(alarm.owned_at, now=self.clock()))
        if col is AlarmColumn.LEVEL and alarm.escalation_level:
            return QCoreApplication.translate("AlarmQueue", "Escalated to level {level} at "
                                              "{when}").format(
                level=alarm.escalation_level, when=local_time(alarm.escalated_at,
                                                              now=self.clock()))
        if col in (AlarmColumn.TRAILER, AlarmColumn.DRIVER, AlarmColumn.WHERE):
            text = self._text(col, alarm)  # the whole text where the view elides a long one
            return text if text != "—" else None
        return None

    def _driver_name(self, alarm: Alarm) -> str:
        state = self.store.state
        trailer = None if state is None else state.trailers.get(alarm.trailer_id)
        driver = None if trailer is None or state is None else state.drivers.get(
            trailer.driver_id or "")
        return isolate(driver.name) if driver is not None else "—"

    def _where_of(self, alarm: Alarm) -> str:
        if alarm.position is None:
            # Raised before the lock's first fix reached the cloud: say where it is now.
            state = self.store.state
            lock = state.locks.get(alarm.lock_id) if state is not None else None
            if lock is None or lock.position is None:
                return QCoreApplication.translate("AlarmQueue", "no fix yet")
            return QCoreApplication.translate("AlarmQueue", "{where} (now)").format(
                where=where_text(lock.position))
        # The city lookup is cached per point (console/places.py); the words are not, so they
        # follow a live language switch.
        return where_text(alarm.position)

    # ------------------------------------------------------------------ store and desk slots

    def _current(self) -> list[Alarm]:
        state = self.store.state
        if state is None:
            return []
        return [a for a in state.alarms.values() if a.state is not AlarmState.RESOLVED]

    @Slot()
    def on_reset(self) -> None:
        self.beginResetModel()
        alarms = sorted(self._current(), key=alarm_sort_key)
        self._ids = [a.id for a in alarms]
        self._keys = [alarm_sort_key(a) for a in alarms]
        self.endResetModel()

    @Slot(list)
    def on_alarms_changed(self, alarm_ids: list[str]) -> None:
        """Remove resolved rows, insert new ones in place, repaint the rows that changed."""
        current = {a.id: a for a in self._current()}
        for row in range(len(self._ids) - 1, -1, -1):
            if self._ids[row] not in current:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._ids[row]
                del self._keys[row]
                self.endRemoveRows()
        known = set(self._ids)
        for alarm in sorted((a for a in current.values() if a.id not in known),
                            key=alarm_sort_key):
            key = alarm_sort_key(alarm)
            row = bisect.bisect_left(self._keys, key)
            self.beginInsertRows(QModelIndex(), row, row)
            self._ids.insert(row, alarm.id)
            self._keys.insert(row, key)
            self.endInsertRows()
        rows = [r for r in (self.row_of(i) for i in alarm_ids) if r is not None]
        if rows:
            self.dataChanged.emit(self.index(min(rows), 0),
                                  self.index(max(rows), len(AlarmColumn) - 1))

    @Slot(list)
    def on_people_changed(self, _ids: list[str]) -> None:
        if self._ids:
            self.dataChanged.emit(self.index(0, AlarmColumn.DRIVER),
                                  self.index(len(self._ids) - 1, AlarmColumn.DRIVER))

    @Slot()
    def on_pending_changed(self) -> None:
        if self._ids:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._ids) - 1, len(AlarmColumn) - 1))

    @Slot()
    def on_flash_tick(self) -> None:
        """Flip the flash phase and repaint the rows that flash (only those)."""
        self.flash_on = not self.flash_on
        state = self.store.state
        if state is None:
            return
        rows = [r for r, i in enumerate(self._ids)
                if (a := state.alarms.get(i)) is not None and self._flashes(a)]
        if rows:
            self.dataChanged.emit(self.index(min(rows), 0),
                                  self.index(max(rows), len(AlarmColumn) - 1),
                                  [Qt.ItemDataRole.BackgroundRole, AlarmRole.FLASH])

    @Slot()
    def on_clock_tick(self) -> None:
        if self._ids:
            self.dataChanged.emit(self.index(0, AlarmColumn.TIME_TO_ACK),
                                  self.index(len(self._ids) - 1, AlarmColumn.TIME_TO_ACK),
                                  [Qt.ItemDataRole.DisplayRole])


class AlarmOwnerFilter(QSortFilterProxyModel):
    """The queue narrowed by owner: "all", "mine" (owned by ``username``) or "unassigned".

    Rows are kept in the source's order; a row whose owner changes comes and goes as the source
    says it changed (dynamic filtering).
    """

    MODES = ("all", "mine", "unassigned")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._mode = "all"
        self._username = ""

    @property
    def mode(self) -> str:
        return self._mode

    def set_mode(self, mode: str) -> None:
        if mode not in self.MODES:
            raise ValueError(f"unknown owner filter {mode!r}")
        if mode != self._mode:
            self.beginFilterChange()
            self._mode = mode
            self.endFilterChange()

    def set_username(self, username: str) -> None:
        """Whose alarms "mine" shows (the signed-in dispatcher; "" when signed out)."""
        if username != self._username:
            self.beginFilterChange()
            self._username = username
            self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        if self._mode == "all":
            return True
        owner = self.sourceModel().index(source_row, 0, source_parent).data(AlarmRole.OWNER)
        if self._mode == "mine":
            return bool(self._username) and owner == self._username
        return not owner


__all__ = [
    "AlarmColumn",
    "AlarmOwnerFilter",
    "AlarmQueueModel",
    "AlarmRole",
    "alarm_label",
    "alarm_sort_key",
    "format_clock",
    "warning_icon",
]
