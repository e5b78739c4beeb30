"""The REST API over real HTTP: sessions, snapshot, history paging, alarms, messages, errors."""

from __future__ import annotations

import time
import uuid

import httpx
import pytest

from cloudsim.server import EmbeddedCloud
from opticallock.protocol import (
    API_PREFIX,
    AlarmRaisedEvent,
    FleetSnapshot,
    LockStateEvent,
    TamperEvent,
)
from tests.cloudsim.conftest import login, open_stream, read_until


def rid() -> str:
    return uuid.uuid4().hex


def test_login_gives_token_and_bad_password_is_401_with_clear_body(cloud: EmbeddedCloud) -> None:
    ok = httpx.post(f"{cloud.url}{API_PREFIX}/session", json={"username": "ana", "password": "pw1"})
    assert ok.status_code == 201
    body = ok.json()
    assert len(body["token"]) >= 32
    assert body["user"]["carrier"]["id"] == "frontera"
    assert body["expires_at"] > time.time()

    for user, password in [("ana", "wrong"), ("nobody", "pw1")]:
        bad = httpx.post(f"{cloud.url}{API_PREFIX}/session",
                         json={"username": user, "password": password})
        assert bad.status_code == 401
        assert bad.json()["error"] == "invalid_credentials"
        assert "Wrong username or password" in bad.json()["message"]


def test_requests_without_valid_bearer_token_are_401(cloud: EmbeddedCloud, token: str) -> None:
    base = f"{cloud.url}{API_PREFIX}"
    assert httpx.get(f"{base}/fleet").status_code == 401
    r = httpx.get(f"{base}/fleet", headers={"Authorization": "Bearer not-a-token"})
    assert r.status_code == 401
    assert r.json()["error"] == "invalid_token"
    # A token in the URL is never accepted (it would end up in logs).
    assert httpx.get(f"{base}/fleet", params={"token": token}).status_code == 401


def test_logout_revokes_the_token(cloud: EmbeddedCloud, token: str) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    base = f"{cloud.url}{API_PREFIX}"
    assert httpx.delete(f"{base}/session", headers=headers).status_code == 204
    assert httpx.get(f"{base}/fleet", headers=headers).status_code == 401


def test_snapshot_holds_the_carriers_fleet_only(cloud: EmbeddedCloud, api: httpx.Client) -> None:
    snap = FleetSnapshot.model_validate_json(api.get("/fleet").content)
    assert snap.carrier.id == "frontera"
    assert snap.trailers
    assert len(snap.trailers) == len(snap.locks) == len(snap.drivers)
    assert {t.lock_id for t in snap.trailers} == {lk.id for lk in snap.locks}
    assert all(lk.trailer_id in {t.id for t in snap.trailers} for lk in snap.locks)
    assert snap.seq >= 0

    carla = login(cloud, "carla", "pw3")
    other = httpx.get(f"{cloud.url}{API_PREFIX}/fleet",
                      headers={"Authorization": f"Bearer {carla}"}).json()
    assert other["carrier"]["id"] == "pacifico"
    theirs = {lk["id"] for lk in other["locks"]}
    assert theirs
    assert not theirs & {lk.id for lk in snap.locks}
    # Another carrier's lock, driver and history are simply not there for ana.
    foreign = next(iter(theirs))
    r = api.get(f"/locks/{foreign}/positions", params={"start": 0, "end": time.time()})
    assert r.status_code == 404
    assert r.json()["error"] == "not_found"
    foreign_driver = other["drivers"][0]["id"]
    assert api.get(f"/drivers/{foreign_driver}/messages").status_code == 404


def test_position_history_pages_with_a_cursor(cloud: EmbeddedCloud, api: httpx.Client) -> None:
    lock_id = api.get("/fleet").json()["locks"][0]["id"]
    start = time.time() - 60
    # Wait (on data, not a clock) until a few fixes of this lock were logged.
    with open_stream(cloud, api.headers["Authorization"].split()[1], since=0) as ws:
        seen = 0

        def enough(frame: object) -> bool:
            nonlocal seen
            rows = getattr(frame, "rows", [])
            seen += sum(1 for r in rows if r[0] == lock_id and len(r) == 6)
            return seen >= 7

        read_until(ws, enough)
    end = time.time() + 1
    whole = api.get(f"/locks/{lock_id}/positions",
                    params={"start": start, "end": end, "limit": 5000}).json()
    assert whole["next_cursor"] is None
    assert len(whole["items"]) >= 7

    pages, cursor = [], None
    while True:
        params: dict[str, object] = {"start": start, "end": end, "limit": 3}
        if cursor:
            params["cursor"] = cursor
        page = api.get(f"/locks/{lock_id}/positions", params=params).json()
        pages.extend(page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert pages == whole["items"][: len(pages)]
    assert len(pages) >= len(whole["items"])
    ts = [p["ts"] for p in pages]
    assert ts == sorted(ts)

    fiber = api.get(f"/locks/{lock_id}/fiber", params={"start": start, "end": end}).json()
    assert fiber["items"]
    assert all(-60 < s["dbm"] < 0 for s in fiber["items"])


def _raise_alarm(cloud: EmbeddedCloud, token: str, kind: str = "fiber_cut") -> AlarmRaisedEvent:
    assert cloud.cloud is not None
    sim = cloud.cloud.sim
    with open_stream(cloud, token) as ws:
        lock_id = cloud.call(lambda: sim.inject_incident(kind))
        frames = read_until(ws, lambda f: isinstance(f, AlarmRaisedEvent)
                            and f.alarm.lock_id == lock_id)
    event = frames[-1]
    assert isinstance(event, AlarmRaisedEvent)
    return event


def test_second_dispatchers_ack_is_409_naming_the_first(cloud: EmbeddedCloud, token: str,
                                                       api: httpx.Client) -> None:
    alarm = _raise_alarm(cloud, token).alarm
    assert alarm.type == "fiber_cut"
    assert alarm.priority == "critical"
    first = rid()
    r = api.post(f"/alarms/{alarm.id}/ack", json={"request_id": first, "note": "calling driver"})
    assert r.status_code == 200, r.text
    assert r.json()["state"] == "acknowledged"
    assert r.json()["acknowledged_by"] == "ana"
    # A retry of the same request is answered the same, not as a second acknowledgement.
    again = api.post(f"/alarms/{alarm.id}/ack", json={"request_id": first, "note": "calling"})
    assert again.status_code == 200
    assert again.json() == r.json()

    ben = login(cloud, "ben", "pw2")
    late = httpx.post(f"{cloud.url}{API_PREFIX}/alarms/{alarm.id}/ack",
                      headers={"Authorization": f"Bearer {ben}"},
                      json={"request_id": rid(), "note": "me too"})
    assert late.status_code == 409
    body = late.json()
    assert body["error"] == "already_acknowledged"
    assert body["by"] == "ana"
    assert "ana" in body["message"]
    assert abs(body["at"] - r.json()["acknowledged_at"]) < 1e-6

    resolved = api.post(f"/alarms/{alarm.id}/resolve",
                        json={"request_id": rid(), "outcome": "police_notified", "note": "CHP"})
    assert resolved.status_code == 200
    assert resolved.json()["state"] == "resolved"
    listed = api.get("/alarms", params={"state": "resolved"}).json()["items"]
    assert [a["id"] for a in listed] == [alarm.id]
    assert api.get("/alarms", params={"state": "open"}).json()["items"] == []


def test_messages_to_a_driver_are_listed(cloud: EmbeddedCloud, api: httpx.Client) -> None:
    driver = api.get("/drivers").json()["items"][0]
    r = api.post(f"/drivers/{driver['id']}/messages",
                 json={"request_id": rid(), "text": "Confirm the seal is intact"})
    assert r.status_code == 201, r.text
    assert r.json()["status"] == "sent"
    items = api.get(f"/drivers/{driver['id']}/messages").json()["items"]
    assert [m["id"] for m in items] == [r.json()["id"]]


def test_geofences_include_the_border_crossings_and_trips_are_planned(api: httpx.Client) -> None:
    fences = api.get("/geofences").json()["items"]
    names = " ".join(f["name"] for f in fences)
    assert "Otay Mesa" in names
    assert "World Trade Bridge" in names
    kinds = {f["kind"] for f in fences}
    assert {"terminal", "border_crossing"} <= kinds
    trips = api.get("/trips").json()["items"]
    assert trips
    assert all(t["window_end"] > t["window_start"] for t in trips)


def test_openapi_document_is_served(cloud: EmbeddedCloud) -> None:
    doc = httpx.get(f"{cloud.url}/openapi.json").json()
    assert doc["info"]["title"] == "OpticalLock reference cloud"
    for path in ["/api/v1/session", "/api/v1/fleet", "/api/v1/events",
                 "/api/v1/locks/{lock_id}/positions", "/api/v1/alarms/{alarm_id}/ack"]:
        assert path in doc["paths"]


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status", "error"),
    [
        ("post", "/session", {"content": b"{not json"}, 422, "invalid_request"),
        ("post", "/session", {"content": b"\xff\xfe'\n",
                              "headers": {"content-type": "application/json"}},
         422, "invalid_request"),
        ("post", "/session", {"json": {"username": 5, "password": []}}, 422, "invalid_request"),
        ("post", "/session", {"json": {"username": "ana"}}, 422, "invalid_request"),
        ("post", "/session", {"content": b"x" * 100_000,
                              "headers": {"content-type": "application/json"}},
         413, "body_too_large"),
        ("get", "/locks/bad%20id!/positions", {"params": {"start": 0, "end": 1}}, 422,
         "invalid_request"),
        ("get", "/locks/OL-NOPE/positions", {"params": {"start": 0, "end": 1}}, 404, "not_found"),
        ("get", "/locks/{lock}/positions", {"params": {"start": 10, "end": 5}}, 400,
         "invalid_range"),
        ("get", "/locks/{lock}/positions", {"params": {"start": "yesterday", "end": 5}}, 422,
         "invalid_request"),
        ("get", "/locks/{lock}/positions", {"params": {"start": 0, "end": 9e9}}, 400,
         "invalid_range"),
        ("get", "/locks/{lock}/fiber", {"params": {"start": 0, "end": 5, "cursor": "@@@"}}, 400,
         "invalid_cursor"),
        ("get", "/locks/{lock}/events", {"params": {"start": 0, "end": 5, "limit": 0}}, 422,
         "invalid_request"),
        ("get", "/alarms", {"params": {"state": "sleeping"}}, 422, "invalid_request"),
        ("post", "/alarms/AL-NOPE/ack", {"json": {"request_id": "abcdefgh12"}}, 404, "not_found"),
        ("post", "/alarms/AL-NOPE/ack", {"json": {"request_id": "x"}}, 422, "invalid_request"),
        ("post", "/alarms/AL-NOPE/resolve", {"json": {"request_id": "abcdefgh12",
                                                      "outcome": "shrug"}}, 422,
         "invalid_request"),
        ("post", "/drivers/{driver}/messages", {"json": {"request_id": "abcdefgh12",
                                                         "text": "   "}}, 422,
         "invalid_request"),
        ("post", "/drivers/{driver}/messages", {"json": {"request_id": "abcdefgh12",
                                                         "text": "x" * 501}}, 422,
         "invalid_request"),
        ("get", "/events", {"params": {"after": -1}}, 422, "invalid_request"),
        ("get", "/log/verify", {"params": {"from_seq": 5, "to_seq": 2}}, 400, "invalid_range"),
        ("get", "/no/such/route", {}, 404, "not_found"),
        ("put", "/fleet", {}, 405, "method_not_allowed"),
    ],
)
def test_invalid_input_is_4xx_json(api: httpx.Client, method: str, path: str,
                                   kwargs: dict[str, object], status: int, error: str) -> None:
    fleet = api.get("/fleet").json()
    path = path.format(lock=fleet["locks"][0]["id"], driver=fleet["drivers"][0]["id"])
    r = api.request(method, path, **kwargs)  # type: ignore[arg-type]
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    assert r.json()["error"] == error
    assert r.json()["message"]
    # ...and the server is still fine afterwards.
    assert api.get("/fleet").status_code == 200


def test_steps_escalation_seen_and_the_audit_trail(cloud: EmbeddedCloud, token: str,
                                                   api: httpx.Client) -> None:
    alarm = _raise_alarm(cloud, token).alarm
    base = f"/alarms/{alarm.id}"
    assert api.post(f"{base}/seen", json={"request_id": rid()}).json()["seen_by"] == ["ana"]
    assert api.post(f"{base}/seen", json={"request_id": rid()}).json()["seen_by"] == ["ana"]
    step = api.post(f"{base}/steps", json={"request_id": rid(), "step_id": "call_driver",
                                            "label": "Call the driver", "done": True}).json()
    assert [(s["step_id"], s["done"], s["by"]) for s in step["steps"]] == \
        [("call_driver", True, "ana")]
    up = api.post(f"{base}/escalate", json={"request_id": rid(), "level": 1,
                                            "reason": "not acknowledged in 2 min"}).json()
    assert up["escalation_level"] == 1
    # Another console reporting the same level changes nothing.
    again = api.post(f"{base}/escalate", json={"request_id": rid(), "level": 1}).json()
    assert again["escalation_level"] == 1
    assert again["escalated_at"] == up["escalated_at"]
    api.post(f"{base}/ack", json={"request_id": rid(), "note": "driver reached"})
    api.post(f"{base}/steps", json={"request_id": rid(), "step_id": "call_driver",
                                    "label": "Call the driver", "done": False})
    api.post(f"{base}/resolve", json={"request_id": rid(), "outcome": "false_alarm",
                                      "note": "seal fine"})
    late = api.post(f"{base}/steps", json={"request_id": rid(), "step_id": "x",
                                           "label": "Late", "done": True})
    assert late.status_code == 409
    audit = api.get(f"{base}/audit").json()
    kinds = [e["type"] for e in audit["events"]]
    # Acknowledging an alarm nobody owns makes the acknowledger its owner (alarm_owner, take).
    assert kinds == ["alarm_raised", "alarm_seen", "alarm_step", "alarm_escalated",
                     "alarm_owner", "alarm_acknowledged", "alarm_step", "alarm_resolved"]
    assert audit["alarm"]["state"] == "resolved"
    assert audit["alarm"]["steps"][0]["done"] is False
    seqs = [e["seq"] for e in audit["events"]]
    assert seqs == sorted(seqs)


def test_tamper_and_unlock_events_come_after_their_fixes_and_say_where(
        cloud: EmbeddedCloud, token: str) -> None:
    assert cloud.cloud is not None
    sim = cloud.cloud.sim
    with open_stream(cloud, token) as ws:
        # Staged at once, before the simulator reported the trailers' first fixes in the log.
        cut = cloud.call(lambda: sim.inject_incident("fiber_cut"))
        opened = cloud.call(lambda: sim.inject_incident("unlock_outside"))
        frames = read_until(ws, lambda f: isinstance(f, LockStateEvent) and f.lock_id == opened)
    tamper = next(f for f in frames if isinstance(f, TamperEvent) and f.lock_id == cut)
    unlock = frames[-1]
    assert tamper.position is not None
    assert unlock.position is not None
