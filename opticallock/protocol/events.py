"""The event log's entries: every event type a carrier's log holds, and the event union."""

from __future__ import annotations

from typing import Annotated, Any, Literal, get_args

from pydantic import Field, TypeAdapter

from opticallock.protocol.base import Id, Latitude, Longitude, Model, Timestamp
from opticallock.protocol.entities import (
    Alarm,
    AlarmNote,
    AlarmNotification,
    AlarmStep,
    DriverCall,
    DriverMessage,
    EscalationPolicies,
    LockState,
    Position,
    ResolveOutcome,
    Seal,
    SealAction,
    SealNumber,
    SkippedStep,
    TamperKind,
    Trip,
    UnlockRequest,
)
from opticallock.protocol.plans import ActionPlans

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
    #: The unlock authorisation (an approved :class:`UnlockRequest`'s id) it was opened under,
    #: if it was valid there and then; None: opened without one.
    authorisation_id: Id | None = None


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
    #: Action-plan steps left undone, each with the reason given.
    skipped: list[SkippedStep] = Field(default_factory=list)


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


class SealEvent(EventBase):
    """A link of a seal's custody chain (issued, applied, checked, removed, replaced,
    tampered); ``seal`` is the seal as it stands after it."""

    type: Literal["seal"] = "seal"
    action: SealAction
    seal: Seal
    trailer_id: Id | None = None
    lock_id: Id | None = None
    trip_id: Id | None = None
    #: Who: "driver:DRV-0042", "dispatcher:ana", "cbp:Otay Mesa", "terminal:GF-FFL-CHULA".
    actor: Annotated[str, Field(max_length=120)]
    geofence_id: Id | None = None
    position: Position | None = None
    #: Applied: the number the driver app read off the seal (a mismatch raises an alarm).
    read_back: Annotated[str, Field(max_length=32)] | None = None
    #: Applied: the photo the driver app took of the fitted seal (a reference, not the image).
    photo_ref: Annotated[str, Field(max_length=200)] | None = None
    #: Removed: under a valid unlock authorisation (its id), or not.
    authorised: bool | None = None
    authorisation_id: Id | None = None
    #: Replaced: the new seal's number.
    replaced_by: SealNumber | None = None
    note: Annotated[str, Field(max_length=500)] = ""


class UnlockRequestEvent(EventBase):
    """An unlock request was made, decided (approved with a code, or refused with a reason),
    used, or expired; ``request`` is the request as it stands after it."""

    type: Literal["unlock_request"] = "unlock_request"
    phase: Literal["requested", "approved", "refused", "used", "expired"]
    request: UnlockRequest


class AlarmOwnerEvent(EventBase):
    """An alarm was taken, released, assigned, taken over, or released because its owner's
    session ended (``auto_release``, by "cloud")."""

    type: Literal["alarm_owner"] = "alarm_owner"
    alarm_id: Id
    lock_id: Id
    action: Literal["take", "release", "assign", "take_over", "auto_release"]
    owner: str | None
    previous: str | None = None
    by: str
    at: Timestamp
    request_id: str = ""


class AlarmNoteEvent(EventBase):
    type: Literal["alarm_note"] = "alarm_note"
    alarm_id: Id
    lock_id: Id
    note: AlarmNote
    request_id: str


class AlarmNotifiedEvent(EventBase):
    """The cloud notified someone on the alarm's call list (or heard how it was delivered)."""

    type: Literal["alarm_notified"] = "alarm_notified"
    alarm_id: Id
    lock_id: Id
    notification: AlarmNotification


class PoliciesChangedEvent(EventBase):
    """The carrier's alarm policies and call lists changed (a new version)."""

    type: Literal["policies_changed"] = "policies_changed"
    policies: EscalationPolicies


class ActionPlansChangedEvent(EventBase):
    """The carrier's action plans changed (a new version)."""

    type: Literal["action_plans_changed"] = "action_plans_changed"
    action_plans: ActionPlans


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
    | TripEvent
    | SealEvent
    | UnlockRequestEvent
    | AlarmOwnerEvent
    | AlarmNoteEvent
    | AlarmNotifiedEvent
    | PoliciesChangedEvent
    | ActionPlansChangedEvent,
    Field(discriminator="type"),
]

#: The event models, in the order of the union (listed once, in ``Event``).
EVENT_MODELS: tuple[type[EventBase], ...] = get_args(get_args(Event)[0])
EVENT_TYPES: frozenset[str] = frozenset(m.model_fields["type"].default for m in EVENT_MODELS)
TELEMETRY_TYPES: frozenset[str] = frozenset({"positions", "fiber"})


event_adapter: TypeAdapter[Any] = TypeAdapter(Event)
events_adapter: TypeAdapter[list[Any]] = TypeAdapter(list[Event])
