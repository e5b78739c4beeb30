"""The dispatcher's main window: the shell that places each capability's panels and joins them.

The link's notice bar across the top; the map in the middle under the NOT LIVE and escalation
banners and the fleet overview; docks for the fleet table and the drivers (left), the trailer
detail and the selected alarm (right), the alarm queue, the unlock requests, the lock's seal
signal and custody, and the trip history (bottom); the link's figures in the status bar; the
menus. The panels live in their
capability's package (widgets/fleet/, widgets/alarms/, widgets/contacts/, widgets/seal/,
widgets/history/, widgets/link/status.py, notices.py and diagnostics.py);
the window only places them, passes selection and history replay between them, and keeps the
title. It reads from the store's Qt models and signals and calls session methods; it opens no
socket and no file. Layout (docks, geometry) and column widths persist in QSettings.

Signals:
    signOutRequested(): the dispatcher chose Session → Sign out.
    trailerSelected(str): a trailer was selected in the fleet table (its id).
    followToggled(bool): View → Follow selected trailer.
    fitRequested(): View → Fit fleet.
    onlineTilesToggled(bool): View → Online map tiles (an opt-in).
    preferencesRequested(): Edit → Preferences… (Ctrl+,).
    themeChosen(str): View → Theme → "auto", "light" or "dark" was chosen.
    closed(): the window was closed (the run ends).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QGuiApplication,
    QKeySequence,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QSplitter,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from console.alarms import times
from console.alarms.action_plans import ActionPlan
from console.alarms.desk import AlarmDesk
from console.contacts.messaging import Messenger
from console.contacts.templates import MessageTemplate
from console.fleet.models import Column, FleetTableModel
from console.fleet.store import FleetStore
from console.history.loader import LockHistory
from console.link.api import CloudApi
from console.link.diagnostics import Diagnostics
from console.link.labels import clock_text
from console.link.streaming import ConnectionStatus, EventRate, StreamStats
from console.seal.unlocks import UnlockDesk
from opticallock.protocol import AlarmState, AlarmType
from widgets.alarms.attention import Attention, SoundOffIndicator
from widgets.alarms.center import AlarmCenter
from widgets.contacts.center import ContactCenter
from widgets.fleet.detail import DetailPanel
from widgets.fleet.map_view import MapView
from widgets.fleet.overview import OverviewPanel
from widgets.fleet.panel import FleetPanel
from widgets.history.view import HistoryView
from widgets.link.diagnostics import DiagnosticsView
from widgets.link.notices import NoticeBar, place_notice_bar
from widgets.link.status import LinkStatus
from widgets.seal.lock_detail import LockDetailPanel
from widgets.seal.unlocks import UnlockPanel

#: The bottom panels' height (alarm queue, unlock requests, lock and seal, trip history).
BOTTOM_HEIGHT = 300
#: How short a bottom dock may be made (an empty alarm queue's one line).
COMPACT_MIN_HEIGHT = 40


class MainWindow(QMainWindow):
    signOutRequested = Signal()
    trailerSelected = Signal(str)
    followToggled = Signal(bool)
    fitRequested = Signal()
    onlineTilesToggled = Signal(bool)
    preferencesRequested = Signal()
    themeChosen = Signal(str)
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
        #: The signed-in dispatcher's typed cloud API (None: signed out).
        self._api: CloudApi | None = None
        self.qsettings = qsettings
        self.clock = clock
        self.user_label = ""
        self.setWindowTitle(self.tr("OpticalLock Dispatcher"))
        self.resize(1400, 860)

        self.fleet_model = FleetTableModel(store, clock, self)
        self.alarms = AlarmCenter(store, self, plans=plans, attention=attention, clock=clock)
        self.alarm_model = self.alarms.model
        self.contacts = ContactCenter(store, self, templates=templates, open_url=open_url,
                                      clock=clock)

        self.link_status = LinkStatus(store, self, clock)
        self.banner = self.link_status.banner
        self.conn_label = self.link_status.conn_label
        self.thinning_label = self.link_status.thinning_label
        # What the link set aside (set_diagnostics): the notice bar, the view, a status count.
        self.diagnostics: Diagnostics | None = None
        self.diagnostics_view: DiagnosticsView | None = None
        self.notice_bar = NoticeBar(self)
        self.notice_toolbar = place_notice_bar(self, self.notice_bar)
        self.notice_bar.detailsRequested.connect(self.open_diagnostics)
        self.link_status.diagnosticsRequested.connect(lambda: self.open_diagnostics("rejected"))

        # Central area: NOT LIVE banner above the map's place.
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.banner)
        column.addWidget(self.alarms.banner)
        # Said by the alarms whenever a new alarm would not be heard (and in the status bar).
        self.sound_off_bar = SoundOffIndicator(self.alarms.attention, central)
        column.addWidget(self.sound_off_bar)
        self.overview = OverviewPanel(store, clock, central)
        column.addWidget(self.overview)
        if map_view is None:
            map_view = QLabel(self.tr("The map is not shown in this window."), central)
            map_view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.map_view = map_view
        column.addWidget(map_view, 1)
        self._map_column = column
        # Where the map was, while it is in its own window.
        self._map_placeholder = QLabel(self.tr(
            "The map is in its own window (View ▸ Map in its own window)."), central)
        self._map_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._map_placeholder.setWordWrap(True)
        self._map_placeholder.hide()
        column.addWidget(self._map_placeholder, 1)
        map_view.setAccessibleName(self.tr("Fleet map"))
        map_view.setAccessibleDescription(self.tr(
            "Map of the fleet: each trailer at its last position, coloured and shaped by its "
            "state, with geofences and the selected trailer's trip"))
        self.setCentralWidget(central)

        self.fleet_panel = FleetPanel(self.fleet_model, self)
        self._order_fleet_columns()
        # (Named here: widgets/fleet/panel.py is another engineer's this round.)
        self.fleet_panel.search.setAccessibleName(self.tr("Search trailers"))
        self.fleet_panel.table.setAccessibleName(self.tr("Fleet"))
        self.fleet_panel.table.setAccessibleDescription(self.tr(
            "Every trailer: its state, speed, fiber seal level, driver, lock, last GPS fix, "
            "battery and trip"))
        self.fleet_dock = self._dock(self.tr("Fleet"), "fleetDock", self.fleet_panel,
                                     Qt.DockWidgetArea.LeftDockWidgetArea)
        self.alarm_queue = self.alarms.queue
        self.alarm_dock = self._dock(self.tr("Alarm queue"), "alarmDock", self.alarm_queue,
                                     Qt.DockWidgetArea.BottomDockWidgetArea)
        self.detail_panel = DetailPanel(store, clock, self)
        self.detail_dock = self._dock(self.tr("Trailer detail"), "detailDock", self.detail_panel,
                                      Qt.DockWidgetArea.RightDockWidgetArea)
        self.lock_panel = LockDetailPanel(store, parent=self, clock=clock)
        self.lock_dock = self._dock(self.tr("Lock && seal signal"), "lockDock", self.lock_panel,
                                    Qt.DockWidgetArea.BottomDockWidgetArea)
        self.history_view = HistoryView(store, self, clock=clock)
        self.history_dock = self._dock(self.tr("Trip history"), "historyDock", self.history_view,
                                       Qt.DockWidgetArea.BottomDockWidgetArea)
        self.unlock_panel = UnlockPanel(store, self, clock=clock)
        self.unlock_dock = self._dock(self.tr("Unlock requests"), "unlockDock",
                                      self.unlock_panel, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.tabifyDockWidget(self.alarm_dock, self.unlock_dock)
        self.tabifyDockWidget(self.unlock_dock, self.lock_dock)
        self.tabifyDockWidget(self.lock_dock, self.history_dock)
        self.alarm_dock.raise_()
        self.alarm_panel = self.alarms.panel
        self.alarm_panel_dock = self._dock(self.tr("Alarm"), "alarmPanelDock", self.alarm_panel,
                                           Qt.DockWidgetArea.RightDockWidgetArea)
        self.drivers_dock = self._dock(self.tr("Drivers"), "driversDock", self.contacts.directory,
                                       Qt.DockWidgetArea.LeftDockWidgetArea)
        self.tabifyDockWidget(self.fleet_dock, self.drivers_dock)
        self.fleet_dock.raise_()
        self.tabifyDockWidget(self.detail_dock, self.alarm_panel_dock)
        # The right column (detail, alarm with its checklist and audit) gets the full height.
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.detail_dock.raise_()

        self.fleet_panel.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.fleet_panel.selectionHidden.connect(self.detail_panel.show_hidden)
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
        self.trailerSelected.connect(self.history_view.follow_selection)
        self.unlock_panel.trailerSelected.connect(self.select_trailer)
        self.unlock_panel.message.connect(self.statusBar().showMessage)
        self.unlock_panel.pendingChanged.connect(self._on_unlocks_waiting)
        self._on_unlocks_waiting(self.unlock_panel.pending_count())
        self._build_menus()
        self._size_side_docks()
        self.resizeDocks([self.alarm_dock], [BOTTOM_HEIGHT], Qt.Orientation.Vertical)
        # An empty alarm queue in front shrinks the bottom panels to its one line ("No open
        # alarms"); an alarm, or another bottom panel brought to the front, gives the room back.
        # The panels' own minimum allows it (the lock panel's chart would hold the tabbed
        # group tall even behind its tab).
        self._bottom_compact = False
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self._fit_bottom_now)
        for dock in self._bottom_docks():
            panel = dock.widget()
            assert panel is not None
            panel.setMinimumHeight(COMPACT_MIN_HEIGHT)
            dock.visibilityChanged.connect(self._fit_bottom)
        self.alarm_queue.emptyChanged.connect(self._fit_bottom)

        for label in self.link_status.status_labels():
            self.statusBar().addPermanentWidget(label)
        self.sound_off_status = SoundOffIndicator(self.alarms.attention, self, compact=True)
        self.statusBar().addPermanentWidget(self.sound_off_status)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self.refresh_status)
        self._tick.start()
        self.refresh_status()
        #: The layout as built, for View ▸ Reset layout.
        self._default_state = self.saveState()
        self._default_header = self.fleet_panel.table.horizontalHeader().saveState()
        #: The map in a window of its own (View ▸ Map in its own window), or None.
        self.map_window: MapWindow | None = None
        #: False until the side docks were sized for the window shown (not needed when a
        #: saved layout gave their sizes).
        self._sized_for_screen: bool = False
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
            lambda lat, lon, ts: map_view.feed.show_place(lat, lon, clock_text(ts)))

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea
              ) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _build_menus(self) -> None:
        # The conventional order: Session, Edit, View, Alarms, Help (tests find menus by title).
        session = self.menuBar().addMenu(self.tr("&Session"))
        edit = self.menuBar().addMenu(self.tr("&Edit"))
        view = self.menuBar().addMenu(self.tr("&View"))
        alarms = self.menuBar().addMenu(self.tr("&Alarms"))
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.handover_action = QAction(self.tr("Shift &handover report…"), self)
        self.handover_action.setShortcut(QKeySequence("Ctrl+Shift+H"))
        self.handover_action.triggered.connect(self.alarms.open_handover)
        session.addAction(self.handover_action)
        self.diagnostics_action = QAction(self.tr("Link &diagnostics…"), self)
        self.diagnostics_action.setShortcut(QKeySequence("Ctrl+Shift+D"))
        self.diagnostics_action.setEnabled(False)  # until set_diagnostics
        self.diagnostics_action.triggered.connect(lambda _checked: self.open_diagnostics())
        session.addAction(self.diagnostics_action)
        session.addSeparator()
        self.sign_out_action = QAction(self.tr("Sign &out"), self)
        self.sign_out_action.triggered.connect(self.signOutRequested.emit)
        session.addAction(self.sign_out_action)
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        session.addAction(quit_action)
        alarms.addAction(self.alarms.queue.acknowledge_action)
        alarms.addAction(self.alarms.queue.resolve_action)
        alarms.addAction(self.alarms.queue.next_alarm_action)
        alarms.addAction(self.alarms.queue.next_step_action)
        alarms.addSeparator()
        self.unlocks_action = QAction(self.tr("&Unlock requests"), self)
        self.unlocks_action.setShortcut(QKeySequence("Ctrl+Shift+U"))
        self.unlocks_action.triggered.connect(lambda: self.raise_panel("unlocks"))
        alarms.addAction(self.unlocks_action)
        alarms.addSeparator()
        self.statistics_action = QAction(self.tr("Alarm &statistics…"), self)
        self.statistics_action.triggered.connect(self.open_statistics)
        self.policies_action = QAction(self.tr("Alarm &policies and call lists…"), self)
        self.policies_action.triggered.connect(self.open_policies)
        self.plans_action = QAction(self.tr("Action pla&ns…"), self)
        self.plans_action.triggered.connect(self.open_action_plans)
        self.maintenance_action = QAction(self.tr("Seal &maintenance work orders…"), self)
        self.maintenance_action.triggered.connect(self.open_seal_maintenance)
        for action in (self.statistics_action, self.policies_action, self.plans_action,
                       self.maintenance_action):
            action.setEnabled(False)  # until signed in (set_desk)
            alarms.addAction(action)
        alarms.addSeparator()
        alarms.addAction(self.alarms.attention.mute_action)
        for dock in (self.fleet_dock, self.drivers_dock, self.alarm_dock, self.detail_dock,
                     self.alarm_panel_dock, self.unlock_dock, self.lock_dock, self.history_dock):
            view.addAction(dock.toggleViewAction())
        self.lock_action = QAction(self.tr("&Lock and seal signal of the selected trailer"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+I"))
        self.lock_action.triggered.connect(self.show_lock_panel)
        view.addAction(self.lock_action)
        self.history_action = QAction(self.tr("Trip &history of the selected trailer…"), self)
        self.history_action.setShortcut(QKeySequence("Ctrl+H"))
        self.history_action.triggered.connect(self.open_history)
        view.addAction(self.history_action)
        view.addSeparator()
        self.follow_action = QAction(self.tr("F&ollow selected trailer"), self)
        self.follow_action.setCheckable(True)
        self.follow_action.setShortcut(QKeySequence("Ctrl+L"))
        self.follow_action.toggled.connect(self.followToggled)
        view.addAction(self.follow_action)
        self.fit_action = QAction(self.tr("Fit &fleet on map"), self)
        self.fit_action.setShortcut(QKeySequence("Ctrl+0"))
        self.fit_action.triggered.connect(self.fitRequested)
        view.addAction(self.fit_action)
        self.tiles_action = QAction(self.tr("Online map &tiles (OpenStreetMap)"), self)
        self.tiles_action.setCheckable(True)
        self.tiles_action.setToolTip(self.tr(
            "Loads street map tiles from the internet; off by default. "
            "The offline basemap stays underneath."))
        self.tiles_action.toggled.connect(self.onlineTilesToggled)
        view.addAction(self.tiles_action)
        theme_menu = view.addMenu(self.tr("T&heme"))
        self.theme_group = QActionGroup(self)
        self.theme_actions: dict[str, QAction] = {}
        for mode, text in (("auto", self.tr("&Automatic (dark at night)")),
                           ("light", self.tr("&Light")), ("dark", self.tr("&Dark (night)"))):
            action = QAction(text, self, checkable=True)
            action.setData(mode)
            self.theme_group.addAction(action)
            theme_menu.addAction(action)
            self.theme_actions[mode] = action
        self.theme_group.triggered.connect(lambda a: self.themeChosen.emit(str(a.data())))
        view.addSeparator()
        self.map_window_action = QAction(self.tr("&Map in its own window"), self)
        self.map_window_action.setCheckable(True)
        self.map_window_action.setShortcut(QKeySequence("Ctrl+Shift+M"))
        self.map_window_action.toggled.connect(self.set_map_in_own_window)
        view.addAction(self.map_window_action)
        self.full_screen_action = QAction(self.tr("F&ull screen (the map's window if apart)"),
                                          self)
        self.full_screen_action.setShortcut(QKeySequence(Qt.Key.Key_F11))
        self.full_screen_action.triggered.connect(self.toggle_full_screen)
        view.addAction(self.full_screen_action)
        self.reset_layout_action = QAction(self.tr("&Reset layout"), self)
        self.reset_layout_action.triggered.connect(self.reset_layout)
        view.addAction(self.reset_layout_action)
        view.addSeparator()
        find = QAction(self.tr("&Find trailer"), self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(self.fleet_panel.search.setFocus)
        view.addAction(find)
        # Edit ▸ Preferences (opened by main.py, which holds the Settings), Help ▸ shortcuts, About.
        self.preferences_action = QAction(self.tr("&Preferences…"), self)
        self.preferences_action.setShortcut(QKeySequence("Ctrl+,"))
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.preferences_action.triggered.connect(self.preferencesRequested)
        edit.addAction(self.preferences_action)
        self.shortcuts_action = QAction(self.tr("&Keyboard shortcuts"), self)
        self.shortcuts_action.setShortcut(QKeySequence(Qt.Key.Key_F1))
        self.shortcuts_action.triggered.connect(self.open_shortcuts)
        help_menu.addAction(self.shortcuts_action)
        self.about_action = QAction(self.tr("&About OpticalLock Dispatcher"), self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.open_about)
        help_menu.addAction(self.about_action)

    def open_shortcuts(self) -> None:
        """F1: every shortcut of this window, as it is now (widgets/shortcuts.py)."""
        from widgets.shortcuts import ShortcutsOverlay

        ShortcutsOverlay.open_for(self)

    def open_about(self) -> None:
        from widgets.about import AboutDialog

        AboutDialog.open_for(self)

    # ------------------------------------------------------------------ state from outside

    def set_identity(self, text: str) -> None:
        self.user_label = text
        self._update_title()

    def set_desk(self, desk: AlarmDesk | None) -> None:
        """The signed-in dispatcher's alarm desk (None once signed out); its typed cloud API
        also serves the trip history and the seal's older readings."""
        self.alarms.set_desk(desk)
        api = desk.api if desk is not None else None
        self._api = api
        for action in (self.statistics_action, self.policies_action, self.plans_action,
                       self.maintenance_action):
            action.setEnabled(api is not None)
        self.history_view.set_api(api)
        self.lock_panel.set_api(api)
        self.history_view.dispatcher = desk.username if desk is not None else ""

    @Slot()
    def open_statistics(self) -> None:
        """Alarms per type, priority, corridor, crossing and dispatcher, with the times to
        acknowledge and resolve, from the cloud's record."""
        # Imported when first opened: none of them is needed to start the console.
        from widgets.alarms.statistics import open_statistics as open_statistics_window

        if self._api is not None:
            open_statistics_window(self, self._api, tz=times.zone(), carrier=self.user_label,
                            user=self.history_view.dispatcher)

    @Slot()
    def open_policies(self) -> None:
        from widgets.alarms.policies import open_policies_dialog

        if self._api is not None:
            open_policies_dialog(self, self._api, self.store)

    @Slot()
    def open_action_plans(self) -> None:
        from widgets.alarms.plans import open_plans_dialog

        if self._api is not None:
            open_plans_dialog(self, self._api, self.store)

    @Slot()
    def open_seal_maintenance(self) -> None:
        from widgets.seal.maintenance import open_seal_maintenance as open_maintenance_window

        if self._api is not None:
            open_maintenance_window(self, self._api, self.store)

    def set_diagnostics(self, diagnostics: Diagnostics | None) -> None:
        """The session's record of notices and rejected events (ConsoleSession.diagnostics)."""
        self.diagnostics = diagnostics
        self.notice_bar.set_diagnostics(diagnostics)
        self.link_status.set_diagnostics(diagnostics)
        self.diagnostics_action.setEnabled(diagnostics is not None)
        if self.diagnostics_view is not None:
            self.diagnostics_view.close()
            self.diagnostics_view.deleteLater()
            self.diagnostics_view = None

    @Slot()
    def open_diagnostics(self, tab: str = "notices") -> None:
        """Show the link diagnostics view at ``tab`` ("notices" or "rejected")."""
        if self.diagnostics is None:
            return
        if self.diagnostics_view is None:
            self.diagnostics_view = DiagnosticsView(self.diagnostics, self)
        self.diagnostics_view.show_tab(tab)
        self.diagnostics_view.show()
        self.diagnostics_view.raise_()
        self.diagnostics_view.activateWindow()

    def set_unlock_desk(self, desk: UnlockDesk | None) -> None:
        """The signed-in dispatcher's unlock desk (None once signed out)."""
        self.unlock_panel.set_desk(desk)

    @Slot(int)
    def _on_unlocks_waiting(self, count: int) -> None:
        self.unlock_dock.setWindowTitle(self.tr("Unlock requests ({count})").format(count=count)
                                        if count else self.tr("Unlock requests"))

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

    def raise_panel(self, name: str) -> None:
        """Bring a bottom panel to the front: "alarms" (the queue), "unlocks" (the unlock
        requests), "lock" (the selected lock's seal signal and custody) or "history"."""
        dock = {"alarms": self.alarm_dock, "unlocks": self.unlock_dock, "lock": self.lock_dock,
                "history": self.history_dock}[name]
        dock.show()
        dock.raise_()

    @Slot()
    def bring_to_front(self) -> None:
        self.showNormal()
        self.raise_()
        self.activateWindow()

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

    @Slot()
    def _update_title(self, _text: str = "") -> None:
        state = self.store.state
        count = sum(1 for a in state.alarms.values() if a.state is AlarmState.OPEN) \
            if state is not None else 0
        title = self.tr("OpticalLock Dispatcher")
        if self.user_label:
            title = self.tr("{title} — {user}").format(title=title, user=self.user_label)
        self.setWindowTitle(self.tr("({count}) {title}").format(count=count, title=title)
                            if count else title)

    @Slot(float)
    def set_position_interval(self, seconds: float) -> None:
        """Say so while the stream sends fewer position fixes because this console is busy."""
        self.link_status.set_position_interval(seconds)

    def watch_stream(self, stats: StreamStats | None, rate: EventRate | None) -> None:
        self.link_status.watch_stream(stats, rate)

    @Slot(object)
    def set_connection(self, status: ConnectionStatus) -> None:
        self.link_status.set_connection(status)
        self.refresh_status()

    @Slot()
    def refresh_status(self) -> None:
        self.store.refresh_stale()  # trailers go grey with time alone, even with no events
        self.link_status.refresh()

    # ------------------------------------------------------------------ selection

    @Slot()
    def _on_selection(self) -> None:
        trailer_id = self.fleet_panel.selected_trailer()
        self.detail_panel.show_trailer(trailer_id)
        self.lock_panel.show_trailer(trailer_id)
        if trailer_id:
            self.trailerSelected.emit(trailer_id)
        elif isinstance(self.map_view, MapView):
            self.map_view.feed.select(None, pan=False)  # the card and ring leave with it

    def select_trailer(self, trailer_id: str) -> None:
        self.fleet_panel.select_trailer(trailer_id)

    def _bottom_docks(self) -> list[QDockWidget]:
        return [self.alarm_dock, self.unlock_dock, self.lock_dock, self.history_dock]

    @Slot()
    def _fit_bottom(self, _visible: bool = False) -> None:
        # Once the tab switch is over: a dock says it shows before the other says it hides.
        self._fit_timer.start()

    def _in_front(self, dock: QDockWidget) -> bool:
        """Shown and, if tabbed with others, its tab the current one (a dock behind another
        tab still says it is visible)."""
        if not dock.isVisible():
            return False
        for bar in self.findChildren(QTabBar):
            if bar.parent() is not self:
                continue  # a panel's own tabs
            for i in range(bar.count()):
                if bar.tabText(i) == dock.windowTitle():
                    return bar.currentIndex() == i
        return True

    def _fit_bottom_now(self) -> None:
        compact = self._in_front(self.alarm_dock) and self.alarm_queue.is_empty() \
            and not self.alarm_dock.isFloating()
        if compact == self._bottom_compact:
            return
        self._bottom_compact = compact
        height = self.alarm_dock.minimumSizeHint().height() if compact else BOTTOM_HEIGHT
        self.resizeDocks([self.alarm_dock], [height], Qt.Orientation.Vertical)

    @Slot(str)
    def _on_alarm_selected(self, alarm_id: str) -> None:
        if alarm_id:
            self.alarm_panel_dock.show()
            self.alarm_panel_dock.raise_()

    # ------------------------------------------------------------------ persistence

    def _order_fleet_columns(self) -> None:
        """Speed and fiber seal right after the state: in the fleet dock's 470 px at a
        laptop's size they were behind a horizontal scroll (the order is the dispatcher's to
        change, and saved with the layout)."""
        header = self.fleet_panel.table.horizontalHeader()
        for place, column in enumerate((Column.TRAILER, Column.STATUS, Column.SPEED,
                                        Column.FIBER)):
            header.moveSection(header.visualIndex(column), place)

    def layout_key(self) -> str:
        """Where this screen setup's layout is saved: "layout/<hash of the screens'
        geometries>", so a laptop alone and the laptop with its monitor keep one each."""
        screens = sorted(
            f"{g.x()},{g.y()},{g.width()}x{g.height()}"
            for g in (screen.geometry() for screen in QGuiApplication.screens()))
        digest = hashlib.sha1(";".join(screens).encode()).hexdigest()[:12]
        return f"layout/{digest}"

    def _size_side_docks(self) -> None:
        """The fleet and detail docks' default widths for the window's width: 470 and 330 px
        at a laptop's 1280, growing with a bigger screen (the fleet table's columns and the
        alarm panel's buttons get the room; the map keeps about 40 %)."""
        width = max(self.width(), 1280)
        self.resizeDocks([self.fleet_dock, self.detail_dock],
                         [max(470, int(width * 0.3)), max(330, int(width * 0.26))],
                         Qt.Orientation.Horizontal)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized_for_screen:
            # Sized once the window has its real size (a --window-size, the screen's), unless
            # this screen setup's saved layout said how it was.
            self._sized_for_screen = True
            self._size_side_docks()

    def _restore_layout(self) -> None:
        key = self.layout_key()
        geometry = self.qsettings.value(f"{key}/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = self.qsettings.value(f"{key}/state")
        self._sized_for_screen = isinstance(state, QByteArray)
        if isinstance(state, QByteArray):
            self.restoreState(state)
        self.notice_toolbar.setVisible(self.notice_bar.showing())  # not as it was saved
        header = self.qsettings.value(f"{key}/fleetHeader")
        if isinstance(header, QByteArray):
            self.fleet_panel.table.horizontalHeader().restoreState(header)
        splitters = self.qsettings.value(f"{key}/splitters")
        if isinstance(splitters, dict):
            for splitter in self.findChildren(QSplitter):
                saved = splitters.get(splitter.objectName())
                if splitter.objectName() and isinstance(saved, QByteArray):
                    splitter.restoreState(saved)

    def save_layout(self) -> None:
        """Save the window's geometry, its docks, the fleet table's columns and the panels'
        splitters for this screen setup (:meth:`layout_key`)."""
        key = self.layout_key()
        self.qsettings.setValue(f"{key}/geometry", self.saveGeometry())
        self.qsettings.setValue(f"{key}/state", self.saveState())
        self.qsettings.setValue(f"{key}/fleetHeader",
                                self.fleet_panel.table.horizontalHeader().saveState())
        self.qsettings.setValue(f"{key}/splitters", {
            s.objectName(): s.saveState() for s in self.findChildren(QSplitter)
            if s.objectName()})
        self.qsettings.sync()

    @Slot()
    def reset_layout(self) -> None:
        """View ▸ Reset layout: the docks, their sizes and the fleet table's columns as a new
        console has them; this screen setup's saved layout is forgotten."""
        self.put_map_back()
        for dock in self.findChildren(QDockWidget):
            dock.setFloating(False)
        self.restoreState(self._default_state)
        self.fleet_panel.table.horizontalHeader().restoreState(self._default_header)
        self._size_side_docks()
        self.resizeDocks([self.alarm_dock], [BOTTOM_HEIGHT], Qt.Orientation.Vertical)
        self._bottom_compact = False
        self._fit_bottom_now()
        self.notice_toolbar.setVisible(self.notice_bar.showing())
        self.qsettings.remove(self.layout_key())
        self.qsettings.sync()

    # ------------------------------------------------------------------ the map's own window

    @Slot(bool)
    def set_map_in_own_window(self, own: bool) -> None:
        """View ▸ Map in its own window: the map leaves the main window for a window of its
        own (on the second screen when there is one) and comes back when unticked or closed."""
        if own == (self.map_window is not None):
            return
        if not own:
            self.put_map_back()
            return
        window = MapWindow(self)
        window.setWindowTitle(self.tr("OpticalLock map"))
        window.closed.connect(self.put_map_back)
        self._map_column.removeWidget(self.map_view)
        window.column.addWidget(self.map_view)
        self.map_view.show()
        self._map_placeholder.show()
        self.map_window = window
        screens = QGuiApplication.screens()
        others = [s for s in screens if s is not self.screen()]
        if others:  # a second monitor: the map goes there, filling it
            window.setGeometry(others[0].availableGeometry())
        else:
            window.resize(max(640, self.map_view.width()), max(480, self.map_view.height()))
        window.show()
        self.map_window_action.setChecked(True)

    @Slot()
    def put_map_back(self) -> None:
        """The map back in the main window (its own window closed)."""
        window = self.map_window
        if window is None:
            return
        self.map_window = None
        window.column.removeWidget(self.map_view)
        self._map_column.addWidget(self.map_view, 1)
        self.map_view.show()
        self._map_placeholder.hide()
        self.map_window_action.setChecked(False)
        window.closed.disconnect(self.put_map_back)
        window.close()
        window.deleteLater()

    @Slot()
    def toggle_full_screen(self) -> None:
        """F11: the map's own window full screen (or back), or the main window if the map is
        in it."""
        target: QWidget = self.map_window if self.map_window is not None else self
        if target.isFullScreen():
            target.showNormal()
        else:
            target.showFullScreen()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        super().closeEvent(event)
        if event.isAccepted():
            self.contacts.stop()
            self.closed.emit()


class MapWindow(QWidget):
    """The map's window of its own (View ▸ Map in its own window); F11 and Escape leave full
    screen, closing it puts the map back in the main window.

    Signals:
        closed(): the window was closed.
    """

    closed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("mapWindow")
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        full = QAction(self)
        full.setShortcut(QKeySequence(Qt.Key.Key_F11))
        full.triggered.connect(
            lambda: self.showNormal() if self.isFullScreen() else self.showFullScreen())
        leave = QAction(self)
        leave.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        leave.triggered.connect(self.showNormal)
        self.addActions([full, leave])

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        if event.isAccepted():
            self.closed.emit()
