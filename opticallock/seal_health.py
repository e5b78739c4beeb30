"""Is a fiber seal healthy, slowly losing light, or cut? Judged from the seal's own readings.

A seal loop passes a steady level of light that is particular to that seal (its *baseline*). Two
very different things lower it, and a dispatcher must tell them apart at a glance:

* **slow attenuation**: a dirty, bent or ageing connector loses a fraction of a dB a day; the
  level sags over hours or days. It is a maintenance job (clean or replace the connector at the
  next terminal), not a crime;
* **a sudden drop**: a cut or opened loop falls to the photodiode's noise floor at once, and a
  pinched or tampered fiber falls by several dB within seconds. That is critical.

:func:`classify` looks at a lock's series of (time, dBm) readings and its baseline and says which,
with the facts behind it (levels, the drop, when, the trend). Single-sample glitches are ignored
(levels are medians of a few readings); a drift is never called a cut however far it goes, unless
the seal ends up passing no light at all. The dispatcher's sentence is composed from those facts
by the console (``console/seal/labels.py``: ``health_text``), in the dispatcher's language.

Pure numpy, no Qt, no I/O: the thresholds below are the ones the reference cloud uses
(``cloudsim.sim``: a degraded seal is reported 3 dB below its baseline, a cut reads the -40 dBm
floor), so the console's words agree with the cloud's alarms.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

#: A seal this far below its own baseline is worth a maintenance look (the cloud raises a
#: "fiber degraded" alarm there).
WARNING_DROP_DB = 3.0
#: This far below its baseline a seal is as good as cut (the chart's tamper line).
TAMPER_DROP_DB = 10.0
#: The photodiode's noise floor: what a cut or opened loop reads.
FIBER_FLOOR_DBM = -40.0
#: At or below this the loop passes no usable light, whatever the path there.
NO_LIGHT_DBM = -35.0
#: A fall of at least this much within :data:`SUDDEN_WINDOW_S` is a cut or tampering, never wear.
SUDDEN_DROP_DB = 5.0
SUDDEN_WINDOW_S = 60.0
#: A fall across a gap in the readings longer than this cannot be timed: judged by level only.
MAX_STEP_GAP_S = 15 * 60.0
#: Levels are medians of this many consecutive readings, so one glitch is not an event.
MEDIAN_SAMPLES = 3
#: Closer than this to the baseline, a seal has not started to attenuate.
RECOVERED_WITHIN_DB = 1.0
#: Below the baseline by this much (but less than the warning), the text says so.
NOTE_DROP_DB = 1.5
#: No reading for this long: the lock is not reporting (same as a stale GPS fix).
STALE_AFTER_S = 10 * 60.0


class Verdict(StrEnum):
    HEALTHY = "healthy"
    ATTENUATING = "attenuating"
    CUT = "cut"
    NO_SIGNAL = "no_signal"


class Finding(StrEnum):
    """What the readings show behind a verdict: one sentence of the dispatcher's each."""

    #: No signal: nothing received from the lock yet.
    NO_READINGS = "no_readings"
    #: No signal: the lock has been silent for :attr:`SignalHealth.silent_s`.
    NOT_REPORTING = "not_reporting"
    #: Cut: a sudden fall of :attr:`SignalHealth.step_db` at :attr:`SignalHealth.since`.
    SUDDEN_DROP = "sudden_drop"
    #: Cut: no light since the first reading at least (the fall itself is not in the readings).
    NO_LIGHT = "no_light"
    #: Attenuating: a slow sag, with no sudden drop.
    DRIFT = "drift"
    #: Healthy (possibly after recovering from a drop: :attr:`SignalHealth.recovered_drop_at`).
    STEADY = "steady"


class Severity(StrEnum):
    OK = "ok"
    MAINTENANCE = "maintenance"
    CRITICAL = "critical"
    UNKNOWN = "unknown"


SEVERITY_OF: dict[Verdict, Severity] = {
    Verdict.HEALTHY: Severity.OK,
    Verdict.ATTENUATING: Severity.MAINTENANCE,
    Verdict.CUT: Severity.CRITICAL,
    Verdict.NO_SIGNAL: Severity.UNKNOWN,
}

#: Losing at least this many dB a day, an attenuating seal is said to be still losing light.
STILL_LOSING_DB_PER_DAY = 0.1


@dataclass(frozen=True)
class SignalHealth:
    """The verdict on one seal and the facts behind it; the words are the console's."""

    verdict: Verdict
    finding: Finding
    baseline_dbm: float
    level_dbm: float | None = None
    #: How far the current level is below the baseline (negative: above it).
    drop_db: float | None = None
    #: When the cut happened (at least since when no light passes), when the attenuation began
    #: (as far as the readings show), or the last reading of a lock not reporting.
    since: float | None = None
    #: For a sudden drop: how many dB were lost within the window.
    step_db: float | None = None
    #: For attenuation: the trend over the readings, dB lost per day (positive: losing).
    rate_db_per_day: float | None = None
    #: For attenuation: how long the sag spans in the readings, from :attr:`since` to the newest.
    span_s: float | None = None
    #: For attenuation: whether the readings show the level near its baseline before the sag
    #: (False: it was already this low at the first reading, :attr:`span_s` ago).
    onset_seen: bool = True
    #: For a lock not reporting: how long since its last reading.
    silent_s: float | None = None
    #: For a healthy seal: when it fell suddenly before coming back (a replaced seal?).
    recovered_drop_at: float | None = None

    @property
    def severity(self) -> Severity:
        return SEVERITY_OF[self.verdict]

    @property
    def no_light(self) -> bool:
        """The loop passes no usable light (a cut or opened seal, not a pinched one)."""
        return self.level_dbm is not None and self.level_dbm <= NO_LIGHT_DBM

    @property
    def still_losing(self) -> bool:
        """An attenuating seal's level is still going down."""
        return (self.rate_db_per_day is not None
                and self.rate_db_per_day >= STILL_LOSING_DB_PER_DAY)

    @property
    def near_no_light(self) -> bool:
        """Attenuated this far, the seal is close to passing no light: replace, not clean."""
        return self.drop_db is not None and self.drop_db >= TAMPER_DROP_DB

    @property
    def slightly_low(self) -> bool:
        """Healthy but low enough to keep an eye on."""
        return self.drop_db is not None and self.drop_db >= NOTE_DROP_DB


def rolling_median(values: FloatArray, width: int = MEDIAN_SAMPLES) -> FloatArray:
    """Median of each reading with its neighbours (edges use what there is): glitches vanish,
    steps stay sharp."""
    n = len(values)
    if n < width or width < 2:
        return values.astype(np.float64, copy=True)
    half = width // 2
    padded = np.concatenate([np.repeat(values[:1], half), values,
                             np.repeat(values[-1:], width - 1 - half)])
    windows = np.lib.stride_tricks.sliding_window_view(padded, width)
    return np.asarray(np.median(windows, axis=1), dtype=np.float64)


def sudden_drops(ts: FloatArray, level: FloatArray, *, drop_db: float = SUDDEN_DROP_DB,
                 window_s: float = SUDDEN_WINDOW_S, max_gap_s: float = MAX_STEP_GAP_S
                 ) -> npt.NDArray[np.intp]:
    """Indices of readings whose (smoothed) level is at least ``drop_db`` below the level one
    window earlier (or the reading before, across a gap of at most ``max_gap_s``)."""
    n = len(ts)
    if n < 2:
        return np.zeros(0, dtype=np.intp)
    idx = np.arange(n)
    ref = np.searchsorted(ts, ts - window_s, side="left")
    ref = np.clip(np.minimum(ref, idx - 1), 0, None)
    fall = level[ref] - level
    timed = (ts - ts[ref]) <= max(window_s, max_gap_s)
    return np.flatnonzero((fall >= drop_db) & timed & (idx > 0))


def classify(ts: npt.ArrayLike, dbm: npt.ArrayLike, baseline_dbm: float, *,
             now: float | None = None) -> SignalHealth:
    """The seal's health from its readings (sorted by time) and its own baseline.

    ``now`` enables the "not reporting" check; leave it out to judge the readings alone.
    """
    t = np.asarray(ts, dtype=np.float64)
    v = np.asarray(dbm, dtype=np.float64)
    if t.shape != v.shape or t.ndim != 1:
        raise ValueError("ts and dbm must be 1-D arrays of the same length")
    finite = np.isfinite(t) & np.isfinite(v)
    if not finite.all():
        t, v = t[finite], v[finite]
    base = float(baseline_dbm)
    if len(t) == 0:
        return SignalHealth(Verdict.NO_SIGNAL, Finding.NO_READINGS, base)
    if now is not None and now - t[-1] > STALE_AFTER_S:
        last = float(np.median(v[-MEDIAN_SAMPLES:]))
        return SignalHealth(Verdict.NO_SIGNAL, Finding.NOT_REPORTING, base, level_dbm=last,
                            drop_db=base - last, since=float(t[-1]),
                            silent_s=float(now - t[-1]))

    smooth = rolling_median(v)
    level = float(np.median(v[-MEDIAN_SAMPLES:]))
    drop = base - level

    # A sudden fall the level has not come back from: the seal was cut or tampered with.
    drops = sudden_drops(t, smooth)
    cut: tuple[int, int, float] | None = None
    if len(drops):
        breaks = np.flatnonzero(np.diff(drops) != 1)
        run_start = int(drops[int(breaks[-1]) + 1] if len(breaks) else drops[0])
        j = int(drops[-1])
        ref = int(np.clip(min(int(np.searchsorted(t, t[run_start] - SUDDEN_WINDOW_S)),
                              run_start - 1), 0, None))
        before = float(smooth[ref])
        # A fall back from a brief rise, or one the level came back from, is not a cut.
        if drop >= WARNING_DROP_DB and not np.any(smooth[j + 1:] >= before - WARNING_DROP_DB):
            cut = (ref, j, before)
    if cut is not None:
        ref, j, before = cut
        fell = np.flatnonzero(v[ref:j + 1] <= before - SUDDEN_DROP_DB)
        at = float(t[ref + int(fell[0])]) if len(fell) else float(t[j])
        return SignalHealth(Verdict.CUT, Finding.SUDDEN_DROP, base, level_dbm=level,
                            drop_db=drop, since=at, step_db=before - level)
    if level <= NO_LIGHT_DBM:
        # No light, and the fall itself is not in the readings (before them, or across a gap).
        return SignalHealth(Verdict.CUT, Finding.NO_LIGHT, base, level_dbm=level, drop_db=drop,
                            since=float(t[0]))

    rate = _trend_db_per_day(t, smooth)
    if drop >= WARNING_DROP_DB:
        # Where the sag began: the last reading still close to the baseline.
        near = np.flatnonzero(smooth >= base - RECOVERED_WITHIN_DB)
        began = float(t[int(near[-1])]) if len(near) else float(t[0])
        return SignalHealth(Verdict.ATTENUATING, Finding.DRIFT, base, level_dbm=level,
                            drop_db=drop, since=began, rate_db_per_day=rate,
                            span_s=float(t[-1]) - began, onset_seen=bool(len(near)))

    # Still here after a sudden drop: the level came back from it.
    recovered = float(t[int(drops[-1])]) if len(drops) else None
    return SignalHealth(Verdict.HEALTHY, Finding.STEADY, base, level_dbm=level, drop_db=drop,
                        rate_db_per_day=rate, recovered_drop_at=recovered)


def _trend_db_per_day(ts: FloatArray, level: FloatArray) -> float | None:
    """Least-squares slope of the level, in dB lost per day (None over less than 10 minutes)."""
    if len(ts) < 3 or ts[-1] - ts[0] < 600.0:
        return None
    days = (ts - ts[0]) / 86400.0
    slope = float(np.polyfit(days, level, 1)[0])
    return -slope


__all__ = [
    "FIBER_FLOOR_DBM",
    "NOTE_DROP_DB",
    "NO_LIGHT_DBM",
    "SUDDEN_DROP_DB",
    "TAMPER_DROP_DB",
    "WARNING_DROP_DB",
    "Finding",
    "Severity",
    "SignalHealth",
    "Verdict",
    "classify",
]
