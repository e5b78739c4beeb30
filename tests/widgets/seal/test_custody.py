"""The seal's custody chain in the lock & seal panel on staged data: the fitted seal's number,
ISO class and manufacturer, each link in words with local times, an unauthorised removal and a
tampered seal in red, a link from the stream appended live, and the chain's model checked."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QObject, Qt

from console.link.api import CloudApi
from console.seal.custody_labels import DANGER_COLOR
from console.seal.models import CustodyColumn, SealCustodyModel
from opticallock.protocol import SealAction, SealCustody, SealEvent
from tests.asyncqt import run, wait_until
from tests.console.seal.ledger_data import NOW, SEAL, answering, seal, seal_chain, store_with
from widgets.seal.lock_detail import LockDetailPanel


@pytest.fixture
def root(qapp: Any) -> Iterator[QObject]:
    parent = QObject()
    yield parent
    if shiboken6.isValid(parent):
        shiboken6.delete(parent)


def local(ts: float) -> str:
    return time.strftime("%H:%M:%S", time.localtime(ts)) \
        if time.localtime(ts).tm_yday == time.localtime().tm_yday \
        else time.strftime("%Y-%m-%d %H:%M", time.localtime(ts))


def test_the_chain_model_says_each_link_in_words(qtmodeltester: Any, root: QObject) -> None:
    store = store_with(parent=root)
    model = SealCustodyModel(store, root)
    chain = seal_chain()
    model.set_events(chain)
    qtmodeltester.check(model)

    def row(r: int) -> list[str]:
        return [model.data(model.index(r, c)) for c in CustodyColumn]

    issued, applied, checked, removed, tampered = (row(r) for r in range(5))
    assert issued[:4] == [local(chain[0].ts), "Issued", "dispatcher ana", "San Diego Terminal"]
    assert issued[4] == "to trailer TR-1 · lock OL-1"
    assert applied[1] == "Applied"
    assert applied[2] == "driver DRV-1"
    assert applied[4] == (f"read back {SEAL} (matches) · photo photos/TR-1/applied-0001.jpg"
                          " · trip TRIP-1")
    assert checked[2] == "customs (CBP) Otay Mesa"
    assert checked[3] == "8 km NE of Tijuana, Baja California, MX"  # the gazetteer's words
    assert removed[1] == "Removed — NOT authorised"
    assert "no valid unlock authorisation" in removed[4]
    assert tampered[1] == "TAMPERED"
    for r in (3, 4):
        brush = model.data(model.index(r, CustodyColumn.ACTION), Qt.ItemDataRole.ForegroundRole)
        assert brush.color().name() == DANGER_COLOR
    assert model.data(model.index(1, 1), Qt.ItemDataRole.ForegroundRole) is None


def test_a_number_read_back_that_does_not_match_is_said_and_red(root: QObject) -> None:
    store = store_with(parent=root)
    model = SealCustodyModel(store, root)
    wrong = seal_chain()[1].model_copy(update={"read_back": "FS-104288"})
    model.set_events([wrong])
    assert "read back FS-104288 — DOES NOT MATCH" in model.data(
        model.index(0, CustodyColumn.DETAILS))
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ForegroundRole).color().name() \
        == DANGER_COLOR


def test_the_lock_panel_shows_the_fitted_seals_chain_and_follows_the_stream(
        qtbot: Any, root: QObject, aloop: asyncio.AbstractEventLoop) -> None:
    store = store_with(parent=root)
    chain = seal_chain()[:3]
    request = answering(200, SealCustody(seal=seal(), events=chain).model_dump(mode="json"))
    panel = LockDetailPanel(store, CloudApi(request), clock=lambda: NOW)
    qtbot.addWidget(panel)
    panel.set_api(CloudApi(request))
    panel.show_custody()

    async def body() -> None:
        panel.show_trailer("TR-1")
        await wait_until(lambda: panel.custody.model.rowCount() == 3, what="chain loaded")

    run(aloop, body())
    assert ("GET", f"/seals/{SEAL}", None) in request.calls
    title = panel.custody.title.full_text()
    assert title == (f"Seal {SEAL} · ISO 17712 class H (high security) · TydenBrooks · "
                     "applied")
    assert panel.custody.status.full_text().startswith("3 link(s) in the custody chain")
    # A removal arrives on the stream: appended at once, in red words.
    removal = SealEvent(seq=(store.seq or 0) + 1, ts=NOW, action=SealAction.REMOVED,
                        seal=seal(), trailer_id="TR-1", lock_id="OL-1", actor="driver:DRV-1",
                        authorised=True, authorisation_id="UR-1", geofence_id="GF-PDX")
    store.apply_events([removal])
    assert panel.custody.model.rowCount() == 4
    model = panel.custody.model
    assert model.data(model.index(3, CustodyColumn.ACTION)) == "Removed — authorised"
    assert model.data(model.index(3, CustodyColumn.DETAILS)) == "under authorisation UR-1"


def test_signed_out_the_chain_is_not_loaded_and_says_so(qtbot: Any, root: QObject) -> None:
    store = store_with(parent=root)
    panel = LockDetailPanel(store, clock=lambda: NOW)
    qtbot.addWidget(panel)
    panel.show_trailer("TR-1")
    assert panel.custody.title.full_text() == f"Seal {SEAL}"
    assert panel.custody.status.full_text() == "Not signed in: the custody chain is not loaded."
