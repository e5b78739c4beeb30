"""The live map page, built once with folium from vendored files only.

folium owns the map's configuration (centre, zoom bounds, controls, the scripts and styles it
loads); the live fleet is drawn by resources/map/fleet.js and fed through the bridge, never by
re-rendering folium. Every URL in the page is on our own ``olmap:`` scheme or Qt's ``qrc:``: no
CDN, no tile server (online tiles are added later, only if the dispatcher opts in).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import folium
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from opticallock.status import STATUS_LABEL, TrailerStatus

RESOURCES = Path(__file__).resolve().parents[1] / "resources"
BASE_URL = "olmap://app/"
PAGE_PATH = "/index.html"
MAP_ID = "olc"
QWEBCHANNEL_JS = "qrc:///qtwebchannel/qwebchannel.js"
BASEMAP_SCRIPTS = ["basemap/countries.js", "basemap/states.js", "basemap/cities.js"]

STATUS_COLORS = {
    TrailerStatus.ALARM: "#d32f2f",
    TrailerStatus.UNLOCKED: "#ef6c00",
    TrailerStatus.STALE: "#9e9e9e",
    TrailerStatus.MOVING: "#2e7d32",
    TrailerStatus.PARKED: "#1565c0",
}


def page_config(*, bridge: bool = True, cluster_below_zoom: int = 7,
                cluster_min_count: int = 1500) -> dict[str, Any]:
    """What fleet.js needs to know; status order is the wire order of status codes."""
    statuses = [s.value for s in TrailerStatus]
    return {
        "statuses": statuses,
        "colors": {s.value: STATUS_COLORS[s] for s in TrailerStatus},
        "labels": {s.value: STATUS_LABEL[s] for s in TrailerStatus},
        "clusterBelowZoom": cluster_below_zoom,
        "clusterMinCount": cluster_min_count,
        "bridge": bridge,
        "testHooks": True,
    }


class FleetLayer(JSCSSMixin, MacroElement):
    """The live layer: its scripts load after Leaflet and its init runs after the map exists."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "OLMap.init({{ this._parent.get_name() }}, {{ this.config }});"
        "{% endmacro %}"
    )

    def __init__(self, base_url: str, config_json: str) -> None:
        super().__init__()
        self._name = "FleetLayer"
        self.config = config_json
        scripts = [s for s in BASEMAP_SCRIPTS if (RESOURCES / s).exists()]
        self.default_js = [(f"basemap_{i}", f"{base_url}{s}") for i, s in enumerate(scripts)]
        self.default_js += [("qwebchannel", QWEBCHANNEL_JS),
                            ("fleet_js", f"{base_url}map/fleet.js")]
        self.default_css = [("fleet_css", f"{base_url}map/fleet.css")]


def build_page(*, center: tuple[float, float] = (30.5, -104.0), zoom: int = 5,
               base_url: str = BASE_URL, config: dict[str, Any] | None = None) -> str:
    """The map page's HTML (a few kB: the data arrives as separate scripts and messages)."""
    fmap = folium.Map(location=center, zoom_start=zoom, tiles=None, prefer_canvas=True,
                      control_scale=True, min_zoom=3, max_zoom=17, world_copy_jump=False)
    fmap._id = MAP_ID  # a stable JS name (map_olc) instead of a random one
    # Replace the CDN lists on this instance only (add_js_link would change them for every map).
    fmap.default_js = [("leaflet", f"{base_url}vendor/leaflet/leaflet.js")]
    fmap.default_css = [("leaflet_css", f"{base_url}vendor/leaflet/leaflet.css")]
    FleetLayer(base_url, json.dumps(config if config is not None else page_config())).add_to(fmap)
    root = fmap.get_root()
    html: str = root.render()
    return html


DEFAULT_ONLINE_TILES = "OpenStreetMap.Mapnik"


def online_tile_source(provider: str) -> tuple[str, str, int]:
    """URL template, attribution text and max zoom of an xyzservices provider (online: opt-in)."""
    import xyzservices

    tiles = xyzservices.providers.query_name(provider)
    return (tiles.build_url(), str(tiles.get("attribution", "")), int(tiles.get("max_zoom", 19)))
