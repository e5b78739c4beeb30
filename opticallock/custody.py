"""The weekly seal reconciliation: a carrier's seal log for one week, and what must be signed off.

C-TPAT asks a highway carrier to audit its seals every week so that "all seal logs are
reconciled". :func:`reconcile` folds the week's logged events (seal custody, unlock requests,
lock openings, tamper events, alarms and their audits, driver messages and calls, trips) into
that reconciliation, as plain data:

* the **ledger**: every seal event of the week (issued, applied, checked, removed, replaced,
  tampered), and per seal the trips it sealed;
* every **tamper event**, every **alarm** with its acknowledgement, the action-plan steps done
  *and* skipped (a step of the alarm type's plan never ticked, or unticked), notes, messages,
  calls and resolution; the unlocks and the unlock requests with their decisions;
* the **exceptions** a security manager signs off: seals applied and not removed by the week's
  end, removals and unlocks without authorisation, seal numbers read back wrong, gaps in custody
  (applied without being issued, removed without being applied, applied twice without a removal
  between, a trip that departed without a seal), alarms still open, and stretches of the log
  whose hash chain does not verify.

Gaps are judged on a seal's whole custody chain when it is given (``history``: what
``GET /seals/{number}`` returns), so a seal issued last week and applied this week is not a gap;
only the week's own entries are reported. Nothing here is worded: the report composes the
sentences from these facts in the reader's language. No Qt, no I/O.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from opticallock.protocol import (
    Alarm,
    AlarmAcknowledgedEvent,
    AlarmAudit,
    AlarmRaisedEvent,
    AlarmResolvedEvent,
    AlarmState,
    AlarmStepEvent,
    CallOutcome,
    ChainVerification,
    DriverCallEvent,
    DriverMessageEvent,
    LockState,
    LockStateEvent,
    MessageDirection,
    MessageStatus,
    Position,
    Seal,
    SealAction,
    SealClass,
    SealEvent,
    SealState,
    TamperEvent,
    TamperKind,
    Trip,
    TripEvent,
    UnlockRequest,
    UnlockRequestEvent,
)

#: The event types a reconciliation reads (``GET /events?types=...``); telemetry is not needed.
EVENT_TYPES: tuple[str, ...] = (
    "seal", "unlock_request", "lock_state", "tamper", "alarm_raised", "alarm_repeated",
    "alarm_acknowledged", "alarm_resolved", "alarm_step", "alarm_escalated", "driver_message",
    "driver_call", "trip",
)

_ISO_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def iso_week_bounds(week: str, tz: dt.tzinfo) -> tuple[float, float]:
    """[start, end) of ISO week ``week`` ("2026-W47") in the time zone ``tz``, as POSIX seconds:
    Monday 00:00 to the next Monday 00:00 there (a week with a DST change is 167 or 169 h).

    Raises ValueError for a malformed or nonexistent week (2026-W54)."""
    match = _ISO_WEEK.match(week.strip())
    if match is None:
        raise ValueError(f"{week!r} is not an ISO week like 2026-W47")
    year, number = int(match.group(1)), int(match.group(2))
    try:
        monday = dt.date.fromisocalendar(year, number, 1)
    except ValueError as exc:
        raise ValueError(f"{week!r} is not a week of {year}: {exc}") from None
    start = dt.datetime.combine(monday, dt.time(), tzinfo=tz)
    end = dt.datetime.combine(monday + dt.timedelta(days=7), dt.time(), tzinfo=tz)
    return start.timestamp(), end.timestamp()


# --------------------------------------------------------------------------- what it finds


class ExceptionKind(StrEnum):
    """What a security manager must sign off, in the order the report lists them."""

    #: A seal on record as applied at the end of the week (never removed).
    APPLIED_NOT_REMOVED = "applied_not_removed"
    #: A seal removed or replaced without a valid unlock authorisation.
    UNAUTHORISED_REMOVAL = "unauthorised_removal"
    #: A lock opened without a valid unlock authorisation.
    UNAUTHORISED_UNLOCK = "unauthorised_unlock"
    #: The number the driver app read back when applying is not the seal's.
    SEAL_MISMATCH = "seal_mismatch"
    #: A link missing from a seal's custody chain, or a trip without a seal (:class:`GapKind`).
    CUSTODY_GAP = "custody_gap"
    #: An alarm of the week that is not resolved.
    ALARM_OPEN = "alarm_open"
    #: A stretch of the week's log whose hash chain does not verify.
    CHAIN_BROKEN = "chain_broken"


class GapKind(StrEnum):
    APPLIED_WITHOUT_ISSUE = "applied_without_issue"
    REMOVED_WITHOUT_APPLICATION = "removed_without_application"
    APPLIED_TWICE = "applied_twice"
    TRIP_WITHOUT_SEAL = "trip_without_seal"


class SkipReason(StrEnum):
    #: In the alarm type's plan, never ticked.
    NEVER_TICKED = "never_ticked"
    #: Ticked, then unticked (``by`` and ``at`` say who and when).
    UNTICKED = "unticked"


@dataclass(frozen=True)
class PlanStep:
    """One step of an alarm type's action plan, as the console's plans file says it."""

    step_id: str
    label: str


@dataclass(frozen=True)
class LedgerEntry:
    """One seal event of the week."""

    seq: int
    ts: float
    number: str
    iso_class: SealClass
    manufacturer: str
    action: SealAction
    actor: str
    trailer_id: str | None = None
    lock_id: str | None = None
    trip_id: str | None = None
    geofence_id: str | None = None
    position: Position | None = None
    read_back: str | None = None
    photo_ref: str | None = None
    authorised: bool | None = None
    authorisation_id: str | None = None
    replaced_by: str | None = None
    note: str = ""

    @classmethod
    def of(cls, event: SealEvent) -> LedgerEntry:
        s = event.seal
        return cls(seq=event.seq, ts=event.ts, number=s.number, iso_class=s.iso_class,
                   manufacturer=s.manufacturer, action=event.action, actor=event.actor,
                   trailer_id=event.trailer_id or s.trailer_id,
                   lock_id=event.lock_id or s.lock_id, trip_id=event.trip_id or s.trip_id,
                   geofence_id=event.geofence_id, position=event.position,
                   read_back=event.read_back, photo_ref=event.photo_ref,
                   authorised=event.authorised, authorisation_id=event.authorisation_id,
                   replaced_by=event.replaced_by, note=event.note)

    @property
    def state_after(self) -> SealState:
        """Where the seal stands after this entry."""
        return _STATE_AFTER[self.action]

    @property
    def mismatch(self) -> bool:
        """Applied with a number read back that is not the seal's."""
        return (self.action is SealAction.APPLIED and self.read_back is not None
                and self.read_back.strip().upper() != self.number)


@dataclass
class SealRecord:
    """A seal seen in the week: its entries of the week, the trips it sealed, and where it
    stood at the week's end."""

    number: str
    iso_class: SealClass
    manufacturer: str
    entries: list[LedgerEntry] = field(default_factory=list)
    trip_ids: list[str] = field(default_factory=list)
    state_at_end: SealState | None = None


@dataclass(frozen=True)
class StepRecord:
    step_id: str
    label: str
    done: bool
    by: str | None = None
    at: float | None = None
    #: Why a skipped step was not done (None for a step done).
    reason: SkipReason | None = None


@dataclass(frozen=True)
class MessageRecord:
    at: float
    direction: MessageDirection
    status: MessageStatus
    text: str
    sent_by: str | None = None


@dataclass(frozen=True)
class CallRecord:
    at: float
    by: str
    outcome: CallOutcome
    note: str = ""


@dataclass
class AlarmRecord:
    """An alarm raised in the week, as it stands at the time of the reconciliation."""

    alarm: Alarm
    steps_done: list[StepRecord] = field(default_factory=list)
    steps_skipped: list[StepRecord] = field(default_factory=list)
    messages: list[MessageRecord] = field(default_factory=list)
    calls: list[CallRecord] = field(default_factory=list)
    #: Whether the record is the cloud's audit (else folded from the week's events only).
    audited: bool = False

    @property
    def open(self) -> bool:
        return self.alarm.state is not AlarmState.RESOLVED


@dataclass(frozen=True)
class TamperRecord:
    seq: int
    ts: float
    trailer_id: str
    lock_id: str
    kind: TamperKind
    fiber_dbm: float | None = None
    position: Position | None = None


@dataclass(frozen=True)
class UnlockRecord:
    """A lock opened in the week (unlocked, or its shackle opened)."""

    seq: int
    ts: float
    trailer_id: str
    lock_id: str
    state: LockState
    actor: str
    geofence_id: str | None = None
    position: Position | None = None
    authorisation_id: str | None = None


@dataclass
class UnlockRequestRecord:
    """An unlock request of the week as it stands last, with each phase's time."""

    request: UnlockRequest
    phases: list[tuple[str, float]] = field(default_factory=list)


@dataclass(frozen=True)
class CustodyException:
    """One item to sign off. Fields not relevant to its kind are None."""

    kind: ExceptionKind
    ts: float | None
    seq: int | None = None
    seal_number: str | None = None
    trailer_id: str | None = None
    trip_id: str | None = None
    alarm_id: str | None = None
    gap: GapKind | None = None
    #: SEAL_MISMATCH: what was read back.
    read_back: str | None = None
    #: Who did it (a seal event's or lock's actor).
    actor: str | None = None
    #: APPLIED_NOT_REMOVED: when the seal was removed after the week, if it was.
    removed_after: float | None = None
    #: APPLIED_NOT_REMOVED: the seal was fitted before the log began (``ts``: when the ledger
    #: first had it, not when it was applied).
    before_log: bool = False
    #: ALARM_OPEN: the alarm's state.
    alarm_state: AlarmState | None = None
    #: CHAIN_BROKEN: the range checked and the first entry that does not verify.
    from_seq: int | None = None
    to_seq: int | None = None
    first_bad_seq: int | None = None
    #: The cloud's own words (CHAIN_BROKEN), never translated.
    message: str = ""


@dataclass(frozen=True)
class ChainResult:
    """The hash chain's verdict over the week's log, from one or more pages of verification."""

    pages: tuple[ChainVerification, ...] = ()
    #: The week's seqs (None: nothing was logged in the week).
    first_seq: int | None = None
    last_seq: int | None = None

    @property
    def checked(self) -> int:
        return sum(p.checked for p in self.pages)

    @property
    def expected(self) -> int:
        if self.first_seq is None or self.last_seq is None:
            return 0
        return self.last_seq - self.first_seq + 1

    @property
    def complete(self) -> bool:
        """Every seq of the week was checked."""
        return self.checked == self.expected

    @property
    def ok(self) -> bool:
        """Complete, and every page verified."""
        return self.complete and all(p.ok for p in self.pages)

    @property
    def failed_pages(self) -> list[ChainVerification]:
        return [p for p in self.pages if not p.ok]


@dataclass
class Reconciliation:
    """One carrier's week: the ledger, the incidents and the exceptions."""

    start: float
    end: float
    entries: list[LedgerEntry]
    seals: list[SealRecord]
    trips: list[Trip]
    tampers: list[TamperRecord]
    alarms: list[AlarmRecord]
    unlocks: list[UnlockRecord]
    unlock_requests: list[UnlockRequestRecord]
    exceptions: list[CustodyException]
    chain: ChainResult

    def count(self, action: SealAction) -> int:
        """Seal events of ``action`` in the week."""
        return sum(1 for e in self.entries if e.action is action)

    def exceptions_of(self, kind: ExceptionKind) -> list[CustodyException]:
        return [x for x in self.exceptions if x.kind is kind]

    def trips_of(self, number: str) -> list[str]:
        seal = next((s for s in self.seals if s.number == number), None)
        return list(seal.trip_ids) if seal is not None else []


# --------------------------------------------------------------------------- custody chains

_STATE_AFTER: dict[SealAction, SealState] = {
    SealAction.ISSUED: SealState.ISSUED,
    SealAction.APPLIED: SealState.APPLIED,
    SealAction.CHECKED: SealState.APPLIED,
    SealAction.REMOVED: SealState.REMOVED,
    SealAction.REPLACED: SealState.REMOVED,
    SealAction.TAMPERED: SealState.TAMPERED,
}
_REMOVALS = (SealAction.REMOVED, SealAction.REPLACED)
#: The seq of the application made up for a seal fitted before the log began (no entry has it).
_BEFORE_LOG = 0
_OPENED = (LockState.UNLOCKED, LockState.SHACKLE_OPEN)


@dataclass
class _Interval:
    """A seal on a trailer, from its application to its removal (None: still on)."""

    trailer_id: str | None
    applied: float
    removed: float | None = None

    def covers(self, ts: float) -> bool:
        return self.applied <= ts and (self.removed is None or ts < self.removed)


@dataclass
class _Walk:
    gaps: list[tuple[LedgerEntry, GapKind]] = field(default_factory=list)
    intervals: list[_Interval] = field(default_factory=list)
    state_at_end: SealState | None = None
    #: The application still in force at the week's end.
    applied_at_end: LedgerEntry | None = None
    #: When it was removed after the week, if it was.
    removed_after: float | None = None


def _walk(chain: Sequence[tuple[LedgerEntry, bool]], end: float) -> _Walk:
    """Follow one seal's chain of (entry, synthetic), oldest first, up to ``end``.

    A synthetic entry is the seal fitted as another's replacement: it counts as issued and
    applied then, and an explicit "applied" right after it (no removal between) confirms it
    rather than applying the seal a second time."""
    walk = _Walk()
    issued = False
    applied: LedgerEntry | None = None
    confirmable = False
    interval: _Interval | None = None
    for entry, synthetic in chain:
        if entry.ts >= end:
            if applied is not None and entry.action in _REMOVALS and walk.removed_after is None:
                walk.removed_after = entry.ts
            continue
        match entry.action:
            case SealAction.ISSUED:
                issued = True
            case SealAction.APPLIED:
                if synthetic:
                    issued, confirmable = True, True
                elif applied is not None:
                    if not confirmable:
                        walk.gaps.append((entry, GapKind.APPLIED_TWICE))
                    confirmable = False
                elif not issued:
                    walk.gaps.append((entry, GapKind.APPLIED_WITHOUT_ISSUE))
                applied = entry if applied is None or not synthetic else applied
                if interval is None:
                    # Fitted before the log began: on since some unknown time before it.
                    interval = _Interval(entry.trailer_id, -math.inf if entry.seq == _BEFORE_LOG
                                         else entry.ts)
                    walk.intervals.append(interval)
            case SealAction.REMOVED | SealAction.REPLACED:
                if applied is None:
                    walk.gaps.append((entry, GapKind.REMOVED_WITHOUT_APPLICATION))
                # Seals are single-use (ISO 17712): applying this one again needs a new issue.
                applied, issued, confirmable = None, False, False
                if interval is not None:
                    interval.removed = entry.ts
                    interval = None
            case SealAction.CHECKED | SealAction.TAMPERED:
                pass
        walk.state_at_end = entry.state_after
    walk.applied_at_end = applied
    return walk


# --------------------------------------------------------------------------- alarms


def _alarm_record(alarm: Alarm, events: Iterable[Any], plan: Sequence[PlanStep],
                  audited: bool) -> AlarmRecord:
    record = AlarmRecord(alarm=alarm, audited=audited)
    done_ids: set[str] = set()
    for step in alarm.steps:
        if step.done:
            done_ids.add(step.step_id)
            record.steps_done.append(StepRecord(step.step_id, step.label, True, step.by,
                                                step.at))
    touched = {s.step_id: s for s in alarm.steps}
    planned_ids = [p.step_id for p in plan]
    for p in plan:
        if p.step_id in done_ids:
            continue
        last = touched.get(p.step_id)
        if last is None:
            record.steps_skipped.append(StepRecord(p.step_id, p.label, False,
                                                   reason=SkipReason.NEVER_TICKED))
        else:
            record.steps_skipped.append(StepRecord(p.step_id, p.label, False, last.by, last.at,
                                                   SkipReason.UNTICKED))
    for step in alarm.steps:  # unticked, and not (or no longer) in the plan
        if not step.done and step.step_id not in planned_ids:
            record.steps_skipped.append(StepRecord(step.step_id, step.label, False, step.by,
                                                   step.at, SkipReason.UNTICKED))
    messages: dict[str, MessageRecord] = {}
    calls: dict[str, CallRecord] = {}
    for event in events:
        if isinstance(event, DriverMessageEvent) and event.message.alarm_id in (alarm.id, None):
            m = event.message
            if m.alarm_id is None and not audited:
                continue
            first = messages.get(m.id)
            messages[m.id] = MessageRecord(first.at if first else m.created_at, m.direction,
                                           m.status, m.text, m.sent_by)
        elif isinstance(event, DriverCallEvent) and event.call.alarm_id in (alarm.id, None):
            c = event.call
            if c.alarm_id is None and not audited:
                continue
            calls[c.id] = CallRecord(c.at, c.by, c.outcome, c.note)
    record.messages = sorted(messages.values(), key=lambda m: m.at)
    record.calls = sorted(calls.values(), key=lambda c: c.at)
    return record


def _fold_alarm(raised: Alarm, events: Iterable[Any]) -> Alarm:
    """An alarm's state from its raise and the week's events about it (no audit at hand)."""
    alarm = raised.model_copy(deep=True)
    for event in events:
        if getattr(event, "alarm_id", None) != alarm.id:
            continue
        if isinstance(event, AlarmAcknowledgedEvent):
            alarm.state = AlarmState.ACKNOWLEDGED
            alarm.acknowledged_by, alarm.acknowledged_at = event.by, event.at
            alarm.ack_note = event.note
        elif isinstance(event, AlarmResolvedEvent):
            alarm.state = AlarmState.RESOLVED
            alarm.resolved_by, alarm.resolved_at = event.by, event.at
            alarm.outcome, alarm.resolve_note = event.outcome, event.note
        elif isinstance(event, AlarmStepEvent):
            steps = [s for s in alarm.steps if s.step_id != event.step.step_id]
            if len(steps) == len(alarm.steps):
                alarm.steps = [*alarm.steps, event.step]
            else:
                alarm.steps = [event.step if s.step_id == event.step.step_id else s
                               for s in alarm.steps]
    return alarm


# --------------------------------------------------------------------------- the week


def reconcile(events: Iterable[Any], *, start: float, end: float,
              audits: Iterable[AlarmAudit] = (),
              plans: Mapping[str, Sequence[PlanStep]] | None = None,
              history: Mapping[str, Sequence[SealEvent]] | None = None,
              verifications: Iterable[ChainVerification] = (),
              first_seq: int | None = None, last_seq: int | None = None,
              ledger: Mapping[str, Seal] | None = None) -> Reconciliation:
    """The reconciliation of [start, end) from the week's logged ``events`` (any order; events
    outside the week and of other types are ignored).

    ``audits``: the cloud's audit of each alarm raised in the week (else the alarm is folded
    from the week's events); ``plans``: each alarm type's action-plan steps, by type value;
    ``history``: seals' whole custody chains by number (``GET /seals/{number}``), for gaps and
    seals applied before the week; ``verifications``: the hash-chain check over the week's seqs
    [``first_seq``, ``last_seq``], in pages; ``ledger``: each seal as the ledger has it now
    (``SealCustody.seal``): one on record as applied before anything was logged about it (fitted
    before the log began) counts as issued and applied then.
    """
    week = sorted((e for e in events if start <= e.ts < end), key=lambda e: e.seq)
    plans = plans or {}
    history = history or {}

    # The ledger: the week's seal events, each seal's chain for the walk (history and week).
    entries = [LedgerEntry.of(e) for e in week if isinstance(e, SealEvent)]
    chains: dict[str, dict[int, LedgerEntry]] = {}
    for number, logged in history.items():
        chains.setdefault(number, {}).update({e.seq: LedgerEntry.of(e) for e in logged})
    for entry in entries:
        chains.setdefault(entry.number, {})[entry.seq] = entry
    replacements: dict[str, LedgerEntry] = {}
    for known in chains.values():
        for entry in known.values():
            if entry.action is SealAction.REPLACED and entry.replaced_by:
                replacements[entry.replaced_by] = LedgerEntry(
                    seq=entry.seq, ts=entry.ts, number=entry.replaced_by,
                    iso_class=entry.iso_class, manufacturer=entry.manufacturer,
                    action=SealAction.APPLIED, actor=entry.actor, trailer_id=entry.trailer_id,
                    lock_id=entry.lock_id, trip_id=entry.trip_id)
    for number, held in (ledger or {}).items():
        known = chains.get(number, {})
        first_ts = min((e.ts for e in known.values()), default=None)
        if number not in replacements and held.applied_at is not None and (
                first_ts is None or held.applied_at <= first_ts) and not any(
                e.action is SealAction.APPLIED for e in known.values()):
            replacements[number] = LedgerEntry(
                seq=_BEFORE_LOG, ts=held.applied_at, number=number, iso_class=held.iso_class,
                manufacturer=held.manufacturer, action=SealAction.APPLIED, actor="",
                trailer_id=held.trailer_id, lock_id=held.lock_id, trip_id=held.trip_id)
    for number in replacements:  # fitted as a replacement or before the log: maybe no event
        chains.setdefault(number, {})
    walks: dict[str, _Walk] = {}
    for number, by_seq in chains.items():
        sequence = [(e, False) for e in by_seq.values()]
        if number in replacements:
            sequence.append((replacements[number], True))
        sequence.sort(key=lambda pair: (pair[0].ts, pair[0].seq, not pair[1]))
        walks[number] = _walk(sequence, end)

    # Trips: those with an event in the week, as last logged.
    trips: dict[str, Trip] = {}
    departed: dict[str, float] = {}
    for event in week:
        if isinstance(event, TripEvent):
            trips[event.trip.id] = event.trip
            if event.phase == "departed":
                departed[event.trip.id] = event.trip.departed_at or event.ts

    sealed_trips: dict[str, list[str]] = {}
    trip_sealed: set[str] = set()
    for number, by_seq in chains.items():
        ids: list[str] = []
        for entry in sorted(by_seq.values(), key=lambda e: e.seq):
            if entry.trip_id and entry.ts < end and entry.trip_id not in ids:
                ids.append(entry.trip_id)
                if entry.action is SealAction.APPLIED:
                    trip_sealed.add(entry.trip_id)
        for interval in walks[number].intervals:
            for trip_id, at in departed.items():
                if trips[trip_id].trailer_id == interval.trailer_id and interval.covers(at):
                    trip_sealed.add(trip_id)
                    if trip_id not in ids:
                        ids.append(trip_id)
        sealed_trips[number] = ids
    for fitted in replacements.values():
        if fitted.trip_id:
            trip_sealed.add(fitted.trip_id)

    seals: dict[str, SealRecord] = {}
    for entry in entries:
        seal = seals.get(entry.number)
        if seal is None:
            seal = seals[entry.number] = SealRecord(
                entry.number, entry.iso_class, entry.manufacturer,
                trip_ids=sealed_trips.get(entry.number, []),
                state_at_end=walks[entry.number].state_at_end)
        seal.entries.append(entry)

    exceptions: list[CustodyException] = []
    for number in sorted(walks):
        walk = walks[number]
        applied = walk.applied_at_end
        if applied is not None:
            exceptions.append(CustodyException(
                ExceptionKind.APPLIED_NOT_REMOVED, applied.ts, applied.seq or None, number,
                applied.trailer_id, applied.trip_id, actor=applied.actor or None,
                removed_after=walk.removed_after, before_log=applied.seq == _BEFORE_LOG))
        for entry, gap in walk.gaps:
            if start <= entry.ts:
                exceptions.append(CustodyException(
                    ExceptionKind.CUSTODY_GAP, entry.ts, entry.seq, number, entry.trailer_id,
                    entry.trip_id, gap=gap, actor=entry.actor))
    for entry in entries:
        if entry.action in _REMOVALS and entry.authorised is not True:
            exceptions.append(CustodyException(
                ExceptionKind.UNAUTHORISED_REMOVAL, entry.ts, entry.seq, entry.number,
                entry.trailer_id, entry.trip_id, actor=entry.actor))
        if entry.mismatch:
            exceptions.append(CustodyException(
                ExceptionKind.SEAL_MISMATCH, entry.ts, entry.seq, entry.number,
                entry.trailer_id, entry.trip_id, read_back=entry.read_back, actor=entry.actor))
    for trip_id, at in sorted(departed.items(), key=lambda item: item[1]):
        if trip_id not in trip_sealed:
            exceptions.append(CustodyException(
                ExceptionKind.CUSTODY_GAP, at, None, None, trips[trip_id].trailer_id, trip_id,
                gap=GapKind.TRIP_WITHOUT_SEAL))

    unlocks: list[UnlockRecord] = []
    tampers: list[TamperRecord] = []
    requests: dict[str, UnlockRequestRecord] = {}
    for event in week:
        if isinstance(event, LockStateEvent) and event.state in _OPENED \
                and event.previous is LockState.LOCKED:
            unlocks.append(UnlockRecord(event.seq, event.ts, event.trailer_id, event.lock_id,
                                        event.state, event.actor, event.geofence_id,
                                        event.position, event.authorisation_id))
            if event.authorisation_id is None:
                exceptions.append(CustodyException(
                    ExceptionKind.UNAUTHORISED_UNLOCK, event.ts, event.seq,
                    trailer_id=event.trailer_id, actor=event.actor))
        elif isinstance(event, TamperEvent):
            tampers.append(TamperRecord(event.seq, event.ts, event.trailer_id, event.lock_id,
                                        event.kind, event.fiber_dbm, event.position))
        elif isinstance(event, UnlockRequestEvent):
            request = requests.setdefault(event.request.id,
                                          UnlockRequestRecord(event.request))
            request.request = event.request
            request.phases.append((event.phase, event.ts))

    by_id = {a.alarm.id: a for a in audits}
    alarms: list[AlarmRecord] = []
    for event in week:
        if not isinstance(event, AlarmRaisedEvent):
            continue
        audit = by_id.get(event.alarm.id)
        alarm = audit.alarm if audit is not None else _fold_alarm(event.alarm, week)
        record = _alarm_record(alarm, audit.events if audit is not None else week,
                               plans.get(alarm.type.value, ()), audit is not None)
        alarms.append(record)
        if record.open:
            exceptions.append(CustodyException(
                ExceptionKind.ALARM_OPEN, alarm.raised_at, alarm.raised_seq,
                trailer_id=alarm.trailer_id, alarm_id=alarm.id, alarm_state=alarm.state))

    chain = ChainResult(tuple(verifications), first_seq, last_seq)
    at_seq = {e.seq: e for e in week}
    for page in chain.failed_pages:
        bad = at_seq.get(page.first_bad_seq) if page.first_bad_seq is not None else None
        exceptions.append(CustodyException(
            ExceptionKind.CHAIN_BROKEN, bad.ts if bad is not None else None, page.first_bad_seq,
            from_seq=page.from_seq, to_seq=page.to_seq, first_bad_seq=page.first_bad_seq,
            message=page.message))

    order = list(ExceptionKind)
    exceptions.sort(key=lambda x: (order.index(x.kind), x.ts if x.ts is not None else 0.0,
                                   x.seq or 0))
    return Reconciliation(
        start=start, end=end, entries=entries,
        seals=sorted(seals.values(), key=lambda s: s.number),
        trips=sorted(trips.values(), key=lambda t: (departed.get(t.id, t.window_start), t.id)),
        tampers=tampers, alarms=alarms, unlocks=unlocks,
        unlock_requests=sorted(requests.values(), key=lambda r: r.request.requested_at),
        exceptions=exceptions, chain=chain)


__all__ = [
    "EVENT_TYPES", "AlarmRecord", "CallRecord", "ChainResult", "CustodyException",
    "ExceptionKind", "GapKind", "LedgerEntry", "MessageRecord", "PlanStep", "Reconciliation",
    "SealRecord", "SkipReason", "StepRecord", "TamperRecord", "UnlockRecord",
    "UnlockRequestRecord", "iso_week_bounds", "reconcile",
]
