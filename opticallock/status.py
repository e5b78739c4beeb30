"""Each trailer's status at a glance, kept up to date per change (no I/O, no Qt).

A trailer's status (alarm > unlocked > no recent fix > moving > parked) is read for every table
cell, map marker and overview tile. Computed on demand it cost fleet × open alarms per read
(an ``any()`` over the alarms for every cell): at 10,000 trailers and a few hundred alarms that
alone froze the console. :class:`StatusBoard` keeps the status of every lock and the worst open
alarm priority of each, updates only the locks that a batch of events touched, and says which
statuses changed so observers repaint only those. Staleness moves with time alone, so
:meth:`StatusBoard.refresh_time` re-checks the locks that could have gone stale.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum

from opticallock.protocol import Alarm, AlarmPriority, Lock, LockState

#: A trailer with no GPS fix for this long is shown as stale (grey on the map).
STALE_AFTER_S = 10 * 60.0
MOVING_KMH = 3.0


class TrailerStatus(StrEnum):
    """What a dispatcher sees at a glance; the map and the table use the same words."""

    ALARM = "alarm"
    UNLOCKED = "unlocked"
    STALE = "stale"
    MOVING = "moving"
    PARKED = "parked"


STATUS_LABEL = {
    TrailerStatus.ALARM: "Alarm",
    TrailerStatus.UNLOCKED: "Unlocked",
    TrailerStatus.STALE: "No fix",
    TrailerStatus.MOVING: "Moving",
    TrailerStatus.PARKED: "Parked",
}
STATUS_RANK = {s: i for i, s in enumerate(TrailerStatus)}
PRIORITY_RANK = {p: i for i, p in enumerate(AlarmPriority)}


def status_of(lock: Lock, has_open_alarm: bool, now: float,
              stale_after_s: float = STALE_AFTER_S) -> TrailerStatus:
    """The one rule: an open alarm first, then the lock, then the GPS fix."""
    if has_open_alarm:
        return TrailerStatus.ALARM
    if lock.state is not LockState.LOCKED:
        return TrailerStatus.UNLOCKED
    pos = lock.position
    if pos is None or not lock.gps_ok or now - pos.ts > stale_after_s:
        return TrailerStatus.STALE
    if pos.speed_kmh >= MOVING_KMH:
        return TrailerStatus.MOVING
    return TrailerStatus.PARKED


class StatusBoard:
    """Every lock's status and worst open alarm, updated per change.

    ``update`` and ``refresh_time`` return the lock ids whose status or worst alarm priority
    changed, which is what a view needs to repaint.
    """

    def __init__(self, stale_after_s: float = STALE_AFTER_S) -> None:
        self.stale_after_s = stale_after_s
        self._status: dict[str, TrailerStatus] = {}
        self._worst: dict[str, AlarmPriority] = {}
        self._alarm_lock: dict[str, str] = {}
        self._alarms_of: dict[str, dict[str, AlarmPriority]] = {}
        self._counts = dict.fromkeys(TrailerStatus, 0)

    # ------------------------------------------------------------------ reading

    def status(self, lock_id: str) -> TrailerStatus:
        return self._status.get(lock_id, TrailerStatus.STALE)

    def worst_priority(self, lock_id: str) -> AlarmPriority | None:
        """The most urgent unresolved alarm's priority on this lock, if any."""
        return self._worst.get(lock_id)

    def sort_rank(self, lock_id: str) -> int:
        """Alarm (critical first) > unlocked > no fix > moving > parked, as one number."""
        worst = self._worst.get(lock_id)
        return (STATUS_RANK[self._status.get(lock_id, TrailerStatus.STALE)] * 10
                + (PRIORITY_RANK[worst] if worst is not None else 0))

    def counts(self) -> dict[TrailerStatus, int]:
        return dict(self._counts)

    # ------------------------------------------------------------------ writing

    def rebuild(self, locks: Mapping[str, Lock], alarms: Mapping[str, Alarm],
                now: float) -> None:
        """Start again from a whole state (snapshot, journal restore, resync)."""
        self._status = {}
        self._worst = {}
        self._alarm_lock = {}
        self._alarms_of = {}
        self._counts = dict.fromkeys(TrailerStatus, 0)
        for alarm in alarms.values():
            self._add_alarm(alarm)
        for lock_id in self._alarms_of:
            self._recompute_worst(lock_id)
        for lock_id, lock in locks.items():
            status = status_of(lock, lock_id in self._worst, now, self.stale_after_s)
            self._status[lock_id] = status
            self._counts[status] += 1

    def update(self, locks: Mapping[str, Lock], alarms: Mapping[str, Alarm],
               lock_ids: Iterable[str], alarm_ids: Iterable[str], now: float) -> set[str]:
        """Take in a batch of changes: the locks touched and the alarms raised, changed or
        resolved (``alarms`` holds the unresolved ones). Returns the locks whose status or
        worst alarm priority changed."""
        touched = set(lock_ids)
        worst_changed: set[str] = set()
        for alarm_id in alarm_ids:
            alarm = alarms.get(alarm_id)
            old_lock = self._alarm_lock.get(alarm_id)
            if old_lock is not None:
                self._remove_alarm(alarm_id, old_lock)
                touched.add(old_lock)
                worst_changed.add(old_lock)
            if alarm is not None:
                self._add_alarm(alarm)
                touched.add(alarm.lock_id)
                worst_changed.add(alarm.lock_id)
        changed = set()
        for lock_id in worst_changed:
            if self._recompute_worst(lock_id):
                changed.add(lock_id)
        for lock_id in touched:
            lock = locks.get(lock_id)
            if lock is None:
                continue
            if self._set(lock_id, status_of(lock, lock_id in self._worst, now,
                                            self.stale_after_s)):
                changed.add(lock_id)
        return changed

    def refresh_time(self, locks: Mapping[str, Lock], now: float) -> set[str]:
        """Locks that went stale with time alone (no fix for ``stale_after_s``)."""
        cutoff = now - self.stale_after_s
        changed = set()
        for lock_id, status in self._status.items():
            if status is TrailerStatus.MOVING or status is TrailerStatus.PARKED:
                pos = locks[lock_id].position
                if pos is None or pos.ts < cutoff:
                    self._set(lock_id, TrailerStatus.STALE)
                    changed.add(lock_id)
        return changed

    # ------------------------------------------------------------------ internals

    def _set(self, lock_id: str, status: TrailerStatus) -> bool:
        old = self._status.get(lock_id)
        if old is status:
            return False
        if old is not None:
            self._counts[old] -= 1
        self._counts[status] += 1
        self._status[lock_id] = status
        return True

    def _add_alarm(self, alarm: Alarm) -> None:
        self._alarm_lock[alarm.id] = alarm.lock_id
        self._alarms_of.setdefault(alarm.lock_id, {})[alarm.id] = alarm.priority

    def _remove_alarm(self, alarm_id: str, lock_id: str) -> None:
        del self._alarm_lock[alarm_id]
        of_lock = self._alarms_of.get(lock_id)
        if of_lock is not None:
            of_lock.pop(alarm_id, None)
            if not of_lock:
                del self._alarms_of[lock_id]

    def _recompute_worst(self, lock_id: str) -> bool:
        of_lock = self._alarms_of.get(lock_id)
        worst = min(of_lock.values(), key=PRIORITY_RANK.__getitem__) if of_lock else None
        if worst == self._worst.get(lock_id):
            return False
        if worst is None:
            del self._worst[lock_id]
        else:
            self._worst[lock_id] = worst
        return True


__all__ = [
    "MOVING_KMH",
    "PRIORITY_RANK",
    "STALE_AFTER_S",
    "STATUS_LABEL",
    "STATUS_RANK",
    "StatusBoard",
    "TrailerStatus",
    "status_of",
]
