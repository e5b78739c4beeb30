"""Drivers: the directory, conversations with their app, and the record of calls to them
(sending and recording are safe to retry with the same ``request_id``)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from cloudsim.web import IdPath, Service, Who, json_response, refusals
from opticallock.protocol import (
    API_PREFIX,
    CallList,
    CallRecordRequest,
    DriverCall,
    DriverList,
    DriverMessage,
    MessageList,
    SendMessageRequest,
)

router = APIRouter(prefix=API_PREFIX, tags=["drivers"])

#: A driver's conversation or calls.
DRIVER = refusals(401, 404, 422)
#: Recording a call (to a driver, on an alarm) or sending a message (409: app offline).
RECORD = refusals(401, 404, 413, 422)
APP_OFFLINE = refusals(401, 404, 409, 413, 422)


@router.get("/drivers", response_model=DriverList, responses=refusals(401))
async def drivers(service: Service, who: Who) -> Response:
    return json_response(DriverList(items=service.snapshot(who).drivers))


@router.get("/drivers/{driver_id}/messages", response_model=MessageList, responses=DRIVER)
async def messages(service: Service, who: Who, driver_id: IdPath) -> Response:
    """The conversation with one driver, oldest first."""
    return json_response(MessageList(driver_id=driver_id,
                                     items=service.messages(who, driver_id)))


@router.post("/drivers/{driver_id}/messages", response_model=DriverMessage, status_code=201,
             responses=APP_OFFLINE)
async def send_message(service: Service, who: Who, driver_id: IdPath, body: SendMessageRequest
                       ) -> Response:
    """Send a message to the driver's app (409 ``driver_app_offline`` if it is offline).
    Retrying with the same ``request_id`` is safe."""
    status, text = service.send_message(who, driver_id, body)
    return json_response(text, status)


@router.get("/drivers/{driver_id}/calls", response_model=CallList, responses=DRIVER)
async def calls(service: Service, who: Who, driver_id: IdPath) -> Response:
    """Calls dispatchers placed to one driver, with their recorded outcomes, oldest first."""
    return json_response(CallList(driver_id=driver_id, items=service.calls(who, driver_id)))


@router.post("/drivers/{driver_id}/calls", response_model=DriverCall, status_code=201,
             responses=RECORD)
async def record_call(service: Service, who: Who, driver_id: IdPath, body: CallRecordRequest
                      ) -> Response:
    """Record the outcome of a call placed to the driver (on the alarm, if one is named).
    Retrying with the same ``request_id`` is safe."""
    status, text = service.record_call(who, driver_id, body)
    return json_response(text, status)
