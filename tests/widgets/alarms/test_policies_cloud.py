"""The alarm policies dialog against a real cloudsim over real sockets: edited and saved, the
new version reaches a second console's store; a colleague's save first is said, the edits are
kept on top of it and saved again, or discarded; edits made while the dialog still loads are
kept."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QWidget

from cloudsim.server import EmbeddedCloud, start_embedded
from console.alarms.policies import CallListColumn, PoliciesEditor
from console.fleet.store import FleetStore
from console.link.api import CloudApi
from console.link.client import CloudClient
from opticallock.protocol import AlarmType, Channel, ContactRole, EscalationPolicies
from tests.asyncqt import run, wait_signal, wait_until
from widgets.alarms.policies import PoliciesDialog, open_policies_dialog

USERS: list[tuple[str, str, str | None]] = [("ana", "pw1", None), ("ben", "pw2", None)]
PASSWORDS = {u: p for u, p, _ in USERS}


@pytest.fixture
def cloud(tmp_path: Path) -> Iterator[EmbeddedCloud]:
    instance = start_embedded(tmp_path / "cloud", locks=10, seed=3, users=USERS,
                              incident_rate=0.0, fix_interval_s=0.5, sample_interval_s=1.0)
    yield instance
    instance.stop()


class Console:
    """One dispatcher's console: client, store and API, wired as main.py wires them, and the
    main window the dialog opens over."""

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

    async def open_dialog(self) -> PoliciesDialog:
        open_policies_dialog(self.window, self.api, self.store)
        dialog = self.window.findChild(PoliciesDialog)
        assert dialog is not None
        await wait_until(lambda: dialog.editor.base is not None and not dialog.editor.busy,
                         what="policies loaded")
        return dialog

    def dispose(self, loop: asyncio.AbstractEventLoop) -> None:
        loop.run_until_complete(self.client.close())
        if shiboken6.isValid(self.root):
            shiboken6.delete(self.root)


@pytest.fixture
def console(cloud: EmbeddedCloud, qtbot: Any, aloop: asyncio.AbstractEventLoop
            ) -> Iterator[Callable[[str], Console]]:
    made: list[Console] = []

    def make(user: str) -> Console:
        made.append(Console(cloud, user, qtbot))
        return made[-1]

    yield make
    for one in made:
        one.dispose(aloop)


def type_cell(dialog: PoliciesDialog, row: int, column: CallListColumn, value: Any) -> None:
    """What the delegate does when a cell's editor commits."""
    model = dialog.calls_model
    assert model.setData(model.index(row, column), value, Qt.ItemDataRole.EditRole)


async def save(dialog: PoliciesDialog, signal: Any) -> tuple[Any, ...]:
    waiting = asyncio.ensure_future(wait_signal(signal))
    await asyncio.sleep(0)
    dialog.save_button.click()
    return await waiting


def test_a_policy_edited_in_the_dialog_is_saved_and_reaches_another_console(
        console: Callable[[str], Console], aloop: asyncio.AbstractEventLoop) -> None:
    ana, ben = console("ana"), console("ben")

    async def scenario() -> None:
        await ana.start()
        await ben.start()
        dialog = await ana.open_dialog()
        first = dialog.editor.base
        assert first is not None
        assert dialog.version.text().startswith(f"Version {first.version}")
        assert not dialog.save_button.isEnabled()  # nothing edited yet

        dialog.choose_type(AlarmType.FORCED_ENTRY)
        assert dialog.heading.text() == "Forced entry"
        dialog.set_ack_within(20, 1)  # 20 s: too short
        assert dialog.ack_error.text()
        assert not dialog.save_button.isEnabled()
        dialog.set_ack_within(3, 60)
        assert dialog.ack_error.text() == ""
        dialog.covert.setChecked(True)
        before = dialog.calls_model.rowCount()
        dialog.add_entry()
        row = before
        assert dialog.calls_model.rowCount() == before + 1
        type_cell(dialog, row, CallListColumn.ROLE, ContactRole.CUSTOMER.value)
        type_cell(dialog, row, CallListColumn.NAME, "Acme night desk")
        type_cell(dialog, row, CallListColumn.CHANNEL, Channel.SMS.value)
        type_cell(dialog, row, CallListColumn.ADDRESS, "5205550142")  # no "+"
        assert "Row" in dialog.calls_error.text()
        assert not dialog.save_button.isEnabled()
        type_cell(dialog, row, CallListColumn.ADDRESS, "+1 520 555 0142")
        type_cell(dialog, row, CallListColumn.DELAY, 1.5)
        assert dialog.calls_error.isHidden()
        # First on the list now.
        dialog.calls.setCurrentIndex(dialog.calls_model.index(row, 0))
        for _ in range(row):
            dialog.up_button.click()
        assert dialog.calls.currentIndex().row() == 0
        assert dialog.save_button.isEnabled()

        (saved,) = await save(dialog, dialog.editor.saved)
        assert isinstance(saved, EscalationPolicies)
        assert saved.version == first.version + 1
        assert saved.updated_by == "ana"
        assert dialog.version.text().startswith(f"Version {saved.version}, saved by ana at ")
        assert dialog.message.text() == f"Saved as version {saved.version}."
        assert not dialog.save_button.isEnabled()

        # The cloud has it ...
        cloud_now = await ana.api.policies()
        policy = next(p for p in cloud_now.policies if p.alarm_type is AlarmType.FORCED_ENTRY)
        assert policy.ack_within_s == 180.0
        assert policy.covert
        assert policy.call_list[0].model_dump() == {
            "role": ContactRole.CUSTOMER, "name": "Acme night desk", "channel": Channel.SMS,
            "address": "+15205550142", "delay_s": 90.0}
        assert len(policy.call_list) == before + 1
        # ... and the other console's store follows policies_changed from the stream.
        await wait_until(lambda: ben.store.state is not None
                         and ben.store.state.policies is not None
                         and ben.store.state.policies.version == saved.version,
                         what="ben's store has the new version")
        ben_editor = PoliciesEditor(ben.store, ben.api, parent=ben.root)
        assert ben_editor.draft(AlarmType.FORCED_ENTRY).call_list[0].name == "Acme night desk"
        dialog.close()

    run(aloop, scenario())


def test_a_colleagues_save_first_is_said_and_the_edits_are_kept(
        console: Callable[[str], Console], aloop: asyncio.AbstractEventLoop) -> None:
    ana, ben = console("ana"), console("ben")

    async def scenario() -> None:
        await ana.start()
        await ben.start()
        dialog = await ana.open_dialog()
        base = dialog.editor.base
        assert base is not None
        dialog.choose_type(AlarmType.GPS_LOST)
        dialog.set_ack_within(45, 60)

        # Ben, on his console, saves another change first.
        theirs = PoliciesEditor(ben.store, ben.api, parent=ben.root)
        await theirs.load()
        theirs.set_ack_within(AlarmType.BATTERY_LOW, 7200.0)
        assert await theirs.save() is not None

        (message,) = await save(dialog, dialog.editor.conflict)
        assert f"ben saved version {base.version + 1}" in message
        assert "Lock battery low" in message
        assert dialog.message.text() == message
        assert dialog.message.isVisible()
        # Ana's edit is kept, on top of Ben's version, which is now the base.
        assert dialog.ack_value.value() == 45
        assert dialog.ack_unit.currentData() == 60
        assert dialog.editor.draft(AlarmType.BATTERY_LOW).ack_within_s == 7200.0
        assert dialog.version.text().startswith(f"Version {base.version + 1}, saved by ben")
        assert dialog.save_button.isEnabled()
        assert dialog.discard_button.isEnabled()

        (saved,) = await save(dialog, dialog.editor.saved)
        assert saved.version == base.version + 2
        by_type = {p.alarm_type: p for p in (await ana.api.policies()).policies}
        assert by_type[AlarmType.GPS_LOST].ack_within_s == 2700.0
        assert by_type[AlarmType.BATTERY_LOW].ack_within_s == 7200.0  # Ben's change stays
        dialog.close()

    run(aloop, scenario())


def test_discarding_after_a_conflict_takes_the_colleagues_version(
        console: Callable[[str], Console], aloop: asyncio.AbstractEventLoop) -> None:
    ana, ben = console("ana"), console("ben")

    async def scenario() -> None:
        await ana.start()
        await ben.start()
        dialog = await ana.open_dialog()
        dialog.choose_type(AlarmType.GPS_LOST)
        dialog.set_ack_within(45, 60)
        theirs = PoliciesEditor(ben.store, ben.api, parent=ben.root)
        await theirs.load()
        theirs.set_ack_within(AlarmType.GPS_LOST, 600.0)
        newest = await theirs.save()
        assert newest is not None
        await save(dialog, dialog.editor.conflict)
        assert dialog.editor.draft(AlarmType.GPS_LOST).ack_within_s == 2700.0  # still mine
        dialog.discard_button.click()
        assert dialog.ack_value.value() == 10
        assert dialog.ack_unit.currentData() == 60
        assert not dialog.save_button.isEnabled()
        assert dialog.editor.base == newest
        dialog.close()

    run(aloop, scenario())


def test_edits_made_while_the_dialog_loads_are_kept(
        console: Callable[[str], Console], aloop: asyncio.AbstractEventLoop) -> None:
    ana = console("ana")

    async def scenario() -> None:
        await ana.start()
        open_policies_dialog(ana.window, ana.api, ana.store)
        dialog = ana.window.findChild(PoliciesDialog)
        assert dialog is not None
        assert dialog.editor.busy  # the cloud's version is on its way
        assert dialog.editor.base is not None  # the store's copy, shown meanwhile
        dialog.choose_type(AlarmType.SEAL_MISMATCH)
        dialog.set_ack_within(2, 3600)
        await wait_until(lambda: not dialog.editor.busy, what="loaded")
        assert dialog.editor.draft(AlarmType.SEAL_MISMATCH).ack_within_s == 7200.0
        assert dialog.ack_value.value() == 2
        assert dialog.save_button.isEnabled()
        dialog.close()

    run(aloop, scenario())
