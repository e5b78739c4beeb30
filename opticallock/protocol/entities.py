"""The things the dispatcher watches and talks about: carriers, trailers, locks and their
seals, drivers, alarms, geofences and trips, with the enums that describe them."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field

from opticallock.protocol.base import Id, Latitude, Longitude, Model, Note, Timestamp

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
    #: Unlocked outside any geofence (or outside the trip's) without a valid authorisation.
    UNLOCK_OUTSIDE_GEOFENCE = "unlock_outside_geofence"
    #: Unlocked inside a geofence, but without a valid authorisation (none asked for, refused,
    #: expired, or used outside its geofence or time window).
    UNAUTHORISED_UNLOCK = "unauthorised_unlock"
    #: The seal number the driver app read back when applying a seal is not the one issued.
    SEAL_MISMATCH = "seal_mismatch"
    FIBER_DEGRADED = "fiber_degraded"
    GPS_LOST = "gps_lost"
    BATTERY_LOW = "battery_low"
    #: The driver entered the duress code in the app: covert (a "quiet alarm").
    DURESS = "duress"


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
    AlarmType.UNAUTHORISED_UNLOCK: AlarmPriority.CRITICAL,
    AlarmType.SEAL_MISMATCH: AlarmPriority.HIGH,
    AlarmType.FIBER_DEGRADED: AlarmPriority.HIGH,
    AlarmType.GPS_LOST: AlarmPriority.MEDIUM,
    AlarmType.BATTERY_LOW: AlarmPriority.MEDIUM,
    AlarmType.DURESS: AlarmPriority.CRITICAL,
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


class SealClass(StrEnum):
    """ISO 17712's classes of mechanical freight-container seals."""

    INDICATIVE = "I"
    SECURITY = "S"
    HIGH_SECURITY = "H"


class SealState(StrEnum):
    IN_STOCK = "in_stock"
    ISSUED = "issued"
    APPLIED = "applied"
    REMOVED = "removed"
    TAMPERED = "tampered"


class SealAction(StrEnum):
    """What happened to a seal, as its custody chain records it."""

    #: Taken from the carrier's stock and given to a trailer (its lock) for a trip.
    ISSUED = "issued"
    #: Fitted by the driver, with the number the driver app read back and a photo.
    APPLIED = "applied"
    #: Seen intact at a border crossing or terminal, by someone named.
    CHECKED = "checked"
    #: Taken off (where, by whom, under an unlock authorisation or not).
    REMOVED = "removed"
    #: Taken off and a new seal fitted in its place (``replaced_by``).
    REPLACED = "replaced"
    #: Found cut or forced.
    TAMPERED = "tampered"


class UnlockRequestState(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"
    #: Approved, then used to unlock within its geofence and time window.
    USED = "used"
    #: Pending with no decision, or approved and not used, when its time ran out.
    EXPIRED = "expired"


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


class ContactRole(StrEnum):
    """Who is on an alarm type's call list."""

    DISPATCHER_ON_DUTY = "dispatcher_on_duty"
    SUPERVISOR = "supervisor"
    CARRIER_SECURITY = "carrier_security"
    CUSTOMER = "customer"


class Channel(StrEnum):
    CALL = "call"
    SMS = "sms"
    EMAIL = "email"


class NotificationStatus(StrEnum):
    SENT = "sent"
    DELIVERED = "delivered"
    FAILED = "failed"


class CallListEntry(Model):
    """One rung of an alarm type's call list: whom, how, and how long after the alarm was
    raised without an acknowledgement."""

    role: ContactRole
    name: Annotated[str, Field(min_length=1, max_length=80)]
    channel: Channel
    #: A phone number (call, sms: E.164-like, "+" and digits) or an e-mail address.
    address: Annotated[str, Field(min_length=3, max_length=200)]
    delay_s: float = Field(ge=0.0, le=86_400.0)


class AlarmPolicy(Model):
    """How the cloud handles one alarm type beyond the desk."""

    alarm_type: AlarmType
    #: Escalate (walk the call list) when not acknowledged within this long.
    ack_within_s: float = Field(ge=30.0, le=86_400.0)
    #: A quiet alarm: the console never suggests messaging the driver first, shows a discreet
    #: banner, and the plan calls security.
    covert: bool = False
    call_list: Annotated[list[CallListEntry], Field(max_length=10)] = Field(default_factory=list)


class EscalationPolicies(Model):
    """A carrier's alarm policies, versioned: each change is a new version, on the log."""

    version: int = Field(ge=1)
    updated_by: str | None = None
    updated_at: Timestamp | None = None
    policies: list[AlarmPolicy]


class AlarmNote(Model):
    at: Timestamp
    by: str
    text: Annotated[str, Field(min_length=1, max_length=2000)]


class SkippedStep(Model):
    """An action-plan step left undone when the alarm was resolved, and why."""

    step_id: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[a-z0-9_]+$")]
    label: Annotated[str, Field(max_length=200)]
    reason: Annotated[str, Field(min_length=3, max_length=500)]


class AlarmNotification(Model):
    """A notification the cloud sent while walking an alarm's call list, and its delivery."""

    at: Timestamp
    level: int = Field(ge=1)
    role: ContactRole
    name: str
    channel: Channel
    address: str
    status: NotificationStatus
    detail: str = ""


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
    #: The dispatcher working it (None: unassigned), since when.
    owner: str | None = None
    owned_at: Timestamp | None = None
    #: Notes made at any time, oldest first.
    notes: list[AlarmNote] = Field(default_factory=list)
    #: Resolved with these action-plan steps undone, each with its reason.
    skipped_steps: list[SkippedStep] = Field(default_factory=list)
    #: A quiet alarm (see AlarmPolicy.covert, AlarmType.DURESS).
    covert: bool = False
    #: The call list walked so far: every notification and its delivery.
    notifications: list[AlarmNotification] = Field(default_factory=list)
    #: Where it was raised, for the statistics: the trip's corridor and the border crossing the
    #: trailer was in, if any.
    route: str | None = None
    crossing_id: Id | None = None


class AlarmStep(Model):
    """One action-plan step on an alarm's record (e.g. "call_driver")."""

    step_id: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[a-z0-9_]+$")]
    label: Annotated[str, Field(max_length=200)]
    done: bool
    by: str
    at: Timestamp


SealNumber = Annotated[str, Field(min_length=4, max_length=32, pattern=r"^[A-Z0-9-]+$")]


class Seal(Model):
    """A numbered seal in a carrier's custody (ISO 17712), as it stands now."""

    number: SealNumber
    iso_class: SealClass
    manufacturer: Annotated[str, Field(max_length=80)]
    state: SealState
    trailer_id: Id | None = None
    lock_id: Id | None = None
    trip_id: Id | None = None
    issued_at: Timestamp | None = None
    applied_at: Timestamp | None = None
    removed_at: Timestamp | None = None


class UnlockRequest(Model):
    """A driver app's request to unlock, and the dispatcher's decision on it.

    An approval carries a one-time ``code`` valid only inside ``valid_geofence_id`` between
    ``valid_from`` and ``valid_until``; an unlock without a valid one raises a critical alarm.
    """

    id: Id
    trailer_id: Id
    lock_id: Id
    driver_id: Id | None = None
    requested_at: Timestamp
    #: Where the trailer was when the driver asked, and the geofence it was in (None: none).
    position: Position | None = None
    geofence_id: Id | None = None
    #: The trip and its planned destination at the time of the request.
    trip_id: Id | None = None
    destination_id: Id | None = None
    #: What the driver gave as the reason ("delivery", "inspection", ...).
    reason: Annotated[str, Field(max_length=200)] = ""
    state: UnlockRequestState
    decided_by: str | None = None
    decided_at: Timestamp | None = None
    refusal_reason: Note | None = None
    valid_geofence_id: Id | None = None
    valid_from: Timestamp | None = None
    valid_until: Timestamp | None = None
    #: The one-time code (approved only); the driver app receives it, a dispatcher may read
    #: it out on the phone.
    code: Annotated[str, Field(pattern=r"^[0-9]{6}$")] | None = None
    used_at: Timestamp | None = None


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
