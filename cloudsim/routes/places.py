"""Where the fleet goes: geofences (terminals, customer sites, border crossings) and trips."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from cloudsim.web import Service, Who, json_response, refusals
from opticallock.protocol import API_PREFIX, GeofenceList, TripList

router = APIRouter(prefix=API_PREFIX)


@router.get("/geofences", response_model=GeofenceList, responses=refusals(401),
            tags=["fleet"])
async def geofences(service: Service, who: Who) -> Response:
    """Terminals, customer sites and border crossings, with their shapes."""
    return json_response(GeofenceList(items=service.geofences))


@router.get("/trips", response_model=TripList, responses=refusals(401),
            tags=["fleet"])
async def trips(service: Service, who: Who) -> Response:
    """Each trailer's planned trip (origin, destination, window)."""
    return json_response(TripList(items=service.trips(who)))
