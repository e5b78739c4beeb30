"""The link's diagnostics as Qt table models (QtCore only; the view is widgets/link/diagnostics.py),
and the words and colours of a notice's severity.

Both tables list the newest first and follow their :class:`~console.link.diagnostics.Diagnostics`
as it grows: each model keeps its own list of rows, so that when the record drops its oldest
entry (it keeps :data:`~console.link.diagnostics.KEEP`) the model removes that row before it
inserts the new one, as Qt's model contract wants (the record's deque has changed already when
its signal arrives).
"""

from __future__ import annotations

import time
from enum import IntEnum
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QModelIndex, QObject, QPersistentModelIndex, Qt, Slot
from PySide6.QtGui import QColor

from console.alarms.labels import PRIORITY_COLORS
from console.fleet.labels import QT_TRANSLATE_NOOP, STATUS_COLORS, TranslatedNames
from console.link.diagnostics import Diagnostics, Notice, RejectedEvent, Severity
from console.palette import ThemedColors
from console.tables import ColumnTableModel
from console.text import isolate
from opticallock.protocol import AlarmPriority
from opticallock.status import TrailerStatus

ModelIndex = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row", Notice, RejectedEvent)

CONTEXT = "LinkDiagnostics"

#: A notice's colour: the alarms' red and amber for critical and warning, the fleet's blue for
#: information. Never the only cue: the severity's word (and the bar's icon) go with it.
SEVERITY_COLORS: ThemedColors[Severity] = ThemedColors({
    Severity.CRITICAL: PRIORITY_COLORS.role(AlarmPriority.CRITICAL),
    Severity.WARNING: PRIORITY_COLORS.role(AlarmPriority.MEDIUM),
    Severity.INFO: STATUS_COLORS.role(TrailerStatus.PARKED),
})

SEVERITY_NAMES: TranslatedNames[Severity] = TranslatedNames(CONTEXT, {
    Severity.CRITICAL: QT_TRANSLATE_NOOP("LinkDiagnostics", "Critical"),
    Severity.WARNING: QT_TRANSLATE_NOOP("LinkDiagnostics", "Warning"),
    Severity.INFO: QT_TRANSLATE_NOOP("LinkDiagnostics", "Information"),
})

#: Where a rejected event was met (RejectedEvent.source).
SOURCE_NAMES: TranslatedNames[str] = TranslatedNames(CONTEXT, {
    "stream": QT_TRANSLATE_NOOP("LinkDiagnostics", "Live stream"),
    "backfill": QT_TRANSLATE_NOOP("LinkDiagnostics", "Gap backfill"),
    "journal": QT_TRANSLATE_NOOP("LinkDiagnostics", "Local journal"),
})


def severity_label(severity: Severity) -> str:
    return SEVERITY_NAMES[severity]


def severity_color(severity: Severity) -> str:
    return SEVERITY_COLORS[severity]


def source_label(source: str) -> str:
    return SOURCE_NAMES.get(source, source)


def moment_text(ts: float) -> str:
    """"2026-12-02 14:05:09": a moment in local time, with its date (notices outlive a day)."""
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(ts))


class NoticeColumn(IntEnum):
    TIME = 0
    SEVERITY = 1
    TITLE = 2
    TEXT = 3


class RejectedColumn(IntEnum):
    TIME = 0
    SEQ = 1
    TYPE = 2
    REASON = 3
    SOURCE = 4


#: Column titles, translated when a view asks for them.
NOTICE_HEADERS = {
    NoticeColumn.TIME: QT_TRANSLATE_NOOP("LinkDiagnostics", "Time"),
    NoticeColumn.SEVERITY: QT_TRANSLATE_NOOP("LinkDiagnostics", "Severity"),
    NoticeColumn.TITLE: QT_TRANSLATE_NOOP("LinkDiagnostics", "Title"),
    NoticeColumn.TEXT: QT_TRANSLATE_NOOP("LinkDiagnostics", "What happened"),
}
#: Column titles, translated when a view asks for them.
REJECTED_HEADERS = {
    RejectedColumn.TIME: QT_TRANSLATE_NOOP("LinkDiagnostics", "Time"),
    RejectedColumn.SEQ: QT_TRANSLATE_NOOP("LinkDiagnostics", "Seq"),
    RejectedColumn.TYPE: QT_TRANSLATE_NOOP("LinkDiagnostics", "Type"),
    RejectedColumn.REASON: QT_TRANSLATE_NOOP("LinkDiagnostics", "Why it was set aside"),
    RejectedColumn.SOURCE: QT_TRANSLATE_NOOP("LinkDiagnostics", "Met in"),
}
REJECTED_TOOLTIPS = {
    RejectedColumn.SEQ: QT_TRANSLATE_NOOP(
        "LinkDiagnostics", "The event's place in the cloud's log; the console stepped over "
        "it and carried on with the next one."),
}


class DiagnosticsRole(IntEnum):
    #: The row's record itself (a Notice or a RejectedEvent).
    RECORD = Qt.ItemDataRole.UserRole + 1
    #: When it happened, POSIX seconds.
    TIME = Qt.ItemDataRole.UserRole + 2
    #: A notice's Severity (notices only).
    SEVERITY = Qt.ItemDataRole.UserRole + 3
    #: A rejected event's text as it arrived (rejected events only).
    RAW = Qt.ItemDataRole.UserRole + 4


class _RecordTableModel(ColumnTableModel, Generic[Row]):
    """Rows of one of the record's deques, newest first, following its signal."""

    CONTEXT = CONTEXT

    def __init__(self, diagnostics: Diagnostics, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.diagnostics = diagnostics
        source = self._source()
        self._keep = source.maxlen
        self._rows: list[Row] = list(reversed(source))

    def _source(self) -> Any:
        raise NotImplementedError

    def row_count(self) -> int:
        return len(self._rows)

    def record(self, row: int) -> Row | None:
        """The record shown in ``row`` (0 is the newest), or None."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    @Slot(object)
    def _on_added(self, record: Row) -> None:
        if self._keep is not None and len(self._rows) >= self._keep:
            last = len(self._rows) - 1
            self.beginRemoveRows(QModelIndex(), last, last)
            self._rows.pop()
            self.endRemoveRows()
        self.beginInsertRows(QModelIndex(), 0, 0)
        self._rows.insert(0, record)
        self.endInsertRows()


class NoticeTableModel(_RecordTableModel[Notice]):
    """The notices the dispatcher was told, newest first."""

    COLUMNS = NoticeColumn
    HEADERS = NOTICE_HEADERS

    def __init__(self, diagnostics: Diagnostics, parent: QObject | None = None) -> None:
        super().__init__(diagnostics, parent)
        diagnostics.noticeAdded.connect(self._on_added)

    def _source(self) -> Any:
        return self.diagnostics.notices

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        notice = self.record(index.row()) if index.isValid() else None
        if notice is None:
            return None
        column = NoticeColumn(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            match column:
                case NoticeColumn.TIME:
                    return moment_text(notice.at)
                case NoticeColumn.SEVERITY:
                    return severity_label(notice.severity)
                case NoticeColumn.TITLE:
                    return notice.title
                case NoticeColumn.TEXT:
                    return notice.text
        if role == Qt.ItemDataRole.ForegroundRole and column == NoticeColumn.SEVERITY:
            return QColor(severity_color(notice.severity))
        if role == DiagnosticsRole.RECORD:
            return notice
        if role == DiagnosticsRole.TIME:
            return notice.at
        if role == DiagnosticsRole.SEVERITY:
            return notice.severity
        return None


class RejectedEventTableModel(_RecordTableModel[RejectedEvent]):
    """The events the link set aside, newest first; their raw text in :attr:`DiagnosticsRole.RAW`.

    The type and the reason came over the network (or from a damaged file): they are shown
    isolated (console/text.py) and never as HTML."""

    COLUMNS = RejectedColumn
    HEADERS = REJECTED_HEADERS
    TOOLTIPS = REJECTED_TOOLTIPS

    def __init__(self, diagnostics: Diagnostics, parent: QObject | None = None) -> None:
        super().__init__(diagnostics, parent)
        diagnostics.eventRejected.connect(self._on_added)

    def _source(self) -> Any:
        return self.diagnostics.rejected

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        event = self.record(index.row()) if index.isValid() else None
        if event is None:
            return None
        column = RejectedColumn(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            unknown = QCoreApplication.translate("LinkDiagnostics", "—")
            match column:
                case RejectedColumn.TIME:
                    return moment_text(event.at)
                case RejectedColumn.SEQ:
                    return unknown if event.seq is None else str(event.seq)
                case RejectedColumn.TYPE:
                    return unknown if event.type is None else isolate(event.type)
                case RejectedColumn.REASON:
                    return isolate(event.reason)
                case RejectedColumn.SOURCE:
                    return source_label(event.source)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == RejectedColumn.SEQ:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == DiagnosticsRole.RECORD:
            return event
        if role == DiagnosticsRole.TIME:
            return event.at
        if role == DiagnosticsRole.RAW:
            return event.raw
        return None


__all__ = [
    "SEVERITY_COLORS",
    "SEVERITY_NAMES",
    "SOURCE_NAMES",
    "DiagnosticsRole",
    "NoticeColumn",
    "NoticeTableModel",
    "RejectedColumn",
    "RejectedEventTableModel",
    "moment_text",
    "severity_color",
    "severity_label",
    "source_label",
]
