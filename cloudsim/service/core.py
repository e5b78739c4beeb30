"""The cloud's core: carriers, their logs and fleet state, reading, logging and batching
telemetry, and the one way a dispatcher's action is done once per ``request_id``.

:class:`ServiceCore` is the base of :class:`~cloudsim.service.CloudService`; the accounts, the
device reports, the alarm actions and the driver contacts are its subclasses, one a module.
It runs on the server's event loop thread and does no network I/O.
"""

from __future__ import annotations

import json
import logging
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel

from cloudsim.db import Database
from cloudsim.devices import CarrierFleet, FleetDefinition
from cloudsim.eventlog import CarrierLog
from cloudsim.geofencing import GeofenceIndex
from cloudsim.service.policy_defaults import default_policies
from opticallock.fleet import Changes, FleetState
from opticallock.protocol import (
    ALARM_PRIORITY,
    ActionPlans,
    Alarm,
    AlarmPolicy,
    AlarmRaisedEvent,
    AlarmRepeatedEvent,
    AlarmState,
    AlarmType,
    Carrier,
    ConflictBody,
    Driver,
    DriverMessage,
    EscalationPolicies,
    EventBase,
    FiberEvent,
    FleetSnapshot,
    Geofence,
    GeofenceKind,
    Lock,
    LockState,
    PositionsEvent,
    Trailer,
    Trip,
    User,
)

log = logging.getLogger(__name__)

BATTERY_LOW_PCT = 15.0
BATTERY_OK_PCT = 20.0
#: At most this many telemetry rows go in one logged event (keeps a frame well under 1 MiB).
MAX_ROWS_PER_EVENT = 5000

#: Who acts when the cloud itself does (escalations, notifications, releasing stale owners).
CLOUD = "cloud"

#: What a dispatcher's action answers with (an alarm, a message, a call record).
Answer = TypeVar("Answer", bound=BaseModel)


@dataclass(frozen=True)
class Principal:
    """An authenticated dispatcher: who, and which carrier's data they may see."""

    username: str
    display_name: str
    carrier_id: str


class ApiError(Exception):
    """A refused request: the HTTP layer turns it into ``status`` with an ErrorBody."""

    def __init__(self, status: int, error: str, message: str, body: ConflictBody | None = None,
                 headers: dict[str, str] | None = None, detail: Any = None) -> None:
        super().__init__(message)
        self.status = status
        self.error = error
        self.message = message
        self.body = body
        #: Headers the answer carries (``Retry-After`` on a 429).
        self.headers = headers
        #: The ErrorBody's ``detail`` (a 422's problems, each ``{"where", "problem"}``).
        self.detail = detail


def _iso(ts: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(ts))


class ServiceCore:
    """What every part of the cloud shares: the carriers, their logs and fleet state."""

    def __init__(self, db: Database, definition: FleetDefinition,
                 clock: Callable[[], float] = time.time) -> None:
        self.db = db
        self.clock = clock
        self.logs: dict[str, CarrierLog] = {}
        self.lock_carrier: dict[str, str] = {}
        self.driver_carrier: dict[str, str] = {}
        self.trailer_of_lock: dict[str, str] = {}
        self._pending_positions: dict[str, list[tuple[str, float, float, float, float, float]]] = {}
        self._pending_fiber: dict[str, list[tuple[str, float, float, float]]] = {}
        #: Carriers whose batched telemetry the periodic flush holds back (see telemetry_held).
        self._held: set[str] = set()
        #: Each carrier's alarm policies in force (read from SQLite once, kept on change).
        self._policies: dict[str, EscalationPolicies] = {}
        #: Each carrier's action plans in force (service/plans.py; read from SQLite once).
        self._action_plans: dict[str, ActionPlans] = {}
        db.execute("CREATE TABLE IF NOT EXISTS action_plans (carrier_id TEXT PRIMARY KEY, "
                   "version INTEGER NOT NULL, body TEXT NOT NULL)")
        self._battery_low: set[str] = set()
        self._gps_lost: set[str] = set()
        #: Called with every new dispatcher message (the simulated driver app listens here).
        self.message_listeners: list[Callable[[DriverMessage], None]] = []
        self.definition = self._load_or_store_definition(definition)
        self.geofences: list[Geofence] = list(self.definition.geofences)
        self.geofence_index = GeofenceIndex(self.geofences)
        for cf in self.definition.carriers:
            state = self._restore_state(cf)
            self.logs[cf.carrier_id] = CarrierLog(db, state, on_applied=self._on_applied)
            for trailer in cf.trailers:
                self.lock_carrier[trailer.lock_id] = cf.carrier_id
                self.trailer_of_lock[trailer.lock_id] = trailer.id
            for driver in cf.drivers:
                self.driver_carrier[driver.id] = cf.carrier_id
            self._pending_positions[cf.carrier_id] = []
            self._pending_fiber[cf.carrier_id] = []
            self._catch_up(self.logs[cf.carrier_id])
            # Thresholds already crossed before a restart must not fire again.
            for lock in self.logs[cf.carrier_id].state.locks.values():
                if lock.battery_pct <= BATTERY_OK_PCT:
                    self._battery_low.add(lock.id)
                if not lock.gps_ok:
                    self._gps_lost.add(lock.id)

    # ------------------------------------------------------------------ setup and persistence

    def _load_or_store_definition(self, definition: FleetDefinition) -> FleetDefinition:
        stored = self.db.get_meta("fleet")
        if stored is not None:
            return _definition_from_json(stored)
        self.db.set_meta("fleet", _definition_to_json(definition))
        for cf in definition.carriers:
            self.db.execute("INSERT OR IGNORE INTO carriers (id, name) VALUES (?, ?)",
                            (cf.carrier_id, cf.carrier_name))
        return definition

    def _restore_state(self, cf: Any) -> FleetState:
        stored = self.db.get_meta(f"state:{cf.carrier_id}")
        if stored is not None:
            return FleetState.from_snapshot(FleetSnapshot.model_validate_json(stored), adopt=True)
        now = self.clock()
        carrier = Carrier(id=cf.carrier_id, name=cf.carrier_name)
        state = FleetState(carrier=carrier)
        for trailer in cf.trailers:
            seal_id, baseline, battery = cf.locks[trailer.lock_id]
            # Flat until a trip is announced (the reducer replaces trips, never edits them).
            state.trailers[trailer.id] = trailer.model_copy(deep=trailer.trip is not None)
            state.locks[trailer.lock_id] = Lock(
                id=trailer.lock_id, trailer_id=trailer.id, seal_id=seal_id,
                state=LockState.LOCKED, fiber_dbm=baseline, fiber_baseline_dbm=baseline,
                battery_pct=battery, last_contact=now,
            )
        for driver in cf.drivers:
            state.drivers[driver.id] = driver.model_copy()  # flat: nothing to alias
        return state

    def _catch_up(self, clog: CarrierLog) -> None:
        """Re-apply logged events newer than the saved state (after a crash or restart)."""
        while clog.state.seq < clog.head_seq:
            events = clog.events_after(clog.state.seq, 1000)
            if not events:
                break
            for ev in events:
                clog.state.apply(ev)

    def checkpoint(self) -> None:
        """Persist each carrier's published state so a restart needs to replay only the tail."""
        now = self.clock()
        for cid, clog in self.logs.items():
            if cid not in self._held:
                self.flush(cid)
            self.db.set_meta(f"state:{cid}", clog.state.snapshot(now).model_dump_json())

    # ------------------------------------------------------------------ reading

    def carrier_ids(self) -> list[str]:
        return [cf.carrier_id for cf in self.definition.carriers]

    def log_for(self, who: Principal) -> CarrierLog:
        return self.logs[who.carrier_id]

    def snapshot(self, who: Principal) -> FleetSnapshot:
        clog = self.logs[who.carrier_id]
        snapshot = clog.state.snapshot(self.clock())
        snapshot.head_hash = clog.head_hash  # the state is at the log's head
        if snapshot.policies is None:  # never changed: the cloud's defaults are in force
            snapshot.policies = self.policies_of(who.carrier_id)
        return snapshot

    def policies_of(self, carrier_id: str) -> EscalationPolicies:
        """The carrier's alarm policies in force: its latest version, or the defaults."""
        policies = self._policies.get(carrier_id)
        if policies is None:
            row = self.db.one("SELECT body FROM policies WHERE carrier_id = ?", (carrier_id,))
            if row is not None:
                policies = EscalationPolicies.model_validate_json(row[0])
            else:
                carrier = self.logs[carrier_id].state.carrier
                policies = default_policies(carrier.id, carrier.name)
            self._policies[carrier_id] = policies
        return policies

    def policy(self, carrier_id: str, atype: AlarmType) -> AlarmPolicy:
        """The policy for one alarm type (a type its policies lack gets the default)."""
        for policy in self.policies_of(carrier_id).policies:
            if policy.alarm_type is atype:
                return policy
        carrier = self.logs[carrier_id].state.carrier
        return next(p for p in default_policies(carrier.id, carrier.name).policies
                    if p.alarm_type is atype)

    def lock(self, who: Principal, lock_id: str) -> Lock:
        lock = self.logs[who.carrier_id].state.locks.get(lock_id)
        if lock is None:
            raise ApiError(404, "not_found", f"No lock {lock_id!r} in your fleet.")
        return lock

    def driver(self, who: Principal, driver_id: str) -> Driver:
        driver = self.logs[who.carrier_id].state.drivers.get(driver_id)
        if driver is None:
            raise ApiError(404, "not_found", f"No driver {driver_id!r} in your fleet.")
        return driver

    def alarm(self, who: Principal, alarm_id: str) -> Alarm:
        row = self.db.one("SELECT body FROM alarms WHERE id = ? AND carrier_id = ?",
                          (alarm_id, who.carrier_id))
        if row is None:
            raise ApiError(404, "not_found", f"No alarm {alarm_id!r} for your carrier.")
        return Alarm.model_validate_json(row[0])

    def alarms(self, who: Principal, state: AlarmState | None, after: tuple[float, str] | None,
               limit: int) -> tuple[list[Alarm], tuple[float, str] | None]:
        sql = "SELECT body, raised_at, id FROM alarms WHERE carrier_id = ?"
        params: list[Any] = [who.carrier_id]
        if state is not None:
            sql += " AND state = ?"
            params.append(state.value)
        if after is not None:
            sql += " AND (raised_at < ? OR (raised_at = ? AND id < ?))"
            params += [after[0], after[0], after[1]]
        sql += " ORDER BY raised_at DESC, id DESC LIMIT ?"
        params.append(limit + 1)
        rows = self.db.all(sql, params)
        items = [Alarm.model_validate_json(r[0]) for r in rows[:limit]]
        nxt = (float(rows[limit - 1][1]), str(rows[limit - 1][2])) if len(rows) > limit else None
        return items, nxt

    def trips(self, who: Principal) -> list[Trip]:
        state = self.logs[who.carrier_id].state
        return [t.trip for t in state.trailers.values() if t.trip is not None]

    # ------------------------------------------------------------------ logging helpers

    def _current(self, cid: str, lock: Lock) -> tuple[str, Lock]:
        """Log the telemetry batched so far first, then the lock as it is now: a lock or tamper
        event comes after the fixes that led to it and carries the latest position."""
        self.flush(cid)
        return cid, self.logs[cid].state.locks.get(lock.id, lock)

    def _lock_ctx(self, lock_id: str) -> tuple[str, Lock] | None:
        cid = self.lock_carrier.get(lock_id)
        if cid is None:
            log.warning("report for unknown lock %s ignored", lock_id)
            return None
        return cid, self.logs[cid].state.locks[lock_id]

    def _raise_alarm(self, cid: str, lock: Lock, atype: AlarmType, ts: float, detail: str
                     ) -> None:
        """Raise an alarm, or merge it into the unresolved one of the same type on that lock."""
        state = self.logs[cid].state
        for alarm in state.alarms.values():
            if alarm.lock_id == lock.id and alarm.type == atype:
                self.emit(cid, AlarmRepeatedEvent(seq=1, ts=ts, alarm_id=alarm.id,
                                                  lock_id=lock.id, count=alarm.count + 1,
                                                  last_at=ts))
                self._store_alarm(state.alarms[alarm.id])
                return
        self.flush(cid)  # so raised_seq below is the seq this alarm's event will get
        # The flush applied the batched fixes: the alarm is where the trailer is now.
        lock = state.locks.get(lock.id, lock)
        trailer = state.trailers.get(lock.trailer_id)
        fence = self.geofence_index.fences.get(lock.geofence_id or "")
        alarm = Alarm(
            id=f"AL-{secrets.token_hex(4).upper()}", lock_id=lock.id, trailer_id=lock.trailer_id,
            type=atype, priority=ALARM_PRIORITY[atype], state=AlarmState.OPEN, raised_at=ts,
            raised_seq=self.logs[cid].head_seq + 1, last_at=ts, position=lock.position,
            detail=detail,
            covert=atype is AlarmType.DURESS or self.policy(cid, atype).covert,
            route=trailer.trip.route if trailer is not None and trailer.trip is not None
            else None,
            crossing_id=fence.id if fence is not None
            and fence.kind is GeofenceKind.BORDER_CROSSING else None,
        )
        self.emit(cid, AlarmRaisedEvent(seq=1, ts=ts, alarm=alarm))

    def _on_applied(self, event: Any, changes: Changes) -> None:
        if isinstance(event, AlarmRaisedEvent):
            self._store_alarm(event.alarm)

    def _store_alarm(self, alarm: Alarm) -> None:
        self.db.execute(
            "INSERT INTO alarms (id, carrier_id, lock_id, state, raised_at, body) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
            "state = excluded.state, body = excluded.body",
            (alarm.id, self.lock_carrier[alarm.lock_id], alarm.lock_id, alarm.state.value,
             alarm.raised_at, alarm.model_dump_json()),
        )

    def emit(self, carrier_id: str, event: EventBase) -> EventBase:
        """Log an event now, after any telemetry reported before it (keeps causal order)."""
        self.flush(carrier_id)
        return self.logs[carrier_id].append(event, self.clock())

    def head_seqs(self) -> tuple[int, ...]:
        """Each carrier's last logged seq: what changed since, tells whether anything was."""
        return tuple(clog.head_seq for clog in self.logs.values())

    def flush(self, carrier_id: str | None = None) -> None:
        """Log buffered telemetry as batched events (called by the server's tick, ~4 Hz).

        The tick's flush (no ``carrier_id``) skips carriers held by :meth:`telemetry_held`.
        """
        cids = [carrier_id] if carrier_id else [c for c in self.logs if c not in self._held]
        for cid in cids:
            clog = self.logs[cid]
            pos = self._pending_positions[cid]
            if pos:
                self._pending_positions[cid] = []
                for i in range(0, len(pos), MAX_ROWS_PER_EVENT):
                    chunk = pos[i:i + MAX_ROWS_PER_EVENT]
                    clog.append(PositionsEvent.model_construct(
                        seq=0, ts=chunk[-1][1], prev_hash="", hash="", type="positions",
                        rows=chunk), self.clock())
            fib = self._pending_fiber[cid]
            if fib:
                self._pending_fiber[cid] = []
                for i in range(0, len(fib), MAX_ROWS_PER_EVENT):
                    samples = fib[i:i + MAX_ROWS_PER_EVENT]
                    clog.append(FiberEvent.model_construct(
                        seq=0, ts=samples[-1][1], prev_hash="", hash="", type="fiber",
                        rows=samples), self.clock())

    @contextmanager
    def telemetry_held(self, carrier_id: str) -> Iterator[None]:
        """Log the telemetry buffered so far, then keep the tick's batches for this carrier
        back until the block ends: a burst written in slices stays one run of seqs. An event
        logged meanwhile still logs the fixes reported before it first (causal order wins)."""
        self.flush(carrier_id)
        self._held.add(carrier_id)
        try:
            yield
        finally:
            self._held.discard(carrier_id)

    def dispatchers(self, carrier_id: str) -> list[User]:
        """The carrier's dispatcher accounts, by username."""
        carrier = self.logs[carrier_id].state.carrier
        rows = self.db.all("SELECT username, display_name FROM accounts WHERE carrier_id = ? "
                           "ORDER BY username", (carrier_id,))
        return [User(username=str(r[0]), display_name=str(r[1]), carrier=carrier) for r in rows]

    def session_ends_at(self, username: str) -> float | None:
        """When the user's last session ended or will end (signed out, or its token expires);
        None if they never signed in. A time to come: they have a valid session now."""
        row = self.db.one(
            "SELECT MAX(CASE WHEN revoked THEN COALESCE(revoked_at, issued_at) ELSE expires_at "
            "END) FROM tokens WHERE username = ?", (username,))
        return None if row is None or row[0] is None else float(row[0])

    def _store_message(self, cid: str, msg: DriverMessage) -> None:
        self.db.execute(
            "INSERT INTO messages (id, carrier_id, driver_id, created_at, body) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET body = excluded.body",
            (msg.id, cid, msg.driver_id, msg.created_at, msg.model_dump_json()),
        )

    # ------------------------------------------------------------------ doing an action once

    def _once(self, who: Principal, request_id: str, action: str, target: str, status: int,
              act: Callable[[], Answer], then: Callable[[Answer], None] | None = None
              ) -> tuple[int, str]:
        """Do a dispatcher's ``action`` on ``target`` once per ``request_id``: ``act()`` the
        first time, answering ``status`` with what it returns; a retry (the console resends
        until it hears back) gets that same answer and acts no more, and ``then`` (run on the
        answer once it is stored) is not run again. A refusal (``ApiError`` from ``act``) is
        not stored, so a retry with the same request_id is judged afresh.
        """
        row = self.db.one(
            "SELECT action, target, status, response FROM requests "
            "WHERE carrier_id = ? AND request_id = ?",
            (who.carrier_id, request_id),
        )
        if row is not None:
            if row[0] != action or row[1] != target:
                raise ApiError(422, "request_id_reused",
                               f"request_id {request_id!r} was already used for another request.")
            return int(row[2]), str(row[3])
        answer = act()
        body = answer.model_dump_json()
        self.db.execute(
            "INSERT INTO requests (carrier_id, request_id, action, target, username, status, "
            "response) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (who.carrier_id, request_id, action, target, who.username, status, body),
        )
        if then is not None:
            then(answer)
        return status, body


# ---------------------------------------------------------------------- definition (de)serialising


def _definition_to_json(definition: FleetDefinition) -> str:
    return json.dumps({
        "carriers": [
            {
                "id": cf.carrier_id,
                "name": cf.carrier_name,
                "trailers": [t.model_dump(mode="json") for t in cf.trailers],
                "drivers": [d.model_dump(mode="json") for d in cf.drivers],
                "locks": {k: list(v) for k, v in cf.locks.items()},
            }
            for cf in definition.carriers
        ],
        "geofences": [g.model_dump(mode="json") for g in definition.geofences],
    })


def _definition_from_json(text: str) -> FleetDefinition:
    data = json.loads(text)
    return FleetDefinition(
        carriers=[
            CarrierFleet(
                carrier_id=c["id"],
                carrier_name=c["name"],
                trailers=[Trailer.model_validate(t) for t in c["trailers"]],
                drivers=[Driver.model_validate(d) for d in c["drivers"]],
                locks={k: (v[0], float(v[1]), float(v[2])) for k, v in c["locks"].items()},
            )
            for c in data["carriers"]
        ],
        geofences=[Geofence.model_validate(g) for g in data["geofences"]],
    )
