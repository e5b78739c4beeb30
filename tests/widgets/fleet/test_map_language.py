"""The map page speaks the interface language: its buttons, Layers panel, legend and the card,
in Spanish when the console is, and relabelled live when the language is switched."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from console.fleet.store import FleetStore
from console.i18n import Translation
from maps.jsquery import evaluate
from tests.widgets.test_main_window import fiber_cut, snapshot
from widgets.fleet.map_view import MapView

FIT = "document.querySelector('.olc-actions .olc-button').textContent"
LAYERS = "document.querySelector('.olc-layers .olc-fold-title').textContent"
ACK = "(document.querySelector('.olc-card:not([hidden]) .olc-popup-ack') || {}).textContent"
ZOOM_IN = "document.querySelector('.leaflet-control-zoom-in').title"
LEGEND = "document.querySelector('.olc-legend').textContent"
#: The card's first row's label (worded in Python: sent again on a switch).
FIRST_ROW = "(document.querySelector('.olc-card:not([hidden]) th') || {}).textContent"
GEOFENCES_BOX = "document.querySelectorAll('.olc-layers input')[1]"


@pytest.fixture
def translation(qapp: QApplication, tmp_path: Path) -> Iterator[Translation]:
    translation = Translation(tmp_path / "cache")
    yield translation
    translation.set_language("en")


def js(qtbot: QtBot, view: MapView, expr: str) -> Any:
    with qtbot.waitCallback(timeout=10000) as cb:
        evaluate(view.page(), expr, cb)
    return cb.args[0]


def shows(qtbot: QtBot, view: MapView, expected: dict[str, str], timeout: int = 10000) -> None:
    """Wait until each expression reads its text (a failure says what it read instead)."""
    seen: dict[str, Any] = {}

    def all_there() -> bool:
        seen.update({expr: js(qtbot, view, expr) for expr in expected})
        return seen == expected

    try:
        qtbot.waitUntil(all_there, timeout=timeout)
    except AssertionError:
        pytest.fail(f"the map page shows {seen}, not {expected}")


@pytest.fixture
def view(qtbot: QtBot, translation: Translation) -> Iterator[MapView]:
    """The map of a fleet with a fiber cut on TR-1, built with the console in Spanish."""
    assert translation.set_language("es")
    store = FleetStore(coalesce_ms=10)
    store.load_snapshot(snapshot([fiber_cut(1)]))
    widget = MapView(store)
    widget.resize(1100, 750)
    widget.show()
    with qtbot.waitSignal(widget.bridge.ready, timeout=30000):
        pass
    yield widget
    # Delete the view (and its page, then profile) now, not at interpreter exit.
    widget.close()
    widget.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(widget), timeout=10000)


def test_the_map_speaks_spanish_and_switches_live(qtbot: QtBot, view: MapView,
                                                  translation: Translation) -> None:
    view.feed.select("TR-1")
    spanish = {FIT: "Ajustar flotilla", LAYERS: "Capas", ACK: "Reconocer…",
               ZOOM_IN: "Acercar", FIRST_ROW: "Operador"}
    shows(qtbot, view, spanish)
    legend = js(qtbot, view, LEGEND)
    assert "Leyenda" in legend
    assert "Alarma" in legend
    assert "Geocercas" in legend
    # The dispatcher hides the geofences: a switch relabels, it does not rebuild.
    js(qtbot, view, f"({GEOFENCES_BOX}.click(), window.__box = {GEOFENCES_BOX}, 0)")
    assert js(qtbot, view, f"{GEOFENCES_BOX}.checked") is False

    translation.set_language("en")
    shows(qtbot, view, {FIT: "Fit fleet", LAYERS: "Layers", ACK: "Acknowledge…",
                        ZOOM_IN: "Zoom in", FIRST_ROW: "Driver"})
    legend = js(qtbot, view, LEGEND)
    assert "Legend" in legend
    assert "Leyenda" not in legend
    assert js(qtbot, view, f"{GEOFENCES_BOX} === window.__box && !window.__box.checked") is True
    assert js(qtbot, view, "OLMap.map.hasLayer(OLMap.state.layers.geofences)") is False

    translation.set_language("es")
    shows(qtbot, view, spanish)
