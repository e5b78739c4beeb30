"""The fleet search finds a trailer by what a dispatcher remembers of it: its state and alarm in
English or Spanish ("tamper", "corte", "alarma"), with or without accents, its seal number, its
driver, its trip and the city it is near; every word must match."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject

from console.fleet.models import FleetFilterProxy, FleetRole, FleetTableModel
from console.fleet.store import FleetStore
from opticallock.protocol import PositionsEvent
from tests.console.alarms.alarm_data import LAREDO, Feed, fleet, make_alarm, position


def found(proxy: FleetFilterProxy, text: str) -> list[str]:
    proxy.set_search(text)
    return sorted(proxy.index(r, 0).data(FleetRole.TRAILER_ID) for r in range(proxy.rowCount()))


def make(owner: QObject) -> tuple[FleetStore, FleetTableModel, FleetFilterProxy]:
    snapshot = fleet(n=4)
    # TR-1 in Laredo, TR-2 near Monterrey, the others without a fix.
    where = {"OL-1": position(*LAREDO), "OL-2": position(25.69, -100.32)}
    snapshot.locks = [lock.model_copy(update={"position": where.get(lock.id),
                                              "seal_id": f"OLF10000{lock.id[-1]}"})
                      for lock in snapshot.locks]
    store = FleetStore(coalesce_ms=10, parent=owner)
    store.load_snapshot(snapshot)
    model = FleetTableModel(store, lambda: 1000.0, owner)
    proxy = FleetFilterProxy(owner)
    proxy.setSourceModel(model)
    return store, model, proxy


def test_state_and_alarm_words_in_english_and_spanish(qtbot: Any, owner: QObject) -> None:
    store, _model, proxy = make(owner)
    assert found(proxy, "tamper") == []
    feed = Feed(store)
    feed.raise_(make_alarm("AL-1", lock=3, atype="fiber_cut"))
    feed.raise_(make_alarm("AL-2", lock=4, atype="battery_low"))
    qtbot.waitUntil(lambda: found(proxy, "alarm") == ["TR-3", "TR-4"], timeout=3000)
    assert found(proxy, "tamper") == ["TR-3"]
    assert found(proxy, "cut") == ["TR-3"]
    assert found(proxy, "corte") == ["TR-3"]
    assert found(proxy, "Manipulación") == ["TR-3"]
    assert found(proxy, "manipulacion") == ["TR-3"]  # typed without the accent
    assert found(proxy, "alarma") == ["TR-3", "TR-4"]
    assert found(proxy, "tamper TR-4") == []  # every word must match
    # Their last fixes are old: "No fix" as shown, "stale" and "sin señal" as typed.
    assert found(proxy, "stale") == ["TR-1", "TR-2"]
    assert found(proxy, "no fix") == ["TR-1", "TR-2"]
    assert found(proxy, "sin senal") == ["TR-1", "TR-2"]


def test_an_alarm_raised_while_searching_brings_its_trailer_in(qtbot: Any,
                                                              owner: QObject) -> None:
    store, _model, proxy = make(owner)
    assert found(proxy, "tamper") == []
    Feed(store).raise_(make_alarm("AL-1", lock=2, atype="forced_entry"))
    qtbot.waitUntil(lambda: proxy.rowCount() == 1, timeout=3000)
    assert proxy.index(0, 0).data(FleetRole.TRAILER_ID) == "TR-2"


def test_seal_number_driver_and_city(owner: QObject) -> None:
    _store, _model, proxy = make(owner)
    assert found(proxy, "OLF100003") == ["TR-3"]
    assert found(proxy, "olf100001") == ["TR-1"]
    assert found(proxy, "ortega") == ["TR-2"]
    assert found(proxy, "Monterrey") == ["TR-2"]  # the nearest city, no trip needed
    assert found(proxy, "laredo") == ["TR-1"]


def test_trailers_that_moved_are_found_by_their_new_city_looked_up_a_slice_at_a_time(
        qtbot: Any, owner: QObject, monkeypatch: Any) -> None:
    """The cities are looked up again a few trailers per turn of the event loop (never the
    whole fleet at once): TR-1 drove from Laredo to Monterrey, TR-3 and TR-4 got a first fix."""
    from console.fleet import models

    monkeypatch.setattr(models, "CITY_SLICE", 1)
    store, model, proxy = make(owner)
    assert found(proxy, "Monterrey") == ["TR-2"]
    Feed(store)._apply(PositionsEvent, rows=[
        ("OL-1", 1001.0, 25.67, -100.31, 80.0, 0.0), ("OL-3", 1001.0, 25.70, -100.30, 0.0, 0.0),
        ("OL-4", 1001.0, 25.68, -100.33, 0.0, 0.0)])
    store.flush()
    model.refresh_cities()
    assert found(proxy, "Monterrey") != ["TR-1", "TR-2", "TR-3", "TR-4"]  # not all at once
    qtbot.waitUntil(lambda: found(proxy, "Monterrey") == ["TR-1", "TR-2", "TR-3", "TR-4"],
                    timeout=3000)
    assert found(proxy, "laredo") == []
