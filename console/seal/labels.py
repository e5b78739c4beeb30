"""The seal's words: health verdicts and the lock timeline's lanes.

Names go through Qt's translation machinery when asked for (source texts marked with
``QT_TRANSLATE_NOOP``), so a translator installed after import still applies. The verdict's
sentence (:attr:`~opticallock.seal_health.SignalHealth.text`) is still composed in English by the
Qt-free domain package.
"""

from __future__ import annotations

from console.fleet.labels import QT_TRANSLATE_NOOP, TranslatedNames
from opticallock.lock_timeline import Lane
from opticallock.seal_health import Severity, Verdict

CONTEXT = "Seal"

#: The verdict's headline word, always shown (colour is never the only cue).
VERDICT_NAMES: TranslatedNames[Verdict] = TranslatedNames(CONTEXT, {
    Verdict.HEALTHY: QT_TRANSLATE_NOOP("Seal", "Healthy"),
    Verdict.ATTENUATING: QT_TRANSLATE_NOOP("Seal", "Slow attenuation"),
    Verdict.CUT: QT_TRANSLATE_NOOP("Seal", "CUT OR TAMPERED"),
    Verdict.NO_SIGNAL: QT_TRANSLATE_NOOP("Seal", "No signal"),
})

#: A severity's symbol, text colour and background, one table for every verdict banner.
SEVERITY_STYLE: dict[Severity, tuple[str, str, str]] = {
    Severity.OK: ("✔", "#1b5e20", "#e8f5e9"),
    Severity.MAINTENANCE: ("⚠", "#8a4b00", "#fff3e0"),
    Severity.CRITICAL: ("✖", "#ffffff", "#c62828"),
    Severity.UNKNOWN: ("?", "#37474f", "#eceff1"),
}

#: The lock timeline's lanes, top to bottom.
LANE_NAMES: TranslatedNames[Lane] = TranslatedNames(CONTEXT, {
    Lane.LOCK: QT_TRANSLATE_NOOP("Seal", "Lock"),
    Lane.SEAL: QT_TRANSLATE_NOOP("Seal", "Seal / fiber"),
    Lane.ALARMS: QT_TRANSLATE_NOOP("Seal", "Alarms & actions"),
    Lane.PLACES: QT_TRANSLATE_NOOP("Seal", "Geofence / trip"),
    Lane.COMMS: QT_TRANSLATE_NOOP("Seal", "Comms / GPS"),
    Lane.DRIVER: QT_TRANSLATE_NOOP("Seal", "Driver"),
})


def verdict_label(verdict: Verdict) -> str:
    return VERDICT_NAMES[verdict]


def lane_label(lane: Lane) -> str:
    return LANE_NAMES[lane]


__all__ = ["LANE_NAMES", "SEVERITY_STYLE", "VERDICT_NAMES", "lane_label", "verdict_label"]
