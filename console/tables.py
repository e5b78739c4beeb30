"""The one base of the console's flat tables: the fleet, the alarm queue, the drivers, the trips.

Each is a list of rows under columns named by an ``IntEnum``, with translated titles (and
tooltips where they help): that structure is written here once. A subclass says how many rows it
has (:meth:`ColumnTableModel.row_count`) and answers :meth:`data` itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import IntEnum
from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

ModelIndex = QModelIndex | QPersistentModelIndex


class ColumnTableModel(QAbstractTableModel):
    """A flat table whose columns are ``COLUMNS``, titled by ``HEADERS`` and ``TOOLTIPS``
    (source texts, translated in the ``CONTEXT`` context when a view asks for them)."""

    COLUMNS: ClassVar[type[IntEnum]]
    HEADERS: ClassVar[Mapping[Any, str]]
    TOOLTIPS: ClassVar[Mapping[Any, str]] = {}
    #: The translation context of the titles (the one ``QT_TRANSLATE_NOOP`` marked them in).
    CONTEXT: ClassVar[str]

    def row_count(self) -> int:
        """How many rows there are now."""
        raise NotImplementedError

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.row_count()

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.COLUMNS):
            return None
        column = self.COLUMNS(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate(self.CONTEXT, self.HEADERS[column])
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = self.TOOLTIPS.get(column)
            return None if tip is None else QCoreApplication.translate(self.CONTEXT, tip)
        return None
