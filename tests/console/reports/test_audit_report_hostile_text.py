"""Hostile text in the seal audit report: a driver name with a right-to-left override does not
reverse the phone number printed after it, an Arabic name does not move it, and the override
never reaches the PDF (read back with pdftotext)."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path
from typing import Any

import pytest

from console.reports.audit_report import write_pdf
from tests.console.reports.test_audit_report import history_and_trip, pdf_text

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="poppler-utils (pdftotext) is installed by bootstrap.sh")

RLO = "\u202e"
PHONE = "+52 81 555 0100"


def driver_line(text: str) -> str:
    """The conveyance table's Driver row (pdftotext -layout keeps a table row on one line)."""
    return next(line for line in text.splitlines() if line.startswith("Driver "))


def test_a_right_to_left_override_in_the_name_does_not_reverse_the_phone_number(
        qapp: Any, tmp_path: Path) -> None:
    history, trip, subject = history_and_trip()
    hostile = dataclasses.replace(subject, driver=f"{RLO}Luis Ortega", driver_phone=PHONE)
    text = pdf_text(write_pdf(tmp_path / "audit.pdf", hostile, history, trip))
    line = driver_line(text)
    assert "Luis Ortega · +52 81 555 0100" in line
    assert RLO not in text


def test_a_name_and_phone_given_as_one_string_lose_the_override_too(
        qapp: Any, tmp_path: Path) -> None:
    history, trip, subject = history_and_trip()
    hostile = dataclasses.replace(subject, driver=f"{RLO}Luis Ortega · {PHONE}")
    text = pdf_text(write_pdf(tmp_path / "audit.pdf", hostile, history, trip))
    assert "Luis Ortega · +52 81 555 0100" in driver_line(text)


def test_an_arabic_name_keeps_the_phone_number_in_order(qapp: Any, tmp_path: Path) -> None:
    history, trip, subject = history_and_trip()
    hostile = dataclasses.replace(subject, driver="سعيد علي", driver_phone=PHONE)
    text = pdf_text(write_pdf(tmp_path / "audit.pdf", hostile, history, trip))
    assert PHONE in driver_line(text)  # without the isolate it reads "0100 555 81 52+"
