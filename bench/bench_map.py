"""Map bridge at fleet scale: 10,000 trailers, one fix each per second, through the real page.

Drives a FleetStore (the console's) with PositionsEvents of 2,500 rows four times a second (what
cloudsim's stream delivers for 10,000 locks), with the real MapView (QtWebEngine, offscreen,
software rendering) showing the fleet, and reports:
- Python cost per 100 ms feed batch (collecting changed trailers, statuses, JSON) — percentiles;
- Python cost of applying each stream event to the store;
- the page's draw time per frame and the interval between animation frames (from the page);
- bytes per update message.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_map.py [--trailers 10000] [--seconds 20]
"""

from __future__ import annotations

import argparse
import math
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trailers", type=int, default=10_000)
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--zoom", type=int, default=5, help="map zoom while measuring")
    args = ap.parse_args()

    import PySide6.QtWebEngineWidgets  # noqa: F401
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from maps.jsquery import evaluate
    from maps.scheme import register_scheme

    register_scheme()
    app = QApplication(sys.argv[:1])

    from console.fleet.store import FleetStore
    from opticallock.protocol import (
        Carrier,
        Driver,
        FleetSnapshot,
        Lock,
        LockState,
        Position,
        PositionsEvent,
        Trailer,
    )
    from widgets.fleet.map_view import MapView

    rng = random.Random(1)
    now = time.time()
    n = args.trailers
    lat = [rng.uniform(19.0, 47.0) for _ in range(n)]
    lon = [rng.uniform(-123.0, -95.0) for _ in range(n)]
    hdg = [rng.uniform(0, 359) for _ in range(n)]
    snap = FleetSnapshot(
        seq=0, server_time=now, carrier=Carrier(id="bench", name="Bench"),
        trailers=[Trailer(id=f"TR-{i:05d}", lock_id=f"OL-{i:05d}", driver_id=f"DRV-{i:05d}")
                  for i in range(n)],
        locks=[Lock(id=f"OL-{i:05d}", trailer_id=f"TR-{i:05d}", seal_id=f"FS-{i}",
                    state=LockState.LOCKED, fiber_dbm=-11, fiber_baseline_dbm=-11,
                    battery_pct=90, last_contact=now,
                    position=Position(ts=now, lat=lat[i], lon=lon[i], speed_kmh=90,
                                      heading_deg=hdg[i])) for i in range(n)],
        drivers=[Driver(id=f"DRV-{i:05d}", name=f"Driver {i}", phone="+1 555 0100",
                        language="en", app_online=True) for i in range(n)],
        alarms=[],
    )
    store = FleetStore(coalesce_ms=100)
    store.load_snapshot(snap)
    view = MapView(store, test_hooks=True)
    view.resize(1280, 800)
    view.show()

    def spin_until(cond: object, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        loop = QEventLoop()
        while not cond():  # type: ignore[operator]
            if time.monotonic() > deadline:
                raise TimeoutError("page not ready")
            QTimer.singleShot(20, loop.quit)
            loop.exec()

    def js(expr: str) -> object:
        box: list[object] = []
        evaluate(view.page(), expr, box.append)
        spin_until(lambda: bool(box))
        return box[0]

    t0 = time.monotonic()
    spin_until(lambda: view.bridge.page_ready)
    spin_until(lambda: js(f"OLMap.count() === {n}"))
    print(f"page ready with {n} trailers in {time.monotonic() - t0:.1f} s")
    js(f"(OLMap.map.setZoom({args.zoom}, {{animate: false}}), OLMap.resetFrameStats(), true)")

    seq = [0]
    apply_ms: list[float] = []
    per_batch = n // 4
    cursor = [0]

    def tick() -> None:
        rows = []
        t = time.time()
        for _ in range(per_batch):
            i = cursor[0]
            cursor[0] = (i + 1) % n
            step = 0.00075  # ~80 km/h for one second
            lat[i] += step * math.cos(math.radians(hdg[i]))
            lon[i] += step * math.sin(math.radians(hdg[i]))
            rows.append((f"OL-{i:05d}", t, lat[i], lon[i], 90.0, hdg[i]))
        seq[0] += 1
        event = PositionsEvent.model_construct(seq=seq[0], ts=t, prev_hash="", hash="",
                                               type="positions", rows=rows)
        started = time.perf_counter()
        store.apply_events([event])
        apply_ms.append((time.perf_counter() - started) * 1000)

    view.feed.batch_costs_ms.clear()
    bytes0, msgs0 = view.bridge.sent_bytes, view.bridge.sent_messages
    driver = QTimer()
    driver.setInterval(250)
    driver.timeout.connect(tick)
    driver.start()
    end = time.monotonic() + args.seconds
    spin_until(lambda: time.monotonic() > end, args.seconds + 5)
    driver.stop()
    stats = js("OLMap.frameStats()")
    assert isinstance(stats, dict)
    costs = view.feed.batch_costs_ms
    msgs = view.bridge.sent_messages - msgs0
    print(f"drove {seq[0] * per_batch / args.seconds:,.0f} position updates/s for "
          f"{args.seconds:.0f} s at zoom {args.zoom}")
    print(f"store apply per stream event ({per_batch} rows): p50 {pct(apply_ms, .5):.1f} ms, "
          f"p95 {pct(apply_ms, .95):.1f} ms")
    print(f"feed batch (Python, every 100 ms): p50 {pct(costs, .5):.1f} ms, "
          f"p95 {pct(costs, .95):.1f} ms, max {max(costs):.1f} ms over {len(costs)} batches")
    print(f"messages to the page: {msgs / args.seconds:.1f}/s, "
          f"{(view.bridge.sent_bytes - bytes0) / max(1, msgs) / 1024:.0f} KiB each")
    print(f"page draw: p50 {stats['drawMsP50']:.1f} ms, p95 {stats['drawMsP95']:.1f} ms, "
          f"max {stats['drawMsMax']:.1f} ms over {stats['draws']} draws; frame interval "
          f"p50 {stats['frameIntervalP50']:.0f} ms, p95 {stats['frameIntervalP95']:.0f} ms")
    view.close()
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
