"""The typed cloud API against a real cloudsim over real sockets: each call returns the route's
model, and each refusal is a typed error carrying the server's own status, code and message."""

from __future__ import annotations

import asyncio
import socket
import time
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from PySide6.QtCore import QObject

from cloudsim.server import EmbeddedCloud, start_embedded
from console.link.api import ApiError, CloudApi, Conflict, MalformedAnswer, NotFound
from console.link.client import AuthError, CloudClient, CloudUnavailable, ResyncRequired
from console.link.errors import api_error, error_body, error_message
from opticallock.protocol import (
    AcknowledgeRequest,
    Alarm,
    AlarmAudit,
    AlarmPage,
    AlarmState,
    CallList,
    CallOutcome,
    CallRecordRequest,
    ChainVerification,
    DriverCall,
    DriverList,
    DriverMessage,
    ErrorBody,
    EscalateRequest,
    EventPage,
    FiberPage,
    FleetSnapshot,
    GeofenceList,
    LockEventPage,
    MessageList,
    PositionPage,
    ResolveOutcome,
    ResolveRequest,
    SeenRequest,
    SendMessageRequest,
    StepRequest,
    TripList,
)
from tests.asyncqt import run, wait_until_async

USERS: list[tuple[str, str, str | None]] = [("ana", "pw1", None), ("ben", "pw2", None)]


@pytest.fixture(scope="module")
def cloud(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedCloud]:
    instance = start_embedded(tmp_path_factory.mktemp("cloud"), locks=12, seed=9, users=USERS,
                              incident_rate=0.0, fix_interval_s=0.1, sample_interval_s=0.1,
                              accel=60.0, reply_probability=0.0)
    yield instance
    instance.stop()


async def signed_in(cloud: EmbeddedCloud, owner: QObject, user: str = "ana"
                    ) -> tuple[CloudClient, CloudApi]:
    client = CloudClient(cloud.url, parent=owner)
    await client.sign_in(user, {u: p for u, p, _ in USERS}[user])
    return client, CloudApi(client.request)


def rid() -> str:
    return uuid.uuid4().hex


async def server_error(client: CloudClient, method: str, path: str, **kw: Any) -> ErrorBody:
    """The error body the cloud sends for this request, read without the API."""
    response = await client.request(method, path, **kw)
    assert response.status_code >= 400
    return ErrorBody.model_validate_json(response.content)


def inject(cloud: EmbeddedCloud, kind: str) -> str:
    assert cloud.cloud is not None
    sim = cloud.cloud.sim
    return cloud.call(lambda: sim.inject_incident(kind))


async def raised_alarm(api: CloudApi, lock_id: str) -> Alarm:
    async def find() -> Alarm | None:
        page = await api.alarms(AlarmState.OPEN)
        return next((a for a in page.items if a.lock_id == lock_id), None)

    await wait_until_async(find, what=f"an alarm on {lock_id}")
    alarm = await find()
    assert alarm is not None
    return alarm


# --------------------------------------------------------------------------- models


def test_fleet_reference_data_the_log_and_its_chain_come_as_models(
        cloud: EmbeddedCloud, owner: QObject, aloop: asyncio.AbstractEventLoop) -> None:
    async def body() -> None:
        client, api = await signed_in(cloud, owner)
        snapshot = await api.fleet()
        assert isinstance(snapshot, FleetSnapshot)
        assert snapshot.carrier.id == "frontera"
        assert snapshot.trailers
        geofences = await api.geofences()
        assert isinstance(geofences, GeofenceList)
        assert geofences.items
        assert isinstance(await api.trips(), TripList)
        drivers = await api.drivers()
        assert isinstance(drivers, DriverList)
        assert {d.id for d in drivers.items} == {d.id for d in snapshot.drivers}
        page = await api.events(after=0, limit=5)
        assert isinstance(page, EventPage)
        assert [e.seq for e in page.events] == [1, 2, 3, 4, 5]
        verified = await api.verify_log(1, 5, links=True)
        assert isinstance(verified, ChainVerification)
        assert (verified.ok, verified.checked, len(verified.links)) == (True, 5, 5)
        assert verified.head_hash == page.events[-1].hash
        assert (await api.verify_log(1, 5)).links == []
        await client.close()

    run(aloop, body())


def test_a_locks_history_comes_in_pages_that_follow_the_cursor(
        cloud: EmbeddedCloud, owner: QObject, aloop: asyncio.AbstractEventLoop) -> None:
    async def body() -> None:
        client, api = await signed_in(cloud, owner)
        lock_id = (await api.fleet()).trailers[0].lock_id
        start, end = time.time() - 3600.0, time.time() + 3600.0

        async def enough() -> bool:
            page = await api.positions(lock_id, start, end, limit=5000)
            return len(page.items) >= 3

        await wait_until_async(enough, what="three fixes in the history")
        first = await api.positions(lock_id, start, end, limit=2)
        assert isinstance(first, PositionPage)
        assert (first.lock_id, len(first.items)) == (lock_id, 2)
        assert first.next_cursor is not None
        second = await api.positions(lock_id, start, end, limit=2, cursor=first.next_cursor)
        assert second.items[0].ts > first.items[-1].ts  # the next page, not the first again
        fiber = await api.fiber(lock_id, start, end, limit=3)
        assert isinstance(fiber, FiberPage)
        assert fiber.lock_id == lock_id
        assert len(fiber.items) == 3
        events = await api.lock_events(lock_id, start - 86400.0, end)
        assert isinstance(events, LockEventPage)
        assert events.lock_id == lock_id
        await client.close()

    run(aloop, body())


def test_alarm_actions_return_the_alarm_and_its_record(
        cloud: EmbeddedCloud, owner: QObject, aloop: asyncio.AbstractEventLoop) -> None:
    async def body() -> None:
        client, api = await signed_in(cloud, owner)
        alarm = await raised_alarm(api, inject(cloud, "fiber_cut"))
        seen = await api.mark_seen(alarm.id, SeenRequest(request_id=rid()))
        assert isinstance(seen, Alarm)
        assert "ana" in seen.seen_by
        escalated = await api.escalate(alarm.id, EscalateRequest(request_id=rid(), level=1,
                                                                 reason="late"))
        assert escalated.escalation_level == 1
        acked = await api.acknowledge(alarm.id, AcknowledgeRequest(request_id=rid(),
                                                                   note="calling the driver"))
        assert (acked.state, acked.acknowledged_by, acked.ack_note) == (
            AlarmState.ACKNOWLEDGED, "ana", "calling the driver")
        stepped = await api.record_step(alarm.id, StepRequest(
            request_id=rid(), step_id="call_driver", label="Call the driver"))
        assert [s.step_id for s in stepped.steps] == ["call_driver"]
        resolved = await api.resolve(alarm.id, ResolveRequest(
            request_id=rid(), outcome=ResolveOutcome.FALSE_ALARM, note="seal checked"))
        assert resolved.state is AlarmState.RESOLVED
        assert await api.alarm(alarm.id) == resolved
        audit = await api.alarm_audit(alarm.id)
        assert isinstance(audit, AlarmAudit)
        assert audit.alarm == resolved
        kinds = [e.type for e in audit.events]
        assert (kinds[0], kinds[-1]) == ("alarm_raised", "alarm_resolved")
        page = await api.alarms(AlarmState.RESOLVED, limit=200)
        assert isinstance(page, AlarmPage)
        assert alarm.id in {a.id for a in page.items}
        await client.close()

    run(aloop, body())


def test_messages_and_calls_come_back_as_what_the_cloud_recorded(
        cloud: EmbeddedCloud, owner: QObject, aloop: asyncio.AbstractEventLoop) -> None:
    async def body() -> None:
        client, api = await signed_in(cloud, owner)
        snapshot = await api.fleet()
        driver = next(d for d in snapshot.drivers if d.app_online and d.trailer_id)
        request = SendMessageRequest(request_id=rid(), text="Call dispatch, please.")
        message = await api.send_message(driver.id, request)
        assert isinstance(message, DriverMessage)
        assert (message.text, message.request_id, message.sent_by) == (
            request.text, request.request_id, "ana")
        again = await api.send_message(driver.id, request)  # a retry: answered, not re-sent
        assert again.id == message.id
        thread = await api.messages(driver.id)
        assert isinstance(thread, MessageList)
        assert [m.id for m in thread.items if m.request_id == request.request_id] == [message.id]
        call = await api.record_call(driver.id, CallRecordRequest(
            request_id=rid(), outcome=CallOutcome.NO_ANSWER, note="rang twice"))
        assert isinstance(call, DriverCall)
        assert (call.outcome, call.note, call.by) == (CallOutcome.NO_ANSWER, "rang twice", "ana")
        calls = await api.calls(driver.id)
        assert isinstance(calls, CallList)
        assert call.id in {c.id for c in calls.items}
        await client.close()

    run(aloop, body())


# --------------------------------------------------------------------------- refusals


def test_refusals_are_typed_errors_with_the_servers_status_code_and_message(
        cloud: EmbeddedCloud, owner: QObject, aloop: asyncio.AbstractEventLoop) -> None:
    async def body() -> None:
        client, api = await signed_in(cloud, owner)
        lock_id = (await api.fleet()).trailers[0].lock_id

        with pytest.raises(NotFound) as missing:
            await api.alarm("AL-NOPE")
        said = await server_error(client, "GET", "/alarms/AL-NOPE")
        assert (missing.value.status, missing.value.error) == (404, "not_found")
        assert missing.value.message == str(missing.value) == said.message
        assert isinstance(missing.value, LookupError)  # callers that ask "is it there?"

        with pytest.raises(NotFound):
            await api.messages("DRV-NOPE")

        with pytest.raises(ApiError) as bad_range:
            await api.positions(lock_id, 2000.0, 1000.0)
        said = await server_error(client, "GET", f"/locks/{lock_id}/positions",
                                  params={"start": 2000.0, "end": 1000.0})
        assert (bad_range.value.status, bad_range.value.error) == (400, "invalid_range")
        assert bad_range.value.message == said.message

        with pytest.raises(ApiError) as invalid:
            await api.positions(lock_id, 1000.0, 2000.0, limit=0)
        assert (invalid.value.status, invalid.value.error) == (422, "invalid_request")
        assert invalid.value.detail  # the list of problems, where and what
        assert not isinstance(invalid.value, (NotFound, Conflict))

        with pytest.raises(ApiError) as bad_cursor:
            await api.fiber(lock_id, 1000.0, 2000.0, cursor="not-a-cursor")
        assert (bad_cursor.value.status, bad_cursor.value.error) == (400, "invalid_cursor")
        await client.close()

    run(aloop, body())


def test_a_colleague_first_is_a_conflict_saying_who_and_when(
        cloud: EmbeddedCloud, owner: QObject, aloop: asyncio.AbstractEventLoop) -> None:
    async def body() -> None:
        ana_client, ana = await signed_in(cloud, owner)
        ben_client, ben = await signed_in(cloud, owner, "ben")
        alarm = await raised_alarm(ana, inject(cloud, "forced_entry"))
        acked = await ana.acknowledge(alarm.id, AcknowledgeRequest(request_id=rid(), note="x"))
        with pytest.raises(Conflict) as first:
            await ben.acknowledge(alarm.id, AcknowledgeRequest(request_id=rid(), note="me too"))
        assert (first.value.status, first.value.error) == (409, "already_acknowledged")
        assert (first.value.by, first.value.at) == ("ana", acked.acknowledged_at)
        assert first.value.alarm == acked
        assert "ana" in first.value.message
        reused = rid()
        await ana.resolve(alarm.id, ResolveRequest(request_id=reused,
                                                   outcome=ResolveOutcome.FALSE_ALARM))
        with pytest.raises(Conflict) as resolved:
            await ben.resolve(alarm.id, ResolveRequest(request_id=rid(),
                                                       outcome=ResolveOutcome.FALSE_ALARM))
        assert (resolved.value.error, resolved.value.by) == ("already_resolved", "ana")
        with pytest.raises(ApiError) as twice:  # one request id, another action
            await ana.mark_seen(alarm.id, SeenRequest(request_id=reused))
        assert (twice.value.status, twice.value.error) == (422, "request_id_reused")
        assert reused in twice.value.message
        await ana_client.close()
        await ben_client.close()

    run(aloop, body())


def test_a_message_to_an_offline_app_is_a_conflict_of_its_own(
        cloud: EmbeddedCloud, owner: QObject, aloop: asyncio.AbstractEventLoop) -> None:
    async def body() -> None:
        client, api = await signed_in(cloud, owner)
        snapshot = await api.fleet()
        driver = next(d for d in reversed(snapshot.drivers) if d.app_online)
        assert cloud.cloud is not None
        sim = cloud.cloud.sim
        cloud.call(lambda: sim.set_driver_app_online(driver.id, False))

        async def offline() -> bool:
            return not next(d for d in (await api.drivers()).items
                            if d.id == driver.id).app_online

        await wait_until_async(offline, what="the app offline")
        with pytest.raises(Conflict) as refused:
            await api.send_message(driver.id, SendMessageRequest(request_id=rid(), text="Hi"))
        assert (refused.value.status, refused.value.error) == (409, "driver_app_offline")
        assert (refused.value.by, refused.value.alarm) == (None, None)
        await client.close()

    run(aloop, body())


def test_signed_out_unreachable_and_unreadable_are_the_clients_errors(
        cloud: EmbeddedCloud, owner: QObject, aloop: asyncio.AbstractEventLoop) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        dead_port = probe.getsockname()[1]

    async def body() -> None:
        client, api = await signed_in(cloud, owner)
        await client.sign_out()
        with pytest.raises(AuthError):
            await api.fleet()  # no token at all
        client.token = "x" * 43
        with pytest.raises(AuthError) as refused:
            await api.drivers()  # a token the cloud does not know
        assert str(refused.value)  # the cloud's words, not an empty error
        await client.close()
        nowhere = CloudClient(f"http://127.0.0.1:{dead_port}", parent=owner)
        nowhere.token = "x" * 43
        with pytest.raises(CloudUnavailable):
            await CloudApi(nowhere.request).alarms()
        await nowhere.close()

    run(aloop, body())


def answering(status: int, content: bytes) -> Any:
    """A request function that answers every call with one canned response (for what a sound
    cloud never sends)."""
    async def request(method: str, path: str, **_kw: Any) -> httpx.Response:
        return httpx.Response(status, content=content,
                              request=httpx.Request(method, f"http://cloud.test{path}"))
    return request


def test_an_unreadable_success_is_a_malformed_answer_and_410_asks_for_a_resync(
        aloop: asyncio.AbstractEventLoop) -> None:
    async def body() -> None:
        with pytest.raises(MalformedAnswer) as unreadable:
            await CloudApi(answering(200, b'{"items": "nope"}')).drivers()
        assert unreadable.value.status == 200
        assert isinstance(unreadable.value, CloudUnavailable)  # readers retry it
        assert "GET /drivers" in str(unreadable.value)
        gone = ErrorBody(error="resync_required", message="Compacted below seq 9.")
        with pytest.raises(ResyncRequired, match="Compacted below seq 9"):
            await CloudApi(answering(410, gone.model_dump_json().encode())).events(after=1)

    run(aloop, body())


def test_the_error_body_is_read_once_for_everyone() -> None:
    plain = httpx.Response(404, json={"error": "not_found", "message": "No such lock."})
    assert error_message(plain) == "No such lock."
    assert isinstance(api_error(plain), NotFound)
    conflict = httpx.Response(409, json={"error": "already_acknowledged", "message": "By ana.",
                                         "by": "ana", "at": 1_795_460_531.0})
    error = api_error(conflict)
    assert isinstance(error, Conflict)
    assert (error.by, error.at, error.message) == ("ana", 1_795_460_531.0, "By ana.")
    garbled = httpx.Response(502, text="<html>Bad gateway</html>")
    assert error_body(garbled.content) is None
    assert error_message(garbled) == "HTTP 502"
    assert (api_error(garbled).status, str(api_error(garbled))) == (502, "HTTP 502")
    assert error_body(b"") is None


def test_ids_are_quoted_into_the_path(aloop: asyncio.AbstractEventLoop) -> None:
    paths: list[str] = []

    async def request(method: str, path: str, **_kw: Any) -> httpx.Response:
        paths.append(path)
        return httpx.Response(404, json={"error": "not_found", "message": "No."})

    async def body() -> None:
        with pytest.raises(NotFound):
            await CloudApi(request).alarm_audit("AL/../x?y")

    run(aloop, body())
    assert paths == ["/alarms/AL%2F..%2Fx%3Fy/audit"]

