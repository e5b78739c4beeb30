"""Authorised unlocks against a real cloudsim over real sockets: the simulated driver app asks at
a delivery and waits; approved, it opens with the code (the unlock names its authorisation, the
seal comes off authorised, no alarm); refused, it leaves sealed. An unlock without a valid
authorisation (none, outside the code's geofence, after its window) is a critical alarm and an
unauthorised removal. Requests nobody decides expire and are asked again; decisions are
idempotent by request_id and a second decision is 409. The simulated carrier desk decides alone
with ``unlock_approvals="auto"``."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.sync.client import ClientConnection

from cloudsim.server import EmbeddedCloud, start_embedded
from opticallock.protocol import (
    API_PREFIX,
    AlarmRaisedEvent,
    AlarmType,
    ConflictBody,
    LockStateEvent,
    PositionsEvent,
    SealAction,
    SealEvent,
    TripEvent,
    UnlockRequest,
    UnlockRequestEvent,
    UnlockRequestList,
    UnlockRequestState,
)
from tests.cloudsim.conftest import USERS, login, open_stream, read_until


class MovableClock:
    """Wall time plus an offset the test moves."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.time() + self.offset


def rid() -> str:
    return uuid.uuid4().hex


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


def start(tmp_path: Path, clock: MovableClock, **options: Any) -> EmbeddedCloud:
    # The driver apps answer within a second (app_delay_scale), the world at its own pace.
    return start_embedded(tmp_path / "cloud", locks=30, seed=11, users=USERS, incident_rate=0.0,
                          fix_interval_s=0.5, sample_interval_s=1.0, app_delay_scale=0.02,
                          clock=clock, **options)


@pytest.fixture
def cloud(tmp_path: Path, clock: MovableClock) -> Iterator[EmbeddedCloud]:
    instance = start(tmp_path, clock)
    yield instance
    instance.stop()


@pytest.fixture
def api(cloud: EmbeddedCloud, token: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=f"{cloud.url}{API_PREFIX}",
                      headers={"Authorization": f"Bearer {token}"}, timeout=10) as client:
        yield client


@pytest.fixture
def token(cloud: EmbeddedCloud) -> str:
    return login(cloud, "ana", "pw1")


def of_lock(lock_id: str, kind: type[Any], **fields: Any) -> Callable[[Any], bool]:
    """A frame of type ``kind`` about ``lock_id`` with these field values."""
    def match(f: Any) -> bool:
        if not isinstance(f, kind):
            return False
        owner = getattr(f, "lock_id", None) or getattr(getattr(f, "request", None), "lock_id",
                                                       None) or f.alarm.lock_id
        return bool(owner == lock_id and all(getattr(f, k) == v for k, v in fields.items()))
    return match


def deliver(cloud: EmbeddedCloud, ws: ClientConnection) -> tuple[str, UnlockRequest]:
    """A trailer of the first carrier arrives at its destination; its app's request."""
    assert cloud.cloud is not None
    sim = cloud.cloud.sim

    def arriving() -> str:
        for lock_id in sim.lock_ids[:21]:
            state = sim.trailer_state(lock_id)
            if state["phase"] == "driving" and state["lock_state"] == "locked":
                sim.skip_ahead(lock_id)
                return lock_id
        raise LookupError("nobody is driving")

    lock_id = cloud.call(arriving)
    frames = read_until(ws, of_lock(lock_id, UnlockRequestEvent, phase="requested"))
    event = frames[-1]
    assert isinstance(event, UnlockRequestEvent)
    return lock_id, event.request


def quiet_after(ws: ClientConnection, done: Callable[[Any], bool]) -> list[Any]:
    """Frames until ``done``, then until the next positions frame: whatever the cloud logs on
    the same report (an alarm after an unlock) is in by then."""
    frames = read_until(ws, done)
    return frames + read_until(ws, lambda f: isinstance(f, PositionsEvent))


def test_an_approved_delivery_opens_with_its_code_and_raises_nothing(
        cloud: EmbeddedCloud, token: str, api: httpx.Client) -> None:
    with open_stream(cloud, token) as ws:
        lock_id, request = deliver(cloud, ws)
        assert request.reason == "delivery"
        assert request.state is UnlockRequestState.PENDING
        assert request.geofence_id is not None
        assert request.geofence_id == request.destination_id
        assert request.position is not None
        assert request.trip_id is not None
        fleet = api.get("/fleet").json()
        assert [r["id"] for r in fleet["unlock_requests"]] == [request.id]
        listed = UnlockRequestList.model_validate_json(
            api.get("/unlock-requests", params={"state": "pending"}).content).items
        assert [r.id for r in listed] == [request.id]

        body = {"request_id": rid()}
        r = api.post(f"/unlock-requests/{request.id}/approve", json=body)
        assert r.status_code == 200, r.text
        approved = UnlockRequest.model_validate_json(r.content)
        assert approved.state is UnlockRequestState.APPROVED
        assert approved.code is not None
        assert len(approved.code) == 6
        assert approved.decided_by == "ana"
        assert approved.valid_geofence_id == request.geofence_id
        assert approved.valid_from is not None
        assert approved.valid_until == pytest.approx(approved.valid_from + 30 * 60)
        # A retry gets the same answer (the same code); a second decision is 409.
        again = api.post(f"/unlock-requests/{request.id}/approve", json=body)
        assert (again.status_code, again.json()) == (200, r.json())
        second = api.post(f"/unlock-requests/{request.id}/approve", json={"request_id": rid()})
        assert second.status_code == 409
        conflict = ConflictBody.model_validate_json(second.content)
        assert conflict.error == "already_decided"
        assert conflict.by == "ana"
        assert conflict.unlock_request is not None
        assert conflict.unlock_request.code == approved.code
        refuse = api.post(f"/unlock-requests/{request.id}/refuse",
                          json={"request_id": rid(), "reason": "changed my mind"})
        assert refuse.status_code == 409
        reused = api.post(f"/unlock-requests/{request.id}/refuse",
                          json={**body, "reason": "changed my mind"})
        assert reused.status_code == 422
        assert reused.json()["error"] == "request_id_reused"

        frames = quiet_after(ws, of_lock(lock_id, SealEvent, action=SealAction.REMOVED))
    unlock = next(f for f in frames if of_lock(lock_id, LockStateEvent, state="unlocked")(f))
    assert unlock.authorisation_id == request.id
    assert unlock.geofence_id == request.geofence_id
    used = next(f for f in frames if of_lock(lock_id, UnlockRequestEvent, phase="used")(f))
    assert used.request.state is UnlockRequestState.USED
    assert used.request.used_at == unlock.ts
    removed = next(f for f in frames if of_lock(lock_id, SealEvent, action=SealAction.REMOVED)(f))
    assert removed.authorised is True
    assert removed.authorisation_id == request.id
    assert not [f for f in frames if isinstance(f, AlarmRaisedEvent)
                and f.alarm.lock_id == lock_id]
    assert not [a for a in api.get("/alarms").json()["items"] if a["lock_id"] == lock_id]
    assert api.get("/fleet").json()["unlock_requests"] == []
    assert api.get(f"/unlock-requests/{request.id}").json()["state"] == "used"


def test_a_refused_delivery_is_not_opened(cloud: EmbeddedCloud, token: str,
                                          api: httpx.Client) -> None:
    with open_stream(cloud, token) as ws:
        lock_id, request = deliver(cloud, ws)
        r = api.post(f"/unlock-requests/{request.id}/refuse",
                     json={"request_id": rid(), "reason": "Consignee closed; deliver tomorrow"})
        assert r.status_code == 200, r.text
        refused = UnlockRequest.model_validate_json(r.content)
        assert refused.state is UnlockRequestState.REFUSED
        assert refused.refusal_reason == "Consignee closed; deliver tomorrow"
        assert refused.code is None
        # The trailer leaves sealed: its next trip is planned with the lock never opened.
        frames = read_until(ws, lambda f: isinstance(f, TripEvent) and f.phase == "planned"
                            and f.trip.trailer_id == request.trailer_id)
    assert not [f for f in frames if of_lock(lock_id, LockStateEvent)(f)]
    assert not [f for f in frames if of_lock(lock_id, SealEvent)(f)]
    assert any(of_lock(lock_id, UnlockRequestEvent, phase="refused")(f) for f in frames)
    lock = next(lk for lk in api.get("/fleet").json()["locks"] if lk["id"] == lock_id)
    assert lock["state"] == "locked"
    assert api.post(f"/unlock-requests/{request.id}/approve",
                    json={"request_id": rid()}).status_code == 409


def test_decisions_refuse_what_they_cannot_do(api: httpx.Client) -> None:
    assert api.post("/unlock-requests/UR-NOPE/approve",
                    json={"request_id": rid()}).status_code == 404
    assert api.get("/unlock-requests/UR-NOPE").status_code == 404
    assert api.post("/unlock-requests/UR-NOPE/refuse", json={"request_id": rid()}
                    ).status_code == 422  # a refusal needs its reason
    assert api.post("/unlock-requests/UR-NOPE/approve",
                    json={"request_id": rid(), "valid_minutes": 2}).status_code == 422
    assert api.get("/unlock-requests", params={"state": "maybe"}).status_code == 422


def test_an_unlock_without_authorisation_is_critical_and_takes_the_seal_off_unauthorised(
        cloud: EmbeddedCloud, token: str) -> None:
    assert cloud.cloud is not None
    sim = cloud.cloud.sim
    with open_stream(cloud, token) as ws:
        lock_id, _ = deliver(cloud, ws)
        cloud.call(lambda: sim.unlock_now(lock_id))  # the driver does not wait
        frames = read_until(ws, of_lock(lock_id, AlarmRaisedEvent))
    unlock = next(f for f in frames if of_lock(lock_id, LockStateEvent, state="unlocked")(f))
    assert unlock.authorisation_id is None
    removed = next(f for f in frames if of_lock(lock_id, SealEvent, action=SealAction.REMOVED)(f))
    assert removed.authorised is False
    assert removed.authorisation_id is None
    alarm = frames[-1].alarm
    assert alarm.type is AlarmType.UNAUTHORISED_UNLOCK
    assert alarm.priority == "critical"
    assert "without a valid authorisation: no authorisation" in alarm.detail


def test_unlock_outside_is_still_the_unlock_outside_geofence_alarm(
        cloud: EmbeddedCloud, token: str) -> None:
    assert cloud.cloud is not None
    sim = cloud.cloud.sim
    with open_stream(cloud, token) as ws:
        lock_id = cloud.call(lambda: sim.inject_incident("unlock_outside"))
        frames = read_until(ws, of_lock(lock_id, AlarmRaisedEvent))
    assert frames[-1].alarm.type is AlarmType.UNLOCK_OUTSIDE_GEOFENCE
    removed = next(f for f in frames if of_lock(lock_id, SealEvent, action=SealAction.REMOVED)(f))
    assert removed.authorised is False


def test_an_approved_inspection_used_at_the_rest_stop_is_outside_its_geofence(
        cloud: EmbeddedCloud, token: str, api: httpx.Client) -> None:
    assert cloud.cloud is not None
    sim = cloud.cloud.sim
    with open_stream(cloud, token) as ws:
        lock_id = cloud.call(lambda: sim.inject_incident("inspection_request"))
        frames = read_until(ws, of_lock(lock_id, UnlockRequestEvent, phase="requested"))
        request = frames[-1].request
        assert request.reason == "inspection"
        assert request.geofence_id is None  # at a rest stop
        r = api.post(f"/unlock-requests/{request.id}/approve", json={"request_id": rid()})
        assert r.status_code == 200, r.text
        approved = UnlockRequest.model_validate_json(r.content)
        assert approved.valid_geofence_id == request.destination_id  # none here: the trip's
        # The driver app has the code and opens at once, there.
        frames = read_until(ws, of_lock(lock_id, AlarmRaisedEvent))
    unlock = next(f for f in frames if of_lock(lock_id, LockStateEvent, state="unlocked")(f))
    assert unlock.authorisation_id is None
    alarm = frames[-1].alarm
    assert alarm.type is AlarmType.UNLOCK_OUTSIDE_GEOFENCE
    assert f"the code of {request.id} is valid only at" in alarm.detail
    assert api.get(f"/unlock-requests/{request.id}").json()["state"] == "approved"  # unused


def test_a_code_used_after_its_window_is_an_unauthorised_unlock(
        cloud: EmbeddedCloud, token: str, api: httpx.Client, clock: MovableClock) -> None:
    assert cloud.cloud is not None
    sim = cloud.cloud.sim
    with open_stream(cloud, token) as ws:
        lock_id, request = deliver(cloud, ws)
        driver = request.driver_id
        assert driver is not None
        cloud.call(lambda: sim.set_driver_app_online(driver, False))  # the code will wait
        read_until(ws, lambda f: getattr(f, "type", "") == "driver_app"
                   and f.driver_id == driver)
        r = api.post(f"/unlock-requests/{request.id}/approve",
                     json={"request_id": rid(), "valid_minutes": 5})
        assert r.status_code == 200, r.text
        code = r.json()["code"]
        clock.offset += 6 * 60  # six minutes later the approval expires unused
        read_until(ws, of_lock(lock_id, UnlockRequestEvent, phase="expired"))
        # The dispatcher reads the code out on the phone; the driver enters it now.
        cloud.call(lambda: sim.unlock_now(lock_id, code))
        frames = read_until(ws, of_lock(lock_id, AlarmRaisedEvent))
    unlock = next(f for f in frames if of_lock(lock_id, LockStateEvent, state="unlocked")(f))
    assert unlock.authorisation_id is None
    alarm = frames[-1].alarm
    assert alarm.type is AlarmType.UNAUTHORISED_UNLOCK
    assert f"the code of {request.id} expired" in alarm.detail


def test_a_request_nobody_decides_expires_and_the_app_asks_again(
        cloud: EmbeddedCloud, token: str, api: httpx.Client, clock: MovableClock) -> None:
    with open_stream(cloud, token) as ws:
        lock_id, request = deliver(cloud, ws)
        clock.offset += 16 * 60
        frames = read_until(ws, of_lock(lock_id, UnlockRequestEvent, phase="requested"))
    expired = next(f for f in frames if of_lock(lock_id, UnlockRequestEvent, phase="expired")(f))
    assert expired.request.id == request.id
    assert expired.request.state is UnlockRequestState.EXPIRED
    again = frames[-1].request
    assert again.id != request.id
    assert again.reason == "delivery"
    assert not [f for f in frames if isinstance(f, AlarmRaisedEvent)]  # harmless
    late = api.post(f"/unlock-requests/{request.id}/approve", json={"request_id": rid()})
    assert late.status_code == 409
    assert late.json()["error"] == "request_expired"
    assert [r["id"] for r in api.get("/fleet").json()["unlock_requests"]] == [again.id]


def test_the_simulated_carrier_desk_approves_deliveries_and_refuses_the_rest(
        tmp_path: Path, clock: MovableClock) -> None:
    cloud = start(tmp_path, clock, unlock_approvals="auto", desk_delay_s=0.5)
    try:
        assert cloud.cloud is not None
        sim = cloud.cloud.sim
        token = login(cloud, "ana", "pw1")
        with open_stream(cloud, token) as ws:
            lock_id, request = deliver(cloud, ws)
            frames = read_until(ws, of_lock(lock_id, SealEvent, action=SealAction.REMOVED))
            approved = next(f for f in frames
                            if of_lock(lock_id, UnlockRequestEvent, phase="approved")(f))
            assert approved.request.id == request.id
            assert approved.request.decided_by == "carrier-desk"
            assert frames[-1].authorised is True
            other = cloud.call(lambda: sim.inject_incident("inspection_request"))
            frames = read_until(ws, of_lock(other, UnlockRequestEvent, phase="refused"))
        assert frames[-1].request.decided_by == "carrier-desk"
        assert frames[-1].request.refusal_reason
        assert not [f for f in frames if of_lock(other, LockStateEvent)(f)]
    finally:
        cloud.stop()
