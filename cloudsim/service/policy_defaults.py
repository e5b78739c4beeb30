"""The cloud's default alarm policies, and the rules a carrier's own must follow.

Defaults, per priority: acknowledge a critical alarm within 2 minutes, a high one within 5, a
medium one within 15, an info one within an hour; then the call list is walked. Who is on it
(simulated people with reserved addresses: ``+1 520 555 01xx`` numbers, ``.example`` mail):

* every type: the dispatcher on duty first (a call for critical, an SMS otherwise), then the
  supervisor;
* critical types and duress: carrier security (a call, and an e-mail);
* seal mismatch and unauthorised unlock: the customer (an e-mail);
* duress is covert, and calls carrier security first.

No default address ends in 9: the simulated gateway fails those
(:data:`cloudsim.service.policies.FAILING_DIGIT`), so a carrier's test entry can show a failure.
"""

from __future__ import annotations

import re

from opticallock.protocol import (
    ALARM_PRIORITY,
    AlarmPolicy,
    AlarmPriority,
    AlarmType,
    CallListEntry,
    Channel,
    ContactRole,
    EscalationPolicies,
)

#: Acknowledge within this long before the call list is walked, per priority (seconds).
ACK_WITHIN_S: dict[AlarmPriority, float] = {
    AlarmPriority.CRITICAL: 120.0,
    AlarmPriority.HIGH: 300.0,
    AlarmPriority.MEDIUM: 900.0,
    AlarmPriority.INFO: 3600.0,
}
#: A duress alarm waits less: the driver may be in danger.
DURESS_ACK_WITHIN_S = 60.0

#: A number to call or text: "+" and 7–15 digits (E.164).
PHONE = re.compile(r"^\+[0-9]{7,15}$")
#: An e-mail address: something, "@", a domain with a dot; no spaces.
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

_CRITICAL_CUSTOMER = (AlarmType.UNAUTHORISED_UNLOCK,)
_HIGH_CUSTOMER = (AlarmType.SEAL_MISMATCH,)


def _contacts(carrier_id: str, carrier_name: str) -> dict[str, tuple[str, str]]:
    """The carrier's simulated people: role → (name, phone), plus mail addresses."""
    # Each carrier its own block of reserved numbers: 0100-0149, 0150-0199, …
    base = 100 + 50 * (sum(carrier_id.encode()) % 4)
    return {
        "on_duty": (f"Dispatcher on duty, {carrier_name}", f"+1520555{base:04d}"),
        "supervisor": (f"Shift supervisor, {carrier_name}", f"+1520555{base + 11:04d}"),
        "security": (f"Carrier security, {carrier_name}", f"+1520555{base + 22:04d}"),
        "security_mail": ("", f"security@{carrier_id}.example"),
        "supervisor_mail": ("", f"supervisor@{carrier_id}.example"),
        "customer": ("Customer receiving desk", f"receiving@customer-{carrier_id}.example"),
    }


def default_policy(atype: AlarmType, carrier_id: str, carrier_name: str) -> AlarmPolicy:
    """The cloud's policy for one alarm type of one carrier."""
    people = _contacts(carrier_id, carrier_name)
    priority = ALARM_PRIORITY[atype]
    critical = priority is AlarmPriority.CRITICAL
    on_duty_name, on_duty_phone = people["on_duty"]
    sup_name, sup_phone = people["supervisor"]
    sec_name, sec_phone = people["security"]
    sec_mail = people["security_mail"][1]

    def entry(role: ContactRole, name: str, channel: Channel, address: str, delay_s: float
              ) -> CallListEntry:
        return CallListEntry(role=role, name=name, channel=channel, address=address,
                             delay_s=delay_s)

    if atype is AlarmType.DURESS:
        return AlarmPolicy(alarm_type=atype, ack_within_s=DURESS_ACK_WITHIN_S, covert=True,
                           call_list=[
                               entry(ContactRole.CARRIER_SECURITY, sec_name, Channel.CALL,
                                     sec_phone, 0.0),
                               entry(ContactRole.CARRIER_SECURITY, sec_name, Channel.EMAIL,
                                     sec_mail, 0.0),
                               entry(ContactRole.SUPERVISOR, sup_name, Channel.CALL, sup_phone,
                                     60.0),
                           ])
    ack = ACK_WITHIN_S[priority]
    calls: list[CallListEntry] = [
        entry(ContactRole.DISPATCHER_ON_DUTY, on_duty_name,
              Channel.CALL if critical else Channel.SMS, on_duty_phone, 0.0),
    ]
    if critical:
        calls.append(entry(ContactRole.SUPERVISOR, sup_name, Channel.CALL, sup_phone, 180.0))
        calls.append(entry(ContactRole.CARRIER_SECURITY, sec_name, Channel.CALL, sec_phone,
                           300.0))
        calls.append(entry(ContactRole.CARRIER_SECURITY, sec_name, Channel.EMAIL, sec_mail,
                           300.0))
    elif priority is AlarmPriority.HIGH:
        calls.append(entry(ContactRole.SUPERVISOR, sup_name, Channel.CALL, sup_phone, 600.0))
    else:
        calls.append(entry(ContactRole.SUPERVISOR, sup_name, Channel.EMAIL,
                           people["supervisor_mail"][1], 1800.0))
    if atype in _CRITICAL_CUSTOMER or atype in _HIGH_CUSTOMER:
        name, mail = people["customer"]
        calls.append(entry(ContactRole.CUSTOMER, name, Channel.EMAIL, mail,
                           300.0 if critical else 900.0))
    return AlarmPolicy(alarm_type=atype, ack_within_s=ack, covert=False, call_list=calls)


def default_policies(carrier_id: str, carrier_name: str) -> EscalationPolicies:
    """Version 1 of a carrier's policies: every alarm type, the cloud's defaults."""
    return EscalationPolicies(
        version=1, updated_by=None, updated_at=None,
        policies=[default_policy(t, carrier_id, carrier_name) for t in AlarmType])


def policy_problems(policies: list[AlarmPolicy]) -> list[dict[str, str]]:
    """What is wrong with a carrier's policies beyond their shape, each ``{"where",
    "problem"}`` naming the entry (``policies[2].call_list[1]``); empty when they are fine."""
    problems: list[dict[str, str]] = []
    seen: dict[AlarmType, int] = {}
    for i, policy in enumerate(policies):
        where = f"policies[{i}]"
        if policy.alarm_type in seen:
            problems.append({"where": f"{where}.alarm_type",
                             "problem": f"{policy.alarm_type.value} is listed twice (also "
                                        f"policies[{seen[policy.alarm_type]}])"})
        seen.setdefault(policy.alarm_type, i)
        for j, entry in enumerate(policy.call_list):
            at = f"{where}.call_list[{j}]"
            who = f"{entry.role.value} {entry.name!r}"
            if entry.channel is Channel.EMAIL:
                if not EMAIL.fullmatch(entry.address):
                    problems.append({"where": f"{at}.address",
                                     "problem": f"{who}: {entry.address!r} is not an e-mail "
                                                "address"})
            elif not PHONE.fullmatch(entry.address):
                problems.append({"where": f"{at}.address",
                                 "problem": f"{who}: a {entry.channel.value} needs a phone "
                                            f"number, '+' and 7 to 15 digits, not "
                                            f"{entry.address!r}"})
    return problems
