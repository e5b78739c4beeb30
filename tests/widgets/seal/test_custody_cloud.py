"""The seal's custody chain in the lock & seal panel against a real cloudsim over real sockets:
a trip's new seal is issued and applied with a wrong number read back, and the panel shows the
fitted seal's number, class and maker and its chain, the mismatch said in red."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QObject, Qt

from cloudsim.server import EmbeddedCloud, start_embedded
from console.fleet.store import FleetStore
from console.link.api import CloudApi
from console.link.client import CloudClient
from console.seal.custody_labels import DANGER_COLOR
from console.seal.models import CustodyColumn
from tests.asyncqt import run, wait_until
from widgets.seal.lock_detail import LockDetailPanel

USERS: list[tuple[str, str, str | None]] = [("ana", "pw1", None)]


@pytest.fixture
def cloud(tmp_path: Path) -> Iterator[EmbeddedCloud]:
    """A small fleet living 600 times faster (a stop takes seconds); the simulated carrier
    desk approves deliveries at once."""
    instance = start_embedded(tmp_path / "cloud", locks=10, seed=20, users=USERS,
                              incident_rate=0.0, accel=600.0, fix_interval_s=0.5,
                              sample_interval_s=1.0, unlock_approvals="auto", desk_delay_s=0.0)
    yield instance
    instance.stop()


@pytest.fixture
def root(qapp: Any) -> Iterator[QObject]:
    parent = QObject()
    yield parent
    if shiboken6.isValid(parent):
        shiboken6.delete(parent)


def test_the_panel_shows_a_new_seals_chain_with_its_mismatch(
        qtbot: Any, root: QObject, cloud: EmbeddedCloud,
        aloop: asyncio.AbstractEventLoop) -> None:
    assert cloud.cloud is not None
    sim = cloud.cloud.sim
    client = CloudClient(cloud.url, parent=root)
    store = FleetStore(coalesce_ms=20, parent=root)
    client.snapshotLoaded.connect(store.load_snapshot)
    client.eventsReceived.connect(store.apply_events)
    client.geofencesLoaded.connect(store.set_geofences)
    panel = LockDetailPanel(store)
    qtbot.addWidget(panel)
    panel.set_api(CloudApi(client.request))
    panel.show_custody()

    def a_driving_trailer() -> str:
        for lock_id in sim.lock_ids[:7]:  # the first carrier's
            state = sim.trailer_state(lock_id)
            if state["phase"] == "driving" and state["lock_state"] == "locked":
                return str(lock_id)
        raise LookupError("nobody is driving")

    async def body() -> None:
        await client.sign_in("ana", "pw1")
        client.start(None)
        await wait_until(lambda: client.status.live and store.state is not None, what="live")
        lock_id = cloud.call(a_driving_trailer)
        lock = store.lock(lock_id)
        assert lock is not None
        old = lock.seal_id
        panel.show_trailer(lock.trailer_id)
        await wait_until(lambda: panel.custody.seal is not None, what="the old seal loaded")
        assert panel.custody.number == old
        cloud.call(lambda: sim.inject_incident("seal_mismatch", lock_id))
        cloud.call(lambda: sim.skip_ahead(lock_id))
        # The trip's new seal is issued, then applied with the next seal's number read back.
        await wait_until(lambda: panel.custody.number != old
                         and panel.custody.model.rowCount() >= 2, timeout=60,
                         what="the new seal's chain")
        await client.close()

    run(aloop, body())
    custody = panel.custody
    number = custody.number
    assert number is not None
    assert custody.title.full_text() == (
        f"Seal {number} · ISO 17712 class H (high security) · OpticalLock · applied")
    model = custody.model
    actions = [model.data(model.index(r, CustodyColumn.ACTION)) for r in range(model.rowCount())]
    assert actions[:2] == ["Issued", "Applied"]
    details = model.data(model.index(1, CustodyColumn.DETAILS))
    assert "— DOES NOT MATCH" in details
    assert "photo photo:" in details
    assert model.data(model.index(1, CustodyColumn.WHO)).startswith("driver ")
    brush = model.data(model.index(1, CustodyColumn.ACTION), Qt.ItemDataRole.ForegroundRole)
    assert brush.color().name() == DANGER_COLOR
    assert custody.status.full_text().startswith(f"{model.rowCount()} link(s)")
