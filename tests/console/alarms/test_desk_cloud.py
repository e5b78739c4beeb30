"""The alarm desk against a real cloudsim over real sockets: acknowledgements reach every
console, a second dispatcher learns who was first, actions typed while the cloud is down are
delivered once after its restart, lost answers are retried with the same request_id, and the
cloud's own log is checked."""

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
from tests.console.alarms.alarm_data import (
    Clock,
    Signals,
)

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
        # Acknowledging an unowned alarm also makes ana its owner (issue 16): that event is
        # another test's business.
        assert [e.type for e in audit.events if e.type != "alarm_owner"] == [
            "alarm_raised", "alarm_acknowledged", "alarm_step", "alarm_step", "alarm_step"]
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
    for text in (acked.id, closed.id, still_open.id, "Report 2026-118", "Police notified",
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
