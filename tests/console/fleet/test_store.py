"""The fleet store announces what changed: coalesced, except what a dispatcher must see now."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject

from console.fleet.store import FleetStore
from opticallock.protocol import AlarmRaisedEvent, PositionsEvent
from tests.console.alarms.alarm_data import fleet, make_alarm


def test_an_alarm_is_announced_at_once_with_its_trailer_and_the_fixes_keep_their_pace(
        owner: QObject) -> None:
    """A backlog's fixes wait for the coalesced flush; an alarm arriving among them is announced
    at once, with its own trailer's lock, not with every trailer that moved."""
    store = FleetStore(coalesce_ms=60_000, parent=owner)  # the coalesced flush never comes here
    store.load_snapshot(fleet(n=4))
    locks: list[list[str]] = []
    alarms: list[list[str]] = []
    status: list[list[str]] = []
    store.locksChanged.connect(locks.append)
    store.alarmsChanged.connect(alarms.append)
    store.statusChanged.connect(status.append)
    assert store.seq is not None
    seq = store.seq
    fixes = PositionsEvent(seq=seq + 1, ts=1001.0, rows=[
        (f"OL-{i}", 1001.0, 27.5 + i / 100, -99.5, 80.0, 90.0) for i in range(1, 5)])
    store.apply_events([fixes])
    assert locks == []  # coalesced
    alarm = make_alarm("AL-1", lock=2)
    store.apply_events([AlarmRaisedEvent(seq=seq + 2, ts=1002.0, alarm=alarm)])
    assert alarms == [["AL-1"]]
    assert locks == [["OL-2"]]
    assert "OL-2" in status[-1]
    store.flush()
    assert locks[-1] == ["OL-1", "OL-3", "OL-4"]
    assert alarms == [["AL-1"]]  # announced once


def test_a_flush_with_nothing_pending_announces_nothing(owner: QObject) -> None:
    store = FleetStore(coalesce_ms=10, parent=owner)
    store.load_snapshot(fleet(n=2))
    said: list[Any] = []
    for signal in (store.locksChanged, store.alarmsChanged, store.trailersChanged):
        signal.connect(said.append)
    store.flush()
    assert said == []
