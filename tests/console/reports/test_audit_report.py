"""The seal audit report PDF: it exists, has its pages and text (read back with pdftotext), a
note typed with HTML shows as text, and a broken hash chain says FAILED."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from console.history.loader import LockHistory
from console.reports.audit_report import AuditSubject, build_html, fiber_plot_png, write_pdf
from opticallock.protocol import AlarmAudit, AlarmState, ChainVerification, ResolveOutcome
from opticallock.trips import split_trips
from tests.console.alarms.alarm_data import make_alarm
from tests.opticallock.test_trips import NAMES, T0, scripted

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="poppler-utils (pdftotext) is installed by bootstrap.sh")

NOTE = "Driver says <b>seal intact</b>; photo received"


def history_and_trip(ok: bool = True) -> tuple[LockHistory, Any, AuditSubject]:
    track, events = scripted()
    fiber_ts = np.arange(T0, T0 + 5 * 3600, 10.0)
    fiber_dbm = -11.0 + 0.05 * np.sin(fiber_ts / 300.0)
    fiber_dbm[(fiber_ts > T0 + 2.18 * 3600) & (fiber_ts < T0 + 2.25 * 3600)] = -40.0
    history = LockHistory("OL-1", "TR-1", T0 - 3600, T0 + 6 * 3600, track, fiber_ts, fiber_dbm,
                          list(events))
    history.verification = ChainVerification(
        ok=ok, from_seq=1, to_seq=7, checked=7, anchor_hash="a" * 64, head_hash="b" * 64,
        message="7 entries verified." if ok else "Entry 4 does not match its hash.",
        first_bad_seq=None if ok else 4)
    report = split_trips(track, events, history.start, history.end, geofence_names=NAMES)
    alarm = make_alarm("AL-1", atype="unlock_outside_geofence", state=AlarmState.RESOLVED,
                       raised_at=T0 + 2.18 * 3600, last_at=T0 + 2.18 * 3600,
                       acknowledged_by="ana", acknowledged_at=T0 + 8000, ack_note=NOTE,
                       resolved_by="ana", resolved_at=T0 + 9000,
                       outcome=ResolveOutcome.SEAL_INTACT_CONFIRMED, resolve_note="ok")
    subject = AuditSubject(carrier="Frontera Freight", trailer_id="TR-1", lock_id="OL-1",
                           seal_id="FS-1", driver="Luis Ortega · +52 81 555 0100",
                           dispatcher="ana", alarms=[AlarmAudit(alarm=alarm, events=[])])
    return history, report.trips[0], subject


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def test_the_report_has_the_trip_the_alarm_with_its_note_and_the_verified_chain(
        qapp: Any, tmp_path: Path) -> None:
    history, trip, subject = history_and_trip()
    path = write_pdf(tmp_path / "audit", subject, history, trip)
    assert path.suffix == ".pdf"
    text = pdf_text(path)
    for expected in ("Seal audit report", "TR-1", "OL-1 / seal FS-1", "Laredo terminal",
                     "Monterrey DC", "VERIFIED", "ana",
                     "Resolution", "<b>seal intact</b>", "Fiber seal signal",
                     "page 1 of"):
        assert expected in text, expected
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True,
                          text=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages")))
    assert pages >= 2
    # One page rendered for a person to look at (kept in docs/ by hand, not by the test).
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", str(path),
                    str(tmp_path / "page")], check=True)
    assert any(tmp_path.glob("page*.png"))


def test_a_broken_chain_is_reported_as_failed(qapp: Any, tmp_path: Path) -> None:
    history, trip, subject = history_and_trip(ok=False)
    text = pdf_text(write_pdf(tmp_path / "audit.pdf", subject, history, trip))
    assert "FAILED" in text
    assert "Entry 4 does not match" in text


def test_the_unauthorised_unlock_is_flagged_in_the_html(qapp: Any) -> None:
    history, trip, subject = history_and_trip()
    html = build_html(subject, history, trip)
    assert "<b>NO</b>" in html  # the unlock outside any geofence: not authorised
    assert "&lt;b&gt;seal intact&lt;/b&gt;" in html
    assert fiber_plot_png(history, trip, -11.0).startswith(b"\x89PNG")
