"""Events as timeline entries: lanes, glyph kinds, positions, their words, and which events
concern a lock."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from console.seal.timeline import Lane, concerns, entry_of, geofence_centre, message_entry
from opticallock.protocol import (
    AlarmAcknowledgedEvent,
    AlarmRaisedEvent,
    AlarmResolvedEvent,
    AlarmStep,
    AlarmStepEvent,
    BatteryLowEvent,
    CircleShape,
    DriverAppEvent,
    DriverMessage,
    DriverMessageEvent,
    FiberEvent,
    Geofence,
    GeofenceEnterEvent,
    GeofenceKind,
    GpsLostEvent,
    LockState,
    LockStateEvent,
    MessageDirection,
    MessageStatus,
    PolygonShape,
    ResolveOutcome,
    TamperEvent,
    TamperKind,
    Trip,
    TripEvent,
)
from tests.console.alarms.alarm_data import make_alarm, position

LOCK, TRAILER, DRIVER = "OL-1", "TR-1", "DRV-1"


def test_each_kind_of_event_has_its_lane_and_glyph() -> None:
    pos = position()
    cases = [
        (LockStateEvent(seq=1, ts=10.0, lock_id=LOCK, trailer_id=TRAILER,
                        state=LockState.SHACKLE_OPEN, previous=LockState.LOCKED, position=pos,
                        actor="unknown"), Lane.LOCK, "shackle_open", True),
        (TamperEvent(seq=2, ts=11.0, lock_id=LOCK, trailer_id=TRAILER, kind=TamperKind.FIBER_CUT,
                     fiber_dbm=-40.0, position=pos), Lane.SEAL, "fiber_cut", True),
        (TamperEvent(seq=3, ts=12.0, lock_id=LOCK, trailer_id=TRAILER,
                     kind=TamperKind.FIBER_DEGRADED), Lane.SEAL, "fiber_degraded", False),
        (AlarmRaisedEvent(seq=4, ts=13.0, alarm=make_alarm("AL-1")), Lane.ALARMS,
         "alarm_critical", True),
        (AlarmAcknowledgedEvent(seq=5, ts=14.0, alarm_id="AL-1", lock_id=LOCK, by="ana", at=14.0,
                                note="on it", request_id="r" * 8), Lane.ALARMS, "acknowledged",
         False),
        (GpsLostEvent(seq=6, ts=15.0, lock_id=LOCK, trailer_id=TRAILER, last_position=pos),
         Lane.COMMS, "gps_lost", False),
        (BatteryLowEvent(seq=7, ts=16.0, lock_id=LOCK, trailer_id=TRAILER, battery_pct=9.0),
         Lane.COMMS, "battery_low", False),
        (DriverAppEvent(seq=8, ts=17.0, driver_id=DRIVER, online=False), Lane.DRIVER,
         "app_offline", False),
    ]
    for event, lane, kind, critical in cases:
        entry = entry_of(event)
        assert entry is not None
        assert (entry.lane, entry.kind, entry.critical) == (lane, kind, critical), event.type
        assert entry.key == f"seq:{event.seq}"
        assert entry.ts == event.ts
    cut = entry_of(cases[1][0])
    assert cut is not None
    assert (cut.lat, cut.lon) == (pos.lat, pos.lon)
    assert cut.detail == "Seal level -40.0 dBm"
    ack = entry_of(cases[4][0])
    assert ack is not None
    assert "Note: on it" in ack.detail
    assert entry_of(FiberEvent(seq=9, ts=1.0, rows=[])) is None


def test_geofence_events_are_placed_at_the_fences_centre() -> None:
    fence = Geofence(id="GF-1", name="Laredo Terminal", kind=GeofenceKind.TERMINAL,
                     shape=CircleShape(lat=27.5, lon=-99.5, radius_m=500.0))
    event = GeofenceEnterEvent(seq=1, ts=5.0, lock_id=LOCK, trailer_id=TRAILER,
                               geofence_id="GF-1", geofence_name="Laredo Terminal")
    entry = entry_of(event, {"GF-1": fence})
    assert entry is not None
    assert entry.lane is Lane.PLACES
    assert entry.title == "Entered Laredo Terminal"
    assert (entry.lat, entry.lon) == (27.5, -99.5)
    assert not entry_of(event).has_position  # type: ignore[union-attr]
    square = SimpleNamespace(shape=PolygonShape(points=[(0.0, 0.0), (0.0, 2.0), (2.0, 2.0),
                                                        (2.0, 0.0)]))
    assert geofence_centre(square) == (1.0, 1.0)


def test_driver_messages_keep_their_text_and_newest_status() -> None:
    msg = DriverMessage(id="MSG-1", driver_id=DRIVER, direction=MessageDirection.TO_DRIVER,
                        text="Stop <b>now</b>", status=MessageStatus.READ, created_at=20.0,
                        updated_at=30.0, sent_by="ana", trailer_id=TRAILER)
    entry = message_entry(msg)
    assert entry.key == "msg:MSG-1"
    assert entry.ts == 20.0
    assert entry.detail == "Stop <b>now</b>"  # escaped by the widget, not here
    assert "(read)" in entry.title
    event = DriverMessageEvent(seq=3, ts=30.0, message=msg)
    assert entry_of(event) == entry


@pytest.mark.parametrize(("event", "expected"), [
    (TamperEvent(seq=1, ts=1.0, lock_id=LOCK, trailer_id=TRAILER, kind=TamperKind.FIBER_CUT),
     True),
    (TamperEvent(seq=1, ts=1.0, lock_id="OL-2", trailer_id="TR-2", kind=TamperKind.FIBER_CUT),
     False),
    (AlarmRaisedEvent(seq=1, ts=1.0, alarm=make_alarm("AL-1", lock=1)), True),
    (AlarmRaisedEvent(seq=1, ts=1.0, alarm=make_alarm("AL-2", lock=2)), False),
    (DriverAppEvent(seq=1, ts=1.0, driver_id=DRIVER, online=True), True),
    (DriverAppEvent(seq=1, ts=1.0, driver_id="DRV-2", online=True), False),
    (FiberEvent(seq=1, ts=1.0, rows=[(LOCK, 1.0, -11.0, 90.0)]), False),
])
def test_which_events_concern_the_lock(event: object, expected: bool) -> None:
    assert concerns(event, LOCK, TRAILER, DRIVER) is expected


def test_unknown_event_types_still_show_and_call_records_are_read() -> None:
    call = SimpleNamespace(outcome=SimpleNamespace(value="no_answer"), by="ana",
                           phone="+1 956 555 0100", note="left a voicemail")
    entry = entry_of(SimpleNamespace(type="driver_call", seq=7, ts=9.0, call=call,
                                     lock_id=LOCK))
    assert entry is not None
    assert entry.lane is Lane.DRIVER
    # The call's outcome in the call dialog's words.
    assert entry.title == "Driver called by ana: No answer"
    assert "left a voicemail" in entry.detail
    other = entry_of(SimpleNamespace(type="seal_replaced", seq=8, ts=10.0, lock_id=LOCK))
    assert other is not None
    assert (other.lane, other.title) == (Lane.LOCK, "Seal replaced")


def test_titles_name_things_as_the_queue_and_the_dialogs_do() -> None:
    pos = position()
    opened = entry_of(LockStateEvent(seq=1, ts=10.0, lock_id=LOCK, trailer_id=TRAILER,
                                     state=LockState.SHACKLE_OPEN, previous=LockState.LOCKED,
                                     position=pos, actor="unknown"))
    assert opened is not None
    assert (opened.title, opened.detail) == ("Shackle forced open", "From Locked · by unknown")
    unlocked = entry_of(LockStateEvent(seq=2, ts=11.0, lock_id=LOCK, trailer_id=TRAILER,
                                       state=LockState.UNLOCKED, previous=LockState.LOCKED,
                                       actor="driver_app"))
    assert unlocked is not None
    assert unlocked.detail == "From Locked · by driver app"
    cut = entry_of(TamperEvent(seq=3, ts=12.0, lock_id=LOCK, trailer_id=TRAILER,
                               kind=TamperKind.FORCED_ENTRY))
    assert cut is not None
    assert (cut.title, cut.detail) == ("Forced entry", "")
    raised = entry_of(AlarmRaisedEvent(seq=4, ts=13.0, alarm=make_alarm("AL-1")))
    assert raised is not None
    assert raised.title == "CRITICAL alarm: Fiber seal cut"
    assert raised.detail.endswith("\nAlarm AL-1")
    resolved = entry_of(AlarmResolvedEvent(seq=5, ts=14.0, alarm_id="AL-1", lock_id=LOCK,
                                           by="ana", at=14.0,
                                           outcome=ResolveOutcome.POLICE_NOTIFIED, note="",
                                           request_id="r" * 8))
    assert resolved is not None
    assert resolved.title == "Resolved by ana: Police notified"
    assert "Note" not in resolved.detail


def test_each_phase_of_a_trip_and_a_step_has_its_own_sentence() -> None:
    trip = Trip(id="TRIP-1", trailer_id=TRAILER, origin_id="GF-1", origin_name="Laredo",
                destination_id="GF-2", destination_name="Monterrey", route="I-35 / MX-85",
                window_start=0.0, window_end=3600.0)
    titles = []
    for phase in ("planned", "departed", "arrived"):
        entry = entry_of(TripEvent(seq=1, ts=1.0, phase=phase, trip=trip))
        assert entry is not None
        assert entry.kind == f"trip_{phase}"
        assert entry.detail == "I-35 / MX-85\nTrip TRIP-1"
        titles.append(entry.title)
    assert titles == ["Trip planned: Laredo → Monterrey", "Trip departed: Laredo → Monterrey",
                      "Trip arrived: Laredo → Monterrey"]
    for done, title in ((True, "Step done by ana"), (False, "Step undone by ana")):
        step = AlarmStep(step_id="call_driver", label="Call the driver", done=done, by="ana",
                         at=2.0)
        entry = entry_of(AlarmStepEvent(seq=2, ts=2.0, alarm_id="AL-1", lock_id=LOCK, step=step,
                                        request_id="r" * 8))
        assert entry is not None
        assert (entry.title, entry.detail) == (title, "Call the driver")
