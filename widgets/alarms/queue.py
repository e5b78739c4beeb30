"""The alarm queue: the table of unresolved alarms with Acknowledge (Ctrl+K) and Resolve (Ctrl+R),
"All / Mine / Unassigned" (by owner), Next alarm (F8) and Do the next step (F9).

The view only shows and asks. Order, colours, the flashing of open critical rows and the
"ack pending…" overlay are the model's (console/alarms/models.py); acting on an alarm is the
caller's, who answers ``acknowledgeRequested`` with the acknowledge dialog. What the view keeps
is the dispatcher's selection, by alarm id, across a model reset (a resync), because losing the
row being worked on in the middle of an incident is worse than any flicker.

Signals:
    acknowledgeRequested(str): Acknowledge (button or Ctrl+K) on the selected alarm's id.
    resolveRequested(str): Resolve (button or Ctrl+R) on the selected alarm's id.
    alarmSelected(str): the selected alarm's id; "" when the selection went away (the alarm
        was resolved, or the queue emptied).
    trailerActivated(str): a row was double-clicked (or Enter pressed): its trailer id.
    nextStepRequested(str): Do the next step (F9) on the selected alarm's id.
    emptyChanged(bool): the queue has no alarm at all (True) or has some again (False); the
        table then gives way to one line, "No open alarms".
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import (
    QAbstractItemModel,
    QItemSelection,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from console.alarms.desk import AlarmDesk
from console.alarms.models import AlarmColumn, AlarmOwnerFilter, AlarmQueueModel, AlarmRole
from console.fleet.labels import QT_TRANSLATE_NOOP
from opticallock.protocol import AlarmState

ModelIndex = QModelIndex | QPersistentModelIndex

#: Starting widths by column, not by header text (which a translation changes); the dispatcher
#: can drag them and the last column stretches.
COLUMN_WIDTHS = {AlarmColumn.PRIORITY: 104, AlarmColumn.LEVEL: 40, AlarmColumn.STATE: 150,
                 AlarmColumn.OWNER: 90, AlarmColumn.ALARM: 180, AlarmColumn.TRAILER: 84,
                 AlarmColumn.DRIVER: 130, AlarmColumn.WHERE: 230, AlarmColumn.RAISED: 100,
                 AlarmColumn.TIME_TO_ACK: 110}
#: The owner filter's choices, in the toolbar's order.
OWNER_FILTERS = {
    "all": QT_TRANSLATE_NOOP("AlarmQueueView", "All"),
    "mine": QT_TRANSLATE_NOOP("AlarmQueueView", "Mine"),
    "unassigned": QT_TRANSLATE_NOOP("AlarmQueueView", "Unassigned"),
}
#: The keys of the two actions a dispatcher repeats all shift long (not taken elsewhere).
NEXT_ALARM_KEY = "F8"
NEXT_STEP_KEY = "F9"
#: Actions a dispatcher took that count as "pending" in the queue's summary; the console's own
#: bookkeeping ("seen" marks, escalation records) is not the dispatcher's business.
DISPATCHER_ACTIONS = frozenset({"ack", "resolve", "step"})


class AlarmQueueView(QWidget):
    acknowledgeRequested = Signal(str)
    resolveRequested = Signal(str)
    alarmSelected = Signal(str)
    trailerActivated = Signal(str)
    nextStepRequested = Signal(str)
    emptyChanged = Signal(bool)

    def __init__(self, model: QAbstractItemModel, parent: QWidget | None = None) -> None:
        """``model`` is an :class:`AlarmQueueModel` (any model answering :class:`AlarmRole`
        works; the pending count needs the queue model's desk)."""
        super().__init__(parent)
        self.model = model
        self._selected_id = ""
        self._selected_leaving = False

        self.acknowledge_action = QAction(self.tr("&Acknowledge…"), self)
        self.acknowledge_action.setObjectName("acknowledgeAlarm")
        self.acknowledge_action.setShortcut(QKeySequence("Ctrl+K"))
        self.acknowledge_action.setIconText(self.tr("Acknowledge (Ctrl+K)"))
        self.acknowledge_action.setToolTip(self.tr("Acknowledge the selected alarm (Ctrl+K)"))
        self.acknowledge_action.triggered.connect(self._on_acknowledge)
        self.resolve_action = QAction(self.tr("&Resolve…"), self)
        self.resolve_action.setObjectName("resolveAlarm")
        self.resolve_action.setShortcut(QKeySequence("Ctrl+R"))
        self.resolve_action.setIconText(self.tr("Resolve (Ctrl+R)"))
        self.resolve_action.setToolTip(
            self.tr("Resolve the selected alarm with an outcome (Ctrl+R)"))
        self.resolve_action.triggered.connect(self._on_resolve)
        self.next_alarm_action = QAction(self.tr("&Next alarm"), self)
        self.next_alarm_action.setObjectName("nextAlarm")
        self.next_alarm_action.setShortcut(QKeySequence(NEXT_ALARM_KEY))
        self.next_alarm_action.setToolTip(self.tr(
            "Select the next alarm in the queue, most urgent first ({key})").format(
            key=NEXT_ALARM_KEY))
        self.next_alarm_action.triggered.connect(self.select_next)
        self.next_step_action = QAction(self.tr("Do the next &step"), self)
        self.next_step_action.setObjectName("nextStep")
        self.next_step_action.setShortcut(QKeySequence(NEXT_STEP_KEY))
        self.next_step_action.setToolTip(self.tr(
            "The selected alarm's next step: acknowledge it, tick its next action-plan step "
            "as done, or resolve it once they are all done ({key})").format(key=NEXT_STEP_KEY))
        self.next_step_action.triggered.connect(self._on_next_step)
        self.filter_group = QActionGroup(self)
        self.filter_group.setExclusive(True)
        self.filter_actions: dict[str, QAction] = {}
        for mode, text in OWNER_FILTERS.items():
            action = QAction(self.tr(text), self.filter_group)
            action.setObjectName(f"ownerFilter_{mode}")
            action.setCheckable(True)
            action.setChecked(mode == "all")
            action.setToolTip({
                "all": self.tr("Every unresolved alarm"),
                "mine": self.tr("Only the alarms you own"),
                "unassigned": self.tr("Only the alarms nobody has taken"),
            }[mode])
            action.triggered.connect(lambda _checked=False, m=mode: self.set_owner_filter(m))
            self.filter_actions[mode] = action

        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("alarmQueueToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.addAction(self.acknowledge_action)
        self.toolbar.addAction(self.resolve_action)
        self.toolbar.addSeparator()
        for action in self.filter_actions.values():
            self.toolbar.addAction(action)
        spacer = QWidget(self.toolbar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.toolbar.addWidget(spacer)
        self.count_label = QLabel(self.toolbar)
        self.count_label.setObjectName("alarmCount")
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.count_label.setContentsMargins(0, 0, 6, 0)
        self.toolbar.addWidget(self.count_label)

        self.table = QTableView(self)
        self.table.setObjectName("alarmQueue")
        self.proxy = AlarmOwnerFilter(self)
        # Connected before setModel so it runs before the view moves the selection away.
        self.proxy.rowsAboutToBeRemoved.connect(self._on_rows_about_to_be_removed)
        self.proxy.setSourceModel(model)
        self.table.setModel(self.proxy)
        # Their keys work wherever the queue is in the window, toolbar or not.
        self.addAction(self.next_alarm_action)
        self.addAction(self.next_step_action)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        for col, width in COLUMN_WIDTHS.items():
            if col < model.columnCount():
                self.table.setColumnWidth(col, width)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.table)
        # An empty queue is one line, not half the screen of empty table.
        self.empty_label = QLabel(self.tr("No open alarms"), self)
        self.empty_label.setObjectName("alarmQueueEmpty")
        self.empty_label.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.empty_label)
        layout.addStretch(1)
        self._empty: bool | None = None
        self.table.setAccessibleName(self.tr("Alarm queue"))
        self.table.setAccessibleDescription(self.tr(
            "Unresolved alarms, most urgent first: priority, escalation, state, owner, alarm "
            "type, trailer, driver and place"))

        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.table.activated.connect(self._on_activated)
        self.proxy.modelReset.connect(self._on_model_reset)
        self.proxy.rowsInserted.connect(self.update_counts)
        self.proxy.rowsRemoved.connect(self._on_rows_removed)
        self.proxy.dataChanged.connect(self._on_data_changed)
        self.desk: AlarmDesk | None = None
        self.set_desk(model.desk if isinstance(model, AlarmQueueModel) else None)
        self._update_actions()
        self._show_empty()

    def set_desk(self, desk: AlarmDesk | None) -> None:
        """Count this desk's pending actions (None: signed out). The model has its own."""
        if self.desk is not None:
            with contextlib.suppress(RuntimeError, TypeError):
                self.desk.pendingChanged.disconnect(self.update_counts)
        self.desk = desk
        if desk is not None:
            desk.pendingChanged.connect(self.update_counts)
        self.proxy.set_username(desk.username if desk is not None else "")
        self.update_counts()

    # ------------------------------------------------------------------ the owner filter

    @property
    def owner_filter(self) -> str:
        return self.proxy.mode

    def set_owner_filter(self, mode: str) -> None:
        """Show "all" unresolved alarms, only "mine", or only "unassigned" ones."""
        self.proxy.set_mode(mode)
        self.filter_actions[mode].setChecked(True)
        self._update_actions()
        self.update_counts()

    # ------------------------------------------------------------------ selection

    def selected_alarm_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        value = rows[0].data(AlarmRole.ALARM_ID)
        return str(value) if value else None

    def select_alarm(self, alarm_id: str) -> bool:
        """Select the row of ``alarm_id`` (e.g. from a tray notification or the escalation
        banner), showing all alarms if the owner filter hides it; False if absent."""
        row = self._row_of(alarm_id)
        if row is None and self.proxy.mode != "all" and self._source_row_of(alarm_id) is not None:
            self.set_owner_filter("all")
            row = self._row_of(alarm_id)
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.proxy.index(row, 0))
        return True

    @Slot()
    def select_next(self) -> bool:
        """Select the alarm after the selected one (the first after the last, the first when
        none is selected); False when the queue shows none."""
        count = self.proxy.rowCount()
        if count == 0:
            return False
        rows = self.table.selectionModel().selectedRows()
        row = (rows[0].row() + 1) % count if rows else 0
        self.table.selectRow(row)
        self.table.scrollTo(self.proxy.index(row, 0))
        self.table.setFocus()
        return True

    def _source_row_of(self, alarm_id: str) -> int | None:
        if isinstance(self.model, AlarmQueueModel):
            return self.model.row_of(alarm_id)
        for row in range(self.model.rowCount()):
            if self.model.index(row, 0).data(AlarmRole.ALARM_ID) == alarm_id:
                return row
        return None

    def _row_of(self, alarm_id: str) -> int | None:
        """The shown row of ``alarm_id`` (None: not in the queue, or filtered out)."""
        source = self._source_row_of(alarm_id)
        if source is None:
            return None
        row = self.proxy.mapFromSource(self.model.index(source, 0)).row()
        return row if row >= 0 else None

    def _selected_state(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return str(rows[0].data(AlarmRole.STATE) or "") if rows else None

    @Slot(QItemSelection, QItemSelection)
    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection
                              ) -> None:
        if self._selected_leaving:
            return
        alarm_id = self.selected_alarm_id() or ""
        self._update_actions()
        if alarm_id != self._selected_id:
            self._selected_id = alarm_id
            self.alarmSelected.emit(alarm_id)

    @Slot(QModelIndex, int, int)
    def _on_rows_about_to_be_removed(self, _parent: QModelIndex, first: int, last: int) -> None:
        # Qt would move the selection to the next row: the dispatcher could then acknowledge an
        # alarm they never chose. The selected alarm left (resolved): select nothing instead.
        rows = self.table.selectionModel().selectedRows()
        self._selected_leaving = bool(rows) and first <= rows[0].row() <= last

    @Slot()
    def _on_rows_removed(self) -> None:
        if self._selected_leaving:
            self.table.selectionModel().clear()
            self._selected_leaving = False
            self._on_selection_changed(QItemSelection(), QItemSelection())
        self.update_counts()

    @Slot()
    def _on_model_reset(self) -> None:
        # A reset drops the selection silently (no selectionChanged): put it back if the alarm
        # is still in the queue, otherwise say the selection went away.
        wanted = self._selected_id
        if not (wanted and self.select_alarm(wanted)) and wanted:
            self._selected_id = ""
            self.alarmSelected.emit("")
        self._update_actions()
        self.update_counts()

    def _update_actions(self) -> None:
        state = self._selected_state()
        # The state role is the cloud's; a pending ack still shows "open" and may be asked again
        # (the desk answers with the ack already queued).
        self.acknowledge_action.setEnabled(state == AlarmState.OPEN.value)
        self.resolve_action.setEnabled(state in (AlarmState.OPEN.value,
                                                 AlarmState.ACKNOWLEDGED.value))
        self.next_step_action.setEnabled(self.resolve_action.isEnabled())

    # ------------------------------------------------------------------ actions

    @Slot()
    def _on_acknowledge(self) -> None:
        alarm_id = self.selected_alarm_id()
        if alarm_id and self.acknowledge_action.isEnabled():
            self.acknowledgeRequested.emit(alarm_id)

    @Slot()
    def _on_resolve(self) -> None:
        alarm_id = self.selected_alarm_id()
        if alarm_id and self.resolve_action.isEnabled():
            self.resolveRequested.emit(alarm_id)

    @Slot()
    def _on_next_step(self) -> None:
        alarm_id = self.selected_alarm_id()
        if alarm_id and self.next_step_action.isEnabled():
            self.nextStepRequested.emit(alarm_id)

    @Slot(QModelIndex)
    def _on_activated(self, index: QModelIndex) -> None:
        trailer_id = index.data(AlarmRole.TRAILER_ID)
        if trailer_id:
            self.trailerActivated.emit(str(trailer_id))

    # ------------------------------------------------------------------ counts

    @Slot(QModelIndex, QModelIndex, list)
    def _on_data_changed(self, top_left: ModelIndex, bottom_right: ModelIndex,
                         roles: list[int] | None = None) -> None:
        # The flash (twice a second) and the time-to-ack clock (every second) change no count.
        if roles and Qt.ItemDataRole.DisplayRole not in roles and AlarmRole.STATE not in roles:
            return
        if (isinstance(self.model, AlarmQueueModel)
                and top_left.column() == bottom_right.column() == AlarmColumn.TIME_TO_ACK):
            return
        self.update_counts()
        self._update_actions()

    @Slot()
    def update_counts(self) -> None:
        """"3 open · 1 acknowledged · 2 pending" (pending: the dispatcher's actions the cloud
        has not confirmed yet, e.g. while offline)."""
        if isinstance(self.model, AlarmQueueModel):
            counts = self.model.state_counts()
            opened = counts[AlarmState.OPEN.value]
            acked = counts[AlarmState.ACKNOWLEDGED.value]
        else:
            states = [self.model.index(row, 0).data(AlarmRole.STATE)
                      for row in range(self.model.rowCount())]
            opened = sum(1 for s in states if s == AlarmState.OPEN.value)
            acked = sum(1 for s in states if s == AlarmState.ACKNOWLEDGED.value)
        text = self.tr("{open} open · {acked} acknowledged").format(open=opened, acked=acked)
        if self.desk is not None:
            pending = sum(1 for a in self.desk.outbox.all() if a.kind in DISPATCHER_ACTIONS)
            text += " · " + self.tr("{n} pending").format(n=pending)
            self.count_label.setToolTip(self.tr(
                "Pending: your acknowledgements, resolutions and ticked steps that have not "
                "reached the cloud yet; they are sent as soon as the link is live."))
        self.count_label.setText(text)
        self._show_empty()

    def is_empty(self) -> bool:
        """No alarm in the queue at all (whatever the owner filter)."""
        return self.model.rowCount() == 0

    def _show_empty(self) -> None:
        empty = self.is_empty()
        filtered_out = not empty and self.proxy.rowCount() == 0
        self.empty_label.setText(self.tr("No alarms match this filter") if filtered_out
                                 else self.tr("No open alarms"))
        self.empty_label.setVisible(empty or filtered_out)
        self.table.setVisible(not (empty or filtered_out))
        if empty != self._empty:
            self._empty = empty
            self.emptyChanged.emit(empty)
