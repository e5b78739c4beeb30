"""Whenever a new alarm would not be heard, the console says so and why: in the status bar and
by the alarms (no audio device, sounds off, volume 0, muted, a missing sound file)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtMultimedia import QMediaDevices
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from console.fleet.store import FleetStore
from widgets.alarms.attention import SOUNDS_DIR, Attention, SoundOffIndicator
from widgets.main_window import MainWindow


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_790_000_000.0

    def __call__(self) -> float:
        return self.now


_hosts: list[QWidget] = []


def _attention(qtbot: QtBot, **kwargs: object) -> tuple[Attention, SoundOffIndicator]:
    host = QWidget()
    qtbot.addWidget(host)
    _hosts[:] = [host]  # alive until the next test (qtbot closes it at the end of this one)
    attention = Attention(clock=FakeClock(), tray=False, parent=host,
                          **kwargs)  # type: ignore[arg-type]
    return attention, SoundOffIndicator(attention, host)


def test_offscreen_without_an_audio_device_the_window_says_alarm_sound_off(
        qtbot: QtBot, tmp_path: Path) -> None:
    if QMediaDevices.audioOutputs():
        pytest.skip("this machine has an audio output")
    store = FleetStore(coalesce_ms=10)
    window = MainWindow(store, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    for indicator in (window.sound_off_status, window.sound_off_bar):
        assert indicator.isVisible()
        assert indicator.text() == "Alarm sound off — no audio output device"
        assert "will not be heard" in indicator.toolTip()


def test_mute_shows_until_when_and_unmute_clears_it(qtbot: QtBot) -> None:
    attention, indicator = _attention(qtbot, audio=True)
    attention.set_sounds_enabled(True)
    before = indicator.text()
    assert "muted" not in before
    with qtbot.waitSignal(attention.soundOffChanged, timeout=1000) as blocker:
        attention.mute(5)
    assert str(blocker.args[0]).startswith("muted until ")
    assert indicator.text().startswith("Alarm sound off — muted until ")
    assert not indicator.isHidden()
    attention.unmute()
    assert "muted" not in indicator.text()


def test_sounds_off_and_volume_zero_are_said(qtbot: QtBot) -> None:
    attention, indicator = _attention(qtbot, audio=True)
    attention.set_sounds_enabled(False)
    assert indicator.text() == "Alarm sound off — turned off in Preferences"
    attention.set_sounds_enabled(True)
    attention.set_volume(0)
    assert indicator.text() == "Alarm sound off — volume at 0 % in Preferences"
    attention.set_volume(40)
    assert attention.volume == 40
    assert "volume" not in indicator.text()


def test_a_missing_sound_file_is_named(qtbot: QtBot, tmp_path: Path) -> None:
    sounds = tmp_path / "sounds"
    shutil.copytree(SOUNDS_DIR, sounds)
    (sounds / "alarm.wav").unlink()
    _unused, indicator = _attention(qtbot, audio=True, sounds_dir=sounds)
    assert indicator.text() == "Alarm sound off — sound file missing: alarm.wav"


def test_with_sound_that_can_play_nothing_is_shown(qtbot: QtBot) -> None:
    attention, indicator = _attention(qtbot, audio=True)
    # A device is claimed; whether QSoundEffect can load here is the platform's business, but
    # nothing the dispatcher chose (on, volume, not muted, files present) turns the sound off.
    reason = attention.sound_off_reason()
    assert reason in ("", "cannot play alarm.wav, escalation.wav, notice.wav") or \
        reason.startswith("cannot play")
    assert indicator.isHidden() == (reason == "")
