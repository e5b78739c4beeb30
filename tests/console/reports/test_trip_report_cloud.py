"""A trip's seal audit report from a real cloudsim, built without any window
(:func:`build_trip_report`): a trip completes, then the trailer is planned to another
destination with another driver; the first trip's report keeps its own plan and driver."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject

from cloudsim.server import EmbeddedCloud, start_embedded
from console.link.api import CloudApi
from console.link.client import CloudClient
from console.reports.audit_report import build_trip_report
from opticallock.protocol import EventPage, LockState, LockStateEvent, Trip, TripEvent
from tests.asyncqt import run

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="poppler-utils (pdftotext) is installed by bootstrap.sh")


@pytest.fixture
def cloud(tmp_path: Path) -> Iterator[EmbeddedCloud]:
    instance = start_embedded(tmp_path / "cloud", locks=16, seed=5,
                              users=[("ana", "pw-ana-1", None)], incident_rate=0.0,
                              warmup_hours=12.0, unlock_approvals="auto")
    yield instance
    instance.stop()


async def logged(client: CloudClient) -> list[object]:
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


def test_a_plan_changed_after_a_trip_does_not_change_that_trips_report(
        cloud: EmbeddedCloud, owner: QObject, aloop: asyncio.AbstractEventLoop,
        tmp_path: Path) -> None:
    async def body() -> tuple[Path, str, str, str, str]:
        client = CloudClient(cloud.url, parent=owner)
        await client.sign_in("ana", "pw-ana-1")
        snapshot = await client.fetch_snapshot()
        events = await logged(client)
        # A trip planned, locked and completed in the log: its arrival, then the delivery
        # unlock of its lock.
        planned = {e.trip.id for e in events if isinstance(e, TripEvent) and e.phase == "planned"}
        arrival, trailer = next(
            (e, t) for e in events for t in snapshot.trailers
            if isinstance(e, TripEvent) and e.phase == "arrived" and e.trip.trailer_id == t.id
            and e.driver_id is not None and e.trip.id in planned
            and any(isinstance(u, LockStateEvent) and u.lock_id == t.lock_id
                    and u.state is LockState.UNLOCKED and u.seq > e.seq for u in events))
        done = arrival.trip
        driver = next(d for d in snapshot.drivers if d.id == arrival.driver_id)
        other_driver = next(d for d in snapshot.drivers if d.id != driver.id)
        elsewhere = next(g for g in (await client.request("GET", "/geofences")).json()["items"]
                         if g["id"] not in (done.destination_id, done.origin_id))
        # The next trip is planned with another destination and another driver.
        now = time.time()
        staged = Trip(id="TP-STAGED-1", trailer_id=trailer.id, origin_id=done.destination_id,
                      origin_name=done.destination_name, destination_id=elsewhere["id"],
                      destination_name=elsewhere["name"], route="staged",
                      window_start=now, window_end=now + 86400)
        assert cloud.cloud is not None
        service = cloud.cloud.service
        cloud.call(lambda: service.report_trip(staged, now, "planned", other_driver.id))
        cloud.call(service.flush)
        current = next(t for t in (await client.fetch_snapshot()).trailers if t.id == trailer.id)
        assert current.trip is not None
        assert current.trip.destination_name == elsewhere["name"]
        assert current.driver_id == other_driver.id

        result = await build_trip_report(CloudApi(client.request), trailer.id, done.id,
                                         tmp_path / "trip", dispatcher="ana")
        assert result.problems == []
        assert result.complete
        assert result.path is not None
        trip = result.trip
        assert trip is not None
        assert trip.plan is not None
        assert trip.plan.id == done.id
        assert trip.driver_ids == [driver.id]
        assert trip.destination == done.destination_name
        assert trip.unlocks[-1].at_planned_destination is True
        assert trip.lock_event is not None
        assert trip.start == trip.lock_event.ts
        await client.close()
        return (result.path, done.destination_name, driver.name, other_driver.name,
                elsewhere["name"])

    path, destination, driver_name, other_name, elsewhere_name = run(aloop, body(),
                                                                     timeout=180)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert destination in next(line for line in text.splitlines()
                               if line.startswith("Planned destination"))
    assert driver_name in next(line for line in text.splitlines() if line.startswith("Driver "))
    assert other_name not in text
    assert elsewhere_name not in text
    assert "VERIFIED" in text
