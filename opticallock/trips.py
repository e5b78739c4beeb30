"""A trailer's history split into trips and stops, with the totals a dispatcher reconciles.

A *trip* runs from the lock being locked at an origin to it being unlocked inside a geofence (a
terminal or customer site: a delivery). An unlock outside any geofence, or a forced one, is an
incident inside the trip, counted and flagged, not its end. When the cloud planned the trip
(``trip`` events), the unlock is checked against the planned destination.

A *stop* is a run of fixes below walking pace lasting at least ``stop_min_s``; a gap in the fixes
longer than ``max_gap_s`` (GPS lost, lock asleep) is neither driving nor stopped time.

Pure functions over numpy arrays and protocol events: no Qt, no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from opticallock.protocol import (
    AlarmRaisedEvent,
    LockState,
    LockStateEvent,
    TamperEvent,
    Trip,
    TripEvent,
)

FloatArray = npt.NDArray[np.float64]

#: Below this a trailer is stopped (GPS jitter at rest reads a few km/h).
STOPPED_KMH = 3.0
DEFAULT_STOP_MIN_S = 5 * 60.0
#: A longer gap between fixes is a hole in the record, not driving or stopping.
DEFAULT_MAX_GAP_S = 15 * 60.0
EARTH_RADIUS_M = 6_371_008.8


@dataclass
class Track:
    """One lock's fixes over a period, oldest first (parallel arrays)."""

    ts: FloatArray
    lat: FloatArray
    lon: FloatArray
    speed_kmh: FloatArray
    heading_deg: FloatArray

    @classmethod
    def empty(cls) -> Track:
        z = np.zeros(0)
        return cls(z, z.copy(), z.copy(), z.copy(), z.copy())

    @classmethod
    def from_rows(cls, rows: Iterable[Sequence[float]]) -> Track:
        """From (ts, lat, lon, speed_kmh, heading_deg) rows, sorted by time, duplicates dropped."""
        data = np.asarray(list(rows), dtype=np.float64).reshape(-1, 5)
        if len(data):
            data = data[np.argsort(data[:, 0], kind="stable")]
            keep = np.concatenate([[True], np.diff(data[:, 0]) > 0])
            data = data[keep]
        return cls(data[:, 0].copy(), data[:, 1].copy(), data[:, 2].copy(), data[:, 3].copy(),
                   data[:, 4].copy())

    def __len__(self) -> int:
        return len(self.ts)

    def slice(self, start: float, end: float) -> Track:
        """The fixes with ``start <= ts <= end``."""
        lo = int(np.searchsorted(self.ts, start, side="left"))
        hi = int(np.searchsorted(self.ts, end, side="right"))
        return Track(self.ts[lo:hi], self.lat[lo:hi], self.lon[lo:hi], self.speed_kmh[lo:hi],
                     self.heading_deg[lo:hi])

    def position_at(self, ts: float) -> tuple[float, float, float] | None:
        """(lat, lon, heading) at ``ts``, interpolated between the fixes around it."""
        n = len(self.ts)
        if n == 0:
            return None
        if ts <= self.ts[0]:
            return float(self.lat[0]), float(self.lon[0]), float(self.heading_deg[0])
        if ts >= self.ts[-1]:
            return float(self.lat[-1]), float(self.lon[-1]), float(self.heading_deg[-1])
        i = int(np.searchsorted(self.ts, ts, side="right")) - 1
        t0, t1 = self.ts[i], self.ts[i + 1]
        f = (ts - t0) / (t1 - t0) if t1 > t0 else 0.0
        lat = self.lat[i] + f * (self.lat[i + 1] - self.lat[i])
        lon = self.lon[i] + f * (self.lon[i + 1] - self.lon[i])
        return float(lat), float(lon), float(self.heading_deg[i])


def segment_lengths_m(track: Track) -> FloatArray:
    """Great-circle length of each step between consecutive fixes (n - 1 values)."""
    if len(track) < 2:
        return np.zeros(0)
    lat = np.radians(track.lat)
    lon = np.radians(track.lon)
    dlat = np.diff(lat)
    dlon = np.diff(lon)
    a = np.sin(dlat / 2) ** 2 + np.cos(lat[:-1]) * np.cos(lat[1:]) * np.sin(dlon / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0))))


@dataclass(frozen=True)
class Stop:
    start: float
    end: float
    lat: float
    lon: float

    @property
    def duration_s(self) -> float:
        return self.end - self.start


def find_stops(track: Track, stop_min_s: float = DEFAULT_STOP_MIN_S,
               max_gap_s: float = DEFAULT_MAX_GAP_S) -> list[Stop]:
    """Runs of fixes below :data:`STOPPED_KMH` lasting at least ``stop_min_s``.

    A run is cut at a gap in the fixes longer than ``max_gap_s``: what happened in the hole is
    unknown, so it is not claimed as a stop.
    """
    n = len(track)
    if n == 0:
        return []
    still = track.speed_kmh < STOPPED_KMH
    joined = np.diff(track.ts) <= max_gap_s  # fix i and i + 1 belong to one observed run
    continues = np.concatenate([still[:-1] & still[1:] & joined, [False]])  # i runs on to i + 1
    starts = np.flatnonzero(still & ~np.concatenate([[False], continues[:-1]]))
    ends = np.flatnonzero(still & ~continues)
    stops: list[Stop] = []
    for i, j in zip(starts, ends, strict=True):
        if track.ts[j] - track.ts[i] >= stop_min_s:
            stops.append(Stop(float(track.ts[i]), float(track.ts[j]),
                              float(np.median(track.lat[i:j + 1])),
                              float(np.median(track.lon[i:j + 1]))))
    return stops


@dataclass
class Totals:
    distance_km: float = 0.0
    driving_s: float = 0.0
    stopped_s: float = 0.0
    stops: int = 0
    unlocks: int = 0
    tamper_events: int = 0
    alarms: int = 0

    def add(self, other: Totals) -> None:
        for name in ("distance_km", "driving_s", "stopped_s", "stops", "unlocks",
                     "tamper_events", "alarms"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Unlock:
    ts: float
    lat: float | None
    lon: float | None
    geofence_id: str | None
    geofence_name: str
    actor: str
    #: True/False when the trip's planned destination is known; None otherwise.
    at_planned_destination: bool | None
    authorised: bool


@dataclass
class TripSpan:
    """One trip: locked at ``start`` (origin) to unlocked at ``end`` (None: still under way)."""

    start: float
    end: float | None
    origin: str
    destination: str
    planned_destination: str | None
    planned_destination_id: str | None
    lock_seq: int | None
    unlock_seq: int | None
    stops: list[Stop] = field(default_factory=list)
    unlocks: list[Unlock] = field(default_factory=list)
    events: list[Any] = field(default_factory=list)
    totals: Totals = field(default_factory=Totals)

    @property
    def complete(self) -> bool:
        return self.end is not None


@dataclass
class TripReport:
    start: float
    end: float
    trips: list[TripSpan]
    stops: list[Stop]
    totals: Totals


def _totals(track: Track, stops: list[Stop], events: list[Any], max_gap_s: float) -> Totals:
    t = Totals()
    if len(track) >= 2:
        dt = np.diff(track.ts)
        ok = dt <= max_gap_s
        moving = track.speed_kmh[:-1] >= STOPPED_KMH
        t.distance_km = float(segment_lengths_m(track)[ok].sum() / 1000.0)
        t.driving_s = float(dt[ok & moving].sum())
    t.stopped_s = float(sum(s.duration_s for s in stops))
    t.stops = len(stops)
    for e in events:
        if isinstance(e, LockStateEvent) and e.state is LockState.UNLOCKED:
            t.unlocks += 1
        elif isinstance(e, TamperEvent):
            t.tamper_events += 1
        elif isinstance(e, AlarmRaisedEvent):
            t.alarms += 1
    return t


def _place_name(event: LockStateEvent, names: Mapping[str, str]) -> str:
    if event.geofence_id:
        return names.get(event.geofence_id, event.geofence_id)
    if event.position is not None:
        return f"{event.position.lat:.4f}, {event.position.lon:.4f}"
    return "unknown place"


def split_trips(track: Track, events: Sequence[Any], start: float, end: float, *,
                geofence_names: Mapping[str, str] | None = None,
                planned_trip: Trip | None = None,
                stop_min_s: float = DEFAULT_STOP_MIN_S,
                max_gap_s: float = DEFAULT_MAX_GAP_S) -> TripReport:
    """Trips, stops and totals of one lock over ``[start, end]``.

    ``events`` are the lock's logged events (any order; telemetry is ignored). A trip already
    under way when the period starts begins at ``start`` (its origin is "before the period").
    ``planned_trip`` is the trailer's current plan (from the snapshot), for a trip planned
    before the period began.
    """
    names = dict(geofence_names or {})
    ordered = sorted((e for e in events if getattr(e, "ts", None) is not None),
                     key=lambda e: (e.ts, getattr(e, "seq", 0)))
    all_stops = find_stops(track, stop_min_s, max_gap_s)
    planned: TripEvent | None = None
    # The snapshot's plan is only a guess for a trip whose own plan the period does not show:
    # a plan logged in the period replaces it.
    fallback = planned_trip if planned_trip is not None and planned_trip.window_end >= start \
        else None
    guessed: set[int] = set()
    trips: list[TripSpan] = []
    current: TripSpan | None = None

    def begin(ts: float, origin: str, seq: int | None) -> TripSpan:
        plan = planned.trip if planned is not None else fallback
        trip = TripSpan(start=ts, end=None, origin=origin, destination="",
                        planned_destination=plan.destination_name if plan else None,
                        planned_destination_id=plan.destination_id if plan else None,
                        lock_seq=seq, unlock_seq=None)
        if planned is None and plan is not None:
            guessed.add(id(trip))
        return trip

    first_lock = next((e for e in ordered if isinstance(e, LockStateEvent)), None)
    if first_lock is not None and first_lock.previous is LockState.LOCKED:
        current = begin(start, "before the period", None)  # locked when the period began

    for event in ordered:
        if isinstance(event, TripEvent):
            if event.phase == "planned" or (event.phase == "departed" and planned is None):
                planned = event
                if current is not None and (current.planned_destination is None
                                            or id(current) in guessed):
                    guessed.discard(id(current))
                    current.planned_destination = event.trip.destination_name
                    current.planned_destination_id = event.trip.destination_id
            continue
        if not isinstance(event, LockStateEvent):
            if current is not None:
                current.events.append(event)
            continue
        if event.state is LockState.LOCKED and current is None:
            current = begin(event.ts, _place_name(event, names), event.seq)
            current.events.append(event)
            continue
        if current is None:
            continue
        current.events.append(event)
        if event.state is not LockState.UNLOCKED:
            continue
        pos = event.position
        at_planned = (event.geofence_id == current.planned_destination_id
                      if current.planned_destination_id and event.geofence_id else
                      (False if current.planned_destination_id else None))
        delivery = event.geofence_id is not None and event.actor != "unknown"
        current.unlocks.append(Unlock(
            ts=event.ts, lat=pos.lat if pos else None, lon=pos.lon if pos else None,
            geofence_id=event.geofence_id,
            geofence_name=(names.get(event.geofence_id, event.geofence_id)
                           if event.geofence_id else "outside any geofence"),
            actor=event.actor, at_planned_destination=at_planned, authorised=delivery))
        if delivery:
            current.end = event.ts
            current.destination = _place_name(event, names)
            current.unlock_seq = event.seq
            trips.append(current)
            current = None
            planned = None
    if current is not None:
        trips.append(current)

    for trip in trips:
        t_end = trip.end if trip.end is not None else end
        part = track.slice(trip.start, t_end)
        trip.stops = [s for s in all_stops if s.start >= trip.start and s.end <= t_end]
        trip.totals = _totals(part, trip.stops, trip.events, max_gap_s)
    totals = _totals(track, all_stops, list(ordered), max_gap_s)
    return TripReport(start=start, end=end, trips=trips, stops=all_stops, totals=totals)


def format_hours(seconds: float) -> str:
    """"3 h 05 min", "12 min", "2 d 04 h"."""
    minutes = round(seconds / 60.0)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes:02d} min"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours:02d} h"
