"""Trailer statuses kept per change: what a batch touched is recomputed, nothing else, and the
answers equal the rule applied to the whole state from scratch."""

from __future__ import annotations

from opticallock.fleet import FleetState
from opticallock.protocol import (
    AlarmPriority,
    AlarmRaisedEvent,
    AlarmResolvedEvent,
    LockState,
    LockStateEvent,
    Position,
    PositionsEvent,
    ResolveOutcome,
)
from opticallock.status import (
    STALE_AFTER_S,
    StatusBoard,
    TrailerStatus,
    status_of,
)
from tests.console.alarms.alarm_data import fleet, make_alarm

NOW = 1000.0


def state_with_fixes(n: int = 4) -> FleetState:
    state = FleetState.from_snapshot(fleet(n))
    for i, lock in enumerate(state.locks.values()):
        lock.position = Position(ts=NOW, lat=27.5, lon=-99.5, speed_kmh=80.0 * (i % 2),
                                 heading_deg=0.0)
    return state


def from_scratch(state: FleetState, now: float) -> dict[str, TrailerStatus]:
    with_alarm = {a.lock_id for a in state.alarms.values()}
    return {lid: status_of(lock, lid in with_alarm, now) for lid, lock in state.locks.items()}


def apply(state: FleetState, board: StatusBoard, *events: object, now: float = NOW) -> set[str]:
    changed: set[str] = set()
    for event in events:
        ch = state.apply(event)
        changed |= board.update(state.locks, state.alarms, ch.locks, ch.alarms, now)
    return changed


def test_board_agrees_with_the_rule_and_reports_only_real_changes() -> None:
    state = state_with_fixes()
    board = StatusBoard()
    board.rebuild(state.locks, state.alarms, NOW)
    assert {lid: board.status(lid) for lid in state.locks} == from_scratch(state, NOW)
    assert board.counts()[TrailerStatus.MOVING] == 2
    assert board.counts()[TrailerStatus.PARKED] == 2

    # A fix that keeps the trailer moving changes nothing a view must repaint.
    moving = PositionsEvent(seq=11, ts=NOW, rows=[("OL-2", NOW + 1, 27.6, -99.5, 75.0, 10.0)])
    assert apply(state, board, moving) == set()
    # It stops: one change.
    stopped = PositionsEvent(seq=12, ts=NOW, rows=[("OL-2", NOW + 2, 27.6, -99.5, 0.0, 10.0)])
    assert apply(state, board, stopped) == {"OL-2"}

    alarm = make_alarm("AL-1", lock=3, atype="fiber_degraded")
    critical = make_alarm("AL-2", lock=3, atype="fiber_cut")
    assert apply(state, board, AlarmRaisedEvent(seq=13, ts=NOW, alarm=alarm)) == {"OL-3"}
    assert board.status("OL-3") is TrailerStatus.ALARM
    assert board.worst_priority("OL-3") is AlarmPriority.HIGH
    # A second, more urgent alarm on the same lock: same status, worse priority: a change.
    assert apply(state, board, AlarmRaisedEvent(seq=14, ts=NOW, alarm=critical)) == {"OL-3"}
    assert board.worst_priority("OL-3") is AlarmPriority.CRITICAL
    resolved = AlarmResolvedEvent(seq=15, ts=NOW, alarm_id="AL-2", lock_id="OL-3", by="ana",
                                  at=NOW, outcome=ResolveOutcome.FALSE_ALARM,
                                  note="", request_id="r" * 16)
    assert apply(state, board, resolved) == {"OL-3"}
    assert board.worst_priority("OL-3") is AlarmPriority.HIGH
    unlocked = LockStateEvent(seq=16, ts=NOW, lock_id="OL-4", trailer_id="TR-4",
                              state=LockState.UNLOCKED, previous=LockState.LOCKED)
    assert apply(state, board, unlocked) == {"OL-4"}
    assert {lid: board.status(lid) for lid in state.locks} == from_scratch(state, NOW)
    counts = board.counts()
    assert sum(counts.values()) == 4
    assert counts[TrailerStatus.ALARM] == 1
    assert counts[TrailerStatus.UNLOCKED] == 1


def test_trailers_go_stale_with_time_alone() -> None:
    state = state_with_fixes()
    board = StatusBoard()
    board.rebuild(state.locks, state.alarms, NOW)
    later = NOW + STALE_AFTER_S + 1
    fresh = PositionsEvent(seq=11, ts=later, rows=[("OL-1", later, 27.6, -99.5, 0.0, 0.0)])
    apply(state, board, fresh, now=later)
    assert board.refresh_time(state.locks, later) == {"OL-2", "OL-3", "OL-4"}
    assert board.refresh_time(state.locks, later) == set()  # said once
    assert {lid: board.status(lid) for lid in state.locks} == from_scratch(state, later)


def test_the_store_announces_trailers_gone_stale_on_its_clock_tick(qtbot: object) -> None:
    from console.fleet.store import FleetStore
    from tests.console.alarms.alarm_data import Clock

    clock = Clock(NOW)
    store = FleetStore(clock=clock)
    snap = fleet(2)
    for lock in snap.locks:
        lock.position = Position(ts=NOW, lat=27.5, lon=-99.5, speed_kmh=0.0, heading_deg=0.0)
    store.load_snapshot(snap)
    announced: list[list[str]] = []
    store.statusChanged.connect(announced.append)
    clock.now = NOW + STALE_AFTER_S + 1
    store.refresh_stale()
    assert announced == [["OL-1", "OL-2"]]
    assert store.status("OL-1") is TrailerStatus.STALE
    store.refresh_stale()  # nothing new, and within the check interval anyway
    assert announced == [["OL-1", "OL-2"]]
