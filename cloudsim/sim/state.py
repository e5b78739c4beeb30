"""The simulator's state: the fleet loaded into numpy arrays, the world initialised, routes and
trips chosen, and where a trailer is (its fix, its seal's level).

:class:`SimState` is the base of :class:`~cloudsim.sim.FleetSimulator`; motion, incidents,
driver apps and checkpoints are its subclasses, one a module.
"""

from __future__ import annotations

import bisect
import math
import random
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from cloudsim.devices import DeviceSink, FleetDefinition
from cloudsim.geofencing import GeofenceIndex
from cloudsim.sim.constants import (
    DAY,
    DRIVING,
    F64,
    FIBER_FLOOR_DBM,
    FIBER_NOISE_DB,
    GPS_NOISE_M,
    HOUR,
    I8,
    I64,
    INCIDENT_KINDS,
    LOCK_CODES,
    M_PER_DEG,
    MIN,
    NEVER,
    PARKED,
    PLANNING_SPEED_KMH,
    REGION_PREFERENCE,
    SEAL_APPLIED,
    SEAL_ISSUED,
    SEAL_MISMATCH_RATE,
    SEAL_NONE,
    SEAL_TAMPERED,
    UNLOCKED,
    WAITING,
    B,
)
from cloudsim.sim.network import RoadNetwork
from opticallock.protocol import Language, Trip


class SimState:
    """The fleet's state, and what every part of the simulator asks of it."""

    def __init__(self, definition: FleetDefinition, sink: DeviceSink, *, seed: int,
                 accel: float = 1.0, fix_interval_s: float = 2.0,
                 sample_interval_s: float = 10.0, incident_rate_per_trailer_hour: float = 0.3,
                 reply_probability: float = 0.5, app_delay_scale: float = 1.0,
                 clock: Callable[[], float] = time.time) -> None:
        if accel <= 0 or fix_interval_s <= 0 or sample_interval_s <= 0:
            raise ValueError("accel and the report intervals must be positive")
        if incident_rate_per_trailer_hour < 0:
            raise ValueError("incident rate must be >= 0")
        if not 0.0 <= reply_probability <= 1.0 or app_delay_scale <= 0:
            raise ValueError("reply_probability must be in [0, 1] and app_delay_scale > 0")
        #: How often the driver app reads back another number than the seal issued, while
        #: random incidents happen (a quiet world has none).
        self.seal_mismatch_rate = SEAL_MISMATCH_RATE if incident_rate_per_trailer_hour > 0 else 0.0
        #: How often a driver answers a dispatcher's message.
        self.reply_probability = float(reply_probability)
        #: Multiplies the driver app's receipt and reply delays: tests shorten them without
        #: speeding up the whole world (which ``accel`` does).
        self.app_delay_scale = float(app_delay_scale)
        self.definition = definition
        self.sink = sink
        self.accel = float(accel)
        self.fix_interval_s = float(fix_interval_s)
        self.sample_interval_s = float(sample_interval_s)
        self.incident_rate = float(incident_rate_per_trailer_hour)
        self.clock = clock
        self._rng = random.Random(seed)
        self._np = np.random.default_rng(self._rng.getrandbits(64))
        self._net = RoadNetwork()
        self._fences = GeofenceIndex(list(definition.geofences))
        self._load_fleet(definition)
        self._init_world()

    # ------------------------------------------------------------------ setup

    def _load_fleet(self, definition: FleetDefinition) -> None:
        self.lock_ids: list[str] = []
        self.trailer_ids: list[str] = []
        self.driver_ids: list[str] = []
        trailer_driver: list[int] = []
        first: list[bool] = []
        baseline: list[float] = []
        battery: list[float] = []
        self._seal_ids: list[str] = []
        languages: list[Language] = []
        online: list[bool] = []
        driver_trailer: list[int] = []
        driver_index: dict[str, int] = {}
        for ci, cf in enumerate(definition.carriers):
            for d in cf.drivers:
                driver_index[d.id] = len(self.driver_ids)
                self.driver_ids.append(d.id)
                languages.append(d.language)
                online.append(d.app_online)
                driver_trailer.append(-1)
            for t in cf.trailers:
                i = len(self.lock_ids)
                self.lock_ids.append(t.lock_id)
                self.trailer_ids.append(t.id)
                seal, base, batt = cf.locks[t.lock_id]
                self._seal_ids.append(seal)
                baseline.append(base)
                battery.append(batt)
                first.append(ci == 0)
                di = driver_index.get(t.driver_id or "", -1)
                trailer_driver.append(di)
                if di >= 0:
                    driver_trailer[di] = i
        self._lock_index = {lid: i for i, lid in enumerate(self.lock_ids)}
        self._driver_index = driver_index
        self._lock_arr = np.array(self.lock_ids, dtype=object)
        self._first_carrier: B = np.array(first, dtype=bool)
        self._baseline: F64 = np.array(baseline, dtype=float)
        self._battery: F64 = np.array(battery, dtype=float)
        self._trailer_driver = trailer_driver
        self._driver_trailer = driver_trailer
        self._languages = languages
        self._app_online: B = np.array(online, dtype=bool)

    def _init_world(self) -> None:
        n = len(self.lock_ids)
        nd = len(self.driver_ids)
        rng = self._rng
        self._t_sim = 0.0
        self._t_real = 0.0
        #: When the current step began: its telemetry is stamped with it.
        self._step_now = 0.0
        self._announced = False
        self._phase: I8 = np.zeros(n, dtype=np.int8)
        self._timer: F64 = np.full(n, NEVER)
        self._park_reason: I8 = np.zeros(n, dtype=np.int8)
        self._route: I64 = np.zeros(n, dtype=np.int64)
        self._corr: I64 = np.zeros(n, dtype=np.int64)
        self._start_m: F64 = np.zeros(n)
        self._dir: F64 = np.ones(n)
        self._length: F64 = np.ones(n)
        self._progress: F64 = np.zeros(n)
        self._cruise: F64 = np.zeros(n)
        self._speed: F64 = np.zeros(n)
        self._drive_left: F64 = np.zeros(n)
        self._lock: I8 = np.zeros(n, dtype=np.int8)
        self._relock_at: F64 = np.full(n, NEVER)
        self._relock_actor: I8 = np.zeros(n, dtype=np.int8)
        self._gps_ok: B = np.ones(n, dtype=bool)
        self._gps_until: F64 = np.full(n, NEVER)
        self._drift: F64 = np.zeros(n)
        self._atten: F64 = np.zeros(n)
        self._atten_rate: F64 = np.zeros(n)
        self._atten_target: F64 = np.zeros(n)
        self._degrading: B = np.zeros(n, dtype=bool)
        self._degraded_reported: B = np.zeros(n, dtype=bool)
        self._cut: B = np.zeros(n, dtype=bool)
        self._drain: F64 = np.zeros(n)
        self._last_sample_t: F64 = np.zeros(n)
        golden = 0.6180339887498949
        stagger: F64 = np.mod(np.arange(n, dtype=np.float64) * golden, 1.0)
        self._fix_off: F64 = stagger * self.fix_interval_s
        self._sample_off: F64 = ((stagger + 0.5) % 1.0) * self.sample_interval_s
        self._last_fix_slot: I64 = np.floor(self._fix_off / self.fix_interval_s).astype(np.int64)
        self._last_sample_slot: I64 = np.floor(
            self._sample_off / self.sample_interval_s).astype(np.int64)
        self._trips: list[Trip | None] = [None] * n
        self._trip_count = [0] * n
        #: The seal on each trailer (SEAL_APPLIED ...): every lock starts with one fitted.
        self._seal_state: I8 = np.full(n, SEAL_APPLIED, dtype=np.int8)
        #: Trailers whose next seal applied is read back wrong (the seal_mismatch incident).
        self._mismatch_next: B = np.zeros(n, dtype=bool)
        #: The next checkpoint of each trailer's route (index) and how far along it lies.
        self._check_k: I64 = np.zeros(n, dtype=np.int64)
        self._next_check: F64 = np.full(n, NEVER)

        for i in range(n):
            route = self._choose_initial_route(self._language_of(i))
            self._set_route(i, route)
            self._cruise[i] = rng.uniform(85.0, 105.0)
            self._drive_left[i] = rng.uniform(0.0, 4.0) * HOUR
            self._drain[i] = rng.uniform(0.2, 0.8) / DAY
            r = rng.random()
            if r < 0.07:
                self._phase[i] = WAITING
                self._timer[i] = rng.uniform(0.0, 30.0) * MIN
            elif r < 0.17:
                self._phase[i] = PARKED
                self._progress[i] = rng.uniform(0.05, 0.95) * self._length[i]
                self._timer[i] = rng.uniform(1.0, 40.0) * MIN
            else:
                self._phase[i] = DRIVING
                self._progress[i] = rng.uniform(0.02, 0.98) * self._length[i]
            self._reset_checks(i)
            if rng.random() < 0.02:  # a dirty or worn connector, slowly losing light
                self._degrading[i] = True
                self._atten_target[i] = rng.uniform(1.0, 4.5)
                self._atten_rate[i] = self._atten_target[i] / rng.uniform(6 * HOUR, 3 * DAY)
                self._atten[i] = rng.uniform(0.0, 0.4) * self._atten_target[i]

        self._app_flaky: B = np.array([rng.random() < 0.08 for _ in range(nd)], dtype=bool)
        self._app_flaky |= ~self._app_online  # whoever starts offline comes back eventually
        self._app_next: F64 = np.full(nd, NEVER)
        for d in range(nd):
            if self._app_flaky[d]:
                self._app_next[d] = (rng.expovariate(1 / (3 * HOUR)) if self._app_online[d]
                                     else rng.uniform(2.0, 20.0) * MIN)
        #: Each driver's last reply (an index into _ALL_REPLIES; -1 for none yet).
        self._last_reply: I64 = np.full(nd, -1, dtype=np.int64)
        self._inbox: list[dict[str, Any]] = []
        self._msg_seq = 0
        #: Unlock requests each trailer's driver app waits on (by trailer), how many each
        #: has made, decisions heard but not acted on, and openings queued by unlock_now.
        self._asks: dict[int, dict[str, Any]] = {}
        self._ask_count = [0] * n
        self._unlock_updates: list[tuple[str, str, str | None]] = []
        self._queued_unlocks: list[tuple[int, str | None]] = []
        self._queued: list[tuple[str, int]] = []
        self._queued_apps: list[tuple[int, bool]] = []
        #: Incidents that happened so far, by kind (injected and random).
        self.incident_counts: dict[str, int] = dict.fromkeys(INCIDENT_KINDS, 0)
        self._next_incident = self._draw_next_incident_after(0.0)

    def _language_of(self, i: int) -> Language:
        d = self._trailer_driver[i]
        return self._languages[d] if d >= 0 else Language.EN

    def _choose_initial_route(self, language: Language) -> int:
        """A corridor by region preference (and length: long roads hold more trucks)."""
        net = self._net
        prefs = REGION_PREFERENCE[language]
        weights = [prefs[c.region] * (1.0 + c.length_m / 500_000.0) for c in net.corridors]
        ci = self._rng.choices(range(len(net.corridors)), weights=weights)[0]
        options = net.routes_on[ci]
        return options[self._rng.randrange(len(options))]

    def _choose_next_route(self, i: int) -> int:
        net = self._net
        here = net.routes[int(self._route[i])].destination
        options = net.routes_from[here]
        if not options:
            return int(self._route[i])
        prefs = REGION_PREFERENCE[self._language_of(i)]
        weights = [prefs[net.region(ri)] for ri in options]
        return self._rng.choices(options, weights=weights)[0]

    def _set_route(self, i: int, route: int) -> None:
        r = self._net.routes[route]
        self._route[i] = route
        self._corr[i] = r.corridor
        self._start_m[i] = r.start_m
        self._dir[i] = r.direction
        self._length[i] = r.length_m
        self._progress[i] = 0.0
        self._reset_checks(i)

    def _reset_checks(self, i: int) -> None:
        """Point trailer i at the first checkpoint of its route ahead of where it is."""
        checks = self._net.checkpoints[int(self._route[i])]
        k = bisect.bisect_right([cp.at_m for cp in checks], float(self._progress[i]))
        self._check_k[i] = k
        self._next_check[i] = checks[k].at_m if k < len(checks) else NEVER

    # ------------------------------------------------------------------ trips

    def _new_trip(self, i: int, now: float, start_in_sim_s: float, elapsed_sim_s: float = 0.0
                  ) -> Trip:
        """A trip for trailer i on its current route; windows in wall time (sim time / accel)."""
        r = self._net.routes[int(self._route[i])]
        self._trip_count[i] += 1
        drive_s = r.length_m / (PLANNING_SPEED_KMH / 3.6)
        planned_s = drive_s + math.floor(drive_s / (3.5 * HOUR)) * 25 * MIN + HOUR + 0.1 * drive_s
        start = now + (start_in_sim_s - elapsed_sim_s) / self.accel
        return self._trip(i, start, start + planned_s / self.accel, None, None)

    def _trip(self, i: int, window_start: float, window_end: float, departed_at: float | None,
              arrived_at: float | None) -> Trip:
        """Trailer i's latest trip (its id and places follow from the count and the route)."""
        net = self._net
        r = net.routes[int(self._route[i])]
        origin, dest = net.sites[r.origin], net.sites[r.destination]
        tid = self.trailer_ids[i]
        short = tid[3:] if tid.startswith("TR-") else tid
        return Trip(
            id=f"TRP-{short}-{self._trip_count[i]:04d}", trailer_id=tid,
            origin_id=origin.geofence_id, origin_name=origin.name,
            destination_id=dest.geofence_id, destination_name=dest.name,
            route=net.corridors[r.corridor].name, window_start=window_start,
            window_end=window_end, departed_at=departed_at, arrived_at=arrived_at,
        )

    def _driver_id_of(self, i: int) -> str | None:
        d = self._trailer_driver[i]
        return self.driver_ids[d] if d >= 0 else None

    # ------------------------------------------------------------------ positions

    def _positions(self, idx: I64) -> tuple[F64, F64, F64]:
        """(lat, lon, heading) of trailers ``idx`` on their corridor polylines, no noise."""
        net = self._net
        c = self._corr[idx]
        prog = np.clip(self._progress[idx], 0.0, self._length[idx])
        s = net.offset[c] + self._start_m[idx] + self._dir[idx] * prog
        j = np.searchsorted(net.dist, s, side="right") - 1
        j = np.clip(j, net.seg_lo[c], net.seg_hi[c])
        d0 = net.dist[j]
        t = np.clip((s - d0) / (net.dist[j + 1] - d0), 0.0, 1.0)
        lat = net.lat[j] + t * (net.lat[j + 1] - net.lat[j])
        lon = net.lon[j] + t * (net.lon[j + 1] - net.lon[j])
        heading = (net.bearing[j] + np.where(self._dir[idx] < 0, 180.0, 0.0)) % 360.0
        return lat, lon, heading

    def _noisy_fixes(self, idx: I64) -> tuple[list[float], list[float], list[float], list[float]]:
        lat0, lon0, heading = self._positions(idx)
        noise = self._np.normal(0.0, GPS_NOISE_M, (2, idx.size))
        lat = lat0 + noise[0] / M_PER_DEG
        lon = lon0 + noise[1] / (M_PER_DEG * np.cos(np.radians(lat0)))
        speed = np.where(self._phase[idx] == DRIVING, self._speed[idx], 0.0)
        return (np.round(lat, 6).tolist(), np.round(lon, 6).tolist(),
                np.round(speed, 1).tolist(), (np.round(heading, 1) % 360.0).tolist())

    def _fix_now(self, i: int, now: float) -> None:
        """An immediate fix (before a lock event), so the cloud knows which geofence it is in."""
        if not self._gps_ok[i]:
            return
        lat, lon, speed, heading = self._noisy_fixes(np.array([i], dtype=np.int64))
        self.sink.report_fix(self.lock_ids[i], now, lat[0], lon[0], speed[0], heading[0])

    def _level(self, i: int) -> float:
        if self._cut[i]:
            return round(FIBER_FLOOR_DBM + self._rng.gauss(0.0, 0.5), 2)
        return round(float(self._baseline[i] + self._drift[i] - self._atten[i])
                     + self._rng.gauss(0.0, FIBER_NOISE_DB), 2)

    def _report_lock(self, i: int, now: float, code: int, actor: str,
                     authorisation: str | None = None) -> None:
        """The lock changes state (with the unlock code the driver entered, if any); an
        unlock takes the fitted seal off (the cloud records the removal)."""
        self._lock[i] = code
        if code == UNLOCKED and self._seal_state[i] in (SEAL_APPLIED, SEAL_TAMPERED):
            self._seal_state[i] = SEAL_NONE
        if authorisation is None:
            self.sink.report_lock_state(self.lock_ids[i], now, LOCK_CODES[code], actor)
        else:
            self.sink.report_lock_state(self.lock_ids[i], now, LOCK_CODES[code], actor,
                                        code=authorisation)

    def _park_for(self, i: int, reason: int, duration_s: float) -> None:
        """Stop on the road (or stay stopped) for at least ``duration_s``."""
        until = self._t_sim + duration_s
        if self._phase[i] == DRIVING:
            self._phase[i] = PARKED
            self._timer[i] = until
            self._speed[i] = 0.0
            self._park_reason[i] = reason
        elif self._phase[i] == PARKED:
            self._timer[i] = max(self._timer[i], until)
            self._park_reason[i] = reason

    def _issue_seal(self, i: int, now: float, trip: Trip) -> None:
        """A trailer with no seal gets one for its new trip (fitted when it leaves)."""
        if self._seal_state[i] != SEAL_NONE:
            return  # still sealed (or the seal for it is already in the cab)
        number = self.sink.report_seal_issue(self.lock_ids[i], now, trip.id)
        if number is not None:
            self._seal_ids[i] = number
            self._seal_state[i] = SEAL_ISSUED

    def _apply_seal(self, i: int, now: float) -> None:
        """The driver fits the issued seal and the app reads its number back and takes a
        photo; now and then (or after the seal_mismatch incident) what it reads is not the seal
        issued: the driver took the next one from the box."""
        if self._seal_state[i] != SEAL_ISSUED:
            return
        number = self._seal_ids[i]
        draw = self._rng.random()
        if self._mismatch_next[i] or draw < self.seal_mismatch_rate:
            self._mismatch_next[i] = False
            number = _next_in_box(number)
        self._seal_state[i] = SEAL_APPLIED
        lock_id = self.lock_ids[i]
        self.sink.report_seal_applied(lock_id, now, number, f"photo:{lock_id}/{int(now)}")

    def _draw_next_incident_after(self, t: float) -> float:
        """Poisson arrivals in sim time: the fleet's rate is trailers x rate per trailer-hour."""
        rate = len(self.lock_ids) * self.incident_rate / HOUR  # per sim second
        return t + self._rng.expovariate(rate) if rate > 0 else NEVER


def _next_in_box(number: str) -> str:
    """The number printed on the next seal of a box: ``OLF1000123`` -> ``OLF1000124``."""
    head = number.rstrip("0123456789")
    tail = number[len(head):]
    return f"{head}{int(tail) + 1:0{len(tail)}d}" if tail else f"{number}1"
