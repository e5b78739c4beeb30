"""The console's live fleet state: one QObject that applies stream events in seq order.

Widgets never hold fleet state of their own; they observe the store through Qt item models
(console/fleet/models.py) and these signals. High-rate changes (thousands of positions a second) are
coalesced: the ids touched are collected and announced at most every ``coalesce_ms``, or less
often while announcing costs much (a burst of a million positions): the interval stretches to
``FLUSH_LOAD_FACTOR`` times what the last announcement cost, up to ``MAX_COALESCE_MS``, so the
observers never take more than about a fifth of the time.

Signals:
    reset(): the whole state was replaced (snapshot, resync, journal restore).
    locksChanged(list[str]): lock ids whose position/state/fiber/battery changed (coalesced).
    trailersChanged(list[str]), driversChanged(list[str]): likewise.
    alarmsChanged(list[str]): alarm ids raised, repeated, acknowledged or resolved (coalesced).
    unlockRequestsChanged(list[str]): unlock request ids asked, approved, refused, used or
        expired (coalesced; the open ones are in ``state.unlock_requests``).
    statusChanged(list[str]): lock ids whose trailer status or worst open alarm priority
        changed (coalesced; also when a trailer goes stale with time alone). Read the statuses
        from :attr:`FleetStore.board`.
    eventsApplied(list[Event]): every applied event, in order, as it is applied (not coalesced;
        for timelines and attention cues that must not wait).
    geofencesChanged(): the geofence list was (re)loaded.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from console.fleet.heap import collector_paused
from console.link.journal import Journal
from opticallock.fleet import Changes, FleetState, PositionsRun, SequenceError
from opticallock.protocol import Alarm, FleetSnapshot, Geofence, Lock, PositionsEvent, Trailer
from opticallock.status import StatusBoard, TrailerStatus

log = logging.getLogger(__name__)

FLUSH_LOAD_FACTOR = 5.0
MAX_COALESCE_MS = 1000


class FleetStore(QObject):
    reset = Signal()
    locksChanged = Signal(list)
    trailersChanged = Signal(list)
    driversChanged = Signal(list)
    alarmsChanged = Signal(list)
    unlockRequestsChanged = Signal(list)
    statusChanged = Signal(list)
    eventsApplied = Signal(list)
    geofencesChanged = Signal()

    def __init__(self, journal: Journal | None = None, *, coalesce_ms: int = 100,
                 checkpoint_every_s: float = 60.0, clock: Callable[[], float] = time.time,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self.clock = clock
        self.state: FleetState | None = None
        #: Alarms resolved while this console ran (newest last), for the shift's record.
        self.resolved_alarms: dict[str, Alarm] = {}
        self._pending = Changes()
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(coalesce_ms)
        self._coalesce_ms = coalesce_ms
        self._flush_timer.timeout.connect(self.flush)
        self._checkpoint_every_s = checkpoint_every_s
        self._last_checkpoint = clock()
        self.applied_events = 0
        self.geofences: dict[str, Geofence] = {}
        #: Every lock's status, kept per change (read it, never recompute it per cell).
        self.board = StatusBoard()
        # Staleness moves with time alone: the locks that could have gone stale are re-checked
        # with a flush and by refresh_stale() (the window's clock tick), at most this often.
        # (Not a timer of the store's own: a store that emits with no input reached receivers
        # already destroyed with PySide6 6.11, a crash in the tests.)
        self.stale_check_s = 5.0
        self._stale_checked = clock()

    # ------------------------------------------------------------------ reading

    @property
    def seq(self) -> int | None:
        return None if self.state is None else self.state.seq

    def trailer(self, trailer_id: str) -> Trailer | None:
        return None if self.state is None else self.state.trailers.get(trailer_id)

    def lock(self, lock_id: str) -> Lock | None:
        return None if self.state is None else self.state.locks.get(lock_id)

    def status(self, lock_id: str) -> TrailerStatus:
        """The trailer's status as of the last announced change."""
        return self.board.status(lock_id)

    def open_alarms_of(self, lock_id: str) -> list[Alarm]:
        if self.state is None:
            return []
        return [a for a in self.state.alarms.values() if a.lock_id == lock_id]

    # ------------------------------------------------------------------ writing

    def restore(self, state: FleetState) -> None:
        """Adopt a state restored from the journal (before the stream resumes)."""
        self.state = state
        self._pending = Changes()
        self.board.rebuild(state.locks, state.alarms, self.clock())
        self.reset.emit()

    @Slot(object)
    def load_snapshot(self, snapshot: FleetSnapshot, adopt: bool = False) -> None:
        """Start again from this snapshot; ``adopt``: nobody else holds it (just parsed), so
        its objects become the store's without a copy. The collector is paused meanwhile: what
        is built here (and by the models and the map on ``reset``) is long-lived."""
        with collector_paused():
            self.state = FleetState.from_snapshot(snapshot, adopt=adopt)
            self._pending = Changes()
            self.board.rebuild(self.state.locks, self.state.alarms, self.clock())
            if self.journal is not None:
                self.journal.reset(snapshot)
            self._last_checkpoint = self.clock()
            self.reset.emit()

    @Slot(list)
    def apply_events(self, events: list[Any]) -> None:
        """Apply the stream's events in seq order: a :class:`PositionsRun` (the stream's
        positions folded as they were read, with the events it absorbed) or consecutive
        positions events as one, any other event alone. ``eventsApplied`` carries the runs
        and every event, absorbed ones included."""
        if self.state is None:
            log.warning("events before any snapshot ignored")
            return
        applied = []
        count = 0  # events applied (a run stands for its span)
        alarms_before = len(self._pending.alarms)
        requests_before = len(self._pending.unlock_requests)
        for run in _runs(events):
            if isinstance(run, PositionsRun):  # folded as they were read: applied as one
                try:
                    changes = self.state.apply_run(run)
                except SequenceError as exc:
                    log.error("store refused a run of positions: %s", exc)
                    continue
                self._journal_run(run)
                applied.append(run)
                applied.extend(run.others)  # observers see each event the run absorbed
                count += run.events
                self._pending.merge(changes)
                continue
            if isinstance(run, list):  # consecutive positions: each lock's last fix, at once
                try:
                    folded = PositionsRun.of(run)  # folded once: applied and journaled
                    changes = self.state.apply_run(folded)
                except SequenceError:
                    pass  # one of them is out of order: one by one below, refusing that one
                else:
                    self._journal_run(folded)
                    applied.extend(run)
                    count += len(run)
                    self._pending.merge(changes)
                    continue
            for event in run if isinstance(run, list) else (run,):
                try:
                    changes = self.state.apply(event)
                except SequenceError as exc:
                    # The client guarantees order; if this fires it is a bug: log it, go on.
                    log.error("store refused event: %s", exc)
                    continue
                if isinstance(event, PositionsEvent):
                    self._journal_run(PositionsRun(event))
                applied.append(event)
                count += 1
                self._pending.merge(changes)
                self.resolved_alarms.update(changes.resolved)
        self.applied_events += count
        if applied:
            self.eventsApplied.emit(applied)
            if (len(self._pending.alarms) > alarms_before
                    or len(self._pending.unlock_requests) > requests_before):
                # An alarm (or a driver waiting to unlock) does not wait for the next batch of
                # positions: announce it now, with its trailer; the fixes keep their pace.
                self._flush_urgent()
            elif not self._flush_timer.isActive():
                self._flush_timer.start()
            self._maybe_checkpoint()

    @Slot(list)
    def set_geofences(self, fences: list[Geofence]) -> None:
        self.geofences = {f.id: f for f in fences}
        self.geofencesChanged.emit()

    @Slot(int, float, str, object)
    def journal_event(self, seq: int, ts: float, etype: str, text: str) -> None:
        """Journal an event as it came; positions are journaled as the store applies them,
        folded (:meth:`_journal_run`), not frame by frame."""
        if self.journal is not None and etype != "positions":
            self.journal.append(seq, ts, etype, text)

    def _journal_run(self, run: PositionsRun) -> None:
        if self.journal is not None:
            self.journal.append_run(run)

    @Slot()
    def flush(self) -> None:
        """Announce the coalesced changes now."""
        started = time.perf_counter()
        pending, self._pending = self._pending, Changes()
        self._announce(pending)
        cost_ms = (time.perf_counter() - started) * 1000.0
        self._flush_timer.setInterval(int(min(MAX_COALESCE_MS, max(
            self._coalesce_ms, FLUSH_LOAD_FACTOR * cost_ms))))

    def _flush_urgent(self) -> None:
        """Announce the pending alarms and unlock requests now, with their trailers' locks;
        every other change (a backlog's 10,000 moved trailers, say) waits for the coalesced
        flush as before. In an alarm storm, a full flush per alarm was most of the console's
        time while it caught up."""
        pending, state = self._pending, self.state
        if state is None:
            return
        their_locks: set[str] = set()
        for alarm_id in pending.alarms:
            alarm = state.alarms.get(alarm_id) or self.resolved_alarms.get(alarm_id)
            if alarm is not None:
                their_locks.add(alarm.lock_id)
        for request_id in pending.unlock_requests:
            request = state.unlock_requests.get(request_id)
            if request is not None:
                their_locks.add(request.lock_id)
        urgent = Changes(locks=pending.locks & their_locks, alarms=pending.alarms,
                         unlock_requests=pending.unlock_requests)
        pending.locks -= urgent.locks
        pending.alarms = set()
        pending.unlock_requests = set()
        self._announce(urgent)
        if pending and not self._flush_timer.isActive():
            self._flush_timer.start()

    def _announce(self, pending: Changes) -> None:
        status_changed: set[str] = set()
        if self.state is not None and (pending.locks or pending.alarms):
            status_changed = self.board.update(self.state.locks, self.state.alarms,
                                               pending.locks, pending.alarms, self.clock())
        status_changed |= self._stale_now()
        if pending.locks:
            self.locksChanged.emit(sorted(pending.locks))
        if pending.trailers:
            self.trailersChanged.emit(sorted(pending.trailers))
        if pending.drivers:
            self.driversChanged.emit(sorted(pending.drivers))
        if pending.alarms:
            self.alarmsChanged.emit(sorted(pending.alarms))
        if pending.unlock_requests:
            self.unlockRequestsChanged.emit(sorted(pending.unlock_requests))
        if status_changed:
            self.statusChanged.emit(sorted(status_changed))

    @Slot()
    def refresh_stale(self) -> None:
        """Announce trailers whose last fix became too old (checked at most every
        ``stale_check_s``; call it from a clock tick)."""
        changed = self._stale_now()
        if changed:
            self.statusChanged.emit(sorted(changed))

    def _stale_now(self) -> set[str]:
        now = self.clock()
        if self.state is None or now - self._stale_checked < self.stale_check_s:
            return set()
        self._stale_checked = now
        return self.board.refresh_time(self.state.locks, now)

    def _maybe_checkpoint(self) -> None:
        now = self.clock()
        if self.journal is not None and self.state is not None \
                and now - self._last_checkpoint >= self._checkpoint_every_s:
            self._last_checkpoint = now
            self.journal.checkpoint(self.state)


def _runs(events: list[Any]) -> Iterator[Any]:
    """The events in order, consecutive positions events grouped in a list (applied at once),
    any other event alone."""
    run: list[PositionsEvent] = []
    for event in events:
        if isinstance(event, PositionsEvent):
            run.append(event)
            continue
        if run:
            yield run
            run = []
        yield event
    if run:
        yield run
