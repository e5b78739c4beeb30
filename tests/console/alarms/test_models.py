"""The alarm queue model: order, flashing, the time-to-ack clock and the pending overlay."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QIcon

from console.alarms.desk import AlarmDesk
from console.alarms.models import AlarmColumn, AlarmQueueModel, AlarmRole, format_clock
from console.alarms.outbox import Outbox
from console.fleet.store import FleetStore
from tests.console.alarms.alarm_data import Clock, make_alarm, position, store_with


def ids(model: AlarmQueueModel) -> list[str]:
    return [model.index(r, 0).data(AlarmRole.ALARM_ID) for r in range(model.rowCount())]


def cell(model: AlarmQueueModel, alarm_id: str, col: AlarmColumn,
         role: int = Qt.ItemDataRole.DisplayRole) -> Any:
    row = model.row_of(alarm_id)
    assert row is not None, alarm_id
    return model.index(row, col).data(role)


@pytest.fixture(autouse=True)
def _gui(qapp: Any) -> None:
    """Brushes and icons need a QGuiApplication, as in the console."""


@pytest.fixture
def desk(tmp_path: Path) -> Any:
    def make(store: FleetStore, clock: Clock) -> AlarmDesk:
        outbox = Outbox(tmp_path / "outbox.db")
        return AlarmDesk(store, outbox, username="ana", clock=clock, parent=store)

    return make


def test_critical_before_high_before_medium_then_oldest_first(
        owner: QObject, qtmodeltester: Any) -> None:
    store, _feed = store_with(
        make_alarm("AL-MED-OLD", lock=1, atype="battery_low", raised_at=900.0),
        make_alarm("AL-CRIT-NEW", lock=2, atype="forced_entry", raised_at=990.0),
        make_alarm("AL-HIGH", lock=3, atype="fiber_degraded", raised_at=950.0),
        make_alarm("AL-CRIT-OLD", lock=4, atype="fiber_cut", raised_at=980.0),
        make_alarm("AL-MED-NEW", lock=1, atype="gps_lost", raised_at=995.0), parent=owner)
    model = AlarmQueueModel(store, clock=Clock(1000.0), parent=owner)
    assert ids(model) == ["AL-CRIT-OLD", "AL-CRIT-NEW", "AL-HIGH", "AL-MED-OLD", "AL-MED-NEW"]
    assert [model.index(r, AlarmColumn.PRIORITY).data() for r in range(5)] == [
        "CRITICAL", "CRITICAL", "HIGH", "MEDIUM", "MEDIUM"]
    assert model.index(0, 0).data(AlarmRole.PRIORITY) == "critical"
    assert model.index(0, 0).data(AlarmRole.TRAILER_ID) == "TR-4"
    assert model.index(0, 0).data(AlarmRole.STATE) == "open"
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in AlarmColumn] == [
        "Priority", "Esc.", "State", "Owner", "Alarm", "Trailer", "Driver", "Where", "Raised",
        "Time to ack"]
    qtmodeltester.check(model)


def test_new_alarms_are_inserted_in_place_and_resolved_ones_leave(
        owner: QObject, qtmodeltester: Any) -> None:
    high = make_alarm("AL-HIGH", lock=3, atype="fiber_degraded", raised_at=950.0)
    store, feed = store_with(high, make_alarm("AL-MED", lock=1, atype="battery_low",
                                              raised_at=900.0), parent=owner)
    model = AlarmQueueModel(store, clock=Clock(1000.0), parent=owner)
    selected = QPersistentModelIndex(model.index(1, 0))  # the dispatcher's selection
    assert selected.data(AlarmRole.ALARM_ID) == "AL-MED"
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _p, first, last: inserted.append((first, last)))
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))

    crit = make_alarm("AL-CRIT", lock=2, atype="fiber_cut", raised_at=1001.0)
    feed.raise_(crit)
    assert ids(model) == ["AL-CRIT", "AL-HIGH", "AL-MED"]
    assert inserted == [(0, 0)]
    assert selected.isValid()
    assert selected.data(AlarmRole.ALARM_ID) == "AL-MED"  # the selection followed its row

    feed.resolve(high, by="ben", at=1010.0)
    assert ids(model) == ["AL-CRIT", "AL-MED"]
    assert selected.data(AlarmRole.ALARM_ID) == "AL-MED"
    assert resets == []  # row by row, never a reset that would drop the selection
    qtmodeltester.check(model)


def test_open_critical_rows_flash_when_the_flash_timer_ticks(owner: QObject, qtbot: Any) -> None:
    crit = make_alarm("AL-CRIT", lock=1, atype="fiber_cut", raised_at=990.0)
    acked = make_alarm("AL-ACKED", lock=2, atype="forced_entry", raised_at=980.0,
                       state="acknowledged", acknowledged_by="ben", acknowledged_at=985.0)
    store, _feed = store_with(crit, acked,
                              make_alarm("AL-HIGH", lock=3, atype="fiber_degraded",
                                         raised_at=950.0), parent=owner)
    model = AlarmQueueModel(store, clock=Clock(1000.0), parent=owner)
    first = cell(model, "AL-CRIT", AlarmColumn.ALARM, AlarmRole.FLASH)
    phases = [first]
    for _ in range(3):
        with qtbot.waitSignal(model.flash_timer.timeout, timeout=3000):
            pass
        phases.append(cell(model, "AL-CRIT", AlarmColumn.ALARM, AlarmRole.FLASH))
        background = cell(model, "AL-CRIT", AlarmColumn.TRAILER,
                          Qt.ItemDataRole.BackgroundRole)
        assert isinstance(background, QBrush) == phases[-1]
        # Acknowledged and non-critical alarms never flash.
        assert cell(model, "AL-ACKED", AlarmColumn.ALARM, AlarmRole.FLASH) is False
        assert cell(model, "AL-HIGH", AlarmColumn.ALARM, AlarmRole.FLASH) is False
        assert cell(model, "AL-HIGH", AlarmColumn.ALARM, Qt.ItemDataRole.BackgroundRole) is None
    assert phases in ([False, True, False, True], [True, False, True, False])


def test_flash_tick_repaints_only_flashing_rows(owner: QObject, qtbot: Any) -> None:
    store, _feed = store_with(
        make_alarm("AL-HIGH", lock=3, atype="fiber_degraded", raised_at=950.0),
        make_alarm("AL-CRIT", lock=1, atype="fiber_cut", raised_at=990.0), parent=owner)
    model = AlarmQueueModel(store, clock=Clock(1000.0), parent=owner)
    model.flash_timer.stop()
    with qtbot.waitSignal(model.dataChanged) as blocker:
        model.on_flash_tick()
    top, bottom = blocker.args[0], blocker.args[1]
    assert (top.row(), bottom.row()) == (0, 0)
    assert top.data(AlarmRole.ALARM_ID) == "AL-CRIT"


def test_critical_open_alarms_have_a_warning_icon(owner: QObject) -> None:
    store, _feed = store_with(
        make_alarm("AL-CRIT", lock=1, atype="fiber_cut"),
        make_alarm("AL-MED", lock=2, atype="battery_low"), parent=owner)
    model = AlarmQueueModel(store, parent=owner)
    icon = cell(model, "AL-CRIT", AlarmColumn.PRIORITY, Qt.ItemDataRole.DecorationRole)
    assert isinstance(icon, QIcon)
    assert not icon.isNull()
    assert cell(model, "AL-MED", AlarmColumn.PRIORITY, Qt.ItemDataRole.DecorationRole) is None


def test_time_to_ack_counts_while_open_and_freezes_once_acknowledged(
        owner: QObject, qtbot: Any) -> None:
    alarm = make_alarm("AL-1", raised_at=1000.0)
    store, feed = store_with(alarm, parent=owner)
    clock = Clock(1000.0 + 192)
    model = AlarmQueueModel(store, clock=clock, parent=owner)
    assert cell(model, "AL-1", AlarmColumn.TIME_TO_ACK) == "3:12 waiting"
    clock.now += 3600
    # The one-second clock tick repaints that column (and only that one).
    with qtbot.waitSignal(model.dataChanged, timeout=3000,
                          check_params_cb=lambda top, *_: top.column() != 0) as blocker:
        pass
    assert blocker.args[0].column() == blocker.args[1].column() == AlarmColumn.TIME_TO_ACK
    assert cell(model, "AL-1", AlarmColumn.TIME_TO_ACK) == "1:03:12 waiting"
    feed.ack(alarm, by="ana", at=1065.0)
    assert cell(model, "AL-1", AlarmColumn.TIME_TO_ACK) == "acked in 1:05"
    assert cell(model, "AL-1", AlarmColumn.STATE) == "Acknowledged by ana"
    assert cell(model, "AL-1", AlarmColumn.STATE, AlarmRole.STATE) == "acknowledged"


def test_driver_where_and_repeat_count_columns(owner: QObject) -> None:
    alarm = make_alarm("AL-1", lock=2, count=2, position=position(27.50641 + 0.1, -99.50754))
    store, _feed = store_with(alarm, make_alarm("AL-2", lock=3, atype="gps_lost"), parent=owner)
    model = AlarmQueueModel(store, parent=owner)
    assert cell(model, "AL-1", AlarmColumn.DRIVER) == "Luis Ortega"  # TR-2's driver
    assert cell(model, "AL-1", AlarmColumn.WHERE) == "11 km N of Laredo, TX, US"
    assert cell(model, "AL-1", AlarmColumn.ALARM) == "Fiber seal cut ×2"
    assert cell(model, "AL-2", AlarmColumn.WHERE) == "no fix yet"
    assert cell(model, "AL-2", AlarmColumn.ALARM) == "GPS lost"


def test_pending_actions_are_overlaid_and_stop_the_flashing(
        owner: QObject, desk: Any, qtbot: Any,
                                                            qtmodeltester: Any) -> None:
    alarm = make_alarm("AL-1", raised_at=990.0)
    store, _feed = store_with(alarm, make_alarm("AL-2", lock=2, atype="forced_entry",
                                                raised_at=995.0), parent=owner)
    the_desk = desk(store, Clock(1000.0))  # no client: every action stays pending
    model = AlarmQueueModel(store, the_desk, clock=Clock(1000.0), parent=owner)
    model.flash_on = True
    assert cell(model, "AL-1", AlarmColumn.ALARM, AlarmRole.FLASH) is True
    with qtbot.waitSignal(model.dataChanged):
        the_desk.acknowledge("AL-1", "calling the driver")
    assert cell(model, "AL-1", AlarmColumn.STATE) == "ack pending…"
    assert cell(model, "AL-1", AlarmColumn.STATE, AlarmRole.STATE) == "open"  # the cloud's word
    assert cell(model, "AL-1", AlarmColumn.ALARM, AlarmRole.FLASH) is False
    assert cell(model, "AL-2", AlarmColumn.STATE) == "Open"
    assert cell(model, "AL-2", AlarmColumn.ALARM, AlarmRole.FLASH) is True
    qtmodeltester.check(model)
    the_desk.stop()


def test_format_clock() -> None:
    assert [format_clock(s) for s in (0, 7.9, 65, 192, 3600, 3725, -5)] == [
        "0:00", "0:07", "1:05", "3:12", "1:00:00", "1:02:05", "0:00"]
