"""What dispatchers do to an alarm: acknowledge, resolve, tick action-plan steps, escalate, mark
it seen, and read its audit trail. Each action is done once per ``request_id``.

An alarm somebody owns (:mod:`~cloudsim.service.discipline`) is worked by its owner only:
acknowledge, resolve, steps and escalate by anyone else are refused (409 ``owned_by_other``)
until they take it over. Acknowledging an alarm nobody owns makes the acknowledger its owner."""

from __future__ import annotations

from cloudsim.service.core import ApiError, Principal, ServiceCore, _iso
from opticallock.protocol import (
    AcknowledgeRequest,
    Alarm,
    AlarmAcknowledgedEvent,
    AlarmAudit,
    AlarmEscalatedEvent,
    AlarmOwnerEvent,
    AlarmResolvedEvent,
    AlarmSeenEvent,
    AlarmState,
    AlarmStep,
    AlarmStepEvent,
    ConflictBody,
    EscalateRequest,
    ResolveRequest,
    SeenRequest,
    StepRequest,
)


class AlarmActions(ServiceCore):
    """Dispatchers' actions on alarms, each answering ``(status, Alarm JSON)``."""

    def acknowledge(self, who: Principal, alarm_id: str, req: AcknowledgeRequest
                    ) -> tuple[int, str]:
        """Acknowledge once; a retry with the same request_id gets the same answer."""
        return self._once(who, req.request_id, "ack", alarm_id, 200,
                          lambda: self._acknowledge(who, alarm_id, req))

    def _acknowledge(self, who: Principal, alarm_id: str, req: AcknowledgeRequest) -> Alarm:
        alarm = self.alarm(who, alarm_id)
        if alarm.state is not AlarmState.OPEN:
            acked = alarm.state is AlarmState.ACKNOWLEDGED
            by = alarm.acknowledged_by if acked else alarm.resolved_by
            at = alarm.acknowledged_at if acked else alarm.resolved_at
            error = "already_acknowledged" if acked else "already_resolved"
            verb = "acknowledged" if acked else "resolved"
            raise ApiError(409, error, f"Already {verb} by {by} at {_iso(at or 0)}.",
                           ConflictBody(error=error, message=f"Already {verb} by {by} at "
                                        f"{_iso(at or 0)}.", by=by, at=at, alarm=alarm))
        self._check_owner(who, alarm)
        now = self.clock()
        if alarm.owner is None:  # the acknowledger works it from now on
            self.emit(who.carrier_id, AlarmOwnerEvent(
                seq=1, ts=now, alarm_id=alarm_id, lock_id=alarm.lock_id, action="take",
                owner=who.username, by=who.username, at=now, request_id=req.request_id))
        self.emit(who.carrier_id, AlarmAcknowledgedEvent(
            seq=1, ts=now, alarm_id=alarm_id, lock_id=alarm.lock_id, by=who.username, at=now,
            note=req.note, request_id=req.request_id))
        return self._stored(who, alarm_id)

    def resolve(self, who: Principal, alarm_id: str, req: ResolveRequest) -> tuple[int, str]:
        return self._once(who, req.request_id, "resolve", alarm_id, 200,
                          lambda: self._resolve(who, alarm_id, req))

    def _resolve(self, who: Principal, alarm_id: str, req: ResolveRequest) -> Alarm:
        alarm = self._open_for_update(who, alarm_id)
        self._check_owner(who, alarm)
        now = self.clock()
        self.emit(who.carrier_id, AlarmResolvedEvent(
            seq=1, ts=now, alarm_id=alarm_id, lock_id=alarm.lock_id, by=who.username, at=now,
            outcome=req.outcome, note=req.note, request_id=req.request_id,
            skipped=list(req.skipped)))
        # A resolved alarm leaves the fleet state: its last record is the stored one, updated.
        alarm.state = AlarmState.RESOLVED
        alarm.resolved_by = who.username
        alarm.resolved_at = now
        alarm.outcome = req.outcome
        alarm.resolve_note = req.note
        alarm.skipped_steps = list(req.skipped)
        self._store_alarm(alarm)
        return alarm

    def tick_step(self, who: Principal, alarm_id: str, req: StepRequest) -> tuple[int, str]:
        """Record an action-plan step as done (or not) on the alarm's record."""
        return self._once(who, req.request_id, "step", alarm_id, 200,
                          lambda: self._tick_step(who, alarm_id, req))

    def _tick_step(self, who: Principal, alarm_id: str, req: StepRequest) -> Alarm:
        alarm = self._open_for_update(who, alarm_id)
        self._check_owner(who, alarm)
        now = self.clock()
        step = AlarmStep(step_id=req.step_id, label=req.label, done=req.done, by=who.username,
                         at=now)
        self.emit(who.carrier_id, AlarmStepEvent(seq=1, ts=now, alarm_id=alarm_id,
                                                 lock_id=alarm.lock_id, step=step,
                                                 request_id=req.request_id))
        return self._stored(who, alarm_id)

    def escalate(self, who: Principal, alarm_id: str, req: EscalateRequest) -> tuple[int, str]:
        """Record an escalation; a level not above the current one changes nothing (several
        consoles may report the same overdue alarm)."""
        return self._once(who, req.request_id, "escalate", alarm_id, 200,
                          lambda: self._escalate(who, alarm_id, req))

    def _escalate(self, who: Principal, alarm_id: str, req: EscalateRequest) -> Alarm:
        alarm = self._open_for_update(who, alarm_id)
        self._check_owner(who, alarm)
        if req.level > alarm.escalation_level:
            now = self.clock()
            self.emit(who.carrier_id, AlarmEscalatedEvent(
                seq=1, ts=now, alarm_id=alarm_id, lock_id=alarm.lock_id, level=req.level,
                by=who.username, at=now, reason=req.reason, request_id=req.request_id))
        return self._stored(who, alarm_id)

    def mark_seen(self, who: Principal, alarm_id: str, req: SeenRequest) -> tuple[int, str]:
        return self._once(who, req.request_id, "seen", alarm_id, 200,
                          lambda: self._mark_seen(who, alarm_id))

    def _mark_seen(self, who: Principal, alarm_id: str) -> Alarm:
        alarm = self.alarm(who, alarm_id)
        if who.username in alarm.seen_by or alarm.state is AlarmState.RESOLVED:
            return alarm
        now = self.clock()
        self.emit(who.carrier_id, AlarmSeenEvent(seq=1, ts=now, alarm_id=alarm_id,
                                                 lock_id=alarm.lock_id, by=who.username, at=now))
        return self._stored(who, alarm_id)

    def audit(self, who: Principal, alarm_id: str) -> AlarmAudit:
        alarm = self.alarm(who, alarm_id)
        return AlarmAudit(alarm=alarm,
                          events=self.logs[who.carrier_id].alarm_events(alarm_id))

    def _open_for_update(self, who: Principal, alarm_id: str) -> Alarm:
        alarm = self.alarm(who, alarm_id)
        if alarm.state is AlarmState.RESOLVED:
            message = f"Already resolved by {alarm.resolved_by} at {_iso(alarm.resolved_at or 0)}."
            raise ApiError(409, "already_resolved", message,
                           ConflictBody(error="already_resolved", message=message,
                                        by=alarm.resolved_by, at=alarm.resolved_at, alarm=alarm))
        return alarm

    def _check_owner(self, who: Principal, alarm: Alarm) -> None:
        """Refuse (409 ``owned_by_other``) when another dispatcher owns the alarm."""
        if alarm.owner is None or alarm.owner == who.username:
            return
        message = (f"Owned by {alarm.owner} since {_iso(alarm.owned_at or 0)}; take it over "
                   "to act on it.")
        raise ApiError(409, "owned_by_other", message,
                       ConflictBody(error="owned_by_other", message=message, by=alarm.owner,
                                    at=alarm.owned_at, alarm=alarm))

    def _stored(self, who: Principal, alarm_id: str) -> Alarm:
        """The alarm as the fleet state has it after an action's event, stored."""
        updated = self.logs[who.carrier_id].state.alarms[alarm_id]
        self._store_alarm(updated)
        return updated
