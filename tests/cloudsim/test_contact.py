"""Contacting drivers through the REST API: messages linked to an alarm (delivered, read,
answered in the driver's language, all in the alarm's audit trail), idempotent sends, an
offline app refused, call outcomes on the alarm and the lock's record, and 4xx on bad input."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from cloudsim.server import EmbeddedCloud, start_embedded
from cloudsim.sim import _REPLIES
from opticallock.protocol import (
    API_PREFIX,
    CallList,
    DriverAppEvent,
    DriverCall,
    DriverCallEvent,
    DriverMessage,
    DriverMessageEvent,
    Language,
    MessageStatus,
)
from tests.cloudsim.conftest import USERS, login, open_stream, read_until
from tests.cloudsim.test_api import _raise_alarm


def rid() -> str:
    return uuid.uuid4().hex


@pytest.fixture
def cloud(tmp_path: Path) -> Iterator[EmbeddedCloud]:
    # Every message is answered, and the driver apps answer 20 times faster than people do.
    instance = start_embedded(tmp_path / "cloud", locks=30, seed=11, users=USERS,
                              incident_rate=0.0, fix_interval_s=0.5, sample_interval_s=1.0,
                              reply_probability=1.0, app_delay_scale=0.05)
    yield instance
    instance.stop()


def online_driver(api: httpx.Client, language: Language | None = None) -> dict[str, Any]:
    """A driver whose app is online and who drives a trailer (of a language, if asked)."""
    fleet = api.get("/fleet").json()
    return next(d for d in fleet["drivers"]
                if d["app_online"] and d["trailer_id"]
                and (language is None or d["language"] == language))


def lock_of(api: httpx.Client, trailer_id: str) -> str:
    fleet = api.get("/fleet").json()
    return str(next(t["lock_id"] for t in fleet["trailers"] if t["id"] == trailer_id))


def raise_alarm_on(cloud: EmbeddedCloud, token: str, api: httpx.Client, driver: dict[str, Any]
                   ) -> Any:
    assert cloud.cloud is not None
    sim = cloud.cloud.sim
    lock_id = lock_of(api, driver["trailer_id"])
    with open_stream(cloud, token) as ws:
        cloud.call(lambda: sim.inject_incident("fiber_cut", lock_id))
        frames = read_until(ws, lambda f: getattr(f, "type", "") == "alarm_raised"
                            and f.alarm.lock_id == lock_id)
    return frames[-1].alarm


def test_a_message_from_an_alarm_is_delivered_read_answered_and_all_in_the_audit_trail(
        cloud: EmbeddedCloud, token: str, api: httpx.Client) -> None:
    driver = online_driver(api, Language.ES)
    alarm = raise_alarm_on(cloud, token, api, driver)
    request_id = rid()
    with open_stream(cloud, token) as ws:
        r = api.post(f"/drivers/{driver['id']}/messages",
                     json={"request_id": request_id, "alarm_id": alarm.id,
                           "text": "¿Está intacto el sello? Llame a despacho."})
        assert r.status_code == 201, r.text
        sent = DriverMessage.model_validate(r.json())
        assert (sent.status, sent.alarm_id, sent.request_id, sent.sent_by) == \
            (MessageStatus.SENT, alarm.id, request_id, "ana")
        assert sent.trailer_id == driver["trailer_id"]
        frames = read_until(ws, lambda f: isinstance(f, DriverMessageEvent)
                            and f.message.status is MessageStatus.REPLY)
    updates = [f.message for f in frames if isinstance(f, DriverMessageEvent)]
    assert [(m.id, m.status) for m in updates] == [
        (sent.id, MessageStatus.SENT), (sent.id, MessageStatus.DELIVERED),
        (sent.id, MessageStatus.READ), (updates[-1].id, MessageStatus.REPLY)]
    # Every update of the message carries the request id the console sent it with.
    assert {m.request_id for m in updates[:3]} == {request_id}
    reply = updates[-1]
    assert (reply.reply_to, reply.alarm_id, reply.direction.value, reply.request_id) == \
        (sent.id, alarm.id, "from_driver", None)
    spanish = {t for texts in _REPLIES[Language.ES].values() for t in texts}
    assert reply.text in spanish

    listed = api.get(f"/drivers/{driver['id']}/messages").json()["items"]
    assert [(m["id"], m["status"]) for m in listed] == [(sent.id, "read"), (reply.id, "reply")]
    audit = api.get(f"/alarms/{alarm.id}/audit").json()
    kinds = [(e["type"], e.get("message", {}).get("status")) for e in audit["events"]]
    assert kinds == [("alarm_raised", None), ("driver_message", "sent"),
                     ("driver_message", "delivered"), ("driver_message", "read"),
                     ("driver_message", "reply")]


def test_a_retried_send_is_answered_the_same_and_sends_once(api: httpx.Client) -> None:
    driver = online_driver(api)
    body = {"request_id": rid(), "text": "Confirm the seal is intact"}
    first = api.post(f"/drivers/{driver['id']}/messages", json=body)
    again = api.post(f"/drivers/{driver['id']}/messages", json={**body, "text": "changed"})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    listed = api.get(f"/drivers/{driver['id']}/messages").json()["items"]
    assert [m["text"] for m in listed] == ["Confirm the seal is intact"]
    # The same request id for another action is refused, not silently replayed.
    reused = api.post(f"/drivers/{driver['id']}/calls",
                      json={"request_id": body["request_id"], "outcome": "reached"})
    assert reused.status_code == 422
    assert reused.json()["error"] == "request_id_reused"


def test_a_message_to_an_offline_app_is_refused_and_a_retry_once_it_is_back_sends_it(
        cloud: EmbeddedCloud, token: str, api: httpx.Client) -> None:
    assert cloud.cloud is not None
    sim = cloud.cloud.sim
    driver = online_driver(api)
    with open_stream(cloud, token) as ws:
        cloud.call(lambda: sim.set_driver_app_online(driver["id"], False))
        read_until(ws, lambda f: isinstance(f, DriverAppEvent) and f.driver_id == driver["id"])
    body = {"request_id": rid(), "text": "Stop at the nearest safe location and call dispatch"}
    refused = api.post(f"/drivers/{driver['id']}/messages", json=body)
    assert refused.status_code == 409
    assert refused.headers["content-type"].startswith("application/json")
    assert refused.json()["error"] == "driver_app_offline"
    assert driver["name"] in refused.json()["message"]
    assert api.get(f"/drivers/{driver['id']}/messages").json()["items"] == []
    with open_stream(cloud, token) as ws:
        cloud.call(lambda: sim.set_driver_app_online(driver["id"], True))
        read_until(ws, lambda f: isinstance(f, DriverAppEvent) and f.driver_id == driver["id"])
    retried = api.post(f"/drivers/{driver['id']}/messages", json=body)
    assert retried.status_code == 201, retried.text
    assert len(api.get(f"/drivers/{driver['id']}/messages").json()["items"]) == 1


def test_a_call_outcome_is_recorded_on_the_alarm_and_the_lock_and_sent_once(
        cloud: EmbeddedCloud, token: str, api: httpx.Client) -> None:
    driver = online_driver(api)
    alarm = raise_alarm_on(cloud, token, api, driver)
    body = {"request_id": rid(), "outcome": "voicemail", "note": "left a message",
            "alarm_id": alarm.id, "placed_at": time.time() - 40}
    with open_stream(cloud, token) as ws:
        r = api.post(f"/drivers/{driver['id']}/calls", json=body)
        assert r.status_code == 201, r.text
        [event] = [f for f in read_until(ws, lambda f: isinstance(f, DriverCallEvent))
                   if isinstance(f, DriverCallEvent)]
    call = DriverCall.model_validate(r.json())
    assert (call.outcome.value, call.note, call.by, call.alarm_id, call.trailer_id) == \
        ("voicemail", "left a message", "ana", alarm.id, alarm.trailer_id)
    assert call.phone == driver["phone"]
    assert call.placed_at == pytest.approx(body["placed_at"])
    assert event.call == call
    assert (event.lock_id, event.request_id) == (alarm.lock_id, body["request_id"])

    again = api.post(f"/drivers/{driver['id']}/calls", json={**body, "outcome": "reached"})
    assert (again.status_code, again.json()) == (201, r.json())
    calls = CallList.model_validate(api.get(f"/drivers/{driver['id']}/calls").json())
    assert calls.items == [call]
    audit = api.get(f"/alarms/{alarm.id}/audit").json()
    assert [e["type"] for e in audit["events"]] == ["alarm_raised", "driver_call"]
    # A call is part of the lock's record too (the trip's seal audit report reads it there).
    lock_events = api.get(f"/locks/{alarm.lock_id}/events",
                          params={"start": time.time() - 3600,
                                  "end": time.time() + 60}).json()["items"]
    assert "driver_call" in [e["type"] for e in lock_events]

    # Without an alarm, the call is recorded on the driver's current trailer.
    plain = api.post(f"/drivers/{driver['id']}/calls",
                     json={"request_id": rid(), "outcome": "no_answer"}).json()
    assert (plain["alarm_id"], plain["trailer_id"]) == (None, driver["trailer_id"])


@pytest.mark.parametrize(
    ("path", "body", "status", "error"),
    [
        ("/drivers/{driver}/calls", {"request_id": "abcdefgh12", "outcome": "busy"}, 422,
         "invalid_request"),
        ("/drivers/{driver}/calls", {"request_id": "abcdefgh12"}, 422, "invalid_request"),
        ("/drivers/{driver}/calls", {"request_id": "abcdefgh12", "outcome": "reached",
                                     "note": "x" * 2001}, 422, "invalid_request"),
        ("/drivers/{driver}/calls", {"request_id": "abcdefgh12", "outcome": "reached",
                                     "colour": "red"}, 422, "invalid_request"),
        ("/drivers/{driver}/calls", {"request_id": "abcdefgh12", "outcome": "reached",
                                     "alarm_id": "AL-NOPE"}, 404, "not_found"),
        ("/drivers/{driver}/calls", {"request_id": "abcdefgh12", "outcome": "reached",
                                     "trailer_id": "TR-NOPE"}, 404, "not_found"),
        ("/drivers/DRV-NOPE/calls", {"request_id": "abcdefgh12", "outcome": "reached"}, 404,
         "not_found"),
        ("/drivers/{driver}/messages", {"request_id": "abcdefgh12", "text": "hi",
                                        "alarm_id": "AL-NOPE"}, 404, "not_found"),
        ("/drivers/DRV-NOPE/messages", {"request_id": "abcdefgh12", "text": "hi"}, 404,
         "not_found"),
    ],
)
def test_bad_contact_requests_are_4xx_json(api: httpx.Client, path: str, body: dict[str, Any],
                                           status: int, error: str) -> None:
    driver = online_driver(api)
    r = api.post(path.format(driver=driver["id"]), json=body)
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    assert r.json()["error"] == error
    assert r.json()["message"]
    assert api.get(f"/drivers/{driver['id']}/calls").json()["items"] == []


def test_another_carriers_driver_calls_are_not_found(cloud: EmbeddedCloud, api: httpx.Client
                                                    ) -> None:
    carla = login(cloud, "carla", "pw3")
    with httpx.Client(base_url=f"{cloud.url}{API_PREFIX}",
                      headers={"Authorization": f"Bearer {carla}"}, timeout=10) as theirs:
        foreign = theirs.get("/fleet").json()["drivers"][0]["id"]
    assert api.get(f"/drivers/{foreign}/calls").status_code == 404
    r = api.post(f"/drivers/{foreign}/calls", json={"request_id": rid(), "outcome": "reached"})
    assert (r.status_code, r.json()["error"]) == (404, "not_found")


def test_the_alarm_raising_helper_still_works_with_contact_events(
        cloud: EmbeddedCloud, token: str) -> None:
    # The shared helper reads the stream until the alarm: contact events must decode on the way.
    assert _raise_alarm(cloud, token).alarm.type == "fiber_cut"
