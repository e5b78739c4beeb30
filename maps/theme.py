"""The map page's colours per theme, and the check every colour passes before it reaches the page.

The page switches colours live (resources/map/theme.js, the ``theme`` message): water, land,
borders, city labels, the trailers' outline, selection ring and status fills, the track's casing,
and its controls, legend and card. :data:`MAP_THEMES` are the built-in day and night sets; the
console's palette (console/palette.py ``map_colors()``, where it exists) may hand its own set to
:meth:`widgets.fleet.map_view.MapView.set_theme`, whose keys are the same (keys the page has no
use for, such as ``roads``, are left out here).

Only colours written as ``#rgb``, ``#rrggbb``, ``#rrggbbaa``, ``rgb(r, g, b)`` or
``rgba(r, g, b, a)`` go through (:func:`theme_message`): a value is data for the page, never CSS
text that could carry anything else.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from opticallock.status import TrailerStatus

#: The keys the page understands (besides the trailer statuses' names).
THEME_KEYS = frozenset({
    "water", "land", "borders", "state_lines", "labels", "label_halo", "city_dot",
    "marker_outline", "selected", "track_casing", "panel", "panel_text", "panel_muted",
    "panel_border", "button", "accent", "alarm_background", "alarm_text",
})
STATUS_KEYS = frozenset(s.value for s in TrailerStatus)

_COLOR = re.compile(r"#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}|#[0-9a-fA-F]{8}"
                    r"|rgba?\(\s*\d{1,3}\s*,\s*\d{1,3}\s*,\s*\d{1,3}\s*(,\s*(0|1|0?\.\d+)\s*)?\)")

MAP_THEMES: dict[str, dict[str, str]] = {
    # The page's own colours (resources/map/core.js, fleet.css): a theme switch can come back.
    "light": {
        "water": "#b7d5e6", "land": "#f2ead8", "borders": "#8f8f8f", "state_lines": "#b5ada0",
        "labels": "#37474f", "label_halo": "rgba(255, 255, 255, 0.9)", "city_dot": "#455a64",
        "marker_outline": "#1c262b", "selected": "#0d47a1",
        "track_casing": "rgba(28, 38, 43, 0.6)",
        "panel": "rgba(255, 255, 255, 0.95)", "panel_text": "#263238", "panel_muted": "#546e7a",
        "panel_border": "#b0bec5", "button": "#eceff1", "accent": "#1565c0",
        "alarm_background": "#ffebee", "alarm_text": "#b71c1c",
        "alarm": "#d32f2f", "unlocked": "#ef6c00", "stale": "#9e9e9e", "moving": "#2e7d32",
        "parked": "#1565c0",
    },
    # A dark control room at night: dim land and water, light text on dark panels, status
    # colours lightened to stay apart and readable on the dark land.
    "dark": {
        "water": "#0f2a3a", "land": "#1f2327", "borders": "#6f6480", "state_lines": "#4a4452",
        "labels": "#c9ced4", "label_halo": "rgba(17, 19, 21, 0.9)", "city_dot": "#8a939c",
        "marker_outline": "#0b0c0e", "selected": "#ffffff",
        "track_casing": "rgba(0, 0, 0, 0.7)",
        "panel": "rgba(30, 34, 38, 0.95)", "panel_text": "#e3e7eb", "panel_muted": "#9aa4ad",
        "panel_border": "#4a525a", "button": "#2b3137", "accent": "#3d8bd6",
        "alarm_background": "#4a1c1c", "alarm_text": "#ffb4a8",
        "alarm": "#ff6b4a", "unlocked": "#f0c419", "stale": "#9aa0a6", "moving": "#2fc79b",
        "parked": "#63b3ed",
    },
}


def is_color(value: object) -> bool:
    """Whether ``value`` is a colour the page accepts (see the module's notes)."""
    return isinstance(value, str) and _COLOR.fullmatch(value.strip()) is not None


def theme_message(colors: Mapping[str, Any]) -> dict[str, Any]:
    """The page's ``theme`` message: the known keys whose values are colours; the others left
    out. Raises ValueError when nothing is left."""
    known = THEME_KEYS | STATUS_KEYS
    checked = {str(k): str(v).strip() for k, v in colors.items() if k in known and is_color(v)}
    if not checked:
        raise ValueError("no map colour in this theme")
    return {"op": "theme", "colors": checked}


__all__ = ["MAP_THEMES", "STATUS_KEYS", "THEME_KEYS", "is_color", "theme_message"]
