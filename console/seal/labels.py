"""The seal's words: health verdicts, the sentence behind them, the lock timeline's lanes.

Names go through Qt's translation machinery when asked for (source texts marked with
``QT_TRANSLATE_NOOP``), so a translator installed after import still applies. The domain judges a
seal (:func:`opticallock.seal_health.classify`) and keeps the facts; :func:`health_text` says them
to the dispatcher, each sentence one translatable whole with ``{name}`` placeholders.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from typing import ClassVar

from PySide6.QtCore import QCoreApplication

from console.fleet.labels import QT_TRANSLATE_NOOP, TranslatedNames
from console.palette import color
from console.seal.timeline import Lane
from opticallock.seal_health import Finding, Severity, SignalHealth, Verdict

CONTEXT = "Seal"

#: The verdict's headline word, always shown (colour is never the only cue).
VERDICT_NAMES: TranslatedNames[Verdict] = TranslatedNames(CONTEXT, {
    Verdict.HEALTHY: QT_TRANSLATE_NOOP("Seal", "Healthy"),
    Verdict.ATTENUATING: QT_TRANSLATE_NOOP("Seal", "Slow attenuation"),
    Verdict.CUT: QT_TRANSLATE_NOOP("Seal", "CUT OR TAMPERED"),
    Verdict.NO_SIGNAL: QT_TRANSLATE_NOOP("Seal", "No signal"),
})

class SeverityStyles(Mapping[Severity, tuple[str, str, str]]):
    """A severity's symbol, text colour and background, the colours from the palette in force
    when read (console/palette.py)."""

    #: (symbol, text role, background role) per severity.
    ROLES: ClassVar[dict[Severity, tuple[str, str, str]]] = {
        Severity.OK: ("✔", "ok", "ok_bg"),
        Severity.MAINTENANCE: ("⚠", "maintenance", "maintenance_bg"),
        Severity.CRITICAL: ("✖", "critical_text", "critical_bg"),
        Severity.UNKNOWN: ("?", "unknown", "unknown_bg"),
    }

    def __getitem__(self, severity: Severity) -> tuple[str, str, str]:
        glyph, fg, bg = self.ROLES[severity]
        return glyph, color(fg), color(bg)

    def __iter__(self) -> Iterator[Severity]:
        return iter(self.ROLES)

    def __len__(self) -> int:
        return len(self.ROLES)


#: A severity's symbol, text colour and background, one table for every verdict banner.
SEVERITY_STYLE = SeverityStyles()

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


def duration_text(seconds: float) -> str:
    """"40 s", "12 min", "5.5 h", "2.3 days": how a dispatcher says a span."""
    seconds = max(0.0, seconds)
    if seconds < 90:
        return QCoreApplication.translate("Seal", "{n} s").format(n=f"{seconds:.0f}")
    if seconds < 90 * 60:
        return QCoreApplication.translate("Seal", "{n} min").format(n=f"{seconds / 60:.0f}")
    if seconds < 48 * 3600:
        return QCoreApplication.translate("Seal", "{n} h").format(n=f"{seconds / 3600:.1f}")
    return QCoreApplication.translate("Seal", "{n} days").format(n=f"{seconds / 86400:.1f}")


def _clock(ts: float | None) -> str:
    return "—" if ts is None else time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(ts))


def _db(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def _where(health: SignalHealth) -> str:
    """"-14.2 dBm, 3.2 dB below its baseline -11.0 dBm" (or above it)."""
    drop = health.drop_db or 0.0
    if drop >= 0:
        text = QCoreApplication.translate(
            "Seal", "{level} dBm, {drop} dB below its baseline {baseline} dBm")
    else:
        text = QCoreApplication.translate(
            "Seal", "{level} dBm, {drop} dB above its baseline {baseline} dBm")
    return text.format(level=_db(health.level_dbm), drop=f"{abs(drop):.1f}",
                       baseline=_db(health.baseline_dbm))


def _critical(text: str) -> str:
    return text + " " + QCoreApplication.translate(
        "Seal", "Critical: treat as tampering until the seal is checked.")


def health_text(health: SignalHealth) -> str:
    """The verdict in plain words for the dispatcher: what the readings show, since when, and
    what to do about it. Each sentence is one translatable whole."""
    match health.finding:
        case Finding.NO_READINGS:
            return QCoreApplication.translate(
                "Seal", "No fiber readings received from this lock yet.")
        case Finding.NOT_REPORTING:
            return QCoreApplication.translate(
                "Seal", "No reading for {silence}: the lock is not reporting. "
                "Last level {level} dBm at {when}.").format(
                silence=duration_text(health.silent_s or 0.0), level=_db(health.level_dbm),
                when=_clock(health.since))
        case Finding.SUDDEN_DROP:
            if health.no_light:
                text = QCoreApplication.translate(
                    "Seal", "Sudden drop of {step} dB at {when} — no light passes the seal "
                    "loop: it was cut or opened. Now {where}.")
            else:
                text = QCoreApplication.translate(
                    "Seal", "Sudden drop of {step} dB at {when} — the fiber was cut, pinched "
                    "or tampered with. Now {where}.")
            return _critical(text.format(step=_db(health.step_db), when=_clock(health.since),
                                         where=_where(health)))
        case Finding.NO_LIGHT:
            return _critical(QCoreApplication.translate(
                "Seal", "No light passes the seal loop ({where}) since at least {when}: cut or "
                "opened.").format(where=_where(health), when=_clock(health.since)))
        case Finding.DRIFT:
            return _drift_text(health)
        case Finding.STEADY:
            text = QCoreApplication.translate("Seal", "Seal signal healthy: {where}.").format(
                where=_where(health))
            if health.recovered_drop_at is not None:
                text += " " + QCoreApplication.translate(
                    "Seal", "It recovered after a sudden drop at {when} (seal replaced?).").format(
                    when=_clock(health.recovered_drop_at))
            elif health.slightly_low:
                text += " " + QCoreApplication.translate(
                    "Seal", "Slightly low: keep an eye on it.")
            return text


def _drift_text(health: SignalHealth) -> str:
    span = duration_text(health.span_s or 0.0)
    if health.onset_seen:
        how = QCoreApplication.translate("Seal", "lost over {span}").format(span=span)
    else:
        how = QCoreApplication.translate("Seal", "already this low {span} ago").format(span=span)
    if health.still_losing:
        how = QCoreApplication.translate("Seal", "{how} (still losing {rate} dB/day)").format(
            how=how, rate=_db(health.rate_db_per_day))
    text = QCoreApplication.translate(
        "Seal", "Slow attenuation: {where}, {how}, with no sudden drop. Connector dirty or worn: "
        "schedule cleaning.").format(where=_where(health), how=how)
    if health.near_no_light:
        text += " " + QCoreApplication.translate(
            "Seal", "The seal is close to passing no light: replace the connector or seal soon.")
    return text


__all__ = [
    "LANE_NAMES",
    "SEVERITY_STYLE",
    "VERDICT_NAMES",
    "SeverityStyles",
    "duration_text",
    "health_text",
    "lane_label",
    "verdict_label",
]
