"""The fleet simulator: trailers with OpticalLock padlocks driving real corridors.

It plays the devices only. Locks report GPS fixes, fiber/battery samples, lock-state changes and
tamper; drivers' phone apps report online/offline, message receipts and replies; trailers report
trips. Everything goes through :class:`~cloudsim.devices.DeviceSink`, so the cloud's alarm rules
stay the cloud's, as in production.

Design notes
------------
* Hot per-trailer state lives in numpy arrays, so one :meth:`FleetSimulator.step` for 10,000
  trailers costs a few milliseconds; rare transitions (arrivals, rest stops, incidents) run as
  plain Python on the few trailers concerned.
* Two clocks: *real* time (the ``dt_real_s`` given to ``step``) paces reporting (a fix every
  ``fix_interval_s``, staggered across trailers so load is even), and *sim* time
  (real × ``accel``) paces the world (driving, rests, fiber drift, incident rate, app delays).
  Timestamps sent to the sink always come from ``clock()``.
* Determinism: all randomness comes from one seeded :class:`random.Random` and a numpy
  generator seeded from it; the same seed and the same ``step`` dt sequence give the same reports.
  :meth:`checkpoint` / :meth:`restore` carry both generators' states.

The package, one module a concern (:class:`FleetSimulator` is made of the classes marked *):

* :mod:`~cloudsim.sim.constants`: units, the seal's optics, incident kinds, phases, lock codes;
* :mod:`~cloudsim.sim.fleet`: :func:`build_fleet`, the static world (names, phone numbers);
* :mod:`~cloudsim.sim.network`: the road network and its routes;
* :mod:`~cloudsim.sim.state`: the per-trailer arrays, routes, trips and fixes (* ``SimState``);
* :mod:`~cloudsim.sim.motion`: driving, stops, arrivals, periodic telemetry (* ``Motion``);
* :mod:`~cloudsim.sim.incidents`: injected and random incidents (* ``Incidents``);
* :mod:`~cloudsim.sim.driver_apps`: apps on and offline, receipts, replies (* ``DriverApps``);
* :mod:`~cloudsim.sim.checkpoint`: checkpoint and restore (* ``Checkpoints``);
* :mod:`~cloudsim.sim.simulator`: :class:`FleetSimulator`, stepping;
* :mod:`~cloudsim.sim.burst`: :func:`record_fix_burst`, fixes for saturation bursts.
"""

from __future__ import annotations

from cloudsim.sim.burst import (
    BURST_DEPOT,
    BURST_MAX_LAT,
    BURST_PARKED_SPEED_KMH,
    FixBurst,
    record_fix_burst,
)
from cloudsim.sim.constants import (
    CHECKPOINT_VERSION,
    CUT_STOP,
    DAY,
    DEGRADED_DROP_DB,
    DRIFT_DB_PER_SQRT_DAY,
    DRIFT_RELAX_S,
    DRIVING,
    F64,
    FIBER_FLOOR_DBM,
    FIBER_NOISE_DB,
    FORCED_STOP,
    GPS_NOISE_M,
    HOUR,
    I8,
    I64,
    INCIDENT_KINDS,
    INCIDENT_WEIGHTS,
    LOADING,
    LOCK_CODES,
    LOCKED,
    M_PER_DEG,
    MIN,
    MIN_TRIP_M,
    NEVER,
    PARKED,
    PHASE_NAMES,
    PLANNING_SPEED_KMH,
    REGION_PREFERENCE,
    REGION_SPEED,
    RELOCK_ACTORS,
    REST,
    SHACKLE_OPEN,
    UNLOADING,
    UNLOCK_STOP,
    UNLOCKED,
    WAITING,
    B,
)
from cloudsim.sim.driver_apps import _REPLIES as _REPLIES  # the tests' reply texts
from cloudsim.sim.fleet import _FIRST_ES as _FIRST_ES  # the tests' Spanish first names
from cloudsim.sim.fleet import build_fleet
from cloudsim.sim.simulator import FleetSimulator

__all__ = [
    "BURST_DEPOT",
    "BURST_MAX_LAT",
    "BURST_PARKED_SPEED_KMH",
    "CHECKPOINT_VERSION",
    "CUT_STOP",
    "DAY",
    "DEGRADED_DROP_DB",
    "DRIFT_DB_PER_SQRT_DAY",
    "DRIFT_RELAX_S",
    "DRIVING",
    "F64",
    "FIBER_FLOOR_DBM",
    "FIBER_NOISE_DB",
    "FORCED_STOP",
    "GPS_NOISE_M",
    "HOUR",
    "I8",
    "I64",
    "INCIDENT_KINDS",
    "INCIDENT_WEIGHTS",
    "LOADING",
    "LOCKED",
    "LOCK_CODES",
    "MIN",
    "MIN_TRIP_M",
    "M_PER_DEG",
    "NEVER",
    "PARKED",
    "PHASE_NAMES",
    "PLANNING_SPEED_KMH",
    "REGION_PREFERENCE",
    "REGION_SPEED",
    "RELOCK_ACTORS",
    "REST",
    "SHACKLE_OPEN",
    "UNLOADING",
    "UNLOCKED",
    "UNLOCK_STOP",
    "WAITING",
    "B",
    "FixBurst",
    "FleetSimulator",
    "build_fleet",
    "record_fix_burst",
]
