"""The fleet simulator: its parts (state, motion, incidents, driver apps, checkpoints) in one
class, stepped by the server."""

from __future__ import annotations

from typing import Any

from cloudsim.sim.checkpoint import Checkpoints
from cloudsim.sim.constants import (
    DRIVING,
    HOUR,
    LOCK_CODES,
    LOCKED,
    NEVER,
    PARKED,
    PHASE_NAMES,
    SEAL_STATE_NAMES,
)
from cloudsim.sim.driver_apps import DriverApps
from cloudsim.sim.incidents import Incidents
from cloudsim.sim.motion import Motion

#: How far short of the place :meth:`FleetSimulator.skip_ahead` puts a trailer, in metres.
SKIP_SHORT_M = 30.0


class FleetSimulator(Motion, Incidents, DriverApps, Checkpoints):
    """Moves the fleet and reports what its locks and drivers' apps would send.

    Call :meth:`step` with the real time elapsed (the server does so 4 times a second).
    :meth:`inject_incident` makes an incident happen at the next step (tests, demos);
    :meth:`on_dispatcher_message` is the simulated driver app receiving a dispatcher's message.
    The constructor (:class:`~cloudsim.sim.state.SimState`'s) takes the fleet, the sink, the seed,
    the time acceleration and the reporting and incident rates.
    """

    def step(self, dt_real_s: float) -> None:
        """Advance the world by ``dt_real_s * accel`` sim seconds and report what happened.

        The first call also reports every trailer's current trip ("planned" if it waits at its
        origin, "departed" if already on the road). ``step(0.0)`` moves nothing and reports
        nothing else, so a server can call it right after construction (or :meth:`restore`) to
        have trips known at once; after a restore the trips were announced before and are not
        repeated.

        The same as :meth:`advance` then :meth:`report_telemetry`; a server that wants the
        events out before the bulk of the telemetry (an alarm should not wait behind ten
        thousand fixes) calls the two with its own I/O in between.
        """
        self.advance(dt_real_s)
        self.report_telemetry()

    def advance(self, dt_real_s: float) -> None:
        """The first half of :meth:`step`: move the fleet and report its events (locks,
        tampering, incidents, trips, driver apps and messages), but not yet its periodic
        telemetry (fixes, fiber samples)."""
        if dt_real_s < 0:
            raise ValueError("time does not run backwards")
        now = self.clock()
        self._step_now = now
        if not self._announced:
            self._announce(now)
        dt_sim = dt_real_s * self.accel
        self._t_real += dt_real_s
        self._t_sim += dt_sim
        queued, self._queued = self._queued, []
        for kind, i in queued:
            self._apply_incident(kind, i, now)
        apps, self._queued_apps = self._queued_apps, []
        for d, online in apps:
            self._switch_app(d, online, now)
        self._unlock_asks(now)
        self._move(dt_sim, now)
        self._relocks(now)
        self._timers(now)
        self._gps_regained(now)
        self._random_incidents(now)
        self._driver_apps(now)
        self._messages(now)
        self._age(dt_sim)

    def report_telemetry(self) -> None:
        """The second half of :meth:`step`: the fixes and fiber samples due, stamped with the
        time the step began."""
        now = self._step_now
        self._report_fixes(now)
        self._report_samples(now)

    # ------------------------------------------------------------------ introspection

    @property
    def sim_time_s(self) -> float:
        """Sim seconds since the simulation started (survives checkpoint/restore)."""
        return self._t_sim

    def trailer_state(self, lock_id: str) -> dict[str, Any]:
        """A readable view of one trailer (tests, admin/debug endpoints)."""
        i = self._lock_index[lock_id]
        trip = self._trips[i]
        return {
            "lock_id": lock_id, "trailer_id": self.trailer_ids[i],
            "phase": PHASE_NAMES[int(self._phase[i])],
            "lock_state": LOCK_CODES[int(self._lock[i])].value,
            "progress_m": float(self._progress[i]), "trip_length_m": float(self._length[i]),
            "route": self._net.corridors[int(self._corr[i])].name,
            "trip": None if trip is None else trip.model_dump(mode="json"),
            "speed_kmh": float(self._speed[i]) if self._phase[i] == DRIVING else 0.0,
            "gps_ok": bool(self._gps_ok[i]), "fiber_cut": bool(self._cut[i]),
            "fiber_baseline_dbm": float(self._baseline[i]),
            "attenuation_db": float(self._atten[i]), "battery_pct": float(self._battery[i]),
            "seal_id": self._seal_ids[i],
            "seal": SEAL_STATE_NAMES[int(self._seal_state[i])],
            "checkpoints_ahead": [
                cp.geofence_id for cp in
                self._net.checkpoints[int(self._route[i])][int(self._check_k[i]):]],
        }

    def skip_ahead(self, lock_id: str, geofence_id: str | None = None) -> str:
        """Tests and demos: put a trailer on the road just short of a checkpoint ahead on its
        route (the one at ``geofence_id``; by default its destination), driving, so it gets
        there within a few steps; returns that geofence's id. The cloud sees a GPS jump.

        LookupError if the trailer is not on the road with its lock closed, or the place is not
        ahead on its route.
        """
        i = self._lock_index[lock_id]
        calm = self._lock[i] == LOCKED and self._relock_at[i] >= NEVER
        if self._phase[i] not in (DRIVING, PARKED) or not calm:
            raise LookupError(f"{lock_id} is not on the road with its lock closed")
        route = int(self._route[i])
        ahead = self._net.checkpoints[route][int(self._check_k[i]):]
        if geofence_id is None:
            target = float(self._length[i])
            geofence_id = self._net.sites[self._net.routes[route].destination].geofence_id
        else:
            at = [cp.at_m for cp in ahead if cp.geofence_id == geofence_id]
            if not at:
                raise LookupError(f"{geofence_id} is not ahead on {lock_id}'s route")
            target = at[0]
        self._progress[i] = max(float(self._progress[i]), target - SKIP_SHORT_M)
        self._phase[i] = DRIVING
        self._timer[i] = NEVER
        self._drive_left[i] = max(float(self._drive_left[i]), HOUR)  # no rest on the way
        return geofence_id

    def corridor_of(self, lock_id: str) -> str:
        """Name of the corridor the trailer is on (its current trip's route)."""
        return self._net.corridors[int(self._corr[self._lock_index[lock_id]])].name
