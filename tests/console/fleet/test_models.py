"""The fleet table's seal column: a sagging seal (light still through, 3–10 dB below its own
baseline) carries a maintenance note; a healthy one and a cut one do not (a cut is an alarm)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QPersistentModelIndex, Qt

from console.fleet.models import Column, FleetFilterProxy, FleetRole, FleetTableModel
from console.fleet.store import FleetStore
from tests.console.alarms.alarm_data import Feed, fleet, make_alarm


def test_a_sagging_seal_says_clean_the_connector(owner: QObject) -> None:
    snapshot = fleet(n=3)
    levels = {"OL-1": -11.3, "OL-2": -15.6, "OL-3": -40.0}
    snapshot.locks = [lock.model_copy(update={"fiber_dbm": levels[lock.id]})
                      for lock in snapshot.locks]
    store = FleetStore(parent=owner)
    store.load_snapshot(snapshot)
    model = FleetTableModel(store, lambda: 1000.0, owner)

    def cell(lock_id: str, role: Any = Qt.ItemDataRole.DisplayRole) -> Any:
        row = next(r for r in range(model.rowCount())
                   if model.index(r, 0).data(FleetRole.LOCK_ID) == lock_id)
        return model.index(row, Column.FIBER).data(role)

    assert cell("OL-1") == "-11.3 dBm"
    assert cell("OL-2") == "-15.6 dBm (−4.6 dB) · clean connector"
    assert "dirty or worn connector" in cell("OL-2", Qt.ItemDataRole.ToolTipRole)
    assert "clean connector" not in cell("OL-3")


def test_the_table_keeps_itself_sorted_and_rows_follow_their_trailer(qtbot: Any,
                                                                      owner: QObject) -> None:
    store = FleetStore(coalesce_ms=10, parent=owner)
    store.load_snapshot(fleet(n=5))
    model = FleetTableModel(store, lambda: 1000.0, owner)
    proxy = FleetFilterProxy(owner)
    proxy.setSourceModel(model)
    proxy.sort(Column.STATUS, Qt.SortOrder.AscendingOrder)  # sorts the model, not the proxy

    def order() -> list[str]:
        return [proxy.index(r, 0).data(FleetRole.TRAILER_ID) for r in range(proxy.rowCount())]

    assert order() == ["TR-1", "TR-2", "TR-3", "TR-4", "TR-5"]  # all "no fix": by id
    held = QPersistentModelIndex(model.index(model.row_of_trailer("TR-2") or 0, 0))
    Feed(store).raise_(make_alarm("AL-1", lock=4))
    qtbot.waitUntil(lambda: order()[0] == "TR-4", timeout=3000)
    assert order() == ["TR-4", "TR-1", "TR-2", "TR-3", "TR-5"]
    assert held.data(FleetRole.TRAILER_ID) == "TR-2"  # a selection stays on its trailer
    assert model.index(0, Column.STATUS).data() == "Alarm (critical)"

    proxy.set_search("alarm")
    assert order() == ["TR-4"]
    proxy.set_search("tr-5 no")  # every word must match
    assert order() == ["TR-5"]
    proxy.set_search("")
    proxy.sort(Column.TRAILER, Qt.SortOrder.DescendingOrder)
    assert order() == ["TR-5", "TR-4", "TR-3", "TR-2", "TR-1"]
