"""Staged data for the seal ledger's tests: a small fleet with geofences, unlock requests and
seal events, and a fake cloud answer for the typed API (tests of error wording only; the
behaviour is tested against cloudsim)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import httpx
from PySide6.QtCore import QObject

from console.fleet.store import FleetStore
from opticallock.protocol import (
    Carrier,
    CircleShape,
    Driver,
    FleetSnapshot,
    Geofence,
    GeofenceKind,
    Language,
    Lock,
    LockState,
    Position,
    Seal,
    SealAction,
    SealClass,
    SealEvent,
    SealState,
    Trailer,
    Trip,
    UnlockRequest,
    UnlockRequestEvent,
    UnlockRequestState,
)

NOW = time.time()
SEAL = "FS-104233"

GEOFENCES = [
    Geofence(id="GF-PDX", name="Portland Terminal", kind=GeofenceKind.TERMINAL,
             shape=CircleShape(lat=45.55, lon=-122.66, radius_m=800)),
    Geofence(id="GF-SDG", name="San Diego Terminal", kind=GeofenceKind.TERMINAL,
             shape=CircleShape(lat=32.70, lon=-117.15, radius_m=800)),
]


def at(lat: float, lon: float, ts: float = NOW - 120) -> Position:
    return Position(ts=ts, lat=lat, lon=lon, speed_kmh=0.0, heading_deg=0.0)


def make_request(request_id: str = "UR-1", *, trailer: str = "TR-1",
                 state: UnlockRequestState = UnlockRequestState.PENDING,
                 geofence_id: str | None = "GF-PDX", destination_id: str | None = "GF-PDX",
                 requested_at: float = NOW - 90, **kw: Any) -> UnlockRequest:
    number = trailer.split("-")[1]
    return UnlockRequest(id=request_id, trailer_id=trailer, lock_id=f"OL-{number}",
                         driver_id=kw.pop("driver_id", f"DRV-{number}"), requested_at=requested_at,
                         position=kw.pop("position", at(45.55, -122.66)),
                         geofence_id=geofence_id, trip_id="TRIP-1",
                         destination_id=destination_id, reason=kw.pop("reason", "delivery"),
                         state=state, **kw)


def snapshot(*requests: UnlockRequest, seq: int = 10) -> FleetSnapshot:
    trip = Trip(id="TRIP-1", trailer_id="TR-1", origin_id="GF-SDG",
                origin_name="San Diego Terminal", destination_id="GF-PDX",
                destination_name="Portland Terminal", route="I-5 San Diego - Portland",
                window_start=NOW - 86400, window_end=NOW + 3600)
    return FleetSnapshot(
        seq=seq, server_time=NOW, carrier=Carrier(id="frontera", name="Frontera"),
        trailers=[Trailer(id="TR-1", lock_id="OL-1", driver_id="DRV-1", trip=trip),
                  Trailer(id="TR-2", lock_id="OL-2", driver_id="DRV-2")],
        locks=[Lock(id=f"OL-{n}", trailer_id=f"TR-{n}", seal_id=SEAL if n == 1 else "FS-2",
                    state=LockState.LOCKED, fiber_dbm=-11.0, fiber_baseline_dbm=-11.0,
                    battery_pct=80, last_contact=NOW, position=at(45.55, -122.66))
               for n in (1, 2)],
        drivers=[Driver(id="DRV-1", name="Luis Ortega", phone="+1 503 555 0101",
                        language=Language.ES, app_online=True, trailer_id="TR-1"),
                 Driver(id="DRV-2", name="Ana Ruiz", phone="+1 619 555 0102",
                        language=Language.EN, app_online=True, trailer_id="TR-2")],
        alarms=[], unlock_requests=list(requests))


def store_with(*requests: UnlockRequest, parent: QObject | None = None) -> FleetStore:
    store = FleetStore(coalesce_ms=10, parent=parent)
    store.load_snapshot(snapshot(*requests))
    store.set_geofences(GEOFENCES)
    return store


class Feed:
    """Events for a store, in seq order."""

    def __init__(self, store: FleetStore) -> None:
        self.store = store
        assert store.seq is not None
        self.seq = store.seq

    def request(self, request: UnlockRequest, phase: str) -> UnlockRequestEvent:
        self.seq += 1
        event = UnlockRequestEvent(seq=self.seq, ts=NOW, phase=phase,  # type: ignore[arg-type]
                                   request=request)
        self.store.apply_events([event])
        self.store.flush()
        return event


def seal(number: str = SEAL, state: SealState = SealState.APPLIED) -> Seal:
    return Seal(number=number, iso_class=SealClass.HIGH_SECURITY, manufacturer="TydenBrooks",
                state=state, trailer_id="TR-1", lock_id="OL-1", trip_id="TRIP-1")


def seal_chain(number: str = SEAL) -> list[SealEvent]:
    """Issued, applied (read back, photo), checked at a border, removed without authorisation,
    tampered: one of each kind the panel must say differently."""
    def event(seq: int, minutes_ago: float, action: SealAction, actor: str,
              **kw: Any) -> SealEvent:
        return SealEvent(seq=seq, ts=NOW - minutes_ago * 60, action=action, seal=seal(number),
                         trailer_id="TR-1", lock_id="OL-1", trip_id="TRIP-1", actor=actor, **kw)

    return [
        event(3, 600, SealAction.ISSUED, "dispatcher:ana", geofence_id="GF-SDG"),
        event(4, 590, SealAction.APPLIED, "driver:DRV-1", geofence_id="GF-SDG",
              read_back=number, photo_ref="photos/TR-1/applied-0001.jpg"),
        event(7, 300, SealAction.CHECKED, "cbp:Otay Mesa", position=at(32.55, -116.94)),
        event(9, 30, SealAction.REMOVED, "driver:DRV-1", geofence_id="GF-PDX",
              authorised=False),
        event(11, 10, SealAction.TAMPERED, "unknown", note="cut found at the doors"),
    ]


def answering(status: int, body: Any) -> Callable[..., Any]:
    """A ``CloudClient.request``-like callable that always answers ``status`` with ``body``
    (recording what it was asked in ``.calls``)."""
    calls: list[tuple[str, str, Any]] = []

    async def request(method: str, path: str, **kw: Any) -> httpx.Response:
        calls.append((method, path, kw.get("json")))
        if isinstance(body, BaseException):
            raise body
        content = body if isinstance(body, bytes) else json.dumps(body).encode()
        return httpx.Response(status, content=content,
                              request=httpx.Request(method, "http://cloud" + path))

    request.calls = calls  # type: ignore[attr-defined]
    return request
