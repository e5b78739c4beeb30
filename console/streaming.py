"""The stream's rules with no I/O: sequencing, backoff, connection status, counters.

The cloud client (console/client.py) is a thin adapter around these, so the rules that keep the
console exact (apply each seq once, in order; backfill gaps; back off with jitter) are tested with
plain data.
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
    last_event_ts: float | None = None
    last_malformed: list[str] = field(default_factory=list)

    def note_malformed(self, reason: str) -> None:
        self.malformed += 1
        self.last_malformed = [*self.last_malformed[-9:], reason]


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
