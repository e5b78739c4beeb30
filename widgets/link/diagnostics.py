"""The link diagnostics view: every notice the dispatcher was told, and the events the link set
aside, with their raw text to copy into a report.

A window of its own (not modal): opened from Session → Link diagnostics…, from the notice bar's
"Details…" and from the status bar's "N events set aside". Two tabs, one table each, newest
first (console/link/diagnostics_models.py); under the rejected events, the selected one's raw
text in a read-only monospace pane with a "Copy" button.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt, Slot
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QTextOption
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from console.link.diagnostics import Diagnostics, RejectedEvent
from console.link.diagnostics_models import (
    DiagnosticsRole,
    NoticeColumn,
    NoticeTableModel,
    RejectedColumn,
    RejectedEventTableModel,
)


def _table(model: NoticeTableModel | RejectedEventTableModel, stretch: int,
           parent: QWidget) -> QTableView:
    table = QTableView(parent)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setMaximumSectionSize(360)  # a 10,000-character type from the network is elided
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    header.setStretchLastSection(False)
    return table


class DiagnosticsView(QDialog):
    """The notices and the rejected events of a :class:`Diagnostics` (see the module)."""

    def __init__(self, diagnostics: Diagnostics, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.diagnostics = diagnostics
        self.setWindowTitle(self.tr("Link diagnostics"))
        self.setObjectName("linkDiagnostics")
        self.resize(900, 520)

        self.notice_model = NoticeTableModel(diagnostics, self)
        self.rejected_model = RejectedEventTableModel(diagnostics, self)
        self.tabs = QTabWidget(self)

        self.notices_table = _table(self.notice_model, NoticeColumn.TEXT, self)
        self.notices_table.setAccessibleName(self.tr("Notices"))
        self.tabs.addTab(self.notices_table, self.tr("Notices"))

        rejected = QWidget(self)
        self.rejected_summary = QLabel(rejected)
        self.rejected_summary.setTextFormat(Qt.TextFormat.PlainText)
        self.rejected_summary.setWordWrap(True)
        self.rejected_table = _table(self.rejected_model, RejectedColumn.REASON, rejected)
        self.rejected_table.setAccessibleName(self.tr("Rejected events"))
        self.raw_text = QPlainTextEdit(rejected)
        self.raw_text.setObjectName("rejectedRaw")
        self.raw_text.setReadOnly(True)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.raw_text.setFont(mono)
        # Raw events are often one long line: wrap anywhere rather than scroll sideways.
        self.raw_text.setWordWrapMode(QTextOption.WrapMode.WrapAnywhere)
        self.raw_text.setAccessibleName(self.tr("Raw text of the selected event"))
        self.raw_text.setPlaceholderText(self.tr("Select an event to see its raw text."))
        self.copy_button = QPushButton(self.tr("&Copy"), rejected)
        self.copy_button.setToolTip(self.tr("Copy the selected event's raw text"))
        self.copy_button.setEnabled(False)
        self.copy_button.clicked.connect(self.copy_raw)
        raw_box = QWidget(rejected)
        raw_layout = QVBoxLayout(raw_box)
        raw_layout.setContentsMargins(0, 0, 0, 0)
        raw_layout.addWidget(self.raw_text, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.copy_button)
        raw_layout.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Vertical, rejected)
        split.addWidget(self.rejected_table)
        split.addWidget(raw_box)
        split.setSizes([300, 160])
        column = QVBoxLayout(rejected)
        column.addWidget(self.rejected_summary)
        column.addWidget(split, 1)
        self.tabs.addTab(rejected, self.tr("Rejected events"))

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(close)

        self.rejected_table.selectionModel().selectionChanged.connect(self._on_rejected_selected)
        self.rejected_model.rowsInserted.connect(self._update_summary)
        self._update_summary()

    def show_tab(self, name: str) -> None:
        """Bring a tab to the front: "notices" or "rejected"."""
        self.tabs.setCurrentIndex({"notices": 0, "rejected": 1}[name])

    def selected_event(self) -> RejectedEvent | None:
        rows = self.rejected_table.selectionModel().selectedRows()
        if not rows:
            return None
        event = rows[0].data(DiagnosticsRole.RECORD)
        return event if isinstance(event, RejectedEvent) else None

    @Slot()
    def copy_raw(self) -> None:
        event = self.selected_event()
        if event is not None:
            QGuiApplication.clipboard().setText(event.raw)

    @Slot(QItemSelection, QItemSelection)
    def _on_rejected_selected(self, _selected: QItemSelection,
                              _deselected: QItemSelection) -> None:
        event = self.selected_event()
        self.raw_text.setPlainText("" if event is None else event.raw)
        self.copy_button.setEnabled(event is not None)

    @Slot()
    def _update_summary(self) -> None:
        total = self.diagnostics.rejected_total
        kept = self.rejected_model.rowCount()
        if total == 0:
            text = self.tr("The link has set no event aside.")
        elif total == kept:
            text = self.tr(
                "The console could not read these events from the cloud's log. Each was "
                "stepped over so the rest of the stream kept coming; the fleet may be missing "
                "what they said. Copy the raw text into a report to the cloud's operators.")
        else:
            text = self.tr(
                "{total} events were set aside since the console started; the latest {kept} "
                "are listed. The local journal keeps them all.").format(total=total, kept=kept)
        self.rejected_summary.setText(text)


__all__ = ["DiagnosticsView"]
