"""Where the console keeps its files, and its preferences (QSettings, an INI file).

Every preference has a typed getter and setter on :class:`Settings`; a setter that changes the
stored value emits ``changed(key)`` with the INI key (e.g. ``"display/units"``), so whoever shows
that value (the font, the units, the zone, the sounds, the alarm desk) applies it at once. The keys
and property names are kept as they are: users' INI files and other code rely on them.

Nothing secret is ever written here: tokens and passwords live in the OS keyring
(console/link/credentials.py). Window geometry and column widths are stored by the widgets through
:meth:`Settings.qsettings`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs
from PySide6.QtCore import QObject, QSettings, Signal

APP_NAME = "opticallock-console"
APP_AUTHOR = "OpticalLock"


log = logging.getLogger(__name__)

#: Units of distance and speed the dispatcher can choose (console/units.py formats them).
UNITS = ("km", "mi")
#: The interface language: "" follows the system; else a language code.
LANGUAGES = ("", "en", "es")
#: The colour theme: "auto" is dark from dusk to dawn (display/night_hours), else light.
THEMES = ("auto", "light", "dark")
#: The font scale's range, in percent of the system font.
FONT_SCALE_RANGE = (80, 200)


def _same(stored: object, value: object) -> bool:
    """Whether ``stored`` (as QSettings gives it back: often a string) equals ``value``."""
    if isinstance(value, bool):
        if isinstance(stored, str):
            return (stored.lower() in ("1", "true", "yes")) is value
        return bool(stored) is value
    try:
        return type(value)(stored) == value  # type: ignore[call-arg]
    except (TypeError, ValueError):
        return False


@dataclass(frozen=True)
class Paths:
    """The console's own directories (created on demand)."""

    data_dir: Path
    config_dir: Path

    @classmethod
    def default(cls) -> Paths:
        return cls(Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR)),
                   Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR)))

    def ensure(self) -> Paths:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.config_dir.mkdir(parents=True, exist_ok=True)
        return self


class Settings(QObject):
    """Typed access to the preferences file.

    Signals:
        changed(str): the preference stored under this key changed (through a setter here).
    """

    changed = Signal(str)

    def __init__(self, paths: Paths, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.paths = paths.ensure()
        self.qsettings = QSettings(str(paths.config_dir / "console.ini"),
                                   QSettings.Format.IniFormat)

    def _set(self, key: str, value: object, current: object) -> None:
        """Store ``value`` under ``key``; ``changed(key)`` if it differs from ``current`` (the
        value in force: what was stored, or the default)."""
        self.qsettings.setValue(key, value)
        if not _same(current, value):
            self.changed.emit(key)

    def _get(self, key: str, default: Any, kind: type) -> Any:
        value = self.qsettings.value(key, default)
        if kind is bool and isinstance(value, str):
            return value.lower() in ("1", "true", "yes")
        try:
            return kind(value)
        except (TypeError, ValueError):
            return default

    def sync(self) -> None:
        self.qsettings.sync()

    # ------------------------------------------------------------------ sign-in (not secret)

    @property
    def server_url(self) -> str:
        return str(self._get("signin/server_url", "", str))

    @server_url.setter
    def server_url(self, value: str) -> None:
        self._set("signin/server_url", value, self.server_url)

    @property
    def username(self) -> str:
        return str(self._get("signin/username", "", str))

    @username.setter
    def username(self, value: str) -> None:
        self._set("signin/username", value, self.username)

    @property
    def remember(self) -> bool:
        return bool(self._get("signin/remember", False, bool))

    @remember.setter
    def remember(self, value: bool) -> None:
        self._set("signin/remember", value, self.remember)

    @property
    def ca_bundle(self) -> str:
        """A PEM file of the certificate authorities to trust for the cloud besides the
        system's (an organisation's own CA); "" for the system's trust store alone."""
        return str(self._get("signin/ca_bundle", "", str))

    @ca_bundle.setter
    def ca_bundle(self, value: str) -> None:
        self._set("signin/ca_bundle", value, self.ca_bundle)

    # ------------------------------------------------------------------ journal

    @property
    def journal_max_events(self) -> int:
        return int(self._get("journal/max_events", 200_000, int))

    @journal_max_events.setter
    def journal_max_events(self, value: int) -> None:
        self._set("journal/max_events", int(value), self.journal_max_events)

    @property
    def journal_max_age_days(self) -> float:
        return float(self._get("journal/max_age_days", 7.0, float))

    @journal_max_age_days.setter
    def journal_max_age_days(self, value: float) -> None:
        self._set("journal/max_age_days", float(value), self.journal_max_age_days)

    # ------------------------------------------------------------------ fleet display

    @property
    def stale_after_min(self) -> float:
        """A trailer without a GPS fix for this many minutes is shown as stale."""
        return float(self._get("fleet/stale_after_min", 10.0, float))

    @stale_after_min.setter
    def stale_after_min(self, value: float) -> None:
        self._set("fleet/stale_after_min", float(value), self.stale_after_min)

    @property
    def units(self) -> str:
        """Distances and speeds in "km" (km, km/h) or "mi" (mi, mph)."""
        value = str(self._get("display/units", "km", str))
        return value if value in UNITS else "km"

    @units.setter
    def units(self, value: str) -> None:
        if value not in UNITS:
            raise ValueError(f"units must be one of {UNITS}, not {value!r}")
        self._set("display/units", value, self.units)

    @property
    def time_zone(self) -> str:
        """The IANA zone every time is shown in (e.g. "America/Chicago"); "" for the
        machine's."""
        return str(self._get("display/time_zone", "", str))

    @time_zone.setter
    def time_zone(self, value: str) -> None:
        self._set("display/time_zone", value, self.time_zone)

    @property
    def language(self) -> str:
        """The interface language: "" follows the system, else "en" or "es"."""
        value = str(self._get("display/language", "", str))
        return value if value in LANGUAGES else ""

    @language.setter
    def language(self, value: str) -> None:
        if value not in LANGUAGES:
            raise ValueError(f"language must be one of {LANGUAGES}, not {value!r}")
        self._set("display/language", value, self.language)

    @property
    def night_hours(self) -> str:
        """When the "auto" theme is dark, local time: "19:00-07:00" (console/palette.py)."""
        return str(self._get("display/night_hours", "19:00-07:00", str))

    @property
    def theme(self) -> str:
        """The colour theme: "auto" (dark from dusk to dawn: :attr:`night_hours`), "light" or
        "dark"."""
        value = str(self._get("display/theme", "auto", str))
        return value if value in THEMES else "auto"

    @theme.setter
    def theme(self, value: str) -> None:
        if value not in THEMES:
            raise ValueError(f"theme must be one of {THEMES}, not {value!r}")
        self._set("display/theme", value, self.theme)

    @property
    def font_scale(self) -> int:
        """The interface font in percent of the system's (80–200)."""
        low, high = FONT_SCALE_RANGE
        return min(high, max(low, int(self._get("display/font_scale", 100, int))))

    @font_scale.setter
    def font_scale(self, value: int) -> None:
        low, high = FONT_SCALE_RANGE
        if not low <= int(value) <= high:
            raise ValueError(f"font scale must be {low}–{high} %, not {value}")
        self._set("display/font_scale", int(value), self.font_scale)

    # ------------------------------------------------------------------ alarms

    @property
    def escalate_after_s(self) -> float:
        """An open critical alarm nobody acknowledged escalates after this long (then again
        after each further interval)."""
        return max(10.0, float(self._get("alarms/escalate_after_s", 120.0, float)))

    @escalate_after_s.setter
    def escalate_after_s(self, value: float) -> None:
        if value < 10.0:
            raise ValueError(f"alarms escalate after 10 s at the earliest, not {value}")
        self._set("alarms/escalate_after_s", float(value), self.escalate_after_s)

    @property
    def sounds_enabled(self) -> bool:
        """Alarm sounds on (the default) or off for good (muting for 5 min is in the Alarms
        menu)."""
        return bool(self._get("alarms/sounds", True, bool))

    @sounds_enabled.setter
    def sounds_enabled(self, value: bool) -> None:
        self._set("alarms/sounds", bool(value), self.sounds_enabled)

    @property
    def sound_volume(self) -> int:
        """Alarm sound volume in percent (0–100) of each sound's own level."""
        return min(100, max(0, int(self._get("alarms/sound_volume", 100, int))))

    @sound_volume.setter
    def sound_volume(self, value: int) -> None:
        if not 0 <= int(value) <= 100:
            raise ValueError(f"volume must be 0–100 %, not {value}")
        self._set("alarms/sound_volume", int(value), self.sound_volume)

    @property
    def action_plans_path(self) -> Path | None:
        """The dispatcher's own action plans file, if there is one: ``action_plans.json`` in
        the config directory (or ``alarms/action_plans`` in the settings); else the shipped
        plans."""
        configured = str(self._get("alarms/action_plans", "", str))
        path = Path(configured) if configured else self.paths.config_dir / "action_plans.json"
        return path if path.is_file() else None

    # ------------------------------------------------------------------ contacting drivers

    @property
    def call_url_template(self) -> str:
        """How a call is placed: ``tel:{phone}`` (the desktop's handler) or a softphone's URL
        with ``{phone}`` (E.164, e.g. +16195550142) or ``{digits}``. A bad value falls back to
        the default (and is logged) rather than breaking the Call button."""
        from console.contacts.messaging import check_call_url_template

        value = str(self._get("contacts/call_url_template", "tel:{phone}", str))
        try:
            check_call_url_template(value)
        except ValueError as exc:
            log.warning("contacts/call_url_template ignored: %s", exc)
            return "tel:{phone}"
        return value

    @call_url_template.setter
    def call_url_template(self, value: str) -> None:
        from console.contacts.messaging import check_call_url_template

        check_call_url_template(value)  # ValueError saying what is wrong
        self._set("contacts/call_url_template", value, self.call_url_template)

    @property
    def message_templates_path(self) -> Path | None:
        """The dispatcher's own message templates: ``message_templates.json`` in the config
        directory, if there is one; else the shipped ones."""
        path = self.paths.config_dir / "message_templates.json"
        return path if path.is_file() else None

    # ------------------------------------------------------------------ map

    @property
    def online_tiles(self) -> str:
        """The xyzservices provider of online tiles, or "" for offline only (the default)."""
        return str(self._get("map/online_tiles", "", str))

    @online_tiles.setter
    def online_tiles(self, value: str) -> None:
        self._set("map/online_tiles", value, self.online_tiles)
