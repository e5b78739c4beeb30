"""The alert stream's protocol with no I/O: frames in, actions out (docs/protocol.md §6).

In the manner of the ``websockets`` library's sans-I/O core: :class:`StreamProtocol` never
touches a socket, a loop or a clock. The cloud client (console/link/client.py) reads the socket,
feeds what happened in (a frame's text, a backfill page, a close code, a silence) with the time
it happened, and performs the actions it gets back, in order. So ordering, gaps, duplicates,
resyncs and delivery batching are tested with plain data (tests/console/link/
test_stream_protocol.py).

The rules kept here:

* Each logged event is applied once, in seq order (:class:`~console.link.streaming.Sequencer`):
  a duplicate is dropped and counted; a gap asks for a REST backfill of exactly the missing
  range (:class:`Backfill`, paged), and the frames that came after it wait until it is filled.
* The hash chain is checked as events are applied: each event's ``prev_hash`` must be the
  hash held for the seq before it (from the snapshot's ``head_hash``, the journal, or the last
  event applied), and ``hello`` must name the same hash at the connection's ``since`` and a
  head not behind it. Otherwise the server's log is not the one this console followed (a
  restored backup, a rolled-back database): :class:`Forked`, and the console starts again from a
  snapshot instead of resuming a log that no longer exists.
* A logged event that does not decode (a type this console does not know, a field out of
  range) is stepped over with its seq, not dropped: it goes on in its place as an
  :class:`~opticallock.protocol.UndecodedEvent`, which the store steps over and the journal
  records apart, so it never stops the stream (nor a restart).
* ``hello`` with another protocol version stops the stream (:class:`Incompatible`).
* ``hello`` makes the stream live, a heartbeat moves ``head_seq``, ``position_interval`` says
  what the server now sends, ``resync_required`` (or close 4409, or 410 on a backfill) asks for
  the snapshot to be reloaded, an auth ``error`` frame (or close 4401, or a 401 handshake) sends
  the dispatcher to sign in, and a frame that does not decode is counted and skipped.
* Delivery batching (:class:`DeliveryBatch`): applied events are journalled at once
  (:class:`Deliver`) but handed to the store (:class:`HandOver`) a batch at a time. What the
  client reads without yielding goes out as one batch on the loop's next turn; while catching up
  (the last batch was a backlog's) telemetry waits up to ``BACKLOG_WINDOW_S`` for more (longer,
  in proportion to what handing over costs, while the server's log is known to go on), and any
  other event (an alarm, a lock event) takes the batch out on the next turn. The wrapper owns the
  timer (:class:`ScheduleHandOver`) and measures the hand-over (:meth:`StreamProtocol.
  hand_over_cost`); which events are urgent and what is a backlog is decided here.
"""

from __future__ import annotations

import json
import math
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from console.link.errors import error_body
from console.link.streaming import (
    ConnectionState,
    EventRate,
    Sequencer,
    StreamStats,
    Verdict,
)
from opticallock.fleet import PositionsRun
from opticallock.protocol import (
    CLOSE_RESYNC_REQUIRED,
    CLOSE_UNAUTHORIZED,
    HEARTBEAT_INTERVAL_S,
    MAX_POSITION_INTERVAL_S,
    PROTOCOL_VERSION,
    TELEMETRY_TYPES,
    ErrorFrame,
    EventBase,
    FrameError,
    HeartbeatFrame,
    HelloFrame,
    PositionIntervalFrame,
    PositionsEvent,
    ResyncRequiredFrame,
    SetPositionIntervalFrame,
    UndecodedEvent,
    decode_frame,
    salvage_event,
)

#: Catching up (the last batch handed over carried at least this many fixes and samples),
#: telemetry is handed to the store after up to BACKLOG_WINDOW_S, a batch at a time, so each
#: lock's fixes of the batch are applied as one. Anything else (an alarm, a lock event) goes out
#: on the loop's next turn as always.
BACKLOG_ROWS = 10_000
BACKLOG_WINDOW_S = 0.1
#: Catching up while the server's log is known to go on past what was read (its head, from
#: ``hello``, a heartbeat or a later event), a batch waits BACKLOG_LOAD_FACTOR times what
#: handing the last one over cost, between BACKLOG_WINDOW_S and BACKLOG_MAX_WINDOW_S: each
#: hand-over re-applies every lock that moved (10,000 at a time at 10,000 trailers), so fewer,
#: larger batches read a backlog faster; a stream that is level with the head keeps the short
#: window.
BACKLOG_LOAD_FACTOR = 20.0
BACKLOG_MAX_WINDOW_S = 1.0
#: A batch is handed over at once when it holds this many rows.
BACKLOG_MAX_ROWS = 500_000
#: The most events one backfill request asks for.
BACKFILL_PAGE = 2000
#: Error codes of an ``error`` frame that mean the token is no longer accepted.
AUTH_ERRORS = frozenset({"unauthorized", "invalid_token"})


# --------------------------------------------------------------------------- actions


@dataclass(frozen=True)
class Deliver:
    """Events just applied, in seq order, each once, with the frame texts they came in (a
    backfilled event's is its JSON): journal them now (the store gets them by HandOver)."""

    events: tuple[Any, ...]
    texts: tuple[str, ...]


@dataclass(frozen=True)
class HandOver:
    """Give these events (contiguous, in seq order) to the store now, as one batch."""

    events: tuple[Any, ...]


@dataclass(frozen=True)
class ScheduleHandOver:
    """Call :meth:`StreamProtocol.hand_over` after ``delay`` seconds (0: on the loop's next
    turn, once the frames already buffered are read), replacing any hand-over scheduled."""

    delay: float


@dataclass(frozen=True)
class Backfill:
    """Fetch ``GET /events?after=<after>&limit=<limit>`` and feed the page's events to
    :meth:`StreamProtocol.receive_events` (a 410 to :meth:`StreamProtocol.backfill_gone`);
    the stream's later frames wait until (after, through] is filled."""

    after: int
    through: int
    limit: int


@dataclass(frozen=True)
class Status:
    """The stream's state changed (today: ``hello`` made it live)."""

    state: ConnectionState
    detail: str


@dataclass(frozen=True)
class PositionInterval:
    """The server now sends at most one fix per lock per ``seconds`` (0: every fix)."""

    seconds: float


@dataclass(frozen=True)
class Malformed:
    """A frame that does not decode was counted and skipped; the stream goes on."""

    reason: str


@dataclass(frozen=True)
class ServerError:
    """The server sent an ``error`` frame (logged; an auth error is followed by AuthFailed)."""

    error: str
    message: str


@dataclass(frozen=True)
class AuthFailed:
    """The token is no longer accepted: end the stream, only signing in again helps."""

    reason: str


@dataclass(frozen=True)
class Resync:
    """Our seq is no longer replayable: reload the snapshot (then :meth:`snapshot_loaded`) and
    reconnect from its seq."""

    reason: str


@dataclass(frozen=True)
class LinkDead:
    """Nothing came for ``receive_timeout`` seconds: close the link and reconnect."""

    reason: str


@dataclass(frozen=True)
class Forked:
    """The server's log does not continue the chain this console holds (restored from an older
    copy, rolled back): what was applied since the fork is not the server's any more. Set the
    journal's record aside, tell the dispatcher, reload the snapshot (then
    :meth:`snapshot_loaded`) and follow the server's log from there."""

    reason: str
    #: The last seq this console had applied when the fork was found.
    seq: int


@dataclass(frozen=True)
class Incompatible:
    """The server speaks another protocol version: stop; reconnecting will not help."""

    reason: str
    server_protocol: int


@dataclass(frozen=True)
class Failed:
    """The stream cannot go on as it is (a backfill that does not fill the gap): reconnect
    with back-off, resuming from the last applied seq."""

    reason: str


Action = (Deliver | HandOver | ScheduleHandOver | Backfill | Status | PositionInterval
          | Malformed | ServerError | AuthFailed | Resync | Forked | Incompatible | LinkDead
          | Failed)
#: The actions after which this connection is over (the wrapper raises on them).
ENDINGS = (AuthFailed, Resync, Forked, Incompatible, LinkDead, Failed)


# --------------------------------------------------------------------------- batching


def rows_of(event: Any) -> int:
    """How much an event weighs in a batch: its fixes or samples, or 1."""
    rows = getattr(event, "rows", None)
    return len(rows) if rows is not None else 1


#: What may wait with the telemetry for a batch while catching up: the fleet's routine
#: movements and health (at 10,000 trailers a geofence is crossed every second or so, and each
#: one cut a backlog's batches short). Anything a dispatcher acts on never waits: an alarm, a
#: tamper, a lock or seal event, a driver's message or call, an unlock request, a policy change.
ROUTINE_TYPES: frozenset[str] = TELEMETRY_TYPES | frozenset({
    "geofence_enter", "geofence_exit", "gps_lost", "gps_regained", "battery_low", "trip",
    "driver_app"})


def is_urgent(event: Any) -> bool:
    """An event that never waits for a batch: anything but telemetry and the fleet's routine
    (:data:`ROUTINE_TYPES`)."""
    return event.type not in ROUTINE_TYPES


@dataclass
class DeliveryBatch:
    """Applied events not yet handed to the store, and when they should go (no timer here).
    Consecutive positions events are folded into a :class:`~opticallock.fleet.PositionsRun`
    as they are added; it stands in their place in the batch."""

    backlog_rows: int = BACKLOG_ROWS
    window_s: float = BACKLOG_WINDOW_S
    max_rows: int = BACKLOG_MAX_ROWS
    events: list[Any] = field(default_factory=list)
    rows: int = 0
    urgent: bool = False
    #: The delay of the hand-over the wrapper has scheduled (None: none scheduled).
    scheduled: float | None = None
    #: Whether the last batch handed over was a backlog's (at least ``backlog_rows``).
    catching_up: bool = False
    #: The wait while catching up and behind the server's head (:meth:`note_cost`).
    behind_window_s: float = BACKLOG_WINDOW_S

    def add(self, events: Sequence[Any], behind: bool = False
            ) -> HandOver | ScheduleHandOver | None:
        """Take newly applied events; say whether to hand over now, schedule a hand-over (or
        bring one forward), or leave the one scheduled as it is (None). ``behind``: the
        server's log is known to go on past these events."""
        batched = self.events
        for event in events:
            if isinstance(event, PositionsEvent):
                # Folded as it comes (each lock's last fix): a backlog's rows are not all
                # held until the hand-over.
                last = batched[-1] if batched else None
                if isinstance(last, PositionsRun) and last.seq + 1 == event.seq:
                    last.add(event)
                else:
                    batched.append(PositionsRun(event))
            elif batched and isinstance(batched[-1], PositionsRun) and batched[-1].absorbs(event):
                batched[-1].absorb(event)  # a fiber sample, a geofence crossed: the run goes on
            else:
                batched.append(event)
        self.rows += sum(rows_of(e) for e in events)
        urgent = any(is_urgent(e) for e in events)
        self.urgent |= urgent
        if self.rows >= self.max_rows:
            return self.take()
        waiting = self.scheduled is not None and self.scheduled > 0
        if waiting and not behind and self.scheduled is not None \
                and self.scheduled > self.window_s:
            # Level with the server's head: the backlog is read, the batch waiting for more of
            # it goes out on the loop's next turn.
            self.scheduled = 0.0
            return ScheduleHandOver(0.0)
        if self.scheduled is None or (urgent and waiting):
            if self.catching_up and not self.urgent:
                self.scheduled = self.behind_window_s if behind else self.window_s
            else:
                self.scheduled = 0.0
            return ScheduleHandOver(self.scheduled)
        return None

    def note_cost(self, seconds: float) -> None:
        """Handing the last batch over took ``seconds``: set the wait while behind from it."""
        self.behind_window_s = min(BACKLOG_MAX_WINDOW_S,
                                   max(self.window_s, BACKLOG_LOAD_FACTOR * seconds))

    def take(self) -> HandOver:
        """The batch, handed over; whether it was a backlog's decides how the next one waits."""
        events, self.events = self.events, []
        self.catching_up = self.rows >= self.backlog_rows
        self.rows = 0
        self.urgent = False
        self.scheduled = None
        return HandOver(tuple(events))


# --------------------------------------------------------------------------- the protocol


class StreamProtocol:
    """One console's side of the alert stream, across its connections, without I/O.

    Feed it what happened; each input returns the actions to perform, in order. It keeps the
    last applied seq, the head seq the server announced, the counters (:class:`StreamStats`,
    :class:`EventRate`) and the position interval asked for and confirmed.
    """

    def __init__(self, *, dead_after_s: float = 3 * HEARTBEAT_INTERVAL_S,
                 stats: StreamStats | None = None, rate: EventRate | None = None,
                 batch: DeliveryBatch | None = None) -> None:
        #: Receiving nothing at all (not even a heartbeat) for this long means the link is dead.
        self.receive_timeout = dead_after_s
        self.stats = stats if stats is not None else StreamStats()
        self.rate = rate if rate is not None else EventRate()
        self.batch = batch if batch is not None else DeliveryBatch()
        #: None until a base is known (a snapshot's seq, or a seq to resume from).
        self.sequencer: Sequencer | None = None
        #: The chain hash of the last applied event (None: not known, nothing to check against).
        self.last_hash: str | None = None
        self.head_seq = 0
        #: True from ``hello`` until the connection ends.
        self.live = False
        #: What this console asks for (kept across reconnects) and what the server confirmed.
        self.position_interval = 0.0
        self.position_interval_in_effect = 0.0
        #: The backfill under way (None: none), and the stream's events waiting for it.
        self._backfill: Backfill | None = None
        self._held: deque[tuple[Any, str]] = deque()

    # ---------------------------------------------------------------- base and connection

    @property
    def last_seq(self) -> int | None:
        """The seq of the last applied event (None: no base yet)."""
        return self.sequencer.last_seq if self.sequencer is not None else None

    @property
    def backfilling(self) -> bool:
        return self._backfill is not None

    def resume_from(self, seq: int, chain_hash: str | None = None) -> None:
        """Continue after ``seq`` (the store already holds everything up to it; ``chain_hash``
        is the hash of the event at ``seq``, if known)."""
        self.sequencer = Sequencer(seq)
        self.last_hash = chain_hash or None
        self._reset_connection()

    def snapshot_loaded(self, seq: int, chain_hash: str | None = None) -> list[Action]:
        """A new base state up to ``seq`` (``chain_hash``: the snapshot's ``head_hash``);
        events follow from seq + 1. Returns the old base's events not yet handed over: they go
        to the store before the new base does."""
        leftover = [self.batch.take()] if self.batch.events else []
        self.sequencer = Sequencer(seq)
        self.last_hash = chain_hash or None
        self.head_seq = seq
        self._reset_connection()
        return list(leftover)

    def stream_path(self) -> str:
        """The stream's path and query under the API prefix, resuming after the last seq."""
        if self.sequencer is None:
            raise RuntimeError("no base to stream from: load a snapshot or resume from a seq")
        path = f"/stream?since={self.sequencer.last_seq}"
        if self.position_interval > 0:
            path += f"&positions_every={self.position_interval:g}"
        return path

    def connection_opened(self) -> list[Action]:
        self._reset_connection()
        if self.position_interval_in_effect and not self.position_interval:
            self.position_interval_in_effect = 0.0  # a new connection starts at every fix
            return [PositionInterval(0.0)]
        return []

    def connection_refused(self, status: int, body: bytes | None = None) -> list[Action]:
        """The handshake was answered with an HTTP ``status`` instead of an upgrade."""
        if status == 401:
            return [AuthFailed(_body_message(body) or "Session expired.")]
        return [Failed(f"Stream refused: HTTP {status}")]

    def connection_closed(self, code: int | None) -> list[Action]:
        """The server closed the stream with ``code`` (None: no close frame). Another code
        than 4401 or 4409 gives no action: reconnect with back-off."""
        self._reset_connection()
        if code == CLOSE_UNAUTHORIZED:
            return [AuthFailed("Session expired.")]
        if code == CLOSE_RESYNC_REQUIRED:
            return self._resync("server asked for a resync")
        return []

    def silence(self) -> list[Action]:
        """Nothing arrived for ``receive_timeout`` seconds."""
        self.stats.dead_links += 1
        self._reset_connection()
        return [LinkDead(f"No data from the server for {self.receive_timeout:.0f} s.")]

    def set_position_interval(self, seconds: float) -> str:
        """Ask for at most one fix per lock every ``seconds`` (0: every fix) from now on and on
        every reconnection; returns the frame to send on an open stream."""
        seconds = float(seconds)
        if not math.isfinite(seconds):  # the frame cannot carry one; the server caps at its max
            seconds = MAX_POSITION_INTERVAL_S if seconds > 0 else 0.0
        self.position_interval = max(0.0, seconds)
        return SetPositionIntervalFrame(seconds=self.position_interval).model_dump_json()

    def _reset_connection(self) -> None:
        self.live = False
        self._backfill = None
        self._held.clear()

    # ---------------------------------------------------------------- frames and pages

    def receive_text(self, data: str | bytes, now: float) -> list[Action]:
        """One frame from the stream, received at ``now`` (POSIX seconds)."""
        self.stats.frames += 1
        try:
            frame = decode_frame(data)
        except FrameError as exc:
            return self._undecodable(data, str(exc), now)
        match frame:
            case EventBase():
                text = data if isinstance(data, str) else data.decode("utf-8")
                return self._receive_event(frame, text, now)
            case HelloFrame():
                return self._hello(frame)
            case HeartbeatFrame():
                last = self.last_seq
                if last is not None and frame.head_seq < last and not self.backfilling:
                    return self._forked(f"the server's log now ends at {frame.head_seq}, "
                                        f"before event {last} this console applied")
                self.head_seq = max(self.head_seq, frame.head_seq)
                return []
            case PositionIntervalFrame():
                self.position_interval_in_effect = frame.seconds
                return [PositionInterval(frame.seconds)]
            case ResyncRequiredFrame():
                if frame.since > frame.head_seq:  # the log went back behind what we applied
                    return self._forked(f"the server's log ends at {frame.head_seq}, before "
                                        f"event {frame.since} this console applied")
                return self._resync(frame.message)
            case ErrorFrame():
                error: list[Action] = [ServerError(frame.error, frame.message)]
                if frame.error in AUTH_ERRORS:
                    error.append(AuthFailed(frame.message))
                return error
        raise AssertionError(f"unhandled frame {frame!r}")  # pragma: no cover

    def _undecodable(self, data: str | bytes, reason: str, now: float) -> list[Action]:
        """A frame that did not decode: a logged event keeps its place (stepped over, recorded),
        a hello of another protocol stops the stream, anything else is counted and skipped."""
        event = salvage_event(data, reason)
        if event is not None:
            self.stats.rejected_events += 1
            self.stats.note_malformed(reason)
            return [Malformed(f"event {event.seq} ({event.type}) set aside: {reason}"),
                    *self._receive_event(event, event.raw, now)]
        version = _hello_protocol(data)
        if version is not None and version != PROTOCOL_VERSION:
            return [self._incompatible(version)]
        self.stats.note_malformed(reason)
        return [Malformed(reason)]

    def _hello(self, frame: HelloFrame) -> list[Action]:
        if frame.protocol != PROTOCOL_VERSION:
            return [self._incompatible(frame.protocol)]
        last = self.last_seq
        if last is not None and frame.head_seq < last:
            return self._forked(f"the server's log ends at {frame.head_seq}, before event "
                                f"{last} this console applied")
        if (frame.since_hash and self.last_hash and last is not None
                and frame.since_hash != self.last_hash):
            return self._forked(f"the server's event {last} is not the one this console "
                                f"applied (its chain hash differs)")
        self.head_seq = frame.head_seq
        self.live = True
        return [Status(ConnectionState.LIVE, f"Live as {frame.user}")]

    def _incompatible(self, version: int) -> Incompatible:
        self._reset_connection()
        return Incompatible(f"The server speaks protocol {version}; this console speaks "
                            f"protocol {PROTOCOL_VERSION}. Update the console.", version)

    def _forked(self, reason: str) -> list[Action]:
        self.stats.forks += 1
        last = self.last_seq if self.last_seq is not None else 0
        self._reset_connection()
        return [Forked(reason, last)]

    def receive_events(self, events: Sequence[Any], now: float) -> list[Action]:
        """One page of the backfill asked for by the last :class:`Backfill` (oldest first)."""
        backfill = self._backfill
        if backfill is None:
            raise RuntimeError("a backfill page arrived but no backfill is under way")
        page = [e for e in events if e.seq <= backfill.through]
        if not page:
            return [Failed("backfill returned no events")]
        self.stats.backfilled_events += len(page)
        actions = self._deliver([(e, _text_of(e)) for e in page], now)
        if actions and isinstance(actions[-1], ENDINGS):
            return actions
        assert self.sequencer is not None
        if self.sequencer.last_seq == backfill.after:  # only events we had: asking again loops
            return [*actions, Failed("backfill returned no new events")]
        if self.sequencer.last_seq < backfill.through:
            return [*actions, self._next_page(backfill.through)]
        self._backfill = None
        return actions + self._release(now)

    def backfill_gone(self, message: str) -> list[Action]:
        """The backfill was answered 410: the missing events were compacted away."""
        return self._resync(message)

    def hand_over_cost(self, seconds: float) -> None:
        """The wrapper's measure of the last :class:`HandOver` (the store applying the batch
        and announcing what it must at once): while behind, batches wait in proportion."""
        self.batch.note_cost(seconds)

    def hand_over(self) -> list[Action]:
        """The scheduled hand-over is due (or the stream stops): the batch, if any."""
        if not self.batch.events:
            self.batch.scheduled = None
            return []
        return [self.batch.take()]

    def _receive_event(self, event: Any, text: str, now: float) -> list[Action]:
        if self.sequencer is None:
            raise RuntimeError("an event arrived before any base: load a snapshot first")
        if self._backfill is not None:
            self._held.append((event, text))
            return []
        verdict = self.sequencer.classify(event.seq)
        if verdict is Verdict.DUPLICATE:
            self.stats.duplicates += 1
            return []
        if verdict is Verdict.GAP:
            self.stats.gaps_backfilled += 1
            self._held.append((event, text))
            return [self._next_page(event.seq - 1)]
        return self._deliver([(event, text)], now)

    def _next_page(self, through: int) -> Backfill:
        assert self.sequencer is not None
        after = self.sequencer.last_seq
        self._backfill = Backfill(after, through, min(BACKFILL_PAGE, through - after))
        return self._backfill

    def _release(self, now: float) -> list[Action]:
        """The gap is filled: the frames that waited for it, in the order they came."""
        actions: list[Action] = []
        ready: list[tuple[Any, str]] = []
        assert self.sequencer is not None
        while self._held:
            event, text = self._held.popleft()
            expected = self.sequencer.last_seq + len(ready) + 1
            if event.seq < expected:
                self.stats.duplicates += 1  # the backfill brought it already
            elif event.seq == expected:
                ready.append((event, text))
            else:  # another gap behind this one
                actions += self._deliver(ready, now)
                self._held.appendleft((event, text))
                self.stats.gaps_backfilled += 1
                return [*actions, self._next_page(event.seq - 1)]
        return actions + self._deliver(ready, now)

    def _deliver(self, items: Sequence[tuple[Any, str]], now: float) -> list[Action]:
        """Apply events in seq order: a duplicate is dropped and counted; an event past the next
        seq ends the connection (what came before it is delivered)."""
        assert self.sequencer is not None
        events: list[Any] = []
        texts: list[str] = []
        failure: list[Action] = []
        for event, text in items:
            verdict = self.sequencer.classify(event.seq)
            if verdict is Verdict.DUPLICATE:
                self.stats.duplicates += 1
                continue
            if verdict is Verdict.GAP:
                failure = [Failed(f"out-of-order event {event.seq}")]
                break
            if self.last_hash and event.prev_hash and event.prev_hash != self.last_hash:
                failure = self._forked(f"event {event.seq} does not follow event "
                                       f"{event.seq - 1} this console applied (its "
                                       f"prev_hash differs)")
                break
            self.sequencer.advance(event.seq)
            self.last_hash = event.hash or None
            events.append(event)
            texts.append(text)
        if not events:
            return failure
        self.head_seq = max(self.head_seq, events[-1].seq)
        self.stats.events += len(events)
        if events[-1].ts:  # an event set aside may not say its time
            self.stats.note_delivery(now, events[-1].ts)
        self.rate.add(now, sum(rows_of(e) for e in events))
        actions: list[Action] = [Deliver(tuple(events), tuple(texts))]
        when = self.batch.add(events, behind=self.head_seq > events[-1].seq)
        if when is not None:
            actions.append(when)
        return actions + failure

    def _resync(self, reason: str) -> list[Action]:
        self.stats.resyncs += 1
        self._reset_connection()
        return [Resync(reason)]


def _text_of(event: Any) -> str:
    """A backfilled event's text for the journal: its JSON, or the raw text it came in."""
    return event.raw if isinstance(event, UndecodedEvent) else str(event.model_dump_json())


def _hello_protocol(data: str | bytes) -> int | None:
    """The protocol a ``hello`` that did not decode says it speaks (None: not a hello)."""
    try:
        body = json.loads(data)
    except ValueError:
        return None
    if isinstance(body, dict) and body.get("type") == "hello":
        version = body.get("protocol")
        return version if type(version) is int else None
    return None


def _body_message(body: bytes | None) -> str:
    error = error_body(body)
    return "" if error is None else error.message


__all__ = [
    "BACKLOG_LOAD_FACTOR", "BACKLOG_MAX_ROWS", "BACKLOG_MAX_WINDOW_S", "BACKLOG_ROWS",
    "BACKLOG_WINDOW_S", "ENDINGS", "ROUTINE_TYPES", "Action", "AuthFailed",
    "Backfill", "Deliver", "DeliveryBatch", "Failed", "Forked", "HandOver", "Incompatible",
    "LinkDead", "Malformed",
    "PositionInterval", "Resync", "ScheduleHandOver", "ServerError", "Status", "StreamProtocol",
    "is_urgent", "rows_of",
]
