"""Trip history in the widget, against a real cloudsim: load with progress, the unauthorised
unlock of an injected incident in the trip's totals, replay at a slider time on the interpolated
position, exports that parse back, the PDF seal audit report, cancel."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject

from cloudsim.server import EmbeddedCloud, start_embedded
from console.fleet.store import FleetStore
from console.history.track_export import from_csv, from_gpx, same_points
from console.link.client import CloudClient
from tests.asyncqt import run, wait_until
from widgets.history.view import PRESETS, HistoryView


@pytest.fixture
def cloud(tmp_path: Path) -> Iterator[EmbeddedCloud]:
    instance = start_embedded(tmp_path / "cloud", locks=8, seed=21,
                              users=[("ana", "pw-ana-1", None)], incident_rate=0.0,
                              fix_interval_s=0.2, sample_interval_s=0.2, accel=60.0)
    yield instance
    instance.stop()


@pytest.fixture
def view(qtbot: Any, cloud: EmbeddedCloud, aloop: asyncio.AbstractEventLoop
         ) -> Iterator[tuple[HistoryView, CloudClient, FleetStore]]:
    owner = QObject()
    store = FleetStore(coalesce_ms=10, parent=owner)
    client = CloudClient(cloud.url, parent=owner)
    client.snapshotLoaded.connect(store.load_snapshot)
    client.eventsReceived.connect(store.apply_events)

    async def start() -> None:
        await client.sign_in("ana", "pw-ana-1")
        client.start(None)
        await wait_until(lambda: client.status.live and store.state is not None)

    run(aloop, start())
    widget = HistoryView(store)
    qtbot.addWidget(widget)
    widget.resize(1100, 420)
    widget.show()
    widget.set_request(client.request)
    widget.dispatcher = "ana"
    yield widget, client, store
    run(aloop, client.close())
    owner.deleteLater()


def test_history_loads_splits_replays_and_exports(
        view: Any, cloud: EmbeddedCloud, tmp_path: Path, aloop: asyncio.AbstractEventLoop,
        qtbot: Any) -> None:
    widget, _client, store = view
    assert cloud.cloud is not None
    sim = cloud.cloud.sim

    async def body() -> None:
        lock_id = cloud.call(lambda: sim.inject_incident("unlock_outside", None))
        trailer_id = next(t.id for t in store.state.trailers.values() if t.lock_id == lock_id)
        await wait_until(lambda: any(a.lock_id == lock_id for a in store.state.alarms.values()),
                         what="the unlock's alarm")
        begun = time.time()
        # A few simulated minutes of driving (accel 60) around the incident.
        await wait_until(lambda: (store.state.locks[lock_id].last_contact or 0) > begun + 3,
                         what="fixes after the incident")
        widget.show_trailer(trailer_id)
        widget.preset.setCurrentIndex(PRESETS.index("Last 24 hours"))
        tracks: list[dict[str, Any]] = []
        widget.trackReady.connect(tracks.append)
        progress: list[int] = []
        widget.progress.valueChanged.connect(progress.append)
        widget.load()
        assert widget.cancel_button.isVisibleTo(widget)
        await wait_until(lambda: widget.history is not None, what="history loaded")
        history = widget.history
        assert not widget.progress.isVisibleTo(widget)
        assert progress[-1] == 1000
        # The unauthorised unlock is inside a trip, counted and flagged.
        report = widget.report
        assert report is not None
        assert report.totals.unlocks >= 1
        assert any(not u.authorised for trip in report.trips for u in trip.unlocks)
        assert report.totals.alarms >= 1
        assert widget.model.rowCount() == len(report.trips) >= 1
        # The map gets the track with an unlock event on it.
        [track] = tracks
        assert len(track["lat"]) == len(history.track)
        assert "unlock" in {e["kind"] for e in track["events"]}
        # Replay at a slider time: the marker is at the interpolated position.
        moves: list[tuple[float, ...]] = []
        widget.replayMoved.connect(lambda *args: moves.append(args))
        value = int(history.track.ts[len(history.track) // 2] - history.start) + 1
        assert value != widget.slider.value()
        widget.slider.setValue(value)
        ts, lat, lon, _hdg, follow = moves[-1]
        assert ts == history.start + value
        expected = history.track.position_at(ts)
        assert expected is not None
        assert (lat, lon) == pytest.approx(expected[:2])
        assert follow is True
        # Clicking the unlock on the map jumps the replay to it.
        unlock = next(e for e in track["events"] if e["kind"] == "unlock")
        widget.jump_to_event(unlock["id"])
        assert moves[-1][0] == pytest.approx(unlock["ts"])
        # Exports parse back to the same points.
        widget.export("csv", tmp_path / "track")
        widget.export("gpx", tmp_path / "track")
        assert same_points(history.track, from_csv((tmp_path / "track.csv").read_text()))
        assert same_points(history.track, from_gpx((tmp_path / "track.gpx").read_text()))
        # The seal audit report of the trip with the unlock.
        row = next(i for i, trip in enumerate(report.trips)
                   if any(not u.authorised for u in trip.unlocks))
        widget.table.selectRow(row)
        widget.export("pdf", tmp_path / "audit")
        await wait_until(lambda: (tmp_path / "audit.pdf").exists()
                         and "Saved the seal audit report" in widget.status.text(),
                         what="the PDF")

    run(aloop, body())
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(tmp_path / "audit.pdf"), "-"], check=True,
                              capture_output=True, text=True).stdout
        assert "Seal audit report" in text
        assert "outside any geofence" in text
        assert "VERIFIED" in text


def test_cancel_stops_the_load_and_shows_nothing(
        view: Any, aloop: asyncio.AbstractEventLoop) -> None:
    widget, client, store = view
    gate = asyncio.Event()

    async def slow(method: str, path: str, **kw: Any) -> Any:
        await gate.wait()
        return await client.request(method, path, **kw)

    widget.set_request(slow)
    widget.show_trailer(sorted(store.state.trailers)[0])

    async def body() -> None:
        widget.load()
        await asyncio.sleep(0)
        widget.cancel_button.click()
        gate.set()
        await wait_until(lambda: "cancelled" in widget.status.text(), what="cancelled")
        assert widget.history is None
        assert widget.model.rowCount() == 0
        assert widget.load_button.isEnabled()

    run(aloop, body())


def test_replay_moves_the_cursor_on_the_lock_chart_and_timeline_and_a_timeline_event_seeks(
        qtbot: Any, tmp_path: Path) -> None:
    from PySide6.QtCore import QSettings

    from console.history.loader import LockHistory
    from tests.console.alarms.alarm_data import fleet
    from tests.opticallock.test_trips import T0, scripted
    from widgets.alarms.attention import Attention
    from widgets.main_window import MainWindow

    store = FleetStore(coalesce_ms=10)
    store.load_snapshot(fleet())
    window = MainWindow(store, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat),
                        attention=Attention(audio=False, tray=False, parent=store))
    store.setParent(window)
    qtbot.addWidget(window)
    window.show()
    track, events = scripted()
    history = LockHistory("OL-1", "TR-1", T0 - 3600, T0 + 6 * 3600, track, track.ts.copy(),
                          track.ts * 0 - 11.0, list(events))
    window.history_view._on_loaded(history)  # as the loader hands it over
    # The console follows the history's trailer, and its chart shows the history's period.
    assert window.fleet_panel.selected_trailer() == "TR-1"
    assert window.lock_panel.chart.view.viewRange()[0] == pytest.approx(
        [history.start, history.end])
    # The slider moves the cursor on both.
    window.history_view.slider.setValue(4 * 3600)
    for line in (window.lock_panel.chart.cursor_line, window.lock_panel.timeline.cursor_line):
        assert line.isVisible()
        assert line.value() == pytest.approx(history.start + 4 * 3600)
    # An event clicked on the timeline seeks the replay there.
    window.lock_panel.eventActivated.emit(0.0, -99.0, T0 + 3600)
    assert window.history_view.replay_ts == pytest.approx(T0 + 3600)
    assert window.lock_panel.chart.cursor_line.value() == pytest.approx(T0 + 3600)
    # Closing the history removes the cursor.
    window.history_view.clear()
    assert not window.lock_panel.chart.cursor_line.isVisible()
