"""Action plans: the checklist a dispatcher works through for each kind of alarm.

The plans are data, not code (``resources/action_plans.json``): a carrier's security manager can
reword a step or add one for their own procedure without a release. Because a wrong file would
otherwise surface as a missing checklist in the middle of an incident, loading is strict: every
alarm type must have a plan, and any mistake is a :class:`ValueError` naming the file and the
problem, raised at start-up.

Step ids are stored on the alarm's record in the cloud (``POST /alarms/{id}/steps``), so they
follow the wire rules (snake_case, at most 64 characters) and should never be renamed once used.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from opticallock.protocol import AlarmType

#: The shipped plans.
DEFAULT_PATH = Path(__file__).resolve().parents[2] / "resources" / "action_plans.json"

STEP_ID_PATTERN = r"^[a-z0-9_]+$"


@dataclass(frozen=True)
class PlanStep:
    """One thing to do, e.g. ("call_driver", "Call the driver", "Ask where they are...")."""

    step_id: str
    label: str
    hint: str = ""


@dataclass(frozen=True)
class ActionPlan:
    """The ordered checklist for one alarm type."""

    alarm_type: AlarmType
    title: str
    steps: tuple[PlanStep, ...]

    def step(self, step_id: str) -> PlanStep | None:
        """The step with that id, or None (a step ticked under an older version of the file)."""
        return next((s for s in self.steps if s.step_id == step_id), None)


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
    steps: Annotated[list[_StepSpec], Field(min_length=1)]


class _FileSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = 1
    plans: dict[str, _PlanSpec]


def _describe(exc: ValidationError) -> str:
    """pydantic's errors as "plans.fiber_cut.steps.2.id: ..." lines a person can act on."""
    lines = []
    for err in exc.errors():
        where = ".".join(str(part) for part in err["loc"]) or "(top level)"
        lines.append(f"{where}: {err['msg']}")
    return "; ".join(lines)


def load_action_plans(path: Path | None = None) -> dict[AlarmType, ActionPlan]:
    """Read and check the plans file (default: the shipped ``resources/action_plans.json``).

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
        )
    return plans


__all__ = ["DEFAULT_PATH", "ActionPlan", "PlanStep", "load_action_plans"]
