"""The action plans against a real cloudsim over real sockets: a console signed in uses the
cloud's plans and follows a colleague's new version live (the alarm panel's checklist shows a
step added in the other console's dialog); the dialog marks what the cloud would refuse next to
the field and offers Save only when all is valid; a saved step keeps its id; a colleague's save
first is said with who saved it, and the typed edits are kept on top of it and saved again."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtWidgets import QWidget

from cloudsim.server import EmbeddedCloud, start_embedded
from console.alarms.plans_editor import StepColumn
from console.fleet.store import FleetStore
from console.link.api import CloudApi
from console.link.client import CloudClient
from console.link.credentials import CredentialStore
from console.link.session import ConsoleSession
from console.settings import Paths, Settings
from opticallock.protocol import ActionPlans, ActionPlansUpdate, AlarmType
from tests.asyncqt import run, wait_signal, wait_until
from tests.console.link.test_credentials import MemoryKeyring
from widgets.alarms.attention import Attention
from widgets.alarms.plans import PlansDialog, open_plans_dialog
from widgets.main_window import MainWindow

USERS: list[tuple[str, str, str | None]] = [("ana", "pw1", None), ("ben", "pw2", None)]
PASSWORDS = {u: p for u, p, _ in USERS}


@pytest.fixture
def cloud(tmp_path: Path) -> Iterator[EmbeddedCloud]:
    instance = start_embedded(tmp_path / "cloud", locks=10, seed=3, users=USERS,
                              incident_rate=0.0, fix_interval_s=0.5, sample_interval_s=1.0)
    yield instance
    instance.stop()


class Editing:
    """A console that edits the plans: client, store and API, and the window the dialog opens
    over."""

    def __init__(self, cloud: EmbeddedCloud, user: str, qtbot: Any) -> None:
        self.user = user
        self.root = QObject()
        self.client = CloudClient(cloud.url, parent=self.root)
        self.store = FleetStore(coalesce_ms=20, parent=self.root)
        self.client.snapshotLoaded.connect(self.store.load_snapshot)
        self.client.eventsReceived.connect(self.store.apply_events)
        self.api = CloudApi(self.client.request)
        self.window = QWidget()
        qtbot.addWidget(self.window)

    async def start(self) -> None:
        await self.client.sign_in(self.user, PASSWORDS[self.user])
        self.client.start(None)
        await wait_until(lambda: self.client.status.live and self.store.state is not None,
                         what=f"{self.user} live")

    async def open_dialog(self) -> PlansDialog:
        open_plans_dialog(self.window, self.api, self.store)
        dialog = self.window.findChild(PlansDialog)
        assert dialog is not None
        await wait_until(lambda: dialog.editor.base is not None and not dialog.editor.busy,
                         what="plans loaded")
        return dialog

    def dispose(self, loop: asyncio.AbstractEventLoop) -> None:
        loop.run_until_complete(self.client.close())
        if shiboken6.isValid(self.root):
            shiboken6.delete(self.root)


class Working:
    """A dispatcher's whole console, as main.py composes it (without the map)."""

    def __init__(self, tmp_path: Path, user: str, qtbot: Any) -> None:
        paths = Paths(tmp_path / user / "data", tmp_path / user / "config")
        self.user = user
        self.root = QObject()
        self.store = FleetStore(coalesce_ms=20, parent=self.root)
        self.session = ConsoleSession(Settings(paths),
                                      CredentialStore(MemoryKeyring(), timeout_s=2.0),
                                      self.store, parent=self.root)
        self.window = MainWindow(
            self.store, QSettings(str(tmp_path / f"{user}.ini"), QSettings.Format.IniFormat),
            attention=Attention(audio=False, tray=False, parent=self.root))
        qtbot.addWidget(self.window)
        self.session.deskChanged.connect(self.window.set_desk)

    async def sign_in(self, url: str) -> None:
        assert await self.session.sign_in(url, self.user, PASSWORDS[self.user], remember=False)
        client = self.session.client
        assert client is not None
        await wait_until(lambda: client.status.live and self.store.state is not None,
                         what=f"{self.user} live")

    def dispose(self, loop: asyncio.AbstractEventLoop) -> None:
        loop.run_until_complete(self.session.shutdown())
        if shiboken6.isValid(self.window):
            self.window.close()
        shiboken6.delete(self.root)


@pytest.fixture
def editing(cloud: EmbeddedCloud, qtbot: Any, aloop: asyncio.AbstractEventLoop
            ) -> Iterator[Callable[[str], Editing]]:
    made: list[Editing] = []

    def make(user: str) -> Editing:
        made.append(Editing(cloud, user, qtbot))
        return made[-1]

    yield make
    for one in made:
        one.dispose(aloop)


async def save(dialog: PlansDialog, signal: Any) -> tuple[Any, ...]:
    waiting = asyncio.ensure_future(wait_signal(signal))
    await asyncio.sleep(0)
    dialog.save_button.click()
    return await waiting


def test_a_step_added_in_one_console_shows_in_the_others_checklist_live(
        cloud: EmbeddedCloud, tmp_path: Path, qtbot: Any, editing: Callable[[str], Editing],
        aloop: asyncio.AbstractEventLoop) -> None:
    ana = editing("ana")
    ben = Working(tmp_path, "ben", qtbot)

    async def scenario() -> None:
        await ana.start()
        await ben.sign_in(cloud.url)
        center = ben.window.alarms
        await wait_until(lambda: center.plan_book.version is not None, what="ben has plans")
        assert cloud.cloud is not None
        sim = cloud.cloud.sim
        lock_id = cloud.call(lambda: sim.inject_incident("fiber_cut", None))

        def alarm() -> Any:
            state = ben.store.state
            assert state is not None
            return next((a for a in state.alarms.values() if a.lock_id == lock_id), None)

        await wait_until(lambda: alarm() is not None, what="the alarm at ben")
        assert center.queue.select_alarm(alarm().id)
        await wait_until(lambda: "call_driver" in center.panel.step_boxes, what="checklist")
        assert "photograph_trailer" not in center.panel.step_boxes

        dialog = await ana.open_dialog()
        dialog.choose(AlarmType.FIBER_CUT)
        before = dialog.steps_model.rowCount()
        dialog.add_step()
        assert dialog.type_cell(before, StepColumn.LABEL, "Photograph the trailer")
        # A new step's id follows its label.
        index = dialog.steps_model.index(before, StepColumn.ID)
        assert index.data(Qt.ItemDataRole.EditRole) == "photograph_the_trailer"
        assert dialog.type_cell(before, StepColumn.ID, "photograph_trailer")
        assert dialog.steps.currentIndex().row() == before
        dialog.hint_edit.setPlainText("From all four sides.")  # the chosen step's hint
        assert dialog.save_button.isEnabled()
        (saved,) = await save(dialog, dialog.editor.saved)
        assert isinstance(saved, ActionPlans)
        assert (saved.version, saved.updated_by) == (2, "ana")
        assert dialog.version.text().startswith("Version 2, saved by ana at ")
        # Saved: its id is kept from now on.
        assert not dialog.type_cell(before, StepColumn.ID, "photo")

        # Ben's checklist has the new step, live, with its label and hint.
        await wait_until(lambda: "photograph_trailer" in center.panel.step_boxes,
                         what="ben's checklist has the new step")
        assert center.panel.step_label_text["photograph_trailer"] == "Photograph the trailer"
        assert "From all four sides." in center.panel.step_boxes["photograph_trailer"].toolTip()
        assert center.plans[AlarmType.FIBER_CUT].step("photograph_trailer") is not None
        dialog.close()

    try:
        run(aloop, scenario())
    finally:
        ben.dispose(aloop)


def test_the_dialog_marks_what_the_cloud_would_refuse_and_saves_only_valid_plans(
        editing: Callable[[str], Editing], aloop: asyncio.AbstractEventLoop) -> None:
    ana = editing("ana")

    async def scenario() -> None:
        await ana.start()
        dialog = await ana.open_dialog()
        assert dialog.version.text() == "Version 1, the shipped plans"
        assert not dialog.save_button.isEnabled()  # nothing edited yet

        dialog.choose(AlarmType.GPS_LOST)
        assert dialog.heading.text() == "GPS lost"
        dialog.type_title("   ")
        assert dialog.title_error.text() == "A title is needed."
        assert not dialog.save_button.isEnabled()
        assert "⚠" in dialog.plans_model.index(
            dialog.plans_model.row_of(AlarmType.GPS_LOST)).data()
        dialog.type_title("GPS lost: find the trailer")
        assert dialog.title_error.isHidden()
        assert dialog.save_button.isEnabled()

        row = dialog.steps_model.rowCount()
        dialog.add_step()
        assert dialog.steps_error.text() == f"Step {row + 1}: A label is needed."
        assert not dialog.save_button.isEnabled()
        dialog.type_cell(row, StepColumn.LABEL, "Ask the corridor desk")
        first_id = dialog.steps_model.index(0, StepColumn.ID).data(Qt.ItemDataRole.EditRole)
        dialog.type_cell(row, StepColumn.ID, first_id)  # used by another step
        assert "Another step of this plan has the id" in dialog.steps_error.text()
        assert not dialog.save_button.isEnabled()
        dialog.type_cell(row, StepColumn.ID, "Ask Desk")
        assert "An id is a-z, 0-9 and _" in dialog.steps_error.text()
        dialog.type_cell(row, StepColumn.ID, "ask_corridor_desk")
        assert dialog.steps_error.isHidden()
        # Moved first, and a saved step removed.
        dialog.steps.setCurrentIndex(dialog.steps_model.index(row, 0))
        for _ in range(row):
            dialog.up_button.click()
        assert dialog.steps.currentIndex().row() == 0
        dialog.steps.setCurrentIndex(dialog.steps_model.index(row, 0))
        removed = dialog.steps_model.index(row, StepColumn.ID).data(Qt.ItemDataRole.EditRole)
        dialog.remove_button.click()

        dialog.choose(None)  # the quiet-alarm rule
        assert dialog.driver_steps.isVisible()
        assert not dialog.covert.isVisible()
        dialog.type_driver_steps("call_driver, Message Driver")
        assert "is not a step id" in dialog.driver_steps_error.text()
        assert not dialog.save_button.isEnabled()
        dialog.type_driver_steps("call_driver, message_driver")
        assert dialog.save_button.isEnabled()

        (saved,) = await save(dialog, dialog.editor.saved)
        assert dialog.message.text() == f"Saved as version {saved.version}."
        cloud_now = await ana.api.action_plans()
        gps = next(p for p in cloud_now.plans if p.alarm_type is AlarmType.GPS_LOST)
        assert gps.title == "GPS lost: find the trailer"
        assert gps.steps[0].id == "ask_corridor_desk"
        assert removed not in [s.id for s in gps.steps]
        assert cloud_now.covert_rule is not None
        assert cloud_now.covert_rule.driver_steps == ["call_driver", "message_driver"]
        dialog.close()

    run(aloop, scenario())


def test_a_colleagues_save_first_is_said_and_the_typed_edits_are_kept(
        editing: Callable[[str], Editing], aloop: asyncio.AbstractEventLoop) -> None:
    ana, ben = editing("ana"), editing("ben")

    async def scenario() -> None:
        await ana.start()
        await ben.start()
        dialog = await ana.open_dialog()
        dialog.choose(AlarmType.BATTERY_LOW)
        dialog.type_title("Battery low: plan the charge")
        dialog.type_cell(0, StepColumn.HINT, "Ana's hint")

        # Ben saves another plan first, from his own console.
        theirs = await ben.api.action_plans()
        plans = [p.model_copy(update={"title": "Cut seal"})
                 if p.alarm_type is AlarmType.FIBER_CUT else p for p in theirs.plans]
        await ben.api.update_action_plans(ActionPlansUpdate(
            base_version=theirs.version, plans=plans, covert_rule=theirs.covert_rule))
        # Ana's console hears of it while she edits: said, her edits untouched.
        await wait_until(dialog.message.isVisible, what="the newer version said")
        assert "ben saved version 2" in dialog.message.text()
        assert dialog.title_edit.text() == "Battery low: plan the charge"

        (message,) = await save(dialog, dialog.editor.conflict)
        assert "ben saved version 2" in message
        assert "(changed: Fiber seal cut)" in message  # what ben changed
        assert dialog.message.text() == message
        assert dialog.version.text().startswith("Version 2, saved by ben at ")
        # Her edits are kept on top of his version ...
        assert dialog.title_edit.text() == "Battery low: plan the charge"
        assert dialog.steps_model.index(0, StepColumn.HINT).data(
            Qt.ItemDataRole.EditRole) == "Ana's hint"
        assert dialog.editor.draft(AlarmType.FIBER_CUT).title == "Cut seal"
        assert dialog.save_button.isEnabled()
        # ... and saved again over it: both changes are in version 3.
        (saved,) = await save(dialog, dialog.editor.saved)
        assert saved.version == 3
        by_type = {p.alarm_type: p for p in saved.plans}
        assert by_type[AlarmType.FIBER_CUT].title == "Cut seal"
        assert by_type[AlarmType.BATTERY_LOW].title == "Battery low: plan the charge"
        assert by_type[AlarmType.BATTERY_LOW].steps[0].hint == "Ana's hint"
        dialog.close()

    run(aloop, scenario())
