"""The seal-maintenance view against a real cloudsim: the store's sagging seals listed as work
orders most urgent first with their trend and action, exported as CSV; an empty fleet says so."""

from __future__ import annotations

import asyncio
import csv
import time
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
from console.seal.maintenance import MaintenanceColumn
from tests.asyncqt import run, wait_until
from tests.console.seal.test_maintenance_cloud import PASSWORD, USER, sag_series
from widgets.seal.maintenance import MaintenanceView, open_seal_maintenance


@pytest.fixture
def owner(qapp: Any) -> Iterator[QObject]:
    """A parent for the test's QObjects, deleted on the main thread when the test ends."""
    root = QObject()
    yield root
    if shiboken6.isValid(root):
        shiboken6.delete(root)


@pytest.fixture
def cloud(tmp_path: Path) -> Iterator[EmbeddedCloud]:
    instance = start_embedded(tmp_path / "cloud", locks=12, seed=5, users=[(USER, PASSWORD, None)],
                              incident_rate=0.0, simulate=False)
    yield instance
    instance.stop()


def shown(view: MaintenanceView) -> list[list[str]]:
    model = view.model
    return [[model.data(model.index(r, c), Qt.ItemDataRole.DisplayRole)
             for c in MaintenanceColumn] for r in range(model.rowCount())]


def test_the_view_lists_sagging_seals_and_exports_work_orders(
        cloud: EmbeddedCloud, owner: QObject, qtbot: Any, aloop: asyncio.AbstractEventLoop,
        tmp_path: Path) -> None:
    now = time.time()
    plan = sag_series(cloud, now)
    client = CloudClient(cloud.url, parent=owner)
    run(aloop, client.sign_in(USER, PASSWORD))
    try:
        api = CloudApi(client.request)
        store = FleetStore(parent=owner)
        store.load_snapshot(run(aloop, api.fleet()))
        view = open_seal_maintenance(None, api, store, clock=lambda: now + 1)
        qtbot.addWidget(view)
        run(aloop, wait_until(lambda: view.orders is not None, what="list built"))
        rows = [r for r in shown(view) if r[0] in plan]
        a, b, c = sorted(plan)
        assert [r[0] for r in rows] == [c, a, b]
        row_a = next(r for r in rows if r[0] == a)
        assert row_a[MaintenanceColumn.SAG:] == ["4.0", "1.00", "6.0", "Clean connector"]
        row_b = next(r for r in rows if r[0] == b)
        assert row_b[MaintenanceColumn.DAYS:] == ["—", "Replace seal"]
        assert view.export_button.isEnabled()
        assert "need a maintenance visit" in view.status.text()

        out = view.export(tmp_path / "orders.csv")
        assert out is not None
        with out.open(encoding="utf-8-sig", newline="") as f:
            exported = [r["lock_id"] for r in csv.DictReader(f)]
        assert exported == [r[0] for r in shown(view)]
        assert "Work orders written to" in view.status.text()
    finally:
        run(aloop, client.close())


def test_a_fleet_with_no_sagging_seal_says_so(
        cloud: EmbeddedCloud, owner: QObject, qtbot: Any,
        aloop: asyncio.AbstractEventLoop) -> None:
    client = CloudClient(cloud.url, parent=owner)
    run(aloop, client.sign_in(USER, PASSWORD))
    try:
        api = CloudApi(client.request)
        store = FleetStore(parent=owner)
        snapshot = run(aloop, api.fleet())
        for lock in snapshot.locks:
            lock.fiber_dbm = lock.fiber_baseline_dbm
        store.load_snapshot(snapshot)
        view = MaintenanceView(api, store)
        qtbot.addWidget(view)
        with qtbot.assertNotEmitted(view.failed):
            view.refresh()
            run(aloop, wait_until(lambda: view.orders is not None, what="list built"))
        assert view.model.rowCount() == 0
        assert not view.export_button.isEnabled()
        assert "No seal sags" in view.status.text()
    finally:
        run(aloop, client.close())
