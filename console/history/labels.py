"""Trip history's words: how long a trip drove or stood, in the dispatcher's units.

Through Qt's translation machinery when asked for, so a translator installed after import still
applies. The domain's :func:`opticallock.trips.format_hours` stays the English fallback for what
runs without Qt; the console shows :func:`format_duration`.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

CONTEXT = "History"


def format_duration(seconds: float) -> str:
    """"3 h 05 min", "12 min", "2 d 04 h": a trip's driving or stopped time, to the minute."""
    minutes = round(seconds / 60.0)
    if minutes < 60:
        return QCoreApplication.translate("History", "{m} min").format(m=minutes)
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return QCoreApplication.translate("History", "{h} h {m} min").format(
            h=hours, m=f"{minutes:02d}")
    days, hours = divmod(hours, 24)
    return QCoreApplication.translate("History", "{d} d {h} h").format(d=days, h=f"{hours:02d}")


def english_plural(text: str, n: int) -> str:
    """Qt's numerus source text ("%n stop(s)", already translated with ``n``) as English says
    it when no translation gave it its plural forms: "1 stop", "2 stops". A translation (a
    ``.ts`` with numerus forms, e.g. Spanish "%n parada" / "%n paradas") has no "(s)" left."""
    return text.replace("(s)", "" if n == 1 else "s")


__all__ = ["english_plural", "format_duration"]
