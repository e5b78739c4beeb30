"""Themes switched live: the application's palette, a chart, a model's colours, a banner's style
sheet and the overview's glyphs follow at once; "auto" follows the clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel

from console.fleet.labels import STATUS_GLYPHS
from console.fleet.store import FleetStore
from console.link.diagnostics import Diagnostics, Severity
from console.link.diagnostics_models import NoticeColumn, NoticeTableModel
from console.palette import DARK, LIGHT, notifier, shape_icon
from opticallock.status import TrailerStatus
from widgets.alarms.escalation_banner import EscalationBanner
from widgets.fleet.overview import OverviewPanel
from widgets.seal.fiber_chart import FiberChart
from widgets.theme import STYLE_PROPERTY, apply_theme, map_colors, set_style

Group = QPalette.ColorGroup
Role = QPalette.ColorRole


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    """The application in the light theme; as it was before, afterwards (later tests)."""
    style, palette = qapp.style().name(), qapp.palette()
    chart = {k: pg.getConfigOption(k) for k in ("background", "foreground")}
    apply_theme(qapp, "light")
    yield qapp
    notifier().clock = dt.datetime.now
    apply_theme(qapp, "light")
    for applier in qapp.findChildren(QObject, "themeApplier"):
        applier.setParent(None)  # no restyling of later tests' widgets
        applier.deleteLater()
    qapp.setStyle(style)
    qapp.setPalette(palette)
    for key, value in chart.items():
        pg.setConfigOption(key, value)


def colour(pal: QPalette, group: QPalette.ColorGroup, role: QPalette.ColorRole) -> str:
    return pal.color(group, role).name()


def test_the_application_palette_switches_live(app: QApplication) -> None:
    apply_theme(app, "dark")
    pal = app.palette()
    assert colour(pal, Group.Active, Role.Window) == DARK.window
    assert colour(pal, Group.Active, Role.Base) == DARK.surface
    assert colour(pal, Group.Inactive, Role.Text) == DARK.text
    assert colour(pal, Group.Disabled, Role.Text) == DARK.disabled
    assert colour(pal, Group.Active, Role.ToolTipBase) == DARK.tooltip
    assert colour(pal, Group.Active, Role.Link) == DARK.link
    assert colour(pal, Group.Active, Role.Highlight) == DARK.highlight
    assert colour(pal, Group.Active, Role.PlaceholderText) == DARK.muted
    apply_theme(app, "light")
    pal = app.palette()
    assert colour(pal, Group.Active, Role.Window) == LIGHT.window
    assert colour(pal, Group.Disabled, Role.WindowText) == LIGHT.disabled


def test_a_chart_already_shown_takes_the_new_colours(app: QApplication, qtbot: Any) -> None:
    chart = FiberChart()
    qtbot.addWidget(chart)
    chart.set_baseline(-11.0)
    plot = chart.plot_widget
    assert plot.backgroundBrush().color().name() == LIGHT.chart_background
    apply_theme(app, "dark")
    assert plot.backgroundBrush().color().name() == DARK.chart_background
    left = plot.getPlotItem().getAxis("left")
    assert left.pen().color().name() == DARK.chart_axis
    assert left.textPen().color().name() == DARK.chart_foreground
    assert chart.curve.opts["pen"].color().name() == DARK.curve
    assert chart.lines["tamper"].pen.color().name() == DARK.tamper
    assert DARK.muted in chart.status.styleSheet()


def test_a_models_colours_follow_the_theme(app: QApplication) -> None:
    diagnostics = Diagnostics()
    diagnostics.notify(Severity.CRITICAL, "Fleet reloaded", "The cloud's log forked.", "fork")
    model = NoticeTableModel(diagnostics)
    index = model.index(0, NoticeColumn.SEVERITY)
    assert index.data(Qt.ItemDataRole.ForegroundRole) == QColor(LIGHT.critical)
    apply_theme(app, "dark")
    assert index.data(Qt.ItemDataRole.ForegroundRole) == QColor(DARK.critical)


def test_a_banners_style_sheet_is_remade(app: QApplication, qtbot: Any) -> None:
    banner = EscalationBanner()
    qtbot.addWidget(banner)
    banner.show_escalation("Fiber seal cut on TR-1")
    assert f"background: {LIGHT.banner}" in banner.styleSheet()
    apply_theme(app, "dark")
    assert f"background: {DARK.banner}" in banner.styleSheet()
    assert f"color: {DARK.banner_text}" in banner.styleSheet()


def test_set_style_keeps_its_template_until_cleared(app: QApplication, qtbot: Any) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    set_style(label, "QLabel {{ color: {p.error}; }}")
    assert label.styleSheet() == f"QLabel {{ color: {LIGHT.error}; }}"
    set_style(label, "")
    apply_theme(app, "dark")
    assert label.styleSheet() == ""
    assert label.property(STYLE_PROPERTY) is None


def test_overview_tiles_say_their_state_by_shape(app: QApplication, qtbot: Any) -> None:
    panel = OverviewPanel(FleetStore())
    qtbot.addWidget(panel)
    for status, tile in panel.tiles.items():
        assert tile.text().startswith(STATUS_GLYPHS[status])
    alarm = panel.tiles[TrailerStatus.ALARM]
    assert f"border: 2px solid {LIGHT.alarm}" in alarm.styleSheet()
    apply_theme(app, "dark")
    assert f"border: 2px solid {DARK.alarm}" in alarm.styleSheet()
    assert f"background: {DARK.surface}" in alarm.styleSheet()


def test_auto_follows_the_clock(app: QApplication) -> None:
    notifier().clock = lambda: dt.datetime(2026, 12, 2, 23, 0)
    assert apply_theme(app, "auto") is DARK
    assert app.palette().color(Role.Window).name() == DARK.window
    notifier().clock = lambda: dt.datetime(2026, 12, 3, 12, 0)
    notifier().check()  # what the minute timer does
    assert app.palette().color(Role.Window).name() == LIGHT.window


def test_state_shapes_are_drawn_apart(app: QApplication) -> None:
    images = set()
    for glyph in STATUS_GLYPHS.values():
        icon = shape_icon(glyph, LIGHT.parked)
        assert icon is not None
        image = icon.pixmap(32, 32).toImage()
        images.add(bytes(image.constBits()))  # type: ignore[call-overload]
    assert len(images) == len(STATUS_GLYPHS)


def test_the_map_has_a_colour_set_per_theme(app: QApplication) -> None:
    keys = {"land", "water", "roads", "borders", "labels", "marker_outline", "track",
            *(s.value for s in TrailerStatus)}
    assert keys <= map_colors("light").keys()
    assert map_colors("light").keys() == map_colors("dark").keys()
    apply_theme(app, "dark")
    assert map_colors() == map_colors("dark")

