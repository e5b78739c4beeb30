"""The notice bar: the newest unread notice in its severity's colour, closing, stacking, the
critical one that stays, and a long text that never widens the window."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from console.fleet.store import FleetStore
from console.link.diagnostics import Diagnostics, Severity
from console.link.diagnostics_models import severity_color, severity_label
from widgets.link.notices import EXPIRE_MS, ElidedLabel, NoticeBar
from widgets.main_window import MainWindow

NO_EXPIRY: dict[Severity, int | None] = dict.fromkeys(Severity)


def make_bar(qtbot: Any, expire_ms: dict[Severity, int | None] | None = None
             ) -> tuple[NoticeBar, Diagnostics, QWidget]:
    diagnostics = Diagnostics(clock=lambda: 1_780_000_000.0)
    host = QWidget()
    qtbot.addWidget(host)
    bar = NoticeBar(host, expire_ms=NO_EXPIRY if expire_ms is None else expire_ms)
    QVBoxLayout(host).addWidget(bar)
    bar.set_diagnostics(diagnostics)
    host.resize(900, 60)
    host.show()
    return bar, diagnostics, host


@pytest.mark.parametrize("severity", list(Severity))
def test_a_notice_shows_its_title_and_severity(qtbot: Any, severity: Severity) -> None:
    bar, diagnostics, _host = make_bar(qtbot)
    assert not bar.isVisible()
    with qtbot.waitSignal(bar.shownChanged) as shown:
        diagnostics.notify(severity, "Fleet reloaded", "The cloud's log forked.", "fork")
    assert shown.args == [True]
    assert bar.isVisible()
    assert bar.title_label.full_text() == "Fleet reloaded"
    assert bar.text_label.full_text() == "The cloud's log forked."
    assert bar.icon.toolTip() == severity_label(severity)
    assert severity_color(severity) in bar.styleSheet()
    assert severity_label(severity) in bar.accessibleDescription()
    assert bar.accessibleName() == "Link notice"
    assert not bar.more_label.isVisible()


def test_the_colours_are_the_apps_red_amber_and_blue() -> None:
    assert severity_color(Severity.CRITICAL) == "#c62828"  # the critical alarm's red
    assert severity_color(Severity.WARNING) == "#8d6e00"  # the medium alarm's amber
    assert severity_color(Severity.INFO) == "#1565c0"  # the fleet's blue


def test_closing_shows_the_next_unread_then_hides(qtbot: Any) -> None:
    bar, diagnostics, _host = make_bar(qtbot)
    diagnostics.notify(Severity.WARNING, "Journal damaged", "It was set aside.", "journal")
    diagnostics.notify(Severity.INFO, "Outbox rebuilt", "Nothing was lost.", "outbox")
    assert bar.title_label.full_text() == "Outbox rebuilt"  # the newest
    assert bar.more_label.isVisible()
    assert bar.more_label.text() == "(+1 more)"
    qtbot.mouseClick(bar.close_button, Qt.MouseButton.LeftButton)
    assert bar.title_label.full_text() == "Journal damaged"
    assert not bar.more_label.isVisible()
    with qtbot.waitSignal(bar.shownChanged) as shown:
        qtbot.mouseClick(bar.close_button, Qt.MouseButton.LeftButton)
    assert shown.args == [False]
    assert not bar.isVisible()
    assert bar.current() is None


def test_several_notices_stack_as_more(qtbot: Any) -> None:
    bar, diagnostics, _host = make_bar(qtbot)
    for i in range(4):
        diagnostics.notify(Severity.INFO, f"Notice {i}", "text", "protocol")
    assert bar.title_label.full_text() == "Notice 3"
    assert bar.more_label.text() == "(+3 more)"
    assert len(bar.unread()) == 4


def test_information_goes_by_itself_but_a_critical_notice_stays(qtbot: Any) -> None:
    bar, diagnostics, _host = make_bar(qtbot, {Severity.INFO: 10, Severity.WARNING: 10,
                                        Severity.CRITICAL: None})
    diagnostics.notify(Severity.CRITICAL, "Protocol mismatch", "The server speaks v3.", "protocol")
    diagnostics.notify(Severity.INFO, "Fleet reloaded", "text", "fork")
    diagnostics.notify(Severity.WARNING, "Journal damaged", "text", "journal")
    assert bar.title_label.full_text() == "Journal damaged"
    qtbot.waitUntil(lambda: len(bar.unread()) == 1)
    # The other two have gone; the critical one stays until the dispatcher closes it.
    assert bar.isVisible()
    assert bar.title_label.full_text() == "Protocol mismatch"
    with qtbot.assertNotEmitted(bar.shownChanged, wait=50):
        pass
    assert bar.isVisible()
    qtbot.mouseClick(bar.close_button, Qt.MouseButton.LeftButton)
    assert not bar.isVisible()


def test_notices_held_before_the_bar_follows_them_are_shown(qtbot: Any) -> None:
    diagnostics = Diagnostics()
    diagnostics.notify(Severity.CRITICAL, "Journal damaged", "It was set aside.", "journal")
    host = QWidget()
    qtbot.addWidget(host)
    bar = NoticeBar(host, expire_ms=NO_EXPIRY)
    QVBoxLayout(host).addWidget(bar)
    bar.set_diagnostics(diagnostics)
    host.show()
    assert bar.isVisible()
    assert bar.title_label.full_text() == "Journal damaged"


def test_details_asks_for_the_diagnostics_view(qtbot: Any) -> None:
    bar, diagnostics, _host = make_bar(qtbot)
    diagnostics.notify(Severity.INFO, "Fleet reloaded", "text", "fork")
    with qtbot.waitSignal(bar.detailsRequested):
        qtbot.mouseClick(bar.details_button, Qt.MouseButton.LeftButton)


def test_an_elided_label_asks_for_no_width(qtbot: Any) -> None:
    title = ElidedLabel(natural=True)
    text = ElidedLabel()
    qtbot.addWidget(title)
    qtbot.addWidget(text)
    title.set_full_text("T" * 10_000)
    text.set_full_text("x" * 10_000)
    assert title.minimumSizeHint().width() == 0
    assert title.sizeHint().width() > 10_000  # a title would like its whole width
    assert text.minimumSizeHint().width() == 0
    assert text.sizeHint().width() == 0


def test_a_10000_character_notice_does_not_widen_the_window(qtbot: Any, tmp_path: Path) -> None:
    store = FleetStore()
    window = MainWindow(store, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    assert window.width() == 1280
    diagnostics = Diagnostics()
    window.set_diagnostics(diagnostics)
    text = "x" * 5000 + " " + "word " * 1000
    title = "T" * 10_000
    diagnostics.notify(Severity.CRITICAL, title, text, "protocol")
    bar = window.notice_bar
    qtbot.waitUntil(bar.isVisible)
    qtbot.waitUntil(lambda: bar.text_label.width() > 0)
    assert window.width() == 1280
    assert window.minimumSizeHint().width() <= 1280
    assert bar.width() <= 1280
    assert bar.text_label.full_text() == text
    assert text in bar.toolTip()  # the whole text, in the tooltip
    assert len(bar.text_label.text()) < 500  # elided to what fits
    assert bar.text_label.text().endswith("…")
    assert bar.title_label.text().endswith("…")


def test_by_default_only_critical_notices_never_go_by_themselves() -> None:
    assert EXPIRE_MS[Severity.CRITICAL] is None
    assert EXPIRE_MS[Severity.WARNING] is not None
    assert EXPIRE_MS[Severity.INFO] is not None
