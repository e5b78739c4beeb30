"""The unlock requests panel and its dialogs on staged data: what it lists, what the buttons
allow, the geofence the approval dialog proposes, the code shown large once approved, a refusal
that needs a reason, and a colleague's decision first said in the dialog."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QObject

from console.link.api import CloudApi
from console.seal.unlocks import UnlockDesk
from opticallock.protocol import UnlockRequestState
from tests.asyncqt import run
from tests.console.seal.ledger_data import NOW, answering, at, make_request, store_with
from widgets.seal.unlocks import ApproveDialog, RefuseDialog, UnlockPanel, spaced_code


@pytest.fixture
def root(qapp: Any) -> Iterator[QObject]:
    """A parent for the test's stores and desks, deleted on the main thread at the end."""
    parent = QObject()
    yield parent
    if shiboken6.isValid(parent):
        shiboken6.delete(parent)


APPROVED = make_request("UR-1", state=UnlockRequestState.APPROVED, decided_by="ben",
                        decided_at=NOW, code="493021", valid_geofence_id="GF-PDX",
                        valid_from=NOW, valid_until=NOW + 1800)


def panel_with(qtbot: Any, root: QObject, *requests: Any, status: int = 200,
               body: Any = None) -> tuple[UnlockPanel, UnlockDesk]:
    store = store_with(*requests, parent=root)
    panel = UnlockPanel(store)
    qtbot.addWidget(panel)
    desk = UnlockDesk(store, username="ben", parent=root)
    desk.set_api(CloudApi(answering(status, body if body is not None else {})))
    return panel, desk


def test_the_panel_lists_requests_and_decides_only_with_a_desk(
        qtbot: Any, root: QObject) -> None:
    outside = make_request("UR-2", trailer="TR-2", geofence_id=None, destination_id=None,
                           position=at(36.1, -115.1))
    panel, desk = panel_with(qtbot, root, make_request("UR-1"), outside)
    assert panel.model.rowCount() == 2
    assert panel.count.text() == "2 waiting for a decision · 0 approved, not used yet"
    assert not panel.approve_button.isEnabled()
    assert panel.select_request("UR-2")
    assert not panel.approve_button.isEnabled()  # signed out: nothing can be decided
    panel.set_desk(desk)
    assert panel.approve_button.isEnabled()
    assert panel.refuse_button.isEnabled()
    assert panel.open_approve() is not None


def test_the_approval_dialog_proposes_the_geofence_the_cloud_would(
        qtbot: Any, root: QObject) -> None:
    panel, desk = panel_with(qtbot, root, make_request("UR-1", geofence_id="GF-SDG"))
    dialog = ApproveDialog(panel.model.request_at(0), panel.model, desk)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    assert dialog.chosen_geofence() == "GF-SDG"
    assert dialog.geofence.currentText() == "San Diego Terminal"
    assert dialog.minutes.value() == 30
    assert dialog.approve_button.isEnabled()


def test_a_request_outside_any_geofence_waits_for_the_dispatchers_choice(
        qtbot: Any, root: QObject) -> None:
    request = make_request("UR-2", trailer="TR-2", geofence_id=None, destination_id=None,
                           position=at(36.1, -115.1))
    panel, desk = panel_with(qtbot, root, request)
    dialog = ApproveDialog(request, panel.model, desk)
    qtbot.addWidget(dialog)
    assert dialog.chosen_geofence() is None
    assert not dialog.approve_button.isEnabled()
    dialog.geofence.setCurrentIndex(dialog.geofence.findData("GF-PDX"))
    assert dialog.approve_button.isEnabled()


def test_once_approved_the_code_is_shown_large(
        qtbot: Any, root: QObject, aloop: asyncio.AbstractEventLoop) -> None:
    request = make_request("UR-1")
    panel, desk = panel_with(qtbot, root, request, body=APPROVED.model_dump(mode="json"))
    dialog = ApproveDialog(request, panel.model, desk)
    qtbot.addWidget(dialog)
    dialog.minutes.setValue(45)
    with qtbot.waitSignal(dialog.approved):
        assert run(aloop, dialog.approve())
    assert dialog.code_label.text() == "493 021"
    assert dialog.code_label.font().pointSize() >= 30
    assert "Portland Terminal" in dialog.code_terms.full_text()
    assert dialog.close_button.isVisible() or not dialog.isVisible()
    assert dialog.pages.currentIndex() == 1


def test_an_approved_request_shows_its_code_again(qtbot: Any, root: QObject) -> None:
    panel, desk = panel_with(qtbot, root, APPROVED)
    panel.set_desk(desk)
    panel.select_request("UR-1")
    assert panel.approve_button.text() == "Show code…"
    assert not panel.refuse_button.isEnabled()
    dialog = panel.open_approve()
    assert dialog is not None
    assert dialog.code_label.text() == spaced_code("493021")
    dialog.close()


def test_a_refusal_needs_a_reason_and_a_colleagues_decision_is_said(
        qtbot: Any, root: QObject, aloop: asyncio.AbstractEventLoop) -> None:
    request = make_request("UR-1")
    panel, desk = panel_with(qtbot, root, request, status=409, body={
        "error": "already_decided", "message": "decided", "by": "ana", "at": NOW})
    dialog = RefuseDialog(request, panel.model, desk)
    qtbot.addWidget(dialog)
    assert not dialog.refuse_button.isEnabled()
    dialog.reason.setPlainText("Not at the consignee")
    assert dialog.refuse_button.isEnabled()
    assert not run(aloop, dialog.refuse())
    assert dialog.error.full_text().startswith("Already decided by ana at ")
    assert dialog.refuse_button.isHidden()


def test_the_main_window_docks_the_panel_and_counts_the_waiting_requests(
        qtbot: Any, root: QObject, tmp_path: Any) -> None:
    from PySide6.QtCore import QSettings

    from tests.console.seal.ledger_data import Feed
    from widgets.main_window import MainWindow

    store = store_with(make_request("UR-1"), parent=root)
    window = MainWindow(store, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    assert window.unlock_dock.windowTitle() == "Unlock requests (1)"
    assert window.unlocks_action.shortcut().toString() == "Ctrl+Shift+U"
    Feed(store).request(make_request("UR-1", state=UnlockRequestState.REFUSED), "refused")
    assert window.unlock_dock.windowTitle() == "Unlock requests"
    desk = UnlockDesk(store, username="ben", parent=root)
    window.set_unlock_desk(desk)
    assert window.unlock_panel.desk is desk


def test_a_decided_request_stays_selected_as_it_moves_below_those_waiting(
        qtbot: Any, root: QObject) -> None:
    from tests.console.seal.ledger_data import Feed

    panel, _desk = panel_with(qtbot, root, make_request("UR-1", requested_at=NOW - 300),
                              make_request("UR-2", trailer="TR-2", requested_at=NOW - 60))
    panel.select_request("UR-1")
    Feed(panel.store).request(APPROVED, "approved")
    assert panel.model.row_of("UR-1") == 1
    selected = panel.selected_request()
    assert selected is not None
    assert selected.id == "UR-1"
    assert panel.approve_button.text() == "Show code…"
