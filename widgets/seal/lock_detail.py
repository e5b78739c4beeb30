"""The selected trailer's lock in detail: who and where, the seal's health, its signal, its events.

Top to bottom: the detail form (trailer, lock and seal, driver, lock state and shackle, battery,
GPS fix quality and age, last contact, trip with its planned arrival, open alarms), one line
saying in plain words whether the seal is healthy, slowly attenuating or cut, then the fiber chart
and the event timeline on one time axis (pan or zoom either, the other follows). On a second
tab, "Seal custody": the fitted seal's number, ISO 17712 class and manufacturer and its
custody chain (issued, applied with the number read back and the photo, checked, removed —
authorised or NOT, in red —, replaced, tampered), loaded from the cloud and kept live from the
stream's seal events.

The panel reads the store and a :class:`~console.seal.fiber_series.FiberSeries` (which follows the
shown lock only); it opens no socket itself: history comes through the typed cloud API it is
handed (``CloudApi``), and without one (not signed in yet) it shows live samples only.

Signals:
    eventActivated(float, float, float): lat, lon, ts — show this place on the map (a timeline
        event or a chart marker with a position was clicked).
    acknowledgeRequested(str): Acknowledge on this trailer's most urgent open alarm (its id).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any

import numpy.typing as npt
from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from console.alarms.labels import alarm_label, priority_label
from console.fleet.labels import QT_TRANSLATE_NOOP, lock_state_label, status_label
from console.fleet.models import STALE_AFTER_S, format_age, trailer_status
from console.fleet.store import FleetStore
from console.link.api import CloudApi
from console.places import where_text
from console.seal.custody import fetch_custody
from console.seal.custody_labels import seal_class_label, seal_state_label
from console.seal.fiber_series import LIVE_WINDOW_S, FiberSeries, Request
from console.seal.labels import SEVERITY_STYLE, SeverityStyles, health_text, verdict_label
from console.seal.models import CustodyColumn, SealCustodyModel
from console.tasks import TaskSet
from console.text import isolate
from console.units import format_speed
from opticallock.protocol import AlarmState, LockState, Seal, SealEvent, SealState
from opticallock.seal_health import SignalHealth, Verdict, classify
from widgets.alarms.text import MAX_FITTED_COLUMN_PX, clock_text, plain_label
from widgets.seal.event_timeline import EventTimeline
from widgets.seal.fiber_chart import FiberChart
from widgets.theme import ref, set_style

log = logging.getLogger(__name__)

#: The seal's health is judged over the last this-many seconds of loaded samples.
HEALTH_WINDOW_S = 3 * 86400.0
#: A GPS fix younger than this is "good"; older than models.STALE_AFTER_S it is "stale".
FRESH_FIX_S = 60.0
TICK_MS = 1000

#: Health line per severity: (glyph, text colour, background). The verdict word is always shown.
HEALTH_STYLE = SEVERITY_STYLE

#: The form's rows, by their (English) key in :attr:`LockDetailPanel.fields`; shown translated.
FIELDS = {
    "Trailer": QT_TRANSLATE_NOOP("LockDetailPanel", "Trailer"),
    "Lock / seal": QT_TRANSLATE_NOOP("LockDetailPanel", "Lock / seal"),
    "Driver": QT_TRANSLATE_NOOP("LockDetailPanel", "Driver"),
    "Phone": QT_TRANSLATE_NOOP("LockDetailPanel", "Phone"),
    "Lock": QT_TRANSLATE_NOOP("LockDetailPanel", "Lock"),
    "Shackle": QT_TRANSLATE_NOOP("LockDetailPanel", "Shackle"),
    "Battery": QT_TRANSLATE_NOOP("LockDetailPanel", "Battery"),
    "GPS": QT_TRANSLATE_NOOP("LockDetailPanel", "GPS"),
    "Last contact": QT_TRANSLATE_NOOP("LockDetailPanel", "Last contact"),
    "Trip": QT_TRANSLATE_NOOP("LockDetailPanel", "Trip"),
    "Open alarms": QT_TRANSLATE_NOOP("LockDetailPanel", "Open alarms"),
}
#: Fields that take the whole width (long texts); the others go in two columns.

SHACKLE_TEXT = {
    LockState.LOCKED: QT_TRANSLATE_NOOP("LockDetailPanel", "closed"),
    LockState.UNLOCKED: QT_TRANSLATE_NOOP("LockDetailPanel", "released (unlocked)"),
    LockState.SHACKLE_OPEN: QT_TRANSLATE_NOOP("LockDetailPanel", "OPEN — forced"),
}


class LockDetailPanel(QWidget):
    eventActivated = Signal(float, float, float)
    acknowledgeRequested = Signal(str)

    def __init__(self, store: FleetStore, api: CloudApi | Request | None = None,
                 parent: QWidget | None = None, *, clock: Callable[[], float] = time.time,
                 live_window_s: float = LIVE_WINDOW_S) -> None:
        super().__init__(parent)
        self.setObjectName("lockDetail")
        self.store = store
        self.clock = clock
        self.trailer_id: str | None = None
        self.health: SignalHealth | None = None
        self.series = FiberSeries(store, api, clock=clock, live_window_s=live_window_s,
                                  parent=self)

        # The form.
        self.fields: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        # One field per row: the form is a column beside the chart (the panel sits in the
        # window's wide, short bottom area).
        for row, (name, shown) in enumerate(FIELDS.items()):
            caption = QLabel(self.tr("{field}:").format(
                field=QCoreApplication.translate("LockDetailPanel", shown)), self)
            set_style(caption, "color: {p.muted};")
            caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            value = plain_label("—", self)
            value.setObjectName(f"detail_{name.split()[0].lower()}")
            self.fields[name] = value
            grid.addWidget(caption, row, 0)
            grid.addWidget(value, row, 1)
        grid.setColumnStretch(1, 1)
        self.fields["Trailer"].setStyleSheet("font-weight: bold;")

        self.ack_button = QPushButton(self.tr("Acknowledge alarm…"), self)
        self.ack_button.setObjectName("lockDetailAcknowledge")
        self.ack_button.setToolTip(self.tr("Acknowledge this trailer's most urgent open alarm"))
        self.ack_button.clicked.connect(
            lambda: self.acknowledgeRequested.emit(self.trailer_id or ""))
        self.ack_button.hide()

        # Signal health: glyph and verdict word, then the plain-words explanation.
        self.health_frame = QFrame(self)
        self.health_frame.setObjectName("sealHealth")
        self.health_badge = plain_label("", self.health_frame, wrap=False, selectable=False)
        self.health_badge.setObjectName("sealHealthBadge")
        self.health_text = plain_label("", self.health_frame)
        self.health_text.setObjectName("sealHealthText")
        health_row = QHBoxLayout(self.health_frame)
        health_row.setContentsMargins(6, 3, 6, 3)
        health_row.addWidget(self.health_badge, 0, Qt.AlignmentFlag.AlignTop)
        health_row.addWidget(self.health_text, 1)

        # Chart and timeline, one time axis.
        self.chart = FiberChart(self, clock=clock, live_window_s=live_window_s)
        self.chart.set_series(self.series)
        self.timeline = EventTimeline(self)
        self.timeline.link_x(self.chart.view)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.chart)
        self.splitter.addWidget(self.timeline)
        # The chart two thirds: in the bottom panel at 1280x720 (with its header and legend
        # lines) the level axis had 52 px at 3:2.
        self.splitter.setObjectName("lockSignalSplit")
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([2000, 1000])
        self.chart.setMinimumHeight(120)
        self.timeline.setMinimumHeight(80)

        # Left: the form, the acknowledge button and the seal's health (scrolls when short);
        # right: the chart over the timeline.
        form = QWidget(self)
        left = QVBoxLayout(form)
        left.setContentsMargins(0, 0, 4, 0)
        left.setSpacing(6)
        left.addWidget(self.health_frame)
        left.addLayout(grid)
        left.addWidget(self.ack_button, 0, Qt.AlignmentFlag.AlignLeft)
        left.addStretch(1)
        self.form_scroll = QScrollArea(self)
        self.form_scroll.setWidget(form)
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.form_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.form_scroll.setMinimumWidth(320)
        self.columns = QSplitter(Qt.Orientation.Horizontal, self)
        self.columns.setObjectName("lockColumns")  # its sizes saved with the window's layout
        self.columns.setChildrenCollapsible(False)
        self.columns.addWidget(self.form_scroll)
        self.columns.addWidget(self.splitter)
        self.columns.setStretchFactor(0, 0)
        self.columns.setStretchFactor(1, 1)
        self.columns.setSizes([430, 800])
        # The custody chain gets the panel's whole width (its table has five columns).
        self.custody = SealCustodyView(store, self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("lockDetailTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.columns, self.tr("Lock and signal"))
        self.tabs.addTab(self.custody, self.tr("Seal custody"))
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 2, 6, 6)
        column.addWidget(self.tabs)

        # Wiring.
        self.chart.olderDataWanted.connect(self.on_older_wanted)
        self.chart.eventActivated.connect(self.eventActivated)
        self.timeline.eventActivated.connect(self.eventActivated)
        self.timeline.view.sigRangeChangedManually.connect(self._on_timeline_moved)
        self.series.eventsChanged.connect(self._schedule_timeline)
        self.series.watchChanged.connect(self._schedule_timeline)
        self.series.samplesAppended.connect(self._mark_health_dirty)
        self.series.historyLoaded.connect(self._mark_health_dirty)
        store.locksChanged.connect(self._on_locks_changed)
        store.alarmsChanged.connect(self._on_alarms_changed)
        store.driversChanged.connect(self._on_people_changed)
        store.trailersChanged.connect(self._on_people_changed)
        store.reset.connect(self.refresh)
        self._health_dirty = True
        self._timeline_timer = QTimer(self)
        self._timeline_timer.setSingleShot(True)
        self._timeline_timer.setInterval(100)
        self._timeline_timer.timeout.connect(self.refresh_timeline)
        # Ages ("12 s ago") and the "not reporting" check move with the clock.
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self._on_tick)
        self._tick.start()
        self._update_status()
        self.refresh()

    # ------------------------------------------------------------------ API

    @property
    def lock_id(self) -> str | None:
        return self.series.lock_id

    def set_cursor(self, ts: float | None) -> None:
        """A trip-history replay's time on the chart and the timeline (None: none)."""
        self.chart.set_cursor(ts)
        self.timeline.set_cursor(ts)

    def set_api(self, api: CloudApi | None) -> None:
        """Load history through this typed cloud API (None: signed out, live only)."""
        self.series.set_api(api)
        self.custody.set_api(api)

    def set_request(self, request: Request | None) -> None:
        """:meth:`set_api` over a bare ``CloudClient.request``-like callable (tools, tests)."""
        self.series.set_request(request)
        self.custody.set_api(CloudApi(request) if request is not None else None)
        self._update_status()

    def show_custody(self) -> None:
        """Bring the seal custody tab to the front."""
        self.tabs.setCurrentWidget(self.custody)

    def show_trailer(self, trailer_id: str | None) -> None:
        """Show this trailer (None: nothing). Instant: the old lock's loads are cancelled and
        its samples no longer followed; the new lock's last hour loads in the background."""
        trailer = self.store.trailer(trailer_id) if trailer_id else None
        # Kept even if the store does not know it yet (no snapshot): shown once it does.
        self.trailer_id = trailer_id or None
        self.series.watch(trailer.lock_id if trailer is not None else None)
        lock = self.store.lock(trailer.lock_id) if trailer is not None else None
        self.chart.set_baseline(lock.fiber_baseline_dbm if lock is not None else None)
        self._health_dirty = True
        self.refresh()

    # ------------------------------------------------------------------ store changes

    @Slot(list)
    def _on_locks_changed(self, lock_ids: list[str]) -> None:
        if self.lock_id is not None and self.lock_id in lock_ids:
            self.refresh()

    @Slot(list)
    def _on_alarms_changed(self, _alarm_ids: list[str]) -> None:
        if self.trailer_id is not None:
            self.refresh()

    @Slot(object)
    def _on_timeline_moved(self, _mask: Any = None) -> None:
        self.chart.set_live(False)

    @Slot(list)
    def _on_people_changed(self, _ids: list[str]) -> None:
        if self.trailer_id is not None:
            self.refresh()

    @Slot(float)
    def on_older_wanted(self, left: float) -> None:
        self.series.load_older(left)

    @Slot()
    def _schedule_timeline(self, *_args: Any) -> None:
        if not self._timeline_timer.isActive():
            self._timeline_timer.start()

    @Slot()
    def refresh_timeline(self) -> None:
        self._timeline_timer.stop()
        self.timeline.set_entries(self.series.timeline())

    @Slot()
    def _mark_health_dirty(self, *_args: Any) -> None:
        self._health_dirty = True

    @Slot()
    def _on_tick(self) -> None:
        if self.isVisible():
            self.refresh()

    def _update_status(self) -> None:
        self.chart.status.setText(self.tr("Not signed in: live samples only")
                                  if self.series.api is None else "")

    # ------------------------------------------------------------------ the form

    @Slot()
    def refresh(self) -> None:
        state = self.store.state
        trailer = self.store.trailer(self.trailer_id or "")
        lock = self.store.lock(trailer.lock_id) if trailer is not None else None
        if state is None or trailer is None or lock is None:
            for label in self.fields.values():
                label.setText("—")
            self.fields["Trailer"].setText(
                self.tr("Select a trailer in the fleet table or on the map.")
                if self.trailer_id is None
                else self.tr("{trailer}: not in the fleet (yet)").format(
                    trailer=isolate(self.trailer_id)))
            self.ack_button.hide()
            self._show_health(None)
            self.custody.show_seal(None)
            return
        if self.lock_id != lock.id:  # the trailer got another lock (a new snapshot)
            self.series.watch(lock.id)
        self.chart.set_baseline(lock.fiber_baseline_dbm)
        driver = state.drivers.get(trailer.driver_id or "")
        now = self.clock()
        f = self.fields
        status = status_label(trailer_status(self.store, lock.id, now))
        f["Trailer"].setText(f"{isolate(trailer.id)} — {status}")
        f["Lock / seal"].setText(f"{isolate(lock.id)} / {isolate(lock.seal_id)}")
        self.custody.show_seal(lock.seal_id)
        if driver is not None:
            app = self.tr("app online") if driver.app_online else self.tr("app OFFLINE")
            f["Driver"].setText(f"{isolate(driver.name)} ({app})")
            f["Phone"].setText(isolate(driver.phone))
        else:
            f["Driver"].setText(self.tr("no driver assigned"))
            f["Phone"].setText("—")
        f["Lock"].setText(lock_state_label(lock.state))
        f["Shackle"].setText(QCoreApplication.translate("LockDetailPanel",
                                                        SHACKLE_TEXT[lock.state]))
        f["Battery"].setText(f"{lock.battery_pct:.0f} %" + (" " + self.tr("(low)")
                                                            if lock.battery_pct < 20 else ""))
        f["GPS"].setText(_gps_text(lock, now))
        f["Last contact"].setText(self.tr("{age} ago ({clock})").format(
            age=format_age(now - lock.last_contact), clock=clock_text(lock.last_contact)))
        f["Trip"].setText(_trip_text(trailer.trip, now))
        alarms = self.store.open_alarms_of(lock.id)
        f["Open alarms"].setText("\n".join(
            self.tr("{priority} · {alarm} at {clock}: {detail}").format(
                priority=priority_label(a.priority), alarm=alarm_label(a),
                clock=clock_text(a.raised_at), detail=isolate(a.detail))
            + ("" if a.state is AlarmState.OPEN else " " + self.tr(
                "(acknowledged by {who})").format(who=isolate(a.acknowledged_by)))
            for a in alarms) or self.tr("none"))
        self.ack_button.setVisible(any(a.state is AlarmState.OPEN for a in alarms))
        self._refresh_health(lock.fiber_baseline_dbm, lock.fiber_dbm, lock.last_contact, now)

    # ------------------------------------------------------------------ seal health

    def _refresh_health(self, baseline: float, level: float, last_contact: float,
                        now: float) -> None:
        samples = self.series.samples
        ts: npt.ArrayLike
        dbm: npt.ArrayLike
        if len(samples):
            if not self._health_dirty and self.health is not None:
                # Only the "not reporting" check moves with the clock.
                stale = now - float(samples.ts[-1]) > STALE_AFTER_S
                if stale == (self.health.verdict is Verdict.NO_SIGNAL):
                    return
            ts, dbm = samples.slice(float(samples.ts[-1]) - HEALTH_WINDOW_S, float("inf"))
        else:
            # Nothing loaded (yet, or no history to load from): judge the store's last level.
            ts, dbm = [last_contact], [level]
        self._health_dirty = False
        self._show_health(classify(ts, dbm, baseline, now=now))

    def _show_health(self, health: SignalHealth | None) -> None:
        self.health = health
        if health is None:
            self.health_frame.hide()
            return
        glyph, fg, bg = SeverityStyles.ROLES[health.severity]
        set_style(self.health_frame,
                  "QFrame#sealHealth {{ background: " + ref(bg) + "; border-radius: 4px; }} "
                  "QFrame#sealHealth QLabel {{ color: " + ref(fg) + "; }}")
        self.health_badge.setText(self.tr("{glyph} Seal: {verdict}").format(
            glyph=glyph, verdict=verdict_label(health.verdict)))
        self.health_badge.setStyleSheet("font-weight: bold;")
        self.health_text.setText(health_text(health))
        self.health_frame.show()


class SealCustodyView(QWidget):
    """The fitted seal (number, ISO class, manufacturer, state) and its custody chain.

    Loaded through the typed cloud API when the seal shown changes; the stream's ``seal``
    events for it are appended as they are applied, so a check or a removal shows at once.
    """

    def __init__(self, store: FleetStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sealCustody")
        self.store = store
        self.api: CloudApi | None = None
        self.number: str | None = None
        self.seal: Seal | None = None
        self.model = SealCustodyModel(store, self)
        self._tasks = TaskSet(log)
        self._load: asyncio.Task[None] | None = None

        self.title = plain_label("", self)
        self.title.setObjectName("sealCustodyTitle")
        self.title.setStyleSheet("font-weight: bold;")
        self.status = plain_label("", self)
        self.status.setObjectName("sealCustodyStatus")
        self.status.setStyleSheet("color: palette(placeholder-text);")
        self.table = QTableView(self)
        self.table.setObjectName("sealCustodyTable")
        self.table.setAccessibleName(self.tr("Seal custody chain"))
        self.table.setAccessibleDescription(self.tr(
            "The fitted seal's custody: issued, applied, checked, removed, replaced or "
            "tampered, with when, who and where"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setMaximumSectionSize(MAX_FITTED_COLUMN_PX)
        self.model.modelReset.connect(self._fit_columns)
        self.model.rowsInserted.connect(self._fit_columns)
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 4, 4, 4)
        column.addWidget(self.title)
        column.addWidget(self.status)
        column.addWidget(self.table, 1)
        store.eventsApplied.connect(self._on_events_applied)
        self.show_seal(None)

    def set_api(self, api: CloudApi | None) -> None:
        self.api = api
        number, self.number = self.number, None
        self.show_seal(number)

    def show_seal(self, number: str | None) -> None:
        """Show this seal's chain (None: no seal); loads it unless it is shown already."""
        if number == self.number:
            return
        self.number = number
        self.seal = None
        self.model.set_events([])
        if self._load is not None:
            self._load.cancel()
            self._load = None
        if number is None:
            self.title.setText(self.tr("No seal"))
            self.status.setText(self.tr("Select a trailer to see its seal's custody chain."))
            return
        self.title.setText(self.tr("Seal {number}").format(number=isolate(number)))
        if self.api is None:
            self.status.setText(self.tr("Not signed in: the custody chain is not loaded."))
            return
        self.status.setText(self.tr("Loading the custody chain…"))
        self._load = self._tasks.spawn_when_running(
            self._fetch(self.api, number), f"custody chain of seal {number}", context=self)

    async def _fetch(self, api: CloudApi, number: str) -> None:
        try:
            custody = await fetch_custody(api, number)
        except (LookupError, RuntimeError) as exc:
            if number == self.number:
                self.status.setText(str(exc))
            return
        if number != self.number:
            return
        self._show_seal_facts(custody.seal)
        self.model.set_events(custody.events)
        self._say_count()

    def _show_seal_facts(self, seal: Seal) -> None:
        self.seal = seal
        self.title.setText(self.tr("Seal {number} · {iso_class} · {manufacturer} · {state}")
                           .format(number=isolate(seal.number),
                                   iso_class=seal_class_label(seal.iso_class),
                                   manufacturer=isolate(seal.manufacturer) or "—",
                                   state=seal_state_label(seal.state)))
        set_style(self.title, "font-weight: bold; color: {p.critical};"
                  if seal.state is SealState.TAMPERED else "font-weight: bold;")

    def _say_count(self) -> None:
        count = self.model.rowCount()
        self.status.setText(self.tr("{count} link(s) in the custody chain, oldest first; "
                                    "times are local.").format(count=count)
                            if count else self.tr("No custody events recorded for this seal."))

    @Slot(list)
    def _on_events_applied(self, events: list[Any]) -> None:
        if self.number is None:
            return
        for event in events:
            if isinstance(event, SealEvent) and event.seal.number == self.number:
                self.model.append(event)
                self._show_seal_facts(event.seal)
                self._say_count()

    @Slot()
    def _fit_columns(self, *_args: Any) -> None:
        for column in (CustodyColumn.TIME, CustodyColumn.ACTION, CustodyColumn.WHO,
                       CustodyColumn.WHERE):
            self.table.resizeColumnToContents(column)
        self.table.horizontalHeader().setSectionResizeMode(
            CustodyColumn.DETAILS, QHeaderView.ResizeMode.Stretch)


def _gps_text(lock: Any, now: float) -> str:
    pos = lock.position
    if pos is None:
        return (QCoreApplication.translate("LockDetailPanel", "no fix yet") if lock.gps_ok
                else QCoreApplication.translate("LockDetailPanel", "LOST — no fix yet"))
    age = now - pos.ts
    where = f"{where_text(pos)} ({pos.lat:.4f}, {pos.lon:.4f}) · {format_speed(pos.speed_kmh)}"
    if not lock.gps_ok:
        return QCoreApplication.translate(
            "LockDetailPanel", "LOST — last fix {age} ago, {where}").format(
                age=format_age(age), where=where)
    if age < FRESH_FIX_S:
        text = QCoreApplication.translate("LockDetailPanel", "fix good, {age} old — {where}")
    elif age < STALE_AFTER_S:
        text = QCoreApplication.translate("LockDetailPanel", "fix old, {age} old — {where}")
    else:
        text = QCoreApplication.translate("LockDetailPanel", "fix STALE, {age} old — {where}")
    return text.format(age=format_age(age), where=where)


def _trip_text(trip: Any, now: float) -> str:
    if trip is None:
        return QCoreApplication.translate("LockDetailPanel", "no trip planned")
    text = f"{isolate(trip.origin_name)} → {isolate(trip.destination_name)} ({isolate(trip.route)})"
    if trip.arrived_at is not None:
        return text + " · " + QCoreApplication.translate(
            "LockDetailPanel", "arrived {clock}").format(clock=clock_text(trip.arrived_at))
    if trip.departed_at is not None:
        text += " · " + QCoreApplication.translate(
            "LockDetailPanel", "departed {clock}").format(clock=clock_text(trip.departed_at))
    else:
        text += " · " + QCoreApplication.translate(
            "LockDetailPanel", "departs from {clock}").format(
                clock=clock_text(trip.window_start))
    if now > trip.window_end:
        return text + " · " + QCoreApplication.translate(
            "LockDetailPanel", "OVERDUE (planned by {clock})").format(
                clock=clock_text(trip.window_end))
    return text + " · " + QCoreApplication.translate(
        "LockDetailPanel", "ETA by {clock} (planned)").format(clock=clock_text(trip.window_end))


__all__ = ["LockDetailPanel", "Request"]
