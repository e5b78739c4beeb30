"""The fleet store announces what changed: coalesced, except what a dispatcher must see now."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject

from console.fleet.store import FleetStore
from console.link.journal import Journal
from opticallock.fleet import PositionsRun
from opticallock.protocol import AlarmRaisedEvent, FiberEvent, PositionsEvent
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


def test_the_store_journals_a_run_as_it_applied_it_and_a_restart_restores_it(
        owner: QObject, tmp_path: Path) -> None:
    """Positions frames are not journaled as they come (``journal_event`` passes them by): the
    run the store applied is, once, and restoring it gives the state the store has."""
    path = tmp_path / "journal.sqlite"
    journal = Journal(path)
    store = FleetStore(journal, coalesce_ms=60_000, parent=owner)
    store.load_snapshot(fleet(n=4))
    assert store.seq is not None
    seq = store.seq
    events: list[Any] = [
        PositionsEvent(seq=seq + 1, ts=1001.0, rows=[
            (f"OL-{i}", 1001.0, 27.5 + i / 100, -99.5, 80.0, 90.0) for i in range(1, 5)]),
        FiberEvent(seq=seq + 2, ts=1002.0, rows=[("OL-3", 1002.0, -19.0, 60.0)]),
        PositionsEvent(seq=seq + 3, ts=1003.0, rows=[("OL-1", 1003.0, 27.7, -99.4, 70.0, 80.0)]),
    ]
    run = PositionsRun(events[0])
    run.absorb(events[1])
    run.add(events[2])
    for event in events:  # as the client hands each frame to the journal, then the batch
        store.journal_event(event.seq, event.ts, event.type, event.model_dump_json())
    store.apply_events([run])
    journal.close()
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT seq, type FROM events ORDER BY seq").fetchall()
    db.close()
    assert rows == [(seq + 1, "positions_run"), (seq + 2, "fiber")]
    with Journal(path) as reopened:
        restored = reopened.restore()
    assert restored is not None
    assert store.state is not None
    assert restored.seq == seq + 3
    assert restored.comparable() == store.state.comparable()
