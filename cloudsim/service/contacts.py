"""Dispatchers and drivers: conversations with the driver's app, and the record of phone calls.
Sending and recording are done once per ``request_id``."""

from __future__ import annotations

import secrets

from cloudsim.service.core import ApiError, Principal, ServiceCore
from opticallock.protocol import (
    CallRecordRequest,
    DriverCall,
    DriverCallEvent,
    DriverMessage,
    DriverMessageEvent,
    MessageDirection,
    MessageStatus,
    SendMessageRequest,
)


class Contacts(ServiceCore):
    """Messages to drivers and calls to them, each answering ``(status, JSON)``."""

    def messages(self, who: Principal, driver_id: str) -> list[DriverMessage]:
        self.driver(who, driver_id)
        rows = self.db.all(
            "SELECT body FROM messages WHERE carrier_id = ? AND driver_id = ? "
            "ORDER BY created_at, id",
            (who.carrier_id, driver_id),
        )
        return [DriverMessage.model_validate_json(r[0]) for r in rows]

    def calls(self, who: Principal, driver_id: str) -> list[DriverCall]:
        self.driver(who, driver_id)
        rows = self.db.all(
            "SELECT body FROM calls WHERE carrier_id = ? AND driver_id = ? ORDER BY at, id",
            (who.carrier_id, driver_id),
        )
        return [DriverCall.model_validate_json(r[0]) for r in rows]

    def send_message(self, who: Principal, driver_id: str, req: SendMessageRequest
                     ) -> tuple[int, str]:
        """Send once; the driver's app hears of the message once it is stored (listeners)."""
        return self._once(who, req.request_id, "message", driver_id, 201,
                          lambda: self._send_message(who, driver_id, req),
                          then=self._tell_listeners)

    def _send_message(self, who: Principal, driver_id: str, req: SendMessageRequest
                      ) -> DriverMessage:
        driver = self.driver(who, driver_id)
        if req.alarm_id is not None:
            self.alarm(who, req.alarm_id)
        if req.trailer_id is not None and \
                req.trailer_id not in self.logs[who.carrier_id].state.trailers:
            raise ApiError(404, "not_found", f"No trailer {req.trailer_id!r} in your fleet.")
        if not driver.app_online:
            # Refused, not queued: a message that reaches the driver hours later ("stop at the
            # nearest safe place") can do harm, and the dispatcher must know now to call instead.
            # A refusal is not stored, so a retry with the same request_id is judged afresh.
            raise ApiError(409, "driver_app_offline",
                           f"{driver.name}'s driver app is offline: the message was not sent. "
                           "Call the driver, or retry once the app is back online.")
        now = self.clock()
        msg = DriverMessage(
            id=f"MSG-{secrets.token_hex(5).upper()}", driver_id=driver_id,
            direction=MessageDirection.TO_DRIVER, text=req.text, status=MessageStatus.SENT,
            created_at=now, updated_at=now, sent_by=who.username,
            trailer_id=req.trailer_id or driver.trailer_id, alarm_id=req.alarm_id,
            request_id=req.request_id,
        )
        self._store_message(who.carrier_id, msg)
        self.emit(who.carrier_id, DriverMessageEvent(seq=1, ts=now, message=msg))
        return msg

    def _tell_listeners(self, msg: DriverMessage) -> None:
        for listener in self.message_listeners:
            listener(msg)

    def record_call(self, who: Principal, driver_id: str, req: CallRecordRequest
                    ) -> tuple[int, str]:
        """Log the outcome of a call a dispatcher placed; a retry with the same request_id gets
        the same answer and logs nothing more."""
        return self._once(who, req.request_id, "call", driver_id, 201,
                          lambda: self._record_call(who, driver_id, req))

    def _record_call(self, who: Principal, driver_id: str, req: CallRecordRequest
                     ) -> DriverCall:
        driver = self.driver(who, driver_id)
        state = self.logs[who.carrier_id].state
        trailer_id = req.trailer_id
        if req.alarm_id is not None:
            alarm = self.alarm(who, req.alarm_id)
            trailer_id = trailer_id or alarm.trailer_id
        if trailer_id is not None and trailer_id not in state.trailers:
            raise ApiError(404, "not_found", f"No trailer {trailer_id!r} in your fleet.")
        trailer_id = trailer_id or driver.trailer_id
        trailer = state.trailers.get(trailer_id or "")
        now = self.clock()
        call = DriverCall(
            id=f"CALL-{secrets.token_hex(5).upper()}", driver_id=driver_id, phone=driver.phone,
            outcome=req.outcome, note=req.note, by=who.username, at=now,
            placed_at=req.placed_at, trailer_id=trailer_id, alarm_id=req.alarm_id,
        )
        self.db.execute(
            "INSERT INTO calls (id, carrier_id, driver_id, at, body) VALUES (?, ?, ?, ?, ?)",
            (call.id, who.carrier_id, driver_id, now, call.model_dump_json()),
        )
        self.emit(who.carrier_id, DriverCallEvent(
            seq=1, ts=now, call=call, lock_id=trailer.lock_id if trailer else None,
            request_id=req.request_id))
        return call
