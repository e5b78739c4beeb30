"""Which seals need a maintenance visit, most urgent first, as work orders.

A seal whose fiber level sags between :data:`SAG_MIN_DB` (3 dB, where the cloud raises "fiber
degraded") and :data:`SAG_MAX_DB` (10 dB, where the chart's tamper line is and a seal is as good
as cut: an alarm, not a work order) below its own baseline is losing light slowly: a dirty, bent
or ageing connector. The sag is judged on the lock's current level (``Lock.fiber_dbm``) against
its baseline (``Lock.fiber_baseline_dbm``).

**Trend.** With the lock's recent readings, the trend is the least-squares slope of dBm over
time, said as dB lost per day (positive: losing); it needs :data:`MIN_SAMPLES` readings over at
least :data:`MIN_SPAN_S`. **Urgency** is the projected number of days until the sag reaches
10 dB at that trend (``(10 - sag) / trend``); a seal with no trend, or one losing less than
:data:`LOSING_DB_PER_DAY` (steady, or gaining light), has no projection and comes after those
that do, deepest sag first.

**Suggested action** (:class:`Action`): *replace seal* when the sag is already at least
:data:`REPLACE_FROM_DB`, or when it is projected to reach 10 dB within
:data:`REPLACE_WITHIN_DAYS` (a connector that is cleaned would not stop that); otherwise
*clean connector*, which restores most slowly sagging seals.

Pure: no Qt, no I/O; the console fetches the readings and says the words.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from opticallock.protocol import Lock
from opticallock.seal_health import STILL_LOSING_DB_PER_DAY, TAMPER_DROP_DB, WARNING_DROP_DB

#: A sag from here (inclusive) ...
SAG_MIN_DB = WARNING_DROP_DB
#: ... to here (exclusive) is maintenance.
SAG_MAX_DB = TAMPER_DROP_DB
#: A sag this deep is past cleaning.
REPLACE_FROM_DB = 7.0
#: Projected to reach :data:`SAG_MAX_DB` within this many days: replace.
REPLACE_WITHIN_DAYS = 3.0
#: The fewest readings, over the shortest span, a trend is fitted from.
MIN_SAMPLES = 3
MIN_SPAN_S = 3600.0
#: Losing less than this a day (the seal health's "still losing"), a seal is steady: no
#: projection (noise would otherwise project a limit years away).
LOSING_DB_PER_DAY = STILL_LOSING_DB_PER_DAY


class Action(StrEnum):
    CLEAN_CONNECTOR = "clean_connector"
    REPLACE_SEAL = "replace_seal"


@dataclass(frozen=True)
class WorkOrder:
    lock_id: str
    trailer_id: str
    #: The fiber seal loop's serial number (``Lock.seal_id``).
    seal_number: str
    level_dbm: float
    baseline_dbm: float
    #: dB below the baseline.
    sag_db: float
    #: dB lost per day (positive: losing), None without enough readings.
    trend_db_per_day: float | None
    #: Days until the sag reaches :data:`SAG_MAX_DB` at the trend; None if not losing light.
    days_to_limit: float | None
    action: Action
    #: How many readings the trend was fitted on.
    samples: int = 0


def sag_db(lock: Lock) -> float:
    return lock.fiber_baseline_dbm - lock.fiber_dbm


def is_candidate(lock: Lock) -> bool:
    """Sagging into the maintenance band (3 dB included, 10 dB not)."""
    return SAG_MIN_DB <= sag_db(lock) < SAG_MAX_DB


def trend_db_per_day(ts: Sequence[float], dbm: Sequence[float]) -> float | None:
    """dB lost per day from a least-squares line through the readings (positive: losing);
    None with fewer than :data:`MIN_SAMPLES` finite readings or a span under
    :data:`MIN_SPAN_S`."""
    t = np.asarray(ts, dtype=np.float64)
    v = np.asarray(dbm, dtype=np.float64)
    if t.shape != v.shape or t.ndim != 1:
        raise ValueError("ts and dbm must be 1-D sequences of the same length")
    finite = np.isfinite(t) & np.isfinite(v)
    t, v = t[finite], v[finite]
    if len(t) < MIN_SAMPLES or float(t.max() - t.min()) < MIN_SPAN_S:
        return None
    days = (t - t.min()) / 86400.0
    slope = float(np.polyfit(days, v, 1)[0])
    return -slope


def suggested_action(sag: float, days_to_limit: float | None) -> Action:
    if sag >= REPLACE_FROM_DB:
        return Action.REPLACE_SEAL
    if days_to_limit is not None and days_to_limit <= REPLACE_WITHIN_DAYS:
        return Action.REPLACE_SEAL
    return Action.CLEAN_CONNECTOR


def work_order(lock: Lock, history: tuple[Sequence[float], Sequence[float]] | None = None
               ) -> WorkOrder:
    """The work order for one lock, with its readings ``(ts, dbm)`` if there are any."""
    sag = sag_db(lock)
    trend = trend_db_per_day(*history) if history is not None else None
    days = ((SAG_MAX_DB - sag) / trend
            if trend is not None and trend >= LOSING_DB_PER_DAY else None)
    return WorkOrder(
        lock_id=lock.id, trailer_id=lock.trailer_id, seal_number=lock.seal_id,
        level_dbm=lock.fiber_dbm, baseline_dbm=lock.fiber_baseline_dbm, sag_db=sag,
        trend_db_per_day=trend, days_to_limit=days, action=suggested_action(sag, days),
        samples=len(history[0]) if history is not None else 0)


def urgency_key(order: WorkOrder) -> tuple[bool, float, float, str]:
    """Soonest projected to reach the limit first; without a projection, deepest sag first."""
    return (order.days_to_limit is None,
            order.days_to_limit if order.days_to_limit is not None else 0.0,
            -order.sag_db, order.lock_id)


def maintenance_list(locks: Iterable[Lock],
                     history: Mapping[str, tuple[Sequence[float], Sequence[float]]] | None = None
                     ) -> list[WorkOrder]:
    """Work orders for the locks sagging 3–10 dB, most urgent first; ``history`` gives a
    lock's readings ``(ts, dbm)`` by lock id where the caller has them."""
    readings = history or {}
    orders = [work_order(lock, readings.get(lock.id)) for lock in locks if is_candidate(lock)]
    orders.sort(key=urgency_key)
    return orders


__all__ = [
    "LOSING_DB_PER_DAY",
    "REPLACE_FROM_DB",
    "REPLACE_WITHIN_DAYS",
    "SAG_MAX_DB",
    "SAG_MIN_DB",
    "Action",
    "WorkOrder",
    "is_candidate",
    "maintenance_list",
    "sag_db",
    "suggested_action",
    "trend_db_per_day",
    "urgency_key",
    "work_order",
]
