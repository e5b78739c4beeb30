"""The watched lock's fiber series: the sample buffer alone, then against a real cloudsim over
real sockets (live samples equal the cloud's own, older history loads page by page on demand,
a switch drops the old lock's work, events arrive live and from history)."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest
from PySide6.QtCore import QObject

from cloudsim.server import EmbeddedCloud, start_embedded
from console.fleet.store import FleetStore
from console.link.client import CloudClient, CloudUnavailable
from console.seal.fiber_series import FiberSeries, SampleBuffer
from console.seal.timeline import Lane
from opticallock.protocol import AlarmRaisedEvent, FiberEvent, FiberPage, TamperEvent, TamperKind
from tests.asyncqt import run, wait_signal, wait_until
from tests.console.alarms.alarm_data import fleet
from tests.console.link.test_client import pause_simulation

USERS: list[tuple[str, str, str | None]] = [("ana", "pw1", None)]

# --------------------------------------------------------------------------- the buffer alone


def test_appends_and_prepends_write_into_room_and_stay_sorted() -> None:
    buf = SampleBuffer(capacity=16)
    assert buf.extend([10.0, 11.0, 12.0], [-11.0, -11.1, -11.2]) == 3
    assert buf.extend(np.arange(13.0, 100.0), np.full(87, -11.0)) == 87  # grows at the end
    assert buf.extend(np.arange(-50.0, 10.0), np.full(60, -12.0)) == 60  # grows at the front
    assert len(buf) == 150
    assert np.all(np.diff(buf.ts) > 0)
    assert buf.ts[0] == -50.0
    assert buf.ts[-1] == 99.0
    assert buf.dbm[buf.ts == 11.0][0] == -11.1


def test_duplicates_are_dropped_and_interleaved_batches_merged() -> None:
    buf = SampleBuffer()
    buf.extend([1.0, 2.0, 3.0, 5.0], [-1.0, -2.0, -3.0, -5.0])
    # The same samples again (a history page overlapping the live ones): nothing new.
    assert buf.extend([2.0, 3.0, 5.0], [-2.0, -3.0, -5.0]) == 0
    # Interleaved and out of order, with a duplicate inside the batch.
    assert buf.extend([4.0, 0.5, 4.0, 3.0], [-4.0, -0.5, -4.0, -3.0]) == 2
    assert buf.ts.tolist() == [0.5, 1.0, 2.0, 3.0, 4.0, 5.0]
    # Two different readings may share a timestamp (an incident's extra sample): both kept.
    assert buf.extend([5.0], [-40.0]) == 1
    assert buf.ts.tolist()[-2:] == [5.0, 5.0]
    assert sorted(buf.dbm.tolist()[-2:]) == [-40.0, -5.0]
    assert buf.extend([5.0, 5.0], [-40.0, -5.0]) == 0


def test_views_handed_out_survive_later_appends() -> None:
    buf = SampleBuffer(capacity=8)
    buf.extend([1.0, 2.0], [-1.0, -2.0])
    view_ts, view_dbm = buf.ts, buf.dbm
    buf.extend(np.arange(3.0, 500.0), np.zeros(497))  # reallocates
    buf.extend([-5.0], [-9.0])
    assert view_ts.tolist() == [1.0, 2.0]
    assert view_dbm.tolist() == [-1.0, -2.0]


def test_the_oldest_samples_go_first_past_the_limit() -> None:
    buf = SampleBuffer(max_samples=100)
    buf.extend(np.arange(150.0), np.zeros(150))
    assert len(buf) == 100
    assert buf.ts[0] == 50.0
    assert buf.extend([150.0], [0.0]) == 1
    assert buf.ts[0] == 51.0


def test_slice_and_interpolated_values() -> None:
    buf = SampleBuffer()
    assert np.isnan(buf.value_at([1.0])).all()
    buf.extend([0.0, 10.0, 20.0], [-10.0, -20.0, -40.0])
    ts, dbm = buf.slice(5.0, 20.0)
    assert ts.tolist() == [10.0]
    assert dbm.tolist() == [-20.0]
    assert buf.value_at([5.0, 15.0]).tolist() == [-15.0, -30.0]


def test_without_a_client_live_samples_still_arrive_and_history_is_not_asked(
        owner: QObject) -> None:
    snapshot = fleet()
    store = FleetStore(coalesce_ms=5, parent=owner)
    store.load_snapshot(snapshot)
    lock = snapshot.locks[0]
    series = FiberSeries(store, None, parent=owner)
    series.watch(lock.id)
    assert not series.loading
    assert series.load_older(0.0) is False
    seq = snapshot.seq
    store.apply_events([FiberEvent(seq=seq + 1, ts=1000.0,
                                   rows=[(lock.id, 999.0, -11.5, 80.0),
                                         ("OL-OTHER", 999.0, -40.0, 80.0)])])
    assert series.samples.ts.tolist() == [999.0]
    assert series.samples.dbm.tolist() == [-11.5]
    series.watch(None)
    store.apply_events([FiberEvent(seq=seq + 2, ts=1001.0, rows=[(lock.id, 1000.0, -11.4, 80.0)])])
    assert len(series.samples) == 0
    assert series.live_rows == 1


# --------------------------------------------------------------------------- against cloudsim


@pytest.fixture
def cloud(tmp_path: Path) -> Iterator[EmbeddedCloud]:
    instance = start_embedded(tmp_path / "cloud", locks=10, seed=3, users=USERS,
                              incident_rate=0.0, fix_interval_s=0.5, sample_interval_s=0.5)
    yield instance
    instance.stop()


class Rig:
    def __init__(self, cloud: EmbeddedCloud, owner: QObject, **series_kw: Any) -> None:
        self.cloud = cloud
        self.client = CloudClient(cloud.url, parent=owner)
        self.store = FleetStore(coalesce_ms=20, parent=owner)
        self.client.snapshotLoaded.connect(self.store.load_snapshot)
        self.client.eventsReceived.connect(self.store.apply_events)
        self.series = FiberSeries(self.store, self.client.request, parent=owner, **series_kw)

    async def start(self) -> None:
        await self.client.sign_in("ana", "pw1")
        self.client.start(None)
        await wait_until(lambda: self.client.status.live and self.store.state is not None,
                         what="live")

    def lock_ids(self) -> list[str]:
        assert self.store.state is not None
        return sorted(self.store.state.locks)

    async def server_fiber(self, lock_id: str, start: float, end: float
                           ) -> tuple[np.ndarray, np.ndarray]:
        """Every sample the cloud has for the lock in [start, end), by its own paging."""
        ts: list[float] = []
        dbm: list[float] = []
        cursor = None
        while True:
            params: dict[str, Any] = {"start": start, "end": end, "limit": 5000}
            if cursor:
                params["cursor"] = cursor
            response = await self.client.request("GET", f"/locks/{lock_id}/fiber", params=params)
            page = FiberPage.model_validate_json(response.content)
            ts += [s.ts for s in page.items]
            dbm += [s.dbm for s in page.items]
            cursor = page.next_cursor
            if not cursor:
                break
        order = np.lexsort((np.array(dbm), np.array(ts)))
        return np.array(ts)[order], np.array(dbm)[order]

    async def settle(self) -> None:
        """Stop the world and wait until the console has every event the cloud logged."""
        head = await asyncio.to_thread(pause_simulation, self.cloud)
        await wait_until(lambda: self.store.seq == head, what=f"caught up to {head}")

    def backfill(self, lock_id: str, start: float, end: float, every_s: float = 10.0) -> int:
        """Samples the cloud would hold had it run for days (it starts with no history)."""
        assert self.cloud.cloud is not None
        db = self.cloud.cloud.service.db
        ts = np.arange(start, end, every_s)
        dbm = np.round(-11.0 + 0.07 * np.sin(ts / 977.0), 2)
        rows = [(lock_id, float(t), float(v), 80.0) for t, v in zip(ts, dbm, strict=True)]

        def insert() -> None:
            with db.transaction() as conn:
                conn.executemany("INSERT INTO fiber (lock_id, ts, dbm, battery) "
                                 "VALUES (?, ?, ?, ?)", rows)

        self.cloud.call(insert)
        return len(rows)


def test_live_samples_of_the_watched_lock_equal_the_clouds(
        cloud: EmbeddedCloud, owner: QObject, aloop: asyncio.AbstractEventLoop) -> None:
    rig = Rig(cloud, owner)
    series = rig.series

    async def body() -> None:
        await rig.start()
        lock_id = rig.lock_ids()[2]
        series.watch(lock_id)
        await wait_signal(series.historyLoaded)
        assert series.covered_from is not None
        before = len(series.samples)
        await wait_until(lambda: len(series.samples) >= before + 4, what="live samples")
        await rig.settle()
        start = series.covered_from
        ts, dbm = await rig.server_fiber(lock_id, start, time.time() + 300)
        assert len(ts) >= 4
        mine_ts, mine_dbm = series.samples.slice(start, np.inf)
        np.testing.assert_array_equal(mine_ts, ts)
        np.testing.assert_array_equal(mine_dbm, dbm)
        assert series.live_rows >= 4
        await rig.client.close()

    run(aloop, body())


def test_scrolling_back_loads_older_history_page_by_page(
        cloud: EmbeddedCloud, owner: QObject, aloop: asyncio.AbstractEventLoop) -> None:
    rig = Rig(cloud, owner, live_window_s=600.0, chunk_s=6 * 3600.0, page_limit=700)
    series = rig.series

    async def body() -> None:
        await rig.start()
        lock_id = rig.lock_ids()[4]
        now = time.time()
        rig.backfill(lock_id, now - 2 * 86400.0, now - 60.0)
        series.watch(lock_id)
        await wait_signal(series.historyLoaded)
        await wait_until(lambda: not series.loading, what="the first hour and the messages")
        covered = series.covered_from
        assert covered is not None
        assert covered == pytest.approx(now - 600.0, abs=5.0)
        assert series.samples.ts[0] >= covered
        loaded: list[tuple[float, float]] = []
        series.historyLoaded.connect(lambda a, b: loaded.append((a, b)))
        target = now - 1.5 * 86400.0
        assert series.load_older(target)
        assert series.load_older(target) is False, "one load at a time"
        await wait_until(lambda: not series.loading, timeout=60, what="older history")
        assert series.covered_from == target
        # Newest first, a chunk at a time, each chunk right before the previous one.
        assert len(loaded) == 6
        assert all(end == start for (start, _e), (_s, end) in itertools.pairwise(loaded))
        assert loaded[0][1] == covered
        assert loaded[-1][0] == target
        await rig.settle()
        ts, dbm = await rig.server_fiber(lock_id, target, time.time() + 300)
        assert len(ts) > 12_000  # 36 h at one per 10 s, and the live ones
        np.testing.assert_array_equal(series.samples.ts, ts)
        np.testing.assert_array_equal(series.samples.dbm, dbm)
        # Nothing further to load until the view asks for earlier.
        assert series.load_older(target + 10) is False
        await rig.client.close()

    run(aloop, body())


def test_a_fiber_cut_arrives_live_and_then_from_history(
        cloud: EmbeddedCloud, owner: QObject, aloop: asyncio.AbstractEventLoop) -> None:
    rig = Rig(cloud, owner)
    series = rig.series
    assert cloud.cloud is not None
    sim = cloud.cloud.sim

    async def body() -> None:
        await rig.start()
        lock_id = cloud.call(lambda: sim.inject_incident("fiber_cut", None))
        series.watch(lock_id)
        await wait_until(lambda: any(isinstance(e, TamperEvent) for e in series.events),
                         what="the tamper event")
        await wait_until(lambda: any(isinstance(e, AlarmRaisedEvent) for e in series.events),
                         what="its alarm")
        tamper = next(e for e in series.events if isinstance(e, TamperEvent))
        assert tamper.kind is TamperKind.FIBER_CUT
        markers = series.markers()
        assert [type(e) for _t, _v, e in markers] == [TamperEvent, AlarmRaisedEvent]
        assert markers[0][1] == tamper.fiber_dbm
        lanes = {e.lane for e in series.timeline()}
        assert {Lane.SEAL, Lane.ALARMS} <= lanes
        # Watch another lock and come back: now the events come from /locks/{id}/events.
        series.watch(rig.lock_ids()[0] if rig.lock_ids()[0] != lock_id else rig.lock_ids()[1])
        assert series.events == []
        series.watch(lock_id)
        await wait_signal(series.historyLoaded)
        kinds = [type(e) for e in series.events]
        assert TamperEvent in kinds
        assert AlarmRaisedEvent in kinds
        assert [e.seq for e in series.events] == sorted({e.seq for e in series.events})
        await rig.client.close()

    run(aloop, body())


def test_switching_locks_drops_the_old_locks_loads_and_samples(
        cloud: EmbeddedCloud, owner: QObject, aloop: asyncio.AbstractEventLoop) -> None:
    rig = Rig(cloud, owner)
    series = rig.series

    async def body() -> None:
        await rig.start()
        a, b = rig.lock_ids()[:2]
        now = time.time()
        rig.backfill(a, now - 3000.0, now - 60.0, every_s=1.0)  # a heavy first hour for A
        series.watch(a)
        assert series.loading
        series.watch(b)  # before A's page could arrive
        await wait_signal(series.historyLoaded, timeout=30)
        await wait_until(lambda: series.live_rows >= 3, what="B's live samples")
        await rig.settle()
        start = series.covered_from
        assert start is not None
        ts, dbm = await rig.server_fiber(b, start, time.time() + 300)
        np.testing.assert_array_equal(series.samples.ts, ts)
        np.testing.assert_array_equal(series.samples.dbm, dbm)
        await rig.client.close()

    run(aloop, body())


def test_a_failed_first_window_is_reported_and_tried_again_until_the_cloud_answers(
        owner: QObject, aloop: asyncio.AbstractEventLoop) -> None:
    store = FleetStore(parent=owner)
    store.load_snapshot(fleet())
    lock_id = next(iter(store.state.locks))
    now = time.time()
    cloud = FakeCloud({lock_id: [(now - 60.0, -11.0), (now - 30.0, -11.5)]})
    calls: list[str] = []

    async def flaky(method: str, path: str, **kw: Any) -> Any:
        calls.append(path)
        if len(calls) <= 2:  # down for the first two tries
            raise CloudUnavailable("Cannot reach the cloud")
        return await cloud(method, path, **kw)

    series = FiberSeries(store, flaky, retry_delays_s=(0.0, 0.01, 0.01), parent=owner)
    failures: list[str] = []
    series.loadFailed.connect(failures.append)

    async def body() -> None:
        series.watch(lock_id)
        await wait_until(lambda: not series.loading)

    run(aloop, body())
    assert failures == ["History not loaded: Cannot reach the cloud"] * 2
    assert calls[:2] == [calls[0]] * 2
    assert calls[0].endswith("/fiber")
    assert series.covered_from is not None
    assert list(series.samples.dbm) == [-11.0, -11.5]


def test_a_load_that_keeps_failing_gives_up_and_a_resync_tries_again(
        owner: QObject, aloop: asyncio.AbstractEventLoop) -> None:
    calls: list[str] = []

    async def down(method: str, path: str, **_kw: Any) -> Any:
        calls.append(path)
        raise CloudUnavailable("Cannot reach the cloud")

    store = FleetStore(parent=owner)
    store.load_snapshot(fleet())
    series = FiberSeries(store, down, retry_delays_s=(0.0,), parent=owner)
    failures: list[str] = []
    series.loadFailed.connect(failures.append)

    async def body() -> None:
        series.watch(next(iter(store.state.locks)))
        await wait_until(lambda: not series.loading)
        assert len(calls) == 2  # the first try and one more, then it gives up
        store.load_snapshot(fleet())  # a resync (the link came back): the window is asked again
        await wait_until(lambda: len(calls) == 4 and not series.loading, what="asked again")

    run(aloop, body())
    assert failures == ["History not loaded: Cannot reach the cloud"] * 4
    assert series.covered_from is None
    assert all(path.endswith("/fiber") for path in calls)


class FakeCloud:
    """A ``request`` answering the history API from a dict of samples, recording each call."""

    def __init__(self, samples: dict[str, list[tuple[float, float]]]) -> None:
        self.samples = samples
        self.calls: list[tuple[str, dict[str, Any]]] = []

    async def __call__(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        params = kwargs.get("params", {})
        self.calls.append((path, params))
        request = httpx.Request(method, f"http://cloud{path}")
        if path.endswith("/fiber"):
            lock_id = path.split("/")[2]
            items = [{"ts": t, "dbm": v} for t, v in self.samples.get(lock_id, [])
                     if params["start"] <= t < params["end"]]
            return httpx.Response(200, json={"lock_id": lock_id, "items": items,
                                             "next_cursor": None}, request=request)
        if path.endswith("/events"):
            return httpx.Response(200, json={"lock_id": path.split("/")[2], "items": [],
                                             "next_cursor": None}, request=request)
        return httpx.Response(200, json={"driver_id": path.split("/")[2], "items": []},
                              request=request)


def test_a_resync_fetches_what_the_stream_skipped_and_a_new_client_starts_afresh(
        owner: QObject, aloop: asyncio.AbstractEventLoop) -> None:
    now = 1_000_000.0
    snapshot = fleet()
    lock_id = snapshot.locks[0].id
    cloud = FakeCloud({lock_id: [(now - 100.0, -11.0), (now - 50.0, -11.1), (now - 5.0, -11.2)]})
    store = FleetStore(parent=owner)
    store.load_snapshot(snapshot)
    series = FiberSeries(store, cloud, clock=lambda: now, parent=owner)

    async def body() -> None:
        series.watch(lock_id)
        await wait_until(lambda: not series.loading)
        assert series.samples.ts.tolist() == [now - 100.0, now - 50.0, now - 5.0]
        # The cloud got a sample the stream will never bring (it skipped ahead): a resync.
        cloud.samples[lock_id].append((now - 1.0, -40.0))
        cloud.calls.clear()
        store.load_snapshot(fleet(seq=50))
        await wait_until(lambda: not series.loading)
        assert cloud.calls[0][0].endswith("/fiber")
        assert cloud.calls[0][1]["start"] == now - 5.0  # from the last sample held
        assert series.samples.dbm.tolist()[-1] == -40.0
        # The same client again changes nothing; another one reloads from scratch.
        cloud.calls.clear()
        series.set_request(cloud)
        assert not series.loading
        other = FakeCloud({lock_id: [(now - 2.0, -12.0)]})
        series.set_request(other)
        assert series.lock_id == lock_id
        await wait_until(lambda: not series.loading)
        assert series.samples.ts.tolist() == [now - 2.0]
        assert cloud.calls == []

    run(aloop, body())
