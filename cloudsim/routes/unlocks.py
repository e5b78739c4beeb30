"""Unlock requests from the driver apps, and the dispatchers' decisions on them (approve with a
one-time code, refuse with a reason: each safe to retry with the same ``request_id``)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from cloudsim.web import IdPath, Limit, Service, Who, json_response, refusals
from opticallock.protocol import (
    API_PREFIX,
    ApproveUnlockRequest,
    ConflictBody,
    RefuseUnlockRequest,
    UnlockRequest,
    UnlockRequestList,
    UnlockRequestState,
)

router = APIRouter(prefix=API_PREFIX, tags=["unlocks"])

#: A decision: somebody decided first, or nobody did in time (409).
DECISION = refusals(401, 404, 409, 413, 422, conflict=ConflictBody)


@router.get("/unlock-requests", response_model=UnlockRequestList,
            responses=refusals(401, 422))
async def unlock_requests(service: Service, who: Who, state: UnlockRequestState | None = None,
                          limit: Limit = 500) -> Response:
    """The carrier's unlock requests, newest first, optionally only those in one state."""
    return json_response(UnlockRequestList(items=service.unlock_requests(who, state, limit)))


@router.get("/unlock-requests/{unlock_request_id}", response_model=UnlockRequest,
            responses=refusals(401, 404, 422))
async def unlock_request(service: Service, who: Who, unlock_request_id: IdPath) -> Response:
    return json_response(service.unlock_request(who, unlock_request_id))


@router.post("/unlock-requests/{unlock_request_id}/approve", response_model=UnlockRequest,
             responses=DECISION)
async def approve(service: Service, who: Who, unlock_request_id: IdPath,
                  body: ApproveUnlockRequest) -> Response:
    """Approve a pending request: a 6-digit one-time code, valid in one geofence (by default
    the one the trailer is in, else its trip's destination) for ``valid_minutes``. Retrying
    with the same ``request_id`` is safe."""
    status, text = service.approve_unlock(who, unlock_request_id, body)
    return json_response(text, status)


@router.post("/unlock-requests/{unlock_request_id}/refuse", response_model=UnlockRequest,
             responses=DECISION)
async def refuse(service: Service, who: Who, unlock_request_id: IdPath,
                 body: RefuseUnlockRequest) -> Response:
    """Refuse a pending request, with the reason the driver is given. Retrying with the same
    ``request_id`` is safe."""
    status, text = service.refuse_unlock(who, unlock_request_id, body)
    return json_response(text, status)
