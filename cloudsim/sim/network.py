"""The road network: every corridor flattened into one vertex array (positions are computed
vectorised), and the plannable routes between sites along them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np

from cloudsim.geo import BORDER_CROSSINGS, Site, bearing_deg, corridors, place, sites
from cloudsim.sim.constants import MIN_TRIP_M, REGION_SPEED
from opticallock.protocol import GeofenceKind


@dataclass(frozen=True)
class Checkpoint:
    """A place on a route where the seal is looked at: a border crossing (by customs) or a
    carrier terminal (at its gate), ``at_m`` from the route's origin."""

    at_m: float
    geofence_id: str
    #: Who checks: "cbp:<crossing name>" or "terminal:<terminal name>".
    actor: str
    terminal: bool


@dataclass(frozen=True)
class Route:
    """A plannable trip: from one site to another along one corridor."""

    corridor: int
    origin: int  # index into the site list
    destination: int
    start_m: float  # distance along the corridor of the origin
    direction: float  # +1 along the corridor's waypoint order, -1 against it
    length_m: float


class RoadNetwork:
    """All corridors flattened into one vertex array, so positions are computed vectorised."""

    def __init__(self) -> None:
        self.corridors = corridors()
        self.sites: tuple[Site, ...] = sites()
        lat: list[float] = []
        lon: list[float] = []
        dist: list[float] = []
        seg_bearing: list[float] = []
        self.offset = np.zeros(len(self.corridors))
        self.seg_lo = np.zeros(len(self.corridors), dtype=np.int64)
        self.seg_hi = np.zeros(len(self.corridors), dtype=np.int64)
        self.speed_factor = np.array([REGION_SPEED[c.region] for c in self.corridors])
        total = 0.0
        for ci, c in enumerate(self.corridors):
            base = len(lat)
            self.offset[ci] = total
            self.seg_lo[ci] = base
            self.seg_hi[ci] = base + len(c.points) - 2
            for k, (la, lo) in enumerate(c.points):
                lat.append(la)
                lon.append(lo)
                dist.append(total + c.cum_m[k])
                nxt = c.points[min(k + 1, len(c.points) - 1)]
                prev = c.points[max(k - 1, 0)]
                seg_bearing.append(bearing_deg(la, lo, *nxt) if k + 1 < len(c.points)
                                   else bearing_deg(*prev, la, lo))
            # A gap between corridors keeps searchsorted from ever mixing two of them.
            total += c.length_m + 100_000.0
        self.lat = np.array(lat)
        self.lon = np.array(lon)
        self.dist = np.array(dist)
        self.bearing = np.array(seg_bearing)

        site_of_key = {s.place_key: i for i, s in enumerate(self.sites)}
        self.routes: list[Route] = []
        for ci, c in enumerate(self.corridors):
            on_it = [(k, site_of_key[key]) for k, key in enumerate(c.waypoints)
                     if key in site_of_key]
            for ka, sa in on_it:
                for kb, sb in on_it:
                    length = abs(c.cum_m[kb] - c.cum_m[ka])
                    if sa != sb and length >= MIN_TRIP_M:
                        self.routes.append(Route(ci, sa, sb, c.cum_m[ka],
                                                  1.0 if kb > ka else -1.0, length))
        #: The checkpoints of each route, nearest the origin first (the origin itself is not one;
        #: a terminal or crossing destination is, at the route's length).
        self.checkpoints: list[tuple[Checkpoint, ...]] = [
            self._checkpoints(r, site_of_key) for r in self.routes]
        self.routes_from: list[list[int]] = [[] for _ in self.sites]
        self.routes_on: list[list[int]] = [[] for _ in self.corridors]
        for ri, r in enumerate(self.routes):
            self.routes_from[r.origin].append(ri)
            self.routes_on[r.corridor].append(ri)
        fingerprint = "|".join(f"{self.corridors[r.corridor].name}:{r.origin}>{r.destination}"
                               for r in self.routes)
        self.fingerprint = hashlib.sha256(fingerprint.encode()).hexdigest()[:16]

    def _checkpoints(self, r: Route, site_of_key: dict[str, int]) -> tuple[Checkpoint, ...]:
        c = self.corridors[r.corridor]
        crossings = {key: gid for gid, key in BORDER_CROSSINGS}
        out: list[Checkpoint] = []
        for k, key in enumerate(c.waypoints):
            at = (c.cum_m[k] - r.start_m) * r.direction
            if not 0.0 < at <= r.length_m + 1.0:
                continue
            if key in crossings:
                out.append(Checkpoint(min(at, r.length_m), crossings[key],
                                      f"cbp:{place(key).name}", terminal=False))
            elif key in site_of_key and self.sites[site_of_key[key]].kind is GeofenceKind.TERMINAL:
                site = self.sites[site_of_key[key]]
                out.append(Checkpoint(min(at, r.length_m), site.geofence_id,
                                      f"terminal:{site.name}", terminal=True))
        out.sort(key=lambda cp: cp.at_m)
        return tuple(out)

    def region(self, route: int) -> str:
        return self.corridors[self.routes[route].corridor].region
