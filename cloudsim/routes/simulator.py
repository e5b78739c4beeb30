"""Simulator extensions: not part of the OpticalLock API, tools of the reference cloud
(docs/protocol.md, §11)."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from fastapi.responses import Response

from cloudsim.stream import BurstRequest, BurstResult, write_burst
from cloudsim.web import Service, Who, json_response, refusals
from opticallock.protocol import API_PREFIX

router = APIRouter(prefix=API_PREFIX, tags=["simulator"])


@router.post("/sim/burst", response_model=BurstResult, status_code=201,
             responses=refusals(401, 413, 422))
async def sim_burst(service: Service, request: Request, who: Who, body: BurstRequest
                    ) -> Response:
    """Simulator only: log a burst of ``positions`` fixes of your carrier's locks as
    positions events of ``rows_per_event`` rows, for saturation benchmarks."""
    async with _burst_lock(request):  # one burst at a time, so each is one run of seqs
        result = await write_burst(service, who, body.positions, body.rows_per_event)
    return json_response(result, 201)


def _burst_lock(request: Request) -> asyncio.Lock:
    """The application's one burst lock (made on first use, on the serving loop)."""
    lock: asyncio.Lock | None = getattr(request.app.state, "burst_lock", None)
    if lock is None:
        lock = request.app.state.burst_lock = asyncio.Lock()
    return lock
