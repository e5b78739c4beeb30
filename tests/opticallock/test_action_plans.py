"""The action plans' rules on plain data: the shipped plans pass them; each rule is said with
where and what; a recorded step id may go but not be renamed."""

from __future__ import annotations

import pytest

from opticallock.action_plans import (
    Code,
    PlanField,
    default_action_plans,
    plan_problems,
    problem_details,
    renamed_steps,
)
from opticallock.protocol import (
    ActionPlans,
    ActionPlanSpec,
    AlarmType,
    CovertRuleSpec,
    PlanStepSpec,
)


# Built without the schema's size bounds: the rules must say what a draft typed in the console
# gets wrong, before it is ever a wire model.
def step(step_id: str, label: str = "Do it", hint: str = "") -> PlanStepSpec:
    return PlanStepSpec.model_construct(id=step_id, label=label, hint=hint)


def plans(**steps: list[PlanStepSpec]) -> list[ActionPlanSpec]:
    """A plan for every type: one step each, unless given."""
    return [ActionPlanSpec.model_construct(alarm_type=t, title=t.value, covert=False,
                                           steps=steps.get(t.value, [step("call_driver")]))
            for t in AlarmType]


def test_the_shipped_plans_pass_every_rule() -> None:
    shipped = default_action_plans()
    assert plan_problems(shipped.plans, shipped.covert_rule) == []
    assert [p.alarm_type for p in shipped.plans] == list(AlarmType)
    assert (shipped.version, shipped.updated_by, shipped.updated_at) == (1, None, None)


def test_every_alarm_type_needs_exactly_one_plan() -> None:
    some = plans()
    missing = plan_problems(some[1:])
    assert [(p.alarm_type, p.code) for p in missing] == [
        (AlarmType.FIBER_CUT, Code.MISSING_PLAN)]
    twice = plan_problems([*some, some[0]])
    assert [(p.alarm_type, p.code, p.where) for p in twice] == [
        (AlarmType.FIBER_CUT, Code.DUPLICATE_PLAN, "plans.fiber_cut.plan")]


@pytest.mark.parametrize(("step_id", "ok"), [
    ("call_driver", True), ("step_2", True), ("a" * 64, True), ("a" * 65, False),
    ("Call_driver", False), ("call driver", False), ("call-driver", False), ("", False),
    ("llamar_al_conductor", True), ("llamar_al_señor", False),
])
def test_a_step_id_is_snake_case_and_at_most_64_characters(step_id: str, ok: bool) -> None:
    found = plan_problems(plans(gps_lost=[step(step_id)]))
    assert (found == []) is ok
    if not ok:
        assert (found[0].field, found[0].code, found[0].where) == (
            PlanField.ID, Code.BAD_ID, "plans.gps_lost.steps.0.id")


def test_ids_are_unique_within_a_plan_labels_and_titles_not_blank() -> None:
    some = plans(fiber_cut=[step("call_driver"), step("call_driver", "Again"),
                            step("notify", "  ")])
    some[2] = some[2].model_copy(update={"title": " "})
    found = plan_problems(some)
    assert [(p.where, p.code) for p in found] == [
        ("plans.fiber_cut.steps.1.id", Code.DUPLICATE_ID),
        ("plans.fiber_cut.steps.2.label", Code.BLANK),
        ("plans.unlock_outside_geofence.title", Code.BLANK),
    ]
    assert problem_details(found)[0] == {"where": "plans.fiber_cut.steps.1.id",
                                         "problem": "step id 'call_driver' is used twice"}


def test_a_plan_has_one_to_thirty_steps() -> None:
    assert [p.code for p in plan_problems(plans(battery_low=[]))] == [Code.NO_STEPS]
    many = [step(f"s{i}") for i in range(31)]
    assert [p.code for p in plan_problems(plans(battery_low=many))] == [Code.TOO_MANY_STEPS]
    assert plan_problems(plans(battery_low=many[:30])) == []


def test_the_quiet_alarm_rule_follows_the_same_rules() -> None:
    rule = CovertRuleSpec(title="Quiet", steps=[step("tell_security"), step("tell_security")],
                          driver_steps=["call_driver", "Message Driver"])
    found = plan_problems(plans(), rule)
    assert [(p.alarm_type, p.where, p.code) for p in found] == [
        (None, "covert_rule.steps.1.id", Code.DUPLICATE_ID),
        (None, "covert_rule.driver_steps", Code.BAD_ID),
    ]
    assert found[1].value == "Message Driver"


def test_a_recorded_step_may_go_but_not_be_renamed() -> None:
    current = ActionPlans(version=3, plans=plans(fiber_cut=[
        step("call_driver", "Call the driver"), step("notify", "Notify security")]))
    used = {AlarmType.FIBER_CUT: {"call_driver"}}
    renamed = plans(fiber_cut=[step("phone_driver", "Call  the Driver"),
                               step("notify", "Notify security")])
    found = renamed_steps(current, renamed, used)
    assert [(p.where, p.code, p.value) for p in found] == [
        ("plans.fiber_cut.steps.0.id", Code.RENAMED_STEP, "call_driver")]
    # Removed: allowed (old alarms keep their recorded steps).
    assert renamed_steps(current, plans(fiber_cut=[step("notify", "Notify security")]),
                         used) == []
    # A step no alarm has recorded may change its id; another type's record does not count.
    assert renamed_steps(current, plans(fiber_cut=[
        step("call_driver", "Call the driver"), step("tell_security", "Notify security")]),
        used) == []
    assert renamed_steps(current, renamed, {AlarmType.GPS_LOST: {"call_driver"}}) == []
