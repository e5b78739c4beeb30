"""The live map page, built once with folium from vendored files only.

folium owns the map's configuration (centre, zoom bounds, controls, the scripts and styles it
loads); the live fleet is drawn by the page's scripts in resources/map/ (``MAP_SCRIPTS``: classic
scripts sharing one namespace, ``window.OLMap``, as resources/map/core.js explains) and fed
through the bridge, never by re-rendering folium. Every URL in the page is on our own ``olmap:``
scheme or Qt's ``qrc:``: no CDN, no tile server (online tiles are added later, only if the
dispatcher opts in).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import folium
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from console.fleet.labels import STATUS_COLORS, STATUS_NAMES
from opticallock.status import TrailerStatus

RESOURCES = Path(__file__).resolve().parents[1] / "resources"
BASE_URL = "olmap://app/"
PAGE_PATH = "/index.html"
MAP_ID = "olc"
QWEBCHANNEL_JS = "qrc:///qtwebchannel/qwebchannel.js"
BASEMAP_SCRIPTS = ["basemap/countries.js", "basemap/states.js", "basemap/cities.js"]
#: The map page's own scripts under resources/, in load order: each reads what the ones before it
#: export when it loads, and init.js, last, puts them together. The tests' harness page
#: (tests/maps/fleet_harness.html) loads the same list plus TEST_HOOKS_SCRIPT.
MAP_SCRIPTS = [
    "map/core.js",
    "map/messages.js",
    "map/bridge.js",
    "map/stats.js",
    "map/sprites.js",
    "map/canvas-layer.js",
    "map/trailer-layer.js",
    "map/basemap.js",
    "map/geofences.js",
    "map/trailers.js",
    "map/popup.js",
    "map/card.js",
    "map/controls.js",
    "map/history/track.js",
    "map/history/glyphs.js",
    "map/history/layers.js",
    "map/history/replay.js",
    "map/history/chrome.js",
    "map/theme.js",
    "map/init.js",
]
#: Inspection and synthetic input for the tests (OLMap.count(), clickAt, ...): never in the
#: console's page.
TEST_HOOKS_SCRIPT = "map/test-hooks.js"



def page_config(*, bridge: bool = True, cluster_below_zoom: int = 7,
                cluster_min_count: int = 1500) -> dict[str, Any]:
    """What the page's scripts need to know; status order is the wire order of status codes."""
    statuses = [s.value for s in TrailerStatus]
    return {
        "statuses": statuses,
        "colors": {s.value: STATUS_COLORS[s] for s in TrailerStatus},
        "labels": {s.value: STATUS_NAMES[s] for s in TrailerStatus},
        "clusterBelowZoom": cluster_below_zoom,
        "clusterMinCount": cluster_min_count,
        "bridge": bridge,
    }


class FleetLayer(JSCSSMixin, MacroElement):
    """The live layer: its scripts load after Leaflet and its init runs after the map exists."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "OLMap.init({{ this._parent.get_name() }}, {{ this.config }});"
        "{% endmacro %}"
    )

    def __init__(self, base_url: str, config_json: str, *, test_hooks: bool = False) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # branca's __init__ is unannotated
        self._name = "FleetLayer"
        self.config = config_json
        scripts = [s for s in BASEMAP_SCRIPTS if (RESOURCES / s).exists()]
        self.default_js = [(f"basemap_{i}", f"{base_url}{s}") for i, s in enumerate(scripts)]
        self.default_js.append(("qwebchannel", QWEBCHANNEL_JS))
        own = [*MAP_SCRIPTS, TEST_HOOKS_SCRIPT] if test_hooks else MAP_SCRIPTS
        # folium keys its scripts by name: one distinct name per file.
        self.default_js += [(f"olmap_{s.removesuffix('.js').replace('/', '_').replace('-', '_')}",
                             f"{base_url}{s}") for s in own]
        self.default_css = [("fleet_css", f"{base_url}map/fleet.css")]


def build_page(*, center: tuple[float, float] = (30.5, -104.0), zoom: int = 5,
               base_url: str = BASE_URL, config: dict[str, Any] | None = None,
               test_hooks: bool = False) -> str:
    """The map page's HTML (a few kB: the data arrives as separate scripts and messages).

    ``test_hooks`` adds resources/map/test-hooks.js (for tests and benchmarks that look into
    the page); the console's page never has it.
    """
    fmap = folium.Map(location=center, zoom_start=zoom, tiles=None, prefer_canvas=True,
                      control_scale=True, min_zoom=3, max_zoom=17, world_copy_jump=False)
    fmap._id = MAP_ID  # a stable JS name (map_olc) instead of a random one
    # Replace the CDN lists on this instance only (add_js_link would change them for every map).
    fmap.default_js = [("leaflet", f"{base_url}vendor/leaflet/leaflet.js")]
    fmap.default_css = [("leaflet_css", f"{base_url}vendor/leaflet/leaflet.css")]
    FleetLayer(base_url, json.dumps(config if config is not None else page_config()),
               test_hooks=test_hooks).add_to(fmap)
    root = fmap.get_root()
    html: str = root.render()
    return html


DEFAULT_ONLINE_TILES = "OpenStreetMap.Mapnik"


def online_tile_source(provider: str) -> tuple[str, str, int]:
    """URL template, attribution text and max zoom of an xyzservices provider (online: opt-in)."""
    import xyzservices

    tiles = xyzservices.providers.query_name(provider)
    return (tiles.build_url(), str(tiles.get("attribution", "")), int(tiles.get("max_zoom", 19)))
