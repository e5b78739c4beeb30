"""The fleet's words and colours: trailer statuses, lock states, ages.

Every name goes through Qt's translation machinery at the moment it is asked for (the tables
hold source texts marked with ``QT_TRANSLATE_NOOP``), so a translator installed after this module
was imported still applies, and a translation is added without touching the code that shows it.
Colours are one table per concept: the map, the overview tiles and the table read the same one.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TypeVar

from PySide6.QtCore import QCoreApplication

from console.palette import ThemedColors
from opticallock.protocol import LockState
from opticallock.status import TrailerStatus

K = TypeVar("K")

CONTEXT = "Fleet"


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:
    """Marks ``source`` for lupdate in ``context`` and returns it untranslated.

    Qt's own marker, typed as returning ``object`` in PySide's stubs; lupdate looks for the name.
    """
    return source


class TranslatedNames(Mapping[K, str]):
    """Source texts per key, translated in ``context`` each time one is looked up.

    A mapping so that ``NAMES[key]`` keeps working for its readers; iteration keeps the order the
    table was written in (dialogs offer choices in that order).
    """

    def __init__(self, context: str, sources: Mapping[K, str]) -> None:
        self.context = context
        self.sources = dict(sources)

    def __getitem__(self, key: K) -> str:
        return QCoreApplication.translate(self.context, self.sources[key])

    def __iter__(self) -> Iterator[K]:
        return iter(self.sources)

    def __len__(self) -> int:
        return len(self.sources)


#: What a dispatcher sees at a glance; the map, the overview and the table use the same words.
STATUS_NAMES: TranslatedNames[TrailerStatus] = TranslatedNames(CONTEXT, {
    TrailerStatus.ALARM: QT_TRANSLATE_NOOP("Fleet", "Alarm"),
    TrailerStatus.UNLOCKED: QT_TRANSLATE_NOOP("Fleet", "Unlocked"),
    TrailerStatus.STALE: QT_TRANSLATE_NOOP("Fleet", "No fix"),
    TrailerStatus.MOVING: QT_TRANSLATE_NOOP("Fleet", "Moving"),
    TrailerStatus.PARKED: QT_TRANSLATE_NOOP("Fleet", "Parked"),
})

#: A trailer state's colour everywhere: map markers, overview tiles, legends, from the palette
#: in force (console/palette.py) when read. Never the only cue: the state's word and its glyph
#: are always shown with it.
STATUS_COLORS: ThemedColors[TrailerStatus] = ThemedColors({
    TrailerStatus.ALARM: "alarm",
    TrailerStatus.UNLOCKED: "unlocked",
    TrailerStatus.STALE: "stale",
    TrailerStatus.MOVING: "moving",
    TrailerStatus.PARKED: "parked",
})

#: A trailer state's shape, so that it is told apart without its colour (tables, tiles, legends).
STATUS_GLYPHS: dict[TrailerStatus, str] = {
    TrailerStatus.ALARM: "▲",
    TrailerStatus.UNLOCKED: "◆",
    TrailerStatus.STALE: "○",
    TrailerStatus.MOVING: "●",
    TrailerStatus.PARKED: "■",
}

LOCK_STATE_NAMES: TranslatedNames[LockState] = TranslatedNames(CONTEXT, {
    LockState.LOCKED: QT_TRANSLATE_NOOP("Fleet", "Locked"),
    LockState.UNLOCKED: QT_TRANSLATE_NOOP("Fleet", "Unlocked"),
    LockState.SHACKLE_OPEN: QT_TRANSLATE_NOOP("Fleet", "Shackle open"),
})


def status_label(status: TrailerStatus) -> str:
    return STATUS_NAMES[status]


def status_color(status: TrailerStatus) -> str:
    return STATUS_COLORS[status]


def status_glyph(status: TrailerStatus) -> str:
    return STATUS_GLYPHS[status]


def status_badge(status: TrailerStatus) -> str:
    """"▲ Alarm": the state's shape and word, for a tile or a legend."""
    return f"{STATUS_GLYPHS[status]} {STATUS_NAMES[status]}"


def lock_state_label(state: LockState) -> str:
    return LOCK_STATE_NAMES[state]


def format_age(seconds: float) -> str:
    """"42 s", "7 min", "3 h 05 min", "2 d": how long ago, in the dispatcher's units."""
    seconds = max(seconds, 0)
    if seconds < 60:
        return QCoreApplication.translate("Fleet", "{n} s").format(n=f"{seconds:.0f}")
    if seconds < 3600:
        return QCoreApplication.translate("Fleet", "{n} min").format(n=f"{seconds // 60:.0f}")
    if seconds < 86400:
        return QCoreApplication.translate("Fleet", "{h} h {m} min").format(
            h=f"{seconds // 3600:.0f}", m=f"{seconds % 3600 // 60:02.0f}")
    return QCoreApplication.translate("Fleet", "{n} d").format(n=f"{seconds // 86400:.0f}")


__all__ = [
    "LOCK_STATE_NAMES",
    "QT_TRANSLATE_NOOP",
    "STATUS_COLORS",
    "STATUS_GLYPHS",
    "STATUS_NAMES",
    "TranslatedNames",
    "format_age",
    "lock_state_label",
    "status_badge",
    "status_color",
    "status_glyph",
    "status_label",
]
