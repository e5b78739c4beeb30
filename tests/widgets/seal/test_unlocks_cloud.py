"""The Unlock requests panel against a real cloudsim over real sockets: a delivery's request
appears live; Approve… gives a code, the simulated driver opens with it and the request leaves
the list with no alarm; Refuse… with a reason leaves the trailer sealed; a colleague's decision
first is said in plain words in the dialog."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QObject

from cloudsim.server import EmbeddedCloud, start_embedded
from console.fleet.store import FleetStore
from console.link.api import CloudApi
from console.link.client import CloudClient
from console.seal.models import UnlockColumn
from console.seal.unlocks import UnlockDesk
from opticallock.protocol import (
    LockState,
    UnlockRequest,
    UnlockRequestEvent,
)
from tests.asyncqt import run, wait_until
from widgets.seal.unlocks import ApproveDialog, RefuseDialog, UnlockPanel

USERS: list[tuple[str, str, str | None]] = [("ana", "pw1", None), ("ben", "pw2", None)]
PASSWORDS = {u: p for u, p, _ in USERS}


@pytest.fixture
def cloud(tmp_path: Path) -> Iterator[EmbeddedCloud]:
    # No random incidents; the driver apps answer within a second; dispatchers decide.
    instance = start_embedded(tmp_path / "cloud", locks=30, seed=11, users=USERS,
                              incident_rate=0.0, fix_interval_s=0.5, sample_interval_s=1.0,
                              app_delay_scale=0.02)
    yield instance
    instance.stop()


class Console:
    """One dispatcher's console: client, store, unlock desk and panel, wired as main.py does."""

    def __init__(self, cloud: EmbeddedCloud, user: str, qtbot: Any) -> None:
        self.user = user
        self.root = QObject()
        self.client = CloudClient(cloud.url, parent=self.root)
        self.store = FleetStore(coalesce_ms=20, parent=self.root)
        self.client.snapshotLoaded.connect(self.store.load_snapshot)
        self.client.eventsReceived.connect(self.store.apply_events)
        self.client.geofencesLoaded.connect(self.store.set_geofences)
        self.desk = UnlockDesk(self.store, username=user, parent=self.root)
        self.desk.set_api(CloudApi(self.client.request))
        self.panel = UnlockPanel(self.store)
        qtbot.addWidget(self.panel)
        self.panel.set_desk(self.desk)
        self.events: list[Any] = []
        self.store.eventsApplied.connect(self.events.extend)

    async def start(self) -> None:
        await self.client.sign_in(self.user, PASSWORDS[self.user])
        self.client.start(None)
        await wait_until(lambda: self.client.status.live and self.store.state is not None
                         and bool(self.store.geofences), what=f"{self.user} live")

    def listed(self) -> list[str]:
        model = self.panel.model
        return [r.id for r in (model.request_at(i) for i in range(model.rowCount()))
                if r is not None]

    def alarms_of(self, lock_id: str) -> list[Any]:
        return self.store.open_alarms_of(lock_id)

    async def close(self) -> None:
        await self.client.close()

    def dispose(self, loop: asyncio.AbstractEventLoop) -> None:
        loop.run_until_complete(self.close())
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


def deliver(cloud: EmbeddedCloud) -> str:
    """A trailer of the first carrier is put just short of its destination: its driver app
    asks to unlock for the delivery. Returns its lock id."""
    assert cloud.cloud is not None
    sim = cloud.cloud.sim

    def arriving() -> str:
        for lock_id in sim.lock_ids[:21]:
            state = sim.trailer_state(lock_id)
            if state["phase"] == "driving" and state["lock_state"] == "locked":
                sim.skip_ahead(lock_id)
                return str(lock_id)
        raise LookupError("nobody is driving")

    return cloud.call(arriving)


async def request_of(one: Console, lock_id: str) -> UnlockRequest:
    def find() -> UnlockRequest | None:
        state = one.store.state
        assert state is not None
        return next((r for r in state.unlock_requests.values() if r.lock_id == lock_id), None)

    await wait_until(lambda: find() is not None, timeout=30, what=f"a request of {lock_id}")
    found = find()
    assert found is not None
    return found


def test_an_approved_delivery_opens_with_its_code_and_leaves_the_list_without_alarm(
        cloud: EmbeddedCloud, console: Callable[[str], Console],
        aloop: asyncio.AbstractEventLoop) -> None:
    ana = console("ana")
    dialogs: list[ApproveDialog] = []

    async def body() -> None:
        await ana.start()
        lock_id = deliver(cloud)
        request = await request_of(ana, lock_id)
        # Live in the panel, with its place, geofence and destination said.
        await wait_until(lambda: request.id in ana.listed(), what="listed")
        row = ana.panel.model.row_of(request.id)
        model = ana.panel.model
        geofence = model.data(model.index(row, UnlockColumn.GEOFENCE))
        assert geofence == ana.store.geofences[request.geofence_id or ""].name
        assert model.data(model.index(row, UnlockColumn.DESTINATION)) == geofence
        assert model.data(model.index(row, UnlockColumn.REASON)) == "delivery"
        assert ana.panel.select_request(request.id)
        dialog = ana.panel.open_approve()
        assert dialog is not None
        dialogs.append(dialog)
        assert dialog.chosen_geofence() == request.geofence_id
        assert await dialog.approve()
        code = dialog.code_label.text().replace(" ", "")
        assert len(code) == 6
        assert code.isdigit()
        # The driver enters it: the request is used and leaves the list; the lock opens.
        await wait_until(lambda: request.id not in ana.listed(), timeout=30, what="used")
        await wait_until(lambda: (lk := ana.store.lock(lock_id)) is not None
                         and lk.state is LockState.UNLOCKED, what="unlocked")
        used = [e for e in ana.events if isinstance(e, UnlockRequestEvent)
                and e.request.id == request.id and e.phase == "used"]
        assert used
        assert used[0].request.code == code
        assert ana.alarms_of(lock_id) == []
        await ana.close()

    run(aloop, body())
    dialogs[0].close()


def test_a_refusal_with_a_reason_keeps_the_trailer_sealed(
        cloud: EmbeddedCloud, console: Callable[[str], Console],
        aloop: asyncio.AbstractEventLoop) -> None:
    ana = console("ana")

    async def body() -> None:
        await ana.start()
        lock_id = deliver(cloud)
        request = await request_of(ana, lock_id)
        await wait_until(lambda: request.id in ana.listed(), what="listed")
        ana.panel.select_request(request.id)
        dialog = ana.panel.open_refuse()
        assert dialog is not None
        assert not dialog.refuse_button.isEnabled()
        dialog.reason.setPlainText("Consignee closed; deliver tomorrow at 07:00")
        assert await dialog.refuse()
        await wait_until(lambda: request.id not in ana.listed(), what="refused")
        refused = [e for e in ana.events if isinstance(e, UnlockRequestEvent)
                   and e.request.id == request.id and e.phase == "refused"]
        assert refused[0].request.refusal_reason == "Consignee closed; deliver tomorrow at 07:00"
        assert refused[0].request.decided_by == "ana"
        lock = ana.store.lock(lock_id)
        assert lock is not None
        assert lock.state is LockState.LOCKED
        await ana.close()

    run(aloop, body())


def test_a_colleagues_decision_first_is_said_in_plain_words(
        cloud: EmbeddedCloud, console: Callable[[str], Console],
        aloop: asyncio.AbstractEventLoop) -> None:
    ana, ben = console("ana"), console("ben")
    kept: list[RefuseDialog] = []

    async def body() -> None:
        await ana.start()
        await ben.start()
        lock_id = deliver(cloud)
        request = await request_of(ana, lock_id)
        await wait_until(lambda: request.id in ben.listed(), what="ben sees it")
        # Ben opens the refusal while Ana approves from her console.
        ben.panel.select_request(request.id)
        dialog = ben.panel.open_refuse()
        assert dialog is not None
        kept.append(dialog)
        approved = await ana.desk.approve(request.id)
        assert approved.decided_by == "ana"
        dialog.reason.setPlainText("Wrong site")
        assert not await dialog.refuse()
        decided = approved.decided_at
        assert decided is not None
        clock = time.strftime("%H:%M:%S", time.localtime(decided))
        assert dialog.error.full_text() == f"Already approved by ana at {clock}."
        assert dialog.refuse_button.isHidden()
        await ana.close()
        await ben.close()

    run(aloop, body())
    kept[0].close()
