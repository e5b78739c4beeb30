"""The whole window in Spanish: built in Spanish, or switched to Spanish live and back to
English, no text a dispatcher can see is left in the other language (texts, titles, tooltips,
placeholders, menus and their accelerators, tabs, combo-box items, table headers and cells,
Qt's own dialog buttons)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QModelIndex,
    QObject,
    QSettings,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialogButtonBox,
    QMenu,
    QMenuBar,
    QTreeWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from console.fleet.store import FleetStore
from console.i18n import (
    TEXT_PROPERTIES,
    Retranslator,
    Translation,
    catalogue_path,
    object_tree,
    read_catalogue,
)
from console.settings import Paths, Settings
from tests.widgets.test_main_window import fiber_cut, snapshot
from widgets.about import AboutDialog
from widgets.alarms.dialogs import AckDialog, ResolveDialog
from widgets.link.sign_in import SignInDialog
from widgets.main_window import MainWindow
from widgets.preferences import PreferencesDialog
from widgets.shortcuts import ShortcutsOverlay

ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)


@pytest.fixture
def translation(qapp: QApplication, tmp_path: Path) -> Iterator[Translation]:
    translation = Translation(tmp_path / "cache")
    yield translation
    translation.set_language("en")


def _pairs() -> list[tuple[str, str]]:
    """(English, Spanish) of every message whose Spanish is not the same text."""
    return [(m.source, m.translation) for m in read_catalogue(catalogue_path("es"))
            if m.finished and not m.numerus and m.source != m.translation]


def _model_texts(model: QAbstractItemModel, where: str) -> Iterator[tuple[str, object]]:
    # A list model's columnCount is private in PySide6: it has one column.
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(QModelIndex())
    for column in range(columns):
        for role in ROLES:
            yield f"{where} header {column}", model.headerData(
                column, Qt.Orientation.Horizontal, role)
        for row in range(min(model.rowCount(QModelIndex()), 20)):
            for role in ROLES:
                yield f"{where} cell {row},{column}", model.data(model.index(row, column), role)


def texts(roots: list[QObject]) -> Iterator[tuple[str, object]]:
    """(where, text) of everything a dispatcher can read under ``roots``."""
    for obj in object_tree(roots):
        where = f"{type(obj).__name__} {obj.objectName()!r}"
        for name in TEXT_PROPERTIES:
            yield f"{where} {name}", obj.property(name)
        for getter in ("tabText", "tabToolTip", "itemText"):
            get = getattr(obj, getter, None) if obj.isWidgetType() else None
            if callable(get) and callable(getattr(obj, "count", None)):
                for i in range(obj.count()):  # type: ignore[attr-defined]
                    yield f"{where} {getter}({i})", get(i)
        if isinstance(obj, QAbstractItemView) and obj.model() is not None:
            yield from _model_texts(obj.model(), where)
        if isinstance(obj, QTreeWidget):
            items = [obj.topLevelItem(i) for i in range(obj.topLevelItemCount())]
            while items:
                item = items.pop()
                if item is None:
                    continue
                items += [item.child(i) for i in range(item.childCount())]
                for column in range(obj.columnCount()):
                    yield f"{where} item", item.text(column)
                    yield f"{where} item tooltip", item.toolTip(column)


def left_in(language: str, roots: list[QObject]) -> list[str]:
    """Texts under ``roots`` that are a message of the catalogue in ``language`` (exact or
    formatted) whose other-language text differs: untranslated ones."""
    pairs = _pairs()
    if language == "es":
        pairs = [(es, en) for en, es in pairs]
    convert = Retranslator(pairs)
    found = set()
    for where, text in texts(roots):
        if isinstance(text, str) and text and convert(text) not in (None, text):
            found.add(f"{where}: {text!r}")
    return sorted(found)


def mnemonic_clashes(window: QWidget) -> list[str]:
    """Two visible entries of one menu (or the menu bar) with the same accelerator letter."""
    clashes = []
    menus: list[QMenuBar | QMenu] = [*window.findChildren(QMenuBar), *window.findChildren(QMenu)]
    for menu in menus:
        title = menu.title() if isinstance(menu, QMenu) else "menu bar"
        letters: dict[str, str] = {}
        for action in menu.actions():
            if not action.isVisible() or action.isSeparator():
                continue
            match = re.search(r"&([^&\s])", action.text().replace("&&", ""))
            if match is None:
                continue
            letter = match.group(1).lower()
            if letter in letters:
                clashes.append(f"{title}: &{letter} in "
                               f"{letters[letter]!r} and {action.text()!r}")
            letters[letter] = action.text()
    return clashes


def build(qtbot: QtBot, tmp_path: Path) -> tuple[MainWindow, list[QObject]]:
    """The main window with a fleet, an alarm and a trailer selected, and windows it opens
    (preferences, shortcuts, about, sign-in, acknowledge and resolve an alarm)."""
    store = FleetStore(coalesce_ms=10)
    store.load_snapshot(snapshot([fiber_cut(1)]))
    window = MainWindow(store, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    window.select_trailer("TR-1")
    window.refresh_status()
    settings = Settings(Paths(tmp_path / "data", tmp_path / "cfg"))
    alarm = fiber_cut(1)
    others: list[QWidget] = [PreferencesDialog(settings), ShortcutsOverlay(window),
                             AboutDialog(), SignInDialog(), AckDialog(alarm),
                             ResolveDialog(alarm)]
    for other in others:
        qtbot.addWidget(other)
        other.show()
    return window, [window, *others]


def test_the_window_built_in_spanish_has_no_english_left(
        qtbot: QtBot, tmp_path: Path, translation: Translation) -> None:
    assert translation.set_language("es")
    window, roots = build(qtbot, tmp_path)
    assert window.menuBar().actions()[0].text() == "&Sesión"
    assert left_in("en", roots) == []
    assert mnemonic_clashes(window) == []


def test_switching_live_to_spanish_and_back_leaves_nothing_behind(
        qtbot: QtBot, tmp_path: Path, translation: Translation) -> None:
    window, roots = build(qtbot, tmp_path)
    english = left_in("es", roots)
    assert english == []
    translation.set_language("es")
    window.refresh_status()
    assert window.fleet_dock.windowTitle() == "Flotilla"
    left = left_in("en", roots)
    assert left == [], "\n".join(left)
    translation.set_language("en")
    window.refresh_status()
    assert window.fleet_dock.windowTitle() == "Fleet"
    assert left_in("es", roots) == []


def test_qt_own_dialog_buttons_are_in_spanish(qtbot: QtBot, translation: Translation) -> None:
    translation.set_language("es")
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(buttons)
    cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert cancel is not None
    assert cancel.text().replace("&", "") == "Cancelar"


def test_the_language_preference_switches_the_open_window(
        qtbot: QtBot, tmp_path: Path, translation: Translation) -> None:
    settings = Settings(Paths(tmp_path / "data", tmp_path / "cfg"))
    settings.language = "en"
    assert translation.follow(settings) == "en"
    window, roots = build(qtbot, tmp_path)
    with qtbot.waitSignal(translation.languageChanged) as changed:
        settings.language = "es"  # Edit ▸ Preferences ▸ Language
    assert changed.args == ["es"]
    assert window.menuBar().actions()[0].text() == "&Sesión"
    settings.language = "en"
    assert window.menuBar().actions()[0].text() == "&Session"
    assert left_in("es", roots) == []
