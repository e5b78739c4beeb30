"""The devices' reports (:class:`~cloudsim.devices.DeviceSink`) turned into logged events,
and the cloud's alarm rules applied to them: tamper, unlocks without a valid authorisation
(:mod:`~cloudsim.service.unlocks`), battery and GPS thresholds, merging repeats."""

from __future__ import annotations

import logging
import secrets

from cloudsim.service.core import BATTERY_LOW_PCT, BATTERY_OK_PCT
from cloudsim.service.unlocks import UnlockAuthorisations
from opticallock.protocol import (
    AlarmType,
    BatteryLowEvent,
    DriverAppEvent,
    DriverMessage,
    DriverMessageEvent,
    GeofenceEnterEvent,
    GeofenceExitEvent,
    GpsLostEvent,
    GpsRegainedEvent,
    LockState,
    LockStateEvent,
    MessageDirection,
    MessageStatus,
    TamperEvent,
    TamperKind,
    Trip,
    TripEvent,
)

log = logging.getLogger(__name__)

_TAMPER_ALARM = {
    TamperKind.FIBER_CUT: AlarmType.FIBER_CUT,
    TamperKind.FORCED_ENTRY: AlarmType.FORCED_ENTRY,
    TamperKind.FIBER_DEGRADED: AlarmType.FIBER_DEGRADED,
}


class DeviceReports(UnlockAuthorisations):
    """The :class:`~cloudsim.devices.DeviceSink` side of the cloud: what the simulated locks and
    driver apps report."""

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

    def report_lock_state(self, lock_id: str, ts: float, state: LockState, actor: str,
                          code: str | None = None) -> None:
        ctx = self._lock_ctx(lock_id)
        if ctx is None:
            return
        cid, lock = self._current(*ctx)
        previous = lock.state
        judged = state is LockState.UNLOCKED and actor != "unknown"
        authorisation, why = (self._authorisation(cid, lock, ts, code) if judged
                              else (None, ""))
        self.emit(cid, LockStateEvent(seq=1, ts=ts, lock_id=lock_id, trailer_id=lock.trailer_id,
                                      state=state, previous=previous, position=lock.position,
                                      geofence_id=lock.geofence_id, actor=actor,
                                      authorisation_id=None if authorisation is None
                                      else authorisation.id))
        if authorisation is not None:
            self._use(cid, authorisation, ts)
        if state is LockState.UNLOCKED:
            self._seal_removed(cid, lock, ts, actor, authorisation)
        if judged and authorisation is None:
            self._judge_unlock(cid, lock, ts, why)

    def report_tamper(self, lock_id: str, ts: float, kind: TamperKind, fiber_dbm: float | None
                      ) -> None:
        ctx = self._lock_ctx(lock_id)
        if ctx is None:
            return
        cid, lock = self._current(*ctx)
        self.emit(cid, TamperEvent(seq=1, ts=ts, lock_id=lock_id, trailer_id=lock.trailer_id,
                                   kind=kind, fiber_dbm=fiber_dbm, position=lock.position))
        if kind is not TamperKind.FIBER_DEGRADED:  # a dirty connector does not break a seal
            self._seal_tampered(cid, lock, ts, kind.value)
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

    def report_duress(self, lock_id: str, ts: float) -> None:
        ctx = self._lock_ctx(lock_id)
        if ctx is None:
            return
        cid, lock = self._current(*ctx)
        trailer = self.logs[cid].state.trailers.get(lock.trailer_id)
        driver = None if trailer is None else trailer.driver_id
        self._raise_alarm(cid, lock, AlarmType.DURESS, ts,
                          f"Duress code entered in the driver app ({driver or 'no driver'}); "
                          "do not contact the driver first")

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
