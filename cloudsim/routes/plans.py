"""The carrier's action plans (the dispatcher's checklists), versioned."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from cloudsim.web import Service, Who, json_response, refusals
from opticallock.protocol import API_PREFIX, ActionPlans, ActionPlansUpdate, ConflictBody

router = APIRouter(prefix=API_PREFIX, tags=["action plans"])


@router.get("/action-plans", response_model=ActionPlans, responses=refusals(401))
async def action_plans(service: Service, who: Who) -> Response:
    """The action plans in force: per alarm type, the checklist's title and steps; the rule for
    quiet alarms."""
    return json_response(service.action_plans(who))


@router.put("/action-plans", response_model=ActionPlans,
            responses=refusals(401, 409, 413, 422, conflict=ConflictBody))
async def update_action_plans(service: Service, who: Who, body: ActionPlansUpdate) -> Response:
    """A new version of the action plans (every plan), changing the version ``base_version``
    (409 ``version_conflict`` if another change came first; 422 ``invalid_action_plans``
    listing every problem). A change that changes nothing is answered with the version in
    force."""
    return json_response(service.update_action_plans(who, body))
