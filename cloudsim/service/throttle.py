"""Sign-in throttling: failed sign-ins counted per username and per client address.

After ``max_failures`` failures of one key within ``window_s``, the key is locked out: a sign-in
naming it is refused (429 ``too_many_attempts``) without its password being checked, until the
lockout ends. The first lockout lasts ``first_lockout_s``; each failure after a lockout ends
locks out again, for twice as long each time, up to ``max_lockout_s``. A successful sign-in
forgets the username's failures, never the address's (one's own account must not reset the
count of guesses at someone else's). A key without a failure for ``forget_after_s`` (the window
plus the longest lockout) is forgotten.

No I/O and no clock of its own: the service hands it ``now``, so tests move time by hand.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field

#: At most this many keys are remembered; the quietest go first.
MAX_KEYS = 100_000


@dataclass(frozen=True)
class SignInPolicy:
    """How many failed sign-ins are tolerated, and how long a lockout lasts."""

    max_failures: int = 5
    window_s: float = 300.0
    first_lockout_s: float = 60.0
    max_lockout_s: float = 900.0

    @property
    def forget_after_s(self) -> float:
        return self.window_s + self.max_lockout_s


@dataclass
class _Record:
    failures: deque[float] = field(default_factory=deque)
    lockouts: int = 0
    locked_until: float = 0.0
    last: float = 0.0


class SignInThrottle:
    """Failed sign-ins per key (``"user:<name>"``, ``"addr:<address>"``)."""

    def __init__(self, policy: SignInPolicy | None = None) -> None:
        self.policy = policy or SignInPolicy()
        self._records: dict[str, _Record] = {}

    def retry_after(self, keys: list[str], now: float) -> int | None:
        """Whole seconds until none of ``keys`` is locked out, or None if none is."""
        until = max((r.locked_until for k in keys if (r := self._records.get(k)) is not None),
                    default=0.0)
        return math.ceil(until - now) if until > now else None

    def failed(self, keys: list[str], now: float) -> None:
        """Count a failed sign-in against each key; lock out the keys over the limit."""
        policy = self.policy
        for key in keys:
            record = self._records.get(key)
            if record is None or now - record.last > policy.forget_after_s:
                record = self._records[key] = _Record()
            record.last = now
            while record.failures and now - record.failures[0] > policy.window_s:
                record.failures.popleft()
            record.failures.append(now)
            if record.lockouts or len(record.failures) >= policy.max_failures:
                lockout = min(policy.first_lockout_s * 2.0 ** min(record.lockouts, 30),
                              policy.max_lockout_s)
                record.lockouts += 1
                record.locked_until = now + lockout
        if len(self._records) > MAX_KEYS:
            self._forget_quietest(now)

    def succeeded(self, key: str) -> None:
        self._records.pop(key, None)

    def _forget_quietest(self, now: float) -> None:
        stale = [k for k, r in self._records.items()
                 if now - r.last > self.policy.forget_after_s]
        for key in stale:
            del self._records[key]
        if len(self._records) > MAX_KEYS:
            by_age = sorted(self._records, key=lambda k: self._records[k].last)
            for key in by_age[:len(self._records) - MAX_KEYS]:
                del self._records[key]
