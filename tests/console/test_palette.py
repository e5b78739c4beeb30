"""The palettes: readable text in both themes, states apart for colour-blind eyes and in
lightness, auto mode by the clock, colour tables that follow the theme in force."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator

import pytest

from console import palette
from console.alarms.labels import PRIORITY_COLORS, PRIORITY_GLYPHS
from console.fleet.labels import STATUS_COLORS, STATUS_GLYPHS, status_badge
from console.link.labels import CONNECTION_COLORS, CONNECTION_GLYPHS
from console.palette import DARK, LIGHT, NightHours, Palette, ThemeMode, ThemeNotifier
from console.seal.labels import SEVERITY_STYLE
from opticallock.protocol import AlarmPriority
from opticallock.seal_health import Severity
from opticallock.status import TrailerStatus

THEMES = [LIGHT, DARK]


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _rgb(colour: str) -> tuple[float, float, float]:
    h = colour.lstrip("#")
    r, g, b = (_linear(int(h[i:i + 2], 16)) for i in (0, 2, 4))
    return r, g, b


def luminance(colour: str) -> float:
    r, g, b = _rgb(colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


# Viénot, Brettel & Mollon (1999) dichromat simulation in linear sRGB.
CVD = {
    "normal": ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0)),
    "protanopia": ((0.11238, 0.88762, 0.0), (0.11238, 0.88762, 0.0), (0.00401, -0.00401, 1.0)),
    "deuteranopia": ((0.29275, 0.70725, 0.0), (0.29275, 0.70725, 0.0),
                     (-0.02234, 0.02234, 1.0)),
}


def lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b = rgb
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def seen(colour: str, vision: str) -> tuple[float, float, float]:
    m = CVD[vision]
    rgb = _rgb(colour)
    return lab(tuple(max(0.0, min(1.0, sum(m[i][j] * rgb[j] for j in range(3))))
                     for i in range(3)))  # type: ignore[arg-type]


def delta_e(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    return sum((x - y) ** 2 for x, y in zip(a, b, strict=True)) ** 0.5


#: Text colours and the backgrounds they are read on.
def text_pairs(p: Palette) -> Iterator[tuple[str, str]]:
    for fg in ("text", "muted", "link", "alarm", "unlocked", "stale", "moving", "parked", "live",
               "connecting", "reconnecting", "offline", "signed_out", "critical", "high",
               "medium", "info", "error", "warning", "good", "hint"):
        yield fg, "surface"
        yield fg, "window"
    yield "text", "alt_surface"
    yield "text", "flash"
    yield "text", "problem_bg"
    yield "highlight_text", "highlight"
    yield "tooltip_text", "tooltip"
    yield "text", "button"
    for fg, bg in (("ok", "ok_bg"), ("maintenance", "maintenance_bg"),
                   ("critical_text", "critical_bg"), ("unknown", "unknown_bg"),
                   ("banner_text", "banner"), ("not_live_text", "not_live"),
                   ("quiet_text", "quiet"), ("chart_foreground", "chart_background")):
        yield fg, bg
    for bubble in ("bubble_out", "bubble_in", "bubble_call", "bubble_failed"):
        yield "text", bubble
        yield "muted", bubble


@pytest.mark.parametrize("p", THEMES, ids=lambda p: p.name)
def test_every_text_colour_is_readable_on_its_background(p: Palette) -> None:
    poor = {f"{fg} on {bg}": round(contrast(p.color(fg), p.color(bg)), 2)
            for fg, bg in text_pairs(p) if contrast(p.color(fg), p.color(bg)) < 4.5}
    assert poor == {}


#: States a dispatcher must tell apart at a glance.
STATE_SETS = {
    "fleet": ("alarm", "unlocked", "stale", "moving", "parked"),
    "priority": ("critical", "high", "medium", "info"),
    "link": ("live", "connecting", "reconnecting", "offline"),
    "chart": ("curve", "baseline", "chart_warning", "tamper"),
}


#: The light theme keeps the critical red (#c62828) and the medium amber (#8d6e00) that other
#: tests and the printed reports know; a deuteranope sees them only ΔE 6.6 apart (the words
#: CRITICAL / MEDIUM and the ▲ / ■ glyphs tell them apart). Nothing else is let off.
LET_OFF = {("light", "critical", "medium"): 6.0}


@pytest.mark.parametrize("p", THEMES, ids=lambda p: p.name)
@pytest.mark.parametrize("vision", list(CVD))
@pytest.mark.parametrize("states", list(STATE_SETS))
def test_states_stay_apart_for_colour_blind_eyes(p: Palette, vision: str, states: str) -> None:
    """ΔE*ab ≥ 12 between any two states of a set, with normal vision and as a protanope or a
    deuteranope sees them."""
    close = {f"{a}/{b}": round(delta_e(seen(p.color(a), vision), seen(p.color(b), vision)), 1)
             for a, b in itertools.combinations(STATE_SETS[states], 2)
             if delta_e(seen(p.color(a), vision), seen(p.color(b), vision))
             < LET_OFF.get((p.name, a, b), 12)}
    assert close == {}


#: Pairs whose hues a red-green colour-blind dispatcher confuses: lightness keeps them apart.
RED_GREEN = [("alarm", "moving"), ("alarm", "unlocked"), ("unlocked", "moving"),
             ("critical", "high"), ("high", "medium"), ("offline", "live"),
             ("reconnecting", "connecting"), ("tamper", "baseline")]


@pytest.mark.parametrize("p", THEMES, ids=lambda p: p.name)
def test_red_green_pairs_differ_in_lightness(p: Palette) -> None:
    def lightness(role: str) -> float:
        return seen(p.color(role), "normal")[0]

    close = {f"{a}/{b}": round(abs(lightness(a) - lightness(b)), 1) for a, b in RED_GREEN
             if abs(lightness(a) - lightness(b)) < 4}
    assert close == {}


def test_the_dark_theme_is_dark_and_the_light_one_light() -> None:
    for role in ("surface", "window", "chart_background"):
        assert luminance(DARK.color(role)) < 0.03
        assert luminance(LIGHT.color(role)) > 0.8


@pytest.mark.parametrize(("hour", "expected"), [(23, "dark"), (12, "light"), (19, "dark"),
                                                (6, "dark"), (7, "light"), (18, "light")])
def test_auto_is_dark_at_night(hour: int, expected: str) -> None:
    now = dt.datetime(2026, 12, 2, hour, 0)
    assert palette.theme_for(ThemeMode.AUTO, now) == expected
    assert palette.theme_for(ThemeMode.LIGHT, now) == "light"
    assert palette.theme_for(ThemeMode.DARK, now) == "dark"


def test_night_hours_are_configurable() -> None:
    hours = NightHours(dt.time(21, 30), dt.time(5, 0))
    assert palette.theme_for("auto", dt.datetime(2026, 12, 2, 21, 0), hours) == "light"
    assert palette.theme_for("auto", dt.datetime(2026, 12, 2, 22, 0), hours) == "dark"
    day_shift = NightHours(dt.time(8, 0), dt.time(16, 0))  # not across midnight
    assert day_shift.is_night(dt.time(12, 0))
    assert not day_shift.is_night(dt.time(17, 0))


def test_night_hours_from_the_settings_text() -> None:
    assert palette.parse_night_hours("20:30-06:15") == NightHours(dt.time(20, 30), dt.time(6, 15))
    assert palette.parse_night_hours("dusk") == NightHours()


def test_parse_mode_falls_back_to_auto() -> None:
    assert palette.parse_mode(" Dark ") is ThemeMode.DARK
    assert palette.parse_mode("sepia") is ThemeMode.AUTO


@pytest.fixture
def restore_light() -> Iterator[None]:
    yield
    ThemeNotifier().set_mode("light")


@pytest.mark.usefixtures("restore_light")
def test_auto_switches_at_dusk_without_restart(qtbot: object) -> None:
    now = [dt.datetime(2026, 12, 2, 12, 0)]
    notifier = ThemeNotifier(clock=lambda: now[0], check_ms=10)
    switched: list[Palette] = []
    notifier.changed.connect(switched.append)
    assert notifier.set_mode("auto") is LIGHT
    now[0] = dt.datetime(2026, 12, 2, 23, 0)
    qtbot.waitUntil(lambda: switched == [DARK])  # type: ignore[attr-defined]
    assert palette.current() is DARK
    assert notifier.timer.isActive()
    notifier.set_mode("light")
    assert not notifier.timer.isActive()
    assert switched == [DARK, LIGHT]


@pytest.mark.usefixtures("restore_light")
def test_colour_tables_follow_the_theme_in_force() -> None:
    ThemeNotifier().set_mode("dark")
    assert STATUS_COLORS[TrailerStatus.ALARM] == DARK.alarm
    assert PRIORITY_COLORS[AlarmPriority.CRITICAL] == DARK.critical
    assert SEVERITY_STYLE[Severity.OK][1:] == (DARK.ok, DARK.ok_bg)
    ThemeNotifier().set_mode("light")
    assert STATUS_COLORS[TrailerStatus.ALARM] == LIGHT.alarm
    assert dict(CONNECTION_COLORS).keys() == CONNECTION_GLYPHS.keys()


def test_each_state_has_its_own_glyph() -> None:
    for glyphs, states in ((STATUS_GLYPHS, TrailerStatus), (PRIORITY_GLYPHS, AlarmPriority),
                           (CONNECTION_GLYPHS, CONNECTION_COLORS)):
        assert set(glyphs) == set(states)
        assert len(set(glyphs.values())) == len(glyphs)
        assert all(g.strip() for g in glyphs.values())
    severity_glyphs = [glyph for glyph, _fg, _bg in SEVERITY_STYLE.values()]
    assert len(set(severity_glyphs)) == len(Severity)
    assert status_badge(TrailerStatus.ALARM) == f"{STATUS_GLYPHS[TrailerStatus.ALARM]} Alarm"
