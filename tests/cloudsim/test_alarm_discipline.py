"""A central station's alarm discipline against a real cloudsim over real sockets: an alarm's
owner (take, assign, take over; others refused with who owns it; the acknowledger becomes the
owner; a signed-out owner's alarm released by the cloud), notes at any time, steps skipped at
resolve, the carrier's versioned policies (defaults, a change, a conflict, validation), the call
list walked when an alarm is not acknowledged in time (each notification and its delivery, a
failing address, acknowledgement stopping it), covert alarms and the duress incident, and where
an alarm was raised (its corridor, its border crossing)."""

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
    Alarm,
    AlarmEscalatedEvent,
    AlarmNotifiedEvent,
    AlarmOwnerEvent,
    AlarmRaisedEvent,
    AlarmType,
    EscalationPolicies,
    FleetSnapshot,
    GeofenceEnterEvent,
    PoliciesChangedEvent,
    PositionsEvent,
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


@pytest.fixture
def cloud(tmp_path: Path, clock: MovableClock) -> Iterator[EmbeddedCloud]:
    instance = start_embedded(tmp_path / "cloud", locks=30, seed=11, users=USERS,
                              incident_rate=0.0, fix_interval_s=0.5, sample_interval_s=1.0,
                              clock=clock)
    yield instance
    instance.stop()


def client(cloud: EmbeddedCloud, user: str, password: str) -> httpx.Client:
    token = login(cloud, user, password)
    return httpx.Client(base_url=f"{cloud.url}{API_PREFIX}",
                        headers={"Authorization": f"Bearer {token}"}, timeout=10)


@pytest.fixture
def ana(cloud: EmbeddedCloud) -> Iterator[httpx.Client]:
    with client(cloud, "ana", "pw1") as c:
        yield c


@pytest.fixture
def ben(cloud: EmbeddedCloud) -> Iterator[httpx.Client]:
    with client(cloud, "ben", "pw2") as c:
        yield c


def token_of(c: httpx.Client) -> str:
    return c.headers["Authorization"].removeprefix("Bearer ")


def raise_alarm(cloud: EmbeddedCloud, ws: ClientConnection, kind: str = "fiber_cut",
                lock_id: str | None = None) -> Alarm:
    assert cloud.cloud is not None
    sim = cloud.cloud.sim
    lock = cloud.call(lambda: sim.inject_incident(kind, lock_id))
    frames = read_until(ws, lambda f: isinstance(f, AlarmRaisedEvent) and f.alarm.lock_id == lock)
    event = frames[-1]
    assert isinstance(event, AlarmRaisedEvent)
    return event.alarm


def after_a_tick(ws: ClientConnection, done: Callable[[Any], bool]) -> list[Any]:
    """Frames until ``done``, then until the next positions frame: whatever the same tick
    logged after it is in by then."""
    frames = read_until(ws, done)
    return frames + read_until(ws, lambda f: isinstance(f, PositionsEvent))


def owner_events(frames: list[Any], alarm_id: str) -> list[AlarmOwnerEvent]:
    return [f for f in frames if isinstance(f, AlarmOwnerEvent) and f.alarm_id == alarm_id]


# ---------------------------------------------------------------------- ownership


def test_an_owned_alarm_is_worked_by_its_owner_until_taken_over(
        cloud: EmbeddedCloud, ana: httpx.Client, ben: httpx.Client) -> None:
    with open_stream(cloud, token_of(ana)) as ws:
        alarm = raise_alarm(cloud, ws)
    base = f"/alarms/{alarm.id}"
    take = rid()
    r = ana.post(f"{base}/owner", json={"request_id": take, "action": "take"})
    assert r.status_code == 200, r.text
    assert r.json()["owner"] == "ana"
    owned_at = r.json()["owned_at"]
    assert ana.post(f"{base}/owner", json={"request_id": take, "action": "take"}).json() \
        == r.json()  # a retry: the same answer

    for path, body in [("ack", {"note": "me"}), ("resolve", {"outcome": "false_alarm"}),
                       ("steps", {"step_id": "call_driver", "label": "Call the driver"}),
                       ("escalate", {"level": 2}), ("owner", {"action": "take"}),
                       ("owner", {"action": "release"}),
                       ("owner", {"action": "assign", "assignee": "ben"})]:
        refused = ben.post(f"{base}/{path}", json={"request_id": rid(), **body})
        assert refused.status_code == 409, (path, refused.text)
        conflict = refused.json()
        assert conflict["error"] == "owned_by_other"
        assert conflict["by"] == "ana"
        assert conflict["at"] == owned_at
        assert conflict["alarm"]["owner"] == "ana"
        assert "ana" in conflict["message"]
    note = ben.post(f"{base}/notes", json={"request_id": rid(), "text": "Seen it on the map"})
    assert note.status_code == 200, note.text  # notes are anyone's

    over = ben.post(f"{base}/owner", json={"request_id": rid(), "action": "take_over"})
    assert over.status_code == 200, over.text
    assert over.json()["owner"] == "ben"
    refused = ana.post(f"{base}/ack", json={"request_id": rid(), "note": "mine"})
    assert refused.status_code == 409
    assert refused.json()["by"] == "ben"
    acked = ben.post(f"{base}/ack", json={"request_id": rid(), "note": "on it"})
    assert acked.status_code == 200, acked.text

    assigned = ben.post(f"{base}/owner", json={"request_id": rid(), "action": "assign",
                                               "assignee": "ana"})
    assert assigned.status_code == 200
    assert assigned.json()["owner"] == "ana"
    audit = ana.get(f"{base}/audit").json()["events"]
    owners = [(e["action"], e["owner"], e["previous"], e["by"]) for e in audit
              if e["type"] == "alarm_owner"]
    assert owners == [("take", "ana", None, "ana"), ("take_over", "ben", "ana", "ben"),
                      ("assign", "ana", "ben", "ben")]


def test_assigning_needs_a_dispatcher_of_the_carrier(cloud: EmbeddedCloud,
                                                     ana: httpx.Client) -> None:
    with open_stream(cloud, token_of(ana)) as ws:
        alarm = raise_alarm(cloud, ws)
    base = f"/alarms/{alarm.id}/owner"
    for assignee in ("nobody", "carla"):  # carla dispatches for another carrier
        r = ana.post(base, json={"request_id": rid(), "action": "assign", "assignee": assignee})
        assert r.status_code == 422
        assert r.json()["error"] == "unknown_user"
    r = ana.post(base, json={"request_id": rid(), "action": "assign"})
    assert r.status_code == 422
    assert r.json()["error"] == "invalid_request"
    r = ana.post(base, json={"request_id": rid(), "action": "assign", "assignee": "ben"})
    assert r.json()["owner"] == "ben"
    users = ana.get("/users").json()["items"]
    assert [u["username"] for u in users] == ["ana", "ben"]


def test_acknowledging_an_unowned_alarm_makes_the_acknowledger_its_owner(
        cloud: EmbeddedCloud, ana: httpx.Client) -> None:
    with open_stream(cloud, token_of(ana)) as ws:
        alarm = raise_alarm(cloud, ws)
        r = ana.post(f"/alarms/{alarm.id}/ack", json={"request_id": rid(), "note": "calling"})
        assert r.json()["owner"] == "ana"
        frames = read_until(ws, lambda f: getattr(f, "type", "") == "alarm_acknowledged")
    [took] = owner_events(frames, alarm.id)
    assert (took.action, took.owner, took.by) == ("take", "ana", "ana")


def test_a_signed_out_owners_alarm_is_released_by_the_cloud(
        cloud: EmbeddedCloud, clock: MovableClock, ana: httpx.Client,
        ben: httpx.Client) -> None:
    with open_stream(cloud, token_of(ben)) as ws:
        alarm = raise_alarm(cloud, ws, "battery_low")  # medium: escalates after 15 minutes
        ana.post(f"/alarms/{alarm.id}/owner", json={"request_id": rid(), "action": "take"})
        # Signed in, ana keeps it however long she works it.
        clock.offset += 1000.0
        frames = after_a_tick(ws, lambda f: isinstance(f, AlarmEscalatedEvent))
        assert [e.action for e in owner_events(frames, alarm.id)] == ["take"]
        assert ana.delete("/session").status_code == 204
        clock.offset += 299.0
        frames = after_a_tick(ws, lambda f: isinstance(f, AlarmNotifiedEvent)
                              and f.notification.status == "delivered")
        assert owner_events(frames, alarm.id) == []
        clock.offset += 2.0
        frames = read_until(ws, lambda f: isinstance(f, AlarmOwnerEvent))
    released = frames[-1]
    assert (released.action, released.owner, released.previous, released.by) == (
        "auto_release", None, "ana", "cloud")
    assert ben.get(f"/alarms/{alarm.id}").json()["owner"] is None


# ---------------------------------------------------------------------- notes and resolve


def test_notes_at_any_time_and_steps_skipped_at_resolve(cloud: EmbeddedCloud,
                                                        ana: httpx.Client) -> None:
    with open_stream(cloud, token_of(ana)) as ws:
        alarm = raise_alarm(cloud, ws)
    base = f"/alarms/{alarm.id}"
    first = ana.post(f"{base}/notes", json={"request_id": rid(), "text": "Driver not answering"})
    assert [n["text"] for n in first.json()["notes"]] == ["Driver not answering"]
    ana.post(f"{base}/ack", json={"request_id": rid()})
    second = ana.post(f"{base}/notes", json={"request_id": rid(), "text": "CHP informed"})
    assert [(n["by"], n["text"]) for n in second.json()["notes"]] == [
        ("ana", "Driver not answering"), ("ana", "CHP informed")]
    skipped = [{"step_id": "photo_seal", "label": "Get a photo of the seal",
                "reason": "Trailer already at the police yard"}]
    done = ana.post(f"{base}/resolve", json={"request_id": rid(), "outcome": "police_notified",
                                             "skipped": skipped})
    assert done.status_code == 200, done.text
    assert done.json()["skipped_steps"] == skipped
    late = ana.post(f"{base}/notes", json={"request_id": rid(), "text": "too late"})
    assert late.status_code == 409
    assert late.json()["error"] == "already_resolved"
    audit = ana.get(f"{base}/audit").json()
    assert [e["type"] for e in audit["events"]].count("alarm_note") == 2
    resolved = next(e for e in audit["events"] if e["type"] == "alarm_resolved")
    assert resolved["skipped"] == skipped
    assert audit["alarm"]["skipped_steps"] == skipped


# ---------------------------------------------------------------------- policies


def test_the_default_policies_cover_every_type_and_priority(cloud: EmbeddedCloud,
                                                            ana: httpx.Client) -> None:
    policies = EscalationPolicies.model_validate_json(ana.get("/policies").content)
    assert policies.version == 1
    by_type = {p.alarm_type: p for p in policies.policies}
    assert set(by_type) == set(AlarmType)
    assert by_type[AlarmType.FIBER_CUT].ack_within_s == 120.0
    assert by_type[AlarmType.SEAL_MISMATCH].ack_within_s == 300.0
    assert by_type[AlarmType.GPS_LOST].ack_within_s == 900.0
    assert by_type[AlarmType.DURESS].covert
    assert not by_type[AlarmType.FIBER_CUT].covert
    roles = {t: [e.role.value for e in p.call_list] for t, p in by_type.items()}
    assert roles[AlarmType.FIBER_CUT] == ["dispatcher_on_duty", "supervisor",
                                          "carrier_security", "carrier_security"]
    assert roles[AlarmType.DURESS][0] == "carrier_security"
    assert "customer" in roles[AlarmType.SEAL_MISMATCH]
    assert "customer" in roles[AlarmType.UNAUTHORISED_UNLOCK]
    snapshot = FleetSnapshot.model_validate_json(ana.get("/fleet").content)
    assert snapshot.policies == policies


def test_a_policy_change_is_versioned_logged_validated_and_kept(
        cloud: EmbeddedCloud, ana: httpx.Client, ben: httpx.Client) -> None:
    current = ana.get("/policies").json()
    gps = next(p for p in current["policies"] if p["alarm_type"] == "gps_lost")
    changed = {**gps, "ack_within_s": 600.0, "covert": True,
               "call_list": [{"role": "supervisor", "name": "Marta Ruiz", "channel": "sms",
                              "address": "+15205550177", "delay_s": 0}]}
    change = {"base_version": 1, "policies": [changed]}
    with open_stream(cloud, token_of(ana)) as ws:
        r = ana.put("/policies", json=change)
        assert r.status_code == 200, r.text
        frames = read_until(ws, lambda f: isinstance(f, PoliciesChangedEvent))
    new = r.json()
    assert (new["version"], new["updated_by"]) == (2, "ana")
    assert frames[-1].policies.version == 2
    assert next(p for p in new["policies"] if p["alarm_type"] == "gps_lost") == changed
    assert len(new["policies"]) == len(current["policies"])  # the others kept
    assert ana.put("/policies", json=change).json() == new  # a retry: the same answer

    late = ben.put("/policies", json={"base_version": 1, "policies": [gps]})
    assert late.status_code == 409
    assert late.json()["error"] == "version_conflict"
    assert late.json()["detail"] == {"current_version": 2}
    assert late.json()["by"] == "ana"

    def refused(policies: list[dict[str, Any]]) -> dict[str, Any]:
        r = ben.put("/policies", json={"base_version": 2, "policies": policies})
        assert r.status_code == 422, r.text
        return dict(r.json())

    entry = changed["call_list"][0]
    bad_phone = refused([{**changed, "call_list": [{**entry, "address": "555-0177"}]}])
    assert bad_phone["error"] == "invalid_policy"
    assert bad_phone["message"].startswith("policies[0].call_list[0].address:")
    assert "Marta Ruiz" in bad_phone["message"]
    bad_mail = refused([{**changed, "call_list": [{**entry, "channel": "email",
                                                   "address": "+15205550177"}]}])
    assert "not an e-mail address" in bad_mail["message"]
    twice = refused([changed, changed])
    assert twice["message"].startswith("policies[1].alarm_type:")
    assert refused([{**changed, "call_list": [{**entry, "delay_s": 90_000}]}])["error"] \
        == "invalid_request"
    assert refused([{**changed, "call_list": [entry] * 11}])["error"] == "invalid_request"

    with client(cloud, "carla", "pw3") as carla:  # another carrier's are its own
        assert carla.get("/policies").json()["version"] == 1
    cloud.restart()
    assert ben.get("/policies").json()["version"] == 2


# ---------------------------------------------------------------------- escalation


def test_an_unacknowledged_alarm_walks_its_call_list_until_acknowledged(
        cloud: EmbeddedCloud, clock: MovableClock, ana: httpx.Client) -> None:
    policies = ana.get("/policies").json()
    cut = next(p for p in policies["policies"] if p["alarm_type"] == "fiber_cut")
    cut["call_list"] = [
        {"role": "dispatcher_on_duty", "name": "Desk", "channel": "call",
         "address": "+15205550100", "delay_s": 0},
        {"role": "supervisor", "name": "Marta", "channel": "sms", "address": "+15205550119",
         "delay_s": 150},
        {"role": "carrier_security", "name": "Security", "channel": "email",
         "address": "security@frontera.example", "delay_s": 400},
    ]
    assert ana.put("/policies", json={"base_version": 1, "policies": [cut]}).status_code == 200
    with open_stream(cloud, token_of(ana)) as ws:
        alarm = raise_alarm(cloud, ws)

        def notified(status: str, name: str) -> Callable[[Any], bool]:
            return lambda f: (isinstance(f, AlarmNotifiedEvent) and f.alarm_id == alarm.id
                              and f.notification.status == status
                              and f.notification.name == name)

        clock.offset += 121.0  # acknowledge within 120 s: not done
        frames = after_a_tick(ws, notified("sent", "Desk"))
        [escalated] = [f for f in frames if isinstance(f, AlarmEscalatedEvent)]
        assert (escalated.level, escalated.by) == (1, "cloud")
        sent = [f.notification for f in frames if isinstance(f, AlarmNotifiedEvent)]
        assert [(n.name, n.channel.value, n.level) for n in sent] == [("Desk", "call", 1)]
        clock.offset += 30.0  # the supervisor's delay (150 s) has passed; the call went through
        frames = after_a_tick(ws, notified("sent", "Marta"))
        assert any(notified("delivered", "Desk")(f) for f in frames)
        clock.offset += 5.0
        failed = read_until(ws, notified("failed", "Marta"))[-1]  # a number ending in 9
        assert failed.notification.detail == "not deliverable"
        r = ana.post(f"/alarms/{alarm.id}/ack", json={"request_id": rid()})
        assert r.status_code == 200
        probe = raise_alarm(cloud, ws, "forced_entry")  # left alone: shows a tick ran
        clock.offset += 600.0  # long past security's delay, and level 2's time
        frames = after_a_tick(ws, lambda f: isinstance(f, AlarmEscalatedEvent)
                              and f.alarm_id == probe.id)
    assert not [f for f in frames if isinstance(f, AlarmNotifiedEvent | AlarmEscalatedEvent)
                and f.alarm_id == alarm.id]
    record = ana.get(f"/alarms/{alarm.id}").json()
    assert [(n["name"], n["status"]) for n in record["notifications"]] == [
        ("Desk", "sent"), ("Marta", "sent"), ("Desk", "delivered"), ("Marta", "failed")]
    assert record["escalation_level"] == 1


# ---------------------------------------------------------------------- covert, where


def test_duress_is_a_covert_critical_alarm_and_a_covert_policy_makes_one(
        cloud: EmbeddedCloud, ana: httpx.Client) -> None:
    with open_stream(cloud, token_of(ana)) as ws:
        duress = raise_alarm(cloud, ws, "duress")
        assert (duress.type, duress.priority.value, duress.covert) == ("duress", "critical",
                                                                       True)
        assert duress.route is not None
        trips = {t["trailer_id"]: t for t in ana.get("/trips").json()["items"]}
        assert duress.route == trips[duress.trailer_id]["route"]
        cut = raise_alarm(cloud, ws, "fiber_cut")
        assert not cut.covert
        policies = ana.get("/policies").json()
        gps = next(p for p in policies["policies"] if p["alarm_type"] == "gps_lost")
        ana.put("/policies", json={"base_version": 1, "policies": [{**gps, "covert": True}]})
        assert raise_alarm(cloud, ws, "gps_loss").covert


def test_an_alarm_raised_at_a_border_crossing_names_it(tmp_path: Path) -> None:
    # Seed 20: one of the first carrier's trailers is on its way to the Otay Mesa crossing.
    cloud = start_embedded(tmp_path / "border", locks=10, seed=20, users=USERS,
                           incident_rate=0.0, accel=20.0, fix_interval_s=0.5,
                           sample_interval_s=1.0)
    try:
        assert cloud.cloud is not None
        sim = cloud.cloud.sim

        def to_a_border_crossing() -> tuple[str, str]:
            for lock_id in sim.lock_ids:
                state = sim.trailer_state(lock_id)
                crossings = [g for g in state["checkpoints_ahead"] if g.startswith("gf-border-")]
                if crossings and state["phase"] in ("driving", "parked") \
                        and state["lock_state"] == "locked":
                    return lock_id, sim.skip_ahead(lock_id, crossings[0])
            raise LookupError("no trailer of this fleet drives towards a border crossing")

        token = login(cloud, "ana", "pw1")
        with open_stream(cloud, token) as ws:
            lock_id, crossing = cloud.call(to_a_border_crossing)
            read_until(ws, lambda f: isinstance(f, GeofenceEnterEvent) and f.lock_id == lock_id
                       and f.geofence_id == crossing)
            alarm = raise_alarm(cloud, ws, "duress", lock_id)
        assert alarm.crossing_id == crossing
        assert alarm.route == sim.corridor_of(lock_id)
    finally:
        cloud.stop()
