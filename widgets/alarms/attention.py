"""Getting the dispatcher's attention: sounds, tray notifications, the window title, muting.

A critical alarm must be noticed by someone looking at another screen, so new critical and high
alarms and escalations play a bundled sound (resources/sounds/, see its README) and raise a
system-tray notification. Muting is always temporary: a console muted at 02:00 and forgotten
would silence the next cut seal, so ``mute()`` expires on its own.

Consoles without audio (headless CI, a remote desktop with no sound device) must carry on
quietly: no audio device means no QSoundEffect at all and one debug line; the play requests are
still recorded in :attr:`Attention.played`, which the tests read. Without a system tray the
notifications are logged and kept in :attr:`Attention.notifications`.

Carrying on quietly must not mean silently: whenever an alarm would not be heard (sounds off in
the preferences, volume 0, muted, no audio output, a missing or unplayable sound file)
:meth:`Attention.sound_off_reason` says why and :class:`SoundOffIndicator` shows it, in the
status bar and by the alarms.

Signals:
    mutedChanged(bool): sounds were muted (True) or unmuted, by hand or on expiry.
    titleChanged(str): the window title to show, e.g. "(3) OpticalLock Dispatcher".
    trayActivated(): the tray icon or one of its messages was clicked (bring the window up).
    soundOffChanged(str): why an alarm sound would not be heard now, or "" once it would.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QAction, QIcon
from PySide6.QtMultimedia import QMediaDevices, QSoundEffect
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStyle,
    QSystemTrayIcon,
    QWidget,
)

from console.alarms.labels import alarm_label, priority_label
from console.alarms.times import local_time
from console.places import where_text
from console.text import isolate
from opticallock.protocol import Alarm, AlarmPriority

log = logging.getLogger(__name__)

SOUNDS_DIR = Path(__file__).resolve().parents[2] / "resources" / "sounds"
APP_TITLE = "OpticalLock Dispatcher"

ALARM_SOUND = "alarm.wav"
ESCALATION_SOUND = "escalation.wav"
NOTICE_SOUND = "notice.wav"
#: Volume per sound: the escalation is the loudest on purpose.
VOLUMES = {ALARM_SOUND: 0.8, ESCALATION_SOUND: 1.0, NOTICE_SOUND: 0.5}
#: Which priorities make a sound on arrival (medium and info stay silent: they are routine).
NEW_ALARM_SOUNDS = {AlarmPriority.CRITICAL: ALARM_SOUND, AlarmPriority.HIGH: NOTICE_SOUND}

MessageIcon = QSystemTrayIcon.MessageIcon
#: Alarms arriving within this many seconds of the first are one burst: one sound (again only
#: for a more urgent priority than already heard) and one tray message summing up the rest.
BURST_WINDOW_S = 3.0
_RANK = {p: i for i, p in enumerate(AlarmPriority)}


class Attention(QObject):
    mutedChanged = Signal(bool)
    titleChanged = Signal(str)
    trayActivated = Signal()
    soundOffChanged = Signal(str)

    def __init__(self, *, clock: Callable[[], float] = time.time,
                 sounds_dir: Path = SOUNDS_DIR, audio: bool | None = None,
                 tray: bool | None = None, escalation_overrides_mute: bool = True,
                 app_title: str = APP_TITLE, parent: QObject | None = None) -> None:
        """``audio``/``tray``: None detects them; False forces them off (tests, kiosks).

        ``escalation_overrides_mute``: an escalation means a critical alarm has waited too long
        for anyone; by default it sounds even while muted, since that is exactly when it is
        needed.
        """
        super().__init__(parent)
        self.clock = clock
        self.sounds_dir = sounds_dir
        self.escalation_overrides_mute = escalation_overrides_mute
        self.app_title = app_title
        #: (sound file name, clock time) per play request, played or not (audio may be absent).
        self.played: list[tuple[str, float]] = []
        #: (title, text) per notification, whether or not a tray showed it.
        self.notifications: list[tuple[str, str]] = []
        self._muted_until: float | None = None
        self._unacknowledged: int | None = None
        self._warned_silent = False
        self._effects: dict[str, QSoundEffect] = {}
        self._sounds_enabled = True
        self._volume = 100
        self._audio = False
        self._sound_off_reason: str | None = None
        self._burst_until = float("-inf")
        self._burst_rank: int | None = None
        self._burst_held: list[Alarm] = []
        self._burst_timer = QTimer(self)
        self._burst_timer.setSingleShot(True)
        self._burst_timer.setInterval(int(BURST_WINDOW_S * 1000))
        self._burst_timer.timeout.connect(self.end_burst)

        self._mute_timer = QTimer(self)
        # Polls the injected clock instead of a one-shot at expiry: the wall clock can jump
        # (NTP, suspend), and the tests drive a fake clock.
        self._mute_timer.setInterval(1000)
        self._mute_timer.timeout.connect(self.check_mute)

        self.mute_action = QAction(self.tr("Mute sounds for 5 min"), self)
        self.mute_action.setCheckable(True)
        self.mute_action.setToolTip(self.tr("Silence alarm sounds for 5 minutes; they come back "
                                            "on their own. Escalations still sound."))
        self.mute_action.toggled.connect(self._on_mute_toggled)

        self._devices: QMediaDevices | None = None
        if audio is None:
            self._devices = QMediaDevices(self)
            self._devices.audioOutputsChanged.connect(self._on_outputs_changed)
            audio = bool(QMediaDevices.audioOutputs())
        self._audio = bool(audio)
        if audio:
            self._load_effects()
        else:
            log.debug("no audio output: alarm sounds are recorded, not played")
        self.mutedChanged.connect(self._refresh_sound_state)
        self._refresh_sound_state()

        self.tray: QSystemTrayIcon | None = None
        if tray is None:
            tray = QSystemTrayIcon.isSystemTrayAvailable()
        if tray:
            self.tray = QSystemTrayIcon(self._tray_icon(), self)
            self.tray.setToolTip(app_title)
            self.tray.activated.connect(lambda _reason: self.trayActivated.emit())
            self.tray.messageClicked.connect(self.trayActivated)
            self.tray.show()

    # ------------------------------------------------------------------ sounds

    def _load_effects(self) -> None:
        for name, volume in VOLUMES.items():
            effect = QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(self.sounds_dir / name)))
            effect.setVolume(volume * self._volume / 100.0)
            effect.statusChanged.connect(self._refresh_sound_state)
            self._effects[name] = effect

    @Slot()
    def _on_outputs_changed(self) -> None:
        # A headset plugged in after start-up: start playing from now on.
        if not self._effects and QMediaDevices.audioOutputs():
            log.info("an audio output appeared: alarm sounds on")
            self._audio = True
            self._load_effects()
        self._refresh_sound_state()

    def _play(self, name: str, times: int = 1) -> None:
        now = self.clock()
        self.played.extend((name, now) for _ in range(times))
        if not self._sounds_enabled or self._volume == 0:
            return
        effect = self._effects.get(name)
        if effect is None or effect.status() is QSoundEffect.Status.Error:
            if not self._warned_silent:
                self._warned_silent = True
                log.debug("cannot play %s (no audio output or unsupported device); "
                          "further sounds are not played either", name)
            return
        effect.stop()
        effect.setLoopCount(times)
        effect.play()

    def _stop_all(self) -> None:
        for effect in self._effects.values():
            effect.stop()

    @property
    def sounds_enabled(self) -> bool:
        return self._sounds_enabled

    def set_sounds_enabled(self, enabled: bool) -> None:
        """Alarm sounds on or off for good (the preference; muting is the temporary way)."""
        self._sounds_enabled = bool(enabled)
        if not enabled:
            self._stop_all()
        self._refresh_sound_state()

    @property
    def volume(self) -> int:
        return self._volume

    def set_volume(self, percent: int) -> None:
        """Every sound at ``percent`` (0–100) of its own level; applies to a sound playing."""
        self._volume = min(100, max(0, int(percent)))
        for name, effect in self._effects.items():
            effect.setVolume(VOLUMES[name] * self._volume / 100.0)
        self._refresh_sound_state()

    def sound_off_reason(self) -> str:
        """Why a new alarm's sound would not be heard now, in the dispatcher's words; "" when
        it would."""
        if not self._sounds_enabled:
            return self.tr("turned off in Preferences")
        if self._volume == 0:
            return self.tr("volume at 0 % in Preferences")
        if self.is_muted and self._muted_until is not None:
            return self.tr("muted until {time}").format(
                time=local_time(self._muted_until, seconds=False))
        missing = [n for n in VOLUMES if not (self.sounds_dir / n).is_file()]
        if missing:
            return self.tr("sound file missing: {files}").format(files=", ".join(missing))
        if not self._audio:
            return self.tr("no audio output device")
        broken = [n for n, e in self._effects.items() if e.status() is QSoundEffect.Status.Error]
        if broken:
            return self.tr("cannot play {files}").format(files=", ".join(broken))
        return ""

    @Slot()
    def _refresh_sound_state(self) -> None:
        reason = self.sound_off_reason()
        if reason != self._sound_off_reason:
            self._sound_off_reason = reason
            if reason:
                log.info("alarm sound off: %s", reason)
            self.soundOffChanged.emit(reason)

    # ------------------------------------------------------------------ events

    @Slot(object)
    def on_new_alarm(self, alarm: Alarm) -> None:
        """A new alarm arrived: sound (critical, high), and a tray message (critical, high).

        An alarm storm (a fleet-wide outage, a hundred seals reporting at once) is one burst:
        one sound, heard again only for a more urgent priority, and one message for the rest.
        """
        sound = NEW_ALARM_SOUNDS.get(alarm.priority)
        if sound is None:
            return
        now = self.clock()
        rank = _RANK[alarm.priority]
        if now < self._burst_until:
            if self._burst_rank is None or rank < self._burst_rank:
                self._burst_rank = rank
                if not self.is_muted:
                    self._play(sound)
            self._burst_held.append(alarm)
            return
        self.end_burst()
        self._burst_until = now + BURST_WINDOW_S
        self._burst_rank = rank
        self._burst_timer.start()
        if not self.is_muted:
            self._play(sound)
        icon = MessageIcon.Critical if alarm.priority is AlarmPriority.CRITICAL \
            else MessageIcon.Warning
        self.notify(self.tr("{priority}: {alarm} — {trailer}").format(
            priority=priority_label(alarm.priority), alarm=alarm_label(alarm),
            trailer=isolate(alarm.trailer_id)), _alarm_text(alarm), icon)

    @Slot()
    def end_burst(self) -> None:
        """Close the current burst: one message for the alarms it held back."""
        held, self._burst_held = self._burst_held, []
        self._burst_until = float("-inf")
        self._burst_timer.stop()
        if not held:
            return
        critical = sum(1 for a in held if a.priority is AlarmPriority.CRITICAL)
        title = (self.tr("{n} more new alarms") if len(held) != 1
                 else self.tr("{n} more new alarm")).format(n=len(held))
        if critical:
            title += " " + self.tr("({n} critical)").format(n=critical)
        trailers = (", ".join(isolate(a.trailer_id) for a in held[:5])
                    + (" …" if len(held) > 5 else ""))
        self.notify(title, self.tr("{trailers}. See the alarm queue.").format(trailers=trailers),
                    MessageIcon.Critical if critical else MessageIcon.Warning)

    @Slot(str, int)
    def on_escalated(self, alarm_id: str, level: int, alarm: Alarm | None = None) -> None:
        """An alarm escalated to ``level``: the escalation sound ``level`` times, a tray message.

        ``alarm`` (optional) lets the message name the trailer; the desk's signal carries only
        the id.
        """
        if not self.is_muted or self.escalation_overrides_mute:
            self._play(ESCALATION_SOUND, max(1, level))
        what = (f"{alarm_label(alarm)} — {isolate(alarm.trailer_id)}" if alarm
                else self.tr("alarm {id}").format(id=isolate(alarm_id)))
        self.notify(self.tr("ESCALATED (level {level}): {what}").format(level=level, what=what),
                    self.tr("Still not acknowledged. Acknowledge it in the alarm queue (Ctrl+K)."),
                    MessageIcon.Critical)

    def notify(self, title: str, text: str,
               icon: QSystemTrayIcon.MessageIcon = MessageIcon.Information) -> None:
        self.notifications.append((title, text))
        if self.tray is not None:
            self.tray.showMessage(title, text, icon, 15_000)
        else:
            log.info("notification (no system tray): %s — %s", title, text)

    # ------------------------------------------------------------------ mute

    @property
    def muted_until(self) -> float | None:
        """Clock time when the sounds come back, or None when not muted."""
        return self._muted_until

    @property
    def is_muted(self) -> bool:
        return self._muted_until is not None and self.clock() < self._muted_until

    def mute(self, minutes: float = 5) -> None:
        """Silence new-alarm sounds for ``minutes``; muting again restarts the period."""
        was_muted = self._muted_until is not None
        self._muted_until = self.clock() + minutes * 60.0
        self._stop_all()
        self._mute_timer.start()
        self._sync_action(True)
        if not was_muted:
            self.mutedChanged.emit(True)

    def unmute(self) -> None:
        self._mute_timer.stop()
        if self._muted_until is None:
            return
        self._muted_until = None
        self._sync_action(False)
        self.mutedChanged.emit(False)

    @Slot()
    def check_mute(self) -> bool:
        """Unmute once the clock has passed :attr:`muted_until`; returns whether still muted.

        The timer calls it every second; tests call it after moving their clock.
        """
        if self._muted_until is not None and self.clock() >= self._muted_until:
            log.info("mute expired: alarm sounds on again")
            self.unmute()
        self._refresh_action_text()
        if self._muted_until is not None:
            self._refresh_sound_state()
        return self._muted_until is not None

    @Slot(bool)
    def _on_mute_toggled(self, checked: bool) -> None:
        if checked and self._muted_until is None:
            self.mute()
        elif not checked and self._muted_until is not None:
            self.unmute()

    def _sync_action(self, checked: bool) -> None:
        if self.mute_action.isChecked() != checked:
            self.mute_action.blockSignals(True)
            self.mute_action.setChecked(checked)
            self.mute_action.blockSignals(False)
        self._refresh_action_text()

    def _refresh_action_text(self) -> None:
        if self._muted_until is None:
            self.mute_action.setText(self.tr("Mute sounds for 5 min"))
            return
        left = max(0, round(self._muted_until - self.clock()))
        self.mute_action.setText(self.tr("Muted — {left} left (click to unmute)").format(
            left=f"{left // 60}:{left % 60:02d}"))

    # ------------------------------------------------------------------ title and tray

    def title_for(self, unacknowledged: int) -> str:
        return f"({unacknowledged}) {self.app_title}" if unacknowledged else self.app_title

    @Slot(int)
    def set_unacknowledged(self, count: int) -> None:
        """The number of open (unacknowledged) alarms, for the window title and the tray."""
        if count == self._unacknowledged:
            return
        self._unacknowledged = count
        if self.tray is not None:
            if count == 0:
                tip = self.tr("{app} — no unacknowledged alarms")
            elif count == 1:
                tip = self.tr("{app} — {n} unacknowledged alarm")
            else:
                tip = self.tr("{app} — {n} unacknowledged alarms")
            self.tray.setToolTip(tip.format(app=self.app_title, n=count))
        self.titleChanged.emit(self.title_for(count))

    def _tray_icon(self) -> QIcon:
        app = QApplication.instance()
        if isinstance(app, QApplication) and not app.windowIcon().isNull():
            return app.windowIcon()
        return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)


class SoundOffIndicator(QWidget):
    """"Alarm sound off — <why>" with a warning icon, shown only while an alarm would not be
    heard (:attr:`Attention.soundOffChanged`); one in the status bar, one by the alarms."""

    def __init__(self, attention: Attention, parent: QWidget, *, compact: bool = False
                 ) -> None:
        """``compact``: "Sound off" alone, the reason in the tooltip (the status bar's copy,
        where the whole sentence cut the status messages short at 1280 px)."""
        # A parent is required: shown before it had one, it would open as a window of its own.
        super().__init__(parent)
        self.setObjectName("soundOffIndicator")
        self.compact = compact
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 0, 4, 0)
        self.icon = QLabel(self)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        self.icon.setPixmap(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MediaVolumeMuted).pixmap(size, size))
        self.label = QLabel(self)
        row.addWidget(self.icon)
        # Compact, it takes its words' width and no more (stretched, it took the status bar's
        # spare room from the messages).
        row.addWidget(self.label, 0 if compact else 1)
        if compact:
            self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        attention.soundOffChanged.connect(self.show_reason)
        self.show_reason(attention.sound_off_reason())

    @Slot(str)
    def show_reason(self, reason: str) -> None:
        text = self.tr("Alarm sound off — {reason}").format(reason=reason) if reason else ""
        self.label.setText(self.tr("Sound off") if self.compact and reason else text)
        self.setToolTip(self.tr("New alarms will not be heard: {reason}. They are still shown "
                                "and notified.").format(reason=reason) if reason else "")
        self.setAccessibleName(text)
        self.setVisible(bool(reason))

    def text(self) -> str:
        """What it says in full ("" while sounds can play): a compact one shows "Sound off"
        and says the rest in its tooltip and to a screen reader."""
        return self.accessibleName()


def _alarm_text(alarm: Alarm) -> str:
    parts = [isolate(alarm.detail.strip()), where_text(alarm.position)]
    return " · ".join(p for p in parts if p and p != "—") or QCoreApplication.translate(
        "Attention", "Open the alarm queue for details.")
