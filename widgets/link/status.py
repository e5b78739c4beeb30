"""What the window says about the link: the red NOT LIVE banner, and the status bar's connection
state, lag, update rate, position thinning and fleet figures.

The window places the pieces (the banner above the map, the labels in its status bar) and calls
:meth:`LinkStatus.refresh` once a second: the lag and "retrying in" move with time alone.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtWidgets import QLabel, QWidget

from console.fleet.store import FleetStore
from console.link.streaming import ConnectionState, ConnectionStatus, EventRate, StreamStats

CONNECTION_COLORS = {
    ConnectionState.LIVE: "#2e7d32", ConnectionState.CONNECTING: "#f9a825",
    ConnectionState.RECONNECTING: "#ef6c00", ConnectionState.OFFLINE: "#b71c1c",
    ConnectionState.SIGNED_OUT: "#616161",
}


def clock_text(ts: float) -> str:
    return time.strftime("%H:%M:%S", time.localtime(ts))


class LinkStatus(QObject):
    """The NOT LIVE banner and the status bar's labels, from the stream's status and figures."""

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
        self.banner.setStyleSheet("QLabel { background: #b71c1c; color: white; font-weight: bold;"
                                  " font-size: 15px; padding: 6px; }")
        self.conn_label = QLabel(parent)
        self.conn_label.setObjectName("connectionState")
        self.lag_label = QLabel(parent)
        self.rate_label = QLabel(parent)
        self.thinning_label = QLabel(parent)
        self.thinning_label.setObjectName("positionThinning")
        self.thinning_label.setStyleSheet("color: #ef6c00; font-weight: bold;")
        self.thinning_label.hide()
        self.fleet_label = QLabel(parent)
        for label in self.status_labels():
            label.setTextFormat(Qt.TextFormat.PlainText)

    def status_labels(self) -> list[QLabel]:
        """The status bar's labels, left to right."""
        return [self.conn_label, self.lag_label, self.rate_label, self.thinning_label,
                self.fleet_label]

    def watch_stream(self, stats: StreamStats | None, rate: EventRate | None) -> None:
        self.stats = stats
        self.rate = rate

    @Slot(float)
    def set_position_interval(self, seconds: float) -> None:
        """Say so while the stream sends fewer position fixes because this console is busy."""
        if seconds <= 0:
            self.thinning_label.hide()
            return
        self.thinning_label.setText(f"Positions: 1 per {seconds:g} s per trailer")
        self.thinning_label.setToolTip(
            "This console cannot draw every position fix of a fleet this size right now, so it "
            f"asks the cloud for at most one fix per trailer every {seconds:g} s (the latest). "
            "Alarms, lock and seal events are never thinned. It returns to every fix by itself "
            "when it can keep up.")
        self.thinning_label.show()

    def set_connection(self, status: ConnectionStatus) -> None:
        self.status = status

    def refresh(self) -> None:
        now = self.clock()
        st = self.status
        words = {ConnectionState.LIVE: "● Live", ConnectionState.CONNECTING: "● Connecting",
                 ConnectionState.RECONNECTING: f"● Reconnecting since {clock_text(st.since)}",
                 ConnectionState.OFFLINE: f"● Offline since {clock_text(st.since)}",
                 ConnectionState.SIGNED_OUT: "● Signed out"}
        self.conn_label.setText(words[st.state])
        self.conn_label.setStyleSheet(
            f"color: {CONNECTION_COLORS[st.state]}; font-weight: bold;")
        self.conn_label.setToolTip(self._stats_tooltip())
        if st.live:
            self.banner.hide()
        else:
            down = st.down_since or st.since
            text = f"NOT LIVE since {clock_text(down)}"
            if st.retry_at is not None and st.retry_at > now:
                text += f" — retrying in {st.retry_at - now:.0f} s"
            if st.detail:
                text += f" — {st.detail}"
            self.banner.setText(text)
            self.banner.show()
        last = self.stats.last_event_ts if self.stats else None
        self.lag_label.setText(f"Lag {max(0.0, now - last):.1f} s" if last else "Lag —")
        rate = self.rate.rate(now) if self.rate else 0.0
        self.rate_label.setText(f"{rate:,.0f} updates/s")
        state = self.store.state
        if state is not None:
            self.fleet_label.setText(f"{len(state.trailers)} trailers · "
                                     f"{len(state.alarms)} open alarms · seq {state.seq}")
        else:
            self.fleet_label.setText("")

    def _stats_tooltip(self) -> str:
        s = self.stats
        if s is None:
            return ""
        return (f"frames {s.frames}, events {s.events}, duplicates dropped {s.duplicates}, "
                f"malformed {s.malformed}, gaps backfilled {s.gaps_backfilled}, "
                f"reconnects {s.reconnects}, resyncs {s.resyncs}, dead links {s.dead_links}")
