"""The stream's rules with no I/O: sequencing, backoff, connection status, counters.

The stream protocol (console/link/stream_protocol.py) and the cloud client (console/link/client.py)
are built on these, so the rules that keep the console exact (apply each seq once, in order; back
off with jitter; say when the link is down) are tested with plain data.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import Enum, StrEnum


class Verdict(Enum):
    APPLY = "apply"
    DUPLICATE = "duplicate"
    GAP = "gap"


class Sequencer:
    """Tracks the last applied seq and says what to do with the next one."""

    def __init__(self, last_seq: int) -> None:
        self.last_seq = last_seq

    def classify(self, seq: int) -> Verdict:
        if seq <= self.last_seq:
            return Verdict.DUPLICATE
        if seq == self.last_seq + 1:
            return Verdict.APPLY
        return Verdict.GAP

    def advance(self, seq: int) -> None:
        if seq != self.last_seq + 1:
            raise ValueError(f"advance to {seq} from {self.last_seq}")
        self.last_seq = seq


def backoff(initial: float = 0.5, factor: float = 2.0, cap: float = 30.0, jitter: float = 0.5,
            rand: Callable[[], float] = random.random) -> Iterator[float]:
    """Capped exponential delays with jitter: each delay is in [d * (1 - jitter), d].

    Jitter spreads a fleet of consoles that lost the same server, so they do not all come back
    in the same instant.
    """
    delay = initial
    while True:
        yield delay * (1.0 - jitter * rand())
        delay = min(cap, delay * factor)


class ConnectionState(StrEnum):
    CONNECTING = "connecting"
    LIVE = "live"
    RECONNECTING = "reconnecting"
    OFFLINE = "offline"
    SIGNED_OUT = "signed_out"


@dataclass(frozen=True)
class ConnectionStatus:
    """What the status bar and the NOT LIVE banner show."""

    state: ConnectionState
    #: When the current state began (for "reconnecting since 14:02:11"); POSIX seconds.
    since: float
    detail: str = ""
    #: When the next reconnect attempt is due, if one is scheduled.
    retry_at: float | None = None
    #: When the stream last stopped being live (None while live).
    down_since: float | None = None

    @property
    def live(self) -> bool:
        return self.state is ConnectionState.LIVE

    def moved_to(self, state: ConnectionState, now: float, detail: str = "",
                 retry_at: float | None = None, down_at: float | None = None
                 ) -> ConnectionStatus:
        """The status after moving to ``state`` at ``now``: ``since`` is kept while the state
        stays, ``down_since`` from the first moment not live until live again (``down_at``:
        when it really stopped, if earlier than ``now``, e.g. the last frame of a dead link)."""
        since = self.since if self.state is state else now
        if state is ConnectionState.LIVE:
            down_since = None
        elif self.down_since is not None:
            down_since = self.down_since
        else:
            down_since = min(now, down_at) if down_at is not None else now
        return ConnectionStatus(state, since, detail, retry_at, down_since)

    def down_state(self, now: float, offline_after_s: float) -> ConnectionState:
        """Reconnecting, or offline once the stream has been down ``offline_after_s``."""
        down_for = now - (self.down_since if self.down_since is not None else now)
        return (ConnectionState.OFFLINE if down_for >= offline_after_s
                else ConnectionState.RECONNECTING)


@dataclass
class StreamStats:
    """Counters a dispatcher or a support engineer can read in the status bar tooltip."""

    frames: int = 0
    events: int = 0
    duplicates: int = 0
    malformed: int = 0
    gaps_backfilled: int = 0
    backfilled_events: int = 0
    reconnects: int = 0
    resyncs: int = 0
    dead_links: int = 0
    #: Logged events that did not decode, stepped over with their seq (set aside, recorded).
    rejected_events: int = 0
    #: Times the server's log did not continue the chain this console holds (resynced).
    forks: int = 0
    last_event_ts: float | None = None
    last_malformed: list[str] = field(default_factory=list)
    #: The largest delivery lag (receive time minus the event's time, seconds) seen since the
    #: last :meth:`take_delivery_lag`: how far behind the stream this console is reading.
    delivery_lag_s: float = 0.0

    def note_malformed(self, reason: str) -> None:
        self.malformed += 1
        self.last_malformed = [*self.last_malformed[-9:], reason]

    def note_delivery(self, now: float, event_ts: float) -> None:
        self.last_event_ts = event_ts
        self.delivery_lag_s = max(self.delivery_lag_s, now - event_ts)

    def take_delivery_lag(self) -> float:
        """The largest delivery lag since the last call (0 if nothing arrived), then reset."""
        lag, self.delivery_lag_s = self.delivery_lag_s, 0.0
        return lag


class EventRate:
    """Events per second over a sliding window, fed with (time, count) without per-event cost."""

    def __init__(self, window_s: float = 5.0) -> None:
        self.window_s = window_s
        self._marks: list[tuple[float, int]] = []

    def add(self, now: float, count: int) -> None:
        self._marks.append((now, count))
        cutoff = now - self.window_s
        while self._marks and self._marks[0][0] < cutoff:
            self._marks.pop(0)

    def rate(self, now: float) -> float:
        cutoff = now - self.window_s
        total = sum(c for t, c in self._marks if t >= cutoff)
        return total / self.window_s


#: The position intervals a console steps through when it cannot keep up (0: every fix).
POSITION_INTERVAL_STEPS: tuple[float, ...] = (0.0, 2.0, 5.0, 10.0, 30.0, 60.0)


@dataclass
class PositionRateGovernor:
    """Chooses how many position fixes per lock the console asks the stream for.

    Fed one sample a second: how far behind the stream the console is (``lag_s``, now minus
    the newest applied event's time) and how late its event loop ran (``late_ms``, e.g. the
    95th percentile of a 50 ms timer's lateness over that second). When it falls behind for
    ``up_after`` samples in a row it asks for one step fewer fixes; when it has been comfortable
    for ``down_after`` samples it steps back towards every fix. A step down that is followed by
    overload within ``down_after`` samples doubles the wait before the next try (up to
    ``max_down_after``), so a fleet that is just too big settles instead of flapping. Alarms,
    lock and seal events are never thinned: only positions are.
    """

    steps: tuple[float, ...] = POSITION_INTERVAL_STEPS
    behind_s: float = 3.0
    late_ms: float = 120.0
    easy_lag_s: float = 1.5
    easy_late_ms: float = 40.0
    up_after: int = 3
    down_after: int = 30
    max_down_after: int = 480
    level: int = 0
    _over: int = 0
    _easy: int = 0
    _since_down: int | None = None
    _wait: int = 0

    def __post_init__(self) -> None:
        self._wait = self.down_after

    @property
    def interval(self) -> float:
        return self.steps[self.level]

    def sample(self, lag_s: float, late_ms: float) -> float | None:
        """Take one second's figures; return the new interval if it changed, else None."""
        if self._since_down is not None:
            self._since_down += 1
        overloaded = lag_s > self.behind_s or late_ms > self.late_ms
        easy = lag_s < self.easy_lag_s and late_ms < self.easy_late_ms
        self._over = self._over + 1 if overloaded else 0
        self._easy = self._easy + 1 if easy else 0
        if self._over >= self.up_after and self.level < len(self.steps) - 1:
            if self._since_down is not None and self._since_down <= self.down_after:
                self._wait = min(self.max_down_after, self._wait * 2)  # it was too soon
            self._since_down = None
            self.level += 1
            self._over = self._easy = 0
            return self.interval
        if self._easy >= self._wait and self.level > 0:
            self.level -= 1
            self._since_down = 0
            self._over = self._easy = 0
            return self.interval
        return None

    def reset(self) -> None:
        """Back to every fix (a new session)."""
        self.level = 0
        self._over = self._easy = 0
        self._since_down = None
        self._wait = self.down_after
