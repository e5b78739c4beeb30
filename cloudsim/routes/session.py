"""Signing in and out."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from fastapi.responses import Response

from cloudsim.web import Service, Who, bearer_token, json_response, refusals
from opticallock.protocol import API_PREFIX, LoginRequest, Session

router = APIRouter(prefix=API_PREFIX)


@router.post("/session", response_model=Session, status_code=201,
             responses=refusals(401, 413, 422, 429), tags=["session"])
async def login(service: Service, request: Request, body: LoginRequest) -> Response:
    """Exchange username and password for a bearer token (429 after too many failures)."""
    address = request.client.host if request.client else None
    # scrypt takes ~50 ms: run it off the loop so the stream keeps flowing.
    session = await asyncio.to_thread(service.login, body.username, body.password, address)
    return json_response(session, 201)


@router.delete("/session", status_code=204, responses=refusals(401), tags=["session"])
async def logout(service: Service, request: Request, who: Who) -> Response:
    """Revoke the token used for this request."""
    service.revoke(bearer_token(request.headers.get("authorization")) or "")
    return Response(status_code=204)
