"""Selecting another trailer closes the trip history of the previous one (its track leaves the
map with it); selecting the history's own trailer keeps it."""

from __future__ import annotations

from typing import Any

from console.fleet.store import FleetStore
from console.history.loader import LockHistory
from tests.console.alarms.alarm_data import fleet
from tests.opticallock.test_trips import T0, scripted
from widgets.history.view import HistoryView


def test_another_trailer_selected_closes_the_loaded_history(qtbot: Any) -> None:
    store = FleetStore()
    store.load_snapshot(fleet())
    view = HistoryView(store)
    store.setParent(view)
    qtbot.addWidget(view)
    track, events = scripted()
    history = LockHistory("OL-1", "TR-1", T0 - 3600, T0 + 6 * 3600, track, track.ts.copy(),
                          track.ts * 0 - 11.0, list(events))
    with qtbot.waitSignal(view.trackReady):
        view._on_loaded(history)  # as the loader hands it over
    with qtbot.assertNotEmitted(view.trackCleared):
        view.follow_selection("TR-1")  # its own trailer: kept
    assert view.history is history
    with qtbot.waitSignal(view.trackCleared):
        view.follow_selection("TR-2")
    assert view.history is None
    assert view.trailer.currentText() == "TR-2"
    assert "TR-1" in view.status.text()
    assert not view.play_button.isEnabled()
