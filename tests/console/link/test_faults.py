"""The link under faults, against a real cloudsim over real sockets (issue 14).

Each test reproduces a fault seen from outside, with cloudsim's fault injection
(cloudsim/faults.py) or the misbehaving proxy (tests/faultproxy.py), and checks what a
dispatcher relies on: after recovery the console's fleet equals the server's, every event was
applied exactly once, and "not live" was shown within the dead-link time.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import websockets
from websockets.asyncio.client import connect as real_connect

from cloudsim.faults import copy_database, log_foreign_event, restore_database
from cloudsim.server import EmbeddedCloud, start_embedded
from console.fleet.store import FleetStore
from console.link.client import CloudClient
from console.link.credentials import CredentialStore
from console.link.session import ConsoleSession
from console.link.streaming import ConnectionState
from console.settings import Paths, Settings
from opticallock.fleet import seqs_of
from opticallock.protocol import GENESIS_HASH, PROTOCOL_VERSION, UndecodedEvent
from tests.asyncqt import run, wait_signal, wait_until
from tests.console.link.test_client import pause_simulation, server_state
from tests.console.link.test_credentials import MemoryKeyring
from tests.faultproxy import FaultProxy

USERS: list[tuple[str, str, str | None]] = [("ana", "pw1", None)]


@pytest.fixture
def cloud(tmp_path: Path) -> Iterator[EmbeddedCloud]:
    instance = start_embedded(tmp_path / "cloud", locks=20, seed=3, users=USERS,
                              incident_rate=0.0, fix_interval_s=0.5, sample_interval_s=1.0)
    yield instance
    instance.stop()


def fast_backoff() -> Iterator[float]:
    while True:
        yield 0.05


def make(url: str, **kwargs: Any) -> tuple[CloudClient, FleetStore, list[int]]:
    """A client and a store wired as the console wires them; the seqs the store was handed."""
    client = CloudClient(url, backoff_factory=fast_backoff, **kwargs)
    store = FleetStore(coalesce_ms=20)
    client.snapshotLoaded.connect(store.load_snapshot)
    client.eventsReceived.connect(store.apply_events)
    seqs: list[int] = []
    client.snapshotLoaded.connect(lambda _s: seqs.clear())  # a new base: count from it
    client.eventsReceived.connect(lambda events: seqs.extend(s for e in events for s in seqs_of(e)))
    return client, store, seqs


def head(cloud: EmbeddedCloud) -> int:
    return cloud.call(lambda: server_state(cloud).seq)


def exactly_once(seqs: list[int]) -> bool:
    return seqs == list(range(seqs[0], seqs[0] + len(seqs))) if seqs else True


# --------------------------------------------------------------------------- the log forks


def test_a_log_restored_from_an_older_copy_is_a_fork_the_console_resyncs_from(
        cloud: EmbeddedCloud, aloop: asyncio.AbstractEventLoop, tmp_path: Path) -> None:
    """The cloud's database goes back 'in time' while the console is cut off, and its head
    passes the console's seq before the console comes back: seq numbers alone match, the chain
    does not. The console must notice, reload, and drop the alarm the server no longer has."""
    client, store, _seqs = make(cloud.url)
    forks: list[str] = []
    client.forked.connect(forks.append)
    assert cloud.cloud is not None
    copy = tmp_path / "older.db"
    live_db = cloud.cloud.config.data_dir / "cloud.db"

    async def body() -> None:
        await client.sign_in("ana", "pw1")
        client.start(None)
        await wait_until(lambda: client.status.live and (store.seq or 0) > 3)
        await asyncio.to_thread(cloud.call, lambda: copy_database(cloud.cloud.db, copy))
        sim = cloud.cloud.sim
        lock_id = await asyncio.to_thread(cloud.call, lambda: sim.inject_incident("fiber_cut"))
        await wait_until(lambda: any(a.lock_id == lock_id for a in store.state.alarms.values()),
                         what="the alarm raised after the copy")
        phantom = {a.id for a in store.state.alarms.values() if a.lock_id == lock_id}
        await client.stop()  # the console is cut off...
        seen_seq = store.seq or 0
        await asyncio.to_thread(cloud.stop)  # ...while the cloud is restored from the copy
        restore_database(copy, live_db)
        await asyncio.to_thread(cloud.restart)
        await wait_until(lambda: head(cloud) > seen_seq + 3, what="the head passes our seq")
        assert store.state is not None
        client.start(store.seq, store.state.hash)  # resume, as after a restart
        await wait_until(lambda: forks, what="the fork noticed")
        await wait_until(lambda: client.status.live, what="live on the server's log")
        final = await asyncio.to_thread(pause_simulation, cloud)
        await wait_until(lambda: store.seq == final, what="caught up")
        assert not phantom & set(store.state.alarms)
        await client.close()

    run(aloop, body())
    assert client.stats.forks == 1
    assert "chain hash" in forks[0]
    assert store.state is not None
    assert store.state.comparable() == server_state(cloud).comparable()


def test_a_log_that_went_back_behind_the_console_is_a_fork_too(
        cloud: EmbeddedCloud, aloop: asyncio.AbstractEventLoop, tmp_path: Path) -> None:
    """The same restore while the console stays connected: it reconnects at once, to a head
    behind what it applied."""
    client, store, _seqs = make(cloud.url)
    forks: list[str] = []
    client.forked.connect(forks.append)
    assert cloud.cloud is not None
    copy = tmp_path / "older.db"
    live_db = cloud.cloud.config.data_dir / "cloud.db"

    async def body() -> None:
        await client.sign_in("ana", "pw1")
        client.start(None)
        await wait_until(lambda: client.status.live and (store.seq or 0) > 3)
        await asyncio.to_thread(cloud.call, lambda: copy_database(cloud.cloud.db, copy))
        mark = store.seq or 0
        await wait_until(lambda: (store.seq or 0) > mark + 5, what="events after the copy")
        await asyncio.to_thread(cloud.stop)
        restore_database(copy, live_db)
        await asyncio.to_thread(cloud.restart)
        await wait_until(lambda: forks, what="the fork noticed")
        final = await asyncio.to_thread(pause_simulation, cloud)
        await wait_until(lambda: client.status.live and store.seq == final, what="caught up")
        await client.close()

    run(aloop, body())
    assert client.stats.forks >= 1
    assert store.state is not None
    assert store.state.comparable() == server_state(cloud).comparable()


# --------------------------------------------------------------------------- events it cannot read


def test_an_event_of_an_unknown_type_is_set_aside_and_the_stream_goes_on(
        cloud: EmbeddedCloud, aloop: asyncio.AbstractEventLoop) -> None:
    client, store, seqs = make(cloud.url)
    rejected: list[UndecodedEvent] = []
    client.eventRejected.connect(rejected.append)
    assert cloud.cloud is not None
    clog = cloud.cloud.service.logs["frontera"]

    async def body() -> None:
        await client.sign_in("ana", "pw1")
        client.start(None)
        await wait_until(lambda: client.status.live and (store.seq or 0) > 2)
        seq = cloud.call(lambda: log_foreign_event(clog, "door_sensor", {"lock_id": "LK-1",
                                                                          "open": True},
                                                   time.time()))
        await wait_until(lambda: rejected, what="the event set aside")
        await wait_until(lambda: (store.seq or 0) > seq + 3, what="the stream goes on")
        final = await asyncio.to_thread(pause_simulation, cloud)
        await wait_until(lambda: store.seq == final)
        assert client.status.live
        await client.close()
        assert rejected[0].seq == seq
        assert rejected[0].type == "door_sensor"
        assert '"open": true' in rejected[0].raw

    run(aloop, body())
    assert client.stats.reconnects == 0
    assert client.stats.forks == 0
    assert exactly_once(seqs)
    assert store.state is not None
    assert store.state.comparable() == server_state(cloud).comparable()


def test_an_unknown_event_in_a_backfill_page_does_not_stop_the_stream(
        cloud: EmbeddedCloud, aloop: asyncio.AbstractEventLoop) -> None:
    """The frame carrying it is lost on the way, so it comes back in a REST page, where it
    used to kill the stream task for good."""
    lost: list[int] = []

    class Lossy:
        def __init__(self, ws: Any) -> None:
            self.ws = ws
            self.transport = ws.transport

        async def recv(self) -> Any:
            while True:
                raw = await self.ws.recv()
                if '"door_sensor"' in raw and not lost:
                    lost.append(json.loads(raw)["seq"])
                    continue
                return raw

        async def close(self) -> None:
            await self.ws.close()

    async def lossy_connect(url: str, **kw: Any) -> Lossy:
        return Lossy(await real_connect(url, **kw))

    client, store, seqs = make(cloud.url, connect=lossy_connect)
    rejected: list[UndecodedEvent] = []
    client.eventRejected.connect(rejected.append)
    assert cloud.cloud is not None
    clog = cloud.cloud.service.logs["frontera"]

    async def body() -> None:
        await client.sign_in("ana", "pw1")
        client.start(None)
        await wait_until(lambda: client.status.live and (store.seq or 0) > 2)
        seq = cloud.call(lambda: log_foreign_event(clog, "door_sensor", {"open": True},
                                                   time.time()))
        await wait_until(lambda: lost and rejected, what="set aside from the backfill page")
        await wait_until(lambda: (store.seq or 0) > seq + 3, what="the stream goes on")
        final = await asyncio.to_thread(pause_simulation, cloud)
        await wait_until(lambda: store.seq == final)
        assert client.running
        assert client.status.live
        await client.close()
        assert [r.seq for r in rejected] == [seq]

    run(aloop, body())
    assert client.stats.gaps_backfilled >= 1
    assert exactly_once(seqs)
    assert store.state is not None
    assert store.state.comparable() == server_state(cloud).comparable()


# --------------------------------------------------------------------------- a dead link


def test_a_tcp_black_hole_is_shown_not_live_within_the_dead_link_time(
        cloud: EmbeddedCloud, aloop: asyncio.AbstractEventLoop) -> None:
    dead_after = 1.0
    proxy = FaultProxy(cloud.port)
    figures: dict[str, float] = {}

    async def body() -> None:
        await proxy.start()
        client, store, seqs = make(proxy.url, dead_after_s=dead_after)
        await client.sign_in("ana", "pw1")
        client.start(None)
        await wait_until(lambda: client.status.live and (store.seq or 0) > 3)
        proxy.black_hole()
        holed_at = time.time()
        down = await wait_signal(client.statusChanged, lambda s: not s.live, timeout=10)
        figures["to_not_live_s"] = time.time() - holed_at
        status = down[0]
        assert client.last_frame_at is not None
        # "NOT LIVE since" is when the last frame came, not when the silence was noticed.
        assert status.down_since == pytest.approx(client.last_frame_at, abs=1e-6)
        assert status.down_since <= holed_at + 0.05
        proxy.heal()
        recovering = time.time()
        await wait_until(lambda: client.status.live, what="live again through the proxy")
        figures["to_live_again_s"] = time.time() - recovering
        final = await asyncio.to_thread(pause_simulation, cloud)
        await wait_until(lambda: store.seq == final)
        await client.close()
        await proxy.close()
        assert exactly_once(seqs)
        assert store.state is not None
        assert store.state.comparable() == server_state(cloud).comparable()

    run(aloop, body())
    # The silence is found after dead_after; nothing more may stand between it and the banner
    # (no closing handshake with a peer that cannot answer).
    assert figures["to_not_live_s"] < dead_after + 0.5, figures


# --------------------------------------------------------------------------- another protocol


@pytest.mark.parametrize("hello", [
    {"protocol": PROTOCOL_VERSION + 1},
    {"protocol": PROTOCOL_VERSION + 1, "capabilities": ["seal_ledger"]},  # fields we don't know
])
def test_a_server_of_another_protocol_stops_the_stream_with_a_clear_message(
        aloop: asyncio.AbstractEventLoop, hello: dict[str, Any]) -> None:
    """A real websocket server that says it speaks the next protocol, then sends an event."""
    connections: list[str] = []

    async def serve(ws: Any) -> None:
        connections.append(ws.request.path)
        await ws.send(json.dumps({
            "type": "hello", "carrier": {"id": "frontera", "name": "Frontera"}, "user": "ana",
            "head_seq": 1, "server_time": time.time(), **hello}))
        await ws.send(json.dumps({"type": "gps_lost", "seq": 1, "ts": time.time(),
                                  "prev_hash": GENESIS_HASH, "hash": "a" * 64,
                                  "lock_id": "LK-1", "trailer_id": "TR-1"}))
        await ws.wait_closed()

    async def body() -> None:
        async with websockets.serve(serve, "127.0.0.1", 0) as server:
            port = server.sockets[0].getsockname()[1]
            client, _store, seqs = make(f"http://127.0.0.1:{port}")
            client.token = "t"
            client.geofences = []
            refused: list[str] = []
            client.protocolRefused.connect(refused.append)
            client.start(0)
            await wait_until(lambda: not client.running, what="the stream stopped")
            assert client.status.state is ConnectionState.OFFLINE
            assert f"protocol {PROTOCOL_VERSION + 1}" in client.status.detail
            assert refused
            assert "Update the console" in refused[0]
            assert seqs == []  # nothing of that server's was applied
            assert len(connections) == 1  # and it was not retried
            await client.close()

    run(aloop, body())


# --------------------------------------------------------------------------- a whole session


def new_session(tmp_path: Path, keyring: MemoryKeyring) -> ConsoleSession:
    """A console's session over ``tmp_path``'s directories (a second one is a restart)."""
    paths = Paths(tmp_path / "data", tmp_path / "config")
    return ConsoleSession(Settings(paths), CredentialStore(keyring, timeout_s=2.0), FleetStore())


def test_a_restart_steps_over_an_event_set_aside_instead_of_tripping_on_it(
        cloud: EmbeddedCloud, aloop: asyncio.AbstractEventLoop, tmp_path: Path) -> None:
    assert cloud.cloud is not None
    clog = cloud.cloud.service.logs["frontera"]
    keyring = MemoryKeyring()
    first = new_session(tmp_path, keyring)

    async def run_first() -> tuple[int, int]:
        assert await first.sign_in(cloud.url, "ana", "pw1", remember=True)
        await wait_until(lambda: first.client.status.live and (first.store.seq or 0) > 3)
        seq = cloud.call(lambda: log_foreign_event(clog, "door_sensor", {"open": True},
                                                   time.time()))
        await wait_until(lambda: (first.store.seq or 0) > seq + 2, what="past the event")
        assert [r.seq for r in first.diagnostics.rejected] == [seq]
        first.journal.flush()
        stopped = first.store.seq or 0
        await first.shutdown()
        return seq, stopped

    foreign, stopped_at = run(aloop, run_first())
    second = new_session(tmp_path, keyring)
    restored_at: list[int | None] = []
    second.store.reset.connect(lambda: restored_at.append(second.store.seq))
    snapshots: list[int] = []

    async def run_second() -> None:
        await second.resume_or_ask(cloud.url)
        second.client.snapshotLoaded.connect(lambda s: snapshots.append(s.seq))
        await wait_until(lambda: second.client.status.live
                         and (second.store.seq or 0) > stopped_at + 3)
        await second.shutdown()

    run(aloop, run_second())
    # The journal held the event's place: restored past it, no snapshot, nothing set aside again.
    assert restored_at[0] == stopped_at > foreign
    assert snapshots == []
    assert list(second.diagnostics.rejected) == []


def test_a_fork_is_told_to_the_dispatcher_and_the_journal_keeps_what_was_seen(
        cloud: EmbeddedCloud, aloop: asyncio.AbstractEventLoop, tmp_path: Path) -> None:
    assert cloud.cloud is not None
    copy = tmp_path / "older.db"
    live_db = cloud.cloud.config.data_dir / "cloud.db"
    session = new_session(tmp_path, MemoryKeyring())

    async def body() -> None:
        assert await session.sign_in(cloud.url, "ana", "pw1", remember=True)
        client = session.client
        await wait_until(lambda: client.status.live and (session.store.seq or 0) > 3)
        await asyncio.to_thread(cloud.call, lambda: copy_database(cloud.cloud.db, copy))
        mark = session.store.seq or 0
        await wait_until(lambda: (session.store.seq or 0) > mark + 5, what="events after it")
        await asyncio.to_thread(cloud.stop)
        restore_database(copy, live_db)
        await asyncio.to_thread(cloud.restart)
        notice = await wait_signal(session.diagnostics.noticeAdded,
                                   lambda n: n.topic == "fork", timeout=20)
        assert "restored from an older copy" in notice[0].text
        final = await asyncio.to_thread(pause_simulation, cloud)
        await wait_until(lambda: client.status.live and session.store.seq == final)
        session.journal.flush()
        assert session.journal.set_aside_count() > 1
        # What was seen of the old log is kept through the events after the copy was taken
        # (a run of positions is one row: its body says where it ended).
        with sqlite3.connect(session.journal.path) as db:
            (kept_through,) = db.execute(
                "SELECT max(CASE WHEN type = 'positions_run' THEN json_extract(body, '$.seq') "
                "ELSE seq END) FROM set_aside").fetchone()
        db.close()
        assert kept_through > mark + 5
        assert session.store.state.comparable() == server_state(cloud).comparable()
        await session.shutdown()

    run(aloop, body())
