"""The console's colours by meaning, per theme, and the theme in force.

A dispatcher works whole night shifts in a dark control room: the console has a dark night theme
and a light day theme, and by default ("auto") it is dark from 19:00 to 07:00 local time, checked
every minute so the switch happens at dusk without a restart.

Every colour here is named for what it says (``alarm``, ``moving``, ``critical``, ``error``,
``chart_grid``), never for its hue, and every table of colours elsewhere
(:class:`ThemedColors`) looks its colour up in the palette in force *when it is read*, so a model's
``data()`` or a widget's style sheet made after a switch has the new theme's colour.

The hues come from the Okabe–Ito palette (vermillion, orange, yellow, bluish green, sky blue,
blue, reddish purple), darkened for text on a light background and lightened on a dark one, so
the states a dispatcher tells apart stay apart for protanopes and deuteranopes and differ in
lightness too (tests/console/test_palette.py checks both, and WCAG contrast of every text colour
on its background). Colour is never the only cue: each state also has its word and a glyph
(``*_GLYPHS`` in the capabilities' ``labels.py``).

This module is plain data and QtCore only (the widgets apply it: widgets/theme.py).

Signals of :class:`ThemeNotifier`: ``changed(Palette)`` after the palette in force changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import TypeVar

from PySide6.QtCore import QObject, QPointF, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPen, QPixmap, QPolygonF

K = TypeVar("K")


class ThemeMode(StrEnum):
    """What the dispatcher chose (settings key ``ui/theme``)."""

    AUTO = "auto"  #: dark at night, light by day
    LIGHT = "light"
    DARK = "dark"


@dataclass(frozen=True)
class Palette:
    """One theme's colours by meaning, as ``#rrggbb``."""

    name: str
    # -- surfaces and text (the QPalette: widgets/theme.py)
    window: str
    surface: str  #: the background of tables, lists and text fields
    alt_surface: str  #: alternate table rows
    button: str
    text: str
    muted: str  #: secondary text: captions, timestamps, placeholders
    disabled: str
    border: str
    highlight: str
    highlight_text: str
    link: str
    tooltip: str
    tooltip_text: str
    # -- fleet statuses (console/fleet/labels.py), as text on ``surface`` and as fills
    alarm: str
    unlocked: str
    stale: str
    moving: str
    parked: str
    # -- the link (console/link/labels.py)
    live: str
    connecting: str
    reconnecting: str
    offline: str
    signed_out: str
    # -- alarm priorities (console/alarms/labels.py)
    critical: str
    high: str
    medium: str
    info: str
    #: the "on" phase of a flashing critical row (``text`` stays readable on it)
    flash: str
    # -- seal verdicts: text on its badge background (console/seal/labels.py)
    ok: str
    ok_bg: str
    maintenance: str
    maintenance_bg: str
    critical_text: str  #: text on ``critical_bg``
    critical_bg: str
    unknown: str
    unknown_bg: str
    # -- messages in dialogs and forms
    error: str
    warning: str
    good: str
    hint: str
    problem_bg: str  #: a row with a problem (a policy that cannot work)
    # -- banners: escalation, NOT LIVE, a quiet alarm
    banner: str
    banner_text: str
    banner_flash: str  #: the escalation banner's border in its "on" phase
    not_live: str
    not_live_text: str
    quiet: str
    quiet_text: str
    # -- the conversation's bubbles: background and border
    bubble_out: str
    bubble_out_border: str
    bubble_in: str
    bubble_in_border: str
    bubble_call: str
    bubble_call_border: str
    bubble_failed: str
    # -- charts (pyqtgraph): the fiber chart, the lock timeline, statistics
    chart_background: str
    chart_foreground: str  #: axis text and labels
    chart_axis: str
    chart_grid: str
    curve: str  #: the fiber level
    baseline: str
    chart_warning: str
    tamper: str
    forced: str  #: forced entry (reddish purple)
    driver: str  #: messages and calls to and from the driver
    band: str  #: the expected band around the baseline
    cursor: str  #: the "now" and selection lines
    marker_outline: str

    def color(self, role: str) -> str:
        """The colour of ``role`` (a field name); KeyError for an unknown role."""
        if role not in ROLES:
            raise KeyError(role)
        return str(getattr(self, role))

    @property
    def dark(self) -> bool:
        return self.name == "dark"


LIGHT = Palette(
    name="light",
    window="#f8f8f8", surface="#ffffff", alt_surface="#f5f6f7", button="#e8e8e8",
    text="#1a1a1a", muted="#5f6368", disabled="#8a8f94", border="#b0b4b8",
    highlight="#0b63b6", highlight_text="#ffffff", link="#0b5cab",
    tooltip="#fffbe6", tooltip_text="#1a1a1a",
    # Okabe–Ito hues darkened to read as text on white (≥ 4.5:1), lightness kept apart.
    alarm="#80270c", unlocked="#a25d01", stale="#666666", moving="#066e3a", parked="#1565c0",
    live="#0c6645", connecting="#5b4500", reconnecting="#916435", offline="#800e27",
    signed_out="#5f6368",
    critical="#c62828", high="#7a3e00", medium="#8d6e00", info="#546e7a",
    flash="#ffd6cc",
    ok="#1b5e20", ok_bg="#e6f4ea", maintenance="#7a4000", maintenance_bg="#fff1dc",
    critical_text="#ffffff", critical_bg="#b3261e", unknown="#37474f", unknown_bg="#eceff1",
    error="#b00020", warning="#8a4b00", good="#1b6e20", hint="#7a4f00", problem_bg="#fde7ea",
    banner="#ffb000", banner_text="#000000", banner_flash="#b3261e",
    not_live="#b3261e", not_live_text="#ffffff", quiet="#37474f", quiet_text="#ffffff",
    bubble_out="#dcecff", bubble_out_border="#a9c8ef", bubble_in="#f1f1f1",
    bubble_in_border="#cfcfcf", bubble_call="#fff5d6", bubble_call_border="#e5cf8a",
    bubble_failed="#fdecee",
    chart_background="#ffffff", chart_foreground="#263238", chart_axis="#90a4ae",
    chart_grid="#d5dde1", curve="#0072b2", baseline="#56884b", chart_warning="#c76a00",
    tamper="#c62828", forced="#8e3b78", driver="#3949ab", band="#78909c", cursor="#000000",
    marker_outline="#ffffff",
)

DARK = Palette(
    name="dark",
    window="#202326", surface="#16181b", alt_surface="#1d2024", button="#2b2f33",
    text="#e6e8eb", muted="#a3a9b0", disabled="#6c737a", border="#41474d",
    highlight="#2f6fb0", highlight_text="#ffffff", link="#7ab8ff",
    tooltip="#2b2f33", tooltip_text="#e6e8eb",
    # Okabe–Ito hues lightened to read on the dark surface, lightness kept apart.
    alarm="#dc6d45", unlocked="#f8ca45", stale="#9aa0a6", moving="#8bf5c4", parked="#68a0df",
    live="#8debb7", connecting="#eee532", reconnecting="#cf7b12", offline="#e26b63",
    signed_out="#a3a9b0",
    critical="#fa5d63", high="#ff9a1f", medium="#f7ec42", info="#a3b4bf",
    flash="#5c1a12",
    ok="#8fe0b0", ok_bg="#133322", maintenance="#ffc26b", maintenance_bg="#3a2a10",
    critical_text="#ffffff", critical_bg="#a3221a", unknown="#cfd8dc", unknown_bg="#2b3237",
    error="#ff7a70", warning="#f5b342", good="#6fd69a", hint="#e0b860", problem_bg="#4a1d22",
    banner="#b37a00", banner_text="#000000", banner_flash="#ff6b4a",
    not_live="#a3221a", not_live_text="#ffffff", quiet="#455a64", quiet_text="#ffffff",
    bubble_out="#1f3550", bubble_out_border="#35587f", bubble_in="#26292d",
    bubble_in_border="#3d4247", bubble_call="#3a3119", bubble_call_border="#6b5a2a",
    bubble_failed="#4a1d22",
    chart_background="#121417", chart_foreground="#d5dadf", chart_axis="#6c7780",
    chart_grid="#2c3237", curve="#56b4e9", baseline="#2fc79b", chart_warning="#f5a300",
    tamper="#ff6b4a", forced="#d98cbf", driver="#9fa8ff", band="#7f8c96", cursor="#e6e8eb",
    marker_outline="#0b0c0e",
)

ROLES: tuple[str, ...] = tuple(f.name for f in fields(Palette) if f.name != "name")
PALETTES: dict[str, Palette] = {LIGHT.name: LIGHT, DARK.name: DARK}

#: The map page's colours per theme, for maps/ and resources/map/ (their owner applies them):
#: the basemap, the trailers' outline and fills (fleet statuses), a trip's track.
MAP_COLORS: dict[str, dict[str, str]] = {
    "light": {
        "land": "#f2efe9", "water": "#aad3df", "roads": "#ffffff", "roads_casing": "#c8c2b8",
        "borders": "#9e8fa8", "labels": "#333333", "label_halo": "#ffffff",
        "marker_outline": "#ffffff", "selected": "#000000",
        "alarm": "#d55e00", "unlocked": "#e69f00", "stale": "#8c8c8c", "moving": "#009e73",
        "parked": "#0072b2",
        "track": "#0072b2", "track_past": "#7f9fb5", "stop": "#cc79a7", "geofence": "#6a3d9a",
    },
    "dark": {
        "land": "#1f2327", "water": "#0f2a3a", "roads": "#3a4047", "roads_casing": "#2a2f34",
        "borders": "#6f6480", "labels": "#c9ced4", "label_halo": "#111315",
        "marker_outline": "#0b0c0e", "selected": "#ffffff",
        "alarm": "#ff6b4a", "unlocked": "#f0c419", "stale": "#9aa0a6", "moving": "#2fc79b",
        "parked": "#63b3ed",
        "track": "#56b4e9", "track_past": "#4f6b80", "stop": "#e6a0c8", "geofence": "#b9a3e3",
    },
}


def map_colors(name: str | None = None) -> dict[str, str]:
    """The map page's colour set for theme ``name`` (the one in force by default)."""
    return dict(MAP_COLORS[name or _current.name])


# ---------------------------------------------------------------------------------- in force

_current: Palette = LIGHT


def current() -> Palette:
    """The palette in force (light until a theme is applied)."""
    return _current


def color(role: str) -> str:
    """The colour of ``role`` in the palette in force."""
    return _current.color(role)


class ThemedColors(Mapping[K, str]):
    """A table of colours by key whose values are looked up in the palette in force when read.

    A mapping so that ``COLORS[key]``, ``.get`` and ``.values()`` keep working for their readers;
    :meth:`role` gives the palette role behind a key (for a style sheet template).
    """

    def __init__(self, roles: Mapping[K, str]) -> None:
        unknown = set(roles.values()) - set(ROLES)
        if unknown:
            raise KeyError(f"no such palette roles: {sorted(unknown)}")
        self.roles = dict(roles)

    def __getitem__(self, key: K) -> str:
        return _current.color(self.roles[key])

    def __iter__(self) -> Iterator[K]:
        return iter(self.roles)

    def __len__(self) -> int:
        return len(self.roles)

    def role(self, key: K) -> str:
        return self.roles[key]


# ---------------------------------------------------------------------------------- shapes

_icons: dict[tuple[str, str, str], QIcon] = {}


def shape_icon(glyph: str, fill: str) -> QIcon | None:
    """A state's shape (one of ▲ ◆ ■ ● ○ ✖ ◐ ◌) drawn in ``fill`` with the theme's outline, for
    a table's DecorationRole: the shape tells the state apart where the colour does not. None
    without a QGuiApplication (a model used headless paints nothing)."""
    outline = _current.marker_outline
    key = (glyph, fill, outline)
    icon = _icons.get(key)
    if icon is not None:
        return icon
    if QGuiApplication.instance() is None:
        return None
    pixmap = QPixmap(32, 32)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor(outline), 2))
    painter.setBrush(QColor(fill))

    def polygon(*points: tuple[float, float]) -> None:
        painter.drawPolygon(QPolygonF([QPointF(x, y) for x, y in points]))

    match glyph:
        case "▲":
            polygon((16, 3), (30, 28), (2, 28))
        case "◆":
            polygon((16, 2), (30, 16), (16, 30), (2, 16))
        case "■":
            painter.drawRect(5, 5, 22, 22)
        case "○" | "◌":
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(QColor(fill), 5, Qt.PenStyle.SolidLine if glyph == "○"
                                else Qt.PenStyle.DotLine))
            painter.drawEllipse(6, 6, 20, 20)
        case "✖":
            painter.setPen(QPen(QColor(fill), 7, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            painter.drawLine(7, 7, 25, 25)
            painter.drawLine(25, 7, 7, 25)
        case "◐":
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(QColor(fill), 4))
            painter.drawEllipse(5, 5, 22, 22)
            painter.setBrush(QColor(fill))
            painter.drawPie(5, 5, 22, 22, 90 * 16, 180 * 16)
        case _:
            painter.drawEllipse(4, 4, 24, 24)
    painter.end()
    icon = _icons[key] = QIcon(pixmap)
    return icon


# ---------------------------------------------------------------------------------- auto

@dataclass(frozen=True)
class NightHours:
    """When "auto" is dark: from ``start`` to ``end`` local time (across midnight if start is
    later than end)."""

    start: dt.time = dt.time(19, 0)
    end: dt.time = dt.time(7, 0)

    def is_night(self, moment: dt.time) -> bool:
        if self.start <= self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end


def parse_night_hours(text: str) -> NightHours:
    """"19:00-07:00" as night hours; the default (19:00 to 07:00) for anything else."""
    try:
        start, end = (dt.time.fromisoformat(part.strip()) for part in text.split("-"))
    except ValueError:
        return NightHours()
    return NightHours(start, end)


def theme_for(mode: ThemeMode | str, now: dt.datetime, hours: NightHours = NightHours()) -> str:
    """The theme to show: "dark" or "light" (``now`` is local time)."""
    mode = ThemeMode(mode)
    if mode is ThemeMode.AUTO:
        return "dark" if hours.is_night(now.time()) else "light"
    return mode.value


def parse_mode(value: object) -> ThemeMode:
    """A settings value as a mode; anything unknown is "auto"."""
    try:
        return ThemeMode(str(value).strip().lower())
    except ValueError:
        return ThemeMode.AUTO


class ThemeNotifier(QObject):
    """The theme in force and the dispatcher's choice; in "auto" it checks the clock every
    ``check_ms`` and switches at dusk and dawn.

    Signals:
        changed(Palette): the palette in force changed (restyle, repaint).
    """

    changed = Signal(object)

    def __init__(self, clock: Callable[[], dt.datetime] = dt.datetime.now,
                 hours: NightHours = NightHours(), check_ms: int = 60_000,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.clock = clock
        self.hours = hours
        self.mode = ThemeMode.LIGHT
        self.timer = QTimer(self)
        self.timer.setInterval(check_ms)
        self.timer.timeout.connect(self.check)

    @property
    def palette(self) -> Palette:
        return _current

    def set_mode(self, mode: ThemeMode | str) -> Palette:
        """Choose "auto", "light" or "dark"; the palette switches now if it must."""
        self.mode = ThemeMode(mode)
        if self.mode is ThemeMode.AUTO:
            self.timer.start()
        else:
            self.timer.stop()
        self.check()
        return _current

    def set_night_hours(self, hours: NightHours) -> None:
        self.hours = hours
        self.check()

    @Slot()
    def check(self) -> None:
        """Apply the theme the mode and the clock call for (nothing if it is in force)."""
        global _current
        wanted = PALETTES[theme_for(self.mode, self.clock(), self.hours)]
        if wanted is not _current:
            _current = wanted
            self.changed.emit(wanted)


_notifier: ThemeNotifier | None = None


def notifier() -> ThemeNotifier:
    """The one theme notifier of the process (made on first use)."""
    global _notifier
    if _notifier is None:
        _notifier = ThemeNotifier()
    return _notifier


__all__ = [
    "DARK",
    "LIGHT",
    "MAP_COLORS",
    "PALETTES",
    "ROLES",
    "NightHours",
    "Palette",
    "ThemeMode",
    "ThemeNotifier",
    "ThemedColors",
    "color",
    "current",
    "map_colors",
    "notifier",
    "parse_mode",
    "parse_night_hours",
    "shape_icon",
    "theme_for",
]
