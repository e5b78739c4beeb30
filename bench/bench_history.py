"""Trip history at scale: 30 days of one trailer (a fix every 30 s, ~86,400 fixes, a fiber sample
every 10 s, a few hundred events), from "data arrived" to "ready to draw".

Measures, over several runs, the console's side of showing a loaded history: splitting it into
trips and stops with totals, building the map's track message (and its JSON), and the whole
``HistoryView`` hand-over (analysis, trips table, track signal). The page's own draw time is
measured by bench/bench_track.py.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_history.py
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def synthetic(days: float = 30.0, seed: int = 1) -> object:
    import numpy as np

    from console.history.loader import LockHistory
    from opticallock.protocol import LockState, LockStateEvent, Position, TamperEvent, TamperKind
    from opticallock.trips import Track

    rng = random.Random(seed)
    t0 = 1_790_000_000.0
    n = int(days * 86400 / 30)
    ts = t0 + np.arange(n) * 30.0
    speed = np.zeros(n)
    lat = np.zeros(n)
    lon = np.zeros(n)
    heading = np.zeros(n)
    la, lo, hd = 27.5, -99.5, 180.0
    events = []
    seq = 1
    moving = False
    left = 0
    locked = False
    for i in range(n):
        if left <= 0:
            moving = not moving
            left = rng.randint(240, 600) if moving else rng.randint(10, 180)
            state = LockState.LOCKED if moving else LockState.UNLOCKED
            if (state is LockState.LOCKED) != locked:
                locked = state is LockState.LOCKED
                events.append(LockStateEvent(
                    seq=seq, ts=float(ts[i]), lock_id="OL-1", trailer_id="TR-1", state=state,
                    previous=LockState.UNLOCKED if locked else LockState.LOCKED,
                    position=Position(ts=float(ts[i]), lat=la, lon=lo, speed_kmh=0,
                                      heading_deg=hd),
                    geofence_id=f"gf-{seq}"))
                seq += 1
        left -= 1
        v = rng.uniform(70, 100) if moving else 0.0
        hd = (hd + rng.uniform(-3, 3)) % 360
        la += v * 30 / 3600 / 111.2 * math.cos(math.radians(hd))
        lo += v * 30 / 3600 / 111.2 * math.sin(math.radians(hd)) / math.cos(math.radians(la))
        if not -60 < la < 60:
            hd = (hd + 180) % 360
        speed[i], lat[i], lon[i], heading[i] = v, la, lo, hd
        if moving and rng.random() < 0.0005:
            events.append(TamperEvent(seq=seq, ts=float(ts[i]), lock_id="OL-1",
                                      trailer_id="TR-1", kind=TamperKind.FIBER_DEGRADED))
            seq += 1
    fiber_ts = t0 + np.arange(int(days * 86400 / 10)) * 10.0
    fiber_dbm = -11.0 + np.random.default_rng(seed).normal(0, 0.07, len(fiber_ts))
    track = Track(ts, lat, lon, speed, heading)
    return LockHistory("OL-1", "TR-1", t0, t0 + days * 86400, track, fiber_ts, fiber_dbm,
                       events)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--days", type=float, default=30.0)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()

    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    from console.fleet.store import FleetStore
    from opticallock.trips import split_trips
    from widgets.history.view import HistoryView

    history = synthetic(args.days)
    print(f"{len(history.track):,} fixes, {len(history.fiber_ts):,} fiber samples, "
          f"{len(history.events):,} events over {args.days:.0f} days")
    split_ms, message_ms, json_ms, view_ms = [], [], [], []
    view = HistoryView(FleetStore())
    sent: list[dict[str, object]] = []
    view.trackReady.connect(sent.append)
    report = None
    for _ in range(args.runs):
        t = time.perf_counter()
        report = split_trips(history.track, history.events, history.start, history.end)
        split_ms.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        message = HistoryView.track_message(history, report)
        message_ms.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        text = json.dumps(message, separators=(",", ":"))
        json_ms.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        view._on_loaded(history)  # what the view does when the loader hands the data over
        app.processEvents()
        view_ms.append((time.perf_counter() - t) * 1000)
    assert report is not None
    print(f"{len(report.trips)} trips, {len(report.stops)} stops, "
          f"{report.totals.distance_km:,.0f} km; track message {len(text) / 1e6:.1f} MB JSON")
    for name, values in (("split into trips/stops/totals", split_ms),
                         ("build the map's track message", message_ms),
                         ("json.dumps of the message", json_ms),
                         ("whole HistoryView hand-over", view_ms)):
        print(f"{name}: p50 {pct(values, .5):.0f} ms, max {max(values):.0f} ms "
              f"({args.runs} runs)")
    view.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
