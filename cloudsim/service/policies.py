"""A carrier's alarm policies (acknowledge-within, covert, call list per alarm type), versioned,
and the escalation beyond the desk that follows them.

Policies are stored per carrier in SQLite (table ``policies``); each change is a new version
and a ``policies_changed`` event. ``PUT /policies`` must name the version it changes
(``base_version``): another change first is 409 ``version_conflict``.

On the server's tick (:meth:`AlarmPolicies.walk_call_lists`), an alarm still open
``ack_within_s`` after it was raised escalates (``alarm_escalated`` by ``"cloud"``: level 1,
then one level more each further ``ack_within_s``, at most 9), and from then on, while it is
not acknowledged, each call-list entry whose ``delay_s`` since the raise has passed is
notified once (``alarm_notified``, ``sent``). The simulated gateway reports each delivery
:data:`GATEWAY_DELAY_S` later (a second ``alarm_notified``: ``delivered``, or ``failed`` when
the address ends in :data:`FAILING_DIGIT`: a phone number's last digit, an e-mail's last
character before the "@"). Acknowledging stops the walk; deliveries of what was sent still
come, while the alarm is not resolved.
"""

from __future__ import annotations

from cloudsim.service.core import CLOUD, ApiError, Principal, ServiceCore, _iso
from cloudsim.service.policy_defaults import policy_problems
from opticallock.protocol import (
    Alarm,
    AlarmEscalatedEvent,
    AlarmNotification,
    AlarmNotifiedEvent,
    AlarmState,
    CallListEntry,
    Channel,
    ConflictBody,
    EscalationPolicies,
    NotificationStatus,
    PoliciesChangedEvent,
    PoliciesUpdate,
)

#: How long the simulated gateway takes to report a delivery, per channel (seconds).
GATEWAY_DELAY_S: dict[Channel, float] = {Channel.CALL: 8.0, Channel.SMS: 3.0,
                                         Channel.EMAIL: 5.0}
#: Addresses ending in this digit fail at the simulated gateway.
FAILING_DIGIT = "9"
#: The highest escalation level (EscalateRequest.level's bound).
MAX_LEVEL = 9

_FAILED = {Channel.CALL: "no answer", Channel.SMS: "not deliverable",
           Channel.EMAIL: "bounced"}
_DELIVERED = {Channel.CALL: "answered", Channel.SMS: "delivered to the handset",
              Channel.EMAIL: "accepted by the mail server"}


def fails_at_gateway(address: str) -> bool:
    """The simulated gateway's deterministic failures: the address ends in 9 (an e-mail's
    local part)."""
    return address.split("@", 1)[0].endswith(FAILING_DIGIT)


def _same_contact(n: AlarmNotification, entry: CallListEntry) -> bool:
    return (n.role is entry.role and n.name == entry.name and n.channel is entry.channel
            and n.address == entry.address)


class AlarmPolicies(ServiceCore):
    """Reading and changing a carrier's policies; walking call lists on the tick."""

    # ------------------------------------------------------------------ the policies

    def policies(self, who: Principal) -> EscalationPolicies:
        return self.policies_of(who.carrier_id)

    def update_policies(self, who: Principal, req: PoliciesUpdate) -> EscalationPolicies:
        """A new version of the caller's carrier's policies (types left out keep theirs)."""
        cid = who.carrier_id
        current = self.policies_of(cid)
        merged = {p.alarm_type: p for p in current.policies}
        if req.base_version != current.version:
            if (req.base_version == current.version - 1 and current.updated_by == who.username
                    and all(merged.get(p.alarm_type) == p for p in req.policies)):
                return current  # the same change again (a retry): its answer again
            message = (f"The policies changed meanwhile: version {current.version} by "
                       f"{current.updated_by or 'the cloud'}"
                       + (f" at {_iso(current.updated_at)}" if current.updated_at else "")
                       + f", not {req.base_version}. Reload them and apply your change again.")
            raise ApiError(409, "version_conflict", message, ConflictBody(
                error="version_conflict", message=message,
                detail={"current_version": current.version}, by=current.updated_by,
                at=current.updated_at))
        problems = policy_problems(req.policies)
        if problems:
            raise ApiError(422, "invalid_policy",
                           f"{problems[0]['where']}: {problems[0]['problem']}.", detail=problems)
        for policy in req.policies:
            merged[policy.alarm_type] = policy
        now = self.clock()
        new = EscalationPolicies(version=current.version + 1, updated_by=who.username,
                                 updated_at=now,
                                 policies=[merged[p.alarm_type] for p in current.policies])
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO policies (carrier_id, version, body) VALUES (?, ?, ?) "
                "ON CONFLICT(carrier_id) DO UPDATE SET version = excluded.version, "
                "body = excluded.body", (cid, new.version, new.model_dump_json()))
            self.emit(cid, PoliciesChangedEvent(seq=1, ts=now, policies=new))
        self._policies[cid] = new
        return new

    # ------------------------------------------------------------------ escalation

    def walk_call_lists(self) -> None:
        """Escalate the alarms not acknowledged in time, notify their call lists, and report
        the simulated gateway's deliveries (the server calls this every tick)."""
        now = self.clock()
        for cid, clog in self.logs.items():
            for alarm in list(clog.state.alarms.values()):
                changed = False
                if alarm.state is AlarmState.OPEN:
                    changed = self._escalate_overdue(cid, alarm, now)
                changed = self._report_deliveries(cid, alarm, now) or changed
                if changed:
                    self._store_alarm(clog.state.alarms[alarm.id])

    def _escalate_overdue(self, cid: str, alarm: Alarm, now: float) -> bool:
        policy = self.policy(cid, alarm.type)
        overdue = now - alarm.raised_at - policy.ack_within_s
        if overdue < 0 and alarm.escalation_level == 0:
            return False
        changed = False
        if overdue >= 0:
            level = min(MAX_LEVEL, 1 + int(overdue // policy.ack_within_s))
            if level > alarm.escalation_level:
                self.emit(cid, AlarmEscalatedEvent(
                    seq=1, ts=now, alarm_id=alarm.id, lock_id=alarm.lock_id, level=level,
                    by=CLOUD, at=now, reason=f"Not acknowledged within "
                    f"{policy.ack_within_s:.0f} s", request_id=f"cloud-{alarm.id}-{level}"))
                changed = True
        alarm = self.logs[cid].state.alarms[alarm.id]
        for entry in policy.call_list:
            if alarm.raised_at + entry.delay_s > now:
                continue
            if any(_same_contact(n, entry) for n in alarm.notifications):
                continue
            self.emit(cid, AlarmNotifiedEvent(
                seq=1, ts=now, alarm_id=alarm.id, lock_id=alarm.lock_id,
                notification=AlarmNotification(
                    at=now, level=max(1, alarm.escalation_level), role=entry.role,
                    name=entry.name, channel=entry.channel, address=entry.address,
                    status=NotificationStatus.SENT,
                    detail=f"{entry.channel.value} to {entry.address}")))
            alarm = self.logs[cid].state.alarms[alarm.id]
            changed = True
        return changed

    def _report_deliveries(self, cid: str, alarm: Alarm, now: float) -> bool:
        sent = [n for n in alarm.notifications if n.status is NotificationStatus.SENT]
        if not sent:
            return False
        heard = {(n.role, n.name, n.channel, n.address) for n in alarm.notifications
                 if n.status is not NotificationStatus.SENT}
        changed = False
        for n in sent:
            if (n.role, n.name, n.channel, n.address) in heard:
                continue
            if n.at + GATEWAY_DELAY_S[n.channel] > now:
                continue
            failed = fails_at_gateway(n.address)
            self.emit(cid, AlarmNotifiedEvent(
                seq=1, ts=now, alarm_id=alarm.id, lock_id=alarm.lock_id,
                notification=n.model_copy(update={
                    "at": now,
                    "status": NotificationStatus.FAILED if failed
                    else NotificationStatus.DELIVERED,
                    "detail": (_FAILED if failed else _DELIVERED)[n.channel]})))
            changed = True
        return changed
