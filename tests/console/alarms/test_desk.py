"""The alarm desk against a scripted cloud (an httpx MockTransport: fast, every answer chosen):
actions through the outbox, exactly once, in order; conflicts; refusals; escalation.
test_desk_cloud.py runs the desk against a real cloudsim over real sockets."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import QObject

from console.alarms.desk import NOTE_REQUIRED, AlarmDesk
from console.alarms.outbox import Outbox
from opticallock.protocol import ResolveOutcome
from tests.asyncqt import run, wait_until
from tests.console.alarms.alarm_data import (
    Clock,
    Signals,
    Wire,
    make_alarm,
    set_live,
    store_with,
)

# --------------------------------------------------------------------------- fixtures


@pytest.fixture
def outbox(tmp_path: Path) -> Iterator[Outbox]:
    with Outbox(tmp_path / "outbox.db") as box:
        yield box


def conflict_answer(by: str) -> Any:
    def answer(request: httpx.Request) -> httpx.Response:
        message = f"Already acknowledged by {by} at 2026-11-23 19:02:11 UTC."
        return httpx.Response(409, json={"error": "already_acknowledged", "message": message,
                                         "by": by, "at": 1_795_460_531.0})
    return answer


def error_answer(status: int, message: str) -> Any:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json={"error": "nope", "message": message})
    return answer


# --------------------------------------------------------------------------- with a fake cloud


def test_actions_typed_offline_go_in_order_one_at_a_time_once_live(
        owner: QObject, aloop: asyncio.AbstractEventLoop, outbox: Outbox) -> None:
    store, _feed = store_with(make_alarm("AL-1"), make_alarm("AL-2", lock=2, atype="gps_lost"),
                              parent=owner)
    desk = AlarmDesk(store, outbox, username="ana", parent=store)
    signals = Signals(desk)
    wire = Wire()
    client = wire.client()
    desk.set_client(client)  # signed in, but the stream is not live yet

    async def body() -> None:
        ack = desk.acknowledge("AL-1", "  Calling the driver  ")
        step = desk.tick_step("AL-1", "call_driver", "Call the driver", True)
        seen = desk.mark_seen("AL-2")
        resolve = desk.resolve("AL-2", ResolveOutcome.FALSE_ALARM, "GPS back")
        assert seen is not None
        assert desk.mark_seen("AL-2") is None  # once per alarm
        assert desk.acknowledge("AL-1", "again") is ack  # a second ack is the first one
        assert desk.pending_count() == 4
        assert [a.kind for a in desk.pending_for("AL-1")] == ["ack", "step"]
        await asyncio.sleep(0)  # one turn of the loop: a send started by mistake would show
        assert wire.requests == []  # nothing is sent while not live
        set_live(client)
        await wait_until(lambda: desk.pending_count() == 0, what="outbox drained")
        assert [p for p, _ in wire.requests] == ["/alarms/AL-1/ack", "/alarms/AL-1/steps",
                                                 "/alarms/AL-2/seen", "/alarms/AL-2/resolve"]
        bodies = [b for _, b in wire.requests]
        assert bodies[0] == {"request_id": ack.request_id, "note": "Calling the driver"}
        assert bodies[1] == {"request_id": step.request_id, "step_id": "call_driver",
                             "label": "Call the driver", "done": True}
        assert bodies[3] == {"request_id": resolve.request_id, "outcome": "false_alarm",
                             "note": "GPS back", "skipped": []}
        assert len({b["request_id"] for b in bodies}) == 4
        assert wire.most_in_flight == 1
        await client.close()

    run(aloop, body())
    desk.stop()
    assert signals.done == [("AL-1", "ack"), ("AL-1", "step"), ("AL-2", "seen"),
                            ("AL-2", "resolve")]
    assert outbox.all() == []


def test_a_network_failure_keeps_the_action_and_its_followers_pending_until_live_again(
        owner: QObject, aloop: asyncio.AbstractEventLoop, outbox: Outbox) -> None:
    store, _feed = store_with(make_alarm("AL-1"), parent=owner)
    desk = AlarmDesk(store, outbox, username="ana", parent=store)
    changes: list[int] = []
    desk.pendingChanged.connect(lambda: changes.append(desk.pending_count()))
    wire = Wire()
    client = wire.client()
    desk.set_client(client)

    async def body() -> None:
        set_live(client)  # the stream still looks live, but REST fails
        wire.down = True
        ack = desk.acknowledge("AL-1", "calling")
        desk.tick_step("AL-1", "call_driver", "Call the driver", True)
        await wait_until(lambda: desk.pending_for("AL-1")[0].attempts == 1)
        first = desk.pending_for("AL-1")
        assert [a.kind for a in first] == ["ack", "step"]
        assert first[0].last_error is not None
        assert "Cannot reach" in first[0].last_error
        assert first[1].attempts == 0  # the step waits behind the ack: order matters
        assert wire.requests == []

        desk.on_retry_timer()  # the 10 s retry, still down
        await wait_until(lambda: desk.pending_for("AL-1")[0].attempts == 2)

        wire.down = False
        set_live(client, False)
        set_live(client)  # the next live status sends
        await wait_until(lambda: desk.pending_count() == 0)
        assert wire.requests[0][1]["request_id"] == ack.request_id
        await client.close()

    run(aloop, body())
    desk.stop()
    assert changes[-1] == 0


def test_a_conflict_drops_the_action_says_who_and_the_next_action_goes(
        owner: QObject, aloop: asyncio.AbstractEventLoop, outbox: Outbox) -> None:
    store, _feed = store_with(make_alarm("AL-1"), make_alarm("AL-2", lock=2), parent=owner)
    desk = AlarmDesk(store, outbox, username="ben", parent=store)
    signals = Signals(desk)
    wire = Wire()
    wire.answers["ack"] = conflict_answer("ana")
    client = wire.client()
    desk.set_client(client)

    async def body() -> None:
        desk.acknowledge("AL-1", "me too")
        desk.tick_step("AL-2", "call_driver", "Call the driver", True)
        set_live(client)
        await wait_until(lambda: desk.pending_count() == 0)
        await client.close()

    run(aloop, body())
    desk.stop()
    assert signals.conflicts == [("AL-1",
                                  "Already acknowledged by ana at 2026-11-23 19:02:11 UTC.")]
    assert signals.done == [("AL-2", "step")]
    assert signals.failed == []


def test_other_refusals_drop_the_action_and_say_so_but_busy_is_retried(
        owner: QObject, aloop: asyncio.AbstractEventLoop, outbox: Outbox) -> None:
    store, _feed = store_with(make_alarm("AL-1", atype="battery_low"), parent=owner)
    desk = AlarmDesk(store, outbox, username="ana", parent=store)
    signals = Signals(desk)
    wire = Wire()
    client = wire.client()
    desk.set_client(client)

    async def body() -> None:
        set_live(client)
        wire.answers["ack"] = error_answer(404, "No alarm 'AL-1' for your carrier.")
        desk.acknowledge("AL-1", "")  # a blank note is fine on a medium alarm
        await wait_until(lambda: desk.pending_count() == 0)
        wire.answers["steps"] = error_answer(429, "Slow down.")
        desk.tick_step("AL-1", "check_trip_time", "Check the trip", True)
        await wait_until(lambda: len(wire.requests) == 2)
        await wait_until(lambda: desk.pending_for("AL-1")[0].attempts == 1)
        assert desk.pending_for("AL-1")[0].last_error == "HTTP 429: Slow down."
        await client.close()

    run(aloop, body())
    desk.stop()
    assert len(signals.failed) == 1
    alarm_id, message = signals.failed[0]
    assert alarm_id == "AL-1"
    assert "Acknowledgement" in message
    assert "No alarm 'AL-1' for your carrier." in message
    assert signals.conflicts == []


def test_a_critical_alarm_needs_a_note_to_be_acknowledged(owner: QObject, outbox: Outbox) -> None:
    store, _feed = store_with(make_alarm("AL-1"), parent=owner)
    desk = AlarmDesk(store, outbox, username="ana", parent=store)
    for blank in ("", "   \n"):
        with pytest.raises(ValueError, match=NOTE_REQUIRED):
            desk.acknowledge("AL-1", blank)
    with pytest.raises(ValueError, match="2000"):
        desk.acknowledge("AL-1", "x" * 2001)
    assert desk.pending_count() == 0
    assert NOTE_REQUIRED == "A note is required to acknowledge a critical alarm."
    desk.stop()


def test_pending_actions_survive_a_console_restart(
        owner: QObject, aloop: asyncio.AbstractEventLoop, tmp_path: Path) -> None:
    store, _feed = store_with(make_alarm("AL-1"), parent=owner)
    with Outbox(tmp_path / "o.db") as first:
        desk = AlarmDesk(store, first, username="ana", parent=store)
        ack = desk.acknowledge("AL-1", "calling")  # no client: stays pending
        desk.stop()
    wire = Wire()
    client = wire.client()
    with Outbox(tmp_path / "o.db") as second:
        desk = AlarmDesk(store, second, username="ana", parent=store)
        assert [a.request_id for a in desk.pending_for("AL-1")] == [ack.request_id]

        async def body() -> None:
            desk.set_client(client)
            set_live(client)
            await wait_until(lambda: desk.pending_count() == 0)
            await client.close()

        run(aloop, body())
        desk.stop()
    assert wire.requests == [("/alarms/AL-1/ack", {"request_id": ack.request_id,
                                                   "note": "calling"})]


def test_a_colleagues_unsent_action_is_never_sent_in_my_name(
        owner: QObject, aloop: asyncio.AbstractEventLoop, outbox: Outbox) -> None:
    store, _feed = store_with(make_alarm("AL-1"), parent=owner)
    ana = AlarmDesk(store, outbox, username="ana", parent=store)
    ana.acknowledge("AL-1", "typed by ana before her shift ended")  # offline: stays pending
    ana.stop()
    ben = AlarmDesk(store, outbox, username="ben", parent=store)
    assert (ben.pending_count(), ben.pending_for("AL-1")) == (0, [])
    wire = Wire()
    client = wire.client()

    async def body() -> None:
        ben.set_client(client)
        set_live(client)
        ben.tick_step("AL-1", "call_driver", "Call the driver", True)
        await wait_until(lambda: ben.pending_count() == 0)
        await client.close()

    run(aloop, body())
    ben.stop()
    assert [p for p, _ in wire.requests] == ["/alarms/AL-1/steps"]
    assert [(a.kind, a.username) for a in outbox.all()] == [("ack", "ana")]


def test_escalation_levels_follow_the_injected_clock(owner: QObject, outbox: Outbox) -> None:
    crit = make_alarm("AL-CRIT", raised_at=1000.0)
    store, feed = store_with(crit, make_alarm("AL-HIGH", lock=2, atype="fiber_degraded",
                                              raised_at=900.0),
                             make_alarm("AL-ACKED", lock=3, atype="forced_entry", raised_at=800.0,
                                        state="acknowledged", acknowledged_by="ben",
                                        acknowledged_at=810.0), parent=owner)
    clock = Clock(1000.0)
    desk = AlarmDesk(store, outbox, username="ana", parent=store, clock=clock,
                     escalate_after_s=60.0, max_level=2)
    signals = Signals(desk)
    clock.now = 1059.0
    desk.check_escalations()
    assert signals.escalated == []
    clock.now = 1061.0
    desk.check_escalations()
    desk.check_escalations()
    assert signals.escalated == [("AL-CRIT", 1)]  # once; high and acknowledged never
    [action] = desk.pending_for("AL-CRIT")
    assert action.kind == "escalate"
    assert action.body["level"] == 1
    assert "1 min" in action.body["reason"]
    clock.now = 1000.0 + 600
    desk.check_escalations()
    assert signals.escalated == [("AL-CRIT", 1), ("AL-CRIT", 2)]  # capped at max_level
    # The cloud's record coming back through the stream announces nothing twice.
    feed.escalate(crit, 1, by="ana", at=1061.0)
    feed.escalate(crit, 2, by="ana", at=1600.0)
    assert signals.escalated == [("AL-CRIT", 1), ("AL-CRIT", 2)]
    assert desk.unacknowledged_count() == 2
    desk.stop()


def test_a_console_that_was_away_jumps_to_the_level_due_and_a_pending_ack_stops_it(
        owner: QObject, outbox: Outbox) -> None:
    store, _feed = store_with(make_alarm("AL-1", raised_at=1000.0),
                              make_alarm("AL-2", lock=2, raised_at=1000.0), parent=owner)
    clock = Clock(1000.0 + 130)
    desk = AlarmDesk(store, outbox, username="ana", parent=store, clock=clock,
                     escalate_after_s=60.0)
    signals = Signals(desk)
    desk.acknowledge("AL-2", "on the phone with the driver")  # pending: no client
    desk.check_escalations()
    assert signals.escalated == [("AL-1", 2)]  # one banner at level 2, not 1 then 2
    desk.stop()


def test_escalations_recorded_by_another_console_are_announced_once(
        owner: QObject, outbox: Outbox) -> None:
    crit = make_alarm("AL-1", raised_at=1000.0)
    store, feed = store_with(crit, parent=owner)
    desk = AlarmDesk(store, outbox, username="ana", parent=store, clock=Clock(1000.0),
                     escalate_after_s=60.0)
    signals = Signals(desk)
    feed.escalate(crit, 1, by="ben", at=1061.0)
    feed.escalate(crit, 1, by="carla", at=1062.0)
    assert signals.escalated == [("AL-1", 1)]
    desk.check_escalations()  # our clock says nothing is due
    assert signals.escalated == [("AL-1", 1)]
    desk.stop()
