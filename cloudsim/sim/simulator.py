"""The fleet simulator: its parts (state, motion, incidents, driver apps, checkpoints) in one
class, stepped by the server."""

from __future__ import annotations

from typing import Any

from cloudsim.sim.checkpoint import Checkpoints
from cloudsim.sim.constants import DRIVING, LOCK_CODES, PHASE_NAMES
from cloudsim.sim.driver_apps import DriverApps
from cloudsim.sim.incidents import Incidents
from cloudsim.sim.motion import Motion


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
        }

    def corridor_of(self, lock_id: str) -> str:
        """Name of the corridor the trailer is on (its current trip's route)."""
        return self._net.corridors[int(self._corr[self._lock_index[lock_id]])].name
