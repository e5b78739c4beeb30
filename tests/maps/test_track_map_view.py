"""Trip history through the real map view: HistoryMapFeed -> QWebChannel -> the page, and the
page's event clicks back to Python."""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
import shiboken6

from console.fleet.store import FleetStore
from maps.bridge import HistoryMapFeed, MapBridge
from maps.jsquery import evaluate
from opticallock.protocol import (
    Carrier,
    Driver,
    FleetSnapshot,
    Lock,
    LockState,
    Position,
    Trailer,
)
from tests.maps.track_data import synthetic_track
from widgets.fleet.map_view import MapView

NOW = time.time()
XSS = '<img src=x onerror="window.__xss=1">'


def snapshot(n: int = 40) -> FleetSnapshot:
    locks = [Lock(id=f"OL-{i:03d}", trailer_id=f"TR-{i:03d}", seal_id=f"FS-{i}",
                  state=LockState.LOCKED, fiber_dbm=-11.0, fiber_baseline_dbm=-11.0,
                  battery_pct=80, last_contact=NOW,
                  position=Position(ts=NOW, lat=26.0 + i * 0.03, lon=-100.0 + i * 0.03,
                                    speed_kmh=80.0, heading_deg=45.0))
             for i in range(n)]
    return FleetSnapshot(
        seq=1, server_time=NOW, carrier=Carrier(id="c", name="C"),
        trailers=[Trailer(id=f"TR-{i:03d}", lock_id=f"OL-{i:03d}", driver_id=f"DRV-{i:03d}")
                  for i in range(n)],
        locks=locks,
        drivers=[Driver(id=f"DRV-{i:03d}", name=f"Driver {i}", phone="+1 956 555 0100",
                        language="en", app_online=True) for i in range(n)],
        alarms=[])


def js(qtbot: Any, view: MapView, expr: str) -> Any:
    with qtbot.waitCallback(timeout=10000) as cb:
        evaluate(view.page(), expr, cb)
    return cb.args[0]


def js_until(qtbot: Any, view: MapView, expr: str, timeout: int = 20000) -> None:
    qtbot.waitUntil(lambda: bool(js(qtbot, view, expr)), timeout=timeout)


@pytest.fixture
def view(qtbot: Any) -> Iterator[MapView]:
    store = FleetStore(coalesce_ms=10)
    store.load_snapshot(snapshot())
    widget = MapView(store)
    widget.resize(1100, 750)
    widget.show()
    with qtbot.waitSignal(widget.bridge.ready, timeout=30000):
        pass
    js_until(qtbot, widget, "OLMap.count() === 40")
    yield widget
    # Delete the view (and its page, then profile) now, not at interpreter exit.
    widget.close()
    widget.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(widget), timeout=10000)


def test_show_track_and_clear_it_over_the_web_channel(qtbot: Any, view: MapView) -> None:
    feed = view.history_feed
    track = synthetic_track(3)
    # numpy arrays are fine; NaN (unknown speed) goes over as null, not as invalid JSON.
    track["lat"] = np.asarray(track["lat"])
    speed = np.asarray(track["speed"])
    speed[5] = np.nan
    track["speed"] = speed
    track["events"][0]["label"] = XSS
    with qtbot.waitSignal(feed.trackShown, timeout=20000) as shown:
        feed.show_track(track)
    track_id, fixes, ms = shown.args
    assert track_id == "TR-0042"
    assert fixes == len(track["ts"]) == 8640
    assert 0 < ms < 5000
    assert js(qtbot, view, "OLMap.trackLoaded()") is True
    assert js(qtbot, view, "OLMap.historyEventCount()") == len(track["events"])
    assert js(qtbot, view, "OLMap.historyStopCount()") == len(track["stops"])
    assert js(qtbot, view, "OLMap.count()") == 40

    # Click an event on the map: Python hears which one.
    event = track["events"][0]
    js(qtbot, view, f"(OLMap.map.setView([{event['lat']}, {event['lon']}], 14,"
                    " {animate: false}), 0)")
    x, y = js(qtbot, view, f"OLMap.screenPointOfHistoryEvent({event['id']!r})")
    with qtbot.waitSignal(view.historyEventClicked, timeout=10000) as clicked:
        js(qtbot, view, f"(OLMap.clickAt({x}, {y}), 0)")
    assert clicked.args == [event["id"]]
    text = js(qtbot, view, f"OLMap.hoverAt({x}, {y})")
    assert XSS in text
    assert js(qtbot, view, "typeof window.__xss") == "undefined"

    # The replay marker follows the replay.
    i = 4000
    feed.show_replay(track["ts"][i], float(track["lat"][i]), track["lon"][i], 90.0, True)
    js_until(qtbot, view, f"(p => p && Math.abs(p[0] - {track['lat'][i]}) < 1e-9 &&"
                          f" Math.abs(p[1] - {track['lon'][i]}) < 1e-9)(OLMap.replayPosition())")
    js_until(qtbot, view, "OLMap.settled() && (p => { const r = OLMap.clearRect(); return p && "
                          "Math.hypot(p[0] - (r[0] + r[2]) / 2, p[1] - (r[1] + r[3]) / 2) < 3; })"
                          "(OLMap.replayScreenPoint())")

    with qtbot.assertNotEmitted(feed.trackShown, wait=100):
        feed.clear_track()
    js_until(qtbot, view, "OLMap.trackLoaded() === false")
    assert js(qtbot, view, "OLMap.replayPosition()") is None
    assert js(qtbot, view, "OLMap.count()") == 40
    # Replays without a track are not sent.
    sent = view.bridge.sent_messages
    feed.show_replay(track["ts"][i], 27.0, -99.0, 0.0, False)
    assert view.bridge.sent_messages == sent


def test_replay_positions_are_coalesced(qtbot: Any, view: MapView) -> None:
    feed = view.history_feed
    track = synthetic_track(1)
    with qtbot.waitSignal(feed.trackShown, timeout=20000):
        feed.show_track(track)
    sent = view.bridge.sent_messages
    for i in range(0, 2000, 10):  # a slider dragged fast: 200 positions at once
        feed.show_replay(track["ts"][i], track["lat"][i], track["lon"][i], 0.0, False)
    assert view.bridge.sent_messages == sent + 1  # the first at once, the rest held back
    last = 1990
    js_until(qtbot, view, f"(p => p && p[0] === {track['lat'][last]} &&"
                          f" p[1] === {track['lon'][last]})(OLMap.replayPosition())")
    assert view.bridge.sent_messages == sent + 2  # ... and only the latest of them sent


def test_the_track_comes_back_after_a_page_reload(qtbot: Any, view: MapView) -> None:
    feed = view.history_feed
    track = synthetic_track(1)
    with qtbot.waitSignal(feed.trackShown, timeout=20000):
        feed.show_track(track)
    feed.show_replay(track["ts"][100], track["lat"][100], track["lon"][100], 0.0, False)
    js_until(qtbot, view, "OLMap.replayPosition() !== null")
    with qtbot.waitSignal(feed.trackShown, timeout=30000) as shown:
        view.reload()
    assert shown.args[0] == "TR-0042"
    js_until(qtbot, view, "OLMap.count() === 40 && OLMap.replayPosition() !== null")
    assert js(qtbot, view, "OLMap.historyEventCount()") == len(track["events"])


def test_bad_tracks_are_refused_in_python(qtbot: Any) -> None:
    bridge = MapBridge()
    feed = HistoryMapFeed(bridge)
    with pytest.raises(ValueError, match="equal lengths"):
        feed.show_track({"id": "x", "lat": [1.0, 2.0], "lon": [1.0]})
    with pytest.raises(ValueError, match="without lon"):
        feed.show_track({"id": "x", "lat": [1.0]})
    assert feed.track is None
    # Before the page is ready nothing is sent; the track waits for it.
    feed.show_track({"id": 7, "lat": [1.0, math.nan], "lon": [2.0, 3.0],
                     "events": [{"id": "e", "lat": 1.0, "lon": math.inf}]})
    assert bridge.sent_messages == 0
    messages: list[str] = []
    bridge.push.connect(messages.append)
    bridge.pageReady()
    assert messages == ['{"op":"track","id":"7","lat":[1.0,null],"lon":[2.0,3.0],"stops":[],'
                        '"events":[{"id":"e","lat":1.0,"lon":null}]}']
