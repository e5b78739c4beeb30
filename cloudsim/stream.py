"""The stream (``WS /api/v1/stream``): one connection replays the carrier's log from ``since``,
then follows it live, thinning positions when the connection asks for fewer.

Also the simulator's saturation burst (``POST /api/v1/sim/burst``), which logs a burst of fixes
for the streams to carry.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import logging
import math
import time
from collections.abc import Iterator

import pydantic_core
from fastapi import WebSocket
from pydantic import Field
from starlette.websockets import WebSocketDisconnect, WebSocketState

from cloudsim.eventlog import RAW_FRAME_SEQ, PositionThinner, Subscriber
from cloudsim.service import MAX_ROWS_PER_EVENT, ApiError, CloudService, Principal
from cloudsim.sim import record_fix_burst
from cloudsim.web import authenticate, bearer_token, error_response
from opticallock.protocol import (
    CLOSE_RESYNC_REQUIRED,
    CLOSE_UNAUTHORIZED,
    GENESIS_HASH,
    HEARTBEAT_INTERVAL_S,
    MAX_POSITION_INTERVAL_S,
    FrameError,
    HeartbeatFrame,
    HelloFrame,
    Model,
    PositionIntervalFrame,
    PositionsEvent,
    ResyncRequiredFrame,
    decode_client_frame,
)

log = logging.getLogger(__name__)


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
    token = bearer_token(ws.headers.get("authorization")) or ""
    try:
        who = authenticate(service, ws.headers.get("authorization"))
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

    def _hash_at(self, seq: int) -> str | None:
        """The chain hash of the log entry at ``seq`` (kept even where the body was compacted)."""
        if seq == 0:
            return GENESIS_HASH
        clog = self.clog
        if seq == clog.head_seq:
            return clog.head_hash
        row = clog.db.one("SELECT hash FROM log WHERE carrier_id = ? AND seq = ?",
                          (clog.carrier_id, seq))
        return None if row is None else str(row[0])

    async def _send_all(self) -> None:
        ws, clog = self.ws, self.clog
        try:
            hello = HelloFrame(carrier=clog.state.carrier, user=self.who.username,
                               head_seq=clog.head_seq, server_time=self.service.clock(),
                               since_hash=self._hash_at(self.last))
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


# --------------------------------------------------------------------------- saturation bursts

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
