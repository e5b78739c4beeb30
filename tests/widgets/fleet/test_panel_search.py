"""Typing in the fleet search filters and never selects: the selected trailer stays selected
while it matches; hidden by the search it is unselected and said hidden (never another trailer
selected in its place), and selected again when the search shows it."""

from __future__ import annotations

from typing import Any

from console.fleet.models import FleetTableModel
from console.fleet.store import FleetStore
from opticallock.protocol import Trip
from tests.console.alarms.alarm_data import fleet
from widgets.fleet.detail import DetailPanel
from widgets.fleet.panel import FleetPanel


def panel_with_trips(qtbot: Any) -> FleetPanel:
    snapshot = fleet(n=12)
    trailers = []
    for i, trailer in enumerate(snapshot.trailers):
        trip = {"id": f"TP-{i}", "trailer_id": trailer.id, "origin_id": "a",
                "origin_name": "Laredo", "destination_id": "b",
                "destination_name": "Monterrey" if i % 2 else "Chicago", "route": "I-35",
                "window_start": 0.0, "window_end": 3600.0}
        trailers.append(trailer.model_copy(update={"trip": Trip(**trip)}))
    snapshot.trailers = trailers
    store = FleetStore(coalesce_ms=10)
    store.load_snapshot(snapshot)
    panel = FleetPanel(FleetTableModel(store, lambda: 1000.0))
    store.setParent(panel)
    panel.model.setParent(panel)
    qtbot.addWidget(panel)
    panel.resize(600, 400)
    panel.show()
    return panel


def selections(panel: FleetPanel) -> list[str | None]:
    seen: list[str | None] = []
    panel.table.selectionModel().selectionChanged.connect(
        lambda *_: seen.append(panel.selected_trailer()))
    return seen


def test_typing_a_search_that_hides_the_selected_trailer_never_selects_another(
        qtbot: Any) -> None:
    panel = panel_with_trips(qtbot)
    assert panel.select_trailer("TR-5")  # to Chicago (odd index 4 -> "Chicago")
    seen = selections(panel)
    hidden: list[str] = []
    panel.selectionHidden.connect(hidden.append)
    panel.search.setFocus()
    qtbot.keyClicks(panel.search, "Monterrey")
    qtbot.waitUntil(lambda: panel.proxy.rowCount() == 6, timeout=3000)
    assert panel.selected_trailer() is None
    assert set(seen) <= {None}  # unselected, never moved to another trailer
    assert panel.hidden_selection() == "TR-5"
    assert hidden == ["TR-5"]
    assert panel.hidden_hint.isVisible()
    assert "TR-5" in panel.hidden_hint.text()
    assert "hidden by the search" in panel.hidden_hint.text()

    # The search shows it again: selected again, the hint gone.
    panel.search.clear()
    qtbot.waitUntil(lambda: panel.selected_trailer() == "TR-5", timeout=3000)
    assert panel.hidden_selection() is None
    assert not panel.hidden_hint.isVisible()
    assert hidden == ["TR-5", ""]


def test_a_selected_trailer_that_still_matches_stays_selected(qtbot: Any) -> None:
    panel = panel_with_trips(qtbot)
    assert panel.select_trailer("TR-6")  # to Monterrey
    seen = selections(panel)
    qtbot.keyClicks(panel.search, "Monterrey")
    qtbot.waitUntil(lambda: panel.proxy.rowCount() == 6, timeout=3000)
    assert panel.selected_trailer() == "TR-6"
    assert set(seen) <= {"TR-6"}  # its row moved up, it stayed selected
    assert panel.hidden_selection() is None


def test_picking_another_trailer_while_one_is_hidden_forgets_the_hidden_one(
        qtbot: Any) -> None:
    panel = panel_with_trips(qtbot)
    panel.select_trailer("TR-5")
    panel.set_search("monterrey")
    assert panel.hidden_selection() == "TR-5"
    panel.table.selectRow(0)
    picked = panel.selected_trailer()
    assert picked is not None
    assert picked != "TR-5"
    assert panel.hidden_selection() is None
    panel.set_search("")
    assert panel.selected_trailer() == picked


def test_the_detail_panel_says_which_trailer_the_search_hides(qtbot: Any) -> None:
    panel = panel_with_trips(qtbot)
    detail = DetailPanel(panel.model.store)
    qtbot.addWidget(detail)
    panel.selectionHidden.connect(detail.show_hidden)
    panel.table.selectionModel().selectionChanged.connect(
        lambda *_: detail.show_trailer(panel.selected_trailer()))
    panel.select_trailer("TR-5")
    assert detail.fields["Trailer"].text().endswith("TR-5")
    panel.set_search("monterrey")
    assert "TR-5" in detail.fields["Trailer"].text()
    assert "hidden by the fleet search" in detail.fields["Trailer"].text()
    panel.set_search("")
    assert "hidden" not in detail.fields["Trailer"].text()
