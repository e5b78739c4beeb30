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
"""

from __future__ import annotations

import base64
import hashlib
import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from cloudsim.devices import CarrierFleet, DeviceSink, FleetDefinition
from cloudsim.geo import Site, bearing_deg, corridors, geofences, sites
from cloudsim.geofencing import GeofenceIndex
from opticallock.protocol import (
    Driver,
    DriverMessage,
    GeofenceKind,
    Language,
    LockState,
    MessageDirection,
    Position,
    PositionRow,
    TamperKind,
    Trailer,
    Trip,
)

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
I8 = npt.NDArray[np.int8]
B = npt.NDArray[np.bool_]

CHECKPOINT_VERSION = 1
#: "Never" for sim-time deadlines (JSON has no infinity).
NEVER = 1.0e18

MIN = 60.0
HOUR = 3600.0
DAY = 86400.0

#: Received optical power once the loop is cut: the photodiode's noise floor.
FIBER_FLOOR_DBM = -40.0
FIBER_NOISE_DB = 0.07
#: A slowly attenuating seal is reported once it is this far below its own baseline.
DEGRADED_DROP_DB = 3.0
#: Random-walk drift of a healthy seal, dB per sqrt(sim day), relaxing back over a week.
DRIFT_DB_PER_SQRT_DAY = 0.2
DRIFT_RELAX_S = 7 * DAY
GPS_NOISE_M = 3.0
M_PER_DEG = 111_320.0
#: Shortest trip worth planning (Laredo to Nuevo Laredo over the World Trade Bridge is ~24 km).
MIN_TRIP_M = 20_000.0
PLANNING_SPEED_KMH = 85.0

INCIDENT_KINDS: tuple[str, ...] = (
    "fiber_cut", "forced_entry", "unlock_outside", "battery_low", "gps_loss", "fiber_degraded",
)
#: Relative frequency of each kind among random incidents.
INCIDENT_WEIGHTS: tuple[float, ...] = (0.15, 0.10, 0.20, 0.10, 0.30, 0.15)

# Phases of a trailer's life.
DRIVING, PARKED, WAITING, UNLOADING, LOADING = 0, 1, 2, 3, 4
PHASE_NAMES = ("driving", "parked", "waiting_departure", "unloading", "loading")
# Why a trailer is parked on the road.
REST, CUT_STOP, FORCED_STOP, UNLOCK_STOP = 0, 1, 2, 3
# Lock states as small ints in the arrays.
LOCK_CODES: tuple[LockState, ...] = (LockState.LOCKED, LockState.UNLOCKED, LockState.SHACKLE_OPEN)
LOCKED, UNLOCKED, SHACKLE_OPEN = 0, 1, 2
RELOCK_ACTORS = ("driver_app", "key")

#: Speed factor per corridor region: Mexican trucks are limited lower, border runs crawl.
REGION_SPEED = {"US": 1.0, "MX": 0.92, "border": 0.5}
#: How much drivers of each language like each region when picking the next trip.
REGION_PREFERENCE = {
    Language.EN: {"US": 1.0, "border": 0.5, "MX": 0.15},
    Language.ES: {"US": 0.6, "border": 2.0, "MX": 3.0},
}


# --------------------------------------------------------------------------- building the fleet

_FIRST_EN = (
    "James", "Mary", "Robert", "Patricia", "Michael", "Linda", "David", "Jennifer", "William",
    "Susan", "Darnell", "Keisha", "Tyrone", "Latoya", "Wei", "Mei", "Raj", "Priya", "Ahmed",
    "Fatima", "Olga", "Dmitri", "Kevin", "Ashley", "Brandon", "Crystal", "Dustin", "Tammy",
    "Hiroshi", "Yuki", "Tomasz", "Ngozi", "Samuel", "Grace", "Cody", "Shelby",
)
_LAST_EN = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson",
    "Taylor", "Thomas", "Moore", "Jackson", "White", "Harris", "Nguyen", "Kim", "Patel", "Chen",
    "Okafor", "Kowalski", "Ivanova", "O'Brien", "Walker", "Young", "King", "Wright", "Hughes",
    "Baker", "Campbell", "Tanaka", "Singh", "Lopez", "Reyes", "Begay", "Yazzie",
)
_FIRST_ES = (
    "José", "María", "Juan", "Guadalupe", "Luis", "Ana", "Carlos", "Verónica", "Jorge", "Rosa",
    "Miguel", "Leticia", "Francisco", "Alejandra", "Jesús", "Claudia", "Ricardo", "Patricia",
    "Alberto", "Yolanda", "Fernando", "Gabriela", "Raúl", "Marisol", "Héctor", "Lucía",
    "Arturo", "Adriana", "Eduardo", "Mónica",
)
_LAST_ES = (
    "Hernández", "García", "Martínez", "López", "González", "Rodríguez", "Pérez", "Sánchez",
    "Ramírez", "Cruz", "Flores", "Gómez", "Morales", "Vázquez", "Reyes", "Jiménez", "Torres",
    "Díaz", "Gutiérrez", "Ruiz", "Mendoza", "Aguilar", "Ortiz", "Moreno", "Castillo", "Romero",
    "Álvarez", "Chávez", "Ramos", "Villarreal", "Garza", "Treviño",
)
#: US area codes along the corridors (the 555-01xx exchange in each is reserved for fiction).
_US_AREA_CODES = (
    "206", "253", "360", "503", "541", "530", "916", "209", "661", "213", "323", "562", "714",
    "949", "760", "619", "858", "909", "951", "602", "480", "623", "520", "575", "915", "210",
    "830", "512", "254", "214", "972", "817", "940", "405", "580", "316", "620", "913", "816",
    "956", "713", "281", "832",
)
#: Mexican area codes (2-digit: 8-digit local; 3-digit: 7-digit local).
_MX_AREA_CODES = ("81", "55", "664", "686", "867", "844", "444", "442", "662", "631")


def _split_counts(n: int, k: int) -> list[int]:
    """First carrier gets 70 %, the others share the rest; nobody gets none if n >= k."""
    if k == 1:
        return [n]
    rest = [int(n * 0.3 / (k - 1)) for _ in range(k - 1)]
    if n >= k:
        rest = [max(1, r) for r in rest]
    return [n - sum(rest), *rest]


def _us_phone(area: str, n: int) -> str:
    return f"+1 {area} 555 01{n:02d}"


def _mx_phone(area: str, n: int) -> str:
    if len(area) == 2:
        return f"+52 {area} 5550 01{n:02d}"
    return f"+52 {area} 555 01{n:02d}"


def build_fleet(n_trailers: int, seed: int, carriers: list[tuple[str, str]]) -> FleetDefinition:
    """The static world: carriers' trailers, locks, seals, drivers, and the geofences.

    Deterministic for a seed (only ``random.Random(seed)`` is used), so a server restarted with
    the same settings rebuilds the same fleet. Names and phone numbers are fictitious: phones use
    the 555-01xx range reserved for fiction (and a matching 555 pattern for Mexican numbers).
    """
    if n_trailers < 0:
        raise ValueError("n_trailers must be >= 0")
    if not carriers:
        raise ValueError("at least one carrier is needed")
    rng = random.Random(seed)
    used_locks: set[str] = set()
    used_phones: set[str] = set()
    fleets: list[CarrierFleet] = []
    num = 0
    for ci, ((carrier_id, carrier_name), count) in enumerate(
            zip(carriers, _split_counts(n_trailers, len(carriers)), strict=True)):
        cf = CarrierFleet(carrier_id=carrier_id, carrier_name=carrier_name)
        spanish_share = 0.35 if ci == 0 else 0.6
        for _ in range(count):
            num += 1
            trailer_id = f"TR-{10000 + num}"
            driver_id = f"DRV-{num:05d}"
            lock_id = f"OL-{rng.getrandbits(24):06X}"
            while lock_id in used_locks:
                lock_id = f"OL-{rng.getrandbits(24):06X}"
            used_locks.add(lock_id)
            seal_id = f"FS-{rng.getrandbits(32):08X}"
            spanish = rng.random() < spanish_share
            if spanish:
                name = f"{rng.choice(_FIRST_ES)} {rng.choice(_LAST_ES)} {rng.choice(_LAST_ES)}"
            else:
                name = f"{rng.choice(_FIRST_EN)} {rng.choice(_LAST_EN)}"
            mexican_phone = spanish and rng.random() < 0.6
            phone = ""
            for _attempt in range(20):  # avoid duplicate numbers while the ranges allow
                if mexican_phone:
                    phone = _mx_phone(rng.choice(_MX_AREA_CODES), rng.randrange(100))
                else:
                    phone = _us_phone(rng.choice(_US_AREA_CODES), rng.randrange(100))
                if phone not in used_phones:
                    break
            used_phones.add(phone)
            baseline = round(rng.uniform(-14.0, -9.0), 2)
            battery = round(rng.uniform(55.0, 100.0), 1)
            cf.trailers.append(Trailer(id=trailer_id, lock_id=lock_id, driver_id=driver_id))
            cf.drivers.append(Driver(
                id=driver_id, name=name, phone=phone,
                language=Language.ES if spanish else Language.EN,
                app_online=rng.random() > 0.03, trailer_id=trailer_id,
            ))
            cf.locks[lock_id] = (seal_id, baseline, battery)
        fleets.append(cf)
    return FleetDefinition(carriers=fleets, geofences=geofences())


# --------------------------------------------------------------------------- road network


@dataclass(frozen=True)
class _Route:
    """A plannable trip: from one site to another along one corridor."""

    corridor: int
    origin: int  # index into the site list
    destination: int
    start_m: float  # distance along the corridor of the origin
    direction: float  # +1 along the corridor's waypoint order, -1 against it
    length_m: float


class _Network:
    """All corridors flattened into one vertex array, so positions are computed vectorised."""

    def __init__(self) -> None:
        self.corridors = corridors()
        self.sites: tuple[Site, ...] = sites()
        lat: list[float] = []
        lon: list[float] = []
        dist: list[float] = []
        seg_bearing: list[float] = []
        self.offset = np.zeros(len(self.corridors))
        self.seg_lo = np.zeros(len(self.corridors), dtype=np.int64)
        self.seg_hi = np.zeros(len(self.corridors), dtype=np.int64)
        self.speed_factor = np.array([REGION_SPEED[c.region] for c in self.corridors])
        total = 0.0
        for ci, c in enumerate(self.corridors):
            base = len(lat)
            self.offset[ci] = total
            self.seg_lo[ci] = base
            self.seg_hi[ci] = base + len(c.points) - 2
            for k, (la, lo) in enumerate(c.points):
                lat.append(la)
                lon.append(lo)
                dist.append(total + c.cum_m[k])
                nxt = c.points[min(k + 1, len(c.points) - 1)]
                prev = c.points[max(k - 1, 0)]
                seg_bearing.append(bearing_deg(la, lo, *nxt) if k + 1 < len(c.points)
                                   else bearing_deg(*prev, la, lo))
            # A gap between corridors keeps searchsorted from ever mixing two of them.
            total += c.length_m + 100_000.0
        self.lat = np.array(lat)
        self.lon = np.array(lon)
        self.dist = np.array(dist)
        self.bearing = np.array(seg_bearing)

        site_of_key = {s.place_key: i for i, s in enumerate(self.sites)}
        self.routes: list[_Route] = []
        for ci, c in enumerate(self.corridors):
            on_it = [(k, site_of_key[key]) for k, key in enumerate(c.waypoints)
                     if key in site_of_key]
            for ka, sa in on_it:
                for kb, sb in on_it:
                    length = abs(c.cum_m[kb] - c.cum_m[ka])
                    if sa != sb and length >= MIN_TRIP_M:
                        self.routes.append(_Route(ci, sa, sb, c.cum_m[ka],
                                                  1.0 if kb > ka else -1.0, length))
        self.routes_from: list[list[int]] = [[] for _ in self.sites]
        self.routes_on: list[list[int]] = [[] for _ in self.corridors]
        for ri, r in enumerate(self.routes):
            self.routes_from[r.origin].append(ri)
            self.routes_on[r.corridor].append(ri)
        fingerprint = "|".join(f"{self.corridors[r.corridor].name}:{r.origin}>{r.destination}"
                               for r in self.routes)
        self.fingerprint = hashlib.sha256(fingerprint.encode()).hexdigest()[:16]

    def region(self, route: int) -> str:
        return self.corridors[self.routes[route].corridor].region


# --------------------------------------------------------------------------- driver replies

_REPLIES: dict[Language, dict[str, tuple[str, ...]]] = {
    Language.EN: {
        "cut": ("Seal is cut!! Calling it in", "Just checked, the fiber seal is broken. "
                "Waiting for police"),
        "forced": ("Lock was forced, doors were opened. Calling 911",
                   "Somebody broke the lock, part of the load looks gone"),
        "unlocked": ("Sorry, opened it for an inspection, closing now",
                     "Officer asked to see the load, locking it again"),
        "site": ("At the dock now, unloading", "In the yard, waiting to be loaded"),
        "parked": ("Seal looks intact, stopped at the Flying J",
                   "All good here, taking my break at the Love's",
                   "Checked the lock, it's closed and the seal light is green"),
        "driving": ("Driving, will check at the next stop", "On the road, seal light is green",
                    "Copy that, pulling over at the next exit to check"),
    },
    Language.ES: {
        "cut": ("¡El sello está cortado! Ya aviso", "Revisé y la fibra está rota, "
                "espero a la policía"),
        "forced": ("Forzaron el candado, abrieron las puertas",
                   "Alguien rompió el candado, falta parte de la carga"),
        "unlocked": ("Perdón, lo abrí para una revisión, ya lo cierro",
                     "Aduana pidió ver la carga, ya lo vuelvo a cerrar"),
        "site": ("Ya estoy en el andén, descargando", "En el patio, esperando carga"),
        "parked": ("Sello intacto, estoy en la caseta", "Todo bien, descansando en el parador",
                   "Revisé el candado, está cerrado y el sello bien"),
        "driving": ("Voy manejando, reviso en la próxima parada", "En camino, el sello se ve bien",
                    "Enterado, me orillo en la siguiente salida para revisar"),
    },
}

#: Every reply text, numbered (the simulator remembers each driver's last one by number).
_ALL_REPLIES: tuple[str, ...] = tuple(
    text for by_situation in _REPLIES.values() for texts in by_situation.values()
    for text in texts)
_REPLY_NUMBER: dict[str, int] = {text: n for n, text in enumerate(_ALL_REPLIES)}


# --------------------------------------------------------------------------- the simulator


class FleetSimulator:
    """Moves the fleet and reports what its locks and drivers' apps would send.

    Call :meth:`step` with the real time elapsed (the server does so 4 times a second).
    :meth:`inject_incident` makes an incident happen at the next step (tests, demos);
    :meth:`on_dispatcher_message` is the simulated driver app receiving a dispatcher's message.
    """

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
        self._net = _Network()
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

    def _report_lock(self, i: int, now: float, code: int, actor: str) -> None:
        self._lock[i] = code
        self.sink.report_lock_state(self.lock_ids[i], now, LOCK_CODES[code], actor)

    # ------------------------------------------------------------------ stepping

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
        for i in drv[(left <= 0) & ~arrived].tolist():
            self._start_rest(i)
        for i in drv[arrived].tolist():
            self._arrive(i, now)

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
            self._report_lock(i, now, UNLOCKED, "driver_app")
        site = self._net.sites[self._net.routes[int(self._route[i])].destination]
        if site.kind is GeofenceKind.TERMINAL:
            self._terminal_maintenance(i)

    def _terminal_maintenance(self, i: int) -> None:
        """At a terminal: a cut seal is replaced, a flagged dirty connector cleaned, battery
        swapped when low. (The sink has no "seal replaced" report; the new serial stays here.)"""
        if self._cut[i]:
            self._cut[i] = False
            self._seal_ids[i] = f"FS-{self._rng.getrandbits(32):08X}"
            self._drift[i] = 0.0
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
                self._phase[i] = DRIVING
                self._timer[i] = NEVER
            elif phase == WAITING:
                self._depart(i, now)
            elif phase == UNLOADING:
                self._set_route(i, self._choose_next_route(i))
                load_s = self._rng.uniform(15.0, 60.0) * MIN
                trip = self._new_trip(i, now, load_s + 10 * MIN)
                self._trips[i] = trip
                self.sink.report_trip(trip, now, "planned", self._driver_id_of(i))
                self._phase[i] = LOADING
                self._timer[i] = t + load_s
            elif phase == LOADING:
                if self._lock[i] == SHACKLE_OPEN and self._relock_at[i] < NEVER:
                    self._timer[i] = self._relock_at[i] + 1.0
                    continue
                if self._lock[i] != LOCKED:
                    self._fix_now(i, now)
                    self._report_lock(i, now, LOCKED, "driver_app")
                self._phase[i] = WAITING
                self._timer[i] = t + self._rng.uniform(3.0, 15.0) * MIN

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

    # ------------------------------------------------------------------ incidents

    def inject_incident(self, kind: str, lock_id: str | None = None) -> str:
        """Make an incident happen at the next :meth:`step`; returns the lock it happens to.

        Kinds: ``INCIDENT_KINDS``. Without ``lock_id`` a suitable trailer is picked (on the road
        and locked for the tamper kinds), preferring the first carrier's fleet: that is where the
        default dispatcher account is, so a demo's injected incident is seen at once.
        """
        if kind not in INCIDENT_KINDS:
            raise ValueError(f"unknown incident kind {kind!r}; one of {', '.join(INCIDENT_KINDS)}")
        if lock_id is None:
            pending = {i for _, i in self._queued}
            picked = self._pick(kind, prefer_first=True, exclude=pending)
            if picked is None:
                raise LookupError(f"no trailer is in a state where {kind} can happen")
            i = picked
        else:
            if lock_id not in self._lock_index:
                raise KeyError(f"no lock {lock_id!r} in the simulated fleet")
            i = self._lock_index[lock_id]
        self._queued.append((kind, i))
        return self.lock_ids[i]

    def _candidates(self, kind: str) -> B:
        on_road: B = (self._phase == DRIVING) | ((self._phase == PARKED)
                                                 & (self._park_reason == REST))
        calm: B = on_road & (self._lock == LOCKED) & (self._relock_at >= NEVER)
        out: B
        if kind == "fiber_cut":
            out = calm & ~self._cut
        elif kind in ("forced_entry", "unlock_outside"):
            out = calm
        elif kind == "battery_low":
            out = self._battery >= 20.0
        elif kind == "gps_loss":
            out = on_road & self._gps_ok
        else:  # fiber_degraded
            out = ~self._degrading & ~self._cut
        return out

    def _pick(self, kind: str, *, prefer_first: bool, exclude: set[int] | None = None
              ) -> int | None:
        mask = self._candidates(kind)
        if exclude:
            mask[sorted(exclude)] = False
        if prefer_first and (mask & self._first_carrier).any():
            mask &= self._first_carrier
        cands = np.flatnonzero(mask)
        if cands.size == 0:
            return None
        if kind != "unlock_outside":
            return int(cands[self._rng.randrange(cands.size)])
        # It should be an unlock *outside* every geofence: try a few random candidates.
        chosen = int(cands[0])
        for _ in range(20):
            chosen = int(cands[self._rng.randrange(cands.size)])
            lat, lon, _h = self._positions(np.array([chosen], dtype=np.int64))
            if self._fences.locate(float(lat[0]), float(lon[0])) is None:
                break
        return chosen

    def _random_incidents(self, now: float) -> None:
        while self._next_incident <= self._t_sim:
            self._next_incident = self._draw_next_incident_after(self._next_incident)
            kind = self._rng.choices(INCIDENT_KINDS, weights=INCIDENT_WEIGHTS)[0]
            i = self._pick(kind, prefer_first=False)
            if i is not None:
                self._apply_incident(kind, i, now)

    def set_incident_rate(self, per_trailer_hour: float) -> None:
        """Change the rate of random incidents from now on (the next one is drawn anew)."""
        if per_trailer_hour < 0:
            raise ValueError("the incident rate cannot be negative")
        self.incident_rate = float(per_trailer_hour)
        self._next_incident = self._draw_next_incident_after(self._t_sim)

    def _draw_next_incident_after(self, t: float) -> float:
        """Poisson arrivals in sim time: the fleet's rate is trailers x rate per trailer-hour."""
        rate = len(self.lock_ids) * self.incident_rate / HOUR  # per sim second
        return t + self._rng.expovariate(rate) if rate > 0 else NEVER

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

    def _apply_incident(self, kind: str, i: int, now: float) -> None:
        rng = self._rng
        lid = self.lock_ids[i]
        sink = self.sink
        self.incident_counts[kind] += 1
        on_road = int(self._phase[i]) in (DRIVING, PARKED)
        if kind == "fiber_cut":
            # Thieves cut seals where trucks stand: the trailer is parked at a rest stop.
            self._park_for(i, CUT_STOP, rng.uniform(15.0, 40.0) * MIN)
            self._fix_now(i, now)
            self._cut[i] = True
            level = self._level(i)
            sink.report_tamper(lid, now, TamperKind.FIBER_CUT, level)
            sink.report_sample(lid, now, level, round(float(self._battery[i]), 1))
        elif kind == "forced_entry":
            hold = rng.uniform(20.0, 60.0) * MIN
            self._park_for(i, FORCED_STOP, hold)
            self._fix_now(i, now)
            sink.report_tamper(lid, now, TamperKind.FORCED_ENTRY, None)
            self._report_lock(i, now, SHACKLE_OPEN, "unknown")
            self._relock_at[i] = self._t_sim + hold
            self._relock_actor[i] = RELOCK_ACTORS.index("key")
        elif kind == "unlock_outside":
            hold = rng.uniform(5.0, 20.0) * MIN
            self._park_for(i, UNLOCK_STOP, hold)
            self._fix_now(i, now)
            self._report_lock(i, now, UNLOCKED, "driver_app")
            if on_road or self._phase[i] == WAITING:
                self._relock_at[i] = self._t_sim + hold
                self._relock_actor[i] = RELOCK_ACTORS.index("driver_app")
        elif kind == "battery_low":
            self._battery[i] = rng.uniform(8.0, 14.0)
            sink.report_sample(lid, now, self._level(i), round(float(self._battery[i]), 1))
        elif kind == "gps_loss":
            self._fix_now(i, now)  # the last good position before the outage
            self._gps_ok[i] = False
            self._gps_until[i] = self._t_sim + rng.uniform(2.0, 8.0) * MIN
            sink.report_gps(lid, now, False)
        elif kind == "fiber_degraded":
            # A connector that has been getting dirtier unnoticed; it crosses the 3 dB line
            # within roughly 15-30 sim minutes.
            self._degrading[i] = True
            self._degraded_reported[i] = False
            self._atten[i] = max(float(self._atten[i]), 2.0)
            self._atten_target[i] = max(float(self._atten_target[i]), rng.uniform(4.0, 6.0))
            self._atten_rate[i] = rng.uniform(2.0, 4.0) / HOUR

    # ------------------------------------------------------------------ driver apps and messages

    def _driver_apps(self, now: float) -> None:
        due = np.flatnonzero(self._app_flaky & (self._app_next <= self._t_sim))
        for d in due.tolist():
            self._switch_app(d, not bool(self._app_online[d]), now)

    def _switch_app(self, d: int, online: bool, now: float) -> None:
        if online:
            self._app_next[d] = self._t_sim + self._rng.expovariate(1 / (3 * HOUR))
            for entry in self._inbox:  # what waited for the phone arrives now
                if entry["driver"] == d and entry["waiting"]:
                    entry["waiting"] = False
                    entry["due"] = self._t_sim + self._rng.uniform(1.0, 5.0) * self.app_delay_scale
        else:
            self._app_next[d] = self._t_sim + self._rng.uniform(5.0, 30.0) * MIN
        if online == bool(self._app_online[d]):
            return
        self._app_online[d] = online
        self.sink.report_driver_app(self.driver_ids[d], now, online)

    def set_driver_app_online(self, driver_id: str, online: bool) -> None:
        """Switch a driver's phone app on or off at the next :meth:`step` (tests, demos).

        A forced-off app comes back by itself after 5-30 sim minutes, like a flaky one.
        """
        d = self._driver_index[driver_id]
        self._app_flaky[d] = True
        self._queued_apps.append((d, online))

    def on_dispatcher_message(self, msg: DriverMessage) -> None:
        """The driver's app receives a dispatcher's message (called by the cloud).

        Receipts follow in sim time: "delivered" 1-5 s later (once the app is online), "read"
        5-30 s after that, and with ``reply_probability`` (half the time by default) a reply in
        the driver's language 10-40 s later; every delay is multiplied by ``app_delay_scale``.
        """
        if msg.direction is not MessageDirection.TO_DRIVER:
            return
        d = self._driver_index.get(msg.driver_id)
        if d is None:
            return
        self._msg_seq += 1
        self._inbox.append({
            "seq": self._msg_seq, "id": msg.id, "driver": d, "stage": "delivered",
            "due": self._t_sim + self._rng.uniform(1.0, 5.0) * self.app_delay_scale,
            "waiting": False, "reply": self._rng.random() < self.reply_probability,
        })

    def _messages(self, now: float) -> None:
        if not self._inbox:
            return
        t = self._t_sim
        keep: list[dict[str, Any]] = []
        for entry in sorted(self._inbox, key=lambda e: (e["due"], e["seq"])):
            if entry["waiting"] or entry["due"] > t:
                keep.append(entry)
                continue
            d = int(entry["driver"])
            if not self._app_online[d]:
                entry["waiting"] = True
                keep.append(entry)
                continue
            stage = entry["stage"]
            if stage == "delivered":
                self.sink.report_message_status(entry["id"], now, "delivered")
                entry["stage"] = "read"
                entry["due"] = t + self._rng.uniform(5.0, 30.0) * self.app_delay_scale
                keep.append(entry)
            elif stage == "read":
                self.sink.report_message_status(entry["id"], now, "read")
                if entry["reply"]:
                    entry["stage"] = "reply"
                    entry["due"] = t + self._rng.uniform(10.0, 40.0) * self.app_delay_scale
                    keep.append(entry)
            else:
                self.sink.report_driver_reply(self.driver_ids[d], now, self._reply_text(d),
                                              entry["id"])
        keep.sort(key=lambda e: e["seq"])
        self._inbox = keep

    def _reply_text(self, d: int) -> str:
        i = self._driver_trailer[d]
        if i < 0:
            situation = "parked"
        elif self._cut[i]:
            situation = "cut"
        elif self._lock[i] == SHACKLE_OPEN:
            situation = "forced"
        elif self._lock[i] == UNLOCKED and self._phase[i] in (DRIVING, PARKED):
            situation = "unlocked"
        elif self._phase[i] in (UNLOADING, LOADING, WAITING):
            situation = "site"
        elif self._phase[i] == PARKED:
            situation = "parked"
        else:
            situation = "driving"
        options = _REPLIES[self._languages[d]][situation]
        k = self._rng.randrange(len(options))  # one draw, as random.choice makes
        if options[k] == self._last_reply_text(d) and len(options) > 1:
            k = (k + 1) % len(options)  # people do not answer twice in the same words
        self._last_reply[d] = _REPLY_NUMBER[options[k]]
        return options[k]

    def _last_reply_text(self, d: int) -> str | None:
        n = int(self._last_reply[d])
        return _ALL_REPLIES[n] if n >= 0 else None

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

    # ------------------------------------------------------------------ checkpoint / restore

    _ARRAYS = (
        "_phase", "_timer", "_park_reason", "_route", "_corr", "_start_m", "_dir", "_length",
        "_progress", "_cruise", "_speed", "_drive_left", "_lock", "_relock_at", "_relock_actor",
        "_gps_ok", "_gps_until", "_drift", "_atten", "_atten_rate", "_atten_target",
        "_degrading", "_degraded_reported", "_cut", "_drain", "_last_sample_t", "_battery",
        "_last_fix_slot", "_last_sample_slot", "_app_online", "_app_flaky", "_app_next",
        "_last_reply",
    )
    #: Arrays added after checkpoint version 1 was first written: an older checkpoint without
    #: them keeps their fresh values.
    _LATER_ARRAYS = frozenset({"_last_reply"})

    def _fleet_fingerprint(self) -> str:
        text = "|".join(self.lock_ids) + "#" + "|".join(self.driver_ids)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def checkpoint(self) -> dict[str, Any]:
        """Everything needed to continue later, as plain JSON-serialisable data.

        Per-trailer arrays are stored as base64 of their little-endian bytes: exact (a restored
        simulator continues bit for bit) and ~4x smaller and faster than lists of floats, which
        matters at 10,000 trailers with a checkpoint every few seconds.
        """
        version, internal, gauss = self._rng.getstate()
        return {
            "version": CHECKPOINT_VERSION,
            "fleet": self._fleet_fingerprint(),
            "network": self._net.fingerprint,
            "t_sim": self._t_sim,
            "t_real": self._t_real,
            "announced": self._announced,
            "rng": [version, list(internal), gauss],
            "np_rng": self._np.bit_generator.state,
            "arrays": {name: _pack(getattr(self, name)) for name in self._ARRAYS},
            # Only a trip's times: its id, places and route follow from trip_count and _route.
            "trips": [None if t is None else [t.window_start, t.window_end, t.departed_at,
                                              t.arrived_at] for t in self._trips],
            "trip_count": list(self._trip_count),
            "seal_ids": list(self._seal_ids),
            "inbox": [dict(e) for e in self._inbox],
            "msg_seq": self._msg_seq,
            "queued": [[k, i] for k, i in self._queued],
            "queued_apps": [[d, on] for d, on in self._queued_apps],
            "incident_counts": dict(self.incident_counts),
            "next_incident": self._next_incident,
        }

    def restore(self, state: dict[str, Any]) -> None:
        """Continue from a :meth:`checkpoint` of a simulator of the same fleet and roads."""
        if state.get("version") != CHECKPOINT_VERSION:
            raise ValueError(f"unsupported checkpoint version {state.get('version')!r}")
        if state["fleet"] != self._fleet_fingerprint():
            raise ValueError("checkpoint is of a different fleet")
        if state["network"] != self._net.fingerprint:
            raise ValueError("checkpoint is of a different road network")
        self._t_sim = float(state["t_sim"])
        self._t_real = float(state["t_real"])
        self._announced = bool(state["announced"])
        version, internal, gauss = state["rng"]
        self._rng.setstate((int(version), tuple(int(x) for x in internal), gauss))
        self._np.bit_generator.state = state["np_rng"]
        for name in self._ARRAYS:
            current = getattr(self, name)
            if name in self._LATER_ARRAYS and name not in state["arrays"]:
                continue
            values = _unpack(state["arrays"][name], current.dtype)
            if values.shape != current.shape:
                raise ValueError(f"checkpoint array {name} has the wrong shape")
            setattr(self, name, values)
        self._trip_count = [int(x) for x in state["trip_count"]]
        self._trips = [None if t is None else self._trip(i, *t)
                       for i, t in enumerate(state["trips"])]
        self._seal_ids = [str(x) for x in state["seal_ids"]]
        self._inbox = [dict(e) for e in state["inbox"]]
        self._msg_seq = int(state["msg_seq"])
        self._queued = [(str(k), int(i)) for k, i in state["queued"]]
        self._queued_apps = [(int(d), bool(on)) for d, on in state["queued_apps"]]
        self.incident_counts = {k: int(state["incident_counts"].get(k, 0))
                                for k in INCIDENT_KINDS}
        self._next_incident = float(state["next_incident"])


# --------------------------------------------------------------------------- saturation bursts

#: A parked lock in a burst drives at this speed, so every fix of the burst is a move.
BURST_PARKED_SPEED_KMH = 50.0
#: Where a lock that never reported a fix starts a burst (Laredo, TX, by the World Trade Bridge).
BURST_DEPOT = (27.5036, -99.5076)
#: Latitudes a burst's straight tracks stay within (they turn back at the limit).
BURST_MAX_LAT = 80.0

@dataclass(frozen=True)
class FixBurst:
    """GPS fixes recorded up front for a saturation burst, round by round: every lock once a
    round, the rounds one second apart (the last round may be partial).

    Kept as arrays (about 44 bytes a fix), so five million fixes fit in memory; :meth:`rows`
    turns one event's worth into rows when it is logged.
    """

    lock_ids: list[str]
    #: index into ``lock_ids`` of each fix's lock
    lock: npt.NDArray[np.int32]
    ts: F64
    lat: F64
    lon: F64
    speed: F64
    heading: F64

    def __len__(self) -> int:
        return int(self.ts.size)

    def rows(self, start: int, stop: int) -> list[PositionRow]:
        ids = self.lock_ids
        part = slice(start, stop)
        return list(zip([ids[i] for i in self.lock[part].tolist()], self.ts[part].tolist(),
                        self.lat[part].tolist(), self.lon[part].tolist(),
                        self.speed[part].tolist(), self.heading[part].tolist(), strict=True))


def record_fix_burst(starts: list[tuple[str, Position | None]], positions: int,
                     start_ts: float) -> FixBurst:
    """``positions`` fixes of the locks in ``starts`` (each with its last known position).

    Each lock goes on along its heading at its speed (a parked one at BURST_PARKED_SPEED_KMH, a
    lock with no fix yet from BURST_DEPOT), one round a second from ``start_ts``: straight
    tracks, rounded as a GPS reports them (1e-5 degrees, 0.1 km/h and degree).
    """
    n_locks = len(starts)
    if n_locks == 0 or positions < 1:
        raise ValueError("a burst needs at least one lock and one fix")
    rounds = -(-positions // n_locks)
    lat0 = np.array([BURST_DEPOT[0] if p is None else p.lat for _, p in starts])
    lon0 = np.array([BURST_DEPOT[1] if p is None else p.lon for _, p in starts])
    speed = np.array([0.0 if p is None else p.speed_kmh for _, p in starts])
    heading = np.array([float(i * 37 % 360) if p is None else p.heading_deg
                        for i, (_, p) in enumerate(starts)])
    speed = np.where(speed >= 1.0, speed, BURST_PARKED_SPEED_KMH)
    step_deg = speed / 3.6 / M_PER_DEG  # one second of driving, in degrees of latitude
    rad = np.radians(heading)
    k = np.arange(1, rounds + 1, dtype=np.float64)[:, None]
    # Straight north-south legs that turn back at BURST_MAX_LAT (a triangle wave).
    north = lat0 + k * step_deg * np.cos(rad)
    span = 2.0 * BURST_MAX_LAT
    lat = BURST_MAX_LAT - np.abs((north + BURST_MAX_LAT) % (2.0 * span) - span)
    # East-west: integrate round by round, a degree of longitude shrinking with latitude.
    dlon = step_deg * np.sin(rad) / np.cos(np.radians(lat))
    lon = (lon0 + np.cumsum(dlon, axis=0) + 180.0) % 360.0 - 180.0
    take = slice(0, positions)
    return FixBurst(
        lock_ids=[lock_id for lock_id, _ in starts],
        lock=np.tile(np.arange(n_locks, dtype=np.int32), rounds)[take],
        ts=(start_ts + k - 1.0 + np.zeros(n_locks)).ravel()[take],
        # + 0.0 turns a rounded -0.0 into 0.0
        lat=(np.round(lat, 5) + 0.0).ravel()[take],
        lon=(np.round(lon, 5) + 0.0).ravel()[take],
        speed=np.broadcast_to(np.round(speed, 1), (rounds, n_locks)).ravel()[take],
        heading=np.broadcast_to(np.round(heading, 1) % 360.0, (rounds, n_locks)).ravel()[take],
    )


def _pack(values: npt.NDArray[Any]) -> dict[str, Any]:
    dtype = values.dtype.newbyteorder("<")
    raw = values.astype(dtype, copy=False).tobytes()
    return {"dtype": dtype.str, "n": int(values.size), "b64": base64.b64encode(raw).decode()}


def _unpack(packed: dict[str, Any], dtype: np.dtype[Any]) -> npt.NDArray[Any]:
    raw = base64.b64decode(packed["b64"])
    values = np.frombuffer(raw, dtype=np.dtype(packed["dtype"])).astype(dtype)
    if values.size != int(packed["n"]):
        raise ValueError("checkpoint array is truncated")
    return values


__all__ = [
    "INCIDENT_KINDS",
    "FixBurst",
    "FleetSimulator",
    "build_fleet",
    "record_fix_burst",
]
