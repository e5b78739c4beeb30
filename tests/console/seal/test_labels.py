"""The seal's sentences: each finding of the domain said in plain words, and a translator
installed at run time renaming a timeline title and a health sentence without touching the logic."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

from console.seal.labels import duration_text, health_text, lane_label
from console.seal.timeline import Lane, entry_of
from opticallock.protocol import AlarmAcknowledgedEvent
from opticallock.seal_health import FIBER_FLOOR_DBM, Finding, SignalHealth, Verdict, classify

T0 = 1_790_000_000.0
BASE = -11.0


def clock(ts: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(ts))


@pytest.mark.parametrize(("seconds", "text"), [
    (40, "40 s"), (12 * 60, "12 min"), (5.5 * 3600, "5.5 h"), (2.3 * 86400, "2.3 days"),
    (-5, "0 s"),
])
def test_spans_are_said_in_the_dispatchers_units(seconds: float, text: str) -> None:
    assert duration_text(seconds) == text


def test_each_finding_has_its_sentence() -> None:
    steady = SignalHealth(Verdict.HEALTHY, Finding.STEADY, BASE, level_dbm=-12.8, drop_db=1.8)
    assert health_text(steady) == ("Seal signal healthy: -12.8 dBm, 1.8 dB below its baseline "
                                   "-11.0 dBm. Slightly low: keep an eye on it.")
    above = SignalHealth(Verdict.HEALTHY, Finding.STEADY, BASE, level_dbm=-10.5, drop_db=-0.5,
                         recovered_drop_at=T0)
    assert health_text(above) == (
        "Seal signal healthy: -10.5 dBm, 0.5 dB above its baseline -11.0 dBm. It recovered "
        f"after a sudden drop at {clock(T0)} (seal replaced?).")
    drift = SignalHealth(Verdict.ATTENUATING, Finding.DRIFT, BASE, level_dbm=-14.5, drop_db=3.5,
                         since=T0, rate_db_per_day=1.25, span_s=2 * 3600, onset_seen=True)
    assert health_text(drift) == (
        "Slow attenuation: -14.5 dBm, 3.5 dB below its baseline -11.0 dBm, lost over 2.0 h "
        "(still losing 1.2 dB/day), with no sudden drop. Connector dirty or worn: schedule "
        "cleaning.")
    deep = SignalHealth(Verdict.ATTENUATING, Finding.DRIFT, BASE, level_dbm=-22.0, drop_db=11.0,
                        since=T0, rate_db_per_day=0.05, span_s=3 * 86400, onset_seen=False)
    assert health_text(deep) == (
        "Slow attenuation: -22.0 dBm, 11.0 dB below its baseline -11.0 dBm, already this low "
        "3.0 days ago, with no sudden drop. Connector dirty or worn: schedule cleaning. The seal "
        "is close to passing no light: replace the connector or seal soon.")
    pinched = SignalHealth(Verdict.CUT, Finding.SUDDEN_DROP, BASE, level_dbm=-18.0, drop_db=7.0,
                           since=T0, step_db=7.0)
    assert health_text(pinched) == (
        f"Sudden drop of 7.0 dB at {clock(T0)} — the fiber was cut, pinched or tampered with. "
        "Now -18.0 dBm, 7.0 dB below its baseline -11.0 dBm. Critical: treat as tampering until "
        "the seal is checked.")
    dark = SignalHealth(Verdict.CUT, Finding.NO_LIGHT, BASE, level_dbm=-40.0, drop_db=29.0,
                        since=T0)
    assert health_text(dark) == (
        "No light passes the seal loop (-40.0 dBm, 29.0 dB below its baseline -11.0 dBm) since "
        f"at least {clock(T0)}: cut or opened. Critical: treat as tampering until the seal is "
        "checked.")
    silent = SignalHealth(Verdict.NO_SIGNAL, Finding.NOT_REPORTING, BASE, level_dbm=-11.2,
                          drop_db=0.2, since=T0, silent_s=30 * 60)
    assert health_text(silent) == ("No reading for 30 min: the lock is not reporting. Last "
                                   f"level -11.2 dBm at {clock(T0)}.")
    empty = SignalHealth(Verdict.NO_SIGNAL, Finding.NO_READINGS, BASE)
    assert health_text(empty) == "No fiber readings received from this lock yet."


def test_a_cut_read_from_the_readings_says_no_light_passes() -> None:
    ts = T0 + np.arange(0.0, 3600.0, 10.0)
    dbm = np.full(len(ts), BASE)
    dbm[300:] = FIBER_FLOOR_DBM
    text = health_text(classify(ts, dbm, BASE))
    assert text.startswith(f"Sudden drop of 29.0 dB at {clock(ts[300])} — no light passes the "
                           "seal loop: it was cut or opened. Now -40.0 dBm")
    assert text.endswith("Critical: treat as tampering until the seal is checked.")


class OneTextTranslator(QTranslator):
    """Translates one source text of one context, as a .qm file would."""

    def __init__(self, context: str, source: str, translation: str) -> None:
        super().__init__()
        self.key = (context, source)
        self.translation = translation

    def translate(self, context: str, source_text: str, disambiguation: Any = None,
                  n: int = -1) -> str | None:
        # None is Qt's null string: "no translation here", so the source text is shown.
        return self.translation if (context, source_text) == self.key else None

    def isEmpty(self) -> bool:
        return False


@pytest.fixture
def translators(qapp: Any) -> Iterator[list[QTranslator]]:
    installed: list[QTranslator] = []
    yield installed
    for translator in installed:
        QCoreApplication.removeTranslator(translator)


def install(translators: list[QTranslator], context: str, source: str, text: str) -> None:
    translator = OneTextTranslator(context, source, text)
    translators.append(translator)
    QCoreApplication.installTranslator(translator)


def test_a_translator_renames_a_timeline_title_and_a_health_sentence(
        translators: list[QTranslator]) -> None:
    ack = AlarmAcknowledgedEvent(seq=5, ts=T0, alarm_id="AL-1", lock_id="OL-1", by="ana",
                                 at=T0, note="on it", request_id="r" * 8)
    healthy = SignalHealth(Verdict.HEALTHY, Finding.STEADY, BASE, level_dbm=BASE, drop_db=0.0)
    english = entry_of(ack)
    assert english is not None
    assert english.title == "Acknowledged by ana"
    assert health_text(healthy) == ("Seal signal healthy: -11.0 dBm, 0.0 dB below its baseline "
                                    "-11.0 dBm.")

    install(translators, "LockTimeline", "Acknowledged by {who}", "Reconocida por {who}")
    install(translators, "Seal", "Seal signal healthy: {where}.", "Sello sano: {where}.")
    install(translators, "Seal", "Alarms & actions", "Alarmas y acciones")
    translated = entry_of(ack)
    assert translated is not None
    assert translated.title == "Reconocida por ana"
    # Only the title was translated: the rest of the entry is what it was.
    assert (translated.detail, translated.kind, translated.lane) == (
        english.detail, english.kind, english.lane)
    assert health_text(healthy) == ("Sello sano: -11.0 dBm, 0.0 dB below its baseline "
                                    "-11.0 dBm.")
    assert lane_label(Lane.ALARMS) == "Alarmas y acciones"
