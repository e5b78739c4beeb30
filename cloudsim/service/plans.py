"""A carrier's action plans (the dispatcher's checklist per alarm type and the quiet-alarm
rule), versioned.

Plans are stored per carrier in SQLite (table ``action_plans``, made by the core); a carrier
that never changed them has the shipped defaults as version 1
(:func:`opticallock.action_plans.default_action_plans`). ``PUT /action-plans`` replaces every
plan and must name the version it changes (``base_version``): another change first is 409
``version_conflict`` (the same change sent again by its author is answered as it was); a set of
plans the shared rules refuse is 422 ``invalid_action_plans`` listing every problem; a ``PUT``
that changes nothing is answered with the version in force, no new version, no event. Each new
version is an ``action_plans_changed`` event on the carrier's log (the consoles follow it live,
the audit trail keeps it).

A step id ticked on some alarm (its record keeps the id and the label it had) may be removed
from a plan, but not renamed: see :func:`opticallock.action_plans.renamed_steps`.
"""

from __future__ import annotations

from cloudsim.service.core import ApiError, Principal, ServiceCore, _iso
from opticallock.action_plans import (
    default_action_plans,
    in_protocol_order,
    plan_problems,
    problem_details,
    renamed_steps,
)
from opticallock.protocol import (
    ActionPlans,
    ActionPlansChangedEvent,
    ActionPlansUpdate,
    AlarmType,
    ConflictBody,
)


class ActionPlanStore(ServiceCore):
    """Reading and changing a carrier's action plans."""

    def action_plans_of(self, carrier_id: str) -> ActionPlans:
        """The carrier's action plans in force: its latest version, or the defaults."""
        plans = self._action_plans.get(carrier_id)
        if plans is None:
            row = self.db.one("SELECT body FROM action_plans WHERE carrier_id = ?",
                              (carrier_id,))
            plans = (ActionPlans.model_validate_json(row[0]) if row is not None
                     else default_action_plans())
            self._action_plans[carrier_id] = plans
        return plans

    def action_plans(self, who: Principal) -> ActionPlans:
        return self.action_plans_of(who.carrier_id)

    def used_step_ids(self, carrier_id: str) -> dict[AlarmType, set[str]]:
        """The step ids on the carrier's alarms' records (ticked or skipped), per alarm type."""
        used: dict[AlarmType, set[str]] = {}
        rows = self.db.all(
            "SELECT json_extract(alarms.body, '$.type'), json_extract(step.value, '$.step_id') "
            "FROM alarms, json_each(alarms.body, '$.steps') AS step WHERE carrier_id = ? "
            "UNION SELECT json_extract(alarms.body, '$.type'), "
            "json_extract(step.value, '$.step_id') "
            "FROM alarms, json_each(alarms.body, '$.skipped_steps') AS step "
            "WHERE carrier_id = ?", (carrier_id, carrier_id))
        for alarm_type, step_id in rows:
            used.setdefault(AlarmType(alarm_type), set()).add(str(step_id))
        for alarm in self.logs[carrier_id].state.alarms.values():  # open ones not stored yet
            used.setdefault(alarm.type, set()).update(s.step_id for s in alarm.steps)
        return used

    def update_action_plans(self, who: Principal, req: ActionPlansUpdate) -> ActionPlans:
        """A new version of the caller's carrier's action plans (every plan replaced)."""
        cid = who.carrier_id
        current = self.action_plans_of(cid)
        plans = in_protocol_order(req.plans)
        same = plans == current.plans and req.covert_rule == current.covert_rule
        if req.base_version != current.version:
            if (req.base_version == current.version - 1 and current.updated_by == who.username
                    and same):
                return current  # the same change again (a retry): its answer again
            message = (f"The action plans changed meanwhile: version {current.version} by "
                       f"{current.updated_by or 'the cloud'}"
                       + (f" at {_iso(current.updated_at)}" if current.updated_at else "")
                       + f", not {req.base_version}. Reload them and apply your change again.")
            raise ApiError(409, "version_conflict", message, ConflictBody(
                error="version_conflict", message=message,
                detail={"current_version": current.version}, by=current.updated_by,
                at=current.updated_at))
        problems = plan_problems(plans, req.covert_rule)
        if not problems:
            problems = renamed_steps(current, plans, self.used_step_ids(cid))
        if problems:
            raise ApiError(422, "invalid_action_plans",
                           f"{problems[0].where}: {problems[0].message}.",
                           detail=problem_details(problems))
        if same:
            return current  # nothing changed: no new version, nothing on the log
        now = self.clock()
        new = ActionPlans(version=current.version + 1, updated_by=who.username, updated_at=now,
                          plans=plans, covert_rule=req.covert_rule)
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO action_plans (carrier_id, version, body) VALUES (?, ?, ?) "
                "ON CONFLICT(carrier_id) DO UPDATE SET version = excluded.version, "
                "body = excluded.body", (cid, new.version, new.model_dump_json()))
            self.emit(cid, ActionPlansChangedEvent(seq=1, ts=now, action_plans=new))
        self._action_plans[cid] = new
        return new
