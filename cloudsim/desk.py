"""The simulated carrier desk (``--unlock-approvals auto``): for benchmarks and demos with nobody
at a console, it decides the driver apps' unlock requests as a careful dispatcher would, a short
while after each is made: a delivery at the trip's destination is approved (the code valid
there, for the default window), anything else is refused with a reason. It decides through the
same service calls as a console (``decided_by`` "carrier-desk"), so its decisions are logged
like anyone's.
"""

from __future__ import annotations

import logging

from cloudsim.service import CloudService
from cloudsim.service.core import ApiError
from cloudsim.service.unlocks import desk_principal
from opticallock.protocol import ApproveUnlockRequest, RefuseUnlockRequest, UnlockRequestState

log = logging.getLogger(__name__)

#: How long the desk takes to decide, in seconds of the cloud's clock.
DESK_DELAY_S = 10.0
REFUSAL = "Not at the trip's destination: the trailer stays sealed (carrier desk)."


class CarrierDesk:
    """Decides every pending unlock request ``delay_s`` after it was made (call :meth:`tick`
    on the cloud's loop, as often as the server ticks)."""

    def __init__(self, service: CloudService, delay_s: float = DESK_DELAY_S) -> None:
        self.service = service
        self.delay_s = delay_s

    def tick(self) -> None:
        service = self.service
        now = service.clock()
        for cid in service.carrier_ids():
            for request in service.open_unlock_requests(cid):
                if (request.state is not UnlockRequestState.PENDING
                        or request.requested_at + self.delay_s > now):
                    continue
                who = desk_principal(cid)
                rid = f"desk-{request.id}"
                at_destination = (request.reason == "delivery"
                                  and request.destination_id is not None
                                  and request.geofence_id == request.destination_id)
                try:
                    if at_destination:
                        service.approve_unlock(who, request.id,
                                               ApproveUnlockRequest(request_id=rid))
                    else:
                        service.refuse_unlock(who, request.id,
                                              RefuseUnlockRequest(request_id=rid, reason=REFUSAL))
                except ApiError as exc:  # decided meanwhile: nothing to do
                    log.info("carrier desk left %s: %s", request.id, exc.message)
