"""Contacting drivers against a real cloudsim over real sockets: a message sent from an alarm is
delivered, read and answered live, and the alarm's audit trail has it all; a send while the
cloud is down fails visibly and its retry goes out once; a lost answer is not sent twice; an
offline driver app is a failure, not a "sent"; calls build their URL from the template and their
outcome goes on the alarm's record, retried by itself if the cloud was down."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QObject

from cloudsim.server import EmbeddedCloud, start_embedded
from console.alarms.desk import AlarmDesk
from console.alarms.outbox import Outbox
from console.contacts.messaging import ConversationEntry, EntryStatus, Messenger
from console.contacts.outbox import INTERRUPTED, ContactOutbox, ContactState
from console.fleet.store import FleetStore
from console.link.api import CloudApi
from console.link.client import CloudClient
from opticallock.protocol import Alarm, CallOutcome, Driver, Language
from tests.asyncqt import run, wait_signal, wait_until

USERS: list[tuple[str, str, str | None]] = [("ana", "pw1", None), ("ben", "pw2", None)]
PASSWORDS = {u: p for u, p, _ in USERS}
SOFTPHONE = "https://softphone.example/dial?to={phone}&ref=opticallock"


@pytest.fixture
def cloud(tmp_path: Path) -> Iterator[EmbeddedCloud]:
    # Drivers always answer here, and their apps are 20 times quicker than people.
    instance = start_embedded(tmp_path / "cloud", locks=30, seed=5, users=USERS,
                              incident_rate=0.0, fix_interval_s=0.5, sample_interval_s=1.0,
                              reply_probability=1.0, app_delay_scale=0.05)
    yield instance
    instance.stop()


def fast_backoff() -> Iterator[float]:
    while True:
        yield 0.05


class Console:
    """One dispatcher's console: client, store, the alarm desk (for audit trails) and the
    messenger, all under ``root`` (deleted on the main thread; see tests/console/conftest.py)."""

    def __init__(self, cloud: EmbeddedCloud, tmp_path: Path, user: str,
                 http: httpx.AsyncClient | None = None, template: str = "tel:{phone}") -> None:
        self.user = user
        self.root = QObject()
        self.client = CloudClient(cloud.url, backoff_factory=fast_backoff, http=http,
                                  parent=self.root)
        self.store = FleetStore(coalesce_ms=20, parent=self.root)
        self.client.snapshotLoaded.connect(self.store.load_snapshot)
        self.client.eventsReceived.connect(self.store.apply_events)
        self.outbox = Outbox(tmp_path / f"outbox-{user}.db")
        self.contacts = ContactOutbox(tmp_path / f"contacts-{user}.db")
        self.desk = AlarmDesk(self.store, self.outbox, username=user, parent=self.root)
        self.desk.set_client(self.client)
        self.messenger = Messenger(self.store, self.contacts, username=user,
                                   call_url_template=template, parent=self.root)
        self.messenger.set_client(self.client)
        self.sent: list[tuple[str, str]] = []
        self.failed: list[tuple[str, str, str]] = []
        self.replies: list[tuple[str, str]] = []
        self.calls: list[tuple[str, str]] = []
        self.messenger.messageSent.connect(lambda d, m: self.sent.append((d, m)))
        self.messenger.messageFailed.connect(lambda d, r, why: self.failed.append((d, r, why)))
        self.messenger.replyReceived.connect(lambda d, m: self.replies.append((d, m)))
        self.messenger.callRecorded.connect(lambda d, c: self.calls.append((d, c)))
        self._closed = False

    async def start(self) -> None:
        await self.client.sign_in(self.user, PASSWORDS[self.user])
        self.client.start(None)
        await wait_until(lambda: self.client.status.live and self.store.state is not None,
                         what=f"{self.user} live")

    def driver(self, language: Language | None = None) -> Driver:
        """A driver with a trailer and the app online (of a language, if asked)."""
        assert self.store.state is not None
        return next(d for d in sorted(self.store.state.drivers.values(), key=lambda d: d.id)
                    if d.app_online and d.trailer_id
                    and (language is None or d.language is language))

    async def alarm_for(self, cloud: EmbeddedCloud, driver: Driver) -> Alarm:
        trailer = self.store.trailer(driver.trailer_id or "")
        assert trailer is not None
        assert cloud.cloud is not None
        sim = cloud.cloud.sim
        cloud.call(lambda: sim.inject_incident("fiber_cut", trailer.lock_id))

        def find() -> Alarm | None:
            assert self.store.state is not None
            return next((a for a in self.store.state.alarms.values()
                         if a.lock_id == trailer.lock_id), None)

        await wait_until(lambda: find() is not None, what="the alarm")
        alarm = find()
        assert alarm is not None
        return alarm

    def thread(self, driver_id: str) -> list[ConversationEntry]:
        return self.messenger.conversation(driver_id)

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.messenger.stop()
        self.desk.stop()
        await self.client.close()
        self.outbox.close()
        self.contacts.close()

    def dispose(self, loop: asyncio.AbstractEventLoop) -> None:
        loop.run_until_complete(self.close())
        if shiboken6.isValid(self.root):
            shiboken6.delete(self.root)


@pytest.fixture
def console(cloud: EmbeddedCloud, tmp_path: Path, aloop: asyncio.AbstractEventLoop
            ) -> Iterator[Callable[..., Console]]:
    made: list[Console] = []

    def make(user: str = "ana", **kw: Any) -> Console:
        made.append(Console(cloud, tmp_path, user, **kw))
        return made[-1]

    yield make
    for one in made:
        one.dispose(aloop)


def server_messages(cloud: EmbeddedCloud, driver_id: str) -> list[Any]:
    assert cloud.cloud is not None
    service = cloud.cloud.service
    rows = cloud.call(lambda: service.db.all(
        "SELECT body FROM messages WHERE driver_id = ? ORDER BY created_at", (driver_id,)))
    return [r[0] for r in rows]


def server_calls(cloud: EmbeddedCloud, driver_id: str) -> list[Any]:
    assert cloud.cloud is not None
    service = cloud.cloud.service
    return cloud.call(lambda: service.db.all("SELECT body FROM calls WHERE driver_id = ?",
                                             (driver_id,)))


# --------------------------------------------------------------------------- messages


def test_a_message_from_an_alarm_is_delivered_read_answered_and_in_the_audit_trail(
        cloud: EmbeddedCloud, console: Callable[..., Console],
        aloop: asyncio.AbstractEventLoop) -> None:
    ana = console()
    text = "Confirme que el sello del remolque está intacto."

    async def body() -> None:
        await ana.start()
        driver = ana.driver(Language.ES)
        alarm = await ana.alarm_for(cloud, driver)
        await ana.messenger.load(driver.id)
        assert ana.thread(driver.id) == []
        seen: list[list[str]] = []
        ana.messenger.conversationChanged.connect(
            lambda d: seen.append([e.status.value for e in ana.thread(d)]))

        item = ana.messenger.send(driver.id, text, alarm_id=alarm.id)
        [first] = ana.thread(driver.id)
        assert (first.status, first.text, first.alarm_id, first.key) == \
            (EntryStatus.SENDING, text, alarm.id, item.request_id)

        await wait_until(lambda: len(ana.thread(driver.id)) == 2
                         and ana.thread(driver.id)[1].status is EntryStatus.RECEIVED,
                         what="the driver's reply")
        sent, reply = ana.thread(driver.id)
        assert (sent.status, sent.outgoing, sent.by, sent.alarm_id, sent.request_id) == \
            (EntryStatus.READ, True, "ana", alarm.id, item.request_id)
        assert sent.key.startswith("MSG-")
        assert (reply.outgoing, reply.reply_to, reply.alarm_id) == (False, sent.key, alarm.id)
        assert reply.at >= sent.at
        # The ticks moved forward one by one, and never through "failed".
        firsts = [s[0] for s in seen if s]
        assert "failed" not in firsts
        ordered = [s for i, s in enumerate(firsts) if i == 0 or s != firsts[i - 1]]
        assert ordered == ["sending", "sent", "delivered", "read"]
        assert ana.sent == [(driver.id, sent.key)]
        assert ana.replies == [(driver.id, reply.key)]
        assert ana.contacts.all() == []

        audit = await ana.desk.audit(alarm.id)
        trail = [(e.type, getattr(getattr(e, "message", None), "status", None))
                 for e in audit.events]
        assert trail == [("alarm_raised", None), ("driver_message", "sent"),
                         ("driver_message", "delivered"), ("driver_message", "read"),
                         ("driver_message", "reply")]
        assert audit.events[-1].message.text == reply.text

        # A colleague opening the conversation later loads the same thread over REST.
        ben = console("ben")
        await ben.start()
        await ben.messenger.load(driver.id)
        assert [(e.key, e.status) for e in ben.thread(driver.id)] == \
            [(sent.key, EntryStatus.READ), (reply.key, EntryStatus.RECEIVED)]

    run(aloop, body())


def test_a_send_while_the_cloud_is_down_fails_visibly_and_its_retry_goes_out_once(
        cloud: EmbeddedCloud, console: Callable[..., Console],
        aloop: asyncio.AbstractEventLoop) -> None:
    ana = console()

    async def body() -> None:
        await ana.start()
        driver = ana.driver()
        await asyncio.to_thread(cloud.stop)
        await wait_until(lambda: not ana.client.status.live, what="the console notices")
        item = ana.messenger.send(driver.id, "Stop at the nearest safe location and call "
                                             "dispatch.")
        driver_id, request_id, reason = await wait_signal(ana.messenger.messageFailed)
        assert (driver_id, request_id) == (driver.id, item.request_id)
        assert "not sent" in reason
        assert "Cannot reach" in reason
        [entry] = ana.thread(driver.id)
        assert (entry.status, entry.error, entry.local) == (EntryStatus.FAILED, reason, True)
        assert ana.sent == []  # never shown as sent
        # Failed messages are never resent by themselves, not even once the link is back.
        await asyncio.to_thread(cloud.restart)
        await wait_until(lambda: ana.client.status.live, what="live again")
        ana.messenger.retry_call_records()  # what the live status and the 10 s timer call
        assert ana.thread(driver.id)[0].status is EntryStatus.FAILED  # a resend would show now
        assert server_messages(cloud, driver.id) == []

        assert ana.messenger.retry(item.request_id)
        assert ana.thread(driver.id)[0].status is EntryStatus.SENDING
        await wait_until(lambda: ana.sent, what="accepted on retry")
        await wait_until(lambda: ana.thread(driver.id)[0].status in (
            EntryStatus.DELIVERED, EntryStatus.READ))
        assert [e.request_id for e in ana.thread(driver.id) if e.outgoing] == [item.request_id]
        assert not ana.messenger.retry(item.request_id)  # nothing left to retry
        assert len(server_messages(cloud, driver.id)) == 1
        assert ana.contacts.all() == []

    run(aloop, body())


class LoseFirstAnswer(httpx.AsyncBaseTransport):
    """Delivers the first message to the cloud but loses the answer on the way back."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.lost = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.method == "POST" and request.url.path.endswith("/messages") \
                and not self.lost:
            self.lost += 1
            await response.aread()
            await response.aclose()
            raise httpx.ReadError("connection reset by peer", request=request)
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


def test_a_lost_answer_is_never_sent_twice_and_the_stream_shows_it_was_sent(
        cloud: EmbeddedCloud, console: Callable[..., Console],
        aloop: asyncio.AbstractEventLoop) -> None:
    transport = LoseFirstAnswer()
    ana = console(http=httpx.AsyncClient(transport=transport))

    async def body() -> None:
        await ana.start()
        driver = ana.driver()
        item = ana.messenger.send(driver.id, "Confirm the seal is intact.")
        # The cloud has it; the stream says so even though the POST's answer was lost.
        await wait_until(lambda: [e.status for e in ana.thread(driver.id)][:1]
                         in ([EntryStatus.DELIVERED], [EntryStatus.READ]),
                         what="the cloud's copy replaces the local one")
        assert transport.lost == 1
        assert [e.request_id for e in ana.thread(driver.id) if e.outgoing] == [item.request_id]
        assert [d for d, _m in ana.sent] == [driver.id]
        assert not ana.messenger.retry(item.request_id)
        assert len(server_messages(cloud, driver.id)) == 1

    run(aloop, body())


def test_a_message_to_an_offline_driver_app_fails_and_goes_once_the_app_is_back(
        cloud: EmbeddedCloud, console: Callable[..., Console],
        aloop: asyncio.AbstractEventLoop) -> None:
    ana = console()

    async def body() -> None:
        await ana.start()
        driver = ana.driver()
        assert cloud.cloud is not None
        sim = cloud.cloud.sim
        cloud.call(lambda: sim.set_driver_app_online(driver.id, False))
        await wait_until(lambda: not ana.messenger.driver(driver.id).app_online)  # type: ignore[union-attr]
        item = ana.messenger.send(driver.id, "Call dispatch.")
        _d, _r, reason = await wait_signal(ana.messenger.messageFailed)
        assert "app is offline" in reason
        assert ana.thread(driver.id)[0].status is EntryStatus.FAILED
        cloud.call(lambda: sim.set_driver_app_online(driver.id, True))
        await wait_until(lambda: ana.messenger.driver(driver.id).app_online)  # type: ignore[union-attr]
        assert ana.messenger.retry(item.request_id)
        await wait_until(lambda: ana.sent)
        assert len(server_messages(cloud, driver.id)) == 1

    run(aloop, body())


def test_a_failed_message_can_be_discarded_and_a_blank_or_long_one_is_refused_here(
        cloud: EmbeddedCloud, console: Callable[..., Console],
        aloop: asyncio.AbstractEventLoop) -> None:
    ana = console()

    async def body() -> None:
        await ana.start()
        driver = ana.driver()
        with pytest.raises(ValueError, match="empty"):
            ana.messenger.send(driver.id, "  \n")
        with pytest.raises(ValueError, match="limit is 500"):
            ana.messenger.send(driver.id, "x" * 501)
        ana.messenger.set_client(None)  # signed out
        item = ana.messenger.send(driver.id, "hello")
        await wait_signal(ana.messenger.messageFailed)
        assert "not signed in" in (ana.thread(driver.id)[0].error or "")
        assert ana.messenger.failed_count() == 1
        assert ana.messenger.discard(item.request_id)
        assert ana.thread(driver.id) == []
        assert ana.contacts.all() == []

    run(aloop, body())


# --------------------------------------------------------------------------- calls


def test_a_call_uses_the_url_template_and_its_outcome_is_on_the_alarms_record(
        cloud: EmbeddedCloud, console: Callable[..., Console],
        aloop: asyncio.AbstractEventLoop) -> None:
    ana = console(template=SOFTPHONE)

    async def body() -> None:
        await ana.start()
        driver = ana.driver()
        digits = "".join(ch for ch in driver.phone if ch.isdigit())
        url = ana.messenger.call_url(driver.id)
        assert url.toString(url.ComponentFormattingOption.FullyEncoded) == \
            f"https://softphone.example/dial?to=%2B{digits}&ref=opticallock"
        ana.messenger.call_url_template = "tel:{phone}"
        assert ana.messenger.call_url(driver.id).toString() == f"tel:+{digits}"
        with pytest.raises(ValueError, match="placeholder"):
            ana.messenger.call_url_template = "tel:{number}"

        alarm = await ana.alarm_for(cloud, driver)
        await ana.messenger.load(driver.id)
        item = ana.messenger.record_call(driver.id, CallOutcome.NO_ANSWER, "  rang 8 times ",
                                         alarm_id=alarm.id, placed_at=alarm.raised_at + 5)
        assert ana.thread(driver.id)[0].status is EntryStatus.SENDING
        await wait_until(lambda: ana.calls, what="recorded")
        [entry] = ana.thread(driver.id)
        assert (entry.kind, entry.status, entry.outcome, entry.text, entry.by,
                entry.alarm_id) == ("call", EntryStatus.RECORDED, CallOutcome.NO_ANSWER,
                                    "rang 8 times", "ana", alarm.id)
        assert entry.key.startswith("CALL-")
        assert ana.contacts.get(item.request_id) is None
        audit = await ana.desk.audit(alarm.id)
        [call] = [e for e in audit.events if e.type == "driver_call"]
        assert (call.call.outcome, call.call.note, call.call.phone, call.request_id) == \
            (CallOutcome.NO_ANSWER, "rang 8 times", driver.phone, item.request_id)
        assert len(server_calls(cloud, driver.id)) == 1

    run(aloop, body())


def test_a_call_record_made_while_the_cloud_is_down_is_sent_by_itself_once_live(
        cloud: EmbeddedCloud, console: Callable[..., Console],
        aloop: asyncio.AbstractEventLoop) -> None:
    ana = console()

    async def body() -> None:
        await ana.start()
        driver = ana.driver()
        await asyncio.to_thread(cloud.stop)
        await wait_until(lambda: not ana.client.status.live)
        item = ana.messenger.record_call(driver.id, CallOutcome.REACHED, "all fine")
        await wait_signal(ana.messenger.callFailed)
        assert ana.thread(driver.id)[0].status is EntryStatus.FAILED
        await asyncio.to_thread(cloud.restart)
        await wait_until(lambda: ana.calls, what="sent once live, without a click")
        assert ana.contacts.get(item.request_id) is None
        assert len(server_calls(cloud, driver.id)) == 1

    run(aloop, body())


# --------------------------------------------------------------------------- the outbox file


def test_an_interrupted_send_is_failed_after_a_restart_and_kept_per_dispatcher(
        tmp_path: Path) -> None:
    path = tmp_path / "contacts.db"
    with ContactOutbox(path, clock=lambda: 1000.0) as box:
        box.add("message", "DRV-1", {"request_id": "r" * 16, "text": "hello"}, username="ana")
        box.add("call", "DRV-1", {"request_id": "s" * 16, "outcome": "reached"},
                username="ben")
        box.set_state("s" * 16, ContactState.FAILED, "down")
        with pytest.raises(ValueError, match="secret"):
            box.add("message", "DRV-1", {"request_id": "t" * 16, "token": "x"})
    with ContactOutbox(path) as again:
        first, second = again.all()
        assert (first.state, first.last_error, first.text, first.username) == \
            (ContactState.FAILED, INTERRUPTED, "hello", "ana")
        assert (second.state, second.last_error, second.attempts) == \
            (ContactState.FAILED, "down", 1)
        assert ContactOutbox.path_next_to(tmp_path / "j.sqlite").name == "j.contacts.sqlite"


def test_an_unreadable_acceptance_is_not_confirmed_and_a_no_loop_send_fails_visibly(
        owner: QObject, aloop: asyncio.AbstractEventLoop, tmp_path: Path) -> None:
    store = FleetStore(parent=owner)
    with ContactOutbox(tmp_path / "c.db") as outbox:
        messenger = Messenger(store, outbox, username="ana", parent=owner)
        client = CloudClient("http://cloud.test", parent=owner)
        client.token = "t" * 43

        async def garbled(method: str, path: str, **_kw: Any) -> httpx.Response:
            return httpx.Response(201, content=b'{"id": "MSG-1"}',
                                  request=httpx.Request(method, f"http://cloud.test{path}"))

        messenger.set_client(client, CloudApi(garbled))
        failed: list[tuple[str, str, str]] = []
        messenger.messageFailed.connect(lambda d, r, why: failed.append((d, r, why)))

        async def body() -> None:
            item = messenger.send("DRV-1", "Call dispatch.")
            await wait_until(lambda: bool(failed), what="the failure")
            assert outbox.get(item.request_id).state is ContactState.FAILED  # type: ignore[union-attr]

        run(aloop, body())
        [(driver_id, _request_id, reason)] = failed
        assert driver_id == "DRV-1"
        assert reason.startswith("Message not confirmed: ")
        # Outside any running asyncio loop, the send is started on Qt's next turn; when that
        # turn has none either, it says so instead of staying "sending" for ever.
        later = messenger.send("DRV-1", "Are you safe?")
        assert outbox.get(later.request_id).state is ContactState.SENDING  # type: ignore[union-attr]
        QCoreApplication.processEvents()
        assert outbox.get(later.request_id).state is ContactState.FAILED  # type: ignore[union-attr]
        assert "network loop is not running" in failed[-1][2]
        messenger.stop()
