"""The seal ledger's words and colours: unlock requests and a seal's custody chain.

The unlock panel, the approval dialog and the lock & seal panel name an unlock request's state,
a seal's ISO 17712 class and each link of its custody chain through this module only. Names are
source texts marked with ``QT_TRANSLATE_NOOP`` and translated when asked for, so a translator
installed after import still applies. Text from the network (actors, notes, photo references,
geofence names) is isolated (console/text.py) where it is put into a sentence.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication

from console.fleet.labels import QT_TRANSLATE_NOOP, TranslatedNames
from console.palette import color
from console.places import where_text
from console.text import isolate
from opticallock.protocol import (
    Geofence,
    SealAction,
    SealClass,
    SealEvent,
    SealState,
    UnlockRequestState,
)

CONTEXT = "SealLedger"

#: "Outside any geofence" (an unlock asked where it should not be): WARNING_COLOR; an
#: unauthorised removal or a tampered seal: DANGER_COLOR; a request approved and waiting to be
#: used, a seal link that is as it should be: GOOD_COLOR. Never the only cue, the words say it
#: too. Each is the palette's colour in force when read (console/palette.py).
_COLOR_ROLES = {"WARNING_COLOR": "warning", "DANGER_COLOR": "critical", "GOOD_COLOR": "good"}


def __getattr__(name: str) -> str:
    if name in _COLOR_ROLES:
        return color(_COLOR_ROLES[name])
    raise AttributeError(name)


UNLOCK_STATE_NAMES: TranslatedNames[UnlockRequestState] = TranslatedNames(CONTEXT, {
    UnlockRequestState.PENDING: QT_TRANSLATE_NOOP("SealLedger", "Waiting"),
    UnlockRequestState.APPROVED: QT_TRANSLATE_NOOP("SealLedger", "Approved"),
    UnlockRequestState.REFUSED: QT_TRANSLATE_NOOP("SealLedger", "Refused"),
    UnlockRequestState.USED: QT_TRANSLATE_NOOP("SealLedger", "Used"),
    UnlockRequestState.EXPIRED: QT_TRANSLATE_NOOP("SealLedger", "Expired"),
})

SEAL_CLASS_NAMES: TranslatedNames[SealClass] = TranslatedNames(CONTEXT, {
    SealClass.INDICATIVE: QT_TRANSLATE_NOOP("SealLedger", "ISO 17712 class I (indicative)"),
    SealClass.SECURITY: QT_TRANSLATE_NOOP("SealLedger", "ISO 17712 class S (security)"),
    SealClass.HIGH_SECURITY: QT_TRANSLATE_NOOP("SealLedger",
                                                "ISO 17712 class H (high security)"),
})

SEAL_STATE_NAMES: TranslatedNames[SealState] = TranslatedNames(CONTEXT, {
    SealState.IN_STOCK: QT_TRANSLATE_NOOP("SealLedger", "in stock"),
    SealState.ISSUED: QT_TRANSLATE_NOOP("SealLedger", "issued"),
    SealState.APPLIED: QT_TRANSLATE_NOOP("SealLedger", "applied"),
    SealState.REMOVED: QT_TRANSLATE_NOOP("SealLedger", "removed"),
    SealState.TAMPERED: QT_TRANSLATE_NOOP("SealLedger", "TAMPERED"),
})

SEAL_ACTION_NAMES: TranslatedNames[SealAction] = TranslatedNames(CONTEXT, {
    SealAction.ISSUED: QT_TRANSLATE_NOOP("SealLedger", "Issued"),
    SealAction.APPLIED: QT_TRANSLATE_NOOP("SealLedger", "Applied"),
    SealAction.CHECKED: QT_TRANSLATE_NOOP("SealLedger", "Checked"),
    SealAction.REMOVED: QT_TRANSLATE_NOOP("SealLedger", "Removed"),
    SealAction.REPLACED: QT_TRANSLATE_NOOP("SealLedger", "Replaced"),
    SealAction.TAMPERED: QT_TRANSLATE_NOOP("SealLedger", "TAMPERED"),
})


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def local_time(ts: float | None) -> str:
    """Local wall-clock time; the date too unless it is today (a custody chain spans days)."""
    if ts is None:
        return "—"
    local = time.localtime(ts)
    if time.strftime("%Y-%m-%d", local) == time.strftime("%Y-%m-%d", time.localtime()):
        return time.strftime("%H:%M:%S", local)
    return time.strftime("%Y-%m-%d %H:%M", local)


def unlock_state_label(state: UnlockRequestState) -> str:
    return UNLOCK_STATE_NAMES[state]


def seal_class_label(iso_class: SealClass | str) -> str:
    try:
        return SEAL_CLASS_NAMES[SealClass(iso_class)]
    except ValueError:
        return str(iso_class)


def seal_state_label(state: SealState | str) -> str:
    try:
        return SEAL_STATE_NAMES[SealState(state)]
    except ValueError:
        return str(state)


def geofence_text(geofence_id: str | None, geofences: dict[str, Geofence]) -> str:
    """A geofence's name (its id if this console has no list of geofences), or "outside any
    geofence" for None."""
    if geofence_id is None:
        return _tr("outside any geofence")
    fence = geofences.get(geofence_id)
    return isolate(fence.name if fence is not None else geofence_id)


def seal_action_label(event: SealEvent) -> str:
    """The link's name: "Removed — NOT authorised" is said in full, not left to a colour."""
    if event.action is SealAction.REMOVED:
        if event.authorised:
            return _tr("Removed — authorised")
        return _tr("Removed — NOT authorised")
    return SEAL_ACTION_NAMES[event.action]


def seal_action_color(event: SealEvent) -> str | None:
    """Red for an unauthorised removal, a tampered seal or a number read back that does not
    match; None for a link as it should be."""
    if event.action is SealAction.TAMPERED or (
            event.action is SealAction.REMOVED and not event.authorised):
        return color("critical")
    if read_back_mismatch(event):
        return color("critical")
    return None


def read_back_mismatch(event: SealEvent) -> bool:
    """An application whose number read back by the driver app is not the seal's."""
    return (event.action is SealAction.APPLIED and event.read_back is not None
            and event.read_back.strip().upper() != event.seal.number)


def seal_place_text(event: SealEvent, geofences: dict[str, Geofence]) -> str:
    """Where a link happened: the geofence's name, else the place near its position."""
    if event.geofence_id is not None:
        return geofence_text(event.geofence_id, geofences)
    if event.position is not None:
        return where_text(event.position)
    return "—"


def seal_details_text(event: SealEvent) -> str:
    """What the link records beyond who and where, in plain words."""
    parts: list[str] = []
    match event.action:
        case SealAction.ISSUED:
            if event.trailer_id:
                parts.append(_tr("to trailer {trailer}").format(trailer=isolate(event.trailer_id)))
            if event.lock_id:
                parts.append(_tr("lock {lock}").format(lock=isolate(event.lock_id)))
        case SealAction.APPLIED:
            if event.read_back is not None:
                parts.append((_tr("read back {number} — DOES NOT MATCH")
                              if read_back_mismatch(event) else
                              _tr("read back {number} (matches)")).format(
                    number=isolate(event.read_back)))
            if event.photo_ref:
                parts.append(_tr("photo {ref}").format(ref=isolate(event.photo_ref)))
        case SealAction.REMOVED:
            if event.authorisation_id:
                parts.append(_tr("under authorisation {request}").format(
                    request=isolate(event.authorisation_id)))
            elif not event.authorised:
                parts.append(_tr("no valid unlock authorisation"))
        case SealAction.REPLACED:
            if event.replaced_by:
                parts.append(_tr("by seal {number}").format(number=isolate(event.replaced_by)))
        case _:
            pass
    if event.trip_id and event.action is not SealAction.ISSUED:
        parts.append(_tr("trip {trip}").format(trip=isolate(event.trip_id)))
    if event.note:
        parts.append(isolate(event.note))
    return " · ".join(parts)


def actor_text(actor: str) -> str:
    """"driver:DRV-0042" → "driver DRV-0042": who, in words, isolated."""
    kind, sep, name = actor.partition(":")
    if not sep:
        return isolate(actor)
    kinds = {
        "driver": QT_TRANSLATE_NOOP("SealLedger", "driver"),
        "dispatcher": QT_TRANSLATE_NOOP("SealLedger", "dispatcher"),
        "cbp": QT_TRANSLATE_NOOP("SealLedger", "customs (CBP)"),
        "terminal": QT_TRANSLATE_NOOP("SealLedger", "terminal"),
        "lock": QT_TRANSLATE_NOOP("SealLedger", "lock"),
        "carrier": QT_TRANSLATE_NOOP("SealLedger", "carrier"),
    }
    shown = _tr(kinds[kind]) if kind in kinds else isolate(kind)
    return f"{shown} {isolate(name)}"


__all__ = [
    "SEAL_ACTION_NAMES",
    "SEAL_CLASS_NAMES",
    "SEAL_STATE_NAMES",
    "UNLOCK_STATE_NAMES",
    "actor_text",
    "geofence_text",
    "local_time",
    "read_back_mismatch",
    "seal_action_color",
    "seal_action_label",
    "seal_class_label",
    "seal_details_text",
    "seal_place_text",
    "seal_state_label",
    "unlock_state_label",
]
