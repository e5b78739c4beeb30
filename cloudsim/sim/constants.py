"""The simulated world's units, physics and codes: clocks, the fiber seal's optics, GPS
noise, incident kinds, trailer phases and lock codes, regional speeds and preferences."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from opticallock.protocol import Language, LockState

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
    "seal_mismatch", "inspection_request", "duress",
)
#: Relative frequency of each kind among random incidents (random seal mismatches come from
#: SEAL_MISMATCH_RATE, one draw per seal applied, not from here).
#: Duress is never random: only staged (a quiet alarm nobody expects in a demo would mislead).
INCIDENT_WEIGHTS: tuple[float, ...] = (0.15, 0.10, 0.20, 0.10, 0.30, 0.15, 0.0, 0.05, 0.0)

# Phases of a trailer's life.
DRIVING, PARKED, WAITING, UNLOADING, LOADING, AWAITING_UNLOCK = 0, 1, 2, 3, 4, 5
PHASE_NAMES = ("driving", "parked", "waiting_departure", "unloading", "loading",
               "awaiting_unlock")
# Why a trailer is parked on the road.
REST, CUT_STOP, FORCED_STOP, UNLOCK_STOP = 0, 1, 2, 3
# Lock states as small ints in the arrays.
LOCK_CODES: tuple[LockState, ...] = (LockState.LOCKED, LockState.UNLOCKED, LockState.SHACKLE_OPEN)
LOCKED, UNLOCKED, SHACKLE_OPEN = 0, 1, 2
RELOCK_ACTORS = ("driver_app", "key")
# The seal on a trailer, as the simulated world has it (the cloud's ledger has the record):
# fitted and intact, issued for the next trip but not fitted yet, none, fitted but cut or forced.
SEAL_APPLIED, SEAL_ISSUED, SEAL_NONE, SEAL_TAMPERED = 0, 1, 2, 3
SEAL_STATE_NAMES = ("applied", "issued", "none", "tampered")
#: Share of seal applications whose read-back is not the number issued (while incidents happen).
SEAL_MISMATCH_RATE = 0.01

#: Speed factor per corridor region: Mexican trucks are limited lower, border runs crawl.
REGION_SPEED = {"US": 1.0, "MX": 0.92, "border": 0.5}
#: How much drivers of each language like each region when picking the next trip.
REGION_PREFERENCE = {
    Language.EN: {"US": 1.0, "border": 0.5, "MX": 0.15},
    Language.ES: {"US": 0.6, "border": 2.0, "MX": 3.0},
}
