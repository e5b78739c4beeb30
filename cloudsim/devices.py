"""The boundary between the simulated hardware (locks, driver apps) and the cloud's logic.

The simulator plays the devices: it only *reports* what a lock or a driver's phone would send.
The cloud (:class:`cloudsim.service.CloudService`) turns reports into logged events and applies
its rules (alarms, merging, geofence enter/exit, battery-low thresholds). Keeping the two apart
means the alarm rules are the cloud's, as in production, and the simulator stays replaceable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from opticallock.protocol import (
    Driver,
    DriverMessage,
    Geofence,
    Language,
    LockState,
    TamperKind,
    Trailer,
    Trip,
)


class DeviceSink(Protocol):
    """What the simulated devices call. Implemented by the cloud service."""

    def report_fix(self, lock_id: str, ts: float, lat: float, lon: float, speed_kmh: float,
                   heading_deg: float) -> None:
        """A GPS fix from a lock."""

    def report_sample(self, lock_id: str, ts: float, fiber_dbm: float, battery_pct: float) -> None:
        """A periodic health sample: received optical power through the seal loop, battery."""

    def report_lock_state(self, lock_id: str, ts: float, state: LockState, actor: str,
                          code: str | None = None) -> None:
        """The lock was locked/unlocked (actor "driver_app" or "key") or its shackle forced
        open (state SHACKLE_OPEN, actor "unknown"). An unlock may carry the one-time ``code``
        the driver entered (an approved unlock request's): the cloud judges whether it was
        valid there and then."""

    def report_tamper(self, lock_id: str, ts: float, kind: TamperKind, fiber_dbm: float | None
                      ) -> None:
        """The lock's electronics detected tampering (fiber cut/degraded, forced entry)."""

    def report_gps(self, lock_id: str, ts: float, ok: bool) -> None:
        """The lock lost (ok=False) or regained (ok=True) its GPS fix."""

    def report_driver_app(self, driver_id: str, ts: float, online: bool) -> None:
        """A driver's phone app went online/offline."""

    def report_message_status(self, message_id: str, ts: float, status: str) -> None:
        """The driver app confirms a dispatcher's message was "delivered" or "read"."""

    def report_driver_reply(self, driver_id: str, ts: float, text: str, reply_to: str | None
                            ) -> None:
        """The driver typed a reply in the app."""

    def report_trip(self, trip: Trip, ts: float, phase: str, driver_id: str | None) -> None:
        """A trailer got a planned trip ("planned"), left its origin ("departed") or reached its
        destination ("arrived"). A trip already under way when the cloud starts is reported
        once, as departed."""

    def report_seal_issue(self, lock_id: str, ts: float, trip_id: str | None) -> str | None:
        """The trailer needs a seal for a trip: the carrier's seal desk gives it one from its
        stock; returns the seal's number (None: no seal was issued)."""

    def report_seal_applied(self, lock_id: str, ts: float, read_back: str, photo_ref: str
                            ) -> None:
        """The driver app fitted the seal issued to this lock: ``read_back`` is the number the
        driver read off it, ``photo_ref`` the photo taken of it."""

    def report_seal_checked(self, lock_id: str, ts: float, actor: str, geofence_id: str | None
                            ) -> None:
        """Someone (``actor``: "cbp:<crossing>", "terminal:<name>") saw the fitted seal."""

    def report_seal_replacement(self, lock_id: str, ts: float, actor: str,
                                geofence_id: str | None) -> str | None:
        """Maintenance took the fitted (damaged) seal off and fitted a new one from stock;
        returns the new seal's number (None: nothing was replaced)."""

    def report_unlock_request(self, lock_id: str, ts: float, request_id: str, reason: str
                              ) -> None:
        """The driver app asks the cloud to authorise an unlock (``reason``: "delivery",
        "inspection"); the decision comes back to the app as an update of the request."""

    def report_duress(self, lock_id: str, ts: float) -> None:
        """The driver of the trailer with this lock entered the duress code in the app (it
        looks to anyone watching like an ordinary sign-in)."""


#: The OpticalLock fiber seal: ISO 17712 class H, numbered by its maker with this prefix and
#: seven digits (the fleet's first seals, then the stock's batches, in one sequence).
SEAL_PREFIX = "OLF"
SEAL_MANUFACTURER = "OpticalLock"
#: The seals fitted when the fleet is built are numbered from here (one a trailer)...
FIRST_FITTED_SEAL = 100_000
#: ... and the seals the carriers buy as stock from here.
FIRST_STOCK_SEAL = 1_000_000


def seal_number(n: int) -> str:
    """The printed number of the maker's ``n``-th seal, e.g. ``OLF0100042``."""
    return f"{SEAL_PREFIX}{n:07d}"


@dataclass
class CarrierFleet:
    """One carrier's fleet as the simulator built it."""

    carrier_id: str
    carrier_name: str
    trailers: list[Trailer] = field(default_factory=list)
    drivers: list[Driver] = field(default_factory=list)
    #: lock_id -> (seal_id, baseline fiber dBm, battery %) at creation.
    locks: dict[str, tuple[str, float, float]] = field(default_factory=dict)


@dataclass
class FleetDefinition:
    """Everything static the cloud needs to know about the simulated world."""

    carriers: list[CarrierFleet]
    geofences: list[Geofence]


__all__ = [
    "FIRST_FITTED_SEAL",
    "FIRST_STOCK_SEAL",
    "SEAL_MANUFACTURER",
    "SEAL_PREFIX",
    "CarrierFleet",
    "DeviceSink",
    "Driver",
    "DriverMessage",
    "FleetDefinition",
    "Geofence",
    "Language",
    "seal_number",
]
