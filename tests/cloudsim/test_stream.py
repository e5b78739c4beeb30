"""The alert stream over real websockets: order, resume, restart, resync, the hash chain."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus

from cloudsim.server import EmbeddedCloud
from opticallock.protocol import (
    API_PREFIX,
    CLOSE_RESYNC_REQUIRED,
    EventBase,
    EventPage,
    HeartbeatFrame,
    HelloFrame,
    PositionsEvent,
    ResyncRequiredFrame,
    decode_frame,
    link_of,
    verify_links,
)
from tests.cloudsim.conftest import login, open_stream, read_until


def events_only(frames: list[Any]) -> list[EventBase]:
    return [f for f in frames if isinstance(f, EventBase)]


def until_seq(target: int) -> Any:
    return lambda f: isinstance(f, EventBase) and f.seq >= target


def server_log(api: httpx.Client, through: int) -> list[EventBase]:
    events: list[EventBase] = []
    after = 0
    while after < through:
        page = EventPage.model_validate_json(api.get("/events", params={"after": after}).content)
        events.extend(page.events)
        if not page.events:
            break
        after = page.events[-1].seq
    return [e for e in events if e.seq <= through]


def test_stream_replays_from_since_in_order_with_a_valid_chain(cloud: EmbeddedCloud, token: str,
                                                              api: httpx.Client) -> None:
    with open_stream(cloud, token, since=0) as ws:
        hello = read_until(ws, lambda f: True)[0]
        assert isinstance(hello, HelloFrame)
        assert hello.carrier.id == "frontera"
        frames = read_until(ws, until_seq(hello.head_seq + 20))
        frames += read_until(ws, lambda f: isinstance(f, PositionsEvent) and len(f.rows) > 1)
    events = events_only(frames)
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    ok, bad = verify_links([link_of(e) for e in events], anchor="0" * 64)
    assert ok, f"chain broken at {bad}"
    # Telemetry arrives batched: many positions per frame.
    batches = [e for e in events if isinstance(e, PositionsEvent)]
    assert batches
    assert max(len(b.rows) for b in batches) > 1
    # What the stream sent is exactly what the log holds.
    assert [e.model_dump() for e in server_log(api, events[-1].seq)] == \
        [e.model_dump() for e in events]


def test_resume_after_disconnect_loses_nothing_and_repeats_nothing(cloud: EmbeddedCloud,
                                                                  token: str) -> None:
    received: list[EventBase] = []
    with open_stream(cloud, token, since=0) as ws:
        hello = read_until(ws, lambda f: True)[0]
        received += events_only(read_until(ws, until_seq(hello.head_seq + 5)))
    # Disconnected: the fleet keeps moving. Resume from the last applied seq, three times.
    for _ in range(3):
        with open_stream(cloud, token, since=received[-1].seq) as ws:
            target = received[-1].seq + 8
            received += events_only(read_until(ws, until_seq(target)))
    seqs = [e.seq for e in received]
    assert seqs == list(range(1, len(seqs) + 1))
    assert verify_links([link_of(e) for e in received], anchor="0" * 64)[0]


def test_resume_across_a_server_restart(cloud: EmbeddedCloud, token: str) -> None:
    received: list[EventBase] = []
    with open_stream(cloud, token, since=0) as ws:
        hello = read_until(ws, lambda f: True)[0]
        received += events_only(read_until(ws, until_seq(hello.head_seq + 3)))
        cloud.restart()
        with pytest.raises(ConnectionClosed):
            while True:  # what was in flight, until the stopping server's close arrives
                received += events_only([decode_frame(ws.recv(timeout=10))])
    # The token survives the restart; the log continues where it stopped.
    with open_stream(cloud, token, since=received[-1].seq) as ws:
        hello2 = read_until(ws, lambda f: True)[0]
        assert isinstance(hello2, HelloFrame)
        received += events_only(read_until(ws, until_seq(hello2.head_seq + 5)))
    seqs = [e.seq for e in received]
    assert seqs == list(range(1, len(seqs) + 1))
    assert verify_links([link_of(e) for e in received], anchor="0" * 64)[0]


def test_since_older_than_the_retained_log_requires_resync(cloud: EmbeddedCloud,
                                                          token: str) -> None:
    with open_stream(cloud, token, since=0) as ws:
        hello = read_until(ws, lambda f: True)[0]
        read_until(ws, until_seq(hello.head_seq + 3))
    assert cloud.cloud is not None
    clog = cloud.cloud.service.logs["frontera"]
    dropped = cloud.call(lambda: clog.compact_telemetry(through_seq=clog.head_seq))
    assert dropped > 0
    with open_stream(cloud, token, since=0) as ws:
        frame = read_until(ws, lambda f: True)[0]
        assert isinstance(frame, ResyncRequiredFrame)
        assert frame.oldest_seq > 1
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=5)
        assert closed.value.rcvd is not None
        assert closed.value.rcvd.code == CLOSE_RESYNC_REQUIRED
    # The REST backfill says the same, explicitly.
    r = httpx.get(f"{cloud.url}{API_PREFIX}/events", params={"after": 0},
                  headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 410
    assert r.json()["error"] == "resync_required"
    # A since ahead of the log (the cloud was reset) also requires a resync.
    with open_stream(cloud, token, since=10**9) as ws:
        assert isinstance(read_until(ws, lambda f: True)[0], ResyncRequiredFrame)
    # The compacted chain still verifies end to end.
    head = clog.head_seq
    v = httpx.get(f"{cloud.url}{API_PREFIX}/log/verify", params={"from_seq": 1, "to_seq": head},
                  headers={"Authorization": f"Bearer {token}"}).json()
    assert v["ok"], v


def test_verify_detects_an_edited_entry(cloud: EmbeddedCloud, token: str,
                                        api: httpx.Client) -> None:
    with open_stream(cloud, token, since=0) as ws:
        hello = read_until(ws, lambda f: True)[0]
        read_until(ws, until_seq(hello.head_seq + 10))
    ok = api.get("/log/verify", params={"from_seq": 1, "to_seq": 10}).json()
    assert ok["ok"]
    assert ok["checked"] == 10
    assert cloud.cloud is not None
    db = cloud.cloud.db

    def edit() -> None:  # move one event a minute back in time, as a forger might
        row = db.one("SELECT body FROM log WHERE carrier_id='frontera' AND seq=5")
        assert row is not None
        body = json.loads(row[0])
        body["ts"] -= 60.0
        db.execute("UPDATE log SET body=? WHERE carrier_id='frontera' AND seq=5",
                   (json.dumps(body),))

    cloud.call(edit)
    bad = api.get("/log/verify", params={"from_seq": 1, "to_seq": 10}).json()
    assert not bad["ok"]
    assert bad["first_bad_seq"] == 5


def test_stream_needs_a_bearer_token_and_valid_since(cloud: EmbeddedCloud, token: str) -> None:
    with pytest.raises(InvalidStatus) as denied:
        open_stream(cloud, "wrong-token")
    assert denied.value.response.status_code == 401
    with pytest.raises(InvalidStatus) as bad_since:
        open_stream(cloud, token, since=-3)  # type: ignore[arg-type]
    assert bad_since.value.response.status_code == 400


def test_each_carrier_streams_only_its_own_fleet(cloud: EmbeddedCloud, token: str) -> None:
    carla = login(cloud, "carla", "pw3")
    mine = {lk["id"] for lk in httpx.get(f"{cloud.url}{API_PREFIX}/fleet",
                                         headers={"Authorization": f"Bearer {carla}"})
            .json()["locks"]}
    with open_stream(cloud, carla, since=0) as ws:
        hello = read_until(ws, lambda f: True)[0]
        assert hello.carrier.id == "pacifico"
        events = events_only(read_until(ws, until_seq(hello.head_seq + 10)))
        events += events_only(read_until(ws, lambda f: isinstance(f, PositionsEvent)))
    seen = {r[0] for e in events for r in getattr(e, "rows", [])}
    seen |= {e.lock_id for e in events if hasattr(e, "lock_id")}
    assert seen
    assert seen <= mine


def test_idle_stream_gets_heartbeats(tmp_path: Any) -> None:
    from cloudsim.server import start_embedded

    quiet = start_embedded(tmp_path / "quiet", locks=5, users=[("ana", "pw1", None)],
                           simulate=False)
    try:
        token = login(quiet, "ana", "pw1")
        with open_stream(quiet, token) as ws:
            frames = read_until(ws, lambda f: isinstance(f, HeartbeatFrame), timeout=15)
        assert isinstance(frames[0], HelloFrame)
        assert isinstance(frames[-1], HeartbeatFrame)
    finally:
        quiet.stop()
