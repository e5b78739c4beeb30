"""What makes a carrier's action plans acceptable, said once for the cloud and the console.

The cloud stores each carrier's plans, versioned (``GET``/``PUT /action-plans``); the console
edits them. Both check them with :func:`plan_problems`: the cloud refuses a ``PUT`` with a 422
listing every problem (:func:`problem_details`), the console offers Save only when the list is
empty and shows each problem next to its field (in the dispatcher's language, by its ``code``).

The rules: every alarm type has exactly one plan; a title and every label are not blank; each
plan has at least one step and at most :data:`MAX_STEPS`; a step id is snake_case
(``^[a-z0-9_]+$``, at most 64 characters, the rule of an alarm's recorded step) and used once
within its plan (or within the quiet-alarm rule); the rule's ``driver_steps`` are step ids too;
a hint is at most 1,000 characters.

Step ids are written on an alarm's record when a step is ticked, so a step in use keeps its id:
removing it is allowed (old alarms keep their recorded steps and labels), renaming its id is not.
The cloud cannot tell a rename from a removal plus a new step in general; it refuses the one it
can recognise (:func:`renamed_steps`: an id on some alarm's record gone, and a new id with the
same label in its place), and the console's editor never offers to change a saved step's id.

The shipped defaults are package data (``opticallock/data/action_plans.json``, the file the
console used to read on its own): :func:`default_action_plans`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

from opticallock.protocol import (
    MAX_HINT_CHARS,
    MAX_LABEL_CHARS,
    MAX_STEP_ID_CHARS,
    MAX_STEPS,
    MAX_TITLE_CHARS,
    ActionPlans,
    ActionPlanSpec,
    AlarmType,
    CovertRuleSpec,
    PlanStepSpec,
)

#: The shipped plans (package data).
DEFAULTS_PATH = Path(__file__).resolve().parent / "data" / "action_plans.json"

#: A step id: what an alarm's recorded step (``AlarmStep.step_id``) accepts.
STEP_ID = re.compile(r"[a-z0-9_]+")


class StepLike(Protocol):
    """A step as the rules read it (a wire ``PlanStepSpec`` or the console's draft)."""

    @property
    def id(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def hint(self) -> str: ...


class PlanLike(Protocol):
    @property
    def alarm_type(self) -> AlarmType: ...
    @property
    def title(self) -> str: ...
    @property
    def steps(self) -> Sequence[StepLike]: ...


class CovertRuleLike(Protocol):
    @property
    def title(self) -> str: ...
    @property
    def steps(self) -> Sequence[StepLike]: ...
    @property
    def driver_steps(self) -> Sequence[str]: ...


class PlanField(StrEnum):
    """What a problem is about."""

    PLAN = "plan"
    TITLE = "title"
    STEPS = "steps"
    ID = "id"
    LABEL = "label"
    HINT = "hint"
    DRIVER_STEPS = "driver_steps"


class Code(StrEnum):
    """What is wrong, for the console to say in the dispatcher's language."""

    MISSING_PLAN = "missing_plan"
    DUPLICATE_PLAN = "duplicate_plan"
    BLANK = "blank"
    TOO_LONG = "too_long"
    NO_STEPS = "no_steps"
    TOO_MANY_STEPS = "too_many_steps"
    BAD_ID = "bad_id"
    DUPLICATE_ID = "duplicate_id"
    RENAMED_STEP = "renamed_step"


@dataclass(frozen=True)
class PlanProblem:
    """Something the cloud refuses: in ``alarm_type``'s plan (None: the quiet-alarm rule), on
    ``step`` (its index; None: the plan itself), in ``field``; ``code`` with its ``limit`` or
    ``value`` (a length, an id), ``message`` in English, ``where`` as a path into the body."""

    alarm_type: AlarmType | None
    step: int | None
    field: PlanField
    code: Code
    message: str
    limit: int = 0
    value: str = ""

    @property
    def where(self) -> str:
        parts = ["covert_rule"] if self.alarm_type is None else ["plans", self.alarm_type.value]
        if self.step is not None:
            parts += ["steps", str(self.step)]
        if self.field not in (PlanField.PLAN, PlanField.STEPS) or self.step is None:
            parts.append(self.field.value)
        return ".".join(parts)


def _text_problems(text: str, limit: int, alarm_type: AlarmType | None, step: int | None,
                   field: PlanField, what: str) -> list[PlanProblem]:
    if not text.strip():
        return [PlanProblem(alarm_type, step, field, Code.BLANK, f"{what} is blank")]
    if len(text) > limit:
        return [PlanProblem(alarm_type, step, field, Code.TOO_LONG,
                            f"{what} is longer than {limit} characters", limit=limit)]
    return []


def step_problems(step: StepLike, alarm_type: AlarmType | None, index: int) -> list[PlanProblem]:
    """What is wrong with one step on its own (its id's uniqueness is the plan's to check)."""
    found = []
    if not STEP_ID.fullmatch(step.id) or len(step.id) > MAX_STEP_ID_CHARS:
        found.append(PlanProblem(
            alarm_type, index, PlanField.ID, Code.BAD_ID,
            f"step id {step.id!r} is not snake_case (a-z, 0-9 and _, at most "
            f"{MAX_STEP_ID_CHARS} characters)", limit=MAX_STEP_ID_CHARS, value=step.id))
    found += _text_problems(step.label, MAX_LABEL_CHARS, alarm_type, index, PlanField.LABEL,
                            "the label")
    if len(step.hint) > MAX_HINT_CHARS:
        found.append(PlanProblem(alarm_type, index, PlanField.HINT, Code.TOO_LONG,
                                 f"the hint is longer than {MAX_HINT_CHARS} characters",
                                 limit=MAX_HINT_CHARS))
    return found


def _steps_problems(steps: Sequence[StepLike], alarm_type: AlarmType | None
                    ) -> list[PlanProblem]:
    found = []
    if not steps:
        found.append(PlanProblem(alarm_type, None, PlanField.STEPS, Code.NO_STEPS,
                                 "there is no step"))
    elif len(steps) > MAX_STEPS:
        found.append(PlanProblem(alarm_type, None, PlanField.STEPS, Code.TOO_MANY_STEPS,
                                 f"more than {MAX_STEPS} steps", limit=MAX_STEPS))
    seen: set[str] = set()
    for index, step in enumerate(steps):
        found += step_problems(step, alarm_type, index)
        if step.id in seen:
            found.append(PlanProblem(alarm_type, index, PlanField.ID, Code.DUPLICATE_ID,
                                     f"step id {step.id!r} is used twice", value=step.id))
        seen.add(step.id)
    return found


def plan_problems(plans: Sequence[PlanLike], covert_rule: CovertRuleLike | None = None
                  ) -> list[PlanProblem]:
    """Every problem in a set of plans, in the protocol's order; empty: the cloud takes it."""
    found: list[PlanProblem] = []
    by_type: dict[AlarmType, PlanLike] = {}
    for plan in plans:
        if plan.alarm_type in by_type:
            found.append(PlanProblem(plan.alarm_type, None, PlanField.PLAN, Code.DUPLICATE_PLAN,
                                     "more than one plan for this alarm type"))
        by_type.setdefault(plan.alarm_type, plan)
    for alarm_type in AlarmType:
        planned = by_type.get(alarm_type)
        if planned is None:
            found.append(PlanProblem(alarm_type, None, PlanField.PLAN, Code.MISSING_PLAN,
                                     "every alarm type needs a plan"))
            continue
        found += _text_problems(planned.title, MAX_TITLE_CHARS, alarm_type, None,
                                PlanField.TITLE, "the title")
        found += _steps_problems(planned.steps, alarm_type)
    if covert_rule is not None:
        found += _text_problems(covert_rule.title, MAX_TITLE_CHARS, None, None,
                                PlanField.TITLE, "the title")
        found += _steps_problems(covert_rule.steps, None)
        bad = [s for s in covert_rule.driver_steps
               if not STEP_ID.fullmatch(s) or len(s) > MAX_STEP_ID_CHARS]
        if bad:
            found.append(PlanProblem(None, None, PlanField.DRIVER_STEPS, Code.BAD_ID,
                                     f"step id {bad[0]!r} is not snake_case",
                                     limit=MAX_STEP_ID_CHARS, value=bad[0]))
    return found


def renamed_steps(current: ActionPlans, plans: Sequence[PlanLike],
                  used: Mapping[AlarmType, set[str]]) -> list[PlanProblem]:
    """The step ids on alarms' records (``used``, per alarm type) that ``plans`` would rename:
    gone from the type's plan while a new id carries the same label."""
    before = {p.alarm_type: p for p in current.plans}
    found = []
    for plan in plans:
        old = before.get(plan.alarm_type)
        if old is None:
            continue
        new_ids = {s.id for s in plan.steps}
        old_ids = {s.id for s in old.steps}
        gone = {_norm(s.label): s.id for s in old.steps
                if s.id not in new_ids and s.id in used.get(plan.alarm_type, set())}
        for index, step in enumerate(plan.steps):
            was = gone.get(_norm(step.label))
            if step.id not in old_ids and was is not None:
                found.append(PlanProblem(
                    plan.alarm_type, index, PlanField.ID, Code.RENAMED_STEP,
                    f"step id {was!r} is on alarms' records and cannot be renamed to "
                    f"{step.id!r}: keep the id and change the label, or remove the step",
                    value=was))
    return found


def _norm(label: str) -> str:
    return " ".join(label.split()).casefold()


def problem_details(problems: Iterable[PlanProblem]) -> list[dict[str, str]]:
    """The problems as a 422's ``detail``: ``[{"where": ..., "problem": ...}]``."""
    return [{"where": p.where, "problem": p.message} for p in problems]


def in_protocol_order(plans: Iterable[ActionPlanSpec]) -> list[ActionPlanSpec]:
    """The plans in the order of ``AlarmType`` (how the cloud stores and answers them)."""
    order = {t: i for i, t in enumerate(AlarmType)}
    return sorted(plans, key=lambda p: order[p.alarm_type])


# ---------------------------------------------------------------------- the shipped defaults


def _steps(raw: list[dict[str, Any]]) -> list[PlanStepSpec]:
    return [PlanStepSpec(id=s["id"], label=s["label"], hint=s.get("hint", "")) for s in raw]


def from_file(raw: Mapping[str, Any]) -> tuple[list[ActionPlanSpec], CovertRuleSpec | None]:
    """The plans of an action-plans file's JSON (``{"plans": {type: {...}}, "covert": {...}}``;
    keys starting with "_" are comments). Raises ValueError (or KeyError, TypeError) on a
    malformed one; the rules are :func:`plan_problems`'."""
    plans = [ActionPlanSpec(alarm_type=AlarmType(name), title=p["title"],
                            covert=bool(p.get("covert", False)), steps=_steps(p["steps"]))
             for name, p in raw["plans"].items()]
    covert = raw.get("covert")
    rule = None if covert is None else CovertRuleSpec(
        title=covert["title"], steps=_steps(covert["steps"]),
        driver_steps=list(covert.get("driver_steps", [])))
    return in_protocol_order(plans), rule


def default_action_plans() -> ActionPlans:
    """The shipped plans as version 1, the cloud's defaults (``updated_by`` None)."""
    raw = json.loads(DEFAULTS_PATH.read_text(encoding="utf-8"))
    plans, rule = from_file(raw)
    problems = plan_problems(plans, rule)
    if problems:
        raise ValueError(f"{DEFAULTS_PATH}: {problems[0].where}: {problems[0].message}")
    return ActionPlans(version=1, plans=plans, covert_rule=rule)


__all__ = [
    "DEFAULTS_PATH",
    "STEP_ID",
    "Code",
    "CovertRuleLike",
    "PlanField",
    "PlanLike",
    "PlanProblem",
    "StepLike",
    "default_action_plans",
    "from_file",
    "in_protocol_order",
    "plan_problems",
    "problem_details",
    "renamed_steps",
    "step_problems",
]
