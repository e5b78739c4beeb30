"""A trailer's history split into trips and stops, with the totals a dispatcher reconciles.

A *trip* runs from the lock being locked at an origin to it being unlocked inside a geofence (a
terminal or customer site: a delivery). An unlock outside any geofence, or a forced one, is an
incident inside the trip, counted and flagged, not its end. A trip's plan and driver are its
own ``trip`` events' (planned, departed, arrived, each naming the driver then), never the
trailer's plan of today, and its unlocks are checked against that plan. An unlock is authorised
only when its ``lock_state`` event carries the authorisation it was opened under.

A trip's figures are its rows: a stop that began before the lock or went on after the unlock
counts in the trip for the part inside it, and the period's totals are the sum of the trips'
rows (what happened between trips is given apart, as ``outside``).

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
    #: True/False when the trip's own plan names its destination; None: the trip had no plan.
    at_planned_destination: bool | None
    #: The unlock authorisation it was opened under (lock_state's ``authorisation_id``); None:
    #: opened without one. Nothing else makes an unlock authorised.
    authorisation_id: str | None = None
    seq: int | None = None

    @property
    def authorised(self) -> bool:
        return self.authorisation_id is not None


@dataclass
class TripSpan:
    """One trip: locked at ``start`` (origin) to unlocked at ``end`` (None: still under way).

    ``plan`` and ``driver_ids`` are the trip's own, from its logged ``trip`` events (planned,
    departed, arrived), never the trailer's plan or driver of today.
    """

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
    #: The trip's plan as its own ``trip`` events logged it (the last of them), or None.
    plan: Trip | None = None
    #: The drivers its ``trip`` events named, in the order they first did.
    driver_ids: list[str] = field(default_factory=list)
    #: The figures (stops, distance, driving) start here: ``start``, or the period's start
    #: when the lock was locked before the history that was loaded.
    data_from: float = 0.0
    #: The lock_state event that locked it (None: locked before the events at hand).
    lock_event: LockStateEvent | None = None

    @property
    def complete(self) -> bool:
        return self.end is not None

    @property
    def trip_id(self) -> str | None:
        return self.plan.id if self.plan is not None else None


@dataclass
class TripReport:
    start: float
    end: float
    trips: list[TripSpan]
    #: Every stop of the period (for the map), whether inside a trip or not.
    stops: list[Stop]
    #: The sum of the trips' rows: what a dispatcher adds up from the table.
    totals: Totals
    #: What happened in the period outside any trip (parked unlocked between trips).
    outside: Totals = field(default_factory=Totals)


class _Figures:
    """Distance and driving time of a track between two times, by segment: a step between two
    fixes counts where it starts, so adjacent spans add up to the whole track exactly."""

    def __init__(self, track: Track, max_gap_s: float) -> None:
        self.starts = track.ts[:-1] if len(track) >= 2 else np.zeros(0)
        if len(track) >= 2:
            dt = np.diff(track.ts)
            ok = dt <= max_gap_s
            moving = track.speed_kmh[:-1] >= STOPPED_KMH
            metres = np.where(ok, segment_lengths_m(track), 0.0)
            driving = np.where(ok & moving, dt, 0.0)
        else:
            metres = driving = np.zeros(0)
        self.metres = np.concatenate([[0.0], np.cumsum(metres)])
        self.driving = np.concatenate([[0.0], np.cumsum(driving)])

    def between(self, lo: float, hi: float) -> tuple[float, float]:
        """(km, driving seconds) of the steps starting in ``[lo, hi)``."""
        a = int(np.searchsorted(self.starts, lo, side="left"))
        b = int(np.searchsorted(self.starts, hi, side="left"))
        return (float(self.metres[b] - self.metres[a]) / 1000.0,
                float(self.driving[b] - self.driving[a]))


def _totals(figures: _Figures, lo: float, hi: float, stops: list[Stop], events: list[Any]
            ) -> Totals:
    t = Totals()
    t.distance_km, t.driving_s = figures.between(lo, hi)
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


def clip_stops(stops: Sequence[Stop], lo: float, hi: float) -> list[Stop]:
    """The parts of ``stops`` inside ``[lo, hi]``: a stop that began before a trip was locked,
    or went on after it was unlocked, counts in the trip for the time it was in it."""
    out = []
    for s in stops:
        a, b = max(s.start, lo), min(s.end, hi)
        if b > a:
            out.append(Stop(a, b, s.lat, s.lon))
    return out


def _place_name(event: LockStateEvent, names: Mapping[str, str]) -> str:
    if event.geofence_id:
        return names.get(event.geofence_id, event.geofence_id)
    if event.position is not None:
        return f"{event.position.lat:.4f}, {event.position.lon:.4f}"
    return "unknown place"


def split_trips(track: Track, events: Sequence[Any], start: float, end: float, *,
                geofence_names: Mapping[str, str] | None = None,
                planned_trip: Trip | None = None,
                prior_events: Sequence[Any] = (),
                stop_min_s: float = DEFAULT_STOP_MIN_S,
                max_gap_s: float = DEFAULT_MAX_GAP_S) -> TripReport:
    """Trips, stops and totals of one lock over ``[start, end]``.

    ``events`` are the lock's logged events (any order; telemetry is ignored);
    ``prior_events`` its ``trip`` and ``lock_state`` events from before ``start`` (the loader
    looks back for them), so a trip under way when the period starts keeps its own lock time,
    origin, plan and driver. A trip's plan and driver come only from its own logged ``trip``
    events: ``planned_trip`` (the trailer's plan of today) is no longer used, since a plan made
    after a trip must not rewrite it; it is accepted so older callers still run.
    """
    del planned_trip
    names = dict(geofence_names or {})
    ordered = sorted((e for e in [*prior_events, *events] if getattr(e, "ts", None) is not None),
                     key=lambda e: (e.ts, getattr(e, "seq", 0)))
    all_stops = find_stops(track, stop_min_s, max_gap_s)
    #: The next trip's plan, logged before its lock (planned, or departed with no plan seen).
    pending: TripEvent | None = None
    trips: list[TripSpan] = []
    current: TripSpan | None = None

    def adopt(trip: TripSpan, event: TripEvent) -> None:
        trip.plan = event.trip
        trip.planned_destination = event.trip.destination_name
        trip.planned_destination_id = event.trip.destination_id
        if event.driver_id is not None and event.driver_id not in trip.driver_ids:
            trip.driver_ids.append(event.driver_id)

    def begin(ts: float, origin: str, lock: LockStateEvent | None) -> TripSpan:
        nonlocal pending
        trip = TripSpan(start=ts, end=None, origin=origin, destination="",
                        planned_destination=None, planned_destination_id=None,
                        lock_seq=lock.seq if lock is not None else None, unlock_seq=None,
                        lock_event=lock)
        if pending is not None:
            adopt(trip, pending)
            pending = None
        return trip

    first_lock = next((e for e in ordered if isinstance(e, LockStateEvent)), None)
    if first_lock is not None and first_lock.previous is LockState.LOCKED:
        # Locked before anything at hand: the trip begins with what we have.
        first = min(start, ordered[0].ts) if ordered else start
        current = begin(first, "before the period", None)

    for event in ordered:
        if isinstance(event, TripEvent):
            mine = current is not None and (current.plan is None
                                            or current.plan.id == event.trip.id)
            if current is not None and mine:
                adopt(current, event)
                current.events.append(event)
            elif event.phase in ("planned", "departed"):
                pending = event
            continue
        if not isinstance(event, LockStateEvent):
            if current is not None:
                current.events.append(event)
            continue
        if event.state is LockState.LOCKED and current is None:
            current = begin(event.ts, _place_name(event, names), event)
            current.events.append(event)
            continue
        if current is None:
            continue
        current.events.append(event)
        if event.state is not LockState.UNLOCKED:
            continue
        pos = event.position
        planned_id = current.planned_destination_id
        at_planned = (None if planned_id is None
                      else event.geofence_id is not None and event.geofence_id == planned_id)
        delivery = event.geofence_id is not None and event.actor != "unknown"
        current.unlocks.append(Unlock(
            ts=event.ts, lat=pos.lat if pos else None, lon=pos.lon if pos else None,
            geofence_id=event.geofence_id,
            geofence_name=(names.get(event.geofence_id, event.geofence_id)
                           if event.geofence_id else "outside any geofence"),
            actor=event.actor, at_planned_destination=at_planned,
            authorisation_id=event.authorisation_id, seq=event.seq))
        if delivery:
            current.end = event.ts
            current.destination = _place_name(event, names)
            current.unlock_seq = event.seq
            trips.append(current)
            current = None
    if current is not None:
        trips.append(current)
    # Trips that ended before the period are only context for the ones in it.
    trips = [t for t in trips if t.end is None or t.end > start]

    figures = _Figures(track, max_gap_s)
    totals = Totals()
    covered: list[tuple[float, float]] = []
    for trip in trips:
        trip.data_from = max(trip.start, start)
        t_end = trip.end if trip.end is not None else max(end, track.ts[-1] + 1 if len(track)
                                                          else end)
        trip.stops = clip_stops(all_stops, trip.data_from, t_end)
        trip.totals = _totals(figures, trip.data_from, t_end, trip.stops, trip.events)
        totals.add(trip.totals)
        covered.append((trip.data_from, t_end))
    outside = Totals()
    lo = min(start, track.ts[0]) if len(track) else start
    in_trips = {id(e) for trip in trips for e in trip.events}
    last = max(end, track.ts[-1] + 1) if len(track) else end
    for a, b in [*covered, (last, last)]:
        if a > lo:
            outside.add(_totals(figures, lo, a, clip_stops(all_stops, lo, a),
                                [e for e in events if id(e) not in in_trips
                                 and lo <= getattr(e, "ts", lo - 1) < a]))
        lo = max(lo, b)
    return TripReport(start=start, end=end, trips=trips, stops=all_stops, totals=totals,
                      outside=outside)


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
