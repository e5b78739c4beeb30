"""The OpenAPI document against the server over real HTTP: every route of the app is in it, every
refusal it documents has the error body's schema, and walking each operation with requests that
provoke each refusal gives exactly the statuses the document lists. A wrong method is 405 with an
``Allow`` header naming every method the path serves."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from fastapi.routing import APIRoute

from cloudsim.app import served_routes
from cloudsim.server import EmbeddedCloud
from opticallock.protocol import (
    API_PREFIX,
    MAX_BODY_BYTES,
    ConflictBody,
    DriverAppEvent,
    ErrorBody,
    UnlockRequestEvent,
)
from tests.cloudsim.conftest import open_stream, read_until
from tests.cloudsim.test_api import _raise_alarm

Operation = tuple[str, str]  # (method, path)


def rid() -> str:
    return uuid.uuid4().hex


#: A valid body for each request schema of the API.
BODIES: dict[str, dict[str, Any]] = {
    "LoginRequest": {"username": "ana", "password": "pw1"},
    "AcknowledgeRequest": {"note": "on it"},
    "ResolveRequest": {"outcome": "false_alarm"},
    "StepRequest": {"step_id": "call_driver", "label": "Call the driver"},
    "EscalateRequest": {"level": 2},
    "SeenRequest": {},
    "SendMessageRequest": {"text": "Please call dispatch"},
    "CallRecordRequest": {"outcome": "reached"},
    "BurstRequest": {"positions": 10},
    "ApproveUnlockRequest": {"valid_minutes": 30},
    "RefuseUnlockRequest": {"reason": "Not at the destination"},
    "OwnerRequest": {"action": "take"},
    "NoteRequest": {"text": "Driver called back, all well"},
    # Version 0 never exists: the valid body meets the conflict.
    "PoliciesUpdate": {"base_version": 0, "policies": []},
    "ActionPlansUpdate": {"base_version": 0, "plans": []},
}
#: Request schemas without a request_id (the rest are actions safe to retry).
NO_REQUEST_ID = ("LoginRequest", "PoliciesUpdate", "ActionPlansUpdate")
#: Paths whose 409 is a ConflictBody (somebody decided first), not an ErrorBody.
CONFLICT_PATHS = ("/alarms/", "/unlock-requests/", "/policies", "/action-plans")
#: Statuses the walk below cannot provoke, each with the reason (none, today).
NOT_PROVOKED: dict[Operation, set[int]] = {}


def body_schema(op: dict[str, Any]) -> str | None:
    content = op.get("requestBody", {}).get("content", {}).get("application/json")
    if content is None:
        return None
    return str(content["schema"]["$ref"].rsplit("/", 1)[-1])


def fill(path: str, ids: dict[str, str]) -> str:
    for name, value in ids.items():
        path = path.replace("{" + name + "}", value)
    return path


def valid_query(op: dict[str, Any], now: float) -> dict[str, Any]:
    values = {"start": now - 3600, "end": now + 60, "from_seq": 1, "to_seq": 1,
              "from_ts": now - 3600, "to_ts": now + 60}
    return {p["name"]: values[p["name"]] for p in op.get("parameters", [])
            if p["in"] == "query" and p.get("required")}


def provoke(client: httpx.Client, token: str, method: str, path: str, op: dict[str, Any],
            ids: dict[str, str], now: float) -> dict[int, list[httpx.Response]]:
    """Requests meant to meet each refusal this operation could have; answers by status."""
    params = {p["name"] for p in op.get("parameters", []) if p["in"] == "query"}
    path_params = {p["name"] for p in op.get("parameters", []) if p["in"] == "path"}
    schema = body_schema(op)
    query = valid_query(op, now)

    def body() -> dict[str, Any] | None:
        if schema is None:
            return None
        extra = {} if schema in NO_REQUEST_ID else {"request_id": rid()}
        return {**BODIES[schema], **extra}

    def send(url: str, *, auth: bool = True, **kwargs: Any) -> None:
        headers = {"Authorization": f"Bearer {token}"} if auth else {}
        if "content" in kwargs:
            headers["content-type"] = "application/json"
        elif "json" not in kwargs and schema is not None:
            kwargs["json"] = body()
        r = client.request(method, url, headers=headers, **kwargs)
        seen.setdefault(r.status_code, []).append(r)

    seen: dict[int, list[httpx.Response]] = {}
    url = fill(path, ids)
    send(url, params=query)  # as valid as can be
    if schema == "LoginRequest":
        for _ in range(6):  # the sixth failure in a row is throttled
            send(url, json={"username": "mallory", "password": "wrong"})
    else:
        send(url, params=query, auth=False)
    for name in path_params:
        send(fill(path, {**ids, name: "bad id!"}), params=query)
        send(fill(path, {**ids, name: "NOPE-404"}), params=query)
    if query:
        send(url)  # the required parameters missing
    if "limit" in params:
        send(url, params={**query, "limit": 0})
    if "after" in params:
        send(url, params={**query, "after": -1})
        send(url, params={**query, "after": 10**12})
    if "cursor" in params:
        send(url, params={**query, "cursor": "@@@"})
    if {"start", "end"} <= params:
        send(url, params={**query, "start": now, "end": now - 10})
        send(url, params={**query, "start": "NaN"})
    if {"from_seq", "to_seq"} <= params:
        send(url, params={"from_seq": 5, "to_seq": 2})
    if {"from_ts", "to_ts"} <= params:
        send(url, params={"from_ts": now, "to_ts": now - 10})
    if schema is not None:
        send(url, params=query, json={})
        send(url, params=query, content=b"x" * (MAX_BODY_BYTES + 1))
    return seen


@pytest.fixture
def world(cloud: EmbeddedCloud, token: str, api: httpx.Client) -> dict[str, str]:
    """Ids that make each operation's valid request meet its conflict: a resolved alarm, the
    driver of a trailer with their app offline."""
    assert cloud.cloud is not None
    sim = cloud.cloud.sim
    alarm = _raise_alarm(cloud, token).alarm
    r = api.post(f"/alarms/{alarm.id}/resolve",
                 json={"request_id": rid(), "outcome": "false_alarm"})
    assert r.status_code == 200, r.text
    fleet = api.get("/fleet").json()
    driver = next(d for d in fleet["drivers"] if d["app_online"] and d["trailer_id"])
    with open_stream(cloud, token) as ws:
        cloud.call(lambda: sim.set_driver_app_online(driver["id"], False))
        read_until(ws, lambda f: isinstance(f, DriverAppEvent) and f.driver_id == driver["id"])
    # An unlock request already decided: approving or refusing it again is 409.
    with open_stream(cloud, token) as ws:
        lock_id = cloud.call(lambda: sim.inject_incident("inspection_request"))
        frames = read_until(ws, lambda f: isinstance(f, UnlockRequestEvent)
                            and f.request.lock_id == lock_id)
    request_id = frames[-1].request.id
    r = api.post(f"/unlock-requests/{request_id}/refuse",
                 json={"request_id": rid(), "reason": "Not on the road"})
    assert r.status_code == 200, r.text
    seal = fleet["locks"][0]["seal_id"]
    return {"alarm_id": alarm.id, "driver_id": driver["id"], "lock_id": alarm.lock_id,
            "unlock_request_id": request_id, "number": seal}


def test_every_route_of_the_app_is_in_the_document(cloud: EmbeddedCloud) -> None:
    doc = httpx.get(f"{cloud.url}/openapi.json").json()
    routes = [r for r in served_routes() if isinstance(r, APIRoute) and r.include_in_schema]
    assert len(routes) >= 20
    for route in routes:
        for method in route.methods:
            assert method.lower() in doc["paths"].get(route.path, {}), (method, route.path)


def test_every_documented_refusal_has_the_error_body_schema(cloud: EmbeddedCloud) -> None:
    doc = httpx.get(f"{cloud.url}/openapi.json").json()
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            for status, response in op["responses"].items():
                if int(status) < 400:
                    continue
                ref = response["content"]["application/json"]["schema"]["$ref"]
                expected = "ConflictBody" if status == "409" and any(
                    p in path for p in CONFLICT_PATHS) else "ErrorBody"
                assert ref == f"#/components/schemas/{expected}", (method, path, status)
                assert response["description"], (method, path, status)
            if method == "post" and "requestBody" in op:
                assert "413" in op["responses"], (method, path)
            assert "401" in op["responses"], (method, path)
            assert "WWW-Authenticate" in op["responses"]["401"]["headers"]
    events = doc["paths"][f"{API_PREFIX}/events"]["get"]["responses"]
    assert "410" in events
    sign_in = doc["paths"][f"{API_PREFIX}/session"]["post"]["responses"]
    assert "Retry-After" in sign_in["429"]["headers"]


def test_each_operation_answers_exactly_the_statuses_it_documents(
        cloud: EmbeddedCloud, token: str, api: httpx.Client, world: dict[str, str]) -> None:
    doc = httpx.get(f"{cloud.url}/openapi.json").json()
    now = api.get("/fleet").json()["server_time"]
    with httpx.Client(base_url=cloud.url, timeout=10) as client:
        for path, ops in doc["paths"].items():
            if path.startswith(f"{API_PREFIX}/sim/"):
                continue  # changes the world; its refusals are checked in test_stream.py
            for method, op in ops.items():
                if path == f"{API_PREFIX}/session" and method == "delete":
                    continue  # would sign the walk out; checked in test_api.py
                seen = provoke(client, token, method, path, op, world, now)
                documented = {int(s) for s in op["responses"]}
                assert set(seen) <= documented, (method, path, set(seen) - documented,
                                                 {s: seen[s][0].text for s in seen})
                missing = documented - set(seen) - NOT_PROVOKED.get((method, path), set())
                assert not {s for s in missing if s >= 400}, (method, path, missing)
                for status, answers in seen.items():
                    if status < 400:
                        continue
                    for r in answers:
                        model = ConflictBody if status == 409 and any(
                            p in path for p in CONFLICT_PATHS) else ErrorBody
                        model.model_validate(r.json())
                        if status == 401:
                            assert r.headers["www-authenticate"] == "Bearer"
                        if status == 429:
                            assert int(r.headers["retry-after"]) > 0


@pytest.mark.parametrize(
    ("path", "method", "allowed"),
    [
        ("/session", "PUT", "DELETE, POST"),
        ("/fleet", "POST", "GET"),
        ("/drivers/DRV-1/messages", "DELETE", "GET, POST"),
        ("/alarms/AL-1/ack", "GET", "POST"),
        ("/events", "PATCH", "GET"),
    ],
)
def test_a_wrong_method_is_405_with_allow(api: httpx.Client, path: str, method: str,
                                          allowed: str) -> None:
    r = api.request(method, path)
    assert r.status_code == 405
    assert r.headers["allow"] == allowed
    assert r.json()["error"] == "method_not_allowed"
    assert method in r.json()["message"]


def test_allow_names_every_documented_method_of_each_path(cloud: EmbeddedCloud,
                                                          api: httpx.Client) -> None:
    doc = httpx.get(f"{cloud.url}/openapi.json").json()
    for path, ops in doc["paths"].items():
        unused = next(m for m in ("put", "patch", "delete", "post") if m not in ops)
        r = api.request(unused, fill(path, {"lock_id": "OL-1", "alarm_id": "AL-1",
                                            "driver_id": "DRV-1"}).removeprefix(API_PREFIX))
        assert r.status_code == 405, (unused, path)
        assert r.headers["allow"] == ", ".join(sorted(m.upper() for m in ops)), path
