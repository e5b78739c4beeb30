"""Trip history on the map: 30 days of one trailer (a fix every 30 s = 86,400 fixes, ~100 stops,
~200 events), from "its data has arrived" to "the page has painted it", through the real MapView
(QtWebEngine offscreen, software rendering, the live fleet on the map too).

Each run clears the track, then times ``HistoryMapFeed.show_track(track)`` until the page reports
(``trackShown``, sent after two animation frames) that a frame with the track was painted:
Python's JSON encoding, the QWebChannel hop, the page's parse, simplification ranks, fit and
draw, and the browser's paint. Then the cost of redrawing the track on zoom and pan.

    QT_QPA_PLATFORM=offscreen QTWEBENGINE_CHROMIUM_FLAGS="--no-sandbox --disable-gpu" \\
        .venv/bin/python bench/bench_track.py [--days 30] [--runs 7] [--trailers 1000]

With ``--screenshot docs/track-map.png`` it instead takes the documentation screenshot: a few days
of track with stops, events, the replay marker and an event's tooltip.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

COMMAND = ('QT_QPA_PLATFORM=offscreen QTWEBENGINE_CHROMIUM_FLAGS="--no-sandbox --disable-gpu" '
           ".venv/bin/python bench/bench_track.py")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summary(values: list[float]) -> str:
    return (f"p50 {pct(values, 0.5):7.1f} ms  p95 {pct(values, 0.95):7.1f} ms  "
            f"max {max(values):7.1f} ms")


def live_fleet(n: int, now: float) -> Any:
    """A snapshot of ``n`` trailers strung along Texas/Mexico corridors."""
    from opticallock.protocol import (
        Carrier,
        Driver,
        FleetSnapshot,
        Lock,
        LockState,
        Position,
        Trailer,
    )
    from tests.maps.test_fleet_js import texas_mexico_fleet

    reset = texas_mexico_fleet(n)
    rnd = random.Random(3)
    locks = [Lock(id=f"OL-{i:05d}", trailer_id=f"TR-{i:05d}", seal_id=f"FS-{i}",
                  state=LockState.LOCKED, fiber_dbm=-11, fiber_baseline_dbm=-11, battery_pct=90,
                  last_contact=now,
                  position=Position(ts=now, lat=reset["lat"][i], lon=reset["lon"][i],
                                    speed_kmh=rnd.choice([0.0, 85.0]),
                                    heading_deg=reset["hdg"][i]))
             for i in range(n)]
    return FleetSnapshot(
        seq=0, server_time=now, carrier=Carrier(id="bench", name="Bench"),
        trailers=[Trailer(id=f"TR-{i:05d}", lock_id=f"OL-{i:05d}", driver_id=f"DRV-{i:05d}")
                  for i in range(n)],
        locks=locks,
        drivers=[Driver(id=f"DRV-{i:05d}", name=f"Driver {i}", phone="+1 555 0100",
                        language="en", app_online=True) for i in range(n)],
        alarms=[])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--days", type=float, default=30.0)
    ap.add_argument("--interval", type=float, default=30.0, help="seconds between fixes")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--trailers", type=int, default=None,
                    help="live fleet on the map meanwhile (1000; 150 for the screenshot)")
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--height", type=int, default=800)
    ap.add_argument("--screenshot", type=Path, default=None,
                    help="take the documentation screenshot here instead of benchmarking")
    args = ap.parse_args()
    if args.trailers is None:
        args.trailers = 150 if args.screenshot is not None else 1000

    import PySide6.QtWebEngineWidgets  # noqa: F401
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from maps.jsquery import evaluate
    from maps.scheme import register_scheme

    register_scheme()
    app = QApplication(sys.argv[:1])

    from console.fleet.store import FleetStore
    from tests.maps.track_data import synthetic_track
    from widgets.fleet.map_view import MapView

    store = FleetStore(coalesce_ms=100)
    store.load_snapshot(live_fleet(args.trailers, time.time()))
    view = MapView(store, test_hooks=True)
    view.resize(args.width, args.height)
    view.show()
    feed = view.history_feed

    def spin_until(cond: Callable[[], bool], timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        loop = QEventLoop()
        while not cond():
            if time.monotonic() > deadline:
                raise TimeoutError("the page did not answer in time")
            QTimer.singleShot(5, loop.quit)
            loop.exec()

    def js(expr: str) -> Any:
        box: list[Any] = []
        evaluate(view.page(), expr, box.append)
        spin_until(lambda: bool(box))
        return box[0]

    spin_until(lambda: view.bridge.page_ready)
    spin_until(lambda: js(f"OLMap.count() === {args.trailers}"))

    if args.screenshot is not None:
        return screenshot(args.screenshot, view, feed, js, spin_until, synthetic_track, app)

    started = time.perf_counter()
    track = synthetic_track(args.days, args.interval)
    made_s = time.perf_counter() - started
    kinds: dict[str, int] = {}
    for e in track["events"]:
        kinds[e["kind"]] = kinds.get(e["kind"], 0) + 1
    size = len(json.dumps(track, separators=(",", ":")))
    print(f"track: {len(track['ts']):,} fixes over {args.days:g} days, "
          f"{len(track['stops'])} stops, {len(track['events'])} events {kinds}; "
          f"{size / 1e6:.1f} MB of JSON (generated in {made_s:.2f} s)")
    print(f"live fleet on the map: {args.trailers} trailers; view {args.width}x{args.height}")

    shown: list[tuple[str, int, float]] = []
    feed.trackShown.connect(lambda *a: shown.append(a))
    totals, encode, page_shown, parse, build, load, draw = [], [], [], [], [], [], []
    for run in range(args.runs + 1):  # run 0 warms up (JIT, sprites, caches)
        feed.clear_track()
        spin_until(lambda: js("OLMap.trackLoaded() === false"))
        shown.clear()
        t0 = time.perf_counter()
        feed.show_track(track)
        t1 = time.perf_counter()
        spin_until(lambda: bool(shown))
        t2 = time.perf_counter()
        stats = js("OLMap.trackStats()")
        if run == 0:
            print(f"first load (cold page: JIT, sprites): {(t2 - t0) * 1000:.0f} ms "
                  f"(page {stats['shownMs']:.0f} ms)")
            continue
        totals.append((t2 - t0) * 1000)
        encode.append((t1 - t0) * 1000)
        page_shown.append(stats["shownMs"])
        parse.append(stats["parseMs"])
        build.append(stats["buildMs"])
        load.append(stats["loadMs"])
        draw.append(stats["lastDrawMs"])
    print(f"\ndata arrived -> painted on the page, {args.runs} runs (after one warm-up):")
    print(f"  total (show_track() to trackShown in Python) {summary(totals)}")
    print(f"    Python: validate + JSON encode + emit      {summary(encode)}")
    print(f"    page: message in -> frame painted          {summary(page_shown)}")
    print(f"      JSON.parse                               {summary(parse)}")
    print(f"      arrays, speed runs, simplification ranks {summary(build)}")
    print(f"      ... + fit, all layers drawn              {summary(load)}")
    print(f"      track line draw alone                    {summary(draw)}")
    verdict = "OK" if pct(totals, 0.95) < 1000 else "OVER"
    print(f"  target: drawn within 1 s -> p95 {pct(totals, 0.95):.0f} ms: {verdict}")
    print(f"  drawn at the fitted zoom {js('OLMap.map.getZoom()')}: "
          f"{js('OLMap.trackDrawnSegments()'):,} vertices of {len(track['ts']):,} fixes in "
          f"{js('OLMap.trackStats().runs'):,} speed runs")

    # Redraw on zoom and pan: the track canvas alone, and the whole view change (every layer,
    # synchronous JS) plus the time to the next painted frame.
    mid = len(track["ts"]) // 2
    lat, lon = track["lat"][mid], track["lon"][mid]
    print("\nredraw on zoom/pan (track line draw | whole view change in JS | to painted frame):")
    js("OLMap.resetTrackStats()")
    for zoom in (6, 8, 10, 12, 14, 16):
        draws, views, frames, vertices = [], [], [], []
        for step in range(6):
            dx = 0 if step == 0 else (250 if step % 2 else -250)
            expr = (f"OLMap.map.setView([{lat}, {lon}], {zoom}, {{animate: false}})" if step == 0
                    else f"OLMap.map.panBy([{dx}, {dx // 2}], {{animate: false}})")
            cost = js(f"""(() => {{
                const t = performance.now();
                {expr};
                const ms = performance.now() - t;
                window.__frame = null;
                requestAnimationFrame(() => requestAnimationFrame(() => {{
                    window.__frame = performance.now() - t; }}));
                return [ms, OLMap.trackStats().lastDrawMs, OLMap.trackDrawnSegments()]; }})()""")
            spin_until(lambda: js("window.__frame") is not None)
            views.append(cost[0])
            draws.append(cost[1])
            vertices.append(cost[2])
            frames.append(js("window.__frame"))
        print(f"  zoom {zoom:2d}: track {pct(draws, .5):5.1f} / {max(draws):5.1f} ms  "
              f"view change {pct(views, .5):6.1f} / {max(views):6.1f} ms  "
              f"frame {pct(frames, .5):6.1f} / {max(frames):6.1f} ms  "
              f"({min(vertices):,}–{max(vertices):,} vertices)   [p50 / max of 6]")
    stats = js("OLMap.trackStats()")
    print(f"  all {stats['draws']} track draws: p50 {stats['drawMsP50']} ms, "
          f"p95 {stats['drawMsP95']} ms, max {stats['drawMsMax']} ms")
    print(f"\ncommand: {COMMAND}" + (" " + " ".join(sys.argv[1:]) if sys.argv[1:] else ""))
    view.close()
    app.quit()
    return 0


def screenshot(path: Path, view: Any, feed: Any, js: Callable[[str], Any],
               spin_until: Callable[..., None], synthetic_track: Callable[..., dict[str, Any]],
               app: Any) -> int:
    """A few days of track with stops, events and the replay marker, for docs/."""
    track = synthetic_track(3, seed=8)
    shown: list[Any] = []
    feed.trackShown.connect(lambda *a: shown.append(a))
    feed.show_track(track)
    spin_until(lambda: bool(shown))
    before = view.grab().toImage()
    # Replay in the middle of the longest stretch on the highway (clear of the marks).
    best, start = (0, 0), None
    for k, v in enumerate([*track["speed"], 0.0]):
        if v >= 60 and start is None:
            start = k
        elif v < 60 and start is not None:
            best, start = max(best, (k - start, start)), None
    i = best[1] + best[0] // 2
    heading = math.degrees(math.atan2(
        (track["lon"][i + 1] - track["lon"][i]) * math.cos(math.radians(track["lat"][i])),
        track["lat"][i + 1] - track["lat"][i])) % 360
    feed.show_replay(track["ts"][i], track["lat"][i], track["lon"][i], heading, False)
    spin_until(lambda: js("OLMap.replayPosition() !== null"))
    # Hover a tamper event (else any) so the tooltip shows how labels read.
    events = [e for e in track["events"] if e["kind"] == "tamper"] or track["events"]
    point = js(f"OLMap.screenPointOfHistoryEvent({json.dumps(events[0]['id'])})")
    if point:
        js(f"(OLMap.hoverAt({point[0]}, {point[1]}), 0)")
    js("(document.querySelector('.olc-legend').open = true, 0)")
    js("(window.__frame = null, requestAnimationFrame(() => requestAnimationFrame(() => "
       "{ window.__frame = 1; })), 0)")
    spin_until(lambda: js("window.__frame") is not None)
    # The compositor lags behind the page: grab until the picture has changed since the track
    # alone was shown and two grabs 100 ms apart agree.
    shots = [before]
    last_grab = [0.0]

    def settled() -> bool:
        if time.monotonic() - last_grab[0] < 0.1:
            return False
        last_grab[0] = time.monotonic()
        shots.append(view.grab().toImage())
        return bool(shots[-1] == shots[-2] and shots[-1] != before)

    spin_until(settled, 20.0)
    path.parent.mkdir(parents=True, exist_ok=True)
    shots[-1].save(str(path))
    print(f"saved {path} ({shots[-1].width()}x{shots[-1].height()}): {len(track['ts']):,} fixes, "
          f"{len(track['stops'])} stops, {len(track['events'])} events, replay at fix {i}")
    view.close()
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
