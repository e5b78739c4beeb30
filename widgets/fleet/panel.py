"""The fleet table panel: the search box, the sortable fleet table, the trailer count, and the
once-a-second repaint that keeps the visible ages true.

The search filters; it never selects. A view in single selection moves its selection to the next
row when the selected row goes away (Qt's "one item stays selected"), so typing "Monterrey"
turned TR-10035 into whichever trailer was below it, and the detail panel and the map followed.
Here a selected trailer hidden by the search is unselected instead, said under the search box
("TR-10035 is hidden by the search"), and selected again once a search shows it, unless the
dispatcher picked another meanwhile."""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console.alarms.labels import priority_label
from console.fleet.labels import status_label
from console.fleet.models import Column, FleetFilterProxy, FleetRole, FleetTableModel
from console.text import isolate
from opticallock.protocol import AlarmPriority
from opticallock.status import TrailerStatus

#: In a fleet of more than SEARCH_DELAY_ROWS trailers the search is applied once typing pauses
#: SEARCH_DELAY_MS (a keystroke never waits for 10,000 rows: ~70 ms each, bench/bench_search.py);
#: a smaller one filters as each key is typed.
SEARCH_DELAY_MS = 120
SEARCH_DELAY_ROWS = 2000

#: Starting widths of the table's columns (the dispatcher's own widths persist in QSettings).
COLUMN_WIDTHS = {Column.TRAILER: 78, Column.LOCK: 82, Column.STATUS: 110, Column.DRIVER: 140,
                 Column.SPEED: 70, Column.LAST_FIX: 80, Column.FIBER: 120, Column.BATTERY: 62}


class FleetTableView(QTableView):
    """The fleet table: a row going away (filtered out, or out of a search as its state
    changes) takes the selection with it instead of handing it to the row below.

    ``losing_selection`` is true from the moment the selected row is about to go until the
    selection's change is announced (its readers set it back)."""

    losing_selection = False

    def rowsAboutToBeRemoved(self, parent: QModelIndex | QPersistentModelIndex, start: int,
                             end: int) -> None:
        self.losing_selection = any(start <= i.row() <= end and i.parent() == parent
                                    for i in self.selectionModel().selectedRows())
        current = self.currentIndex()
        if current.isValid() and start <= current.row() <= end and current.parent() == parent:
            # QAbstractItemView makes the next row current *and selected* in single selection.
            self.selectionModel().setCurrentIndex(QModelIndex(),
                                                  QItemSelectionModel.SelectionFlag.NoUpdate)
        super().rowsAboutToBeRemoved(parent, start, end)


class FleetPanel(QWidget):
    """Search box and the sortable fleet table (its context menu: message or call the driver,
    trip history).

    Signals:
        messageDriverRequested(str), callDriverRequested(str), historyRequested(str): trailer id.
        selectionHidden(str): the selected trailer was unselected because the search hides it
            (its id), or "" once that is over (selected again, another picked, search cleared).
    """

    messageDriverRequested = Signal(str)
    callDriverRequested = Signal(str)
    historyRequested = Signal(str)
    selectionHidden = Signal(str)

    def __init__(self, model: FleetTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.proxy = FleetFilterProxy(self)
        self.proxy.setSourceModel(model)
        self.search = QLineEdit(self)
        self.search.setObjectName("fleetSearch")
        self.search.setPlaceholderText(self.tr("Search trailer, lock, driver, state, city…"))
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(lambda: self.set_search(self.search.text()))
        self.search.textChanged.connect(self._on_search_typed)
        #: The trailer the dispatcher selected last, kept while the search hides it.
        self._chosen: str | None = None
        self._hidden: str | None = None
        self.hidden_hint = QLabel(self)
        self.hidden_hint.setObjectName("fleetHiddenSelection")
        self.hidden_hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hidden_hint.setStyleSheet("color: palette(link);")
        self.show_hidden_button = QPushButton(self.tr("Clear search"), self)
        self.show_hidden_button.setObjectName("fleetShowHidden")
        self.show_hidden_button.setFlat(True)
        self.show_hidden_button.clicked.connect(self.search.clear)
        hint = QHBoxLayout()
        hint.setContentsMargins(0, 0, 0, 0)
        hint.addWidget(self.hidden_hint, 1)
        hint.addWidget(self.show_hidden_button)
        self.hidden_hint.hide()
        self.show_hidden_button.hide()
        self.table = FleetTableView(self)
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
        for col, width in COLUMN_WIDTHS.items():
            self.table.setColumnWidth(col, width)
        self.fit_columns()
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._on_context_menu)
        self.count = QLabel(self)
        self.count.setObjectName("fleetCount")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search)
        layout.addLayout(hint)
        layout.addWidget(self.table)
        layout.addWidget(self.count)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        self._update_count()
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        # Ages ("12 s", "3 min") move with time alone: repaint the visible rows once a second
        # (only they are asked for their text) instead of announcing every row as changed.
        self._age_timer = QTimer(self)
        self._age_timer.setInterval(1000)
        self._age_timer.timeout.connect(self.table.viewport().update)
        self._age_timer.start()

    def state_column_width(self) -> int:
        """Wide enough for the longest state the column can say in the interface's language
        ("Alarm (critical)", "Alarma (crítica)", "En movimiento"), its glyph and padding."""
        metrics = self.table.fontMetrics()
        alarm = status_label(TrailerStatus.ALARM)
        words = [status_label(s) for s in TrailerStatus] + [
            f"{alarm} ({priority_label(p).lower()})" for p in AlarmPriority]
        return max(COLUMN_WIDTHS[Column.STATUS],
                   max(metrics.horizontalAdvance(w) for w in words) + 34)

    def fit_columns(self) -> None:
        """Give the state column its :meth:`state_column_width`, and every starting column at
        least its title's width (Spanish titles are longer: "Remolque", "Velocidad"); at start
        and on a language switch. A column the dispatcher made wider stays so."""
        header = self.table.horizontalHeader()
        for col in COLUMN_WIDTHS:
            need = header.sectionSizeFromContents(col).width()
            if col == Column.STATUS:
                need = max(need, self.state_column_width())
            if self.table.columnWidth(col) < need:
                self.table.setColumnWidth(col, need)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.LanguageChange, QEvent.Type.FontChange):
            self.fit_columns()

    @Slot(str)
    def _on_search_typed(self, text: str) -> None:
        if self.model.rowCount() > SEARCH_DELAY_ROWS:
            self._search_timer.start()
        else:
            self.set_search(text)

    @Slot(str)
    def set_search(self, text: str) -> None:
        """Filter the table; the selected trailer stays selected if it still matches, is
        unselected (and said hidden) if not, and comes back when a later search shows it.
        Typing applies it once the dispatcher pauses (SEARCH_DELAY_MS); this applies it now."""
        self._search_timer.stop()
        self.proxy.set_search(text)
        self.table.losing_selection = False
        chosen = self._chosen
        if chosen is not None and self.selected_trailer() is None:
            index = self._proxy_index(chosen)
            if index.isValid():
                self._select_index(index)
        self._update_hidden()

    def _proxy_index(self, trailer_id: str) -> QModelIndex:
        row = self.model.row_of_trailer(trailer_id)
        return QModelIndex() if row is None else self.proxy.mapFromSource(self.model.index(row, 0))

    def _select_index(self, index: QModelIndex) -> None:
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)

    @Slot()
    def _on_selection_changed(self) -> None:
        selected = self.selected_trailer()
        if selected is not None:
            self._chosen = selected
        elif not self.table.losing_selection:
            self._chosen = None  # unselected by the dispatcher, not by the search
        self.table.losing_selection = False
        self._update_hidden()

    def _update_hidden(self) -> None:
        chosen = self._chosen
        hidden = (chosen if chosen is not None and self.selected_trailer() is None
                  and self.model.row_of_trailer(chosen) is not None
                  and not self._proxy_index(chosen).isValid() else None)
        if hidden == self._hidden:
            return
        self._hidden = hidden
        if hidden is not None:
            self.hidden_hint.setText(self.tr("{trailer} is hidden by the search.").format(
                trailer=isolate(hidden)))
        self.hidden_hint.setVisible(hidden is not None)
        self.show_hidden_button.setVisible(hidden is not None)
        self.selectionHidden.emit(hidden or "")

    def hidden_selection(self) -> str | None:
        """The selected trailer the search hides now (unselected meanwhile), if any."""
        return self._hidden

    @Slot()
    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(
            self.tr("{shown} of {total} trailers").format(shown=shown, total=total)
            if shown != total else self.tr("{total} trailers").format(total=total))

    @Slot(QPoint)
    def _on_context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        trailer_id = str(index.data(FleetRole.TRAILER_ID))
        menu = QMenu(self.table)
        menu.addAction(self.tr("Message driver…"),
                       lambda: self.messageDriverRequested.emit(trailer_id))
        menu.addAction(self.tr("Call driver…"), lambda: self.callDriverRequested.emit(trailer_id))
        menu.addSeparator()
        menu.addAction(self.tr("Trip history…"), lambda: self.historyRequested.emit(trailer_id))
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.table.viewport().mapToGlobal(pos))  # never exec(): no nested loop

    def selected_trailer(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return str(rows[0].data(FleetRole.TRAILER_ID)) if rows else None

    def select_trailer(self, trailer_id: str) -> bool:
        """Select this trailer's row (clearing the search if it hides it); False if unknown."""
        if self.model.row_of_trailer(trailer_id) is None:
            return False
        self._chosen = trailer_id
        index = self._proxy_index(trailer_id)
        if not index.isValid():
            self.search.clear()
            self.set_search("")
            index = self._proxy_index(trailer_id)
        if self.selected_trailer() != trailer_id:
            self._select_index(index)
        return True
