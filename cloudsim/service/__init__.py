"""The reference cloud's logic: accounts, carriers, alarm rules, dispatcher actions, messages.

The simulated devices report through the :class:`~cloudsim.devices.DeviceSink` methods; the
service turns reports into logged events (one :class:`~cloudsim.eventlog.CarrierLog` per carrier)
and applies the cloud's rules. It runs on the server's event loop thread and does no network I/O.

One module a concern, each a part of :class:`CloudService`:

* :mod:`~cloudsim.service.core`: carriers, their logs and state, reading, telemetry batching,
  and doing a dispatcher's action once per ``request_id``;
* :mod:`~cloudsim.service.accounts`: accounts and sessions;
* :mod:`~cloudsim.service.seals`: the seal custody ledger;
* :mod:`~cloudsim.service.unlocks`: unlock requests, the decisions on them, the unlock rule;
* :mod:`~cloudsim.service.reports`: the devices' reports and the alarm rules;
* :mod:`~cloudsim.service.alarm_actions`: acknowledge, resolve, steps, escalation, seen, audit;
* :mod:`~cloudsim.service.discipline`: who owns an alarm, notes at any time, the dispatchers;
* :mod:`~cloudsim.service.policies`: the carrier's alarm policies and call lists (defaults in
  :mod:`~cloudsim.service.policy_defaults`), escalation beyond the desk;
* :mod:`~cloudsim.service.plans`: the carrier's action plans, versioned;
* :mod:`~cloudsim.service.contacts`: driver messages and calls.
"""

from __future__ import annotations

from cloudsim.service.accounts import TOKEN_TTL_S, Accounts
from cloudsim.service.contacts import Contacts
from cloudsim.service.core import (
    BATTERY_LOW_PCT,
    BATTERY_OK_PCT,
    CLOUD,
    MAX_ROWS_PER_EVENT,
    ApiError,
    Principal,
)
from cloudsim.service.discipline import AlarmDiscipline
from cloudsim.service.plans import ActionPlanStore
from cloudsim.service.policies import AlarmPolicies
from cloudsim.service.reports import DeviceReports


class CloudService(Accounts, DeviceReports, AlarmDiscipline, AlarmPolicies, ActionPlanStore,
                   Contacts):
    """One cloud: several carriers, their logs, and the rules that feed them."""


__all__ = [
    "BATTERY_LOW_PCT",
    "BATTERY_OK_PCT",
    "CLOUD",
    "MAX_ROWS_PER_EVENT",
    "TOKEN_TTL_S",
    "ApiError",
    "CloudService",
    "Principal",
]
