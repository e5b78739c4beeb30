"""Distances and speeds in the dispatcher's units: one formatting function each.

A US desk thinks in miles and mph, a Mexican one in km and km/h; the fleet table, the trailer
detail, the lock panel, the map popup and the trip history all format through here, so they
switch together when the preference changes (:func:`set_units`, from ``Settings.units``). The
wire protocol and the exports stay in km and km/h.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

#: Kilometres in a statute mile.
KM_PER_MILE = 1.609344
#: The units this module knows: "km" (km, km/h) and "mi" (mi, mph).
UNITS = ("km", "mi")

_units = "km"


def set_units(units: str) -> None:
    """Format every distance and speed in ``units`` ("km" or "mi") from now on."""
    global _units
    if units not in UNITS:
        raise ValueError(f"units must be one of {UNITS}, not {units!r}")
    _units = units


def units() -> str:
    """The units in use: "km" or "mi"."""
    return _units


def speed_value(kmh: float) -> float:
    """A speed in km/h as a number in the current unit (km/h or mph)."""
    return kmh / KM_PER_MILE if _units == "mi" else kmh


def distance_value(km: float) -> float:
    """A distance in km as a number in the current unit (km or mi)."""
    return km / KM_PER_MILE if _units == "mi" else km


def format_speed(kmh: float | None) -> str:
    """"54 km/h" or "34 mph"; "—" for None."""
    if kmh is None:
        return "—"
    value = f"{speed_value(kmh):.0f}"
    if _units == "mi":
        return QCoreApplication.translate("Units", "{n} mph").format(n=value)
    return QCoreApplication.translate("Units", "{n} km/h").format(n=value)


def format_distance(km: float | None, decimals: int = 0) -> str:
    """"1,234 km" or "767 mi" (thousands separated, ``decimals`` places); "—" for None."""
    if km is None:
        return "—"
    value = f"{distance_value(km):,.{decimals}f}"
    if _units == "mi":
        return QCoreApplication.translate("Units", "{n} mi").format(n=value)
    return QCoreApplication.translate("Units", "{n} km").format(n=value)


def distance_unit() -> str:
    """The distance unit's short name: "km" or "mi"."""
    return QCoreApplication.translate("Units", "mi") if _units == "mi" \
        else QCoreApplication.translate("Units", "km")


__all__ = ["KM_PER_MILE", "UNITS", "distance_unit", "distance_value", "format_distance",
           "format_speed", "set_units", "speed_value", "units"]
