"""The fleet table's seal column: a sagging seal (light still through, 3–10 dB below its own
baseline) carries a maintenance note; a healthy one and a cut one do not (a cut is an alarm)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt

from console.models import Column, FleetRole, FleetTableModel
from console.store import FleetStore
from tests.console.alarm_data import fleet


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
