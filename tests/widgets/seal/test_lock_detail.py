"""The lock detail panel against a real cloudsim over real sockets: live samples of the selected
lock reach the chart and equal the cloud's; a fiber cut is a marker on the curve, an event on the
timeline and a critical health line; the chart and the timeline share their time axis; scrolling
back loads older history; switching trailers drops the old lock's updates at once."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget

from cloudsim.server import EmbeddedCloud, start_embedded
from console.fleet.store import FleetStore
from console.link.client import CloudClient
from console.seal.timeline import Lane
from opticallock.protocol import AlarmRaisedEvent, TamperEvent, TamperKind
from opticallock.seal_health import Verdict
from tests.asyncqt import run, wait_signal, wait_until
from tests.console.link.test_client import pause_simulation
from tests.console.seal.test_fiber_series import Rig
from widgets.seal.event_timeline import lane_y
from widgets.seal.lock_detail import LockDetailPanel

USERS: list[tuple[str, str, str | None]] = [("ana", "pw1", None)]


@pytest.fixture
def cloud(tmp_path: Path) -> Iterator[EmbeddedCloud]:
    instance = start_embedded(tmp_path / "cloud", locks=10, seed=9, users=USERS,
                              incident_rate=0.0, fix_interval_s=0.5, sample_interval_s=0.5)
    yield instance
    instance.stop()


class Desk:
    """A signed-in client and store, and the panel under test (as the main window holds it)."""

    def __init__(self, cloud: EmbeddedCloud, qtbot: Any, *, with_client: bool = True) -> None:
        self.cloud = cloud
        self.root = QObject()
        self.rig = Rig(cloud, self.root)  # its client, store and paging helpers
        self.client: CloudClient = self.rig.client
        self.store: FleetStore = self.rig.store
        self.panel = LockDetailPanel(self.store, self.client.request if with_client else None)
        qtbot.addWidget(self.panel)
        self.panel.resize(1100, 760)
        self.panel.show()

    async def start(self) -> None:
        await self.rig.start()

    def trailer_of(self, lock_id: str) -> str:
        lock = self.store.lock(lock_id)
        assert lock is not None
        return lock.trailer_id

    def trailers(self) -> list[str]:
        assert self.store.state is not None
        return sorted(self.store.state.trailers)

    def curve(self) -> tuple[np.ndarray, np.ndarray]:
        """What the chart was handed (what it draws is that, clipped and downsampled)."""
        x, y = self.panel.chart.curve.getOriginalDataset()
        return (np.zeros(0), np.zeros(0)) if x is None else (np.asarray(x), np.asarray(y))

    async def settle(self) -> None:
        head = await asyncio.to_thread(pause_simulation, self.cloud)
        await wait_until(lambda: self.store.seq == head, what=f"caught up to {head}")
        self.panel.chart.redraw()


@pytest.fixture
def desk(cloud: EmbeddedCloud, qtbot: Any, aloop: asyncio.AbstractEventLoop
         ) -> Iterator[Desk]:
    made = Desk(cloud, qtbot)
    run(aloop, made.start())
    yield made
    run(aloop, made.client.close())
    if shiboken6.isValid(made.panel):
        made.panel.close()
    shiboken6.delete(made.root)


def inject(cloud: EmbeddedCloud, kind: str = "fiber_cut") -> str:
    assert cloud.cloud is not None
    sim = cloud.cloud.sim
    lock_id: str = cloud.call(lambda: sim.inject_incident(kind, None))
    return lock_id


def drag(widget: QWidget, start: QPoint, end: QPoint, steps: int = 8) -> None:
    """A left-button drag as a dispatcher does it (QTest's mouseMove carries no buttons)."""
    def send(kind: QEvent.Type, pos: QPoint, button: Qt.MouseButton,
             buttons: Qt.MouseButton) -> None:
        local = QPointF(pos)
        event = QMouseEvent(kind, local, QPointF(widget.mapToGlobal(pos)), button, buttons,
                            Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(widget, event)

    left = Qt.MouseButton.LeftButton
    send(QEvent.Type.MouseButtonPress, start, left, left)
    for k in range(1, steps + 1):
        pos = start + (end - start) * (k / steps)
        send(QEvent.Type.MouseMove, pos, Qt.MouseButton.NoButton, left)
    send(QEvent.Type.MouseButtonRelease, end, left, Qt.MouseButton.NoButton)


def view_point(plot_widget: Any, x: float, y: float) -> QPoint:
    scene = plot_widget.getPlotItem().getViewBox().mapViewToScene(QPointF(x, y))
    return plot_widget.mapFromScene(scene)


def test_live_samples_of_the_selected_lock_reach_the_chart_and_equal_the_clouds(
        desk: Desk, aloop: asyncio.AbstractEventLoop) -> None:
    panel, series = desk.panel, desk.panel.series

    async def body() -> None:
        trailer_id = desk.trailers()[3]
        panel.show_trailer(trailer_id)
        lock_id = desk.store.trailer(trailer_id).lock_id
        assert panel.lock_id == lock_id
        assert panel.fields["Trailer"].text().startswith(trailer_id)
        assert lock_id in panel.fields["Lock / seal"].text()
        await wait_signal(series.historyLoaded)
        redraws = panel.chart.redraws
        await wait_until(lambda: series.live_rows >= 4, what="live samples")
        await wait_until(lambda: panel.chart.redraws > redraws, what="a coalesced redraw")
        await wait_until(lambda: len(desk.curve()[0]) == len(series.samples), what="drawn")
        await desk.settle()
        start = series.covered_from
        assert start is not None
        ts, dbm = await desk.rig.server_fiber(lock_id, start, time.time() + 300)
        x, y = desk.curve()
        np.testing.assert_array_equal(x, ts)
        np.testing.assert_array_equal(y, dbm)
        # Live mode shows the last hour, ending now.
        lo, hi = panel.chart.view.viewRange()[0]
        assert hi - lo == pytest.approx(3600 * 1.02, rel=1e-3)
        assert hi == pytest.approx(time.time() + 72, abs=5)
        # The baseline and threshold lines sit on the seal's own baseline.
        lock = desk.store.lock(lock_id)
        assert panel.chart.lines["baseline"].value() == lock.fiber_baseline_dbm
        assert panel.chart.lines["warning"].value() == pytest.approx(lock.fiber_baseline_dbm - 3)
        assert panel.chart.lines["tamper"].value() == pytest.approx(lock.fiber_baseline_dbm - 10)
        assert panel.health is not None
        assert panel.health.verdict is Verdict.HEALTHY
        # The mouse readout says the time and the level of the sample under the pointer.
        text = panel.chart.readout_at(float(ts[-1]))
        assert f"{dbm[-1]:.2f} dBm" in text
        # The detail form.
        driver = desk.store.state.drivers[desk.store.trailer(trailer_id).driver_id]
        assert driver.name in panel.fields["Driver"].text()
        assert panel.fields["Phone"].text() == driver.phone
        assert panel.fields["Shackle"].text() == "closed"
        assert "fix" in panel.fields["GPS"].text()
        assert "ago" in panel.fields["Last contact"].text()
        assert "→" in panel.fields["Trip"].text()
        assert panel.fields["Open alarms"].text() == "none"

    run(aloop, body())


def test_a_fiber_cut_is_a_marker_on_the_curve_an_event_on_the_timeline_and_critical(
        desk: Desk, cloud: EmbeddedCloud, aloop: asyncio.AbstractEventLoop) -> None:
    panel = desk.panel
    places: list[tuple[float, float, float]] = []
    panel.eventActivated.connect(lambda *args: places.append(args))

    async def body() -> None:
        lock_id = inject(cloud)
        await wait_until(lambda: desk.store.lock(lock_id).fiber_dbm < -30, what="the cut")
        panel.show_trailer(desk.trailer_of(lock_id))

        def marked() -> list[Any]:
            return [e for e in panel.chart.marker_events() if isinstance(e, TamperEvent)]

        await wait_until(marked, what="a tamper marker on the chart")
        [tamper] = marked()
        assert tamper.kind is TamperKind.FIBER_CUT
        await wait_until(lambda: any(isinstance(e, AlarmRaisedEvent)
                                     for e in panel.chart.marker_events()), what="alarm marker")
        # The marker sits on the curve, at the level the lock reported with the cut.
        spots = panel.chart.marker_item.data
        assert any(float(s["x"]) == tamper.ts and float(s["y"]) == tamper.fiber_dbm
                   for s in spots)
        # On the timeline, in the seal lane, with the alarm in the alarms lane.
        await wait_until(lambda: panel.timeline.entries_in(Lane.SEAL), what="timeline entry")
        [entry] = panel.timeline.entries_in(Lane.SEAL)
        assert entry.kind == "fiber_cut"
        assert entry.ts == tamper.ts
        assert [e.kind for e in panel.timeline.entries_in(Lane.ALARMS)] == ["alarm_critical"]
        assert "Fiber seal cut" in panel.timeline.tooltip_of(entry)
        # Clicking the alarm's glyph shows where it was raised on the map.
        [alarm] = panel.timeline.entries_in(Lane.ALARMS)
        assert alarm.has_position
        assert "click to show on the map" in panel.timeline.tooltip_of(alarm)
        click = view_point(panel.timeline.plot_widget, alarm.ts, lane_y(Lane.ALARMS))
        viewport = panel.timeline.plot_widget.viewport()
        drag(viewport, click, click, steps=0)
        await wait_until(lambda: places, what="the click")
        assert places[-1] == (alarm.lat, alarm.lon, alarm.ts)
        # The health line says it is a cut, in words, once the readings show it.
        await wait_until(lambda: panel.health is not None
                         and panel.health.verdict is Verdict.CUT, what="critical health")
        assert "treat as tampering" in panel.health_text.text()
        assert "CUT" in panel.health_badge.text()
        assert "CRITICAL" in panel.fields["Open alarms"].text()
        assert panel.ack_button.isVisible()

    run(aloop, body())


def test_text_from_the_network_is_escaped_in_the_timelines_tooltip(
        desk: Desk, aloop: asyncio.AbstractEventLoop) -> None:
    panel = desk.panel

    async def body() -> None:
        trailer_id = desk.trailers()[1]
        driver_id = desk.store.trailer(trailer_id).driver_id
        panel.show_trailer(trailer_id)
        await wait_until(lambda: not panel.series.loading)
        if not desk.store.state.drivers[driver_id].app_online:
            pytest.skip("this driver's app started offline")
        response = await desk.client.request(
            "POST", f"/drivers/{driver_id}/messages",
            json={"request_id": "lockdetail01", "text": "Stop <b>now</b> & call",
                  "trailer_id": trailer_id})
        assert response.status_code == 201
        await wait_until(lambda: panel.timeline.entries_in(Lane.DRIVER), what="message shown")
        [entry] = panel.timeline.entries_in(Lane.DRIVER)
        tip = panel.timeline.tooltip_of(entry)
        assert "Stop &lt;b&gt;now&lt;/b&gt; &amp; call" in tip
        assert "<b>" not in tip

    run(aloop, body())


def test_panning_or_zooming_the_chart_moves_the_timeline_and_back(
        desk: Desk, aloop: asyncio.AbstractEventLoop) -> None:
    panel = desk.panel
    chart, timeline = panel.chart, panel.timeline

    async def body() -> None:
        panel.show_trailer(desk.trailers()[0])
        await wait_until(lambda: len(panel.series.samples) > 2, what="samples")
        assert chart.live
        assert timeline.x_range() == pytest.approx(tuple(chart.view.viewRange()[0]))
        # A dispatcher drags the chart to the right: back in time, live mode off.
        viewport = chart.plot_widget.viewport()
        centre = chart.plot_widget.mapFromScene(chart.view.sceneBoundingRect().center())
        before = tuple(chart.view.viewRange()[0])
        drag(viewport, centre, centre + QPoint(200, 0))
        after = tuple(chart.view.viewRange()[0])
        assert after[0] < before[0] - 60
        assert not chart.live
        assert not chart.live_button.isChecked()
        assert timeline.x_range() == pytest.approx(after)
        # Zooming the timeline moves the chart.
        now = time.time()
        timeline.view.setXRange(now - 600, now - 300, padding=0)
        assert tuple(chart.view.viewRange()[0]) == pytest.approx((now - 600, now - 300))
        # Live again follows the clock on both.
        chart.live_button.click()
        assert chart.live
        lo, hi = timeline.x_range()
        assert hi == pytest.approx(time.time() + 72, abs=5)
        assert hi - lo == pytest.approx(3672, rel=1e-3)

    run(aloop, body())


def test_scrolling_the_chart_back_loads_older_history_from_the_cloud(
        desk: Desk, aloop: asyncio.AbstractEventLoop) -> None:
    panel, series = desk.panel, desk.panel.series

    async def body() -> None:
        trailer_id = desk.trailers()[5]
        lock_id = desk.store.trailer(trailer_id).lock_id
        now = time.time()
        desk.rig.backfill(lock_id, now - 86400.0, now - 30.0)
        panel.show_trailer(trailer_id)
        await wait_until(lambda: series.covered_from is not None and not series.loading,
                         what="the first hour")
        first_hour = len(series.samples)
        assert series.samples.ts[0] >= now - 3600 - 5
        # Scroll back to six hours ago: the chart asks, the series loads, the curve shows it.
        panel.chart.show_range(now - 6 * 3600, now - 5 * 3600)
        await wait_until(lambda: series.covered_from <= now - 6 * 3600 and not series.loading,
                         timeout=30, what="older history")
        assert len(series.samples) > first_hour + 1500
        await desk.settle()
        x, _y = desk.curve()
        assert len(x) == len(series.samples)
        # Only what is in view is drawn (clip to view).
        shown, _ = panel.chart.curve.getData()
        assert 360 <= len(shown) < 400
        ts, dbm = await desk.rig.server_fiber(lock_id, series.covered_from, time.time() + 300)
        np.testing.assert_array_equal(series.samples.ts, ts)
        np.testing.assert_array_equal(series.samples.dbm, dbm)
        # What the view shows of it is there.
        seen, _ = series.samples.slice(now - 6 * 3600, now - 5 * 3600)
        assert len(seen) == 360

    run(aloop, body())


def test_switching_trailers_is_instant_and_drops_the_old_locks_updates(
        desk: Desk, aloop: asyncio.AbstractEventLoop) -> None:
    panel, series = desk.panel, desk.panel.series

    async def body() -> None:
        a, b = desk.trailers()[:2]
        lock_a = desk.store.trailer(a).lock_id
        lock_b = desk.store.trailer(b).lock_id
        now = time.time()
        desk.rig.backfill(lock_a, now - 3 * 86400.0, now - 30.0)
        panel.show_trailer(a)
        panel.chart.show_range(now - 3 * 86400, now)
        await wait_until(lambda: series.covered_from is not None
                         and series.covered_from <= now - 3 * 86400 + 1 and not series.loading,
                         timeout=60, what="three days of A")
        assert len(series.samples) > 25_000
        failures: list[str] = []
        series.loadFailed.connect(failures.append)
        rows = series.live_rows
        begun = time.perf_counter()
        panel.show_trailer(b)
        switch_s = time.perf_counter() - begun
        assert switch_s < 0.25, f"switching took {switch_s * 1000:.0f} ms"
        assert panel.lock_id == lock_b
        assert panel.chart.live
        assert panel.fields["Trailer"].text().startswith(b)
        try:
            await wait_until(lambda: series.covered_from is not None
                             and series.live_rows >= rows + 3, timeout=60)
        except TimeoutError as exc:
            raise AssertionError(f"B not loaded and live; loads failed: {failures}") from exc
        await desk.settle()
        ts, dbm = await desk.rig.server_fiber(lock_b, series.covered_from, time.time() + 300)
        np.testing.assert_array_equal(series.samples.ts, ts)
        np.testing.assert_array_equal(series.samples.dbm, dbm)
        x, _y = desk.curve()
        np.testing.assert_array_equal(x, ts)
        # Clearing the selection stops following any lock.
        panel.show_trailer(None)
        assert panel.lock_id is None
        assert len(series.samples) == 0
        assert panel.fields["Trailer"].text().startswith("Select a trailer")

    run(aloop, body())


def test_without_a_client_yet_the_panel_shows_live_samples_then_loads_history(
        cloud: EmbeddedCloud, qtbot: Any, aloop: asyncio.AbstractEventLoop) -> None:
    desk = Desk(cloud, qtbot, with_client=False)
    panel, series = desk.panel, desk.panel.series

    async def body() -> None:
        # Selected before the first snapshot (a restored selection): shown once it arrives.
        panel.show_trailer("TR-10003")
        assert panel.fields["Trailer"].text() == "TR-10003: not in the fleet (yet)"
        await desk.start()
        await wait_until(lambda: panel.lock_id is not None, what="the lock once known")
        assert panel.lock_id == desk.store.trailer("TR-10003").lock_id
        assert not series.loading
        assert "Not signed in" in panel.chart.status.text()
        await wait_until(lambda: len(series.samples) >= 2, what="live samples without history")
        assert series.covered_from is None
        panel.set_request(desk.client.request)
        await wait_signal(series.historyLoaded)
        assert series.covered_from is not None
        await desk.client.close()

    try:
        run(aloop, body())
    finally:
        panel.close()
        shiboken6.delete(desk.root)
