"""The carrier's alarm policies and call lists (versioned), and its dispatchers."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from cloudsim.web import Service, Who, json_response, refusals
from opticallock.protocol import (
    API_PREFIX,
    ConflictBody,
    EscalationPolicies,
    PoliciesUpdate,
    UserList,
)

router = APIRouter(prefix=API_PREFIX, tags=["policies"])


@router.get("/policies", response_model=EscalationPolicies, responses=refusals(401))
async def policies(service: Service, who: Who) -> Response:
    """The alarm policies in force: per alarm type, acknowledge within, covert, call list."""
    return json_response(service.policies(who))


@router.put("/policies", response_model=EscalationPolicies,
            responses=refusals(401, 409, 413, 422, conflict=ConflictBody))
async def update_policies(service: Service, who: Who, body: PoliciesUpdate) -> Response:
    """A new version of the policies, changing the version ``base_version`` (409
    ``version_conflict`` if another change came first; 422 ``invalid_policy`` naming the
    entry). Alarm types left out keep their policy."""
    return json_response(service.update_policies(who, body))


@router.get("/users", response_model=UserList, responses=refusals(401), tags=["session"])
async def users(service: Service, who: Who) -> Response:
    """Your carrier's dispatchers (to assign an alarm to)."""
    return json_response(UserList(items=service.users(who)))
