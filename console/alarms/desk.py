"""The alarm desk: what a dispatcher does to alarms, delivered to the cloud exactly once.

Every action (acknowledge, resolve, tick an action-plan step, mark seen, escalate) goes through
the persistent :class:`~console.alarms.outbox.Outbox` first and is then sent, one at a time and in
order, whenever the cloud client is live. A network failure leaves the action pending (the queue
shows "ack pending…") and it is retried on the next live status or every 10 s, with the same
``request_id``, so the server acts on it once even if an earlier try reached it and only the
answer was lost. The server's verdict is final: 409 (somebody else got there first) and other
4xx answers drop the action and say so.

Ownership (take, release, assign to a colleague, take over) and notes go the same way: a note
typed offline is a note kept. A refusal because a colleague came first (409) is said in the
dispatcher's time zone, with who (:func:`~console.alarms.labels.conflict_text`), and the text the
dispatcher typed with a refused acknowledgement or resolution comes back with it
(``overtaken``), so it can still be added as a note.

The desk also watches the clock: an open critical alarm nobody acknowledges escalates (level 1
after ``escalate_after_s``, level 2 after twice that, ...), which the UI turns into a banner and
the cloud records so every console and the audit trail agree.

State changes are never applied here: the cloud's answer arrives as a stream event and the store
applies it, so every console shows the same thing. QtCore only.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import httpx
from pydantic import BaseModel, ValidationError
from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot

from console.alarms.labels import conflict_text
from console.alarms.outbox import ActionKind, Outbox, PendingAction
from console.fleet.labels import QT_TRANSLATE_NOOP, TranslatedNames
from console.fleet.store import FleetStore
from console.link.api import ApiError, CloudApi, Conflict, MalformedAnswer, NotFound
from console.link.client import AuthError, CloudClient, CloudUnavailable
from console.tasks import TaskSet, running_loop
from opticallock.protocol import (
    AcknowledgeRequest,
    Alarm,
    AlarmAudit,
    AlarmEscalatedEvent,
    AlarmPriority,
    AlarmState,
    EscalateRequest,
    NoteRequest,
    OwnerRequest,
    ResolveOutcome,
    ResolveRequest,
    SeenRequest,
    SkippedStep,
    StepRequest,
    User,
)

log = logging.getLogger(__name__)

NOTE_REQUIRED = "A note is required to acknowledge a critical alarm."
#: A failed send is tried again this often even without a status change (a REST failure while
#: the stream stays live changes no status).
RETRY_INTERVAL_MS = 10_000
ESCALATION_CHECK_MS = 1_000

#: The request model and the API call of each kind of action.
_SEND: dict[str, tuple[type[BaseModel], Callable[[CloudApi, str, Any], Awaitable[Alarm]]]] = {
    "ack": (AcknowledgeRequest, CloudApi.acknowledge),
    "resolve": (ResolveRequest, CloudApi.resolve),
    "step": (StepRequest, CloudApi.record_step),
    "escalate": (EscalateRequest, CloudApi.escalate),
    "seen": (SeenRequest, CloudApi.mark_seen),
    "owner": (OwnerRequest, CloudApi.set_owner),
    "note": (NoteRequest, CloudApi.add_note),
}
#: The longest note the cloud keeps (NoteRequest.text).
MAX_ALARM_NOTE_CHARS = 2000
#: How each action is named when the cloud refuses it.
_ACTION_NAME: TranslatedNames[str] = TranslatedNames("AlarmDesk", {
    "ack": QT_TRANSLATE_NOOP("AlarmDesk", "Acknowledgement"),
    "resolve": QT_TRANSLATE_NOOP("AlarmDesk", "Resolution"),
    "step": QT_TRANSLATE_NOOP("AlarmDesk", "Action-plan step"),
    "escalate": QT_TRANSLATE_NOOP("AlarmDesk", "Escalation"),
    "seen": QT_TRANSLATE_NOOP("AlarmDesk", "Seen mark"),
    "owner": QT_TRANSLATE_NOOP("AlarmDesk", "Change of owner"),
    "note": QT_TRANSLATE_NOOP("AlarmDesk", "Note"),
})
#: 409 on these is expected and needs no one's attention (the alarm was resolved meanwhile);
#: on ack/resolve/step it means a colleague acted first, which the dispatcher must be told.
_QUIET_CONFLICTS = frozenset({"escalate", "seen"})
#: 4xx answers that mean "try again later", not "no".
_RETRYABLE_4XX = frozenset({408, 425, 429})


def _new_request_id() -> str:
    return uuid.uuid4().hex


def format_duration(seconds: float) -> str:
    """"45 s", "2 min", "1 h 30 min": how long an escalation waited, for its recorded reason."""
    seconds = max(0.0, seconds)
    if seconds < 60:
        return f"{seconds:.0f} s"
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


async def fetch_audit(api: CloudApi, alarm_id: str) -> AlarmAudit:
    """An alarm's whole logged life, oldest first.

    Raises AuthError (signed out), CloudUnavailable (unreachable), LookupError (no such alarm
    for this carrier; a NotFound) or RuntimeError (any other refusal, with the server's words).
    """
    try:
        return await api.alarm_audit(alarm_id)
    except NotFound:
        raise
    except ApiError as exc:
        raise RuntimeError(QCoreApplication.translate(
            "AlarmDesk", "Audit trail of {alarm} unavailable: {error}").format(
            alarm=alarm_id, error=exc)) from exc


class AlarmDesk(QObject):
    """Dispatcher actions on alarms, the outbox that delivers them, and escalation.

    Signals:
        pendingChanged(): an action was queued, delivered, dropped or failed a try.
        conflict(str alarm_id, str message): the cloud refused an ack/resolve/step/owner change
            because a colleague got there first, or owns the alarm; ``message`` says who and
            when in the dispatcher's zone ("Already acknowledged by ana at 14:02:11 CST.",
            "ben owns this alarm (since 14:05:40 CST): take it over to act on it."). The action
            is dropped.
        overtaken(str alarm_id, str kind, str message, str text): with ``conflict``, when the
            refused action ("ack", "resolve") carried text the dispatcher typed: ``text`` is
            that note, to be kept (added as a note) rather than lost.
        actionFailed(str alarm_id, str message): the cloud refused an action for another reason
            (a 4xx other than 409); the action is dropped and the message says which it was.
        actionDone(str alarm_id, str kind): the cloud accepted an action ("ack", "resolve",
            "step", "escalate", "seen"); its effect arrives through the stream.
        escalated(str alarm_id, int level): an open critical alarm went unacknowledged too long
            (found by this console's clock, or by another console's, learned from the stream).
    """

    pendingChanged = Signal()
    conflict = Signal(str, str)
    overtaken = Signal(str, str, str, str)
    actionFailed = Signal(str, str)
    actionDone = Signal(str, str)
    escalated = Signal(str, int)

    def __init__(self, store: FleetStore, outbox: Outbox, *, username: str,
                 clock: Callable[[], float] = time.time, escalate_after_s: float = 120.0,
                 max_level: int = 3, parent: QObject | None = None) -> None:
        super().__init__(parent)
        if escalate_after_s <= 0:
            raise ValueError("escalate_after_s must be positive")
        self.store = store
        self.outbox = outbox
        self.username = username
        self.clock = clock
        self.escalate_after_s = escalate_after_s
        self.max_level = max_level
        self._client: CloudClient | None = None
        self._api: CloudApi | None = None
        self._tasks = TaskSet(log)
        self._flush_task: asyncio.Task[None] | None = None
        self._again = False
        #: Highest escalation level announced per alarm (ours or learned from the stream), so a
        #: level is announced once even before the cloud's record of it comes back.
        self._announced: dict[str, int] = {}
        #: Alarms this console already asked to mark seen (the cloud keeps it once per user).
        self._seen_asked: set[str] = set()
        store.eventsApplied.connect(self.on_events_applied)

        self._escalation_timer = QTimer(self)
        self._escalation_timer.setInterval(ESCALATION_CHECK_MS)
        self._escalation_timer.timeout.connect(self.check_escalations)
        self._escalation_timer.start()
        self._retry_timer = QTimer(self)
        self._retry_timer.setInterval(RETRY_INTERVAL_MS)
        self._retry_timer.timeout.connect(self.on_retry_timer)
        self._retry_timer.start()

    # ------------------------------------------------------------------ the client

    @property
    def client(self) -> CloudClient | None:
        return self._client

    @property
    def api(self) -> CloudApi | None:
        return self._api

    def set_client(self, client: CloudClient | None, api: CloudApi | None = None) -> None:
        """Deliver through ``api`` (by default one over ``client.request``) from now on, sending
        whenever ``client`` is live (None while signed out: actions only queue)."""
        if client is self._client and (api is None or api is self._api):
            return
        if self._client is not None and client is not self._client:
            with contextlib.suppress(RuntimeError, TypeError):
                self._client.statusChanged.disconnect(self.on_status_changed)
        previous, self._client = self._client, client
        self._api = None if client is None else api or CloudApi(client.request)
        if client is not None:
            if client is not previous:
                client.statusChanged.connect(self.on_status_changed)
            self._kick()

    @Slot(object)
    def on_status_changed(self, status: Any) -> None:
        if getattr(status, "live", False):
            self._kick()

    @Slot()
    def on_retry_timer(self) -> None:
        self._kick()

    def stop(self) -> None:
        """Stop the timers and any send in flight (the outbox keeps what was not answered)."""
        self._escalation_timer.stop()
        self._retry_timer.stop()
        self._flush_task = None
        self._tasks.cancel()

    # ------------------------------------------------------------------ reading

    def _mine(self) -> list[PendingAction]:
        """This dispatcher's pending actions (the outbox may hold a colleague's too, typed on
        this machine before they signed out: those wait for them)."""
        return [a for a in self.outbox.all() if a.username == self.username]

    def pending_for(self, alarm_id: str) -> list[PendingAction]:
        """Actions on ``alarm_id`` not yet answered by the cloud, oldest first."""
        return [a for a in self.outbox.for_alarm(alarm_id) if a.username == self.username]

    def pending_count(self) -> int:
        return len(self._mine())

    def unacknowledged_count(self) -> int:
        """Open (not yet acknowledged) alarms, for the window title and the tray."""
        state = self.store.state
        if state is None:
            return 0
        return sum(1 for a in state.alarms.values() if a.state is AlarmState.OPEN)

    def _alarm(self, alarm_id: str) -> Alarm | None:
        state = self.store.state
        return None if state is None else state.alarms.get(alarm_id)

    # ------------------------------------------------------------------ actions

    def acknowledge(self, alarm_id: str, note: str) -> PendingAction:
        """Acknowledge an alarm; a critical one needs a note (what was done, who was called).

        Raises ValueError for a blank note on a critical alarm, or a note over the wire limit.
        A second acknowledge while the first is still pending returns the first.
        """
        alarm = self._alarm(alarm_id)
        if alarm is not None and alarm.priority is AlarmPriority.CRITICAL and not note.strip():
            raise ValueError(NOTE_REQUIRED)
        already = next((a for a in self.pending_for(alarm_id) if a.kind == "ack"), None)
        if already is not None:
            return already
        body = AcknowledgeRequest(request_id=_new_request_id(), note=note.strip())
        return self._queue("ack", alarm_id, body)

    def resolve(self, alarm_id: str, outcome: ResolveOutcome, note: str,
                skipped: Sequence[SkippedStep] = ()) -> PendingAction:
        """Close an alarm with its outcome, and the action-plan steps left undone each with its
        reason (:meth:`open_steps` says which); ValueError for a note over the wire limit or a
        reason under 3 characters."""
        already = next((a for a in self.pending_for(alarm_id) if a.kind == "resolve"), None)
        if already is not None:
            return already
        body = ResolveRequest(request_id=_new_request_id(), outcome=ResolveOutcome(outcome),
                              note=note.strip(), skipped=list(skipped))
        return self._queue("resolve", alarm_id, body)

    def open_steps(self, alarm_id: str, step_ids: Sequence[str]) -> list[str]:
        """Of ``step_ids`` (the plan's, in order), those not done on the alarm's record nor
        ticked here on their way to it: what a resolution must give reasons for."""
        alarm = self._alarm(alarm_id)
        done = {s.step_id for s in alarm.steps if s.done} if alarm is not None else set()
        for action in self.pending_for(alarm_id):
            if action.kind == "step":
                step_id = str(action.body.get("step_id"))
                if action.body.get("done"):
                    done.add(step_id)
                else:
                    done.discard(step_id)
        return [s for s in step_ids if s not in done]

    # ------------------------------------------------------------------ ownership and notes

    def take(self, alarm_id: str) -> PendingAction:
        """Make this dispatcher the alarm's owner (refused, said by ``conflict``, when a
        colleague owns it: :meth:`take_over` then)."""
        return self._owner(alarm_id, "take")

    def release(self, alarm_id: str) -> PendingAction:
        """Give the alarm back to the queue (unassigned)."""
        return self._owner(alarm_id, "release")

    def assign(self, alarm_id: str, colleague: str) -> PendingAction:
        """Make ``colleague`` (a dispatcher of the carrier) the alarm's owner; to oneself it is
        :meth:`take`. ValueError for a blank name."""
        colleague = colleague.strip()
        if not colleague:
            raise ValueError(self.tr("Choose the colleague to assign the alarm to."))
        if colleague == self.username:
            return self.take(alarm_id)
        return self._owner(alarm_id, "assign", colleague)

    def take_over(self, alarm_id: str) -> PendingAction:
        """Take an alarm a colleague owns (recorded as a take-over on the audit trail)."""
        return self._owner(alarm_id, "take_over")

    def _owner(self, alarm_id: str, action: str, assignee: str | None = None) -> PendingAction:
        body = OwnerRequest.model_validate({"request_id": _new_request_id(), "action": action,
                                            "assignee": assignee})
        return self._queue("owner", alarm_id, body)

    def add_note(self, alarm_id: str, text: str) -> PendingAction:
        """A note on the alarm's record, at any time (kept in the outbox until the cloud has
        it). ValueError for a blank note or one over the cloud's limit."""
        text = text.strip()
        if not text:
            raise ValueError(self.tr("The note is empty."))
        if len(text) > MAX_ALARM_NOTE_CHARS:
            raise ValueError(self.tr(
                "The note is too long: {length} characters, at most {limit}.").format(
                length=len(text), limit=MAX_ALARM_NOTE_CHARS))
        return self._queue("note", alarm_id, NoteRequest(request_id=_new_request_id(),
                                                         text=text))

    def owned_by_colleague(self, alarm_id: str) -> str | None:
        """The colleague who owns the alarm (None: nobody, or this dispatcher)."""
        alarm = self._alarm(alarm_id)
        owner = alarm.owner if alarm is not None else None
        return owner if owner and owner != self.username else None

    async def colleagues(self) -> list[User]:
        """The carrier's dispatchers (to assign an alarm to), this one included. Raises
        AuthError (signed out), CloudUnavailable, or RuntimeError with the cloud's words."""
        api = self._require_api()
        try:
            return (await api.users()).items
        except ApiError as exc:
            raise RuntimeError(self.tr("The list of dispatchers is unavailable: {error}").format(
                error=exc)) from exc

    def tick_step(self, alarm_id: str, step_id: str, label: str, done: bool) -> PendingAction:
        """Record an action-plan step as done (or undone) on the alarm's record."""
        body = StepRequest(request_id=_new_request_id(), step_id=step_id, label=label, done=done)
        return self._queue("step", alarm_id, body)

    def mark_seen(self, alarm_id: str) -> PendingAction | None:
        """Tell the cloud this dispatcher has seen the alarm (once per alarm; None if done)."""
        alarm = self._alarm(alarm_id)
        if alarm_id in self._seen_asked or (alarm is not None
                                            and self.username in alarm.seen_by):
            return None
        self._seen_asked.add(alarm_id)
        return self._queue("seen", alarm_id, SeenRequest(request_id=_new_request_id()))

    def _queue(self, kind: ActionKind, alarm_id: str, body: BaseModel) -> PendingAction:
        action = self.outbox.add(kind, alarm_id, body.model_dump(mode="json"), self.clock(),
                                 username=self.username)
        self.pendingChanged.emit()
        self._kick()
        return action

    # ------------------------------------------------------------------ delivery

    def _can_send(self) -> bool:
        client = self._client
        return client is not None and client.token is not None and client.status.live

    def _kick(self) -> None:
        """Start delivering if there is anything to deliver and a live client to deliver with."""
        if not self._can_send() or not self._mine():
            return
        if self._flush_task is not None and not self._flush_task.done():
            self._again = True  # the running delivery picks it up when it reaches the end
            return
        if running_loop() is None:
            return  # no event loop running yet: the next live status or retry tick sends it
        # A failure here is a bug, not a network failure (those are caught): it is logged; the
        # outbox keeps the actions and the next live status or retry tick tries again.
        self._flush_task = self._tasks.spawn(self.flush(), "sending pending alarm actions",
                                             name="alarm-desk-outbox")

    async def flush(self) -> None:
        """Send pending actions in order, one at a time, until done or one cannot be sent."""
        while True:
            self._again = False
            for action in self._mine():
                api = self._api
                if api is None or not self._can_send():
                    return
                if self.outbox.get(action.action_id) is None:
                    continue
                if not await self._send(api, action):
                    return  # later actions wait: the order of actions matters
            if not self._again:
                return

    async def _send(self, api: CloudApi, action: PendingAction) -> bool:
        """One try; False if the action must stay pending (and everything after it waits)."""
        model, call = _SEND[action.kind]
        try:
            body = model.model_validate(action.body)
        except ValidationError as exc:  # what the cloud would refuse too: never sendable
            return self._refused(action, self.tr("{count} invalid field(s)").format(
                count=exc.error_count()))
        try:
            await call(api, action.alarm_id, body)
        except AuthError as exc:
            return self._keep(action, self.tr("Not signed in: {error}").format(error=exc))
        except MalformedAnswer:
            pass  # accepted (2xx); its effect arrives through the stream, not in this answer
        except CloudUnavailable as exc:
            return self._keep(action, str(exc))
        except httpx.HTTPError as exc:  # e.g. the answer was cut off: the outcome is unknown
            return self._keep(action, f"{exc.__class__.__name__}: {exc}")
        except Conflict as exc:
            self._drop(action)
            if action.kind in _QUIET_CONFLICTS:
                log.info("%s on %s no longer needed: %s", action.kind, action.alarm_id, exc)
                return True
            at = exc.at
            if exc.error == "owned_by_other" and exc.alarm is not None:
                at = exc.alarm.owned_at or at
            message = conflict_text(exc.error, exc.by, at, exc.message)
            self.conflict.emit(action.alarm_id, message)
            typed = str(action.body.get("note") or "").strip()
            if action.kind in ("ack", "resolve") and typed:
                self.overtaken.emit(action.alarm_id, action.kind, message, typed)
            return True
        except ApiError as exc:
            if 400 <= exc.status < 500 and exc.status not in _RETRYABLE_4XX:
                return self._refused(action, exc.message)
            return self._keep(action, f"HTTP {exc.status}: {exc.message}")
        self._drop(action)
        self.actionDone.emit(action.alarm_id, action.kind)
        return True

    def _refused(self, action: PendingAction, message: str) -> bool:
        self._drop(action)
        self.actionFailed.emit(action.alarm_id, self.tr(
            "{action} of alarm {alarm} was refused by the cloud and dropped: {reason}").format(
            action=_ACTION_NAME[action.kind], alarm=action.alarm_id, reason=message))
        return True

    def _keep(self, action: PendingAction, error: str) -> bool:
        log.info("%s on %s stays pending: %s", action.kind, action.alarm_id, error)
        self.outbox.record_attempt(action.action_id, error)
        self.pendingChanged.emit()
        return False

    def _drop(self, action: PendingAction) -> None:
        self.outbox.remove(action.action_id)
        self.pendingChanged.emit()

    # ------------------------------------------------------------------ escalation

    @Slot()
    def check_escalations(self) -> None:
        """Escalate every open critical alarm that has waited past its next level's deadline.

        Level n is due once the alarm is ``n * escalate_after_s`` old (up to ``max_level``). A
        console that was not watching jumps straight to the level due now: one banner, not
        three in a row. An alarm whose acknowledgement is pending is not escalated: the
        dispatcher has acted, only the network is late.
        """
        state = self.store.state
        if state is None:
            return
        now = self.clock()
        acted = {a.alarm_id for a in self._mine() if a.kind in ("ack", "resolve")}
        for alarm in list(state.alarms.values()):
            if (alarm.state is not AlarmState.OPEN or alarm.priority is not AlarmPriority.CRITICAL
                    or alarm.id in acted):
                continue
            current = max(alarm.escalation_level, self._announced.get(alarm.id, 0))
            due = min(self.max_level, int((now - alarm.raised_at) // self.escalate_after_s))
            if due > current:
                self._escalate(alarm, due)

    def _escalate(self, alarm: Alarm, level: int) -> None:
        self._announced[alarm.id] = level
        waited = format_duration(level * self.escalate_after_s)
        reason = (f"Critical alarm not acknowledged within {waited} "
                  f"(level {level} of {self.max_level}).")
        log.warning("alarm %s escalated to level %d", alarm.id, level)
        self.escalated.emit(alarm.id, level)
        self._queue("escalate", alarm.id,
                    EscalateRequest(request_id=_new_request_id(), level=level, reason=reason))

    @Slot(list)
    def on_events_applied(self, events: list[Any]) -> None:
        """Announce escalations other consoles recorded, so every dispatcher sees the banner."""
        for event in events:
            if not isinstance(event, AlarmEscalatedEvent):
                continue
            if event.level <= self._announced.get(event.alarm_id, 0):
                continue
            self._announced[event.alarm_id] = event.level
            alarm = self._alarm(event.alarm_id)
            if alarm is not None and alarm.state is AlarmState.OPEN:
                self.escalated.emit(event.alarm_id, event.level)

    # ------------------------------------------------------------------ reading from the cloud

    def _require_api(self) -> CloudApi:
        if self._api is None or self._client is None or self._client.token is None:
            raise AuthError(self.tr("Not signed in."))
        return self._api

    async def audit(self, alarm_id: str) -> AlarmAudit:
        """The alarm's whole logged life, oldest first (raises like :func:`fetch_audit`, and
        AuthError when signed out)."""
        return await fetch_audit(self._require_api(), alarm_id)

    async def fetch_resolved(self, since: float, max_pages: int = 5) -> list[Alarm]:
        """Alarms resolved at or after ``since`` (for the shift handover), newest raised first.

        The cloud lists resolved alarms by when they were *raised*, so an alarm raised before the
        shift and resolved in it can sit a few pages down: up to ``max_pages`` of 200 are read.
        Raises like :meth:`audit`.
        """
        api = self._require_api()
        out: list[Alarm] = []
        cursor: str | None = None
        for _ in range(max_pages):
            try:
                page = await api.alarms(AlarmState.RESOLVED, limit=200, cursor=cursor)
            except ApiError as exc:
                raise RuntimeError(self.tr("Resolved alarms unavailable: {error}").format(
                    error=exc)) from exc
            out.extend(a for a in page.items
                       if a.resolved_at is not None and a.resolved_at >= since)
            cursor = page.next_cursor
            if cursor is None:
                break
        return out


__all__ = ["MAX_ALARM_NOTE_CHARS", "NOTE_REQUIRED", "AlarmDesk", "format_duration"]
