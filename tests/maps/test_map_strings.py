"""The map page's own words (core.js STRINGS, maps/strings.py): a ``strings`` message relabels
everything the page shows in place, as text, and the two tables hold the same words."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from console.i18n import placeholders
from maps.strings import PAGE_STRINGS, strings_message
from opticallock.status import TrailerStatus
from tests.maps.test_fleet_js import XSS, Harness, fleet, geofences, open_harness
from tests.maps.test_track_js import small_track


@pytest.fixture
def harness(qtbot: Any) -> Iterator[Harness]:
    with open_harness(qtbot) as h:
        yield h


def english_left(harness: Harness) -> list[str]:
    """Text and titles on the map (controls, legend, card, track key) that are one of the page's
    English words: a word the strings message did not reach."""
    found: list[str] = harness.js("""(() => {
        const english = new Set([...Object.values(OLMap.core.STRINGS),
                                 ...Object.values(OLMap.core.DEFAULT_CONFIG.labels)]);
        const root = OLMap.map.getContainer();
        const found = [];
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          if (english.has(n.textContent.trim())) found.push(n.textContent.trim());
        }
        for (const e of root.querySelectorAll('[title], [aria-label]')) {
          for (const a of ['title', 'aria-label']) {
            const v = e.getAttribute(a);
            if (v && english.has(v)) found.push(`${a}: ${v}`);
          }
        }
        return found;
    })()""")
    return found


def marked(key: str) -> str:
    """A word no table holds, that says which key it stands for."""
    fields = "".join(f" {{{name}}}" for name in placeholders(PAGE_STRINGS.sources[key]))
    return f"‹{key}›{fields}"


def test_the_page_and_python_have_the_same_words() -> None:
    """Same keys, same English: a word added on one side only would stay English on the page."""
    message = strings_message()
    assert message["op"] == "strings"
    assert set(message["strings"]) == set(PAGE_STRINGS.sources)
    assert set(message["statuses"]) == {s.value for s in TrailerStatus}


def test_page_defaults_are_the_python_sources(harness: Harness) -> None:
    assert harness.js("OLMap.core.STRINGS") == PAGE_STRINGS.sources


def test_strings_relabel_everything_in_place_as_text(harness: Harness) -> None:
    harness.send(fleet(20, lat=(27.4, 27.6), lon=(-99.6, -99.4)))
    harness.send({"op": "geofences", "items": geofences()})
    harness.send({"op": "select", "id": "TR-10003"})
    harness.send({"op": "details", "id": "TR-10003", "title": "TR-10003 · OL-1",
                  "lines": [["Driver", "Ana"]], "alarm": "CRITICAL fiber cut",
                  "ackAlarm": "AL-1", "contact": True})
    assert harness.send(small_track()) is True
    # The dispatcher's choices, which a relabelling must keep: geofences off, legend open.
    harness.js("(window.__geofencesBox = document.querySelectorAll('.olc-layers input')[1],"
               " window.__geofencesBox.click(), 0)")
    harness.js("(document.querySelector('.olc-legend').open = true, 0)")
    assert harness.js("window.__geofencesBox.checked") is False
    before = english_left(harness)
    assert "Fit fleet" in before
    assert "Acknowledge…" in before

    words = {key: marked(key) for key in PAGE_STRINGS.sources}
    words["fitFleet"] = XSS
    statuses = {s.value: f"‹{s.value}›" for s in TrailerStatus}
    assert harness.send({"op": "strings", "strings": words, "statuses": statuses}) is True

    assert english_left(harness) == []
    assert harness.js("document.querySelector('.olc-actions .olc-button').textContent") == XSS
    assert harness.js("document.querySelector('.olc-layers .olc-fold-title').textContent") \
        == "‹layers›"
    assert harness.js("document.querySelector('.olc-card .olc-popup-ack').textContent") \
        == "‹acknowledge›"
    assert harness.js("document.querySelector('.leaflet-control-zoom-in').title") == "‹zoomIn›"
    assert "‹alarm›" in harness.js("document.querySelector('.olc-legend').textContent")
    # A geofence's tooltip is off the page until hovered: relabelled all the same.
    assert harness.js("OLMap.state.layers.geofenceById.get('gf-1').getTooltip().getContent()"
                      ".textContent") == "Laredo Yard‹terminal›"
    # In place: the same checkbox, still unchecked, the layer still off; selection and legend kept.
    assert harness.js("document.querySelectorAll('.olc-layers input')[1] === "
                      "window.__geofencesBox") is True
    assert harness.js("window.__geofencesBox.checked") is False
    assert harness.js("OLMap.map.hasLayer(OLMap.state.layers.geofences)") is False
    assert harness.js("OLMap.selectedId()") == "TR-10003"
    assert harness.js("document.querySelector('.olc-legend').open") is True
    # What is built later (a card refreshed, a hover tip) takes the words in force.
    harness.send({"op": "details", "id": "TR-10003", "title": "TR-10003 · OL-1",
                  "lines": [], "ackAlarm": "AL-1", "contact": True})
    assert harness.js("[...document.querySelectorAll('.olc-card button')]"
                      ".map((b) => b.textContent)")[-3:] == [
        "‹acknowledge›", "‹messageDriver›", "‹callDriver›"]
    assert harness.js("OLMap.core.t('groupCount', {count: 12})") == "‹groupCount› 12"
    # Network text stays text: the markup was never parsed.
    harness.painted()
    assert harness.js("document.querySelectorAll('.leaflet-control-container img').length") == 0
    assert harness.js("typeof window.__xss") == "undefined"


def test_a_bad_strings_message_is_refused_by_key(harness: Harness) -> None:
    fit = "document.querySelector('.olc-actions .olc-button').textContent"
    assert harness.send({"op": "strings"}) is False
    assert harness.send({"op": "strings", "strings": ["Ajustar flotilla"]}) is False
    assert harness.js(fit) == "Fit fleet"
    # Unknown keys and values that are not text are left out; the rest is taken.
    assert harness.send({"op": "strings", "strings": {
        "fitFleet": "Ajustar flotilla", "layers": {"html": "<b>x</b>"}, "nosuch": "x"}}) is True
    assert harness.js(fit) == "Ajustar flotilla"
    assert harness.js("document.querySelector('.olc-layers .olc-fold-title').textContent") \
        == "Layers"
    assert harness.js(f"OLMap.core.t({json.dumps('nosuch')})") == "nosuch"
