"""The seal custody ledger: the carrier's seals, and one seal with its custody chain."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from cloudsim.web import ID_PATTERN, Limit, Service, Who, json_response, refusals
from opticallock.protocol import API_PREFIX, SealCustody, SealList, SealState

router = APIRouter(prefix=API_PREFIX, tags=["seals"])

SEAL_PATTERN = r"^[A-Z0-9-]+$"
SealPath = Annotated[str, Path(min_length=4, max_length=32, pattern=SEAL_PATTERN)]
SealAfter = Annotated[str | None, Query(min_length=4, max_length=32, pattern=SEAL_PATTERN,
                                        description="List the seals numbered after this one")]
TrailerQuery = Annotated[str | None, Query(min_length=1, max_length=64, pattern=ID_PATTERN)]


@router.get("/seals", response_model=SealList, responses=refusals(401, 422))
async def seals(service: Service, who: Who, trailer_id: TrailerQuery = None,
                state: SealState | None = None, after: SealAfter = None,
                limit: Limit = 1000) -> Response:
    """The carrier's seals in number order, optionally of one trailer or in one state; page
    with ``after`` = the last number of the previous page."""
    return json_response(SealList(items=service.seals(who, trailer_id, state, after, limit)))


@router.get("/seals/{number}", response_model=SealCustody, responses=refusals(401, 404, 422))
async def seal(service: Service, who: Who, number: SealPath) -> Response:
    """One seal as it stands, and every ``seal`` event of its custody chain, oldest first."""
    return json_response(service.seal_custody(who, number))
