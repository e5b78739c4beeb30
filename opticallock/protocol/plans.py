"""A carrier's action plans on the wire: the dispatcher's checklist per alarm type and the rule
for quiet alarms, versioned by the cloud (``GET``/``PUT /action-plans``, docs/protocol.md §5.11).

The schema bounds only sizes (so a body stays small); what makes a set of plans acceptable
(every alarm type planned, step ids snake_case and unique within a plan, labels not blank) is
:func:`opticallock.action_plans.plan_problems`, shared by the cloud (its 422 lists every
problem) and the console's editor (Save is offered only when the cloud would take it).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from opticallock.protocol.base import Model, Timestamp
from opticallock.protocol.entities import AlarmType

#: Size bounds, said once (the rules in opticallock.action_plans use the same numbers).
MAX_STEP_ID_CHARS = 64
MAX_LABEL_CHARS = 200
MAX_TITLE_CHARS = 200
MAX_HINT_CHARS = 1000
MAX_STEPS = 30


class PlanStepSpec(Model):
    """One step of a checklist: its id (stored on the alarm's record when ticked, so it is
    never renamed once used), what the dispatcher reads, and the hint shown on hover."""

    id: Annotated[str, Field(max_length=MAX_STEP_ID_CHARS)]
    label: Annotated[str, Field(max_length=MAX_LABEL_CHARS)]
    hint: Annotated[str, Field(max_length=MAX_HINT_CHARS)] = ""


class ActionPlanSpec(Model):
    """The ordered checklist for one alarm type."""

    alarm_type: AlarmType
    title: Annotated[str, Field(max_length=MAX_TITLE_CHARS)]
    #: Written for a quiet alarm (the duress plan): used as it is for a covert alarm.
    covert: bool = False
    steps: Annotated[list[PlanStepSpec], Field(max_length=MAX_STEPS)]


class CovertRuleSpec(Model):
    """How any quiet alarm's plan changes: ``steps`` first, the type's own steps named in
    ``driver_steps`` (those that contact the driver) left out."""

    title: Annotated[str, Field(max_length=MAX_TITLE_CHARS)]
    steps: Annotated[list[PlanStepSpec], Field(max_length=MAX_STEPS)]
    driver_steps: Annotated[list[Annotated[str, Field(max_length=MAX_STEP_ID_CHARS)]],
                            Field(max_length=100)] = Field(default_factory=list)


class ActionPlans(Model):
    """A carrier's action plans, versioned: each change is a new version, on the log
    (``action_plans_changed``). ``updated_by`` None: the cloud's defaults."""

    version: int = Field(ge=1)
    updated_by: str | None = None
    updated_at: Timestamp | None = None
    plans: list[ActionPlanSpec]
    covert_rule: CovertRuleSpec | None = None


class ActionPlansUpdate(Model):
    """``PUT /action-plans``: every plan, based on ``base_version`` (409 if another change came
    first; 422 listing the problems)."""

    base_version: int = Field(ge=0)
    plans: Annotated[list[ActionPlanSpec], Field(max_length=50)]
    covert_rule: CovertRuleSpec | None = None
