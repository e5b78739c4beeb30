"""Hostile text from the network in the main window: a driver name with a right-to-left override
and one of 10,000 characters without a space. The window keeps its width when such a trailer is
selected and can still be made smaller; the fleet table shows no override; the full name stays
reachable in a tooltip."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6 import QtGui
from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtGui import QTextDocument

from console.alarms.action_plans import load_action_plans
from console.fleet.models import Column
from console.fleet.store import FleetStore
from console.text import BIDI_CONTROLS, ELLIPSIS, FSI, MAX_TOOLTIP_CHARS, PDI, ZWSP
from opticallock.protocol import AlarmStep, AlarmType
from tests.widgets.alarms.test_widgets import make_alarm
from tests.widgets.test_main_window import snapshot
from widgets.alarms.panel import AlarmPanel
from widgets.main_window import MainWindow

RLO = "\u202e"
LONG_NAME = "W" * 10_000
RLO_NAME = f"{RLO}Ana Ruiz"
ARABIC_NAME = "سعيد علي"


def shown_tooltip(tip: str) -> str:
    """What a tooltip shows, as Qt renders it (without the zero-width break opportunities)."""
    assert QtGui.Qt.mightBeRichText(tip)  # so Qt never guesses: the text inside is escaped
    document = QTextDocument()
    document.setHtml(tip)
    return document.toPlainText().replace(ZWSP, "")


def hostile_window(qtbot: Any, tmp_path: Path) -> MainWindow:
    fleet = snapshot()
    fleet.drivers[0].name = RLO_NAME
    fleet.drivers[1].name = LONG_NAME
    fleet.drivers[2].name = ARABIC_NAME
    store = FleetStore(coalesce_ms=10)
    store.load_snapshot(fleet)
    window = MainWindow(store, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_a_10000_character_name_does_not_widen_the_window(qtbot: Any, tmp_path: Path) -> None:
    window = hostile_window(qtbot, tmp_path)
    width = window.width()
    minimum = window.minimumSizeHint().width()
    window.select_trailer("TR-1")
    qtbot.waitUntil(lambda: window.detail_panel.trailer_id == "TR-1")
    QCoreApplication.sendPostedEvents()  # the layout requests the new text posted
    assert window.width() == width
    assert window.minimumSizeHint().width() <= max(minimum, width)
    # and it can still be made narrower than it is (down to what it needed before)
    window.resize(minimum, window.height())
    qtbot.waitUntil(lambda: window.width() == max(minimum, window.minimumSize().width()))
    # The name is elided in the panel; the tooltip has as much of it as a tooltip can show.
    label = window.detail_panel.fields["Driver"]
    assert len(label.text()) < 100
    assert shown_tooltip(label.toolTip()) == LONG_NAME[:MAX_TOOLTIP_CHARS] + ELLIPSIS


def test_the_fleet_table_shows_no_direction_override(qtbot: Any, tmp_path: Path) -> None:
    window = hostile_window(qtbot, tmp_path)
    model = window.fleet_model
    shown = {model.index(r, Column.DRIVER).data() for r in range(model.rowCount())}
    assert not {ch for text in shown for ch in text} & (BIDI_CONTROLS - {FSI, PDI})
    assert "Ana Ruiz" in shown
    assert f"{FSI}{ARABIC_NAME}{PDI}" in shown  # isolated, its letters as written
    row = model.row_of_trailer("TR-1")
    tip = model.index(row, Column.DRIVER).data(Qt.ItemDataRole.ToolTipRole)
    assert shown_tooltip(tip) == LONG_NAME[:MAX_TOOLTIP_CHARS] + ELLIPSIS
    # and the detail panel says it the same way
    window.select_trailer("TR-0")
    qtbot.waitUntil(lambda: window.detail_panel.trailer_id == "TR-0")
    assert RLO not in window.detail_panel.fields["Driver"].text()
    assert window.detail_panel.fields["Driver"].text().startswith("Ana Ruiz")


def test_a_step_with_a_long_unbroken_label_is_elided_but_ticked_by_its_whole_label(
        qtbot: Any) -> None:
    plan = load_action_plans()[AlarmType.GPS_LOST]
    long_label = "X" * 200  # the longest label a step may have on the wire
    alarm = make_alarm(5, AlarmType.GPS_LOST,
                       steps=[AlarmStep(step_id="long", label=long_label, done=False, by="ana",
                                        at=0.0)])
    panel = AlarmPanel()
    qtbot.addWidget(panel)
    panel.show_alarm(alarm, plan, set())
    assert len(panel.step_labels["long"].text()) < 100
    with qtbot.waitSignal(panel.stepToggled) as blocker:
        panel.step_boxes["long"].click()
    assert blocker.args[2] == long_label
