"""The fleet snapshot and the event log: backfilling gaps (or reading only some types), the seqs
of a time range, verifying the hash chain."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from cloudsim.service import ApiError
from cloudsim.web import (
    MAX_HISTORY_SPAN_S,
    Service,
    Who,
    error_response,
    json_response,
    refusals,
)
from opticallock.protocol import (
    API_PREFIX,
    ChainVerification,
    EventPage,
    FleetSnapshot,
    LogRange,
)

router = APIRouter(prefix=API_PREFIX)

#: The longest range ``GET /log/range`` answers (as the history endpoints).
MAX_RANGE_S = MAX_HISTORY_SPAN_S


@router.get("/fleet", response_model=FleetSnapshot, responses=refusals(401),
            tags=["fleet"])
async def fleet(service: Service, who: Who) -> Response:
    """The carrier's fleet, consistent with the stream at ``seq``."""
    return json_response(service.snapshot(who))


TypesQuery = Annotated[str | None, Query(
    min_length=1, max_length=400, pattern=r"^[a-z_]+(,[a-z_]+)*$",
    description="Only events of these types, comma-separated (e.g. `seal,unlock_request`)")]


@router.get("/events", response_model=EventPage,
            responses=refusals(401, 410, 422), tags=["stream"])
async def events(service: Service, who: Who, after: Annotated[int, Query(ge=0)] = 0,
                 limit: Annotated[int, Query(ge=1, le=2000)] = 500,
                 types: TypesQuery = None) -> Response:
    """Logged events with seq > ``after`` (gap backfill, audit), only those of ``types`` if
    given. 410 if compacted away."""
    clog = service.log_for(who)
    where = {"oldest_seq": clog.replay_floor, "head_seq": clog.head_seq}
    # A type this log does not know (a newer protocol's) matches nothing.
    wanted = None if types is None else sorted(set(types.split(",")))
    if after > clog.head_seq:
        return error_response(410, "resync_required",
                              f"after={after} is ahead of this log (head {clog.head_seq}): "
                              "was the cloud reset? Reload the snapshot.", detail=where)
    try:
        frames = (clog.frames_after(after, limit) if wanted is None
                  else clog.frames_of_types(after, limit, wanted))
    except LookupError:
        return error_response(410, "resync_required",
                              f"Events after {after} are no longer retained (oldest "
                              f"replayable seq is {clog.replay_floor}); reload the snapshot.",
                              detail=where)
    body = ('{"events":[' + ",".join(t for _, t in frames) + "]"
            f',"oldest_seq":{clog.replay_floor},"head_seq":{clog.head_seq}'
            f',"next_after":{frames[-1][0] if len(frames) == limit else "null"}}}')
    return json_response(body)


@router.get("/log/range", response_model=LogRange, responses=refusals(400, 401, 422),
            tags=["stream"])
async def log_range(service: Service, who: Who,
                    from_ts: Annotated[float, Query(ge=0, le=1e10, allow_inf_nan=False,
                                                    description="POSIX seconds, inclusive")],
                    to_ts: Annotated[float, Query(ge=0, le=1e10, allow_inf_nan=False,
                                                  description="POSIX seconds, exclusive")]
                    ) -> Response:
    """The first and last seq logged in [``from_ts``, ``to_ts``): the range a report reads
    (``/events?types=``) and verifies (``/log/verify``)."""
    if to_ts <= from_ts:
        raise ApiError(400, "invalid_range", "'to_ts' must be after 'from_ts'.")
    if to_ts - from_ts > MAX_RANGE_S:
        raise ApiError(400, "invalid_range", f"A range may span at most "
                       f"{MAX_RANGE_S / 86400:.0f} days; ask for shorter ones.")
    first, last = await asyncio.to_thread(service.log_for(who).seq_range, from_ts, to_ts)
    return json_response(LogRange(from_ts=from_ts, to_ts=to_ts, first_seq=first, last_seq=last))


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
