"""Edit ▸ Preferences: what is chosen survives a restart, a value that cannot work is refused
next to its field, and a change shows at once (font, units, zone, sounds)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel, QWidget
from pytestqt.qtbot import QtBot

from console import units
from console.alarms import times
from console.fleet.store import FleetStore
from console.settings import Paths, Settings
from widgets.alarms.attention import Attention
from widgets.preferences import LivePreferences, PreferencesDialog


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(Paths(tmp_path / "data", tmp_path / "cfg"))


@pytest.fixture
def dialog(qtbot: QtBot, settings: Settings) -> PreferencesDialog:
    dlg = PreferencesDialog(settings)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


@pytest.fixture
def live(qapp: QApplication, settings: Settings) -> Iterator[LivePreferences]:
    font = qapp.font()
    prefs = LivePreferences(settings, qapp)
    yield prefs
    qapp.setFont(font)
    units.set_units("km")
    times.set_zone(None)


def ok_button(dialog: PreferencesDialog) -> QWidget:
    button = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert button is not None
    return button


def test_preferences_round_trip_through_the_file(qtbot: QtBot, dialog: PreferencesDialog,
                                                 tmp_path: Path) -> None:
    dialog.server.setText("https://cloud.example.com:8443")
    dialog.online_tiles.setChecked(True)
    dialog.sounds.setChecked(False)
    dialog.volume.setValue(30)
    dialog.escalation.setValue(5.0)
    dialog.stale.setValue(20)
    dialog.units.setCurrentIndex(dialog.units.findData("mi"))
    dialog.zone.setEditText("America/Monterrey")
    dialog.language.setCurrentIndex(dialog.language.findData("es"))
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.font_scale.setValue(140)
    dialog.call_url.setText("https://pbx.example.com/call?n={digits}")
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.result() == PreferencesDialog.DialogCode.Accepted

    again = Settings(Paths(tmp_path / "data", tmp_path / "cfg"))
    assert again.server_url == "https://cloud.example.com:8443"
    assert again.online_tiles == "OpenStreetMap.Mapnik"
    assert again.sounds_enabled is False
    assert again.sound_volume == 30
    assert again.escalate_after_s == 300.0
    assert again.stale_after_min == 20.0
    assert again.units == "mi"
    assert again.time_zone == "America/Monterrey"
    assert again.language == "es"
    assert again.theme == "dark"
    assert again.font_scale == 140
    assert again.call_url_template == "https://pbx.example.com/call?n={digits}"

    reopened = PreferencesDialog(again)
    qtbot.addWidget(reopened)
    assert reopened.zone_name() == "America/Monterrey"
    assert reopened.units.currentData() == "mi"
    assert reopened.volume.value() == 30


def test_a_bad_softphone_url_is_refused_next_to_its_field(qtbot: QtBot,
                                                          dialog: PreferencesDialog,
                                                          settings: Settings) -> None:
    assert ok_button(dialog).isEnabled()
    dialog.call_url.setText("https://pbx.example.com/call?n={number}")
    assert "unknown placeholder" in dialog.error_text("call_url")
    assert not ok_button(dialog).isEnabled()
    drivers = dialog.tabs.indexOf(dialog.call_url.parentWidget().parentWidget())
    assert dialog.tabs.tabText(drivers) == "D&rivers"
    assert not dialog.tabs.tabIcon(drivers).isNull()  # the page to look at is marked
    assert dialog.tabs.tabIcon(0).isNull()
    qtbot.mouseClick(ok_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert settings.call_url_template == "tel:{phone}"  # nothing written
    dialog.call_url.setText("https://pbx.example.com/call?n={phone}")
    assert dialog.error_text("call_url") == ""
    assert ok_button(dialog).isEnabled()
    assert dialog.tabs.tabIcon(drivers).isNull()


@pytest.mark.parametrize(("url", "says"), [("ftp://cloud.example.com", "https://"),
                                           ("https://", "no host"),
                                           ("https://cloud.example.com:99999", "port")])
def test_a_bad_server_url_is_refused(dialog: PreferencesDialog, url: str, says: str) -> None:
    dialog.server.setText(url)
    assert says in dialog.error_text("server")
    assert not ok_button(dialog).isEnabled()
    assert not dialog.save()
    dialog.server.setText("")  # the embedded cloud
    assert ok_button(dialog).isEnabled()


def test_an_unknown_time_zone_is_refused(dialog: PreferencesDialog) -> None:
    dialog.zone.setEditText("Atlantis/Central")
    assert "not a time zone" in dialog.error_text("zone")
    assert not ok_button(dialog).isEnabled()


def test_every_control_has_a_label_buddy_and_an_accessible_name(
        dialog: PreferencesDialog) -> None:
    assert len(dialog.fields) == 12
    for name, field in dialog.fields.items():
        assert isinstance(field.label, QLabel)
        assert field.label.buddy() is field.control, name
        assert "&" in field.label.text(), name  # a mnemonic: Alt+letter reaches it
        assert field.control.accessibleName(), name
        assert field.control.focusPolicy() & Qt.FocusPolicy.TabFocus, name


def test_saving_announces_only_what_changed(dialog: PreferencesDialog,
                                            settings: Settings) -> None:
    seen: list[str] = []
    settings.changed.connect(seen.append)
    dialog.units.setCurrentIndex(dialog.units.findData("mi"))
    assert dialog.save()
    assert "display/units" in seen
    assert "display/font_scale" not in seen
    seen.clear()
    assert dialog.save()
    assert seen == []


def test_font_scale_changes_the_application_font_at_once(
        qapp: QApplication, settings: Settings, live: LivePreferences) -> None:
    base = live.base_font.pointSizeF()
    settings.font_scale = 150
    assert qapp.font().pointSizeF() == pytest.approx(base * 1.5)
    settings.font_scale = 100
    assert qapp.font().pointSizeF() == pytest.approx(base)


def test_switching_units_changes_a_formatted_speed(settings: Settings,
                                                   live: LivePreferences) -> None:
    assert units.format_speed(100.0) == "100 km/h"
    settings.units = "mi"
    assert units.format_speed(100.0) == "62 mph"
    assert units.format_distance(160.9344) == "100 mi"


def test_the_time_zone_preference_is_the_one_times_are_shown_in(
        settings: Settings, live: LivePreferences) -> None:
    settings.time_zone = "UTC"
    assert times.local_datetime(0.0) == "1970-01-01 00:00:00 UTC"
    settings.time_zone = ""
    assert times.zone() is None


def test_the_stale_threshold_reaches_the_fleet_status(qapp: QApplication,
                                                      settings: Settings) -> None:
    store = FleetStore()
    live = LivePreferences(settings, qapp, status_board=store.board, parent=store)
    live.apply_all()
    assert store.board.stale_after_s == 600.0
    settings.stale_after_min = 3
    assert store.board.stale_after_s == 180.0


def test_sounds_and_volume_reach_the_alarm_sounds_at_once(
        qapp: QApplication, qtbot: QtBot, settings: Settings) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    attention = Attention(audio=True, tray=False, parent=host)
    LivePreferences(settings, qapp, attention=attention, parent=host)
    settings.sound_volume = 25
    assert attention.volume == 25
    with qtbot.waitSignal(attention.soundOffChanged, timeout=1000) as blocker:
        settings.sounds_enabled = False
    assert blocker.args == ["turned off in Preferences"]
    assert not attention.sounds_enabled
