"""Loading a lock's history from a real cloudsim: complete across pages, progress to the end,
cancel, a failed page retried, a page that keeps failing reported (nothing partial handed over),
and the hash chain over the period checked by the cloud."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import QObject

from cloudsim.server import EmbeddedCloud, start_embedded
from console.history.loader import HistoryLoader, LockHistory
from console.link.api import CloudApi
from console.link.client import CloudClient, CloudUnavailable
from opticallock.protocol import LockStateEvent
from tests.asyncqt import run, wait_until, wait_until_async


@pytest.fixture
def cloud(tmp_path: Path) -> Iterator[EmbeddedCloud]:
    instance = start_embedded(tmp_path / "cloud", locks=8, seed=4,
                              users=[("ana", "pw-ana-1", None)], incident_rate=0.0,
                              fix_interval_s=0.1, sample_interval_s=0.1, accel=60.0)
    yield instance
    instance.stop()


def db_count(cloud: EmbeddedCloud, table: str, lock_id: str, start: float, end: float) -> int:
    assert cloud.cloud is not None
    db = cloud.cloud.service.db
    rows = cloud.call(lambda: db.all(
        f"SELECT COUNT(*) FROM {table} WHERE lock_id = ? AND ts >= ? AND ts < ?",
        [lock_id, start, end]))
    return int(rows[0][0])


class Recorder:
    def __init__(self, loader: HistoryLoader) -> None:
        self.progress: list[float] = []
        self.loaded: list[LockHistory] = []
        self.failed: list[str] = []
        self.cancelled = 0
        loader.progress.connect(lambda share, _text: self.progress.append(share))
        loader.loaded.connect(self.loaded.append)
        loader.failed.connect(self.failed.append)
        loader.cancelled.connect(self._on_cancel)

    def _on_cancel(self) -> None:
        self.cancelled += 1


async def signed_in(cloud: EmbeddedCloud, owner: QObject) -> tuple[CloudClient, str, str]:
    client = CloudClient(cloud.url, parent=owner)
    await client.sign_in("ana", "pw-ana-1")
    snapshot = await client.fetch_snapshot()
    trailer = snapshot.trailers[0]
    return client, trailer.lock_id, trailer.id


def test_a_period_loads_completely_over_many_pages_with_a_verified_chain(
        cloud: EmbeddedCloud, owner: QObject, aloop: asyncio.AbstractEventLoop) -> None:
    async def body() -> None:
        client, lock_id, trailer_id = await signed_in(cloud, owner)
        start = time.time()
        end = start + 3.0  # simulated minutes of fixes (accel 60)
        # A second past the end, every fix of the period is in the cloud's database.
        await wait_until(lambda: time.time() > end + 1.0, what="the period to pass")
        expected = db_count(cloud, "positions", lock_id, start, end)
        assert expected >= 8
        loader = HistoryLoader(CloudApi(client.request), page_limit=3, parent=owner)
        seen = Recorder(loader)
        await loader.load(lock_id, trailer_id, start, end)
        assert seen.failed == []
        [history] = seen.loaded
        assert len(history.track) == expected
        assert len(history.fiber_ts) == db_count(cloud, "fiber", lock_id, start, end)
        assert history.pages > expected // 3
        assert list(history.track.ts) == sorted(history.track.ts)
        assert seen.progress == sorted(seen.progress)
        assert seen.progress[-1] == 1.0
        assert history.verification is None or history.verification.ok
        await client.close()

    run(aloop, body())


def test_events_of_the_period_come_with_a_verified_hash_chain(
        cloud: EmbeddedCloud, owner: QObject, aloop: asyncio.AbstractEventLoop) -> None:
    async def body() -> None:
        client, _lock_id, _trailer_id = await signed_in(cloud, owner)
        start = time.time()
        assert cloud.cloud is not None
        sim = cloud.cloud.sim
        lock_id = cloud.call(lambda: sim.inject_incident("unlock_outside", None))
        snapshot = await client.fetch_snapshot()
        trailer_id = next(t.id for t in snapshot.trailers if t.lock_id == lock_id)
        loader = HistoryLoader(CloudApi(client.request), parent=owner)
        history: list[LockHistory] = []
        loader.loaded.connect(history.append)

        async def has_unlock() -> bool:
            history.clear()
            await loader.load(lock_id, trailer_id, start, time.time() + 1)
            return any(isinstance(e, LockStateEvent) for e in history[0].events)

        await wait_until_async(has_unlock, what="the injected unlock in the history")
        verification = history[0].verification
        assert verification is not None
        assert verification.ok, verification.message
        assert verification.checked >= 1
        await client.close()

    run(aloop, body())


def test_a_failing_page_is_retried_and_one_that_keeps_failing_is_reported(
        cloud: EmbeddedCloud, owner: QObject, aloop: asyncio.AbstractEventLoop) -> None:
    async def body() -> None:
        client, lock_id, trailer_id = await signed_in(cloud, owner)
        start = time.time()
        end = start + 1.0
        await wait_until(lambda: time.time() > end + 1.0, what="the period to pass")
        calls = {"n": 0}

        def flaky(fail_times: int) -> Any:
            async def request(method: str, path: str, **kw: Any) -> httpx.Response:
                if path.endswith("/positions") and kw["params"].get("cursor"):
                    calls["n"] += 1
                    if calls["n"] <= fail_times:
                        raise CloudUnavailable("Cannot reach the cloud: connection reset")
                return await client.request(method, path, **kw)
            return request

        # Two failures on the second page: retried, and the history is complete.
        loader = HistoryLoader(CloudApi(flaky(2)), page_limit=1, retry_delay_s=0.01,
                               parent=owner)
        seen = Recorder(loader)
        await loader.load(lock_id, trailer_id, start, end)
        assert seen.failed == []
        assert len(seen.loaded[0].track) == db_count(cloud, "positions", lock_id, start, end)
        # A page that never comes: loading fails, says what, and hands over nothing.
        calls["n"] = 0
        loader = HistoryLoader(CloudApi(flaky(100)), page_limit=1, retries=2, retry_delay_s=0.01,
                               parent=owner)
        seen = Recorder(loader)
        await loader.load(lock_id, trailer_id, start, end)
        assert seen.loaded == []
        assert len(seen.failed) == 1
        assert "positions" in seen.failed[0]
        assert "3 tries" in seen.failed[0]
        await client.close()

    run(aloop, body())


def test_cancel_stops_loading_and_nothing_is_handed_over(
        cloud: EmbeddedCloud, owner: QObject, aloop: asyncio.AbstractEventLoop) -> None:
    async def body() -> None:
        client, lock_id, trailer_id = await signed_in(cloud, owner)
        start = time.time()
        end = start + 60.0
        gate = asyncio.Event()

        async def slow(method: str, path: str, **kw: Any) -> httpx.Response:
            await gate.wait()  # every page waits until the test lets it through
            return await client.request(method, path, **kw)

        loader = HistoryLoader(slow, page_limit=5, parent=owner)
        seen = Recorder(loader)
        task = loader.load(lock_id, trailer_id, start, end)
        await asyncio.sleep(0)
        assert loader.busy
        loader.cancel()
        gate.set()
        [result] = await asyncio.gather(task, return_exceptions=True)
        assert result is None or isinstance(result, asyncio.CancelledError)
        assert seen.cancelled == 1
        assert seen.loaded == []
        assert not loader.busy
        await client.close()

    run(aloop, body())


def test_a_refused_page_fails_at_once_in_the_clouds_words_and_an_unreadable_one_is_retried(
        cloud: EmbeddedCloud, owner: QObject, aloop: asyncio.AbstractEventLoop) -> None:
    async def body() -> None:
        client, lock_id, trailer_id = await signed_in(cloud, owner)
        asked: list[str] = []

        async def counting(method: str, path: str, **kw: Any) -> httpx.Response:
            asked.append(path)
            return await client.request(method, path, **kw)

        # A lock of no one's fleet: 404, never retried, and the cloud's sentence is shown.
        loader = HistoryLoader(CloudApi(counting), retry_delay_s=0.01, parent=owner)
        seen = Recorder(loader)
        now = time.time()
        await loader.load("OL-NOBODYS", trailer_id, now - 60.0, now)
        said = (await client.request("GET", "/locks/OL-NOBODYS/events",
                                     params={"start": now - 60.0, "end": now})).json()["message"]
        # The first request looks back for a trip under way.
        assert seen.failed == [f"The cloud refused the events request: {said}"]
        assert asked == ["/locks/OL-NOBODYS/events"]
        assert seen.loaded == []

        # A page that is not a page (once): read again, and the history is complete.
        garbled = {"n": 0}

        async def garbling(method: str, path: str, **kw: Any) -> httpx.Response:
            response = await client.request(method, path, **kw)
            if path.endswith("/fiber") and not garbled["n"]:
                garbled["n"] += 1
                return httpx.Response(200, content=b'{"lock_id": 7}', request=response.request)
            return response

        loader = HistoryLoader(CloudApi(garbling), retry_delay_s=0.01, parent=owner)
        seen = Recorder(loader)
        await loader.load(lock_id, trailer_id, now - 60.0, now)
        assert (garbled["n"], seen.failed, len(seen.loaded)) == (1, [], 1)
        await client.close()

    run(aloop, body())
