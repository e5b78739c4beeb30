"""Authorised unlocks: the driver app asks, a dispatcher approves (a one-time code valid in one
geofence for a time window) or refuses (with a reason), and the cloud judges every unlock.

Every request and decision is an ``unlock_request`` event (requested, approved, refused, used,
expired). A pending request with no decision expires after ``unlock_request_ttl_s``; an
approved one expires at its ``valid_until`` if not used. An unlock is authorised when it comes
with the code of an approved request of that lock, inside its geofence and window: the
``lock_state`` event then names the request (``authorisation_id``) and the request is used.
Any other unlock (no code, refused, expired, used already, elsewhere or too late) raises
``unauthorised_unlock`` inside a geofence, ``unlock_outside_geofence`` outside every one.

The simulated driver apps hear of decisions through ``unlock_listeners`` (as the real app would
through its push channel).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Sequence
from typing import Any, Literal

from cloudsim.db import Database
from cloudsim.devices import FleetDefinition
from cloudsim.service.core import ApiError, Principal, _iso
from cloudsim.service.seals import SealLedger
from opticallock.protocol import (
    AlarmType,
    ApproveUnlockRequest,
    ConflictBody,
    Lock,
    RefuseUnlockRequest,
    UnlockRequest,
    UnlockRequestEvent,
    UnlockRequestState,
)

#: A request nobody decided on expires this long after it was made (the driver app may ask
#: again).
UNLOCK_REQUEST_TTL_S = 15 * 60.0

Phase = Literal["requested", "approved", "refused", "used", "expired"]


class UnlockAuthorisations(SealLedger):
    """Unlock requests, the dispatchers' decisions on them, and the rule that judges unlocks."""

    def __init__(self, db: Database, definition: FleetDefinition,
                 clock: Callable[[], float] = time.time) -> None:
        super().__init__(db, definition, clock)
        #: How long a request waits for a decision before it expires.
        self.unlock_request_ttl_s = UNLOCK_REQUEST_TTL_S
        #: Called with a request each time it is decided, used or expires (the driver apps).
        self.unlock_listeners: list[Callable[[UnlockRequest], None]] = []

    # ------------------------------------------------------------------ logging

    def _log_request(self, cid: str, phase: Phase, request: UnlockRequest, ts: float) -> None:
        """Log a request's change and keep its row; tell the driver apps unless it is new."""
        with self.db.transaction() as conn:
            self.emit(cid, UnlockRequestEvent(seq=1, ts=ts, phase=phase, request=request))
            conn.execute(
                "INSERT INTO unlock_requests (id, carrier_id, lock_id, state, requested_at, "
                "code, body) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
                "state = excluded.state, code = excluded.code, body = excluded.body",
                (request.id, cid, request.lock_id, request.state.value, request.requested_at,
                 request.code, request.model_dump_json()))
        if phase != "requested":
            for listener in self.unlock_listeners:
                listener(request)

    # ------------------------------------------------------------------ DeviceSink

    def report_unlock_request(self, lock_id: str, ts: float, request_id: str, reason: str
                              ) -> None:
        ctx = self._lock_ctx(lock_id)
        if ctx is None:
            return
        cid, lock = self._current(*ctx)
        if self.db.one("SELECT 1 FROM unlock_requests WHERE id = ?", (request_id,)) is not None:
            return  # asked already (the app resent it)
        trailer = self.logs[cid].state.trailers[lock.trailer_id]
        trip = trailer.trip
        request = UnlockRequest(
            id=request_id, trailer_id=lock.trailer_id, lock_id=lock_id,
            driver_id=trailer.driver_id, requested_at=ts, position=lock.position,
            geofence_id=lock.geofence_id, trip_id=None if trip is None else trip.id,
            destination_id=None if trip is None else trip.destination_id, reason=reason[:200],
            state=UnlockRequestState.PENDING)
        self._log_request(cid, "requested", request, ts)

    # ------------------------------------------------------------------ reading

    def unlock_request(self, who: Principal, request_id: str) -> UnlockRequest:
        row = self.db.one("SELECT body FROM unlock_requests WHERE id = ? AND carrier_id = ?",
                          (request_id, who.carrier_id))
        if row is None:
            raise ApiError(404, "not_found", f"No unlock request {request_id!r} for your carrier.")
        return UnlockRequest.model_validate_json(row[0])

    def unlock_requests(self, who: Principal, state: UnlockRequestState | None, limit: int
                        ) -> list[UnlockRequest]:
        """The carrier's requests, newest first, optionally in one state."""
        sql = "SELECT body FROM unlock_requests WHERE carrier_id = ?"
        params: list[Any] = [who.carrier_id]
        if state is not None:
            sql += " AND state = ?"
            params.append(state.value)
        rows = self.db.all(sql + " ORDER BY requested_at DESC, id DESC LIMIT ?", [*params, limit])
        return [UnlockRequest.model_validate_json(r[0]) for r in rows]

    # ------------------------------------------------------------------ decisions

    def approve_unlock(self, who: Principal, request_id: str, req: ApproveUnlockRequest
                       ) -> tuple[int, str]:
        """Approve once per request_id: a one-time code for a geofence and a time window."""
        return self._once(who, req.request_id, "unlock_approve", request_id, 200,
                          lambda: self._approve(who, request_id, req))

    def refuse_unlock(self, who: Principal, request_id: str, req: RefuseUnlockRequest
                      ) -> tuple[int, str]:
        return self._once(who, req.request_id, "unlock_refuse", request_id, 200,
                          lambda: self._refuse(who, request_id, req))

    def _pending(self, who: Principal, request_id: str) -> UnlockRequest:
        request = self.unlock_request(who, request_id)
        if request.state is UnlockRequestState.PENDING:
            return request
        by: str | None
        at: float | None
        if request.state is UnlockRequestState.EXPIRED and request.decided_by is None:
            by, at = None, request.requested_at + self.unlock_request_ttl_s
            error, message = "request_expired", f"Nobody decided in time: it expired at {_iso(at)}."
        else:
            error = "already_decided"
            by, at = request.decided_by, request.decided_at
            verb = "approved" if request.valid_until is not None else "refused"
            message = f"Already {verb} by {by} at {_iso(at or 0)}."
        raise ApiError(409, error, message, ConflictBody(error=error, message=message, by=by,
                                                         at=at, unlock_request=request))

    def _approve(self, who: Principal, request_id: str, req: ApproveUnlockRequest
                 ) -> UnlockRequest:
        request = self._pending(who, request_id)
        fence = req.geofence_id or request.geofence_id or request.destination_id
        if fence is None:
            raise ApiError(422, "geofence_required",
                           "The trailer is in no geofence and has no trip: say where the code "
                           "is valid (geofence_id).")
        if fence not in self.geofence_index.fences:
            raise ApiError(422, "unknown_geofence", f"No geofence {fence!r}.")
        now = self.clock()
        approved = request.model_copy(update={
            "state": UnlockRequestState.APPROVED, "decided_by": who.username, "decided_at": now,
            "valid_geofence_id": fence, "valid_from": now,
            "valid_until": now + req.valid_minutes * 60.0,
            "code": f"{secrets.randbelow(1_000_000):06d}"})
        self._log_request(who.carrier_id, "approved", approved, now)
        return approved

    def _refuse(self, who: Principal, request_id: str, req: RefuseUnlockRequest
                ) -> UnlockRequest:
        request = self._pending(who, request_id)
        now = self.clock()
        refused = request.model_copy(update={
            "state": UnlockRequestState.REFUSED, "decided_by": who.username, "decided_at": now,
            "refusal_reason": req.reason})
        self._log_request(who.carrier_id, "refused", refused, now)
        return refused

    def expire_unlock_requests(self) -> None:
        """Expire the pending requests nobody decided on in time, and the approvals whose
        window closed unused (the server calls this every tick: few requests are open)."""
        now = self.clock()
        for cid, clog in self.logs.items():
            for request in list(clog.state.unlock_requests.values()):
                pending = request.state is UnlockRequestState.PENDING
                due = (request.requested_at + self.unlock_request_ttl_s if pending
                       else request.valid_until or 0.0)
                if due <= now:
                    self._log_request(cid, "expired", request.model_copy(
                        update={"state": UnlockRequestState.EXPIRED}), now)

    def open_unlock_requests(self, carrier_id: str) -> Sequence[UnlockRequest]:
        """A carrier's requests pending or approved and not used yet."""
        return list(self.logs[carrier_id].state.unlock_requests.values())

    # ------------------------------------------------------------------ the rule

    def _authorisation(self, cid: str, lock: Lock, ts: float, code: str | None
                       ) -> tuple[UnlockRequest | None, str]:
        """The approved request an unlock with ``code`` is valid under, or None and why not."""
        if code is None:
            return None, "no authorisation"
        for request in self.logs[cid].state.unlock_requests.values():
            if request.lock_id != lock.id or request.code != code:
                continue
            if request.state is not UnlockRequestState.APPROVED:
                break
            if not (request.valid_from or 0.0) <= ts <= (request.valid_until or 0.0):
                return None, f"the code of {request.id} is outside its time window"
            if lock.geofence_id != request.valid_geofence_id:
                return None, f"the code of {request.id} is valid only at " + self._fence_name(
                    request.valid_geofence_id)
            return request, ""
        row = self.db.one(
            "SELECT body FROM unlock_requests WHERE carrier_id = ? AND lock_id = ? AND code = ? "
            "ORDER BY requested_at DESC LIMIT 1", (cid, lock.id, code))
        if row is None:
            return None, "a code this lock was never given"
        request = UnlockRequest.model_validate_json(row[0])
        if request.state is UnlockRequestState.USED:
            return None, f"the code of {request.id} was used already"
        return None, f"the code of {request.id} expired"

    def _fence_name(self, geofence_id: str | None) -> str:
        fence = self.geofence_index.fences.get(geofence_id or "")
        return fence.name if fence is not None else str(geofence_id)

    def _judge_unlock(self, cid: str, lock: Lock, ts: float, why: str) -> None:
        """The unlock had no valid authorisation (``why``): the critical alarm."""
        trailer = self.logs[cid].state.trailers[lock.trailer_id]
        trip = trailer.trip
        dest = f" (destination: {trip.destination_name})" if trip else ""
        if lock.geofence_id is None:
            self._raise_alarm(cid, lock, AlarmType.UNLOCK_OUTSIDE_GEOFENCE, ts,
                              f"Unlocked outside any geofence without a valid authorisation: "
                              f"{why}{dest}")
        else:
            self._raise_alarm(cid, lock, AlarmType.UNAUTHORISED_UNLOCK, ts,
                              f"Unlocked at {self._fence_name(lock.geofence_id)} without a "
                              f"valid authorisation: {why}{dest}")

    def _use(self, cid: str, request: UnlockRequest, ts: float) -> None:
        self._log_request(cid, "used", request.model_copy(
            update={"state": UnlockRequestState.USED, "used_at": ts}), ts)


def desk_principal(carrier_id: str) -> Principal:
    """Who decides when ``--unlock-approvals auto`` (the simulated carrier desk)."""
    return Principal(username="carrier-desk", display_name="Carrier desk (simulated)",
                     carrier_id=carrier_id)
