"""The alarms' words and colours: alarm types, priorities, states, resolutions, escalation.

The queue, the alarm panel, the dialogs, the tray, the lock detail, the fiber chart, the
conversation and the handover report name and colour an alarm through this module only, so an
alarm is never "Fiber seal cut" in one place and something else in another. Every name goes
through Qt's translation machinery when it is asked for (source texts marked with
``QT_TRANSLATE_NOOP``), so a translator installed after import still applies.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from console.alarms.times import local_time
from console.fleet.labels import QT_TRANSLATE_NOOP, TranslatedNames
from console.palette import ThemedColors, color
from opticallock.protocol import (
    Alarm,
    AlarmPriority,
    AlarmState,
    AlarmType,
    NotificationStatus,
    ResolveOutcome,
)

CONTEXT = "Alarms"

#: Colour per priority, from the palette in force when read (console/palette.py). Never the
#: only cue: the priority word (and its glyph) is always shown next to it.
PRIORITY_COLORS: ThemedColors[AlarmPriority] = ThemedColors({
    AlarmPriority.CRITICAL: "critical",
    AlarmPriority.HIGH: "high",
    AlarmPriority.MEDIUM: "medium",
    AlarmPriority.INFO: "info",
})
#: A priority's shape, so it is told apart without its colour (the triangle is the alarm's, as
#: on the fleet's map and table).
PRIORITY_GLYPHS: dict[AlarmPriority, str] = {
    AlarmPriority.CRITICAL: "▲",
    AlarmPriority.HIGH: "◆",
    AlarmPriority.MEDIUM: "■",
    AlarmPriority.INFO: "○",
}


def __getattr__(name: str) -> str:
    # FLASH_COLOR follows the theme in force: read as ``labels.FLASH_COLOR`` or flash_color().
    if name == "FLASH_COLOR":
        return color("flash")
    raise AttributeError(name)


def flash_color() -> str:
    """The "on" phase of a flashing critical row; the "off" phase is the view's own
    background."""
    return color("flash")


#: The priority's word, in capitals: it is read at a glance next to its colour.
PRIORITY_NAMES: TranslatedNames[AlarmPriority] = TranslatedNames(CONTEXT, {
    AlarmPriority.CRITICAL: QT_TRANSLATE_NOOP("Alarms", "CRITICAL"),
    AlarmPriority.HIGH: QT_TRANSLATE_NOOP("Alarms", "HIGH"),
    AlarmPriority.MEDIUM: QT_TRANSLATE_NOOP("Alarms", "MEDIUM"),
    AlarmPriority.INFO: QT_TRANSLATE_NOOP("Alarms", "INFO"),
})

#: The dispatcher's words for each alarm type.
TYPE_NAMES: TranslatedNames[AlarmType] = TranslatedNames(CONTEXT, {
    AlarmType.FIBER_CUT: QT_TRANSLATE_NOOP("Alarms", "Fiber seal cut"),
    AlarmType.FORCED_ENTRY: QT_TRANSLATE_NOOP("Alarms", "Forced entry"),
    AlarmType.UNLOCK_OUTSIDE_GEOFENCE: QT_TRANSLATE_NOOP("Alarms", "Unlocked outside a geofence"),
    AlarmType.UNAUTHORISED_UNLOCK: QT_TRANSLATE_NOOP("Alarms", "Unlocked without authorisation"),
    AlarmType.SEAL_MISMATCH: QT_TRANSLATE_NOOP("Alarms", "Seal number mismatch"),
    AlarmType.FIBER_DEGRADED: QT_TRANSLATE_NOOP("Alarms", "Fiber seal degraded"),
    AlarmType.GPS_LOST: QT_TRANSLATE_NOOP("Alarms", "GPS lost"),
    AlarmType.BATTERY_LOW: QT_TRANSLATE_NOOP("Alarms", "Lock battery low"),
    AlarmType.DURESS: QT_TRANSLATE_NOOP("Alarms", "Driver duress code"),
})

#: An alarm's state in full (the panel, the dialogs).
STATE_NAMES: TranslatedNames[AlarmState] = TranslatedNames(CONTEXT, {
    AlarmState.OPEN: QT_TRANSLATE_NOOP("Alarms", "Open — not acknowledged"),
    AlarmState.ACKNOWLEDGED: QT_TRANSLATE_NOOP("Alarms", "Acknowledged"),
    AlarmState.RESOLVED: QT_TRANSLATE_NOOP("Alarms", "Resolved"),
})

#: An alarm's state in a queue cell, where it is one word or who acknowledged it.
SHORT_STATE_NAMES: TranslatedNames[AlarmState] = TranslatedNames(CONTEXT, {
    AlarmState.OPEN: QT_TRANSLATE_NOOP("Alarms", "Open"),
    AlarmState.ACKNOWLEDGED: QT_TRANSLATE_NOOP("Alarms", "Acknowledged"),
    AlarmState.RESOLVED: QT_TRANSLATE_NOOP("Alarms", "Resolved"),
})

#: An action typed here that the cloud does not have yet, by the desk's kind of action.
PENDING_NAMES: TranslatedNames[str] = TranslatedNames(CONTEXT, {
    "ack": QT_TRANSLATE_NOOP("Alarms", "ack pending…"),
    "resolve": QT_TRANSLATE_NOOP("Alarms", "resolve pending…"),
    "owner": QT_TRANSLATE_NOOP("Alarms", "owner change pending…"),
})

#: How a call-list notification fared.
NOTIFICATION_STATUS_NAMES: TranslatedNames[NotificationStatus] = TranslatedNames(CONTEXT, {
    NotificationStatus.SENT: QT_TRANSLATE_NOOP("Alarms", "sent"),
    NotificationStatus.DELIVERED: QT_TRANSLATE_NOOP("Alarms", "delivered"),
    NotificationStatus.FAILED: QT_TRANSLATE_NOOP("Alarms", "FAILED"),
})
#: Colour per delivery (never the only cue: the word is shown).
NOTIFICATION_STATUS_COLORS: ThemedColors[NotificationStatus] = ThemedColors({
    NotificationStatus.SENT: "info",
    NotificationStatus.DELIVERED: "good",
    NotificationStatus.FAILED: "error",
})

#: The discreet banner of a quiet alarm (covert, or the driver's duress code).
QUIET_BANNER = QT_TRANSLATE_NOOP("Alarms", "Quiet alarm — do not alert the driver")

#: How an alarm was resolved: the resolve dialog's choices, in the order shown. (A phone call's
#: outcome is another thing: console/contacts/labels.py.)
RESOLVE_OUTCOME_NAMES: TranslatedNames[ResolveOutcome] = TranslatedNames(CONTEXT, {
    ResolveOutcome.FALSE_ALARM: QT_TRANSLATE_NOOP("Alarms", "False alarm"),
    ResolveOutcome.AUTHORISED_OPENING: QT_TRANSLATE_NOOP("Alarms", "Authorised opening"),
    ResolveOutcome.SEAL_INTACT_CONFIRMED: QT_TRANSLATE_NOOP("Alarms",
                                                            "Driver confirmed seal intact"),
    ResolveOutcome.POLICE_NOTIFIED: QT_TRANSLATE_NOOP("Alarms", "Police notified"),
    ResolveOutcome.OTHER: QT_TRANSLATE_NOOP("Alarms", "Other"),
})


def priority_label(priority: AlarmPriority) -> str:
    """"CRITICAL", "HIGH", ..."""
    return PRIORITY_NAMES[priority]


def priority_color(priority: AlarmPriority) -> str:
    return PRIORITY_COLORS[priority]


def priority_glyph(priority: AlarmPriority) -> str:
    return PRIORITY_GLYPHS[priority]


def alarm_type_label(alarm_type: AlarmType | str) -> str:
    """The type's name; a type this console does not know yet is shown from its wire value."""
    try:
        return TYPE_NAMES[AlarmType(alarm_type)]
    except (ValueError, KeyError):
        return str(alarm_type).replace("_", " ").capitalize()


def alarm_label(alarm: Alarm) -> str:
    """"Fiber seal cut ×3": repeats are merged into one alarm, so the count matters."""
    label = alarm_type_label(alarm.type)
    if alarm.count > 1:
        return QCoreApplication.translate("Alarms", "{alarm} ×{count}").format(
            alarm=label, count=alarm.count)
    return label


def alarm_state_label(state: AlarmState) -> str:
    return STATE_NAMES[state]


def short_state_label(alarm: Alarm) -> str:
    """The queue's state cell: "Open", "Acknowledged by ana", "Resolved"."""
    if alarm.state is AlarmState.ACKNOWLEDGED and alarm.acknowledged_by:
        return QCoreApplication.translate("Alarms", "Acknowledged by {who}").format(
            who=alarm.acknowledged_by)
    return SHORT_STATE_NAMES[alarm.state]


def pending_label(kind: str) -> str:
    return PENDING_NAMES[kind]


def outcome_label(outcome: ResolveOutcome | str | None) -> str:
    """How an alarm was resolved; "—" when it was not, the wire value for one unknown here."""
    if outcome is None:
        return "—"
    try:
        return RESOLVE_OUTCOME_NAMES[ResolveOutcome(outcome)]
    except ValueError:
        return str(outcome).replace("_", " ")


def owner_label(alarm: Alarm, me: str | None = None) -> str:
    """The queue's owner cell: "me", "ana", or "—" when nobody has taken it."""
    if not alarm.owner:
        return "—"
    if me is not None and alarm.owner == me:
        return QCoreApplication.translate("Alarms", "me ({who})").format(who=alarm.owner)
    return alarm.owner


def level_label(level: int) -> str:
    """An escalation level in a queue row: "L2"; "" when not escalated."""
    return QCoreApplication.translate("Alarms", "L{level}").format(level=level) if level else ""


def conflict_text(error: str, by: str | None, at: float | None, fallback: str = "") -> str:
    """Why the cloud refused an action because a colleague came first, in the dispatcher's
    time zone (the cloud's own sentence gives UTC): "Already acknowledged by ana at 14:02:11
    CST.", "ben owns this alarm (since 14:05:40 CST): take it over to act on it."; ``fallback``
    (the cloud's own words) for a refusal of another kind."""
    who = by or QCoreApplication.translate("Alarms", "a colleague")
    when = local_time(at)
    match error:
        case "already_acknowledged":
            text = QCoreApplication.translate("Alarms", "Already acknowledged by {who} at {when}.")
        case "already_resolved":
            text = QCoreApplication.translate("Alarms", "Already resolved by {who} at {when}.")
        case "owned_by_other":
            text = (QCoreApplication.translate(
                "Alarms", "{who} owns this alarm (since {when}): take it over to act on it.")
                if at is not None else QCoreApplication.translate(
                    "Alarms", "{who} owns this alarm: take it over to act on it."))
        case _:
            return fallback or QCoreApplication.translate("Alarms", "A colleague acted first.")
    return text.format(who=who, when=when)


def escalated_text(text: str) -> str:
    """The escalation banner's words: ``text`` after "ESCALATED: " unless it already says so."""
    prefix = QCoreApplication.translate("Alarms", "ESCALATED")
    if text.upper().startswith(("ESCALATED", prefix.upper())):
        return text
    return QCoreApplication.translate("Alarms", "ESCALATED: {what}").format(what=text)


__all__ = [
    "NOTIFICATION_STATUS_COLORS",
    "NOTIFICATION_STATUS_NAMES",
    "PENDING_NAMES",
    "PRIORITY_COLORS",
    "PRIORITY_GLYPHS",
    "PRIORITY_NAMES",
    "QUIET_BANNER",
    "RESOLVE_OUTCOME_NAMES",
    "SHORT_STATE_NAMES",
    "STATE_NAMES",
    "TYPE_NAMES",
    "alarm_label",
    "alarm_state_label",
    "alarm_type_label",
    "conflict_text",
    "escalated_text",
    "flash_color",
    "level_label",
    "outcome_label",
    "owner_label",
    "pending_label",
    "priority_color",
    "priority_glyph",
    "priority_label",
    "short_state_label",
]
