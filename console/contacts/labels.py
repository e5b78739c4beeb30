"""The contacts' words: how a message stands, how a call ended, the drivers' languages, the
driver app.

Names go through Qt's translation machinery when asked for (source texts marked with
``QT_TRANSLATE_NOOP``), so a translator installed after import still applies. A phone call's
outcome is named here; an alarm's resolution is another thing (console/alarms/labels.py).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from console.contacts.messaging import EntryStatus
from console.fleet.labels import QT_TRANSLATE_NOOP, TranslatedNames
from console.palette import color
from opticallock.protocol import CallOutcome, Language

CONTEXT = "Contacts"

#: How a phone call to a driver ended, in the order the call dialog offers them.
CALL_OUTCOME_NAMES: TranslatedNames[CallOutcome] = TranslatedNames(CONTEXT, {
    CallOutcome.REACHED: QT_TRANSLATE_NOOP("Contacts", "Reached the driver"),
    CallOutcome.NO_ANSWER: QT_TRANSLATE_NOOP("Contacts", "No answer"),
    CallOutcome.VOICEMAIL: QT_TRANSLATE_NOOP("Contacts", "Left a voicemail"),
})

#: Where a line of a conversation stands, with its ticks (nothing for the driver's own lines).
ENTRY_STATUS_NAMES: TranslatedNames[EntryStatus] = TranslatedNames(CONTEXT, {
    EntryStatus.SENDING: QT_TRANSLATE_NOOP("Contacts", "⋯ sending"),
    EntryStatus.FAILED: QT_TRANSLATE_NOOP("Contacts", "✗ not sent"),
    EntryStatus.SENT: QT_TRANSLATE_NOOP("Contacts", "✓ sent"),
    EntryStatus.DELIVERED: QT_TRANSLATE_NOOP("Contacts", "✓✓ delivered"),
    EntryStatus.READ: QT_TRANSLATE_NOOP("Contacts", "✓✓ read"),
    EntryStatus.RECEIVED: "",
    EntryStatus.RECORDED: "",
})

#: A language is named in itself: a dispatcher looks for "Español", not its translation.
LANGUAGE_NAMES: dict[Language, str] = {Language.EN: "English", Language.ES: "Español"}

def __getattr__(name: str) -> str:
    # OFFLINE_COLOUR: the palette's colour in force when read ("offline" is also written out:
    # the colour is never the only cue).
    if name == "OFFLINE_COLOUR":
        return color("offline")
    raise AttributeError(name)


def call_outcome_label(outcome: CallOutcome | str | None) -> str:
    if outcome is None:
        return "—"
    try:
        return CALL_OUTCOME_NAMES[CallOutcome(outcome)]
    except ValueError:
        return str(outcome).replace("_", " ")


def entry_status_label(status: EntryStatus) -> str:
    sources = ENTRY_STATUS_NAMES.sources
    return ENTRY_STATUS_NAMES[status] if sources[status] else ""


def language_name(language: Language | str) -> str:
    try:
        return LANGUAGE_NAMES[Language(language)]
    except ValueError:
        return str(language)


def app_state_label(online: bool) -> str:
    """The driver app's state in a word ("online", "offline")."""
    if online:
        return QCoreApplication.translate("Contacts", "online")
    return QCoreApplication.translate("Contacts", "offline")


__all__ = [
    "CALL_OUTCOME_NAMES",
    "ENTRY_STATUS_NAMES",
    "LANGUAGE_NAMES",
    "app_state_label",
    "call_outcome_label",
    "entry_status_label",
    "language_name",
]
