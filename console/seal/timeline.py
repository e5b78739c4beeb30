"""One lock's events as timeline entries: which lane, which glyph, what it says, where it was.

The timeline groups what happened to a trailer's lock in lanes a dispatcher reads top to bottom:
the lock itself, its seal, alarms and what dispatchers did about them, places (geofences, trips),
the lock's link (GPS, battery) and the driver. This module turns protocol events (and driver
messages) into plain :class:`TimelineEntry` records; the widget only draws them.

Titles and details are composed when an entry is made, through Qt's translation (context
"LockTimeline"); alarm types, priorities, resolutions, lock states and call outcomes are named by
their capability's labels module, so the timeline says what the queue and the dialogs say. No
I/O. Text that came over the network (names, notes, messages) is kept as it came: the widget
escapes it when it shows it.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QCoreApplication

from console.alarms.labels import alarm_type_label, outcome_label, priority_label
from console.contacts.labels import call_outcome_label
from console.fleet.labels import QT_TRANSLATE_NOOP, TranslatedNames, lock_state_label
from opticallock.protocol import (
    AlarmAcknowledgedEvent,
    AlarmEscalatedEvent,
    AlarmPriority,
    AlarmRaisedEvent,
    AlarmRepeatedEvent,
    AlarmResolvedEvent,
    AlarmSeenEvent,
    AlarmStepEvent,
    BatteryLowEvent,
    CircleShape,
    DriverAppEvent,
    DriverMessage,
    DriverMessageEvent,
    GeofenceEnterEvent,
    GeofenceExitEvent,
    GpsLostEvent,
    GpsRegainedEvent,
    LockState,
    LockStateEvent,
    MessageDirection,
    MessageStatus,
    Position,
    TamperEvent,
    TamperKind,
    TripEvent,
)


class Lane(IntEnum):
    """Timeline lanes, top to bottom."""

    LOCK = 0
    SEAL = 1
    ALARMS = 2
    PLACES = 3
    COMMS = 4
    DRIVER = 5


@dataclass(frozen=True)
class TimelineEntry:
    """One glyph on the timeline."""

    #: Unique and stable: "seq:<n>" for logged events, "msg:<id>" for driver messages.
    key: str
    ts: float
    lane: Lane
    #: The glyph's kind (the widget maps it to a symbol and colour), e.g. "fiber_cut".
    kind: str
    #: A few words: "Fiber seal cut" (translated when the entry was made).
    title: str
    #: More lines of plain text (who, note, level, ...); may be empty.
    detail: str = ""
    lat: float | None = None
    lon: float | None = None
    #: Shown bigger: cuts, forced entry, critical alarms.
    critical: bool = False

    @property
    def has_position(self) -> bool:
        return self.lat is not None and self.lon is not None


CONTEXT = "LockTimeline"

#: A lock state's event, in the words of a timeline title (a forced shackle is said so).
LOCK_TITLES: TranslatedNames[LockState] = TranslatedNames(CONTEXT, {
    LockState.LOCKED: QT_TRANSLATE_NOOP("LockTimeline", "Locked"),
    LockState.UNLOCKED: QT_TRANSLATE_NOOP("LockTimeline", "Unlocked"),
    LockState.SHACKLE_OPEN: QT_TRANSLATE_NOOP("LockTimeline", "Shackle forced open"),
})

#: Who operated the lock, as the cloud reports it ("unknown" for a forced opening).
ACTOR_NAMES: TranslatedNames[str] = TranslatedNames(CONTEXT, {
    "driver_app": QT_TRANSLATE_NOOP("LockTimeline", "driver app"),
    "key": QT_TRANSLATE_NOOP("LockTimeline", "key"),
    "unknown": QT_TRANSLATE_NOOP("LockTimeline", "unknown"),
})

#: A message to the driver's latest status, in brackets after its title.
MESSAGE_STATUS_NAMES: TranslatedNames[MessageStatus] = TranslatedNames(CONTEXT, {
    MessageStatus.SENT: QT_TRANSLATE_NOOP("LockTimeline", "sent"),
    MessageStatus.DELIVERED: QT_TRANSLATE_NOOP("LockTimeline", "delivered"),
    MessageStatus.READ: QT_TRANSLATE_NOOP("LockTimeline", "read"),
    MessageStatus.REPLY: QT_TRANSLATE_NOOP("LockTimeline", "reply"),
})

#: A trip's phase, one whole title each so a translation can reorder it.
TRIP_TITLES: dict[str, str] = {
    "planned": QT_TRANSLATE_NOOP("LockTimeline", "Trip planned: {origin} → {destination}"),
    "departed": QT_TRANSLATE_NOOP("LockTimeline", "Trip departed: {origin} → {destination}"),
    "arrived": QT_TRANSLATE_NOOP("LockTimeline", "Trip arrived: {origin} → {destination}"),
}


def _at(ts: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(ts))


def _pos(position: Position | None) -> tuple[float | None, float | None]:
    return (position.lat, position.lon) if position is not None else (None, None)


def _label(value: str) -> str:
    return value.replace("_", " ")


def _actor(actor: str) -> str:
    return ACTOR_NAMES[actor] if actor in ACTOR_NAMES else _label(actor)


def _dispatch() -> str:
    """Who sent or called when the record does not say."""
    return QCoreApplication.translate("LockTimeline", "dispatch")


def _alarm_ref(alarm_id: str) -> str:
    return QCoreApplication.translate("LockTimeline", "Alarm {alarm}").format(alarm=alarm_id)


def _with_note(text: str, note: str | None) -> str:
    if not note:
        return text
    return text + "\n" + QCoreApplication.translate("LockTimeline", "Note: {note}").format(
        note=note)


def _handled(alarm_id: str, at: float, note: str | None) -> str:
    """An acknowledgement's or resolution's detail: which alarm, when, and the note."""
    which = QCoreApplication.translate("LockTimeline", "Alarm {alarm} at {when}").format(
        alarm=alarm_id, when=_at(at))
    return _with_note(which, note)


def geofence_centre(fence: Any) -> tuple[float | None, float | None]:
    """A geofence's centre (its circle's, or its polygon's vertex mean)."""
    shape = getattr(fence, "shape", None)
    if isinstance(shape, CircleShape):
        return shape.lat, shape.lon
    points = getattr(shape, "points", None)
    if points:
        return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
    return None, None


def entry_of(event: Any, geofences: Mapping[str, Any] | None = None) -> TimelineEntry | None:
    """The timeline entry of one logged event (None for telemetry and events not shown)."""
    match event:
        case LockStateEvent() | TamperEvent():
            return _lock_entry(event)
        case (AlarmRaisedEvent() | AlarmRepeatedEvent() | AlarmAcknowledgedEvent()
              | AlarmResolvedEvent() | AlarmStepEvent() | AlarmEscalatedEvent()
              | AlarmSeenEvent()):
            return _alarm_entry(event)
        case GeofenceEnterEvent() | GeofenceExitEvent() | TripEvent():
            return _place_entry(event, geofences)
        case GpsLostEvent() | GpsRegainedEvent() | BatteryLowEvent():
            return _comms_entry(event)
        case DriverAppEvent():
            online = "online" if event.online else "offline"
            title = (QCoreApplication.translate("LockTimeline", "Driver app online") if event.online
                     else QCoreApplication.translate("LockTimeline", "Driver app offline"))
            detail = QCoreApplication.translate("LockTimeline", "Driver {driver}").format(
                driver=event.driver_id)
            return TimelineEntry(f"seq:{event.seq}", event.ts, Lane.DRIVER, f"app_{online}",
                                 title, detail)
        case DriverMessageEvent():
            return message_entry(event.message)
        case _:
            return _other_entry(f"seq:{event.seq}", event)


def _lock_entry(event: LockStateEvent | TamperEvent) -> TimelineEntry:
    key = f"seq:{event.seq}"
    lat, lon = _pos(event.position)
    if isinstance(event, LockStateEvent):
        detail = QCoreApplication.translate("LockTimeline", "From {state} · by {actor}").format(
            state=lock_state_label(event.previous), actor=_actor(event.actor))
        return TimelineEntry(key, event.ts, Lane.LOCK, event.state.value,
                             LOCK_TITLES[event.state], detail, lat, lon,
                             critical=event.state is LockState.SHACKLE_OPEN)
    level = "" if event.fiber_dbm is None else QCoreApplication.translate(
        "LockTimeline", "Seal level {level} dBm").format(level=f"{event.fiber_dbm:.1f}")
    # A tamper event is named as the alarm it raises: "Fiber seal cut", "Forced entry".
    return TimelineEntry(key, event.ts, Lane.SEAL, event.kind.value,
                         alarm_type_label(event.kind.value), level, lat, lon,
                         critical=event.kind is not TamperKind.FIBER_DEGRADED)


def _alarm_entry(event: Any) -> TimelineEntry | None:
    key, ts, lane = f"seq:{event.seq}", event.ts, Lane.ALARMS
    match event:
        case AlarmRaisedEvent():
            alarm = event.alarm
            lat, lon = _pos(alarm.position)
            title = QCoreApplication.translate("LockTimeline", "{priority} alarm: {alarm}").format(
                priority=priority_label(alarm.priority), alarm=alarm_type_label(alarm.type))
            return TimelineEntry(key, ts, lane, f"alarm_{alarm.priority.value}", title,
                                 f"{alarm.detail}\n{_alarm_ref(alarm.id)}", lat, lon,
                                 critical=alarm.priority is AlarmPriority.CRITICAL)
        case AlarmRepeatedEvent():
            title = QCoreApplication.translate("LockTimeline", "Alarm repeated (×{count})")
            return TimelineEntry(key, ts, lane, "alarm_repeated", title.format(count=event.count),
                                 _alarm_ref(event.alarm_id))
        case AlarmAcknowledgedEvent():
            title = QCoreApplication.translate("LockTimeline", "Acknowledged by {who}")
            return TimelineEntry(key, ts, lane, "acknowledged", title.format(who=event.by),
                                 _handled(event.alarm_id, event.at, event.note))
        case AlarmResolvedEvent():
            title = QCoreApplication.translate("LockTimeline", "Resolved by {who}: {outcome}")
            return TimelineEntry(key, ts, lane, "resolved",
                                 title.format(who=event.by, outcome=outcome_label(event.outcome)),
                                 _handled(event.alarm_id, event.at, event.note))
        case AlarmStepEvent():
            step = event.step
            title = (QCoreApplication.translate("LockTimeline", "Step done by {who}") if step.done
                     else QCoreApplication.translate("LockTimeline", "Step undone by {who}"))
            return TimelineEntry(key, ts, lane, "step", title.format(who=step.by), step.label)
        case AlarmEscalatedEvent():
            title = QCoreApplication.translate("LockTimeline", "Escalated to level {level}")
            return TimelineEntry(key, ts, lane, "escalated", title.format(level=event.level),
                                 f"{event.reason}\n{_alarm_ref(event.alarm_id)}", critical=True)
        case AlarmSeenEvent():
            title = QCoreApplication.translate("LockTimeline", "Seen by {who}")
            return TimelineEntry(key, ts, lane, "seen", title.format(who=event.by),
                                 _alarm_ref(event.alarm_id))
        case _:
            return None


def _place_entry(event: GeofenceEnterEvent | GeofenceExitEvent | TripEvent,
                 geofences: Mapping[str, Any] | None) -> TimelineEntry:
    key = f"seq:{event.seq}"
    if isinstance(event, TripEvent):
        trip = event.trip
        title = QCoreApplication.translate("LockTimeline", TRIP_TITLES[event.phase]).format(
            origin=trip.origin_name, destination=trip.destination_name)
        detail = QCoreApplication.translate("LockTimeline", "Trip {trip}").format(trip=trip.id)
        return TimelineEntry(key, event.ts, Lane.PLACES, f"trip_{event.phase}", title,
                             f"{trip.route}\n{detail}")
    entered = isinstance(event, GeofenceEnterEvent)
    fence = (geofences or {}).get(event.geofence_id)
    lat, lon = geofence_centre(fence) if fence is not None else (None, None)
    title = (QCoreApplication.translate("LockTimeline", "Entered {place}") if entered
             else QCoreApplication.translate("LockTimeline", "Left {place}"))
    detail = QCoreApplication.translate("LockTimeline", "Geofence {geofence}").format(
        geofence=event.geofence_id)
    return TimelineEntry(key, event.ts, Lane.PLACES,
                         "geofence_enter" if entered else "geofence_exit",
                         title.format(place=event.geofence_name), detail, lat, lon)


def _comms_entry(event: GpsLostEvent | GpsRegainedEvent | BatteryLowEvent) -> TimelineEntry:
    key = f"seq:{event.seq}"
    if isinstance(event, GpsLostEvent):
        lat, lon = _pos(event.last_position)
        where = ("" if lat is None
                 else QCoreApplication.translate("LockTimeline", "Last known position"))
        return TimelineEntry(key, event.ts, Lane.COMMS, "gps_lost",
                             QCoreApplication.translate("LockTimeline", "GPS fix lost"),
                             where, lat, lon)
    if isinstance(event, GpsRegainedEvent):
        lat, lon = _pos(event.position)
        return TimelineEntry(key, event.ts, Lane.COMMS, "gps_regained",
                             QCoreApplication.translate("LockTimeline", "GPS fix regained"),
                             "", lat, lon)
    title = QCoreApplication.translate("LockTimeline", "Lock battery low ({pct} %)")
    return TimelineEntry(key, event.ts, Lane.COMMS, "battery_low",
                         title.format(pct=f"{event.battery_pct:.0f}"))


def _other_entry(key: str, event: Any) -> TimelineEntry | None:
    """Event types this module does not know by name: a dispatcher's call record is read by its
    fields; anything else still gets a glyph (in the driver lane when it is about the driver),
    so a newer cloud's events are not silently missing from the record."""
    etype = str(getattr(event, "type", ""))
    if not etype or etype in ("positions", "fiber"):
        return None
    call = getattr(event, "call", None)
    if call is not None and hasattr(call, "outcome"):
        outcome = call_outcome_label(str(getattr(call.outcome, "value", call.outcome)))
        title = QCoreApplication.translate("LockTimeline", "Driver called by {who}: {outcome}")
        return TimelineEntry(key, event.ts, Lane.DRIVER, "driver_call",
                             title.format(who=getattr(call, "by", None) or _dispatch(),
                                          outcome=outcome),
                             _with_note(str(getattr(call, "phone", "")),
                                        getattr(call, "note", "") or ""))
    lane = Lane.DRIVER if "driver" in etype else Lane.ALARMS if "alarm" in etype else Lane.LOCK
    # A type this console does not know has no translation: it is shown by its wire name.
    return TimelineEntry(key, event.ts, lane, etype, _label(etype).capitalize())


def message_entry(message: DriverMessage) -> TimelineEntry:
    """A driver message at the time it was written, with its latest status."""
    to_driver = message.direction is MessageDirection.TO_DRIVER
    if to_driver:
        title = QCoreApplication.translate(
            "LockTimeline", "Message to driver from {who} ({status})").format(
            who=message.sent_by or _dispatch(), status=MESSAGE_STATUS_NAMES[message.status])
    else:
        title = QCoreApplication.translate("LockTimeline", "Message from driver")
    return TimelineEntry(f"msg:{message.id}", message.created_at, Lane.DRIVER,
                         "msg_to_driver" if to_driver else "msg_from_driver", title, message.text)


def concerns(event: Any, lock_id: str, trailer_id: str | None = None,
             driver_id: str | None = None) -> bool:
    """Whether a logged event belongs on this lock's timeline."""
    if getattr(event, "lock_id", None) == lock_id:
        return True
    match event:
        case AlarmRaisedEvent():
            return event.alarm.lock_id == lock_id
        case DriverMessageEvent():
            msg = event.message
            return ((trailer_id is not None and msg.trailer_id == trailer_id)
                    or (driver_id is not None and msg.driver_id == driver_id))
        case DriverAppEvent():
            return driver_id is not None and event.driver_id == driver_id
        case TripEvent():
            return trailer_id is not None and event.trip.trailer_id == trailer_id
        case _:
            return False


__all__ = [
    "ACTOR_NAMES",
    "LOCK_TITLES",
    "MESSAGE_STATUS_NAMES",
    "TRIP_TITLES",
    "Lane",
    "TimelineEntry",
    "concerns",
    "entry_of",
    "geofence_centre",
    "message_entry",
]
