"""The simulated driver apps' unlock requests, on a recording sink with a fake clock: a delivery
waits sealed for a decision and opens with the code, a refusal or nobody answering leaves it
sealed (the app asks again after each expiry, a few times), an inspection at a rest stop, and an
approval reaching an app that is offline; a sink that answers nothing (a benchmark's) does not
hold the world up."""

from __future__ import annotations

from typing import Any

from cloudsim.sim import FleetSimulator, build_fleet
from opticallock.protocol import LockState, UnlockRequestState
from tests.cloudsim.sim_world import CARRIERS, T0, World


def arriving(w: World) -> str:
    """A trailer of the world put just short of its destination: it arrives within a step."""
    for lock_id in w.sim.lock_ids:
        state = w.sim.trailer_state(lock_id)
        if state["phase"] == "driving" and state["lock_state"] == "locked":
            w.sim.skip_ahead(lock_id)
            return lock_id
    raise LookupError("nobody is driving")


def mine(w: World, mark: int, name: str, lock_id: str) -> list[tuple[Any, ...]]:
    return [a for n, a in w.since(mark, name) if a[0] == lock_id]


def test_a_delivery_waits_sealed_for_a_decision_and_opens_with_the_code() -> None:
    w = World(n=20, accel=600.0)
    w.run(1.0)
    m = w.mark()
    lock_id = arriving(w)
    w.run(0.5)
    [(_, _, request_id, reason)] = mine(w, m, "unlock_request", lock_id)
    assert reason == "delivery"
    assert request_id.startswith("UR-")
    assert w.sim.trailer_state(lock_id)["phase"] == "awaiting_unlock"
    w.run(6.0)  # an hour of sim time: still waiting, still sealed
    assert mine(w, m, "lock_state", lock_id) == []
    assert w.sim.trailer_state(lock_id)["lock_state"] == "locked"
    w.answer_unlock_requests(UnlockRequestState.APPROVED)
    w.run(1.0)
    [unlock] = mine(w, m, "lock_state", lock_id)
    assert unlock[2:] == (LockState.UNLOCKED, "driver_app", World.CODE)
    assert w.sim.trailer_state(lock_id)["phase"] == "unloading"
    assert w.sim.trailer_state(lock_id)["seal"] == "none"


def test_a_refused_delivery_leaves_sealed_with_its_seal() -> None:
    w = World(n=20, accel=600.0)
    w.run(1.0)
    m = w.mark()
    lock_id = arriving(w)
    w.run(0.5)
    w.answer_unlock_requests(UnlockRequestState.REFUSED)
    seal = w.sim.trailer_state(lock_id)["seal_id"]
    w.run(30.0, dt=1.0)  # 5 sim hours: a new trip, loaded (nothing), departed
    assert mine(w, m, "lock_state", lock_id) == []
    trailer = w.trailer_of[lock_id]
    phases = [a[2] for n, a in w.since(m, "trip") if a[0].trailer_id == trailer]
    assert phases[-3:] == ["arrived", "planned", "departed"]
    # Still sealed with the seal it came with: none issued, none applied.
    assert mine(w, m, "seal_issued", lock_id) == []
    assert mine(w, m, "seal_applied", lock_id) == []
    assert w.sim.trailer_state(lock_id)["seal_id"] == seal
    assert w.sim.trailer_state(lock_id)["seal"] == "applied"


def test_each_expiry_is_asked_again_then_the_driver_gives_up() -> None:
    w = World(n=20, accel=60.0)
    w.run(1.0)
    m = w.mark()
    lock_id = arriving(w)
    w.run(0.5)
    asked = []
    for _ in range(3):
        asked += w.answer_unlock_requests(UnlockRequestState.EXPIRED)
        w.run(0.5)
    assert len(asked) == 3
    assert len(set(asked)) == 3  # a new request each time
    assert [a[3] for a in mine(w, m, "unlock_request", lock_id)] == ["delivery"] * 3
    trailer = w.trailer_of[lock_id]
    assert [a[2] for n, a in w.since(m, "trip") if a[0].trailer_id == trailer][-1] == "planned"
    assert mine(w, m, "lock_state", lock_id) == []


def test_nobody_answering_at_all_does_not_hold_a_trailer_for_ever() -> None:
    w = World(n=20, accel=3600.0)
    w.run(1.0)
    m = w.mark()
    lock_id = arriving(w)
    w.run(4.0)  # four sim hours, not a word from the cloud
    assert len(mine(w, m, "unlock_request", lock_id)) == 1
    assert mine(w, m, "lock_state", lock_id) == []
    assert w.sim.trailer_state(lock_id)["phase"] != "awaiting_unlock"


def test_an_inspection_at_a_rest_stop_opens_only_once_approved_and_closes_again() -> None:
    w = World(n=20, accel=60.0)
    w.run(1.0)
    m = w.mark()
    lock_id = w.sim.inject_incident("inspection_request")
    w.run(2.0)  # two sim minutes
    [(_, _, _, reason)] = mine(w, m, "unlock_request", lock_id)
    assert reason == "inspection"
    assert mine(w, m, "lock_state", lock_id) == []
    w.answer_unlock_requests(UnlockRequestState.APPROVED)
    w.run(40.0)
    states = [(a[2], a[3]) for a in mine(w, m, "lock_state", lock_id)]
    assert states[:2] == [(LockState.UNLOCKED, "driver_app"), (LockState.LOCKED, "driver_app")]
    speeds = [a[4] for a in mine(w, m, "fix", lock_id)]
    assert speeds[0] == 0.0
    assert speeds[-1] > 0  # and drives on


def test_an_approval_reaches_an_offline_app_when_it_is_back() -> None:
    w = World(n=20, accel=60.0, app_delay_scale=0.01)
    w.run(1.0)
    m = w.mark()
    lock_id = arriving(w)
    w.run(0.5)
    driver = next(d.id for c in w.definition.carriers for d in c.drivers
                  if d.trailer_id == w.trailer_of[lock_id])
    w.sim.set_driver_app_online(driver, False)
    w.run(0.25)
    w.answer_unlock_requests(UnlockRequestState.APPROVED)
    w.run(2.0)
    assert mine(w, m, "lock_state", lock_id) == []  # the code has not reached the phone
    w.sim.set_driver_app_online(driver, True)
    w.run(2.0)
    assert [a[2] for a in mine(w, m, "lock_state", lock_id)] == [LockState.UNLOCKED]


class AnswersNothing:
    """A sink like bench/bench_sim.py's: every ``report_*`` call accepted, answered with None
    (no seal issued, no decision ever), and nothing else."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("report_"):
            return lambda *args, **kwargs: None
        raise AttributeError(name)


def test_a_sink_that_only_takes_reports_keeps_the_world_moving() -> None:
    definition = build_fleet(40, 3, CARRIERS)
    now = [T0]
    sim = FleetSimulator(definition, AnswersNothing(), seed=3, accel=3600.0,
                         incident_rate_per_trailer_hour=0.5, clock=lambda: now[0])
    sim.step(0.0)
    for _ in range(50):  # 50 sim hours
        now[0] += 1.0
        sim.step(1.0)
    trips = [int(sim.trailer_state(lock_id)["trip"]["id"].rsplit("-", 1)[1])
             for lock_id in sim.lock_ids]
    assert min(trips) >= 2  # every trailer went on after its stop: none stuck waiting
