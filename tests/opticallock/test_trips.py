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
             geofence: str | None, actor: str = "driver_app",
             authorisation: str | None = None) -> LockStateEvent:
        return LockStateEvent(seq=seq, ts=T0 + hours * 3600, lock_id="OL-1", trailer_id="TR-1",
                              state=state, previous=previous, position=at(hours),
                              geofence_id=geofence, actor=actor, authorisation_id=authorisation)

    events: list[object] = [
        TripEvent(seq=1, ts=T0 - 60, phase="planned", trip=trip, driver_id="DRV-1"),
        lock(2, -0.01, LockState.LOCKED, LockState.UNLOCKED, "gf-orig"),
        lock(3, 2 + 10 / 60, LockState.UNLOCKED, LockState.LOCKED, None),
        TamperEvent(seq=4, ts=T0 + (2 + 11 / 60) * 3600, lock_id="OL-1", trailer_id="TR-1",
                    kind=TamperKind.FORCED_ENTRY),
        AlarmRaisedEvent(seq=5, ts=T0 + (2 + 11 / 60) * 3600,
                         alarm=make_alarm("AL-1", atype="unlock_outside_geofence")),
        lock(6, 2.25, LockState.LOCKED, LockState.UNLOCKED, None, actor="key"),
        lock(7, 4 + 40 / 60, LockState.UNLOCKED, LockState.LOCKED, "gf-dest",
             authorisation="UR-1"),
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
    assert trip.driver_ids == ["DRV-1"]
    assert trip.start == T0 - 36  # the lock_state event's time
    # Two unlocks: the one outside any geofence had no authorisation, the delivery had one.
    assert [(u.authorised, u.at_planned_destination) for u in trip.unlocks] == [
        (False, False), (True, True)]
    totals = trip.totals
    assert (totals.unlocks, totals.tamper_events, totals.alarms) == (2, 1, 1)
    # Stops: the 30-min roadside stop, and the stop at the destination up to the unlock.
    assert [round(s.duration_s) for s in trip.stops] == [1800 - 30, 600]
    assert totals.stopped_s == sum(s.duration_s for s in trip.stops)
    # Driving: 2 h + 1 h + 0.5 h; the 30-min GPS hole is neither driving nor distance.
    assert totals.driving_s == pytest.approx(3.5 * 3600, abs=90)
    assert totals.distance_km == pytest.approx(90 * 3.5, rel=0.01)
    # The period's totals are the trip's row; the stop goes on after the unlock, outside it.
    assert (report.totals.stops, report.totals.stopped_s) == (2, totals.stopped_s)
    assert report.outside.stops == 1
    assert report.outside.stopped_s == pytest.approx(1800 - 30 - 600, abs=1)


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
    assert report.trips[0].plan is None  # its plan is not among the events at hand


def test_a_trip_under_way_keeps_its_lock_time_origin_plan_and_driver_from_before_the_period(
        ) -> None:
    track, events = scripted()
    start = T0 + 3 * 3600
    prior = [e for e in events if getattr(e, "ts", 0) < start
             and isinstance(e, (LockStateEvent, TripEvent))]
    report = split_trips(track.slice(start, T0 + 6 * 3600),
                         [e for e in events if getattr(e, "ts", 0) >= start],
                         start, T0 + 6 * 3600, geofence_names=NAMES, prior_events=prior)
    trip = report.trips[0]
    assert trip.start == T0 - 36
    assert trip.data_from == start
    assert trip.origin == "Laredo terminal"
    assert trip.plan is not None
    assert trip.plan.id == "TP-1"
    assert trip.driver_ids == ["DRV-1"]
    assert trip.unlocks[-1].at_planned_destination is True


def next_trip(events: list[object]) -> list[object]:
    """After the scripted delivery, the trailer is planned to Saltillo with another driver."""
    plan = Trip(id="TP-2", trailer_id="TR-1", origin_id="gf-dest", origin_name="Monterrey DC",
                destination_id="gf-other", destination_name="Saltillo yard", route="Fed 40",
                window_start=T0 + 5 * 3600, window_end=T0 + 9 * 3600)
    return [*events, TripEvent(seq=8, ts=T0 + 4.8 * 3600, phase="planned", trip=plan,
                               driver_id="DRV-2")]


def test_a_plan_made_after_a_trip_does_not_change_that_trip() -> None:
    track, events = scripted()
    later = next_trip(events)
    current_plan = later[-1].trip  # type: ignore[attr-defined]
    for start in (T0 - 3600, T0 + 3 * 3600):  # the plan inside the period, or before it
        report = split_trips(track, [e for e in later if getattr(e, "ts", 0) >= start],
                             start, T0 + 6 * 3600, geofence_names=NAMES,
                             planned_trip=current_plan,
                             prior_events=[e for e in later if getattr(e, "ts", 0) < start])
        trip = report.trips[0]
        assert trip.planned_destination == "Monterrey DC", start
        assert trip.driver_ids == ["DRV-1"], start
        assert trip.unlocks[-1].at_planned_destination is True, start
    # Without the first trip's plan at hand, it has none: never today's plan.
    report = split_trips(track, later[1:], T0 - 3600, T0 + 6 * 3600, geofence_names=NAMES,
                         planned_trip=current_plan)
    assert report.trips[0].plan is None
    assert report.trips[0].unlocks[-1].at_planned_destination is None


def test_an_unlock_is_authorised_only_by_an_authorisation_on_its_event() -> None:
    track, events = scripted()
    bare = [e.model_copy(update={"authorisation_id": None}) if isinstance(e, LockStateEvent)
            else e for e in events]
    report = split_trips(track, bare, T0 - 3600, T0 + 6 * 3600, geofence_names=NAMES)
    # The delivery inside the planned destination's geofence, by the driver app: not authorised.
    assert [u.authorised for u in report.trips[0].unlocks] == [False, False]
    report = split_trips(track, events, T0 - 3600, T0 + 6 * 3600, geofence_names=NAMES)
    assert report.trips[0].unlocks[-1].authorisation_id == "UR-1"


def two_trips() -> tuple[Track, list[object]]:
    """The scripted day twice, the second a day later, with a stop between them that
    straddles the second lock."""
    track, events = scripted()
    day = 86400.0
    rows = [(t, a, o, v, h) for t, a, o, v, h in zip(
        track.ts.tolist(), track.lat.tolist(), track.lon.tolist(), track.speed_kmh.tolist(),
        track.heading_deg.tolist(), strict=True)]
    rows += [(t + day, a, o, v, h) for t, a, o, v, h in rows]
    # Parked before the second trip: stopped from 40 min before its lock to 10 min after.
    rows = [r for r in rows if not T0 + day - 2400 <= r[0] < T0 + day + 600]
    rows += [(T0 + day - 2400 + k * 30, 0.0, -100.0, 0.0, 90.0) for k in range(100)]
    second = []
    for e in events:
        update: dict[str, object] = {"ts": e.ts + day, "seq": e.seq + 100}  # type: ignore[attr-defined]
        if isinstance(e, TripEvent):
            update["trip"] = e.trip.model_copy(update={"id": "TP-9"})
        second.append(e.model_copy(update=update))  # type: ignore[attr-defined]
    return Track.from_rows(rows), [*events, *second]


def test_the_period_totals_are_the_sum_of_the_trips_rows() -> None:
    track, events = two_trips()
    report = split_trips(track, events, T0 - 3600, T0 + 86400 + 6 * 3600, geofence_names=NAMES)
    assert len(report.trips) == 2
    for trip in report.trips:
        assert trip.totals.stops == len(trip.stops)
        assert trip.totals.stopped_s == pytest.approx(sum(s.duration_s for s in trip.stops))
    for name in ("stops", "stopped_s", "distance_km", "driving_s", "unlocks", "alarms",
                 "tamper_events"):
        assert getattr(report.totals, name) == pytest.approx(
            sum(getattr(t.totals, name) for t in report.trips)), name
    # The stop straddling the second lock counts in the trip from its lock, the rest outside;
    # together they are every stop of the period.
    second = report.trips[1]
    assert second.stops[0].start == second.start
    assert report.totals.stopped_s + report.outside.stopped_s == pytest.approx(
        sum(s.duration_s for s in report.stops))


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
