"""The map page's scripts (resources/map/) in a real QtWebEngine page (fleet_harness.html), driven
like the bridge does: JSON text into OLMap.handle, JS->Python calls read back from OLMap.outbox,
the page's state read through the test hooks (resources/map/test-hooks.js)."""

from __future__ import annotations

import json
import math
import random
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage
from PySide6.QtWebEngineCore import QWebEnginePage
from PySide6.QtWebEngineWidgets import QWebEngineView

from maps.jsquery import evaluate

HERE = Path(__file__).resolve().parent
HARNESS = HERE / "fleet_harness.html"
OUT = HERE / "out"
XSS = '<img src=x onerror="window.__xss=1">'
STATUS = {"alarm": 0, "unlocked": 1, "stale": 2, "moving": 3, "parked": 4}


class ConsolePage(QWebEnginePage):
    """Keeps the page's console output, to explain a failure."""

    def __init__(self, parent: Any) -> None:
        super().__init__(parent)
        self.console: list[str] = []

    def javaScriptConsoleMessage(self, level: Any, message: str, line: int, source: str) -> None:
        self.console.append(f"{level.name}: {message} ({source}:{line})")


class Harness:
    def __init__(self, qtbot: Any, view: QWebEngineView, page: ConsolePage) -> None:
        self.qtbot = qtbot
        self.view = view
        self.page = page

    def js(self, expr: str) -> Any:
        """Value of a JS expression, through JSON (undefined -> None)."""
        with self.qtbot.waitCallback(timeout=20000) as cb:
            evaluate(self.view.page(), expr, cb)
        return cb.args[0]

    def send(self, message: dict[str, Any] | str) -> Any:
        """OLMap.handle(text), as the bridge calls it; returns what handle returned."""
        text = message if isinstance(message, str) else json.dumps(message)
        return self.js(f"OLMap.handle({json.dumps(text)})")

    def wait_for(self, expr: str, timeout: int = 10000) -> None:
        self.qtbot.waitUntil(lambda: bool(self.js(expr)), timeout=timeout)

    def painted(self) -> None:
        """Wait until the browser has rendered two more frames (everything queued is on screen)."""
        self.js("(window.__painted = false, requestAnimationFrame(() => "
                "requestAnimationFrame(() => { window.__painted = true; })), 0)")
        self.wait_for("window.__painted")

    def settled_grab(self, previous: QImage | None = None) -> QImage:
        """The view as shown once the compositor caught up: differs from `previous`, and two
        grabs in a row agree (a grab right after a change may still show the frame before)."""
        shots: list[QImage] = [self.view.grab().toImage()]

        def settled() -> bool:
            shots.append(self.view.grab().toImage())
            return shots[-1] == shots[-2] and shots[-1] != previous

        self.qtbot.waitUntil(settled, timeout=10000)
        return shots[-1]

    def point(self, trailer_id: str) -> list[float] | None:
        return self.js(f"OLMap.screenPointOf({json.dumps(trailer_id)})")

    def set_view(self, lat: float, lon: float, zoom: int) -> None:
        self.js(f"OLMap.map.setView([{lat}, {lon}], {zoom}, {{animate: false}}), 0")


@contextmanager
def open_harness(qtbot: Any, html: str | None = None) -> Iterator[Harness]:
    """The harness page (or `html` served as if it were the harness file), loaded and shown."""
    view = QWebEngineView()
    page = ConsolePage(view)
    view.setPage(page)
    view.resize(1200, 800)
    view.show()  # a hidden page gets no animation frames
    with qtbot.waitSignal(view.loadFinished, timeout=20000) as blocker:
        if html is None:
            view.load(QUrl.fromLocalFile(str(HARNESS)))
        else:
            view.setHtml(html, QUrl.fromLocalFile(str(HARNESS)))
    assert blocker.args == [True]
    h = Harness(qtbot, view, page)
    h.wait_for("window.OLMap && OLMap.map !== null")
    yield h
    errors = h.js("window.__errors")
    # Delete page and view now: a page left for interpreter exit outlives its profile and crashes.
    view.close()
    view.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(view), timeout=10000)
    assert errors == [], page.console


@pytest.fixture
def harness(qtbot: Any) -> Iterator[Harness]:
    with open_harness(qtbot) as h:
        yield h


def fleet(n: int, *, seed: int = 1, lat: tuple[float, float] = (19.0, 33.0),
          lon: tuple[float, float] = (-117.0, -93.0)) -> dict[str, Any]:
    """A reset message: n trailers spread over a box (default: the US–Mexico border area)."""
    rnd = random.Random(seed)
    statuses = [0] + [1] * 3 + [2] * 4 + [3] * 52 + [4] * 40  # 1 % alarms, mostly moving/parked
    return {
        "op": "reset",
        "ids": [f"TR-{10000 + i}" for i in range(n)],
        "lat": [round(rnd.uniform(*lat), 5) for _ in range(n)],
        "lon": [round(rnd.uniform(*lon), 5) for _ in range(n)],
        "hdg": [rnd.randrange(360) for _ in range(n)],
        "st": [rnd.choice(statuses) for _ in range(n)],
        "names": [f"Driver {i}" for i in range(n)],
    }


def near(a: list[float] | None, b: list[float], tolerance: float) -> bool:
    return a is not None and math.dist(a, b) <= tolerance


def test_works_when_leaflet_loads_late_and_init_comes_before_the_map(qtbot: Any) -> None:
    """As the folium page may do it: leaflet.js after the page's scripts, and OLMap.init(map_x, ...)
    before `var map_x = L.map(...)` has run (so init gets undefined and must wait for the map)."""
    leaflet = '<script src="../../resources/vendor/leaflet/leaflet.js"></script>\n'
    last_script = '<script src="../../resources/map/test-hooks.js"></script>\n'
    create = "const map = L.map('map', { preferCanvas: true }).setView([31, -105], 5);\n"
    init = "OLMap.init(map, config);\n"
    html = HARNESS.read_text(encoding="utf-8")
    for part in (leaflet, last_script, create, init):
        assert part in html
    html = html.replace(leaflet, "").replace(last_script, last_script + leaflet)
    html = html.replace(create, "").replace(init, "OLMap.init(window.map_x, config);\n" + create)
    with open_harness(qtbot, html) as h:
        h.send(fleet(50))
        assert h.js("OLMap.count()") == 50
        h.wait_for("OLMap.frameStats().draws > 0")
        assert h.js("document.querySelectorAll('.olc-legend-row').length") >= 5


def test_reset_then_update_half_of_10000_trailers(harness: Harness) -> None:
    reset = fleet(10_000)
    assert harness.send(reset) is True
    assert harness.js("OLMap.count()") == 10_000
    harness.wait_for("OLMap.frameStats().draws > 0")
    sample = [f"TR-{10000 + i}" for i in range(0, 10_000, 499)]
    before = {t: harness.point(t) for t in sample}
    draws = harness.js("OLMap.frameStats().draws")

    slots = list(range(0, 10_000, 2))  # every even slot moves north-east
    harness.send({"op": "update", "idx": slots,
                  "lat": [reset["lat"][i] + 0.4 for i in slots],
                  "lon": [reset["lon"][i] + 0.4 for i in slots],
                  "hdg": [45] * len(slots), "st": [3] * len(slots)})
    assert harness.js("OLMap.count()") == 10_000
    for trailer_id, old in before.items():
        new = harness.point(trailer_id)
        assert old is not None
        assert new is not None
        if (int(trailer_id[3:]) - 10000) % 2 == 0:
            assert new[0] > old[0] + 5, trailer_id  # east
            assert new[1] < old[1] - 5, trailer_id  # north
        else:
            assert new == old, trailer_id
    harness.wait_for(f"OLMap.frameStats().draws > {draws}")  # the update was drawn


def test_clusters_at_zoom_5_and_markers_at_zoom_9(harness: Harness) -> None:
    reset = fleet(10_000)
    harness.send(reset)
    harness.wait_for("OLMap.clustered()")
    visible = harness.js("OLMap.visibleMarkerCount()")
    assert 0 < visible < 2000
    bubbles = harness.js("OLMap.clusterBubbles()")
    assert sum(b[2] for b in bubbles) > 5000  # most of the fleet is inside bubbles
    assert any(b[3] > 0 for b in bubbles)  # some bubbles carry an alarm count

    # Clicking a bubble zooms in two levels, centred on it.
    x, y, _count, _alarms = max(bubbles, key=lambda b: b[2])
    harness.js(f"OLMap.clickAt({x}, {y})")
    harness.wait_for("OLMap.map.getZoom() === 7 && !OLMap.map._animatingZoom")
    assert not any(m[0] == "trailerClicked" for m in harness.js("OLMap.outbox"))

    # Zoomed in around one trailer: every trailer in view is its own marker.
    harness.set_view(reset["lat"][1234], reset["lon"][1234], 9)
    harness.wait_for("!OLMap.clustered()")
    assert harness.js("OLMap.map.getZoom()") == 9
    in_view = harness.js("""(() => {
        const s = OLMap.map.getSize(); let n = 0;
        for (let i = 0; i < 10000; i++) {
            const p = OLMap.screenPointOf('TR-' + (10000 + i));
            if (p && p[0] >= 0 && p[0] <= s.x && p[1] >= 0 && p[1] <= s.y) n++;
        }
        return n; })()""")
    assert in_view > 20
    # Equal up to markers within a pixel of the edge (screenPointOf rounds to whole pixels).
    assert abs(harness.js("OLMap.visibleMarkerCount()") - in_view) <= max(2, in_view // 100)


def test_click_and_hover_on_a_trailer(harness: Harness) -> None:
    reset = fleet(300, lat=(25.5, 26.5), lon=(-100.5, -99.5))
    harness.send(reset)
    target = "TR-10042"
    harness.set_view(reset["lat"][42], reset["lon"][42], 12)
    x, y = harness.point(target)
    harness.js(f"OLMap.clickAt({x + 3}, {y - 2})")
    assert ["trailerClicked", target] in harness.js("OLMap.outbox")

    # Hover shows the id and the driver's name; empty map shows nothing.
    text = harness.js(f"OLMap.hoverAt({x}, {y})")
    assert text is not None
    assert target in text
    assert "Driver 42" in text
    assert harness.js("OLMap.map.getContainer().classList.contains('olc-hover')")

    # A click far from any trailer reports nothing more.
    clicks = len(harness.js("OLMap.outbox"))
    harness.set_view(40.0, -80.0, 12)
    harness.js("OLMap.clickAt(600, 400)")
    assert len(harness.js("OLMap.outbox")) == clicks
    assert harness.js("OLMap.hoverAt(600, 400)") is None


def test_select_highlights_and_follow_keeps_it_centred(harness: Harness) -> None:
    reset = fleet(500, lat=(25.0, 27.0), lon=(-101.0, -99.0))
    harness.send(reset)
    harness.set_view(26.0, -100.0, 9)
    target, slot = "TR-10100", 100
    harness.send({"op": "select", "id": target, "destination": None, "follow": True, "pan": True})
    assert harness.js("OLMap.selectedId()") == target
    assert harness.js("OLMap.follow()") is True
    # Centred in what the controls (and the card) leave clear, not under them.
    centred = ("(p => { const r = OLMap.clearRect(); return p && "
               "Math.hypot(p[0] - (r[0] + r[2]) / 2, p[1] - (r[1] + r[3]) / 2) < 3; })"
               f"(OLMap.screenPointOf('{target}'))")
    harness.wait_for(centred)

    # The trailer drives on: the map follows it.
    moved = (reset["lat"][slot] + 0.08, reset["lon"][slot] + 0.1)
    harness.send({"op": "update", "idx": [slot], "lat": [moved[0]], "lon": [moved[1]],
                  "hdg": [50], "st": [3]})
    harness.wait_for(f"OLMap.settled() && {centred}")
    assert not harness.js("OLMap.outbox").count(["followChanged", False])

    # The dispatcher turns follow off with the control: Python is told.
    harness.js("document.querySelector('.olc-toggle').click()")
    assert harness.js("OLMap.follow()") is False
    assert ["followChanged", False] in harness.js("OLMap.outbox")
    harness.js("document.querySelector('.olc-actions .olc-button').click()")  # Fit fleet
    assert ["fitRequested"] in harness.js("OLMap.outbox")

    harness.send({"op": "select", "id": None, "destination": None, "follow": False, "pan": False})
    assert harness.js("OLMap.selectedId()") is None


def test_details_popup_shows_markup_as_text(harness: Harness) -> None:
    harness.send(fleet(20, lat=(26.0, 26.2), lon=(-100.2, -100.0)))
    harness.send({"op": "details", "id": "TR-10003", "title": "TR-10003 · OL-7F3A2C",
                  "lines": [["Driver", XSS], ["Speed", "88 km/h"], [XSS, "label too"]],
                  "alarm": f"CRITICAL fiber cut — {XSS}"})
    text = harness.js("OLMap.popupText()")
    assert text is not None
    assert XSS in text
    assert "88 km/h" in text
    assert "CRITICAL fiber cut" in text
    assert harness.js("document.querySelectorAll('.leaflet-popup-pane img').length") == 0
    # Refreshing the open popup replaces its lines in place.
    harness.send({"op": "details", "id": "TR-10003", "title": "TR-10003 · OL-7F3A2C",
                  "lines": [["Speed", "91 km/h"]], "alarm": None})
    text = harness.js("OLMap.popupText()")
    assert "91 km/h" in text
    assert "88 km/h" not in text
    harness.painted()
    assert harness.js("typeof window.__xss") == "undefined"


def geofences() -> list[dict[str, Any]]:
    return [
        {"id": "gf-1", "name": "Laredo Yard", "kind": "terminal",
         "shape": {"kind": "circle", "lat": 27.5, "lon": -99.5, "radius_m": 1500}},
        {"id": "gf-2", "name": "Planta Monterrey", "kind": "customer_site",
         "shape": {"kind": "polygon",
                   "points": [[25.70, -100.35], [25.72, -100.30], [25.68, -100.28]]}},
        {"id": "gf-3", "name": XSS, "kind": "border_crossing",
         "shape": {"kind": "circle", "lat": 27.51, "lon": -99.51, "radius_m": 400}},
    ]


def test_geofences_are_drawn_and_their_names_are_text(harness: Harness) -> None:
    assert harness.send({"op": "geofences", "items": geofences()}) is True
    assert harness.js("OLMap.geofenceCount()") == 3
    tip = harness.js("OLMap.geofenceTooltip('gf-3')")
    assert tip is not None
    assert XSS in tip
    assert "Border crossing" in tip
    assert harness.js("document.querySelectorAll('.leaflet-tooltip-pane img').length") == 0
    assert harness.js("document.querySelectorAll('.leaflet-olcGeofences-pane path').length") == 3

    harness.send({"op": "select", "id": None, "destination": "gf-2", "follow": False, "pan": False})
    assert harness.js("OLMap.destinationId()") == "gf-2"
    # New geofences replace the old ones; a bad shape is skipped, the highlight survives.
    items = [*geofences()[1:], {"id": "gf-9", "name": "bad", "kind": "terminal",
                                "shape": {"kind": "circle", "lat": None, "lon": 1}}]
    harness.send({"op": "geofences", "items": items})
    assert harness.js("OLMap.geofenceCount()") == 2
    assert harness.js("OLMap.destinationId()") == "gf-2"
    harness.painted()
    assert harness.js("typeof window.__xss") == "undefined"


def test_online_tiles_fail_quietly_over_the_offline_basemap(harness: Harness) -> None:
    assert harness.js("OLMap.basemapOn()") is True
    assert harness.js("OLMap.tileLayerOn()") is False
    harness.send({"op": "tiles", "url": "http://127.0.0.1:9/{z}/{x}/{y}.png",
                  "attribution": "© <b>Tiles</b> & co", "maxZoom": 19})
    assert harness.js("OLMap.tileLayerOn()") is True
    assert harness.js("OLMap.basemapOn()") is True
    # The tile images were requested (and fail: nothing listens on port 9).
    harness.wait_for("document.querySelectorAll('.leaflet-olcTiles-pane img').length > 0")
    harness.painted()
    attribution = harness.js("document.querySelector('.leaflet-control-attribution').textContent")
    assert "© <b>Tiles</b> & co" in attribution
    assert harness.js("document.querySelector('.leaflet-control-attribution b')") is None
    assert harness.js("[...document.querySelectorAll('.olc-check')]"
                      ".some(l => l.textContent === 'Online tiles' && l.offsetParent !== null)")

    harness.send({"op": "tiles", "url": None})
    assert harness.js("OLMap.tileLayerOn()") is False
    assert harness.js("OLMap.basemapOn()") is True


def test_layer_checkboxes_hide_and_show_layers(harness: Harness) -> None:
    reset = fleet(50, lat=(26.0, 26.1), lon=(-100.1, -100.0))
    harness.send(reset)
    harness.set_view(reset["lat"][0], reset["lon"][0], 13)
    x, y = harness.point("TR-10000")

    def toggle(label: str) -> None:
        harness.js(f"[...document.querySelectorAll('.olc-check')].find(l => l.textContent === "
                   f"{json.dumps(label)}).querySelector('input').click()")

    toggle("Trailers")
    assert harness.js("OLMap.visibleMarkerCount()") == 0
    harness.js(f"OLMap.clickAt({x}, {y})")
    assert harness.js("OLMap.outbox") == []  # hidden trailers cannot be clicked
    toggle("Trailers")
    harness.js(f"OLMap.clickAt({x}, {y})")
    assert harness.js("OLMap.outbox") == [["trailerClicked", "TR-10000"]]
    toggle("Basemap")
    assert harness.js("OLMap.basemapOn()") is False
    toggle("Basemap")
    assert harness.js("OLMap.basemapOn()") is True


def test_bad_messages_are_ignored_and_change_nothing(harness: Harness) -> None:
    harness.send(fleet(100))
    harness.send({"op": "geofences", "items": geofences()})
    harness.send({"op": "select", "id": "TR-10005", "destination": "gf-1", "follow": False,
                  "pan": False})
    state = ("[OLMap.count(), OLMap.selectedId(), OLMap.screenPointOf('TR-10000'),"
             " OLMap.geofenceCount(), OLMap.destinationId(), OLMap.follow(), OLMap.tileLayerOn()]")
    before = harness.js(state)
    bad = [
        "{not json", "", "null", "42", "[]", '"reset"', '{"no": "op"}', '{"op": "teleport"}',
        '{"op": "reset", "ids": ["a", "b"], "lat": [1], "lon": [1, 2], "hdg": [0, 0],'
        ' "st": [0, 0]}',
        '{"op": "reset", "ids": "TR-1"}',
        '{"op": "update", "idx": [0], "lat": [1, 2], "lon": [1], "hdg": [0], "st": [0]}',
        '{"op": "update", "idx": 3}',
        '{"op": "geofences", "items": "gf-1"}',
        '{"op": "details", "id": "TR-nope", "title": "x", "lines": []}',
    ]
    for text in bad:
        assert harness.send(text) is False, text
        assert harness.js(state) == before, text
    # Out-of-range slots in an otherwise good update are skipped.
    harness.send({"op": "update", "idx": [100_000, -1, 1.5], "lat": [1, 1, 1], "lon": [1, 1, 1],
                  "hdg": [0, 0, 0], "st": [0, 0, 0]})
    assert harness.js("OLMap.handle(undefined)") is False
    assert harness.js("OLMap.handle()") is False
    assert harness.js(state) == before
    assert any("unknown op" in line for line in harness.page.console)


def drive_and_measure(harness: Harness, messages: int, per_message: int) -> dict[str, Any]:
    harness.painted()
    harness.js("OLMap.resetFrameStats()")
    harness.js(f"window.__drive({messages}, {per_message}, 100, 7)")
    harness.wait_for("window.__driveDone", timeout=60000)
    harness.painted()
    stats: dict[str, Any] = harness.js("OLMap.frameStats()")
    return stats


def test_frame_stats_with_10000_trailers(harness: Harness) -> None:
    """10 updates/s of 2,000 slots each on a 10,000-trailer fleet, at zoom 5 and zoom 8."""
    harness.send(fleet(10_000))
    harness.wait_for("OLMap.frameStats().draws > 0")
    results = {}
    for zoom in (5, 8):
        harness.set_view(26.0, -105.0, zoom)
        results[f"zoom{zoom}"] = stats = drive_and_measure(harness, 40, 2000)
        results[f"zoom{zoom}"]["visible"] = harness.js("OLMap.visibleMarkerCount()")
        results[f"zoom{zoom}"]["clustered"] = harness.js("OLMap.clustered()")
        assert stats["draws"] >= 20, stats
        # Generous bounds: this is a smoke check on a shared 2-core CI machine, not the benchmark.
        assert stats["drawMsP95"] < 100, stats
        assert stats["frameIntervalP50"] < 50, stats
    assert results["zoom5"]["clustered"] is True
    assert results["zoom8"]["clustered"] is False
    OUT.mkdir(exist_ok=True)
    (OUT / "frame_stats.json").write_text(json.dumps(results, indent=2) + "\n")
    print("frameStats", json.dumps(results))


def texas_mexico_fleet(n: int) -> dict[str, Any]:
    """Trailers strung along real corridors (I-35, I-10, I-45, Fed 57/85/45) with some jitter."""
    corridors = [
        [(32.78, -96.80), (30.27, -97.74), (29.42, -98.49), (27.51, -99.51), (25.69, -100.32),
         (22.15, -100.98), (19.43, -99.13)],
        [(31.76, -106.49), (30.90, -102.90), (29.42, -98.49), (29.76, -95.37)],
        [(29.76, -95.37), (32.78, -96.80)],
        [(31.76, -106.49), (28.63, -106.07), (25.54, -103.41), (22.77, -102.58), (21.12, -101.68),
         (19.43, -99.13)],
        [(25.69, -100.32), (25.42, -101.00), (25.54, -103.41)],
        [(27.80, -97.40), (29.42, -98.49)],
    ]
    rnd = random.Random(11)
    lat, lon, hdg, st = [], [], [], []
    statuses = [0] * 2 + [1] * 3 + [2] * 5 + [3] * 55 + [4] * 35
    for _ in range(n):
        route = rnd.choice(corridors)
        k = rnd.randrange(len(route) - 1)
        (a_lat, a_lon), (b_lat, b_lon) = route[k], route[k + 1]
        t = rnd.random()
        lat.append(round(a_lat + (b_lat - a_lat) * t + rnd.gauss(0, 0.04), 5))
        lon.append(round(a_lon + (b_lon - a_lon) * t + rnd.gauss(0, 0.04), 5))
        heading = math.degrees(math.atan2(b_lon - a_lon, b_lat - a_lat)) % 360
        hdg.append(round(heading if rnd.random() < 0.5 else (heading + 180) % 360))
        st.append(rnd.choice(statuses))
    return {"op": "reset", "ids": [f"TR-{20000 + i}" for i in range(n)], "lat": lat, "lon": lon,
            "hdg": hdg, "st": st, "names": [f"Driver {i}" for i in range(n)]}


def test_screenshot_of_2000_trailers_in_texas_and_mexico(harness: Harness) -> None:
    reset = texas_mexico_fleet(2000)
    reset["st"][7] = STATUS["alarm"]
    harness.send(reset)
    harness.send({"op": "geofences", "items": geofences()})
    harness.send({"op": "select", "id": "TR-20007", "destination": "gf-2", "follow": False,
                  "pan": False})
    harness.send({"op": "details", "id": "TR-20007", "title": "TR-20007 · OL-7F3A2C",
                  "lines": [["Driver", "Ana Ruiz · +52 81 5555 0101"], ["State", "Alarm"],
                            ["Speed", "88 km/h"], ["Trip", "Laredo → Monterrey"]],
                  "alarm": "CRITICAL fiber cut — seal FS-7 opened on the road"})
    # fit animates the zoom (starting on the next frame): wait for its moveend.
    harness.js("(window.__moved = false,"
               " OLMap.map.once('moveend', () => { window.__moved = true; }), 0)")
    harness.send({"op": "fit"})
    harness.wait_for("window.__moved && !OLMap.map._animatingZoom")
    OUT.mkdir(exist_ok=True)
    (OUT / ".gitignore").write_text("*\n")
    shots = {"fleet_harness.png": None, "fleet_harness_zoom8.png": (25.9, -100.2, 8)}
    previous = None
    for name, view in shots.items():
        if view:
            harness.set_view(*view)
        harness.painted()
        image = harness.settled_grab(previous)
        previous = image
        assert image.width() == 1200
        assert image.height() == 800
        assert image.save(str(OUT / name))
        colours = {image.pixel(x, y) for x in range(0, 1200, 23) for y in range(0, 800, 17)}
        assert len(colours) > 20  # not blank
