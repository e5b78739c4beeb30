"""Issue 16 on plain data: times said in the dispatcher's zone with its name, a colleague's
refusal in those words, the quiet form of any covert alarm's plan, and the queue's owner filter
and columns."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import shiboken6
from PySide6.QtCore import QObject

from console.alarms.action_plans import load_action_plans, plan_for
from console.alarms.labels import conflict_text
from console.alarms.models import AlarmColumn, AlarmOwnerFilter, AlarmQueueModel, AlarmRole
from console.alarms.times import local_datetime, local_time, set_zone
from opticallock.protocol import AlarmType
from tests.console.alarms.alarm_data import make_alarm, store_with

CHICAGO = ZoneInfo("America/Chicago")
#: 2026-11-23 20:02:11 UTC, 14:02:11 in Chicago (CST).
TS = datetime(2026, 11, 23, 20, 2, 11, tzinfo=ZoneInfo("UTC")).timestamp()


@pytest.fixture(autouse=True)
def chicago() -> Iterator[None]:
    set_zone(CHICAGO)
    yield
    set_zone(None)


def test_times_are_in_the_dispatchers_zone_with_its_name() -> None:
    assert local_time(TS, now=TS + 60) == "14:02:11 CST"
    assert local_time(TS, now=TS + 86_400) == "2026-11-23 14:02:11 CST"
    assert local_time(TS, now=TS, seconds=False) == "14:02 CST"
    assert local_datetime(TS) == "2026-11-23 14:02:11 CST"
    summer = datetime(2026, 7, 1, 19, 0, tzinfo=ZoneInfo("UTC")).timestamp()
    assert local_time(summer, now=summer) == "14:00:00 CDT"
    assert local_time(None) == "—"


def test_a_colleagues_refusal_says_who_and_when_in_local_time() -> None:
    assert conflict_text("already_acknowledged", "ana", TS).startswith(
        "Already acknowledged by ana at ")
    assert "14:02:11 CST" in conflict_text("already_acknowledged", "ana", TS)
    assert "UTC" not in conflict_text("already_resolved", "ana", TS)
    assert conflict_text("owned_by_other", "ben", TS).startswith(
        "ben owns this alarm (since ")
    assert conflict_text("something_new", "ben", TS, "The cloud's words.") == \
        "The cloud's words."


def test_a_covert_alarm_of_any_type_puts_security_first_and_never_the_driver() -> None:
    plans = load_action_plans()
    loud = make_alarm("AL-1", atype="fiber_cut")
    quiet = make_alarm("AL-2", atype="fiber_cut", covert=True)
    loud_plan = plan_for(plans, loud)
    quiet_plan = plan_for(plans, quiet)
    assert loud_plan is not None
    assert quiet_plan is not None
    assert loud_plan.steps[0].step_id == "call_driver"
    assert quiet_plan.steps[0].step_id == "covert_call_carrier_security"
    assert not {"call_driver", "confirm_seal_visually"} & {s.step_id for s in quiet_plan.steps}
    assert "notify_carrier_security" in {s.step_id for s in quiet_plan.steps}
    # Every type's quiet form: nothing that contacts the driver, security first.
    driver_steps = {"call_driver", "message_driver", "confirm_number_with_driver",
                    "confirm_seal_visually", "confirm_doors_visually"}
    for atype in AlarmType:
        plan = plan_for(plans, make_alarm("AL-3", atype=atype.value, covert=True))
        assert plan is not None
        assert not driver_steps & {s.step_id for s in plan.steps}, atype
        assert "security" in plan.steps[0].label.lower(), atype
    # The duress plan is written for a quiet alarm: used as it is.
    duress = plan_for(plans, make_alarm("AL-4", atype="duress"))
    assert duress is plans[AlarmType.DURESS]


def test_the_queue_shows_owner_and_level_and_filters_mine_and_unassigned(
        qtmodeltester: Any) -> None:
    root = QObject()
    try:
        store, _feed = store_with(
            make_alarm("AL-1", 1, owner="ana", owned_at=TS),
            make_alarm("AL-2", 2, owner="ben", owned_at=TS, escalation_level=2,
                       escalated_at=TS),
            make_alarm("AL-3", 3), parent=root)
        model = AlarmQueueModel(store, parent=root)
        proxy = AlarmOwnerFilter(root)
        proxy.setSourceModel(model)
        qtmodeltester.check(proxy)
        cells = {model.index(r, 0).data(AlarmRole.ALARM_ID): (
            model.index(r, AlarmColumn.OWNER).data(), model.index(r, AlarmColumn.LEVEL).data())
            for r in range(model.rowCount())}
        assert cells == {"AL-1": ("ana", ""), "AL-2": ("ben", "L2"), "AL-3": ("—", "")}

        def shown() -> list[str]:
            return [proxy.index(r, 0).data(AlarmRole.ALARM_ID) for r in range(proxy.rowCount())]

        assert sorted(shown()) == ["AL-1", "AL-2", "AL-3"]
        proxy.set_username("ana")
        proxy.set_mode("mine")
        assert shown() == ["AL-1"]
        proxy.set_mode("unassigned")
        assert shown() == ["AL-3"]
        proxy.set_username("")
        proxy.set_mode("mine")
        assert shown() == [], "signed out, nothing is mine"
        with pytest.raises(ValueError, match="owner filter"):
            proxy.set_mode("theirs")
    finally:
        shiboken6.delete(root)
