"""The fleet snapshot and the event log: backfilling gaps, verifying the hash chain."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from cloudsim.service import ApiError
from cloudsim.web import Service, Who, error_response, json_response, refusals
from opticallock.protocol import API_PREFIX, ChainVerification, EventPage, FleetSnapshot

router = APIRouter(prefix=API_PREFIX)


@router.get("/fleet", response_model=FleetSnapshot, responses=refusals(401),
            tags=["fleet"])
async def fleet(service: Service, who: Who) -> Response:
    """The carrier's fleet, consistent with the stream at ``seq``."""
    return json_response(service.snapshot(who))


@router.get("/events", response_model=EventPage,
            responses=refusals(401, 410, 422), tags=["stream"])
async def events(service: Service, who: Who, after: Annotated[int, Query(ge=0)] = 0,
                 limit: Annotated[int, Query(ge=1, le=2000)] = 500) -> Response:
    """Logged events with seq > ``after`` (gap backfill, audit). 410 if compacted away."""
    clog = service.log_for(who)
    where = {"oldest_seq": clog.replay_floor, "head_seq": clog.head_seq}
    if after > clog.head_seq:
        return error_response(410, "resync_required",
                              f"after={after} is ahead of this log (head {clog.head_seq}): "
                              "was the cloud reset? Reload the snapshot.", detail=where)
    try:
        frames = clog.frames_after(after, limit)
    except LookupError:
        return error_response(410, "resync_required",
                              f"Events after {after} are no longer retained (oldest "
                              f"replayable seq is {clog.replay_floor}); reload the snapshot.",
                              detail=where)
    body = ('{"events":[' + ",".join(t for _, t in frames) + "]"
            f',"oldest_seq":{clog.replay_floor},"head_seq":{clog.head_seq}'
            f',"next_after":{frames[-1][0] if len(frames) == limit else "null"}}}')
    return json_response(body)


@router.get("/log/verify", response_model=ChainVerification,
            responses=refusals(400, 401, 422), tags=["stream"])
async def verify(service: Service, who: Who, from_seq: Annotated[int, Query(ge=1)],
                 to_seq: Annotated[int, Query(ge=1)],
                 links: bool = False) -> Response:
    """Recompute the hash chain over a seq range (the audit trail's proof of integrity)."""
    if to_seq < from_seq:
        raise ApiError(400, "invalid_range", "'to_seq' must not be before 'from_seq'.")
    if to_seq - from_seq >= 200_000:
        raise ApiError(400, "invalid_range", "Verify at most 200,000 entries per request.")
    clog = service.log_for(who)
    if from_seq > clog.head_seq:
        raise ApiError(400, "invalid_range", f"The log ends at seq {clog.head_seq}.")
    result = await asyncio.to_thread(clog.verify, from_seq, to_seq, links)
    return json_response(result)
