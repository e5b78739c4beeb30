"""Where the console keeps its files, and its preferences (QSettings, an INI file).

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
from PySide6.QtCore import QSettings

APP_NAME = "opticallock-console"
APP_AUTHOR = "OpticalLock"


log = logging.getLogger(__name__)


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


class Settings:
    """Typed access to the preferences file."""

    def __init__(self, paths: Paths) -> None:
        self.paths = paths.ensure()
        self.qsettings = QSettings(str(paths.config_dir / "console.ini"),
                                   QSettings.Format.IniFormat)

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
        self.qsettings.setValue("signin/server_url", value)

    @property
    def username(self) -> str:
        return str(self._get("signin/username", "", str))

    @username.setter
    def username(self, value: str) -> None:
        self.qsettings.setValue("signin/username", value)

    @property
    def remember(self) -> bool:
        return bool(self._get("signin/remember", False, bool))

    @remember.setter
    def remember(self, value: bool) -> None:
        self.qsettings.setValue("signin/remember", value)

    @property
    def ca_bundle(self) -> str:
        """A PEM file of the certificate authorities to trust for the cloud besides the
        system's (an organisation's own CA); "" for the system's trust store alone."""
        return str(self._get("signin/ca_bundle", "", str))

    @ca_bundle.setter
    def ca_bundle(self, value: str) -> None:
        self.qsettings.setValue("signin/ca_bundle", value)

    # ------------------------------------------------------------------ journal

    @property
    def journal_max_events(self) -> int:
        return int(self._get("journal/max_events", 200_000, int))

    @property
    def journal_max_age_days(self) -> float:
        return float(self._get("journal/max_age_days", 7.0, float))

    # ------------------------------------------------------------------ fleet display

    @property
    def stale_after_min(self) -> float:
        return float(self._get("fleet/stale_after_min", 10.0, float))

    # ------------------------------------------------------------------ alarms

    @property
    def escalate_after_s(self) -> float:
        """An open critical alarm nobody acknowledged escalates after this long (then again
        after each further interval)."""
        return max(10.0, float(self._get("alarms/escalate_after_s", 120.0, float)))

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
        self.qsettings.setValue("map/online_tiles", value)
