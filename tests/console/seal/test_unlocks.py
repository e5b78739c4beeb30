"""The unlock desk and the unlock requests' model on staged data: the store announces requests,
the model keeps the open ones in order row by row, the cells say where and in which geofence,
and every way a decision can fail is said in plain words (the decisions themselves are tested
against cloudsim in test_unlocks_cloud.py)."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
import pytest
from PySide6.QtCore import QObject, Qt

from console.link.api import CloudApi
from console.link.client import CloudUnavailable
from console.seal.custody_labels import WARNING_COLOR
from console.seal.models import UnlockColumn, UnlockRequestModel, UnlockRole
from console.seal.unlocks import DecisionError, UnlockDesk, default_geofence
from opticallock.gazetteer import where_text
from opticallock.protocol import UnlockRequestState
from tests.asyncqt import run
from tests.console.seal.ledger_data import NOW, Feed, answering, at, make_request, store_with


def clock(ts: float) -> str:
    return time.strftime("%H:%M:%S", time.localtime(ts))


def test_the_store_announces_unlock_requests_and_keeps_the_open_ones(
        qtbot: Any, owner: QObject) -> None:
    store = store_with(parent=owner)
    feed = Feed(store)
    request = make_request("UR-7")
    with qtbot.waitSignal(store.unlockRequestsChanged) as blocker:
        feed.request(request, "requested")
    assert blocker.args == [["UR-7"]]
    assert store.state is not None
    assert "UR-7" in store.state.unlock_requests
    with qtbot.waitSignal(store.unlockRequestsChanged) as blocker:
        feed.request(request.model_copy(update={"state": UnlockRequestState.USED}), "used")
    assert blocker.args == [["UR-7"]]
    assert "UR-7" not in store.state.unlock_requests


def test_the_model_lists_waiting_requests_first_and_follows_each_change(
        qtmodeltester: Any, owner: QObject) -> None:
    older = make_request("UR-1", requested_at=NOW - 600)
    store = store_with(older, parent=owner)
    model = UnlockRequestModel(store, parent=owner)
    qtmodeltester.check(model)
    feed = Feed(store)
    newer = make_request("UR-2", trailer="TR-2", requested_at=NOW - 60, geofence_id=None,
                         destination_id=None, position=at(40.0, -110.0))
    feed.request(newer, "requested")
    ids = [model.data(model.index(r, 0), UnlockRole.REQUEST_ID) for r in range(model.rowCount())]
    assert ids == ["UR-1", "UR-2"]
    # The older one approved: it waits to be used, after those still waiting for a decision.
    approved = older.model_copy(update={
        "state": UnlockRequestState.APPROVED, "decided_by": "ana", "decided_at": NOW,
        "code": "493021", "valid_geofence_id": "GF-PDX", "valid_from": NOW,
        "valid_until": NOW + 1800})
    feed.request(approved, "approved")
    ids = [model.data(model.index(r, 0), UnlockRole.REQUEST_ID) for r in range(model.rowCount())]
    assert ids == ["UR-2", "UR-1"]
    assert model.data(model.index(1, UnlockColumn.STATE)) == \
        f"Approved until {clock(NOW + 1800)}"
    feed.request(approved.model_copy(update={"state": UnlockRequestState.USED}), "used")
    feed.request(newer.model_copy(update={"state": UnlockRequestState.REFUSED}), "refused")
    assert model.rowCount() == 0
    qtmodeltester.check(model)


def test_the_cells_say_who_where_which_geofence_and_since_when(owner: QObject) -> None:
    inside = make_request("UR-1", requested_at=NOW - 300)
    outside = make_request("UR-2", trailer="TR-2", requested_at=NOW - 60, geofence_id=None,
                           destination_id=None, position=at(36.1, -115.1), reason="")
    store = store_with(inside, outside, parent=owner)
    model = UnlockRequestModel(store, clock=lambda: NOW, parent=owner)

    def cell(row: int, column: UnlockColumn, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return model.data(model.index(row, column), role)

    assert cell(0, UnlockColumn.STATE) == "Waiting"
    assert cell(0, UnlockColumn.TRAILER) == "TR-1"
    assert cell(0, UnlockColumn.DRIVER) == "Luis Ortega"
    assert cell(0, UnlockColumn.WHERE) == where_text(inside.position)
    assert "Portland" in cell(0, UnlockColumn.WHERE)
    assert cell(0, UnlockColumn.GEOFENCE) == "Portland Terminal"
    assert cell(0, UnlockColumn.GEOFENCE, Qt.ItemDataRole.ForegroundRole) is None
    assert cell(0, UnlockColumn.DESTINATION) == "Portland Terminal"
    assert cell(0, UnlockColumn.REASON) == "delivery"
    assert cell(0, UnlockColumn.WAITING) == f"{clock(NOW - 300)} (5 min ago)"
    assert cell(1, UnlockColumn.DRIVER) == "Ana Ruiz"
    assert cell(1, UnlockColumn.GEOFENCE) == "outside any geofence"
    assert cell(1, UnlockColumn.GEOFENCE, Qt.ItemDataRole.ForegroundRole).color().name() \
        == WARNING_COLOR
    assert cell(1, UnlockColumn.GEOFENCE, Qt.ItemDataRole.FontRole).bold()
    assert cell(1, UnlockColumn.STATE, UnlockRole.OUTSIDE) is True
    assert cell(1, UnlockColumn.DESTINATION) == "—"
    assert cell(1, UnlockColumn.REASON) == "—"


def test_a_name_from_the_network_is_isolated_in_its_cell(owner: QObject) -> None:
    store = store_with(make_request(reason="\u202eyreviled"), parent=owner)
    model = UnlockRequestModel(store, parent=owner)
    assert "\u202e" not in model.data(model.index(0, UnlockColumn.REASON))


def test_the_default_geofence_is_the_one_the_trailer_is_in_else_the_destination() -> None:
    assert default_geofence(make_request(geofence_id="GF-SDG", destination_id="GF-PDX")) \
        == "GF-SDG"
    assert default_geofence(make_request(geofence_id=None, destination_id="GF-PDX")) == "GF-PDX"
    assert default_geofence(make_request(geofence_id=None, destination_id=None)) is None


# ---------------------------------------------------------------------- deciding


def desk_answering(owner: QObject, status: int, body: Any) -> tuple[UnlockDesk, Any]:
    store = store_with(make_request("UR-1"), parent=owner)
    desk = UnlockDesk(store, username="ben", parent=owner)
    request = answering(status, body)
    desk.set_api(CloudApi(request))
    return desk, request


def test_an_approval_sends_its_choices_and_returns_the_code(
        owner: QObject, aloop: asyncio.AbstractEventLoop) -> None:
    approved = make_request("UR-1", state=UnlockRequestState.APPROVED, decided_by="ben",
                            decided_at=NOW, code="493021", valid_geofence_id="GF-SDG",
                            valid_from=NOW, valid_until=NOW + 3600)
    desk, request = desk_answering(owner, 200, approved.model_dump(mode="json"))
    decided: list[str] = []
    desk.decided.connect(lambda rid, _r: decided.append(rid))
    answer = run(aloop, desk.approve("UR-1", 60, "GF-SDG"))
    assert answer.code == "493021"
    [(method, path, body)] = request.calls
    assert (method, path) == ("POST", "/unlock-requests/UR-1/approve")
    assert body["valid_minutes"] == 60
    assert body["geofence_id"] == "GF-SDG"
    assert len(body["request_id"]) >= 16
    assert decided == ["UR-1"]


def test_somebody_elses_decision_first_is_said_in_plain_words(
        owner: QObject, aloop: asyncio.AbstractEventLoop) -> None:
    desk, _request = desk_answering(owner, 409, {
        "error": "already_decided", "message": "Unlock request UR-1 is approved already.",
        "by": "ana", "at": NOW - 30})
    conflicts: list[tuple[str, str]] = []
    desk.conflict.connect(lambda rid, text: conflicts.append((rid, text)))
    with pytest.raises(DecisionError) as caught:
        run(aloop, desk.refuse("UR-1", "Not at the consignee"))
    assert caught.value.conflict
    assert str(caught.value) == f"Already decided by ana at {clock(NOW - 30)}."
    assert conflicts == [("UR-1", str(caught.value))]


def test_a_refusal_needs_a_reason(owner: QObject, aloop: asyncio.AbstractEventLoop) -> None:
    desk, request = desk_answering(owner, 200, {})
    with pytest.raises(ValueError, match="Say why"):
        run(aloop, desk.refuse("UR-1", "  no "))
    with pytest.raises(ValueError, match="5 to 240 minutes"):
        run(aloop, desk.approve("UR-1", 600))
    assert request.calls == []


def test_a_lost_answer_is_tried_again_with_the_same_request_id(
        owner: QObject, aloop: asyncio.AbstractEventLoop) -> None:
    desk, request = desk_answering(owner, 200, httpx.RemoteProtocolError("cut off"))
    failures: list[str] = []
    desk.failed.connect(lambda _rid, text: failures.append(text))
    for _ in range(2):
        with pytest.raises(DecisionError, match="not known whether the decision was taken"):
            run(aloop, desk.approve("UR-1"))
    first, second = (body["request_id"] for _m, _p, body in request.calls)
    assert first == second
    assert len(failures) == 2


def test_an_unreachable_cloud_and_signing_out_are_said_as_such(
        owner: QObject, aloop: asyncio.AbstractEventLoop) -> None:
    desk, _ = desk_answering(owner, 200, CloudUnavailable("connection refused"))
    with pytest.raises(DecisionError, match=r"could not be reached.*Try again"):
        run(aloop, desk.approve("UR-1"))
    desk.set_api(None)
    with pytest.raises(DecisionError, match="Not signed in"):
        run(aloop, desk.approve("UR-1"))
    assert not desk.is_busy("UR-1")
