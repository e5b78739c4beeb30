"""Healthy, slowly attenuating, cut, or silent: scripted seal readings, clean and noisy, and the
facts each verdict keeps for the dispatcher's sentence (composed in console/seal/labels.py)."""

from __future__ import annotations

import numpy as np
import pytest

from cloudsim import sim
from opticallock import seal_health as signal_health
from opticallock.seal_health import (
    FIBER_FLOOR_DBM,
    Finding,
    Severity,
    Verdict,
    classify,
    rolling_median,
    sudden_drops,
)

T0 = 1_790_000_000.0
HOUR = 3600.0
DAY = 86400.0
BASE = -11.0


def series(duration_s: float, every_s: float = 10.0, start: float = T0
           ) -> np.ndarray:
    return start + np.arange(0.0, duration_s, every_s)


def noise(n: int, sigma: float, seed: int = 1) -> np.ndarray:
    return np.random.default_rng(seed).normal(0.0, sigma, n)


def test_thresholds_agree_with_the_reference_cloud() -> None:
    assert signal_health.WARNING_DROP_DB == sim.DEGRADED_DROP_DB
    assert signal_health.FIBER_FLOOR_DBM == sim.FIBER_FLOOR_DBM
    # A cut must be told from the simulator's noise by a wide margin.
    assert signal_health.SUDDEN_DROP_DB > 20 * sim.FIBER_NOISE_DB


@pytest.mark.parametrize("sigma", [0.07, 0.8])
def test_a_steady_seal_is_healthy_even_when_noisy(sigma: float) -> None:
    ts = series(DAY)
    dbm = BASE + noise(len(ts), sigma)
    health = classify(ts, dbm, BASE)
    assert health.verdict is Verdict.HEALTHY
    assert health.severity is Severity.OK
    assert health.level_dbm == pytest.approx(BASE, abs=3 * sigma)
    assert health.finding is Finding.STEADY
    assert health.recovered_drop_at is None


def test_single_glitches_to_the_floor_are_not_a_cut() -> None:
    ts = series(6 * HOUR)
    dbm = BASE + noise(len(ts), 0.3)
    dbm[[100, 700, 1500, 2100]] = FIBER_FLOOR_DBM  # isolated bad readings
    dbm[1800:1802] = -25.0  # two in a row: a dip it comes back from
    dbm[-1] = FIBER_FLOOR_DBM  # even the latest reading alone
    health = classify(ts, dbm, BASE)
    assert health.verdict is Verdict.HEALTHY, health


def test_a_slow_drift_is_attenuation_with_its_rate_and_start() -> None:
    began = T0 + DAY
    ts = series(4 * DAY)
    drift = np.clip((ts - began) / (3 * DAY), 0.0, None) * 5.0  # 5 dB over 3 days
    dbm = BASE - drift + noise(len(ts), 0.3)
    health = classify(ts, dbm, BASE)
    assert health.verdict is Verdict.ATTENUATING, health
    assert (health.severity, health.finding) == (Severity.MAINTENANCE, Finding.DRIFT)
    assert health.drop_db == pytest.approx(5.0, abs=0.6)
    assert health.rate_db_per_day is not None
    assert health.rate_db_per_day > 0.5
    # The sag is dated to when the level last stood near the baseline (within ~1 dB).
    assert health.since is not None
    assert began < health.since < began + 1.0 * DAY
    assert health.onset_seen
    assert health.span_s == pytest.approx(ts[-1] - health.since)
    assert health.still_losing
    assert not health.near_no_light


def test_a_drift_is_never_called_a_cut_however_far_it_goes() -> None:
    ts = series(10 * DAY, every_s=30.0)
    dbm = BASE - (ts - T0) / (10 * DAY) * 20.0 + noise(len(ts), 0.5, seed=3)  # to -31 dBm
    health = classify(ts, dbm, BASE)
    assert health.verdict is Verdict.ATTENUATING, health
    assert health.near_no_light
    # No reading-to-reading window in it looks sudden.
    assert len(sudden_drops(ts, rolling_median(dbm))) == 0


def test_the_simulators_degrading_connector_is_attenuation_not_a_cut() -> None:
    # cloudsim's fiber_degraded incident: a 2 dB step at once, then 2-4 dB an hour to 4-6 dB.
    ts = series(4 * HOUR, every_s=10.0)
    start = T0 + HOUR
    atten = np.where(ts < start, 0.0, np.minimum(5.0, 2.0 + (ts - start) / HOUR * 3.0))
    dbm = BASE - atten + noise(len(ts), sim.FIBER_NOISE_DB)
    health = classify(ts, dbm, BASE)
    assert health.verdict is Verdict.ATTENUATING, health


@pytest.mark.parametrize("sigma", [0.07, 0.6])
def test_a_cut_is_critical_and_dated_to_the_reading_that_fell(sigma: float) -> None:
    ts = series(2 * HOUR)
    cut_at = int(len(ts) * 0.75)
    dbm = BASE + noise(len(ts), sigma)
    dbm[cut_at:] = FIBER_FLOOR_DBM + noise(len(ts) - cut_at, 0.5, seed=2)
    health = classify(ts, dbm, BASE)
    assert health.verdict is Verdict.CUT, health
    assert (health.severity, health.finding) == (Severity.CRITICAL, Finding.SUDDEN_DROP)
    assert health.since == ts[cut_at]
    assert health.step_db == pytest.approx(29.0, abs=1.5)
    assert health.no_light


def test_a_cut_is_seen_within_two_readings() -> None:
    ts = series(HOUR)
    dbm = BASE + noise(len(ts), 0.07)
    dbm[-2:] = FIBER_FLOOR_DBM
    assert classify(ts, dbm, BASE).verdict is Verdict.CUT


def test_a_cut_of_an_already_attenuated_seal_is_still_a_cut() -> None:
    ts = series(3 * DAY, every_s=20.0)
    dbm = BASE - (ts - T0) / DAY * 1.5 + noise(len(ts), 0.3)  # 4.5 dB lost slowly
    dbm[-30:] = FIBER_FLOOR_DBM + noise(30, 0.5)
    health = classify(ts, dbm, BASE)
    assert health.verdict is Verdict.CUT
    assert health.since == ts[-30]


def test_a_sudden_partial_drop_is_tampering() -> None:
    ts = series(HOUR, every_s=1.0)
    dbm = BASE + noise(len(ts), 0.2)
    dbm[3000:] -= 7.0  # pinched: 7 dB lost within a second, still passing light
    health = classify(ts, dbm, BASE)
    assert (health.verdict, health.finding) == (Verdict.CUT, Finding.SUDDEN_DROP)
    assert health.step_db == pytest.approx(7.0, abs=0.5)
    assert not health.no_light  # pinched: still passing light
    assert health.since == ts[3000]


def test_a_cut_then_a_new_seal_is_healthy_again_and_says_so() -> None:
    ts = series(6 * HOUR)
    dbm = BASE + noise(len(ts), 0.1)
    dbm[600:900] = FIBER_FLOOR_DBM
    health = classify(ts, dbm, BASE)
    assert (health.verdict, health.finding) == (Verdict.HEALTHY, Finding.STEADY)
    assert health.recovered_drop_at is not None
    assert ts[595] <= health.recovered_drop_at <= ts[605]


def test_a_brief_rise_and_fall_back_is_not_a_drop() -> None:
    ts = series(HOUR)
    dbm = BASE + noise(len(ts), 0.1)
    dbm[100:110] += 6.0  # re-seated connector reading high for a while
    assert classify(ts, dbm, BASE).verdict is Verdict.HEALTHY


def test_no_light_from_the_first_reading_is_critical() -> None:
    ts = series(HOUR)
    dbm = FIBER_FLOOR_DBM + noise(len(ts), 0.5)
    health = classify(ts, dbm, BASE)
    assert (health.verdict, health.finding) == (Verdict.CUT, Finding.NO_LIGHT)
    assert health.since == ts[0]  # at least since then: the fall is not in the readings
    assert health.step_db is None


def test_a_fall_across_a_short_silence_is_sudden_but_across_days_it_is_not() -> None:
    before = series(HOUR)
    short = np.concatenate([before, before[-1] + 300.0 + series(HOUR, start=0.0)])
    dbm = np.where(short > before[-1], BASE - 8.0, BASE) + noise(len(short), 0.1)
    assert classify(short, dbm, BASE).verdict is Verdict.CUT
    long = np.concatenate([before, before[-1] + 3 * DAY + series(HOUR, start=0.0)])
    dbm = np.where(long > before[-1], BASE - 8.0, BASE) + noise(len(long), 0.1)
    assert classify(long, dbm, BASE).verdict is Verdict.ATTENUATING


def test_no_readings_or_a_silent_lock_is_no_signal() -> None:
    empty = classify(np.zeros(0), np.zeros(0), BASE)
    assert empty.verdict is Verdict.NO_SIGNAL
    assert (empty.severity, empty.finding) == (Severity.UNKNOWN, Finding.NO_READINGS)
    assert empty.level_dbm is None
    ts = series(HOUR)
    dbm = BASE + noise(len(ts), 0.1)
    silent = classify(ts, dbm, BASE, now=ts[-1] + 30 * 60)
    assert silent.verdict is Verdict.NO_SIGNAL
    assert silent.finding is Finding.NOT_REPORTING
    assert silent.silent_s == pytest.approx(30 * 60)
    assert silent.since == ts[-1]
    assert classify(ts, dbm, BASE, now=ts[-1] + 20).verdict is Verdict.HEALTHY


def test_bad_input_is_refused_and_nans_are_skipped() -> None:
    with pytest.raises(ValueError, match="same length"):
        classify(np.zeros(3), np.zeros(2), BASE)
    ts = series(HOUR)
    dbm = BASE + noise(len(ts), 0.1)
    dbm[5] = np.nan
    assert classify(ts, dbm, BASE).verdict is Verdict.HEALTHY
