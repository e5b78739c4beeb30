"""The reference cloud's logic: accounts, carriers, alarm rules, dispatcher actions, messages.

The simulated devices report through the :class:`~cloudsim.devices.DeviceSink` methods; this
class turns reports into logged events (one :class:`~cloudsim.eventlog.CarrierLog` per carrier)
and applies the cloud's rules. It runs on the server's event loop thread and does no network I/O.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from cloudsim.db import Database
from cloudsim.devices import FleetDefinition
from cloudsim.eventlog import CarrierLog
from cloudsim.geofencing import GeofenceIndex
from opticallock.fleet import Changes, FleetState
from opticallock.protocol import (
    ALARM_PRIORITY,
    AcknowledgeRequest,
    Alarm,
    AlarmAcknowledgedEvent,
    AlarmAudit,
    AlarmEscalatedEvent,
    AlarmRaisedEvent,
    AlarmRepeatedEvent,
    AlarmResolvedEvent,
    AlarmSeenEvent,
    AlarmState,
    AlarmStep,
    AlarmStepEvent,
    AlarmType,
    BatteryLowEvent,
    CallRecordRequest,
    Carrier,
    ConflictBody,
    Driver,
    DriverAppEvent,
    DriverCall,
    DriverCallEvent,
    DriverMessage,
    DriverMessageEvent,
    EscalateRequest,
    EventBase,
    FiberEvent,
    FleetSnapshot,
    Geofence,
    GeofenceEnterEvent,
    GeofenceExitEvent,
    GpsLostEvent,
    GpsRegainedEvent,
    Lock,
    LockState,
    LockStateEvent,
    MessageDirection,
    MessageStatus,
    PositionsEvent,
    ResolveRequest,
    SeenRequest,
    SendMessageRequest,
    Session,
    StepRequest,
    TamperEvent,
    TamperKind,
    Trailer,
    Trip,
    TripEvent,
    User,
)

log = logging.getLogger(__name__)

TOKEN_TTL_S = 12 * 3600.0
BATTERY_LOW_PCT = 15.0
BATTERY_OK_PCT = 20.0
#: At most this many telemetry rows go in one logged event (keeps a frame well under 1 MiB).
MAX_ROWS_PER_EVENT = 5000

_TAMPER_ALARM = {
    TamperKind.FIBER_CUT: AlarmType.FIBER_CUT,
    TamperKind.FORCED_ENTRY: AlarmType.FORCED_ENTRY,
    TamperKind.FIBER_DEGRADED: AlarmType.FIBER_DEGRADED,
}


@dataclass(frozen=True)
class Principal:
    """An authenticated dispatcher: who, and which carrier's data they may see."""

    username: str
    display_name: str
    carrier_id: str


class ApiError(Exception):
    """A refused request: the HTTP layer turns it into ``status`` with an ErrorBody."""

    def __init__(self, status: int, error: str, message: str, body: ConflictBody | None = None
                 ) -> None:
        super().__init__(message)
        self.status = status
        self.error = error
        self.message = message
        self.body = body


def _hash_password(password: str, salt: bytes) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=2**14, r=8, p=1, dklen=32)


def _token_sha(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _iso(ts: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(ts))


class CloudService:
    """One cloud: several carriers, their logs, and the rules that feed them."""

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

    # ------------------------------------------------------------------ accounts and sessions

    def carrier_ids(self) -> list[str]:
        return [cf.carrier_id for cf in self.definition.carriers]

    def add_account(self, username: str, password: str, carrier_id: str | None = None,
                    display_name: str | None = None) -> None:
        """Create or update an account (its password is stored as a salted scrypt hash)."""
        cid = carrier_id or self.carrier_ids()[0]
        if cid not in self.logs:
            raise ValueError(f"unknown carrier {cid!r} (known: {', '.join(self.carrier_ids())})")
        salt = secrets.token_bytes(16)
        self.db.execute(
            "INSERT INTO accounts (username, display_name, carrier_id, salt, pw_hash) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(username) DO UPDATE SET "
            "display_name = excluded.display_name, carrier_id = excluded.carrier_id, "
            "salt = excluded.salt, pw_hash = excluded.pw_hash",
            (username, display_name or username, cid, salt, _hash_password(password, salt)),
        )

    def has_accounts(self) -> bool:
        return self.db.one("SELECT 1 FROM accounts LIMIT 1") is not None

    def login(self, username: str, password: str) -> Session:
        row = self.db.one(
            "SELECT display_name, carrier_id, salt, pw_hash FROM accounts WHERE username = ?",
            (username,),
        )
        # Hash even for an unknown user so timing does not reveal which usernames exist.
        salt = row[2] if row else b"\0" * 16
        ok = hmac.compare_digest(_hash_password(password, salt), row[3] if row else b"")
        if row is None or not ok:
            raise ApiError(401, "invalid_credentials", "Wrong username or password.")
        display_name, carrier_id = str(row[0]), str(row[1])
        token = secrets.token_urlsafe(32)
        now = self.clock()
        self.db.execute(
            "INSERT INTO tokens (token_sha, username, carrier_id, issued_at, expires_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (_token_sha(token), username, carrier_id, now, now + TOKEN_TTL_S),
        )
        carrier = self.logs[carrier_id].state.carrier
        return Session(token=token, expires_at=now + TOKEN_TTL_S,
                       user=User(username=username, display_name=display_name, carrier=carrier))

    def authenticate(self, token: str) -> Principal | None:
        row = self.db.one(
            "SELECT t.username, a.display_name, t.carrier_id, t.expires_at, t.revoked "
            "FROM tokens t JOIN accounts a ON a.username = t.username WHERE t.token_sha = ?",
            (_token_sha(token),),
        )
        if row is None or row[4] or row[3] < self.clock():
            return None
        return Principal(username=str(row[0]), display_name=str(row[1]), carrier_id=str(row[2]))

    def revoke(self, token: str) -> None:
        self.db.execute("UPDATE tokens SET revoked = 1 WHERE token_sha = ?", (_token_sha(token),))

    def expire_all_tokens(self) -> None:
        """Make every issued token expired (tests of the console's re-sign-in path)."""
        self.db.execute("UPDATE tokens SET expires_at = 0")

    # ------------------------------------------------------------------ reading

    def log_for(self, who: Principal) -> CarrierLog:
        return self.logs[who.carrier_id]

    def snapshot(self, who: Principal) -> FleetSnapshot:
        return self.logs[who.carrier_id].state.snapshot(self.clock())

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

    def messages(self, who: Principal, driver_id: str) -> list[DriverMessage]:
        self.driver(who, driver_id)
        rows = self.db.all(
            "SELECT body FROM messages WHERE carrier_id = ? AND driver_id = ? "
            "ORDER BY created_at, id",
            (who.carrier_id, driver_id),
        )
        return [DriverMessage.model_validate_json(r[0]) for r in rows]

    def calls(self, who: Principal, driver_id: str) -> list[DriverCall]:
        self.driver(who, driver_id)
        rows = self.db.all(
            "SELECT body FROM calls WHERE carrier_id = ? AND driver_id = ? ORDER BY at, id",
            (who.carrier_id, driver_id),
        )
        return [DriverCall.model_validate_json(r[0]) for r in rows]

    def trips(self, who: Principal) -> list[Trip]:
        state = self.logs[who.carrier_id].state
        return [t.trip for t in state.trailers.values() if t.trip is not None]

    # ------------------------------------------------------------------ logging helpers

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
        alarm = Alarm(
            id=f"AL-{secrets.token_hex(4).upper()}", lock_id=lock.id, trailer_id=lock.trailer_id,
            type=atype, priority=ALARM_PRIORITY[atype], state=AlarmState.OPEN, raised_at=ts,
            raised_seq=self.logs[cid].head_seq + 1, last_at=ts, position=lock.position,
            detail=detail,
        )
        self.emit(cid, AlarmRaisedEvent(seq=1, ts=ts, alarm=alarm))

    # ------------------------------------------------------------------ DeviceSink

    def report_fix(self, lock_id: str, ts: float, lat: float, lon: float, speed_kmh: float,
                   heading_deg: float) -> None:
        ctx = self._lock_ctx(lock_id)
        if ctx is None:
            return
        cid, lock = ctx
        self._pending_positions[cid].append((lock_id, ts, lat, lon, speed_kmh, heading_deg % 360.0))
        fence = self.geofence_index.locate(lat, lon)
        fence_id = None if fence is None else fence.id
        if fence_id != lock.geofence_id:
            trailer_id = lock.trailer_id
            if lock.geofence_id is not None:
                old = self.geofence_index.fences[lock.geofence_id]
                self.emit(cid, GeofenceExitEvent(seq=1, ts=ts, lock_id=lock_id,
                                                 trailer_id=trailer_id, geofence_id=old.id,
                                                 geofence_name=old.name))
            if fence is not None:
                self.emit(cid, GeofenceEnterEvent(seq=1, ts=ts, lock_id=lock_id,
                                                  trailer_id=trailer_id, geofence_id=fence.id,
                                                  geofence_name=fence.name))

    def report_sample(self, lock_id: str, ts: float, fiber_dbm: float, battery_pct: float
                      ) -> None:
        ctx = self._lock_ctx(lock_id)
        if ctx is None:
            return
        cid, lock = ctx
        battery_pct = min(100.0, max(0.0, battery_pct))
        self._pending_fiber[cid].append((lock_id, ts, fiber_dbm, battery_pct))
        if battery_pct < BATTERY_LOW_PCT and lock_id not in self._battery_low:
            self._battery_low.add(lock_id)
            self.emit(cid, BatteryLowEvent(seq=1, ts=ts, lock_id=lock_id,
                                           trailer_id=lock.trailer_id, battery_pct=battery_pct))
            self._raise_alarm(cid, lock, AlarmType.BATTERY_LOW, ts,
                              f"Lock battery at {battery_pct:.0f} %")
        elif battery_pct > BATTERY_OK_PCT:
            self._battery_low.discard(lock_id)

    def report_lock_state(self, lock_id: str, ts: float, state: LockState, actor: str) -> None:
        ctx = self._lock_ctx(lock_id)
        if ctx is None:
            return
        cid, lock = self._current(*ctx)
        previous = lock.state
        self.emit(cid, LockStateEvent(seq=1, ts=ts, lock_id=lock_id, trailer_id=lock.trailer_id,
                                      state=state, previous=previous, position=lock.position,
                                      geofence_id=lock.geofence_id, actor=actor))
        if state is LockState.UNLOCKED and actor != "unknown":
            trailer = self.logs[cid].state.trailers[lock.trailer_id]
            trip = trailer.trip
            allowed = set() if trip is None else {trip.destination_id, trip.origin_id}
            if lock.geofence_id is None or lock.geofence_id not in allowed:
                where = ("outside any geofence" if lock.geofence_id is None
                         else f"at {self.geofence_index.fences[lock.geofence_id].name}")
                dest = f" (destination: {trip.destination_name})" if trip else ""
                self._raise_alarm(cid, lock, AlarmType.UNLOCK_OUTSIDE_GEOFENCE, ts,
                                  f"Unlocked {where}{dest}")

    def report_tamper(self, lock_id: str, ts: float, kind: TamperKind, fiber_dbm: float | None
                      ) -> None:
        ctx = self._lock_ctx(lock_id)
        if ctx is None:
            return
        cid, lock = self._current(*ctx)
        self.emit(cid, TamperEvent(seq=1, ts=ts, lock_id=lock_id, trailer_id=lock.trailer_id,
                                   kind=kind, fiber_dbm=fiber_dbm, position=lock.position))
        if kind is TamperKind.FORCED_ENTRY:
            detail = "Shackle forced open"
        else:
            level = fiber_dbm if fiber_dbm is not None else lock.fiber_dbm
            drop = lock.fiber_baseline_dbm - level
            verb = "dropped" if kind is TamperKind.FIBER_CUT else "degraded"
            detail = (f"Seal signal {verb} to {level:.1f} dBm "
                      f"({drop:.1f} dB below its baseline {lock.fiber_baseline_dbm:.1f} dBm)")
        self._raise_alarm(cid, lock, _TAMPER_ALARM[kind], ts, detail)

    def report_gps(self, lock_id: str, ts: float, ok: bool) -> None:
        ctx = self._lock_ctx(lock_id)
        if ctx is None:
            return
        cid, lock = ctx
        if not ok and lock_id not in self._gps_lost:
            self._gps_lost.add(lock_id)
            self.emit(cid, GpsLostEvent(seq=1, ts=ts, lock_id=lock_id, trailer_id=lock.trailer_id,
                                        last_position=lock.position))
            self._raise_alarm(cid, lock, AlarmType.GPS_LOST, ts, "No GPS fix from the lock")
        elif ok and lock_id in self._gps_lost:
            self._gps_lost.discard(lock_id)
            self.flush(cid)
            if lock.position is not None:
                self.emit(cid, GpsRegainedEvent(seq=1, ts=ts, lock_id=lock_id,
                                                trailer_id=lock.trailer_id,
                                                position=lock.position))

    def report_driver_app(self, driver_id: str, ts: float, online: bool) -> None:
        cid = self.driver_carrier.get(driver_id)
        if cid is None:
            return
        self.emit(cid, DriverAppEvent(seq=1, ts=ts, driver_id=driver_id, online=online))

    def report_message_status(self, message_id: str, ts: float, status: str) -> None:
        row = self.db.one("SELECT carrier_id, body FROM messages WHERE id = ?", (message_id,))
        if row is None:
            return
        cid, msg = str(row[0]), DriverMessage.model_validate_json(row[1])
        new = MessageStatus(status)
        order = [MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.READ]
        if new not in order or order.index(new) <= order.index(msg.status):
            return  # statuses only move forward
        msg.status = new
        msg.updated_at = ts
        self._store_message(cid, msg)
        self.emit(cid, DriverMessageEvent(seq=1, ts=ts, message=msg))

    def report_driver_reply(self, driver_id: str, ts: float, text: str, reply_to: str | None
                            ) -> None:
        cid = self.driver_carrier.get(driver_id)
        if cid is None:
            return
        original = None
        if reply_to is not None:
            row = self.db.one("SELECT body FROM messages WHERE id = ?", (reply_to,))
            original = None if row is None else DriverMessage.model_validate_json(row[0])
        driver = self.logs[cid].state.drivers[driver_id]
        msg = DriverMessage(
            id=f"MSG-{secrets.token_hex(5).upper()}", driver_id=driver_id,
            direction=MessageDirection.FROM_DRIVER, text=text[:500], status=MessageStatus.REPLY,
            created_at=ts, updated_at=ts, trailer_id=driver.trailer_id,
            alarm_id=original.alarm_id if original else None, reply_to=reply_to,
        )
        self._store_message(cid, msg)
        self.emit(cid, DriverMessageEvent(seq=1, ts=ts, message=msg))

    def report_trip(self, trip: Trip, ts: float, phase: str, driver_id: str | None) -> None:
        cid = self.lock_carrier.get(self._lock_of_trailer(trip.trailer_id) or "")
        if cid is None:
            return
        self.emit(cid, TripEvent(seq=1, ts=ts, phase=phase, trip=trip, driver_id=driver_id))

    def _lock_of_trailer(self, trailer_id: str) -> str | None:
        for cid in self.logs:
            trailer = self.logs[cid].state.trailers.get(trailer_id)
            if trailer is not None:
                return trailer.lock_id
        return None

    # ------------------------------------------------------------------ dispatcher actions

    def _replay(self, who: Principal, request_id: str, action: str, target: str
                ) -> tuple[int, str] | None:
        row = self.db.one(
            "SELECT action, target, status, response FROM requests "
            "WHERE carrier_id = ? AND request_id = ?",
            (who.carrier_id, request_id),
        )
        if row is None:
            return None
        if row[0] != action or row[1] != target:
            raise ApiError(422, "request_id_reused",
                           f"request_id {request_id!r} was already used for another request.")
        return int(row[2]), str(row[3])

    def _remember(self, who: Principal, request_id: str, action: str, target: str, status: int,
                  response: str) -> None:
        self.db.execute(
            "INSERT INTO requests (carrier_id, request_id, action, target, username, status, "
            "response) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (who.carrier_id, request_id, action, target, who.username, status, response),
        )

    def acknowledge(self, who: Principal, alarm_id: str, req: AcknowledgeRequest
                    ) -> tuple[int, str]:
        """Acknowledge once; a retry with the same request_id gets the same answer."""
        replay = self._replay(who, req.request_id, "ack", alarm_id)
        if replay is not None:
            return replay
        alarm = self.alarm(who, alarm_id)
        if alarm.state is not AlarmState.OPEN:
            acked = alarm.state is AlarmState.ACKNOWLEDGED
            by = alarm.acknowledged_by if acked else alarm.resolved_by
            at = alarm.acknowledged_at if acked else alarm.resolved_at
            error = "already_acknowledged" if acked else "already_resolved"
            verb = "acknowledged" if acked else "resolved"
            raise ApiError(409, error, f"Already {verb} by {by} at {_iso(at or 0)}.",
                           ConflictBody(error=error, message=f"Already {verb} by {by} at "
                                        f"{_iso(at or 0)}.", by=by, at=at, alarm=alarm))
        cid = who.carrier_id
        now = self.clock()
        self.emit(cid, AlarmAcknowledgedEvent(seq=1, ts=now, alarm_id=alarm_id,
                                              lock_id=alarm.lock_id, by=who.username, at=now,
                                              note=req.note, request_id=req.request_id))
        updated = self.logs[cid].state.alarms[alarm_id]
        self._store_alarm(updated)
        body = updated.model_dump_json()
        self._remember(who, req.request_id, "ack", alarm_id, 200, body)
        return 200, body

    def resolve(self, who: Principal, alarm_id: str, req: ResolveRequest) -> tuple[int, str]:
        replay = self._replay(who, req.request_id, "resolve", alarm_id)
        if replay is not None:
            return replay
        alarm = self._open_for_update(who, alarm_id)
        cid = who.carrier_id
        now = self.clock()
        self.emit(cid, AlarmResolvedEvent(seq=1, ts=now, alarm_id=alarm_id, lock_id=alarm.lock_id,
                                          by=who.username, at=now, outcome=req.outcome,
                                          note=req.note, request_id=req.request_id))
        alarm.state = AlarmState.RESOLVED
        alarm.resolved_by = who.username
        alarm.resolved_at = now
        alarm.outcome = req.outcome
        alarm.resolve_note = req.note
        self._store_alarm(alarm)
        body = alarm.model_dump_json()
        self._remember(who, req.request_id, "resolve", alarm_id, 200, body)
        return 200, body

    def _open_for_update(self, who: Principal, alarm_id: str) -> Alarm:
        alarm = self.alarm(who, alarm_id)
        if alarm.state is AlarmState.RESOLVED:
            message = f"Already resolved by {alarm.resolved_by} at {_iso(alarm.resolved_at or 0)}."
            raise ApiError(409, "already_resolved", message,
                           ConflictBody(error="already_resolved", message=message,
                                        by=alarm.resolved_by, at=alarm.resolved_at, alarm=alarm))
        return alarm

    def _updated(self, who: Principal, alarm_id: str, request_id: str, action: str
                 ) -> tuple[int, str]:
        updated = self.logs[who.carrier_id].state.alarms[alarm_id]
        self._store_alarm(updated)
        body = updated.model_dump_json()
        self._remember(who, request_id, action, alarm_id, 200, body)
        return 200, body

    def tick_step(self, who: Principal, alarm_id: str, req: StepRequest) -> tuple[int, str]:
        """Record an action-plan step as done (or not) on the alarm's record."""
        replay = self._replay(who, req.request_id, "step", alarm_id)
        if replay is not None:
            return replay
        alarm = self._open_for_update(who, alarm_id)
        now = self.clock()
        step = AlarmStep(step_id=req.step_id, label=req.label, done=req.done, by=who.username,
                         at=now)
        self.emit(who.carrier_id, AlarmStepEvent(seq=1, ts=now, alarm_id=alarm_id,
                                                 lock_id=alarm.lock_id, step=step,
                                                 request_id=req.request_id))
        return self._updated(who, alarm_id, req.request_id, "step")

    def escalate(self, who: Principal, alarm_id: str, req: EscalateRequest) -> tuple[int, str]:
        """Record an escalation; a level not above the current one changes nothing (several
        consoles may report the same overdue alarm)."""
        replay = self._replay(who, req.request_id, "escalate", alarm_id)
        if replay is not None:
            return replay
        alarm = self._open_for_update(who, alarm_id)
        if req.level > alarm.escalation_level:
            now = self.clock()
            self.emit(who.carrier_id, AlarmEscalatedEvent(
                seq=1, ts=now, alarm_id=alarm_id, lock_id=alarm.lock_id, level=req.level,
                by=who.username, at=now, reason=req.reason, request_id=req.request_id))
        return self._updated(who, alarm_id, req.request_id, "escalate")

    def mark_seen(self, who: Principal, alarm_id: str, req: SeenRequest) -> tuple[int, str]:
        replay = self._replay(who, req.request_id, "seen", alarm_id)
        if replay is not None:
            return replay
        alarm = self.alarm(who, alarm_id)
        if who.username not in alarm.seen_by and alarm.state is not AlarmState.RESOLVED:
            now = self.clock()
            self.emit(who.carrier_id, AlarmSeenEvent(seq=1, ts=now, alarm_id=alarm_id,
                                                     lock_id=alarm.lock_id, by=who.username,
                                                     at=now))
            return self._updated(who, alarm_id, req.request_id, "seen")
        body = alarm.model_dump_json()
        self._remember(who, req.request_id, "seen", alarm_id, 200, body)
        return 200, body

    def audit(self, who: Principal, alarm_id: str) -> AlarmAudit:
        alarm = self.alarm(who, alarm_id)
        return AlarmAudit(alarm=alarm,
                          events=self.logs[who.carrier_id].alarm_events(alarm_id))

    def send_message(self, who: Principal, driver_id: str, req: SendMessageRequest
                     ) -> tuple[int, str]:
        replay = self._replay(who, req.request_id, "message", driver_id)
        if replay is not None:
            return replay
        driver = self.driver(who, driver_id)
        if req.alarm_id is not None:
            self.alarm(who, req.alarm_id)
        if req.trailer_id is not None and \
                req.trailer_id not in self.logs[who.carrier_id].state.trailers:
            raise ApiError(404, "not_found", f"No trailer {req.trailer_id!r} in your fleet.")
        if not driver.app_online:
            # Refused, not queued: a message that reaches the driver hours later ("stop at the
            # nearest safe place") can do harm, and the dispatcher must know now to call instead.
            # A refusal is not stored, so a retry with the same request_id is judged afresh.
            raise ApiError(409, "driver_app_offline",
                           f"{driver.name}'s driver app is offline: the message was not sent. "
                           "Call the driver, or retry once the app is back online.")
        now = self.clock()
        msg = DriverMessage(
            id=f"MSG-{secrets.token_hex(5).upper()}", driver_id=driver_id,
            direction=MessageDirection.TO_DRIVER, text=req.text, status=MessageStatus.SENT,
            created_at=now, updated_at=now, sent_by=who.username,
            trailer_id=req.trailer_id or driver.trailer_id, alarm_id=req.alarm_id,
            request_id=req.request_id,
        )
        self._store_message(who.carrier_id, msg)
        self.emit(who.carrier_id, DriverMessageEvent(seq=1, ts=now, message=msg))
        body = msg.model_dump_json()
        self._remember(who, req.request_id, "message", driver_id, 201, body)
        for listener in self.message_listeners:
            listener(msg)
        return 201, body

    def record_call(self, who: Principal, driver_id: str, req: CallRecordRequest
                    ) -> tuple[int, str]:
        """Log the outcome of a call a dispatcher placed; a retry with the same request_id gets
        the same answer and logs nothing more."""
        replay = self._replay(who, req.request_id, "call", driver_id)
        if replay is not None:
            return replay
        driver = self.driver(who, driver_id)
        state = self.logs[who.carrier_id].state
        trailer_id = req.trailer_id
        if req.alarm_id is not None:
            alarm = self.alarm(who, req.alarm_id)
            trailer_id = trailer_id or alarm.trailer_id
        if trailer_id is not None and trailer_id not in state.trailers:
            raise ApiError(404, "not_found", f"No trailer {trailer_id!r} in your fleet.")
        trailer_id = trailer_id or driver.trailer_id
        trailer = state.trailers.get(trailer_id or "")
        now = self.clock()
        call = DriverCall(
            id=f"CALL-{secrets.token_hex(5).upper()}", driver_id=driver_id, phone=driver.phone,
            outcome=req.outcome, note=req.note, by=who.username, at=now,
            placed_at=req.placed_at, trailer_id=trailer_id, alarm_id=req.alarm_id,
        )
        self.db.execute(
            "INSERT INTO calls (id, carrier_id, driver_id, at, body) VALUES (?, ?, ?, ?, ?)",
            (call.id, who.carrier_id, driver_id, now, call.model_dump_json()),
        )
        self.emit(who.carrier_id, DriverCallEvent(
            seq=1, ts=now, call=call, lock_id=trailer.lock_id if trailer else None,
            request_id=req.request_id))
        body = call.model_dump_json()
        self._remember(who, req.request_id, "call", driver_id, 201, body)
        return 201, body

    def _store_message(self, cid: str, msg: DriverMessage) -> None:
        self.db.execute(
            "INSERT INTO messages (id, carrier_id, driver_id, created_at, body) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET body = excluded.body",
            (msg.id, cid, msg.driver_id, msg.created_at, msg.model_dump_json()),
        )


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
    from cloudsim.devices import CarrierFleet

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
