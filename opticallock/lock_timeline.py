"""One lock's events as timeline entries: which lane, which glyph, what it says, where it was.

The timeline groups what happened to a trailer's lock in lanes a dispatcher reads top to bottom:
the lock itself, its seal, alarms and what dispatchers did about them, places (geofences, trips),
the lock's link (GPS, battery) and the driver. This module turns protocol events (and driver
messages) into plain :class:`TimelineEntry` records; the widget only draws them.

No Qt, no I/O. Text that came over the network (names, notes, messages) is kept as it came: the
widget escapes it when it shows it.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

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


LANE_LABELS: dict[Lane, str] = {
    Lane.LOCK: "Lock",
    Lane.SEAL: "Seal / fiber",
    Lane.ALARMS: "Alarms & actions",
    Lane.PLACES: "Geofence / trip",
    Lane.COMMS: "Comms / GPS",
    Lane.DRIVER: "Driver",
}


@dataclass(frozen=True)
class TimelineEntry:
    """One glyph on the timeline."""

    #: Unique and stable: "seq:<n>" for logged events, "msg:<id>" for driver messages.
    key: str
    ts: float
    lane: Lane
    #: The glyph's kind (the widget maps it to a symbol and colour), e.g. "fiber_cut".
    kind: str
    #: A few words: "Fiber seal cut".
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


_TAMPER_TITLES = {
    TamperKind.FIBER_CUT: "Fiber seal cut",
    TamperKind.FIBER_DEGRADED: "Fiber seal degraded",
    TamperKind.FORCED_ENTRY: "Forced entry",
}
_LOCK_TITLES = {
    LockState.LOCKED: "Locked",
    LockState.UNLOCKED: "Unlocked",
    LockState.SHACKLE_OPEN: "Shackle forced open",
}


def _at(ts: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(ts))


def _pos(position: Position | None) -> tuple[float | None, float | None]:
    return (position.lat, position.lon) if position is not None else (None, None)


def _label(value: str) -> str:
    return value.replace("_", " ")


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
    key = f"seq:{event.seq}"
    match event:
        case LockStateEvent():
            lat, lon = _pos(event.position)
            forced = event.state is LockState.SHACKLE_OPEN
            return TimelineEntry(
                key, event.ts, Lane.LOCK, event.state.value, _LOCK_TITLES[event.state],
                f"From {_label(event.previous.value)} · by {_label(event.actor)}", lat, lon,
                critical=forced)
        case TamperEvent():
            lat, lon = _pos(event.position)
            level = "" if event.fiber_dbm is None else f"Seal level {event.fiber_dbm:.1f} dBm"
            return TimelineEntry(key, event.ts, Lane.SEAL, event.kind.value,
                                 _TAMPER_TITLES[event.kind], level, lat, lon,
                                 critical=event.kind is not TamperKind.FIBER_DEGRADED)
        case AlarmRaisedEvent():
            alarm = event.alarm
            lat, lon = _pos(alarm.position)
            return TimelineEntry(
                key, event.ts, Lane.ALARMS, f"alarm_{alarm.priority.value}",
                f"{alarm.priority.value.upper()} alarm: {_label(alarm.type.value)}",
                f"{alarm.detail}\nAlarm {alarm.id}", lat, lon,
                critical=alarm.priority is AlarmPriority.CRITICAL)
        case AlarmRepeatedEvent():
            return TimelineEntry(key, event.ts, Lane.ALARMS, "alarm_repeated",
                                 f"Alarm repeated (×{event.count})", f"Alarm {event.alarm_id}")
        case AlarmAcknowledgedEvent():
            note = f"\nNote: {event.note}" if event.note else ""
            return TimelineEntry(key, event.ts, Lane.ALARMS, "acknowledged",
                                 f"Acknowledged by {event.by}",
                                 f"Alarm {event.alarm_id} at {_at(event.at)}{note}")
        case AlarmResolvedEvent():
            note = f"\nNote: {event.note}" if event.note else ""
            return TimelineEntry(key, event.ts, Lane.ALARMS, "resolved",
                                 f"Resolved by {event.by}: {_label(event.outcome.value)}",
                                 f"Alarm {event.alarm_id} at {_at(event.at)}{note}")
        case AlarmStepEvent():
            mark = "done" if event.step.done else "undone"
            return TimelineEntry(key, event.ts, Lane.ALARMS, "step",
                                 f"Step {mark} by {event.step.by}", event.step.label)
        case AlarmEscalatedEvent():
            return TimelineEntry(key, event.ts, Lane.ALARMS, "escalated",
                                 f"Escalated to level {event.level}",
                                 f"{event.reason}\nAlarm {event.alarm_id}", critical=True)
        case AlarmSeenEvent():
            return TimelineEntry(key, event.ts, Lane.ALARMS, "seen", f"Seen by {event.by}",
                                 f"Alarm {event.alarm_id}")
        case GeofenceEnterEvent() | GeofenceExitEvent():
            entered = isinstance(event, GeofenceEnterEvent)
            fence = (geofences or {}).get(event.geofence_id)
            lat, lon = geofence_centre(fence) if fence is not None else (None, None)
            return TimelineEntry(
                key, event.ts, Lane.PLACES, "geofence_enter" if entered else "geofence_exit",
                f"{'Entered' if entered else 'Left'} {event.geofence_name}",
                f"Geofence {event.geofence_id}", lat, lon)
        case TripEvent():
            trip = event.trip
            return TimelineEntry(
                key, event.ts, Lane.PLACES, f"trip_{event.phase}",
                f"Trip {event.phase}: {trip.origin_name} → {trip.destination_name}",
                f"{trip.route}\nTrip {trip.id}")
        case GpsLostEvent():
            lat, lon = _pos(event.last_position)
            return TimelineEntry(key, event.ts, Lane.COMMS, "gps_lost", "GPS fix lost",
                                 "Last known position" if lat is not None else "", lat, lon)
        case GpsRegainedEvent():
            lat, lon = _pos(event.position)
            return TimelineEntry(key, event.ts, Lane.COMMS, "gps_regained", "GPS fix regained",
                                 "", lat, lon)
        case BatteryLowEvent():
            return TimelineEntry(key, event.ts, Lane.COMMS, "battery_low",
                                 f"Lock battery low ({event.battery_pct:.0f} %)")
        case DriverAppEvent():
            online = "online" if event.online else "offline"
            return TimelineEntry(key, event.ts, Lane.DRIVER, f"app_{online}",
                                 f"Driver app {online}", f"Driver {event.driver_id}")
        case DriverMessageEvent():
            return message_entry(event.message)
        case _:
            return _other_entry(key, event)


def _other_entry(key: str, event: Any) -> TimelineEntry | None:
    """Event types this module does not know by name: a dispatcher's call record is read by its
    fields; anything else still gets a glyph (in the driver lane when it is about the driver),
    so a newer cloud's events are not silently missing from the record."""
    etype = str(getattr(event, "type", ""))
    if not etype or etype in ("positions", "fiber"):
        return None
    call = getattr(event, "call", None)
    if call is not None and hasattr(call, "outcome"):
        outcome = str(getattr(call.outcome, "value", call.outcome)).replace("_", " ")
        note = getattr(call, "note", "") or ""
        return TimelineEntry(key, event.ts, Lane.DRIVER, "driver_call",
                             f"Driver called by {getattr(call, 'by', 'dispatch')}: {outcome}",
                             f"{getattr(call, 'phone', '')}" + (f"\nNote: {note}" if note else ""))
    lane = Lane.DRIVER if "driver" in etype else Lane.ALARMS if "alarm" in etype else Lane.LOCK
    return TimelineEntry(key, event.ts, lane, etype, _label(etype).capitalize())


def message_entry(message: DriverMessage) -> TimelineEntry:
    """A driver message at the time it was written, with its latest status."""
    to_driver = message.direction is MessageDirection.TO_DRIVER
    if to_driver:
        title = f"Message to driver from {message.sent_by or 'dispatch'} ({message.status.value})"
    else:
        title = "Message from driver"
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
    "LANE_LABELS",
    "Lane",
    "TimelineEntry",
    "concerns",
    "entry_of",
    "message_entry",
]
