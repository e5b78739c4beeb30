"""The cloud client and the store against a real cloudsim over real sockets."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import BaseModel
from websockets.asyncio.client import connect as real_connect

from cloudsim.server import EmbeddedCloud, start_embedded
from console.fleet.models import FleetRole, FleetTableModel
from console.fleet.store import FleetStore
from console.link.client import AuthError, CloudClient
from console.link.streaming import ConnectionState
from opticallock.fleet import FleetState, seqs_of
from opticallock.protocol import (
    Alarm,
    AlarmPriority,
    AlarmRaisedEvent,
    AlarmState,
    AlarmType,
    Carrier,
    HelloFrame,
    PositionsEvent,
    decode_frame,
)
from tests.asyncqt import run, wait_signal, wait_until

USERS: list[tuple[str, str, str | None]] = [("ana", "pw1", None), ("ben", "pw2", None)]


@pytest.fixture
def cloud(tmp_path: Path) -> Iterator[EmbeddedCloud]:
    instance = start_embedded(tmp_path / "cloud", locks=30, seed=5, users=USERS,
                              incident_rate=0.0, fix_interval_s=0.5, sample_interval_s=1.0)
    yield instance
    instance.stop()


def fast_backoff() -> Iterator[float]:
    while True:
        yield 0.05


class Recorder:
    """Everything the client delivered, to check exactly-once and in-order."""

    def __init__(self, client: CloudClient) -> None:
        self.seqs: list[int] = []
        self.snapshots: list[int] = []
        # A run of positions (folded as they were read) stands for all its seqs.
        client.eventsReceived.connect(lambda evs: self.seqs.extend(
            seq for e in evs for seq in seqs_of(e)))
        client.snapshotLoaded.connect(lambda s: self.snapshots.append(s.seq))


def make(cloud: EmbeddedCloud, **kwargs: Any) -> tuple[CloudClient, FleetStore]:
    client = CloudClient(cloud.url, backoff_factory=fast_backoff, **kwargs)
    store = FleetStore(coalesce_ms=20)
    client.snapshotLoaded.connect(store.load_snapshot)
    client.eventsReceived.connect(store.apply_events)
    return client, store


def server_state(cloud: EmbeddedCloud) -> FleetState:
    assert cloud.cloud is not None
    return cloud.cloud.service.logs["frontera"].state


def pause_simulation(cloud: EmbeddedCloud) -> int:
    """Stop the fleet moving and return the log head once nothing is pending."""
    assert cloud.cloud is not None
    inner = cloud.cloud

    def pause() -> int:
        inner.config.simulate = False
        inner.service.flush()
        return inner.service.logs["frontera"].head_seq

    return cloud.call(pause)


def test_fleet_table_fills_from_snapshot_then_moves_with_the_stream(
        cloud: EmbeddedCloud, aloop: asyncio.AbstractEventLoop, qtmodeltester: Any) -> None:
    client, store = make(cloud)
    model = FleetTableModel(store)

    async def body() -> None:
        await client.sign_in("ana", "pw1")
        client.start(None)
        await wait_until(lambda: store.state is not None, what="snapshot")
        assert store.state is not None
        assert model.rowCount() == len(store.state.trailers) == len(server_state(cloud).trailers)
        lock_id = model.index(0, 0).data(FleetRole.LOCK_ID)
        assert lock_id
        await wait_until(lambda: store.lock(lock_id).position is not None)
        first = store.lock(lock_id).position
        await wait_signal(store.locksChanged, lambda ids: lock_id in ids)
        await wait_until(lambda: store.lock(lock_id).position.ts > first.ts)
        assert client.status.state is ConnectionState.LIVE
        await client.close()

    run(aloop, body())
    qtmodeltester.check(model)


def test_restart_mid_stream_ends_equal_to_the_server_exactly_once(
        cloud: EmbeddedCloud, aloop: asyncio.AbstractEventLoop) -> None:
    client, store = make(cloud)
    seen = Recorder(client)

    async def body() -> None:
        await client.sign_in("ana", "pw1")
        client.start(None)
        await wait_until(lambda: client.status.live and len(seen.seqs) >= 5)
        await asyncio.to_thread(cloud.restart)  # kill and restart the server mid-stream
        await wait_until(lambda: client.stats.reconnects >= 1, what="noticed the restart")
        await wait_until(lambda: client.status.live, what="live again")
        head = await asyncio.to_thread(pause_simulation, cloud)
        await wait_until(lambda: store.seq == head, what=f"caught up to {head}")
        await client.close()

    run(aloop, body())
    start = seen.snapshots[0]
    assert seen.snapshots == [start]  # no resync was needed
    assert seen.seqs == list(range(start + 1, store.seq + 1))  # none missing, none twice
    assert store.state is not None
    assert store.state.comparable() == server_state(cloud).comparable()


def test_garbage_frames_are_counted_and_the_stream_goes_on(
        cloud: EmbeddedCloud, aloop: asyncio.AbstractEventLoop) -> None:
    client, store = make(cloud)
    rejected: list[str] = []
    client.frameRejected.connect(rejected.append)
    assert cloud.cloud is not None
    clog = cloud.cloud.service.logs["frontera"]

    async def body() -> None:
        await client.sign_in("ana", "pw1")
        client.start(None)
        await wait_until(lambda: client.status.live and store.seq is not None)
        for junk in ["{not json", '{"type":"alien_invasion","seq":1}', '{"type":"positions"}',
                     "\x00\xff"]:
            cloud.call(lambda j=junk: clog.inject_raw_frame(j))
        await wait_until(lambda: client.stats.malformed == 4, what="4 malformed counted")
        before = store.seq
        await wait_until(lambda: store.seq is not None and store.seq > before + 3,
                         what="stream goes on")
        assert client.status.live
        await client.close()

    run(aloop, body())
    assert len(rejected) == 4
    assert client.stats.reconnects == 0


def test_a_dropped_frame_is_backfilled_over_rest(cloud: EmbeddedCloud,
                                                 aloop: asyncio.AbstractEventLoop) -> None:
    """A frame lost between server and client shows up as a seq gap and is fetched back."""
    dropped: list[int] = []

    class Lossy:
        def __init__(self, ws: Any) -> None:
            self.ws = ws

        async def recv(self) -> Any:
            while True:
                raw = await self.ws.recv()
                frame = decode_frame(raw)
                if isinstance(frame, PositionsEvent) and len(dropped) < 2:
                    dropped.append(frame.seq)
                    continue
                return raw

        async def close(self) -> None:
            await self.ws.close()

    async def lossy_connect(url: str, **kw: Any) -> Lossy:
        return Lossy(await real_connect(url, **kw))

    client, store = make(cloud, connect=lossy_connect)
    seen = Recorder(client)

    async def body() -> None:
        await client.sign_in("ana", "pw1")
        client.start(None)
        await wait_until(lambda: len(dropped) == 2 and store.seq is not None
                         and store.seq > max(dropped) + 2)
        await client.close()

    run(aloop, body())
    assert client.stats.gaps_backfilled >= 1
    assert set(dropped) <= set(seen.seqs)
    assert seen.seqs == list(range(seen.snapshots[0] + 1, seen.seqs[-1] + 1))


def test_a_silent_link_is_detected_as_dead_and_the_stream_resumes(
        cloud: EmbeddedCloud, aloop: asyncio.AbstractEventLoop) -> None:
    silent = {"on": False}

    class Mute:
        def __init__(self, ws: Any) -> None:
            self.ws = ws

        async def recv(self) -> Any:
            while True:
                raw = await self.ws.recv()
                if not silent["on"]:
                    return raw

        async def close(self) -> None:
            await self.ws.close()

    async def mute_connect(url: str, **kw: Any) -> Mute:
        return Mute(await real_connect(url, **kw))

    client, _store = make(cloud, connect=mute_connect, dead_after_s=1.0)
    seen = Recorder(client)

    async def body() -> None:
        await client.sign_in("ana", "pw1")
        client.start(None)
        await wait_until(lambda: client.status.live and len(seen.seqs) > 3)
        silent["on"] = True  # TCP stays up, but nothing arrives any more
        await wait_signal(client.statusChanged, lambda s: not s.live, timeout=10)
        assert client.stats.dead_links == 1
        silent["on"] = False
        await wait_until(lambda: client.status.live, what="live again")
        mark = len(seen.seqs)
        await wait_until(lambda: len(seen.seqs) > mark + 3)
        await client.close()

    run(aloop, body())
    assert seen.seqs == list(range(seen.snapshots[0] + 1, seen.seqs[-1] + 1))


def test_server_down_is_reported_as_reconnecting_then_offline_then_live(
        cloud: EmbeddedCloud, aloop: asyncio.AbstractEventLoop) -> None:
    client, _store = make(cloud, offline_after_s=0.5)
    states: list[ConnectionState] = []
    client.statusChanged.connect(lambda s: states.append(s.state))

    async def body() -> None:
        await client.sign_in("ana", "pw1")
        client.start(None)
        await wait_until(lambda: client.status.live)
        await asyncio.to_thread(cloud.stop)
        await wait_until(lambda: client.status.state is ConnectionState.OFFLINE)
        assert client.status.down_since is not None
        await asyncio.to_thread(cloud.restart)
        await wait_until(lambda: client.status.live, what="live after the server is back")
        await client.close()

    run(aloop, body())
    assert ConnectionState.RECONNECTING in states
    assert states.index(ConnectionState.RECONNECTING) < states.index(ConnectionState.OFFLINE)


def test_resume_older_than_the_log_reloads_the_snapshot(
        cloud: EmbeddedCloud, aloop: asyncio.AbstractEventLoop) -> None:
    client, store = make(cloud)
    seen = Recorder(client)
    assert cloud.cloud is not None
    clog = cloud.cloud.service.logs["frontera"]

    async def body() -> None:
        await client.sign_in("ana", "pw1")
        client.start(None)
        await wait_until(lambda: len(seen.seqs) > 3)
        await client.stop()
        last = store.seq
        await wait_until(lambda: clog.head_seq > (last or 0) + 5)
        cloud.call(lambda: clog.compact_telemetry(through_seq=clog.head_seq))
        client.start(last)
        await wait_until(lambda: len(seen.snapshots) == 2, what="snapshot reloaded")
        await wait_until(lambda: client.status.live)
        await client.close()

    run(aloop, body())
    assert client.stats.resyncs == 1


def test_wrong_password_and_expired_token(cloud: EmbeddedCloud,
                                          aloop: asyncio.AbstractEventLoop) -> None:
    client, _ = make(cloud)
    reasons: list[str] = []
    client.signedOut.connect(reasons.append)

    async def body() -> None:
        with pytest.raises(AuthError, match="Wrong username or password"):
            await client.sign_in("ana", "nope")
        await client.sign_in("ana", "pw1")
        client.start(None)
        await wait_until(lambda: client.status.live)
        assert cloud.cloud is not None
        cloud.call(cloud.cloud.service.expire_all_tokens)
        await asyncio.to_thread(cloud.restart)  # the stream must re-authenticate
        await wait_until(lambda: client.status.state is ConnectionState.SIGNED_OUT)
        await client.close()

    run(aloop, body())
    assert reasons
    assert "expired" in reasons[0].lower()


def test_stream_events_match_the_server_log(cloud: EmbeddedCloud,
                                            aloop: asyncio.AbstractEventLoop) -> None:
    """Each event delivered (journalled as it came) is the server's logged event, and the
    store is handed every seq once, in order (positions folded into runs)."""
    client, _store = make(cloud)
    texts: list[str] = []
    client.rawEvent.connect(lambda _seq, _ts, _type, text: texts.append(text))
    handed: list[int] = []
    client.eventsReceived.connect(
        lambda batch: handed.extend(s for e in batch for s in seqs_of(e)))

    async def body() -> None:
        await client.sign_in("ana", "pw1")
        client.start(None)
        await wait_until(lambda: len(handed) > 10)
        await client.close()

    run(aloop, body())
    events = [decode_frame(text) for text in texts]
    assert cloud.cloud is not None
    clog = cloud.cloud.service.logs["frontera"]
    logged = cloud.call(lambda: clog.events_after(events[0].seq - 1, len(events)))
    assert [e.model_dump() for e in logged] == [e.model_dump() for e in events]
    assert handed == [e.seq for e in events][:len(handed)]
    assert any(e.type == "positions" for e in events)


def test_a_busy_console_asks_for_fewer_fixes_and_misses_no_other_event(
        cloud: EmbeddedCloud, aloop: asyncio.AbstractEventLoop) -> None:
    client, store = make(cloud)
    seen = Recorder(client)
    fixes: dict[str, list[float]] = {}
    thinned: list[bool] = []
    others: list[int] = []
    noted: list[int] = []
    intervals: list[float] = []
    client.positionIntervalChanged.connect(intervals.append)

    def note(_seq: int, _ts: float, _type: str, text: str) -> None:
        # Each event as it came (the store is handed positions folded into runs).
        for event in (decode_frame(text),):
            noted.append(event.seq)
            if isinstance(event, PositionsEvent):
                thinned.append(event.thinned)
                for row in event.rows if any(thinned) else ():
                    fixes.setdefault(row[0], []).append(row[1])
            else:
                others.append(event.seq)

    async def body() -> None:
        await client.sign_in("ana", "pw1")
        client.start(None)
        await wait_until(lambda: client.status.state is ConnectionState.LIVE)
        client.set_position_interval(2.0)
        await wait_until(lambda: intervals == [2.0], what="the server's confirmation")
        client.rawEvent.connect(note)
        await wait_until(lambda: sum(1 for t in thinned if t) >= 16, what="thinned frames")
        await client.close()

    run(aloop, body())
    assert client.position_interval_in_effect == 2.0
    # Fixes every 0.5 s in the cloud; from the first thinned frame on (frames already on their
    # way when the server confirmed may be whole), about one per lock per 2 s: a held fix (the
    # latest) goes out once its lock's 2 s have passed, so it may be up to one fix interval
    # less than 2 s newer than the one before. A frame none of whose rows had to be held back
    # is sent as logged, without the flag.
    assert fixes
    for times in fixes.values():
        assert all(b - a >= 2.0 - 0.5 for a, b in itertools.pairwise(times)), times
    # Nothing else is ever thinned, and the seq never skips: every event arrives once.
    assert seen.seqs == list(range(seen.seqs[0], seen.seqs[-1] + 1))
    assert store.seq == seen.seqs[-1]
    assert cloud.cloud is not None
    clog = cloud.cloud.service.logs["frontera"]
    logged = cloud.call(lambda: clog.events_after(noted[0] - 1, len(noted)))
    assert [e.seq for e in logged] == noted
    assert others == [e.seq for e in logged if not isinstance(e, PositionsEvent)]


def test_a_backlog_of_fixes_ends_equal_to_the_server_every_event_once(
        cloud: EmbeddedCloud, aloop: asyncio.AbstractEventLoop) -> None:
    """Catching up on 30,000 fixes (120 frames waiting), handed over in batches whose fixes the
    store applies lock by lock (how many frames a batch holds depends on the machine's pace):
    the same state as the server's, every event delivered once and in order."""
    client, store = make(cloud)
    seen = Recorder(client)
    batches: list[int] = []

    async def body() -> tuple[int, int]:
        await client.sign_in("ana", "pw1")
        client.start(None)
        await wait_until(lambda: client.status.live and store.state is not None)
        await asyncio.to_thread(pause_simulation, cloud)
        await client.stop()
        response = await client.request("POST", "/sim/burst",
                                        json={"positions": 30_000, "rows_per_event": 250})
        assert response.status_code == 201, response.text
        burst = response.json()
        client.eventsReceived.connect(lambda events: batches.append(
            sum(len(seqs_of(e)) for e in events)))
        client.start(store.seq)
        await wait_until(lambda: store.seq >= burst["last_seq"], what="the burst applied")
        await client.close()
        return burst["events"], burst["last_seq"]

    events, last_seq = run(aloop, body())
    assert events == 120
    assert sum(batches) >= events
    assert seen.seqs == list(range(seen.seqs[0], seen.seqs[-1] + 1))  # once each, in order
    assert store.seq == last_seq
    assert store.state is not None
    assert store.state.comparable() == server_state(cloud).comparable()


class ScriptedStream:
    """A stream whose frames the test queues: recv() returns what is queued without yielding,
    as a socket with frames already in its buffer does, and waits when nothing is."""

    def __init__(self) -> None:
        self.frames: asyncio.Queue[str] = asyncio.Queue()

    def queue(self, *frames: BaseModel) -> None:
        for frame in frames:
            self.frames.put_nowait(frame.model_dump_json())

    async def recv(self) -> str:
        return await self.frames.get()

    async def close(self) -> None:
        pass


def test_catching_up_telemetry_waits_for_a_batch_but_an_alarm_never_waits(
        aloop: asyncio.AbstractEventLoop) -> None:
    """The client performs the protocol's hand-over timing on its loop (the decisions are
    tested in test_stream_protocol.py)."""
    stream = ScriptedStream()
    urls: list[str] = []

    async def connect(url: str, **_kw: Any) -> ScriptedStream:
        urls.append(url)
        return stream

    def cloud(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/v1/geofences":
            return httpx.Response(200, json={"items": []})
        return httpx.Response(404, json={"error": "not_found", "message": "No.", "detail": None})

    client = CloudClient("http://cloud.test", connect=connect,
                         http=httpx.AsyncClient(transport=httpx.MockTransport(cloud)))
    client.token = "token"
    window = 0.5
    client.protocol.batch.window_s = window  # long enough to tell waiting from not waiting
    got: list[list[int]] = []
    client.eventsReceived.connect(lambda events: got.append(
        [seq for e in events for seq in seqs_of(e)]))
    rows = [(f"LK-{i:05d}", 1000.0, 30.0, -100.0, 80.0, 90.0) for i in range(6000)]

    def fixes(seq: int) -> PositionsEvent:
        return PositionsEvent(seq=seq, ts=1000.0, rows=rows)

    alarm = Alarm(id="AL-1", lock_id="LK-00001", trailer_id="TR-1", type=AlarmType.FIBER_CUT,
                  priority=AlarmPriority.CRITICAL, state=AlarmState.OPEN, raised_at=1000.0,
                  raised_seq=5, last_at=1000.0)

    async def body() -> None:
        loop = asyncio.get_running_loop()
        stream.queue(HelloFrame(carrier=Carrier(id="frontera", name="Frontera"), user="ana",
                                head_seq=0, server_time=1000.0))
        client.start(0)
        await wait_until(lambda: client.status.live)
        assert urls == ["ws://cloud.test/api/v1/stream?since=0"]
        # Two frames read together: handed over as one batch.
        stream.queue(fixes(1), fixes(2))
        await wait_signal(client.eventsReceived)
        assert got == [[1, 2]]
        # That batch was a backlog's (12,000 rows): telemetry now waits for more...
        stream.queue(fixes(3))
        await wait_signal(client.rawEvent, lambda seq, *_: seq == 3)
        # ...but an alarm does not: it goes out at once, with what came before it.
        start = loop.time()
        stream.queue(fixes(4), AlarmRaisedEvent(seq=5, ts=1000.0, alarm=alarm))
        await wait_signal(client.eventsReceived)
        assert loop.time() - start < window
        assert got == [[1, 2], [3, 4, 5]]
        # Telemetry alone again: out once the backlog window has passed.
        start = loop.time()
        stream.queue(fixes(6))
        await wait_signal(client.eventsReceived)
        assert loop.time() - start >= window * 0.9
        assert got[-1] == [6]
        await client.close()

    run(aloop, body())
