"""Alarm statistics on plain data: a staged set of alarms whose medians and p90s were worked out
by hand (nearest rank), grouped every way."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from opticallock.alarm_stats import (
    Grouping,
    GroupStats,
    Period,
    alarm_statistics,
    days_period,
    last_days,
    nearest_rank,
    this_week,
    today,
)
from opticallock.protocol import ALARM_PRIORITY, Alarm, AlarmState, AlarmType


def alarm(alarm_id: str, atype: str, raised_at: float, *, ack: tuple[str, float] | None = None,
          resolved: tuple[str, float] | None = None, route: str | None = None,
          crossing: str | None = None) -> Alarm:
    kind = AlarmType(atype)
    state = (AlarmState.RESOLVED if resolved else
             AlarmState.ACKNOWLEDGED if ack else AlarmState.OPEN)
    values: dict[str, Any] = {
        "id": alarm_id, "lock_id": "OL-1", "trailer_id": "TR-1", "type": kind,
        "priority": ALARM_PRIORITY[kind], "state": state, "raised_at": raised_at,
        "raised_seq": 1, "last_at": raised_at, "route": route, "crossing_id": crossing}
    if ack:
        values["acknowledged_by"], values["acknowledged_at"] = ack
    if resolved:
        values["resolved_by"], values["resolved_at"] = resolved
    return Alarm(**values)


PERIOD = Period(1000.0, 2000.0)
STAGED = [
    alarm("a1", "fiber_cut", 1000, ack=("ana", 1060), resolved=("ben", 1300), route="I-35",
          crossing="GF-LRD"),
    alarm("a2", "fiber_cut", 1100, ack=("ana", 1220), resolved=("ana", 1700), route="I-35",
          crossing="GF-LRD"),
    alarm("a3", "gps_lost", 1200, ack=("ben", 1230), route="I-10"),
    alarm("a4", "battery_low", 1300),
    alarm("a5", "fiber_cut", 1400, resolved=("ben", 1500), route="I-35"),
    alarm("a6", "seal_mismatch", 1500, ack=("ana", 1800), resolved=("ana", 1900), route="I-10",
          crossing="GF-NOG"),
    # Outside the period: raised just before it, and at its end (which is not in it).
    alarm("a7", "fiber_cut", 999, ack=("ana", 1001), resolved=("ana", 1002), route="I-35"),
    alarm("a8", "fiber_cut", 2000, ack=("ben", 2001), route="I-35"),
]
NAMES = {"GF-LRD": "Laredo – World Trade Bridge"}


def row(key: str | None, count: int, open_count: int, ack: tuple[float, float] | None,
        resolve: tuple[float, float] | None, name: str | None = None) -> tuple[Any, ...]:
    return (key, name if name is not None else key, count, open_count,
            ack[0] if ack else None, ack[1] if ack else None,
            resolve[0] if resolve else None, resolve[1] if resolve else None)


def flat(g: GroupStats) -> tuple[Any, ...]:
    return (g.key, g.name, g.count, g.open_count, g.ack_median_s, g.ack_p90_s,
            g.resolve_median_s, g.resolve_p90_s)


@pytest.fixture
def stats() -> Any:
    return alarm_statistics(reversed(STAGED), PERIOD, NAMES)


def test_nearest_rank_is_a_measured_value() -> None:
    values = [50, 15, 40, 20, 35]
    assert nearest_rank(values, 30) == 20
    assert nearest_rank(values, 40) == 20
    assert nearest_rank(values, 50) == 35
    assert nearest_rank(values, 90) == 50
    assert nearest_rank(values, 100) == 50
    assert nearest_rank([7.0], 90) == 7.0
    assert nearest_rank([], 50) is None
    # An even count: the lower middle value.
    assert nearest_rank([1, 2, 3, 4], 50) == 2
    with pytest.raises(ValueError, match="percentile"):
        nearest_rank([1], 0)


def test_only_alarms_raised_in_the_period_count(stats: Any) -> None:
    assert stats.alarm_ids == ("a6", "a5", "a4", "a3", "a2", "a1")
    # acks 30, 60, 120, 300; resolves (from the raise) 100, 300, 400, 600.
    assert flat(stats.total) == row(None, 6, 2, (60, 300), (300, 600))
    assert (stats.total.acknowledged, stats.total.resolved) == (4, 4)


def test_by_type_and_priority(stats: Any) -> None:
    assert [flat(g) for g in stats.groups[Grouping.TYPE]] == [
        row("fiber_cut", 3, 0, (60, 120), (300, 600)),
        row("battery_low", 1, 1, None, None),
        row("gps_lost", 1, 1, (30, 30), None),
        row("seal_mismatch", 1, 0, (300, 300), (400, 400)),
    ]
    assert [flat(g) for g in stats.groups[Grouping.PRIORITY]] == [
        row("critical", 3, 0, (60, 120), (300, 600)),
        row("medium", 2, 2, (30, 30), None),
        row("high", 1, 0, (300, 300), (400, 400)),
    ]


def test_by_corridor_and_crossing_with_the_unplaced_last(stats: Any) -> None:
    assert [flat(g) for g in stats.groups[Grouping.CORRIDOR]] == [
        row("I-35", 3, 0, (60, 120), (300, 600)),
        row("I-10", 2, 1, (30, 300), (400, 400)),
        row(None, 1, 1, None, None),
    ]
    assert [flat(g) for g in stats.groups[Grouping.CROSSING]] == [
        row("GF-LRD", 2, 0, (60, 120), (300, 600), name="Laredo – World Trade Bridge"),
        row("GF-NOG", 1, 0, (300, 300), (400, 400)),
        row(None, 3, 2, (30, 30), (100, 100)),
    ]


def test_by_dispatcher(stats: Any) -> None:
    assert [flat(g) for g in stats.groups[Grouping.ACKNOWLEDGED_BY]] == [
        row("ana", 3, 0, (120, 300), (400, 600)),
        row("ben", 1, 1, (30, 30), None),
        row(None, 2, 1, None, (100, 100)),
    ]
    assert [flat(g) for g in stats.groups[Grouping.RESOLVED_BY]] == [
        row("ana", 2, 0, (120, 300), (400, 600)),
        row("ben", 2, 0, (60, 60), (100, 300)),
        row(None, 2, 2, (30, 30), None),
    ]


def test_an_empty_period() -> None:
    stats = alarm_statistics(STAGED, Period(5000.0, 6000.0))
    assert stats.total.count == 0
    assert stats.total.ack_median_s is None
    assert all(rows == [] for rows in stats.groups.values())


def test_periods_in_a_time_zone() -> None:
    tz = ZoneInfo("America/Chicago")
    # Wednesday 25 November 2026, 15:30 in Chicago (CST, UTC-6).
    now = dt.datetime(2026, 11, 25, 15, 30, tzinfo=tz).timestamp()
    assert today(now, tz) == Period(dt.datetime(2026, 11, 25, tzinfo=tz).timestamp(), now)
    assert this_week(now, tz) == Period(dt.datetime(2026, 11, 23, tzinfo=tz).timestamp(), now)
    assert last_days(now, 7) == Period(now - 7 * 86400, now)
    custom = days_period(dt.date(2026, 11, 2), dt.date(2026, 10, 31), tz)
    # Whole days, across the end of daylight saving time (1 November): 72 hours and one.
    assert custom.start == dt.datetime(2026, 10, 31, tzinfo=tz).timestamp()
    assert custom.end == dt.datetime(2026, 11, 3, tzinfo=tz).timestamp()
    assert custom.end - custom.start == 73 * 3600
