"""The fiber seal's optical power over time: live, with its baseline, thresholds and incidents.

One pyqtgraph curve draws the watched lock's samples straight from the series' numpy arrays
(``setData`` with clip-to-view and peak downsampling, so 30 days of samples cost what the pixels
cost, and a cut is never averaged away). Dashed lines mark the seal's own baseline, the warning
level (3 dB below) and the tamper level (10 dB below), each labelled in words. Tamper events and
alarms are glyphs on the curve, each kind its own shape. The time axis is local time.

In *live* mode the view shows the last hour and follows the clock; panning or zooming leaves live
mode (the Live button returns to it). When the view's left edge goes before what is loaded, the
chart asks for older data; it never loads anything itself.

Redraws are coalesced: data changes mark the chart dirty and one timer redraws at most
``redraw_ms`` apart, never once per message.

Signals:
    olderDataWanted(float): the view starts at this time (POSIX s), before the loaded history.
    liveChanged(bool): live mode switched on or off.
    eventActivated(float, float, float): lat, lon, ts of an incident marker that was clicked.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QPointF, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QFont, QFontMetrics, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from console.alarms.labels import alarm_type_label, priority_color, priority_label
from console.fleet.labels import QT_TRANSLATE_NOOP
from console.palette import Palette, color, notifier
from console.seal.fiber_series import FiberSeries
from opticallock.protocol import AlarmRaisedEvent, TamperEvent, TamperKind
from opticallock.seal_health import FIBER_FLOOR_DBM, TAMPER_DROP_DB, WARNING_DROP_DB
from widgets.alarms.text import clock_text, plain_tooltip
from widgets.theme import set_style, style_plot

LIVE_WINDOW_S = 3600.0
#: Room right of "now" in live mode, as a share of the window (the latest sample is not on the
#: frame's edge).
LIVE_LEAD = 0.02
REDRAW_MS = 100
LIVE_TEXT = QT_TRANSLATE_NOOP("FiberChart", "● Live — last hour")
PAUSED_TEXT = QT_TRANSLATE_NOOP("FiberChart", "○ Back to live")
LIVE_TICK_MS = 1000
#: Width of the value axis; the timeline uses the same, so both time axes line up exactly.
AXIS_WIDTH = 118

#: The level lines: (palette role, pen style); colours from the theme in force
#: (console/palette.py), re-applied on a switch.
LINE_STYLE: dict[str, tuple[str, Qt.PenStyle]] = {
    "baseline": ("baseline", Qt.PenStyle.DashLine),
    "warning": ("chart_warning", Qt.PenStyle.DashLine),
    "tamper": ("tamper", Qt.PenStyle.DashDotLine),
}

#: Where each level line's label goes: (share of the view's width, text anchor). At the left
#: the baseline's above its line and the warning's below its own (3 dB lower), so they never
#: meet; the tamper line's further right, above its line: however short the chart, no two
#: labels write over each other, and the right end stays for live data and incidents.
LABEL_PLACE: dict[str, tuple[float, tuple[float, float]]] = {
    "baseline": (0.012, (0, 1)),
    "warning": (0.012, (0, 0)),
    "tamper": (0.45, (0, 1)),
}

#: Height a level line's label takes above its line (px).
LABEL_ROOM_PX = 24

#: Marker glyph per incident: (pyqtgraph symbol, palette role, size, legend word). Shape tells
#: the kind apart without colour.
MARKER_STYLE: dict[str, tuple[str, str, int, str]] = {
    TamperKind.FIBER_CUT.value: ("x", "tamper", 18, "cut"),
    TamperKind.FIBER_DEGRADED.value: ("t", "chart_warning", 14, "degraded"),
    TamperKind.FORCED_ENTRY.value: ("s", "forced", 13, "forced entry"),
    "alarm": ("o", "tamper", 13, "alarm raised"),
}
LEGEND = QT_TRANSLATE_NOOP("FiberChart", "✕ cut  ▼ degraded  ■ forced entry  ● alarm")
#: A tamper marker's title in its tooltip.
TAMPER_TITLES = {
    TamperKind.FIBER_CUT: QT_TRANSLATE_NOOP("FiberChart", "Tamper: fiber seal cut"),
    TamperKind.FIBER_DEGRADED: QT_TRANSLATE_NOOP("FiberChart", "Tamper: fiber seal degraded"),
    TamperKind.FORCED_ENTRY: QT_TRANSLATE_NOOP("FiberChart", "Tamper: forced entry"),
}


def time_axis() -> pg.DateAxisItem:
    """A bottom axis in local time, in the theme's chart colours."""
    axis = pg.DateAxisItem(orientation="bottom")
    style_axis(axis)
    return axis


def style_axis(axis: pg.AxisItem) -> None:
    axis.setPen(pg.mkPen(color("chart_axis")))
    axis.setTextPen(pg.mkPen(color("chart_foreground")))
    font = QFont()
    font.setPointSizeF(8.5)
    axis.setStyle(tickFont=font)

def add_cursor(view: pg.ViewBox) -> pg.InfiniteLine:
    """A trip-history replay's time on a time-axis view (hidden until :func:`show_cursor`)."""
    line = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen(color("cursor"), width=2))
    line.setZValue(50)
    view.addItem(line, ignoreBounds=True)
    line.hide()
    return line


def show_cursor(view: pg.ViewBox, line: pg.InfiniteLine, ts: float | None) -> None:
    """Put the cursor at ``ts`` (None hides it), panning the view to keep it in sight."""
    if ts is None:
        line.hide()
        return
    line.setValue(ts)
    line.show()
    left, right = view.viewRange()[0]
    if not left <= ts <= right:
        half = (right - left) / 2
        view.setXRange(ts - half, ts + half, padding=0)


class FiberChart(QWidget):
    olderDataWanted = Signal(float)
    liveChanged = Signal(bool)
    eventActivated = Signal(float, float, float)

    def __init__(self, parent: QWidget | None = None, *, clock: Callable[[], float] = time.time,
                 live_window_s: float = LIVE_WINDOW_S, redraw_ms: int = REDRAW_MS) -> None:
        super().__init__(parent)
        self.setObjectName("fiberChart")
        self.clock = clock
        self.live_window_s = live_window_s
        self.series: FiberSeries | None = None
        self.baseline: float | None = None
        self.live = True
        #: Full redraws done (benchmarks and tests read it).
        self.redraws = 0
        self._markers: list[tuple[float, float, Any]] = []
        self._markers_dirty = True
        self._asked_older: float | None = None

        self.plot_widget = pg.PlotWidget(self, background=color("chart_background"),
                                         axisItems={"bottom": time_axis()})
        self.plot_widget.setObjectName("fiberPlot")
        self.plot: pg.PlotItem = self.plot_widget.getPlotItem()
        self.view: pg.ViewBox = self.plot.getViewBox()
        #: The trip-history replay's time (hidden unless a replay is shown).
        self.cursor_line = add_cursor(self.view)
        left = self.plot.getAxis("left")
        style_axis(left)
        left.setWidth(AXIS_WIDTH)
        left.setLabel(self.tr("Seal level (dBm)"), color=color("chart_foreground"))
        # Vertical grid only: the horizontal one costs ~5 ms a paint in software rendering, and
        # the baseline and threshold lines are the level references that matter.
        self.plot.showGrid(x=True, y=False, alpha=0.15)
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        # Time is the only axis a dispatcher moves; the level range follows the visible data.
        self.view.setMouseEnabled(x=True, y=False)
        self.view.disableAutoRange()
        self.plot.setClipToView(True)
        self.plot.setDownsampling(auto=True, mode="peak")

        self.curve: pg.PlotDataItem = self.plot.plot(
            [], [], pen=pg.mkPen(color("curve"), width=1.5), name="fiber",
            skipFiniteCheck=True, clipToView=True, autoDownsample=True,
            downsampleMethod="peak")
        self.lines: dict[str, pg.InfiniteLine] = {}
        for name, (role, style) in LINE_STYLE.items():
            colour = color(role)
            position, anchor = LABEL_PLACE[name]
            line = pg.InfiniteLine(angle=0, movable=False,
                                   pen=pg.mkPen(colour, width=1.2, style=style),
                                   label="", labelOpts={"position": position, "color": colour,
                                                        "anchors": [anchor, anchor],
                                                        "fill": _label_fill()})
            line.setZValue(-5)
            line.hide()
            self.plot.addItem(line, ignoreBounds=True)
            self.lines[name] = line
        self.marker_item = pg.ScatterPlotItem(hoverable=True, hoverSize=20, tip=self._marker_tip,
                                              pxMode=True)
        self.marker_item.setZValue(10)
        self.marker_item.sigClicked.connect(self._on_marker_clicked)
        self.plot.addItem(self.marker_item)
        self.crosshair = pg.InfiniteLine(angle=90, movable=False,
                                         pen=pg.mkPen(color("band"), width=1,
                                                      style=Qt.PenStyle.DotLine))
        self.crosshair.hide()
        self.plot.addItem(self.crosshair, ignoreBounds=True)

        # Header: live switch, readout, legend, status.
        self.live_button = QPushButton(QCoreApplication.translate("FiberChart", LIVE_TEXT), self)
        self.live_button.setObjectName("fiberLive")
        self.live_button.setCheckable(True)
        self.live_button.setChecked(True)
        self.live_button.setToolTip(self.tr("Follow the last hour as samples arrive. Panning or "
                                            "zooming the chart leaves live mode."))
        self.live_button.toggled.connect(self.set_live)
        self.readout = QLabel(self)
        self.readout.setObjectName("fiberReadout")
        self.readout.setTextFormat(Qt.TextFormat.PlainText)
        # Header labels may shrink (elided by the layout) in a narrow panel: the chart counts.
        # Room for the hint and a reading ("12:34:56 · -10.25 dBm (0.3 dB below baseline)").
        self.readout.setMinimumWidth(self.readout.fontMetrics().horizontalAdvance(
            self.tr("Point at the chart to read time and level")) + 8)
        self.readout.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.readout.setToolTip(self.tr("Time and level of the sample under the mouse"))
        self.legend = QLabel(QCoreApplication.translate("FiberChart", LEGEND), self)
        self.legend.setTextFormat(Qt.TextFormat.PlainText)
        set_style(self.legend, "color: {p.chart_foreground};")
        self.legend.setToolTip(self.tr("Incident markers on the curve"))
        self.status = QLabel(self)
        self.status.setObjectName("fiberStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        set_style(self.status, "color: {p.muted};")
        # A failure may be long: it wraps under the readout rather than being cut.
        self.status.setWordWrap(True)
        self.legend.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(self.live_button)
        header.addWidget(self.readout, 1)
        # The legend on a line of its own, at the right (where the markers are): beside the
        # readout, both were cut in the bottom panel at 1280 px.
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(header)
        column.addWidget(self.status)
        self.status.hide()  # until there is something to say
        column.addWidget(self.legend)
        column.addWidget(self.plot_widget, 1)
        self.plot_widget.setAccessibleName(self.tr("Seal level chart"))
        self.plot_widget.setAccessibleDescription(self.tr(
            "The lock's fiber seal level in dBm over time, with its baseline, the warning and "
            "tamper levels, and markers where the seal was cut, degraded or forced"))

        self._redraw_timer = QTimer(self)
        self._redraw_timer.setSingleShot(True)
        self._redraw_timer.setInterval(redraw_ms)
        self._redraw_timer.timeout.connect(self.redraw)
        self._live_timer = QTimer(self)
        self._live_timer.setInterval(LIVE_TICK_MS)
        self._live_timer.timeout.connect(self._follow_clock)
        self._live_timer.start()

        self.view.sigXRangeChanged.connect(self._on_x_range_changed)
        self.view.sigResized.connect(self._on_view_resized)
        self.view.sigRangeChangedManually.connect(self._on_manual_range)
        self.plot_widget.scene().sigMouseMoved.connect(self._on_mouse_moved)
        notifier().changed.connect(self.on_theme_changed)
        self._clear_readout()
        self._follow_clock()

    @Slot(object)
    def _on_view_resized(self, _view: Any = None) -> None:
        self._fit_levels()
        # The value axis's title runs along it: on a short chart (the bottom panel at
        # 1280x720) "Seal level (dBm)" was cut, the unit alone fits.
        axis = self.plot.getAxis("left")
        full = self.tr("Seal level (dBm)")
        room = self.view.sceneBoundingRect().height()
        text = full if QFontMetrics(axis.label.font()).horizontalAdvance(full) + 8 <= room \
            else self.tr("dBm")
        if axis.labelText != text:
            axis.setLabel(text, **axis.labelStyle)

    @Slot(object)
    def on_theme_changed(self, p: Palette) -> None:
        """Restyle the chart in theme ``p``: background, axes, curve, level lines, markers."""
        style_plot(self.plot_widget, p)
        self.curve.setPen(pg.mkPen(p.curve, width=1.5))
        for name, (role, style) in LINE_STYLE.items():
            line = self.lines[name]
            line.setPen(pg.mkPen(p.color(role), width=1.2, style=style))
            line.label.setColor(p.color(role))
            line.label.fill = pg.mkBrush(_label_fill())
            line.label.update()
        self.crosshair.setPen(pg.mkPen(p.band, width=1, style=Qt.PenStyle.DotLine))
        self.cursor_line.setPen(pg.mkPen(p.cursor, width=2))
        self._markers_dirty = True
        self.redraw()

    # ------------------------------------------------------------------ feeding

    def set_series(self, series: FiberSeries | None) -> None:
        """Draw this series (the watched lock's samples and events)."""
        if self.series is not None:
            for signal, slot in self._connections():
                signal.disconnect(slot)
        self.series = series
        if series is not None:
            for signal, slot in self._connections():
                signal.connect(slot)
        self.on_watch_changed("")

    def _connections(self) -> list[tuple[Any, Any]]:
        s = self.series
        assert s is not None
        return [(s.samplesAppended, self.schedule_redraw), (s.historyLoaded, self._on_history),
                (s.eventsChanged, self._on_events), (s.watchChanged, self.on_watch_changed),
                (s.loadingChanged, self._on_loading), (s.loadFailed, self._on_failed)]

    def set_baseline(self, baseline: float | None) -> None:
        """The watched seal's own baseline (None: no lock): the three reference lines."""
        if baseline == self.baseline:
            return
        self.baseline = baseline
        levels = {} if baseline is None else {
            "baseline": (baseline, self.tr("baseline {level} dBm").format(
                level=f"{baseline:.1f}")),
            "warning": (baseline - WARNING_DROP_DB, self.tr("warning −{drop} dB ({level})").format(
                drop=f"{WARNING_DROP_DB:.0f}", level=f"{baseline - WARNING_DROP_DB:.1f}")),
            "tamper": (baseline - TAMPER_DROP_DB, self.tr("tamper −{drop} dB ({level})").format(
                drop=f"{TAMPER_DROP_DB:.0f}", level=f"{baseline - TAMPER_DROP_DB:.1f}")),
        }
        for name, line in self.lines.items():
            if name in levels:
                value, text = levels[name]
                # Visible first: a hidden line's label ignores changes.
                line.show()
                line.label.setFormat(text)
                line.setValue(value)
                line.label.valueChanged()
            else:
                line.hide()
        self._fit_levels()

    @Slot(str)
    def on_watch_changed(self, _lock_id: str) -> None:
        self._asked_older = None
        self._markers = []
        self._markers_dirty = True
        self.set_live(True)
        self.redraw()
        self._clear_readout()

    @Slot()
    @Slot(int)
    def schedule_redraw(self, _count: int = 0) -> None:
        if not self._redraw_timer.isActive():
            self._redraw_timer.start()

    @Slot()
    def _on_events(self) -> None:
        self._markers_dirty = True
        self.schedule_redraw()

    @Slot(float, float)
    def _on_history(self, _start: float, _end: float) -> None:
        self._markers_dirty = True  # markers without a level of their own sit on the curve
        self.schedule_redraw()
        self._asked_older = None
        self._check_older()

    @Slot(bool)
    def _on_loading(self, busy: bool) -> None:
        self.status.setText(self.tr("Loading history…") if busy else "")
        self.status.setVisible(bool(self.status.text()))
        if not busy:  # the view may have moved further back while the load ran
            self._check_older()

    @Slot(str)
    def _on_failed(self, reason: str) -> None:
        self.status.setText(reason)
        self.status.setVisible(bool(reason))
        self.status.setToolTip(reason)

    # ------------------------------------------------------------------ drawing

    @Slot()
    def redraw(self) -> None:
        """Hand the series' arrays to the curve (no copy, no per-sample Python) and place the
        markers; what is drawn is clipped to the view and downsampled by pyqtgraph."""
        self._redraw_timer.stop()
        self.redraws += 1
        series = self.series
        if series is None or len(series.samples) == 0:
            self.curve.setData(np.zeros(0), np.zeros(0))
        else:
            self.curve.setData(series.samples.ts, series.samples.dbm, skipFiniteCheck=True)
        if self._markers_dirty:
            # Live samples move no marker: rebuilt only when events or history change.
            self._markers_dirty = False
            self._markers = series.markers() if series is not None else []
            self._draw_markers()
        if self.live:
            self._follow_clock()
        self._fit_levels()

    def _draw_markers(self) -> None:
        styles = [_marker_style(event) for _ts, _dbm, event in self._markers]
        self.marker_item.setData(
            x=np.fromiter((m[0] for m in self._markers), np.float64, len(self._markers)),
            y=np.fromiter((m[1] for m in self._markers), np.float64, len(self._markers)),
            symbol=[st[0] for st in styles], size=[st[1] for st in styles],
            brush=[st[2] for st in styles], pen=[st[3] for st in styles],
            data=list(range(len(self._markers))))

    def marker_events(self) -> list[Any]:
        """The events drawn as markers, in order (tests)."""
        return [event for _ts, _dbm, event in self._markers]

    def _marker_tip(self, x: float, y: float, data: Any) -> str:
        if not isinstance(data, int) or data >= len(self._markers):
            return ""
        ts, dbm, event = self._markers[data]
        return plain_tooltip(f"{_marker_title(event)}\n{clock_text(ts)} · {dbm:.1f} dBm"
                             + (f"\n{event.alarm.detail}" if isinstance(event, AlarmRaisedEvent)
                                else ""))

    def _on_marker_clicked(self, _item: Any, points: Any, _ev: Any = None) -> None:
        for point in points:
            data = point.data()
            if not isinstance(data, int) or data >= len(self._markers):
                continue
            ts, _dbm, event = self._markers[data]
            position = (event.alarm.position if isinstance(event, AlarmRaisedEvent)
                        else getattr(event, "position", None))
            if position is not None:
                self.eventActivated.emit(position.lat, position.lon, ts)
                return

    def _fit_levels(self) -> None:
        """Show the visible samples and the three reference lines, with a little room."""
        lo_x, hi_x = self.view.viewRange()[0]
        top = bottom = None
        if self.series is not None and len(self.series.samples):
            _ts, dbm = self.series.samples.slice(lo_x, hi_x)
            if len(dbm):
                bottom, top = float(dbm.min()), float(dbm.max())
        if self.baseline is not None:
            low = self.baseline - TAMPER_DROP_DB
            bottom = low if bottom is None else min(bottom, low)
            top = self.baseline if top is None else max(top, self.baseline)
        if bottom is None or top is None:
            bottom, top = FIBER_FLOOR_DBM, -5.0
        span = max(top - bottom, 2.0)
        low, high = bottom - 0.08 * span, top + 0.12 * span
        height = self.view.sceneBoundingRect().height()
        if self.baseline is not None and height > 2 * LABEL_ROOM_PX:
            # The baseline's label sits above its line: room for it inside a short chart
            # (a cut seal's 36 dB in 70 px left it none, and it was not drawn).
            share = LABEL_ROOM_PX / height
            high = max(high, (self.baseline - share * low) / (1 - share))
        self.view.setYRange(low, high, padding=0)

    # ------------------------------------------------------------------ the view

    @Slot(bool)
    def set_live(self, live: bool) -> None:
        """Follow the last hour (True) or stay where the dispatcher put the view."""
        changed = live != self.live
        self.live = live
        if self.live_button.isChecked() != live:
            self.live_button.blockSignals(True)
            self.live_button.setChecked(live)
            self.live_button.blockSignals(False)
        # The words change too: a pressed look alone is easy to miss.
        self.live_button.setText(
            QCoreApplication.translate("FiberChart", LIVE_TEXT if live else PAUSED_TEXT))
        if live:
            self._follow_clock()
        if changed:
            self.liveChanged.emit(live)

    def set_cursor(self, ts: float | None) -> None:
        """A replay's time as a vertical line (None hides it); the view follows it."""
        show_cursor(self.view, self.cursor_line, ts)

    def show_range(self, start: float, end: float) -> None:
        """Show [start, end) (leaves live mode)."""
        self.set_live(False)
        self.view.setXRange(start, end, padding=0)

    @Slot()
    def _follow_clock(self) -> None:
        if not self.live:
            return
        now = self.clock()
        self.view.setXRange(now - self.live_window_s, now + LIVE_LEAD * self.live_window_s,
                            padding=0)

    @Slot(object)
    def _on_manual_range(self, _mask: Any = None) -> None:
        self.set_live(False)

    @Slot(object, object)
    def _on_x_range_changed(self, _view: Any = None, _range: Any = None) -> None:
        self._fit_levels()
        self._check_older()

    def _check_older(self) -> None:
        series = self.series
        if series is None or series.covered_from is None or series.loading:
            return
        left = float(self.view.viewRange()[0][0])
        if left < series.covered_from and left != self._asked_older:
            self._asked_older = left
            self.olderDataWanted.emit(left)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._live_timer.start()
        self._follow_clock()

    def hideEvent(self, event: QHideEvent) -> None:
        # A hidden chart (its dock closed) does not follow the clock.
        self._live_timer.stop()
        super().hideEvent(event)

    # ------------------------------------------------------------------ readout

    def _clear_readout(self) -> None:
        self.crosshair.hide()
        self.readout.setText(self.tr("Point at the chart to read time and level"))

    @Slot(object)
    def _on_mouse_moved(self, pos: QPointF) -> None:
        series = self.series
        if series is None or not self.view.sceneBoundingRect().contains(pos) \
                or len(series.samples) == 0:
            self._clear_readout()
            return
        x = self.view.mapSceneToView(pos).x()
        self.readout_at(float(x))

    def readout_at(self, x: float) -> str:
        """Show the sample nearest to time ``x`` in the readout; returns the text."""
        series = self.series
        if series is None or len(series.samples) == 0:
            self._clear_readout()
            return ""
        ts = series.samples.ts
        i = int(np.searchsorted(ts, x))
        if i > 0 and (i == len(ts) or x - ts[i - 1] <= ts[i] - x):
            i -= 1
        t, v = float(ts[i]), float(series.samples.dbm[i])
        self.crosshair.setValue(t)
        self.crosshair.show()
        text = f"{clock_text(t)} · {v:.2f} dBm"
        if self.baseline is not None:
            drop = self.baseline - v
            text += " " + (self.tr("({drop} dB below baseline)").format(drop=f"{drop:.1f}")
                           if drop >= 0 else
                           self.tr("({rise} dB above baseline)").format(rise=f"{-drop:.1f}"))
        self.readout.setText(text)
        return text


def _label_fill() -> QColor:
    """A level line's label background: the chart's, a little see-through."""
    fill = QColor(color("chart_background"))
    fill.setAlpha(200)
    return fill


@functools.cache
def _glyph(kind: str, colour: str, outline: str) -> tuple[str, int, Any, Any]:
    """(symbol, size, brush, pen) of a marker; shared objects, made once per kind and colour."""
    symbol, _role, size, _word = MARKER_STYLE[kind]
    if kind == "alarm":  # a ring around the point, so the tamper glyph under it stays visible
        return symbol, size, pg.mkBrush(255, 255, 255, 0), pg.mkPen(colour, width=2.5)
    return symbol, size, pg.mkBrush(colour), pg.mkPen(colour if symbol == "x" else outline,
                                                       width=1.5)


def _marker_style(event: Any) -> tuple[str, int, Any, Any]:
    kind = _marker_kind(event)
    colour = color(MARKER_STYLE[kind][1])
    if isinstance(event, AlarmRaisedEvent):
        colour = priority_color(event.alarm.priority)
    return _glyph(kind, colour, color("marker_outline"))


def _marker_kind(event: Any) -> str:
    if isinstance(event, TamperEvent):
        return event.kind.value
    return "alarm"


def _marker_title(event: Any) -> str:
    if isinstance(event, TamperEvent):
        return QCoreApplication.translate("FiberChart", TAMPER_TITLES[event.kind])
    alarm = event.alarm
    return QCoreApplication.translate("FiberChart", "{priority} alarm: {alarm}").format(
        priority=priority_label(alarm.priority), alarm=alarm_type_label(alarm.type))


__all__ = ["AXIS_WIDTH", "MARKER_STYLE", "FiberChart", "time_axis"]
