"""The carrier's action plans against a real cloudsim over real sockets: the shipped defaults
as version 1, a change versioned and logged (``action_plans_changed``), a retry and a no-op
answered without a new version, a conflict naming who saved first, every problem listed on a
422, a step id on an alarm's record removable but not renamed, each carrier its own, and a
restart keeping them."""

from __future__ import annotations

import copy
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from cloudsim.server import EmbeddedCloud
from opticallock.action_plans import default_action_plans
from opticallock.protocol import (
    API_PREFIX,
    ActionPlans,
    ActionPlansChangedEvent,
    AlarmRaisedEvent,
    AlarmType,
)
from tests.cloudsim.conftest import login, open_stream, read_until


def client(cloud: EmbeddedCloud, user: str, password: str) -> httpx.Client:
    token = login(cloud, user, password)
    return httpx.Client(base_url=f"{cloud.url}{API_PREFIX}",
                        headers={"Authorization": f"Bearer {token}"}, timeout=10)


@pytest.fixture
def ana(cloud: EmbeddedCloud) -> Iterator[httpx.Client]:
    with client(cloud, "ana", "pw1") as c:
        yield c


@pytest.fixture
def ben(cloud: EmbeddedCloud) -> Iterator[httpx.Client]:
    with client(cloud, "ben", "pw2") as c:
        yield c


def update(current: dict[str, Any]) -> dict[str, Any]:
    """A PUT body for ``current`` as it is (based on its version)."""
    return {"base_version": current["version"], "plans": copy.deepcopy(current["plans"]),
            "covert_rule": copy.deepcopy(current["covert_rule"])}


def plan(body: dict[str, Any], alarm_type: AlarmType) -> dict[str, Any]:
    return next(p for p in body["plans"] if p["alarm_type"] == alarm_type.value)


def test_the_defaults_are_the_shipped_plans_as_version_1(ana: httpx.Client) -> None:
    r = ana.get("/action-plans")
    assert r.status_code == 200, r.text
    plans = ActionPlans.model_validate_json(r.content)
    assert plans == default_action_plans()
    assert (plans.version, plans.updated_by) == (1, None)
    assert [p.alarm_type for p in plans.plans] == list(AlarmType)
    assert plans.covert_rule is not None
    assert "call_driver" in plans.covert_rule.driver_steps


def test_a_change_is_versioned_logged_and_kept_over_a_restart(
        cloud: EmbeddedCloud, ana: httpx.Client, ben: httpx.Client) -> None:
    body = update(ana.get("/action-plans").json())
    gps = plan(body, AlarmType.GPS_LOST)
    gps["steps"].append({"id": "check_jammer_report", "label": "Check the jammer report",
                         "hint": "Ask the corridor desk whether jamming was reported."})
    gps["title"] = "GPS lost: find the trailer"
    with open_stream(cloud, login(cloud, "ana", "pw1")) as ws:
        r = ana.put("/action-plans", json=body)
        assert r.status_code == 200, r.text
        frames = read_until(ws, lambda f: isinstance(f, ActionPlansChangedEvent))
    new = r.json()
    assert (new["version"], new["updated_by"]) == (2, "ana")
    assert new["updated_at"] > 0
    event = frames[-1]
    assert isinstance(event, ActionPlansChangedEvent)
    assert event.action_plans.model_dump(mode="json") == new
    assert plan(new, AlarmType.GPS_LOST) == gps
    # The same change again (a retry after a lost answer): the same answer, no version 3.
    assert ana.put("/action-plans", json=body).json() == new
    # Nothing changed at all: the version in force, no event.
    same = update(new)
    assert ana.put("/action-plans", json=same).json() == new
    assert ben.get("/action-plans").json()["version"] == 2

    with client(cloud, "carla", "pw3") as carla:  # another carrier's are its own
        assert carla.get("/action-plans").json()["version"] == 1
    cloud.restart()
    kept = ben.get("/action-plans").json()
    assert kept == new


def test_a_change_on_an_older_version_is_a_conflict_naming_who_saved(
        ana: httpx.Client, ben: httpx.Client) -> None:
    first = ana.get("/action-plans").json()
    mine = update(first)
    plan(mine, AlarmType.FIBER_CUT)["title"] = "Seal cut"
    assert ana.put("/action-plans", json=mine).status_code == 200
    theirs = update(first)
    plan(theirs, AlarmType.FIBER_CUT)["title"] = "Cut seal"
    late = ben.put("/action-plans", json=theirs)
    assert late.status_code == 409
    assert late.json()["error"] == "version_conflict"
    assert late.json()["detail"] == {"current_version": 2}
    assert late.json()["by"] == "ana"
    assert late.json()["at"] > 0
    assert plan(ben.get("/action-plans").json(), AlarmType.FIBER_CUT)["title"] == "Seal cut"


def test_every_problem_is_listed_on_a_422(ana: httpx.Client) -> None:
    body = update(ana.get("/action-plans").json())
    body["plans"] = [p for p in body["plans"] if p["alarm_type"] != "gps_lost"]
    cut = plan(body, AlarmType.FIBER_CUT)
    cut["steps"][0]["id"] = "Call Driver"
    cut["steps"][1]["id"] = cut["steps"][2]["id"]
    cut["steps"][3]["label"] = "   "
    plan(body, AlarmType.DURESS)["title"] = ""
    r = ana.put("/action-plans", json=body)
    assert r.status_code == 422, r.text
    answer = r.json()
    assert answer["error"] == "invalid_action_plans"
    wheres = [d["where"] for d in answer["detail"]]
    assert wheres == ["plans.fiber_cut.steps.0.id", "plans.fiber_cut.steps.2.id",
                      "plans.fiber_cut.steps.3.label", "plans.gps_lost.plan",
                      "plans.duress.title"]
    assert answer["message"].startswith(answer["detail"][0]["where"])
    assert ana.get("/action-plans").json()["version"] == 1  # nothing stored
    # Too long for the schema itself: refused before the rules.
    long = update(ana.get("/action-plans").json())
    plan(long, AlarmType.FIBER_CUT)["steps"][0]["label"] = "x" * 201
    r = ana.put("/action-plans", json=long)
    assert (r.status_code, r.json()["error"]) == (422, "invalid_request")


def test_a_step_on_an_alarms_record_can_be_removed_but_not_renamed(
        cloud: EmbeddedCloud, ana: httpx.Client) -> None:
    assert cloud.cloud is not None
    sim = cloud.cloud.sim
    with open_stream(cloud, login(cloud, "ana", "pw1")) as ws:
        lock = cloud.call(lambda: sim.inject_incident("fiber_cut", None))
        frames = read_until(ws, lambda f: isinstance(f, AlarmRaisedEvent)
                            and f.alarm.lock_id == lock)
    alarm = frames[-1].alarm
    r = ana.post(f"/alarms/{alarm.id}/steps", json={
        "request_id": uuid.uuid4().hex, "step_id": "confirm_location",
        "label": "Confirm the trailer's location"})
    assert r.status_code == 200, r.text

    current = ana.get("/action-plans").json()
    renamed = update(current)
    step = next(s for s in plan(renamed, AlarmType.FIBER_CUT)["steps"]
                if s["id"] == "confirm_location")
    step["id"] = "check_location"
    r = ana.put("/action-plans", json=renamed)
    assert r.status_code == 422, r.text
    assert r.json()["detail"][0]["where"].startswith("plans.fiber_cut.steps.")
    assert "confirm_location" in r.json()["message"]
    # A step not on any record yet may change its id; a recorded one may go.
    relabelled = update(current)
    steps = plan(relabelled, AlarmType.FIBER_CUT)["steps"]
    next(s for s in steps if s["id"] == "notify_customer")["id"] = "notify_shipper"
    plan(relabelled, AlarmType.FIBER_CUT)["steps"] = [
        s for s in steps if s["id"] != "confirm_location"]
    r = ana.put("/action-plans", json=relabelled)
    assert r.status_code == 200, r.text
    # The alarm keeps its recorded step and label.
    record = ana.get(f"/alarms/{alarm.id}").json()
    assert [(s["step_id"], s["label"]) for s in record["steps"]] == [
        ("confirm_location", "Confirm the trailer's location")]
