"""Trips and totals of a seeded cloud's past, checked against what the cloud itself logged: every
trip the simulator completed (its "arrived" event) is a trip ending with an unlock at its own
planned destination, with its own plan and driver, and the distance is the one its logged
fixes add up to."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QObject

from cloudsim.server import EmbeddedCloud, start_embedded
from console.history.loader import HistoryLoader
from console.link.api import CloudApi
from console.link.client import CloudClient
from opticallock.protocol import EventPage, LockState, LockStateEvent, TripEvent
from opticallock.trips import Track, segment_lengths_m, split_trips
from tests.asyncqt import run


@pytest.fixture
def cloud(tmp_path: Path) -> Iterator[EmbeddedCloud]:
    instance = start_embedded(tmp_path / "cloud", locks=16, seed=5,
                              users=[("ana", "pw-ana-1", None)], incident_rate=0.0,
                              warmup_hours=30.0, unlock_approvals="auto")
    yield instance
    instance.stop()


async def logged(client: CloudClient) -> list[object]:
    """The cloud's own account: every event in its log."""
    events: list[object] = []
    after = 0
    while True:
        page = EventPage.model_validate_json(
            (await client.request("GET", "/events", params={"after": after,
                                                            "limit": 2000})).content)
        events += page.events
        if page.next_after is None:
            return events
        after = page.next_after


def test_a_trip_under_way_when_the_period_starts_is_loaded_from_its_lock_with_its_plan(
        cloud: EmbeddedCloud, owner: QObject, aloop: asyncio.AbstractEventLoop) -> None:
    async def body() -> None:
        client = CloudClient(cloud.url, parent=owner)
        await client.sign_in("ana", "pw-ana-1")
        snapshot = await client.fetch_snapshot()
        events = await logged(client)
        checked = 0
        for trailer in snapshot.trailers:
            mine = [e for e in events if getattr(e, "lock_id", None) == trailer.lock_id
                    and isinstance(e, LockStateEvent)]
            locks = [(a, b) for a, b in itertools.pairwise(mine)
                     if a.state is LockState.LOCKED and b.state is LockState.UNLOCKED
                     and b.geofence_id is not None and b.ts - a.ts > 1800]
            plans = [e for e in events if isinstance(e, TripEvent)
                     and e.trip.trailer_id == trailer.id and e.phase != "arrived"]
            if not locks:
                continue
            lock, unlock = locks[-1]
            plan = [p for p in plans if p.seq < lock.seq][-1]
            start = lock.ts + 900  # the period starts a quarter of an hour into the trip
            history = await HistoryLoader(CloudApi(client.request), parent=owner).fetch(
                trailer.lock_id, trailer.id, start, unlock.ts + 60)
            assert history.requested_start == start
            assert history.start == lock.ts
            report = split_trips(history.track, history.events, history.start, history.end,
                                 prior_events=history.prior_events)
            trip = report.trips[0]
            assert (trip.start, trip.lock_seq, trip.end) == (lock.ts, lock.seq, unlock.ts)
            assert trip.plan is not None
            assert trip.plan.id == plan.trip.id
            assert trip.driver_ids[:1] == [plan.driver_id]
            checked += 1
        assert checked >= 3
        await client.close()

    run(aloop, body(), timeout=120)


def test_a_seeded_past_splits_into_the_trips_the_cloud_logged(
        cloud: EmbeddedCloud, owner: QObject, aloop: asyncio.AbstractEventLoop) -> None:
    async def body() -> None:
        client = CloudClient(cloud.url, parent=owner)
        await client.sign_in("ana", "pw-ana-1")
        snapshot = await client.fetch_snapshot()
        fences = {g["id"]: g["name"]
                  for g in (await client.request("GET", "/geofences")).json()["items"]}
        # The cloud's own account of the period: every trip event in its log.
        events = await logged(client)
        end = time.time()
        start = end - 31 * 3600  # the whole warmed-up past (30 h)
        checked = 0
        for trailer in snapshot.trailers:
            arrived = [e for e in events if isinstance(e, TripEvent) and e.phase == "arrived"
                       and e.trip.trailer_id == trailer.id]
            history = await HistoryLoader(CloudApi(client.request), parent=owner).fetch(
                trailer.lock_id, trailer.id, start - 60, end + 60)
            report = split_trips(history.track, history.events, history.start, history.end,
                                 geofence_names=fences, planned_trip=trailer.trip)
            done = [t for t in report.trips if t.complete]
            # Each arrival the cloud logged ends a trip at the planned destination.
            assert len(done) == len(arrived), trailer.id
            for trip, arrival in zip(done, arrived, strict=True):
                assert trip.destination == arrival.trip.destination_name
                assert trip.plan is not None
                assert trip.plan.id == arrival.trip.id
                assert trip.driver_ids[-1:] == [arrival.driver_id]
                assert trip.unlocks[-1].at_planned_destination is True
            # The distance is what the logged fixes add up to (gaps over 15 min excepted).
            track = history.track
            steps = segment_lengths_m(Track(track.ts, track.lat, track.lon, track.speed_kmh,
                                            track.heading_deg))
            ok = np.diff(track.ts) <= 15 * 60
            # The trips' rows and what was driven between them make up the whole.
            assert report.totals.distance_km + report.outside.distance_km == pytest.approx(
                steps[ok].sum() / 1000, rel=1e-6)
            assert report.totals.distance_km == pytest.approx(
                sum(t.totals.distance_km for t in report.trips))
            checked += len(done)
        assert checked >= 5, "a 12-hour past of 16 trailers completes a few trips"
        await client.close()

    run(aloop, body(), timeout=120)
