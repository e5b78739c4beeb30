"""Screenshot of the console replaying a trip history (docs/console-history.png).

A fresh demo cloud has no past, so the history shown is generated: three days of one trailer
from tests/maps/track_data.py (road-like legs between real Texas and northern-Mexico sites,
stops, lock and unlock at the sites, a tamper), handed to the history view exactly as the
history loader hands over a loaded one. Everything else (fleet, map, panels) is the live console
on an embedded cloud.

    QT_QPA_PLATFORM=offscreen QTWEBENGINE_CHROMIUM_FLAGS="--no-sandbox --disable-gpu" \\
        .venv/bin/python tools/replay_screenshot.py docs/console-history.png
"""

from __future__ import annotations

import asyncio
import math
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")


def site_id(name: str) -> str:
    return "gf-" + "-".join(name.lower().split())


def history_for(lock_id: str, trailer_id: str, days: float = 3.0) -> object:
    import numpy as np

    from console.history import LockHistory
    from console.protocol import LockState, LockStateEvent, Position, TamperEvent, TamperKind
    from console.trips import Track
    from tests.maps.track_data import SITES, synthetic_track

    end = time.time() - 600
    start = end - days * 86400
    data = synthetic_track(days, 30.0, seed=11, start_ts=start, trailer_id=trailer_id)
    lat, lon = np.asarray(data["lat"], float), np.asarray(data["lon"], float)
    ts, speed = np.asarray(data["ts"], float), np.asarray(data["speed"], float)
    heading = np.degrees(np.arctan2(np.diff(lon, append=lon[-1]) * np.cos(np.radians(lat)),
                                    np.diff(lat, append=lat[-1]))) % 360
    track = Track(ts, lat, lon, speed, heading)

    def site_of(la: float, lo: float) -> str | None:
        for name, sla, slo in SITES:
            if math.hypot(la - sla, (lo - slo) * math.cos(math.radians(la))) < 0.03:
                return site_id(name)
        return None

    events: list[object] = []
    locked = True
    for seq, e in enumerate(data["events"], start=1):
        pos = Position(ts=e["ts"], lat=e["lat"], lon=e["lon"], speed_kmh=0, heading_deg=0)
        if e["kind"] in ("lock", "unlock"):
            state = LockState.LOCKED if e["kind"] == "lock" else LockState.UNLOCKED
            events.append(LockStateEvent(
                seq=seq, ts=e["ts"], lock_id=lock_id, trailer_id=trailer_id, state=state,
                previous=LockState.UNLOCKED if locked else LockState.LOCKED, position=pos,
                geofence_id=site_of(e["lat"], e["lon"])))
            locked = state is LockState.LOCKED
        elif e["kind"] == "tamper":
            events.append(TamperEvent(seq=seq, ts=e["ts"], lock_id=lock_id,
                                      trailer_id=trailer_id, kind=TamperKind.FORCED_ENTRY,
                                      position=pos))
    fiber_ts = np.arange(start, end, 60.0)
    fiber_dbm = -12.4 + 0.05 * np.sin(fiber_ts / 900.0)
    return LockHistory(lock_id, trailer_id, start, end, track, fiber_ts, fiber_dbm, events)


async def run(out: Path) -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from cloudsim.server import start_embedded
    from console.client import CloudClient
    from console.store import FleetStore
    from widgets.attention import Attention
    from widgets.main_window import MainWindow
    from widgets.map_view import MapView

    app = QApplication.instance()
    assert app is not None
    cloud = start_embedded(Path(tempfile.mkdtemp()), locks=200, seed=7,
                           users=[("demo", "demo-pw-1", None)], incident_rate=0.0)
    try:
        store = FleetStore()
        client = CloudClient(cloud.url)
        client.snapshotLoaded.connect(store.load_snapshot)
        client.eventsReceived.connect(store.apply_events)
        client.geofencesLoaded.connect(store.set_geofences)
        await client.sign_in("demo", "demo-pw-1")
        client.start(None)
        view = MapView(store)
        window = MainWindow(store, QSettings(tempfile.mktemp(suffix=".ini"),
                                             QSettings.Format.IniFormat),
                            map_view=view, attention=Attention(audio=False, tray=False))
        client.statusChanged.connect(window.set_connection)
        window.watch_stream(client.stats, client.rate)
        window.set_connection(client.status)
        window.set_identity("Frontera Freight Lines — demo")
        window.show()
        from tests.asyncqt import wait_until

        await wait_until(lambda: view.bridge.page_ready and store.state is not None, 60)
        trailer = store.state.trailers[sorted(store.state.trailers)[0]]
        window.select_trailer(trailer.id)
        history = history_for(trailer.lock_id, trailer.id)
        window.history_view.show_trailer(trailer.id)
        window.history_view.preset.setCurrentIndex(2)  # last 7 days: covers the three generated
        window.history_dock.raise_()
        from console.protocol import CircleShape, Geofence, GeofenceKind
        from tests.maps.track_data import SITES

        # The generated sites as geofences, so the trips read "Laredo terminal → ..."
        store.set_geofences([*store.geofences.values(), *(
            Geofence(id=site_id(name), name=name, kind=GeofenceKind.CUSTOMER_SITE,
                     shape=CircleShape(lat=la, lon=lo, radius_m=2500))
            for name, la, lo in SITES)])
        window.history_view._on_loaded(history)  # as the loader hands a loaded history over
        window.history_view.table.selectRow(1)
        mid = history.start + 0.55 * (history.end - history.start)
        window.history_view.seek(mid)
        await asyncio.sleep(3.0)
        out.parent.mkdir(parents=True, exist_ok=True)
        print(window.grab().save(str(out)), out)
        window.close()
        await client.close()
    finally:
        cloud.stop()


def main() -> None:
    import PySide6.QtWebEngineWidgets  # noqa: F401
    import qasync
    from PySide6.QtWidgets import QApplication

    from maps.scheme import register_scheme

    register_scheme()
    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "console-history.png")
    with loop:
        loop.run_until_complete(run(out))


if __name__ == "__main__":
    main()
