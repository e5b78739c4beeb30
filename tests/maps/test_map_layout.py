"""The map never hides what matters, on the map a 1280x720 window leaves (about 570 x 270 px):
the selected trailer's card lies beside its trailer and its track, never on them nor on a
control; the Layers panel starts folded; another trailer selected takes the previous one's track
away; the replay marker stays in view, clear of the card; the colours switch live."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
import shiboken6

from console.fleet.store import FleetStore
from maps.jsquery import evaluate
from opticallock.protocol import (
    Carrier,
    Driver,
    FleetSnapshot,
    Lock,
    LockState,
    Position,
    Trailer,
)
from tests.maps.track_data import synthetic_track
from widgets.fleet.map_view import MapView

NOW = time.time()
#: The map's size in the console at 1280x720 (measured: docs/map-1280x720.png).
MAP_SIZE = (570, 270)
MARKER_R = 10  # px: a trailer's mark and its selection ring


def snapshot(track: dict[str, Any], n: int = 30) -> FleetSnapshot:
    """TR-010 stands where its track ends; the others on a line across south Texas."""
    def where(i: int) -> tuple[float, float]:
        if i == 10:
            return track["lat"][-1], track["lon"][-1]
        return 26.0 + i * 0.05, -100.0 + i * 0.08

    locks = [Lock(id=f"OL-{i:03d}", trailer_id=f"TR-{i:03d}", seal_id=f"OLF{100 + i}",
                  state=LockState.LOCKED, fiber_dbm=-11.0, fiber_baseline_dbm=-11.0,
                  battery_pct=80, last_contact=NOW,
                  position=Position(ts=NOW, lat=where(i)[0], lon=where(i)[1], speed_kmh=80.0,
                                    heading_deg=45.0))
             for i in range(n)]
    return FleetSnapshot(
        seq=1, server_time=NOW, carrier=Carrier(id="c", name="C"),
        trailers=[Trailer(id=f"TR-{i:03d}", lock_id=f"OL-{i:03d}", driver_id=f"DRV-{i:03d}")
                  for i in range(n)],
        locks=locks,
        drivers=[Driver(id=f"DRV-{i:03d}", name=f"Driver {i}", phone="+52 81 5555 0100",
                        language="es", app_online=True, trailer_id=f"TR-{i:03d}")
                 for i in range(n)],
        alarms=[])


def js(qtbot: Any, view: MapView, expr: str) -> Any:
    with qtbot.waitCallback(timeout=10000) as cb:
        evaluate(view.page(), expr, cb)
    return cb.args[0]


def js_until(qtbot: Any, view: MapView, expr: str, timeout: int = 20000) -> None:
    qtbot.waitUntil(lambda: bool(js(qtbot, view, expr)), timeout=timeout)


@pytest.fixture
def track() -> dict[str, Any]:
    return synthetic_track(1, trailer_id="TR-010")


@pytest.fixture
def view(qtbot: Any, track: dict[str, Any]) -> Iterator[MapView]:
    store = FleetStore(coalesce_ms=10)
    store.load_snapshot(snapshot(track))
    widget = MapView(store)
    widget.resize(*MAP_SIZE)
    widget.show()
    with qtbot.waitSignal(widget.bridge.ready, timeout=30000):
        pass
    js_until(qtbot, widget, "OLMap.count() === 30")
    assert js(qtbot, widget, "OLMap.mapSize()") == list(MAP_SIZE)
    yield widget
    widget.close()
    widget.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(widget), timeout=10000)


def inside(point: list[float], rect: list[float], margin: float = 0.0) -> bool:
    return (rect[0] - margin <= point[0] <= rect[2] + margin
            and rect[1] - margin <= point[1] <= rect[3] + margin)


def overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def select_with_track(qtbot: Any, view: MapView, track: dict[str, Any]) -> None:
    view.feed.select("TR-010")
    js_until(qtbot, view, "OLMap.popupText() !== null && OLMap.settled()")
    # The dispatcher unfolds the card (folded at first on a map this short): it grows, and the
    # trailer is moved clear of it.
    js(qtbot, view, "(document.querySelector('.olc-card-fold').click(), 0)")
    js_until(qtbot, view, "OLMap.settled()")
    card = js(qtbot, view, "OLMap.cardRect()")
    assert card[3] - card[1] > 90  # folded, it is one line (about 32 px)
    assert not inside(js(qtbot, view, "OLMap.screenPointOf('TR-010')"), card, MARKER_R)
    with qtbot.waitSignal(view.history_feed.trackShown, timeout=20000):
        view.history_feed.show_track(track)
    js_until(qtbot, view, "OLMap.settled()")


def test_the_card_lies_beside_the_trailer_and_its_track(qtbot: Any, view: MapView,
                                                        track: dict[str, Any]) -> None:
    # Folded panels on a map this small: the Layers panel shows its title only.
    assert js(qtbot, view, "OLMap.layersCollapsed()") is True
    select_with_track(qtbot, view, track)
    assert js(qtbot, view, "OLMap.trackKeyFolded()") is True
    card = js(qtbot, view, "OLMap.cardRect()")
    assert card is not None
    assert "Driver 10" in js(qtbot, view, "OLMap.popupText()")
    width, height = MAP_SIZE
    assert 0 <= card[0] < card[2] <= width
    assert 0 <= card[1] < card[3] <= height
    # Beside the controls, never over one.
    for control in js(qtbot, view, "OLMap.controlRects()"):
        assert not overlap(card, control), (card, control)
    # The selected trailer and every fix of its track are on the map, clear of the card.
    trailer = js(qtbot, view, "OLMap.screenPointOf('TR-010')")
    assert inside(trailer, [0, 0, width, height])
    assert not inside(trailer, card, MARKER_R), (trailer, card)
    points = js(qtbot, view, "OLMap.trackScreenPoints()")
    assert len(points) == len(track["lat"])
    under = [p for p in points if inside(p, card, 2)]
    assert under == [], f"{len(under)} fixes under the card {card}"
    assert all(inside(p, [0, 0, width, height]) for p in points)


def test_the_card_docks_on_the_side_away_from_the_trailer(qtbot: Any, view: MapView) -> None:
    for trailer_id in ("TR-000", "TR-029"):
        js(qtbot, view, "(OLMap.map.setView([26.7, -98.8], 8, {animate: false}), 0)")
        x, _y = js(qtbot, view, f"OLMap.screenPointOf('{trailer_id}')")
        view.feed.select(trailer_id, pan=False)
        js_until(qtbot, view, f"OLMap.popupText() !== null && OLMap.popupText()"
                              f".includes('{trailer_id}') && OLMap.settled()")
        side = js(qtbot, view, "OLMap.cardSide()")
        assert side == ("right" if x < MAP_SIZE[0] / 2 else "left"), (trailer_id, x, side)
        point = js(qtbot, view, f"OLMap.screenPointOf('{trailer_id}')")
        assert not inside(point, js(qtbot, view, "OLMap.cardRect()"), MARKER_R)


def test_selecting_another_trailer_takes_the_previous_track_away(
        qtbot: Any, view: MapView, track: dict[str, Any]) -> None:
    select_with_track(qtbot, view, track)
    assert js(qtbot, view, "OLMap.trackId()") == "TR-010"
    view.feed.select("TR-010")  # the same one again (a search kept it): the track stays
    assert view.history_feed.track is not None
    view.feed.select("TR-020")  # another alarm worked
    js_until(qtbot, view, "OLMap.trackLoaded() === false")
    assert view.history_feed.track is None
    assert js(qtbot, view, "OLMap.replayPosition()") is None


def test_the_replay_marker_stays_in_view_and_clear_of_the_card(
        qtbot: Any, view: MapView, track: dict[str, Any]) -> None:
    select_with_track(qtbot, view, track)
    i = len(track["lat"]) // 3
    view.history_feed.show_replay(track["ts"][i], track["lat"][i], track["lon"][i], 90.0, False)
    js_until(qtbot, view, "OLMap.replayInView() && OLMap.settled()")
    # The dispatcher zoomed in somewhere else; the replay moves on: the map brings it back.
    js(qtbot, view, "(OLMap.map.setView([25.0, -97.0], 12, {animate: false}), 0)")
    assert js(qtbot, view, "OLMap.replayInView()") is False
    j = i + 40
    view.history_feed.show_replay(track["ts"][j], track["lat"][j], track["lon"][j], 90.0, False)
    js_until(qtbot, view, "OLMap.replayInView() && OLMap.settled()")
    point = js(qtbot, view, "OLMap.replayScreenPoint()")
    assert not inside(point, js(qtbot, view, "OLMap.cardRect()"), 15)
    assert inside(point, js(qtbot, view, "OLMap.clearRect()"), 1)
    assert js(qtbot, view, "OLMap.replayPaneZ()") > 600  # over every marker pane


def test_the_colours_switch_live_and_only_colours_go_through(qtbot: Any,
                                                            view: MapView) -> None:
    assert js(qtbot, view, "OLMap.cssVar('--olc-ocean')") == "#b7d5e6"
    view.set_theme("dark")
    js_until(qtbot, view, "OLMap.cssVar('--olc-ocean') === '#0f2a3a'")
    assert js(qtbot, view, "OLMap.paletteOf('land')") == "#1f2327"
    assert js(qtbot, view, "OLMap.paletteOf('outline')") == "#0b0c0e"
    assert js(qtbot, view, "OLMap.statusColorOf('alarm')") == "#ff6b4a"
    assert js(qtbot, view, "OLMap.cssVar('--olc-panel-bg')") == "rgba(30, 34, 38, 0.95)"
    # A value that is not a colour never reaches the page; the others do.
    view.set_theme({"land": "#123456", "water": "red;background:url(http://x)",
                    "labels": "expression(alert(1))", "roads": "#ffffff"})
    js_until(qtbot, view, "OLMap.paletteOf('land') === '#123456'")
    assert js(qtbot, view, "OLMap.cssVar('--olc-ocean')") == "#0f2a3a"
    assert js(qtbot, view, "OLMap.paletteOf('labels')") == "#c9ced4"
    with pytest.raises(ValueError, match="no map colour"):
        view.set_theme({"water": "url(http://example.com/x.png)"})
    # Back to day.
    view.set_theme("light")
    js_until(qtbot, view, "OLMap.cssVar('--olc-ocean') === '#b7d5e6'")
    assert js(qtbot, view, "OLMap.statusColorOf('alarm')") == "#d32f2f"
    assert view.guard.blocked == []


def test_the_map_follows_the_consoles_theme(qtbot: Any, view: MapView) -> None:
    from console.palette import notifier

    themes = notifier()
    try:
        themes.set_mode("dark")
        js_until(qtbot, view, "OLMap.cssVar('--olc-ocean') === '#0f2a3a'")
        themes.set_mode("light")
        js_until(qtbot, view, "OLMap.cssVar('--olc-ocean') === '#b7d5e6'")
    finally:
        themes.set_mode("light")
