"""The fleet as a plain data structure, and the one reducer that applies stream events to it.

Both the reference cloud (its published state) and the console's store fold the same events with
:meth:`FleetState.apply`, so "the console agrees with the server" is a comparison of two values.
No I/O, no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from opticallock.protocol import (
    Alarm,
    AlarmAcknowledgedEvent,
    AlarmEscalatedEvent,
    AlarmNoteEvent,
    AlarmNotifiedEvent,
    AlarmOwnerEvent,
    AlarmRaisedEvent,
    AlarmRepeatedEvent,
    AlarmResolvedEvent,
    AlarmSeenEvent,
    AlarmState,
    AlarmStepEvent,
    BatteryLowEvent,
    Carrier,
    Driver,
    DriverAppEvent,
    DriverCallEvent,
    DriverMessageEvent,
    EscalationPolicies,
    FiberEvent,
    FleetSnapshot,
    GeofenceEnterEvent,
    GeofenceExitEvent,
    GpsLostEvent,
    GpsRegainedEvent,
    Lock,
    LockStateEvent,
    PoliciesChangedEvent,
    Position,
    PositionsEvent,
    SealAction,
    SealEvent,
    TamperEvent,
    Trailer,
    TripEvent,
    UnlockRequest,
    UnlockRequestEvent,
    UnlockRequestState,
)

_POSITION_FIELDS = frozenset(Position.model_fields)
_lock_id_of = itemgetter(0)
_ts_of = itemgetter(1)
_new_position = Position.__new__
_set_attr = object.__setattr__


def _position(ts: float, lat: float, lon: float, speed: float, heading: float) -> Position:
    """A Position from already validated values, three times cheaper than ``model_construct``
    (it fills what ``model_construct`` fills: the fields, which are all set, no extras)."""
    position = _new_position(Position)
    _set_attr(position, "__dict__", {"ts": ts, "lat": lat, "lon": lon, "speed_kmh": speed,
                                     "heading_deg": heading})
    _set_attr(position, "__pydantic_fields_set__", set(_POSITION_FIELDS))
    _set_attr(position, "__pydantic_extra__", None)
    _set_attr(position, "__pydantic_private__", None)
    return position


class SequenceError(ValueError):
    """An event was offered out of order: the caller must backfill or resync first."""

    def __init__(self, expected: int, got: int) -> None:
        super().__init__(f"expected seq {expected}, got {got}")
        self.expected = expected
        self.got = got


@dataclass
class Changes:
    """What one applied event touched, so observers can update only that."""

    locks: set[str] = field(default_factory=set)
    trailers: set[str] = field(default_factory=set)
    drivers: set[str] = field(default_factory=set)
    alarms: set[str] = field(default_factory=set)
    #: Alarms that left the open set with this event (resolved), by id.
    resolved: dict[str, Alarm] = field(default_factory=dict)
    #: Unlock requests made, decided, used or expired, by id.
    unlock_requests: set[str] = field(default_factory=set)

    def merge(self, other: Changes) -> None:
        self.locks |= other.locks
        self.trailers |= other.trailers
        self.drivers |= other.drivers
        self.alarms |= other.alarms
        self.resolved.update(other.resolved)
        self.unlock_requests |= other.unlock_requests

    def __bool__(self) -> bool:
        return bool(self.locks or self.trailers or self.drivers or self.alarms or self.resolved
                    or self.unlock_requests)


class PositionsRun:
    """Consecutive positions events folded as they are read: each lock's last fix, and its
    newest fix time, with the run's seqs and the chain hash of its last event.

    A console catching up on a backlog (a burst, a reconnection) reads a million fixes in a
    few seconds; folding each event into the run as it arrives keeps one row per lock alive
    instead of every row until the batch is applied, and :meth:`FleetState.apply_run` then
    leaves the state applying the events one by one would. It stands in the list of events
    handed to the store (``type`` "positions", ``seq`` its last seq, ``seqs`` all of them);
    ``fixes`` counts the rows folded.
    """

    type = "positions"
    __slots__ = ("_last_ts", "events", "first_seq", "fixes", "hash", "latest", "newest",
                 "others", "seq", "ts")

    def __init__(self, event: PositionsEvent) -> None:
        self.first_seq = event.seq
        self.seq = event.seq - 1
        self.ts = event.ts
        self.hash = ""
        self.events = 0
        self.fixes = 0
        #: Each lock's last fix (lock id -> row), in the order locks first appeared.
        self.latest: dict[str, Any] = {}
        #: Each lock's newest fix time; None while the rows came in time order (as a log's
        #: do), where a lock's last fix is its newest.
        self.newest: dict[str, float] | None = None
        #: The newest fix time of the run so far.
        self._last_ts = -1.0
        #: Events of the run's span that are not positions but change nothing a fix changes
        #: (:meth:`absorbs`), in their order: applied after the fixes, as applying them in
        #: between would leave the same state.
        self.others: list[Any] = []
        self.add(event)

    @classmethod
    def of(cls, events: list[PositionsEvent]) -> PositionsRun:
        run = cls(events[0])
        for event in events[1:]:
            run.add(event)
        return run

    @classmethod
    def restored(cls, *, first_seq: int, seq: int, ts: float, hash: str, events: int,
                 fixes: int, latest: dict[str, Any], newest: dict[str, float] | None,
                 others: list[Any]) -> PositionsRun:
        """A run as it was kept (a journal's record of one): its span, each lock's last fix
        and, when the rows were not in time order, each lock's newest fix time, and the events
        it absorbed. It is for applying; it takes no more events."""
        if seq < first_seq:
            raise ValueError(f"a run of seqs {first_seq}-{seq}")
        if newest is not None and newest.keys() != latest.keys():
            raise ValueError("a run's newest fix times must name the locks of its fixes")
        run = cls.__new__(cls)
        run.first_seq, run.seq, run.ts, run.hash = first_seq, seq, ts, hash
        run.events, run.fixes = events, fixes
        run.latest, run.newest, run.others = latest, newest, others
        run._last_ts = max(newest.values() if newest is not None else
                           (row[1] for row in latest.values()), default=-1.0)
        return run

    @property
    def seqs(self) -> range:
        return range(self.first_seq, self.seq + 1)

    def absorbs(self, event: Any) -> bool:
        """Whether ``event`` (the next seq) can join the run: it changes nothing a fix changes
        (a fix sets a lock's position and GPS flag and raises its last contact; these set
        fiber, battery, geofence, trip, seal or driver fields, or raise the last contact too),
        so the fixes may be applied before it. A backlog's geofence crossings and fiber
        samples then no longer cut a batch's fixes into runs applied one after another."""
        return event.seq == self.seq + 1 and isinstance(event, _COMMUTES_WITH_FIXES)

    def absorb(self, event: Any) -> None:
        """Add the next event, one :meth:`absorbs` accepts, to the run's span."""
        if not self.absorbs(event):
            raise ValueError(f"event {event.seq} ({event.type}) cannot join {self!r}")
        self.others.append(event)
        self.seq = event.seq
        self.ts = event.ts
        self.hash = event.hash
        self.events += 1

    def add(self, event: PositionsEvent) -> None:
        """Fold the next event in (its seq must follow the run's)."""
        if event.seq != self.seq + 1:
            raise SequenceError(self.seq + 1, event.seq)
        rows = event.rows
        if rows:
            stamps = list(map(_ts_of, rows))
            newest = self.newest
            if stamps[0] >= self._last_ts and stamps == sorted(stamps):
                # In time order, and newer than every fix before: each lock's last fix here
                # is its newest (the usual case: a log is written in time order).
                if newest is not None:
                    newest.update(zip(map(_lock_id_of, rows), stamps, strict=True))
                self._last_ts = stamps[-1]
            else:
                if newest is None:  # keep each lock's newest time apart from here on
                    newest = self.newest = {lock_id: row[1]
                                            for lock_id, row in self.latest.items()}
                get = newest.get
                for lock_id, ts in zip(map(_lock_id_of, rows), stamps, strict=True):
                    if ts > get(lock_id, -1.0):
                        newest[lock_id] = ts
                top = max(stamps)
                self._last_ts = max(self._last_ts, top)
            self.latest.update(zip(map(_lock_id_of, rows), rows, strict=True))
            self.fixes += len(rows)
        self.seq = event.seq
        self.ts = event.ts
        self.hash = event.hash
        self.events += 1

    def __repr__(self) -> str:
        return (f"PositionsRun(seqs {self.first_seq}-{self.seq}, {self.fixes} fixes of "
                f"{len(self.latest)} locks)")


#: The events that change nothing a fix changes (see :meth:`PositionsRun.absorbs`).
_COMMUTES_WITH_FIXES = (FiberEvent, GeofenceEnterEvent, GeofenceExitEvent, BatteryLowEvent,
                        TripEvent, DriverAppEvent, SealEvent)


def seqs_of(item: Any) -> range:
    """The seqs an item of a batch handed to the store stands for: a run's, or the event's."""
    if isinstance(item, PositionsRun):
        return item.seqs
    return range(item.seq, item.seq + 1)


@dataclass
class FleetState:
    """One carrier's live fleet: trailers, locks, drivers and unresolved alarms at ``seq``."""

    carrier: Carrier
    seq: int = 0
    #: The chain hash of the event at ``seq`` (None: not known, e.g. a snapshot from an older
    #: server): the next event's ``prev_hash`` must equal it, or the log has forked.
    hash: str | None = None
    trailers: dict[str, Trailer] = field(default_factory=dict)
    locks: dict[str, Lock] = field(default_factory=dict)
    drivers: dict[str, Driver] = field(default_factory=dict)
    alarms: dict[str, Alarm] = field(default_factory=dict)
    #: Unlock requests waiting for a decision, or approved and not yet used or expired.
    unlock_requests: dict[str, UnlockRequest] = field(default_factory=dict)
    #: The carrier's alarm policies and call lists in force (None: the cloud's defaults).
    policies: EscalationPolicies | None = None

    @classmethod
    def from_snapshot(cls, snapshot: FleetSnapshot, *, adopt: bool = False) -> FleetState:
        """The state at the snapshot's seq. The state is mutated in place, so it deep-copies
        the snapshot's objects, unless ``adopt``: the caller hands over a snapshot nobody else
        holds (one just parsed), and its objects become the state's (at 10,000 trailers the
        copy costs more than parsing the JSON did)."""
        if adopt:
            return cls(
                carrier=snapshot.carrier, seq=snapshot.seq, hash=snapshot.head_hash,
                trailers={t.id: t for t in snapshot.trailers},
                locks={lk.id: lk for lk in snapshot.locks},
                drivers={d.id: d for d in snapshot.drivers},
                alarms={a.id: a for a in snapshot.alarms},
                unlock_requests={r.id: r for r in snapshot.unlock_requests},
                policies=snapshot.policies,
            )
        return cls(
            carrier=snapshot.carrier,
            seq=snapshot.seq,
            hash=snapshot.head_hash,
            trailers={t.id: t.model_copy(deep=True) for t in snapshot.trailers},
            locks={lk.id: lk.model_copy(deep=True) for lk in snapshot.locks},
            drivers={d.id: d.model_copy(deep=True) for d in snapshot.drivers},
            alarms={a.id: a.model_copy(deep=True) for a in snapshot.alarms},
            unlock_requests={r.id: r.model_copy(deep=True) for r in snapshot.unlock_requests},
            policies=snapshot.policies.model_copy(deep=True) if snapshot.policies else None,
        )

    def snapshot(self, server_time: float) -> FleetSnapshot:
        return FleetSnapshot(
            seq=self.seq,
            head_hash=self.hash,
            server_time=server_time,
            carrier=self.carrier,
            trailers=list(self.trailers.values()),
            locks=list(self.locks.values()),
            drivers=list(self.drivers.values()),
            alarms=list(self.alarms.values()),
            unlock_requests=list(self.unlock_requests.values()),
            policies=self.policies,
        )

    def comparable(self) -> dict[str, Any]:
        """A plain-data view for equality checks between two states (tests, diagnostics)."""
        return {
            "seq": self.seq,
            "trailers": {k: v.model_dump() for k, v in sorted(self.trailers.items())},
            "locks": {k: v.model_dump() for k, v in sorted(self.locks.items())},
            "drivers": {k: v.model_dump() for k, v in sorted(self.drivers.items())},
            "alarms": {k: v.model_dump() for k, v in sorted(self.alarms.items())},
            "unlock_requests": {k: v.model_dump()
                                for k, v in sorted(self.unlock_requests.items())},
        }

    # ------------------------------------------------------------------ reducer

    def apply(self, event: Any) -> Changes:
        """Apply the next event (its seq must be ``self.seq + 1``) and say what changed."""
        if event.seq != self.seq + 1:
            raise SequenceError(self.seq + 1, event.seq)
        changes = self._apply(event)
        self.seq = event.seq
        self.hash = getattr(event, "hash", None) or None
        return changes

    def skip(self, seq: int, chain_hash: str | None) -> None:
        """Step over the event at ``seq`` (the next one) without applying it: one the console
        could not decode, set aside. Its chain hash still links the next event."""
        if seq != self.seq + 1:
            raise SequenceError(self.seq + 1, seq)
        self.seq = seq
        self.hash = chain_hash

    def apply_positions(self, events: list[PositionsEvent]) -> Changes:
        """Apply consecutive positions events (seqs ``self.seq + 1`` on) at once: the state
        they leave is the one applying them one by one leaves, but each lock's Position is built
        once, for its last fix of the run."""
        if not events:
            return Changes()
        if len(events) == 1:
            if events[0].seq != self.seq + 1:
                raise SequenceError(self.seq + 1, events[0].seq)
            changes = self._apply(events[0])
            self.seq = events[0].seq
            self.hash = events[0].hash or None
            return changes
        return self.apply_run(PositionsRun.of(events))

    def apply_run(self, run: PositionsRun) -> Changes:
        """Apply a run of positions events folded as they were read (its first seq must be
        ``self.seq + 1``): each lock's last fix becomes its position, its newest fix time its
        last contact, then the other events it absorbed, in order: the state applying its
        events one by one would leave."""
        if run.first_seq != self.seq + 1:
            raise SequenceError(self.seq + 1, run.first_seq)
        ch = Changes()
        find = self.locks.get
        touch = ch.locks.add
        newest = run.newest
        for lock_id, (_, ts, lat, lon, speed, heading) in run.latest.items():
            lock = find(lock_id)
            if lock is None:
                continue
            fields = lock.__dict__
            fields["position"] = _position(ts, lat, lon, speed, heading)
            fields["gps_ok"] = True
            newest_ts = ts if newest is None else newest[lock_id]
            if newest_ts > fields["last_contact"]:  # noqa: PLR1730 (max() is slower here)
                fields["last_contact"] = newest_ts
            touch(lock_id)
        for event in run.others:
            ch.merge(self._apply(event))
        self.seq = run.seq
        self.hash = run.hash or None
        return ch

    def _apply(self, ev: Any) -> Changes:
        ch = Changes()
        match ev:
            case PositionsEvent():
                # The hot loop of the whole console (10,000 rows a second, a million in a
                # burst): rows were validated when the frame was decoded, so each fix becomes a
                # Position without validating again, and the lock's fields are written straight
                # into its __dict__ (pydantic's __setattr__ costs more than the rest together).
                find = self.locks.get
                touch = ch.locks.add
                for lock_id, ts, lat, lon, speed, heading in ev.rows:
                    lock = find(lock_id)
                    if lock is None:
                        continue
                    fields = lock.__dict__
                    fields["position"] = _position(ts, lat, lon, speed, heading)
                    fields["gps_ok"] = True
                    if ts > fields["last_contact"]:  # noqa: PLR1730 (max() is slower here)
                        fields["last_contact"] = ts
                    touch(lock_id)
            case FiberEvent():
                locks = self.locks
                for lock_id, ts, dbm, battery in ev.rows:
                    lock = locks.get(lock_id)
                    if lock is None:
                        continue
                    lock.fiber_dbm = dbm
                    lock.battery_pct = battery
                    lock.last_contact = max(lock.last_contact, ts)
                    ch.locks.add(lock_id)
            case LockStateEvent():
                lock = self.locks.get(ev.lock_id)
                if lock is not None:
                    lock.state = ev.state
                    if ev.position is not None:
                        lock.position = ev.position
                    lock.last_contact = max(lock.last_contact, ev.ts)
                    ch.locks.add(ev.lock_id)
            case TamperEvent():
                lock = self.locks.get(ev.lock_id)
                if lock is not None:
                    if ev.fiber_dbm is not None:
                        lock.fiber_dbm = ev.fiber_dbm
                    lock.last_contact = max(lock.last_contact, ev.ts)
                    ch.locks.add(ev.lock_id)
            case AlarmRaisedEvent():
                self.alarms[ev.alarm.id] = ev.alarm.model_copy(deep=True)
                ch.alarms.add(ev.alarm.id)
                ch.locks.add(ev.alarm.lock_id)
            case AlarmRepeatedEvent():
                alarm = self.alarms.get(ev.alarm_id)
                if alarm is not None:
                    alarm.count = ev.count
                    alarm.last_at = ev.last_at
                    ch.alarms.add(ev.alarm_id)
            case AlarmAcknowledgedEvent():
                alarm = self.alarms.get(ev.alarm_id)
                if alarm is not None:
                    alarm.state = AlarmState.ACKNOWLEDGED
                    alarm.acknowledged_by = ev.by
                    alarm.acknowledged_at = ev.at
                    alarm.ack_note = ev.note
                    ch.alarms.add(ev.alarm_id)
                    ch.locks.add(alarm.lock_id)
            case AlarmResolvedEvent():
                alarm = self.alarms.pop(ev.alarm_id, None)
                if alarm is not None:
                    alarm.state = AlarmState.RESOLVED
                    alarm.resolved_by = ev.by
                    alarm.resolved_at = ev.at
                    alarm.outcome = ev.outcome
                    alarm.resolve_note = ev.note
                    alarm.skipped_steps = list(ev.skipped)
                    ch.resolved[alarm.id] = alarm
                    ch.alarms.add(ev.alarm_id)
                    ch.locks.add(alarm.lock_id)
            case AlarmStepEvent():
                alarm = self.alarms.get(ev.alarm_id)
                if alarm is not None:
                    ids = [st.step_id for st in alarm.steps]
                    step = ev.step.model_copy()
                    if step.step_id in ids:  # keep the plan's order: replace in place
                        alarm.steps = [step if st.step_id == step.step_id else st
                                       for st in alarm.steps]
                    else:
                        alarm.steps = [*alarm.steps, step]
                    ch.alarms.add(ev.alarm_id)
            case AlarmEscalatedEvent():
                alarm = self.alarms.get(ev.alarm_id)
                if alarm is not None and ev.level > alarm.escalation_level:
                    alarm.escalation_level = ev.level
                    alarm.escalated_at = ev.at
                    ch.alarms.add(ev.alarm_id)
            case AlarmOwnerEvent():
                alarm = self.alarms.get(ev.alarm_id)
                if alarm is not None:
                    alarm.owner = ev.owner
                    alarm.owned_at = ev.at if ev.owner is not None else None
                    ch.alarms.add(ev.alarm_id)
            case AlarmNoteEvent():
                alarm = self.alarms.get(ev.alarm_id)
                if alarm is not None:
                    alarm.notes = [*alarm.notes, ev.note]
                    ch.alarms.add(ev.alarm_id)
            case AlarmNotifiedEvent():
                alarm = self.alarms.get(ev.alarm_id)
                if alarm is not None:
                    alarm.notifications = [*alarm.notifications, ev.notification]
                    ch.alarms.add(ev.alarm_id)
            case PoliciesChangedEvent():
                self.policies = ev.policies
            case AlarmSeenEvent():
                alarm = self.alarms.get(ev.alarm_id)
                if alarm is not None and ev.by not in alarm.seen_by:
                    alarm.seen_by = [*alarm.seen_by, ev.by]
                    ch.alarms.add(ev.alarm_id)
            case BatteryLowEvent():
                lock = self.locks.get(ev.lock_id)
                if lock is not None:
                    lock.battery_pct = ev.battery_pct
                    ch.locks.add(ev.lock_id)
            case GpsLostEvent():
                lock = self.locks.get(ev.lock_id)
                if lock is not None:
                    lock.gps_ok = False
                    ch.locks.add(ev.lock_id)
            case GpsRegainedEvent():
                lock = self.locks.get(ev.lock_id)
                if lock is not None:
                    lock.gps_ok = True
                    lock.position = ev.position
                    ch.locks.add(ev.lock_id)
            case GeofenceEnterEvent():
                lock = self.locks.get(ev.lock_id)
                if lock is not None:
                    lock.geofence_id = ev.geofence_id
                    ch.locks.add(ev.lock_id)
            case GeofenceExitEvent():
                lock = self.locks.get(ev.lock_id)
                if lock is not None and lock.geofence_id == ev.geofence_id:
                    lock.geofence_id = None
                    ch.locks.add(ev.lock_id)
            case DriverAppEvent():
                driver = self.drivers.get(ev.driver_id)
                if driver is not None:
                    driver.app_online = ev.online
                    ch.drivers.add(ev.driver_id)
            case TripEvent():
                trailer = self.trailers.get(ev.trip.trailer_id)
                if trailer is not None:
                    trailer.trip = ev.trip.model_copy()  # flat: a shallow copy does not alias
                    ch.trailers.add(trailer.id)
                    if ev.driver_id is not None and trailer.driver_id != ev.driver_id:
                        old = self.drivers.get(trailer.driver_id or "")
                        if old is not None and old.trailer_id == trailer.id:
                            old.trailer_id = None
                            ch.drivers.add(old.id)
                        trailer.driver_id = ev.driver_id
                        new = self.drivers.get(ev.driver_id)
                        if new is not None:
                            new.trailer_id = trailer.id
                            ch.drivers.add(new.id)
            case SealEvent():
                # The lock carries the number of the seal fitted now; the custody chain itself
                # is history (GET /seals/{number}), not fleet state.
                fitted = (ev.seal.number if ev.action is SealAction.APPLIED
                          else ev.replaced_by if ev.action is SealAction.REPLACED else None)
                lock = self.locks.get(ev.lock_id or "")
                if fitted is not None and lock is not None and lock.seal_id != fitted:
                    lock.seal_id = fitted
                    ch.locks.add(lock.id)
            case UnlockRequestEvent():
                request = ev.request
                if request.state in (UnlockRequestState.PENDING, UnlockRequestState.APPROVED):
                    self.unlock_requests[request.id] = request.model_copy()
                else:
                    self.unlock_requests.pop(request.id, None)
                ch.unlock_requests.add(request.id)
            case DriverMessageEvent() | DriverCallEvent():
                pass  # conversations are not fleet state; observers read the event itself
            case _:
                pass  # an event that changes no fleet state: the seq still moves
        return ch
