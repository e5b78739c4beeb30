"""Words and colours the alarm widgets share, so a dialog, the panel and a tray message name an
alarm the same way.

Everything here returns plain text: strings that came over the network (details, notes, names)
are shown with ``Qt.TextFormat.PlainText`` labels and never pasted into HTML.
"""

from __future__ import annotations

import html
import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from opticallock.protocol import Alarm, AlarmPriority, AlarmState, AlarmType, ResolveOutcome

#: Colour per priority. Never the only cue: the priority word is always shown next to it.
PRIORITY_COLORS: dict[AlarmPriority, str] = {
    AlarmPriority.CRITICAL: "#c62828",
    AlarmPriority.HIGH: "#e65100",
    AlarmPriority.MEDIUM: "#8d6e00",
    AlarmPriority.INFO: "#546e7a",
}

#: The dispatcher's words for each alarm type.
TYPE_LABELS: dict[AlarmType, str] = {
    AlarmType.FIBER_CUT: "Fiber seal cut",
    AlarmType.FORCED_ENTRY: "Forced entry",
    AlarmType.UNLOCK_OUTSIDE_GEOFENCE: "Unlocked outside a geofence",
    AlarmType.FIBER_DEGRADED: "Fiber seal degraded",
    AlarmType.GPS_LOST: "GPS lost",
    AlarmType.BATTERY_LOW: "Lock battery low",
}

STATE_LABELS: dict[AlarmState, str] = {
    AlarmState.OPEN: "Open — not acknowledged",
    AlarmState.ACKNOWLEDGED: "Acknowledged",
    AlarmState.RESOLVED: "Resolved",
}

#: The resolve dialog's choices, in the order shown.
OUTCOME_LABELS: dict[ResolveOutcome, str] = {
    ResolveOutcome.FALSE_ALARM: "False alarm",
    ResolveOutcome.AUTHORISED_OPENING: "Authorised opening",
    ResolveOutcome.SEAL_INTACT_CONFIRMED: "Driver confirmed seal intact",
    ResolveOutcome.POLICE_NOTIFIED: "Police notified",
    ResolveOutcome.OTHER: "Other",
}


def type_text(alarm: Alarm) -> str:
    """"Fiber seal cut ×3": repeats are merged into one alarm, so the count matters."""
    label = TYPE_LABELS.get(alarm.type, alarm.type.value.replace("_", " ").capitalize())
    return f"{label} ×{alarm.count}" if alarm.count > 1 else label


def priority_text(priority: AlarmPriority) -> str:
    return priority.value.upper()


def outcome_text(outcome: ResolveOutcome | str | None) -> str:
    if outcome is None:
        return "—"
    try:
        return OUTCOME_LABELS[ResolveOutcome(outcome)]
    except ValueError:
        return str(outcome).replace("_", " ")


def clock_text(ts: float | None) -> str:
    """Local wall-clock time; the date only when it is not today (shifts span midnight)."""
    if ts is None:
        return "—"
    local = time.localtime(ts)
    if time.strftime("%Y-%m-%d", local) == time.strftime("%Y-%m-%d", time.localtime()):
        return time.strftime("%H:%M:%S", local)
    return time.strftime("%Y-%m-%d %H:%M:%S", local)


def plain_label(text: str = "", parent: QWidget | None = None, *, wrap: bool = True,
                selectable: bool = True) -> QLabel:
    """A label that can never interpret what it shows as HTML (notes, details, names)."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setText(text)
    return label


def plain_tooltip(text: str) -> str:
    """A tooltip showing ``text`` literally: Qt guesses tooltips' format (mightBeRichText), so
    untrusted text is escaped and wrapped in a paragraph that keeps its line breaks."""
    if not text:
        return ""
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>"
