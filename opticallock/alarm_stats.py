"""How fast alarms were handled over a period: counts and times, grouped the ways a central
station reads them.

**Which alarms.** Those *raised* in the period ``[start, end)`` (``Alarm.raised_at``), whatever
their state now; an alarm raised before the period and handled in it is not counted. Repeats of
the same type on the same lock are merged into one alarm by the cloud (``Alarm.count``): the
statistics count alarms, not repeats.

**The times.** *Time to acknowledge* is ``acknowledged_at - raised_at``, over the alarms that
were acknowledged (an alarm resolved without an acknowledgement has none). *Time to resolve* is
``resolved_at - raised_at`` (from the raise, not from the acknowledgement), over the alarms that
were resolved. A time that comes out negative (clocks apart) counts as 0. Alarms still open or
acknowledged have no time to resolve yet; they are the *open count*.

**Median and p90** use the **nearest-rank** method (:func:`nearest_rank`): the values sorted
ascending, the p-th percentile is the value at 1-based rank ``ceil(p / 100 * n)``. It is always
one of the measured times (never an interpolation), so a dispatcher can find the alarm behind
it; for an even count the median is the lower of the two middle values.

**Groupings** (:class:`Grouping`): alarm type, priority, corridor (``Alarm.route``, the trip's
corridor when it was raised), border crossing (``Alarm.crossing_id``, named through a mapping the
caller gives, from the geofences), the dispatcher who acknowledged and the one who resolved. An
alarm with no value for a grouping (no corridor, not at a crossing, not acknowledged) falls in
that grouping's ``None`` group, listed last.

Pure: no Qt, no I/O; the console fetches the alarms and names the groups.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from opticallock.protocol import Alarm, AlarmState


class Grouping(StrEnum):
    TYPE = "type"
    PRIORITY = "priority"
    CORRIDOR = "corridor"
    CROSSING = "crossing"
    ACKNOWLEDGED_BY = "acknowledged_by"
    RESOLVED_BY = "resolved_by"


#: The median and the 90th percentile.
MEDIAN = 50.0
P90 = 90.0


@dataclass(frozen=True)
class Period:
    """``[start, end)`` in POSIX seconds."""

    start: float
    end: float

    def __post_init__(self) -> None:
        if not self.end > self.start:
            raise ValueError("a period ends after it starts")

    def contains(self, ts: float) -> bool:
        return self.start <= ts < self.end


def nearest_rank(values: Sequence[float], p: float) -> float | None:
    """The ``p``-th percentile (0 < p ≤ 100) by nearest rank: sorted ascending, the value at
    1-based rank ``ceil(p / 100 * n)``; None for no values."""
    if not 0.0 < p <= 100.0:
        raise ValueError("a percentile is in (0, 100]")
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100.0 * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class GroupStats:
    """One group's figures; times in seconds, None where no alarm of the group has one."""

    #: The group's key (an alarm type or priority value, a corridor, a crossing's id, a
    #: dispatcher), None for the alarms without one.
    key: str | None
    #: How the group is named: a crossing's name from the mapping given, else the key.
    name: str | None
    count: int
    #: Not resolved yet (open or acknowledged).
    open_count: int
    acknowledged: int
    resolved: int
    ack_median_s: float | None
    ack_p90_s: float | None
    resolve_median_s: float | None
    resolve_p90_s: float | None


@dataclass(frozen=True)
class AlarmStatistics:
    period: Period
    #: Every alarm raised in the period as one group (key and name None).
    total: GroupStats
    #: Per grouping, its groups: most alarms first, then by key; the None group last.
    groups: Mapping[Grouping, list[GroupStats]]
    #: The ids of the alarms counted, newest raised first.
    alarm_ids: tuple[str, ...]


def ack_seconds(alarm: Alarm) -> float | None:
    if alarm.acknowledged_at is None:
        return None
    return max(0.0, alarm.acknowledged_at - alarm.raised_at)


def resolve_seconds(alarm: Alarm) -> float | None:
    if alarm.resolved_at is None:
        return None
    return max(0.0, alarm.resolved_at - alarm.raised_at)


def group_stats(alarms: Sequence[Alarm], key: str | None = None, name: str | None = None
                ) -> GroupStats:
    """The figures over ``alarms`` (already chosen)."""
    acks = [s for s in map(ack_seconds, alarms) if s is not None]
    resolves = [s for s in map(resolve_seconds, alarms) if s is not None]
    return GroupStats(
        key=key, name=name, count=len(alarms),
        open_count=sum(1 for a in alarms if a.state is not AlarmState.RESOLVED),
        acknowledged=len(acks), resolved=len(resolves),
        ack_median_s=nearest_rank(acks, MEDIAN), ack_p90_s=nearest_rank(acks, P90),
        resolve_median_s=nearest_rank(resolves, MEDIAN),
        resolve_p90_s=nearest_rank(resolves, P90))


def _key_of(grouping: Grouping) -> Callable[[Alarm], str | None]:
    match grouping:
        case Grouping.TYPE:
            return lambda a: str(a.type.value)
        case Grouping.PRIORITY:
            return lambda a: str(a.priority.value)
        case Grouping.CORRIDOR:
            return lambda a: a.route
        case Grouping.CROSSING:
            return lambda a: a.crossing_id
        case Grouping.ACKNOWLEDGED_BY:
            return lambda a: a.acknowledged_by
        case Grouping.RESOLVED_BY:
            return lambda a: a.resolved_by


def in_period(alarms: Iterable[Alarm], period: Period) -> list[Alarm]:
    """The alarms raised in the period, each once (by id), newest raised first."""
    seen: dict[str, Alarm] = {}
    for alarm in alarms:
        if period.contains(alarm.raised_at):
            seen[alarm.id] = alarm
    return sorted(seen.values(), key=lambda a: (-a.raised_at, a.id))


def alarm_statistics(alarms: Iterable[Alarm], period: Period,
                     crossing_names: Mapping[str, str] | None = None) -> AlarmStatistics:
    """The statistics of the alarms raised in ``period`` (others are left out, so the cloud's
    pages can be handed in whole); ``crossing_names`` names border crossings by geofence id."""
    chosen = in_period(alarms, period)
    names = crossing_names or {}
    groups: dict[Grouping, list[GroupStats]] = {}
    for grouping in Grouping:
        key_of = _key_of(grouping)
        buckets: dict[str | None, list[Alarm]] = {}
        for alarm in chosen:
            buckets.setdefault(key_of(alarm), []).append(alarm)
        rows = [group_stats(members, key,
                            names.get(key, key) if grouping is Grouping.CROSSING and key
                            else key)
                for key, members in buckets.items()]
        rows.sort(key=lambda g: (g.key is None, -g.count, g.key or ""))
        groups[grouping] = rows
    return AlarmStatistics(period=period, total=group_stats(chosen), groups=groups,
                           alarm_ids=tuple(a.id for a in chosen))


# --------------------------------------------------------------------------- periods


def _midnight(day: dt.date, tz: dt.tzinfo) -> float:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=tz).timestamp()


def today(now: float, tz: dt.tzinfo) -> Period:
    """From midnight today in ``tz`` to ``now``."""
    day = dt.datetime.fromtimestamp(now, tz).date()
    return Period(_midnight(day, tz), max(now, _midnight(day, tz) + 1.0))


def this_week(now: float, tz: dt.tzinfo) -> Period:
    """From Monday 00:00 of this week in ``tz`` to ``now``."""
    day = dt.datetime.fromtimestamp(now, tz).date()
    monday = day - dt.timedelta(days=day.weekday())
    return Period(_midnight(monday, tz), max(now, _midnight(monday, tz) + 1.0))


def last_days(now: float, days: int = 7) -> Period:
    """The ``days`` × 24 hours before ``now``."""
    return Period(now - days * 86400.0, now)


def days_period(first: dt.date, last: dt.date, tz: dt.tzinfo) -> Period:
    """Whole days in ``tz``: from ``first`` 00:00 to the midnight after ``last``."""
    if last < first:
        first, last = last, first
    return Period(_midnight(first, tz), _midnight(last + dt.timedelta(days=1), tz))


__all__ = [
    "MEDIAN",
    "P90",
    "AlarmStatistics",
    "GroupStats",
    "Grouping",
    "Period",
    "ack_seconds",
    "alarm_statistics",
    "days_period",
    "group_stats",
    "in_period",
    "last_days",
    "nearest_rank",
    "resolve_seconds",
    "this_week",
    "today",
]
