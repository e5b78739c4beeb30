"""Issue 16 at the console, in the real main window, two dispatchers signed in to a real cloudsim.

Ana takes an alarm; Ben sees her as its owner, is refused (who owns it, since when, in the
dispatcher's zone) and keeps the note he typed, then takes it over after confirming. A note typed
while a colleague acknowledges is kept and added. Resolving with open plan steps needs a reason
for each, and the reasons reach the record and the handover. A duress alarm is quiet: a discreet
banner, no driver-facing button, security first. F8 and F9 do what the menu says, the escalation
banner selects its alarm, and rows show the level.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox

from cloudsim.server import EmbeddedCloud, start_embedded
from console.alarms.action_plans import plan_for
from console.alarms.handover import build_handover
from console.alarms.models import AlarmColumn, AlarmRole
from console.alarms.times import set_zone, zone_name
from opticallock.protocol import AlarmState, ResolveOutcome
from tests.asyncqt import run, wait_until
from tests.widgets.alarms.test_center import USERS, Console, inject
from widgets.alarms.dialogs import AckDialog, KeepNoteDialog, ResolveDialog

TYPED = "Driver rang me: parked at the Pemex, km 12, doors shut."


@pytest.fixture
def cloud(tmp_path: Path) -> Iterator[EmbeddedCloud]:
    instance = start_embedded(tmp_path / "cloud", locks=24, seed=11, users=USERS,
                              incident_rate=0.0, fix_interval_s=0.5, sample_interval_s=1.0)
    yield instance
    instance.stop()


@pytest.fixture(autouse=True)
def chicago() -> Iterator[None]:
    """Every time in the dispatcher's zone, here not the machine's (UTC), so a time said in
    UTC would be caught."""
    set_zone(ZoneInfo("America/Chicago"))
    yield
    set_zone(None)


@pytest.fixture
def consoles(tmp_path: Path, qtbot: Any, aloop: asyncio.AbstractEventLoop
             ) -> Iterator[list[Console]]:
    made: list[Console] = []
    yield made
    for one in made:
        # widgets/fleet/overview.py follows the store through a lambda, which outlives the
        # window's tiles: a late status change must not reach them while the console closes.
        one.store.statusChanged.disconnect()
        run(aloop, one.session.shutdown())
        if shiboken6.isValid(one.window):
            one.window.close()
        shiboken6.delete(one.root)


def notes_shown(console: Console) -> list[str]:
    shown = console.window.alarms.panel.notes_list
    return [shown.item(i).text() for i in range(shown.count())]


def owner_cell(console: Console, alarm_id: str) -> str:
    model = console.window.alarms.model
    row = model.row_of(alarm_id)
    assert row is not None
    return str(model.index(row, AlarmColumn.OWNER).data())


def test_an_owned_alarm_is_refused_to_a_colleague_who_keeps_his_note_and_takes_it_over(
        cloud: EmbeddedCloud, tmp_path: Path, qtbot: Any, consoles: list[Console],
        aloop: asyncio.AbstractEventLoop) -> None:
    ana = Console(tmp_path, "ana", qtbot, escalate_after_s=3600)
    ben = Console(tmp_path, "ben", qtbot, escalate_after_s=3600)
    consoles += [ana, ben]
    at_ana, at_ben = ana.window.alarms, ben.window.alarms

    async def body() -> None:
        await ana.sign_in(cloud.url)
        await ben.sign_in(cloud.url)
        lock_id = inject(cloud)
        await wait_until(lambda: ben.alarm_on(lock_id) is not None, what="alarm at ben")
        alarm_id = ana.alarm_on(lock_id).id
        assert owner_cell(ben, alarm_id) == "—"

        # Ana takes it: both queues say so, hers as "me".
        assert at_ana.queue.select_alarm(alarm_id)
        assert at_ana.panel.take_button.isEnabled()
        at_ana.panel.take_button.click()
        await wait_until(lambda: ben.alarm_on(lock_id).owner == "ana", what="owner at ben")
        assert owner_cell(ben, alarm_id) == "ana"
        await wait_until(lambda: owner_cell(ana, alarm_id) == "me (ana)", what="mine at ana")
        # Ben's "Unassigned" and "Mine" no longer show it; "All" does.
        queue = at_ben.queue
        shown = queue.table.model()
        queue.set_owner_filter("unassigned")
        assert alarm_id not in [shown.index(r, 0).data(AlarmRole.ALARM_ID)
                                for r in range(shown.rowCount())]
        queue.set_owner_filter("mine")
        assert shown.rowCount() == 0
        assert queue.select_alarm(alarm_id), "selecting shows every alarm again"
        assert queue.owner_filter == "all"
        panel = at_ben.panel
        assert panel.fields["Owner"].text().startswith("ana since ")
        assert panel.take_over_button.isVisibleTo(panel)
        assert not panel.take_button.isVisibleTo(panel)
        assert not panel.release_button.isEnabled()

        # Ben acknowledges with a note anyway: refused, with who owns it since when in
        # Chicago time, and his text comes back to be kept.
        at_ben.acknowledge(alarm_id)
        dialog = at_ben.dialog
        assert isinstance(dialog, AckDialog)
        dialog.note.setPlainText(TYPED)
        dialog.ok_button.click()
        await wait_until(lambda: isinstance(at_ben.dialog, KeepNoteDialog), what="kept text")
        keep = at_ben.dialog
        assert isinstance(keep, KeepNoteDialog)
        said = keep.message.full_text()
        assert said.startswith("ana owns this alarm (since ")
        assert f" {zone_name()})" in said
        assert "UTC" not in said
        assert keep.note.toPlainText() == TYPED
        keep.ok_button.click()
        await wait_until(lambda: any(n.text == TYPED and n.by == "ben"
                                     for n in ana.alarm_on(lock_id).notes),
                         what="ben's note on the record at ana")
        assert ana.alarm_on(lock_id).state is AlarmState.OPEN
        await wait_until(lambda: any(TYPED in line for line in notes_shown(ana)),
                         what="ben's note in ana's panel")

        # Ben takes it over, after confirming; Ana sees it and could take it back.
        panel.take_over_button.click()
        box = at_ben.dialog
        assert isinstance(box, QMessageBox)
        assert "ana has owned this alarm since" in box.text()
        box.button(QMessageBox.StandardButton.Yes).click()
        await wait_until(lambda: ana.alarm_on(lock_id).owner == "ben", what="taken over")
        await wait_until(lambda: at_ana.panel.take_over_button.isVisibleTo(at_ana.panel),
                         what="ana offered to take it back")
        desk = at_ana.desk
        assert desk is not None
        audit = await desk.audit(alarm_id)
        changes = [(e.action, e.owner, e.previous) for e in audit.events
                   if e.type == "alarm_owner"]
        assert changes == [("take", "ana", None), ("take_over", "ben", "ana")]

    run(aloop, body())


def test_a_note_typed_while_a_colleague_acknowledges_is_kept_as_a_note(
        cloud: EmbeddedCloud, tmp_path: Path, qtbot: Any, consoles: list[Console],
        aloop: asyncio.AbstractEventLoop) -> None:
    ana = Console(tmp_path, "ana", qtbot, escalate_after_s=3600)
    ben = Console(tmp_path, "ben", qtbot, escalate_after_s=3600)
    consoles += [ana, ben]
    at_ana, at_ben = ana.window.alarms, ben.window.alarms

    async def body() -> None:
        await ana.sign_in(cloud.url)
        await ben.sign_in(cloud.url)
        lock_id = inject(cloud)
        await wait_until(lambda: ben.alarm_on(lock_id) is not None
                         and ana.alarm_on(lock_id) is not None, what="alarm at both")
        alarm_id = ana.alarm_on(lock_id).id
        at_ana.acknowledge(alarm_id)
        dialog = at_ana.dialog
        assert isinstance(dialog, AckDialog)
        dialog.note.setPlainText(TYPED)
        # Ben is quicker.
        assert at_ben.desk is not None
        at_ben.desk.acknowledge(alarm_id, "On it: calling the driver.")
        await wait_until(lambda: dialog.overtaken, what="ana's dialog overtaken")
        assert at_ana.dialog is dialog
        assert dialog.isVisible()
        assert dialog.hint.text().startswith("Already acknowledged by ben at ")
        assert zone_name() in dialog.hint.text()
        assert dialog.note.toPlainText() == TYPED
        assert dialog.ok_button.text() == "Add it as a note"
        assert dialog.ok_button.isEnabled()
        dialog.ok_button.click()
        await wait_until(lambda: any(n.text == TYPED and n.by == "ana"
                                     for n in ben.alarm_on(lock_id).notes),
                         what="ana's note at ben")
        assert ben.alarm_on(lock_id).acknowledged_by == "ben"

    run(aloop, body())


def test_resolving_with_open_steps_needs_a_reason_for_each_and_records_them(
        cloud: EmbeddedCloud, tmp_path: Path, qtbot: Any, consoles: list[Console],
        aloop: asyncio.AbstractEventLoop) -> None:
    ana = Console(tmp_path, "ana", qtbot, escalate_after_s=3600)
    ben = Console(tmp_path, "ben", qtbot, escalate_after_s=3600)
    consoles += [ana, ben]
    center = ana.window.alarms

    async def body() -> None:
        await ana.sign_in(cloud.url)
        await ben.sign_in(cloud.url)
        lock_id = inject(cloud, "unlock_outside")
        await wait_until(lambda: ana.alarm_on(lock_id) is not None, what="alarm")
        alarm = ana.alarm_on(lock_id)
        desk = center.desk
        assert desk is not None
        desk.acknowledge(alarm.id, "Driver says customs opened it.")
        plan = plan_for(center.plans, alarm)
        assert plan is not None
        first = plan.steps[0]
        desk.tick_step(alarm.id, first.step_id, first.label, True)
        await wait_until(lambda: ana.alarm_on(lock_id).state is AlarmState.ACKNOWLEDGED
                         and any(s.done for s in ana.alarm_on(lock_id).steps),
                         what="acknowledged, first step done")

        center.resolve(alarm.id)
        dialog = center.dialog
        assert isinstance(dialog, ResolveDialog)
        open_steps = [s.step_id for s in plan.steps[1:]]
        assert [s.step_id for s in dialog.open_steps] == open_steps
        dialog.select_outcome(ResolveOutcome.AUTHORISED_OPENING)
        assert not dialog.ok_button.isEnabled(), "no reasons yet"
        reasons = {step_id: f"Not needed: {step_id}" for step_id in open_steps}
        for step_id in open_steps[:-1]:
            dialog.reasons[step_id].setText(reasons[step_id])
        assert not dialog.ok_button.isEnabled(), "one step still has no reason"
        assert "missing" in dialog.hint.text()
        dialog.reasons[open_steps[-1]].setText("no")  # too short to be a reason
        assert not dialog.ok_button.isEnabled()
        dialog.reasons[open_steps[-1]].setText(reasons[open_steps[-1]])
        assert dialog.ok_button.isEnabled()
        dialog.ok_button.click()

        await wait_until(lambda: alarm.id in ben.store.resolved_alarms, what="resolved at ben")
        resolved = ben.store.resolved_alarms[alarm.id]
        assert {s.step_id: s.reason for s in resolved.skipped_steps} == reasons
        # The handover says why, and never "Still to do" under a resolved alarm.
        report = build_handover(ben.store, None, alarm.raised_at - 1, alarm.raised_at + 3600,
                                [resolved], plans=center.plans)
        html = report.to_html()
        assert "Still to do" not in html
        assert all(reason in html for reason in reasons.values())
        # So does the audit trail.
        audit = await desk.audit(alarm.id)
        resolved_event = next(e for e in audit.events if e.type == "alarm_resolved")
        assert [s.step_id for s in resolved_event.skipped] == open_steps

    run(aloop, body())


def test_a_duress_alarm_is_quiet_no_driver_message_security_first(
        cloud: EmbeddedCloud, tmp_path: Path, qtbot: Any, consoles: list[Console],
        aloop: asyncio.AbstractEventLoop) -> None:
    ana = Console(tmp_path, "ana", qtbot, escalate_after_s=3600)
    consoles.append(ana)
    center = ana.window.alarms

    async def body() -> None:
        await ana.sign_in(cloud.url)
        loud = inject(cloud, "fiber_cut")
        quiet = inject(cloud, "duress")
        await wait_until(lambda: ana.alarm_on(quiet) is not None
                         and ana.alarm_on(loud) is not None, what="both alarms")
        panel = center.panel
        assert center.queue.select_alarm(ana.alarm_on(loud).id)
        assert not panel.quiet_banner.isVisibleTo(panel)
        assert panel.message_button.isVisibleTo(panel)

        duress = ana.alarm_on(quiet)
        assert center.queue.select_alarm(duress.id)
        assert panel.quiet_banner.isVisibleTo(panel)
        assert panel.quiet_banner.full_text() == "Quiet alarm — do not alert the driver"
        assert not panel.message_button.isVisibleTo(panel)
        assert not panel.call_button.isVisibleTo(panel)
        steps = list(panel.step_boxes)
        assert steps[0] == "call_carrier_security"
        assert not {"call_driver", "message_driver"} & set(steps)
        model = center.model
        row = model.row_of(duress.id)
        assert row is not None
        assert model.index(row, 0).data(AlarmRole.QUIET) is True

    run(aloop, body())


def test_f8_goes_to_the_next_alarm_f9_does_its_next_step_and_the_banner_selects(
        cloud: EmbeddedCloud, tmp_path: Path, qtbot: Any, consoles: list[Console],
        aloop: asyncio.AbstractEventLoop) -> None:
    ana = Console(tmp_path, "ana", qtbot, escalate_after_s=10)
    consoles.append(ana)
    center = ana.window.alarms
    window = ana.window
    alarms_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Alarms")
    assert isinstance(alarms_menu, QMenu)
    menu_keys = {a.text(): a.shortcut().toString() for a in alarms_menu.actions()}
    assert menu_keys["&Next alarm"] == "F8"
    assert menu_keys["Do the next &step"] == "F9"

    async def body() -> None:
        await ana.sign_in(cloud.url)
        first = inject(cloud, "fiber_cut")
        second = inject(cloud, "forced_entry")
        await wait_until(lambda: center.model.rowCount() == 2, what="two alarms")
        window.activateWindow()
        ids = [center.model.alarm_id_at(0), center.model.alarm_id_at(1)]
        QTest.keyClick(window, Qt.Key.Key_F8)
        assert center.queue.selected_alarm_id() == ids[0]
        QTest.keyClick(window, Qt.Key.Key_F8)
        assert center.queue.selected_alarm_id() == ids[1]
        QTest.keyClick(window, Qt.Key.Key_F8)
        assert center.queue.selected_alarm_id() == ids[0], "wraps around"

        # F9 on an open alarm acknowledges it (the dialog), then ticks the plan's steps.
        QTest.keyClick(window, Qt.Key.Key_F9)
        dialog = center.dialog
        assert isinstance(dialog, AckDialog)
        assert dialog.alarm_id == ids[0]
        dialog.note.setPlainText("Called the driver.")
        dialog.ok_button.click()
        lock_of = {ana.alarm_on(first).id: first, ana.alarm_on(second).id: second}
        lock_id = lock_of[ids[0]]
        await wait_until(lambda: ana.alarm_on(lock_id).state is AlarmState.ACKNOWLEDGED,
                         what="acknowledged")
        window.activateWindow()
        await wait_until(lambda: QApplication.activeWindow() is window, what="window active")
        QTest.keyClick(window, Qt.Key.Key_F9)
        plan = plan_for(center.plans, ana.alarm_on(lock_id))
        assert plan is not None
        await wait_until(lambda: [s.step_id for s in ana.alarm_on(lock_id).steps
                                  if s.done] == [plan.steps[0].step_id], what="first step")

        # The other one escalates: its row says L1, the banner selects it when clicked.
        other = ids[1]
        desk = center.desk
        assert desk is not None
        raised = ana.alarm_on(lock_of[other]).raised_at
        desk.clock = lambda: raised + 11
        desk.check_escalations()
        await wait_until(center.banner.isVisible, what="escalation banner")
        await wait_until(lambda: ana.alarm_on(lock_of[other]).escalation_level == 1,
                         what="level on record")
        row = center.model.row_of(other)
        assert row is not None
        await wait_until(lambda: center.model.index(row, AlarmColumn.LEVEL).data() == "L1",
                         what="L1 in the row")
        assert center.queue.selected_alarm_id() == ids[0]
        QTest.mouseClick(center.banner, Qt.MouseButton.LeftButton)
        assert center.queue.selected_alarm_id() == other

    run(aloop, body())
