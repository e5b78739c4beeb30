"""The seal-maintenance list on plain data: which locks, their trend, urgency and action."""

from __future__ import annotations

import pytest

from opticallock.protocol import Lock, LockState
from opticallock.seal_maintenance import (
    Action,
    maintenance_list,
    trend_db_per_day,
    work_order,
)

DAY = 86400.0


def lock(n: int, baseline: float, level: float) -> Lock:
    return Lock(id=f"OL-{n}", trailer_id=f"TR-{n}", seal_id=f"FS-{n:04d}",
                state=LockState.LOCKED, fiber_dbm=level, fiber_baseline_dbm=baseline,
                battery_pct=90, last_contact=0)


def losing(start_dbm: float, db_per_day: float, days: float = 3.0, every_s: float = 3600.0
           ) -> tuple[list[float], list[float]]:
    """Readings losing ``db_per_day``, with a ±0.2 dB alternating wobble that fits out."""
    n = int(days * DAY / every_s) + 1
    ts = [i * every_s for i in range(n)]
    wobble = [0.2 if i % 2 else -0.2 for i in range(n)]
    if n % 2:
        wobble[-1] = 0.0
        wobble[0] = 0.0
    return ts, [start_dbm - db_per_day * t / DAY + w for t, w in zip(ts, wobble, strict=True)]


def test_trend_is_the_least_squares_loss_per_day() -> None:
    assert trend_db_per_day([0, DAY, 2 * DAY], [-10, -11, -12]) == pytest.approx(1.0)
    assert trend_db_per_day([0, DAY, 2 * DAY], [-12, -11, -10]) == pytest.approx(-1.0)
    assert trend_db_per_day(*losing(-11, 0.5)) == pytest.approx(0.5, abs=0.02)
    # Too few readings, or too short a span, say nothing.
    assert trend_db_per_day([0, DAY], [-10, -11]) is None
    assert trend_db_per_day([0, 60, 120], [-10, -11, -12]) is None
    assert trend_db_per_day([0, DAY, 2 * DAY, float("nan")], [-10, -11, -12, -50]) == \
        pytest.approx(1.0)


def test_the_list_holds_the_3_to_10_db_band_most_urgent_first() -> None:
    locks = [
        lock(1, -11.0, -14.0),  # 3 dB (included), losing 0.5 dB/day: 14 days to go
        lock(2, -10.0, -16.0),  # 6 dB, losing 2 dB/day: 2 days to go
        lock(3, -12.0, -20.0),  # 8 dB, no readings
        lock(4, -11.0, -15.0),  # 4 dB, steady
        lock(5, -11.0, -13.9),  # 2.9 dB: fine
        lock(6, -11.0, -21.0),  # 10 dB: as good as cut, an alarm, not a work order
        lock(7, -11.0, -40.0),  # cut
    ]
    history = {"OL-1": losing(-12.5, 0.5), "OL-2": losing(-10.0, 2.0),
               "OL-4": losing(-15.0, 0.0)}
    orders = maintenance_list(locks, history)
    assert [o.lock_id for o in orders] == ["OL-2", "OL-1", "OL-3", "OL-4"]
    by_lock = {o.lock_id: o for o in orders}

    two = by_lock["OL-2"]
    assert (two.trailer_id, two.seal_number, two.sag_db) == ("TR-2", "FS-0002", 6.0)
    assert two.trend_db_per_day == pytest.approx(2.0, abs=0.02)
    assert two.days_to_limit == pytest.approx(2.0, abs=0.05)
    assert two.action is Action.REPLACE_SEAL  # reaches 10 dB within 3 days

    one = by_lock["OL-1"]
    assert one.sag_db == 3.0
    assert one.days_to_limit == pytest.approx(14.0, abs=0.7)
    assert one.action is Action.CLEAN_CONNECTOR
    assert one.samples == 73

    three = by_lock["OL-3"]
    assert (three.trend_db_per_day, three.days_to_limit, three.samples) == (None, None, 0)
    assert three.action is Action.REPLACE_SEAL  # 8 dB is past cleaning

    four = by_lock["OL-4"]
    assert four.trend_db_per_day == pytest.approx(0.0, abs=0.02)
    assert four.days_to_limit is None
    assert four.action is Action.CLEAN_CONNECTOR


def test_a_seal_gaining_light_has_no_projection() -> None:
    order = work_order(lock(1, -11.0, -15.0), ([0, DAY, 2 * DAY], [-16.0, -15.5, -15.0]))
    assert order.trend_db_per_day == pytest.approx(-0.5)
    assert order.days_to_limit is None
    assert order.action is Action.CLEAN_CONNECTOR
