"""The seal audit report states the trip's facts as they were, on plain data: the trip's own
plan (a plan made after it changes nothing), the lock event's time, every action-plan step done
or plainly skipped, unlocks authorised only by an authorisation on record (with who approved
it), the trip's seal custody with its mismatch and its removal without authorisation, totals
that are the sum of the stops listed, and plurals a Spanish translation can follow."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtGui import QTextDocument

from console.history.labels import format_duration
from console.history.loader import LockHistory
from console.reports.audit_report import AuditSubject, build_html, write_pdf
from opticallock.protocol import (
    AlarmAudit,
    AlarmState,
    AlarmStep,
    ChainVerification,
    LockStateEvent,
    Position,
    Seal,
    SealAction,
    SealClass,
    SealEvent,
    SealState,
    UnlockRequest,
    UnlockRequestEvent,
    UnlockRequestState,
)
from opticallock.trips import split_trips
from tests.console.alarms.alarm_data import make_alarm
from tests.opticallock.test_trips import NAMES, T0, next_trip, scripted

SEAL = Seal(number="CBP-0001234", iso_class=SealClass.HIGH_SECURITY, manufacturer="TydenBrooks",
            state=SealState.APPLIED, trailer_id="TR-1", lock_id="OL-1", trip_id="TP-1")


def seal_event(seq: int, hours: float, action: SealAction, actor: str, **fields: Any
               ) -> SealEvent:
    return SealEvent(seq=seq, ts=T0 + hours * 3600, action=action, seal=SEAL, trailer_id="TR-1",
                     lock_id="OL-1", trip_id="TP-1", actor=actor, **fields)


def staged(extra: list[object] | None = None) -> tuple[LockHistory, Any, AuditSubject]:
    """The scripted trip (tests/opticallock/test_trips.py) with its seal custody, the delivery's
    approved unlock request, and an alarm whose plan was worked in part."""
    track, events = scripted()
    approved = UnlockRequest(
        id="UR-1", trailer_id="TR-1", lock_id="OL-1", driver_id="DRV-1",
        requested_at=T0 + 4.6 * 3600, geofence_id="gf-dest", trip_id="TP-1",
        destination_id="gf-dest", reason="delivery", state=UnlockRequestState.APPROVED,
        decided_by="marta", decided_at=T0 + 4.62 * 3600, valid_geofence_id="gf-dest",
        valid_from=T0 + 4.62 * 3600, valid_until=T0 + 5.2 * 3600, code="123456")
    events = [
        *events,
        seal_event(20, -0.05, SealAction.ISSUED, "dispatcher:marta"),
        seal_event(21, -0.03, SealAction.APPLIED, "driver:DRV-1", read_back="CBP-0001243",
                   photo_ref="PH-77"),
        seal_event(22, 1.0, SealAction.CHECKED, "cbp:Colombia bridge", geofence_id="gf-other"),
        seal_event(23, 2 + 10.5 / 60, SealAction.REMOVED, "unknown", authorised=False,
                   position=Position(ts=T0, lat=0.0, lon=-99.0, speed_kmh=0, heading_deg=0)),
        UnlockRequestEvent(seq=24, ts=T0 + 4.62 * 3600, phase="approved", request=approved),
        *(extra or []),
    ]
    fiber_ts = np.arange(T0, T0 + 5 * 3600, 10.0)
    history = LockHistory("OL-1", "TR-1", T0 - 3600, T0 + 6 * 3600, track, fiber_ts,
                          -11.0 + 0.0 * fiber_ts, sorted(events, key=lambda e: e.seq))  # type: ignore[attr-defined]
    history.verification = ChainVerification(
        ok=True, from_seq=1, to_seq=24, checked=24, anchor_hash="a" * 64, head_hash="b" * 64,
        message="24 entries verified.")
    report = split_trips(track, history.events, history.start, history.end,
                         geofence_names=NAMES)
    alarm = make_alarm(
        "AL-1", atype="unlock_outside_geofence", state=AlarmState.ACKNOWLEDGED,
        raised_at=T0 + 2.18 * 3600, acknowledged_by="ana", acknowledged_at=T0 + 8000,
        steps=[AlarmStep(step_id="call_driver", label="Call the driver and ask why the trailer "
                         "was unlocked", done=True, by="ana", at=T0 + 8100),
               AlarmStep(step_id="confirm_location", label="Confirm where the trailer is",
                         done=False, by="bob", at=T0 + 8200)])
    subject = AuditSubject(carrier="Frontera Freight", trailer_id="TR-1", lock_id="OL-1",
                           seal_id="FS-1", driver="Luis Ortega", driver_phone="+52 81 555 0100",
                           dispatcher="ana", alarms=[AlarmAudit(alarm=alarm, events=[])],
                           geofence_names=NAMES)
    return history, report.trips[0], subject


def text_of(page: str) -> str:
    doc = QTextDocument()
    doc.setHtml(page)
    return doc.toPlainText()


def line_with(text: str, key: str) -> str:
    """The value of a key-value row (a table cell is a line of the document's plain text)."""
    lines = text.splitlines()
    return lines[lines.index(key) + 1]


def test_every_step_of_the_plan_is_listed_done_or_plainly_skipped(qapp: Any) -> None:
    history, trip, subject = staged()
    text = text_of(build_html(subject, history, trip))
    assert "☑ Call the driver and ask why the trailer was unlocked — done by ana" in text
    assert "☐ Confirm where the trailer is — skipped (ticked, then unticked by bob" in text
    for never in ("Have the driver lock the trailer again",
                  "Record the reason and who authorised it"):
        assert f"☐ {never} — skipped (never ticked)" in text, never
    # The plan's seven steps: one done, six skipped, none left out.
    assert text.count("— skipped") == 6


def test_an_unlock_is_authorised_only_with_an_authorisation_and_says_who_approved_it(
        qapp: Any) -> None:
    history, trip, subject = staged()
    html = build_html(subject, history, trip)
    text = text_of(html)
    assert "<b>NOT authorised</b>" in html  # the unlock outside any geofence
    assert "approved by marta" in text
    assert "UR-1" in text
    # The same delivery without the authorisation on its event: NOT authorised, whatever the
    # geofence it was in.
    bare = [e.model_copy(update={"authorisation_id": None}) if isinstance(e, LockStateEvent)
            else e for e in history.events]
    report = split_trips(history.track, bare, history.start, history.end, geofence_names=NAMES)
    text = text_of(build_html(subject, history, report.trips[0]))
    assert "approved by" not in text
    assert text.count("NOT authorised") == 2


def test_the_trips_seal_custody_shows_the_mismatch_and_the_removal_without_authorisation(
        qapp: Any) -> None:
    history, trip, subject = staged()
    text = text_of(build_html(subject, history, trip))
    assert "Seal custody in this trip" in text
    for expected in ("Seal CBP-0001234: ISO 17712 class H, TydenBrooks", "issued", "applied",
                     "read back CBP-0001243", "photo PH-77",
                     "MISMATCH: the number read back is not the seal issued",
                     "checked", "cbp: Colombia bridge", "Saltillo yard",
                     "removed WITHOUT authorisation"):
        assert expected in text, expected


def test_the_locked_time_is_the_lock_events_and_the_plan_is_the_trips_own(qapp: Any) -> None:
    history, trip, subject = staged(extra=next_trip([])[-1:])  # the next trip planned after it
    text = text_of(build_html(subject, history, trip))
    stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(T0 - 36))
    assert stamp in line_with(text, "Locked (sealed)")
    assert "Monterrey DC" in line_with(text, "Planned destination")
    assert "Laredo terminal → Monterrey DC (Fed 85)" in line_with(text, "Planned trip")
    assert "Saltillo" not in line_with(text, "Planned destination")


def test_the_trips_totals_are_the_sum_of_the_stops_listed(qapp: Any, tmp_path: Path) -> None:
    history, trip, subject = staged()
    text = text_of(build_html(subject, history, trip))
    listed = sum(s.duration_s for s in trip.stops)
    assert len(trip.stops) == 2
    assert line_with(text, "Stopped").endswith(f"{format_duration(listed)} in 2 stops")
    # One stop: "1 stop", not "1 stops".
    one = history.track.slice(history.start, T0 + 4.4 * 3600)
    report = split_trips(one, history.events[:-1], history.start, T0 + 4.4 * 3600,
                         geofence_names=NAMES)
    text = text_of(build_html(subject, history, report.trips[0]))
    assert line_with(text, "Stopped").endswith(" in 1 stop")
    # The PDF paginates with the new sections.
    assert write_pdf(tmp_path / "facts.pdf", subject, history, trip).stat().st_size > 0


class SpanishPlurals(QTranslator):
    """Numerus forms as a Spanish .qm gives them: one for 1, another for the rest."""

    def translate(self, context: str, source_text: str, disambiguation: Any = None,
                  n: int = -1) -> str | None:
        if (context, source_text) == ("AuditReport", "%n stop(s)"):
            return "%n parada" if n == 1 else "%n paradas"
        return None

    def isEmpty(self) -> bool:
        return False


@pytest.fixture
def spanish(qapp: Any) -> Iterator[None]:
    translator = SpanishPlurals()
    QCoreApplication.installTranslator(translator)
    yield
    QCoreApplication.removeTranslator(translator)


def test_a_spanish_translation_gives_the_stops_plural_forms(spanish: None) -> None:
    history, trip, subject = staged()
    assert line_with(text_of(build_html(subject, history, trip)), "Stopped").endswith(
        " in 2 paradas")
