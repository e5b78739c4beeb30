"""Trips, stops and totals on scripted histories whose answers are known, and the exports'
round trip (CSV, GeoJSON, GPX parse back to the same points)."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from console.history.track_export import (
    from_csv,
    from_geojson,
    from_gpx,
    same_points,
    to_csv,
    to_geojson,
    to_gpx,
)
from opticallock.protocol import (
    AlarmRaisedEvent,
    LockState,
    LockStateEvent,
    Position,
    TamperEvent,
    TamperKind,
    Trip,
    TripEvent,
)
from opticallock.trips import Track, find_stops, format_hours, split_trips
from tests.console.alarms.alarm_data import make_alarm

T0 = 1_790_000_000.0
KM_PER_DEG_LON_AT_EQ = 111.195  # 6,371,008.8 m mean radius
NAMES = {"gf-orig": "Laredo terminal", "gf-dest": "Monterrey DC", "gf-other": "Saltillo yard"}


def scripted() -> tuple[Track, list[object]]:
    """On the equator, heading east, a fix every 30 s:

    0:00-2:00 driving 90 km/h · 2:00-2:30 stopped (an unlock outside any geofence at 2:10,
    relocked 2:15) · 2:30-3:30 driving · 3:30-4:00 no fixes (GPS lost) · 4:00-4:30 driving ·
    4:30-5:00 stopped at the destination, unlocked there at 4:40.
    """
    rows = []
    lon = -100.0
    t = T0
    phases = [(2 * 3600, 90.0), (1800, 0.0), (3600, 90.0), (None, 0.0), (1800, 90.0),
              (1800, 0.0)]
    for length, speed in phases:
        if length is None:  # the GPS hole: time passes, the trailer moves, nothing is logged
            t += 1800
            lon += 90.0 * 0.5 / KM_PER_DEG_LON_AT_EQ
            continue
        for _ in range(int(length / 30)):
            rows.append((t, 0.0, lon, speed, 90.0))
            lon += speed * (30 / 3600) / KM_PER_DEG_LON_AT_EQ
            t += 30
    track = Track.from_rows(rows)
    trip = Trip(id="TP-1", trailer_id="TR-1", origin_id="gf-orig", origin_name="Laredo terminal",
                destination_id="gf-dest", destination_name="Monterrey DC", route="Fed 85",
                window_start=T0, window_end=T0 + 6 * 3600)

    def at(hours: float) -> Position:
        got = track.position_at(T0 + hours * 3600)
        assert got is not None
        return Position(ts=T0 + hours * 3600, lat=got[0], lon=got[1], speed_kmh=0.0,
                        heading_deg=90.0)

    def lock(seq: int, hours: float, state: LockState, previous: LockState,
             geofence: str | None, actor: str = "driver_app") -> LockStateEvent:
        return LockStateEvent(seq=seq, ts=T0 + hours * 3600, lock_id="OL-1", trailer_id="TR-1",
                              state=state, previous=previous, position=at(hours),
                              geofence_id=geofence, actor=actor)

    events: list[object] = [
        TripEvent(seq=1, ts=T0 - 60, phase="planned", trip=trip),
        lock(2, -0.01, LockState.LOCKED, LockState.UNLOCKED, "gf-orig"),
        lock(3, 2 + 10 / 60, LockState.UNLOCKED, LockState.LOCKED, None),
        TamperEvent(seq=4, ts=T0 + (2 + 11 / 60) * 3600, lock_id="OL-1", trailer_id="TR-1",
                    kind=TamperKind.FORCED_ENTRY),
        AlarmRaisedEvent(seq=5, ts=T0 + (2 + 11 / 60) * 3600,
                         alarm=make_alarm("AL-1", atype="unlock_outside_geofence")),
        lock(6, 2.25, LockState.LOCKED, LockState.UNLOCKED, None, actor="key"),
        lock(7, 4 + 40 / 60, LockState.UNLOCKED, LockState.LOCKED, "gf-dest"),
    ]
    return track, events


def test_the_scripted_day_is_one_trip_with_its_stops_incidents_and_totals() -> None:
    track, events = scripted()
    report = split_trips(track, events, T0 - 3600, T0 + 6 * 3600, geofence_names=NAMES)
    assert len(report.trips) == 1
    trip = report.trips[0]
    assert trip.complete
    assert (trip.origin, trip.destination) == ("Laredo terminal", "Monterrey DC")
    assert trip.planned_destination == "Monterrey DC"
    # Two unlocks: the one outside any geofence is flagged, the delivery is at the plan.
    assert [(u.authorised, u.at_planned_destination) for u in trip.unlocks] == [
        (False, False), (True, True)]
    totals = trip.totals
    assert (totals.unlocks, totals.tamper_events, totals.alarms) == (2, 1, 1)
    # Stops: the 30-min roadside stop (the stop at the destination goes on past the unlock).
    assert len(trip.stops) == 1
    assert trip.stops[0].duration_s == pytest.approx(1800 - 30, abs=1)
    # Driving: 2 h + 1 h + 0.5 h; the 30-min GPS hole is neither driving nor distance.
    assert totals.driving_s == pytest.approx(3.5 * 3600, abs=90)
    assert totals.distance_km == pytest.approx(90 * 3.5, rel=0.01)
    # The period's totals include the stop at the destination too.
    assert report.totals.stops == 2
    assert report.totals.stopped_s == pytest.approx(2 * (1800 - 30), abs=1)


def test_a_trip_without_its_delivery_is_reported_as_under_way() -> None:
    track, events = scripted()
    report = split_trips(track, events[:-1], T0 - 3600, T0 + 6 * 3600, geofence_names=NAMES)
    assert len(report.trips) == 1
    assert not report.trips[0].complete
    assert report.trips[0].totals.unlocks == 1


def test_a_trip_under_way_when_the_period_starts_begins_with_the_period() -> None:
    track, events = scripted()
    start = T0 + 3 * 3600
    report = split_trips(track.slice(start, T0 + 6 * 3600),
                         [e for e in events if getattr(e, "ts", 0) >= start],
                         start, T0 + 6 * 3600, geofence_names=NAMES)
    assert len(report.trips) == 1
    assert report.trips[0].start == start
    assert report.trips[0].origin == "before the period"
    assert report.trips[0].destination == "Monterrey DC"


def test_stops_need_the_minimum_duration_and_are_cut_at_gaps() -> None:
    ts = T0 + np.arange(0, 40 * 60, 60.0)
    speed = np.where((ts - T0) < 4 * 60, 0.0, 80.0)  # 4 min still: too short for a stop
    zeros = np.zeros(len(ts))
    assert find_stops(Track(ts, zeros, zeros, speed, zeros), stop_min_s=300) == []
    speed[20:32] = 0.0  # 11 min still, but below a 20-min hole in the middle
    holed = Track.from_rows(
        [(t + (1200 if i >= 26 else 0), 0.0, 0.0, s, 0.0)
         for i, (t, s) in enumerate(zip(ts.tolist(), speed.tolist(), strict=True))])
    stops = find_stops(holed, stop_min_s=300, max_gap_s=900)
    assert [round(s.duration_s) for s in stops] == [300, 300]


def test_replay_position_is_interpolated_between_fixes() -> None:
    track = Track.from_rows([(T0, 10.0, 20.0, 50.0, 0.0), (T0 + 60, 11.0, 22.0, 50.0, 90.0)])
    assert track.position_at(T0 + 15) == pytest.approx((10.25, 20.5, 0.0))
    assert track.position_at(T0 - 5)[:2] == (10.0, 20.0)  # type: ignore[index]
    assert track.position_at(T0 + 600)[:2] == (11.0, 22.0)  # type: ignore[index]


@pytest.mark.parametrize(("write", "read"), [(to_csv, from_csv), (to_geojson, from_geojson),
                                             (to_gpx, from_gpx)])
def test_exports_parse_back_to_the_same_points(write: object, read: object) -> None:
    track, _events = scripted()
    text = write(track)  # type: ignore[operator]
    again = read(text)  # type: ignore[operator]
    assert same_points(track, again)
    assert np.allclose(track.speed_kmh, again.speed_kmh, atol=0.1)


def test_geojson_is_valid_and_lists_stops() -> None:
    track, _events = scripted()
    stops = find_stops(track)
    data = json.loads(to_geojson(track, stops=stops, properties={"trailer": "TR-1"}))
    kinds = [f["properties"]["kind"] for f in data["features"]]
    assert kinds == ["track", "stop", "stop"]
    lon, lat = data["features"][1]["geometry"]["coordinates"]
    assert math.isclose(lat, 0.0)
    assert -100 < lon < -96


def test_hours_read_like_a_dispatcher_writes_them() -> None:
    assert format_hours(12 * 60) == "12 min"
    assert format_hours(3 * 3600 + 5 * 60) == "3 h 05 min"
    assert format_hours(50 * 3600) == "2 d 02 h"
