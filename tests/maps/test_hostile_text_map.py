"""A 10,000-character name without a space on the map page: the trailer's hover tip, the details
popup and a geofence's tip wrap it inside a card of bounded width instead of growing with it
(resources/map/fleet.css), and show markup as text."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.maps.test_fleet_js import XSS, Harness, fleet, open_harness

LONG = "W" * 10_000
#: Wider than any card the page draws, far narrower than 10,000 characters.
MAX_CARD_PX = 420


@pytest.fixture
def harness(qtbot: Any) -> Iterator[Harness]:
    with open_harness(qtbot) as h:
        yield h


def width_of(harness: Harness, selector: str) -> float:
    return harness.js(f"(e => e ? e.getBoundingClientRect().width : -1)"
                      f"(document.querySelector({selector!r}))")


def test_a_long_name_wraps_in_the_hover_tip_and_the_popup(harness: Harness) -> None:
    reset = fleet(20, lat=(26.0, 26.2), lon=(-100.2, -100.0))
    reset["names"][3] = LONG + XSS
    harness.send(reset)
    harness.set_view(reset["lat"][3], reset["lon"][3], 12)
    x, y = harness.point("TR-10003")
    text = harness.js(f"OLMap.hoverAt({x}, {y})")
    assert text is not None
    assert LONG + XSS in text
    assert 0 < width_of(harness, ".olc-trailer-tip") <= MAX_CARD_PX
    # A short one keeps its two lines (id, name), not a word per line.
    x, y = harness.point("TR-10004")
    assert "Driver 4" in harness.js(f"OLMap.hoverAt({x}, {y})")
    height = harness.js("document.querySelector('.olc-trailer-tip').getBoundingClientRect()"
                        ".height")
    assert height < 45

    harness.send({"op": "details", "id": "TR-10003", "title": f"TR-10003 · {LONG}",
                  "lines": [["Driver", LONG + XSS], ["Speed", "88 km/h"]],
                  "alarm": f"CRITICAL fiber cut — {LONG}"})
    assert LONG + XSS in harness.js("OLMap.popupText()")
    assert 0 < width_of(harness, ".olc-popup-wrap") <= MAX_CARD_PX
    assert harness.js("document.querySelectorAll('.leaflet-pane img').length") == 0


def test_a_long_geofence_name_wraps_in_its_tip(harness: Harness) -> None:
    harness.send({"op": "geofences", "items": [
        {"id": "gf-1", "name": LONG, "kind": "terminal",
         "shape": {"kind": "circle", "lat": 27.5, "lon": -99.5, "radius_m": 1500}}]})
    assert LONG in harness.js("OLMap.geofenceTooltip('gf-1')")
    assert 0 < width_of(harness, ".olc-geofence-tip") <= MAX_CARD_PX
