"""Reading the log for a report against a real cloudsim: ``GET /events?types=`` pages through
only the events asked for (and still reads them once telemetry is compacted), ``GET /log/range``
gives the seqs of a time range, and that range verifies."""

from __future__ import annotations

from typing import Any

import httpx

from cloudsim.server import EmbeddedCloud
from opticallock.protocol import AlarmRaisedEvent, LogRange, SealEvent
from tests.cloudsim.conftest import open_stream, read_until


def all_events(api: httpx.Client, **params: Any) -> list[dict[str, Any]]:
    """Every event after 0 (of ``types``, if given), page by page with ``next_after``."""
    out: list[dict[str, Any]] = []
    after = 0
    while True:
        r = api.get("/events", params={"after": after, **params})
        assert r.status_code == 200, r.text
        page = r.json()
        out += page["events"]
        if page["next_after"] is None:
            return out
        assert page["next_after"] == page["events"][-1]["seq"]
        after = page["next_after"]


def cut_seals(cloud: EmbeddedCloud, token: str, n: int) -> list[SealEvent]:
    """``n`` fiber cuts: a tampered seal event each."""
    assert cloud.cloud is not None
    sim = cloud.cloud.sim
    out = []
    with open_stream(cloud, token) as ws:
        for _ in range(n):
            lock_id = cloud.call(lambda: sim.inject_incident("fiber_cut"))
            frames = read_until(ws, lambda f, lock_id=lock_id: isinstance(f, AlarmRaisedEvent)
                                and f.alarm.lock_id == lock_id)
            out += [f for f in frames if isinstance(f, SealEvent)]
    return out


def test_events_of_some_types_page_through_the_log(cloud: EmbeddedCloud, token: str,
                                                   api: httpx.Client) -> None:
    tampered = cut_seals(cloud, token, 3)
    assert len(tampered) == 3
    everything = all_events(api, limit=2000)
    expected = [e for e in everything if e["type"] in ("seal", "alarm_raised")]
    assert len(expected) == 6
    # One a page: each page holds only those types, and next_after leads to the next one.
    pages = []
    after = 0
    while True:
        page = api.get("/events", params={"after": after, "limit": 1,
                                          "types": "seal,alarm_raised"}).json()
        if not page["events"]:
            assert page["next_after"] is None
            break
        pages.append(page["events"])
        assert page["head_seq"] >= page["events"][0]["seq"]
        after = page["next_after"]
    assert [p[0] for p in pages] == expected
    assert all_events(api, types="seal") == [e for e in expected if e["type"] == "seal"]
    assert [e["seq"] for e in all_events(api, types="seal")] == [e.seq for e in tampered]
    # A type this log does not know matches nothing; a malformed list is refused.
    assert api.get("/events", params={"types": "teleportation"}).json()["events"] == []
    for bad in ("Seal", "seal,,trip", "", "seal;trip"):
        r = api.get("/events", params={"types": bad})
        assert r.status_code == 422, bad
        assert r.json()["error"] == "invalid_request"


def test_seal_events_are_still_read_once_telemetry_is_compacted(
        cloud: EmbeddedCloud, token: str, api: httpx.Client) -> None:
    [tampered] = cut_seals(cloud, token, 1)
    assert cloud.cloud is not None
    clog = next(iter(cloud.cloud.service.logs.values()))
    cloud.call(lambda: clog.compact_telemetry(through_seq=clog.head_seq))
    assert api.get("/events", params={"after": 0}).status_code == 410
    assert api.get("/events", params={"after": 0, "types": "fiber,seal"}).status_code == 410
    r = api.get("/events", params={"after": 0, "types": "seal"})
    assert r.status_code == 200, r.text
    assert [e["seq"] for e in r.json()["events"]] == [tampered.seq]


def test_log_range_gives_the_seqs_of_a_time_range_and_it_verifies(
        cloud: EmbeddedCloud, token: str, api: httpx.Client) -> None:
    tampered = cut_seals(cloud, token, 2)
    everything = all_events(api, limit=2000)
    start, end = tampered[0].ts, tampered[1].ts + 0.001
    r = api.get("/log/range", params={"from_ts": start, "to_ts": end})
    assert r.status_code == 200, r.text
    got = LogRange.model_validate_json(r.content)
    inside = [e["seq"] for e in everything if start <= e["ts"] < end]
    assert (got.first_seq, got.last_seq) == (min(inside), max(inside))
    assert got.first_seq is not None
    assert got.last_seq is not None
    assert got.first_seq <= tampered[0].seq
    assert got.last_seq >= tampered[1].seq
    verified = api.get("/log/verify", params={"from_seq": got.first_seq,
                                              "to_seq": got.last_seq}).json()
    assert verified["ok"]
    assert verified["checked"] == got.last_seq - got.first_seq + 1
    # Nothing logged in the future; a backwards or too long range is refused.
    later = api.get("/log/range", params={"from_ts": end + 10**6, "to_ts": end + 10**6 + 60})
    assert later.json()["first_seq"] is None
    assert later.json()["last_seq"] is None
    assert api.get("/log/range", params={"from_ts": end, "to_ts": start}).status_code == 400
    assert api.get("/log/range", params={"from_ts": 0, "to_ts": 90 * 86400}).status_code == 400
    assert api.get("/log/range", params={"from_ts": "NaN", "to_ts": 5}).status_code == 422
