"""F1 lists every shortcut of the real main window (and each one works); Help ▸ About names the
version, Qt and the licences of what is shipped."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from console.fleet.store import FleetStore
from widgets.about import AboutDialog, app_version
from widgets.main_window import MainWindow
from widgets.shortcuts import ShortcutsOverlay, collect_shortcuts


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    store = FleetStore(coalesce_ms=10)
    win = MainWindow(store, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow, timeout=3000)
    return win


def _overlay(window: MainWindow) -> ShortcutsOverlay | None:
    found = [o for o in window.findChildren(ShortcutsOverlay) if o.isVisible()]
    return found[0] if found else None


def test_f1_opens_the_list_with_the_windows_shortcuts(qtbot: QtBot, window: MainWindow) -> None:
    QTest.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: _overlay(window) is not None, timeout=3000)
    overlay = _overlay(window)
    assert overlay is not None
    keys = overlay.visible_keys()
    names = overlay.visible_names()
    assert "F8" in keys
    assert "Ctrl+Shift+D" in keys
    assert any(n.startswith("Link diagnostics") for n in names)
    assert "F1" in keys  # itself: collected from the menus, not written down

    qtbot.keyClicks(overlay.search, "diagnostics")
    assert overlay.visible_keys() == ["Ctrl+Shift+D"]
    overlay.search.clear()
    qtbot.keyClicks(overlay.search, "f8")
    assert overlay.visible_keys() == ["F8"]

    QTest.keyClick(overlay, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: _overlay(window) is None, timeout=3000)


def test_the_list_is_grouped_by_menu_and_follows_new_actions(window: MainWindow) -> None:
    by_key = {e.key_text: e for e in collect_shortcuts(window)}
    assert by_key["F8"].group == "Alarms"
    assert by_key["Ctrl+Shift+D"].group == "Session"
    assert by_key["Ctrl+,"].group == "Edit"
    added = QAction("Brand new thing", window)
    added.setShortcut(QKeySequence("Ctrl+Alt+N"))
    window.menuBar().actions()[0].menu().addAction(added)  # type: ignore[union-attr]
    assert "Ctrl+Alt+N" in {e.key_text for e in collect_shortcuts(window)}


@pytest.mark.parametrize("keys", ["F8", "Ctrl+L", "Ctrl+0", "Ctrl+,", "Ctrl+I"])
def test_a_listed_shortcut_triggers_its_action(qtbot: QtBot, window: MainWindow,
                                               keys: str) -> None:
    entry = next(e for e in collect_shortcuts(window) if e.key_text == keys)
    assert entry.action is not None
    assert entry.action.isEnabled()
    sequence = entry.keys[0]
    combo = sequence[0]
    with qtbot.waitSignal(entry.action.triggered, timeout=2000):
        QTest.keyClick(window, combo.key(), combo.keyboardModifiers())


def test_about_names_version_qt_and_the_shipped_licences(qtbot: QtBot) -> None:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    text = dialog.text.toPlainText()
    assert app_version() != "?"
    assert f"Version {app_version()}" in text
    assert "PySide6" in text
    assert "Leaflet" in text
    assert "BSD" in text or "Redistribution and use" in text  # Leaflet's licence text
    assert "Natural Earth" in text
    assert "GeoNames" in text
    assert "Michael Bostock" in text  # the atlases' ISC licence
    assert dialog.text.verticalScrollBar() is not None


def test_help_about_opens_the_about_box(qtbot: QtBot, window: MainWindow) -> None:
    window.about_action.trigger()
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(AboutDialog)),
                    timeout=3000)
