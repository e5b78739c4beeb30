"""The fleet at a glance: a tile per trailer state with how many trailers are in it."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, Slot
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from console.fleet.labels import STATUS_COLORS, STATUS_GLYPHS, status_label
from console.fleet.store import FleetStore
from opticallock.status import TrailerStatus
from widgets.theme import ref, set_style


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
            colour = ref(STATUS_COLORS.role(status))
            set_style(tile, "QLabel {{ border: 2px solid " + colour + "; border-radius: 6px; "
                      "background: {p.surface}; color: " + colour + "; padding: 2px 10px; }}")
            row.addWidget(tile)
            self.tiles[status] = tile
        row.addStretch(1)
        #: Counts without their words: the map column is narrower than the words need.
        self._compact = False
        store.reset.connect(self.refresh)
        store.statusChanged.connect(lambda _ids: self.refresh())
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        counts = self.store.board.counts()
        for status, tile in self.tiles.items():
            # The state's shape first: told apart without its colour. Compact (a narrow map
            # column): shape and count, the word in the tooltip and the accessible name.
            said = self.tr("{count} {status}").format(count=counts[status],
                                                      status=status_label(status))
            tile.setToolTip(said)
            tile.setAccessibleName(said)
            if self._compact:
                tile.setText(f"{STATUS_GLYPHS[status]}&nbsp;<b style='font-size:16px'>"
                             f"{counts[status]}</b>")
                continue
            tile.setText(f"{STATUS_GLYPHS[status]}&nbsp;" + self.tr(
                "<b style='font-size:16px'>{count}</b>&nbsp; {status}").format(
                count=counts[status], status=status_label(status)))
        self._check_room()

    def _words_width(self) -> int:
        """What the states' words add to the tiles (the compact tiles leave them out)."""
        return sum(tile.fontMetrics().horizontalAdvance("\u00a0 " + status_label(status))
                   for status, tile in self.tiles.items())

    def minimumSizeHint(self) -> QSize:
        # As narrow as the compact tiles: the words never widen the map column, or the
        # window past a laptop's screen.
        hint = super().minimumSizeHint()
        if not self._compact:
            hint.setWidth(hint.width() - self._words_width())
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._check_room()

    def _check_room(self) -> None:
        """Words or not, for the room there is (after a resize, and after new counts: a third
        digit needs room too)."""
        if not self.isVisible():
            return
        needed = super().sizeHint().width() + (self._words_width() if self._compact else 0)
        compact = self.width() < needed
        if compact != self._compact:
            self._compact = compact
            self.refresh()
            self.updateGeometry()

    def is_compact(self) -> bool:
        """The tiles show counts without their words (a narrow map column)."""
        return self._compact
