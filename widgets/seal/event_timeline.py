"""One lock's events on a zoomable time axis, in lanes by kind, one glyph per event.

Lanes read top to bottom (lock, seal, alarms and dispatcher actions, geofence/trip, GPS/battery,
driver); each kind of event has its own glyph shape *and* colour, so colour is never the only cue.
Hovering a glyph shows what happened, when, and where (text from the network escaped); clicking an
event that has a position asks the map to show that place. The time axis is meant to be linked to
the fiber chart's (:meth:`EventTimeline.link_x`): pan or zoom either and the other follows.

Signals:
    eventActivated(float, float, float): lat, lon, ts of a clicked event that has a position.
    entryActivated(str): the key of any clicked entry (with or without a position).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QVBoxLayout, QWidget

from console.alarms.labels import PRIORITY_COLORS
from console.palette import Palette, color, notifier
from console.places import where_text
from console.seal.labels import lane_label
from console.seal.timeline import Lane, TimelineEntry
from opticallock.protocol import AlarmPriority, Position
from widgets.alarms.text import clock_text, plain_tooltip
from widgets.seal.fiber_chart import (
    AXIS_WIDTH,
    add_cursor,
    show_cursor,
    style_axis,
    time_axis,
)
from widgets.theme import style_plot

#: Glyph per entry kind: (pyqtgraph symbol, palette role; the colour is the theme's in force,
#: console/palette.py). Kinds not listed use the lane's default.
KIND_STYLE: dict[str, tuple[str, str]] = {
    "locked": ("s", "moving"),
    "unlocked": ("o", "unlocked"),
    "shackle_open": ("star", "critical"),
    "fiber_cut": ("x", "tamper"),
    "fiber_degraded": ("t", "chart_warning"),
    "forced_entry": ("star", "forced"),
    # An alarm's diamond has its priority's colour, the same as in the queue and the panel.
    **{f"alarm_{p.value}": ("d", PRIORITY_COLORS.role(p)) for p in AlarmPriority},
    "alarm_repeated": ("+", "critical"),
    "acknowledged": ("t1", "parked"),
    "resolved": ("s", "parked"),
    "step": ("p", "curve"),
    "escalated": ("t1", "critical"),
    "seen": ("o", "band"),
    "geofence_enter": ("t2", "good"),
    "geofence_exit": ("t3", "baseline"),
    "trip_planned": ("h", "band"),
    "trip_departed": ("t2", "muted"),
    "trip_arrived": ("t3", "muted"),
    "gps_lost": ("x", "medium"),
    "gps_regained": ("o", "medium"),
    "battery_low": ("s", "medium"),
    "msg_to_driver": ("t2", "driver"),
    "msg_from_driver": ("t3", "live"),
    "driver_call": ("p", "driver"),
    "app_online": ("o", "live"),
    "app_offline": ("x", "stale"),
}
LANE_DEFAULT: dict[Lane, tuple[str, str]] = dict.fromkeys(Lane, ("o", "info"))
GLYPH_SIZE = 11
CRITICAL_SIZE = 15


def lane_y(lane: Lane) -> float:
    """Lanes top to bottom: the first lane has the largest y."""
    return float(len(Lane) - 1 - int(lane))


class EventTimeline(QWidget):
    eventActivated = Signal(float, float, float)
    entryActivated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eventTimeline")
        self.entries: list[TimelineEntry] = []
        self._by_lane: dict[Lane, list[TimelineEntry]] = {lane: [] for lane in Lane}

        self.plot_widget = pg.PlotWidget(self, background=color("chart_background"),
                                         axisItems={"bottom": time_axis()})
        self.plot_widget.setObjectName("timelinePlot")
        self.plot_widget.setAccessibleName(self.tr("Lock event timeline"))
        self.plot_widget.setAccessibleDescription(self.tr(
            "The lock's events over time in lanes: lock, seal, alarms and dispatcher actions, "
            "geofence and trip, GPS and battery, driver; the same time axis as the seal chart"))
        self.plot: pg.PlotItem = self.plot_widget.getPlotItem()
        self.view: pg.ViewBox = self.plot.getViewBox()
        #: The trip-history replay's time (hidden unless a replay is shown).
        self.cursor_line = add_cursor(self.view)
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.view.setMouseEnabled(x=True, y=False)
        self.view.disableAutoRange()
        self.view.setYRange(-0.6, len(Lane) - 0.4, padding=0)
        left = self.plot.getAxis("left")
        style_axis(left)
        left.setWidth(AXIS_WIDTH)
        left.setTicks([[(lane_y(lane), lane_label(lane)) for lane in Lane], []])
        left.setStyle(tickLength=0)
        self.plot.showGrid(x=True, y=False, alpha=0.15)
        # Light bands between lanes, so a glyph's lane is plain at any zoom.
        self.separators: list[pg.InfiniteLine] = []
        for k in range(len(Lane) + 1):
            sep = pg.InfiniteLine(pos=k - 0.5, angle=0, movable=False,
                                  pen=pg.mkPen(color("chart_grid"), width=1))
            sep.setZValue(-10)
            self.plot.addItem(sep, ignoreBounds=True)
            self.separators.append(sep)

        self.lane_items: dict[Lane, pg.ScatterPlotItem] = {}
        for lane in Lane:
            item = pg.ScatterPlotItem(hoverable=True, hoverSize=CRITICAL_SIZE + 4,
                                      hoverPen=pg.mkPen(color("chart_foreground"), width=2),
                                      tip=self._tip_for(lane), pxMode=True)
            item.sigClicked.connect(self._clicked_for(lane))
            self.plot.addItem(item)
            self.lane_items[lane] = item

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.plot_widget)
        self.setMinimumHeight(150)
        self.setToolTip("")
        notifier().changed.connect(self.on_theme_changed)

    @Slot(object)
    def on_theme_changed(self, p: Palette) -> None:
        """Restyle in theme ``p``: background, axes, lane separators, every glyph."""
        style_plot(self.plot_widget, p)
        for sep in self.separators:
            sep.setPen(pg.mkPen(p.chart_grid, width=1))
        for item in self.lane_items.values():
            item.opts["hoverPen"] = pg.mkPen(p.chart_foreground, width=2)
        self.cursor_line.setPen(pg.mkPen(p.cursor, width=2))
        if self.entries:
            self.set_entries(self.entries)

    # ------------------------------------------------------------------ data

    def set_cursor(self, ts: float | None) -> None:
        """A replay's time as a vertical line (None hides it); the view follows it."""
        show_cursor(self.view, self.cursor_line, ts)

    def set_entries(self, entries: list[TimelineEntry]) -> None:
        """Show these entries (replacing what was shown): one scatter item per lane."""
        self.entries = list(entries)
        by_lane: dict[Lane, list[TimelineEntry]] = {lane: [] for lane in Lane}
        for entry in self.entries:
            by_lane[entry.lane].append(entry)
        self._by_lane = by_lane
        for lane, item in self.lane_items.items():
            rows = by_lane[lane]
            if not rows:
                item.clear()
                continue
            x = np.fromiter((e.ts for e in rows), dtype=np.float64, count=len(rows))
            y = np.full(len(rows), lane_y(lane))
            styles = [KIND_STYLE.get(e.kind, LANE_DEFAULT[lane]) for e in rows]
            brushes = [_brush(color(role)) for _symbol, role in styles]
            pens = [_pen(color(role), e.critical) for (_symbol, role), e in
                    zip(styles, rows, strict=True)]
            item.setData(x=x, y=y, symbol=[symbol for symbol, _c in styles], brush=brushes,
                         pen=pens, size=[CRITICAL_SIZE if e.critical else GLYPH_SIZE
                                         for e in rows],
                         data=list(range(len(rows))))

    def entries_in(self, lane: Lane) -> list[TimelineEntry]:
        return list(self._by_lane[lane])

    # ------------------------------------------------------------------ linking

    def link_x(self, view: pg.ViewBox | None) -> None:
        """Share the time axis with another view (the fiber chart's); None unlinks."""
        self.view.setXLink(view)

    def x_range(self) -> tuple[float, float]:
        lo, hi = self.view.viewRange()[0]
        return float(lo), float(hi)

    # ------------------------------------------------------------------ hover and click

    def entry_at(self, lane: Lane, index: Any) -> TimelineEntry | None:
        rows = self._by_lane[lane]
        return rows[index] if isinstance(index, int) and 0 <= index < len(rows) else None

    def tooltip_of(self, entry: TimelineEntry) -> str:
        """The hover text: escaped, so names and notes from the network stay plain text."""
        lines = [entry.title, f"{clock_text(entry.ts)} · {lane_label(entry.lane)}"]
        if entry.detail:
            lines.append(entry.detail)
        if entry.lat is not None and entry.lon is not None:
            where = where_text(Position(ts=entry.ts, lat=entry.lat, lon=entry.lon, speed_kmh=0.0,
                                        heading_deg=0.0))
            lines.append(self.tr("{where} ({lat}, {lon}) — click to show on the map").format(
                where=where, lat=f"{entry.lat:.5f}", lon=f"{entry.lon:.5f}"))
        return plain_tooltip("\n".join(lines))

    def _tip_for(self, lane: Lane) -> Any:
        def tip(x: float, y: float, data: Any) -> str:
            entry = self.entry_at(lane, data)
            return self.tooltip_of(entry) if entry is not None else ""
        return tip

    def _clicked_for(self, lane: Lane) -> Any:
        def clicked(_item: Any, points: Any, _ev: Any = None) -> None:
            for point in points:
                entry = self.entry_at(lane, point.data())
                if entry is not None:
                    self.activate(entry)
                    return
        return clicked

    def activate(self, entry: TimelineEntry) -> None:
        """As if the dispatcher clicked the entry's glyph."""
        self.entryActivated.emit(entry.key)
        if entry.lat is not None and entry.lon is not None:
            self.eventActivated.emit(entry.lat, entry.lon, entry.ts)


_BRUSHES: dict[str, Any] = {}
_PENS: dict[tuple[str, bool, str], Any] = {}


def _brush(colour: str) -> Any:
    # Shared brush objects: one per colour, not one per glyph.
    if colour not in _BRUSHES:
        _BRUSHES[colour] = pg.mkBrush(colour)
    return _BRUSHES[colour]


def _pen(colour: str, critical: bool) -> Any:
    outline = color("chart_foreground")  # a critical glyph's ring: the theme's own
    key = (colour, critical, outline)
    if key not in _PENS:
        _PENS[key] = pg.mkPen(outline if critical else colour, width=1.6 if critical else 1.0)
    return _PENS[key]


__all__ = ["KIND_STYLE", "EventTimeline", "lane_y"]
