"""Staying live past what the console can draw: ask the stream for fewer position fixes.

:class:`LoopLateness` measures how late the event loop runs (the health of the whole UI thread,
whatever is slow). :class:`PositionRateControl` samples it and the stream's delivery lag once a
second and lets :class:`~console.link.streaming.PositionRateGovernor` decide the position interval,
which the cloud client asks the server for. Alarms, lock and seal events are never thinned.

Signals (PositionRateControl):
    intervalChanged(float): the console now asks for one fix per lock per this many seconds
        (0: every fix).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from console.link.client import CloudClient
from console.link.streaming import PositionRateGovernor


class LoopLateness(QObject):
    """A timer that notes how late each of its ticks fires (ms), for percentiles per window."""

    def __init__(self, interval_ms: int = 50, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.interval_s = interval_ms / 1000.0
        self._samples: list[float] = []
        self._last = time.perf_counter()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._on_tick)
        self._timer.start()

    @Slot()
    def _on_tick(self) -> None:
        now = time.perf_counter()
        self._samples.append(max(0.0, (now - self._last - self.interval_s) * 1000.0))
        self._last = now

    def take(self, q: float = 0.95) -> float:
        """The ``q`` quantile of the lateness since the last call (ms), and start a new window.

        A window with no tick at all (the loop was blocked throughout) counts as the time since
        the last tick."""
        samples, self._samples = self._samples, []
        if not samples:
            return max(0.0, (time.perf_counter() - self._last - self.interval_s) * 1000.0)
        samples.sort()
        return samples[min(len(samples) - 1, int(q * len(samples)))]


class PositionRateControl(QObject):
    """Once a second: is the console keeping up? If not, ask for fewer position fixes."""

    intervalChanged = Signal(float)

    def __init__(self, client: CloudClient, *, governor: PositionRateGovernor | None = None,
                 lateness: LoopLateness | None = None, sample_ms: int = 1000,
                 clock: Callable[[], float] = time.time, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.governor = governor or PositionRateGovernor()
        self.lateness = lateness or LoopLateness(parent=self)
        self.clock = clock
        self._timer = QTimer(self)
        self._timer.setInterval(sample_ms)
        self._timer.timeout.connect(self.sample)
        self._timer.start()

    @property
    def interval(self) -> float:
        return self.governor.interval

    @Slot()
    def sample(self) -> None:
        late_ms = self.lateness.take()
        lag_s = self.client.stats.take_delivery_lag()
        interval = self.governor.sample(lag_s, late_ms)
        if interval is not None:
            self.client.set_position_interval(interval)
            self.intervalChanged.emit(interval)

    def stop(self) -> None:
        self._timer.stop()


__all__ = ["LoopLateness", "PositionRateControl"]
