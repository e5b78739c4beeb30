"""The trips of a loaded history as a Qt table model (QtCore only; the view is in widgets/)."""

from __future__ import annotations

import time
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from console.fleet.labels import QT_TRANSLATE_NOOP
from console.history.labels import format_duration
from console.tables import ColumnTableModel
from console.text import isolate, plain_tooltip
from console.units import format_distance
from opticallock.trips import TripReport, TripSpan

ModelIndex = QModelIndex | QPersistentModelIndex


class TripColumn(IntEnum):
    TRIP = 0
    ROUTE = 1
    LOCKED = 2
    UNLOCKED = 3
    DISTANCE = 4
    DRIVING = 5
    STOPPED = 6
    UNLOCKS = 7
    TAMPER = 8
    ALARMS = 9


#: Column titles, translated when a view asks for them.
HEADERS = {
    TripColumn.TRIP: QT_TRANSLATE_NOOP("TripTable", "Trip"),
    TripColumn.ROUTE: QT_TRANSLATE_NOOP("TripTable", "From → to"),
    TripColumn.LOCKED: QT_TRANSLATE_NOOP("TripTable", "Locked"),
    TripColumn.UNLOCKED: QT_TRANSLATE_NOOP("TripTable", "Unlocked"),
    TripColumn.DISTANCE: QT_TRANSLATE_NOOP("TripTable", "Distance"),
    TripColumn.DRIVING: QT_TRANSLATE_NOOP("TripTable", "Driving"),
    TripColumn.STOPPED: QT_TRANSLATE_NOOP("TripTable", "Stopped"),
    TripColumn.UNLOCKS: QT_TRANSLATE_NOOP("TripTable", "Unlocks"),
    TripColumn.TAMPER: QT_TRANSLATE_NOOP("TripTable", "Tamper"),
    TripColumn.ALARMS: QT_TRANSLATE_NOOP("TripTable", "Alarms"),
}


class TripRole(IntEnum):
    START = Qt.ItemDataRole.UserRole + 1
    END = Qt.ItemDataRole.UserRole + 2
    FLAGGED = Qt.ItemDataRole.UserRole + 3


def _clock(ts: float | None) -> str:
    return "—" if ts is None else time.strftime("%m-%d %H:%M", time.localtime(ts))


def flagged(trip: TripSpan) -> bool:
    """Worth an auditor's look: a tamper, an alarm, or an unlock not where planned."""
    return bool(trip.totals.tamper_events or trip.totals.alarms
                or any(not u.authorised or u.at_planned_destination is False
                       for u in trip.unlocks))


class TripTableModel(ColumnTableModel):
    """One row per trip of a :class:`TripReport`; :meth:`set_report` replaces them all."""

    COLUMNS = TripColumn
    HEADERS = HEADERS
    CONTEXT = "TripTable"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.report: TripReport | None = None

    def row_count(self) -> int:
        return 0 if self.report is None else len(self.report.trips)

    def set_report(self, report: TripReport | None) -> None:
        self.beginResetModel()
        self.report = report
        self.endResetModel()

    def trip(self, row: int) -> TripSpan | None:
        if self.report is None or not 0 <= row < len(self.report.trips):
            return None
        return self.report.trips[row]

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        trip = self.trip(index.row()) if index.isValid() else None
        if trip is None:
            return None
        if role == TripRole.START:
            return trip.start
        if role == TripRole.END:
            return trip.end
        if role == TripRole.FLAGGED:
            return flagged(trip)
        col = TripColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(col, index.row(), trip)
        if role == Qt.ItemDataRole.ToolTipRole and col == TripColumn.ROUTE:
            return plain_tooltip(self._text(col, index.row(), trip)) or None
        if role == Qt.ItemDataRole.ToolTipRole and col == TripColumn.UNLOCKS:
            # Escaped: Qt would render a geofence named in HTML as HTML (console/text.py).
            return plain_tooltip("\n".join(
                f"{_clock(u.ts)} {isolate(u.geofence_name)} ({isolate(u.actor.replace('_', ' '))})"
                + ("" if u.authorised
                   else " — " + QCoreApplication.translate("TripTable", "NOT AUTHORISED"))
                + (" — " + QCoreApplication.translate("TripTable", "not the planned destination")
                   if u.at_planned_destination is False else "")
                for u in trip.unlocks)) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= TripColumn.DISTANCE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, col: TripColumn, row: int, trip: TripSpan) -> str:
        t = trip.totals
        match col:
            case TripColumn.TRIP:
                if trip.complete:
                    return f"{row + 1}"
                return QCoreApplication.translate("TripTable", "{n} (under way)").format(
                    n=row + 1)
            case TripColumn.ROUTE:
                end = trip.destination or trip.planned_destination
                return f"{isolate(trip.origin)} → {isolate(end) if end else '…'}"
            case TripColumn.LOCKED:
                return _clock(trip.start)
            case TripColumn.UNLOCKED:
                return _clock(trip.end)
            case TripColumn.DISTANCE:
                return format_distance(t.distance_km)
            case TripColumn.DRIVING:
                return format_duration(t.driving_s)
            case TripColumn.STOPPED:
                return f"{format_duration(t.stopped_s)} ({t.stops})"
            case TripColumn.UNLOCKS:
                bad = sum(1 for u in trip.unlocks if not u.authorised)
                if not bad:
                    return f"{t.unlocks}"
                return QCoreApplication.translate("TripTable", "{n} ({bad} unauthorised)").format(
                    n=t.unlocks, bad=bad)
            case TripColumn.TAMPER:
                return str(t.tamper_events)
            case TripColumn.ALARMS:
                return str(t.alarms)
