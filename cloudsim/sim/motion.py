"""The world moving: trips announced, trailers driving, resting, arriving, unloading, loading
and departing, relocks, GPS coming back, batteries and connectors ageing, and the periodic
fixes and fiber samples."""

from __future__ import annotations

import numpy as np

from cloudsim.sim.constants import (
    AWAITING_UNLOCK,
    DAY,
    DEGRADED_DROP_DB,
    DRIFT_DB_PER_SQRT_DAY,
    DRIFT_RELAX_S,
    DRIVING,
    FIBER_FLOOR_DBM,
    FIBER_NOISE_DB,
    HOUR,
    LOADING,
    LOCKED,
    MIN,
    NEVER,
    PARKED,
    RELOCK_ACTORS,
    REST,
    SEAL_APPLIED,
    SEAL_TAMPERED,
    SHACKLE_OPEN,
    UNLOADING,
    WAITING,
)
from cloudsim.sim.unlock_asks import DELIVERY_PATIENCE_S, UnlockAsks
from opticallock.protocol import GeofenceKind, TamperKind


class Motion(UnlockAsks):
    """Stepping the fleet (vectorised over trailers; rare transitions one trailer at a time)."""

    def _announce(self, now: float) -> None:
        """First step: tell the cloud the trips the fleet is already on."""
        self._announced = True
        for i in range(len(self.lock_ids)):
            if self._phase[i] == WAITING:
                trip = self._new_trip(i, now, float(self._timer[i]))
                self.sink.report_trip(trip, now, "planned", self._driver_id_of(i))
            else:
                # Already on the road when the cloud starts: its plan predates the cloud, so
                # the cloud learns of the trip as departed (one event, not a planned/departed
                # pair: a 10,000-trailer fleet starts with half the events).
                elapsed = float(self._progress[i]) / (float(self._cruise[i]) / 3.6) * 1.1
                trip = self._new_trip(i, now, 10 * MIN, elapsed_sim_s=elapsed + 10 * MIN)
                trip.departed_at = now - elapsed / self.accel
                self.sink.report_trip(trip, now, "departed", self._driver_id_of(i))
            self._trips[i] = trip

    def _move(self, dt_sim: float, now: float) -> None:
        drv = np.flatnonzero(self._phase == DRIVING)
        if drv.size == 0 or dt_sim <= 0:
            return
        net = self._net
        c = self._corr[drv]
        s = net.offset[c] + self._start_m[drv] + self._dir[drv] * self._progress[drv]
        j = np.clip(np.searchsorted(net.dist, s, side="right") - 1, net.seg_lo[c], net.seg_hi[c])
        # Slower through towns: full speed only 12 km or more from a waypoint city.
        near = np.minimum(s - net.dist[j], net.dist[j + 1] - s)
        urban = 0.55 + 0.45 * np.clip((near - 2000.0) / 10_000.0, 0.0, 1.0)
        jitter = 1.0 + 0.03 * self._np.standard_normal(drv.size)
        v = np.clip(self._cruise[drv] * net.speed_factor[c] * urban * jitter, 8.0, 115.0)
        self._speed[drv] = v
        prog = self._progress[drv] + v * (dt_sim / 3.6)
        length = self._length[drv]
        self._progress[drv] = np.minimum(prog, length)
        left = self._drive_left[drv] - dt_sim
        self._drive_left[drv] = left
        arrived = prog >= length
        for i in drv[prog >= self._next_check[drv]].tolist():
            self._pass_checkpoints(i, now)
        for i in drv[(left <= 0) & ~arrived].tolist():
            self._start_rest(i)
        for i in drv[arrived].tolist():
            self._arrive(i, now)

    def _pass_checkpoints(self, i: int, now: float) -> None:
        """Trailer i reached checkpoints of its route: the seal is checked there (a terminal
        replaces a tampered one)."""
        checks = self._net.checkpoints[int(self._route[i])]
        k = int(self._check_k[i])
        while k < len(checks) and checks[k].at_m <= self._progress[i]:
            cp = checks[k]
            k += 1
            if self._seal_state[i] == SEAL_TAMPERED and cp.terminal:
                self._replace_seal(i, now, cp.actor, cp.geofence_id)
            elif self._seal_state[i] in (SEAL_APPLIED, SEAL_TAMPERED):
                self.sink.report_seal_checked(self.lock_ids[i], now, cp.actor, cp.geofence_id)
        self._check_k[i] = k
        self._next_check[i] = checks[k].at_m if k < len(checks) else NEVER

    def _replace_seal(self, i: int, now: float, actor: str, geofence_id: str) -> None:
        """Terminal maintenance: the cut or forced seal off, a new one from stock on."""
        self._fix_now(i, now)  # the cloud places the replacement at the terminal
        number = self.sink.report_seal_replacement(self.lock_ids[i], now, actor, geofence_id)
        if number is not None:
            self._seal_ids[i] = number
        self._seal_state[i] = SEAL_APPLIED
        self._cut[i] = False
        self._drift[i] = 0.0

    def _start_rest(self, i: int) -> None:
        self._phase[i] = PARKED
        self._park_reason[i] = REST
        self._timer[i] = self._t_sim + self._rng.uniform(10.0, 40.0) * MIN
        self._speed[i] = 0.0
        self._drive_left[i] = self._rng.uniform(3.0, 4.0) * HOUR

    def _arrive(self, i: int, now: float) -> None:
        self._progress[i] = self._length[i]
        self._speed[i] = 0.0
        self._phase[i] = UNLOADING
        self._timer[i] = self._t_sim + self._rng.uniform(20.0, 90.0) * MIN
        if not self._gps_ok[i]:  # the yard has open sky: end the outage before the unlock
            self._gps_ok[i] = True
            self._gps_until[i] = NEVER
            self.sink.report_gps(self.lock_ids[i], now, True)
        self._fix_now(i, now)
        trip = self._trips[i]
        if trip is not None:
            trip = trip.model_copy(update={"arrived_at": now})
            self._trips[i] = trip
            self.sink.report_trip(trip, now, "arrived", self._driver_id_of(i))
        if self._lock[i] == LOCKED:
            # The driver app asks to unlock; the trailer waits, sealed, for the decision.
            self._phase[i] = AWAITING_UNLOCK
            self._timer[i] = self._t_sim + DELIVERY_PATIENCE_S
            self._ask_to_unlock(i, now, "delivery")
        site = self._net.sites[self._net.routes[int(self._route[i])].destination]
        if site.kind is GeofenceKind.TERMINAL:
            self._terminal_maintenance(i)

    def _terminal_maintenance(self, i: int) -> None:
        """At a terminal: a flagged dirty connector cleaned, battery swapped when low (a cut
        seal was replaced at the gate, :meth:`_pass_checkpoints`)."""
        if self._degraded_reported[i]:
            self._degrading[i] = False
            self._degraded_reported[i] = False
            self._atten[i] = 0.0
            self._atten_rate[i] = 0.0
        if self._battery[i] < 30.0:
            self._battery[i] = self._rng.uniform(92.0, 100.0)

    def _relocks(self, now: float) -> None:
        for i in np.flatnonzero(self._relock_at <= self._t_sim).tolist():
            self._relock_at[i] = NEVER
            if self._lock[i] != LOCKED:
                self._fix_now(i, now)
                self._report_lock(i, now, LOCKED, RELOCK_ACTORS[int(self._relock_actor[i])])

    def _timers(self, now: float) -> None:
        t = self._t_sim
        due = np.flatnonzero((self._phase != DRIVING) & (self._timer <= t))
        for i in due.tolist():
            phase = int(self._phase[i])
            if phase in (PARKED, WAITING) and self._lock[i] != LOCKED:
                # Nobody drives off with an open lock: wait for (or arrange) the relock.
                if self._relock_at[i] >= NEVER:
                    self._relock_at[i] = t + 5 * MIN
                    self._relock_actor[i] = RELOCK_ACTORS.index("driver_app")
                self._timer[i] = self._relock_at[i] + 1.0
            elif phase == PARKED:
                self._asks.pop(i, None)  # nobody answered in time: the driver drives on
                self._phase[i] = DRIVING
                self._timer[i] = NEVER
            elif phase == AWAITING_UNLOCK:
                # No unlock here (refused, or nobody decided): it leaves sealed.
                self._asks.pop(i, None)
                self._plan_next_trip(i, now)
            elif phase == WAITING:
                self._depart(i, now)
            elif phase == UNLOADING:
                self._plan_next_trip(i, now)
            elif phase == LOADING:
                if self._lock[i] == SHACKLE_OPEN and self._relock_at[i] < NEVER:
                    self._timer[i] = self._relock_at[i] + 1.0
                    continue
                if self._lock[i] != LOCKED:
                    self._fix_now(i, now)
                    self._report_lock(i, now, LOCKED, "driver_app")
                self._apply_seal(i, now)
                self._phase[i] = WAITING
                self._timer[i] = t + self._rng.uniform(3.0, 15.0) * MIN

    def _plan_next_trip(self, i: int, now: float) -> None:
        """Done at this site: the next trip is planned (a seal issued for it if the trailer
        has none) and loading begins."""
        self._set_route(i, self._choose_next_route(i))
        load_s = self._rng.uniform(15.0, 60.0) * MIN
        trip = self._new_trip(i, now, load_s + 10 * MIN)
        self._trips[i] = trip
        self.sink.report_trip(trip, now, "planned", self._driver_id_of(i))
        self._issue_seal(i, now, trip)
        self._phase[i] = LOADING
        self._timer[i] = self._t_sim + load_s

    def _depart(self, i: int, now: float) -> None:
        self._phase[i] = DRIVING
        self._timer[i] = NEVER
        self._cruise[i] = self._rng.uniform(85.0, 105.0)
        self._drive_left[i] = self._rng.uniform(3.0, 4.0) * HOUR
        trip = self._trips[i]
        if trip is not None:
            trip = trip.model_copy(update={"departed_at": now})
            self._trips[i] = trip
            self.sink.report_trip(trip, now, "departed", self._driver_id_of(i))

    def _gps_regained(self, now: float) -> None:
        back = np.flatnonzero(~self._gps_ok & (self._gps_until <= self._t_sim))
        for i in back.tolist():
            self._gps_ok[i] = True
            self._gps_until[i] = NEVER
            self.sink.report_gps(self.lock_ids[i], now, True)
            self._fix_now(i, now)

    def _age(self, dt_sim: float) -> None:
        """Battery drain and connector attenuation, for every lock at once."""
        if dt_sim <= 0:
            return
        np.subtract(self._battery, self._drain * dt_sim, out=self._battery)
        np.maximum(self._battery, 0.0, out=self._battery)
        dg = np.flatnonzero(self._degrading)
        if dg.size:
            self._atten[dg] = np.minimum(self._atten_target[dg],
                                         self._atten[dg] + self._atten_rate[dg] * dt_sim)

    def _report_fixes(self, now: float) -> None:
        slot = np.floor((self._t_real + self._fix_off) / self.fix_interval_s).astype(np.int64)
        due = np.flatnonzero(slot != self._last_fix_slot)
        if due.size == 0:
            return
        self._last_fix_slot[due] = slot[due]
        idx = due[self._gps_ok[due]]  # no fix, no report: the lock has no position to send
        if idx.size == 0:
            return
        lat, lon, speed, heading = self._noisy_fixes(idx)
        report = self.sink.report_fix
        for lid, la, lo, sp, hd in zip(self._lock_arr[idx].tolist(), lat, lon, speed, heading,
                                       strict=True):
            report(lid, now, la, lo, sp, hd)

    def _report_samples(self, now: float) -> None:
        slot = np.floor((self._t_real + self._sample_off) / self.sample_interval_s
                        ).astype(np.int64)
        idx = np.flatnonzero(slot != self._last_sample_slot)
        if idx.size == 0:
            return
        self._last_sample_slot[idx] = slot[idx]
        dt = np.maximum(self._t_sim - self._last_sample_t[idx], 0.0)
        self._last_sample_t[idx] = self._t_sim
        noise = self._np.standard_normal((2, idx.size))
        drift = self._drift[idx]
        drift += (DRIFT_DB_PER_SQRT_DAY * np.sqrt(dt / DAY) * noise[0]
                  - drift * np.minimum(dt / DRIFT_RELAX_S, 1.0))
        self._drift[idx] = drift
        base = self._baseline[idx]
        level = base + drift - self._atten[idx] + FIBER_NOISE_DB * noise[1]
        cut = self._cut[idx]
        level = np.where(cut, FIBER_FLOOR_DBM + 0.5 * noise[1], level)
        level = np.round(level, 2)
        battery = np.round(self._battery[idx], 1)
        report = self.sink.report_sample
        for lid, lv, bt in zip(self._lock_arr[idx].tolist(), level.tolist(), battery.tolist(),
                               strict=True):
            report(lid, now, lv, bt)
        flagged = (self._degrading[idx] & ~self._degraded_reported[idx] & ~cut
                   & (level < base - DEGRADED_DROP_DB))
        for k in np.flatnonzero(flagged).tolist():
            i = int(idx[k])
            self._degraded_reported[i] = True
            self.sink.report_tamper(self.lock_ids[i], now, TamperKind.FIBER_DEGRADED,
                                    float(level[k]))
