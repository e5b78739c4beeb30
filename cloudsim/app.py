"""The reference cloud's HTTP and websocket API (FastAPI), version 1 under ``/api/v1``.

Every refused request gets a JSON :class:`~opticallock.protocol.ErrorBody` and a 4xx status; a bug
gets a JSON 500 and a log line, never a dropped connection. Bodies over
:data:`~opticallock.protocol.MAX_BODY_BYTES` are refused before they are read in full.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import gc
import json
import logging
import math
import time
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from typing import Annotated, Any

import pydantic_core
from fastapi import Depends, FastAPI, Path, Query, Request, WebSocket
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.websockets import WebSocketDisconnect, WebSocketState

from cloudsim.eventlog import RAW_FRAME_SEQ, PositionThinner, Subscriber
from cloudsim.service import MAX_ROWS_PER_EVENT, ApiError, CloudService, Principal
from cloudsim.sim import record_fix_burst
from opticallock.protocol import (
    API_PREFIX,
    CLOSE_RESYNC_REQUIRED,
    CLOSE_UNAUTHORIZED,
    HEARTBEAT_INTERVAL_S,
    MAX_BODY_BYTES,
    MAX_POSITION_INTERVAL_S,
    AcknowledgeRequest,
    Alarm,
    AlarmAudit,
    AlarmPage,
    AlarmState,
    CallList,
    CallRecordRequest,
    ChainVerification,
    ConflictBody,
    DriverCall,
    DriverList,
    DriverMessage,
    ErrorBody,
    EscalateRequest,
    EventPage,
    FiberPage,
    FiberSample,
    FleetSnapshot,
    FrameError,
    GeofenceList,
    HeartbeatFrame,
    HelloFrame,
    LockEventPage,
    LoginRequest,
    MessageList,
    Model,
    Position,
    PositionIntervalFrame,
    PositionPage,
    PositionsEvent,
    ResolveRequest,
    ResyncRequiredFrame,
    SeenRequest,
    SendMessageRequest,
    Session,
    StepRequest,
    TripList,
    decode_client_frame,
    event_adapter,
)

log = logging.getLogger(__name__)

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:-]*$"
#: Longest time range one history request may span (the console pages through longer ones).
MAX_HISTORY_SPAN_S = 62 * 86400.0
MAX_PAGE = 5000

IdPath = Annotated[str, Path(min_length=1, max_length=64, pattern=ID_PATTERN)]
Start = Annotated[float, Query(ge=0, le=1e10, description="POSIX seconds, inclusive")]
End = Annotated[float, Query(ge=0, le=1e10, description="POSIX seconds, exclusive")]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE)]


async def principal(request: Request) -> Principal:
    """The dispatcher behind the request's bearer token (401 without a valid one)."""
    return _authenticate(request.app.state.service, request.headers.get("authorization"))


Who = Annotated[Principal, Depends(principal)]

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "Invalid request"},
    401: {"model": ErrorBody, "description": "Missing, expired or invalid token"},
    404: {"model": ErrorBody, "description": "Not found (or not your carrier's)"},
    413: {"model": ErrorBody, "description": "Body too large"},
    422: {"model": ErrorBody, "description": "Body or parameters do not validate"},
}


def error_response(status: int, error: str, message: str, detail: Any = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    body = ErrorBody(error=error, message=message, detail=detail)
    return JSONResponse(body.model_dump(mode="json"), status_code=status, headers=headers)


def json_response(body: Any, status: int = 200) -> Response:
    text = body if isinstance(body, str) else body.model_dump_json()
    return Response(text, status_code=status, media_type="application/json")


class BodyLimit:
    """ASGI middleware: refuse request bodies over ``limit`` bytes with a JSON 413."""

    def __init__(self, app: Any, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: MutableMapping[str, Any], receive: Callable[[], Awaitable[Any]],
                       send: Callable[[Any], Awaitable[None]]) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    too_big = int(value) > self.limit
                except ValueError:
                    too_big = True
                if too_big:
                    await _too_large(self.limit)(scope, receive, send)
                    return
        seen = 0
        too_big = False

        async def limited() -> Any:
            nonlocal seen, too_big
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    # Pretend the client left: the app stops reading; we answer 413 below.
                    too_big = True
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Any) -> None:
            if not too_big:
                await send(message)

        await self.app(scope, limited, guarded_send)
        if too_big:
            await _too_large(self.limit)(scope, receive, send)


def _too_large(limit: int) -> JSONResponse:
    return error_response(413, "body_too_large", f"Request body is larger than {limit} bytes.")


def _encode_cursor(*parts: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(parts).encode()).decode().rstrip("=")


def _decode_cursor(cursor: str, arity: int) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        parts = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, binascii.Error) as exc:
        raise ApiError(400, "invalid_cursor", "The cursor is not one this server issued.") from exc
    if (not isinstance(parts, list) or len(parts) != arity
            or not all(isinstance(p, int | float | str) and not isinstance(p, bool)
                       for p in parts)):
        raise ApiError(400, "invalid_cursor", "The cursor is not one this server issued.")
    return parts


def _number(value: Any) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    raise ApiError(400, "invalid_cursor", "The cursor is not one this server issued.")


def _check_range(start: float, end: float) -> None:
    if end <= start:
        raise ApiError(400, "invalid_range", "'end' must be after 'start'.")
    if end - start > MAX_HISTORY_SPAN_S:
        raise ApiError(400, "invalid_range",
                       f"A range may span at most {MAX_HISTORY_SPAN_S / 86400:.0f} days; "
                       "page through longer periods.")


def create_app(service: CloudService) -> FastAPI:
    """The FastAPI application serving ``service``."""
    app = FastAPI(
        title="OpticalLock reference cloud",
        version="1.0",
        description="REST and websocket API of the OpticalLock cloud (reference implementation). "
                    "See docs/protocol.md.",
        docs_url=None,
        redoc_url=None,
    )
    app.add_middleware(BodyLimit)

    @app.exception_handler(ApiError)
    async def on_api_error(_: Request, exc: ApiError) -> JSONResponse:
        if exc.body is not None:
            return JSONResponse(exc.body.model_dump(mode="json"), status_code=exc.status)
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return error_response(exc.status, exc.error, exc.message, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def on_invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [
            {"where": ".".join(str(p) for p in e.get("loc", ())), "problem": e.get("msg", "")}
            for e in exc.errors()
        ]
        first = problems[0] if problems else {"where": "", "problem": "invalid"}
        return error_response(422, "invalid_request",
                              f"{first['where']}: {first['problem']}", detail=problems)

    @app.exception_handler(StarletteHTTPException)
    async def on_http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        error = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return error_response(exc.status_code, error, str(exc.detail))

    @app.exception_handler(Exception)
    async def on_bug(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error serving %s %s", request.method, request.url.path)
        return error_response(500, "internal_error", "The server failed; this is a bug.")

    app.state.service = service
    v1 = API_PREFIX

    @app.get("/health", include_in_schema=False)
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.post(f"{v1}/session", response_model=Session, responses=ERRORS, tags=["session"])
    async def login(body: LoginRequest) -> Response:
        """Exchange username and password for a bearer token."""
        # scrypt takes ~50 ms: run it off the loop so the stream keeps flowing.
        session = await asyncio.to_thread(service.login, body.username, body.password)
        return json_response(session, 201)

    @app.delete(f"{v1}/session", status_code=204, responses=ERRORS, tags=["session"])
    async def logout(request: Request, who: Who) -> Response:
        """Revoke the token used for this request."""
        service.revoke(_bearer(request.headers.get("authorization")) or "")
        return Response(status_code=204)

    @app.get(f"{v1}/fleet", response_model=FleetSnapshot, responses=ERRORS, tags=["fleet"])
    async def fleet(who: Who) -> Response:
        """The carrier's fleet, consistent with the stream at ``seq``."""
        return json_response(service.snapshot(who))

    @app.get(f"{v1}/events", response_model=EventPage, responses=ERRORS, tags=["stream"])
    async def events(who: Who, after: Annotated[int, Query(ge=0)] = 0,
                     limit: Annotated[int, Query(ge=1, le=2000)] = 500) -> Response:
        """Logged events with seq > ``after`` (gap backfill, audit). 410 if compacted away."""
        clog = service.log_for(who)
        where = {"oldest_seq": clog.replay_floor, "head_seq": clog.head_seq}
        if after > clog.head_seq:
            return error_response(410, "resync_required",
                                  f"after={after} is ahead of this log (head {clog.head_seq}): "
                                  "was the cloud reset? Reload the snapshot.", detail=where)
        try:
            frames = clog.frames_after(after, limit)
        except LookupError:
            return error_response(410, "resync_required",
                                  f"Events after {after} are no longer retained (oldest "
                                  f"replayable seq is {clog.replay_floor}); reload the snapshot.",
                                  detail=where)
        body = ('{"events":[' + ",".join(t for _, t in frames) + "]"
                f',"oldest_seq":{clog.replay_floor},"head_seq":{clog.head_seq}'
                f',"next_after":{frames[-1][0] if len(frames) == limit else "null"}}}')
        return json_response(body)

    @app.get(f"{v1}/log/verify", response_model=ChainVerification, responses=ERRORS,
             tags=["stream"])
    async def verify(who: Who, from_seq: Annotated[int, Query(ge=1)],
                     to_seq: Annotated[int, Query(ge=1)],
                     links: bool = False) -> Response:
        """Recompute the hash chain over a seq range (the audit trail's proof of integrity)."""
        if to_seq < from_seq:
            raise ApiError(400, "invalid_range", "'to_seq' must not be before 'from_seq'.")
        if to_seq - from_seq >= 200_000:
            raise ApiError(400, "invalid_range", "Verify at most 200,000 entries per request.")
        clog = service.log_for(who)
        if from_seq > clog.head_seq:
            raise ApiError(400, "invalid_range", f"The log ends at seq {clog.head_seq}.")
        result = await asyncio.to_thread(clog.verify, from_seq, to_seq, links)
        return json_response(result)

    def _history_params(start: float, end: float, cursor: str | None) -> list[float] | None:
        _check_range(start, end)
        if cursor is None:
            return None
        return [_number(p) for p in _decode_cursor(cursor, 2)]

    @app.get(f"{v1}/locks/{{lock_id}}/positions", response_model=PositionPage, responses=ERRORS,
             tags=["history"])
    async def positions(who: Who, lock_id: IdPath, start: Start, end: End, limit: Limit = 1000,
                        cursor: str | None = None) -> Response:
        """GPS fixes of one lock in [start, end), oldest first, paged with ``next_cursor``."""
        service.lock(who, lock_id)
        after = _history_params(start, end, cursor)
        sql = ("SELECT ts, lat, lon, speed, heading, rowid FROM positions "
               "WHERE lock_id = ? AND ts >= ? AND ts < ?")
        params: list[Any] = [lock_id, start, end]
        if after is not None:
            sql += " AND (ts > ? OR (ts = ? AND rowid > ?))"
            params += [after[0], after[0], after[1]]
        rows = service.db.all(sql + " ORDER BY ts, rowid LIMIT ?", [*params, limit + 1])
        items = [Position.model_construct(ts=r[0], lat=r[1], lon=r[2], speed_kmh=r[3],
                                          heading_deg=r[4]) for r in rows[:limit]]
        nxt = _encode_cursor(rows[limit - 1][0], rows[limit - 1][5]) if len(rows) > limit else None
        return json_response(PositionPage(lock_id=lock_id, items=items, next_cursor=nxt))

    @app.get(f"{v1}/locks/{{lock_id}}/fiber", response_model=FiberPage, responses=ERRORS,
             tags=["history"])
    async def fiber(who: Who, lock_id: IdPath, start: Start, end: End, limit: Limit = 1000,
                    cursor: str | None = None) -> Response:
        """Fiber seal power samples of one lock in [start, end), oldest first, paged."""
        service.lock(who, lock_id)
        after = _history_params(start, end, cursor)
        sql = "SELECT ts, dbm, rowid FROM fiber WHERE lock_id = ? AND ts >= ? AND ts < ?"
        params: list[Any] = [lock_id, start, end]
        if after is not None:
            sql += " AND (ts > ? OR (ts = ? AND rowid > ?))"
            params += [after[0], after[0], after[1]]
        rows = service.db.all(sql + " ORDER BY ts, rowid LIMIT ?", [*params, limit + 1])
        items = [FiberSample.model_construct(ts=r[0], dbm=r[1]) for r in rows[:limit]]
        nxt = _encode_cursor(rows[limit - 1][0], rows[limit - 1][2]) if len(rows) > limit else None
        return json_response(FiberPage(lock_id=lock_id, items=items, next_cursor=nxt))

    @app.get(f"{v1}/locks/{{lock_id}}/events", response_model=LockEventPage, responses=ERRORS,
             tags=["history"])
    async def lock_events(who: Who, lock_id: IdPath, start: Start, end: End,
                          limit: Limit = 1000, cursor: str | None = None) -> Response:
        """Everything that happened to one lock in [start, end) except telemetry, paged."""
        service.lock(who, lock_id)
        after = _history_params(start, end, cursor)
        sql = ("SELECT body, seq FROM log WHERE carrier_id = ? AND lock_id = ? "
               "AND ts >= ? AND ts < ? AND body IS NOT NULL")
        params: list[Any] = [who.carrier_id, lock_id, start, end]
        if after is not None:
            sql += " AND seq > ?"
            params.append(int(after[1]))
        rows = service.db.all(sql + " ORDER BY seq LIMIT ?", [*params, limit + 1])
        nxt = _encode_cursor(0, rows[limit - 1][1]) if len(rows) > limit else None
        items = ",".join(str(r[0]) for r in rows[:limit])
        return json_response(f'{{"lock_id":{json.dumps(lock_id)},"items":[{items}],'
                             f'"next_cursor":{json.dumps(nxt)}}}')

    @app.get(f"{v1}/alarms", response_model=AlarmPage, responses=ERRORS, tags=["alarms"])
    async def alarms(who: Who, state: AlarmState | None = None, limit: Limit = 200,
                     cursor: str | None = None) -> Response:
        """Alarms, newest first, optionally only those in one state."""
        after = None
        if cursor is not None:
            raw = _decode_cursor(cursor, 2)
            after = (_number(raw[0]), str(raw[1]))
        items, nxt = service.alarms(who, state, after, limit)
        return json_response(AlarmPage(items=items,
                                       next_cursor=_encode_cursor(*nxt) if nxt else None))

    @app.get(f"{v1}/alarms/{{alarm_id}}", response_model=Alarm, responses=ERRORS,
             tags=["alarms"])
    async def alarm(who: Who, alarm_id: IdPath) -> Response:
        return json_response(service.alarm(who, alarm_id))

    conflict = {**ERRORS, 409: {"model": ConflictBody, "description": "Somebody got there first"}}

    @app.post(f"{v1}/alarms/{{alarm_id}}/ack", response_model=Alarm, responses=conflict,
              tags=["alarms"])
    async def acknowledge(who: Who, alarm_id: IdPath, body: AcknowledgeRequest) -> Response:
        """Acknowledge an open alarm. Retrying with the same ``request_id`` is safe."""
        status, text = service.acknowledge(who, alarm_id, body)
        return json_response(text, status)

    @app.post(f"{v1}/alarms/{{alarm_id}}/resolve", response_model=Alarm, responses=conflict,
              tags=["alarms"])
    async def resolve(who: Who, alarm_id: IdPath, body: ResolveRequest) -> Response:
        """Resolve an alarm with an outcome. Retrying with the same ``request_id`` is safe."""
        status, text = service.resolve(who, alarm_id, body)
        return json_response(text, status)

    @app.post(f"{v1}/alarms/{{alarm_id}}/steps", response_model=Alarm, responses=conflict,
              tags=["alarms"])
    async def tick_step(who: Who, alarm_id: IdPath, body: StepRequest) -> Response:
        """Tick (or untick) an action-plan step; it becomes part of the alarm's record."""
        status, text = service.tick_step(who, alarm_id, body)
        return json_response(text, status)

    @app.post(f"{v1}/alarms/{{alarm_id}}/escalate", response_model=Alarm, responses=conflict,
              tags=["alarms"])
    async def escalate(who: Who, alarm_id: IdPath, body: EscalateRequest) -> Response:
        """Record that an unacknowledged alarm escalated; a level already reached is a no-op."""
        status, text = service.escalate(who, alarm_id, body)
        return json_response(text, status)

    @app.post(f"{v1}/alarms/{{alarm_id}}/seen", response_model=Alarm, responses=ERRORS,
              tags=["alarms"])
    async def seen(who: Who, alarm_id: IdPath, body: SeenRequest) -> Response:
        """Record that this dispatcher's console showed the alarm (once per dispatcher)."""
        status, text = service.mark_seen(who, alarm_id, body)
        return json_response(text, status)

    @app.get(f"{v1}/alarms/{{alarm_id}}/audit", response_model=AlarmAudit, responses=ERRORS,
             tags=["alarms"])
    async def audit(who: Who, alarm_id: IdPath) -> Response:
        """The alarm's whole life: every logged event naming it, oldest first."""
        return json_response(service.audit(who, alarm_id))

    @app.get(f"{v1}/drivers", response_model=DriverList, responses=ERRORS, tags=["drivers"])
    async def drivers(who: Who) -> Response:
        return json_response(DriverList(items=service.snapshot(who).drivers))

    @app.get(f"{v1}/drivers/{{driver_id}}/messages", response_model=MessageList,
             responses=ERRORS, tags=["drivers"])
    async def messages(who: Who, driver_id: IdPath) -> Response:
        """The conversation with one driver, oldest first."""
        return json_response(MessageList(driver_id=driver_id,
                                         items=service.messages(who, driver_id)))

    @app.post(f"{v1}/drivers/{{driver_id}}/messages", response_model=DriverMessage,
              status_code=201,
              responses={**ERRORS, 409: {"model": ErrorBody,
                                         "description": "The driver's app is offline"}},
              tags=["drivers"])
    async def send_message(who: Who, driver_id: IdPath, body: SendMessageRequest) -> Response:
        """Send a message to the driver's app (409 ``driver_app_offline`` if it is offline).
        Retrying with the same ``request_id`` is safe."""
        status, text = service.send_message(who, driver_id, body)
        return json_response(text, status)

    @app.get(f"{v1}/drivers/{{driver_id}}/calls", response_model=CallList,
             responses=ERRORS, tags=["drivers"])
    async def calls(who: Who, driver_id: IdPath) -> Response:
        """Calls dispatchers placed to one driver, with their recorded outcomes, oldest first."""
        return json_response(CallList(driver_id=driver_id, items=service.calls(who, driver_id)))

    @app.post(f"{v1}/drivers/{{driver_id}}/calls", response_model=DriverCall,
              status_code=201, responses=ERRORS, tags=["drivers"])
    async def record_call(who: Who, driver_id: IdPath, body: CallRecordRequest) -> Response:
        """Record the outcome of a call placed to the driver (on the alarm, if one is named).
        Retrying with the same ``request_id`` is safe."""
        status, text = service.record_call(who, driver_id, body)
        return json_response(text, status)

    @app.get(f"{v1}/geofences", response_model=GeofenceList, responses=ERRORS, tags=["fleet"])
    async def geofences(who: Who) -> Response:
        """Terminals, customer sites and border crossings, with their shapes."""
        return json_response(GeofenceList(items=service.geofences))

    @app.get(f"{v1}/trips", response_model=TripList, responses=ERRORS, tags=["fleet"])
    async def trips(who: Who) -> Response:
        """Each trailer's planned trip (origin, destination, window)."""
        return json_response(TripList(items=service.trips(who)))

    # ------------------------------------------------------------------ simulator extensions
    # Not part of the OpticalLock API: tools of the reference cloud (docs/protocol.md, §11).

    burst_lock = asyncio.Lock()

    @app.post(f"{v1}/sim/burst", response_model=BurstResult, status_code=201, responses=ERRORS,
              tags=["simulator"])
    async def sim_burst(who: Who, body: BurstRequest) -> Response:
        """Simulator only: log a burst of ``positions`` fixes of your carrier's locks as
        positions events of ``rows_per_event`` rows, for saturation benchmarks."""
        async with burst_lock:  # one burst at a time, so each is one run of seqs
            result = await write_burst(service, who, body.positions, body.rows_per_event)
        return json_response(result, 201)

    @app.websocket(f"{v1}/stream")
    async def stream(ws: WebSocket) -> None:
        await serve_stream(service, ws)

    return app


#: Most fixes one burst may log.
MAX_BURST_POSITIONS = 5_000_000
#: A burst is logged in slices of this many rows (or BURST_SLICE_EVENTS events), with the
#: event loop yielded between them: ~0.1 s each, so heartbeats and other clients keep going.
BURST_SLICE_ROWS = 25_000
BURST_SLICE_EVENTS = 1000


class BurstRequest(Model):
    """``POST /sim/burst`` (simulator only)."""

    positions: int = Field(strict=True, ge=1, le=MAX_BURST_POSITIONS)
    rows_per_event: int = Field(default=2500, strict=True, ge=1, le=MAX_ROWS_PER_EVENT)


class BurstResult(Model):
    """The burst's events are the ``events`` positions events in [first_seq, last_seq]."""

    first_seq: int
    last_seq: int
    positions: int
    events: int


async def write_burst(service: CloudService, who: Principal, positions: int,
                      rows_per_event: int) -> BurstResult:
    """Record ``positions`` fixes of the carrier's locks up front, then log them.

    The first round is stamped now, or a second after the carrier's newest fix if that is
    later (a previous burst), and each round a second later.

    Logged in slices with the loop yielded between them, so heartbeats and
    other connections keep going; the tick's batches are held back meanwhile, so the burst is
    one run of seqs unless an event (an alarm, a geofence crossing, a dispatcher's action) is
    logged while it is written. The fixes go to the log only, not to the positions history.
    """
    started = time.perf_counter()
    clog = service.log_for(who)
    starts = [(lock.id, lock.position) for lock in clog.state.locks.values()]
    if not starts:
        raise ApiError(422, "invalid_request", "Your carrier has no locks to move.")
    # Continue after the newest fix, so back-to-back bursts drive on rather than rewind.
    newest = max((p.ts for _, p in starts if p is not None), default=0.0)
    start_ts = max(service.clock(), newest + 1.0)
    burst = await asyncio.to_thread(record_fix_burst, starts, positions, start_ts)
    first_seq = last_seq = events = 0
    with service.telemetry_held(who.carrier_id):
        per_slice = max(1, min(BURST_SLICE_EVENTS, BURST_SLICE_ROWS // rows_per_event))
        for first in range(0, len(burst), per_slice * rows_per_event):
            stop = min(len(burst), first + per_slice * rows_per_event)
            with _gc_paused():
                logged = clog.append_positions([burst.rows(at, min(stop, at + rows_per_event))
                                                for at in range(first, stop, rows_per_event)])
            first_seq = first_seq or logged[0].seq
            last_seq = logged[-1].seq
            events += len(logged)
            await asyncio.sleep(0)
    log.info("burst of %d fixes for %s recorded and logged as seqs %d-%d in %.2f s", positions,
             who.carrier_id, first_seq, last_seq, time.perf_counter() - started)
    return BurstResult(first_seq=first_seq, last_seq=last_seq, positions=positions,
                       events=events)


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a burst slice makes and drops its rows: reference
    counting frees them, and a full collection in between would walk every live object
    (measured: 0.2 s stalls, a third of the burst's time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _bearer(header: str | None) -> str | None:
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def _authenticate(service: CloudService, header: str | None) -> Principal:
    token = _bearer(header)
    if token is None:
        raise ApiError(401, "unauthorized", "Send 'Authorization: Bearer <token>' (sign in first).")
    who = service.authenticate(token)
    if who is None:
        raise ApiError(401, "invalid_token", "The token is invalid or expired; sign in again.")
    return who


async def _deny(ws: WebSocket, status: int, error: str, message: str) -> None:
    """Refuse the websocket handshake with an HTTP status and a JSON body where possible."""
    try:
        await ws.send_denial_response(error_response(status, error, message))
    except RuntimeError:  # server without the denial-response extension
        await ws.accept()
        await ws.send_text(json.dumps({"type": "error", "error": error, "message": message}))
        await ws.close(code=CLOSE_UNAUTHORIZED if status == 401 else 1008)


async def serve_stream(service: CloudService, ws: WebSocket) -> None:
    """One stream connection: replay from ``since`` out of the log, then follow it live."""
    token = _bearer(ws.headers.get("authorization")) or ""
    try:
        who = _authenticate(service, ws.headers.get("authorization"))
    except ApiError as exc:
        await _deny(ws, exc.status, exc.error, exc.message)
        return
    clog = service.log_for(who)
    raw_since = ws.query_params.get("since")
    try:
        since = clog.head_seq if raw_since is None else int(raw_since)
        if since < 0:
            raise ValueError(raw_since)
    except ValueError:
        await _deny(ws, 400, "invalid_request", "'since' must be a non-negative integer.")
        return
    raw_every = ws.query_params.get("positions_every")
    try:
        every = 0.0 if raw_every is None else float(raw_every)
        if not math.isfinite(every) or every < 0:
            raise ValueError(raw_every)
    except ValueError:
        await _deny(ws, 400, "invalid_request",
                    "'positions_every' must be a number of seconds, 0 or more.")
        return
    await ws.accept()
    if since > clog.head_seq or since + 1 < clog.replay_floor:
        why = ("is ahead of this log (was the cloud reset?)" if since > clog.head_seq
               else f"is older than the retained log (oldest replayable seq {clog.replay_floor})")
        frame = ResyncRequiredFrame(since=since, oldest_seq=clog.replay_floor,
                                    head_seq=clog.head_seq,
                                    message=f"since={since} {why}; reload the fleet snapshot.")
        await ws.send_text(frame.model_dump_json())
        await ws.close(code=CLOSE_RESYNC_REQUIRED)
        return
    await StreamSession(service, ws, who, token, since, every).run()


#: Events read from the log at a time when replaying or catching up.
CATCH_UP_PAGE = 500


def _is_positions(text: str) -> bool:
    """Whether a logged event's text is a positions event, without parsing it: its own
    ``type`` is the first one in the text (after seq, ts and the two hashes)."""
    at = text.find(',"type":"')
    return at >= 0 and text.startswith(',"type":"positions"', at)


class StreamSession:
    """One accepted stream connection.

    A sender replays from ``since``, then follows the live log; a receiver reads the client's
    requests (``set_position_interval``). The sender never closes a connection that falls
    behind: when its mailbox overflows it reads the log at the socket's pace instead, then
    subscribes again.
    """

    def __init__(self, service: CloudService, ws: WebSocket, who: Principal, token: str,
                 since: int, positions_every: float) -> None:
        self.service = service
        self.ws = ws
        self.who = who
        self.token = token
        self.clog = service.log_for(who)
        #: The seq of the last logged event sent on this connection.
        self.last = since
        self.thinner = PositionThinner(positions_every)
        #: An interval the client asked for, not applied yet (the receiver sets it).
        self.requested: float | None = None
        #: Client frames that were not valid requests (ignored).
        self.malformed = 0
        self.sub = self._subscribe()

    def _subscribe(self) -> Subscriber:
        sub = self.clog.subscribe()
        sub.keep_positions = self.thinner.interval_s > 0
        return sub

    async def run(self) -> None:
        sender = asyncio.create_task(self._send_all(), name=f"stream-send-{self.who.username}")
        receiver = asyncio.create_task(self._receive_all(),
                                       name=f"stream-receive-{self.who.username}")
        try:
            # Either side may end the session: the sender on a close it sent or a failed send,
            # the receiver on the client's close.
            await asyncio.wait((sender, receiver), return_when=asyncio.FIRST_COMPLETED)
        finally:
            sender.cancel()
            receiver.cancel()
            for task, outcome in zip((sender, receiver),
                                     await asyncio.gather(sender, receiver,
                                                          return_exceptions=True), strict=True):
                if isinstance(outcome, Exception):
                    log.error("stream task %s failed", task.get_name(), exc_info=outcome)
            self.clog.unsubscribe(self.sub)
            if self.malformed:
                log.info("stream of %s: ignored %d malformed client frames",
                         self.who.username, self.malformed)
            if (self.ws.client_state is WebSocketState.CONNECTED
                    and self.ws.application_state is WebSocketState.CONNECTED):
                with contextlib.suppress(Exception):
                    await self.ws.close()

    # ------------------------------------------------------------------ sending

    async def _send_all(self) -> None:
        ws, clog = self.ws, self.clog
        try:
            hello = HelloFrame(carrier=clog.state.carrier, user=self.who.username,
                               head_seq=clog.head_seq, server_time=self.service.clock())
            await ws.send_text(hello.model_dump_json())
            if self.thinner.interval_s > 0:
                await self._send_interval()
            await self._catch_up()  # the replay; live events queue up meanwhile
            while True:
                if self.requested is not None:
                    await self._apply_requested()
                if self.sub.overflowed:
                    await self._resubscribe()
                    continue
                try:
                    seq, text, event = await self.sub.next(HEARTBEAT_INTERVAL_S)
                except TimeoutError:
                    if self.service.authenticate(self.token) is None:  # revoked or expired
                        await ws.close(code=CLOSE_UNAUTHORIZED, reason="session expired")
                        return
                    beat = HeartbeatFrame(head_seq=clog.head_seq,
                                          server_time=self.service.clock())
                    await ws.send_text(beat.model_dump_json())
                    continue
                if seq == RAW_FRAME_SEQ:
                    await ws.send_text(text)
                    continue
                if seq <= self.last:  # NUDGE_SEQ, or already sent from the log
                    continue
                if seq > self.last + 1:  # cannot happen with one loop thread; never skip one
                    for gap_seq, gap_text in clog.frames_after(self.last, seq - self.last - 1):
                        await self._send_event(gap_seq, gap_text, None)
                await self._send_event(seq, text, event)
        except LookupError:
            frame = ResyncRequiredFrame(since=self.last, oldest_seq=clog.replay_floor,
                                        head_seq=clog.head_seq,
                                        message="the log was compacted past your position; "
                                                "reload.")
            with contextlib.suppress(Exception):
                await ws.send_text(frame.model_dump_json())
                await ws.close(code=CLOSE_RESYNC_REQUIRED)
        except (WebSocketDisconnect, RuntimeError, OSError):
            pass  # the client went away; it resumes with since=<its last seq>

    async def _send_event(self, seq: int, text: str, event: PositionsEvent | None) -> None:
        """Send one logged event (thinned if it is a positions event and this connection asked
        for fewer), and count it sent."""
        if self.thinner.active and (event is not None or _is_positions(text)):
            text = self._thinned(text, event)
        await self.ws.send_text(text)
        self.last = seq

    def _thinned(self, text: str, event: PositionsEvent | None) -> str:
        if event is not None:
            ts, rows = event.ts, event.rows
        else:  # from the log, or queued before this connection thinned: parse once
            body = pydantic_core.from_json(text)  # 3x json.loads
            ts, rows = body["ts"], body["rows"]
        kept = self.thinner.thin(ts, rows)
        if kept is None:
            return text
        # The logged envelope as it is (seq, ts, prev_hash, hash, type), then the kept rows.
        # Rows rendered by pydantic-core (6x json.dumps): a thinned body is never hashed.
        cut = text.find(',"rows":')
        return (f'{text[:cut]},"rows":{pydantic_core.to_json(kept).decode()}'
                ',"thinned":true}')

    async def _catch_up(self) -> None:
        """Send logged events after ``last`` until the log has no more, a page at a time."""
        while True:
            frames = self.clog.frames_after(self.last, CATCH_UP_PAGE)
            if not frames:
                return
            for seq, text in frames:
                if self.requested is not None:
                    await self._apply_requested()
                await self._send_event(seq, text, None)
            await asyncio.sleep(0)  # let the tick, other connections and our receiver run

    async def _resubscribe(self) -> None:
        """The mailbox overflowed: drop it, catch up from the log, subscribe again."""
        log.info("stream of %s fell behind after seq %d: catching up from the log",
                 self.who.username, self.last)
        self.clog.unsubscribe(self.sub)
        await self._catch_up()
        # Subscribe before the last read: an event logged from here on is either in that read
        # or in the new mailbox (or both: the duplicate is dropped by seq).
        self.sub = self._subscribe()
        await self._catch_up()

    async def _apply_requested(self) -> None:
        seconds, self.requested = self.requested, None
        if seconds is None:
            return
        applied = self.thinner.set_interval(seconds)
        self.sub.keep_positions = applied > 0
        await self._send_interval()

    async def _send_interval(self) -> None:
        frame = PositionIntervalFrame(seconds=self.thinner.interval_s)
        await self.ws.send_text(frame.model_dump_json())

    # ------------------------------------------------------------------ receiving

    async def _receive_all(self) -> None:
        while True:
            try:
                message = await self.ws.receive()
            except (WebSocketDisconnect, RuntimeError):
                return
            if message["type"] == "websocket.disconnect":
                return
            text = message.get("text")
            try:
                if text is None:
                    raise FrameError("a binary frame; requests are JSON text")
                request = decode_client_frame(text)
            except FrameError as exc:
                self.malformed += 1
                level = logging.WARNING if self.malformed == 1 else logging.DEBUG
                log.log(level, "stream of %s: ignoring a malformed client frame (%s)",
                        self.who.username, exc)
                continue
            self.requested = min(max(request.seconds, 0.0), MAX_POSITION_INTERVAL_S)
            self.sub.nudge()


__all__ = ["create_app", "event_adapter"]
