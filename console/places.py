"""Where a trailer is, in the interface's language: "53 km NE of Laredo, TX, US" or, in Spanish,
"a 53 km al NE de Laredo, TX, US".

The domain package finds the nearest city, the distance and the compass point
(:func:`opticallock.gazetteer.where`); this module words them with the Qt catalogue, so every
table, panel, dialog, report and handover says it in the language the dispatcher chose, and
says it again in the other one after a live switch (nothing here is cached in words: only the
lookup is, per point). City labels are place names and are never translated.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QCoreApplication

from opticallock.gazetteer import NO_POSITION, Where, where
from opticallock.protocol import Position


def _compass(direction: str) -> str:
    # The eight points spelled out for lupdate, one asked per call; Spanish writes west as O.
    match direction:
        case "N":
            return QCoreApplication.translate("Where", "N", "compass point")
        case "NE":
            return QCoreApplication.translate("Where", "NE", "compass point")
        case "E":
            return QCoreApplication.translate("Where", "E", "compass point")
        case "SE":
            return QCoreApplication.translate("Where", "SE", "compass point")
        case "S":
            return QCoreApplication.translate("Where", "S", "compass point")
        case "SW":
            return QCoreApplication.translate("Where", "SW", "compass point")
        case "W":
            return QCoreApplication.translate("Where", "W", "compass point")
        case "NW":
            return QCoreApplication.translate("Where", "NW", "compass point")
    return direction


@lru_cache(maxsize=65536)
def _lookup(lat: float, lon: float) -> Where:
    return where(lat, lon)


def where_words(parts: Where) -> str:
    """The sentence for parts already looked up."""
    if parts.in_city:
        return QCoreApplication.translate("Where", "in {city}").format(city=parts.city)
    return QCoreApplication.translate("Where", "{km} km {direction} of {city}").format(
        km=f"{parts.km:.0f}", direction=_compass(parts.direction), city=parts.city)


def where_text(position: Position | None) -> str:
    """Where a point is, as a dispatcher says it on the phone, in the interface's language;
    "—" without a position."""
    if position is None:
        return NO_POSITION
    return where_words(_lookup(position.lat, position.lon))


__all__ = ["where_text", "where_words"]
