"""The alarm desk: actions through the outbox, exactly once, in order; conflicts; escalation.

The first half plays the cloud with an httpx MockTransport (fast, every answer scripted); the
second half runs a real cloudsim over real sockets, stops and restarts it, and checks what the
server logged.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import shiboken6
from PySide6.QtCore import QObject

from cloudsim.server import EmbeddedCloud, start_embedded
from console.alarms.action_plans import load_action_plans
from console.alarms.desk import NOTE_REQUIRED, AlarmDesk
from console.alarms.handover import build_handover
from console.alarms.models import AlarmColumn, AlarmQueueModel
from console.alarms.outbox import Outbox
from console.fleet.store import FleetStore
from console.link.client import CloudClient
from opticallock.gazetteer import where_text
from opticallock.protocol import Alarm, AlarmState, AlarmType, ResolveOutcome
from tests.asyncqt import run, wait_signal, wait_until
from tests.console.alarms.alarm_data import Clock, Wire, make_alarm, set_live, store_with

# --------------------------------------------------------------------------- fixtures


@pytest.fixture
def outbox(tmp_path: Path) -> Iterator[Outbox]:
    with Outbox(tmp_path / "outbox.db") as box:
        yield box


class Signals:
    """Every signal the desk emitted, in order."""

    def __init__(self, desk: AlarmDesk) -> None:
        self.done: list[tuple[str, str]] = []
        self.conflicts: list[tuple[str, str]] = []
        self.failed: list[tuple[str, str]] = []
        self.escalated: list[tuple[str, int]] = []
        desk.actionDone.connect(lambda a, k: self.done.append((a, k)))
        desk.conflict.connect(lambda a, m: self.conflicts.append((a, m)))
        desk.actionFailed.connect(lambda a, m: self.failed.append((a, m)))
        desk.escalated.connect(lambda a, lv: self.escalated.append((a, lv)))


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
                             "note": "GPS back"}
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


# --------------------------------------------------------------------------- with a real cloud

USERS: list[tuple[str, str, str | None]] = [("ana", "pw1", None), ("ben", "pw2", None)]
PASSWORDS = {u: p for u, p, _ in USERS}


@pytest.fixture
def cloud(tmp_path: Path) -> Iterator[EmbeddedCloud]:
    instance = start_embedded(tmp_path / "cloud", locks=30, seed=5, users=USERS,
                              incident_rate=0.0, fix_interval_s=0.5, sample_interval_s=1.0)
    yield instance
    instance.stop()


def fast_backoff() -> Iterator[float]:
    while True:
        yield 0.05


class Console:
    """One dispatcher's console: client, store, outbox and desk, wired as main.py wires them.

    Every QObject hangs off ``root``, which :meth:`dispose` deletes on the main thread: the test
    stops and restarts cloudsim from worker threads, and a Qt object with timers must never be
    freed there by the garbage collector.
    """

    def __init__(self, cloud: EmbeddedCloud, tmp_path: Path, user: str, **desk_kw: Any) -> None:
        self.user = user
        self.root = QObject()
        self.client = CloudClient(cloud.url, backoff_factory=fast_backoff,
                                  http=desk_kw.pop("http", None), parent=self.root)
        self.store = FleetStore(coalesce_ms=20, parent=self.root)
        self.client.snapshotLoaded.connect(self.store.load_snapshot)
        self.client.eventsReceived.connect(self.store.apply_events)
        self.outbox = Outbox(tmp_path / f"outbox-{user}.db")
        self.desk = AlarmDesk(self.store, self.outbox, username=user, parent=self.root,
                              **desk_kw)
        self.desk.set_client(self.client)
        self.signals = Signals(self.desk)
        self._closed = False

    def queue_model(self) -> AlarmQueueModel:
        return AlarmQueueModel(self.store, self.desk, parent=self.root)

    async def start(self) -> None:
        await self.client.sign_in(self.user, PASSWORDS[self.user])
        self.client.start(None)
        await wait_until(lambda: self.client.status.live and self.store.state is not None,
                         what=f"{self.user} live")

    def alarm(self, alarm_id: str) -> Alarm | None:
        assert self.store.state is not None
        return self.store.state.alarms.get(alarm_id)

    async def wait_alarm(self, lock_id: str, atype: str = "fiber_cut") -> Alarm:
        def find() -> Alarm | None:
            assert self.store.state is not None
            return next((a for a in self.store.state.alarms.values()
                         if a.lock_id == lock_id and a.type == atype), None)

        await wait_until(lambda: find() is not None, what=f"{atype} alarm on {lock_id}")
        alarm = find()
        assert alarm is not None
        return alarm

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.desk.stop()
        await self.client.close()
        self.outbox.close()

    def dispose(self, loop: asyncio.AbstractEventLoop) -> None:
        loop.run_until_complete(self.close())
        if shiboken6.isValid(self.root):
            shiboken6.delete(self.root)


@pytest.fixture
def console(cloud: EmbeddedCloud, tmp_path: Path, aloop: asyncio.AbstractEventLoop
            ) -> Iterator[Callable[..., Console]]:
    """Make dispatcher consoles; each is closed and deleted when the test ends."""
    made: list[Console] = []

    def make(user: str, **desk_kw: Any) -> Console:
        made.append(Console(cloud, tmp_path, user, **desk_kw))
        return made[-1]

    yield make
    for one in made:
        one.dispose(aloop)


def inject(cloud: EmbeddedCloud, kind: str = "fiber_cut", lock_id: str | None = None) -> str:
    assert cloud.cloud is not None
    sim = cloud.cloud.sim
    return cloud.call(lambda: sim.inject_incident(kind, lock_id))


def server_alarm(cloud: EmbeddedCloud, alarm_id: str) -> Alarm | None:
    assert cloud.cloud is not None
    return cloud.cloud.service.logs["frontera"].state.alarms.get(alarm_id)


def server_events(cloud: EmbeddedCloud, alarm_id: str) -> list[Any]:
    assert cloud.cloud is not None
    clog = cloud.cloud.service.logs["frontera"]
    return cloud.call(lambda: clog.alarm_events(alarm_id))


def test_acknowledge_with_a_note_reaches_the_cloud_and_every_console(
        cloud: EmbeddedCloud, console: Callable[..., Console], tmp_path: Path,
        aloop: asyncio.AbstractEventLoop) -> None:
    ana = console("ana")

    async def body() -> None:
        await ana.start()
        alarm = await ana.wait_alarm(inject(cloud))
        assert alarm.state is AlarmState.OPEN
        assert ana.desk.unacknowledged_count() == 1
        with pytest.raises(ValueError, match=NOTE_REQUIRED):
            ana.desk.acknowledge(alarm.id, " ")
        ana.desk.acknowledge(alarm.id, "Driver called, at rest area, checking seal")
        await wait_signal(ana.desk.actionDone, lambda a, k: (a, k) == (alarm.id, "ack"))
        on_server = server_alarm(cloud, alarm.id)
        assert on_server is not None
        assert on_server.state is AlarmState.ACKNOWLEDGED
        assert on_server.acknowledged_by == "ana"
        assert on_server.ack_note == "Driver called, at rest area, checking seal"
        await wait_until(lambda: ana.alarm(alarm.id).state is AlarmState.ACKNOWLEDGED,
                         what="the stream brings the ack back")
        assert ana.desk.unacknowledged_count() == 0
        assert ana.desk.pending_count() == 0
        await ana.close()

    run(aloop, body())


def test_the_second_dispatcher_is_told_who_acknowledged_first(
        cloud: EmbeddedCloud, console: Callable[..., Console], tmp_path: Path,
        aloop: asyncio.AbstractEventLoop) -> None:
    ana = console("ana")
    ben = console("ben")

    async def body() -> str:
        await ana.start()
        await ben.start()
        lock_id = inject(cloud)
        alarm = await ana.wait_alarm(lock_id)
        await ben.wait_alarm(lock_id)
        ana.desk.acknowledge(alarm.id, "I have it")
        await wait_signal(ana.desk.actionDone)
        ben.desk.acknowledge(alarm.id, "me too")
        alarm_id, message = await wait_signal(ben.desk.conflict)
        assert alarm_id == alarm.id
        assert "ana" in message
        assert message.startswith("Already acknowledged by ana at ")
        assert ben.desk.pending_count() == 0
        assert ben.signals.failed == []
        await ana.close()
        await ben.close()
        return alarm.id

    alarm_id = run(aloop, body())
    acks = [e for e in server_events(cloud, alarm_id) if e.type == "alarm_acknowledged"]
    assert [e.by for e in acks] == ["ana"]


def test_an_ack_typed_while_the_cloud_is_down_is_delivered_once_after_restart(
        cloud: EmbeddedCloud, console: Callable[..., Console], tmp_path: Path,
        aloop: asyncio.AbstractEventLoop) -> None:
    ana = console("ana")
    model = ana.queue_model()

    async def body() -> str:
        await ana.start()
        alarm = await ana.wait_alarm(inject(cloud))
        await asyncio.to_thread(cloud.stop)
        await wait_until(lambda: not ana.client.status.live, what="the console notices")
        ana.desk.acknowledge(alarm.id, "Called driver from my mobile")
        ana.desk.on_retry_timer()  # the 10 s retry while down sends nothing
        assert [a.kind for a in ana.desk.pending_for(alarm.id)] == ["ack"]
        row = model.row_of(alarm.id)
        assert row is not None
        assert model.index(row, AlarmColumn.STATE).data() == "ack pending…"
        await asyncio.to_thread(cloud.restart)
        await wait_until(lambda: ana.desk.pending_count() == 0, what="delivered after restart")
        await wait_until(lambda: ana.alarm(alarm.id).state is AlarmState.ACKNOWLEDGED)
        assert model.index(model.row_of(alarm.id), AlarmColumn.STATE).data() == \
            "Acknowledged by ana"
        await ana.close()
        return alarm.id

    alarm_id = run(aloop, body())
    acks = [e for e in server_events(cloud, alarm_id) if e.type == "alarm_acknowledged"]
    assert len(acks) == 1
    assert acks[0].note == "Called driver from my mobile"


class LoseFirstAnswer(httpx.AsyncBaseTransport):
    """Delivers the first acknowledgement to the server but loses its answer on the way back,
    as a dropped mobile link does."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.lost = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.url.path.endswith("/ack") and not self.lost:
            self.lost += 1
            await response.aread()
            await response.aclose()
            raise httpx.ReadError("connection reset by peer", request=request)
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


def test_a_lost_answer_is_retried_with_the_same_request_id_and_acts_once(
        cloud: EmbeddedCloud, console: Callable[..., Console], tmp_path: Path,
        aloop: asyncio.AbstractEventLoop) -> None:
    transport = LoseFirstAnswer()
    ana = console("ana", http=httpx.AsyncClient(transport=transport))

    async def body() -> str:
        await ana.start()
        alarm = await ana.wait_alarm(inject(cloud))
        action = ana.desk.acknowledge(alarm.id, "Seal photo received, intact")
        await wait_until(lambda: ana.desk.pending_for(alarm.id)[0].attempts == 1)
        assert transport.lost == 1
        # The server did act; the console does not know yet and keeps the action.
        await wait_until(lambda: ana.alarm(alarm.id).state is AlarmState.ACKNOWLEDGED)
        assert ana.desk.pending_for(alarm.id)[0].request_id == action.request_id
        ana.desk.on_retry_timer()
        await wait_until(lambda: ana.desk.pending_count() == 0)
        assert ana.signals.conflicts == []  # the retry is the same request, not a second ack
        assert ana.signals.done == [(alarm.id, "ack")]
        await ana.close()
        return alarm.id

    alarm_id = run(aloop, body())
    acks = [e for e in server_events(cloud, alarm_id) if e.type == "alarm_acknowledged"]
    assert len(acks) == 1


def test_repeats_of_the_same_incident_are_one_alarm_counted_twice(
        cloud: EmbeddedCloud, console: Callable[..., Console], tmp_path: Path,
        aloop: asyncio.AbstractEventLoop) -> None:
    ana = console("ana")
    model = ana.queue_model()

    async def body() -> None:
        await ana.start()
        lock_id = inject(cloud)
        alarm = await ana.wait_alarm(lock_id)
        inject(cloud, "fiber_cut", lock_id)
        await wait_until(lambda: ana.alarm(alarm.id).count == 2, what="the repeat")
        assert ana.store.open_alarms_of(lock_id) == [ana.alarm(alarm.id)]
        await wait_until(lambda: model.row_of(alarm.id) is not None
                         and "×2" in model.index(model.row_of(alarm.id),
                                                 AlarmColumn.ALARM).data())
        assert model.index(model.row_of(alarm.id), AlarmColumn.ALARM).data() == \
            "Fiber seal cut ×2"
        assert model.rowCount() == 1
        await ana.close()

    run(aloop, body())


def test_an_unacknowledged_critical_alarm_escalates_on_time_and_the_cloud_records_it(
        cloud: EmbeddedCloud, console: Callable[..., Console], tmp_path: Path,
        aloop: asyncio.AbstractEventLoop) -> None:
    clock = Clock(time.time())
    ana = console("ana", clock=clock, escalate_after_s=60.0)

    async def body() -> None:
        await ana.start()
        alarm = await ana.wait_alarm(inject(cloud))
        clock.now = alarm.raised_at + 59.0
        ana.desk.check_escalations()
        assert ana.signals.escalated == []
        clock.now = alarm.raised_at + 61.0
        ana.desk.check_escalations()
        assert ana.signals.escalated == [(alarm.id, 1)]  # at once, before the cloud answers
        await wait_until(lambda: (server_alarm(cloud, alarm.id) or alarm).escalation_level == 1,
                         what="the cloud records level 1")
        await wait_until(lambda: ana.alarm(alarm.id).escalation_level == 1)
        ana.desk.check_escalations()
        assert ana.signals.escalated == [(alarm.id, 1)]
        escalations = [e for e in server_events(cloud, alarm.id) if e.type == "alarm_escalated"]
        assert [(e.level, e.by) for e in escalations] == [(1, "ana")]
        await ana.close()

    run(aloop, body())


def test_ticked_steps_are_stored_and_the_audit_trail_lists_them_in_order(
        cloud: EmbeddedCloud, console: Callable[..., Console], tmp_path: Path,
        aloop: asyncio.AbstractEventLoop) -> None:
    ana = console("ana")
    plan = load_action_plans()[AlarmType.FIBER_CUT]
    first, second = plan.steps[0], plan.steps[1]

    async def body() -> None:
        await ana.start()
        alarm = await ana.wait_alarm(inject(cloud))
        ana.desk.acknowledge(alarm.id, "Calling the driver")
        ana.desk.tick_step(alarm.id, first.step_id, first.label, True)
        ana.desk.tick_step(alarm.id, second.step_id, second.label, True)
        ana.desk.tick_step(alarm.id, second.step_id, second.label, False)
        await wait_until(lambda: ana.desk.pending_count() == 0)
        on_server = server_alarm(cloud, alarm.id)
        assert on_server is not None
        assert [(s.step_id, s.done, s.by) for s in on_server.steps] == [
            (first.step_id, True, "ana"), (second.step_id, False, "ana")]
        await wait_until(lambda: len(ana.alarm(alarm.id).steps) == 2
                         and not ana.alarm(alarm.id).steps[1].done)
        audit = await ana.desk.audit(alarm.id)
        assert audit.alarm.id == alarm.id
        assert [e.type for e in audit.events] == ["alarm_raised", "alarm_acknowledged",
                                                  "alarm_step", "alarm_step", "alarm_step"]
        assert [e.step.step_id for e in audit.events if e.type == "alarm_step"] == [
            first.step_id, second.step_id, second.step_id]
        seqs = [e.seq for e in audit.events]
        assert seqs == sorted(seqs)
        with pytest.raises(LookupError):
            await ana.desk.audit("AL-NOSUCH")
        await ana.close()

    run(aloop, body())


def test_the_handover_report_lists_the_shift_and_escapes_what_people_typed(
        cloud: EmbeddedCloud, console: Callable[..., Console], tmp_path: Path,
        aloop: asyncio.AbstractEventLoop) -> None:
    ana = console("ana")
    plans = load_action_plans()
    shift_start = time.time() - 1.0
    evil = "Driver says <script>alert('x')</script> & the seal is fine"

    async def body() -> Any:
        await ana.start()
        acked = await ana.wait_alarm(inject(cloud))
        ana.desk.acknowledge(acked.id, evil)
        ana.desk.tick_step(acked.id, "call_driver", "Call the driver", True)
        closed = await ana.wait_alarm(inject(cloud, "forced_entry"), "forced_entry")
        ana.desk.acknowledge(closed.id, "Police on site")
        ana.desk.resolve(closed.id, ResolveOutcome.POLICE_NOTIFIED, "Report 2026-118")
        still_open = await ana.wait_alarm(inject(cloud))
        await wait_until(lambda: ana.desk.pending_count() == 0)
        await wait_until(lambda: ana.alarm(acked.id).ack_note == evil
                         and len(ana.alarm(acked.id).steps) == 1
                         and ana.alarm(closed.id) is None)
        resolved = await ana.desk.fetch_resolved(shift_start)
        assert [a.id for a in resolved] == [closed.id]
        report = build_handover(ana.store, ana.desk, shift_start, time.time(), resolved,
                                plans=plans)
        await ana.close()
        return report, acked, closed, still_open

    report, acked, closed, still_open = run(aloop, body())
    assert [i.alarm.id for i in report.open] == [still_open.id]
    assert [i.alarm.id for i in report.acknowledged] == [acked.id]
    assert [i.alarm.id for i in report.resolved] == [closed.id]
    item = report.acknowledged[0]
    assert item.where == where_text(acked.position)
    assert [s.step_id for s in item.steps_done] == ["call_driver"]
    todo = [s.step_id for s in item.steps_todo]
    assert todo == [s.step_id for s in plans[AlarmType.FIBER_CUT].steps][1:]

    page = report.to_html()
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; the seal is fine" in page
    for text in (acked.id, closed.id, still_open.id, "Report 2026-118", "police notified",
                 "Notify carrier security", "File the seal incident report"):
        assert text in page, text
    # The acknowledged section holds the alarm, its note, what is done and what is still to do.
    section = page[page.index("Acknowledged — still"):page.index("Resolved this shift")]
    for text in (acked.id, "&lt;script&gt;", "Still to do", "Notify carrier security",
                 "Call the driver — ana", item.where):
        assert text in section, text
    assert "Call the driver</li>" not in section  # done, so not among the steps to do

    markdown = report.to_markdown()
    assert "<script>" not in markdown
    assert "- [x] Call the driver" in markdown
    assert "- [ ] Notify carrier security" in markdown
    assert acked.id in markdown
    assert "Report 2026-118" in markdown

    pdf = tmp_path / "handover.pdf"
    report.write_pdf(pdf)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(data) > 1000
