"""The weekly seal reconciliation on staged weeks whose answers are known: the ledger and the
trips each seal sealed, the alarms with steps done and skipped, and each kind of exception —
present when staged, absent from a clean week."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from opticallock.custody import (
    ExceptionKind,
    GapKind,
    PlanStep,
    Reconciliation,
    SkipReason,
    iso_week_bounds,
    reconcile,
)
from opticallock.protocol import (
    ALARM_PRIORITY,
    Alarm,
    AlarmAudit,
    AlarmRaisedEvent,
    AlarmResolvedEvent,
    AlarmState,
    AlarmStep,
    AlarmStepEvent,
    AlarmType,
    CallOutcome,
    ChainVerification,
    DriverCall,
    DriverCallEvent,
    DriverMessage,
    DriverMessageEvent,
    LockState,
    LockStateEvent,
    MessageDirection,
    MessageStatus,
    ResolveOutcome,
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
    UnlockRequestState,
)

UTC = dt.UTC
#: 2026-W47: Monday 16 November 2026 00:00 UTC to Monday 23 November.
START, END = iso_week_bounds("2026-W47", UTC)
H = 3600.0
PLAN = {AlarmType.FIBER_CUT.value: [PlanStep("call_driver", "Call the driver"),
                                    PlanStep("check_position", "Check the position"),
                                    PlanStep("notify_police", "Notify the police")]}

_ACTION_STATE = {SealAction.ISSUED: SealState.ISSUED, SealAction.APPLIED: SealState.APPLIED,
                 SealAction.CHECKED: SealState.APPLIED, SealAction.REMOVED: SealState.REMOVED,
                 SealAction.REPLACED: SealState.REMOVED, SealAction.TAMPERED: SealState.TAMPERED}


class Week:
    """Events logged in order, one seq each, at hours after the week's start (negative: the
    week before)."""

    def __init__(self) -> None:
        self.events: list[Any] = []

    @property
    def seq(self) -> int:
        return len(self.events) + 1

    def seal(self, hour: float, number: str, action: SealAction, trailer: str = "TR-1", *,
             trip: str | None = "TRIP-1", **fields: Any) -> SealEvent:
        event = SealEvent(
            seq=self.seq, ts=START + hour * H, action=action,
            seal=Seal(number=number, iso_class=SealClass.HIGH_SECURITY, manufacturer="TydenBrooks",
                      state=_ACTION_STATE[action], trailer_id=trailer, trip_id=trip),
            trailer_id=trailer, lock_id=trailer.replace("TR", "OL"), trip_id=trip,
            actor=fields.pop("actor", "driver:DRV-1"), **fields)
        self.events.append(event)
        return event

    def trip(self, hour: float, trip_id: str = "TRIP-1", trailer: str = "TR-1",
             phase: str = "departed") -> TripEvent:
        ts = START + hour * H
        trip = Trip(id=trip_id, trailer_id=trailer, origin_id="GF-LRD", origin_name="Laredo",
                    destination_id="GF-MTY", destination_name="Monterrey", route="I-35 / MX-85",
                    window_start=ts - H, window_end=ts + 10 * H,
                    departed_at=ts if phase != "planned" else None,
                    arrived_at=ts if phase == "arrived" else None)
        event = TripEvent(seq=self.seq, ts=ts, phase=phase, trip=trip)  # type: ignore[arg-type]
        self.events.append(event)
        return event

    def unlock(self, hour: float, trailer: str = "TR-1", authorisation: str | None = "UR-1",
               ) -> LockStateEvent:
        event = LockStateEvent(seq=self.seq, ts=START + hour * H, lock_id="OL-1",
                               trailer_id=trailer, state=LockState.UNLOCKED,
                               previous=LockState.LOCKED, geofence_id="GF-MTY",
                               authorisation_id=authorisation)
        self.events.append(event)
        return event

    def alarm(self, hour: float, alarm_id: str = "AL-1",
              atype: AlarmType = AlarmType.FIBER_CUT) -> Alarm:
        ts = START + hour * H
        alarm = Alarm(id=alarm_id, lock_id="OL-1", trailer_id="TR-1", type=atype,
                      priority=ALARM_PRIORITY[atype], state=AlarmState.OPEN, raised_at=ts,
                      raised_seq=self.seq, last_at=ts)
        self.events.append(AlarmRaisedEvent(seq=self.seq, ts=ts, alarm=alarm))
        return alarm

    def resolve(self, hour: float, alarm_id: str = "AL-1") -> None:
        ts = START + hour * H
        self.events.append(AlarmResolvedEvent(
            seq=self.seq, ts=ts, alarm_id=alarm_id, lock_id="OL-1", by="ana", at=ts,
            outcome=ResolveOutcome.SEAL_INTACT_CONFIRMED, note="seal intact", request_id="r"))

    def clean_trip(self, number: str = "SEAL-0001") -> None:
        """Issued, applied with the right read-back, departed, checked at the border, arrived,
        unlocked under an authorisation, removed under it."""
        self.seal(-30, number, SealAction.ISSUED, actor="dispatcher:ana")
        self.seal(1, number, SealAction.APPLIED, read_back=number, photo_ref="photo-1")
        self.trip(2)
        self.seal(6, number, SealAction.CHECKED, actor="cbp:Colombia", geofence_id="GF-COL")
        self.trip(9, phase="arrived")
        self.unlock(9.5)
        self.seal(9.6, number, SealAction.REMOVED, authorised=True, authorisation_id="UR-1")

    def custody(self) -> dict[str, list[SealEvent]]:
        """Each seal's whole chain, as ``GET /seals/{number}`` gives it."""
        chains: dict[str, list[SealEvent]] = {}
        for event in self.events:
            if isinstance(event, SealEvent):
                chains.setdefault(event.seal.number, []).append(event)
        return chains

    def reconcile(self, **kwargs: Any) -> Reconciliation:
        """The week's reconciliation, with every seal's whole chain unless told otherwise."""
        kwargs.setdefault("history", self.custody())
        return reconcile(self.events, start=START, end=END, plans=PLAN, **kwargs)


def kinds(report: Reconciliation) -> list[ExceptionKind]:
    return [x.kind for x in report.exceptions]


def test_iso_weeks_start_on_monday_midnight_in_the_given_time_zone() -> None:
    start, end = iso_week_bounds("2026-W47", UTC)
    assert dt.datetime.fromtimestamp(start, UTC) == dt.datetime(2026, 11, 16, tzinfo=UTC)
    assert end - start == 7 * 24 * H
    tijuana = ZoneInfo("America/Tijuana")
    start_tj, _ = iso_week_bounds("2026-W47", tijuana)
    assert start_tj - start == 8 * H  # PST, UTC-8
    # The week the US changes to summer time (Sunday 8 March 2026) is an hour short.
    spring = iso_week_bounds("2026-W10", tijuana)
    assert spring[1] - spring[0] == 7 * 24 * H - H
    # ISO weeks 1 can start in the year before.
    assert dt.datetime.fromtimestamp(iso_week_bounds("2026-W01", UTC)[0], UTC).date() == \
        dt.date(2025, 12, 29)


@pytest.mark.parametrize("week", ["2026-47", "2026-W5", "W47", "2026-W54", "2026-W00"])
def test_a_malformed_or_nonexistent_week_is_refused(week: str) -> None:
    with pytest.raises(ValueError, match=week):
        iso_week_bounds(week, UTC)


def test_a_clean_week_has_its_ledger_and_trips_and_no_exception() -> None:
    week = Week()
    week.clean_trip()
    report = week.reconcile()
    assert report.exceptions == []
    # The issue was the week before: not in this week's ledger, but no gap either.
    assert [e.action for e in report.entries] == [SealAction.APPLIED, SealAction.CHECKED,
                                                  SealAction.REMOVED]
    assert report.count(SealAction.APPLIED) == 1
    [seal] = report.seals
    assert (seal.number, seal.trip_ids, seal.state_at_end) == ("SEAL-0001", ["TRIP-1"],
                                                               SealState.REMOVED)
    assert [t.id for t in report.trips] == ["TRIP-1"]
    assert [u.authorisation_id for u in report.unlocks] == ["UR-1"]


def test_events_outside_the_week_are_left_out() -> None:
    week = Week()
    week.seal(-5, "SEAL-0009", SealAction.ISSUED)
    week.seal(-4, "SEAL-0009", SealAction.APPLIED)
    week.seal(7 * 24 + 1, "SEAL-0009", SealAction.REMOVED, authorised=False)
    report = week.reconcile()
    assert report.entries == []
    assert report.seals == []


def test_a_seal_applied_and_not_removed_by_the_weeks_end_is_an_exception() -> None:
    week = Week()
    week.seal(-30, "SEAL-0002", SealAction.ISSUED)
    week.seal(1, "SEAL-0002", SealAction.APPLIED, read_back="SEAL-0002")
    week.trip(2)
    report = week.reconcile()
    [exception] = report.exceptions
    assert exception.kind is ExceptionKind.APPLIED_NOT_REMOVED
    assert (exception.seal_number, exception.trip_id, exception.removed_after) == \
        ("SEAL-0002", "TRIP-1", None)


def test_a_seal_removed_after_the_week_says_when() -> None:
    week = Week()
    week.seal(-30, "SEAL-0002", SealAction.ISSUED)
    applied = week.seal(1, "SEAL-0002", SealAction.APPLIED, read_back="SEAL-0002")
    week.trip(2)
    removed = week.seal(7 * 24 + 3, "SEAL-0002", SealAction.REMOVED, authorised=True)
    report = week.reconcile()
    [exception] = report.exceptions
    assert exception.kind is ExceptionKind.APPLIED_NOT_REMOVED
    assert exception.seq == applied.seq
    assert exception.removed_after == removed.ts


def test_a_seal_applied_before_the_week_and_still_on_is_an_exception_from_its_history() -> None:
    week = Week()
    week.seal(-40, "SEAL-0003", SealAction.ISSUED)
    week.seal(-39, "SEAL-0003", SealAction.APPLIED, read_back="SEAL-0003")
    week.trip(3)  # departs this week under the seal fitted last week: sealed, not a gap
    report = week.reconcile()
    assert kinds(report) == [ExceptionKind.APPLIED_NOT_REMOVED]
    assert report.seals == []  # nothing happened to it this week


def held(number: str, applied_hour: float, trailer: str = "TR-1") -> Seal:
    """A seal as the ledger holds it now: applied at ``applied_hour`` (its events aside)."""
    ts = START + applied_hour * H
    return Seal(number=number, iso_class=SealClass.HIGH_SECURITY, manufacturer="TydenBrooks",
                state=SealState.APPLIED, trailer_id=trailer, lock_id="OL-1", issued_at=ts,
                applied_at=ts)


def test_a_seal_fitted_before_the_log_began_is_no_gap_when_removed() -> None:
    week = Week()
    week.trip(2)  # departs under it: sealed
    week.unlock(9.5)
    week.seal(9.6, "SEAL-0100", SealAction.REMOVED, authorised=True, authorisation_id="UR-1")
    report = week.reconcile(ledger={"SEAL-0100": held("SEAL-0100", -100)})
    assert report.exceptions == []
    assert report.trips_of("SEAL-0100") == ["TRIP-1"]


def test_a_seal_fitted_before_the_log_began_and_still_on_is_applied_at_the_weeks_end() -> None:
    report = Week().reconcile(ledger={"SEAL-0101": held("SEAL-0101", -100)})
    [exception] = report.exceptions
    assert (exception.kind, exception.seal_number, exception.seq, exception.before_log) == (
        ExceptionKind.APPLIED_NOT_REMOVED, "SEAL-0101", None, True)


def test_a_seal_fitted_before_the_log_began_seals_a_trip_that_departed_before_its_record() -> None:
    # The ledger dates a seal fitted before the log began from when the log began: a trip
    # logged departing before that is under it all the same.
    week = Week()
    week.trip(3)
    report = week.reconcile(ledger={"SEAL-0103": held("SEAL-0103", 5)})
    assert [x.kind for x in report.exceptions] == [ExceptionKind.APPLIED_NOT_REMOVED]


def test_a_trip_that_departed_before_the_week_is_not_judged_by_its_arrival() -> None:
    week = Week()
    week.trip(3, phase="arrived")  # departed_at set, but no departure logged in the week
    report = week.reconcile()
    assert report.exceptions == []
    assert [t.id for t in report.trips] == ["TRIP-1"]


def test_a_seal_the_ledger_says_was_applied_after_its_first_event_is_still_a_gap() -> None:
    week = Week()
    week.seal(1, "SEAL-0102", SealAction.REMOVED, authorised=True)
    report = week.reconcile(ledger={"SEAL-0102": held("SEAL-0102", 5)})
    assert [(x.kind, x.gap) for x in report.exceptions] == [
        (ExceptionKind.CUSTODY_GAP, GapKind.REMOVED_WITHOUT_APPLICATION)]


def test_a_removal_without_authorisation_is_an_exception() -> None:
    week = Week()
    week.clean_trip()
    week.seal(20, "SEAL-0004", SealAction.ISSUED)
    week.seal(21, "SEAL-0004", SealAction.APPLIED, "TR-2", trip="TRIP-2", read_back="SEAL-0004")
    removed = week.seal(30, "SEAL-0004", SealAction.REMOVED, "TR-2", trip="TRIP-2",
                        authorised=False, actor="driver:DRV-2")
    report = week.reconcile()
    [exception] = report.exceptions
    assert exception.kind is ExceptionKind.UNAUTHORISED_REMOVAL
    assert (exception.seal_number, exception.seq, exception.actor) == (
        "SEAL-0004", removed.seq, "driver:DRV-2")


def test_an_unlock_without_an_authorisation_is_an_exception_and_one_with_it_is_not() -> None:
    week = Week()
    week.unlock(3, authorisation="UR-7")
    unauthorised = week.unlock(5, trailer="TR-3", authorisation=None)
    report = week.reconcile()
    [exception] = report.exceptions
    assert exception.kind is ExceptionKind.UNAUTHORISED_UNLOCK
    assert (exception.seq, exception.trailer_id) == (unauthorised.seq, "TR-3")
    assert len(report.unlocks) == 2


def test_a_seal_number_read_back_wrong_is_a_mismatch() -> None:
    week = Week()
    week.seal(0, "SEAL-0005", SealAction.ISSUED)
    week.seal(1, "SEAL-0005", SealAction.APPLIED, read_back="SEAL-0006")
    week.seal(2, "SEAL-0005", SealAction.REMOVED, authorised=True)
    week.seal(3, "SEAL-0007", SealAction.ISSUED)
    week.seal(4, "SEAL-0007", SealAction.APPLIED, read_back="seal-0007 ")  # case and blanks
    week.seal(5, "SEAL-0007", SealAction.REMOVED, authorised=True)
    report = week.reconcile()
    [exception] = report.exceptions
    assert exception.kind is ExceptionKind.SEAL_MISMATCH
    assert (exception.seal_number, exception.read_back) == ("SEAL-0005", "SEAL-0006")


@pytest.mark.parametrize(("script", "gap"), [
    # applied with no issue on record
    ([(1, SealAction.APPLIED), (5, SealAction.REMOVED)], GapKind.APPLIED_WITHOUT_ISSUE),
    # removed with no application on record
    ([(0, SealAction.ISSUED), (5, SealAction.REMOVED)], GapKind.REMOVED_WITHOUT_APPLICATION),
    # applied twice without a removal between
    ([(0, SealAction.ISSUED), (1, SealAction.APPLIED), (3, SealAction.APPLIED),
      (5, SealAction.REMOVED)], GapKind.APPLIED_TWICE),
    # a removed seal applied again (seals are single-use)
    ([(0, SealAction.ISSUED), (1, SealAction.APPLIED), (2, SealAction.REMOVED),
      (3, SealAction.APPLIED), (5, SealAction.REMOVED)], GapKind.APPLIED_WITHOUT_ISSUE),
])
def test_gaps_in_a_seals_custody_chain(script: list[tuple[float, SealAction]],
                                       gap: GapKind) -> None:
    week = Week()
    for hour, action in script:
        week.seal(hour, "SEAL-0008", action, read_back="SEAL-0008", authorised=True)
    report = week.reconcile()
    [exception] = report.exceptions
    assert (exception.kind, exception.gap, exception.seal_number) == (
        ExceptionKind.CUSTODY_GAP, gap, "SEAL-0008")


def test_a_trip_that_departed_without_a_seal_is_a_gap() -> None:
    week = Week()
    week.clean_trip()
    week.trip(40, "TRIP-9", "TR-9")
    week.trip(41, "TRIP-10", "TR-10", phase="planned")  # not departed: nothing to seal yet
    report = week.reconcile()
    [exception] = report.exceptions
    assert (exception.kind, exception.gap, exception.trip_id, exception.trailer_id) == (
        ExceptionKind.CUSTODY_GAP, GapKind.TRIP_WITHOUT_SEAL, "TRIP-9", "TR-9")


def test_a_replacement_seal_is_issued_and_applied_by_the_replacement() -> None:
    week = Week()
    week.clean_trip("SEAL-0010")
    week.seal(20, "SEAL-0011", SealAction.ISSUED, trip="TRIP-2")
    week.seal(21, "SEAL-0011", SealAction.APPLIED, trip="TRIP-2", read_back="SEAL-0011")
    week.trip(22, "TRIP-2")
    week.seal(30, "SEAL-0011", SealAction.REPLACED, trip="TRIP-2", authorised=True,
              authorisation_id="UR-3", replaced_by="SEAL-0012", actor="cbp:Otay Mesa")
    # The new seal's own application confirms the replacement; its removal is no gap.
    week.seal(30.1, "SEAL-0012", SealAction.APPLIED, trip="TRIP-2", read_back="SEAL-0012")
    week.seal(40, "SEAL-0012", SealAction.REMOVED, trip="TRIP-2", authorised=True)
    report = week.reconcile()
    assert report.exceptions == []
    assert report.trips_of("SEAL-0012") == ["TRIP-2"]


def test_a_replacement_seal_never_removed_is_applied_at_the_weeks_end() -> None:
    week = Week()
    week.seal(0, "SEAL-0011", SealAction.ISSUED)
    week.seal(1, "SEAL-0011", SealAction.APPLIED, read_back="SEAL-0011")
    replaced = week.seal(30, "SEAL-0011", SealAction.REPLACED, authorised=True,
                         replaced_by="SEAL-0012")
    report = week.reconcile()
    [exception] = report.exceptions
    assert (exception.kind, exception.seal_number, exception.seq) == (
        ExceptionKind.APPLIED_NOT_REMOVED, "SEAL-0012", replaced.seq)


def test_an_alarm_lists_steps_done_and_skipped_with_messages_calls_and_is_open() -> None:
    week = Week()
    alarm = week.alarm(10)
    ts = alarm.raised_at
    done = AlarmStep(step_id="call_driver", label="Call the driver", done=True, by="ana",
                     at=ts + 60)
    unticked = AlarmStep(step_id="check_position", label="Check the position", done=False,
                         by="ben", at=ts + 120)
    message = DriverMessage(id="M-1", driver_id="DRV-1", direction=MessageDirection.TO_DRIVER,
                            text="Where are you?", status=MessageStatus.SENT, created_at=ts + 30,
                            updated_at=ts + 30, sent_by="ana", alarm_id=alarm.id)
    read = message.model_copy(update={"status": MessageStatus.READ, "updated_at": ts + 90})
    call = DriverCall(id="C-1", driver_id="DRV-1", phone="+52 81 555 0100",
                      outcome=CallOutcome.NO_ANSWER, by="ana", at=ts + 200, alarm_id=alarm.id)
    audited = alarm.model_copy(update={"state": AlarmState.ACKNOWLEDGED, "acknowledged_by": "ana",
                                       "ack_note": "on it", "steps": [done, unticked]})
    audit = AlarmAudit(alarm=audited, events=[
        DriverMessageEvent(seq=50, ts=ts + 30, message=message),
        AlarmStepEvent(seq=51, ts=ts + 60, alarm_id=alarm.id, lock_id="OL-1", step=done,
                       request_id="s1"),
        DriverMessageEvent(seq=52, ts=ts + 90, message=read),
        DriverCallEvent(seq=53, ts=ts + 200, call=call, request_id="c1"),
    ])
    report = week.reconcile(audits=[audit])
    [record] = report.alarms
    assert [s.step_id for s in record.steps_done] == ["call_driver"]
    assert [(s.step_id, s.reason, s.by) for s in record.steps_skipped] == [
        ("check_position", SkipReason.UNTICKED, "ben"),
        ("notify_police", SkipReason.NEVER_TICKED, None)]
    assert [(m.text, m.status) for m in record.messages] == [("Where are you?",
                                                              MessageStatus.READ)]
    assert [(c.by, c.outcome) for c in record.calls] == [("ana", CallOutcome.NO_ANSWER)]
    [exception] = report.exceptions
    assert (exception.kind, exception.alarm_id, exception.alarm_state) == (
        ExceptionKind.ALARM_OPEN, "AL-1", AlarmState.ACKNOWLEDGED)


def test_an_alarm_resolved_in_the_week_is_not_open_even_without_its_audit() -> None:
    week = Week()
    week.alarm(10)
    week.resolve(12)
    report = week.reconcile()
    [record] = report.alarms
    assert not record.open
    assert not record.audited
    assert [s.reason for s in record.steps_skipped] == [SkipReason.NEVER_TICKED] * 3
    assert report.exceptions == []


def test_tamper_events_and_unlock_requests_are_in_the_record() -> None:
    week = Week()
    week.events.append(TamperEvent(seq=week.seq, ts=START + 3 * H, lock_id="OL-1",
                                   trailer_id="TR-1", kind=TamperKind.FIBER_CUT, fiber_dbm=-40))
    request = UnlockRequest(id="UR-1", trailer_id="TR-1", lock_id="OL-1",
                            requested_at=START + 4 * H, reason="delivery",
                            state=UnlockRequestState.PENDING)
    week.events.append(UnlockRequestEvent(seq=week.seq, ts=START + 4 * H, phase="requested",
                                          request=request))
    refused = request.model_copy(update={"state": UnlockRequestState.REFUSED,
                                         "refusal_reason": "not at the consignee"})
    week.events.append(UnlockRequestEvent(seq=week.seq, ts=START + 4.1 * H, phase="refused",
                                          request=refused))
    report = week.reconcile()
    assert [(t.kind, t.fiber_dbm) for t in report.tampers] == [(TamperKind.FIBER_CUT, -40)]
    [record] = report.unlock_requests
    assert record.request.state is UnlockRequestState.REFUSED
    assert [phase for phase, _ in record.phases] == ["requested", "refused"]


def verification(first: int, last: int, bad: int | None = None) -> ChainVerification:
    return ChainVerification(
        ok=bad is None, from_seq=first, to_seq=last, checked=last - first + 1,
        anchor_hash="a" * 64, head_hash="b" * 64, first_bad_seq=bad,
        message=f"chain broken at seq {bad}" if bad else "verified")


def test_a_page_of_the_log_that_does_not_verify_is_an_exception_at_its_first_bad_event() -> None:
    week = Week()
    week.clean_trip()
    removed = week.events[-1]
    pages = [verification(1, 4), verification(5, removed.seq, bad=removed.seq)]
    report = week.reconcile(verifications=pages, first_seq=1, last_seq=removed.seq)
    [exception] = report.exceptions
    assert exception.kind is ExceptionKind.CHAIN_BROKEN
    assert (exception.first_bad_seq, exception.ts, exception.from_seq) == (
        removed.seq, removed.ts, 5)
    assert "chain broken" in exception.message
    assert report.chain.complete
    assert not report.chain.ok


def test_the_chain_result_is_ok_only_when_every_seq_was_checked_and_verified() -> None:
    week = Week()
    week.clean_trip()
    last = week.events[-1].seq
    assert week.reconcile(verifications=[verification(1, last)], first_seq=1,
                          last_seq=last).chain.ok
    short = week.reconcile(verifications=[verification(1, last - 1)], first_seq=1,
                           last_seq=last).chain
    assert not short.complete
    assert not short.ok
    assert week.reconcile().chain.ok  # nothing logged, nothing to check


def test_every_kind_in_one_week_in_the_reports_order() -> None:
    week = Week()
    week.clean_trip()
    week.seal(20, "SEAL-0020", SealAction.APPLIED, "TR-2", trip="TRIP-2",
              read_back="SEAL-0021")                                  # mismatch, no issue
    week.trip(21, "TRIP-2", "TR-2")
    week.seal(30, "SEAL-0022", SealAction.ISSUED, "TR-3", trip="TRIP-3")
    week.seal(31, "SEAL-0022", SealAction.APPLIED, "TR-3", trip="TRIP-3", read_back="SEAL-0022")
    week.seal(35, "SEAL-0022", SealAction.REMOVED, "TR-3", trip="TRIP-3", authorised=False)
    week.unlock(35, "TR-3", authorisation=None)
    week.alarm(36, "AL-9")
    last = week.events[-1].seq
    report = week.reconcile(verifications=[verification(1, last, bad=3)], first_seq=1,
                            last_seq=last)
    assert kinds(report) == [
        ExceptionKind.APPLIED_NOT_REMOVED, ExceptionKind.UNAUTHORISED_REMOVAL,
        ExceptionKind.UNAUTHORISED_UNLOCK, ExceptionKind.SEAL_MISMATCH,
        ExceptionKind.CUSTODY_GAP, ExceptionKind.ALARM_OPEN, ExceptionKind.CHAIN_BROKEN]
