"""Saturation bursts: GPS fixes of every lock recorded up front, round by round, for the
stream's throughput benchmarks (``POST /sim/burst``)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from cloudsim.sim.constants import F64, M_PER_DEG
from opticallock.protocol import Position, PositionRow

#: A parked lock in a burst drives at this speed, so every fix of the burst is a move.
BURST_PARKED_SPEED_KMH = 50.0
#: Where a lock that never reported a fix starts a burst (Laredo, TX, by the World Trade Bridge).
BURST_DEPOT = (27.5036, -99.5076)
#: Latitudes a burst's straight tracks stay within (they turn back at the limit).
BURST_MAX_LAT = 80.0

@dataclass(frozen=True)
class FixBurst:
    """GPS fixes recorded up front for a saturation burst, round by round: every lock once a
    round, the rounds one second apart (the last round may be partial).

    Kept as arrays (about 44 bytes a fix), so five million fixes fit in memory; :meth:`rows`
    turns one event's worth into rows when it is logged.
    """

    lock_ids: list[str]
    #: index into ``lock_ids`` of each fix's lock
    lock: npt.NDArray[np.int32]
    ts: F64
    lat: F64
    lon: F64
    speed: F64
    heading: F64

    def __len__(self) -> int:
        return int(self.ts.size)

    def rows(self, start: int, stop: int) -> list[PositionRow]:
        ids = self.lock_ids
        part = slice(start, stop)
        return list(zip([ids[i] for i in self.lock[part].tolist()], self.ts[part].tolist(),
                        self.lat[part].tolist(), self.lon[part].tolist(),
                        self.speed[part].tolist(), self.heading[part].tolist(), strict=True))


def record_fix_burst(starts: list[tuple[str, Position | None]], positions: int,
                     start_ts: float) -> FixBurst:
    """``positions`` fixes of the locks in ``starts`` (each with its last known position).

    Each lock goes on along its heading at its speed (a parked one at BURST_PARKED_SPEED_KMH, a
    lock with no fix yet from BURST_DEPOT), one round a second from ``start_ts``: straight
    tracks, rounded as a GPS reports them (1e-5 degrees, 0.1 km/h and degree).
    """
    n_locks = len(starts)
    if n_locks == 0 or positions < 1:
        raise ValueError("a burst needs at least one lock and one fix")
    rounds = -(-positions // n_locks)
    lat0 = np.array([BURST_DEPOT[0] if p is None else p.lat for _, p in starts])
    lon0 = np.array([BURST_DEPOT[1] if p is None else p.lon for _, p in starts])
    speed = np.array([0.0 if p is None else p.speed_kmh for _, p in starts])
    heading = np.array([float(i * 37 % 360) if p is None else p.heading_deg
                        for i, (_, p) in enumerate(starts)])
    speed = np.where(speed >= 1.0, speed, BURST_PARKED_SPEED_KMH)
    step_deg = speed / 3.6 / M_PER_DEG  # one second of driving, in degrees of latitude
    rad = np.radians(heading)
    k = np.arange(1, rounds + 1, dtype=np.float64)[:, None]
    # Straight north-south legs that turn back at BURST_MAX_LAT (a triangle wave).
    north = lat0 + k * step_deg * np.cos(rad)
    span = 2.0 * BURST_MAX_LAT
    lat = BURST_MAX_LAT - np.abs((north + BURST_MAX_LAT) % (2.0 * span) - span)
    # East-west: integrate round by round, a degree of longitude shrinking with latitude.
    dlon = step_deg * np.sin(rad) / np.cos(np.radians(lat))
    lon = (lon0 + np.cumsum(dlon, axis=0) + 180.0) % 360.0 - 180.0
    take = slice(0, positions)
    return FixBurst(
        lock_ids=[lock_id for lock_id, _ in starts],
        lock=np.tile(np.arange(n_locks, dtype=np.int32), rounds)[take],
        ts=(start_ts + k - 1.0 + np.zeros(n_locks)).ravel()[take],
        # + 0.0 turns a rounded -0.0 into 0.0
        lat=(np.round(lat, 5) + 0.0).ravel()[take],
        lon=(np.round(lon, 5) + 0.0).ravel()[take],
        speed=np.broadcast_to(np.round(speed, 1), (rounds, n_locks)).ravel()[take],
        heading=np.broadcast_to(np.round(heading, 1) % 360.0, (rounds, n_locks)).ravel()[take],
    )
