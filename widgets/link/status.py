"""What the window says about the link: the red NOT LIVE banner, and the status bar's connection
state, lag, update rate, position thinning and fleet figures.

The window places the pieces (the banner above the map, the labels in its status bar) and calls
:meth:`LinkStatus.refresh` once a second: the lag and "retrying in" move with time alone.
Once the link has set an event aside, "N events set aside" joins them, a link to the link
diagnostics view.

Signals:
    diagnosticsRequested(): the dispatcher clicked "N events set aside".
"""

from __future__ import annotations

import html
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QLabel, QWidget

from console.fleet.store import FleetStore
from console.link.diagnostics import Diagnostics, Severity
from console.link.diagnostics_models import severity_color
from console.link.labels import CONNECTION_COLORS, connection_label, not_live_label
from console.link.streaming import ConnectionState, ConnectionStatus, EventRate, StreamStats
from console.palette import notifier
from widgets.theme import ref, set_style


class LinkStatus(QObject):
    """The NOT LIVE banner and the status bar's labels, from the stream's status and figures."""

    diagnosticsRequested = Signal()

    def __init__(self, store: FleetStore, parent: QWidget,
                 clock: Callable[[], float] = time.time) -> None:
        super().__init__(parent)
        self.store = store
        self.clock = clock
        self.status = ConnectionStatus(ConnectionState.SIGNED_OUT, clock())
        self.stats: StreamStats | None = None
        self.rate: EventRate | None = None
        self.banner = QLabel(parent)
        self.banner.setObjectName("notLiveBanner")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        set_style(self.banner, "QLabel {{ background: {p.not_live}; color: {p.not_live_text}; "
                  "font-weight: bold; font-size: 15px; padding: 6px; }}")
        self.conn_label = QLabel(parent)
        self.conn_label.setObjectName("connectionState")
        self.lag_label = QLabel(parent)
        self.rate_label = QLabel(parent)
        self.thinning_label = QLabel(parent)
        self.thinning_label.setObjectName("positionThinning")
        set_style(self.thinning_label, "color: {p.warning}; font-weight: bold;")
        self.thinning_label.hide()
        self.fleet_label = QLabel(parent)
        self.diagnostics: Diagnostics | None = None
        self.rejected_label = QLabel(parent)
        self.rejected_label.setObjectName("rejectedEvents")
        for label in self.status_labels():
            label.setTextFormat(Qt.TextFormat.PlainText)
        # A link (its text is only a number of ours), reachable with the keyboard too.
        self.rejected_label.setTextFormat(Qt.TextFormat.RichText)
        self.rejected_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.rejected_label.setToolTip(self.tr(
            "Events from the cloud's log this console could not read. It stepped over them so "
            "the stream kept coming; click to see them."))
        self.rejected_label.linkActivated.connect(lambda _link: self.diagnosticsRequested.emit())
        self.rejected_label.hide()
        notifier().changed.connect(self._show_rejected)  # its link's colour

    def status_labels(self) -> list[QLabel]:
        """The status bar's labels, left to right."""
        return [self.conn_label, self.lag_label, self.rate_label, self.thinning_label,
                self.fleet_label, self.rejected_label]

    def set_diagnostics(self, diagnostics: Diagnostics | None) -> None:
        """Count the events ``diagnostics`` records as set aside."""
        if self.diagnostics is not None:
            self.diagnostics.eventRejected.disconnect(self._show_rejected)
        self.diagnostics = diagnostics
        if diagnostics is not None:
            diagnostics.eventRejected.connect(self._show_rejected)
        self._show_rejected()

    def rejected_text(self) -> str:
        """"3 events set aside", or "" while there are none."""
        total = self.diagnostics.rejected_total if self.diagnostics is not None else 0
        if total == 0:
            return ""
        if total == 1:
            return self.tr("1 event set aside")
        return self.tr("{count} events set aside").format(count=f"{total:,}")

    @Slot()
    def _show_rejected(self, _event: object = None) -> None:
        text = self.rejected_text()
        color = severity_color(Severity.WARNING)
        self.rejected_label.setText(f"<a href='diagnostics' style='color: {color}; "
                                    f"font-weight: bold;'>{html.escape(text)}</a>")
        self.rejected_label.setAccessibleName(text)
        self.rejected_label.setVisible(bool(text))

    def watch_stream(self, stats: StreamStats | None, rate: EventRate | None) -> None:
        self.stats = stats
        self.rate = rate

    @Slot(float)
    def set_position_interval(self, seconds: float) -> None:
        """Say so while the stream sends fewer position fixes because this console is busy."""
        if seconds <= 0:
            self.thinning_label.hide()
            return
        self.thinning_label.setText(
            self.tr("Positions: 1 per {seconds} s per trailer").format(seconds=f"{seconds:g}"))
        self.thinning_label.setToolTip(self.tr(
            "This console cannot draw every position fix of a fleet this size right now, so it "
            "asks the cloud for at most one fix per trailer every {seconds} s (the latest). "
            "Alarms, lock and seal events are never thinned. It returns to every fix by itself "
            "when it can keep up.").format(seconds=f"{seconds:g}"))
        self.thinning_label.show()

    def set_connection(self, status: ConnectionStatus) -> None:
        self.status = status

    def refresh(self) -> None:
        now = self.clock()
        st = self.status
        self.conn_label.setText(connection_label(st))
        set_style(self.conn_label,
                  "color: " + ref(CONNECTION_COLORS.role(st.state)) + "; font-weight: bold;")
        self.conn_label.setToolTip(self._stats_tooltip())
        if st.live:
            self.banner.hide()
        else:
            down = st.down_since or st.since
            text = not_live_label(down)
            if st.retry_at is not None and st.retry_at > now:
                text += self.tr(" — retrying in {seconds} s").format(
                    seconds=f"{st.retry_at - now:.0f}")
            if st.detail:
                text += f" — {st.detail}"
            self.banner.setText(text)
            self.banner.show()
        last = self.stats.last_event_ts if self.stats else None
        self.lag_label.setText(
            self.tr("Lag {seconds} s").format(seconds=f"{max(0.0, now - last):.1f}") if last
            else self.tr("Lag —"))
        rate = self.rate.rate(now) if self.rate else 0.0
        self.rate_label.setText(self.tr("{rate} updates/s").format(rate=f"{rate:,.0f}"))
        state = self.store.state
        if state is not None:
            # The log's sequence number in the tooltip: the status bar's room is for the
            # messages at a laptop's 1280 px.
            self.fleet_label.setText(
                self.tr("{trailers} trailers · {alarms} open alarms").format(
                    trailers=len(state.trailers), alarms=len(state.alarms)))
            self.fleet_label.setToolTip(self.tr("Cloud log sequence {seq}").format(
                seq=state.seq))
        else:
            self.fleet_label.setText("")

    def _stats_tooltip(self) -> str:
        s = self.stats
        if s is None:
            return ""
        return self.tr(
            "frames {frames}, events {events}, duplicates dropped {duplicates}, "
            "malformed {malformed}, gaps backfilled {gaps}, reconnects {reconnects}, "
            "resyncs {resyncs}, dead links {dead_links}").format(
            frames=s.frames, events=s.events, duplicates=s.duplicates, malformed=s.malformed,
            gaps=s.gaps_backfilled, reconnects=s.reconnects, resyncs=s.resyncs,
            dead_links=s.dead_links)
