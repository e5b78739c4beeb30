"""The live map page, built once with folium from vendored files only.

folium owns the map's configuration (centre, zoom bounds, controls, the scripts and styles it
loads); the live fleet is drawn by the page's scripts in resources/map/ (``MAP_SCRIPTS``: classic
scripts sharing one namespace, ``window.OLMap``, as resources/map/core.js explains) and fed
through the bridge, never by re-rendering folium. Every URL in the page is on our own ``olmap:``
scheme or Qt's ``qrc:``: no CDN, no tile server (online tiles are added later, only if the
dispatcher opts in).

The rendered page is kept in the console's cache directory, keyed by everything it is made of
(the arguments, the configuration, the script lists, folium's version and this file's text):
importing folium compiles its fifty templates, half a second of every start, for a page that is
the same byte for byte from one start to the next. A cache that cannot be read or written is
only slower (:func:`build_page` renders the page itself).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

import platformdirs

from console.fleet.labels import STATUS_COLORS, STATUS_NAMES
from console.settings import APP_AUTHOR, APP_NAME
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
#: Where rendered pages are kept (None: never kept; tests may point it elsewhere).
PAGE_CACHE_DIR: Path | None = Path(platformdirs.user_cache_dir(APP_NAME, APP_AUTHOR)) / "map-page"
#: Rendered pages kept at most (the newest; a language or theme switch makes another).
PAGE_CACHE_KEEP = 8

log = logging.getLogger(__name__)



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


def build_page(*, center: tuple[float, float] = (30.5, -104.0), zoom: int = 5,
               base_url: str = BASE_URL, config: dict[str, Any] | None = None,
               test_hooks: bool = False) -> str:
    """The map page's HTML (a few kB: the data arrives as separate scripts and messages).

    ``test_hooks`` adds resources/map/test-hooks.js (for tests and benchmarks that look into
    the page); the console's page never has it. Rendered by folium once per distinct input
    and then read from :data:`PAGE_CACHE_DIR`.
    """
    config_json = json.dumps(config if config is not None else page_config(), sort_keys=True)
    scripts = [s for s in BASEMAP_SCRIPTS if (RESOURCES / s).exists()]
    key = _page_key(center=list(center), zoom=zoom, base_url=base_url, config=config_json,
                    test_hooks=test_hooks, basemap=scripts)
    cached = _cached_page(key)
    if cached is not None:
        return cached
    html = _render_page(center=center, zoom=zoom, base_url=base_url, config_json=config_json,
                        basemap=scripts, test_hooks=test_hooks)
    _keep_page(key, html)
    return html


def _page_key(**inputs: Any) -> str:
    try:
        folium_version = metadata.version("folium")
    except metadata.PackageNotFoundError:  # pragma: no cover - folium is a dependency
        folium_version = "?"
    body = json.dumps({**inputs, "scripts": MAP_SCRIPTS, "test_hooks_script": TEST_HOOKS_SCRIPT,
                       "qwebchannel": QWEBCHANNEL_JS, "folium": folium_version},
                      sort_keys=True)
    digest = hashlib.sha256(body.encode("utf-8"))
    digest.update(Path(__file__).read_bytes())  # the page's own template and rules
    return digest.hexdigest()[:32]


def _cached_page(key: str) -> str | None:
    if PAGE_CACHE_DIR is None:
        return None
    try:
        return (PAGE_CACHE_DIR / f"{key}.html").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _keep_page(key: str, html: str) -> None:
    """Store a rendered page (whole or not at all) and drop the oldest beyond the limit."""
    if PAGE_CACHE_DIR is None:
        return
    try:
        PAGE_CACHE_DIR.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=PAGE_CACHE_DIR, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(html)
        os.replace(tmp, PAGE_CACHE_DIR / f"{key}.html")
        kept = sorted(PAGE_CACHE_DIR.glob("*.html"), key=lambda p: p.stat().st_mtime)
        for old in kept[:-PAGE_CACHE_KEEP]:
            with contextlib.suppress(OSError):
                old.unlink()
    except OSError as exc:
        log.info("the map page is not kept in %s (%s): it is rendered at each start",
                 PAGE_CACHE_DIR, exc)


def _render_page(*, center: tuple[float, float], zoom: int, base_url: str, config_json: str,
                 basemap: list[str], test_hooks: bool) -> str:
    """folium's rendering of the page (folium imported here: only when the cache misses)."""
    import folium
    from branca.element import MacroElement
    from folium.elements import JSCSSMixin
    from folium.template import Template

    class FleetLayer(JSCSSMixin, MacroElement):
        """The live layer: its scripts load after Leaflet, its init runs after the map."""

        _template = Template(
            "{% macro script(this, kwargs) %}"
            "OLMap.init({{ this._parent.get_name() }}, {{ this.config }});"
            "{% endmacro %}"
        )

        def __init__(self) -> None:
            super().__init__()  # type: ignore[no-untyped-call]  # branca's is unannotated
            self._name = "FleetLayer"
            self.config = config_json
            self.default_js = [(f"basemap_{i}", f"{base_url}{s}") for i, s in enumerate(basemap)]
            self.default_js.append(("qwebchannel", QWEBCHANNEL_JS))
            own = [*MAP_SCRIPTS, TEST_HOOKS_SCRIPT] if test_hooks else MAP_SCRIPTS
            # folium keys its scripts by name: one distinct name per file.
            self.default_js += [
                (f"olmap_{s.removesuffix('.js').replace('/', '_').replace('-', '_')}",
                 f"{base_url}{s}") for s in own]
            self.default_css = [("fleet_css", f"{base_url}map/fleet.css")]

    fmap = folium.Map(location=center, zoom_start=zoom, tiles=None, prefer_canvas=True,
                      control_scale=True, min_zoom=3, max_zoom=17, world_copy_jump=False)
    fmap._id = MAP_ID  # a stable JS name (map_olc) instead of a random one
    # Replace the CDN lists on this instance only (add_js_link would change them for every map).
    fmap.default_js = [("leaflet", f"{base_url}vendor/leaflet/leaflet.js")]
    fmap.default_css = [("leaflet_css", f"{base_url}vendor/leaflet/leaflet.css")]
    FleetLayer().add_to(fmap)
    html: str = fmap.get_root().render()
    return html


DEFAULT_ONLINE_TILES = "OpenStreetMap.Mapnik"


def online_tile_source(provider: str) -> tuple[str, str, int]:
    """URL template, attribution text and max zoom of an xyzservices provider (online: opt-in)."""
    import xyzservices

    tiles = xyzservices.providers.query_name(provider)
    return (tiles.build_url(), str(tiles.get("attribution", "")), int(tiles.get("max_zoom", 19)))
