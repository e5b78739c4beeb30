"""The seal custody ledger against a real cloudsim over real sockets: the fleet starts sealed,
stock is numbered and class H, a cut tampers the seal, customs check it at a border crossing,
a trip's seal is issued and applied (a wrong read-back raises seal_mismatch), every change is a
logged seal event whose range verifies, and GET /seals/{number} gives the chain in order."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from cloudsim.server import EmbeddedCloud, start_embedded
from opticallock.protocol import (
    API_PREFIX,
    AlarmRaisedEvent,
    AlarmType,
    LockStateEvent,
    SealAction,
    SealCustody,
    SealEvent,
    SealList,
    SealState,
    TripEvent,
)
from tests.cloudsim.conftest import USERS, login, open_stream, read_until

SEAL_NUMBER = re.compile(r"OLF[0-9]{7}")


def seal_events(frames: list[Any], lock_id: str) -> list[SealEvent]:
    return [f for f in frames if isinstance(f, SealEvent) and f.lock_id == lock_id]


def verify(api: httpx.Client, first: int, last: int) -> dict[str, Any]:
    r = api.get("/log/verify", params={"from_seq": first, "to_seq": last})
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def test_the_fleet_starts_sealed_and_the_stock_is_numbered_class_h(api: httpx.Client) -> None:
    fleet = api.get("/fleet").json()
    applied = SealList.model_validate_json(
        api.get("/seals", params={"state": "applied", "limit": 5000}).content).items
    by_number = {s.number: s for s in applied}
    for lock in fleet["locks"]:
        seal = by_number[lock["seal_id"]]  # the lock's seal_id is its seal's number
        assert SEAL_NUMBER.fullmatch(seal.number)
        assert (seal.lock_id, seal.trailer_id) == (lock["id"], lock["trailer_id"])
        assert seal.iso_class == "H"
        assert seal.manufacturer == "OpticalLock"
        assert seal.applied_at is not None
        assert seal.removed_at is None
    # Applied before the log began: in the ledger, with no custody events (and no 30 events).
    custody = SealCustody.model_validate_json(
        api.get(f"/seals/{fleet['locks'][0]['seal_id']}").content)
    assert custody.seal.state is SealState.APPLIED
    assert custody.events == []
    types = {e["type"] for e in api.get("/events", params={"limit": 2000}).json()["events"]}
    assert "seal" not in types

    stock = SealList.model_validate_json(
        api.get("/seals", params={"state": "in_stock", "limit": 10}).content).items
    assert len(stock) == 10
    numbers = [s.number for s in stock]
    assert numbers == sorted(numbers)
    assert all(SEAL_NUMBER.fullmatch(n) for n in numbers)
    assert all(s.trailer_id is None and s.issued_at is None for s in stock)
    # Paged by number.
    nxt = SealList.model_validate_json(
        api.get("/seals", params={"state": "in_stock", "limit": 2,
                                  "after": numbers[4]}).content).items
    assert [s.number for s in nxt] == numbers[5:7]
    one = fleet["trailers"][0]
    mine = SealList.model_validate_json(
        api.get("/seals", params={"trailer_id": one["id"]}).content).items
    assert [s.lock_id for s in mine] == [one["lock_id"]]


def test_seal_routes_refuse_what_is_not_theirs(cloud: EmbeddedCloud, api: httpx.Client) -> None:
    assert api.get("/seals/OLF9999999").status_code == 404
    assert api.get("/seals/not a seal").status_code == 422
    assert api.get("/seals", params={"state": "lost"}).status_code == 422
    # Another carrier's seal is not found either.
    theirs = login(cloud, "carla", "pw3")
    other = httpx.get(f"{cloud.url}{API_PREFIX}/fleet",
                      headers={"Authorization": f"Bearer {theirs}"}).json()
    assert api.get(f"/seals/{other['locks'][0]['seal_id']}").status_code == 404


def test_a_fiber_cut_tampers_the_seal_and_its_chain_verifies(
        cloud: EmbeddedCloud, token: str, api: httpx.Client) -> None:
    assert cloud.cloud is not None
    sim = cloud.cloud.sim
    with open_stream(cloud, token) as ws:
        lock_id = cloud.call(lambda: sim.inject_incident("fiber_cut"))
        frames = read_until(ws, lambda f: isinstance(f, AlarmRaisedEvent)
                            and f.alarm.lock_id == lock_id)
    [tampered] = seal_events(frames, lock_id)
    assert tampered.action is SealAction.TAMPERED
    assert tampered.seal.state is SealState.TAMPERED
    assert tampered.actor == f"lock:{lock_id}"
    assert tampered.position is not None
    number = tampered.seal.number
    lock = next(lk for lk in api.get("/fleet").json()["locks"] if lk["id"] == lock_id)
    assert lock["seal_id"] == number
    custody = SealCustody.model_validate_json(api.get(f"/seals/{number}").content)
    assert custody.seal.state is SealState.TAMPERED
    assert [e.seq for e in custody.events] == [tampered.seq]
    assert custody.events[0].hash == tampered.hash
    assert verify(api, tampered.seq, tampered.seq)["ok"]


@pytest.fixture
def fast_cloud(tmp_path: Path) -> Iterator[EmbeddedCloud]:
    """A small fleet living 600 times faster: a stop at a site takes seconds; the simulated
    carrier desk approves deliveries at once."""
    # Seed 20: one of the first carrier's trailers is on its way to the Otay Mesa crossing.
    instance = start_embedded(tmp_path / "fast", locks=10, seed=20, users=USERS,
                              incident_rate=0.0, accel=600.0, fix_interval_s=0.5,
                              sample_interval_s=1.0, unlock_approvals="auto", desk_delay_s=0.0)
    yield instance
    instance.stop()


def test_customs_check_the_seal_at_a_border_crossing(fast_cloud: EmbeddedCloud) -> None:
    cloud = fast_cloud
    assert cloud.cloud is not None
    sim = cloud.cloud.sim
    token = login(cloud, "ana", "pw1")
    api = httpx.Client(base_url=f"{cloud.url}{API_PREFIX}",
                       headers={"Authorization": f"Bearer {token}"}, timeout=10)

    def to_a_border_crossing() -> tuple[str, str]:
        """A trailer with a crossing ahead (this fleet has one), put just short of it."""
        for lock_id in sim.lock_ids:
            state = sim.trailer_state(lock_id)
            crossings = [g for g in state["checkpoints_ahead"] if g.startswith("gf-border-")]
            if crossings and state["phase"] in ("driving", "parked") \
                    and state["lock_state"] == "locked":
                return lock_id, sim.skip_ahead(lock_id, crossings[0])
        raise LookupError("no trailer of this fleet drives towards a border crossing")

    with open_stream(cloud, token) as ws:
        lock_id, crossing = cloud.call(to_a_border_crossing)
        frames = read_until(ws, lambda f: isinstance(f, SealEvent) and f.lock_id == lock_id)
    checked = frames[-1]
    assert isinstance(checked, SealEvent)
    assert checked.action is SealAction.CHECKED
    assert checked.geofence_id == crossing
    name = next(g["name"] for g in api.get("/geofences").json()["items"] if g["id"] == crossing)
    assert checked.actor == f"cbp:{name}"
    assert checked.seal.state is SealState.APPLIED
    assert checked.note == "intact"
    custody = SealCustody.model_validate_json(api.get(f"/seals/{checked.seal.number}").content)
    assert [e.action for e in custody.events] == [SealAction.CHECKED]
    api.close()


def test_a_trips_seal_is_issued_then_applied_and_a_wrong_read_back_is_an_alarm(
        fast_cloud: EmbeddedCloud) -> None:
    cloud = fast_cloud
    assert cloud.cloud is not None
    sim = cloud.cloud.sim
    token = login(cloud, "ana", "pw1")
    api = httpx.Client(base_url=f"{cloud.url}{API_PREFIX}",
                       headers={"Authorization": f"Bearer {token}"}, timeout=10)

    def a_driving_trailer() -> str:
        for lock_id in sim.lock_ids[:7]:  # the first carrier's
            state = sim.trailer_state(lock_id)
            if state["phase"] == "driving" and state["lock_state"] == "locked":
                return lock_id
        raise LookupError("nobody is driving")

    with open_stream(cloud, token) as ws:
        lock_id = cloud.call(a_driving_trailer)
        old = cloud.call(lambda: sim.trailer_state(lock_id))["seal_id"]
        cloud.call(lambda: sim.inject_incident("seal_mismatch", lock_id))
        cloud.call(lambda: sim.skip_ahead(lock_id))
        frames = read_until(ws, lambda f: isinstance(f, AlarmRaisedEvent)
                            and f.alarm.lock_id == lock_id, timeout=60)
    mine = seal_events(frames, lock_id)
    unlock = next(f for f in frames if isinstance(f, LockStateEvent) and f.lock_id == lock_id
                  and f.state == "unlocked")
    removed, issued, applied = (next(e for e in mine if e.action is a) for a in
                                (SealAction.REMOVED, SealAction.ISSUED, SealAction.APPLIED))
    assert removed.seal.number == old
    assert removed.seq > unlock.seq
    assert removed.seal.state is SealState.REMOVED
    assert removed.seal.removed_at is not None
    assert removed.authorised is True  # the desk approved the delivery: the unlock names it
    assert removed.authorisation_id is not None
    assert removed.authorisation_id == unlock.authorisation_id
    planned = next(f for f in frames if isinstance(f, TripEvent) and f.phase == "planned"
                   and f.trip.trailer_id == removed.trailer_id)
    # Issued from stock for the trip just planned, applied by its driver when locked to leave.
    assert issued.seq > planned.seq
    assert issued.seal.trip_id == planned.trip.id
    assert issued.seal.state is SealState.ISSUED
    assert issued.seal.number != old
    assert SEAL_NUMBER.fullmatch(issued.seal.number)
    locked = next(f for f in frames if isinstance(f, LockStateEvent) and f.lock_id == lock_id
                  and f.state == "locked")
    assert locked.seq < applied.seq
    assert applied.seal.number == issued.seal.number
    assert applied.seal.state is SealState.APPLIED
    assert applied.actor == f"driver:{planned.driver_id}"
    assert applied.photo_ref is not None
    assert applied.photo_ref.startswith("photo:")
    assert applied.read_back != issued.seal.number  # the next seal of the box
    alarm = frames[-1]
    assert isinstance(alarm, AlarmRaisedEvent)
    assert alarm.alarm.type is AlarmType.SEAL_MISMATCH
    assert alarm.alarm.priority == "high"
    assert issued.seal.number in alarm.alarm.detail
    assert applied.read_back in alarm.alarm.detail
    fleet = api.get("/fleet").json()
    assert next(lk for lk in fleet["locks"] if lk["id"] == lock_id)["seal_id"] == \
        issued.seal.number

    # The new seal's chain, oldest first, and the old one's end; both verify in the log.
    custody = SealCustody.model_validate_json(api.get(f"/seals/{issued.seal.number}").content)
    assert [(e.seq, e.action) for e in custody.events] == [
        (issued.seq, SealAction.ISSUED), (applied.seq, SealAction.APPLIED)]
    assert custody.seal.state is SealState.APPLIED
    assert custody.seal.trip_id == planned.trip.id
    old_chain = SealCustody.model_validate_json(api.get(f"/seals/{old}").content)
    assert old_chain.events[-1].seq == removed.seq
    assert old_chain.seal.state is SealState.REMOVED
    result = verify(api, removed.seq, applied.seq)
    assert result["ok"]
    assert result["checked"] == applied.seq - removed.seq + 1
    api.close()
