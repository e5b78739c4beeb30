"""One lock's history: GPS fixes, fiber seal samples and events over a time range, paged."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from cloudsim.service import CloudService
from cloudsim.web import (
    End,
    IdPath,
    Limit,
    Service,
    Start,
    Who,
    check_range,
    cursor_row,
    cursor_ts,
    decode_cursor,
    encode_cursor,
    json_response,
    refusals,
)
from opticallock.protocol import (
    API_PREFIX,
    FiberPage,
    FiberSample,
    LockEventPage,
    Position,
    PositionPage,
)

router = APIRouter(prefix=API_PREFIX)

HISTORY = refusals(400, 401, 404, 422)


def _history_params(start: float, end: float, cursor: str | None) -> tuple[float, int] | None:
    """Check the range; the cursor's (ts, rowid or seq), if one is given."""
    check_range(start, end)
    if cursor is None:
        return None
    ts, row = decode_cursor(cursor, 2)
    return cursor_ts(ts), cursor_row(row)


def _samples(service: CloudService, columns: str, table: str, lock_id: str, start: float,
             end: float, limit: int, cursor: str | None
             ) -> tuple[list[tuple[Any, ...]], str | None]:
    """One page of a lock's telemetry history (``table``: positions or fiber), oldest first,
    paged by (ts, rowid); the page's rows (``columns``, then the rowid) and the next cursor."""
    after = _history_params(start, end, cursor)
    sql = f"SELECT {columns}, rowid FROM {table} WHERE lock_id = ? AND ts >= ? AND ts < ?"
    params: list[Any] = [lock_id, start, end]
    if after is not None:
        sql += " AND (ts > ? OR (ts = ? AND rowid > ?))"
        params += [after[0], after[0], after[1]]
    rows = service.db.all(sql + " ORDER BY ts, rowid LIMIT ?", [*params, limit + 1])
    nxt = encode_cursor(rows[limit - 1][0], rows[limit - 1][-1]) if len(rows) > limit else None
    return rows[:limit], nxt


@router.get("/locks/{lock_id}/positions", response_model=PositionPage, responses=HISTORY,
            tags=["history"])
async def positions(service: Service, who: Who, lock_id: IdPath, start: Start, end: End,
                    limit: Limit = 1000, cursor: str | None = None) -> Response:
    """GPS fixes of one lock in [start, end), oldest first, paged with ``next_cursor``."""
    service.lock(who, lock_id)
    rows, nxt = _samples(service, "ts, lat, lon, speed, heading", "positions", lock_id, start,
                         end, limit, cursor)
    items = [Position.model_construct(ts=r[0], lat=r[1], lon=r[2], speed_kmh=r[3],
                                      heading_deg=r[4]) for r in rows]
    return json_response(PositionPage(lock_id=lock_id, items=items, next_cursor=nxt))


@router.get("/locks/{lock_id}/fiber", response_model=FiberPage, responses=HISTORY,
            tags=["history"])
async def fiber(service: Service, who: Who, lock_id: IdPath, start: Start, end: End,
                limit: Limit = 1000, cursor: str | None = None) -> Response:
    """Fiber seal power samples of one lock in [start, end), oldest first, paged."""
    service.lock(who, lock_id)
    rows, nxt = _samples(service, "ts, dbm", "fiber", lock_id, start, end, limit, cursor)
    items = [FiberSample.model_construct(ts=r[0], dbm=r[1]) for r in rows]
    return json_response(FiberPage(lock_id=lock_id, items=items, next_cursor=nxt))


@router.get("/locks/{lock_id}/events", response_model=LockEventPage, responses=HISTORY,
            tags=["history"])
async def lock_events(service: Service, who: Who, lock_id: IdPath, start: Start,
                      end: End, limit: Limit = 1000, cursor: str | None = None) -> Response:
    """Everything that happened to one lock in [start, end) except telemetry, paged."""
    service.lock(who, lock_id)
    after = _history_params(start, end, cursor)
    sql = ("SELECT body, seq FROM log WHERE carrier_id = ? AND lock_id = ? "
           "AND ts >= ? AND ts < ? AND body IS NOT NULL")
    params: list[Any] = [who.carrier_id, lock_id, start, end]
    if after is not None:
        sql += " AND seq > ?"
        params.append(after[1])
    rows = service.db.all(sql + " ORDER BY seq LIMIT ?", [*params, limit + 1])
    nxt = encode_cursor(0, rows[limit - 1][1]) if len(rows) > limit else None
    items = ",".join(str(r[0]) for r in rows[:limit])
    return json_response(f'{{"lock_id":{json.dumps(lock_id)},"items":[{items}],'
                         f'"next_cursor":{json.dumps(nxt)}}}')
