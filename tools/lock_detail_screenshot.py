#!/usr/bin/env python3
"""Render the lock detail panel during a fiber cut, headless, into a PNG (docs/lock-detail.png).

An embedded cloud starts; a fiber cut is staged on a trailer; the dispatcher acknowledges it with
a note and messages the driver; the panel shows that trailer, and is grabbed once the incident
and its handling are on the chart and the timeline.

A fresh cloud has no history, and a chart of the last hour that starts a minute ago shows little:
so the hour before the cloud started is backfilled for that lock, straight into the cloud's
fiber table, as the seal would have reported it (its baseline, a slow drift and the sensor's
noise). Everything after that is the real simulator, cloud, stream and console.

Usage::

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/lock_detail_screenshot.py docs/lock-detail.png
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


async def until(predicate: Callable[[], object], what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up waiting for {what}")
        await asyncio.sleep(0.05)


async def stage(out: Path, width: int, height: int) -> bool:
    import numpy as np

    from cloudsim.server import start_embedded
    from console.fleet.store import FleetStore
    from console.link.client import CloudClient
    from widgets.seal.lock_detail import LockDetailPanel

    started = time.time()
    cloud = start_embedded(Path(tempfile.mkdtemp(prefix="lock-detail-")), locks=24, seed=7,
                           users=[("ana", "demo-pw-1", None)], incident_rate=0.0,
                           fix_interval_s=1.0, sample_interval_s=2.0)
    assert cloud.cloud is not None
    inner = cloud.cloud
    client = CloudClient(cloud.url)
    store = FleetStore(coalesce_ms=50)
    client.snapshotLoaded.connect(store.load_snapshot)
    client.eventsReceived.connect(store.apply_events)
    panel = LockDetailPanel(store, client.request)
    try:
        await client.sign_in("ana", "demo-pw-1")
        client.start(None)
        await until(lambda: store.state is not None and client.status.live, "the stream")
        lock_id = cloud.call(lambda: inner.sim.inject_incident("fiber_cut", None))
        baseline = float(inner.sim.trailer_state(lock_id)["fiber_baseline_dbm"])
        ts = np.arange(started - 3600.0, started, 2.0)
        rng = np.random.default_rng(7)
        dbm = np.round(baseline - 0.15 + 0.12 * np.sin((ts - ts[0]) / 900.0)
                       + rng.normal(0.0, 0.07, len(ts)), 2)
        rows = [(lock_id, float(t), float(v), 81.0) for t, v in zip(ts, dbm, strict=True)]

        def backfill() -> None:
            with inner.db.transaction() as conn:
                conn.executemany("INSERT INTO fiber (lock_id, ts, dbm, battery) "
                                 "VALUES (?, ?, ?, ?)", rows)

        cloud.call(backfill)
        await until(lambda: store.open_alarms_of(lock_id), "the alarm")
        alarm = store.open_alarms_of(lock_id)[0]
        trailer_id = alarm.trailer_id
        panel.resize(width, height)
        panel.show()
        panel.show_trailer(trailer_id)
        await asyncio.sleep(20.0)  # samples after the cut
        # The dispatcher works the alarm: acknowledges with a note, ticks a step, messages the
        # driver; the driver's app reports delivery and reading (and sometimes replies).
        await client.request("POST", f"/alarms/{alarm.id}/ack", json={
            "request_id": secrets.token_hex(8),
            "note": "Called the driver: stopped at the Love's, checking the seal."})
        await asyncio.sleep(8.0)
        await client.request("POST", f"/alarms/{alarm.id}/steps", json={
            "request_id": secrets.token_hex(8), "step_id": "call_driver",
            "label": "Call the driver", "done": True})
        await asyncio.sleep(8.0)
        trailer = store.trailer(trailer_id)
        if trailer is not None and trailer.driver_id is not None:
            await client.request("POST", f"/drivers/{trailer.driver_id}/messages", json={
                "request_id": secrets.token_hex(8), "trailer_id": trailer_id,
                "text": "Seal signal lost on your trailer. Stay with the truck, check the seal."})
        await asyncio.sleep(20.0)
        panel.refresh_timeline()
        cut = next((e.ts for e in panel.series.events if getattr(e, "kind", None)), None)
        if cut is not None:
            # Zoomed to the incident, as a dispatcher working it would look at it.
            panel.chart.show_range(cut - 6 * 60.0, time.time() + 30.0)
            panel.chart.redraw()
            panel.chart.readout_at(cut)
        await asyncio.sleep(0.5)
        out.parent.mkdir(parents=True, exist_ok=True)
        return bool(panel.grab().save(str(out)))
    finally:
        panel.close()
        await client.close()
        cloud.stop()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, nargs="?", default=ROOT / "docs" / "lock-detail.png")
    ap.add_argument("--size", default="1280x860", help="WIDTHxHEIGHT of the panel")
    args = ap.parse_args()
    width, height = (int(v) for v in args.size.split("x"))

    import qasync
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)  # closing the panel must not stop the loop mid-cleanup
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        ok = loop.run_until_complete(stage(args.out, width, height))
    print(f"{'saved' if ok else 'FAILED'}: {args.out}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
