"""The REST API's bodies: requests, answers, error bodies and pages."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, field_validator

from opticallock.protocol.base import Id, Model, Note, RequestId, Timestamp
from opticallock.protocol.chain import ChainLink
from opticallock.protocol.entities import (
    Alarm,
    AlarmPolicy,
    CallOutcome,
    Carrier,
    Driver,
    DriverCall,
    DriverMessage,
    EscalationPolicies,
    Geofence,
    Lock,
    Position,
    ResolveOutcome,
    Seal,
    SkippedStep,
    Trailer,
    Trip,
    UnlockRequest,
    User,
)
from opticallock.protocol.events import Event, SealEvent

API_PREFIX = "/api/v1"
#: Largest accepted REST request body, in bytes.
MAX_BODY_BYTES = 64 * 1024
#: Longest driver message, in characters (SMS-like apps truncate beyond this).
MAX_MESSAGE_CHARS = 500



class LoginRequest(Model):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class Session(Model):
    token: str
    expires_at: Timestamp
    user: User


class ErrorBody(Model):
    """Every 4xx/5xx answer has this body."""

    error: str
    message: str
    detail: Any = None


class ConflictBody(ErrorBody):
    """409 on acknowledge/resolve, or on deciding an unlock request: somebody else got there
    first (``alarm`` or ``unlock_request`` as it is now)."""

    by: str | None = None
    at: Timestamp | None = None
    alarm: Alarm | None = None
    unlock_request: UnlockRequest | None = None


class FleetSnapshot(Model):
    """The carrier's whole fleet, consistent with the stream at ``seq`` (stream from seq + 1)."""

    seq: int
    #: The chain hash of the log entry at ``seq`` (the next event's ``prev_hash``); absent from
    #: servers before protocol 1.1. A console checks the stream's events link to it.
    head_hash: str | None = None
    server_time: Timestamp
    carrier: Carrier
    trailers: list[Trailer]
    locks: list[Lock]
    drivers: list[Driver]
    #: Alarms that are open or acknowledged (resolved ones are in /alarms?state=resolved).
    alarms: list[Alarm]
    #: Unlock requests pending a decision, or approved and not yet used or expired.
    unlock_requests: list[UnlockRequest] = Field(default_factory=list)
    #: The carrier's alarm policies and call lists in force (None: the cloud's defaults).
    policies: EscalationPolicies | None = None


class EventPage(Model):
    """Logged events after ``after`` (exclusive), oldest first; for gap backfill and audit."""

    events: list[Event]
    oldest_seq: int
    head_seq: int
    #: Pass as ``after`` for the next page; None when this page was not full (head reached).
    next_after: int | None = None


class ChainVerification(Model):
    ok: bool
    from_seq: int
    to_seq: int
    checked: int
    #: prev_hash of the first entry of the range (the hash of the entry before it).
    anchor_hash: str
    #: hash of the last entry of the range.
    head_hash: str
    first_bad_seq: int | None = None
    message: str
    links: list[ChainLink] = Field(default_factory=list)


class PositionPage(Model):
    lock_id: Id
    items: list[Position]
    next_cursor: str | None = None


class FiberSample(Model):
    ts: Timestamp
    dbm: float


class FiberPage(Model):
    lock_id: Id
    items: list[FiberSample]
    next_cursor: str | None = None


class LockEventPage(Model):
    lock_id: Id
    items: list[Event]
    next_cursor: str | None = None


class AlarmPage(Model):
    items: list[Alarm]
    next_cursor: str | None = None


class AcknowledgeRequest(Model):
    request_id: RequestId
    note: Note = ""


class ResolveRequest(Model):
    request_id: RequestId
    outcome: ResolveOutcome
    note: Note = ""
    #: Action-plan steps left undone, each with its reason (the console asks for them).
    skipped: list[SkippedStep] = Field(default_factory=list)


class OwnerRequest(Model):
    """Take, release, assign (to ``assignee``, a dispatcher of the carrier) or take over an
    alarm another dispatcher owns (recorded as such)."""

    request_id: RequestId
    action: Literal["take", "release", "assign", "take_over"]
    assignee: Annotated[str, Field(min_length=1, max_length=64)] | None = None


class NoteRequest(Model):
    request_id: RequestId
    text: Annotated[str, Field(min_length=1, max_length=2000)]


class PoliciesUpdate(Model):
    """A new version of the carrier's policies, based on ``base_version`` (409 if another
    change came first)."""

    base_version: int = Field(ge=0)
    policies: list[AlarmPolicy]


class UserList(Model):
    """The carrier's dispatchers (to assign an alarm to)."""

    items: list[User]


class StepRequest(Model):
    request_id: RequestId
    step_id: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[a-z0-9_]+$")]
    label: Annotated[str, Field(min_length=1, max_length=200)]
    done: bool = True


class EscalateRequest(Model):
    request_id: RequestId
    level: int = Field(ge=1, le=9)
    reason: Note = ""


class SeenRequest(Model):
    request_id: RequestId


class AlarmAudit(Model):
    """An alarm's whole life as the cloud logged it: every event that names it, oldest first
    (raised, repeats, seen, acknowledged, steps, escalations, driver messages, resolved)."""

    alarm: Alarm
    events: list[Event]


class SendMessageRequest(Model):
    request_id: RequestId
    text: str = Field(min_length=1, max_length=MAX_MESSAGE_CHARS)
    alarm_id: Id | None = None
    trailer_id: Id | None = None

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("message text is blank")
        return value


class MessageList(Model):
    driver_id: Id
    items: list[DriverMessage]


class CallRecordRequest(Model):
    """``POST /drivers/{driver_id}/calls``: the outcome of a call the dispatcher placed."""

    request_id: RequestId
    outcome: CallOutcome
    note: Note = ""
    #: The alarm the call was about; its audit trail then lists the call.
    alarm_id: Id | None = None
    #: Defaults to the alarm's trailer, else the driver's current trailer.
    trailer_id: Id | None = None
    placed_at: Timestamp | None = None


class CallList(Model):
    driver_id: Id
    items: list[DriverCall]


class DriverList(Model):
    items: list[Driver]


class GeofenceList(Model):
    items: list[Geofence]


class TripList(Model):
    items: list[Trip]


class SealList(Model):
    items: list[Seal]


class SealCustody(Model):
    """One seal and its whole custody chain as the cloud logged it, oldest first."""

    seal: Seal
    events: list[SealEvent]


class UnlockRequestList(Model):
    items: list[UnlockRequest]


class ApproveUnlockRequest(Model):
    request_id: RequestId
    #: How long the code stays valid from now.
    valid_minutes: int = Field(default=30, ge=5, le=240)
    #: Where it is valid (default: the geofence the trailer is in, else the trip's planned
    #: destination; a request with neither cannot be approved without one).
    geofence_id: Id | None = None


class RefuseUnlockRequest(Model):
    request_id: RequestId
    reason: Annotated[str, Field(min_length=3, max_length=2000)]


class LogRange(Model):
    """The seqs of the log entries logged in [from_ts, to_ts) (None: none)."""

    from_ts: Timestamp
    to_ts: Timestamp
    first_seq: int | None = None
    last_seq: int | None = None
