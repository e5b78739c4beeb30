"""A trip's durations in the dispatcher's units, translatable, and the same as the domain's."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

from console.history.labels import format_duration
from opticallock.trips import format_hours


@pytest.mark.parametrize(("seconds", "text"), [
    (0, "0 min"), (12 * 60, "12 min"), (59 * 60 + 29, "59 min"), (59 * 60 + 31, "1 h 00 min"),
    (3 * 3600 + 5 * 60, "3 h 05 min"), (47 * 3600 + 59 * 60, "47 h 59 min"),
    (50 * 3600, "2 d 02 h"),
])
def test_durations_read_in_minutes_hours_then_days(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text


def test_the_english_is_the_domains() -> None:
    for seconds in range(0, 4 * 86400, 37 * 60 + 11):
        assert format_duration(seconds) == format_hours(seconds)


class UnitTranslator(QTranslator):
    def translate(self, context: str, source_text: str, disambiguation: Any = None,
                  n: int = -1) -> str | None:
        if (context, source_text) == ("History", "{h} h {m} min"):
            return "{h} h {m} mín"
        return None  # Qt's null string: no translation, the source text is shown

    def isEmpty(self) -> bool:
        return False


def test_a_translator_renames_the_units(qapp: Any) -> None:
    translator = UnitTranslator()
    QCoreApplication.installTranslator(translator)
    try:
        assert format_duration(3 * 3600 + 5 * 60) == "3 h 05 mín"
        assert format_duration(12 * 60) == "12 min"
    finally:
        QCoreApplication.removeTranslator(translator)
    assert format_duration(3 * 3600 + 5 * 60) == "3 h 05 min"
