"""Contacting drivers: conversations (messages, replies, calls) kept live, sends that are never
shown as sent before the cloud accepted them, and the record of phone calls.

A conversation is loaded over REST when it is first opened and then kept live from the stream
(``driver_message`` and ``driver_call`` events through the store), so status ticks (sent →
delivered → read) and the driver's replies appear as they happen. What this console wrote and
the cloud has not yet accepted lives in the :class:`~console.contacts.outbox.ContactOutbox`,
shown as "sending…" or "failed" with the reason, and is sent with a ``request_id`` the cloud
deduplicates on.

Messages and call records fail differently, on purpose:

* A **message** that cannot be sent (link down, driver app offline, server error) is marked
  failed and waits for the dispatcher's Retry. It is never resent by itself: "stop at the nearest
  safe location" arriving an hour late can do harm, and the dispatcher may rather call.
* A **call record** is a fact about the past; a failed one is retried by itself whenever the
  client goes live and every 10 s, like the alarm desk's actions, until the cloud has it.

Either way a retry reuses the ``request_id``, so a send whose answer was lost is not sent twice;
and when the stream brings the cloud's copy of an item (it carries the ``request_id``), the
local one is dropped even if the answer never came.

Calls go through the desktop's handler for a URL built from a template (``tel:{phone}`` by
default; a softphone's URL in the settings): :func:`~console.contacts.dialing.build_call_url`
builds it (re-exported here for its older importers), the widget opens it. QtCore and QtGui only.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal

import httpx
from pydantic import ValidationError
from PySide6.QtCore import QObject, QTimer, QUrl, Signal, Slot

from console.contacts.dialing import (
    CALL_URL_PLACEHOLDERS,
    DEFAULT_CALL_URL_TEMPLATE,
    build_call_url,
    check_call_url_template,
    normalise_phone,
)
from console.contacts.outbox import ContactOutbox, ContactState, PendingContact
from console.contacts.templates import TemplateContext, first_name, location_phrase
from console.fleet.store import FleetStore
from console.link.api import ApiError, CloudApi, MalformedAnswer, NotFound
from console.link.client import AuthError, CloudClient, CloudUnavailable
from console.tasks import TaskSet
from opticallock.protocol import (
    MAX_MESSAGE_CHARS,
    Alarm,
    CallOutcome,
    CallRecordRequest,
    Driver,
    DriverCall,
    DriverCallEvent,
    DriverMessage,
    DriverMessageEvent,
    Language,
    MessageDirection,
    MessageStatus,
    SendMessageRequest,
)

log = logging.getLogger(__name__)

#: A failed call record is tried again this often (and whenever the client goes live).
RETRY_INTERVAL_MS = 10_000
_STATUS_RANK = {MessageStatus.SENT: 0, MessageStatus.DELIVERED: 1, MessageStatus.READ: 2,
                MessageStatus.REPLY: 0}


# --------------------------------------------------------------------------- conversations


class EntryStatus(StrEnum):
    """Where a line of a conversation stands, in the order a message moves."""

    SENDING = "sending"
    FAILED = "failed"
    SENT = "sent"
    DELIVERED = "delivered"
    READ = "read"
    #: A message from the driver.
    RECEIVED = "received"
    #: A call whose outcome the cloud has on record.
    RECORDED = "recorded"


@dataclass(frozen=True)
class ConversationEntry:
    """One line of a conversation: a message either way, or a call, confirmed or not.

    ``key`` is the cloud's id (``MSG-…``, ``CALL-…``) or, before the cloud accepted it, the
    ``request_id``. ``text`` is the message, or a call's note; ``at`` is when it was written or
    recorded.
    """

    key: str
    kind: Literal["message", "call"]
    outgoing: bool
    text: str
    at: float
    status: EntryStatus
    by: str | None = None
    alarm_id: str | None = None
    trailer_id: str | None = None
    reply_to: str | None = None
    request_id: str | None = None
    error: str | None = None
    outcome: CallOutcome | None = None
    updated_at: float | None = None

    @property
    def local(self) -> bool:
        """Not (yet) accepted by the cloud."""
        return self.status in (EntryStatus.SENDING, EntryStatus.FAILED)


def _message_entry(m: DriverMessage) -> ConversationEntry:
    outgoing = m.direction is MessageDirection.TO_DRIVER
    status = {MessageStatus.SENT: EntryStatus.SENT, MessageStatus.DELIVERED: EntryStatus.DELIVERED,
              MessageStatus.READ: EntryStatus.READ,
              MessageStatus.REPLY: EntryStatus.RECEIVED}[m.status]
    if not outgoing:
        status = EntryStatus.RECEIVED
    return ConversationEntry(key=m.id, kind="message", outgoing=outgoing, text=m.text,
                             at=m.created_at, status=status, by=m.sent_by, alarm_id=m.alarm_id,
                             trailer_id=m.trailer_id, reply_to=m.reply_to,
                             request_id=m.request_id, updated_at=m.updated_at)


def _call_entry(c: DriverCall) -> ConversationEntry:
    return ConversationEntry(key=c.id, kind="call", outgoing=True, text=c.note, at=c.at,
                             status=EntryStatus.RECORDED, by=c.by, alarm_id=c.alarm_id,
                             trailer_id=c.trailer_id, outcome=c.outcome, updated_at=c.at)


def _pending_entry(p: PendingContact) -> ConversationEntry:
    status = EntryStatus.FAILED if p.state is ContactState.FAILED else EntryStatus.SENDING
    outcome = CallOutcome(p.body["outcome"]) if p.kind == "call" else None
    return ConversationEntry(key=p.request_id, kind=p.kind, outgoing=True, text=p.text,
                             at=p.created_at, status=status, by=p.username,
                             alarm_id=p.alarm_id, trailer_id=p.trailer_id,
                             request_id=p.request_id, error=p.last_error, outcome=outcome)


def _new_request_id() -> str:
    return uuid.uuid4().hex


class Messenger(QObject):
    """The signed-in dispatcher's conversations with drivers, and their sends and call records.

    Signals:
        conversationChanged(str driver_id): the driver's conversation changed (loaded, a message
            sent/failed/retried, a status tick, a reply, a call recorded): re-read
            :meth:`conversation`.
        messageSent(str driver_id, str message_id): the cloud accepted a message from this
            console (its delivery ticks follow on the stream).
        messageFailed(str driver_id, str request_id, str reason): a message could not be sent;
            it stays in the conversation as failed with ``reason``, waiting for a retry.
        replyReceived(str driver_id, str message_id): a driver wrote (live, from the stream).
        callRecorded(str driver_id, str call_id): a call outcome is on the cloud's record.
        callFailed(str driver_id, str request_id, str reason): a call record could not be sent
            yet (it is retried by itself unless the cloud refused it).
        loadFailed(str driver_id, str reason): the conversation could not be loaded.
    """

    conversationChanged = Signal(str)
    messageSent = Signal(str, str)
    messageFailed = Signal(str, str, str)
    replyReceived = Signal(str, str)
    callRecorded = Signal(str, str)
    callFailed = Signal(str, str, str)
    loadFailed = Signal(str, str)

    def __init__(self, store: FleetStore, outbox: ContactOutbox, *, username: str,
                 call_url_template: str = DEFAULT_CALL_URL_TEMPLATE,
                 clock: Callable[[], float] = time.time, parent: QObject | None = None) -> None:
        super().__init__(parent)
        check_call_url_template(call_url_template)
        self.store = store
        self.outbox = outbox
        self.username = username
        self.clock = clock
        self._call_url_template = call_url_template
        self._client: CloudClient | None = None
        self._api: CloudApi | None = None
        self._messages: dict[str, dict[str, DriverMessage]] = {}
        self._calls: dict[str, dict[str, DriverCall]] = {}
        self._loaded: set[str] = set()
        self._in_flight: set[str] = set()
        #: Call records the cloud refused (4xx): retried only when the dispatcher asks.
        self._refused: set[str] = set()
        self._tasks = TaskSet(log)
        store.eventsApplied.connect(self.on_events_applied)
        self._retry_timer = QTimer(self)
        self._retry_timer.setInterval(RETRY_INTERVAL_MS)
        self._retry_timer.timeout.connect(self.retry_call_records)
        self._retry_timer.start()

    # ------------------------------------------------------------------ the client

    @property
    def client(self) -> CloudClient | None:
        return self._client

    @property
    def api(self) -> CloudApi | None:
        return self._api

    def set_client(self, client: CloudClient | None, api: CloudApi | None = None) -> None:
        """Send through ``api`` (by default one over ``client.request``) from now on, retrying
        call records whenever ``client`` goes live (None while signed out: sends fail at
        once)."""
        if client is self._client and (api is None or api is self._api):
            return
        if self._client is not None and client is not self._client:
            with contextlib.suppress(RuntimeError, TypeError):
                self._client.statusChanged.disconnect(self.on_status_changed)
        previous, self._client = self._client, client
        self._api = None if client is None else api or CloudApi(client.request)
        if client is not None and client is not previous:
            client.statusChanged.connect(self.on_status_changed)

    @Slot(object)
    def on_status_changed(self, status: Any) -> None:
        if getattr(status, "live", False):
            self.retry_call_records()

    def stop(self) -> None:
        """Stop the retry timer and any send or load in flight (the outbox keeps the rest)."""
        self._retry_timer.stop()
        self._tasks.cancel()

    @property
    def call_url_template(self) -> str:
        return self._call_url_template

    @call_url_template.setter
    def call_url_template(self, template: str) -> None:
        check_call_url_template(template)
        self._call_url_template = template

    # ------------------------------------------------------------------ reading

    def driver(self, driver_id: str) -> Driver | None:
        state = self.store.state
        return None if state is None else state.drivers.get(driver_id)

    def driver_of_trailer(self, trailer_id: str) -> Driver | None:
        """The driver assigned to the trailer now, if any."""
        trailer = self.store.trailer(trailer_id)
        return None if trailer is None or trailer.driver_id is None \
            else self.driver(trailer.driver_id)

    def alarm(self, alarm_id: str) -> Alarm | None:
        """An alarm the store knows (open, acknowledged, or resolved while this console ran)."""
        state = self.store.state
        if state is None:
            return None
        return state.alarms.get(alarm_id) or self.store.resolved_alarms.get(alarm_id)

    def driver_for_alarm(self, alarm_id: str) -> Driver | None:
        """The driver of the alarm's trailer (the one to contact about it)."""
        alarm = self.alarm(alarm_id)
        return None if alarm is None else self.driver_of_trailer(alarm.trailer_id)

    def is_loaded(self, driver_id: str) -> bool:
        return driver_id in self._loaded

    def _mine(self, driver_id: str | None = None) -> list[PendingContact]:
        # A colleague's unsent items (typed on this machine before they signed out) wait for
        # them: never shown or sent in this dispatcher's name.
        items = self.outbox.all() if driver_id is None else self.outbox.for_driver(driver_id)
        return [p for p in items if p.username == self.username]

    def pending(self, driver_id: str) -> list[PendingContact]:
        """This dispatcher's messages and call records to the driver the cloud has not accepted."""
        return self._mine(driver_id)

    def conversation(self, driver_id: str) -> list[ConversationEntry]:
        """Everything between dispatch and the driver, oldest first: messages both ways (with
        their status), calls, and what this console has not yet got accepted."""
        entries = [_message_entry(m) for m in self._messages.get(driver_id, {}).values()]
        entries += [_call_entry(c) for c in self._calls.get(driver_id, {}).values()]
        entries += [_pending_entry(p) for p in self._mine(driver_id)]
        entries.sort(key=lambda e: (e.at, e.key))
        return entries

    def failed_count(self) -> int:
        """Messages and call records of this dispatcher that are marked failed."""
        return sum(1 for p in self._mine() if p.state is ContactState.FAILED)

    def template_context(self, driver_id: str, language: Language | str,
                         trailer_id: str | None = None) -> TemplateContext:
        """Values for a template's placeholders: the trailer (given, else the driver's), the
        driver's first name, and where the trailer's lock is, in ``language``."""
        driver = self.driver(driver_id)
        trailer_id = trailer_id or (driver.trailer_id if driver else None)
        trailer = self.store.trailer(trailer_id) if trailer_id else None
        lock = self.store.lock(trailer.lock_id) if trailer is not None else None
        return TemplateContext(
            trailer=trailer_id,
            driver=first_name(driver.name) if driver else None,
            location=location_phrase(lock.position if lock else None, language),
        )

    # ------------------------------------------------------------------ loading

    def _require_api(self) -> CloudApi:
        if self._api is None or self._client is None or self._client.token is None:
            raise AuthError(self.tr("Not signed in."))
        return self._api

    async def load(self, driver_id: str) -> None:
        """Fetch the whole conversation (messages and calls) and merge it with what the stream
        brought meanwhile. Raises AuthError, CloudUnavailable, LookupError (no such driver for
        this carrier; a NotFound) or RuntimeError (another refusal, in the server's words)."""
        api = self._require_api()
        try:
            messages, calls = await asyncio.gather(api.messages(driver_id),
                                                   api.calls(driver_id))
        except NotFound:
            raise
        except ApiError as exc:
            raise RuntimeError(self.tr("Conversation with {driver} unavailable: {error}").format(
                driver=driver_id, error=exc)) from exc
        for message in messages.items:
            self._merge_message(message)
        for call in calls.items:
            self._merge_call(call)
        self._loaded.add(driver_id)
        self.conversationChanged.emit(driver_id)

    def refresh(self, driver_id: str) -> asyncio.Task[None] | None:
        """Load the conversation in the background; failures are reported by ``loadFailed``.
        Returns the task (None when started later, from outside the asyncio loop)."""
        async def run() -> None:
            try:
                await self.load(driver_id)
            except asyncio.CancelledError:
                raise
            except (AuthError, CloudUnavailable, LookupError, RuntimeError,
                    httpx.HTTPError, ValidationError) as exc:
                self.loadFailed.emit(driver_id, str(exc) or exc.__class__.__name__)

        return self._spawn(run(), lambda: self.loadFailed.emit(
            driver_id, self.tr("the console's network loop is not running (a bug)")))

    # ------------------------------------------------------------------ the stream

    @Slot(list)
    def on_events_applied(self, events: list[Any]) -> None:
        touched: set[str] = set()
        for event in events:
            if isinstance(event, DriverMessageEvent):
                message = event.message
                new = self._merge_message(message)
                touched.add(message.driver_id)
                if new and message.direction is MessageDirection.FROM_DRIVER:
                    self.replyReceived.emit(message.driver_id, message.id)
            elif isinstance(event, DriverCallEvent):
                self._merge_call(event.call)
                touched.add(event.call.driver_id)
                if self.outbox.get(event.request_id) is not None:
                    # Recorded, even if the answer to our POST is lost or still on its way.
                    self.outbox.remove(event.request_id)
                    self._refused.discard(event.request_id)
                    self.callRecorded.emit(event.call.driver_id, event.call.id)
        for driver_id in sorted(touched):
            self.conversationChanged.emit(driver_id)

    def _merge_message(self, message: DriverMessage) -> bool:
        """Keep the furthest status of each message (the stream and a load can cross); drop
        the local copy of one this console sent. True if the message is new here."""
        thread = self._messages.setdefault(message.driver_id, {})
        known = thread.get(message.id)
        if known is None or _STATUS_RANK[message.status] >= _STATUS_RANK[known.status]:
            thread[message.id] = message
        if message.request_id is not None and self.outbox.get(message.request_id) is not None:
            # The cloud has it, whether or not our POST got its answer: never "failed" now.
            self.outbox.remove(message.request_id)
            self._refused.discard(message.request_id)
            self.messageSent.emit(message.driver_id, message.id)
        return known is None

    def _merge_call(self, call: DriverCall) -> None:
        self._calls.setdefault(call.driver_id, {})[call.id] = call

    # ------------------------------------------------------------------ sending

    def send(self, driver_id: str, text: str, *, alarm_id: str | None = None,
             trailer_id: str | None = None) -> PendingContact:
        """Send a message to the driver's app; it shows as "sending…" until the cloud accepts
        it, and as failed (with Retry) if it cannot.

        Raises ValueError for a blank message or one over the limit.
        """
        if not text.strip():
            raise ValueError(self.tr("The message is empty."))
        if len(text) > MAX_MESSAGE_CHARS:
            raise ValueError(self.tr(
                "The message is {length} characters long; the limit is {limit}.").format(
                length=len(text), limit=MAX_MESSAGE_CHARS))
        request = SendMessageRequest(request_id=_new_request_id(), text=text,
                                     alarm_id=alarm_id, trailer_id=trailer_id)
        item = self.outbox.add("message", driver_id, request.model_dump(mode="json"),
                               self.clock(), username=self.username)
        self.conversationChanged.emit(driver_id)
        self._deliver(item)
        return item

    def record_call(self, driver_id: str, outcome: CallOutcome | str, note: str = "", *,
                    alarm_id: str | None = None, trailer_id: str | None = None,
                    placed_at: float | None = None) -> PendingContact:
        """Put the outcome of a call on the cloud's record (the alarm's, if given, else the
        trailer's). ValueError for an unknown outcome or a note over the limit."""
        request = CallRecordRequest(request_id=_new_request_id(), outcome=CallOutcome(outcome),
                                    note=note.strip(), alarm_id=alarm_id, trailer_id=trailer_id,
                                    placed_at=placed_at)
        item = self.outbox.add("call", driver_id, request.model_dump(mode="json"), self.clock(),
                               username=self.username)
        self.conversationChanged.emit(driver_id)
        self._deliver(item)
        return item

    def retry(self, request_id: str) -> bool:
        """Send a failed message or call record again, with the same request id (the cloud acts
        on it once however many tries reached it). False if there is nothing to retry."""
        item = self.outbox.get(request_id)
        if item is None or item.username != self.username or request_id in self._in_flight:
            return False
        self._refused.discard(request_id)
        self._deliver(item)
        return True

    def discard(self, request_id: str) -> bool:
        """Give up on a failed message or call record (it was never accepted by the cloud)."""
        item = self.outbox.get(request_id)
        if item is None or item.state is not ContactState.FAILED \
                or item.username != self.username or request_id in self._in_flight:
            return False
        self.outbox.remove(request_id)
        self._refused.discard(request_id)
        self.conversationChanged.emit(item.driver_id)
        return True

    @Slot()
    def retry_call_records(self) -> None:
        """Try the failed call records again (not messages: those wait for the dispatcher)."""
        client = self._client
        if client is None or client.token is None:
            return
        for item in self._mine():
            if (item.kind == "call" and item.state is ContactState.FAILED
                    and item.request_id not in self._refused
                    and item.request_id not in self._in_flight):
                self._deliver(item)

    def _deliver(self, item: PendingContact) -> None:
        self._in_flight.add(item.request_id)
        self.outbox.set_state(item.request_id, ContactState.SENDING)
        if item.state is not ContactState.SENDING:
            self.conversationChanged.emit(item.driver_id)

        def no_loop() -> None:
            self._in_flight.discard(item.request_id)
            self._fail(item, self.tr(
                "Not sent: the console's network loop is not running (a bug)."))

        self._spawn(self._send(item), no_loop)

    async def _send(self, item: PendingContact) -> None:
        try:
            await self._try(item)
        finally:
            self._in_flight.discard(item.request_id)

    async def _try(self, item: PendingContact) -> None:
        what = self.tr("Message") if item.kind == "message" else self.tr("Call record")
        api = self._api
        if api is None or self._client is None or self._client.token is None:
            self._fail(item, self.tr("{what} not sent: not signed in.").format(what=what))
            return
        try:
            if item.kind == "message":
                message = await api.send_message(
                    item.driver_id, SendMessageRequest.model_validate(item.body))
            else:
                call = await api.record_call(item.driver_id,
                                             CallRecordRequest.model_validate(item.body))
        except ValidationError as exc:  # what the cloud would refuse too
            self._refused.add(item.request_id)
            self._fail(item, self.tr("{what} refused: {count} invalid field(s).").format(
                what=what, count=exc.error_count()))
            return
        except AuthError as exc:
            self._fail(item, self.tr("{what} not sent: not signed in ({error}).").format(
                what=what, error=exc))
            return
        except MalformedAnswer as exc:  # accepted, but what was recorded cannot be read
            self._fail(item, self.tr("{what} not confirmed: {error}").format(
                what=what, error=exc))
            return
        except CloudUnavailable as exc:
            self._fail(item, self.tr("{what} not sent: {error}").format(what=what, error=exc))
            return
        except httpx.HTTPError as exc:  # e.g. the answer was cut off: the outcome is unknown
            self._fail(item, self.tr("{what} not confirmed: {error}").format(
                what=what, error=f"{exc.__class__.__name__}: {exc}"))
            return
        except ApiError as exc:
            if 400 <= exc.status < 500:
                self._refused.add(item.request_id)
            self._fail(item, self.tr("{what} refused by the cloud: {error}").format(
                what=what, error=exc))
            return
        if item.kind == "message":
            if self.outbox.get(item.request_id) is not None:
                self.outbox.remove(item.request_id)
                self.messageSent.emit(item.driver_id, message.id)
            self._merge_message(message)
        else:
            if self.outbox.remove(item.request_id):
                self.callRecorded.emit(item.driver_id, call.id)
            self._merge_call(call)
        self.conversationChanged.emit(item.driver_id)

    def _fail(self, item: PendingContact, reason: str) -> None:
        if self.outbox.set_state(item.request_id, ContactState.FAILED, reason) is None:
            return  # the stream brought the cloud's copy meanwhile: it was sent after all
        log.info("%s to %s failed: %s", item.kind, item.driver_id, reason)
        if item.kind == "message":
            self.messageFailed.emit(item.driver_id, item.request_id, reason)
        else:
            self.callFailed.emit(item.driver_id, item.request_id, reason)
        self.conversationChanged.emit(item.driver_id)

    def _spawn(self, coro: Coroutine[Any, Any, None],
               no_loop: Callable[[], None] | None = None) -> asyncio.Task[None] | None:
        """Run ``coro`` as a task we keep (and whose failure is logged), on the running loop or,
        called outside it, on the next turn of the Qt event loop (None is returned then); if
        even that turn has no asyncio loop, ``no_loop`` says so instead of leaving a send
        pending."""
        return self._tasks.spawn_when_running(coro, "messaging task", context=self,
                                              no_loop=no_loop)

    # ------------------------------------------------------------------ calls

    def call_url(self, driver_id: str) -> QUrl:
        """The URL that calls the driver through the desktop's handler (the call URL template
        with the driver's number). LookupError for an unknown driver; ValueError for a number
        with no digits."""
        driver = self.driver(driver_id)
        if driver is None:
            raise LookupError(self.tr("No driver {driver} in the fleet.").format(
                driver=driver_id))
        return QUrl(build_call_url(self._call_url_template, driver.phone))


__all__ = [
    "CALL_URL_PLACEHOLDERS",
    "DEFAULT_CALL_URL_TEMPLATE",
    "ConversationEntry",
    "EntryStatus",
    "Messenger",
    "build_call_url",
    "check_call_url_template",
    "normalise_phone",
]
