"""Trip history: pick a trailer and a period, load it, read its trips and stops, replay, export.

Loading goes through :class:`~console.history.loader.HistoryLoader` (paged, retried,
cancellable) with a progress bar and a Cancel button; a failed load says so and shows nothing
as loaded. The map, the fiber chart and the timeline are not drawn here: the view announces the
track and the replay position with signals and the main window hands them on.

Signals:
    trackReady(dict): the loaded track for the map (``{"id", "lat", "lon", "ts", "speed",
        "stops", "events"}``: plain data, strings from the network unescaped, shown as text).
    trackCleared(): the history was closed or a new load started.
    replayMoved(float, float, float, float, bool): ts, lat, lon, heading, follow.
    historyLoaded(object): the LockHistory (for the chart and the timeline).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QDateTime, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSlider,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console.alarms.labels import alarm_type_label
from console.fleet.labels import QT_TRANSLATE_NOOP
from console.fleet.store import FleetStore
from console.history.labels import english_plural, format_duration
from console.history.loader import HistoryLoader, LockHistory
from console.history.models import TripColumn, TripRole, TripTableModel
from console.history.track_export import export_track
from console.link.api import CloudApi
from console.reports.audit_report import trip_subject, write_pdf
from console.tasks import spawn
from console.text import isolate
from console.units import format_distance
from opticallock.protocol import AlarmRaisedEvent, LockState, LockStateEvent, TamperEvent
from opticallock.trips import Totals, TripReport, TripSpan, split_trips
from widgets.alarms.text import MAX_FITTED_COLUMN_PX, plain_label

#: The periods offered, in order (source texts: shown translated, found by code in English).
PRESETS = [QT_TRANSLATE_NOOP("HistoryView", "This trip"),
           QT_TRANSLATE_NOOP("HistoryView", "Last 24 hours"),
           QT_TRANSLATE_NOOP("HistoryView", "Last 7 days"),
           QT_TRANSLATE_NOOP("HistoryView", "Last 30 days"),
           QT_TRANSLATE_NOOP("HistoryView", "Custom range")]
SPEEDS = [1, 5, 10, 30, 60]
REPLAY_TICK_MS = 100
#: Export kinds: the button's text (a source text, shown translated) and the file filter.
EXPORTS = {"csv": ("CSV", "CSV (*.csv)"), "geojson": ("GeoJSON", "GeoJSON (*.geojson)"),
           "gpx": ("GPX", "GPX (*.gpx)"),
           "pdf": (QT_TRANSLATE_NOOP("HistoryView", "Seal audit PDF"), "PDF (*.pdf)")}


def _tr(source: str) -> str:
    """A source text marked elsewhere (PRESETS, EXPORTS), in the dispatcher's language."""
    return QCoreApplication.translate("HistoryView", source)


class HistoryView(QWidget):
    trackReady = Signal(dict)
    trackCleared = Signal()
    replayMoved = Signal(float, float, float, float, bool)
    historyLoaded = Signal(object)

    def __init__(self, store: FleetStore, parent: QWidget | None = None, *,
                 clock: Callable[[], float] = time.time) -> None:
        super().__init__(parent)
        self.setObjectName("historyView")
        self.store = store
        self.clock = clock
        self.request: Callable[..., Awaitable[Any]] | None = None
        self.api: CloudApi | None = None
        self.loader: HistoryLoader | None = None
        self.history: LockHistory | None = None
        self.report: TripReport | None = None
        self.dispatcher = ""
        self.export_directory = str(Path.home())
        self.replay_ts = 0.0
        self.file_dialog: QFileDialog | None = None
        self._pdf_task: asyncio.Task[Path | None] | None = None

        # Row 1: what and when.
        self.trailer = QComboBox(self)
        self.trailer.setObjectName("historyTrailer")
        self.trailer.setEditable(True)
        self.trailer.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.trailer.setMinimumContentsLength(10)
        self.preset = QComboBox(self)
        self.preset.addItems([_tr(p) for p in PRESETS])
        self.preset.setCurrentIndex(1)
        now = QDateTime.fromSecsSinceEpoch(int(clock()))
        self.from_edit = QDateTimeEdit(now.addDays(-1), self)
        self.to_edit = QDateTimeEdit(now, self)
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.load_button = QPushButton(self.tr("Load"), self)
        self.load_button.setObjectName("historyLoad")
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setObjectName("historyCancel")
        self.cancel_button.hide()
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(True)
        self.progress.hide()
        # Plain, and never wider than the view: an error may quote the server at any length.
        self.status = plain_label("", self, selectable=False)
        self.status.setObjectName("historyStatus")
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Trailer:"), self))
        top.addWidget(self.trailer)
        top.addWidget(QLabel(self.tr("Period:"), self))
        top.addWidget(self.preset)
        self.to_label = QLabel(self.tr("to"), self)
        top.addWidget(self.from_edit)
        top.addWidget(self.to_label)
        top.addWidget(self.to_edit)
        top.addWidget(self.load_button)
        top.addWidget(self.cancel_button)
        top.addWidget(self.progress, 1)

        # Trips.
        self.model = TripTableModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("tripTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Place names come from the network: fit contents, up to a cap (the cell elides).
        header.setMaximumSectionSize(MAX_FITTED_COLUMN_PX)
        # The route takes the room the figures leave, so the Alarms column (last) is always
        # in sight in a narrow dock instead of behind a horizontal scroll.
        header.setSectionResizeMode(TripColumn.ROUTE, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.table.setAccessibleName(self.tr("Trips"))
        self.table.setAccessibleDescription(self.tr(
            "The trailer's trips in the loaded period: route, times, distance, unlocks, "
            "tamper events and alarms"))
        # Its own line, wrapped: beside the export buttons it made the dock, and so the
        # window, wider than a laptop's screen.
        self.totals = plain_label("", self, selectable=False)
        self.totals.setObjectName("historyTotals")

        # Replay.
        self.play_button = QPushButton(self.tr("▶ Play"), self)
        self.play_button.setObjectName("replayPlay")
        self.play_button.setCheckable(True)
        self.speed = QComboBox(self)
        for s in SPEEDS:
            self.speed.addItem(f"{s}×", s)
        self.speed.setCurrentIndex(SPEEDS.index(60))
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setObjectName("replaySlider")
        self.slider.setAccessibleName(self.tr("Replay time"))
        self.slider.setRange(0, 0)
        self.time_label = QLabel("—", self)
        self.time_label.setMinimumWidth(150)
        self.follow = QCheckBox(self.tr("Follow"), self)
        self.follow.setChecked(True)
        replay = QHBoxLayout()
        replay.addWidget(self.play_button)
        replay.addWidget(self.speed)
        replay.addWidget(self.slider, 1)
        replay.addWidget(self.time_label)
        replay.addWidget(self.follow)

        # Exports.
        exports = QHBoxLayout()
        exports.addWidget(QLabel(self.tr("Export:"), self))
        self.export_buttons: dict[str, QPushButton] = {}
        for kind, (text, _filter) in EXPORTS.items():
            button = QPushButton(_tr(text), self)
            button.setObjectName(f"historyExport_{kind}")
            button.clicked.connect(lambda _c=False, k=kind: self.choose_file(k))
            exports.addWidget(button)
            self.export_buttons[kind] = button
        exports.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals)
        layout.addLayout(replay)
        layout.addLayout(exports)

        self.replay_timer = QTimer(self)
        self.replay_timer.setInterval(REPLAY_TICK_MS)
        self.replay_timer.timeout.connect(self._on_replay_tick)
        self.preset.currentIndexChanged.connect(self._on_preset)
        self.load_button.clicked.connect(self.load)
        self.cancel_button.clicked.connect(self.cancel)
        self.play_button.toggled.connect(self._on_play)
        self.slider.valueChanged.connect(self._on_slider)
        self.table.selectionModel().selectionChanged.connect(self._on_trip_selected)
        store.reset.connect(self.refresh_trailers)
        self.refresh_trailers()
        self._on_preset()
        self._set_loaded(False)

    # ------------------------------------------------------------------ inputs

    def set_api(self, api: CloudApi | None) -> None:
        """Load through this typed cloud API (None when signed out)."""
        self.cancel()
        self.api = api
        self.request = api.request if api is not None else None
        if self.loader is not None:
            self.loader.deleteLater()
            self.loader = None
        if self.api is not None:
            self.loader = HistoryLoader(self.api, parent=self)
            self.loader.progress.connect(self._on_progress)
            self.loader.loaded.connect(self._on_loaded)
            self.loader.failed.connect(self._on_failed)
            self.loader.cancelled.connect(self._on_cancelled)
        self.load_button.setEnabled(api is not None)

    def set_request(self, request: Callable[..., Awaitable[Any]] | None) -> None:
        """:meth:`set_api` over a bare ``CloudClient.request``-like callable (tools, tests)."""
        self.set_api(CloudApi(request) if request is not None else None)

    @Slot()
    def refresh_trailers(self) -> None:
        current = self.trailer.currentText()
        state = self.store.state
        ids = sorted(state.trailers) if state is not None else []
        self.trailer.blockSignals(True)
        self.trailer.clear()
        self.trailer.addItems(ids)
        if current in ids:
            self.trailer.setCurrentText(current)
        self.trailer.blockSignals(False)

    def show_trailer(self, trailer_id: str) -> None:
        """Make ``trailer_id`` the one to load (the console's selection)."""
        if trailer_id and self.trailer.findText(trailer_id) < 0:
            self.refresh_trailers()
        self.trailer.setCurrentText(trailer_id)
        if self.preset.currentIndex() == 0:
            self._on_preset()

    @Slot(str)
    def follow_selection(self, trailer_id: str) -> None:
        """The console selected this trailer: a history loaded for another one is closed (its
        track leaves the map: ``trackCleared``), and this one is offered to load. A load under
        way is left to finish."""
        if not trailer_id or (self.loader is not None and self.loader.busy):
            return
        if self.history is not None and self.history.trailer_id != trailer_id:
            previous = self.history.trailer_id
            self.clear()
            self.status.setText(self.tr(
                "{previous}'s history was closed: {trailer} is selected.").format(
                previous=isolate(previous), trailer=isolate(trailer_id)))
        if self.history is None:
            self.show_trailer(trailer_id)

    def period(self) -> tuple[float, float]:
        return (float(self.from_edit.dateTime().toSecsSinceEpoch()),
                float(self.to_edit.dateTime().toSecsSinceEpoch()))

    @Slot()
    def _on_preset(self) -> None:
        now = self.clock()
        index = self.preset.currentIndex()
        custom = index == len(PRESETS) - 1
        # The dates only take room when the dispatcher picks them (a custom range).
        for w in (self.from_edit, self.to_label, self.to_edit):
            w.setVisible(custom)
        if custom:
            return
        start = now - {1: 86400.0, 2: 7 * 86400.0, 3: 30 * 86400.0}.get(index, 86400.0)
        if index == 0:
            trailer = self.store.trailer(self.trailer.currentText())
            trip = trailer.trip if trailer is not None else None
            if trip is not None:
                start = min(now - 3600.0, (trip.departed_at or trip.window_start) - 3600.0)
        self.from_edit.setDateTime(QDateTime.fromSecsSinceEpoch(int(start)))
        self.to_edit.setDateTime(QDateTime.fromSecsSinceEpoch(int(now) + 60))

    # ------------------------------------------------------------------ loading

    @Slot()
    def load(self) -> None:
        trailer = self.store.trailer(self.trailer.currentText().strip())
        if trailer is None:
            self.status.setText(self.tr("Pick a trailer of this fleet."))
            return
        if self.loader is None:
            self.status.setText(self.tr("Sign in to load history from the cloud."))
            return
        if self.preset.currentIndex() != len(PRESETS) - 1:
            self._on_preset()
        start, end = self.period()
        if end <= start:
            self.status.setText(self.tr("The period must end after it starts."))
            return
        self.clear()
        self.status.setText(self.tr("Loading {trailer} from {start} to {end}…").format(
            trailer=isolate(trailer.id), start=_clock(start), end=_clock(end)))
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        self.load_button.setEnabled(False)
        self.loader.load(trailer.lock_id, trailer.id, start, end)

    @Slot()
    def cancel(self) -> None:
        if self.loader is not None and self.loader.busy:
            self.loader.cancel()

    def _end_loading(self) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self.load_button.setEnabled(self.loader is not None)

    @Slot(float, str)
    def _on_progress(self, share: float, text: str) -> None:
        self.progress.setValue(int(share * 1000))
        self.progress.setFormat(f"{text} %p%")

    @Slot(str)
    def _on_failed(self, text: str) -> None:
        self._end_loading()
        self.status.setText(self.tr("Loading failed: {error}").format(error=isolate(text)))

    @Slot()
    def _on_cancelled(self) -> None:
        self._end_loading()
        self.status.setText(self.tr("Loading cancelled; nothing was loaded."))

    @Slot(object)
    def _on_loaded(self, history: LockHistory) -> None:
        self._end_loading()
        names = {g.id: g.name for g in self.store.geofences.values()}
        self.history = history
        # Each trip with its own plan and driver (its logged trip events), never today's.
        self.report = split_trips(history.track, history.events, history.start, history.end,
                                  geofence_names=names, prior_events=history.prior_events)
        self.model.set_report(self.report)
        self.totals.setText(self.totals_text(len(self.report.trips), self.report.totals))
        outside = self.report.outside
        self.totals.setToolTip(self.tr(
            "The sum of the trips' rows. Outside any trip: {distance}, stopped {stopped} in "
            "{stops}, {unlocks}, {alarms}.").format(
            distance=format_distance(outside.distance_km),
            stopped=format_duration(outside.stopped_s),
            stops=self._counted("%n stop(s)", outside.stops),
            unlocks=self._counted("%n unlock(s)", outside.unlocks),
            alarms=self._counted("%n alarm(s)", outside.alarms)))
        v = history.verification
        chain = (self.tr("log verified") if v is not None and v.ok else
                 self.tr("LOG CHECK FAILED") if v is not None else self.tr("no events to verify"))
        self.status.setText(self.tr(
            "{trailer}: {fixes} fixes, {samples} fiber samples, {events} events in {pages} "
            "pages · {chain}").format(
            trailer=isolate(history.trailer_id), fixes=f"{len(history.track):,}",
            samples=f"{len(history.fiber_ts):,}", events=f"{len(history.events):,}",
            pages=history.pages, chain=chain))
        n = len(history.track)
        self.slider.setRange(0, max(0, int(history.end - history.start)))
        self.replay_ts = float(history.track.ts[0]) if n else history.start
        self._set_loaded(True)
        self.trackReady.emit(self.track_message(history, self.report))
        self.historyLoaded.emit(history)
        self.seek(self.replay_ts)

    def _set_loaded(self, loaded: bool) -> None:
        for w in (self.play_button, self.slider, self.speed, self.follow,
                  *self.export_buttons.values()):
            w.setEnabled(loaded)

    def clear(self) -> None:
        self.play_button.setChecked(False)
        self.history = None
        self.report = None
        self.model.set_report(None)
        self.totals.clear()
        self._set_loaded(False)
        self.trackCleared.emit()

    @staticmethod
    def track_message(history: LockHistory, report: TripReport) -> dict[str, Any]:
        """The map's "track" data: arrays, stops with durations, notable events."""
        tr = history.track
        events: list[dict[str, Any]] = []
        for e in history.events:
            pos = getattr(e, "position", None)
            if isinstance(e, LockStateEvent):
                kind = "unlock" if e.state is not LockState.LOCKED else "lock"
                label = (QCoreApplication.translate("HistoryView", "Unlocked by {actor}")
                         if kind == "unlock"
                         else QCoreApplication.translate("HistoryView", "Locked by {actor}")
                         ).format(actor=isolate(e.actor.replace("_", " ")))
            elif isinstance(e, TamperEvent):
                kind = "tamper"
                label = QCoreApplication.translate("HistoryView", "Tamper: {kind}").format(
                    kind=alarm_type_label(e.kind.value))
            elif isinstance(e, AlarmRaisedEvent):
                kind = "alarm"
                label = QCoreApplication.translate("HistoryView", "Alarm: {alarm}").format(
                    alarm=alarm_type_label(e.alarm.type))
                pos = e.alarm.position
            else:
                continue
            if pos is None:
                at = tr.position_at(e.ts)
                if at is None:
                    continue
                lat, lon = at[0], at[1]
            else:
                lat, lon = pos.lat, pos.lon
            events.append({"id": str(e.seq), "kind": kind, "lat": lat, "lon": lon, "ts": e.ts,
                           "label": f"{_clock(e.ts)} · {label}"})
        return {
            "id": history.trailer_id,
            "lat": np.round(tr.lat, 6).tolist(),
            "lon": np.round(tr.lon, 6).tolist(),
            "ts": np.round(tr.ts, 1).tolist(),
            "speed": np.round(tr.speed_kmh, 1).tolist(),
            "stops": [{"lat": s.lat, "lon": s.lon, "start": s.start, "end": s.end,
                       "label": QCoreApplication.translate(
                           "HistoryView", "Stopped {duration} from {start}").format(
                           duration=format_duration(s.duration_s), start=_clock(s.start))}
                      for s in report.stops],
            "events": events,
        }

    def _counted(self, source: str, n: int) -> str:
        """``source`` ("%n stop(s)", marked where it is used) translated for ``n``."""
        return english_plural(QCoreApplication.translate("HistoryView", source, None, n), n)

    def totals_text(self, trips: int, t: Totals) -> str:
        """The period's figures (the sum of the trips' rows), in the dispatcher's words."""
        return self.tr(
            "{trips} · {distance} · driving {driving} · stopped {stopped} in {stops} · {unlocks} "
            "· {tampers} · {alarms}").format(
            trips=english_plural(self.tr("%n trip(s)", None, trips), trips),
            distance=format_distance(t.distance_km), driving=format_duration(t.driving_s),
            stopped=format_duration(t.stopped_s),
            stops=english_plural(self.tr("%n stop(s)", None, t.stops), t.stops),
            unlocks=english_plural(self.tr("%n unlock(s)", None, t.unlocks), t.unlocks),
            tampers=english_plural(self.tr("%n tamper event(s)", None, t.tamper_events),
                                   t.tamper_events),
            alarms=english_plural(self.tr("%n alarm(s)", None, t.alarms), t.alarms))

    # ------------------------------------------------------------------ replay

    def seek(self, ts: float) -> None:
        """Put the replay at ``ts`` (the slider, the map marker, the charts' cursor)."""
        if self.history is None:
            return
        self.replay_ts = min(max(ts, self.history.start), self.history.end)
        self.slider.blockSignals(True)
        self.slider.setValue(int(self.replay_ts - self.history.start))
        self.slider.blockSignals(False)
        self.time_label.setText(_clock(self.replay_ts, seconds=True))
        at = self.history.track.position_at(self.replay_ts)
        if at is not None:
            self.replayMoved.emit(self.replay_ts, at[0], at[1], at[2], self.follow.isChecked())

    def jump_to_event(self, seq: str) -> None:
        """Jump the replay to the logged event with this seq (an event clicked on the map)."""
        if self.history is None:
            return
        event = next((e for e in self.history.events if str(e.seq) == str(seq)), None)
        if event is not None:
            self.seek(event.ts)

    @Slot(bool)
    def _on_play(self, playing: bool) -> None:
        self.play_button.setText(self.tr("❚❚ Pause") if playing else self.tr("▶ Play"))
        if playing and self.history is not None:
            if self.replay_ts >= self.history.end - 1:
                self.replay_ts = self.history.start
            self.replay_timer.start()
        else:
            self.replay_timer.stop()

    @Slot()
    def _on_replay_tick(self) -> None:
        if self.history is None:
            self.play_button.setChecked(False)
            return
        step = float(self.speed.currentData()) * REPLAY_TICK_MS / 1000.0
        nxt = self.replay_ts + step
        # Skip the holes (nights parked, GPS lost) instead of replaying them in real time.
        ts = self.history.track.ts
        i = int(ts.searchsorted(self.replay_ts, side="right"))
        if i < len(ts) and ts[i] - self.replay_ts > 600 and nxt < ts[i]:
            nxt = float(ts[i])
        if nxt >= self.history.end:
            nxt = self.history.end
            self.play_button.setChecked(False)
        self.seek(nxt)

    @Slot(int)
    def _on_slider(self, value: int) -> None:
        if self.history is not None:
            self.seek(self.history.start + value)

    @Slot()
    def _on_trip_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.seek(float(rows[0].data(TripRole.START)))

    def selected_trip(self) -> TripSpan | None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            return self.model.trip(rows[0].row())
        return self.model.trip(0) if self.model.rowCount() == 1 else None

    # ------------------------------------------------------------------ exports

    def choose_file(self, kind: str) -> QFileDialog | None:
        if self.history is None:
            return None
        if kind == "pdf" and self.selected_trip() is None:
            self.status.setText(self.tr("Select the trip to report on in the table."))
            return None
        text, name_filter = EXPORTS[kind]
        dialog = QFileDialog(self, self.tr("Export {what}").format(what=_tr(text)),
                             self.export_directory)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(name_filter)
        dialog.selectFile(f"{self.history.trailer_id}-{time.strftime('%Y%m%d-%H%M')}")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda path, k=kind: self.export(k, Path(path)))
        self.file_dialog = dialog
        dialog.open()  # never a nested loop: the asyncio side keeps running
        return dialog

    def export(self, kind: str, path: Path) -> None:
        """Write the export (the PDF fetches the trip's alarm records from the cloud first)."""
        if self.history is None:
            return
        self.export_directory = str(path.parent)
        if kind != "pdf":
            try:
                written = export_track(self.history.track, kind, path)
            except (OSError, ValueError) as exc:
                self.status.setText(self.tr("Could not save: {error}").format(
                    error=isolate(exc)))
                return
            self.status.setText(self.tr("Saved {path}").format(path=written))
            return
        trip = self.selected_trip()
        if trip is None or self.api is None:
            self.status.setText(
                self.tr("Select a trip (and be signed in) for the audit report."))
            return
        self._pdf_task = spawn(
            self._export_pdf(trip, path), "seal audit report",
            on_error=lambda exc: self.status.setText(
                self.tr("The seal audit report failed: {error}").format(error=isolate(exc))))

    async def _export_pdf(self, trip: TripSpan, path: Path) -> Path | None:
        history = self.history
        api = self.api
        if history is None or api is None:
            return None
        state = self.store.state
        if state is None:
            self.status.setText(self.tr("The fleet is not loaded yet: no report."))
            return None
        self.status.setText(self.tr("Fetching the alarms' records for the report…"))
        try:
            # The trip's own driver, the alarms' records and the unlock approvals.
            subject, problems = await trip_subject(
                api, state, history, trip, dispatcher=self.dispatcher,
                geofence_names={g.id: g.name for g in self.store.geofences.values()})
        except Exception as exc:  # the report must not claim records it could not fetch
            self.status.setText(
                self.tr("Could not fetch the alarms' records: {error}").format(
                    error=isolate(exc)))
            return None
        if problems:
            self.status.setText(" ".join(problems))
            return None
        lock = state.locks.get(history.lock_id)
        try:
            written = write_pdf(path, subject, history, trip,
                                lock.fiber_baseline_dbm if lock is not None else None)
        except OSError as exc:
            self.status.setText(self.tr("Could not save the report: {error}").format(
                error=isolate(exc)))
            return None
        self.status.setText(
            self.tr("Saved the seal audit report to {path}").format(path=written))
        return written


def _clock(ts: float, seconds: bool = False) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M",
                         time.localtime(ts))
