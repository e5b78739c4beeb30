"""Which geofence, if any, contains a point: a coarse grid so 10,000 fixes/s stay cheap."""

from __future__ import annotations

import math
from collections import defaultdict

from opticallock.protocol import CircleShape, Geofence, PolygonShape

_EARTH_M = 6_371_000.0
_CELL_DEG = 0.5


def _local_m(lat0: float, lon0: float, lat: float, lon: float) -> tuple[float, float]:
    """Equirectangular offset in metres: exact enough at geofence scale (a few km)."""
    x = math.radians(lon - lon0) * math.cos(math.radians((lat + lat0) / 2)) * _EARTH_M
    y = math.radians(lat - lat0) * _EARTH_M
    return x, y


def contains(fence: Geofence, lat: float, lon: float) -> bool:
    shape = fence.shape
    if isinstance(shape, CircleShape):
        x, y = _local_m(shape.lat, shape.lon, lat, lon)
        return x * x + y * y <= shape.radius_m * shape.radius_m
    assert isinstance(shape, PolygonShape)
    inside = False
    pts = shape.points
    j = len(pts) - 1
    for i in range(len(pts)):
        yi, xi = pts[i]
        yj, xj = pts[j]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def _bbox(fence: Geofence) -> tuple[float, float, float, float]:
    shape = fence.shape
    if isinstance(shape, CircleShape):
        dlat = math.degrees(shape.radius_m / _EARTH_M)
        dlon = dlat / max(0.01, math.cos(math.radians(shape.lat)))
        return shape.lat - dlat, shape.lon - dlon, shape.lat + dlat, shape.lon + dlon
    lats = [p[0] for p in shape.points]
    lons = [p[1] for p in shape.points]
    return min(lats), min(lons), max(lats), max(lons)


class GeofenceIndex:
    """Answers "which fence contains (lat, lon)" by checking only fences in the point's cell."""

    def __init__(self, fences: list[Geofence]) -> None:
        self.fences = {f.id: f for f in fences}
        self._cells: dict[tuple[int, int], list[Geofence]] = defaultdict(list)
        for fence in fences:
            s, w, n, e = _bbox(fence)
            for cy in range(math.floor(s / _CELL_DEG), math.floor(n / _CELL_DEG) + 1):
                for cx in range(math.floor(w / _CELL_DEG), math.floor(e / _CELL_DEG) + 1):
                    self._cells[(cy, cx)].append(fence)

    def locate(self, lat: float, lon: float) -> Geofence | None:
        cell = self._cells.get((math.floor(lat / _CELL_DEG), math.floor(lon / _CELL_DEG)))
        if not cell:
            return None
        for fence in cell:
            if contains(fence, lat, lon):
                return fence
        return None
