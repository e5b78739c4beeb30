"""The fleet table's state column says its longest state whole, in either language: at a
laptop's size it showed "Alarm …" and "En …" (the screenshots of issue 17)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from console.alarms.labels import priority_label
from console.fleet.labels import status_label
from console.fleet.models import Column, FleetTableModel
from console.fleet.store import FleetStore
from console.i18n import Translation
from opticallock.protocol import AlarmPriority
from opticallock.status import TrailerStatus
from widgets.fleet.panel import COLUMN_WIDTHS, FleetPanel

GLYPH_AND_PADDING = 30  # the state's glyph (the decoration) and the cell's margins


@pytest.fixture
def translation(qapp: Any, tmp_path: Path) -> Iterator[Translation]:
    translation = Translation(tmp_path / "cache")
    yield translation
    translation.set_language("en")


def make_panel(qtbot: Any) -> FleetPanel:
    store = FleetStore(coalesce_ms=10)
    panel = FleetPanel(FleetTableModel(store, lambda: 1000.0))
    store.setParent(panel)
    qtbot.addWidget(panel)
    return panel


def widest_state(panel: FleetPanel) -> int:
    metrics = panel.table.fontMetrics()
    alarm = status_label(TrailerStatus.ALARM)
    words = [status_label(s) for s in TrailerStatus]
    words += [f"{alarm} ({priority_label(p).lower()})" for p in AlarmPriority]
    return max(metrics.horizontalAdvance(w) for w in words)


def test_the_state_column_holds_every_state_in_english(qtbot: Any) -> None:
    panel = make_panel(qtbot)
    assert panel.table.columnWidth(Column.STATUS) >= widest_state(panel) + GLYPH_AND_PADDING
    assert panel.table.columnWidth(Column.STATUS) > COLUMN_WIDTHS[Column.STATUS]


def test_after_a_switch_to_spanish_it_holds_the_spanish_states_and_a_wider_one_stays(
        qtbot: Any, translation: Translation) -> None:
    panel = make_panel(qtbot)
    english = panel.table.columnWidth(Column.STATUS)
    translation.set_language("es")
    assert status_label(TrailerStatus.MOVING) == "En movimiento"
    qtbot.waitUntil(lambda: panel.table.columnWidth(Column.STATUS)
                    >= widest_state(panel) + GLYPH_AND_PADDING)
    metrics = panel.table.fontMetrics()
    assert panel.table.columnWidth(Column.STATUS) >= max(
        english, metrics.horizontalAdvance("En movimiento") + GLYPH_AND_PADDING)
    panel.table.setColumnWidth(Column.STATUS, 400)  # the dispatcher's own width
    translation.set_language("en")
    qtbot.waitUntil(lambda: status_label(TrailerStatus.MOVING) == "Moving")
    panel.fit_columns()
    assert panel.table.columnWidth(Column.STATUS) == 400
