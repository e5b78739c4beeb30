"""Trip history on the map page (resources/map/history/, in tests/maps/fleet_harness.html): the
track layer, its stops and events, the replay marker, and that none of it disturbs the live
fleet."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from typing import Any

import pytest

from tests.maps.test_fleet_js import XSS, Harness, fleet, open_harness
from tests.maps.track_data import synthetic_track

START = 1_714_521_600.0


@pytest.fixture
def harness(qtbot: Any) -> Iterator[Harness]:
    with open_harness(qtbot) as h:
        yield h


def small_track() -> dict[str, Any]:
    """Two hours heading north-east out of Laredo at 30 s a fix, with one stop and four events."""
    n = 240
    lat = [27.50 + 0.0012 * i for i in range(n)]
    lon = [-99.50 + 0.0010 * i for i in range(n)]
    speed = [0.0 if 100 <= i < 140 else 20.0 if i < 20 else 55.0 if i < 60 else 95.0
             for i in range(n)]
    for i in range(100, 140):  # parked: the same spot
        lat[i], lon[i] = lat[100], lon[100]
    ts = [START + 30 * i for i in range(n)]
    return {
        "op": "track", "id": "TR-0042", "lat": lat, "lon": lon, "ts": ts, "speed": speed,
        "stops": [{"lat": lat[100], "lon": lon[100], "start": ts[100], "end": ts[100] + 7500,
                   "label": "Stopped at the Pemex, Nuevo Laredo"}],
        "events": [
            {"id": "1001", "kind": "unlock", "lat": lat[105], "lon": lon[105] + 0.004,
             "ts": ts[105], "label": "Unlocked by driver app"},
            {"id": "1002", "kind": "lock", "lat": lat[135], "lon": lon[135] - 0.004,
             "ts": ts[135], "label": "Locked by driver app"},
            {"id": "1003", "kind": "tamper", "lat": lat[200], "lon": lon[200], "ts": ts[200],
             "label": XSS},
            {"id": "1004", "kind": "alarm", "lat": lat[220], "lon": lon[220], "ts": ts[220],
             "label": "Alarm: door opened en route"},
        ],
    }


def track_pixels(harness: Harness) -> int:
    """Painted pixels on the track line's canvas (0 when the layer is not on the map)."""
    return int(harness.js("""(() => {
        const c = document.querySelector('.leaflet-olcTrack-pane canvas');
        if (!c) return 0;
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < d.length; i += 4) if (d[i]) n++;
        return n; })()"""))


def outbox_of(harness: Harness, name: str) -> list[list[Any]]:
    return [m for m in harness.js("OLMap.outbox") if m[0] == name]


def test_30_days_are_drawn_simplified_on_one_canvas(harness: Harness) -> None:
    track = synthetic_track(30)
    layers_before = harness.js("Object.keys(OLMap.map._layers).length")
    assert harness.send({"op": "track", **track}) is True
    assert harness.js("OLMap.trackLoaded()") is True
    assert harness.js("OLMap.trackPointCount()") == 86_400
    assert harness.js("OLMap.historyStopCount()") == len(track["stops"]) > 50
    assert harness.js("OLMap.historyEventCount()") == len(track["events"]) > 150
    # The map fits the track.
    south, west, north, east = harness.js(
        "(b => [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()])(OLMap.map.getBounds())")
    assert south <= min(track["lat"])
    assert north >= max(track["lat"])
    assert west <= min(track["lon"])
    assert east >= max(track["lon"])
    # Simplified for the zoom: a few thousand vertices, not 86,400, and not one layer per fix.
    vertices = harness.js("OLMap.trackDrawnSegments()")
    assert 500 < vertices < 20_000
    layers_after = harness.js("Object.keys(OLMap.map._layers).length")
    assert layers_after - layers_before < len(track["stops"]) + 10  # + one label per stop
    assert track_pixels(harness) > 5000
    # The page says when a frame with the track has been painted.
    harness.wait_for("OLMap.outbox.some(m => m[0] === 'trackDrawn')")
    [[_, track_id, fixes, ms]] = outbox_of(harness, "trackDrawn")
    assert track_id == "TR-0042"
    assert fixes == 86_400
    stats = harness.js("OLMap.trackStats()")
    print("track stats", json.dumps(stats))
    # Smoke bounds for a shared CI machine (the real figure: bench/bench_track.py).
    assert 0 < ms < 5000, stats
    assert stats["lastDrawMs"] < 200, stats
    # Zoomed in, fewer vertices are drawn (only what is in view).
    i = len(track["lat"]) // 2
    harness.set_view(track["lat"][i], track["lon"][i], 14)
    assert 0 < harness.js("OLMap.trackDrawnSegments()") < vertices
    # The layer row shows while a track is loaded.
    assert harness.js("[...document.querySelectorAll('.olc-check')]"
                      ".some(l => l.textContent === 'Trip history' && l.offsetParent !== null)")
    assert harness.js("document.querySelector('.olc-track-key').textContent").startswith(
        "Trip historyTR-0042")


def test_stops_show_their_duration_and_events_their_own_mark(harness: Harness) -> None:
    track = small_track()
    harness.send(track)
    assert harness.js("OLMap.historyStopCount()") == 1
    assert harness.js("OLMap.historyEventCount()") == 4
    assert harness.js("OLMap.stopLabels()") == ["2 h 05 min"]
    assert harness.js("document.querySelector('.leaflet-olcHistoryLabels-pane .olc-stop-label')"
                      ".textContent") == "2 h 05 min"
    # The legend explains every mark, with the same drawing as the map.
    legend = harness.js("document.querySelector('.olc-legend-history').textContent")
    for text in ("Fast", "Stop, with its duration", "Unlocked", "Locked", "Tamper", "Alarm",
                 "Replay position"):
        assert text in legend
    assert harness.js("document.querySelector('.olc-legend-history').hidden") is False
    # Each kind of mark looks different (the legend paints them with the map's own code).
    images = harness.js("[...document.querySelectorAll('.olc-legend-history canvas')]"
                        ".map(c => c.toDataURL())")
    assert len(images) >= 14
    assert len(set(images)) == len(images)


def test_clicking_an_event_reports_it_and_hover_shows_its_label_as_text(
        harness: Harness) -> None:
    track = small_track()
    harness.send(track)
    harness.set_view(track["events"][2]["lat"], track["events"][2]["lon"], 13)
    point = harness.js("OLMap.screenPointOfHistoryEvent('1003')")
    assert point is not None
    x, y = point
    harness.js(f"OLMap.clickAt({x + 2}, {y - 3})")
    assert outbox_of(harness, "historyEventClicked") == [["historyEventClicked", "1003"]]
    assert outbox_of(harness, "trailerClicked") == []

    # Hovering the event shows its kind and label; the label is text, never markup.
    text = harness.js(f"OLMap.hoverAt({x}, {y})")
    assert text is not None
    assert "Tamper" in text
    assert XSS in text
    assert harness.js("document.querySelectorAll('.leaflet-tooltip-pane img').length") == 0
    harness.painted()
    assert harness.js("typeof window.__xss") == "undefined"

    # Hovering the stop shows its duration and label.
    stop = track["stops"][0]
    harness.set_view(stop["lat"], stop["lon"], 13)
    sx, sy = harness.js(f"(p => [p.x, p.y])(OLMap.map.latLngToContainerPoint("
                        f"[{stop['lat']}, {stop['lon']}]))")
    text = harness.js(f"OLMap.hoverAt({sx}, {sy})")
    assert text is not None
    assert "2 h 05 min" in text
    assert "Pemex" in text
    # A click on empty map reports nothing.
    harness.js(f"OLMap.clickAt({sx + 200}, {sy + 150})")
    assert len(outbox_of(harness, "historyEventClicked")) == 1


def test_an_event_above_a_live_trailer_gets_the_click(harness: Harness) -> None:
    track = small_track()
    ev = track["events"][3]
    reset = fleet(1, lat=(ev["lat"], ev["lat"]), lon=(ev["lon"], ev["lon"]))
    harness.send(reset)
    harness.send(track)
    harness.set_view(ev["lat"], ev["lon"], 12)
    x, y = harness.js("OLMap.screenPointOfHistoryEvent('1004')")
    harness.js(f"OLMap.clickAt({x}, {y})")
    assert outbox_of(harness, "historyEventClicked") == [["historyEventClicked", "1004"]]
    # With the trip history hidden, the trailer underneath is clicked instead.
    harness.js("[...document.querySelectorAll('.olc-check')].find(l => l.textContent === "
               "'Trip history').querySelector('input').click()")
    assert harness.js("OLMap.historyLayerOn()") is False
    assert track_pixels(harness) == 0
    harness.js(f"OLMap.clickAt({x}, {y})")
    assert outbox_of(harness, "trailerClicked") == [["trailerClicked", "TR-10000"]]
    assert len(outbox_of(harness, "historyEventClicked")) == 1
    harness.js("[...document.querySelectorAll('.olc-check')].find(l => l.textContent === "
               "'Trip history').querySelector('input').click()")
    assert harness.js("OLMap.historyLayerOn()") is True
    assert track_pixels(harness) > 0


def test_replay_marker_moves_along_the_track_and_follows(harness: Harness) -> None:
    track = small_track()
    harness.send(fleet(50, lat=(27.4, 27.9), lon=(-99.6, -99.1)))
    harness.send(track)
    assert harness.js("OLMap.replayPosition()") is None
    i = 50
    assert harness.send({"op": "replay", "ts": track["ts"][i], "lat": track["lat"][i],
                         "lon": track["lon"][i], "heading": 40, "follow": False}) is True
    assert harness.js("OLMap.replayPosition()") == [track["lat"][i], track["lon"][i]]
    expected = harness.js(f"(p => [p.x, p.y])(OLMap.map.latLngToContainerPoint("
                          f"[{track['lat'][i]}, {track['lon'][i]}]))")
    assert math.dist(harness.js("OLMap.replayScreenPoint()"), expected) < 1
    # Its own marker in its own pane: the live trailers are untouched.
    assert harness.js("document.querySelectorAll('.leaflet-olcReplay-pane .olc-replay')"
                      ".length") == 1
    arrow = harness.js("document.querySelector('.olc-replay-arrow').style.transform")
    assert arrow == "rotate(40deg)"
    assert harness.js("OLMap.count()") == 50

    # Moves on along the track; without follow the map stays where it is.
    centre = harness.js("[OLMap.map.getCenter().lat, OLMap.map.getCenter().lng]")
    j = 230
    harness.send({"op": "replay", "ts": track["ts"][j], "lat": track["lat"][j],
                  "lon": track["lon"][j], "heading": 45, "follow": False})
    assert harness.js("OLMap.replayPosition()") == [track["lat"][j], track["lon"][j]]
    assert harness.js("[OLMap.map.getCenter().lat, OLMap.map.getCenter().lng]") == centre
    # The arrow turns the short way round: 45° -> 350° is -55°, not +305°.
    harness.send({"op": "replay", "ts": track["ts"][j], "lat": track["lat"][j],
                  "lon": track["lon"][j], "heading": 350, "follow": False})
    arrow = harness.js("document.querySelector('.olc-replay-arrow').style.transform")
    assert arrow == "rotate(-10deg)"

    # With follow, the map pans to keep it in the centre of what the controls leave clear.
    harness.set_view(27.0, -100.5, 12)
    harness.send({"op": "replay", "ts": track["ts"][j], "lat": track["lat"][j],
                  "lon": track["lon"][j], "heading": 45, "follow": True})
    harness.wait_for("OLMap.settled() && (p => { const r = OLMap.clearRect(); return p && "
                     "Math.hypot(p[0] - (r[0] + r[2]) / 2, p[1] - (r[1] + r[3]) / 2) < 3; })"
                     "(OLMap.replayScreenPoint())")
    # Without follow, a marker gone out of view is brought back into it (not centred).
    harness.set_view(27.0, -100.5, 12)
    assert harness.js("OLMap.replayInView()") is False
    harness.send({"op": "replay", "ts": track["ts"][j], "lat": track["lat"][j],
                  "lon": track["lon"][j], "heading": 45, "follow": False})
    harness.wait_for("OLMap.settled() && OLMap.replayInView() && (p => { const r = "
                     "OLMap.clearRect(); return p[0] >= r[0] && p[0] <= r[2] && p[1] >= r[1] "
                     "&& p[1] <= r[3]; })(OLMap.replayScreenPoint())")
    assert harness.js("OLMap.replayPaneZ()") > 600  # above Leaflet's own marker pane
    # A replay needs a position.
    assert harness.send({"op": "replay", "ts": 1, "lat": None, "lon": 1, "heading": 0,
                         "follow": False}) is False
    assert harness.js("OLMap.replayPosition()") == [track["lat"][j], track["lon"][j]]


def test_clear_track_removes_it_and_leaves_the_live_fleet(harness: Harness) -> None:
    reset = fleet(500, lat=(27.0, 28.5), lon=(-100.5, -99.0))
    harness.send(reset)
    harness.set_view(27.8, -99.6, 8)
    harness.wait_for("OLMap.frameStats().draws > 0")
    live = ("[OLMap.count(), OLMap.visibleMarkerCount(), OLMap.screenPointOf('TR-10007'),"
            " OLMap.statusOf('TR-10007')]")
    track = small_track()
    harness.send(track)
    harness.send({"op": "replay", "ts": track["ts"][10], "lat": track["lat"][10],
                  "lon": track["lon"][10], "heading": 0, "follow": False})
    harness.set_view(27.8, -99.6, 8)
    before = harness.js(live)
    assert track_pixels(harness) > 0

    assert harness.send({"op": "clearTrack"}) is True
    assert harness.js("OLMap.trackLoaded()") is False
    assert harness.js("OLMap.replayPosition()") is None
    assert harness.js("OLMap.historyEventCount()") == 0
    assert harness.js("OLMap.historyLayerOn()") is False
    assert harness.js("document.querySelectorAll('.leaflet-olcTrack-pane canvas,"
                      " .leaflet-olcHistory-pane canvas, .olc-replay, .olc-stop-label,"
                      " .olc-track-key').length") == 0
    assert harness.js("[...document.querySelectorAll('.olc-check')]"
                      ".some(l => l.textContent === 'Trip history' && l.offsetParent !== null)"
                      ) is False
    assert harness.js("document.querySelector('.olc-legend-history').hidden") is True
    assert harness.js(live) == before
    # No replay without a track; clearing twice is harmless.
    assert harness.send({"op": "replay", "ts": 1, "lat": 27.5, "lon": -99.5, "heading": 0,
                         "follow": False}) is False
    assert harness.send({"op": "clearTrack"}) is True
    assert harness.js(live) == before


def test_the_live_fleet_keeps_updating_while_a_track_is_shown(harness: Harness) -> None:
    reset = fleet(300, lat=(27.4, 27.9), lon=(-99.6, -99.1))
    harness.send(reset)
    harness.send(small_track())
    harness.wait_for("OLMap.outbox.some(m => m[0] === 'trackDrawn')")
    harness.painted()
    track_draws = harness.js("OLMap.trackStats().draws")
    fleet_draws = harness.js("OLMap.frameStats().draws")
    old = harness.point("TR-10005")
    assert old is not None
    harness.send({"op": "update", "idx": [5], "lat": [reset["lat"][5] + 0.05],
                  "lon": [reset["lon"][5] + 0.05], "hdg": [45], "st": [0]})
    harness.wait_for(f"OLMap.frameStats().draws > {fleet_draws}")
    new = harness.point("TR-10005")
    assert new is not None
    assert new[0] > old[0] + 5
    assert new[1] < old[1] - 5
    assert harness.js("OLMap.statusOf('TR-10005')") == "alarm"
    # The fleet redraw did not redraw the track (its own canvas), and the track is still there.
    assert harness.js("OLMap.trackStats().draws") == track_draws
    assert harness.js("OLMap.trackLoaded()") is True
    assert track_pixels(harness) > 0
    harness.js("window.__drive(10, 100, 30, 3)")
    harness.wait_for("window.__driveDone")
    assert harness.js("OLMap.count()") == 300
    assert harness.js("OLMap.trackStats().draws") == track_draws


def test_a_new_track_replaces_the_old_one_and_bad_ones_change_nothing(harness: Harness) -> None:
    harness.send(small_track())
    harness.send({"op": "replay", "ts": START, "lat": 27.5, "lon": -99.5, "heading": 0,
                  "follow": False})
    state = ("[OLMap.trackId(), OLMap.trackPointCount(), OLMap.historyEventCount(),"
             " OLMap.historyStopCount(), OLMap.replayPosition()]")
    before = harness.js(state)
    assert before == ["TR-0042", 240, 4, 1, [27.5, -99.5]]
    bad = [
        {"op": "track", "id": "x"},
        {"op": "track", "id": "x", "lat": [1, 2], "lon": [1]},
        {"op": "track", "id": "x", "lat": [1, 2], "lon": [1, 2], "ts": [1]},
        {"op": "track", "id": "x", "lat": [1, 2], "lon": [1, 2], "speed": "fast"},
        {"op": "track", "id": "x", "lat": [1, 2], "lon": [1, 2], "stops": {"a": 1}},
        {"op": "track", "id": "x", "lat": "27.5", "lon": [1, 2]},
    ]
    for message in bad:
        assert harness.send(message) is False, message
        assert harness.js(state) == before, message
    # Bad fixes break the line, bad stops and events are skipped; the rest is shown.
    ok = {"op": "track", "id": "TR-7", "lat": [26.0, None, 26.2, 26.3, 95.0, 26.5],
          "lon": [-100.0, -100.1, -100.2, -100.3, -100.4, -100.5],
          "ts": [0, 30, 60, 90, 120, 150], "speed": [50, 50, None, 80, 80, 80],
          "stops": [{"lat": None, "lon": 1}, {"lat": 26.2, "lon": -100.2, "start": 60, "end": 90}],
          "events": [{"id": "e1", "kind": "unlock", "lat": 26.3, "lon": -100.3, "ts": 90},
                     {"kind": "lock", "lat": 26.3, "lon": -100.3},
                     {"id": "e3", "kind": "no such kind", "lat": 26.4, "lon": -100.4}]}
    assert harness.send(ok) is True
    # A new track drops the old replay marker.
    assert harness.js(state) == ["TR-7", 4, 2, 1, None]
    assert harness.js("OLMap.trackDrawnSegments()") > 0


def test_events_on_the_same_spot_fan_out_and_each_can_be_clicked(harness: Harness) -> None:
    track = small_track()
    stop = track["stops"][0]
    track["events"] = [{"id": f"e{k}", "kind": kind, "lat": stop["lat"], "lon": stop["lon"],
                        "ts": stop["start"] + 60 * k, "label": f"{kind} at the stop"}
                       for k, kind in enumerate(["geofence", "unlock", "lock"])]
    harness.send(track)
    harness.set_view(stop["lat"], stop["lon"], 12)
    sx, sy = harness.js(f"(p => [p.x, p.y])(OLMap.map.latLngToContainerPoint("
                        f"[{stop['lat']}, {stop['lon']}]))")
    points = [harness.js(f"OLMap.screenPointOfHistoryEvent('e{k}')") for k in range(3)]
    for k, (x, y) in enumerate(points):
        assert x < sx - 5, "fanned out to the left (the duration label is on the right)"
        assert 15 < math.dist((x, y), (sx, sy)) < 40
        for other in points[k + 1:]:
            assert math.dist((x, y), other) >= 18  # apart: each one shows and takes its click
        harness.js(f"OLMap.clickAt({x}, {y})")
        assert outbox_of(harness, "historyEventClicked")[-1] == ["historyEventClicked", f"e{k}"]
    # The stop itself stays on its spot.
    text = harness.js(f"OLMap.hoverAt({sx}, {sy})")
    assert text is not None
    assert text.startswith("Stop · 2 h 05 min")
