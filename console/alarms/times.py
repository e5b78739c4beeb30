"""Every time the alarm desk shows, in one zone (the dispatcher's) and with the zone named.

A refusal that said "19:02:11 UTC" beside a queue in local time sent a dispatcher looking for an
acknowledgement an hour and more "in the future". So the queue, the panel, the dialogs, the
refusals and the handover all format times here: "14:02:11 CST" today, "2026-11-22 23:58:03 CST"
on another day (shifts span midnight). The zone is the machine's unless :func:`set_zone` names
another (tests; a console run for a desk in another zone), or the dispatcher chose one in the
preferences (``Settings.time_zone``, applied with :func:`set_zone_name`).
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from PySide6.QtCore import QCoreApplication

_zone: tzinfo | None = None


def set_zone(zone: tzinfo | None) -> None:
    """Show every time in ``zone`` from now on (None: the machine's local zone)."""
    global _zone
    _zone = zone


def check_zone_name(name: str) -> None:
    """Raise ValueError (saying why) unless ``name`` is "" (the machine's) or an IANA zone."""
    if not name:
        return
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(QCoreApplication.translate(
            "Times", "{name} is not a time zone (e.g. America/Chicago, UTC)").format(
            name=repr(name))) from None


def set_zone_name(name: str) -> None:
    """Show every time in the IANA zone ``name`` ("" for the machine's); ValueError if unknown."""
    check_zone_name(name)
    set_zone(ZoneInfo(name) if name else None)


def zone_names() -> list[str]:
    """Every IANA zone name this machine knows, sorted (for a chooser)."""
    return sorted(available_timezones())


def zone() -> tzinfo | None:
    """The zone every time is shown in (None: the machine's local zone)."""
    return _zone


def _local(ts: float) -> datetime:
    moment = datetime.fromtimestamp(ts).astimezone()
    return moment.astimezone(_zone) if _zone is not None else moment


def zone_name(ts: float | None = None) -> str:
    """The zone's short name at ``ts`` (default now): "CST", "CDT", "UTC"."""
    moment = _local(ts if ts is not None else datetime.now().timestamp())
    return moment.strftime("%Z") or moment.strftime("%z")


def local_time(ts: float | None, *, now: float | None = None, seconds: bool = True) -> str:
    """"14:02:11 CST"; the date too when ``ts`` is not on today's (``now``'s) date; "—" for
    None."""
    if ts is None:
        return "—"
    moment = _local(ts)
    today = _local(now if now is not None else datetime.now().timestamp()).date()
    clock = "%H:%M:%S" if seconds else "%H:%M"
    fmt = clock if moment.date() == today else f"%Y-%m-%d {clock}"
    return f"{moment.strftime(fmt)} {zone_name(ts)}"


def local_datetime(ts: float | None, *, seconds: bool = True) -> str:
    """"2026-11-23 14:02:11 CST" (always with the date: reports, tooltips); "—" for None."""
    if ts is None:
        return "—"
    moment = _local(ts)
    return f"{moment.strftime('%Y-%m-%d %H:%M:%S' if seconds else '%Y-%m-%d %H:%M')} " \
           f"{zone_name(ts)}"


__all__ = ["check_zone_name", "local_datetime", "local_time", "set_zone", "set_zone_name",
           "zone_name", "zone_names"]
