"""The fleet as a plain data structure, and the one reducer that applies stream events to it.

Both the reference cloud (its published state) and the console's store fold the same events with
:meth:`FleetState.apply`, so "the console agrees with the server" is a comparison of two values.
No I/O, no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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
        once, for its last fix of the run. A console catching up on a backlog (a burst, a
        reconnection) applies each lock's hundred fixes as one."""
        if not events:
            return Changes()
        for k, ev in enumerate(events):
            if ev.seq != self.seq + 1 + k:
                raise SequenceError(self.seq + 1 + k, ev.seq)
        if len(events) == 1:
            changes = self._apply(events[0])
            self.seq = events[0].seq
            self.hash = events[0].hash or None
            return changes
        latest: dict[str, Any] = {}
        newest: dict[str, float] = {}
        newest_get = newest.get
        for ev in events:
            for row in ev.rows:
                lock_id, ts = row[0], row[1]
                latest[lock_id] = row  # the last fix wins the position...
                if ts > newest_get(lock_id, -1.0):  # ...the newest one the last contact
                    newest[lock_id] = ts
        ch = Changes()
        find = self.locks.get
        touch = ch.locks.add
        for lock_id, (_, ts, lat, lon, speed, heading) in latest.items():
            lock = find(lock_id)
            if lock is None:
                continue
            fields = lock.__dict__
            fields["position"] = _position(ts, lat, lon, speed, heading)
            fields["gps_ok"] = True
            newest_ts = newest[lock_id]
            if newest_ts > fields["last_contact"]:  # noqa: PLR1730 (max() is slower here)
                fields["last_contact"] = newest_ts
            touch(lock_id)
        self.seq = events[-1].seq
        self.hash = events[-1].hash or None
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
