"""The cloud client: sign-in, snapshot, and one self-healing stream loop (asyncio on qasync).

Network I/O is httpx (REST) and websockets (stream); both are injectable so tests can hand in
faulty ones. One loop owns reconnection and sorts failures into fatal (bad or expired token:
back to sign-in) and retryable (network: back off with jitter, resume from the last applied seq).
The stream's rules (apply each seq once and in order, backfill a gap, resync, hand events to the
store in batches) are the sans-I/O :class:`~console.link.stream_protocol.StreamProtocol`: this
client reads the socket, feeds it, and performs the actions it returns.

Signals:
    statusChanged(ConnectionStatus): connecting / live / reconnecting / offline / signed out.
    snapshotLoaded(FleetSnapshot): a new base state; observers reset, events follow from seq+1.
    eventsReceived(list[Event | PositionsRun]): contiguous, in seq order, each seq exactly once;
        consecutive positions events (and what they absorbed) folded into a PositionsRun.
    rawEvent(int, float, str, str): (seq, ts, type, frame text) of each applied event, for the
        journal, which stores the frame as received (the text is sent as an object, so Qt does
        not copy a 200 kB frame into a QString and back).
    frameRejected(str): a malformed or unknown frame was counted and skipped (the reason).
    eventRejected(UndecodedEvent): a logged event that does not decode was stepped over with
        its seq (the store steps over it too); record it (journal, diagnostics).
    forked(str): the server's log does not continue the chain this console holds; the client
        reloads the snapshot next (what to tell the dispatcher, in plain words).
    protocolRefused(str): the server speaks another protocol version; the stream stopped.
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
import ssl
import time
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import websockets
from PySide6.QtCore import QCoreApplication, QObject, Signal
from websockets.asyncio.client import connect as ws_connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus

from console.fleet.heap import collector_paused
from console.link.errors import error_message
from console.link.stream_protocol import (
    BACKLOG_MAX_ROWS,
    BACKLOG_ROWS,
    BACKLOG_WINDOW_S,
    Action,
    AuthFailed,
    Backfill,
    Deliver,
    Failed,
    Forked,
    HandOver,
    Incompatible,
    LinkDead,
    Malformed,
    PositionInterval,
    Resync,
    ScheduleHandOver,
    ServerError,
    Status,
    StreamProtocol,
)
from console.link.streaming import ConnectionState, ConnectionStatus, Sequencer, backoff
from console.link.transport import certificate_problem, ssl_context_for
from opticallock.protocol import (
    API_PREFIX,
    HEARTBEAT_INTERVAL_S,
    EventPage,
    FleetSnapshot,
    Geofence,
    GeofenceList,
    Session,
    UndecodedEvent,
    event_adapter,
    salvage_event,
)

log = logging.getLogger(__name__)

#: Stream frames can carry 5,000 telemetry rows; websockets' 1 MiB default is too small.
MAX_FRAME_BYTES = 16 * 1024 * 1024


class AuthError(Exception):
    """The server refused our credentials or token: only signing in again helps."""


class ResyncRequired(Exception):
    """Our seq is no longer replayable: reload the snapshot."""


class CloudUnavailable(Exception):
    """The server could not be reached or answered with a server error (retryable)."""


class DeadLink(Exception):
    """No frame (not even a heartbeat) for too long: the link is dead even if TCP says not."""


class ForkDetected(ResyncRequired):
    """The server's log forked from the one this console followed: reload the snapshot."""


class CertificateRefused(Exception):
    """The server's TLS certificate was refused: retrying will not help until it (or the CA
    bundle in the sign-in dialog) changes."""


class ProtocolMismatch(Exception):
    """The server speaks another protocol version: reconnecting will not help."""



class CloudClient(QObject):
    """One signed-in connection to an OpticalLock cloud."""

    statusChanged = Signal(object)
    snapshotLoaded = Signal(object)
    eventsReceived = Signal(list)
    rawEvent = Signal(int, float, str, object)
    frameRejected = Signal(str)
    eventRejected = Signal(object)
    forked = Signal(str)
    protocolRefused = Signal(str)
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
        ssl_context: ssl.SSLContext | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.base_url = base_url.rstrip("/")
        #: Whom to trust for https/wss (None: the system's trust store).
        self.ssl_context = ssl_context
        # The system's trust store for REST too (httpx alone would use certifi's list), plus the
        # CA bundle chosen at sign-in, if any: the same trust as the stream's.
        self._http = http or httpx.AsyncClient(timeout=httpx.Timeout(15.0, connect=5.0),
                                               verify=ssl_context or ssl_context_for(None))
        self._connect = connect
        self._clock = clock
        self._backoff_factory = backoff_factory
        self.offline_after_s = offline_after_s
        self.token: str | None = None
        self.session: Session | None = None
        #: The stream's rules (sequencing, backfill, resync, batching); this client does its I/O.
        self.protocol = StreamProtocol(dead_after_s=dead_after_s)
        self.stats = self.protocol.stats
        self.rate = self.protocol.rate
        self.status = ConnectionStatus(ConnectionState.SIGNED_OUT, clock())
        self._task: asyncio.Task[None] | None = None
        #: The hand-over of delivered events to the store the protocol asked for, if pending.
        self._hand_over_at: asyncio.Handle | None = None
        self._session_live = False
        self.geofences: list[Geofence] | None = None
        self._ws: Any = None
        #: When the last frame of any kind arrived (the stream was known live until then).
        self.last_frame_at: float | None = None

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
            raise _unreachable(self.base_url, exc) from exc
        if response.status_code == 401:
            raise AuthError(error_message(response))
        if response.status_code >= 500:
            raise CloudUnavailable(f"Server error: {error_message(response)}")
        return response

    async def sign_in(self, username: str, password: str) -> Session:
        """Exchange credentials for a token. Raises AuthError or CloudUnavailable."""
        try:
            response = await self._http.post(f"{self.api}/session",
                                              json={"username": username, "password": password})
        except httpx.TransportError as exc:
            raise _unreachable(self.base_url, exc) from exc
        if response.status_code in (401, 403, 422, 429):  # 429: too many failed sign-ins
            raise AuthError(error_message(response))
        if response.status_code != 201:
            raise CloudUnavailable(f"Sign-in failed: {error_message(response)}")
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
        with collector_paused():  # a hundred thousand long-lived objects at 10,000 trailers
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

    def start(self, last_seq: int | None, last_hash: str | None = None) -> None:
        """Follow the stream from ``last_seq`` (None: load a snapshot first); ``last_hash`` is
        the chain hash of the event at ``last_seq``, if known: the stream must continue it."""
        if self._task is not None and not self._task.done():
            return
        self._task = asyncio.get_running_loop().create_task(self._run(last_seq, last_hash),
                                                            name="cloud-stream")
        self._task.add_done_callback(self._on_task_done)

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._hand_over()  # what was received is the store's before stop() returns

    def set_position_interval(self, seconds: float) -> None:
        """Ask for at most one position fix per lock every ``seconds`` (0: every fix); alarms,
        lock and seal events are never thinned. Applies to this connection at once and to
        every reconnection after it."""
        frame = self.protocol.set_position_interval(seconds)
        ws = self._ws
        if ws is None:
            return

        async def send() -> None:
            with contextlib.suppress(ConnectionClosed, OSError, RuntimeError):
                await ws.send(frame)

        asyncio.get_running_loop().create_task(send())

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    @property
    def sequencer(self) -> Sequencer | None:
        return self.protocol.sequencer

    @property
    def head_seq(self) -> int:
        return self.protocol.head_seq

    @property
    def position_interval(self) -> float:
        """What this console asks for (kept across reconnects)."""
        return self.protocol.position_interval

    @property
    def position_interval_in_effect(self) -> float:
        """What the server confirmed on this connection."""
        return self.protocol.position_interval_in_effect

    @property
    def dead_after_s(self) -> float:
        return self.protocol.receive_timeout

    @dead_after_s.setter
    def dead_after_s(self, seconds: float) -> None:
        self.protocol.receive_timeout = seconds

    def _on_task_done(self, task: asyncio.Task[None]) -> None:
        if task.cancelled():
            return
        exc = task.exception()
        if exc is not None:  # a bug: say so loudly rather than leave a silent dead stream
            log.error("stream loop died", exc_info=exc)
            self._set_status(ConnectionState.OFFLINE, f"Internal error: {exc}")

    def _set_status(self, state: ConnectionState, detail: str = "",
                    retry_at: float | None = None, down_at: float | None = None) -> None:
        self.status = self.status.moved_to(state, self._clock(), detail, retry_at, down_at)
        self.statusChanged.emit(self.status)

    async def _run(self, last_seq: int | None, last_hash: str | None = None) -> None:
        delays = self._backoff_factory()
        need_snapshot = last_seq is None
        if last_seq is not None:
            self.protocol.resume_from(last_seq, last_hash)
        first = True
        while True:
            self._session_live = False
            try:
                if first:
                    self._set_status(ConnectionState.CONNECTING, "Connecting…")
                if need_snapshot:
                    snapshot = await self.fetch_snapshot()
                    # the old base's last events, then the new base
                    self._perform_now(self.protocol.snapshot_loaded(snapshot.seq,
                                                                    snapshot.head_hash))
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
            except ProtocolMismatch as exc:
                self._set_status(ConnectionState.OFFLINE, str(exc))
                self.protocolRefused.emit(str(exc))
                return
            except CertificateRefused as exc:
                self._set_status(ConnectionState.OFFLINE, str(exc))
                return
            except ResyncRequired as exc:  # counted by the protocol (a fork too)
                log.warning("resync required: %s", exc)
                need_snapshot = True
                continue
            except DeadLink as exc:
                # Not live since the last frame arrived, not since the silence was noticed.
                detail = _describe(exc)
                down_at = self.last_frame_at
            except (CloudUnavailable, OSError, TimeoutError, ConnectionClosed,
                    InvalidHandshake, httpx.HTTPError) as exc:
                why = certificate_problem(exc)
                if why is not None:  # not a network failure: retrying changes nothing
                    self._set_status(ConnectionState.OFFLINE, _certificate_refused(why))
                    return
                detail = _describe(exc)
                down_at = None
            else:
                down_at = None
            first = False
            self.stats.reconnects += 1
            if self._session_live:
                delays = self._backoff_factory()  # a good session resets the backoff
            delay = next(delays)
            now = self._clock()
            state = self.status.down_state(now, self.offline_after_s)
            self._set_status(state, detail, retry_at=now + delay, down_at=down_at)
            log.info("stream down (%s); retrying in %.1f s", detail, delay)
            await asyncio.sleep(delay)

    async def _follow(self) -> None:
        """Connect and feed frames to the protocol until the link fails (it always ends by
        raising)."""
        url = self.api.replace("http://", "ws://", 1).replace("https://", "wss://", 1)
        url += self.protocol.stream_path()
        try:
            # close_timeout: a closing handshake with a dead or saturated server must not hold
            # a reconnect, a sign-out or the console's exit for websockets' default 10 s.
            tls: dict[str, Any] = ({"ssl": self.ssl_context}
                                   if self.ssl_context is not None and url.startswith("wss:")
                                   else {})
            ws = await self._connect(url, additional_headers=self._headers(),
                                     max_size=MAX_FRAME_BYTES, open_timeout=10,
                                     close_timeout=2, **tls)
        except InvalidStatus as exc:
            refused = self.protocol.connection_refused(exc.response.status_code,
                                                       bytes(exc.response.body or b""))
            try:
                self._perform_now(refused)
            except (AuthError, CloudUnavailable) as error:
                raise error from exc
            raise CloudUnavailable("Stream refused.") from exc
        self._ws = ws
        self._perform_now(self.protocol.connection_opened())
        dead = False
        try:
            while True:
                try:
                    # asyncio.timeout, not wait_for: on Python 3.11 wait_for drops a cancel that
                    # lands in the same loop turn as a frame, and stop() then waits forever.
                    async with asyncio.timeout(self.protocol.receive_timeout):
                        raw = await ws.recv()
                except TimeoutError:
                    dead = True
                    self._perform_now(self.protocol.silence())
                    raise DeadLink("No data from the server.") from None
                except ConnectionClosed as exc:
                    code = exc.rcvd.code if exc.rcvd is not None else None
                    self._perform_now(self.protocol.connection_closed(code))
                    raise
                now = self._clock()
                self.last_frame_at = now
                await self._perform(self.protocol.receive_text(raw, now))
        finally:
            self._ws = None
            if dead:
                # A silent peer will not answer a closing handshake either: drop the socket
                # now, so "not live" is shown at once, not after close_timeout.
                _abort(ws)
            else:
                with contextlib.suppress(Exception):
                    await ws.close()

    async def _perform(self, actions: list[Action]) -> None:
        """Carry out the protocol's actions in order; a backfill's page feeds it more."""
        pending = deque(actions)
        while pending:
            action = pending.popleft()
            if isinstance(action, Backfill):
                pending.extendleft(reversed(await self._backfill(action)))
            else:
                self._perform_now([action])

    async def _backfill(self, backfill: Backfill) -> list[Action]:
        """Fetch one page of a gap's events over REST; the protocol says what follows."""
        response = await self.request("GET", "/events", params={"after": backfill.after,
                                                                "limit": backfill.limit})
        if response.status_code == 410:
            return self.protocol.backfill_gone(error_message(response))
        response.raise_for_status()
        return self.protocol.receive_events(_page_events(response.content), self._clock())

    def _perform_now(self, actions: list[Action]) -> None:
        """Carry out actions that need no I/O; the ones that end the connection raise."""
        for action in actions:
            match action:
                case Deliver(events=events, texts=texts):
                    for event, text in zip(events, texts, strict=True):
                        if isinstance(event, UndecodedEvent):
                            self.eventRejected.emit(event)
                        else:
                            self.rawEvent.emit(event.seq, event.ts, event.type, text)
                case HandOver(events=events):
                    self._cancel_hand_over()
                    if events:
                        started = time.perf_counter()
                        self.eventsReceived.emit(list(events))
                        self.protocol.hand_over_cost(time.perf_counter() - started)
                case ScheduleHandOver(delay=delay):
                    self._schedule_hand_over(delay)
                case Status(state=state, detail=detail):
                    self._session_live = self._session_live or state is ConnectionState.LIVE
                    self._set_status(state, detail)
                case PositionInterval(seconds=seconds):
                    self.positionIntervalChanged.emit(seconds)
                case Malformed(reason=reason):
                    log.warning("malformed stream frame skipped (%d so far): %s",
                                self.stats.malformed, reason)
                    self.frameRejected.emit(reason)
                case ServerError(error=error, message=message):
                    log.warning("server error frame: %s: %s", error, message)
                case AuthFailed(reason=reason):
                    raise AuthError(reason)
                case Resync(reason=reason):
                    raise ResyncRequired(reason)
                case Forked(reason=reason):
                    log.warning("the server's log forked: %s", reason)
                    self.forked.emit(reason)
                    raise ForkDetected(reason)
                case Incompatible(reason=reason):
                    raise ProtocolMismatch(reason)
                case LinkDead(reason=reason):
                    raise DeadLink(reason)
                case Failed(reason=reason):
                    raise CloudUnavailable(reason)
                case Backfill():
                    raise RuntimeError("a backfill needs I/O: use _perform")

    def _schedule_hand_over(self, delay: float) -> None:
        # Handed to the store on the loop's next turn, not now: while frames are already
        # waiting in the socket's buffer, recv() returns them without yielding, so a backlog (a
        # burst, a reconnection's replay) reaches the store as one batch, each lock's fixes
        # applied as one. The protocol says when telemetry may wait longer.
        self._cancel_hand_over()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no loop running (a synchronous caller): at once
            self._hand_over()
            return
        if delay > 0:
            self._hand_over_at = loop.call_later(delay, self._hand_over)
        else:
            self._hand_over_at = loop.call_soon(self._hand_over)

    def _cancel_hand_over(self) -> None:
        if self._hand_over_at is not None:
            self._hand_over_at.cancel()
            self._hand_over_at = None

    def _hand_over(self) -> None:
        self._cancel_hand_over()
        self._perform_now(self.protocol.hand_over())


def _certificate_refused(why: str) -> str:
    return QCoreApplication.translate("CloudClient",
                                      "The server's certificate was refused: {why}").format(why=why)


def _unreachable(base_url: str, exc: httpx.TransportError) -> Exception:
    """A REST call's transport failure: a refused certificate, or the network (retryable)."""
    why = certificate_problem(exc)
    if why is not None:
        return CertificateRefused(_certificate_refused(why))
    return CloudUnavailable(f"Cannot reach {base_url}: {exc}")


def _abort(ws: Any) -> None:
    """Drop a websocket's TCP connection without a closing handshake."""
    transport = getattr(ws, "transport", None)
    if transport is not None:
        with contextlib.suppress(Exception):
            transport.abort()


def _page_events(content: bytes) -> list[Any]:
    """A backfill page's events, oldest first; one that does not decode keeps its place as an
    :class:`UndecodedEvent` (a page is one document, so one bad event must not lose the rest)."""
    try:
        return list(EventPage.model_validate_json(content).events)
    except ValueError:
        pass
    try:
        items = json.loads(content).get("events")
    except (ValueError, AttributeError) as exc:
        raise CloudUnavailable(f"The server sent an unreadable page of events: {exc}") from exc
    if not isinstance(items, list):
        raise CloudUnavailable("The server sent a page of events without events.")
    events: list[Any] = []
    for item in items:
        try:
            events.append(event_adapter.validate_python(item))
        except ValueError as exc:
            reason = " ".join(str(exc).splitlines()[:3])[:300]
            salvaged = salvage_event(item, reason) if isinstance(item, dict) else None
            if salvaged is None:
                raise CloudUnavailable(f"The server sent an event without a place in the "
                                       f"log: {reason}") from exc
            events.append(salvaged)
    return events


def _describe(exc: BaseException) -> str:
    if isinstance(exc, ConnectionClosed):
        code = exc.rcvd.code if exc.rcvd is not None else None
        return f"Connection closed ({code})." if code else "Connection lost."
    if isinstance(exc, (OSError, httpx.TransportError)):
        return f"Cannot reach the server ({exc.__class__.__name__})."
    return str(exc) or exc.__class__.__name__


__all__ = [
    "BACKLOG_MAX_ROWS",
    "BACKLOG_ROWS",
    "BACKLOG_WINDOW_S",
    "AuthError",
    "CertificateRefused",
    "CloudClient",
    "CloudUnavailable",
    "DeadLink",
    "ForkDetected",
    "ProtocolMismatch",
    "ResyncRequired",
    "websockets",
]
