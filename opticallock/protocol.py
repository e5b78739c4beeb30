"""The OpticalLock wire protocol, version 1: every REST body and every stream frame.

This module is the single source of truth shared by the reference cloud (``cloudsim``) and the
console's cloud client. It does no I/O and never imports Qt. docs/protocol.md documents it with
examples.

Conventions
-----------
* Times are POSIX seconds (UTC) as floats: compact, exact through JSON, and what the fiber chart's
  time axis wants.
* Coordinates are WGS84 degrees; speeds km/h; headings degrees clockwise from north; optical power
  dBm; battery percent.
* Every logged event carries ``seq`` (per carrier, monotonically increasing, no gaps), ``prev_hash``
  and ``hash``. ``hash = sha256(prev_hash + ":" + body_digest)`` where ``body_digest`` is the
  SHA-256 of the event's canonical JSON without ``prev_hash``/``hash`` (see :func:`body_digest`).
  The chain makes the seal audit trail tamper-evident.
* Telemetry (positions, fiber samples) travels batched: one event carries many rows.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, field_validator

API_PREFIX = "/api/v1"
PROTOCOL_VERSION = 1
GENESIS_HASH = "0" * 64
#: Largest accepted REST request body, in bytes.
MAX_BODY_BYTES = 64 * 1024
#: Longest driver message, in characters (SMS-like apps truncate beyond this).
MAX_MESSAGE_CHARS = 500
MAX_NOTE_CHARS = 2000
#: The server sends a heartbeat at least this often; a client that hears nothing for three
#: intervals treats the link as dead.
HEARTBEAT_INTERVAL_S = 5.0
#: Websocket close codes the server uses (4000-4999 are application codes).
CLOSE_UNAUTHORIZED = 4401
CLOSE_RESYNC_REQUIRED = 4409
CLOSE_SLOW_CONSUMER = 4429
#: Longest position interval a stream connection may ask for (``positions_every``,
#: ``set_position_interval``); longer requests are clamped to it.
MAX_POSITION_INTERVAL_S = 300.0

Id = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]*$")]
Latitude = Annotated[float, Field(ge=-90.0, le=90.0)]
Longitude = Annotated[float, Field(ge=-180.0, le=180.0)]
Timestamp = Annotated[float, Field(ge=0.0, le=1.0e10)]
Note = Annotated[str, Field(max_length=MAX_NOTE_CHARS)]
RequestId = Annotated[str, Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]


class Model(BaseModel):
    """Base for every wire model: unknown fields are refused, so a typo is a 4xx, not a no-op."""

    model_config = ConfigDict(extra="forbid")


# --------------------------------------------------------------------------- enums


class LockState(StrEnum):
    LOCKED = "locked"
    UNLOCKED = "unlocked"
    SHACKLE_OPEN = "shackle_open"


class TamperKind(StrEnum):
    FIBER_CUT = "fiber_cut"
    FIBER_DEGRADED = "fiber_degraded"
    FORCED_ENTRY = "forced_entry"


class AlarmType(StrEnum):
    FIBER_CUT = "fiber_cut"
    FORCED_ENTRY = "forced_entry"
    UNLOCK_OUTSIDE_GEOFENCE = "unlock_outside_geofence"
    FIBER_DEGRADED = "fiber_degraded"
    GPS_LOST = "gps_lost"
    BATTERY_LOW = "battery_low"


class AlarmPriority(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    INFO = "info"


#: The cloud's priority for each alarm type.
ALARM_PRIORITY: dict[AlarmType, AlarmPriority] = {
    AlarmType.FIBER_CUT: AlarmPriority.CRITICAL,
    AlarmType.FORCED_ENTRY: AlarmPriority.CRITICAL,
    AlarmType.UNLOCK_OUTSIDE_GEOFENCE: AlarmPriority.CRITICAL,
    AlarmType.FIBER_DEGRADED: AlarmPriority.HIGH,
    AlarmType.GPS_LOST: AlarmPriority.MEDIUM,
    AlarmType.BATTERY_LOW: AlarmPriority.MEDIUM,
}


class AlarmState(StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"


class ResolveOutcome(StrEnum):
    FALSE_ALARM = "false_alarm"
    AUTHORISED_OPENING = "authorised_opening"
    SEAL_INTACT_CONFIRMED = "seal_intact_confirmed"
    POLICE_NOTIFIED = "police_notified"
    OTHER = "other"


class MessageDirection(StrEnum):
    TO_DRIVER = "to_driver"
    FROM_DRIVER = "from_driver"


class MessageStatus(StrEnum):
    SENT = "sent"
    DELIVERED = "delivered"
    READ = "read"
    REPLY = "reply"


class CallOutcome(StrEnum):
    """How a dispatcher's phone call to a driver ended, as the dispatcher recorded it."""

    REACHED = "reached"
    NO_ANSWER = "no_answer"
    VOICEMAIL = "voicemail"


class GeofenceKind(StrEnum):
    TERMINAL = "terminal"
    CUSTOMER_SITE = "customer_site"
    BORDER_CROSSING = "border_crossing"


class Language(StrEnum):
    EN = "en"
    ES = "es"


# --------------------------------------------------------------------------- entities


class Carrier(Model):
    id: Id
    name: str


class User(Model):
    username: str
    display_name: str
    carrier: Carrier


class Position(Model):
    ts: Timestamp
    lat: Latitude
    lon: Longitude
    speed_kmh: float = Field(ge=0.0, le=300.0)
    heading_deg: float = Field(ge=0.0, lt=360.0)


class CircleShape(Model):
    kind: Literal["circle"] = "circle"
    lat: Latitude
    lon: Longitude
    radius_m: float = Field(gt=0.0, le=100_000.0)


class PolygonShape(Model):
    kind: Literal["polygon"] = "polygon"
    #: Ring of [lat, lon] vertices, not closed (the last vertex is not the first repeated).
    points: list[tuple[Latitude, Longitude]] = Field(min_length=3, max_length=1000)


Shape = Annotated[CircleShape | PolygonShape, Field(discriminator="kind")]


class Geofence(Model):
    id: Id
    name: str
    kind: GeofenceKind
    shape: Shape
    #: Where the coordinates come from (gazetteer entry or public record), for the audit.
    source: str = ""


class Trip(Model):
    id: Id
    trailer_id: Id
    origin_id: Id
    origin_name: str
    destination_id: Id
    destination_name: str
    #: The highway corridor the trip follows, e.g. "I-5 Seattle - San Diego".
    route: str
    window_start: Timestamp
    window_end: Timestamp
    departed_at: Timestamp | None = None
    arrived_at: Timestamp | None = None


class Driver(Model):
    id: Id
    name: str
    phone: str
    language: Language
    app_online: bool
    trailer_id: Id | None = None


class Trailer(Model):
    id: Id
    lock_id: Id
    driver_id: Id | None = None
    trip: Trip | None = None


class Lock(Model):
    id: Id
    trailer_id: Id
    #: Serial number of the fiber seal loop currently fitted (changes if the fiber is replaced).
    seal_id: Id
    state: LockState
    position: Position | None = None
    gps_ok: bool = True
    fiber_dbm: float
    #: The seal's own long-run level; tamper is judged against it, not against a fleet constant.
    fiber_baseline_dbm: float
    battery_pct: float = Field(ge=0.0, le=100.0)
    last_contact: Timestamp
    #: Geofence the lock is inside right now, if any.
    geofence_id: Id | None = None


class Alarm(Model):
    id: Id
    lock_id: Id
    trailer_id: Id
    type: AlarmType
    priority: AlarmPriority
    state: AlarmState
    raised_at: Timestamp
    raised_seq: int
    #: Repeats of the same type on the same lock while this alarm is not resolved are merged.
    count: int = 1
    last_at: Timestamp
    position: Position | None = None
    detail: str = ""
    acknowledged_by: str | None = None
    acknowledged_at: Timestamp | None = None
    ack_note: str | None = None
    resolved_by: str | None = None
    resolved_at: Timestamp | None = None
    outcome: ResolveOutcome | None = None
    resolve_note: str | None = None
    #: Action-plan steps ticked (or unticked) so far, in the order first touched.
    steps: list[AlarmStep] = Field(default_factory=list)
    #: 0 until the alarm escalates; then the highest escalation level reached.
    escalation_level: int = 0
    escalated_at: Timestamp | None = None
    #: Dispatchers whose console has shown this alarm.
    seen_by: list[str] = Field(default_factory=list)


class AlarmStep(Model):
    """One action-plan step on an alarm's record (e.g. "call_driver")."""

    step_id: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[a-z0-9_]+$")]
    label: Annotated[str, Field(max_length=200)]
    done: bool
    by: str
    at: Timestamp


class DriverMessage(Model):
    id: Id
    driver_id: Id
    direction: MessageDirection
    text: str
    status: MessageStatus
    created_at: Timestamp
    updated_at: Timestamp
    #: Dispatcher who sent it (to_driver) or None (from_driver).
    sent_by: str | None = None
    trailer_id: Id | None = None
    alarm_id: Id | None = None
    #: For a reply: the message it answers.
    reply_to: Id | None = None
    #: The ``request_id`` of the send that created it (to_driver only): the sending console
    #: recognises its own message when the stream brings it before the POST's answer does.
    request_id: str | None = None


class DriverCall(Model):
    """A phone call a dispatcher placed to a driver, with the outcome they recorded afterwards.

    The call itself goes through the dispatcher's phone or softphone, not the cloud: this is the
    record of it, on the alarm (``alarm_id``) or at least the trailer (``trailer_id``).
    """

    id: Id
    driver_id: Id
    #: The number the console dialled (the driver's phone on record when the call was logged).
    phone: str
    outcome: CallOutcome
    note: Note = ""
    #: The dispatcher who called.
    by: str
    #: When the cloud recorded the outcome (server clock).
    at: Timestamp
    #: When the console opened the dialler (the console's clock), if it said.
    placed_at: Timestamp | None = None
    trailer_id: Id | None = None
    alarm_id: Id | None = None


# --------------------------------------------------------------------------- stream events

# Telemetry rows are tuples, not objects: a 10,000-trailer fleet sends one per trailer per second.
#: (lock_id, ts, lat, lon, speed_kmh, heading_deg)
PositionRow = tuple[Id, Timestamp, Latitude, Longitude, float, float]
#: (lock_id, ts, fiber_dbm, battery_pct): the lock's periodic health sample.
FiberRow = tuple[Id, Timestamp, float, float]


class EventBase(Model):
    seq: int = Field(ge=1)
    ts: Timestamp
    prev_hash: str = ""
    hash: str = ""


class PositionsEvent(EventBase):
    type: Literal["positions"] = "positions"
    rows: list[PositionRow]
    #: True on a stream frame thinned for this connection (``positions_every``): some of the
    #: logged rows are held back, and fixes held back from earlier events may ride on it, so
    #: its body no longer matches the chain's digest. Never serialised by the model
    #: (``exclude``): log bodies, digests and full-rate frames stay byte for byte what they
    #: were; the server writes ``"thinned":true`` into a thinned frame itself.
    thinned: bool = Field(default=False, exclude=True)


class FiberEvent(EventBase):
    type: Literal["fiber"] = "fiber"
    rows: list[FiberRow]


class LockStateEvent(EventBase):
    type: Literal["lock_state"] = "lock_state"
    lock_id: Id
    trailer_id: Id
    state: LockState
    previous: LockState
    position: Position | None = None
    geofence_id: Id | None = None
    #: Who operated the lock: "driver_app", "key", or "unknown" for a forced opening.
    actor: str = "driver_app"


class TamperEvent(EventBase):
    type: Literal["tamper"] = "tamper"
    lock_id: Id
    trailer_id: Id
    kind: TamperKind
    fiber_dbm: float | None = None
    position: Position | None = None


class AlarmRaisedEvent(EventBase):
    type: Literal["alarm_raised"] = "alarm_raised"
    alarm: Alarm


class AlarmRepeatedEvent(EventBase):
    type: Literal["alarm_repeated"] = "alarm_repeated"
    alarm_id: Id
    lock_id: Id
    count: int
    last_at: Timestamp


class AlarmAcknowledgedEvent(EventBase):
    type: Literal["alarm_acknowledged"] = "alarm_acknowledged"
    alarm_id: Id
    lock_id: Id
    by: str
    at: Timestamp
    note: str
    request_id: str


class AlarmResolvedEvent(EventBase):
    type: Literal["alarm_resolved"] = "alarm_resolved"
    alarm_id: Id
    lock_id: Id
    by: str
    at: Timestamp
    outcome: ResolveOutcome
    note: str
    request_id: str


class AlarmStepEvent(EventBase):
    """An action-plan step was ticked (done=True) or unticked on an alarm."""

    type: Literal["alarm_step"] = "alarm_step"
    alarm_id: Id
    lock_id: Id
    step: AlarmStep
    request_id: str


class AlarmEscalatedEvent(EventBase):
    """A critical alarm was not acknowledged in time and escalated to ``level``."""

    type: Literal["alarm_escalated"] = "alarm_escalated"
    alarm_id: Id
    lock_id: Id
    level: int
    by: str
    at: Timestamp
    reason: str
    request_id: str


class AlarmSeenEvent(EventBase):
    """A dispatcher's console showed the alarm for the first time."""

    type: Literal["alarm_seen"] = "alarm_seen"
    alarm_id: Id
    lock_id: Id
    by: str
    at: Timestamp


class BatteryLowEvent(EventBase):
    type: Literal["battery_low"] = "battery_low"
    lock_id: Id
    trailer_id: Id
    battery_pct: float


class GpsLostEvent(EventBase):
    type: Literal["gps_lost"] = "gps_lost"
    lock_id: Id
    trailer_id: Id
    last_position: Position | None = None


class GpsRegainedEvent(EventBase):
    type: Literal["gps_regained"] = "gps_regained"
    lock_id: Id
    trailer_id: Id
    position: Position


class GeofenceEnterEvent(EventBase):
    type: Literal["geofence_enter"] = "geofence_enter"
    lock_id: Id
    trailer_id: Id
    geofence_id: Id
    geofence_name: str


class GeofenceExitEvent(EventBase):
    type: Literal["geofence_exit"] = "geofence_exit"
    lock_id: Id
    trailer_id: Id
    geofence_id: Id
    geofence_name: str


class DriverMessageEvent(EventBase):
    """A message was sent, delivered, read, or is a driver's reply (``message.status``)."""

    type: Literal["driver_message"] = "driver_message"
    message: DriverMessage


class DriverCallEvent(EventBase):
    """A dispatcher recorded the outcome of a phone call to a driver. ``lock_id`` is the lock of
    the call's trailer, so the call is part of that lock's record (``/locks/{id}/events``)."""

    type: Literal["driver_call"] = "driver_call"
    call: DriverCall
    lock_id: Id | None = None
    request_id: str


class DriverAppEvent(EventBase):
    type: Literal["driver_app"] = "driver_app"
    driver_id: Id
    online: bool


class TripEvent(EventBase):
    """A trailer was given a planned trip, departed its origin, or arrived at its destination."""

    type: Literal["trip"] = "trip"
    phase: Literal["planned", "departed", "arrived"]
    trip: Trip
    driver_id: Id | None = None


Event = Annotated[
    PositionsEvent
    | FiberEvent
    | LockStateEvent
    | TamperEvent
    | AlarmRaisedEvent
    | AlarmRepeatedEvent
    | AlarmAcknowledgedEvent
    | AlarmResolvedEvent
    | AlarmStepEvent
    | AlarmEscalatedEvent
    | AlarmSeenEvent
    | BatteryLowEvent
    | GpsLostEvent
    | GpsRegainedEvent
    | GeofenceEnterEvent
    | GeofenceExitEvent
    | DriverMessageEvent
    | DriverCallEvent
    | DriverAppEvent
    | TripEvent,
    Field(discriminator="type"),
]

EVENT_TYPES: frozenset[str] = frozenset(
    m.model_fields["type"].default
    for m in (
        PositionsEvent, FiberEvent, LockStateEvent, TamperEvent, AlarmRaisedEvent,
        AlarmRepeatedEvent, AlarmAcknowledgedEvent, AlarmResolvedEvent, AlarmStepEvent,
        AlarmEscalatedEvent, AlarmSeenEvent, BatteryLowEvent,
        GpsLostEvent, GpsRegainedEvent, GeofenceEnterEvent, GeofenceExitEvent,
        DriverMessageEvent, DriverCallEvent, DriverAppEvent, TripEvent,
    )
)
TELEMETRY_TYPES: frozenset[str] = frozenset({"positions", "fiber"})


# --------------------------------------------------------------------------- control frames
# Sent on the stream but not logged: they carry no seq.


class HelloFrame(Model):
    type: Literal["hello"] = "hello"
    protocol: int = PROTOCOL_VERSION
    carrier: Carrier
    user: str
    head_seq: int
    server_time: Timestamp
    heartbeat_s: float = HEARTBEAT_INTERVAL_S


class HeartbeatFrame(Model):
    type: Literal["heartbeat"] = "heartbeat"
    head_seq: int
    server_time: Timestamp


class ResyncRequiredFrame(Model):
    """``since`` is older than the retained log: reload the snapshot, then stream from its seq."""

    type: Literal["resync_required"] = "resync_required"
    since: int
    oldest_seq: int
    head_seq: int
    message: str


class ErrorFrame(Model):
    type: Literal["error"] = "error"
    error: str
    message: str


class PositionIntervalFrame(Model):
    """The position interval now in effect on this connection (0: every fix, unthinned).

    Sent after ``hello`` when the connection asked for ``positions_every`` > 0, and in answer to
    ``set_position_interval``; positions frames after it follow the new interval.
    """

    type: Literal["position_interval"] = "position_interval"
    seconds: float = Field(ge=0.0, le=MAX_POSITION_INTERVAL_S)


ControlFrame = Annotated[
    HelloFrame | HeartbeatFrame | ResyncRequiredFrame | ErrorFrame | PositionIntervalFrame,
    Field(discriminator="type"),
]
StreamFrame = Annotated[
    PositionsEvent
    | FiberEvent
    | LockStateEvent
    | TamperEvent
    | AlarmRaisedEvent
    | AlarmRepeatedEvent
    | AlarmAcknowledgedEvent
    | AlarmResolvedEvent
    | AlarmStepEvent
    | AlarmEscalatedEvent
    | AlarmSeenEvent
    | BatteryLowEvent
    | GpsLostEvent
    | GpsRegainedEvent
    | GeofenceEnterEvent
    | GeofenceExitEvent
    | DriverMessageEvent
    | DriverCallEvent
    | DriverAppEvent
    | TripEvent
    | HelloFrame
    | HeartbeatFrame
    | ResyncRequiredFrame
    | ErrorFrame
    | PositionIntervalFrame,
    Field(discriminator="type"),
]


# --------------------------------------------------------------------------- client frames
# The only frames a client sends on the stream.


class SetPositionIntervalFrame(Model):
    """Ask for at most one fix per lock every ``seconds`` (0: every fix). The server clamps
    ``seconds`` to [0, MAX_POSITION_INTERVAL_S] and answers with a ``position_interval`` frame."""

    type: Literal["set_position_interval"] = "set_position_interval"
    seconds: float = Field(allow_inf_nan=False)


event_adapter: TypeAdapter[Any] = TypeAdapter(Event)
stream_frame_adapter: TypeAdapter[Any] = TypeAdapter(StreamFrame)
events_adapter: TypeAdapter[list[Any]] = TypeAdapter(list[Event])


class FrameError(ValueError):
    """A stream frame that is not valid JSON or not a known, well-formed frame."""


def decode_frame(data: str | bytes) -> Any:
    """Parse one stream frame; raises :class:`FrameError` with a short reason on bad input."""
    try:
        return stream_frame_adapter.validate_json(data)
    except ValueError as exc:  # pydantic.ValidationError is a ValueError
        reason = str(exc).splitlines()
        raise FrameError(" ".join(reason[:3])[:300]) from exc


def decode_client_frame(data: str | bytes) -> SetPositionIntervalFrame:
    """Parse one frame a client sent on the stream (the server's side of ``decode_frame``)."""
    try:
        return SetPositionIntervalFrame.model_validate_json(data)
    except ValueError as exc:
        reason = str(exc).splitlines()
        raise FrameError(" ".join(reason[:3])[:300]) from exc


def encode_frame(frame: BaseModel) -> str:
    return frame.model_dump_json()


# --------------------------------------------------------------------------- hash chain


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def body_digest(event: EventBase) -> str:
    """SHA-256 of the event's canonical JSON, without its ``prev_hash`` and ``hash`` fields."""
    body = event.model_dump(mode="json", exclude={"prev_hash", "hash"})
    return hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()


def chain_hash(prev_hash: str, digest: str) -> str:
    return hashlib.sha256(f"{prev_hash}:{digest}".encode("ascii")).hexdigest()


class ChainLink(Model):
    """One log entry's place in the hash chain, without its body (used for compacted telemetry)."""

    seq: int
    prev_hash: str
    body_digest: str
    hash: str


def verify_links(links: Iterable[ChainLink], anchor: str | None = None) -> tuple[bool, int | None]:
    """Check that each link hashes correctly and points at its predecessor.

    Returns (ok, first_bad_seq). ``anchor`` is the expected ``prev_hash`` of the first link
    (the hash of the entry before the range), when known.
    """
    expected_prev = anchor
    expected_seq: int | None = None
    for link in links:
        if expected_seq is not None and link.seq != expected_seq:
            return False, expected_seq
        if expected_prev is not None and link.prev_hash != expected_prev:
            return False, link.seq
        if chain_hash(link.prev_hash, link.body_digest) != link.hash:
            return False, link.seq
        expected_prev = link.hash
        expected_seq = link.seq + 1
    return True, None


def link_of(event: EventBase) -> ChainLink:
    """The chain link an event claims, with its body digest recomputed from its content."""
    return ChainLink(seq=event.seq, prev_hash=event.prev_hash, body_digest=body_digest(event),
                     hash=event.hash)


# --------------------------------------------------------------------------- REST bodies


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
    """409 on acknowledge/resolve: somebody else got there first."""

    by: str | None = None
    at: Timestamp | None = None
    alarm: Alarm | None = None


class FleetSnapshot(Model):
    """The carrier's whole fleet, consistent with the stream at ``seq`` (stream from seq + 1)."""

    seq: int
    server_time: Timestamp
    carrier: Carrier
    trailers: list[Trailer]
    locks: list[Lock]
    drivers: list[Driver]
    #: Alarms that are open or acknowledged (resolved ones are in /alarms?state=resolved).
    alarms: list[Alarm]


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
