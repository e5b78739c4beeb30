"""The shipped action plans load, cover every alarm type, and a broken file says what is wrong."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from console.alarms.action_plans import DEFAULT_PATH, load_action_plans
from opticallock.protocol import AlarmType, StepRequest


def shipped() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DEFAULT_PATH.read_text(encoding="utf-8"))
    return data


def write(tmp_path: Path, data: Any) -> Path:
    path = tmp_path / "plans.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def test_the_shipped_file_has_a_plan_for_every_alarm_type() -> None:
    plans = load_action_plans()
    assert set(plans) == set(AlarmType)
    for atype, plan in plans.items():
        assert plan.alarm_type is atype
        assert plan.title
        assert len(plan.steps) >= 3, atype
        ids = [s.step_id for s in plan.steps]
        assert len(ids) == len(set(ids))
        for step in plan.steps:
            assert re.fullmatch(r"[a-z0-9_]+", step.step_id)
            # Every step can be recorded on the alarm as it is (the wire's own rules).
            StepRequest(request_id="r" * 16, step_id=step.step_id, label=step.label)


def test_the_fiber_cut_plan_follows_the_carriers_procedure() -> None:
    plan = load_action_plans()[AlarmType.FIBER_CUT]
    ids = [s.step_id for s in plan.steps]
    assert ids[0] == "call_driver"
    for needed in ("confirm_location", "confirm_seal_visually", "notify_carrier_security",
                   "notify_customer", "file_incident_report", "request_police"):
        assert needed in ids
    assert "photo" in plan.step("confirm_seal_visually").label.lower()  # type: ignore[union-attr]
    assert plan.step("no_such_step") is None
    outside = load_action_plans()[AlarmType.UNLOCK_OUTSIDE_GEOFENCE]
    assert any("authoris" in s.label.lower() for s in outside.steps)
    degraded = load_action_plans()[AlarmType.FIBER_DEGRADED]
    assert any("terminal" in s.label.lower() for s in degraded.steps)


def test_an_edited_file_is_used_without_code_changes(tmp_path: Path) -> None:
    data = shipped()
    data["plans"]["battery_low"]["steps"].append({"id": "log_lock_serial",
                                                  "label": "Note the lock serial"})
    plans = load_action_plans(write(tmp_path, data))
    assert plans[AlarmType.BATTERY_LOW].steps[-1].step_id == "log_lock_serial"
    assert plans[AlarmType.BATTERY_LOW].steps[-1].hint == ""


def _without_gps_plan() -> dict[str, Any]:
    data = shipped()
    del data["plans"]["gps_lost"]
    return data


def _with_bad_step_id() -> dict[str, Any]:
    data = shipped()
    data["plans"]["fiber_cut"]["steps"][1]["id"] = "Confirm Location"
    return data


def _with_blank_label() -> dict[str, Any]:
    data = shipped()
    data["plans"]["forced_entry"]["steps"][0]["label"] = "   "
    return data


def _with_duplicate_step() -> dict[str, Any]:
    data = shipped()
    steps = data["plans"]["gps_lost"]["steps"]
    steps.append(dict(steps[0]))
    return data


def _with_unknown_type() -> dict[str, Any]:
    data = shipped()
    data["plans"]["fiber_cutt"] = data["plans"]["fiber_cut"]
    return data


def _with_typo_field() -> dict[str, Any]:
    data = shipped()
    data["plans"]["battery_low"]["steps"][0]["lable"] = "x"
    return data


@pytest.mark.parametrize(("content", "problem"), [
    ('{"plans": {', r"not valid JSON: .* line 1, column"),
    ("[1, 2]", r"must hold a JSON object"),
    (_without_gps_plan(), r"no plan for alarm type\(s\) gps_lost"),
    (_with_bad_step_id(), r"plans\.fiber_cut\.steps\.1\.id: String should match pattern"),
    (_with_blank_label(), r"plans\.forced_entry\.steps\.0\.label"),
    (_with_duplicate_step(), r"plan gps_lost uses step id\(s\) check_last_position more"),
    (_with_unknown_type(), r"unknown alarm type\(s\) fiber_cutt"),
    (_with_typo_field(), r"plans\.battery_low\.steps\.0\.lable: Extra inputs"),
])
def test_a_broken_file_is_refused_naming_the_file_and_the_problem(
        tmp_path: Path, content: Any, problem: str) -> None:
    path = write(tmp_path, content)
    with pytest.raises(ValueError, match=problem) as info:
        load_action_plans(path)
    assert str(path) in str(info.value)


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.json"
    with pytest.raises(ValueError, match="cannot be read") as info:
        load_action_plans(path)
    assert str(path) in str(info.value)
