"""Alarms: the list, one alarm, its audit trail, and what dispatchers do to it (acknowledge,
resolve, tick steps, escalate, mark seen, take / release / assign / take over, add a note: each
safe to retry with the same ``request_id``)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from cloudsim.web import (
    IdPath,
    Limit,
    Service,
    Who,
    cursor_id,
    cursor_ts,
    decode_cursor,
    encode_cursor,
    json_response,
    refusals,
)
from opticallock.protocol import (
    API_PREFIX,
    AcknowledgeRequest,
    Alarm,
    AlarmAudit,
    AlarmPage,
    AlarmState,
    ConflictBody,
    EscalateRequest,
    NoteRequest,
    OwnerRequest,
    ResolveRequest,
    SeenRequest,
    StepRequest,
)

router = APIRouter(prefix=API_PREFIX, tags=["alarms"])

#: An action on an alarm: another dispatcher may have got there first (409).
CONFLICT = refusals(401, 404, 409, 413, 422, conflict=ConflictBody)


@router.get("/alarms", response_model=AlarmPage,
            responses=refusals(400, 401, 422))
async def alarms(service: Service, who: Who, state: AlarmState | None = None, limit: Limit = 200,
                 cursor: str | None = None) -> Response:
    """Alarms, newest first, optionally only those in one state."""
    after = None
    if cursor is not None:
        raw = decode_cursor(cursor, 2)
        after = (cursor_ts(raw[0]), cursor_id(raw[1]))
    items, nxt = service.alarms(who, state, after, limit)
    return json_response(AlarmPage(items=items,
                                   next_cursor=encode_cursor(*nxt) if nxt else None))


@router.get("/alarms/{alarm_id}", response_model=Alarm,
            responses=refusals(401, 404, 422))
async def alarm(service: Service, who: Who, alarm_id: IdPath) -> Response:
    return json_response(service.alarm(who, alarm_id))


@router.post("/alarms/{alarm_id}/ack", response_model=Alarm, responses=CONFLICT)
async def acknowledge(service: Service, who: Who, alarm_id: IdPath, body: AcknowledgeRequest
                      ) -> Response:
    """Acknowledge an open alarm. Retrying with the same ``request_id`` is safe."""
    status, text = service.acknowledge(who, alarm_id, body)
    return json_response(text, status)


@router.post("/alarms/{alarm_id}/resolve", response_model=Alarm, responses=CONFLICT)
async def resolve(service: Service, who: Who, alarm_id: IdPath, body: ResolveRequest
                  ) -> Response:
    """Resolve an alarm with an outcome. Retrying with the same ``request_id`` is safe."""
    status, text = service.resolve(who, alarm_id, body)
    return json_response(text, status)


@router.post("/alarms/{alarm_id}/steps", response_model=Alarm, responses=CONFLICT)
async def tick_step(service: Service, who: Who, alarm_id: IdPath, body: StepRequest
                    ) -> Response:
    """Tick (or untick) an action-plan step; it becomes part of the alarm's record."""
    status, text = service.tick_step(who, alarm_id, body)
    return json_response(text, status)


@router.post("/alarms/{alarm_id}/escalate", response_model=Alarm, responses=CONFLICT)
async def escalate(service: Service, who: Who, alarm_id: IdPath, body: EscalateRequest
                   ) -> Response:
    """Record that an unacknowledged alarm escalated; a level already reached is a no-op."""
    status, text = service.escalate(who, alarm_id, body)
    return json_response(text, status)


@router.post("/alarms/{alarm_id}/owner", response_model=Alarm, responses=CONFLICT)
async def set_owner(service: Service, who: Who, alarm_id: IdPath, body: OwnerRequest
                    ) -> Response:
    """Take, release, assign (to ``assignee``, a dispatcher of your carrier) or take over an
    alarm. Another dispatcher's alarm is 409 ``owned_by_other`` except to ``take_over``.
    Retrying with the same ``request_id`` is safe."""
    status, text = service.set_owner(who, alarm_id, body)
    return json_response(text, status)


@router.post("/alarms/{alarm_id}/notes", response_model=Alarm, responses=CONFLICT)
async def add_note(service: Service, who: Who, alarm_id: IdPath, body: NoteRequest
                   ) -> Response:
    """A note on an open or acknowledged alarm, by anyone (409 once resolved). Retrying with
    the same ``request_id`` is safe."""
    status, text = service.add_note(who, alarm_id, body)
    return json_response(text, status)


@router.post("/alarms/{alarm_id}/seen", response_model=Alarm,
             responses=refusals(401, 404, 413, 422))
async def seen(service: Service, who: Who, alarm_id: IdPath, body: SeenRequest) -> Response:
    """Record that this dispatcher's console showed the alarm (once per dispatcher)."""
    status, text = service.mark_seen(who, alarm_id, body)
    return json_response(text, status)


@router.get("/alarms/{alarm_id}/audit", response_model=AlarmAudit,
            responses=refusals(401, 404, 422))
async def audit(service: Service, who: Who, alarm_id: IdPath) -> Response:
    """The alarm's whole life: every logged event naming it, oldest first."""
    return json_response(service.audit(who, alarm_id))
