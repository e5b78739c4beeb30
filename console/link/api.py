"""The cloud's REST API as typed calls: one method per endpoint the console uses.

Feature code (the alarm desk, the messenger, the history loader) asks for models, never builds a
path or reads JSON: :class:`CloudApi` quotes the ids, sends the request models as JSON, and reads
the answer into the ``opticallock.protocol`` model the route returns. It is built on
``CloudClient.request`` (or anything with its signature), which adds the bearer token and sorts
transport failures, so the errors are the client's plus the cloud's refusals:

* :class:`~console.link.client.AuthError`: signed out, or the token is no longer accepted (401);
* :class:`~console.link.client.CloudUnavailable`: unreachable, or a server error (5xx);
  :class:`MalformedAnswer`, one of them, when a success's body cannot be read;
* :class:`~console.link.errors.ApiError` (:class:`~console.link.errors.NotFound` on 404,
  :class:`~console.link.errors.Conflict` on 409) for any other answer that is not a success, with
  the status, error code and message of the cloud's ``ErrorBody``;
* :class:`~console.link.client.ResyncRequired` from :meth:`CloudApi.events` on 410;
* ``httpx.HTTPError`` for an answer cut off mid-way (the outcome of a POST is then unknown).

Sign-in and sign-out stay with the client, which owns the token.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import Any, TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel, ValidationError

from console.link.client import CloudUnavailable, ResyncRequired
from console.link.errors import ApiError, Conflict, NotFound, api_error, error_message
from opticallock.protocol import (
    AcknowledgeRequest,
    ActionPlans,
    ActionPlansUpdate,
    Alarm,
    AlarmAudit,
    AlarmPage,
    AlarmState,
    ApproveUnlockRequest,
    CallList,
    CallRecordRequest,
    ChainVerification,
    DriverCall,
    DriverList,
    DriverMessage,
    EscalateRequest,
    EscalationPolicies,
    EventPage,
    FiberPage,
    FleetSnapshot,
    GeofenceList,
    LockEventPage,
    LogRange,
    MessageList,
    NoteRequest,
    OwnerRequest,
    PoliciesUpdate,
    PositionPage,
    RefuseUnlockRequest,
    ResolveRequest,
    SealCustody,
    SealList,
    SealState,
    SeenRequest,
    SendMessageRequest,
    StepRequest,
    TripList,
    UnlockRequest,
    UnlockRequestList,
    UnlockRequestState,
    UserList,
)

#: ``CloudClient.request``'s signature: (method, path under /api/v1, **httpx kwargs).
Request = Callable[..., Awaitable[httpx.Response]]

M = TypeVar("M", bound=BaseModel)


class MalformedAnswer(CloudUnavailable):
    """The cloud answered with success (``status``) but a body that is not the route's model.

    A CloudUnavailable, so a reader retries it like a server error; a POST's action was taken
    all the same (the status says so), which its caller may know to be enough."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _id(value: str) -> str:
    return quote(value, safe="")


class CloudApi:
    """Typed calls to one signed-in cloud through ``request`` (``CloudClient.request``)."""

    def __init__(self, request: Request) -> None:
        self.request = request

    # ------------------------------------------------------------------ plumbing

    async def _call(self, model: type[M], method: str, path: str, **kwargs: Any) -> M:
        response = await self.request(method, path, **kwargs)
        if not 200 <= response.status_code < 300:
            raise api_error(response)
        try:
            return model.model_validate_json(response.content)
        except ValidationError as exc:
            raise MalformedAnswer(
                response.status_code,
                f"The cloud's answer to {method} {path} could not be read "
                f"({exc.error_count()} problem(s), first: {_first_problem(exc)}).") from exc

    async def _get(self, model: type[M], path: str, params: dict[str, Any] | None = None) -> M:
        if params is None:
            return await self._call(model, "GET", path)
        return await self._call(model, "GET", path, params=params)

    async def _post(self, model: type[M], path: str, body: BaseModel) -> M:
        return await self._call(model, "POST", path, json=body.model_dump(mode="json"))

    # ------------------------------------------------------------------ fleet and log

    async def fleet(self) -> FleetSnapshot:
        """``GET /fleet``: the carrier's whole fleet at some seq."""
        return await self._get(FleetSnapshot, "/fleet")

    async def geofences(self) -> GeofenceList:
        """``GET /geofences``: terminals, customer sites and border crossings."""
        return await self._get(GeofenceList, "/geofences")

    async def trips(self) -> TripList:
        """``GET /trips``: the carrier's trips."""
        return await self._get(TripList, "/trips")

    async def events(self, after: int, limit: int = 500, *,
                     types: Iterable[str] | None = None) -> EventPage:
        """``GET /events``: logged events after ``after`` (only those of ``types``, if given);
        ResyncRequired when compacted away."""
        params: dict[str, Any] = {"after": after, "limit": limit}
        if types is not None:
            params["types"] = ",".join(sorted(types))
        try:
            return await self._get(EventPage, "/events", params)
        except ApiError as exc:
            if exc.status == 410:
                raise ResyncRequired(exc.message) from exc
            raise

    async def verify_log(self, from_seq: int, to_seq: int, *, links: bool = False
                         ) -> ChainVerification:
        """``GET /log/verify``: the cloud's hash-chain check over seqs [from_seq, to_seq]."""
        params: dict[str, Any] = {"from_seq": from_seq, "to_seq": to_seq}
        if links:
            params["links"] = True
        return await self._get(ChainVerification, "/log/verify", params)

    async def log_range(self, from_ts: float, to_ts: float) -> LogRange:
        """``GET /log/range``: the first and last seq logged in [from_ts, to_ts)."""
        return await self._get(LogRange, "/log/range", {"from_ts": from_ts, "to_ts": to_ts})

    # ------------------------------------------------------------------ seals and unlocks

    async def seals(self, *, trailer_id: str | None = None, state: SealState | None = None
                    ) -> SealList:
        """``GET /seals``: the carrier's seals (of one trailer, in one state)."""
        params: dict[str, Any] = {}
        if trailer_id is not None:
            params["trailer_id"] = trailer_id
        if state is not None:
            params["state"] = state.value
        return await self._get(SealList, "/seals", params or None)

    async def seal_custody(self, number: str) -> SealCustody:
        """``GET /seals/{number}``: a seal and its custody chain, oldest first."""
        return await self._get(SealCustody, f"/seals/{_id(number)}")

    async def unlock_requests(self, state: UnlockRequestState | None = None
                              ) -> UnlockRequestList:
        """``GET /unlock-requests``: the carrier's unlock requests (in one state)."""
        return await self._get(UnlockRequestList, "/unlock-requests",
                               {"state": state.value} if state is not None else None)

    async def approve_unlock(self, request_id: str, body: ApproveUnlockRequest
                             ) -> UnlockRequest:
        """``POST /unlock-requests/{id}/approve``: a one-time code for a geofence and a time
        window; Conflict if it was decided already."""
        return await self._post(UnlockRequest, f"/unlock-requests/{_id(request_id)}/approve",
                                body)

    async def refuse_unlock(self, request_id: str, body: RefuseUnlockRequest) -> UnlockRequest:
        """``POST /unlock-requests/{id}/refuse``: refused, with the reason on record."""
        return await self._post(UnlockRequest, f"/unlock-requests/{_id(request_id)}/refuse",
                                body)

    # ------------------------------------------------------------------ a lock's history

    @staticmethod
    def _history_params(start: float, end: float, limit: int | None, cursor: str | None
                        ) -> dict[str, Any]:
        params: dict[str, Any] = {"start": start, "end": end}
        if limit is not None:
            params["limit"] = limit
        if cursor is not None:
            params["cursor"] = cursor
        return params

    async def positions(self, lock_id: str, start: float, end: float, *,
                        limit: int | None = None, cursor: str | None = None) -> PositionPage:
        """``GET /locks/{id}/positions``: one page of fixes in [start, end), oldest first."""
        return await self._get(PositionPage, f"/locks/{_id(lock_id)}/positions",
                               self._history_params(start, end, limit, cursor))

    async def fiber(self, lock_id: str, start: float, end: float, *,
                    limit: int | None = None, cursor: str | None = None) -> FiberPage:
        """``GET /locks/{id}/fiber``: one page of seal samples in [start, end), oldest first."""
        return await self._get(FiberPage, f"/locks/{_id(lock_id)}/fiber",
                               self._history_params(start, end, limit, cursor))

    async def lock_events(self, lock_id: str, start: float, end: float, *,
                          limit: int | None = None, cursor: str | None = None) -> LockEventPage:
        """``GET /locks/{id}/events``: one page of what was logged about the lock (no
        telemetry) in [start, end), by seq."""
        return await self._get(LockEventPage, f"/locks/{_id(lock_id)}/events",
                               self._history_params(start, end, limit, cursor))

    # ------------------------------------------------------------------ alarms

    async def alarms(self, state: AlarmState | None = None, *, limit: int | None = None,
                     cursor: str | None = None) -> AlarmPage:
        """``GET /alarms``: one page of the carrier's alarms, newest raised first."""
        params: dict[str, Any] = {}
        if state is not None:
            params["state"] = AlarmState(state).value
        if limit is not None:
            params["limit"] = limit
        if cursor is not None:
            params["cursor"] = cursor
        return await self._get(AlarmPage, "/alarms", params)

    async def alarm(self, alarm_id: str) -> Alarm:
        """``GET /alarms/{id}``."""
        return await self._get(Alarm, f"/alarms/{_id(alarm_id)}")

    async def alarm_audit(self, alarm_id: str) -> AlarmAudit:
        """``GET /alarms/{id}/audit``: the alarm's whole logged life, oldest first."""
        return await self._get(AlarmAudit, f"/alarms/{_id(alarm_id)}/audit")

    async def acknowledge(self, alarm_id: str, body: AcknowledgeRequest) -> Alarm:
        """``POST /alarms/{id}/ack``; Conflict (``by``, ``at``) when someone acted first."""
        return await self._post(Alarm, f"/alarms/{_id(alarm_id)}/ack", body)

    async def resolve(self, alarm_id: str, body: ResolveRequest) -> Alarm:
        """``POST /alarms/{id}/resolve``; Conflict when it is already resolved."""
        return await self._post(Alarm, f"/alarms/{_id(alarm_id)}/resolve", body)

    async def record_step(self, alarm_id: str, body: StepRequest) -> Alarm:
        """``POST /alarms/{id}/steps``: an action-plan step done (or undone)."""
        return await self._post(Alarm, f"/alarms/{_id(alarm_id)}/steps", body)

    async def escalate(self, alarm_id: str, body: EscalateRequest) -> Alarm:
        """``POST /alarms/{id}/escalate``; Conflict once the alarm is resolved."""
        return await self._post(Alarm, f"/alarms/{_id(alarm_id)}/escalate", body)

    async def set_owner(self, alarm_id: str, body: OwnerRequest) -> Alarm:
        """``POST /alarms/{id}/owner``: take, release, assign or take over an alarm; Conflict
        (``by``: the owner) when another dispatcher owns it."""
        return await self._post(Alarm, f"/alarms/{_id(alarm_id)}/owner", body)

    async def add_note(self, alarm_id: str, body: NoteRequest) -> Alarm:
        """``POST /alarms/{id}/notes``: a note on the alarm's record, at any time."""
        return await self._post(Alarm, f"/alarms/{_id(alarm_id)}/notes", body)

    async def users(self) -> UserList:
        """``GET /users``: the carrier's dispatchers."""
        return await self._get(UserList, "/users")

    async def policies(self) -> EscalationPolicies:
        """``GET /policies``: the carrier's alarm policies and call lists in force."""
        return await self._get(EscalationPolicies, "/policies")

    async def update_policies(self, body: PoliciesUpdate) -> EscalationPolicies:
        """``PUT /policies``: a new version; Conflict if ``base_version`` is not the current
        one (someone else changed them first)."""
        return await self._call(EscalationPolicies, "PUT", "/policies",
                                json=body.model_dump(mode="json"))

    async def action_plans(self) -> ActionPlans:
        """``GET /action-plans``: the carrier's action plans in force (NotFound from a cloud
        older than them)."""
        return await self._get(ActionPlans, "/action-plans")

    async def update_action_plans(self, body: ActionPlansUpdate) -> ActionPlans:
        """``PUT /action-plans``: a new version of every plan; Conflict if ``base_version`` is
        not the current one, ApiError 422 ``invalid_action_plans`` (``detail``: each problem)."""
        return await self._call(ActionPlans, "PUT", "/action-plans",
                                json=body.model_dump(mode="json"))

    async def mark_seen(self, alarm_id: str, body: SeenRequest) -> Alarm:
        """``POST /alarms/{id}/seen``."""
        return await self._post(Alarm, f"/alarms/{_id(alarm_id)}/seen", body)

    # ------------------------------------------------------------------ drivers

    async def drivers(self) -> DriverList:
        """``GET /drivers``: the carrier's driver directory."""
        return await self._get(DriverList, "/drivers")

    async def messages(self, driver_id: str) -> MessageList:
        """``GET /drivers/{id}/messages``: the conversation's messages both ways."""
        return await self._get(MessageList, f"/drivers/{_id(driver_id)}/messages")

    async def send_message(self, driver_id: str, body: SendMessageRequest) -> DriverMessage:
        """``POST /drivers/{id}/messages``; Conflict ``driver_app_offline`` when the driver's
        app cannot receive it."""
        return await self._post(DriverMessage, f"/drivers/{_id(driver_id)}/messages", body)

    async def calls(self, driver_id: str) -> CallList:
        """``GET /drivers/{id}/calls``: the calls on record with the driver."""
        return await self._get(CallList, f"/drivers/{_id(driver_id)}/calls")

    async def record_call(self, driver_id: str, body: CallRecordRequest) -> DriverCall:
        """``POST /drivers/{id}/calls``: the outcome of a call the dispatcher placed."""
        return await self._post(DriverCall, f"/drivers/{_id(driver_id)}/calls", body)


def _first_problem(exc: ValidationError) -> str:
    first = exc.errors(include_url=False)[0]
    where = ".".join(str(p) for p in first.get("loc", ())) or "body"
    return f"{where}: {first.get('msg', '')}"


def as_api(api: CloudApi | Request) -> CloudApi:
    """``api`` itself, or a CloudApi over a bare ``CloudClient.request``-like callable (what
    callers handed in before the API existed)."""
    return api if isinstance(api, CloudApi) else CloudApi(api)


__all__ = [
    "ApiError",
    "CloudApi",
    "Conflict",
    "MalformedAnswer",
    "NotFound",
    "Request",
    "as_api",
    "error_message",
]
