"""The action plans in the console without a cloud: the plans in force following the log (and
staying the console's own with a cloud older than action plans), the working copy's rules and
ids, the two Qt models (qtmodeltester), and the editor following new versions."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
from PySide6.QtCore import QObject, Qt

from console.alarms.action_plans import load_action_plans, plans_from_wire
from console.alarms.plans_editor import (
    ActionPlanBook,
    PlanListModel,
    PlansEditor,
    StepColumn,
    StepsModel,
    parse_driver_steps,
    problem_text,
    step_id_for,
    version_text,
)
from console.fleet.store import FleetStore
from console.link.api import CloudApi
from opticallock.action_plans import default_action_plans
from opticallock.protocol import ActionPlans, ActionPlansChangedEvent, AlarmType
from tests.asyncqt import run
from tests.console.alarms.alarm_data import store_with


def version(n: int, by: str = "ben", title: str = "Seal cut") -> ActionPlans:
    shipped = default_action_plans()
    plans = [p.model_copy(update={"title": title}) if p.alarm_type is AlarmType.FIBER_CUT
             else p for p in shipped.plans]
    return ActionPlans(version=n, updated_by=by, updated_at=1_700_000_000.0, plans=plans,
                       covert_rule=shipped.covert_rule)


def apply(store: FleetStore, plans: ActionPlans) -> None:
    seq = (store.seq or 0) + 1
    store.apply_events([ActionPlansChangedEvent(seq=seq, ts=1000.0 + seq, action_plans=plans)])


def test_the_cloud_plans_read_as_the_console_reads_a_file() -> None:
    assert plans_from_wire(default_action_plans()) == load_action_plans()


def test_the_plans_in_force_follow_each_new_version_on_the_log(owner: QObject,
                                                              qtbot: Any) -> None:
    store, _ = store_with(parent=owner)
    local = load_action_plans()
    book = ActionPlanBook(store, local, parent=owner)
    assert book.plans is local
    with qtbot.waitSignal(book.changed):
        apply(store, version(3))
    assert book.plans[AlarmType.FIBER_CUT].title == "Seal cut"
    with qtbot.assertNotEmitted(book.changed):
        apply(store, version(2, title="Older"))  # an older version never replaces a newer
    assert book.plans[AlarmType.FIBER_CUT].title == "Seal cut"


def test_a_cloud_without_action_plans_leaves_the_consoles_own_in_force(
        owner: QObject, aloop: asyncio.AbstractEventLoop) -> None:
    store, _ = store_with(parent=owner)
    local = load_action_plans()
    book = ActionPlanBook(store, local, parent=owner)

    async def older_cloud(method: str, path: str, **_kwargs: Any) -> httpx.Response:
        return httpx.Response(404, json={"error": "not_found", "message": "Not Found"})

    book.api = CloudApi(older_cloud)
    assert run(aloop, book.load()) is None
    assert book.not_offered
    assert book.plans is local
    assert book.version is None


def test_a_new_steps_id_follows_its_label_until_typed_and_a_saved_one_is_kept(
        owner: QObject) -> None:
    store, _ = store_with(parent=owner)
    editor = PlansEditor(store, parent=owner)
    apply(store, version(2))
    steps = StepsModel(editor, parent=owner)
    steps.set_key(AlarmType.GPS_LOST)
    saved_id = steps.index(0, StepColumn.ID)
    assert not steps.flags(saved_id) & Qt.ItemFlag.ItemIsEditable
    assert not steps.setData(saved_id, "renamed")
    assert steps.steps[0].id != "renamed"

    row = steps.add_step()
    assert steps.setData(steps.index(row, StepColumn.LABEL), "Ask the corridor desk!")
    assert steps.index(row, StepColumn.ID).data(Qt.ItemDataRole.EditRole) \
        == "ask_the_corridor_desk"
    assert steps.setData(steps.index(row, StepColumn.ID), "desk")
    assert steps.setData(steps.index(row, StepColumn.LABEL), "Ask the desk")
    assert steps.index(row, StepColumn.ID).data(Qt.ItemDataRole.EditRole) == "desk"
    assert editor.problems() == []


def test_step_ids_are_made_from_labels_without_clashing() -> None:
    assert step_id_for("Call the driver", set()) == "call_the_driver"
    assert step_id_for("Call the driver", {"call_the_driver"}) == "call_the_driver_2"
    assert step_id_for("¿Llamó?", set()) == "llam"
    assert step_id_for("  ", {"step"}) == "step_2"
    assert len(step_id_for("x" * 200, set())) <= 64
    assert parse_driver_steps(" call_driver,message_driver  photo ") == [
        "call_driver", "message_driver", "photo"]


def test_problems_are_said_in_the_dispatchers_words_next_to_their_field(
        owner: QObject) -> None:
    store, _ = store_with(parent=owner)
    editor = PlansEditor(store, parent=owner)
    apply(store, version(2))
    steps = StepsModel(editor, parent=owner)
    row = steps.add_step()  # a blank label
    editor.set_title(AlarmType.FIBER_CUT, "")
    problems = editor.problems_of(AlarmType.FIBER_CUT)
    assert [problem_text(p) for p in problems] == ["A title is needed.", "A label is needed."]
    index = steps.index(row, StepColumn.LABEL)
    assert index.data(Qt.ItemDataRole.ToolTipRole) == "A label is needed."
    assert index.data(Qt.ItemDataRole.BackgroundRole) is not None
    types = PlanListModel(editor, parent=owner)
    fiber = types.index(types.row_of(AlarmType.FIBER_CUT))
    assert fiber.data().endswith("⚠")
    assert not types.index(types.row_of(AlarmType.GPS_LOST)).data().endswith("⚠")
    assert types.index(types.row_of(None)).data() == "Quiet alarms (covert rule)"
    assert not editor.can_save()


def test_the_models_pass_qtmodeltester(qtmodeltester: Any, owner: QObject) -> None:
    store, _ = store_with(parent=owner)
    editor = PlansEditor(store, parent=owner)
    apply(store, version(2))
    qtmodeltester.check(PlanListModel(editor, parent=owner))
    steps = StepsModel(editor, parent=owner)
    steps.add_step()
    qtmodeltester.check(steps)
    steps.set_key(None)
    qtmodeltester.check(steps)


def test_a_new_version_over_edits_is_announced_and_the_edits_stay(owner: QObject,
                                                                 qtbot: Any) -> None:
    store, _ = store_with(parent=owner)
    editor = PlansEditor(store, parent=owner)
    with qtbot.waitSignal(editor.loaded):
        apply(store, version(2))
    assert version_text(editor.base).startswith("Version 2, saved by ben at ")
    editor.set_title(AlarmType.GPS_LOST, "Mine")
    with qtbot.waitSignal(editor.newerVersion) as said, qtbot.assertNotEmitted(editor.loaded):
        apply(store, version(3, title="Theirs"))
    assert "ben saved version 3" in said.args[0]
    assert editor.draft(AlarmType.GPS_LOST).title == "Mine"
    theirs = editor.newer
    assert theirs is not None
    editor.rebase(theirs)
    assert editor.draft(AlarmType.GPS_LOST).title == "Mine"
    assert editor.draft(AlarmType.FIBER_CUT).title == "Theirs"
    assert editor.dirty
    editor.discard()
    assert editor.draft(AlarmType.GPS_LOST).title != "Mine"
    assert not editor.dirty
    assert version_text(default_action_plans()) == "Version 1, the shipped plans"
