"""The stream at fleet scale: a lagging reader catches up, positions thinned per connection, and
the simulator's burst, over real websockets against a real cloudsim."""

from __future__ import annotations

import functools
import itertools
import json
import logging
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import ClientConnection, connect

from cloudsim.eventlog import PositionThinner
from cloudsim.server import EmbeddedCloud, start_embedded
from opticallock.protocol import (
    API_PREFIX,
    EventBase,
    EventPage,
    HelloFrame,
    PositionIntervalFrame,
    PositionsEvent,
    link_of,
    verify_links,
)
from tests.cloudsim.conftest import USERS, login, receive_until

Received = tuple[str, Any]  # (frame text as sent, decoded frame)


@pytest.fixture
def quiet(tmp_path: Path) -> Iterator[EmbeddedCloud]:
    """A cloud whose fleet stands still: every event on the stream is one the test caused."""
    instance = start_embedded(tmp_path / "quiet", locks=30, seed=5, users=USERS, simulate=False)
    yield instance
    instance.stop()


def client(cloud: EmbeddedCloud, token: str) -> httpx.Client:
    return httpx.Client(base_url=f"{cloud.url}{API_PREFIX}",
                        headers={"Authorization": f"Bearer {token}"}, timeout=30)


def stream(cloud: EmbeddedCloud, token: str, small_buffer: bool = False,
           **query: Any) -> ClientConnection:
    url = cloud.url.replace("http://", "ws://") + f"{API_PREFIX}/stream"
    if query:
        url += "?" + urlencode(query)
    sock = None
    if small_buffer:  # so a reader that stops reading stalls the server soon
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.connect(("127.0.0.1", cloud.port))
    return connect(url, sock=sock, additional_headers={"Authorization": f"Bearer {token}"},
                   max_size=16 * 1024 * 1024, open_timeout=10,
                   # Uncompressed: deflated, a burst's similar frames would fit in the socket
                   # buffers and never stall the server.
                   compression=None if small_buffer else "deflate")


def through(seq: int) -> Callable[[Any], bool]:
    return lambda f: isinstance(f, EventBase) and f.seq >= seq


def events_of(received: list[Received]) -> list[Received]:
    return [(t, f) for t, f in received if isinstance(f, EventBase)]


def burst(api: httpx.Client, positions: int, rows_per_event: int) -> dict[str, int]:
    r = api.post("/sim/burst", json={"positions": positions, "rows_per_event": rows_per_event})
    assert r.status_code == 201, r.text
    return dict(r.json())


def logged_texts(cloud: EmbeddedCloud, after: int, through_seq: int) -> dict[int, str]:
    """The log's own text of each event in (after, through_seq]."""
    assert cloud.cloud is not None
    clog = cloud.cloud.service.logs["frontera"]
    texts: dict[int, str] = {}
    while after < through_seq:
        page = cloud.call(functools.partial(clog.frames_after, after, 2000))
        texts.update((s, t) for s, t in page if s <= through_seq)
        if not page:
            break
        after = page[-1][0]
    return texts


def rest_events(api: httpx.Client, after: int, through_seq: int) -> dict[int, EventBase]:
    events: dict[int, EventBase] = {}
    while after < through_seq:
        page = EventPage.model_validate_json(
            api.get("/events", params={"after": after, "limit": 2000}).content)
        events.update((e.seq, e) for e in page.events if e.seq <= through_seq)
        if not page.events:
            break
        after = page.events[-1].seq
    return events


def head(api: httpx.Client) -> int:
    return int(api.get("/events", params={"after": 0, "limit": 1}).json()["head_seq"])


# --------------------------------------------------------------------------- catching up


def test_a_reader_that_stops_reading_catches_up_from_the_log(
        cloud: EmbeddedCloud, token: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="cloudsim.stream")
    with client(cloud, token) as api, stream(cloud, token, small_buffer=True) as ws:
        hello = receive_until(ws, lambda f: True)[0][1]
        assert isinstance(hello, HelloFrame)
        # Not reading: 20,000 frames of ~500 bytes are far more than the socket buffers
        # (~4 MB) and the 4,000-frame mailbox hold.
        b = burst(api, 100_000, 5)
        assert b["events"] == 20_000
        received = receive_until(ws, through(b["last_seq"]), timeout=60)
        # Still open and live: what the fleet logs next arrives too.
        target = head(api) + 1
        received += receive_until(ws, through(target), timeout=30)
    assert any("catching up from the log" in r.getMessage() for r in caplog.records)
    seqs = [f.seq for _, f in events_of(received)]
    assert seqs == list(range(hello.head_seq + 1, seqs[-1] + 1))
    assert seqs[-1] >= target
    burst_rows = sum(len(f.rows) for _, f in events_of(received)
                     if b["first_seq"] <= f.seq <= b["last_seq"]
                     and isinstance(f, PositionsEvent))
    assert burst_rows >= 100_000


# --------------------------------------------------------------------------- thinning


def lock_fixes(received: list[Received]) -> dict[str, list[tuple[float, float]]]:
    """Per lock, the (fix ts, ts of the frame that delivered it) in order of delivery."""
    fixes: dict[str, list[tuple[float, float]]] = {}
    for _, f in received:
        if isinstance(f, PositionsEvent):
            for row in f.rows:
                fixes.setdefault(row[0], []).append((row[1], f.ts))
    return fixes


def check_thinned(received: list[Received], logged: dict[int, str],
                  rest: dict[int, EventBase], interval: float) -> None:
    """Contiguous seqs; other events as logged; positions at most one per lock an interval."""
    events = events_of(received)
    seqs = [f.seq for _, f in events]
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))
    thinned = 0
    for text, f in events:
        assert f.prev_hash == rest[f.seq].prev_hash
        assert f.hash == rest[f.seq].hash
        if isinstance(f, PositionsEvent) and f.thinned:
            thinned += 1
            assert text.endswith(',"thinned":true}')
            assert f.rows != getattr(rest[f.seq], "rows", None)  # flagged only if it differs
        else:  # every other frame, and a positions frame left whole, is the log's own text
            assert "thinned" not in text
            assert text == logged[f.seq]
            assert f.model_dump() == rest[f.seq].model_dump()
    assert thinned
    logged_fixes = {tuple(r) for e in rest.values() if isinstance(e, PositionsEvent)
                    for r in e.rows}
    for _, f in events:
        if isinstance(f, PositionsEvent):
            assert {tuple(r) for r in f.rows} <= logged_fixes  # real fixes, none made up
    for lock, fixes in lock_fixes(received).items():
        for (prev_ts, _), (ts, frame_ts) in itertools.pairwise(fixes):
            # An interval newer, or the lock's latest fix sent on once its interval had passed.
            assert ts - prev_ts >= interval or frame_ts >= prev_ts + interval, (lock, fixes)


def test_positions_thinned_on_request_at_connect(quiet: EmbeddedCloud) -> None:
    token = login(quiet, "ana", "pw1")
    assert quiet.cloud is not None
    service = quiet.cloud.service
    with client(quiet, token) as api:
        locks = [lk["id"] for lk in api.get("/fleet").json()["locks"]]
        driver_id = api.get("/drivers").json()["items"][0]["id"]
        since = head(api)
        with stream(quiet, token, since=since, positions_every=5) as ws:
            opening = receive_until(ws, lambda f: isinstance(f, PositionIntervalFrame))
            assert [type(f) for _, f in opening] == [HelloFrame, PositionIntervalFrame]
            assert opening[1][1].seconds == 5.0
            burst(api, len(locks) * 40, 7)  # 40 rounds, a second apart
            # Something that is not a position, between two bursts.
            call = api.post(f"/drivers/{driver_id}/calls",
                            json={"request_id": "call-0001-test", "outcome": "reached",
                                  "note": "between bursts"})
            assert call.status_code == 201, call.text
            second = burst(api, len(locks) * 12, 11)
            received = receive_until(ws, through(second["last_seq"]))
            # A later fix of one lock, past every lock's interval, lets the held fixes go.
            last_ts = max(r[1] for _, f in received if isinstance(f, PositionsEvent)
                          for r in f.rows)

            def late_fix() -> None:
                service.report_fix(locks[0], last_ts + 6.0, 27.5, -99.5, 10.0, 90.0)
                service.flush("frontera")

            quiet.call(late_fix)
            end = head(api)
            received += receive_until(ws, through(end))
        rest = rest_events(api, since, end)
    check_thinned(received, logged_texts(quiet, since, end), rest, 5.0)
    assert any(getattr(f, "type", "") == "driver_call" for _, f in received)
    delivered = lock_fixes(received)
    logged: dict[str, list[float]] = {}
    for seq in sorted(rest):
        event = rest[seq]
        if isinstance(event, PositionsEvent):
            for row in event.rows:
                logged.setdefault(row[0], []).append(row[1])
    assert set(delivered) == set(logged) == set(locks)
    for lock, ts_list in logged.items():
        assert delivered[lock][-1][0] == ts_list[-1]  # every lock's latest fix got through
    assert sum(map(len, delivered.values())) < sum(map(len, logged.values())) / 3


def test_interval_changed_during_the_session(quiet: EmbeddedCloud,
                                             caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="cloudsim.stream")
    token = login(quiet, "ana", "pw1")
    with client(quiet, token) as api:
        since = head(api)
        with stream(quiet, token, since=since) as ws:
            receive_until(ws, lambda f: isinstance(f, HelloFrame))
            # Requests the server cannot read are ignored; the stream goes on.
            ws.send("not json")
            ws.send(json.dumps({"type": "set_position_interval", "seconds": "soon"}))
            ws.send(json.dumps({"type": "subscribe", "seconds": 1}))
            ws.send(b"\x00binary")
            ws.send(json.dumps({"type": "set_position_interval", "seconds": 1000}))
            ack = receive_until(ws, lambda f: isinstance(f, PositionIntervalFrame))[-1][1]
            assert ack.seconds == 300.0  # clamped
            ws.send(json.dumps({"type": "set_position_interval", "seconds": 2.5}))
            ack = receive_until(ws, lambda f: isinstance(f, PositionIntervalFrame))[-1][1]
            assert ack.seconds == 2.5
            thin = burst(api, 600, 30)
            received = receive_until(ws, through(thin["last_seq"]))
            check_thinned(received, logged_texts(quiet, since, thin["last_seq"]),
                          rest_events(api, since, thin["last_seq"]), 2.5)
            # Back to every fix: the fixes still held ride on the next positions frame, then
            # every frame is the log's own text again.
            ws.send(json.dumps({"type": "set_position_interval", "seconds": 0}))
            ack = receive_until(ws, lambda f: isinstance(f, PositionIntervalFrame))[-1][1]
            assert ack.seconds == 0.0
            full = burst(api, 150, 30)
            after = receive_until(ws, through(full["last_seq"]))
        rest = rest_events(api, since, full["last_seq"])
    logged = logged_texts(quiet, thin["last_seq"], full["last_seq"])
    after_events = events_of(after)
    assert [f.seq for _, f in after_events] == list(range(thin["last_seq"] + 1,
                                                          full["last_seq"] + 1))
    held, whole = after_events[0][1], after_events[1:]
    assert held.thinned  # the 2.5 s burst ended with fixes held back
    own = rest[held.seq]
    assert isinstance(held, PositionsEvent)
    assert isinstance(own, PositionsEvent)
    assert held.rows[-len(own.rows):] == own.rows  # then its own rows, whole
    for text, f in whole:
        assert not f.thinned
        assert text == logged[f.seq]
    delivered = lock_fixes(received + after)
    for event in rest.values():
        if isinstance(event, PositionsEvent):
            for row in event.rows:
                assert delivered[row[0]][-1][0] >= row[1]  # nobody left behind
    assert any("malformed client frame" in r.getMessage() for r in caplog.records)


def test_positions_every_must_be_a_number_of_seconds(quiet: EmbeddedCloud) -> None:
    token = login(quiet, "ana", "pw1")
    for bad in ["-1", "soon", "nan", "inf"]:
        with pytest.raises(InvalidStatus) as denied:
            stream(quiet, token, positions_every=bad)
        assert denied.value.response.status_code == 400
        assert b"positions_every" in denied.value.response.body
    with stream(quiet, token, positions_every=0) as ws:  # 0: full rate, no announcement
        assert isinstance(receive_until(ws, lambda f: True)[0][1], HelloFrame)
        ws.send(json.dumps({"type": "set_position_interval", "seconds": 1}))
        assert receive_until(ws, lambda f: True)[0][1] == PositionIntervalFrame(seconds=1.0)
    with stream(quiet, token, positions_every=9999) as ws:
        frames = receive_until(ws, lambda f: isinstance(f, PositionIntervalFrame))
        assert frames[-1][1].seconds == 300.0


def test_thinner_holds_the_latest_fix_and_sends_it_once_its_interval_passed() -> None:
    thinner = PositionThinner(5.0)
    a1 = ("A", 100.0, 1.0, 1.0, 0.0, 0.0)
    assert thinner.thin(100.0, [a1]) is None  # nothing held back: the frame goes as logged
    a2, b1 = ("A", 101.0, 1.0, 1.1, 0.0, 0.0), ("B", 101.0, 2.0, 2.0, 0.0, 0.0)
    assert thinner.thin(101.0, [a2, b1]) == [b1]
    a3 = ("A", 102.0, 1.0, 1.2, 0.0, 0.0)
    assert thinner.thin(102.0, [a3]) == []  # a3 replaces a2: latest wins
    assert thinner.thin(104.9, []) is None
    assert thinner.thin(105.0, []) == [a3]  # A's interval has passed: its latest fix goes
    a4 = ("A", 106.0, 1.0, 1.3, 0.0, 0.0)
    assert thinner.thin(106.0, [a4]) == []  # 4 s after a3, the last one sent
    assert thinner.thin(107.0, []) == [a4]
    a5 = ("A", 111.0, 1.0, 1.4, 0.0, 0.0)
    assert thinner.thin(111.0, [a5]) is None  # 5 s after a4: goes at once
    back = ("A", 50.0, 0.0, 0.0, 0.0, 0.0)  # the lock's clock jumped back: sent at once
    assert thinner.thin(111.0, [back]) is None
    b2 = ("B", 103.0, 2.0, 2.1, 0.0, 0.0)
    assert thinner.thin(103.0, [b2]) == []
    assert thinner.set_interval(0) == 0.0
    assert thinner.active  # b2 is still held
    assert thinner.set_interval(5) == 5.0  # changed again before the next positions frame
    assert thinner.thin(105.0, []) is None
    assert thinner.set_interval(0) == 0.0
    b3 = ("B", 104.0, 2.0, 2.2, 0.0, 0.0)
    assert thinner.thin(104.0, [b3]) == [b2, b3]  # held fixes first, then the frame whole
    assert not thinner.active
    assert thinner.thin(105.0, [b3]) is None
    assert thinner.set_interval(-3) == 0.0
    assert thinner.set_interval(1e9) == 300.0


# --------------------------------------------------------------------------- the burst


def test_burst_is_logged_as_asked_and_replays_from_since(quiet: EmbeddedCloud) -> None:
    token = login(quiet, "ana", "pw1")
    with client(quiet, token) as api:
        locks = [lk["id"] for lk in api.get("/fleet").json()["locks"]]
        b = burst(api, 1000, 300)
        assert b["positions"] == 1000
        assert b["events"] == 4
        assert b["last_seq"] - b["first_seq"] + 1 == 4  # nothing else moves on a quiet cloud
        with stream(quiet, token, since=b["first_seq"] - 1) as ws:
            received = events_of(receive_until(ws, through(b["last_seq"])))
        verdict = api.get("/log/verify", params={"from_seq": b["first_seq"],
                                                 "to_seq": b["last_seq"]}).json()
        assert verdict["ok"], verdict
        events = [f for _, f in received]
        assert all(isinstance(e, PositionsEvent) and not e.thinned for e in events)
        assert [len(e.rows) for e in events] == [300, 300, 300, 100]
        # Every body verifies against the chain, from the entry before the burst.
        anchor = api.get("/log/verify", params={"from_seq": b["first_seq"] - 1,
                                                "to_seq": b["first_seq"] - 1}).json()
        assert verify_links([link_of(e) for e in events], anchor["head_hash"]) == (True, None)
        rows = [r for e in events for r in e.rows]
        assert [r[0] for r in rows[:2 * len(locks)]] == locks + locks  # once a round
        per_lock: dict[str, list[float]] = {}
        for r in rows:
            per_lock.setdefault(r[0], []).append(r[1])
        for ts_list in per_lock.values():
            assert all(b_ - a == 1.0 for a, b_ in itertools.pairwise(ts_list))
        # The log only: the positions history does not hold the burst.
        history = api.get(f"/locks/{locks[0]}/positions",
                          params={"start": rows[0][1] - 1, "end": rows[-1][1] + 1}).json()
        assert history["items"] == []
        # The published state moved with it: the snapshot shows each lock's last burst fix.
        snap = {lk["id"]: lk for lk in api.get("/fleet").json()["locks"]}
        assert snap[rows[-1][0]]["position"]["ts"] == rows[-1][1]
        # The next burst drives on from there.
        again = burst(api, 30, 30)
        with stream(quiet, token, since=again["first_seq"] - 1) as ws:
            nxt = events_of(receive_until(ws, through(again["last_seq"])))[-1][1]
        assert min(r[1] for r in nxt.rows) == max(r[1] for r in rows) + 1.0


def test_burst_needs_a_token_and_a_valid_body(quiet: EmbeddedCloud) -> None:
    url = f"{quiet.url}{API_PREFIX}/sim/burst"
    assert httpx.post(url, json={"positions": 10}).status_code == 401
    token = login(quiet, "ana", "pw1")
    with client(quiet, token) as api:
        for body in [{}, {"positions": 0}, {"positions": 5_000_001}, {"positions": "10"},
                     {"positions": 1.5}, {"positions": True},
                     {"positions": 10, "rows_per_event": 0},
                     {"positions": 10, "rows_per_event": 5001},
                     {"positions": 10, "extra": 1}]:
            r = api.post("/sim/burst", json=body)
            assert r.status_code == 422, body
            assert r.json()["error"] == "invalid_request"
        assert api.post("/sim/burst", content=b"{", headers={
            "Content-Type": "application/json"}).status_code == 422
        assert burst(api, 10, 5000)["events"] == 1  # rows_per_event defaults and caps


def test_burst_is_in_the_openapi_document_as_a_simulator_route(quiet: EmbeddedCloud) -> None:
    doc = httpx.get(f"{quiet.url}/openapi.json").json()
    route = doc["paths"][f"{API_PREFIX}/sim/burst"]["post"]
    assert route["tags"] == ["simulator"]
    assert "201" in route["responses"]


def test_a_ticks_events_are_handed_to_the_streams_before_its_telemetry_is_reported(
        tmp_path: Path) -> None:
    """An alarm must not wait behind the tick's fixes (ten thousand of them at fleet scale): a
    stream's sender wakes with the alarm while that tick's fixes are not even reported yet."""
    import asyncio

    from cloudsim.server import Cloud, CloudConfig

    cloud = Cloud(CloudConfig(data_dir=tmp_path / "tick", locks=40, seed=3,
                              fix_interval_s=0.25, sample_interval_s=0.25, incident_rate=0.0))
    clog = next(iter(cloud.service.logs.values()))
    lock_id = cloud.sim.inject_incident("fiber_cut")

    async def scenario() -> tuple[int, int, int, int]:
        sub = clog.subscribe()
        ticking = asyncio.create_task(cloud._tick())
        try:
            while True:
                seq, text, _ = await sub.next(5.0)
                if '"alarm_raised"' in text:
                    # What the tick had done when this subscriber (a stream's sender) woke.
                    pending = sum(len(p) for p in cloud.service._pending_positions.values())
                    alarm_seq, head_seq = seq, clog.head_seq
                    break
            while True:  # the tick's fixes follow, once the sender had its turn
                seq, text, _ = await sub.next(5.0)
                if '"positions"' in text:
                    return alarm_seq, head_seq, pending, seq
        finally:
            ticking.cancel()
            await asyncio.gather(ticking, return_exceptions=True)

    try:
        alarm_seq, head_seq, pending_fixes, positions_seq = asyncio.run(scenario())
    finally:
        cloud.db.close()
    assert lock_id
    assert pending_fixes == 0  # the tick's 40 fixes are reported only after the sender ran
    assert head_seq <= alarm_seq + 2  # the alarm (and its lock's events), no telemetry after
    assert positions_seq > head_seq
