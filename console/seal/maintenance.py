"""The seal-maintenance list: the fleet's sagging seals as work orders, with their trend.

**Building it** (:func:`build_work_orders`): the locks come from the store (their current level
and baseline); only those sagging 3–10 dB below their baseline
(:func:`opticallock.seal_maintenance.is_candidate`) are looked at further, each with its last
:data:`HISTORY_DAYS` days of fiber readings (``GET /locks/{id}/fiber``, paged), fetched
:data:`CONCURRENCY` locks at a time so a fleet with many sagging seals does not flood the cloud.
A lock whose readings cannot be had is still listed, without a trend. The trend, urgency and
action are the domain's (:func:`opticallock.seal_maintenance.maintenance_list`).

**The table** (:class:`MaintenanceModel`): lock, trailer, seal number, sag (dB), trend (dB/day),
days until 10 dB, suggested action; :attr:`MaintenanceRole.ORDER` gives the row's
:class:`~opticallock.seal_maintenance.WorkOrder`.

**Work orders as CSV** (:func:`write_work_orders`), UTF-8 with a byte-order mark and a header
row, most urgent first. Columns: ``priority`` (1 = most urgent), ``lock_id``, ``trailer_id``,
``seal_number``, ``level_dbm``, ``baseline_dbm``, ``sag_db``, ``trend_db_per_day`` (empty
without enough readings), ``days_to_10_db`` (empty when not losing light), ``action`` (the code:
``clean_connector`` or ``replace_seal``), ``action_text`` (in the console's language),
``readings`` (how many the trend was fitted on), ``generated_at`` (ISO 8601, local time).
Codes and column names are never translated.
"""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from enum import IntEnum
from pathlib import Path
from typing import Any, ClassVar

import httpx
from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from console.fleet.labels import QT_TRANSLATE_NOOP, TranslatedNames
from console.link.api import CloudApi
from console.link.client import CloudUnavailable
from console.link.errors import ApiError
from console.reports.files import replace_atomically
from console.tables import ColumnTableModel
from console.text import isolate
from opticallock.protocol import Lock
from opticallock.seal_maintenance import Action, WorkOrder, is_candidate, maintenance_list

log = logging.getLogger(__name__)

CONTEXT = "SealMaintenance"
#: Days of readings fetched per sagging lock for its trend.
HISTORY_DAYS = 3.0
#: Locks whose readings are fetched at once.
CONCURRENCY = 4
#: Readings per ``GET /locks/{id}/fiber`` page (the cloud's largest).
FIBER_PAGE = 5000

ACTION_NAMES: TranslatedNames[Action] = TranslatedNames(CONTEXT, {
    Action.CLEAN_CONNECTOR: QT_TRANSLATE_NOOP("SealMaintenance", "Clean connector"),
    Action.REPLACE_SEAL: QT_TRANSLATE_NOOP("SealMaintenance", "Replace seal"),
})


def action_label(action: Action) -> str:
    return ACTION_NAMES[action]


async def fiber_history(api: CloudApi, lock_id: str, start: float, end: float,
                        page: int = FIBER_PAGE) -> tuple[list[float], list[float]]:
    """The lock's readings in ``[start, end)`` as (times, dBm), oldest first."""
    ts: list[float] = []
    dbm: list[float] = []
    cursor: str | None = None
    while True:
        got = await api.fiber(lock_id, start, end, limit=page, cursor=cursor)
        ts.extend(s.ts for s in got.items)
        dbm.extend(s.dbm for s in got.items)
        if got.next_cursor is None or not got.items:
            return ts, dbm
        cursor = got.next_cursor


async def build_work_orders(api: CloudApi, locks: Iterable[Lock], now: float, *,
                            days: float = HISTORY_DAYS, concurrency: int = CONCURRENCY
                            ) -> list[WorkOrder]:
    """Work orders for the sagging locks among ``locks``, most urgent first."""
    candidates = [lock for lock in locks if is_candidate(lock)]
    gate = asyncio.Semaphore(max(1, concurrency))
    start = now - days * 86400.0

    async def one(lock: Lock) -> tuple[str, tuple[list[float], list[float]] | None]:
        async with gate:
            try:
                return lock.id, await fiber_history(api, lock.id, start, now + 1.0)
            except (ApiError, CloudUnavailable, httpx.HTTPError):
                # Listed without a trend: the sag alone says it needs a visit. (Signed out is
                # not this lock's problem: AuthError goes up.)
                log.warning("no fiber readings for %s; listed without a trend", lock.id)
                return lock.id, None

    fetched = await asyncio.gather(*(one(lock) for lock in candidates))
    history = {lock_id: h for lock_id, h in fetched if h is not None}
    return maintenance_list(candidates, history)


# --------------------------------------------------------------------------- the table


class MaintenanceColumn(IntEnum):
    LOCK = 0
    TRAILER = 1
    SEAL = 2
    SAG = 3
    TREND = 4
    DAYS = 5
    ACTION = 6


class MaintenanceRole(IntEnum):
    #: The row's WorkOrder.
    ORDER = Qt.ItemDataRole.UserRole + 1


HEADERS: dict[MaintenanceColumn, str] = {
    MaintenanceColumn.LOCK: QT_TRANSLATE_NOOP("SealMaintenance", "Lock"),
    MaintenanceColumn.TRAILER: QT_TRANSLATE_NOOP("SealMaintenance", "Trailer"),
    MaintenanceColumn.SEAL: QT_TRANSLATE_NOOP("SealMaintenance", "Seal number"),
    MaintenanceColumn.SAG: QT_TRANSLATE_NOOP("SealMaintenance", "Sag (dB)"),
    MaintenanceColumn.TREND: QT_TRANSLATE_NOOP("SealMaintenance", "Trend (dB/day)"),
    MaintenanceColumn.DAYS: QT_TRANSLATE_NOOP("SealMaintenance", "Days to 10 dB"),
    MaintenanceColumn.ACTION: QT_TRANSLATE_NOOP("SealMaintenance", "Suggested action"),
}
TOOLTIPS: dict[MaintenanceColumn, str] = {
    MaintenanceColumn.SAG: QT_TRANSLATE_NOOP("SealMaintenance",
                                             "How far the level is below the seal's baseline"),
    MaintenanceColumn.TREND: QT_TRANSLATE_NOOP(
        "SealMaintenance", "dB lost per day, fitted over the last days' readings"),
    MaintenanceColumn.DAYS: QT_TRANSLATE_NOOP(
        "SealMaintenance", "Days until the sag reaches 10 dB at this trend (the seal then "
        "reads as cut)"),
}


def _number(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


class MaintenanceModel(ColumnTableModel):
    """The work orders, most urgent first; :meth:`set_orders` replaces them."""

    COLUMNS = MaintenanceColumn
    HEADERS: ClassVar[dict[MaintenanceColumn, str]] = HEADERS
    TOOLTIPS: ClassVar[dict[MaintenanceColumn, str]] = TOOLTIPS
    CONTEXT = CONTEXT

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.orders: list[WorkOrder] = []

    def set_orders(self, orders: Sequence[WorkOrder]) -> None:
        self.beginResetModel()
        self.orders = list(orders)
        self.endResetModel()

    def row_count(self) -> int:
        return len(self.orders)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.orders):
            return None
        order = self.orders[index.row()]
        column = MaintenanceColumn(index.column())
        if role == MaintenanceRole.ORDER:
            return order
        if role == Qt.ItemDataRole.DisplayRole:
            match column:
                case MaintenanceColumn.LOCK:
                    return isolate(order.lock_id)
                case MaintenanceColumn.TRAILER:
                    return isolate(order.trailer_id)
                case MaintenanceColumn.SEAL:
                    return isolate(order.seal_number)
                case MaintenanceColumn.SAG:
                    return _number(order.sag_db)
                case MaintenanceColumn.TREND:
                    return _number(order.trend_db_per_day, 2)
                case MaintenanceColumn.DAYS:
                    return _number(order.days_to_limit)
                case MaintenanceColumn.ACTION:
                    return action_label(order.action)
        if (role == Qt.ItemDataRole.TextAlignmentRole
                and column in (MaintenanceColumn.SAG, MaintenanceColumn.TREND,
                               MaintenanceColumn.DAYS)):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


# --------------------------------------------------------------------------- the CSV

CSV_COLUMNS = (
    "priority", "lock_id", "trailer_id", "seal_number", "level_dbm", "baseline_dbm", "sag_db",
    "trend_db_per_day", "days_to_10_db", "action", "action_text", "readings", "generated_at",
)
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def _opt(value: float | None, digits: int) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def csv_rows(orders: Sequence[WorkOrder], generated_at: float) -> list[dict[str, str]]:
    when = dt.datetime.fromtimestamp(generated_at).astimezone().isoformat(timespec="seconds")
    return [{
        "priority": str(n), "lock_id": _cell(o.lock_id), "trailer_id": _cell(o.trailer_id),
        "seal_number": _cell(o.seal_number), "level_dbm": f"{o.level_dbm:.2f}",
        "baseline_dbm": f"{o.baseline_dbm:.2f}", "sag_db": f"{o.sag_db:.2f}",
        "trend_db_per_day": _opt(o.trend_db_per_day, 3),
        "days_to_10_db": _opt(o.days_to_limit, 1), "action": o.action.value,
        "action_text": action_label(o.action), "readings": str(o.samples),
        "generated_at": when} for n, o in enumerate(orders, start=1)]


def write_work_orders(path: Path, orders: Sequence[WorkOrder], generated_at: float) -> Path:
    """The work orders as CSV, written beside ``path`` then moved in place."""
    rows = csv_rows(orders, generated_at)

    def write(tmp: Path) -> None:
        with open(tmp, "w", encoding="utf-8-sig", newline="") as f:
            out = csv.DictWriter(f, fieldnames=CSV_COLUMNS)
            out.writeheader()
            out.writerows(rows)

    return replace_atomically(Path(path), write)


__all__ = [
    "ACTION_NAMES",
    "CONCURRENCY",
    "CSV_COLUMNS",
    "HISTORY_DAYS",
    "MaintenanceColumn",
    "MaintenanceModel",
    "MaintenanceRole",
    "action_label",
    "build_work_orders",
    "csv_rows",
    "fiber_history",
    "write_work_orders",
]
