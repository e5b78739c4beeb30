"""The simulator's test bench: a recording sink and a world with a fake clock (no sleeping)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from cloudsim.sim import FleetSimulator, build_fleet
from opticallock.protocol import (
    DriverMessage,
    LockState,
    MessageDirection,
    MessageStatus,
    TamperKind,
    Trip,
    UnlockRequest,
    UnlockRequestState,
)

CARRIERS = [("frontera", "Frontera Freight Lines"), ("pacifico", "Pacífico Logistics")]
T0 = 1_700_000_000.0


class RecordingSink:
    """Keeps every report as (method, args) in order; fixes and samples also by lock."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[Any, ...]]] = []
        #: Seals handed out for report_seal_issue and report_seal_replacement, numbered like
        #: the cloud's stock.
        self.seals_issued = 0

    def _rec(self, name: str, *args: Any) -> None:
        self.calls.append((name, args))

    def report_fix(self, lock_id: str, ts: float, lat: float, lon: float, speed_kmh: float,
                   heading_deg: float) -> None:
        self._rec("fix", lock_id, ts, lat, lon, speed_kmh, heading_deg)

    def report_sample(self, lock_id: str, ts: float, fiber_dbm: float, battery_pct: float
                      ) -> None:
        self._rec("sample", lock_id, ts, fiber_dbm, battery_pct)

    def report_lock_state(self, lock_id: str, ts: float, state: LockState, actor: str,
                          code: str | None = None) -> None:
        if code is None:
            self._rec("lock_state", lock_id, ts, state, actor)
        else:
            self._rec("lock_state", lock_id, ts, state, actor, code)

    def report_tamper(self, lock_id: str, ts: float, kind: TamperKind, fiber_dbm: float | None
                      ) -> None:
        self._rec("tamper", lock_id, ts, kind, fiber_dbm)

    def report_gps(self, lock_id: str, ts: float, ok: bool) -> None:
        self._rec("gps", lock_id, ts, ok)

    def report_driver_app(self, driver_id: str, ts: float, online: bool) -> None:
        self._rec("driver_app", driver_id, ts, online)

    def report_message_status(self, message_id: str, ts: float, status: str) -> None:
        self._rec("message_status", message_id, ts, status)

    def report_driver_reply(self, driver_id: str, ts: float, text: str, reply_to: str | None
                            ) -> None:
        self._rec("reply", driver_id, ts, text, reply_to)

    def report_trip(self, trip: Trip, ts: float, phase: str, driver_id: str | None) -> None:
        self._rec("trip", trip.model_copy(deep=True), ts, phase, driver_id)

    def _next_seal(self) -> str:
        self.seals_issued += 1
        return f"OLF{9_000_000 + self.seals_issued:07d}"

    def report_seal_issue(self, lock_id: str, ts: float, trip_id: str | None) -> str | None:
        number = self._next_seal()
        self._rec("seal_issued", lock_id, ts, trip_id, number)
        return number

    def report_seal_applied(self, lock_id: str, ts: float, read_back: str, photo_ref: str
                            ) -> None:
        self._rec("seal_applied", lock_id, ts, read_back, photo_ref)

    def report_seal_checked(self, lock_id: str, ts: float, actor: str, geofence_id: str | None
                            ) -> None:
        self._rec("seal_checked", lock_id, ts, actor, geofence_id)

    def report_seal_replacement(self, lock_id: str, ts: float, actor: str,
                                geofence_id: str | None) -> str | None:
        number = self._next_seal()
        self._rec("seal_replaced", lock_id, ts, actor, geofence_id, number)
        return number

    def report_unlock_request(self, lock_id: str, ts: float, request_id: str, reason: str
                              ) -> None:
        self._rec("unlock_request", lock_id, ts, request_id, reason)

    def report_duress(self, lock_id: str, ts: float) -> None:
        self._rec("duress", lock_id, ts)

    def of(self, name: str) -> list[tuple[Any, ...]]:
        return [args for n, args in self.calls if n == name]

    def for_lock(self, name: str, lock_id: str) -> list[tuple[Any, ...]]:
        return [args for n, args in self.calls if n == name and args[0] == lock_id]

    def digest(self) -> str:
        text = json.dumps([(n, [a.model_dump(mode="json") if isinstance(a, Trip) else a
                                for a in args]) for n, args in self.calls], default=str)
        return hashlib.sha256(text.encode()).hexdigest()


class World:
    """A simulator with a fake clock that advances with every step.

    ``approve_unlocks``: after each step, every unlock request made in it is approved with the
    code ``CODE`` (a stand-in for the cloud and a dispatcher); otherwise nobody answers.
    """

    CODE = "424242"

    def __init__(self, n: int = 60, seed: int = 3, *, approve_unlocks: bool = False,
                 **options: Any) -> None:
        self.definition = build_fleet(n, seed, CARRIERS)
        self.sink = RecordingSink()
        self.now = T0
        self.approve_unlocks = approve_unlocks
        self._answered = 0
        self.trailer_of = {t.lock_id: t.id for c in self.definition.carriers
                           for t in c.trailers}
        options.setdefault("incident_rate_per_trailer_hour", 0.0)
        self.sim = FleetSimulator(self.definition, self.sink, seed=seed, clock=self.clock,
                                  **options)

    def clock(self) -> float:
        return self.now

    def run(self, seconds: float, dt: float = 0.25,
            after_step: Callable[[], None] | None = None) -> None:
        for _ in range(round(seconds / dt)):
            self.now += dt
            self.sim.step(dt)
            if self.approve_unlocks:
                self.answer_unlock_requests(UnlockRequestState.APPROVED)
            if after_step is not None:
                after_step()

    def answer_unlock_requests(self, state: UnlockRequestState) -> list[str]:
        """Answer every unlock request not answered yet with ``state``; their ids."""
        asked = self.sink.of("unlock_request")[self._answered:]
        self._answered += len(asked)
        for lock_id, ts, request_id, _reason in asked:
            self.sim.on_unlock_request(UnlockRequest(
                id=request_id, trailer_id=self.trailer_of[lock_id], lock_id=lock_id,
                requested_at=ts, state=state,
                code=self.CODE if state is UnlockRequestState.APPROVED else None))
        return [a[2] for a in asked]

    def mark(self) -> int:
        return len(self.sink.calls)

    def since(self, mark: int, name: str | None = None) -> list[tuple[str, tuple[Any, ...]]]:
        return [(n, a) for n, a in self.sink.calls[mark:] if name is None or n == name]


def dispatcher_message(driver_id: str, n: int, at: float) -> DriverMessage:
    """Message ``n`` from dispatcher ana to a driver, sent at ``at``."""
    return DriverMessage(id=f"MSG-{n:04d}", driver_id=driver_id,
                         direction=MessageDirection.TO_DRIVER, text="Is the seal intact?",
                         status=MessageStatus.SENT, created_at=at, updated_at=at,
                         sent_by="ana")
