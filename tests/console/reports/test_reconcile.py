"""The weekly reconciliation's PDF and CSV on a staged week (plain data): the summary page comes
first with the counts, the chain's verdict and every exception; the ledger has every seal; page
numbers say "page N of M"; Spanish is Spanish and leaves the console's words as they were; the
CSV has its documented columns and never a formula; text from the network stays text."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from console.alarms.labels import alarm_type_label
from console.reports.reconcile import (
    CSV_COLUMNS,
    WeekReport,
    build_html,
    report_language,
    write_csv,
    write_pdf,
)
from opticallock.custody import ExceptionKind
from opticallock.protocol import AlarmType, LogRange, SealAction
from tests.opticallock.test_custody import END, START, Week, verification

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="poppler-utils (pdftotext) is installed by bootstrap.sh")

HOSTILE_NOTE = "<b>cut</b> =HYPERLINK(\"http://x\")"


def staged(broken: bool = True, generated_at: float = END + 3600) -> WeekReport:
    """A week with one of every exception kind."""
    week = Week()
    week.clean_trip()
    week.seal(20, "SEAL-0020", SealAction.APPLIED, "TR-2", trip="TRIP-2",
              read_back="SEAL-0021")  # mismatch, applied without issue, never removed
    departed = week.trip(21, "TRIP-2", "TR-2")
    departed.trip.origin_name = HOSTILE_NOTE  # a place name typed with HTML
    week.seal(30, "SEAL-0022", SealAction.ISSUED, "TR-3", trip="TRIP-3")
    week.seal(31, "SEAL-0022", SealAction.APPLIED, "TR-3", trip="TRIP-3", read_back="SEAL-0022")
    week.seal(35, "SEAL-0022", SealAction.REMOVED, "TR-3", trip="TRIP-3", authorised=False,
              actor="=cmd|' /C calc'!A0", note=HOSTILE_NOTE)
    week.unlock(35, "TR-3", authorisation=None)
    week.alarm(36, "AL-9")
    last = week.events[-1].seq
    rec = week.reconcile(verifications=[verification(1, last, bad=3 if broken else None)],
                         first_seq=1, last_seq=last)
    return WeekReport(carrier="Frontera Freight", week="2026-W47", zone="UTC",
                      reconciliation=rec,
                      log_range=LogRange(from_ts=START, to_ts=START + 7 * 86400, first_seq=1,
                                         last_seq=last),
                      generated_by="ana", generated_at=generated_at)


def pdf_text(path: Path, first: int | None = None, last: int | None = None) -> str:
    """The pages' text in drawing order (a table cell's lines one after another), ligatures ("ﬁ")
    undone and white space made single spaces, so phrases can be looked for."""
    pages = [] if first is None else ["-f", str(first), "-l", str(last or first)]
    raw = subprocess.run(["pdftotext", "-raw", *pages, str(path), "-"], check=True,
                         capture_output=True, text=True).stdout
    return " ".join(unicodedata.normalize("NFKC", raw).split())


def page_count(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True,
                          text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages")))


def test_the_summary_page_comes_first_with_counts_verdict_and_every_exception(
        qapp: Any, tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "week.pdf", staged())
    pages = page_count(path)
    assert pages >= 2
    first = pdf_text(path, 1)
    for expected in ("Weekly seal reconciliation — 2026-W47", "Frontera Freight",
                     "Week 2026-W47: 2026-11-16 to 2026-11-22 (UTC)",
                     "DOES NOT VERIFY", "Seals applied", "Exceptions to sign off",
                     "Applied, not removed", "Removed without authorisation",
                     "Unlocked without authorisation", "Seal number mismatch",
                     "Gap in custody", "Alarm still open", "Hash chain does not verify",
                     "read back SEAL-0021", "Reviewed by (name)", f"page 1 of {pages}"):
        assert expected in first, expected
    assert "Seal ledger" not in first
    rest = pdf_text(path, 2, pages)
    for expected in ("Seal ledger", "SEAL-0001", "SEAL-0020", "SEAL-0022", "TRIP-2",
                     "Trips sealed: TRIP-1", "Steps skipped", "Notify the police",
                     "never ticked", f"page {pages} of {pages}"):
        assert expected in rest, expected


def test_a_week_whose_chain_verifies_says_so(qapp: Any, tmp_path: Path) -> None:
    text = pdf_text(write_pdf(tmp_path / "week.pdf", staged(broken=False)), 1)
    assert "VERIFIED — 14 log entries, 1 to 14, complete and unedited" in text
    assert "Hash chain does not verify" not in text


def test_text_from_the_network_is_text(qapp: Any) -> None:
    html_text = build_html(staged())
    assert "<b>cut</b>" not in html_text
    assert html_text.count("&lt;b&gt;cut&lt;/b&gt;") == 2  # the trip's origin, the note


def test_spanish_is_spanish_and_the_consoles_words_stay_english(
        qapp: Any, tmp_path: Path) -> None:
    text = pdf_text(write_pdf(tmp_path / "semana.pdf", staged(), "es"))
    for expected in ("Conciliación semanal de precintos — 2026-W47", "NO VERIFICA",
                     "Colocado, no retirado", "Hueco en la custodia", "Alarma aún abierta",
                     "la app del conductor leyó SEAL-0021", "Fibra del precinto cortada",
                     "Pasos omitidos", "página 1 de"):
        assert expected in text, expected
    assert "Gap in custody" not in text
    # The report's language was pinned while it was written, and only then.
    assert alarm_type_label(AlarmType.FIBER_CUT) == "Fiber seal cut"
    with report_language("es"):
        assert alarm_type_label(AlarmType.FIBER_CUT) == "Fibra del precinto cortada"
    assert alarm_type_label(AlarmType.FIBER_CUT) == "Fiber seal cut"


def test_an_unknown_language_is_refused(qapp: Any, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="fr"):
        write_pdf(tmp_path / "week.pdf", staged(), "fr")
    assert not list(tmp_path.iterdir())


def test_the_csv_has_a_row_per_ledger_entry_and_exception_and_the_chain(
        qapp: Any, tmp_path: Path) -> None:
    report = staged()
    path = write_csv(tmp_path / "week.csv", report)
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask  # made like any file, not private
    assert [p.name for p in tmp_path.iterdir()] == ["week.csv"]  # no temporary file left
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        assert tuple(reader.fieldnames or ()) == CSV_COLUMNS
        rows = list(reader)
    ledger = [r for r in rows if r["record"] == "ledger"]
    exceptions = [r for r in rows if r["record"] == "exception"]
    assert [r["seq"] for r in ledger] == [str(e.seq) for e in report.reconciliation.entries]
    assert {r["exception"] for r in exceptions} == {k.value for k in ExceptionKind}
    [chain] = [r for r in rows if r["record"] == "chain"]
    assert chain["description"] == "DOES NOT VERIFY — the log was altered"
    mismatch = next(r for r in exceptions if r["exception"] == "seal_mismatch")
    assert (mismatch["seal_number"], mismatch["read_back"]) == ("SEAL-0020", "SEAL-0021")
    removal = next(r for r in ledger if r["action"] == "removed" and r["authorised"] == "no")
    assert removal["actor"] == "'=cmd|' /C calc'!A0"  # never a formula
    assert removal["time_utc"] == "2026-11-17T11:00:00+00:00"


def test_the_spanish_csv_keeps_codes_and_columns_and_says_the_rest_in_spanish(
        qapp: Any, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "semana.csv", staged(), "es")
    text = path.read_text(encoding="utf-8-sig")
    assert text.startswith(",".join(CSV_COLUMNS))
    assert "custody_gap" in text
    assert "sin entrega registrada" in text


def test_a_week_not_over_says_so_and_up_to_when(qapp: Any, tmp_path: Path) -> None:
    text = pdf_text(write_pdf(tmp_path / "week.pdf", staged(generated_at=END - 86400)), 1)
    assert "The week was not over when this report was made: it covers the week up to " \
           "2026-11-22 00:00 UTC." in text
    assert "is still applied at 2026-11-22 00:00 UTC (the week is not over)" in text
    assert "at the end of the week" not in text
