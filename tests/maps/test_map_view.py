"""The real map view (QWebEngineView + olmap: page + QWebChannel) inside the main window."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from cloudsim.server import EmbeddedCloud, start_embedded
from console.fleet.store import FleetStore
from console.link.client import CloudClient
from maps.jsquery import evaluate
from opticallock.protocol import (
    Carrier,
    CircleShape,
    Driver,
    FleetSnapshot,
    Geofence,
    GeofenceKind,
    Lock,
    LockState,
    Position,
    Trailer,
    Trip,
)
from tests.asyncqt import run, wait_until, wait_until_async
from widgets.fleet.map_view import MapView
from widgets.main_window import MainWindow

NOW = time.time()
XSS = "<img src=x onerror=\"window.__xss=1\">"


def synthetic_snapshot(n: int = 60) -> FleetSnapshot:
    trailers, locks, drivers = [], [], []
    for i in range(n):
        tid, lid, did = f"TR-{i:03d}", f"OL-{i:03d}", f"DRV-{i:03d}"
        trip = Trip(id=f"TP-{i}", trailer_id=tid, origin_id="gf-a", origin_name="Laredo",
                    destination_id="gf-b", destination_name="Monterrey", route="Fed 85",
                    window_start=NOW, window_end=NOW + 3600)
        trailers.append(Trailer(id=tid, lock_id=lid, driver_id=did, trip=trip))
        locks.append(Lock(id=lid, trailer_id=tid, seal_id=f"FS-{i}", state=LockState.LOCKED,
                          fiber_dbm=-11.0, fiber_baseline_dbm=-11.0, battery_pct=80,
                          last_contact=NOW,
                          position=Position(ts=NOW, lat=26.0 + i * 0.02, lon=-100.0 + i * 0.02,
                                            speed_kmh=80.0, heading_deg=float(i * 6 % 360))))
        name = XSS if i == 7 else f"Driver {i}"
        drivers.append(Driver(id=did, name=name, phone="+1 956 555 0100", language="es",
                              app_online=True, trailer_id=tid))
    return FleetSnapshot(seq=1, server_time=NOW, carrier=Carrier(id="c", name="C"),
                         trailers=trailers, locks=locks, drivers=drivers, alarms=[])


def js(qtbot: Any, view: MapView, expr: str) -> Any:
    with qtbot.waitCallback(timeout=10000) as cb:
        evaluate(view.page(), expr, cb)
    return cb.args[0]


def js_until(qtbot: Any, view: MapView, expr: str, timeout: int = 20000) -> None:
    qtbot.waitUntil(lambda: bool(js(qtbot, view, expr)), timeout=timeout)


@pytest.fixture
def window(qtbot: Any, tmp_path: Path) -> MainWindow:
    store = FleetStore(coalesce_ms=10)
    store.load_snapshot(synthetic_snapshot())
    view = MapView(store)
    win = MainWindow(store, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat),
                     map_view=view)
    qtbot.addWidget(win)
    win.resize(1300, 850)
    win.show()
    with qtbot.waitSignal(view.bridge.ready, timeout=30000):
        pass
    return win


def test_page_loads_with_no_request_to_any_host(qtbot: Any, window: MainWindow) -> None:
    view = window.map_view
    assert isinstance(view, MapView)
    js_until(qtbot, view, "window.OLMap && OLMap.count() === 60")
    seen = view.guard.seen
    assert seen, "the interceptor saw the page load"
    assert all(url.split(":", 1)[0] in ("olmap", "qrc") for url in seen), seen
    assert view.guard.blocked == []
    assert "/index.html" in view.scheme_handler.served
    assert "/vendor/leaflet/leaflet.js" in view.scheme_handler.served


def test_markers_equal_the_store_and_selection_goes_both_ways(qtbot: Any,
                                                              window: MainWindow) -> None:
    view = window.map_view
    assert isinstance(view, MapView)
    assert window.store.state is not None
    js_until(qtbot, view, f"OLMap.count() === {len(window.store.state.trailers)}")
    # Click a marker on the map: the console selects that trailer.
    js(qtbot, view, "(OLMap.map.setView([26.4, -99.6], 9, {animate: false}), true)")
    point = js(qtbot, view, "OLMap.screenPointOf('TR-020')")
    assert point is not None
    with qtbot.waitSignal(window.trailerSelected, timeout=10000) as picked:
        js(qtbot, view, f"(OLMap.clickAt({point[0]}, {point[1]}), true)")
    assert picked.args == ["TR-020"]
    assert window.fleet_panel.selected_trailer() == "TR-020"
    # Select in the table: the map highlights it.
    window.select_trailer("TR-031")
    js_until(qtbot, view, "OLMap.selectedId() === 'TR-031'")


def test_a_driver_named_like_html_is_shown_as_text(qtbot: Any, window: MainWindow) -> None:
    view = window.map_view
    assert isinstance(view, MapView)
    js_until(qtbot, view, "OLMap.count() === 60")
    window.select_trailer("TR-007")
    js_until(qtbot, view, "OLMap.popupText() !== null")
    assert XSS in js(qtbot, view, "OLMap.popupText()")
    assert js(qtbot, view, "typeof window.__xss") == "undefined"
    assert js(qtbot, view, "document.querySelectorAll('.leaflet-popup img').length") == 0


def test_geofences_are_drawn_and_the_destination_highlighted(qtbot: Any,
                                                            window: MainWindow) -> None:
    view = window.map_view
    assert isinstance(view, MapView)
    fences = [Geofence(id="gf-a", name="Laredo terminal", kind=GeofenceKind.TERMINAL,
                       shape=CircleShape(lat=27.5, lon=-99.5, radius_m=1500)),
              Geofence(id="gf-b", name=XSS, kind=GeofenceKind.CUSTOMER_SITE,
                       shape=CircleShape(lat=25.7, lon=-100.3, radius_m=800))]
    window.store.set_geofences(fences)
    js_until(qtbot, view, "OLMap.geofenceCount() === 2")
    assert js(qtbot, view, "typeof window.__xss") == "undefined"


def test_online_tiles_are_opt_in_and_the_basemap_stays(qtbot: Any, window: MainWindow) -> None:
    view = window.map_view
    assert isinstance(view, MapView)
    js_until(qtbot, view, "OLMap.count() === 60")
    assert js(qtbot, view, "OLMap.tileLayerOn()") is False
    view.set_online_tiles("http://127.0.0.1:9/{z}/{x}/{y}.png", "© test tiles", 18)
    js_until(qtbot, view, "OLMap.tileLayerOn() === true")
    # The tile server is unreachable here: tiles fail, the request was let through (opted
    # in), and nothing else changed.
    qtbot.waitUntil(lambda: any(u.startswith("http://127.0.0.1:9/") for u in view.guard.seen),
                    timeout=20000)
    assert not any(u.startswith("http://127.0.0.1:9/") for u in view.guard.blocked)


# --------------------------------------------------------------------------- live, via cloudsim


@pytest.fixture
def cloud(tmp_path: Path) -> Iterator[EmbeddedCloud]:
    instance = start_embedded(tmp_path / "cloud", locks=120, seed=9,
                              users=[("ana", "pw1", None)], incident_rate=0.0,
                              fix_interval_s=0.5)
    yield instance
    instance.stop()


async def js_async(view: MapView, expr: str) -> Any:
    future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
    evaluate(view.page(), expr, lambda v: future.done() or future.set_result(v))
    return await asyncio.wait_for(future, 10)


def test_live_fleet_from_the_cloud_is_on_the_map(cloud: EmbeddedCloud, qtbot: Any,
                                                 aloop: asyncio.AbstractEventLoop) -> None:
    store = FleetStore(coalesce_ms=20)
    view = MapView(store)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    client = CloudClient(cloud.url)
    client.snapshotLoaded.connect(store.load_snapshot)
    client.eventsReceived.connect(store.apply_events)
    client.geofencesLoaded.connect(store.set_geofences)
    drawn_fleets: list[int] = []
    drawn_alarms: list[str] = []
    view.feed.fleetDrawn.connect(drawn_fleets.append)
    view.feed.alarmsDrawn.connect(drawn_alarms.extend)

    async def body() -> None:
        await client.sign_in("ana", "pw1")
        client.start(None)
        await wait_until(lambda: view.bridge.page_ready and store.state is not None, 30)
        assert store.state is not None
        total = len(store.state.trailers)
        count: list[Any] = [None]

        async def poll() -> bool:
            count[0] = await js_async(view, "OLMap.count()")
            return bool(count[0] == total)

        await wait_until_async(poll, what=f"all {total} trailers on the page")
        # The page says when it has painted the whole fleet (the cold-start figure's end).
        await wait_until(lambda: total in drawn_fleets, what="the fleet painted")
        # The geofences come in their own request after the snapshot: wait for them, then for
        # the page to draw them.
        await wait_until(lambda: store.geofences, what="the geofences loaded")

        async def fences_drawn() -> bool:
            return bool(await js_async(view, "OLMap.geofenceCount()") == len(store.geofences))

        await wait_until_async(fences_drawn, what="the geofences on the page")
        # Positions flow: the page receives updates and the store's fleet matches the page's.
        sent = view.bridge.sent_messages
        await wait_until(lambda: view.bridge.sent_messages > sent + 3)
        # A fiber cut staged in the simulator shows on the map as an alarm.
        assert cloud.cloud is not None
        sim = cloud.cloud.sim
        lock_id = cloud.call(lambda: sim.inject_incident("fiber_cut", None))
        trailer_id = next(t.id for t in store.state.trailers.values() if t.lock_id == lock_id)
        assert await js_async(view, f"OLMap.statusOf('{trailer_id}')") != "alarm"

        async def alarm_shown() -> bool:
            return bool(await js_async(view, f"OLMap.statusOf('{trailer_id}')") == "alarm")

        await wait_until_async(alarm_shown, what="the fiber cut on the map")
        # ... and says so through the bridge (the alarm-to-screen figure's end).
        await wait_until(lambda: lock_id in drawn_alarms, what="the alarm painted")
        await client.close()

    run(aloop, body())
    assert all(u.split(":", 1)[0] in ("olmap", "qrc") for u in view.guard.seen)


def test_a_place_from_the_lock_timeline_is_shown_and_its_label_is_text(
        qtbot: Any, window: MainWindow) -> None:
    view = window.map_view
    assert isinstance(view, MapView)
    js_until(qtbot, view, "OLMap.count() === 60")
    view.feed.show_place(25.6866, -100.3161, XSS)
    js_until(qtbot, view, "OLMap.placeShown() !== null")
    lat, lon = js(qtbot, view, "OLMap.placeShown()")
    assert (lat, lon) == pytest.approx((25.6866, -100.3161), abs=1e-3)
    assert js(qtbot, view, "document.querySelector('.olc-place-tip').textContent") == XSS
    assert js(qtbot, view, "typeof window.__xss") == "undefined"
