"""The link diagnostics: its two models (checked by qtmodeltester), the view listing rejected
events with their raw text, the status bar's count, and the window's menu action."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QFontInfo, QGuiApplication

from console.fleet.store import FleetStore
from console.link.diagnostics import KEEP, Diagnostics, Notice, RejectedEvent, Severity
from console.link.diagnostics_models import (
    DiagnosticsRole,
    NoticeColumn,
    NoticeTableModel,
    RejectedColumn,
    RejectedEventTableModel,
    moment_text,
)
from widgets.link.diagnostics import DiagnosticsView
from widgets.main_window import MainWindow

AT = 1_780_000_000.0


class Clock:
    """A clock a second later at each reading: rows differ in their first column too."""

    def __init__(self) -> None:
        self.now = AT

    def __call__(self) -> float:
        self.now += 1.0
        return self.now


def raw_event(seq: int) -> str:
    return json.dumps({"seq": seq, "type": "lock_teleported", "lock_id": "OL-7", "x": 1})


def test_the_notice_model_lists_the_newest_first(qtmodeltester: Any) -> None:
    diagnostics = Diagnostics(clock=Clock())
    diagnostics.notify(Severity.WARNING, "Journal damaged", "It was set aside.", "journal")
    model = NoticeTableModel(diagnostics)
    qtmodeltester.check(model)
    diagnostics.notify(Severity.CRITICAL, "Fleet reloaded", "The cloud's log forked.", "fork")
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in NoticeColumn] == [
        "Time", "Severity", "Title", "What happened"]
    row = [model.index(0, c).data() for c in NoticeColumn]
    assert row == [moment_text(AT + 2), "Critical", "Fleet reloaded", "The cloud's log forked."]
    assert model.index(1, NoticeColumn.SEVERITY).data() == "Warning"
    assert model.index(0, NoticeColumn.SEVERITY).data(
        Qt.ItemDataRole.ForegroundRole) == QColor("#c62828")
    assert model.index(0, 0).data(DiagnosticsRole.SEVERITY) is Severity.CRITICAL
    assert isinstance(model.index(0, 0).data(DiagnosticsRole.RECORD), Notice)
    assert model.index(0, 0).data(DiagnosticsRole.TIME) == AT + 2


def test_the_rejected_model_follows_the_record_past_what_it_keeps(
        qtmodeltester: Any) -> None:
    clock = Clock()
    diagnostics = Diagnostics(clock=clock)
    model = RejectedEventTableModel(diagnostics)
    for seq in range(KEEP + 3):
        diagnostics.reject(seq, "lock_teleported", "unknown event type", raw_event(seq),
                           "stream")
    qtmodeltester.check(model)
    assert model.rowCount() == KEEP == len(diagnostics.rejected)
    assert model.index(0, RejectedColumn.SEQ).data() == str(KEEP + 2)  # newest first
    assert model.index(KEEP - 1, RejectedColumn.SEQ).data() == "3"  # the oldest kept
    diagnostics.reject(None, None, "not JSON", "{garbage", "journal")
    qtmodeltester.check(model)
    row = [model.index(0, c).data() for c in RejectedColumn]
    assert row == [moment_text(clock.now), "—", "—", "not JSON", "Local journal"]
    assert model.index(0, 0).data(DiagnosticsRole.RAW) == "{garbage"
    assert isinstance(model.index(0, 0).data(DiagnosticsRole.RECORD), RejectedEvent)


def test_the_type_and_reason_from_the_network_are_isolated() -> None:
    diagnostics = Diagnostics()
    model = RejectedEventTableModel(diagnostics)
    diagnostics.reject(5, "\u202eevil", "bad \u202efield", "{}", "backfill")
    assert model.index(0, RejectedColumn.TYPE).data() == "evil"
    assert model.index(0, RejectedColumn.REASON).data() == "bad field"
    assert model.index(0, RejectedColumn.SOURCE).data() == "Gap backfill"


def test_the_view_lists_rejected_events_with_their_raw_text(qtbot: Any) -> None:
    diagnostics = Diagnostics(clock=lambda: AT)
    diagnostics.reject(41, "lock_teleported", "unknown event type", raw_event(41), "stream")
    view = DiagnosticsView(diagnostics)
    qtbot.addWidget(view)
    view.show_tab("rejected")
    view.show()
    diagnostics.reject(42, "lock_melted", "unknown event type", raw_event(42), "backfill")
    table = view.rejected_table
    assert table.model().rowCount() == 2
    assert table.model().index(0, RejectedColumn.TYPE).data() == "lock_melted"
    assert not view.copy_button.isEnabled()
    assert view.raw_text.toPlainText() == ""
    table.selectRow(1)
    assert view.raw_text.toPlainText() == raw_event(41)
    assert view.raw_text.isReadOnly()
    assert QFontInfo(view.raw_text.font()).fixedPitch()
    assert view.copy_button.isEnabled()
    qtbot.mouseClick(view.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == raw_event(41)
    table.selectRow(0)
    assert view.raw_text.toPlainText() == raw_event(42)


def test_the_view_says_how_many_it_no_longer_lists(qtbot: Any) -> None:
    diagnostics = Diagnostics()
    view = DiagnosticsView(diagnostics)
    qtbot.addWidget(view)
    assert view.rejected_summary.text() == "The link has set no event aside."
    for seq in range(KEEP + 1):
        diagnostics.reject(seq, "x", "unknown event type", "{}", "stream")
    assert f"{KEEP + 1} events were set aside" in view.rejected_summary.text()


def test_the_view_lists_notices(qtbot: Any) -> None:
    diagnostics = Diagnostics(clock=lambda: AT)
    view = DiagnosticsView(diagnostics)
    qtbot.addWidget(view)
    diagnostics.notify(Severity.INFO, "Fleet reloaded", "The cloud's log forked.", "fork")
    assert view.notices_table.model().index(0, NoticeColumn.TITLE).data() == "Fleet reloaded"
    assert view.tabs.tabText(0) == "Notices"
    assert view.tabs.tabText(1) == "Rejected events"


def test_the_window_counts_rejected_events_and_opens_the_view(
        qtbot: Any, tmp_path: Path) -> None:
    window = MainWindow(FleetStore(),
                        QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    assert not window.diagnostics_action.isEnabled()
    diagnostics = Diagnostics()
    window.set_diagnostics(diagnostics)
    label = window.link_status.rejected_label
    assert not label.isVisible()
    diagnostics.reject(7, "x", "unknown event type", "{}", "stream")
    assert label.isVisible()
    assert label.accessibleName() == "1 event set aside"
    diagnostics.reject(8, "x", "unknown event type", "{}", "stream")
    assert window.link_status.rejected_text() == "2 events set aside"
    with qtbot.waitSignal(window.link_status.diagnosticsRequested):
        label.linkActivated.emit("diagnostics")
    view = window.diagnostics_view
    assert view is not None
    assert view.isVisible()
    assert view.tabs.currentIndex() == 1  # the rejected events
    view.close()
    assert window.diagnostics_action.isEnabled()
    assert window.diagnostics_action.shortcut().toString() == "Ctrl+Shift+D"
    window.diagnostics_action.trigger()
    assert view.isVisible()
    assert view.tabs.currentIndex() == 0  # the notices
    diagnostics.notify(Severity.WARNING, "Journal damaged", "It was set aside.", "journal")
    view.close()
    qtbot.mouseClick(window.notice_bar.details_button, Qt.MouseButton.LeftButton)
    assert view.isVisible()
