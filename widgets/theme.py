"""The theme applied to the whole application: Qt's palette, pyqtgraph and themed style sheets.

:func:`apply_theme` sets the Fusion style and a QPalette made from the palette in force
(console/palette.py) for every colour group (active, inactive, disabled), tooltips, links and
the selection; pyqtgraph's defaults and every chart already shown; and every style sheet set with
:func:`set_style`, a template whose ``{p.role}`` fields are the palette's colours (``"color:
{p.error};"``), re-made on each switch. A chart with colours of its own (curves, markers)
restyles itself on :attr:`ThemeNotifier.changed <console.palette.ThemeNotifier.changed>`.

Views repaint on a switch, and their models look colours up when asked (console/palette.py's
``ThemedColors``), so a table's colours follow without a model reset.

The map page has its own colour set: :func:`console.palette.map_colors` (re-exported here).
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QObject
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QAbstractItemView, QApplication, QToolTip, QWidget

from console.palette import (
    Palette,
    ThemeMode,
    current,
    map_colors,
    notifier,
)

#: The dynamic property holding a widget's style sheet template.
STYLE_PROPERTY = "themeStyle"

Group = QPalette.ColorGroup
Role = QPalette.ColorRole


def themed(template: str, palette: Palette | None = None) -> str:
    """``template`` with its ``{p.role}`` fields filled from ``palette`` (the one in force)."""
    return template.format(p=palette or current())


def ref(role: str) -> str:
    """The template field of palette role ``role``: ``"{p.error}"``."""
    return "{p." + role + "}"


def set_style(widget: QWidget, template: str) -> None:
    """Give ``widget`` the style sheet ``template`` (``{p.role}`` fields; ``{{``/``}}`` for
    braces), now and again after each theme switch; "" clears it."""
    widget.setProperty(STYLE_PROPERTY, template or None)
    widget.setStyleSheet(themed(template) if template else "")


def qpalette(p: Palette) -> QPalette:
    """Qt's palette for theme ``p``: every group, tooltips, links, the selection."""
    pal = QPalette()

    def put(role: Role, colour: str, *, disabled: str | None = None) -> None:
        for group in (Group.Active, Group.Inactive):
            pal.setColor(group, role, QColor(colour))
        pal.setColor(Group.Disabled, role, QColor(disabled or colour))

    put(Role.Window, p.window)
    put(Role.WindowText, p.text, disabled=p.disabled)
    put(Role.Base, p.surface, disabled=p.window)
    put(Role.AlternateBase, p.alt_surface)
    put(Role.Text, p.text, disabled=p.disabled)
    put(Role.PlaceholderText, p.muted, disabled=p.disabled)
    put(Role.Button, p.button)
    put(Role.ButtonText, p.text, disabled=p.disabled)
    put(Role.BrightText, p.error)
    put(Role.ToolTipBase, p.tooltip)
    put(Role.ToolTipText, p.tooltip_text)
    put(Role.Link, p.link)
    put(Role.LinkVisited, p.link)
    put(Role.Highlight, p.highlight, disabled=p.border)
    put(Role.HighlightedText, p.highlight_text, disabled=p.disabled)
    # Fusion draws bevels and frames from these.
    put(Role.Light, QColor(p.button).lighter(130 if p.dark else 115).name())
    put(Role.Midlight, QColor(p.button).lighter(115 if p.dark else 107).name())
    put(Role.Mid, p.border)
    put(Role.Dark, QColor(p.border).darker(130).name())
    put(Role.Shadow, "#000000")
    # An inactive window's selection stays visible, a little quieter.
    pal.setColor(Group.Inactive, Role.Highlight, QColor(p.highlight).darker(115 if p.dark else 95))
    if hasattr(Role, "Accent"):  # Qt 6.6+
        put(Role.Accent, p.highlight)
    return pal


def style_plot(widget: pg.PlotWidget, p: Palette) -> None:
    """A shown chart's background, axes, axis labels and grid in theme ``p``."""
    widget.setBackground(p.chart_background)
    plot = widget.getPlotItem()
    for name in ("left", "bottom", "right", "top"):
        axis = plot.getAxis(name)
        if axis is None:
            continue
        axis.setPen(pg.mkPen(p.chart_axis))
        axis.setTextPen(pg.mkPen(p.chart_foreground))
        if axis.labelText:
            style = {**axis.labelStyle, "color": p.chart_foreground}
            axis.setLabel(axis.labelText, units=axis.labelUnits,
                          unitPrefix=axis.labelUnitPrefix, **style)
    legend = plot.legend
    if legend is not None:
        legend.setLabelTextColor(p.chart_foreground)


def restyle(app: QApplication, p: Palette) -> None:
    """Theme ``p`` on everything shown: Qt's palette, style sheets, pyqtgraph, views."""
    # No application style sheet: it would put every widget behind Qt's slower style sheet
    # style; the palette reaches tooltips, links, selections and disabled text by itself.
    app.setPalette(qpalette(p))
    QToolTip.setPalette(qpalette(p))
    pg.setConfigOption("background", p.chart_background)
    pg.setConfigOption("foreground", p.chart_foreground)
    for widget in app.allWidgets():
        template = widget.property(STYLE_PROPERTY)
        if isinstance(template, str) and template:
            widget.setStyleSheet(themed(template, p))
        if isinstance(widget, pg.PlotWidget):
            style_plot(widget, p)
        elif isinstance(widget, QAbstractItemView):
            # Their models look colours up when asked: a repaint asks again.
            widget.viewport().update()


class _Applier(QObject):
    """Restyles the application on each switch of the notifier (one per application)."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.app = app
        notifier().changed.connect(self.on_changed)

    def on_changed(self, p: Palette) -> None:
        restyle(self.app, p)


def apply_theme(app: QApplication, name: ThemeMode | str = ThemeMode.AUTO) -> Palette:
    """Show theme ``name`` ("auto": dark from 19:00 to 07:00 local time, checked every minute;
    "light"; "dark") on ``app``, now and at each later switch. Returns the palette in force."""
    if app.findChild(_Applier, "themeApplier") is None:
        # Fusion follows the palette in both themes (the platform's style may not).
        app.setStyle("Fusion")
        applier = _Applier(app)
        applier.setObjectName("themeApplier")
    before = current()
    p = notifier().set_mode(name)
    if p is before:  # no switch, so no signal: apply it (first call)
        restyle(app, p)
    return p


__all__ = [
    "STYLE_PROPERTY",
    "apply_theme",
    "map_colors",
    "qpalette",
    "ref",
    "restyle",
    "set_style",
    "style_plot",
    "themed",
]
