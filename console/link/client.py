"""The cloud client: sign-in, snapshot, and one self-healing stream loop (asyncio on qasync).

Network I/O is httpx (REST) and websockets (stream); both are injectable so tests can hand in
faulty ones. One loop owns reconnection and sorts failures into fatal (bad or expired token:
back to sign-in) and retryable (network: back off with jitter, resume from the last applied seq).

Signals:
    statusChanged(ConnectionStatus): connecting / live / reconnecting / offline / signed out.
    snapshotLoaded(FleetSnapshot): a new base state; observers reset, events follow from seq+1.
    eventsReceived(list[Event]): contiguous, in seq order, each seq exactly once.
    rawEvent(int, float, str, str): (seq, ts, type, frame text) of each applied event, for the
        journal, which stores the frame as received.
    frameRejected(str): a malformed or unknown frame was counted and skipped (the reason).
    geofencesLoaded(list[Geofence]): terminals, customer sites and border crossings.
    signedOut(str): the token is no longer accepted; the reason in plain words.
    positionIntervalChanged(float): the server thins positions to at most one fix per lock per
        this many seconds on this connection (0: every fix), as it confirmed.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import websockets
from PySide6.QtCore import QObject, Signal
from websockets.asyncio.client import connect as ws_connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus

from console.link.streaming import (
    ConnectionState,
    ConnectionStatus,
    EventRate,
    Sequencer,
    StreamStats,
    Verdict,
    backoff,
)
from opticallock.protocol import (
    API_PREFIX,
    CLOSE_RESYNC_REQUIRED,
    CLOSE_UNAUTHORIZED,
    HEARTBEAT_INTERVAL_S,
    TELEMETRY_TYPES,
    ErrorBody,
    ErrorFrame,
    EventBase,
    EventPage,
    FleetSnapshot,
    FrameError,
    Geofence,
    GeofenceList,
    HeartbeatFrame,
    HelloFrame,
    PositionIntervalFrame,
    ResyncRequiredFrame,
    Session,
    decode_frame,
)

log = logging.getLogger(__name__)

#: Stream frames can carry 5,000 telemetry rows; websockets' 1 MiB default is too small.
MAX_FRAME_BYTES = 16 * 1024 * 1024
#: Catching up (the last batch of received frames carried at least this many fixes and
#: samples), telemetry is handed to the store after up to this long, a batch at a time, so each
#: lock's fixes of the batch are applied as one. Anything else (an alarm, a lock event) goes
#: out on the loop's next turn as always.
BACKLOG_ROWS = 10_000
BACKLOG_WINDOW_S = 0.1
#: A batch is handed over at once when it holds this many rows.
BACKLOG_MAX_ROWS = 500_000


class AuthError(Exception):
    """The server refused our credentials or token: only signing in again helps."""


class ResyncRequired(Exception):
    """Our seq is no longer replayable: reload the snapshot."""


class CloudUnavailable(Exception):
    """The server could not be reached or answered with a server error (retryable)."""


class DeadLink(Exception):
    """No frame (not even a heartbeat) for too long: the link is dead even if TCP says not."""


def _error_message(response: httpx.Response) -> str:
    try:
        return ErrorBody.model_validate_json(response.content).message
    except ValueError:
        return f"HTTP {response.status_code}"


class CloudClient(QObject):
    """One signed-in connection to an OpticalLock cloud."""

    statusChanged = Signal(object)
    snapshotLoaded = Signal(object)
    eventsReceived = Signal(list)
    rawEvent = Signal(int, float, str, str)
    frameRejected = Signal(str)
    signedOut = Signal(str)
    geofencesLoaded = Signal(list)
    positionIntervalChanged = Signal(float)

    def __init__(
        self,
        base_url: str,
        *,
        http: httpx.AsyncClient | None = None,
        connect: Callable[..., Any] = ws_connect,
        clock: Callable[[], float] = time.time,
        backoff_factory: Callable[[], Iterator[float]] = backoff,
        dead_after_s: float = 3 * HEARTBEAT_INTERVAL_S,
        offline_after_s: float = 30.0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.base_url = base_url.rstrip("/")
        self._http = http or httpx.AsyncClient(timeout=httpx.Timeout(15.0, connect=5.0))
        self._connect = connect
        self._clock = clock
        self._backoff_factory = backoff_factory
        self.dead_after_s = dead_after_s
        self.offline_after_s = offline_after_s
        self.token: str | None = None
        self.session: Session | None = None
        self.sequencer: Sequencer | None = None
        self.stats = StreamStats()
        self.rate = EventRate()
        self.head_seq = 0
        self.status = ConnectionStatus(ConnectionState.SIGNED_OUT, clock())
        self._task: asyncio.Task[None] | None = None
        #: Events sequenced but not yet emitted: frames already received are read first, then
        #: what they carried goes out as one eventsReceived (see _deliver).
        self._undelivered: list[Any] = []
        self._undelivered_rows = 0
        self._undelivered_urgent = False
        self._delivery: asyncio.Handle | None = None
        self._delivery_waits = False
        #: Whether the last batch handed over was a backlog's (see BACKLOG_ROWS).
        self._catching_up = False
        self._session_live = False
        self.geofences: list[Geofence] | None = None
        #: What this console asks for (kept across reconnects) and what the server confirmed.
        self.position_interval = 0.0
        self.position_interval_in_effect = 0.0
        self._ws: Any = None

    # ------------------------------------------------------------------ REST basics

    @property
    def api(self) -> str:
        return f"{self.base_url}{API_PREFIX}"

    def _headers(self) -> dict[str, str]:
        if self.token is None:
            raise AuthError("Not signed in.")
        return {"Authorization": f"Bearer {self.token}"}

    async def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """An authenticated REST call; raises AuthError on 401, CloudUnavailable if unreachable
        or on 5xx. Other 4xx are returned for the caller to judge."""
        try:
            response = await self._http.request(method, f"{self.api}{path}",
                                                headers=self._headers(), **kwargs)
        except httpx.TransportError as exc:
            raise CloudUnavailable(f"Cannot reach {self.base_url}: {exc}") from exc
        if response.status_code == 401:
            raise AuthError(_error_message(response))
        if response.status_code >= 500:
            raise CloudUnavailable(f"Server error: {_error_message(response)}")
        return response

    async def sign_in(self, username: str, password: str) -> Session:
        """Exchange credentials for a token. Raises AuthError or CloudUnavailable."""
        try:
            response = await self._http.post(f"{self.api}/session",
                                              json={"username": username, "password": password})
        except httpx.TransportError as exc:
            raise CloudUnavailable(f"Cannot reach {self.base_url}: {exc}") from exc
        if response.status_code in (401, 403, 422):
            raise AuthError(_error_message(response))
        if response.status_code != 201:
            raise CloudUnavailable(f"Sign-in failed: {_error_message(response)}")
        session = Session.model_validate_json(response.content)
        self.use_session(session)
        return session

    def use_session(self, session: Session) -> None:
        self.session = session
        self.token = session.token

    async def sign_out(self) -> None:
        """Revoke the token on the server (best effort) and stop the stream."""
        await self.stop()
        if self.token is not None:
            with contextlib.suppress(CloudUnavailable, AuthError, httpx.HTTPError):
                await self.request("DELETE", "/session")
        self.token = None
        self.session = None
        self._set_status(ConnectionState.SIGNED_OUT, "Signed out.")

    async def fetch_snapshot(self) -> FleetSnapshot:
        response = await self.request("GET", "/fleet")
        response.raise_for_status()
        return FleetSnapshot.model_validate_json(response.content)

    async def _load_geofences(self) -> None:
        response = await self.request("GET", "/geofences")
        response.raise_for_status()
        self.geofences = GeofenceList.model_validate_json(response.content).items
        self.geofencesLoaded.emit(self.geofences)

    async def close(self) -> None:
        await self.stop()
        await self._http.aclose()

    # ------------------------------------------------------------------ the stream loop

    def start(self, last_seq: int | None) -> None:
        """Follow the stream from ``last_seq`` (None: load a snapshot first)."""
        if self._task is not None and not self._task.done():
            return
        self._task = asyncio.get_running_loop().create_task(self._run(last_seq),
                                                            name="cloud-stream")
        self._task.add_done_callback(self._on_task_done)

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._emit_undelivered()  # what was received is the store's before stop() returns

    def set_position_interval(self, seconds: float) -> None:
        """Ask for at most one position fix per lock every ``seconds`` (0: every fix); alarms,
        lock and seal events are never thinned. Applies to this connection at once and to
        every reconnection after it."""
        self.position_interval = max(0.0, float(seconds))
        ws = self._ws
        if ws is None:
            return
        frame = json.dumps({"type": "set_position_interval", "seconds": self.position_interval})

        async def send() -> None:
            with contextlib.suppress(ConnectionClosed, OSError, RuntimeError):
                await ws.send(frame)

        asyncio.get_running_loop().create_task(send())

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def _on_task_done(self, task: asyncio.Task[None]) -> None:
        if task.cancelled():
            return
        exc = task.exception()
        if exc is not None:  # a bug: say so loudly rather than leave a silent dead stream
            log.error("stream loop died", exc_info=exc)
            self._set_status(ConnectionState.OFFLINE, f"Internal error: {exc}")

    def _set_status(self, state: ConnectionState, detail: str = "",
                    retry_at: float | None = None) -> None:
        now = self._clock()
        prev = self.status
        since = prev.since if prev.state is state else now
        if state is ConnectionState.LIVE:
            down_since = None
        else:
            down_since = prev.down_since if prev.down_since is not None else now
        self.status = ConnectionStatus(state, since, detail, retry_at, down_since)
        self.statusChanged.emit(self.status)

    async def _run(self, last_seq: int | None) -> None:
        delays = self._backoff_factory()
        need_snapshot = last_seq is None
        if last_seq is not None:
            self.sequencer = Sequencer(last_seq)
        first = True
        while True:
            self._session_live = False
            try:
                if first:
                    self._set_status(ConnectionState.CONNECTING, "Connecting…")
                if need_snapshot:
                    snapshot = await self.fetch_snapshot()
                    self.sequencer = Sequencer(snapshot.seq)
                    self.head_seq = snapshot.seq
                    self._emit_undelivered()  # the old base's last events, then the new base
                    self.snapshotLoaded.emit(snapshot)
                    need_snapshot = False
                if self.geofences is None:
                    await self._load_geofences()
                await self._follow()
                detail = "The server closed the stream."
            except AuthError as exc:
                self.token = None
                self._set_status(ConnectionState.SIGNED_OUT, str(exc))
                self.signedOut.emit(str(exc) or "Your session is no longer valid.")
                return
            except ResyncRequired as exc:
                log.warning("resync required: %s", exc)
                self.stats.resyncs += 1
                need_snapshot = True
                continue
            except DeadLink as exc:
                self.stats.dead_links += 1
                detail = str(exc)
            except (CloudUnavailable, OSError, TimeoutError, ConnectionClosed,
                    InvalidHandshake, httpx.HTTPError) as exc:
                detail = _describe(exc)
            first = False
            self.stats.reconnects += 1
            if self._session_live:
                delays = self._backoff_factory()  # a good session resets the backoff
            delay = next(delays)
            now = self._clock()
            down_for = now - (self.status.down_since or now)
            state = (ConnectionState.OFFLINE if down_for >= self.offline_after_s
                     else ConnectionState.RECONNECTING)
            self._set_status(state, detail, retry_at=now + delay)
            log.info("stream down (%s); retrying in %.1f s", detail, delay)
            await asyncio.sleep(delay)

    async def _follow(self) -> None:
        """Connect and apply frames until the link fails (it always ends by raising)."""
        assert self.sequencer is not None
        url = self.api.replace("http://", "ws://", 1).replace("https://", "wss://", 1)
        url = f"{url}/stream?since={self.sequencer.last_seq}"
        if self.position_interval > 0:
            url += f"&positions_every={self.position_interval:g}"
        try:
            # close_timeout: a closing handshake with a dead or saturated server must not hold
            # a reconnect, a sign-out or the console's exit for websockets' default 10 s.
            ws = await self._connect(url, additional_headers=self._headers(),
                                     max_size=MAX_FRAME_BYTES, open_timeout=10,
                                     close_timeout=2)
        except InvalidStatus as exc:
            status = exc.response.status_code
            if status == 401:
                raise AuthError(_body_message(bytes(exc.response.body))
                                or "Session expired.") from exc
            raise CloudUnavailable(f"Stream refused: HTTP {status}") from exc
        self._ws = ws
        if self.position_interval_in_effect and not self.position_interval:
            self.position_interval_in_effect = 0.0  # a new connection starts at every fix
            self.positionIntervalChanged.emit(0.0)
        try:
            while True:
                try:
                    # asyncio.timeout, not wait_for: on Python 3.11 wait_for drops a cancel that
                    # lands in the same loop turn as a frame, and stop() then waits forever.
                    async with asyncio.timeout(self.dead_after_s):
                        raw = await ws.recv()
                except TimeoutError:
                    raise DeadLink(f"No data from the server for {self.dead_after_s:.0f} s."
                                   ) from None
                except ConnectionClosed as exc:
                    code = exc.rcvd.code if exc.rcvd is not None else None
                    if code == CLOSE_UNAUTHORIZED:
                        raise AuthError("Session expired.") from exc
                    if code == CLOSE_RESYNC_REQUIRED:
                        raise ResyncRequired("server asked for a resync") from exc
                    raise
                await self._on_frame(raw)
        finally:
            self._ws = None
            with contextlib.suppress(Exception):
                await ws.close()

    async def _on_frame(self, raw: str | bytes) -> None:
        """Handle one frame: apply, drop as duplicate, backfill a gap, or count as malformed."""
        self.stats.frames += 1
        try:
            frame = decode_frame(raw)
        except FrameError as exc:
            self.stats.note_malformed(str(exc))
            log.warning("malformed stream frame skipped (%d so far): %s",
                        self.stats.malformed, exc)
            self.frameRejected.emit(str(exc))
            return
        assert self.sequencer is not None
        if isinstance(frame, HelloFrame):
            self.head_seq = frame.head_seq
            self._session_live = True
            self._set_status(ConnectionState.LIVE, f"Live as {frame.user}")
            return
        if isinstance(frame, HeartbeatFrame):
            self.head_seq = max(self.head_seq, frame.head_seq)
            return
        if isinstance(frame, PositionIntervalFrame):
            self.position_interval_in_effect = frame.seconds
            self.positionIntervalChanged.emit(frame.seconds)
            return
        if isinstance(frame, ResyncRequiredFrame):
            raise ResyncRequired(frame.message)
        if isinstance(frame, ErrorFrame):
            log.warning("server error frame: %s: %s", frame.error, frame.message)
            if frame.error in ("unauthorized", "invalid_token"):
                raise AuthError(frame.message)
            return
        assert isinstance(frame, EventBase)
        verdict = self.sequencer.classify(frame.seq)
        if verdict is Verdict.DUPLICATE:
            self.stats.duplicates += 1
            return
        if verdict is Verdict.GAP:
            await self._backfill(frame.seq - 1)
        self._deliver([(frame, raw if isinstance(raw, str) else raw.decode("utf-8"))])

    async def _backfill(self, through: int) -> None:
        """Fetch the missing events (last_seq, through] over REST and deliver them in order."""
        assert self.sequencer is not None
        self.stats.gaps_backfilled += 1
        while self.sequencer.last_seq < through:
            response = await self.request("GET", "/events",
                                          params={"after": self.sequencer.last_seq,
                                                  "limit": min(2000, through -
                                                               self.sequencer.last_seq)})
            if response.status_code == 410:
                raise ResyncRequired(_error_message(response))
            response.raise_for_status()
            page = EventPage.model_validate_json(response.content)
            events = [e for e in page.events if e.seq <= through]
            if not events:
                raise CloudUnavailable("backfill returned no events")
            self.stats.backfilled_events += len(events)
            self._deliver([(e, e.model_dump_json()) for e in events])

    def _deliver(self, items: list[tuple[Any, str]]) -> None:
        assert self.sequencer is not None
        events = []
        count = 0
        for event, text in items:
            if self.sequencer.classify(event.seq) is not Verdict.APPLY:
                if event.seq <= self.sequencer.last_seq:
                    self.stats.duplicates += 1
                    continue
                raise CloudUnavailable(f"out-of-order event {event.seq}")
            self.sequencer.advance(event.seq)
            events.append(event)
            rows = getattr(event, "rows", None)
            count += len(rows) if rows is not None else 1
            self.rawEvent.emit(event.seq, event.ts, event.type, text)
        if not events:
            return
        self.head_seq = max(self.head_seq, events[-1].seq)
        self.stats.events += len(events)
        now = self._clock()
        self.stats.note_delivery(now, events[-1].ts)
        self.rate.add(now, count)
        # Handed to the store on the loop's next turn, not now: while frames are already
        # waiting in the socket's buffer, recv() returns them without yielding, so a backlog (a
        # burst, a reconnection's replay) reaches the store as one batch, each lock's fixes
        # applied as one. Catching up, telemetry waits up to BACKLOG_WINDOW_S for more; an
        # alarm or any other event never waits.
        self._undelivered.extend(events)
        self._undelivered_rows += count
        urgent = any(e.type not in TELEMETRY_TYPES for e in events)
        self._undelivered_urgent |= urgent
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no loop running (a synchronous caller): at once
            self._emit_undelivered()
            return
        if self._undelivered_rows >= BACKLOG_MAX_ROWS:
            self._emit_undelivered()
        elif self._delivery is None or (urgent and self._delivery_waits):
            if self._delivery is not None:
                self._delivery.cancel()
            self._delivery_waits = self._catching_up and not self._undelivered_urgent
            if self._delivery_waits:
                self._delivery = loop.call_later(BACKLOG_WINDOW_S, self._emit_undelivered)
            else:
                self._delivery = loop.call_soon(self._emit_undelivered)

    def _emit_undelivered(self) -> None:
        if self._delivery is not None:
            self._delivery.cancel()
            self._delivery = None
        events, self._undelivered = self._undelivered, []
        rows, self._undelivered_rows = self._undelivered_rows, 0
        self._undelivered_urgent = False
        self._catching_up = rows >= BACKLOG_ROWS
        if events:
            self.eventsReceived.emit(events)


def _body_message(body: bytes | None) -> str:
    if not body:
        return ""
    try:
        return ErrorBody.model_validate_json(body).message
    except ValueError:
        return ""


def _describe(exc: BaseException) -> str:
    if isinstance(exc, ConnectionClosed):
        code = exc.rcvd.code if exc.rcvd is not None else None
        return f"Connection closed ({code})." if code else "Connection lost."
    if isinstance(exc, (OSError, httpx.TransportError)):
        return f"Cannot reach the server ({exc.__class__.__name__})."
    return str(exc) or exc.__class__.__name__


__all__ = ["AuthError", "CloudClient", "CloudUnavailable", "ResyncRequired", "websockets"]
