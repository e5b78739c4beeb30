"""The fleet simulator's incidents: injected ones at the next step, random ones at the
configured rate."""

from __future__ import annotations

from typing import Any
from unittest.mock import ANY

import pytest

from cloudsim.geofencing import GeofenceIndex
from cloudsim.sim import INCIDENT_KINDS
from opticallock.protocol import LockState, TamperKind
from tests.cloudsim.sim_world import T0, World


def test_every_incident_kind_is_reported_at_the_next_step() -> None:
    w = World(n=60, accel=30.0, fix_interval_s=1.0)
    w.run(1.0)
    used = set()
    # What each kind must report (besides fixes and samples) in the very next step.
    expectations: dict[str, list[tuple[str, Any]]] = {
        "fiber_cut": [("tamper", TamperKind.FIBER_CUT)],
        "forced_entry": [("tamper", TamperKind.FORCED_ENTRY),
                         ("lock_state", LockState.SHACKLE_OPEN)],
        "unlock_outside": [("lock_state", LockState.UNLOCKED)],
        "gps_loss": [("gps", False)],
        "battery_low": [],
        "fiber_degraded": [],
        "seal_mismatch": [],  # nobody is loading yet: at this trailer's next seal
        "inspection_request": [("unlock_request", ANY)],
        "duress": [],
    }
    for kind in INCIDENT_KINDS:
        lock_id = w.sim.inject_incident(kind)
        assert lock_id in w.sim.lock_ids
        assert lock_id not in used  # picks a fresh trailer each time here
        used.add(lock_id)
        m = w.mark()
        w.run(0.25)
        mine = [(n, a) for n, a in w.since(m) if n != "fix" and a[0] == lock_id]
        got = [(n, a[2]) for n, a in mine if n not in ("sample", "duress")]
        assert [n for n, _a in mine if n == "duress"] == (["duress"] if kind == "duress" else [])
        assert got == expectations[kind], kind
        if kind == "forced_entry":
            assert [a[3] for n, a in mine if n == "lock_state"] == ["unknown"]
            assert [a[3] for n, a in mine if n == "tamper"] == [None]
        if kind == "unlock_outside":
            assert [a[3] for n, a in mine if n == "lock_state"] == ["driver_app"]
        if kind == "inspection_request":
            assert [a[3] for n, a in mine if n == "unlock_request"] == ["inspection"]
            assert w.sim.trailer_state(lock_id)["phase"] == "parked"
            assert w.sim.trailer_state(lock_id)["lock_state"] == "locked"  # waits, sealed
        if kind == "battery_low":
            assert next(a[3] for n, a in mine if n == "sample") < 15.0
        if kind == "fiber_degraded":
            assert w.sim.trailer_state(lock_id)["attenuation_db"] >= 2.0
        assert w.sim.incident_counts[kind] == 1


def test_forced_entry_relocks_with_key_and_unlock_outside_relocks_later() -> None:
    w = World(n=40, accel=60.0, fix_interval_s=1.0)
    w.run(1.0)
    index = GeofenceIndex(w.definition.geofences)
    forced = w.sim.inject_incident("forced_entry")
    unlocked = w.sim.inject_incident("unlock_outside")
    m = w.mark()
    w.run(0.25)
    last_fix = [a for n, a in w.since(m) if n == "fix" and a[0] == unlocked][-1]
    assert index.locate(last_fix[2], last_fix[3]) is None  # outside every geofence
    w.run(70.0)  # 70 sim minutes
    states = {lid: [(a[2], a[3]) for n, a in w.since(m) if n == "lock_state" and a[0] == lid]
              for lid in (forced, unlocked)}
    assert states[forced] == [(LockState.SHACKLE_OPEN, "unknown"), (LockState.LOCKED, "key")]
    assert states[unlocked][:2] == [(LockState.UNLOCKED, "driver_app"),
                                    (LockState.LOCKED, "driver_app")]
    # Parked while open: every fix between opening and relocking has speed 0.
    for lid in (forced, unlocked):
        seq = [(n, a) for n, a in w.since(m) if a[0] == lid and n in ("fix", "lock_state")]
        opened = False
        for n, a in seq:
            if n == "lock_state":
                opened = a[2] is not LockState.LOCKED
            elif opened:
                assert a[4] == 0.0
        assert any(n == "fix" and a[4] > 0 for n, a in seq)  # and drives on afterwards


def test_gps_loss_silences_fixes_for_a_few_minutes() -> None:
    w = World(n=20, accel=60.0, fix_interval_s=1.0)
    w.run(1.0)
    lock_id = w.sim.inject_incident("gps_loss", w.sim.lock_ids[0])
    m = w.mark()
    w.run(15.0)  # 15 sim minutes
    seq = [(n, a) for n, a in w.since(m) if a[0] == lock_id and n in ("fix", "gps")]
    lost = seq.index(("gps", (lock_id, T0 + 1.25, False)))
    back = next(k for k, (n, a) in enumerate(seq) if n == "gps" and a[2] is True)
    assert not [n for n, _ in seq[lost + 1:back] if n == "fix"]
    outage_min = (seq[back][1][1] - seq[lost][1][1]) * 60.0 / 60.0
    assert 2.0 <= outage_min <= 8.5
    assert seq[back + 1][0] == "fix"


def test_inject_rejects_unknown_kinds_and_locks() -> None:
    w = World(n=5)
    with pytest.raises(ValueError, match="unknown incident kind"):
        w.sim.inject_incident("alien_abduction")
    with pytest.raises(KeyError):
        w.sim.inject_incident("fiber_cut", "OL-NOPE")


def test_injected_incidents_prefer_the_first_carrier() -> None:
    w = World(n=40)
    w.run(0.25)
    first = {t.lock_id for t in w.definition.carriers[0].trailers}
    for _ in range(5):
        assert w.sim.inject_incident("battery_low") in first


def test_random_incidents_follow_the_configured_rate() -> None:
    # 200 trailers x 0.3 per trailer-hour = 60 per sim hour; one sim hour at accel 60.
    w = World(n=200, accel=60.0, incident_rate_per_trailer_hour=0.3)
    w.run(60.0, dt=0.25)
    total = sum(w.sim.incident_counts.values())
    assert 30 <= total <= 95
    assert len([k for k, v in w.sim.incident_counts.items() if v]) >= 4
    quiet = World(n=200, accel=60.0, incident_rate_per_trailer_hour=0.0)
    quiet.run(60.0, dt=0.25)
    assert sum(quiet.sim.incident_counts.values()) == 0
    assert not quiet.sink.of("tamper") or all(
        a[2] is TamperKind.FIBER_DEGRADED for a in quiet.sink.of("tamper"))
    assert not quiet.sink.of("gps")
