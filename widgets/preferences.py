"""Edit ▸ Preferences: the dispatcher's settings in one dialog, checked as typed, applied live.

Four pages (Connection, Alarms, Display, Drivers), each a form whose every control has a label
with a mnemonic (its buddy) and an accessible name. A value that cannot work (a server URL that
is not http(s), a softphone URL without ``{phone}``, an unknown time zone) is said under its
field and holds OK and Apply back until it is fixed. Saving goes through the typed
:class:`~console.settings.Settings`, whose ``changed(key)`` :class:`LivePreferences` turns into
the change on screen: the font, the units, the time zone, the alarm sounds, the escalation time
and the softphone at once; the language and theme through the functions given to it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication, QObject, Qt, Slot
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from console import units
from console.alarms import times
from console.contacts.dialing import check_call_url_template
from console.settings import FONT_SCALE_RANGE, Settings
from maps.page import DEFAULT_ONLINE_TILES
from widgets.theme import set_style

log = logging.getLogger(__name__)


def check_server_url(url: str) -> None:
    """Raise ValueError (saying what is wrong) unless ``url`` is "" (the embedded cloud) or an
    http(s) URL with a host."""
    if not url:
        return
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https"):
        raise ValueError(QCoreApplication.translate(
            "Preferences", "The server URL must start with https:// (or http://)"))
    try:
        parts.port  # noqa: B018 — raises ValueError for a bad port
    except ValueError:
        raise ValueError(QCoreApplication.translate(
            "Preferences", "The server URL has a port that is not a number from 0 to 65535"),
        ) from None
    if not parts.hostname:
        raise ValueError(QCoreApplication.translate(
            "Preferences", "The server URL has no host name"))


class _Field:
    """A control, its label and the error line under it."""

    def __init__(self, control: QWidget, label: QLabel, error: QLabel,
                 check: Callable[[], None] | None) -> None:
        self.control = control
        self.label = label
        self.error = error
        self.check = check


class PreferencesDialog(QDialog):
    """The preferences of ``settings``; OK or Apply writes them (only what changed announces
    itself), Cancel leaves them as they were."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setObjectName("preferencesDialog")
        self.setWindowTitle(self.tr("Preferences"))
        self.fields: dict[str, _Field] = {}
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.tr("Preference pages"))
        layout.addWidget(self.tabs, 1)

        # ---------------------------------------------------------------- connection
        page, form = self._page(self.tr("&Connection"))
        self.server = QLineEdit(settings.server_url, page)
        self.server.setPlaceholderText("https://cloud.example.com")
        self._add(form, "server", self.tr("Cloud &server URL:"), self.server,
                  lambda: check_server_url(self.server.text().strip()),
                  self.tr("The cloud this console signs in to next time; empty: the embedded "
                          "demo cloud"))
        self.online_tiles = QCheckBox(self.tr("Load street tiles from the internet"), page)
        self.online_tiles.setChecked(bool(settings.online_tiles))
        self._add(form, "online_tiles", self.tr("Online map &tiles:"), self.online_tiles, None,
                  self.tr("OpenStreetMap tiles over the offline basemap; off by default"))

        # ---------------------------------------------------------------- alarms
        page, form = self._page(self.tr("&Alarms"))
        self.sounds = QCheckBox(self.tr("Play a sound for new and escalated alarms"), page)
        self.sounds.setChecked(settings.sounds_enabled)
        self._add(form, "sounds", self.tr("Alarm s&ounds:"), self.sounds)
        self.volume = QSpinBox(page)
        self.volume.setRange(0, 100)
        self.volume.setSingleStep(10)
        self.volume.setSuffix(" %")
        self.volume.setValue(settings.sound_volume)
        self._add(form, "volume", self.tr("&Volume:"), self.volume,
                  tip=self.tr("0 % means no alarm is heard: the window then says so"))
        self.sounds.toggled.connect(self.volume.setEnabled)
        self.volume.setEnabled(self.sounds.isChecked())
        self.escalation = QDoubleSpinBox(page)
        self.escalation.setRange(10 / 60, 120.0)
        self.escalation.setDecimals(1)
        self.escalation.setSuffix(self.tr(" min"))
        self.escalation.setValue(settings.escalate_after_s / 60.0)
        self._add(form, "escalation", self.tr("&Escalate unacknowledged after:"),
                  self.escalation, tip=self.tr("A critical alarm nobody acknowledged escalates "
                                               "after this long, then again after each further "
                                               "interval"))
        self.stale = QDoubleSpinBox(page)
        self.stale.setRange(1.0, 24 * 60.0)
        self.stale.setDecimals(0)
        self.stale.setSuffix(self.tr(" min"))
        self.stale.setValue(settings.stale_after_min)
        self._add(form, "stale", self.tr("Trailer is &stale without a fix for:"), self.stale)

        # ---------------------------------------------------------------- display
        page, form = self._page(self.tr("&Display"))
        self.units = QComboBox(page)
        self.units.addItem(self.tr("Kilometres (km, km/h)"), "km")
        self.units.addItem(self.tr("Miles (mi, mph)"), "mi")
        self.units.setCurrentIndex(max(0, self.units.findData(settings.units)))
        self._add(form, "units", self.tr("&Units:"), self.units)
        self.zone = QComboBox(page)
        self.zone.setEditable(True)
        self.zone.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.zone.addItem(self.tr("The computer's time zone"), "")
        for name in times.zone_names():
            self.zone.addItem(name, name)
        completer = self.zone.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self._set_zone_text(settings.time_zone)
        self._add(form, "zone", self.tr("&Time zone:"), self.zone,
                  lambda: times.check_zone_name(self.zone_name()),
                  self.tr("Every time the alarms show is in this zone, with its name"))
        self.language = QComboBox(page)
        self.language.addItem(self.tr("The computer's language"), "")
        self.language.addItem("English", "en")
        self.language.addItem("Español", "es")
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self._add(form, "language", self.tr("&Language:"), self.language)
        self.theme = QComboBox(page)
        self.theme.addItem(self.tr("Automatic (light by day, dark by night)"), "auto")
        self.theme.addItem(self.tr("Light"), "light")
        self.theme.addItem(self.tr("Dark"), "dark")
        self.theme.setCurrentIndex(max(0, self.theme.findData(settings.theme)))
        self._add(form, "theme", self.tr("T&heme:"), self.theme)
        self.font_scale = QSpinBox(page)
        self.font_scale.setRange(*FONT_SCALE_RANGE)
        self.font_scale.setSingleStep(10)
        self.font_scale.setSuffix(" %")
        self.font_scale.setValue(settings.font_scale)
        self._add(form, "font_scale", self.tr("&Font size:"), self.font_scale,
                  tip=self.tr("In percent of the system's font size"))

        # ---------------------------------------------------------------- drivers
        page, form = self._page(self.tr("D&rivers"))
        self.call_url = QLineEdit(settings.call_url_template, page)
        self.call_url.setPlaceholderText("tel:{phone}")
        self._add(form, "call_url", self.tr("&Softphone call URL:"), self.call_url,
                  lambda: check_call_url_template(self.call_url.text().strip()),
                  self.tr("tel:{phone} uses the desktop's phone handler; a softphone's URL "
                          "takes {phone} (+16195550142) or {digits} (16195550142)"))

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.Apply, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        apply = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        if apply is not None:
            apply.clicked.connect(self.save)
        layout.addWidget(self.buttons)
        self.server.textChanged.connect(self.validate)
        self.call_url.textChanged.connect(self.validate)
        self.zone.editTextChanged.connect(self.validate)
        self.validate()
        self.resize(560, 420)

    # ------------------------------------------------------------------ building

    def _page(self, title: str) -> tuple[QWidget, QFormLayout]:
        page = QWidget(self.tabs)
        form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.tabs.addTab(page, title)
        return page, form

    def _add(self, form: QFormLayout, name: str, label_text: str, control: QWidget,
             check: Callable[[], None] | None = None, tip: str = "") -> None:
        page = form.parentWidget()
        label = QLabel(label_text, page)
        label.setBuddy(control)
        control.setObjectName(name)
        control.setAccessibleName(label_text.replace("&", "").rstrip(":"))
        if tip:
            control.setToolTip(tip)
            control.setAccessibleDescription(tip)
        column = QWidget(page)
        rows = QVBoxLayout(column)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.setSpacing(2)
        rows.addWidget(control)
        error = QLabel(column)
        error.setObjectName(f"{name}Error")
        error.setWordWrap(True)
        set_style(error, "color: {p.error};")
        error.setAccessibleName(self.tr("Problem with {field}").format(
            field=label_text.replace("&", "").rstrip(":")))
        error.hide()
        rows.addWidget(error)
        form.addRow(label, column)
        self.fields[name] = _Field(control, label, error, check)

    def _set_zone_text(self, name: str) -> None:
        index = self.zone.findData(name)
        if index >= 0:
            self.zone.setCurrentIndex(index)
        else:
            self.zone.setEditText(name)

    # ------------------------------------------------------------------ values

    def zone_name(self) -> str:
        """The chosen IANA zone ("" for the computer's)."""
        text = self.zone.currentText().strip()
        return "" if text in ("", self.zone.itemText(0)) else text

    def errors(self) -> dict[str, str]:
        """The fields whose value cannot work, with what is wrong."""
        problems = {}
        for name, field in self.fields.items():
            if field.check is None:
                continue
            try:
                field.check()
            except ValueError as exc:
                problems[name] = str(exc)
        return problems

    def error_text(self, name: str) -> str:
        """What is said under field ``name`` ("" when it is fine)."""
        field = self.fields[name]
        return field.error.text() if not field.error.isHidden() else ""

    @Slot()
    def validate(self) -> bool:
        """Say each problem under its field; OK and Apply only while there is none."""
        problems = self.errors()
        for name, field in self.fields.items():
            field.error.setText(problems.get(name, ""))
            field.error.setVisible(name in problems)
        # A page with a problem is marked, so a held-back OK says where to look.
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for index in range(self.tabs.count()):
            page = self.tabs.widget(index)
            bad = any(name in problems for name, field in self.fields.items()
                      if page is not None and page.isAncestorOf(field.control))
            self.tabs.setTabIcon(index, warning if bad else QIcon())
            self.tabs.setTabToolTip(index, self.tr("A value on this page cannot be used")
                                    if bad else "")
        for button in (QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Apply):
            widget = self.buttons.button(button)
            if widget is not None:
                widget.setEnabled(not problems)
        return not problems

    @Slot()
    def save(self) -> bool:
        """Write every value to the settings (False, and nothing written, while one is bad)."""
        if not self.validate():
            return False
        s = self.settings
        s.server_url = self.server.text().strip()
        s.online_tiles = DEFAULT_ONLINE_TILES if self.online_tiles.isChecked() else ""
        s.sounds_enabled = self.sounds.isChecked()
        s.sound_volume = self.volume.value()
        s.escalate_after_s = max(10.0, round(self.escalation.value() * 60.0))
        s.stale_after_min = self.stale.value()
        s.units = str(self.units.currentData())
        s.time_zone = self.zone_name()
        s.language = str(self.language.currentData())
        s.theme = str(self.theme.currentData())
        s.font_scale = self.font_scale.value()
        s.call_url_template = self.call_url.text().strip()
        s.sync()
        return True

    def accept(self) -> None:
        if self.save():
            super().accept()

    @classmethod
    def open_for(cls, settings: Settings, parent: QWidget) -> PreferencesDialog:
        """Open (non-modal, one at a time) the preferences over ``parent``."""
        for old in parent.findChildren(cls):
            if old.isVisible():
                old.raise_()
                old.activateWindow()
                return old
        dialog = cls(settings, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog


class LivePreferences(QObject):
    """Applies a preference the moment it changes (``Settings.changed``), and once at start.

    ``attention`` gets the sounds, ``desk()`` / ``messenger()`` (None while signed out) the
    escalation time and the softphone URL, ``status_board`` (the store's) the stale threshold
    (from the next fix or clock tick on), ``set_online_tiles`` the map; ``set_language`` and
    ``set_theme`` are the i18n and theme engineers' functions (given the stored choice).
    """

    def __init__(self, settings: Settings, app: QApplication, *,
                 window: QWidget | None = None, attention: Any = None,
                 desk: Callable[[], Any] | None = None,
                 messenger: Callable[[], Any] | None = None,
                 status_board: Any = None,
                 set_online_tiles: Callable[[bool], None] | None = None,
                 set_language: Callable[[str], object] | None = None,
                 set_theme: Callable[[str], object] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.app = app
        self.window = window
        self.attention = attention
        self.desk = desk
        self.messenger = messenger
        self.status_board = status_board
        self.set_online_tiles = set_online_tiles
        self.set_language = set_language
        self.set_theme = set_theme
        #: The font the application had before any scale was applied.
        self.base_font = QFont(app.font())
        settings.changed.connect(self.on_changed)

    def apply_all(self) -> None:
        """Apply every preference as stored (at start)."""
        for key in ("display/font_scale", "display/units", "display/time_zone",
                    "alarms/sounds", "alarms/sound_volume", "fleet/stale_after_min",
                    "display/language",
                    "display/theme"):
            self.on_changed(key)

    @Slot(str)
    def on_changed(self, key: str) -> None:
        s = self.settings
        try:
            match key:
                case "display/font_scale":
                    self.apply_font_scale(s.font_scale)
                case "display/units":
                    units.set_units(s.units)
                    self.repaint()
                case "display/time_zone":
                    times.set_zone_name(s.time_zone)
                    self.repaint()
                case "alarms/sounds" if self.attention is not None:
                    self.attention.set_sounds_enabled(s.sounds_enabled)
                case "alarms/sound_volume" if self.attention is not None:
                    self.attention.set_volume(s.sound_volume)
                case "alarms/escalate_after_s":
                    desk = self.desk() if self.desk else None
                    if desk is not None:
                        desk.escalate_after_s = s.escalate_after_s
                case "contacts/call_url_template":
                    messenger = self.messenger() if self.messenger else None
                    if messenger is not None:
                        messenger.call_url_template = s.call_url_template
                case "fleet/stale_after_min" if self.status_board is not None:
                    self.status_board.stale_after_s = s.stale_after_min * 60.0
                case "map/online_tiles" if self.set_online_tiles is not None:
                    self.set_online_tiles(bool(s.online_tiles))
                case "display/language" if self.set_language is not None:
                    self.set_language(s.language)
                case "display/theme" if self.set_theme is not None:
                    self.set_theme(s.theme)
        except ValueError as exc:  # a hand-edited INI file: keep what is shown, say why
            log.warning("preference %s not applied: %s", key, exc)

    def apply_font_scale(self, percent: int) -> None:
        font = QFont(self.base_font)
        if self.base_font.pointSizeF() > 0:
            font.setPointSizeF(self.base_font.pointSizeF() * percent / 100.0)
        else:
            font.setPixelSize(max(1, round(self.base_font.pixelSize() * percent / 100.0)))
        self.app.setFont(font)

    def repaint(self) -> None:
        """Redraw the window's tables and lists, which format their text as they paint."""
        if self.window is None:
            return
        for view in self.window.findChildren(QAbstractItemView):
            view.viewport().update()


__all__ = ["LivePreferences", "PreferencesDialog", "check_server_url"]
