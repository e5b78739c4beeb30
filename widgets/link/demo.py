"""The console's demo run: what ``main.py --screenshot PATH --quit-after S`` (with ``--panel
history`` or ``--incident KIND``) makes the window do by itself, so that a headless run with the
embedded demo cloud ends with a telling picture:

- with ``--panel history``: 1.5 s after signing in, the selected trailer's history (the first
  trailer's if none is selected) is loaded; 0.5 s after it arrives, its first trip is selected
  and the replay put at 60 % of the period;
- with ``--incident``: 2.5 s before the end, the most urgent alarm is selected (its panel, its
  trailer in the table, its popup on the map);
- at the end, the window and the map alone are saved as PNGs (``PATH``, ``PATH-map.png``).

Nothing here runs without ``--screenshot``: a dispatcher's own session is never driven.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, SignalInstance
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from widgets.main_window import MainWindow

log = logging.getLogger("console")

#: After signing in, the fleet has this long to arrive before the history is asked for (ms).
HISTORY_AFTER_SIGN_IN_MS = 1500
#: A loaded history is drawn this long before its replay is moved (ms).
REPLAY_AFTER_LOAD_MS = 500
#: Where the replay is put, as a share of the loaded period.
REPLAY_AT = 0.6
#: The top alarm is selected this long before the picture, for its popup to open (s).
ALARM_BEFORE_END_S = 2.5


@dataclass(frozen=True)
class DemoScript:
    """What the command line asked of the demo run."""

    #: Where the window's picture goes (None: no picture, and no demo at all).
    screenshot: Path | None
    #: Seconds from start to the picture and the end.
    quit_after: float | None
    #: The bottom panel brought to the front ("alarms", "lock", "history") or None.
    panel: str | None = None
    #: Incidents the embedded cloud stages (their alarms are what the picture shows).
    incidents: tuple[str, ...] = ()


def stage(script: DemoScript, window: MainWindow, signed_in: SignalInstance) -> None:
    """Schedule the demo's steps (none without a screenshot); ``signed_in`` is the session's
    signal that the dispatcher is signed in."""
    if script.screenshot is None or script.quit_after is None:
        return
    if script.panel == "history":
        def load_history() -> None:
            if window.fleet_panel.selected_trailer() is None:
                window.fleet_panel.table.selectRow(0)
            window.open_history()

        def replay() -> None:
            history = window.history_view.history
            if history is not None:
                window.history_view.table.selectRow(0)
                window.history_view.seek(history.start
                                         + REPLAY_AT * (history.end - history.start))

        def on_signed_in(_signed: Any) -> None:
            QTimer.singleShot(HISTORY_AFTER_SIGN_IN_MS, load_history)

        def on_history_loaded(_history: Any) -> None:
            QTimer.singleShot(REPLAY_AFTER_LOAD_MS, replay)

        signed_in.connect(on_signed_in)
        window.history_view.historyLoaded.connect(on_history_loaded)
    if script.incidents:
        def select_top_alarm() -> None:
            if window.alarms.model.rowCount():
                window.alarms.queue.select_alarm(window.alarms.model.alarm_id_at(0))

        QTimer.singleShot(max(0, int((script.quit_after - ALARM_BEFORE_END_S) * 1000)),
                          select_top_alarm)


def save_screenshots(path: Path, window: MainWindow, map_view: QWidget) -> bool:
    """Save the window (status bar brought up to date first) to ``path`` and the map alone
    beside it (``NAME-map.png``); the command line asked for these files."""
    path.parent.mkdir(parents=True, exist_ok=True)
    window.refresh_status()
    ok = window.grab().save(str(path))
    log.info("screenshot %s: %s", "saved to" if ok else "FAILED", path)
    map_view.grab().save(str(path.with_name(f"{path.stem}-map.png")))
    return ok
