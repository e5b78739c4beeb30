"""Every tooltip of the fleet, alarm queue, driver directory and trip tables that carries text
from the network is shown literally by Qt (a name written in HTML stays text), has no direction
override, and wraps a 10,000-character name instead of being as wide as it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6 import QtGui
from PySide6.QtCore import QAbstractItemModel, QObject, Qt
from PySide6.QtGui import QTextDocument

from console.alarms.models import AlarmColumn, AlarmQueueModel
from console.contacts.models import DriverColumn, DriverTableModel
from console.fleet.models import Column, FleetTableModel
from console.fleet.store import FleetStore
from console.history.models import TripColumn, TripTableModel
from console.text import ZWSP
from opticallock.trips import TripReport, TripSpan, Unlock
from tests.widgets.alarms.test_widgets import make_alarm
from tests.widgets.test_main_window import snapshot

RLO = "\u202e"
MARKUP = "<b>html</b><img src=x>"
HOSTILE = f"{RLO}{MARKUP}" + "W" * 10_000
#: The longest unbroken run a tooltip may show before a break opportunity.
MAX_RUN = 60


def shown(tip: str) -> str:
    """The text Qt shows for a tooltip: it guesses rich text the same way (mightBeRichText)."""
    document = QTextDocument()
    if QtGui.Qt.mightBeRichText(tip):
        document.setHtml(tip)
    else:
        document.setPlainText(tip)
    return document.toPlainText()


def tooltips(model: QAbstractItemModel) -> Iterator[tuple[int, int, str]]:
    for row in range(model.rowCount()):
        for col in range(model.columnCount()):
            tip = model.index(row, col).data(Qt.ItemDataRole.ToolTipRole)
            if tip:
                yield row, col, tip


def check(model: QAbstractItemModel, hostile_columns: set[int]) -> None:
    """Each hostile column's tooltip shows the markup as written; no tooltip holds an override
    or an unbroken run longer than a tooltip wraps."""
    seen = set()
    for _row, col, tip in tooltips(model):
        text = shown(tip)
        assert RLO not in text
        assert max(len(run) for run in text.replace(ZWSP, " ").split()) <= MAX_RUN + 1, col
        if MARKUP in text:
            seen.add(col)
    assert seen >= hostile_columns


@pytest.fixture
def store(qapp: Any) -> Iterator[FleetStore]:
    owner = QObject()
    fleet = snapshot(alarms=[make_alarm(0, detail=HOSTILE, ack_note=HOSTILE)])
    fleet.drivers[0].name = HOSTILE
    fleet.drivers[0].phone = f"{RLO}{MARKUP}"
    store = FleetStore(coalesce_ms=10, parent=owner)
    store.load_snapshot(fleet)
    yield store
    owner.deleteLater()


def test_fleet_table_tooltips_are_plain_text(store: FleetStore) -> None:
    model = FleetTableModel(store, parent=store)
    check(model, {Column.DRIVER, Column.STATUS})


def test_alarm_queue_tooltips_are_plain_text(store: FleetStore) -> None:
    model = AlarmQueueModel(store, parent=store)
    check(model, {AlarmColumn.STATE, AlarmColumn.ALARM, AlarmColumn.DRIVER})


def test_driver_directory_tooltips_are_plain_text(store: FleetStore) -> None:
    model = DriverTableModel(store, parent=store)
    check(model, {DriverColumn.NAME, DriverColumn.PHONE})


def test_trip_table_tooltips_are_plain_text(qapp: Any) -> None:
    model = TripTableModel()
    unlock = Unlock(ts=1000.0, lat=None, lon=None, geofence_id=None, geofence_name=HOSTILE,
                    actor=f"{MARKUP}_driver", at_planned_destination=None)
    trip = TripSpan(start=0.0, end=1000.0, origin=HOSTILE, destination="Laredo",
                    planned_destination=None, planned_destination_id=None, lock_seq=1,
                    unlock_seq=2, unlocks=[unlock])
    model.set_report(TripReport(start=0.0, end=1000.0, trips=[trip], stops=[],
                                totals=trip.totals))
    check(model, {TripColumn.ROUTE, TripColumn.UNLOCKS})
    model.deleteLater()
