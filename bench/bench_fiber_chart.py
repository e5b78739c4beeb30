"""Fiber chart redraw cost with 30 days of one lock's samples (one every 10 s: 259,200 samples).

The samples go into a :class:`~console.seal.fiber_series.FiberSeries` the way the console fills it
(a series buffer, then live ``FiberEvent`` rows through the store's path), with a few dozen
tamper events and alarms as markers, and the chart shows them at several zoom levels. A *full
replot* is what the chart does when its data change: hand the arrays to the curve (``setData``),
place the markers, fit the level range, then paint the whole plot (``grab()``, which renders every
item into a pixmap as a screen refresh does). Reported per zoom level: p50 / p95 in ms.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_fiber_chart.py

``--compare`` adds the same replots with clip-to-view and downsampling switched off.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

DAY = 86400.0
T0 = 1_790_000_000.0


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def synthetic(days: float, every_s: float, seed: int = 1) -> tuple[object, object]:
    """A seal near -11 dBm with noise, a slow connector drift over a week, and a cut."""
    import numpy as np

    rng = np.random.default_rng(seed)
    ts = T0 + np.arange(int(days * DAY / every_s)) * every_s
    dbm = -11.0 + rng.normal(0.0, 0.07, len(ts))
    week = (ts > T0 + 10 * DAY) & (ts < T0 + 17 * DAY)
    dbm[week] -= (ts[week] - (T0 + 10 * DAY)) / (7 * DAY) * 2.5
    cut = (ts > T0 + 22 * DAY) & (ts < T0 + 22.02 * DAY)
    dbm[cut] = -40.0 + rng.normal(0.0, 0.5, int(cut.sum()))
    return ts, np.round(dbm, 2)


def incidents(days: float, lock_id: str) -> list[object]:
    from opticallock.protocol import (
        Alarm,
        AlarmPriority,
        AlarmRaisedEvent,
        AlarmState,
        AlarmType,
        TamperEvent,
        TamperKind,
    )

    events: list[object] = []
    seq = 1
    for day in range(int(days)):
        ts = T0 + day * DAY + 3600.0
        kind = (TamperKind.FIBER_CUT, TamperKind.FIBER_DEGRADED, TamperKind.FORCED_ENTRY)[day % 3]
        events.append(TamperEvent(seq=seq, ts=ts, lock_id=lock_id, trailer_id="TR-1", kind=kind,
                                  fiber_dbm=-40.0 if kind is TamperKind.FIBER_CUT else None))
        events.append(AlarmRaisedEvent(seq=seq + 1, ts=ts + 1, alarm=Alarm(
            id=f"AL-{day}", lock_id=lock_id, trailer_id="TR-1", type=AlarmType.FIBER_CUT,
            priority=AlarmPriority.CRITICAL, state=AlarmState.OPEN, raised_at=ts + 1,
            raised_seq=seq + 1, last_at=ts + 1, detail="bench")))
        seq += 2
    return events


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--days", type=float, default=30.0)
    ap.add_argument("--every", type=float, default=10.0, help="seconds between samples")
    ap.add_argument("--runs", type=int, default=40, help="replots per zoom level")
    ap.add_argument("--width", type=int, default=1200)
    ap.add_argument("--height", type=int, default=420)
    ap.add_argument("--compare", action="store_true",
                    help="also without clip-to-view and downsampling")
    args = ap.parse_args()
    print("command:", shlex.join(["QT_QPA_PLATFORM=" + os.environ["QT_QPA_PLATFORM"],
                                  ".venv/bin/python", *sys.argv]))

    import numpy as np
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    from console.fleet.store import FleetStore
    from console.seal.fiber_series import FiberSeries
    from opticallock.protocol import FiberEvent
    from widgets.seal.fiber_chart import FiberChart

    ts, dbm = synthetic(args.days, args.every)
    end = float(ts[-1])
    lock_id = "OL-BENCH"
    store = FleetStore()
    series = FiberSeries(store, None)
    series.watch(lock_id)
    t = time.perf_counter()
    series.samples.extend(ts, dbm)
    fill_ms = (time.perf_counter() - t) * 1000
    series.on_events_applied(incidents(args.days, lock_id))
    chart = FiberChart(clock=lambda: end + args.every)
    chart.set_series(series)
    chart.set_baseline(-11.0)
    chart.resize(args.width, args.height)
    chart.show()
    app.processEvents()
    print(f"{len(series.samples):,} samples over {args.days:.0f} days "
          f"(buffer filled in {fill_ms:.0f} ms), {len(series.markers())} markers, "
          f"chart {args.width}x{args.height}")

    def replot(markers: bool = True) -> tuple[float, float]:
        t0 = time.perf_counter()
        chart._markers_dirty = markers  # a full replot rebuilds the markers too
        chart.redraw()
        t1 = time.perf_counter()
        chart.plot_widget.grab()
        t2 = time.perf_counter()
        return (t1 - t0) * 1000, (t2 - t0) * 1000

    def measure(label: str, start: float | None, stop: float | None,
                live_appends: bool = False, runs: int = args.runs) -> None:
        if start is None or stop is None:
            chart.set_live(True)
        else:
            chart.show_range(start, stop)
        app.processEvents()
        replot()  # warm caches once
        data_ms: list[float] = []
        total_ms: list[float] = []
        now = end
        seq = 1_000_000
        for _ in range(runs):
            if live_appends:
                now += args.every
                seq += 1
                chart.clock = lambda n=now: n
                series.on_events_applied([FiberEvent(seq=seq, ts=now, rows=[
                    (lock_id, now, float(-11.0 + np.random.normal(0, 0.07)), 80.0)])])
            # Live samples move no marker: the chart's own live path keeps them.
            d, tot = replot(markers=not live_appends)
            data_ms.append(d)
            total_ms.append(tot)
        lo, hi = chart.view.viewRange()[0]
        shown = len(chart.curve.getData()[0] if chart.curve.getData()[0] is not None else [])
        print(f"{label:<34} {pct(total_ms, .5):7.1f} ms p50 {pct(total_ms, .95):7.1f} ms p95"
              f"   (data hand-over p50 {pct(data_ms, .5):5.1f} ms; "
              f"{shown:,} points drawn of {len(series.samples):,}; "
              f"view {(hi - lo) / 3600:,.1f} h)")

    print(f"full replot (setData + markers + level fit + paint), {args.runs} runs each:")
    measure("whole range (30 days)", float(ts[0]), end)
    measure("one day", end - DAY, end)
    measure("one hour", end - 3600.0, end)
    measure("live, last hour, appending", None, None, live_appends=True)
    if args.compare:
        chart.curve.setClipToView(False)
        chart.curve.setDownsampling(auto=False, ds=1)
        print("without clip-to-view and downsampling:")
        measure("whole range (30 days)", float(ts[0]), end, runs=max(3, args.runs // 8))
        measure("one hour", end - 3600.0, end, runs=max(3, args.runs // 8))
    chart.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
