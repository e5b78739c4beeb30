"""The preferences file: typed values that survive a restart, and who is told of a change."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from console.settings import Paths, Settings


def _settings(tmp_path: Path) -> Settings:
    return Settings(Paths(tmp_path / "data", tmp_path / "cfg"))


def test_every_preference_round_trips_through_the_file(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    settings.server_url = "https://cloud.example.com"
    settings.online_tiles = "OpenStreetMap.Mapnik"
    settings.sounds_enabled = False
    settings.sound_volume = 35
    settings.escalate_after_s = 300.0
    settings.stale_after_min = 25.0
    settings.units = "mi"
    settings.time_zone = "America/Chicago"
    settings.language = "es"
    settings.theme = "dark"
    settings.call_url_template = "https://pbx.example.com/dial?to={digits}"
    settings.font_scale = 150
    settings.sync()

    again = _settings(tmp_path)
    assert again.server_url == "https://cloud.example.com"
    assert again.online_tiles == "OpenStreetMap.Mapnik"
    assert again.sounds_enabled is False
    assert again.sound_volume == 35
    assert again.escalate_after_s == 300.0
    assert again.stale_after_min == 25.0
    assert again.units == "mi"
    assert again.time_zone == "America/Chicago"
    assert again.language == "es"
    assert again.theme == "dark"
    assert again.call_url_template == "https://pbx.example.com/dial?to={digits}"
    assert again.font_scale == 150


def test_existing_keys_are_read_as_before(tmp_path: Path) -> None:
    cfg = tmp_path / "cfg"
    cfg.mkdir(parents=True)
    (cfg / "console.ini").write_text(
        "[alarms]\nescalate_after_s=60\n[contacts]\ncall_url_template=sip:{digits}@pbx\n"
        "[fleet]\nstale_after_min=5\n[map]\nonline_tiles=OpenStreetMap.Mapnik\n",
        encoding="utf-8")
    settings = _settings(tmp_path)
    assert settings.escalate_after_s == 60.0
    assert settings.call_url_template == "sip:{digits}@pbx"
    assert settings.stale_after_min == 5.0
    assert settings.online_tiles == "OpenStreetMap.Mapnik"
    # Defaults for what the file does not say.
    assert (settings.units, settings.time_zone, settings.language, settings.theme,
            settings.font_scale, settings.sounds_enabled, settings.sound_volume) == (
        "km", "", "", "auto", 100, True, 100)


def test_a_change_is_announced_once_with_its_key(tmp_path: Path, qtbot: QtBot) -> None:
    settings = _settings(tmp_path)
    with qtbot.waitSignal(settings.changed, timeout=1000) as blocker:
        settings.units = "mi"
    assert blocker.args == ["display/units"]
    with qtbot.assertNotEmitted(settings.changed):
        settings.units = "mi"  # the same value: nothing to apply
    with qtbot.waitSignal(settings.changed, timeout=1000) as blocker:
        settings.sounds_enabled = False
    assert blocker.args == ["alarms/sounds"]


def test_bad_values_are_refused_and_not_stored(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    with pytest.raises(ValueError, match="placeholder"):
        settings.call_url_template = "https://pbx.example.com/dial?to={number}"
    with pytest.raises(ValueError, match="font scale"):
        settings.font_scale = 500
    with pytest.raises(ValueError, match="theme"):
        settings.theme = "purple"
    assert settings.call_url_template == "tel:{phone}"
    assert settings.font_scale == 100
