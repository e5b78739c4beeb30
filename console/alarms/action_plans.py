"""Action plans: the checklist a dispatcher works through for each kind of alarm.

The plans are data, not code. The carrier's plans are the cloud's (``GET /action-plans``,
versioned, edited in the console: :mod:`console.alarms.plans_editor`); :func:`plans_from_wire`
turns them into the :class:`ActionPlan` the alarm panel, the handover and the reports read.
The shipped defaults are package data (``opticallock/data/action_plans.json``, the cloud's
version 1).

Deprecated: a local plans file (``action_plans.json`` in the config directory,
``Settings.action_plans_path``) is read at start with :func:`load_action_plans` and is used only
until the cloud's plans arrive, and only stays in force with an older cloud that does not offer
them (404). Loading a file is strict: every alarm type must have a plan, and any mistake is a
:class:`ValueError` naming the file and the problem, raised at start-up.

Step ids are stored on the alarm's record in the cloud (``POST /alarms/{id}/steps``), so they
follow the wire rules (snake_case, at most 64 characters) and should never be renamed once used.

Quiet alarms (``Alarm.covert``: the driver's duress code, or a type the carrier's policy marks
covert) follow the file's ``covert`` rule: its steps come first and the type's steps that contact
the driver (``driver_steps``) are left out, since whoever holds the driver may see the app or hear
the phone (:meth:`ActionPlan.for_alarm`). A plan written for a quiet alarm (``"covert": true``,
the duress plan) is used as it is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from opticallock.action_plans import DEFAULTS_PATH
from opticallock.protocol import ActionPlans, Alarm, AlarmType, PlanStepSpec

#: The shipped plans (the domain's package data).
DEFAULT_PATH = DEFAULTS_PATH

STEP_ID_PATTERN = r"^[a-z0-9_]+$"


@dataclass(frozen=True)
class PlanStep:
    """One thing to do, e.g. ("call_driver", "Call the driver", "Ask where they are...")."""

    step_id: str
    label: str
    hint: str = ""


@dataclass(frozen=True)
class CovertRule:
    """How any quiet alarm's plan changes: ``steps`` first, ``driver_steps`` (ids) left out."""

    title: str
    steps: tuple[PlanStep, ...]
    driver_steps: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ActionPlan:
    """The ordered checklist for one alarm type."""

    alarm_type: AlarmType
    title: str
    steps: tuple[PlanStep, ...]
    #: Written for a quiet alarm (the duress plan): used as it is for a covert alarm.
    covert: bool = False
    #: The file's rule for quiet alarms (None: the file has none, the plan is used as it is).
    covert_rule: CovertRule | None = None

    def step(self, step_id: str) -> PlanStep | None:
        """The step with that id, or None (a step ticked under an older version of the file)."""
        return next((s for s in self.steps if s.step_id == step_id), None)

    def quiet(self) -> ActionPlan:
        """This plan for a quiet alarm: the covert rule's steps first, no step that contacts
        the driver."""
        rule = self.covert_rule
        if self.covert or rule is None:
            return self
        own = tuple(s for s in self.steps
                    if s.step_id not in rule.driver_steps
                    and s.step_id not in {r.step_id for r in rule.steps})
        return ActionPlan(alarm_type=self.alarm_type, title=f"{rule.title} · {self.title}",
                          steps=rule.steps + own, covert=True, covert_rule=rule)

    def for_alarm(self, alarm: Alarm) -> ActionPlan:
        """The plan as this alarm needs it (:meth:`quiet` for a covert one)."""
        return self.quiet() if is_quiet(alarm) else self


def is_quiet(alarm: Alarm) -> bool:
    """A quiet alarm: covert by the carrier's policy, or the driver's duress code."""
    return alarm.covert or alarm.type is AlarmType.DURESS


def plan_for(plans: dict[AlarmType, ActionPlan], alarm: Alarm) -> ActionPlan | None:
    """The plan for ``alarm`` from ``plans`` (its quiet form for a covert alarm), or None."""
    plan = plans.get(alarm.type)
    return None if plan is None else plan.for_alarm(alarm)


# --------------------------------------------------------------------------- the file's schema


class _StepSpec(BaseModel):
    # Stripped before the length checks, so a blank label is refused rather than sent.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: Annotated[str, Field(min_length=1, max_length=64, pattern=STEP_ID_PATTERN)]
    label: Annotated[str, Field(min_length=1, max_length=200)]
    hint: str = ""


class _PlanSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: Annotated[str, Field(min_length=1)]
    covert: bool = False
    steps: Annotated[list[_StepSpec], Field(min_length=1)]


class _CovertSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: Annotated[str, Field(min_length=1)]
    steps: Annotated[list[_StepSpec], Field(min_length=1)]
    driver_steps: list[Annotated[str, Field(pattern=STEP_ID_PATTERN)]] = Field(
        default_factory=list)


class _FileSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = 1
    plans: dict[str, _PlanSpec]
    covert: _CovertSpec | None = None


def _describe(exc: ValidationError) -> str:
    """pydantic's errors as "plans.fiber_cut.steps.2.id: ..." lines a person can act on."""
    lines = []
    for err in exc.errors():
        where = ".".join(str(part) for part in err["loc"]) or "(top level)"
        lines.append(f"{where}: {err['msg']}")
    return "; ".join(lines)


def load_action_plans(path: Path | None = None) -> dict[AlarmType, ActionPlan]:
    """Read and check the plans file (default: the shipped plans, the domain's package data).

    Raises ValueError naming the file and what is wrong: unreadable, not JSON, a field missing or
    malformed, an unknown alarm type, an alarm type without a plan, a step id used twice.
    """
    path = DEFAULT_PATH if path is None else Path(path)
    where = f"Action plans file {path}"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ValueError(f"{where} cannot be read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ValueError(f"{where} is not UTF-8 text: {exc.reason}") from exc
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{where} is not valid JSON: {exc.msg} at line {exc.lineno}, "
                         f"column {exc.colno}") from exc
    if not isinstance(raw, dict):
        raise ValueError(f"{where} must hold a JSON object with a \"plans\" object")
    # Keys starting with "_" are comments for whoever edits the file.
    raw = {k: v for k, v in raw.items() if not k.startswith("_")}
    try:
        spec = _FileSpec.model_validate(raw)
    except ValidationError as exc:
        raise ValueError(f"{where} is malformed: {_describe(exc)}") from None

    known = {t.value for t in AlarmType}
    unknown = sorted(set(spec.plans) - known)
    if unknown:
        raise ValueError(f"{where} has a plan for unknown alarm type(s) {', '.join(unknown)} "
                         f"(known: {', '.join(sorted(known))})")
    missing = [t.value for t in AlarmType if t.value not in spec.plans]
    if missing:
        raise ValueError(f"{where} has no plan for alarm type(s) {', '.join(missing)}: every "
                         f"alarm type needs one")

    rule = None
    if spec.covert is not None:
        rule = CovertRule(title=spec.covert.title,
                          steps=tuple(PlanStep(s.id, s.label, s.hint) for s in spec.covert.steps),
                          driver_steps=frozenset(spec.covert.driver_steps))
    plans: dict[AlarmType, ActionPlan] = {}
    for atype in AlarmType:
        plan = spec.plans[atype.value]
        ids = [s.id for s in plan.steps]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"{where}: plan {atype.value} uses step id(s) {', '.join(twice)} "
                             f"more than once")
        plans[atype] = ActionPlan(
            alarm_type=atype, title=plan.title,
            steps=tuple(PlanStep(s.id, s.label, s.hint) for s in plan.steps),
            covert=plan.covert, covert_rule=rule,
        )
    return plans


def _wire_steps(steps: list[PlanStepSpec]) -> tuple[PlanStep, ...]:
    return tuple(PlanStep(s.id, s.label, s.hint) for s in steps)


def plans_from_wire(plans: ActionPlans) -> dict[AlarmType, ActionPlan]:
    """The cloud's version as the checklists the console reads (a type the version lacks, which
    the cloud never stores, has no plan)."""
    spec = plans.covert_rule
    rule = None if spec is None else CovertRule(
        title=spec.title, steps=_wire_steps(spec.steps),
        driver_steps=frozenset(spec.driver_steps))
    return {p.alarm_type: ActionPlan(alarm_type=p.alarm_type, title=p.title,
                                     steps=_wire_steps(p.steps), covert=p.covert,
                                     covert_rule=rule)
            for p in plans.plans}


__all__ = ["DEFAULT_PATH", "ActionPlan", "CovertRule", "PlanStep", "is_quiet",
           "load_action_plans", "plan_for", "plans_from_wire"]
