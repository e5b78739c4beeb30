"""The shared reducer: events applied to a fleet state, with plain data."""

from __future__ import annotations

from typing import Any

import pytest

from opticallock.fleet import FleetState, PositionsRun, SequenceError, seqs_of
from opticallock.protocol import (
    Alarm,
    AlarmAcknowledgedEvent,
    AlarmRaisedEvent,
    AlarmRepeatedEvent,
    AlarmResolvedEvent,
    BatteryLowEvent,
    Carrier,
    Driver,
    FiberEvent,
    FleetSnapshot,
    GeofenceEnterEvent,
    GeofenceExitEvent,
    GpsLostEvent,
    Lock,
    LockState,
    LockStateEvent,
    Position,
    PositionsEvent,
    Trailer,
)


def snapshot() -> FleetSnapshot:
    return FleetSnapshot(
        seq=4, server_time=1000.0, carrier=Carrier(id="frontera", name="Frontera"),
        trailers=[Trailer(id="TR-1", lock_id="OL-1", driver_id="DRV-1")],
        locks=[Lock(id="OL-1", trailer_id="TR-1", seal_id="FS-1", state=LockState.LOCKED,
                    fiber_dbm=-11.0, fiber_baseline_dbm=-11.0, battery_pct=90, last_contact=990)],
        drivers=[Driver(id="DRV-1", name="Ana Ruiz", phone="+1 619 555 0100", language="es",
                        app_online=True, trailer_id="TR-1")],
        alarms=[],
    )


def alarm() -> Alarm:
    return Alarm(id="AL-1", lock_id="OL-1", trailer_id="TR-1", type="fiber_cut",
                 priority="critical", state="open", raised_at=1003.0, raised_seq=7,
                 last_at=1003.0)


def test_events_apply_in_order_and_say_what_changed() -> None:
    state = FleetState.from_snapshot(snapshot())
    ch = state.apply(PositionsEvent(seq=5, ts=1001.0,
                                    rows=[("OL-1", 1001.0, 32.5, -117.0, 88.0, 270.0),
                                          ("OL-UNKNOWN", 1001.0, 1.0, 1.0, 0.0, 0.0)]))
    assert ch.locks == {"OL-1"}
    assert state.locks["OL-1"].position is not None
    assert state.locks["OL-1"].position.speed_kmh == 88.0
    state.apply(FiberEvent(seq=6, ts=1002.0, rows=[("OL-1", 1002.0, -40.2, 89.0)]))
    assert state.locks["OL-1"].fiber_dbm == -40.2
    assert state.locks["OL-1"].battery_pct == 89.0
    ch = state.apply(AlarmRaisedEvent(seq=7, ts=1003.0, alarm=alarm()))
    assert ch.alarms == {"AL-1"}
    state.apply(AlarmRepeatedEvent(seq=8, ts=1004.0, alarm_id="AL-1", lock_id="OL-1", count=2,
                                   last_at=1004.0))
    assert state.alarms["AL-1"].count == 2
    state.apply(AlarmAcknowledgedEvent(seq=9, ts=1005.0, alarm_id="AL-1", lock_id="OL-1",
                                       by="ana", at=1005.0, note="calling", request_id="r" * 8))
    assert state.alarms["AL-1"].acknowledged_by == "ana"
    ch = state.apply(AlarmResolvedEvent(seq=10, ts=1006.0, alarm_id="AL-1", lock_id="OL-1",
                                        by="ana", at=1006.0, outcome="false_alarm", note="",
                                        request_id="s" * 8))
    assert "AL-1" not in state.alarms
    assert ch.resolved["AL-1"].outcome == "false_alarm"
    state.apply(GeofenceEnterEvent(seq=11, ts=1007.0, lock_id="OL-1", trailer_id="TR-1",
                                   geofence_id="gf-1", geofence_name="Laredo terminal"))
    assert state.locks["OL-1"].geofence_id == "gf-1"
    state.apply(LockStateEvent(seq=12, ts=1008.0, lock_id="OL-1", trailer_id="TR-1",
                               state=LockState.UNLOCKED, previous=LockState.LOCKED))
    assert state.locks["OL-1"].state is LockState.UNLOCKED
    state.apply(GeofenceExitEvent(seq=13, ts=1009.0, lock_id="OL-1", trailer_id="TR-1",
                                  geofence_id="gf-1", geofence_name="Laredo terminal"))
    assert state.locks["OL-1"].geofence_id is None
    assert state.seq == 13


def test_a_fix_applied_on_the_fast_path_is_an_ordinary_position() -> None:
    state = FleetState.from_snapshot(snapshot())
    state.apply(PositionsEvent(seq=5, ts=1001.0,
                               rows=[("OL-1", 1001.0, 32.5, -117.0, 88.0, 270.0)]))
    lock = state.locks["OL-1"]
    expected = Position(ts=1001.0, lat=32.5, lon=-117.0, speed_kmh=88.0, heading_deg=270.0)
    assert lock.position == expected
    assert lock.position.model_dump() == expected.model_dump()
    assert lock.position.model_fields_set == expected.model_fields_set
    assert lock.model_copy(deep=True) == lock
    assert Lock.model_validate_json(lock.model_dump_json()) == lock
    assert lock.gps_ok
    assert lock.last_contact == 1001.0
    # An older fix (a late batch) moves the position but never last_contact back.
    state.apply(PositionsEvent(seq=6, ts=1001.0,
                               rows=[("OL-1", 1000.5, 32.4, -117.0, 80.0, 270.0)]))
    assert lock.last_contact == 1001.0


def test_an_adopted_snapshot_is_the_state_and_a_copied_one_is_not() -> None:
    snap = snapshot()
    adopted = FleetState.from_snapshot(snap, adopt=True)
    copied = FleetState.from_snapshot(snap)
    assert adopted.locks["OL-1"] is snap.locks[0]
    assert copied.locks["OL-1"] is not snap.locks[0]
    assert adopted.comparable() == copied.comparable()


def test_out_of_order_events_are_refused() -> None:
    state = FleetState.from_snapshot(snapshot())
    event = FiberEvent(seq=9, ts=1.0, rows=[])
    with pytest.raises(SequenceError) as err:
        state.apply(event)
    assert (err.value.expected, err.value.got) == (5, 9)
    assert state.seq == 4


def test_state_does_not_alias_the_snapshot() -> None:
    snap = snapshot()
    state = FleetState.from_snapshot(snap)
    state.apply(FiberEvent(seq=5, ts=1.0, rows=[("OL-1", 1.0, -20.0, 50.0)]))
    assert snap.locks[0].fiber_dbm == -11.0
    again = FleetState.from_snapshot(state.snapshot(2.0))
    assert again.comparable() == state.comparable()


@pytest.mark.parametrize("order", ["random", "in time", "in time, then late fixes",
                                   "late fixes, then in time"])
def test_a_run_of_positions_applied_at_once_leaves_the_state_one_by_one_leaves(
        order: str) -> None:
    """apply_positions (a backlog's batch, folded into a PositionsRun) against apply per event:
    same positions, last contacts (late fixes included), gps flags, seq and changed locks;
    unknown locks ignored. Rows in time order (a log's), not, and in order until late ones."""
    import random

    from console.fleet.store import FleetStore, _runs

    rng = random.Random(4)
    base = snapshot()
    base.locks.append(base.locks[0].model_copy(update={"id": "OL-2", "trailer_id": "TR-2",
                                                       "gps_ok": False}))
    base.trailers.append(Trailer(id="TR-2", lock_id="OL-2"))
    events = []
    for k in range(30):
        in_time = {"random": False, "in time": True, "in time, then late fixes": k < 20,
                   "late fixes, then in time": k >= 10}[order]
        rows = [(rng.choice(["OL-1", "OL-2", "OL-9"]),
                 1050.0 + k + j / 10 if in_time else 1000.0 + rng.uniform(-5, 40),
                 rng.uniform(30, 33), rng.uniform(-118, -115), 80.0, 90.0)
                for j in range(rng.randint(0, 6))]
        events.append(PositionsEvent(seq=5 + k, ts=1040.0, rows=rows))
    one_by_one = FleetState.from_snapshot(base)
    touched: set[str] = set()
    for event in events:
        touched |= one_by_one.apply(event).locks
    at_once = FleetState.from_snapshot(base)
    changes = at_once.apply_positions(events)
    assert at_once.comparable() == one_by_one.comparable()
    run = PositionsRun.of(events)
    assert (run.newest is None) is (order == "in time")
    assert run.fixes == sum(len(e.rows) for e in events)
    assert list(run.seqs) == [e.seq for e in events]
    folded = FleetState.from_snapshot(base)
    assert folded.apply_run(run).locks == touched
    assert folded.comparable() == one_by_one.comparable()
    with pytest.raises(SequenceError):
        run.add(events[3])
    assert changes.locks == touched == {"OL-1", "OL-2"}
    assert at_once.seq == events[-1].seq
    # A run with a seq out of place is refused whole, and the store then applies one by one.
    with pytest.raises(SequenceError):
        FleetState.from_snapshot(base).apply_positions([events[0], events[2]])
    store = FleetStore()
    store.load_snapshot(base)
    late = AlarmAcknowledgedEvent(seq=5 + len(events), ts=1041.0, alarm_id="AL-X",
                                  lock_id="OL-1", by="ana", at=1041.0, note="", request_id="r")
    store.apply_events([*events, late])
    assert store.state is not None
    assert store.state.locks["OL-1"] == one_by_one.locks["OL-1"]
    assert store.seq == late.seq
    assert [type(r).__name__ if not isinstance(r, list) else len(r)
            for r in _runs([*events[:2], late, events[2]])] == [2, "AlarmAcknowledgedEvent", 1]


def routine_event(kind: str, seq: int, ts: float, lock_id: str, rng: Any) -> Any:
    common: dict[str, Any] = {"seq": seq, "ts": ts}
    where = {"lock_id": lock_id, "trailer_id": "TR-" + lock_id[-1]}
    fence = {"geofence_id": "GF-1", "geofence_name": "Yard"}
    if kind == "fix":
        return PositionsEvent(**common, rows=[(lock_id, ts, rng.uniform(30, 33), -116.0, 80.0,
                                               90.0)])
    if kind == "fiber":
        return FiberEvent(**common, rows=[(lock_id, ts, rng.uniform(-20, -9), 80.0)])
    if kind == "enter":
        return GeofenceEnterEvent(**common, **where, **fence)
    if kind == "exit":
        return GeofenceExitEvent(**common, **where, **fence)
    if kind == "battery":
        return BatteryLowEvent(**common, **where, battery_pct=9.0)
    if kind == "gps_lost":
        return GpsLostEvent(**common, **where)
    return LockStateEvent(**common, **where, state=LockState.UNLOCKED, previous=LockState.LOCKED,
                          position=Position(ts=ts, lat=31.0, lon=-117.0, speed_kmh=0.0,
                                            heading_deg=0.0))


def test_a_run_absorbs_what_changes_nothing_a_fix_changes_and_ends_at_what_does() -> None:
    """Positions folded with the fiber samples, geofence crossings and battery alarms between
    them (applied after the fixes) leave the state one by one leaves; a GPS loss (it changes
    the GPS flag a fix sets) or a lock event (it may carry a position) ends the run."""
    import random

    rng = random.Random(7)
    base = snapshot()
    base.locks.append(base.locks[0].model_copy(update={"id": "OL-2", "trailer_id": "TR-2"}))
    base.trailers.append(Trailer(id="TR-2", lock_id="OL-2"))
    events: list[Any] = []
    for seq in range(5, 125):
        lock_id, ts = rng.choice(["OL-1", "OL-2"]), 1000.0 + seq + rng.uniform(-3, 3)
        kind = rng.choice(["fix", "fix", "fix", "fiber", "enter", "exit", "battery", "gps_lost",
                           "lock"])
        events.append(routine_event(kind, seq, ts, lock_id, rng))
    one_by_one = FleetState.from_snapshot(base)
    for event in events:
        one_by_one.apply(event)
    items: list[Any] = []  # as the stream's delivery batch folds them
    for event in events:
        last = items[-1] if items else None
        if isinstance(event, PositionsEvent) and isinstance(last, PositionsRun):
            last.add(event)
        elif isinstance(event, PositionsEvent):
            items.append(PositionsRun(event))
        elif isinstance(last, PositionsRun) and last.absorbs(event):
            last.absorb(event)
        else:
            items.append(event)
    runs = [item for item in items if isinstance(item, PositionsRun)]
    assert any(run.others for run in runs)
    assert not any(isinstance(e, GpsLostEvent | LockStateEvent) for r in runs for e in r.others)
    assert [seq for item in items for seq in seqs_of(item)] == [e.seq for e in events]
    folded = FleetState.from_snapshot(base)
    for item in items:
        if isinstance(item, PositionsRun):
            folded.apply_run(item)
        else:
            folded.apply(item)
    assert folded.comparable() == one_by_one.comparable()
    with pytest.raises(ValueError, match="cannot join"):
        runs[0].absorb(events[-1])
