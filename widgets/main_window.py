"""The dispatcher's main window: fleet table, alarm queue, detail panel, map area, status bar.

It reads from the store's Qt models and signals and calls session methods; it opens no socket
and no file. Layout (docks, geometry) and column widths persist in QSettings.

Signals:
    signOutRequested(): the dispatcher chose Session → Sign out.
    trailerSelected(str): a trailer was selected in the fleet table (its id).
    followToggled(bool): View → Follow selected trailer.
    fitRequested(): View → Fit fleet.
    onlineTilesToggled(bool): View → Online map tiles (an opt-in).
    closed(): the window was closed (the run ends).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QByteArray, QPoint, QSettings, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console.alarms.action_plans import ActionPlan
from console.alarms.desk import AlarmDesk
from console.contacts.messaging import Messenger
from console.contacts.templates import MessageTemplate
from console.fleet.models import (
    STATUS_LABEL,
    Column,
    FleetFilterProxy,
    FleetRole,
    FleetTableModel,
    TrailerStatus,
    format_age,
    trailer_status,
)
from console.fleet.store import FleetStore
from console.history.loader import LockHistory
from console.link.streaming import ConnectionState, ConnectionStatus, EventRate, StreamStats
from opticallock.protocol import AlarmState, AlarmType
from widgets.alarms.attention import Attention
from widgets.alarms.center import AlarmCenter
from widgets.contacts.center import ContactCenter
from widgets.fleet.map_view import MapView
from widgets.history.view import HistoryView
from widgets.seal.lock_detail import LockDetailPanel

STATUS_COLORS = {
    TrailerStatus.ALARM: "#d32f2f",
    TrailerStatus.UNLOCKED: "#ef6c00",
    TrailerStatus.STALE: "#9e9e9e",
    TrailerStatus.MOVING: "#2e7d32",
    TrailerStatus.PARKED: "#1565c0",
}


def _clock_text(ts: float) -> str:
    return time.strftime("%H:%M:%S", time.localtime(ts))


class FleetPanel(QWidget):
    """Search box and the sortable fleet table (its context menu: message or call the driver,
    trip history).

    Signals:
        messageDriverRequested(str), callDriverRequested(str), historyRequested(str): trailer id.
    """

    messageDriverRequested = Signal(str)
    callDriverRequested = Signal(str)
    historyRequested = Signal(str)

    def __init__(self, model: FleetTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.proxy = FleetFilterProxy(self)
        self.proxy.setSourceModel(model)
        self.search = QLineEdit(self)
        self.search.setObjectName("fleetSearch")
        self.search.setPlaceholderText("Search trailer, lock, driver, state, city…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_search)
        self.table = QTableView(self)
        self.table.setObjectName("fleetTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.STATUS, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        widths = {Column.TRAILER: 78, Column.LOCK: 82, Column.STATUS: 110, Column.DRIVER: 140,
                  Column.SPEED: 70, Column.LAST_FIX: 80, Column.FIBER: 120, Column.BATTERY: 62}
        for col, width in widths.items():
            self.table.setColumnWidth(col, width)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._on_context_menu)
        self.count = QLabel(self)
        self.count.setObjectName("fleetCount")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search)
        layout.addWidget(self.table)
        layout.addWidget(self.count)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        self._update_count()
        # Ages ("12 s", "3 min") move with time alone: repaint the visible rows once a second
        # (only they are asked for their text) instead of announcing every row as changed.
        self._age_timer = QTimer(self)
        self._age_timer.setInterval(1000)
        self._age_timer.timeout.connect(self.table.viewport().update)
        self._age_timer.start()

    @Slot()
    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.proxy.sourceModel().rowCount()
        self.count.setText(f"{shown} of {total} trailers" if shown != total
                           else f"{total} trailers")

    @Slot(QPoint)
    def _on_context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        trailer_id = str(index.data(FleetRole.TRAILER_ID))
        menu = QMenu(self.table)
        menu.addAction("Message driver…", lambda: self.messageDriverRequested.emit(trailer_id))
        menu.addAction("Call driver…", lambda: self.callDriverRequested.emit(trailer_id))
        menu.addSeparator()
        menu.addAction("Trip history…", lambda: self.historyRequested.emit(trailer_id))
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.table.viewport().mapToGlobal(pos))  # never exec(): no nested loop

    def selected_trailer(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return str(rows[0].data(FleetRole.TRAILER_ID)) if rows else None

    def select_trailer(self, trailer_id: str) -> bool:
        model = self.proxy.sourceModel()
        assert isinstance(model, FleetTableModel)
        row = model.row_of_trailer(trailer_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(model.index(row, 0))
        if not index.isValid():
            self.search.clear()
            index = self.proxy.mapFromSource(model.index(row, 0))
        self.table.selectRow(index.row())
        self.table.scrollTo(index)
        return True


class OverviewPanel(QFrame):
    """The fleet at a glance: how many trailers are in each state (colour and word)."""

    def __init__(self, store: FleetStore, clock: Callable[[], float] = time.time,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("overview")
        self.store = store
        self.clock = clock
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 4, 6, 4)
        self.tiles: dict[TrailerStatus, QLabel] = {}
        for status in TrailerStatus:
            tile = QLabel(self)
            tile.setObjectName(f"overview_{status.value}")
            tile.setAlignment(Qt.AlignmentFlag.AlignCenter)
            tile.setStyleSheet(
                f"QLabel {{ border: 2px solid {STATUS_COLORS[status]}; border-radius: 6px; "
                f"background: white; color: {STATUS_COLORS[status]}; padding: 2px 10px; }}"
            )
            row.addWidget(tile)
            self.tiles[status] = tile
        row.addStretch(1)
        store.reset.connect(self.refresh)
        store.statusChanged.connect(lambda _ids: self.refresh())
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        counts = self.store.board.counts()
        for status, tile in self.tiles.items():
            tile.setText(f"<b style='font-size:16px'>{counts[status]}</b>&nbsp; "
                         f"{STATUS_LABEL[status]}")


class DetailPanel(QWidget):
    """Selected trailer at a glance (the full lock detail panel comes with the fiber chart).

    Signals:
        acknowledgeRequested(str): Acknowledge on this trailer's most urgent open alarm.
        messageDriverRequested(str), callDriverRequested(str): contact this trailer's driver.
    """

    acknowledgeRequested = Signal(str)
    messageDriverRequested = Signal(str)
    callDriverRequested = Signal(str)

    def __init__(self, store: FleetStore, clock: Callable[[], float] = time.time,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.clock = clock
        self.trailer_id: str | None = None
        self.form = QFormLayout(self)
        self.fields: dict[str, QLabel] = {}
        for name in ["Trailer", "Lock / seal", "State", "Driver", "Phone", "Trip", "Position",
                     "Last fix", "Fiber seal", "Battery", "Open alarms"]:
            label = QLabel("—", self)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
            self.form.addRow(f"{name}:", label)
            self.fields[name] = label
        self.ack_button = QPushButton("Acknowledge alarm…", self)
        self.ack_button.setObjectName("detailAcknowledge")
        self.ack_button.setToolTip("Acknowledge this trailer's most urgent open alarm")
        self.ack_button.clicked.connect(
            lambda: self.acknowledgeRequested.emit(self.trailer_id or ""))
        self.ack_button.hide()
        self.form.addRow("", self.ack_button)
        self.message_button = QPushButton("Message driver…", self)
        self.message_button.setObjectName("detailMessageDriver")
        self.call_button = QPushButton("Call driver…", self)
        self.call_button.setObjectName("detailCallDriver")
        contact = QHBoxLayout()
        contact.addWidget(self.message_button)
        contact.addWidget(self.call_button)
        contact.addStretch(1)
        self.form.addRow("", contact)
        self.message_button.clicked.connect(
            lambda: self.messageDriverRequested.emit(self.trailer_id or ""))
        self.call_button.clicked.connect(
            lambda: self.callDriverRequested.emit(self.trailer_id or ""))
        store.locksChanged.connect(self._maybe_refresh)
        store.alarmsChanged.connect(lambda _ids: self.refresh())
        store.reset.connect(self.refresh)

    def show_trailer(self, trailer_id: str | None) -> None:
        self.trailer_id = trailer_id
        self.refresh()

    def _maybe_refresh(self, lock_ids: list[str]) -> None:
        trailer = self.store.trailer(self.trailer_id or "")
        if trailer is not None and trailer.lock_id in lock_ids:
            self.refresh()

    @Slot()
    def refresh(self) -> None:
        state = self.store.state
        trailer = self.store.trailer(self.trailer_id or "")
        if state is None or trailer is None:
            for label in self.fields.values():
                label.setText("—")
            self.fields["Trailer"].setText("Select a trailer in the fleet table or on the map.")
            self.ack_button.hide()
            self.message_button.setEnabled(False)
            self.call_button.setEnabled(False)
            return
        lock = state.locks[trailer.lock_id]
        driver = state.drivers.get(trailer.driver_id or "")
        now = self.clock()
        f = self.fields
        f["Trailer"].setText(trailer.id)
        f["Lock / seal"].setText(f"{lock.id} / {lock.seal_id}")
        f["State"].setText(f"{STATUS_LABEL[trailer_status(self.store, lock.id, now)]} "
                           f"(lock {lock.state.value.replace('_', ' ')})")
        app = "app online" if driver and driver.app_online else "app offline"
        f["Driver"].setText(f"{driver.name} ({app})" if driver else "—")
        f["Phone"].setText(driver.phone if driver else "—")
        trip = trailer.trip
        f["Trip"].setText(f"{trip.origin_name} → {trip.destination_name} ({trip.route})"
                          if trip else "—")
        pos = lock.position
        f["Position"].setText(f"{pos.lat:.4f}, {pos.lon:.4f} · {pos.speed_kmh:.0f} km/h"
                              if pos else "no fix yet")
        f["Last fix"].setText((format_age(now - pos.ts) + " ago" if pos else "never")
                              + ("" if lock.gps_ok else " · GPS LOST"))
        f["Fiber seal"].setText(f"{lock.fiber_dbm:.1f} dBm (baseline "
                                f"{lock.fiber_baseline_dbm:.1f} dBm)")
        f["Battery"].setText(f"{lock.battery_pct:.0f} %")
        alarms = self.store.open_alarms_of(lock.id)
        f["Open alarms"].setText("\n".join(
            f"{a.priority.value.upper()} {a.type.value.replace('_', ' ')}: {a.detail}"
            + ("" if a.state is AlarmState.OPEN else f" (acknowledged by {a.acknowledged_by})")
            for a in alarms) or "none")
        self.ack_button.setVisible(any(a.state is AlarmState.OPEN for a in alarms))
        self.message_button.setEnabled(driver is not None)
        self.call_button.setEnabled(driver is not None)


class MainWindow(QMainWindow):
    signOutRequested = Signal()
    trailerSelected = Signal(str)
    followToggled = Signal(bool)
    fitRequested = Signal()
    onlineTilesToggled = Signal(bool)
    closed = Signal()

    def __init__(self, store: FleetStore, qsettings: QSettings,
                 clock: Callable[[], float] = time.time, map_view: QWidget | None = None,
                 parent: QWidget | None = None, *,
                 plans: dict[AlarmType, ActionPlan] | None = None,
                 attention: Attention | None = None,
                 templates: list[MessageTemplate] | None = None,
                 open_url: Callable[[QUrl], bool] | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.qsettings = qsettings
        self.clock = clock
        self.status = ConnectionStatus(ConnectionState.SIGNED_OUT, clock())
        self.stats: StreamStats | None = None
        self.rate: EventRate | None = None
        self.user_label = ""
        self.setWindowTitle("OpticalLock Dispatcher")
        self.resize(1400, 860)

        self.fleet_model = FleetTableModel(store, clock, self)
        self.alarms = AlarmCenter(store, self, plans=plans, attention=attention, clock=clock)
        self.alarm_model = self.alarms.model
        self.contacts = ContactCenter(store, self, templates=templates, open_url=open_url,
                                      clock=clock)

        # Central area: NOT LIVE banner above the map's place.
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.banner = QLabel(central)
        self.banner.setObjectName("notLiveBanner")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setStyleSheet("QLabel { background: #b71c1c; color: white; font-weight: bold;"
                                  " font-size: 15px; padding: 6px; }")
        column.addWidget(self.banner)
        column.addWidget(self.alarms.banner)
        self.overview = OverviewPanel(store, clock, central)
        column.addWidget(self.overview)
        if map_view is None:
            map_view = QLabel("The map is not shown in this window.", central)
            map_view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.map_view = map_view
        column.addWidget(map_view, 1)
        self.setCentralWidget(central)

        self.fleet_panel = FleetPanel(self.fleet_model, self)
        self.fleet_dock = self._dock("Fleet", "fleetDock", self.fleet_panel,
                                     Qt.DockWidgetArea.LeftDockWidgetArea)
        self.alarm_queue = self.alarms.queue
        self.alarm_dock = self._dock("Alarm queue", "alarmDock", self.alarm_queue,
                                     Qt.DockWidgetArea.BottomDockWidgetArea)
        self.detail_panel = DetailPanel(store, clock, self)
        self.detail_dock = self._dock("Trailer detail", "detailDock", self.detail_panel,
                                      Qt.DockWidgetArea.RightDockWidgetArea)
        self.lock_panel = LockDetailPanel(store, parent=self, clock=clock)
        self.lock_dock = self._dock("Lock && seal signal", "lockDock", self.lock_panel,
                                    Qt.DockWidgetArea.BottomDockWidgetArea)
        self.history_view = HistoryView(store, self, clock=clock)
        self.history_dock = self._dock("Trip history", "historyDock", self.history_view,
                                       Qt.DockWidgetArea.BottomDockWidgetArea)
        self.tabifyDockWidget(self.alarm_dock, self.lock_dock)
        self.tabifyDockWidget(self.lock_dock, self.history_dock)
        self.alarm_dock.raise_()
        self.alarm_panel = self.alarms.panel
        self.alarm_panel_dock = self._dock("Alarm", "alarmPanelDock", self.alarm_panel,
                                           Qt.DockWidgetArea.RightDockWidgetArea)
        self.drivers_dock = self._dock("Drivers", "driversDock", self.contacts.directory,
                                       Qt.DockWidgetArea.LeftDockWidgetArea)
        self.tabifyDockWidget(self.fleet_dock, self.drivers_dock)
        self.fleet_dock.raise_()
        self.tabifyDockWidget(self.detail_dock, self.alarm_panel_dock)
        # The right column (detail, alarm with its checklist and audit) gets the full height.
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.detail_dock.raise_()

        self.fleet_panel.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.alarms.trailerSelected.connect(self.select_trailer)
        self.alarms.queue.alarmSelected.connect(self._on_alarm_selected)
        self.alarms.message.connect(self.statusBar().showMessage)
        self.alarms.titleChanged.connect(self._update_title)
        self.detail_panel.acknowledgeRequested.connect(self.alarms.acknowledge_for_trailer)
        self.lock_panel.acknowledgeRequested.connect(self.alarms.acknowledge_for_trailer)
        # Contacting drivers: from the fleet table, the detail panel, an alarm, the map popup.
        contacts = self.contacts
        contacts.message.connect(self.statusBar().showMessage)
        self.fleet_panel.messageDriverRequested.connect(contacts.message_for_trailer)
        self.fleet_panel.callDriverRequested.connect(contacts.call_for_trailer)
        self.fleet_panel.historyRequested.connect(self._history_of)
        # Replay: the lock's chart and timeline show the history's period with a cursor at
        # the replay time; clicking an event on the timeline seeks the replay there.
        self.history_view.historyLoaded.connect(self._on_history_loaded)
        self.history_view.replayMoved.connect(self._on_replay_moved)
        self.history_view.trackCleared.connect(lambda: self.lock_panel.set_cursor(None))
        self.lock_panel.eventActivated.connect(self._on_lock_event)
        self.detail_panel.messageDriverRequested.connect(contacts.message_for_trailer)
        self.detail_panel.callDriverRequested.connect(contacts.call_for_trailer)
        self.alarm_panel.messageDriverRequested.connect(contacts.message_for_alarm)
        self.alarm_panel.callDriverRequested.connect(contacts.call_for_alarm)
        self.trailerSelected.connect(self._on_trailer_for_history)
        self._build_menus()
        self.resizeDocks([self.fleet_dock, self.detail_dock], [470, 330],
                         Qt.Orientation.Horizontal)
        self.resizeDocks([self.alarm_dock], [300], Qt.Orientation.Vertical)

        self.conn_label = QLabel(self)
        self.conn_label.setObjectName("connectionState")
        self.lag_label = QLabel(self)
        self.rate_label = QLabel(self)
        self.thinning_label = QLabel(self)
        self.thinning_label.setObjectName("positionThinning")
        self.thinning_label.setStyleSheet("color: #ef6c00; font-weight: bold;")
        self.thinning_label.hide()
        self.fleet_label = QLabel(self)
        for w in (self.conn_label, self.lag_label, self.rate_label, self.thinning_label,
                  self.fleet_label):
            w.setTextFormat(Qt.TextFormat.PlainText)
            self.statusBar().addPermanentWidget(w)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self.refresh_status)
        self._tick.start()
        self.set_connection(self.status)
        self._restore_layout()
        if isinstance(map_view, MapView):
            self._wire_map(map_view)

    def _wire_map(self, map_view: MapView) -> None:
        """Selection both ways between the console and the map, and the map's controls."""
        map_view.trailerClicked.connect(self.select_trailer)
        map_view.acknowledgeRequested.connect(self.alarms.acknowledge)
        map_view.messageDriverRequested.connect(self.contacts.message_for_trailer)
        map_view.callDriverRequested.connect(self.contacts.call_for_trailer)
        self.trailerSelected.connect(map_view.feed.select)
        self.followToggled.connect(map_view.feed.set_follow)
        map_view.bridge.followToggled.connect(self.follow_action.setChecked)
        self.fitRequested.connect(map_view.feed.fit)
        # Trip history: its own layer on the same map; clicking one of its events seeks there.
        history = self.history_view
        history.trackReady.connect(map_view.history_feed.show_track)
        history.replayMoved.connect(map_view.history_feed.show_replay)
        history.trackCleared.connect(map_view.history_feed.clear_track)
        map_view.historyEventClicked.connect(history.jump_to_event)
        # An event clicked in the lock's timeline: show where it happened.
        self.lock_panel.eventActivated.connect(
            lambda lat, lon, ts: map_view.feed.show_place(
                lat, lon, time.strftime("%H:%M:%S", time.localtime(ts))))

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea
              ) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _build_menus(self) -> None:
        session = self.menuBar().addMenu("&Session")
        self.handover_action = QAction("Shift &handover report…", self)
        self.handover_action.setShortcut(QKeySequence("Ctrl+Shift+H"))
        self.handover_action.triggered.connect(self.alarms.open_handover)
        session.addAction(self.handover_action)
        session.addSeparator()
        self.sign_out_action = QAction("Sign &out", self)
        self.sign_out_action.triggered.connect(self.signOutRequested.emit)
        session.addAction(self.sign_out_action)
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        session.addAction(quit_action)
        alarms = self.menuBar().addMenu("&Alarms")
        alarms.addAction(self.alarms.queue.acknowledge_action)
        alarms.addAction(self.alarms.queue.resolve_action)
        alarms.addSeparator()
        alarms.addAction(self.alarms.attention.mute_action)
        view = self.menuBar().addMenu("&View")
        for dock in (self.fleet_dock, self.drivers_dock, self.alarm_dock, self.detail_dock,
                     self.alarm_panel_dock, self.lock_dock, self.history_dock):
            view.addAction(dock.toggleViewAction())
        self.lock_action = QAction("&Lock and seal signal of the selected trailer", self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+I"))
        self.lock_action.triggered.connect(self.show_lock_panel)
        view.addAction(self.lock_action)
        self.history_action = QAction("Trip &history of the selected trailer…", self)
        self.history_action.setShortcut(QKeySequence("Ctrl+H"))
        self.history_action.triggered.connect(self.open_history)
        view.addAction(self.history_action)
        view.addSeparator()
        self.follow_action = QAction("F&ollow selected trailer", self)
        self.follow_action.setCheckable(True)
        self.follow_action.setShortcut(QKeySequence("Ctrl+L"))
        self.follow_action.toggled.connect(self.followToggled)
        view.addAction(self.follow_action)
        self.fit_action = QAction("Fit &fleet on map", self)
        self.fit_action.setShortcut(QKeySequence("Ctrl+0"))
        self.fit_action.triggered.connect(self.fitRequested)
        view.addAction(self.fit_action)
        self.tiles_action = QAction("Online map &tiles (OpenStreetMap)", self)
        self.tiles_action.setCheckable(True)
        self.tiles_action.setToolTip("Loads street map tiles from the internet; off by default. "
                                     "The offline basemap stays underneath.")
        self.tiles_action.toggled.connect(self.onlineTilesToggled)
        view.addAction(self.tiles_action)
        view.addSeparator()
        find = QAction("&Find trailer", self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(self.fleet_panel.search.setFocus)
        view.addAction(find)

    # ------------------------------------------------------------------ state from outside

    def set_identity(self, text: str) -> None:
        self.user_label = text
        self._update_title()

    def set_desk(self, desk: AlarmDesk | None) -> None:
        """The signed-in dispatcher's alarm desk (None once signed out); its client also
        serves the trip history."""
        self.alarms.set_desk(desk)
        client = desk.client if desk is not None else None
        self.history_view.set_request(client.request if client is not None else None)
        self.lock_panel.set_request(client.request if client is not None else None)
        self.history_view.dispatcher = desk.username if desk is not None else ""

    def set_messenger(self, messenger: Messenger | None) -> None:
        """The signed-in dispatcher's driver contact (None once signed out)."""
        self.contacts.set_messenger(messenger)

    @Slot(object)
    def _on_history_loaded(self, history: LockHistory) -> None:
        if self.fleet_panel.selected_trailer() != history.trailer_id:
            self.select_trailer(history.trailer_id)
        self.lock_panel.chart.show_range(history.start, history.end)

    @Slot(float, float, float, float, bool)
    def _on_replay_moved(self, ts: float, _lat: float, _lon: float, _heading: float,
                         _follow: bool) -> None:
        history = self.history_view.history
        if history is not None and self.lock_panel.trailer_id == history.trailer_id:
            self.lock_panel.set_cursor(ts)

    @Slot(float, float, float)
    def _on_lock_event(self, _lat: float, _lon: float, ts: float) -> None:
        history = self.history_view.history
        if (history is not None and self.lock_panel.trailer_id == history.trailer_id
                and history.start <= ts <= history.end):
            self.history_view.seek(ts)

    @Slot(str)
    def _history_of(self, trailer_id: str) -> None:
        self.select_trailer(trailer_id)
        self.open_history()

    @Slot()
    def show_lock_panel(self) -> None:
        self.lock_dock.show()
        self.lock_dock.raise_()

    @Slot()
    def open_history(self) -> None:
        """Show the trip history of the selected trailer (loaded for the chosen period)."""
        trailer_id = self.fleet_panel.selected_trailer()
        if trailer_id:
            self.history_view.show_trailer(trailer_id)
        self.history_dock.show()
        self.history_dock.raise_()
        if trailer_id and self.history_view.loader is not None:
            self.history_view.load()

    @Slot(str)
    def _on_trailer_for_history(self, trailer_id: str) -> None:
        view = self.history_view
        if view.history is None and not (view.loader is not None and view.loader.busy):
            view.show_trailer(trailer_id)

    @Slot()
    def _update_title(self, _text: str = "") -> None:
        state = self.store.state
        count = sum(1 for a in state.alarms.values() if a.state is AlarmState.OPEN) \
            if state is not None else 0
        title = "OpticalLock Dispatcher"
        if self.user_label:
            title += f" — {self.user_label}"
        self.setWindowTitle(f"({count}) {title}" if count else title)

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

    def watch_stream(self, stats: StreamStats | None, rate: EventRate | None) -> None:
        self.stats = stats
        self.rate = rate

    @Slot(object)
    def set_connection(self, status: ConnectionStatus) -> None:
        self.status = status
        self.refresh_status()

    @Slot()
    def refresh_status(self) -> None:
        self.store.refresh_stale()  # trailers go grey with time alone, even with no events
        now = self.clock()
        st = self.status
        colors = {ConnectionState.LIVE: "#2e7d32", ConnectionState.CONNECTING: "#f9a825",
                  ConnectionState.RECONNECTING: "#ef6c00", ConnectionState.OFFLINE: "#b71c1c",
                  ConnectionState.SIGNED_OUT: "#616161"}
        words = {ConnectionState.LIVE: "● Live", ConnectionState.CONNECTING: "● Connecting",
                 ConnectionState.RECONNECTING: f"● Reconnecting since {_clock_text(st.since)}",
                 ConnectionState.OFFLINE: f"● Offline since {_clock_text(st.since)}",
                 ConnectionState.SIGNED_OUT: "● Signed out"}
        self.conn_label.setText(words[st.state])
        self.conn_label.setStyleSheet(f"color: {colors[st.state]}; font-weight: bold;")
        self.conn_label.setToolTip(self._stats_tooltip())
        if st.live:
            self.banner.hide()
        else:
            down = st.down_since or st.since
            text = f"NOT LIVE since {_clock_text(down)}"
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

    # ------------------------------------------------------------------ selection

    @Slot()
    def _on_selection(self) -> None:
        trailer_id = self.fleet_panel.selected_trailer()
        self.detail_panel.show_trailer(trailer_id)
        self.lock_panel.show_trailer(trailer_id)
        if trailer_id:
            self.trailerSelected.emit(trailer_id)

    def select_trailer(self, trailer_id: str) -> None:
        self.fleet_panel.select_trailer(trailer_id)

    @Slot(str)
    def _on_alarm_selected(self, alarm_id: str) -> None:
        if alarm_id:
            self.alarm_panel_dock.show()
            self.alarm_panel_dock.raise_()

    # ------------------------------------------------------------------ persistence

    def _restore_layout(self) -> None:
        geometry = self.qsettings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = self.qsettings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        header = self.qsettings.value("fleet/header")
        if isinstance(header, QByteArray):
            self.fleet_panel.table.horizontalHeader().restoreState(header)

    def save_layout(self) -> None:
        self.qsettings.setValue("window/geometry", self.saveGeometry())
        self.qsettings.setValue("window/state", self.saveState())
        self.qsettings.setValue("fleet/header",
                                self.fleet_panel.table.horizontalHeader().saveState())
        self.qsettings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        super().closeEvent(event)
        if event.isAccepted():
            self.contacts.stop()
            self.closed.emit()
